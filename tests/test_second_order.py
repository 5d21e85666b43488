"""Second order: hvp, hessian, grad(grad(f)), laplacian, partial, derivative.

Every path must agree with every other to rounding (float64) and with finite
differences as an oracle: forward over reverse, reverse over reverse, Dual
and HyperDual passes, the collapsed hyper-dual Laplacian.
"""
import numpy as np
import pytest

import dualgrad as dg
from dualgrad import Parameter, Tensor, ops

RNG = np.random.default_rng(7)


def mlp_params(sizes, seed=0):
    rng = np.random.default_rng(seed)
    ws = [Parameter(Tensor(rng.standard_normal((a, b)) / np.sqrt(a)), name=f"w{i}")
          for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    bs = [Parameter(Tensor(rng.standard_normal(b) * 0.1), name=f"b{i}")
          for i, b in enumerate(sizes[1:])]
    return ws, bs


def mlp(x, ws, bs, act=ops.tanh):
    h = x
    for i, (w, b) in enumerate(zip(ws, bs)):
        h = ops.matmul(h, w) + b
        if i < len(ws) - 1:
            h = act(h)
    return h


def fd_hessian(f, x, h=1e-4):
    """Central differences of a scalar function's Hessian (float64 oracle)."""
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    H = np.zeros((n, n))
    flat = x.reshape(-1)
    for i in range(n):
        for j in range(n):
            def at(di, dj):
                y = flat.copy()
                y[i] += di
                y[j] += dj
                return f(y.reshape(x.shape))
            H[i, j] = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h)
    return H


def scalar(fn):
    return lambda x: float(fn(Tensor(x)).asnumpy())


def fd_weight_hvp(loss, x, params, v, eps):
    """Central differences of the weight gradient along v (the oracle for H·v)."""
    g = dg.grad(loss, None, weights=params)
    saved = [p.asnumpy().copy() for p in params]

    def grads_at(sign):
        for p, s, d in zip(params, saved, v):
            p.set_data(Tensor(s + sign * eps * d.asnumpy()))
        out = [t.asnumpy() for t in g(x)]
        for p, s in zip(params, saved):
            p.set_data(Tensor(s))
        return out
    return [(a - b) / (2 * eps) for a, b in zip(grads_at(1), grads_at(-1))]


# ---------------------------------------------------------------------------
# hessian, hvp, grad(grad)

@pytest.mark.parametrize("act", [ops.tanh, ops.sin, ops.softplus, ops.gelu], ids=lambda a: a.__name__)
def test_hessian_of_an_mlp_is_symmetric_and_matches_finite_differences(act):
    ws, bs = mlp_params([3, 5, 4, 1], seed=1)
    f = lambda x: mlp(x.reshape(1, 3), ws, bs, act).sum()
    x = RNG.standard_normal(3)
    H = dg.hessian(f)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(H, H.T, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(H, fd_hessian(scalar(f), x), rtol=1e-5, atol=1e-7)


def test_hvp_equals_hessian_times_v_and_every_path_agrees():
    ws, bs = mlp_params([4, 6, 6, 1], seed=2)
    f = lambda x: (mlp(x, ws, bs) ** 2).sum()
    x = RNG.standard_normal((3, 4))
    v = RNG.standard_normal((3, 4))
    H = dg.hessian(f)(Tensor(x)).asnumpy().reshape(12, 12)
    hv = dg.hvp(f, Tensor(x), Tensor(v)).asnumpy()
    np.testing.assert_allclose(hv.reshape(-1), H @ v.reshape(-1), rtol=1e-12, atol=1e-13)
    # reverse over reverse: grad of <grad f, v>
    inner = dg.grad(f)
    rr = dg.grad(lambda x: (inner(x) * Tensor(v)).sum())(Tensor(x)).asnumpy()
    np.testing.assert_allclose(rr, hv, rtol=1e-12, atol=1e-13)
    # forward over forward: jvp of jvp in the same direction gives vᵀHv
    d = lambda x: dg.jvp(f, x, Tensor(v))[1]
    vhv = dg.jvp(d, Tensor(x), Tensor(v))[1].asnumpy()
    np.testing.assert_allclose(vhv, np.sum(v * hv), rtol=1e-12)


def _hvp_by_hessian(f, args, v, positions):
    """H·v from the batched Hessian, whose pass computes every product in full."""
    blocks = dg.hessian(f, grad_position=positions)(*args)
    sizes = [a.size for a in args]
    H = np.block([[np.asarray(blocks[i][j].asnumpy()).reshape(sizes[i], sizes[j])
                   for j in range(len(args))] for i in range(len(args))])
    out = H @ np.concatenate([np.asarray(t).reshape(-1) for t in v])
    return np.split(out, np.cumsum(sizes)[:-1])


@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("transpose_b", [False, True])
def test_hvp_skips_only_what_it_does_not_read(transpose_a, transpose_b):
    # hvp's backward skips the primal part of a product sent to a leaf.  The
    # matrices here are leaves reached through flagged products, a batched
    # product that broadcasts a matrix (its cotangent is summed), and a weight
    # used twice (its cotangents accumulate): H·v must still equal the
    # Hessian's, computed with every product in full.
    a = RNG.standard_normal((4, 3) if transpose_a else (3, 4))
    b = RNG.standard_normal((5, 4) if transpose_b else (4, 5))
    stack = RNG.standard_normal((2, 3, 4))

    def f(a, b, stack):
        y = ops.tanh(ops.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b))
        aa = ops.transpose(a, (1, 0)) if transpose_a else a
        z = ops.matmul(stack * aa, ops.transpose(b, (1, 0)) if transpose_b else b)
        return (y * y).sum() + ops.sin(z).sum() + (ops.matmul(y, ops.transpose(y, (1, 0))) ** 2).sum()

    args = (a, b, stack)
    v = tuple(RNG.standard_normal(x.shape) for x in args)
    positions = (0, 1, 2)
    hv = dg.hvp(f, tuple(Tensor(x) for x in args), tuple(Tensor(t) for t in v),
                grad_position=positions)
    expected = _hvp_by_hessian(f, tuple(Tensor(x) for x in args), v, positions)
    for h, e in zip(hv, expected):
        np.testing.assert_allclose(h.asnumpy().reshape(-1), e, rtol=1e-11, atol=1e-12)
    # and grad(grad(f)) (H·1) takes the same path
    ones = tuple(np.ones(x.shape) for x in args)
    gg = dg.grad(dg.grad(f, grad_position=positions), grad_position=positions)(
        *(Tensor(x) for x in args))
    for h, e in zip(gg, _hvp_by_hessian(f, tuple(Tensor(x) for x in args), ones, positions)):
        np.testing.assert_allclose(h.asnumpy().reshape(-1), e, rtol=1e-11, atol=1e-12)


