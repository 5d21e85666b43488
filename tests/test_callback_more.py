"""The callbacks ReduceLROnPlateau, LearningRateScheduler, OnRequestExit and
BackupAndRestore with train.Model.

Against MindSpore 2.10's runs stored in tests/callback_more_reference.py
(captured by running the same scenarios with MindSpore): the lines printed,
the learning rate after each step or epoch, the steps run, the weights, the
files each callback leaves and the names in its checkpoints.  Numbers agree
to float32 rounding.  The differences kept deliberately: dualgrad writes no
MINDIR file (it warns instead), its TrainOneStepCell has no
``graceful_exit``/``graceful_init`` Parameters, and BackupAndRestore does not
raise FileNotFoundError when a run saved no backup.  Then what the captures
do not show: OnRequestExit's config file and evaluation, and bad arguments.
"""
import json
import os
import re
import signal
import warnings

import numpy as np
import pytest

import dualgrad as ms
import dualgrad.dataset as ds
from dualgrad import nn
from dualgrad.train import (BackupAndRestore, LearningRateScheduler, Model, OnRequestExit,
                            ReduceLROnPlateau)
from callback_more_reference import B0, MINDSPORE, W0, X, Y, capture
from test_train_model import _same     # structures equal, numbers to float32 rounding

@pytest.fixture(scope="module")
def run():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = capture(ms, ds)
    return ours, [str(w.message) for w in caught]


def _without_mindir(entry):
    return dict(entry, files=[f for f in entry["files"] if not f.endswith(".mindir")])


def _without_graceful_parameters(entry):
    names = [n for n in entry["saved_names"] if not n.startswith("graceful_")]
    return dict(entry, saved_names=names)


# the scenarios where dualgrad differs on purpose, checked below
_DIFFERENT = {"exit_default", "exit_graceful", "backup_never_saved", "plateau_dynamic_lr"}


@pytest.mark.parametrize("name", sorted(set(MINDSPORE) - _DIFFERENT))
def test_runs_match_mindspore(run, name):
    _same(run[0][name], MINDSPORE[name], name)


def test_on_request_exit_saves_the_checkpoint_and_warns_of_the_mindir(run):
    ours, messages = run
    theirs = MINDSPORE["exit_default"]
    assert "rank_0/Net_train.mindir" in theirs["files"]
    _same(ours["exit_default"], _without_mindir(theirs))
    assert ours["exit_default"]["files"] == ["rank_0/Net_train.ckpt"]
    assert any(re.match(r"OnRequestExit: dualgrad cannot export a MINDIR graph; .*"
                        r"Net_train\.mindir was not written", m) for m in messages)


def test_graceful_exit_stops_after_the_signalled_step_as_mindspore(run):
    ours, theirs = run[0]["exit_graceful"], MINDSPORE["exit_graceful"]
    assert theirs["ran"][-1] == [1, 2] and "graceful_exit" in theirs["saved_names"]
    _same(ours, _without_graceful_parameters(theirs))


def test_reduce_lr_on_plateau_refuses_a_dynamic_rate_as_mindspore(run):
    printed, error = run[0]["plateau_dynamic_lr"]
    assert printed == [] and error.startswith(MINDSPORE["plateau_dynamic_lr"][1][:-1])


def test_backup_and_restore_with_nothing_saved_ends_quietly(run):
    # MindSpore 2.10 tries to delete the backup it never wrote
    assert MINDSPORE["backup_never_saved"][1].startswith("FileNotFoundError")
    assert run[0]["backup_never_saved"] == ([], None)


def _model(optimizer=None):
    net = nn.Dense(2, 1, weight_init=ms.Tensor(W0), bias_init=ms.Tensor(B0))
    optimizer = optimizer or nn.SGD(net.trainable_params(), 0.1)
    return net, Model(net, loss_fn=nn.MSELoss(), optimizer=optimizer, metrics={"mae": nn.MAE()})


def _data():
    return ds.NumpySlicesDataset({"x": X, "y": Y}, shuffle=False).batch(3)


def test_graceful_exit_from_the_config_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MS_ENABLE_GRACEFUL_EXIT", "1")
    config = tmp_path / "exit.json"
    steps = []

    class Request(ms.train.Callback):
        def on_train_step_end(self, run_context):
            steps.append(run_context.original_args().cur_step_num)
            if len(steps) == 2:
                config.write_text(json.dumps({"GracefulExit": 1}))

    net, model = _model()
    callback = OnRequestExit(directory=str(tmp_path), save_mindir=False,
                             config_file=str(config))
    previous = signal.getsignal(signal.SIGTERM)
    try:
        model.train(3, _data(), callbacks=[Request(), callback])
    finally:
        signal.signal(signal.SIGTERM, previous)
    # the request is read when step 3 begins: the run stops after it
    assert steps == [1, 2, 3]
    saved = ms.load_checkpoint(str(tmp_path / "rank_0" / "Net_train.ckpt"))
    assert [int(saved[k]) for k in ("epoch_num", "step_num", "batch_num", "global_step")] == \
        [1, 3, 3, 3]
    np.testing.assert_array_equal(saved["weight"].asnumpy(), net.weight.asnumpy())


