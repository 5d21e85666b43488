"""Activation cells and their ops functions: MindSpore 2.10's values, kinks, printing
and argument checks; derivatives to second order in every mode; numerical stability.

Gradients written as literals are what MindSpore 2.10 returned on the CPU for
the float32 points ``X`` (``tests/oracle/programs.py`` compares the same cells
live when MindSpore is installed); values are written in closed form, which
MindSpore matched to float32 rounding.
"""
import warnings

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

X = np.array([-7.0, -3.0, -2.5, -1.0, 0.0, 0.5, 1.0, 3.0, 4.0, 6.0, 7.0])
SIGMOID = 1 / (1 + np.exp(-X))
SOFTPLUS = np.log1p(np.exp(X))
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def elu(x, alpha):
    return np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))


def mish_grad(x):
    t = np.tanh(np.log1p(np.exp(x)))
    return t + x * (1 - t * t) / (1 + np.exp(-x))


CASES = [
    # (cell, ops function, value, gradient); at kinks MindSpore's derivatives
    (nn.LeakyReLU(), ops.leaky_relu, np.where(X >= 0, X, 0.2 * X),
     [0.2] * 4 + [0.6] + [1.0] * 6),                           # max(0.2x, x): a tie at 0
    (nn.LeakyReLU(0.1), lambda x: ops.leaky_relu(x, 0.1), np.where(X >= 0, X, 0.1 * X),
     [0.1] * 4 + [0.55] + [1.0] * 6),
    (nn.LeakyReLU(2), lambda x: ops.leaky_relu(x, 2), np.where(X >= 0, X, 2 * X),
     [2.0] * 4 + [1.5] + [1.0] * 6),                           # min(2x, x) for alpha > 1
    (nn.ELU(), ops.elu, elu(X, 1.0), np.where(X >= 0, 1.0, np.exp(X))),
    (nn.CELU(), ops.celu, elu(X, 1.0), np.where(X >= 0, 1.0, np.exp(X))),
    (nn.ReLU6(), ops.relu6, np.clip(X, 0, 6), [0.0] * 5 + [1.0] * 5 + [0.0]),   # 1 on (0, 6]
    (nn.Hardtanh(), ops.hardtanh, np.clip(X, -1, 1),
     [0.0] * 3 + [0.5, 1.0, 1.0, 0.5] + [0.0] * 4),            # 1/2 at a bound
    (nn.Hardtanh(-2.0, 2.5), lambda x: ops.hardtanh(x, -2.0, 2.5), np.clip(X, -2, 2.5),
     [0.0] * 3 + [1.0] * 4 + [0.0] * 4),
    (nn.HSigmoid(), ops.hardsigmoid, np.clip(X + 3, 0, 6) / 6,
     [0.0] * 2 + [1 / 6] * 5 + [0.0] * 4),                     # 0 at -3 and 3
    (nn.HSwish(), ops.hardswish, X * np.clip(X + 3, 0, 6) / 6,
     [0.0, -0.5, -1 / 3, 1 / 6, 0.5, 2 / 3, 5 / 6, 1.5, 1.0, 1.0, 1.0]),  # (2x+3)/6 on [-3, 3]
    (nn.Softsign(), ops.softsign, X / (1 + np.abs(X)), 1 / (1 + np.abs(X)) ** 2),
    (nn.LogSigmoid(), ops.logsigmoid, -np.log1p(np.exp(-X)), 1 - SIGMOID),
    (nn.Tanhshrink(), ops.tanhshrink, X - np.tanh(X), np.tanh(X) ** 2),
    (nn.Mish(), ops.mish, X * np.tanh(SOFTPLUS), mish_grad(X)),
    (nn.SeLU(), ops.selu, SELU_SCALE * elu(X, SELU_ALPHA),
     SELU_SCALE * np.where(X >= 0, 1.0, SELU_ALPHA * np.exp(X))),
]
IDS = ["LeakyReLU", "LeakyReLU(0.1)", "LeakyReLU(2)", "ELU", "CELU", "ReLU6", "Hardtanh",
       "Hardtanh(-2,2.5)", "HSigmoid", "HSwish", "Softsign", "LogSigmoid", "Tanhshrink", "Mish",
       "SeLU"]


