"""Tensor: the user-facing array, a thin wrapper over an ndarray or a traced box.

Under a transform a Tensor wraps a box (Var, Dual, HyperDual); operators
unwrap their operands, apply the engine's primitives and wrap the result, so a
user's MindSpore-style code is traced unchanged.  This layer is compiled so
that it adds little to the engine's per-operation cost.

Parameters read their value through a per-thread table of substitutions: a
transform differentiating with respect to weights substitutes boxes for them
in its own thread only, so concurrent gradients never see each other's boxes.
"""
cimport cython
from cpython.object cimport PyObject
cimport numpy as cnp

import re
import threading

import numpy as np

from ._core cimport Batched
from ._elementwise cimport UnaryPrimitive, BinaryPrimitive, too_large_int

from . import _dtypes
from ._core import OPERATORS, Box, primal_value, shape_of, strip

cnp.import_array()

cdef extern from "Python.h":
    Py_ssize_t Py_REFCNT(PyObject* o)
    ctypedef struct _TypeObject "PyTypeObject":
        PyObject* tp_dict
    void PyType_Modified(_TypeObject* t)

cdef object _local = threading.local()
cdef type _numpy_scalar = np.generic
# Operator implementations, installed by the package (primitives and the
# functions that normalise their arguments).
cdef dict _op = {}
# The hot arithmetic operators, called at C level.
cdef BinaryPrimitive _add, _sub, _mul, _div, _pow
cdef UnaryPrimitive _neg, _abs


def install(dict table):
    """Add operator implementations (and ``method:<name>`` Tensor methods)."""
    global _add, _sub, _mul, _div, _pow, _neg, _abs
    _op.update(table)
    for key, fn in table.items():
        if key.startswith("method:"):
            _install_method(key[len("method:"):], fn)
    if "add" in table:
        _add, _sub, _mul, _div, _pow = (table["add"], table["sub"], table["mul"],
                                        table["div"], table["pow"])
        _neg, _abs = table["neg"], table["abs"]


# ---------------------------------------------------------------------------
# Parameter substitution (per thread)

def substitute_parameters(dict mapping):
    """Make Parameters read boxed values in this thread; returns a restore token.

    ``mapping`` maps id(parameter) to the value to read.  Nested transforms
    stack: the newest substitution wins until ``restore_parameters``.
    """
    old = getattr(_local, "params", None)
    new = dict(old) if old else {}
    new.update(mapping)
    _local.params = new
    return old


def restore_parameters(token):
    _local.params = token


def plain_parameters():
    """Make Parameters read their own values in this thread; returns a restore token."""
    old = getattr(_local, "params", None)
    _local.params = None
    return old


cdef object parameter_value(Tensor p):
    table = getattr(_local, "params", None)
    if table:
        v = table.get(id(p))
        if v is not None:
            return v
    return p._data


# ---------------------------------------------------------------------------
# Wrapping and unwrapping

cpdef object value_of(object x):
    """The engine value of a Tensor (array or box); other objects pass through.

    NumPy scalars become Python numbers, so that they combine with a tensor
    without promoting its dtype (as MindSpore treats them).
    """
    if type(x) is Tensor:
        return (<Tensor>x)._data
    if type(x) is float or type(x) is int:
        return x
    if isinstance(x, Tensor):
        if (<Tensor>x)._param:
            return parameter_value(<Tensor>x)
        return (<Tensor>x)._data
    if isinstance(x, _numpy_scalar):
        return x.item()
    return x


cpdef Tensor wrap(object value):
    cdef Tensor t = Tensor.__new__(Tensor)
    t._data = value
    return t


def wrap_tree(x):
    """Wrap every array or box in a (nested) tuple/list/dict into a Tensor."""
    if isinstance(x, (np.ndarray, Box)):
        return wrap(x)
    if isinstance(x, tuple):
        return tuple(wrap_tree(v) for v in x)
    if isinstance(x, list):
        return [wrap_tree(v) for v in x]
    if isinstance(x, dict):
        return {k: wrap_tree(v) for k, v in x.items()}
    return x


def unwrap_tree(x):
    """Replace every Tensor in a (nested) tuple/list/dict by its engine value."""
    if isinstance(x, Tensor):
        return value_of(x)
    if isinstance(x, tuple):
        return tuple(unwrap_tree(v) for v in x)
    if isinstance(x, list):
        return [unwrap_tree(v) for v in x]
    if isinstance(x, dict):
        return {k: unwrap_tree(v) for k, v in x.items()}
    return x


cdef object _INFER_DEFAULT = object()


cdef object _supported_dtype(object dtype, str name="input_data"):
    """``dtype`` in native byte order, if a Tensor can hold it (MindSpore's types)."""
    if dtype.kind not in "biuf" or (dtype.kind == "f" and dtype.itemsize not in (2, 4, 8)):
        raise TypeError(f"{name}: dtype {dtype} is not supported (expected bool, an "
                        "integer type, float16, float32 or float64)")
    return dtype.newbyteorder("=")


def as_data(object input_data, object dtype=None):
    """Tensor(input_data, dtype)'s value, with MindSpore's dtype inference.

    Python floats (and lists of them) become float32, ints int64, bools bool;
    NumPy arrays and scalars keep their dtype.
    """
    if isinstance(input_data, Tensor):
        data = value_of(input_data)
        if (<Tensor>input_data)._param and cnp.PyArray_Check(data):
            data = data.copy()      # an optimizer updates a Parameter's array in place
    elif isinstance(input_data, Box):
        data = input_data
    elif isinstance(input_data, np.ndarray):
        # A copy, as MindSpore's constructor makes (Tensor.from_numpy shares):
        # a later change to the caller's array cannot reach a recorded value.
        data = np.array(input_data, dtype=_supported_dtype(input_data.dtype), copy=True)
    elif isinstance(input_data, np.generic):
        data = np.asarray(input_data, dtype=_supported_dtype(input_data.dtype))
    elif isinstance(input_data, (bool, int, float, list, tuple)):
        if isinstance(input_data, (list, tuple)) and any(
                isinstance(v, (Tensor, Box)) for v in input_data):
            return _op["stack"]([as_data(v, dtype) for v in input_data], 0)
        try:
            data = np.asarray(input_data)
        except ValueError as e:
            raise ValueError(f"input_data: a ragged nested sequence cannot be a Tensor ({e})") \
                from None
        if data.dtype.kind == "f":
            data = data.astype(np.float32)
        elif data.dtype.kind not in "biu":
            raise TypeError(f"input_data: expected numbers, got elements of type "
                            f"{data.dtype}")
    elif input_data is None:
        raise TypeError("input_data: expected an array, a number or a nested list of "
                        "numbers, got None")
    else:
        raise TypeError(f"input_data: expected a Tensor, NumPy array, number or nested "
                        f"list of numbers, got {type(input_data).__name__}")
    if not isinstance(data, Box) and data.dtype.kind not in "biuf":
        raise TypeError(f"input_data: dtype {data.dtype} is not supported")
    if dtype is not None:
        want = _dtypes.to_numpy_dtype(dtype)
        if np.result_type(primal_value(data)) != want:
            data = _op["cast"](data, want) if isinstance(data, Box) else data.astype(want)
    return data


# ---------------------------------------------------------------------------
# Tensor

cdef inline object _bin(str name, object a, object b):
    va, vb = value_of(a), value_of(b)
    if _int_array(va) or _int_array(vb):
        va, vb = _ms_promote(va, vb)
    try:
        return wrap(_op[name](va, vb))
    except OverflowError as e:
        raise too_large_int(name, e) from None


