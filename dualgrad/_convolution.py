"""Convolution and pooling over 1, 2 or 3 spatial axes (channels first), with
MindSpore 2.10's functional names and arguments.

Each is composed of the engine's primitives: the input is padded (``pad``),
every kernel offset takes one strided slice of it (basic indexing, whose
transpose is a strided add), the slices are stacked into a window axis, and
then

* a convolution is one batched ``matmul`` of the weights, grouped, with the
  stacked windows (im2col without a Python loop over output positions);
* max pooling is ``max_`` over the window axis with ``ties="first"`` (the
  gradient goes to the first maximum in row-major window order, as MindSpore's
  MaxPool gradients do), padding filled with -inf so it is never chosen;
* average pooling is ``sum_`` over the window axis divided by a constant count;
* adaptive average pooling is a product with a constant averaging matrix per axis.

So every mode (reverse, Dual, HyperDual, nested, vmap) differentiates them to
any order with no rule of their own.
"""
import itertools
import math

import numpy as np

from . import _elementwise as ew
from ._composite import _check_int, _shape, _value, pad
from ._core import primal_value
from ._functions import getitem, matmul, max_, reshape, stack, sum_, transpose
from ._structural import constant, flag, where
from ._vmap import batched_put, batched_take

_PAD_MODES = ("same", "valid", "pad")


# ---------------------------------------------------------------------------
# Arguments

def _ints(value, n, name, owner, low=1):
    """An int or a tuple/list of ``n`` ints, each >= low, as a tuple of n ints."""
    items = (value,) * n if isinstance(value, (int, np.integer)) and not isinstance(
        value, (bool, np.bool_)) else value
    if not isinstance(items, (tuple, list)) or len(items) != n:
        raise (ValueError if isinstance(items, (tuple, list)) else TypeError)(
            f"{owner}: {name} must be an int or a tuple of {n} ints, got {value!r}")
    return tuple(_check_int(v, name, owner, low) for v in items)


def _padding_pairs(padding, n, owner, lengths):
    """``padding`` as one (before, after) pair per spatial axis.  ``lengths`` are the
    tuple lengths the caller accepts: 1 (the same on every side), n (one per axis,
    on both sides of it) and 2n ((before, after) for each axis in order)."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, (bool, np.bool_)):
        padding = (padding,)
    if not isinstance(padding, (tuple, list)):
        raise TypeError(f"{owner}: padding must be an int or a tuple of ints, got "
                        f"{type(padding).__name__}")
    if len(padding) not in lengths:
        raise ValueError(f"{owner}: padding must be an int or a tuple of "
                         f"{' or '.join(map(str, sorted(set(lengths))))} ints, got {padding!r}")
    sizes = [_check_int(p, "padding", owner, 0) for p in padding]
    if len(sizes) == 2 * n:
        return [tuple(sizes[2 * i:2 * i + 2]) for i in range(n)]
    if len(sizes) == 1:
        sizes = sizes * n
    return [(p, p) for p in sizes]


def _mode_padding(nd, owner, pad_mode, padding, lengths):
    """``padding``'s (before, after) pairs, after checking ``pad_mode`` and that
    only pad_mode 'pad' pads."""
    if not isinstance(pad_mode, str) or pad_mode not in _PAD_MODES:
        raise ValueError(f"{owner}: pad_mode must be one of 'same', 'valid', 'pad', got "
                         f"{pad_mode!r}")
    pairs = _padding_pairs(padding, nd, owner, lengths)
    if pad_mode != "pad" and any(p for pair in pairs for p in pair):
        raise ValueError(f"{owner}: padding must be 0 unless pad_mode is 'pad', got "
                         f"{padding!r} with pad_mode {pad_mode!r}")
    return pairs


def _same_pairs(sizes, kernel, stride, dilation):
    """The padding of pad_mode 'same': outputs of ceil(size / stride), the odd
    extra element after (bottom, right), as MindSpore pads."""
    pairs = []
    for size, k, s, d in zip(sizes, kernel, stride, dilation):
        total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pairs.append((total // 2, total - total // 2))
    return pairs


def _check_input(x, ranks, owner, name="input"):
    """x's shape, after checking that its rank is one of ``ranks``."""
    shape = _shape(x)
    if len(shape) not in ranks:
        raise ValueError(f"{owner}: {name} must be a {' or '.join(f'{r}-D' for r in ranks)} "
                         f"tensor, got shape {shape}")
    return shape


def _floating_dtype(x, owner, name="input"):
    dtype = np.result_type(primal_value(x))
    if dtype.kind != "f":
        raise TypeError(f"{owner}: {name} must be float16, float32 or float64, got {dtype}")
    return dtype


def _output_sizes(sizes, kernel, stride, dilation, pairs, owner, ceil_mode=False):
    """Output lengths along each spatial axis, and the extra padding after each that
    ceil_mode needs (the last window must start inside the input or its padding
    before it, as MindSpore and PyTorch count)."""
    out, extra = [], []
    for axis, (size, k, s, d, (before, after)) in enumerate(
            zip(sizes, kernel, stride, dilation, pairs)):
        span = size + before + after - (k - 1) * d - 1
        if span < 0:
            raise ValueError(f"{owner}: the kernel (size {k}, dilation {d}) is larger than "
                             f"the padded input ({size + before + after}) along spatial axis "
                             f"{axis}")
        n = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (n - 1) * s >= size + before:
            n -= 1
        out.append(n)
        extra.append(max((n - 1) * s + (k - 1) * d + 1 - (size + before + after), 0))
    return tuple(out), extra


# ---------------------------------------------------------------------------
# Windows

