"""mint.nn's activation cells: each calls its function of
``dualgrad.mint.nn.functional`` with the arguments it was built with.

``inplace=True`` writes the result into the input Tensor and returns it (as
any item assignment, that cannot be differentiated).  ``Hardshrink``,
``Hardsigmoid``, ``Hardswish`` and ``Softshrink`` are, as in MindSpore 2.10,
the very classes ``nn.HShrink``, ``nn.HSigmoid``, ``nn.HSwish`` and
``nn.SoftShrink``.
"""
import numpy as np

from ..._functions import check_real
from ..._parameter import Parameter
from ..._tensor import Tensor
from ...nn import HShrink as Hardshrink, HSigmoid as Hardsigmoid, HSwish as Hardswish
from ...nn import SoftShrink as Softshrink
from ...nn.normalization import _check_bool
from . import functional as F
from .layers import _int, _MintCell, _np_dtype

__all__ = ["GELU", "SiLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "ELU", "SELU", "Mish",
           "PReLU", "Hardtanh", "Hardswish", "Hardsigmoid", "Hardshrink", "Softshrink",
           "LogSigmoid", "ReLU6", "Threshold", "GLU"]


class _Activation(_MintCell):
    """``function(input, *arguments)``; with ``inplace`` written into ``input``."""

    function = None
    inplace = False

    def _arguments(self):
        return ()

    def construct(self, input):
        fn = type(self).function
        if self.inplace:
            x = input if isinstance(input, Tensor) else self._tensor(input)
            return self._call(fn, x, *self._arguments(), True)
        return self._call(fn, self._tensor(input), *self._arguments())


def _inplace_flag(value, owner):
    return _check_bool(value, "inplace", owner)


class GELU(_Activation):
    """``input · Φ(input)`` (Φ the standard normal CDF); ``approximate='tanh'``:
    ``0.5·input·(1 + tanh(sqrt(2/π)·(input + 0.044715·input³)))``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.GELU()(ms.Tensor([1.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 8.41344774e-01])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def construct(self, input):
        return self._call(F.gelu, self._tensor(input), approximate=self.approximate)


class SiLU(_Activation):
    """``input · sigmoid(input)``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.SiLU()(ms.Tensor([0.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  1.76159418e+00])
    """

    function = staticmethod(F.silu)

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = _inplace_flag(inplace, "SiLU")


class Sigmoid(_Activation):
    """``1 / (1 + exp(-input))``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Sigmoid()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 5.00000000e-01])
    """

    function = staticmethod(F.sigmoid)

    def __init__(self):
        super().__init__()


class Tanh(_Activation):
    """``tanh(input)``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Tanh()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    function = staticmethod(F.tanh)

    def __init__(self):
        super().__init__()


class _AlongDim(_Activation):
    def __init__(self, dim=None):
        super().__init__()
        if dim is not None:
            dim = _int(dim, "dim", type(self).__name__, -(2 ** 31))
        self.dim = dim

    def _arguments(self):
        return (self.dim,)


class Softmax(_AlongDim):
    """``exp(input) / sum(exp(input))`` along ``dim`` (None: PyTorch's legacy
    choice, axis 0 for inputs of rank 0, 1 or 3 and axis 1 otherwise).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Softmax(dim=-1)(ms.Tensor([[0.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 5.00000000e-01,  5.00000000e-01]])
    """

    function = staticmethod(F.softmax)


class LogSoftmax(_AlongDim):
    """``input - logsumexp(input)`` along ``dim`` (None as ``Softmax``).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.LogSoftmax(dim=1)(ms.Tensor([[0.0, 0.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[-6.93147182e-01, -6.93147182e-01]])
    """

    function = staticmethod(F.log_softmax)


