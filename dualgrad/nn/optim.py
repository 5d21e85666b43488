"""Optimizers: SGD, Momentum, Adam, with MindSpore's exact update rules.

``optimizer(grads)`` takes a tuple of gradients aligned with
``optimizer.parameters`` and updates the Parameters' arrays in place.  The
update is plain NumPy in each parameter's dtype (it is not traced), with the
state (moments, accumulators) kept as NumPy arrays.

As in MindSpore, before the update rule every gradient gets weight decay and
loss-scale correction: ``g = (g + weight_decay * loss_scale * w) / loss_scale``,
where weight decay skips parameters whose name contains 'beta' or 'gamma'.
``params`` may also be a list of groups ``{'params': [...], 'lr': ...,
'weight_decay': ...}``, where, as in MindSpore, no name is skipped: a group's
own weight decay (or else the default) applies to all its parameters; one
entry ``{'order_params': [...]}`` sets the order of ``optimizer.parameters``.

``learning_rate`` is a number, a list/1-D array/Tensor of per-step rates, or a
callable ``lr(step) -> float`` of the step number (0 for the first update).
"""
import math
import numbers

import numpy as np

from .._core import primal_value
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, value_of
from .cell import Cell

__all__ = ["Optimizer", "SGD", "Momentum", "Adam"]


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


class _Rate:
    """A learning rate: constant (a Parameter, so ``set_data`` changes it), list or callable."""

    def __init__(self, lr, owner):
        self.values = self.fn = self.param = self.value = None
        if isinstance(lr, Tensor) and lr.ndim == 0:
            lr = float(lr.asnumpy())
        if isinstance(lr, numbers.Real) and not isinstance(lr, bool):
            self.value = _number(lr, "learning_rate", owner, low=0.0)
            self.param = Parameter(Tensor(np.array(lr, np.float32)), name="learning_rate")
        elif isinstance(lr, (list, tuple, np.ndarray, Tensor)):
            values = np.asarray(primal_value(value_of(lr)) if isinstance(lr, Tensor) else lr,
                                dtype=np.float64)
            if values.ndim != 1 or values.size == 0:
                raise ValueError(f"For '{owner}', a learning_rate sequence must be 1-D and "
                                 f"non-empty, got shape {values.shape}")
            if not (values >= 0).all():
                raise ValueError(f"For '{owner}', learning rates must be >= 0 (and not nan)")
            self.values = values
        elif callable(lr):
            self.fn = lr
        else:
            raise TypeError(f"For '{owner}', learning_rate must be a float, a list of floats, "
                            f"a 1-D Tensor or a callable of the step, got {type(lr).__name__}")

    @property
    def public(self):
        """What ``optimizer.learning_rate`` shows (MindSpore: a Parameter for a constant)."""
        if self.param is not None:
            return self.param
        return self.fn if self.fn is not None else Tensor(self.values.astype(np.float32))

    def at(self, step):
        if self.param is not None:
            # The Parameter is float32 (as MindSpore's); float64 parameters get
            # the exact rate unless someone set_data'd a new one.
            stored = float(self.param._data)
            return self.value if stored == float(np.float32(self.value)) else stored
        if self.values is not None:
            if step >= len(self.values):
                raise ValueError(f"learning_rate: the list of {len(self.values)} rates has no "
                                 f"value for step {step} (steps count from 0)")
            return float(self.values[step])
        lr = self.fn(step)
        return float(primal_value(value_of(lr)) if isinstance(lr, Tensor) else lr)