def apply_operator(str name, object a, object b):
    """The installed operator ``name`` (``floordiv``, ``mod``...) on two values: with a
    Tensor among them by MindSpore's dtype rules, a Tensor; else the engine's result."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return _bin(name, a, b)
    return _op[name](value_of(a), value_of(b))


cdef inline object _every_axis_if_empty(object axis):
    # (as dualgrad._structural.every_axis_if_empty, which this module cannot import)
    return None if isinstance(axis, (tuple, list)) and not axis else axis


cdef inline object _arith(BinaryPrimitive prim, object a, object b):
    va, vb = value_of(a), value_of(b)
    if _int_array(va) or _int_array(vb):
        va, vb = _ms_promote(va, vb)
    return wrap(prim.apply(va, vb))


# ---------------------------------------------------------------------------
# MindSpore's dtype rules for integer and bool tensors, where they differ from
# NumPy's: an integer meeting a float takes the float's dtype (float32 for a
# Python float), and the elementwise functions that keep integers integral
# (negation, abs, square, relu, sign, trunc; ops.round too) keep the integer dtype; the others
# compute integers in float32.  Engine values stay NumPy's: these rules apply
# to Tensors only.

cdef inline char _kind(object array):
    return (<cnp.ndarray>array).descr.kind


cdef inline bint _int_array(object v):
    if not cnp.PyArray_CheckExact(v):
        # Only vmap's boxes hold integers (a derivative box holds floats), and
        # each example's take these rules as one example's would.  (One type
        # test: this runs for both operands of every Tensor operator.)
        if type(v) is not Batched:
            return False
        v = primal_value(v)
        if not cnp.PyArray_CheckExact(v):
            return False
    cdef char kind = _kind(v)
    return kind == b"i" or kind == b"u" or kind == b"b"


cdef object _float_dtype(object v):
    """The dtype an integer operand takes next to ``v``, or None if v is not a float."""
    if type(v) is float:
        return np.dtype(np.float32)
    if isinstance(v, Box):
        v = primal_value(v)
    if isinstance(v, np.ndarray) and _kind(v) == b"f":
        return v.dtype
    return None


cdef inline object _astype(object v, object dtype):
    return _op["cast"](v, dtype) if isinstance(v, Box) else v.astype(dtype)


cdef tuple _ms_promote(object va, object vb):
    if _int_array(va):
        want = _float_dtype(vb)
        if want is not None:
            va = _astype(va, want)
    elif _int_array(vb):
        want = _float_dtype(va)
        if want is not None:
            vb = _astype(vb, want)
    return va, vb


cdef dict _INTEGRAL_UNARY = {
    "neg": np.negative, "abs": np.absolute, "square": np.square,
    "relu": lambda v: np.maximum(v, v.dtype.type(0)), "sign": np.sign,
    "trunc": np.copy,
}


# ... of which these keep Bool too (MindSpore refuses Bool for the others).
cdef frozenset _BOOL_KEEPING = frozenset(("abs", "relu", "trunc"))


cdef object _unary_on_int(UnaryPrimitive prim, object v):
    """``prim`` on an integer or bool array, by MindSpore's rules."""
    keep = _INTEGRAL_UNARY.get(prim.name)
    if keep is not None and (_kind(primal_value(v)) != b"b" or prim.name in _BOOL_KEEPING):
        if isinstance(v, Box):
            # under vmap: elementwise, so on every example at once
            return OPERATORS["batched_constant"](v, lambda a, k: np.asarray(keep(a)))
        return np.asarray(keep(v))      # (a 0-d input gives a NumPy scalar)
    return prim.apply(_astype(v, np.float32))


cdef bint _sole_owner(object data):
    """Whether ``data`` (read from a Tensor into one local) is referenced by that
    Tensor alone, owns its memory and may be written."""
    return (cnp.PyArray_CheckExact(data) and cnp.PyArray_BASE(<cnp.ndarray>data) == NULL
            and cnp.PyArray_ISWRITEABLE(<cnp.ndarray>data)
            and Py_REFCNT(<PyObject*>data) <= 2)     # the Tensor's reference and the caller's


cdef _refuse_if_mapped(Tensor t, str what):
    # Under vmap the value holds every example at once: reading it would mix
    # them (JAX refuses such a conversion too).
    if isinstance(strip(value_of(t)), Box):
        raise TypeError(f"vmap: this Tensor's values differ between the examples, so it "
                        f"cannot become {what} inside the mapped function (it would hold "
                        "every example at once); compute with ops functions and return it "
                        "from the function instead")


cdef _refuse_if_traced(Tensor t, str what):
    # float(t) and math.sin(t) would silently drop the derivatives a transform
    # is computing (item() and asnumpy() read the value on purpose).
    _refuse_if_mapped(t, what)
    if isinstance(value_of(t), Box):
        raise TypeError(f"a Tensor carrying derivatives (a transform's value) cannot become "
                        f"{what}: that would drop them; use ops functions on it, or item() / "
                        "ops.stop_gradient() to read its value on purpose")


cdef inline Tensor _unary(UnaryPrimitive prim, object v):
    if _int_array(v):
        return wrap(_unary_on_int(prim, v))
    return wrap(prim.apply(v))


cdef inline bint _is_int_like(object v):
    # (no box holds integers: a cast to them carries no derivative)
    return isinstance(v, int) or _int_array(v)      # (bool is an int)


cdef object _true_div(object a, object b):
    va, vb = value_of(a), value_of(b)
    if _int_array(va) or _int_array(vb):
        va, vb = _ms_promote(va, vb)
    out = _div.apply(va, vb)
    # MindSpore divides integers into float32 (NumPy would give float64).
    if _is_int_like(va) and _is_int_like(vb):
        out = _op["cast"](out, np.float32)
    return wrap(out)


cdef object _compare(object op, object a, object b):
    if not isinstance(b, (Tensor, Box, np.ndarray, np.generic, int, float, bool)):
        return False
    # strip: under vmap a comparison gives each example's booleans.
    va, vb = strip(value_of(a)), strip(value_of(b))
    for v in (va, vb):
        # (NumPy reads such an int as an object array, and compares objects)
        if type(v) is int and not -2 ** 63 <= <object>v < 2 ** 64:
            raise too_large_int(op.__name__, f"{v} is past int64's range")
    if isinstance(va, Box) or isinstance(vb, Box):
        return wrap(OPERATORS["batched_logic"](op.__name__, va, vb))
    try:
        return wrap(np.asarray(op(np.asarray(va), vb)))
    except OverflowError as e:
        raise too_large_int(op.__name__, e) from None
    except ValueError:
        raise ValueError(f"{op.__name__}: the operands' shapes {tuple(np.shape(va))} and "
                         f"{tuple(np.shape(vb))} do not broadcast to one shape") from None


def arg_index(v, arg, axis, keepdims, dtype=np.int64):
    """``arg`` (np.argmax or np.argmin) of the engine value ``v`` over ``axis``
    (None: the flattened value), as ``dtype``; under vmap each example's own."""
    def one(a, k):
        # k leading axes of ``a`` are the mapped axes of the vmaps around
        if a.ndim == k:
            # a 0-d value (axis 0 or -1 names it whole, as _normalize_axes has checked)
            return np.zeros(a.shape, dtype=dtype)
        if a.size == 0 and (axis is None or a.shape[axis % (a.ndim - k) + k] == 0):
            raise ValueError(f"{arg.__name__}: an empty tensor (shape {a.shape[k:]}) has no "
                             f"{arg.__name__[3:]}imum" + ("" if axis is None else
                                                       f" along axis {axis}"))
        if axis is None:
            idx = arg(a.reshape(a.shape[:k] + (-1,)), axis=k)
            if keepdims:
                idx = idx.reshape(idx.shape + (1,) * (a.ndim - k))
        else:
            at = axis % (a.ndim - k) + k
            idx = arg(a, axis=at)
            if keepdims:
                idx = np.expand_dims(idx, at)
        return np.asarray(idx, dtype=dtype)
    if isinstance(strip(v), Box):
        return OPERATORS["batched_constant"](v, one)
    return one(np.asarray(primal_value(v)), 0)


