"""Array and matrix cells MindSpore 2.10's ``nn`` still ships though deprecated
(its nn/layer/basic.py and image.py): Norm, OneHot, Roll, Tril, Triu,
MatrixDiag, MatrixDiagPart, MatrixSetDiag and ImageGradients, each composed
of ``ops``, so every derivative mode differentiates them.
"""
import numpy as np

from .. import _dtypes, ops
from .._core import primal_value
from .._tensor import wrap
from .cell import Cell
from .normalization import _check_bool

__all__ = ["Norm", "OneHot", "Roll", "Tril", "Triu", "MatrixDiag", "MatrixDiagPart",
           "MatrixSetDiag", "ImageGradients"]


def _int_or_ints(value, name, owner):
    """``value`` as a tuple of ints (an int, or a tuple or list of them)."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    if not isinstance(value, (int, np.integer, tuple, list)) or any(
            isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in items):
        raise TypeError(f"{owner}: {name} must be an int or a tuple or list of ints, got "
                        f"{value!r}")
    return tuple(int(a) for a in items)


def _tensor(cell, x, name, min_ndim=0):
    """``cell``'s input ``name`` as a Tensor of at least ``min_ndim`` dimensions."""
    t = wrap(cell._input_value(x, name))
    if t.ndim < min_ndim:
        raise ValueError(f"{type(cell).__name__}: {name} must have at least {min_ndim} "
                         f"dimensions, got shape {tuple(t.shape)}")
    return t


def _kind(t):
    """The NumPy kind of Tensor t's dtype ('f', 'i'...), read without its values
    (which a vmap's batch cannot give)."""
    return _dtypes.to_numpy_dtype(t.dtype).kind


class Norm(Cell):
    """The Euclidean norm sqrt(sum(x²)) over ``axis`` (an int or a tuple of ints;
    ``()`` reduces every axis), the reduced axes kept with length 1 when
    ``keep_dims``.  MindSpore 2.10 deprecates it for ``ops.norm``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Norm(axis=1)(ms.Tensor([[3.0, 4.0], [6.0, 8.0]]))
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  1.00000000e+01])
    """

    def __init__(self, axis=(), keep_dims=False):
        super().__init__()
        _int_or_ints(axis, "axis", "Norm")
        self.axis = axis
        self.keep_dims = _check_bool(keep_dims, "keep_dims", "Norm")

    def construct(self, x):
        t = _tensor(self, x, "x")
        if _kind(t) != "f":
            raise TypeError(f"Norm: x must be a float tensor, got dtype {t.dtype}")
        axes = _int_or_ints(self.axis, "axis", "Norm")
        axes = tuple(range(t.ndim)) if axes == () else axes
        return ops.sqrt(ops.sum(ops.square(t), axes, keepdim=self.keep_dims))

    def extend_repr(self):
        return f"axis={self.axis}, keep_dims={self.keep_dims}"


class OneHot(Cell):
    """The one-hot encoding of integer ``indices``: ``on_value`` where an index
    names the position along the new axis ``axis`` (of length ``depth``),
    ``off_value`` elsewhere, of ``dtype``.  MindSpore 2.10 deprecates it for
    ``ops.one_hot``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.OneHot(depth=3)(ms.Tensor(np.array([2, 0], np.int32))).asnumpy().tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """

    def __init__(self, axis=-1, depth=1, on_value=1.0, off_value=0.0, dtype=_dtypes.float32):
        super().__init__()
        for name, value in (("axis", axis), ("depth", depth)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"OneHot: {name} must be an int, got {type(value).__name__}")
        if depth < 0:
            raise ValueError(f"OneHot: depth must be non-negative, got {depth}")
        for name, value in (("on_value", on_value), ("off_value", off_value)):
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
                raise TypeError(f"OneHot: {name} must be a number, got {type(value).__name__}")
        self.axis, self.depth = int(axis), int(depth)
        self.on_value, self.off_value = on_value, off_value
        self.dtype = dtype

    def construct(self, indices):
        t = _tensor(self, indices, "indices")
        if _kind(t) not in "iu":
            raise TypeError(f"OneHot: indices must be an integer tensor, got dtype {t.dtype}")
        if not -t.ndim - 1 <= self.axis <= t.ndim:
            raise ValueError(f"OneHot: axis must be in [{-t.ndim - 1}, {t.ndim}] for indices "
                             f"of {t.ndim} dimensions, got {self.axis}")
        on = ops.cast(wrap(np.asarray(self.on_value)), self.dtype)
        off = ops.cast(wrap(np.asarray(self.off_value)), self.dtype)
        return ops.one_hot(t, self.depth, on, off, axis=self.axis)


class Roll(Cell):
    """``input_x`` rolled by ``shift`` positions along ``axis`` (ints, or equally
    long tuples or lists of them), elements pushed off one end coming back at
    the other.  MindSpore 2.10 deprecates it for ``ops.roll``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Roll(1, 0)(ms.Tensor([1.0, 2.0, 3.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 3.00000000e+00,  1.00000000e+00,  2.00000000e+00])
    """

    def __init__(self, shift, axis):
        super().__init__()
        shifts = _int_or_ints(shift, "shift", "Roll")
        axes = _int_or_ints(axis, "axis", "Roll")
        if len(shifts) != len(axes):
            raise ValueError(f"Roll: shift and axis must have the same length, got "
                             f"{len(shifts)} and {len(axes)}")
        self.shift, self.axis = shift, axis
        self._shifts, self._axes = shifts, axes

    def construct(self, input_x):
        t = _tensor(self, input_x, "input_x")
        for axis in self._axes:
            if not -t.ndim <= axis < max(t.ndim, 1) or t.ndim == 0:
                raise ValueError(f"Roll: axis {axis} is out of range for input_x of "
                                 f"{t.ndim} dimensions")
        return ops.roll(t, self._shifts, self._axes)


