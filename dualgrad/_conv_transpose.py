"""Transposed convolutions and unfold/fold (im2col/col2im), with MindSpore 2.10's
functional names and arguments.

A transposed convolution is the adjoint of a convolution with respect to its
input: the input is dilated (``stride - 1`` zeros between its elements, by a
reshape and ``pad``), padded (or cropped: ``pad`` with negative sizes) by
``dilation · (kernel - 1)`` less the convolution's padding, and convolved
(``dualgrad._convolution``) with the kernel flipped and its two channel axes
exchanged per group.  ``unfold`` is the convolutions' window stack reshaped,
``fold`` its adjoint: for each kernel offset the columns are dilated and placed
by ``pad``, and the placements summed.  Every mode differentiates them to any
order with no rule of their own.
"""
import itertools
import math

import numpy as np

from . import _elementwise as ew
from ._composite import _check_int, _shape, flip, pad
from ._convolution import (_check_input, _convolution, _floating_dtype, _ints, _mode_padding,
                           _output_sizes, _same_pairs, _windows, _with_batch)
from ._core import primal_value
from ._functions import getitem, reshape
from ._linalg import swapaxes


# ---------------------------------------------------------------------------
# The adjoint of a convolution

def _dilate(x, stride):
    """x (N, C, *sizes) with ``s - 1`` zeros after each element of every spatial
    axis (length n·s; the trailing zeros are cropped by the caller's pad)."""
    if all(s == 1 for s in stride):
        return x
    shape = _shape(x)
    batch, sizes = shape[:2], shape[2:]
    x = reshape(x, batch + tuple(v for n in sizes for v in (n, 1)))
    flat = []
    for s in reversed(stride):          # pad's order: last axis first
        flat += [0, s - 1, 0, 0]
    x = pad(x, flat)
    return reshape(x, batch + tuple(n * s for n, s in zip(sizes, stride)))


