"""MindSpore's ``mindspore.context`` module, for scripts that set their mode through it::

    from dualgrad import context
    context.set_context(mode=context.PYNATIVE_MODE, device_target="CPU")

The settings are ``dualgrad.set_context``'s: recorded and checked, with one
eager mode on the CPU (see ``dualgrad._compat``).
"""
from ._compat import GRAPH_MODE, PYNATIVE_MODE, get_context, set_context

__all__ = ["set_context", "get_context", "PYNATIVE_MODE", "GRAPH_MODE"]
