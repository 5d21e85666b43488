"""Convolution layers: Conv1d, Conv2d, Conv3d and their transposes, in MindSpore 2.10's
style (computed by dualgrad._convolution and dualgrad._conv_transpose, so every mode
differentiates them)."""
import math

import numpy as np

from .. import _conv_transpose as ct, _convolution as cv, _dtypes
from .._composite import pad
from .._functions import reshape
from .._linalg import swapaxes
from .._core import primal_value
from .._parameter import Parameter
from .._structural import flag
from .._tensor import Tensor, value_of, wrap
from .cell import Cell
from .initializers import HeUniform, Uniform
from .layers import _init_values, _positive_int

__all__ = ["Conv1d", "Conv2d", "Conv3d", "Conv1dTranspose", "Conv2dTranspose",
           "Conv3dTranspose", "Unfold"]


def _check_ints(owner, **values):
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")


def _init_name(init):
    return init if isinstance(init, (str, type(None))) else type(init).__name__


class _Conv(Cell):
    """What the convolution layers share: the arguments, the parameters and the call."""

    nd = 2
    _weight_layout = "(out_channels, in_channels / group, *kernel_size)"
    _layout = None      # the one data_format the layers with that argument take

    def __init__(self, in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                 dilation, group, has_bias, weight_init, bias_init, dtype, weight_shape_of):
        super().__init__()
        owner = type(self).__name__
        self.in_channels = _positive_int(in_channels, "in_channels", owner)
        self.out_channels = _positive_int(out_channels, "out_channels", owner)
        self.group = _positive_int(group, "group", owner)
        if self.in_channels % self.group or self.out_channels % self.group:
            raise ValueError(f"{owner}: group ({group}) must divide in_channels "
                             f"({in_channels}) and out_channels ({out_channels})")
        self.kernel_size = cv._ints(kernel_size, self.nd, "kernel_size", owner)
        self.stride = cv._ints(stride, self.nd, "stride", owner)
        self.dilation = cv._ints(dilation, self.nd, "dilation", owner)
        # the same checks as the call's, made once here
        cv._mode_padding(self.nd, owner, pad_mode, padding, self._padding_lengths)
        self.pad_mode, self.padding = pad_mode, padding
        self.has_bias = flag(has_bias, "has_bias", owner)
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        w_shape = weight_shape_of(self.out_channels, self.in_channels // self.group,
                                  self.kernel_size)
        self.weight_init = HeUniform(math.sqrt(5)) if weight_init is None else weight_init
        self.weight = Parameter(_init_values(
            weight_init, self.weight_init, w_shape, np_dtype, "weight_init", owner,
            self._weight_layout), name="weight")
        self.bias_init, self.bias = bias_init, None
        if self.has_bias:
            # MindSpore's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in the
            # weight's axis 1 times its kernel
            fan_in = math.prod(w_shape[1:])
            self.bias_init = Uniform(1 / math.sqrt(fan_in)) if bias_init is None else bias_init
            self.bias = Parameter(_init_values(bias_init, self.bias_init, (self.out_channels,),
                                               np_dtype, "bias_init", owner), name="bias")

    def _weight(self, w):
        return w

    def _set_layout(self, data_format):
        """Record ``data_format``, which must be the layer's one layout (``_layout``)."""
        if data_format != self._layout:
            raise ValueError(f"{type(self).__name__}: data_format must be {self._layout!r} "
                             f"(the only layout here), got {data_format!r}")
        self.format = data_format

    def _operands(self, x):
        """The input's, weight's and bias's values, after checking the dtypes agree."""
        v, w = self._input_value(x), value_of(self.weight)
        x_dtype, w_dtype = (np.result_type(primal_value(a)) for a in (v, w))
        if x_dtype != w_dtype:
            raise TypeError(f"{type(self).__name__}: the input's dtype {x_dtype} differs from "
                            f"the weight's {w_dtype}; cast the input or build the layer with "
                            f"dtype=...")
        return v, self._weight(w), None if self.bias is None else value_of(self.bias)

    def construct(self, x):
        v, w, b = self._operands(x)
        return wrap(cv._convolution(
            self.nd, type(self).__name__, v, w, b, self.stride, self.pad_mode, self.padding,
            self.dilation, self.group, self._padding_lengths))

    def extend_repr(self):
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"pad_mode={self.pad_mode}, padding={self.padding}, dilation={self.dilation}, "
                f"group={self.group}, has_bias={self.has_bias}, "
                f"weight_init={_init_name(self.weight_init)}, "
                f"bias_init={_init_name(self.bias_init)}")


