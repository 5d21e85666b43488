"""Linear solves (dualgrad/_solve.py, dualgrad/scipy/linalg.py): the solve and LU
primitives and the functions made of them (matrix_solve, cholesky_solve,
cholesky_inverse, lstsq, lu_solve, lu_unpack, and mindspore.scipy.linalg's
solve_triangular, cho_factor, cho_solve, lu_factor, lu, lu_solve, lstsq...).

Values against NumPy and MindSpore 2.10's (recorded as literals); first and
second derivatives in every mode against each other and finite differences,
float32 kept as float32; the primitives' reverse rules against their forward
rules; vmap against a loop; batches; argument errors.
"""
import warnings

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, _core, _solve, ops
from dualgrad.scipy import linalg as sl
from dualgrad.testing import check_grads
from test_ops_composite import case
from test_rules import native
from test_selection import composed_function_tests

RNG = np.random.default_rng(5)


def general(shape):
    return RNG.standard_normal(shape)


def well_conditioned(shape):
    n = shape[-1]
    return RNG.standard_normal(shape) + 3 * np.eye(n)


def lower_factor(shape):
    n = shape[-1]
    return np.tril(RNG.standard_normal(shape), -1) + np.diag(RNG.uniform(1.0, 2.0, n))


def _expm(m):
    """e^m in float64 by scaling and squaring a 40-term Taylor series: an
    independent reference (no Padé approximant, no SciPy)."""
    m = np.asarray(m, np.float64)
    norm = np.abs(m).sum(0).max(initial=0.0)
    squarings = max(0, int(np.ceil(np.log2(norm / 0.25)))) if norm > 0 else 0
    x = m / 2.0 ** squarings
    term = total = np.eye(len(m))
    for k in range(1, 40):
        term = term @ x / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def np_expm(a):
    return np.stack([_expm(m) for m in a.reshape((-1,) + a.shape[-2:])]).reshape(a.shape)


def np_expm_frechet(a, e):
    """The Fréchet derivative L(a, e) of the exponential: the upper-right block
    of exp([[a, e], [0, a]])."""
    n = len(a)
    return _expm(np.block([[a, e], [np.zeros((n, n)), a]]))[:n, n:]


def np_lu(a):
    """LAPACK getrf's (lu, piv) of each matrix (scipy.linalg.lu_factor's):
    partial pivoting on the first largest |entry| of each column, the unit
    lower factor below the diagonal, piv[k] the row exchanged with row k."""
    flat = np.array(a.reshape((-1,) + a.shape[-2:]))
    n = a.shape[-1]
    pivots = np.zeros(flat.shape[:-1], np.int32)
    for m, piv in zip(flat, pivots):
        for k in range(n):
            p = k + int(np.argmax(np.abs(m[k:, k])))
            piv[k] = p
            m[[k, p]] = m[[p, k]]
            if m[k, k] != 0:
                m[k + 1:, k] /= m[k, k]
            m[k + 1:, k + 1:] -= np.outer(m[k + 1:, k], m[k, k + 1:])
    return flat.reshape(a.shape), pivots.reshape(a.shape[:-1])


A3, A23 = Tensor(well_conditioned((3, 3))), Tensor(well_conditioned((2, 3, 3)))
B32, B232 = Tensor(general((3, 2))), Tensor(general((2, 3, 2)))
L3, L23 = Tensor(lower_factor((3, 3))), Tensor(lower_factor((2, 3, 3)))
# A factor with its unread triangle not zero: only one triangle is read.
FULL_L3 = Tensor(native(L3) + np.triu(general((3, 3)), 1))
TALL = Tensor(general((4, 2)))
WIDE = Tensor(general((2, 4)))
Y4 = Tensor(general((4, 3)))


def np_cholesky_solve(b, factor, upper=False):
    lo = np.swapaxes(np.triu(factor), -1, -2) if upper else np.tril(factor)
    return np.linalg.solve(lo @ np.swapaxes(lo, -1, -2), b)


