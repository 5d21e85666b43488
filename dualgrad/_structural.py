"""Structural primitives: shape changes, indexing, reductions, where, matmul.

Most of them are *linear* in their array arguments (reshape, sum, cumsum,
indexing, concat...).  For a linear map L every mode follows from L itself and its
transpose: the tangent of L(x) is L(t), each hyper-dual part is L of that
part, and the cotangent is Lᵀ(g).  So a linear primitive gives ``impl`` and
``transpose``, written with primitives so that nested differentiation works.

``nb`` is the number of leading batch axes of directions that every array
argument carries (the parameters — axes, indices, shapes — describe one
direction).  A batched forward pass (a Hessian, a Laplacian, jacfwd) binds
its primitives with ``nb=1``; differentiating that pass again goes through the
same rules: forward mode over it binds ``nb=2``, and reverse mode transposes
the batched primitive into batched primitives.

max/min reductions are linear once the selected elements are fixed, and
matmul is bilinear; both are spelled out below.
"""
import math

import numpy as np

from . import _elementwise as ew
from ._core import (OPERATORS, TANGENT_ONLY, Box, Dual, Primitive, make_dual, primal_value,
                    shape_of, strip)

mul = ew.mul
add = ew.add


class InvalidIndexError(IndexError, ValueError):
    """An index that does not fit the array (an IndexError and a ValueError, like
    NumPy's AxisError, so that either kind of handler catches it)."""