def test_a_tape_forgets_a_tangent_only_backward():
    # A tangent-only backward leaves zeros where the leaves' primal gradients
    # would be; a later ordinary backward of the same tape must give them.
    from dualgrad import _core
    from dualgrad._structural import matmul
    trace = _core.ForwardTrace()
    tape = _core.Tape()
    w0, x0 = RNG.standard_normal((3, 3)), RNG.standard_normal((2, 3))
    w = tape.leaf(_core.make_dual(w0, RNG.standard_normal((3, 3)), trace))
    out = matmul(x0, w)
    seed = _core.make_dual(np.ones((2, 3)), np.zeros((2, 3)), trace)
    first = tape.backward(out, seed, [w], release=False, tangent_only=True)[0]
    assert not np.any(first.primal)
    second = tape.backward(out, seed, [w], release=False)[0]
    np.testing.assert_allclose(second.primal, x0.T @ np.ones((2, 3)), rtol=1e-15)
    np.testing.assert_allclose(second.tangent, first.tangent, rtol=1e-15)


def test_hvp_with_respect_to_weights_has_the_gradient_structure():
    ws, bs = mlp_params([3, 4, 1], seed=3)
    params = ws + bs
    x = Tensor(RNG.standard_normal((5, 3)))
    loss = lambda x: (mlp(x, ws, bs) ** 2).mean()
    v = tuple(Tensor(RNG.standard_normal(p.shape)) for p in params)
    hv = dg.hvp(loss, (x,), v, grad_position=None, weights=params)
    assert isinstance(hv, tuple) and len(hv) == len(params)
    for h, p in zip(hv, params):
        assert h.shape == p.shape
    for h, fd in zip(hv, fd_weight_hvp(loss, x, params, v, 1e-6)):
        np.testing.assert_allclose(h.asnumpy(), fd, rtol=1e-5, atol=1e-8)
    # inputs and weights together: (input part, weight part) of H·(0, v)
    both = dg.hvp(loss, (x,), (Tensor(np.zeros((5, 3))), v), grad_position=0, weights=params)
    assert both[0].shape == (5, 3) and len(both[1]) == len(params)
    for a, b in zip(both[1], hv):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-12, atol=1e-14)
    # the input part is the mixed block H_xw·v: the input gradient of <grad_w, v>
    gw = dg.grad(loss, None, weights=params)
    mixed = dg.grad(lambda x: sum((gi * vi).sum() for gi, vi in zip(gw(x), v)))(x)
    np.testing.assert_allclose(both[0].asnumpy(), mixed.asnumpy(), rtol=1e-11, atol=1e-13)


def test_grad_of_grad_has_mindspore_semantics_for_several_positions():
    f = lambda x, y: (ops.sin(x) * ops.cos(y) + x * x * y).sum()
    x, y = Tensor(RNG.standard_normal(3)), Tensor(RNG.standard_normal(3))
    second = dg.grad(dg.grad(f, (0, 1)), (0, 1))(x, y)
    # outer grad of the sum of all first-order components = H · 1
    xx = dg.hessian(f, (0, 1))(x, y)
    ones = np.ones(3)
    h = [[b.asnumpy() for b in row] for row in xx]
    np.testing.assert_allclose(second[0].asnumpy(), h[0][0] @ ones + h[0][1] @ ones, rtol=1e-12)
    np.testing.assert_allclose(second[1].asnumpy(), h[1][0] @ ones + h[1][1] @ ones, rtol=1e-12)


def test_second_derivatives_through_reductions_keep_every_term():
    # MindSpore 2.10 drops the terms through a reduction's result (0 for the
    # first, 1/|x| for the norm, 2/n for var); the values are H·1 by hand.
    x = Tensor(np.array([0.3, 0.1, -0.4, 0.9]))
    v, n = x.asnumpy(), 4
    twice = lambda f: dg.grad(dg.grad(f))(x).asnumpy()               # noqa: E731
    np.testing.assert_allclose(twice(lambda t: ops.sum(t) ** 2), [2.0 * n] * n, rtol=1e-15)
    r = np.linalg.norm(v)
    np.testing.assert_allclose(twice(lambda t: ops.norm(t)),
                               (1 - v * v.sum() / r**2) / r, rtol=1e-13)
    np.testing.assert_allclose(twice(lambda t: ops.var(t)), np.zeros(n), atol=1e-15)
    s = (v * v).sum()
    np.testing.assert_allclose(twice(lambda t: ops.sum(t * t) ** 2),
                               4 * s + 8 * v * v.sum(), rtol=1e-14)
    w = np.exp(v * v) / np.exp(v * v).sum()         # logsumexp(x²): g = 2xw
    hess = np.diag(2 * w + 4 * v * v * w) - 4 * np.outer(v * w, v * w)
    np.testing.assert_allclose(twice(lambda t: ops.logsumexp(t * t, 0)), hess @ np.ones(n),
                               rtol=1e-13)


def test_hessian_blocks_for_several_positions():
    f = lambda x, y: (x * x * y + ops.exp(x) * y * y).sum()
    x, y = Tensor(RNG.standard_normal(2)), Tensor(RNG.standard_normal(2))
    (hxx, hxy), (hyx, hyy) = dg.hessian(f, (0, 1))(x, y)
    xv, yv = x.asnumpy(), y.asnumpy()
    np.testing.assert_allclose(hxx.asnumpy(), np.diag(2 * yv + np.exp(xv) * yv * yv))
    np.testing.assert_allclose(hxy.asnumpy(), np.diag(2 * xv + 2 * np.exp(xv) * yv))
    np.testing.assert_allclose(hyx.asnumpy(), hxy.asnumpy().T)
    np.testing.assert_allclose(hyy.asnumpy(), np.diag(2 * np.exp(xv)))


def test_third_order_through_hessian_and_grad():
    f = lambda x: (x ** 4).sum()
    x = Tensor(np.array([1.0, 2.0]))
    third = dg.grad(lambda x: dg.hessian(f)(x).sum())(x).asnumpy()
    np.testing.assert_allclose(third, 24 * x.asnumpy())


# ---------------------------------------------------------------------------
# PINN operators

