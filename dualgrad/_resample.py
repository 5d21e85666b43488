"""Resampling with MindSpore 2.10's functional names and arguments: interpolate
(and its alias upsample) in every mode MindSpore has, pixel_shuffle and
pixel_unshuffle.

Each is composed of the engine's primitives.  Interpolation is separable: along
each spatial axis every output is a take of the fixed positions it reads
(nearest, nearest-exact) or a weighted sum of two (linear, bilinear,
trilinear) or four (bicubic) such takes, the positions and weights computed in
NumPy from the sizes alone; area is adaptive average pooling
(dualgrad._convolution's).  The pixel shuffles are reshapes and one
transpose.  So every mode (reverse, Dual, HyperDual, nested, vmap)
differentiates them to any order with no rule of their own.

The coordinates are MindSpore's kernels' (ResizeNearestNeighborV2,
UpsampleNearest3D, ResizeLinear1D, ResizeBilinearV2, ResizeBicubic,
UpsampleTrilinear3D): the weights computed in float64, the positions nearest
reads in float32 as those kernels compute them.
"""
import math

import numpy as np

from . import _convolution as cv, _elementwise as ew
from ._composite import _check_int, _shape
from ._functions import reshape, transpose
from ._vmap import batched_take

# The input ranks of each mode, and the options each allows there (MindSpore's table).
_MODES = {
    "nearest": {3: (), 4: (), 5: ("scale_factor",)},
    "linear": {3: ("align_corners",)},
    "bilinear": {4: ("align_corners",)},
    "bicubic": {4: ("align_corners",)},
    "trilinear": {5: ("align_corners", "scale_factor")},
    "area": {3: ("scale_factor",), 4: ("scale_factor",), 5: ("scale_factor",)},
    "nearest-exact": {3: (), 4: ()},
}
_OWNER = "interpolate"


# ---------------------------------------------------------------------------
# Arguments

def _bool_or_none(value, name):
    if value is not None and not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{_OWNER}: {name} must be a bool or None, got {type(value).__name__}")
    return None if value is None else bool(value)


def _per_axis(value, nd, name, check):
    """``value`` (one item, or a tuple/list of one per spatial axis) as a tuple of nd
    items, each passed through ``check``."""
    if isinstance(value, (tuple, list)):
        if len(value) != nd:
            raise ValueError(f"{_OWNER}: {name} must have one item per spatial axis of the "
                             f"input ({nd}), got {value!r}")
        return tuple(check(v) for v in value)
    return (check(value),) * nd


def _scale(value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{_OWNER}: scale_factor must be a float or a tuple of floats, got "
                        f"{type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{_OWNER}: scale_factor must be positive and finite, got {value!r}")
    return float(value)