class _Triangle(Cell):
    def __init__(self):
        super().__init__()

    def construct(self, x, k=0):
        owner = type(self).__name__
        t = _tensor(self, x, "x", 2)
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"{owner}: k must be an int, got {type(k).__name__}")
        return self._part(t, int(k))


class Tril(_Triangle):
    """The lower triangle of ``x`` (its last two axes): the elements on and
    below the ``k``-th diagonal, zeros above.  MindSpore 2.10 deprecates it for
    ``ops.tril``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Tril()(ms.Tensor([[1.0, 2.0], [3.0, 4.0]])).asnumpy().tolist()
    [[1.0, 0.0], [3.0, 4.0]]
    """
    _part = staticmethod(ops.tril)


class Triu(_Triangle):
    """The upper triangle of ``x`` (its last two axes): the elements on and
    above the ``k``-th diagonal, zeros below.  MindSpore 2.10 deprecates it for
    ``ops.triu``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Triu()(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), 1).asnumpy().tolist()
    [[0.0, 2.0], [0.0, 0.0]]
    """
    _part = staticmethod(ops.triu)


class MatrixDiag(Cell):
    """Square matrices with ``input_x``'s last axis on their diagonals: an input
    of shape (..., N) gives (..., N, N), zeros off the diagonal.  MindSpore
    2.10 deprecates it for ``ops.diag`` (and has no CPU kernel for it).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MatrixDiag()(ms.Tensor([1.0, 2.0])).asnumpy().tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """

    def construct(self, input_x):
        return ops.diag_embed(_tensor(self, input_x, "input_x", 1))


class MatrixDiagPart(Cell):
    """The main diagonals of ``input_x``'s matrices (its last two axes): an input
    of shape (..., M, N) gives (..., min(M, N)).  MindSpore 2.10 deprecates it
    for ``ops.diagonal`` (and has no CPU kernel for it).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MatrixDiagPart()(ms.Tensor([[1.0, 2.0], [3.0, 4.0]])).asnumpy().tolist()
    [1.0, 4.0]
    """

    def construct(self, input_x):
        return ops.diagonal(_tensor(self, input_x, "input_x", 2), 0, -2, -1)


class MatrixSetDiag(Cell):
    """``x`` with the main diagonals of its matrices (its last two axes) replaced
    by ``diagonal``: x of shape (..., M, N) takes a diagonal of shape
    (..., min(M, N)) and keeps its other elements.  MindSpore 2.10 deprecates
    it (and has no CPU kernel for it).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> out = nn.MatrixSetDiag()(ms.Tensor([[1.0, 2.0], [3.0, 4.0]]), ms.Tensor([7.0, 8.0]))
    >>> out.asnumpy().tolist()
    [[7.0, 2.0], [3.0, 8.0]]
    """

    def construct(self, x, diagonal):
        t = _tensor(self, x, "x", 2)
        d = _tensor(self, diagonal, "diagonal")
        rows, cols = t.shape[-2:]
        expected = tuple(t.shape[:-2]) + (min(rows, cols),)
        if tuple(d.shape) != expected:
            raise ValueError(f"MatrixSetDiag: diagonal must have shape {expected} for x of "
                             f"shape {tuple(t.shape)}, got {tuple(d.shape)}")
        if t.dtype != d.dtype:
            raise TypeError(f"MatrixSetDiag: diagonal must have x's dtype {t.dtype}, got "
                            f"{d.dtype}")
        on_diagonal = np.eye(rows, cols, dtype=bool)
        # diagonal spread over its matrices' diagonals (zeros elsewhere, which the
        # mask drops), padded to (..., M, N) when the matrices are not square
        spread = ops.diag_embed(d)
        if rows != cols:
            pad = (0, cols - min(rows, cols), 0, rows - min(rows, cols))
            spread = ops.pad(spread, pad)
        return ops.where(wrap(on_diagonal), spread, t)


class ImageGradients(Cell):
    """The forward differences of NCHW ``images`` along their height and width,
    (dy, dx), each of the input's shape: dy[..., i, :] = images[..., i + 1, :]
    - images[..., i, :] and dx likewise along the width, zero in the last row
    (column).  MindSpore 2.10 deprecates it.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> dy, dx = nn.ImageGradients()(ms.Tensor(np.array([[[[1, 2], [3, 4]]]], np.int32)))
    >>> dy.asnumpy().tolist(), dx.asnumpy().tolist()
    ([[[[2, 2], [0, 0]]]], [[[[1, 0], [1, 0]]]])
    """

    def construct(self, images):
        t = _tensor(self, images, "images")
        if t.ndim != 4:
            raise ValueError(f"ImageGradients: images must have 4 dimensions (NCHW), got "
                             f"shape {tuple(t.shape)}")
        dy = ops.pad(t[:, :, 1:, :] - t[:, :, :-1, :], (0, 0, 0, 1))
        dx = ops.pad(t[:, :, :, 1:] - t[:, :, :, :-1], (0, 1, 0, 0))
        return dy, dx