CASES = [
    case("matrix_solve", ops.matrix_solve, [A3, B32], np.linalg.solve),
    case("matrix_solve, adjoint", lambda a, b: ops.matrix_solve(a, b, adjoint=True), [A3, B32],
         lambda a, b: np.linalg.solve(a.T, b)),
    case("matrix_solve, batched", ops.matrix_solve, [A23, B232], np.linalg.solve),
    case("matrix_solve, one matrix for a batch of right-hand sides", ops.matrix_solve,
         [A3, B232], np.linalg.solve),
    case("matrix_solve, a batch of matrices for one right-hand side", ops.matrix_solve,
         [A23, B32], np.linalg.solve),
    case("cholesky_solve", ops.cholesky_solve, [B32, FULL_L3],
         lambda b, l: np_cholesky_solve(b, l)),
    case("cholesky_solve, upper", lambda b, u: ops.cholesky_solve(b, u, upper=True),
         [B232, Tensor(np.swapaxes(native(L23), -1, -2))],
         lambda b, u: np_cholesky_solve(b, u, True)),
    case("cholesky_inverse", ops.cholesky_inverse, [FULL_L3],
         lambda l: np.linalg.inv(np.tril(l) @ np.tril(l).T)),
    case("cholesky_inverse, upper, batched", lambda u: ops.cholesky_inverse(u, True),
         [Tensor(np.swapaxes(native(L23), -1, -2))],
         lambda u: np.linalg.inv(np.swapaxes(u, -1, -2) @ u)),
    case("lstsq", ops.lstsq, [TALL, Y4], lambda a, y: np.linalg.lstsq(a, y, rcond=None)[0]),
    case("lstsq, a vector (an (n, 1) solution, as MindSpore's)", ops.lstsq,
         [TALL, Tensor(general(4))], lambda a, y: np.linalg.lstsq(a, y, rcond=None)[0][:, None]),
    case("lstsq of a wide matrix (minimum norm)", ops.lstsq, [WIDE, Tensor(general((2, 2)))],
         lambda a, y: np.linalg.lstsq(a, y, rcond=None)[0]),
    case("scipy solve_triangular", sl.solve_triangular, [FULL_L3, B32],
         lambda a, b: np.linalg.solve(np.triu(a), b)),
    case("scipy solve_triangular, lower, trans 'T', a vector",
         lambda a, b: sl.solve_triangular(a, b, trans="T", lower=True), [FULL_L3, Tensor(general(3))],
         lambda a, b: np.linalg.solve(np.tril(a).T, b)),
    case("scipy solve_triangular, unit diagonal, batched",
         lambda a, b: sl.solve_triangular(a, b, lower=True, unit_diagonal=True), [L23, B232],
         lambda a, b: np.linalg.solve(np.tril(a, -1) + np.eye(3), b)),
    case("scipy cho_solve", lambda c, b: sl.cho_solve((c, True), b), [FULL_L3, B32],
         lambda c, b: np_cholesky_solve(b, c)),
    case("scipy lu_factor", lambda a: sl.lu_factor(a)[0], [A3], lambda a: np_lu(a)[0]),
    case("scipy lu_factor, batched", lambda a: sl.lu_factor(a)[0], [Tensor(general((2, 4, 4)))],
         lambda a: np_lu(a)[0]),
    case("scipy lu: l and u", lambda a: sl.lu(a)[1] + sl.lu(a)[2], [Tensor(general((4, 4)))],
         lambda a: np.tril(np_lu(a)[0], -1) + np.eye(4) + np.triu(np_lu(a)[0])),
    case("scipy lu_solve", lambda a, b: sl.lu_solve(sl.lu_factor(a), b),
         [Tensor(general((3, 3))), B32], np.linalg.solve),
    case("scipy lu_solve, trans 1, batched", lambda a, b: sl.lu_solve(sl.lu_factor(a), b, 1),
         [Tensor(general((2, 3, 3))), B232],
         lambda a, b: np.linalg.solve(np.swapaxes(a, -1, -2), b)),
    case("ops.lu_solve of scipy's factors",
         lambda a, b: ops.lu_solve(b, sl.lu_factor(a)[0], sl.lu_factor(a)[1] + 1),
         [Tensor(general((3, 3))), B32], np.linalg.solve),
    case("ops.lu_unpack: l·u", lambda lu: ops.lu_unpack(lu, Tensor(np.array([3, 2, 3],
                                                                            np.int32)))[1]
         @ ops.lu_unpack(lu, Tensor(np.array([3, 2, 3], np.int32)))[2],
         [Tensor(general((3, 3)))],
         lambda lu: (np.tril(lu, -1) + np.eye(3)) @ np.triu(lu)),
    case("matrix_exp of a small matrix", ops.matrix_exp, [Tensor(0.1 * general((3, 3)))],
         lambda a: np_expm(a)),
    case("matrix_exp, batched", ops.matrix_exp, [Tensor(0.3 * general((2, 3, 3)))],
         lambda a: np_expm(a)),
    case("vector_norm", ops.vector_norm, [Y4], np.linalg.norm),
    case("vector_norm, ord 3 over an axis, keepdims",
         lambda x: ops.vector_norm(x, 3, 1, True), [Y4],
         lambda x: np.linalg.norm(x, 3, 1, True)),
    case("vector_norm, ord 1 over two axes", lambda x: ops.vector_norm(x, 1, (0, 2)), [B232],
         lambda x: np.abs(x).sum((0, 2))),
    case("matrix_norm", ops.matrix_norm, [Y4], np.linalg.norm),
    case("matrix_norm, nuc", lambda a: ops.matrix_norm(a, "nuc"), [Y4],
         lambda a: np.linalg.norm(a, "nuc")),
    case("matrix_norm, -2 over axes (2, 0), keepdims",
         lambda a: ops.matrix_norm(a, -2, (2, 0), True), [B232],
         lambda a: np.linalg.norm(a, -2, (2, 0), True)),
    case("matrix_norm, 1", lambda a: ops.matrix_norm(a, 1), [Y4],
         lambda a: np.linalg.norm(a, 1)),
    case("cond", ops.cond, [A3], np.linalg.cond),
    case("cond of a tall matrix", ops.cond, [Y4], np.linalg.cond),
    case("cond, -2, batched", lambda a: ops.cond(a, -2), [A23], lambda a: np.linalg.cond(a, -2)),
    case("cond, 'fro'", lambda a: ops.cond(a, "fro"), [A3], lambda a: np.linalg.cond(a, "fro")),
    case("cond, inf, batched", lambda a: ops.cond(a, float("inf")), [A23],
         lambda a: np.linalg.cond(a, np.inf)),
    case("cond, 'nuc'", lambda a: ops.cond(a, "nuc"), [A3], lambda a: np.linalg.cond(a, "nuc")),
]

(test_values_match_numpy, test_derivatives_agree_in_every_mode_and_with_finite_differences,
 test_float32_stays_float32_in_every_mode) = composed_function_tests(CASES)


def test_check_grads_second_order_in_every_mode():
    """The brief's form of the check, on each function of a solve."""
    for fn, args in [
            (ops.matrix_solve, (A3, B32)),
            (lambda a, b: ops.matrix_solve(a, b, True), (A23, B32)),
            (lambda b, l: ops.cholesky_solve(b, l), (B232, L3)),
            (ops.cholesky_inverse, (L23,)),
            (ops.lstsq, (TALL, Y4)),
            (lambda a: sl.lu_factor(a)[0], (A23,)),
            (lambda a, b: sl.lu_solve(sl.lu_factor(a), b), (A3, B32))]:
        check_grads(fn, args, order=2, modes=("fwd", "rev", "hyper"))


def test_float32_derivatives():
    a, b = Tensor(native(A3).astype(np.float32)), Tensor(native(B32).astype(np.float32))
    check_grads(ops.matrix_solve, (a, b), order=2, modes=("fwd", "rev", "hyper"))
    g = ms.grad(lambda a, b: ops.matrix_solve(a, b).sum(), grad_position=(0, 1))(a, b)
    assert all(t.dtype == ms.float32 for t in g)
    lu, piv = sl.lu_factor(a)
    assert lu.dtype == ms.float32 and piv.dtype == ms.int32


def test_jacfwd_and_jacrev_agree():
    for fn, args in [(ops.matrix_solve, (A3, B32)), (ops.cholesky_solve, (B32, L3)),
                     (ops.lstsq, (TALL, Y4)), (lambda a: sl.lu_factor(a)[0], (A3,))]:
        pos = tuple(range(len(args)))
        jf = ms.jacfwd(fn, grad_position=pos)(*args)
        jr = ms.jacrev(fn, grad_position=pos)(*args)
        for f, r in zip(jf, jr):
            np.testing.assert_allclose(f.asnumpy(), r.asnumpy(), rtol=1e-10, atol=1e-12)


