"""The dtype objects, at MindSpore's path ``mindspore.common.dtype`` (alias ``mindspore.dtype``).

>>> import dualgrad as ms
>>> import dualgrad.common.dtype as mstype
>>> mstype.float32 is ms.float32, mstype.double is ms.float64
(True, True)
>>> print(mstype.float32)
Float32
"""
from .._dtypes import (DType, bool_, float16, float32, float64, float_, int8, int16, int32,
                       int64, int_, uint8)

# MindSpore's other names for the same types
half = float16
single = float32
double = float64

__all__ = ["DType", "bool_", "float16", "float32", "float64", "float_", "int8", "int16",
           "int32", "int64", "int_", "uint8", "half", "single", "double"]
