"""Per-segment reductions, gathering and scattering by index vectors, and
writing slices, selections and diagonals, as MindSpore 2.10's ``ops`` has them.

As in ``_selection``, segment ids and indices are constants to the derivative
and the values are composed of the engine's primitives (getitem, scatter-add
by index, where, concat, multiplication), so every mode differentiates them to
any order with no rule of its own:

- a sum adds each element at its segment (a scatter-add);
- a product multiplies each segment's elements laid out in a row (padded with
  ones) as a tree of pairwise products, so a zero factor's derivative is the
  product of the others, not prod / x;
- a maximum or minimum is the extreme value (computed with NumPy, a constant)
  plus a term whose value is zero and whose derivative is that of the tied
  extreme elements, each with an equal share (MindSpore's convention).

``tensor_scatter_mul``, ``_div``, ``_max`` and ``_min`` are these segment
reductions over input_x's rows and the updates written to them, so repeated
indices multiply, divide and compete, with exact derivatives in every update.
"""
import math

import numpy as np

from . import _elementwise as ew
from ._composite import (_at_least_1d, _axis, _check_int, _numbers, _product_of_last, _shape,
                         _unmapped_indices, per_example)
from ._core import primal_value
from ._functions import (cast, concat, expand_dims, getitem, reshape, transpose, truncdiv,
                         where)
from ._linalg import diagonal_positions, moveaxis
from ._selection import _in_range, _same_dtype, element_targets, write_rows
from ._structural import constant
from ._vmap import batched_put, batched_take


def _dtype(x, owner, name, bool_ok=False):
    """x's dtype, refused (TypeError) when it is not numbers, or bool where the
    function computes with the values."""
    dtype = _numbers(x, owner, name).dtype
    if dtype == np.bool_ and not bool_ok:
        raise TypeError(f"{owner}: {name} must be numbers, got dtype bool")
    return dtype


def _int_argument(value, name, owner, low=None):
    """An int given as a Python int or a 0-d integer tensor (MindSpore takes both)."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value.item()
    return _check_int(value, name, owner, low)


# ---------------------------------------------------------------------------
# Segment reductions over the first axis; segment_ids is a 1-D NumPy array.

def _kept(data, ids):
    """data's rows and their ids without those of negative id (dropped, as MindSpore)."""
    keep = ids >= 0
    if keep.all():
        return data, ids
    return getitem(data, (np.flatnonzero(keep),)), ids[keep]


def _numpy_segments(data, ids, num, reduce, empty):
    """``reduce.at`` of data's rows into ``num`` rows that start at ``empty``: the
    values, with no derivative (each example's under vmap)."""
    dtype = np.result_type(primal_value(data))

    def segments(v, k):
        rows = np.moveaxis(v, k, 0)
        out = np.full((num,) + rows.shape[1:], empty, dtype)
        reduce.at(out, ids, rows)
        return np.moveaxis(out, 0, k)
    return per_example(data, segments)


def _segment_sum(data, ids, num):
    data, ids = _kept(data, ids)
    return batched_put(data, ids, 0, num)


def _segment_prod(data, ids, num):
    data, ids = _kept(data, ids)
    dtype = np.result_type(primal_value(data))
    if dtype.kind != "f":
        return _numpy_segments(data, ids, num, np.multiply, 1)
    # Each segment's elements in a row of ``width`` slots, the empty ones 1.
    order = np.argsort(ids, kind="stable")
    segment = ids[order]
    counts = np.bincount(segment, minlength=num)
    width = max(int(counts.max(initial=0)), 1)
    first = np.cumsum(counts) - counts
    slots = segment * width + np.arange(len(segment)) - np.repeat(first, counts)
    rest = _shape(data)[1:]
    ones = np.ones((num * width,) + (1,) * len(rest), dtype)
    ones[slots] = 0
    laid_out = ew.add(batched_put(getitem(data, (order,)), slots, 0, num * width), ones)
    return _product_of_last(moveaxis(reshape(laid_out, (num, width) + rest), 1, -1))


