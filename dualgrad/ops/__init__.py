"""Operations on Tensors in MindSpore's style (and on arrays, Dual and HyperDual values).

Functions: every elementwise primitive of the rule table (``ops.sin``,
``ops.tanh``, ``ops.mul``, ``ops.rsqrt``, ``ops.hypot``...), reductions
(``sum``, ``mean``, ``amax``, ``prod``, ``logsumexp``...), running sums and
products (``cumsum``, ``cumprod``), norms and distances (``norm``, ``cdist``),
products and contractions (``matmul``, ``dot``, ``tensor_dot``, ``outer``,
``einsum``, ``trace``, ``diag``), shape operations and rearrangements
(``reshape``, ``flatten``, ``tile``, ``split``, ``chunk``, ``gather``,
``index_select``, ``meshgrid``, ``flip``, ``roll``, ``concat``...),
``where``, ``sort`` and ``topk``, activations, ``isnan``/``isinf``/
``isfinite``, constructors (``eye``, ``full``, ``zeros``, ``arange``...),
``stop_gradient``, ``derivative``.  With a Tensor argument the result is a
Tensor; ``ops.sin(HyperDual(...))`` is a HyperDual.  Every differentiable
function is a primitive or composed of primitives, so every mode (reverse,
Dual, HyperDual, batched, nested) differentiates it to any order.

Primitive classes (``ops.Sin()``, ``ops.MatMul(transpose_b=True)``,
``ops.ReduceSum(keep_dims=True)``...) are generated from the same table and
call the same functions; see ``dualgrad.ops.primitives``.
"""
import numpy as np

from .. import _composite as _c, _elementwise as _ew, _functions as _f, _tensor
from .._composer import derivative  # noqa: F401  (ops.derivative, as in MindSpore)
from .._core import primal_value as _primal_value
from .._structural import _normalize_axes
from .._dtypes import to_numpy_dtype as _np_dtype
from .._tensor import (BinaryTensorFunction as _lift_binary, DivTensorFunction as _lift_div,
                       PowTensorFunction as _lift_pow, TensorFunction as _lift,
                       UnaryTensorFunction as _lift_unary)
from .._transforms import GradOperation, grad, value_and_grad  # noqa: F401  (ops.grad...)

# ---------------------------------------------------------------------------
# Elementwise functions, one per row of the rule table

globals().update({p.name: _lift_unary(p, p.name, doc=f"Elementwise {p.name}; "
                                      f"f'(x) = {p.entry.d1}, f''(x) = {p.entry.d2}.")
                  for p in _ew.UNARY})
globals().update({p.name: {"pow": _lift_pow, "div": _lift_div}.get(p.name, _lift_binary)(
    p, p.name, doc=f"Elementwise {p.name} with broadcasting.") for p in _ew.BINARY})

# MindSpore's other names for some of them
negative = globals()["neg"]
exp_ = globals()["exp"]
absolute = globals()["abs"]
power = globals()["pow"]
multiply = globals()["mul"]
divide = globals()["div"]
real_div = globals()["div"]


def subtract(input, other, *, alpha=1):
    """input - alpha * other."""
    return sub(input, other if alpha == 1 else mul(other, alpha))  # noqa: F821


def true_divide(dividend, divisor):
    """dividend / divisor (integers divide into float32)."""
    return div(dividend, divisor)  # noqa: F821


def _value_level(fn, name, doc=None, names=None):
    """``fn`` lifted to Tensors; ``names`` maps MindSpore's parameter names to fn's."""
    return _lift(fn, name, doc=doc or fn.__doc__, names=names)


def floor_divide(input, other):
    """input / other rounded down (integers stay integers); derivative zero."""
    return _tensor.apply_operator("floordiv", input, other)


def _trunc_divide(input, other):
    return _tensor.apply_operator("truncdiv", input, other)


def remainder(input, other):
    """input - floor_divide(input, other) * other: the remainder with other's sign."""
    return _tensor.apply_operator("mod", input, other)


def fmod(input, other):
    """input - trunc(input / other) * other: the remainder with input's sign."""
    return _tensor.apply_operator("fmod", input, other)


def floor_div(x, y):
    """x / y rounded down (MindSpore's names for floor_divide's arguments)."""
    return floor_divide(x, y)