@pytest.mark.parametrize("cell, fn, value, grad", CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [ms.float32, ms.float64])
def test_values_and_gradients_at_mindspores_points_kinks_included(cell, fn, value, grad, dtype):
    x = Tensor(X, dtype)
    tol = dict(rtol=2e-6, atol=1e-6) if dtype == ms.float32 else dict(rtol=1e-13, atol=1e-14)
    for f in (cell, fn):
        out = f(x)
        assert out.dtype == dtype and out.shape == X.shape
        np.testing.assert_allclose(out.asnumpy(), value, **tol)
        np.testing.assert_allclose(ms.grad(lambda t: f(t).sum())(x).asnumpy(), grad, **tol)


def test_selu_gradient_is_the_derivative_of_its_values_below_zero():
    # MindSpore 2.10's SeLU gradient is negative below 0 (-0.795 at -7) though
    # SeLU increases there; this one is scale * alpha * exp(x).
    x = Tensor(np.array([-7.0, -1.0]))
    np.testing.assert_allclose(ms.grad(lambda t: nn.SeLU()(t).sum())(x).asnumpy(),
                               SELU_SCALE * SELU_ALPHA * np.exp([-7.0, -1.0]), rtol=1e-12)


# Points away from the kinks, where finite differences see one smooth piece.
SMOOTH = np.array([-4.1, -2.2, -0.7, 0.3, 1.9, 3.6, 6.6])


@pytest.mark.parametrize("cell", [c for c, *_ in CASES] + [nn.ELU(0.5), nn.CELU(2.5)],
                         ids=IDS + ["ELU(0.5)", "CELU(2.5)"])
def test_second_order_in_every_mode(cell):
    check_grads(cell, (Tensor(SMOOTH),), order=2, modes=("fwd", "rev", "hyper"))


def test_second_derivatives_in_closed_form():
    x = Tensor(SMOOTH)
    second = {
        nn.ELU(0.5): np.where(SMOOTH >= 0, 0.0, 0.5 * np.exp(SMOOTH)),
        nn.CELU(2.5): np.where(SMOOTH >= 0, 0.0, np.exp(SMOOTH / 2.5) / 2.5),
        nn.Softsign(): -2 * np.sign(SMOOTH) / (1 + np.abs(SMOOTH)) ** 3,
        nn.Tanhshrink(): 2 * np.tanh(SMOOTH) * (1 - np.tanh(SMOOTH) ** 2),
        nn.LogSigmoid(): -np.exp(-SMOOTH) / (1 + np.exp(-SMOOTH)) ** 2,
        nn.HSwish(): np.where(np.abs(SMOOTH) <= 3, 1 / 3, 0.0),
        nn.LeakyReLU(): np.zeros_like(SMOOTH),
    }
    for cell, expected in second.items():
        d2 = ms.grad(ms.grad(lambda t: cell(t).sum()))(x)
        np.testing.assert_allclose(d2.asnumpy(), expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(ms.hessian(lambda t: cell(t).sum())(x).asnumpy(),
                                   np.diag(expected), rtol=1e-12, atol=1e-15)


def test_activations_inside_a_pinn_laplacian():
    # Δu through a hyper-dual pass agrees with the trace of the reverse-mode Hessian.
    net = nn.SequentialCell(nn.Dense(2, 6, activation='mish', dtype=ms.float64),
                            nn.Dense(6, 6, activation=nn.ELU(0.7), dtype=ms.float64),
                            nn.Dense(6, 1, activation='logsigmoid', dtype=ms.float64))
    points = Tensor(np.random.default_rng(0).uniform(-1, 1, (5, 2)))
    lap = ms.laplacian(net)(points).asnumpy().reshape(-1)
    for i in range(5):
        h = ms.hessian(lambda p: net(p.reshape(1, 2)).sum())(points[i]).asnumpy()
        assert np.isclose(lap[i], np.trace(h), rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------------------
# Softmax, LogSoftmax, Softmin

A = np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])