def test_hessian_of_a_quadratic_form_of_the_solution():
    """d²/dA² of bᵀA⁻¹b against finite differences of the exact gradient
    −A⁻ᵀ b bᵀ A⁻ᵀ."""
    b = np.array([1.0, -2.0, 0.5])
    a = native(A3)

    def f(a):
        return (ops.matrix_solve(a, Tensor(b[:, None])).squeeze(-1) * Tensor(b)).sum()

    def exact_grad(a):
        x = np.linalg.solve(a.T, b)
        return -np.outer(x, np.linalg.solve(a, b))
    h = ms.hessian(f)(Tensor(a)).asnumpy()
    eps = 1e-6
    for i, j in [(0, 0), (1, 2), (2, 1)]:
        d = np.zeros((3, 3))
        d[i, j] = eps
        fd = (exact_grad(a + d) - exact_grad(a - d)) / (2 * eps)
        np.testing.assert_allclose(h[:, :, i, j], fd, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------
# The primitives themselves

@pytest.mark.parametrize("prim", _solve.PRIMITIVES, ids=lambda p: p.name)
def test_reverse_rule_is_the_transpose_of_the_forward_rule(prim):
    a = well_conditioned((2, 3, 3))
    args = (a, general((2, 3, 2))) if prim.name == "matrix_solve" else (a,)
    tangents = tuple(general(np.shape(x)) for x in args)
    out = prim.bind(args, {})
    t = prim.jvp(args, tangents, out, 0, {})
    g = general(np.shape(out))
    back = prim.vjp(g, args, out, (True,) * len(args), {})
    lhs = np.sum(g * native(Tensor(t)))
    rhs = sum(np.sum(native(Tensor(c)) * d) for c, d in zip(back, tangents))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)
    tape = _core.Tape()
    prim.bind(tuple(tape.leaf(x) for x in args), {})
    assert tape.operations() == ["input"] * len(args) + [prim.name]


def test_solve_sums_the_cotangent_over_broadcast_batch_axes():
    a, b = well_conditioned((3, 3)), general((4, 3, 2))
    ga, gb = ms.grad(lambda a, b: (ops.matrix_solve(a, b) ** 2).sum(),
                     grad_position=(0, 1))(Tensor(a), Tensor(b))
    assert ga.shape == (3, 3) and gb.shape == (4, 3, 2)
    want = sum(native(ms.grad(lambda a: (ops.matrix_solve(a, Tensor(b[i])) ** 2).sum())(
        Tensor(a))) for i in range(4))
    np.testing.assert_allclose(ga.asnumpy(), want, rtol=1e-12)


# ---------------------------------------------------------------------------
# vmap

@pytest.mark.parametrize("in_axes", [(0, None), (None, 0), (0, 0), (1, 2)],
                         ids=["over the matrix", "over the rhs", "over both", "moved axes"])
def test_vmap_of_matrix_solve_and_its_gradient_is_a_loop(in_axes):
    a, b = well_conditioned((4, 3, 3)), general((4, 3, 2))
    if in_axes == (1, 2):
        a, b = np.moveaxis(a, 0, 1), np.moveaxis(b, 0, 2)
    pick = [lambda i, x=x, ax=ax: x if ax is None else np.take(x, i, ax)
            for x, ax in zip((a, b), in_axes)]
    a_in = a if in_axes[0] is not None else a[0]
    b_in = b if in_axes[1] is not None else b[:, :, 0] if in_axes == (1, 2) else b[0]
    if in_axes[0] is None:
        pick[0] = lambda i: a_in
    if in_axes[1] is None:
        pick[1] = lambda i: b_in
    out = ms.vmap(ops.matrix_solve, in_axes=in_axes)(Tensor(a_in), Tensor(b_in))
    loop = np.stack([np.linalg.solve(pick[0](i), pick[1](i)) for i in range(4)])
    np.testing.assert_allclose(out.asnumpy(), loop, rtol=1e-12)

    def loss(a, b):
        return (ops.matrix_solve(a, b) ** 2).sum()
    grads = ms.vmap(ms.grad(loss, grad_position=(0, 1)), in_axes=in_axes)(Tensor(a_in),
                                                                        Tensor(b_in))
    for i in range(4):
        each = ms.grad(loss, grad_position=(0, 1))(Tensor(pick[0](i)), Tensor(pick[1](i)))
        for g, e in zip(grads, each):
            np.testing.assert_allclose(g.asnumpy()[i], e.asnumpy(), rtol=1e-10, atol=1e-12)


def test_vmap_of_the_factored_solves_is_a_loop():
    a, b, f = well_conditioned((3, 3, 3)), general((3, 3, 2)), lower_factor((3, 3, 3))
    cases = [
        (lambda b, f: ops.cholesky_solve(b, f), (b, f), lambda b, f: np_cholesky_solve(b, f)),
        (ops.cholesky_inverse, (f,), lambda f: np.linalg.inv(f @ f.T)),
        (lambda a, b: sl.lu_solve(sl.lu_factor(a), b), (a, b), np.linalg.solve),
        (lambda a: sl.lu_factor(a)[0], (a,), lambda a: np_lu(a)[0]),
        (ops.lstsq, (general((3, 4, 2)), b[:, :2].repeat(2, 1)),
         lambda x, y: np.linalg.lstsq(x, y, rcond=None)[0]),
        (lambda a, b: sl.solve_triangular(a, b, lower=True), (f, b),
         lambda a, b: np.linalg.solve(np.tril(a), b)),
    ]
    for fn, args, ref in cases:
        out = ms.vmap(fn)(*[Tensor(x) for x in args])
        loop = np.stack([ref(*[x[i] for x in args]) for i in range(3)])
        np.testing.assert_allclose(out.asnumpy(), loop, rtol=1e-10, atol=1e-12)
        jac = ms.vmap(ms.jacrev(lambda *xs: fn(*xs).sum(), grad_position=0))(
            *[Tensor(x) for x in args])
        for i in range(3):
            each = ms.jacrev(lambda *xs: fn(*xs).sum(), grad_position=0)(
                *[Tensor(x[i]) for x in args])
            np.testing.assert_allclose(jac.asnumpy()[i], each.asnumpy(), rtol=1e-9, atol=1e-12)


def test_pivots_differ_between_the_examples_of_a_vmap():
    a = np.array([[[1.0, 2.0], [4.0, 3.0]], [[4.0, 3.0], [1.0, 2.0]]])
    lu, piv = ms.vmap(sl.lu_factor)(Tensor(a))
    assert piv.asnumpy().tolist() == [[1, 1], [0, 1]]
    np.testing.assert_allclose(lu.asnumpy(), np_lu(a)[0], rtol=1e-14)


# ---------------------------------------------------------------------------
# MindSpore 2.10's values (CPU)

MS_A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.3, 0.4, 2.0]])
MS_B = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
MS_L = np.linalg.cholesky(MS_A @ MS_A.T)


def close(t, want, rtol=1e-7):
    np.testing.assert_allclose(t.asnumpy(), want, rtol=rtol, atol=1e-9)


