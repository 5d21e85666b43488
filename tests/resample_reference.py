"""An independent NumPy reference for ``ops.interpolate`` (tests/test_resample.py).

Written from the kernels MindSpore 2.10 calls (ResizeNearestNeighborV2,
UpsampleNearest3D, ResizeLinear1D, ResizeBilinearV2, ResizeBicubic,
UpsampleTrilinear3D, adaptive average pooling), one output position at a
time: for each output index a source coordinate, the input taps it reads and
their weights, then every output element is the sum over the product of its
per-axis taps.  No matrices, no dualgrad.
"""
import itertools
import math

import numpy as np


def nearest_taps(i, n_in, n_out, scale=None, exact=False):
    """'nearest' reads floor(i * s), 'nearest-exact' floor((i + 0.5) * s), s the
    inverse scale (in / out, or 1 / scale_factor when one is used)."""
    s = n_in / n_out if scale is None else 1.0 / scale
    src = math.floor((i + 0.5) * s) if exact else math.floor(i * s)
    return {min(src, n_in - 1): 1.0}


def linear_taps(i, n_in, n_out, align_corners, scale=None, first_for_one=False):
    """Linear interpolation between floor(x) and the next position (clamped),
    x = i (in - 1) / (out - 1) with align_corners (0 for one output), else the
    half-pixel (i + 0.5) s - 0.5 clamped at 0."""
    if align_corners:
        x = i * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        s = n_in / n_out if scale is None else 1.0 / scale
        # ResizeLinear1D (mode 'linear') reads position 0 for a single output
        x = max((i + 0.5) * s - 0.5, 0.0) if n_out > 1 or not first_for_one else 0.0
    lo = math.floor(x)
    t = x - lo
    taps = {}
    for j, w in ((lo, 1.0 - t), (min(lo + 1, n_in - 1), t)):
        taps[j] = taps.get(j, 0.0) + w
    return taps


def _cubic(x, a):
    x = abs(x)
    if x <= 1:
        return ((a + 2) * x - (a + 3)) * x * x + 1
    if x < 2:
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return 0.0


def cubic_taps(i, n_in, n_out, align_corners):
    """ResizeBicubic: four taps around floor(x), their weights those of the offset
    x - floor(x) rounded to a multiple of 1/1024.  With align_corners, x = i (in -
    1) / (out - 1), coefficient -0.75, taps clamped to the edge; otherwise x is
    half-pixel, the coefficient -0.5 and taps outside the input drop out, the
    others renormalized to sum 1."""
    if align_corners:
        x, a = (i * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0), -0.75
    else:
        x, a = (i + 0.5) * n_in / n_out - 0.5, -0.5
    lo = math.floor(x)
    t = round((x - lo) * 1024) / 1024      # MindSpore's table of 1025 weights per tap
    taps = {}
    for k in range(-1, 3):
        j, w = lo + k, _cubic(t - k, a)
        if align_corners:
            j = min(max(j, 0), n_in - 1)
        elif not 0 <= j < n_in:
            continue
        taps[j] = taps.get(j, 0.0) + w
    if not align_corners:
        total = sum(taps.values())
        taps = {j: w / total for j, w in taps.items()}
    return taps


def area_taps(i, n_in, n_out):
    """Adaptive average pooling: the mean of floor(i in / out) .. ceil((i + 1) in / out)."""
    start, end = (i * n_in) // n_out, -((-(i + 1) * n_in) // n_out)
    return {j: 1.0 / (end - start) for j in range(start, end)}


def out_size(n_in, scale):
    return math.floor(n_in * scale)


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=False,
                recompute_scale_factor=False):
    """MindSpore's ops.interpolate on a NumPy array, element by element."""
    x = np.asarray(x, np.float64)
    nd = x.ndim - 2
    scales = None
    if scale_factor is not None:
        scales = (scale_factor,) * nd if np.isscalar(scale_factor) else tuple(scale_factor)
        size = tuple(out_size(n, s) for n, s in zip(x.shape[2:], scales))
        if recompute_scale_factor or mode == "area":
            scales = None
    size = (size,) * nd if np.isscalar(size) else tuple(size)
    per_axis = []
    for axis, (n_in, n_out) in enumerate(zip(x.shape[2:], size)):
        # along an axis whose length the scale keeps, the input itself (UpsampleNearest3D
        # and UpsampleTrilinear3D copy it whatever the scale)
        s = None if scales is None or n_in == n_out else scales[axis]
        if mode in ("nearest", "nearest-exact"):
            taps = [nearest_taps(i, n_in, n_out, s, mode == "nearest-exact")
                    for i in range(n_out)]
        elif mode in ("linear", "bilinear", "trilinear"):
            taps = [linear_taps(i, n_in, n_out, align_corners, s, mode == "linear")
                    for i in range(n_out)]
        elif mode == "bicubic":
            taps = [cubic_taps(i, n_in, n_out, align_corners) for i in range(n_out)]
        elif mode == "area":
            taps = [area_taps(i, n_in, n_out) for i in range(n_out)]
        else:
            raise ValueError(mode)
        per_axis.append(taps)
    out = np.zeros(x.shape[:2] + tuple(size))
    for index in itertools.product(*(range(n) for n in size)):
        total = np.zeros(x.shape[:2])
        for source in itertools.product(*(per_axis[a][i].items() for a, i in enumerate(index))):
            weight = math.prod(w for _, w in source)
            total += weight * x[(slice(None), slice(None)) + tuple(j for j, _ in source)]
        out[(slice(None), slice(None)) + index] = total
    return out


def pixel_shuffle(x, r):
    """out[..., c, h r + i, w r + j] = x[..., c r^2 + i r + j, h, w]."""
    *lead, c, h, w = x.shape
    out = np.zeros(tuple(lead) + (c // (r * r), h * r, w * r), x.dtype)
    for ch in range(c // (r * r)):
        for i in range(r):
            for j in range(r):
                out[..., ch, i::r, j::r] = x[..., ch * r * r + i * r + j, :, :]
    return out


def pixel_unshuffle(x, r):
    *lead, c, h, w = x.shape
    out = np.zeros(tuple(lead) + (c * r * r, h // r, w // r), x.dtype)
    for ch in range(c):
        for i in range(r):
            for j in range(r):
                out[..., ch * r * r + i * r + j, :, :] = x[..., ch, i::r, j::r]
    return out
