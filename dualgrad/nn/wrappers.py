"""Training wrappers: WithLossCell, WithEvalCell, WithGradCell, ForwardValueAndGrad,
TrainOneStepCell, GradAccumulationCell, ParameterUpdate; and the wrappers
MindSpore 2.10 still ships though deprecated: TimeDistributed (a layer applied
to every time step) and Jvp and Vjp (cells around the forward and reverse
derivative transforms).

As in MindSpore, the wrappers are built with ``auto_prefix=False``: wrapping
a network does not rename its Parameters, so a checkpoint of the wrapper (or
of the network) keeps the network's own names (``'fc.weight'``, not
``'network._backbone.fc.weight'``).

>>> import numpy as np, dualgrad as ms
>>> from dualgrad import nn
>>> net = nn.Dense(2, 1, weight_init='ones', bias_init='zeros')
>>> opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
>>> train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
>>> x = ms.Tensor(np.ones((4, 2), np.float32)); y = ms.Tensor(np.zeros((4, 1), np.float32))
>>> train(x, y)
Tensor(shape=[], dtype=Float32, value= 4)
>>> net.weight.asnumpy().tolist()
[[0.6000000238418579, 0.6000000238418579]]
"""
import math
import numbers

import numpy as np

from .. import _dtypes, ops
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, wrap
from .._transforms import GradOperation, jvp, value_and_weight_grads, vjp
from .cell import Cell
from .layers import Identity

__all__ = ["WithLossCell", "WithEvalCell", "WithGradCell", "ForwardValueAndGrad",
           "TrainOneStepCell", "TimeDistributed", "Jvp", "Vjp", "GradAccumulationCell",
           "ParameterUpdate"]


def _check_callable(value, name, owner):
    if not callable(value):
        raise TypeError(f"{owner}: {name} must be a Cell or a callable, got "
                        f"{type(value).__name__}")
    return value


def _check_cell(value, name, owner):
    if not isinstance(value, Cell):
        raise TypeError(f"{owner}: {name} must be a Cell, got {type(value).__name__}")
    return value


class WithLossCell(Cell):
    """``loss_fn(backbone(data), label)``: a network and its loss as one cell.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(2, 1, weight_init='ones', bias_init='zeros')
    >>> with_loss = nn.WithLossCell(net, nn.L1Loss())
    >>> with_loss(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[0.0]]))
    Tensor(shape=[], dtype=Float32, value= 3)
    >>> [p.name for p in with_loss.trainable_params()]
    ['weight', 'bias']
    """

    def __init__(self, backbone, loss_fn):
        super().__init__(auto_prefix=False)
        self._backbone = _check_callable(backbone, "backbone", "WithLossCell")
        self._loss_fn = _check_callable(loss_fn, "loss_fn", "WithLossCell")

    def construct(self, data, label):
        return self._loss_fn(self._backbone(data), label)

    @property
    def backbone_network(self):
        """The wrapped network.

        >>> from dualgrad import nn
        >>> net = nn.Dense(2, 1)
        >>> nn.WithLossCell(net, nn.MSELoss()).backbone_network is net
        True
        """
        return self._backbone


def _is_float(t):
    return isinstance(t, Tensor) and np.dtype(_dtypes.to_numpy_dtype(t.dtype)).kind == "f"


class WithEvalCell(Cell):
    """``(loss, outputs, label)`` of a network on ``data``, for computing metrics.

    With ``add_cast_fp32=True`` the outputs, and a floating-point label, are
    cast to float32 before the loss (an integer label stays as it is).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(2, 1, weight_init='ones', bias_init='zeros')
    >>> loss, out, label = nn.WithEvalCell(net, nn.MSELoss())(ms.Tensor([[1.0, 2.0]]),
    ...                                                        ms.Tensor([[1.0]]))
    >>> loss.item(), out.asnumpy().tolist()
    (4.0, [[3.0]])
    """

    def __init__(self, network, loss_fn, add_cast_fp32=False):
        super().__init__(auto_prefix=False)
        self._network = _check_callable(network, "network", "WithEvalCell")
        self._loss_fn = _check_callable(loss_fn, "loss_fn", "WithEvalCell")
        if not isinstance(add_cast_fp32, bool):
            raise TypeError(f"For 'WithEvalCell', the type of 'add_cast_fp32' should be "
                            f"'bool', but got type '{type(add_cast_fp32).__name__}'.")
        self.add_cast_fp32 = add_cast_fp32

    def construct(self, data, label):
        outputs = self._network(data)
        if self.add_cast_fp32:
            if _is_float(label):
                label = label.astype(_dtypes.float32)
            outputs = outputs.astype(_dtypes.float32)
        return self._loss_fn(outputs, label), outputs, label


