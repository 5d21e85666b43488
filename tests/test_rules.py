"""Table-driven rule tests: every primitive, every mode, against each other and finite differences.

One parametrized test per row of ``_table.UNARY`` / ``_table.BINARY`` and per
row of ``STRUCTURAL`` below (one per structural primitive).  For each,
deterministic *anchor* inputs (broadcasting, 0-d, zero-size, non-contiguous)
run first, then Hypothesis draws inputs inside the row's domain, and:

- first order: jacfwd (batched Dual) == jacrev (tape) == jvp == vjp == a
  hand-built Dual (fused kernels) == the e1/e2 parts of a HyperDual, to
  ``EXACT`` relative (max-norm) in float64;
- second order, on s(x) = <w, f(x)>: hessian == hvp (composer) == jvp of grad
  (forward over reverse) == vjp of grad (reverse over reverse) == grad of jvp
  (reverse over forward) == jvp of jvp (forward over forward) == HyperDual
  e12 (scalar, batched over a basis, and collapsed: the trace) == grad(grad)
  (MindSpore's summing semantics, routed by the composer), to ``EXACT``;
- all of them against finite differences: ``check_grads(order=2, modes=("fwd",
  "rev", "hyper"))``;
- float32 in, float32 out, in every mode.

Then table-level consistency (each row's d2 is the engine's derivative of its
d1; fused kernels == the generic expression path; domains are free of jumps),
random programs from ``functions()`` checked at order 2 in every mode, and the
mutation tests proving that check_grads has teeth.
"""
import itertools
import math
from collections import namedtuple

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import dualgrad as ms
from dualgrad import Tensor, _elementwise, _solve, _spectral, _structural, _table, _vmap, ops
from dualgrad import _functions as F
from dualgrad._core import Dual, ForwardTrace, HyperDual, HyperTrace, Primitive, Tape
from dualgrad._core import make_dual, make_hyper, primal_value, unbox
from dualgrad._custom import custom_vjp
from dualgrad._tensor import value_of, wrap
from dualgrad.testing import check_grads, strategies as dst

P = dst.prim      # the engine's primitives on Tensors, by table name

EXACT = 1e-12
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)


# ---------------------------------------------------------------------------
# Helpers

def arr(t):
    """The float64 array under a Tensor, box or array."""
    return np.asarray(primal_value(value_of(t)), dtype=np.float64)


def native(t):
    return np.asarray(primal_value(value_of(t)))


