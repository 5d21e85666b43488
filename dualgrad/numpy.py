"""MindSpore's ``mindspore.numpy``: NumPy's functions, names and parameters on Tensors.

>>> import dualgrad as ms
>>> import dualgrad.numpy as mnp
>>> x = mnp.linspace(0, 1, 3)
>>> mnp.sum(mnp.sin(x) ** 2, keepdims=True)
Tensor(shape=[1], dtype=Float32, value= [ 9.37922239e-01])

Each function is a composition of ``dualgrad.ops`` functions, so every mode
differentiates it to any order. Conventions, as in MindSpore's module:

- Python data become Tensors as ``array`` makes them: floats float32, ints
  int32, bools bool. NumPy arrays and Tensors keep their dtype (MindSpore's
  ``array`` refuses NumPy arrays).
- ``zeros``, ``ones``, ``empty``, ``eye``, ``identity`` and ``tri`` are float32
  unless ``dtype`` says otherwise; ``empty`` is zeros.
- Elementwise functions take ``dtype``, the dtype of their result; Python
  numbers next to a Tensor take the Tensor's dtype, as in ``dualgrad.ops``.
- Integer inputs to ``mean`` give float32 (MindSpore 2.10 truncates to int32);
  ``sign`` of integers stays integer (MindSpore gives float32).
"""
import builtins
import math

import numpy as np

from . import ops as _ops
from ._dtypes import (bool_, float16, float32, float64, int8, int16, int32, int64,  # noqa: F401
                      to_numpy_dtype as _np_dtype, uint8)
from ._tensor import Tensor

float_ = float32
int_ = int32

_NUMBERS = (bool, int, float, np.bool_, np.integer, np.floating)


# ---------------------------------------------------------------------------
# Conversions

def _python_dtype(obj):
    """The dtype ``array`` gives Python data: bool if all are bools, else int32 if all
    are ints, else float32."""
    flat = np.asarray(obj, dtype=object).reshape(-1)
    if all(isinstance(v, (bool, np.bool_)) for v in flat):
        return np.bool_
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
           for v in flat):
        return np.int32
    return np.float32


def array(obj, dtype=None, copy=True, ndmin=0):
    """A Tensor of ``obj`` (a Tensor, a NumPy array, a number or a nested list/tuple)."""
    if isinstance(obj, Tensor):
        out = obj.copy() if copy else obj
    elif isinstance(obj, np.ndarray):
        out = Tensor(obj)
    elif isinstance(obj, (list, tuple) + _NUMBERS):
        try:
            # (straight to a given dtype: 0.2 through float32 would not be 0.2 in float64)
            values = np.array(obj, dtype=_python_dtype(obj) if dtype is None
                              else _np_dtype(dtype))
        except (TypeError, ValueError):
            raise TypeError(f"array: obj must be a number, a Tensor or a nested list of numbers "
                            f"of one shape, got {obj!r}") from None
        out = Tensor(values)
    else:
        raise TypeError(f"array: obj must be a Tensor, an array, a number or a list or tuple "
                        f"of them, got {type(obj).__name__}")
    if dtype is not None and np.dtype(out.dtype) != _np_dtype(dtype):
        out = _ops.cast(out, dtype)
    ndmin = _count(ndmin, "ndmin", "array")
    if out.ndim < ndmin:
        out = _ops.reshape(out, (1,) * (ndmin - out.ndim) + out.shape)
    return out


def asarray(a, dtype=None):
    """``a`` as a Tensor (a Tensor of the right dtype is returned as it is)."""
    return array(a, dtype, copy=False)


def asfarray(a, dtype=float32):
    """``a`` as a float Tensor (float32 unless ``dtype`` is another float type)."""
    if _np_dtype(dtype).kind != "f":
        dtype = float32
    return asarray(a, dtype)


def _tensor(a, name, owner):
    """A function's array argument as a Tensor."""
    if isinstance(a, Tensor):
        return a
    try:
        return asarray(a)
    except TypeError:
        raise TypeError(f"{owner}: {name} must be a Tensor, an array or a number, got "
                        f"{type(a).__name__}") from None


def _operand(a, name, owner):
    """A binary function's operand: Tensors and Python numbers pass (ops' dtype rules),
    other data become Tensors."""
    if isinstance(a, (Tensor,) + _NUMBERS):
        return a
    return _tensor(a, name, owner)


def _count(n, name, owner):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be a non-negative int, got {n!r}")
    if n < 0:
        raise ValueError(f"{owner}: {name} must be a non-negative int, got {n!r}")
    return int(n)


def _result(out, dtype):
    return out if dtype is None else _ops.cast(out, dtype)


# ---------------------------------------------------------------------------
# Creation

def _shape(shape, owner):
    return _ops._creation_shape(shape, "shape", owner)     # (ops' checks: sizes >= 0 too)


def zeros(shape, dtype=float32):
    """A Tensor of zeros (float32 by default)."""
    return _ops.zeros(_shape(shape, "zeros"), dtype)


def ones(shape, dtype=float32):
    """A Tensor of ones (float32 by default)."""
    return _ops.ones(_shape(shape, "ones"), dtype)


def empty(shape, dtype=float32):
    """A Tensor of the shape and dtype (of zeros: dualgrad leaves nothing uninitialised)."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    """A Tensor filled with ``fill_value`` (broadcast, if an array), of its dtype by
    ``array``'s rules unless ``dtype`` is given."""
    fill = asarray(fill_value)
    dtype = fill.dtype if dtype is None else dtype
    return _ops.add(_ops.zeros(_shape(shape, "full"), dtype), _ops.cast(fill, dtype))


def _like(a, dtype, shape, owner):
    """The shape and dtype of a ``*_like`` result."""
    a = _tensor(a, "a", owner)
    return (a.shape if shape is None else _shape(shape, owner),
            a.dtype if dtype is None else dtype)


def zeros_like(a, dtype=None, shape=None):
    """Zeros of ``a``'s shape and dtype (or those given)."""
    shape, dtype = _like(a, dtype, shape, "zeros_like")
    return _ops.zeros(shape, dtype)


def ones_like(a, dtype=None, shape=None):
    """Ones of ``a``'s shape and dtype (or those given)."""
    shape, dtype = _like(a, dtype, shape, "ones_like")
    return _ops.ones(shape, dtype)


def empty_like(prototype, dtype=None, shape=None):
    """Zeros of ``prototype``'s shape and dtype (or those given)."""
    shape, dtype = _like(prototype, dtype, shape, "empty_like")
    return _ops.zeros(shape, dtype)


