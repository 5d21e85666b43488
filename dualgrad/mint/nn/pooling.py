"""mint.nn's pooling, padding and resampling cells: each calls its function of
``dualgrad.mint.nn.functional`` with the arguments it was built with.

Pooling strides default to the kernel size; paddings are given as mint's
``pad`` takes them, (left, right, top, bottom, front, back) from the last
axis back, or one int for every side.
"""
from ..._functions import check_real
from ...nn.cell import Cell
from ...nn.normalization import _check_bool
from . import functional as F
from .layers import _int, _MintCell

__all__ = ["MaxPool2d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d",
           "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "MaxUnpool2d",
           "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
           "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "Fold", "Unfold",
           "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d", "PixelShuffle"]


def _window(value, name, owner, least=1, optional=False):
    """An int or a tuple/list of ints, each >= ``least`` (None when ``optional``)."""
    if value is None and optional:
        return None
    if isinstance(value, (tuple, list)):
        if not value:
            raise ValueError(f"{owner}: {name} must be an int or a non-empty tuple of ints, "
                             f"got {value!r}")
        return tuple(_int(v, name, owner, least) for v in value)
    return _int(value, name, owner, least)


# ---------------------------------------------------------------------------
# Pooling

class MaxPool2d(_MintCell):
    """Maximum over 2-D windows of ``kernel_size`` every ``stride`` (default:
    the kernel size), with ``padding`` (-inf) and ``dilation``; with
    ``return_indices`` also the int64 flat positions of the maxima in each
    plane (for ``MaxUnpool2d``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> x = ms.Tensor(np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> mint.nn.MaxPool2d(2)(x)
    Tensor(shape=[1, 1, 2, 2], dtype=Float32, value=
    [[[[ 5.00000000e+00,  7.00000000e+00],
       [ 1.30000000e+01,  1.50000000e+01]]]])
    """

    def __init__(self, kernel_size=1, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        owner = "MaxPool2d"
        self.kernel_size = _window(kernel_size, "kernel_size", owner)
        self.stride = (self.kernel_size if stride is None
                       else _window(stride, "stride", owner))
        self.padding = _window(padding, "padding", owner, 0)
        self.dilation = _window(dilation, "dilation", owner)
        self.return_indices = _check_bool(return_indices, "return_indices", owner)
        self.ceil_mode = _check_bool(ceil_mode, "ceil_mode", owner)

    def construct(self, input):
        return self._call(F.max_pool2d, self._tensor(input), self.kernel_size, self.stride,
                          self.padding, self.dilation, self.ceil_mode, self.return_indices)


class _AvgPool(_MintCell):
    function = None
    has_divisor = True

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        owner = type(self).__name__
        self.kernel_size = _window(kernel_size, "kernel_size", owner)
        self.stride = _window(stride, "stride", owner, optional=True)
        self.padding = _window(padding, "padding", owner, 0)
        self.ceil_mode = _check_bool(ceil_mode, "ceil_mode", owner)
        self.count_include_pad = _check_bool(count_include_pad, "count_include_pad", owner)
        if divisor_override is not None:
            divisor_override = _int(divisor_override, "divisor_override", owner, 1)
        self.divisor_override = divisor_override

    def construct(self, input):
        extra = (self.divisor_override,) if self.has_divisor else ()
        return self._call(type(self).function, self._tensor(input), self.kernel_size,
                          self.stride, self.padding, self.ceil_mode, self.count_include_pad,
                          *extra)


class AvgPool1d(_AvgPool):
    """Mean over windows of ``kernel_size`` along the last axis, every ``stride``
    (default: the kernel size), with zero ``padding`` (counted in the mean when
    ``count_include_pad``).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AvgPool1d(2)(ms.Tensor([[[1.0, 3.0, 5.0, 9.0]]]))
    Tensor(shape=[1, 1, 2], dtype=Float32, value=
    [[[ 2.00000000e+00,  7.00000000e+00]]])
    """

    function = staticmethod(F.avg_pool1d)
    has_divisor = False

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)


class AvgPool2d(_AvgPool):
    """Mean over 2-D windows (as ``AvgPool1d``); ``divisor_override`` replaces
    the window size as the divisor.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AvgPool2d(2, divisor_override=1)(ms.Tensor(np.ones((1, 1, 2, 2), np.float32)))
    Tensor(shape=[1, 1, 1, 1], dtype=Float32, value=
    [[[[ 4.00000000e+00]]]])
    """

    function = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPool):
    """Mean over 3-D windows (as ``AvgPool2d``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AvgPool3d(2)(ms.Tensor(np.ones((1, 1, 2, 4, 4), np.float32))).shape
    (1, 1, 1, 2, 2)
    """

    function = staticmethod(F.avg_pool3d)


