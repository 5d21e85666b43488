"""MindSpore's runtime settings, accepted so that MindSpore scripts run unchanged.

dualgrad has one execution mode (eager, like MindSpore's PyNative mode) and
runs on the CPU; these functions record what they are given and change nothing
else.  ``jit`` returns the function itself.
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


def jit(fn=None, **kwargs):
    """MindSpore's graph compilation decorator; dualgrad runs the function as written."""
    if fn is None:
        return lambda f: f
    return fn