def full_like(a, fill_value, dtype=None, shape=None):
    """``fill_value`` in ``a``'s shape and dtype (or those given)."""
    shape, dtype = _like(a, dtype, shape, "full_like")
    return full(shape, fill_value, dtype)


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced numbers in [start, stop): int32 for ints, float32 when any is a float."""
    bounds = [v for v in (start, stop, step) if v is not None]
    for v in bounds:
        if isinstance(v, bool) or not isinstance(v, _NUMBERS):
            raise TypeError(f"arange: start, stop and step must be numbers, got {v!r}")
    if step == 0:
        raise ValueError("arange: step must not be 0")
    values = np.arange(*((0, start) if stop is None else (start, stop)), 1 if step is None else step)
    default = np.float32 if any(isinstance(v, (float, np.floating)) for v in bounds) else np.int32
    return Tensor(values.astype(_np_dtype(dtype) if dtype is not None else default))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced numbers from start to stop (float32 by default); with
    ``retstep`` also the step. Differentiable in Tensor ``start`` and ``stop``."""
    num = _count(num, "num", "linspace")
    # Python bounds are computed in float64 and rounded once, to the result's dtype
    start, stop = (b if isinstance(b, Tensor) else array(b, float64)
                   for b in (start, stop))
    divisions = (num - 1 if endpoint else num) or 1
    step = _ops.div(_ops.sub(stop, start), divisions)
    shape = np.broadcast_shapes(start.shape, stop.shape)
    # (num,) + the bounds' shape, the new axis then moved to ``axis``
    steps = Tensor(np.arange(num, dtype=np.float64).reshape((num,) + (1,) * len(shape)))
    out = _ops.add(start, _ops.mul(step, steps))
    out = _ops.cast(out, float32 if dtype is None else dtype)
    if shape:
        out = _ops.moveaxis(out, 0, axis)
    return (out, _ops.cast(step, out.dtype)) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """base ** linspace(start, stop, num)."""
    exponents = linspace(start, stop, num, endpoint, dtype=float64, axis=axis)
    return _ops.cast(_ops.pow(base, exponents), float32 if dtype is None else dtype)


def eye(N, M=None, k=0, dtype=float32):  # noqa: N803  (NumPy's names)
    """An N×M Tensor with ones on diagonal ``k``."""
    n = _count(N, "N", "eye")
    m = n if M is None else _count(M, "M", "eye")
    return Tensor(np.eye(n, m, k, dtype=_np_dtype(dtype)))


def identity(n, dtype=float32):
    """The n×n identity matrix."""
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=float32):  # noqa: N803  (NumPy's names)
    """Ones at and below diagonal ``k``."""
    n = _count(N, "N", "tri")
    m = n if M is None else _count(M, "M", "tri")
    return Tensor(np.tri(n, m, k, dtype=_np_dtype(dtype)))


def tril(m, k=0):
    """The lower triangle of each matrix (at and below diagonal ``k``)."""
    return _ops.tril(_tensor(m, "m", "tril"), k)


def triu(m, k=0):
    """The upper triangle of each matrix (at and above diagonal ``k``)."""
    return _ops.triu(_tensor(m, "m", "triu"), k)


def diag(v, k=0):
    """The diagonal ``k`` of a matrix, or a matrix with ``v`` on diagonal ``k``."""
    v = _tensor(v, "v", "diag")
    if v.ndim == 1:
        return _diag_matrix(v, k)
    if v.ndim == 2:
        return _ops.diagonal(v, k)
    raise ValueError(f"diag: v must be 1-D or 2-D, got shape {v.shape}")


def _diag_matrix(v, k):
    """The square matrix with v on diagonal k (zeros elsewhere)."""
    n = v.shape[0] + builtins.abs(k)
    out = _ops.zeros((n, n), v.dtype)
    rows = np.arange(v.shape[0]) + builtins.max(-k, 0)
    cols = np.arange(v.shape[0]) + builtins.max(k, 0)
    indices = Tensor(np.stack([rows, cols], 1).astype(np.int64))
    return _ops.tensor_scatter_update(out, indices, v)


def meshgrid(*xi, sparse=False, indexing="xy"):
    """Coordinate grids of 1-D Tensors, as a list (``sparse`` keeps length-1 axes)."""
    tensors = [_tensor(x, f"xi[{i}]", "meshgrid") for i, x in enumerate(xi)]
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    if not sparse:
        return list(_ops.meshgrid(*tensors, indexing=indexing))
    out = []
    for i, x in enumerate(tensors):
        shape = [1] * len(tensors)
        axis = (1 - i if i < 2 else i) if indexing == "xy" and len(tensors) > 1 else i
        shape[axis] = -1
        out.append(_ops.reshape(x, tuple(shape)))
    return out


# ---------------------------------------------------------------------------
# Elementwise functions, with NumPy's ``dtype`` of the result

def _unary(name, function):
    def fn(x, dtype=None):
        return _result(function(_tensor(x, "x", name)), dtype)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise ``{name}`` (``dualgrad.ops.{function.__name__}``); ``dtype`` " \
                 f"is the result's."
    return fn


def _binary(name, function):
    def fn(x1, x2, dtype=None):
        return _result(function(_operand(x1, "x1", name), _operand(x2, "x2", name)), dtype)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise ``{name}`` with broadcasting (``dualgrad.ops." \
                 f"{function.__name__}``); ``dtype`` is the result's."
    return fn


for _name, _function in (
        ("sin", _ops.sin), ("cos", _ops.cos), ("tan", _ops.tan), ("arcsin", _ops.arcsin),
        ("arccos", _ops.arccos), ("arctan", _ops.arctan), ("sinh", _ops.sinh),
        ("cosh", _ops.cosh), ("tanh", _ops.tanh), ("arcsinh", _ops.arcsinh),
        ("arccosh", _ops.arccosh), ("arctanh", _ops.arctanh), ("exp", _ops.exp),
        ("exp2", _ops.exp2), ("expm1", _ops.expm1), ("log", _ops.log), ("log2", _ops.log2),
        ("log10", _ops.log10), ("log1p", _ops.log1p), ("sqrt", _ops.sqrt),
        ("square", _ops.square), ("abs", _ops.abs), ("absolute", _ops.abs),
        ("fabs", _ops.abs), ("sign", _ops.sign), ("negative", _ops.neg),
        ("positive", _ops.positive), ("reciprocal", _ops.reciprocal), ("floor", _ops.floor),
        ("ceil", _ops.ceil), ("trunc", _ops.trunc), ("rint", _ops.round),
        ("deg2rad", _ops.deg2rad), ("radians", _ops.deg2rad), ("rad2deg", _ops.rad2deg),
        ("degrees", _ops.rad2deg), ("isnan", _ops.isnan), ("isinf", _ops.isinf),
        ("isfinite", _ops.isfinite), ("logical_not", _ops.logical_not), ("sinc", _ops.sinc)):
    globals()[_name] = _unary(_name, _function)

