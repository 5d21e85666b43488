"""MindSpore's import path ``mindspore.common.parameter``: ``Parameter`` and
``ParameterTuple``, the same classes as ``dualgrad.Parameter``."""
from .._parameter import Parameter, ParameterTuple

__all__ = ["Parameter", "ParameterTuple"]
