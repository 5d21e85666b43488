"""MindSpore's loss-scale managers: ``FixedLossScaleManager`` and ``DynamicLossScaleManager``.

A manager holds the loss scale on the host (``get_loss_scale``,
``update_loss_scale(overflow)``) and gives the Cell that updates it inside a
training step (``get_update_cell``), for ``nn.TrainOneStepWithLossScaleCell``.

>>> import dualgrad as ms
>>> manager = ms.DynamicLossScaleManager(init_loss_scale=16, scale_factor=2, scale_window=2)
>>> for overflow in (False, False, True):
...     manager.update_loss_scale(overflow)
>>> manager.get_loss_scale()
16.0
>>> type(manager.get_update_cell()).__name__
'DynamicLossScaleUpdateCell'
"""
import numbers

from ..nn.layers import _positive_int

__all__ = ["LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager"]


def _real(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{owner}', the '{name}' must be a number, got "
                        f"{type(value).__name__}")
    return value


class LossScaleManager:
    """Base class of loss-scale managers: ``get_loss_scale``, ``update_loss_scale(overflow)``
    and ``get_update_cell``.

    >>> import dualgrad as ms
    >>> isinstance(ms.FixedLossScaleManager(), ms.LossScaleManager)
    True
    """

    def get_loss_scale(self):
        """The loss scale: the factor the loss's gradients are multiplied by."""

    def update_loss_scale(self, overflow):
        """Update the loss scale after a step that did (``overflow=True``) or did not overflow."""

    def get_update_cell(self):
        """The Cell that updates the loss scale in ``nn.TrainOneStepWithLossScaleCell``."""


class FixedLossScaleManager(LossScaleManager):
    """A constant loss scale (``loss_scale``, default 128.0, must be >= 1).

    With ``drop_overflow_update=True`` (the default) a step whose gradients
    overflow skips the optimizer's update (``get_update_cell`` gives a
    ``nn.FixedLossScaleUpdateCell``); with False ``get_update_cell`` is None
    and the optimizer should be built with the same ``loss_scale``.

    >>> import dualgrad as ms
    >>> manager = ms.FixedLossScaleManager(1024.0)
    >>> manager.get_loss_scale(), manager.get_drop_overflow_update()
    (1024.0, True)
    >>> manager.get_update_cell().get_loss_scale()
    1024.0
    >>> ms.FixedLossScaleManager(8.0, drop_overflow_update=False).get_update_cell() is None
    True
    """

    def __init__(self, loss_scale=128.0, drop_overflow_update=True):
        _real(loss_scale, "loss_scale", "FixedLossScaleManager")
        if not loss_scale >= 1:
            raise ValueError(f"The argument 'loss_scale' must be >= 1, but got {loss_scale}")
        if not isinstance(drop_overflow_update, bool):
            raise TypeError(f"For 'FixedLossScaleManager', the 'drop_overflow_update' must be "
                            f"a bool, got {type(drop_overflow_update).__name__}")
        self._loss_scale = loss_scale
        self._drop_overflow_update = drop_overflow_update

    def get_loss_scale(self):
        """The loss scale given."""
        return self._loss_scale

    def get_drop_overflow_update(self):
        """Whether a step whose gradients overflow skips the optimizer's update."""
        return self._drop_overflow_update

    def update_loss_scale(self, overflow):
        """Nothing: the loss scale is fixed."""

    def get_update_cell(self):
        """``nn.FixedLossScaleUpdateCell(loss_scale)``, or None when overflowing updates are kept."""
        if not self._drop_overflow_update:
            return None
        from ..nn.loss_scale import FixedLossScaleUpdateCell
        return FixedLossScaleUpdateCell(self._loss_scale)


class DynamicLossScaleManager(LossScaleManager):
    """A loss scale that shrinks on overflow and grows after ``scale_window`` good steps.

    ``update_loss_scale(overflow)``: on overflow the scale becomes
    ``max(scale / scale_factor, 1)``; without, it is multiplied by
    ``scale_factor`` when the number of steps since the last overflow is a
    multiple of ``scale_window``.  As MindSpore's, it raises RuntimeError after
    more than 1000 overflowing steps in a row.  Defaults: ``init_loss_scale=2**24``,
    ``scale_factor=2``, ``scale_window=2000``.

    >>> import dualgrad as ms
    >>> manager = ms.DynamicLossScaleManager(8, 2, 1)
    >>> manager.update_loss_scale(False); manager.get_loss_scale()
    16
    >>> manager.get_drop_overflow_update()
    True
    """

    def __init__(self, init_loss_scale=2 ** 24, scale_factor=2, scale_window=2000):
        owner = "DynamicLossScaleManager"
        _real(init_loss_scale, "init_loss_scale", owner)
        if not init_loss_scale >= 1.0:
            raise ValueError(f"The argument 'init_loss_scale' must be > 1, but got "
                             f"{init_loss_scale}")
        self.loss_scale = init_loss_scale
        self.scale_window = _positive_int(scale_window, "scale_window", owner)
        _real(scale_factor, "scale_factor", owner)
        if not scale_factor > 0:
            raise ValueError(f"The argument 'scale_factor' must be > 0, but got {scale_factor}")
        self.scale_factor = scale_factor
        self.increase_ratio = scale_factor
        self.decrease_ratio = 1 / scale_factor
        self.cur_iter = 1
        self.last_overflow_iter = 0
        self.bad_step_max = 1000
        self.bad_step = 0

    def get_loss_scale(self):
        """The current loss scale."""
        return self.loss_scale

    def update_loss_scale(self, overflow):
        """Shrink the scale after an overflowing step, grow it every ``scale_window`` good ones."""
        if overflow:
            self.loss_scale = max(self.loss_scale * self.decrease_ratio, 1)
            self.last_overflow_iter = self.cur_iter
            self.bad_step += 1
        else:
            if (self.cur_iter - self.last_overflow_iter) % self.scale_window == 0:
                self.loss_scale *= self.increase_ratio
            self.bad_step = 0
        if self.bad_step > self.bad_step_max:
            raise RuntimeError(f"Dynamic loss scale: {self.bad_step} overflowing steps in a row, "
                               f"more than the maximum {self.bad_step_max}")
        self.cur_iter += 1

    def get_drop_overflow_update(self):
        """Always True: an overflowing step skips the optimizer's update."""
        return True

    def get_update_cell(self):
        """``nn.DynamicLossScaleUpdateCell(loss_scale, scale_factor, scale_window)``."""
        from ..nn.loss_scale import DynamicLossScaleUpdateCell
        return DynamicLossScaleUpdateCell(self.loss_scale, self.scale_factor, self.scale_window)
