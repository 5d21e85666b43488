"""Activation cells with MindSpore's names, arguments and printing.

Each is built from the engine's primitives, so every differentiation mode
(reverse, Dual, HyperDual, nested) goes through them with exact derivatives.
At kinks the derivative is MindSpore's (see ``dualgrad._functions``).  As in
MindSpore, a cell's repr does not show its arguments (``LeakyReLU()``).
"""

import numpy as np

from .. import _functions as F
from .._composite import _value
from .._core import primal_value
from .._parameter import Parameter
from .._tensor import Tensor, value_of, wrap
from .cell import Cell

__all__ = ["ReLU", "Tanh", "Sigmoid", "Softplus", "GELU", "SiLU", "LeakyReLU", "ELU", "CELU",
           "SeLU", "ReLU6", "Hardtanh", "HSigmoid", "HSwish", "Mish", "Softsign", "Tanhshrink",
           "LogSigmoid", "Softmax", "LogSoftmax", "Softmin", "get_activation", "SoftShrink",
           "HShrink", "Threshold", "GLU", "PReLU", "Softmax2d", "RReLU", "FastGelu"]


class _Elementwise(Cell):
    """An activation without arguments: ``function`` of the input, elementwise."""

    function = None

    def construct(self, x):
        return wrap(type(self).function(self._input_value(x)))


class ReLU(_Elementwise):
    """max(x, 0) elementwise; its derivative at 0 is 0, as MindSpore's.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReLU()(ms.Tensor([-1.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  2.00000000e+00])
    """

    function = staticmethod(F.relu)


class Tanh(_Elementwise):
    """tanh(x) elementwise.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Tanh()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    function = staticmethod(F.tanh)


class Sigmoid(_Elementwise):
    """1 / (1 + exp(-x)) elementwise.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Sigmoid()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 5.00000000e-01])
    """

    function = staticmethod(F.sigmoid)


class Softplus(Cell):
    """log(1 + exp(beta * x)) / beta elementwise (``ops.softplus``'s parameters).

    MindSpore 2.10 has no ``nn.Softplus`` cell; this one follows
    ``ops.softplus(input, beta=1, threshold=20)``.  The engine evaluates
    softplus stably for every x, so ``threshold`` (where MindSpore switches to
    the identity, a change below exp(-threshold)) is accepted and not needed.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Softplus()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 6.93147182e-01])
    """

    def __init__(self, beta=1, threshold=20):
        super().__init__()
        for name, v in (("beta", beta), ("threshold", threshold)):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError(f"Softplus: {name} must be a number, got {type(v).__name__}")
        if beta == 0:
            raise ValueError("Softplus: beta must be non-zero")
        self.beta = beta
        self.threshold = threshold

    def construct(self, x):
        v = self._input_value(x)
        if self.beta == 1:
            return wrap(F.softplus(v))
        return wrap(F.div(F.softplus(F.mul(v, self.beta)), self.beta))

    def extend_repr(self):
        if self.beta == 1 and self.threshold == 20:
            return ""
        return f"beta={self.beta}, threshold={self.threshold}"


class GELU(Cell):
    """Gaussian error linear unit; MindSpore's default ``approximate=True`` is the tanh form.

    ``approximate=True``: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)));
    ``approximate=False``: x * Phi(x) = 0.5 x (1 + erf(x / sqrt(2))).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor([2.0])
    >>> round(nn.GELU()(x).item(), 6), round(nn.GELU(approximate=False)(x).item(), 6)
    (1.954598, 1.9545)
    """

    def __init__(self, approximate=True):
        super().__init__()
        if not isinstance(approximate, bool):
            raise TypeError(f"GELU: approximate must be a bool, got "
                            f"{type(approximate).__name__}")
        self.approximate = approximate

    def construct(self, x):
        v = self._input_value(x)
        return wrap(F.gelu_tanh(v) if self.approximate else F.gelu(v))


class SiLU(_Elementwise):
    """x * sigmoid(x) elementwise (swish).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SiLU()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    function = staticmethod(F.silu)


class LeakyReLU(Cell):
    """x for x >= 0, alpha * x below (MindSpore's default alpha is 0.2).

    Computed as MindSpore does, max(alpha x, x) (min for alpha > 1), so at 0
    the derivative is the tie's (1 + alpha) / 2.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LeakyReLU()(ms.Tensor([-2.0, 3.0]))
    Tensor(shape=[2], dtype=Float32, value= [-4.00000006e-01,  3.00000000e+00])
    """

    def __init__(self, alpha=0.2):
        super().__init__()
        self.alpha = F.check_real(alpha, "alpha", "LeakyReLU")

    def construct(self, x):
        return wrap(F.leaky_relu(self._input_value(x), self.alpha))