def assert_exact(got, want, what, rtol=EXACT, floor=1e-3):
    """Max-norm relative agreement: |got - want| <= rtol * max(|got|, |want|, floor).

    The max norm is taken over the whole array; ``floor`` keeps a value that
    is nearly zero by cancellation (sigmoid'' at 1e-8) from demanding more
    than rounding can give: such values are compared absolutely, at
    ``rtol * floor``, against inputs and outputs of order one.
    """
    got, want = arr(got), arr(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    if want.size == 0:
        return
    scale = max(float(np.max(np.abs(got))), float(np.max(np.abs(want))), floor)
    err = np.abs(got - want)
    k = int(np.argmax(err))
    assert err.flat[k] <= rtol * scale or (np.isnan(got.flat[k]) and np.isnan(want.flat[k])), (
        f"{what}: relative error {err.flat[k] / scale:.3g} > {rtol:g} at index "
        f"{np.unravel_index(k, got.shape)}: {got.flat[k]!r} vs {want.flat[k]!r}")


def inside(domain, frac=0.02):
    lo, hi = float(domain[0]), float(domain[1])
    m = frac * (hi - lo)
    return lo + m, hi - m


def grid(domain, shape, offset=0.0):
    """Deterministic values spread over the domain, in ``shape``."""
    lo, hi = inside(domain)
    n = math.prod(shape)
    if n == 0:
        return np.zeros(shape)
    t = (np.arange(n) * 0.61803398875 + offset) % 1.0
    return (lo + (hi - lo) * t).reshape(shape)


def non_contiguous(a):
    v = dst._non_contiguous(np.asarray(a), 0)
    assert v.size <= 1 or not v.flags.c_contiguous
    return v


def directions(rng, xs):
    return [rng.standard_normal(x.shape).astype(native(x).dtype) for x in xs]


def tdot(J, v):
    """Contract a Jacobian block (out + in) with a direction (in)."""
    v = arr(v)
    return np.tensordot(arr(J), v, axes=v.ndim) if v.ndim else arr(J) * v


def bound(blocks, vs):
    """max |J|·|v| over the output: the scale of rounding in J·v, whatever cancels."""
    terms = [tdot(np.abs(arr(J)), np.abs(arr(v))) for J, v in zip(blocks, vs)]
    t = total(terms) if terms else np.zeros(())
    return max(float(np.max(t)) if np.size(t) else 0.0, 1e-3)


def positions(xs):
    return tuple(range(len(xs)))


def jacobian_blocks(jac, fn, xs):
    """One Jacobian block per argument (MindSpore's jacfwd returns a lone one bare)."""
    blocks = jac(fn, positions(xs))(*xs)
    return (blocks,) if len(xs) == 1 else blocks


def total(parts):
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out


# ---------------------------------------------------------------------------
# The three checks every row gets

def first_order_agree(fn, xs, rng, rtol=EXACT):
    """jacfwd == jacrev == jvp == vjp == Dual (fused) == HyperDual e1/e2."""
    pos = positions(xs)
    out = fn(*xs)
    Jf = jacobian_blocks(ms.jacfwd, fn, xs)
    Jr = jacobian_blocks(ms.jacrev, fn, xs)
    for i in pos:
        assert_exact(Jf[i], Jr[i], f"jacfwd vs jacrev, argument {i}", rtol=rtol)
    V, V2 = directions(rng, xs), directions(rng, xs)
    Jv = total([tdot(Jf[i], V[i]) for i in pos])
    fl = bound(Jf, V)
    _, t = ms.jvp(fn, tuple(xs), tuple(Tensor(v) for v in V))
    assert_exact(t, Jv, "jvp vs jacfwd·v", rtol=rtol, floor=fl)
    W = rng.standard_normal(out.shape).astype(native(out).dtype)
    _, vjp_fn = ms.vjp(fn, *xs)
    g = vjp_fn(Tensor(W))
    for i in pos:
        want = np.tensordot(W, arr(Jr[i]), axes=W.ndim) if W.ndim else W * arr(Jr[i])
        fl_i = max(float(np.max(np.tensordot(np.abs(W), np.abs(arr(Jr[i])), axes=W.ndim)))
                   if want.size else 0.0, 1e-3)
        assert_exact(g[i], want, f"vjp vs wᵀ·jacrev, argument {i}", rtol=rtol, floor=fl_i)
    # Hand-built Duals share one perturbation and take the fused kernels.
    o = value_of(fn(*[wrap(Dual(native(x), v)) for x, v in zip(xs, V)]))
    assert_exact(o.tangent if isinstance(o, Dual) else np.zeros(out.shape), Jv,
                 "Dual(x, v) tangent vs jacfwd·v", rtol=rtol, floor=fl)
    trace = HyperTrace()
    o = value_of(fn(*[wrap(make_hyper(native(x), v, v2, np.zeros_like(v), trace))
                      for x, v, v2 in zip(xs, V, V2)]))
    _, parts = unbox(o, trace)
    if parts is not None:
        assert_exact(parts[0], Jv, "HyperDual e1 vs jacfwd·v", rtol=rtol, floor=fl)
        assert_exact(parts[1], total([tdot(Jf[i], V2[i]) for i in pos]),
                     "HyperDual e2 vs jacfwd·v2", rtol=rtol, floor=bound(Jf, V2))


def second_order_agree(fn, xs, rng):
    """Hessian-vector products of s(x) = <w, f(x)> by every route agree."""
    pos = positions(xs)
    out = fn(*xs)
    W = Tensor(rng.standard_normal(out.shape).astype(native(out).dtype))

    def s(*x):
        return (fn(*x) * W).sum()

    U, U2 = directions(rng, xs), directions(rng, xs)
    Ut = tuple(Tensor(u) for u in U)
    H = ms.hessian(s, pos)(*xs)
    HU = [total([tdot(H[i][j], U[j]) for j in pos]) for i in pos]
    H1 = [total([tdot(H[i][j], np.ones(xs[j].shape)) for j in pos]) for i in pos]
    fl = max(bound([H[i][j] for j in pos], U) for i in pos)
    fl1 = max(bound([H[i][j] for j in pos], [np.ones(x.shape) for x in xs]) for i in pos)
    for i in pos:
        for j in pos:
            n_i, n_j = xs[i].size, xs[j].size
            assert_exact(arr(H[i][j]).reshape(n_i, n_j), arr(H[j][i]).reshape(n_j, n_i).T,
                         f"hessian symmetry, block ({i}, {j})")

    def check(got, what):
        got = got if isinstance(got, (tuple, list)) else (got,)
        for i in pos:
            assert_exact(got[i], HU[i], f"{what} vs hessian·u, argument {i}", floor=fl)

    check(ms.hvp(s, tuple(xs), Ut, grad_position=pos), "hvp (composer)")
    g = ms.grad(s, pos)
    check(ms.jvp(lambda *x: g(*x), tuple(xs), Ut)[1], "jvp of grad (forward over reverse)")
    check(ms.vjp(lambda *x: g(*x), *xs)[1](*Ut), "vjp of grad (reverse over reverse)")
    dir_s = lambda *x: ms.jvp(s, tuple(x), Ut)[1]       # noqa: E731
    check(ms.grad(dir_s, pos)(*xs), "grad of jvp (reverse over forward)")
    uHu2 = sum(float(np.vdot(HU[i], U2[i])) for i in pos)
    scale = sum(float(np.abs(HU[i]).sum() * np.abs(U2[i]).max()) if U2[i].size else 0.0
                for i in pos) + 1e-3
    ff = float(arr(ms.jvp(dir_s, tuple(xs), tuple(Tensor(u) for u in U2))[1]))
    assert abs(ff - uHu2) <= EXACT * scale * 10, f"jvp of jvp: {ff!r} vs uᵀHu2 {uHu2!r}"
    trace = HyperTrace()
    o = value_of(s(*[wrap(make_hyper(native(x), u, u2, np.zeros_like(u), trace))
                     for x, u, u2 in zip(xs, U, U2)]))
    _, parts = unbox(o, trace)
    e12 = 0.0 if parts is None else float(arr(parts[2]))
    assert abs(e12 - uHu2) <= EXACT * scale * 10, f"HyperDual e12: {e12!r} vs uᵀHu2 {uHu2!r}"
    # Batched HyperDual: e1 = u in every slot, e2 = the basis: e12 = H·u.
    sizes = [x.size for x in xs]
    n = sum(sizes)
    if n:
        trace = HyperTrace()
        boxed, offset = [], 0
        for x, u, size in zip(xs, U, sizes):
            dt = native(x).dtype
            basis = np.zeros((n, size), dt)
            basis[offset:offset + size] = np.eye(size, dtype=dt)
            e1 = np.broadcast_to(u, (n,) + u.shape).copy()
            boxed.append(wrap(make_hyper(native(x), e1, basis.reshape((n,) + x.shape),
                                         np.zeros((n,) + x.shape, dt), trace, 1)))
            offset += size
        _, parts = unbox(value_of(s(*boxed)), trace)
        got = np.zeros(n) if parts is None else arr(parts[2])
        assert_exact(got, np.concatenate([h.ravel() for h in HU]),
                     "batched HyperDual e12 vs hessian·u", floor=fl)
        # Collapsed: e1 = e2 = the basis, e12 summed over it: the trace of H.
        trace = HyperTrace()
        boxed, offset = [], 0
        for x, size in zip(xs, sizes):
            dt = native(x).dtype
            basis = np.zeros((n, size), dt)
            basis[offset:offset + size] = np.eye(size, dtype=dt)
            basis = basis.reshape((n,) + x.shape)
            boxed.append(wrap(make_hyper(native(x), basis, basis, np.zeros(x.shape, dt),
                                         trace, 1, True)))
            offset += size
        _, parts = unbox(value_of(s(*boxed)), trace)
        got = 0.0 if parts is None else arr(parts[2])
        diag = [np.diag(arr(H[i][i]).reshape(xs[i].size, xs[i].size)) for i in pos]
        assert_exact(got, sum(d.sum() for d in diag), "collapsed HyperDual e12 vs trace of H",
                     floor=max(sum(np.abs(d).sum() for d in diag), 1e-3))
    gg = ms.grad(ms.grad(s, pos), pos)(*xs)
    gg = gg if isinstance(gg, tuple) else (gg,)
    for i in pos:
        assert_exact(gg[i], H1[i], f"grad(grad) vs hessian·1, argument {i}", floor=fl1)


def all_checks(fn, xs, seed=0, fd=True, second=True, fn2=None):
    rng = np.random.default_rng(seed)
    first_order_agree(fn, xs, rng)
    if second:
        second_order_agree(fn2 or fn, xs, rng)
    if fd:
        check_grads(fn2 or fn, tuple(xs), order=2 if second else 1,
                    modes=("fwd", "rev", "hyper"), seed=seed)


def dtype_checks(fn, xs):
    """float32 in, float32 out: values, tangents, cotangents, hyper parts, Hessians."""
    pos = positions(xs)
    out = fn(*xs)
    assert out.dtype == ms.float32, f"value is {out.dtype}"
    V = tuple(Tensor(np.ones(x.shape, np.float32)) for x in xs)
    assert ms.jvp(fn, tuple(xs), V)[1].dtype == ms.float32
    for g in ms.vjp(fn, *xs)[1](Tensor(np.ones(out.shape, np.float32))):
        assert g.dtype == ms.float32
    for J in jacobian_blocks(ms.jacfwd, fn, xs) + jacobian_blocks(ms.jacrev, fn, xs):
        assert J.dtype == ms.float32
    o = value_of(fn(*[wrap(Dual(native(x), 1.0)) for x in xs]))
    if isinstance(o, Dual):
        assert o.tangent.dtype == np.float32
    o = value_of(fn(*[wrap(HyperDual(native(x), 1.0, 1.0, 0.0)) for x in xs]))
    if isinstance(o, HyperDual):
        for part in (o.real, o.e1, o.e2, o.e12):
            assert np.asarray(part).dtype == np.float32

    def s(*x):
        return fn(*x).sum()
    for h in ms.hvp(s, tuple(xs), V, grad_position=pos):
        assert h.dtype == ms.float32
    check_grads(fn, tuple(xs), order=2, modes=("fwd", "rev", "hyper"))


# ---------------------------------------------------------------------------
# Unary rows

UNARY = list(_table.UNARY)
BINARY = list(_table.BINARY)


def unary_fn(row):
    f = getattr(P, row.name)
    return lambda x: f(x)


def unary_anchors(row):
    d = row.domain
    return [grid(d, (2, 3)), grid(d, ()), grid(d, (0,)), grid(d, (2, 0, 3)),
            non_contiguous(grid(d, (3, 4), 0.3)), grid(d, (1,))]


@pytest.mark.parametrize("row", UNARY, ids=lambda r: r.name)
def test_unary_rule(row):
    fn = unary_fn(row)
    for i, x in enumerate(unary_anchors(row)):
        all_checks(fn, [Tensor(x)], seed=i)
    lo, hi = inside(row.domain)

    @given(x=dst.tensors(shape=SHAPES, min_value=lo, max_value=hi, contiguous=None),
           seed=st.integers(0, 2 ** 16))
    def prop(x, seed):
        all_checks(fn, [x], seed)
    prop()


@pytest.mark.parametrize("row", UNARY, ids=[r.name for r in UNARY])
def test_unary_float32(row):
    x = grid(row.domain, (2, 3)).astype(np.float32)
    dtype_checks(unary_fn(row), [Tensor(x)])


# ---------------------------------------------------------------------------
# Binary rows

def binary_fn(row):
    f = getattr(P, row.name)
    return lambda a, b: f(a, b)


def selection(row):
    """maximum/minimum: derivatives switch at a == b, where finite differences break."""
    return "sign(" in row.da or "step(" in row.da


def binary_values(row, sa, sb, offset=0.0):
    a = grid(row.domain[0], sa, offset)
    b = grid(row.domain[1], sb, offset + 0.37)
    if selection(row):
        a, b = separated(a, b)
    return a, b


def separated(a, b, gap=0.1):
    """Move b away from a by at least ``gap`` wherever they meet (after broadcasting)."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    ab = np.broadcast_arrays(a, b)
    if b.shape == np.broadcast_shapes(a.shape, b.shape):
        close = np.abs(ab[0] - b) < gap
        b = np.where(close, ab[0] + np.where(ab[0] > 0, -2 * gap, 2 * gap), b)
        return a, b
    # b broadcasts: keep it and move a instead
    close = np.abs(a - ab[1]) < gap
    a = np.where(close, ab[1] + np.where(ab[1] > 0, -2 * gap, 2 * gap), a)
    return a, b


BINARY_ANCHOR_SHAPES = [((2, 3), (2, 3)), ((), ()), ((0,), (0,)), ((2, 1, 3), (2, 1, 3))]
BROADCAST_ANCHOR_SHAPES = [((2, 3), (3,)), ((3,), (2, 3)), ((2, 1), (1, 3)), ((2, 3), ()),
                           ((), (2, 3)), ((2, 3), (1, 1)), ((4, 0), (1,)), ((1, 2), (3, 1, 2))]


def pair_strategy(row, shapes):
    @st.composite
    def draw_pair(draw):
        sa, sb = draw(shapes)
        (la, ha), (lb, hb) = inside(row.domain[0]), inside(row.domain[1])
        a = draw(dst.tensors(shape=sa, min_value=la, max_value=ha, contiguous=None))
        b = draw(dst.tensors(shape=sb, min_value=lb, max_value=hb, contiguous=None))
        if selection(row):
            a, b = (Tensor(v) for v in separated(native(a), native(b)))
        return a, b
    return draw_pair()


SAME_SHAPES = SHAPES.map(lambda s: (s, s))
BROADCAST_SHAPES = dst.broadcastable_shapes(2, min_side=0, max_side=3)


@pytest.mark.parametrize("row", BINARY, ids=[r.name for r in BINARY])
def test_binary_rule(row):
    fn = binary_fn(row)
    for i, (sa, sb) in enumerate(BINARY_ANCHOR_SHAPES):
        a, b = binary_values(row, sa, sb, 0.1 * i)
        all_checks(fn, [Tensor(a), Tensor(b)], seed=i)
    a, b = binary_values(row, (3, 4), (3, 4))
    all_checks(fn, [Tensor(non_contiguous(a)), Tensor(non_contiguous(b))])

    @given(ab=pair_strategy(row, SAME_SHAPES), seed=st.integers(0, 2 ** 16))
    def prop(ab, seed):
        all_checks(fn, list(ab), seed)
    prop()


@pytest.mark.parametrize("row", BINARY, ids=[r.name for r in BINARY])
def test_binary_broadcasting(row):
    fn = binary_fn(row)
    for i, (sa, sb) in enumerate(BROADCAST_ANCHOR_SHAPES):
        a, b = binary_values(row, sa, sb, 0.1 * i)
        all_checks(fn, [Tensor(a), Tensor(b)], seed=i)

    @given(ab=pair_strategy(row, BROADCAST_SHAPES), seed=st.integers(0, 2 ** 16))
    def prop(ab, seed):
        all_checks(fn, list(ab), seed)
    prop()


@pytest.mark.parametrize("row", BINARY, ids=[r.name for r in BINARY])
def test_binary_constant_operand(row):
    """One operand differentiated, the other a constant array or a Python number."""
    f = getattr(P, row.name)
    for i, (sa, sb) in enumerate(BROADCAST_ANCHOR_SHAPES + BINARY_ANCHOR_SHAPES[:2]):
        a, b = binary_values(row, sa, sb, 0.1 * i)
        A, B = Tensor(a), Tensor(b)
        all_checks(lambda x: f(x, B), [A], seed=i)
        all_checks(lambda y: f(A, y), [B], seed=i)
    a, b = binary_values(row, (2, 3), ())
    all_checks(lambda x: f(x, float(b)), [Tensor(a)])
    a, b = binary_values(row, (), (2, 3))
    all_checks(lambda y: f(float(a), y), [Tensor(b)])


@pytest.mark.parametrize("row", BINARY, ids=[r.name for r in BINARY])
def test_binary_float32(row):
    a, b = binary_values(row, (2, 3), (2, 3))
    dtype_checks(binary_fn(row), [Tensor(a.astype(np.float32)), Tensor(b.astype(np.float32))])
    a, b = binary_values(row, (2, 3), (3,))
    dtype_checks(binary_fn(row), [Tensor(a.astype(np.float32)), Tensor(b.astype(np.float32))])


def _partials_in_every_mode(f, a, b):
    """{name: value} of f's first and second partials at scalars a, b by Dual,
    reverse, HyperDual and reverse over reverse."""
    A, B = np.array([a]), np.array([b])
    s = lambda u, v: f(u, v).sum()                                   # noqa: E731
    da, db = ms.grad(s, grad_position=(0, 1))(Tensor(A), Tensor(B))

    def nested(i, j):
        return ms.grad(lambda u, v: ms.grad(s, i)(u, v).sum(), j)(Tensor(A), Tensor(B))

    return {"da": [f(Dual(A, 1.0), B).tangent, da.asnumpy()],
            "db": [f(A, Dual(B, 1.0)).tangent, db.asnumpy()],
            "daa": [f(HyperDual(A, 1.0, 1.0, 0.0), B).e12, nested(0, 0).asnumpy()],
            "dab": [f(HyperDual(A, 1.0, 0.0, 0.0), HyperDual(B, 0.0, 1.0, 0.0)).e12,
                    nested(0, 1).asnumpy()],
            "dbb": [f(A, HyperDual(B, 1.0, 1.0, 0.0)).e12, nested(1, 1).asnumpy()]}


@pytest.mark.parametrize("row", BINARY, ids=[r.name for r in BINARY])
def test_batched_binary_hyper_kernel_is_the_single_direction_kernel_per_direction(row):
    """The binary hyper-dual kernel over K directions, with each operand a
    HyperDual, a constant, or of one element (broadcast, stride 0), shared or
    not: each direction's parts equal those of a one-direction step (to
    rounding: a one-element operand takes another path there), and a collapsed
    e12 the sum of the directions' second-order terms."""
    rng = np.random.default_rng(7)
    K, shape = 3, (2, 1100)     # more elements than one block of the kernel
    full = binary_values(row, shape, shape)
    small = binary_values(row, (), ())
    trace = HyperTrace()

    def operand(value, kind, shared, collapsed):
        if kind == "constant":
            return value, None
        parts = [rng.standard_normal((K,) + value.shape) for _ in range(3)]
        if shared:
            parts[1] = parts[0]
        if collapsed:
            parts[2] = rng.standard_normal(value.shape)
        return make_hyper(value, parts[0], parts[1], parts[2], trace, 1, collapsed), parts

    f = getattr(_elementwise, row.name)
    cases = [("hyper", "hyper"), ("hyper", "constant"), ("constant", "hyper")]
    for (kind_a, kind_b), shared, collapsed, a_small in itertools.product(
            cases, (False, True), (False, True), (False, True)):
        a_value = small[0] if a_small else full[0]
        a, pa = operand(a_value, kind_a, shared, collapsed)
        b, pb = operand(full[1], kind_b, shared, collapsed)
        out = f(a, b)
        what = f"{row.name} {kind_a}{' (one element)' if a_small else ''} x {kind_b}, " \
               f"shared={shared}, collapsed={collapsed}"
        assert (out.e1 is out.e2) == shared, what
        second = np.zeros(out.real.shape)
        for k in range(K):
            one_trace = HyperTrace()

            def one(value, parts):
                # a collapsed d part enters once: with the last direction
                if parts is None:
                    return value
                d = parts[2][k] if not collapsed else (
                    parts[2] if k == K - 1 else np.zeros_like(value))
                return make_hyper(value, parts[0][k], parts[1][k], d, one_trace)
            h = f(one(a_value, pa), one(full[1], pb))
            assert_exact(out.real, h.real, what, rtol=1e-13)
            assert_exact(out.e1[k], h.e1, what, rtol=1e-13)
            assert_exact(out.e2[k], h.e2, what, rtol=1e-13)
            if collapsed:
                second = second + h.e12
            else:
                assert_exact(out.e12[k], h.e12, what, rtol=1e-13)
        if collapsed:
            assert_exact(out.e12, second, what, rtol=1e-12)


