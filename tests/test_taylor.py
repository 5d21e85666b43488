"""Taylor mode: derivatives of order 3 and up along one direction (dualgrad/_taylor.py).

``ops.derivative`` of order ≥ 3, ``ops.jet`` and ``partial`` with a coordinate
repeated three times or more run one Taylor pass.  Every rule is checked
against nested Dual passes (the public ``jvp``, nested: a different
algorithm, 2^k parts) and against closed forms; the pass is checked to cost
order + 1 matrix products per layer, to be differentiable in the weights, to
nest with itself and the other modes without perturbation confusion, and to
run under vmap.
"""
import math
import pickle

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, _core, _series, _structural, _table, _taylor, _vmap, nn, ops
from dualgrad import _functions as F
from dualgrad._taylor import TaylorPass
from dualgrad._tensor import value_of, wrap
from dualgrad.testing import check_grads

X64 = np.linspace(-0.9, 0.8, 7)

# Activations that are not ops functions of their own name.
_ACTIVATION = {"gelu_tanh": lambda v: ops.gelu(v, approximate="tanh")}


def nested_derivative(fn, order):
    """x ↦ the order-th derivative of fn along ones, by nested public jvp passes."""
    g = fn
    for _ in range(order):
        g = (lambda h: lambda t: ms.jvp(h, t, ops.ones_like(t))[1])(g)
    return g


def values(t):
    return t.asnumpy() if isinstance(t, Tensor) else np.asarray(t)


def assert_close(got, want, rtol=1e-10, what=""):
    got, want = values(got), values(want)
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    np.testing.assert_allclose(got, want, rtol=0, atol=rtol * scale, err_msg=what)


def inside(domain, n=7):
    lo, hi = domain
    pad = 0.05 * (hi - lo)
    return np.linspace(lo + pad, hi - pad, n)


def on_engine(prim):
    return lambda t: wrap(prim(value_of(t)))


@pytest.mark.parametrize("row", _table.UNARY, ids=lambda r: r.name)
def test_every_unary_rule_matches_nested_dual_passes_to_fourth_order(row):
    fn = on_engine(F.ELEMENTWISE[row.name])
    x = Tensor(inside(row.domain))
    for order in (3, 4):
        _, taylor = ops.derivative(fn, x, order)
        assert_close(taylor, nested_derivative(fn, order)(x), 1e-9, f"{row.name} order {order}")


@pytest.mark.parametrize("row", _table.BINARY, ids=lambda r: r.name)
def test_every_binary_rule_matches_nested_dual_passes_with_one_or_both_operands_traced(row):
    prim = F.ELEMENTWISE[row.name]
    (alo, ahi), (blo, bhi) = row.domain
    a = inside((alo, ahi))
    b = inside((blo, bhi))[::-1].copy()
    if row.name == "polygamma":                     # its order a is an integer constant
        cases = {"b traced": lambda t: wrap(prim(np.array(2.0), value_of(t)))}
        x = Tensor(b)
    else:
        # both operands move along the curve (b runs the other way), or one does
        slope = (bhi - blo) / (ahi - alo)
        cases = {
            "both traced": lambda t: wrap(prim(value_of(t), F.sub(b + slope * a,
                                                                    F.mul(value_of(t), slope)))),
            "a traced": lambda t: wrap(prim(value_of(t), b)),
            "b traced": lambda t: wrap(prim(a, F.add(value_of(t), b - a))),
        }
        x = Tensor(a)
    for what, fn in cases.items():
        _, taylor = ops.derivative(fn, x, 4)
        assert_close(taylor, nested_derivative(fn, 4)(x), 1e-9, f"{row.name}, {what}")


def tanh_derivative_polynomials(order):
    """P_k with tanh^(k)(x) = P_k(tanh x): P_0 = y, P_(k+1) = (1 - y²) P_k'."""
    polys = [np.polynomial.Polynomial([0.0, 1.0])]
    one_minus_square = np.polynomial.Polynomial([1.0, 0.0, -1.0])
    for _ in range(order):
        polys.append(one_minus_square * polys[-1].deriv())
    return polys


def test_closed_forms_to_eighth_order():
    x = Tensor(X64)
    polys = tanh_derivative_polynomials(8)
    for k in range(3, 9):
        assert_close(ops.derivative(ops.tanh, x, k)[1], polys[k](np.tanh(X64)), 1e-12,
                     f"tanh order {k}")
        assert_close(ops.derivative(lambda t: ops.sin(3.0 * t), x, k)[1],
                     3.0 ** k * np.sin(3 * X64 + k * np.pi / 2), 1e-12, f"sin order {k}")
        assert_close(ops.derivative(lambda t: ops.cos(t), x, k)[1],
                     np.cos(X64 + k * np.pi / 2), 1e-13, f"cos order {k}")
        assert_close(ops.derivative(lambda t: ops.exp(-2.0 * t), x, k)[1],
                     (-2.0) ** k * np.exp(-2 * X64), 1e-13, f"exp order {k}")
        assert_close(ops.derivative(lambda t: t ** 9, x, k)[1],
                     math.perm(9, k) * X64 ** (9 - k), 1e-13, f"x^9 order {k}")
        # sigmoid(log u) = u / (1 + u): (-1)^(k+1) k! / (1 + u)^(k+1)
        u = Tensor(X64 + 1.5)
        assert_close(ops.derivative(lambda t: ops.sigmoid(ops.log(t)), u, k)[1],
                     (-1.0) ** (k + 1) * math.factorial(k) / (X64 + 2.5) ** (k + 1), 1e-12,
                     f"sigmoid(log) order {k}")
        # 1/(1 + x²): (-1)^k k! sin((k+1) θ) / (1 + x²)^((k+1)/2), θ = arccot x
        theta = np.pi / 2 - np.arctan(X64)
        assert_close(ops.derivative(lambda t: 1.0 / (1.0 + t * t), x, k)[1],
                     (-1.0) ** k * math.factorial(k) * np.sin((k + 1) * theta)
                     / (1 + X64 ** 2) ** ((k + 1) / 2), 1e-12, f"1/(1+x²) order {k}")