def floor_mod(x, y):
    """x - floor_div(x, y) * y (MindSpore's names for remainder's arguments)."""
    return remainder(x, y)


def _masked_fill(input_x, mask, value):
    return _f.where(np.asarray(_primal_value(mask)), value, input_x)


masked_fill = _value_level(_masked_fill, "masked_fill", "``value`` where ``mask`` is true, "
                           "``input_x`` elsewhere; no derivative reaches the filled places.")


def _div_rounded(input, other, rounding_mode):
    # (the elementwise div's keyword path, installed below into the Tensor layer)
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        return _trunc_divide(input, other)
    raise ValueError(f"div: rounding_mode must be None, 'floor' or 'trunc', got "
                     f"{rounding_mode!r}")


_gelu_erf = globals()["gelu"]
_gelu_tanh = _value_level(_f.gelu_tanh, "gelu")


def gelu(input, approximate="none"):
    """GELU: x Phi(x) with ``approximate='none'``, or its tanh form with ``'tanh'``
    (MindSpore's ``ops.gelu``)."""
    if approximate == "none":
        return _gelu_erf(input)
    if approximate == "tanh":
        return _gelu_tanh(input)
    raise ValueError(f"approximate: expected 'none' or 'tanh', got {approximate!r}")


# ---------------------------------------------------------------------------
# Shape, joining, selection

matmul = _value_level(_f.matmul, "matmul", names={
    "input": "a", "other": "b", "transpose_a": "transpose_a", "transpose_b": "transpose_b"})
def _matrix_product(name, ndims, doc, names):
    first, second = names

    def fn(a, b):
        shapes = (len(_f.shape_of(a)), len(_f.shape_of(b)))
        if shapes != ndims:
            raise ValueError(f"{name}: expected {first} and {second} of {ndims[0]} and "
                             f"{ndims[1]} dimensions, got {shapes[0]} and {shapes[1]}")
        return _f.matmul(a, b)
    return _value_level(fn, name, doc, names={first: "a", second: "b"})


mm = _matrix_product("mm", (2, 2), "The product of two matrices.", ("input", "mat2"))
bmm = _matrix_product("bmm", (3, 3), "Products of two batches of matrices.", ("input_x", "mat2"))
mv = _matrix_product("mv", (2, 1), "The product of a matrix and a vector.", ("mat", "vec"))


def _inner(input, other):
    if not _f.shape_of(input) or not _f.shape_of(other):
        return _ew.NAMESPACE["mul"](input, other)
    last = len(_f.shape_of(input)) - 1, len(_f.shape_of(other)) - 1
    return _c.tensor_dot(input, other, ((last[0],), (last[1],)))


inner = _value_level(_inner, "inner", "Sums of products over the last axes of both inputs.")
reshape = _value_level(_f.reshape, "reshape", names={"input": "x", "shape": "shape"})
ravel = _value_level(lambda input: _f.reshape(input, (-1,)), "ravel", "The elements as a "
                     "vector.")
broadcast_to = _value_level(_f.broadcast_to, "broadcast_to",
                            names={"input": "x", "shape": "shape"})
expand_dims = _value_level(_f.expand_dims, "expand_dims", names={"input_x": "x", "axis": "axis"})
unsqueeze = _value_level(_f.expand_dims, "unsqueeze", "Insert an axis of size 1 at ``dim``.",
                         names={"input": "x", "dim": "axis"})
squeeze = _value_level(_f.squeeze, "squeeze", names={"input": "x", "axis": "axis"})
concat = _value_level(_f.concat, "concat", names={"tensors": "xs", "axis": "axis"})
cat = concat
stack = _value_level(_f.stack, "stack", names={"tensors": "xs", "axis": "axis"})
where = _value_level(_f.tensor_where, "where", names={"condition": "condition", "input": "x",
                                               "other": "y"})
select = where
clip = _value_level(_f.clip, "clip", names={"input": "x", "min": "low", "max": "high"})
clamp = clip


def _transpose(x, dims=None, *more):
    if more:
        dims = (dims,) + more
    return _f.transpose(x, dims)