def predicate(object op, object a, object b):
    """A comparison or logical NumPy function on the primal values of two operands, as a
    Bool Tensor (a Python number stays weak: ``float32 == 0.1`` compares in float32)."""
    for name, v in (("input", a), ("other", b)):
        if (not isinstance(v, (Tensor, Box, np.ndarray, np.generic, int, float, bool))
                or (isinstance(v, np.ndarray) and v.dtype.kind not in "biuf")):
            raise TypeError(f"{op.__name__}: {name} must be a Tensor or a number, got "
                            f"{type(v).__name__}")
    return _compare(op, a, b)


def bitwise(str name, object op, object a, object b):
    """``op`` (np.bitwise_and...) on bool and integer operands, as ``&``, ``|``, ``^``."""
    out = _bitwise(name, op, a, b)
    if out is NotImplemented:
        raise TypeError(f"{name}: expected Tensors or numbers, got {type(a).__name__} and "
                        f"{type(b).__name__}")
    return out


cdef object _bitwise(str symbol, object op, object a, object b):
    """``a op b`` bitwise on bool and integer operands (logical on bools), MindSpore's
    ``&``, ``|`` and ``^``; NumPy's promotion gives MindSpore's dtypes."""
    operands = []
    for v in (a, b):
        if not isinstance(v, (Tensor, Box, np.ndarray, np.generic, int, float, bool)):
            return NotImplemented
        p = strip(value_of(v))
        dtype = np.result_type(primal_value(p))
        if dtype.kind not in "biu":
            raise TypeError(f"{symbol}: expected a bool or integer operand, got "
                            f"{dtype if not isinstance(p, float) else 'float'}")
        operands.append(p)
    if isinstance(operands[0], Box) or isinstance(operands[1], Box):
        # under vmap: each example's own
        return wrap(OPERATORS["batched_logic"](op.__name__, operands[0], operands[1]))
    return wrap(np.asarray(op(*operands)))