def test_sigmoid_rule_keeps_its_digits_where_one_minus_sigmoid_cancels():
    x = Tensor(np.array([8.0, 12.0, 20.0]))
    # sigmoid'''(x) = s(1 - s)(1 - 6s + 6s²); with s(-x) for 1 - s
    s, r = 1 / (1 + np.exp(-x.asnumpy())), 1 / (1 + np.exp(x.asnumpy()))
    want = s * r * (1 - 6 * s * r)
    np.testing.assert_allclose(ops.derivative(ops.sigmoid, x, 3)[1].asnumpy(), want,
                               rtol=1e-12)


def test_structural_primitives_and_reductions_match_nested_passes():
    rng = np.random.default_rng(1)
    m = rng.standard_normal((3, 4))
    mask = rng.random((2, 6)) > 0.5

    def fn(t):
        h = ops.sin(ops.reshape(t, (2, 6)))
        h = ops.concat([h, ops.transpose(ops.broadcast_to(t[:2], (6, 2)), (1, 0))], 1)
        h = ops.where(Tensor(np.concatenate([mask, mask], 1)), h * h, ops.cumsum(h, 1))
        h = ops.stack([h.sum(axis=0), h.max(axis=0)], 0)
        return ops.matmul(ops.tanh(h[:, :4]), Tensor(m.T)) / (2.0 + ops.cos(t[:3]))

    x = Tensor(rng.uniform(-1, 1, 12))
    for order in (3, 4):
        assert_close(ops.derivative(fn, x, order)[1], nested_derivative(fn, order)(x), 1e-10,
                     f"order {order}")


def test_multiple_output_primitives_follow_from_their_jvp_rules():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((3, 3))
    a = a + a.T

    def eigenvalues(t):
        return ops.eigh(Tensor(a) + t * Tensor(np.diag([1.0, 2.0, 3.0])))[0]

    t0 = Tensor(np.array(0.3))
    assert_close(ops.derivative(eigenvalues, t0, 3)[1],
                 nested_derivative(eigenvalues, 3)(t0), 1e-8)


def mlp(din, width, depth, seed, kind=Tensor):
    """A tanh MLP din-width-...-width-1 and its (matrix, bias) pairs of type ``kind``."""
    rng = np.random.default_rng(seed)
    sizes = [din] + [width] * depth + [1]
    layers = [(kind(rng.standard_normal((a, b)) / np.sqrt(a)),
               kind(0.3 * rng.standard_normal(b))) for a, b in zip(sizes[:-1], sizes[1:])]

    def u(x):
        h = x
        for w, b in layers[:-1]:
            h = ops.tanh(ops.matmul(h, w) + b)
        w, b = layers[-1]
        return ops.matmul(h, w) + b
    return u, layers


def nested_partial(fn, coords):
    """∂^k u/∂x_c1...∂x_ck per point from nested public jvp passes."""
    g = fn
    for c in coords:
        def g(x, h=g, c=c):
            seed = np.zeros(x.shape)
            seed[:, c] = 1.0
            return ms.jvp(h, x, Tensor(seed))[1]
    return g


@pytest.mark.parametrize("coords", [(0, 0, 0), (1, 1, 1, 1), (0, 0, 0, 0, 0),
                                    (0, 1, 1, 1), (2, 0, 2, 2, 1), (0, 0, 0, 1, 1, 1)])
def test_partial_with_a_coordinate_repeated_matches_nested_passes(coords):
    u, _ = mlp(3, 16, 2, seed=3)
    x = Tensor(np.random.default_rng(4).uniform(-1, 1, (5, 3)))
    parts = ms.partial(u, *coords, lower=True)(x)
    assert len(parts) == 2 ** len(coords)
    for mask in range(2 ** len(coords)):
        chosen = [coords[b] for b in range(len(coords)) if mask >> b & 1]
        want = nested_partial(u, chosen)(x) if chosen else u(x)
        assert_close(parts[mask], want, 1e-10, f"entry {mask} ({chosen})")


def count_products(call):
    calls = []
    impl = _structural.MatMul.impl

    def counted(prim, *args, **params):
        calls.append(1)
        return impl(prim, *args, **params)
    _structural.MatMul.impl = counted
    try:
        call()
    finally:
        _structural.MatMul.impl = impl
    return len(calls)


@pytest.mark.parametrize("order", [3, 4, 6])
def test_a_taylor_pass_costs_order_plus_one_products_per_layer(order):
    u, _ = mlp(1, 8, 3, seed=5)
    x = Tensor(np.linspace(-1, 1, 4).reshape(-1, 1))
    products = count_products(lambda: ms.partial(u, *(0,) * order)(x))
    # the first layer multiplies x and its one nonzero coefficient; each later
    # one order + 1 coefficients (nested Dual passes would take 2^order)
    assert products == 2 + 3 * (order + 1)
    nested = count_products(lambda: nested_partial(u, (0,) * order)(x))
    assert nested >= 3 * 2 ** order and products < nested