transpose = _value_level(_transpose, "transpose", "Permute the axes (reversed when omitted).",
                         names={"input": "x", "dims": "dims"})
permute = _value_level(_transpose, "permute", "Permute the axes.",
                       names={"input": "x", "axis": "dims"})


def _cast(x, dtype):
    return _f.cast(x, _np_dtype(dtype))


cast = _value_level(_cast, "cast", "Convert to another dtype (float32, float64...).",
                    names={"input": "x", "dtype": "dtype"})


# ---------------------------------------------------------------------------
# Reductions, with MindSpore's keyword names

def _sum(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = _f.cast(input, _np_dtype(dtype))
    return _f.sum_(input, _f.every_axis_if_empty(dim), keepdim)


def _reduce_sum(x, axis=None, keep_dims=False):
    return _f.reduce_sum(x, axis, keep_dims)


def _mean(x, axis=None, keep_dims=False):
    return _f.tensor_mean(x, axis, keep_dims)


def _extremum(reduce, arg):
    def fn(input, axis=None, keepdims=False, *, initial=None, where=None):
        values = reduce(input, axis, keepdims, "first" if axis is not None else "split")
        data = np.asarray(_primal_value(input))
        index = arg(data.reshape(-1) if axis is None else data, axis=0 if axis is None else axis)
        if keepdims and axis is not None:
            index = np.expand_dims(index, axis)
        return values, np.asarray(index, dtype=np.int64)
    return fn


sum = _value_level(_sum, "sum", "Sum over ``dim`` (all axes when None).")  # noqa: A001
reduce_sum = _value_level(_reduce_sum, "reduce_sum", "Sum over ``axis`` (all when None/()).")
mean = _value_level(_mean, "mean", "Mean over ``axis`` (all axes when None).")
reduce_mean = mean
max = _value_level(_extremum(_f.max_, np.argmax), "max",  # noqa: A001
                   "(values, indices) of the maximum over ``axis``.")
min = _value_level(_extremum(_f.min_, np.argmin), "min",  # noqa: A001
                   "(values, indices) of the minimum over ``axis``.")
def _amax(x, axis=None, keepdims=False):
    return _f.max_(x, _f.every_axis_if_empty(axis), keepdims)


def _amin(x, axis=None, keepdims=False):
    return _f.min_(x, _f.every_axis_if_empty(axis), keepdims)


amax = _value_level(_amax, "amax", "Maximum over ``axis``; tied elements share the gradient.",
                    names={"input": "x", "axis": "axis", "keepdims": "keepdims"})
amin = _value_level(_amin, "amin", "Minimum over ``axis``; tied elements share the gradient.",
                    names={"input": "x", "axis": "axis", "keepdims": "keepdims"})


def _arg_extremum(np_fn, input, axis, keepdims, dtype, name):
    a = np.asarray(_primal_value(input))
    if axis is not None:
        if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
            raise TypeError(f"{name}: expected an int or None, got {axis!r}")
        _normalize_axes(axis, a.ndim, name)
    return np.asarray(np_fn(a, axis=axis, keepdims=keepdims), dtype=dtype)


def _argmax(input, dim=None, keepdim=False):
    return _arg_extremum(np.argmax, input, dim, keepdim, np.int64, "argmax: dim")


def _argmin(input, axis=None, keepdims=False):
    # MindSpore's argmin gives Int32 indices (its argmax Int64)
    return _arg_extremum(np.argmin, input, axis, keepdims, np.int32, "argmin: axis")


argmax = _value_level(_argmax, "argmax", "Index of the maximum over ``dim`` (of all "
                      "elements, flattened, when None), Int64; ties give the first.")
argmin = _value_level(_argmin, "argmin", "Index of the minimum over ``axis`` (of all "
                      "elements, flattened, when None), Int32; ties give the first.")


def _var(input, axis=None, ddof=0, keepdims=False):
    x = _f.floating(input)
    shape = _f.shape_of(x)
    count = int(np.prod([shape[a] for a in _normalize_axes(axis, len(shape))]))
    centred = _ew.NAMESPACE["sub"](x, _f.mean(x, axis, True))
    squares = _f.sum_(_ew.NAMESPACE["mul"](centred, centred), axis, keepdims)
    return _ew.NAMESPACE["div"](squares, float(count - ddof))


var = _value_level(_var, "var", "Variance over ``axis`` (all axes when None), with "
                   "``count - ddof`` as the divisor.")
std = _value_level(lambda input, axis=None, ddof=0, keepdims=False: _ew.NAMESPACE["sqrt"](
    _var(input, axis, ddof, keepdims)), "std", "Standard deviation: sqrt(var(...)).")


def _truth_reduction(np_fn, name):
    def fn(input, axis=None, keep_dims=False):
        a = np.asarray(_primal_value(_tensor.value_of(input)))
        axis = _f.every_axis_if_empty(axis)
        return _tensor.wrap(np.asarray(np_fn(a, axis=axis, keepdims=keep_dims)))
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Whether {name} of the elements over ``axis`` (all when None) are true."
    return fn


all = _truth_reduction(np.all, "all")  # noqa: A001
any = _truth_reduction(np.any, "any")  # noqa: A001


# ---------------------------------------------------------------------------
# Comparisons and logic: on primal values, Bool results, no derivative

def _predicate(np_fn, name, what):
    def fn(input, other):
        return _tensor.predicate(np_fn, input, other)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise {what}, a Bool Tensor."
    return fn


equal = eq = _predicate(np.equal, "equal", "input == other")
not_equal = ne = _predicate(np.not_equal, "not_equal", "input != other")
greater = gt = _predicate(np.greater, "greater", "input > other")
greater_equal = ge = _predicate(np.greater_equal, "greater_equal", "input >= other")
less = lt = _predicate(np.less, "less", "input < other")
less_equal = le = _predicate(np.less_equal, "less_equal", "input <= other")
logical_and = _predicate(np.logical_and, "logical_and", "input and other")
logical_or = _predicate(np.logical_or, "logical_or", "input or other")
logical_xor = _predicate(np.logical_xor, "logical_xor", "input xor other")


def _bitwise(np_fn, name, symbol):
    def fn(input, other):
        return _tensor.bitwise(name, np_fn, input, other)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise input {symbol} other of bool or integer Tensors (bitwise)."
    return fn


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and", "&")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or", "|")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor", "^")


