"""Linear algebra with ``mindspore.scipy.linalg``'s names, signatures and return
structures, made of dualgrad's functions (every mode differentiates them):

solve_triangular, cho_factor, cho_solve, cholesky, lu_factor, lu, lu_solve,
lu_pivots_to_permutation, inv, det, eigh, block_diag, lstsq.

``overwrite_*``, ``check_finite`` and ``debug`` are accepted and ignored
(nothing is overwritten; values are not checked), as in MindSpore.
"""
import numpy as np

from .. import _composite as _c, _elementwise as ew, _decompositions as _dc, _linalg as _la, _solve as _so, \
    _spectral as _sp
from .._composite import _shape, per_example
from .._functions import matmul, reshape, sum_
from ..ops import _value_level

__all__ = ["solve_triangular", "cho_factor", "cho_solve", "cholesky", "lu_factor", "lu",
           "lu_solve", "lu_pivots_to_permutation", "inv", "det", "eigh", "block_diag", "lstsq"]


def _trans(trans, owner):
    if isinstance(trans, (bool, np.bool_)) or trans not in (0, 1, 2, "N", "T", "C"):
        raise ValueError(f"{owner}: trans must be 0, 1, 2, 'N', 'T' or 'C', got {trans!r}")
    return 0 if trans in (0, "N") else 1


def _rhs(b, n, owner, a_shape):
    """b as a matrix (a vector (n,) as (n, 1)) and whether it was a vector."""
    shape = tuple(_shape(b))
    vector = len(shape) == 1
    if vector:
        b = reshape(b, shape + (1,))
        shape = shape + (1,)
    if not shape or shape[-2] != n:
        raise ValueError(f"{owner}: b must have {n} rows, as a (..., n, n) has, got shapes "
                         f"{a_shape} and {tuple(_shape(b)) if not vector else shape[:-1]}")
    return b, vector


def _unvector(x, vector):
    return reshape(x, tuple(_shape(x))[:-1]) if vector else x


def _solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                      debug=None, check_finite=True):
    """X with op(a)·X = b for a triangular (only its ``lower`` or upper triangle
    is read; with ``unit_diagonal``, not its diagonal either, taken as ones) and
    op = identity (trans 0, 'N') or transpose (1, 'T', 2, 'C'); b (..., n, k)
    or (n,).  The derivative in the unread elements of a is 0.

    >>> import dualgrad as ms
    >>> from dualgrad.scipy.linalg import solve_triangular
    >>> solve_triangular(ms.Tensor([[2.0, 0.0], [1.0, 1.0]], ms.float64),
    ...                  ms.Tensor([2.0, 3.0], ms.float64), lower=True)
    Tensor(shape=[2], dtype=Float64, value= [ 1.00000000e+00,  2.00000000e+00])
    """
    owner = "solve_triangular"
    trans = _trans(trans, owner)
    lower = _sp._bool(lower, owner, "lower")
    unit_diagonal = _sp._bool(unit_diagonal, owner, "unit_diagonal")
    _so._same_dtype(owner, (a, "a"), (b, "b"))
    sa = _so._matrix(a, owner, "a", square=True)
    b, vector = _rhs(b, sa[-1], owner, sa)
    t = _so._triangle(a, lower, unit_diagonal)
    if trans:
        t = _sp._swap(t)
    return _unvector(_so.solve(t, b), vector)


def _cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """The Cholesky factor of a symmetric positive-definite a: upper U
    (a = Uᵀ·U), or lower L with ``lower`` (ops.cholesky's, which refuses a
    matrix that is not symmetric positive definite)."""
    lower = _sp._bool(lower, "cholesky", "lower")
    return _dc.cholesky(a, upper=not lower)


def _cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """(c, lower): the Cholesky factor of a (upper unless ``lower``), with zeros
    in its other triangle (as MindSpore's; SciPy leaves what was there), for
    ``cho_solve``."""
    lower = _sp._bool(lower, "cho_factor", "lower")
    return _dc.cholesky(a, upper=not lower), lower