def _windows(x, kernel, stride, dilation, pairs, out_sizes, fill=0.0):
    """x (N, C, *spatial) padded by ``pairs`` with ``fill``, then one strided slice
    per kernel offset, stacked: shape (N, C, prod(kernel), *out_sizes), the
    offsets in row-major order."""
    flat = [p for pair in reversed(pairs) for p in pair]    # pad's order: last axis first
    if any(flat):
        x = pad(x, flat, value=fill)
    slices = []
    for offset in itertools.product(*(range(k) for k in kernel)):
        index = (slice(None), slice(None)) + tuple(
            slice(o * d, o * d + s * (n - 1) + 1, s)
            for o, d, s, n in zip(offset, dilation, stride, out_sizes))
        slices.append(getitem(x, index))
    return stack(slices, 2)


# ---------------------------------------------------------------------------
# Convolution

def _convolution(nd, owner, input, weight, bias, stride, pad_mode, padding, dilation, groups,
                 padding_lengths):
    shape = _check_input(input, (nd + 2,), owner)
    w_shape = _check_input(weight, (nd + 2,), owner, "weight")
    dtype = _floating_dtype(input, owner)
    if _floating_dtype(weight, owner, "weight") != dtype:
        raise TypeError(f"{owner}: weight's dtype {np.result_type(primal_value(weight))} "
                        f"differs from input's {dtype}")
    stride = _ints(stride, nd, "stride", owner)
    dilation = _ints(dilation, nd, "dilation", owner)
    groups = _check_int(groups, "groups", owner, 1)
    pairs = _mode_padding(nd, owner, pad_mode, padding, padding_lengths)
    batch, channels = shape[:2]
    out_channels, group_channels = w_shape[:2]
    kernel = w_shape[2:]
    if channels % groups or out_channels % groups:
        raise ValueError(f"{owner}: groups ({groups}) must divide the input's channels "
                         f"({channels}) and weight's out channels ({out_channels})")
    if group_channels * groups != channels:
        raise ValueError(f"{owner}: weight's shape {w_shape} wants {group_channels * groups} "
                         f"input channels with groups={groups}, the input has {channels}")
    if pad_mode == "same":
        pairs = _same_pairs(shape[2:], kernel, stride, dilation)
    out_sizes, _ = _output_sizes(shape[2:], kernel, stride, dilation, pairs, owner)
    cols = _windows(input, kernel, stride, dilation, pairs, out_sizes)
    # (N, C, K, *out) -> (N, G, C/G * K, L): each group's channels and offsets
    # together, in the order of the weight's (C/G, *kernel) axes
    cols = reshape(cols, (batch, groups, group_channels * math.prod(kernel),
                          math.prod(out_sizes)))
    w = reshape(weight, (groups, out_channels // groups, group_channels * math.prod(kernel)))
    out = reshape(matmul(w, cols), (batch, out_channels) + out_sizes)
    if bias is not None:
        if _shape(bias) != (out_channels,):
            raise ValueError(f"{owner}: bias must have shape ({out_channels},) (out channels), "
                             f"got {_shape(bias)}")
        out = ew.add(out, reshape(bias, (out_channels,) + (1,) * nd))
    return out


def conv1d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1,
           groups=1):
    """1-D cross-correlation of ``input`` (N, C_in, L) with ``weight`` (C_out,
    C_in / groups, K), plus ``bias`` (C_out,).  ``pad_mode`` 'valid' pads nothing,
    'same' pads so that the output has ceil(L / stride) positions (the odd one
    after), 'pad' pads ``padding`` (an int) on both sides.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(5.0).reshape(1, 1, 5))
    >>> ops.conv1d(x, ms.Tensor([[[1.0, -1.0]]], ms.float64), pad_mode='pad', padding=1)
    Tensor(shape=[1, 1, 6], dtype=Float64, value=
    [[[ 0.00000000e+00, -1.00000000e+00, -1.00000000e+00, -1.00000000e+00, -1.00000000e+00,  4.00000000e+00]]])
    """
    return _convolution(1, "conv1d", input, weight, bias, stride, pad_mode, padding, dilation,
                        groups, (1,))


def conv2d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1,
           groups=1):
    """2-D cross-correlation of ``input`` (N, C_in, H, W) with ``weight`` (C_out,
    C_in / groups, kH, kW), plus ``bias`` (C_out,).  ``stride`` and ``dilation``
    are ints or pairs; ``pad_mode`` 'valid' pads nothing, 'same' gives
    ceil(size / stride) outputs (the odd padding element at the bottom and
    right), 'pad' pads ``padding`` (an int, or (height, width)) on both sides.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.ones((1, 2, 4, 4), np.float32))
    >>> w = ms.Tensor(np.ones((3, 2, 3, 3), np.float32))
    >>> ops.conv2d(x, w, pad_mode='same').shape
    (1, 3, 4, 4)
    >>> ops.conv2d(x, w, stride=2, pad_mode='pad', padding=1)[0, 0]
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 8.00000000e+00,  1.20000000e+01],
     [ 1.20000000e+01,  1.80000000e+01]])
    """
    return _convolution(2, "conv2d", input, weight, bias, stride, pad_mode, padding, dilation,
                        groups, (1, 2))


def conv3d(input, weight, bias=None, stride=1, pad_mode="valid", padding=0, dilation=1,
           groups=1):
    """3-D cross-correlation of ``input`` (N, C_in, D, H, W) with ``weight`` (C_out,
    C_in / groups, kD, kH, kW): ``conv2d`` with one more spatial axis (``padding``
    an int, one per axis, or (front, back, top, bottom, left, right)).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.ones((1, 1, 3, 4, 5), np.float32))
    >>> ops.conv3d(x, ms.Tensor(np.ones((2, 1, 2, 2, 2), np.float32))).shape
    (1, 2, 2, 3, 4)
    """
    return _convolution(3, "conv3d", input, weight, bias, stride, pad_mode, padding, dilation,
                        groups, (1, 3, 6))


# ---------------------------------------------------------------------------
# Pooling

def _pool_arguments(nd, owner, x, kernel_size, stride, dilation, ranks):
    shape = _check_input(x, ranks, owner)
    kernel = _ints(kernel_size, nd, "kernel_size", owner)
    stride = kernel if stride is None else _ints(stride, nd, "stride", owner)
    dilation = _ints(dilation, nd, "dilation", owner)
    return shape, kernel, stride, dilation


