"""MindSpore's ``mindspore.amp``: loss scalers, ``all_finite`` and the loss-scale managers.

Loss scaling multiplies the loss by a scale before differentiating (so that
small float16 gradients do not flush to zero) and divides the gradients by it
after.  ``DynamicLossScaler`` shrinks the scale when the gradients overflow
and grows it after ``scale_window`` finite steps, with MindSpore's exact rule.

>>> import numpy as np, dualgrad as ms
>>> scaler = ms.amp.DynamicLossScaler(scale_value=2**10, scale_factor=2, scale_window=1)
>>> grads = (ms.Tensor(np.array([np.inf, 1.0], np.float16)), ms.Tensor(np.array([0.2], np.float16)))
>>> scaler.adjust(ms.amp.all_finite(scaler.unscale(grads)))
True
>>> scaler.scale_value.asnumpy()
array(512., dtype=float32)

``auto_mixed_precision`` supports ``amp_level='O0'`` only (the network
unchanged): MindSpore's 'O1'/'O2'/'O3'/'auto' rewrite the network's graph
so that each operator casts its inputs and parameters to float16 as it reads
them, which this engine's eager Cells cannot do without changing the
float32 Parameters themselves; those levels raise NotImplementedError.
"""
import numbers
from abc import ABC, abstractmethod

from . import _dtypes, ops
from ._parameter import Parameter
from ._tensor import Tensor
from .nn.cell import Cell
from .nn.layers import _positive_int
from .train.loss_scale_manager import (DynamicLossScaleManager, FixedLossScaleManager,
                                       LossScaleManager)

__all__ = ["DynamicLossScaleManager", "LossScaleManager", "FixedLossScaleManager",
           "DynamicLossScaler", "StaticLossScaler", "LossScaler", "auto_mixed_precision",
           "all_finite", "get_white_list", "get_black_list"]


def _map(fn, inputs, what):
    """``fn`` on a Tensor, or on each Tensor of a tuple/list (the same container back)."""
    if isinstance(inputs, Tensor):
        return fn(inputs)
    if isinstance(inputs, (tuple, list)):
        return type(inputs)(_map(fn, x, what) for x in inputs)
    raise TypeError(f"{what}: inputs must be a Tensor or a tuple/list of Tensors, got "
                    f"{type(inputs).__name__}")


def _flat(inputs, out):
    for x in inputs:
        if isinstance(x, (tuple, list)):
            _flat(x, out)
        elif isinstance(x, Tensor):
            out.append(x)
        else:
            raise TypeError(f"all_finite: inputs must hold Tensors, got {type(x).__name__}")
    return out


def all_finite(inputs):
    """A scalar bool Tensor: whether every element of every Tensor in ``inputs`` is finite.

    ``inputs`` is a tuple or list of Tensors (integer Tensors are finite).

    >>> import numpy as np, dualgrad as ms
    >>> ms.amp.all_finite((ms.Tensor(np.array([np.nan, 1.0])), ms.Tensor(np.array([1.0]))))
    Tensor(shape=[], dtype=Bool, value= False)
    """
    if not isinstance(inputs, (tuple, list)):
        raise TypeError(f"all_finite: inputs must be a tuple or list of Tensors, got "
                        f"{type(inputs).__name__}")
    tensors = _flat(inputs, [])
    if not tensors:
        raise ValueError("all_finite: inputs must hold at least one Tensor, got none")
    flags = [ops.isfinite(t).all() for t in tensors]
    return ops.stack(flags).all()


def _scale_value(value, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{owner}', the type of 'scale_value' should be one of "
                        f"['float', 'int'], but got type '{type(value).__name__}'.")
    if not value >= 1.0:
        raise ValueError(f"For '{owner}', the argument 'scale_value' must be >= 1, but got "
                         f"{value}")
    return Parameter(Tensor(float(value), dtype=_dtypes.float32), name="scale_value")


def _grad_scale(scale, grad):
    return grad * scale.astype(grad.dtype)


def _grad_unscale(scale, grad):
    return grad * ops.reciprocal(scale).astype(grad.dtype)


