"""Optimizers (SGD, Momentum, Adam and MindSpore's others) with MindSpore's exact update rules.

``optimizer(grads)`` takes a tuple of gradients aligned with
``optimizer.parameters`` and updates the Parameters' arrays in place.  The
update is plain NumPy in each parameter's dtype (it is not traced).

As in MindSpore, an optimizer is a Cell whose state is held in Parameters,
named as MindSpore names them and updated in place:

- every optimizer: ``global_step`` (int32, shape (1,): the number of updates
  made) and ``learning_rate`` (float32: shape () for a constant, (n,) for a
  list of per-step rates); a group with its own rate has
  ``learning_rate_group_<i>`` instead, ``i`` its index in ``params``;
- SGD: ``momentum``, ``accum.<name>`` and ``stat.<name>`` (1 until the first
  update, 0 after); Momentum: ``momentum`` and ``moments.<name>``; Adam:
  ``beta1_power``, ``beta2_power``, ``moment1.<name>``, ``moment2.<name>``
  and, with ``use_amsgrad``, ``vhat.<name>``.

``<name>`` is the name of a trained parameter, whose shape and dtype its
state has.  ``optimizer.get_parameters()`` lists these with the trained
parameters, as MindSpore's does, so ``save_checkpoint(optimizer, path)``
writes the whole training state and ``load_param_into_net(optimizer,
load_checkpoint(path))`` restores it into a fresh network's optimizer: the
run then goes on bit for bit as if it had never stopped.  (A cell holding
the network and the optimizer lists each trained parameter once, under the
network's name.)  ``optimizer.parameters`` is the trained parameters only.
The optimizer's own Parameters have ``requires_grad=False`` (MindSpore's
have True) so that they never count among a cell's ``trainable_params()``.

The learning rate and momentum live in float32 Parameters, as in MindSpore;
while a Parameter holds the float32 rounding of the value given, the value
itself is applied, so float64 training is not rounded to float32.  Setting
the Parameter (``set_data``, a checkpoint with other values) changes the rate.

>>> import dualgrad as ms
>>> from dualgrad import nn
>>> opt = nn.Adam(nn.Dense(2, 1).trainable_params(), learning_rate=0.01)
>>> [p.name for p in opt.get_parameters()]
['global_step', 'learning_rate', 'weight', 'bias', 'beta1_power', 'beta2_power', \
'moment1.weight', 'moment1.bias', 'moment2.weight', 'moment2.bias']

As in MindSpore, before the update rule every gradient gets weight decay and
loss-scale correction: ``g = (g + weight_decay * loss_scale * w) / loss_scale``,
where weight decay skips parameters whose name contains 'beta' or 'gamma'.
``params`` may also be a list of groups ``{'params': [...], 'lr': ...,
'weight_decay': ...}``, where, as in MindSpore, no name is skipped: a group's
own weight decay (or else the default) applies to all its parameters; one
entry ``{'order_params': [...]}`` sets the order of ``optimizer.parameters``.

``learning_rate`` is a number, a list/1-D array/Tensor of per-step rates, a
``LearningRateSchedule`` (called with the ``global_step`` Tensor, as
MindSpore calls it), or a callable ``lr(step) -> float`` of the step number
(0 for the first update).  The step is ``global_step``, so a run resumed from
a checkpoint goes on with the rate where it stopped.
"""
import math
import numbers

import numpy as np

from .._core import primal_value
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, value_of
from .cell import Cell
from .learning_rate_schedule import LearningRateSchedule

__all__ = ["Optimizer", "SGD", "Momentum", "Adam", "AdamWeightDecay", "RMSProp", "Adagrad", "AdaMax",
           "Adadelta", "Rprop", "ASGD", "FTRL", "ProximalAdagrad", "LazyAdam", "Lamb",
           "AdaFactor", "LARS"]


def _number(value, name, owner, low=None, low_inclusive=True, high=None):
    """A float from an int/float, range-checked (MindSpore's messages name the argument)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{owner}', '{name}' must be a float, got "
                        f"{type(value).__name__}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"For '{owner}', '{name}' must be a number, got nan")
    if low is not None and (value < low or (value == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"For '{owner}', '{name}' must be {op} {low}, got {value}")
    if high is not None and value >= high:
        raise ValueError(f"For '{owner}', '{name}' must be < {high}, got {value}")
    return value


class _StoredInFloat32:
    """Values given at full precision, kept (as MindSpore keeps them) in a float32 Parameter.

    The given values are applied while the Parameter holds their float32
    rounding; once it holds something else (``set_data``, a checkpoint), that.
    """

    def __init__(self, values, name):
        self.exact = np.array(values, np.float64)
        self.rounded = self.exact.astype(np.float32)
        self.param = Parameter(Tensor(self.rounded), name=name, requires_grad=False)

    def value(self, k=()):
        stored = self.param._data[k]
        return float(self.exact[k]) if stored == self.rounded[k] else float(stored)


def _scalar(value, what):
    """A float from what a schedule returned: a number or a one-element Tensor/array."""
    a = np.asarray(primal_value(value_of(value)) if isinstance(value, Tensor) else value)
    if a.size != 1 or a.dtype.kind not in "iuf":
        raise ValueError(f"{what} must give one number, got "
                         f"{'shape ' + str(a.shape) if a.size != 1 else 'dtype ' + str(a.dtype)}")
    return float(a.reshape(()))


class _Rate:
    """One learning rate: constant or per-step list (a float32 Parameter), schedule or callable."""

    def __init__(self, lr, owner, name):
        self.stored = self.schedule = self.fn = None
        if isinstance(lr, Tensor) and lr.ndim == 0:
            lr = float(lr.asnumpy())
        if isinstance(lr, numbers.Real) and not isinstance(lr, bool):
            self.stored = _StoredInFloat32(_number(lr, "learning_rate", owner, low=0.0), name)
        elif isinstance(lr, (list, tuple, np.ndarray, Tensor)):
            values = np.asarray(primal_value(value_of(lr)) if isinstance(lr, Tensor) else lr,
                                dtype=np.float64)
            if values.ndim != 1 or values.size == 0:
                raise ValueError(f"For '{owner}', a learning_rate sequence must be 1-D and "
                                 f"non-empty, got shape {values.shape}")
            if not (values >= 0).all():
                raise ValueError(f"For '{owner}', learning rates must be >= 0 (and not nan)")
            self.stored = _StoredInFloat32(values, name)
        elif isinstance(lr, LearningRateSchedule):
            self.schedule = lr
        elif callable(lr) and not isinstance(lr, Cell):
            self.fn = lr
        else:
            raise TypeError(f"For '{owner}', learning_rate must be a float, a list of floats, "
                            f"a 1-D Tensor, a LearningRateSchedule or a callable of the step, "
                            f"got {type(lr).__name__}")
        self.name = name

    @property
    def public(self):
        """What ``optimizer.learning_rate`` and ``get_lr_parameter`` give for this rate."""
        if self.stored is not None:
            return self.stored.param
        return self.schedule if self.schedule is not None else self.fn

    def at(self, step, global_step):
        """The rate of update number ``step`` (``global_step`` is that number as a Tensor)."""
        if self.stored is not None:
            count = self.stored.param._data.shape
            if not count:
                return self.stored.value()
            if step >= count[0]:
                raise ValueError(f"learning_rate: the list of {count[0]} rates has no value "
                                 f"for step {step} (steps count from 0)")
            return self.stored.value(step)
        if self.schedule is not None:
            return _scalar(self.schedule(global_step), f"the learning-rate schedule "
                                                        f"{type(self.schedule).__name__}")
        return _scalar(self.fn(step), "the learning-rate callable")

    def now(self, step, global_step):
        """``get_lr``'s answer: the Parameter of a constant rate, else the rate as a Tensor."""
        if self.stored is not None and self.stored.param.ndim == 0:
            return self.stored.param
        return Tensor(np.array(self.at(step, global_step), np.float32))


def _gradient_arrays(owner, gradients, params):
    """The arrays of ``gradients`` (one per Parameter of ``params``), in each one's dtype."""
    if not isinstance(gradients, (tuple, list)):
        raise TypeError(f"For '{owner}', gradients must be a tuple of Tensors, one per "
                        f"parameter ({len(params)}), got {type(gradients).__name__}")
    if len(gradients) != len(params):
        raise ValueError(f"For '{owner}', expected {len(params)} gradient(s), one per "
                         f"parameter {[p.name for p in params]}, got {len(gradients)}")
    out = []
    for i, (g, p) in enumerate(zip(gradients, params)):
        if not isinstance(g, (Tensor, np.ndarray, numbers.Real)) or isinstance(g, bool):
            raise TypeError(f"For '{owner}', gradient {i} must be a Tensor, got "
                            f"{type(g).__name__}")
        a = np.asarray(primal_value(value_of(g)) if isinstance(g, Tensor) else g)
        w = p._data
        if a.shape != w.shape:
            raise ValueError(f"For '{owner}', gradient {i} must have the shape {w.shape} "
                             f"of parameter '{p.name}', got {a.shape}")
        out.append(a.astype(w.dtype, copy=False))
    return out


