"""Matrix products, triangles and diagonals, inverse and determinant, and shape
functions, composed of the engine's primitives.

``inverse`` and ``det`` are Gauss-Jordan elimination written with primitives
(indexing, where, mul, div, sub), the rows permuted first by partial pivoting
chosen from the primal values (a constant to the derivative).  Every mode
therefore differentiates them to any order, and their derivatives are the
exact ones: d inv(A) = -inv(A)·dA·inv(A), d det(A) = det(A)·tr(inv(A)·dA).
A singular matrix's determinant stops the elimination where no pivot is left
and takes the determinant of the block left without division, so that its
derivatives are exact there too (the adjugate, second-order cofactors...).
"""
import math

import numpy as np

from . import _core, _elementwise as ew
from ._composite import (_at_least_1d, _axes_argument, _axis, _check_int, _check_range,
                         _indices, _product_of_last, _shape, _slice_along, _take_along,
                         per_example, tensor_dot)
from ._core import primal_value
from ._functions import (_integer, broadcast_to, cast, concat, floating, getitem, matmul,
                         reshape, sum_, transpose, where)
from ._vmap import batched_take


# ---------------------------------------------------------------------------
# Products

def _ranks(owner, *pairs):
    for x, name, rank in pairs:
        nd = len(_shape(x))
        if nd != rank:
            raise ValueError(f"{owner}: {name} must be {rank}-D, got shape {_shape(x)}")


def bmm(input_x, mat2):
    """Batched matrix product of (B, N, M) and (B, M, P) tensors.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.bmm(ms.Tensor(np.ones((2, 1, 3))), ms.Tensor(np.ones((2, 3, 4)))).shape
    (2, 1, 4)
    """
    _ranks("bmm", (input_x, "input_x", 3), (mat2, "mat2", 3))
    return matmul(input_x, mat2)


def mm(input, mat2):
    """The matrix product of two 2-D tensors.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.mm(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[3.0], [4.0]]))
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 1.10000000e+01]])
    """
    _ranks("mm", (input, "input", 2), (mat2, "mat2", 2))
    return matmul(input, mat2)


def mv(mat, vec):
    """The product of a 2-D tensor and a 1-D one."""
    _ranks("mv", (mat, "mat", 2), (vec, "vec", 1))
    return matmul(mat, vec)


def inner(input, other):
    """Products summed over the last axis of both (a product when either is 0-d).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.inner(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([1.0, 1.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 3.00000000e+00,  7.00000000e+00])
    """
    s1, s2 = _shape(input), _shape(other)
    if not s1 or not s2:
        return ew.mul(input, other)
    if s1[-1] != s2[-1]:
        raise ValueError(f"inner: the last axes of shapes {s1} and {s2} differ in size")
    return tensor_dot(input, other, ((len(s1) - 1,), (len(s2) - 1,)))


def kron(input, other):
    """The Kronecker product: every element of ``input`` times all of ``other``,
    in blocks (the shapes aligned at the right, the shorter padded with ones).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.kron(ms.Tensor([1.0, 2.0]), ms.Tensor([1.0, 10.0]))
    Tensor(shape=[4], dtype=Float32, value= [ 1.00000000e+00,  1.00000000e+01,  2.00000000e+00,  2.00000000e+01])
    """
    s1, s2 = _shape(input), _shape(other)
    k = max(len(s1), len(s2))
    s1, s2 = (1,) * (k - len(s1)) + s1, (1,) * (k - len(s2)) + s2
    a = reshape(input, [m for n in s1 for m in (n, 1)])
    b = reshape(other, [m for n in s2 for m in (1, n)])
    return reshape(ew.mul(a, b), tuple(p * q for p, q in zip(s1, s2)))


