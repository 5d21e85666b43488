"""Loss-scale training cells: FixedLossScaleUpdateCell, DynamicLossScaleUpdateCell and
TrainOneStepWithLossScaleCell, as MindSpore's.

``TrainOneStepWithLossScaleCell(network, optimizer, scale_sense)`` fills the
loss's cotangent with the loss scale, unscales the gradients (times the
float32 reciprocal of the scale), checks them for inf/nan, lets the update
cell adjust the scale, and runs the optimizer only when nothing overflowed.
It returns ``(loss, overflow, scale)``: ``scale`` is the ``scale_sense``
Parameter itself, which holds the scale after the update.

>>> import numpy as np, dualgrad as ms
>>> from dualgrad import nn
>>> net = nn.Dense(1, 1, weight_init='ones', bias_init='zeros')
>>> update = nn.DynamicLossScaleUpdateCell(loss_scale_value=2**12, scale_factor=2, scale_window=1000)
>>> train = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
...                                          nn.SGD(net.trainable_params(), 0.5), update)
>>> loss, overflow, scale = train(ms.Tensor([[1.0]]), ms.Tensor([[0.0]]))
>>> loss.item(), overflow.item(), scale.item(), net.weight.asnumpy().tolist()
(1.0, False, 4096.0, [[0.0]])
"""
from .. import _dtypes, ops
from .._parameter import Parameter
from .._tensor import Tensor
from .._transforms import value_and_weight_grads
from ..amp import _grad_unscale, all_finite
from ..train.loss_scale_manager import _real
from .cell import Cell
from .layers import _positive_int
from .wrappers import TrainOneStepCell

__all__ = ["DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell",
           "TrainOneStepWithLossScaleCell"]


def _as_bool_tensor(overflow):
    if isinstance(overflow, Tensor):
        return overflow if overflow.dtype == _dtypes.bool_ else overflow.astype(_dtypes.bool_)
    return Tensor(bool(overflow))


class DynamicLossScaleUpdateCell(Cell):
    """Updates a loss scale from a step's overflow flag, as MindSpore's.

    ``cell(loss_scale, overflow)`` sets the Parameter ``loss_scale`` to
    ``max(loss_scale / scale_factor, 1)`` on overflow and, after
    ``scale_window`` steps since the last overflow (or growth) without one, to
    ``loss_scale * scale_factor``; it returns ``overflow``.  Its state is the
    int32 Parameters ``cur_iter`` (named 'current_iterator_step', from 1) and
    ``last_overflow_iter`` ('last_overflow_iterator_step', from 0).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> update = nn.DynamicLossScaleUpdateCell(8, 2, 1)
    >>> scale = ms.Parameter(ms.Tensor(8.0), name='scale')
    >>> _ = update(scale, ms.Tensor(False)); scale.item()
    16.0
    >>> _ = update(scale, ms.Tensor(True)); scale.item()
    8.0
    """

    def __init__(self, loss_scale_value, scale_factor, scale_window):
        super().__init__()
        owner = "DynamicLossScaleUpdateCell"
        _real(loss_scale_value, "loss_scale_value", owner)
        if not _real(scale_factor, "scale_factor", owner) > 0:
            raise ValueError(f"For '{owner}', 'scale_factor' must be > 0, got {scale_factor}")
        scale_window = _positive_int(scale_window, "scale_window", owner)
        self.scale_window = Tensor(scale_window, dtype=_dtypes.int32)
        self.scale_factor = Tensor(float(scale_factor), dtype=_dtypes.float32)
        self.loss_scale_value = loss_scale_value
        self.cur_iter = Parameter(Tensor(1, dtype=_dtypes.int32), name="current_iterator_step")
        self.last_overflow_iter = Parameter(Tensor(0, dtype=_dtypes.int32),
                                            name="last_overflow_iterator_step")
        self.minimum_loss_scale = Tensor(1.0, dtype=_dtypes.float32)

    def get_loss_scale(self):
        """The initial loss scale given."""
        return self.loss_scale_value

    def construct(self, loss_scale, overflow):
        overflow_cond = _as_bool_tensor(overflow)
        loss_scale_on_overflow = ops.select(
            overflow_cond,
            ops.maximum(loss_scale * ops.reciprocal(self.scale_factor), self.minimum_loss_scale),
            loss_scale)
        should_inc = ops.less_equal(self.scale_window, self.cur_iter - self.last_overflow_iter)
        last_iter_cond = ops.logical_or(overflow_cond, should_inc)
        self.last_overflow_iter.set_data(ops.select(last_iter_cond, self.cur_iter,
                                                    self.last_overflow_iter))
        update_scale_cond = ops.logical_and(should_inc, ops.logical_not(overflow_cond))
        scaled = ops.select(update_scale_cond, loss_scale_on_overflow * self.scale_factor,
                            loss_scale_on_overflow)
        loss_scale.set_data(scaled.astype(loss_scale.dtype))
        self.cur_iter.set_data(self.cur_iter + 1)
        return overflow


