"""The dtype objects, at MindSpore's path ``mindspore.common.dtype`` (alias ``mindspore.dtype``).

>>> import dualgrad as ms
>>> import dualgrad.common.dtype as mstype
>>> mstype.float32 is ms.float32, mstype.double is ms.float64, ms.int is ms.int32
(True, True, True)
>>> print(mstype.float32)
Float32
"""
import builtins

import numpy as np

from .._dtypes import (DType, bool_, float16, float32, float64, float_, int8, int16, int32,
                       int64, int_, to_dtype, uint8)

# MindSpore's other names for the same types (``mindspore.int`` is int32, ``byte`` int8)
half = float16
single = float32
double = float64
byte = int8
short = int16
intc = int32
long = int64
intp = int64
ubyte = uint8

__all__ = ["DType", "bool_", "float16", "float32", "float64", "float_", "int8", "int16",
           "int32", "int64", "int_", "uint8", "half", "single", "double", "byte", "short",
           "intc", "long", "intp", "ubyte", "dtype_to_nptype", "dtype_to_pytype",
           "pytype_to_dtype"]


def dtype_to_nptype(type_):
    """The NumPy scalar type of a dtype: ``dtype_to_nptype(float32)`` is ``numpy.float32``."""
    return _strict_dtype(type_, "dtype_to_nptype").dtype.type


def dtype_to_pytype(type_):
    """The Python type of a dtype's values: float, int or bool."""
    kind = _strict_dtype(type_, "dtype_to_pytype").dtype.kind
    # (builtins: this module's own ``float``, ``int`` and ``bool`` are MindSpore's dtypes)
    return {"f": builtins.float, "i": builtins.int, "u": builtins.int, "b": builtins.bool}[kind]


def pytype_to_dtype(obj):
    """The dtype of a Python or NumPy type: float is float64, int int64, bool Bool (as in
    MindSpore; ``Tensor(1.0)`` is still float32, the dtype of a Python float *value*)."""
    if isinstance(obj, DType):
        return obj
    if obj is builtins.float:
        return float64
    if isinstance(obj, np.dtype) or (isinstance(obj, type)
                                     and issubclass(obj, (builtins.int, np.generic))):
        try:
            return to_dtype(np.dtype(obj))
        except TypeError as err:
            raise TypeError(f"pytype_to_dtype: {err}") from None
    raise TypeError(f"pytype_to_dtype: obj must be a Python or NumPy type such as int, float or "
                    f"numpy.float32, got {obj!r}")


def _strict_dtype(type_, owner):
    if not isinstance(type_, DType):
        raise TypeError(f"{owner}: type_ must be a dualgrad dtype (e.g. dualgrad.float32), got "
                        f"{type_!r}")
    return type_


# The names that shadow Python's builtins, as MindSpore has them, kept out of __all__ as
# MindSpore keeps them out of its own, so that ``import *`` leaves the builtins alone.
bool = bool_      # noqa: A001
int = int32       # noqa: A001
float = float32   # noqa: A001