for _name, _function in (
        ("add", _ops.add), ("subtract", _ops.sub), ("multiply", _ops.mul),
        ("divide", _ops.div), ("true_divide", _ops.div), ("floor_divide", _ops.floor_divide),
        ("remainder", _ops.remainder), ("mod", _ops.remainder), ("fmod", _ops.fmod),
        ("power", _ops.pow), ("float_power", _ops.float_power), ("maximum", _ops.maximum),
        ("minimum", _ops.minimum), ("hypot", _ops.hypot), ("arctan2", _ops.atan2),
        ("heaviside", _ops.heaviside), ("logical_and", _ops.logical_and),
        ("logical_or", _ops.logical_or), ("logical_xor", _ops.logical_xor),
        ("equal", _ops.equal), ("not_equal", _ops.not_equal), ("greater", _ops.greater),
        ("greater_equal", _ops.greater_equal), ("less", _ops.less),
        ("less_equal", _ops.less_equal)):
    globals()[_name] = _binary(_name, _function)


def cbrt(x, dtype=None):
    """The real cube root, elementwise: sign(x)·|x|^(1/3)."""
    x = _tensor(x, "x", "cbrt")
    if np.dtype(x.dtype).kind != "f":
        x = _ops.cast(x, float32)
    return _result(_ops.mul(_ops.sign(x), _ops.pow(_ops.abs(x), 1.0 / 3.0)), dtype)


def clip(x, xmin, xmax, dtype=None):
    """x limited to [xmin, xmax] (either may be None)."""
    if xmin is None and xmax is None:
        raise ValueError("clip: xmin and xmax cannot both be None")
    return _result(_ops.clip(_tensor(x, "x", "clip"), xmin, xmax), dtype)


def round(a, decimals=0):  # noqa: A001  (NumPy's name)
    """a rounded to ``decimals`` decimals, halves to even."""
    return _ops.round(_tensor(a, "a", "round"), decimals)


around = round


# ---------------------------------------------------------------------------
# Reductions

def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def sum(a, axis=None, dtype=None, keepdims=False, initial=None):  # noqa: A001
    """The sum over ``axis`` (all axes by default), plus ``initial``."""
    out = _ops.sum(_tensor(a, "a", "sum"), _axis(axis), keepdims, dtype=dtype)
    return out if initial is None else _ops.add(out, initial)


def prod(a, axis=None, dtype=None, keepdims=False, initial=None):
    """The product over ``axis`` (all axes by default), times ``initial``."""
    out = _ops.prod(_tensor(a, "a", "prod"), _axis(axis), keepdims, dtype)
    return out if initial is None else _ops.mul(out, initial)


def mean(a, axis=None, keepdims=False, dtype=None):
    """The mean over ``axis`` (integers average in float32)."""
    a = _tensor(a, "a", "mean")
    if np.dtype(a.dtype).kind != "f":
        a = _ops.cast(a, float32)
    return _result(_ops.mean(a, _axis(axis), keepdims), dtype)


def var(x, axis=None, ddof=0, keepdims=False):
    """The variance over ``axis``, dividing by n - ddof."""
    return _ops.var(_tensor(x, "x", "var"), _axis(axis), ddof, keepdims)


def std(x, axis=None, ddof=0, keepdims=False):
    """The standard deviation over ``axis``, dividing by n - ddof."""
    return _ops.std(_tensor(x, "x", "std"), _axis(axis), ddof, keepdims)


def _extremum(largest, name):
    def fn(a, axis=None, keepdims=False, initial=None, where=True):
        a = _tensor(a, "a", name)
        if where is not True:
            if initial is None:
                raise ValueError(f"{name}: initial must be given with a where mask "
                                 f"(masked-out slices need a value)")
            # masked-out elements become initial, which joins the compared values anyway
            a = _ops.where(_tensor(where, "where", name), a, _ops.cast(asarray(initial), a.dtype))
        out = (_ops.amax if largest else _ops.amin)(a, _axis(axis), keepdims)
        if initial is not None:
            bound = _ops.cast(asarray(initial), out.dtype)
            out = (_ops.maximum if largest else _ops.minimum)(out, bound)
        return out
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"The {'maximum' if largest else 'minimum'} over ``axis`` (all axes by "
                  f"default); ``initial`` joins the compared values, ``where`` (with "
                  f"``initial``) leaves elements out.")
    return fn


amax = max = _extremum(True, "amax")  # noqa: A001
amin = min = _extremum(False, "amin")  # noqa: A001


def ptp(x, axis=None, keepdims=False):
    """max - min over ``axis``."""
    return _ops.sub(amax(x, axis, keepdims), amin(x, axis, keepdims))


def _flat_axis(a, axis, owner):
    a = _tensor(a, "a", owner)
    return (_ops.reshape(a, (-1,)), 0) if axis is None else (a, axis)


def cumsum(a, axis=None, dtype=None):
    """Running sums along ``axis`` (of the flattened array by default)."""
    a, axis = _flat_axis(a, axis, "cumsum")
    return _ops.cumsum(a, axis, dtype)


def cumprod(a, axis=None, dtype=None):
    """Running products along ``axis`` (of the flattened array by default)."""
    a, axis = _flat_axis(a, axis, "cumprod")
    return _ops.cumprod(a, axis, dtype)


def nansum(a, axis=None, dtype=None, keepdims=False):
    """The sum over ``axis``, NaNs counted as zero."""
    return _ops.nansum(_tensor(a, "a", "nansum"), _axis(axis), keepdims, dtype=dtype)


def nanmean(a, axis=None, dtype=None, keepdims=False):
    """The mean over ``axis`` of the values that are not NaN."""
    return _ops.nanmean(_tensor(a, "a", "nanmean"), _axis(axis), keepdims, dtype=dtype)


def average(x, axis=None, weights=None, returned=False):
    """The weighted mean over ``axis``; with ``returned``, also the sum of the weights."""
    x = _tensor(x, "x", "average")
    if weights is None:
        out = mean(x, axis)
        count = x.size if axis is None else math.prod(
            x.shape[i] for i in ((axis,) if isinstance(axis, int) else axis))
        total = full_like(out, count, dtype=out.dtype)
    else:
        weights = _tensor(weights, "weights", "average")
        if weights.shape != x.shape:
            if axis is None or not isinstance(axis, int) or weights.ndim != 1 \
                    or weights.shape[0] != x.shape[axis]:
                raise ValueError(f"average: weights of shape {weights.shape} fit neither x's "
                                 f"shape {x.shape} nor its axis {axis}")
            shape = [1] * x.ndim
            shape[axis] = -1
            weights = _ops.reshape(weights, tuple(shape))
        weights = _ops.broadcast_to(weights, x.shape)
        total = _ops.sum(weights, _axis(axis))
        out = _ops.div(_ops.sum(_ops.mul(x, weights), _axis(axis)), total)
    return (out, total) if returned else out


def argmax(a, axis=None):
    """The index of the maximum (in the flattened array by default)."""
    a, axis = _flat_axis(a, axis, "argmax")
    return _ops.argmax(a, axis)