class FixedLossScaleUpdateCell(Cell):
    """The update cell of a fixed loss scale: ``cell(loss_scale, overflow)`` returns ``overflow``
    and changes nothing.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.FixedLossScaleUpdateCell(1024.0)(ms.Tensor(1024.0), ms.Tensor(True))
    Tensor(shape=[], dtype=Bool, value= True)
    """

    def __init__(self, loss_scale_value):
        super().__init__()
        self.loss_scale_value = _real(loss_scale_value, "loss_scale_value",
                                      "FixedLossScaleUpdateCell")

    def get_loss_scale(self):
        """The loss scale given."""
        return self.loss_scale_value

    def construct(self, _, overflow):
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """One training step with loss scaling: ``(loss, overflow, scale)`` per call.

    ``scale_sense`` is an update cell (``DynamicLossScaleUpdateCell``,
    ``FixedLossScaleUpdateCell`` or a manager's ``get_update_cell()``), whose
    ``get_loss_scale()`` starts the float32 Parameter ``scale_sense``, or a
    Tensor of shape () or (1,) (the Parameter then holds it, and only
    ``set_sense_scale`` changes it).  Each call runs the loss network, fills
    its cotangent with the scale (in the loss's dtype), multiplies every
    gradient by the reciprocal of the scale (taken in the scale's dtype, then
    cast to the gradient's), and sets ``overflow`` when a gradient holds an
    inf or nan.  The update cell then adjusts the scale, and the optimizer
    runs only when ``overflow`` is False.  With a power-of-two scale and
    finite gradients the weights are those of ``TrainOneStepCell``, bit for bit.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(1, 1, weight_init='ones', bias_init='zeros')
    >>> train = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()),
    ...     nn.SGD(net.trainable_params(), 0.5), ms.Tensor(np.float32(np.inf)))
    >>> loss, overflow, scale = train(ms.Tensor([[1.0]]), ms.Tensor([[0.0]]))
    >>> overflow.item(), net.weight.asnumpy().tolist()
    (True, [[1.0]])
    """

    def __init__(self, network, optimizer, scale_sense):
        super().__init__(network, optimizer, sens=None)
        self.loss_scaling_manager = None
        owner = "TrainOneStepWithLossScaleCell"
        if isinstance(scale_sense, Cell):
            if not callable(getattr(scale_sense, "get_loss_scale", None)):
                raise TypeError(f"For '{owner}', a Cell 'scale_sense' must be a loss-scale "
                                f"update cell with get_loss_scale(), got "
                                f"{type(scale_sense).__name__}")
            self.loss_scaling_manager = scale_sense
            self.scale_sense = Parameter(Tensor(scale_sense.get_loss_scale(),
                                                dtype=_dtypes.float32), name="scale_sense")
        elif isinstance(scale_sense, Tensor):
            if scale_sense.shape not in ((1,), ()):
                raise ValueError(f"For '{owner}', the shape of 'scale_sense' must be (1,) or (), "
                                 f"but got {scale_sense.shape}.")
            self.scale_sense = Parameter(scale_sense, name="scale_sense")
        else:
            raise TypeError(f"For '{owner}', the 'scale_sense' must be Cell or Tensor, but got "
                            f"'scale_sense' type: {type(scale_sense).__name__}.")

    def construct(self, *inputs):
        scaling_sens = self.scale_sense
        # The cotangent is the scale cast to each output's dtype; a (1,) scale fills a
        # scalar loss's () cotangent with its one value.
        loss, grads = value_and_weight_grads(self.network, inputs, self.weights,
                                             scaling_sens.asnumpy().reshape(-1)[0])
        grads = tuple(_grad_unscale(scaling_sens, g) for g in grads)
        grads = self.grad_reducer(grads)
        cond = self.get_overflow_status(None, grads)
        overflow = self.process_loss_scale(cond)
        if not bool(overflow):
            self.optimizer(grads)
        return loss, cond, scaling_sens

    def set_sense_scale(self, sens):
        """Set the scale (a Tensor of the ``scale_sense`` Parameter's shape)."""
        if not isinstance(sens, Tensor):
            raise TypeError(f"For 'TrainOneStepWithLossScaleCell', the type of 'sens' must be "
                            f"Tensor, but got {type(sens).__name__}")
        self.scale_sense.set_data(sens)

    def start_overflow_check(self, pre_cond, compute_input):
        """``(status, compute_input)``: nothing to clear here (MindSpore clears an Ascend
        device's float status); ``status`` is MindSpore's int32 zeros of shape (8,)."""
        return Tensor([0] * 8, _dtypes.int32), compute_input

    def get_overflow_status(self, status, compute_output):
        """A scalar bool Tensor: whether a Tensor of ``compute_output`` holds an inf or nan."""
        return ops.logical_not(all_finite(compute_output))

    def process_loss_scale(self, overflow):
        """Let the update cell adjust the scale; returns what it returns (``overflow``)."""
        if self.loss_scaling_manager is not None:
            return self.loss_scaling_manager(self.scale_sense, overflow)
        return overflow