def _segment_extremum(data, ids, num, largest):
    """Each segment's maximum (``largest``) or minimum, NaN ignored (as MindSpore's
    CPU), the dtype's lowest or highest value for an empty segment; tied
    extreme elements share the derivative equally."""
    data, ids = _kept(data, ids)
    dtype = np.result_type(primal_value(data))
    limits = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)
    reduce, empty = (np.fmax, limits.min) if largest else (np.fmin, limits.max)
    best = _numpy_segments(data, ids, num, reduce, empty)
    if dtype.kind != "f":
        return best

    def shares(v, k):
        """1 / (the number of tied extreme elements) at the extreme, finite
        elements of each segment, 0 elsewhere."""
        rows = np.moveaxis(v, k, 0)
        extreme = np.full((num,) + rows.shape[1:], empty, dtype)
        reduce.at(extreme, ids, rows)
        at = (rows == extreme[ids]) & np.isfinite(rows)
        ties = np.zeros(extreme.shape, np.int64)
        np.add.at(ties, ids, at)
        return np.moveaxis(np.where(at, 1 / np.maximum(ties[ids], 1), 0).astype(dtype), 0, k)
    share = per_example(data, shares)
    # The extreme elements (non-finite ones set to 0) less their values: zero,
    # with their derivatives, which the segment's value takes in equal shares.
    chosen = where(constant(share) != 0, data, np.zeros((), dtype))
    derivative = ew.mul(ew.sub(chosen, constant(chosen)), share)
    return ew.add(best, batched_put(derivative, ids, 0, num))


def _segments(x, segment_ids, num_segments, owner):
    """x's rows (one per segment id, x's leading axes flattened) and the checked ids."""
    _dtype(x, owner, "x" if owner != "unsorted_segment_sum" else "input_x")
    num = _int_argument(num_segments, "num_segments", owner, 1)
    shape = _shape(x)
    ids = _unmapped_indices(segment_ids, "segment_ids", owner)
    if ids.ndim == 0 or shape[:ids.ndim] != ids.shape:
        raise ValueError(f"{owner}: segment_ids of shape {ids.shape} must be a leading part of "
                         f"the data's shape {shape} (at least 1-D)")
    if ids.size and ids.max() >= num:
        raise ValueError(f"{owner}: segment_ids must be < num_segments ({num}) (negative ids "
                         f"are dropped), got {ids.max()}")
    return reshape(x, (ids.size,) + shape[ids.ndim:]), ids.reshape(-1).astype(np.int64), num