def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (the first axis of size 3 when
    None), with broadcasting.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cross(ms.Tensor([1.0, 0.0, 0.0]), ms.Tensor([0.0, 1.0, 0.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  0.00000000e+00,  1.00000000e+00])
    """
    s1, s2 = _shape(input), _shape(other)
    if len(s1) != len(s2):
        raise ValueError(f"cross: input and other must have one rank, got shapes {s1} and {s2}")
    try:
        shape = np.broadcast_shapes(s1, s2)
    except ValueError:
        raise ValueError(f"cross: shapes {s1} and {s2} do not broadcast") from None
    if dim is None:
        dim = next((i for i, n in enumerate(shape) if n == 3), None)
        if dim is None:
            raise ValueError(f"cross: no axis of size 3 in shape {shape}; give dim")
    axis = _axis(dim, _at_least_1d(input, "cross"), "cross", "dim")
    if s1[axis] != 3 or s2[axis] != 3:
        raise ValueError(f"cross: axis {dim} of shapes {s1} and {s2} must have size 3")
    a, b = broadcast_to(input, shape), broadcast_to(other, shape)

    def c(x, i):
        return getitem(x, _slice_along(axis, i, i + 1))
    parts = [ew.sub(ew.mul(c(a, i), c(b, j)), ew.mul(c(a, j), c(b, i)))
             for i, j in ((1, 2), (2, 0), (0, 1))]
    return concat(parts, axis)


# ---------------------------------------------------------------------------
# Triangles and diagonals

def _triangle(input, diagonal, lower, owner):
    diagonal = _check_int(diagonal, "diagonal", owner)
    shape = _shape(input)
    if len(shape) < 2:
        raise ValueError(f"{owner}: input must be at least 2-D, got shape {shape}")
    n, m = shape[-2:]
    # Beyond the matrix every diagonal keeps all or nothing (and np.tri takes a C long).
    diagonal = max(-n, min(m, diagonal))
    keep = (np.tri(n, m, diagonal, dtype=bool) if lower
            else ~np.tri(n, m, diagonal - 1, dtype=bool))
    # A 0-d zero of an integer (or bool) input's dtype keeps that dtype.
    zero = np.zeros((), np.result_type(primal_value(input))) if _integer(input) else 0.0
    return where(keep, input, zero)


def tril(input, diagonal=0):
    """``input`` with the elements above diagonal ``diagonal`` of its last two axes
    set to 0.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.tril(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00,  0.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    return _triangle(input, diagonal, True, "tril")


def triu(input, diagonal=0):
    """``input`` with the elements below diagonal ``diagonal`` of its last two axes
    set to 0."""
    return _triangle(input, diagonal, False, "triu")


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal ``offset`` of the matrices on axes (dim1, dim2), as a last axis.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diagonal(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), 1)
    Tensor(shape=[1], dtype=Float32, value= [ 2.00000000e+00])
    """
    offset = _check_int(offset, "offset", "diagonal")
    nd = len(_shape(input))
    if nd < 2:
        raise ValueError(f"diagonal: input must be at least 2-D, got shape {_shape(input)}")
    a1, a2 = _axis(dim1, nd, "diagonal", "dim1"), _axis(dim2, nd, "diagonal", "dim2")
    if a1 == a2:
        raise ValueError(f"diagonal: dim1 and dim2 must differ, got {dim1} and {dim2}")
    rest = [i for i in range(nd) if i not in (a1, a2)]
    x = transpose(input, rest + [a1, a2])
    rows, columns = diagonal_positions(*_shape(x)[-2:], offset)
    return getitem(x, (Ellipsis, rows, columns))


def diagonal_positions(n, m, offset):
    """The (rows, columns) of diagonal ``offset`` of an n×m matrix (empty beyond it)."""
    offset = max(-n, min(m, offset))
    rows = np.arange(max(0, -offset), min(n, m - offset) if offset < m else 0)
    return rows, rows + offset


# ---------------------------------------------------------------------------
# Inverse and determinant

def _float_square(input, owner):
    """input as float matrices (integers in float32) and their size; bool, text,
    None and the like are a TypeError naming ``owner``."""
    kind = np.asarray(primal_value(input)).dtype.kind
    if kind not in "iuf":
        raise TypeError(f"{owner}: input must be a Tensor of real numbers (float, or integers "
                        f"computed in float32), got {_description(input)}")
    x = floating(input)
    return x, _square(x, owner)


def _description(value):
    dtype = np.asarray(primal_value(value)).dtype
    return f"dtype {dtype}" if dtype.kind in "bc" else type(value).__name__


def _square(x, owner):
    shape = _shape(x)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ValueError(f"{owner}: input must be a square matrix or a batch of them, got "
                         f"shape {shape}")
    return shape[-1]


def _pivoting(a, rank_revealing):
    """Pivoting for a batch of matrices (..., n, n), all at once, found by running
    ``_eliminate``'s own arithmetic in a's dtype, so that the pivots tested
    here are exactly those the elimination divides by.

    Rows are chosen by partial pivoting.  With ``rank_revealing`` (for the
    determinant), a pivot no larger than n·ε·(|L|·|U|) at its place counts as
    none (|L|·|U| is |a| plus the sizes of the products the elimination
    subtracted there, the componentwise bound of its rounding): where the
    exact pivot is 0, rounding leaves one of that size, and dividing by it
    would make the derivatives at a singular matrix the difference of huge
    terms.  (A bound relative to max|a| instead took whole well-scaled blocks
    beside a large entry, block_diag(1e20, hilbert(6)), for rounding, and the
    division-free determinant of an ill-conditioned block is inaccurate.)
    Where column k has no pivot, a later column that has one is moved in;
    where no column has, the rank is k, and the block left (all its entries
    that small) is the determinant's concern.  Returns an
    int array (..., 2n + 2): the row order, the column order, the sign of both
    permutations, and the rank."""
    a = np.asarray(a)
    n = a.shape[-1]
    m = a.reshape((-1, n, n)).copy()         # the batch flattened: (b, n, n)
    b = m.shape[0]
    rows = np.broadcast_to(np.arange(n), (b, n)).copy()
    columns = rows.copy()
    signs = np.ones(b, np.int64)
    ranks = np.full(b, n, np.int64)
    factor = n * np.finfo(m.dtype).eps
    # The bound |L|·|U| of each entry, finite (NaN and inf count as pivots:
    # they are not zeros to skip).
    bound = np.where(np.isfinite(m), np.abs(m), 0)

    def pivots_in(block, sizes, axis):
        return ~(np.abs(block) <= factor * sizes).all(axis)

    # NaN and inf entries make NaNs here as they do in the elimination.
    with np.errstate(all="ignore"):
        for k in range(n):
            no_pivot = (~pivots_in(m[:, k:, k], bound[:, k:, k], -1) & (ranks == n)
                        if rank_revealing else None)
            if rank_revealing and no_pivot.any():
                has_entry = pivots_in(m[:, k:, k:], bound[:, k:, k:], -2)  # (b, n - k)
                exhausted = no_pivot & ~has_entry.any(-1)
                ranks[exhausted] = k
                which = np.flatnonzero(no_pivot & ~exhausted)
                j = k + np.argmax(has_entry[which], -1)
                m[which, :, k], m[which, :, j] = m[which, :, j], m[which, :, k]
                bound[which, :, k], bound[which, :, j] = bound[which, :, j], bound[which, :, k]
                columns[which, k], columns[which, j] = columns[which, j], columns[which, k]
                signs[which] = -signs[which]
            done = ranks < n
            some_done = done.any()
            p = k + np.argmax(np.abs(m[:, k:, k]), axis=-1)
            if some_done:
                p[done] = k
            which = np.flatnonzero(p != k)
            if which.size:
                q = p[which]
                m[which, k], m[which, q] = m[which, q], m[which, k]
                if rank_revealing:
                    bound[which, k], bound[which, q] = bound[which, q], bound[which, k]
                rows[which, k], rows[which, q] = rows[which, q], rows[which, k]
                signs[which] = -signs[which]
            # Gauss-Jordan step k, as _eliminate computes it, where a pivot is left.
            pivot = m[:, k:k + 1, k:k + 1]
            if some_done:
                pivot = np.where(done[:, None, None], 1, pivot)
            row = m[:, k:k + 1, :] / pivot
            reduced = m - m[:, :, k:k + 1] * row
            reduced[:, k:k + 1, :] = row
            if rank_revealing:
                grown = bound + np.abs(m[:, :, k:k + 1]) * np.abs(row)
                grown[:, k:k + 1, :] = np.abs(row)
                grown = np.where(np.isfinite(grown), grown, 0)
                bound = np.where(done[:, None, None], bound, grown) if some_done else grown
            m = np.where(done[:, None, None], m, reduced) if some_done else reduced
    found = np.concatenate([rows, columns, signs[:, None], ranks[:, None]], -1)
    return found.reshape(a.shape[:-2] + (2 * n + 2,))


def _eliminate(a, extra, active=None):
    """Gauss-Jordan on the rows of ``a`` (already in pivot order) joined by
    ``extra`` columns: (the reduced matrix, the pivots (..., n)).  ``active``
    (..., n), when given, says which steps have a pivot; the others leave the
    matrix as it is and count as a pivot of 1."""
    n = _shape(a)[-1]
    m = concat([a, extra], -1) if extra is not None else a
    pivots = []
    for k in range(n):
        row = getitem(m, (Ellipsis, slice(k, k + 1), slice(None)))
        pivot = getitem(m, (Ellipsis, slice(k, k + 1), slice(k, k + 1)))
        step = None if active is None else getitem(active, (Ellipsis, slice(k, k + 1), None))
        if step is not None:
            pivot = where(step, pivot, 1.0)
        pivots.append(getitem(pivot, (Ellipsis, 0)))
        row = ew.div(row, pivot)
        column = getitem(m, (Ellipsis, slice(None), slice(k, k + 1)))
        at_k = (np.arange(n) == k).reshape(n, 1)
        reduced = where(at_k, row, ew.sub(m, ew.mul(column, row)))
        m = reduced if step is None else where(step, reduced, m)
    return m, concat(pivots, -1)


class _Pivoted:
    """A batch of matrices in pivot order and what the pivoting found: the
    matrices with their rows (and, where some are singular, columns) permuted,
    the row order, the sign of the permutations, and, where some matrix is
    singular (``rank_revealing`` only), which elimination steps have a pivot
    and the size of the largest block left without one."""

    def __init__(self, x, rank_revealing):
        n = _shape(x)[-1]
        batch = len(_shape(x)) - 2
        found = {}

        def pivoting(values, k):
            out = _pivoting(values, rank_revealing)
            found["unpivoted"] = int(n - out[..., -1].min()) if out.size else 0
            found["columns moved"] = bool((out[..., n:2 * n] != np.arange(n)).any())
            return out

        # Chosen from the values (each example's under vmap): constants to the
        # derivative.
        chosen = per_example(x, pivoting)
        self.rows = getitem(chosen, (Ellipsis, slice(0, n)))
        self.sign = getitem(chosen, (Ellipsis, 2 * n))
        self.matrices = batched_take(x, self.rows, batch, batch)
        if found["columns moved"]:
            columns = getitem(chosen, (Ellipsis, slice(n, 2 * n)))
            self.matrices = batched_take(self.matrices, columns, batch + 1, batch)
        self.unpivoted = found["unpivoted"]
        self.active = None
        if self.unpivoted:
            self.active = per_example(chosen, lambda v, k: np.arange(n) < v[..., -1:])


def _in_pivot_order(x):
    """x's rows in the order of partial pivoting (chosen from x's values, each
    example's under vmap), that order and its sign."""
    pivoted = _Pivoted(x, rank_revealing=False)
    return pivoted.matrices, pivoted.rows, pivoted.sign


def _trace_of_last_two(x):
    k = np.arange(_shape(x)[-1])
    return sum_(getitem(x, (Ellipsis, k, k)), -1)


def _characteristic_det(t):
    """det of (..., d, d) by the Faddeev-LeVerrier recurrence: matrix products,
    traces and divisions by integers, so a polynomial in t's entries, whose
    derivatives are exact at every order even where t is 0 (where elimination
    would divide by zero).  With c_d = 1, M_1 = I: c_(d-k) = -tr(t·M_k)/k and
    M_(k+1) = t·M_k + c_(d-k)·I; det t = (-1)^d c_0."""
    d = _shape(t)[-1]
    eye = np.eye(d, dtype=np.result_type(primal_value(t)))
    product = t
    c = ew.neg(_trace_of_last_two(product))
    for k in range(2, d + 1):
        product = matmul(t, ew.add(product, ew.mul(reshape(c, _shape(c) + (1, 1)), eye)))
        c = ew.div(ew.neg(_trace_of_last_two(product)), float(k))
    return c if d % 2 == 0 else ew.neg(c)


def _determinant_factors(x):
    """(sign, pivots (..., n), det of the block left or None) with det x = sign ·
    prod(pivots) · that det.  Where elimination finds no pivot left (a singular
    matrix, or one within rounding of it), the d × d block left holds entries
    of rounding size or zeros, and its determinant, a polynomial of degree d in
    them (0 with its derivatives up to order d - 1 at a zero block, but not
    beyond), is computed without division (``_characteristic_det``) on the
    trailing d × d corner of the reduced matrix, which for a matrix with a
    smaller block also holds unit columns that leave its determinant that of
    the block.  (Scaling the block's rows and columns by powers of two first
    would not help: the recurrence's traces are not multilinear in the rows,
    so rows of very different scales make its terms cancel badly, in the
    derivatives at a zero block most of all.  The pivoting's componentwise
    tolerance leaves it blocks of rounding-sized entries, or of entries a
    singular matrix leaves, instead.)"""
    pivoted = _Pivoted(x, rank_revealing=True)
    reduced, pivots = _eliminate(pivoted.matrices, None, pivoted.active)
    d = pivoted.unpivoted
    block = None
    if d:
        block = _characteristic_det(getitem(reduced, (Ellipsis, slice(-d, None),
                                                      slice(-d, None))))
    return pivoted.sign, pivots, block


def inverse(input):
    """The inverse of a square matrix (or of each in a batch); integers compute
    in float32.  Its derivative is -inv(A)·dA·inv(A), to any order.  A
    singular matrix has none: its entries come out inf or NaN (as JAX's), not
    an exception, so that one singular matrix does not stop a batch.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.inverse(ms.Tensor([[2.0, 0.0], [1.0, 1.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 5.00000000e-01,  0.00000000e+00],
     [-5.00000000e-01,  1.00000000e+00]])
    """
    x, n = _float_square(input, "inverse")
    if n == 0:
        return x
    permuted, orders, _ = _in_pivot_order(x)
    # P·A = (rows of A in pivot order), so inv(A) = inv(P·A)·P: eliminate against
    # the permutation's columns.
    dtype = np.result_type(primal_value(x))
    # (..., n, n): row k is e_{orders[k]}
    eye = per_example(orders, lambda v, k: np.eye(n, dtype=dtype)[v])
    reduced, _ = _eliminate(permuted, eye)
    return getitem(reduced, (Ellipsis, slice(n, None)))


def det(input):
    """The determinant of a square matrix (or of each in a batch): the product of
    the pivots of elimination with partial pivoting, times the permutation's
    sign; where no pivot is left (a singular matrix), times the determinant of
    the block left, computed without division.  Its derivatives are exact to
    any order, singular matrices included: the first is the adjugate's
    transpose, det(A)·inv(A)ᵀ where A is invertible.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.det(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]))
    Tensor(shape=[], dtype=Float32, value= -2)
    """
    x, n = _float_square(input, "det")
    dtype = np.result_type(primal_value(x))
    if n == 0:
        return np.ones(_shape(x)[:-2], dtype)
    sign, pivots, unpivoted_det = _determinant_factors(x)
    value = ew.mul(_product_of_last(pivots), cast(sign, dtype))
    if unpivoted_det is None:
        return value
    # (+ 0.0: a singular matrix's determinant is 0, not -0)
    return ew.add(ew.mul(value, unpivoted_det), 0.0)


# ---------------------------------------------------------------------------
# Rearrangements

def swapaxes(input, axis0, axis1):
    """``input`` with two axes exchanged."""
    nd = len(_shape(input))
    perm = list(range(nd))
    a, b = _axis(axis0, max(nd, 1), "swapaxes", "axis0"), _axis(axis1, max(nd, 1), "swapaxes",
                                                                  "axis1")
    if not nd:
        return input
    perm[a], perm[b] = perm[b], perm[a]
    return transpose(input, perm)


def moveaxis(x, source, destination):
    """``x`` with the axes ``source`` (an int or a tuple) moved to ``destination``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.moveaxis(ms.Tensor(np.zeros((2, 3, 4))), 0, -1).shape
    (3, 4, 2)
    """
    nd = len(_shape(x))
    src = _axes_argument(source, nd, "moveaxis", "source")
    dst = _axes_argument(destination, nd, "moveaxis", "destination")
    if len(src) != len(dst):
        raise ValueError(f"moveaxis: source and destination must name as many axes, got "
                         f"{source!r} and {destination!r}")
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, order)


