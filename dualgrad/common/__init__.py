"""MindSpore's ``mindspore.common`` import paths: ``dtype``, ``initializer``, ``tensor``,
``parameter``, ``api``, and the names MindSpore has here (Tensor, Parameter, the dtypes,
the seeds, ``jit``).

Code written for MindSpore imports from here unchanged but for the package name::

    import dualgrad.common.dtype as mstype
    from dualgrad.common import set_seed
    from dualgrad.common.initializer import Normal, initializer
    from dualgrad.common.tensor import Tensor
    from dualgrad.common.parameter import Parameter, ParameterTuple
"""
from .. import Parameter, ParameterTuple, Tensor
from .._compat import jit, jit_class, mutable
from ..nn.initializers import get_seed, initial_seed, manual_seed, seed, set_seed
from . import api, dtype, initializer, parameter, tensor
from .dtype import (DType, bool_, byte, double, dtype_to_nptype, dtype_to_pytype, float16,
                    float32, float64, float_, half, int8, int16, int32, int64, int_, intc, intp,
                    long, pytype_to_dtype, short, single, ubyte, uint8)

__all__ = ["Tensor", "Parameter", "ParameterTuple", "dtype", "initializer", "DType",
           "bool_", "float16", "float32", "float64", "float_", "int8", "int16", "int32",
           "int64", "int_", "uint8", "half", "single", "double", "byte", "short", "intc",
           "long", "intp", "ubyte", "dtype_to_nptype", "dtype_to_pytype", "pytype_to_dtype",
           "set_seed", "get_seed", "manual_seed", "seed", "initial_seed", "jit", "jit_class",
           "mutable"]

# The dtype names that shadow Python's builtins, as MindSpore has them here, kept out of
# __all__ (see common.dtype).
from .dtype import bool, float, int  # noqa: E402,A004