def np_log_softmax(a, axis):
    shifted = a - a.max(axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis, keepdims=True))


@pytest.mark.parametrize("axis", [-1, 0, 1, (0, 1)])
def test_softmax_family_values_and_stability(axis):
    a = Tensor(A)
    log_p = np_log_softmax(A, axis)
    np.testing.assert_allclose(nn.LogSoftmax(axis)(a).asnumpy(), log_p, rtol=1e-15)
    np.testing.assert_allclose(ops.log_softmax(a, axis).asnumpy(), log_p, rtol=1e-15)
    np.testing.assert_allclose(nn.Softmax(axis)(a).asnumpy(), np.exp(log_p), rtol=1e-15)
    np.testing.assert_allclose(nn.Softmin(axis)(a).asnumpy(), np.exp(np_log_softmax(-A, axis)),
                               rtol=1e-15)
    # -2000 is representable as a log-probability where exp(-2000) is not
    assert np.isfinite(nn.LogSoftmax(axis)(a).asnumpy()).all()


def test_softmax_family_gradients_match_mindspore():
    # MindSpore 2.10 on the float32 rows below, loss sum(cell(x) * W).
    rows = Tensor(np.array([[0.1, 0.2, 0.3], [1000.0, 0.0, -1000.0]], np.float32))
    w = Tensor(np.array([[0.3, -1.0, 2.0], [1.0, 0.5, -0.25]], np.float32))
    expected = {
        nn.Softmax(): [[-0.057803817, -0.49577564, 0.55357945], [0.0, 0.0, 0.0]],
        nn.LogSoftmax(): [[-0.090793215, -1.4318933, 1.522684], [-0.25, 0.5, -0.25]],
        nn.Softmin(): [[0.029058853, 0.45818606, -0.48724493], [0.0, 0.0, 0.0]],
    }
    for cell, grad in expected.items():
        got = ms.grad(lambda t: (cell(t) * w).sum())(rows)
        assert got.dtype == ms.float32
        # (MindSpore's own log_softmax is off by up to 1e-6 here)
        np.testing.assert_allclose(got.asnumpy(), grad, rtol=2e-6, atol=1e-6)


def test_softmax_family_derivatives_to_second_order():
    a = Tensor(np.array([[0.3, -1.2, 2.0], [0.5, 0.1, -0.4]]))
    w = Tensor(np.array([[0.3, -1.0, 2.0], [1.0, 0.5, -0.25]]))
    for cell in (nn.Softmax(), nn.LogSoftmax(), nn.Softmin(), nn.LogSoftmax(0),
                 nn.Softmax((0, 1))):
        check_grads(lambda t: (cell(t) * w).sum(), (a,), order=2,
                    modes=("fwd", "rev", "hyper"))
    # the Hessian of logsumexp's negative, log_softmax's sum weighted by one row
    p = np.exp(np_log_softmax(a.asnumpy()[0], 0))
    h = ms.hessian(lambda t: nn.LogSoftmax()(t)[0])(a[0]).asnumpy()
    np.testing.assert_allclose(h, -(np.diag(p) - np.outer(p, p)), rtol=1e-12, atol=1e-15)


