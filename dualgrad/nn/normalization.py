"""BatchNorm1d, BatchNorm2d, BatchNorm3d, SyncBatchNorm, GroupNorm, InstanceNorm1d,
InstanceNorm2d, InstanceNorm3d and LRN (local response normalization), in
MindSpore 2.10's style: its arguments, defaults and Parameter names
(``moving_mean`` named 'mean', ``moving_variance`` named 'variance', ``gamma``,
``beta``, prefixed by the cell's path once it is a sub-cell).

The normalizations are composed of the engine's primitives
(``dualgrad._normalization``), so every mode differentiates them to any order;
the moving statistics are non-trainable Parameters updated outside
differentiation.
"""
from contextlib import contextmanager

import numpy as np

from .. import _dtypes, _normalization as N, ops
from .._composite import _check_int
from .._parameter import Parameter
from .._core import shape_of
from .._tensor import Tensor, value_of, wrap
from .cell import Cell
from .initializers import initialize

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "GroupNorm",
           "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LRN"]


def _check_bool(value, name, owner):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
    return bool(value)


@contextmanager
def errors_named_for(owner, inner):
    """Re-raise a TypeError or ValueError of sub-cell ``inner``'s constructor
    naming ``owner``, the cell the user built."""
    try:
        yield
    except (TypeError, ValueError) as e:
        raise type(e)(str(e).replace(f"{inner}:", f"{owner}:", 1)) from None


def _channel_parameters(cell, num_channels, gamma_init, beta_init, affine, dtype):
    """``gamma`` and ``beta`` of ``cell``: one value per channel, trained when
    ``affine``."""
    np_dtype = _dtypes.to_numpy_dtype(dtype)
    cell.gamma = Parameter(Tensor(initialize(gamma_init, (num_channels,), np_dtype)),
                           name="gamma", requires_grad=affine)
    cell.beta = Parameter(Tensor(initialize(beta_init, (num_channels,), np_dtype)),
                          name="beta", requires_grad=affine)


def _shape(x):
    """x's shape (one example's under vmap), for a Tensor, an array or a box."""
    return tuple(shape_of(value_of(x)))


def _check_rank(x, ranks, owner):
    shape = _shape(x)
    if len(shape) not in ranks:
        raise ValueError(f"{owner}: x must have {' or '.join(map(str, ranks))} dims, got "
                         f"{len(shape)} (shape {shape})")


def _check_channels(x, axis, expected, owner, name):
    shape = _shape(x)
    if len(shape) < 2 or shape[axis] != expected:
        raise ValueError(f"{owner}: x must have {expected} channels ({name}) in dim {axis}, "
                         f"got shape {shape}")


class _ChannelNorm(Cell):
    """The normalizations with moving statistics (MindSpore's order and names:
    ``moving_mean`` named 'mean' and ``moving_variance`` named 'variance', not
    trained, then ``gamma`` and ``beta``, trained when ``affine``)."""

    def __init__(self, num_features, eps, momentum, affine, gamma_init, beta_init,
                 moving_mean_init, moving_var_init, dtype):
        super().__init__()
        owner = type(self).__name__
        self.num_features = _check_int(num_features, "num_features", owner, 1)
        self.eps = N.check_eps(eps, owner)
        self.momentum = N.check_momentum(momentum, owner)
        affine = _check_bool(affine, "affine", owner)
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        self.moving_mean = Parameter(Tensor(initialize(moving_mean_init, (num_features,),
                                                       np_dtype)),
                                     name="mean", requires_grad=False)
        self.moving_variance = Parameter(Tensor(initialize(moving_var_init, (num_features,),
                                                           np_dtype)),
                                         name="variance", requires_grad=False)
        _channel_parameters(self, num_features, gamma_init, beta_init, affine, dtype)

    def extend_repr(self):
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"gamma={self.gamma}, beta={self.beta}, moving_mean={self.moving_mean}, "
                f"moving_variance={self.moving_variance}")