@pytest.mark.parametrize("d", [1, 2, 5])
def test_laplacian_matches_the_trace_of_the_hessian_per_point(d):
    ws, bs = mlp_params([d, 8, 8, 1], seed=4)
    net = lambda x: mlp(x, ws, bs)
    x = RNG.standard_normal((6, d))
    lap = dg.laplacian(net)(Tensor(x)).asnumpy()
    assert lap.shape == (6, 1)
    for n in range(6):
        H = dg.hessian(lambda p: net(p.reshape(1, d)).sum())(Tensor(x[n])).asnumpy()
        np.testing.assert_allclose(lap[n, 0], np.trace(H), rtol=1e-12, atol=1e-13)


def test_partials_match_the_hessian_entries():
    ws, bs = mlp_params([3, 7, 1], seed=5)
    net = lambda x: mlp(x, ws, bs).reshape(-1)
    x = RNG.standard_normal((4, 3))
    for n in range(4):
        p = Tensor(x[n])
        g = dg.grad(lambda p: net(p.reshape(1, 3)).sum())(p).asnumpy()
        H = dg.hessian(lambda p: net(p.reshape(1, 3)).sum())(p).asnumpy()
        for i in range(3):
            np.testing.assert_allclose(dg.partial(net, i)(Tensor(x)).asnumpy()[n], g[i],
                                       rtol=1e-12)
            for j in range(3):
                np.testing.assert_allclose(dg.partial(net, i, j)(Tensor(x)).asnumpy()[n],
                                           H[i, j], rtol=1e-12, atol=1e-14)


def test_a_pinn_loss_built_on_the_laplacian_differentiates_with_respect_to_weights():
    ws, bs = mlp_params([2, 6, 6, 1], seed=6)
    params = ws + bs
    net = lambda x: mlp(x, ws, bs)
    x = Tensor(RNG.uniform(0, 1, (10, 2)))
    f = Tensor(RNG.standard_normal((10, 1)))

    def loss(x):
        r = dg.laplacian(net)(x) - f
        return (r * r).mean()

    value, grads = dg.value_and_grad(loss, None, weights=params)(x)
    # the same loss with the Laplacian by nested reverse mode (grad of grad per coordinate)
    def loss_nested(x):
        lap = 0
        for k in range(2):
            lap = lap + dg.grad(lambda x: dg.grad(lambda x: net(x).sum())(x)[:, k].sum())(x)[:, k]
        r = lap.reshape(10, 1) - f
        return (r * r).mean()
    value2, grads2 = dg.value_and_grad(loss_nested, None, weights=params)(x)
    np.testing.assert_allclose(value.asnumpy(), value2.asnumpy(), rtol=1e-12)
    for a, b in zip(grads, grads2):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-10, atol=1e-12)


def test_pinn_operators_check_their_contract():
    net = lambda x: x.sum(axis=1)
    x = Tensor(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"shape \(N, D\)"):
        dg.laplacian(net)(Tensor(np.ones(3)))
    with pytest.raises(ValueError, match="row by row"):
        dg.laplacian(lambda x: x.T)(x)
    with pytest.raises(ValueError, match="out of range"):
        dg.partial(net, 2)(x)
    with pytest.raises(TypeError, match="coordinate index"):
        dg.partial(net, 0, 1.5)(x)


def test_hvp_rejects_directions_that_do_not_match_the_selection():
    f = lambda x, y: (x * y).sum()
    x, y = Tensor(np.ones(3)), Tensor(np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        dg.hvp(f, (x, y), Tensor(np.ones(4)))
    with pytest.raises(ValueError, match="direction"):
        dg.hvp(f, (x, y), (Tensor(np.ones(3)),), grad_position=(0, 1))


# ---------------------------------------------------------------------------
# ops.derivative (MindSpore semantics)

@pytest.mark.parametrize("order,expected", [(1, np.cos), (2, lambda x: -np.sin(x)),
                                            (3, lambda x: -np.cos(x)), (4, np.sin)])
def test_derivative_of_sin_at_every_order(order, expected):
    x = np.array([0.3, 1.0])
    value, series = dg.derivative(ops.sin, Tensor(x), order)
    np.testing.assert_allclose(value.asnumpy(), np.sin(x), rtol=1e-14)
    np.testing.assert_allclose(series.asnumpy(), expected(x), rtol=1e-13)


@pytest.mark.parametrize("i,j", [(0, 0), (0, 1)], ids=["shared", "mixed"])
def test_weight_gradients_through_second_partials_match_nested_reverse(i, j):
    ws, bs = mlp_params([2, 5, 1], seed=8)
    params = ws + bs
    net = lambda x: mlp(x, ws, bs, ops.sigmoid)
    x = Tensor(RNG.uniform(0, 1, (7, 2)))

    def loss(x):
        return (dg.partial(net, i, j)(x) ** 2).mean()

    def loss_nested(x):
        inner = dg.grad(lambda x: net(x).sum())
        second = dg.grad(lambda x: inner(x)[:, i].sum())(x)[:, j]
        return (second.reshape(7, 1) ** 2).mean()

    (v1, g1), (v2, g2) = (dg.value_and_grad(f, None, weights=params)(x)
                          for f in (loss, loss_nested))
    np.testing.assert_allclose(v1.asnumpy(), v2.asnumpy(), rtol=1e-12)
    for a, b in zip(g1, g2):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-10, atol=1e-13)


def test_hvp_of_a_pinn_loss_with_respect_to_weights():
    # forward over reverse over hyper-dual: the tape's hyper-dual nodes see Dual cotangents
    ws, bs = mlp_params([2, 4, 1], seed=9)
    params = ws + bs
    net = lambda x: mlp(x, ws, bs)
    x = Tensor(RNG.uniform(0, 1, (5, 2)))
    loss = lambda x: (dg.laplacian(net)(x) ** 2).mean()
    v = tuple(Tensor(RNG.standard_normal(p.shape)) for p in params)
    hv = dg.hvp(loss, (x,), v, grad_position=None, weights=params)
    for h, fd in zip(hv, fd_weight_hvp(loss, x, params, v, 1e-5)):
        np.testing.assert_allclose(h.asnumpy(), fd, rtol=1e-5, atol=1e-7)


def test_pinn_loss_gradients_in_float32_stay_float32_and_close_to_float64():
    ws, bs = mlp_params([2, 6, 1], seed=10)
    ws32 = [Parameter(Tensor(w.asnumpy().astype(np.float32)), name=w.name) for w in ws]
    bs32 = [Parameter(Tensor(b.asnumpy().astype(np.float32)), name=b.name) for b in bs]
    x = RNG.uniform(0, 1, (6, 2))

    def grads(ws, bs, dtype):
        net = lambda x: mlp(x, ws, bs)
        loss = lambda x: (dg.laplacian(net)(x) ** 2).mean()
        return dg.grad(loss, None, weights=ws + bs)(Tensor(x.astype(dtype)))
    g32, g64 = grads(ws32, bs32, np.float32), grads(ws, bs, np.float64)
    for a, b in zip(g32, g64):
        assert a.asnumpy().dtype == np.float32
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=2e-4, atol=1e-5)


