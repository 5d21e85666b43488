"""Spectral decompositions (dualgrad/_spectral.py): eigh, svd and the matrix
norms made of singular values.

Their primitives call LAPACK; their rules are written with primitives.  The
functions checked here depend on the outputs in ways the vectors' sign
convention does not change (eigenvalues, singular values, quadratic forms
q_iᵀ B q_i, projections, norms), in every mode, first and second order,
against each other and finite differences; then against the closed forms,
MindSpore 2.10's values and gradients, the convention at repeated values,
vmap, and argument errors.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Dual, HyperDual, Tensor, _core, _spectral, ops
from dualgrad.testing import check_grads
from test_ops_composite import case
from test_rules import first_order_agree, native
from test_selection import composed_function_tests, loop

RNG = np.random.default_rng(11)


def general(shape):
    return RNG.standard_normal(shape)


def symmetric(shape):
    a = RNG.standard_normal(shape)
    return a + np.swapaxes(a, -1, -2)


def from_lower(a):
    return np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2)


def from_upper(a):
    return np.triu(a) + np.swapaxes(np.triu(a, 1), -1, -2)


SYM3, SYM23 = Tensor(symmetric((3, 3))), Tensor(symmetric((2, 3, 3)))
NONSYM3 = Tensor(general((3, 3)))          # only one triangle is read
SQUARE, TALL, WIDE = Tensor(general((3, 3))), Tensor(general((4, 3))), Tensor(general((2, 4)))
BATCH = Tensor(general((2, 3, 2)))
WEIGHTS3 = np.array([1.0, 2.0, 3.0])


def quadratic_forms(v, b):
    """q_iᵀ B q_i for each column q_i of v: the same for either sign of q_i."""
    if isinstance(v, Tensor):
        b = Tensor(b, v.dtype)
    return (v * (b @ v)).sum(-2)


def np_eigh(a, lower=True):
    return np.linalg.eigh(from_lower(a) if lower else from_upper(a))


def np_svd(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return s, u, np.swapaxes(vh, -1, -2)


def projector(u, k):
    """The projection onto the first k columns of u (sign-free)."""
    head = u[..., :k]
    return head @ np.swapaxes(head, -1, -2) if isinstance(head, np.ndarray) else \
        head @ head.swapaxes(-1, -2)


B3 = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 1.0]])
B4 = np.arange(16.0).reshape(4, 4) / 10
B2 = np.array([[1.0, -0.5], [0.3, 2.0]])


CASES = [
    case("eigh: eigenvalues", lambda a: ops.eigh(a)[0], [SYM3], lambda a: np_eigh(a)[0]),
    case("eigh: eigenvalues of the lower triangle", lambda a: ops.eigh(a, eigvals_only=True),
         [NONSYM3], lambda a: np_eigh(a)[0]),
    case("eigh: eigenvalues of the upper triangle",
         lambda a: ops.eigh(a, lower=False, eigvals_only=True), [NONSYM3],
         lambda a: np_eigh(a, False)[0]),
    case("eigh: qᵢᵀBqᵢ", lambda a: quadratic_forms(ops.eigh(a)[1], B3), [NONSYM3],
         lambda a: quadratic_forms(np_eigh(a)[1], B3)),
    case("eigh, batched: qᵢᵀBqᵢ·λᵢ", lambda a: quadratic_forms(ops.eigh(a)[1], B3)
         * ops.eigh(a)[0], [SYM23], lambda a: quadratic_forms(np_eigh(a)[1], B3) * np_eigh(a)[0]),
    case("eigh: projection onto two eigenvectors", lambda a: projector(ops.eigh(a)[1], 2),
         [SYM3], lambda a: projector(np_eigh(a)[1], 2)),
    case("svd: singular values", lambda a: ops.svd(a, compute_uv=False), [SQUARE],
         lambda a: np_svd(a)[0]),
    case("svd of a tall matrix: uᵢᵀBuᵢ", lambda a: quadratic_forms(ops.svd(a)[1], B4),
         [TALL], lambda a: quadratic_forms(np_svd(a)[1], B4)),
    case("svd of a tall matrix: v vᵀ weighted", lambda a: ops.svd(a)[2][:, :2] ** 2,
         [TALL], lambda a: np_svd(a)[2][:, :2] ** 2),
    case("svd of a wide matrix: vᵢᵀBvᵢ", lambda a: quadratic_forms(ops.svd(a)[2], B4),
         [WIDE], lambda a: quadratic_forms(np_svd(a)[2], B4)),
    case("svd of a wide matrix: u uᵀ and s", lambda a: ops.svd(a)[1] ** 2 * ops.svd(a)[0],
         [WIDE], lambda a: np_svd(a)[1] ** 2 * np_svd(a)[0]),
    case("svd of a wide matrix: uᵢᵀ A vᵢ",
         lambda a: (ops.svd(a)[1] * (a @ ops.svd(a)[2])).sum(0), [WIDE],
         lambda a: (np_svd(a)[1] * (a @ np_svd(a)[2])).sum(0)),
    case("svd, batched: uᵢᵀBuᵢ + vᵢᵀCvᵢ",
         lambda a: quadratic_forms(ops.svd(a)[1], B3)
         + quadratic_forms(ops.svd(a)[2], B2), [BATCH],
         lambda a: quadratic_forms(np_svd(a)[1], B3) + quadratic_forms(np_svd(a)[2], B2)),
    case("pinv", lambda a: ops.pinv(a), [SQUARE], np.linalg.pinv),
    case("pinv of a tall matrix", lambda a: ops.pinv(a), [TALL], np.linalg.pinv),
    case("pinv of a wide matrix", lambda a: ops.pinv(a), [WIDE], np.linalg.pinv),
    case("pinv, batched", lambda a: ops.pinv(a), [BATCH], np.linalg.pinv),
    case("pinv, hermitian", lambda a: ops.pinv(a, hermitian=True), [NONSYM3],
         lambda a: np.linalg.pinv(from_lower(a))),
    case("pinv of a matrix of rank 2 (directions that keep it)",
         lambda b, c: ops.pinv(b @ c), [Tensor(general((4, 2))), Tensor(general((2, 3)))],
         lambda b, c: np.linalg.pinv(b @ c)),
    case("norm, ord 2", lambda a: ops.norm(a, 2), [SQUARE], lambda a: np.linalg.norm(a, 2)),
    case("norm, ord -2, over dim (2, 0)", lambda a: ops.norm(a, -2, (2, 0)), [BATCH],
         lambda a: np.linalg.norm(a, -2, (2, 0))),
    case("norm, nuclear, keepdim", lambda a: ops.norm(a, "nuc", (-2, -1), True), [BATCH],
         lambda a: np.linalg.norm(a, "nuc", (-2, -1), True)),
    case("norm, nuclear, of a tall matrix", lambda a: ops.norm(a, "nuc"), [TALL],
         lambda a: np.linalg.norm(a, "nuc")),
]


(test_values_match_numpy, test_derivatives_agree_in_every_mode_and_with_finite_differences,
 test_float32_stays_float32_in_every_mode) = composed_function_tests(CASES)


# ---------------------------------------------------------------------------
# Decompositions: reconstruction, shapes, dtypes

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 3), (5, 2), (2, 5), (2, 3, 4, 2), (1, 1)])
def test_svd_reconstructs_the_matrix(shape, dtype):
    a = general(shape).astype(dtype)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    k = min(shape[-2:])
    for full in (False, True):
        s, u, v = ops.svd(Tensor(a), full_matrices=full)
        assert s.dtype == u.dtype == v.dtype == (ms.float32 if dtype == np.float32 else ms.float64)
        m, n = shape[-2:]
        assert s.shape == shape[:-2] + (k,)
        assert u.shape == shape[:-2] + ((m, m) if full else (m, k))
        assert v.shape == shape[:-2] + ((n, n) if full else (n, k))
        s, u, v = native(s), native(u), native(v)
        np.testing.assert_allclose((u[..., :k] * s[..., None, :]) @ np.swapaxes(v[..., :k], -1, -2),
                                   a, atol=tol * 10)
        for q in (u, v):
            eye = np.eye(q.shape[-1])
            np.testing.assert_allclose(np.swapaxes(q, -1, -2) @ q, np.broadcast_to(eye, q.shape[:-2]
                                       + eye.shape), atol=tol * 10)
        assert np.all(np.diff(s, axis=-1) <= 0) and np.all(s >= 0)
        np.testing.assert_allclose(s, np.linalg.svd(a, compute_uv=False), rtol=tol)
    np.testing.assert_array_equal(native(ops.svd(Tensor(a), compute_uv=False)), s)
    np.testing.assert_array_equal(native(Tensor(a).svd(compute_uv=False)), s)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 3), (1, 1), (2, 4, 4)])
@pytest.mark.parametrize("lower", [True, False])
def test_eigh_reconstructs_the_triangle_it_reads(shape, dtype, lower):
    a = general(shape).astype(dtype)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    w, v = ops.eigh(Tensor(a), lower=lower)
    assert w.dtype == v.dtype == (ms.float32 if dtype == np.float32 else ms.float64)
    assert w.shape == shape[:-1] and v.shape == shape
    w, v = native(w), native(v)
    full = from_lower(a) if lower else from_upper(a)
    np.testing.assert_allclose((v * w[..., None, :]) @ np.swapaxes(v, -1, -2), full,
                               atol=tol * 10)
    assert np.all(np.diff(w, axis=-1) >= 0)
    want = np.linalg.eigh(full)
    np.testing.assert_allclose(w, want[0], rtol=tol, atol=tol)
    # the vectors are NumPy's, signs included
    np.testing.assert_allclose(v, want[1], atol=tol * 10)
    np.testing.assert_array_equal(native(ops.eigh(Tensor(a), lower=lower, eigvals_only=True)), w)


def test_empty_matrices_decompose():
    s, u, v = ops.svd(Tensor(np.zeros((0, 3))))
    assert (s.shape, u.shape, v.shape) == ((0,), (0, 0), (3, 0))
    s, u, v = ops.svd(Tensor(np.zeros((2, 0, 3))), full_matrices=True)
    assert (s.shape, u.shape, v.shape) == ((2, 0), (2, 0, 0), (2, 3, 3))
    w, v = ops.eigh(Tensor(np.zeros((0, 0))))
    assert w.shape == (0,) and v.shape == (0, 0)
    assert ms.grad(lambda a: ops.svd(a)[0].sum())(Tensor(np.zeros((0, 3)))).shape == (0, 3)
    assert native(ops.norm(Tensor(np.zeros((0, 3))), "nuc")) == 0


def test_a_matrix_lapack_cannot_decompose_gives_nan_alone():
    a = np.array([[[1.0, np.nan], [2.0, 3.0]], [[1.0, 0.0], [0.0, 2.0]]])
    s, u, v = (native(t) for t in ops.svd(Tensor(a)))
    assert np.isnan(s[0]).all() and np.isnan(u[0]).all() and np.isnan(v[0]).all()
    np.testing.assert_allclose(s[1], [2.0, 1.0])
    assert np.isnan(native(ops.svd(Tensor(a), full_matrices=True)[1])[0]).all()
    # eigh reads the lower triangle only: the NaN above it is not read
    np.testing.assert_allclose(native(ops.eigh(Tensor(a))[0])[0], np.linalg.eigvalsh(a[0]))
    w = native(ops.eigh(Tensor(a), lower=False)[0])
    assert np.isnan(w[0]).all() and np.allclose(w[1], [1.0, 2.0])


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_an_infinite_entry_gives_nan_vectors_and_pseudo_inverse(bad):
    # LAPACK returns NaN values beside an identity for inf on the diagonal (no
    # LinAlgError): the vectors were that identity and pinv, keeping no
    # singular value, was silently 0.
    a = np.stack([np.diag([2.0, bad, 2.0]), np.diag([1.0, 2.0, 4.0])])
    for dtype in (np.float64, np.float32):
        x = Tensor(a.astype(dtype))
        for out in (*ops.eigh(x), *ops.svd(x), ops.pinv(x), ops.lstsq(x, Tensor(np.ones((3, 1),
                                                                                    dtype)))):
            assert out.dtype == x.dtype
            out = native(out)
            assert np.isnan(out[0]).all() and not np.isnan(out[1]).any()
        np.testing.assert_allclose(native(ops.pinv(x))[1], np.diag([1.0, 0.5, 0.25]), rtol=1e-6)


def test_integers_compute_in_float64_in_eigh_as_mindspore():
    w, v = ops.eigh(Tensor(np.array([[2, 1], [1, 2]], np.int32)))
    assert w.dtype == v.dtype == ms.float64
    np.testing.assert_allclose(native(w), [1.0, 3.0])


def test_duals_and_hyperduals_go_through_without_tensors():
    a = symmetric((3, 3))
    e = symmetric((3, 3))
    w = ops.eigh(Dual(a, e))[0]
    q = np.linalg.eigh(a)[1]
    np.testing.assert_allclose(w.tangent, np.diag(q.T @ e @ q), atol=1e-12)
    h = ops.svd(HyperDual(a, e, e, 0.0), compute_uv=False)
    assert isinstance(h, HyperDual) and h.e12.shape == (3,)


# ---------------------------------------------------------------------------
# Derivatives: closed forms, modes with batches of directions, repeated values

def test_first_derivatives_are_the_closed_forms():
    a = native(SYM3)
    w, q = np.linalg.eigh(a)
    for i in range(3):
        g = native(ms.grad(lambda a: ops.eigh(a)[0][i])(SYM3))
        # dλ_i = q_iᵀ dA q_i in the lower triangle, which also stands for the upper one
        full = np.outer(q[:, i], q[:, i])
        np.testing.assert_allclose(g, np.tril(2 * full) - np.diag(np.diag(full)), atol=1e-12)
    for a in (SQUARE, TALL, WIDE):
        s, u, v = np_svd(native(a))
        np.testing.assert_allclose(native(ms.grad(lambda a: ops.norm(a, "nuc"))(a)), u @ v.T,
                                   atol=1e-12)
        np.testing.assert_allclose(native(ms.grad(lambda a: ops.norm(a, 2))(a)),
                                   np.outer(u[:, 0], v[:, 0]), atol=1e-12)
        np.testing.assert_allclose(native(ms.grad(lambda a: ops.norm(a, -2))(a)),
                                   np.outer(u[:, -1], v[:, -1]), atol=1e-12)


def test_second_derivative_of_the_eigenvalues_is_the_perturbation_sum():
    """d²λ_i[E, E] = 2 Σ_{j≠i} (q_jᵀ E q_i)² / (λ_i − λ_j), E symmetric."""
    a, e = native(SYM3), symmetric((3, 3))
    w, q = np.linalg.eigh(a)
    k = q.T @ e @ q
    want = [2 * sum(k[j, i] ** 2 / (w[i] - w[j]) for j in range(3) if j != i) for i in range(3)]
    got = ms.jvp(lambda a: ms.jvp(lambda b: ops.eigh(b)[0], a, Tensor(e))[1], SYM3,
                 Tensor(e))[1]
    np.testing.assert_allclose(native(got), want, rtol=1e-9)
    h = ops.eigh(HyperDual(a, e, e, 0.0))[0]
    np.testing.assert_allclose(h.e12, want, rtol=1e-9)


@pytest.mark.parametrize("fn, x", [
    (lambda a: quadratic_forms(ops.eigh(a)[1], B3), NONSYM3),
    (lambda a: ops.svd(a)[1] ** 2 + ops.svd(a)[0], TALL),
    (lambda a: ops.svd(a)[2] ** 2 * ops.svd(a)[0], WIDE),
    (lambda a: ops.pinv(a) ** 2, TALL),
], ids=["eigh", "svd tall", "svd wide", "pinv"])
def test_jacobians_hessians_and_hyper_duals_with_batches_of_directions(fn, x):
    """jacfwd carries its directions on a leading axis (nb), hessian is forward
    over reverse with them, point_hessian and laplacian batch HyperDuals."""
    jf, jr = native(ms.jacfwd(fn)(x)), native(ms.jacrev(fn)(x))
    np.testing.assert_allclose(jf, jr, atol=1e-12)
    weights = Tensor(np.linspace(1, 2, fn(x).size).reshape(fn(x).shape))
    scalar = lambda a: (fn(a) * weights).sum()  # noqa: E731
    h = native(ms.hessian(scalar)(x))
    np.testing.assert_allclose(h.reshape(x.size, x.size), h.reshape(x.size, x.size).T, atol=1e-9)
    rows = lambda p: ms.vmap(lambda r: scalar(r.reshape(x.shape)))(p)  # noqa: E731
    points = Tensor(np.stack([native(x).ravel(), native(x).ravel() * 1.1]))
    want = np.stack([native(ms.hessian(scalar)(Tensor(p.reshape(x.shape)))).reshape(x.size,
                     x.size) for p in native(points)])
    np.testing.assert_allclose(native(ms.point_hessian(rows)(points)), want, atol=1e-9)
    np.testing.assert_allclose(native(ms.laplacian(rows)(points)),
                               np.trace(want, axis1=1, axis2=2), atol=1e-9)


def test_repeated_eigenvalues_take_zero_between_the_tied_vectors():
    """At λ_i == λ_j, F_ij = 0: finite derivatives, exact at first order for
    functions of the eigenvalues and of the eigenspace of the tied pair."""
    a = Tensor(np.diag([1.0, 1.0, 3.0]))
    spectral = lambda a: (ops.eigh(a)[0] ** 3).sum()  # noqa: E731
    np.testing.assert_allclose(native(ms.grad(spectral)(a)), np.diag([3.0, 3.0, 27.0]))
    pair = lambda a: projector(ops.eigh(a)[1], 2) * Tensor(B3)  # noqa: E731
    check_grads(pair, (a,), order=1, modes=("fwd", "rev", "hyper"))
    check_grads(spectral, (a,), order=1, modes=("fwd", "rev", "hyper"))
    g = native(ms.grad(lambda a: quadratic_forms(ops.eigh(a)[1], B3).sum())(a))
    assert np.isfinite(g).all()
    # At the tie itself, second derivatives lose the terms between the tied
    # values: for Σλ³ = tr A³ at A = I, 6 Σ E_ii² in place of 6 tr(E²).
    e = symmetric((3, 3))
    got = ms.jvp(lambda a: ms.jvp(spectral, a, Tensor(e))[1], Tensor(np.eye(3)), Tensor(e))[1]
    np.testing.assert_allclose(native(got), 6 * np.sum(np.diag(e) ** 2), rtol=1e-12)
    # singular values of the identity: tied and all equal
    g = native(ms.grad(lambda a: ops.svd(a)[1][:, 0] ** 2 @ Tensor([1.0, 2.0]))(Tensor(np.eye(2))))
    np.testing.assert_array_equal(g, np.zeros((2, 2)))      # MindSpore 2.10 gives 0 too


def test_full_matrices_columns_of_a_non_square_matrix_have_no_derivative():
    with pytest.raises(ValueError, match=r"svd: with full_matrices=True the extra columns"):
        ms.grad(lambda a: ops.svd(a, full_matrices=True)[1].sum())(TALL)
    # forward mode cannot tell whether they are used: their tangents are NaN
    t = native(ms.jvp(lambda a: ops.svd(a, full_matrices=True)[2], WIDE, WIDE)[1])
    k = min(WIDE.shape[-2:])
    assert np.isnan(t[..., k:]).all() and np.isfinite(t[..., :k]).all()
    # square: full_matrices changes nothing, derivatives included
    f = lambda a: ops.svd(a, full_matrices=True)[1] ** 2  # noqa: E731
    np.testing.assert_allclose(native(ms.jacrev(f)(SQUARE)),
                               native(ms.jacrev(lambda a: ops.svd(a)[1] ** 2)(SQUARE)))
    first_order_agree(f, [SQUARE], np.random.default_rng(0))


@pytest.mark.parametrize("x", [TALL, WIDE], ids=["tall", "wide"])
def test_derivatives_beside_the_extra_columns_of_full_matrices(x):
    """The extra columns' rules raised whether or not they were used: jacfwd
    and hessian of a function of s alone, and the gradient of one of the
    other columns (a cotangent of zeros for the extra ones), failed with
    full_matrices=True."""
    k = min(x.shape[-2:])

    def f(full):
        def fn(a):
            s, u, v = ops.svd(a, full_matrices=full)
            return (s ** 3).sum() + (u[..., :k] ** 3).sum() + (v[..., :k] ** 3).sum()
        return fn

    stacked = Tensor(native(x)[None])
    for transform, arg in ((ms.jacfwd, x), (lambda g: ms.jacfwd(ms.jacfwd(g)), x),
                           (lambda g: ms.vmap(ms.jacfwd(g)), stacked), (ms.grad, x),
                           (ms.hessian, x), (lambda g: ms.vmap(ms.grad(g)), stacked),
                           (lambda g: ms.jacfwd(ms.hessian(g)), x)):
        np.testing.assert_allclose(native(transform(f(True))(arg)),
                                   native(transform(f(False))(arg)), rtol=1e-12, atol=1e-12)
    s_only = lambda full: lambda a: (ops.svd(a, full_matrices=full)[0] ** 3).sum()  # noqa: E731
    np.testing.assert_allclose(native(ms.hessian(s_only(True))(x)),
                               native(ms.hessian(s_only(False))(x)), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients (its CPU kernels, recorded here)

def same_up_to_column_signs(got, want, tol):
    got, want = np.asarray(got), np.asarray(want)
    signs = np.sign((got * want).sum(-2, keepdims=True))
    np.testing.assert_allclose(got * signs, want, atol=tol)


def test_svd_as_mindspore():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32))
    out = ops.svd(a)
    assert isinstance(out, tuple) and len(out) == 3
    s, u, v = out
    assert s.dtype == ms.float32 and u.shape == (3, 2) and v.shape == (2, 2)
    np.testing.assert_allclose(native(s), [9.52551842e+00, 5.14299870e-01], rtol=2e-6)
    # MindSpore's u; its signs are not always LAPACK's (dualgrad's first column
    # is the opposite here)
    same_up_to_column_signs(native(u), [[2.29847744e-01, -8.83460820e-01],
                                        [5.24744868e-01, -2.40782902e-01],
                                        [8.19642067e-01, 4.01896209e-01]], 2e-6)
    # v, not vᵀ: a = u diag(s) vᵀ
    same_up_to_column_signs(native(v), [[6.19629562e-01, 7.84894466e-01],
                                        [7.84894466e-01, -6.19629562e-01]], 2e-6)
    s, u, v = ops.svd(a, full_matrices=True)
    assert u.shape == (3, 3) and v.shape == (2, 2)
    same_up_to_column_signs(native(u)[:, 2:], [[4.08248663e-01], [-8.16496432e-01],
                                               [4.08248127e-01]], 2e-6)
    w = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32))
    s, u, v = ops.svd(w, full_matrices=True)
    assert u.shape == (2, 2) and v.shape == (3, 3)
    np.testing.assert_allclose(native(s), [9.50803375e+00, 7.72869349e-01], rtol=2e-6)
    same_up_to_column_signs(native(v), [[-4.28667128e-01, 8.05964112e-01, 4.08248454e-01],
                                        [-5.66306949e-01, 1.12382397e-01, -8.16496611e-01],
                                        [-7.03946769e-01, -5.81199169e-01, 4.08248246e-01]], 2e-6)
    s = ops.svd(a, compute_uv=False)
    assert isinstance(s, Tensor) and s.shape == (2,)
    assert repr(a.svd(compute_uv=False)) == repr(s)
    assert len(a.svd()) == 3


def test_svd_gradients_as_mindspore():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_allclose(
        native(ms.grad(lambda a: ops.svd(a, compute_uv=False).sum())(a)),
        [[-0.51449576, 0.85749293], [0.85749293, 0.51449576]], rtol=1e-7)
    np.testing.assert_allclose(
        native(ms.grad(lambda a: (ops.svd(a)[1][:, 0] ** 2 * Tensor([1.0, 2.0])).sum())(a)),
        [[-0.06863698, -0.1037925], [0.03850367, 0.04017774]], rtol=1e-6)
    w = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    weights = Tensor(np.arange(6.0).reshape(3, 2))
    np.testing.assert_allclose(
        native(ms.grad(lambda a: (ops.svd(a)[2] ** 2 * weights).sum())(w)),
        [[1.11111109, -2.22222217, 1.11111109], [-0.44444443, 0.88888887, -0.44444443]],
        rtol=1e-7)


def test_eigh_as_mindspore_scipy():
    s = Tensor(np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], np.float32))
    w, v = ops.eigh(s)
    np.testing.assert_allclose(native(w), [1.26794887e+00, 2.99999976e+00, 4.73205137e+00],
                               rtol=2e-6)
    same_up_to_column_signs(native(v), [[7.88675070e-01, 5.77350318e-01, 2.11324900e-01],
                                        [-5.77350259e-01, 5.77350259e-01, 5.77350318e-01],
                                        [2.11324871e-01, -5.77350259e-01, 7.88675189e-01]], 2e-6)
    np.testing.assert_array_equal(native(ops.eigh(s, eigvals_only=True)), native(w))
    n = Tensor(np.array([[2.0, 100.0], [1.0, 3.0]], np.float32))
    np.testing.assert_allclose(native(ops.eigh(n)[0]), [1.38196588e+00, 3.61803341e+00],
                               rtol=2e-6)
    np.testing.assert_allclose(native(ops.eigh(n, lower=False)[0]),
                               [-9.75012436e+01, 1.02501251e+02], rtol=2e-6)
    # the gradient goes to the triangle read, as MindSpore's
    s64 = Tensor(native(s).astype(np.float64))
    np.testing.assert_allclose(native(ms.grad(lambda a: ops.eigh(a)[0][2])(s64)),
                               [[0.0446582, 0, 0], [0.24401694, 0.33333334, 0],
                                [0.33333333, 0.9106836, 0.62200844]], rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(
        native(ms.grad(lambda a: (ops.eigh(a)[1][:, 0] ** 2 * Tensor(WEIGHTS3)).sum())(s64)),
        [[0.30356121, 0, 0], [0.08133898, -0.22222222, 0], [-0.22222222, 0.3035612, -0.08133898]],
        rtol=1e-7, atol=1e-12)


def test_pinv_as_mindspore():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32))
    got = ops.pinv(a)
    assert got.dtype == ms.float32 and got.shape == (2, 3)
    # (MindSpore's float32 is a few ulps further from the exact -4/3, -1/3, 2/3...)
    np.testing.assert_allclose(native(got), [[-1.3333349, -0.33333445, 0.6666678],
                                             [1.0833347, 0.33333424, -0.41666758]], rtol=4e-6)
    np.testing.assert_allclose(native(got), np.array([[-16, -4, 8], [13, 4, -5]]) / 12,
                               rtol=3e-7)
    # one singular value cut off, by atol (rtol then 0) or by rtol
    cut = [[0.01495147, 0.03413435, 0.05331725], [0.01893925, 0.04323852, 0.06753779]]
    np.testing.assert_allclose(native(ops.pinv(a, atol=5.0)), cut, rtol=2e-6)
    np.testing.assert_allclose(native(ops.pinv(a, rtol=0.1)), cut, rtol=2e-6)
    np.testing.assert_allclose(native(ops.pinv(a, atol=Tensor(0.3), rtol=Tensor(0.01))),
                               native(got), rtol=1e-7)
    # hermitian: the lower triangle
    np.testing.assert_allclose(native(ops.pinv(Tensor(np.array([[2.0, 100.0], [1.0, 3.0]],
                                                                np.float32)), hermitian=True)),
                               [[0.6, -0.20000003], [-0.2, 0.40000004]], rtol=2e-6)
    np.testing.assert_allclose(native(ops.pinv(Tensor(np.array([[1.0, 2.0], [2.0, 4.0]])))),
                               [[0.04, 0.08], [0.08, 0.16]], rtol=1e-12)
    assert ops.pinv(Tensor(np.ones((2, 3, 2), np.float32))).shape == (2, 2, 3)
    a64 = Tensor(native(a).astype(np.float64))
    np.testing.assert_allclose(native(ms.grad(lambda a: (ops.pinv(a) ** 2).sum())(a64)),
                               [[10.19444444, -8.04861111], [2.77777778, -2.19444444],
                                [-4.63888889, 3.65972222]], rtol=1e-8)
    # where a singular value is cut off MindSpore's gradient is NaN; dualgrad's
    # is that of constant rank (PyTorch's and JAX's)
    r = np.array([[1.0, 2.0], [2.0, 4.0]])
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    g = native(ms.grad(lambda a: (ops.pinv(a) * Tensor(w)).sum())(Tensor(r)))
    p = np.linalg.pinv(r)
    i = np.eye(2)
    want = -p.T @ w @ p.T + (i - r @ p) @ w.T @ p @ p.T + p.T @ p @ w.T @ (i - p @ r)
    np.testing.assert_allclose(g, want, rtol=1e-12)
    np.testing.assert_allclose(g, [[-0.0336, -0.0592], [-0.0992, -0.1824]], rtol=1e-12)


def test_gradients_at_repeated_values_as_mindspore():
    """MindSpore 2.10 takes zero between tied vectors too: its gradients at
    repeated eigenvalues and singular values are these."""
    a = Tensor(np.diag([1.0, 1.0, 3.0]))
    np.testing.assert_array_equal(native(ms.grad(lambda a: (ops.eigh(a)[0] ** 3).sum())(a)),
                                  np.diag([3.0, 3.0, 27.0]))
    np.testing.assert_array_equal(native(ms.grad(
        lambda a: ((ops.eigh(a)[1] ** 2)[:, 0] * Tensor(WEIGHTS3)).sum())(a)), np.zeros((3, 3)))
    b = Tensor(np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 1.0]]))
    np.testing.assert_allclose(native(ms.grad(
        lambda a: (projector(ops.eigh(a)[1], 2) * b).sum())(a)),
        [[0, 0, 0], [0, 0, 0], [0, -0.5, 0]], atol=1e-15)
    eye = Tensor(np.eye(2))
    np.testing.assert_array_equal(native(ms.grad(
        lambda a: (ops.svd(a, compute_uv=False) * Tensor([1.0, 2.0])).sum())(eye)),
        [[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_array_equal(native(ms.grad(
        lambda a: (ops.svd(a)[1] ** 2 * Tensor([[1.0, 2.0], [3.0, 4.0]])).sum())(eye)),
        np.zeros((2, 2)))
    # a zero singular value of a tall matrix: S⁻¹ taken as 0
    z = Tensor(np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]]))
    np.testing.assert_array_equal(native(ms.grad(
        lambda a: (ops.svd(a)[1] ** 2 * Tensor(np.arange(6.0).reshape(3, 2))).sum())(z)),
        np.zeros((3, 2)))


def test_spectral_norms_as_mindspore():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    for ord, want in ((2, 5.4649854), ("nuc", 5.8309517), (-2, 0.36596614)):
        got = ops.norm(a, ord)
        assert got.dtype == ms.float32 and got.shape == ()
        np.testing.assert_allclose(native(got), want, rtol=1e-6)
    a64 = Tensor(native(a).astype(np.float64))
    np.testing.assert_allclose(native(ms.grad(lambda a: ops.norm(a, 2))(a64)),
                               [[0.23304239, 0.33068833], [0.52680451, 0.74753827]], rtol=1e-6)
    np.testing.assert_allclose(native(ms.grad(lambda a: ops.norm(a, "nuc"))(a64)),
                               [[-0.51449585, 0.8574928], [0.85749286, 0.51449591]], rtol=1e-6)
    # tied largest (smallest) singular values share the gradient, as in MindSpore
    for ord in (2, -2):
        np.testing.assert_array_equal(native(ms.grad(lambda a: ops.norm(a, ord))(
            Tensor(np.eye(2)))), [[0.5, 0.0], [0.0, 0.5]])
    ones = Tensor(np.ones((2, 2, 3), np.float32))
    np.testing.assert_allclose(native(ops.norm(ones, "nuc", (1, 2))), [2.4494896] * 2, rtol=1e-6)
    got = ops.norm(ones, 2, (2, 1), True)
    assert got.shape == (2, 1, 1)
    np.testing.assert_allclose(native(got).ravel(), [2.4494896] * 2, rtol=1e-6)


# ---------------------------------------------------------------------------
# vmap

def test_vmap_agrees_with_a_loop():
    x = Tensor(general((4, 3, 2)))
    for fn in (ops.svd, lambda a: ops.svd(a, full_matrices=True),
               lambda a: ops.svd(a, compute_uv=False), lambda a: ops.norm(a, "nuc"), ops.pinv):
        got = ms.vmap(fn)(x)
        want = loop(fn, x)
        for g, w in zip(got if isinstance(got, tuple) else (got,),
                        want if isinstance(want, tuple) else (want,)):
            np.testing.assert_array_equal(native(g), w)
    y = Tensor(general((3, 2, 3, 3)))
    got = ms.vmap(ms.vmap(ops.eigh))(y)
    want = [np.stack([np.stack([native(o) for o in ops.eigh(Tensor(native(y)[i, j]))[k:k + 1]])
                      [0] for j in range(2)]) for i in range(3) for k in (0, 1)]
    np.testing.assert_allclose(native(got[0]), np.stack(want[0::2]), atol=1e-13)
    np.testing.assert_allclose(native(got[1]), np.stack(want[1::2]), atol=1e-13)
    # the mapped axis elsewhere
    got = ms.vmap(lambda a: ops.eigh(a)[0], in_axes=1)(y)
    np.testing.assert_allclose(native(got), loop(lambda a: ops.eigh(a)[0],
                                                 Tensor(np.moveaxis(native(y), 1, 0))),
                               atol=1e-13)


def test_vmap_of_derivatives_and_derivatives_of_vmap_agree_with_a_loop():
    x = Tensor(general((3, 4, 3)))
    f = lambda a: (ops.svd(a, compute_uv=False) ** 3).sum() + (ops.svd(a)[1][:, 0] ** 2 *  # noqa
                                                               Tensor(np.arange(4.0))).sum()
    want = loop(ms.grad(f), x)
    np.testing.assert_allclose(native(ms.vmap(ms.grad(f))(x)), want, atol=1e-12)
    np.testing.assert_allclose(native(ms.grad(lambda x: ms.vmap(f)(x).sum())(x)), want,
                               atol=1e-12)
    h = lambda a: quadratic_forms(ops.eigh(a)[1], B3).sum()  # noqa: E731
    s = Tensor(general((2, 3, 3)))
    np.testing.assert_allclose(native(ms.vmap(ms.hessian(h))(s)), loop(ms.hessian(h), s),
                               atol=1e-10)
    np.testing.assert_allclose(native(ms.vmap(ms.jacfwd(lambda a: ops.svd(a)[0]))(x)),
                               loop(ms.jacrev(lambda a: ops.svd(a)[0]), x), atol=1e-12)


# ---------------------------------------------------------------------------
# Argument errors

@pytest.mark.parametrize("call, error, message", [
    (lambda: ops.eigh(Tensor(np.ones((2, 3)))), ValueError,
     r"eigh: a must be square \(n, n\), got shape \(2, 3\)"),
    (lambda: ops.eigh(Tensor(np.ones(3))), ValueError,
     r"eigh: a must be a matrix or a batch of matrices, got shape \(3,\)"),
    (lambda: ops.eigh(Tensor(np.eye(2, dtype=bool))), TypeError,
     r"eigh: a must be a float32 or float64 Tensor \(or an integer one\), got dtype bool"),
    (lambda: ops.eigh(np.eye(2, dtype=np.complex64)), TypeError,
     r"eigh: a must be a Tensor or an array of real numbers, got an array of dtype complex64"),
    (lambda: ops.eigh(Tensor(np.eye(2)), lower=1), TypeError,
     r"eigh: lower must be a bool, got int"),
    (lambda: ops.eigh(Tensor(np.eye(2)), eigvals_only="yes"), TypeError,
     r"eigh: eigvals_only must be a bool, got str"),
    (lambda: ops.eigh(Tensor(np.eye(2)), Tensor(np.eye(2))), ValueError,
     r"eigh: b must be None"),
    (lambda: ops.svd(Tensor(np.ones(3))), ValueError,
     r"svd: input must be a matrix or a batch of matrices, got shape \(3,\)"),
    (lambda: ops.svd(Tensor(np.eye(2, dtype=np.int32))), TypeError,
     r"svd: input must be a float32 or float64 Tensor, got dtype int32"),
    (lambda: ops.svd(Tensor(np.eye(2, dtype=bool))), TypeError,
     r"svd: input must be a float32 or float64 Tensor, got dtype bool"),
    (lambda: ops.svd(Tensor(np.eye(2)), full_matrices=1), TypeError,
     r"svd: full_matrices must be a bool, got int"),
    (lambda: ops.svd(Tensor(np.eye(2)), compute_uv=None), TypeError,
     r"svd: compute_uv must be a bool, got NoneType"),
    (lambda: Tensor(np.eye(2)).svd(full_matrices="no"), TypeError,
     r"svd: full_matrices must be a bool, got str"),
    (lambda: ops.pinv(Tensor(np.eye(2, dtype=np.int32))), TypeError,
     r"pinv: x must be a float32 or float64 Tensor, got dtype int32"),
    (lambda: ops.pinv(Tensor(np.ones(2))), ValueError,
     r"pinv: x must be a matrix or a batch of matrices, got shape \(2,\)"),
    (lambda: ops.pinv(Tensor(np.ones((2, 3))), hermitian=True), ValueError,
     r"pinv: with hermitian=True, x must be square \(n, n\), got shape \(2, 3\)"),
    (lambda: ops.pinv(Tensor(np.eye(2)), hermitian=0), TypeError,
     r"pinv: hermitian must be a bool, got int"),
    (lambda: ops.pinv(Tensor(np.eye(2)), atol="small"), TypeError,
     r"pinv: atol must be a float, got str"),
    (lambda: ops.pinv(Tensor(np.eye(2)), rtol=-1.0), ValueError,
     r"pinv: rtol must be >= 0, got -1.0"),
    (lambda: ops.pinv(Tensor(np.eye(2)), atol=Tensor([0.1, 0.2])), ValueError,
     r"pinv: atol must be a float or a 0-d Tensor, got a Tensor of shape \(2,\)"),
], ids=["eigh non-square", "eigh 1-d", "eigh bool", "eigh complex", "eigh lower int",
        "eigh eigvals_only str", "eigh b", "svd 1-d", "svd int", "svd bool",
        "svd full_matrices int", "svd compute_uv None", "Tensor.svd full_matrices str",
        "pinv int", "pinv 1-d", "pinv hermitian non-square", "pinv hermitian int", "pinv atol str",
        "pinv rtol negative", "pinv atol of many elements"])
def test_argument_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------------------
# The primitives themselves

@pytest.mark.parametrize("prim, shape", [(p, s) for p in _spectral.PRIMITIVES
                                         for s in ((3, 3), (2, 4, 2), (2, 3))
                                         if p.name != "eigh" or s[-1] == s[-2]],
                         ids=lambda v: getattr(v, "name", str(v)))
def test_reverse_rule_is_the_transpose_of_the_forward_rule(prim, shape):
    """<ḡ, J·t> = <Jᵀ·ḡ, t> for every output at once, and each mode records
    the primitive itself (one node on the tape)."""
    a = symmetric(shape) if shape[-1] == shape[-2] else general(shape)
    t = general(shape)
    params = {"atol": 0.0, "rtol": 1e-12} if prim.name == "pinv" else {}
    out = prim.bind((a,), params)
    tangents = prim.jvp((a,), (t,), out, 0, params)
    cotangents = (tuple(general(np.shape(o)) for o in out) if prim.multiple
                  else general(np.shape(out)))
    (back,) = prim.vjp(cotangents, (a,), out, (True,), params)
    pairs = zip(cotangents, tangents) if prim.multiple else [(cotangents, tangents)]
    lhs = sum(np.sum(g * native(Tensor(d))) for g, d in pairs)
    np.testing.assert_allclose(lhs, np.sum(native(Tensor(back)) * t), rtol=1e-10)
    tape = _core.Tape()
    prim.bind((tape.leaf(a),), params)
    outputs = [f"output{i}" for i in range(len(out))] if prim.multiple else []
    assert tape.operations() == ["input", prim.name] + outputs