def _pool_padding(padding, nd, owner, lengths, kernel):
    """Pooling's padding pairs, each side at most half the kernel (so that no
    window lies in the padding alone)."""
    pairs = _padding_pairs(padding, nd, owner, lengths)
    for (before, after), k in zip(pairs, kernel):
        if max(before, after) > k // 2:
            raise ValueError(f"{owner}: padding {padding!r} must be at most half of "
                             f"kernel_size {kernel}")
    return pairs


def _with_batch(x, shape, nd, fn):
    """fn on x with a batch axis of 1 added when x has none (unbatched (C, *spatial))."""
    if len(shape) == nd + 2:
        return fn(x)
    out = fn(reshape(x, (1,) + shape))
    return reshape(out, _shape(out)[1:])


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def max_pool(nd, owner, x, kernel_size, stride=None, padding=0, dilation=1,
             return_indices=False, ceil_mode=False, padding_lengths=None, same=False,
             ranks=None):
    """Max pooling over the last ``nd`` axes of x (the shared code of max_pool2d,
    max_pool3d and the MaxPool layers).  ``same`` pads as pad_mode 'same'."""
    shape, kernel, stride, dilation = _pool_arguments(nd, owner, x, kernel_size, stride,
                                                      dilation, ranks or (nd + 2,))
    return_indices = flag(return_indices, "return_indices", owner)
    ceil_mode = flag(ceil_mode, "ceil_mode", owner)
    dtype = np.result_type(primal_value(x))
    if dtype.kind not in "iuf":
        raise TypeError(f"{owner}: input must hold real numbers, got dtype {dtype}")
    sizes = shape[-nd:]
    if same:
        pairs = _same_pairs(sizes, kernel, stride, dilation)
    else:
        pairs = _pool_padding(padding, nd, owner, padding_lengths or (1, nd), kernel)
    out_sizes, extra = _output_sizes(sizes, kernel, stride, dilation, pairs, owner, ceil_mode)
    pairs = [(before, after + e) for (before, after), e in zip(pairs, extra)]

    def pool(v):
        windows = _windows(v, kernel, stride, dilation, pairs, out_sizes, _lowest(dtype))
        out = max_(windows, 2, ties="first")
        if not return_indices:
            return out
        return out, _argmax_indices(windows, sizes, kernel, stride, dilation, pairs, out_sizes)
    if not return_indices:
        return _with_batch(x, shape, nd, pool)
    if len(shape) != nd + 2:
        raise ValueError(f"{owner}: return_indices needs a batched ({nd + 2}-D) input, got "
                         f"shape {shape}")
    return pool(x)


def _argmax_indices(windows, sizes, kernel, stride, dilation, pairs, out_sizes):
    """Where each window's (first) maximum lies, as a flat index into the input's
    spatial axes (int64, MindSpore's return_indices)."""
    values = _value(windows)
    first = np.argmax(values, axis=2)                        # (N, C, *out): the offset
    offsets = np.unravel_index(first, kernel)
    flat = np.zeros(first.shape, np.int64)
    for axis, (o, n_out, s, d, (before, _), size) in enumerate(
            zip(offsets, out_sizes, stride, dilation, pairs, sizes)):
        start = (np.arange(n_out) * s - before).reshape(
            (n_out,) + (1,) * (len(out_sizes) - axis - 1))
        flat = flat * size + start + o * d
    return flat


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
               ceil_mode=False):
    """The maximum of each (kH, kW) window of ``x`` (N, C, H, W), windows moved by
    ``stride`` (``kernel_size`` by default) and spread by ``dilation``.
    ``padding`` (an int or (height, width), at most half the kernel) is never
    chosen; ``ceil_mode`` keeps a last partial window.  The gradient goes to the
    first maximum of each window (row-major), as MindSpore's.  With
    ``return_indices``, also the flat (H * W) index of each maximum.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> ops.max_pool2d(x, 2)
    Tensor(shape=[1, 1, 2, 2], dtype=Float32, value=
    [[[[ 5.00000000e+00,  7.00000000e+00],
       [ 1.30000000e+01,  1.50000000e+01]]]])
    >>> ops.max_pool2d(x, 3, 2, padding=1, return_indices=True)[1]
    Tensor(shape=[1, 1, 2, 2], dtype=Int64, value=
    [[[[ 5,  7],
       [13, 15]]]])
    """
    return max_pool(2, "max_pool2d", x, kernel_size, stride, padding, dilation,
                    return_indices, ceil_mode)


def max_pool3d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """``max_pool2d`` over (D, H, W) of ``x`` (N, C, D, H, W) (note MindSpore's order
    of ``ceil_mode`` and ``return_indices`` here).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(27.0).reshape(1, 1, 3, 3, 3))
    >>> ops.max_pool3d(x, 2, 1).shape
    (1, 1, 2, 2, 2)
    """
    return max_pool(3, "max_pool3d", x, kernel_size, stride, padding, dilation,
                    return_indices, ceil_mode)


def _counts(size, k, s, n_out, before, low, high):
    """How many of each window's k positions along one axis fall in [low, high)."""
    starts = np.arange(n_out) * s - before
    ends = starts + k
    return np.clip(np.minimum(ends, high) - np.maximum(starts, low), 0, None)


