"""``mindspore.mint.nn.functional``: activations, losses, pooling, convolution and
normalisation with PyTorch's argument names and defaults.

``leaky_relu`` slopes 0.01, ``flatten`` starts at axis 0, pooling strides
default to the kernel size, convolutions take ``padding`` as an int, a tuple,
'valid' or 'same', and ``one_hot`` gives int64.  Everything is composed of
``dualgrad.ops``.  The in-place forms (``relu_``, ``elu_``, ``sigmoid_``,
``hardtanh_``, ``threshold_`` and ``inplace=True``) write the result into
``input`` and return it; like any item assignment they cannot be
differentiated.

>>> import dualgrad as ms
>>> from dualgrad.mint.nn import functional as F
>>> F.leaky_relu(ms.Tensor([-2.0, 3.0]))
Tensor(shape=[2], dtype=Float32, value= [-1.99999996e-02,  3.00000000e+00])
>>> F.one_hot(ms.Tensor([2, 0]))
Tensor(shape=[2, 3], dtype=Int64, value=
[[0, 0, 1],
 [1, 0, 0]])

Not here: the internal kernels ``adaptive_avg_pool3d_ext``, ``elu_ext``, ``hardtanh_op``,
``inplace_elu``, ``inplace_silu``, ``norm_ext``, ``silu_func``,
``threshold_op``.
"""
import itertools

import numpy as np

from ... import _dtypes as _dt, _resample, ops as _ops
from ..._tensor import Tensor, value_of, wrap
from ...ops import (  # noqa: F401  (the very functions mint shares with ops)
    adaptive_max_pool2d, broadcast_to, clamp, conv_transpose2d, embedding, group_norm,
    hardshrink, hardsigmoid, hardswish, layer_norm, prelu, sigmoid, soft_margin_loss,
    softshrink, tanh)
# functions whose ops form already has mint's arguments
from ...ops import (  # noqa: F401
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, cosine_embedding_loss,
    cross_entropy, fold, l1_loss, mse_loss, pixel_shuffle, softplus, unfold)


def _inplace(input, out, inplace):
    """``out``, or with ``inplace`` ``input`` overwritten by it (not differentiable)."""
    if not inplace:
        return out
    input[...] = out
    return input


# ---------------------------------------------------------------------------
# Activations

def relu(input, inplace=False):
    """``max(input, 0)``."""
    return _inplace(input, _ops.relu(input), inplace)


def relu_(input):
    """``relu`` written into ``input``."""
    return relu(input, inplace=True)


def relu6(input, inplace=False):
    """``min(max(input, 0), 6)``."""
    return _inplace(input, _ops.relu6(input), inplace)


def elu(input, alpha=1.0, inplace=False):
    """``input`` where positive, else ``alpha * (exp(input) - 1)``."""
    return _inplace(input, _ops.elu(input, alpha), inplace)


def elu_(input, alpha=1.0):
    """``elu`` written into ``input``."""
    return elu(input, alpha, inplace=True)


def sigmoid_(input):
    """``sigmoid`` written into ``input``."""
    return _inplace(input, _ops.sigmoid(input), True)


def silu(input, inplace=False):
    """``input * sigmoid(input)``."""
    return _inplace(input, _ops.silu(input), inplace)


def logsigmoid(input):
    """``log(sigmoid(input))``, computed stably."""
    return _ops.logsigmoid(input)


def mish(input):
    """``input * tanh(softplus(input))``."""
    return _ops.mish(input)


def selu(input):
    """``scale * (max(0, input) + min(0, alpha * (exp(input) - 1)))`` with SELU's constants."""
    return _ops.selu(input)


def gelu(input, *, approximate="none"):
    """``input * Φ(input)`` (``approximate='tanh'``: its tanh approximation)."""
    return _ops.gelu(input, approximate)