class Optimizer(Cell):
    """Base class of optimizers: gradient preprocessing and bookkeeping.

    Subclasses implement ``_update(i, w, g, lr)``, updating the array ``w`` of
    parameter ``i`` in place from its preprocessed gradient ``g``.

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
        params, rates, decays = [], [], []
        default_rate = _Rate(learning_rate, owner)
        default_decay = _number(weight_decay, "weight_decay", owner, low=0.0)
        groups, grouped, order = self._groups(parameters, owner)
        for group in groups:
            rate = _Rate(group["lr"], owner) if "lr" in group else default_rate
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
        d = self.__dict__   # not registered as the Cell's own parameters
        d["parameters"] = ParameterTuple(params)
        d["_parameters"] = d["parameters"]
        d["_rates"] = rates
        d["_decays"] = decays
        d["loss_scale"] = loss_scale
        d["learning_rate"] = default_rate.public
        d["global_step"] = Parameter(Tensor(np.zeros(1, np.int32)), name="global_step")
        d["_step"] = 0

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
                groups.append(dict(g, params=list(g["params"])))
            if not groups:
                raise ValueError(f"For '{owner}', params must have a group with 'params'")
        else:
            groups = [{"params": items}]
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

    def get_lr(self):
        """The learning rate the next update will use (a Parameter for a constant rate).

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> nn.SGD([ms.Parameter(ms.Tensor([1.0]), name='w')], 0.5).get_lr()
        Parameter (name=learning_rate, shape=(), dtype=Float32, requires_grad=True)
        """
        rate = self._rates[0]
        if rate.param is not None:
            return rate.param
        return Tensor(np.array(rate.at(self._step), np.float32))

    def _gradients(self, gradients):
        owner = type(self).__name__
        params = self.parameters
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
            a = a.astype(w.dtype, copy=False)
            if self._decays[i]:
                a = a + self._decays[i] * w
            if self.loss_scale != 1.0:
                a = a * (1.0 / self.loss_scale)
            out.append(a)
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
        step = self._step
        self._begin_step()
        for i, (p, g) in enumerate(zip(self.parameters, grads)):
            self._update(i, p._data, g, self._rates[i].at(step))
        self.__dict__["_step"] = step + 1
        self.global_step._data += 1
        return (True,) * len(grads)

    def _begin_step(self):
        """Hook run once per update, before the parameters (Adam advances its beta powers)."""

    def _update(self, i, w, g, lr):
        raise NotImplementedError(f"{type(self).__name__} must implement "
                                  "_update(i, w, g, lr)")

    def _zeros(self):
        return [np.zeros_like(p._data) for p in self.parameters]


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, dampening and Nesterov.

    MindSpore's rule: with ``momentum > 0`` the first step sets the
    accumulator to the gradient, later ones ``a = momentum * a + (1 - dampening) * g``;
    then ``w -= lr * (g + momentum * a)`` with Nesterov, ``w -= lr * a`` without;
    with ``momentum == 0``, ``w -= lr * g``.

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
        self.momentum = _number(momentum, "momentum", "SGD", low=0.0)
        self.dampening = _number(dampening, "dampening", "SGD", low=0.0)
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', 'nesterov' must be a bool, got "
                            f"{type(nesterov).__name__}")
        if nesterov and (self.momentum <= 0.0 or self.dampening != 0.0):
            raise ValueError(f"For 'SGD', nesterov=True needs momentum > 0 and dampening 0, "
                             f"got momentum {self.momentum}, dampening {self.dampening}")
        self.nesterov = nesterov
        self.__dict__["accum"] = self._zeros()
        self.__dict__["_first"] = [True] * len(self.parameters)

    def _update(self, i, w, g, lr):
        if self.momentum > 0.0:
            a = self.accum[i]
            if self._first[i]:
                a[...] = g
                self._first[i] = False
            else:
                a *= self.momentum
                a += (1.0 - self.dampening) * g
            g = g + self.momentum * a if self.nesterov else a
        w -= lr * g


class Momentum(Optimizer):
    """Momentum SGD: ``v = momentum * v + g``; ``w -= lr * v``.

    With ``use_nesterov=True``: ``w -= lr * (g + momentum * v)`` (MindSpore's
    documented rule; note that MindSpore 2.10's CPU kernel ignores the flag).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> opt = nn.Momentum([w], learning_rate=0.1, momentum=0.9)
    >>> g = (ms.Tensor([0.5, -1.0]),)
    >>> _ = opt(g); _ = opt(g)
    >>> [round(v, 4) for v in w.asnumpy().tolist()]
    [0.855, -1.71]
    """

    def __init__(self, params, learning_rate, momentum, weight_decay=0.0, loss_scale=1.0,
                 use_nesterov=False):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        self.momentum = _number(momentum, "momentum", "Momentum", low=0.0)
        if not isinstance(use_nesterov, bool):
            raise TypeError(f"For 'Momentum', 'use_nesterov' must be a bool, got "
                            f"{type(use_nesterov).__name__}")
        self.use_nesterov = use_nesterov
        self.__dict__["moments"] = self._zeros()

    def _update(self, i, w, g, lr):
        v = self.moments[i]
        v *= self.momentum
        v += g
        if self.use_nesterov:
            w -= lr * (g + self.momentum * v)
        else:
            w -= lr * v


class Adam(Optimizer):
    """Adam with MindSpore's update (eps added to sqrt(v), bias correction in the rate).

    ``m = b1 m + (1 - b1) g``; ``v = b2 v + (1 - b2) g^2``;
    ``l = lr sqrt(1 - b2^t) / (1 - b1^t)``; ``w -= l m / (sqrt(v) + eps)``.
    ``use_nesterov`` uses ``b1 m + (1 - b1) g`` in place of ``m``;
    ``use_amsgrad`` divides by ``sqrt(max over steps of v) + eps``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> w = ms.Parameter(ms.Tensor([1.0, -2.0]), name='w')
    >>> _ = nn.Adam([w], learning_rate=0.1, eps=0.1)((ms.Tensor([0.5, -1.0]),))
    >>> [round(v, 5) for v in w.asnumpy().tolist()]
    [0.98635, -1.97597]
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                 use_locking=False, use_nesterov=False, weight_decay=0.0, loss_scale=1.0,
                 use_amsgrad=False, **kwargs):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        unknown = set(kwargs) - {"use_lazy", "use_offload"}
        if unknown:
            raise TypeError(f"For 'Adam', unexpected keyword argument(s) {sorted(unknown)}; "
                            "the extra ones accepted are 'use_lazy' and 'use_offload'")
        for name, flag in (("use_locking", use_locking), ("use_nesterov", use_nesterov),
                           ("use_amsgrad", use_amsgrad)) + tuple(kwargs.items()):
            if not isinstance(flag, bool):
                raise TypeError(f"For 'Adam', '{name}' must be a bool, got "
                                f"{type(flag).__name__}")
        if use_amsgrad and use_nesterov:
            raise ValueError("For 'Adam', use_amsgrad and use_nesterov cannot both be True")
        self.beta1 = _number(beta1, "beta1", "Adam", low=0.0, low_inclusive=False, high=1.0)
        self.beta2 = _number(beta2, "beta2", "Adam", low=0.0, low_inclusive=False, high=1.0)
        self.eps = _number(eps, "eps", "Adam", low=0.0, low_inclusive=False)
        self.use_nesterov = use_nesterov
        self.use_amsgrad = use_amsgrad
        self.use_locking = use_locking
        d = self.__dict__
        d["moment1"] = self._zeros()
        d["moment2"] = self._zeros()
        d["vhat"] = self._zeros() if use_amsgrad else None
        # beta1^t, beta2^t per parameter dtype: the update runs in the
        # parameter's precision (float32 reproduces MindSpore's kernel).
        d["_powers"] = {}
        d["beta1_power"] = d["beta2_power"] = 1.0

    def _begin_step(self):
        powers = self._powers
        for dt in {p._data.dtype.type for p in self.parameters}:
            b1p, b2p = powers.get(dt, (dt(1), dt(1)))
            powers[dt] = (b1p * dt(self.beta1), b2p * dt(self.beta2))
        self.__dict__["beta1_power"] = self.beta1_power * self.beta1
        self.__dict__["beta2_power"] = self.beta2_power * self.beta2

    def _update(self, i, w, g, lr):
        dt = w.dtype.type
        b1, b2 = dt(self.beta1), dt(self.beta2)
        one = dt(1)
        b1p, b2p = self._powers[dt]
        m, v = self.moment1[i], self.moment2[i]
        m *= b1
        m += (one - b1) * g
        v *= b2
        v += (one - b2) * (g * g)
        rate = dt(lr) * np.sqrt(one - b2p) / (one - b1p)
        if self.use_amsgrad:
            np.maximum(self.vhat[i], v, out=self.vhat[i])
            w -= rate * m / (np.sqrt(self.vhat[i]) + dt(self.eps))
        elif self.use_nesterov:
            w -= rate * (b1 * m + (one - b1) * g) / (np.sqrt(v) + dt(self.eps))
        else:
            w -= rate * m / (np.sqrt(v) + dt(self.eps))
