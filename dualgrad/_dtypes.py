"""MindSpore-style dtype objects: ``dualgrad.float32`` prints as ``Float32``."""
import numpy as np


class DType:
    """A tensor element type; ``np.dtype(dualgrad.float32)`` is ``float32``."""

    __slots__ = ("name", "dtype", "_title")

    def __init__(self, name, title, np_dtype):
        self.name = name
        self._title = title
        self.dtype = np.dtype(np_dtype)

    def __str__(self):
        return self._title

    def __repr__(self):
        return f"dualgrad.{self.name}"

    def __eq__(self, other):
        return isinstance(other, DType) and other.dtype == self.dtype

    def __hash__(self):
        return hash(("dualgrad.DType", self.dtype.str))

    def __reduce__(self):
        return (to_dtype, (self.name,))


float16 = DType("float16", "Float16", np.float16)
float32 = DType("float32", "Float32", np.float32)
float64 = DType("float64", "Float64", np.float64)
int8 = DType("int8", "Int8", np.int8)
int16 = DType("int16", "Int16", np.int16)
int32 = DType("int32", "Int32", np.int32)
int64 = DType("int64", "Int64", np.int64)
uint8 = DType("uint8", "UInt8", np.uint8)
bool_ = DType("bool", "Bool", np.bool_)      # repr dualgrad.bool, as MindSpore's mindspore.bool
float_ = float32
int_ = int64

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, bool_)
_BY_NUMPY = {d.dtype: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
# A name means what the attribute of that name is (ms.float is float32, ms.int
# int32, as in MindSpore), not NumPy's reading of it (float64, int64).
_BY_NAME.update({"bool_": bool_, "float": float32, "int": int32, "double": float64,
                 "half": float16})


def to_dtype(x):
    """The DType for a DType, NumPy dtype or type, or a name ('float32')."""
    if isinstance(x, DType):
        return x
    if isinstance(x, str) and x in _BY_NAME:
        return _BY_NAME[x]
    try:
        if not isinstance(x, (str, type, np.dtype)):
            raise TypeError     # (np.dtype reads a tuple or a list as a record's fields)
        np_dtype = np.dtype(x)
    except (TypeError, ValueError):
        got = repr(x) if isinstance(x, (str, type, np.dtype)) else type(x).__name__
        raise TypeError(f"dtype: expected a dualgrad dtype (e.g. dualgrad.float32), a NumPy "
                        f"dtype or a dtype name, got {got}") from None
    if np_dtype not in _BY_NUMPY:
        raise TypeError(f"dtype: {np_dtype} is not supported; expected one of "
                        + ", ".join(d.name for d in ALL))
    return _BY_NUMPY[np_dtype]


def to_numpy_dtype(x):
    return to_dtype(x).dtype


def of_array(a):
    """The DType of a NumPy array (or anything with a NumPy dtype)."""
    return _BY_NUMPY.get(np.dtype(a.dtype)) or DType(str(a.dtype), str(a.dtype).title(), a.dtype)
