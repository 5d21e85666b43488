"""Resampling layers: Upsample, PixelShuffle, PixelUnshuffle, in MindSpore 2.10's
style (computed by dualgrad._resample)."""
from .. import _resample as rs
from .._composite import _check_int
from .._tensor import wrap
from .cell import Cell

__all__ = ["Upsample", "PixelShuffle", "PixelUnshuffle"]


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