def _cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """X with A·X = b from ``cho_factor``'s (c, lower); b (..., n, k) or (n,).
    Only c's triangle is read."""
    owner = "cho_solve"
    if not isinstance(c_and_lower, (tuple, list)) or len(c_and_lower) != 2:
        raise TypeError(f"{owner}: c_and_lower must be a pair (c, lower), as cho_factor "
                        "returns")
    c, lower = c_and_lower
    lower = _sp._bool(lower, owner, "lower")
    _so._same_dtype(owner, (c, "c"), (b, "b"))
    sc = _so._matrix(c, owner, "c", square=True)
    b, vector = _rhs(b, sc[-1], owner, sc)
    return _unvector(_so.cholesky_solve(b, c, upper=not lower), vector)


def _lu_factor(a, overwrite_a=False, check_finite=True):
    """(lu, piv): the packed factors of partial pivoting, a = P·L·U (L's unit
    diagonal not stored), and LAPACK's row interchanges, 0-based int32 (row i
    was swapped with row piv[i]).  The pivots are chosen from the values
    (constants to the derivative); lu's derivative is exact to any order.
    Integers compute in float64 (as MindSpore's float promotion).

    >>> import dualgrad as ms
    >>> from dualgrad.scipy.linalg import lu_factor
    >>> lu, piv = lu_factor(ms.Tensor([[1.0, 2.0], [4.0, 2.0]], ms.float64))
    >>> piv
    Tensor(shape=[2], dtype=Int32, value= [1, 1])
    """
    a = _sp._matrices(a, "lu_factor", "a", np.float64)
    return _so.lu_factor(a)


def _lu(a, permute_l=False, overwrite_a=False, check_finite=True):
    """(p, l, u) with a = p·l·u (p an int32 permutation matrix, as MindSpore's),
    or (p·l, u) with ``permute_l`` (MindSpore 2.10 raises a TypeError there)."""
    permute_l = _sp._bool(permute_l, "lu", "permute_l")
    a = _sp._matrices(a, "lu", "a", np.float64)
    lu, piv = _so.lu_factor(a, "lu")
    n = _shape(lu)[-1]
    rows = per_example(piv, lambda v, k: _so._rows_from_pivots(v, n))
    p = per_example(rows, lambda v, k: np.swapaxes(np.eye(n, dtype=np.int32)[v], -1, -2))
    lower, upper = _so.lu_unpack_factors(lu)
    if permute_l:
        return matmul(p.astype(_sp._dtype(lu)) if isinstance(p, np.ndarray) else
                      _c.cast(p, _sp._dtype(lu)), lower), upper
    return p, lower, upper


def _lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """X with a·X = b (trans 0) or aᵀ·X = b (trans 1 or 2) from ``lu_factor``'s
    (lu, piv); b (..., n, k) or (n,)."""
    owner = "lu_solve"
    if not isinstance(lu_and_piv, (tuple, list)) or len(lu_and_piv) != 2:
        raise TypeError(f"{owner}: lu_and_piv must be a pair (lu, piv), as lu_factor "
                        "returns")
    lu, piv = lu_and_piv
    trans = _trans(trans, owner)
    _so._same_dtype(owner, (lu, "lu"), (b, "b"))
    sl = _so._matrix(lu, owner, "lu", square=True)
    pv = np.asarray(_so.primal_value(piv))
    if pv.dtype.kind not in "iu":
        raise TypeError(f"{owner}: piv must be an integer Tensor, got dtype {pv.dtype}")
    if pv.shape[-1:] != (sl[-1],) or (pv.size and (pv.min() < 0 or pv.max() >= sl[-1])):
        raise ValueError(f"{owner}: piv must hold 0-based row numbers, shape (..., {sl[-1]})")
    b, vector = _rhs(b, sl[-1], owner, sl)
    return _unvector(_so.lu_solve_factors(b, lu, piv, trans), vector)


def _lu_pivots_to_permutation(pivots, permutation_size):
    """The row order (int32) made by LAPACK's 0-based interchanges ``pivots``:
    row k of P·a is a[perm[k]]."""
    owner = "lu_pivots_to_permutation"
    if isinstance(permutation_size, (bool, np.bool_)) or not isinstance(
            permutation_size, (int, np.integer)):
        raise TypeError(f"{owner}: permutation_size must be an int, got "
                        f"{type(permutation_size).__name__}")
    v = np.asarray(_so.primal_value(pivots))
    if v.dtype.kind not in "iu":
        raise TypeError(f"{owner}: pivots must be an integer Tensor, got dtype {v.dtype}")
    if v.shape[-1] > permutation_size or (v.size and v.max() >= permutation_size):
        raise ValueError(f"{owner}: pivots must be row numbers below permutation_size "
                         f"{permutation_size}")
    return per_example(pivots, lambda x, k: _so._rows_from_pivots(x, int(permutation_size))
                       .astype(np.int32))