def ravel(input):
    """``input`` flattened to 1-D."""
    return reshape(input, (-1,))


def unbind(input, dim=0):
    """A tuple of the slices of ``input`` along ``dim`` (that axis removed)."""
    axis = _axis(dim, _at_least_1d(input, "unbind"), "unbind", "dim")
    return tuple(getitem(input, (slice(None),) * axis + (i,))
                 for i in range(_shape(input)[axis]))


def _tensors(tensors, owner):
    if not isinstance(tensors, (tuple, list)) or not tensors:
        raise TypeError(f"{owner}: expected a non-empty tuple or list of tensors, got "
                        f"{type(tensors).__name__}")
    return list(tensors)


def hstack(tensors):
    """Tensors joined along their second axis (the first, for 1-D ones)."""
    xs = [reshape(x, (1,)) if not _shape(x) else x for x in _tensors(tensors, "hstack")]
    return concat(xs, 0 if len(_shape(xs[0])) == 1 else 1)


def vstack(inputs):
    """Tensors joined along their first axis, 1-D ones (and 0-d) as rows.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.vstack([ms.Tensor([1.0, 2.0]), ms.Tensor([3.0, 4.0])]).shape
    (2, 2)
    """
    xs = [reshape(x, (1, -1)) if len(_shape(x)) < 2 else x for x in _tensors(inputs, "vstack")]
    return concat(xs, 0)