def test_partial_returns_the_lower_orders_of_its_pass():
    ws, bs = mlp_params([2, 6, 1], seed=11)
    net = lambda x: mlp(x, ws, bs).reshape(-1)
    x = Tensor(RNG.standard_normal((5, 2)))
    u, u_0, u_1, u_01 = dg.partial(net, 0, 1, lower=True)(x)
    np.testing.assert_allclose(u.asnumpy(), net(x).asnumpy(), rtol=1e-15)
    np.testing.assert_allclose(u_0.asnumpy(), dg.partial(net, 0)(x).asnumpy(), rtol=1e-14)
    np.testing.assert_allclose(u_1.asnumpy(), dg.partial(net, 1)(x).asnumpy(), rtol=1e-14)
    np.testing.assert_allclose(u_01.asnumpy(), dg.partial(net, 0, 1)(x).asnumpy(), rtol=1e-14)
    v, v_0 = dg.partial(net, 0, lower=True)(x)
    np.testing.assert_allclose(v_0.asnumpy(), u_0.asnumpy(), rtol=1e-14)
    with pytest.raises(TypeError, match="lower"):
        dg.partial(net, 0, lower=1)


def _separable_derivative(x, coords):
    """∂^k u / ∂x_coords of u = sin(x0) · x1² · exp(0.3 x2), in closed form."""
    counts = [list(coords).count(k) for k in range(3)]
    a = np.sin(x[:, 0] + counts[0] * np.pi / 2)
    b = [x[:, 1] ** 2, 2 * x[:, 1], 2 + 0 * x[:, 1]][counts[1]] if counts[1] < 3 else 0 * x[:, 1]
    c = 0.3 ** counts[2] * np.exp(0.3 * x[:, 2])
    return a * b * c


@pytest.mark.parametrize("coords", [(0, 0, 0), (0, 1, 0), (2, 2, 2, 2), (0, 1, 2), (1, 1, 1),
                                    (0, 0, 1, 1, 2)])
def test_partials_of_order_three_and_more_match_closed_forms(coords):
    u = lambda p: ops.sin(p[:, 0]) * p[:, 1] ** 2 * ops.exp(0.3 * p[:, 2])
    x = RNG.standard_normal((6, 3))
    got = dg.partial(u, *coords)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(got, _separable_derivative(x, coords), rtol=1e-13, atol=1e-14)


def test_third_partials_of_an_mlp_are_symmetric_and_match_finite_differences():
    ws, bs = mlp_params([3, 8, 8, 1], seed=23)
    net = lambda x: mlp(x, ws, bs, act=ops.sin)
    x = RNG.standard_normal((5, 3))
    u_012 = dg.partial(net, 0, 1, 2)(Tensor(x)).asnumpy()
    for order in [(1, 2, 0), (2, 0, 1), (2, 1, 0)]:
        np.testing.assert_allclose(dg.partial(net, *order)(Tensor(x)).asnumpy(), u_012,
                                   rtol=1e-12, atol=1e-14)
    # the public operators nested: ∂/∂x0 of the second partial pass
    nested = dg.partial(dg.partial(net, 1, 2), 0)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(nested, u_012, rtol=1e-12, atol=1e-14)
    h = 1e-5
    step = np.zeros_like(x)
    step[:, 0] = h
    u_12 = lambda p: dg.partial(net, 1, 2)(Tensor(p)).asnumpy()
    np.testing.assert_allclose(u_012, (u_12(x + step) - u_12(x - step)) / (2 * h),
                               rtol=1e-6, atol=1e-8)


def test_lower_orders_of_a_third_partial_are_the_subset_derivatives():
    ws, bs = mlp_params([2, 6, 6, 1], seed=24)
    net = lambda x: mlp(x, ws, bs).reshape(-1)
    x = Tensor(RNG.standard_normal((5, 2)))
    coords = (0, 1, 0)
    parts = dg.partial(net, *coords, lower=True)(x)
    assert len(parts) == 8
    np.testing.assert_allclose(parts[0].asnumpy(), net(x).asnumpy(), rtol=1e-15)
    for m in range(1, 8):
        subset = [coords[b] for b in range(3) if m >> b & 1]
        np.testing.assert_allclose(parts[m].asnumpy(), dg.partial(net, *subset)(x).asnumpy(),
                                   rtol=1e-12, atol=1e-14, err_msg=f"entry {m}: {subset}")


def test_weight_gradients_through_a_third_partial_match_nested_reverse():
    ws, bs = mlp_params([2, 5, 1], seed=25)
    params = ws + bs
    net = lambda x: mlp(x, ws, bs)
    x = Tensor(RNG.uniform(0, 1, (6, 2)))

    def loss(x):
        return (dg.partial(net, 0, 0, 1)(x) ** 2).mean()

    def loss_nested(x):
        first = dg.grad(lambda x: net(x).sum())
        second = dg.grad(lambda x: first(x)[:, 1].sum())
        third = dg.grad(lambda x: second(x)[:, 0].sum())(x)[:, 0]
        return (third.reshape(6, 1) ** 2).mean()

    _assert_same_loss_and_weight_gradients(loss, loss_nested, params, x)


def test_higher_partials_refuse_bad_coordinates_by_name():
    net = lambda x: x.sum(axis=1)
    x = Tensor(np.ones((4, 2)))
    with pytest.raises(TypeError, match="coordinate argument 3 is True.*lower=True"):
        dg.partial(net, 0, 1, True)
    with pytest.raises(TypeError, match="j: expected a coordinate index"):
        dg.partial(net, 0, None, 1)(x)
    with pytest.raises(ValueError, match="coordinate argument 4: coordinate 2 is out of range"):
        dg.partial(net, 0, 1, 0, 2)(x)
    with pytest.raises(ValueError, match="at most 16 coordinates"):
        dg.partial(net, *([0] * 17))


def _per_point_hessians(net, x, component=0):
    """Hessian and gradient of output ``component`` at each point, by reverse over reverse."""
    n, d = x.shape
    one = lambda p: net(p.reshape(1, d)).reshape(-1)[component]
    hessians = [dg.jacrev(dg.grad(one))(Tensor(x[k])).asnumpy() for k in range(n)]
    grads = [dg.grad(one)(Tensor(x[k])).asnumpy() for k in range(n)]
    return np.array(hessians), np.array(grads)


