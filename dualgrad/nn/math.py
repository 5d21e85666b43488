"""Mathematical cells of MindSpore 2.10's ``nn`` (its nn/layer/math.py):
ReduceLogSumExp, LGamma, DiGamma, IGamma, LBeta, MatDet, MatInverse, and the
deprecated Moments, MatMul and Range, each
composed of the engine's functions, so every derivative mode differentiates
them.

MindSpore takes float16 and float32 inputs here; float64 is taken too, and
integer inputs are refused, as there.
"""
import numpy as np

from .. import _composite as C, _elementwise as ew, _functions as F, ops
from .._core import primal_value, shape_of
from .._decompositions import cholesky
from .._linalg import diagonal
from .._normalization import floating_input
from .._solve import cholesky_inverse
from .._structural import _normalize_axes, constant, mean as _mean, squeeze as _squeeze
from .._tensor import wrap
from ..ops import _logsumexp
from .cell import Cell

__all__ = ["ReduceLogSumExp", "LGamma", "DiGamma", "IGamma", "LBeta", "MatDet", "MatInverse",
           "Moments", "MatMul", "Range"]


def _float_input(cell, x, name):
    """The engine value of ``cell``'s input ``name``, which must hold floats
    (MindSpore refuses integer tensors here)."""
    return floating_input(cell._input_value(x, name), type(cell).__name__, name)


def _same_float_dtypes(cell, first, second, names):
    """The engine values of ``cell``'s two float inputs ``names``, of one dtype
    and broadcastable shapes."""
    owner = type(cell).__name__
    v1, v2 = _float_input(cell, first, names[0]), _float_input(cell, second, names[1])
    dtypes = [np.asarray(primal_value(v)).dtype for v in (v1, v2)]
    if dtypes[0] != dtypes[1]:
        raise TypeError(f"{owner}: {names[1]} must have {names[0]}'s dtype {dtypes[0]}, got "
                        f"{dtypes[1]}")
    shapes = tuple(shape_of(v1)), tuple(shape_of(v2))
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"{owner}: {names[0]} and {names[1]} must broadcast together, got "
                         f"shapes {shapes[0]} and {shapes[1]}") from None
    return v1, v2


class ReduceLogSumExp(Cell):
    """log(sum(exp(x))) over ``axis`` (an int, or a tuple or list of ints; ``()``
    reduces every axis), the reduced axes kept with length 1 when
    ``keep_dims``.  Each slice is shifted by its own maximum, so rows far
    below the others keep their value (MindSpore shifts by the maximum of the
    whole input, under which such rows underflow to -inf).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReduceLogSumExp(1, keep_dims=True)(ms.Tensor(np.zeros((3, 4, 5)))).shape
    (3, 1, 5)
    >>> nn.ReduceLogSumExp(())(ms.Tensor([[0.0, 0.0], [0.0, 0.0]]))
    Tensor(shape=[], dtype=Float32, value= 1.38629)
    """

    def __init__(self, axis, keep_dims=False):
        super().__init__()
        owner = "ReduceLogSumExp"
        items = axis if isinstance(axis, (tuple, list)) else (axis,)
        if not isinstance(axis, (int, np.integer, tuple, list)) or isinstance(axis, bool) or any(
                isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in items):
            raise TypeError(f"{owner}: axis must be an int or a tuple or list of ints, got "
                            f"{axis!r}")
        if not isinstance(keep_dims, bool):
            raise TypeError(f"{owner}: keep_dims must be a bool, got {type(keep_dims).__name__}")
        self.axis = tuple(int(a) for a in axis) if isinstance(axis, (tuple, list)) else int(axis)
        self.keep_dims = keep_dims

    def construct(self, x):
        v = _float_input(self, x, "x")
        ndim = len(shape_of(v))
        axes = (tuple(range(ndim)) if self.axis == ()
                else _normalize_axes(self.axis, ndim, "ReduceLogSumExp: axis"))
        if not axes:                                  # (a 0-d input: log(exp(x)) = x)
            return wrap(v)
        return wrap(_logsumexp(v, axes, self.keep_dims))

    def extend_repr(self):
        return f"axis={self.axis}, keep_dims={self.keep_dims}"