def _inv(a, overwrite_a=False, check_finite=True):
    """The inverse of a square matrix (or of each in a batch): ops.inverse."""
    _sp._matrices(a, "inv", "a", np.float64)
    return _la.inverse(a)


def _det(a, overwrite_a=False, check_finite=True):
    """The determinant of a square matrix (or of each in a batch): ops.det."""
    _sp._matrices(a, "det", "a", np.float64)
    return _la.det(a)


def _eigh(a, b=None, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False,
          turbo=True, eigvals=None, type=1, check_finite=True):
    """ops.eigh: (w, v) of a symmetric matrix read from one triangle (MindSpore
    refuses b, eigvals and type other than their defaults; so does dualgrad)."""
    if eigvals is not None:
        raise ValueError("eigh: eigvals must be None (a subset of eigenvalues is not "
                         "supported, as in MindSpore)")
    if type != 1:
        raise ValueError(f"eigh: type must be 1, got {type!r}")
    return _sp.eigh(a, b, lower, eigvals_only)


def _lstsq(A, B, rcond=None, driver=None):
    """(solution, residual, rank, singular_value) for min ‖A·X − B‖, as
    MindSpore's: A (..., M, N), B (..., M, K) or (M,).  What LAPACK's driver
    computes besides the solution is returned, the rest empty: the residuals
    (squared column norms of A·X − B, (..., K)) for 'gels', 'gelss' and 'gelsd'
    when M > N; the rank (int64) for 'gelsy' (the default), 'gelss', 'gelsd';
    the singular values for 'gelss' and 'gelsd'.  The solution is the
    pseudo-inverse's, its derivative that of constant rank; the residual and
    singular values are differentiable too."""
    owner = "lstsq"
    if driver not in (None, "gels", "gelsy", "gelss", "gelsd"):
        raise ValueError(f"{owner}: driver must be None, 'gels', 'gelsy', 'gelss' or 'gelsd', "
                         f"got {driver!r}")
    if rcond is not None:
        raise ValueError(f"{owner}: rcond must be None (not implemented, as in MindSpore)")
    driver = driver or "gelsy"
    x = _so.least_squares(A, B, owner)
    sa = tuple(_shape(A))
    m, n = sa[-2:]
    dtype = _sp._dtype(A)
    empty = np.zeros((0,), dtype)
    residual = rank = singular = empty
    if driver != "gelsy" and m > n:
        vector = len(_shape(B)) == 1
        diff = matmul(A, reshape(x, tuple(_shape(x)) + (1,)) if vector else x)
        diff = ew.sub(diff, reshape(B, tuple(_shape(B)) + (1,)) if vector else B)
        residual = sum_(ew.mul(diff, diff), -2)
        if vector:
            residual = reshape(residual, tuple(_shape(residual))[:-1])
    if driver != "gels":
        s = _sp.singular_values(A)
        rank = per_example(s, lambda v, k: np.sum(
            v > v[..., :1] * max(m, n) * np.finfo(dtype).eps, -1).astype(np.int64))
        if driver in ("gelss", "gelsd"):
            singular = s
    else:
        rank = np.zeros((0,), np.int64)
    return x, residual, rank, singular


solve_triangular = _value_level(_solve_triangular, "solve_triangular")
cholesky = _value_level(_cholesky, "cholesky")
cho_factor = _value_level(_cho_factor, "cho_factor")
cho_solve = _value_level(_cho_solve, "cho_solve")
lu_factor = _value_level(_lu_factor, "lu_factor")
lu = _value_level(_lu, "lu")
lu_solve = _value_level(_lu_solve, "lu_solve")
lu_pivots_to_permutation = _value_level(_lu_pivots_to_permutation, "lu_pivots_to_permutation")
inv = _value_level(_inv, "inv")
det = _value_level(_det, "det")
eigh = _value_level(_eigh, "eigh")


def _block_diag(*arrs):
    """The block-diagonal matrix of the arrays (ops.block_diag)."""
    return _c.block_diag(*arrs)


block_diag = _value_level(_block_diag, "block_diag")
lstsq = _value_level(_lstsq, "lstsq")
