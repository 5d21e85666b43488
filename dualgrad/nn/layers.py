"""Layers: Dense, Linear, BiDense and Identity."""
import math

import numpy as np

from .. import _dtypes, _functions as F
from .._core import primal_value, shape_of
from .._parameter import Parameter
from .._tensor import Tensor, value_of, wrap
from .activations import get_activation
from .cell import Cell
from .initializers import HeUniform, Uniform, initialize
from .normalization import _check_bool

__all__ = ["Dense", "Linear", "BiDense", "Identity"]


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


def _affine_parameters(cell, in_channels, out_channels, weight_init, bias_init, has_bias,
                       dtype, owner, sizes=("in_channels", "out_channels")):
    """``cell.weight`` (out_channels, in_channels) and ``cell.bias`` (out_channels,)
    or None, as MindSpore's Dense and Linear draw them by default: weight from
    HeUniform(sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)), bias from the same interval."""
    np_dtype = _dtypes.to_numpy_dtype(dtype)
    in_name, out_name = sizes
    w = _init_values(weight_init, HeUniform(math.sqrt(5)), (out_channels, in_channels),
                     np_dtype, "weight_init", owner, f"({out_name}, {in_name})")
    cell.weight = Parameter(w, name="weight")
    cell.bias = None
    if has_bias:
        b = _init_values(bias_init, Uniform(scale=1 / math.sqrt(in_channels)),
                         (out_channels,), np_dtype, "bias_init", owner, f"({out_name},)")
        cell.bias = Parameter(b, name="bias")


def _dtype_name(dtype):
    return str(_dtypes.of_array(np.empty(0, dtype)))


def _check_same_dtype(v, w, owner, what="the input's"):
    """A TypeError unless engine values ``v`` and ``w`` (the weight) share their dtype."""
    v_dtype, w_dtype = np.result_type(primal_value(v)), np.result_type(primal_value(w))
    if v_dtype != w_dtype:
        raise TypeError(f"{owner}: {what} dtype {_dtype_name(v_dtype)} differs from the "
                        f"weight's {_dtype_name(w_dtype)}; cast the input (x.astype(...)) or "
                        "build the layer with dtype=... to match")


def _last_axis(v, size, owner, name="in_channels", input_name="an input"):
    """v's shape, checked to end in ``size``."""
    shape = tuple(shape_of(v))
    if not shape or shape[-1] != size:
        raise ValueError(f"{owner}: expected {input_name} whose last dimension is "
                         f"{name}={size}, got shape {shape}")
    return shape


def _affine(cell, x, in_channels, out_channels, owner, name="in_channels"):
    """x @ cell.weight.T + cell.bias over x's last axis (any leading axes), a Tensor."""
    v = cell._input_value(x)
    shape = _last_axis(v, in_channels, owner, name)
    w = value_of(cell.weight)
    _check_same_dtype(v, w, owner)
    if len(shape) > 2:
        v = F.reshape(v, (-1, in_channels))
    out = F.matmul(v, F.transpose(w))
    if cell.bias is not None:
        out = F.add(out, value_of(cell.bias))
    if len(shape) > 2:
        out = F.reshape(out, shape[:-1] + (out_channels,))
    return wrap(out)


def _activation_cell(activation, owner):
    """A Cell or callable from ``activation`` (a name of ``get_activation``, a Cell,
    a callable or None)."""
    if isinstance(activation, str):
        return get_activation(activation, owner)
    if isinstance(activation, type):
        raise TypeError(f"{owner}: activation must be an instance such as "
                        f"{activation.__name__}(), got the class itself")
    if activation is not None and not callable(activation):
        raise TypeError(f"{owner}: activation must be a name, a Cell or a callable, got "
                        f"{type(activation).__name__}")
    return activation


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
        self.has_bias = _check_bool(has_bias, "has_bias", "Dense")
        _affine_parameters(self, self.in_channels, self.out_channels, weight_init, bias_init,
                           has_bias, dtype, "Dense")
        self.activation = _activation_cell(activation, "Dense")
        self.activation_flag = activation is not None

    def construct(self, x):
        out = _affine(self, x, self.in_channels, self.out_channels, "Dense")
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


