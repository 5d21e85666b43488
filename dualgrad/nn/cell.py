"""Cell: the base class of layers and networks (MindSpore's ``nn.Cell``).

A Cell registers the Parameters and sub-Cells assigned to its attributes, in
assignment order, and names parameters as MindSpore does: a Cell's own
parameters first, then each sub-cell's, prefixed by the attribute path
(``'layers.0.weight'``).  As in MindSpore the names are written into the
Parameter objects when a sub-cell is attached, so ``param.name`` and the
``return_ids`` of a gradient agree with ``parameters_and_names()``.

A Cell with a ``bprop(self, *inputs, out, dout)`` method is differentiated by
that rule in every mode (see ``dualgrad._custom``): reverse mode calls it,
forward modes apply its transpose, second orders differentiate it, and
Parameters read inside ``construct`` get no gradient.  ``construct`` may
return a tuple of Tensors; ``out`` and ``dout`` are then tuples too.
"""
import inspect
from collections import OrderedDict

import numpy as np

from .. import _core
from .._custom import custom_vjp, hook_cotangents
from .._naming import renamed_call_error
from .._parameter import Parameter, ParameterTuple
from .._tensor import Tensor, input_value, value_of, wrap

__all__ = ["Cell", "HookHandle"]


class ParameterNameError(KeyError, ValueError):
    """A bad parameter name: a KeyError as in MindSpore, and a ValueError."""


class MissingConstructError(NotImplementedError, TypeError):
    """A Cell called without a construct method."""