def avg_pool(nd, owner, x, kernel_size=1, stride=1, padding=0, ceil_mode=False,
             count_include_pad=True, divisor_override=None, padding_lengths=None, same=False,
             ranks=None, same_counts_padding=False):
    """Average pooling over the last ``nd`` axes of x (the shared code of the
    avg_pool functions and AvgPool layers).  The divisor of each window is
    ``divisor_override`` when given (not None or 0), else the count of its
    positions inside the input, padding included when ``count_include_pad``
    (never the extra positions of ceil_mode; the padding of ``same`` only with
    ``same_counts_padding``, as MindSpore's AvgPool3d counts it and its AvgPool2d
    does not)."""
    shape, kernel, stride, _ = _pool_arguments(nd, owner, x, kernel_size, stride, 1,
                                               ranks or (nd + 2,))
    ceil_mode = flag(ceil_mode, "ceil_mode", owner)
    count_include_pad = flag(count_include_pad, "count_include_pad", owner)
    if divisor_override is not None:
        divisor_override = _check_int(divisor_override, "divisor_override", owner, 0)
    dtype = _floating_dtype(x, owner)
    sizes = shape[-nd:]
    if same:
        pairs = _same_pairs(sizes, kernel, stride, (1,) * nd)
        count_include_pad = count_include_pad and same_counts_padding
    else:
        pairs = _pool_padding(padding, nd, owner, padding_lengths or (1, nd), kernel)
    out_sizes, extra = _output_sizes(sizes, kernel, stride, (1,) * nd, pairs, owner, ceil_mode)
    if divisor_override:
        divisor = np.asarray(divisor_override, dtype)
    else:
        divisor = np.ones((), dtype)
        for size, k, s, n_out, (before, after) in zip(sizes, kernel, stride, out_sizes, pairs):
            low, high = (-before, size + after) if count_include_pad else (0, size)
            divisor = np.multiply.outer(divisor, _counts(size, k, s, n_out, before, low, high))
        divisor = divisor.astype(dtype)
    pairs = [(before, after + e) for (before, after), e in zip(pairs, extra)]

    def pool(v):
        windows = _windows(v, kernel, stride, (1,) * nd, pairs, out_sizes)
        return ew.div(sum_(windows, 2), divisor)
    return _with_batch(x, shape, nd, pool)


def avg_pool1d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False,
               count_include_pad=True):
    """The mean of each length-``kernel_size`` window of ``input_x`` (N, C, L),
    windows moved by ``stride``, after zero ``padding`` (an int, at most half the
    kernel) on both sides (counted in the mean when ``count_include_pad``);
    ``ceil_mode`` keeps a last partial window (its mean over the positions it has).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(5.0, dtype=np.float32).reshape(1, 1, 5))
    >>> ops.avg_pool1d(x, 2, 2, ceil_mode=True)
    Tensor(shape=[1, 1, 3], dtype=Float32, value=
    [[[ 5.00000000e-01,  2.50000000e+00,  4.00000000e+00]]])
    """
    return avg_pool(1, "avg_pool1d", input_x, kernel_size, stride, padding, ceil_mode,
                    count_include_pad)


def avg_pool2d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=0):
    """The mean of each (kH, kW) window of ``input_x`` (N, C, H, W).  ``padding`` is
    an int or (top, bottom, left, right), each at most half the kernel;
    ``divisor_override`` (when not 0) replaces each window's count.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> ops.avg_pool2d(x, 2, 2)
    Tensor(shape=[1, 1, 2, 2], dtype=Float32, value=
    [[[[ 2.50000000e+00,  4.50000000e+00],
       [ 1.05000000e+01,  1.25000000e+01]]]])
    """
    return avg_pool(2, "avg_pool2d", input_x, kernel_size, stride, padding, ceil_mode,
                    count_include_pad, divisor_override, (1, 4))


def avg_pool3d(input_x, kernel_size=1, stride=1, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=0):
    """``avg_pool2d`` over (D, H, W) of ``input_x`` (N, C, D, H, W); ``padding`` an int
    or (front, back, top, bottom, left, right).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.avg_pool3d(ms.Tensor(np.ones((1, 1, 4, 4, 4), np.float32)), 2, 2).shape
    (1, 1, 2, 2, 2)
    """
    return avg_pool(3, "avg_pool3d", input_x, kernel_size, stride, padding, ceil_mode,
                    count_include_pad, divisor_override, (1, 6))


# ---------------------------------------------------------------------------
# Adaptive average pooling

def _window_matrix(size, n_out, dtype):
    """(n_out, size) of 0 and 1: row j marks positions floor(j size / n) to
    ceil((j + 1) size / n); and the count of each row."""
    j = np.arange(n_out)
    starts, ends = (j * size) // n_out, -((-(j + 1) * size) // n_out)
    positions = np.arange(size)
    inside = (positions >= starts[:, None]) & (positions < ends[:, None])
    return inside.astype(dtype), ends - starts


def _adaptive_output_size(output_size, nd, owner):
    """An adaptive pool's ``output_size`` as one item (an int or None) per axis."""
    if nd == 1 or isinstance(output_size, (int, np.integer)):
        output_size = (output_size,) * nd
    if not isinstance(output_size, (tuple, list)) or len(output_size) != nd:
        raise (ValueError if isinstance(output_size, (tuple, list)) else TypeError)(
            f"{owner}: output_size must be an int or a tuple of {nd} ints (or None), got "
            f"{output_size!r}")
    return output_size


def _adaptive_sizes(shape, nd, owner):
    """The pooled axes' sizes, none of which may be 0: an empty window has no mean or
    maximum (an empty batch or channel axis pools to an empty output)."""
    sizes = shape[-nd:]
    if 0 in sizes:
        raise ValueError(f"{owner}: input must not be empty along the pooled axes (its last "
                         f"{nd}), got shape {shape}")
    return sizes