class Optimizer(Cell):
    """Base class of optimizers: gradient preprocessing, learning rates and state.

    Subclasses implement ``_update(i, w, g, lr)``, updating the array ``w`` of
    parameter ``i`` in place from its preprocessed gradient ``g``, and keep
    their state in Parameters made by ``self._state(prefix)`` (updated in
    place, so that checkpoints hold it).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> class SignSGD(nn.Optimizer):
    ...     def _update(self, i, w, g, lr):
    ...         w -= lr * np.sign(g)
    >>> p = ms.Parameter(ms.Tensor([1.0, 1.0]), name='p')
    >>> _ = SignSGD(0.5, [p])((ms.Tensor([2.0, -3.0]),))
    >>> p.asnumpy().tolist()
    [0.5, 1.5]
    """

    def __init__(self, learning_rate, parameters, weight_decay=0.0, loss_scale=1.0):
        super().__init__(auto_prefix=False)
        owner = type(self).__name__
        loss_scale = _number(loss_scale, "loss_scale", owner, low=0.0, low_inclusive=False)
        default_rate = _Rate(learning_rate, owner, "learning_rate")
        default_decay = _number(weight_decay, "weight_decay", owner, low=0.0)
        groups, grouped, order = self._groups(parameters, owner)
        params, rates, decays = [], [], []
        for group in groups:
            rate = (_Rate(group["lr"], owner, f"learning_rate_group_{group['index']}")
                    if "lr" in group else default_rate)
            decay = (_number(group["weight_decay"], "weight_decay", owner, low=0.0)
                     if "weight_decay" in group else default_decay)
            for p in group["params"]:
                params.append(p)
                rates.append(rate)
                # Ungrouped, MindSpore's default filter spares normalisation
                # scales and shifts; in groups it applies to every parameter.
                spared = not grouped and ("beta" in p.name or "gamma" in p.name)
                decays.append(0.0 if spared else decay * loss_scale)
        if order is not None:
            params, rates, decays = self._ordered(order, params, rates, decays, owner)
        distinct = list({id(r): r for r in rates}.values())
        index = {id(r): k for k, r in enumerate(distinct)}
        d = self.__dict__   # these are not registered as the Cell's own parameters
        d["parameters"] = ParameterTuple(params)
        d["_parameters"] = d["parameters"]
        d["_trained_names"] = self._unique_names(params, owner)
        d["_rates"] = distinct
        d["_rate_of"] = [index[id(r)] for r in rates]
        d["_decays"] = decays
        d["loss_scale"] = loss_scale
        d["is_group_lr"] = any("lr" in g for g in groups)
        self._own(Parameter(Tensor(np.zeros(1, np.int32)), name="global_step",
                            requires_grad=False), "global_step")
        for rate in distinct:
            if rate.stored is not None:
                self._own(rate.stored.param)
            elif rate.schedule is not None:
                self.insert_child_to_cell(rate.name, rate.schedule)
        d["learning_rate"] = (tuple(r.public for r in distinct) if d["is_group_lr"]
                              else default_rate.public)
        # parameters_and_names lists the trained parameters after these, as MindSpore does.
        d["_leading"] = len(self._params)

    @staticmethod
    def _groups(parameters, owner):
        if isinstance(parameters, (Parameter, Tensor)):
            raise TypeError(f"For '{owner}', params must be a list of Parameters (e.g. "
                            f"net.trainable_params()), got a single {type(parameters).__name__}")
        try:
            items = list(parameters)
        except TypeError:
            raise TypeError(f"For '{owner}', params must be a list of Parameters or of group "
                            f"dicts, got {type(parameters).__name__}") from None
        if not items:
            raise ValueError(f"For '{owner}', params must not be empty")
        grouped = all(isinstance(x, dict) for x in items)
        order = None
        if grouped:
            groups = []
            for i, g in enumerate(items):
                if set(g) == {"order_params"} and order is None:
                    order = list(g["order_params"])
                    continue
                unknown = set(g) - {"params", "lr", "weight_decay"}
                if "params" not in g or unknown:
                    raise ValueError(f"For '{owner}', group {i} must have a 'params' key and "
                                     f"may have 'lr' and 'weight_decay' (or be the one "
                                     f"{{'order_params': [...]}}), got keys {sorted(g)}")
                groups.append(dict(g, params=list(g["params"]), index=i))
            if not groups:
                raise ValueError(f"For '{owner}', params must have a group with 'params'")
        else:
            groups = [{"params": items, "index": 0}]
        seen = set()
        for g in groups:
            if not g["params"]:
                raise ValueError(f"For '{owner}', a parameter group must not be empty")
            for p in g["params"]:
                if not isinstance(p, Parameter):
                    raise TypeError(f"For '{owner}', every element of params must be a "
                                    f"Parameter (or every one a group dict), got "
                                    f"{type(p).__name__}")
                if id(p) in seen:
                    raise ValueError(f"For '{owner}', parameter '{p.name}' appears twice in "
                                     "params")
                if p._data.dtype.kind != "f":
                    raise TypeError(f"For '{owner}', parameter '{p.name}' must be a float "
                                    f"tensor to be optimized, got dtype {p.dtype}")
                if p._data.size == 0:
                    # MindSpore's optimizers refuse them too (their state's
                    # initializer needs a positive shape).
                    raise ValueError(f"For '{owner}', parameter '{p.name}' has no elements "
                                     f"(shape {p._data.shape}); leave it out of params")
                seen.add(id(p))
        return groups, grouped, order

    @staticmethod
    def _ordered(order, params, rates, decays, owner):
        """The per-parameter lists rearranged into ``order_params``'s order."""
        where = {id(p): k for k, p in enumerate(params)}
        picked = []
        for p in order:
            if not isinstance(p, Parameter) or id(p) not in where:
                raise ValueError(f"For '{owner}', order_params must list the groups' "
                                 f"Parameters, got {getattr(p, 'name', type(p).__name__)!r}")
            picked.append(where[id(p)])
        if sorted(picked) != list(range(len(params))):
            raise ValueError(f"For '{owner}', order_params must list each of the groups' "
                             f"{len(params)} Parameters once, got {len(order)} entries")
        return ([params[k] for k in picked], [rates[k] for k in picked],
                [decays[k] for k in picked])

    @staticmethod
    def _unique_names(params, owner):
        names = set()
        for p in params:
            if p.name in names:
                raise ValueError(f"For '{owner}', two parameters are named '{p.name}': the "
                                 "optimizer's state and checkpoints are named after the "
                                 "parameters, so each needs its own name (as in MindSpore)")
            names.add(p.name)
        return names

    # ------------------------------------------------------------------ state

    def _own(self, param, attribute=None):
        """Register one of the optimizer's own Parameters under its name."""
        if param.name in self._params or param.name in self._trained_names:
            raise ValueError(f"For '{type(self).__name__}', the name '{param.name}' is taken "
                             "twice among the parameters and the optimizer's state; rename "
                             "the parameter")
        self._params[param.name] = param
        if attribute is not None:
            self.__dict__[attribute] = param

    def _state(self, prefix, init="zeros"):
        """One Parameter per trained parameter, ``<prefix>.<its name>``, of its shape and dtype.

        Registered as the optimizer's state (so checkpoints hold it) and
        returned as a ParameterTuple, also set as the attribute ``prefix``.
        """
        state = self.parameters.clone(prefix, init)
        for p in state:
            p.requires_grad = False
            self._own(p)
        self.__dict__[prefix] = state
        return state

    def _hyperparameter(self, name, value):
        """A float hyperparameter kept as MindSpore keeps it: the float32 Parameter ``name``."""
        stored = _StoredInFloat32(value, name)
        self._own(stored.param, name)
        return stored

    def parameters_and_names(self, name_prefix="", expand=True):
        """Yield ``(name, parameter)``: the optimizer's own and, as in MindSpore, the trained ones.

        The trained parameters come after ``global_step`` and the learning
        rates, under their names.  Only the optimizer itself lists them: a
        cell holding the network and the optimizer lists them under the
        network's names, and renaming the optimizer renames only its own.

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
        >>> [name for name, _ in nn.Momentum([w], 0.1, 0.9).parameters_and_names()]
        ['global_step', 'learning_rate', 'w', 'momentum', 'moments.w']
        """
        own = list(super().parameters_and_names(name_prefix, expand))
        listed = {id(p) for _, p in own}
        prefix = name_prefix + "." if name_prefix else ""
        trained = [(prefix + p.name, p) for p in self.parameters if id(p) not in listed]
        leading = self._leading
        yield from own[:leading] + trained + own[leading:]

    # ---------------------------------------------------------- learning rate

    def get_lr(self):
        """The learning rate of the next update.

        A Parameter for a constant rate, else a float32 Tensor of the rate
        at the current step; with groups that have their own rates, a tuple
        of them, one per parameter (MindSpore's).

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> nn.SGD([ms.Parameter(ms.Tensor([1.0]), name='w')], 0.5).get_lr()
        Parameter (name=learning_rate, shape=(), dtype=Float32, requires_grad=False)
        >>> nn.SGD([ms.Parameter(ms.Tensor([1.0]), name='w')], [0.5, 0.25]).get_lr()
        Tensor(shape=[], dtype=Float32, value= 0.5)
        """
        step = int(self.global_step._data[0])
        rates = [rate.now(step, self.global_step) for rate in self._rates]
        if self.is_group_lr:
            return tuple(rates[k] for k in self._rate_of)
        return rates[0]

    def get_lr_parameter(self, param):
        """The learning rate of ``param`` (a Parameter), or a list of them for a list of Parameters.

        For a constant or a list of rates this is its Parameter, for a
        schedule the schedule (MindSpore's).

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> a = ms.Parameter(ms.Tensor([1.0]), name='a')
        >>> b = ms.Parameter(ms.Tensor([1.0]), name='b')
        >>> opt = nn.SGD([{'params': [a], 'lr': 0.5}, {'params': [b]}], 0.1)
        >>> opt.get_lr_parameter(a)
        Parameter (name=learning_rate_group_0, shape=(), dtype=Float32, requires_grad=False)
        >>> [lr.name for lr in opt.get_lr_parameter([a, b])]
        ['learning_rate_group_0', 'learning_rate']
        """
        owner = type(self).__name__
        if isinstance(param, Parameter):
            param_list = [param]
        elif isinstance(param, list):
            param_list = param
        else:
            raise TypeError(f"For 'get_lr_parameter', the 'param' must be a Parameter or a "
                            f"list of Parameters, got {type(param).__name__}")
        where = {id(p): k for k, p in enumerate(self.parameters)}
        out = []
        for p in param_list:
            if not isinstance(p, Parameter):
                raise TypeError(f"For '{owner}', the elements of 'param' must be Parameters, "
                                f"got {type(p).__name__}")
            if id(p) not in where:
                raise ValueError(f"For 'get_lr_parameter', the parameter '{p.name}' is not "
                                 f"in the optimizer")
            out.append(self._rates[self._rate_of[where[id(p)]]].public)
        return out if isinstance(param, list) else out[0]

    # ----------------------------------------------------------------- update

    def _gradients(self, gradients):
        out = _gradient_arrays(type(self).__name__, gradients, self.parameters)
        for i, (a, p) in enumerate(zip(out, self.parameters)):
            if self._decays[i]:
                a = a + self._decays[i] * p._data
            if self.loss_scale != 1.0:
                a = a * (1.0 / self.loss_scale)
            out[i] = a
        return out

    def construct(self, gradients):
        """Apply one update from ``gradients`` (a tuple aligned with ``self.parameters``).

        Returns a tuple of True, one per parameter, as MindSpore does.

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
        >>> nn.SGD([w], 0.5)((ms.Tensor([1.0]),)), w.asnumpy().tolist()
        ((True,), [0.5])
        """
        grads = self._gradients(gradients)
        counter = self.global_step._data
        step = int(counter[0])
        lrs = [rate.at(step, self.global_step) for rate in self._rates]
        self._begin_step(step)
        rate_of = self._rate_of
        for i, (p, g) in enumerate(zip(self.parameters, grads)):
            self._update(i, p._data, g, lrs[rate_of[i]])
        counter += 1
        return (True,) * len(grads)

    def _begin_step(self, step):
        """Hook run once per update, before the parameters' (``step`` counts from 0)."""

    def _update(self, i, w, g, lr):
        raise NotImplementedError(f"{type(self).__name__} must implement "
                                  "_update(i, w, g, lr)")


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, dampening and Nesterov.

    MindSpore's rule: with ``momentum > 0`` the first step sets the
    accumulator to the gradient, later ones ``a = momentum * a + (1 - dampening) * g``;
    then ``w -= lr * (g + momentum * a)`` with Nesterov, ``w -= lr * a`` without;
    with ``momentum == 0``, ``w -= lr * g``.  The state is ``accum.<name>``
    and ``stat.<name>``, whose ones mark the first step (MindSpore's kernel
    reads the flag per element; here the first element speaks for the whole
    parameter, as the optimizer only ever sets all of it at once).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> nn.SGD([w], learning_rate=0.1)((ms.Tensor([0.5, -1.0]),))
    (True,)
    >>> w.asnumpy().tolist()
    [0.949999988079071, -1.899999976158142]
    """

    def __init__(self, params, learning_rate=0.1, momentum=0.0, dampening=0.0,
                 weight_decay=0.0, nesterov=False, loss_scale=1.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = _number(momentum, "momentum", "SGD", low=0.0)
        self.dampening = _number(dampening, "dampening", "SGD", low=0.0)
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', 'nesterov' must be a bool, got "
                            f"{type(nesterov).__name__}")
        if nesterov and (momentum <= 0.0 or self.dampening != 0.0):
            raise ValueError(f"For 'SGD', nesterov=True needs momentum > 0 and dampening 0, "
                             f"got momentum {momentum}, dampening {self.dampening}")
        self.nesterov = nesterov
        self.__dict__["_momentum"] = self._hyperparameter("momentum", momentum)
        self._state("accum", "zeros")
        self._state("stat", "ones")

    def _begin_step(self, step):
        self.__dict__["_momentum_now"] = self._momentum.value()

    def _update(self, i, w, g, lr):
        momentum = self._momentum_now
        if momentum > 0.0:
            a = self.accum[i]._data
            first = self.stat[i]._data
            if first.size and first.flat[0] > 0:
                a[...] = g
                first[...] = 0
            else:
                a *= momentum
                a += (1.0 - self.dampening) * g
            g = g + momentum * a if self.nesterov else a
        w -= lr * g


class Momentum(Optimizer):
    """Momentum SGD: ``v = momentum * v + g``; ``w -= lr * v``.

    With ``use_nesterov=True``: ``w -= lr * (g + momentum * v)`` (MindSpore's
    documented rule; note that MindSpore 2.10's CPU kernel ignores the flag).
    The state is ``moments.<name>``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = nn.Momentum([w], learning_rate=0.1, momentum=0.9)
    >>> g = (ms.Tensor([0.5, -1.0]),)
    >>> _ = opt(g); _ = opt(g)
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.855, -1.71]
    >>> opt.moments[0].asnumpy().tolist()
    [0.949999988079071, -1.899999976158142]
    """

    def __init__(self, params, learning_rate, momentum, weight_decay=0.0, loss_scale=1.0,
                 use_nesterov=False):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = _number(momentum, "momentum", "Momentum", low=0.0)
        if not isinstance(use_nesterov, bool):
            raise TypeError(f"For 'Momentum', 'use_nesterov' must be a bool, got "
                            f"{type(use_nesterov).__name__}")
        self.use_nesterov = use_nesterov
        self.__dict__["_momentum"] = self._hyperparameter("momentum", momentum)
        self._state("moments", "zeros")

    def _begin_step(self, step):
        self.__dict__["_momentum_now"] = self._momentum.value()

    def _update(self, i, w, g, lr):
        momentum = self._momentum_now
        v = self.moments[i]._data
        v *= momentum
        v += g
        if self.use_nesterov:
            w -= lr * (g + momentum * v)
        else:
            w -= lr * v


class Adam(Optimizer):
    """Adam with MindSpore's update (eps added to sqrt(v), bias correction in the rate).

    ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g^2``;
    ``l = lr sqrt(1 - b2^t) / (1 - b1^t)``; ``w -= l m / (sqrt(v) + eps)``.
    ``use_nesterov`` uses ``b1 m + (1 - b1) g`` in place of ``m``;
    ``use_amsgrad`` divides by ``sqrt(max over steps of v) + eps``.

    The state is ``moment1.<name>``, ``moment2.<name>`` (``vhat.<name>``
    with amsgrad) and MindSpore's float32 ``beta1_power`` and
    ``beta2_power``, which float32 parameters use.  Parameters of other
    dtypes use ``b1^t`` and ``b2^t`` formed in their own dtype (one product
    per step, as the float32 powers are), ``t`` counted by ``global_step``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = nn.Adam([w], learning_rate=0.1, eps=0.1)
    >>> _ = opt((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 5) for v in w.asnumpy().tolist()]
    [0.98635, -1.97597]
    >>> opt.beta1_power
    Parameter (name=beta1_power, shape=(), dtype=Float32, requires_grad=False)
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                 use_locking=False, use_nesterov=False, weight_decay=0.0, loss_scale=1.0,
                 use_amsgrad=False, **kwargs):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        owner = type(self).__name__     # (LazyAdam's errors name LazyAdam)
        unknown = set(kwargs) - {"use_lazy", "use_offload"}
        if unknown:
            raise TypeError(f"For '{owner}', unexpected keyword argument(s) {sorted(unknown)}; "
                            "the extra ones accepted are 'use_lazy' and 'use_offload'")
        for name, flag in (("use_locking", use_locking), ("use_nesterov", use_nesterov),
                           ("use_amsgrad", use_amsgrad)) + tuple(kwargs.items()):
            if not isinstance(flag, bool):
                raise TypeError(f"For '{owner}', '{name}' must be a bool, got "
                                f"{type(flag).__name__}")
        if use_amsgrad and use_nesterov:
            raise ValueError(f"For '{owner}', use_amsgrad and use_nesterov cannot both be True")
        self.beta1 = _number(beta1, "beta1", owner, low=0.0, low_inclusive=False, high=1.0)
        self.beta2 = _number(beta2, "beta2", owner, low=0.0, low_inclusive=False, high=1.0)
        self.eps = _number(eps, "eps", owner, low=0.0, low_inclusive=False)
        self.use_nesterov = use_nesterov
        self.use_amsgrad = use_amsgrad
        self.use_locking = use_locking
        for name in ("beta1_power", "beta2_power"):
            self._own(Parameter(Tensor(np.ones((), np.float32)), name=name,
                                requires_grad=False), name)
        self._state("moment1", "zeros")
        self._state("moment2", "zeros")
        if use_amsgrad:
            self._state("vhat", "zeros")
        else:
            self.__dict__["vhat"] = None
        d = self.__dict__
        d["_other_dtypes"] = {p._data.dtype.type for p in self.parameters} - {np.float32}
        d["_powers"] = {}       # dtype -> (t, b1^t, b2^t) for the dtypes other than float32
        d["_powers_now"] = {}

    def _powers_at(self, dt, t):
        """``(b1^t, b2^t)`` in dtype ``dt``, formed as t products like MindSpore's float32 ones."""
        k, b1p, b2p = self._powers.get(dt, (0, dt(1), dt(1)))
        if k > t:               # global_step went back (a checkpoint): form them anew
            k, b1p, b2p = 0, dt(1), dt(1)
        b1, b2 = dt(self.beta1), dt(self.beta2)
        for _ in range(t - k):
            b1p, b2p = b1p * b1, b2p * b2
        self._powers[dt] = (t, b1p, b2p)
        return b1p, b2p

    def _begin_step(self, step):
        # MindSpore advances its float32 powers before each update.
        b1p, b2p = self.beta1_power._data, self.beta2_power._data
        b1p *= np.float32(self.beta1)
        b2p *= np.float32(self.beta2)
        powers = self._powers_now
        powers[np.float32] = (b1p[()], b2p[()])
        for dt in self._other_dtypes:
            powers[dt] = self._powers_at(dt, step + 1)

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        b1, b2 = dt(self.beta1), dt(self.beta2)
        one = dt(1)
        b1p, b2p = self._powers_now[dt]
        m, v = self.moment1[i]._data, self.moment2[i]._data
        m *= b1
        m += (one - b1) * g
        v *= b2
        v += (one - b2) * (g * g)
        rate = dt(lr) * np.sqrt(one - b2p) / (one - b1p)
        if self.use_amsgrad:
            vhat = self.vhat[i]._data
            np.maximum(vhat, v, out=vhat)
            w -= rate * m / (np.sqrt(vhat) + dt(self.eps))
        elif self.use_nesterov:
            w -= rate * (b1 * m + (one - b1) * g) / (np.sqrt(v) + dt(self.eps))
        else:
            w -= rate * m / (np.sqrt(v) + dt(self.eps))