class LGamma(Cell):
    """log|Γ(x)| elementwise: log Γ(x) for x > 0, the real part of the complex
    log Γ(x) for negative non-integers, +inf at 0, the negative integers and
    ±inf, as MindSpore's (which approximates it by Lanczos' series; this is
    ``ops.lgamma``, exact to rounding, its derivative digamma).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LGamma()(ms.Tensor([2.0, 3.0, 4.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  6.93147182e-01,  1.79175949e+00])
    """

    def construct(self, x):
        return wrap(ew.lgamma(_float_input(self, x, "x")))


class DiGamma(Cell):
    """The digamma function ψ(x) = Γ'(x)/Γ(x) elementwise: NaN at the negative
    integers and -inf, -inf at 0, as MindSpore's (which approximates it by
    Lanczos' series; this is ``ops.digamma``, its derivative the trigamma
    function).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.DiGamma()(ms.Tensor([2.0, 3.0, 4.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 4.22784328e-01,  9.22784328e-01,  1.25611770e+00])
    """

    def construct(self, x):
        return wrap(ew.digamma(_float_input(self, x, "x")))


# The asymptotic correction log Γ(x) - ((x - 1/2) log x - x + log(2π)/2) of
# Stirling's series for x >= 8, as a polynomial in 1/x² times 1/x (the minimax
# coefficients of DiDonato and Morris' BCORR, TOMS 708), highest power first.
_STIRLING_CORRECTION = (-0.165322962780713e-02, 0.837308034031215e-03, -0.595202931351870e-03,
                        0.793650666825390e-03, -0.277777777760991e-02, 0.833333333333333e-01)
_LARGE = 8.0                    # where the correction is exact to float64 rounding
_HALF_LOG_TWO_PI = float(0.5 * np.log(2 * np.pi))      # (a float: float32 stays float32)


def _stirling_correction(x):
    inverse_square = ew.reciprocal(ew.mul(x, x))
    accumulated = _STIRLING_CORRECTION[0]
    for coefficient in _STIRLING_CORRECTION[1:]:
        accumulated = ew.add(ew.mul(accumulated, inverse_square), coefficient)
    return ew.div(accumulated, x)


def _log_beta(x, y):
    """log|B(x, y)| = lgamma(x) + lgamma(y) - lgamma(x + y), with Stirling's
    large terms cancelled analytically where an argument is 8 or more (the
    difference of lgammas loses the digits of the small result there)."""
    dtype = np.result_type(primal_value(x), primal_value(y))
    shape = np.broadcast_shapes(tuple(shape_of(x)), tuple(shape_of(y)))
    x, y = F.broadcast_to(F.cast(x, dtype), shape), F.broadcast_to(F.cast(y, dtype), shape)
    x_is_smaller = constant(x) < constant(y)
    small, big = F.where(x_is_smaller, x, y), F.where(x_is_smaller, y, x)
    both_small = constant(big) < _LARGE
    small_is_small = constant(small) < _LARGE
    # Each formula runs on arguments where it is finite (8 elsewhere), so that
    # the branch not taken sends no NaN into the derivatives of the one taken.
    big_safe = F.where(both_small, _LARGE, big)
    small_safe = F.where(small_is_small, _LARGE, small)
    small_of_big = F.where(both_small, 1.0, small)
    sum_small = ew.add(small, big)
    direct = ew.sub(ew.add(ew.lgamma(small), ew.lgamma(big)), ew.lgamma(sum_small))
    # lgamma(big) - lgamma(small + big), big >= 8: Stirling's terms cancelled
    ratio = ew.div(small_of_big, big_safe)
    sum_big = ew.add(small_of_big, big_safe)
    difference_big = ew.add(
        ew.sub(_stirling_correction(big_safe), _stirling_correction(sum_big)),
        ew.sub(ew.sub(small_of_big, ew.mul(ew.sub(sum_big, 0.5), ew.log1p(ratio))),
               ew.mul(small_of_big, ew.log(big_safe))))
    one_large_value = ew.add(ew.lgamma(small_of_big), difference_big)
    # both >= 8
    sum_both = ew.add(small_safe, big_safe)
    corrections = ew.sub(ew.add(_stirling_correction(small_safe), _stirling_correction(big_safe)),
                         _stirling_correction(sum_both))
    two_large_value = ew.add(
        ew.add(ew.sub(_HALF_LOG_TWO_PI, ew.mul(0.5, ew.log(big_safe))), corrections),
        ew.sub(ew.mul(ew.sub(small_safe, 0.5), ew.log(ew.div(small_safe, sum_both))),
               ew.mul(big_safe, ew.log1p(ew.div(small_safe, big_safe)))))
    return F.where(both_small, direct,
                   F.where(small_is_small, one_large_value, two_large_value))


