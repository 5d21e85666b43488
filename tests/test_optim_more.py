"""nn.AdaFactor and nn.LARS.

Step by step against MindSpore 2.10's updates, stored in
tests/optim_more_reference.py (a matrix, a vector and a 3-D tensor, whose
factored second moment keeps per-row and per-column means; LARS wrapping
Momentum and SGD with weight decay, loss scale, clipping, a list of rates and
its own filter): every Parameter of the optimizer after each of four updates,
and their names in MindSpore's order.  MindSpore's CPU build has no LARSUpdate
kernel, so LARS's reference replaces that one operator by its documented
formula (see the reference module).  Then what the captures do not show:
AdaFactor's first step written out, float64 parameters, compression, a run
resumed from a checkpoint, training a network through Model, and bad
arguments.
"""
import os

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, nn
from optim_more_reference import CASES, MINDSPORE, run

# MindSpore lists a list of rates' Parameter ``learning_rate`` after the
# optimizer's state (it belongs to a schedule sub-cell); dualgrad lists it
# with the other rates, for every optimizer.
_LIST_RATE = {"adafactor_lr_list", "lars_sgd_clip_lr_list"}


def _named_by_mindspore(names):
    # beta1=0: MindSpore holds an unused scalar Parameter in place of exp_avg,
    # auto-named 'Parameter$<n>'; dualgrad keeps no first moment at all.
    return [n for n in names if not n.startswith("Parameter$")]


@pytest.mark.parametrize("name", [n for n in CASES if "error" not in MINDSPORE[n]])
def test_updates_match_mindspore_step_by_step(name):
    ours, theirs = run(ms, name), MINDSPORE[name]
    expected = _named_by_mindspore(theirs["names"])
    if name in _LIST_RATE:
        assert sorted(ours["names"]) == sorted(expected)
    else:
        assert ours["names"] == expected
    for step, (mine, reference) in enumerate(zip(ours["steps"], theirs["steps"])):
        for key in expected:
            np.testing.assert_allclose(mine[key], reference[key], rtol=3e-6, atol=1e-9,
                                       err_msg=f"{name}: {key} after update {step + 1}")


def test_lars_refuses_to_wrap_what_mindspore_cannot():
    # AdamWeightDecay applies its decay to the update, not to the gradient
    assert MINDSPORE["lars_adam_weight_decay"]["error"].startswith("AttributeError")
    with pytest.raises(TypeError, match=r"For 'LARS', 'optimizer' must add its weight decay "
                                        r"to the gradient.* AdamWeightDecay cannot be wrapped"):
        run(ms, "lars_adam_weight_decay")
    w = Parameter(Tensor(np.ones(2, np.float32)), name="w")
    for inner in (nn.Lamb([w], 0.1), nn.AdaFactor([w]), nn.LARS(nn.SGD([w]))):
        with pytest.raises(TypeError, match=r"cannot be wrapped"):
            nn.LARS(inner)


def test_adafactor_state_shapes_dtypes_and_step():
    w = Parameter(Tensor(np.ones((4, 2, 3), np.float32)), name="w")
    b = Parameter(Tensor(np.ones(3, np.float32)), name="b")
    opt = nn.AdaFactor([w, b])
    assert [p.shape for p in opt.exp_avg_sq_row] == [(4, 2), (1,)]
    assert [p.shape for p in opt.exp_avg_sq_col] == [(4, 3), (1,)]
    assert [p.shape for p in opt.exp_avg_sq] == [(1,), (3,)]
    assert opt.step.name == "afactor_step" and opt.step.dtype == ms.float32
    assert all(not p.requires_grad for p in opt.exp_avg_sq)
    _ = opt((Tensor(np.ones((4, 2, 3), np.float32)), Tensor(np.ones(3, np.float32))))
    assert opt.step.asnumpy().tolist() == [1.0] and opt.global_step.asnumpy().tolist() == [1]


