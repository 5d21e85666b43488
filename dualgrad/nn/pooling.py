"""Pooling layers: MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d,
AdaptiveMaxPool1d/2d/3d, LPPool1d/2d, MaxUnpool1d/2d/3d, FractionalMaxPool2d/3d,
in MindSpore 2.10's style (computed by dualgrad._convolution)."""
import numpy as np

from .. import _convolution as cv
from .._structural import flag
from .._tensor import Tensor, value_of, wrap
from .cell import Cell

__all__ = ["MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
           "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
           "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d", "MaxUnpool1d",
           "MaxUnpool2d", "MaxUnpool3d", "FractionalMaxPool2d", "FractionalMaxPool3d"]


class _Pool(Cell):
    """The arguments the pooling layers share.  ``pad_mode`` (any case) is 'valid'
    (no padding), 'same' (ceil(size / stride) outputs, the padding never counted)
    or 'pad' (``padding``: an int, or one per spatial axis, on both sides)."""

    nd = 2

    def __init__(self, kernel_size, stride, pad_mode, padding, data_format="NCHW"):
        super().__init__()
        owner = type(self).__name__
        if self.nd == 1:
            for name, value in (("kernel_size", kernel_size), ("stride", stride)):
                if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                    raise TypeError(f"{owner}: {name} must be an int, got "
                                    f"{type(value).__name__}")
        self.kernel_size = cv._ints(kernel_size, self.nd, "kernel_size", owner)
        self.stride = cv._ints(stride, self.nd, "stride", owner)
        if not isinstance(pad_mode, str) or pad_mode.lower() not in cv._PAD_MODES:
            raise ValueError(f"{owner}: pad_mode must be one of 'valid', 'same', 'pad', got "
                             f"{pad_mode!r}")
        if data_format != "NCHW":
            raise ValueError(f"{owner}: data_format must be 'NCHW' (the only layout here), "
                             f"got {data_format!r}")
        self.pad_mode = pad_mode.lower()
        pairs = cv._padding_pairs(padding, self.nd, owner, (1, self.nd))
        if self.pad_mode != "pad" and any(p for pair in pairs for p in pair):
            raise ValueError(f"{owner}: padding must be 0 unless pad_mode is 'pad', got "
                             f"{padding!r} with pad_mode {pad_mode!r}")
        self.padding = padding

    def _options(self):
        """The keyword arguments of cv.max_pool/avg_pool this layer's settings make."""
        return dict(padding=self.padding, stride=self.stride, padding_lengths=(1, self.nd),
                    same=self.pad_mode == "same", ranks=(self.nd + 1, self.nd + 2))

    def extend_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"pad_mode={self.pad_mode.upper()}")


class MaxPool2d(_Pool):
    """The maximum of each window of (N, C, H, W) or (C, H, W) inputs.  With
    pad_mode 'pad', ``padding`` (never chosen; at most half the kernel),
    ``dilation``, ``ceil_mode`` and ``return_indices`` (also the flat index of each
    maximum) apply; the other modes take their defaults only, as MindSpore's.
    The gradient goes to the first maximum of each window.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> pool = nn.MaxPool2d(kernel_size=2, stride=2)
    >>> pool(ms.Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4)))
    Tensor(shape=[1, 1, 2, 2], dtype=Float32, value=
    [[[[ 5.00000000e+00,  7.00000000e+00],
       [ 1.30000000e+01,  1.50000000e+01]]]])
    """

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, dilation=1,
                 return_indices=False, ceil_mode=False, data_format="NCHW"):
        super().__init__(kernel_size, stride, pad_mode, padding, data_format)
        owner = type(self).__name__
        self.dilation = cv._ints(dilation, self.nd, "dilation", owner)
        self.return_indices = flag(return_indices, "return_indices", owner)
        self.ceil_mode = flag(ceil_mode, "ceil_mode", owner)
        if self.pad_mode != "pad" and (self.dilation != (1,) * self.nd or return_indices
                                       or ceil_mode):
            raise ValueError(f"{owner}: dilation, return_indices and ceil_mode take their "
                             f"defaults unless pad_mode is 'pad', got pad_mode {pad_mode!r}")

    def construct(self, x):
        v = self._input_value(x)
        out = cv.max_pool(self.nd, type(self).__name__, v, self.kernel_size,
                          dilation=self.dilation, return_indices=self.return_indices,
                          ceil_mode=self.ceil_mode, **self._options())
        return tuple(map(wrap, out)) if self.return_indices else wrap(out)


