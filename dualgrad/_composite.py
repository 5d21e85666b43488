"""Array functions composed of the engine's primitives: norms and distances,
products, contractions, rearrangements, sorting.

Each is written with the primitives of ``_structural`` and ``_elementwise``
(indexing, reshape, broadcast_to, sum, matmul, concat, where...), so every
mode — reverse, Dual, HyperDual, batched, nested — differentiates it to any
order with no rule of its own.  Integer arguments that carry no derivative
(indices, counts, integer inputs of counting functions) take a NumPy path.
"""
import math

import numpy as np

from . import _core, _elementwise as ew
from ._core import primal_value, shape_of
from ._dtypes import to_numpy_dtype
from ._functions import (_integer, broadcast_to, cast, concat, expand_dims, floating, getitem,
                         matmul, max_, min_, reshape, squeeze, sum_, transpose, where)
from ._structural import _normalize_axes, constant, cumsum as _cumsum, every_axis_if_empty, flag
from ._vmap import batched_constant, batched_logic, batched_take

_INF = float("inf")


def _shape(x):
    return tuple(shape_of(x))


def _mapped(x):
    """Whether x's values differ between the examples of a vmap around it."""
    return isinstance(_core.strip(x), _core.Box)


def _value(x):
    """x's values as a NumPy array, for the functions that compute with them
    (refused under vmap, where they would mix the examples)."""
    if _mapped(x):
        raise NotImplementedError(
            "vmap: this function computes with the values of its input outside the "
            "engine's primitives, which vmap cannot map; call it on the batch instead")
    return np.asarray(primal_value(x))


def _any_zero(x):
    """Where x is 0 (a constant; under vmap each example's) and whether any is."""
    zero = constant(x) == 0
    return zero, bool(np.any(primal_value(zero)))


def _check_int(value, name, owner, low=None):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")
    if low is not None and value < low:
        raise ValueError(f"{owner}: {name} must be >= {low}, got {value}")
    return int(value)


def _check_size(shape, owner, name):
    """A new array's shape (non-negative ints), refused when no memory could hold it
    (NumPy: "Maximum allowed dimension exceeded", "array is too big")."""
    if math.prod(shape) > 2 ** 48:
        raise ValueError(f"{owner}: {name} {tuple(shape)} is too large")
    return tuple(shape)


def _axis(axis, ndim, owner, name="axis"):
    """One axis, as a non-negative int (out of range is a ValueError)."""
    _check_int(axis, name, owner)
    if ndim == 0:
        raise ValueError(f"{owner}: {name} {axis} is out of range for a 0-d tensor (it has no "
                         "axes)")
    return _normalize_axes(int(axis), ndim, f"{owner}: {name}")[0]


def _axes_argument(axes, ndim, owner, name):
    """An int or a sequence of distinct ints, each normalised, in the given order."""
    items = (axes,) if isinstance(axes, (int, np.integer)) else axes
    if not isinstance(items, (tuple, list)):
        raise TypeError(f"{owner}: {name} must be an int or a tuple of ints, got {axes!r}")
    out = tuple(_axis(a, ndim, owner, name) for a in items)
    if len(set(out)) != len(out):
        raise ValueError(f"{owner}: {name} has a repeated axis: {axes!r}")
    return out


def _as_dtype(x, dtype):
    """x cast to ``dtype`` first, as MindSpore's ``dtype`` arguments ask."""
    return x if dtype is None else cast(x, to_numpy_dtype(dtype))


def _slice_along(axis, start, stop, step=None):
    return (slice(None),) * axis + (slice(start, stop, step),)


def _at_least_1d(x, owner, name="input"):
    nd = len(_shape(x))
    if nd == 0:
        raise ValueError(f"{owner}: {name} must have at least one dimension, got a 0-d tensor")
    return nd


# ---------------------------------------------------------------------------
# Norms and distances

def _root_of_sum(s, p):
    """s ** (1/p) for s >= 0, with every derivative 0 where s is 0: the subgradient
    PyTorch takes for a norm at the origin (the root's own derivative is infinite
    there, and MindSpore's gradient is NaN)."""
    def root(t):
        return ew.sqrt(t) if p == 2 else ew.pow(t, 1.0 / p)
    zero, anywhere = _any_zero(s)
    if not anywhere:
        return root(s)
    return where(zero, 0.0, root(where(zero, 1.0, s)))


def vector_norm(x, p, axes, keepdims):
    """The p-norm over ``axes``: (sum |x|^p)^(1/p), max |x| for inf, min |x| for
    -inf, the count of nonzero elements for 0 (a constant)."""
    if p == 2:
        return _root_of_sum(sum_(ew.mul(x, x), axes, keepdims), 2)
    if p == 1:
        return sum_(ew.abs(x), axes, keepdims)
    if p == _INF or p == -_INF:
        # ties="first": MindSpore takes these with ops.max/ops.min over an axis.
        return (max_ if p > 0 else min_)(ew.abs(x), axes, keepdims, "first")
    if p == 0:
        counted = _normalize_axes(axes, len(_shape(x)))
        return per_example(x, lambda v, k: np.asarray((v != 0).sum(
            axis=tuple(a + k for a in counted), keepdims=keepdims), v.dtype))
    zero, anywhere = _any_zero(x)
    if anywhere:
        # |x|^p has no derivative at 0 for p < 1 (it is infinite there, and
        # times |x|' = 0 gives NaN): a zero element gets every derivative 0,
        # PyTorch's subgradient and MindSpore's in cdist.  Its value is kept,
        # 0 (or inf for p < 0, which makes the norm 0).
        inside = ew.pow(ew.abs(where(zero, 1.0, x)), float(p))
        elements = where(zero, 0.0 if p > 0 else _INF, inside)
    else:
        elements = ew.pow(ew.abs(x), float(p))
    powered = sum_(elements, axes, keepdims)
    return _root_of_sum(powered, p) if p > 0 else ew.pow(powered, 1.0 / p)


_MATRIX_ORDS = "None, 'fro', 1, -1, inf, -inf, 2, -2 or 'nuc'"


def _matrix_norm(x, ord, rows, cols, keepdim):
    if ord is None or ord == "fro":
        out = _root_of_sum(sum_(ew.mul(x, x), (rows, cols), True), 2)
    elif ord in (1, -1, _INF, -_INF):
        # 1: the largest column sum of |x|; inf: the largest row sum.
        summed, across = (rows, cols) if abs(ord) == 1 else (cols, rows)
        out = (max_ if ord > 0 else min_)(sum_(ew.abs(x), summed, True), across, True, "first")
    elif ord in (2, -2, "nuc"):
        return _spectral_norm(x, ord, rows, cols, keepdim)
    else:
        raise ValueError(f"norm: ord must be {_MATRIX_ORDS} for matrices, "
                         f"got {ord!r}")
    return out if keepdim else squeeze(out, (rows, cols))


def _spectral_norm(x, ord, rows, cols, keepdim):
    """The largest (2) or smallest (-2) singular value, or their sum ('nuc'),
    over axes (rows, cols): derivatives those of the SVD's singular values."""
    from ._spectral import singular_values
    shape = _shape(x)
    others = [i for i in range(len(shape)) if i not in (rows, cols)]
    if min(shape[rows], shape[cols]) == 0 and ord != "nuc":
        raise ValueError(f"norm: ord={ord!r} of an empty matrix (shape {tuple(shape)} over "
                         f"dim ({rows}, {cols})) is undefined")
    s = singular_values(transpose(x, others + [rows, cols]))
    if ord == "nuc":
        out = sum_(s, -1)
    else:
        # Tied extreme singular values share the gradient, as in MindSpore.
        out = (max_ if ord == 2 else min_)(s, -1, False, "split")
    if keepdim:
        out = reshape(out, tuple(1 if i in (rows, cols) else n for i, n in enumerate(shape)))
    return out