def unsorted_segment_sum(input_x, segment_ids, num_segments):
    """The sums of the slices of ``input_x`` in each of ``num_segments`` segments:
    out[s] = sum of input_x[i] over the i with segment_ids[i] == s (segment_ids'
    shape a leading part of input_x's; the result's shape is (num_segments,) +
    the rest).  An empty segment sums to 0; negative ids are dropped.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> ops.unsorted_segment_sum(x, ms.Tensor([0, 2, 0]), 3)
    Tensor(shape=[3, 2], dtype=Float32, value=
    [[ 6.00000000e+00,  8.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    rows, ids, num = _segments(input_x, segment_ids, num_segments, "unsorted_segment_sum")
    return _segment_sum(rows, ids, num)


def unsorted_segment_max(x, segment_ids, num_segments):
    """The maximum of ``x``'s slices in each segment (see ``unsorted_segment_sum``):
    the dtype's lowest value for an empty segment; NaN is ignored, as on
    MindSpore's CPU.  Tied maxima share the gradient equally (MindSpore's
    convention).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([3.0, 3.0, 1.0, 2.0])
    >>> ops.unsorted_segment_max(x, ms.Tensor([0, 0, 0, 2]), 3)
    Tensor(shape=[3], dtype=Float32, value= [ 3.00000000e+00, -3.40282347e+38,  2.00000000e+00])
    >>> ms.grad(lambda x: ops.unsorted_segment_max(x, ms.Tensor([0, 0, 0, 2]), 3).sum())(x)
    Tensor(shape=[4], dtype=Float32, value= [ 5.00000000e-01,  5.00000000e-01,  0.00000000e+00,  1.00000000e+00])
    """
    return _segment_extremum(*_segments(x, segment_ids, num_segments, "unsorted_segment_max"),
                             True)


def unsorted_segment_min(x, segment_ids, num_segments):
    """The minimum of ``x``'s slices in each segment: the dtype's highest value for
    an empty segment (see ``unsorted_segment_max``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.unsorted_segment_min(ms.Tensor([3, 1, 2], ms.int32), ms.Tensor([1, 1, 0]), 3).tolist()
    [2, 1, 2147483647]
    """
    return _segment_extremum(*_segments(x, segment_ids, num_segments, "unsorted_segment_min"),
                             False)


def unsorted_segment_prod(x, segment_ids, num_segments):
    """The product of ``x``'s slices in each segment (1 for an empty one); each
    factor's derivative is the product of the others, exact with zeros.  It
    lays each segment out in a row as long as the largest segment.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([0.0, 2.0, 3.0, 4.0])
    >>> ops.unsorted_segment_prod(x, ms.Tensor([0, 0, 0, 1]), 2)
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  4.00000000e+00])
    >>> ms.grad(lambda x: ops.unsorted_segment_prod(x, ms.Tensor([0, 0, 0, 1]), 2).sum())(x)
    Tensor(shape=[4], dtype=Float32, value= [ 6.00000000e+00,  0.00000000e+00,  0.00000000e+00,  1.00000000e+00])
    """
    return _segment_prod(*_segments(x, segment_ids, num_segments, "unsorted_segment_prod"))


# ---------------------------------------------------------------------------
# Index vectors: indices[..., :d] names a slice input[i0, ..., i(d-1)]

def _index_vectors(indices, shape, owner, least_rank):
    """The rows of input (its first d axes flattened, d = indices.shape[-1]) that
    the index vectors name, their layout indices.shape[:-1], the number of
    rows and the shape of each slice."""
    idx = _unmapped_indices(indices, "indices", owner)
    if idx.ndim < least_rank:
        raise ValueError(f"{owner}: indices must have at least {least_rank} dimension(s), the "
                         f"last holding the index vectors, got shape {idx.shape}")
    depth = idx.shape[-1]
    if depth > len(shape):
        raise ValueError(f"{owner}: indices' index vectors of length {depth} are longer than "
                         f"the rank of the input's shape {shape}")
    leading = shape[:depth]
    vectors = idx.reshape(math.prod(idx.shape[:-1]), depth)
    outside = ((vectors < 0) | (vectors >= np.asarray(leading, np.int64))).any(1)
    if outside.any():
        raise ValueError(f"{owner}: indices must lie in [0, n) along each of the first {depth} "
                         f"axes of shape {shape}, got the index vector "
                         f"{vectors[outside][0].tolist()}")
    rows = (np.ravel_multi_index(tuple(vectors.T), leading) if depth
            else np.zeros(len(vectors), np.int64))
    return rows, idx.shape[:-1], math.prod(leading), shape[depth:]


def gather_nd(input_x, indices):
    """The slices of ``input_x`` that the index vectors along the last axis of
    ``indices`` name: the result's shape is indices.shape[:-1] +
    input_x.shape[indices.shape[-1]:].  Repeated indices add up their gradients.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> ops.gather_nd(x, ms.Tensor([[0, 1], [1, 2]]))
    Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  6.00000000e+00])
    >>> ops.gather_nd(x, ms.Tensor([[1]]))
    Tensor(shape=[1, 3], dtype=Float32, value=
    [[ 4.00000000e+00,  5.00000000e+00,  6.00000000e+00]])
    """
    owner = "gather_nd"
    _dtype(input_x, owner, "input_x", bool_ok=True)
    rows, layout, n, rest = _index_vectors(indices, _shape(input_x), owner, 1)
    taken = batched_take(reshape(input_x, (n,) + rest), rows, 0)
    return reshape(taken, layout + rest)


def _updates(updates, layout, rest, owner, like):
    """updates (checked against indices.shape[:-1] + the slice shape, and for
    like's dtype) with one row per index vector."""
    if like is not None:
        _same_dtype(like, updates, owner, "updates")
    if _shape(updates) != layout + rest:
        raise ValueError(f"{owner}: updates must have shape indices.shape[:-1] + "
                         f"input_x.shape[indices.shape[-1]:] = {layout + rest}, got "
                         f"{_shape(updates)}")
    # (the number of rows given, not -1, which an empty slice shape leaves undetermined)
    return reshape(updates, (math.prod(layout),) + rest)


def scatter_nd(indices, updates, shape):
    """Zeros of ``shape`` (a tuple of ints) with ``updates`` added at the slices
    that the index vectors name (as ``gather_nd`` reads them): repeated
    indices add up.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.scatter_nd(ms.Tensor([[0], [2], [0]]), ms.Tensor([1.0, 2.0, 3.0]), (4,))
    Tensor(shape=[4], dtype=Float32, value= [ 4.00000000e+00,  0.00000000e+00,  2.00000000e+00,  0.00000000e+00])
    """
    owner = "scatter_nd"
    if not isinstance(shape, (tuple, list)) or not shape:
        raise TypeError(f"{owner}: shape must be a non-empty tuple of ints, got {shape!r}")
    shape = tuple(_check_int(m, "shape", owner, 0) for m in shape)
    _dtype(updates, owner, "updates")
    rows, layout, n, rest = _index_vectors(indices, shape, owner, 2)
    return reshape(batched_put(_updates(updates, layout, rest, owner, None), rows, 0, n), shape)


def _scatter_by_vectors(input_x, indices, updates, owner, combine, bool_ok=False):
    """input_x with its rows that ``indices`` name combined with ``updates``:
    ``combine(rows of input_x, updates' rows, the rows they go to, the number of
    rows)`` gives the new rows."""
    _dtype(input_x, owner, "input_x", bool_ok)
    shape = _shape(input_x)
    rows, layout, n, rest = _index_vectors(indices, shape, owner, 2)
    written = _updates(updates, layout, rest, owner, input_x)
    return reshape(combine(reshape(input_x, (n,) + rest), written, rows, n), shape)


def _with_own_rows(x_rows, written, rows, n):
    """input_x's rows and the updates as one set of rows, with their segment ids:
    row i of input_x is segment i, and each update joins its row's segment."""
    return (concat([x_rows, written], 0),
            np.concatenate([np.arange(n), rows]), n)


def tensor_scatter_add(input_x, indices, updates):
    """``input_x`` with ``updates`` added at the slices the index vectors along the
    last axis of ``indices`` name (as in ``gather_nd``; updates' shape is
    indices.shape[:-1] + the slice shape); repeated indices add up.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ops.tensor_scatter_add(x, ms.Tensor([[0, 1], [0, 1]]), ms.Tensor([2.0, 3.0]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00,  7.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_add",
                               lambda x, u, rows, n: ew.add(x, batched_put(u, rows, 0, n)))


def tensor_scatter_sub(input_x, indices, updates):
    """``input_x`` with ``updates`` subtracted at the slices ``indices`` name (see
    ``tensor_scatter_add``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_sub(ms.Tensor([1.0, 2.0]), ms.Tensor([[1], [1]]), ms.Tensor([2.0, 3.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00, -3.00000000e+00])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_sub",
                               lambda x, u, rows, n: ew.sub(x, batched_put(u, rows, 0, n)))


def tensor_scatter_mul(input_x, indices, updates):
    """``input_x`` multiplied by ``updates`` at the slices ``indices`` name (see
    ``tensor_scatter_add``); an element named twice is multiplied by both.
    Every factor's derivative is exact (MindSpore's gradient of a repeated
    update leaves out the other updates of its element).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_mul(ms.Tensor([1.0, 2.0]), ms.Tensor([[1], [1]]), ms.Tensor([2.0, 3.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  1.20000000e+01])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_mul",
                               lambda *parts: _segment_prod(*_with_own_rows(*parts)))


def tensor_scatter_div(input_x, indices, updates):
    """``input_x`` divided by ``updates`` at the slices ``indices`` name (see
    ``tensor_scatter_add``): by the product of the updates where an element is
    named twice; integers divide rounding toward zero, as MindSpore's.  Every
    update's derivative is exact (MindSpore's of a repeated update leaves out
    the others).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_div(ms.Tensor([1.0, 6.0]), ms.Tensor([[1], [1]]), ms.Tensor([2.0, 3.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  1.00000000e+00])
    """
    def divide(x, written, rows, n):
        divisor = _segment_prod(written, rows, n)
        return (ew.div if np.result_type(primal_value(x)).kind == "f" else truncdiv)(x, divisor)
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_div", divide)


def tensor_scatter_max(input_x, indices, updates):
    """The larger of ``input_x`` and each of the ``updates`` at the slices
    ``indices`` name (see ``tensor_scatter_add``); tied values, input_x's among
    them, share the gradient equally, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_max(ms.Tensor([1.0, 2.0]), ms.Tensor([[0], [1]]), ms.Tensor([5.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  2.00000000e+00])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_max",
                               lambda *parts: _segment_extremum(*_with_own_rows(*parts), True))


def tensor_scatter_min(input_x, indices, updates):
    """The smaller of ``input_x`` and each of the ``updates`` at the slices
    ``indices`` name (see ``tensor_scatter_max``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_min(ms.Tensor([1.0, 2.0]), ms.Tensor([[0], [1]]), ms.Tensor([5.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  0.00000000e+00])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_min",
                               lambda *parts: _segment_extremum(*_with_own_rows(*parts), False))


def tensor_scatter_update(input_x, indices, updates):
    """``input_x`` with ``updates`` written over the slices ``indices`` name (see
    ``tensor_scatter_add``).  Where a slice is named twice the last update
    wins (as MindSpore's CPU), and only it gets a gradient.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tensor_scatter_update(ms.Tensor([1.0, 2.0]), ms.Tensor([[1], [1]]), ms.Tensor([5.0, 7.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  7.00000000e+00])
    """
    return _scatter_by_vectors(input_x, indices, updates, "tensor_scatter_update",
                               lambda x, written, rows, n: write_rows(x, rows, written),
                               bool_ok=True)


def tensor_scatter_elements(input_x, indices, updates, axis=0, reduction="none"):
    """``input_x`` with each element of ``updates`` written (``reduction='none'``;
    the last of repeated indices wins) or added (``'add'``) at the position
    ``indices`` gives along ``axis``: out[..., indices[i, j, ...], ...] =
    updates[i, j, ...].  indices and updates have one shape, input_x's rank,
    and are no larger than input_x off ``axis``; negative indices count from
    the end.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0, 3.0]])
    >>> ops.tensor_scatter_elements(x, ms.Tensor([[2, 2]]), ms.Tensor([[7.0, 8.0]]), 1, "add")
    Tensor(shape=[1, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  2.00000000e+00,  1.80000000e+01]])
    """
    owner = "tensor_scatter_elements"
    if reduction not in ("none", "add"):
        raise ValueError(f"{owner}: reduction must be 'none' or 'add', got {reduction!r}")
    _dtype(input_x, owner, "input_x", bool_ok=reduction == "none")
    idx, targets = element_targets(input_x, axis, indices, owner, "indices")
    _same_dtype(input_x, updates, owner, "updates")
    if _shape(updates) != idx.shape:
        raise ValueError(f"{owner}: updates must have indices' shape {idx.shape}, got "
                         f"{_shape(updates)}")
    shape = _shape(input_x)
    lined, written = reshape(input_x, (-1,)), reshape(updates, (-1,))
    if reduction == "add":
        out = ew.add(lined, batched_put(written, targets, 0, math.prod(shape)))
    else:
        out = write_rows(lined, targets, written)
    return reshape(out, shape)


# ---------------------------------------------------------------------------
# Writing slices, selections and diagonals

def _write_along(input, src, positions, axis):
    """input with src's slices along ``axis`` written at ``positions`` (distinct)."""
    shape = _shape(input)
    n = shape[axis]
    at = np.zeros(n, bool)
    at[positions] = True
    return where(at.reshape((n,) + (1,) * (len(shape) - axis - 1)),
                 batched_put(src, positions, axis, n), input)