def test_weight_gradients_of_a_fourth_derivative_match_nested_passes_and_differences():
    names = iter(range(100))
    u, layers = mlp(1, 6, 2, seed=6,
                    kind=lambda v: ms.Parameter(Tensor(v), name=f"w{next(names)}"))
    params = [w for layer in layers for w in layer]
    x = Tensor(np.linspace(-1, 1, 5).reshape(-1, 1))

    def taylor_loss():
        return (ms.partial(u, 0, 0, 0, 0)(x) ** 2).mean()

    def nested_loss():
        return (nested_partial(u, (0, 0, 0, 0))(x) ** 2).mean()

    grads = ms.value_and_grad(taylor_loss, None, weights=params)()[1]
    want = ms.value_and_grad(nested_loss, None, weights=params)()[1]
    for g, w in zip(grads, want):
        assert_close(g, w, 1e-10)
    # one entry of the first hidden layer's matrix
    assert_entry_matches_central_difference(taylor_loss, params[2], (1, 2), grads[2])


def assert_entry_matches_central_difference(loss, param, index, grad, h=1e-5):
    """grad[index] against the central difference of loss() in param[index]."""
    base = param.asnumpy().copy()
    losses = []
    for step in (h, -h):
        moved = base.copy()
        moved[index] += step
        param.set_data(Tensor(moved))
        losses.append(float(loss().asnumpy()))
    param.set_data(Tensor(base))
    np.testing.assert_allclose(grad.asnumpy()[index], (losses[0] - losses[1]) / (2 * h),
                               rtol=1e-6)