def test_on_request_exit_stops_evaluation_and_saves_the_eval_network(tmp_path):
    class Signal(ms.train.Callback):
        def on_eval_step_begin(self, run_context):
            os.kill(os.getpid(), signal.SIGUSR1)

    steps = []
    net, model = _model()
    previous = signal.getsignal(signal.SIGUSR1)
    try:
        model.eval(_data(), callbacks=[
            Signal(), OnRequestExit(directory=str(tmp_path), save_mindir=False,
                                    sig=signal.SIGUSR1),
            ms.train.LambdaCallback(on_eval_step_end=lambda rc: steps.append(1))])
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert len(steps) == 1 and sorted(os.listdir(tmp_path / "rank_0")) == ["Net_eval.ckpt"]


def test_learning_rate_scheduler_refuses_a_list_of_rates():
    net = nn.Dense(2, 1)
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), [0.1] * 3))
    with pytest.raises(ValueError, match=r"LearningRateScheduler does not support dynamic "
                                         r"learning rate"):
        model.train(1, _data(), callbacks=[LearningRateScheduler(lambda lr, step: lr)])


@pytest.mark.parametrize("make, error, message", [
    (lambda d: ReduceLROnPlateau(monitor=1), TypeError, r"'monitor' must be a str"),
    (lambda d: ReduceLROnPlateau(factor=1.0), ValueError, r"'factor' must be in \(0.0, 1.0\)"),
    (lambda d: ReduceLROnPlateau(patience=-1), ValueError,
     r"'patience' must be a non-negative integer"),
    (lambda d: ReduceLROnPlateau(mode="up"), ValueError, r"'mode' must be 'auto', 'min' or"),
    (lambda d: ReduceLROnPlateau(min_lr="0"), TypeError, r"'min_lr' must be a number"),
    (lambda d: ReduceLROnPlateau(verbose=1), TypeError, r"'verbose' must be a bool"),
    (lambda d: LearningRateScheduler(0.1), TypeError,
     r"'learning_rate_function' must be callable"),
    (lambda d: OnRequestExit(save_ckpt=1), TypeError, r"'save_ckpt' must be a bool"),
    (lambda d: OnRequestExit(file_name=3, directory=d), TypeError,
     r"'file_name' must be a str"),
    (lambda d: OnRequestExit(sig="TERM", directory=d), TypeError,
     r"'sig' must be a signal number"),
    (lambda d: OnRequestExit(sig=signal.SIGKILL, directory=d), ValueError,
     r"SIGKILL cannot be caught"),
    (lambda d: BackupAndRestore(3), TypeError, r"'backup_dir' must be a path"),
    (lambda d: BackupAndRestore(d, save_freq=0), ValueError,
     r"'save_freq' must be 'epoch' or a positive integer"),
    (lambda d: BackupAndRestore(d, delete_checkpoint="yes"), TypeError,
     r"'delete_checkpoint' must be a bool"),
])
def test_bad_arguments_are_refused(tmp_path, make, error, message):
    with pytest.raises(error, match=message):
        make(str(tmp_path))


def test_on_request_exit_puts_the_previous_handler_back_after_the_run(tmp_path):
    """Its handler is the signal's only while training or evaluation runs, so a
    signal afterwards does what it did before (MindSpore 2.10 leaves its handler)."""
    seen = []

    def previous(signum, frame):
        seen.append(signum)

    before = signal.signal(signal.SIGUSR1, previous)
    try:
        net, model = _model()
        callback = OnRequestExit(directory=str(tmp_path), save_ckpt=False, save_mindir=False,
                                 sig=signal.SIGUSR1)
        during = []
        probe = ms.train.LambdaCallback(
            on_train_step_end=lambda rc: during.append(signal.getsignal(signal.SIGUSR1)),
            on_eval_step_end=lambda rc: during.append(signal.getsignal(signal.SIGUSR1)))
        model.train(1, _data(), callbacks=[callback, probe])
        assert signal.getsignal(signal.SIGUSR1) is previous
        model.eval(_data(), callbacks=[callback, probe])
        assert signal.getsignal(signal.SIGUSR1) is previous
        assert during and all(h == callback._handle_signal for h in during)
        os.kill(os.getpid(), signal.SIGUSR1)
        assert seen == [signal.SIGUSR1] and not callback.exit
    finally:
        signal.signal(signal.SIGUSR1, before)