def _normalize_axes(axis, ndim, name="axis"):
    """A tuple of non-negative axes (None: all), with a clear error when out of range."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axes = (axis,)
    elif isinstance(axis, (tuple, list)):
        axes = tuple(axis)
    else:
        raise TypeError(f"{name}: expected an int or a tuple of ints, got {axis!r}")
    out = []
    for a in axes:
        if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
            raise TypeError(f"{name}: expected an int or a tuple of ints, got {axis!r}")
        a = int(a)
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise ValueError(f"{name}: {axis!r} is out of range for a {ndim}-d array")
        if ndim:            # (a 0-d array has no axes: 0 and -1 name it whole)
            out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{name}: repeated axis in {axis!r}")
    return tuple(sorted(out))


def flag(value, name, owner):
    """A bool option (keepdims...): a bool, a number or a one-element array, never an
    array of many values (NumPy: "the truth value of an array is ambiguous")."""
    if value is True or value is False:
        return value
    if value is None or isinstance(value, (int, float, np.bool_, np.integer, np.floating)):
        return bool(value)
    v = primal_value(value)
    if isinstance(v, np.ndarray) and v.size == 1 and v.dtype.kind in "biuf":
        return bool(v)
    shape = v.shape if isinstance(v, np.ndarray) else getattr(value, "shape", None)
    raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}"
                    + (f" of shape {tuple(shape)}" if shape is not None else ""))


def every_axis_if_empty(axis):
    """MindSpore's reductions read an empty tuple or list of axes as every axis (NumPy's
    as none): None for it, else ``axis`` unchanged."""
    return None if isinstance(axis, (tuple, list)) and not axis else axis


def _as_array(x):
    return x if isinstance(x, np.ndarray) else np.asarray(x)


def _sum_leading(x, axes):
    """x summed over ``axes`` (sorted), kept as size-1 axes; None where NumPy should.

    NumPy sums a C-contiguous array over its leading axes one row at a time,
    which for narrow rows (a bias gradient over a batch, 256 × 64; a column
    of point coordinates, 100000 × 3) takes 3-14× as long as BLAS's
    matrix-vector product of a vector of ones with the same rows: the same
    additions in the same precision, one accumulation per column either way.
    """
    lead = len(axes)
    if (axes != tuple(range(lead)) or lead >= x.ndim or x.dtype not in _BLAS_DTYPES
            or not x.flags.c_contiguous):
        return None
    rows = math.prod(x.shape[:lead])
    if rows < 2 or x.size in (0, rows):
        return None
    flat = x.reshape(rows, -1)
    # Blocks of rows, so that the vector of ones stays small for any array;
    # one read-only vector per dtype, made once.
    ones = _ONES[x.dtype][:min(rows, _SUM_BLOCK_ROWS)]
    total = np.matmul(ones, flat[:len(ones)])
    for start in range(len(ones), rows, len(ones)):
        block = flat[start:start + len(ones)]
        total += np.matmul(ones[:len(block)], block)
    return total.reshape((1,) * lead + x.shape[lead:])


_BLAS_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))
_SUM_BLOCK_ROWS = 1 << 16


def _read_only_ones(dtype):
    ones = np.ones(_SUM_BLOCK_ROWS, dtype)
    ones.flags.writeable = False
    return ones


_ONES = {dtype: _read_only_ones(dtype) for dtype in _BLAS_DTYPES}


def _zeros_tangent(primal, nb, batch, dtype):
    """The zero tangent of a constant argument, in the dtype of the result."""
    return np.zeros(((batch,) if nb else ()) + tuple(shape_of(primal)), dtype)


def _batch_size(tangents, primals):
    for t, p in zip(tangents, primals):
        if t is not None and len(shape_of(t)) == len(shape_of(p)) + 1:
            return shape_of(t)[0]
    return None


class LinearPrimitive(Primitive):
    """A primitive linear in all its array arguments (static ``params``)."""

    def impl(self, *args, nb=0, **params):
        raise NotImplementedError

    def transpose(self, g, args, active, params):
        """Cotangents of the arguments (written with primitives)."""
        raise NotImplementedError

    def _apply_parts(self, parts, primals, nb, batch, params, out):
        """L applied to one part per argument (None = zero), batched when nb.

        The new batch axis goes in front of any the primitive already had.
        """
        if all(p is None for p in parts):
            return None
        if nb:
            params = dict(params, nb=params.get("nb", 0) + nb)
        if len(parts) == 1:
            return self.bind(parts, params)
        dtype = np.result_type(primal_value(out))
        filled = []
        for part, primal in zip(parts, primals):
            if part is None:
                part = _zeros_tangent(primal, nb, batch, dtype)
            elif nb and len(shape_of(part)) == len(shape_of(primal)):
                part = broadcast_to(part, (batch,) + tuple(shape_of(primal)))
            filled.append(part)
        return self.bind(tuple(filled), params)

    def jvp(self, primals, tangents, out, nb, params):
        return self._apply_parts(tangents, primals, nb, _batch_size(tangents, primals), params,
                                 out)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        batch = _batch_size(e1s, reals)
        e1 = self._apply_parts(e1s, reals, nb, batch, params, out)
        shared = all(a is b for a, b in zip(e1s, e2s))
        e2 = e1 if shared else self._apply_parts(e2s, reals, nb, batch, params, out)
        e12 = self._apply_parts(e12s, reals, 0 if collapsed else nb, batch, params, out)
        return e1, e2, e12

    def vjp(self, g, args, out, active, params):
        return self.transpose(g, args, active, params)


# ---------------------------------------------------------------------------
# Shape changes

class Reshape(LinearPrimitive):
    def impl(self, x, shape, nb=0):
        x = _as_array(x)
        return x.reshape(x.shape[:nb] + tuple(shape))

    def transpose(self, g, args, active, params):
        return (reshape(g, shape_of(args[0])),)


class Transpose(LinearPrimitive):
    def impl(self, x, axes, nb=0):
        x = _as_array(x)
        return x.transpose(tuple(range(nb)) + tuple(a + nb for a in axes))

    def transpose(self, g, args, active, params):
        inverse = tuple(int(i) for i in np.argsort(params["axes"]))
        return (transpose(g, inverse, nb=params.get("nb", 0)),)


class BroadcastTo(LinearPrimitive):
    # The result is materialised: the consumers' fused kernels want contiguous
    # arrays, and a cotangent of the broadcast input needs one anyway.
    def impl(self, x, shape, nb=0):
        x = _as_array(x)
        if nb:
            missing = len(shape) - (x.ndim - nb)
            if missing > 0:
                x = x.reshape(x.shape[:nb] + (1,) * missing + x.shape[nb:])
            shape = x.shape[:nb] + tuple(shape)
        out = np.empty(shape, x.dtype)
        out[...] = x
        return out

    def transpose(self, g, args, active, params):
        nb = params.get("nb", 0)
        return (sum_to(g, shape_of(args[0])[nb:], nb=nb),)


class SumTo(LinearPrimitive):
    """Sum over the axes that broadcasting to a larger shape added (unbroadcast)."""

    def impl(self, x, shape, nb=0):
        x = _as_array(x)
        shape = tuple(shape)
        lead = x.ndim - nb - len(shape)
        axes = tuple(range(nb, nb + lead)) + tuple(
            nb + lead + i for i, n in enumerate(shape) if n == 1 and x.shape[nb + lead + i] != 1)
        if axes:
            summed = _sum_leading(x, axes) if not nb else None
            x = x.sum(axis=axes, keepdims=True) if summed is None else summed
        return x.reshape(x.shape[:nb] + shape)

    def transpose(self, g, args, active, params):
        nb = params.get("nb", 0)
        return (broadcast_to(g, shape_of(args[0])[nb:], nb=nb),)


class Cast(LinearPrimitive):
    def impl(self, x, dtype, nb=0):
        return _as_array(x).astype(dtype)

    def transpose(self, g, args, active, params):
        return (cast(g, np.result_type(primal_value(args[0]))),)


# ---------------------------------------------------------------------------
# Indexing

def _index_shape(shape, index):
    """The shape of x[index] for x of ``shape``, without touching any data."""
    return np.broadcast_to(np.empty((), np.bool_), shape)[index].shape


def _is_basic(index):
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis
               for i in index)


def _without_ellipsis(index, ndim):
    """``index`` with its Ellipsis spelled out as slices, for an array of ``ndim`` axes."""
    if not any(i is Ellipsis for i in index):
        return index
    def axes_used(i):
        if isinstance(i, (bool, np.bool_)):
            return 0                       # a scalar bool adds an axis of its own
        if isinstance(i, np.ndarray) and i.dtype == np.bool_:
            return i.ndim
        return 1
    used = sum(axes_used(i) for i in index if i is not None and i is not Ellipsis)
    at = next(k for k, i in enumerate(index) if i is Ellipsis)
    return index[:at] + (slice(None),) * (ndim - used) + index[at + 1:]


def _batch_last(x, nb):
    return np.moveaxis(x, tuple(range(nb)), tuple(range(-nb, 0)))


def _batch_first(x, nb):
    return np.moveaxis(x, tuple(range(-nb, 0)), tuple(range(nb)))


class GetItem(LinearPrimitive):
    def impl(self, x, index, nb=0):
        x = _as_array(x)
        if not nb:
            out = x[index]
            return out if isinstance(out, np.ndarray) else np.asarray(out)
        if _is_basic(index):
            return x[(slice(None),) * nb + index]
        # Advanced indices that are not side by side put their axes first, so
        # the batch axes go last while indexing: the index then acts on one
        # direction's axes, wherever NumPy places its result.
        index = _without_ellipsis(index, x.ndim - nb)
        return _batch_first(_batch_last(x, nb)[index], nb)

    def transpose(self, g, args, active, params):
        nb = params.get("nb", 0)
        return (scatter_add(g, params["index"], tuple(shape_of(args[0]))[nb:], nb=nb),)


class ScatterAdd(LinearPrimitive):
    """zeros(shape) with g added at ``index`` (repeated indices accumulate)."""

    def impl(self, g, index, shape, nb=0):
        g = _as_array(g)
        if nb:
            # The transpose of GetItem's batched form: batch axes last here too.
            batch = g.shape[:nb]
            out = np.zeros(tuple(shape) + batch, g.dtype)
            _scatter_into(out, _without_ellipsis(index, len(shape)), _batch_last(g, nb))
            return np.ascontiguousarray(_batch_first(out, nb))
        out = np.zeros(tuple(shape), g.dtype)
        _scatter_into(out, index, g)
        return out

    def transpose(self, g, args, active, params):
        return (getitem(g, params["index"], nb=params.get("nb", 0)),)


def _scatter_into(out, index, values):
    if _is_basic(index):
        out[index] += values
    else:
        np.add.at(out, index, values)


# ---------------------------------------------------------------------------
# Joining and selecting

class Concat(LinearPrimitive):
    def impl(self, *xs, axis, nb=0):
        return np.concatenate([_as_array(x) for x in xs], axis=axis + nb)

    def transpose(self, g, args, active, params):
        axis = params["axis"] + params.get("nb", 0)     # g's axis, after the batch axes
        cts, start = [], 0
        for x, is_active in zip(args, active):
            n = shape_of(x)[axis]
            if is_active:
                index = (slice(None),) * axis + (slice(start, start + n),)
                cts.append(getitem(g, index))
            else:
                cts.append(None)
            start += n
        return tuple(cts)


class Stack(LinearPrimitive):
    def impl(self, *xs, axis, nb=0):
        return np.stack([_as_array(x) for x in xs], axis=axis + nb)

    def transpose(self, g, args, active, params):
        axis = params["axis"] + params.get("nb", 0)
        return tuple(getitem(g, (slice(None),) * axis + (i,)) if is_active else None
                     for i, is_active in enumerate(active))


class Where(LinearPrimitive):
    """where(condition, x, y): linear in x and y for a fixed boolean condition."""

    def impl(self, x, y, condition, nb=0):
        if not nb:
            # Python numbers stay Python numbers, so they take the array's dtype.
            return np.asarray(np.where(condition, x, y))
        # Batched: every array operand leads with the nb batch axes (a 0-d one,
        # the zero of a transpose, broadcasts as it is); the condition has none.
        x, y = _as_array(x), _as_array(y)
        nd = max([condition.ndim] + [v.ndim - nb for v in (x, y) if v.ndim])
        condition = condition.reshape((1,) * (nd + nb - condition.ndim) + condition.shape)
        x, y = (v.reshape(v.shape[:nb] + (1,) * (nd + nb - v.ndim) + v.shape[nb:])
                if v.ndim else v for v in (x, y))
        return np.where(condition, x, y)

    def transpose(self, g, args, active, params):
        c, nb = params["condition"], params.get("nb", 0)
        x, y = args
        batched = {"nb": nb} if nb else {}
        gx = (sum_to(_where(g, 0.0, condition=c, **batched), shape_of(x)[nb:], nb=nb)
              if active[0] else None)
        gy = (sum_to(_where(0.0, g, condition=c, **batched), shape_of(y)[nb:], nb=nb)
              if active[1] else None)
        return gx, gy


# ---------------------------------------------------------------------------
# Reductions

class Cumsum(LinearPrimitive):
    """Running sums along ``axis``, from the end when ``reverse``: the transpose of
    a running sum is the running sum the other way."""

    def impl(self, x, axis, reverse=False, nb=0):
        x = _as_array(x)
        axis += nb
        # NumPy sums small integers in the platform's int; MindSpore keeps the dtype.
        dtype = None if x.dtype.kind == "b" else x.dtype
        if not reverse:
            return np.cumsum(x, axis=axis, dtype=dtype)
        flipped = np.flip(np.cumsum(np.flip(x, axis), axis=axis, dtype=dtype), axis)
        return np.ascontiguousarray(flipped)

    def transpose(self, g, args, active, params):
        return (cumsum(g, params["axis"], not params.get("reverse", False),
                       nb=params.get("nb", 0)),)


class Sum(LinearPrimitive):
    def impl(self, x, axis, keepdims=False, nb=0):
        x = _as_array(x)
        axes = tuple(a + nb for a in axis)
        out = _sum_leading(x, axes)
        if out is not None:
            return out if keepdims else out.reshape(x.shape[len(axes):])
        out = x.sum(axis=axes, keepdims=keepdims)
        return out if isinstance(out, np.ndarray) else np.asarray(out)

    def transpose(self, g, args, active, params):
        shape = tuple(shape_of(args[0]))
        nb = params.get("nb", 0)
        # A reduction over every axis gives a 0-d g, which broadcasts as it is.
        if not params.get("keepdims") and len(params["axis"]) < len(shape):
            kept = tuple(1 if i - nb in params["axis"] else n for i, n in enumerate(shape))
            g = reshape(g, kept)
        return (broadcast_to(g, shape),)


def linear_in_first_hyper(apply, e1s, e2s, e12s, nb, collapsed):
    """The hyper-dual rule of a primitive linear in its first operand (the others
    constant): ``apply(part, nb)`` maps each part of that operand, None a zero."""
    e1 = apply(e1s[0], nb)
    e2 = e1 if e2s[0] is e1s[0] else apply(e2s[0], nb)
    return e1, e2, apply(e12s[0], 0 if collapsed else nb)


class Extremum(Primitive):
    """max or min over axes; the gradient goes to the selected elements.

    ``ties="split"`` shares it equally among tied elements (MindSpore's
    ReduceMax, amax and Tensor.max() without axis); ``ties="first"`` sends it
    to the first of them (MindSpore's Tensor.max(axis=...) and max(dim)).
    """

    def __init__(self, name, reduce, arg):
        Primitive.__init__(self, name)
        self.reduce = reduce
        self.arg = arg

    def impl(self, x, axis, keepdims=False, ties="split"):
        out = self.reduce(_as_array(x), axis=axis, keepdims=keepdims)
        return out if isinstance(out, np.ndarray) else np.asarray(out)

    def mask(self, x, axis, ties):
        """Weights of each input element in the result (a constant of x's shape)."""
        if isinstance(strip(x), Box):
            # Under vmap: the same weights, computed on every example at once.
            return OPERATORS["batched_constant"](
                x, lambda v, k: self.mask(v, tuple(a + k for a in axis), ties))
        x = np.asarray(primal_value(x))
        if ties == "split":
            hit = x == self.reduce(x, axis=axis, keepdims=True)
            return (hit / hit.sum(axis=axis, keepdims=True)).astype(x.dtype)
        moved = np.moveaxis(x, axis, tuple(range(-len(axis), 0)))
        kept = moved.ndim - len(axis)
        # (the reduced length given, not -1, which an empty kept axis leaves undetermined)
        flat = moved.reshape(moved.shape[:kept] + (math.prod(moved.shape[kept:]),))
        first = self.arg(flat, axis=-1)
        onehot = np.zeros(flat.shape, x.dtype)
        np.put_along_axis(onehot, first[..., None], 1, axis=-1)
        return np.moveaxis(onehot.reshape(moved.shape), tuple(range(-len(axis), 0)), axis)

    def _select(self, t, x, nb, params):
        if t is None:
            return None
        m = self.mask(x, params["axis"], params.get("ties", "split"))
        return sum_(mul(t, m), axis=params["axis"], keepdims=params.get("keepdims", False),
                    nb=nb)

    def jvp(self, primals, tangents, out, nb, params):
        return self._select(tangents[0], primals[0], nb, params)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        return linear_in_first_hyper(lambda t, n: self._select(t, reals[0], n, params),
                                     e1s, e2s, e12s, nb, collapsed)

    def vjp(self, g, args, out, active, params):
        x = args[0]
        shape = tuple(shape_of(x))
        if not params.get("keepdims"):
            g = reshape(g, tuple(1 if i in params["axis"] else n for i, n in enumerate(shape)))
        m = self.mask(x, params["axis"], params.get("ties", "split"))
        return (mul(broadcast_to(g, shape), m),)


# ---------------------------------------------------------------------------
# Matrix products

def _swap_last(x):
    nd = len(shape_of(x))
    return transpose(x, tuple(range(nd - 2)) + (nd - 1, nd - 2))


def _lead(x, batched):
    return tuple(shape_of(x)[:1]) if batched else ()


def matmul(a, b, transpose_a=False, transpose_b=False):
    """a @ b, optionally with the last two axes of a and/or b swapped first."""
    if transpose_a or transpose_b:
        return _matmul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b))
    return _matmul(a, b)