class LossScaler(ABC):
    """Base class of loss scalers: ``scale(inputs)``, ``unscale(inputs)``, ``adjust(grads_finite)``.

    >>> import dualgrad as ms
    >>> class Halving(ms.amp.LossScaler):
    ...     def __init__(self):
    ...         self.scale_value = ms.Parameter(ms.Tensor(8.0), name="scale_value")
    ...     def scale(self, inputs):
    ...         return inputs * self.scale_value
    ...     def unscale(self, inputs):
    ...         return inputs / self.scale_value
    ...     def adjust(self, grads_finite):
    ...         self.scale_value.set_data(self.scale_value / 2)
    ...         return True
    >>> Halving().scale(ms.Tensor(1.5))
    Tensor(shape=[], dtype=Float32, value= 12)
    """

    @abstractmethod
    def scale(self, inputs):
        """``inputs`` (a Tensor, or a tuple/list of them) multiplied by the scale."""
        raise NotImplementedError

    @abstractmethod
    def unscale(self, inputs):
        """``inputs`` (a Tensor, or a tuple/list of them) divided by the scale."""
        raise NotImplementedError

    @abstractmethod
    def adjust(self, grads_finite):
        """Update the scale from ``grads_finite`` (a scalar bool Tensor)."""
        raise NotImplementedError


class _ScaledLossScaler(LossScaler):
    """scale/unscale by the float32 Parameter ``scale_value``, as MindSpore's scalers do.

    Each Tensor ``t`` becomes ``t * scale.astype(t.dtype)`` (scale) or
    ``t * reciprocal(scale).astype(t.dtype)`` (unscale; the reciprocal is
    taken in float32).
    """

    def scale(self, inputs):
        """``inputs`` (a Tensor, or a tuple/list of them) times ``scale_value``, each in its dtype."""
        return _map(lambda t: _grad_scale(self.scale_value, t), inputs, "scale")

    def unscale(self, inputs):
        """``inputs`` times the float32 reciprocal of ``scale_value``, each in its dtype."""
        return _map(lambda t: _grad_unscale(self.scale_value, t), inputs, "unscale")


class StaticLossScaler(_ScaledLossScaler):
    """A fixed loss scale ``scale_value`` (a number >= 1), held in the float32
    Parameter ``scale_value``; ``adjust`` changes nothing and returns False.

    >>> import numpy as np, dualgrad as ms
    >>> scaler = ms.amp.StaticLossScaler(scale_value=2**10)
    >>> scaler.scale(ms.Tensor([1.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 1.02400000e+03])
    >>> scaler.unscale((ms.Tensor(np.array([1.5, 1.0], np.float16)),))[0].asnumpy().tolist()
    [0.00146484375, 0.0009765625]
    """

    def __init__(self, scale_value):
        self.scale_value = _scale_value(scale_value, "StaticLossScaler")

    def adjust(self, grads_finite):
        """False: the scale is fixed."""
        return False


class DynamicLossScaler(_ScaledLossScaler):
    """A loss scale that grows by ``scale_factor`` after ``scale_window`` finite steps in a row
    and shrinks by it (to no less than 1) after a step whose gradients are not finite.

    The state is MindSpore's: ``scale_value`` (float32 Parameter, shape ()) and
    ``counter`` (int32 Parameter, shape (), the finite steps since the last
    change).  ``adjust(grads_finite)`` applies, in float32::

        finite, counter == window - 1:  scale * factor  (kept as it is if that is inf)
        finite otherwise:               scale
        not finite:                     max(1, scale / factor)
        counter <- ((counter + 1) % window) * finite

    ``scale_value`` is a number >= 1, ``scale_factor`` and ``scale_window``
    positive ints.

    >>> import dualgrad as ms
    >>> scaler = ms.amp.DynamicLossScaler(1024, 2, 2)
    >>> for finite in (True, True, False):
    ...     _ = scaler.adjust(ms.Tensor(finite))
    ...     print(scaler.scale_value.asnumpy(), scaler.counter.asnumpy())
    1024.0 1
    2048.0 0
    1024.0 0
    """

    def __init__(self, scale_value, scale_factor, scale_window):
        owner = "DynamicLossScaler"
        self.scale_value = _scale_value(scale_value, owner)
        self.scale_window = _positive_int(scale_window, "scale_window", owner)
        self.scale_factor = _positive_int(scale_factor, "scale_factor", owner)
        self.counter = Parameter(Tensor(0, dtype=_dtypes.int32), name="counter")

    def adjust(self, grads_finite):
        """Update ``scale_value`` and ``counter`` from ``grads_finite``; returns True."""
        finite = grads_finite if isinstance(grads_finite, Tensor) else Tensor(bool(grads_finite))
        if finite.dtype != _dtypes.bool_:
            finite = finite.astype(_dtypes.bool_)
        scale = self.scale_value
        one = ops.ones((), scale.dtype)
        grown = scale * self.scale_factor
        new_scale = ops.select(
            finite,
            ops.select(self.counter == (self.scale_window - 1),
                       ops.select(ops.isfinite(grown), grown, scale),
                       scale),
            ops.maximum(one, scale / self.scale_factor))
        counter = ((self.counter + 1) % self.scale_window) * finite.astype(_dtypes.int32)
        self.scale_value.set_data(new_scale.astype(scale.dtype))
        self.counter.set_data(counter.astype(_dtypes.int32))
        return True


