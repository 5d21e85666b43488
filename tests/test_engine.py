"""The engine's plumbing: fast paths vs generic paths, nesting, depth, tape release, dtypes.

The rules themselves are checked row by row in test_rules.py; here the same
derivative must come out whichever internal path computes it (fused kernel on
plain arrays, scalar operands, broadcasting, boxes of nested traces).
"""
import gc
import weakref

import numpy as np
import pytest

import dualgrad as dg
from dualgrad import Dual, HyperDual, Tensor, ops
from dualgrad import _core, _elementwise as ew, _functions as F

RNG = np.random.default_rng(0)
BINARY = [p for p in ew.BINARY]


def _inputs(prim, shape_a, shape_b, dtype=np.float64):
    (la, ha), (lb, hb) = prim.entry.domain
    a = RNG.uniform(la, ha, shape_a).astype(dtype)
    b = RNG.uniform(lb, hb, shape_b).astype(dtype)
    return a, b


def _fd_grad(f, x, h=1e-6):
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def _reverse(prim, a, b, active):
    """Gradients of sum(w * prim(a, b)) by the tape, for the active operands."""
    tape = _core.Tape()
    leaves = []
    args = []
    for x, on in zip((a, b), active):
        if on:
            leaf = tape.leaf(x)
            leaves.append(leaf)
            args.append(leaf)
        else:
            args.append(x)
    out = prim(*args)
    w = np.linspace(0.5, 1.5, np.size(_core.primal_value(out))).reshape(
        np.shape(_core.primal_value(out)))
    total = F.sum_(F.mul(out, w))
    return tape.backward(total, np.ones(()), leaves), w


OPERAND_CASES = [(case, active) for case in ("same", "scalar_b", "scalar_a", "python_b",
                                              "broadcast", "size1_b")
                 for active in ((True, True), (True, False), (False, True))
                 if not (case == "python_b" and active[1])]   # a Python number is constant


@pytest.mark.parametrize("prim", BINARY, ids=lambda p: p.name)
@pytest.mark.parametrize("case,active", OPERAND_CASES,
                         ids=[f"{c}-{'ab' if a[0] and a[1] else 'a' if a[0] else 'b'}"
                              for c, a in OPERAND_CASES])
def test_binary_reverse_matches_finite_differences_on_every_operand_path(prim, case, active):
    shapes = {"same": ((3, 4), (3, 4)), "scalar_b": ((3, 4), ()), "scalar_a": ((), (3, 4)),
              "python_b": ((3, 4), ()), "broadcast": ((3, 1), (4,)),
              "size1_b": ((3, 4), (1,))}[case]
    a, b = _inputs(prim, *shapes)
    if case == "python_b":
        b = float(b)
    grads, w = _reverse(prim, a, b, active)
    k = 0
    for i, (x, on) in enumerate(zip((a, b), active)):
        if not on:
            continue
        def f(v, i=i):
            args = [a, b]
            args[i] = v
            return float(np.sum(w * np.asarray(prim(*args))))
        expected = _fd_grad(f, x)
        assert np.shape(grads[k]) == np.shape(x)
        np.testing.assert_allclose(grads[k], expected, rtol=1e-6, atol=1e-8)
        k += 1