def _flag(value, name, owner):
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', '{name}' must be a bool, got {type(value).__name__}")
    return value


def _betas(beta1, beta2, eps, owner):
    return (_number(beta1, "beta1", owner, low=0.0, low_inclusive=False, high=1.0),
            _number(beta2, "beta2", owner, low=0.0, low_inclusive=False, high=1.0),
            _number(eps, "eps", owner, low=0.0, low_inclusive=False))


def _advance_moments(m, v, g, beta1, beta2):
    """Adam's moving averages in place: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g²."""
    dt = m.dtype.type
    b1, b2, one = dt(beta1), dt(beta2), dt(1)
    m *= b1
    m += (one - b1) * g
    v *= b2
    v += (one - b2) * (g * g)
    return m, v


class AdamWeightDecay(Optimizer):
    """Adam with decoupled weight decay and no bias correction (MindSpore's ``AdamWeightDecay``).

    ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g^2``;
    ``u = m / (sqrt(v) + eps) + weight_decay * w``; ``w -= lr * u``.
    The weight decay is not added to the gradient (there is no loss scale);
    it skips parameters whose name contains 'beta' or 'gamma' unless the
    parameters are grouped.  The state is ``adam_m.<name>`` and
    ``adam_v.<name>``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = nn.AdamWeightDecay([w], learning_rate=0.1)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.6838, -1.6838]
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-6,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        self.beta1, self.beta2, self.eps = _betas(beta1, beta2, eps, "AdamWeightDecay")
        d = self.__dict__
        d["_weight_decays"], d["_decays"] = d["_decays"], [0.0] * len(self.parameters)
        self._state("adam_m", "zeros")
        self._state("adam_v", "zeros")

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        m, v = _advance_moments(self.adam_m[i]._data, self.adam_v[i]._data, g, self.beta1,
                                self.beta2)
        update = m / (dt(self.eps) + np.sqrt(v))
        if self._weight_decays[i]:
            update = dt(self._weight_decays[i]) * w + update
        w -= dt(lr) * update


class Lamb(Optimizer):
    """LAMB (You et al., 2019), the layer-wise adaptive Adam of MindSpore's ``Lamb``.

    ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g^2``;
    ``r = (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``;
    ``u = r + weight_decay * w``; ``w -= lr * (||w|| / ||u||) * u``, the
    norms over each whole parameter and the trust ratio ||w|| / ||u|| taken
    as 1 where either norm is 0.  ``t`` counts the updates from 1
    (``global_step`` + 1).  As AdamWeightDecay, the weight decay is not added
    to the gradient and skips parameters whose name contains 'beta' or
    'gamma' unless the parameters are grouped.  The state is
    ``lamb_m.<name>`` and ``lamb_v.<name>`` (the attributes ``moments1`` and
    ``moments2``).  MindSpore 2.10 runs it on GPU and Ascend only; this is its
    documented rule.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([3.0, -4.0]), name='w')
    >>> _ = nn.Lamb([w], learning_rate=0.1)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [2.6464, -3.6464]
    """

    def __init__(self, params, learning_rate, beta1=0.9, beta2=0.999, eps=1e-6,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        for name, value in (("beta1", beta1), ("beta2", beta2), ("eps", eps)):
            if not isinstance(value, float):
                raise TypeError(f"Lamb: {name} must be a float, got {type(value).__name__}")
        self.beta1, self.beta2, self.eps = _betas(beta1, beta2, eps, "Lamb")
        d = self.__dict__
        d["_weight_decays"], d["_decays"] = d["_decays"], [0.0] * len(self.parameters)
        d["moments1"] = self._state("lamb_m", "zeros")
        d["moments2"] = self._state("lamb_v", "zeros")
        d["_step"] = 1

    def _begin_step(self, step):
        self.__dict__["_step"] = step + 1

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        b1, b2, one = dt(self.beta1), dt(self.beta2), dt(1)
        m, v = _advance_moments(self.moments1[i]._data, self.moments2[i]._data, g, self.beta1,
                                self.beta2)
        m_hat = m / (one - b1 ** self._step)
        v_hat = v / (one - b2 ** self._step)
        update = m_hat / (np.sqrt(v_hat) + dt(self.eps))
        if self._weight_decays[i]:
            update = update + dt(self._weight_decays[i]) * w
        w_norm, update_norm = np.linalg.norm(w), np.linalg.norm(update)
        trust_ratio = w_norm / update_norm if w_norm > 0 and update_norm > 0 else one
        w -= dt(lr) * dt(trust_ratio) * update


class RMSProp(Optimizer):
    """RMSProp, MindSpore's rule (the mean square starts at 1; eps inside the root).

    ``s = decay s + (1 - decay) g^2``; ``mom = momentum mom + lr g / sqrt(s + eps)``;
    ``w -= mom``.  With ``centered=True`` also ``mg = decay mg + (1 - decay) g``
    and the root is ``sqrt(s - mg^2 + eps)``.  The state is
    ``mean_grad.<name>`` (centered only), ``mean_square.<name>`` (ones) and
    ``moment.<name>``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = nn.RMSProp([w], learning_rate=0.1)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 5) for v in w.asnumpy().tolist()]
    [0.94801, -1.9]
    """

    def __init__(self, params, learning_rate=0.1, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, loss_scale=1.0, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.decay = _number(decay, "decay", "RMSProp", low=0.0)
        self.momentum = _number(momentum, "momentum", "RMSProp", low=0.0)
        self.epsilon = _number(epsilon, "epsilon", "RMSProp", low=0.0, low_inclusive=False)
        self.use_locking = _flag(use_locking, "use_locking", "RMSProp")
        self.centered = _flag(centered, "centered", "RMSProp")
        if centered:
            self._state("mean_grad", "zeros")
        else:
            self.__dict__["mean_grad"] = None
        self._state("mean_square", "ones")
        self._state("moment", "zeros")

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        rho, one = dt(self.decay), dt(1)
        s, mom = self.mean_square[i]._data, self.moment[i]._data
        s *= rho
        s += (one - rho) * (g * g)
        if self.centered:
            mg = self.mean_grad[i]._data
            mg *= rho
            mg += (one - rho) * g
            denominator = np.sqrt(s - mg * mg + dt(self.epsilon))
        else:
            denominator = np.sqrt(s + dt(self.epsilon))
        mom *= dt(self.momentum)
        mom += dt(lr) * g / denominator
        w -= mom


class Adagrad(Optimizer):
    """Adagrad, MindSpore's rule (no eps): ``a += g^2``; ``w -= lr g / sqrt(a)``.

    The accumulator ``accum.<name>`` starts at ``accum`` (0.1); with
    ``update_slots=False`` it is not updated (MindSpore's documented rule;
    MindSpore 2.10's CPU kernel ignores the flag).  Note MindSpore's argument
    order: ``Adagrad(params, accum=0.1, learning_rate=0.001, ...)``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
    >>> _ = nn.Adagrad([w], accum=0.0, learning_rate=0.1)((ms.Tensor([0.3]),))
    >>> round(w.asnumpy().tolist()[0], 6)
    0.9
    """

    def __init__(self, params, accum=0.1, learning_rate=0.001, update_slots=True, loss_scale=1.0,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        accum = _number(accum, "accum", "Adagrad", low=0.0)
        self.update_slots = _flag(update_slots, "update_slots", "Adagrad")
        self._state("accum", accum)

    def _update(self, i, w, g, lr):
        a = self.accum[i]._data
        if self.update_slots:
            a += g * g
        w -= w.dtype.type(lr) * g / np.sqrt(a)


class AdaMax(Optimizer):
    """AdaMax (Adam with the infinity norm), MindSpore's rule.

    ``m = b1 m + (1 - b1) g``; ``v = max(b2 v, |g|)``;
    ``w -= lr / (1 - b1^t) * m / (v + eps)``.  The state is the float32
    ``beta1_power`` (shape (1,)), ``moment1.<name>`` and ``moment2.<name>``;
    parameters of other dtypes form ``b1^t`` in their own dtype.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = nn.AdaMax([w], learning_rate=0.1)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 6) for v in w.asnumpy().tolist()]
    [0.9, -1.9]
    """

    def __init__(self, params, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-08,
                 weight_decay=0.0, loss_scale=1.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.beta1, self.beta2, self.eps = _betas(beta1, beta2, eps, "AdaMax")
        self._own(Parameter(Tensor(np.ones(1, np.float32)), name="beta1_power",
                            requires_grad=False), "beta1_power")
        self._state("moment1", "zeros")
        self._state("moment2", "zeros")

    def _begin_step(self, step):
        self.beta1_power._data[...] *= np.float32(self.beta1)
        self.__dict__["_t"] = step + 1

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        b1, one = dt(self.beta1), dt(1)
        b1p = self.beta1_power._data[0] if dt is np.float32 else b1 ** self._t
        m, v = self.moment1[i]._data, self.moment2[i]._data
        m *= b1
        m += (one - b1) * g
        np.maximum(dt(self.beta2) * v, np.abs(g), out=v)
        w -= dt(lr) / (one - b1p) * (m / (v + dt(self.eps)))


class Adadelta(Optimizer):
    """Adadelta, MindSpore's rule.

    ``a = rho a + (1 - rho) g^2``; ``u = sqrt(au + eps) g / sqrt(a + eps)``;
    ``au = rho au + (1 - rho) u^2``; ``w -= lr u``.  The state is
    ``accum.<name>`` and ``accum_update.<name>`` (zeros).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
    >>> _ = nn.Adadelta([w], learning_rate=1.0, rho=0.5, epsilon=0.25)((ms.Tensor([1.5]),))
    >>> round(w.asnumpy().tolist()[0], 4)
    0.3604
    """

    def __init__(self, params, learning_rate=1.0, rho=0.9, epsilon=1e-6, loss_scale=1.0,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.rho = _number(rho, "rho", "Adadelta", low=0.0)
        if self.rho > 1.0:
            raise ValueError(f"For 'Adadelta', 'rho' must be in [0, 1], got {self.rho}")
        self.epsilon = _number(epsilon, "epsilon", "Adadelta", low=0.0)
        self._state("accum", "zeros")
        self._state("accum_update", "zeros")

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        rho, one, eps = dt(self.rho), dt(1), dt(self.epsilon)
        a, au = self.accum[i]._data, self.accum_update[i]._data
        a *= rho
        a += (one - rho) * (g * g)
        update = np.sqrt(au + eps) * g / np.sqrt(a + eps)
        au *= rho
        au += (one - rho) * (update * update)
        w -= dt(lr) * update


class Rprop(Optimizer):
    """Resilient backpropagation, MindSpore's rule.

    Each element has its own step size, ``lr`` at the first update, then
    multiplied by ``etaplus`` where the gradient kept its sign, by
    ``etaminus`` where it changed (and that step skips the element and
    forgets its gradient), clipped to ``step_sizes``; ``w -= sign(g) * step``.
    The state is ``prev.<name>`` (the last gradient) and
    ``step_size.<name>``.  (MindSpore computes float64 parameters in
    float32; here they keep their dtype.)

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = nn.Rprop([w], learning_rate=0.1)
    >>> _ = opt((ms.Tensor([0.5, -1.0]),)); _ = opt((ms.Tensor([0.1, 0.2]),))
    >>> [round(v, 6) for v in w.asnumpy().tolist()]
    [0.78, -1.9]
    """

    def __init__(self, params, learning_rate=0.1, etas=(0.5, 1.2), step_sizes=(1e-6, 50.),
                 weight_decay=0.):
        super().__init__(learning_rate, params, weight_decay)
        for name, pair in (("etas", etas), ("step_sizes", step_sizes)):
            if not isinstance(pair, tuple):
                raise TypeError(f"For 'Rprop', '{name}' must be a tuple, got "
                                f"{type(pair).__name__}")
            if len(pair) != 2:
                raise ValueError(f"For 'Rprop', '{name}' must be a tuple of 2, got {len(pair)}")
        self.etaminus = _number(etas[0], "etaminus", "Rprop", low=0.0, low_inclusive=False,
                                high=1.0)
        self.etaplus = _number(etas[1], "etaplus", "Rprop")
        if self.etaplus <= 1.0:
            raise ValueError(f"For 'Rprop', etaplus must be > 1.0, got {self.etaplus}")
        self.step_size_min = _number(step_sizes[0], "min_step_sizes", "Rprop")
        self.step_size_max = _number(step_sizes[1], "max_step_sizes", "Rprop")
        if self.step_size_min > self.step_size_max:
            raise ValueError(f"For 'Rprop', the minimal step size must not exceed the maximal "
                             f"one, got {self.step_size_min} > {self.step_size_max}")
        self._state("prev", "zeros")
        self._state("step_size", "zeros")

    def _begin_step(self, step):
        self.__dict__["_first"] = step == 0

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        prev, size = self.prev[i]._data, self.step_size[i]._data
        if self._first:
            size[...] = dt(lr)
        sign = np.sign(g * prev)
        factor = np.where(sign > 0, dt(self.etaplus),
                          np.where(sign < 0, dt(self.etaminus), dt(1)))
        np.clip(size * factor, dt(self.step_size_min), dt(self.step_size_max), out=size)
        g = np.where(sign < 0, dt(0), g)
        w -= np.sign(g) * size
        prev[...] = g


class ASGD(Optimizer):
    """Averaged SGD, MindSpore's rule.

    Per parameter, the float32 scalars ``eta_<name>`` (the step, ``lr`` at
    the first update) and ``mu_<name>`` (the averaging weight):
    ``w = w (1 - lambd eta) - eta g``; the average ``ax_.<name>`` becomes
    ``w`` while ``mu == 1``, else moves by ``mu (w - ax)``; then, ``t`` the
    number of updates, ``eta = lr / (1 + lambd lr t)^alpha`` and
    ``mu = 1 / max(1, t - t0)``.  A float16 parameter's step is computed in
    float32, as MindSpore computes it.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
    >>> _ = nn.ASGD([w], learning_rate=0.1, lambd=0.0)((ms.Tensor([0.5]),))
    >>> round(w.asnumpy().tolist()[0], 6)
    0.95
    """

    def __init__(self, params, learning_rate=0.1, lambd=1e-4, alpha=0.75, t0=1e6,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        self.lambd = _number(lambd, "lambd", "ASGD")
        self.alpha = _number(alpha, "alpha", "ASGD")
        self.t0 = _number(t0, "t0", "ASGD")
        mu, eta = [], []
        for p in self.parameters:
            mu.append(Parameter(Tensor(np.array(1.0, np.float32)), name=f"mu_{p.name}",
                                requires_grad=False))
            eta.append(Parameter(Tensor(np.array(0.0, np.float32)), name=f"eta_{p.name}",
                                 requires_grad=False))
        for p in mu + eta:
            self._own(p)
        d = self.__dict__
        d["mu"], d["eta"] = ParameterTuple(mu), ParameterTuple(eta)
        self._state("ax_", "zeros")
        d["ax"] = d.pop("ax_")

    def _begin_step(self, step):
        self.__dict__["_t"] = step + 1

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        t = self._t
        eta, mu, ax = self.eta[i]._data, self.mu[i]._data, self.ax[i]._data
        if t == 1:
            eta[...] = lr
        # MindSpore computes float16 parameters in float32 (the average moves
        # by the unrounded step); float32 and float64 keep their dtype.
        ct = np.float32 if dt is np.float16 else dt
        e = ct(eta[()])
        step = (w.astype(ct, copy=False) * (ct(1) - ct(self.lambd) * e)
                - e * g.astype(ct, copy=False))
        w[...] = step
        if mu[()] != 1:
            ax += ((step - ax.astype(ct, copy=False)) * ct(mu[()])).astype(dt, copy=False)
        else:
            ax[...] = w
        lr32 = np.float32(lr)
        eta[...] = lr32 / (np.float32(1) + np.float32(self.lambd) * lr32 * np.float32(t)) \
            ** np.float32(self.alpha)
        mu[...] = np.float32(1) / max(np.float32(1), np.float32(t) - np.float32(self.t0))


class FTRL(Optimizer):
    """Follow-the-regularized-leader (FTRL-proximal), MindSpore's rule.

    ``a' = a + g^2``; ``z += g - (a'^(-p) - a^(-p)) / lr * w``, p the
    ``lr_power``; ``w = (sign(z) l1 - z) / (a'^(-p) / lr + 2 l2)`` where
    ``|z| > l1``, else 0 (the FTRL-proximal rule; MindSpore 2.10's CPU kernel
    gives ``(l1 - z) / ...`` where z < 0, which we do not follow).  The
    state is ``moments.<name>`` (starting at
    ``initial_accum``) and ``linear.<name>``.  As in MindSpore, the
    learning rate is one constant, and without groups the weight decay
    applies to every parameter (no 'beta'/'gamma' filter).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
    >>> opt = nn.FTRL([w], initial_accum=1.0, learning_rate=0.5, lr_power=-1.0)
    >>> _ = opt((ms.Tensor([1.0]),))
    >>> w.asnumpy().tolist()
    [0.25]
    """

    def __init__(self, params, initial_accum=0.1, learning_rate=0.001, lr_power=-0.5, l1=0.0,
                 l2=0.0, use_locking=False, loss_scale=1.0, weight_decay=0.0):
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
            # (a schedule is a learning rate other optimizers take: a ValueError here)
            schedule = isinstance(learning_rate, (list, tuple, Tensor)) or callable(learning_rate)
            raise (ValueError if schedule else TypeError)(
                f"For 'FTRL', the learning rate must be a float (no schedule), got "
                f"{type(learning_rate).__name__}")
        if not isinstance(params, (Parameter, Tensor)):
            try:
                params = list(params)       # read twice: here and by the base class
            except TypeError:
                pass                        # the base class says what is wrong
        grouped = isinstance(params, list) and bool(params) and all(
            isinstance(x, dict) for x in params)
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if self.is_group_lr:
            raise ValueError("For 'FTRL', groups with their own learning rates are not "
                             "supported (as in MindSpore)")
        self.initial_accum = _number(initial_accum, "initial_accum", "FTRL", low=0.0)
        self.lr = _number(learning_rate, "learning_rate", "FTRL", low=0.0, low_inclusive=False)
        self.lr_power = _number(lr_power, "lr_power", "FTRL")
        if self.lr_power > 0:
            raise ValueError(f"For 'FTRL', 'lr_power' must be <= 0, got {self.lr_power}")
        self.l1 = _number(l1, "l1", "FTRL", low=0.0)
        self.l2 = _number(l2, "l2", "FTRL", low=0.0)
        self.use_locking = _flag(use_locking, "use_locking", "FTRL")
        if not grouped:
            # MindSpore's FTRL sets every decay flag when the parameters are not grouped.
            self.__dict__["_decays"] = [weight_decay * loss_scale] * len(self.parameters)
        self._state("moments", self.initial_accum)
        self._state("linear", "zeros")

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        lr, power = dt(lr), dt(-self.lr_power)
        a, z = self.moments[i]._data, self.linear[i]._data
        a_new = a + g * g
        z += g - (a_new ** power - a ** power) / lr * w
        quadratic = a_new ** power / lr + dt(2 * self.l2)
        l1 = dt(self.l1)
        w[...] = np.where(np.abs(z) > l1, (np.sign(z) * l1 - z) / quadratic, dt(0))
        a[...] = a_new


class ProximalAdagrad(Optimizer):
    """Proximal Adagrad, MindSpore's rule.

    ``a += g^2``; ``r = lr / sqrt(a)``; ``v = w - r g``;
    ``w = sign(v) max(|v| - r l1, 0) / (1 + r l2)`` (the penalties scale
    with the per-element rate ``r``, as in MindSpore's and TensorFlow's
    kernels).  The state is ``accum.<name>``, starting at ``accum`` (0.1).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0]), name='w')
    >>> _ = nn.ProximalAdagrad([w], accum=0.0, learning_rate=0.5, l1=0.5)((ms.Tensor([1.0]),))
    >>> w.asnumpy().tolist()
    [0.25]
    """

    def __init__(self, params, accum=0.1, learning_rate=0.001, l1=0.0, l2=0.0, use_locking=False,
                 loss_scale=1.0, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        accum = _number(accum, "accum", "ProximalAdagrad", low=0.0)
        self.l1 = _number(l1, "l1", "ProximalAdagrad", low=0.0)
        self.l2 = _number(l2, "l2", "ProximalAdagrad", low=0.0)
        self.use_locking = _flag(use_locking, "use_locking", "ProximalAdagrad")
        self._state("accum", accum)

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        lr = dt(lr)
        a = self.accum[i]._data
        a += g * g
        rate = lr / np.sqrt(a)
        v = w - rate * g
        w[...] = np.sign(v) * np.maximum(np.abs(v) - rate * dt(self.l1), dt(0)) \
            / (dt(1) + rate * dt(self.l2))


class LazyAdam(Adam):
    """Adam that, for sparse gradients, updates only the rows present (MindSpore's ``LazyAdam``).

    dualgrad's gradients are dense, for which LazyAdam is Adam: the same
    update and state names, but ``beta1_power`` and ``beta2_power`` have
    shape (1,), as MindSpore's LazyAdam has them.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = nn.LazyAdam([w], learning_rate=0.1, eps=0.1)
    >>> _ = opt((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 5) for v in w.asnumpy().tolist()], opt.beta1_power.shape
    ([0.98635, -1.97597], (1,))
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                 use_locking=False, use_nesterov=False, weight_decay=0.0, loss_scale=1.0):
        super().__init__(params, learning_rate, beta1, beta2, eps, use_locking, use_nesterov,
                         weight_decay, loss_scale)
        for name in ("beta1_power", "beta2_power"):
            p = Parameter(Tensor(np.ones(1, np.float32)), name=name, requires_grad=False)
            self._params[name] = p
            self.__dict__[name] = p

    def _begin_step(self, step):
        b1p, b2p = self.beta1_power._data, self.beta2_power._data
        b1p *= np.float32(self.beta1)
        b2p *= np.float32(self.beta2)
        powers = self._powers_now
        powers[np.float32] = (b1p[0], b2p[0])
        for dt in self._other_dtypes:
            powers[dt] = self._powers_at(dt, step + 1)