@pytest.mark.parametrize("scale", [1e-200, 1e-160, 1e120, 1e200])
def test_binary_partials_far_from_one(scale):
    # At a = 0.6 s, b = 0.8 s each partial is a normal double, but a*a + b*b,
    # b*b or y^3 in the textbook forms is not: atan2's gradient was NaN from
    # |a|, |b| < 1e-154 and 0 beyond 1e154, hypot's second partials 0 or NaN
    # beyond 6e102, and div's lost digits to a subnormal b*b (b = 1e-160).
    a, b = 0.6 * scale, 0.8 * scale
    want = {
        "atan2": {"da": 0.8 / scale, "db": -0.6 / scale, "daa": -0.96 / scale / scale,
                  "dab": -0.28 / scale / scale, "dbb": 0.96 / scale / scale},
        "hypot": {"da": 0.6, "db": 0.8, "daa": 0.64 / scale, "dab": -0.48 / scale,
                  "dbb": 0.36 / scale},
        "div": {"da": 1 / b, "db": -0.75 / b, "daa": 0.0, "dab": -1 / b / b,
                "dbb": 1.5 / b / b},
    }
    for name, partials in want.items():
        for part, got in _partials_in_every_mode(getattr(ops, name), a, b).items():
            if not 1e-300 < abs(partials[part]) < 1e300 and partials[part] != 0:
                continue
            for g in got:
                np.testing.assert_allclose(g, [partials[part]], rtol=1e-14, atol=0,
                                           err_msg=f"{name} {part} at scale {scale}")


# ---------------------------------------------------------------------------
# Structural primitives: a small table of their own
#
# Each row: the primitive's name (as in _structural.PRIMITIVES), a strategy
# of (fn, args) and deterministic anchors.  Structural primitives are linear
# (matmul bilinear), so second order is checked on fn's output squared.

Structural = namedtuple("Structural", "name arity cases anchors")


def lift(f, **kw):
    return lambda *xs: wrap(f(*[value_of(x) for x in xs], **kw))


def T(shape, offset=0.0, domain=(-2, 2)):
    return Tensor(grid(domain, shape, offset))


def distinct(shape, offset=0.0):
    """Values at least 0.1 apart (max/min without ties), in a shuffled order."""
    n = math.prod(shape)
    order = (np.arange(n) * 7 + int(10 * offset)) % max(n, 1)
    return Tensor((0.2 * order - 0.1 * n + 0.05).reshape(shape))