def _mm(x, y, bx, by):
    """matmul(x, y) where x (y) may carry a leading batch axis of directions.

    Vectors are promoted to matrices and the batch axis is kept in front of
    the broadcast batch dimensions, so the result is (K,) + matmul's shape.
    """
    if x is None or y is None:
        return None
    sx = tuple(shape_of(x))[bx:]
    sy = tuple(shape_of(y))[by:]
    if not bx and not by:
        return matmul(x, y)
    if (not by and len(sy) == 2 <= len(sx)) or (not bx and len(sx) == 2 <= len(sy)):
        # stacks of matrices times one matrix: matmul broadcasts the batch
        # axis as it should (a Taylor pass's directions times a weight)
        return matmul(x, y)
    x_vec, y_vec = len(sx) == 1, len(sy) == 1
    if x_vec:
        x = reshape(x, _lead(x, bx) + (1, sx[0]))
        sx = (1, sx[0])
    if y_vec:
        y = reshape(y, _lead(y, by) + (sy[0], 1))
        sy = (sy[0], 1)
    nd = max(len(sx), len(sy))
    if bx and len(sx) < nd:
        x = reshape(x, _lead(x, bx) + (1,) * (nd - len(sx)) + sx)
    if by and len(sy) < nd:
        y = reshape(y, _lead(y, by) + (1,) * (nd - len(sy)) + sy)
    if not bx:
        x = reshape(x, (1,) * (nd - len(sx)) + sx) if len(sx) < nd else x
        x = reshape(x, (1,) + tuple(shape_of(x)))
    if not by:
        y = reshape(y, (1,) * (nd - len(sy)) + sy) if len(sy) < nd else y
        y = reshape(y, (1,) + tuple(shape_of(y)))
    out = matmul(x, y)
    shape = tuple(shape_of(out))
    if y_vec:
        shape = shape[:-1]
    if x_vec:
        shape = shape[:-2] + shape[-1:] if not y_vec else shape[:-1]
    return reshape(out, shape)