class _BatchNorm(_ChannelNorm):
    """The batch normalizations; subclasses give the input ranks they take."""

    _ranks = ()

    def __init__(self, num_features, eps=1e-5, momentum=0.9, affine=True, gamma_init="ones",
                 beta_init="zeros", moving_mean_init="zeros", moving_var_init="ones",
                 use_batch_statistics=None, data_format="NCHW", dtype=_dtypes.float32):
        super().__init__(num_features, eps, momentum, affine, gamma_init, beta_init,
                         moving_mean_init, moving_var_init, dtype)
        owner = type(self).__name__
        if use_batch_statistics is not None and not isinstance(use_batch_statistics, bool):
            # (a ValueError, as MindSpore raises)
            raise ValueError(f"{owner}: use_batch_statistics must be a bool or None, got "
                             f"{use_batch_statistics!r}")
        self.use_batch_statistics = use_batch_statistics
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError(f"{owner}: data_format must be 'NCHW' or 'NHWC', got "
                             f"{data_format!r}")
        self.format = data_format

    def construct(self, x):
        owner = type(self).__name__
        x = wrap(self._input_value(x))
        _check_rank(x, self._ranks, owner)
        channel_axis = 1 if self.format == "NCHW" else -1
        _check_channels(x, channel_axis, self.num_features, owner, "num_features")
        use_batch = (self.training if self.use_batch_statistics is None
                     else self.use_batch_statistics)
        # MindSpore's momentum weighs the moving statistics, ops.batch_norm's the batch's.
        return N.run_batch_norm(x, self.moving_mean, self.moving_variance, self.gamma,
                                self.beta, use_batch, self.eps, 1.0 - self.momentum, owner,
                                channel_axis)


class BatchNorm1d(_BatchNorm):
    """Batch normalization of an (N, C) or (N, C, L) input, per channel C: in
    training mode (``set_train()``) with the batch's mean and biased variance
    (the gradient goes through both), while the moving statistics become
    momentum·moving + (1 - momentum)·batch (the unbiased variance), outside
    differentiation; out of training mode with the moving statistics.
    ``use_batch_statistics`` True or False overrides the mode.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> bn = nn.BatchNorm1d(2).set_train()
    >>> bn(ms.Tensor([[1.0, 2.0], [3.0, 6.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[-9.99994993e-01, -9.99998748e-01],
     [ 9.99994993e-01,  9.99998748e-01]])
    >>> bn.moving_mean.asnumpy().tolist(), bn.moving_variance.asnumpy().tolist()
    ([0.20000000298023224, 0.4000000059604645], [1.100000023841858, 1.7000000476837158])
    >>> [p.name for p in bn.trainable_params()]
    ['gamma', 'beta']
    """

    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization of an (N, C, H, W) input, per channel C (NHWC with
    ``data_format='NHWC'``); training and evaluation as ``BatchNorm1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> bn = nn.BatchNorm2d(3)
    >>> [(name, p.requires_grad) for name, p in bn.parameters_and_names()]
    [('moving_mean', False), ('moving_variance', False), ('gamma', True), ('beta', True)]
    >>> bn(ms.Tensor(np.ones((1, 3, 2, 2), np.float32))).shape     # eval: moving statistics
    (1, 3, 2, 2)
    """

    _ranks = (4,)


class BatchNorm3d(Cell):
    """Batch normalization of an (N, C, D, H, W) input, per channel C; training
    and evaluation as ``BatchNorm1d``.  As in MindSpore 2.10 it holds a
    ``BatchNorm2d`` sub-cell ``bn2d`` that normalizes the input viewed as
    (N, C, D·H, W), so its Parameters are named ``'bn2d.moving_mean'``,
    ``'bn2d.gamma'``... (MindSpore's checkpoints load into it).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> bn = nn.BatchNorm3d(2)
    >>> [p.name for p in bn.get_parameters()]
    ['bn2d.moving_mean', 'bn2d.moving_variance', 'bn2d.gamma', 'bn2d.beta']
    >>> bn(ms.Tensor(np.ones((1, 2, 2, 2, 2), np.float32))).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.9, affine=True, gamma_init="ones",
                 beta_init="zeros", moving_mean_init="zeros", moving_var_init="ones",
                 use_batch_statistics=None, dtype=_dtypes.float32):
        super().__init__()
        with errors_named_for("BatchNorm3d", "BatchNorm2d"):
            self.bn2d = BatchNorm2d(num_features, eps, momentum, affine, gamma_init, beta_init,
                                    moving_mean_init, moving_var_init, use_batch_statistics,
                                    "NCHW", dtype)

    def construct(self, x):
        x = wrap(self._input_value(x))
        _check_rank(x, (5,), "BatchNorm3d")
        _check_channels(x, 1, self.bn2d.num_features, "BatchNorm3d", "num_features")
        shape = _shape(x)
        out = self.bn2d(x.reshape(shape[:2] + (shape[2] * shape[3], shape[4])))
        return out.reshape(shape)


