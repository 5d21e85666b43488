"""Dropout, Dropout1d/2d/3d, Flatten, LayerNorm and ClipByNorm, in MindSpore's style."""
import numpy as np

from .. import _composite as C, _dtypes, _elementwise as ew, _functions as F, _random
from .._core import primal_value, shape_of
from .._normalization import normalize
from .._parameter import Parameter
from .._structural import _normalize_axes, constant
from .._tensor import value_of, wrap
from .cell import Cell
from .initializers import initialize

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "Flatten", "LayerNorm",
           "ClipByNorm"]


class Dropout(Cell):
    """In training mode (``set_train()``), each element zeroed with probability
    ``p`` = 1 - ``keep_prob`` and the others scaled by 1 / keep_prob, so the
    expected value is unchanged; the gradient goes through the same mask.  Out
    of training mode (the default) it returns its input.  Give ``p`` or
    ``keep_prob`` (``p`` wins), as MindSpore 2.x.  The masks follow
    ``dualgrad.set_seed``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> drop = nn.Dropout(p=0.5)
    >>> x = ms.Tensor(np.ones((2, 4), np.float32))
    >>> drop(x) is x
    True
    >>> sorted(set(drop.set_train()(x).asnumpy().ravel().tolist())) in ([0.0, 2.0], [2.0], [0.0])
    True
    """

    def __init__(self, keep_prob=0.5, p=None, dtype=_dtypes.float32):
        super().__init__()
        if p is not None:
            p = F.check_real(p, "p", "Dropout")
            if not 0 <= p < 1:
                raise ValueError(f"Dropout: p must be in [0, 1), got {p}")
            self.p = p
        else:
            keep_prob = F.check_real(keep_prob, "keep_prob", "Dropout")
            if not 0 < keep_prob <= 1:
                raise ValueError(f"Dropout: keep_prob must be in (0, 1], got {keep_prob}")
            self.p = 1.0 - keep_prob
        self.keep_prob = 1.0 - self.p

    def construct(self, x):
        if not self.training or self.p == 0:
            return x
        return wrap(_random.dropout(self._input_value(x), self.p, True))

    def extend_repr(self):
        return f"p={self.p}"


class _ChannelDropout(Cell):
    """Dropout of whole channels: in training mode each channel (axis 1, or
    axis 0 of an unbatched input) of each example zeroed with probability
    ``p`` and the others scaled by 1 / (1 - p); the input itself out of
    training mode or for p = 0.  ``p`` must be a float in [0, 1], as in
    MindSpore; the masks follow ``dualgrad.set_seed``."""

    _ranks = ()

    def __init__(self, p=0.5):
        super().__init__()
        owner = type(self).__name__
        if not isinstance(p, float):
            raise TypeError(f"{owner}: p must be a float, got {type(p).__name__}")
        if not 0 <= p <= 1:
            raise ValueError(f"{owner}: p must be in [0, 1], got {p}")
        self.p = p

    def construct(self, x):
        owner = type(self).__name__
        v = self._input_value(x)
        shape = tuple(shape_of(v))
        if len(shape) not in self._ranks:
            raise ValueError(f"{owner}: x must have {' or '.join(map(str, self._ranks))} dims, "
                             f"got {len(shape)} (shape {shape})")
        if not self.training or self.p == 0:
            return x
        v = F.floating(v)
        dtype = C._value(v).dtype             # (random draws under vmap are refused)
        # One draw per channel of each example, broadcast over the channel's
        # values; an unbatched input (Dropout1d's (C, L)) has its channels first.
        kept_axes = 1 if len(shape) < max(self._ranks) else 2
        mask_shape = shape[:kept_axes] + (1,) * (len(shape) - kept_axes)
        mask = _random.dropout_mask(mask_shape, self.p, dtype, _random._rng(None, owner))
        return wrap(ew.mul(v, mask))

    def extend_repr(self):
        return f"p={self.p}"


class Dropout1d(_ChannelDropout):
    """Channel dropout of an (N, C, L) or unbatched (C, L) input: in training mode
    (``set_train()``) each of the C channels of each example zeroed with
    probability ``p`` (a float), the kept ones scaled by 1 / (1 - p); the
    gradient is the same mask.  Out of training mode it returns its input.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> y = nn.Dropout1d(p=0.5).set_train()(ms.Tensor(np.ones((2, 3, 4), np.float32)))
    >>> sorted(set(y.asnumpy().std(axis=2).ravel().tolist()))   # each channel is constant
    [0.0]
    """

    _ranks = (2, 3)


class Dropout2d(_ChannelDropout):
    """Channel dropout of an (N, C, H, W) input, as ``Dropout1d``: each (H, W)
    plane is zeroed whole or scaled by 1 / (1 - p).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> drop = nn.Dropout2d(p=0.5)
    >>> x = ms.Tensor(np.ones((2, 3, 4, 4), np.float32))
    >>> drop(x) is x                                             # not training
    True
    """

    _ranks = (4,)


class Dropout3d(_ChannelDropout):
    """Channel dropout of an (N, C, D, H, W) input, as ``Dropout1d``: each
    (D, H, W) volume is zeroed whole or scaled by 1 / (1 - p).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> drop = nn.Dropout3d(p=1.0).set_train()                   # every channel dropped
    >>> drop(ms.Tensor(np.ones((1, 2, 1, 1, 1), np.float32))).asnumpy().ravel().tolist()
    [0.0, 0.0]
    """

    _ranks = (5,)