def _check_src(input, src, expected, owner, what):
    _same_dtype(input, src, owner, "src")
    if _shape(src) != expected:
        raise ValueError(f"{owner}: src must have the shape of {what}, {expected}, got "
                         f"{_shape(src)}")


def slice_scatter(input, src, axis=0, start=None, end=None, step=1):
    """``input`` with ``src`` written over its slice start:end:step along ``axis``
    (Python's slice rules; src has the slice's shape and input's dtype).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.slice_scatter(ms.Tensor(np.zeros((2, 4), np.float32)), ms.Tensor([[1.0, 2.0], [3.0, 4.0]]),
    ...                   1, 0, 4, 2)
    Tensor(shape=[2, 4], dtype=Float32, value=
    [[ 1.00000000e+00,  0.00000000e+00,  2.00000000e+00,  0.00000000e+00],
     [ 3.00000000e+00,  0.00000000e+00,  4.00000000e+00,  0.00000000e+00]])
    """
    owner = "slice_scatter"
    shape = _shape(input)
    at = _axis(axis, _at_least_1d(input, owner), owner)
    bounds = [None if b is None else _check_int(b, name, owner)
              for b, name in ((start, "start"), (end, "end"))]
    positions = np.arange(shape[at])[slice(*bounds, _check_int(step, "step", owner, 1))]
    _check_src(input, src, shape[:at] + (len(positions),) + shape[at + 1:], owner,
               f"the slice of axis {at}")
    return _write_along(input, src, positions, at)


