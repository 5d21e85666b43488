"""MindSpore's ``mindspore.common`` import paths: ``dtype``, ``initializer``, Tensor, Parameter.

Code written for MindSpore imports from here unchanged but for the package name::

    import dualgrad.common.dtype as mstype
    from dualgrad.common.initializer import Normal, initializer
"""
from .. import Parameter, ParameterTuple, Tensor
from . import dtype, initializer
from .dtype import (DType, bool_, float16, float32, float64, float_, int8, int16, int32,
                    int64, int_, uint8)

__all__ = ["Tensor", "Parameter", "ParameterTuple", "dtype", "initializer", "DType",
           "bool_", "float16", "float32", "float64", "float_", "int8", "int16", "int32",
           "int64", "int_", "uint8"]