class ELU(Cell):
    """Exponential linear unit: x for x >= 0, alpha (exp(x) - 1) below.

    The derivative at 0 is 1 and the second derivative 0 (the linear side),
    as MindSpore's SeLU and CELU have them.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ELU()(ms.Tensor([-1.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [-6.32120550e-01,  2.00000000e+00])
    """

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = F.check_real(alpha, "alpha", "ELU")

    def construct(self, x):
        return wrap(F.elu(self._input_value(x), self.alpha))


class CELU(Cell):
    """Continuously differentiable ELU: x for x >= 0, alpha (exp(x / alpha) - 1) below.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.CELU(2.0)(ms.Tensor([-2.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [-1.26424110e+00,  2.00000000e+00])
    """

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = F.check_real(alpha, "alpha", "CELU")
        if self.alpha == 0:
            raise ValueError("CELU: alpha must not be 0")

    def construct(self, x):
        return wrap(F.celu(self._input_value(x), self.alpha))


class SeLU(_Elementwise):
    """Scaled ELU, scale * (x for x >= 0, alpha (exp(x) - 1) below), with the
    self-normalising constants alpha = 1.67326324, scale = 1.05070099.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SeLU()(ms.Tensor([1.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 1.05070102e+00])
    """

    function = staticmethod(F.selu)


class ReLU6(_Elementwise):
    """min(max(x, 0), 6); the derivative is 1 on (0, 6] and 0 elsewhere (MindSpore's).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReLU6()(ms.Tensor([-1.0, 3.0, 8.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  3.00000000e+00,  6.00000000e+00])
    """

    function = staticmethod(F.relu6)


class Hardtanh(Cell):
    """x clipped to [min_val, max_val]; at a bound the derivative is 1/2 (MindSpore's).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Hardtanh()(ms.Tensor([-3.0, 0.5, 3.0]))
    Tensor(shape=[3], dtype=Float32, value= [-1.00000000e+00,  5.00000000e-01,  1.00000000e+00])
    """

    def __init__(self, min_val=-1.0, max_val=1.0):
        super().__init__()
        self.min_val = F.check_real(min_val, "min_val", "Hardtanh")
        self.max_val = F.check_real(max_val, "max_val", "Hardtanh")
        if self.min_val >= self.max_val:
            raise ValueError(f"Hardtanh: min_val must be less than max_val, got {min_val} "
                             f"and {max_val}")

    def construct(self, x):
        return wrap(F.hardtanh(self._input_value(x), self.min_val, self.max_val))


class HSigmoid(_Elementwise):
    """Hard sigmoid, relu6(x + 3) / 6; the derivative is 1/6 on (-3, 3) (MindSpore's).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HSigmoid()(ms.Tensor([-4.0, 0.0, 1.5]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  5.00000000e-01,  7.50000000e-01])
    """

    function = staticmethod(F.hardsigmoid)


class HSwish(_Elementwise):
    """Hard swish, x relu6(x + 3) / 6; the derivative is (2x + 3) / 6 on [-3, 3]
    (MindSpore's).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HSwish()(ms.Tensor([-4.0, 1.5, 4.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  1.12500000e+00,  4.00000000e+00])
    """

    function = staticmethod(F.hardswish)


class Mish(_Elementwise):
    """x tanh(softplus(x)).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> round(nn.Mish()(ms.Tensor([1.0])).item(), 6)
    0.865098
    """

    function = staticmethod(F.mish)


class Softsign(_Elementwise):
    """x / (1 + |x|).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Softsign()(ms.Tensor([-3.0, 1.0]))
    Tensor(shape=[2], dtype=Float32, value= [-7.50000000e-01,  5.00000000e-01])
    """

    function = staticmethod(F.softsign)


