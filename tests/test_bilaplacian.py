"""The biharmonic operator ``bilaplacian``: Δ²u per point from one Taylor pass.

Its directions are checked as identities of polynomials; its results against
the sum of the fourth-order partials Σ_ij u_iijj from ``partial`` (other
passes: nested Dual around Taylor, and HyperDual nests), against closed forms,
and, for the weight gradient, against those partials' gradient and central
differences.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, _composer, _structural, _taylor, ops

from test_taylor import assert_close, assert_entry_matches_central_difference, mlp


def parameter_mlp(din, width, depth, seed):
    """``mlp`` with Parameters: (u, its weights in layer order)."""
    names = iter(range(100))
    u, layers = mlp(din, width, depth, seed=seed,
                    kind=lambda v: ms.Parameter(Tensor(v), name=f"p{seed}_{next(names)}"))
    return u, [w for layer in layers for w in layer]


def residual_loss(operator, x):
    """The PINN loss mean((operator(x) - 1)²) as a function of no arguments."""
    return lambda: ((operator(x) - 1.0) ** 2).mean()


def partial_sum(u, x, coords):
    """Σ_ij ∂⁴u/∂x_i²∂x_j² over ``coords`` from one ``partial`` per pair."""
    total = 0
    for i in coords:
        for j in coords:
            total = total + ms.partial(u, i, i, j, j)(x).asnumpy()
    return total


@pytest.mark.parametrize("c", range(0, 8))
def test_the_directions_sum_to_the_squared_and_fourth_powers_of_the_norm(c):
    directions, w4, w2 = _composer._biharmonic_directions(c)
    assert directions.shape == ({0: 1, 1: 1, 2: 3, 3: 6, 4: 12}.get(c, c * c), c)
    for xi in np.random.default_rng(c).standard_normal((20, c)):
        along = directions @ xi
        np.testing.assert_allclose(w4 @ along ** 4, (xi @ xi) ** 2, rtol=1e-13)
        np.testing.assert_allclose(w2 @ along ** 2, xi @ xi, rtol=1e-13)


@pytest.mark.parametrize("d", range(1, 6))
def test_bilaplacian_of_a_network_is_the_sum_of_its_fourth_partials(d):
    u, _ = mlp(d, 12, 2, seed=d)
    x = Tensor(np.random.default_rng(10 + d).uniform(-1, 1, (6, d)))
    value, lap, bilap = ms.bilaplacian(u, lower=True)(x)
    assert bilap.shape == lap.shape == value.shape == (6, 1)
    assert_close(bilap, partial_sum(u, x, range(d)), 1e-11)
    assert_close(lap, ms.laplacian(u)(x), 1e-12)
    assert_close(value, u(x), 1e-14)
    assert_close(ms.bilaplacian(u)(x), bilap, 0)


@pytest.mark.parametrize("d", range(1, 7))
def test_bilaplacian_of_the_fourth_power_of_the_radius(d):
    # Δ r⁴ = 4(d + 2) r² and Δ² r⁴ = 8d(d + 2) in d dimensions
    x = Tensor(np.random.default_rng(d).uniform(-2, 2, (5, d)))
    value, lap, bilap = ms.bilaplacian(lambda p: ((p * p).sum(axis=1)) ** 2, lower=True)(x)
    r2 = (x.asnumpy() ** 2).sum(axis=1)
    assert bilap.shape == (5,)
    assert_close(value, r2 ** 2, 1e-14)
    assert_close(lap, 4 * (d + 2) * r2, 1e-13)
    assert_close(bilap, np.full(5, 8.0 * d * (d + 2)), 1e-13)


def test_bilaplacian_of_harmonic_and_separable_functions():
    x = Tensor(np.random.default_rng(0).uniform(-1, 1, (7, 2)))
    p = x.asnumpy()
    harmonic = ms.bilaplacian(lambda q: ops.sin(q[:, 0]) * ops.exp(q[:, 1]), lower=True)(x)
    assert_close(harmonic[1], np.zeros(7), 1e-14)
    assert_close(harmonic[2], np.zeros(7), 1e-13)
    # the plate's load: Δ²(sin πx sin πy) = 4π⁴ sin πx sin πy
    plate = ms.bilaplacian(lambda q: ops.sin(math.pi * q[:, 0]) * ops.sin(math.pi * q[:, 1]))(x)
    assert_close(plate, 4 * math.pi ** 4 * np.sin(math.pi * p[:, 0]) * np.sin(math.pi * p[:, 1]),
                 1e-12)


def test_coords_restrict_the_operator_and_several_outputs_each_get_theirs():
    rng = np.random.default_rng(3)
    u, _ = mlp(3, 10, 2, seed=7)
    x = Tensor(rng.uniform(-1, 1, (5, 3)))
    for coords in [(0, 1), (2,), (2, 0), (0, 1, 2)]:
        got = ms.bilaplacian(u, coords)(x)
        assert_close(got, partial_sum(u, x, coords), 1e-11, f"coords {coords}")
        _, lap, _ = ms.bilaplacian(u, coords, lower=True)(x)
        assert_close(lap, ms.laplacian(u, coords)(x), 1e-12, f"coords {coords}")
    two = lambda p: ops.stack([(p ** 4).sum(axis=1), p[:, 0] ** 2 * p[:, 1] ** 2], 1)
    got = ms.bilaplacian(two, (0, 1))(x)
    assert got.shape == (5, 2)
    assert_close(got, np.tile([48.0, 8.0], (5, 1)), 1e-13)


def test_one_pass_shares_the_primal_and_collapses_the_fourth_coefficient():
    # u of 3 coordinates takes 6 directions; N = 4 points.  Per layer: the
    # primal's product on the 4 points once, coefficients 1 to 3 on the 6
    # directions of them at once, coefficient 4 on 4 points only (the input
    # layer has coefficient 1 alone), and after each tanh one product of the
    # 6 directions' fourth coefficients with the weights of the operator
    u, _ = mlp(3, 8, 2, seed=1)
    x = Tensor(np.random.default_rng(1).uniform(-1, 1, (4, 3)))
    shapes = []
    matmul = _structural.MatMul.impl

    def shape_seen(prim, a, b, **params):
        shapes.append(np.shape(a))
        return matmul(prim, a, b, **params)
    _structural.MatMul.impl = shape_seen
    try:
        bilap = ms.bilaplacian(u)(x)
    finally:
        _structural.MatMul.impl = matmul
    assert sorted(shapes) == sorted([(4, 3), (6, 4, 3)]
                                    + 2 * [(4, 8), (6, 4, 8), (6, 4, 8), (6, 4, 8), (4, 8)]
                                    + 2 * [(1, 6)])
    assert_close(bilap, partial_sum(u, x, range(3)), 1e-11)


def every_kind_of_step(p):
    """A function of 2 coordinates whose fourth derivatives pass through every
    kind of rule of a Taylor pass: the fused series kernels (tanh, sigmoid,
    exp, sin, cos), rules from jvp (softplus, log, sqrt, arctan), quotients,
    powers (integer and not), products of two traced values, matmul of two
    traced values, and structural steps (getitem, concat, reshape, sum, where)."""
    a, b = p[:, 0], p[:, 1]
    h = ops.stack([ops.tanh(a + 0.3 * b), ops.sigmoid(a - b), ops.sin(b) * ops.cos(a),
                   ops.exp(0.4 * a) / (2.0 + b * b), ops.softplus(a * b),
                   ops.log(1.5 + ops.sqrt(1.2 + a * a)), ops.arctan(b) ** 3,
                   (1.8 + a) ** 1.5], 1)
    m = ops.reshape(h[:, :4], (-1, 2, 2))
    quad = ops.matmul(m, ops.swapaxes(m, 1, 2)).sum(axis=(1, 2))
    both = ops.concat([h[:, 4:], quad[:, None]], 1)
    return ops.where(a > 2.0, 0.0 * a, (both * both[:, ::-1]).sum(axis=1))


@pytest.mark.parametrize("d", [2, 5])
def test_the_collapsed_pass_through_every_kind_of_rule(d):
    # against the fourth partials, each its own pass (nested Duals around a
    # Taylor pass of order 2, or HyperDuals), which collapse nothing; for
    # d = 5 some of the operator's weights are negative
    x = Tensor(np.random.default_rng(d).uniform(-1, 1, (6, d)))
    u = lambda p: every_kind_of_step(p[:, :2] + 0.1 * p[:, -1:])
    value, lap, bilap = ms.bilaplacian(u, lower=True)(x)
    assert_close(bilap, partial_sum(u, x, range(d)), 1e-9)
    assert_close(lap, ms.laplacian(u)(x), 1e-11)
    assert_close(value, u(x), 1e-15)
    f32 = ms.bilaplacian(u)(Tensor(x.asnumpy(), ms.float32))
    assert f32.dtype == ms.float32
    np.testing.assert_allclose(f32.asnumpy(), bilap.asnumpy(), rtol=2e-3, atol=2e-3)


def residuals_and_weights(step, seed, points):
    """(the biharmonic residuals of an MLP 2-6-6-1 as a function of its
    weights, the weights): each hidden layer h -> step(h @ w + b, h)."""
    _, params = mlp(2, 6, 2, seed=seed)
    x = Tensor(np.random.default_rng(seed).uniform(-1, 1, (points, 2)))

    def residuals(*weights):
        layers = list(zip(weights[0::2], weights[1::2]))

        def v(p):
            h = p
            for w, b in layers[:-1]:
                h = step(ops.matmul(h, w) + b, h)
            return ops.matmul(h, layers[-1][0]) + layers[-1][1]
        return ms.bilaplacian(v)(x)
    return residuals, [w for layer in params for w in layer]


def test_forward_and_reverse_over_the_collapsed_pass_agree():
    # the Jacobian of the biharmonic residuals with respect to the weights,
    # through a gated layer
    residuals, flat = residuals_and_weights(
        lambda z, h: ops.softplus(z) * ops.tanh(h.sum(axis=1, keepdims=True)), 12, 5)
    positions = tuple(range(len(flat)))
    forward = ms.jacfwd(residuals, positions)(*flat)
    reverse = ms.jacrev(residuals, positions)(*flat)
    for f, r in zip(forward, reverse):
        assert_close(f, r, 1e-10)


def test_forward_over_the_collapsed_pass_takes_the_fused_tangent_rule(monkeypatch):
    # jacfwd of biharmonic residuals: each tanh step's Batched Dual
    # coefficients get their tangents from f'(x(t))'s series, not from the
    # generic rules on nested boxes (ten times slower)
    residuals, flat = residuals_and_weights(lambda z, h: ops.tanh(z), 13, 4)
    fused = []
    by_slope = _taylor._tangents_by_slope
    monkeypatch.setattr(_taylor, "_tangents_by_slope",
                        lambda *args: fused.append(args[-1] is not None) or by_slope(*args))
    positions = tuple(range(len(flat)))
    forward = ms.jacfwd(residuals, positions)(*flat)
    monkeypatch.undo()
    assert fused == [True, True]
    for f, r in zip(forward, ms.jacrev(residuals, positions)(*flat)):
        assert_close(f, r, 1e-11)


def test_weight_gradient_of_a_biharmonic_loss():
    u, params = parameter_mlp(2, 6, 2, seed=6)
    x = Tensor(np.random.default_rng(2).uniform(-1, 1, (5, 2)))
    loss = residual_loss(ms.bilaplacian(u), x)
    loss_from_partials = residual_loss(
        lambda x: sum(ms.partial(u, i, i, j, j)(x) for i in (0, 1) for j in (0, 1)), x)

    value, grads = ms.value_and_grad(loss, None, weights=params)()
    want_value, want = ms.value_and_grad(loss_from_partials, None, weights=params)()
    assert_close(value, want_value, 1e-11)
    for g, w in zip(grads, want):
        assert_close(g, w, 1e-10)
    assert_entry_matches_central_difference(loss, params[2], (1, 2), grads[2])


def test_hessian_vector_product_of_a_biharmonic_loss_in_the_weights():
    # forward over reverse over the Taylor pass, against differences of gradients
    u, params = parameter_mlp(2, 5, 1, seed=3)
    x = Tensor(np.random.default_rng(1).uniform(-1, 1, (4, 2)))
    loss = residual_loss(ms.bilaplacian(u), x)
    rng = np.random.default_rng(5)
    v = [Tensor(rng.standard_normal(p.shape)) for p in params]
    product = ms.hvp(loss, (), v, grad_position=None, weights=params)
    base = [p.asnumpy().copy() for p in params]
    h = 1e-5
    gradients = []
    for step in (h, -h):
        for p, b, direction in zip(params, base, v):
            p.set_data(Tensor(b + step * direction.asnumpy()))
        gradients.append([g.asnumpy() for g in
                          ms.value_and_grad(loss, None, weights=params)()[1]])
    for p, b in zip(params, base):
        p.set_data(Tensor(b))
    for got, plus, minus in zip(product, *gradients):
        assert_close(got, (plus - minus) / (2 * h), 1e-6)


def test_gradient_with_respect_to_the_points_and_under_vmap():
    u, _ = mlp(2, 8, 2, seed=4)
    x = Tensor(np.random.default_rng(5).uniform(-1, 1, (4, 2)))
    grad_x = ms.grad(lambda p: ms.bilaplacian(u)(p).sum())(x)
    # the x-gradient of Δ²u at each point is ∇Δ²u: fifth partials, from partial
    want = np.stack([sum(ms.partial(u, k, i, i, j, j)(x).asnumpy()[:, 0]
                         for i in (0, 1) for j in (0, 1)) for k in (0, 1)], 1)
    assert_close(grad_x, want, 1e-10)
    batches = Tensor(np.random.default_rng(6).uniform(-1, 1, (3, 4, 2)))
    got = ms.vmap(ms.bilaplacian(u))(batches)
    for b in range(3):
        assert_close(got[b], ms.bilaplacian(u)(batches[b]), 1e-13, f"batch {b}")


def test_points_with_no_coordinates_or_no_rows():
    f = lambda p: (p ** 4).sum(axis=1) + 1.0
    u, lap, bilap = ms.bilaplacian(f, lower=True)(Tensor(np.ones((2, 0))))
    assert u.asnumpy().tolist() == [1.0, 1.0]
    assert lap.asnumpy().tolist() == bilap.asnumpy().tolist() == [0.0, 0.0]
    assert ms.bilaplacian(f)(Tensor(np.ones((0, 3)))).shape == (0,)


def test_float32_points_give_float32_results():
    u, _ = mlp(2, 8, 2, seed=8)
    x64 = np.random.default_rng(8).uniform(-1, 1, (5, 2))
    got = ms.bilaplacian(lambda p: u(ops.cast(p, ms.float64)).astype(ms.float32))(
        Tensor(x64, ms.float32))
    assert got.dtype == ms.float32
    f32 = ms.bilaplacian(lambda p: ops.tanh(p * 0.7).sum(axis=1) * p[:, 0])(
        Tensor(x64, ms.float32))
    f64 = ms.bilaplacian(lambda p: ops.tanh(p * 0.7).sum(axis=1) * p[:, 0])(Tensor(x64))
    assert f32.dtype == ms.float32
    np.testing.assert_allclose(f32.asnumpy(), f64.asnumpy(), rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------------------
# bilaplacian_estimate: random directions on the sphere of radius √C

def radius_fourth(p):
    return ((p * p).sum(axis=1)) ** 2


@pytest.mark.parametrize("d", range(1, 7))
def test_the_estimate_is_exact_where_every_direction_gives_the_same(d):
    # the fourth derivative of |x|⁴ is 24|v|⁴ along every v: no variance
    x = Tensor(np.random.default_rng(d).uniform(-1, 1, (4, d)))
    got = ms.bilaplacian_estimate(radius_fourth, 3, seed=d)(x)
    assert_close(got, np.full(4, 8.0 * d * (d + 2)), 1e-12)


def test_the_estimate_over_chosen_coordinates():
    # (x² + y²)² + z⁵·x: along directions in the (x, y) plane the second term
    # is linear, and the first has the same fourth derivative along each
    x = Tensor(np.random.default_rng(1).uniform(-1, 1, (5, 3)))
    u = lambda p: ((p[:, :2] ** 2).sum(axis=1)) ** 2 + p[:, 2] ** 5 * p[:, 0]
    assert_close(ms.bilaplacian_estimate(u, 2, coords=(1, 0), seed=3)(x), np.full(5, 64.0),
                 1e-12)
    assert_close(ms.bilaplacian(u, coords=(0, 1))(x), np.full(5, 64.0), 1e-12)


def test_the_estimate_is_unbiased_and_its_spread_falls_with_the_samples():
    u, _ = mlp(4, 10, 2, seed=9)
    x = Tensor(np.random.default_rng(9).uniform(-1, 1, (3, 4)))
    exact = ms.bilaplacian(u)(x).asnumpy()
    spreads = {}
    for samples in (25, 400):
        draws = np.stack([ms.bilaplacian_estimate(u, samples, seed=s)(x).asnumpy()
                          for s in range(40)])
        mean, spread = draws.mean(axis=0), draws.std(axis=0, ddof=1)
        assert np.all(np.abs(mean - exact) < 5 * spread / np.sqrt(len(draws)) + 1e-12)
        spreads[samples] = spread
    ratio = spreads[25] / spreads[400]      # 4 for a spread falling as 1/√K
    assert np.all((ratio > 2.5) & (ratio < 6.5)), ratio


def test_the_estimate_draws_afresh_unless_seeded():
    u, _ = mlp(5, 8, 1, seed=2)
    x = Tensor(np.random.default_rng(2).uniform(-1, 1, (3, 5)))
    estimate = ms.bilaplacian_estimate(u, 4)
    assert not np.allclose(estimate(x).asnumpy(), estimate(x).asnumpy())
    seeded = ms.bilaplacian_estimate(u, 4, seed=7)
    assert seeded(x).asnumpy().tolist() == seeded(x).asnumpy().tolist()
    ms.set_seed(11)
    first = estimate(x).asnumpy()
    ms.set_seed(11)
    assert estimate(x).asnumpy().tolist() == first.tolist()


def test_weight_gradient_of_an_estimated_biharmonic_loss():
    u, params = parameter_mlp(3, 6, 2, seed=12)
    x = Tensor(np.random.default_rng(12).uniform(-1, 1, (4, 3)))
    loss = residual_loss(ms.bilaplacian_estimate(u, 3, seed=5), x)
    _, grads = ms.value_and_grad(loss, None, weights=params)()
    assert_entry_matches_central_difference(loss, params[0], (2, 1), grads[0])
    assert_entry_matches_central_difference(loss, params[2], (0, 3), grads[2])