class MaxPool1d(MaxPool2d):
    """``MaxPool2d`` over the last axis of (N, C, L) or (C, L) inputs (ints for
    ``kernel_size`` and ``stride``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MaxPool1d(3, 1, pad_mode='same')(ms.Tensor([[1.0, 3.0, 2.0, 0.0]]))
    Tensor(shape=[1, 4], dtype=Float32, value=
    [[ 3.00000000e+00,  3.00000000e+00,  3.00000000e+00,  2.00000000e+00]])
    """

    nd = 1

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, dilation=1,
                 return_indices=False, ceil_mode=False):
        super().__init__(kernel_size, stride, pad_mode, padding, dilation, return_indices,
                         ceil_mode)


class MaxPool3d(MaxPool2d):
    """``MaxPool2d`` over (D, H, W) of (N, C, D, H, W) or (C, D, H, W) inputs;
    ``padding`` (pad_mode 'pad') an int or one per spatial axis.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 2, 2, 2))
    >>> nn.MaxPool3d(2, 1, pad_mode='same')(x).shape
    (1, 2, 2, 2)
    """

    nd = 3

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, dilation=1,
                 return_indices=False, ceil_mode=False):
        super().__init__(kernel_size, stride, pad_mode, padding, dilation, return_indices,
                         ceil_mode)


class AvgPool2d(_Pool):
    """The mean of each window of (N, C, H, W) or (C, H, W) inputs.  With pad_mode
    'pad' the zero ``padding`` counts in the mean when ``count_include_pad``;
    with 'same' it never does; ``ceil_mode`` keeps a last partial window (the mean
    of the positions it has) and ``divisor_override`` replaces every count.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.arange(9.0, dtype=np.float32).reshape(1, 3, 3))
    >>> nn.AvgPool2d(2, 2, pad_mode='same')(x)
    Tensor(shape=[1, 2, 2], dtype=Float32, value=
    [[[ 2.00000000e+00,  3.50000000e+00],
      [ 6.50000000e+00,  8.00000000e+00]]])
    """

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None, data_format="NCHW"):
        super().__init__(kernel_size, stride, pad_mode, padding, data_format)
        owner = type(self).__name__
        self.ceil_mode = flag(ceil_mode, "ceil_mode", owner)
        self.count_include_pad = flag(count_include_pad, "count_include_pad", owner)
        if divisor_override is not None:
            divisor_override = cv._check_int(divisor_override, "divisor_override", owner, 1)
        self.divisor_override = divisor_override

    # MindSpore's AvgPool2d never counts the padding of pad_mode 'same'; its
    # AvgPool3d counts it when count_include_pad
    _same_counts_padding = False

    def construct(self, x):
        v = self._input_value(x)
        return wrap(cv.avg_pool(self.nd, type(self).__name__, v, self.kernel_size,
                                ceil_mode=self.ceil_mode,
                                count_include_pad=self.count_include_pad,
                                divisor_override=self.divisor_override,
                                same_counts_padding=self._same_counts_padding,
                                **self._options()))


class AvgPool1d(AvgPool2d):
    """``AvgPool2d`` over the last axis of (N, C, L) or (C, L) inputs (ints for
    ``kernel_size`` and ``stride``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AvgPool1d(2, 2)(ms.Tensor([[1.0, 3.0, 2.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  1.00000000e+00]])
    """

    nd = 1

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__(kernel_size, stride, pad_mode, padding, ceil_mode, count_include_pad)


