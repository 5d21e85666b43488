"""Matrix decompositions and log-determinants, composed of the engine's primitives.

``cholesky`` is the column-by-column (Cholesky-Banachiewicz) recurrence,
``qr`` a sequence of Householder reflections, and ``slogdet``/``logdet`` the
pivots of ``det``'s elimination with partial pivoting (``_linalg``), each
written with primitives (getitem, matmul, sqrt, where, concat...).  Every
mode therefore differentiates them to any order, and their derivatives are
the exact ones: d log|det A| = tr(A⁻¹ dA); for A = L Lᵀ, dL = L Φ(L⁻¹ dA L⁻ᵀ)
(Φ: the lower triangle with half its diagonal).  The choices made from values
(pivot rows, reflection signs) are constants to the derivative.

The SVD and the symmetric eigendecomposition are in ``_spectral``: primitives
calling LAPACK, whose rules (written with primitives, so also of any order)
carry the convention their derivatives need at repeated values.
"""
import numpy as np

from . import _elementwise as ew
from ._composite import _shape, per_example
from ._core import primal_value
from ._functions import cast, concat, getitem, matmul, reshape, sum_, transpose, where
from ._linalg import _determinant_factors, _float_square, _square


def _float_matrices(input, owner, name="input"):
    dtype = np.result_type(primal_value(input))
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: {name} must be float32 or float64, got {dtype}")
    return dtype


def _swap_last(x):
    nd = len(_shape(x))
    return transpose(x, list(range(nd - 2)) + [nd - 1, nd - 2])


# ---------------------------------------------------------------------------
# Cholesky

def _check_positive_definite(v, k):
    """Refuse matrices (a batch, k leading mapped axes) that are not symmetric
    positive definite, as MindSpore does."""
    scale = float(np.max(np.abs(v))) if v.size else 0.0
    # Rounding in a product such as B·Bᵀ leaves far less asymmetry than this.
    tolerance = np.sqrt(np.finfo(v.dtype).eps)
    if not np.allclose(v, np.swapaxes(v, -1, -2), rtol=tolerance, atol=tolerance * scale):
        raise ValueError("cholesky: input_x must be symmetric (positive definite)")
    try:
        np.linalg.cholesky(v)
    except np.linalg.LinAlgError:
        raise ValueError("cholesky: input_x must be positive definite") from None
    return np.zeros(())


def cholesky(input_x, upper=False):
    """The Cholesky factor of a symmetric positive-definite matrix (or of each
    in a batch): lower triangular L with A = L·Lᵀ, or with ``upper`` U = Lᵀ,
    A = Uᵀ·U.  A matrix that is not symmetric or not positive definite is
    refused.  The function computed is that of (A + Aᵀ)/2, so its derivative
    in any direction dA, symmetric or not, is that of the symmetric part (the
    gradient is symmetric, as PyTorch's).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[4.0, 2.0], [2.0, 5.0]])
    >>> ops.cholesky(A)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  0.00000000e+00],
     [ 1.00000000e+00,  2.00000000e+00]])
    >>> ms.grad(lambda A: ops.cholesky(A).sum())(A)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.87500000e-01,  1.25000000e-01],
     [ 1.25000000e-01,  2.50000000e-01]])
    """
    owner = "cholesky"
    if not isinstance(upper, (bool, np.bool_)):
        raise TypeError(f"{owner}: upper must be a bool, got {type(upper).__name__}")
    dtype = _float_matrices(input_x, owner, "input_x")
    n = _square(input_x, owner)
    if n == 0:
        return input_x
    per_example(input_x, _check_positive_definite)
    a = ew.mul(ew.add(input_x, _swap_last(input_x)), 0.5)
    batch = _shape(a)[:-2]
    columns = []
    for j in range(n):
        # Column j of L from row j down: (A[j:, j] - L[j:, :j]·L[j, :j]) / L[j, j].
        rest = getitem(a, (Ellipsis, slice(j, n), slice(j, j + 1)))
        if j:
            done = concat(columns, -1)
            rest = ew.sub(rest, matmul(getitem(done, (Ellipsis, slice(j, n), slice(None))),
                                       getitem(done, (Ellipsis, slice(j, j + 1), slice(None))),
                                       transpose_b=True))
        pivot = getitem(rest, (Ellipsis, slice(0, 1), slice(None)))
        column = ew.div(rest, ew.sqrt(pivot))
        if j:
            column = concat([np.zeros(batch + (j, 1), dtype), column], -2)
        columns.append(column)
    lower = concat(columns, -1)
    return _swap_last(lower) if upper else lower


# ---------------------------------------------------------------------------
# Log-determinants

def _sign_and_log(input, owner):
    x, n = _float_square(input, owner)
    dtype = np.result_type(primal_value(x))
    if n == 0:
        batch = _shape(x)[:-2]
        return np.ones(batch, dtype), np.zeros(batch, dtype)
    sign, pivots, unpivoted_det = _determinant_factors(x)
    log_abs = sum_(ew.log(ew.abs(pivots)), -1)
    if unpivoted_det is not None:
        # Exactly 0 for the singular matrices: log|det| = -inf and sign 0.
        log_abs = ew.add(log_abs, ew.log(ew.abs(unpivoted_det)))
        pivots = concat([pivots, reshape(unpivoted_det, _shape(unpivoted_det) + (1,))], -1)
    # The pivots' signs times the permutation's, each example's under vmap
    # (+ 0.0: a singular matrix's sign is 0, not -0).
    pivot_signs = per_example(pivots, lambda v, k: np.prod(np.sign(v), -1))
    sign = cast(ew.add(ew.mul(pivot_signs, sign), 0.0), dtype)
    return sign, log_abs