def _check_sens(sens, owner):
    """MindSpore's ``sens`` of TrainOneStepCell: a non-zero number (None is 1.0)."""
    if sens is None:
        return None
    if isinstance(sens, bool) or not isinstance(sens, numbers.Real):
        raise TypeError(f"{owner}: sens must be a number, got {type(sens).__name__}")
    if sens == 0:
        raise ValueError(f"{owner}: sens must not be 0")
    if not math.isfinite(sens):
        raise ValueError(f"{owner}: sens must be finite, got {sens}")
    return float(sens)


class WithGradCell(Cell):
    """The gradients of a network's loss with respect to its trainable parameters.

    ``WithGradCell(network, loss_fn)(data, label)`` differentiates
    ``loss_fn(network(data), label)``; with ``loss_fn=None`` ``network`` is
    already the loss (``network(*inputs)``).  The parameters are
    ``network.trainable_params()`` when the cell is made; the result is a
    tuple aligned with them.  ``sens`` (a Tensor, or a number for a scalar
    loss) is the loss's cotangent, ones when None.  As MindSpore's, the cell
    sets the loss network to training mode.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(2, 1, weight_init='ones', bias_init='zeros')
    >>> grads = nn.WithGradCell(net, nn.MSELoss())(ms.Tensor([[1.0, 2.0]]), ms.Tensor([[0.0]]))
    >>> [g.asnumpy().tolist() for g in grads]
    [[[6.0, 12.0]], [6.0]]
    """

    def __init__(self, network, loss_fn=None, sens=None):
        super().__init__(auto_prefix=False)
        _check_cell(network, "network", "WithGradCell")
        if sens is not None and (isinstance(sens, bool) or not isinstance(
                sens, (Tensor, numbers.Real, tuple))):
            raise TypeError(f"WithGradCell: sens must be None, a Tensor, a number or a tuple, "
                            f"got {type(sens).__name__}")
        self.network = network
        self.loss_fn = None if loss_fn is None else _check_callable(loss_fn, "loss_fn",
                                                                    "WithGradCell")
        self.weights = ParameterTuple(network.trainable_params())
        self.grad = GradOperation(get_by_list=True, sens_param=sens is not None)
        self.sens = sens
        if loss_fn is None:
            self.network_with_loss = network
        else:
            self.network_with_loss = WithLossCell(self.network, self.loss_fn)
        self.network_with_loss.set_train()

    def construct(self, *inputs):
        grad_fn = self.grad(self.network_with_loss, self.weights)
        if self.sens is None:
            return grad_fn(*inputs)
        return grad_fn(*inputs, self.sens)


class ForwardValueAndGrad(Cell):
    """A network's output and its gradients from one reverse pass:
    ``ForwardValueAndGrad(network, weights, get_all, get_by_list, sens_param)
    (*inputs)`` is ``(network(*inputs), gradients)``, the gradients those of
    ``ops.GradOperation(get_all, get_by_list, sens_param)(network, weights)``:
    the first input's, every input's with ``get_all``, the ``weights``' with
    ``get_by_list`` (both: ``(inputs', weights')``).  With ``sens_param`` the
    last input is the output's cotangent (the output returned is not scaled).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(1, 1, weight_init='ones', bias_init='zeros')
    >>> step = nn.ForwardValueAndGrad(net, net.trainable_params(), get_by_list=True)
    >>> out, (dw, db) = step(ms.Tensor([[3.0]]))
    >>> out.asnumpy().tolist(), dw.asnumpy().tolist(), db.asnumpy().tolist()
    ([[3.0]], [[3.0]], [1.0])
    """

    def __init__(self, network, weights=None, get_all=False, get_by_list=False,
                 sens_param=False):
        super().__init__(auto_prefix=False)
        owner = "ForwardValueAndGrad"
        _check_callable(network, "network", owner)
        for name, value in (("get_all", get_all), ("get_by_list", get_by_list),
                            ("sens_param", sens_param)):
            if not isinstance(value, bool):
                raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
        if get_by_list and weights is None:
            raise TypeError(f"{owner}: get_by_list=True needs the weights (a ParameterTuple "
                            f"or list of Parameters)")
        self.network = network
        self.weights = weights
        self.get_all, self.get_by_list, self.sens_param = get_all, get_by_list, sens_param
        self.grad = GradOperation(get_all, get_by_list, sens_param)

    def construct(self, *inputs):
        weights = self.weights if self.get_by_list else None
        return self.grad._value_and_grad_function(self.network, weights)(*inputs)