class AvgPool3d(AvgPool2d):
    """``AvgPool2d`` over (D, H, W) of (N, C, D, H, W) or (C, D, H, W) inputs, with
    one difference MindSpore 2.10 makes: under pad_mode 'same' the padding counts
    in the mean when ``count_include_pad`` (the default).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.ones((1, 3, 3, 3), np.float32))
    >>> nn.AvgPool3d(2, 2, pad_mode='same')(x)[0, :, :, 1]
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 5.00000000e-01,  2.50000000e-01],
     [ 2.50000000e-01,  1.25000000e-01]])
    """

    nd = 3
    _same_counts_padding = True

    def __init__(self, kernel_size=1, stride=1, pad_mode="valid", padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__(kernel_size, stride, pad_mode, padding, ceil_mode, count_include_pad,
                         divisor_override)


class AdaptiveAvgPool2d(Cell):
    """Average pooling of (N, C, H, W) or (C, H, W) inputs to ``output_size`` (an
    int, or (height, width) with None keeping that axis): ``ops.adaptive_avg_pool2d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveAvgPool2d((2, 1))(ms.Tensor(np.ones((3, 5, 4), np.float32))).shape
    (3, 2, 1)
    """

    nd = 2

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def construct(self, input):
        v = self._input_value(input, "input")
        return wrap(cv.adaptive_avg_pool(self.nd, type(self).__name__, v, self.output_size))


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """Average pooling of (N, C, L) or (C, L) inputs to ``output_size`` positions:
    ``ops.adaptive_avg_pool1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveAvgPool1d(2)(ms.Tensor([[1.0, 3.0, 2.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 2.00000000e+00,  1.00000000e+00]])
    """

    nd = 1


class AdaptiveAvgPool3d(AdaptiveAvgPool2d):
    """Average pooling of (N, C, D, H, W) or (C, D, H, W) inputs to ``output_size``
    (an int, or (depth, height, width) with None keeping that axis):
    ``ops.adaptive_avg_pool3d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveAvgPool3d((2, 3, None))(ms.Tensor(np.ones((1, 1, 5, 6, 4)))).shape
    (1, 1, 2, 3, 4)
    """

    nd = 3


class AdaptiveMaxPool2d(Cell):
    """The maximum of each window of (N, C, H, W) or (C, H, W) inputs for an
    ``output_size`` (an int, or (height, width) with None keeping that axis):
    ``ops.adaptive_max_pool2d``, with ``return_indices`` also the flat index of
    each maximum.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveMaxPool2d((2, None))(ms.Tensor(np.ones((3, 5, 4), np.float32))).shape
    (3, 2, 4)
    """

    nd = 2

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = flag(return_indices, "return_indices", type(self).__name__)

    def construct(self, input):
        v = self._input_value(input, "input")
        out = cv.adaptive_max_pool(self.nd, type(self).__name__, v, self.output_size,
                                   self.return_indices)
        if not self.return_indices:
            return wrap(out)
        values, indices = out
        return wrap(values), wrap(indices if self.nd < 3 else indices.astype(np.int32))


class AdaptiveMaxPool1d(AdaptiveMaxPool2d):
    """The maximum of each of ``output_size`` windows of (N, C, L) or (C, L) inputs:
    ``ops.adaptive_max_pool1d``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveMaxPool1d(2)(ms.Tensor([[1.0, 3.0, 2.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 3.00000000e+00,  2.00000000e+00]])
    """

    nd = 1

    def __init__(self, output_size):
        super().__init__(output_size)


class AdaptiveMaxPool3d(AdaptiveMaxPool2d):
    """``AdaptiveMaxPool2d`` over (D, H, W) of (N, C, D, H, W) or (C, D, H, W)
    inputs (the indices int32, as MindSpore's).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.AdaptiveMaxPool3d(2)(ms.Tensor(np.ones((1, 1, 3, 4, 5)))).shape
    (1, 1, 2, 2, 2)
    """

    nd = 3


class LPPool2d(Cell):
    """(sum of x^p over each window)^(1/p), p = ``norm_type``, of (N, C, H, W) or
    (C, H, W) inputs: ``ops.lp_pool2d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LPPool2d(2, 2)(ms.Tensor(np.full((1, 1, 2, 4), 2.0, np.float32)))
    Tensor(shape=[1, 1, 1, 2], dtype=Float32, value=
    [[[[ 4.00000000e+00,  4.00000000e+00]]]])
    """

    nd = 2

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        owner = type(self).__name__
        self.norm_type = norm_type
        self.kernel_size = cv._ints(kernel_size, self.nd, "kernel_size", owner)
        self.stride = None if stride is None else cv._ints(stride, self.nd, "stride", owner)
        self.ceil_mode = flag(ceil_mode, "ceil_mode", owner)

    def construct(self, x):
        v = self._input_value(x)
        return wrap(cv.lp_pool(self.nd, type(self).__name__, v, self.norm_type,
                               self.kernel_size, self.stride, self.ceil_mode))


class LPPool1d(LPPool2d):
    """``LPPool2d`` over the last axis of (N, C, L) or (C, L) inputs.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LPPool1d(1, 2)(ms.Tensor([[3.0, 4.0, 1.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 7.00000000e+00,  1.00000000e+00]])
    """

    nd = 1


class MaxUnpool2d(Cell):
    """Max pooling's partial inverse: zeros of (N, C, H_out, W_out) or (C, H_out,
    W_out) with each element of x (N, C, H, W) or (C, H, W) written at its flat
    spatial index in ``indices`` (``MaxPool2d(..., return_indices=True)``'s),
    H_out = (H - 1) stride - 2 padding + kernel_size (likewise W_out), or
    ``output_size`` (the spatial sizes, or the whole shape) within a stride of
    it: ``ops.max_unpool2d``.  ``stride`` None is ``kernel_size``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.array([[[[0.0, 1.0], [8.0, 9.0]]]], np.float32))
    >>> nn.MaxUnpool2d(2)(x, ms.Tensor(np.array([[[[0, 3], [9, 15]]]])))[0, 0]
    Tensor(shape=[4, 4], dtype=Float32, value=
    [[ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  1.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  8.00000000e+00,  0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  9.00000000e+00]])
    """

    nd = 2

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        owner = type(self).__name__
        self.kernel_size = cv._ints(kernel_size, self.nd, "kernel_size", owner)
        self.stride = self.kernel_size if stride is None else cv._ints(stride, self.nd,
                                                                       "stride", owner)
        # (checked as ops.max_unpool checks it: an int, or one per spatial axis)
        cv._padding_pairs(padding, self.nd, owner, (1, self.nd))
        self.padding = padding

    def construct(self, x, indices, output_size=None):
        owner = type(self).__name__
        if output_size is not None and (not isinstance(output_size, tuple) or not output_size):
            raise ValueError(f"{owner}: output_size must be a non-empty tuple of ints, got "
                             f"{output_size!r}")
        v = self._input_value(x)
        where = self._input_value(indices, "indices")
        return wrap(cv.max_unpool(self.nd, owner, v, where, self.kernel_size, self.stride,
                                  self.padding, output_size))

    def extend_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(MaxUnpool2d):
    """``MaxUnpool2d`` over the last axis of (N, C, L) or (C, L) inputs:
    ``ops.max_unpool1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.array([[2.0, 4.0, 6.0, 8.0]], np.float32))
    >>> nn.MaxUnpool1d(2)(x, ms.Tensor(np.array([[1, 3, 5, 7]]))).asnumpy().tolist()
    [[0.0, 2.0, 0.0, 4.0, 0.0, 6.0, 0.0, 8.0]]
    """

    nd = 1


class MaxUnpool3d(MaxUnpool2d):
    """``MaxUnpool2d`` over (D, H, W) of (N, C, D, H, W) or (C, D, H, W) inputs:
    ``ops.max_unpool3d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.ones((1, 1, 1, 1, 1), np.float32))
    >>> nn.MaxUnpool3d(2)(x, ms.Tensor(np.array([[[[[7]]]]]))).shape
    (1, 1, 2, 2, 2)
    """

    nd = 3


class FractionalMaxPool2d(Cell):
    """Fractional max pooling (Graham, 2014) of (N, C, H, W) or (C, H, W) inputs:
    ``ops.fractional_max_pool2d``.  The output has ``output_size`` (an int or
    (H_out, W_out)), or ``output_ratio`` (a float or two in (0, 1)) of the
    input's size when output_size is None; each output is the maximum of a
    ``kernel_size`` window whose starts step pseudo-randomly by
    ``_random_samples`` ((N, C, 2) or (1, C, 2) in [0, 1); drawn afresh under
    dualgrad's seed at each call when None).  With ``return_indices`` also the
    flat (H * W) index of each maximum.  The gradient goes to each window's
    first maximum.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> pool = nn.FractionalMaxPool2d(3, output_ratio=0.5)
    >>> pool(ms.Tensor(np.ones((1, 2, 8, 6), np.float32))).shape
    (1, 2, 4, 3)
    """

    nd = 2

    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                 _random_samples=None):
        super().__init__()
        owner = type(self).__name__
        self.kernel_size = cv._ints(kernel_size, self.nd, "kernel_size", owner)
        cv.fractional_target(output_size, output_ratio, self.nd, owner)
        self.output_size, self.output_ratio = output_size, output_ratio
        self.return_indices = flag(return_indices, "return_indices", owner)
        if _random_samples is not None and not isinstance(_random_samples, Tensor):
            raise TypeError(f"{owner}: _random_samples must be a Tensor or None, got "
                            f"{type(_random_samples).__name__}")
        self._random_samples = _random_samples

    def construct(self, input):
        v = self._input_value(input, "input")
        out = cv.fractional_max_pool(
            self.nd, type(self).__name__, v, self.kernel_size, self.output_size,
            self.output_ratio, self.return_indices,
            None if self._random_samples is None else value_of(self._random_samples))
        return tuple(map(wrap, out)) if self.return_indices else wrap(out)

    def extend_repr(self):
        return (f"kernel_size={self.kernel_size}, output_size={self.output_size}, "
                f"output_ratio={self.output_ratio}, return_indices={self.return_indices}")


class FractionalMaxPool3d(FractionalMaxPool2d):
    """``FractionalMaxPool2d`` over (D, H, W) of (N, C, D, H, W) or (C, D, H, W)
    inputs: ``ops.fractional_max_pool3d``, with ``_random_samples`` of shape
    (N, C, 3) ((1, C, 3) for an unbatched input) and of the input's dtype.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.FractionalMaxPool3d(2, output_size=(2, 3, 2))(ms.Tensor(np.ones((1, 1, 4, 5, 4)))).shape
    (1, 1, 2, 3, 2)
    """

    nd = 3
