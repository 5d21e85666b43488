"""Determinants of singular matrices (det in dualgrad/_linalg.py; slogdet and
logdet in dualgrad/_decompositions.py).

det is a polynomial in the matrix's entries, so it has derivatives of every
order everywhere, singular matrices included: the gradient is the adjugate's
transpose, the Hessian the second-order cofactors.  Elimination divides by its
pivots; where it finds none left the matrix is singular and the block left is
exactly zero, whose determinant is computed without division.  Checked here:

- value, gradient and Hessian of small integer matrices of every rank against
  exact rational arithmetic (the Leibniz expansion over Fractions), in every
  mode that computes them;
- derivatives of every order along a line, det(A + tE), against the exact
  coefficients of that polynomial, forward (nested Duals) and reverse (nested
  tapes);
- vmap of a batch that mixes ranks against a loop, and slogdet/logdet, which
  give sign 0 and log|det| = -inf for these matrices.
"""
import itertools
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.testing import check_grads


def native(t):
    return np.asarray(t.asnumpy() if isinstance(t, Tensor) else t)


# ---------------------------------------------------------------------------
# Exact references: the Leibniz expansion over Fractions

def permutation_sign(perm):
    sign, seen = 1, list(perm)
    for i in range(len(seen)):
        while seen[i] != i:
            j = seen[i]
            seen[i], seen[j] = seen[j], seen[i]
            sign = -sign
    return sign


def exact_derivatives(a):
    """(det a, its gradient, its Hessian (n, n, n, n)) as Fractions, from
    det a = Σ_σ sgn σ Π_r a[r, σ(r)] differentiated term by term."""
    n = len(a)
    a = [[Fraction(v) for v in row] for row in a]      # exact for ints and floats
    value = Fraction(0)
    gradient = np.full((n, n), Fraction(0), dtype=object)
    hessian = np.full((n, n, n, n), Fraction(0), dtype=object)
    for perm in itertools.permutations(range(n)):
        sign = permutation_sign(perm)
        factors = [a[r][perm[r]] for r in range(n)]
        value += sign * math.prod(factors)
        for r in range(n):
            gradient[r, perm[r]] += sign * math.prod(factors[:r] + factors[r + 1:])
            for s in range(n):
                if s != r:
                    others = [f for q, f in enumerate(factors) if q not in (r, s)]
                    hessian[r, perm[r], s, perm[s]] += sign * math.prod(others)
    return value, gradient, hessian


def as_float(x):
    return np.asarray(x, dtype=np.float64) if isinstance(x, np.ndarray) else float(x)