class SyncBatchNorm(_BatchNorm):
    """Batch normalization of an (N, C) or (N, C, H, W) input with the
    statistics of the whole batch across devices, MindSpore's
    ``SyncBatchNorm``: arguments, Parameters (``moving_mean`` named 'mean',
    ``moving_variance`` named 'variance', ``gamma``, ``beta``) and training as
    ``BatchNorm2d``.

    dualgrad runs in one process, on one device: the whole batch is the
    batch given, so ``SyncBatchNorm`` normalizes exactly as ``BatchNorm2d``
    (and ``BatchNorm1d`` for (N, C)), as MindSpore's does when it runs alone.
    ``process_groups`` is checked as MindSpore checks it with one device: None,
    0, or a list of lists of rank ids, which can only be ``[[0]]``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> bn = nn.SyncBatchNorm(2).set_train()
    >>> bn(ms.Tensor([[1.0, 2.0], [3.0, 6.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[-9.99994993e-01, -9.99998748e-01],
     [ 9.99994993e-01,  9.99998748e-01]])
    >>> [p.name for p in bn.get_parameters()]
    ['mean', 'variance', 'gamma', 'beta']
    """

    _ranks = (2, 4)

    def __init__(self, num_features, eps=1e-5, momentum=0.9, affine=True, gamma_init="ones",
                 beta_init="zeros", moving_mean_init="zeros", moving_var_init="ones",
                 use_batch_statistics=None, process_groups=None, dtype=_dtypes.float32):
        super().__init__(num_features, eps, momentum, affine, gamma_init, beta_init,
                         moving_mean_init, moving_var_init, use_batch_statistics, "NCHW", dtype)
        self.process_groups = _one_process_groups(process_groups, "SyncBatchNorm")


def _one_process_groups(groups, owner):
    """``process_groups`` checked against the one device there is (rank 0 of 1)."""
    if groups is None or (isinstance(groups, int) and not isinstance(groups, bool)
                          and groups == 0):
        return groups
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise TypeError(f"{owner}: process_groups must be None, 0 or a list of lists of rank "
                        f"ids, got {groups!r}")
    ranks = [r for g in groups for r in g]
    for r in ranks:
        if isinstance(r, bool) or not isinstance(r, int) or r != 0:
            raise ValueError(f"{owner}: the rank ids in process_groups must be in [0, 1) "
                             f"(dualgrad runs on one device), got {r!r}")
    if len(ranks) > 1:
        raise ValueError(f"{owner}: rank ids in process_groups must not be duplicated, got "
                         f"{groups!r}")
    return groups


class GroupNorm(Cell):
    """Group normalization of an (N, C, ...) input: the ``num_channels``
    channels split into ``num_groups`` groups, each group of each example
    normalized over its channels and the other axes (biased variance), then
    scaled by ``gamma`` and shifted by ``beta`` per channel.  Training and
    evaluation compute alike.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.GroupNorm(2, 4)(ms.Tensor([[1.0, 3.0, 0.0, 4.0]]))
    Tensor(shape=[1, 4], dtype=Float32, value=
    [[-9.99994993e-01,  9.99994993e-01, -9.99998748e-01,  9.99998748e-01]])
    """

    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, gamma_init="ones",
                 beta_init="zeros", dtype=_dtypes.float32):
        super().__init__()
        owner = "GroupNorm"
        self.num_groups = _check_int(num_groups, "num_groups", owner, 1)
        self.num_channels = _check_int(num_channels, "num_channels", owner, 1)
        if num_channels % num_groups:
            raise ValueError(f"{owner}: num_channels {num_channels} must be a multiple of "
                             f"num_groups {num_groups}")
        self.eps = N.check_eps(eps, owner)
        self.affine = _check_bool(affine, "affine", owner)
        _channel_parameters(self, num_channels, gamma_init, beta_init, self.affine, dtype)

    def construct(self, x):
        x = wrap(N.floating_input(self._input_value(x), "GroupNorm", "x"))
        _check_channels(x, 1, self.num_channels, "GroupNorm", "num_channels")
        return N.group_norm(x, self.num_groups, self.gamma, self.beta, self.eps)

    def extend_repr(self):
        return f"num_groups={self.num_groups}, num_channels={self.num_channels}"