class MatMul(Primitive):
    """NumPy's matmul: matrices, stacks of matrices (broadcast), vectors.

    ``transpose_a``/``transpose_b`` (as in MindSpore's MatMul) swap the last
    two axes of a matrix operand first; the reverse rules use them instead of
    separate transposes, which keeps forward over reverse lean.
    """

    def impl(self, a, b, transpose_a=False, transpose_b=False):
        a, b = _as_array(a), _as_array(b)
        for name, v in (("a", a), ("b", b)):
            if v.dtype.kind not in "biuf":
                raise TypeError(f"matmul: {name} must be an array of numbers, got dtype {v.dtype}")
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("matmul: both operands must have at least one dimension, "
                             f"got shapes {a.shape} and {b.shape}")
        if (transpose_a and a.ndim < 2) or (transpose_b and b.ndim < 2):
            raise ValueError("matmul: transpose_a/transpose_b need matrix operands")
        if transpose_a:
            a = a.swapaxes(-1, -2)
        if transpose_b:
            b = b.swapaxes(-1, -2)
        if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not align "
                             f"({a.shape[-1]} != {b.shape[-2 if b.ndim > 1 else 0]})")
        if a.ndim > 2 and b.ndim > 2:
            try:
                np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
            except ValueError:
                raise ValueError(f"matmul: the batch dimensions of shapes {a.shape} and "
                                 f"{b.shape} do not broadcast") from None
        if a.ndim > 1 and b.ndim > 1 and a.shape[-1] == 1:
            # An outer product: BLAS's gemm is slow with an inner dimension of 1,
            # and the broadcast product is the same single term per element.
            return np.multiply(a, b)
        return np.asarray(np.matmul(a, b))   # vector · vector: a 0-d array, not a scalar

    def _product(self, x, y, bx, by, params):
        """x @ y with this node's flags, where x or y may carry a batch axis."""
        if x is None or y is None:
            return None
        if not bx and not by:
            return self.bind((x, y), params)
        if params.get("transpose_a"):
            x = _swap_last(x)
        if params.get("transpose_b"):
            y = _swap_last(y)
        return _mm(x, y, bx, by)

    def jvp(self, primals, tangents, out, nb, params):
        (a, b), (ta, tb) = primals, tangents
        if (not nb and type(ta) is np.ndarray and type(tb) is np.ndarray
                and type(a) is np.ndarray and type(b) is np.ndarray
                and a.dtype == b.dtype == ta.dtype == tb.dtype):
            # Both operands carry tangents, as every product of forward over
            # reverse does: ta·b + a·tb, the second accumulated in place.
            t = self.impl(ta, b, **params)
            t += self.impl(a, tb, **params)
            return t
        return _add_opt(self._product(ta, b, nb, 0, params),
                        self._product(a, tb, 0, nb, params))

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        a, b = reals
        (a1, b1), (a2, b2), (a12, b12) = e1s, e2s, e12s
        shared = a1 is a2 and b1 is b2
        prod = self._product
        e1 = _add_opt(prod(a1, b, nb, 0, params), prod(a, b1, 0, nb, params))
        e2 = e1 if shared else _add_opt(prod(a2, b, nb, 0, params), prod(a, b2, 0, nb, params))
        nb12 = 0 if collapsed else nb
        e12 = _add_opt(prod(a12, b, nb12, 0, params), prod(a, b12, 0, nb12, params))
        cross = _add_opt(prod(a1, b2, nb, nb, params), prod(a2, b1, nb, nb, params))
        if cross is not None and collapsed:
            cross = sum_(cross, axis=(0,), keepdims=False)
        return e1, e2, _add_opt(e12, cross)

    def vjp(self, g, args, out, active, params):
        a, b = args
        sa, sb = tuple(shape_of(a)), tuple(shape_of(b))
        if len(sa) == 1 or len(sb) == 1:
            return self._vector_vjp(g, a, b, sa, sb, active)
        ta, tb = params.get("transpose_a", False), params.get("transpose_b", False)
        ga = gb = None
        # C = op(A) op(B): dop(A) = G op(B)ᵀ and dop(B) = op(A)ᵀ G, each
        # written as one flagged matmul (of its tangent alone where that is
        # all that is read).
        if active[0]:
            x, y, fa, fb = (b, g, tb, True) if ta else (g, b, False, not tb)
            product = _matmul_tangent_only if active[0] == TANGENT_ONLY else _flagged_matmul
            ga = sum_to(product(x, y, fa, fb), sa)
        if active[1]:
            x, y, fa, fb = (g, a, True, ta) if tb else (a, g, not ta, False)
            product = _matmul_tangent_only if active[1] == TANGENT_ONLY else _flagged_matmul
            gb = sum_to(product(x, y, fa, fb), sb)
        return ga, gb

    def _vector_vjp(self, g, a, b, sa, sb, active):
        """Vector operands are promoted to matrices, as matmul itself does."""
        a2 = reshape(a, (1,) + sa) if len(sa) == 1 else a
        b2 = reshape(b, sb + (1,)) if len(sb) == 1 else b
        g2 = g
        if len(sb) == 1:
            g2 = reshape(g2, tuple(shape_of(g2)) + (1,))
        if len(sa) == 1:
            gs = tuple(shape_of(g2))
            g2 = reshape(g2, gs[:-1] + (1,) + gs[-1:])
        ga = gb = None
        if active[0]:
            ga = reshape(sum_to(_matmul(g2, b2, transpose_b=True), tuple(shape_of(a2))), sa)
        if active[1]:
            gb = reshape(sum_to(_matmul(a2, g2, transpose_a=True), tuple(shape_of(b2))), sb)
        return ga, gb


