"""Activation cells: ReLU, Tanh, Sigmoid, Softplus, GELU, SiLU.

Each is built from the engine's primitives, so every differentiation mode
(reverse, Dual, HyperDual, nested) goes through them with exact derivatives.
"""

from .. import _functions as F
from .._tensor import Tensor, value_of, wrap
from .cell import Cell

__all__ = ["ReLU", "Tanh", "Sigmoid", "Softplus", "GELU", "SiLU", "get_activation"]


def _value(x):
    """The engine value of a Cell's input (Tensors, arrays and numbers are accepted)."""
    return value_of(x) if isinstance(x, Tensor) else value_of(Tensor(x))


class ReLU(Cell):
    """max(x, 0) elementwise; its derivative at 0 is 0, as MindSpore's.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ReLU()(ms.Tensor([-1.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  2.00000000e+00])
    """

    def construct(self, x):
        return wrap(F.relu(_value(x)))


class Tanh(Cell):
    """tanh(x) elementwise.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Tanh()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    def construct(self, x):
        return wrap(F.tanh(_value(x)))


class Sigmoid(Cell):
    """1 / (1 + exp(-x)) elementwise.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Sigmoid()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 5.00000000e-01])
    """

    def construct(self, x):
        return wrap(F.sigmoid(_value(x)))


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
        v = _value(x)
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
        v = _value(x)
        return wrap(F.gelu_tanh(v) if self.approximate else F.gelu(v))


class SiLU(Cell):
    """x * sigmoid(x) elementwise (swish).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SiLU()(ms.Tensor([0.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 0.00000000e+00])
    """

    def construct(self, x):
        return wrap(F.silu(_value(x)))


_ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "softplus": Softplus,
                "gelu": GELU, "silu": SiLU}


def get_activation(name, prim_name=None):
    """The activation cell for a name ('relu', 'tanh', 'sigmoid', 'softplus', 'gelu', 'silu').

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
