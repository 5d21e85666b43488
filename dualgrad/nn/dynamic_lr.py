"""Learning rates as lists, one rate per step (MindSpore's ``dynamic_lr`` functions).

Each function returns a list of ``total_step`` Python floats, computed as
MindSpore 2.10 computes them (the same float64 operations, so the same
numbers); an optimizer takes the list as ``learning_rate`` and uses entry
``global_step`` at each update.  ``epoch`` below is
``floor(step / step_per_epoch)``.

>>> from dualgrad import nn
>>> nn.piecewise_constant_lr([2, 5], [0.1, 0.05])
[0.1, 0.1, 0.05, 0.05, 0.05]
>>> opt = nn.SGD(nn.Dense(2, 1).trainable_params(), nn.warmup_lr(0.1, 4, 1, 2))

Arguments are checked as MindSpore checks them (rates must be floats, step
counts ints > 0); a message names the function, the argument and what it
must be.
"""
import math

from .learning_rate_schedule import _flag, _float, _positive_int

__all__ = ["piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr",
           "inverse_decay_lr", "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr"]


def piecewise_constant_lr(milestone, learning_rates):
    """``learning_rates[i]`` for the steps from ``milestone[i - 1]`` up to ``milestone[i]``.

    ``milestone`` holds increasing step counts (the last is the list's
    length); ``learning_rates`` one float per milestone.

    >>> from dualgrad import nn
    >>> nn.piecewise_constant_lr([2, 5, 6], [0.1, 0.05, 0.01])
    [0.1, 0.1, 0.05, 0.05, 0.05, 0.01]
    """
    owner = "piecewise_constant_lr"
    for name, value in (("milestone", milestone), ("learning_rates", learning_rates)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"For '{owner}', '{name}' must be a list or tuple, got "
                            f"{type(value).__name__}")
    if len(milestone) != len(learning_rates):
        raise ValueError(f"For '{owner}', 'milestone' and 'learning_rates' must have the same "
                         f"length, got {len(milestone)} and {len(learning_rates)}")
    lr, last = [], 0
    for i, (end, rate) in enumerate(zip(milestone, learning_rates)):
        end = _positive_int(end, f"milestone[{i}]", owner)
        # MindSpore checks only that the rate is a float: any sign passes.
        _float(rate, f"learning_rates[{i}]", owner, low=-math.inf)
        if end < last:
            raise ValueError(f"For '{owner}', 'milestone' must not decrease, got "
                             f"milestone[{i}] = {end} after milestone[{i - 1}] = {last}")
        lr += [rate] * (end - last)
        last = end
    return lr


def _epochs(total_step, step_per_epoch, owner):
    """The epoch of each step: ``floor(step / step_per_epoch)``."""
    total_step = _positive_int(total_step, "total_step", owner)
    step_per_epoch = _positive_int(step_per_epoch, "step_per_epoch", owner)
    return [math.floor(i / step_per_epoch) for i in range(total_step)]


def _decay_list(owner, rate_at, learning_rate, decay_rate, total_step, step_per_epoch,
                decay_epoch, is_stair):
    """``rate_at(lr, decay_rate, epoch, decay_epoch, is_stair)`` for each step, arguments
    checked in MindSpore's order."""
    epochs = _epochs(total_step, step_per_epoch, owner)
    decay_epoch = _positive_int(decay_epoch, "decay_epoch", owner)
    lr = _float(learning_rate, "learning_rate", owner)
    rate = _float(decay_rate, "decay_rate", owner)
    is_stair = _flag(is_stair, "is_stair", owner)
    return [rate_at(lr, rate, e, decay_epoch, is_stair) for e in epochs]


# The rates at one epoch, written as MindSpore writes them (the same float
# operations in the same order give the same bits).

def _exponential(lr, rate, epoch, decay_epoch, is_stair):
    p = epoch / decay_epoch
    return lr * rate ** (math.floor(p) if is_stair else p)


def _natural_exp(lr, rate, epoch, decay_epoch, is_stair):
    p = math.floor(epoch / decay_epoch) * decay_epoch if is_stair else epoch
    return lr * math.e ** (-rate * p)


def _inverse(lr, rate, epoch, decay_epoch, is_stair):
    return lr / (1 + (rate * math.floor(epoch / decay_epoch) if is_stair
                      else rate * epoch / decay_epoch))


def exponential_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch,
                         is_stair=False):
    """``learning_rate * decay_rate ** (epoch / decay_epoch)`` (the power floored if ``is_stair``).

    >>> from dualgrad import nn
    >>> nn.exponential_decay_lr(0.1, 0.9, 6, 2, 1)
    [0.1, 0.1, 0.09000000000000001, 0.09000000000000001, 0.08100000000000002, 0.08100000000000002]
    """
    return _decay_list("exponential_decay_lr", _exponential, learning_rate, decay_rate,
                       total_step, step_per_epoch, decay_epoch, is_stair)