def _check_ord(ord):
    if ord is None or ord in ("fro", "nuc"):
        return
    if isinstance(ord, str):
        raise ValueError(f"norm: ord must be a number, 'fro' or 'nuc', got {ord!r}")
    if isinstance(ord, (bool, np.bool_)) or not isinstance(ord, (int, float, np.integer,
                                                                  np.floating)):
        raise TypeError(f"norm: ord must be a number, 'fro' or 'nuc', got {type(ord).__name__}")
    if math.isnan(ord):
        raise ValueError("norm: ord must not be NaN")


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """The vector or matrix norm of A, as MindSpore's ``ops.norm``.

    ``dim`` an int: vector norms along it; a pair of ints: matrix norms over
    those axes (rows, columns); None: the 2-norm of all elements when ``ord``
    is None, else A's own (vector or matrix) norm, A being 1-D or 2-D.
    Vector ``ord``: 2 (None), 1, inf, -inf, 0 (the count of nonzero elements,
    a constant) or any other number p: (sum |x|^p)^(1/p).  Matrix ``ord``:
    None or 'fro' (Frobenius), 1 and -1 (largest and smallest column sum of
    |A|), inf and -inf (row sums), 2 and -2 (largest and smallest singular
    value), 'nuc' (the sum of the singular values; their derivatives are
    the SVD's; tied largest (smallest) singular values share the gradient,
    as in MindSpore).
    Integer tensors compute in float32; ``dtype`` casts A first.

    At the origin, where a norm has no derivative, every derivative is 0 (the
    subgradient PyTorch takes; MindSpore's 2-norm gradient there is NaN), and
    so at a zero element for p < 1, where |x|^p has none (MindSpore: NaN);
    inf-norms send the gradient to the first of tied elements, as MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[3.0, -4.0], [0.0, 0.0]])
    >>> ops.norm(A, dim=1)
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  0.00000000e+00])
    >>> ops.norm(A, ord=1), ops.norm(A, ord=float('inf'))
    (Tensor(shape=[], dtype=Float32, value= 4), Tensor(shape=[], dtype=Float32, value= 7))
    >>> ms.grad(lambda A: ops.norm(A, dim=1).sum())(A)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 6.00000024e-01, -8.00000012e-01],
     [ 0.00000000e+00,  0.00000000e+00]])
    """
    _check_ord(ord)
    A = floating(_as_dtype(A, dtype))
    nd = len(_shape(A))
    if dim is None:
        if ord is None:
            return vector_norm(A, 2, None, keepdim)
        if nd not in (1, 2):
            raise ValueError(f"norm: with ord given and dim None, A must be 1-D or 2-D, got "
                             f"{nd}-D; give dim")
        axes = tuple(range(nd))
    else:
        axes = _axes_argument(dim, nd, "norm", "dim")
        if not 1 <= len(axes) <= 2:
            raise ValueError(f"norm: dim must name one axis (a vector norm) or two (a matrix "
                             f"norm), got {dim!r}")
    if len(axes) == 2:
        return _matrix_norm(A, ord, axes[0], axes[1], keepdim)
    if isinstance(ord, str):
        raise TypeError(f"norm: ord={ord!r} is for matrices; a vector norm takes a number")
    return vector_norm(A, 2 if ord is None else ord, axes, keepdim)


def cdist(x1, x2, p=2.0):
    """The p-norm distance between each point (row) of x1 and each of x2.

    x1 is (P, M) and x2 (R, M), or batches of them (B, P, M) and (B, R, M);
    the result is (P, R) (or (B, P, R)).  ``p`` is a float >= 0 (inf
    included).  The derivative at a zero distance is 0, as in MindSpore and
    PyTorch, at every order; for p < 1 so is that of a zero coordinate
    difference.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> a = ms.Tensor([[0.0, 0.0], [1.0, 0.0]])
    >>> b = ms.Tensor([[0.0, 0.0], [3.0, 4.0]])
    >>> ops.cdist(a, b)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 0.00000000e+00,  5.00000000e+00],
     [ 1.00000000e+00,  4.47213602e+00]])
    >>> ms.grad(lambda a: ops.cdist(a, b).sum())(a)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[-6.00000024e-01, -8.00000012e-01],
     [ 5.52786410e-01, -8.94427180e-01]])
    """
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, (int, float, np.integer,
                                                              np.floating)):
        raise TypeError(f"cdist: p must be a float, got {type(p).__name__}")
    if not p >= 0:
        raise ValueError(f"cdist: p must be >= 0, got {p}")
    x1, x2 = floating(x1), floating(x2)
    s1, s2 = _shape(x1), _shape(x2)
    if len(s1) < 2 or len(s2) < 2:
        raise ValueError(f"cdist: x1 and x2 must be 2-D (points by coordinates) or batches "
                         f"of them, got shapes {s1} and {s2}")
    if s1[-1] != s2[-1]:
        raise ValueError(f"cdist: the points of x1 and x2 must have one number of "
                         f"coordinates, got shapes {s1} and {s2}")
    try:
        np.broadcast_shapes(s1[:-2], s2[:-2])
    except ValueError:
        raise ValueError(f"cdist: the batch dimensions of shapes {s1} and {s2} do not "
                         "broadcast") from None
    diff = ew.sub(expand_dims(x1, -2), expand_dims(x2, -3))
    return vector_norm(diff, float(p), len(_shape(diff)) - 1, False)


# ---------------------------------------------------------------------------
# Products, running sums and products

def cumsum(x, axis, dtype=None):
    """Running sums along ``axis``; integers keep their dtype, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cumsum(ms.Tensor([[1.0, 2.0, 3.0]]), 1)
    Tensor(shape=[1, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  3.00000000e+00,  6.00000000e+00]])
    """
    return _cumsum(_as_dtype(x, dtype), axis)


def _ones_like_along(x, axis, n):
    """A constant of ones shaped like x with ``n`` elements along ``axis``."""
    shape = list(_shape(x))
    shape[axis] = n
    return np.ones(shape, np.result_type(primal_value(x)))


def _product_of_last(x):
    """The product over the last axis as a tree of pairwise products: log2(n)
    steps of plain multiplications, so a zero factor gets its exact derivative
    (the product of the others) at every order."""
    n = _shape(x)[-1]
    last = len(_shape(x)) - 1
    while n > 1:
        if n % 2:
            x = concat([x, _ones_like_along(x, last, 1)], last)
            n += 1
        x = ew.mul(getitem(x, _slice_along(last, 0, None, 2)),
                   getitem(x, _slice_along(last, 1, None, 2)))
        n //= 2
    return getitem(x, (Ellipsis, 0)) if n else np.ones(_shape(x)[:-1],
                                                       np.result_type(primal_value(x)))


