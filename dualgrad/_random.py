"""Random tensors and dropout.

Draws follow the initialisers' scheme (``nn.initializers``): without a
``seed`` argument each call takes a fresh generator seeded from NumPy's global
state, so ``dualgrad.set_seed(n)`` makes a program's draws reproducible (they
are not MindSpore's bits); with ``seed`` the call alone is reproducible.
"""
import numpy as np

from ._composite import _check_int, _check_size, _value
from ._dtypes import float32, to_numpy_dtype
from ._functions import check_real, floating
from ._structural import flag
from . import _elementwise as ew
from .nn.initializers import _generator


def _rng(seed, owner):
    if seed is None:
        return _generator()
    return np.random.default_rng(_check_int(seed, "seed", owner, 0))


def _size(size, owner, name="size"):
    """A shape from ints or one tuple/list of them."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    return _check_size(tuple(_check_int(n, name, owner, 0) for n in size), owner, name)


def _shape_argument(shape, owner):
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{owner}: shape must be a tuple of ints, got {type(shape).__name__}")
    return _size(tuple(shape), owner, "shape")


def _float_dtype(dtype, owner, default=np.float32):
    dt = np.dtype(default) if dtype is None else to_numpy_dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"{owner}: dtype must be a float type, got {dtype}")
    return dt


def rand(*size, dtype=None, seed=None):
    """Uniform draws from [0, 1) of shape ``size``, float32 unless ``dtype`` says
    otherwise.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ms.set_seed(1); a = ops.rand(2, 3)
    >>> ms.set_seed(1); b = ops.rand((2, 3))
    >>> a.shape, a.dtype == ms.float32, bool((a == b).all())
    ((2, 3), True, True)
    """
    shape = _size(size, "rand")
    return _rng(seed, "rand").random(shape).astype(_float_dtype(dtype, "rand"))


def randn(*size, dtype=None, seed=None):
    """Standard normal draws of shape ``size``, float32 unless ``dtype`` says otherwise."""
    shape = _size(size, "randn")
    return _rng(seed, "randn").standard_normal(shape).astype(_float_dtype(dtype, "randn"))


def randint(low, high, size, seed=None, *, dtype=None):
    """Integers drawn uniformly from [low, high), int64 unless ``dtype`` says otherwise.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ops.randint(0, 5, (3,), seed=2)
    >>> x.dtype == ms.int64, bool(((x >= 0) & (x < 5)).all())
    (True, True)
    """
    low, high = _check_int(low, "low", "randint"), _check_int(high, "high", "randint")
    if low >= high:
        raise ValueError(f"randint: low must be less than high, got {low} and {high}")
    shape = _shape_argument(size, "randint")
    dt = np.dtype(np.int64) if dtype is None else to_numpy_dtype(dtype)
    return _rng(seed, "randint").integers(low, high, shape).astype(dt)


def _bounds(value, name, owner):
    v = _value(value)
    if v.dtype.kind not in "biuf":
        raise TypeError(f"{owner}: {name} must be a tensor or a number, got "
                        f"{type(value).__name__}")
    return v


def _broadcast(shape, owner, **bounds):
    """The shape of draws of ``shape`` broadcast with the bounds' arrays."""
    try:
        return np.broadcast_shapes(shape, *(v.shape for v in bounds.values()))
    except ValueError:
        given = ", ".join(f"{name} {v.shape}" for name, v in bounds.items())
        raise ValueError(f"{owner}: shape {shape} and the shapes of {given} do not "
                         "broadcast") from None


def uniform(shape, minval, maxval, seed=None, dtype=float32):
    """Draws from [minval, maxval) (tensors that broadcast with ``shape``; as in
    MindSpore, ``shape`` draws are made and broadcast with them)."""
    shape = _shape_argument(shape, "uniform")
    low, high = _bounds(minval, "minval", "uniform"), _bounds(maxval, "maxval", "uniform")
    _broadcast(shape, "uniform", minval=low, maxval=high)
    dt = to_numpy_dtype(dtype)
    draws = _rng(seed, "uniform").random(shape)
    if dt.kind in "iu":
        return np.floor(low + draws * (high - low)).astype(dt)
    return (low + draws * (high - low)).astype(dt)


def normal(shape, mean, stddev, seed=None):
    """float32 draws from the normal distribution of ``mean`` and ``stddev`` (tensors
    that broadcast with ``shape``)."""
    shape = _shape_argument(shape, "normal")
    m, s = _bounds(mean, "mean", "normal"), _bounds(stddev, "stddev", "normal")
    out_shape = _broadcast(shape, "normal", mean=m, stddev=s)
    draws = _rng(seed, "normal").standard_normal(out_shape)
    return (m + s * draws).astype(np.float32)


def standard_normal(shape, seed=None):
    """float32 standard normal draws of ``shape``."""
    shape = _shape_argument(shape, "standard_normal")
    return _rng(seed, "standard_normal").standard_normal(shape).astype(np.float32)


def _like(input, dtype, owner):
    v = _value(input)
    if v.dtype.kind not in "biuf":
        raise TypeError(f"{owner}: input must be a tensor of real numbers, got dtype {v.dtype}")
    if dtype is None:
        return v.shape, (v.dtype if v.dtype.kind == "f" else np.dtype(np.float32))
    return v.shape, _float_dtype(dtype, owner)


def rand_like(input, seed=None, *, dtype=None):
    """``rand`` of input's shape, in its dtype (float32 for integer inputs)."""
    shape, dt = _like(input, dtype, "rand_like")
    return _rng(seed, "rand_like").random(shape).astype(dt)


def randn_like(input, seed=None, *, dtype=None):
    """``randn`` of input's shape, in its dtype (float32 for integer inputs)."""
    shape, dt = _like(input, dtype, "randn_like")
    return _rng(seed, "randn_like").standard_normal(shape).astype(dt)


def dropout_mask(shape, p, dtype, rng):
    """Keep each element with probability 1 - p, scaled by 1 / (1 - p) (all zero
    for p = 1), as a constant array."""
    if p >= 1:
        return np.zeros(shape, dtype)
    keep = rng.random(shape) >= p
    return (keep / (1.0 - p)).astype(dtype)


def dropout(input, p=0.5, training=True, seed=None):
    """Each element zeroed with probability ``p``, the others scaled by 1 / (1 - p),
    when ``training`` (``input`` itself otherwise); the gradient goes through the
    same mask (``ops.dropout`` has an example).
    """
    p = check_real(p, "p", "dropout")
    if not 0 <= p <= 1:
        raise ValueError(f"dropout: p must be in [0, 1], got {p}")
    if not flag(training, "training", "dropout") or p == 0:
        return input
    x = floating(input)
    v = _value(x)
    return ew.mul(x, dropout_mask(v.shape, p, v.dtype, _rng(seed, "dropout")))
