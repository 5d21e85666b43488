"""Recurrent layers: RNN, LSTM, GRU and the cells RNNCell, LSTMCell, GRUCell, in
MindSpore 2.10's style: its arguments, defaults, Parameter names and order
(``weight_ih_l0``, ``weight_ih_l0_reverse``, ... then ``weight_hh_*``,
``bias_ih_*``, ``bias_hh_*``), its initialization U(-1/sqrt(hidden_size),
1/sqrt(hidden_size)), its gate order (LSTM: input, forget, cell, output; GRU:
reset, update, new) and its ``seq_length`` semantics.

Each time step is composed of the engine's operations (``dense``, ``sigmoid``,
``tanh``, ``where``, ``stack``, ...), so every transform differentiates the
layers to any order.
"""
import math

import numpy as np

from .. import _dtypes, ops
from .._composite import _check_int
from .._core import primal_value
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, input_value, value_of, wrap
from .basic import Dropout
from .cell import Cell
from .initializers import Uniform, initialize
from .normalization import _check_bool, _shape

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]


# ----------------------------------------------------------------- one time step

def _gates(x, h, w_ih, w_hh, b_ih, b_hh):
    return ops.dense(x, w_ih, b_ih), ops.dense(h, w_hh, b_hh)


def _rnn_tanh_step(x, h, w_ih, w_hh, b_ih, b_hh):
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    return ops.tanh(gi + gh)


def _rnn_relu_step(x, h, w_ih, w_hh, b_ih, b_hh):
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    return ops.relu(gi + gh)


def _lstm_step(x, state, w_ih, w_hh, b_ih, b_hh):
    h, c = state
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    gates = gi + gh
    n = gates.shape[-1] // 4
    i = ops.sigmoid(gates[:, :n])
    f = ops.sigmoid(gates[:, n:2 * n])
    g = ops.tanh(gates[:, 2 * n:3 * n])
    o = ops.sigmoid(gates[:, 3 * n:])
    c = f * c + i * g
    return o * ops.tanh(c), c


def _gru_step(x, h, w_ih, w_hh, b_ih, b_hh):
    gi, gh = _gates(x, h, w_ih, w_hh, b_ih, b_hh)
    n = gi.shape[-1] // 3
    r = ops.sigmoid(gi[:, :n] + gh[:, :n])
    z = ops.sigmoid(gi[:, n:2 * n] + gh[:, n:2 * n])
    new = ops.tanh(gi[:, 2 * n:] + r * gh[:, 2 * n:])
    return new + z * (h - new)      # MindSpore's form of (1 - z) * new + z * h


_STEPS = {"RNN_TANH": _rnn_tanh_step, "RNN_RELU": _rnn_relu_step, "LSTM": _lstm_step,
          "GRU": _gru_step}
_CHUNKS = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# ------------------------------------------------------------------ checks

def _dtype(x):
    return np.result_type(primal_value(value_of(x)))


def _dtype_name(np_dtype):
    return str(_dtypes.of_array(np.empty(0, np_dtype)))


def _as_input(x, name, owner):
    if isinstance(x, (list, tuple)):
        raise TypeError(f"{owner}: {name} must be a Tensor, got {type(x).__name__}")
    if not isinstance(x, Tensor):
        x = wrap(input_value(x, name, owner))
    if _dtype(x).kind != "f":
        raise TypeError(f"{owner}: {name} must be a floating-point Tensor, got dtype "
                        f"{_dtype_name(_dtype(x))}")
    return x


def _check_same_dtype(x, name, w_dtype, owner, what):
    if _dtype(x) != w_dtype:
        raise TypeError(f"{owner}: {name}'s dtype {_dtype_name(_dtype(x))} differs from the "
                        f"weights' {_dtype_name(w_dtype)}; cast {name} or build the {what} "
                        f"with dtype=...")
    return x


def _check_state(h, name, shape, x_dtype, owner, layout):
    if not isinstance(h, Tensor):
        raise TypeError(f"{owner}: {name} must be a Tensor of shape {shape} {layout}, got "
                        f"{type(h).__name__}")
    if _shape(h) != shape:
        raise ValueError(f"{owner}: {name} must have shape {shape} {layout}, got "
                         f"{_shape(h)}")
    if _dtype(h) != x_dtype:
        raise TypeError(f"{owner}: {name} must have the dtype of x, {_dtype_name(x_dtype)}, "
                        f"got {_dtype_name(_dtype(h))}")
    return h