class Conv2d(_Conv):
    """2-D convolution (cross-correlation) of (N, C_in, H, W) inputs: ``weight``
    (out_channels, in_channels / group, kH, kW), drawn by default from
    ``HeUniform(sqrt(5))``, and with ``has_bias`` a ``bias`` (out_channels,) from
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels / group · kH · kW, as
    MindSpore 2.10.  ``pad_mode`` 'same' (the default) keeps ceil(size / stride)
    positions, 'valid' pads nothing, 'pad' pads ``padding``: an int or (top,
    bottom, left, right).  Only ``data_format='NCHW'``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv2d(3, 8, 3, stride=2, has_bias=True)
    >>> net.weight.shape, net.bias.shape
    ((8, 3, 3, 3), (8,))
    >>> net(ms.Tensor(np.ones((2, 3, 7, 7), np.float32))).shape
    (2, 8, 4, 4)
    """

    _padding_lengths = (1, 4)
    _layout = "NCHW"

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, has_bias=False, weight_init=None,
                 bias_init=None, data_format="NCHW", dtype=_dtypes.float32):
        self._set_layout(data_format)
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, dtype,
                         lambda out, per_group, kernel: (out, per_group) + kernel)

    def extend_repr(self):
        return super().extend_repr() + f", format={self.format}"


class Conv1d(_Conv):
    """1-D convolution of (N, C_in, L) inputs.  As in MindSpore 2.10, ``weight`` has
    shape (out_channels, in_channels / group, 1, kernel_size) (a Conv2d kernel of
    height 1, so checkpoints match); ``kernel_size``, ``stride``, ``padding``
    (both sides, with pad_mode 'pad') and ``dilation`` are ints.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv1d(2, 4, 3, pad_mode='valid')
    >>> net.weight.shape
    (4, 2, 1, 3)
    >>> net(ms.Tensor(np.ones((5, 2, 10), np.float32))).shape
    (5, 4, 8)
    """

    nd = 1
    _padding_lengths = (1,)

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, has_bias=False, weight_init=None,
                 bias_init=None, dtype=_dtypes.float32):
        _check_ints("Conv1d", kernel_size=kernel_size, stride=stride, padding=padding,
                    dilation=dilation)
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, dtype,
                         lambda out, per_group, kernel: (out, per_group, 1) + kernel)

    def _weight(self, w):
        shape = tuple(self.weight.shape)
        return reshape(w, shape[:2] + shape[3:])


class Conv3d(Conv2d):
    """3-D convolution of (N, C_in, D, H, W) inputs: ``weight`` (out_channels,
    in_channels / group, kD, kH, kW), initialised as Conv2d's; ``padding`` (with
    pad_mode 'pad') an int or (front, back, top, bottom, left, right), as MindSpore
    2.10 takes it.  Only ``data_format='NCDHW'``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv3d(2, 4, (3, 2, 1), stride=2, pad_mode='pad', padding=(1, 0, 1, 1, 0, 0))
    >>> net.weight.shape
    (4, 2, 3, 2, 1)
    >>> net(ms.Tensor(np.ones((1, 2, 5, 6, 4), np.float32))).shape
    (1, 4, 2, 4, 2)
    """

    nd = 3
    _padding_lengths = (1, 6)
    _layout = "NCDHW"

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, has_bias=False, weight_init=None,
                 bias_init=None, data_format="NCDHW", dtype=_dtypes.float32):
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, data_format, dtype)


# ---------------------------------------------------------------------------
# Transposed convolutions

