"""Image-quality measures: PSNR, SSIM and MSSSIM, in MindSpore 2.10's style.

Each compares two batches of images (N, C, H, W) and gives one value per
image, composed of ops (a fixed Gaussian convolution, means, logarithms), so
every mode differentiates it with respect to both images.
"""
import numpy as np

from .. import _dtypes, ops
from .._tensor import Tensor, wrap
from .cell import Cell
from .containers import CellList
from .conv import Conv2d

__all__ = ["PSNR", "SSIM", "MSSSIM"]


def _check_max_val(max_val, owner):
    if isinstance(max_val, bool) or not isinstance(max_val, (int, float)):
        raise TypeError(f"{owner}: max_val must be an int or a float, got "
                        f"{type(max_val).__name__}")
    if not max_val > 0:
        raise ValueError(f"{owner}: max_val must be > 0, got {max_val}")
    return max_val


def _check_float(value, name, owner, positive=False):
    if not isinstance(value, float):
        raise TypeError(f"{owner}: {name} must be a float, got {type(value).__name__}")
    if positive and not value > 0:
        raise ValueError(f"{owner}: {name} must be > 0, got {value}")
    return value


def _check_filter_size(filter_size, owner):
    if isinstance(filter_size, bool) or not isinstance(filter_size, int):
        raise TypeError(f"{owner}: filter_size must be an int, got {type(filter_size).__name__}")
    if filter_size < 1:
        raise ValueError(f"{owner}: filter_size must be >= 1, got {filter_size}")
    return filter_size


def _images(cell, img1, img2, dtypes):
    """The two image batches as float Tensors scaled to [0, 1] when integer, and
    the factor that scales max_val alike.  MindSpore's images are float32
    whatever their dtype; float64 ones stay float64 here (so that their
    derivatives can be checked in float64)."""
    owner = type(cell).__name__
    a = wrap(cell._input_value(img1, "img1"))
    b = wrap(cell._input_value(img2, "img2"))
    for name, img in (("img1", a), ("img2", b)):
        if img.ndim != 4:
            raise ValueError(f"{owner}: {name} must be a 4-D (N, C, H, W) tensor, got shape "
                             f"{img.shape}")
    dtype = _dtypes.to_numpy_dtype(a.dtype)
    if a.dtype != b.dtype or a.shape != b.shape:
        raise TypeError(f"{owner}: img1 and img2 must have one dtype and shape, got "
                        f"{a.dtype} {a.shape} and {b.dtype} {b.shape}")
    if dtype.name not in dtypes:
        raise TypeError(f"{owner}: img1 must be of dtype {', '.join(dtypes)}, got {dtype.name}")
    if dtype.kind in "iu":
        # an integer image spans its dtype's range: scaled to [0, 1] as MindSpore does
        scale = 1.0 / float(np.iinfo(dtype).max)
        return ops.cast(a, _dtypes.float32) * scale, ops.cast(b, _dtypes.float32) * scale, scale
    work = _dtypes.float64 if dtype == np.float64 else _dtypes.float32
    return ops.cast(a, work), ops.cast(b, work), 1.0