def logical_not(input):
    """Elementwise not input, a Bool Tensor."""
    return _tensor.wrap(np.asarray(np.logical_not(_primal_value(_tensor.value_of(input)))))


def _logsumexp(x, axis=None, keep_dims=False):
    m = _f.stop_gradient(_f.max_(x, axis, True))
    out = _ew.NAMESPACE["add"](_ew.NAMESPACE["log"](
        _f.sum_(_ew.NAMESPACE["exp"](_ew.NAMESPACE["sub"](x, m)), axis, True)), m)
    return out if keep_dims else _f.squeeze(out, axis)


logsumexp = _value_level(_logsumexp, "logsumexp", "log(sum(exp(x))) over ``axis``, stably.",
                         names={"input": "x", "dim": "axis", "keepdim": "keep_dims"})


def _over_axis(fn, name, x, axis, dtype):
    """``fn(x, axis)``, ``dtype`` casting x first (MindSpore's ``softmax`` and ``softmin``)."""
    _f.check_axis(axis, name)
    if dtype is not None:
        x = _f.cast(x, _np_dtype(dtype))
    return fn(x, axis)


def _softmax(input, axis=-1, *, dtype=None):
    return _over_axis(_f.softmax, "softmax", input, axis, dtype)


def _softmin(x, axis=-1, *, dtype=None):      # MindSpore names softmin's input x
    return _over_axis(_f.softmin, "softmin", x, axis, dtype)


softmax = _value_level(_softmax, "softmax", "exp(x) / sum(exp(x)) over ``axis``, stably.")
softmin = _value_level(_softmin, "softmin", "softmax(-x) over ``axis``.")


def _log_softmax(logits, axis=-1):
    _f.check_axis(axis, "log_softmax")
    return _f.log_softmax(logits, axis)


log_softmax = _value_level(_log_softmax, "log_softmax",
                           "x - logsumexp(x) over ``axis``, as (x - max) - log(sum(exp(x - max))).")

