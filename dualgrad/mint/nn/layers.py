"""mint.nn's convolution, normalisation, dropout, embedding and flatten layers,
with PyTorch's argument names and conventions.

Their Parameters have mint's names and shapes (``weight`` and ``bias``;
BatchNorm's ``running_mean``, ``running_var`` and ``num_batches_tracked``),
their defaults are mint's (convolution weights from HeUniform(sqrt(5)),
i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), biases from the same interval;
normalisation weights 1 and biases 0; embeddings from N(0, 1)), and each
computes with ``dualgrad.mint.nn.functional`` or ``ops``.
"""
import math

import numpy as np

from ... import _dtypes, ops as _ops
from ..._core import primal_value
from ..._functions import check_real
from ..._normalization import _batch_norm, run_batch_norm
from ..._parameter import Parameter
from ..._tensor import Tensor, value_of, wrap
from ...nn.cell import Cell
from ...nn.initializers import HeUniform, Normal, Uniform, initialize
from ...nn.normalization import _check_bool
from . import functional as F

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d", "BatchNorm1d", "BatchNorm2d",
           "BatchNorm3d", "SyncBatchNorm", "LayerNorm", "GroupNorm", "Dropout", "Dropout2d",
           "Embedding", "Flatten"]


def _np_dtype(dtype, owner):
    """The NumPy dtype of the Parameters (``None``: float32)."""
    if dtype is None:
        return np.float32
    try:
        return _dtypes.to_numpy_dtype(dtype)
    except (TypeError, ValueError, KeyError):
        raise TypeError(f"{owner}: dtype must be a dtype such as ms.float32, got "
                        f"{dtype!r}") from None


def _int(value, name, owner, least):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")
    if value < least:
        raise ValueError(f"{owner}: {name} must be >= {least}, got {value}")
    return int(value)


def _ints(value, rank, name, owner, least):
    """An int or a tuple/list of ``rank`` ints, each >= ``least``, as a tuple."""
    if isinstance(value, (tuple, list)):
        if len(value) != rank:
            raise ValueError(f"{owner}: {name} must be an int or a tuple of {rank} ints, got "
                             f"{tuple(value)}")
        return tuple(_int(v, name, owner, least) for v in value)
    return (_int(value, name, owner, least),) * rank


class _MintCell(Cell):
    """A cell computing with a function of ``functional`` or ``ops`` whose errors
    name the cell."""

    def _tensor(self, x, name="input"):
        return wrap(self._input_value(x, name))

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError) as e:
            # the inner function's name ("conv2d: ...", "sub: ...") becomes the cell's
            head, sep, rest = str(e).partition(": ")
            if sep and head.isidentifier():
                raise type(e)(f"{type(self).__name__}: {rest}") from None
            raise


# ---------------------------------------------------------------------------
# Convolution

