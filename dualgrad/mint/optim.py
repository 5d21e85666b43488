"""``mindspore.mint.optim``: MindSpore 2.10's PyTorch-style optimizers.

``Adam``, ``AdamW``, ``FusedAdamW`` and ``SGD`` take PyTorch's arguments and
update rules.  ``params`` is a list of Parameters or of parameter groups,
dicts ``{'params': [...], 'lr': ..., <other options>}`` whose options
override the constructor's for their parameters.  As in MindSpore the
optimizer is a Cell called with the gradients, a tuple aligned with
``optimizer.parameters``; it updates the Parameters' arrays in place (plain
NumPy in each parameter's dtype, not traced) and returns True.

``optimizer.param_groups`` holds the groups, each with every option filled
in; a group's ``'lr'`` is a float32 Parameter ``learning_rate_group_<i>``
(also in ``optimizer.lrs``): setting it (``set_data``) changes that group's
rate from the next update on.  While it holds the float32 rounding of the
rate given, the rate itself is applied, so float64 training is not rounded.
The optimizer's state is in Parameters named as MindSpore names them:
``exp_avg.<name>``, ``exp_avg_sq.<name>`` (``max_exp_avg_sq.<name>`` with
amsgrad) and the step counter ``state_step`` for the Adams,
``momentum_buf.<name>`` and ``step_t`` for SGD.  ``optimizer.state`` is the
empty dict MindSpore keeps for PyTorch's sake.

>>> import dualgrad as ms
>>> from dualgrad import mint
>>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
>>> opt = mint.optim.SGD([w], lr=0.1, momentum=0.9)
>>> for _ in range(2):
...     _ = opt((ms.Tensor([0.5, -1.0]),))
>>> [round(v, 4) for v in w.asnumpy().tolist()]
[0.855, -1.71]
>>> [p.name for p in opt.get_parameters()]
['w', 'momentum_buf.w', 'step_t']
"""
import math
from collections import defaultdict

import numpy as np

from .._core import primal_value
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, value_of
from ..nn.cell import Cell
from ..nn.optim import _StoredInFloat32, _gradient_arrays

__all__ = ["AdamW", "Adam", "SGD", "FusedAdamW"]


def _type_error(owner, name, value, expected):
    return TypeError(f"For '{owner}', the type of '{name}' should be {expected}, but got "
                     f"{type(value).__name__}")


def _scalar_tensor_value(value):
    return float(np.asarray(primal_value(value_of(value))).reshape(()))