def _arguments(shape, size, scale_factor, mode, align_corners, recompute_scale_factor):
    """(output sizes, the scale factors the coordinates use or None, align_corners)
    after MindSpore's checks."""
    if not isinstance(mode, str) or mode not in _MODES:
        raise ValueError(f"{_OWNER}: mode must be one of {', '.join(map(repr, _MODES))}, got "
                         f"{mode!r}")
    ranks = _MODES[mode]
    if len(shape) not in ranks:
        raise ValueError(f"{_OWNER}: mode {mode!r} takes "
                         f"{' or '.join(f'{r}-D' for r in ranks)} input (N, C, spatial...), "
                         f"got shape {shape}")
    options, nd = ranks[len(shape)], len(shape) - 2
    if size is not None and scale_factor is not None:
        raise ValueError(f"{_OWNER}: give size or scale_factor, not both (got size={size!r}, "
                         f"scale_factor={scale_factor!r})")
    if size is None and scale_factor is None:
        raise ValueError(f"{_OWNER}: one of size and scale_factor must be given, got neither")
    recompute = _bool_or_none(recompute_scale_factor, "recompute_scale_factor")
    align = _bool_or_none(align_corners, "align_corners")
    if align is not None and "align_corners" not in options:
        raise ValueError(f"{_OWNER}: align_corners applies to modes 'linear', 'bilinear', "
                         f"'bicubic' and 'trilinear' only and must be None with mode {mode!r}, "
                         f"got {align_corners!r}")
    if size is not None:
        if recompute:
            raise ValueError(f"{_OWNER}: recompute_scale_factor cannot be True with an explicit "
                             f"size (it recomputes the size from scale_factor)")
        return _per_axis(size, nd, "size", lambda v: _check_int(v, "size", _OWNER, 1)), \
            None, bool(align)
    scales = _per_axis(scale_factor, nd, "scale_factor", _scale)
    direct = not recompute and mode != "area"
    # floor(n * scale_factor), in float32 when the kernel takes the scale
    # (UpsampleNearest3D, UpsampleTrilinear3D), else in float64 (MindSpore's Python)
    sizes = tuple(math.floor(np.float32(n) * np.float32(s) if direct else n * s)
                  for n, s in zip(shape[2:], scales))
    if min(sizes) < 1:
        raise ValueError(f"{_OWNER}: scale_factor {scale_factor!r} makes an empty output from "
                         f"spatial size {shape[2:]} (size floor(n * scale_factor) {sizes})")
    if not direct:
        return sizes, None, bool(align)
    if "scale_factor" not in options:
        raise ValueError(f"{_OWNER}: scale_factor with mode {mode!r} on {len(shape)}-D input "
                         f"needs recompute_scale_factor=True (or give size instead)")
    return sizes, scales, bool(align)


# ---------------------------------------------------------------------------
# One axis: the positions nearest reads, or the (out, in) interpolation matrix

def _inverse_scale(n_in, n_out, scale):
    """Input positions per output position: in / out, or 1 / scale_factor when the
    coordinates use one (UpsampleNearest3D, UpsampleTrilinear3D)."""
    return n_in / n_out if scale is None else 1.0 / scale


def _nearest_positions(n_in, n_out, scale, exact):
    """floor(i s) ('nearest') or floor((i + 0.5) s) ('nearest-exact'), at most in - 1,
    computed in float32 as MindSpore's kernels compute them (so floor(23 * 14 / 46)
    is 6: 14 / 46 rounds down); i // 2 when the output is twice the input."""
    if n_out == 2 * n_in and not exact:
        return np.arange(n_out) // 2
    f32 = np.float32
    s = f32(n_in) / f32(n_out) if scale is None else f32(1) / f32(scale)
    i = np.arange(n_out, dtype=f32)
    return np.minimum(np.floor((i + f32(0.5)) * s if exact else i * s), n_in - 1).astype(np.int64)


def _linear_taps(n_in, n_out, align_corners, scale, first_for_one):
    """The two positions each output reads and their weights, each (out, 2): floor(x)
    and the next position (the last one at the edge), x = i (in - 1) / (out - 1)
    with align_corners (0 for one output), otherwise (i + 0.5) s - 0.5 clamped at 0
    (ResizeLinear1D, ``first_for_one``, reads position 0 for one output)."""
    i = np.arange(n_out, dtype=np.float64)
    if align_corners:
        x = i * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    elif n_out == 1 and first_for_one:
        x = np.zeros(1)
    else:
        x = np.maximum((i + 0.5) * _inverse_scale(n_in, n_out, scale) - 0.5, 0.0)
    low = np.floor(x)
    t = x - low
    low = low.astype(np.int64)
    return np.stack([low, np.minimum(low + 1, n_in - 1)], 1), np.stack([1.0 - t, t], 1)


def _cubic(x, a):
    """Keys' cubic convolution kernel with coefficient ``a``."""
    x = np.abs(x)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x <= 1, near, np.where(x < 2, far, 0.0))