def argmin(a, axis=None):
    """The index of the minimum (in the flattened array by default)."""
    a, axis = _flat_axis(a, axis, "argmin")
    return _ops.argmin(a, axis)


def count_nonzero(x, axis=None, keepdims=False):
    """The number of non-zero values over ``axis`` (int32)."""
    return _ops.count_nonzero(_tensor(x, "x", "count_nonzero"),
                              () if axis is None else _axis(axis), keepdims)


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002  (NumPy's name)
    """NumPy's ``linalg.norm``: the vector or matrix norm ``ord`` over ``axis``."""
    return _ops.norm(_tensor(x, "x", "norm"), ord, _axis(axis), keepdims)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    """The sum along diagonal ``offset`` of the (axis1, axis2) matrices."""
    a = _tensor(a, "a", "trace")
    return _result(_ops.sum(_ops.diagonal(a, offset, axis1, axis2), -1), dtype)


def diff(a, n=1, axis=-1, prepend=None, append=None):
    """The n-th differences along ``axis``."""
    return _ops.diff(_tensor(a, "a", "diff"), n, axis, prepend, append)


# ---------------------------------------------------------------------------
# Shapes and rearrangements

def reshape(x, new_shape):
    """x with the shape ``new_shape`` (one -1 is inferred)."""
    return _ops.reshape(_tensor(x, "x", "reshape"), new_shape)


def ravel(x):
    """x flattened."""
    return _ops.reshape(_tensor(x, "x", "ravel"), (-1,))


def transpose(a, axes=None):
    """a with its axes permuted (reversed by default)."""
    return _ops.transpose(_tensor(a, "a", "transpose"), axes)


def swapaxes(x, axis1, axis2):
    """x with two axes exchanged."""
    return _ops.swapaxes(_tensor(x, "x", "swapaxes"), axis1, axis2)


def moveaxis(a, source, destination):
    """a with axes moved from ``source`` to ``destination``."""
    return _ops.moveaxis(_tensor(a, "a", "moveaxis"), source, destination)


def expand_dims(a, axis):
    """a with new axes of length 1 at ``axis`` (an int or a tuple)."""
    a = _tensor(a, "a", "expand_dims")
    for position in sorted(axis if isinstance(axis, (tuple, list)) else (axis,)):
        a = _ops.expand_dims(a, position)
    return a


def squeeze(a, axis=None):
    """a without its axes of length 1 (those of ``axis`` only, if given)."""
    return _ops.squeeze(_tensor(a, "a", "squeeze"), _axis(axis))


def _tensors(arrays, name, owner):
    if isinstance(arrays, Tensor) or not isinstance(arrays, (tuple, list)):
        raise TypeError(f"{owner}: {name} must be a tuple or list of Tensors, got "
                        f"{type(arrays).__name__}")
    return [_tensor(a, f"{name}[{i}]", owner) for i, a in enumerate(arrays)]


def concatenate(arrays, axis=0):
    """The arrays joined along ``axis`` (flattened first when ``axis`` is None)."""
    tensors = _tensors(arrays, "arrays", "concatenate")
    if axis is None:
        tensors, axis = [_ops.reshape(t, (-1,)) for t in tensors], 0
    return _ops.concat(tensors, axis)


def stack(arrays, axis=0):
    """The arrays joined along a new axis."""
    return _ops.stack(_tensors(arrays, "arrays", "stack"), axis)


def hstack(tup):
    """The arrays joined along axis 1 (axis 0 for 1-D arrays)."""
    return _ops.hstack(_tensors(tup, "tup", "hstack"))


def vstack(tup):
    """The arrays joined along axis 0, 1-D arrays as rows."""
    return _ops.vstack(_tensors(tup, "tup", "vstack"))


def dstack(tup):
    """The arrays joined along axis 2, made at least 3-D first."""
    return _ops.dstack(_tensors(tup, "tup", "dstack"))


def column_stack(tup):
    """1-D arrays as the columns of a 2-D array (2-D arrays joined along axis 1)."""
    return _ops.column_stack(_tensors(tup, "tup", "column_stack"))


def array_split(x, indices_or_sections, axis=0):
    """x split into ``indices_or_sections`` parts (the first ones a longer by one when
    they do not divide evenly) or at the given indices, as a list."""
    return list(_ops.tensor_split(_tensor(x, "x", "array_split"), indices_or_sections, axis))


def split(x, indices_or_sections, axis=0):
    """x split into equal parts or at the given indices, as a list."""
    x = _tensor(x, "x", "split")
    if isinstance(indices_or_sections, (int, np.integer)) and \
            x.shape[axis] % int(indices_or_sections):
        raise ValueError(f"split: axis {axis} of length {x.shape[axis]} does not split into "
                         f"{indices_or_sections} equal parts (array_split allows that)")
    return array_split(x, indices_or_sections, axis)


def tile(a, reps):
    """a repeated ``reps`` times along each axis."""
    return _ops.tile(_tensor(a, "a", "tile"), (reps,) if isinstance(reps, int) else tuple(reps))


def repeat(a, repeats, axis=None):
    """Each element repeated ``repeats`` times along ``axis`` (of the flattened array by
    default)."""
    a, axis = _flat_axis(a, axis, "repeat")
    return _ops.repeat_interleave(a, Tensor(np.asarray(repeats)) if isinstance(
        repeats, (list, tuple)) else repeats, axis)


def flip(m, axis=None):
    """m reversed along ``axis`` (all axes by default)."""
    m = _tensor(m, "m", "flip")
    return _ops.flip(m, tuple(range(m.ndim)) if axis is None else axis)


def fliplr(m):
    """m reversed along axis 1."""
    return _ops.fliplr(_tensor(m, "m", "fliplr"))


def flipud(m):
    """m reversed along axis 0."""
    return _ops.flipud(_tensor(m, "m", "flipud"))


def roll(a, shift, axis=None):
    """a shifted cyclically along ``axis`` (of the flattened array by default)."""
    a = _tensor(a, "a", "roll")
    if axis is None:
        return _ops.reshape(_ops.roll(_ops.reshape(a, (-1,)), shift, 0), a.shape)
    return _ops.roll(a, shift, axis)


def rot90(a, k=1, axes=(0, 1)):
    """a rotated by 90° k times in the plane of ``axes``."""
    return _ops.rot90(_tensor(a, "a", "rot90"), k, tuple(axes))


def broadcast_to(array, shape):  # noqa: A002  (NumPy's name)
    """array broadcast to ``shape``."""
    return _ops.broadcast_to(_tensor(array, "array", "broadcast_to"), _shape(shape,
                                                                               "broadcast_to"))


def broadcast_arrays(*args):
    """The arrays broadcast to their common shape, as a list."""
    tensors = [_tensor(a, f"args[{i}]", "broadcast_arrays") for i, a in enumerate(args)]
    shape = np.broadcast_shapes(*(t.shape for t in tensors))
    return [_ops.broadcast_to(t, shape) for t in tensors]


def _at_least(ndim, arys, owner):
    out = []
    for i, a in enumerate(arys):
        a = _tensor(a, f"arys[{i}]", owner)
        if a.ndim < ndim:
            # NumPy's placement: new axes in front, but for 3-D (n,) -> (1, n, 1) and
            # (m, n) -> (m, n, 1)
            shape = ((1,) * (ndim - a.ndim) + a.shape if ndim < 3 or a.ndim == 0
                     else (1,) + a.shape + (1,) if a.ndim == 1 else a.shape + (1,))
            a = _ops.reshape(a, shape)
        out.append(a)
    return out[0] if len(out) == 1 else out


def atleast_1d(*arys):
    """Each array with at least 1 axis (one array, or a list of them)."""
    return _at_least(1, arys, "atleast_1d")


def atleast_2d(*arys):
    """Each array with at least 2 axes (1-D arrays as rows)."""
    return _at_least(2, arys, "atleast_2d")


def atleast_3d(*arys):
    """Each array with at least 3 axes (as NumPy adds them: (1, n, 1), (m, n, 1))."""
    return _at_least(3, arys, "atleast_3d")


def where(condition, x=None, y=None):
    """x where ``condition`` holds, y elsewhere."""
    if x is None or y is None:
        raise ValueError("where: give both x and y (dualgrad has no one-argument form; "
                         "use ops.nonzero)")
    return _ops.where(_tensor(condition, "condition", "where"), _operand(x, "x", "where"),
                      _operand(y, "y", "where"))


def take(a, indices, axis=None, mode="clip"):
    """The elements at ``indices`` along ``axis`` (of the flattened array by default);
    ``mode`` 'clip' clamps out-of-range indices, 'wrap' wraps them, 'raise' refuses them."""
    a, axis = _flat_axis(a, axis, "take")
    index = np.asarray(_tensor(indices, "indices", "take").asnumpy())
    if index.dtype.kind not in "iu":
        raise TypeError(f"take: indices must be integers, got dtype {index.dtype}")
    length = a.shape[axis]
    if mode == "clip":
        index = np.clip(index, 0, length - 1)
    elif mode == "wrap":
        index = index % length
    elif mode == "raise":
        if index.size and (index.min() < -length or index.max() >= length):
            raise IndexError(f"take: an index is out of range for an axis of length {length}")
        index = index % length
    else:
        raise ValueError(f"take: mode must be 'clip', 'wrap' or 'raise', got {mode!r}")
    flat = _ops.gather(a, Tensor(index.reshape(-1).astype(np.int64)), axis)
    shape = a.shape[:axis] + index.shape + a.shape[axis + 1:]
    return _ops.reshape(flat, shape)


def take_along_axis(arr, indices, axis):
    """The elements at ``indices`` along ``axis`` (indices of arr's rank)."""
    arr = _tensor(arr, "arr", "take_along_axis")
    indices = _tensor(indices, "indices", "take_along_axis")
    if axis is None:
        arr, axis = _ops.reshape(arr, (-1,)), 0
    shape = tuple(i if k == axis % arr.ndim else builtins.max(i, a)
                  for k, (i, a) in enumerate(zip(indices.shape, arr.shape)))
    return _ops.gather_elements(arr, axis, _ops.broadcast_to(indices, shape))


_PAD_MODES = {"constant": "constant", "reflect": "reflect", "edge": "replicate",
              "wrap": "circular"}


def pad(arr, pad_width, mode="constant", constant_values=0):
    """arr padded by ``pad_width`` (an int, a (before, after) pair, or one pair per axis);
    ``mode`` 'constant', 'edge', 'reflect' or 'wrap'."""
    arr = _tensor(arr, "arr", "pad")
    widths = np.broadcast_to(np.asarray(pad_width, dtype=object), (arr.ndim, 2))
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode must be one of {sorted(_PAD_MODES)}, got {mode!r}")
    padding = tuple(int(n) for pair in reversed(widths.tolist()) for n in pair)
    value = constant_values if mode == "constant" else None
    return _ops.pad(arr, padding, _PAD_MODES[mode], value)


# ---------------------------------------------------------------------------
# Products, comparisons, polynomials

def dot(a, b):
    """NumPy's dot: the sum product over a's last axis and b's second-to-last."""
    a, b = _tensor(a, "a", "dot"), _tensor(b, "b", "dot")
    if a.ndim == 0 or b.ndim == 0:
        return _ops.mul(a, b)
    if b.ndim <= 2 or a.ndim == 1:
        return _ops.matmul(a, b) if b.ndim > 1 or a.ndim > 1 else _ops.dot(a, b)
    return _ops.tensor_dot(a, b, ((a.ndim - 1,), (b.ndim - 2,)))


def matmul(x1, x2, dtype=None):
    """The matrix product, broadcast over leading axes."""
    return _result(_ops.matmul(_tensor(x1, "x1", "matmul"), _tensor(x2, "x2", "matmul")), dtype)


def outer(a, b):
    """The outer product of the flattened a and b."""
    return _ops.outer(_tensor(a, "a", "outer"), _tensor(b, "b", "outer"))


def inner(a, b):
    """The sum product over the last axes of a and b."""
    return _ops.inner(_tensor(a, "a", "inner"), _tensor(b, "b", "inner"))


def tensordot(a, b, axes=2):
    """The sum product over ``axes`` (a count of trailing/leading axes, or two lists)."""
    return _ops.tensor_dot(_tensor(a, "a", "tensordot"), _tensor(b, "b", "tensordot"), axes)


def kron(a, b):
    """The Kronecker product."""
    return _ops.kron(_tensor(a, "a", "kron"), _tensor(b, "b", "kron"))


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors along ``axis`` (or along axisa/axisb, placed at
    axisc)."""
    a, b = _tensor(a, "a", "cross"), _tensor(b, "b", "cross")
    if axis is not None:
        axisa = axisb = axisc = axis
    out = _ops.cross(_ops.moveaxis(a, axisa, -1), _ops.moveaxis(b, axisb, -1), -1)
    return _ops.moveaxis(out, -1, axisc)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|a - b| <= atol + rtol·|b|, elementwise."""
    return _ops.isclose(_tensor(a, "a", "isclose"), _tensor(b, "b", "isclose"), rtol, atol,
                        equal_nan)


def array_equal(a1, a2, equal_nan=False):
    """Whether a1 and a2 have one shape and equal values (a bool Tensor)."""
    a1, a2 = _tensor(a1, "a1", "array_equal"), _tensor(a2, "a2", "array_equal")
    if a1.shape != a2.shape:
        return Tensor(False)
    same = _ops.equal(a1, a2)
    if equal_nan:
        same = _ops.logical_or(same, _ops.logical_and(_ops.isnan(a1), _ops.isnan(a2)))
    return _ops.all(same)


def polyval(p, x):
    """The polynomial with coefficients ``p`` (highest power first) at x, by Horner."""
    p = _tensor(p, "p", "polyval")
    x = _operand(x, "x", "polyval")
    if p.ndim != 1 or p.shape[0] == 0:
        raise ValueError(f"polyval: p must be a non-empty 1-D array, got shape {p.shape}")
    out = p[0]
    for k in range(1, p.shape[0]):
        out = _ops.add(_ops.mul(out, x), p[k])
    return out


def polyadd(a1, a2):
    """The sum of two polynomials (coefficients highest power first)."""
    a1, a2 = _tensor(a1, "a1", "polyadd"), _tensor(a2, "a2", "polyadd")
    n = builtins.max(a1.shape[0], a2.shape[0])
    return _ops.add(_ops.pad(a1, (n - a1.shape[0], 0)), _ops.pad(a2, (n - a2.shape[0], 0)))


def polysub(a1, a2):
    """The difference of two polynomials."""
    return polyadd(a1, _ops.neg(_tensor(a2, "a2", "polysub")))


def polymul(a1, a2):
    """The product of two polynomials (their coefficients' full convolution)."""
    return convolve(a1, a2)


def polyder(p, m=1):
    """The m-th derivative of a polynomial."""
    p = _tensor(p, "p", "polyder")
    for _ in range(_count(m, "m", "polyder")):
        n = p.shape[0] - 1
        if n <= 0:
            return _ops.zeros((1,), p.dtype)
        p = _ops.mul(p[:-1], Tensor(np.arange(n, 0, -1).astype(np.dtype(p.dtype))))
    return p


def polyint(p, m=1, k=None):
    """The m-th antiderivative of a polynomial, integration constants ``k`` (zeros by
    default; a number or one per integration)."""
    p = _tensor(p, "p", "polyint")
    m = _count(m, "m", "polyint")
    constants = np.zeros(m) if k is None else np.broadcast_to(np.asarray(k, float), (m,))
    for i in range(m):
        n = p.shape[0]
        if np.dtype(p.dtype).kind != "f":
            p = _ops.cast(p, float32)
        scaled = _ops.div(p, Tensor(np.arange(n, 0, -1).astype(np.dtype(p.dtype))))
        p = _ops.concat([scaled, Tensor(np.asarray([constants[i]], np.dtype(p.dtype)))], 0)
    return p


def convolve(a, v, mode="full"):
    """The discrete linear convolution of two 1-D arrays ('full', 'same' or 'valid')."""
    a, v = _tensor(a, "a", "convolve"), _tensor(v, "v", "convolve")
    return _correlate_full(a, _ops.flip(v, (0,)), mode, "convolve", centre_up=False)


def correlate(a, v, mode="valid"):
    """The cross-correlation of two 1-D arrays ('valid', 'same' or 'full')."""
    a, v = _tensor(a, "a", "correlate"), _tensor(v, "v", "correlate")
    # (NumPy's 'same' window sits one later when a is the shorter and of even length)
    return _correlate_full(a, v, mode, "correlate", centre_up=a.shape[0] < v.shape[0])


def _correlate_full(a, v, mode, owner, centre_up):
    """sum_j a[j + k] v[j] for every shift k where the two overlap, cut to ``mode``;
    ``centre_up`` puts an even-length 'same' window's centre at the later of the two
    middle positions."""
    if a.ndim != 1 or v.ndim != 1 or not a.shape[0] or not v.shape[0]:
        raise ValueError(f"{owner}: a and v must be non-empty 1-D arrays, got shapes "
                         f"{a.shape} and {v.shape}")
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"{owner}: mode must be 'full', 'same' or 'valid', got {mode!r}")
    n, m = a.shape[0], v.shape[0]
    padded = _ops.pad(a, (m - 1, m - 1))                       # length n + 2m - 2
    windows = Tensor(np.arange(n + m - 1)[:, None] + np.arange(m)[None, :])
    rows = _ops.reshape(_ops.gather(padded, _ops.reshape(windows, (-1,)), 0), (n + m - 1, m))
    full = _ops.sum(_ops.mul(rows, v), 1)
    if mode == "full":
        return full
    if mode == "same":
        length, shorter = builtins.max(n, m), builtins.min(n, m)
        start = shorter // 2 if centre_up else (shorter - 1) // 2
        return full[start:start + length]
    start, length = builtins.min(n, m) - 1, builtins.max(n, m) - builtins.min(n, m) + 1
    return full[start:start + length]