def test_matrix_solve_as_mindspore():
    a, b = Tensor(MS_A), Tensor(MS_B)
    close(ops.matrix_solve(a, b), [[5.21172638e-02, 6.34713820e-01],
                                   [5.04885993e-02, -5.45835272e-01],
                                   [1.48208469e+00, 1.39599814e-02]])
    close(ops.matrix_solve(a, b, adjoint=True), [[1.60539786e-01, 6.41228478e-01],
                                                 [-8.25965565e-02, -5.32805956e-01],
                                                 [1.46812471e+00, -1.07026524e-01]])
    x32 = ops.matrix_solve(Tensor(MS_A, ms.float32), Tensor(MS_B, ms.float32))
    assert x32.dtype == ms.float32
    # (MindSpore 2.10's gradients are float32 even for float64 inputs)
    ga, gb = ms.grad(lambda a, b: ops.matrix_solve(a, b).sum(), grad_position=(0, 1))(a, b)
    close(ga, [[-1.11222535e-01, 8.02143514e-02, -2.42263168e-01],
               [-1.51812360e-01, 1.09487973e-01, -3.30675274e-01],
               [-3.00428659e-01, 2.16670945e-01, -6.54388964e-01]], 1e-6)
    close(gb, [[1.61935791e-01] * 2, [2.21033037e-01] * 2, [4.37412739e-01] * 2], 1e-6)
    ga, gb = ms.grad(lambda a, b: (ops.matrix_solve(a, b, True) ** 2).sum(),
                     grad_position=(0, 1))(a, b)
    close(ga, [[-2.79979706e-01, 3.42842549e-01, -1.93635538e-01],
               [2.36466125e-01, -2.78252870e-01, 8.44183266e-02],
               [1.59353361e-01, 1.37591749e-01, -2.21826625e+00]], 1e-6)
    close(gb, [[-7.53366947e-02, 4.55491662e-01], [-1.30318061e-01, -5.02038360e-01],
               [1.50548887e+00, -7.49426037e-02]], 1e-6)


def test_cholesky_solve_and_inverse_as_mindspore():
    b, f = Tensor(MS_B), Tensor(MS_L)
    want = [[-2.46838542e-02, 2.23799267e-01], [-7.55786723e-02, -2.53394125e-01],
            [7.54771176e-01, -2.36304137e-02]]
    close(ops.cholesky_solve(b, f), want)
    close(ops.cholesky_solve(b, Tensor(MS_L.T), upper=True), want)
    close(b.cholesky_solve(f), want)
    gb, gf = ms.grad(lambda b, f: ops.cholesky_solve(b, f).sum(), grad_position=(0, 1))(b, f)
    close(gb, [[2.62223161e-03] * 2, [5.84697500e-02] * 2, [2.07550511e-01] * 2], 1e-6)
    # MindSpore's gradient in the factor is that of the full matrix L·Lᵀ; only the
    # lower triangle is read here, where the two agree.
    close(gf, np.tril([[-4.98354360e-02, -4.22098860e-02, -8.38678926e-02],
                       [3.69737670e-02, 1.10574611e-01, 4.95112650e-02],
                       [-3.25954854e-01, -2.62950324e-02, -5.88609636e-01]]), 1e-6)
    inverse = [[8.45783889e-02, -5.46424896e-02, -2.73136661e-02],
               [-5.46424896e-02, 1.44109146e-01, -3.09969185e-02],
               [-2.73136661e-02, -3.09969185e-02, 2.65861100e-01]]
    close(ops.cholesky_inverse(f), inverse)
    close(ops.cholesky_inverse(Tensor(MS_L.T), upper=True), inverse)
    close(f.cholesky_inverse(), inverse)
    # A batch gives a batch of inverses (MindSpore 2.10's CPU kernel: wrong values).
    close(ops.cholesky_inverse(Tensor(np.stack([MS_L, MS_L]))), [inverse, inverse])
    # The gradient: that of sum((L·Lᵀ)⁻¹), −2·A⁻¹JA⁻¹L on the lower triangle
    # (MindSpore 2.10's disagrees with finite differences).
    ai = np.linalg.inv(MS_L @ MS_L.T)
    close(ms.grad(lambda f: ops.cholesky_inverse(f).sum())(f),
          np.tril(-2 * ai @ np.ones((3, 3)) @ ai @ MS_L), 1e-10)


def test_lstsq_as_mindspore():
    m = Tensor(np.array([[1.0, 2.0], [3.0, 1.0], [0.5, 0.5], [1.0, -1.0]]))
    y = Tensor(np.array([[1.0], [2.0], [0.0], [1.5]]))
    # ops.lstsq(input, A): input the matrix, A the right-hand side
    close(ops.lstsq(y, m), [[1.17241379e+00, 3.44827586e-01]])
    close(y.lstsq(m), [[1.17241379e+00, 3.44827586e-01]])
    assert ops.lstsq(Tensor(native(y), ms.float32), Tensor(native(m), ms.float32)).dtype == \
        ms.float32
    close(ops.lstsq(Tensor(np.ones((2, 1))), Tensor(np.array([[1.0, 2, 3], [0, 1, 1]]))),
          [[0.5, 1.5, 2.0]])
    x, residual, rank, s = sl.lstsq(m, y)
    close(x, [[8.13397129e-01], [-1.53110048e-01]])
    assert residual.shape == (0,) and s.shape == (0,)
    assert rank.dtype == ms.int64 and rank.shape == () and int(rank.asnumpy()) == 2
    x, residual, rank, s = sl.lstsq(m, y, driver="gelsd")
    r = native(m) @ x.asnumpy() - native(y)
    close(residual, (r ** 2).sum(0))
    close(s, np.linalg.svd(native(m), compute_uv=False))