def test_nested_taylor_passes_do_not_confuse_their_perturbations():
    # d³/dx³ of g(x) = d³/dy³ sin(x y) at y = 1, which is -x³ cos(x)
    def g(x):
        return ops.derivative(lambda y: ops.sin(x * y), Tensor(np.ones(x.shape)), 3)[1]

    x = Tensor(np.array([0.3, 1.1]))
    xv = x.asnumpy()
    want = nested_derivative(lambda t: -t ** 3 * ops.cos(t), 3)(x)
    assert_close(ops.derivative(g, x, 3)[1], want, 1e-11)
    # a function whose inner derivative does not depend on x has a zero third derivative
    zero = ops.derivative(lambda x: ops.derivative(lambda y: y ** 4, x * 0 + 1.0, 3)[1], x, 3)[1]
    assert_close(zero, np.zeros(2), 1e-14)
    # a jet inside a jvp and a jvp inside a jet
    line = Tensor(np.array([[1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]))
    out = ms.jvp(lambda t: ops.jet(lambda y: ops.exp(t * y), Tensor(np.zeros(2)), line)[1],
                 x, Tensor(np.ones(2)))[1]
    # along the line y = s, the derivatives of exp(t y) at 0 are t^k; their
    # t-derivatives k t^(k-1)
    assert_close(out, np.stack([k * xv ** (k - 1) for k in (1, 2, 3)]), 1e-13)


def test_derivative_of_order_three_under_vmap_and_in_float32():
    fn = lambda t: ops.tanh(t) * t
    x = Tensor(np.array([[0.1, 0.2], [0.3, -0.4]]))
    mapped = ms.vmap(lambda row: ops.derivative(fn, row, 3)[1])(x)
    assert_close(mapped, ops.derivative(fn, x, 3)[1], 1e-14)
    x32 = Tensor(np.array([0.1, 0.5], np.float32))
    out, third = ops.derivative(fn, x32, 3)
    assert third.dtype == ms.float32 and out.dtype == ms.float32
    np.testing.assert_allclose(third.asnumpy(), ops.derivative(fn, Tensor(x32.asnumpy()
                                                                          .astype(np.float64)),
                                                               3)[1].asnumpy(), rtol=1e-5)


def test_taylor_values_cannot_leave_their_pass():
    box = _core.make_taylor(np.ones(2), (np.ones(2), None), TaylorPass())
    assert "Taylor(level=" in repr(box) and box.shape == (2,)
    with pytest.raises(TypeError, match="cannot be copied"):
        pickle.dumps(box)
    with pytest.raises(TypeError, match="cannot become a NumPy array"):
        np.asarray(box)


def test_jet_and_derivative_of_a_network_cell():
    net = nn.SequentialCell([nn.Dense(2, 8, dtype=ms.float64), nn.Tanh(),
                             nn.Dense(8, 1, dtype=ms.float64)])
    x = Tensor(np.array([[0.2, -0.3], [0.5, 0.1]]))
    s = np.zeros((4, 2, 2))
    s[0, :, 0] = 1.0
    out, series = ops.jet(net, x, Tensor(s))
    for k in range(1, 5):
        assert_close(series[k - 1], ms.partial(net, *(0,) * k)(x), 1e-11, f"order {k}")
    assert_close(out, net(x), 0)


class _NoKernel:
    """Stands in for dualgrad._series, so that _taylor takes its primitive-based rules."""

    @staticmethod
    def series_of(*args):
        return None


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
def test_fused_kernels_match_the_rules_written_with_primitives(name, monkeypatch):
    rng = np.random.default_rng(7)
    x0 = rng.uniform(-2, 2, (3, 70))          # more than one block of lanes, and a tail
    for order in (1, 2, 5, 8, 16):
        series = [rng.standard_normal(x0.shape) / (k + 1) for k in range(order)]
        series[1 % order] = None              # a zero coefficient
        y0 = getattr(np, name)(x0) if name != "sigmoid" else 1 / (1 + np.exp(-x0))
        fused = _series.series_of(name, x0, y0, list(series))
        assert fused is not None and len(fused) == order
        monkeypatch.setattr(_taylor, "_series", _NoKernel)
        trace = _taylor.TaylorPass()
        out = F.ELEMENTWISE[name](_core.make_taylor(x0, tuple(series), trace))
        monkeypatch.undo()
        rules = _taylor.coefficients_of(out, trace, order)[1:]
        for k, (a, b) in enumerate(zip(fused, rules), start=1):
            assert_close(a, b, 1e-13 if order <= 8 else 1e-11, f"{name}, coefficient {k}")
        # float32 operands: computed in double, rounded once
        f32 = _series.series_of(name, x0.astype(np.float32), y0.astype(np.float32),
                                [None if c is None else c.astype(np.float32) for c in series])
        for k, (a, b) in enumerate(zip(f32, fused), start=1):
            assert a.dtype == np.float32
            assert_close(a, b, 1e-5, f"{name} float32, coefficient {k}")


def test_fused_kernels_decline_what_they_cannot_take():
    x = np.linspace(0.0, 1.0, 6)
    y = np.tanh(x)
    assert _series.series_of("tanh", x, y, [x.reshape(2, 3)]) is None       # another shape
    assert _series.series_of("tanh", x, y, [x.astype(np.float32)]) is None  # another dtype
    assert _series.series_of("tanh", x, y, [np.linspace(0, 1, 12)[::2]]) is None  # strided
    assert _series.series_of("tanh", x, y, [Tensor(x)]) is None             # not an array
    assert _series.series_of("tanh", x, y, [x] * 17) is None                # past order 16
    assert _series.series_of("tanh", x, y, []) is None
    assert _series.series_of("softplus", x, y, [x]) is None                 # no kernel
    assert _series.series_of("tanh", x.astype(int), y, [x]) is None


def test_a_network_pass_takes_the_fused_kernels_and_agrees_with_the_rules(monkeypatch):
    calls = []
    kernel = _series.series_of

    class Counted:
        @staticmethod
        def series_of(*args):
            out = kernel(*args)
            calls.append(out is not None)
            return out

    u, _ = mlp(2, 16, 3, seed=8)
    x = Tensor(np.random.default_rng(9).uniform(-1, 1, (40, 2)))
    monkeypatch.setattr(_taylor, "_series", Counted)
    fused = ms.partial(u, 1, 1, 1, 1, 1, lower=True)(x)
    assert calls == [True] * 3            # one per tanh layer
    monkeypatch.setattr(_taylor, "_series", _NoKernel)
    rules = ms.partial(u, 1, 1, 1, 1, 1, lower=True)(x)
    for a, b in zip(fused, rules):
        assert_close(a, b, 1e-12)


def test_rules_from_jvp_reuse_each_order_instead_of_recursing_exponentially(monkeypatch):
    x = Tensor(np.array([0.3, 0.7, 2.5]))
    applied = []
    apply = _taylor.TaylorPass._apply
    monkeypatch.setattr(_taylor.TaylorPass, "_apply",
                        lambda self, *args: applied.append(1) or apply(self, *args))
    j0_12 = ops.derivative(ops.bessel_j0, x, 12)[1]
    # J0' = -J1 and J1' = J0 - J1/x call each other one order lower: without
    # reuse that is about 2.5^12 = 60000 primitive applications
    assert len(applied) < 2000
    monkeypatch.undo()
    assert_close(j0_12, -ops.derivative(ops.bessel_j1, x, 11)[1], 1e-11)
    assert_close(ops.derivative(ops.bessel_j0, x, 5)[1],
                 nested_derivative(ops.bessel_j0, 5)(x), 1e-11)


@pytest.mark.parametrize("row", _table.UNARY, ids=lambda r: r.name)
def test_check_grads_taylor_mode_passes_every_unary_rule_to_fourth_order(row):
    check_grads(on_engine(F.ELEMENTWISE[row.name]), (Tensor(inside(row.domain, 5)),),
                order=4, modes=("taylor",))


def test_check_grads_taylor_mode_checks_several_arguments_float32_and_catches_a_wrong_rule():
    x, y = Tensor(np.array([0.3, 1.2, -0.7])), Tensor(np.array([0.1, 0.2, 0.3]))
    check_grads(lambda x, y: (ops.exp(x * y).sum(), ops.sigmoid(x - y) / (2 + ops.cos(y))),
                (x, y), order=5, modes=("taylor",))
    check_grads(lambda x: ops.tanh(x) ** 3, (Tensor(x.asnumpy().astype(np.float32)),),
                order=3, modes=("taylor",))
    u, _ = mlp(2, 8, 2, seed=10)
    check_grads(u, (Tensor(np.random.default_rng(11).uniform(-1, 1, (4, 2))),), order=4,
                modes=("taylor",))

    class WrongBprop(nn.Cell):
        """sin with a derivative off by a factor 1 + 0.01 x²."""

        def construct(self, x):
            return ops.sin(x)

        def bprop(self, x, out, dout):
            return (dout * ops.cos(x) * (1 + 0.01 * x * x),)

    with pytest.raises(AssertionError, match="order 1, mode 'taylor'"):
        check_grads(WrongBprop(), (x,), order=3, modes=("taylor",))


def _series_on_tape_disabled(monkeypatch):
    monkeypatch.setattr(_taylor, "_on_one_tape", lambda values: False)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
def test_reverse_over_taylor_records_one_node_per_function_and_matches_the_rules(
        name, monkeypatch):
    act = {"tanh": ops.tanh, "sigmoid": ops.sigmoid, "exp": lambda t: ops.exp(0.3 * t),
           "sin": ops.sin, "cos": ops.cos}[name]
    names = iter(range(100))
    rng = np.random.default_rng(14)
    sizes = [1, 12, 12, 1]
    params = [ms.Parameter(Tensor(v), name=f"q{next(names)}")
              for a, b in zip(sizes[:-1], sizes[1:])
              for v in (rng.standard_normal((a, b)) / np.sqrt(a), 0.2 * rng.standard_normal(b))]

    def u(x):
        h = x
        for w, b in zip(params[0:-2:2], params[1:-2:2]):
            h = act(ops.matmul(h, w) + b)
        return ops.matmul(h, params[-2]) + params[-1]

    x = Tensor(rng.uniform(-1, 1, (30, 1)))
    for order in (3, 5):
        step = ms.value_and_grad(lambda: (ms.partial(u, *(0,) * order)(x) ** 2).mean(), None,
                                 weights=params)
        recorded = []
        bind = _taylor._Series.bind

        def counted(self, args, params):
            # bound on the tape's values: the tape records one node and binds it
            # again on their plain arrays
            if any(isinstance(a, _core.Var) for a in args):
                recorded.append(self.name)
            return bind(self, args, params)
        monkeypatch.setattr(_taylor._Series, "bind", counted)
        value, fused = step()
        monkeypatch.undo()
        assert recorded == [f"{name}_series"] * 2          # one per hidden layer
        _series_on_tape_disabled(monkeypatch)
        value_rules, rules = step()
        monkeypatch.undo()
        assert_close(value, value_rules, 1e-13)
        for a, b in zip(fused, rules):
            assert_close(a, b, 1e-12, f"{name}, order {order}")


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
def test_the_fused_adjoint_matches_a_reverse_pass_through_the_rules(name):
    prim = _taylor._SERIES[name]
    rng = np.random.default_rng(15)
    x0 = rng.uniform(-2, 2, (2, 75))
    y0 = np.asarray(F.ELEMENTWISE[name](x0))
    for order in (1, 2, 4, 7):
        series = [rng.standard_normal(x0.shape) for _ in range(order)]
        series[order // 2] = None if order > 1 else series[0]
        cotangents = [rng.standard_normal(x0.shape) for _ in range(order)]
        cotangents[-1] = None if order > 2 else cotangents[-1]
        fused = _series.adjoint_of(name, x0, y0, list(series), list(cotangents))
        rules = prim._adjoint_with_primitives(x0, y0, list(series), list(cotangents))
        assert (fused[0] is None) == (name in ("tanh", "exp"))
        for a, b in zip([fused[0], fused[1]] + fused[2], [rules[0], rules[1]] + rules[2]):
            if a is None:
                continue
            # the reverse pass leaves None where no cotangent arrives (x_K when
            # y_K's is None): zero
            assert_close(a, np.zeros(x0.shape) if b is None else b, 1e-12,
                         f"{name}, order {order}")
        f32 = _series.adjoint_of(name, x0.astype(np.float32), y0.astype(np.float32),
                                 [None if c is None else c.astype(np.float32) for c in series],
                                 [None if c is None else c.astype(np.float32)
                                  for c in cotangents])
        assert f32[1].dtype == np.float32
        assert_close(f32[1], fused[1], 1e-5)


def test_the_series_primitive_in_every_mode_to_second_order():
    for name, f in (("tanh", ops.tanh), ("sigmoid", ops.sigmoid), ("sin", ops.sin)):
        prim = _taylor._SERIES[name]

        def series(x0, x1, x3, prim=prim, f=f):
            y0 = value_of(f(x0))
            return tuple(wrap(o) for o in prim.bind(
                (value_of(x0), y0, value_of(x1), None, value_of(x3)), {}))

        rng = np.random.default_rng(16)
        args = tuple(Tensor(rng.uniform(-1, 1, 5)) for _ in range(3))
        check_grads(series, args, order=2, modes=("fwd", "rev"))


def test_powers_with_a_constant_exponent_in_closed_form_and_at_zero():
    x = Tensor(np.array([0.3, 0.7, 1.9]))
    xv = x.asnumpy()
    for p in (0, 1, 2, 3, 7, 2.5, -1.5, 0.5, -2.0):
        for k in (3, 5, 9):
            want = np.prod([p - i for i in range(k)]) * xv ** (p - k)
            assert_close(ops.derivative(lambda t: t ** p, x, k)[1], want, 1e-12,
                         f"x^{p}, order {k}")
    # an array exponent, and a traced exponent (the rule from jvp)
    e = Tensor(np.array([2.5, -0.5, 3.0]))
    want = e.asnumpy() * (e.asnumpy() - 1) * (e.asnumpy() - 2) * xv ** (e.asnumpy() - 3)
    assert_close(ops.derivative(lambda t: ops.pow(t, e), x, 3)[1], want, 1e-12)
    assert_close(ops.derivative(lambda t: ops.pow(t, t), x, 3)[1],
                 nested_derivative(lambda t: ops.pow(t, t), 3)(x), 1e-11)
    # at x = 0: integer powers are polynomials; others take the rule from jvp
    zero = Tensor(np.array([0.0, 1.0]))
    assert ops.derivative(lambda t: t ** 3, zero, 3)[1].asnumpy().tolist() == [6.0, 6.0]
    assert ops.derivative(lambda t: t ** 3, zero, 4)[1].asnumpy().tolist() == [0.0, 0.0]
    assert_close(ops.derivative(lambda t: t ** 2.5, zero, 2)[1], [0.0, 3.75], 1e-15)
    # weight gradients through the recurrence
    check_grads(lambda t: ops.jet(lambda y: (y + 2.0) ** 1.5 * y ** 2,
                                  t, Tensor(np.ones((4, 3))))[1], (x,), order=1)


@pytest.mark.parametrize("nb", [0, 1])
@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
def test_series_over_duals_matches_the_recurrence_on_duals(name, nb, monkeypatch):
    """Taylor coefficients whose values are Duals of one outer pass (jacfwd of
    a high-order residual): the fused primal series with ẏ_k = Σ_j F_j·ẋ_(k-j)
    equals the recurrence multiplying the Duals, for every coefficient, with a
    zero (None) coefficient and a constant one among them."""
    rng = np.random.default_rng(21)
    shape, order = (4, 3), 5
    tangent_shape = (3,) + shape if nb else shape
    trace = _core.ForwardTrace()
    taylor = TaylorPass()

    def dual(scale=1.0):
        return _core.make_dual(scale * rng.standard_normal(shape),
                               rng.standard_normal(tangent_shape), trace, nb)

    x0 = dual()
    series = (dual(), None, rng.standard_normal(shape), dual(0.5), dual(0.3))
    by_slope = []
    tangents_by_slope = _taylor._tangents_by_slope
    monkeypatch.setattr(_taylor, "_tangents_by_slope",
                        lambda *args: by_slope.append(1) or tangents_by_slope(*args))
    fused = _core.unbox(getattr(F, name)(_core.make_taylor(x0, series, taylor)), taylor)[1]
    assert by_slope == [1]          # the series over Duals, not the recurrence on them
    monkeypatch.setattr(TaylorPass, "_unary_over_duals", lambda *args: None)
    generic = _taylor._solve_ode_with_primitives(name, x0, series, order, getattr(F, name)(x0))
    assert len(fused) == len(generic) == order
    for k, (got, want) in enumerate(zip(fused, generic), start=1):
        assert isinstance(got, _core.Dual) and got.nb == nb
        assert_close(got.primal, want.primal, 1e-13, f"{name}: y_{k}")
        assert_close(got.tangent, want.tangent, 1e-12, f"{name}: tangent of y_{k}")


@pytest.mark.parametrize("coordinates", [(0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 1)])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "sin", "cos", "exp", "softplus",
                                        "gelu", "gelu_tanh", "silu", "erf"])
