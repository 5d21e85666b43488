"""dualgrad.train.Model and its callbacks.

Against MindSpore 2.10's results stored in tests/train_model_reference.py
(captured by running the same scenarios with MindSpore): the callback hooks
called, new and old, with cur_epoch_num, cur_step_num, batch_num and
net_outputs, and the cb_params fields; LossMonitor's and EarlyStopping's
printed lines; the losses and weights after training a Dense(2, 1) from fixed
weights with SGD and Adam; ``eval``'s dict, ``predict``; ``fit``'s
validation, its eval hooks and History; initial_epoch; sink mode; stopping on
request; and the files ModelCheckpoint keeps.  Numbers agree to float32
rounding (dualgrad and MindSpore round a few sums differently).  Then what
the captures do not show: TimeMonitor's line, the training weights against
the SGD loop written out, EarlyStopping's restore_best_weights and
eval_loss, fit's listed validation epochs, a user's whole script, and bad
arguments (also in tests/test_misuse.py).
"""
import os
import re

import numpy as np
import pytest

import dualgrad as ms
import dualgrad.dataset as ds
from dualgrad import nn
from dualgrad.train import (Callback, CheckpointConfig, EarlyStopping, History, LambdaCallback,
                            LossMonitor, Model, ModelCheckpoint, RunContext, TimeMonitor)
from train_model_reference import B0, MINDSPORE, W0, X, Y, capture

_NUMBER = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")


