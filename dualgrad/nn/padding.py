"""Padding layers and Unflatten, in MindSpore 2.10's style: thin wrappers of
``ops.pad`` and ``ops.reshape``.

``padding`` holds (before, after) pairs for the last axis first, then the one
before it; an int pads every padded axis by that much on both sides.  ``Pad``
takes MindSpore's older form instead: one (before, after) pair per axis, the
first axis first.
"""
import numpy as np

from .. import _composite as C, _functions as F
from .._core import shape_of
from .._tensor import TensorFunction, wrap
from .cell import Cell

__all__ = ["ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad2d", "ReflectionPad1d",
           "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d", "Pad", "Unflatten"]

_pad = TensorFunction(C.pad, "pad")


def _padding_argument(padding, axes, owner, exact):
    """An int (for every one of ``axes`` padded axes, both sides) or a tuple of
    ints of even length, of exactly 2·axes values when ``exact`` (else at most)."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        return (int(padding),) * (2 * axes)
    if not isinstance(padding, tuple):
        raise TypeError(f"{owner}: padding must be an int or a tuple of ints, got "
                        f"{type(padding).__name__}")
    for p in padding:
        C._check_int(p, "padding", owner)
    size = len(padding)
    if size % 2 or (size != 2 * axes if exact else size > 2 * axes):
        need = f"{2 * axes}" if exact else f"an even number up to {2 * axes}"
        raise ValueError(f"{owner}: padding must hold {need} values ((before, after) pairs), "
                         f"got {size}")
    return tuple(int(p) for p in padding)


class _Pad(Cell):
    """A padding layer: ``mode`` and the number of trailing axes it pads."""

    _axes = 1
    _mode = "constant"
    _ranks = None        # input ranks taken (None: any with enough axes)

    def __init__(self, padding, value=None):
        super().__init__()
        owner = type(self).__name__
        # MindSpore's ConstantPad1d takes exactly one pair, the others up to theirs.
        self.padding = _padding_argument(padding, self._axes, owner,
                                         exact=type(self) is ConstantPad1d)
        if self._mode != "constant" and min(self.padding, default=0) < 0:
            raise ValueError(f"{owner}: every element of padding must be >= 0, got "
                             f"{self.padding}")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise TypeError(f"{owner}: value must be an int or a float, got "
                            f"{type(value).__name__}")
        self.value = value

    def construct(self, x):
        owner = type(self).__name__
        v = self._input_value(x)
        shape = tuple(shape_of(v))
        if self._ranks is not None and len(shape) not in self._ranks:
            raise ValueError(f"{owner}: x must have {' or '.join(map(str, self._ranks))} dims, "
                             f"got shape {shape}")
        try:
            return _pad(wrap(v), self.padding, self._mode, self.value)
        except ValueError as e:          # (sizes too large for x: ops.pad's words)
            raise ValueError(f"{owner}: {e}") from None

    def extend_repr(self):
        return f"padding={self.padding}" + ("" if self.value is None else f", value={self.value}")


class ConstantPad1d(_Pad):
    """The last axis padded with ``value``: ``padding`` an int or a (left,
    right) pair (negative sizes crop).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ConstantPad1d((1, 2), 0.5)(ms.Tensor([[1.0, 2.0]]))
    Tensor(shape=[1, 5], dtype=Float32, value=
    [[ 5.00000000e-01,  1.00000000e+00,  2.00000000e+00,  5.00000000e-01,  5.00000000e-01]])
    """

    def __init__(self, padding, value):
        if value is None:
            raise TypeError("ConstantPad1d: value must be an int or a float, got NoneType")
        super().__init__(padding, value)


class ConstantPad2d(ConstantPad1d):
    """The last two axes padded with ``value``: ``padding`` an int or (left,
    right, top, bottom) (or only the first pair).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ConstantPad2d((1, 0, 0, 2), 1.0)(ms.Tensor(np.zeros((1, 2, 2)))).shape
    (1, 4, 3)
    """

    _axes = 2


class ConstantPad3d(ConstantPad1d):
    """The last three axes padded with ``value``: ``padding`` an int or up to
    three (before, after) pairs, the last axis first.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ConstantPad3d(1, 0.0)(ms.Tensor(np.zeros((2, 2, 2)))).shape
    (4, 4, 4)
    """

    _axes = 3


class ZeroPad2d(_Pad):
    """The last two axes padded with zeros (``ConstantPad2d(padding, 0)``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ZeroPad2d((1, 2))(ms.Tensor(np.ones((1, 1, 2)))).asnumpy().tolist()
    [[[0.0, 1.0, 1.0, 0.0, 0.0]]]
    """

    _axes = 2

    def __init__(self, padding):
        super().__init__(padding, 0)


class ReflectionPad1d(_Pad):
    """The last axis padded by reflection about its edges (each size below the
    axis' length).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReflectionPad1d((2, 1))(ms.Tensor([[0.0, 1.0, 2.0]])).asnumpy().tolist()
    [[2.0, 1.0, 0.0, 1.0, 2.0, 1.0]]
    """

    _mode = "reflect"


class ReflectionPad2d(ReflectionPad1d):
    """The last two axes padded by reflection: ``padding`` an int or (left,
    right, top, bottom).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReflectionPad2d(1)(ms.Tensor(np.zeros((1, 2, 3)))).shape
    (1, 4, 5)
    """

    _axes = 2


class ReplicationPad1d(_Pad):
    """The last axis of a 2-D or 3-D input padded by repeating its edge values.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReplicationPad1d((1, 2))(ms.Tensor([[0.0, 1.0]])).asnumpy().tolist()
    [[0.0, 0.0, 1.0, 1.0, 1.0]]
    """

    _mode = "replicate"
    _ranks = (2, 3)


class ReplicationPad2d(ReplicationPad1d):
    """The last two axes of a 3-D or 4-D input padded by repeating the edge
    values: ``padding`` an int or (left, right, top, bottom).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReplicationPad2d(1)(ms.Tensor(np.zeros((1, 2, 3)))).shape
    (1, 4, 5)
    """

    _axes = 2
    _ranks = (3, 4)


class ReflectionPad3d(ReflectionPad1d):
    """The last three axes padded by reflection: ``padding`` an int or up to
    three (before, after) pairs, the last axis first (left, right, top,
    bottom, front, back).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 2, 2, 2))
    >>> nn.ReflectionPad3d((1, 1, 1, 0, 0, 1))(x)[0, 0]
    Tensor(shape=[3, 4], dtype=Float32, value=
    [[ 3.00000000e+00,  2.00000000e+00,  3.00000000e+00,  2.00000000e+00],
     [ 1.00000000e+00,  0.00000000e+00,  1.00000000e+00,  0.00000000e+00],
     [ 3.00000000e+00,  2.00000000e+00,  3.00000000e+00,  2.00000000e+00]])
    """

    _axes = 3


class ReplicationPad3d(ReplicationPad1d):
    """The last three axes of a 4-D or 5-D input padded by repeating the edge
    values: ``padding`` an int or (left, right, top, bottom, front, back).
    (A GPU kernel in MindSpore 2.10.)

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReplicationPad3d(1)(ms.Tensor(np.zeros((1, 1, 1, 3, 3)))).shape
    (1, 1, 3, 5, 5)
    """

    _axes = 3
    _ranks = (4, 5)


_PAD_MODES = ("CONSTANT", "REFLECT", "SYMMETRIC")


def _symmetric_indices(n, before, after):
    """The source index of each position of an axis of length n padded by
    (before, after) mirror images that repeat the edge (sizes up to n)."""
    positions = np.arange(-before, n + after)
    return np.where(positions < 0, -1 - positions,
                    np.where(positions >= n, 2 * n - 1 - positions, positions))


class Pad(Cell):
    """The input padded by ``paddings``, a tuple of one (before, after) pair of
    non-negative ints per axis of the input (at most 4), the first axis first,
    as MindSpore's (older) ``nn.Pad``.  ``mode`` 'CONSTANT' fills with zeros,
    'REFLECT' mirrors about the edges (sizes below the axis' length),
    'SYMMETRIC' mirrors with the edge repeated (sizes up to the length).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.array([[1.0, 2.0, 3.0]], np.float32))
    >>> nn.Pad(((0, 1), (2, 1)), mode="SYMMETRIC")(x).asnumpy().tolist()
    [[2.0, 1.0, 1.0, 2.0, 3.0, 3.0], [2.0, 1.0, 1.0, 2.0, 3.0, 3.0]]
    """

    def __init__(self, paddings, mode="CONSTANT"):
        super().__init__()
        if not isinstance(mode, str) or mode not in _PAD_MODES:
            raise ValueError(f"Pad: mode must be one of {', '.join(map(repr, _PAD_MODES))}, "
                             f"got {mode!r}")
        if not isinstance(paddings, tuple):
            raise TypeError(f"Pad: paddings must be a tuple of (before, after) pairs, got "
                            f"{type(paddings).__name__}")
        if any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in paddings):
            raise ValueError(f"Pad: paddings must hold (before, after) pairs (shape (n, 2)), "
                             f"got {paddings!r}")
        if len(paddings) > 4:
            raise ValueError(f"Pad: paddings may hold at most 4 pairs (inputs of up to 4 axes), "
                             f"got {len(paddings)}")
        self.paddings = tuple((C._check_int(before, "paddings", "Pad", 0),
                               C._check_int(after, "paddings", "Pad", 0))
                              for before, after in paddings)
        self.mode = mode

    def construct(self, x):
        v = self._input_value(x)
        shape = tuple(shape_of(v))
        if len(shape) != len(self.paddings):
            raise ValueError(f"Pad: paddings must hold one pair per axis of x, got "
                             f"{len(self.paddings)} pairs for shape {shape}")
        if self.mode == "CONSTANT":
            return _pad(wrap(v), tuple(n for pair in reversed(self.paddings) for n in pair))
        # mirror images by indexing: reflection leaves the edge out, so it takes
        # sizes below the length; the symmetric image repeats it, up to the length
        symmetric = self.mode == "SYMMETRIC"
        for axis, (n, (before, after)) in enumerate(zip(shape, self.paddings)):
            limit = n if symmetric else n - 1
            if max(before, after) > limit:
                raise ValueError(f"Pad: mode {self.mode!r} takes paddings up to {limit} for "
                                 f"axis {axis} of length {n}, got ({before}, {after})")
            if before or after:
                source = (_symmetric_indices(n, before, after) if symmetric
                          else C._pad_indices(n, before, after, "reflect"))
                v = F.getitem(v, (slice(None),) * axis + (source,))
        return wrap(v)

    def extend_repr(self):
        return f"paddings={self.paddings}, mode={self.mode}"


def _unflatten(x, axis, sizes):
    shape = tuple(shape_of(x))
    at = C._axis(axis, len(shape), "Unflatten")
    if int(np.prod(sizes)) != shape[at]:
        raise ValueError(f"Unflatten: unflattened_size {sizes} must multiply to dim {axis} of "
                         f"the input, {shape[at]} (shape {shape})")
    return F.reshape(x, shape[:at] + sizes + shape[at + 1:])


_unflatten_lifted = TensorFunction(_unflatten, "Unflatten")


class Unflatten(Cell):
    """Axis ``axis`` of the input split into the axes ``unflattened_size``
    (whose product must be its length).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Unflatten(1, (2, 5))(ms.Tensor(np.zeros((2, 10, 3)))).shape
    (2, 2, 5, 3)
    """

    def __init__(self, axis, unflattened_size):
        super().__init__()
        self.axis = C._check_int(axis, "axis", "Unflatten")
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(f"Unflatten: unflattened_size must be a tuple or list of ints, got "
                            f"{type(unflattened_size).__name__}")
        self.unflattened_size = tuple(C._check_int(n, "unflattened_size", "Unflatten", 0)
                                      for n in unflattened_size)

    def construct(self, input_x):
        return _unflatten_lifted(input_x, self.axis, self.unflattened_size)

    def extend_repr(self):
        return f"axis={self.axis}, unflattened_size={self.unflattened_size}"