class Tanhshrink(_Elementwise):
    """x - tanh(x).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Tanhshrink()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    function = staticmethod(F.tanhshrink)


class LogSigmoid(_Elementwise):
    """log(sigmoid(x)), computed as -softplus(-x) so it stays finite for large |x|.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LogSigmoid()(ms.Tensor([-200.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [-2.00000000e+02, -6.93147182e-01])
    """

    function = staticmethod(F.logsigmoid)


class _OverAxis(Cell):
    """An activation normalising over ``axis`` (-1 by default)."""

    function = None

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = F.check_axis(axis, type(self).__name__)

    def construct(self, x):
        return wrap(type(self).function(self._input_value(x), self.axis))


class Softmax(_OverAxis):
    """exp(x) / sum(exp(x)) over ``axis`` (an int or a tuple of ints), computed
    after subtracting the maximum so that large inputs do not overflow.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Softmax()(ms.Tensor([0.0, np.log(3.0)]))
    Tensor(shape=[2], dtype=Float32, value= [ 2.50000000e-01,  7.50000000e-01])
    """

    function = staticmethod(F.softmax)


class LogSoftmax(_OverAxis):
    """log(softmax(x)) over ``axis``, as (x - max) - log(sum(exp(x - max))): finite
    wherever softmax underflows to 0.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.LogSoftmax()(ms.Tensor([0.0, 1000.0]))
    Tensor(shape=[2], dtype=Float32, value= [-1.00000000e+03,  0.00000000e+00])
    """

    function = staticmethod(F.log_softmax)


class Softmin(_OverAxis):
    """softmax(-x) over ``axis``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Softmin()(ms.Tensor([0.0, np.log(3.0)]))
    Tensor(shape=[2], dtype=Float32, value= [ 7.50000000e-01,  2.50000000e-01])
    """

    function = staticmethod(F.softmin)


# MindSpore's names; 'softplus' is dualgrad's own (MindSpore has no nn.Softplus).
_ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "softplus": Softplus,
                "gelu": GELU, "silu": SiLU, "leakyrelu": LeakyReLU, "elu": ELU,
                "relu6": ReLU6, "hardtanh": Hardtanh, "hsigmoid": HSigmoid, "hswish": HSwish,
                "mish": Mish, "softsign": Softsign, "tanhshrink": Tanhshrink,
                "logsigmoid": LogSigmoid, "softmax": Softmax, "logsoftmax": LogSoftmax,
                "softmin": Softmin}


def get_activation(name, prim_name=None):
    """The activation cell for a name: MindSpore's lower-case names ('relu',
    'leakyrelu', 'logsoftmax', 'hswish'...) of the cells above, with default arguments.

    >>> from dualgrad import nn
    >>> nn.get_activation('relu')
    ReLU()
    """
    if name is None:
        return None
    if not isinstance(name, str) or name.lower() not in _ACTIVATIONS:
        where = f"{prim_name}: " if prim_name else ""
        raise ValueError(f"{where}activation: expected one of "
                         + ", ".join(repr(n) for n in _ACTIVATIONS) + f", got {name!r}")
    return _ACTIVATIONS[name.lower()]()


class SoftShrink(Cell):
    """``ops.softshrink``: x - lambd above lambd, x + lambd below -lambd, 0 between.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SoftShrink(0.3)(ms.Tensor([-2.0, 0.1, 0.5]))
    Tensor(shape=[3], dtype=Float32, value= [-1.70000005e+00,  0.00000000e+00,  1.99999988e-01])
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = F.check_lambd(lambd, "SoftShrink")

    def construct(self, input):
        return wrap(F.softshrink(self._input_value(input, "input"), self.lambd))


class HShrink(SoftShrink):
    """``ops.hardshrink``: x where |x| > lambd, 0 elsewhere.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HShrink(0.3)(ms.Tensor([-2.0, 0.1, 0.5]))
    Tensor(shape=[3], dtype=Float32, value= [-2.00000000e+00,  0.00000000e+00,  5.00000000e-01])
    """

    def construct(self, input):
        return wrap(F.hardshrink(self._input_value(input, "input"), self.lambd))


class Threshold(Cell):
    """``ops.threshold``: x where x > threshold, ``value`` elsewhere.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Threshold(0.3, 1.0)(ms.Tensor([-2.0, 0.3, 0.5]))
    Tensor(shape=[3], dtype=Float32, value= [ 1.00000000e+00,  1.00000000e+00,  5.00000000e-01])
    """

    def __init__(self, threshold, value):
        super().__init__()
        self.threshold = F.check_real(threshold, "threshold", "Threshold")
        self.value = F.check_real(value, "value", "Threshold")

    def construct(self, input_x):
        return wrap(F.threshold(self._input_value(input_x, "input_x"), self.threshold, self.value))


class GLU(Cell):
    """``ops.glu``: a * sigmoid(b) for the two halves a, b of the input along ``axis``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.GLU()(ms.Tensor([[2.0, 0.0]]))
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 1.00000000e+00]])
    """

    def __init__(self, axis=-1):
        super().__init__()
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"GLU: axis must be an int, got {type(axis).__name__}")
        self.axis = axis

    def construct(self, x):
        return wrap(F.glu(self._input_value(x), self.axis))