def _relative_step_rate(step, warmup_init, dt):
    """AdaFactor's own rate at update ``step`` (from 1): min(1e-2 or 1e-6 step, 1/sqrt(step))."""
    t = dt(step)
    ceiling = dt(1e-6) * t if warmup_init else dt(1e-2)
    return min(ceiling, dt(1) / np.sqrt(t))


def _rms(a):
    return np.sqrt(np.mean(np.square(a)))


class AdaFactor(Optimizer):
    """Adafactor (Shazeer and Stern, 2018), MindSpore's ``AdaFactor``: Adam's
    second moment kept factored for matrices, updates clipped by their RMS.

    At update ``t`` (from 1), with ``b = 1 - t^(-decay_rate)`` and
    ``u = g^2 + eps[0]``: a parameter of rank >= 2 keeps running means of
    ``u`` over its last axis (``exp_avg_sq_row``) and over its last but one
    (``exp_avg_sq_col``), ``R = b R + (1 - b) mean_last(u)`` and
    ``C = b C + (1 - b) mean_second_last(u)``, and takes
    ``U = g / sqrt((R / mean(R)) C)``; other parameters keep
    ``V = b V + (1 - b) u`` (``exp_avg_sq``) and take ``U = g / sqrt(V)``.
    The step is ``U * lr / max(1, RMS(U) / clip_threshold)``, where ``lr``
    is ``min(1e-2, 1/sqrt(t))`` with ``relative_step`` (``min(1e-6 t,
    1/sqrt(t))`` with ``warmup_init``), else the learning rate given, and
    with ``scale_parameter`` is multiplied by ``max(eps[1], RMS(w))``.  With
    ``beta1 > 0`` the step is averaged, ``M = beta1 M + (1 - beta1) step``
    (``exp_avg``), and ``w -= M``; ``weight_decay`` also subtracts
    ``weight_decay * lr * w``.  Floors of 1e-30 keep the divisions finite,
    as in MindSpore's CPU kernel, whose rule (and state) this is.

    As in MindSpore the gradients are used as given: the ``loss_scale`` is
    checked but not divided out (Adafactor's step hardly depends on the
    gradients' scale), and weight decay is not added to them.  The state is
    ``exp_avg.<name>`` (with ``beta1 > 0``), ``exp_avg_sq_row_<name>``,
    ``exp_avg_sq_col_<name>``, ``exp_avg_sq_<name>`` (of shape (1,) where
    unused) and the float32 ``afactor_step`` (the ``t`` of the last update);
    ``compression=True`` keeps ``exp_avg_sq`` in float16.  A learning rate
    that is not a number (a list, a schedule) is used as given, unscaled.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([[1.0, -2.0], [0.5, 1.5]]), name='w')
    >>> opt = nn.AdaFactor([w])
    >>> _ = opt((ms.Tensor([[0.5, -1.0], [0.25, 0.0]]),))
    >>> [round(v, 5) for v in w.asnumpy().ravel().tolist()]
    [0.99898, -1.99886, 0.49773, 1.5]
    >>> [p.name for p in opt.get_parameters()][4:]
    ['exp_avg_sq_row_w', 'exp_avg_sq_col_w', 'exp_avg_sq_w', 'afactor_step']
    """

    def __init__(self, params, learning_rate=None, eps=(1e-30, 1e-3), clip_threshold=1.0,
                 decay_rate=0.8, beta1=0.9, weight_decay=0.0, scale_parameter=True,
                 relative_step=True, warmup_init=False, compression=False, loss_scale=1.0):
        owner = "AdaFactor"
        for name, flag in (("scale_parameter", scale_parameter),
                           ("relative_step", relative_step), ("warmup_init", warmup_init),
                           ("compression", compression)):
            _flag(flag, name, owner)
        if learning_rate is not None and relative_step:
            raise ValueError(f"For '{owner}', a learning_rate cannot be given with "
                             f"relative_step=True (the rate is then AdaFactor's own); set "
                             f"relative_step=False to use {learning_rate!r}")
        if warmup_init and not relative_step:
            raise ValueError(f"For '{owner}', warmup_init=True needs relative_step=True")
        if learning_rate is None and not relative_step:
            raise ValueError(f"For '{owner}', relative_step=False needs a learning_rate")
        # MindSpore scales a number rate; one that varies it applies as given.
        scales_rate = learning_rate is None or (
            isinstance(learning_rate, numbers.Real) and not isinstance(learning_rate, bool))
        super().__init__(0.0 if learning_rate is None else learning_rate, params, weight_decay,
                         loss_scale)
        if not isinstance(eps, (list, tuple)) or len(eps) != 2:
            raise ValueError(f"For '{owner}', 'eps' must be a tuple of 2 floats (eps1, eps2), "
                             f"got {eps!r}")
        for i, value in enumerate(eps):
            if not isinstance(value, float):
                raise TypeError(f"For '{owner}', 'eps{i}' must be a float, got "
                                f"{type(value).__name__}")
        self.eps = tuple(_number(v, f"eps{i}", owner, low=0.0) for i, v in enumerate(eps))
        for name, value in (("clip_threshold", clip_threshold), ("decay_rate", decay_rate)):
            if not isinstance(value, float):
                raise TypeError(f"For '{owner}', '{name}' must be a float, got "
                                f"{type(value).__name__}")
        self.clip_threshold = _number(clip_threshold, "clip_threshold", owner, low=0.0,
                                      low_inclusive=False)
        self.decay_rate = _number(decay_rate, "decay_rate", owner, low=0.0,
                                  low_inclusive=False, high=1.0)
        self.weight_decay = _number(weight_decay, "weight_decay", owner, low=0.0, high=1.0)
        self.beta1 = _number(0.0 if beta1 is None else beta1, "beta1", owner, low=0.0)
        if self.beta1 > 1.0:
            raise ValueError(f"For '{owner}', 'beta1' must be in [0, 1], got {self.beta1}")
        self.scale_parameter = scale_parameter and scales_rate
        self.relative_step = relative_step
        self.warmup_init = warmup_init
        self.compression = compression
        d = self.__dict__
        self.use_first_moment = self.beta1 > 0
        d["exp_avg"] = self._state("exp_avg", "zeros") if self.use_first_moment else None
        shapes = [p._data.shape for p in self.parameters]
        factored = [len(shape) >= 2 for shape in shapes]
        d["exp_avg_sq_row"] = ParameterTuple([
            self._zeros(f"exp_avg_sq_row_{p.name}", shape[:-1] if f else (1,), p._data.dtype)
            for p, shape, f in zip(self.parameters, shapes, factored)])
        d["exp_avg_sq_col"] = ParameterTuple([
            self._zeros(f"exp_avg_sq_col_{p.name}", shape[:-2] + shape[-1:] if f else (1,),
                        p._data.dtype)
            for p, shape, f in zip(self.parameters, shapes, factored)])
        d["exp_avg_sq"] = ParameterTuple([
            self._zeros(f"exp_avg_sq_{p.name}", (1,) if f else shape,
                        np.float16 if compression and not f else p._data.dtype)
            for p, shape, f in zip(self.parameters, shapes, factored)])
        d["step"] = self._zeros("afactor_step", (1,), np.float32)

    def _gradients(self, gradients):
        # as MindSpore's, the gradients go in as they are (see the class docstring)
        return _gradient_arrays("AdaFactor", gradients, self.parameters)

    def _zeros(self, name, shape, dtype):
        """A state Parameter of zeros, registered as the optimizer's own."""
        p = Parameter(Tensor(np.zeros(shape, dtype)), name=name, requires_grad=False)
        self._own(p)
        return p

    def _begin_step(self, step):
        t = self.step._data
        t += 1
        self.__dict__["_t"] = float(t[0])

    def _update(self, i, w, g, lr):
        dt = np.float32 if w.dtype == np.float16 else w.dtype.type
        g = g.astype(dt, copy=False)
        t = dt(self._t)
        one, floor = dt(1), dt(1e-30)
        lr = _relative_step_rate(t, self.warmup_init, dt) if self.relative_step else dt(lr)
        b = one - np.power(t, dt(-self.decay_rate))
        u = g * g + dt(self.eps[0])
        if w.ndim >= 2:
            row, col = self.exp_avg_sq_row[i]._data, self.exp_avg_sq_col[i]._data
            new_row = row.astype(dt) * b + u.mean(axis=-1) * (one - b)
            new_col = np.maximum(col.astype(dt) * b + u.mean(axis=-2) * (one - b), floor)
            row[...], col[...] = new_row, new_col
            row_factor = np.sqrt(new_row / np.maximum(new_row.mean(axis=-1, keepdims=True),
                                                      floor))
            denominator = row_factor[..., :, None] * np.sqrt(new_col)[..., None, :]
            update = g / np.maximum(denominator, floor)
        else:
            v = self.exp_avg_sq[i]._data
            new_v = np.maximum(v.astype(dt) * b + u * (one - b), floor)
            v[...] = new_v
            update = g / np.sqrt(new_v)
        if self.scale_parameter:
            lr = lr * max(dt(self.eps[1]), _rms(w.astype(dt)))
        update = update * (lr / max(_rms(update) / dt(self.clip_threshold), one))
        if self.use_first_moment:
            m = self.exp_avg[i]._data
            beta1 = dt(self.beta1)
            update = m.astype(dt) * beta1 + update * (one - beta1)
            m[...] = update
        if self.weight_decay:
            update = update + w.astype(dt) * dt(self.weight_decay) * lr
        w -= update.astype(w.dtype)