def reshape_targets(shape):
    n = math.prod(shape)
    out = [(n,), (1, n), (n, 1)] + [(d, n // d) for d in range(2, n) if n and n % d == 0]
    return out + ([(-1,)] if n else [])


@st.composite
def reshape_cases(draw):
    x = draw(dst.tensors(shape=SHAPES, min_value=-2, max_value=2, contiguous=None))
    target = draw(st.sampled_from(reshape_targets(x.shape)))
    return (lambda x: P.reshape(x, target)), [x]


@st.composite
def transpose_cases(draw):
    x = draw(dst.tensors(shape=SHAPES, min_value=-2, max_value=2, contiguous=None))
    perm = tuple(draw(st.permutations(range(x.ndim))))
    return (lambda x: P.transpose(x, perm)), [x]


@st.composite
def broadcast_cases(draw):
    shape_in, shape_out = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0,
                                                max_side=3).flatmap(
        lambda s: st.tuples(hnp.broadcastable_shapes(s, min_side=0, max_side=3), st.just(s))))
    shape_out = np.broadcast_shapes(shape_in, shape_out)
    x = draw(dst.tensors(shape=shape_in, min_value=-2, max_value=2, contiguous=None))
    return (lambda x: P.broadcast_to(x, shape_out)), [x]


@st.composite
def sum_to_cases(draw):
    fn, (x,) = draw(broadcast_cases())
    target = x.shape
    big = fn(x)
    y = draw(dst.tensors(shape=big.shape, min_value=-2, max_value=2, contiguous=None))
    return lift(_structural.sum_to, shape=target), [y]


@st.composite
def cast_cases(draw):
    x = draw(dst.tensors(shape=SHAPES, min_value=-2, max_value=2, dtype=np.float32))
    # float32 -> float64 keeps every value exact, so finite differences stay sharp.
    return lift(_structural.cast, dtype=np.float64), [x]


def basic_indices(shape):
    """Basic, integer-array (with repeats) and boolean indices valid for ``shape``."""
    out = [(Ellipsis,)]
    if not shape:
        return out + [()]
    n = shape[0]
    out += [(slice(None, None, -1),), (slice(0, None, 2),), (slice(1, None),), (None, Ellipsis)]
    if n:
        out += [(0,), (-1,), (np.array([0, 0, n - 1]),), (np.array([n - 1, 0]),),
                (np.arange(n) % 2 == 0,)]
    if len(shape) >= 2:
        m = shape[-1]
        if m:
            out += [(Ellipsis, np.array([0, 0])), (Ellipsis, m - 1)]
        if n and shape[1]:
            out += [(slice(None), 0), (np.array([0, 0]), np.array([shape[1] - 1, 0]))]
    return out


@st.composite
def getitem_cases(draw):
    x = draw(dst.tensors(shape=SHAPES, min_value=-2, max_value=2, contiguous=None))
    index = draw(st.sampled_from(basic_indices(x.shape)))
    return (lambda x: x[index]), [x]


@st.composite
def scatter_add_cases(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    index = draw(st.sampled_from(basic_indices(shape)))
    g_shape = _structural._index_shape(shape, _structural._plain_index(index))
    g = draw(dst.tensors(shape=g_shape, min_value=-2, max_value=2, contiguous=None))
    return lift(_structural.scatter_add, index=_structural._plain_index(index),
                shape=shape), [g]


@st.composite
def concat_cases(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    k = draw(st.integers(1, 3))
    xs = []
    for _ in range(k):
        s = list(shape)
        s[axis] = draw(st.integers(0, 3))
        xs.append(draw(dst.tensors(shape=tuple(s), min_value=-2, max_value=2,
                                   contiguous=None)))
    return (lambda *xs: P.concat(list(xs), axis=axis)), xs


@st.composite
def stack_cases(draw):
    shape = draw(SHAPES)
    axis = draw(st.integers(-len(shape) - 1, len(shape)))
    k = draw(st.integers(1, 3))
    xs = [draw(dst.tensors(shape=shape, min_value=-2, max_value=2, contiguous=None))
          for _ in range(k)]
    return (lambda *xs: P.stack(list(xs), axis=axis)), xs


@st.composite
def where_cases(draw, batched=False):
    sa, sb, sc = draw(dst.broadcastable_shapes(3, min_side=0, max_side=3))
    mask = draw(hnp.arrays(np.bool_, sc))
    a = draw(dst.tensors(shape=sa, min_value=-2, max_value=2, contiguous=None))
    b = draw(dst.tensors(shape=sb, min_value=-2, max_value=2, contiguous=None))
    if batched:     # vmap's where for a per-example condition (its rules need no vmap)
        return lift(lambda x, y: _vmap.batched_where(mask, x, y)), [a, b]
    return (lambda a, b: P.where(Tensor(mask), a, b)), [a, b]


def put(idx, axis, batch, shape):
    """_vmap's scatter-add at idx into zeros of ``shape`` (batched_take's transpose)."""
    return lift(lambda g: _vmap._put.bind((g, idx), {"axis": axis, "batch": batch,
                                                     "n": shape[axis]}))


def taken_shape(shape, idx, axis, batch):
    return np.asarray(_vmap._take.impl(np.zeros(shape), idx, axis, batch)).shape


@st.composite
def take_cases(draw, transposed=False):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    batch = draw(st.integers(0, len(shape) - 1))
    axis = draw(st.integers(batch, len(shape) - 1))
    own = draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    idx = draw(hnp.arrays(np.int64, shape[:batch] + own,
                          elements=st.integers(-shape[axis], shape[axis] - 1)))
    if transposed:
        g = draw(dst.tensors(shape=taken_shape(shape, idx, axis, batch), min_value=-2,
                             max_value=2, contiguous=None))
        return put(idx, axis, batch, shape), [g]
    x = draw(dst.tensors(shape=shape, min_value=-2, max_value=2, contiguous=None))
    return lift(_vmap.batched_take, idx=idx, axis=axis, batch=batch), [x]


def axis_choices(ndim):
    out = [None] + list(range(-ndim, ndim))
    if ndim >= 2:
        out += [(0, ndim - 1), tuple(range(ndim))]
    return out


@st.composite
def sum_cases(draw):
    x = draw(dst.tensors(shape=SHAPES, min_value=-2, max_value=2, contiguous=None))
    axis = draw(st.sampled_from(axis_choices(x.ndim)))
    keepdims = draw(st.booleans())
    mean = draw(st.booleans())
    f = P.mean if mean and x.size else P.sum
    return (lambda x: f(x, axis=axis, keepdims=keepdims)), [x]


@st.composite
def cumsum_cases(draw):
    x = draw(dst.tensors(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3),
                         min_value=-2, max_value=2, contiguous=None))
    axis = draw(st.integers(-x.ndim, x.ndim - 1))
    return lift(_structural.cumsum, axis=axis, reverse=draw(st.booleans())), [x]


def extremum_cases(name):
    @st.composite
    def cases(draw):
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3))
        x = distinct(shape, draw(st.floats(0, 1)))
        perm = draw(st.permutations(range(x.size)))
        x = Tensor(native(x).ravel()[list(perm)].reshape(shape))
        if draw(st.booleans()):
            x = Tensor(non_contiguous(native(x)))
        axis = draw(st.sampled_from(axis_choices(x.ndim)))
        keepdims = draw(st.booleans())
        ties = draw(st.sampled_from(["split", "first"]))
        f = F.max_ if name == "max" else F.min_
        return lift(f, axis=axis, keepdims=keepdims, ties=ties), [x]
    return cases()


MATMUL_SHAPES = [((2, 3), (3, 2)), ((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,)),
                 ((2, 2, 3), (3, 1)), ((4, 1, 2, 3), (2, 3, 2)), ((1, 3), (2, 3, 1)),
                 ((2, 0), (0, 3)), ((0, 3), (3, 2))]


@st.composite
def matmul_cases(draw):
    m, k, n = (draw(st.integers(0 if i == 1 else 1, 3)) for i in range(3))
    batch = draw(dst.broadcastable_shapes(2, max_dims=2, max_side=2))
    sa = (k,) if draw(st.integers(0, 3)) == 0 else batch[0] + (m, k)
    sb = (k,) if draw(st.integers(0, 3)) == 0 else batch[1] + (k, n)
    a = draw(dst.tensors(shape=sa, min_value=-2, max_value=2, contiguous=None))
    b = draw(dst.tensors(shape=sb, min_value=-2, max_value=2, contiguous=None))
    return (lambda a, b: P.matmul(a, b)), [a, b]


def fixed(fn, *xs):
    return (fn, list(xs))


# The linear-algebra primitives (_spectral, _solve) on inputs where their
# derivatives exist: matrices with well-separated eigenvalues and singular
# values (a spread diagonal plus a small perturbation), and outputs that do
# not depend on LAPACK's choice of vector signs.
def _separated(draw, shape, symmetric=False):
    n = min(shape[-2:])
    p = draw(dst.tensors(shape=shape, min_value=-0.4, max_value=0.4))
    v = native(p)
    if symmetric:
        v = (v + np.swapaxes(v, -1, -2)) / 2
    spread = np.zeros(shape)
    spread[..., np.arange(n), np.arange(n)] = 2.0 * np.arange(1, n + 1)
    return Tensor(spread + v)


@st.composite
def spectral_cases(draw, name):
    batch = draw(st.sampled_from([(), (2,)]))
    n = draw(st.integers(1, 3))
    if name == "eigh":
        a = _separated(draw, batch + (n, n), symmetric=True)
        return (lambda a: ops.eigh(a, eigvals_only=True)), [a]
    m = n + draw(st.integers(0, 2))
    tall = draw(st.booleans())
    a = _separated(draw, batch + ((m, n) if tall else (n, m)))
    if name == "svd":
        return (lambda a: ops.svd(a, compute_uv=False)), [a]
    return ops.pinv, [a]


