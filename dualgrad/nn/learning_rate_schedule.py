"""Learning-rate schedules: Cells called with the global step, as MindSpore's are.

``schedule(global_step)`` returns the learning rate at that step as a float32
Tensor of the step's shape; an optimizer given a schedule as
``learning_rate`` calls it with its ``global_step`` before each update.  The
rates are computed in float32 by MindSpore's sequence of operations, with
its CPU kernels' rounding (powers and sines formed in float64 and rounded, a
number divided by a Tensor as a product with the reciprocal): they are the
bits MindSpore 2.10 gives, or within 2 units in the last place (as close as
MindSpore's own kernels for one step and for a Tensor of steps agree).

>>> import dualgrad as ms
>>> from dualgrad import nn
>>> lr = nn.CosineDecayLR(min_lr=0.01, max_lr=0.1, decay_steps=4)
>>> lr(ms.Tensor(2, ms.int32))
Tensor(shape=[], dtype=Float32, value= 0.055)
>>> opt = nn.SGD(nn.Dense(2, 1).trainable_params(), learning_rate=lr)

Arguments are checked as MindSpore checks them: rates and powers must be
floats (an int is refused with a ``TypeError``), step counts ints > 0, flags
bools; a message names the argument and what it must be.
"""
import math
import numbers

import numpy as np

from .._core import primal_value
from .._tensor import Tensor, value_of
from .cell import Cell

__all__ = ["LearningRateSchedule", "ExponentialDecayLR", "NaturalExpDecayLR",
           "InverseDecayLR", "CosineDecayLR", "PolynomialDecayLR", "WarmUpLR"]

_f32 = np.float32


def _float(value, name, owner, low=0.0, inclusive=False):
    """MindSpore's float argument: a float (not an int or a bool), finite, > low (>= inclusive)."""
    if isinstance(value, bool) or not isinstance(value, (float, np.floating)):
        raise TypeError(f"For '{owner}', '{name}' must be a float, got {type(value).__name__}")
    value = float(value)
    op = ">=" if inclusive else ">"
    if not math.isfinite(value) or value < low or (value == low and not inclusive):
        raise ValueError(f"For '{owner}', '{name}' must be a finite float {op} {low}, "
                         f"got {value}")
    return value


