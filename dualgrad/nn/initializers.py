"""Weight initialisers, by name or object, as MindSpore's ``mindspore.common.initializer``.

``initializer(init, shape, dtype)`` returns a Tensor; ``initialize`` (used by
``Tensor(shape=..., init=...)``) returns the NumPy array.  Names are
case-insensitive and are MindSpore's aliases: ``'normal'`` (sigma 0.01),
``'uniform'`` (U(-0.07, 0.07)), ``'zeros'``/``'zero'``, ``'ones'``/``'one'``,
``'xavier_uniform'``, ``'xavier_normal'``, ``'he_uniform'``, ``'he_normal'``,
``'truncatednormal'``, ``'identity'``, ``'orthogonal'``, ``'variancescaling'``,
``'sparse'``, ``'dirac'`` (and the spellings without underscore).

Randomness follows MindSpore's scheme: each initialisation draws its own seed
from NumPy's global generator, so ``dualgrad.set_seed(n)`` (which seeds
``numpy.random`` as MindSpore's does) -- or ``np.random.seed(n)`` -- makes
initialisation reproducible.
"""
import math
import numbers

import numpy as np

from .. import _dtypes
from .._core import primal_value
from .._tensor import Tensor, value_of

__all__ = ["Initializer", "initializer", "initialize", "set_seed", "get_seed", "manual_seed",
           "seed", "initial_seed", "Zero", "One", "Constant", "Normal", "Uniform",
           "TruncatedNormal", "XavierUniform", "XavierNormal", "HeUniform", "HeNormal",
           "Identity", "Orthogonal", "VarianceScaling", "Sparse", "Dirac"]

_GLOBAL_SEED = None


def set_seed(seed):
    """Seed initialisation (and ``numpy.random``, as MindSpore does) for reproducible runs.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.initializers.set_seed(1); a = nn.Dense(3, 2).weight.asnumpy()
    >>> nn.initializers.set_seed(1); b = nn.Dense(3, 2).weight.asnumpy()
    >>> bool((a == b).all())
    True
    """
    global _GLOBAL_SEED
    _GLOBAL_SEED = _seed_numpy(seed)


def get_seed():
    """The seed given to ``set_seed`` (None if it was never called).

    >>> from dualgrad import nn
    >>> nn.initializers.set_seed(7); nn.initializers.get_seed()
    7
    """
    return _GLOBAL_SEED


def manual_seed(seed):
    """Seed the random draws (random ops, dropout, initialisers), as MindSpore's
    ``manual_seed`` seeds its default generator. Unlike ``set_seed`` it leaves
    ``get_seed()`` as it was; ``initial_seed()`` returns it.

    >>> import dualgrad as ms
    >>> ms.manual_seed(3); a = ms.ops.rand(2)
    >>> ms.manual_seed(3); b = ms.ops.rand(2)
    >>> bool((a == b).all()), ms.initial_seed()
    (True, 3)
    """
    global _INITIAL_SEED
    _INITIAL_SEED = _seed_numpy(seed)


def seed():
    """Seed the random draws from the operating system's entropy and return that seed
    (MindSpore's ``seed()``)."""
    chosen = int(np.random.SeedSequence().generate_state(1)[0])
    manual_seed(chosen)
    return chosen


def initial_seed():
    """The seed last given to ``manual_seed`` or chosen by ``seed()``; None before either
    (MindSpore reports 0 there, but dualgrad's draws are not seeded until then)."""
    return _INITIAL_SEED


_INITIAL_SEED = None


def _seed_numpy(seed):
    # Every draw derives from NumPy's global state (see _generator), whose seeds are 32-bit.
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected a non-negative int, got {type(seed).__name__}")
    if seed < 0 or seed >= 2 ** 32:
        raise ValueError(f"seed: expected an int in [0, 2**32), got {seed}")
    np.random.seed(int(seed))
    return int(seed)