def test_forward_jacobian_of_high_order_residuals_equals_reverse(activation, coordinates):
    """``jacfwd`` of residuals from ``partial`` of order 3 and 4 (Taylor mode,
    and its Dual nesting for the mixed u_xxxy) w.r.t. the weights: the series
    over Duals against ``jacrev``'s reverse over Taylor."""
    rng = np.random.default_rng(22)
    x = Tensor(rng.uniform(-1, 1, (5, 2)))
    shapes = [(2, 6), (6,), (6, 6), (6,), (6, 1), (1,)]
    weights = [Tensor(0.6 * rng.standard_normal(s)) for s in shapes]
    act = _ACTIVATION.get(activation) or getattr(ops, activation)
    positions = tuple(range(len(weights)))

    def residuals(*w):
        def u(p):
            h = act(ops.matmul(p, w[0]) + w[1])
            h = act(ops.matmul(h, w[2]) + w[3])
            return ops.matmul(h, w[4]) + w[5]
        return ms.partial(u, *coordinates)(x).reshape(-1)

    forward = ms.jacfwd(residuals, grad_position=positions)(*weights)
    reverse = ms.jacrev(residuals, grad_position=positions)(*weights)
    for got, want in zip(forward, reverse):
        assert_close(got, want, 1e-12, f"{activation} {coordinates}")


