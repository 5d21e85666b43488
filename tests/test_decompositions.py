"""Matrix decompositions and log-determinants (dualgrad/_decompositions.py).

Composed of primitives, they are checked as the composed functions of
test_ops_composite.py are (every mode, first and second order, against each
other and finite differences; float32 kept), then against their closed
forms: d log|det A| = tr(A⁻¹ dA) and d² = -tr(A⁻¹ U A⁻¹ V); for A = L Lᵀ,
dL = L Φ(L⁻¹ dA L⁻ᵀ); for A = Q R, dA = dQ R + Q dR with Qᵀ dQ
antisymmetric.  Then MindSpore 2.10's values, edge cases, argument errors
and vmap.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from test_ops_composite import case
from test_rules import native
from test_selection import composed_function_tests, loop

RNG = np.random.default_rng(7)


def spd(n, batch=()):
    b = RNG.standard_normal(batch + (n, n))
    return b @ np.swapaxes(b, -1, -2) + n * np.eye(n)


def general(shape):
    return RNG.standard_normal(shape)


S3 = spd(3)
S23 = spd(3, (2,))
HALF3, HALF23 = Tensor(S3 / 2), Tensor(S23 / 2)     # A + Aᵀ is S: symmetric directions
POSITIVE = Tensor(np.array([[2.0, 0.5, 0.1], [0.3, 1.5, -0.4], [0.2, 0.1, 1.2]]))
NEGATIVE = Tensor(np.array([[0.3, 2.0, 0.1], [1.5, 0.3, -0.4], [0.2, 0.1, 1.2]]))
BATCH = Tensor(np.stack([native(POSITIVE), native(NEGATIVE)]))
TALL, WIDE, SQUARES = Tensor(general((4, 3))), Tensor(general((2, 4))), Tensor(general((2, 3, 3)))


def np_qr(mode, part):
    return lambda a: np.linalg.qr(a, mode)[part]


CASES = [
    case("cholesky", lambda a: ops.cholesky(a + a.T), [HALF3], lambda a: np.linalg.cholesky(
        a + a.T)),
    case("cholesky, upper, batched", lambda a: ops.cholesky(a + ops.swapaxes(a, 1, 2), True),
         [HALF23], lambda a: np.swapaxes(np.linalg.cholesky(a + np.swapaxes(a, 1, 2)), 1, 2)),
    case("logdet", lambda a: ops.logdet(a), [POSITIVE], lambda a: np.linalg.slogdet(a)[1]),
    case("slogdet's log|det| of a negative determinant", lambda a: ops.slogdet(a)[1],
         [NEGATIVE], lambda a: np.linalg.slogdet(a)[1]),
    case("slogdet, batched", lambda a: ops.slogdet(a)[1], [BATCH],
         lambda a: np.linalg.slogdet(a)[1]),
    case("qr of a tall matrix: Q", lambda a: ops.qr(a)[0], [TALL], np_qr("reduced", 0)),
    case("qr of a tall matrix: R", lambda a: ops.qr(a)[1], [TALL], np_qr("reduced", 1)),
    case("qr, complete: Q", lambda a: ops.qr(a, "complete")[0], [TALL], np_qr("complete", 0)),
    case("qr, complete: R", lambda a: ops.qr(a, "complete")[1], [TALL], np_qr("complete", 1)),
    case("qr of a wide matrix: Q", lambda a: ops.qr(a)[0], [WIDE], np_qr("reduced", 0)),
    case("qr of a wide matrix: R", lambda a: ops.qr(a)[1], [WIDE], np_qr("reduced", 1)),
    case("qr, batched: Q", lambda a: ops.qr(a)[0], [SQUARES], np_qr("reduced", 0)),
    case("qr, batched: R", lambda a: ops.qr(a)[1], [SQUARES], np_qr("reduced", 1)),
]


(test_values_match_numpy, test_derivatives_agree_in_every_mode_and_with_finite_differences,
 test_float32_stays_float32_in_every_mode) = composed_function_tests(CASES)


# ---------------------------------------------------------------------------
# Closed forms

def jvp(fn, x, v):
    return native(ms.jvp(fn, Tensor(x), Tensor(v))[1])


def test_log_determinant_derivatives_are_the_closed_forms():
    a = native(BATCH)
    inv = np.linalg.inv(a)
    g = ms.grad(lambda a: ops.slogdet(a)[1].sum())(BATCH)
    np.testing.assert_allclose(native(g), np.swapaxes(inv, 1, 2), rtol=1e-13, atol=1e-14)
    g = ms.grad(lambda a: ops.logdet(a))(POSITIVE)
    np.testing.assert_allclose(native(g), np.linalg.inv(native(POSITIVE)).T, rtol=1e-13)
    # second order: d²/dt ds logdet(A + tU + sV) = -tr(A⁻¹ U A⁻¹ V)
    a = native(POSITIVE)
    u, v = general((3, 3)), general((3, 3))
    hv = ms.hvp(lambda a: ops.logdet(a), (POSITIVE,), Tensor(v))
    inv = np.linalg.inv(a)
    np.testing.assert_allclose(np.vdot(native(hv), u), -np.trace(inv @ u @ inv @ v),
                               rtol=1e-12)


def test_cholesky_derivative_is_the_closed_form():
    a = S3
    direction = general((3, 3))
    direction = direction + direction.T
    lower = np.linalg.cholesky(a)
    inner = np.linalg.solve(lower, np.linalg.solve(lower, direction).T)   # L⁻¹ dA L⁻ᵀ
    phi = np.tril(inner) - np.diag(np.diag(inner)) / 2
    np.testing.assert_allclose(jvp(ops.cholesky, a, direction), lower @ phi, rtol=1e-12,
                               atol=1e-14)
    # The function is that of the symmetric part: an antisymmetric direction
    # changes nothing, and the gradient is symmetric.
    skew = general((3, 3))
    np.testing.assert_allclose(jvp(ops.cholesky, a, skew - skew.T), 0.0, atol=1e-14)
    w = Tensor(general((3, 3)))
    g = native(ms.grad(lambda a: (ops.cholesky(a) * w).sum())(Tensor(a)))
    np.testing.assert_allclose(g, g.T, rtol=1e-13, atol=1e-15)


def test_qr_derivative_satisfies_the_product_rule():
    a = native(SQUARES)[0]
    direction = general((3, 3))
    q, r = np.linalg.qr(a)
    dq = jvp(lambda a: ops.qr(a)[0], a, direction)
    dr = jvp(lambda a: ops.qr(a)[1], a, direction)
    np.testing.assert_allclose(dq @ r + q @ dr, direction, rtol=1e-12, atol=1e-13)
    skew = q.T @ dq
    np.testing.assert_allclose(skew, -skew.T, atol=1e-13)
    np.testing.assert_allclose(dr, np.triu(dr), atol=0)


# ---------------------------------------------------------------------------
# MindSpore's values and the edge cases

A = np.array([[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]], np.float32)
B = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]], np.float32)


def values(t):
    return np.asarray(native(t)).tolist()


def test_values_as_mindspore():
    lower = ops.cholesky(Tensor(A))
    assert lower.dtype == ms.float32
    np.testing.assert_allclose(native(lower), [[2.0, 0.0, 0.0], [1.0, 2.0, 0.0],
                                               [0.3, 0.35, 1.66958]], rtol=1e-5)
    np.testing.assert_allclose(native(Tensor(A).cholesky(upper=True)), native(lower).T)
    assert np.isnan(values(ops.logdet(Tensor(B))))
    assert values(ops.logdet(Tensor(A))) == pytest.approx(3.79773, rel=1e-5)
    assert values(ops.logdet(Tensor(SINGULAR))) == -np.inf
    sign, log_abs = ops.slogdet(Tensor(B))
    assert sign.dtype == log_abs.dtype == ms.float32
    assert values(sign) == -1.0 and values(log_abs) == pytest.approx(0.693147, rel=1e-6)
    sign, log_abs = ops.slogdet(Tensor(SINGULAR))
    assert values(sign) == 0.0 and values(log_abs) == -np.inf
    sign, log_abs = Tensor(np.stack([A[:2, :2], B]).astype(np.float64)).slogdet()
    assert values(sign) == [1.0, -1.0] and sign.dtype == ms.float64
    m = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
    q, r = ops.qr(Tensor(m))
    np.testing.assert_allclose(native(q), [[-0.16903, 0.89708], [-0.50709, 0.27603],
                                           [-0.84515, -0.34503]], atol=2e-5)
    np.testing.assert_allclose(native(r), [[-5.91608, -7.43736], [0.0, 0.82808]], atol=2e-5)
    q, r = ops.qr(Tensor(m), "complete")
    assert q.shape == (3, 3) and r.shape == (3, 2)
    np.testing.assert_allclose(native(q)[:, 2], [0.40825, -0.8165, 0.40825], atol=2e-5)


def test_logdet_of_a_negative_determinant_has_a_nan_gradient():
    g = ms.grad(lambda a: ops.logdet(a))(NEGATIVE)
    assert np.isnan(native(g)).all()
    g = ms.grad(lambda a: ops.logdet(a).sum())(BATCH)
    assert np.isfinite(native(g)[0]).all() and np.isnan(native(g)[1]).all()


def test_edge_cases():
    # a 0 x 0 matrix has determinant 1 (MindSpore 2.10 refuses it)
    empty = Tensor(np.zeros((2, 0, 0), np.float32))
    assert values(ops.logdet(empty)) == [0.0, 0.0]
    assert [values(t) for t in ops.slogdet(empty)] == [[1.0, 1.0], [0.0, 0.0]]
    assert ops.cholesky(empty).shape == (2, 0, 0)
    q, r = ops.qr(Tensor(np.zeros((3, 0))))
    assert q.shape == (3, 0) and r.shape == (0, 0)
    # integers compute in float32, as det does (MindSpore refuses them)
    assert ops.logdet(Tensor([[2, 0], [0, 3]])).dtype == ms.float32
    # an upper-triangular column needs no reflection: LAPACK keeps its sign
    q, r = ops.qr(Tensor([[-2.0, 1.0], [0.0, 3.0]], ms.float64))
    np.testing.assert_allclose(native(r), np.linalg.qr(np.array([[-2.0, 1.0], [0.0, 3.0]]))[1])
    # a zero column: R has a zero on its diagonal, Q stays orthonormal
    z = np.array([[0.0, 1.0], [0.0, 2.0]])
    q, r = ops.qr(Tensor(z))
    np.testing.assert_allclose(native(q) @ native(r), z, atol=1e-15)
    np.testing.assert_allclose(native(q).T @ native(q), np.eye(2), atol=1e-15)


@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.cholesky(Tensor([[1.0, 2.0], [2.0, 1.0]])), ValueError, "positive definite"),
    (lambda: ops.cholesky(Tensor([[4.0, 1.0], [3.0, 5.0]])), ValueError, "symmetric"),
    (lambda: ops.cholesky(Tensor([[4, 2], [2, 5]])), TypeError, "float32 or float64"),
    (lambda: ops.cholesky(Tensor(np.ones((2, 3), np.float32))), ValueError, "square"),
    (lambda: ops.cholesky(Tensor(A), upper=1), TypeError, "upper"),
    (lambda: ops.logdet(Tensor(np.ones((2, 3), np.float32))), ValueError, "square"),
    (lambda: ops.slogdet(Tensor([1.0, 2.0])), ValueError, "square"),
    (lambda: ops.qr(Tensor(A), "r"), ValueError, "mode"),
    (lambda: ops.qr(Tensor([1.0, 2.0])), ValueError, "matrix"),
    (lambda: ops.qr(Tensor([[1, 2]])), TypeError, "float32 or float64"),
])
def test_bad_arguments_are_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# vmap

def close(got, want):
    if isinstance(want, tuple):
        for g, w in zip(got, want):
            close(g, w)
        return
    np.testing.assert_allclose(native(got), want, rtol=1e-13, atol=1e-14)


def test_vmap_of_cholesky_is_per_example():
    fn = lambda a: ops.cholesky(a, upper=True)      # noqa: E731
    close(ms.vmap(fn)(Tensor(S23)), loop(fn, Tensor(S23)))
    bad = np.stack([S3, -S3])
    with pytest.raises(ValueError, match="positive definite"):
        ms.vmap(ops.cholesky)(Tensor(bad))


def test_vmap_of_qr_is_per_example():
    # Each matrix its own reflection signs, a skipped reflection included.
    mixed = Tensor(np.array([[[0.0, 1.0], [0.0, 2.0]], [[-2.0, 1.0], [0.0, 3.0]],
                             [[1.0, 2.0], [3.0, 4.0]]]))
    for x in (SQUARES, mixed):
        close(ms.vmap(ops.qr)(x), loop(ops.qr, x))
    complete = lambda a: ops.qr(a, "complete")       # noqa: E731
    talls = Tensor(general((2, 4, 3)))
    close(ms.vmap(complete)(talls), loop(complete, talls))
    weights = Tensor(general((3, 3)))
    grad_r = ms.grad(lambda a: (ops.qr(a)[1] * weights).sum())
    close(ms.vmap(grad_r)(SQUARES), loop(grad_r, SQUARES))


@pytest.mark.parametrize("fn", [ops.logdet, ops.slogdet], ids=["logdet", "slogdet"])
def test_vmap_of_the_pivoted_ones_is_per_example(fn):
    # Their pivots are chosen from each matrix's values (det's pivoting).
    close(ms.vmap(fn)(SQUARES), loop(fn, SQUARES))