def _default_lars_filter(param):
    """LARS's default choice: every parameter but LayerNorm's and the biases."""
    return "LayerNorm" not in param.name and "bias" not in param.name


class LARS(Optimizer):
    """LARS (You et al., 2017): layer-wise adaptive rate scaling of another optimizer's gradients.

    ``LARS(optimizer)`` takes over ``optimizer``'s weight decay ``wd`` and loss
    scale: each gradient is divided by the loss scale and, for the parameters
    ``lars_filter`` picks (by default all but those whose name contains
    'LayerNorm' or 'bias'), replaced by
    ``(g + wd w) * coefficient ||w|| / (||g|| + wd ||w|| + epsilon)``, the
    norms over the whole parameter; with ``use_clip`` the ratio is divided by
    the parameter's learning rate and clipped to [0, 1].  The parameters not
    picked keep their gradient, without weight decay (the wrapped optimizer
    no longer applies it).  Then ``optimizer`` makes its update with these
    gradients, counting the steps in its ``global_step``.  The wrapped
    optimizer must be one that adds weight decay to the gradient: LARS
    refuses AdamWeightDecay and Lamb (which decay their update; MindSpore's
    LARS fails on them), AdaFactor and another LARS.

    MindSpore 2.10 deprecates LARS and has no CPU kernel of its
    ``LARSUpdate``; this is the rule of its documentation and Ascend kernel
    with MindSpore's own handling of everything around it.  As in MindSpore
    the Parameters listed are the wrapped optimizer's ``global_step``,
    LARS's own ``fake_lr`` and ``fake_param`` (zeros, the attributes
    ``learning_rate`` and ``fake_param``), then the wrapped optimizer's.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([3.0, -4.0]), name='w')
    >>> opt = nn.LARS(nn.SGD([w], learning_rate=1.0), coefficient=0.1)
    >>> _ = opt((ms.Tensor([0.6, 0.8]),))
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [2.7, -4.4]
    >>> [p.name for p in opt.get_parameters()]
    ['global_step', 'fake_lr', 'fake_param', 'w', 'learning_rate', 'momentum', 'accum.w', \
'stat.w']
    """

    def __init__(self, optimizer, epsilon=1e-05, coefficient=0.001, use_clip=False,
                 lars_filter=_default_lars_filter):
        Cell.__init__(self, auto_prefix=False)
        owner = "LARS"
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"For '{owner}', 'optimizer' must be an Optimizer (such as "
                            f"nn.Momentum), got {type(optimizer).__name__}")
        if "_weight_decays" in optimizer.__dict__ or isinstance(optimizer, (LARS, AdaFactor)):
            # (MindSpore 2.10's LARS fails on these too)
            raise TypeError(f"For '{owner}', 'optimizer' must add its weight decay to the "
                            f"gradient, which LARS takes over; {type(optimizer).__name__} "
                            f"cannot be wrapped")
        for name, value in (("epsilon", epsilon), ("coefficient", coefficient)):
            if not isinstance(value, float):
                raise TypeError(f"For '{owner}', '{name}' must be a float, got "
                                f"{type(value).__name__}")
        self.epsilon = _number(epsilon, "epsilon", owner)
        self.coefficient = _number(coefficient, "coefficient", owner)
        self.use_clip = _flag(use_clip, "use_clip", owner)
        if not callable(lars_filter):
            raise TypeError(f"For '{owner}', 'lars_filter' must be a function of a Parameter, "
                            f"got {type(lars_filter).__name__}")
        if use_clip and optimizer.is_group_lr and any(r.stored is None or r.stored.param.ndim
                                                       for r in optimizer._rates):
            raise ValueError(f"For '{owner}', with use_clip=True the learning rates cannot be "
                             "both per group and varying with the step")
        d = self.__dict__
        d["parameters"] = optimizer.parameters
        d["_parameters"] = optimizer.parameters
        d["_trained_names"] = optimizer._trained_names
        d["lars_flag"] = tuple(bool(lars_filter(p)) for p in optimizer.parameters)
        # LARS applies the weight decay and the loss scale in the wrapped optimizer's place
        inner = optimizer.__dict__
        d["_weight_decays"] = [decay / optimizer.loss_scale for decay in inner["_decays"]]
        d["loss_scale"] = optimizer.loss_scale
        d["is_group_lr"] = optimizer.is_group_lr
        inner["_decays"] = [0.0] * len(optimizer.parameters)
        inner["loss_scale"] = 1.0
        self._own(optimizer.global_step, "global_step")
        self._own(Parameter(Tensor(np.array(0.0, np.float32)), name="fake_lr",
                            requires_grad=False), "learning_rate")
        self._own(Parameter(Tensor(np.array(0.0, np.float32)), name="fake_param",
                            requires_grad=False), "fake_param")
        d["_leading"] = len(self._params)
        self.insert_child_to_cell("opt", optimizer)

    def get_lr(self):
        """The wrapped optimizer's learning rate of the next update."""
        return self.opt.get_lr()

    def get_lr_parameter(self, param):
        """The wrapped optimizer's learning rate of ``param`` (see ``Optimizer``)."""
        return self.opt.get_lr_parameter(param)

    def construct(self, gradients):
        """Scale ``gradients`` layer-wise and apply the wrapped optimizer with them."""
        grads = _gradient_arrays("LARS", gradients, self.parameters)
        opt = self.opt
        step = int(opt.global_step._data[0])
        adjusted = []
        for i, (p, g) in enumerate(zip(self.parameters, grads)):
            if self.loss_scale != 1.0:
                g = g * (1.0 / self.loss_scale)
            if self.lars_flag[i]:
                lr = (opt._rates[opt._rate_of[i]].at(step, opt.global_step) if self.use_clip
                      else None)
                g = self._layer_scaled(p._data, g, self._weight_decays[i], lr)
            adjusted.append(g)
        return opt(tuple(adjusted))

    def _layer_scaled(self, w, g, weight_decay, lr):
        dt = w.dtype.type
        w_norm = np.sqrt(np.sum(w * w))
        g_norm = np.sqrt(np.sum(g * g))
        wd = dt(weight_decay)
        ratio = dt(self.coefficient) * w_norm / (g_norm + wd * w_norm + dt(self.epsilon))
        if lr is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.clip(ratio / dt(lr), dt(0), dt(1))
        return (g + wd * w) * ratio