def _cubic_taps(n_in, n_out, align_corners):
    """ResizeBicubic's four positions around floor(x) and their weights, each (out,
    4): the kernel at the offset x - floor(x) rounded to a multiple of 1/1024
    (MindSpore's weight table).  With align_corners, x = i (in - 1) / (out - 1),
    coefficient -0.75 and positions clamped to the edge; otherwise x is half-pixel,
    the coefficient -0.5, and the positions outside the input drop out (weight 0),
    the others renormalized to sum 1."""
    i = np.arange(n_out, dtype=np.float64)
    if align_corners:
        x = i * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
        a = -0.75
    else:
        x, a = (i + 0.5) * (n_in / n_out) - 0.5, -0.5
    low = np.floor(x)
    t = np.round((x - low) * 1024) / 1024
    positions = low.astype(np.int64)[:, None] + np.arange(-1, 3)
    weights = _cubic(t[:, None] - np.arange(-1, 3), a)
    if not align_corners:
        weights = np.where((positions >= 0) & (positions < n_in), weights, 0.0)
        weights /= weights.sum(axis=1, keepdims=True)
    return np.clip(positions, 0, n_in - 1), weights


def _resample_axis(x, axis, mode, n_in, n_out, align_corners, scale, dtype):
    """x resampled along ``axis`` to n_out positions; x itself when that is the
    input's length (so a scale_factor that keeps the length is not used, as
    MindSpore copies such an axis).  Each output is a take of the positions it
    reads, weighted and summed (only those, as the kernels read them: an inf
    elsewhere along the axis does not reach it)."""
    if n_in == n_out:
        return x
    if mode in ("nearest", "nearest-exact"):
        positions = _nearest_positions(n_in, n_out, scale, mode == "nearest-exact")
        return batched_take(x, positions, axis, 0)
    if mode == "bicubic":
        positions, weights = _cubic_taps(n_in, n_out, align_corners)
    else:
        positions, weights = _linear_taps(n_in, n_out, align_corners, scale, mode == "linear")
    return weighted_taps(x, axis, positions, weights, dtype)


def weighted_taps(x, axis, positions, weights, dtype):
    """Σ_k weights[:, k] · x[..., positions[:, k], ...] along ``axis``: positions and
    weights of shape (out, taps)."""
    n_out = positions.shape[0]
    trailing = (1,) * (len(_shape(x)) - axis - 1)      # the weights along ``axis``
    out = None
    for k in range(positions.shape[1]):
        term = ew.mul(batched_take(x, positions[:, k], axis, 0),
                      weights[:, k].astype(dtype).reshape((n_out,) + trailing))
        out = term if out is None else ew.add(out, term)
    return out


# ---------------------------------------------------------------------------
# The functions

def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None):
    """``input`` (N, C, [D, [H,]] W) resampled to ``size`` (an int or one per spatial
    axis) or by ``scale_factor`` (a float or one per axis; the size is floor(n *
    scale_factor)).  Modes, as MindSpore 2.10 allows them: 'nearest' (3-D to 5-D),
    'nearest-exact' (3-D, 4-D), 'linear' (3-D), 'bilinear' and 'bicubic' (4-D),
    'trilinear' (5-D) and 'area' (adaptive average pooling, 3-D to 5-D).
    ``align_corners`` (linear modes and bicubic only) maps the corner elements onto
    each other, x = i (in - 1) / (out - 1), instead of the half-pixel centres
    x = (i + 0.5) in / out - 0.5.  scale_factor is accepted by 'nearest' and
    'trilinear' on 5-D input (whose coordinates then use 1 / scale_factor) and
    'area'; the other modes need ``recompute_scale_factor=True``, which makes
    scale_factor only set the size.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]])
    >>> ops.interpolate(x, size=(6,), mode='nearest').asnumpy().tolist()
    [[[1.0, 1.0, 2.0, 2.0, 3.0, 3.0], [4.0, 4.0, 5.0, 5.0, 6.0, 6.0]]]
    >>> ops.interpolate(x, size=5, mode='linear', align_corners=True)[0, 0].asnumpy().tolist()
    [1.0, 1.5, 2.0, 2.5, 3.0]
    >>> ops.interpolate(x[:, :, :2], size=4, mode='linear')[0, 0].asnumpy().tolist()
    [1.0, 1.25, 1.75, 2.0]
    """
    shape = _shape(input)
    sizes, scales, align = _arguments(shape, size, scale_factor, mode, align_corners,
                                      recompute_scale_factor)
    dtype = cv._floating_dtype(input, _OWNER)
    if mode == "area":
        return cv.adaptive_avg_pool(len(sizes), _OWNER, input,
                                    sizes[0] if len(sizes) == 1 else sizes)
    out = input
    for k, (n_in, n_out) in enumerate(zip(shape[2:], sizes)):
        scale = None if scales is None else scales[k]
        out = _resample_axis(out, k + 2, mode, n_in, n_out, align, scale, dtype)
    return out


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
             recompute_scale_factor=None):
    """``interpolate`` (MindSpore's alias).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.ones((1, 1, 2, 3), np.float32))
    >>> ops.upsample(x, scale_factor=2.0, recompute_scale_factor=True).shape
    (1, 1, 4, 6)
    """
    return interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)