class Linear(Cell):
    """MindSpore 2.10's ``nn.Linear`` (``mint.nn.Linear``): ``x @ weight.T + bias``
    over the last axis of x, which must be ``in_features`` (any leading axes,
    or none).

    It is Dense without an activation, with PyTorch's argument names:
    ``weight`` of shape ``(out_features, in_features)`` drawn by default from
    ``HeUniform(sqrt(5))`` i.e. U(-1/sqrt(in_features), 1/sqrt(in_features)),
    ``bias`` (when ``bias`` is True) from the same interval.  ``dtype`` None
    means float32; a Tensor/array ``weight_init`` or ``bias_init`` keeps its
    own dtype, as in MindSpore.  The input's dtype must be the weight's.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Linear(3, 2, weight_init='ones', bias_init='zeros')
    >>> net
    Linear(input_features=3, output_features=2, has_bias=True)
    >>> net(ms.Tensor([[1.0, 2.0, 3.0]]))
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 6.00000000e+00,  6.00000000e+00]])
    >>> [p.name for p in net.trainable_params()]
    ['weight', 'bias']
    """

    def __init__(self, in_features, out_features, bias=True, weight_init=None, bias_init=None,
                 dtype=None):
        super().__init__()
        self.in_features = _positive_int(in_features, "in_features", "Linear")
        self.out_features = _positive_int(out_features, "out_features", "Linear")
        self.has_bias = _check_bool(bias, "bias", "Linear")
        _affine_parameters(self, self.in_features, self.out_features, weight_init, bias_init,
                           bias, _dtypes.float32 if dtype is None else dtype, "Linear",
                           ("in_features", "out_features"))

    def construct(self, x):
        return _affine(self, x, self.in_features, self.out_features, "Linear", "in_features")

    def extend_repr(self):
        s = f"input_features={self.in_features}, output_features={self.out_features}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        return s


class BiDense(Cell):
    """Bilinear layer: ``y[..., o] = sum_ij x1[..., i] weight[o, i, j] x2[..., j] + bias[o]``,
    i.e. y = x1ᵀ A x2 + b for each output channel's matrix A.

    ``weight`` has shape ``(out_channels, in1_channels, in2_channels)`` and
    ``bias`` ``(out_channels,)``; by default both are drawn from
    U(-1/sqrt(in1_channels), 1/sqrt(in1_channels)), as in MindSpore 2.10.
    The two inputs end in ``in1_channels`` and ``in2_channels`` and agree in
    all their other axes (any number of them, or none); their dtype must be
    the weight's.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.BiDense(2, 3, 1, weight_init='ones', bias_init='zeros')
    >>> net
    BiDense(in1_channels=2, in2_channels=3, output_channels=1, has_bias=True)
    >>> net(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[1.0, 1.0, 2.0]]))   # (1 + 2)(1 + 1 + 2)
    Tensor(shape=[1, 1], dtype=Float32, value=
    [[ 1.20000000e+01]])
    """

    def __init__(self, in1_channels, in2_channels, out_channels, weight_init=None,
                 bias_init=None, has_bias=True, dtype=_dtypes.float32):
        super().__init__()
        owner = "BiDense"
        self.in1_channels = _positive_int(in1_channels, "in1_channels", owner)
        self.in2_channels = _positive_int(in2_channels, "in2_channels", owner)
        self.out_channels = _positive_int(out_channels, "out_channels", owner)
        self.has_bias = _check_bool(has_bias, "has_bias", owner)
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        default = Uniform(scale=1 / math.sqrt(self.in1_channels))
        w_shape = (self.out_channels, self.in1_channels, self.in2_channels)
        self.weight = Parameter(_init_values(weight_init, default, w_shape, np_dtype,
                                             "weight_init", owner,
                                             "(out_channels, in1_channels, in2_channels)"),
                                name="weight")
        self.bias = None
        if has_bias:
            self.bias = Parameter(_init_values(bias_init, default, (self.out_channels,),
                                               np_dtype, "bias_init", owner, "(out_channels,)"),
                                  name="bias")

    def construct(self, input1, input2):
        owner = "BiDense"
        v1 = self._input_value(input1, "input1")
        v2 = self._input_value(input2, "input2")
        shape1 = _last_axis(v1, self.in1_channels, owner, "in1_channels", "input1")
        shape2 = _last_axis(v2, self.in2_channels, owner, "in2_channels", "input2")
        if shape1[:-1] != shape2[:-1]:
            raise ValueError(f"{owner}: input1 and input2 must agree in all but their last "
                             f"dimension, got shapes {shape1} and {shape2}")
        w = value_of(self.weight)
        _check_same_dtype(v1, w, owner, "input1's")
        _check_same_dtype(v2, w, owner, "input2's")
        n_in1, n_in2, n_out = self.in1_channels, self.in2_channels, self.out_channels
        v1 = F.reshape(v1, (-1, n_in1))
        v2 = F.reshape(v2, (-1, n_in2))
        # x1 @ W arranged (in1, out·in2): one matmul, then the in2 axis against x2.
        w_rows = F.reshape(F.transpose(w, (1, 0, 2)), (n_in1, n_out * n_in2))
        x1_w = F.reshape(F.matmul(v1, w_rows), (-1, n_out, n_in2))
        out = F.sum_(F.mul(x1_w, F.expand_dims(v2, 1)), 2)
        if self.bias is not None:
            out = F.add(out, value_of(self.bias))
        return wrap(F.reshape(out, shape1[:-1] + (n_out,)))

    def extend_repr(self):
        s = (f"in1_channels={self.in1_channels}, in2_channels={self.in2_channels}, "
             f"output_channels={self.out_channels}")
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
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