def narrow(input, axis, start, length):
    """The ``length`` elements of ``input`` from ``start`` along ``axis``."""
    ax = _axis(axis, _at_least_1d(input, "narrow"), "narrow")
    n = _shape(input)[ax]
    start = _check_int(start, "start", "narrow")
    length = _check_int(length, "length", "narrow", 0)
    start = start + n if start < 0 else start
    if not 0 <= start <= n or start + length > n:
        raise ValueError(f"narrow: start {start} and length {length} must fit axis {ax} of "
                         f"size {n}")
    return getitem(input, _slice_along(ax, start, start + length))


def repeat_interleave(input, repeats, axis=None):
    """Each element repeated ``repeats`` times (an int, or one count per element)
    along ``axis`` (of the flattened input when None).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.repeat_interleave(ms.Tensor([1.0, 2.0]), 2)
    Tensor(shape=[4], dtype=Float32, value= [ 1.00000000e+00,  1.00000000e+00,  2.00000000e+00,  2.00000000e+00])
    """
    x = input
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    ax = _axis(axis, _at_least_1d(x, "repeat_interleave"), "repeat_interleave")
    n = _shape(x)[ax]
    if isinstance(repeats, (int, np.integer)) and not isinstance(repeats, bool):
        repeats = np.full(n, _check_int(repeats, "repeats", "repeat_interleave", 0))
    counts = _indices(repeats, "repeats", "repeat_interleave")[1]
    if (counts < 0).any():
        raise ValueError("repeat_interleave: repeats must be >= 0")
    if math.prod(_shape(repeats)) not in (1, n):
        raise ValueError(f"repeat_interleave: repeats must be an int or have {n} counts")

    def positions(v, k):
        # Each output position's source element: how many running totals of
        # the counts it has reached (k leading axes: the examples of vmaps).
        v = np.broadcast_to(v.reshape(v.shape[:k] + (-1,)), v.shape[:k] + (n,))
        totals = np.cumsum(v, axis=-1)
        length = totals[..., -1] if n else np.zeros(v.shape[:k], np.int64)
        if np.any(length != length.reshape(-1)[:1]):
            raise ValueError("repeat_interleave: under vmap the repeats of every example "
                             "must add up to one length (the results are one batch), got "
                             f"{sorted(set(length.reshape(-1).tolist()))}")
        end = int(length.reshape(-1)[0]) if length.size else 0
        return (np.arange(end) >= totals[..., None]).sum(axis=-2)
    return getitem(x, (slice(None),) * ax + (per_example(repeats, positions),))