def leaky_relu(input, negative_slope=0.01):
    """``input`` where positive, else ``negative_slope * input``."""
    return _ops.leaky_relu(input, negative_slope)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``input`` clipped to [min_val, max_val]."""
    return _inplace(input, _ops.hardtanh(input, min_val, max_val), inplace)


def hardtanh_(input, min_val=-1, max_val=1):
    """``hardtanh`` written into ``input``."""
    return hardtanh(input, min_val, max_val, inplace=True)


def threshold(input, threshold, value, inplace=False):
    """``input`` where it exceeds ``threshold``, else ``value``."""
    return _inplace(input, _ops.threshold(input, threshold, value), inplace)


def threshold_(input, threshold, value):
    """``threshold`` written into ``input``."""
    return _inplace(input, _ops.threshold(input, threshold, value), True)


def glu(input, dim=-1):
    """``a * sigmoid(b)`` for the halves a, b of ``input`` along ``dim``."""
    return _ops.glu(input, dim)


def _softmax_dim(input, dim):
    # PyTorch's rule for an unspecified dim: 0 for tensors of rank 0, 1 or 3, else 1
    return dim if dim is not None else (0 if len(_ops.shape(input)) in (0, 1, 3) else 1)


def softmax(input, dim=None, dtype=None):
    """``exp(input) / sum(exp(input))`` along ``dim``."""
    if dtype is not None:
        input = _ops.cast(input, dtype)
    return _ops.softmax(input, _softmax_dim(input, dim))


def log_softmax(input, dim=None, *, dtype=None):
    """``input - logsumexp(input)`` along ``dim``."""
    if dtype is not None:
        input = _ops.cast(input, dtype)
    return _ops.log_softmax(input, _softmax_dim(input, dim))


# ---------------------------------------------------------------------------
# Linear maps, convolution, shape

def linear(input, weight, bias=None):
    """``input @ weightᵀ + bias``."""
    return _ops.dense(input, weight, bias)


def _conv(fn, rank, input, weight, bias, stride, padding, dilation, groups):
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(f"conv{rank}d: padding must be 'valid', 'same', an int or a "
                             f"tuple of {rank}, got {padding!r}")
        return fn(input, weight, bias, stride, padding, 0, dilation, groups)
    return fn(input, weight, bias, stride, "pad", padding, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D cross-correlation of (N, C_in, L) with (C_out, C_in / groups, k), plus ``bias``;
    ``padding``: an int (both ends), 'valid' or 'same'."""
    return _conv(_ops.conv1d, 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation of (N, C_in, H, W) with (C_out, C_in / groups, kH, kW), plus
    ``bias``; ``padding``: an int or (pH, pW) on both sides, 'valid' or 'same'."""
    return _conv(_ops.conv2d, 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D cross-correlation of (N, C_in, D, H, W) with (C_out, C_in / groups, kD, kH, kW),
    plus ``bias``; ``padding``: an int or a triple on both sides, 'valid' or 'same'."""
    return _conv(_ops.conv3d, 3, input, weight, bias, stride, padding, dilation, groups)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge the axes ``start_dim..end_dim`` into one (all of them by default)."""
    return _ops.flatten(input, start_dim=start_dim, end_dim=end_dim)


def pad(input, pad, mode="constant", value=None):
    """Pad the last axes by ``pad`` = (left, right, top, bottom, ...)."""
    return _ops.pad(input, pad, mode, value)


def one_hot(tensor, num_classes=-1):
    """int64 rows with a 1 at each label (``num_classes`` -1: the largest label + 1)."""
    if num_classes == -1:
        num_classes = int(tensor.asnumpy().max()) + 1 if _ops.size(tensor) else 0
    return _ops.cast(_ops.one_hot(tensor, num_classes, 1, 0), _dt.int64)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    """``input / max(‖input‖_p, eps)`` with the norm along ``dim``."""
    norm = _ops.vector_norm(input, p, dim, True)
    return _ops.div(input, _ops.clamp(norm, min=eps))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None):
    """Resample the spatial axes to ``size`` or by ``scale_factor`` ('nearest',
    'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact').  When
    ``scale_factor`` gives whole output sizes, in / out is 1 / scale_factor and mint's
    coordinates are those of the recomputed size."""
    if size is None and scale_factor is not None and recompute_scale_factor is None:
        shape = _ops.shape(input)
        scales = (tuple(scale_factor) if isinstance(scale_factor, (tuple, list))
                  else (scale_factor,) * (len(shape) - 2))
        if all(float(n * s).is_integer() for n, s in zip(shape[2:], scales)):
            recompute_scale_factor = True
    if mode == "bicubic" and isinstance(input, Tensor) and len(_ops.shape(input)) == 4:
        # mint's bicubic is PyTorch's (its kernel, aclnnUpsampleBicubic2d), not
        # ops.interpolate's ResizeBicubic: ops' checks and output sizes
        # (floor(n · scale_factor)), PyTorch's weights and source positions
        sizes, _, align = _resample._arguments(
            _ops.shape(input), size, scale_factor, mode, align_corners,
            True if size is None else recompute_scale_factor)
        return _bicubic(input, sizes, scale_factor, align,
                        bool(recompute_scale_factor) or size is not None)
    return _ops.interpolate(input, size, scale_factor, mode, align_corners,
                            recompute_scale_factor)


def _pytorch_cubic_taps(n_in, n_out, align_corners, scale):
    """PyTorch's bicubic taps along one axis, each (out, 4): the positions
    floor(x) - 1 .. floor(x) + 2 clamped to the edge and Keys' kernel with
    coefficient -0.75 at their offsets, x = i (in - 1) / (out - 1) with
    align_corners, else (i + 0.5) · scale - 0.5 (not clamped)."""
    i = np.arange(n_out, dtype=np.float64)
    if align_corners:
        x = i * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    else:
        x = (i + 0.5) * scale - 0.5
    low = np.floor(x)
    offsets = np.arange(-1, 3)
    positions = np.clip(low.astype(np.int64)[:, None] + offsets, 0, n_in - 1)
    return positions, _resample._cubic((x - low)[:, None] - offsets, -0.75)


def _bicubic(input, out_size, scale_factor, align_corners, from_sizes):
    """PyTorch's bicubic resampling of a 4-D input's last two axes to ``out_size``.
    Source positions use in / out, or 1 / scale_factor as given when the sizes
    were not recomputed from it.  Each output reads its 4 × 4 taps only."""
    shape = _ops.shape(input)
    if from_sizes or scale_factor is None:
        scales = [n / m for n, m in zip(shape[2:], out_size)]
    else:
        factors = (tuple(scale_factor) if isinstance(scale_factor, (tuple, list))
                   else (scale_factor,) * 2)
        scales = [1.0 / f for f in factors]
    dtype = _dt.to_numpy_dtype(input.dtype)
    out = value_of(input)
    for axis, (n, m, scale) in enumerate(zip(shape[2:], out_size, scales), start=2):
        positions, weights = _pytorch_cubic_taps(n, m, align_corners, scale)
        out = _resample.weighted_taps(out, axis, positions, weights, dtype)
    return wrap(out)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """``interpolate`` (mint's upsample takes no ``recompute_scale_factor``)."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def _unnormalize(coord, size, align_corners):
    """Grid coordinates in [-1, 1] to pixel positions (corner centres or corner edges)."""
    if align_corners:
        return _ops.mul(_ops.add(coord, 1.0), (size - 1) / 2)
    return _ops.div(_ops.sub(_ops.mul(_ops.add(coord, 1.0), size), 1.0), 2)


def _reflect(pos, low, high):
    """``pos`` reflected into [low, high] (as often as it takes)."""
    span = high - low
    if span <= 0:
        return _ops.mul(pos, 0.0)
    folded = _ops.remainder(_ops.sub(pos, low), 2 * span)
    return _ops.add(low, _ops.sub(span, _ops.abs(_ops.sub(folded, span))))


def _source_positions(coord, size, padding_mode, align_corners):
    pos = _unnormalize(coord, size, align_corners)
    if padding_mode == "reflection":
        pos = (_reflect(pos, 0.0, size - 1.0) if align_corners
               else _ops.clamp(_reflect(pos, -0.5, size - 0.5), 0.0, size - 1.0))
    elif padding_mode == "border":
        pos = _ops.clamp(pos, 0.0, size - 1.0)
    return pos


def _round_half_away(t):
    return _ops.mul(_ops.sign(t), _ops.floor(_ops.add(_ops.abs(t), 0.5)))


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample ``input`` (N, C, H, W) at the points of ``grid`` (N, H_out, W_out, 2), whose
    last axis holds (x, y) in [-1, 1] (-1: the left or top edge's pixel centre with
    ``align_corners``, the edge itself without); or (N, C, D, H, W) at (N, D_out,
    H_out, W_out, 3) points (x, y, z).  ``mode`` 'bilinear' (trilinear on 5-D input)
    or 'nearest' (halves away from zero, as MindSpore 2.10's CPU kernel rounds);
    ``padding_mode`` 'zeros' (points outside read 0), 'border' (clamped to the edge)
    or 'reflection' (mirrored at the edges).  Differentiable in ``input`` and, for
    'bilinear', in ``grid``."""
    if mode not in ("bilinear", "nearest"):
        raise ValueError(f"grid_sample: mode must be 'bilinear' or 'nearest', got {mode!r}")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"grid_sample: padding_mode must be 'zeros', 'border' or "
                         f"'reflection', got {padding_mode!r}")
    shape, grid_shape = _ops.shape(input), _ops.shape(grid)
    nd = len(shape) - 2
    if nd not in (2, 3) or len(grid_shape) != nd + 2 or grid_shape[-1] != nd \
            or grid_shape[0] != shape[0]:
        raise ValueError(f"grid_sample: input must be (N, C, H, W) with grid (N, H_out, "
                         f"W_out, 2), or (N, C, D, H, W) with grid (N, D_out, H_out, W_out, "
                         f"3), got shapes {shape} and {grid_shape}")
    n, c, sizes = shape[0], shape[1], shape[2:]
    points = int(np.prod(grid_shape[1:-1]))
    align = bool(align_corners)
    # positions along the spatial axes in input order (D,) H, W; the grid lists x first
    positions = [_source_positions(grid[..., nd - 1 - axis], size, padding_mode, align)
                 for axis, size in enumerate(sizes)]
    flat = _ops.reshape(input, (n, c, int(np.prod(sizes))))

    def read(corner):
        """input at integer positions (float tensors, one per axis), 0 outside."""
        index, inside = 0, None
        for pos, size in zip(corner, sizes):
            within = _ops.logical_and(pos >= 0, pos <= size - 1)
            inside = within if inside is None else _ops.logical_and(inside, within)
            index = _ops.add(_ops.mul(index, size), _ops.clamp(pos, 0, size - 1))
        index = _ops.broadcast_to(_ops.reshape(_ops.cast(index, _dt.int64), (n, 1, points)),
                                  (n, c, points))
        mask = _ops.cast(_ops.reshape(inside, (n, 1, points)), input.dtype)
        return _ops.mul(_ops.gather_elements(flat, 2, index), mask)

    if mode == "nearest":
        out = read([_round_half_away(p) for p in positions])
    else:
        lows = [_ops.floor(p) for p in positions]
        fractions = [_ops.sub(p, low) for p, low in zip(positions, lows)]
        out = None
        for corner in itertools.product((0, 1), repeat=nd):
            weight = None
            for upper, fraction in zip(corner, fractions):
                w = fraction if upper else _ops.sub(1.0, fraction)
                weight = w if weight is None else _ops.mul(weight, w)
            term = _ops.mul(read([_ops.add(low, float(upper))
                                  for low, upper in zip(lows, corner)]),
                            _ops.reshape(weight, (n, 1, points)))
            out = term if out is None else _ops.add(out, term)
    return _ops.reshape(out, (n, c) + tuple(grid_shape[1:-1]))


# ---------------------------------------------------------------------------
# Pooling

def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """Mean over windows of ``kernel_size`` (``stride`` defaults to it)."""
    return _ops.avg_pool1d(input, kernel_size, kernel_size if stride is None else stride,
                           padding, ceil_mode, count_include_pad)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over 2-D windows (``stride`` defaults to ``kernel_size``; ``divisor_override``
    replaces the window size as the divisor)."""
    return _ops.avg_pool2d(input, kernel_size, kernel_size if stride is None else stride,
                           padding, ceil_mode, count_include_pad, divisor_override or 0)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over 3-D windows (``stride`` defaults to ``kernel_size``)."""
    return _ops.avg_pool3d(input, kernel_size, kernel_size if stride is None else stride,
                           padding, ceil_mode, count_include_pad, divisor_override or 0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Maximum over 2-D windows (``stride`` defaults to ``kernel_size``); with
    ``return_indices``, (values, int64 flat indices within each plane)."""
    out = _ops.max_pool2d(input, kernel_size, stride, padding, dilation, return_indices,
                          ceil_mode)
    if return_indices:
        return out[0], _ops.cast(out[1], _dt.int64)
    return out


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Scatter each value of ``input`` to its flat position ``indices`` (of ``max_pool2d``)
    in a zero plane of the pooled input's size (or ``output_size``)."""
    return _ops.max_unpool2d(input, indices, kernel_size, stride, padding, output_size)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Maximum over ``output_size`` adaptive windows of the last axis; with
    ``return_indices``, (values, int64 indices)."""
    out = _ops.adaptive_max_pool2d(_ops.unsqueeze(input, -2), (1, output_size), True)
    values, indices = _ops.squeeze(out[0], -2), _ops.squeeze(out[1], -2)
    return (values, _ops.cast(indices, _dt.int64)) if return_indices else values


# ---------------------------------------------------------------------------
# Normalisation and dropout

def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-05):
    """Normalise over every axis but the channels (axis 1) with the batch statistics
    (``training``) or the running ones, then scale by ``weight`` and shift by ``bias``."""
    channels = _ops.shape(input)[1]
    dtype = input.dtype
    if weight is None:
        weight = _ops.ones((channels,), dtype=dtype)
    if bias is None:
        bias = _ops.zeros((channels,), dtype=dtype)
    return _ops.batch_norm(input, running_mean, running_var, weight, bias, training,
                           momentum, eps)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1/(1-p) (the
    identity when not ``training``)."""
    return _inplace(input, _ops.dropout(input, p, training), inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (the last two axes are one feature map) with probability
    ``p`` and scale the rest by 1/(1-p)."""
    if not 0 <= p <= 1:
        raise ValueError(f"dropout2d: p must be in [0, 1], got {p}")
    if not training or p == 0:
        return input
    shape = _ops.shape(input)
    if len(shape) not in (3, 4):
        raise ValueError(f"dropout2d: input must be 3-D or 4-D, got shape {shape}")
    mask_shape = shape[:-2] + (1, 1)
    keep = _ops.cast(_ops.greater_equal(_ops.rand(mask_shape, dtype=_dt.float32), p),
                     input.dtype)
    out = _ops.mul(input, keep) if p == 1 else _ops.mul(input, _ops.div(keep, 1.0 - p))
    return _inplace(input, out, inplace)


# ---------------------------------------------------------------------------
# Losses

def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """``-(target·log(input) + (1-target)·log(1-input))``, weighted, reduced."""
    return _ops.binary_cross_entropy(input, target, weight, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean",
                                     pos_weight=None):
    """Binary cross entropy of ``sigmoid(input)``, computed stably; ``pos_weight``
    weighs the positive term."""
    return _ops.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """``-input[n, target[n]]`` (weighted), labels equal to ``ignore_index`` left out."""
    return _ops.nll_loss(input, target, weight, ignore_index, reduction)


def kl_div(input, target, reduction="mean", log_target=False):
    """``target · (log(target) - input)`` (``input`` is a log-probability; with
    ``log_target`` so is ``target``), reduced by 'mean', 'sum', 'batchmean' or 'none'."""
    if log_target:
        loss = _ops.mul(_ops.exp(target), _ops.sub(target, input))
    else:
        loss = _ops.sub(_ops.xlogy(target, target), _ops.mul(target, input))
    if reduction == "none":
        return loss
    if reduction == "sum":
        return _ops.sum(loss)
    if reduction == "mean":
        return _ops.mean(loss)
    if reduction == "batchmean":
        return _ops.div(_ops.sum(loss), _ops.shape(input)[0] if len(_ops.shape(input)) else 1)
    raise ValueError(f"kl_div: reduction must be 'mean', 'sum', 'batchmean' or 'none', got "
                     f"{reduction!r}")


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """``0.5·d²/beta`` where ``|d| < beta``, else ``|d| - 0.5·beta``, reduced."""
    return _ops.smooth_l1_loss(input, target, beta, reduction)


__all__ = sorted(n for n in dir() if not n.startswith("_") and n not in ("np", "Tensor"))