def _check_pair(hx, owner):
    if not isinstance(hx, (tuple, list)) or len(hx) != 2:
        got = (f"a {type(hx).__name__} of length {len(hx)}" if isinstance(hx, (tuple, list))
               else type(hx).__name__)
        raise TypeError(f"{owner}: hx must be a tuple (h, c) of two Tensors, got {got}")
    return hx


def _uniform_parameter(shape, stdv, np_dtype, name):
    return Parameter(Tensor(initialize(Uniform(stdv), shape, np_dtype)), name=name)


# ------------------------------------------------------------------- the cells

class _RNNCellBase(Cell):
    """What the cells share: ``weight_ih`` (chunks·hidden_size, input_size),
    ``weight_hh`` (chunks·hidden_size, hidden_size) and with ``has_bias``
    ``bias_ih`` and ``bias_hh`` (chunks·hidden_size,), all from
    U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""

    _mode = "RNN_TANH"

    def __init__(self, input_size, hidden_size, has_bias=True, dtype=_dtypes.float32):
        super().__init__()
        owner = type(self).__name__
        self.has_bias = _check_bool(has_bias, "has_bias", owner)
        self.input_size = _check_int(input_size, "input_size", owner, 1)
        self.hidden_size = _check_int(hidden_size, "hidden_size", owner, 1)
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        gate_size = _CHUNKS[self._mode] * self.hidden_size
        stdv = 1 / math.sqrt(self.hidden_size)
        self.weight_ih = _uniform_parameter((gate_size, self.input_size), stdv, np_dtype,
                                            "weight_ih")
        self.weight_hh = _uniform_parameter((gate_size, self.hidden_size), stdv, np_dtype,
                                            "weight_hh")
        self.bias_ih = self.bias_hh = None
        if self.has_bias:
            self.bias_ih = _uniform_parameter((gate_size,), stdv, np_dtype, "bias_ih")
            self.bias_hh = _uniform_parameter((gate_size,), stdv, np_dtype, "bias_hh")

    def _check_x(self, x):
        owner = type(self).__name__
        x = _as_input(x, "x", owner)
        shape = _shape(x)
        if len(shape) != 2 or shape[1] != self.input_size:
            raise ValueError(f"{owner}: x must have shape (batch_size, input_size="
                             f"{self.input_size}), got {shape}")
        return _check_same_dtype(x, "x", _dtype(self.weight_ih), owner, "cell")

    def _check_h(self, x, h, name):
        return _check_state(h, name, (_shape(x)[0], self.hidden_size), _dtype(x),
                            type(self).__name__, "(batch_size, hidden_size)")

    def _step(self, x, hx):
        return _STEPS[self._mode](x, hx, self.weight_ih, self.weight_hh, self.bias_ih,
                                  self.bias_hh)

    def construct(self, x, hx):
        x = self._check_x(x)
        return self._step(x, self._check_h(x, hx, "hx"))

    def extend_repr(self):
        return (f"input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"has_bias={self.has_bias}")


class RNNCell(_RNNCellBase):
    """An Elman RNN cell: ``h' = tanh(x @ weight_ih.T + bias_ih + hx @ weight_hh.T
    + bias_hh)`` (``relu`` with ``nonlinearity='relu'``), for x (batch_size,
    input_size) and hx (batch_size, hidden_size).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> cell = nn.RNNCell(3, 4)
    >>> [p.name for p in cell.trainable_params()]
    ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']
    >>> cell(ms.Tensor(np.ones((2, 3), np.float32)), ms.Tensor(np.zeros((2, 4), np.float32))).shape
    (2, 4)
    """

    def __init__(self, input_size, hidden_size, has_bias=True, nonlinearity="tanh",
                 dtype=_dtypes.float32):
        self._mode = _nonlinearity_mode(nonlinearity, "RNNCell")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, has_bias, dtype)

    def extend_repr(self):
        return super().extend_repr() + f", nonlinearity={self.nonlinearity}"


class LSTMCell(_RNNCellBase):
    """An LSTM cell: the gates stacked in ``weight_ih``/``weight_hh`` in the order
    input i, forget f, cell g, output o; ``c' = f·c + i·g``, ``h' = o·tanh(c')``.
    ``hx`` is the tuple (h, c), each (batch_size, hidden_size); returns (h', c').

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> cell = nn.LSTMCell(3, 4)
    >>> cell.weight_ih.shape
    (16, 3)
    >>> h = c = ms.Tensor(np.zeros((2, 4), np.float32))
    >>> [t.shape for t in cell(ms.Tensor(np.ones((2, 3), np.float32)), (h, c))]
    [(2, 4), (2, 4)]
    """

    _mode = "LSTM"

    def construct(self, x, hx):
        x = self._check_x(x)
        h, c = _check_pair(hx, "LSTMCell")
        return self._step(x, (self._check_h(x, h, "hx[0]"), self._check_h(x, c, "hx[1]")))


class GRUCell(_RNNCellBase):
    """A GRU cell: the gates stacked in the order reset r, update z, new n;
    ``n = tanh(x W_in + b_in + r·(h W_hn + b_hn))`` and ``h' = n + z·(h - n)``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> cell = nn.GRUCell(3, 4)
    >>> cell.weight_hh.shape
    (12, 4)
    >>> cell(ms.Tensor(np.ones((2, 3), np.float32)), ms.Tensor(np.zeros((2, 4), np.float32))).shape
    (2, 4)
    """

    _mode = "GRU"


def _nonlinearity_mode(nonlinearity, owner):
    if not isinstance(nonlinearity, str):
        raise TypeError(f"{owner}: nonlinearity must be a str, 'tanh' or 'relu', got "
                        f"{type(nonlinearity).__name__}")
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"{owner}: nonlinearity must be 'tanh' or 'relu', got "
                         f"{nonlinearity!r}")
    return "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"


# ------------------------------------------------------------------ the layers

class _RNNBase(Cell):
    """What RNN, LSTM and GRU share: the arguments, the Parameters (in
    MindSpore's order: every ``weight_ih_l{k}[_reverse]``, then the
    ``weight_hh``, ``bias_ih`` and ``bias_hh`` ones) and the call."""

    _mode = "RNN_TANH"

    def __init__(self, input_size, hidden_size, num_layers=1, has_bias=True,
                 batch_first=False, dropout=0., bidirectional=False, dtype=_dtypes.float32):
        super().__init__()
        owner = type(self).__name__
        self.hidden_size = _check_int(hidden_size, "hidden_size", owner, 1)
        self.input_size = _check_int(input_size, "input_size", owner, 1)
        self.num_layers = _check_int(num_layers, "num_layers", owner, 1)
        if isinstance(dropout, (bool, np.bool_)) or not isinstance(dropout, (float,
                                                                            np.floating)):
            raise TypeError(f"{owner}: dropout must be a float, got {type(dropout).__name__}")
        if not 0 <= dropout < 1:
            raise ValueError(f"{owner}: dropout must be in [0, 1) (the probability of "
                             f"zeroing an element between layers), got {dropout}")
        self.has_bias = _check_bool(has_bias, "has_bias", owner)
        self.batch_first = _check_bool(batch_first, "batch_first", owner)
        self.bidirectional = _check_bool(bidirectional, "bidirectional", owner)
        self.dropout = float(dropout)
        self.dropout_op = Dropout(p=self.dropout)
        self.is_lstm = self._mode == "LSTM"
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        gate_size = _CHUNKS[self._mode] * self.hidden_size
        stdv = 1 / math.sqrt(self.hidden_size)
        lists = {"w_ih": [], "w_hh": [], "b_ih": [], "b_hh": []}
        num_directions = 2 if self.bidirectional else 1
        for layer in range(self.num_layers):
            for direction in range(num_directions):
                layer_input = (self.input_size if layer == 0
                               else self.hidden_size * num_directions)
                suffix = f"l{layer}" + ("_reverse" if direction else "")
                shapes = {"w_ih": (gate_size, layer_input), "w_hh": (gate_size, hidden_size),
                          "b_ih": (gate_size,), "b_hh": (gate_size,)}
                for key, shape in shapes.items():
                    if key.startswith("b") and not self.has_bias:
                        continue
                    name = ("weight_" if key.startswith("w") else "bias_") + key[2:]
                    lists[key].append(_uniform_parameter(shape, stdv, np_dtype,
                                                         f"{name}_{suffix}"))
        self.w_ih_list = ParameterTuple(lists["w_ih"])
        self.w_hh_list = ParameterTuple(lists["w_hh"])
        self.b_ih_list = ParameterTuple(lists["b_ih"])
        self.b_hh_list = ParameterTuple(lists["b_hh"])
        for param in (*self.w_ih_list, *self.w_hh_list, *self.b_ih_list, *self.b_hh_list):
            object.__setattr__(self, param.name, param)     # net.weight_ih_l0, as MindSpore

    # -------------------------------------------------------------- the call

    def _weights(self, index, dtype):
        """The weights of layer·direction ``index``, cast to the input's dtype as
        MindSpore casts them."""
        ws = [self.w_ih_list[index], self.w_hh_list[index]]
        ws += ([self.b_ih_list[index], self.b_hh_list[index]] if self.has_bias
               else [None, None])
        return [w if w is None or _dtype(w) == dtype else ops.cast(w, _dtypes.to_dtype(dtype))
                for w in ws]

    def _run_direction(self, xs, state, weights, masks, reverse):
        """One direction of one layer over the time steps ``xs``; past a sequence's
        length (``masks``) its state is kept and its output is zero.  The reverse
        direction runs from the last step to the first, its state still initial
        until the step before the sequence's length: MindSpore's reverse of each
        sequence's first seq_length steps."""
        step = _STEPS[self._mode]
        outputs = [None] * len(xs)
        order = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
        for t in order:
            new = step(xs[t], state, *weights)
            if masks is None:
                state = new
                outputs[t] = new[0] if self.is_lstm else new
                continue
            keep = masks[t]
            if self.is_lstm:
                state = (ops.where(keep, new[0], state[0]), ops.where(keep, new[1], state[1]))
                outputs[t] = ops.where(keep, new[0], ops.zeros_like(new[0]))
            else:
                state = ops.where(keep, new, state)
                outputs[t] = ops.where(keep, new, ops.zeros_like(new))
        return outputs, state

    def _check_hx(self, hx, batch, x_dtype):
        owner = type(self).__name__
        num_directions = 2 if self.bidirectional else 1
        shape = (self.num_layers * num_directions, batch, self.hidden_size)
        layout = "(num_directions * num_layers, batch_size, hidden_size)"
        if hx is None:
            zeros = ops.zeros(shape, _dtypes.to_dtype(x_dtype))
            return (zeros, zeros) if self.is_lstm else zeros
        if not self.is_lstm:
            return _check_state(hx, "hx", shape, x_dtype, owner, layout)
        h, c = _check_pair(hx, owner)
        return (_check_state(h, "hx[0]", shape, x_dtype, owner, layout),
                _check_state(c, "hx[1]", shape, x_dtype, owner, layout))

    def _masks(self, seq_length, batch, steps):
        """For each time step a (batch_size, 1) bool Tensor: whether it lies within
        each sequence's length (None without seq_length).  Computed from the
        Tensor, so that vmap may map seq_length too."""
        if seq_length is None:
            return None
        owner = type(self).__name__
        if not isinstance(seq_length, Tensor):
            seq_length = Tensor(np.asarray(seq_length))
        if _dtype(seq_length).kind not in "iu":
            raise TypeError(f"{owner}: seq_length must be an int32 or int64 Tensor, got dtype "
                            f"{_dtype_name(_dtype(seq_length))}")
        if _shape(seq_length) != (batch,):
            raise ValueError(f"{owner}: seq_length must have shape (batch_size,) = ({batch},),"
                             f" one length per sequence, got {_shape(seq_length)}")
        # (every example's lengths under vmap)
        lengths = np.asarray(primal_value(value_of(seq_length)))
        longest = steps if self.bidirectional else None
        if lengths.min(initial=0) < 0 or (longest is not None and lengths.max() > longest):
            limit = f"[0, seq_len={steps}]" if longest is not None else ">= 0"
            raise ValueError(f"{owner}: seq_length must lie in {limit}, got "
                             f"{lengths.tolist()}")
        column = ops.reshape(seq_length, (batch, 1))
        return [column > t for t in range(steps)]

    def construct(self, x, hx=None, seq_length=None):
        owner = type(self).__name__
        x = _as_input(x, "x", owner)
        shape = _shape(x)
        layout = ("(batch_size, seq_len, input_size)" if self.batch_first
                  else "(seq_len, batch_size, input_size)")
        if len(shape) != 3:
            raise ValueError(f"{owner}: x must be 3-D {layout}, got shape {shape}")
        if shape[2] != self.input_size:
            raise ValueError(f"{owner}: x's last dimension must be input_size="
                             f"{self.input_size}, got shape {shape}")
        if shape[1 if self.batch_first else 0] == 0:
            raise ValueError(f"{owner}: x must hold at least one time step {layout}, got "
                             f"shape {shape}")
        if self.batch_first:
            x = ops.transpose(x, (1, 0, 2))
        steps, batch = _shape(x)[:2]
        x_dtype = _dtype(x)
        hx = self._check_hx(hx, batch, x_dtype)
        masks = self._masks(seq_length, batch, steps)
        num_directions = 2 if self.bidirectional else 1
        layer_input = [x[t] for t in range(steps)]
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(num_directions):
                index = layer * num_directions + direction
                state = (hx[0][index], hx[1][index]) if self.is_lstm else hx[index]
                out, state = self._run_direction(layer_input, state,
                                                 self._weights(index, x_dtype), masks,
                                                 direction == 1)
                outputs.append(out)
                if self.is_lstm:
                    h_n.append(state[0])
                    c_n.append(state[1])
                else:
                    h_n.append(state)
            if num_directions == 2:
                layer_input = [ops.concat((f, b), 1) for f, b in zip(*outputs)]
            else:
                layer_input = outputs[0]
            if self.dropout and layer < self.num_layers - 1:
                layer_input = [self.dropout_op(o) for o in layer_input]
        output = ops.stack(layer_input, 1 if self.batch_first else 0)
        if self.is_lstm:
            return output, (ops.stack(h_n, 0), ops.stack(c_n, 0))
        return output, ops.stack(h_n, 0)

    def extend_repr(self):
        return (f"input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"num_layers={self.num_layers}, has_bias={self.has_bias}, "
                f"batch_first={self.batch_first}, dropout={self.dropout}, "
                f"bidirectional={self.bidirectional}")


class RNN(_RNNBase):
    """A multi-layer Elman RNN: at each step ``h_t = tanh(x_t @ weight_ih.T +
    bias_ih + h_{t-1} @ weight_hh.T + bias_hh)`` (``relu`` with
    ``nonlinearity='relu'``, a keyword argument).

    x is (seq_len, batch_size, input_size) ((batch_size, seq_len, input_size)
    with ``batch_first``); ``hx`` (num_directions·num_layers, batch_size,
    hidden_size) defaults to zeros.  Returns ``(output, h_n)``: output
    (seq_len, batch_size, num_directions·hidden_size), the last layer's states,
    and h_n the final state of each layer and direction (forward, then
    reverse).  ``seq_length`` (int Tensor, one length per sequence) stops each
    sequence at its length: outputs past it are zero and h_n is the state at
    its last step (for the reverse direction, each sequence's first
    seq_length steps are reversed, as MindSpore).  ``dropout`` is applied to
    each layer's output but the last, in training mode.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.RNN(3, 4, num_layers=2, bidirectional=True)
    >>> [p.name for p in net.trainable_params()][:4]
    ['weight_ih_l0', 'weight_ih_l0_reverse', 'weight_ih_l1', 'weight_ih_l1_reverse']
    >>> output, h_n = net(ms.Tensor(np.ones((5, 2, 3), np.float32)))
    >>> output.shape, h_n.shape
    ((5, 2, 8), (4, 2, 4))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, has_bias=True,
                 batch_first=False, dropout=0., bidirectional=False, dtype=_dtypes.float32,
                 *, nonlinearity="tanh"):
        self._mode = _nonlinearity_mode(nonlinearity, "RNN")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, num_layers, has_bias, batch_first, dropout,
                         bidirectional, dtype)

    def extend_repr(self):
        return super().extend_repr() + f", nonlinearity={self.nonlinearity}"


class LSTM(_RNNBase):
    """A multi-layer LSTM (the gates of ``LSTMCell``, stacked i, f, g, o).  Takes
    ``hx = (h_0, c_0)``, each (num_directions·num_layers, batch_size,
    hidden_size), zeros by default, and returns ``(output, (h_n, c_n))``;
    otherwise as ``RNN`` (``batch_first``, ``bidirectional``, ``seq_length``:
    past a sequence's length both states are kept and the output is zero).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.LSTM(3, 4, batch_first=True)
    >>> output, (h_n, c_n) = net(ms.Tensor(np.ones((2, 5, 3), np.float32)),
    ...                          seq_length=ms.Tensor([5, 2]))
    >>> output.shape, h_n.shape, c_n.shape
    ((2, 5, 4), (1, 2, 4), (1, 2, 4))
    >>> bool((output[1, 2:] == 0).all())
    True
    """

    _mode = "LSTM"


class GRU(_RNNBase):
    """A multi-layer GRU (the gates of ``GRUCell``, stacked r, z, n); arguments,
    inputs and outputs as ``RNN``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.GRU(3, 4, num_layers=2)
    >>> net.weight_ih_l1.shape
    (12, 4)
    >>> [t.shape for t in net(ms.Tensor(np.ones((5, 2, 3), np.float32)))]
    [(5, 2, 4), (2, 2, 4)]
    """

    _mode = "GRU"