def expand_as(input, other):
    """``input`` broadcast to the shape of ``other``."""
    return broadcast_to(input, _shape(other))


def one_hot(indices, depth, on_value=1, off_value=0, axis=-1):
    """A new axis ``axis`` of size ``depth`` holding ``on_value`` at each index and
    ``off_value`` elsewhere (indices outside [0, depth) give a row of off_value).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.one_hot(ms.Tensor([0, 2]), 3, ms.Tensor(1.0), ms.Tensor(0.0))
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  1.00000000e+00]])
    """
    _indices(indices, "indices", "one_hot")
    depth = _check_int(depth, "depth", "one_hot", 0)
    nd = len(_shape(indices))
    ax = _axis(axis, nd + 1, "one_hot")
    hit = per_example(indices, lambda v, k: np.expand_dims(v, ax + k) ==
                      np.arange(depth).reshape((-1,) + (1,) * (nd - ax)))
    return where(hit, on_value, off_value)


def masked_fill(input_x, mask, value):
    """``input_x`` with ``value`` where ``mask`` (a bool tensor, broadcast) is true;
    the result keeps input_x's dtype.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.masked_fill(ms.Tensor([1.0, 2.0]), ms.Tensor([True, False]), 0.5)
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e-01,  2.00000000e+00])
    """
    m = _core.strip(mask)
    if np.result_type(primal_value(m)) != np.bool_:
        raise TypeError(f"masked_fill: mask must be a bool tensor, got dtype "
                        f"{np.result_type(primal_value(m))}")
    dtype = np.result_type(primal_value(input_x))
    if isinstance(value, (bool, int, float, np.number)):
        value = np.asarray(value, dtype)
    out = where(m, value, input_x)
    if _shape(out) != _shape(input_x):
        raise ValueError(f"masked_fill: mask of shape {_shape(m)} must broadcast to input_x's "
                         f"shape {_shape(input_x)}")
    return out