def slogdet(input):
    """(sign, log|det|) of a square matrix (or of each in a batch), from the
    pivots of elimination with partial pivoting (those of ``det``): the sign is
    ±1, or 0 with log|det| = -inf for a singular matrix.  The derivative of
    log|det A| is A⁻ᵀ, to any order.  Integers compute in float32.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.slogdet(A)
    (Tensor(shape=[], dtype=Float32, value= -1), Tensor(shape=[], dtype=Float32, value= 0.693147))
    >>> ms.grad(lambda A: ops.slogdet(A)[1])(A.astype(ms.float64))
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[-2.00000000e+00,  1.50000000e+00],
     [ 1.00000000e+00, -5.00000000e-01]])
    """
    return _sign_and_log(input, "slogdet")


def logdet(input):
    """log det of a square matrix (or of each in a batch): NaN where the
    determinant is negative (its derivative NaN too), -inf where it is 0, as
    MindSpore and PyTorch.  The derivative is A⁻ᵀ, to any order.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logdet(ms.Tensor([[[2.0, 0.0], [0.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.79175949e+00,             nan])
    """
    sign, log_abs = _sign_and_log(input, "logdet")
    # A factor, not a where: the NaN must not reach the other matrices of a
    # batch through the cotangent of an unselected branch (0 · NaN).
    factor = per_example(sign, lambda v, k: np.where(v < 0, np.nan, 1.0).astype(v.dtype))
    if isinstance(factor, np.ndarray) and not np.isnan(factor).any():
        return log_abs
    return ew.mul(log_abs, factor)


# ---------------------------------------------------------------------------
# QR

def qr(input, mode="reduced"):
    """(Q, R) with input = Q·R, Q's columns orthonormal and R upper triangular,
    for a matrix (m, n) or a batch of them: ``mode='reduced'`` gives Q (m, k)
    and R (k, n), k = min(m, n); ``'complete'`` Q (m, m) and R (m, n).

    Householder reflections, with LAPACK's sign convention (so NumPy's and
    MindSpore's factors): R[j, j] = -sign(x₀)·‖x‖ for the column x being
    reduced (sign(0) = +1), or x₀ itself, unreflected, when x is zero below its
    first element.  The signs are constants to the derivative, which is that
    of this choice of factors, to any order (it exists where input has full
    column rank in its first k columns).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> q, r = ops.qr(ms.Tensor([[3.0, 1.0], [4.0, 2.0]], ms.float64))
    >>> q
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[-6.00000000e-01, -8.00000000e-01],
     [-8.00000000e-01,  6.00000000e-01]])
    >>> r
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[-5.00000000e+00, -2.20000000e+00],
     [ 0.00000000e+00,  4.00000000e-01]])
    """
    owner = "qr"
    if mode not in ("reduced", "complete"):
        raise ValueError(f"{owner}: mode must be 'reduced' or 'complete', got {mode!r}")
    dtype = _float_matrices(input, owner)
    shape = _shape(input)
    if len(shape) < 2:
        raise ValueError(f"{owner}: input must be a matrix or a batch of them, got shape {shape}")
    batch, (m, n) = shape[:-2], shape[-2:]
    k = min(m, n)
    r = input
    q = np.broadcast_to(np.eye(m, dtype=dtype), batch + (m, m))
    for j in range(k):
        x = getitem(r, (Ellipsis, slice(j, m), slice(j, j + 1)))            # (..., m-j, 1)
        # No reflection where x is zero below its first element (LAPACK's tau = 0);
        # under vmap, each example's choice.
        skip = per_example(x, lambda v, k: ~np.any(v[..., 1:, 0] != 0, axis=-1)[..., None, None])
        sign = per_example(x, lambda v, k: np.where(v[..., :1, :] < 0, -1.0, 1.0).astype(dtype))
        norm = ew.sqrt(sum_(ew.mul(x, x), -2, True))
        first = ew.add(getitem(x, (Ellipsis, slice(0, 1), slice(None))), ew.mul(sign, norm))
        v = concat([first, getitem(x, (Ellipsis, slice(1, None), slice(None)))], -2)
        vv = sum_(ew.mul(v, v), -2, True)
        # H = I - (2 / vᵀv)·v·vᵀ; the identity where skipped (vᵀv replaced there
        # so that no 0/0 reaches a derivative).
        scale = where(skip, 0.0, ew.div(2.0, where(skip, 1.0, vv)))
        tail = getitem(r, (Ellipsis, slice(j, m), slice(None)))
        tail = ew.sub(tail, matmul(ew.mul(scale, v), matmul(v, tail, transpose_a=True)))
        r = concat([getitem(r, (Ellipsis, slice(0, j), slice(None))), tail], -2) if j else tail
        right = getitem(q, (Ellipsis, slice(None), slice(j, m)))
        right = ew.sub(right, matmul(matmul(right, v), ew.mul(scale, v), transpose_b=True))
        q = concat([getitem(q, (Ellipsis, slice(None), slice(0, j))), right], -1) if j else right
    # Below the diagonal R is 0 (the reflections leave rounding there).
    r = where(np.triu(np.ones((m, n), bool)), r, 0.0)
    if mode == "reduced":
        return getitem(q, (Ellipsis, slice(None), slice(0, k))), getitem(
            r, (Ellipsis, slice(0, k), slice(None)))
    return q, r
