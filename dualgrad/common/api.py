"""MindSpore's import path ``mindspore.common.api``: ``jit`` and ``jit_class``, which
return what they mark (dualgrad compiles no graph; see ``dualgrad._compat``)."""
from .._compat import jit, jit_class

__all__ = ["jit", "jit_class"]