class ELU(_Activation):
    """``input`` where positive, else ``alpha · (exp(input) - 1)``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ELU(alpha=2.0)(ms.Tensor([-1.0, 1.0]))
    Tensor(shape=[2], dtype=Float32, value= [-1.26424110e+00,  1.00000000e+00])
    """

    function = staticmethod(F.elu)

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = check_real(alpha, "alpha", "ELU")
        self.inplace = _inplace_flag(inplace, "ELU")

    def _arguments(self):
        return (self.alpha,)


class SELU(_Activation):
    """``scale · (max(0, input) + min(0, alpha · (exp(input) - 1)))`` with
    scale ≈ 1.0507 and alpha ≈ 1.6733.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.SELU()(ms.Tensor([1.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 1.05070102e+00])
    """

    function = staticmethod(F.selu)


class Mish(_Activation):
    """``input · tanh(softplus(input))``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Mish()(ms.Tensor([1.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 8.65098417e-01])
    """

    function = staticmethod(F.mish)


class PReLU(_MintCell):
    """``input`` where positive, else ``weight · input``, with ``weight``
    (num_parameters,) filled with ``init``: one slope, or one per channel
    (axis 1).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> act = mint.nn.PReLU()
    >>> act.weight.asnumpy().tolist(), act(ms.Tensor([-2.0, 3.0]))
    ([0.25], Tensor(shape=[2], dtype=Float32, value= [-5.00000000e-01,  3.00000000e+00]))
    """

    def __init__(self, num_parameters=1, init=0.25, dtype=None):
        super().__init__()
        num_parameters = _int(num_parameters, "num_parameters", "PReLU", 1)
        init = check_real(init, "init", "PReLU")
        self.weight = Parameter(np.full((num_parameters,), init, _np_dtype(dtype, "PReLU")),
                                name="weight")

    def construct(self, input):
        return self._call(F.prelu, self._tensor(input), self.weight)


class Hardtanh(_Activation):
    """``input`` clipped to [min_val, max_val].

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Hardtanh(-0.5, 2.0)(ms.Tensor([-1.0, 1.0, 3.0]))
    Tensor(shape=[3], dtype=Float32, value= [-5.00000000e-01,  1.00000000e+00,  2.00000000e+00])
    """

    function = staticmethod(F.hardtanh)

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        self.min_val = check_real(min_val, "min_val", "Hardtanh")
        self.max_val = check_real(max_val, "max_val", "Hardtanh")
        if self.min_val > self.max_val:
            raise ValueError(f"Hardtanh: min_val ({min_val}) must not exceed max_val "
                             f"({max_val})")
        self.inplace = _inplace_flag(inplace, "Hardtanh")

    def _arguments(self):
        return (self.min_val, self.max_val)


class LogSigmoid(_Activation):
    """``log(sigmoid(input))``, computed stably.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.LogSigmoid()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [-6.93147182e-01])
    """

    function = staticmethod(F.logsigmoid)

    def __init__(self):
        super().__init__()


class ReLU6(_Activation):
    """``min(max(input, 0), 6)``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.ReLU6()(ms.Tensor([-1.0, 7.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  6.00000000e+00])
    """

    function = staticmethod(F.relu6)

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = _inplace_flag(inplace, "ReLU6")


class Threshold(_Activation):
    """``input`` where it exceeds ``threshold``, else ``value``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.Threshold(1.0, -5.0)(ms.Tensor([0.5, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [-5.00000000e+00,  2.00000000e+00])
    """

    function = staticmethod(F.threshold)

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = check_real(threshold, "threshold", "Threshold")
        self.value = check_real(value, "value", "Threshold")
        self.inplace = _inplace_flag(inplace, "Threshold")

    def _arguments(self):
        return (self.threshold, self.value)


class GLU(_Activation):
    """``a · sigmoid(b)`` for the halves a, b of ``input`` along ``dim``.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.GLU()(ms.Tensor([[2.0, 0.0]]))
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 1.00000000e+00]])
    """

    function = staticmethod(F.glu)

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = _int(dim, "dim", "GLU", -(2 ** 31))

    def _arguments(self):
        return (self.dim,)