@st.composite
def solve_cases(draw, name):
    batch = draw(st.sampled_from([(), (2,)]))
    n = draw(st.integers(1, 3))
    a = _separated(draw, batch + (n, n))
    if name == "lu":
        return (lambda a: ms.scipy.linalg.lu_factor(a)[0]), [a]
    k = draw(st.integers(1, 2))
    b = draw(dst.tensors(shape=batch + (n, k), min_value=-2, max_value=2))
    return ops.matrix_solve, [a, b]


SPD = Tensor(np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]]))
TALL_MATRIX = Tensor(np.array([[3.0, 0.5], [0.4, 1.0], [-1.0, 0.2]]))
GENERAL = Tensor(np.array([[3.0, 1.0, -0.5], [0.4, 2.0, 0.3], [-1.0, 0.2, 4.0]]))


STRUCTURAL = [
    Structural("reshape", 1, reshape_cases(), [
        fixed(lambda x: P.reshape(x, (3, 2)), T((2, 3))),
        fixed(lambda x: P.reshape(x, (1,)), T(())),
        fixed(lambda x: P.reshape(x, (0, 3)), T((3, 0))),
        fixed(lambda x: P.reshape(x, (6,)), Tensor(non_contiguous(grid((-2, 2), (2, 3))))),
        fixed(lambda x: P.expand_dims(x, 1), T((2, 3))),
        fixed(lambda x: P.squeeze(x), T((2, 1, 3)))]),
    Structural("transpose", 1, transpose_cases(), [
        fixed(lambda x: P.transpose(x, (1, 0)), T((2, 3))),
        fixed(lambda x: P.transpose(x, (2, 0, 1)), T((2, 3, 2))),
        fixed(lambda x: P.transpose(x, (1, 0)), T((0, 3))),
        fixed(lambda x: x.T, Tensor(non_contiguous(grid((-2, 2), (2, 3)))))]),
    Structural("broadcast_to", 1, broadcast_cases(), [
        fixed(lambda x: P.broadcast_to(x, (2, 3)), T((3,))),
        fixed(lambda x: P.broadcast_to(x, (2, 3)), T(())),
        fixed(lambda x: P.broadcast_to(x, (2, 0, 3)), T((1, 3))),
        fixed(lambda x: P.broadcast_to(x, (3, 2, 2)), T((2, 1)))]),
    Structural("sum_to", 1, sum_to_cases(), [
        fixed(lift(_structural.sum_to, shape=(3,)), T((2, 3))),
        fixed(lift(_structural.sum_to, shape=()), T((2, 3))),
        fixed(lift(_structural.sum_to, shape=(2, 1)), T((2, 3))),
        fixed(lift(_structural.sum_to, shape=(1, 3)), T((0, 3)))]),
    Structural("cast", 1, cast_cases(), [
        fixed(lift(_structural.cast, dtype=np.float64), Tensor(grid((-2, 2), (2, 3))
                                                               .astype(np.float32)))]),
    Structural("getitem", 1, getitem_cases(), [
        fixed(lambda x: x[1:], T((3, 2))),
        fixed(lambda x: x[::-1, 0], T((3, 2))),
        fixed(lambda x: x[np.array([0, 2, 0, 0])], T((3, 2))),
        fixed(lambda x: x[np.array([0, 1]), np.array([1, 1])], T((3, 2))),
        fixed(lambda x: x[..., None, 1], T((2, 3))),
        fixed(lambda x: x[()], T(())),
        fixed(lambda x: x[1:], T((0, 2))),
        fixed(lambda x: x[:, 1], Tensor(non_contiguous(grid((-2, 2), (3, 2)))))]),
    Structural("scatter_add", 1, scatter_add_cases(), [
        fixed(lift(_structural.scatter_add, index=(np.array([0, 0, 2]),), shape=(3, 2)),
              T((3, 2))),
        fixed(lift(_structural.scatter_add, index=(slice(1, None),), shape=(3,)), T((2,)))]),
    Structural("concat", 2, concat_cases(), [
        fixed(lambda a, b: P.concat([a, b], axis=0), T((2, 3)), T((1, 3), 0.5)),
        fixed(lambda a, b: P.concat([a, b], axis=-1), T((2, 0)), T((2, 2), 0.5)),
        fixed(lambda a: P.concat([a, a], axis=0), T((2,)))]),
    Structural("stack", 2, stack_cases(), [
        fixed(lambda a, b: P.stack([a, b], axis=1), T((2, 3)), T((2, 3), 0.5)),
        fixed(lambda a, b: P.stack([a, b]), T(()), T((), 0.5)),
        fixed(lambda a: P.stack([a, a], axis=-1), T((0, 2)))]),
    Structural("where", 2, where_cases(), [
        fixed(lambda a, b: P.where(Tensor(np.array([[True, False, True]])), a, b),
              T((2, 3)), T((3,), 0.5)),
        fixed(lambda a, b: P.where(Tensor(np.array(True)), a, b), T(()), T((2,), 0.5)),
        fixed(lambda a: P.where(Tensor(np.array([True, False])), a, a * a), T((2,)))]),
    Structural("sum", 1, sum_cases(), [
        fixed(lambda x: P.sum(x, axis=1), T((2, 3))),
        fixed(lambda x: P.sum(x, axis=(0, 2), keepdims=True), T((2, 3, 2))),
        fixed(lambda x: P.sum(x), T(())),
        fixed(lambda x: P.sum(x, axis=0), T((0, 3))),
        fixed(lambda x: P.mean(x, axis=-1), T((2, 3))),
        fixed(lambda x: x.sum(), Tensor(non_contiguous(grid((-2, 2), (2, 3)))))]),
    Structural("cumsum", 1, cumsum_cases(), [
        fixed(lift(_structural.cumsum, axis=1), T((2, 3))),
        fixed(lift(_structural.cumsum, axis=0, reverse=True), T((3, 2))),
        fixed(lift(_structural.cumsum, axis=-1), T((2, 0))),
        fixed(lift(_structural.cumsum, axis=0), Tensor(non_contiguous(grid((-2, 2), (3, 2)))))]),
    Structural("max", 1, extremum_cases("max"), [
        fixed(lift(F.max_, axis=None), distinct((2, 3))),
        fixed(lift(F.max_, axis=1, ties="first"), distinct((2, 3))),
        fixed(lift(F.max_, axis=(0, 2), keepdims=True), distinct((2, 2, 2))),
        fixed(lift(F.max_, axis=None), distinct(()))]),
    Structural("min", 1, extremum_cases("min"), [
        fixed(lift(F.min_, axis=0), distinct((3, 2))),
        fixed(lift(F.min_, axis=-1, ties="first", keepdims=True), distinct((2, 3)))]),
    # vmap's primitives for per-example conditions and indices (gather, sort and
    # topk take batched_take outside vmap too)
    Structural("batched_where", 2, where_cases(batched=True), [
        fixed(lift(lambda x, y: _vmap.batched_where(np.array([[True], [False]]), x, y)),
              T((2, 3)), T((3,), 0.5))]),
    # The linear-algebra primitives of _spectral and _solve
    Structural("eigh", 1, spectral_cases("eigh"), [
        fixed(lambda a: ops.eigh(a, eigvals_only=True), SPD),
        fixed(lambda a: ops.eigh(a)[1] ** 2, SPD)]),          # vectors, sign-free
    Structural("svd", 1, spectral_cases("svd"), [
        fixed(lambda a: ops.svd(a, compute_uv=False), GENERAL),
        fixed(lambda a: ops.svd(a)[1] * ops.svd(a)[2][..., :1, :], TALL_MATRIX)]),
    Structural("pinv", 1, spectral_cases("pinv"), [fixed(ops.pinv, TALL_MATRIX)]),
    Structural("matrix_solve", 2, solve_cases("matrix_solve"), [
        fixed(ops.matrix_solve, GENERAL, T((3, 2)))]),
    Structural("lu", 1, solve_cases("lu"), [
        fixed(lambda a: ms.scipy.linalg.lu_factor(a)[0], GENERAL)]),
    Structural("batched_take", 1, take_cases(), [
        fixed(lift(_vmap.batched_take, idx=np.array([2, 0, 0]), axis=0), T((3, 2))),
        fixed(lift(_vmap.batched_take, idx=np.array([[1, -1], [0, 0]]), axis=1, batch=1),
              T((2, 3))),
        fixed(lift(_vmap.batched_take, idx=np.zeros((0,), np.int64), axis=1), T((2, 3)))]),
    Structural("batched_put", 1, take_cases(transposed=True), [
        fixed(put(np.array([2, 0, 0]), 0, 0, (3, 2)), T((3, 2))),
        fixed(put(np.array([[1, 1], [0, 2]]), 1, 1, (2, 3)), T((2, 2)))]),
    Structural("matmul", 2, matmul_cases(), [
        fixed(lambda a, b: P.matmul(a, b), T(sa, 0.1), T(sb, 0.6))
        for sa, sb in MATMUL_SHAPES]),
]


def squared(fn):
    """fn's output squared: makes second derivatives of a linear primitive non-zero."""
    def g(*xs):
        y = fn(*xs)
        return y * y
    return g