def test_adafactor_first_step_written_out():
    """At t = 1 the averages hold g² + eps1 itself (b = 0): without first moment
    or scaling, a vector moves by lr g / sqrt(g² + eps1), shrunk if its RMS
    exceeds clip_threshold."""
    g = np.array([0.5, -2.0, 1e-3, 4.0])
    w = Parameter(Tensor(np.zeros(4)), name="w")
    opt = nn.AdaFactor([w], learning_rate=0.1, relative_step=False, scale_parameter=False,
                       beta1=0.0, eps=(1e-2, 1e-3), clip_threshold=0.5)
    _ = opt((Tensor(g),))
    u = g / np.sqrt(g * g + 1e-2)
    expected = -0.1 * u / max(1.0, np.sqrt(np.mean(u * u)) / 0.5)
    np.testing.assert_allclose(w.asnumpy(), expected, rtol=1e-14)
    assert w.dtype == ms.float64 and opt.exp_avg_sq[0].dtype == ms.float64


def test_adafactor_factored_second_moment_written_out():
    """A matrix's first step divides g by sqrt((R / mean R) C), R and C the row
    and column means of g² + eps1; with relative_step, lr = 1e-2 scaled by
    RMS(w)."""
    rng = np.random.default_rng(5)
    g, w0 = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    w = Parameter(Tensor(w0.copy()), name="w")
    opt = nn.AdaFactor([w], beta1=0.0)
    _ = opt((Tensor(g),))
    u2 = g * g + 1e-30
    rows, cols = u2.mean(1), u2.mean(0)
    u = g / np.sqrt(np.outer(rows / rows.mean(), cols))
    lr = 1e-2 * max(1e-3, np.sqrt(np.mean(w0 * w0)))
    expected = w0 - lr * u / max(1.0, np.sqrt(np.mean(u * u)))
    np.testing.assert_allclose(w.asnumpy(), expected, rtol=1e-13)
    np.testing.assert_allclose(opt.exp_avg_sq_row[0].asnumpy(), rows, rtol=1e-14)
    np.testing.assert_allclose(opt.exp_avg_sq_col[0].asnumpy(), cols, rtol=1e-14)


def test_adafactor_compression_keeps_the_vectors_second_moment_in_float16():
    grads = [np.array([0.3, -0.7, 0.05], np.float32) * (k + 1) for k in range(3)]
    weights = {}
    for compression in (False, True):
        w = Parameter(Tensor(np.array([0.2, 0.4, -0.6], np.float32)), name="w")
        opt = nn.AdaFactor([w], compression=compression)
        for g in grads:
            _ = opt((Tensor(g),))
        weights[compression] = w.asnumpy()
        assert opt.exp_avg_sq[0].dtype == (ms.float16 if compression else ms.float32)
    np.testing.assert_allclose(weights[True], weights[False], rtol=1e-4)
    assert not np.array_equal(weights[True], weights[False])


def _adafactor_run(tmp_path, stop_at=None):
    w = Parameter(Tensor(np.array([[0.5, -0.2], [0.1, 0.7]], np.float32)), name="w")
    opt = nn.AdaFactor([w], warmup_init=True)
    for step in range(6):
        if step == stop_at:
            path = os.path.join(tmp_path, "opt.ckpt")
            ms.save_checkpoint(opt, path)
            w = Parameter(Tensor(np.zeros((2, 2), np.float32)), name="w")
            opt = nn.AdaFactor([w], warmup_init=True)
            ms.load_param_into_net(opt, ms.load_checkpoint(path))
        _ = opt((Tensor(np.array([[1.0, -0.5], [0.25, 2.0]], np.float32) * (step + 1)),))
    return w.asnumpy()


def test_adafactor_resumes_from_a_checkpoint_bit_for_bit(tmp_path):
    # afactor_step, global_step and the moments are all in the checkpoint
    np.testing.assert_array_equal(_adafactor_run(tmp_path, stop_at=3), _adafactor_run(tmp_path))