@pytest.mark.parametrize("prim", BINARY, ids=lambda p: p.name)
@pytest.mark.parametrize("case", ["same", "python_b", "size1_b", "broadcast"])
def test_binary_dual_and_hyperdual_match_the_tape(prim, case):
    shapes = {"same": ((5,), (5,)), "python_b": ((5,), ()), "size1_b": ((5,), (1,)),
              "broadcast": ((2, 1), (3,))}[case]
    a, b = _inputs(prim, *shapes)
    if case == "python_b":
        b = float(b)
    ta = RNG.standard_normal(np.shape(a))
    # forward mode along ta on a, with b constant
    d = prim(Dual(a, ta), b)
    grads, w = _reverse(prim, a, b, (True, False))
    np.testing.assert_allclose(np.sum(w * d.tangent), np.sum(grads[0] * ta), rtol=1e-12)
    # hyper-dual second derivative along (ta, ta) vs forward over forward
    h = prim(HyperDual(a, ta, ta, np.zeros_like(a)), b)
    inner = _core.ForwardTrace()
    outer = _core.ForwardTrace()
    x = _core.make_dual(_core.make_dual(a, ta, inner), _core.make_dual(ta, np.zeros_like(a),
                                                                       inner), outer)
    y = prim(x, b)
    second = _core.unbox(_core.unbox(y, outer)[1], inner)[1]
    if second is None:      # a symbolic zero: f is constant in a (polygamma's order)
        second = np.zeros_like(h.e12)
    np.testing.assert_allclose(h.e12, second, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h.e1, d.tangent, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("batched", [False, True])
def test_unary_kernels_on_noncontiguous_and_zero_size_inputs(batched):
    x = RNG.uniform(-2, 2, (4, 6))[:, ::2]
    assert not x.flags.c_contiguous
    np.testing.assert_allclose(ew.tanh(x), np.tanh(x), rtol=1e-15)
    g = dg.grad(lambda t: ops.tanh(t).sum())(Tensor(x)).asnumpy()
    np.testing.assert_allclose(g, 1 - np.tanh(x) ** 2, rtol=1e-14)
    empty = np.zeros((0, 3))
    assert dg.grad(lambda t: ops.sin(t).sum())(Tensor(empty)).shape == (0, 3)
    zero_d = Tensor(np.array(0.5))
    assert dg.grad(ops.sin)(zero_d).shape == ()
    np.testing.assert_allclose(dg.grad(ops.sin)(zero_d).asnumpy(), np.cos(0.5))


def test_large_arrays_use_the_simd_ufunc_and_keep_derivatives_exact():
    x = RNG.uniform(-2, 2, 100_000)
    b, c, d = (RNG.standard_normal(x.shape) for _ in range(3))
    h = ops.tanh(HyperDual(x, b, c, d))
    y = np.tanh(x)
    np.testing.assert_allclose(h.real, y, rtol=1e-15)
    np.testing.assert_allclose(h.e1, b * (1 - y * y), rtol=1e-13)
    np.testing.assert_allclose(h.e12, d * (1 - y * y) + b * c * (-2 * y * (1 - y * y)),
                               rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------
# Nesting and perturbation confusion: d/dx [x * d/dy (x + y)] at x = 1 is 1.

def _confusion(outer, inner):
    def inner_derivative(x):
        return inner(lambda y: x + y, Tensor(np.array(3.0)))

    return outer(lambda x: x * inner_derivative(x), Tensor(np.array(1.0)))


def _rev(f, x):
    return dg.grad(f)(x)


def _fwd(f, x):
    return dg.jvp(f, x, Tensor(np.ones_like(x.asnumpy())))[1]


@pytest.mark.parametrize("outer", [_rev, _fwd], ids=["rev", "fwd"])
@pytest.mark.parametrize("inner", [_rev, _fwd], ids=["rev", "fwd"])
def test_no_perturbation_confusion_in_any_mix_of_modes(outer, inner):
    assert float(_confusion(outer, inner)) == 1.0


def test_no_perturbation_confusion_with_a_hyperdual_inside_a_tape():
    # d/dx [x * d/dy (x*y)] at x = 2: the inner derivative (x) comes from the
    # hyper-dual's e1, the outer one from the tape: 2x = 4, not 6 or 2.
    tape = _core.Tape()
    x = tape.leaf(np.array(2.0))
    h = ew.mul(HyperDual(np.array(3.0), 1.0, 1.0, 0.0), x)
    out = ew.mul(x, h.e1)
    (g,) = tape.backward(out, np.ones(()), [x])
    assert float(g) == 4.0


def test_third_order_by_nesting_is_minus_cos():
    x = Tensor(np.array([0.5, 1.3]))
    third = dg.grad(dg.grad(dg.grad(ops.sin)))(x)
    np.testing.assert_allclose(third.asnumpy(), -np.cos(x.asnumpy()), rtol=1e-14)
    fourth = dg.grad(dg.grad(dg.grad(dg.grad(ops.sin))))(x)
    np.testing.assert_allclose(fourth.asnumpy(), np.sin(x.asnumpy()), rtol=1e-14)


def test_grad_of_a_function_that_calls_grad_inside():
    def f(x):
        g = dg.grad(lambda y: (y * y * x).sum())(x)   # 2 x^2
        return (g * x).sum()                          # 2 x^3 -> 6 x^2
    x = Tensor(np.array([1.0, -2.0]))
    np.testing.assert_allclose(dg.grad(f)(x).asnumpy(), 6 * x.asnumpy() ** 2)


def test_forward_over_reverse_and_reverse_over_reverse_agree():
    w = RNG.standard_normal((3, 3))
    f = lambda x: (ops.tanh(x @ Tensor(w)) * ops.sin(x)).sum()
    x = Tensor(RNG.standard_normal(3))
    inner = dg.grad(f)
    nested = dg.grad(lambda x: inner(x).sum())(x).asnumpy()   # reverse over reverse
    composed = dg.grad(dg.grad(f))(x).asnumpy()                # forward over reverse
    full = dg.hessian(f)(x).asnumpy()
    np.testing.assert_allclose(nested, composed, rtol=1e-12)
    np.testing.assert_allclose(composed, full.sum(axis=1), rtol=1e-12)


# ---------------------------------------------------------------------------
# Depth, release, dtypes, errors

def test_a_chain_of_a_million_operations_differentiates():
    n = 1_000_000
    tape = _core.Tape()
    x = tape.leaf(np.array([1.0]))
    y = x
    for _ in range(n):
        y = ew.mul(y, 1.0000001)
    (g,) = tape.backward(y, np.ones(1), [x])
    np.testing.assert_allclose(g, [1.0000001 ** n], rtol=1e-9)


def test_the_tape_is_released_when_the_gradient_returns():
    tape = _core.Tape()
    x = tape.leaf(np.arange(3.0))
    y = ew.sin(x)
    ref = weakref.ref(_core.primal_value(y))
    total = F.sum_(y)
    del y
    tape.backward(total, np.ones(()), [x])
    del total
    gc.collect()
    assert len(tape) == 0
    assert ref() is None
    with pytest.raises(RuntimeError, match="released"):
        tape.leaf(np.ones(1))


def test_a_leaked_box_gives_a_clear_error():
    leaked = []

    def f(x):
        leaked.append(x)
        return (x * x).sum()
    dg.grad(f)(Tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="already returned"):
        ops.sin(leaked[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_through_every_mode(dtype):
    x = Tensor(np.array([0.3, 0.7], dtype=dtype))
    f = lambda x: (ops.tanh(x) * x * 2.0 + 1).sum()
    assert dg.grad(f)(x).asnumpy().dtype == dtype
    assert dg.grad(dg.grad(f))(x).asnumpy().dtype == dtype
    assert dg.jvp(f, x, Tensor(np.ones(2, dtype)))[1].asnumpy().dtype == dtype
    assert dg.hessian(f)(x).asnumpy().dtype == dtype
    h = ops.tanh(HyperDual(x.asnumpy(), 1.0, 1.0, 0.0))
    assert h.e12.dtype == dtype and h.real.dtype == dtype


def test_mixed_precision_promotes_and_casts_gradients_back():
    a = Tensor(np.array([1.0, 2.0], np.float32))
    b = Tensor(np.array([3.0, 4.0], np.float64))
    ga, gb = dg.grad(lambda a, b: (a * b).sum(), (0, 1))(a, b)
    assert ga.asnumpy().dtype == np.float32 and gb.asnumpy().dtype == np.float64
    np.testing.assert_allclose(ga.asnumpy(), [3.0, 4.0])


def test_nan_and_inf_propagate_as_numpy_does():
    x = np.array([np.nan, np.inf, -np.inf, 0.5])
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(ew.sin(x), np.sin(x))
        np.testing.assert_array_equal(ew.exp(x), np.exp(x))
        np.testing.assert_array_equal(ew.maximum(x, 0.0), np.maximum(x, 0.0))
        np.testing.assert_array_equal(ew.relu(x), np.maximum(x, 0.0))
        g = dg.grad(lambda t: ops.exp(t).sum())(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(g, np.exp(x))


def test_differentiating_an_integer_tensor_is_a_type_error():
    with pytest.raises(TypeError, match="floating-point"):
        dg.grad(lambda x: (x * x).sum())(Tensor([1, 2, 3]))


def test_dual_construction_checks_shapes_and_dtypes():
    with pytest.raises(ValueError, match="tangent"):
        Dual(np.zeros(3), np.zeros(4))
    with pytest.raises(TypeError, match="primal"):
        Dual(np.array([1, 2]), 1.0)
    with pytest.raises(ValueError, match="batched"):
        Dual(np.zeros(3), 1.0, batched=True)
    with pytest.raises(ValueError, match="collapsed"):
        HyperDual(np.zeros(3), 1.0, 1.0, 0.0, collapsed=True)


def test_batched_dual_gives_k_directional_derivatives_in_one_pass():
    x = RNG.standard_normal(4)
    V = RNG.standard_normal((3, 4))
    w = RNG.standard_normal((4, 4))
    d = ops.tanh(ops.matmul(Dual(x, V, batched=True), w))
    jac = (1 - np.tanh(x @ w) ** 2)[:, None] * w.T          # d out_i / d x_j
    np.testing.assert_allclose(d.tangent, V @ jac.T, rtol=1e-12)


def test_collapsed_hyperdual_gives_the_laplacian():
    x = RNG.standard_normal(3)
    basis = np.eye(3)
    h = ops.sin(HyperDual(x, basis, basis, np.zeros(()), batched=True, collapsed=True)).sum()
    np.testing.assert_allclose(h.e12, -np.sin(x).sum(), rtol=1e-14)


# ---------------------------------------------------------------------------
# Sums over leading axes (bias gradients, means over a batch) run as a BLAS
# matrix-vector product; they must give NumPy's sums to rounding, in every case.

@pytest.mark.parametrize("shape,axis", [((256, 64), 0), ((2, 512, 32), (0, 1)),
                                        ((100000, 3), 0), ((3, 65536, 2), (0, 1)),
                                        ((7, 5, 3), 0), ((3, 1), 0), ((5, 4), 1),
                                        ((4, 0, 3), 0), ((1, 6), 0)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sums_over_leading_axes_equal_numpy_to_rounding(shape, axis, dtype):
    x = np.random.default_rng(3).standard_normal(shape).astype(dtype)
    rows = int(np.prod([shape[a] for a in np.atleast_1d(axis)]))
    # a naive sum of `rows` terms of size <= max|x| errs by at most this
    tolerance = rows * np.finfo(dtype).eps * max(1.0, float(np.abs(x).max(initial=0.0)))
    for keepdims in (False, True):
        got = ops.sum(Tensor(x), axis, keepdim=keepdims).asnumpy()
        want = x.sum(axis=axis, keepdims=keepdims)
        assert got.dtype == dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=0, atol=tolerance)
    # the same reduction as the reverse rule of a broadcast: a bias gradient
    bias = Tensor(np.zeros(shape[-1], dtype))
    grad = dg.grad(lambda b: (Tensor(x) * (Tensor(x) + b)).sum())(bias).asnumpy()
    lead = tuple(range(len(shape) - 1))
    assert grad.dtype == dtype
    np.testing.assert_allclose(grad, x.sum(axis=lead) if lead else x, rtol=0,
                               atol=x.size * np.finfo(dtype).eps * 8)


def test_sums_over_leading_axes_of_views_integers_and_specials():
    x = np.arange(24.0).reshape(4, 6)
    view = Tensor(x[:, ::2])                         # not C-contiguous: NumPy's path
    np.testing.assert_array_equal(ops.sum(view, 0).asnumpy(), x[:, ::2].sum(axis=0))
    ints = Tensor(np.arange(12).reshape(4, 3))
    total = ops.sum(ints, 0).asnumpy()
    assert total.dtype == np.int64 and total.tolist() == [18, 22, 26]
    special = np.array([[np.inf, 1.0, np.nan], [1.0, -np.inf, 2.0], [np.inf, 3.0, 4.0]])
    np.testing.assert_array_equal(ops.sum(Tensor(special), 0).asnumpy(), special.sum(axis=0))