def _assert_same_loss_and_weight_gradients(loss, reference, params, x):
    value, grads = dg.value_and_grad(loss, None, weights=params)(x)
    value_ref, grads_ref = dg.value_and_grad(reference, None, weights=params)(x)
    np.testing.assert_allclose(value.asnumpy(), value_ref.asnumpy(), rtol=1e-13)
    for a, b in zip(grads, grads_ref):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("coords", [(0,), (2, 0), (1,), (0, 1, 2)])
def test_laplacian_over_some_coordinates_sums_those_hessian_diagonals(coords):
    ws, bs = mlp_params([3, 7, 7, 1], seed=21)
    net = lambda x: mlp(x, ws, bs, act=ops.sin)
    x = RNG.standard_normal((5, 3))
    H, g = _per_point_hessians(net, x)
    expected = sum(H[:, k, k] for k in coords)
    lap = dg.laplacian(net, coords)(Tensor(x)).asnumpy()
    assert lap.shape == (5, 1)
    np.testing.assert_allclose(lap[:, 0], expected, rtol=1e-12, atol=1e-13)
    # with lower=True the same pass gives u and the first derivatives along
    # every coordinate, not only the summed ones
    u, du, lap_too = dg.laplacian(net, coords, lower=True)(Tensor(x))
    np.testing.assert_array_equal(u.asnumpy(), net(Tensor(x)).asnumpy())
    assert len(du) == 3 and all(part.shape == (5, 1) for part in du)
    for k in range(3):
        np.testing.assert_allclose(du[k].asnumpy()[:, 0], g[:, k], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(lap_too.asnumpy(), lap, rtol=1e-13, atol=1e-14)


def test_laplacian_and_partial_of_a_vector_valued_network_work_per_component():
    ws, bs = mlp_params([2, 6, 6, 3], seed=22)
    net = lambda x: mlp(x, ws, bs)
    x = RNG.standard_normal((4, 2))
    lap = dg.laplacian(net)(Tensor(x)).asnumpy()
    u_01 = dg.partial(net, 0, 1)(Tensor(x)).asnumpy()
    u, du, _ = dg.laplacian(net, lower=True)(Tensor(x))
    assert lap.shape == u_01.shape == u.shape == du[1].shape == (4, 3)
    for m in range(3):
        H, g = _per_point_hessians(net, x, m)
        np.testing.assert_allclose(lap[:, m], H[:, 0, 0] + H[:, 1, 1], rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(u_01[:, m], H[:, 0, 1], rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(du[1].asnumpy()[:, m], g[:, 1], rtol=1e-12, atol=1e-14)


def test_one_laplacian_pass_gives_a_burgers_residual_and_its_weight_gradient():
    """u_t + u u_x - nu u_xx from laplacian(coords=(0,), lower=True) equals the
    residual assembled from partial passes, and so do their weight gradients."""
    ws, bs = mlp_params([2, 8, 8, 1], seed=23)
    params = ws + bs
    net = lambda p: mlp(p, ws, bs).reshape(-1)
    x = Tensor(RNG.uniform(0, 1, (12, 2)))

    def one_pass(p):
        u, (u_x, u_t), u_xx = dg.laplacian(net, (0,), lower=True)(p)
        r = u_t + u * u_x - 0.05 * u_xx
        return (r * r).mean()

    def three_passes(p):
        u, u_x, _, u_xx = dg.partial(net, 0, 0, lower=True)(p)
        r = dg.partial(net, 1)(p) + u * u_x - 0.05 * u_xx
        return (r * r).mean()

    _assert_same_loss_and_weight_gradients(one_pass, three_passes, params, x)


@pytest.mark.parametrize("coords", [None, (1,), (2, 0)])
def test_point_hessian_matches_the_hessian_of_each_point(coords):
    ws, bs = mlp_params([3, 7, 7, 2], seed=24)
    net = lambda x: mlp(x, ws, bs, act=ops.sin)
    x = RNG.standard_normal((4, 3))
    chosen = list(range(3)) if coords is None else list(coords)
    u, du, H = dg.point_hessian(net, coords, lower=True)(Tensor(x))
    assert H.shape == (4, 2, len(chosen), len(chosen)) and len(du) == len(chosen)
    np.testing.assert_array_equal(H.asnumpy(), dg.point_hessian(net, coords)(Tensor(x)).asnumpy())
    np.testing.assert_array_equal(u.asnumpy(), net(Tensor(x)).asnumpy())
    for m in range(2):
        H_ref, g_ref = _per_point_hessians(net, x, m)
        np.testing.assert_allclose(H.asnumpy()[:, m], H_ref[:, chosen][:, :, chosen],
                                   rtol=1e-12, atol=1e-13)
        for a, k in enumerate(chosen):
            np.testing.assert_allclose(du[a].asnumpy()[:, m], g_ref[:, k], rtol=1e-12,
                                       atol=1e-14)


def test_point_hessian_in_a_loss_differentiates_with_respect_to_weights():
    ws, bs = mlp_params([2, 6, 6, 1], seed=25)
    params = ws + bs
    net = lambda p: mlp(p, ws, bs).reshape(-1)
    x = Tensor(RNG.uniform(0, 1, (9, 2)))

    def monge_ampere(p):          # det D²u - 1, built from the per-point Hessian
        H = dg.point_hessian(net)(p)
        r = H[:, 0, 0] * H[:, 1, 1] - H[:, 0, 1] * H[:, 1, 0] - 1.0
        return (r * r).mean()

    def from_partials(p):
        r = (dg.partial(net, 0, 0)(p) * dg.partial(net, 1, 1)(p)
             - dg.partial(net, 0, 1)(p) * dg.partial(net, 1, 0)(p) - 1.0)
        return (r * r).mean()

    _assert_same_loss_and_weight_gradients(monge_ampere, from_partials, params, x)


def test_point_hessian_keeps_float32_and_is_zero_for_a_constant():
    ws, bs = mlp_params([2, 5, 1], seed=26)
    ws32 = [Tensor(w.asnumpy().astype(np.float32)) for w in ws]
    bs32 = [Tensor(b.asnumpy().astype(np.float32)) for b in bs]
    x = RNG.standard_normal((3, 2))
    H32 = dg.point_hessian(lambda p: mlp(p, ws32, bs32))(Tensor(x.astype(np.float32)))
    H64 = dg.point_hessian(lambda p: mlp(p, ws, bs))(Tensor(x))
    assert H32.asnumpy().dtype == np.float32
    np.testing.assert_allclose(H32.asnumpy(), H64.asnumpy(), rtol=1e-4, atol=1e-5)
    c = Tensor(np.arange(3.0))
    u, du, H = dg.point_hessian(lambda p: c, lower=True)(Tensor(x))
    assert H.shape == (3, 2, 2) and len(du) == 2
    np.testing.assert_array_equal(H.asnumpy(), np.zeros((3, 2, 2)))


def test_laplacian_of_a_function_constant_in_x_is_zero_with_its_lower_orders():
    x = Tensor(RNG.standard_normal((3, 2)))
    c = Tensor(np.arange(3.0))
    u, du, lap = dg.laplacian(lambda p: c, lower=True)(x)
    np.testing.assert_array_equal(u.asnumpy(), c.asnumpy())
    assert len(du) == 2
    for part in du + (lap,):
        np.testing.assert_array_equal(part.asnumpy(), np.zeros(3))


# ---------------------------------------------------------------------------
# Differentiating a batched pass again: the structural rules carry the batch
# axes of directions (nb) through their transposes and through a second batch.

_N, _D = 4, 3
_X = np.random.default_rng(11).uniform(-1, 1, (_N, _D))
_MASK = np.array([True, False, True])


def _weights(n):
    return Tensor(np.arange(1.0, n + 1.0) / n)


# Row-wise functions (N, D) -> (N,), each with one structural primitive acting
# on a value that carries the Laplacian's batch of directions.
_STRUCTURAL = {
    "sum": lambda x: ops.sin((x * x).sum(axis=1)),
    "mean": lambda x: ops.sin(ops.mean(x * x, 1)),
    "amax": lambda x: ops.sin(ops.amax(x * x, 1)),
    "index": lambda x: ops.sin((x * x)[:, 0]) * x[:, 1],
    "reversed slice": lambda x: ops.sin((x * x)[:, ::-1]) @ _weights(_D),
    "separated advanced index": lambda x: ops.sin(ops.reshape(x * x, (_N, 1, _D))[:, 0, [2, 0]])
    @ _weights(2),
    "concat": lambda x: ops.sin(ops.concat([x * x, x], 1)) @ _weights(2 * _D),
    "stack": lambda x: ops.reshape(ops.sin(ops.stack([x * x, x], 1)), (_N, 2 * _D))
    @ _weights(2 * _D),
    "transpose": lambda x: ops.transpose(ops.sin(ops.transpose(x * x))) @ _weights(_D),
    "broadcast_to": lambda x: ops.reshape(
        ops.sin(ops.broadcast_to((x * x)[:, None, :], (_N, 2, _D))), (_N, 2 * _D))
    @ _weights(2 * _D),
    "where": lambda x: ops.sin(ops.where(_MASK, x * x, x)) @ _weights(_D),
    "broadcast multiply": lambda x: ops.sin(x * (x * x).sum(axis=1, keepdims=True)
                                            * Tensor(np.ones((1, _D)))) @ _weights(_D),
    "cumsum": lambda x: ops.sin(ops.cumsum(x * x, 1)) @ _weights(_D),
    # Functions composed of the primitives above, through the same batched passes.
    "norm": lambda x: ops.sin(ops.norm(x * x + x, dim=1)),
    "prod": lambda x: ops.prod(ops.sin(x) + x * x, 1),
    "cumprod": lambda x: ops.sin(ops.cumprod(x + 0.5, 1)) @ _weights(_D),
    "cdist": lambda x: ops.reshape(ops.cdist(ops.expand_dims(x, 1),
                                             ops.expand_dims(x * x, 1)), (_N,)),
    "gather": lambda x: ops.sin(ops.gather(x * x, Tensor([2, 0, 2]), 1)) @ _weights(3),
    "tile and roll": lambda x: ops.sin(ops.roll(ops.tile(x * x, (1, 2)), 1, 1))
    @ _weights(2 * _D),
    "einsum": lambda x: ops.einsum("nd,nd->n", ops.sin(x), x * x),
    "sort": lambda x: ops.sort(x * x + x, 1)[0] @ _weights(_D),
}


def _laplacian_by_partials(f):
    """The same Laplacian from unbatched HyperDual passes (one per coordinate)."""
    def lap(x):
        total = dg.partial(f, 0, 0)(x)
        for k in range(1, _D):
            total = total + dg.partial(f, k, k)(x)
        return total
    return lap


@pytest.mark.parametrize("name", sorted(_STRUCTURAL))
def test_derivatives_of_a_batched_laplacian_pass_through_every_structural_rule(name):
    f = _STRUCTURAL[name]
    x = Tensor(_X)
    lap, by_partials = dg.laplacian(f), _laplacian_by_partials(f)
    np.testing.assert_allclose(lap(x).asnumpy(), by_partials(x).asnumpy(), rtol=1e-12)
    # reverse over the batched pass, and forward (a second batch) over it
    reference = dg.jacrev(by_partials)(x).asnumpy()
    np.testing.assert_allclose(dg.jacrev(lap)(x).asnumpy(), reference, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dg.jacfwd(lap)(x).asnumpy(), reference, rtol=1e-10, atol=1e-12)
    g = dg.grad(lambda z: (lap(z) ** 2).sum())(x).asnumpy()
    np.testing.assert_allclose(g, (2 * by_partials(x).asnumpy() @ reference.reshape(_N, -1))
                               .reshape(_N, _D), rtol=1e-10, atol=1e-12)
    # and an oracle independent of dualgrad's own passes
    eps = 1e-5
    fd = np.zeros((_N, _N, _D))
    for i in np.ndindex(_N, _D):
        step = np.zeros_like(_X)
        step[i] = eps
        fd[(slice(None),) + i] = (lap(Tensor(_X + step)).asnumpy()
                                  - lap(Tensor(_X - step)).asnumpy()) / (2 * eps)
    np.testing.assert_allclose(reference, fd, rtol=1e-5, atol=1e-6)


def test_weight_gradient_of_a_laplacian_loss_through_a_row_sum():
    """The PINN case: tanh(x W) summed over hidden units, N equal to the width."""
    rng = np.random.default_rng(0)
    for n, width in ((4, 4), (5, 4)):
        x = Tensor(rng.uniform(-1, 1, (n, 2)))
        w = Parameter(Tensor(rng.normal(size=(2, width))), name="w")

        def u(x):
            return ops.tanh(ops.tanh(x @ w).sum(axis=1))

        def loss_lap(x):
            return (dg.laplacian(u)(x) ** 2).sum()

        def loss_partials(x):
            return ((dg.partial(u, 0, 0)(x) + dg.partial(u, 1, 1)(x)) ** 2).sum()
        got = dg.grad(loss_lap, None, weights=w)(x).asnumpy()
        want = dg.grad(loss_partials, None, weights=w)(x).asnumpy()
        np.testing.assert_allclose(got, want, rtol=1e-11)


def test_biharmonic_and_hessian_of_a_laplacian():
    """u = |x|^4 per row: Δu = (4D + 8)|x|², ∇Δu = 2(4D + 8)x, Δ²u = 2D(4D + 8)."""
    x = Tensor(np.random.default_rng(3).uniform(-1, 1, (3, 2)))

    def u(z):
        r2 = (z * z).sum(axis=1)
        return r2 * r2
    c = 4 * 2 + 8
    np.testing.assert_allclose(dg.laplacian(dg.laplacian(u))(x).asnumpy(), 2 * 2 * c,
                               rtol=1e-12)
    jac = dg.jacfwd(dg.laplacian(u))(x).asnumpy()
    np.testing.assert_allclose(np.einsum("nnd->nd", jac), 2 * c * x.asnumpy(), rtol=1e-12)
    h = dg.hessian(lambda z: dg.laplacian(u)(z).sum())(x).asnumpy().reshape(6, 6)
    np.testing.assert_allclose(h, 2 * c * np.eye(6), atol=1e-12)


def test_batched_advanced_index_keeps_the_batch_axis_first_when_sizes_coincide():
    # Index arrays separated by a slice move their axes first; K = 2 directions
    # and a broadcast length of 2 must not be confused.
    t0 = np.array([[[1.0, 2.0]], [[3.0, 4.0]]])       # shape (2, 1, 2)

    def f(t):
        return (t[[0, 0], :, [0, 0]] ** 2 * t[[1, 1], :, [0, 0]]).sum()
    h = dg.hessian(f)(Tensor(t0)).asnumpy().reshape(4, 4)
    a, b = t0[0, 0, 0], t0[1, 0, 0]         # f = 2 a² b
    want = np.zeros((4, 4))
    want[0, 0], want[0, 2], want[2, 0] = 4 * b, 4 * a, 4 * a
    np.testing.assert_allclose(h, want, atol=1e-12)
    jf = dg.jacfwd(lambda t: t[[0, 1], :, [0, 1]])(Tensor(t0)).asnumpy()
    jr = dg.jacrev(lambda t: t[[0, 1], :, [0, 1]])(Tensor(t0)).asnumpy()
    np.testing.assert_array_equal(jf, jr)


def test_hvp_has_grads_structure_for_a_one_position_tuple():
    f = lambda x, y: (x * x * y).sum()     # noqa: E731
    x, y = Tensor(np.array([1.0, 2.0])), Tensor(np.array([3.0, 4.0]))
    g = dg.grad(f, (0,))(x, y)
    hv = dg.hvp(f, (x, y), Tensor(np.array([1.0, 0.0])), grad_position=(0,))
    assert isinstance(g, Tensor) and isinstance(hv, Tensor)
    np.testing.assert_allclose(hv.asnumpy(), [6.0, 0.0])
    both = dg.hvp(f, (x, y), (Tensor(np.ones(2)), Tensor(np.zeros(2))), grad_position=(0, 1))
    assert isinstance(both, tuple) and len(both) == 2


def test_batched_index_with_a_bool_scalar_and_an_ellipsis():
    x = Tensor(np.arange(12.0).reshape(3, 4))
    for f in (lambda x: x[np.True_, ..., [1, 2]], lambda x: x[True, ..., [1, 2]] * x[0, 0]):
        np.testing.assert_array_equal(dg.jacfwd(f)(x).asnumpy(), dg.jacrev(f)(x).asnumpy())
    h = dg.hessian(lambda x: (x[True, ..., [1, 2]] ** 2).sum())(x).asnumpy().reshape(12, 12)
    want = np.zeros((3, 4))
    want[:, [1, 2]] = 2.0
    np.testing.assert_array_equal(h, np.diag(want.reshape(-1)))


def test_second_order_rules_divide_by_a_python_number_as_the_kernels_do():
    # A Python number operand reaches the second-order rules' Python arithmetic:
    # 1 / 0.0 there raised ZeroDivisionError (the std of an empty tensor did);
    # as a NumPy scalar of the output's dtype it is inf, quietly, as in the kernels.
    import warnings
    x = Tensor(np.array([1.0, 2.0, 3.0]))
    over_zero = lambda t: ops.sqrt(ops.sum(t * t) / 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for second in (dg.hvp(over_zero, x, x), dg.grad(dg.grad(over_zero))(x),
                       dg.hessian(over_zero)(x) @ x):
            assert np.isnan(second.asnumpy()).all()
        empty = Tensor(np.ones((0, 3)))
        assert dg.hvp(ops.std, empty, empty).shape == (0, 3)
    # where the value is finite it is the exact one: f = sqrt(2) / |t|
    t = x.asnumpy()
    r = np.linalg.norm(t)
    exact = np.sqrt(2.0) * (3.0 * np.outer(t, t) / r ** 5 - np.eye(3) / r ** 3)
    for two in (2.0, 2, Tensor(2.0, dg.float64)):
        f = lambda v, two=two: ops.sqrt(two / ops.sum(v * v))
        np.testing.assert_allclose(dg.hessian(f)(x).asnumpy(), exact, rtol=1e-14, atol=1e-16)
        np.testing.assert_allclose(dg.hvp(f, x, x).asnumpy(), exact @ t, rtol=1e-14)


# ---------------------------------------------------------------------------
# laplacian_estimate: random directions, unbiased, exact where the variance is 0

def _separable(p):
    return (p * p * ops.sin(p)).sum(axis=1)          # Hessian diagonal at every point


def _coupled(p):
    return ops.sin(p[:, 0] * p[:, 1]) + p[:, 2] ** 3 * p[:, 0] + ops.exp(p[:, 1] * p[:, 2])


@pytest.mark.parametrize("coords", [None, (0, 2)])
def test_laplacian_estimate_is_exact_where_its_variance_is_zero(coords):
    x = Tensor(RNG.standard_normal((6, 3)))
    exact = dg.laplacian(_separable, coords)(x).asnumpy()
    # Rademacher directions: v^T H v = tr H for a diagonal H, whatever v is
    for samples in (1, 3):
        got = dg.laplacian_estimate(_separable, samples, coords)(x).asnumpy()
        np.testing.assert_allclose(got, exact, rtol=1e-13, atol=1e-13)
    # every coordinate drawn: the exact Laplacian of any function
    c = 3 if coords is None else len(coords)
    got = dg.laplacian_estimate(_coupled, c, coords, estimator="coordinates")(x).asnumpy()
    np.testing.assert_allclose(got, dg.laplacian(_coupled, coords)(x).asnumpy(), rtol=1e-13,
                               atol=1e-13)


@pytest.mark.parametrize("estimator", ["rademacher", "coordinates"])
def test_laplacian_estimate_is_unbiased(estimator):
    # one point repeated: each copy draws its own direction
    point = RNG.standard_normal(3)
    x = Tensor(np.tile(point, (4000, 1)))
    exact = float(dg.laplacian(_coupled)(Tensor(point[None])).asnumpy()[0])
    draws = dg.laplacian_estimate(_coupled, 1, estimator=estimator, seed=5)(x).asnumpy()
    assert draws.std() > 1e-3                        # the draws do vary
    standard_error = draws.std() / np.sqrt(len(draws))
    assert abs(draws.mean() - exact) < 5 * standard_error
    # K directions average K single draws: the spread shrinks as 1/sqrt(K)
    spread = dg.laplacian_estimate(_coupled, 2, estimator=estimator, seed=6)(x).asnumpy().std()
    assert spread < 0.85 * draws.std()


def test_laplacian_estimate_draws_reproducibly():
    x = Tensor(RNG.standard_normal((5, 3)))
    fixed = dg.laplacian_estimate(_coupled, 2, seed=3)
    np.testing.assert_array_equal(fixed(x).asnumpy(), fixed(x).asnumpy())
    fresh = dg.laplacian_estimate(_coupled, 2)
    dg.set_seed(11)
    first = [fresh(x).asnumpy() for _ in range(2)]
    dg.set_seed(11)
    again = [fresh(x).asnumpy() for _ in range(2)]
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], first[1])    # a fresh draw at every call


def test_laplacian_estimate_keeps_dtype_and_shape_and_differentiates_in_weights():
    ws, bs = mlp_params([3, 6, 6, 2], seed=26)
    params = ws + bs
    net = lambda x: mlp(x, ws, bs)
    x32 = Tensor(RNG.standard_normal((5, 3)).astype(np.float32))
    ws32 = [Tensor(w.asnumpy().astype(np.float32)) for w in ws]
    bs32 = [Tensor(b.asnumpy().astype(np.float32)) for b in bs]
    out32 = dg.laplacian_estimate(lambda x: mlp(x, ws32, bs32), 4, seed=0)(x32)
    assert out32.dtype == dg.float32 and out32.shape == (5, 2)
    # with a seed the estimate is a fixed function of the weights: its loss's
    # weight gradient against central differences along a random direction
    x = Tensor(RNG.standard_normal((5, 3)))
    estimate = dg.laplacian_estimate(net, 3, seed=4)
    loss = lambda x: (estimate(x) ** 2).mean()
    direction = [Tensor(RNG.standard_normal(p.shape)) for p in params]
    _, grads = dg.value_and_grad(loss, None, weights=params)(x)
    analytic = sum(float((g.asnumpy() * d.asnumpy()).sum()) for g, d in zip(grads, direction))
    saved = [p.asnumpy().copy() for p in params]

    def at(h):
        for p, s, d in zip(params, saved, direction):
            p.set_data(Tensor(s + h * d.asnumpy()))
        value = float(loss(x).asnumpy())
        for p, s in zip(params, saved):
            p.set_data(Tensor(s))
        return value
    numeric = (at(1e-6) - at(-1e-6)) / 2e-6
    assert abs(analytic - numeric) <= 1e-6 * max(1.0, abs(numeric))


def test_laplacian_estimate_refuses_bad_arguments_by_name():
    x = Tensor(np.ones((4, 3)))
    for samples in (1.5, True, "4"):
        with pytest.raises(TypeError, match="samples: expected a positive int"):
            dg.laplacian_estimate(_coupled, samples)
    with pytest.raises(ValueError, match="samples: expected at least one"):
        dg.laplacian_estimate(_coupled, 0)
    with pytest.raises(ValueError, match="estimator: expected one of"):
        dg.laplacian_estimate(_coupled, 2, estimator="gaussian")
    with pytest.raises(TypeError, match="seed: expected an int or None"):
        dg.laplacian_estimate(_coupled, 2, seed="0")
    with pytest.raises(ValueError, match="at most the 2 there are; got 3"):
        dg.laplacian_estimate(_coupled, 3, (0, 1), estimator="coordinates")(x)
    with pytest.raises(ValueError, match=r"shape \(N, D\)"):
        dg.laplacian_estimate(_coupled, 2)(Tensor(np.ones(3)))
    with pytest.raises(ValueError, match="out of range"):
        dg.laplacian_estimate(_coupled, 2, (0, 5))(x)


def _flat(values):
    if isinstance(values, (tuple, list)):
        return [leaf for v in values for leaf in _flat(v)]
    return [values.reshape(-1)]


@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-11), (np.float32, 2e-4)])
@pytest.mark.parametrize("operator", ["bilaplacian", "laplacian lower", "partial 0,1 lower",
                                      "partial 0,0,1"])