def _same(ours, theirs, path="result"):
    """Equal structures, floats to float32 rounding (also inside printed lines)."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(theirs), path
        for key in theirs:
            _same(ours[key], theirs[key], f"{path}[{key!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs), (path, ours)
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]")
    elif isinstance(theirs, float):
        assert isinstance(ours, float) and ours == pytest.approx(theirs, rel=2e-6,
                                                                 abs=1e-9), path
    elif isinstance(theirs, str):
        assert _NUMBER.sub("#", ours) == _NUMBER.sub("#", theirs), (path, ours, theirs)
        _same([float(v) for v in _NUMBER.findall(ours)],
              [float(v) for v in _NUMBER.findall(theirs)], path)
    else:
        assert ours == theirs and type(ours) is type(theirs), (path, ours, theirs)


@pytest.fixture(scope="module")
def ours():
    return capture(ms, ds)["model"]


@pytest.mark.parametrize("name", sorted(MINDSPORE["model"]))
def test_model_scenarios_match_mindspore(ours, name):
    _same(ours[name], MINDSPORE["model"][name], name)


def _data(batch=3):
    return ds.NumpySlicesDataset({"x": X, "y": Y}, shuffle=False).batch(batch)


def _dense():
    return nn.Dense(2, 1, weight_init=ms.Tensor(W0), bias_init=ms.Tensor(B0))


def test_training_is_the_sgd_loop_written_out():
    net = _dense()
    Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1)).train(3, _data())
    w, b = W0.astype(np.float64), B0.astype(np.float64)
    for _ in range(3):
        for start in range(0, 8, 3):
            x, y = X[start:start + 3], Y[start:start + 3]
            r = x @ w.T + b - y
            w, b = w - 0.1 * 2 * r.T @ x / r.size, b - 0.1 * 2 * r.sum(0) / r.size
    np.testing.assert_allclose(net.weight.asnumpy(), w, rtol=1e-5)
    np.testing.assert_allclose(net.bias.asnumpy(), b, rtol=1e-5)


def test_time_monitor_prints_each_epoch(capsys):
    net = _dense()
    Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1)).train(
        2, _data(), callbacks=TimeMonitor(data_time=True))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert re.fullmatch(r"Train epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms "
                            r"\(data time: \d+\.\d{3} ms\)", line), line


def test_early_stopping_restores_the_best_weights(capsys):
    net = _dense()
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1))
    weights = []
    record = LambdaCallback(on_train_epoch_end=lambda rc: weights.append(net.weight.asnumpy()))
    # the epoch-end losses fall from 0.0697 to 0.0092: stop at once with mode 'max'
    stopper = EarlyStopping(monitor="loss", mode="max", patience=1, verbose=True,
                            restore_best_weights=True)
    model.train(5, _data(), callbacks=[record, stopper])
    assert len(weights) == 2 and stopper.stopped_epoch == 2
    np.testing.assert_array_equal(net.weight.asnumpy(), weights[0])
    assert capsys.readouterr().out.splitlines() == [
        "Restoring model weights from the end of the best epoch.", "Epoch 00002: early stopping"]


def test_early_stopping_on_a_validation_metric_of_fit():
    net = _dense()
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1),
                  metrics={"mae": nn.MAE()})
    history = History()
    stopper = EarlyStopping(monitor="mae", patience=0, min_delta=1.0)
    model.fit(4, _data(), _data(), callbacks=[history, stopper])
    assert history.epoch == {"epoch": [1]} and stopper.stopped_epoch == 1


def test_fit_gives_eval_loss_to_early_stopping():
    net = _dense()
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1),
                  metrics={"mae": nn.MAE()})
    results, stock_saw_eval = [], []
    record = LambdaCallback(on_train_epoch_end=lambda rc: results.append(
        dict(rc.original_args().eval_results)),
        on_eval_end=lambda rc: stock_saw_eval.append(True))
    # monitors 'eval_loss' (smaller is better): stop when it falls by less than 0.01
    stopper = EarlyStopping(patience=1, min_delta=0.01)
    model.fit(20, _data(), _data(), callbacks=[record, stopper])
    assert not stock_saw_eval                     # the stock callbacks do not see fit's eval
    losses = [r["eval_loss"] for r in results]
    assert sorted(results[0]) == ["eval_loss", "mae"]
    assert stopper.stopped_epoch == len(losses) == 3
    assert losses[0] - losses[1] > 0.01 > losses[1] - losses[2] > 0


def test_fit_validates_at_the_listed_epochs():
    net = _dense()
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1),
                  metrics={"mae": nn.MAE()})
    seen = []
    model.fit(3, _data(), _data(), valid_frequency=[2], callbacks=[LambdaCallback(
        on_train_epoch_end=lambda rc: seen.append(sorted(rc.original_args().get("metrics")
                                                         or {})))])
    assert seen == [[], ["mae"], []]


def test_model_checkpoint_saves_on_its_schedule(tmp_path):
    net = _dense()
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1))
    saver = ModelCheckpoint(prefix="w", directory=str(tmp_path / "new"),
                            config=CheckpointConfig(save_checkpoint_steps=4,
                                                    keep_checkpoint_max=None))
    model.train(2, _data(), callbacks=saver)
    assert sorted(os.listdir(tmp_path / "new")) == ["w-2_1.ckpt", "w-2_3.ckpt"]
    assert saver.latest_ckpt_file_name.endswith("w-2_3.ckpt")
    saved = ms.load_checkpoint(saver.latest_ckpt_file_name)
    np.testing.assert_array_equal(saved["weight"].asnumpy(), net.weight.asnumpy())


def test_generator_data_and_a_loss_network():
    def rows():
        for x, y in zip(X, Y):
            yield x, y
    net = _dense()
    model = Model(nn.WithLossCell(net, nn.MSELoss()),
                  optimizer=nn.Adam(net.trainable_params(), 0.05))
    model.train(1, ds.GeneratorDataset(rows, ["x", "y"]).batch(3))
    reference = _dense()
    Model(reference, nn.MSELoss(), nn.Adam(reference.trainable_params(), 0.05)).train(1, _data())
    np.testing.assert_array_equal(net.weight.asnumpy(), reference.weight.asnumpy())


def test_eval_with_an_eval_network_and_indexes():
    net = _dense()
    model = Model(net, metrics={"mae": nn.MAE(), "loss": nn.Loss()},
                  eval_network=nn.WithEvalCell(net, nn.MSELoss()), eval_indexes=[0, 1, 2])
    result = model.eval(_data())
    pred = X @ W0.T + B0
    assert result["mae"] == pytest.approx(np.abs(pred - Y).mean(), rel=1e-6)
    assert isinstance(result["mae"], float)


def test_without_an_optimizer_training_only_computes_the_loss():
    net = _dense()
    losses = []
    Model(net, nn.MSELoss()).train(1, _data(), callbacks=[LambdaCallback(
        on_train_step_end=lambda rc: losses.append(float(rc.original_args().net_outputs)))])
    np.testing.assert_array_equal(net.weight.asnumpy(), W0)
    assert losses[0] == pytest.approx(float(((X[:3] @ W0.T + B0 - Y[:3]) ** 2).mean()))


def test_run_context():
    rc = RunContext({"cur_step_num": 2})
    assert rc.original_args().cur_step_num == 2 and rc.original_args()["cur_step_num"] == 2
    assert not rc.get_stop_requested()
    rc.request_stop()
    assert rc.get_stop_requested()
    with pytest.raises(AttributeError, match="no field 'missing'"):
        rc.original_args().missing


def test_loss_monitor_refuses_a_nan_loss():
    class NaNLoss(nn.Cell):
        def construct(self, x, y):
            return ms.Tensor(np.float32("nan"))
    with pytest.raises(ValueError, match=r"In epoch: 1 step: 1, loss is NAN or INF"):
        Model(NaNLoss()).train(1, _data(), callbacks=LossMonitor())


def test_a_callback_with_no_hooks_does_nothing():
    with Callback() as cb:
        for hook in ("on_train_begin", "on_eval_step_end", "step_end"):
            assert getattr(cb, hook)(RunContext({})) is None


def test_a_users_training_script(capsys):
    """The usual script: shuffled batches, Adam, a metric, LossMonitor and TimeMonitor."""
    ms.set_seed(0)
    x = np.random.default_rng(0).normal(size=(96, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    data = ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=True).batch(32)
    net = nn.Dense(3, 1)
    model = ms.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.Adam(net.trainable_params(), 0.05),
                     metrics={"mae": nn.MAE()})
    before = model.eval(data)["mae"]
    model.train(30, data, callbacks=[ms.LossMonitor(10), ms.TimeMonitor()])
    after = model.eval(data)
    assert list(after) == ["mae"] and after["mae"] < before / 5
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("epoch: ") for line in lines) == 9      # every 10th of 90 steps
    assert sum(line.startswith("Train epoch time: ") for line in lines) == 30
    first = next(line for line in lines if line.startswith("epoch: "))
    assert first.startswith("epoch: 4 step: 1, loss is ")
    prediction = model.predict(ms.Tensor(x[:4]))
    assert prediction.shape == (4, 1)
    np.testing.assert_allclose(prediction.asnumpy(), y[:4], atol=5 * after["mae"] + 0.1)
    assert ms.Model is Model and ms.train.LossMonitor is LossMonitor
