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
    inverse scale (in / out, or 1 / scale_factor when one is used), all in
    float32 as the kernels compute; an output twice the input reads i // 2
    (UpsampleNearest3D's shortcut)."""
    if n_out == 2 * n_in and not exact:
        return {i // 2: 1.0}
    f = np.float32
    s = f(n_in) / f(n_out) if scale is None else f(1.0) / f(scale)
    src = math.floor((f(i) + f(0.5)) * s if exact else f(i) * s)
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


def out_size(n_in, scale, in_float32=False):
    """floor(n * scale): in float32 where the kernel takes the scale itself."""
    return math.floor(np.float32(n_in) * np.float32(scale) if in_float32 else n_in * scale)


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=False,
                recompute_scale_factor=False):
    """MindSpore's ops.interpolate on a NumPy array, element by element."""
    x = np.asarray(x, np.float64)
    nd = x.ndim - 2
    scales = None
    if scale_factor is not None:
        scales = (scale_factor,) * nd if np.isscalar(scale_factor) else tuple(scale_factor)
        direct = not recompute_scale_factor and mode != "area"
        size = tuple(out_size(n, s, direct) for n, s in zip(x.shape[2:], scales))
        if not direct:
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


# ---------------------------------------------------------------------------
# MindSpore 2.10's values, pinning the coordinate conventions.  Each case is
# (function, input shape, keyword arguments); the input is ``case_input(shape)``
# in float32.  "grad:" cases hold the gradient of sum(output * cotangent(shape))
# with respect to the input.  ``MINDSPORE`` was captured once by running this
# module with MindSpore's Python (``python resample_reference.py`` prints it).

CASES = {
    "nearest_3d": ("interpolate", (1, 2, 3), dict(size=5)),
    "nearest_4d_down": ("interpolate", (1, 1, 4, 3), dict(size=(3, 5))),
    "nearest_5d_scale": ("interpolate", (1, 1, 3, 2, 3), dict(scale_factor=(1.7, 1.5, 0.7))),
    "nearest_exact_3d": ("interpolate", (1, 2, 3), dict(size=7, mode="nearest-exact")),
    "nearest_exact_4d": ("interpolate", (1, 1, 5, 3), dict(size=(2, 5), mode="nearest-exact")),
    "linear": ("interpolate", (1, 2, 4), dict(size=7, mode="linear")),
    "linear_down": ("interpolate", (1, 1, 7), dict(size=3, mode="linear")),
    "linear_one": ("interpolate", (1, 1, 4), dict(size=1, mode="linear")),
    "linear_align": ("interpolate", (1, 2, 4), dict(size=7, mode="linear", align_corners=True)),
    "bilinear": ("interpolate", (1, 1, 4, 3), dict(size=(3, 5), mode="bilinear")),
    "bilinear_one": ("interpolate", (1, 1, 4, 3), dict(size=(1, 1), mode="bilinear")),
    "bilinear_align": ("interpolate", (1, 1, 4, 3),
                       dict(size=(3, 5), mode="bilinear", align_corners=True)),
    "bilinear_recompute": ("interpolate", (1, 1, 3, 4),
                           dict(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True)),
    "bicubic": ("interpolate", (1, 1, 3, 5), dict(size=(7, 3), mode="bicubic")),
    "bicubic_align": ("interpolate", (1, 1, 3, 5),
                      dict(size=(7, 3), mode="bicubic", align_corners=True)),
    "trilinear": ("interpolate", (1, 1, 3, 2, 3), dict(size=(2, 3, 4), mode="trilinear")),
    "trilinear_align": ("interpolate", (1, 1, 3, 2, 3),
                        dict(size=(2, 3, 4), mode="trilinear", align_corners=True)),
    "trilinear_scale": ("interpolate", (1, 1, 4, 2, 3),
                        dict(scale_factor=(1.3, 1.5, 0.7), mode="trilinear")),
    "area_3d": ("interpolate", (1, 2, 6), dict(size=3, mode="area")),
    "area_4d": ("interpolate", (1, 1, 5, 4), dict(size=(3, 2), mode="area")),
    "area_5d_scale": ("interpolate", (1, 1, 4, 2, 5), dict(scale_factor=0.5, mode="area")),
    "upsample": ("upsample", (1, 1, 2, 3),
                 dict(scale_factor=2.0, mode="bilinear", recompute_scale_factor=True)),
    "pixel_shuffle": ("pixel_shuffle", (1, 8, 2, 3), dict(upscale_factor=2)),
    "pixel_unshuffle": ("pixel_unshuffle", (2, 1, 2, 4), dict(downscale_factor=2)),
    "nearest_float32": ("interpolate", (1, 1, 14), dict(size=46)),
    "nearest_5d_size_float32": ("interpolate", (1, 1, 30, 1, 2),
                                dict(scale_factor=(2.1, 1.0, 1.0))),
    "nearest_5d_twice": ("interpolate", (1, 1, 3, 1, 1), dict(scale_factor=(2.2, 1.0, 1.0))),
    "grad:bicubic": ("interpolate", (1, 1, 3, 5), dict(size=(7, 3), mode="bicubic")),
    "grad:nearest_5d_scale": ("interpolate", (1, 1, 3, 2, 3),
                              dict(scale_factor=(1.7, 1.5, 0.7))),
    "grad:trilinear_scale": ("interpolate", (1, 1, 4, 2, 3),
                             dict(scale_factor=(1.3, 1.5, 0.7), mode="trilinear")),
}


MINDSPORE = \
{'nearest_3d': [[[0.1986693, 0.1986693, 0.539632, 0.539632, 0.8075581],
                 [0.966185, 0.966185, 0.9940432, 0.9940432, 0.8873624]]],
 'nearest_4d_down': [[[[0.1986693, 0.1986693, 0.539632, 0.539632, 0.8075581],
                       [0.966185, 0.966185, 0.9940432, 0.9940432, 0.8873624],
                       [0.6605812, 0.6605812, 0.3443935, 0.3443935, -0.0184063]]]],
 'nearest_5d_scale': [[[[[0.1986693, 0.539632], [0.1986693, 0.539632], [0.966185, 0.9940432]],
                        [[0.1986693, 0.539632], [0.1986693, 0.539632], [0.966185, 0.9940432]],
                        [[0.6605812, 0.3443935], [0.6605812, 0.3443935], [-0.3787149, -0.6877661]],
                        [[0.6605812, 0.3443935], [0.6605812, 0.3443935], [-0.3787149, -0.6877661]],
                        [[-0.9973811, -0.9560397], [-0.9973811, -0.9560397],
                         [-0.5082791, -0.162462]]]]],
 'nearest_exact_3d': [[[0.1986693, 0.1986693, 0.539632, 0.539632, 0.539632, 0.8075581, 0.8075581],
                       [0.966185, 0.966185, 0.9940432, 0.9940432, 0.9940432, 0.8873624,
                        0.8873624]]],
 'nearest_exact_4d': [[[[0.966185, 0.966185, 0.9940432, 0.8873624, 0.8873624],
                        [-0.3787149, -0.3787149, -0.6877661, -0.9037315, -0.9037315]]]],
 'linear': [[[0.1986693, 0.3204417, 0.5152776, 0.6735951, 0.8188886, 0.9095325, 0.966185],
             [0.9940432, 0.9559429, 0.8949825, 0.7739718, 0.6379963, 0.4573177, 0.3443935]]],
 'linear_down': [[[0.4259778, 0.966185, 0.8117686]]],
 'linear_one': [[[0.1986693]]],
 'linear_align': [[[0.1986693, 0.3691507, 0.539632, 0.6735951, 0.8075581, 0.8868716, 0.966185],
                   [0.9940432, 0.9407028, 0.8873624, 0.7739718, 0.6605812, 0.5024873, 0.3443935]]],
 'bilinear': [[[[0.3265886, 0.4421001, 0.6153672, 0.7386622, 0.8208588],
                [0.8133831, 0.7557172, 0.6692184, 0.5283741, 0.434478],
                [-0.205499, -0.3295953, -0.5157397, -0.6600024, -0.7561775]]]],
 'bilinear_one': [[[[0.6692184]]]],
 'bilinear_align': [[[[0.1986693, 0.3691507, 0.539632, 0.6735951, 0.8075581],
                      [0.8133831, 0.7413007, 0.6692184, 0.5518482, 0.434478],
                      [-0.3787149, -0.5332405, -0.6877661, -0.7957488, -0.9037315]]]],
 'bilinear_recompute': [[[[0.1986693, 0.3691507, 0.5842864, 0.7629038, 0.8868716, 0.966185],
                          [0.5168189, 0.5977715, 0.690398, 0.7370934, 0.7331178, 0.7174684],
                          [0.9940432, 0.9407028, 0.8495655, 0.698378, 0.5024873, 0.3443935],
                          [0.3865734, 0.2571446, 0.0816919, -0.1024036, -0.2764546, -0.4044817],
                          [-0.0184063, -0.1985606, -0.4302234, -0.6362576, -0.7957488,
                           -0.9037315]]]],
 'bicubic': [[[[0.2302199, 0.8521336, 1.1153811], [0.3483664, 0.7751509, 0.8756715],
               [0.6973872, 0.6376598, 0.309539], [0.8357693, 0.3443935, -0.2919388],
               [0.1763927, -0.2776034, -0.6147552], [-0.5910299, -0.8751447, -0.7909077],
               [-0.8960845, -1.1265149, -0.8827909]]]],
 'bicubic_align': [[[[0.1986693, 0.8075581, 0.9940432], [0.5026162, 0.7363442, 0.5849179],
                     [0.8458086, 0.6391273, 0.0981421], [0.8873624, 0.3443935, -0.3787149],
                     [0.4685654, -0.1290066, -0.6591], [-0.1542431, -0.6011374, -0.733599],
                     [-0.6877661, -0.9973811, -0.7853029]]]],
 'trilinear': [[[[[0.3141473, 0.4245692, 0.5321641, 0.6010671],
                  [0.4720537, 0.5096492, 0.5277522, 0.5203279],
                  [0.6299601, 0.5947292, 0.52334, 0.4395889]],
                 [[-0.5828905, -0.6129161, -0.6169242, -0.5935788],
                  [-0.5293893, -0.4874958, -0.4137568, -0.332752],
                  [-0.475888, -0.3620755, -0.2105895, -0.0719253]]]]],
 'trilinear_align': [[[[[0.1986693, 0.4259778, 0.6289407, 0.8075581],
                        [0.5824271, 0.7053674, 0.7937118, 0.8474603],
                        [0.966185, 0.9847572, 0.958483, 0.8873624]],
                       [[-0.9973811, -0.9698202, -0.8991275, -0.7853029],
                        [-0.7528301, -0.6237773, -0.4694938, -0.2899797],
                        [-0.5082791, -0.2777344, -0.0398602, 0.2053435]]]]],
 'trilinear_scale': [[[[[0.2717327, 0.7118702], [0.6219437, 0.8186665], [0.9721546, 0.9254626]],
                       [[0.4816788, 0.3191015], [0.2636358, 0.049492], [0.0455927, -0.2201174]],
                       [[-0.0762057, -0.2939081], [-0.2582957, -0.3697461],
                        [-0.4403858, -0.4455841]],
                       [[-0.6825756, -0.5081347], [-0.4233679, -0.1533096],
                        [-0.1641602, 0.2015155]],
                       [[0.5412108, 0.8444475], [0.7285558, 0.7780437], [0.9159007, 0.71164]]]]],
 'area_3d': [[[0.3691507, 0.8868716, 0.9407028], [0.5024873, -0.1985606, -0.7957488]]],
 'area_4d': [[[[0.6549267, 0.6946794], [-0.0781894, -0.3133509], [-0.4776348, 0.0158333]]]],
 'area_5d_scale': [[[[[0.0319933, 0.1282161]], [[0.1534309, 0.139784]]]]],
 'upsample': [[[[0.1986693, 0.28391, 0.4543914, 0.6066135, 0.7405766, 0.8075581],
                [0.3905482, 0.4562199, 0.5875632, 0.6968034, 0.7839406, 0.8275092],
                [0.7743061, 0.8008397, 0.8539069, 0.8771831, 0.8706686, 0.8674113],
                [0.966185, 0.9731495, 0.9870787, 0.967373, 0.9140326, 0.8873624]]]],
 'pixel_shuffle': [[[[0.1986693, 0.6605812, 0.539632, 0.3443935, 0.8075581, -0.0184063],
                     [-0.9973811, 0.5453568, -0.9560397, 0.8115585, -0.7853029, 0.9679196],
                     [0.966185, -0.3787149, 0.9940432, -0.6877661, 0.8873624, -0.9037315],
                     [-0.5082791, 0.9932774, -0.162462, 0.8841997, 0.2053435, 0.6554497]],
                    [[0.3379877, -0.9540192, -0.0252194, -0.7810657, -0.3850131, -0.5023986],
                     [0.8155213, -0.0320313, 0.9696094, -0.3912935, 0.9924655, -0.697596],
                     [-0.6926972, -0.1557341, -0.9066279, 0.2120082, -0.9978508, 0.5510561],
                     [0.880996, -0.9094821, 0.6502879, -0.9982741, 0.3315663, -0.9519544]]]],
 'pixel_unshuffle': [[[[0.1986693, 0.8075581]], [[0.539632, 0.966185]], [[0.9940432, 0.6605812]],
                      [[0.8873624, 0.3443935]]],
                     [[[-0.0184063, -0.6877661]], [[-0.3787149, -0.9037315]],
                      [[-0.9973811, -0.7853029]], [[-0.9560397, -0.5082791]]]],
 'nearest_float32': [[[0.1986693, 0.1986693, 0.1986693, 0.1986693, 0.539632, 0.539632, 0.539632,
                       0.8075581, 0.8075581, 0.8075581, 0.966185, 0.966185, 0.966185, 0.966185,
                       0.9940432, 0.9940432, 0.9940432, 0.8873624, 0.8873624, 0.8873624, 0.6605812,
                       0.6605812, 0.6605812, 0.6605812, 0.3443935, 0.3443935, 0.3443935, -0.0184063,
                       -0.0184063, -0.0184063, -0.3787149, -0.3787149, -0.3787149, -0.6877661,
                       -0.6877661, -0.6877661, -0.6877661, -0.9037315, -0.9037315, -0.9037315,
                       -0.9973811, -0.9973811, -0.9973811, -0.9560397, -0.9560397, -0.9560397]]],
 'nearest_5d_size_float32': [[[[[0.1986693, 0.539632]], [[0.1986693, 0.539632]],
                               [[0.1986693, 0.539632]], [[0.8075581, 0.966185]],
                               [[0.8075581, 0.966185]], [[0.9940432, 0.8873624]],
                               [[0.9940432, 0.8873624]], [[0.6605812, 0.3443935]],
                               [[0.6605812, 0.3443935]], [[-0.0184063, -0.3787149]],
                               [[-0.0184063, -0.3787149]], [[-0.6877661, -0.9037315]],
                               [[-0.6877661, -0.9037315]], [[-0.9973811, -0.9560397]],
                               [[-0.9973811, -0.9560397]], [[-0.7853029, -0.5082791]],
                               [[-0.7853029, -0.5082791]], [[-0.162462, 0.2053435]],
                               [[-0.162462, 0.2053435]], [[0.5453568, 0.8115585]],
                               [[0.5453568, 0.8115585]], [[0.9679196, 0.9932774]],
                               [[0.9679196, 0.9932774]], [[0.9679196, 0.9932774]],
                               [[0.8841997, 0.6554497]], [[0.8841997, 0.6554497]],
                               [[0.3379877, -0.0252194]], [[0.3379877, -0.0252194]],
                               [[-0.3850131, -0.6926972]], [[-0.3850131, -0.6926972]],
                               [[-0.9066279, -0.9978508]], [[-0.9066279, -0.9978508]],
                               [[-0.9540192, -0.7810657]], [[-0.9540192, -0.7810657]],
                               [[-0.5023986, -0.1557341]], [[-0.5023986, -0.1557341]],
                               [[0.2120082, 0.5510561]], [[0.2120082, 0.5510561]],
                               [[0.8155213, 0.9696094]], [[0.8155213, 0.9696094]],
                               [[0.9924655, 0.880996]], [[0.9924655, 0.880996]],
                               [[0.6502879, 0.3315663]], [[0.6502879, 0.3315663]],
                               [[0.6502879, 0.3315663]], [[-0.0320313, -0.3912935]],
                               [[-0.0320313, -0.3912935]], [[-0.697596, -0.9094821]],
                               [[-0.697596, -0.9094821]], [[-0.9982741, -0.9519544]],
                               [[-0.9982741, -0.9519544]], [[-0.7767922, -0.4964947]],
                               [[-0.7767922, -0.4964947]], [[-0.148999, 0.218663]],
                               [[-0.148999, 0.218663]], [[0.55673, 0.8194461]],
                               [[0.55673, 0.8194461]], [[0.9712542, 0.9916075]],
                               [[0.9712542, 0.9916075]], [[0.8777514, 0.6450958]],
                               [[0.8777514, 0.6450958]], [[0.3251294, -0.0388416]]]]],
 'nearest_5d_twice': [[[[[0.1986693]], [[0.1986693]], [[0.539632]], [[0.539632]], [[0.8075581]],
                        [[0.8075581]]]]],
 'grad:bicubic': [[[[1.7157038, 0.733986, 4.4101357, 2.2019582, 5.1471119],
                    [1.6400325, 0.7016134, 4.2156258, 2.10484, 4.9200964],
                    [1.715704, 0.733986, 4.4101362, 2.2019582, 5.1471119]]]],
 'grad:nearest_5d_scale': [[[[[8.0, 6.0, 0.0], [4.0, 6.0, 0.0]], [[8.0, 6.0, 0.0], [4.0, 6.0, 0.0]],
                             [[4.0, 3.0, 0.0], [2.0, 3.0, 0.0]]]]],
 'grad:trilinear_scale': [[[[[2.6442308, 1.923077, 2.1634617], [3.7019234, 2.6923075, 3.0288463]],
                            [[2.4175823, 1.7582417, 1.978022], [3.3846152, 2.4615383, 2.7692308]],
                            [[2.4931319, 1.8131868, 2.0398355], [3.4903846, 2.5384614, 2.8557699]],
                            [[2.2664835, 1.6483519, 1.8543961],
                             [3.1730771, 2.3076923, 2.5961542]]]]]}


def case_input(shape):
    return np.sin(np.arange(math.prod(shape)) * 0.37 + 0.2).reshape(shape).astype(np.float32)


def cotangent(shape):
    return (1.0 + np.arange(math.prod(shape)) % 3).reshape(shape).astype(np.float32)


def _capture():
    import mindspore as ms
    from mindspore import ops

    out = {}
    for name, (function, shape, kwargs) in CASES.items():
        fn = getattr(ops, function)
        x = ms.Tensor(case_input(shape))
        y = fn(x, **kwargs)
        if name.startswith("grad:"):
            w = ms.Tensor(cotangent(y.shape))
            y = ms.grad(lambda t: (fn(t, **kwargs) * w).sum())(x)
        out[name] = np.round(y.asnumpy().astype(np.float64), 7).tolist()
    return out


if __name__ == "__main__":
    import pprint
    pprint.pprint(_capture(), width=100, compact=True, sort_dicts=False)