def select_scatter(input, src, axis, index):
    """``input`` with ``src`` written over its slice at ``index`` along ``axis``
    (src has input's shape without that axis, and its dtype).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.select_scatter(ms.Tensor(np.zeros((2, 3), np.float32)), ms.Tensor([1.0, 2.0]), 1, -1)
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 0.00000000e+00,  0.00000000e+00,  1.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  2.00000000e+00]])
    """
    owner = "select_scatter"
    shape = _shape(input)
    at = _axis(axis, _at_least_1d(input, owner), owner)
    position = _in_range(np.asarray([_check_int(index, "index", owner)]), shape[at], owner,
                         "index", f"axis {at} of shape {shape}")
    _check_src(input, src, shape[:at] + shape[at + 1:], owner, f"input without axis {at}")
    return _write_along(input, expand_dims(src, at), position, at)


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """``input`` with ``src`` written over its diagonal ``offset`` on the axes
    (dim1, dim2), which src holds as its last axis (as ``diagonal`` returns
    it); src is cast to input's dtype, as MindSpore does.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diagonal_scatter(ms.Tensor(np.zeros((2, 3), np.float32)), ms.Tensor([1.0, 2.0]), 1)
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 0.00000000e+00,  1.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  2.00000000e+00]])
    """
    owner = "diagonal_scatter"
    dtype = _dtype(input, owner, "input", bool_ok=True)
    _dtype(src, owner, "src", bool_ok=True)
    offset = _check_int(offset, "offset", owner)
    shape = _shape(input)
    if len(shape) < 2:
        raise ValueError(f"{owner}: input must be at least 2-D, got shape {shape}")
    a1, a2 = _axis(dim1, len(shape), owner, "dim1"), _axis(dim2, len(shape), owner, "dim2")
    if a1 == a2:
        raise ValueError(f"{owner}: dim1 and dim2 must differ, got {dim1} and {dim2}")
    order = [i for i in range(len(shape)) if i not in (a1, a2)] + [a1, a2]
    outer = tuple(shape[i] for i in order[:-2])
    n, m = shape[a1], shape[a2]
    rows, columns = diagonal_positions(n, m, offset)
    if _shape(src) != outer + (len(rows),):
        raise ValueError(f"{owner}: src must have the shape of input's diagonal, "
                         f"{outer + (len(rows),)}, got {_shape(src)}")
    lined = reshape(transpose(input, order), outer + (n * m,))
    written = _write_along(lined, cast(src, dtype), rows * m + columns, len(outer))
    return transpose(reshape(written, outer + (n, m)), tuple(np.argsort(order)))