class Optimizer(Cell):
    """Base of ``mint.optim``'s optimizers (MindSpore's ``mindspore.experimental.optim.Optimizer``).

    ``params`` and ``defaults`` (a dict of the options) make
    ``param_groups``; a subclass names its per-parameter state in
    ``_STATE`` (Parameters ``<state>.<name>`` of each parameter's shape and
    dtype, zeros, the attribute ``<state>`` a ParameterTuple of them) and
    implements ``_advance()`` (the step counter) and
    ``_step(group, lr, first, grads, step)`` (one group's update).
    """

    _STATE = ()
    _AMSGRAD_STATE = False     # the Adams keep 'max_exp_avg_sq' in amsgrad groups

    def __init__(self, params, defaults):
        super().__init__(auto_prefix=False)
        owner = type(self).__name__
        if params is None:
            raise ValueError(f"For '{owner}', the argument params can not be None.")
        if isinstance(params, (Parameter, Tensor)) or not hasattr(params, "__iter__"):
            raise TypeError(f"For '{owner}', the argument params must be an iterable of "
                            f"Parameters or of group dicts, but got {type(params).__name__}.")
        groups = list(params)
        if not groups:
            raise ValueError(f"For '{owner}', the argument params must not be empty.")
        d = self.__dict__      # not registered as the Cell's parameters: trained ones
        d["defaults"] = defaults
        d["state"] = defaultdict(dict)
        d["param_groups"] = []
        d["parameters"] = ParameterTuple(())
        d["lrs"] = []
        d["group_start_id"] = [0]
        d["_rates"] = []
        for name in self._STATE:
            d[name] = ParameterTuple(())
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group (a dict with ``'params'`` and its own options) to ``param_groups``.

        Options it leaves out take the constructor's values; its parameters
        get their state, zeros.

        >>> import dualgrad as ms
        >>> from dualgrad import mint
        >>> a = ms.Parameter(ms.Tensor([1.0]), name='a')
        >>> b = ms.Parameter(ms.Tensor([1.0]), name='b')
        >>> opt = mint.optim.Adam([a], lr=0.1)
        >>> opt.add_param_group({'params': b, 'lr': 0.5})
        >>> [float(g['lr']) for g in opt.param_groups], opt.group_start_id
        ([0.10000000149011612, 0.5], [0, 1, 2])
        """
        owner = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"For '{owner}', a param group must be a dict, but got "
                            f"{type(param_group).__name__}.")
        if "params" not in param_group:
            raise ValueError(f"For '{owner}', a param group must have the key 'params'.")
        group_params = param_group["params"]
        if isinstance(group_params, Parameter):
            group_params = [group_params]
        elif isinstance(group_params, set):
            raise TypeError(f"For '{owner}', a group's params must be an ordered collection "
                            "(a list), not a set.")
        group_params = list(group_params)
        if not group_params:
            raise ValueError(f"For '{owner}', a param group must not be empty.")
        taken = {id(p) for p in self.parameters}
        names = {p.name for p in self.parameters}
        for p in group_params:
            if not isinstance(p, Parameter):
                raise TypeError(f"For '{owner}', the optimizer can only optimize Parameters, "
                                f"but one of the params is {type(p).__name__}.")
            if p._data.dtype.kind != "f":
                raise TypeError(f"For '{owner}', parameter '{p.name}' must be a float tensor "
                                f"to be optimized, got dtype {p.dtype}.")
            if id(p) in taken:
                raise ValueError(f"For '{owner}', some parameters appear in more than one "
                                 f"parameter group (or twice in one): '{p.name}'.")
            if p.name in names:
                raise ValueError(f"For '{owner}', two parameters are named '{p.name}': the "
                                 "optimizer's state is named after the parameters, so each "
                                 "needs its own name.")
            taken.add(id(p))
            names.add(p.name)
        group = dict(param_group, params=group_params)
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        index = len(self.param_groups)
        rate = _StoredInFloat32(self._rate_value(group["lr"]), f"learning_rate_group_{index}")
        group["lr"] = rate.param
        group["weight_decay"] = self._non_negative("weight_decay",
                                                   group.get("weight_decay", 0.0))
        new = ParameterTuple(group_params)
        if self._AMSGRAD_STATE and group.get("amsgrad"):
            group["max_exp_avg_sq"] = self._own_state(new, "max_exp_avg_sq")
        d = self.__dict__
        d["parameters"] = ParameterTuple(self.parameters + new)
        for name in self._STATE:
            d[name] = ParameterTuple(getattr(self, name) + self._own_state(new, name))
        self._rates.append(rate)
        self.lrs.append(rate.param)
        self.param_groups.append(group)
        self.group_start_id.append(self.group_start_id[-1] + len(group_params))

    def parameters_and_names(self, name_prefix="", expand=True):
        """Yield ``(name, parameter)``: the trained parameters, then the state (MindSpore's order).

        So ``save_checkpoint(optimizer, path)`` writes the whole training
        state and ``load_param_into_net`` restores it.  Only the optimizer
        itself lists the trained parameters: a cell holding the network and
        the optimizer lists them once, under the network's names.
        """
        own = list(super().parameters_and_names(name_prefix, expand))
        listed = {id(p) for _, p in own}
        prefix = name_prefix + "." if name_prefix else ""
        yield from [(prefix + p.name, p) for p in self.parameters if id(p) not in listed] + own

    def _own_state(self, params, prefix):
        state = params.clone(prefix, "zeros")
        for p in state:
            p.requires_grad = False
            self.insert_param_to_cell(p.name, p, check_name_contain_dot=False)
        return state

    def _counter(self, name, value, dtype, shape=()):
        """The step counter Parameter ``name`` (MindSpore's dtype and shape)."""
        counter = Parameter(Tensor(np.full(shape, value, dtype)), name=name, requires_grad=False)
        self.insert_param_to_cell(name, counter)

    def _rate_value(self, lr):
        if isinstance(lr, Tensor):
            if lr.ndim != 0:
                raise ValueError(f"For '{type(self).__name__}', if 'lr' is a Tensor, then it "
                                 f"should be a scalar Tensor, but got shape {lr.shape}.")
            lr = _scalar_tensor_value(lr)
        return self._non_negative("lr", lr, "int, float or Tensor")

    def _non_negative(self, name, value, expected="int or float"):
        """A group's ``lr`` or ``weight_decay`` as a float >= 0 (MindSpore's messages)."""
        owner = type(self).__name__
        if not isinstance(value, (int, float)):
            raise TypeError(f"For '{owner}', the argument '{name}' must be {expected}, but got "
                            f"{type(value).__name__}.")
        value = float(value)
        if not value >= 0.0:
            raise ValueError(f"For '{owner}', the '{name}' must be a non-negative float, but "
                             f"got {value}.")
        return value

    def construct(self, gradients):
        """Apply one update from ``gradients`` (aligned with ``self.parameters``); return True."""
        grads = _gradient_arrays(type(self).__name__, gradients, self.parameters)
        step = self._advance()
        for k, group in enumerate(self.param_groups):
            first, last = self.group_start_id[k], self.group_start_id[k + 1]
            self._step(group, self._rates[k].value(), first, grads[first:last], step)
        return True

    def _advance(self):
        """Advance the step counter; return the number of this update (1 for the first)."""
        raise NotImplementedError

    def _step(self, group, lr, first, grads, step):
        raise NotImplementedError


def _check_adam_arguments(owner, lr, betas, eps, weight_decay, amsgrad, maximize):
    if not isinstance(betas, tuple):
        raise _type_error(owner, "betas", betas, "'tuple'")
    if len(betas) != 2:
        raise ValueError(f"For '{owner}', 'betas' must hold 2 floats, but got {len(betas)}.")
    for name, value in (("betas[0]", betas[0]), ("betas[1]", betas[1]), ("eps", eps),
                        ("weight_decay", weight_decay), ("lr", lr)):
        if not isinstance(value, float):
            raise _type_error(owner, name, value, "'float'")
    for name, value in (("amsgrad", amsgrad), ("maximize", maximize)):
        if not isinstance(value, bool):
            raise _type_error(owner, name, value, "'bool'")
    for name, value, low, high in (("lr", lr, 0.0, math.inf), ("eps", eps, 0.0, math.inf),
                                   ("betas[0]", betas[0], 0.0, 1.0),
                                   ("betas[1]", betas[1], 0.0, 1.0),
                                   ("weight_decay", weight_decay, 0.0, math.inf)):
        if not low <= value < high:
            bound = f"in [{low}, {high})" if high < math.inf else f">= {low}"
            raise ValueError(f"For '{owner}', '{name}' must be {bound}, but got {value}.")


class _AdamBase(Optimizer):
    """Adam's moments, amsgrad maximum and float32 step counter ``state_step`` of shape (1,)."""

    _STATE = ("exp_avg", "exp_avg_sq")
    _AMSGRAD_STATE = True
    _FIRST_COUNT = 0.0      # what ``state_step`` holds before the first update
    _DECOUPLED = False      # AdamW's decay shrinks the weights; Adam's joins the gradient

    def __init__(self, params, lr, betas, eps, weight_decay, amsgrad, maximize):
        _check_adam_arguments(type(self).__name__, lr, betas, eps, weight_decay, amsgrad,
                              maximize)
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps,
                                  "weight_decay": weight_decay, "amsgrad": amsgrad,
                                  "maximize": maximize})
        self._counter("state_step", self._FIRST_COUNT, np.float32, (1,))

    def _advance(self):
        counter = self.state_step._data
        counter += 1
        return int(counter[0] - self._FIRST_COUNT)

    def _step(self, group, lr, first, grads, step):
        beta1, beta2 = group["betas"]
        weight_decay, eps = group["weight_decay"], group["eps"]
        for k, g in enumerate(grads):
            i = first + k
            w = self.parameters[i]._data
            dt = w.dtype.type
            one = dt(1)
            b1, b2 = dt(beta1), dt(beta2)
            if group["maximize"]:
                g = -g
            if self._DECOUPLED:
                w *= one - dt(lr) * dt(weight_decay)
            elif weight_decay:
                g = g + dt(weight_decay) * w
            m, v = self.exp_avg[i]._data, self.exp_avg_sq[i]._data
            # (1 - beta) formed in double, then rounded: MindSpore's scalar arguments
            m *= b1
            m += dt(1 - beta1) * g
            v *= b2
            v += (g * g) * dt(1 - beta2)
            if group["amsgrad"]:
                v_max = group["max_exp_avg_sq"][k]._data
                np.maximum(v_max, v, out=v_max)
                v = v_max
            bias_correction1 = one - b1 ** dt(step)
            sqrt_bias_correction2 = np.sqrt(one - b2 ** dt(step))
            w -= (dt(lr) / bias_correction1) * (m / (np.sqrt(v) / sqrt_bias_correction2
                                                     + dt(eps)))