def test_lu_as_mindspore():
    lu = Tensor(np.array([[4.0, 1.0, 0.5], [0.25, 2.75, 0.075], [0.075, 0.118, 1.95]]))
    b = Tensor(MS_B)
    p, l, u = ops.lu_unpack(lu, Tensor(np.array([2, 2, 3], np.int32)))
    assert p.dtype == ms.float64
    assert p.asnumpy().tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 1]]
    close(l, [[1, 0, 0], [0.25, 1, 0], [0.075, 0.118, 1]])
    close(u, [[4, 1, 0.5], [0, 2.75, 0.075], [0, 0, 1.95]])
    p2, l2, u2 = ops.lu_unpack(lu, Tensor(np.array([2, 2, 3], np.int64)), unpack_data=False)
    assert l2 is None and u2 is None and p2.asnumpy().tolist() == p.asnumpy().tolist()
    p2, l2, u2 = ops.lu_unpack(lu, Tensor(np.array([2, 2, 3], np.int32)), unpack_pivots=False)
    assert p2 is None and l2.asnumpy().tolist() == l.asnumpy().tolist()
    close(ms.grad(lambda t: (ops.lu_unpack(t, Tensor(np.array([2, 2, 3], np.int32)))[1] * 2
                             + ops.lu_unpack(t, Tensor(np.array([2, 2, 3], np.int32)))[2])
                  .sum())(lu), [[1, 1, 1], [2, 1, 1], [2, 2, 1]])
    # (MindSpore's lu_solve rounds to float32 on the way)
    close(ops.lu_solve(b, lu, Tensor(np.array([1, 2, 3], np.int32))),
          [[5.17878979e-02, 6.34727299e-01], [5.04125915e-02, -5.45832157e-01],
           [1.48487163e+00, 1.38461506e-02]], 1e-6)
    close(b.lu_solve(lu, Tensor(np.array([2, 2, 3], np.int32))),
          [[-1.27833337e-01, -4.42999989e-01], [2.78192312e-01, 8.20846140e-01],
           [1.46628201e+00, -9.76923034e-02]], 1e-6)
    packed, piv = sl.lu_factor(Tensor(MS_A))
    close(packed, [[4.0, 1.0, 0.5], [0.25, 2.75, 0.075], [0.075, 1.18181818e-01, 1.95363636e+00]])
    assert piv.dtype == ms.int32 and piv.asnumpy().tolist() == [0, 1, 2]
    p, l, u = sl.lu(Tensor(MS_A))
    assert p.dtype == ms.int32 and p.asnumpy().tolist() == np.eye(3).tolist()
    close(l @ u, MS_A)
    pl, u2 = sl.lu(Tensor(MS_A), permute_l=True)
    close(pl @ u2, MS_A)
    close(sl.lu_solve((packed, piv), b), np.linalg.solve(MS_A, MS_B))
    assert sl.lu_pivots_to_permutation(Tensor(np.array([2, 2, 2], np.int32)), 3) \
        .asnumpy().tolist() == [2, 0, 1]


def test_scipy_linalg_as_mindspore():
    a, b = Tensor(MS_A), Tensor(MS_B)
    assert ms.scipy.linalg is sl
    close(sl.solve_triangular(a, b), [[4.58333333e-02, 5.83333333e-01],
                                      [6.66666667e-02, -3.33333333e-01], [1.5, 0.0]])
    close(sl.solve_triangular(a, Tensor(MS_B[:, 0]), lower=True, trans=1),
          [1.45833333e-01, -3.33333333e-02, 1.5])
    close(sl.solve_triangular(a, b, trans="T", unit_diagonal=True),
          [[1.0, 2.0], [-0.5, -3.0], [2.6, -0.4]])
    c, lower = sl.cho_factor(Tensor(MS_A @ MS_A.T))
    assert lower is False
    close(c, [[4.15331193e+00, 1.70947911e+00, 6.26006436e-01],
              [0.0, 2.66789827e+00, 3.11051993e-01], [0.0, 0.0, 1.93942326e+00]])
    c_low, lower = sl.cho_factor(Tensor(MS_A @ MS_A.T), lower=True)
    assert lower is True
    close(c_low, c.asnumpy().T)
    close(sl.cholesky(Tensor(MS_A @ MS_A.T)), c.asnumpy())
    close(sl.cho_solve((c, False), b), [[-2.46838542e-02, 2.23799267e-01],
                                        [-7.55786723e-02, -2.53394125e-01],
                                        [7.54771176e-01, -2.36304137e-02]])
    close(sl.cho_solve((c_low, True), b), sl.cho_solve((c, False), b).asnumpy())
    close(sl.inv(a), [[2.75476966e-01, -8.37598883e-02, -6.04932527e-02],
                      [-9.02745463e-02, 3.65286180e-01, -1.39599814e-02],
                      [-2.32666356e-02, -6.04932527e-02, 5.11865984e-01]])
    close(sl.det(a), 21.49)
    close(sl.block_diag(Tensor(MS_A[:2, :2]), b),
          [[4, 1, 0, 0], [1, 3, 0, 0], [0, 0, 1, 2], [0, 0, 0.5, -1], [0, 0, 3, 0]])
    w, v = sl.eigh(Tensor(MS_A @ MS_A.T))
    close(w, np.linalg.eigvalsh(MS_A @ MS_A.T))


def test_empty_matrices():
    x = ops.matrix_solve(Tensor(np.ones((0, 0))), Tensor(np.ones((0, 2))))
    assert x.shape == (0, 2)
    ga, gb = ms.grad(lambda a, b: ops.matrix_solve(a, b).sum(), grad_position=(0, 1))(
        Tensor(np.eye(2)), Tensor(np.ones((2, 0))))
    assert ga.asnumpy().tolist() == [[0.0, 0.0], [0.0, 0.0]] and gb.shape == (2, 0)
    assert ops.matrix_solve(Tensor(np.ones((0, 3, 3))), Tensor(np.ones((0, 3, 1)))).shape == \
        (0, 3, 1)
    lu, piv = sl.lu_factor(Tensor(np.zeros((2, 0, 0))))
    assert lu.shape == (2, 0, 0) and piv.shape == (2, 0) and piv.dtype == ms.int32
    assert ops.cholesky_inverse(Tensor(np.zeros((0, 0)))).shape == (0, 0)
    assert ops.lstsq(Tensor(np.zeros((0, 2))), Tensor(np.zeros((0, 1)))).asnumpy().tolist() == \
        [[0.0], [0.0]]
    with pytest.raises(ValueError, match=r"cond: A must not be empty, got shape \(0, 0\)"):
        ops.cond(Tensor(np.zeros((0, 0))), 1)


def test_a_singular_matrix_gives_nan_not_an_error():
    a = Tensor(np.stack([np.ones((2, 2)), np.eye(2)]))
    x = ops.matrix_solve(a, Tensor(np.ones((2, 2, 1)))).asnumpy()
    assert np.isnan(x[0]).all() and x[1].tolist() == [[1.0], [1.0]]
    assert not np.isfinite(sl.lu_factor(Tensor(np.zeros((2, 2))))[0].asnumpy()).all()