def test_lars_delegates_rates_and_state_to_the_wrapped_optimizer():
    w = Parameter(Tensor(np.ones((2, 2), np.float32)), name="w")
    inner = nn.Momentum([w], learning_rate=0.1, momentum=0.9)
    lars = nn.LARS(inner)
    assert lars.parameters is inner.parameters and lars.global_step is inner.global_step
    assert lars.get_lr() is inner.get_lr() and lars.get_lr_parameter(w) is inner.learning_rate
    assert lars.learning_rate.name == "fake_lr" and lars.lars_flag == (True,)
    assert nn.LARS(nn.Momentum([Parameter(Tensor([1.0]), name="fc.bias")], 0.1, 0.9)) \
        .lars_flag == (False,)


def test_lars_trains_a_network_through_model():
    import dualgrad.dataset as ds
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    data = ds.NumpySlicesDataset({"x": x, "y": y}, shuffle=False).batch(8)
    net = nn.Dense(3, 1)
    opt = nn.LARS(nn.Momentum(net.trainable_params(), 0.5, 0.9, weight_decay=1e-4),
                  coefficient=0.05)
    losses = []
    model = ms.train.Model(net, nn.MSELoss(), opt)
    model.train(15, data, callbacks=[ms.train.LambdaCallback(
        on_train_epoch_end=lambda rc: losses.append(float(rc.original_args().net_outputs
                                                          .asnumpy())))])
    assert losses[-1] < 0.2 * losses[0]
    assert opt.global_step.asnumpy().tolist() == [60]


@pytest.mark.parametrize("make, error, message", [
    (lambda w: nn.AdaFactor([w], learning_rate=0.1), ValueError,
     r"a learning_rate cannot be given with relative_step=True"),
    (lambda w: nn.AdaFactor([w], relative_step=False), ValueError,
     r"relative_step=False needs a learning_rate"),
    (lambda w: nn.AdaFactor([w], learning_rate=0.1, relative_step=False, warmup_init=True),
     ValueError, r"warmup_init=True needs relative_step=True"),
    (lambda w: nn.AdaFactor([w], eps=(1e-30,)), ValueError,
     r"'eps' must be a tuple of 2 floats"),
    (lambda w: nn.AdaFactor([w], eps=(0, 1e-3)), TypeError, r"'eps0' must be a float, got int"),
    (lambda w: nn.AdaFactor([w], decay_rate=1.0), ValueError,
     r"'decay_rate' must be < 1.0, got 1.0"),
    (lambda w: nn.AdaFactor([w], clip_threshold=1), TypeError,
     r"'clip_threshold' must be a float, got int"),
    (lambda w: nn.AdaFactor([w], weight_decay=1.0), ValueError,
     r"'weight_decay' must be < 1.0, got 1.0"),
    (lambda w: nn.AdaFactor([w], beta1=-0.1), ValueError, r"'beta1' must be >= 0.0"),
    (lambda w: nn.AdaFactor([w], compression=1), TypeError,
     r"'compression' must be a bool, got int"),
    (lambda w: nn.LARS([w]), TypeError, r"For 'LARS', 'optimizer' must be an Optimizer"),
    (lambda w: nn.LARS(nn.SGD([w]), epsilon=0), TypeError,
     r"For 'LARS', 'epsilon' must be a float, got int"),
    (lambda w: nn.LARS(nn.SGD([w]), use_clip=1), TypeError,
     r"For 'LARS', 'use_clip' must be a bool, got int"),
    (lambda w: nn.LARS(nn.SGD([w]), lars_filter="bias"), TypeError,
     r"'lars_filter' must be a function of a Parameter"),
])
def test_bad_arguments_are_refused(make, error, message):
    w = Parameter(Tensor(np.ones(2, np.float32)), name="w")
    with pytest.raises(error, match=message):
        make(w)


def test_lars_refuses_clipping_with_per_group_varying_rates():
    a = Parameter(Tensor(np.ones(2, np.float32)), name="a")
    b = Parameter(Tensor(np.ones(2, np.float32)), name="b")
    opt = nn.SGD([{"params": [a], "lr": [0.1, 0.05]}, {"params": [b]}], 0.1)
    with pytest.raises(ValueError, match=r"use_clip=True the learning rates cannot be both"):
        nn.LARS(opt, use_clip=True)