def prod(input, axis=None, keep_dims=False, dtype=None):
    """The product of the elements over ``axis`` (all axes when None or ()).

    Its derivatives are exact with zeros among the factors (the product of
    the other factors, not prod / x), at every order.  Integer and bool
    tensors multiply in int64, as in MindSpore; ``dtype`` casts first.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[2.0, 0.0, 3.0], [1.0, 2.0, 4.0]])
    >>> ops.prod(x, 1)
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  8.00000000e+00])
    >>> ms.grad(lambda x: ops.prod(x, 1).sum())(x)
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 0.00000000e+00,  6.00000000e+00,  0.00000000e+00],
     [ 8.00000000e+00,  4.00000000e+00,  2.00000000e+00]])
    """
    x = _as_dtype(input, dtype)
    shape = _shape(x)
    axes = _normalize_axes(every_axis_if_empty(axis), len(shape), "prod: axis")
    if _integer(x):
        # MindSpore multiplies integers and bools in int64.
        return per_example(x, lambda v, k: np.prod(v, axis=tuple(a + k for a in axes),
                                                    keepdims=flag(keep_dims, "keep_dims", 'prod'), dtype=np.int64))
    others = [i for i in range(len(shape)) if i not in axes]
    count = math.prod(shape[a] for a in axes)
    flat = reshape(transpose(x, others + list(axes)), [shape[i] for i in others] + [count])
    kept = [1 if i in axes else n for i, n in enumerate(shape)]
    return reshape(_product_of_last(flat), kept if keep_dims else [shape[i] for i in others])


def cumprod(input, dim, dtype=None):
    """Running products along ``dim``.

    Computed in doubling steps (Hillis-Steele): each element is multiplied by
    the running product ending 1, 2, 4... places before it, so zeros get
    exact derivatives at every order (MindSpore's gradient divides by them,
    and is NaN there).  Integer tensors multiply in int64, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([2.0, 0.0, 3.0])
    >>> ops.cumprod(x, 0)
    Tensor(shape=[3], dtype=Float32, value= [ 2.00000000e+00,  0.00000000e+00,  0.00000000e+00])
    >>> ms.grad(lambda x: ops.cumprod(x, 0).sum())(x)
    Tensor(shape=[3], dtype=Float32, value= [ 1.00000000e+00,  8.00000000e+00,  0.00000000e+00])
    """
    x = _as_dtype(input, dtype)
    axis = _axis(dim, _at_least_1d(x, "cumprod"), "cumprod", "dim")
    if _integer(x):
        return per_example(x, lambda v, k: np.cumprod(v, axis=axis + k, dtype=np.int64))
    n, k = _shape(x)[axis], 1
    while k < n:
        shifted = concat([_ones_like_along(x, axis, k),
                          getitem(x, _slice_along(axis, 0, n - k))], axis)
        x = ew.mul(x, shifted)
        k *= 2
    return x


# ---------------------------------------------------------------------------
# Contractions

def tensor_dot(x1, x2, axes):
    """Products of x1 and x2 summed over ``axes`` (NumPy's tensordot): an int n
    pairs the last n axes of x1 with the first n of x2; a pair of sequences
    names the axes of each.  The result has x1's other axes, then x2's.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> a = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.tensor_dot(a, a, ((0,), (0,)))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+01,  1.40000000e+01],
     [ 1.40000000e+01,  2.00000000e+01]])
    """
    s1, s2 = _shape(x1), _shape(x2)
    if isinstance(axes, (int, np.integer)) and not isinstance(axes, (bool, np.bool_)):
        n = int(axes)
        if not 0 <= n <= min(len(s1), len(s2)):
            raise ValueError(f"tensor_dot: axes={n} must be between 0 and the smaller rank "
                             f"of shapes {s1} and {s2}")
        a1, a2 = tuple(range(len(s1) - n, len(s1))), tuple(range(n))
    elif isinstance(axes, (tuple, list)) and len(axes) == 2:
        a1 = _axes_argument(axes[0], len(s1), "tensor_dot", "axes")
        a2 = _axes_argument(axes[1], len(s2), "tensor_dot", "axes")
        if len(a1) != len(a2):
            raise ValueError(f"tensor_dot: axes must name as many axes of x1 as of x2, got "
                             f"{axes!r}")
    else:
        raise TypeError(f"tensor_dot: axes must be an int or a pair of axis sequences, got "
                        f"{axes!r}")
    if any(s1[i] != s2[j] for i, j in zip(a1, a2)):
        raise ValueError(f"tensor_dot: the contracted axes of shapes {s1} and {s2} differ in "
                         f"size ({[s1[i] for i in a1]} and {[s2[j] for j in a2]})")
    free1 = [i for i in range(len(s1)) if i not in a1]
    free2 = [j for j in range(len(s2)) if j not in a2]
    inner = math.prod(s1[i] for i in a1)
    left = reshape(transpose(x1, free1 + list(a1)), (math.prod(s1[i] for i in free1), inner))
    right = reshape(transpose(x2, list(a2) + free2), (inner, math.prod(s2[j] for j in free2)))
    return reshape(matmul(left, right), [s1[i] for i in free1] + [s2[j] for j in free2])


def dot(input, other):
    """NumPy's dot: the last axis of ``input`` against the second to last of
    ``other`` (its only axis when other is a vector).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.dot(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[3.0], [4.0]]))
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 1.10000000e+01]])
    """
    x1, x2 = input, other
    s1, s2 = _shape(x1), _shape(x2)
    if not s1 or not s2:
        raise ValueError(f"dot: input and other must have at least one dimension, got shapes "
                         f"{s1} and {s2}")
    other_axis = len(s2) - 2 if len(s2) > 1 else 0
    if s1[-1] != s2[other_axis]:
        raise ValueError(f"dot: shapes {s1} and {s2} do not align ({s1[-1]} != "
                         f"{s2[other_axis]})")
    return tensor_dot(x1, x2, ((len(s1) - 1,), (other_axis,)))


def trace(input):
    """The sum of the main diagonal of a matrix; integers keep their dtype.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.trace(ms.Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    Tensor(shape=[], dtype=Float32, value= 6)
    """
    x = input
    shape = _shape(x)
    if len(shape) != 2:
        raise ValueError(f"trace: input must be a 2-D tensor, got shape {shape}")
    k = np.arange(min(shape))
    if _integer(x):
        return per_example(x, lambda v, k: np.trace(
            v, axis1=k, axis2=k + 1, dtype=v.dtype if v.dtype.kind != "b" else np.int64))
    return sum_(getitem(x, (k, k)))


def diag(input):
    """The tensor of rank 2k with ``input`` (rank k >= 1) on its diagonal,
    out[i..., i...] = input[i...], zeros elsewhere (MindSpore's Diag).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diag(ms.Tensor([1.0, 2.0]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  2.00000000e+00]])
    """
    x = input
    shape = _shape(x)
    _at_least_1d(x, "diag")
    n = math.prod(shape)
    if _integer(x):
        return per_example(x, lambda v, k: (v.reshape(v.shape[:k] + (n, 1))
                                            * np.eye(n, dtype=v.dtype))
                           .reshape(v.shape[:k] + shape + shape))
    column = reshape(x, (n, 1))
    return reshape(ew.mul(column, np.eye(n, dtype=np.result_type(primal_value(x)))),
                   shape + shape)