@pytest.mark.parametrize("row", _table.UNARY, ids=lambda r: r.name)
def test_every_unary_rule_over_duals_matches_the_rule_from_jvp(row, monkeypatch):
    """A series whose coefficients are Duals of an outer pass, through every
    elementwise primitive: the tangents from f'(x(t))'s series (or the ODE
    path's) equal the rule from jvp nesting the Duals, to order 4."""
    rng = np.random.default_rng(23)
    x = inside(row.domain, 6)
    trace = _core.ForwardTrace()
    taylor = TaylorPass()

    def dual(primal):
        return _core.make_dual(primal, rng.standard_normal((2,) + primal.shape), trace, 1)

    x0 = dual(x)
    series = (dual(0.3 * np.ones(6)), None, dual(0.05 * rng.standard_normal(6)),
              dual(0.02 * rng.standard_normal(6)))
    prim = F.ELEMENTWISE[row.name]

    def coefficients():
        out = prim(_core.make_taylor(x0, series, taylor))
        primal, parts = _core.unbox(out, taylor)
        return [primal] + list(parts)

    fused = coefficients()
    monkeypatch.setattr(TaylorPass, "_unary_over_duals", lambda *args: None)
    generic = coefficients()
    for k, (got, want) in enumerate(zip(fused, generic)):
        if want is None or not isinstance(want, _core.Dual):
            assert got is None or not isinstance(got, _core.Dual) or not np.any(got.tangent), \
                f"{row.name}: y_{k} has a tangent where the rule from jvp has none"
            continue
        assert_close(got.primal, want.primal, 1e-12, f"{row.name}: y_{k}")
        assert_close(got.tangent, want.tangent, 1e-10, f"{row.name}: tangent of y_{k}")