def gather_elements(input, dim, index):
    """out[i][j]... = input[index[i][j]...] along ``dim`` (index has input's rank,
    no larger along the other axes); repeated indices add up their gradients.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.gather_elements(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), 1, ms.Tensor([[1, 1], [0, 1]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  2.00000000e+00],
     [ 3.00000000e+00,  4.00000000e+00]])
    """
    idx, values = _indices(index, "index", "gather_elements")
    shape, idx_shape = _shape(input), _shape(idx)
    ax = _axis(dim, _at_least_1d(input, "gather_elements"), "gather_elements", "dim")
    if len(idx_shape) != len(shape) or any(i > s for k, (i, s) in
                                           enumerate(zip(idx_shape, shape)) if k != ax):
        raise ValueError(f"gather_elements: index of shape {idx_shape} must have input's rank "
                         f"and be no larger than its shape {shape} off axis {ax}")
    _check_range(values, shape[ax], "gather_elements", "index", "")
    part = getitem(input, tuple(slice(None) if k == ax else slice(0, i)
                                for k, i in enumerate(idx_shape)))
    return _take_along(part, idx, ax)


# ---------------------------------------------------------------------------
# Group "losses and composites": dense, addmm, addmv, matrix_power, dist,
# pdist, cosine_similarity (composed of matmul, inverse and the norms).

from ._composite import vector_norm  # noqa: E402
from ._functions import check_real, clip  # noqa: E402


def dense(input, weight, bias=None):
    """input · weightᵀ + bias: a 2-D ``weight`` of shape (out, in) maps the last
    axis of ``input`` to ``out`` features; a 1-D one to a single value.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.dense(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[1.0, 1.0], [0.0, 2.0]]), ms.Tensor([0.5, 0.0]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 3.50000000e+00,  4.00000000e+00]])
    """
    _at_least_1d(input, "dense")
    rank = len(_shape(weight))
    if rank not in (1, 2):
        raise ValueError(f"dense: weight must be 1-D or 2-D, got {rank} dimensions")
    out = matmul(input, weight, transpose_b=rank == 2)
    return out if bias is None else ew.add(out, bias)


def bias_add(input_x, bias):
    """``input_x`` plus a bias along axis 1 (the channels), for inputs of 2 to 5
    dimensions (MindSpore's ``ops.bias_add``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.bias_add(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([10.0, 20.0]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.10000000e+01,  2.20000000e+01],
     [ 1.30000000e+01,  2.40000000e+01]])
    """
    shape, bias_shape = _shape(input_x), _shape(bias)
    if not 2 <= len(shape) <= 5:
        raise ValueError(f"bias_add: input_x must have 2 to 5 dimensions, got shape {shape}")
    if bias_shape != shape[1:2]:
        raise ValueError(f"bias_add: bias must be 1-D with one value per channel (axis 1 of "
                         f"input_x, {shape[1]}), got shape {bias_shape}")
    return ew.add(input_x, reshape(bias, (shape[1],) + (1,) * (len(shape) - 2)))