def vander(x, N=None, increasing=False):  # noqa: N803  (NumPy's name)
    """The Vandermonde matrix of x: its columns x**(N-1), ..., x, 1 (reversed with
    ``increasing``)."""
    x = _tensor(x, "x", "vander")
    n = x.shape[0] if N is None else _count(N, "N", "vander")
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    return _ops.pow(_ops.reshape(x, (-1, 1)), Tensor(powers.astype(
        np.dtype(x.dtype) if np.dtype(x.dtype).kind == "f" else np.int32)))


def trapz(y, x=None, dx=1.0, axis=-1):
    """The integral of y along ``axis`` by the trapezoidal rule, at the sample points x
    (or spaced dx)."""
    y = _tensor(y, "y", "trapz")
    if x is None:
        return _ops.trapz(y, dx=dx, dim=axis)
    return _ops.trapz(y, _tensor(x, "x", "trapz"), dim=axis)


def interp(x, xp, fp, left=None, right=None):
    """The piecewise-linear interpolant through (xp, fp) at x (xp increasing), fp[0] or
    ``left`` below xp[0], fp[-1] or ``right`` above xp[-1]. Differentiable in x and fp."""
    x, xp, fp = (_tensor(v, name, "interp") for v, name in ((x, "x"), (xp, "xp"), (fp, "fp")))
    if xp.ndim != 1 or fp.shape != xp.shape or xp.shape[0] == 0:
        raise ValueError(f"interp: xp and fp must be 1-D of one non-zero length, got shapes "
                         f"{xp.shape} and {fp.shape}")
    points = np.asarray(xp.asnumpy())
    if np.any(np.diff(points) < 0):
        raise ValueError("interp: xp must be increasing")
    where = np.asarray(_ops.stop_gradient(x).asnumpy())
    right_of = np.clip(np.searchsorted(points, where, side="right"), 1, builtins.max(
        len(points) - 1, 1))
    lo, hi = Tensor(right_of - 1), Tensor(right_of)
    x0, x1 = _ops.gather(xp, lo, 0), _ops.gather(xp, hi, 0)
    f0, f1 = _ops.gather(fp, lo, 0), _ops.gather(fp, hi, 0)
    width = _ops.sub(x1, x0)
    safe = _ops.where(_ops.equal(width, 0), _ops.ones_like(width), width)
    inside = _ops.add(f0, _ops.mul(_ops.div(_ops.sub(x, x0), safe), _ops.sub(f1, f0)))
    below = fp[0] if left is None else left
    above = fp[-1] if right is None else right
    out = _ops.where(_ops.lt(x, xp[0]), below, inside)
    return _ops.where(_ops.gt(x, xp[-1]), above, out)