def test_a_constant_non_integer_power_keeps_float32():
    # the recurrence's weights p·k - (j - k) are in the base's dtype, as pow
    # keeps a float32 base float32 for a Python exponent
    x = np.random.default_rng(3).uniform(0.5, 1.5, (4, 1))
    got = ms.partial(lambda p: (p[:, 0] + 0.8) ** 1.5, 0, 0, 0)(Tensor(x, ms.float32))
    assert got.dtype == ms.float32
    want = 1.5 * 0.5 * -0.5 * (x[:, 0] + 0.8) ** -1.5
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-5)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
def test_fused_kernels_along_directions_sharing_the_point(name):
    # coefficients of shape (R,) + x0's: R curves through x0, each as if alone;
    # the adjoint sums x0's and y0's cotangents over the curves
    rng = np.random.default_rng(21)
    x0 = rng.uniform(-2, 2, (5, 13))
    y0 = getattr(np, name)(x0) if name != "sigmoid" else 1 / (1 + np.exp(-x0))
    series = [rng.standard_normal((3,) + x0.shape), None, rng.standard_normal((3,) + x0.shape)]
    cotangents = [rng.standard_normal((3,) + x0.shape) for _ in series]
    together = _series.series_of(name, x0, y0, series)
    bars = _series.adjoint_of(name, x0, y0, series, cotangents)
    x_bar, y_bar = 0, 0
    for r in range(3):
        alone = _series.series_of(name, x0, y0, [None if c is None else c[r] for c in series])
        for k in range(3):
            np.testing.assert_array_equal(together[k][r], alone[k])
        one = _series.adjoint_of(name, x0, y0, [None if c is None else c[r] for c in series],
                                 [g[r] for g in cotangents])
        for k in (0, 2):
            np.testing.assert_array_equal(bars[2][k][r], one[2][k])
        x_bar = x_bar + (0 if one[0] is None else one[0])
        y_bar = y_bar + one[1]
    assert bars[2][1] is None and together[1].shape == (3, 5, 13)
    assert (bars[0] is None) == (name in ("tanh", "exp"))
    if bars[0] is not None:
        assert_close(bars[0], x_bar, 1e-14)
    assert_close(bars[1], y_bar, 1e-14)
    # coefficients of two layouts, or a leading axis that is not the directions'
    assert _series.series_of(name, x0, y0, [series[0], x0]) is None
    assert _series.series_of(name, x0, y0, [rng.standard_normal((3, 5, 12))]) is None


def test_the_series_primitive_along_directions_with_a_point_per_direction():
    # the batching rule of the fused series primitive: with x0 the same for
    # every direction, one kernel call over all; with x0 differing, every
    # operand repeated along the directions; both as each direction alone
    rng = np.random.default_rng(22)
    x0s = rng.uniform(-1, 1, (3, 4, 2))
    coefficient = rng.standard_normal((3, 4, 2))
    batch = _vmap._BatchTrace(3)
    series = _taylor._SERIES["tanh"]
    for shared in (True, False):
        x0 = x0s[0] if shared else _core.make_batched(x0s, batch)
        y0 = np.tanh(x0s[0]) if shared else _core.make_batched(np.tanh(x0s), batch)
        out = series.bind((x0, y0, _core.make_batched(coefficient, batch), None), {})
        for r in range(3):
            point = x0s[0] if shared else x0s[r]
            alone = _series.series_of("tanh", point, np.tanh(point), [coefficient[r], None])
            for got, want in zip(out, alone):
                assert type(got) is _core.Batched
                assert_close(got.value[r], want, 1e-15)


def test_a_collapsed_top_the_same_along_every_direction_counts_once_per_direction():
    # coefficients that carry no axis of directions stand for the same value
    # along each: the collapsed top is then the weights' sum times it
    x0 = np.array([0.3, -0.8])
    c1 = np.array([1.0, 0.5])
    weights = np.array([0.5, 2.0])
    collapsing = _taylor.TaylorPass(collapse=(3, _vmap._BatchTrace(2), weights))
    plain = _taylor.TaylorPass()
    got = F.ELEMENTWISE["tanh"](_core.make_taylor(x0, (c1, None, None), collapsing))
    want = F.ELEMENTWISE["tanh"](_core.make_taylor(x0, (c1, None, None), plain))
    got = _taylor.coefficients_of(got, collapsing, 3)
    want = _taylor.coefficients_of(want, plain, 3)
    for k in range(3):
        assert_close(got[k], want[k], 1e-15)
    assert_close(got[3], weights.sum() * want[3], 1e-15)