def index_fill(x, axis, index, value):
    """``x`` with ``value`` (a number or a 0-d tensor, cast to x's dtype) at the
    positions ``index`` (a 0-d or 1-D integer tensor; negative values count
    from the end) along ``axis``.  The filled elements' derivative is value's.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.index_fill(ms.Tensor([[1.0, 2.0, 3.0]]), 1, ms.Tensor([0, 2]), 9.0)
    Tensor(shape=[1, 3], dtype=Float32, value=
    [[ 9.00000000e+00,  2.00000000e+00,  9.00000000e+00]])
    """
    owner = "index_fill"
    dtype = _dtype(x, owner, "x")
    shape = _shape(x)
    at = _axis(_int_argument(axis, "axis", owner), _at_least_1d(x, owner, "x"), owner)
    idx = _unmapped_indices(index, "index", owner)
    if idx.ndim > 1:
        raise ValueError(f"{owner}: index must be 0-d or 1-D, got shape {idx.shape}")
    positions = _in_range(idx.reshape(-1), shape[at], owner, "index",
                          f"axis {at} of shape {shape}")
    _dtype(value, owner, "value")
    if _shape(value):
        raise ValueError(f"{owner}: value must be a number or a 0-d tensor, got shape "
                         f"{_shape(value)}")
    filled = np.zeros(shape[at], bool)
    filled[positions] = True
    return where(filled.reshape((-1,) + (1,) * (len(shape) - at - 1)),
                 cast(value, dtype) if not isinstance(value, (int, float)) else
                 np.asarray(value).astype(dtype), x)
