"""MindSpore's import path ``mindspore.ops.composite``, for the names of it dualgrad has::

    from dualgrad.ops import composite as C
    grad_all = C.GradOperation(get_all=True)

The names are the same objects as ``ops.GradOperation``, ``ops.matmul``...
"""
from . import (GradOperation, batch_dot, clip_by_global_norm, clip_by_value,  # noqa: F401
               count_nonzero, cummin, dot, matmul, mm, normal, ones_like, repeat_elements,
               repeat_interleave, tensor_dot, uniform, vecdot, zeros_like)

__all__ = ["GradOperation", "batch_dot", "clip_by_global_norm", "clip_by_value",
           "count_nonzero", "cummin", "dot", "matmul", "mm", "normal", "ones_like",
           "repeat_elements", "repeat_interleave", "tensor_dot", "uniform", "vecdot",
           "zeros_like"]