def _positive_int(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"For '{owner}', '{name}' must be an int, got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"For '{owner}', '{name}' must be an int > 0, got {value}")
    return int(value)


def _flag(value, name, owner):
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', '{name}' must be a bool, got {type(value).__name__}")
    return value


def _steps(global_step, owner):
    """The step(s) as an array: from a Tensor (as MindSpore takes it), an array or an int."""
    if isinstance(global_step, Tensor):
        value = np.asarray(primal_value(value_of(global_step)))
    elif isinstance(global_step, (numbers.Real, np.ndarray)) and not isinstance(global_step, bool):
        value = np.asarray(global_step)
    else:
        raise TypeError(f"For '{owner}', 'global_step' must be a Tensor of the step number, "
                        f"got {type(global_step).__name__}")
    if value.dtype.kind not in "iuf":
        raise TypeError(f"For '{owner}', 'global_step' must hold a number, got dtype "
                        f"{value.dtype}")
    return value


def _rate(values, like):
    return Tensor(np.asarray(values, _f32).reshape(like.shape))


def _power(base, exponent):
    """float32 ``base ** exponent`` formed in float64, as MindSpore's CPU kernel forms it."""
    return np.power(np.float64(base), np.asarray(exponent, np.float64)).astype(_f32)


class LearningRateSchedule(Cell):
    """Base class of schedules: ``construct(global_step)`` returns the rate at that step.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> class Halving(nn.LearningRateSchedule):
    ...     def construct(self, global_step):
    ...         return 0.1 * 0.5 ** global_step.astype(ms.float32)
    >>> Halving()(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.025)
    """

    def construct(self, global_step):
        raise NotImplementedError(f"{type(self).__name__}: a LearningRateSchedule must define "
                                  "construct(self, global_step)")


class _DecayLR(LearningRateSchedule):
    """The three schedules of (learning_rate, decay_rate, decay_steps, is_stair)."""

    def __init__(self, learning_rate, decay_rate, decay_steps, is_stair=False):
        super().__init__()
        owner = type(self).__name__
        self.decay_steps = _positive_int(decay_steps, "decay_steps", owner)
        self.learning_rate = _float(learning_rate, "learning_rate", owner)
        self.decay_rate = _float(decay_rate, "decay_rate", owner)
        self.is_stair = _flag(is_stair, "is_stair", owner)

    def construct(self, global_step):
        step = _steps(global_step, type(self).__name__)
        return _rate(self._decayed(step.astype(_f32)), step)


class ExponentialDecayLR(_DecayLR):
    r"""``learning_rate * decay_rate ** p``, ``p = step / decay_steps`` (floored if ``is_stair``).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.ExponentialDecayLR(0.1, 0.9, 4)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.0948683)
    """

    def _decayed(self, step):
        p = step / _f32(self.decay_steps)
        if self.is_stair:
            p = np.floor(p)
        return _f32(self.learning_rate) * _power(_f32(self.decay_rate), p)


class NaturalExpDecayLR(_DecayLR):
    r"""``learning_rate * e ** (-decay_rate * p)``: as MindSpore 2.10 computes it.

    MindSpore documents ``p = step / decay_steps``, but computes ``p = step``,
    or with ``is_stair`` ``p = floor(step / decay_steps) * decay_steps``;
    these are the rates it gives, so ``decay_steps`` acts only with
    ``is_stair``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.NaturalExpDecayLR(0.1, 0.9, 4, True)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.1)
    >>> nn.NaturalExpDecayLR(0.1, 0.9, 4)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.0165299)
    """

    def _decayed(self, step):
        p = step
        if self.is_stair:
            p = np.floor_divide(p, _f32(self.decay_steps)) * _f32(self.decay_steps)
        return _f32(self.learning_rate) * _power(_f32(math.e), _f32(-self.decay_rate) * p)


class InverseDecayLR(_DecayLR):
    r"""``learning_rate / (1 + decay_rate * p)``, ``p = step / decay_steps`` (floored with
    ``is_stair``).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.InverseDecayLR(0.1, 0.9, 4, True)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.1)
    """

    def _decayed(self, step):
        p = step / _f32(self.decay_steps)
        if self.is_stair:
            p = np.floor(p)
        # MindSpore divides a number by a Tensor as a product with the reciprocal.
        return _f32(self.learning_rate) * (_f32(1.0) / (_f32(1.0) + _f32(self.decay_rate) * p))


class CosineDecayLR(LearningRateSchedule):
    r"""``min_lr + (max_lr - min_lr) / 2 * (1 + cos(pi * min(step, decay_steps) / decay_steps))``.

    (Computed as MindSpore does, with ``sin(pi * (x + 1/2))`` for ``cos(pi x)``.)

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.CosineDecayLR(0.01, 0.1, 4)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.055)
    """

    def __init__(self, min_lr, max_lr, decay_steps):
        super().__init__()
        owner = "CosineDecayLR"
        self.min_lr = _float(min_lr, "min_lr", owner, inclusive=True)
        self.max_lr = _float(max_lr, "max_lr", owner)
        self.decay_steps = _positive_int(decay_steps, "decay_steps", owner)
        if self.min_lr >= self.max_lr:
            raise ValueError(f"For 'CosineDecayLR', 'max_lr' must be greater than 'min_lr', "
                             f"got max_lr {self.max_lr}, min_lr {self.min_lr}")
        self.delta = 0.5 * (self.max_lr - self.min_lr)

    def construct(self, global_step):
        step = _steps(global_step, "CosineDecayLR")
        p = np.minimum(step, self.decay_steps).astype(_f32)
        angle = _f32(math.pi) * (p / _f32(self.decay_steps) + _f32(0.5))
        cosine = np.sin(angle.astype(np.float64)).astype(_f32)
        return _rate(_f32(self.min_lr) + _f32(self.delta) * (_f32(1.0) + cosine), step)


class PolynomialDecayLR(LearningRateSchedule):
    r"""``(learning_rate - end_learning_rate) * (1 - s / d) ** power + end_learning_rate``.

    ``s = min(step, decay_steps)`` and ``d = decay_steps``; with
    ``update_decay_steps``, ``s = step`` and ``d = decay_steps *
    max(ceil(step / decay_steps), 1)``, so the decay starts again every
    ``decay_steps``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.0736396)
    """

    def __init__(self, learning_rate, end_learning_rate, decay_steps, power,
                 update_decay_steps=False):
        super().__init__()
        owner = "PolynomialDecayLR"
        self.start_learning_rate = _float(learning_rate, "learning_rate", owner)
        self.end_learning_rate = _float(end_learning_rate, "end_learning_rate", owner,
                                        inclusive=True)
        self.decay_steps = _positive_int(decay_steps, "decay_steps", owner)
        self.update_decay_steps = _flag(update_decay_steps, "update_decay_steps", owner)
        self.power = _float(power, "power", owner)
        self.diff_learning_rate = self.start_learning_rate - self.end_learning_rate

    def construct(self, global_step):
        step = _steps(global_step, "PolynomialDecayLR")
        s = step.astype(_f32)
        d = _f32(self.decay_steps)
        if self.update_decay_steps:
            d = d * np.maximum(np.ceil(s / d), _f32(1.0))
        else:
            s = np.minimum(s, d)
        decayed = _power(_f32(1.0) - s / d, _f32(self.power))
        return _rate(_f32(self.diff_learning_rate) * decayed + _f32(self.end_learning_rate),
                     step)


class WarmUpLR(LearningRateSchedule):
    r"""``learning_rate * min(step, warmup_steps) / warmup_steps``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.WarmUpLR(0.1, 4)(ms.Tensor(2, ms.int32))
    Tensor(shape=[], dtype=Float32, value= 0.05)
    """

    def __init__(self, learning_rate, warmup_steps):
        super().__init__()
        self.learning_rate = _float(learning_rate, "learning_rate", "WarmUpLR", inclusive=True)
        self.warmup_steps = _positive_int(warmup_steps, "warmup_steps", "WarmUpLR")

    def construct(self, global_step):
        step = _steps(global_step, "WarmUpLR")
        fraction = np.minimum(step, self.warmup_steps).astype(_f32) / _f32(self.warmup_steps)
        return _rate(_f32(self.learning_rate) * fraction, step)
