"""Stacking, splitting, flipping and repeating tensors, and building matrices
from vectors (diagonals, bands, Vandermonde matrices, Cartesian products), as
MindSpore's ``ops`` has them.

Each is written with the engine's primitives (getitem, concat, reshape,
broadcast_to, where, pow, moveaxis), so every mode differentiates it to any
order; positions (split points, band masks, flattened indices) are constants
to the derivative.
"""
import numpy as np

from . import _elementwise as ew
from ._composite import (_at_least_1d, _axis, _check_int, _check_size, _shape, _slice_along,
                         _value, flip)
from ._core import primal_value
from ._functions import (_integer, broadcast_to, concat, expand_dims, getitem, reshape,
                         stack, where)
from ._linalg import _tensors, moveaxis, repeat_interleave, vstack


# ---------------------------------------------------------------------------
# Stacking

def column_stack(tensors):
    """Tensors joined as columns: 0-d and 1-D ones become columns of a matrix,
    others are joined along their second axis.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.column_stack([ms.Tensor([1.0, 2.0]), ms.Tensor([3.0, 4.0])]).shape
    (2, 2)
    """
    xs = [reshape(x, (-1, 1)) if len(_shape(x)) < 2 else x
          for x in _tensors(tensors, "column_stack")]
    return concat(xs, 1)


def row_stack(tensors):
    """Tensors joined as rows (``vstack``)."""
    return vstack(_tensors(tensors, "row_stack"))


def _as_3d(x):
    shape = _shape(x)
    if len(shape) == 0:
        return reshape(x, (1, 1, 1))
    if len(shape) == 1:
        return reshape(x, (1, shape[0], 1))
    if len(shape) == 2:
        return reshape(x, shape + (1,))
    return x


def dstack(tensors):
    """Tensors joined along their third axis, made 3-D first: (n,) as (1, n, 1),
    (m, n) as (m, n, 1).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.dstack([ms.Tensor([[1.0, 2.0]]), ms.Tensor([[3.0, 4.0]])]).shape
    (1, 2, 2)
    """
    return concat([_as_3d(x) for x in _tensors(tensors, "dstack")], 2)


# ---------------------------------------------------------------------------
# Splitting

def tensor_split(input, indices_or_sections, axis=0):
    """A tuple of pieces of ``input`` along ``axis``: ``n`` pieces whose sizes
    differ by at most one (the first ones larger), for an int; for a tuple or
    list of indices, the pieces between them (``input[:i0], input[i0:i1], ...``,
    each taken as Python slices take it, so a decreasing index gives an empty
    piece).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> [p.shape for p in ops.tensor_split(ms.Tensor(np.arange(7.0)), 3)]
    [(3,), (2,), (2,)]
    >>> [p.shape for p in ops.tensor_split(ms.Tensor(np.arange(7.0)), [2, 5])]
    [(2,), (3,), (2,)]
    """
    return _split_along(input, indices_or_sections, axis, "tensor_split")


def _split_along(x, indices_or_sections, axis, owner):
    axis = _axis(axis, _at_least_1d(x, owner), owner)
    n = _shape(x)[axis]
    if isinstance(indices_or_sections, (tuple, list)):
        points = [_check_int(i, "indices_or_sections", owner) for i in indices_or_sections]
        bounds = list(zip([0] + points, points + [None]))
    else:
        sections = _check_int(indices_or_sections, "indices_or_sections", owner, 1)
        if sections >= 2 ** 63:             # (Python could not build the list of pieces)
            raise ValueError(f"{owner}: indices_or_sections must fit in 64 bits, got {sections}")
        size, larger = divmod(n, sections)
        sizes = [size + 1] * larger + [size] * (sections - larger)
        starts = np.cumsum([0] + sizes)
        bounds = list(zip(starts[:-1].tolist(), starts[1:].tolist()))
    return tuple(getitem(x, _slice_along(axis, start, stop)) for start, stop in bounds)


def _check_rank(x, rank, owner):
    shape = _shape(x)
    if len(shape) < rank:
        raise ValueError(f"{owner}: input must have at least {rank} dimensions, got shape "
                         f"{shape}")