def _flagged_matmul(x, y, transpose_a, transpose_b):
    return _matmul(x, y, transpose_a=transpose_a, transpose_b=transpose_b)


def _matmul_tangent_only(x, y, transpose_a, transpose_b):
    """x @ y (with the flags) where only the Dual tangent of the result is read.

    Forward over reverse sends a weight the Dual cotangent (xᵀg, ẋᵀg + xᵀġ);
    an HVP reads its tangent only, so the primal product — a third of the
    work — is skipped and a zero stands in for it.  Applies to Duals of one
    trace with plain array parts and no batch of directions; anything else
    takes the full product.
    """
    dx, dy = type(x) is Dual, type(y) is Dual
    trace = x.trace if dx else y.trace if dy else None
    parts = []
    for v, is_dual in ((x, dx), (y, dy)):
        if is_dual and (v.trace is not trace or v.nb):
            trace = None
        parts += [v.primal, v.tangent] if is_dual else [v, None]
    if trace is None or not all(p is None or type(p) is np.ndarray for p in parts):
        return _flagged_matmul(x, y, transpose_a, transpose_b)
    xp, xt, yp, yt = parts
    params = {"transpose_a": transpose_a, "transpose_b": transpose_b}
    tangent = _matmul.jvp((xp, yp), (xt, yt), None, 0, params)
    zero = np.broadcast_to(np.zeros((), tangent.dtype), tangent.shape)
    return make_dual(zero, tangent, trace)