class _ConvNd(_MintCell):
    """The convolutions: ``weight`` (out_channels, in_channels / groups, *kernel_size)
    (transposed: (in_channels, out_channels / groups, *kernel_size)) and ``bias``
    (out_channels,) or None."""

    rank = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode='zeros', dtype=None):
        super().__init__()
        self._build(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                    bias, padding_mode, dtype)

    def _build(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
               bias, padding_mode, dtype, output_padding=0):
        owner, rank = type(self).__name__, self.rank
        self.in_channels = _int(in_channels, "in_channels", owner, 0)
        self.out_channels = _int(out_channels, "out_channels", owner, 0)
        self.groups = _int(groups, "groups", owner, 1)
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise ValueError(f"{owner}: in_channels ({in_channels}) and out_channels "
                             f"({out_channels}) must be divisible by groups ({groups})")
        self.kernel_size = _ints(kernel_size, rank, "kernel_size", owner, 1)
        self.stride = _ints(stride, rank, "stride", owner, 1)
        self.dilation = _ints(dilation, rank, "dilation", owner, 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid") or self.transposed:
                expected = "an int or a tuple" if self.transposed else "'same', 'valid', an int"
                raise ValueError(f"{owner}: padding must be {expected}, got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{owner}: padding='same' needs stride 1, got stride "
                                 f"{self.stride}")
            self.padding = padding
        else:
            self.padding = _ints(padding, rank, "padding", owner, 0)
        if self.transposed:
            self.output_padding = _ints(output_padding, rank, "output_padding", owner, 0)
            if padding_mode != "zeros":
                raise ValueError(f"{owner}: padding_mode must be 'zeros', got {padding_mode!r}")
        elif padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError(f"{owner}: padding_mode must be 'zeros', 'reflect', 'replicate' "
                             f"or 'circular', got {padding_mode!r}")
        self.padding_mode = padding_mode
        has_bias = _check_bool(bias, "bias", owner)
        np_dtype = _np_dtype(dtype, owner)
        if self.transposed:
            shape = (self.in_channels, self.out_channels // self.groups) + self.kernel_size
        else:
            shape = (self.out_channels, self.in_channels // self.groups) + self.kernel_size
        self.weight = Parameter(initialize(HeUniform(math.sqrt(5)), shape, np_dtype),
                                name="weight")
        self.bias = None
        if has_bias:
            fan_in = shape[1] * math.prod(self.kernel_size)
            init = Uniform(1 / math.sqrt(fan_in)) if fan_in else "zeros"
            self.bias = Parameter(initialize(init, (self.out_channels,), np_dtype), name="bias")

    def _explicit_padding(self):
        """(before, after) per spatial axis, last axis first (``pad``'s order)."""
        if self.padding == "valid":
            return (0, 0) * self.rank
        if self.padding == "same":
            pairs = []
            for d, k in zip(self.dilation, self.kernel_size):
                total = d * (k - 1)
                pairs.append((total // 2, total - total // 2))
            return tuple(v for pair in reversed(pairs) for v in pair)
        return tuple(v for p in reversed(self.padding) for v in (p, p))

    def construct(self, input):
        x = self._tensor(input)
        unbatched = len(x.shape) == self.rank + 1
        if unbatched:
            x = _ops.unsqueeze(x, 0)
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[self.rank]
        if self.padding_mode == "zeros":
            out = self._call(conv, x, self.weight, self.bias, self.stride, self.padding,
                             self.dilation, self.groups)
        else:
            padded = self._call(F.pad, x, self._explicit_padding(), self.padding_mode)
            out = self._call(conv, padded, self.weight, self.bias, self.stride, 0,
                             self.dilation, self.groups)
        return _ops.squeeze(out, 0) if unbatched else out

    def extend_repr(self):
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, dilation={self.dilation}, groups={self.groups}, "
                f"bias={self.bias is not None}")


class Conv1d(_ConvNd):
    """1-D cross-correlation of (N, C_in, L) or (C_in, L) inputs with ``weight``
    (out_channels, in_channels / groups, kernel_size), plus ``bias``.  ``padding``
    is an int, a 1-tuple, 'valid' or 'same' (stride 1; an odd total's extra
    element at the end); ``padding_mode`` 'zeros', 'reflect', 'replicate' or
    'circular' says what the padding holds.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> conv = mint.nn.Conv1d(2, 3, 3, padding='same')
    >>> [(p.name, p.shape) for p in conv.get_parameters()]
    [('weight', (3, 2, 3)), ('bias', (3,))]
    >>> conv(ms.Tensor(np.ones((4, 2, 5), np.float32))).shape
    (4, 3, 5)
    """

    rank = 1


class Conv2d(_ConvNd):
    """2-D cross-correlation of (N, C_in, H, W) or (C_in, H, W) inputs with
    ``weight`` (out_channels, in_channels / groups, kH, kW), plus ``bias``.
    ``kernel_size``, ``stride``, ``padding`` and ``dilation`` are ints or pairs;
    ``padding`` may be 'valid' or 'same' (stride 1); ``padding_mode`` 'zeros',
    'reflect', 'replicate' or 'circular'.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> conv = mint.nn.Conv2d(3, 4, (3, 2), stride=2, padding=1, bias=False)
    >>> conv.kernel_size, conv.stride, conv.padding, conv.bias
    ((3, 2), (2, 2), (1, 1), None)
    >>> conv(ms.Tensor(np.ones((1, 3, 8, 8), np.float32))).shape
    (1, 4, 4, 5)
    """


class Conv3d(_ConvNd):
    """3-D cross-correlation of (N, C_in, D, H, W) or (C_in, D, H, W) inputs with
    ``weight`` (out_channels, in_channels / groups, kD, kH, kW), plus ``bias``;
    arguments as ``Conv2d``'s, with triples.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Conv3d(2, 1, 2)(ms.Tensor(np.ones((1, 2, 3, 4, 5), np.float32))).shape
    (1, 1, 2, 3, 4)
    """

    rank = 3


class ConvTranspose2d(_ConvNd):
    """The transpose (gradient) of ``Conv2d`` with respect to its input: (N, C_in,
    H, W) to (N, C_out, (H - 1)·stride - 2·padding + dilation·(kH - 1) +
    output_padding + 1, ...), with ``weight`` (in_channels, out_channels / groups,
    kH, kW) and ``bias`` (out_channels,).  ``output_size`` (the last two sizes,
    or all four) picks the output_padding that gives it.  Only
    ``padding_mode='zeros'``, as in mint.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> up = mint.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)
    >>> up.weight.shape, up(ms.Tensor(np.ones((1, 2, 4, 4), np.float32))).shape
    ((2, 3, 3, 3), (1, 3, 8, 8))
    """

    transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                 dtype=None):
        _MintCell.__init__(self)
        self._build(in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
                    bias, padding_mode, dtype, output_padding)

    def _output_padding(self, x, output_size):
        if output_size is None:
            return self.output_padding
        owner = type(self).__name__
        shape = tuple(x.shape)
        sizes = tuple(output_size)
        if len(sizes) not in (2, len(shape)):
            raise ValueError(f"{owner}: output_size must have 2 or {len(shape)} elements, got "
                             f"{sizes}")
        sizes = sizes[-2:]
        result = []
        for d, size in enumerate(sizes):
            low = ((shape[d + 2] - 1) * self.stride[d] - 2 * self.padding[d]
                   + self.dilation[d] * (self.kernel_size[d] - 1) + 1)
            if not low <= size <= low + self.stride[d] - 1:
                raise ValueError(f"{owner}: output_size {sizes} is out of reach: for an input of "
                                 f"shape {shape} each size lies in [{low}, "
                                 f"{low + self.stride[d] - 1}] along axis {d + 2}")
            result.append(size - low)
        return tuple(result)

    def construct(self, input, output_size=None):
        x = self._tensor(input)
        unbatched = len(x.shape) == 3
        if unbatched:
            x = _ops.unsqueeze(x, 0)
        out = self._call(F.conv_transpose2d, x, self.weight, self.bias, self.stride,
                         self.padding, self._output_padding(x, output_size), self.groups,
                         self.dilation)
        return _ops.squeeze(out, 0) if unbatched else out


# ---------------------------------------------------------------------------
# Normalisation

class _BatchNorm(_MintCell):
    """Batch normalisation over every axis but the channels (axis 1), PyTorch's way."""

    ranks = ()

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True,
                 track_running_stats=True, dtype=None):
        super().__init__()
        owner = type(self).__name__
        self.num_features = _int(num_features, "num_features", owner, 1)
        self.eps = check_real(eps, "eps", owner)
        if self.eps <= 0:
            raise ValueError(f"{owner}: eps must be > 0, got {eps}")
        if momentum is not None:
            momentum = check_real(momentum, "momentum", owner)
            if not 0 <= momentum <= 1:
                raise ValueError(f"{owner}: momentum must be in [0, 1] or None, got {momentum}")
        self.momentum = momentum
        self.affine = _check_bool(affine, "affine", owner)
        self.track_running_stats = _check_bool(track_running_stats, "track_running_stats",
                                               owner)
        np_dtype = _np_dtype(dtype, owner)
        shape = (self.num_features,)
        self.weight = self.bias = None
        if self.affine:
            self.weight = Parameter(np.ones(shape, np_dtype), name="weight")
            self.bias = Parameter(np.zeros(shape, np_dtype), name="bias")
        self.running_mean = self.running_var = self.num_batches_tracked = None
        if self.track_running_stats:
            self.running_mean = Parameter(np.zeros(shape, np_dtype), name="running_mean",
                                          requires_grad=False)
            self.running_var = Parameter(np.ones(shape, np_dtype), name="running_var",
                                         requires_grad=False)
            self.num_batches_tracked = Parameter(np.array(0, np.int64),
                                                 name="num_batches_tracked",
                                                 requires_grad=False)

    def reset_running_stats(self):
        """running_mean 0, running_var 1 and num_batches_tracked 0."""
        if self.track_running_stats:
            self.running_mean.set_data(Tensor(np.zeros_like(self.running_mean.asnumpy())))
            self.running_var.set_data(Tensor(np.ones_like(self.running_var.asnumpy())))
            self.num_batches_tracked.set_data(Tensor(np.array(0, np.int64)))

    def reset_parameters(self):
        """The running statistics reset, weight 1 and bias 0."""
        self.reset_running_stats()
        if self.affine:
            self.weight.set_data(Tensor(np.ones_like(self.weight.asnumpy())))
            self.bias.set_data(Tensor(np.zeros_like(self.bias.asnumpy())))

    def construct(self, input):
        owner = type(self).__name__
        x = self._tensor(input)
        if len(x.shape) not in self.ranks:
            ranks = " or ".join(f"{r}-D" for r in self.ranks)
            raise ValueError(f"{owner}: input must be {ranks}, got shape {tuple(x.shape)}")
        if x.shape[1] != self.num_features:
            raise ValueError(f"{owner}: input must have num_features = {self.num_features} "
                             f"channels (axis 1), got shape {tuple(x.shape)}")
        if not self.track_running_stats:
            # no running statistics: the batch's, in and out of training mode
            return _batch_norm(x, None, None, self.weight, self.bias, True, self.eps, owner,
                               1)[0]
        if not self.training:
            return run_batch_norm(x, self.running_mean, self.running_var, self.weight,
                                  self.bias, False, self.eps, 0.0, owner)
        count = int(primal_value(value_of(self.num_batches_tracked))) + 1
        self.num_batches_tracked.set_data(Tensor(np.array(count, np.int64)))
        # momentum None: the running statistics are the cumulative average
        batch_weight = 1.0 / count if self.momentum is None else self.momentum
        return run_batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              True, self.eps, batch_weight, owner)

    def extend_repr(self):
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of an (N, C) or (N, C, L) input per channel C.  In
    training mode (``set_train()``) the batch's mean and biased variance
    normalise (the gradient goes through both), ``num_batches_tracked`` counts
    the batches and the running statistics become (1 - momentum)·running +
    momentum·batch (the unbiased variance; ``momentum=None``: the cumulative
    average), outside differentiation; out of training mode the running
    statistics normalise.  ``track_running_stats=False`` keeps none and always
    uses the batch's.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> bn = mint.nn.BatchNorm1d(2).set_train()
    >>> bn(ms.Tensor([[1.0, 2.0], [3.0, 6.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[-9.99994993e-01, -9.99998748e-01],
     [ 9.99994993e-01,  9.99998748e-01]])
    >>> bn.running_mean.asnumpy().tolist(), bn.running_var.asnumpy().tolist()
    ([0.20000000298023224, 0.4000000059604645], [1.100000023841858, 1.7000000476837158])
    >>> [p.name for p in bn.get_parameters()]
    ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    """

    ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of an (N, C, H, W) input per channel C; training and
    evaluation as ``BatchNorm1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.BatchNorm2d(3)
    BatchNorm2d(num_features=3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    """

    ranks = (4,)


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of an (N, C, D, H, W) input per channel C; training and
    evaluation as ``BatchNorm1d``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.BatchNorm3d(2)(ms.Tensor(np.ones((1, 2, 2, 2, 2), np.float32))).shape
    (1, 2, 2, 2, 2)
    """

    ranks = (5,)


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation of an (N, C), (N, C, L) or (N, C, H, W) input per
    channel C with the statistics of the whole batch across the processes of
    ``process_group``; training and evaluation as ``BatchNorm1d`` (PyTorch's
    conventions: ``weight``, ``bias``, ``running_mean``, ``running_var``,
    ``num_batches_tracked``, momentum 0.1).

    dualgrad runs in one process: the whole batch is the batch given, so it
    normalises exactly as ``BatchNorm1d``/``BatchNorm2d``, as MindSpore's
    does when there is nothing to synchronise with.  ``process_group`` (a
    group name, or None for all processes) is kept.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> bn = mint.nn.SyncBatchNorm(2).set_train()
    >>> bn(ms.Tensor([[1.0, 2.0], [3.0, 6.0]])).shape, bn.num_batches_tracked.asnumpy()
    ((2, 2), array(1))
    """

    ranks = (2, 3, 4)

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True,
                 track_running_stats=True, process_group=None, dtype=None):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype)
        if process_group is not None and not isinstance(process_group, str):
            raise TypeError(f"SyncBatchNorm: process_group must be a group name (str) or "
                            f"None, got {type(process_group).__name__}")
        self.process_group = process_group


class LayerNorm(_MintCell):
    """Normalisation over the last axes, those of ``normalized_shape`` (mean and
    biased variance of each example), then ``weight`` (normalized_shape, 1 at
    first) scales and ``bias`` (0 at first) shifts when ``elementwise_affine``
    (``bias=False``: no bias).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> ln = mint.nn.LayerNorm(2)
    >>> ln(ms.Tensor([[1.0, 3.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[-9.99994993e-01,  9.99994993e-01]])
    >>> ln
    LayerNorm(normalized_shape=(2,), eps=1e-05, elementwise_affine=True)
    """

    def __init__(self, normalized_shape, eps=1e-05, elementwise_affine=True, bias=True,
                 dtype=None):
        super().__init__()
        owner = "LayerNorm"
        if isinstance(normalized_shape, (int, np.integer)) and not isinstance(normalized_shape,
                                                                               bool):
            normalized_shape = (normalized_shape,)
        if not isinstance(normalized_shape, (tuple, list)):
            raise TypeError(f"{owner}: normalized_shape must be an int or a tuple/list of ints, "
                            f"got {type(normalized_shape).__name__}")
        if not normalized_shape:
            raise ValueError(f"{owner}: normalized_shape must hold at least one size, got "
                             f"{tuple(normalized_shape)}")
        self.normalized_shape = tuple(_int(n, "normalized_shape", owner, 1)
                                      for n in normalized_shape)
        self.eps = check_real(eps, "eps", owner)
        self.elementwise_affine = _check_bool(elementwise_affine, "elementwise_affine", owner)
        has_bias = _check_bool(bias, "bias", owner)
        np_dtype = _np_dtype(dtype, owner)
        self.weight = self.bias = None
        if self.elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, np_dtype), name="weight")
            if has_bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, np_dtype), name="bias")

    def construct(self, input):
        return self._call(_ops.layer_norm, self._tensor(input), self.normalized_shape,
                          self.weight, self.bias, self.eps)

    def extend_repr(self):
        return (f"normalized_shape={self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


class GroupNorm(_MintCell):
    """Group normalisation of an (N, C, ...) input: the ``num_channels`` channels
    in ``num_groups`` groups, each group of each example normalised (biased
    variance), then scaled by ``weight`` and shifted by ``bias`` per channel.
    As in mint, ``weight`` (1) and ``bias`` (0) exist also when ``affine`` is
    False, then not trained.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> gn = mint.nn.GroupNorm(2, 4, affine=False)
    >>> [(p.name, p.requires_grad) for p in gn.get_parameters()]
    [('weight', False), ('bias', False)]
    """

    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, dtype=None):
        super().__init__()
        owner = "GroupNorm"
        self.num_groups = _int(num_groups, "num_groups", owner, 1)
        self.num_channels = _int(num_channels, "num_channels", owner, 1)
        if self.num_channels % self.num_groups:
            raise ValueError(f"{owner}: num_channels ({num_channels}) must be divisible by "
                             f"num_groups ({num_groups})")
        if isinstance(eps, bool) or not isinstance(eps, (float, np.floating)):
            raise TypeError(f"{owner}: eps must be a float, got {type(eps).__name__}")
        self.eps = float(eps)
        self.affine = _check_bool(affine, "affine", owner)
        np_dtype = _np_dtype(dtype, owner)
        self.weight = Parameter(np.ones(self.num_channels, np_dtype), name="weight",
                                requires_grad=self.affine)
        self.bias = Parameter(np.zeros(self.num_channels, np_dtype), name="bias",
                              requires_grad=self.affine)

    def construct(self, input):
        return self._call(_ops.group_norm, self._tensor(input), self.num_groups, self.weight,
                          self.bias, self.eps)

    def extend_repr(self):
        return (f"num_groups={self.num_groups}, num_channels={self.num_channels}, "
                f"eps={self.eps}, affine={self.affine}")