# Activations composed of primitives (dualgrad._functions), with MindSpore's
# names and arguments (ops.leaky_relu(input, alpha=0.2), ops.elu, ops.celu,
# ops.selu, ops.relu6, ops.hardtanh(input, min_val, max_val), ops.hardsigmoid,
# ops.hardswish, ops.mish, ops.softsign, ops.tanhshrink, ops.logsigmoid);
# integer Tensors compute in float32.
globals().update({name: _value_level(getattr(_f, name), name) for name in (
    "leaky_relu", "elu", "celu", "selu", "relu6", "hardtanh", "hardsigmoid", "hardswish",
    "mish", "softsign", "tanhshrink", "logsigmoid")})


def _softplus(input, beta=1, threshold=20):
    if beta == 1 and threshold is None:
        return _ew.NAMESPACE["softplus"](input)
    scaled = _ew.NAMESPACE["mul"](input, float(beta))
    soft = _ew.NAMESPACE["div"](_ew.NAMESPACE["softplus"](scaled), float(beta))
    if threshold is None:
        return soft
    # Above the threshold softplus is x to rounding, as MindSpore returns it.
    return _f.where(np.asarray(_primal_value(scaled)) > threshold, input, soft)


softplus = _value_level(_softplus, "softplus", "log(1 + exp(beta·x)) / beta.")


# ---------------------------------------------------------------------------
# Norms, distances, products, contractions, rearrangements, sorting: composed
# of the primitives (dualgrad._composite), so that every mode differentiates
# them to any order.

globals().update({name: _value_level(getattr(_c, name), name) for name in (
    "norm", "cdist", "cumsum", "prod", "cumprod", "tensor_dot", "dot", "trace", "diag",
    "einsum", "flatten", "tile", "split", "chunk", "gather", "index_select", "meshgrid",
    "flip", "roll", "sort", "topk", "logaddexp", "isnan", "isinf", "isfinite")})


def outer(input, vec2):
    """The outer product of two vectors (tensors of more axes are flattened first),
    with MindSpore's dtype rules of ``ops.mul``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.outer(ms.Tensor([1.0, 2.0]), ms.Tensor([1.0, 0.5, 0.25]))
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  5.00000000e-01,  2.50000000e-01],
     [ 2.00000000e+00,  1.00000000e+00,  5.00000000e-01]])
    """
    return multiply(reshape(input, (-1, 1)), reshape(vec2, (-1,)))


# ---------------------------------------------------------------------------
# Gradient stopping (on Tensors and on containers of them)

def stop_gradient(value):
    """The value with no derivative at any level of nesting; containers keep their type."""
    if isinstance(value, _tensor.Tensor):
        return _tensor.wrap(_f.stop_gradient(_tensor.value_of(value)))
    if isinstance(value, tuple):
        return tuple(stop_gradient(v) for v in value)
    if isinstance(value, list):
        return [stop_gradient(v) for v in value]
    if isinstance(value, dict):
        return {k: stop_gradient(v) for k, v in value.items()}
    return _f.stop_gradient(value)


# ---------------------------------------------------------------------------
# Constructors

def zeros(size, dtype=None):
    return _tensor.Tensor(np.zeros(size, _np_dtype(dtype or "float32")))


def ones(shape, dtype=None):
    return _tensor.Tensor(np.ones(shape, _np_dtype(dtype or "float32")))


def zeros_like(input, *, dtype=None):
    a = np.asarray(_primal_value(_tensor.value_of(input)))
    return _tensor.Tensor(np.zeros(a.shape, _np_dtype(dtype) if dtype else a.dtype))


def ones_like(input, *, dtype=None):
    a = np.asarray(_primal_value(_tensor.value_of(input)))
    return _tensor.Tensor(np.ones(a.shape, _np_dtype(dtype) if dtype else a.dtype))