class _InstanceNorm(_ChannelNorm):
    """The instance normalizations; subclasses give the input rank they take.
    The moving statistics are there for MindSpore's checkpoints: instance
    statistics never need them."""

    _rank = 0

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, gamma_init="ones",
                 beta_init="zeros", dtype=_dtypes.float32):
        super().__init__(num_features, eps, momentum, affine, gamma_init, beta_init, "zeros",
                         "ones", dtype)

    def construct(self, x):
        owner = type(self).__name__
        x = wrap(N.floating_input(self._input_value(x), owner, "x"))
        _check_rank(x, (self._rank,), owner)
        _check_channels(x, 1, self.num_features, owner, "num_features")
        # one group per channel: each channel of each example normalized alone
        return N.group_norm(x, self.num_features, self.gamma, self.beta, self.eps)


class InstanceNorm1d(_InstanceNorm):
    """Instance normalization of an (N, C, L) input: each channel of each example
    normalized over L (biased variance), then ``gamma`` and ``beta`` per
    channel, in training and evaluation alike.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.InstanceNorm1d(1)(ms.Tensor([[[1.0, 3.0]]]))
    Tensor(shape=[1, 1, 2], dtype=Float32, value=
    [[[-9.99994993e-01,  9.99994993e-01]]])
    """

    _rank = 3


class InstanceNorm2d(_InstanceNorm):
    """Instance normalization of an (N, C, H, W) input: each channel of each
    example normalized over H and W, as ``InstanceNorm1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.InstanceNorm2d(2)(ms.Tensor(np.arange(8.0).reshape(1, 2, 2, 2))).shape
    (1, 2, 2, 2)
    """

    _rank = 4


class InstanceNorm3d(_InstanceNorm):
    """Instance normalization of an (N, C, D, H, W) input: each channel of each
    example normalized over D, H and W, as ``InstanceNorm1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.InstanceNorm3d(2)(ms.Tensor(np.arange(16.0).reshape(1, 2, 2, 2, 2))).shape
    (1, 2, 2, 2, 2)
    """

    _rank = 5


class LRN(Cell):
    """Local response normalization across channels of an NCHW ``input_x``:
    out = x / (bias + alpha · s)^beta, s at channel c the sum of x² over the
    channels c - depth_radius .. c + depth_radius (those that exist), as
    MindSpore's ``ops.LRN`` (alpha is not divided by the window's size).
    MindSpore takes float16 and float32 inputs; float64 is taken too.
    MindSpore 2.10 deprecates it.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor(np.array([[[[0.1], [0.2]], [[0.3], [0.4]]]], np.float32))
    >>> nn.LRN()(x).asnumpy().astype(float).ravel().round(6).tolist()
    [0.095346, 0.182574, 0.286039, 0.365148]
    """

    def __init__(self, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5,
                 norm_region="ACROSS_CHANNELS"):
        super().__init__()
        owner = "LRN"
        self.depth_radius = _check_int(depth_radius, "depth_radius", owner, low=0)
        for name, value in (("bias", bias), ("alpha", alpha), ("beta", beta)):
            if not isinstance(value, float):
                raise TypeError(f"{owner}: {name} must be a float, got {type(value).__name__}")
        if norm_region != "ACROSS_CHANNELS":
            raise ValueError(f"{owner}: norm_region must be 'ACROSS_CHANNELS', got "
                             f"{norm_region!r}")
        self.bias, self.alpha, self.beta = bias, alpha, beta
        self.norm_region = norm_region

    def construct(self, input_x):
        x = wrap(self._input_value(input_x, "input_x"))
        if x.ndim != 4:
            raise ValueError(f"LRN: input_x must have 4 dimensions (NCHW), got shape "
                             f"{tuple(x.shape)}")
        if _dtypes.to_numpy_dtype(x.dtype).kind != "f":     # (not x's values: vmap)
            raise TypeError(f"LRN: input_x must be a float tensor, got dtype {x.dtype}")
        channels = x.shape[1]
        radius = min(self.depth_radius, channels - 1)  # (farther channels do not exist)
        squares = ops.pad(ops.square(x), (0, 0, 0, 0, radius, radius))
        window_sums = squares[:, 0:channels]
        for offset in range(1, 2 * radius + 1):
            window_sums = window_sums + squares[:, offset:offset + channels]
        return x / ops.pow(self.bias + self.alpha * window_sums, self.beta)

    def extend_repr(self):
        return (f"depth_radius={self.depth_radius}, bias={self.bias}, alpha={self.alpha}, "
                f"beta={self.beta}, norm_region={self.norm_region}")