# ---------------------------------------------------------------------------
# Dropout, embedding, flatten

class _DropoutBase(_MintCell):
    function = None

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        owner = type(self).__name__
        self.p = check_real(p, "p", owner)
        if not 0 <= self.p <= 1:
            raise ValueError(f"{owner}: p must be in [0, 1], got {p}")
        self.inplace = _check_bool(inplace, "inplace", owner)

    def construct(self, input):
        if not self.training or self.p == 0:
            return input
        return self._call(type(self).function, self._tensor(input), self.p, True, self.inplace)


class Dropout(_DropoutBase):
    """In training mode (``set_train()``) each element zeroed with probability
    ``p`` and the others scaled by 1 / (1 - p); out of it (the default) the
    input itself.  The masks follow ``dualgrad.set_seed``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> x = ms.Tensor(np.ones((2, 4), np.float32))
    >>> mint.nn.Dropout(p=0.25)(x) is x
    True
    >>> set(mint.nn.Dropout(p=0.5).set_train()(x).asnumpy().ravel().tolist()) <= {0.0, 2.0}
    True
    """

    function = staticmethod(F.dropout)


class Dropout2d(_DropoutBase):
    """In training mode whole channels (feature maps: the last two axes of an
    (N, C, H, W) or (C, H, W) input) zeroed with probability ``p``, the others
    scaled by 1 / (1 - p); out of it the input itself.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> out = mint.nn.Dropout2d(p=0.5).set_train()(ms.Tensor(np.ones((1, 8, 2, 2), np.float32)))
    >>> all(len(set(m.ravel().tolist())) == 1 for m in out.asnumpy()[0])
    True
    """

    function = staticmethod(F.dropout2d)