def _transposed(nd, owner, input, weight, bias, stride, dilation, groups, pairs_of,
                input_name="input"):
    """The adjoint of an nd convolution of an input of spatial sizes ``out_sizes``
    padded by ``pairs`` (``pairs_of(in_sizes, kernel)`` gives both), applied to
    ``input`` (N, C_in, *in_sizes) with ``weight`` (C_in, C_out / groups, *kernel)."""
    shape = _check_input(input, (nd + 2,), owner, input_name)
    w_shape = _check_input(weight, (nd + 2,), owner, "weight")
    dtype = _floating_dtype(input, owner, input_name)
    if _floating_dtype(weight, owner, "weight") != dtype:
        raise TypeError(f"{owner}: weight's dtype {np.result_type(primal_value(weight))} "
                        f"differs from {input_name}'s {dtype}")
    channels, per_group = w_shape[:2]
    kernel = w_shape[2:]
    if shape[1] != channels:
        raise ValueError(f"{owner}: weight's shape {w_shape} wants {channels} input channels "
                         f"(its first axis), {input_name} has {shape[1]}")
    if channels % groups:
        raise ValueError(f"{owner}: groups ({groups}) must divide the input's channels "
                         f"({channels})")
    out_sizes, pairs = pairs_of(shape[2:], kernel)
    flat = []
    for n, k, s, d, size, (before, _) in reversed(list(zip(
            shape[2:], kernel, stride, dilation, out_sizes, pairs))):
        if size < 1:
            raise ValueError(f"{owner}: the output would have {size} positions along a "
                             f"spatial axis; padding is too large")
        flat += [d * (k - 1) - before, size + before - n * s]
    y = pad(_dilate(input, stride), flat)
    # (C_in, C_out/G, *k) -> (C_out, C_in/G, *k), flipped: the convolution's weight
    w = reshape(weight, (groups, channels // groups, per_group) + kernel)
    w = reshape(swapaxes(w, 1, 2), (groups * per_group, channels // groups) + kernel)
    w = flip(w, tuple(range(2, nd + 2)))
    return _convolution(nd, owner, y, w, bias, 1, "valid", 0, dilation, groups, (1,))


def _output_padding(output_padding, nd, owner, stride, dilation):
    op = _ints(output_padding, nd, "output_padding", owner, low=0)
    for p, s, d in zip(op, stride, dilation):
        if p >= max(s, d):
            raise ValueError(f"{owner}: output_padding ({output_padding!r}) must be less than "
                             f"stride or dilation (max {max(s, d)})")
    return op


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """2-D transposed convolution of ``input`` (N, C_in, H, W) or (C_in, H, W) with
    ``weight`` (C_in, C_out / groups, kH, kW), plus ``bias`` (C_out,): the gradient
    of ``conv2d`` (with the same stride, padding on both sides, dilation, groups)
    with respect to its input.  The output has (H - 1)·sH - 2·padH + dH·(kH - 1)
    + out_padH + 1 rows (and so for the width); ``output_padding`` (less than
    stride or dilation) picks among the input sizes that conv2d maps to H.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.ones((1, 1, 2, 2), np.float32))
    >>> ops.conv_transpose2d(x, ms.Tensor(np.ones((1, 1, 2, 2), np.float32)), stride=2)[0, 0]
    Tensor(shape=[4, 4], dtype=Float32, value=
    [[ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00,  1.00000000e+00],
     [ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00,  1.00000000e+00],
     [ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00,  1.00000000e+00],
     [ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00,  1.00000000e+00]])
    """
    owner = "conv_transpose2d"
    stride = _ints(stride, 2, "stride", owner)
    dilation = _ints(dilation, 2, "dilation", owner)
    padding = _ints(padding, 2, "padding", owner, low=0)
    groups = _check_int(groups, "groups", owner, 1)
    op = _output_padding(output_padding, 2, owner, stride, dilation)

    def pairs_of(sizes, kernel):
        return (tuple((n - 1) * s - 2 * p + d * (k - 1) + o + 1 for n, s, p, d, k, o in zip(
            sizes, stride, padding, dilation, kernel, op)), [(p, p) for p in padding])

    return _with_batch(input, _check_input(input, (3, 4), owner), 2, lambda x: _transposed(
        2, owner, x, weight, bias, stride, dilation, groups, pairs_of))


def _mode_pairs(nd, owner, pad_mode, padding, lengths, stride, dilation, output_padding):
    """pairs_of for the pad_mode forms (the layers' and conv3d_transpose's): the
    output sizes MindSpore gives and the convolution's padding."""
    pairs = _mode_padding(nd, owner, pad_mode, padding, lengths)
    if pad_mode != "pad" and any(output_padding):
        raise ValueError(f"{owner}: output_padding must be 0 unless pad_mode is 'pad', got "
                         f"{output_padding!r} with pad_mode {pad_mode!r}")

    def pairs_of(sizes, kernel):
        spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
        if pad_mode == "valid":
            out = tuple((n - 1) * s + max(span, s) for n, s, span in zip(sizes, stride, spans))
            return out, [(0, 0)] * nd
        if pad_mode == "same":
            out = tuple(n * s for n, s in zip(sizes, stride))
            return out, _same_pairs(out, kernel, stride, dilation)
        out = tuple((n - 1) * s + span - b - a + o for n, s, span, (b, a), o in zip(
            sizes, stride, spans, pairs, output_padding))
        return out, pairs

    return pairs_of


def conv3d_transpose(inputs, weight, pad_mode="valid", padding=0, stride=1, dilation=1, group=1,
                     output_padding=0):
    """3-D transposed convolution of ``inputs`` (N, C_in, D, H, W) with ``weight``
    (C_in, C_out / group, kD, kH, kW): the gradient of ``conv3d`` with respect to
    its input.  ``pad_mode`` 'valid' gives (D - 1)·s + max(dilated kernel, s)
    positions, 'same' D·s, 'pad' (D - 1)·s + dilated kernel - front - back +
    output_padding, where ``padding`` is an int or (front, back, top, bottom,
    left, right) and ``output_padding`` (pad_mode 'pad' only) an int or three.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.ones((1, 2, 3, 3, 3), np.float32))
    >>> ops.conv3d_transpose(x, ms.Tensor(np.ones((2, 3, 2, 2, 2), np.float32)), stride=2).shape
    (1, 3, 6, 6, 6)
    """
    owner = "conv3d_transpose"
    stride = _ints(stride, 3, "stride", owner)
    dilation = _ints(dilation, 3, "dilation", owner)
    group = _check_int(group, "group", owner, 1)
    op = _output_padding(output_padding, 3, owner, stride, dilation)
    pairs_of = _mode_pairs(3, owner, pad_mode, padding, (1, 6), stride, dilation, op)
    return _transposed(3, owner, inputs, weight, None, stride, dilation, group, pairs_of,
                       "inputs")


# ---------------------------------------------------------------------------
# unfold and fold (2-D, as MindSpore's)

def _fold_arguments(owner, kernel_size, dilation, padding, stride):
    return (_ints(kernel_size, 2, "kernel_size", owner), _ints(dilation, 2, "dilation", owner),
            _ints(padding, 2, "padding", owner, low=0), _ints(stride, 2, "stride", owner))


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of ``input`` (N, C, H, W) as columns (im2col): shape (N,
    C·kH·kW, L), L the number of blocks, the rows channel-major then the kernel
    offsets row-major.  ``padding`` (zeros on both sides) is an int or (padH, padW);
    any dtype (integers too, as MindSpore's CPU kernel).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(9.0).reshape(1, 1, 3, 3))
    >>> ops.unfold(x, 2)
    Tensor(shape=[1, 4, 4], dtype=Float64, value=
    [[[ 0.00000000e+00,  1.00000000e+00,  3.00000000e+00,  4.00000000e+00],
      [ 1.00000000e+00,  2.00000000e+00,  4.00000000e+00,  5.00000000e+00],
      [ 3.00000000e+00,  4.00000000e+00,  6.00000000e+00,  7.00000000e+00],
      [ 4.00000000e+00,  5.00000000e+00,  7.00000000e+00,  8.00000000e+00]]])
    """
    owner = "unfold"
    kernel, dilation, padding, stride = _fold_arguments(owner, kernel_size, dilation, padding,
                                                        stride)
    shape = _check_input(input, (4,), owner)
    pairs = [(p, p) for p in padding]
    out_sizes, _ = _output_sizes(shape[2:], kernel, stride, dilation, pairs, owner)
    cols = _windows(input, kernel, stride, dilation, pairs, out_sizes)
    return reshape(cols, (shape[0], shape[1] * math.prod(kernel), math.prod(out_sizes)))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Columns ``input`` (N, C·kH·kW, L) summed back into an (N, C, *output_size)
    image (col2im): the adjoint of ``unfold`` with the same arguments, so
    overlapping blocks add up.  ``output_size`` is an int, a pair or a 1-D tensor.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> cols = ms.Tensor(np.ones((1, 4, 4)))
    >>> ops.fold(cols, (3, 3), 2)[0, 0]
    Tensor(shape=[3, 3], dtype=Float64, value=
    [[ 1.00000000e+00,  2.00000000e+00,  1.00000000e+00],
     [ 2.00000000e+00,  4.00000000e+00,  2.00000000e+00],
     [ 1.00000000e+00,  2.00000000e+00,  1.00000000e+00]])
    """
    owner = "fold"
    kernel, dilation, padding, stride = _fold_arguments(owner, kernel_size, dilation, padding,
                                                        stride)
    if not isinstance(output_size, (int, np.integer, tuple, list)):   # a 1-D tensor
        output_size = tuple(np.asarray(primal_value(output_size)).reshape(-1).tolist())
    sizes = _ints(output_size, 2, "output_size", owner)
    shape = _check_input(input, (3,), owner)
    k = math.prod(kernel)
    if shape[1] % k:
        raise ValueError(f"fold: input's shape {shape}: axis 1 must be a multiple of "
                         f"kernel_size's product {k}")
    pairs = [(p, p) for p in padding]
    out_sizes, _ = _output_sizes(sizes, kernel, stride, dilation, pairs, owner)
    if shape[2] != math.prod(out_sizes):
        raise ValueError(f"fold: input has {shape[2]} blocks (axis 2), output_size {sizes} "
                         f"with these arguments gives {math.prod(out_sizes)}")
    batch, channels = shape[0], shape[1] // k
    cols = reshape(input, (batch, channels, k) + out_sizes)
    total = None
    dilated = [(n - 1) * s + 1 for n, s in zip(out_sizes, stride)]
    for i, offset in enumerate(itertools.product(*(range(v) for v in kernel))):
        block = _dilate(getitem(cols, (slice(None), slice(None), i)), stride)
        flat = []
        for o, d, p, size, span, s in reversed(list(zip(offset, dilation, padding, sizes,
                                                         dilated, stride))):
            start = o * d - p             # where the block's first element lands
            flat += [start, size - start - span - (s - 1)]
        placed = pad(block, flat)
        total = placed if total is None else ew.add(total, placed)
    return total