class Flatten(Cell):
    """Axes ``start_dim``..``end_dim`` merged into one (by default all but the first).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Flatten()(ms.Tensor(np.zeros((2, 3, 4)))).shape
    (2, 12)
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        C._check_int(start_dim, "start_dim", "Flatten")
        C._check_int(end_dim, "end_dim", "Flatten")
        self.start_dim, self.end_dim = start_dim, end_dim

    def construct(self, x):
        return wrap(C.flatten(self._input_value(x), start_dim=self.start_dim,
                              end_dim=self.end_dim))


class LayerNorm(Cell):
    """Layer normalisation: x normalised to mean 0 and variance 1 over the axes
    from ``begin_norm_axis`` on, then scaled by ``gamma`` and shifted by ``beta``
    (parameters of shape ``normalized_shape``, which must be x's shape from
    ``begin_params_axis`` on): (x - mean) / sqrt(var + epsilon) · gamma + beta,
    with the biased variance, as MindSpore.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> norm = nn.LayerNorm((3,))
    >>> norm(ms.Tensor([[1.0, 2.0, 3.0]]))
    Tensor(shape=[1, 3], dtype=Float32, value=
    [[-1.22474480e+00,  0.00000000e+00,  1.22474480e+00]])
    >>> [p.name for p in norm.trainable_params()]
    ['gamma', 'beta']
    """

    def __init__(self, normalized_shape, begin_norm_axis=-1, begin_params_axis=-1,
                 gamma_init="ones", beta_init="zeros", epsilon=1e-7, dtype=_dtypes.float32):
        super().__init__()
        if not isinstance(normalized_shape, (tuple, list)):
            raise TypeError(f"LayerNorm: normalized_shape must be a tuple or list of ints, got "
                            f"{type(normalized_shape).__name__}")
        self.normalized_shape = tuple(C._check_int(n, "normalized_shape", "LayerNorm", 1)
                                      for n in normalized_shape)
        self.begin_norm_axis = C._check_int(begin_norm_axis, "begin_norm_axis", "LayerNorm")
        self.begin_params_axis = C._check_int(begin_params_axis, "begin_params_axis",
                                              "LayerNorm")
        self.epsilon = F.check_real(epsilon, "epsilon", "LayerNorm")
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        self.gamma = Parameter(initialize(gamma_init, self.normalized_shape, np_dtype),
                               name="gamma")
        self.beta = Parameter(initialize(beta_init, self.normalized_shape, np_dtype),
                              name="beta")

    def construct(self, input_x):
        x = self._input_value(input_x, "input_x")
        shape = tuple(shape_of(x))
        nd = len(shape)
        norm_from = C._axis(self.begin_norm_axis, nd, "LayerNorm", "begin_norm_axis")
        params_from = C._axis(self.begin_params_axis, nd, "LayerNorm", "begin_params_axis")
        if shape[params_from:] != self.normalized_shape:
            raise ValueError(f"LayerNorm: the input's shape {shape} from begin_params_axis "
                             f"{self.begin_params_axis} must be normalized_shape "
                             f"{self.normalized_shape}")
        y = normalize(x, tuple(range(norm_from, nd)), self.epsilon)[0]
        return wrap(ew.add(ew.mul(y, value_of(self.gamma)), value_of(self.beta)))

    def extend_repr(self):
        return (f"normalized_shape={self.normalized_shape}, begin_norm_axis="
                f"{self.begin_norm_axis}, begin_params_axis={self.begin_params_axis}, "
                f"gamma={self.gamma}, beta={self.beta}")


class ClipByNorm(Cell):
    """``ClipByNorm(axis)(x, clip_norm)``: x scaled by clip_norm / max(l2, clip_norm),
    l2 the 2-norm of x over ``axis`` (None: every axis; kept as size-1 axes), so
    each slice's norm is at most clip_norm.  A slice of zeros is left as it is,
    with a finite derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ClipByNorm(axis=1)(ms.Tensor([[3.0, 4.0], [0.3, 0.4]]), ms.Tensor(1.0))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 6.00000024e-01,  8.00000012e-01],
     [ 3.00000012e-01,  4.00000006e-01]])
    """

    def __init__(self, axis=None):
        super().__init__()
        if axis is not None:
            items = axis if isinstance(axis, (tuple, list)) else (axis,)
            if not items or any(isinstance(a, bool) or not isinstance(a, int) for a in items):
                raise TypeError(f"ClipByNorm: axis must be None, an int or a tuple of ints, "
                                f"got {axis!r}")
        self.axis = axis

    def construct(self, x, clip_norm):
        owner = "ClipByNorm"
        v = self._input_value(x)
        dtype = np.asarray(primal_value(v)).dtype
        if dtype.kind != "f":
            raise TypeError(f"{owner}: x must hold floating-point numbers, got dtype {dtype}")
        clip = value_of(clip_norm)
        if np.asarray(primal_value(clip)).dtype.kind not in "iuf" or isinstance(clip_norm,
                                                                              bool):
            raise TypeError(f"{owner}: clip_norm must be a number or a real Tensor, got "
                            f"{type(clip_norm).__name__}")
        clip = F.cast(clip, dtype)
        axes = _normalize_axes(self.axis, len(shape_of(v)), "ClipByNorm: axis")
        l2 = C._safe_root(F.sum_(ew.mul(v, v), axes, True))
        divisor = F.where(constant(l2) > constant(clip), l2, clip)
        return wrap(ew.div(ew.mul(v, clip), divisor))