class LBeta(Cell):
    """log|B(x, y)| = lgamma(x) + lgamma(y) - lgamma(x + y) elementwise (x and y
    broadcast), computed as MindSpore's: where an argument is 8 or more,
    Stirling's series with its large terms cancelled, which keeps the digits
    the plain difference of lgammas loses.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> out = nn.LBeta()(ms.Tensor([2.0, 3.0, 14.0, 15.0]), ms.Tensor([2.0, 4.0, 6.0, 8.0]))
    >>> out.asnumpy().astype(float).round(5).tolist()
    [-1.79176, -4.09434, -12.00023, -14.7548]
    """

    def construct(self, x, y):
        vx, vy = _same_float_dtypes(self, x, y, ("x", "y"))
        return wrap(_log_beta(vx, vy))


# P(a, x) sums a series (x <= 1 or x <= a) or evaluates Legendre's continued
# fraction for the upper function Q = 1 - P (elsewhere), each to a depth
# chosen from the values (a constant, so derivatives go through the same
# finite expression) where its terms, times a margin for up to second
# derivatives, have fallen below float64's rounding.
_NEGLIGIBLE = 1e-17
_MOST_TERMS = 100000


def _series_length(a, x):
    """Terms of sum_n x^n / ((a+1)...(a+n)) until each next one (times (n+1)²,
    the growth of its derivatives) is negligible, for NumPy arrays a, x."""
    term, total = np.ones_like(a), np.ones_like(a)
    for n in range(1, _MOST_TERMS):
        term = term * x / (a + n)
        total = total + term
        if np.all(term * (n + 1.0) ** 2 <= _NEGLIGIBLE * total):
            return n
    raise ValueError(f"IGamma: the series of P(a, x) did not converge in {_MOST_TERMS} terms "
                     f"(a up to {np.max(a):.6g}); a this large is out of its range")


def _fraction_depth(a, x):
    """The depth at which Legendre's continued fraction for Q(a, x) has
    converged (modified Lentz), for NumPy arrays a, x with x > 1, x > a."""
    tiny = 1e-300
    b = x + 1.0 - a
    c, d = np.full_like(a, 1.0 / tiny), 1.0 / b
    for k in range(1, _MOST_TERMS):
        numerator = -k * (k - a)
        b = b + 2.0
        d = numerator * d + b
        d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
        c = b + numerator / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        # (c·d is 1 to rounding at the best; 1e-17 would ask for exactly 1)
        if np.all(np.abs(c * d - 1.0) <= np.finfo(np.float64).eps):
            return k
    raise ValueError(f"IGamma: the continued fraction of Q(a, x) did not converge in "
                     f"{_MOST_TERMS} steps (a up to {np.max(a):.6g}); a this large is out of "
                     "its range")


def _log_power_over_gamma(a, x):
    """log(x^a e^-x / Γ(a + 1)), a > 0, x > 0.  From 8 on, Stirling's series
    with its large terms cancelled: a (log(x/a) - (x/a - 1)) - log(2πa)/2 -
    correction(a), whose rounding error is that of x - a rather than of
    a log x and lgamma(a + 1)."""
    direct = ew.sub(ew.sub(ew.mul(a, ew.log(x)), x), ew.lgamma(ew.add(a, 1.0)))
    ratio = ew.div(x, a)
    excess = ew.div(ew.sub(x, a), a)
    near_one = ew.abs(constant(excess)) < 0.5        # (log1p keeps its digits there)
    log_ratio = F.where(near_one, ew.log1p(F.where(near_one, excess, 0.0)),
                        ew.log(F.where(near_one, 1.0, ratio)))
    stirling = ew.sub(ew.sub(ew.mul(a, ew.sub(log_ratio, excess)),
                             ew.mul(0.5, ew.log(ew.mul(2 * np.pi, a)))),
                      _stirling_correction(a))
    return F.where(constant(a) < _LARGE, direct, stirling)