def _scaled_sum(input, product, beta, alpha, owner):
    for value, name in ((beta, "beta"), (alpha, "alpha")):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"{owner}: {name} must be a number, got {type(value).__name__}")
    if alpha != 1:
        product = ew.mul(product, alpha)
    if beta == 0:           # input is not read (its NaNs do not propagate), as in PyTorch
        return broadcast_to(product, np.broadcast_shapes(_shape(input), _shape(product)))
    return ew.add(input if beta == 1 else ew.mul(input, beta), product)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta · input + alpha · (mat1 @ mat2), ``input`` broadcast to the product's shape.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.addmm(ms.Tensor([1.0]), ms.Tensor([[1.0, 2.0]]), ms.Tensor([[3.0], [4.0]]), alpha=2)
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 2.30000000e+01]])
    """
    _ranks("addmm", (mat1, "mat1", 2), (mat2, "mat2", 2))
    return _scaled_sum(input, matmul(mat1, mat2), beta, alpha, "addmm")


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta · input + alpha · (mat @ vec).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.addmv(ms.Tensor([1.0, 1.0]), ms.Tensor([[1.0, 2.0], [0.0, 1.0]]), ms.Tensor([1.0, 1.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 4.00000000e+00,  2.00000000e+00])
    """
    _ranks("addmv", (mat, "mat", 2), (vec, "vec", 1))
    return _scaled_sum(input, matmul(mat, vec), beta, alpha, "addmv")


def addr(x, vec1, vec2, beta=1, alpha=1):
    """beta · x + alpha · (the outer product of vec1 and vec2).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.addr(ms.Tensor([[1.0, 1.0]]), ms.Tensor([2.0]), ms.Tensor([3.0, 4.0]), alpha=2)
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 1.30000000e+01,  1.70000000e+01]])
    """
    _ranks("addr", (vec1, "vec1", 1), (vec2, "vec2", 1))
    return _scaled_sum(x, _outer(vec1, vec2), beta, alpha, "addr")


