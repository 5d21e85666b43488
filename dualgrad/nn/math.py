"""Mathematical cells of MindSpore 2.10's ``nn`` (its nn/layer/math.py):
ReduceLogSumExp, LGamma, DiGamma, LBeta, MatDet and MatInverse, each composed
of the engine's functions, so every derivative mode differentiates them.

MindSpore takes float16 and float32 inputs here; float64 is taken too (the
values are then exact to float64 rounding, as its derivatives are).
"""
import numpy as np

from .. import _composite as C, _elementwise as ew, _functions as F
from .._core import primal_value, shape_of
from .._decompositions import cholesky
from .._linalg import diagonal
from .._solve import cholesky_inverse
from .._structural import _normalize_axes, constant
from .._tensor import wrap
from ..ops import _logsumexp
from .cell import Cell

__all__ = ["ReduceLogSumExp", "LGamma", "DiGamma", "LBeta", "MatDet", "MatInverse"]


def _float_input(cell, x, name):
    """The engine value of ``cell``'s input ``name``, which must hold floats
    (MindSpore refuses integer tensors here)."""
    v = cell._input_value(x, name)
    dtype = np.asarray(primal_value(v)).dtype
    if dtype.kind != "f":
        raise TypeError(f"{type(cell).__name__}: {name} must be a float tensor, got dtype "
                        f"{dtype}")
    return v


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
        if self.axis == ():
            axes = tuple(range(ndim))
        else:
            axes = _normalize_axes(self.axis, ndim, "ReduceLogSumExp: axis")
            if len(set(axes)) != len(axes):
                raise ValueError(f"ReduceLogSumExp: axis {self.axis} names an axis twice")
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
    >>> nn.LBeta()(ms.Tensor([2.0, 3.0, 14.0, 15.0]), ms.Tensor([2.0, 4.0, 6.0, 8.0]))
    Tensor(shape=[4], dtype=Float32, value= [-1.79175949e+00, -4.09434462e+00, -1.20002289e+01, -1.47547998e+01])
    """

    def construct(self, x, y):
        vx, vy = _float_input(self, x, "x"), _float_input(self, y, "y")
        if np.asarray(primal_value(vx)).dtype != np.asarray(primal_value(vy)).dtype:
            raise TypeError(f"LBeta: y must have x's dtype {np.asarray(primal_value(vx)).dtype}, "
                            f"got {np.asarray(primal_value(vy)).dtype}")
        shapes = tuple(shape_of(vx)), tuple(shape_of(vy))
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            raise ValueError(f"LBeta: x and y must broadcast together, got shapes {shapes[0]} "
                             f"and {shapes[1]}") from None
        return wrap(_log_beta(vx, vy))


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