def gradient(f, *varargs, axis=None, edge_order=1):
    """NumPy's ``gradient``: second-order central differences inside, one-sided at the
    ends (edge_order 1 or 2), along each axis (or ``axis``), spacing from ``varargs``
    (one number for all axes, or one number per axis). One Tensor for one axis, else
    a list."""
    f = _tensor(f, "f", "gradient")
    axes = tuple(range(f.ndim)) if axis is None else (
        (axis,) if isinstance(axis, int) else tuple(axis))
    axes = tuple(a % f.ndim for a in axes)
    if len(varargs) == 0:
        spacing = [1.0] * len(axes)
    elif len(varargs) == 1:
        spacing = list(varargs) * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise ValueError(f"gradient: give no spacing, one, or one per axis ({len(axes)}), "
                         f"got {len(varargs)}")
    if edge_order not in (1, 2):
        raise ValueError(f"gradient: edge_order must be 1 or 2, got {edge_order!r}")
    if np.dtype(f.dtype).kind != "f":
        f = _ops.cast(f, float32)
    out = []
    for a, h in zip(axes, spacing):
        if isinstance(h, (Tensor, np.ndarray, list, tuple)):
            raise TypeError("gradient: dualgrad takes uniform spacings (numbers) only")
        n = f.shape[a]
        if n < edge_order + 1:
            raise ValueError(f"gradient: axis {a} of length {n} needs at least "
                             f"{edge_order + 1} points")
        def take(i, a=a):
            return _ops.narrow(f, a, i, 1)

        inner = _ops.div(_ops.sub(_ops.narrow(f, a, 2, n - 2), _ops.narrow(f, a, 0, n - 2)),
                         2.0 * h)
        if edge_order == 1:
            first = _ops.div(_ops.sub(take(1), take(0)), h)
            last = _ops.div(_ops.sub(take(n - 1), take(n - 2)), h)
        else:
            first = _ops.div(_ops.add(_ops.sub(_ops.mul(take(1), 4.0), _ops.mul(take(0), 3.0)),
                                      _ops.neg(take(2))), 2.0 * h)
            last = _ops.div(_ops.sub(_ops.add(_ops.mul(take(n - 1), 3.0), take(n - 3)),
                                     _ops.mul(take(n - 2), 4.0)), 2.0 * h)
        out.append(_ops.concat([first, inner, last], a))
    return out[0] if len(out) == 1 else out


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None,
        dtype=None):
    """The covariance matrix of the variables (rows of m, or columns without
    ``rowvar``), y's variables appended."""
    m = _tensor(m, "m", "cov")
    if m.ndim > 2:
        raise ValueError(f"cov: m must be 1-D or 2-D, got shape {m.shape}")
    m = _ops.reshape(m, (1, -1)) if m.ndim < 2 else (m if rowvar else _ops.transpose(m))
    if y is not None:
        y = _tensor(y, "y", "cov")
        y = _ops.reshape(y, (1, -1)) if y.ndim < 2 else (y if rowvar else _ops.transpose(y))
        m = _ops.concat([m, y], 0)
    if np.dtype(m.dtype).kind != "f":
        m = _ops.cast(m, float32)
    correction = (0 if bias else 1) if ddof is None else ddof
    out = _ops.cov(m, correction=correction,
                   fweights=None if fweights is None else _tensor(fweights, "fweights", "cov"),
                   aweights=None if aweights is None else _tensor(aweights, "aweights", "cov"))
    return _result(out, dtype)


