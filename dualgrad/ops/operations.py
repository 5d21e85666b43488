"""MindSpore's import path ``mindspore.ops.operations``, the primitive classes::

    from dualgrad.ops import operations as P
    P.MatMul(transpose_b=True)(a, b), P.ReduceSum(keep_dims=True)(x, 1)

The names are the classes of ``dualgrad.ops.primitives`` (also ``ops.MatMul``...).
"""
from .primitives import *  # noqa: F401,F403  (this module is an import path)
from .primitives import __all__  # noqa: F401