def _add_opt(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return add(a, b)


# ---------------------------------------------------------------------------
# The primitives, and the functions that normalize their parameters

_reshape = Reshape("reshape")
_transpose = Transpose("transpose")
_broadcast_to = BroadcastTo("broadcast_to")
_sum_to = SumTo("sum_to")
_cast = Cast("cast")
_getitem = GetItem("getitem")
_scatter_add = ScatterAdd("scatter_add")
_concat = Concat("concat")
_stack = Stack("stack")
_where = Where("where")
_sum = Sum("sum")
_cumsum = Cumsum("cumsum")
_max = Extremum("max", np.max, np.argmax)
_min = Extremum("min", np.min, np.argmin)
_matmul = MatMul("matmul")

PRIMITIVES = (_reshape, _transpose, _broadcast_to, _sum_to, _cast, _getitem, _scatter_add,
              _concat, _stack, _where, _sum, _cumsum, _max, _min, _matmul)


def _shape_argument(shape, name):
    """A tuple of ints from an int or a sequence of ints (-1 allowed once)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{name}: shape must be an int or a tuple of ints, got {shape!r}")
    out = []
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"{name}: shape must be an int or a tuple of ints, got {shape!r}")
        if n < -1:
            raise ValueError(f"{name}: shape sizes must be >= 0 (or -1 once), got {shape!r}")
        out.append(int(n))
    return tuple(out)


def broadcast_shape_argument(shape, old):
    """broadcast_to's target shape for an input of shape ``old``, checked; MindSpore's
    -1 keeps that axis's size."""
    shape = _shape_argument(shape, "broadcast_to")
    if -1 in shape:
        lead = len(shape) - len(old)
        if lead < 0 or -1 in shape[:lead]:
            raise ValueError(f"broadcast_to: -1 in shape {shape} stands for an axis the input "
                             f"(shape {old}) does not have")
        shape = tuple(old[i - lead] if n == -1 else n for i, n in enumerate(shape))
    return shape


def reshape(x, shape, nb=0):
    shape = _shape_argument(shape, "reshape")
    old = tuple(shape_of(x))[nb:]
    size = math.prod(old)
    if -1 in shape:
        known = math.prod(n for n in shape if n != -1)
        if shape.count(-1) > 1 or (known and size % known) or (not known and size):
            raise ValueError(f"reshape: cannot reshape an array of shape {old} into {shape}")
        shape = tuple(size // known if n == -1 and known else (0 if n == -1 else n)
                      for n in shape)
    if math.prod(shape) != size:
        raise ValueError(f"reshape: cannot reshape an array of shape {old} into {shape}")
    if shape == old:
        return x
    return _reshape(x, shape=shape, nb=nb) if nb else _reshape(x, shape=shape)


def transpose(x, axes=None, nb=0):
    nd = len(shape_of(x)) - nb
    if axes is None:
        axes = tuple(range(nd - 1, -1, -1))
    given = tuple(axes)
    if any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in given):
        raise TypeError(f"transpose: axes must be ints, got {given!r}")
    if any(not -nd <= a < nd for a in given):
        raise ValueError(f"transpose: axes {given} are out of range for a {nd}-d array")
    axes = tuple(int(a) % nd for a in given)
    if sorted(axes) != list(range(nd)):
        raise ValueError(f"transpose: axes {given} are not a permutation of {nd} axes")
    if axes == tuple(range(nd)):
        return x
    return _transpose(x, axes=axes, nb=nb) if nb else _transpose(x, axes=axes)