def corrcoef(x, y=None, rowvar=True, dtype=None):
    """The correlation coefficients of the variables (cov normalised by the standard
    deviations)."""
    c = cov(x, y, rowvar)
    d = _ops.sqrt(_ops.diagonal(c, 0, 0, 1)) if c.ndim == 2 else _ops.sqrt(c)
    out = _ops.div(c, _ops.mul(_ops.reshape(d, (-1, 1)), _ops.reshape(d, (1, -1)))) \
        if c.ndim == 2 else _ops.div(c, c)
    return _result(out, dtype)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal ``offset`` of the (axis1, axis2) matrices, as a last axis."""
    return _ops.diagonal(_tensor(a, "a", "diagonal"), offset, axis1, axis2)


def diagflat(v, k=0):
    """The flattened v on diagonal k of a square matrix."""
    return _diag_matrix(ravel(_tensor(v, "v", "diagflat")), k)


def multi_dot(arrays):
    """The matrix product of a sequence of arrays (the first and last may be 1-D)."""
    tensors = _tensors(arrays, "arrays", "multi_dot")
    if len(tensors) < 2:
        raise ValueError(f"multi_dot: arrays must hold at least 2 arrays, got {len(tensors)}")
    out = tensors[0]
    for t in tensors[1:]:
        out = dot(out, t)
    return out


def matrix_power(a, n):
    """a multiplied by itself n times (n >= 0; the identity for 0)."""
    return _ops.matrix_power(_tensor(a, "a", "matrix_power"), _count(n, "n", "matrix_power"))


def nanmax(a, axis=None, dtype=None, keepdims=False):
    """The maximum over ``axis`` ignoring NaNs."""
    a = _tensor(a, "a", "nanmax")
    return _result(amax(_ops.where(_ops.isnan(a), -np.inf, a), axis, keepdims), dtype)


def nanmin(a, axis=None, dtype=None, keepdims=False):
    """The minimum over ``axis`` ignoring NaNs."""
    a = _tensor(a, "a", "nanmin")
    return _result(amin(_ops.where(_ops.isnan(a), np.inf, a), axis, keepdims), dtype)


def nanvar(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """The variance over ``axis`` of the values that are not NaN, dividing by n - ddof."""
    return _result(_nan_variance(_tensor(a, "a", "nanvar"), _axis(axis), ddof, keepdims), dtype)


def nanstd(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """The standard deviation over ``axis`` of the values that are not NaN."""
    return _result(_ops.sqrt(_nan_variance(_tensor(a, "a", "nanstd"), _axis(axis), ddof,
                                           keepdims)), dtype)


def _nan_variance(a, axis, ddof, keepdims):
    kept = _ops.logical_not(_ops.isnan(a))
    count = _ops.sum(_ops.cast(kept, a.dtype), axis, True)
    mean_ = _ops.div(_ops.sum(_ops.where(kept, a, 0.0), axis, True), count)
    squares = _ops.where(kept, _ops.square(_ops.sub(a, mean_)), 0.0)
    out = _ops.div(_ops.sum(squares, axis, True), _ops.sub(count, ddof))
    if keepdims:
        return out
    return _ops.reshape(out, ()) if axis is None else _ops.squeeze(out, axis)


def nancumsum(a, axis=None, dtype=None):
    """Running sums along ``axis`` (flattened by default), NaNs counted as zero."""
    a, axis = _flat_axis(a, axis, "nancumsum")
    return _ops.cumsum(_ops.where(_ops.isnan(a), 0.0, a), axis, dtype)


def select(condlist, choicelist, default=0):
    """Per element, the choice of the first condition that holds (``default`` where
    none does)."""
    conditions = _tensors(condlist, "condlist", "select")
    choices = _tensors(choicelist, "choicelist", "select")
    if len(conditions) != len(choices):
        raise ValueError(f"select: condlist and choicelist must be of one length, got "
                         f"{len(conditions)} and {len(choices)}")
    out = default
    for condition, choice in zip(reversed(conditions), reversed(choices)):
        out = _ops.where(condition, choice, out)
    return out if isinstance(out, Tensor) else asarray(out)


def tril_indices(n, k=0, m=None):
    """The (row, column) indices of the lower triangle of an n×m matrix."""
    rows, cols = np.tril_indices(_count(n, "n", "tril_indices"), k,
                                 None if m is None else _count(m, "m", "tril_indices"))
    return Tensor(rows.astype(np.int32)), Tensor(cols.astype(np.int32))


def triu_indices(n, k=0, m=None):
    """The (row, column) indices of the upper triangle of an n×m matrix."""
    rows, cols = np.triu_indices(_count(n, "n", "triu_indices"), k,
                                 None if m is None else _count(m, "m", "triu_indices"))
    return Tensor(rows.astype(np.int32)), Tensor(cols.astype(np.int32))


def indices(dimensions, dtype=int32, sparse=False):
    """The index grids of an array of shape ``dimensions`` (one Tensor stacking them,
    or with ``sparse`` a tuple of broadcastable ones)."""
    grids = np.indices(_shape(dimensions, "indices"), _np_dtype(dtype), sparse)
    return tuple(Tensor(g) for g in grids) if sparse else Tensor(grids)


def searchsorted(a, v, side="left", sorter=None):
    """Where v's values would go in the sorted 1-D a (int32)."""
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    a = _tensor(a, "a", "searchsorted")
    v = _tensor(v, "v", "searchsorted")
    return _ops.searchsorted(a, v, out_int32=True, side=side,
                             sorter=None if sorter is None else _tensor(sorter, "sorter",
                                                                         "searchsorted"))