def _gaussian_window(size, sigma):
    """The (1, 1, size, size) Gaussian filter of MindSpore's SSIM, summing to 1
    (float32, centred on size // 2 for an odd size, off centre by one half for
    an even one, as MindSpore lays it out)."""
    offsets = np.arange(-size // 2 + 1, size // 2 + 1, dtype=np.float32)
    squares = offsets[:, None] ** 2 + offsets[None, :] ** 2
    g = np.exp(-squares / np.float32(2 * sigma ** 2))
    return (g / g.sum()).astype(np.float32)[None, None]


def _window_conv(filter_size, filter_sigma):
    """MindSpore's fixed filter: a 'valid' Conv2d of one channel, its ``weight``
    the Gaussian window and not trained."""
    conv = Conv2d(1, 1, filter_size, pad_mode="valid",
                  weight_init=Tensor(_gaussian_window(filter_size, filter_sigma)))
    conv.weight.requires_grad = False
    return conv


def _ssim_and_contrast(conv, img1, img2, c1, c2):
    """The mean over each image's positions, per channel, of the SSIM map and of
    its contrast-structure part (2 σ12 + c2) / (σ1² + σ2² + c2), the local
    means and (co)variances weighted by ``conv``'s window: two (N, C) Tensors."""
    n, c, h, w = img1.shape
    window = ops.cast(conv.weight, img1.dtype)       # (float64 images filtered in float64)

    def filtered(x):                       # each channel filtered on its own
        out = ops.conv2d(ops.reshape(x, (n * c, 1, h, w)), window, pad_mode="valid")
        return ops.reshape(out, (n, c) + out.shape[2:])
    mu1, mu2 = filtered(img1), filtered(img2)
    mu1_sq, mu2_sq, mu1_mu2 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma1_sq = filtered(img1 * img1) - mu1_sq
    sigma2_sq = filtered(img2 * img2) - mu2_sq
    sigma12 = filtered(img1 * img2) - mu1_mu2
    contrast_num = 2 * sigma12 + c2
    contrast_den = sigma1_sq + sigma2_sq + c2
    ssim = ((2 * mu1_mu2 + c1) * contrast_num) / ((mu1_sq + mu2_sq + c1) * contrast_den)
    return ops.mean(ssim, (2, 3)), ops.mean(contrast_num / contrast_den, (2, 3))


class PSNR(Cell):
    """The peak signal-to-noise ratio 10 log10(max_val² / MSE) of each pair of
    images of two (N, C, H, W) batches, the MSE over each image's C·H·W values:
    a Tensor of shape (N,), float32 (float64 for float64 images).  Integer
    images (and max_val with them) are scaled by their dtype's maximum first,
    as MindSpore's.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> img1 = ms.Tensor([[[[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]]]])
    >>> nn.PSNR()(img1, img1 + 2.0)
    Tensor(shape=[1], dtype=Float32, value= [-6.02059984e+00])
    """

    _DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
               "uint16", "uint32", "uint64")

    def __init__(self, max_val=1.0):
        super().__init__()
        self.max_val = _check_max_val(max_val, "PSNR")

    def construct(self, img1, img2):
        img1, img2, scale = _images(self, img1, img2, self._DTYPES)
        mse = ops.mean(ops.square(img1 - img2), (-3, -2, -1))
        return 10.0 * ops.log((self.max_val * scale) ** 2 / mse) / float(np.log(10.0))

    def extend_repr(self):
        return f"max_val={self.max_val}"


