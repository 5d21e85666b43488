"""ops.softshrink, hardshrink, threshold, glu, prelu and their cells.

Values, gradients, parameter names and reprs against MindSpore 2.10:
tests/oracle/programs.py (``shrink_threshold_glu_prelu``).  Here: second
derivatives in every mode away from the kinks, the kinks' conventions, vmap
against a loop, dtypes and bad arguments.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

rng = np.random.default_rng(3)


def away_from(x, points, gap=0.05):
    for p in points:
        x = np.where(np.abs(x - p) < gap, p + 2 * gap, x)
    return x


X = away_from(rng.uniform(-3, 3, (2, 4, 4)), (-0.5, 0.5, 0.0, 0.3, -0.3, 0.25))


@pytest.mark.parametrize("fn", [
    ops.softshrink, lambda a: ops.softshrink(a, 0.3), ops.hardshrink,
    lambda a: ops.threshold(a, 0.25, -4.0), ops.glu, lambda a: ops.glu(a, 1),
    lambda a: ops.prelu(a, Tensor(np.array([0.1, -0.2, 0.3, 2.0]))),
    lambda a: nn.SoftShrink(0.3)(a) * nn.HShrink(0.3)(a),
], ids=["softshrink", "softshrink 0.3", "hardshrink", "threshold", "glu", "glu axis 1",
        "prelu", "cells"])
def test_second_derivatives_in_every_mode(fn):
    check_grads(fn, (Tensor(X),), order=2, modes=("fwd", "rev", "hyper"))


def test_prelu_weight_derivatives_to_second_order():
    check_grads(lambda a, w: ops.prelu(a, w) * a, (Tensor(X), Tensor(np.array([0.1, -0.2, 0.3, 2.0]))),
                order=2, modes=("fwd", "rev", "hyper"))
    net = nn.PReLU(channel=4, w=[0.1, 0.2, 0.3, 0.4])
    check_grads(lambda a: net(a) * a, (Tensor(X.astype(np.float32)),), order=2,
                weights=net.trainable_params())


def test_kinks_have_the_constant_pieces_derivative():
    at = Tensor([-0.5, 0.5, 0.25, 0.0])
    for fn, expected in ((ops.softshrink, [0.0, 0.0, 0.0, 0.0]),
                         (ops.hardshrink, [0.0, 0.0, 0.0, 0.0]),
                         (lambda a: ops.threshold(a, 0.25, 1.0), [0.0, 1.0, 0.0, 0.0]),
                         (lambda a: ops.prelu(a, Tensor([0.25])), [0.25, 1.0, 1.0, 0.25])):
        assert ms.grad(lambda a: fn(a).sum())(at).asnumpy().tolist() == expected
        assert ms.grad(ms.grad(lambda a: fn(a).sum()))(at).asnumpy().tolist() == [0.0] * 4


def test_dtypes():
    assert ops.softshrink(Tensor([1, 2])).dtype == ms.float32         # MindSpore refuses
    assert ops.hardshrink(Tensor([1.0, 2.0], ms.float64)).dtype == ms.float64
    assert ops.threshold(Tensor([1, 2, 3]), 2, 20).dtype == ms.int64  # as MindSpore
    assert ops.threshold(Tensor([1, 2, 3]), 2, 0.5).dtype == ms.float32
    assert ops.prelu(Tensor([[-1.0]], ms.float64), Tensor([0.5])).dtype == ms.float64
    assert nn.PReLU().w.dtype == ms.float32 and nn.PReLU().w.name == "a"


@pytest.mark.parametrize("fn", [ops.softshrink, ops.hardshrink,
                                lambda a: ops.threshold(a, 0.1, 2.0),
                                ops.glu, lambda a: ops.prelu(a, Tensor([0.1, 0.2, 0.3, 0.4]))])
def test_vmap_is_per_example(fn):
    batched = ms.vmap(fn)(Tensor(X))
    looped = np.stack([fn(Tensor(X[i])).asnumpy() for i in range(2)])
    np.testing.assert_array_equal(batched.asnumpy(), looped)


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.softshrink(Tensor(X), -1.0), ValueError, "lambd must be >= 0"),
    (lambda: ops.hardshrink(Tensor(X), "a"), TypeError, "hardshrink: lambd"),
    (lambda: ops.threshold(Tensor(X), None, 1.0), TypeError, "threshold: thr"),
    (lambda: ops.glu(Tensor(np.ones(3))), ValueError, "must be even"),
    (lambda: ops.glu(Tensor(X), 3), ValueError, "axis"),
    (lambda: ops.glu(Tensor(X), 1.0), TypeError, "axis"),
    (lambda: ops.prelu(Tensor(np.ones(3)), Tensor(np.ones(3))), ValueError, "1 value"),
    (lambda: ops.prelu(Tensor(X), Tensor(np.ones(3))), ValueError, "1 or 4 values"),
    (lambda: nn.PReLU(channel=0), ValueError, "channel"),
    (lambda: nn.PReLU(channel=2, w=[0.1]), ValueError, "2 floats"),
    (lambda: nn.PReLU(w="a"), TypeError, "w must be"),
    (lambda: nn.SoftShrink(-0.1), ValueError, "lambd"),
    (lambda: nn.Threshold(0.1, "v"), TypeError, "value"),
    (lambda: nn.GLU(axis=None), TypeError, "axis"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()