class PReLU(Cell):
    """``ops.prelu`` with a learnable weight ``w`` (a Parameter named 'a', as in
    MindSpore) of ``channel`` values, initialised from a number, a list or a
    float32 Tensor.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.PReLU()
    >>> net(ms.Tensor([-2.0, 3.0]))
    Tensor(shape=[2], dtype=Float32, value= [-5.00000000e-01,  3.00000000e+00])
    >>> ms.grad(net, None, weights=net.trainable_params())(ms.Tensor([-2.0, 3.0]))
    (Tensor(shape=[1], dtype=Float32, value= [-2.00000000e+00]),)
    """

    def __init__(self, channel=1, w=0.25):
        super().__init__()
        if isinstance(channel, bool) or not isinstance(channel, int) or channel < 1:
            raise ValueError(f"PReLU: channel must be a positive int, got {channel!r}")
        if isinstance(w, (int, float)) and not isinstance(w, bool):
            w = np.full(channel, w, np.float32)
        elif isinstance(w, (list, Tensor)):
            w = np.asarray(primal_value(value_of(w)) if isinstance(w, Tensor) else w)
            if w.dtype.kind != "f" or w.shape != (channel,):
                raise ValueError(f"PReLU: w must hold {channel} floats (one per channel), got "
                                 f"shape {w.shape} and dtype {w.dtype}")
            w = w.astype(np.float32)
        else:
            raise TypeError(f"PReLU: w must be a float, a list or a Tensor, got "
                            f"{type(w).__name__}")
        self.w = Parameter(Tensor(w), name="a")

    def construct(self, x):
        return wrap(F.prelu(self._input_value(x), value_of(self.w)))


class Softmax2d(Cell):
    """Softmax over the channels of a (C, H, W) or (N, C, H, W) input (axis -3):
    at each position the C values become probabilities.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Softmax2d()(ms.Tensor([[[0.0]], [[np.log(3.0)]]]))
    Tensor(shape=[2, 1, 1], dtype=Float32, value=
    [[[ 2.50000000e-01]],
     [[ 7.50000000e-01]]])
    """

    def construct(self, x):
        v = self._input_value(x)
        shape = tuple(F.shape_of(v))
        if len(shape) not in (3, 4):
            raise ValueError(f"Softmax2d: x must have 3 dims (C, H, W) or 4 (N, C, H, W), got "
                             f"{len(shape)} (shape {shape})")
        return wrap(F.softmax(v, -3))


class RReLU(Cell):
    """Randomized leaky ReLU: x for x > 0, a·x for x < 0 with a slope a drawn
    for each element from U(lower, upper), 0 at 0.  As MindSpore 2.10's cell
    does, it draws the slopes in training and evaluation mode alike (it has no
    fixed (lower + upper) / 2 slope for evaluation); the draws follow
    ``dualgrad.set_seed``.  The derivative is the slope (1 for x > 0, 0 at 0,
    as MindSpore's, which multiplies x by sign-derived constants).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> y = nn.RReLU(0.1, 0.3)(ms.Tensor([-1.0, 0.0, 2.0])).asnumpy()
    >>> bool(-0.3 <= y[0] <= -0.1), y[1:].tolist()
    (True, [0.0, 2.0])
    """

    def __init__(self, lower=1 / 8, upper=1 / 3):
        super().__init__()
        self.lower = F.check_real(lower, "lower", "RReLU")
        self.upper = F.check_real(upper, "upper", "RReLU")
        if self.lower > self.upper:
            raise ValueError(f"RReLU: upper must be >= lower, got lower {lower} and upper "
                             f"{upper}")

    def construct(self, x):
        from .. import _random
        v = self._input_value(x)
        values = _value(v)                    # (random draws under vmap are refused)
        if values.dtype.kind != "f":
            raise TypeError(f"RReLU: x must be a float tensor, got dtype {values.dtype}")
        slopes = self.lower + (self.upper - self.lower) * _random._rng(None, "RReLU").random(
            values.shape)
        # A constant factor per element: the slope below 0, 1 above, 0 at 0.
        factor = np.where(values > 0, 1.0, np.where(values < 0, slopes, 0.0))
        return wrap(F.mul(v, factor.astype(values.dtype)))


class FastGelu(Cell):
    """MindSpore's fast GELU, ``ops.fast_gelu``:
    x / (1 + exp(-1.702 |x|)) · exp(0.851 (x - |x|)), which is x · sigmoid(1.702 x).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> round(nn.FastGelu()(ms.Tensor([1.0])).item(), 6)
    0.845796
    """

    def construct(self, x):
        from .. import ops          # (ops imports nn: bound when first called)
        return ops.fast_gelu(wrap(self._input_value(x)))