def _shuffle_shape(input, factor, name, owner):
    factor = _check_int(factor, name, owner, 1)
    shape = _shape(input)
    if len(shape) < 3:
        raise ValueError(f"{owner}: input must have at least 3 dimensions (..., C, H, W), got "
                         f"shape {shape}")
    return factor, shape


def pixel_shuffle(input, upscale_factor):
    """(..., C r^2, H, W) rearranged to (..., C, H r, W r), r = ``upscale_factor``:
    output[..., c, h r + i, w r + j] = input[..., c r^2 + i r + j, h, w].

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 4, 1, 2))
    >>> ops.pixel_shuffle(x, 2)
    Tensor(shape=[1, 1, 2, 4], dtype=Float32, value=
    [[[[ 0.00000000e+00,  2.00000000e+00,  1.00000000e+00,  3.00000000e+00],
       [ 4.00000000e+00,  6.00000000e+00,  5.00000000e+00,  7.00000000e+00]]]])
    """
    r, shape = _shuffle_shape(input, upscale_factor, "upscale_factor", "pixel_shuffle")
    *lead, c, h, w = shape
    if c % (r * r):
        raise ValueError(f"pixel_shuffle: the channel axis of input (shape {shape}, axis -3) "
                         f"must be divisible by upscale_factor ** 2 = {r * r}")
    n = len(lead)
    x = reshape(input, tuple(lead) + (c // (r * r), r, r, h, w))
    x = transpose(x, tuple(range(n + 1)) + (n + 3, n + 1, n + 4, n + 2))
    return reshape(x, tuple(lead) + (c // (r * r), h * r, w * r))


def pixel_unshuffle(input, downscale_factor):
    """The inverse of ``pixel_shuffle``: (..., C, H r, W r) to (..., C r^2, H, W),
    r = ``downscale_factor``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 1, 2, 4))
    >>> ops.pixel_unshuffle(x, 2)[0, :, 0]
    Tensor(shape=[4, 2], dtype=Float32, value=
    [[ 0.00000000e+00,  2.00000000e+00],
     [ 1.00000000e+00,  3.00000000e+00],
     [ 4.00000000e+00,  6.00000000e+00],
     [ 5.00000000e+00,  7.00000000e+00]])
    """
    r, shape = _shuffle_shape(input, downscale_factor, "downscale_factor", "pixel_unshuffle")
    *lead, c, h, w = shape
    if h % r or w % r:
        raise ValueError(f"pixel_unshuffle: the last two axes of input (shape {shape}) must be "
                         f"divisible by downscale_factor = {r}")
    n = len(lead)
    x = reshape(input, tuple(lead) + (c, h // r, r, w // r, r))
    x = transpose(x, tuple(range(n + 1)) + (n + 2, n + 4, n + 1, n + 3))
    return reshape(x, tuple(lead) + (c * r * r, h // r, w // r))
