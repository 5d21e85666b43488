"""Sorting, selection, searching, counting and scattering, as MindSpore's ``ops``
has them.

Indices, counts and positions (``argsort``, ``unique``'s inverse, ``nonzero``,
``bucketize``, ``searchsorted``, ``histc``) are computed by NumPy on the
values and carry no derivative.  The values these functions select or write
(``median``, ``quantile``, ``masked_select``, ``scatter``, ``scatter_add``,
``index_add``...) are composed of the engine's primitives (gather_elements,
getitem, scatter_add, where, broadcast_to), the positions being constants to
the derivative, so every mode differentiates them to any order: each value's
derivative is that of the element it came from.
"""
import math

import numpy as np

from . import _elementwise as ew
from ._composite import (_at_least_1d, _axis, _check_int, _indices, _mapped, _numbers, _shape,
                         _sorted_order, _unmapped_indices, _value, per_example, sort, topk)
from ._core import primal_value
from ._functions import (broadcast_to, cast, check_real, expand_dims, getitem, reshape,
                         squeeze, where)
from ._linalg import gather_elements, moveaxis
from ._vmap import batched_put


def _flag(value, name, owner):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
    return bool(value)


# ---------------------------------------------------------------------------
# Sorting

def argsort(input, axis=-1, descending=False):
    """The int32 indices that sort ``input`` along ``axis``; ties keep their order
    and NaN sorts last (as in ``sort``).  No derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.argsort(ms.Tensor([[3.0, 1.0, 2.0, 1.0]]))
    Tensor(shape=[1, 4], dtype=Int32, value=
    [[1, 3, 2, 0]])
    >>> ops.argsort(ms.Tensor([1.0, 3.0, 3.0, 1.0]), descending=True)
    Tensor(shape=[4], dtype=Int32, value= [1, 2, 0, 3])
    """
    _numbers(input, "argsort")
    axis = _axis(axis, _at_least_1d(input, "argsort"), "argsort")
    descending = _flag(descending, "descending", "argsort")
    return per_example(input, lambda v, k: _sorted_order(v, axis + k, descending)
                       .astype(np.int32))