@cython.freelist(256)
cdef class Tensor:
    """An n-dimensional array that transforms can differentiate through.

    ``Tensor(input_data, dtype=None)``: Python floats become float32, ints
    int64, bools bool; NumPy arrays keep their dtype.

    >>> import dualgrad as ms
    >>> ms.Tensor([3.0])
    Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00])
    """
    cdef public object _data
    cdef public bint _param
    cdef public bint _shared      # made by from_numpy: writes reach the caller's array

    __array_ufunc__ = None       # NumPy defers to our reflected operators
    __array_priority__ = 1000

    def __init__(self, input_data=None, dtype=None, *, shape=None, init=None,
                 const_arg=False):
        if input_data is None and shape is not None:
            if init is None:
                raise TypeError("Tensor: give input_data, or shape together with init")
            from .nn.initializers import initialize
            self._data = initialize(init, tuple(shape),
                                    _dtypes.to_numpy_dtype(dtype or _dtypes.float32))
            return
        self._data = as_data(input_data, dtype)

    @staticmethod
    def from_numpy(array):
        """A Tensor sharing ``array``'s memory (``Tensor(array)`` copies it)."""
        if not isinstance(array, np.ndarray):
            raise TypeError(f"array: expected a NumPy array, got {type(array).__name__}")
        if _supported_dtype(array.dtype, "array") != array.dtype:
            raise TypeError(f"array: dtype {array.dtype} is not in native byte order")
        cdef Tensor t = wrap(array)
        t._shared = True
        return t

    def __dualgrad_value__(self):
        return value_of(self)

    # ----- attributes

    @property
    def shape(self):
        return tuple(shape_of(value_of(self)))

    @property
    def dtype(self):
        return _dtypes.of_array(np.asarray(primal_value(value_of(self))))

    @property
    def ndim(self):
        return len(shape_of(value_of(self)))

    @property
    def size(self):
        return int(np.prod(shape_of(value_of(self)), dtype=np.int64))

    @property
    def itemsize(self):
        return np.asarray(primal_value(value_of(self))).itemsize

    @property
    def nbytes(self):
        return self.size * self.itemsize

    @property
    def T(self):
        return wrap(_op["transpose"](value_of(self), None))

    @property
    def mT(self):
        nd = self.ndim
        if nd < 2:
            raise ValueError(f"mT: expected at least 2 dimensions, got {nd}")
        return wrap(_op["transpose"](value_of(self),
                                     tuple(range(nd - 2)) + (nd - 1, nd - 2)))

    def numel(self):
        return self.size

    nelement = numel

    def dim(self):
        return self.ndim

    ndimension = dim

    def is_contiguous(self):
        return True         # (its values are always read as one C-ordered array)

    def contiguous(self):
        return self

    def type(self):
        """The dtype's name, as MindSpore prints it ('Float32')."""
        return str(self.dtype)

    # ----- conversion

    def asnumpy(self):
        """The values as a NumPy array (the primal values under a derivative
        transform; refused under vmap for values that differ between the examples)."""
        _refuse_if_mapped(self, "a NumPy array")
        return np.asarray(primal_value(value_of(self)))

    numpy = asnumpy

    def __array__(self, dtype=None, copy=None):
        _refuse_if_traced(self, "a NumPy array")
        a = np.asarray(primal_value(value_of(self)))
        return a if dtype is None else a.astype(dtype)

    def item(self):
        _refuse_if_mapped(self, "a Python scalar")
        a = self.asnumpy()
        if a.size != 1:
            raise ValueError(f"item: only a one-element tensor can become a Python scalar, "
                             f"this one has {a.size} elements")
        return a.item()

    def tolist(self):
        _refuse_if_mapped(self, "a Python list")
        return self.asnumpy().tolist()

    def __float__(self):
        _refuse_if_traced(self, "a Python float")
        a = self.asnumpy()
        if a.size != 1:
            raise ValueError("Only one element tensors can be converted to Python scalars")
        return float(a.reshape(()))

    def __int__(self):
        _refuse_if_traced(self, "a Python int")
        a = self.asnumpy()
        if a.size != 1:
            raise ValueError("Only one element tensors can be converted to Python scalars")
        return int(a.reshape(()))

    def __index__(self):
        _refuse_if_mapped(self, "a Python int")
        a = self.asnumpy()
        if a.size != 1 or a.dtype.kind not in "biu":
            raise TypeError("only integer tensors with one element can be used as an index")
        return int(a.reshape(()))

    def __bool__(self):
        if isinstance(strip(value_of(self)), Box):
            bool(strip(value_of(self)))     # under vmap: refused, with the reason
        a = self.asnumpy()
        if a.size != 1:
            raise ValueError(f"The tensor should have only one element, but got {a.size}, "
                             "more than one element is ambiguous.")
        return bool(a.reshape(()))

    def __len__(self):
        s = shape_of(value_of(self))
        if not s:
            raise TypeError("len() of a 0-d tensor")
        return s[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __hash__(self):
        return id(self)

    def __repr__(self):
        if isinstance(strip(value_of(self)), Box):
            return self._mapped_repr()
        from ._printing import tensor_repr
        return tensor_repr(self.asnumpy())

    def __str__(self):
        if isinstance(strip(value_of(self)), Box):
            return self._mapped_repr()
        from ._printing import tensor_str
        return tensor_str(self.asnumpy())

    def _mapped_repr(self):
        # (printing inside vmap: one example's shape, and no values to mix)
        return (f"Tensor(shape={list(self.shape)}, dtype={self.dtype}, value=<mapped by vmap: "
                "differs between the examples>)")

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(self.item(), spec)

    def __copy__(self):
        return wrap(value_of(self))

    def __deepcopy__(self, memo):
        v = value_of(self)
        return wrap(v.copy() if isinstance(v, np.ndarray) else v)

    def __reduce__(self):
        return (Tensor, (self.asnumpy(),))

    def copy(self):
        """A Tensor of its own values (a transform's derivatives carry over)."""
        v = value_of(self)
        return wrap(v.copy() if cnp.PyArray_CheckExact(v) else v)

    def astype(self, dtype):
        return wrap(_op["cast"](value_of(self), _dtypes.to_numpy_dtype(dtype)))

    def to(self, dtype):
        return self.astype(dtype)

    def float(self):
        return self.astype(np.float32)

    def double(self):
        return self.astype(np.float64)

    def half(self):
        return self.astype(np.float16)

    def int(self):
        return self.astype(np.int32)

    def long(self):
        return self.astype(np.int64)

    def bool(self):
        return self.astype(np.bool_)

    # ----- arithmetic

    def __add__(self, other): return _arith(_add, self, other)
    def __radd__(self, other): return _arith(_add, other, self)
    def __sub__(self, other): return _arith(_sub, self, other)
    def __rsub__(self, other): return _arith(_sub, other, self)
    def __mul__(self, other): return _arith(_mul, self, other)
    def __rmul__(self, other): return _arith(_mul, other, self)
    def __truediv__(self, other): return _true_div(self, other)
    def __rtruediv__(self, other): return _true_div(other, self)
    def __pow__(self, other, mod): return _arith(_pow, self, other)
    def __rpow__(self, other, mod): return _arith(_pow, other, self)
    def __matmul__(self, other): return _bin("matmul", self, other)
    def __rmatmul__(self, other): return _bin("matmul", other, self)
    def __floordiv__(self, other): return _bin("floordiv", self, other)
    def __rfloordiv__(self, other): return _bin("floordiv", other, self)
    def __mod__(self, other): return _bin("mod", self, other)
    def __rmod__(self, other): return _bin("mod", other, self)
    def __neg__(self): return _unary(_neg, value_of(self))
    def __pos__(self): return self
    def __abs__(self): return _unary(_abs, value_of(self))

    # Comparisons and logic are not differentiable: they act on primal values
    # and give Bool tensors.
    def __lt__(self, other): return _compare(np.less, self, other)
    def __le__(self, other): return _compare(np.less_equal, self, other)
    def __gt__(self, other): return _compare(np.greater, self, other)
    def __ge__(self, other): return _compare(np.greater_equal, self, other)
    def __eq__(self, other): return _compare(np.equal, self, other)
    def __ne__(self, other): return _compare(np.not_equal, self, other)
    def __and__(self, other): return _bitwise("&", np.bitwise_and, self, other)
    def __rand__(self, other): return _bitwise("&", np.bitwise_and, other, self)
    def __or__(self, other): return _bitwise("|", np.bitwise_or, self, other)
    def __ror__(self, other): return _bitwise("|", np.bitwise_or, other, self)
    def __xor__(self, other): return _bitwise("^", np.bitwise_xor, self, other)
    def __rxor__(self, other): return _bitwise("^", np.bitwise_xor, other, self)
    def __invert__(self):
        a = self.asnumpy()
        if a.dtype.kind not in "biu":
            raise TypeError(f"~: expected a bool or integer Tensor, got {a.dtype} (for a "
                            "logical not of other values use ops.logical_not)")
        return wrap(np.logical_not(a) if a.dtype == np.bool_ else np.invert(a))

    # ----- indexing

    def __getitem__(self, index):
        return wrap(_op["getitem"](value_of(self), unwrap_tree(index)))

    def __setitem__(self, index, value):
        data = value_of(self)
        v = value_of(value)
        if isinstance(data, Box) or isinstance(v, Box):
            raise TypeError("Tensor item assignment cannot be differentiated; build the "
                            "value with ops.where or ops.concat instead")
        # Copy on write, unless this Tensor alone holds the array: a gradient
        # recorded earlier may hold it, or another array may view its memory.
        # A Parameter is written in place, as in MindSpore (its ``data`` view
        # sees the write, as writes through that view reach the Parameter).
        if not (self._shared or self._param or _sole_owner(data)):
            data = np.array(data)
        try:
            data[unwrap_tree(index)] = primal_value(v)
        except IndexError as e:
            from ._structural import InvalidIndexError
            raise InvalidIndexError(f"index {index!r} is invalid for shape {data.shape}: "
                                    f"{e}") from None
        self._data = data

    # ----- shape and reductions

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return wrap(_op["reshape"](value_of(self), shape))

    def view(self, *shape):
        return self.reshape(*shape)

    def flatten(self, order="C", *, start_dim=0, end_dim=-1):
        # (ops.flatten keeps the first axis by default, Tensor.flatten merges all)
        return _op["flatten"](self, order, start_dim=start_dim, end_dim=end_dim)

    def ravel(self):
        return self.reshape(-1)

    def transpose(self, *axes):
        if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
            # (None reverses the axes, as no axes do; a str or another single value
            # that holds no axes is refused by the op, which names it)
            if axes[0] is None:
                axes = ()
            elif hasattr(axes[0], "__iter__") and not isinstance(axes[0], str):
                axes = tuple(axes[0])
        return wrap(_op["transpose"](value_of(self), axes or None))

    def permute(self, *axes):
        return self.transpose(*axes)

    def expand_dims(self, axis):
        return wrap(_op["expand_dims"](value_of(self), axis))

    def unsqueeze(self, dim):
        return wrap(_op["expand_dims"](value_of(self), dim))

    def squeeze(self, axis=None):
        return wrap(_op["squeeze"](value_of(self), axis))

    def broadcast_to(self, shape):
        from ._structural import broadcast_shape_argument
        v = value_of(self)
        return wrap(_op["broadcast_to"](v, broadcast_shape_argument(shape, tuple(shape_of(v)))))

    def sum(self, axis=None, dtype=None, keepdims=False, initial=None, *, dim=None,
            keepdim=None):
        if dim is not None:
            axis = dim
        if keepdim is not None:
            keepdims = keepdim
        axis = _every_axis_if_empty(axis)
        v = value_of(self)
        if dtype is not None:
            v = _op["cast"](v, _dtypes.to_numpy_dtype(dtype))
        elif np.result_type(primal_value(v)).kind in "biu":
            v = _op["cast"](v, np.int64)    # MindSpore sums integers in Int64
        out = _op["sum"](v, axis, keepdims)
        if initial is not None:
            out = _op["add"](out, initial)
        return wrap(out)

    def mean(self, axis=None, keep_dims=False, *, keepdims=None, dim=None, keepdim=None):
        if dim is not None:
            axis = dim
        if keepdims is not None:
            keep_dims = keepdims
        if keepdim is not None:
            keep_dims = keepdim
        return wrap(_op["tensor_mean"](value_of(self), _every_axis_if_empty(axis), keep_dims))

    def max(self, *args, axis=None, keepdims=False, dim=None, keepdim=False, initial=None,
            where=None, return_indices=False):
        return self._extremum("max", args, axis, keepdims, dim, keepdim, return_indices,
                              initial, where)

    def min(self, *args, axis=None, keepdims=False, dim=None, keepdim=False, initial=None,
            where=None, return_indices=False):
        return self._extremum("min", args, axis, keepdims, dim, keepdim, return_indices,
                              initial, where)

    def _extremum(self, name, args, axis, keepdims, dim, keepdim, return_indices,
                  initial=None, where=None):
        # MindSpore's two forms: max(dim[, keepdim]) returns (values, indices);
        # max(axis=..., keepdims=...) returns the values, and so does max(axis, initial=...)
        if args and (initial is not None or where is not None):
            axis = args[0]
            if len(args) > 1:
                keepdims = args[1]
        elif args:
            dim = args[0]
            if len(args) > 1:
                keepdim = args[1]
        v = value_of(self)
        if dim is not None:
            values = _op[name](v, dim, keepdim, "first")
            arg = np.argmax if name == "max" else np.argmin
            return wrap(values), wrap(arg_index(v, arg, dim, keepdim))
        # MindSpore's ArgMaxWithValue (one axis) gives the gradient to the first of
        # tied elements, its ReduceMax (all axes, or a tuple of them) splits it.
        axis = _every_axis_if_empty(axis)
        if initial is not None or where is not None:
            # NumPy's (and MindSpore's) initial: the result is at least (at most) it,
            # and where no element is selected by ``where``, it
            from . import _functions
            if initial is None:
                raise ValueError(f"{name}: where needs initial, the value of the result where "
                                 "it selects no element")
            if return_indices:
                raise ValueError(f"{name}: return_indices cannot go with initial or where")
            initial = value_of(initial)
            if where is not None:
                mask = np.asarray(primal_value(value_of(where)))
                if mask.dtype != np.bool_:
                    raise TypeError(f"{name}: where must be a bool Tensor, got dtype "
                                    f"{mask.dtype}")
                v = _functions.tensor_where(mask, v, initial)
            out = _op[name](v, axis, keepdims, "split")
            bound = _functions.maximum if name == "max" else _functions.minimum
            return wrap(bound(out, initial))
        out = _op[name](v, axis, keepdims,
                        "first" if isinstance(axis, (int, np.integer)) else "split")
        if return_indices:
            arg = np.argmax if name == "max" else np.argmin
            return wrap(out), wrap(arg_index(v, arg, axis, False))
        return wrap(out)

    def argmax(self, axis=None, keepdims=False):
        return _op["argmax"](self, axis, keepdims)

    def argmin(self, axis=None, keepdims=False):
        return _op["argmin"](self, axis, keepdims)

    def all(self, axis=None, keep_dims=False):
        return _op["all"](self, axis, keep_dims)

    def any(self, axis=None, keep_dims=False):
        return _op["any"](self, axis, keep_dims)

    def __getattr__(self, name):
        # Called only when the lookup failed, to name the class as its users know
        # it: Python's own message names a compiled class by its module path
        # ('dualgrad._tensor.Tensor').  (It costs each method call about 40 ns:
        # Python binds a method per call on a class with __getattr__.)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


# ---------------------------------------------------------------------------
# Functions of dualgrad.ops as Tensor methods: t.sin(), t.exp(), t.std()...
#
# Each is a real method in the class's dictionary, set once at import, so that
# a call costs about what the function call costs (x.sin() 170 ns against 140
# for ops.sin(x), on two elements); found per call by __getattr__, which built
# a bound lambda, it took 840.  Python refuses to set attributes of a compiled
# class, so its dictionary is written directly and its attribute cache
# invalidated, as Cython does for the methods it compiles.  Methods written in
# the class win.

cdef set _installed_methods = set()


cdef void _install_method(str name, object fn) except *:
    cdef _TypeObject* t = <_TypeObject*>Tensor
    cdef dict namespace = <dict><object>t.tp_dict
    if name in namespace and name not in _installed_methods:
        return
    namespace[name] = _as_method(fn, name)
    _installed_methods.add(name)
    PyType_Modified(t)


cdef object _as_method(object fn, str name):
    """``fn(self, ...)`` as a method; a table primitive's calls it directly."""
    cdef UnaryPrimitive unary
    cdef BinaryPrimitive binary
    # (other arguments go to fn, whose errors name the function and its parameters)
    if type(fn) is UnaryTensorFunction:
        unary = (<UnaryTensorFunction>fn).prim

        def method(self, *args, **kwargs):
            if args or kwargs:
                return fn(self, *args, **kwargs)
            return _unary(unary, value_of(self))
    elif type(fn) is BinaryTensorFunction:
        binary = (<BinaryTensorFunction>fn).prim

        def method(self, *args, **kwargs):
            if len(args) != 1 or kwargs:
                return fn(self, *args, **kwargs)
            return _binary_call(binary, self, args[0])
    else:
        def method(self, *args, **kwargs):
            return fn(self, *args, **kwargs)
    method.__name__ = name
    method.__qualname__ = "Tensor." + name
    method.__doc__ = getattr(fn, "__doc__", None)
    return method


# ---------------------------------------------------------------------------
# Lifting engine functions to Tensor functions

def _positional_signature(*names):
    """What ``inspect.signature`` reports for a compiled function of ``names``
    (it cannot read the parameters of a cdef class's ``__call__``)."""
    import inspect
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature([inspect.Parameter(name, kind) for name in names])


cdef object _NOT_GIVEN = object()


cdef inline object _argument_value(object a, bint *tensors):
    """The engine value of an argument (of the Tensors in a tuple or list); sets
    ``tensors[0]`` when it holds a Tensor.  One type test for a Tensor: this
    runs for every argument of every ops call."""
    if isinstance(a, Tensor):
        tensors[0] = True
        return value_of(a)
    if isinstance(a, (tuple, list)):
        if not tensors[0]:
            tensors[0] = any(isinstance(v, Tensor) for v in a)
        return unwrap_tree(a)
    return value_of(a)


cdef inline bint _junk_dtype(object array):
    """A dtype no dualgrad function computes with: complex, object, strings, void,
    dates and time spans."""
    cdef char kind = (<cnp.ndarray>array).descr.kind
    return (kind == b"c" or kind == b"O" or kind == b"U" or kind == b"S" or kind == b"V"
            or kind == b"M" or kind == b"m")


# The heads of the messages of the checkers shared by many functions, which
# name the argument but not the function.
cdef frozenset _GENERIC_HEADS = frozenset(["axis", "dtype", "input_data", "shape", "dim"])


# The required parameters that hold the arrays a function computes with.  A
# function's own check of one's shape or rank misdescribes a None or a string
# given there, which reads as a 0-d array; the refusal of that argument is the
# error to give.  (Not axis, shape, dtype, equation, or weight and bias, which
# may be None: a None or a string can be right there, and their checks name
# them.)
cdef frozenset _OPERAND_PARAMETERS = frozenset([
    "input", "x", "input_x", "inputs", "other", "y", "x1", "x2", "input1", "input2",
    "target", "targets", "logits", "labels", "anchor", "positive", "negative", "a", "b",
    "A", "tensor", "tensor1", "tensor2", "mat", "mat1", "mat2", "vec", "vec1",
    "vec2", "batch1", "batch2", "matrix", "rhs", "src", "updates", "var",
    "exponent", "condition", "mask", "sorted_sequence", "LU_data", "input_params"])


cdef bint _own_message(object error):
    """Whether an error's message is dualgrad's ("name: ...", "For 'Name', ..."),
    not NumPy's or Python's."""
    text = str(error)
    head, sep, _ = text.partition(": ")
    return (bool(sep) and head.replace(".", "").replace("_", "").isalnum()
            and not head.startswith("ufunc")) or text.startswith("For '")


# The elementwise ops' refusal of an operand (_elementwise.pyx.tp, operand_error).
_INNER_OPERAND = re.compile(r"^\w+: expected real numbers, got an operand of type (\w+) "
                            r"\(dtype ([^)]+)\)$")
# Any inner function's refusal of a value that is no array of real numbers
# (elementwise binary and unary ops, where, and every lifted function's own).
_INNER_REFUSAL = re.compile(r"^(\w+): (expected real numbers, got an operand|"
                            r"expected a real-valued array|\w+ must be numbers, got|"
                            r"\w+ must be a Tensor or an array of real numbers, got)")
_REFUSED_DTYPE = re.compile(r"dtype ([\w<>|\[\]]+)")
_NAMED_REFUSAL = re.compile(r"^\w+: (\w+) must be a Tensor or an array of real numbers, got")


cdef inline bint _junk_operand(object value):
    """An engine value no function computes with: an array of a junk dtype, or a
    complex number (NumPy's complex scalars arrive as Python's; cast to a real
    dtype, NumPy would drop the imaginary part with only a warning)."""
    if cnp.PyArray_Check(value):
        return _junk_dtype(value)
    return type(value) is complex


cdef bint _junk_array(object v):
    return ((cnp.PyArray_Check(v) and _junk_dtype(v))
            or (isinstance(v, (tuple, list)) and _ragged(v)))


cdef bint _arithmetic_error(object error):
    """NumPy's or Python's error of arithmetic on an operand that is no number."""
    text = str(error)
    return (type(error).__name__ in ("UFuncTypeError", "_UFuncNoLoopError",
                                     "DTypePromotionError", "_UFuncBinaryResolutionError")
            or text.startswith(("ufunc ", "unsupported operand type", "bad operand type"))
            or "not supported between instances of" in text)


cdef bint _ragged(object v):
    """Whether a nested list of numbers has rows of different lengths."""
    if any(isinstance(item, (Tensor, np.ndarray, Box)) for item in v):
        return False
    try:
        np.shape(v)
    except ValueError:
        return True
    return False


cdef bint _junk_value(object v):
    if isinstance(v, Tensor):
        return False
    if cnp.PyArray_Check(v):
        return _junk_dtype(v)
    if isinstance(v, (tuple, list)):
        return _ragged(v) or any(_junk_value(item) for item in v)
    if v is None or isinstance(v, (str, bytes, dict, complex, np.complexfloating)):
        return True
    return type(v) is int and not -2 ** 63 <= v < 2 ** 64


cdef str _describe_junk(object v):
    if cnp.PyArray_Check(v):
        return f"an array of dtype {(<cnp.ndarray>v).dtype}"
    if type(v) is int:
        return f"the int {v}, too large for int64"
    if isinstance(v, (tuple, list)):
        if _ragged(v):
            return f"a ragged nested {type(v).__name__} (rows of different lengths)"
        return f"a {type(v).__name__} holding {next(_describe_junk(i) for i in v if _junk_value(i))}"
    return f"{type(v).__name__} {v!r}"[:80]


cdef object _operand_error(object v, str name, str owner):
    """The error for ``v`` given as ``owner``'s argument ``name``, where an array of
    real numbers belongs: a ValueError for a ragged nested list, else a TypeError."""
    what = _describe_junk(v) if _junk_value(v) else f"{type(v).__name__} {v!r}"[:80]
    kind = ValueError if what.startswith("a ragged") else TypeError
    return kind(f"{owner}: {name} must be a Tensor or an array of real numbers, got {what}")


def check_operands(str owner, **operands):
    """Refuse an operand of an engine function that is no array of real numbers
    (None, a string, a dict, a complex number, a ragged list, an array of strings
    or objects) before a check of its shape could misdescribe it: a string or
    None reads as a 0-d array.  Keyword names are the ones the error gives."""
    for name, v in operands.items():
        if _junk_value(v):
            raise _operand_error(v, name, owner)


def input_value(object x, str name, str owner):
    """The engine value of a cell's tensor input ``name``: a Tensor's value, or an
    array, number or nested list of numbers converted as ``Tensor(x)`` converts
    it.  Anything else is the error an ops function gives for it, naming
    ``owner`` and ``name`` (not the Tensor constructor's ``input_data``), before
    any check of its shape could misdescribe it."""
    if isinstance(x, Tensor):
        return value_of(x)
    if isinstance(x, Box):
        return x
    try:
        return as_data(x)
    except (TypeError, ValueError):
        raise _operand_error(x, name, owner) from None


@cython.final
cdef class TensorFunction:
    """A function on engine values, lifted to Tensors.

    With any Tensor argument the result is wrapped into Tensors; with only
    plain arrays, Duals or HyperDuals it is returned as the engine made it,
    so ``ops.sin(HyperDual(...))`` is a HyperDual.

    ``names`` maps the parameter names callers use (MindSpore's) to ``fn``'s
    own, in order; ``fn``'s parameters not among them (an engine-internal
    ``nb``) are hidden.  Keywords by ``fn``'s own names still run (calls
    written for dualgrad's older names).  Only keyword calls pay for the
    translation.

    With ``on_tensors``, ``fn`` is a function of Tensors, written with ops
    whose Tensor dtype rules it keeps (an int32 Tensor times a float is
    float32, where NumPy's arrays give float64): it gets the arguments as
    given, and only the argument checks and the naming of errors are added.
    """
    cdef object fn
    cdef dict names
    cdef bint on_tensors
    cdef Py_ssize_t positional      # how many public parameters take a positional argument
    cdef readonly str __name__
    cdef public str __doc__

    def __init__(self, fn, name, doc=None, names=None, on_tensors=False):
        self.fn = fn
        self.__name__ = name
        self.__doc__ = doc
        self.names = dict(names) if names is not None else None
        self.on_tensors = on_tensors
        self.positional = -1

    def __call__(self, *args, **kwargs):
        cdef bint tensors = False
        cdef Py_ssize_t n = len(args), i
        cdef dict given = kwargs
        if self.names is not None and n > self._public_positional():
            # (else the extra arguments would fill the hidden parameters)
            raise TypeError(f"{self.__name__}() takes at most {self.positional} positional "
                            f"arguments ({', '.join(list(self.names)[:self.positional])}), "
                            f"got {n}")
        # (the loop below puts engine values into kwargs: on_tensors keeps the Tensors)
        cdef dict as_given = dict(kwargs) if self.on_tensors and kwargs else kwargs
        values = [None] * n
        for i in range(n):
            values[i] = _argument_value(args[i], &tensors)
            if _junk_operand(values[i]):
                raise self._junk_argument(args, given)
        if kwargs:
            if self.names is not None:
                kwargs = self._own_names(kwargs)
            for k in list(kwargs):
                kwargs[k] = _argument_value(kwargs[k], &tensors)
                if _junk_operand(kwargs[k]):
                    raise self._junk_argument(args, given)
        try:
            out = self.fn(*args, **as_given) if self.on_tensors else self.fn(*values, **kwargs)
        except (TypeError, ValueError, AttributeError) as e:
            if type(e) is TypeError:
                renamed = self._call_error_by_name(e)
                if renamed is not None:
                    raise renamed from None
            # NumPy's or Python's own wording (a ufunc with no loop for a string,
            # None < 0.5, a ragged list), from an argument that is no array of
            # numbers: the error names the function and that argument instead.
            if _own_message(e):
                # (a TypeError of the function's own names the argument already)
                error = ((self._junk_operand(args, given) if type(e) is ValueError else None)
                         or self._with_name(e) or self._inner_operand(args, given, str(e)))
                if error is not None:
                    raise error from None
            else:
                error = self._junk_argument(args, given, False, _arithmetic_error(e))
                if error is None and isinstance(e, ValueError):
                    error = (self._array_for_a_value(args, given, str(e))
                             or self._no_broadcast(args, given, str(e)))
                if error is None and isinstance(e, TypeError):
                    error = self._sequence_as_dtype(args, given, str(e))
                if error is not None:
                    raise error from None
            raise
        # An argument NumPy reads as objects or strings (None, a dict, a string,
        # an int past int64 where an array belongs) made an array of no numbers.
        if cnp.PyArray_Check(out):
            if _junk_dtype(out):
                raise self._junk_argument(args, given)
        elif type(out) is tuple:
            for v in <tuple>out:
                if cnp.PyArray_Check(v) and _junk_dtype(v):
                    raise self._junk_argument(args, given)
        elif out is None or type(out) is str or type(out) is dict or type(out) is int:
            # (an input returned as it came: squeeze(None), clamp(None))
            if args and _junk_value(args[0]):
                raise self._junk_argument(args, given)
        return wrap_tree(out) if tensors and not self.on_tensors else out

    def _junk_operand(self, tuple args, dict kwargs):
        """The error naming a required array parameter given no array of real
        numbers (None, a string, a dict...), which the function's own checks
        read as a 0-d array; None if there is none.  (An int past int64 has
        its own ValueError, which stands.)"""
        required = self._required()
        for name, v in self._named(args, kwargs):
            if (name in _OPERAND_PARAMETERS and name in required and type(v) is not int
                    and _junk_value(v)):
                return _operand_error(v, name, self.__name__)
        return None

    def _call_error_by_name(self, error):
        """Python's TypeError for arguments ``fn``'s signature does not take,
        naming this function and its parameters instead of ``fn`` (often a
        private helper or a lambda); None for any other error."""
        from ._naming import renamed_call_error
        try:
            parameters = list(self.__signature__.parameters)
        except (TypeError, ValueError):
            parameters = None
        return renamed_call_error(error, self.fn, self.__name__, parameters)

    def _with_name(self, error):
        """A shared checker's error ("axis: ...", "dtype: ...") with this function's
        name in front; None for one that names its function already."""
        if type(error) is not TypeError and type(error) is not ValueError:
            return None
        text = str(error)
        head = text.partition(": ")[0]
        if head in _GENERIC_HEADS:
            return type(error)(f"{self.__name__}: {text}")
        return None

    def _array_for_a_value(self, tuple args, dict kwargs, str message):
        """The TypeError for an array given where one value belongs (keepdims=Tensor([...])),
        NumPy's "truth value of an array is ambiguous"; None if not that."""
        if not message.startswith(("The truth value of", "The tensor should have only one",
                                   "only integer tensors with one element",
                                   "only length-1 arrays", "only 0-dimensional arrays")):
            return None
        try:
            options = {p.name for p in self.__signature__.parameters.values()
                       if p.default is not p.empty}
        except (TypeError, ValueError):
            return None
        for name, v in self._named(args, kwargs):
            # (an option, with a default: the arrays are the required parameters)
            if (name in options and isinstance(v, (Tensor, np.ndarray))
                    and np.size(value_of(v)) != 1):
                return TypeError(f"{self.__name__}: {name} takes a single value (a bool or a "
                                 f"number), got {'an' if type(v).__name__[0] in 'aeiou' else 'a'} "
                                 f"{type(v).__name__} of shape "
                                 f"{tuple(np.shape(value_of(v)))}")
        return None

    def _no_broadcast(self, tuple args, dict kwargs, str message):
        """NumPy's "operands could not be broadcast together with shapes (2,3) (5,7)",
        naming the function and the arguments of those shapes; None if not that."""
        if not message.startswith(("operands could not be broadcast",
                                   "shape mismatch: objects cannot be broadcast")):
            return None
        import re
        shapes = {tuple(int(n) for n in re.findall(r"\d+", group))
                  for group in re.findall(r"\(([\d,\s]*)\)", message)}
        named = []
        for name, v in self._named(args, kwargs):
            if isinstance(v, (Tensor, np.ndarray)) or (
                    isinstance(v, (list, tuple)) and name not in ("shape", "size")):
                try:
                    shape = tuple(np.shape(value_of(v)))
                except ValueError:
                    continue
                if not shapes or shape in shapes:
                    named.append(f"{name} {shape}")
        what = " and ".join(named) if len(named) > 1 else "the arguments' shapes"
        return ValueError(f"{self.__name__}: the shapes of {what} do not broadcast to one "
                          f"shape")

    def _sequence_as_dtype(self, tuple args, dict kwargs, str message):
        """NumPy's "Cannot interpret '0.5' as a data type": a tuple of numbers where a
        Tensor belongs, read by np.result_type as a dtype spec; None if not that."""
        if not (message.startswith(("Cannot interpret", "Field elements must be"))
                or (message.startswith("data type") and message.endswith("not understood"))):
            return None
        required = self._required()
        for name, v in self._named(args, kwargs):
            if name in required and isinstance(v, (tuple, list, str)):
                return TypeError(f"{self.__name__}: {name} must be a Tensor, got a "
                                 f"{type(v).__name__}")
        return None

    def _required(self):
        """The names of the parameters without a default (none if unknown)."""
        try:
            return {p.name for p in self.__signature__.parameters.values()
                    if p.default is p.empty}
        except (TypeError, ValueError):
            return set()

    def _named(self, tuple args, dict kwargs):
        """(parameter name, argument) for each argument given."""
        try:
            params = [p.name for p in self.__signature__.parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        except (TypeError, ValueError):
            params = []
        return [(params[i] if i < len(params) else f"argument {i + 1}", v)
                for i, v in enumerate(args)] + list(kwargs.items())

    def _junk_argument(self, tuple args, dict kwargs, bint always=True,
                       bint arithmetic=False):
        """The error for an argument that is no array of real numbers, naming it
        (a ValueError for a ragged nested list, else a TypeError); None if no
        argument is one and not ``always``.  An option (with a default) may be
        None or a string, unless NumPy's arithmetic met one (``arithmetic``);
        a complex number, or an array of complex numbers, objects or strings,
        is junk anywhere."""
        given = self._named(args, kwargs)
        required = self._required()
        # A ragged list or an array of no real numbers first (never valid anywhere),
        # then a string or a dict, then a None (an unused option is None).
        given = ([(n, v) for n, v in given if _junk_array(v)]
                 + [(n, v) for n, v in given if not _junk_array(v) and v is not None]
                 + [(n, v) for n, v in given if v is None])
        for name, v in given:
            if _junk_value(v) if (arithmetic or name in required
                                  or name.startswith("argument ")) else (
                    _junk_array(v) or isinstance(v, (complex, np.complexfloating))):
                return _operand_error(v, name, self.__name__)
        if not always:
            return None
        return TypeError(f"{self.__name__}: expected Tensors or arrays of real numbers, got "
                         f"{', '.join(type(v).__name__ for _, v in given)}")

    def _inner_operand(self, tuple args, dict kwargs, str message):
        """An inner elementwise op's refusal of an operand that is no number
        ("sub: expected real numbers, got an operand of type str (dtype <U3)"),
        said of this function's argument it came from (same type, same NumPy
        dtype), else of its first argument that is no array of real numbers;
        None if there is none -- then the inner op's message stands."""
        found = _INNER_OPERAND.search(message)
        if found is not None:
            error = self._argument_of_dtype(args, kwargs, found.group(2), found.group(1))
            if error is not None:
                return error
        # Another function's refusal of what an argument of this one became on
        # the way (a dict read as an array of objects, a string negated): the
        # junk argument of the refused dtype, named, if the message gives one
        # (else the first junk argument); none, and the message stands.
        refusal = _INNER_REFUSAL.match(message)
        if refusal is None or refusal.group(1) == self.__name__:
            return None
        # (the same function under another name, a loss cell's: the argument it named)
        named = _NAMED_REFUSAL.match(message)
        if named is not None:
            for name, v in self._named(args, kwargs):
                if name == named.group(1) and _junk_value(v):
                    return _operand_error(v, name, self.__name__)
        refused = _REFUSED_DTYPE.search(message)
        if refused is None:
            return self._junk_argument(args, kwargs, False, True)
        return self._argument_of_dtype(args, kwargs, refused.group(1))

    def _argument_of_dtype(self, tuple args, dict kwargs, str dtype, str type_name=None):
        """The error naming the first argument that is no array of real numbers
        and reads as NumPy ``dtype`` (and is of type ``type_name``, if given);
        None if none is."""
        for name, v in self._named(args, kwargs):
            if (type_name is None or type(v).__name__ == type_name) and _junk_value(v):
                try:
                    same = str(np.asarray(v).dtype) == dtype
                except (TypeError, ValueError):
                    same = False
                if same:
                    return _operand_error(v, name, self.__name__)
        return None

    cdef Py_ssize_t _public_positional(self):
        """How many leading positional parameters of ``fn`` are public (found once)."""
        if self.positional < 0:
            import inspect
            own = set(self.names.values())
            count = 0
            for p in inspect.signature(self.fn).parameters.values():
                if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.name not in own:
                    break
                count += 1
            self.positional = count
        return self.positional

    cdef dict _own_names(self, dict kwargs):
        own = {}
        for k, v in kwargs.items():
            name = self.names.get(k)
            if name is None and k in self.names.values():
                name = k
            if name is None:
                raise _keyword_error(self.__name__, k, tuple(self.names))
            own[name] = v
        return own

    @property
    def __signature__(self):
        import inspect
        sig = inspect.signature(self.fn)
        if self.names is None:
            return sig
        public = {own: name for name, own in self.names.items()}
        return sig.replace(parameters=[p.replace(name=public[p.name])
                                       for p in sig.parameters.values() if p.name in public])

    def __get__(self, obj, objtype):
        # A descriptor that binds to nothing: as a class attribute it stays
        # this function (as a staticmethod would), and help() documents it as
        # a routine, with the parameters of __signature__.
        return self

    def __repr__(self):
        return f"<dualgrad.ops.{self.__name__}>"


cdef inline object _binary_call(BinaryPrimitive prim, object a, object b):
    if not (isinstance(a, Tensor) or isinstance(b, Tensor)):
        return prim.apply(value_of(a), value_of(b))
    if prim is _div:
        return _true_div(a, b)
    return _arith(prim, a, b)


cdef object _keyword_error(str name, object keyword, tuple names):
    """The TypeError for a call with a keyword (or a dict of keywords, the
    first named) the function does not take, by the function's name and with
    its parameters (for the compiled functions, Cython's own message would
    name ``__call__``)."""
    if type(keyword) is dict:
        keyword = next(iter(keyword))
    return TypeError(f"{name}() got an unexpected keyword argument {keyword!r} "
                     f"(its parameters: {', '.join(names)})")


cdef object _arity_error(str name, tuple names, object first, object second, tuple more):
    """The TypeError for a binary function called with other than two arguments."""
    given = (first is not _NOT_GIVEN) + (second is not _NOT_GIVEN) + len(more)
    return TypeError(f"{name}() takes two arguments, '{names[0]}' and '{names[1]}', "
                     f"got {given}")


cdef class BinaryTensorFunction:
    """An elementwise binary primitive lifted to Tensors, with MindSpore's dtype
    rules for Tensors (plain arrays, Duals and HyperDuals get the engine's result).

    MindSpore names the arguments (input, other); pow's and div's own classes
    below differ in their signatures only.  A call with other than two
    arguments, or with a keyword it does not take, is refused by the
    function's name (not Cython's __call__)."""
    cdef BinaryPrimitive prim
    cdef readonly str __name__
    cdef public str __doc__

    def __init__(self, BinaryPrimitive prim, name, doc=None):
        self.prim = prim
        self.__name__ = name
        self.__doc__ = doc

    def __call__(self, input=_NOT_GIVEN, other=_NOT_GIVEN, *more, **unknown):
        if unknown:
            raise _keyword_error(self.__name__, unknown, ("input", "other"))
        if more or input is _NOT_GIVEN or other is _NOT_GIVEN:
            raise _arity_error(self.__name__, ("input", "other"), input, other, more)
        return _binary_call(self.prim, input, other)

    @property
    def __signature__(self):
        return _positional_signature("input", "other")

    def __get__(self, obj, objtype):
        return self         # see TensorFunction.__get__

    def __repr__(self):
        return f"<dualgrad.ops.{self.__name__}>"


@cython.final
cdef class PowTensorFunction(BinaryTensorFunction):
    """pow, whose second argument MindSpore names exponent."""

    def __call__(self, input=_NOT_GIVEN, exponent=_NOT_GIVEN, *more, **unknown):
        if unknown:
            raise _keyword_error(self.__name__, unknown, ("input", "exponent"))
        if more or input is _NOT_GIVEN or exponent is _NOT_GIVEN:
            raise _arity_error(self.__name__, ("input", "exponent"), input, exponent, more)
        return _binary_call(self.prim, input, exponent)

    @property
    def __signature__(self):
        return _positional_signature("input", "exponent")


@cython.final
cdef class DivTensorFunction(BinaryTensorFunction):
    """div, with MindSpore's keyword ``rounding_mode`` (None, 'floor' or 'trunc')."""

    def __call__(self, input=_NOT_GIVEN, other=_NOT_GIVEN, *more, rounding_mode=None,
                 **unknown):
        if unknown:
            raise _keyword_error(self.__name__, unknown, ("input", "other", "rounding_mode"))
        if more or input is _NOT_GIVEN or other is _NOT_GIVEN:
            raise _arity_error(self.__name__, ("input", "other"), input, other, more)
        if rounding_mode is None:
            return _binary_call(self.prim, input, other)
        return _op["div_rounded"](input, other, rounding_mode)

    @property
    def __signature__(self):
        import inspect
        sig = _positional_signature("input", "other")
        return sig.replace(parameters=list(sig.parameters.values()) + [inspect.Parameter(
            "rounding_mode", inspect.Parameter.KEYWORD_ONLY, default=None)])


@cython.final
cdef class UnaryTensorFunction:
    """An elementwise unary primitive lifted to Tensors (see TensorFunction)."""
    cdef UnaryPrimitive prim
    cdef readonly str __name__
    cdef public str __doc__

    def __init__(self, UnaryPrimitive prim, name, doc=None):
        self.prim = prim
        self.__name__ = name
        self.__doc__ = doc

    # MindSpore names the argument input (sqrt's x); x is taken as a keyword for
    # every function (dualgrad's older name).
    def __call__(self, input=_NOT_GIVEN, *more, x=_NOT_GIVEN, **unknown):
        if unknown:
            raise _keyword_error(self.__name__, unknown, (self._argument_name(),))
        if more:
            raise TypeError(f"{self.__name__}() takes one argument, "
                            f"'{self._argument_name()}', got {1 + len(more)}")
        if input is _NOT_GIVEN or x is not _NOT_GIVEN:
            if (input is _NOT_GIVEN) == (x is _NOT_GIVEN):
                raise TypeError(f"{self.__name__}() takes one argument, "
                                f"'{self._argument_name()}'")
            input = x
        if type(input) is Tensor:
            return _unary(self.prim, (<Tensor>input)._data)
        if isinstance(input, Tensor):
            return _unary(self.prim, value_of(input))
        return self.prim.apply(value_of(input))

    cdef str _argument_name(self):
        return "x" if self.__name__ == "sqrt" else "input"

    @property
    def __signature__(self):
        return _positional_signature(self._argument_name())

    def __get__(self, obj, objtype):
        return self         # see TensorFunction.__get__

    def __repr__(self):
        return f"<dualgrad.ops.{self.__name__}>"