class Adam(_AdamBase):
    r"""Adam (MindSpore's ``mint.optim.Adam``, PyTorch's rule) with L2 weight decay.

    Per update ``t`` (from 1): ``g = -grad`` if ``maximize`` else ``grad``;
    ``g += weight_decay * w``; ``m = b1 m + (1 - b1) g``;
    ``v = b2 v + (1 - b2) g^2``; with ``amsgrad`` ``v`` is replaced by its
    running maximum ``max_exp_avg_sq``;
    ``w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)``.
    ``lr``, ``betas``' entries, ``eps`` and ``weight_decay`` must be floats
    (MindSpore's check; a group's own options may also be ints or, for
    ``lr``, a scalar Tensor).  ``state_step`` counts the updates made.

    MindSpore 2.10's ``Adam`` computes amsgrad's maximum but does not keep it
    from one update to the next; this keeps it, as its documented formula
    and PyTorch do (the two agree whenever ``v`` does not fall).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = mint.optim.Adam([w], lr=0.1)
    >>> opt((ms.Tensor([0.5, -1.0]),))
    True
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.9, -1.9]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, *, maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize)


class AdamW(_AdamBase):
    r"""AdamW (MindSpore's ``mint.optim.AdamW``, PyTorch's rule): Adam with decoupled weight decay.

    Per update: ``w *= 1 - lr * weight_decay``, then Adam's step (see
    ``Adam``) from the gradient (negated with ``maximize``) with no decay
    added to it.  ``state_step`` starts at -1, as MindSpore's does (its
    fused kernel counts from there), and holds ``t - 1`` after update ``t``.

    MindSpore 2.10's CPU build has no kernel for this update; it is checked
    against PyTorch's AdamW written in NumPy.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = mint.optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> _ = opt((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.85, -1.8]
    """

    _FIRST_COUNT = -1.0
    _DECOUPLED = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize)


class FusedAdamW(AdamW):
    r"""AdamW with MindSpore's fused kernel (``mint.optim.FusedAdamW``): ``AdamW``'s rule.

    MindSpore packs each group's parameters and state into one buffer for
    its Ascend kernel; the arithmetic is ``AdamW``'s, and so is this.  As in
    MindSpore, ``amsgrad`` must be the same in every group (ValueError
    otherwise).  Checked against PyTorch's AdamW in NumPy (MindSpore 2.10's
    CPU build cannot run it).

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = mint.optim.FusedAdamW([w], lr=0.1, weight_decay=0.5)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.85, -1.8]
    """

    def add_param_group(self, param_group):
        amsgrad = self.defaults["amsgrad"]
        if isinstance(param_group, dict) and bool(param_group.get("amsgrad", amsgrad)) != amsgrad:
            raise ValueError(f"For 'FusedAdamW', amsgrad must be the same in every param group "
                             f"(it is {amsgrad} for the optimizer), but a group has "
                             f"{param_group['amsgrad']}.")
        super().add_param_group(param_group)


class SGD(Optimizer):
    r"""Stochastic gradient descent (MindSpore's ``mint.optim.SGD``, PyTorch's rule).

    ``g = -grad`` if ``maximize`` else ``grad``; ``g += weight_decay * w``;
    with ``momentum != 0`` the buffer ``b`` is ``g`` at the first update and
    ``momentum * b + (1 - dampening) * g`` after, and ``g`` becomes
    ``g + momentum * b`` with ``nesterov``, ``b`` without; ``w -= lr * g``.
    ``lr`` is a number or a scalar Tensor; ``nesterov`` needs ``momentum > 0``
    and ``dampening == 0``.  ``step_t`` (int32) counts the updates.

    MindSpore 2.10's SGD applies the ``lr`` given at construction even when
    the group's ``'lr'`` Parameter is later set; here, as in the Adams and in
    PyTorch, setting it changes the rate.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = mint.optim.SGD([w], lr=0.1, weight_decay=0.5)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.9, -1.8]
    """

    _STATE = ("momentum_buf",)

    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False):
        owner = "SGD"
        if not isinstance(lr, (int, float, Tensor)):
            raise _type_error(owner, "lr", lr, "one of 'float', 'int', 'bool', 'Tensor'")
        for name, value in (("momentum", momentum), ("weight_decay", weight_decay),
                            ("dampening", dampening)):
            if not isinstance(value, (int, float)):     # (bool is an int)
                raise _type_error(owner, name, value, "one of 'float', 'int', 'bool'")
        for name, value in (("nesterov", nesterov), ("maximize", maximize)):
            if not isinstance(value, bool):
                raise _type_error(owner, name, value, "'bool'")
        self._rate_value(lr)
        for name, value in (("momentum", momentum), ("weight_decay", weight_decay)):
            if not value >= 0.0:
                raise ValueError(f"For 'SGD', '{name}' must be >= 0, but got {value}.")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(f"For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and "
                             f"'dampening' must equal 0.0, but got 'momentum' {momentum}, "
                             f"'dampening' {dampening}.")
        super().__init__(params, {"lr": lr, "momentum": momentum, "weight_decay": weight_decay,
                                  "dampening": dampening, "nesterov": nesterov,
                                  "maximize": maximize})
        self._counter("step_t", 0, np.int32)

    def _advance(self):
        counter = self.step_t._data
        counter += 1
        return int(counter)

    def _step(self, group, lr, first, grads, step):
        momentum, dampening = group["momentum"], group["dampening"]
        for k, g in enumerate(grads):
            i = first + k
            w = self.parameters[i]._data
            dt = w.dtype.type
            if group["maximize"]:
                g = -g
            if group["weight_decay"]:
                g = g + dt(group["weight_decay"]) * w
            if momentum != 0:
                buf = self.momentum_buf[i]._data
                if step == 1:
                    buf[...] = g
                else:
                    buf *= dt(momentum)
                    buf += dt(1 - dampening) * g
                g = g + dt(momentum) * buf if group["nesterov"] else buf
            w -= dt(lr) * g