def _einsum_parse(equation, shapes):
    if not isinstance(equation, str):
        raise TypeError(f"einsum: equation must be a str, got {type(equation).__name__}")
    spec = equation.replace(" ", "")
    lhs, arrow, rhs = spec.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: the equation {equation!r} names {len(terms)} operands, got "
                         f"{len(shapes)}")
    width = max([len(s) - len(t.replace("...", "")) for t, s in zip(terms, shapes)
                 if "..." in t] or [0])
    # The axes an ellipsis stands for get labels of their own, right-aligned
    # across the operands as broadcasting aligns them.
    ellipsis = [chr(0x2460 + i) for i in range(width)]
    labels = []
    for t, s in zip(terms, shapes):
        if "." in t.replace("...", "") or t.count("...") > 1:
            raise ValueError(f"einsum: malformed ellipsis in {equation!r}")
        named = t.replace("...", "")
        if any(not c.isalpha() for c in named):
            raise ValueError(f"einsum: labels must be letters, got {t!r} in {equation!r}")
        if "..." in t:
            k = len(s) - len(named)
            if k < 0:
                raise ValueError(f"einsum: {t!r} has more labels than its operand of shape {s}")
            at = t.index("...")
            labels.append(list(t[:at]) + ellipsis[width - k:] + list(t[at + 3:]))
        else:
            if len(t) != len(s):
                raise ValueError(f"einsum: {t!r} names {len(t)} axes, its operand has shape {s}")
            labels.append(list(t))
    if arrow:
        if ("." in rhs.replace("...", "") or rhs.count("...") > 1
                or any(not c.isalpha() for c in rhs.replace("...", ""))):
            raise ValueError(f"einsum: malformed output {rhs!r} in {equation!r}")
        # Without an ellipsis in the output, its axes are summed over.
        out = list(rhs.replace("...", "".join(ellipsis)))
    else:
        counts = {}
        for ls in labels:
            for c in ls:
                counts[c] = counts.get(c, 0) + 1
        out = ellipsis + sorted(c for c, k in counts.items() if k == 1 and c not in ellipsis)
    if len(set(out)) != len(out):
        raise ValueError(f"einsum: the output {rhs!r} repeats a label")
    known = {c for ls in labels for c in ls}
    if any(c not in known for c in out):
        raise ValueError(f"einsum: the output of {equation!r} names a label no operand has")
    return labels, out


def _einsum_diagonal(x, labels):
    """x with each repeated label reduced to its diagonal (one axis)."""
    while len(set(labels)) != len(labels):
        c = next(c for c in labels if labels.count(c) > 1)
        at = [i for i, d in enumerate(labels) if d == c]
        rest = [i for i in range(len(labels)) if i not in at]
        x = transpose(x, at + rest)
        k = np.arange(_shape(x)[0])
        x = getitem(x, (k,) * len(at))
        labels = [c] + [labels[i] for i in rest]
    return x, labels


def _einsum_pair(a, la, b, lb, keep, sizes):
    """Contract a and b over their shared labels not in ``keep``, as one matmul."""
    batch = [c for c in la if c in lb and c in keep]
    inner = [c for c in la if c in lb and c not in keep]
    free_a = [c for c in la if c not in lb]
    free_b = [c for c in lb if c not in la]

    def arrange(x, labels, order, shape):
        x = transpose(x, [labels.index(c) for c in order])
        return reshape(x, shape)
    n = [math.prod(sizes[c] for c in group) for group in (batch, free_a, inner, free_b)]
    left = arrange(a, la, batch + free_a + inner, (n[0], n[1], n[2]))
    right = arrange(b, lb, batch + inner + free_b, (n[0], n[2], n[3]))
    out = reshape(matmul(left, right), [sizes[c] for c in batch + free_a + free_b])
    return out, batch + free_a + free_b


def einsum(equation, *operands):
    """Einstein summation over the operands, as NumPy's einsum: labels shared by
    operands are multiplied along, labels absent from the output (after
    '->', or in implicit mode every label used once, sorted) are summed over;
    '...' stands for broadcast axes, and a label repeated in one operand
    takes its diagonal.  Operands are contracted in pairs, left to right, each
    as one matmul.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> a = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.einsum('ij,ij->i', a, a)
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  2.50000000e+01])
    >>> ops.einsum('ii', a)
    Tensor(shape=[], dtype=Float32, value= 5)
    """
    if len(operands) == 1 and isinstance(operands[0], (tuple, list)):
        operands = tuple(operands[0])
    if not operands:
        raise ValueError("einsum: expected at least one operand")
    shapes = [_shape(x) for x in operands]
    labels, out = _einsum_parse(equation, shapes)
    sizes = {}
    for ls, s in zip(labels, shapes):
        for c, n in zip(ls, s):
            if sizes.get(c, 1) != 1 and n not in (1, sizes[c]):
                raise ValueError(f"einsum: label {c!r} of {equation!r} stands for axes of "
                                 f"sizes {sizes[c]} and {n}")
            sizes[c] = max(sizes.get(c, 1), n)
    terms = []
    for x, ls in zip(operands, labels):
        # A size-1 axis broadcasts against the label's size elsewhere.
        full = tuple(sizes[c] for c in ls)
        terms.append(_einsum_diagonal(broadcast_to(x, full), list(ls)))
    x, lx = terms[0]
    for i, (y, ly) in enumerate(terms[1:], 1):
        later = set(out).union(*(set(l) for _, l in terms[i + 1:]))
        x, lx = _sum_unneeded(x, lx, later | set(ly))
        y, ly = _sum_unneeded(y, ly, later | set(lx))
        x, lx = _einsum_pair(x, lx, y, ly, later, sizes)
    x, lx = _sum_unneeded(x, lx, set(out))
    return transpose(x, [lx.index(c) for c in out])


def _sum_unneeded(x, labels, needed):
    """x summed over the axes whose labels are not ``needed``."""
    lone = tuple(k for k, c in enumerate(labels) if c not in needed)
    if not lone:
        return x, labels
    return sum_(x, lone), [c for k, c in enumerate(labels) if k not in lone]


# ---------------------------------------------------------------------------
# Rearrangements

def flatten(input, order="C", *, start_dim=1, end_dim=-1):
    """Axes start_dim..end_dim merged into one (by default all but the first);
    ``order='F'`` reverses the axes first.  0-d and 1-D inputs become 1-D.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.flatten(ms.Tensor(np.ones((2, 3, 4)))).shape
    (2, 12)
    >>> ops.flatten(ms.Tensor(np.ones((2, 3, 4))), start_dim=0, end_dim=1).shape
    (6, 4)
    """
    x = input
    if order not in ("C", "F"):
        raise ValueError(f"flatten: order must be 'C' or 'F', got {order!r}")
    _check_int(start_dim, "start_dim", "flatten")
    _check_int(end_dim, "end_dim", "flatten")
    nd = len(_shape(x))
    if order == "F" and nd > 1:
        x = transpose(x)
    if nd <= 1 and (start_dim, end_dim) == (1, -1):
        return reshape(x, (-1,))
    start = _axis(start_dim, max(nd, 1), "flatten", "start_dim")
    end = _axis(end_dim, max(nd, 1), "flatten", "end_dim")
    if start > end:
        raise ValueError(f"flatten: start_dim ({start_dim}) must not come after end_dim "
                         f"({end_dim})")
    if nd <= 1:
        return reshape(x, (-1,))
    shape = _shape(x)
    return reshape(x, shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:])