def digitize(x, bins, right=False):
    """The bin of each value of x: i with bins[i-1] <= x < bins[i] for increasing bins
    (bins[i-1] < x <= bins[i] with ``right``); decreasing bins count from the other end."""
    x, bins = _tensor(x, "x", "digitize"), _tensor(bins, "bins", "digitize")
    edges = np.asarray(bins.asnumpy())
    if edges.ndim != 1:
        raise ValueError(f"digitize: bins must be 1-D, got shape {edges.shape}")
    values = np.asarray(_ops.stop_gradient(x).asnumpy())
    return Tensor(np.digitize(values, edges, right).astype(np.int32))


def unique(x, return_inverse=False):
    """The sorted distinct values of x (and, with ``return_inverse``, the index of each
    element of the flattened x among them)."""
    values = np.asarray(_tensor(x, "x", "unique").asnumpy())
    found, inverse = np.unique(values, return_inverse=True)
    found = Tensor(found)
    return (found, Tensor(inverse.reshape(-1).astype(np.int64))) if return_inverse else found


def argwhere(a):
    """The indices of the non-zero elements, one row each (int64)."""
    return _ops.nonzero(_tensor(a, "a", "argwhere"))


def isin(element, test_elements, invert=False):
    """Whether each element is among test_elements (or is not, with ``invert``)."""
    values = np.asarray(_tensor(element, "element", "isin").asnumpy())
    tests = np.asarray(_tensor(test_elements, "test_elements", "isin").asnumpy())
    return Tensor(np.isin(values, tests, invert=invert))


def bincount(x, weights=None, minlength=0, length=None):
    """How often each non-negative int appears in 1-D x (weighted: the sum of weights)."""
    x = _tensor(x, "x", "bincount")
    counts = _ops.bincount(x, None if weights is None else _tensor(weights, "weights",
                                                                    "bincount"), minlength)
    return counts if length is None else counts[:length]


def array_equiv(a1, a2):
    """Whether a1 and a2 broadcast to one shape with equal values."""
    a1, a2 = _tensor(a1, "a1", "array_equiv"), _tensor(a2, "a2", "array_equiv")
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return Tensor(False)
    return _ops.all(_ops.equal(a1, a2))


def isscalar(element):
    """Whether element is a Python or NumPy scalar (a Tensor is not one)."""
    return isinstance(element, (str, bytes, complex) + _NUMBERS) or np.isscalar(element)


def rollaxis(x, axis, start=0):
    """x with ``axis`` moved to before position ``start``."""
    x = _tensor(x, "x", "rollaxis")
    axis, start = axis % x.ndim, start % (x.ndim + 1)
    return _ops.moveaxis(x, axis, start - 1 if start > axis else start)


def hsplit(x, indices_or_sections):
    """split along axis 1 (axis 0 for 1-D x)."""
    x = _tensor(x, "x", "hsplit")
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


def vsplit(x, indices_or_sections):
    """split along axis 0."""
    return split(x, indices_or_sections, 0)


def dsplit(x, indices_or_sections):
    """split along axis 2."""
    return split(x, indices_or_sections, 2)


def ediff1d(ary, to_end=None, to_begin=None):
    """The differences of the flattened ary, with ``to_begin`` and ``to_end`` around."""
    parts = [ravel(asarray(to_begin))] if to_begin is not None else []
    flat = ravel(_tensor(ary, "ary", "ediff1d"))
    parts.append(_ops.sub(flat[1:], flat[:-1]))
    if to_end is not None:
        parts.append(ravel(asarray(to_end)))
    return _ops.concat([_ops.cast(p, parts[-1].dtype) for p in parts], 0)


def fix(x):
    """x rounded toward zero."""
    return _ops.trunc(_tensor(x, "x", "fix"))


for _name in ("logaddexp", "logaddexp2", "copysign"):
    globals()[_name] = _binary(_name, getattr(_ops, _name))
signbit = _unary("signbit", _ops.signbit)


def size(a, axis=None):
    """The number of elements (along ``axis`` if given)."""
    a = _tensor(a, "a", "size")
    return a.size if axis is None else a.shape[axis]


def shape(a):
    """The shape of a, as a tuple."""
    return _tensor(a, "a", "shape").shape


def ndim(a):
    """The number of axes of a."""
    return _tensor(a, "a", "ndim").ndim


__all__ = sorted([name for name, value in globals().items()
                  if callable(value) and not name.startswith("_") and name != "Tensor"]
                 + ["bool_", "float16", "float32", "float64", "float_", "int8", "int16",
                    "int32", "int64", "int_", "uint8"])