class TrainOneStepCell(Cell):
    """One training step per call: the loss, its gradients, the optimizer's update.

    ``TrainOneStepCell(network, optimizer)(*inputs)`` runs ``network(*inputs)``
    (a loss network such as ``WithLossCell``), differentiates it with respect
    to ``optimizer.parameters`` in the same reverse pass, applies
    ``optimizer(grads)`` and returns the loss computed before the update.  The
    weights it leaves are those of ``value_and_grad(network, None,
    optimizer.parameters)`` followed by ``optimizer(grads)``, bit for bit.

    ``sens`` (default None, i.e. 1.0) fills the loss's cotangent, so every
    gradient is scaled by it (the loss returned is not); it must be a non-zero
    number.  A network with several outputs is trained on their sum (with
    ``sens``, each output's cotangent is filled with it).  With
    ``return_grad=True`` the call returns ``(loss, {parameter name:
    gradient})``.  As in MindSpore, the cell does not change the network's
    training mode (``set_train()`` it for layers that care).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(1, 1, weight_init='ones', bias_init='zeros')
    >>> opt = nn.SGD(net.trainable_params(), learning_rate=0.5)
    >>> step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt, sens=2.0,
    ...                            return_grad=True)
    >>> loss, grads = step(ms.Tensor([[1.0]]), ms.Tensor([[0.0]]))
    >>> loss.item(), {name: g.asnumpy().tolist() for name, g in grads.items()}
    (1.0, {'weight': [[4.0]], 'bias': [4.0]})
    """

    def __init__(self, network, optimizer, sens=None, return_grad=False):
        super().__init__(auto_prefix=False)
        owner = "TrainOneStepCell"
        _check_cell(network, "network", owner)
        _check_callable(optimizer, "optimizer", owner)
        if not isinstance(getattr(optimizer, "parameters", None), (tuple, list)):
            raise TypeError(f"{owner}: optimizer must be an optimizer with the tuple "
                            f"'parameters' it updates (such as nn.SGD or nn.Adam), got "
                            f"{type(optimizer).__name__}")
        if not isinstance(return_grad, bool):
            raise TypeError(f"{owner}: return_grad must be a bool, got "
                            f"{type(return_grad).__name__}")
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        sens = _check_sens(sens, owner)
        self.sense_flag = sens is not None
        self.sens = 1.0 if sens is None else sens
        self.return_grad = return_grad
        self.weights_name = [p.name for p in self.weights]
        # Data-parallel training reduces the gradients across devices here; on
        # one device it is the identity, as in MindSpore.
        self.grad_reducer = Identity()

    def construct(self, *inputs):
        loss, grads = value_and_weight_grads(self.network, inputs, self.weights,
                                             self.sens if self.sense_flag else None)
        grads = self.grad_reducer(grads)
        self.optimizer(grads)
        if self.return_grad:
            return loss, dict(zip(self.weights_name, grads))
        return loss