SINGULAR = {
    "zero 1x1": [[0]],
    "zero 3x3": [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
    "rank 1, zero first column": [[0, 1], [0, 1]],
    "rank 1": [[1, 2], [2, 4]],
    "rank 1, 3x3": [[1, 2, 3], [2, 4, 6], [-1, -2, -3]],
    "rank 2, zero pivot in the middle": [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 2],
                                         [0, 0, 3, 4]],
    "rank 2, 4x4": [[1, 0, 2, 0], [0, 0, 0, 0], [2, 0, 4, 1], [0, 0, 0, 0]],
    "rank 0 corner, 4x4": [[2, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
}


@pytest.mark.parametrize("name", SINGULAR)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_value_gradient_and_hessian_are_exact(name, dtype):
    a = np.array(SINGULAR[name], dtype)
    value, gradient, hessian = (as_float(v) for v in exact_derivatives(SINGULAR[name]))
    x = Tensor(a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no 0/0 inside
        got = native(ops.det(x))
        assert got == value == 0.0 and not np.signbit(got)
        assert ops.det(x).dtype == (ms.float64 if dtype == np.float64 else ms.float32)
        tolerance = 1e-13 if dtype == np.float64 else 1e-6
        np.testing.assert_allclose(native(ms.grad(ops.det)(x)), gradient, rtol=tolerance,
                                   atol=tolerance)
        n = a.shape[0]
        if dtype == np.float64:
            # forward over reverse, reverse over reverse, forward over forward
            for name, h in [("hessian", ms.hessian(ops.det)(x)),
                            ("jacrev(grad)", ms.jacrev(ms.grad(ops.det))(x)),
                            ("jacfwd(jacfwd)", ms.jacfwd(ms.jacfwd(ops.det))(x))]:
                np.testing.assert_allclose(native(h).reshape(n, n, n, n), hessian, atol=1e-12,
                                           err_msg=name)


@pytest.mark.parametrize("name", ["rank 1", "rank 1, zero first column",
                                  "rank 2, zero pivot in the middle", "zero 3x3"])
def test_every_mode_agrees_with_finite_differences(name):
    x = Tensor(np.array(SINGULAR[name], np.float64))
    check_grads(ops.det, (x,), order=2, modes=("fwd", "rev", "hyper"))


def line_coefficients(a, e):
    """The exact coefficients c_0..c_n of det(a + t e) = Σ c_j t^j, by Lagrange
    interpolation of exact determinants at t = 0..n."""
    n = len(a)
    points = list(range(n + 1))
    values = [exact_derivatives([[a[i][j] + t * e[i][j] for j in range(n)]
                                 for i in range(n)])[0] for t in points]
    coefficients = [Fraction(0)] * (n + 1)
    for k, tk in enumerate(points):
        basis = [Fraction(1)]                     # Π_{m≠k} (t - t_m) / (t_k - t_m)
        for m, tm in enumerate(points):
            if m != k:
                basis = [Fraction(0)] + basis     # times t
                for i in range(len(basis) - 1):
                    basis[i] -= tm * basis[i + 1]
                basis = [b / (tk - tm) for b in basis]
        coefficients = [c + values[k] * b for c, b in zip(coefficients, basis)]
    return coefficients


@pytest.mark.parametrize("name", ["zero 3x3", "rank 1, 3x3", "rank 2, zero pivot in the middle",
                                  "rank 0 corner, 4x4"])
def test_derivatives_of_every_order_along_a_line(name):
    """det(A + tE) at t = 0: its j-th derivative is j!·c_j, and for a zero block
    of size d the first d - 1 of them vanish while the d-th does not."""
    a = SINGULAR[name]
    n = len(a)
    e = np.random.default_rng(n).integers(-3, 4, (n, n))
    coefficients = [float(c) for c in line_coefficients(a, e.tolist())]

    def along(t):
        return ops.det(Tensor(np.array(a, np.float64)) + t * Tensor(e.astype(np.float64)))

    t0 = Tensor(np.float64(0.0))
    reverse = along
    for order in range(1, n + 1):
        want = math.factorial(order) * coefficients[order]
        _, forward = ops.derivative(along, t0, order)
        reverse = ms.grad(reverse)
        assert native(forward) == pytest.approx(want, abs=1e-10), f"forward, order {order}"
        assert native(reverse(t0)) == pytest.approx(want, abs=1e-10), f"reverse, order {order}"
    assert native(along(t0)) == coefficients[0] == 0.0


def small_integer_matrices():
    """Square integer matrices of size 1-4 that are often singular: products
    B·C of an n×r and an r×n matrix, whose rank is at most r."""
    @st.composite
    def build(draw):
        n = draw(st.integers(1, 4))
        r = draw(st.integers(0, n))
        entries = st.integers(-2, 2)
        b = np.array(draw(st.lists(entries, min_size=n * r, max_size=n * r)), np.int64)
        c = np.array(draw(st.lists(entries, min_size=n * r, max_size=n * r)), np.int64)
        return b.reshape(n, r) @ c.reshape(r, n)
    return build()


@settings(max_examples=80, deadline=None)
@given(small_integer_matrices(), st.sampled_from([np.float64, np.float32]))
def test_low_rank_integer_matrices(a, dtype):
    """Exact where float64 holds the answer; in float32 close, and never the
    NaN of a division by a zero pivot (the pivoting runs the elimination's
    own float32 arithmetic to find them)."""
    value, gradient, hessian = (as_float(v) for v in exact_derivatives(a.tolist()))
    x = Tensor(a.astype(dtype))
    scale = float(np.abs(a).max(initial=0) + 1) ** len(a)
    tolerance = (1e-12 if dtype == np.float64 else 1e-5) * scale
    got = native(ops.det(x))
    assert np.isfinite(got) and abs(got - value) <= tolerance
    np.testing.assert_allclose(native(ms.grad(ops.det)(x)), gradient, rtol=0, atol=tolerance)
    n = len(a)
    np.testing.assert_allclose(native(ms.hessian(ops.det)(x)).reshape(n, n, n, n), hessian,
                               rtol=0, atol=tolerance)


def test_vmap_of_a_batch_of_every_rank_is_a_loop():
    batch = np.array([SINGULAR["zero 3x3"], SINGULAR["rank 1, 3x3"],
                      [[1, 2, 0], [3, 4, 0], [5, 6, 0]],            # rank 2, zero column
                      [[2, 1, 0], [1, 3, 1], [0, 1, 4]]], np.float64)
    x = Tensor(batch)
    loop = [Tensor(a) for a in batch]
    np.testing.assert_array_equal(native(ms.vmap(ops.det)(x)), [native(ops.det(a)) for a in loop])
    np.testing.assert_allclose(native(ms.vmap(ms.grad(ops.det))(x)),
                               [native(ms.grad(ops.det)(a)) for a in loop], atol=1e-13)
    np.testing.assert_allclose(native(ms.vmap(ms.hessian(ops.det))(x)),
                               [native(ms.hessian(ops.det)(a)) for a in loop], atol=1e-13)
    # the batched form (no vmap) gives the same
    np.testing.assert_array_equal(native(ops.det(x)), [native(ops.det(a)) for a in loop])
    np.testing.assert_allclose(native(ms.hessian(lambda m: ops.det(m).sum())(x)).reshape(
        4, 9, 4, 9)[np.arange(4), :, np.arange(4)],
        [native(ms.hessian(ops.det)(a)).reshape(9, 9) for a in loop], atol=1e-13)


@pytest.mark.parametrize("name", ["zero 3x3", "rank 1", "rank 1, zero first column",
                                  "rank 2, zero pivot in the middle"])
def test_slogdet_and_logdet_of_a_singular_matrix(name):
    x = Tensor(np.array(SINGULAR[name], np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # log(0)
        sign, log_abs = ops.slogdet(x)
        assert native(sign) == 0.0 and not np.signbit(native(sign))
        assert native(log_abs) == -np.inf and native(ops.logdet(x)) == -np.inf
        batch = Tensor(np.stack([np.array(SINGULAR[name], np.float64), np.eye(len(x)) * 2]))
        sign, log_abs = ms.vmap(ops.slogdet)(batch)
    assert native(sign).tolist() == [0.0, 1.0]
    assert native(log_abs).tolist() == [-np.inf, pytest.approx(len(x) * np.log(2.0))]


def test_an_invertible_matrix_after_a_singular_one_in_a_batch_keeps_its_derivatives():
    """The steps that find no pivot leave their matrix alone: the invertible
    matrices of the batch are eliminated as they would be on their own."""
    good = np.array([[0.3, 2.0, 0.1], [1.5, 0.3, -0.4], [0.2, 0.1, 1.2]])
    batch = Tensor(np.stack([np.zeros((3, 3)), good]))
    grads = native(ms.grad(lambda m: ops.det(m).sum())(batch))
    np.testing.assert_allclose(grads[1], np.linalg.det(good) * np.linalg.inv(good).T,
                               rtol=1e-13)
    np.testing.assert_array_equal(grads[0], np.zeros((3, 3)))


@pytest.mark.parametrize("a", [np.diag([1e-20, 1.0]), np.diag([1.0, 1e-20]),
                               np.array([[1e-20, 2e-20, 0.0], [0.0, 1.0, 3.0], [1.0, 0.0, 1.0]]),
                               np.diag([1e-20, 1e-20, 1.0])],
                         ids=["small first", "small last", "small row", "two small"])
def test_invertible_matrices_with_pivots_below_rounding_size(a):
    """Pivots far below max|A| but above the rounding of their own place are
    pivots for det (exact for these); inverse keeps partial pivoting and
    divides by them."""
    x = Tensor(a)
    np.testing.assert_allclose(native(ops.det(x)), np.linalg.det(a), rtol=1e-14)
    np.testing.assert_allclose(native(ms.grad(ops.det)(x)), np.linalg.det(a) * np.linalg.inv(a).T,
                               rtol=1e-13)
    np.testing.assert_allclose(native(ops.inverse(x)), np.linalg.inv(a), rtol=1e-14)


@pytest.mark.parametrize("coupled", [False, True])
def test_a_well_scaled_block_beside_a_large_entry_is_eliminated(coupled):
    """The rounding bound of a pivot is that of its own place (|L|·|U|), not
    n·ε·max|A|: relative to the 1e20, all of hilbert(6) counted as rounding
    and its determinant came from the division-free recurrence, 2.9 times
    too large with the opposite sign."""
    d = 6
    h = 1 / (np.arange(d)[:, None] + np.arange(d) + 1.0)
    a = np.zeros((d + 1, d + 1))
    a[0, 0], a[1:, 1:] = 1e20, h
    if coupled:
        a[0, 1:] = 1e20 * np.linspace(-1.0, 1.0, d)
    x = Tensor(a)
    want = 1e20 * np.linalg.det(h)
    np.testing.assert_allclose(native(ops.det(x)), want, rtol=1e-8)
    np.testing.assert_allclose(native(ops.slogdet(x)[1]), np.log(want), atol=1e-8)
    np.testing.assert_allclose(native(ms.grad(ops.det)(x)), want * np.linalg.inv(a).T,
                               rtol=1e-6, atol=1e-6 * abs(want) * np.abs(np.linalg.inv(a)).max())


@pytest.mark.parametrize("a", [np.diag([1e30, 1e-30, 1.0]), np.diag([1e25, 1.0, 1e-25, 3.0]),
                               np.array([[1e30, 0.0, 0.0], [0.0, 1e-30, 1e-31],
                                         [0.0, 2.0, 1.0]])],
                         ids=["diagonal", "four", "coupled"])
def test_a_block_left_whose_entries_span_more_than_rounding(a):
    """det diag(1e30, 1e-30, 1) was 0.5: relative to max|A| the pivots 1e-30
    and 1 counted as rounding, and the division-free recurrence on the block
    they left, unscaled, cancelled 1e-30 against 1.  (Pivots are now judged
    against the rounding of their own place, and a block left is scaled.)"""
    for fn in (lambda x: ms.vmap(ops.det)(x[None])[0], ops.det):
        x = Tensor(a)
        want = np.linalg.det(a)
        np.testing.assert_allclose(native(fn(x)), want, rtol=1e-13)
        np.testing.assert_allclose(native(ms.grad(fn)(x)), want * np.linalg.inv(a).T, rtol=1e-12)
        h = native(ms.hessian(fn)(x))
        np.testing.assert_allclose(h, native(ms.jacfwd(ms.jacrev(fn))(x)), rtol=1e-12)
        sign, log_abs = ops.slogdet(x)
        assert native(sign) == np.sign(want)
        np.testing.assert_allclose(native(log_abs), np.log(abs(want)), atol=1e-13)
        np.testing.assert_allclose(native(ms.grad(lambda x: ops.slogdet(x)[1])(x)),
                                   np.linalg.inv(a).T, rtol=1e-12)


@pytest.mark.parametrize("fn", [ops.det, ops.inverse, ops.slogdet, ops.logdet],
                         ids=["det", "inverse", "slogdet", "logdet"])
@pytest.mark.parametrize("value, words", [(None, "NoneType"), ("abc", "str"),
                                          (Tensor(np.eye(2, dtype=bool)), "dtype bool")])
def test_what_is_not_a_matrix_of_numbers_is_a_type_error(fn, value, words):
    with pytest.raises(TypeError, match=rf"{fn.__name__}: input must be a Tensor of real "
                                        rf"numbers .*, got {words}"):
        fn(value)


def test_hessian_at_a_rank_one_float_matrix_is_exact():
    """A block of rounding-sized entries goes to the division-free determinant
    unscaled: scaling its rows by powers of two (1e-17 rows up to 1) made the
    recurrence's terms cancel badly, and the Hessian was off by 0.15 here."""
    a = np.array([[0.7438568063838492, 0.3667494474518424, -0.44117052038365806],
                  [0.2991631454889415, 0.14749870857457364, -0.17742925713966276],
                  [-1.179821044830507, -0.5816962519804654, 0.6997344916931141]])
    hessian = as_float(exact_derivatives(a.tolist())[2])
    got = native(ms.hessian(ops.det)(Tensor(a))).reshape(3, 3, 3, 3)
    np.testing.assert_allclose(got, hessian, rtol=0, atol=1e-13)