_LEVELS = ("O0", "O1", "O2", "O3", "auto")


def auto_mixed_precision(network, amp_level="O0", dtype=_dtypes.float16):
    """MindSpore's automatic mixed precision; ``amp_level='O0'`` (the default) only.

    'O0' returns ``network`` unchanged.  MindSpore's 'O1' (white-listed
    operators in float16), 'O2' (all but BatchNorm/LayerNorm in float16),
    'O3' (everything in float16) and 'auto' cast each operator's inputs and
    parameters as the operator reads them, by rewriting the network's graph;
    this engine has no such graph, so they raise NotImplementedError (cast
    the network's inputs and parameters yourself instead).  ``network`` must
    be a Cell, ``dtype`` float16 (MindSpore also takes bfloat16, which this
    engine has not).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(2, 1)
    >>> ms.amp.auto_mixed_precision(net, 'O0') is net
    True
    """
    if amp_level not in _LEVELS:
        if not isinstance(network, Cell):
            raise TypeError(f"auto_mixed_precision: network must be a Cell, got "
                            f"{type(network).__name__}")
        raise ValueError(f"auto_mixed_precision: amp_level must be one of {list(_LEVELS)}, "
                         f"got {amp_level!r}")
    if not isinstance(network, Cell):
        raise TypeError(f"For amp_level '{amp_level}', the network type should be Cell, got "
                        f"{type(network).__name__}")
    if dtype != _dtypes.float16:
        raise ValueError(f"auto_mixed_precision: dtype should be float16, but got {dtype}")
    if amp_level == "O0":
        return network
    raise NotImplementedError(
        f"auto_mixed_precision: amp_level {amp_level!r} is not supported by dualgrad: "
        f"MindSpore casts each operator's inputs and parameters to {dtype} by rewriting the "
        f"network's graph, which this eager engine cannot do; use 'O0' and cast inputs and "
        f"parameters yourself (e.g. nn.Dense(..., dtype=ms.float16))")


def get_white_list():
    """A copy of the classes that MindSpore's 'O1' level runs in float16, those this
    package has (MindSpore's list also has Conv*dTranspose and primitives dualgrad lacks).

    >>> import dualgrad as ms
    >>> ms.nn.Dense in ms.amp.get_white_list()
    True
    """
    from . import nn
    names = ["Conv1d", "Conv2d", "Conv3d", "Conv1dTranspose", "Conv2dTranspose",
             "Conv3dTranspose", "Dense", "LSTMCell", "RNNCell", "GRUCell"]
    prims = ["Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose", "Conv2DBackpropInput",
             "MatMul", "BatchMatMul", "PReLU", "ReLU", "Ger"]
    return ([getattr(nn, n) for n in names if hasattr(nn, n)]
            + [getattr(ops, n) for n in prims if isinstance(getattr(ops, n, None), type)])


def get_black_list():
    """A copy of the classes MindSpore's 'O2' level keeps in float32.

    >>> import dualgrad as ms
    >>> [c.__name__ for c in ms.amp.get_black_list()]
    ['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'LayerNorm']
    """
    from . import nn
    names = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm"]
    return [getattr(nn, n) for n in names if hasattr(nn, n)]
