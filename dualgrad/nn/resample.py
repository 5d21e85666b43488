"""Resampling and rearranging layers: Upsample, PixelShuffle, PixelUnshuffle,
ChannelShuffle and CentralCrop, in MindSpore 2.10's style (the resampling
computed by dualgrad._resample)."""
import math

from .. import _functions as F, _resample as rs
from .._composite import _check_int
from .._core import shape_of
from .._tensor import wrap
from .cell import Cell

__all__ = ["Upsample", "PixelShuffle", "PixelUnshuffle", "ChannelShuffle", "CentralCrop"]


class Upsample(Cell):
    """``ops.interpolate`` of the input with this layer's ``size`` or
    ``scale_factor``, ``mode``, ``align_corners`` and ``recompute_scale_factor``
    (the mode and the flags checked here, the sizes against each input).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor([[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]]])
    >>> nn.Upsample(size=(5, 5))(x)
    Tensor(shape=[1, 1, 5, 5], dtype=Float32, value=
    [[[[ 1.00000000e+00,  1.00000000e+00,  2.00000000e+00,  3.00000000e+00,  4.00000000e+00],
       [ 1.00000000e+00,  1.00000000e+00,  2.00000000e+00,  3.00000000e+00,  4.00000000e+00],
       [ 1.00000000e+00,  1.00000000e+00,  2.00000000e+00,  3.00000000e+00,  4.00000000e+00],
       [ 5.00000000e+00,  5.00000000e+00,  6.00000000e+00,  7.00000000e+00,  8.00000000e+00],
       [ 5.00000000e+00,  5.00000000e+00,  6.00000000e+00,  7.00000000e+00,  8.00000000e+00]]]])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        if not isinstance(mode, str) or mode not in rs._MODES:
            raise ValueError(f"Upsample: mode must be one of {', '.join(map(repr, rs._MODES))}, "
                             f"got {mode!r}")
        for name, value in (("align_corners", align_corners),
                            ("recompute_scale_factor", recompute_scale_factor)):
            rs._bool_or_none(value, name)
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def construct(self, x):
        return wrap(rs.interpolate(self._input_value(x), self.size, self.scale_factor, self.mode,
                                   self.align_corners, self.recompute_scale_factor))

    def extend_repr(self):
        return (f"size={self.size}, scale_factor={self.scale_factor}, mode={self.mode}, "
                f"align_corners={self.align_corners}")


class _Shuffle(Cell):
    """A pixel shuffle by the factor this layer keeps (named ``factor_name``)."""

    factor_name = "upscale_factor"

    def __init__(self, factor):
        super().__init__()
        setattr(self, self.factor_name,
                _check_int(factor, self.factor_name, type(self).__name__, 1))

    def construct(self, input):
        factor = getattr(self, self.factor_name)
        return wrap(self.function(self._input_value(input, "input"), factor))

    def extend_repr(self):
        return f"{self.factor_name}={getattr(self, self.factor_name)}"


class PixelShuffle(_Shuffle):
    """``ops.pixel_shuffle`` by ``upscale_factor``: (..., C r^2, H, W) to
    (..., C, H r, W r).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.PixelShuffle(3)(ms.Tensor(np.ones((2, 18, 4, 4), np.float32))).shape
    (2, 2, 12, 12)
    """

    function = staticmethod(rs.pixel_shuffle)

    def __init__(self, upscale_factor):
        super().__init__(upscale_factor)


class PixelUnshuffle(_Shuffle):
    """``ops.pixel_unshuffle`` by ``downscale_factor``: (..., C, H r, W r) to
    (..., C r^2, H, W).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.PixelUnshuffle(3)(ms.Tensor(np.ones((2, 2, 12, 12), np.float32))).shape
    (2, 18, 4, 4)
    """

    factor_name = "downscale_factor"
    function = staticmethod(rs.pixel_unshuffle)

    def __init__(self, downscale_factor):
        super().__init__(downscale_factor)


class ChannelShuffle(Cell):
    """The channels (axis 1) of x (N, C, ...) split into ``groups`` groups of C /
    ``groups`` and interleaved: channel g·(C/groups) + k moves to k·groups + g,
    as MindSpore's (whose channels are axis 1 whatever the rank).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.arange(4.0, dtype=np.float32).reshape(1, 4, 1, 1))
    >>> nn.ChannelShuffle(2)(x).asnumpy().ravel().tolist()
    [0.0, 2.0, 1.0, 3.0]
    """

    def __init__(self, groups):
        super().__init__()
        self.groups = _check_int(groups, "groups", "ChannelShuffle", 1)

    def construct(self, x):
        v = self._input_value(x)
        shape = tuple(shape_of(v))
        if len(shape) < 2:
            raise ValueError(f"ChannelShuffle: x must have a channel axis (N, C, ...), got "
                             f"shape {shape}")
        channels = shape[1]
        if channels % self.groups:
            raise ValueError(f"ChannelShuffle: the {channels} channels of x (shape {shape}) "
                             f"must divide into groups={self.groups} groups")
        # (the trailing length given, not -1, which an empty batch leaves undetermined)
        grouped = F.reshape(v, (shape[0], self.groups, channels // self.groups,
                                math.prod(shape[2:])))
        return wrap(F.reshape(F.transpose(grouped, (0, 2, 1, 3)), shape))

    def extend_repr(self):
        return f"groups={self.groups}"


class CentralCrop(Cell):
    """The central region of images (C, H, W) or (N, C, H, W): along H (and W
    alike) start = int((H - H·central_fraction) / 2) rows are cut from each
    side, leaving H - 2·start, as MindSpore's; ``central_fraction`` is a float
    in (0, 1].

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.CentralCrop(0.5)(ms.Tensor(np.ones((4, 3, 4, 4), np.float32))).shape
    (4, 3, 2, 2)
    """

    def __init__(self, central_fraction):
        super().__init__()
        if not isinstance(central_fraction, float):
            raise TypeError(f"CentralCrop: central_fraction must be a float, got "
                            f"{type(central_fraction).__name__}")
        if not 0.0 < central_fraction <= 1.0:
            raise ValueError(f"CentralCrop: central_fraction must be in (0.0, 1.0], got "
                             f"{central_fraction}")
        self.central_fraction = central_fraction

    def construct(self, image):
        v = self._input_value(image, "image")
        shape = tuple(shape_of(v))
        if len(shape) not in (3, 4):
            raise ValueError(f"CentralCrop: image must be 3-D (C, H, W) or 4-D (N, C, H, W), "
                             f"got shape {shape}")
        if self.central_fraction == 1.0:
            return wrap(v)
        cuts = [int((float(n) - float(n * self.central_fraction)) / 2) for n in shape[-2:]]
        window = tuple(slice(cut, n - cut) for cut, n in zip(cuts, shape[-2:]))
        return wrap(F.getitem(v, (slice(None),) * (len(shape) - 2) + window))

    def extend_repr(self):
        return f"central_fraction={self.central_fraction}"