def adaptive_avg_pool(nd, owner, input, output_size):
    """Adaptive average pooling over the last ``nd`` axes: per axis a product with
    a 0/1 window matrix (sums), then one division by the windows' sizes (exact
    where the sums are, unlike a product with 1/size)."""
    shape = _check_input(input, (nd + 1, nd + 2), owner)
    dtype = _floating_dtype(input, owner)
    output_size = _adaptive_output_size(output_size, nd, owner)
    sizes = _adaptive_sizes(shape, nd, owner)
    out, counts = input, np.ones((), np.int64)
    for axis, (size, n_out) in enumerate(zip(sizes, output_size)):
        if n_out is None:
            counts = np.multiply.outer(counts, np.ones(size, np.int64))
            continue
        n_out = _check_int(n_out, "output_size", owner, 1)
        windows, count = _window_matrix(size, n_out, dtype)
        counts = np.multiply.outer(counts, count)
        if axis == nd - 1:
            out = matmul(out, windows.T)
        else:
            # (n_out, size) @ (..., size, rest), the axes after this one flattened
            lead = _shape(out)[:len(shape) - nd + axis]
            rest = _shape(out)[len(shape) - nd + axis + 1:]
            moved = reshape(out, lead + (size, math.prod(rest)))
            out = reshape(matmul(windows, moved), lead + (n_out,) + rest)
    return ew.div(out, counts.astype(dtype))


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of ``input`` (N, C, L) or (C, L) to ``output_size`` positions:
    output j is the mean of positions floor(j L / n) to ceil((j + 1) L / n).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.adaptive_avg_pool1d(ms.Tensor(np.arange(6.0, dtype=np.float32).reshape(1, 1, 6)), 3)
    Tensor(shape=[1, 1, 3], dtype=Float32, value=
    [[[ 5.00000000e-01,  2.50000000e+00,  4.50000000e+00]]])
    """
    return adaptive_avg_pool(1, "adaptive_avg_pool1d", input, output_size)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling of ``input`` (N, C, H, W) or (C, H, W) to ``output_size`` (an
    int, or (height, width), None keeping that axis), each output the mean of the
    window floor(j H / h) to ceil((j + 1) H / h) along each axis.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(12.0, dtype=np.float32).reshape(1, 3, 4))
    >>> ops.adaptive_avg_pool2d(x, (1, None))
    Tensor(shape=[1, 1, 4], dtype=Float32, value=
    [[[ 4.00000000e+00,  5.00000000e+00,  6.00000000e+00,  7.00000000e+00]]])
    """
    return adaptive_avg_pool(2, "adaptive_avg_pool2d", input, output_size)


def adaptive_avg_pool3d(input, output_size):
    """Average pooling of ``input`` (N, C, D, H, W) or (C, D, H, W) to ``output_size``
    (an int, or (depth, height, width), None keeping that axis), windows as in
    ``adaptive_avg_pool2d`` along each axis.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 2, 2, 2))
    >>> ops.adaptive_avg_pool3d(x, (1, 1, None))
    Tensor(shape=[1, 1, 1, 2], dtype=Float32, value=
    [[[[ 3.00000000e+00,  4.00000000e+00]]]])
    """
    return adaptive_avg_pool(3, "adaptive_avg_pool3d", input, output_size)


# ---------------------------------------------------------------------------
# Adaptive max pooling

def _adaptive_windows(size, n_out):
    """(n_out, longest window) positions of the windows floor(j size / n) to
    ceil((j + 1) size / n), each shorter window filled out with its last position
    (a repeat changes no maximum, and comes after the position itself)."""
    j = np.arange(n_out)
    starts, ends = (j * size) // n_out, -((-(j + 1) * size) // n_out)
    offsets = np.arange(int((ends - starts).max()))
    return np.minimum(starts[:, None] + offsets, ends[:, None] - 1)


def adaptive_max_pool(nd, owner, input, output_size, return_indices=False):
    """Adaptive max pooling over the last ``nd`` axes (the windows of
    adaptive_avg_pool): every window's elements taken into one trailing axis,
    whose maximum is the output; the gradient goes to the first maximum in
    row-major order, and ``return_indices`` gives its flat index into the
    spatial axes."""
    shape = _check_input(input, (nd + 1, nd + 2), owner)
    return_indices = flag(return_indices, "return_indices", owner)
    dtype = np.result_type(primal_value(input))
    if dtype.kind not in "iuf":
        raise TypeError(f"{owner}: input must hold real numbers, got dtype {dtype}")
    output_size = _adaptive_output_size(output_size, nd, owner)
    sizes = _adaptive_sizes(shape, nd, owner)
    lead = len(shape) - nd
    positions = []
    out = input
    for axis, (size, n_out) in enumerate(zip(sizes, output_size)):
        n_out = size if n_out is None else _check_int(n_out, "output_size", owner, 1)
        positions.append(_adaptive_windows(size, n_out))
        # (..., n_out, window, ...): each axis' windows, the window axes after their outputs
        out = batched_take(out, positions[-1], lead + 2 * axis, 0)
    # (..., n_1, w_1, n_2, w_2, ...) -> (..., n_1, n_2, ..., w_1 w_2 ...)
    order = (tuple(range(lead)) + tuple(lead + 2 * a for a in range(nd))
             + tuple(lead + 2 * a + 1 for a in range(nd)))
    grouped = transpose(out, order)
    out_sizes = tuple(p.shape[0] for p in positions)
    # (the window length given, not -1: an empty batch would leave -1 undetermined)
    window = math.prod(p.shape[1] for p in positions)
    windows = reshape(grouped, shape[:lead] + out_sizes + (window,))
    values = max_(windows, -1, ties="first")
    if not return_indices:
        return values
    # the flat spatial index of each window's first maximum
    first = np.argmax(_value(windows), axis=-1)
    offsets = np.unravel_index(first, tuple(p.shape[1] for p in positions))
    flat = np.zeros(first.shape, np.int64)
    for axis, (p, o, size) in enumerate(zip(positions, offsets, sizes)):
        rows = np.arange(p.shape[0]).reshape((-1,) + (1,) * (nd - axis - 1))
        flat = flat * size + p[rows, o]
    return values, flat