def _addindent(text, spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


def _is_hand_made_box(x):
    """A Dual or HyperDual built by the user (not one a transform made)."""
    return (isinstance(x, (_core.Dual, _core.HyperDual))
            and (x.trace is _core._USER_FORWARD or x.trace is _core._USER_HYPER))


def _as_tensor(x):
    return wrap(x) if _is_hand_made_box(x) else x


def _unwrap_boxes(out):
    if isinstance(out, (tuple, list)):
        return type(out)(_unwrap_boxes(o) for o in out)
    if isinstance(out, Tensor) and _is_hand_made_box(value_of(out)):
        return value_of(out)
    return out


class HookHandle:
    """What registering a hook on a Cell returns: ``remove()`` unregisters it."""

    _last_id = 0

    def __init__(self, registry):
        HookHandle._last_id += 1
        self.handle_id = HookHandle._last_id
        self._registry = registry

    def remove(self):
        self._registry.pop(self.handle_id, None)


class _Hooks:
    """A Cell's hooks, in registration order (``prepend`` puts one first)."""

    def __init__(self):
        self.forward_pre = OrderedDict()     # id -> (hook_fn, with_kwargs)
        self.forward = OrderedDict()         # id -> (hook_fn, with_kwargs, always_call)
        self.backward_pre = OrderedDict()    # id -> hook_fn
        self.backward = OrderedDict()        # id -> hook_fn

    def __bool__(self):
        return bool(self.forward_pre or self.forward or self.backward_pre or self.backward)

    def add(self, registry, entry, prepend=False):
        handle = HookHandle(registry)
        registry[handle.handle_id] = entry
        if prepend:
            registry.move_to_end(handle.handle_id, last=False)
        return handle


_NO_HOOKS = _Hooks()


class _BackwardCall:
    """The gradients of one hooked call's outputs, kept for its backward hooks."""
    grad_output = None


def _as_args(result):
    """A forward pre-hook's new inputs: a tuple, or one value standing for (value,)."""
    return result if isinstance(result, tuple) else (result,)


def _grads(result, count, owner):
    """A backward hook's new gradients, as a tuple of ``count``."""
    result = result if isinstance(result, tuple) else (result,)
    if len(result) != count:
        raise ValueError(f"{owner}: a backward hook returned {len(result)} gradient(s) for "
                         f"{count}")
    return result


def _is_generated(param):
    """True for a Parameter still carrying its automatic name (``Parameter#3``)."""
    return param.name.startswith("Parameter#")


class Cell:
    """Base class of networks: subclass it, assign layers and Parameters, write ``construct``.

    Calling a cell calls ``construct``.  Parameters and sub-cells assigned as
    attributes are registered in assignment order; ``trainable_params()``
    lists the cell's own parameters first, then each sub-cell's.

    A subclass may define ``bprop(self, *inputs, out, dout)``, returning one
    gradient per input: the transposed Jacobian applied to ``dout``, which
    every mode then uses instead of differentiating ``construct`` (a tuple
    output makes ``out`` and ``dout`` tuples, zeros in ``dout`` for outputs
    that do not reach the result; a None gradient is zero).  Inputs given by
    keyword are passed to ``bprop`` in ``construct``'s order.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> class Net(nn.Cell):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.scale = ms.Parameter(ms.Tensor(np.ones(2, np.float32)), name='scale')
    ...         self.fc = nn.Dense(3, 2)
    ...     def construct(self, x):
    ...         return self.fc(x) * self.scale
    >>> [p.name for p in Net().trainable_params()]
    ['scale', 'fc.weight', 'fc.bias']
    """

    _has_bprop = False
    _hooks = None         # a _Hooks once a hook is registered
    _recompute = False    # set by recompute(): intermediate values recomputed in backward

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._has_bprop = callable(getattr(cls, "bprop", None))

    def __init__(self, auto_prefix=True, flags=None):
        d = self.__dict__
        # setdefault: a subclass may have assigned attributes before calling us.
        d.setdefault("_params", OrderedDict())
        d.setdefault("_cells", OrderedDict())
        d.setdefault("training", False)
        d.setdefault("requires_grad", False)
        d.setdefault("_param_prefix", "")
        if not isinstance(auto_prefix, (bool, np.bool_, int)):
            raise TypeError(f"{type(self).__name__}: auto_prefix must be a bool, got "
                            f"{type(auto_prefix).__name__}")
        d["_auto_prefix"] = bool(auto_prefix)
        if flags is not None and not isinstance(flags, dict):
            raise TypeError(f"{type(self).__name__}: flags must be a dict or None, got "
                            f"{type(flags).__name__}")
        if flags:
            d.update(flags)

    def _registries(self):
        d = self.__dict__
        if "_params" not in d:
            Cell.__init__(self, d.get("_auto_prefix", True))
        return d["_params"], d["_cells"]

    # ------------------------------------------------------------------ calling

    def construct(self, *args, **kwargs):
        """The computation; every Cell subclass overrides it.

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> class Double(nn.Cell):
        ...     def construct(self, x):
        ...         return 2 * x
        >>> Double()(ms.Tensor([1.5]))
        Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00])
        """
        raise MissingConstructError(f"{type(self).__name__}: a Cell subclass must define "
                                    "construct(self, *inputs)")

    def __call__(self, *args, **kwargs):
        boxes_in = (any(map(_is_hand_made_box, args))
                    or any(map(_is_hand_made_box, kwargs.values())))
        if boxes_in:
            # A hand-made Dual or HyperDual gives one out, as ops functions do;
            # construct sees it as a Tensor, like every value it computes from it.
            args = tuple(map(_as_tensor, args))
            kwargs = {k: _as_tensor(v) for k, v in kwargs.items()}
        if self._hooks or self._recompute:
            # (a recomputed cell without hooks goes this way too: _forward recomputes)
            out = self._call_with_hooks(args, kwargs)
        elif not self._has_bprop:
            try:
                out = self.construct(*args, **kwargs)
            except TypeError as error:
                renamed = self._construct_call_error(error)
                if renamed is None:
                    raise
                raise renamed from None
        else:
            out = self._forward(args, kwargs)
        return _unwrap_boxes(out) if boxes_in else out

    def _construct_call_error(self, error):
        """Python's TypeError for arguments ``construct`` does not take, raised
        at the call itself (not inside construct), naming this cell's class
        (an inherited construct would name the class that defined it, often
        a private base); None for any other error."""
        if error.__traceback__ is None or error.__traceback__.tb_next is not None:
            return None
        construct = self.construct
        try:
            parameters = list(inspect.signature(construct).parameters)
        except (TypeError, ValueError):
            parameters = None
        return renamed_call_error(error, construct, f"{type(self).__name__}.construct",
                                  parameters)

    def _forward(self, args, kwargs):
        if self._recompute and not self._has_bprop:
            from .._recompute import recompute_call
            return recompute_call(self, args, kwargs)
        if not self._has_bprop:
            return self.construct(*args, **kwargs)
        if kwargs:
            args = self._positional(args, kwargs)
        return custom_vjp(self.construct, self.bprop, *args, name=type(self).__name__)

    # ------------------------------------------------------------------ hooks

    def _hook_registry(self):
        if self.__dict__.get("_hooks") is None:
            self.__dict__["_hooks"] = _Hooks()
        return self.__dict__["_hooks"]

    @staticmethod
    def _check_hook(hook_fn, what):
        if not callable(hook_fn):
            raise TypeError(f"{what}: hook_fn must be callable, got {type(hook_fn).__name__}")

    def register_forward_pre_hook(self, hook_fn, *, prepend=False, with_kwargs=False):
        """Call ``hook_fn(cell, args)`` (``hook_fn(cell, args, kwargs)`` with
        ``with_kwargs``) before each call; a result other than None replaces the
        inputs (a tuple, or one value; with ``with_kwargs``, an (args, kwargs) pair).
        Returns a handle whose ``remove()`` unregisters the hook."""
        self._check_hook(hook_fn, "register_forward_pre_hook")
        hooks = self._hook_registry()
        return hooks.add(hooks.forward_pre, (hook_fn, bool(with_kwargs)), prepend)

    def register_forward_hook(self, hook_fn, *, prepend=False, with_kwargs=False,
                              always_call=False):
        """Call ``hook_fn(cell, args, output)`` (``hook_fn(cell, args, kwargs, output)``
        with ``with_kwargs``) after each call; a result other than None replaces the
        output. With ``always_call`` the hook also runs, with output None, when the
        call raises (the exception then goes on)."""
        self._check_hook(hook_fn, "register_forward_hook")
        hooks = self._hook_registry()
        return hooks.add(hooks.forward, (hook_fn, bool(with_kwargs), bool(always_call)),
                         prepend)

    def register_backward_pre_hook(self, hook_fn):
        """Call ``hook_fn(cell, grad_output)`` in each backward pass through the cell,
        ``grad_output`` a tuple of the gradients of its outputs; a result other than
        None replaces them (and so every gradient computed from them, the cell's
        Parameters' too). Forward mode is not hooked."""
        self._check_hook(hook_fn, "register_backward_pre_hook")
        hooks = self._hook_registry()
        return hooks.add(hooks.backward_pre, hook_fn)

    def register_backward_hook(self, hook_fn):
        """Call ``hook_fn(cell, grad_input, grad_output)`` in each backward pass
        through the cell: the gradients of its Tensor inputs and of its outputs, as
        tuples; a result other than None replaces ``grad_input``. Forward mode is not
        hooked."""
        self._check_hook(hook_fn, "register_backward_hook")
        hooks = self._hook_registry()
        return hooks.add(hooks.backward, hook_fn)

    def recompute(self, **kwargs):
        """Recompute this cell's intermediate values in the backward pass instead of
        keeping them (``dualgrad.recompute`` has the details); MindSpore's options
        tune its graph compiler and change nothing here."""
        self.__dict__["_recompute"] = True

    def _call_with_hooks(self, args, kwargs):
        hooks, owner = self._hooks or _NO_HOOKS, type(self).__name__
        for hook_fn, with_kwargs in list(hooks.forward_pre.values()):
            if with_kwargs:
                result = hook_fn(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2
                            and isinstance(result[1], dict)):
                        raise TypeError(f"{owner}: a forward pre-hook with with_kwargs must "
                                        f"return None or an (args, kwargs) pair, got "
                                        f"{type(result).__name__}")
                    args, kwargs = _as_args(result[0]), result[1]
            else:
                result = hook_fn(self, args)
                if result is not None:
                    args = _as_args(result)
        call = _BackwardCall()
        inputs = args
        if hooks.backward:
            # the Tensor inputs pass through a node whose cotangents go to the hooks
            positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
            hooked = hook_cotangents([args[i] for i in positions],
                                     lambda grads: self._backward_hooks(grads, call),
                                     f"{owner} backward hook")
            inputs = list(args)
            for i, t in zip(positions, hooked):
                inputs[i] = t
            inputs = tuple(inputs)
        try:
            out = self._forward(inputs, kwargs)
        except Exception:
            for hook_fn, with_kwargs, always_call in list(hooks.forward.values()):
                if always_call and with_kwargs:
                    hook_fn(self, args, kwargs, None)
                elif always_call:
                    hook_fn(self, args, None)
            raise
        if hooks.backward_pre or hooks.backward:
            several = isinstance(out, (tuple, list))
            outs = tuple(out) if several else (out,)
            if all(isinstance(o, Tensor) for o in outs):
                hooked = hook_cotangents(outs, lambda grads: self._backward_pre_hooks(grads, call),
                                         f"{owner} backward pre-hook")
                out = type(out)(hooked) if several else hooked[0]
        for hook_fn, with_kwargs, _ in list(hooks.forward.values()):
            result = hook_fn(self, args, kwargs, out) if with_kwargs else hook_fn(self, args, out)
            if result is not None:
                out = result
        return out

    def _backward_pre_hooks(self, grad_output, call):
        owner = type(self).__name__
        for hook_fn in list(self._hooks.backward_pre.values()):
            result = hook_fn(self, grad_output)
            if result is not None:
                grad_output = _grads(result, len(grad_output), owner)
        call.grad_output = grad_output
        return grad_output

    def _backward_hooks(self, grad_input, call):
        owner = type(self).__name__
        for hook_fn in list(self._hooks.backward.values()):
            result = hook_fn(self, grad_input, call.grad_output)
            if result is not None:
                grad_input = _grads(result, len(grad_input), owner)
        return grad_input

    def _input_value(self, x, name="x"):
        """The engine value of this cell's tensor input ``name`` (Tensors, arrays,
        numbers and nested lists of numbers); anything else is a TypeError naming
        the cell and ``name``."""
        return input_value(x, name, type(self).__name__)

    def _positional(self, args, kwargs):
        """construct's inputs in order, keyword ones included (a bprop takes them so)."""
        try:
            bound = inspect.signature(self.construct).bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{type(self).__name__}: {e}") from None
        if bound.kwargs:
            raise TypeError(f"{type(self).__name__}: a cell with bprop takes its inputs in "
                            f"construct's order; {sorted(bound.kwargs)} cannot be given "
                            "positionally (give the inputs before them)")
        return bound.args

    # ------------------------------------------------------------ registration

    def __setattr__(self, name, value):
        if isinstance(value, Parameter):
            self._set_parameter(name, value)
        elif isinstance(value, ParameterTuple):
            self._set_parameter_tuple(name, value)
        elif isinstance(value, Cell):
            self._set_cell(name, value)
        else:
            self._set_plain(name, value)

    def _set_parameter(self, name, param):
        _, cells = self._registries()
        if name in cells:
            del cells[name]
        self.__dict__.pop(name, None)
        self.insert_param_to_cell(name, param)

    def _set_parameter_tuple(self, name, value):
        self._registries()
        seen = set()
        for item in value:
            if id(item) in seen:
                continue
            seen.add(id(item))
            self.insert_param_to_cell(item.name, item, check_name_contain_dot=False)
        object.__setattr__(self, name, value)

    def _set_cell(self, name, cell):
        params, _ = self._registries()
        if name in params:
            del params[name]
        self.__dict__.pop(name, None)
        if self._auto_prefix:
            cell.update_parameters_name(name + ".")
        self.insert_child_to_cell(name, cell)

    def _set_plain(self, name, value):
        d = self.__dict__
        params = d.get("_params")
        if params is not None and name in params:
            if value is None:
                params[name] = None
                object.__setattr__(self, name, None)
                return
            if isinstance(value, Tensor):
                params[name].set_data(value)
                return
            raise TypeError(f"{type(self).__name__}.{name} is a Parameter; assign a Parameter, "
                            f"a Tensor (to set its data) or None, not a "
                            f"{type(value).__name__}")
        cells = d.get("_cells")
        if cells is not None and name in cells:
            if value is not None:
                raise TypeError(f"{type(self).__name__}.{name} is a sub-cell; assign a Cell or "
                                f"None, not a {type(value).__name__}")
            cells[name] = None
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        d = self.__dict__
        for registry in (d.get("_params"), d.get("_cells")):
            if registry is not None and name in registry:
                del registry[name]
        object.__delattr__(self, name)

    def insert_param_to_cell(self, param_name, param, check_name_contain_dot=True):
        """Register ``param`` under ``param_name`` (what assigning ``self.<name> = param`` does).

        A Parameter with an automatic name takes ``param_name`` as its name.

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> cell = nn.Cell()
        >>> cell.insert_param_to_cell('w', ms.Parameter(ms.Tensor([1.0])))
        >>> [name for name, _ in cell.parameters_and_names()]
        ['w']
        """
        params, cells = self._registries()
        if not isinstance(param_name, str) or not param_name:
            raise ParameterNameError(f"insert_param_to_cell: param_name must be a non-empty str, got "
                           f"{param_name!r}")
        if check_name_contain_dot and "." in param_name:
            raise ParameterNameError(f"insert_param_to_cell: param_name must not contain '.', got "
                           f"{param_name!r}")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"insert_param_to_cell: param must be a Parameter or None, got "
                            f"{type(param).__name__}")
        if param_name not in params and (param_name in cells or (
                param_name in self.__dict__ and check_name_contain_dot)):
            raise ParameterNameError(f"insert_param_to_cell: {type(self).__name__} already has an "
                           f"attribute {param_name!r} that is not a Parameter")
        if param is not None and _is_generated(param):
            param.name = param_name
            param._auto_named = False
        params[param_name] = param
        if check_name_contain_dot:
            object.__setattr__(self, param_name, param)

    def insert_child_to_cell(self, child_name, child_cell):
        """Register ``child_cell`` as the sub-cell ``child_name`` (names are not prefixed).

        >>> from dualgrad import nn
        >>> cell = nn.Cell()
        >>> cell.insert_child_to_cell('act', nn.ReLU())
        >>> cell
        Cell(
          (act): ReLU()
        )
        """
        params, cells = self._registries()
        if not isinstance(child_name, str):
            raise TypeError(f"insert_child_to_cell: child_name must be a str, got "
                            f"{type(child_name).__name__}")
        if not child_name or "." in child_name:
            raise KeyError(f"insert_child_to_cell: child_name must be non-empty without '.', "
                           f"got {child_name!r}")
        if child_cell is not None and not isinstance(child_cell, Cell):
            raise TypeError(f"insert_child_to_cell: child_cell must be a Cell or None, got "
                            f"{type(child_cell).__name__}")
        if child_name not in cells and (child_name in params or child_name in self.__dict__):
            raise KeyError(f"insert_child_to_cell: {type(self).__name__} already has an "
                           f"attribute {child_name!r} that is not a Cell")
        cells[child_name] = child_cell
        object.__setattr__(self, child_name, child_cell)

    def update_parameters_name(self, prefix="", recurse=True):
        """Rename every parameter to ``prefix`` + its path in this cell (MindSpore's rule).

        >>> from dualgrad import nn
        >>> d = nn.Dense(2, 1)
        >>> d.update_parameters_name('head.')
        >>> [p.name for p in d.get_parameters()]
        ['head.weight', 'head.bias']
        """
        if not isinstance(prefix, str):
            raise TypeError(f"prefix: expected a str, got {type(prefix).__name__}")
        # Cell's own listing: an optimizer's also shows the network's parameters it
        # trains, which keep the network's names.
        for name, param in Cell.parameters_and_names(self, expand=recurse):
            param.name = prefix + name
            param._auto_named = False
        for name, cell in self.cells_and_names():
            cell.__dict__["_param_prefix"] = prefix + (name + "." if name else "")

    # ---------------------------------------------------------------- queries

    def parameters_and_names(self, name_prefix="", expand=True):
        """Yield ``(name, parameter)``: own parameters first, then sub-cells' in order.

        >>> from dualgrad import nn
        >>> [n for n, _ in nn.SequentialCell(nn.Dense(2, 2), nn.ReLU()).parameters_and_names()]
        ['0.weight', '0.bias']
        """
        cells = self.cells_and_names(name_prefix=name_prefix) if expand \
            else [(name_prefix, self)]
        seen = set()
        for cell_name, cell in cells:
            for par_name, par in (cell.__dict__.get("_params") or {}).items():
                if par is None or id(par) in seen:
                    continue
                seen.add(id(par))
                yield (cell_name + "." + par_name if cell_name else par_name), par

    def cells_and_names(self, cells=None, name_prefix=""):
        """Yield ``(name, cell)`` for this cell and every sub-cell, depth first.

        >>> from dualgrad import nn
        >>> [(n, type(c).__name__) for n, c in nn.SequentialCell(nn.Dense(2, 2)).cells_and_names()]
        [('', 'SequentialCell'), ('0', 'Dense')]
        """
        seen = cells if cells is not None else set()
        if id(self) in seen:
            return
        seen.add(id(self))
        yield name_prefix, self
        for name, cell in (self.__dict__.get("_cells") or {}).items():
            if cell is not None:
                yield from cell.cells_and_names(seen, name_prefix + "." + name
                                                if name_prefix else name)

    def get_parameters(self, expand=True):
        """A generator of the parameters (of sub-cells too if ``expand``).

        >>> from dualgrad import nn
        >>> len(list(nn.Dense(2, 3).get_parameters()))
        2
        """
        for _, param in self.parameters_and_names(expand=expand):
            yield param

    def trainable_params(self, recurse=True):
        """The list of parameters with ``requires_grad=True``.

        >>> from dualgrad import nn
        >>> nn.Dense(3, 2).trainable_params()[0].shape
        (2, 3)
        """
        return [p for p in self.get_parameters(expand=recurse) if p.requires_grad]

    def untrainable_params(self, recurse=True):
        """The list of parameters with ``requires_grad=False``.

        >>> from dualgrad import nn
        >>> d = nn.Dense(3, 2); d.bias.requires_grad = False
        >>> [p.name for p in d.untrainable_params()]
        ['bias']
        """
        return [p for p in self.get_parameters(expand=recurse) if not p.requires_grad]

    def parameters_dict(self, recurse=True):
        """An OrderedDict from each parameter's name to the parameter.

        >>> from dualgrad import nn
        >>> list(nn.Dense(3, 2).parameters_dict())
        ['weight', 'bias']
        """
        return OrderedDict((p.name, p) for p in self.get_parameters(expand=recurse))

    def name_cells(self):
        """An OrderedDict of the immediate sub-cells by attribute name.

        >>> from dualgrad import nn
        >>> list(nn.SequentialCell(nn.Dense(2, 2), nn.ReLU()).name_cells())
        ['0', '1']
        """
        out, seen = OrderedDict(), set()
        for name, cell in (self.__dict__.get("_cells") or {}).items():
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out[name] = cell
        return out

    def apply(self, fn):
        """Call ``fn(cell)`` on every sub-cell, depth first, then on this cell; returns
        this cell (for initialising weights, say).

        >>> from dualgrad import nn
        >>> seen = []
        >>> _ = nn.SequentialCell(nn.Dense(2, 2), nn.ReLU()).apply(
        ...     lambda c: seen.append(type(c).__name__))
        >>> seen
        ['Dense', 'ReLU', 'SequentialCell']
        """
        if not callable(fn):
            raise TypeError(f"apply: fn must be callable, got {type(fn).__name__}")
        for cell in self.cells():
            cell.apply(fn)
        fn(self)
        return self

    def cells(self):
        """The immediate sub-cells.

        >>> from dualgrad import nn
        >>> len(nn.SequentialCell(nn.Dense(2, 2), nn.ReLU()).cells())
        2
        """
        return self.name_cells().values()

    # ------------------------------------------------------------------ modes

    def set_train(self, mode=True):
        """Set ``training`` on this cell and every sub-cell; returns the cell.

        >>> from dualgrad import nn
        >>> nn.Dense(2, 2).set_train().training
        True
        """
        for _, cell in self.cells_and_names():
            cell.__dict__["training"] = bool(mode)
        return self

    def set_grad(self, requires_grad=True):
        """Record that the cell will be differentiated (a no-op here: every cell can be).

        >>> from dualgrad import nn
        >>> nn.Dense(2, 2).set_grad().requires_grad
        True
        """
        self.__dict__["requires_grad"] = bool(requires_grad)
        return self

    # --------------------------------------------------------------- printing

    def extend_repr(self):
        """Extra text inside the cell's repr; override it to describe a layer.

        >>> from dualgrad import nn
        >>> nn.Dense(3, 2).extend_repr()
        'input_channels=3, output_channels=2, has_bias=True'
        """
        return ""

    def __repr__(self):
        extend = self.extend_repr()
        extra_lines = extend.split("\n") if extend else []
        child_lines = ["(" + key + "): " + _addindent(repr(cell), 2)
                       for key, cell in (self.__dict__.get("_cells") or {}).items()
                       if cell is not None]
        lines = extra_lines + child_lines
        main = type(self).__name__ + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __str__(self):
        return self.__repr__()
