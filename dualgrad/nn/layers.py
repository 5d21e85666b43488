"""Layers: Dense, and Identity."""
import math

import numpy as np

from .. import _dtypes, _functions as F
from .._core import primal_value, shape_of
from .._parameter import Parameter
from .._tensor import Tensor, value_of, wrap
from .activations import get_activation
from .cell import Cell
from .initializers import HeUniform, Uniform, initialize

__all__ = ["Dense", "Identity"]


def _positive_int(value, name, owner="Dense"):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{owner}: {name} must be > 0, got {value}")
    return int(value)


def _given_values(init, shape, what, owner="Dense", layout=None):
    """The array of a Tensor/ndarray ``init``, checked against ``shape`` (keeps its dtype)."""
    data = np.asarray(primal_value(value_of(init)))
    if data.shape != shape:
        if layout is None:
            layout = "(out_channels, in_channels)" if len(shape) == 2 else "(out_channels,)"
        raise ValueError(f"{owner}: {what} must have shape {shape} {layout}, got {data.shape}")
    return np.array(data, copy=True)


def _initial(init, shape, np_dtype, what, owner="Dense"):
    """initialize(), with errors naming the layer's argument."""
    try:
        return initialize(init, shape, np_dtype)
    except (TypeError, ValueError) as e:
        raise type(e)(f"{owner}: {what}: {e}") from None


def _init_values(init, default, shape, np_dtype, what, owner="Dense", layout=None):
    """A parameter's first values: from a Tensor/ndarray ``init`` (its dtype kept),
    else from an initialiser (``default`` when init is None) in ``np_dtype``."""
    if isinstance(init, (Tensor, np.ndarray)):
        return _given_values(init, shape, what, owner, layout)
    return _initial(default if init is None else init, shape, np_dtype, what, owner)


class Dense(Cell):
    """Fully connected layer: ``activation(x @ weight.T + bias)``.

    ``weight`` has shape ``(out_channels, in_channels)``.  By default, as in
    MindSpore 2.10, it is drawn from ``HeUniform(sqrt(5))`` i.e.
    U(-1/sqrt(in), 1/sqrt(in)), and ``bias`` from the same interval.
    ``weight_init``/``bias_init`` may be an initialiser name (``'normal'``,
    ``'xavier_uniform'``, ...), an Initializer, a number, or a Tensor/array of
    the right shape (which keeps its dtype).  ``activation`` is a Cell, a
    callable or a name of ``get_activation`` (``'relu'``, ``'tanh'``,
    ``'leakyrelu'``, ``'mish'``...).  Inputs of any rank >= 1 are accepted: the
    last dimension must be ``in_channels``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(3, 2, weight_init='ones', bias_init='zeros')
    >>> net
    Dense(input_channels=3, output_channels=2, has_bias=True)
    >>> net(ms.Tensor(np.ones((4, 3), np.float32))).shape
    (4, 2)
    """

    def __init__(self, in_channels, out_channels, weight_init=None, bias_init=None,
                 has_bias=True, activation=None, dtype=_dtypes.float32):
        super().__init__()
        self.in_channels = _positive_int(in_channels, "in_channels")
        self.out_channels = _positive_int(out_channels, "out_channels")
        if not isinstance(has_bias, bool):
            raise TypeError(f"Dense: has_bias must be a bool, got {type(has_bias).__name__}")
        self.has_bias = has_bias
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        w_shape = (self.out_channels, self.in_channels)
        w = _init_values(weight_init, HeUniform(math.sqrt(5)), w_shape, np_dtype, "weight_init")
        self.weight = Parameter(w, name="weight")
        self.bias = None
        if has_bias:
            b = _init_values(bias_init, Uniform(scale=1 / math.sqrt(self.in_channels)),
                             (self.out_channels,), np_dtype, "bias_init")
            self.bias = Parameter(b, name="bias")
        if isinstance(activation, str):
            activation = get_activation(activation, "Dense")
        elif isinstance(activation, type):
            raise TypeError(f"Dense: activation must be an instance such as "
                            f"{activation.__name__}(), got the class itself")
        elif activation is not None and not callable(activation):
            raise TypeError(f"Dense: activation must be a name, a Cell or a callable, got "
                            f"{type(activation).__name__}")
        self.activation = activation
        self.activation_flag = activation is not None

    def construct(self, x):
        v = self._input_value(x)
        shape = tuple(shape_of(v))
        if not shape or shape[-1] != self.in_channels:
            raise ValueError(f"Dense: expected an input whose last dimension is "
                             f"in_channels={self.in_channels}, got shape {shape}")
        w = value_of(self.weight)
        w_dtype = np.result_type(primal_value(w))
        x_dtype = np.result_type(primal_value(v))
        if x_dtype != w_dtype:
            raise TypeError(f"Dense: the input's dtype {_dtypes.of_array(np.empty(0, x_dtype))}"
                            f" differs from the weight's {_dtypes.of_array(np.empty(0, w_dtype))}"
                            f"; cast the input (x.astype(...)) or build the layer with "
                            f"dtype=... to match")
        if len(shape) > 2:
            v = F.reshape(v, (-1, self.in_channels))
        out = F.matmul(v, F.transpose(w))
        if self.has_bias:
            out = F.add(out, value_of(self.bias))
        if len(shape) > 2:
            out = F.reshape(out, shape[:-1] + (self.out_channels,))
        out = wrap(out)
        if self.activation_flag:
            out = self.activation(out)
        return out

    def extend_repr(self):
        s = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        if self.activation_flag:
            s += f", activation={self.activation}"
        return s


class Identity(Cell):
    """Returns its input unchanged (arguments to the constructor are ignored, as in MindSpore).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Identity()(ms.Tensor([1.5]))
    Tensor(shape=[1], dtype=Float32, value= [ 1.50000000e+00])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def construct(self, input):
        return input