def _split_at_least(x, indices_or_sections, axis, rank, owner):
    _check_rank(x, rank, owner)
    return _split_along(x, indices_or_sections, axis, owner)


def hsplit(input, indices_or_sections):
    """``tensor_split`` along the second axis (the input at least 2-D)."""
    return _split_at_least(input, indices_or_sections, 1, 2, "hsplit")


def vsplit(input, indices_or_sections):
    """``tensor_split`` along the first axis."""
    return _split_at_least(input, indices_or_sections, 0, 1, "vsplit")


def dsplit(input, indices_or_sections):
    """``tensor_split`` along the third axis (the input at least 3-D)."""
    return _split_at_least(input, indices_or_sections, 2, 3, "dsplit")


# ---------------------------------------------------------------------------
# Flipping, repeating, taking

def _flip_at_least(x, axis, rank, owner):
    _check_rank(x, rank, owner)
    return flip(x, (axis,))


def fliplr(input):
    """``input`` with its columns (second axis) reversed."""
    return _flip_at_least(input, 1, 2, "fliplr")


def flipud(input):
    """``input`` with its rows (first axis) reversed."""
    return _flip_at_least(input, 0, 1, "flipud")


def repeat_elements(x, rep, axis=0):
    """Each slice of ``x`` along ``axis`` repeated ``rep`` times in place.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.repeat_elements(ms.Tensor([[1.0, 2.0]]), 2, 1).asnumpy().tolist()
    [[1.0, 1.0, 2.0, 2.0]]
    """
    rep = _check_int(rep, "rep", "repeat_elements", 1)
    axis = _axis(axis, _at_least_1d(x, "repeat_elements", "x"), "repeat_elements")
    return repeat_interleave(x, rep, axis)


def take(input, index):
    """The elements of ``input`` flattened, at ``index`` (an integer tensor of
    any shape, which the result takes; negative indices count from the end).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.take(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([[0, 3], [-1, 1]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00,  4.00000000e+00],
     [ 4.00000000e+00,  2.00000000e+00]])
    """
    positions = _value(index)
    if positions.dtype.kind not in "iu":
        raise TypeError(f"take: index must be an integer tensor, got dtype {positions.dtype}")
    flat = reshape(input, (-1,))
    n = _shape(flat)[0]
    if positions.size and (positions.min() < -n or positions.max() >= n):
        raise ValueError(f"take: index must be in [-{n}, {n}) for an input of {n} elements, "
                         f"got values from {positions.min()} to {positions.max()}")
    return getitem(flat, np.where(positions < 0, positions + n, positions).astype(np.intp))


# ---------------------------------------------------------------------------
# Matrices built from vectors