def _regularized_lower_gamma(a, x):
    """P(a, x) = γ(a, x) / Γ(a) of broadcast engine values a, x."""
    dtype = np.result_type(primal_value(a), primal_value(x))
    shape = np.broadcast_shapes(tuple(shape_of(a)), tuple(shape_of(x)))
    a, x = F.broadcast_to(a, shape), F.broadcast_to(x, shape)
    ca, cx = constant(a), constant(x)
    inside = (ca > 0) & (cx > 0) & (ca < np.inf) & (cx < np.inf)
    by_fraction = inside & (cx > 1) & (cx > ca)
    by_series = inside & ~by_fraction
    # each branch on its own elements, on harmless values elsewhere, so that
    # the one not taken sends no NaN into the derivatives of the one taken
    a_series, x_series = F.where(by_series, a, 1.0), F.where(by_series, x, 0.5)
    a_fraction, x_fraction = F.where(by_fraction, a, 1.0), F.where(by_fraction, x, 2.0)
    numbers = [np.asarray(primal_value(v), np.float64) for v in
               (a_series, x_series, a_fraction, x_fraction)]
    series = np.broadcast_arrays(*numbers[:2])
    fraction = np.broadcast_arrays(*numbers[2:])

    term = total = F.cast(np.ones(shape), dtype)
    for n in range(1, _series_length(*series) + 1):
        term = ew.mul(term, ew.div(x_series, ew.add(a_series, float(n))))
        total = ew.add(total, term)
    lower = ew.mul(ew.exp(_log_power_over_gamma(a_series, x_series)), total)

    # 1/(b0 - a1/(b1 - a2/(b2 - ...))), b_k = x + 2k + 1 - a, a_k = k (k - a),
    # evaluated from its depth back (converged depth, and as many again for
    # the derivatives)
    depth = 2 * _fraction_depth(*fraction) + 8
    shifted = ew.sub(x_fraction, a_fraction)
    denominator = ew.add(shifted, 2.0 * depth + 1.0)
    for k in range(depth, 0, -1):
        numerator = ew.mul(float(k), ew.sub(float(k), a_fraction))
        denominator = ew.sub(ew.add(shifted, 2.0 * k - 1.0), ew.div(numerator, denominator))
    upper = ew.div(ew.mul(ew.exp(_log_power_over_gamma(a_fraction, x_fraction)), a_fraction),
                   denominator)

    out = F.where(by_fraction, ew.sub(1.0, upper), lower)
    # P(a, inf) = 1 (a > 0); P(inf, x) = 0 (x finite); NaN where a <= 0 or
    # x < 0 (MindSpore's domain) or both are infinite
    edges = F.where((cx == np.inf) & (ca > 0) & (ca < np.inf), 1.0, np.nan)
    edges = F.where((ca == np.inf) & (cx >= 0) & (cx < np.inf), 0.0, edges)
    out = F.where(inside, out, F.cast(edges, dtype))
    # P(a, 0) = 0, with the derivatives of the series' first two terms
    # x^a e^-x (1 + x/(a + 1)) / Γ(a + 1) there: in x, x^(a-1)/Γ(a) (inf for
    # a < 1, 1 for a = 1, 0 beyond) and its own derivative; in a, 0
    at_zero = (cx == 0) & (ca > 0) & (ca < np.inf)
    a_zero, x_zero = F.where(at_zero, a, 1.0), F.where(at_zero, x, 0.0)
    start = ew.mul(ew.pow(x_zero, a_zero),
                   ew.exp(ew.sub(ew.neg(x_zero), ew.lgamma(ew.add(a_zero, 1.0)))))
    start = ew.mul(start, ew.add(1.0, ew.div(x_zero, ew.add(a_zero, 1.0))))
    return F.cast(F.where(at_zero, start, out), dtype)