class SSIM(Cell):
    """The structural similarity index (Wang et al., 2004) of each pair of images
    of two (N, C, H, W) batches: the mean over channels and positions of

        (2 μ1 μ2 + c1)(2 σ12 + c2) / ((μ1² + μ2² + c1)(σ1² + σ2² + c2)),

    c1 = (k1 L)², c2 = (k2 L)², L = ``max_val``, the local means μ and
    (co)variances σ weighted by a ``filter_size`` Gaussian window of
    ``filter_sigma`` (the fixed ``conv.weight``, not trained) over the 'valid'
    positions (H and W at least filter_size).  A Tensor of shape (N,), float32
    (float64 for float64 images, which MindSpore refuses).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> img = ms.Tensor(np.ones([1, 3, 16, 16]).astype(np.float32))
    >>> nn.SSIM()(img, img)
    Tensor(shape=[1], dtype=Float32, value= [ 1.00000000e+00])
    """

    _DTYPES = ("float16", "float32", "float64")

    def __init__(self, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
        super().__init__()
        owner = type(self).__name__
        self.max_val = _check_max_val(max_val, owner)
        self.filter_size = _check_filter_size(filter_size, owner)
        self.filter_sigma = _check_float(filter_sigma, "filter_sigma", owner, positive=True)
        self.k1 = _check_float(k1, "k1", owner)
        self.k2 = _check_float(k2, "k2", owner)
        self.conv = _window_conv(filter_size, filter_sigma)

    def _constants(self, scale):
        max_val = self.max_val * scale
        return (self.k1 * max_val) ** 2, (self.k2 * max_val) ** 2

    def construct(self, img1, img2):
        img1, img2, scale = _images(self, img1, img2, self._DTYPES)
        if min(img1.shape[2:]) < self.filter_size:
            raise ValueError(f"{type(self).__name__}: img1's height and width must be at least "
                             f"filter_size ({self.filter_size}), got shape {img1.shape}")
        ssim, _ = _ssim_and_contrast(self.conv, img1, img2, *self._constants(scale))
        return ops.mean(ssim, -1)

    def extend_repr(self):
        return (f"max_val={self.max_val}, filter_size={self.filter_size}, "
                f"filter_sigma={self.filter_sigma}, k1={self.k1}, k2={self.k2}")


class MSSSIM(SSIM):
    """The multi-scale SSIM (Wang, Simoncelli and Bovik, 2003) of each pair of
    images of two (N, C, H, W) batches: at each of len(power_factors) scales
    (the images halved by 2×2 average pooling between scales) the contrast
    part cs of ``SSIM`` is taken, and at the last scale SSIM itself, each mean
    over channels and positions and clipped at 0 (ReLU); the result is the
    mean over channels of prod_j cs_j^{β_j} · ssim^{β_M}, β = ``power_factors``.
    Each scale's filter is a Parameter ``multi_convs_list.<j>.weight`` (not
    trained), as MindSpore's.  The images must keep at least ``filter_size``
    rows and columns at the last scale.  A Tensor of shape (N,), float32
    (float64 for float64 images).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> img = ms.Tensor(np.ones((1, 3, 64, 64)).astype(np.float32))
    >>> nn.MSSSIM(power_factors=(0.033, 0.033, 0.033))(img, img)
    Tensor(shape=[1], dtype=Float32, value= [ 1.00000000e+00])
    """

    _DTYPES = ("float16", "float32", "float64", "uint8")

    def __init__(self, max_val=1.0, power_factors=(0.0448, 0.2856, 0.3001, 0.2363, 0.1333),
                 filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
        Cell.__init__(self)
        owner = type(self).__name__
        self.max_val = _check_max_val(max_val, owner)
        if not isinstance(power_factors, (tuple, list)):
            raise TypeError(f"{owner}: power_factors must be a tuple or a list, got "
                            f"{type(power_factors).__name__}")
        if not power_factors or any(isinstance(p, bool) or not isinstance(p, (int, float))
                                    for p in power_factors):
            raise ValueError(f"{owner}: power_factors must hold one number per scale (at least "
                             f"one), got {power_factors!r}")
        self.power_factors = tuple(power_factors)
        self.filter_size = _check_filter_size(filter_size, owner)
        self.filter_sigma = _check_float(filter_sigma, "filter_sigma", owner, positive=True)
        self.k1 = _check_float(k1, "k1", owner)
        self.k2 = _check_float(k2, "k2", owner)
        self.level = len(self.power_factors)
        self.multi_convs_list = CellList([_window_conv(filter_size, filter_sigma)
                                          for _ in range(self.level)])

    def construct(self, img1, img2):
        owner = type(self).__name__
        img1, img2, scale = _images(self, img1, img2, self._DTYPES)
        smallest = min(img1.shape[2:]) // 2 ** (self.level - 1)
        if smallest < self.filter_size:
            raise ValueError(f"{owner}: img1's height and width, halved {self.level - 1} "
                             f"times, must be at least filter_size ({self.filter_size}), got "
                             f"shape {img1.shape}")
        c1, c2 = self._constants(scale)
        factors = []
        for level, conv in enumerate(self.multi_convs_list):
            ssim, contrast = _ssim_and_contrast(conv, img1, img2, c1, c2)
            # the last scale contributes its SSIM, the others their contrast part
            factors.append(ops.relu(ssim if level == self.level - 1 else contrast))
            if level < self.level - 1:
                img1 = ops.avg_pool2d(img1, 2, 2)
                img2 = ops.avg_pool2d(img2, 2, 2)
        stacked = ops.stack(factors, -1)
        powers = Tensor(np.asarray(self.power_factors, _dtypes.to_numpy_dtype(stacked.dtype)))
        return ops.mean(ops.prod(ops.pow(stacked, powers), -1), -1)

    def extend_repr(self):
        return f"power_factors={self.power_factors}, " + super().extend_repr()
