"""Tests of dualgrad.testing itself: check_grads' verdicts and reports, and the strategies."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import dualgrad as ms
from dualgrad import Tensor, _elementwise, nn, ops
from dualgrad._core import Primitive, primal_value
from dualgrad._parameter import Parameter
from dualgrad._tensor import value_of, wrap
from dualgrad.testing import check_grads, strategies as dst

X = Tensor(np.array([[0.3, -1.1, 2.0], [0.7, 1.4, -0.2]]))
Y = Tensor(np.array([[0.5, -0.25, 1.5], [1.0, 0.2, -0.7]]))


def arr(t):
    return np.asarray(primal_value(value_of(t)))


# ---------------------------------------------------------------------------
# Functions with one rule deliberately wrong

class Mutant(Primitive):
    """y = x * sin(x) with a choice of wrong rules (scale per mode and argument)."""

    def __init__(self, jvp_scale=1.0, vjp_scale=1.0, tangent_dtype=None):
        Primitive.__init__(self, "mutant")
        self.jvp_scale, self.vjp_scale = jvp_scale, vjp_scale
        self.tangent_dtype = tangent_dtype

    def impl(self, x):
        return x * np.sin(x)

    def d1(self, x):
        return _elementwise.sin(x) + x * _elementwise.cos(x)

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0] * (self.jvp_scale * self.d1(primals[0]))
        if self.tangent_dtype is not None:
            t = np.asarray(t, self.tangent_dtype)
        return t

    def vjp(self, g, args, out, active, params):
        return (g * (self.vjp_scale * self.d1(args[0])),)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        x, b, c, d = reals[0], e1s[0], e2s[0], e12s[0]
        d1 = self.jvp_scale * self.d1(x)
        d2 = 2 * _elementwise.cos(x) - x * _elementwise.sin(x)
        return b * d1, c * d1, d * d1 + b * c * d2


def lifted(prim):
    return lambda x: wrap(prim.bind((value_of(x),), {}))


# ---------------------------------------------------------------------------
# check_grads: correct functions pass

def test_passes_on_correct_functions_at_orders_1_to_3():
    def f(x, y):
        return ops.tanh(x) * y + ops.exp(y).sum()
    for order in (1, 2, 3):
        check_grads(f, (X, Y), order=order, modes=("fwd", "rev", "hyper"))


def test_tuple_outputs_each_checked():
    def f(x, y):
        return ops.sin(x), (x * y).sum(), ops.log1p(y * y)
    check_grads(f, (X, Y), order=2, modes=("fwd", "rev", "hyper"))


def test_constant_arguments_pass_through():
    def f(x, n, flag, c):
        assert isinstance(n, int) and flag is True and isinstance(c, float)
        return ops.sin(x) ** n * c
    check_grads(f, (X, 3, True, 0.5), order=2)


def test_zero_dim_and_zero_size_arguments():
    check_grads(lambda x, z: ops.sin(x) * 2.0 + z.sum(), (Tensor(np.array(0.7)),
                                                          Tensor(np.zeros((0, 3)))), order=2)


def test_all_composite_modes_accepted():
    check_grads(lambda x: ops.sin(x) * x, (X,), order=2,
                modes=("fwd_fwd", "fwd_rev", "rev_fwd", "rev_rev", "hyper"))


def test_float32_functions_use_float32_tolerances():
    x32 = Tensor(arr(X).astype(np.float32))
    check_grads(lambda x: ops.tanh(x) * x, (x32,), order=2, modes=("fwd", "rev", "hyper"))


def test_float32_only_functions_fall_back_to_float32_differences():
    x32 = Tensor(arr(X).astype(np.float32))

    def f(x):        # casts to float32 whatever comes in: no float64 evaluation exists
        return ops.sin(x.astype(ms.float32)) * 2.0
    check_grads(f, (x32,), order=1)


def test_weights_of_a_functional_network():
    w = Parameter(Tensor(np.array([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]])), name="w")
    b = Parameter(Tensor(np.array([0.1, -0.2])), name="b")

    def net(x):
        return ops.tanh(ops.matmul(x, w) + b)
    check_grads(net, (X,), order=2, weights=[w, b], modes=("fwd", "rev", "hyper"))
    # the Parameters are left untouched
    np.testing.assert_array_equal(arr(b), [0.1, -0.2])


# ---------------------------------------------------------------------------
# check_grads: wrong derivatives fail, with a readable report

def test_wrong_jvp_is_reported_with_mode_argument_index_and_values():
    fn = lifted(Mutant(jvp_scale=1.01))
    check_grads(fn, (X,), modes=("rev",))          # reverse mode is right
    with pytest.raises(AssertionError) as info:
        check_grads(fn, (X,), modes=("fwd",))
    msg = str(info.value)
    assert "order 1, mode 'fwd'" in msg
    assert "argument 0" in msg and "largest error" in msg and "at index (" in msg
    assert "autodiff:" in msg and "finite differences:" in msg
    assert "rtol=1e-06" in msg


def test_wrong_vjp_is_located_elementwise():
    fn = lifted(Mutant(vjp_scale=1.01))
    check_grads(fn, (X,), modes=("fwd",))
    with pytest.raises(AssertionError) as info:
        check_grads(fn, (X,), modes=("rev",))
    msg = str(info.value)
    assert "order 1, mode 'rev'" in msg
    assert "the gradient of argument 0 (2, 3): largest error" in msg


def test_the_failing_argument_is_named():
    bad = lifted(Mutant(vjp_scale=0.98))

    def f(x, y):
        return ops.sin(x).sum() + bad(y).sum()
    with pytest.raises(AssertionError) as info:
        check_grads(f, (X, Y), modes=("rev",))
    msg = str(info.value)
    assert "argument 1" in msg and "argument 0:" not in msg


def test_dtype_changes_are_reported():
    fn = lifted(Mutant(tangent_dtype=np.float64))
    with pytest.raises(AssertionError, match="float32 must stay float32"):
        check_grads(fn, (Tensor(arr(X).astype(np.float32)),), modes=("fwd",))


def test_order_2_report_names_the_composition():
    def frozen(x):
        from dualgrad._custom import custom_vjp
        return custom_vjp(lambda x: x * ops.sin(x),
                          lambda x, out, dout: (dout * ops.stop_gradient(
                              ops.sin(x) + x * ops.cos(x)),), x)
    check_grads(frozen, (X,), order=1)
    with pytest.raises(AssertionError) as info:
        check_grads(frozen, (X,), order=2, modes=("fwd_rev",))
    assert "order 2, mode 'fwd' — fwd over rev" in str(info.value)


def test_nan_mismatch_fails():
    class NaNGrad(Mutant):
        def vjp(self, g, args, out, active, params):
            return (g * np.nan,)
    with pytest.raises(AssertionError):
        check_grads(lifted(NaNGrad()), (X,), modes=("rev",))


@pytest.mark.parametrize("kwargs, error", [
    (dict(order=0), ValueError), (dict(order=1.5), TypeError), (dict(order="2"), TypeError),
    (dict(modes=("fwd", "backward")), ValueError), (dict(modes=()), ValueError)])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        check_grads(ops.sin, (X,), **kwargs)


def test_nothing_to_differentiate_and_bad_outputs():
    with pytest.raises(ValueError, match="nothing to differentiate"):
        check_grads(lambda n: Tensor(np.ones(2)) * n, (3,))
    with pytest.raises(TypeError, match="callable"):
        check_grads(42, (X,))
    with pytest.raises(TypeError, match="no floating-point Tensor"):
        check_grads(lambda x: Tensor(np.array([1, 2])), (X,))
    with pytest.raises(TypeError, match="Parameter"):
        check_grads(ops.sin, (X,), weights=[X])


# ---------------------------------------------------------------------------
# Cells, including custom bprop

class SinCell(nn.Cell):
    def construct(self, x):
        return ops.sin(x)


class BpropCell(nn.Cell):
    """sin(x) with a hand-written backward rule."""

    def __init__(self, scale=1.0, frozen=False):
        super().__init__()
        self.scale, self.frozen = scale, frozen

    def construct(self, x):
        return ops.sin(x)

    def bprop(self, x, out, dout):
        d = ops.cos(x)
        if self.frozen:
            d = ops.stop_gradient(d)
        return (dout * d * self.scale,)


def test_cells_and_custom_bprop():
    check_grads(SinCell(), (X,), order=2, modes=("fwd", "rev", "hyper"))
    check_grads(BpropCell(), (X,), order=2, modes=("fwd", "rev", "hyper"))
    # Every mode uses the bprop, so each catches a wrong one.
    for mode in ("fwd", "rev", "hyper"):
        with pytest.raises(AssertionError, match=f"order 1, mode '{mode}'"):
            check_grads(BpropCell(scale=1.01), (X,), modes=(mode,))
    check_grads(BpropCell(frozen=True), (X,), order=1)
    with pytest.raises(AssertionError, match="order 2"):
        check_grads(BpropCell(frozen=True), (X,), order=2)


def test_dense_weights():
    net = nn.Dense(3, 2, activation="tanh", weight_init=Tensor(np.full((2, 3), 0.3)),
                   bias_init=Tensor(np.array([0.1, -0.1])), dtype=ms.float64)
    check_grads(net, (X,), order=2, weights=net.trainable_params(),
                modes=("fwd", "rev", "hyper"))


# ---------------------------------------------------------------------------
# Strategies

@given(t=dst.tensors())
def test_tensors_default(t):
    assert isinstance(t, Tensor) and t.dtype == ms.float64
    a = arr(t)
    assert a.ndim <= 3 and np.all((a >= -3) & (a <= 3))


@given(t=dst.tensors(shape=(3, 4), dtype=np.float32, min_value=0.1, max_value=0.7,
                     contiguous=False))
def test_tensors_float32_non_contiguous(t):
    a = arr(t)
    assert a.dtype == np.float32 and a.shape == (3, 4)
    assert not a.flags.c_contiguous
    assert np.all((a >= np.float32(0.1)) & (a <= np.float32(0.7)))


@given(t=dst.tensors(shape=st.sampled_from([(), (0,), (2, 0)])))
def test_tensors_zero_dim_and_zero_size(t):
    assert t.shape in ((), (0,), (2, 0))


@given(shapes=dst.broadcastable_shapes(3, min_side=0))
def test_broadcastable_shapes(shapes):
    assert len(shapes) == 3
    np.broadcast_shapes(*shapes)


@given(program=dst.functions())
def test_programs_run_and_print_as_equivalent_code(program):
    fn, args = program
    out = fn(*args)
    outs = out if isinstance(out, tuple) else (out,)
    for o in outs:      # (Tensor-ness of every op's result: test_rules.py)
        assert np.all(np.isfinite(arr(o)))
    namespace = {"prim": dst.prim, "np": np}
    exec(repr(fn), namespace)
    again = namespace["program"](*args)
    again = again if isinstance(again, tuple) else (again,)
    for a, b in zip(outs, again):
        np.testing.assert_array_equal(arr(a), arr(b))


@given(program=dst.functions(dtype=np.float32, structural=False))
def test_programs_float32(program):
    fn, args = program
    out = fn(*args)
    for o in (out if isinstance(out, tuple) else (out,)):
        assert o.dtype == ms.float32


@given(case=dst.mlps())
def test_mlps_with_nn(case):
    net, (x,) = case
    assert isinstance(net, nn.Cell)
    out = net(x)
    assert out.shape[0] == x.shape[0]
    check_grads(net, (x,), order=2, weights=net.trainable_params(),
                modes=("fwd", "rev", "hyper"))


@given(case=dst.mlps(use_nn=False, dtype=np.float32))
def test_mlps_functional(case):
    net, (x,) = case
    assert isinstance(net, dst.FunctionalMLP)
    assert net(x).dtype == ms.float32
    check_grads(net, (x,), order=1, weights=net.trainable_params())
