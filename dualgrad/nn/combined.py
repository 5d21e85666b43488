"""DenseBnAct and Conv2dBnAct: a Dense or Conv2d layer, an optional batch
normalization and an optional activation, as MindSpore 2.10 combines them."""
from .. import _normalization as N
from .._tensor import wrap
from .activations import LeakyReLU
from .cell import Cell
from .conv import Conv2d
from .layers import Dense, _activation_cell
from .normalization import BatchNorm1d, BatchNorm2d, _check_bool, errors_named_for

__all__ = ["DenseBnAct", "Conv2dBnAct"]


class _BnAct(Cell):
    """A layer ``self.<layer_name>``, then ``batchnorm`` when ``has_bn``, then
    ``activation`` when one is given; ``'leakyrelu'`` takes ``alpha``.

    ``after_fake`` is checked and kept: MindSpore 2.10 uses it only to mark
    where quantization-aware training inserts a fake-quantization op, and its
    cell computes nothing different with it, so neither does this one."""

    _layer_name = ""

    def _finish(self, out_channels, has_bn, momentum, eps, activation, alpha, after_fake,
                batch_norm):
        owner = type(self).__name__
        self.has_bn = _check_bool(has_bn, "has_bn", owner)
        self.after_fake = _check_bool(after_fake, "after_fake", owner)
        N.check_momentum(momentum, owner)
        N.check_eps(eps, owner)
        if has_bn:
            self.batchnorm = batch_norm(out_channels, eps, momentum)
        self.has_act = activation is not None
        if isinstance(activation, str) and activation.lower() == "leakyrelu":
            activation = LeakyReLU(alpha)
        self.activation = _activation_cell(activation, owner)

    def construct(self, x):
        x = getattr(self, self._layer_name)(wrap(self._input_value(x)))
        if self.has_bn:
            x = self.batchnorm(x)
        if self.has_act:
            x = self.activation(x)
        return x


class DenseBnAct(_BnAct):
    """``Dense(in_channels, out_channels, weight_init, bias_init, has_bias)``,
    then ``BatchNorm1d(out_channels, eps, momentum)`` when ``has_bn``, then the
    activation (a name of ``get_activation``, a Cell or a callable;
    ``'leakyrelu'`` with slope ``alpha``).  The sub-cells are ``dense``,
    ``batchnorm`` and ``activation``, so the parameters are named
    ``'dense.weight'``, ``'batchnorm.gamma'``..., as in MindSpore 2.10, whose
    defaults (``weight_init='normal'``, ``bias_init='zeros'``) these are.
    ``after_fake`` (quantization-aware training's marker) is checked and has
    no effect, as in MindSpore.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.DenseBnAct(3, 2, has_bn=True, activation='relu')
    >>> [p.name for p in net.trainable_params()]
    ['dense.weight', 'dense.bias', 'batchnorm.gamma', 'batchnorm.beta']
    >>> net(ms.Tensor(np.ones((4, 3), np.float32))).shape
    (4, 2)
    """

    _layer_name = "dense"

    def __init__(self, in_channels, out_channels, weight_init="normal", bias_init="zeros",
                 has_bias=True, has_bn=False, momentum=0.9, eps=1e-5, activation=None,
                 alpha=0.2, after_fake=True):
        super().__init__()
        with errors_named_for("DenseBnAct", "Dense"):
            self.dense = Dense(in_channels, out_channels, weight_init, bias_init, has_bias)
        self._finish(out_channels, has_bn, momentum, eps, activation, alpha, after_fake,
                     BatchNorm1d)


class Conv2dBnAct(_BnAct):
    """``Conv2d`` (MindSpore's arguments, with ``has_bias=False``,
    ``weight_init='normal'`` by default), then ``BatchNorm2d(out_channels, eps,
    momentum)`` when ``has_bn`` (momentum 0.997 by default), then the
    activation, as ``DenseBnAct``.  The sub-cells are ``conv``, ``batchnorm``
    and ``activation``; ``after_fake`` has no effect, as in MindSpore.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Conv2dBnAct(1, 2, 3, has_bn=True, activation='relu')
    >>> [p.name for p in net.trainable_params()]
    ['conv.weight', 'batchnorm.gamma', 'batchnorm.beta']
    >>> net(ms.Tensor(np.ones((1, 1, 5, 5), np.float32))).shape
    (1, 2, 5, 5)
    """

    _layer_name = "conv"

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, pad_mode="same",
                 padding=0, dilation=1, group=1, has_bias=False, weight_init="normal",
                 bias_init="zeros", has_bn=False, momentum=0.997, eps=1e-5, activation=None,
                 alpha=0.2, after_fake=True):
        super().__init__()
        with errors_named_for("Conv2dBnAct", "Conv2d"):
            self.conv = Conv2d(in_channels, out_channels, kernel_size=kernel_size,
                               stride=stride, pad_mode=pad_mode, padding=padding,
                               dilation=dilation, group=group, has_bias=has_bias,
                               weight_init=weight_init, bias_init=bias_init)
        self._finish(out_channels, has_bn, momentum, eps, activation, alpha, after_fake,
                     BatchNorm2d)