def structural_checks(fn, xs, seed):
    if any(x.dtype == ms.float32 for x in xs):       # cast: f32 in, f64 out
        rng = np.random.default_rng(seed)
        first_order_agree(fn, xs, rng, rtol=1e-6)   # cotangents are rounded to float32
        check_grads(fn, tuple(xs), order=1, modes=("fwd", "rev", "hyper"), seed=seed)
        return
    all_checks(fn, xs, seed, fn2=squared(fn) if fn is not None else None)


@pytest.mark.parametrize("row", STRUCTURAL, ids=[r.name for r in STRUCTURAL])
def test_structural_rule(row):
    for i, (fn, xs) in enumerate(row.anchors):
        structural_checks(fn, xs, i)

    @given(case=row.cases, seed=st.integers(0, 2 ** 16))
    def prop(case, seed):
        fn, xs = case
        structural_checks(fn, xs, seed)
    prop()


def test_every_structural_primitive_has_a_row():
    names = {p.name for p in _structural.PRIMITIVES + _vmap.DIFFERENTIABLE_PRIMITIVES
             + _spectral.PRIMITIVES + _solve.PRIMITIVES}
    assert names == {r.name for r in STRUCTURAL}, (
        f"structural primitives without a test row: {sorted(names - {r.name for r in STRUCTURAL})}")


@pytest.mark.parametrize("row", STRUCTURAL, ids=[r.name for r in STRUCTURAL])
def test_structural_float32(row):
    fn, xs = row.anchors[0]
    if row.name == "cast":
        fn, xs = lift(_structural.cast, dtype=np.float32), [T((2, 3))]
        assert fn(*xs).dtype == ms.float32
        assert ms.vjp(fn, *xs)[1](Tensor(np.ones((2, 3), np.float32)))[0].dtype == ms.float64
        return
    xs32 = [Tensor(native(x).astype(np.float32)) for x in xs]
    dtype_checks(squared(fn), xs32)


def test_every_structural_result_is_a_tensor():
    """Each op on Tensors gives a Tensor, 0-d results included."""
    for row in STRUCTURAL:
        for fn, xs in row.anchors:
            assert isinstance(fn(*xs), Tensor), f"{row.name}: {type(fn(*xs)).__name__}"
    v = Tensor(np.array([1.0, 2.0]))
    for out in (ops.matmul(v, v), P.matmul(v, v)):
        assert isinstance(out, Tensor), type(out).__name__


def test_stop_gradient_has_zero_derivatives():
    """stop_gradient changes derivatives, not values: no finite-difference oracle here."""
    x = T((2, 3))
    fn = lambda x: P.stop_gradient(x) * x        # noqa: E731
    rng = np.random.default_rng(0)
    first_order_agree(fn, [x], rng)
    second_order_agree(fn, [x], rng)
    assert_exact(ms.grad(fn)(x), arr(x), "d/dx stop_gradient(x)·x summed")
    assert_exact(ms.hvp(lambda x: fn(x).sum(), x, Tensor(np.ones((2, 3)))), np.zeros((2, 3)),
                 "its second derivative")
    assert np.all(arr(ms.grad(lambda x: P.stop_gradient(x).sum())(x)) == 0)
    h = value_of(P.stop_gradient(wrap(HyperDual(native(x), 1.0, 1.0, 0.0))))
    assert isinstance(h, np.ndarray)


def test_maximum_ties_split_the_gradient():
    """At a == b, maximum/minimum send half the cotangent to each side (MindSpore)."""
    a = Tensor(np.array([1.0, 2.0, -1.0]))
    for f in (P.maximum, P.minimum):
        ga, gb = ms.grad(lambda a, b: f(a, b), (0, 1))(a, a)
        assert np.all(arr(ga) == 0.5) and np.all(arr(gb) == 0.5)
        d = value_of(f(Dual(native(a), 1.0), native(a)))
        assert np.all(d.tangent == 0.5)


def test_max_ties_split_or_first():
    x = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]))
    g = ms.grad(lambda x: x.max())(x)                       # ties="split", one max
    np.testing.assert_array_equal(arr(g), [[0, 0.5, 0.5], [0, 0, 0]])
    g = ms.grad(lift(F.max_, axis=1, ties="split"))(x)
    np.testing.assert_array_equal(arr(g), [[0, 0.5, 0.5], [0.5, 0.5, 0]])
    g = ms.grad(lift(F.max_, axis=1, ties="first"))(x)
    np.testing.assert_array_equal(arr(g), [[0, 1, 0], [1, 0, 0]])
    t = ms.jvp(lift(F.max_, axis=1, ties="split"), x, Tensor(np.ones((2, 3))))[1]
    np.testing.assert_array_equal(arr(t), [1, 1])
    # Tensor.max as MindSpore's: one axis gives the first, a tuple of axes splits
    g = ms.grad(lambda x: x.max(axis=1).sum())(x)
    np.testing.assert_array_equal(arr(g), [[0, 1, 0], [1, 0, 0]])
    for axis in ((1,), (0, 1), ()):
        g = ms.grad(lambda x: x.max(axis=axis).sum())(x)
        np.testing.assert_array_equal(arr(g), [[0, 0.5, 0.5], [0.5, 0.5, 0]] if axis == (1,)
                                      else [[0, 0.5, 0.5], [0, 0, 0]])
    g = ms.grad(lambda x: x.min(axis=(0, 1)).sum())(x)
    np.testing.assert_array_equal(arr(g), [[0, 0, 0], [0, 0, 1]])


# ---------------------------------------------------------------------------
# Table-level consistency

def _d1_row(name):
    return next(r for r in UNARY if r.name == name)


@pytest.mark.parametrize("row", UNARY, ids=[r.name for r in UNARY])
def test_d2_is_the_derivative_of_d1(row):
    """The fused kernel's f'' (the row's d2, in C) == the engine's derivative of f'.

    Forward over reverse differentiates the reverse rule g·f'(x) — the d1
    expression evaluated on Dual boxes — so it computes (f')' from the
    primitives d1 is written with; the fused HyperDual kernel reads d2.
    """
    x = grid(row.domain, (7,))
    f = getattr(P, row.name)
    fused = HyperDual(x, 1.0, 1.0, 0.0)
    e12 = f(fused).e12
    by_engine = arr(ms.hvp(lambda x: f(x).sum(), Tensor(x), Tensor(np.ones(7))))
    assert_exact(e12, by_engine, f"{row.name}: table d2 vs derivative of d1")
    # and the first derivative: fused Dual vs the generic rule through a tape
    t = f(Dual(x, 1.0)).tangent
    assert_exact(t, arr(ms.grad(lambda x: f(x).sum())(Tensor(x))), f"{row.name}: d1")


def nested_hyper(f, xs, us, vs, ds=None):
    """HyperDual parts computed by the generic expression path.

    The real parts are Duals of an outer forward trace, so the fused kernels
    cannot take them: the primitive's ``hyper`` rule evaluates the table
    expressions with primitives.  The outer tangents are zero, so the primal
    parts are the plain hyper-dual parts.
    """
    outer = ForwardTrace()
    inner = HyperTrace()
    ds = ds or [np.zeros_like(x) for x in xs]
    boxed = [make_hyper(make_dual(x, np.zeros_like(x), outer), u, v, d, inner)
             for x, u, v, d in zip(xs, us, vs, ds)]
    out = f(*boxed)
    real, parts = unbox(out, inner)
    return [np.asarray(primal_value(p)) for p in (real,) + tuple(parts)]


def nested_dual(f, xs, vs):
    tape = Tape()
    trace = ForwardTrace()
    boxed = [make_dual(tape.leaf(x), v, trace) for x, v in zip(xs, vs)]
    primal, tangent = unbox(f(*boxed), trace)
    tape.release()
    return np.asarray(primal_value(primal)), np.asarray(primal_value(tangent))


def test_fused_kernels_match_the_generic_expression_path():
    rng = np.random.default_rng(0)
    for row in UNARY:
        f = getattr(_elementwise, row.name)
        x = grid(row.domain, (2, 5))
        u, v, d = (rng.standard_normal(x.shape) for _ in range(3))
        h = f(HyperDual(x, u, v, d))
        parts = nested_hyper(lambda x: f(x), [x], [u], [v], [d])
        for got, want, part in zip(parts, (h.real, h.e1, h.e2, h.e12), ("real", "e1", "e2", "e12")):
            assert_exact(got, want, f"{row.name}: fused vs generic HyperDual {part}")
        y, t = nested_dual(lambda x: f(x), [x], [u])
        dual = f(Dual(x, u))
        assert_exact(y, dual.primal, f"{row.name}: fused vs generic Dual primal")
        assert_exact(t, dual.tangent, f"{row.name}: fused vs generic Dual tangent")
    for row in BINARY:
        f = getattr(_elementwise, row.name)
        a, b = binary_values(row, (2, 5), (2, 5))
        ua, va, ub, vb = (rng.standard_normal(a.shape) for _ in range(4))
        fused = f(HyperDual(a, ua, va, 0.0), HyperDual(b, ub, vb, 0.0))
        parts = nested_hyper(lambda a, b: f(a, b), [a, b], [ua, ub], [va, vb])
        for got, want, part in zip(parts, (fused.real, fused.e1, fused.e2, fused.e12),
                                   ("real", "e1", "e2", "e12")):
            assert_exact(got, want, f"{row.name}: fused vs generic HyperDual {part}")
        y, t = nested_dual(lambda a, b: f(a, b), [a, b], [ua, ub])
        dual = f(Dual(a, ua), Dual(b, ub))
        assert_exact(y, dual.primal, f"{row.name}: fused vs generic Dual primal")
        assert_exact(t, dual.tangent, f"{row.name}: fused vs generic Dual tangent")