@pytest.mark.parametrize("name", ["softplus", "gelu", "silu", "log"])
def test_a_rule_from_jvp_whose_slope_reads_only_x_skips_y_at_lower_orders(name, monkeypatch):
    # f' of these is a function of x alone (the table's d1 has no y), so the
    # order-K series needs f'(x(t)) to order K-1 and never y to the orders below
    x = Tensor(np.array([0.3, 0.7, 1.9]))
    applied = []
    apply = _taylor.TaylorPass._apply
    monkeypatch.setattr(_taylor.TaylorPass, "_apply",
                        lambda self, prim, *args: applied.append(prim.name)
                        or apply(self, prim, *args))
    got = ops.derivative(getattr(ops, name), x, 6)[1]
    monkeypatch.undo()
    assert applied.count(name) == 1
    assert_close(got, nested_derivative(getattr(ops, name), 6)(x), 1e-9)


@pytest.mark.parametrize("name", ["silu", "gelu", "gelu_tanh"])
def test_product_forms_match_the_rule_from_jvp(name, monkeypatch):
    # x·sigmoid(x), x·Φ(x) and x·sigmoid(z(x)) as Cauchy products of x's
    # series with the fast series of sigmoid and Φ, against the rule from
    # jvp, far into both tails
    x0 = np.array([-30.0, -12.0, -3.0, -0.4, 0.0, 0.7, 2.5, 9.0, 35.0])
    rng = np.random.default_rng(31)
    used = []
    form = _taylor._PRODUCT_FORMS[name]
    monkeypatch.setitem(_taylor._PRODUCT_FORMS, name,
                        lambda *args: used.append(1) or form(*args))
    for order in (1, 2, 4, 7):
        series = tuple(rng.standard_normal(x0.shape) / (k + 1) for k in range(order))
        series = series[:1] + (None,) + series[2:] if order > 2 else series
        trace = TaylorPass()
        fast = _taylor.coefficients_of(
            F.ELEMENTWISE[name](_core.make_taylor(x0, series, trace)), trace, order)
        with monkeypatch.context() as m:
            m.delitem(_taylor._PRODUCT_FORMS, name)
            trace = TaylorPass()
            slow = _taylor.coefficients_of(
                F.ELEMENTWISE[name](_core.make_taylor(x0, series, trace)), trace, order)
        for k in range(order + 1):
            assert_close(fast[k], slow[k], 1e-12, f"{name}, order {order}, coefficient {k}")
    assert len(used) == 4
    # float32 stays float32, computed close to float64
    op = _ACTIVATION.get(name) or getattr(ops, name)
    got = ms.partial(op, 0, 0, 0)(Tensor(x0[:, None], ms.float32))
    assert got.dtype == ms.float32
    want = ms.partial(op, 0, 0, 0)(Tensor(x0[:, None]))
    np.testing.assert_allclose(got.asnumpy(), want.asnumpy(), rtol=1e-4, atol=1e-5)


def _bits(a):
    """An array's bytes, for comparing bit for bit (signed zeros too), with
    every NaN made one NaN: which NaN an operation with two of them passes
    on depends on the order of its operands, which the compiler may swap."""
    if a is None:
        return None
    a = np.array(a)
    a[np.isnan(a)] = np.nan
    return a.view(np.uint8).tobytes()


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp", "sin", "cos"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fixed_order_kernels_give_the_general_loops_bits(name, dtype):
    """Orders 1..FIXED_MAX_ORDER with every slope present, slope 1 alone, or
    every one but the last, run code with constant bounds; it must give the
    general loops' bits, forward and adjoint, on a tail block, for R curves
    through one point, and at values that overflow (exp's series to inf, NaN
    from inf - inf)."""
    rng = np.random.default_rng(21)
    x0 = rng.uniform(-3, 3, (3, 45)).astype(dtype)     # 135 elements: two blocks and a tail
    x0[0, :6] = [0.0, -0.0, 700.0, -700.0, np.inf, np.nan]
    y0 = np.asarray(F.ELEMENTWISE[name](x0))
    assert _series.FIXED_MAX_ORDER >= 4
    for order in range(1, _series.FIXED_MAX_ORDER + 2):
        for pattern in ("all", "first", "but last", "gap"):
            for curves in (None, 2):
                shape = x0.shape if curves is None else (curves,) + x0.shape
                series = [(rng.standard_normal(shape) * 3.0).astype(dtype) for _ in range(order)]
                series[0][..., 0, 6] = 1e200 if dtype == np.float64 else 1e30
                if pattern == "first":
                    series[1:] = [None] * (order - 1)
                elif pattern == "but last":
                    series[-1] = None
                elif pattern == "gap" and order > 3:
                    series[1] = None
                if all(c is None for c in series):
                    continue        # (no curves to take the cotangents' shape from)
                cotangents = [rng.standard_normal(shape).astype(dtype) for _ in range(order)]
                if order > 1:
                    cotangents[-2] = None
                results = []
                for fixed in (True, False):
                    previous = _series.fixed_orders(fixed)
                    try:
                        with np.errstate(all="ignore"):
                            forward = _series.series_of(name, x0, y0, list(series))
                            adjoint = _series.adjoint_of(name, x0, y0, list(series),
                                                         list(cotangents))
                    finally:
                        _series.fixed_orders(previous)
                    results.append([_bits(a) for a in forward]
                                   + [_bits(adjoint[0]), _bits(adjoint[1])]
                                   + [_bits(a) for a in adjoint[2]])
                assert results[0] == results[1], (name, dtype, order, pattern, curves)
    assert _series.fixed_orders(True) is True       # the default, left as it was