@pytest.mark.parametrize("p", [None, 2, -2, 1, -1, "fro", "nuc", float("inf")])
def test_cond_of_a_singular_or_zero_matrix_is_inf_with_a_zero_derivative(p):
    """cond of the zero matrix was NaN for None, 2 and -2 (0/0; NumPy gives
    inf), and the derivative at a singular matrix NaN where the docstring
    promised 0."""
    batch = np.stack([np.zeros((2, 2)), [[1.0, 2.0], [2.0, 4.0]], 2 * np.eye(2)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = native(ops.cond(Tensor(batch), p))
        assert got[0] == np.inf
        np.testing.assert_allclose(got[2], np.linalg.cond(batch[2], p))
        if p not in (None, 2, -2):
            assert got[1] == np.inf
        np.testing.assert_array_equal(got, native(ms.vmap(lambda a: ops.cond(a, p))(Tensor(batch))))
        g = native(ms.grad(lambda a: ops.cond(a, p).sum())(Tensor(batch)))
        assert np.isfinite(g).all()
        np.testing.assert_array_equal(g[0], np.zeros((2, 2)))
        if p not in (None, 2, -2):
            np.testing.assert_array_equal(g[1], np.zeros((2, 2)))
        assert np.isfinite(native(ms.hessian(lambda a: ops.cond(a, p))(Tensor(batch[0])))).all()


# ---------------------------------------------------------------------------
# Argument errors

I2, I23 = Tensor(np.eye(2)), Tensor(np.ones((2, 3)))
C21 = Tensor(np.ones((2, 1)))
PIV = Tensor(np.array([1, 2], np.int32))


@pytest.mark.parametrize("call, error, message", [
    (lambda: ops.matrix_solve(I23, C21), ValueError,
     r"matrix_solve: matrix must be square \(\.\.\., n, n\), got shape \(2, 3\)"),
    (lambda: ops.matrix_solve(I2, Tensor(np.ones((3, 1)))), ValueError,
     r"matrix_solve: rhs must have 2 rows, as matrix \(\.\.\., n, n\) has"),
    (lambda: ops.matrix_solve(I2, Tensor(np.ones(2))), ValueError,
     r"matrix_solve: rhs must be a matrix or a batch of matrices, got shape \(2,\)"),
    (lambda: ops.matrix_solve(Tensor(np.ones((2, 2, 2))), Tensor(np.ones((3, 2, 1)))),
     ValueError, r"matrix_solve: the batch axes of matrix and rhs"),
    (lambda: ops.matrix_solve(Tensor(np.eye(2, dtype=np.int32)), C21), TypeError,
     r"matrix_solve: matrix must be a float32 or float64 Tensor, got dtype int32"),
    (lambda: ops.matrix_solve(Tensor(np.eye(2, dtype=np.float32)), C21), TypeError,
     r"matrix_solve: matrix and rhs must have one dtype, got float32 and float64"),
    (lambda: ops.matrix_solve(I2, C21, adjoint=1), TypeError,
     r"matrix_solve: adjoint must be a bool, got int"),
    (lambda: ops.cholesky_solve(C21, I2, upper="yes"), TypeError,
     r"cholesky_solve: upper must be a bool, got str"),
    (lambda: ops.cholesky_solve(C21, I23), ValueError,
     r"cholesky_solve: input2 must be square"),
    (lambda: ops.cholesky_solve(Tensor(np.ones((3, 1))), I2), ValueError,
     r"cholesky_solve: input must have 2 rows, as input2"),
    (lambda: ops.cholesky_inverse(Tensor(np.ones(2))), ValueError,
     r"cholesky_inverse: input_x must be a matrix or a batch of matrices"),
    (lambda: ops.cholesky_inverse(I2, upper=None), TypeError,
     r"cholesky_inverse: upper must be a bool, got NoneType"),
    (lambda: ops.lstsq(I23, Tensor(np.ones((3, 1)))), ValueError,
     r"lstsq: A must have 2 rows, as input \(m, n\) has"),
    (lambda: ops.lstsq(Tensor(np.eye(2, dtype=np.int32)), C21), TypeError,
     r"lstsq: input must be a float32 or float64 Tensor"),
    (lambda: ops.lu_solve(C21, I2, Tensor(np.array([1.0, 2.0]))), TypeError,
     r"lu_solve: LU_pivots must be an integer Tensor, got dtype float64"),
    (lambda: ops.lu_solve(C21, I2, Tensor(np.array([0, 2], np.int32))), ValueError,
     r"lu_solve: LU_pivots must hold 1-based row numbers in \[1, 2\]"),
    (lambda: ops.lu_solve(Tensor(np.ones((3, 1))), I2, PIV), ValueError,
     r"lu_solve: b must have 2 rows, as LU_data"),
    (lambda: ops.lu_unpack(I23, PIV), ValueError, r"lu_unpack: LU_data must be square"),
    (lambda: ops.lu_unpack(I2, PIV, unpack_data=0), TypeError,
     r"lu_unpack: unpack_data must be a bool, got int"),
    (lambda: sl.solve_triangular(I2, C21, trans=3), ValueError,
     r"solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C', got 3"),
    (lambda: sl.solve_triangular(I2, C21, lower=1), TypeError,
     r"solve_triangular: lower must be a bool, got int"),
    (lambda: sl.solve_triangular(I2, Tensor(np.ones(3))), ValueError,
     r"solve_triangular: b must have 2 rows"),
    (lambda: sl.cho_solve(I2, C21), TypeError,
     r"cho_solve: c_and_lower must be a pair \(c, lower\), as cho_factor returns"),
    (lambda: sl.lu_solve(I2, C21), TypeError,
     r"lu_solve: lu_and_piv must be a pair \(lu, piv\), as lu_factor returns"),
    (lambda: sl.lu_solve((I2, Tensor(np.array([0, 2], np.int32))), C21), ValueError,
     r"lu_solve: piv must hold 0-based row numbers"),
    (lambda: sl.lu_factor(I23), ValueError, r"lu_factor: a must be square"),
    (lambda: sl.lu(I2, permute_l="no"), TypeError, r"lu: permute_l must be a bool, got str"),
    (lambda: sl.lstsq(I2, C21, driver="qr"), ValueError, r"lstsq: driver must be None"),
    (lambda: sl.eigh(I2, eigvals=(0, 1)), ValueError, r"eigh: eigvals must be None"),
    (lambda: sl.lu_pivots_to_permutation(PIV, 2.0), TypeError,
     r"lu_pivots_to_permutation: permutation_size must be an int, got float"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_argument_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------------------
# The matrix exponential, norms and condition numbers

@pytest.mark.parametrize("scale", [1e-3, 0.1, 1.0, 5.0, 50.0])
def test_matrix_exp_and_its_frechet_derivative_match_a_taylor_reference(scale):
    # draws of its own, so that the matrices do not depend on which tests ran
    # before (the module's generator gave a float32 overflow at scale 50 when
    # this test ran alone)
    rng = np.random.default_rng(17)
    a, e = scale * rng.standard_normal((4, 4)), rng.standard_normal((4, 4))
    want = _expm(a)
    top = np.abs(want).max()
    got = ops.matrix_exp(Tensor(a)).asnumpy()
    # (exp of a matrix of large norm is ill-conditioned: the reference's
    # algorithm and this one differ within that)
    tol = 1e-13 if scale <= 5 else 1e-10
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * top)
    d = ms.jvp(ops.matrix_exp, (Tensor(a),), (Tensor(e),))[1].asnumpy()
    frechet = np_expm_frechet(a, e)
    np.testing.assert_allclose(d, frechet, rtol=0, atol=10 * tol * np.abs(frechet).max())
    # reverse mode: the adjoint of the Fréchet derivative is L(Aᵀ, ·)
    g = rng.standard_normal((4, 4))
    back = ms.vjp(ops.matrix_exp, Tensor(a))[1](Tensor(g))[0].asnumpy()
    np.testing.assert_allclose(back, np_expm_frechet(a.T, g),
                               rtol=0, atol=10 * tol * np.abs(back).max())
    a32 = Tensor(a.astype(np.float32))
    with np.errstate(over="ignore", invalid="ignore"):     # the overflow checked below
        got32 = ops.matrix_exp(a32)
    assert got32.dtype == ms.float32
    got32 = got32.asnumpy()
    beyond = np.abs(want) > np.finfo(np.float32).max
    if beyond.any():        # float32 overflows there, to infinities of the right signs
        assert np.isinf(got32[beyond]).all()
        np.testing.assert_array_equal(np.sign(got32[beyond]), np.sign(want[beyond]))
    else:
        np.testing.assert_allclose(got32, want, rtol=0, atol=2e-5 * top)


def test_matrix_exp_derivatives_with_squarings_in_every_mode():
    a = Tensor(2.0 * general((3, 3)))     # a 1-norm above 5.4: squarings
    check_grads(ops.matrix_exp, (a,), order=2, modes=("fwd", "rev", "hyper"))
    check_grads(ops.matrix_exp, (Tensor(native(a).astype(np.float32)),), order=2,
                modes=("fwd", "rev", "hyper"))
    jf, jr = ms.jacfwd(ops.matrix_exp)(a), ms.jacrev(ops.matrix_exp)(a)
    np.testing.assert_allclose(jf.asnumpy(), jr.asnumpy(), rtol=1e-10, atol=1e-12)


def test_matrix_exp_known_values():
    t = 0.7
    rotation = ops.matrix_exp(Tensor(np.array([[0.0, t], [-t, 0.0]]))).asnumpy()
    np.testing.assert_allclose(rotation, [[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]],
                               rtol=1e-15, atol=1e-16)
    d = np.diag([0.5, -1.0, 2.0])
    np.testing.assert_allclose(ops.matrix_exp(Tensor(d)).asnumpy(), np.diag(np.exp([0.5, -1, 2])),
                               rtol=1e-14)
    # d/dt exp(tA) at t = 1 is A·exp(A)
    a = 0.5 * general((3, 3))
    d = ms.jvp(lambda t: ops.matrix_exp(t * Tensor(a)), (Tensor(1.0, ms.float64),),
               (Tensor(1.0, ms.float64),))[1].asnumpy()
    np.testing.assert_allclose(d, a @ ops.matrix_exp(Tensor(a)).asnumpy(), rtol=1e-12)
    assert ops.matrix_exp(Tensor(np.zeros((2, 0, 0)))).shape == (2, 0, 0)


def test_vmap_of_matrix_exp_with_norms_that_differ_between_examples():
    a = general((3, 3, 3)) * np.array([0.01, 1.0, 20.0])[:, None, None]
    out = ms.vmap(ops.matrix_exp)(Tensor(a)).asnumpy()
    for i in range(3):
        want = _expm(a[i])
        np.testing.assert_allclose(out[i], want, rtol=0, atol=1e-11 * np.abs(want).max())
    g = ms.vmap(ms.grad(lambda a: ops.matrix_exp(a).sum()))(Tensor(a[:2])).asnumpy()
    for i in range(2):
        each = ms.grad(lambda a: ops.matrix_exp(a).sum())(Tensor(a[i])).asnumpy()
        np.testing.assert_allclose(g[i], each, rtol=1e-10)


MS_M = np.array([[0.4, 1.0, 0.5], [-1.0, 0.3, 0.2], [0.3, 0.4, -0.2]])
MS_X = Tensor(np.array([[1.0, -2.0, 3.0], [0.0, 4.0, -5.0]], np.float32))
INF = float("inf")


def test_vector_and_matrix_norms_as_mindspore():
    for ord, want in [(2, 7.4162), (1, 15), (0, 5), (INF, 5), (-INF, 0), (3.5, 5.78832), (-1, 0)]:
        out = ops.vector_norm(MS_X, ord)
        assert out.dtype == ms.float32 and out.shape == ()
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5)
    close(ops.vector_norm(MS_X, 2, 1, True), [[3.74165750e+00], [6.40312433e+00]], 1e-6)
    close(ops.vector_norm(MS_X, 2, (0, 1)), 7.4162, 1e-5)
    assert ops.vector_norm(MS_X, dtype=ms.float64).dtype == ms.float64
    assert ops.vector_norm(Tensor(np.array([3, 4]))).dtype == ms.float32
    close(ms.grad(ops.vector_norm)(MS_X), [[1.34839982e-01, -2.69679964e-01, 4.04519945e-01],
                                           [0.0, 5.39359927e-01, -6.74199939e-01]], 1e-6)
    m = Tensor(MS_M, ms.float32)
    for ord, want in [("fro", 1.68226), ("nuc", 2.65469), (INF, 1.9), (-INF, 0.9), (1, 1.7),
                      (-1, 0.9), (2, 1.24983), (-2, 0.327518)]:
        out = ops.matrix_norm(m, ord)
        assert out.dtype == ms.float32
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5)
    out = ops.matrix_norm(Tensor(np.stack([MS_M, 2 * MS_M])), "fro", (0, 2), True)
    assert out.shape == (1, 3, 1) and out.dtype == ms.float64
    close(out, [[[2.65518361e+00], [2.37697286e+00], [1.20415946e+00]]])
    assert ops.matrix_norm(Tensor(np.ones((2, 2), np.int32))).dtype == ms.float32
    assert ops.matrix_norm(m, dtype=ms.float64).dtype == ms.float64


def test_cond_as_mindspore():
    a = Tensor(MS_M)
    for p, want in [(None, 3.81605), ("fro", 5.53466), ("nuc", 12.6936), (INF, 7.53968),
                    (-INF, 1.20408), (1, 6.74603), (-1, 1.57143), (2, 3.81605),
                    (-2, 0.262051)]:
        out = ops.cond(a, p)
        assert out.dtype == ms.float64        # (MindSpore: float32 for None, 2, -2, 'nuc')
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5)
    close(ops.cond(Tensor(MS_M, ms.float32)), 3.81605, 1e-5)
    # MindSpore computes these gradients in float32
    np.testing.assert_allclose(ms.grad(ops.cond)(a).asnumpy(),
                               [[1.01359967e+00, 3.70181393e+00, -2.35343330e+00],
                                [2.53294089e-02, -1.36679586e+00, 1.96584379e+00],
                                [1.88911819e+00, -3.56892004e+00, 1.01375297e+01]], atol=5e-6)
    close(ms.grad(lambda a: ops.cond(a, "fro"))(a),
          [[1.87341128e-01, 3.49039311e+00, -3.08420863e+00],
           [-1.23166991e+00, -7.27602352e-01, 2.92641080e+00],
           [2.19753434e+00, -4.75635236e+00, 1.18930799e+01]])
    # A singular matrix: inf, as NumPy (MindSpore 2.10: a finite number); NaN stays NaN.
    s = np.stack([MS_M, np.ones((3, 3)), np.full((3, 3), np.nan)])
    out = ops.cond(Tensor(s), "fro").asnumpy()
    assert out[1] == np.inf and np.isnan(out[2])
    np.testing.assert_allclose(out[0], np.linalg.cond(MS_M, "fro"), rtol=1e-12)
    out = ms.vmap(lambda a: ops.cond(a, 1))(Tensor(s)).asnumpy()
    assert out[1] == np.inf and np.isnan(out[2])
    g = ms.grad(lambda a: ops.cond(a, 1).sum())(Tensor(s[:2])).asnumpy()
    np.testing.assert_allclose(g[0], ms.grad(lambda a: ops.cond(a, 1))(a).asnumpy(), rtol=1e-12)


def test_norm_and_cond_derivatives_in_every_mode():
    for fn, args in [(lambda x: ops.vector_norm(x, 3), (Y4,)),
                     (lambda a: ops.matrix_norm(a, "nuc"), (Y4,)),
                     (lambda a: ops.matrix_norm(a, 2), (A23,)),
                     (ops.cond, (A3,)), (lambda a: ops.cond(a, 1), (A23,)),
                     (lambda a: ops.cond(a, "fro"), (A3,))]:
        check_grads(fn, args, order=2, modes=("fwd", "rev", "hyper"))


@pytest.mark.parametrize("call, error, message", [
    (lambda: ops.matrix_exp(I23), ValueError, r"matrix_exp: input must be square"),
    (lambda: ops.matrix_exp(Tensor(np.ones(2))), ValueError,
     r"matrix_exp: input must be a matrix or a batch of matrices"),
    (lambda: ops.matrix_exp(Tensor(np.eye(2, dtype=np.int32))), TypeError,
     r"matrix_exp: input must be a float32 or float64 Tensor, got dtype int32"),
    (lambda: ops.vector_norm(MS_X, "fro"), ValueError, r"vector_norm: ord must be a number"),
    (lambda: ops.vector_norm(MS_X, None), TypeError,
     r"vector_norm: ord must be a number, got NoneType"),
    (lambda: ops.vector_norm(MS_X, 2, 2), ValueError, r"vector_norm: axis"),
    (lambda: ops.vector_norm(MS_X, keepdims=1), TypeError,
     r"vector_norm: keepdims must be a bool, got int"),
    (lambda: ops.matrix_norm(MS_X, 3), ValueError,
     r"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got 3"),
    (lambda: ops.matrix_norm(Tensor(np.ones(3))), ValueError,
     r"matrix_norm: A must have at least 2 dimensions, got shape \(3,\)"),
    (lambda: ops.matrix_norm(MS_X, axis=0), TypeError, r"matrix_norm: axis must be a pair"),
    (lambda: ops.matrix_norm(MS_X, axis=(1, 1)), ValueError, r"matrix_norm: axis has a repeated"),
    (lambda: ops.cond(I23, "fro"), ValueError, r"cond: A must be square"),
    (lambda: ops.cond(Tensor(np.ones(3))), ValueError, r"cond: A must be a matrix"),
    (lambda: ops.cond(Tensor(np.eye(2)), 3), ValueError, r"cond: p must be .* got 3"),
    (lambda: ops.cond(Tensor(np.eye(2)), p=True), TypeError, r"cond: p must be a number"),
    (lambda: ops.cond(Tensor(np.eye(2, dtype=np.int32))), TypeError,
     r"cond: A must be a float32 or float64 Tensor, got dtype int32"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_matrix_function_argument_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_derivative_conventions_as_jax():
    """JAX 0.10 (float64) as a second opinion: the factor's gradient in
    cho_solve lives on the triangle read, and lu_factor's derivative is that of
    the pivoted factors (the pivots constant)."""
    w = Tensor(np.arange(9.0).reshape(3, 3) / 7)
    p = Tensor(np.array([[1.0, 2.0, 0.0], [4.0, 1.0, 1.0], [2.0, 5.0, 3.0]]))
    assert sl.lu_factor(p)[1].asnumpy().tolist() == [1, 2, 2]
    close(ms.grad(lambda a: (sl.lu_factor(a)[0] * w).sum())(p),
          [[0.03174603174603176, -0.4126984126984125, 1.1428571428571426],
           [0.06371252204585537, -0.11992945326278653, -0.13492063492063497],
           [-0.14329805996472658, 0.731922398589065, 0.26984126984126994]], 1e-12)
    close(ms.grad(lambda c: sl.cho_solve((c, True), Tensor(MS_B)).sum())(Tensor(MS_L)),
          [[-0.04983544, 0.0, 0.0], [0.03697377, 0.1105746, 0.0],
           [-0.32595488, -0.02629502, -0.58860969]], 1e-6)
    close(ms.grad(lambda a: (ops.matrix_exp(a) * w).sum())(Tensor(0.3 * MS_A)),
          [[0.50976924, 0.8584968, 1.17883655], [1.83103306, 1.92498277, 1.96609139],
           [2.82900607, 2.67218376, 2.44418429]], 1e-7)


def test_lstsq_of_a_vector_is_a_column_in_ops_and_a_vector_in_scipy():
    """MindSpore 2.10: ops.lstsq(M, b) of a vector b is (n, 1) (values printed
    by MindSpore in float64); mindspore.scipy.linalg.lstsq's solution is (n,)."""
    m = Tensor(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    b = Tensor(np.array([1.0, 2.0, 3.0]))
    got = ops.lstsq(m, b)
    assert got.shape == (2, 1)
    np.testing.assert_allclose(got.asnumpy(), [[1.4444444444], [1.1111111111]], atol=1e-10)
    assert sl.lstsq(m, b)[0].shape == (2,)
    np.testing.assert_allclose(sl.lstsq(m, b)[0].asnumpy(), got.asnumpy()[:, 0], rtol=1e-15)


@pytest.mark.parametrize("call, words", [
    (lambda: ops.vector_norm(Tensor(np.array([True, False]))), r"vector_norm: x must be"),
    (lambda: ops.matrix_norm(Tensor(np.eye(2, dtype=bool))), r"matrix_norm: A must be"),
], ids=["vector_norm", "matrix_norm"])
def test_norms_of_bools_are_refused_as_mindspore(call, words):
    with pytest.raises(TypeError, match=words + r" a tensor of numbers, got dtype bool"):
        call()