def test_log_softmax_gradient_at_extreme_logits_is_finite_and_exact():
    a = Tensor(np.array([1000.0, 0.0, -1000.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = ms.grad(lambda t: nn.LogSoftmax()(t)[1])(a).asnumpy()
        g2 = ms.grad(lambda t: ms.grad(lambda s: nn.LogSoftmax()(s)[1])(t)[0])(a).asnumpy()
    np.testing.assert_array_equal(g, [-1.0, 1.0, 0.0])
    np.testing.assert_array_equal(g2, [0.0, 0.0, 0.0])


def test_exponential_branches_do_not_leak_overflow_into_derivatives():
    # exp(x) of the branch not taken would overflow; its derivative must not reach x.
    big = Tensor(np.array([800.0, -800.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for cell in (nn.ELU(), nn.CELU(0.5), nn.SeLU(), nn.LogSigmoid(), nn.Mish()):
            g = ms.grad(lambda t: cell(t).sum())(big).asnumpy()
            h = ms.hessian(lambda t: cell(t).sum())(big).asnumpy()
            j = ms.jacfwd(cell)(big).asnumpy()
            assert np.isfinite(g).all() and np.isfinite(h).all() and np.isfinite(j).all()
    np.testing.assert_allclose(nn.LogSigmoid()(big).asnumpy(), [0.0, -800.0])


def test_empty_and_integer_inputs():
    empty = Tensor(np.zeros((0, 3), np.float32))
    for cell in (nn.Softmax(), nn.LogSoftmax(), nn.Softmin()):
        assert cell(empty).shape == (0, 3)
    # integer Tensors compute in float32, as MindSpore's functions other than relu/abs
    ints = Tensor(np.array([-2, 0, 3]))
    for cell in (nn.LeakyReLU(), nn.ELU(), nn.ReLU6(), nn.HSwish(), nn.Mish(), nn.Softmax(),
                 nn.LogSoftmax(), nn.Hardtanh()):
        assert cell(ints).dtype == ms.float32
    np.testing.assert_allclose(nn.LeakyReLU()(ints).asnumpy(), [-0.4, 0.0, 3.0], rtol=1e-7)


def test_arrays_and_hand_made_duals_pass_through():
    x = np.array([-1.0, 0.5])
    assert isinstance(ops.elu(x), np.ndarray)
    d = nn.Mish()(ms.Dual(x, 1.0))
    assert isinstance(d, ms.Dual)
    np.testing.assert_allclose(d.tangent, mish_grad(x), rtol=1e-14)
    np.testing.assert_allclose(nn.LeakyReLU()(x).asnumpy(), [-0.2, 0.5])


# ---------------------------------------------------------------------------
# Printing, names, arguments

def test_reprs_show_no_arguments_as_mindspores():
    for cell, text in [(nn.LeakyReLU(0.1), "LeakyReLU()"), (nn.ELU(0.5), "ELU()"),
                       (nn.CELU(2.0), "CELU()"), (nn.Hardtanh(-2, 2), "Hardtanh()"),
                       (nn.Softmax(0), "Softmax()"), (nn.LogSoftmax(1), "LogSoftmax()"),
                       (nn.Softmin(), "Softmin()"), (nn.ReLU6(), "ReLU6()"),
                       (nn.HSigmoid(), "HSigmoid()"), (nn.HSwish(), "HSwish()"),
                       (nn.Mish(), "Mish()"), (nn.Softsign(), "Softsign()"),
                       (nn.Tanhshrink(), "Tanhshrink()"), (nn.SeLU(), "SeLU()"),
                       (nn.LogSigmoid(), "LogSigmoid()")]:
        assert repr(cell) == text and str(cell) == text
    assert repr(nn.Dense(2, 3, activation='leakyrelu')) == (       # MindSpore 2.10
        "Dense(\n  input_channels=2, output_channels=3, has_bias=True, activation=LeakyReLU()\n"
        "  (activation): LeakyReLU()\n)")


@pytest.mark.parametrize("name, cls", [
    ("leakyrelu", nn.LeakyReLU), ("elu", nn.ELU), ("relu6", nn.ReLU6), ("hardtanh", nn.Hardtanh),
    ("hsigmoid", nn.HSigmoid), ("hswish", nn.HSwish), ("mish", nn.Mish),
    ("softsign", nn.Softsign), ("tanhshrink", nn.Tanhshrink), ("logsigmoid", nn.LogSigmoid),
    ("softmax", nn.Softmax), ("logsoftmax", nn.LogSoftmax), ("softmin", nn.Softmin),
])
def test_get_activation_knows_mindspores_names(name, cls):
    cell = nn.get_activation(name)
    assert type(cell) is cls
    assert type(nn.Dense(2, 2, activation=name).activation) is cls


def test_get_activation_refuses_names_mindspore_does_not_have():
    # MindSpore has the SeLU and CELU cells but not these names for them
    for name in ("selu", "celu", "leaky_relu", "log_softmax"):
        with pytest.raises(ValueError, match="activation"):
            nn.get_activation(name)


@pytest.mark.parametrize("make, error, match", [
    (lambda: nn.LeakyReLU("a"), TypeError, "LeakyReLU: alpha"),
    (lambda: nn.LeakyReLU(True), TypeError, "LeakyReLU: alpha"),
    (lambda: nn.LeakyReLU(None), TypeError, "LeakyReLU: alpha"),
    (lambda: nn.LeakyReLU(float("nan")), ValueError, "LeakyReLU: alpha must be finite"),
    (lambda: nn.ELU("1"), TypeError, "ELU: alpha"),
    (lambda: nn.ELU(float("inf")), ValueError, "ELU: alpha"),
    (lambda: nn.CELU(0.0), ValueError, "CELU: alpha must not be 0"),
    (lambda: nn.CELU([1.0]), TypeError, "CELU: alpha"),
    (lambda: nn.Hardtanh(1.0, -1.0), ValueError, "min_val must be less than max_val"),
    (lambda: nn.Hardtanh(1.0, 1.0), ValueError, "min_val must be less than max_val"),
    (lambda: nn.Hardtanh("a", 1.0), TypeError, "Hardtanh: min_val"),
    (lambda: nn.Hardtanh(-1.0, None), TypeError, "Hardtanh: max_val"),
    (lambda: nn.Softmax(1.5), TypeError, "Softmax: axis"),
    (lambda: nn.Softmax(None), TypeError, "Softmax: axis"),
    (lambda: nn.LogSoftmax(True), TypeError, "LogSoftmax: axis"),
    (lambda: nn.Softmin(()), TypeError, "Softmin: axis"),
    (lambda: nn.Softmin((0, "1")), TypeError, "Softmin: axis"),
    (lambda: nn.Softmax(5)(Tensor(A)), ValueError, "axis"),
    (lambda: ops.leaky_relu(Tensor(A), "a"), TypeError, "leaky_relu: alpha"),
    (lambda: ops.elu(Tensor(A), None), TypeError, "elu: alpha"),
    (lambda: ops.celu(Tensor(A), 0), ValueError, "celu: alpha"),
    (lambda: ops.hardtanh(Tensor(A), 2, 1), ValueError, "hardtanh: min_val"),
    (lambda: ops.log_softmax(Tensor(A), 1.0), TypeError, "log_softmax: axis"),
    (lambda: ops.softmax(Tensor(A), "x"), TypeError, "softmax: axis"),
    (lambda: ops.softmin(Tensor(A), -3), ValueError, "axis"),
])
def test_bad_arguments_name_themselves(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_ops_softmax_and_softmin_take_a_dtype():
    a = Tensor(np.array([1.0, 2.0], np.float32))
    assert ops.softmax(a, dtype=ms.float64).dtype == ms.float64
    assert ops.softmin(a, 0, dtype=ms.float64).dtype == ms.float64
    np.testing.assert_allclose(ops.softmin(a).asnumpy(), ops.softmax(-a).asnumpy())


def test_primitive_classes_call_the_same_functions():
    x = Tensor(X)
    for prim, fn in [(ops.ReLU6(), ops.relu6), (ops.HSigmoid(), ops.hardsigmoid),
                     (ops.HSwish(), ops.hardswish), (ops.Mish(), ops.mish),
                     (ops.Softsign(), ops.softsign), (ops.SeLU(), ops.selu),
                     (ops.Elu(), ops.elu), (ops.CeLU(2.0), lambda t: ops.celu(t, 2.0)),
                     (ops.LogSoftmax(0), lambda t: ops.log_softmax(t, 0))]:
        np.testing.assert_array_equal(prim(x).asnumpy(), fn(x).asnumpy())
        np.testing.assert_array_equal(ms.grad(lambda t: prim(t).sum())(x).asnumpy(),
                                      ms.grad(lambda t: fn(t).sum())(x).asnumpy())
    assert repr(ops.LogSoftmax()) == "Prim[LogSoftmax]" and repr(ops.Elu()) == "Prim[Elu]"
    with pytest.raises(TypeError, match="Elu: alpha"):
        ops.Elu("1")
    with pytest.raises(TypeError, match="LogSoftmax: axis"):
        ops.LogSoftmax(None)