class _Adaptive(_MintCell):
    function = None

    def __init__(self, output_size):
        super().__init__()
        owner = type(self).__name__
        # (a None in a tuple keeps that axis' size)
        self.output_size = (tuple(None if v is None else _int(v, "output_size", owner, 1)
                                  for v in output_size)
                            if isinstance(output_size, (tuple, list))
                            else _int(output_size, "output_size", owner, 1))

    def construct(self, input):
        return self._call(type(self).function, self._tensor(input), self.output_size)

    def extend_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_Adaptive):
    """Mean over ``output_size`` windows of the last axis, window i spanning
    [floor(i·L/out), ceil((i+1)·L/out)).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AdaptiveAvgPool1d(2)(ms.Tensor([[[1.0, 2.0, 3.0, 4.0]]]))
    Tensor(shape=[1, 1, 2], dtype=Float32, value=
    [[[ 1.50000000e+00,  3.50000000e+00]]])
    """

    function = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_Adaptive):
    """Mean over adaptive windows of the last two axes (``output_size`` an int,
    or a pair whose None keeps that size).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AdaptiveAvgPool2d((1, None))(ms.Tensor(np.ones((1, 2, 4, 3), np.float32))).shape
    (1, 2, 1, 3)
    """

    function = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_Adaptive):
    """Mean over adaptive windows of the last three axes.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AdaptiveAvgPool3d(1)(ms.Tensor(np.ones((1, 2, 2, 4, 3), np.float32))).shape
    (1, 2, 1, 1, 1)
    """

    function = staticmethod(F.adaptive_avg_pool3d)
    # (mint's AdaptiveAvgPool3d alone prints no output_size)
    extend_repr = Cell.extend_repr


class AdaptiveMaxPool1d(_Adaptive):
    """Maximum over ``output_size`` adaptive windows of the last axis; with
    ``return_indices`` also their int64 positions.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.AdaptiveMaxPool1d(2, return_indices=True)(ms.Tensor([[[1.0, 4.0, 3.0, 2.0]]]))
    (Tensor(shape=[1, 1, 2], dtype=Float32, value=
    [[[ 4.00000000e+00,  3.00000000e+00]]]), Tensor(shape=[1, 1, 2], dtype=Int64, value=
    [[[1, 2]]]))
    """

    function = staticmethod(F.adaptive_max_pool1d)

    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = _check_bool(return_indices, "return_indices",
                                          "AdaptiveMaxPool1d")

    def construct(self, input):
        return self._call(F.adaptive_max_pool1d, self._tensor(input), self.output_size,
                          self.return_indices)

    def extend_repr(self):
        return f"output_size={self.output_size}, return_indices={self.return_indices}"