def natural_exp_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch,
                         is_stair=False):
    """``learning_rate * e ** (-decay_rate * p)``: as MindSpore 2.10 computes it.

    ``p = epoch``, or with ``is_stair`` ``floor(epoch / decay_epoch) *
    decay_epoch`` (MindSpore documents ``p = epoch / decay_epoch``, but
    these are the rates it gives).

    >>> from dualgrad import nn
    >>> nn.natural_exp_decay_lr(0.1, 0.9, 6, 2, 2, True)
    [0.1, 0.1, 0.1, 0.1, 0.016529888822158657, 0.016529888822158657]
    """
    return _decay_list("natural_exp_decay_lr", _natural_exp, learning_rate, decay_rate,
                       total_step, step_per_epoch, decay_epoch, is_stair)


def inverse_decay_lr(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch,
                     is_stair=False):
    """``learning_rate / (1 + decay_rate * epoch / decay_epoch)`` (the ratio floored with
    ``is_stair``).

    >>> from dualgrad import nn
    >>> nn.inverse_decay_lr(0.1, 0.5, 6, 1, 1, True)
    [0.1, 0.06666666666666667, 0.05, 0.04, 0.03333333333333333, 0.028571428571428574]
    """
    return _decay_list("inverse_decay_lr", _inverse, learning_rate, decay_rate, total_step,
                       step_per_epoch, decay_epoch, is_stair)


def cosine_decay_lr(min_lr, max_lr, total_step, step_per_epoch, decay_epoch):
    """``min_lr + (max_lr - min_lr) / 2 * (1 + cos(pi * min(epoch, decay_epoch) / decay_epoch))``.

    >>> from dualgrad import nn
    >>> nn.cosine_decay_lr(0.01, 0.1, 6, 2, 2)
    [0.1, 0.1, 0.05500000000000001, 0.05500000000000001, 0.01, 0.01]
    """
    owner = "cosine_decay_lr"
    min_lr = _float(min_lr, "min_lr", owner, inclusive=True)
    max_lr = _float(max_lr, "max_lr", owner)
    epochs = _epochs(total_step, step_per_epoch, owner)
    decay_epoch = _positive_int(decay_epoch, "decay_epoch", owner)
    if min_lr >= max_lr:
        raise ValueError(f"For '{owner}', 'max_lr' must be greater than 'min_lr', got max_lr "
                         f"{max_lr}, min_lr {min_lr}")
    delta = 0.5 * (max_lr - min_lr)
    return [min_lr + delta * (1 + math.cos(math.pi * min(e, decay_epoch) / decay_epoch))
            for e in epochs]


def polynomial_decay_lr(learning_rate, end_learning_rate, total_step, step_per_epoch,
                        decay_epoch, power, update_decay_epoch=False):
    """``(learning_rate - end_learning_rate) * (1 - e / d) ** power + end_learning_rate``.

    ``e = min(epoch, decay_epoch)`` and ``d = decay_epoch``; with
    ``update_decay_epoch``, ``e = epoch`` and ``d = decay_epoch *
    max(ceil(epoch / decay_epoch), 1)``.

    >>> from dualgrad import nn
    >>> nn.polynomial_decay_lr(0.1, 0.01, 6, 2, 2, 0.5)
    [0.1, 0.1, 0.07363961030678928, 0.07363961030678928, 0.01, 0.01]
    """
    owner = "polynomial_decay_lr"
    learning_rate = _float(learning_rate, "learning_rate", owner)
    end_learning_rate = _float(end_learning_rate, "end_learning_rate", owner, inclusive=True)
    power = _float(power, "power", owner)
    epochs = _epochs(total_step, step_per_epoch, owner)
    decay_epoch = _positive_int(decay_epoch, "decay_epoch", owner)
    update_decay_epoch = _flag(update_decay_epoch, "update_decay_epoch", owner)
    delta = learning_rate - end_learning_rate
    lr = []
    for e in epochs:
        if update_decay_epoch:
            d = decay_epoch * max(math.ceil(e / decay_epoch), 1)
        else:
            d, e = decay_epoch, min(e, decay_epoch)
        lr.append(delta * (1 - e / d) ** power + end_learning_rate)
    return lr


def warmup_lr(learning_rate, total_step, step_per_epoch, warmup_epoch):
    """``learning_rate * min(epoch, warmup_epoch) / warmup_epoch``.

    >>> from dualgrad import nn
    >>> nn.warmup_lr(0.1, 6, 2, 2)
    [0.0, 0.0, 0.05, 0.05, 0.1, 0.1]
    """
    owner = "warmup_lr"
    learning_rate = _float(learning_rate, "learning_rate", owner, inclusive=True)
    warmup_epoch = _positive_int(warmup_epoch, "warmup_epoch", owner)
    epochs = _epochs(total_step, step_per_epoch, owner)
    return [learning_rate * min(e, warmup_epoch) / warmup_epoch for e in epochs]