class _ConvTranspose(_Conv):
    """What the transposed layers share: the weight (in_channels, out_channels / group,
    *kernel_size), initialised as the convolutions' (its fan_in is out_channels /
    group · kernel), and a call computing dualgrad._conv_transpose's adjoint of the
    convolution MindSpore's layer inverts."""

    _weight_layout = "(in_channels, out_channels / group, *kernel_size)"
    _inner_output_padding = None     # output_padding inside the convolution (Conv3dTranspose)

    def _transposed_init(self, in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, dtype):
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, dtype,
                         lambda out, per_group, kernel: (self.in_channels, out // self.group)
                         + kernel)

    def _checked_output_padding(self, output_padding):
        owner = type(self).__name__
        op = ct._output_padding(output_padding, self.nd, owner, self.stride, self.dilation)
        if self.pad_mode != "pad" and any(op):
            raise ValueError(f"{owner}: output_padding must be 0 unless pad_mode is 'pad', got "
                             f"{output_padding!r} with pad_mode {self.pad_mode!r}")
        return op

    def construct(self, x):
        owner = type(self).__name__
        v, w, b = self._operands(x)
        inner = self._inner_output_padding or (0,) * self.nd
        pairs_of = ct._mode_pairs(self.nd, owner, self.pad_mode, self.padding,
                                  self._padding_lengths, self.stride, self.dilation, inner)
        return wrap(ct._transposed(self.nd, owner, v, w, b, self.stride, self.dilation,
                                   self.group, pairs_of))


class Conv2dTranspose(_ConvTranspose):
    """2-D transposed convolution of (N, C_in, H, W) inputs, the adjoint of Conv2d:
    ``weight`` (in_channels, out_channels / group, kH, kW).  As MindSpore 2.10, the
    output has H·s rows with pad_mode 'same' (the default), (H - 1)·s + max(dH·(kH
    - 1) + 1, s) with 'valid' and (H - 1)·s + dH·(kH - 1) + 1 - top - bottom with
    'pad' (``padding`` an int or (top, bottom, left, right)); ``output_padding``
    (pad_mode 'pad', less than max(stride, dilation)) then appends that many rows
    and columns of zeros after the bias.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv2dTranspose(3, 8, 4, stride=2, pad_mode='pad', padding=1)
    >>> net.weight.shape
    (3, 8, 4, 4)
    >>> net(ms.Tensor(np.ones((2, 3, 5, 5), np.float32))).shape
    (2, 8, 10, 10)
    """

    _padding_lengths = (1, 4)

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, output_padding=0, dilation=1, group=1, has_bias=False,
                 weight_init=None, bias_init=None, dtype=_dtypes.float32):
        self._transposed_init(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                              dilation, group, has_bias, weight_init, bias_init, dtype)
        self.output_padding = output_padding
        self._zeros_after = self._checked_output_padding(output_padding)

    def construct(self, x):
        out = super().construct(x)
        if not any(self._zeros_after):
            return out
        flat = [v for p in reversed(self._zeros_after) for v in (0, p)]
        return wrap(pad(value_of(out), flat))


