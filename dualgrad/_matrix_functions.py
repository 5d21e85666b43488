"""The matrix exponential, vector and matrix norms and the condition number,
composed of the engine's primitives (matmul, the solve primitive of
``_solve``, the SVD's singular values, ``_composite``'s norms).

``matrix_exp`` is scaling and squaring with a diagonal Padé approximant
(Higham 2005, "The scaling and squaring method for the matrix exponential
revisited"): the degree m and the number of squarings s are chosen from the
1-norm of the values (constants to the derivative, the largest of a batch
for all of it), then exp(A) ≈ r_m(A/2ˢ)^(2ˢ) with r_m = (V − U)⁻¹(V + U), U and
V the odd and even parts of the Padé numerator.  The derivatives, in every
mode and at every order, are the exact ones of that approximant, as
accurate as its values (the approximant's Fréchet derivative is the one
Al-Mohy and Higham's expm_frechet computes).
"""
import math

import numpy as np

from . import _elementwise as ew
from ._composite import (_INF, _as_dtype, _axes_argument, _matrix_norm, _shape, per_example,
                         vector_norm as _vector_norm)
from ._core import primal_value
from ._functions import floating, matmul, reshape, where
from ._linalg import inverse
from ._solve import _solve, _dtype, _matrix
from ._spectral import singular_values
from ._vmap import batched_logic

# ---------------------------------------------------------------------------
# The matrix exponential

_PADE = {
    3: (120.0, 60.0, 12.0, 1.0),
    5: (30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0),
    7: (17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0),
    9: (17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0,
        110880.0, 3960.0, 90.0, 1.0),
    13: (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
         129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
         40840800.0, 960960.0, 16380.0, 182.0, 1.0),
}
# The largest 1-norm for which r_m(A) is exp(A) to the unit roundoff (Higham
# 2005, Table 2.3 for double precision; single precision: degrees 3, 5, 7).
_THETA = {
    np.dtype(np.float64): ((3, 1.495585217958292e-2), (5, 2.539398330063230e-1),
                           (7, 9.504178996162932e-1), (9, 2.097847961257068e0),
                           (13, 5.371920351148152e0)),
    np.dtype(np.float32): ((3, 4.258730016922831e-1), (5, 1.880152677804762e0),
                           (7, 3.925724783138660e0)),
}


def _combination(terms, eye):
    """Σ c_k P_k (P_0 = the identity, given as None)."""
    out = None
    for c, p in terms:
        if c == 0:
            continue
        t = ew.mul(eye, c) if p is None else ew.mul(p, c)
        out = t if out is None else ew.add(out, t)
    return out