def test_forward_and_reverse_jacobians_agree_through_every_pinn_operator(operator, dtype,
                                                                         tolerance):
    """jacfwd (forward around the hyper-dual or Taylor pass, fused where the
    parts are Duals) and jacrev (reverse through the pass's tape) of each
    operator's outputs w.r.t. the weights of a network with a gated residual
    (products and sums of two traced values), in float64 and float32."""
    rng = np.random.default_rng(31)
    shapes = [(2, 6), (6,), (6, 6), (6,), (6, 1), (1,)]
    x = Tensor(rng.uniform(-1, 1, (5, 2)).astype(dtype))
    weights = [Tensor((0.6 * rng.standard_normal(s)).astype(dtype)) for s in shapes]

    def network(w):
        def u(p):
            h = ops.tanh(ops.matmul(p, w[0]) + w[1])
            h = ops.gelu(ops.matmul(h, w[2]) + w[3]) * h + h
            return ops.matmul(h, w[4]) + w[5]
        return u

    apply = {"bilaplacian": lambda u: dg.bilaplacian(u)(x),
             "laplacian lower": lambda u: dg.laplacian(u, lower=True)(x),
             "partial 0,1 lower": lambda u: dg.partial(u, 0, 1, lower=True)(x),
             "partial 0,0,1": lambda u: dg.partial(u, 0, 0, 1)(x)}[operator]

    def outputs(*w):
        return ops.concat(_flat(apply(network(w))))

    positions = tuple(range(len(weights)))
    forward = dg.jacfwd(outputs, grad_position=positions)(*weights)
    reverse = dg.jacrev(outputs, grad_position=positions)(*weights)
    for got, want in zip(forward, reverse):
        got, want = got.asnumpy(), want.asnumpy()
        assert got.dtype == dtype
        assert np.max(np.abs(got - want)) <= tolerance * max(np.max(np.abs(want)), 1e-30)