def broadcast_to(x, shape, nb=0):
    shape = tuple(shape)
    old = tuple(shape_of(x))[nb:]
    if old == shape:
        return x
    if old and (len(old) > len(shape) or any(a != b and a != 1 for a, b in
                                             zip(old[::-1], shape[::-1]))):
        raise ValueError(f"broadcast_to: cannot broadcast shape {old} to {shape}")
    return _broadcast_to(x, shape=shape, nb=nb) if nb else _broadcast_to(x, shape=shape)


def sum_to(x, shape, nb=0):
    shape = tuple(int(n) for n in shape)
    if tuple(shape_of(x))[nb:] == shape:
        return x
    return _sum_to(x, shape=shape, nb=nb) if nb else _sum_to(x, shape=shape)


def cast(x, dtype):
    dtype = np.dtype(dtype)
    v = primal_value(x)
    if (np.asarray(v).dtype if isinstance(v, (tuple, list)) else np.result_type(v)) == dtype:
        return x
    if dtype.kind in "biu":
        # Integers carry no derivative (a step function's is 0 almost
        # everywhere): a plain array, so it meets the integer dtype rules
        # inside a transform as it does outside.
        if isinstance(strip(x), Box):
            # Under vmap: each example's values, still mapped.
            return OPERATORS["batched_constant"](x, lambda v, k: v.astype(dtype))
        return np.asarray(primal_value(x)).astype(dtype)
    return _cast(x, dtype=dtype)


def _index_items(index):
    """An index as a tuple with wrapped (Tensor) arrays unwrapped, and whether one
    of its arrays differs between the examples of a vmap."""
    if not isinstance(index, tuple):
        index = (index,)
    items, mapped = [], False
    for i in index:
        if hasattr(i, "__dualgrad_value__"):
            i = i.__dualgrad_value__()
        if isinstance(i, Box) and isinstance(strip(i), Box):
            mapped = True
        items.append(i)
    return tuple(items), mapped


def _plain_index(index):
    """An index (a tuple of unwrapped items) with boxed arrays replaced by plain
    integer arrays."""
    out = []
    for i in index:
        i = primal_value(i)
        if isinstance(i, (list, np.ndarray)):
            i = np.asarray(i)
            if i.dtype.kind not in "biu":
                raise TypeError(f"index: expected integer or boolean arrays, got dtype {i.dtype}")
        out.append(i)
    return tuple(out)


def getitem(x, index, nb=0):
    index, mapped = _index_items(index)
    if mapped:
        return OPERATORS["batched_getitem"](x, index)
    index = _plain_index(index)
    shape = tuple(shape_of(x))[nb:]
    try:
        _index_shape(shape, index)
    except IndexError as e:
        raise InvalidIndexError(f"index {index!r} is invalid for shape {shape}: {e}") from None
    return _getitem(x, index=index, nb=nb) if nb else _getitem(x, index=index)


def scatter_add(g, index, shape, nb=0):
    if nb:
        return _scatter_add(g, index=index, shape=tuple(shape), nb=nb)
    return _scatter_add(g, index=index, shape=tuple(shape))


def _tensor_sequence(xs, owner):
    """The tensors of a tuple or list (of a tensor given in place of one: its rows)."""
    if isinstance(xs, (tuple, list)):
        return tuple(xs)
    if isinstance(xs, (np.ndarray, Box)) and not shape_of(xs):
        what = "a 0-d tensor"
    elif not hasattr(xs, "__iter__") or isinstance(xs, (str, bytes, dict)):
        what = type(xs).__name__
    else:
        return tuple(xs)
    raise TypeError(f"{owner}: tensors must be a tuple or list of tensors, got {what}")


def concat(xs, axis=0):
    xs = _tensor_sequence(xs, "concat")
    if not xs:
        raise ValueError("concat: expected at least one array")
    nd = len(shape_of(xs[0]))
    if nd == 0:
        # (also what a single tensor given in place of a tuple of them turns into)
        raise ValueError("concat: expected a tuple or list of tensors of at least one "
                         "dimension, got 0-d elements")
    axis = _normalize_axes(axis, nd, "concat: axis")[0]
    try:
        return _concat(*xs, axis=axis)
    except (TypeError, ValueError):
        # NumPy's wording names no function: say which tensor is wrong, and how
        _concat_check(xs, axis, nd)
        raise