def _size_argument(value, name, owner):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{owner}: {name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{owner}: {name} must be >= 0, got {value}")
    return int(value)


def eye(n, m=None, dtype=None):
    """The n x m matrix (n x n when m is None) with ones on its diagonal, float32
    unless ``dtype`` says otherwise.

    >>> from dualgrad import ops
    >>> ops.eye(2, 3).asnumpy().tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    """
    n = _size_argument(n, "n", "eye")
    m = n if m is None else _size_argument(m, "m", "eye")
    return _tensor.Tensor(np.eye(n, m, dtype=_np_dtype(dtype or "float32")))


def _fill_value(value, dtype, owner):
    """A number (or a 0-d tensor) converted to ``dtype``; floats to an integer dtype
    are truncated, as MindSpore does."""
    value = _primal_value(_tensor.value_of(value))
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
        raise TypeError(f"{owner}: fill_value must be a number or a 0-d tensor, got "
                        f"{type(value).__name__}")
    if dtype.kind in "iu" and not np.isfinite(value):
        raise ValueError(f"{owner}: fill_value {value} has no value in {dtype}")
    return np.asarray(value).astype(dtype)


def full(size, fill_value, *, dtype=None):
    """A tensor of shape ``size`` filled with ``fill_value``, int64 unless ``dtype``
    says otherwise (so a float fill_value is truncated, as in MindSpore: give
    ``dtype=ms.float32`` for floats).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.full((2,), 1.5)
    Tensor(shape=[2], dtype=Int64, value= [1, 1])
    >>> ops.full((2,), 1.5, dtype=ms.float32)
    Tensor(shape=[2], dtype=Float32, value= [ 1.50000000e+00,  1.50000000e+00])
    """
    shape = (size,) if isinstance(size, (int, np.integer)) else size
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"full: size must be a tuple of ints, got {type(size).__name__}")
    shape = tuple(_size_argument(n, "size", "full") for n in shape)
    dtype = _np_dtype(dtype) if dtype is not None else np.dtype(np.int64)
    return _tensor.Tensor(np.full(shape, _fill_value(fill_value, dtype, "full"), dtype))


def full_like(input, fill_value, *, dtype=None):
    """A tensor of ``input``'s shape (and dtype, unless ``dtype`` is given) filled
    with ``fill_value``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.full_like(ms.Tensor([[1.0, 2.0]]), 7)
    Tensor(shape=[1, 2], dtype=Float32, value=
    [[ 7.00000000e+00,  7.00000000e+00]])
    """
    a = np.asarray(_primal_value(_tensor.value_of(input)))
    dtype = _np_dtype(dtype) if dtype is not None else a.dtype
    return _tensor.Tensor(np.full(a.shape, _fill_value(fill_value, dtype, "full_like"), dtype))


def linspace(start, end, steps, *, dtype=None):
    return _tensor.Tensor(np.linspace(start, end, steps).astype(_np_dtype(dtype or "float32")))


def arange(start=0, end=None, step=1, *, dtype=None):
    if step == 0:
        raise ValueError("step: expected a nonzero step, got 0")
    values = np.arange(start, end, step) if end is not None else np.arange(start)
    if dtype is not None:
        values = values.astype(_np_dtype(dtype))
    elif values.dtype.kind == "f":
        values = values.astype(np.float32)
    return _tensor.Tensor(values)


_tensor.install({"div_rounded": _div_rounded, "all": all, "any": any, "argmax": argmax,
                 "argmin": argmin, "flatten": flatten})
# Tensor methods for the elementwise functions: t.sin(), t.exp(), ...
_tensor.install({"method:" + p.name: globals()[p.name] for p in _ew.UNARY + _ew.BINARY})
_tensor.install({"method:clip": clip, "method:clamp": clip, "method:matmul": matmul,
                 "method:softmax": softmax, "method:logsumexp": logsumexp})
# ... and the functions whose MindSpore Tensor methods take the same arguments.
_tensor.install({"method:" + name: globals()[name] for name in (
    "norm", "prod", "tile", "flip", "roll", "split", "chunk", "outer", "trace", "gather",
    "index_select", "sort", "topk", "logaddexp", "isnan", "isinf", "isfinite", "cumsum",
    "std", "var", "logical_not", "logical_and", "logical_or", "logical_xor", "equal",
    "not_equal", "greater", "greater_equal", "less", "less_equal", "floor_divide",
    "remainder", "fmod", "cumprod", "amax", "amin", "gt", "ge", "lt", "le", "eq", "ne",
    "masked_fill", "bitwise_and", "bitwise_or", "bitwise_xor")})

from .primitives import *  # noqa: E402,F401,F403  (MindSpore-style primitive classes)