def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Each vector along ``input``'s last axis laid on diagonal ``offset`` of a
    square matrix whose rows are axis ``dim1`` and columns axis ``dim2`` of the
    result (one axis more than ``input``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diag_embed(ms.Tensor([1.0, 2.0]), 1).asnumpy().tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
    """
    offset = _check_int(offset, "offset", "diag_embed")
    nd = _at_least_1d(input, "diag_embed") + 1
    shape = _shape(input)
    rows = _axis(dim1, nd, "diag_embed", "dim1")
    cols = _axis(dim2, nd, "diag_embed", "dim2")
    if rows == cols:
        raise ValueError(f"diag_embed: dim1 and dim2 must be different axes, got {dim1} and "
                         f"{dim2}")
    m = shape[-1]
    n = m + abs(offset)
    _check_size(shape[:-1] + (n, n), "diag_embed", "the result's shape")
    # The vector padded to n elements, so that element i of it sits in row i of
    # the matrix: after the vector for an offset above the diagonal, before it
    # for one below.
    padded = _zeros_around(input, *((0, offset) if offset >= 0 else (-offset, 0)))
    on_diagonal = np.eye(n, n, offset, dtype=bool)
    zero = np.zeros((), np.result_type(primal_value(input))) if _integer(input) else 0.0
    matrices = where(on_diagonal, expand_dims(padded, -1), zero)
    return moveaxis(matrices, (nd - 2, nd - 1), (rows, cols))


def _zeros_around(x, before, after):
    """x with ``before`` zeros in front of and ``after`` zeros behind its last axis."""
    dtype = np.result_type(primal_value(x))
    rows = _shape(x)[:-1]
    parts = ([np.zeros(rows + (before,), dtype)] if before else []) + [x] + (
        [np.zeros(rows + (after,), dtype)] if after else [])
    return concat(parts, -1) if len(parts) > 1 else x


def diagflat(input, offset=0):
    """``input`` flattened and laid on diagonal ``offset`` of a square matrix.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diagflat(ms.Tensor([[1.0], [2.0]])).asnumpy().tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """
    return diag_embed(reshape(input, (-1,)), offset)


def _band_limit(value, name):
    v = primal_value(value)
    if isinstance(v, np.ndarray):
        if v.ndim != 0 or v.dtype.kind not in "iu":
            raise TypeError(f"matrix_band_part: {name} must be an int or a 0-d integer "
                            f"Tensor, got {'dtype ' + str(v.dtype) if v.ndim == 0 else v.shape}")
        v = v.item()
    return _check_int(v, name, "matrix_band_part")


def matrix_band_part(x, lower, upper):
    """``x`` with the elements outside a band of its last two axes set to 0:
    ``lower`` diagonals below the main one and ``upper`` above it are kept (a
    negative count keeps that whole triangle).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.matrix_band_part(ms.Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), 0, 1).asnumpy().tolist()
    [[1.0, 2.0, 0.0], [0.0, 5.0, 6.0]]
    """
    lower, upper = _band_limit(lower, "lower"), _band_limit(upper, "upper")
    shape = _shape(x)
    if len(shape) < 2:
        raise ValueError(f"matrix_band_part: x must be at least 2-D, got shape {shape}")
    rows, cols = np.indices(shape[-2:])
    keep = np.ones(shape[-2:], bool)
    if lower >= 0:
        keep &= rows - cols <= lower
    if upper >= 0:
        keep &= cols - rows <= upper
    zero = np.zeros((), np.result_type(primal_value(x))) if _integer(x) else 0.0
    return where(keep, x, zero)


def vander(x, N=None):
    """The Vandermonde matrix of a vector: column j holds x^(N-1-j), so the
    powers decrease from N-1 (N = len(x) when None) to 0.  Integer input gives
    an integer matrix (no derivative).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.vander(ms.Tensor([1.0, 2.0, 3.0])).asnumpy().tolist()
    [[1.0, 1.0, 1.0], [4.0, 2.0, 1.0], [9.0, 3.0, 1.0]]
    """
    shape = _shape(x)
    if len(shape) != 1:
        raise ValueError(f"vander: x must be 1-D, got shape {shape}")
    N = shape[0] if N is None else _check_int(N, "N", "vander", 0)
    if _integer(x):
        return np.vander(_value(x), N)
    # pow's rule takes the limits at 0 (d/dx x^0 = 0, d/dx x^1 = 1), so the
    # derivatives are exact at x = 0 too.
    exponents = np.arange(N - 1, -1, -1).astype(np.result_type(primal_value(x)))
    return ew.pow(expand_dims(x, -1), exponents)


def cartesian_prod(*inputs):
    """Every combination of one element from each 1-D input, one per row, the
    last input varying fastest: shape (n1 · n2 · ..., number of inputs).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cartesian_prod(ms.Tensor([1.0, 2.0]), ms.Tensor([3.0, 4.0])).asnumpy().tolist()
    [[1.0, 3.0], [1.0, 4.0], [2.0, 3.0], [2.0, 4.0]]
    """
    if not inputs:
        raise TypeError("cartesian_prod: expected at least one tensor")
    sizes = []
    for i, x in enumerate(inputs):
        shape = _shape(x)
        if len(shape) != 1:
            raise ValueError(f"cartesian_prod: inputs[{i}] must be 1-D, got shape {shape}")
        sizes.append(shape[0])
    grid = tuple(sizes)
    columns = []
    for i, x in enumerate(inputs):
        along = [1] * len(sizes)
        along[i] = sizes[i]
        columns.append(reshape(broadcast_to(reshape(x, tuple(along)), grid), (-1,)))
    return stack(columns, -1)