def _hyper_of_duals(parts, tangents, nb, collapsed, shared, outer_nb):
    """A HyperDual (of an inner trace) whose four parts are Duals of one outer trace."""
    outer = ForwardTrace()
    inner = HyperTrace()
    duals = [make_dual(p, t, outer, outer_nb) for p, t in zip(parts, tangents)]
    if shared:
        duals[2] = duals[1]
    return outer, inner, make_hyper(*duals, inner, nb, collapsed)


@pytest.mark.parametrize("row", UNARY, ids=lambda r: r.name)
def test_hyper_step_over_duals_matches_the_flipped_nesting(row):
    """Forward over hyper-dual (the fused ``hyper_unary_jvp`` kernel) equals the
    same number nested the other way round: a Dual whose primal and tangent
    are HyperDuals, which the generic Dual rule differentiates with the
    table's f' expression on hyper-dual values."""
    rng = np.random.default_rng(3)
    f = getattr(_elementwise, row.name)
    a = grid(row.domain, (2, 5))
    b, c, d, at, bt, ct, dt = (rng.standard_normal(a.shape) for _ in range(7))
    for shared in (False, True):
        c_, ct_ = (b, bt) if shared else (c, ct)
        outer, inner, x = _hyper_of_duals((a, b, c_, d), (at, bt, ct_, dt), 0, False, shared, 0)
        out = f(x)
        real, (e1, e2, e12) = unbox(out, inner)
        fused = [unbox(p, outer) for p in (real, e1, e2, e12)]
        assert (e1 is e2) == shared
        hyper, forward = HyperTrace(), ForwardTrace()
        flipped = f(make_dual(make_hyper(a, b, c_, d, hyper), make_hyper(at, bt, ct_, dt, hyper),
                              forward))
        primal, tangent = unbox(flipped, forward)
        wanted = zip(_hyper_parts(primal, hyper, a.shape), _hyper_parts(tangent, hyper, a.shape))
        for k, (want_primal, want_tangent) in enumerate(wanted):
            name = ("real", "e1", "e2", "e12")[k]
            assert_exact(fused[k][0], want_primal, f"{row.name}: {name} primal (shared={shared})")
            assert_exact(fused[k][1], want_tangent, f"{row.name}: {name} tangent (shared={shared})")


def _hyper_parts(value, trace, shape):
    """The four parts of a HyperDual of ``trace`` (zeros where the engine has none)."""
    if value is None:
        return [np.zeros(shape)] * 4
    real, parts = unbox(value, trace)
    parts = parts or (None, None, None)
    return [np.zeros(shape) if p is None else np.broadcast_to(primal_value(p), shape)
            for p in (real,) + tuple(parts)]


@pytest.mark.parametrize("collapsed", [False, True])
@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("name", ["tanh", "sin", "exp", "log", "sigmoid", "erf", "square"])
def test_batched_hyper_step_over_batched_duals_matches_differences(name, shared, collapsed):
    """K hyper-dual directions (collapsed or not) under L Dual directions: each
    Dual direction's tangents are the derivative of the plain hyper-dual step
    along it, here by central differences of that step (h = 1e-6)."""
    rng = np.random.default_rng(4)
    row = next(r for r in UNARY if r.name == name)
    f = getattr(_elementwise, name)
    L, K = 3, 2
    a = grid(row.domain, (4, 3))
    b, c = (rng.standard_normal((K,) + a.shape) for _ in range(2))
    c = b if shared else c
    d = rng.standard_normal(a.shape if collapsed else (K,) + a.shape)
    parts = (a, b, c, d)
    tangents = [rng.standard_normal((L,) + np.shape(p)) for p in parts]
    if shared:
        tangents[2] = tangents[1]
    outer, inner, x = _hyper_of_duals(parts, tangents, 1, collapsed, shared, 1)
    real, (e1, e2, e12) = unbox(f(x), inner)
    got = [unbox(p, outer)[1] for p in (real, e1, e2, e12)]

    def plain_step(shift):
        moved = [p + shift * t for p, t in zip(parts, directions)]
        if shared:
            moved[2] = moved[1]
        h = f(make_hyper(*moved, HyperTrace(), 1, collapsed))
        return [np.asarray(h.real), np.asarray(h.e1), np.asarray(h.e2), np.asarray(h.e12)]

    for l in range(L):
        directions = [t[l] for t in tangents]
        step = 1e-6
        ahead, behind = plain_step(step), plain_step(-step)
        for k, part in enumerate(("real", "e1", "e2", "e12")):
            want = (ahead[k] - behind[k]) / (2 * step)
            assert_exact(got[k][l], want, f"{name}: {part}, direction {l}", rtol=1e-6)


@pytest.mark.parametrize("activation", ["tanh", "sin", "sigmoid", "softplus", "gelu"])
def test_forward_jacobian_of_pinn_residuals_equals_reverse(activation):
    """``jacfwd`` of residuals built with ``partial`` (one shared coordinate and
    two distinct ones) and ``laplacian`` (collapsed directions) runs each
    activation's step through the fused forward-over-hyper-dual kernel;
    ``jacrev`` differentiates the same steps through the tape."""
    rng = np.random.default_rng(5)
    x = Tensor(rng.standard_normal((6, 2)))
    shapes = [(2, 5), (5,), (5, 5), (5,), (5, 1), (1,)]
    sizes = [math.prod(s) for s in shapes]
    theta = Tensor(rng.standard_normal(sum(sizes)) * 0.7)
    act = getattr(ops, activation)

    def network(t):
        weights, offset = [], 0
        for shape, size in zip(shapes, sizes):
            weights.append(t[offset:offset + size].reshape(shape))
            offset += size

        def u(p):
            h = act(p @ weights[0] + weights[1])
            h = act(h @ weights[2] + weights[3])
            return h @ weights[4] + weights[5]
        return u

    operators = {"u_xx": lambda u: ms.partial(u, 0, 0)(x), "u_xy": lambda u: ms.partial(u, 0, 1)(x),
                 "laplacian": lambda u: ms.laplacian(u)(x)}
    for name, operator in operators.items():
        residuals = lambda t: operator(network(t)).reshape(-1)
        forward, reverse = ms.jacfwd(residuals)(theta), ms.jacrev(residuals)(theta)
        assert_exact(forward, reverse, f"{activation}: {name}", rtol=1e-12)



@pytest.mark.parametrize("name", ["tanh", "sin", "softplus"])
def test_float32_hyper_step_over_duals(name):
    """The float32 kernel: the same step in float64, rounded, to float32's precision."""
    rng = np.random.default_rng(6)
    row = next(r for r in UNARY if r.name == name)
    f = getattr(_elementwise, name)
    parts = [grid(row.domain, (3, 4))] + [rng.standard_normal((3, 4)) for _ in range(3)]
    tangents = [rng.standard_normal((2, 3, 4)) for _ in range(4)]
    results = []
    for dtype in (np.float32, np.float64):
        outer, inner, x = _hyper_of_duals([p.astype(dtype) for p in parts],
                                          [t.astype(dtype) for t in tangents], 0, False, False, 1)
        real, (e1, e2, e12) = unbox(f(x), inner)
        results.append([unbox(p, outer) for p in (real, e1, e2, e12)])
    for (p32, t32), (p64, t64) in zip(*results):
        assert p32.dtype == t32.dtype == np.float32
        assert_exact(t32, t64, f"{name}: float32 tangents", rtol=1e-5)
        assert_exact(p32, p64, f"{name}: float32 primals", rtol=1e-5)

@pytest.mark.parametrize("row", UNARY, ids=lambda r: r.name)
def test_domain_has_no_jump(row):
    """Finite differences are only an oracle where f has no jump: the domain must not hold one."""
    assert dst._smooth_on(row, row.domain), (
        f"{row.name}: its domain {row.domain} contains a discontinuity, where finite "
        "differences (and the rule tests that draw from the domain) break")


def test_every_table_row_has_an_ops_function():
    for row in UNARY + BINARY:
        assert callable(getattr(ops, row.name, None)), f"dualgrad.ops.{row.name} is missing"


# ---------------------------------------------------------------------------
# Random programs from functions(), at order 2 in every mode

def anchor_program(x0, x1):
    """A program functions() drew that exposed reverse over forward through a constant
    that broadcasts (reverse fast path reading it as a scalar); kept as a regression anchor."""
    return P.div(x1, x0 * 2.0454545454545454 + 0.7272727272727273)


ANCHOR_ARGS = (Tensor(np.array([0.1, 0.9]).reshape(2, 1, 1)), Tensor(np.array([0.3, 0.6])))


def test_random_programs_order2_all_modes():
    check_grads(anchor_program, ANCHOR_ARGS, order=2, modes=("fwd", "rev", "hyper"))

    @given(program=dst.functions())
    def prop(program):
        fn, args = program
        check_grads(fn, args, order=2, modes=("fwd", "rev", "hyper"))
    prop()