class MaxUnpool2d(_MintCell):
    """The inverse of ``MaxPool2d``: each value of ``input`` put at its flat
    position ``indices`` in zero planes of the pooled input's size (or of
    ``output_size``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> out = mint.nn.MaxUnpool2d(2)(ms.Tensor([[[[5.0]]]]), ms.Tensor([[[[3]]]]))
    >>> out.asnumpy().ravel().tolist()
    [0.0, 0.0, 0.0, 5.0]
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        owner = "MaxUnpool2d"
        self.kernel_size = _window(kernel_size, "kernel_size", owner)
        self.stride = _window(stride, "stride", owner, optional=True)
        self.padding = _window(padding, "padding", owner, 0)

    def construct(self, input, indices, output_size=None):
        return self._call(F.max_unpool2d, self._tensor(input), self._tensor(indices, "indices"),
                          self.kernel_size, self.stride, self.padding, output_size)


# ---------------------------------------------------------------------------
# Padding

class _Pad(_MintCell):
    """``pad(input, padding, mode)``; ``padding`` one int for every side or
    2·``axes`` ints."""

    axes = 1
    mode = "constant"
    # whether a single int must be positive (mint's reflection and replication pads)
    positive_int = False

    def __init__(self, padding, value=None):
        super().__init__()
        owner, length = type(self).__name__, 2 * self.axes
        if isinstance(padding, (tuple, list)):
            if len(padding) != length:
                raise ValueError(f"{owner}: padding must be an int or a tuple of {length} "
                                 f"ints, got {tuple(padding)}")
            padding = tuple(_int(p, "padding", owner, 0 if self.mode != "constant"
                                 else -(2 ** 31)) for p in padding)
        elif isinstance(padding, bool) or not isinstance(padding, int):
            raise TypeError(f"{owner}: padding must be an int or a tuple of {length} ints, "
                            f"got {type(padding).__name__}")
        else:
            padding = (_int(padding, "padding", owner, 1 if self.positive_int else 0),) * length
        self.padding = padding
        self.value = None if value is None else check_real(value, "value", owner)

    def construct(self, input):
        return self._call(F.pad, self._tensor(input), self.padding, self.mode, self.value)


class ConstantPad1d(_Pad):
    """The last axis padded with ``value``: ``padding`` an int or (left, right);
    negative sizes crop.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ConstantPad1d((1, 2), 9.0)(ms.Tensor([[1.0]]))
    Tensor(shape=[1, 4], dtype=Float32, value=
    [[ 9.00000000e+00,  1.00000000e+00,  9.00000000e+00,  9.00000000e+00]])
    """

    def __init__(self, padding, value):
        super().__init__(padding, value)


class ConstantPad2d(ConstantPad1d):
    """The last two axes padded with ``value``: (left, right, top, bottom).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ConstantPad2d(1, 0.5)(ms.Tensor(np.ones((1, 2, 3), np.float32))).shape
    (1, 4, 5)
    """

    axes = 2


class ConstantPad3d(ConstantPad1d):
    """The last three axes padded with ``value``: (left, right, top, bottom,
    front, back).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> pad = mint.nn.ConstantPad3d((1, 0, 0, 0, 0, 2), 0.0)
    >>> pad(ms.Tensor(np.ones((1, 1, 1), np.float32))).shape
    (3, 1, 2)
    """

    axes = 3


class ZeroPad1d(_Pad):
    """The last axis padded with zeros (as ``ConstantPad1d`` with 0).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ZeroPad1d((0, 1))(ms.Tensor([[2.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  0.00000000e+00]])
    """

    def __init__(self, padding):
        super().__init__(padding, 0.0)


class ZeroPad2d(ZeroPad1d):
    """The last two axes padded with zeros.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ZeroPad2d((1, 1, 0, 2))(ms.Tensor(np.ones((1, 2, 2), np.float32))).shape
    (1, 4, 4)
    """

    axes = 2


class ZeroPad3d(ZeroPad1d):
    """The last three axes padded with zeros.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ZeroPad3d(1)(ms.Tensor(np.ones((1, 1, 1, 1), np.float32))).shape
    (1, 3, 3, 3)
    """

    axes = 3


class ReflectionPad1d(_Pad):
    """The last axis mirrored about its edges (edge values not repeated):
    ``padding`` a positive int or (left, right), each below the axis' length.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReflectionPad1d(2)(ms.Tensor([[0.0, 1.0, 2.0]])).asnumpy().tolist()
    [[2.0, 1.0, 0.0, 1.0, 2.0, 1.0, 0.0]]
    """

    mode = "reflect"
    positive_int = True

    def __init__(self, padding):
        super().__init__(padding)


class ReflectionPad2d(ReflectionPad1d):
    """The last two axes mirrored about their edges.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReflectionPad2d((1, 1, 2, 0))(ms.Tensor(np.ones((1, 3, 3), np.float32))).shape
    (1, 5, 5)
    """

    axes = 2


class ReflectionPad3d(ReflectionPad1d):
    """The last three axes mirrored about their edges.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReflectionPad3d(1)(ms.Tensor(np.ones((1, 2, 2, 2), np.float32))).shape
    (1, 4, 4, 4)
    """

    axes = 3


class ReplicationPad1d(_Pad):
    """The last axis padded by repeating its edge values: ``padding`` a
    positive int or (left, right).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReplicationPad1d((2, 1))(ms.Tensor([[0.0, 1.0]]))
    Tensor(shape=[1, 5], dtype=Float32, value=
    [[ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  1.00000000e+00,  1.00000000e+00]])
    """

    mode = "replicate"
    positive_int = True

    def __init__(self, padding):
        super().__init__(padding)


class ReplicationPad2d(ReplicationPad1d):
    """The last two axes padded by repeating their edge values.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReplicationPad2d(1)(ms.Tensor(np.ones((1, 1, 2), np.float32))).shape
    (1, 3, 4)
    """

    axes = 2


class ReplicationPad3d(ReplicationPad1d):
    """The last three axes padded by repeating their edge values.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> pad = mint.nn.ReplicationPad3d((1, 0, 0, 1, 2, 0))
    >>> pad(ms.Tensor(np.ones((1, 1, 1, 1), np.float32))).shape
    (1, 3, 2, 2)
    """

    axes = 3


# ---------------------------------------------------------------------------
# Fold, unfold, resampling

class Unfold(_MintCell):
    """The sliding ``kernel_size`` blocks of an (N, C, H, W) input as columns:
    (N, C·kH·kW, blocks).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Unfold(2)(ms.Tensor(np.ones((1, 3, 4, 5), np.float32))).shape
    (1, 12, 12)
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        owner = type(self).__name__
        self.kernel_size = _window(kernel_size, "kernel_size", owner)
        self.dilation = _window(dilation, "dilation", owner)
        self.padding = _window(padding, "padding", owner, 0)
        self.stride = _window(stride, "stride", owner)

    def construct(self, input):
        return self._call(F.unfold, self._tensor(input), self.kernel_size, self.dilation,
                          self.padding, self.stride)


class Fold(Unfold):
    """The inverse arrangement of ``Unfold``: columns (N, C·kH·kW, blocks) summed
    into an (N, C, *output_size) image (overlaps add up).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> out = mint.nn.Fold((3, 3), 2)(ms.Tensor(np.ones((1, 4, 4), np.float32)))
    >>> out.asnumpy()[0, 0].tolist()
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__(kernel_size, dilation, padding, stride)
        self.output_size = _window(output_size, "output_size", "Fold")

    def construct(self, input):
        return self._call(F.fold, self._tensor(input), self.output_size, self.kernel_size,
                          self.dilation, self.padding, self.stride)


class Upsample(_MintCell):
    """The spatial axes resampled to ``size`` or by ``scale_factor``; ``mode``
    'nearest', 'linear', 'bilinear', 'bicubic', 'trilinear' or 'area' (mint's
    ``interpolate``).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Upsample(scale_factor=2)(ms.Tensor([[[1.0, 2.0]]]))
    Tensor(shape=[1, 1, 4], dtype=Float32, value=
    [[[ 1.00000000e+00,  1.00000000e+00,  2.00000000e+00,  2.00000000e+00]]])
    """

    modes = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact")

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        owner = type(self).__name__
        if (size is None) == (scale_factor is None):
            raise ValueError(f"{owner}: give exactly one of size and scale_factor")
        if mode not in self.modes:
            raise ValueError(f"{owner}: mode must be one of {', '.join(map(repr, self.modes))}, "
                             f"got {mode!r}")
        self.size = _window(size, "size", owner, optional=True)
        self.scale_factor = scale_factor
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def construct(self, input):
        return self._call(F.interpolate, self._tensor(input), self.size, self.scale_factor,
                          self.mode, self.align_corners, self.recompute_scale_factor)


class UpsamplingNearest2d(Upsample):
    """``Upsample`` of (N, C, H, W) inputs with mode 'nearest'.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> up = mint.nn.UpsamplingNearest2d(size=(4, 6))
    >>> up(ms.Tensor(np.ones((1, 1, 2, 3), np.float32))).shape
    (1, 1, 4, 6)
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, "nearest")


class UpsamplingBilinear2d(Upsample):
    """``Upsample`` of (N, C, H, W) inputs with mode 'bilinear' and
    ``align_corners=True`` (the corner pixels keep their values).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.UpsamplingBilinear2d(size=(1, 3))(ms.Tensor([[[[0.0, 4.0]]]]))
    Tensor(shape=[1, 1, 1, 3], dtype=Float32, value=
    [[[[ 0.00000000e+00,  2.00000000e+00,  4.00000000e+00]]]])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, "bilinear", True)


class PixelShuffle(_MintCell):
    """(N, C·r², H, W) rearranged to (N, C, H·r, W·r), r = ``upscale_factor``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.PixelShuffle(2)(ms.Tensor(np.ones((1, 8, 2, 3), np.float32))).shape
    (1, 2, 4, 6)
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = _int(upscale_factor, "upscale_factor", "PixelShuffle", 1)

    def construct(self, input):
        return self._call(F.pixel_shuffle, self._tensor(input), self.upscale_factor)