def tile(input, dims):
    """``input`` repeated dims[i] times along axis i (dims and the shape aligned
    at the right, the shorter padded with ones).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tile(ms.Tensor([1.0, 2.0]), (2, 2))
    Tensor(shape=[2, 4], dtype=Float32, value=
    [[ 1.00000000e+00,  2.00000000e+00,  1.00000000e+00,  2.00000000e+00],
     [ 1.00000000e+00,  2.00000000e+00,  1.00000000e+00,  2.00000000e+00]])
    """
    x = input
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tile: dims must be a tuple of ints, got {type(dims).__name__}")
    dims = tuple(_check_int(d, "dims", "tile", 0) for d in dims)
    shape = _shape(x)
    k = max(len(dims), len(shape))
    dims = (1,) * (k - len(dims)) + dims
    shape = (1,) * (k - len(shape)) + shape
    # Each axis n becomes (1, n), broadcast to (r, n), and merged into r*n.
    spread = reshape(x, [m for n in shape for m in (1, n)])
    spread = broadcast_to(spread, tuple(m for r, n in zip(dims, shape) for m in (r, n)))
    return reshape(spread, tuple(r * n for r, n in zip(dims, shape)))


def split(tensor, split_size_or_sections, axis=0):
    """A tuple of pieces of ``tensor`` along ``axis``: of one size (an int; the
    last piece may be smaller), or of the given sizes (a tuple or list adding
    up to the axis' size).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> [p.shape for p in ops.split(ms.Tensor([0.0, 1.0, 2.0, 3.0, 4.0]), 2)]
    [(2,), (2,), (1,)]
    >>> [p.shape for p in ops.split(ms.Tensor([0.0, 1.0, 2.0, 3.0, 4.0]), [1, 4])]
    [(1,), (4,)]
    """
    x = tensor
    axis = _axis(axis, _at_least_1d(x, "split", "tensor"), "split")
    n = _shape(x)[axis]
    sections = split_size_or_sections
    if isinstance(sections, (tuple, list)):
        sizes = [_check_int(s, "split_size_or_sections", "split", 0) for s in sections]
        if sum(sizes) != n:
            raise ValueError(f"split: the sections {list(sections)} must add up to the size "
                             f"{n} of axis {axis}")
    else:
        size = _check_int(sections, "split_size_or_sections", "split", 1)
        sizes = [size] * (n // size) + ([n % size] if n % size or not n else [])
    pieces, start = [], 0
    for s in sizes:
        pieces.append(getitem(x, _slice_along(axis, start, start + s)))
        start += s
    return tuple(pieces)


def chunk(input, chunks, axis=0):
    """A tuple of at most ``chunks`` pieces of ``input`` along ``axis``, each of
    ceil(n / chunks) elements but the last (so fewer pieces when that is enough).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> [p.shape for p in ops.chunk(ms.Tensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0]), 4)]
    [(2,), (2,), (2,)]
    """
    x = input
    chunks = _check_int(chunks, "chunks", "chunk", 1)
    axis = _axis(axis, _at_least_1d(x, "chunk"), "chunk")
    n = _shape(x)[axis]
    return split(x, max(-(-n // chunks), 1), axis)


def _indices(index, name, owner):
    """An integer index as the engine takes it (under vmap, a Batched value whose
    examples differ) and all its values, every example's, for checks."""
    values = np.asarray(primal_value(index))
    if values.dtype.kind not in "iu":
        raise TypeError(f"{owner}: {name} must be integers, got dtype {values.dtype}")
    return (_core.strip(index) if _mapped(index) else values), values


def _unmapped_indices(index, name, owner):
    """An integer index's values, for functions that compute with them in NumPy
    (refused under vmap when they differ between the examples)."""
    if _mapped(index):
        raise NotImplementedError(f"vmap: {owner}: {name} that differ between the examples "
                                  "are not supported")
    return _indices(index, name, owner)[1]


def _check_range(values, n, owner, name, where):
    if values.size and (values.min() < -n or values.max() >= n):
        raise ValueError(f"{owner}: {name} must lie in [{-n}, {n}){where}, got values from "
                         f"{values.min()} to {values.max()}")


def gather(input_params, input_indices, axis, batch_dims=0):
    """``input_params`` at ``input_indices`` along ``axis``: the result's shape is
    params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:].
    With ``batch_dims`` b, the first b axes of params and indices are a batch:
    each element of it takes its own indices.  Negative indices count from
    the end; repeated ones add up their gradients.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> ops.gather(x, ms.Tensor([2, 0]), 1)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 3.00000000e+00,  1.00000000e+00],
     [ 6.00000000e+00,  4.00000000e+00]])
    """
    params = input_params
    idx, values = _indices(input_indices, "input_indices", "gather")
    shape, idx_shape = _shape(params), _shape(idx)
    axis = _axis(axis, _at_least_1d(params, "gather", "input_params"), "gather")
    b = _check_int(batch_dims, "batch_dims", "gather", 0)
    _check_range(values, shape[axis], "gather", "input_indices",
                 f" for axis {axis} of shape {shape}")
    if b > axis or b > len(idx_shape) or shape[:b] != idx_shape[:b]:
        raise ValueError(f"gather: batch_dims={b} needs batch_dims <= axis ({axis}) and the "
                         f"first {b} axes of input_params {shape} and input_indices "
                         f"{idx_shape} to agree")
    return batched_take(params, idx, axis, b)


def index_select(input, axis, index):
    """``input`` at the positions ``index`` (a 1-D integer tensor) along ``axis``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.index_select(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), 0, ms.Tensor([1, 1]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 3.00000000e+00,  4.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    x = input
    if len(_shape(index)) != 1:
        raise ValueError(f"index_select: index must be 1-D, got shape {_shape(index)}")
    return gather(x, index, axis)


def meshgrid(*inputs, indexing="xy"):
    """A tuple of coordinate grids from 1-D inputs: grid i holds input i along its
    axis i, repeated along the others; ``indexing='xy'`` (Cartesian) swaps the
    first two axes, ``'ij'`` (matrix) does not.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x, y = ops.meshgrid(ms.Tensor([1.0, 2.0, 3.0]), ms.Tensor([4.0, 5.0]))
    >>> x.asnumpy().tolist(), y.asnumpy().tolist()
    ([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[4.0, 4.0, 4.0], [5.0, 5.0, 5.0]])
    """
    if len(inputs) == 1 and isinstance(inputs[0], (tuple, list)):
        inputs = tuple(inputs[0])
    if not inputs:
        raise ValueError("meshgrid: expected at least one input")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    for i, x in enumerate(inputs):
        if len(_shape(x)) > 1:
            raise ValueError(f"meshgrid: inputs must be 1-D, got shape {_shape(x)} at "
                             f"position {i}")
    sizes = [math.prod(_shape(x)) for x in inputs]
    where_axis = list(range(len(inputs)))
    if indexing == "xy" and len(inputs) > 1:
        where_axis[0], where_axis[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for x, at in zip(inputs, where_axis):
        line = [1] * len(inputs)
        line[at] = sizes[at]
        grids.append(broadcast_to(reshape(x, line), tuple(sizes)))
    return tuple(grids)


def flip(input, dims):
    """``input`` reversed along each axis of ``dims`` (an int or a tuple).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.flip(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), (1,))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  1.00000000e+00],
     [ 4.00000000e+00,  3.00000000e+00]])
    """
    x = input
    axes = _axes_argument(dims, len(_shape(x)), "flip", "dims")
    if not axes:
        return x
    return getitem(x, tuple(slice(None, None, -1) if i in axes else slice(None)
                            for i in range(len(_shape(x)))))


def roll(input, shifts, dims=None):
    """``input`` shifted cyclically by ``shifts`` places along ``dims`` (ints or
    tuples of one length); with dims None, the flattened input is rolled and
    given its shape back.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.roll(ms.Tensor([0.0, 1.0, 2.0, 3.0, 4.0]), 2, 0).asnumpy().tolist()
    [3.0, 4.0, 0.0, 1.0, 2.0]
    """
    x = input
    if dims is None:
        shape = _shape(x)
        return reshape(roll(reshape(x, (-1,)), shifts, 0), shape)
    shifts = (shifts,) if isinstance(shifts, (int, np.integer)) else shifts
    dims = (dims,) if isinstance(dims, (int, np.integer)) else dims
    if not isinstance(shifts, (tuple, list)) or not isinstance(dims, (tuple, list)):
        raise TypeError(f"roll: shifts and dims must be ints or tuples of ints, got "
                        f"{shifts!r} and {dims!r}")
    if len(shifts) != len(dims):
        raise ValueError(f"roll: shifts and dims must have one length, got {shifts!r} and "
                         f"{dims!r}")
    nd = _at_least_1d(x, "roll")
    for s, d in zip(shifts, dims):
        s = _check_int(s, "shifts", "roll")
        d = _axis(d, nd, "roll", "dims")
        n = _shape(x)[d]
        s = s % n if n else 0
        if s:
            x = concat([getitem(x, _slice_along(d, n - s, None)),
                        getitem(x, _slice_along(d, 0, n - s))], d)
    return x


def _sorted_order(v, axis, descending):
    """Indices that sort v along ``axis``, stably (ties keep their order)."""
    if not descending:
        return np.argsort(v, axis=axis, kind="stable")
    # Stable descending: sort the reversed array stably, reverse the result back.
    n = v.shape[axis]
    order = np.argsort(np.flip(v, axis), axis=axis, kind="stable")
    return n - 1 - np.flip(order, axis)


def _take_along(x, idx, axis):
    """x at idx along ``axis``, idx of x's shape but for that axis (NumPy's
    take_along_axis; idx may differ between the examples of a vmap)."""
    nd = len(_shape(idx))
    last = [i for i in range(nd) if i != axis] + [axis]
    out = batched_take(transpose(x, last), transpose(idx, last), nd - 1, nd - 1)
    return transpose(out, list(np.argsort(last)))


def sort(input_x, axis=-1, descending=False):
    """(values, int32 indices) of ``input_x`` sorted along ``axis``; ties keep
    their order, and each value's derivative is that of the element it came
    from.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> values, indices = ops.sort(ms.Tensor([3.0, 1.0, 2.0]))
    >>> values.asnumpy().tolist(), indices
    ([1.0, 2.0, 3.0], Tensor(shape=[3], dtype=Int32, value= [1, 2, 0]))
    """
    x = input_x
    axis = _axis(axis, _at_least_1d(x, "sort", "input_x"), "sort")
    order = per_example(x, lambda v, k: _sorted_order(v, axis + k, bool(descending))
                        .astype(np.int32))
    return _take_along(x, order, axis), order


def topk(input, k, dim=None, largest=True, sorted=True):
    """(values, int32 indices) of the k largest (or smallest) elements along
    ``dim`` (the last axis when None), largest (smallest) first, ties in
    their order; ``sorted=False`` gives the same order.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> values, indices = ops.topk(ms.Tensor([3.0, 1.0, 2.0, 1.0]), 2)
    >>> values.asnumpy().tolist(), indices
    ([3.0, 2.0], Tensor(shape=[2], dtype=Int32, value= [0, 2]))
    """
    x = input
    nd = _at_least_1d(x, "topk")
    axis = _axis(-1 if dim is None else dim, nd, "topk", "dim")
    n = _shape(x)[axis]
    k = _check_int(k, "k", "topk")
    if not 1 <= k <= n:
        raise ValueError(f"topk: k must be in [1, {n}] for axis {axis} of shape {_shape(x)}, "
                         f"got {k}")
    order = per_example(x, lambda v, m: _sorted_order(v, axis + m, bool(largest))
                        [(slice(None),) * (axis + m) + (slice(0, k),)].astype(np.int32))
    return _take_along(x, order, axis), order


# ---------------------------------------------------------------------------
# Elementwise, composed

def logaddexp(input, other):
    """log(exp(input) + exp(other)), computed after subtracting the larger of the
    two so that it cannot overflow; integers compute in float32.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logaddexp(ms.Tensor([1000.0, 0.0]), ms.Tensor([1000.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00069318e+03,  6.93147182e-01])
    """
    a, b = floating(input), floating(other)
    dtype = np.result_type(primal_value(a), primal_value(b))
    # The shift is a constant to the derivative (the result does not depend on
    # it; each example's under vmap); infinite maxima shift by 0, so -inf and
    # -inf give -inf, not NaN.
    m = batched_logic("maximum", a, b)
    m = where(values_test("isfinite", "logaddexp", (m, "input")), m, np.zeros((), dtype))
    total = ew.add(ew.exp(ew.sub(a, m)), ew.exp(ew.sub(b, m)))
    return ew.add(ew.log(total), m)


def _numbers(x, owner, name="input"):
    v = np.asarray(primal_value(x))
    if v.dtype.kind not in "biuf":
        raise TypeError(f"{owner}: {name} must be a tensor or a number, got "
                        + (f"dtype {v.dtype}" if isinstance(x, np.ndarray) else type(x).__name__))
    return v


def values_test(op, owner, *operands, **options):
    """``np.<op>(..., **options)`` of the values of ``operands`` ((value, name) pairs,
    checked to be numbers): a result with no derivative.  Under vmap it is
    computed for each example (a Batched value), as comparisons are."""
    values = [_numbers(x, owner, name) for x, name in operands]
    if any(_mapped(x) for x, _ in operands):
        stripped = [_core.strip(x) for x, _ in operands]
        return batched_logic(op, stripped[0], stripped[1] if len(stripped) > 1 else None,
                             **options)
    # A Python number stays weak (float32 next to 0.1 computes in float32).
    return np.asarray(getattr(np, op)(*[x if type(x) in (bool, int, float) else v
                                        for (x, _), v in zip(operands, values)], **options))


def per_example(x, fn):
    """``fn(values, k)`` on x's values, whose k leading axes are the mapped axes of
    the vmaps around it (k = 0 outside vmap): for the reductions computed with
    NumPy on values (argmax, all, count_nonzero...)."""
    if _mapped(x):
        return batched_constant(x, fn)
    return np.asarray(fn(np.asarray(primal_value(x)), 0))


def isnan(input):
    """Where ``input`` is NaN (a bool tensor, with no derivative).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.isnan(ms.Tensor([1.0, float('nan'), float('inf')]))
    Tensor(shape=[3], dtype=Bool, value= [False,  True, False])
    """
    return values_test("isnan", "isnan", (input, "input"))


def isinf(input):
    """Where ``input`` is +inf or -inf (a bool tensor, with no derivative)."""
    return values_test("isinf", "isinf", (input, "input"))


def isfinite(input):
    """Where ``input`` is neither NaN nor infinite (a bool tensor, with no derivative)."""
    return values_test("isfinite", "isfinite", (input, "input"))


# ---------------------------------------------------------------------------
# Group "losses and composites": clipping, block diagonals, at-least-n-d views,
# rot90 and pad, composed of the primitives above.

def _per_tensor(fn, x):
    """fn of a tensor, or a tuple of fn of each of a tuple or list of them (as
    MindSpore returns them)."""
    if isinstance(x, (tuple, list)):
        return tuple(fn(v) for v in x)
    return fn(x)


def _bound(value, dtype, name, owner):
    """A clipping bound in the clipped tensor's dtype, as MindSpore casts it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            primal_value(value), (int, float, np.integer, np.floating, np.ndarray)):
        raise TypeError(f"{owner}: {name} must be None, a number or a Tensor, got "
                        f"{type(value).__name__}")
    if isinstance(value, _core.Box):
        return cast(value, dtype)
    try:
        return np.asarray(primal_value(value)).astype(dtype)
    except OverflowError:
        raise ValueError(f"{owner}: {name} {value} does not fit in the tensor's dtype "
                         f"{np.dtype(dtype)}") from None


def clip_by_value(x, clip_value_min=None, clip_value_max=None):
    """``x`` (a tensor, or each of a tuple or list of them, returned as a tuple) limited to
    [clip_value_min, clip_value_max], the bounds cast to its dtype; as
    max(x, min) then min(·, max), so a value at a bound shares the derivative
    with it (1/2), as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.clip_by_value(ms.Tensor([-2.0, 0.5, 3.0]), -1.0, 2.0)
    Tensor(shape=[3], dtype=Float32, value= [-1.00000000e+00,  5.00000000e-01,  2.00000000e+00])
    """
    owner = "clip_by_value"
    if clip_value_min is None and clip_value_max is None:
        raise ValueError(f"{owner}: at least one of clip_value_min and clip_value_max must be "
                         f"given")

    def clipped(v):
        dtype = _numbers(v, owner, "x").dtype
        if clip_value_min is not None:
            v = ew.maximum(v, _bound(clip_value_min, dtype, "clip_value_min", owner))
        if clip_value_max is not None:
            v = ew.minimum(v, _bound(clip_value_max, dtype, "clip_value_max", owner))
        return v
    return _per_tensor(clipped, x)


def clip_by_norm(x, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """``x`` (a tensor, or a tuple or list of them) scaled by max_norm / (norm +
    1e-6) when that is below 1, the norm of order ``norm_type`` taken over every
    element of every tensor together.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.clip_by_norm(ms.Tensor([3.0, 4.0]), 1.0)
    Tensor(shape=[2], dtype=Float32, value= [ 5.99999905e-01,  7.99999833e-01])
    """
    owner = "clip_by_norm"
    max_norm = _numbers(max_norm, owner, "max_norm")
    if np.size(max_norm) != 1:
        raise TypeError(f"{owner}: max_norm must be a number, got an array of shape "
                        f"{np.shape(max_norm)}")
    max_norm = float(np.reshape(max_norm, ()))
    if isinstance(norm_type, bool) or not isinstance(norm_type, (int, float)):
        raise TypeError(f"{owner}: norm_type must be a number, got {type(norm_type).__name__}")
    tensors = [floating(v) for v in (x if isinstance(x, (tuple, list)) else (x,))]
    if not tensors:
        return x
    norms = [vector_norm(v, norm_type, tuple(range(len(_shape(v)))), False) for v in tensors]
    total = vector_norm(reshape(concat([reshape(n, (1,)) for n in norms], 0), (-1,)),
                        norm_type, (0,), False)
    if error_if_nonfinite and not np.all(np.isfinite(primal_value(constant(total)))):
        raise ValueError(f"{owner}: the total norm of order {norm_type} is not finite")
    scale = ew.div(max_norm, ew.add(total, 1e-6))
    below = constant(scale) < 1
    clipped = [where(below, ew.mul(v, scale), v) for v in tensors]
    return tuple(clipped) if isinstance(x, (tuple, list)) else clipped[0]


def _safe_root(square_sum):
    """sqrt of a sum of squares, whose derivative at 0 is 0 rather than 0·inf = NaN
    (where a norm of zeros takes no part in the result, as in the clips)."""
    positive = constant(square_sum) > 0
    root = ew.sqrt(where(positive, square_sum, 1.0))
    return where(positive, root, square_sum)


def clip_by_global_norm(x, clip_norm=1.0, use_norm=None):
    """The tensors of ``x`` (a tuple or list, or one tensor) scaled together by
    clip_norm / max(global norm, clip_norm), the global norm being the 2-norm of
    all their elements; a tuple of them (one tensor for one).  Each keeps its
    dtype; the norm is taken in the widest of them.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.clip_by_global_norm((ms.Tensor([3.0, 0.0]), ms.Tensor([4.0])), 1.0)
    (Tensor(shape=[2], dtype=Float32, value= [ 6.00000024e-01,  0.00000000e+00]), \
Tensor(shape=[1], dtype=Float32, value= [ 8.00000012e-01]))
    """
    owner = "clip_by_global_norm"
    if use_norm is not None:
        raise ValueError(f"{owner}: use_norm must be None (the global norm is computed "
                         f"here), got {use_norm!r}")
    if isinstance(clip_norm, (bool, np.bool_)) or not isinstance(
            clip_norm, (int, float, np.integer, np.floating)):
        raise TypeError(f"{owner}: clip_norm must be a number, got {type(clip_norm).__name__}")
    if not clip_norm > 0 or not math.isfinite(clip_norm):
        raise ValueError(f"{owner}: clip_norm must be a finite number > 0, got {clip_norm}")
    clip_norm = float(clip_norm)
    tensors = list(x) if isinstance(x, (tuple, list)) else [x]
    dtypes = []
    for i, v in enumerate(tensors):
        dtype = np.asarray(primal_value(v)).dtype
        if dtype.kind != "f":
            raise TypeError(f"{owner}: x[{i}] must hold floating-point numbers (gradients), "
                            f"got dtype {dtype}")
        dtypes.append(dtype)
    if not tensors:
        return ()
    wide = np.result_type(*dtypes)
    square_sum = None
    for v in tensors:
        w = cast(v, wide)
        part = sum_(ew.mul(w, w))
        square_sum = part if square_sum is None else ew.add(square_sum, part)
    total = _safe_root(square_sum)
    # MindSpore's select: the clip norm itself where the global norm does not exceed it
    divisor = where(constant(total) > clip_norm, total, clip_norm)
    scale = ew.div(clip_norm, divisor)
    clipped = tuple(ew.mul(v, cast(scale, dtype)) for v, dtype in zip(tensors, dtypes))
    return clipped if isinstance(x, (tuple, list)) else clipped[0]


def block_diag(*inputs):
    """The block-diagonal matrix of the inputs (0-d ones are 1x1 blocks, 1-D ones
    rows), in their common dtype (integers next to floats take the floats').

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.block_diag(ms.Tensor([[1.0, 2.0]]), ms.Tensor(3.0))
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  2.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  3.00000000e+00]])
    """
    blocks = []
    for i, b in enumerate(inputs):
        shape = _shape(b)
        if len(shape) > 2:
            raise ValueError(f"block_diag: inputs must have at most 2 dimensions, input {i} "
                             f"has shape {shape}")
        blocks.append(reshape(b, (1,) * (2 - len(shape)) + shape))
    # MindSpore's promotion: next to a float, integers take its dtype
    dtypes = [_numbers(b, "block_diag").dtype for b in blocks] or [np.dtype(np.float32)]
    floats = [d for d in dtypes if d.kind == "f"]
    dtype = np.result_type(*(floats or dtypes))
    widths = [_shape(b)[1] for b in blocks]
    rows = []
    for i, b in enumerate(blocks):
        height = _shape(b)[0]
        parts = [np.zeros((height, sum(widths[:i])), dtype), cast(b, dtype),
                 np.zeros((height, sum(widths[i + 1:])), dtype)]
        rows.append(concat(parts, 1))
    return concat(rows, 0) if rows else np.zeros((0, 0), dtype)


def _at_least(inputs, n, where_new):
    def raised(v):
        shape = _shape(v)
        return v if len(shape) >= n else reshape(v, where_new(shape))
    return _per_tensor(raised, inputs)


def atleast_1d(inputs):
    """A tensor (or each of a tuple or list of them) with at least 1 dimension.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.atleast_1d(ms.Tensor(1.0)).shape
    (1,)
    """
    return _at_least(inputs, 1, lambda shape: (1,))


def atleast_2d(inputs):
    """A tensor (or each of a tuple or list of them) with at least 2 dimensions: a
    1-D one becomes a row.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.atleast_2d(ms.Tensor([1.0, 2.0])).shape
    (1, 2)
    """
    return _at_least(inputs, 2, lambda shape: (1,) * (2 - len(shape)) + shape)


def atleast_3d(inputs):
    """A tensor (or each of a tuple or list of them) with at least 3 dimensions, as
    NumPy's: (n,) becomes (1, n, 1) and (m, n) becomes (m, n, 1).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.atleast_3d(ms.Tensor([1.0, 2.0])).shape
    (1, 2, 1)
    """
    return _at_least(inputs, 3, lambda shape: {0: (1, 1, 1), 1: (1,) + shape + (1,),
                                               2: shape + (1,)}[len(shape)])


def rot90(input, k, dims):
    """``input`` rotated by k quarter turns in the plane of ``dims`` (two axes),
    from the first axis towards the second, as NumPy's ``rot90``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.rot90(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), 1, (0, 1))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  4.00000000e+00],
     [ 1.00000000e+00,  3.00000000e+00]])
    """
    k = _check_int(k, "k", "rot90") % 4
    if not isinstance(dims, (tuple, list)) or len(dims) != 2:
        raise ValueError(f"rot90: dims must be two axes, got {dims!r}")
    nd = len(_shape(input))
    if nd < 2:
        raise ValueError(f"rot90: input must have at least 2 dimensions, got {nd}")
    first, second = (_axis(d, nd, "rot90", "dims") for d in dims)
    if first == second:
        raise ValueError(f"rot90: dims must be two different axes, got {dims!r}")
    order = list(range(nd))
    order[first], order[second] = order[second], order[first]

    def reverse(x, axis):
        return getitem(x, _slice_along(axis, None, None, -1))
    if k == 1:
        return transpose(reverse(input, second), tuple(order))
    if k == 2:
        return reverse(reverse(input, first), second)
    if k == 3:
        return reverse(transpose(input, tuple(order)), second)
    return input


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def _pad_indices(n, left, right, mode):
    """The source index of each position of an axis of length n padded by (left,
    right) in ``mode``."""
    positions = np.arange(-left, n + right)
    if mode == "replicate":
        return np.clip(positions, 0, n - 1)
    if mode == "circular":
        return positions % n
    period = 2 * (n - 1)                        # reflect, the edges not repeated
    folded = np.abs(positions) % period if period else np.zeros_like(positions)
    return np.where(folded < n, folded, period - folded)


def pad(input_x, padding, mode="constant", value=None):
    """``input_x`` padded: ``padding`` holds (before, after) pairs for the last
    axis, then the one before it, and so on.  ``mode`` 'constant' fills with
    ``value`` (0 by default; negative sizes crop); 'reflect' mirrors the input
    about its edges (sizes below the axis' length), 'replicate' repeats the edge
    values, 'circular' wraps around (sizes up to the axis' length).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[0.0, 1.0, 2.0]])
    >>> ops.pad(x, (2, 1), mode='reflect')
    Tensor(shape=[1, 6], dtype=Float32, value=
    [[ 2.00000000e+00,  1.00000000e+00,  0.00000000e+00,  1.00000000e+00,  2.00000000e+00,  1.00000000e+00]])
    >>> ops.pad(x, (1, 0, 0, 1), value=9.0)
    Tensor(shape=[2, 4], dtype=Float32, value=
    [[ 9.00000000e+00,  0.00000000e+00,  1.00000000e+00,  2.00000000e+00],
     [ 9.00000000e+00,  9.00000000e+00,  9.00000000e+00,  9.00000000e+00]])
    """
    owner = "pad"
    if mode not in _PAD_MODES:
        raise ValueError(f"{owner}: mode must be one of {', '.join(_PAD_MODES)}, got {mode!r}")
    if isinstance(padding, (np.ndarray, _core.Box)) or hasattr(padding, "tolist"):
        padding = tuple(np.asarray(primal_value(padding)).reshape(-1).tolist())
    if not isinstance(padding, (tuple, list)):
        raise TypeError(f"{owner}: padding must be a tuple or list of ints, got "
                        f"{type(padding).__name__}")
    padding = [_check_int(p, "padding", owner) for p in padding]
    shape = _shape(input_x)
    if len(padding) % 2 or len(padding) > 2 * len(shape):
        raise ValueError(f"{owner}: padding must hold a (before, after) pair for each of at "
                         f"most {len(shape)} axes, got {len(padding)} values")
    if mode != "constant" and value is not None:
        raise ValueError(f"{owner}: value is used by mode 'constant' only, got {value!r} with "
                         f"mode {mode!r}")
    x = input_x
    dtype = _numbers(x, owner, "input_x").dtype
    fill = np.asarray(primal_value(0 if value is None else value))
    if fill.ndim or fill.dtype.kind not in "biuf":
        got = f"one of shape {fill.shape}" if fill.ndim else type(value).__name__
        raise TypeError(f"{owner}: value must be a number or a 0-d Tensor, got {got}")
    fill = fill.astype(dtype)
    for i in range(0, len(padding), 2):
        axis, (left, right) = len(shape) - 1 - i // 2, padding[i:i + 2]
        n = _shape(x)[axis]
        if mode == "constant":
            # negative sizes crop first
            x = getitem(x, _slice_along(axis, max(-left, 0), n - max(-right, 0)))
            sizes = [max(left, 0), max(right, 0)]
            if any(sizes):
                blocks = [np.full(_shape(x)[:axis] + (s,) + _shape(x)[axis + 1:], fill)
                          for s in sizes]
                x = concat([blocks[0], x, blocks[1]], axis)
            continue
        limit = {"reflect": n - 1, "replicate": None, "circular": n}[mode]
        if min(left, right) < 0 or (limit is not None and max(left, right) > limit) or \
                (n == 0 and left + right):
            raise ValueError(f"{owner}: mode {mode!r} takes padding sizes from 0 to "
                             f"{'any' if limit is None else limit} for axis {axis} of length "
                             f"{n}, got ({left}, {right})")
        if left or right:
            x = getitem(x, (slice(None),) * axis + (_pad_indices(n, left, right, mode),))
    return x