def msort(input):
    """``input`` sorted along its first axis (the values of ``sort(input, 0)``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.msort(ms.Tensor([[3.0, 1.0], [2.0, 4.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  1.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    return sort(input, 0)[0]


def top_k(input_x, k, sorted=True):
    """(values, int32 indices) of the k largest elements along the last axis,
    largest first (MindSpore's older form of ``topk``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> values, indices = ops.top_k(ms.Tensor([1.0, 3.0, 3.0, 2.0]), 2)
    >>> values.asnumpy().tolist(), indices
    ([3.0, 3.0], Tensor(shape=[2], dtype=Int32, value= [1, 2]))
    """
    return topk(input_x, k, None, True, _flag(sorted, "sorted", "top_k"))


# ---------------------------------------------------------------------------
# Medians and quantiles

def _median_index(v, axis, skip_nan):
    """Where the lower median of each slice of v along ``axis`` is (axis kept):
    position (m - 1) // 2 of the stable sort of the m non-NaN elements, or
    with ``skip_nan`` False, the first NaN of a slice that has one."""
    order = _sorted_order(v, axis, False)                    # NaN last
    nan = np.isnan(v) if v.dtype.kind == "f" else np.zeros(v.shape, bool)
    n = v.shape[axis]
    count = n - nan.sum(axis=axis, keepdims=True) if skip_nan else np.full(
        v.shape[:axis] + (1,) + v.shape[axis + 1:], n)
    index = np.take_along_axis(order, np.maximum((count - 1) // 2, 0), axis)
    if not skip_nan:
        index = np.where(nan.any(axis=axis, keepdims=True),
                         np.argmax(nan, axis=axis, keepdims=True), index)
    return index.astype(np.int64)


def _median(input, axis, keepdims, owner, skip_nan):
    x = input
    _numbers(x, owner)
    keepdims = _flag(keepdims, "keepdims", owner)
    shape = _shape(x)
    if not shape:
        _axis(axis, 1, owner)
        return x, np.zeros((), np.int64)
    axis = _axis(axis, len(shape), owner)
    if shape[axis] == 0:
        raise ValueError(f"{owner}: axis {axis} of shape {shape} is empty, and has no median")
    index = per_example(x, lambda v, k: _median_index(v, axis + k, skip_nan))
    values = gather_elements(x, axis, index)
    if keepdims:
        return values, index
    return squeeze(values, axis), squeeze(index, axis)


def median(input, axis=-1, keepdims=False):
    """(values, int64 indices) of the median along ``axis``: for an even count
    the lower of the two middle elements, and among ties the one a stable sort
    puts there (MindSpore's choice); a slice with a NaN has median NaN, at its
    first NaN.  The derivative goes to the selected element.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[3.0, 1.0, 2.0, 1.0], [0.5, 4.0, 4.0, -1.0]])
    >>> ops.median(x)
    (Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  5.00000000e-01]), Tensor(shape=[2], dtype=Int64, value= [3, 0]))
    >>> ms.grad(lambda x: ops.median(x, 0)[0].sum())(x)
    Tensor(shape=[2, 4], dtype=Float32, value=
    [[ 0.00000000e+00,  1.00000000e+00,  1.00000000e+00,  0.00000000e+00],
     [ 1.00000000e+00,  0.00000000e+00,  0.00000000e+00,  1.00000000e+00]])
    """
    return _median(input, axis, keepdims, "median", False)


def nanmedian(input, axis=-1, keepdims=False):
    """``median`` of the elements that are not NaN (NaN, at index 0, where all are).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nanmedian(ms.Tensor([4.0, float('nan'), 3.0, 2.0, 1.0]))
    (Tensor(shape=[], dtype=Float32, value= 2), Tensor(shape=[], dtype=Int64, value= 3))
    """
    return _median(input, axis, keepdims, "nanmedian", True)


def _quantile_levels(q, dtype, owner):
    """q as (levels: a number or an engine value of shape (Q,), their values
    (Q,) in float64, whether q was 0-d)."""
    if isinstance(q, (int, float, np.integer, np.floating)) and not isinstance(
            q, (bool, np.bool_)):
        levels = values = np.asarray([q], np.float64)
        scalar = True
    else:
        if _mapped(q):
            raise NotImplementedError(f"vmap: {owner}: q that differs between the examples is "
                                      "not supported")
        values = primal_value(q)
        if not isinstance(values, np.ndarray) or values.dtype.kind != "f" or values.ndim > 1:
            raise TypeError(f"{owner}: q must be a float or a 0-d or 1-D float tensor, got "
                            + (f"dtype {values.dtype} and shape {values.shape}"
                               if isinstance(values, np.ndarray) else type(q).__name__))
        scalar = values.ndim == 0
        levels = reshape(cast(q, dtype), (-1,))
        values = values.reshape(-1).astype(np.float64)
    if not np.all((values >= 0) & (values <= 1)):
        raise ValueError(f"{owner}: q must lie in [0, 1], got {values.tolist()}")
    return levels, values, scalar


def _interpolation(v, k, q_values, skip_nan):
    """For the lines of v (its last axis; k leading axes mapped by vmap): the
    index of the last element to interpolate among (count - 1: all, or the
    non-NaN ones, which sort first), and for each level q (a new axis k) the
    fraction, and the positions below and above q·last, with a trailing axis."""
    n = v.shape[-1]
    count = n - np.isnan(v).sum(-1) if skip_nan else np.full(v.shape[:-1], n)
    last = np.expand_dims(np.maximum(count - 1, 0), k)
    at_q = last * q_values.reshape((-1,) + (1,) * (v.ndim - 1 - k))
    below = np.clip(np.floor(at_q), 0, n - 1)
    above = np.minimum(below + 1, last)
    return last, at_q - below, below[..., None], above[..., None]


def _quantile(input, q, axis, keepdims, owner, skip_nan):
    x = input
    dtype = np.result_type(primal_value(x))
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: input must be float32 or float64, got {dtype}")
    keepdims = _flag(keepdims, "keepdims", owner)
    levels, q_values, scalar = _quantile_levels(q, dtype, owner)
    shape = _shape(x)
    if axis is None:
        lined, at = reshape(x, (-1,)), 0
    else:
        at = _axis(axis, _at_least_1d(x, owner), owner)
        lined = moveaxis(x, at, -1)
    rest, n = _shape(lined)[:-1], _shape(lined)[-1]
    if n == 0:
        raise ValueError(f"{owner}: the input of shape {shape} is empty along the reduced axes")

    def part(i, part_dtype):
        return per_example(lined, lambda v, k: _interpolation(v, k, q_values, skip_nan)[i]
                           .astype(part_dtype))
    # Linear interpolation between the sorted elements below and above
    # position q·last; the positions are constants, the fraction's derivative
    # is that of q.
    below_at, above_at = part(2, np.int64), part(3, np.int64)
    if isinstance(levels, np.ndarray):
        fraction = part(1, dtype)
    else:
        q_lines = reshape(levels, (-1,) + (1,) * len(rest))
        fraction = ew.sub(ew.mul(q_lines, part(0, dtype)), squeeze(part(2, dtype), -1))
    ordered = broadcast_to(expand_dims(sort(lined, -1)[0], 0), (len(q_values),) + rest + (n,))
    below = squeeze(gather_elements(ordered, -1, below_at), -1)
    above = squeeze(gather_elements(ordered, -1, above_at), -1)
    out = ew.add(below, ew.mul(fraction, ew.sub(above, below)))
    if not skip_nan:
        has_nan = per_example(lined, lambda v, k: np.expand_dims(np.isnan(v).any(-1), k))
        if not isinstance(has_nan, np.ndarray) or has_nan.any():
            out = where(has_nan, np.asarray(np.nan, dtype), out)
    if keepdims:
        kept = [1] * len(shape) if axis is None else [
            1 if i == at else m for i, m in enumerate(shape)]
        out = reshape(out, [len(q_values)] + kept)
    return reshape(out, _shape(out)[1:]) if scalar else out


def quantile(input, q, axis=None, keepdims=False):
    """The q-th quantiles of ``input`` along ``axis`` (of all elements when None),
    interpolating linearly between the two nearest sorted elements (NumPy's and
    PyTorch's 'linear').  ``q``: a float or a 0-d or 1-D tensor in [0, 1]; a
    1-D q adds a first axis, one quantile per level.  A slice with a NaN gives
    NaN.  Differentiable in ``input`` (each sorted element's derivative is that
    of the element it came from) and in a tensor ``q``.  MindSpore 2.10's CPU
    has no kernel for it.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 4.0, 8.0]])
    >>> ops.quantile(x, ms.Tensor([0.25, 0.5]), axis=1, keepdims=True)
    Tensor(shape=[2, 1, 1], dtype=Float32, value=
    [[[ 1.75000000e+00]],
     [[ 3.00000000e+00]]])
    >>> ms.grad(lambda x: ops.quantile(x, 0.25))(x)
    Tensor(shape=[1, 4], dtype=Float32, value=
    [[ 2.50000000e-01,  7.50000000e-01,  0.00000000e+00,  0.00000000e+00]])
    """
    return _quantile(input, q, axis, keepdims, "quantile", False)


def nanquantile(input, q, axis=None, keepdims=False):
    """``quantile`` of the elements that are not NaN (NaN where all are).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nanquantile(ms.Tensor([1.0, float('nan'), 4.0]), 0.5)
    Tensor(shape=[], dtype=Float32, value= 2.5)
    """
    return _quantile(input, q, axis, keepdims, "nanquantile", True)


# ---------------------------------------------------------------------------
# Unique elements, positions, masks

def unique(input):
    """(output, idx): the distinct elements of ``input`` in the order they first
    occur (a 1-D tensor; each NaN is distinct, as NaN != NaN), and for each
    element of ``input`` the position of its value in output (input's shape;
    int64 for int64 input, else int32, as MindSpore).  The derivative of each
    output element is that of its first occurrence.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.unique(ms.Tensor([3, 1, 2, 1, 3]))
    (Tensor(shape=[3], dtype=Int64, value= [3, 1, 2]), Tensor(shape=[5], dtype=Int64, value= [0, 1, 2, 1, 0]))
    """
    x = input
    v = _numbers(x, "unique")
    _value(x)
    flat = v.reshape(-1)
    _, first, inverse = np.unique(flat, return_index=True, return_inverse=True,
                                  equal_nan=False)
    # np.unique sorts; renumber its values in the order of their first occurrence.
    by_occurrence = np.argsort(first, kind="stable")
    renumbered = np.empty_like(by_occurrence)
    renumbered[by_occurrence] = np.arange(len(by_occurrence))
    idx_dtype = np.int64 if v.dtype == np.int64 else np.int32
    output = getitem(reshape(x, (-1,)), (first[by_occurrence],))
    return output, renumbered[inverse.reshape(-1)].reshape(v.shape).astype(idx_dtype)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """The elements of ``input`` (flattened when ``dim`` is None), each run of
    equal consecutive ones kept once; or the slices along ``dim``, each run of
    equal consecutive slices kept once.  With ``return_inverse``, the position
    of each element (slice) in the output (int64); with ``return_counts``, the
    length of each run.  Each output element's derivative is that of the first
    element of its run.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.unique_consecutive(ms.Tensor([1.0, 1.0, 2.0, 1.0]), True, True)
    (Tensor(shape=[3], dtype=Float32, value= [ 1.00000000e+00,  2.00000000e+00,  1.00000000e+00]), Tensor(shape=[4], dtype=Int64, value= [0, 0, 1, 2]), Tensor(shape=[3], dtype=Int64, value= [2, 1, 1]))
    """
    owner = "unique_consecutive"
    v = _numbers(input, owner)
    _value(input)
    returns_inverse = _flag(return_inverse, "return_inverse", owner)
    returns_counts = _flag(return_counts, "return_counts", owner)
    if dim is None:
        x, axis = reshape(input, (-1,)), 0
        slices = v.reshape(-1, 1)
    else:
        axis = _axis(dim, _at_least_1d(input, owner), owner, "dim")
        x = input
        slices = np.moveaxis(v, axis, 0).reshape(v.shape[axis], -1)
    n = slices.shape[0]
    # A run starts where a slice differs from the one before it (NaN != NaN).
    starts = np.flatnonzero(np.r_[n > 0, (slices[1:] != slices[:-1]).any(axis=1)])
    output = getitem(x, (slice(None),) * axis + (starts,))
    inverse_shape = v.shape if dim is None else (n,)
    results = [output]
    if returns_inverse:
        run_of = np.cumsum(np.r_[False, (slices[1:] != slices[:-1]).any(axis=1)]) if n else []
        results.append(np.asarray(run_of, np.int64).reshape(inverse_shape))
    if returns_counts:
        results.append(np.diff(np.r_[starts, n]).astype(np.int64))
    return results[0] if len(results) == 1 else tuple(results)


def bincount(input, weights=None, minlength=0):
    """The number of times each value 0, 1, ... occurs in ``input`` (a 1-D tensor
    of non-negative integers), or with ``weights`` the sum of their weights;
    ``minlength`` bins at least; float32, as MindSpore.  The derivative with
    respect to the weights is each bin's gradient at its elements.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.bincount(ms.Tensor([1, 1, 3]))
    Tensor(shape=[4], dtype=Float32, value= [ 0.00000000e+00,  2.00000000e+00,  0.00000000e+00,  1.00000000e+00])
    """
    owner = "bincount"
    v = _numbers(input, owner)
    _value(input)
    if v.dtype.kind not in "iu":
        raise TypeError(f"{owner}: input must be an integer tensor, got dtype {v.dtype}")
    if v.ndim != 1:
        raise ValueError(f"{owner}: input must be 1-D, got shape {v.shape}")
    if v.size and v.min() < 0:
        raise ValueError(f"{owner}: input must not be negative, got {v.min()}")
    length = max(_check_int(minlength, "minlength", owner, 0), int(v.max()) + 1 if v.size else 0)
    if weights is None:
        return np.bincount(v, minlength=length).astype(np.float32)
    if tuple(_shape(weights)) != v.shape:
        raise ValueError(f"{owner}: weights must have input's shape {v.shape}, got "
                         f"{tuple(_shape(weights))}")
    _numbers(weights, owner, "weights")
    counted = cast(weights, np.float32)
    return scatter_add(np.zeros(length, np.float32), v, counted)


def nonzero(input, *, as_tuple=False):
    """The int64 positions of the nonzero elements of ``input``, in C order: a
    (count, ndim) tensor, or with ``as_tuple`` one 1-D tensor per axis.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nonzero(ms.Tensor([[1.0, 0.0], [0.0, 2.0]]))
    Tensor(shape=[2, 2], dtype=Int64, value=
    [[0, 0],
     [1, 1]])
    >>> ops.nonzero(ms.Tensor([0, 3, 5]), as_tuple=True)
    (Tensor(shape=[2], dtype=Int64, value= [1, 2]),)
    """
    _numbers(input, "nonzero")
    v = _value(input)
    if _flag(as_tuple, "as_tuple", "nonzero"):
        return tuple(p.astype(np.int64) for p in np.nonzero(np.atleast_1d(v)))
    return np.argwhere(v).astype(np.int64)


def _bool_mask(mask, owner):
    m = _value(mask)
    if m.dtype != np.bool_:
        raise TypeError(f"{owner}: mask must be a bool tensor, got dtype {m.dtype}")
    return m


def masked_select(input, mask):
    """The elements of ``input`` where ``mask`` (a bool tensor) is true, as a 1-D
    tensor in C order; input and mask broadcast against each other.  Each
    element's derivative is that of the element it came from.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.masked_select(x, ms.Tensor([False, True]))
    Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  4.00000000e+00])
    """
    m = _bool_mask(mask, "masked_select")
    try:
        shape = np.broadcast_shapes(_shape(input), m.shape)
    except ValueError:
        raise ValueError(f"masked_select: input of shape {_shape(input)} and mask of shape "
                         f"{m.shape} do not broadcast") from None
    lined = reshape(broadcast_to(input, shape), (-1,))
    return getitem(lined, (np.flatnonzero(np.broadcast_to(m, shape)),))


# ---------------------------------------------------------------------------
# Searching and counting

def _side(right, side, owner):
    if side is None:
        return "right" if _flag(right, "right", owner) else "left"
    if side not in ("left", "right"):
        raise ValueError(f"{owner}: side must be None, 'left' or 'right', got {side!r}")
    return side


def bucketize(input, boundaries, *, right=False):
    """For each element of ``input``, the int32 index of its bucket among the
    sorted ``boundaries`` (a list of numbers): the first i with x <= b[i]
    (x < b[i] with ``right``), len(boundaries) past the last.  No derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.bucketize(ms.Tensor([[1.0, 3.0], [5.0, 7.0]]), [1.0, 3.0, 5.0])
    Tensor(shape=[2, 2], dtype=Int32, value=
    [[0, 1],
     [2, 3]])
    """
    side = _side(right, None, "bucketize")
    if not isinstance(boundaries, (list, tuple)) or any(
            isinstance(b, (bool, np.bool_)) or not isinstance(b, (int, float, np.number))
            for b in boundaries):
        raise TypeError(f"bucketize: boundaries must be a list of numbers, got {boundaries!r}")
    edges = np.asarray(boundaries, np.float64)
    if np.any(edges[1:] < edges[:-1]):
        raise ValueError(f"bucketize: boundaries must be sorted in ascending order, got "
                         f"{list(boundaries)}")
    _numbers(input, "bucketize")
    return per_example(input, lambda v, k: np.searchsorted(edges, v, side).astype(np.int32))


def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """Where each of ``values`` would go in ``sorted_sequence`` (sorted along its
    last axis) to keep it sorted: the first such index, or the last with
    ``right=True`` or ``side='right'`` (``side``, when given, decides).  A 1-D
    sequence serves all values; an N-D one has values' leading axes, each row
    serving its row of values.  ``sorter``: int indices that sort the sequence
    along its last axis.  int64 indices (int32 with ``out_int32``).  No
    derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> seq = ms.Tensor([[0.0, 1.0, 3.0, 5.0, 7.0], [2.0, 4.0, 6.0, 8.0, 10.0]])
    >>> ops.searchsorted(seq, ms.Tensor([[3.0, 6.0, 9.0], [3.0, 6.0, 9.0]]))
    Tensor(shape=[2, 3], dtype=Int64, value=
    [[2, 4, 5],
     [1, 2, 4]])
    >>> ops.searchsorted(ms.Tensor([1.0, 3.0, 5.0]), ms.Tensor(5.0), side='right')
    Tensor(shape=[], dtype=Int64, value= 3)
    """
    owner = "searchsorted"
    side = _side(right, side, owner)
    dtype = np.int32 if _flag(out_int32, "out_int32", owner) else np.int64
    sequence = _numbers(sorted_sequence, owner, "sorted_sequence")
    _value(sorted_sequence)
    if sequence.ndim == 0:
        raise ValueError(f"{owner}: sorted_sequence must have at least one dimension, got a "
                         "0-d tensor")
    if sorter is not None:
        order = _unmapped_indices(sorter, "sorter", owner)
        n = sequence.shape[-1]
        if order.shape != sequence.shape or (order.size and (order.min() < 0
                                                             or order.max() >= n)):
            raise ValueError(f"{owner}: sorter must have sorted_sequence's shape "
                             f"{sequence.shape} and lie in [0, {n}), got shape {order.shape}")
        sequence = np.take_along_axis(sequence, order, -1)
    _numbers(values, owner, "values")
    if sequence.ndim == 1:
        return per_example(values, lambda v, k: np.searchsorted(sequence, v, side)
                           .astype(dtype))
    if _shape(values)[:-1] != sequence.shape[:-1]:
        raise ValueError(f"{owner}: values of shape {_shape(values)} must have the leading axes "
                         f"of sorted_sequence's shape {sequence.shape}")

    def rows(v, k):
        out = np.empty(v.shape, dtype)
        for row in np.ndindex(v.shape[:-1]):
            out[row] = np.searchsorted(sequence[row[k:]], v[row], side)
        return out
    return per_example(values, rows)


def _histogram(v, bins, low, high):
    """Counts of the non-NaN elements of v in ``bins`` equal bins over [low, high]
    (over v's own range when low == high, widened by 1 each way if that is one
    value); elements outside are not counted, the top one falls in the last bin."""
    data = v[~np.isnan(v)] if v.dtype.kind == "f" else v.reshape(-1)
    if low == high and data.size:
        low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 1, high + 1
    data = data.astype(np.float64)
    data = data[(data >= low) & (data <= high)]
    at = np.minimum(np.floor((data - low) * bins / (high - low)), bins - 1).astype(np.int64)
    return np.bincount(at, minlength=bins)


def histc(input, bins=100, min=0.0, max=0.0):
    """The histogram of ``input``'s elements: counts in ``bins`` equal bins over
    [min, max] (over the elements' own range when min == max), in input's
    dtype; elements outside the range and NaNs are not counted.  No derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.histc(ms.Tensor([1.0, 2.0, 1.0, 4.0]), bins=4, min=0.0, max=3.0)
    Tensor(shape=[4], dtype=Float32, value= [ 0.00000000e+00,  2.00000000e+00,  1.00000000e+00,  0.00000000e+00])
    """
    owner = "histc"
    bins = _check_int(bins, "bins", owner, 1)
    if bins >= 2**63:
        raise ValueError(f"{owner}: bins must fit in 64 bits, got {bins}")
    low, high = check_real(min, "min", owner), check_real(max, "max", owner)
    if low > high:
        raise ValueError(f"{owner}: min must be <= max, got {low} and {high}")
    v = _numbers(input, owner)
    if v.dtype == np.bool_:
        raise TypeError(f"{owner}: input must be numbers, got dtype bool")

    def counts(v, k):
        rows = v.reshape((math.prod(v.shape[:k]), -1))
        return np.stack([_histogram(r, bins, low, high) for r in rows]).reshape(
            v.shape[:k] + (bins,)).astype(v.dtype)
    return per_example(input, counts)


# ---------------------------------------------------------------------------
# Scattering

def _same_dtype(x, y, owner, name):
    a, b = np.result_type(primal_value(x)), np.result_type(primal_value(y))
    if a != b:
        raise TypeError(f"{owner}: {name} must have input's dtype {a}, got {b}")


def _in_range(idx, n, owner, name, where):
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise ValueError(f"{owner}: {name} must lie in [{-n}, {n}) for {where}, got values "
                         f"from {idx.min()} to {idx.max()}")
    return idx % max(n, 1)


def scatter(input, axis, index, src):
    """``input`` with the elements of ``src`` written at ``index`` along ``axis``:
    out[..., index[i, j, ...], ...] = src[i, j, ...] (index has input's rank and is
    no larger than ``src``, nor than input off ``axis``); ``src`` may be a
    number.  Where an index repeats, the last write wins.  The derivative of
    each element is that of the element written there, or of input's.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 3.0, 4.0, 5.0]])
    >>> ops.scatter(x, 1, ms.Tensor([[2, 4]]), ms.Tensor([[8.0, 9.0]]))
    Tensor(shape=[1, 5], dtype=Float32, value=
    [[ 1.00000000e+00,  2.00000000e+00,  8.00000000e+00,  4.00000000e+00,  9.00000000e+00]])
    """
    owner = "scatter"
    x = input
    shape = _shape(x)
    idx, targets = element_targets(x, axis, index, owner, "index")
    number = isinstance(src, (int, float, np.number)) and not isinstance(src, (bool, np.bool_))
    if not number:
        _same_dtype(x, src, owner, "src")
        src_shape = _shape(src)
        if len(src_shape) != idx.ndim or any(i > m for i, m in zip(idx.shape, src_shape)):
            raise ValueError(f"{owner}: src of shape {src_shape} must have index's rank and be "
                             f"no smaller than its shape {idx.shape}")
    if not idx.size:
        return x
    if number:
        written = np.full(idx.size, src, np.result_type(primal_value(x)))
    else:
        written = reshape(getitem(src, tuple(slice(0, m) for m in idx.shape)), (-1,))
    return reshape(write_rows(reshape(x, (-1,)), targets, written), shape)


def element_targets(x, axis, index, owner, name):
    """The checked ``index`` of a scatter along ``axis`` of x (x's rank, no larger
    than x off the axis; negative values count from the end) and the flat
    positions in x its elements name: each its own position, with its value
    along the axis."""
    shape = _shape(x)
    at = _axis(axis, _at_least_1d(x, owner), owner)
    idx = _unmapped_indices(index, name, owner)
    if idx.ndim != len(shape) or any(i > m for d, (i, m) in enumerate(zip(idx.shape, shape))
                                     if d != at):
        raise ValueError(f"{owner}: {name} of shape {idx.shape} must have input's rank and be "
                         f"no larger than its shape {shape} off axis {at}")
    target = list(np.indices(idx.shape, sparse=True))
    target[at] = _in_range(idx, shape[at], owner, name, f"axis {at} of shape {shape}")
    return idx, np.ravel_multi_index(tuple(target), shape).reshape(-1)


def write_rows(x, rows, updates):
    """x with updates[i] written over its row ``rows[i]`` (along axis 0); where a
    row is named twice, the later write wins (NumPy's assignment keeps the
    last), and the overwritten values get no derivative."""
    n = _shape(x)[0]
    writer = np.full(n, -1, np.int64)
    writer[rows] = np.arange(len(rows))
    written = (writer >= 0).reshape((n,) + (1,) * (len(_shape(x)) - 1))
    return where(written, getitem(updates, (np.maximum(writer, 0),)), x)


def scatter_add(input_x, indices, updates):
    """``input_x`` with ``updates`` added at ``indices`` along its first axis:
    out[indices[i, ...], ...] += updates[i, ..., ...] (updates' shape is
    indices.shape + input_x.shape[1:]; repeated indices add up).  A new
    tensor: input_x is not changed.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.scatter_add(ms.Tensor([[0.0, 0.0], [0.0, 0.0]]), ms.Tensor([1, 1]),
    ...                 ms.Tensor([[1.0, 2.0], [3.0, 4.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 0.00000000e+00,  0.00000000e+00],
     [ 4.00000000e+00,  6.00000000e+00]])
    """
    owner = "scatter_add"
    shape = _shape(input_x)
    _at_least_1d(input_x, owner, "input_x")
    idx, values = _indices(indices, "indices", owner)     # (each example's under vmap)
    _same_dtype(input_x, updates, owner, "updates")
    expected = _shape(idx) + shape[1:]
    if _shape(updates) != expected:
        raise ValueError(f"{owner}: updates must have shape indices.shape + input_x.shape[1:] = "
                         f"{expected}, got {_shape(updates)}")
    _in_range(values, shape[0], owner, "indices", f"axis 0 of shape {shape}")
    return ew.add(input_x, batched_put(updates, idx, 0, shape[0]))


def index_add(x, indices, y, axis, use_lock=True, check_index_bound=True):
    """``x`` with the slices of ``y`` along ``axis`` added at positions ``indices``
    (1-D, one per slice; repeated indices add up).  A new tensor: x is not
    changed.  Indices are always checked; ``use_lock`` and
    ``check_index_bound`` are accepted for MindSpore's signature.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> ops.index_add(x, ms.Tensor([0, 2], ms.int32), ms.Tensor([[0.5, 1.0], [1.0, 1.5]]), 1)
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 1.50000000e+00,  2.00000000e+00,  4.00000000e+00],
     [ 5.00000000e+00,  5.00000000e+00,  7.50000000e+00]])
    """
    owner = "index_add"
    _flag(use_lock, "use_lock", owner)
    _flag(check_index_bound, "check_index_bound", owner)
    shape = _shape(x)
    at = _axis(axis, _at_least_1d(x, owner, "x"), owner)
    idx, values = _indices(indices, "indices", owner)     # (each example's under vmap)
    if len(_shape(idx)) != 1:
        raise ValueError(f"{owner}: indices must be 1-D, got shape {_shape(idx)}")
    _same_dtype(x, y, owner, "y")
    expected = shape[:at] + _shape(idx) + shape[at + 1:]
    if _shape(y) != expected:
        raise ValueError(f"{owner}: y must have shape {expected} (x's, with len(indices) along "
                         f"axis {at}), got {_shape(y)}")
    _in_range(values, shape[at], owner, "indices", f"axis {at} of shape {shape}")
    return ew.add(x, batched_put(y, idx, at, shape[at]))