@given(program=dst.functions(dtype=np.float32, max_steps=4))
def test_random_programs_float32(program):
    fn, args = program
    check_grads(fn, args, order=2, modes=("fwd", "rev", "hyper"))


def modes_agree(fn, args):
    out = fn(*args)
    f = (lambda *x: fn(*x)[0]) if isinstance(out, tuple) else fn
    rng = np.random.default_rng(0)
    first_order_agree(f, list(args), rng)
    second_order_agree(f, list(args), rng)


def test_random_programs_modes_agree():
    modes_agree(anchor_program, ANCHOR_ARGS)

    @given(program=dst.functions(max_steps=4))
    def prop(program):
        modes_agree(*program)
    prop()


# ---------------------------------------------------------------------------
# Mutation tests: deliberately wrong derivatives must make check_grads fail

class WrongCos(Primitive):
    """cos(x) whose own derivative is off by ``factor`` (right value, wrong slope)."""

    def __init__(self, factor):
        Primitive.__init__(self, "wrong_cos")
        self.factor = factor

    def impl(self, x):
        return np.cos(x)

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        return None if t is None else t * (-self.factor * _elementwise.sin(primals[0]))

    def vjp(self, g, args, out, active, params):
        return (g * (-self.factor * _elementwise.sin(args[0])),)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        x, b, c, d = reals[0], e1s[0], e2s[0], e12s[0]
        if b is None:
            return None, None, None
        d1 = -self.factor * _elementwise.sin(x)
        bc = b * c
        if collapsed:
            bc = F.sum_(bc, axis=0)
        return b * d1, c * d1, d * d1 + bc * (-self.factor * _elementwise.cos(x))


class BadSin(Primitive):
    """sin with first derivative ``first * cos`` and second ``-second * sin``.

    Its rules are written with primitives (so nested modes differentiate
    them); the derivative of its first-order rule is the WrongCos slope.
    """

    def __init__(self, first=1.0, second=1.0):
        Primitive.__init__(self, "bad_sin")
        self.first, self.second = first, second
        self.cos = WrongCos(second)

    def impl(self, x):
        return np.sin(x)

    def d1(self, x):
        return self.first * self.cos.bind((x,), {})

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        return None if t is None else t * self.d1(primals[0])

    def vjp(self, g, args, out, active, params):
        return (g * self.d1(args[0]),)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        x, b, c, d = reals[0], e1s[0], e2s[0], e12s[0]
        if b is None:
            return None, None, None
        d1 = self.d1(x)
        d2 = -self.first * self.second * _elementwise.sin(x)
        bc = b * c
        if collapsed:
            bc = F.sum_(bc, axis=0)
        return b * d1, c * d1, d * d1 + bc * d2


def bad_sin(first=1.0, second=1.0):
    prim = BadSin(first, second)
    return lambda x: wrap(prim.bind((value_of(x),), {}))


MUTATION_X = Tensor(np.array([[0.3, -1.1, 2.0], [0.7, 1.4, -0.2]]))


def test_mutation_baseline_passes():
    """The mutant with correct factors passes every check: the failures below are real."""
    check_grads(bad_sin(), (MUTATION_X,), order=2,
                modes=("fwd", "rev", "hyper", "fwd_rev", "rev_rev"))


@pytest.mark.parametrize("mode", ["fwd", "rev", "hyper"])
def test_mutation_first_order_one_percent_off_is_caught(mode):
    with pytest.raises(AssertionError, match="order 1"):
        check_grads(bad_sin(first=1.01), (MUTATION_X,), order=1, modes=(mode,))


@pytest.mark.parametrize("mode", ["fwd", "rev", "hyper", "fwd_fwd", "rev_fwd", "fwd_rev",
                                  "rev_rev"])
def test_mutation_second_order_only_is_caught(mode):
    fn = bad_sin(second=1.01)
    check_grads(fn, (MUTATION_X,), order=1, modes=("fwd", "rev", "hyper"))
    with pytest.raises(AssertionError, match="order 2"):
        check_grads(fn, (MUTATION_X,), order=2, modes=(mode,))


def test_mutation_custom_bprop():
    """A custom bprop 1% off fails at order 1; one right but not differentiable at order 2."""
    def sin_with(bprop):
        return lambda x: custom_vjp(lambda x: ops.sin(x), bprop, x)

    wrong = sin_with(lambda x, out, dout: (dout * ops.cos(x) * 1.01,))
    for mode in ("fwd", "rev", "hyper"):
        with pytest.raises(AssertionError, match=f"order 1, mode '{mode}'"):
            check_grads(wrong, (MUTATION_X,), modes=(mode,))
    frozen = sin_with(lambda x, out, dout: (dout * P.stop_gradient(ops.cos(x)),))
    check_grads(frozen, (MUTATION_X,), order=1, modes=("fwd", "rev", "hyper"))
    for mode in ("fwd", "rev", "hyper"):
        with pytest.raises(AssertionError, match="order 2"):
            check_grads(frozen, (MUTATION_X,), order=2, modes=(mode,))
    right = sin_with(lambda x, out, dout: (dout * ops.cos(x),))
    check_grads(right, (MUTATION_X,), order=2, modes=("fwd", "rev", "hyper"))


@pytest.mark.parametrize("factor", [1.01, 0.99])
def test_mutation_of_a_table_row_is_caught(factor):
    """The real row's rules wrapped with a 1%-off first derivative (the table is untouched)."""
    row = _d1_row("tanh")
    prim = getattr(_elementwise, row.name)

    class Scaled(Primitive):
        def impl(self, x):
            return prim(x)

        def jvp(self, primals, tangents, out, nb, params):
            return tangents[0] * (factor * (1 - out * out))

        def vjp(self, g, args, out, active, params):
            return (g * (factor * (1 - out * out)),)

    p = Scaled("tanh_mutant")
    fn = lambda x: wrap(p.bind((value_of(x),), {}))    # noqa: E731
    for mode in ("fwd", "rev"):
        with pytest.raises(AssertionError):
            check_grads(fn, (MUTATION_X,), modes=(mode,))


# ---------------------------------------------------------------------------
# pow where the textbook partials meet 0·inf: their limits, as JAX and PyTorch

def test_pow_partials_at_a_zero_base_are_their_limits():
    zero = np.array([0.0, 2.0])
    x = Tensor(zero)
    assert ms.grad(lambda x: (x ** 0).sum())(x).asnumpy().tolist() == [0.0, 0.0]
    assert ms.grad(ms.grad(lambda x: (x ** 1).sum()))(x).asnumpy().tolist() == [0.0, 0.0]
    assert ms.hessian(lambda x: (x ** 1).sum())(x).asnumpy().tolist() == [[0, 0], [0, 0]]
    third = ops.derivative(lambda x: x ** 2, Tensor(np.array([0.0])), 3)[1]
    assert third.asnumpy().tolist() == [0.0]
    assert (Dual(np.array([0.0]), 1.0) ** 0).tangent.tolist() == [0.0]
    h = HyperDual(np.array([0.0]), 1.0, 1.0, 0.0) ** 1
    assert h.e1.tolist() == [1.0] and h.e12.tolist() == [0.0]
    # a polynomial through pow, at the boundary point x = 0 of a PINN domain
    poly = lambda x: 1.0 + 2.0 * x ** 1 + 3.0 * x ** 2 + x ** 3      # noqa: E731
    first, second = (ops.derivative(poly, Tensor(np.array([0.0])), k)[1].asnumpy()
                     for k in (1, 2))
    assert first.tolist() == [2.0] and second.tolist() == [6.0]
    # d/dp 0**p = 0 for p > 0; elsewhere the rule is unchanged
    base = Tensor(np.array([0.0, 2.0]))
    dp = ms.grad(lambda p: (base ** p).sum())(Tensor(np.array([1.5, 1.5]))).asnumpy()
    np.testing.assert_allclose(dp, [0.0, 2 ** 1.5 * np.log(2)], rtol=1e-15)
    # the second partials in the exponent at a zero base
    d2p = ms.grad(ms.grad(lambda p: (base ** p).sum()))(Tensor(np.array([1.5, 1.5])))
    np.testing.assert_allclose(d2p.asnumpy(), [0.0, 2 ** 1.5 * np.log(2) ** 2], rtol=1e-15)


def test_pow_partials_away_from_zero_are_the_textbook_ones_bit_for_bit():
    a = np.array([0.3, 1.7, 2.5])
    b = np.array([-1.5, 0.0, 1.0])
    ga, gb = ms.grad(lambda a, b: (a ** b).sum(), (0, 1))(Tensor(a), Tensor(b))
    np.testing.assert_array_equal(ga.asnumpy(), b * np.power(a, b - 1))
    np.testing.assert_array_equal(gb.asnumpy(), np.power(a, b) * np.log(a))


def test_pow_with_a_constant_exponent_at_negative_bases_and_in_float32():
    x = np.array([-1.5, -0.5, 2.0])
    h = ms.hessian(lambda x: (x ** 3).sum())(Tensor(x)).asnumpy()
    np.testing.assert_allclose(h, np.diag(6 * x), rtol=1e-15)
    x32 = Tensor(x.astype(np.float32))
    for g in (ms.grad(lambda x: (x ** 2).sum())(x32),
              ms.grad(ms.grad(lambda x: (x ** 3).sum()))(x32)):
        assert g.dtype == ms.float32