class TimeDistributed(Cell):
    """``layer`` applied to every slice of its input along ``time_axis`` (the
    input has at least 3 dimensions), the outputs stacked back along it.
    With ``reshape_with_axis``, the time axis is instead moved next to that
    axis (their order kept) and merged with it, ``layer`` runs once on the
    merged batch, and the output's merged axis is split again, the two axes
    left adjacent as MindSpore leaves them.  MindSpore 2.10 deprecates it.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.TimeDistributed(nn.Dense(3, 6), time_axis=1, reshape_with_axis=0)
    >>> net(ms.Tensor(np.ones((32, 10, 3), np.float32))).shape
    (32, 10, 6)
    """

    def __init__(self, layer, time_axis, reshape_with_axis=None):
        super().__init__()
        owner = "TimeDistributed"
        _check_callable(layer, "layer", owner)
        for name, value in (("time_axis", time_axis), ("reshape_with_axis", reshape_with_axis)):
            if value is None and name == "reshape_with_axis":
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")
        self.layer = layer
        self.time_axis, self.reshape_with_axis = time_axis, reshape_with_axis

    def _layer_output(self, x):
        out = self.layer(x)
        if not isinstance(out, Tensor):
            raise TypeError(f"TimeDistributed: layer must return a Tensor, got "
                            f"{type(out).__name__}")
        return out

    def construct(self, inputs):
        x = wrap(self._input_value(inputs, "inputs"))
        ndim = x.ndim
        if ndim < 3:
            raise ValueError(f"TimeDistributed: inputs must have at least 3 dimensions, got "
                             f"shape {tuple(x.shape)}")
        for name, axis in (("time_axis", self.time_axis),
                           ("reshape_with_axis", self.reshape_with_axis)):
            if axis is not None and not -ndim <= axis < ndim:
                raise ValueError(f"TimeDistributed: {name} {axis} is out of range for inputs "
                                 f"of {ndim} dimensions")
        time_axis = self.time_axis % ndim
        if self.reshape_with_axis is None:
            steps = [self._layer_output(step) for step in ops.unstack(x, time_axis)]
            if time_axis > steps[0].ndim:
                raise ValueError(f"TimeDistributed: time_axis {time_axis} is out of range for "
                                 f"the layer's outputs of {steps[0].ndim} dimensions")
            return ops.stack(steps, time_axis)
        merge_axis = self.reshape_with_axis % ndim
        if merge_axis == time_axis:
            raise ValueError("TimeDistributed: reshape_with_axis must differ from time_axis, "
                             f"both are axis {time_axis}")
        # the time axis moved next to merge_axis, keeping their order
        moved_to = merge_axis + 1 if time_axis > merge_axis else merge_axis - 1
        x = ops.moveaxis(x, time_axis, moved_to)
        first = min(moved_to, merge_axis)
        pair = tuple(x.shape[first:first + 2])
        merged = ops.reshape(x, tuple(x.shape[:first]) + (-1,) + tuple(x.shape[first + 2:]))
        out = self._layer_output(merged)
        if out.ndim <= first or out.shape[first] != pair[0] * pair[1]:
            raise ValueError(f"TimeDistributed: the layer's output must keep the merged axis "
                             f"{first} of length {pair[0] * pair[1]}, got shape "
                             f"{tuple(out.shape)}")
        return ops.reshape(out, tuple(out.shape[:first]) + pair + tuple(out.shape[first + 1:]))


class _DerivativeCell(Cell):
    """A cell around a derivative transform of ``fn``, called with fn's inputs
    and then the tangent or cotangent ``v``."""

    def __init__(self, fn):
        super().__init__()
        self.fn = _check_callable(fn, "fn", type(self).__name__)

    def _inputs_and_v(self, args):
        if len(args) < 2:
            raise TypeError(f"{type(self).__name__}: takes the function's inputs and then v, "
                            f"got {len(args)} argument(s)")
        return args[:-1], args[-1]


class Jvp(_DerivativeCell):
    """``Jvp(fn)(*inputs, v)`` gives (fn(*inputs), the derivative of fn at inputs
    along ``v``): ``v`` a Tensor for one input, a tuple of one Tensor per input
    otherwise; the derivative has the structure of fn's output.  This is
    ``dualgrad.jvp`` (forward mode).  MindSpore 2.10 deprecates it for
    ``ops.jvp``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Jvp(lambda x: x ** 3)(ms.Tensor([1.0, 2.0]), ms.Tensor([1.0, 1.0]))[1]
    Tensor(shape=[2], dtype=Float32, value= [ 3.00000000e+00,  1.20000000e+01])
    """

    def construct(self, *args):
        inputs, v = self._inputs_and_v(args)
        if len(inputs) > 1 and (not isinstance(v, (tuple, list)) or len(v) != len(inputs)):
            raise TypeError(f"Jvp: v must be a tuple of {len(inputs)} Tensors, one per input, "
                            f"got {type(v).__name__}")
        if len(inputs) == 1:
            return jvp(self.fn, inputs[0], v)
        return jvp(self.fn, tuple(inputs), tuple(v))