class IGamma(Cell):
    """The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a)
    = 1 - Q(a, x), γ(a, x) = ∫_0^x t^(a-1) e^(-t) dt, elementwise (a and x
    broadcast, of one float dtype), as MindSpore's: its series where x <= 1 or
    x <= a, else 1 - Legendre's continued fraction for Q, each to
    convergence in float64.  NaN where a <= 0 or x < 0; P(a, 0) = 0 and
    P(a, inf) = 1 (MindSpore: NaN).  Both arguments are differentiated (in x,
    x^(a-1) e^(-x)/Γ(a), inf at x = 0 for a < 1; MindSpore 2.10 has no
    derivative in a: NaN).  A ValueError where a is so large (about 10⁷ and
    up, next to x) that neither expansion converges in 100000 terms.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> p = nn.IGamma()(ms.Tensor([2.0, 4.0, 6.0, 8.0]), ms.Tensor([2.0, 3.0, 4.0, 5.0]))
    >>> p.asnumpy().astype(float).round(5).tolist()
    [0.59399, 0.35277, 0.21487, 0.13337]
    """

    def construct(self, a, x):
        return wrap(_regularized_lower_gamma(*_same_float_dtypes(self, a, x, ("a", "x"))))


def _cholesky_factor(cell, a):
    """The lower Cholesky factor of ``cell``'s input ``a``: floats, one symmetric
    positive-definite matrix or a batch of them."""
    owner = type(cell).__name__
    v = _float_input(cell, a, "a")
    shape = tuple(shape_of(v))
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ValueError(f"{owner}: a must be a square matrix (..., n, n), got shape {shape}")
    try:
        return cholesky(v)
    except ValueError as e:
        raise ValueError(f"{owner}: a must be symmetric positive definite ({e})") from None


class MatDet(Cell):
    """The determinant of a symmetric positive-definite matrix (or of each in a
    batch) from its Cholesky factor L: (prod diag L)².  As MindSpore's (a GPU
    kernel there), only such matrices are taken: another is refused by the
    factorisation.  The derivative is det(a)·a⁻¹ in every direction's
    symmetric part.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> a = np.array([[4, 12, -16], [12, 37, -43], [-16, -43, 98]], np.float32)
    >>> nn.MatDet()(ms.Tensor(a))
    Tensor(shape=[], dtype=Float32, value= 36)
    """

    def construct(self, a):
        factor = _cholesky_factor(self, a)
        root = C.prod(diagonal(factor, 0, -2, -1), -1)
        return wrap(ew.mul(root, root))


class MatInverse(Cell):
    """The inverse of a symmetric positive-definite matrix (or of each in a
    batch) from its Cholesky factor L: L⁻ᵀ·L⁻¹.  As MindSpore's (a GPU kernel
    there), only such matrices are taken: another is refused by the
    factorisation.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MatInverse()(ms.Tensor(np.array([[4.0, 2.0], [2.0, 2.0]])))
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[ 5.00000000e-01, -5.00000000e-01],
     [-5.00000000e-01,  1.00000000e+00]])
    """

    def construct(self, a):
        return wrap(cholesky_inverse(_cholesky_factor(self, a)))