def _pade(a, m, eye):
    """(U, V) of the degree-m Padé approximant: r_m = (V − U)⁻¹ (V + U)."""
    b = _PADE[m]
    a2 = matmul(a, a)
    if m < 13:
        powers = [None, a2]                       # A⁰, A², A⁴, ...
        for _ in range(2, m // 2 + 1):
            powers.append(matmul(powers[-1], a2))
        odd = _combination([(b[2 * k + 1], powers[k]) for k in range(len(powers))], eye)
        even = _combination([(b[2 * k], powers[k]) for k in range(len(powers))], eye)
        return matmul(a, odd), even
    a4 = matmul(a2, a2)
    a6 = matmul(a4, a2)
    u_high = matmul(a6, _combination([(b[13], a6), (b[11], a4), (b[9], a2)], eye))
    u = matmul(a, ew.add(u_high, _combination([(b[7], a6), (b[5], a4), (b[3], a2),
                                                (b[1], None)], eye)))
    v_high = matmul(a6, _combination([(b[12], a6), (b[10], a4), (b[8], a2)], eye))
    v = ew.add(v_high, _combination([(b[6], a6), (b[4], a4), (b[2], a2), (b[0], None)], eye))
    return u, v


def _degree_and_squarings(norm, dtype):
    """(m, s) for the largest 1-norm ``norm`` of a batch."""
    if not np.isfinite(norm):
        return 13 if dtype == np.float64 else 7, 0
    thetas = _THETA[dtype]
    for m, theta in thetas:
        if norm <= theta:
            return m, 0
    m, theta = thetas[-1]
    return m, max(0, int(math.ceil(math.log2(norm / theta))))


def matrix_exp(input):
    """exp(A) = Σ Aᵏ/k! of a square matrix (or of each in a batch), as
    MindSpore's ``ops.matrix_exp`` (whose CPU kernel in 2.10 raises a
    RuntimeError): scaling and squaring with a Padé approximant of degree 3
    to 13 (Higham 2005; 3 to 7 in float32), written with matmul and the
    solve primitive, so every mode differentiates it to any order.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.matrix_exp(ms.Tensor([[0.0, 1.0], [-1.0, 0.0]], ms.float64))
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[ 5.40302306e-01,  8.41470985e-01],
     [-8.41470985e-01,  5.40302306e-01]])
    """
    owner = "matrix_exp"
    dtype = _dtype(input)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: input must be a float32 or float64 Tensor, got dtype {dtype}")
    _matrix(input, owner, "input", square=True)
    n = _shape(input)[-1]
    if n == 0:
        return input
    # The largest 1-norm (column sum of |A|) of the matrices, those of every
    # example of the vmaps around included (a scalar: one choice for all).
    largest = float(per_example(input, lambda v, k: np.abs(v).sum(-2).max() if v.size
                                else 0.0))
    m, s = _degree_and_squarings(largest, np.dtype(dtype))
    a = ew.mul(input, 2.0 ** -s) if s else input
    eye = np.eye(n, dtype=dtype)
    u, v = _pade(a, m, eye)
    r = _solve.bind((ew.sub(v, u), ew.add(v, u)), {})
    for _ in range(s):
        r = matmul(r, r)
    return r


# ---------------------------------------------------------------------------
# Norms

def _number(ord, owner, name):
    if isinstance(ord, (bool, np.bool_)) or not isinstance(ord, (int, float, np.integer,
                                                                  np.floating)):
        raise TypeError(f"{owner}: {name} must be a number, got {type(ord).__name__}")
    if math.isnan(ord):
        raise ValueError(f"{owner}: {name} must not be NaN")
    return float(ord) if isinstance(ord, (float, np.floating)) else int(ord)


def _not_bool(x, owner, name):
    """x, unless it holds bools (MindSpore 2.10 refuses them: a norm of truth
    values is a count, ask for it with a cast)."""
    if np.asarray(primal_value(x)).dtype.kind == "b":
        raise TypeError(f"{owner}: {name} must be a tensor of numbers, got dtype bool (cast it "
                        "first)")
    return x


def vector_norm(x, ord=2, axis=None, keepdims=False, *, dtype=None):
    """The vector ``ord``-norm of x over ``axis`` (an int or a tuple of ints;
    None: all elements), as MindSpore's ``ops.vector_norm``: (Σ|x|ᵖ)^(1/p),
    max|x| for inf, min|x| for -inf, the count of nonzero elements for 0 (a
    constant).  Integers compute in float32; ``dtype`` casts x first.  At
    the origin every derivative is 0 (``ops.norm``'s subgradient).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.vector_norm(ms.Tensor([[3.0, 0.0], [0.0, -4.0]]))
    Tensor(shape=[], dtype=Float32, value= 5)
    """
    owner = "vector_norm"
    if isinstance(ord, str):
        raise ValueError(f"{owner}: ord must be a number (inf, -inf and 0 included), got "
                         f"{ord!r}")
    ord = _number(ord, owner, "ord")
    keepdims = _flag(keepdims, owner, "keepdims")
    x = floating(_as_dtype(_not_bool(x, "vector_norm", "x"), dtype))
    shape = tuple(_shape(x))
    nd = len(shape)
    if axis is None:
        flat = reshape(x, (-1,)) if nd != 1 else x
        out = _vector_norm(flat, ord, (0,), False)
        return reshape(out, (1,) * nd) if keepdims else out
    axes = _axes_argument(axis, max(nd, 1), owner, "axis")
    return _vector_norm(x, ord, axes, keepdims)


def _flag(value, owner, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
    return bool(value)


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, _INF, -_INF)


def _matrix_ord(ord, owner, name="ord"):
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise ValueError(f"{owner}: {name} must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, "
                             f"got {ord!r}")
        return ord
    if ord is None:
        raise ValueError(f"{owner}: {name} must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, "
                         f"got None")
    ord = _number(ord, owner, name)
    if ord not in _MATRIX_ORDS:
        raise ValueError(f"{owner}: {name} must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, "
                         f"got {ord!r}")
    return ord


def matrix_norm(A, ord="fro", axis=(-2, -1), keepdims=False, *, dtype=None):
    """The matrix ``ord``-norm over the pair of axes ``axis``, as MindSpore's
    ``ops.matrix_norm``: 'fro' (Frobenius), 'nuc' (the sum of the singular
    values), 1 and -1 (the largest and smallest column sum of |A|), inf and
    -inf (row sums), 2 and -2 (the largest and smallest singular value); the
    derivatives are ``ops.norm``'s.  Integers compute in float32; ``dtype``
    casts A first.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.matrix_norm(ms.Tensor([[1.0, -2.0], [3.0, 4.0]]), 1)
    Tensor(shape=[], dtype=Float32, value= 6)
    """
    owner = "matrix_norm"
    ord = _matrix_ord(ord, owner)
    keepdims = _flag(keepdims, owner, "keepdims")
    A = floating(_as_dtype(_not_bool(A, "matrix_norm", "A"), dtype))
    nd = len(_shape(A))
    if nd < 2:
        raise ValueError(f"{owner}: A must have at least 2 dimensions, got shape "
                         f"{tuple(_shape(A))}")
    if not isinstance(axis, (tuple, list)) or len(axis) != 2:
        raise TypeError(f"{owner}: axis must be a pair of ints, got {axis!r}")
    rows, cols = _axes_argument(tuple(axis), nd, owner, "axis")
    return _matrix_norm(A, ord, rows, cols, keepdims)


def cond(A, p=None):
    """The condition number of a matrix (or of each in a batch) in the norm
    ``p``, as MindSpore's ``ops.cond``: for None, 2 and -2 the ratio of the
    extreme singular values, σ_max/σ_min (σ_min/σ_max for -2; a non-square
    matrix is accepted, as NumPy's, where MindSpore raises); for 'fro', 'nuc',
    1, -1, inf, -inf, ‖A‖·‖A⁻¹‖ of a square matrix.  The result keeps A's
    dtype (MindSpore 2.10 gives float32 for None, 2, -2 and 'nuc').  A
    singular matrix gives inf with a derivative of 0, as the zero matrix does
    for -2 (NumPy's convention; for None and 2 a singular matrix whose
    smallest singular value is rounded above 0 gives a large finite value);
    NaN or inf entries give NaN or inf.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cond(ms.Tensor([[2.0, 0.0], [0.0, 0.5]]))
    Tensor(shape=[], dtype=Float32, value= 4)
    """
    owner = "cond"
    if p is not None:
        p = _matrix_ord(p, owner, "p")
    dtype = _dtype(A)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: A must be a float32 or float64 Tensor, got dtype {dtype}")
    shape = _matrix(A, owner, "A", square=p not in (None, 2, -2))
    if min(shape[-2:]) == 0:
        raise ValueError(f"{owner}: A must not be empty, got shape {shape}")
    if p in (None, 2, -2):
        s = singular_values(A)
        k = shape[-1] if shape[-1] < shape[-2] else shape[-2]
        largest = reshape(_take_last(s, 0), shape[:-2])
        smallest = reshape(_take_last(s, k - 1), shape[:-2])
        # (a zero divisor replaced by 1 in the division, then the result by
        # inf: no NaN in the derivative, which is 0 there)
        below = largest if p == -2 else smallest
        zero = per_example(below, lambda v, k: v == 0)
        if isinstance(zero, np.ndarray) and not zero.any():
            return ew.div(smallest, largest) if p == -2 else ew.div(largest, smallest)
        safe = where(zero, 1.0, below)
        out = ew.div(smallest, safe) if p == -2 else ew.div(largest, safe)
        return where(zero, _INF, out)
    rows, cols = len(shape) - 2, len(shape) - 1

    def cond_of(a):
        with np.errstate(divide="ignore", invalid="ignore"):
            return ew.mul(_matrix_norm(a, p, rows, cols, False),
                          _matrix_norm(inverse(a), p, rows, cols, False))

    out = cond_of(A)
    # NaN or inf from the inverse of a singular matrix (with no NaN or inf in
    # it) is inf, as in NumPy; its derivative there is 0 (the singular
    # matrices are replaced by the identity in a second evaluation, whose
    # derivative is taken).
    singular = per_example(out, lambda v, k: ~np.isfinite(v))
    finite_input = per_example(A, lambda v, k: np.isfinite(v).all((-2, -1)))
    if isinstance(singular, np.ndarray) and not singular.any():
        return out
    replaced = batched_logic("logical_and", singular, finite_input)
    n = shape[-1]
    safe = where(reshape(replaced, tuple(_shape(replaced)) + (1, 1)),
                 np.eye(n, dtype=dtype), A)
    return where(replaced, _INF, cond_of(safe))


def _take_last(s, i):
    from ._functions import getitem
    return getitem(s, (Ellipsis, slice(i, i + 1)))