class Vjp(_DerivativeCell):
    """``Vjp(fn)(*inputs, v)`` gives (fn(*inputs), the cotangent ``v`` of fn's
    output pulled back to the inputs): ``v`` has the structure of fn's output;
    the gradient is a Tensor for one input, a tuple of one per input
    otherwise.  This is ``dualgrad.vjp`` (reverse mode).  MindSpore 2.10
    deprecates it for ``ops.vjp``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.Vjp(lambda x, y: x * y)(ms.Tensor([2.0]), ms.Tensor([3.0]), ms.Tensor([1.0]))[1]
    (Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00]), \
Tensor(shape=[1], dtype=Float32, value= [ 2.00000000e+00]))
    """

    def construct(self, *args):
        inputs, v = self._inputs_and_v(args)
        output, pull_back = vjp(self.fn, *inputs)
        gradients = pull_back(v)
        return output, gradients[0] if len(inputs) == 1 else gradients


class GradAccumulationCell(Cell):
    """``network`` run on ``micro_size`` micro-batches, each input split evenly
    along its first axis, and the outputs added: the gradient of the sum is
    the gradients of the micro-batches accumulated.  (MindSpore uses it in
    its semi-automatic and automatic parallel modes; on one device the
    result is the same.)

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.GradAccumulationCell(nn.MSELoss(reduction='sum'), 2)
    >>> net(ms.Tensor(np.ones((4, 2))), ms.Tensor(np.zeros((4, 2))))
    Tensor(shape=[], dtype=Float64, value= 8)
    """

    def __init__(self, network, micro_size):
        super().__init__(auto_prefix=False)
        owner = "GradAccumulationCell"
        self.network = _check_cell(network, "network", owner)
        if isinstance(micro_size, bool) or not isinstance(micro_size, int):
            raise TypeError(f"{owner}: micro_size must be an int, got "
                            f"{type(micro_size).__name__}")
        if micro_size <= 0:
            raise ValueError(f"{owner}: micro_size must be > 0, got {micro_size}")
        self.micro_size = micro_size

    def construct(self, *inputs):
        owner, parts = "GradAccumulationCell", self.micro_size
        tensors = [wrap(self._input_value(x, f"inputs[{k}]")) for k, x in enumerate(inputs)]
        for k, t in enumerate(tensors):
            if t.ndim == 0 or t.shape[0] % parts:
                raise ValueError(f"{owner}: inputs[{k}] must have a first axis divisible by "
                                 f"micro_size={parts}, got shape {tuple(t.shape)}")
        total = None
        for i in range(parts):
            micro_batch = [t[i * (t.shape[0] // parts):(i + 1) * (t.shape[0] // parts)]
                           for t in tensors]
            output = self.network(*micro_batch)
            total = output if total is None else total + output
        return total


class ParameterUpdate(Cell):
    """``ParameterUpdate(param)(x)`` sets ``param``'s value to ``x`` (of its shape,
    cast to its dtype) and returns ``x``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> network = nn.Dense(3, 4)
    >>> update = nn.ParameterUpdate(network.parameters_dict()['weight'])
    >>> _ = update(ms.Tensor(np.arange(12.0).reshape(4, 3)))
    >>> network.weight.asnumpy()[3].tolist()
    [9.0, 10.0, 11.0]
    """

    def __init__(self, param):
        super().__init__(auto_prefix=False)
        if not isinstance(param, Parameter):
            raise TypeError(f"ParameterUpdate: param must be a Parameter, got "
                            f"{type(param).__name__}")
        self.__dict__["_param"] = param          # (updated, not owned: no sub-parameter)

    def construct(self, x):
        value = wrap(self._input_value(x, "x"))
        if tuple(value.shape) != tuple(self._param.shape):
            raise ValueError(f"ParameterUpdate: x must have the parameter's shape "
                             f"{tuple(self._param.shape)}, got {tuple(value.shape)}")
        self._param.set_data(value)
        return x
