"""MindSpore's import path ``mindspore.ops.functional``, the functions of ``dualgrad.ops``::

    from dualgrad.ops import functional as F
    F.sin(x), F.stop_gradient(y), F.depend(y, side_effect)

The names are the same objects as ``ops.sin``, ``ops.stop_gradient``...
"""
import inspect as _inspect

from .. import ops as _ops

__all__ = sorted(name for name, value in vars(_ops).items()
                 if not name.startswith("_") and not _inspect.isclass(value)
                 and not _inspect.ismodule(value))
globals().update({name: getattr(_ops, name) for name in __all__})