def adaptive_max_pool1d(input, output_size):
    """The maximum of each of ``output_size`` windows of ``input`` (N, C, L) or (C, L),
    window j covering floor(j L / n) to ceil((j + 1) L / n).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.adaptive_max_pool1d(ms.Tensor([[1.0, 3.0, 2.0, 0.0, 5.0]]), 2)
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 3.00000000e+00,  5.00000000e+00]])
    """
    return adaptive_max_pool(1, "adaptive_max_pool1d", input, output_size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The maximum of each window of ``input`` (N, C, H, W) or (C, H, W) for an
    ``output_size`` (an int, or (height, width) with None keeping that axis), the
    windows of ``adaptive_avg_pool2d``; with ``return_indices`` also the flat
    (H * W) index of each maximum (int64).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(12.0, dtype=np.float32).reshape(1, 3, 4))
    >>> values, indices = ops.adaptive_max_pool2d(x, (2, 1), return_indices=True)
    >>> values.asnumpy().ravel().tolist(), indices.asnumpy().ravel().tolist()
    ([7.0, 11.0], [7, 11])
    """
    return adaptive_max_pool(2, "adaptive_max_pool2d", input, output_size, return_indices)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """``adaptive_max_pool2d`` over (D, H, W) of ``input`` (N, C, D, H, W) or
    (C, D, H, W); the indices flat over D * H * W (int32, as MindSpore's).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.adaptive_max_pool3d(ms.Tensor(np.ones((2, 4, 4, 4))), (1, 2, 2)).shape
    (2, 1, 2, 2)
    """
    out = adaptive_max_pool(3, "adaptive_max_pool3d", input, output_size, return_indices)
    return (out[0], out[1].astype(np.int32)) if return_indices else out


# ---------------------------------------------------------------------------
# Fractional max pooling

def _fractional_starts(sample, size, n_out, k):
    """Graham's pseudo-random window starts along one axis: for a sample u in
    [0, 1) and alpha = (size - k) / (n_out - 1), start i is
    floor((i + u) alpha) - floor(u alpha), the last window ending at the last
    element.  ``sample`` holds one u per plane (any shape); the result has one
    more axis, of n_out starts, computed in the samples' float type (as
    MindSpore's kernel)."""
    sample = np.asarray(sample)
    starts = np.empty(sample.shape + (n_out,), np.int64)
    if n_out > 1:
        alpha = sample.dtype.type((size - k) / (n_out - 1))
        i = np.arange(n_out - 1, dtype=sample.dtype)
        u = sample[..., None]
        starts[..., :-1] = (np.floor((i + u) * alpha).astype(np.int64)
                            - np.floor(u * alpha).astype(np.int64))
    starts[..., -1] = size - k
    return starts


def fractional_target(output_size, output_ratio, nd, owner):
    """The checked (output_size, output_ratio) pair, each None or a tuple of ``nd``:
    output_size wins when both are given, as MindSpore's."""
    if output_size is not None:
        return _ints(output_size, nd, "output_size", owner), None
    if output_ratio is None:
        raise ValueError(f"{owner}: output_size and output_ratio cannot both be None")
    ratios = (output_ratio,) * nd if isinstance(output_ratio, (int, float, np.number)) \
        else output_ratio
    if not isinstance(ratios, (tuple, list)) or len(ratios) != nd or any(
            isinstance(r, (bool, np.bool_)) or not isinstance(r, (float, np.floating))
            for r in ratios):
        raise TypeError(f"{owner}: output_ratio must be a float or a tuple of {nd} floats, got "
                        f"{output_ratio!r}")
    if any(not 0.0 < r < 1.0 for r in ratios):
        raise ValueError(f"{owner}: output_ratio must lie in (0, 1), got {output_ratio!r}")
    return None, tuple(ratios)


def _fractional_output_size(target, sizes, owner):
    output_size, ratios = target
    if output_size is not None:
        return output_size
    out = tuple(int(size * r) for size, r in zip(sizes, ratios))
    if min(out) < 1:
        raise ValueError(f"{owner}: output_ratio {ratios} of the input's spatial shape "
                         f"{tuple(sizes)} leaves an axis of no outputs")
    return out


def _fractional_samples(samples, planes, nd, dtype, owner):
    """The (N, C, nd) window samples: those given (N or 1 rows, one per batch
    item, broadcast), or uniform draws from [0, 1) under dualgrad's seed."""
    batch, channels = planes
    if samples is None:
        from .nn.initializers import _generator
        draw_dtype = dtype if dtype.kind == "f" else np.dtype(np.float32)
        return _generator().random((batch, channels, nd)).astype(draw_dtype)
    values = np.asarray(primal_value(samples))
    if values.dtype.kind != "f":
        raise TypeError(f"{owner}: _random_samples must be float16, float32 or float64, got "
                        f"{values.dtype}")
    if values.ndim != 3 or values.shape[0] not in (1, batch) or values.shape[1:] != (
            channels, nd):
        raise ValueError(f"{owner}: _random_samples must have shape ({batch}, {channels}, {nd}) "
                         f"or (1, {channels}, {nd}), got {values.shape}")
    if not ((values >= 0) & (values < 1)).all():
        raise ValueError(f"{owner}: _random_samples must lie in [0, 1)")
    return np.broadcast_to(values, (batch, channels, nd))


def fractional_max_pool(nd, owner, input, kernel_size, output_size=None, output_ratio=None,
                        return_indices=False, _random_samples=None):
    """Fractional max pooling over the last ``nd`` axes of (N, C, *spatial) or
    (C, *spatial) input: output (i, j, ...) is the maximum of the kernel-sized
    window starting at the pseudo-random starts of ``_fractional_starts``, one
    sample per plane and axis.  The windows' elements are taken by flat index
    into one trailing axis (a gather, whose transpose is a scatter-add) and
    reduced by ``max_`` with ties="first", so the gradient goes to each
    window's first maximum in row-major order, the one ``return_indices``
    gives (as a flat index into the spatial axes, int64).  The 3-D samples
    must have the input's dtype, as MindSpore requires."""
    shape = _check_input(input, (nd + 1, nd + 2), owner)
    return_indices = flag(return_indices, "return_indices", owner)
    dtype = np.result_type(primal_value(input))
    if dtype.kind not in "iuf":
        raise TypeError(f"{owner}: input must hold real numbers, got dtype {dtype}")
    kernel = _ints(kernel_size, nd, "kernel_size", owner)
    sizes = shape[-nd:]
    out_sizes = _fractional_output_size(fractional_target(output_size, output_ratio, nd, owner),
                                        sizes, owner)
    for axis, (size, k, n_out) in enumerate(zip(sizes, kernel, out_sizes)):
        if n_out + k - 1 > size:
            raise ValueError(f"{owner}: output_size {out_sizes} plus kernel_size {kernel} "
                             f"less 1 must not exceed the input's spatial shape "
                             f"{tuple(sizes)} (spatial axis {axis})")
    if nd == 3 and _random_samples is not None and (
            np.result_type(primal_value(_random_samples)) != dtype):
        raise TypeError(f"{owner}: _random_samples must have the input's dtype {dtype}, got "
                        f"{np.result_type(primal_value(_random_samples))}")
    planes = shape[:2] if len(shape) == nd + 2 else (1, shape[0])
    samples = _fractional_samples(_random_samples, planes, nd, dtype, owner)
    # the flat spatial index of every window element: (planes, *out, *kernel)
    flat = np.zeros(planes + out_sizes + kernel, np.int64)
    for axis, (size, k, n_out) in enumerate(zip(sizes, kernel, out_sizes)):
        # (MindSpore's 2-D kernel reads a plane's two samples as (width, height),
        # its 3-D one its three as (depth, height, width))
        sample = samples[..., nd - 1 - axis if nd == 2 else axis]
        starts = _fractional_starts(sample, size, n_out, k)               # (N, C, n_out)
        positions = starts[..., None] + np.arange(k)                      # (N, C, n_out, k)
        # (N, C, 1.., n_out at 2 + axis, 1.., k at 2 + nd + axis, 1..): the other
        # axes have length 1, so a reshape places them
        placed = [1] * (2 + 2 * nd)
        placed[:2], placed[2 + axis], placed[2 + nd + axis] = planes, n_out, k
        flat = flat * size + positions.reshape(placed)
    n_planes, n_windows, window = math.prod(planes), math.prod(out_sizes), math.prod(kernel)
    index = flat.reshape(n_planes, n_windows * window)
    rows = reshape(input, (n_planes, math.prod(sizes)))
    taken = batched_take(rows, index, 1, 1)                  # (planes, windows * window)
    lead = shape[:-nd]
    windows = reshape(taken, lead + out_sizes + (window,))
    values = max_(windows, -1, ties="first")
    if not return_indices:
        return values
    first = np.argmax(_value(windows), axis=-1)[..., None]
    where_max = np.take_along_axis(flat.reshape(lead + out_sizes + (window,)), first, -1)
    return values, where_max[..., 0]


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """Fractional max pooling (Graham, 2014) of ``input`` (N, C, H, W) or (C, H, W)
    to ``output_size`` (an int or (H_out, W_out)), or to ``output_ratio`` (a float
    or two in (0, 1)) of the input's size when output_size is None: each output
    is the maximum of a ``kernel_size`` window whose starts step pseudo-randomly
    by the (N, C, 2) ``_random_samples`` in [0, 1) (drawn under dualgrad's seed
    when None).  With ``return_indices`` also the flat (H * W) index of each
    maximum (int64).  The gradient goes to each window's first maximum.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(25.0, dtype=np.float32).reshape(1, 1, 5, 5))
    >>> samples = ms.Tensor(np.full((1, 1, 2), 0.8, np.float32))
    >>> y, where = ops.fractional_max_pool2d(x, 2, (2, 2), return_indices=True,
    ...                                      _random_samples=samples)
    >>> where.asnumpy().ravel().tolist()
    [6, 9, 21, 24]
    """
    return fractional_max_pool(2, "fractional_max_pool2d", input, kernel_size, output_size,
                               output_ratio, return_indices, _random_samples)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """``fractional_max_pool2d`` over (D, H, W) of ``input`` (N, C, D, H, W) or
    (C, D, H, W), with (N, C, 3) ``_random_samples`` ((1, C, 3) for an unbatched
    input), which MindSpore requires to be of the input's dtype; the indices
    flat over D * H * W (int64).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(64.0, dtype=np.float32).reshape(1, 1, 4, 4, 4))
    >>> ops.fractional_max_pool3d(x, 2, output_ratio=0.5).shape
    (1, 1, 2, 2, 2)
    """
    return fractional_max_pool(3, "fractional_max_pool3d", input, kernel_size, output_size,
                               output_ratio, return_indices, _random_samples)


# ---------------------------------------------------------------------------
# Power-average (LP) pooling

def lp_pool(nd, owner, x, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum of x^p over each window)^(1/p), p = ``norm_type``, as MindSpore computes
    it: the window's mean of x^p (over the positions a ``ceil_mode`` window has)
    times the kernel's size.  Where that sum is 0 the result is 0 with derivative
    0 (the root's derivative there is infinite)."""
    if isinstance(norm_type, (bool, np.bool_)) or not isinstance(
            norm_type, (int, float, np.integer, np.floating)):
        raise TypeError(f"{owner}: norm_type must be a number, got {type(norm_type).__name__}")
    if not math.isfinite(norm_type) or norm_type <= 0:
        raise ValueError(f"{owner}: norm_type must be a finite number > 0, got {norm_type}")
    p = float(norm_type)
    kernel = _ints(kernel_size, nd, "kernel_size", owner)
    powered = x if p == 1 else ew.pow(x, p)
    mean = avg_pool(nd, owner, powered, kernel, kernel if stride is None else stride, 0,
                    ceil_mode, ranks=(nd + 1, nd + 2))
    total = ew.mul(mean, float(math.prod(kernel)))
    if p == 1:
        return total
    zero = constant(total) == 0
    return where(zero, 0.0, ew.pow(where(zero, 1.0, total), 1.0 / p))


def lp_pool1d(x, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The p-norm-like power average of each length-``kernel_size`` window of x
    (N, C, L) or (C, L): (sum x^p)^(1/p), p = ``norm_type`` (a negative sum gives
    NaN unless p is 1, as x^p of negative x does for a fractional p).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.lp_pool1d(ms.Tensor([[3.0, 4.0, 1.0, 0.0]]), 2, 2)
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 5.00000000e+00,  1.00000000e+00]])
    """
    return lp_pool(1, "lp_pool1d", x, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(x, norm_type, kernel_size, stride=None, ceil_mode=False):
    """``lp_pool1d`` over (kH, kW) windows of x (N, C, H, W) or (C, H, W).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.lp_pool2d(ms.Tensor(np.full((1, 1, 2, 2), 2.0, np.float32)), 2, 2)
    Tensor(shape=[1, 1, 1, 1], dtype=Float32, value=
    [[[[ 4.00000000e+00]]]])
    """
    return lp_pool(2, "lp_pool2d", x, norm_type, kernel_size, stride, ceil_mode)


# ---------------------------------------------------------------------------
# Max unpooling

def max_unpool(nd, owner, x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Zeros of the pooled input's spatial size with each element of ``x`` written
    at its flat spatial index in ``indices`` (max pooling's return_indices): the
    adjoint of taking those positions.  Where indices repeat, the last element
    written is kept, as MindSpore's kernel keeps it, and it alone has a
    derivative there."""
    shape = _check_input(x, (nd + 1, nd + 2), owner, "x")
    kernel = _ints(kernel_size, nd, "kernel_size", owner)
    stride = kernel if stride is None else _ints(stride, nd, "stride", owner)
    pairs = _padding_pairs(padding, nd, owner, (1, nd))
    idx = _value(indices)
    if idx.dtype.kind not in "iu" or idx.shape != shape:
        raise (TypeError if idx.dtype.kind not in "iu" else ValueError)(
            f"{owner}: indices must be integers of x's shape {shape}, got "
            f"{idx.dtype} of shape {idx.shape}")
    sizes = tuple((n - 1) * s - 2 * before + k
                  for n, s, (before, _), k in zip(shape[-nd:], stride, pairs, kernel))
    if output_size is not None:
        if not isinstance(output_size, (tuple, list)) or len(output_size) not in (
                nd, len(shape)) or any(isinstance(v, bool) or not isinstance(
                    v, (int, np.integer)) for v in output_size):
            raise TypeError(f"{owner}: output_size must be a tuple of {nd} ints (the spatial "
                            f"sizes) or of the whole output's {len(shape)}, got "
                            f"{output_size!r}")
        if len(output_size) == len(shape) and tuple(output_size[:-nd]) != shape[:-nd]:
            raise ValueError(f"{owner}: output_size {tuple(output_size)} must keep x's "
                             f"leading sizes {shape[:-nd]}")
        wanted = tuple(int(v) for v in output_size[-nd:])
        for size, default, s in zip(wanted, sizes, stride):
            if not default - s < size < default + s:
                raise ValueError(f"{owner}: output_size {tuple(output_size)} must be within "
                                 f"a stride of the default {sizes} (strictly)")
        sizes = wanted
    total = math.prod(sizes)
    if idx.size and (idx.min() < 0 or idx.max() >= total):
        raise ValueError(f"{owner}: indices must lie in [0, {total}) (the output's spatial "
                         f"positions), got values from {idx.min()} to {idx.max()}")
    lead = shape[:-nd]
    # (the spatial length given, not -1, which an empty batch leaves undetermined)
    flat_idx = idx.reshape(lead + (math.prod(shape[-nd:]),))
    # keep only the last element written at each position of each (batch, channel):
    # the first occurrence of each (row, position) key in the reversed order
    keys = (np.arange(flat_idx.size) // max(flat_idx.shape[-1], 1)) * total + flat_idx.ravel()
    _, first_of_reversed = np.unique(keys[::-1], return_index=True)
    last = np.zeros(keys.size, bool)
    last[keys.size - 1 - first_of_reversed] = True
    flat_x = reshape(x, flat_idx.shape)
    if not last.all():
        flat_x = where(last.reshape(flat_idx.shape), flat_x, 0.0)
    out = batched_put(flat_x, flat_idx, len(lead), total, len(lead))
    return reshape(out, lead + sizes)


def max_unpool1d(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Max pooling's partial inverse over the last axis of x (N, C, L) or (C, L):
    zeros of length (L - 1) stride - 2 padding + kernel_size (or ``output_size``)
    with x's elements at ``indices``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.max_unpool1d(ms.Tensor([[[1.0, 2.0]]]), ms.Tensor([[[1, 3]]]), 2)
    Tensor(shape=[1, 1, 4], dtype=Float32, value=
    [[[ 0.00000000e+00,  1.00000000e+00,  0.00000000e+00,  2.00000000e+00]]])
    """
    return max_unpool(1, "max_unpool1d", x, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """``max_unpool1d`` over (H, W) of x (N, C, H, W) or (C, H, W), ``indices`` flat
    over the output's H * W (as ``max_pool2d(..., return_indices=True)`` gives them).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> pooled, indices = ops.max_pool2d(x, 2, return_indices=True)
    >>> ops.max_unpool2d(pooled, indices, 2)[0, 0]
    Tensor(shape=[4, 4], dtype=Float32, value=
    [[ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  5.00000000e+00,  0.00000000e+00,  7.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00,  0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  1.30000000e+01,  0.00000000e+00,  1.50000000e+01]])
    """
    return max_unpool(2, "max_unpool2d", x, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(x, indices, kernel_size, stride=None, padding=0, output_size=None):
    """``max_unpool2d`` over (D, H, W) of x (N, C, D, H, W) or (C, D, H, W).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.max_unpool3d(ms.Tensor(np.ones((1, 1, 1, 1, 1))), ms.Tensor([[[[[7]]]]]), 2).shape
    (1, 1, 2, 2, 2)
    """
    return max_unpool(3, "max_unpool3d", x, indices, kernel_size, stride, padding, output_size)