class Conv1dTranspose(_ConvTranspose):
    """1-D transposed convolution of (N, C_in, L) inputs, the adjoint of Conv1d:
    ``weight`` (in_channels, out_channels / group, 1, kernel_size), as MindSpore
    2.10 keeps it; ``kernel_size``, ``stride``, ``padding`` and ``dilation`` are ints,
    the output lengths as Conv2dTranspose's.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv1dTranspose(2, 4, 3, stride=2, pad_mode='valid')
    >>> net.weight.shape
    (2, 4, 1, 3)
    >>> net(ms.Tensor(np.ones((5, 2, 10), np.float32))).shape
    (5, 4, 21)
    """

    nd = 1
    _padding_lengths = (1,)
    _weight = Conv1d._weight

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, has_bias=False, weight_init=None,
                 bias_init=None, dtype=_dtypes.float32):
        _check_ints("Conv1dTranspose", kernel_size=kernel_size, stride=stride,
                    padding=padding, dilation=dilation)
        if isinstance(weight_init, (Tensor, np.ndarray)):
            data = np.asarray(primal_value(value_of(weight_init)))
            if data.ndim == 3:      # MindSpore takes (in, out / group, kernel_size)
                weight_init = data[:, :, None]
        super().__init__(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                         dilation, group, has_bias, weight_init, bias_init, dtype,
                         lambda out, per_group, kernel: (self.in_channels, out // self.group, 1)
                         + kernel)


class Conv3dTranspose(_ConvTranspose):
    """3-D transposed convolution of (N, C_in, D, H, W) inputs, the adjoint of
    Conv3d: ``weight`` (in_channels, out_channels / group, kD, kH, kW); the output
    sizes as Conv2dTranspose's, ``padding`` an int or (front, back, top, bottom,
    left, right), and ``output_padding`` (pad_mode 'pad') extends the output inside
    the convolution (as ``ops.conv3d_transpose``: the kernel reaches those
    positions, the bias is added to them).  Only ``data_format='NCDHW'``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv3dTranspose(2, 4, 2, stride=2, pad_mode='pad', padding=1, output_padding=1)
    >>> net.weight.shape
    (2, 4, 2, 2, 2)
    >>> net(ms.Tensor(np.ones((1, 2, 3, 3, 3), np.float32))).shape
    (1, 4, 5, 5, 5)
    """

    nd = 3
    _padding_lengths = (1, 6)
    _layout = "NCDHW"

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, output_padding=0, has_bias=False,
                 weight_init=None, bias_init=None, data_format="NCDHW", dtype=_dtypes.float32):
        self._set_layout(data_format)
        self._transposed_init(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                              dilation, group, has_bias, weight_init, bias_init, dtype)
        self.output_padding = output_padding
        self._inner_output_padding = self._checked_output_padding(output_padding)


class Unfold(Cell):
    """Patches of (N, C, H, W) images, as MindSpore 2.10's (deprecated) nn.Unfold:
    ``ksizes``, ``strides`` and ``rates`` (dilation) are [1, row, col, 1];
    ``padding`` 'valid' takes whole windows only, 'same' pads with zeros to
    ceil(size / stride) windows (the odd one after).  The output is (N, kH·kW·C,
    out_rows, out_cols), its axis 1 offset-major then channel (TensorFlow's
    extract_image_patches layout, unlike ``ops.unfold``'s).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Unfold([1, 2, 2, 1], [1, 2, 2, 1], [1, 2, 2, 1])
    >>> net(ms.Tensor(np.ones((2, 3, 6, 6), np.float32))).shape
    (2, 12, 2, 2)
    """

    def __init__(self, ksizes, strides, rates, padding="valid"):
        super().__init__()
        for name, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
            if not isinstance(value, (tuple, list)):
                raise TypeError(f"Unfold: {name} must be a tuple or list [1, row, col, 1], got "
                                f"{type(value).__name__}")
            if len(value) != 4 or value[0] != 1 or value[3] != 1:
                raise ValueError(f"Unfold: {name} must have the form [1, row, col, 1], got "
                                 f"{value!r}")
            cv._ints(tuple(value[1:3]), 2, name, "Unfold")
        if not isinstance(padding, str) or padding.lower() not in ("same", "valid"):
            raise ValueError(f"Unfold: padding must be 'same' or 'valid', got {padding!r}")
        self.ksizes, self.strides, self.rates = (tuple(v[1:3]) for v in (ksizes, strides, rates))
        self.padding = padding.lower()

    def construct(self, x):
        owner = "Unfold"
        v = self._input_value(x)
        shape = cv._check_input(v, (4,), owner)
        if self.padding == "same":
            pairs = cv._same_pairs(shape[2:], self.ksizes, self.strides, self.rates)
        else:
            pairs = [(0, 0), (0, 0)]
        sizes, _ = cv._output_sizes(shape[2:], self.ksizes, self.strides, self.rates, pairs,
                                    owner)
        cols = cv._windows(v, self.ksizes, self.strides, self.rates, pairs, sizes)
        # (N, C, K, rows, cols) -> (N, K, C, rows, cols) -> (N, K·C, rows, cols)
        # (K·C given, not -1, which an empty batch leaves undetermined)
        channels = shape[1] * math.prod(self.ksizes)
        return wrap(reshape(swapaxes(cols, 1, 2), (shape[0], channels) + sizes))
