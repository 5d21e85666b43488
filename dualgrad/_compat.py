"""MindSpore's runtime settings and top-level helpers, so that MindSpore scripts run unchanged.

dualgrad has one execution mode (eager, like MindSpore's PyNative mode) and
runs on the CPU; these functions record what they are given and change nothing
else.  ``jit`` returns the function itself, ``jit_class`` the class and
``mutable`` its input (after the checks MindSpore makes), since there is no
graph to compile.
"""
PYNATIVE_MODE = 1
GRAPH_MODE = 0

_context = {"mode": PYNATIVE_MODE, "device_target": "CPU"}


def set_context(**kwargs):
    """Record MindSpore context settings (mode, device_target, ...); no effect here."""
    if "device_target" in kwargs and str(kwargs["device_target"]).upper() != "CPU":
        raise ValueError(f"device_target: dualgrad runs on the CPU, got "
                         f"{kwargs['device_target']!r}")
    if "mode" in kwargs and (isinstance(kwargs["mode"], bool)
                             or kwargs["mode"] not in (PYNATIVE_MODE, GRAPH_MODE)):
        raise ValueError(f"mode: expected PYNATIVE_MODE (1) or GRAPH_MODE (0), got "
                         f"{kwargs['mode']!r}")
    _context.update(kwargs)


def get_context(key):
    if key not in _context:
        raise ValueError(f"get_context: unknown key {key!r}; known: {sorted(_context)}")
    return _context[key]


def set_device(device_target, device_id=None):
    set_context(device_target=device_target)


def tensor(input_data=None, dtype=None, shape=None, init=None, const_arg=False, device=None):
    """MindSpore's ``tensor()`` function: a new Tensor, as ``Tensor(...)`` makes it
    (a Tensor given is copied). ``device`` may be None or "CPU".

    >>> import dualgrad as ms
    >>> ms.tensor([1.0, 2.0], ms.float64)
    Tensor(shape=[2], dtype=Float64, value= [ 1.00000000e+00,  2.00000000e+00])
    """
    from ._tensor import Tensor
    if device is not None and not isinstance(device, str):
        raise TypeError(f"tensor: device must be None or a str, got {type(device).__name__}")
    if device is not None and device.upper() != "CPU":
        raise ValueError(f"tensor: device must be None or 'CPU' (dualgrad runs on the CPU), "
                         f"got {device!r}")
    return Tensor(input_data, dtype, shape=shape, init=init, const_arg=const_arg)


def jit(fn=None, **kwargs):
    """MindSpore's graph compilation decorator; dualgrad runs the function as written."""
    if fn is None:
        return lambda f: f
    return fn


def jit_class(cls):
    """MindSpore's decorator for user classes used in compiled graphs: ``cls`` itself.

    >>> import dualgrad as ms
    >>> @ms.jit_class
    ... class Scale:
    ...     def __init__(self, k):
    ...         self.k = k
    >>> Scale(2).k
    2
    """
    from .nn.cell import Cell
    if not isinstance(cls, type):
        raise TypeError(f"jit_class: expected a class, got {cls!r}")
    if issubclass(cls, Cell):
        raise TypeError(f"jit_class: is for user classes, not for nn.Cell subclasses like "
                        f"{cls.__name__}")
    return cls


def mutable(input_data, dynamic_len=False):
    """MindSpore's marker of a graph input whose value may change between calls.
    dualgrad compiles nothing, so the data is returned as it is, once checked to
    be what MindSpore accepts: a bool, int, float or Tensor, or a tuple, list or
    dict of them (nested); ``dynamic_len`` only for a tuple or list.

    >>> import dualgrad as ms
    >>> ms.mutable((ms.Tensor([1.0]), 2.0))
    (Tensor(shape=[1], dtype=Float32, value= [ 1.00000000e+00]), 2.0)
    """
    from ._tensor import Tensor

    def check(value, seen):
        if isinstance(value, (bool, int, float, Tensor)):
            return
        if isinstance(value, (tuple, list, dict)):
            if id(value) in seen:
                raise TypeError("mutable: input_data refers to itself")
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                check(item, seen | {id(value)})
            return
        raise TypeError(f"mutable: input_data must be a bool, int, float or Tensor, or a "
                        f"tuple, list or dict of them, got {type(value).__name__}")
    check(input_data, frozenset())
    if not isinstance(dynamic_len, bool):
        raise TypeError(f"mutable: dynamic_len must be a bool, got {type(dynamic_len).__name__}")
    if dynamic_len and not isinstance(input_data, (tuple, list)):
        raise TypeError(f"mutable: dynamic_len=True needs a tuple or list, got "
                        f"{type(input_data).__name__}")
    return input_data