class Embedding(_MintCell):
    """A table ``weight`` (num_embeddings, embedding_dim), drawn from N(0, 1) (or
    ``_weight``), looked up at integer ids.  The row ``padding_idx`` starts at 0
    and gets no gradient; with ``max_norm`` the looked-up rows whose
    ``norm_type``-norm exceeds it are scaled down to it in the table;
    ``scale_grad_by_freq`` divides each row's gradient by its count in the
    input; ``_freeze`` leaves the table untrained.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> emb = mint.nn.Embedding(4, 2, padding_idx=0)
    >>> emb.weight.asnumpy()[0].tolist(), emb(ms.Tensor([[0, 3, 3]])).shape
    ([0.0, 0.0], (1, 3, 2))
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
                 norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None,
                 _freeze=False, dtype=None):
        super().__init__()
        owner = "Embedding"
        if _check_bool(sparse, "sparse", owner):
            raise ValueError(f"{owner}: sparse=True is not supported (as in mint)")
        self.sparse = False
        self.num_embeddings = _int(num_embeddings, "num_embeddings", owner, 1)
        self.embedding_dim = _int(embedding_dim, "embedding_dim", owner, 1)
        np_dtype = _np_dtype(dtype, owner)
        self.dtype = _dtypes.of_array(np.empty(0, np_dtype))
        if padding_idx is not None:
            if isinstance(padding_idx, bool) or not isinstance(padding_idx, (int, np.integer)):
                raise TypeError(f"{owner}: padding_idx must be an int or None, got "
                                f"{type(padding_idx).__name__}")
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise ValueError(f"{owner}: padding_idx must be in [{-self.num_embeddings}, "
                                 f"{self.num_embeddings}), got {padding_idx}")
            padding_idx = int(padding_idx)
        self.padding_idx = padding_idx
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is None:
            table = initialize(Normal(1.0, 0.0), shape, np_dtype)
            if padding_idx is not None:
                table[padding_idx] = 0
        else:
            table = np.array(primal_value(value_of(_weight)), copy=True)
            if table.shape != shape:
                raise ValueError(f"{owner}: _weight must have shape (num_embeddings, "
                                 f"embedding_dim) = {shape}, got {table.shape}")
        self.weight = Parameter(table, name="weight",
                                requires_grad=not _check_bool(_freeze, "_freeze", owner))
        self.max_norm = None if max_norm is None else check_real(max_norm, "max_norm", owner)
        self.norm_type = None if norm_type is None else check_real(norm_type, "norm_type",
                                                                   owner)
        self.scale_grad_by_freq = _check_bool(scale_grad_by_freq, "scale_grad_by_freq", owner)

    def construct(self, input):
        return self._call(_ops.embedding, self._tensor(input), self.weight, self.padding_idx,
                          self.max_norm, self.norm_type, self.scale_grad_by_freq)

    def extend_repr(self):
        return (f"num_embeddings={self.num_embeddings}, embedding_dim={self.embedding_dim}, "
                f"padding_idx={self.padding_idx}, max_norm={self.max_norm}, "
                f"norm_type={self.norm_type}, scale_grad_by_freq={self.scale_grad_by_freq}, "
                f"dtype={self.dtype}")


class Flatten(_MintCell):
    """The axes ``start_dim`` to ``end_dim`` merged into one (by default all but
    the batch axis).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Flatten()(ms.Tensor(np.ones((2, 3, 4), np.float32))).shape
    (2, 12)
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = _int(start_dim, "start_dim", "Flatten", -(2 ** 31))
        self.end_dim = _int(end_dim, "end_dim", "Flatten", -(2 ** 31))

    def construct(self, input):
        return self._call(F.flatten, self._tensor(input), self.start_dim, self.end_dim)