class Moments(Cell):
    """The mean and the (biased) variance of ``x`` over ``axis`` (an int or a tuple
    of ints; None or ``()`` reduces every axis), the reduced axes kept with
    length 1 when ``keep_dims``.  float16 inputs are reduced in float32 and
    the results returned in float16, as MindSpore's.  MindSpore 2.10 deprecates
    it for ``ops.var_mean``.

    The variance differentiates as the function it is: MindSpore stops the
    gradient through the mean inside it, which leaves first derivatives
    unchanged (the deviations sum to zero) but drops a term of the second.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> mean, variance = nn.Moments(axis=1)(ms.Tensor([[1.0, 3.0], [2.0, 6.0]]))
    >>> mean.asnumpy().tolist(), variance.asnumpy().tolist()
    ([2.0, 4.0], [1.0, 4.0])
    """

    def __init__(self, axis=None, keep_dims=None):
        super().__init__()
        owner = "Moments"
        axis = () if axis is None else axis
        if isinstance(axis, bool) or not isinstance(axis, (int, tuple)) or (
                isinstance(axis, tuple) and any(isinstance(a, bool) or not isinstance(a, int)
                                                for a in axis)):
            raise TypeError(f"{owner}: axis must be an int or a tuple of ints, got {axis!r}")
        keep_dims = False if keep_dims is None else keep_dims
        if not isinstance(keep_dims, bool):
            raise TypeError(f"{owner}: keep_dims must be a bool, got {type(keep_dims).__name__}")
        self.axis, self.keep_dims = axis, keep_dims

    def construct(self, x):
        v = _float_input(self, x, "x")
        dtype = np.asarray(primal_value(v)).dtype
        if dtype == np.float16:
            v = F.cast(v, np.float32)
        ndim = len(shape_of(v))
        axes = (tuple(range(ndim)) if self.axis == ()
                else _normalize_axes(self.axis, ndim, "Moments: axis"))
        mean = _mean(v, axes, True)
        deviation = ew.sub(v, mean)
        variance = _mean(ew.mul(deviation, deviation), axes, self.keep_dims)
        if not self.keep_dims:
            mean = _squeeze(mean, axes)
        if dtype == np.float16:
            mean, variance = F.cast(mean, dtype), F.cast(variance, dtype)
        return wrap(mean), wrap(variance)


class MatMul(Cell):
    """The matrix product of ``x1`` and ``x2`` (``transpose_x1``/``transpose_x2``
    transpose their last two axes first), their batch axes broadcast; a 1-d
    operand is a vector (two of them give their dot product).  MindSpore 2.10
    deprecates it for ``ops.matmul``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MatMul(transpose_x2=True)(ms.Tensor(np.ones((4, 2, 3))), ms.Tensor(np.ones((5, 3)))).shape
    (4, 2, 5)
    """

    def __init__(self, transpose_x1=False, transpose_x2=False):
        super().__init__()
        for name, value in (("transpose_x1", transpose_x1), ("transpose_x2", transpose_x2)):
            if not isinstance(value, bool):
                raise TypeError(f"MatMul: {name} must be a bool, got {type(value).__name__}")
        self.transpose_x1, self.transpose_x2 = transpose_x1, transpose_x2

    def construct(self, x1, x2):
        t1, t2 = wrap(self._input_value(x1, "x1")), wrap(self._input_value(x2, "x2"))
        for name, t in (("x1", t1), ("x2", t2)):
            if t.ndim == 0:
                raise ValueError(f"MatMul: {name} must have at least 1 dimension, got a 0-d "
                                 "tensor")
        if self.transpose_x1 and t1.ndim > 1:
            t1 = ops.swapaxes(t1, -1, -2)
        if self.transpose_x2 and t2.ndim > 1:
            t2 = ops.swapaxes(t2, -1, -2)
        inner1 = t1.shape[-1]
        inner2 = t2.shape[0] if t2.ndim == 1 else t2.shape[-2]
        if inner1 != inner2:
            raise ValueError(f"MatMul: x1's columns ({inner1}) must equal x2's rows "
                             f"({inner2}), got shapes {tuple(t1.shape)} and {tuple(t2.shape)}"
                             " after the transposes")
        return ops.matmul(t1, t2)


class Range(Cell):
    """The constant sequence ``start``, ``start + delta``, ... up to ``limit``
    (excluded; from 0 to ``start`` when ``limit`` is None), computed once:
    float32 when any bound is a float, else int32.  MindSpore 2.10 deprecates
    it for ``ops.range``.

    >>> from dualgrad import nn
    >>> nn.Range(1, 8, 2)().asnumpy().tolist()
    [1, 3, 5, 7]
    """

    def __init__(self, start, limit=None, delta=1):
        super().__init__()
        for name, value in (("start", start), ("limit", limit), ("delta", delta)):
            if value is None and name == "limit":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                                 np.floating)):
                raise TypeError(f"Range: {name} must be an int or a float, got "
                                f"{type(value).__name__}")
        if delta == 0:
            raise ValueError("Range: delta must not be zero")
        values = np.arange(start, limit, delta)
        self.result_tensor = wrap(values.astype(
            np.float32 if values.dtype.kind == "f" else np.int32))

    def construct(self):
        return self.result_tensor