def _generator():
    # One seed per initialisation from NumPy's global state (MindSpore's
    # ``_numpy_seed``): reproducible under set_seed, independent draws otherwise.
    return np.random.default_rng(int(np.random.randint(1, 2 ** 63 - 1, dtype=np.int64)))


# ---------------------------------------------------------------------------
# Fans and gains (MindSpore's formulas, which are PyTorch's)

def _fans(shape):
    if len(shape) < 2:
        raise ValueError(f"'fan_in' and 'fan_out' need a shape of at least 2 dimensions, got "
                         f"{tuple(shape)}")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fan(shape, mode):
    if not isinstance(mode, str) or mode.lower() not in ("fan_in", "fan_out"):
        raise ValueError(f"mode: expected 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = _fans(shape)
    return fan_in if mode.lower() == "fan_in" else fan_out


def _gain(nonlinearity, param=None):
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                        "conv_transpose2d", "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, numbers.Real):
            raise ValueError(f"negative_slope: expected a number, got {slope!r}")
        return math.sqrt(2.0 / (1 + slope ** 2))
    raise ValueError(f"nonlinearity: expected one of 'sigmoid', 'tanh', 'relu', 'leaky_relu' "
                     f"or a linear layer name, got {nonlinearity!r}")


def _truncated_normal(rng, shape, mean, sigma, a, b):
    """Normal(mean, sigma) restricted to the absolute interval [a, b] (MindSpore's bounds)."""
    if sigma < 0:
        raise ValueError(f"sigma: expected a value >= 0, got {sigma}")
    out = rng.normal(mean, sigma, shape)
    bad = (out < a) | (out > b)
    while bad.any():
        out[bad] = rng.normal(mean, sigma, int(bad.sum()))
        bad = (out < a) | (out > b)
    return out


# ---------------------------------------------------------------------------
# Initialiser objects

class Initializer:
    """Base class: ``init(shape, rng)`` returns a float64 array of values.

    Subclasses implement ``_values(shape, rng)``; ``initializer(obj, shape,
    dtype)`` casts the values to the dtype.

    >>> from dualgrad.nn.initializers import Constant, initializer
    >>> initializer(Constant(2.5), (2,))
    Tensor(shape=[2], dtype=Float32, value= [ 2.50000000e+00,  2.50000000e+00])
    """

    def _values(self, shape, rng):
        raise NotImplementedError(f"{type(self).__name__} must implement _values(shape, rng)")

    def __call__(self, arr):
        """Fill the ndarray ``arr`` in place (MindSpore's calling convention)."""
        arr[...] = self._values(arr.shape, _generator())
        return arr

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Zero(Initializer):
    """All zeros (``'zeros'``, ``'zero'``).

    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('zeros', (2,)).asnumpy().tolist()
    [0.0, 0.0]
    """

    def _values(self, shape, rng):
        return np.zeros(shape)


class One(Initializer):
    """All ones (``'ones'``, ``'one'``).

    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('ones', (2,)).asnumpy().tolist()
    [1.0, 1.0]
    """

    def _values(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    """Every element equal to ``value`` (what a number given as ``init`` means).

    >>> from dualgrad.nn.initializers import Constant, initializer
    >>> initializer(Constant(-1), (2,)).asnumpy().tolist()
    [-1.0, -1.0]
    """

    def __init__(self, value):
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            raise TypeError(f"value: expected a number, got {type(value).__name__}")
        self.value = value

    def _values(self, shape, rng):
        return np.full(shape, self.value)


class Normal(Initializer):
    """N(mean, sigma**2); ``'normal'`` is ``Normal(sigma=0.01)``.

    >>> from dualgrad.nn.initializers import Normal, initializer
    >>> bool(initializer(Normal(sigma=0.01), (100, 100)).asnumpy().std() < 0.02)
    True
    """

    def __init__(self, sigma=0.01, mean=0.0):
        if sigma < 0:
            raise ValueError(f"sigma: expected a value >= 0, got {sigma}")
        self.sigma = sigma
        self.mean = mean

    def _values(self, shape, rng):
        return rng.normal(self.mean, self.sigma, shape)


class Uniform(Initializer):
    """U(-scale, scale); ``'uniform'`` is ``Uniform(scale=0.07)``.

    >>> from dualgrad.nn.initializers import Uniform, initializer
    >>> bool(abs(initializer(Uniform(0.5), (50,)).asnumpy()).max() <= 0.5)
    True
    """

    def __init__(self, scale=0.07):
        self.scale = scale

    def _values(self, shape, rng):
        return rng.uniform(-self.scale, self.scale, shape)


class TruncatedNormal(Initializer):
    """N(mean, sigma**2) redrawn until inside ``[a, b]`` (absolute bounds, as MindSpore).

    >>> from dualgrad.nn.initializers import TruncatedNormal, initializer
    >>> bool(abs(initializer(TruncatedNormal(sigma=1.0), (1000,)).asnumpy()).max() <= 2.0)
    True
    """

    def __init__(self, sigma=0.01, mean=0.0, a=-2.0, b=2.0):
        if sigma < 0:
            raise ValueError(f"sigma: expected a value >= 0, got {sigma}")
        if not a < b:
            raise ValueError(f"TruncatedNormal: expected a < b, got a={a}, b={b}")
        self.sigma, self.mean, self.a, self.b = sigma, mean, a, b

    def _values(self, shape, rng):
        return _truncated_normal(rng, shape, self.mean, self.sigma, self.a, self.b)


class XavierUniform(Initializer):
    """U(-bound, bound) with bound = gain * sqrt(6 / (fan_in + fan_out)).

    >>> from dualgrad.nn.initializers import initializer
    >>> bool(abs(initializer('xavier_uniform', (20, 10)).asnumpy()).max() <= (6 / 30) ** 0.5)
    True
    """

    def __init__(self, gain=1):
        self.gain = gain

    def _values(self, shape, rng):
        fan_in, fan_out = _fans(shape)
        bound = self.gain * math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound, shape)


class XavierNormal(Initializer):
    """N(0, std**2) with std = gain * sqrt(2 / (fan_in + fan_out)).

    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('xavier_normal', (20, 10)).shape
    (20, 10)
    """

    def __init__(self, gain=1):
        self.gain = gain

    def _values(self, shape, rng):
        fan_in, fan_out = _fans(shape)
        return rng.normal(0.0, self.gain * math.sqrt(2.0 / (fan_in + fan_out)), shape)


class HeUniform(Initializer):
    """U(-bound, bound), bound = sqrt(3) * gain / sqrt(fan) (Kaiming uniform).

    ``'he_uniform'`` is ``HeUniform()`` (bound sqrt(6 / fan_in)); ``Dense``'s
    default weight init is ``HeUniform(math.sqrt(5))``, i.e. U(-1/sqrt(in), 1/sqrt(in)).

    >>> import math
    >>> from dualgrad.nn.initializers import HeUniform, initializer
    >>> bool(abs(initializer(HeUniform(math.sqrt(5)), (4, 100)).asnumpy()).max() <= 0.1)
    True
    """

    def __init__(self, negative_slope=0, mode="fan_in", nonlinearity="leaky_relu"):
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _values(self, shape, rng):
        std = _gain(self.nonlinearity, self.negative_slope) / math.sqrt(_fan(shape, self.mode))
        bound = math.sqrt(3.0) * std
        return rng.uniform(-bound, bound, shape)


class HeNormal(Initializer):
    """N(0, std**2), std = gain / sqrt(fan) (Kaiming normal); ``'he_normal'``.

    >>> from dualgrad.nn.initializers import initializer
    >>> print(initializer('he_normal', (3, 4)).dtype)
    Float32
    """

    def __init__(self, negative_slope=0, mode="fan_in", nonlinearity="leaky_relu"):
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _values(self, shape, rng):
        std = _gain(self.nonlinearity, self.negative_slope) / math.sqrt(_fan(shape, self.mode))
        return rng.normal(0.0, std, shape)


class Identity(Initializer):
    """The identity matrix (2-D shapes only).

    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('identity', (2, 2)).asnumpy().tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """

    def _values(self, shape, rng):
        if len(shape) != 2:
            raise ValueError(f"Identity initializer: expected a 2-D shape, got {tuple(shape)}")
        return np.eye(shape[0], shape[1])


class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix times ``gain`` (QR of a Gaussian matrix).

    >>> import numpy as np
    >>> from dualgrad.nn.initializers import initializer
    >>> q = initializer('orthogonal', (3, 3), np.float64).asnumpy()
    >>> bool(np.allclose(q @ q.T, np.eye(3)))
    True
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def _values(self, shape, rng):
        if len(shape) < 2:
            raise ValueError(f"Orthogonal initializer: expected at least 2 dimensions, got "
                             f"{tuple(shape)}")
        rows, cols = shape[0], math.prod(shape[1:])
        flat = rng.normal(0.0, 1.0, (rows, cols))
        if rows < cols:
            flat = flat.T
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (q * self.gain).reshape(shape)


class VarianceScaling(Initializer):
    """Scale / fan variance with a uniform, truncated or untruncated normal distribution.

    >>> from dualgrad.nn.initializers import VarianceScaling, initializer
    >>> initializer(VarianceScaling(distribution='uniform'), (4, 4)).shape
    (4, 4)
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal"):
        if scale <= 0:
            raise ValueError(f"scale: expected a value > 0, got {scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"mode: expected 'fan_in', 'fan_out' or 'fan_avg', got {mode!r}")
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"distribution: expected 'uniform', 'truncated_normal' or "
                             f"'untruncated_normal', got {distribution!r}")
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def _values(self, shape, rng):
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out,
               "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * scale)
            return rng.uniform(-limit, limit, shape)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, math.sqrt(scale), shape)
        # std of a unit normal truncated to [-2, 2] is 0.8796...: undo the shrinkage.
        std = math.sqrt(scale) / 0.87962566103423978
        return _truncated_normal(rng, shape, 0.0, std, -2.0 * std, 2.0 * std)


class Sparse(Initializer):
    """N(0, sigma**2) with a fraction ``sparsity`` of each column set to zero (2-D).

    >>> from dualgrad.nn.initializers import Sparse, initializer
    >>> int((initializer(Sparse(0.5), (4, 3)).asnumpy() == 0).sum())
    6
    """

    def __init__(self, sparsity, sigma=0.01):
        self.sparsity, self.sigma = sparsity, sigma

    def _values(self, shape, rng):
        if len(shape) != 2:
            raise ValueError(f"Sparse initializer: expected a 2-D shape, got {tuple(shape)}")
        rows, cols = shape
        zeros = int(np.ceil(self.sparsity * rows))
        data = rng.normal(0.0, self.sigma, shape)
        for c in range(cols):
            data[rng.permutation(rows)[:zeros], c] = 0.0
        return data


class Dirac(Initializer):
    """Dirac delta for 3-, 4- or 5-D convolution kernels (identity convolution).

    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('dirac', (2, 2, 3)).asnumpy()[:, :, 1].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """

    def __init__(self, groups=1):
        self.groups = groups

    def _values(self, shape, rng):
        if len(shape) not in (3, 4, 5):
            raise ValueError(f"Dirac initializer: expected a 3-, 4- or 5-D shape, got "
                             f"{tuple(shape)}")
        if shape[0] % self.groups:
            raise ValueError(f"Dirac initializer: dimension 0 ({shape[0]}) must be divisible "
                             f"by groups={self.groups}")
        out = np.zeros(shape)
        per_group = shape[0] // self.groups
        centre = tuple(n // 2 for n in shape[2:])
        for g in range(self.groups):
            for d in range(min(per_group, shape[1])):
                out[(g * per_group + d, d) + centre] = 1.0
        return out


_ALIASES = {
    "zeros": Zero, "zero": Zero, "ones": One, "one": One, "normal": Normal,
    "uniform": Uniform, "truncatednormal": TruncatedNormal,
    "xavier_uniform": XavierUniform, "xavieruniform": XavierUniform,
    "xavier_normal": XavierNormal, "xaviernormal": XavierNormal,
    "he_uniform": HeUniform, "heuniform": HeUniform,
    "he_normal": HeNormal, "henormal": HeNormal,
    "identity": Identity, "orthogonal": Orthogonal, "variancescaling": VarianceScaling,
    "sparse": Sparse, "dirac": Dirac,
}


def _check_shape(shape):
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
        raise TypeError(f"shape: expected a tuple or list of positive ints, got "
                        f"{type(shape).__name__}")
    shape = tuple(shape)
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"shape: expected positive ints, got {shape}")
        if n <= 0:
            raise ValueError(f"shape: expected positive ints, got {shape}")
    return tuple(int(n) for n in shape)


def _resolve(init):
    """An Initializer object (or an ndarray of given values) for ``init``."""
    if isinstance(init, Initializer):
        return init
    if isinstance(init, str):
        cls = _ALIASES.get(init.lower())
        if cls is None:
            raise ValueError(f"init: unknown initializer {init!r}; expected one of "
                             + ", ".join(repr(n) for n in sorted(_ALIASES)))
        if cls is Sparse:
            raise ValueError("init: 'sparse' needs a sparsity; pass Sparse(sparsity) instead")
        return cls()
    if isinstance(init, (Tensor, np.ndarray)):
        return np.asarray(primal_value(value_of(init)))
    if isinstance(init, numbers.Number) and not isinstance(init, bool):
        return Constant(init)
    raise TypeError(f"init: expected an initializer name, an Initializer, a number, a Tensor "
                    f"or a NumPy array, got {type(init).__name__}")


def initialize(init, shape, dtype=np.float32):
    """The initial values as a new NumPy array (what ``Tensor(shape=..., init=...)`` holds).

    >>> import numpy as np
    >>> from dualgrad.nn.initializers import initialize
    >>> initialize('ones', (2,), np.float64)
    array([1., 1.])
    """
    np_dtype = _dtypes.to_numpy_dtype(dtype)
    source = _resolve(init)
    if isinstance(source, np.ndarray):
        if shape is not None and tuple(source.shape) != tuple(shape):
            raise ValueError(f"init: a given array must have the shape {tuple(shape)}, got "
                             f"{tuple(source.shape)}")
        return np.array(source, dtype=np_dtype, copy=True)
    return np.asarray(source._values(_check_shape(shape), _generator()), dtype=np_dtype)


def initializer(init, shape=None, dtype=_dtypes.float32):
    """A Tensor of ``shape`` and ``dtype`` initialised by ``init`` (MindSpore's ``initializer``).

    ``init`` is a name (``'normal'``, ``'xavier_uniform'``, ...), an
    Initializer object, a number (constant) or a Tensor/array of that shape,
    which is returned with its own dtype as MindSpore does.

    >>> import dualgrad as ms
    >>> from dualgrad.nn.initializers import initializer
    >>> initializer('ones', [2, 3], ms.float32).shape
    (2, 3)
    """
    if isinstance(init, Tensor):
        if shape is not None and tuple(init.shape) != _check_shape(shape):
            raise ValueError(f"init: the Tensor's shape {tuple(init.shape)} differs from shape "
                             f"{_check_shape(shape)}")
        return init
    if isinstance(init, np.ndarray):
        return Tensor(initialize(init, None if shape is None else _check_shape(shape),
                                 init.dtype))
    if shape is None:
        raise ValueError("shape: required unless init is a Tensor or an array")
    return Tensor(initialize(init, shape, dtype))