def _concat_check(xs, axis, nd):
    for i, x in enumerate(xs):
        v = primal_value(x)
        if not isinstance(v, np.ndarray) and (
                v is None or isinstance(v, (str, dict)) or np.asarray(v).dtype.kind not in "biuf"):
            raise TypeError(f"concat: tensors[{i}] must be a Tensor or an array of real numbers, "
                            f"got {type(x).__name__}") from None
    shapes = [tuple(shape_of(x)) for x in xs]
    for shape in shapes[1:]:
        if len(shape) != nd or shape[:axis] + shape[axis + 1:] != shapes[0][:axis] + shapes[0][axis + 1:]:
            raise ValueError(f"concat: the tensors' shapes must agree on every axis but axis "
                             f"{axis}, got {shapes}") from None


def stack(xs, axis=0):
    xs = _tensor_sequence(xs, "stack")
    if not xs:
        raise ValueError("stack: expected at least one array")
    nd = len(shape_of(xs[0])) + 1
    axis = _normalize_axes(axis, nd)[0]
    shapes = {tuple(shape_of(x)) for x in xs}
    if len(shapes) > 1:
        raise ValueError(f"stack: all arrays must have the same shape, got {sorted(shapes)}")
    return _stack(*xs, axis=axis)


def where(condition, x, y):
    condition = strip(condition)
    if isinstance(condition, Box):
        # A condition that differs between the examples of a vmap.
        return OPERATORS["batched_where"](condition, x, y)
    condition = np.asarray(condition)
    if condition.dtype.kind not in "biuf":
        raise TypeError(f"where: condition must be a boolean (or numeric) array, got dtype "
                        f"{condition.dtype}")
    for name, v in (("x", x), ("y", y)):
        if np.asarray(primal_value(v)).dtype.kind not in "biuf":
            raise TypeError(f"where: {name} must be numbers, got {type(v).__name__}")
    shapes = (condition.shape, tuple(shape_of(x)), tuple(shape_of(y)))
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise ValueError(f"where: the shapes of condition, x and y, {shapes[0]}, {shapes[1]} "
                         f"and {shapes[2]}, do not broadcast to one shape") from None
    return _where(x, y, condition=condition.astype(bool, copy=False))


def sum_(x, axis=None, keepdims=False, nb=0):
    nd = len(shape_of(x)) - nb
    axes = _normalize_axes(axis, nd)
    if nb:
        return _sum(x, axis=axes, keepdims=flag(keepdims, "keepdims", 'sum'), nb=nb)
    return _sum(x, axis=axes, keepdims=flag(keepdims, "keepdims", 'sum'))


def cumsum(x, axis, reverse=False, nb=0):
    nd = len(shape_of(x)) - nb
    if nd == 0:
        raise ValueError("cumsum: the input must have at least one dimension, got a 0-d array")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"cumsum: axis must be an int, got {axis!r}")
    axis = _normalize_axes(axis, nd, "cumsum: axis")[0]
    params = {"axis": axis, "reverse": bool(reverse)}
    return _cumsum(x, nb=nb, **params) if nb else _cumsum(x, **params)


def mean(x, axis=None, keepdims=False):
    keepdims = flag(keepdims, "keepdims", "mean")
    shape = tuple(shape_of(x))
    axes = _normalize_axes(axis, len(shape))
    count = int(np.prod([shape[a] for a in axes]))
    return mul(sum_(x, axes, keepdims), 1.0 / count if count else float("nan"))


def _extremum(prim, x, axis, keepdims, ties):
    if ties not in ("split", "first"):
        raise ValueError(f"ties: expected 'split' or 'first', got {ties!r}")
    shape = tuple(shape_of(x))
    axes = _normalize_axes(axis, len(shape))
    if any(shape[a] == 0 for a in axes):
        raise ValueError(f"{prim.name}: zero-size reduction over axis {axis!r} "
                         f"of shape {shape} has no identity")
    return prim(x, axis=axes, keepdims=flag(keepdims, "keepdims", prim.name), ties=ties)


def max_(x, axis=None, keepdims=False, ties="split"):
    return _extremum(_max, x, axis, keepdims, ties)


def min_(x, axis=None, keepdims=False, ties="split"):
    return _extremum(_min, x, axis, keepdims, ties)


def expand_dims(x, axis):
    if axis is None:        # (_normalize_axes reads None as every axis)
        raise TypeError("expand_dims: axis must be an int or a tuple of ints, got None")
    shape = list(shape_of(x))
    nd = len(shape) + 1
    for a in sorted(_normalize_axes(axis, nd, "expand_dims: axis")):
        shape.insert(a, 1)
    return reshape(x, tuple(shape))


def squeeze(x, axis=None):
    """x without its axes of size 1 (those among ``axis`` when given); a named axis of
    another size stays, as in MindSpore 2.5 and later."""
    shape = tuple(shape_of(x))
    named = range(len(shape)) if axis is None else _normalize_axes(axis, len(shape))
    axes = tuple(a for a in named if shape[a] == 1)
    return reshape(x, tuple(n for i, n in enumerate(shape) if i not in axes))


def constant(x):
    """x's values without derivatives, to compute a selection from: a NumPy array,
    or under vmap each example's values (Batched), which comparisons and where
    accept as they accept arrays."""
    v = strip(x)
    return v if isinstance(v, Box) else np.asarray(v)


def stop_gradient(x):
    """The value with every derivative removed, at every level of nesting
    (under vmap, still mapped)."""
    return strip(x)