def baddbmm(input, batch1, batch2, beta=1, alpha=1):
    """beta · input + alpha · (batch1 @ batch2), one product per batch element."""
    _ranks("baddbmm", (batch1, "batch1", 3), (batch2, "batch2", 3))
    return _scaled_sum(input, matmul(batch1, batch2), beta, alpha, "baddbmm")


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta · input + alpha · (the sum over the batch of batch1 @ batch2)."""
    _ranks("addbmm", (batch1, "batch1", 3), (batch2, "batch2", 3))
    return _scaled_sum(input, sum_(matmul(batch1, batch2), 0), beta, alpha, "addbmm")


def ger(input, vec2):
    """The outer product of two vectors (1-D only, as MindSpore's ger)."""
    _ranks("ger", (input, "input", 1), (vec2, "vec2", 1))
    return _outer(input, vec2)


def _outer(u, v):
    return ew.mul(reshape(u, (-1, 1)), v)


def vecdot(x, y, *, axis=-1):
    """The dot products of x's and y's vectors along ``axis``, broadcast.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.vecdot(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([1.0, 1.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 3.00000000e+00,  7.00000000e+00])
    """
    product = ew.mul(x, y)
    return sum_(product, _axis(axis, _at_least_1d(product, "vecdot", "x"), "vecdot"))


def matrix_power(input, n):
    """The n-th power of a square matrix (or of each in a batch) by repeated
    squaring; n = 0 gives the identity, n < 0 the power of the inverse.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.matrix_power(ms.Tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00,  3.00000000e+00],
     [ 0.00000000e+00,  1.00000000e+00]])
    """
    n = _check_int(n, "n", "matrix_power")
    size = _square(input, "matrix_power")
    x = inverse(input) if n < 0 else input
    n = abs(n)
    if n == 0:
        eye = np.eye(size, dtype=np.result_type(primal_value(x)))
        return broadcast_to(eye, _shape(x))
    result = None
    while True:             # binary powering: x^n from the squares x, x², x⁴...
        if n & 1:
            result = x if result is None else matmul(result, x)
        n >>= 1
        if not n:
            return result
        x = matmul(x, x)


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast), over every element: (sum |d|^p)^(1/p),
    max |d| for p = inf, the count of nonzero d for p = 0.  Where the norm is 0
    every derivative is 0 (see ``norm``).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.dist(ms.Tensor([[3.0, 0.0]]), ms.Tensor([[0.0, 4.0]]))
    Tensor(shape=[], dtype=Float32, value= 5)
    """
    p = _check_p(p, "dist")
    d = ew.sub(floating(input), floating(other))
    return vector_norm(d, p, tuple(range(len(_shape(d)))), False)


def _check_p(p, owner):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"{owner}: p must be a number, got {type(p).__name__}")
    if not p >= 0:
        raise ValueError(f"{owner}: p must be >= 0, got {p}")
    return float(p)


def pdist(input, p=2.0):
    """The p-norm distances between the rows of an (N, M) ``input``, pair by pair
    (i < j, row-major): N (N - 1) / 2 values.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.pdist(ms.Tensor([[0.0, 0.0], [3.0, 4.0], [0.0, 1.0]]))
    Tensor(shape=[3], dtype=Float32, value= [ 5.00000000e+00,  1.00000000e+00,  4.24264050e+00])
    """
    p = _check_p(p, "pdist")
    x = floating(input)
    _ranks("pdist", (x, "input", 2))
    first, second = np.triu_indices(_shape(x)[0], 1)
    d = ew.sub(getitem(x, first), getitem(x, second))
    return vector_norm(d, p, (1,), False)


def cosine_similarity(x1, x2, dim=1, eps=1e-08):
    """sum(x1 x2) / max(‖x1‖ ‖x2‖, eps) along ``dim`` (the inputs broadcast).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cosine_similarity(ms.Tensor([[1.0, 0.0], [1.0, 1.0]]), ms.Tensor([[2.0, 0.0]]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  7.07106769e-01])
    """
    owner = "cosine_similarity"
    eps = check_real(eps, "eps", owner)
    a, b = floating(x1), floating(x2)
    shape = np.broadcast_shapes(_shape(a), _shape(b))
    dim = _axis(dim, len(shape), owner, "dim")
    a, b = broadcast_to(a, shape), broadcast_to(b, shape)
    lengths = ew.mul(vector_norm(a, 2, (dim,), False), vector_norm(b, 2, (dim,), False))
    return ew.div(sum_(ew.mul(a, b), dim), clip(lengths, eps))


def _batch_dot_axes(axes, n1, n2):
    """MindSpore's batch_dot axes: the contracted axis of x1 and of x2 (not the
    batch axis 0); None picks x1's last and x2's second to last (last when 2-D)."""
    if axes is None:
        return [n1 - 1, n2 - 1 if n2 == 2 else n2 - 2]
    if isinstance(axes, (int, np.integer)) and not isinstance(axes, bool):
        axes = [axes, axes]
    if not isinstance(axes, (tuple, list)) or len(axes) != 2:
        raise ValueError(f"batch_dot: axes must be None, an int or two ints, got {axes!r}")
    out = [_axis(a, n, "batch_dot", "axes") for a, n in zip(axes, (n1, n2))]
    if 0 in out:
        raise ValueError(f"batch_dot: axes must not name the batch axis 0, got {axes!r}")
    return out


def batch_dot(x1, x2, axes=None):
    """The dot product of x1[b] and x2[b] for each b of the batch axis 0, over axis
    ``axes[0]`` of x1 and ``axes[1]`` of x2: the result's shape is the batch, then
    x1's other axes, then x2's; two 2-D inputs give shape (batch, 1).  (MindSpore
    2.10 marks it deprecated.)

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.batch_dot(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([[1.0, 1.0], [0.0, 1.0]]))
    Tensor(shape=[2, 1], dtype=Float32, value=
    [[ 3.00000000e+00],
     [ 4.00000000e+00]])
    """
    s1, s2 = _shape(x1), _shape(x2)
    if len(s1) < 2 or len(s2) < 2:
        raise ValueError(f"batch_dot: x1 and x2 must have at least 2 dimensions, got shapes "
                         f"{s1} and {s2}")
    if s1[0] != s2[0]:
        raise ValueError(f"batch_dot: x1 and x2 must have one batch size, got {s1[0]} and "
                         f"{s2[0]}")
    a1, a2 = _batch_dot_axes(axes, len(s1), len(s2))
    matrix1, matrix2 = len(s1) == 2, len(s2) == 2
    # As MindSpore: a 2-D input gets a free axis of length 1 (x1 before its
    # contracted axis, x2 after it), removed from the result afterwards.
    if matrix1:
        x1, a1 = reshape(x1, (s1[0], 1, s1[1])), a1 + 1
    if matrix2:
        x2 = reshape(x2, s2 + (1,))
    s1, s2 = _shape(x1), _shape(x2)
    if s1[a1] != s2[a2]:
        raise ValueError(f"batch_dot: the contracted axes have lengths {s1[a1]} and {s2[a2]}")
    free1 = [i for i in range(1, len(s1)) if i != a1]
    free2 = [i for i in range(1, len(s2)) if i != a2]
    rows = reshape(transpose(x1, [0] + free1 + [a1]), (s1[0], -1, s1[a1]))
    columns = reshape(transpose(x2, [0, a2] + free2), (s2[0], s2[a2], -1))
    out = reshape(matmul(rows, columns),
                  (s1[0],) + tuple(s1[i] for i in free1) + tuple(s2[i] for i in free2))
    if matrix1:
        return reshape(out, _shape(out)[:1] + _shape(out)[2:])
    if matrix2:
        return reshape(out, _shape(out)[:-1])
    return out
