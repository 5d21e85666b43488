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
``stop_gradient``, ``derivative``; comparisons and logic (``eq``,
``greater``, ``logical_and``, ``isclose``, ``all``, ``argmax``,
``count_nonzero``...), statistics (``std``, ``var``, ``std_mean``,
``nansum``, ``cummax``, ``diff``), composed elementwise functions
(``xlogy``, ``lerp``, ``nan_to_num``, ``deg2rad``, ``floor_divide``...),
linear algebra (``bmm``, ``mm``, ``inner``, ``kron``, ``cross``, ``tril``,
``diagonal``, ``inverse``, ``det``), sorting, selection, scattering and
decompositions (``argsort``, ``median``, ``quantile``, ``scatter``, ``qr``...),
linear solves (``matrix_solve``, ``cholesky_solve``, ``lstsq``, ``lu_solve``...),
``matrix_exp``, ``vector_norm``, ``matrix_norm``, ``cond``,
rearrangements (``swapaxes``,
``moveaxis``, ``unbind``, ``hstack``, ``narrow``, ``repeat_interleave``,
``one_hot``, ``masked_fill``, ``gather_elements``...), the transforms
(``jvp``, ``vjp``, ``jacfwd``, ``jacrev``), losses (``mse_loss``,
``cross_entropy``, ``kl_div``...), small composites (``clip_by_norm``, ``pad``,
``addmm``, ``logcumsumexp``...), random tensors (``rand``,
``randn``, ``randint``, ``uniform``, ``normal``...) and ``dropout``; special functions
(``lgamma``, ``digamma``, ``polygamma``, ``erfinv``, ``i0``, ``sinc``, ``logit``...).  With a
Tensor argument the result is a Tensor; ``ops.sin(HyperDual(...))`` is a
HyperDual.  Every differentiable
function is a primitive or composed of primitives, so every mode (reverse,
Dual, HyperDual, batched, nested) differentiates it to any order.

Primitive classes (``ops.Sin()``, ``ops.MatMul(transpose_b=True)``,
``ops.ReduceSum(keep_dims=True)``...) are generated from the same table and
call the same functions; see ``dualgrad.ops.primitives``.
"""
import builtins
import functools

import numpy as np

from .. import _composite as _c, _elementwise as _ew, _functions as _f, _tensor
from .._composer import derivative, jet  # noqa: F401  (ops.derivative, ops.jet: MindSpore's)
from .._core import primal_value as _primal_value, shape_of as _shape_of
from .._dtypes import to_numpy_dtype as _np_dtype
from .._tensor import (BinaryTensorFunction as _lift_binary, DivTensorFunction as _lift_div,
                       PowTensorFunction as _lift_pow, TensorFunction as _lift,
                       UnaryTensorFunction as _lift_unary)
from .._transforms import GradOperation, grad, value_and_grad  # noqa: F401  (ops.grad...)
from .._vmap import vmap  # noqa: F401  (ops.vmap, as in MindSpore)

# ---------------------------------------------------------------------------
# Elementwise functions, one per row of the rule table

globals().update({p.name: _lift_unary(p, p.name, doc=p.entry.doc or f"Elementwise {p.name}; "
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
    if isinstance(alpha, (bool, np.bool_)) or not isinstance(
            alpha, (int, float, np.integer, np.floating, _tensor.Tensor)):
        raise TypeError(f"subtract: alpha must be a number, got {type(alpha).__name__}")
    if isinstance(alpha, _tensor.Tensor) and alpha.size != 1:
        raise ValueError(f"subtract: alpha must be a single number, got a Tensor of shape "
                         f"{alpha.shape}")
    return sub(input, other if (not isinstance(alpha, _tensor.Tensor) and alpha == 1)  # noqa: F821
               else mul(other, alpha))  # noqa: F821


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


def floor_div(x, y):
    """x / y rounded down (MindSpore's names for floor_divide's arguments)."""
    return floor_divide(x, y)


def floor_mod(x, y):
    """x - floor_div(x, y) * y (MindSpore's names for remainder's arguments)."""
    return remainder(x, y)  # noqa: F821  (the rule table's row)


def _div_rounded(input, other, rounding_mode):
    # (the elementwise div's keyword path, installed below into the Tensor layer)
    if not isinstance(rounding_mode, str):
        raise TypeError(f"div: rounding_mode must be None, 'floor' or 'trunc', got "
                        f"{type(rounding_mode).__name__}")
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        return _trunc_divide(input, other)
    raise ValueError(f"div: rounding_mode must be None, 'floor' or 'trunc', got "
                     f"{rounding_mode!r}")


_gelu_erf = globals()["gelu"]
_gelu_tanh = _lift_unary(_f.gelu_tanh, "gelu")


def gelu(input, approximate="none"):
    """GELU: x Phi(x) with ``approximate='none'``, or its tanh form with ``'tanh'``
    (MindSpore's ``ops.gelu``)."""
    if not isinstance(approximate, str):
        raise TypeError(f"gelu: approximate must be 'none' or 'tanh', got "
                        f"{type(approximate).__name__}")
    if approximate == "none":
        return _gelu_erf(input)
    if approximate == "tanh":
        return _gelu_tanh(input)
    raise ValueError(f"approximate: expected 'none' or 'tanh', got {approximate!r}")


# ---------------------------------------------------------------------------
# Shape, joining, selection

matmul = _value_level(_f.matmul, "matmul", names={
    "input": "a", "other": "b", "transpose_a": "transpose_a", "transpose_b": "transpose_b"})
reshape = _value_level(_f.reshape, "reshape", names={"input": "x", "shape": "shape"})
def _broadcast_to(x, shape):
    from .._structural import broadcast_shape_argument
    return _f.broadcast_to(x, broadcast_shape_argument(shape, tuple(_shape_of(x))))


broadcast_to = _value_level(_broadcast_to, "broadcast_to",
                            "``input`` broadcast to ``shape`` (NumPy's rules).",
                            names={"input": "x", "shape": "shape"})  # (not the engine's nb)
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


def _extremum(reduce, arg, name):
    def fn(input, axis=None, keepdims=False, *, initial=None, where=None):
        if axis is not None and (isinstance(axis, (bool, np.bool_))
                                 or not isinstance(axis, (int, np.integer))):
            raise TypeError(f"{name}: axis must be an int or None, got {axis!r} (amax and "
                            f"amin take several axes)")
        if where is not None and initial is None:
            raise ValueError(f"{name}: initial must be given with a where mask (masked-out "
                             f"slices need a value)")
        if where is not None:
            # masked-out elements become the reduction's identity, not initial (as in
            # Tensor.max): the indices must never point at them; they get no derivative
            value = np.asarray(_primal_value(input))
            mask = np.broadcast_to(np.asarray(_primal_value(where), dtype=bool), value.shape)
            identity = (np.inf if arg is np.argmin else -np.inf) if value.dtype.kind == "f" \
                else (np.iinfo(value.dtype).max if arg is np.argmin else np.iinfo(value.dtype).min)
            input = _f.where(mask, input, np.asarray(identity, value.dtype))
        values = reduce(input, axis, keepdims, "first" if axis is not None else "split")
        indices = _tensor.arg_index(input, arg, axis, keepdims)
        if initial is not None:
            # initial joins the compared values (MindSpore 2.10 applies it only with an axis)
            _f.check_real(initial, "initial", name)
            reduced = _f.constant(values)
            bound = np.asarray(initial, np.asarray(_primal_value(values)).dtype)
            # where initial is chosen, the index is 0, as MindSpore's
            chosen = reduced > bound if arg is np.argmin else reduced < bound
            indices = _f.where(chosen, np.zeros((), np.int64), indices)
            pick = _ew.NAMESPACE["minimum" if arg is np.argmin else "maximum"]
            values = pick(values, bound)
        return values, indices
    return fn


sum = _value_level(_sum, "sum", "Sum over ``dim`` (all axes when None).")  # noqa: A001
reduce_sum = _value_level(_reduce_sum, "reduce_sum", "Sum over ``axis`` (all when None/()).")
mean = _value_level(_mean, "mean", "Mean over ``axis`` (all axes when None).")
reduce_mean = mean
max = _value_level(_extremum(_f.max_, np.argmax, "max"), "max",  # noqa: A001
                   "(values, indices) of the maximum over ``axis``; ``initial`` joins the "
                   "compared values and ``where`` (with ``initial``) leaves elements out.")
min = _value_level(_extremum(_f.min_, np.argmin, "min"), "min",  # noqa: A001
                   "(values, indices) of the minimum over ``axis``; ``initial`` joins the "
                   "compared values and ``where`` (with ``initial``) leaves elements out.")
def _amax(x, axis=None, keepdims=False):
    return _f.max_(x, _f.every_axis_if_empty(axis), keepdims)


def _amin(x, axis=None, keepdims=False):
    return _f.min_(x, _f.every_axis_if_empty(axis), keepdims)


amax = _value_level(_amax, "amax", "Maximum over ``axis``; tied elements share the gradient.",
                    names={"input": "x", "axis": "axis", "keepdims": "keepdims"})
amin = _value_level(_amin, "amin", "Minimum over ``axis``; tied elements share the gradient.",
                    names={"input": "x", "axis": "axis", "keepdims": "keepdims"})


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


def _logsumexp(x, axis=None, keep_dims=False):
    # The shift is a constant to the derivative; an infinite maximum shifts by
    # 0 (as logaddexp's), so a row of -inf gives -inf (it was NaN), and +inf inf.
    m = _f.stop_gradient(_f.max_(x, axis, True))
    m = _f.where(_c.values_test("isfinite", "logsumexp", (m, "x")), m,
                 np.zeros((), np.result_type(_primal_value(m))))
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

# Activations (group: losses and activations): shrinks, threshold, GLU, PReLU
globals().update({name: _value_level(getattr(_f, name), name) for name in (
    "softshrink", "hardshrink", "threshold", "glu", "prelu")})


def _softplus(input, beta=1, threshold=20):
    beta = _f.check_real(beta, "beta", "softplus")
    if beta == 0:
        raise ValueError("softplus: beta must be non-zero")
    if threshold is not None:
        threshold = _f.check_real(threshold, "threshold", "softplus")
    if beta == 1 and threshold is None:
        return _ew.NAMESPACE["softplus"](input)
    if beta == 1:
        # x·1 and y/1 are x and y exactly: no product and quotient for every
        # derivative part to go through
        scaled = input
        soft = _ew.NAMESPACE["softplus"](input)
    else:
        scaled = _ew.NAMESPACE["mul"](input, beta)
        soft = _ew.NAMESPACE["div"](_ew.NAMESPACE["softplus"](scaled), beta)
    if threshold is None:
        return soft
    # Above the threshold softplus is x to rounding, as MindSpore returns it.
    return _f.where(_f.constant(scaled) > threshold, input, soft)


softplus = _value_level(_softplus, "softplus", "log(1 + exp(beta·x)) / beta.")


# ---------------------------------------------------------------------------
# Norms, distances, products, contractions, rearrangements, sorting: composed
# of the primitives (dualgrad._composite), so that every mode differentiates
# them to any order.

globals().update({name: _value_level(getattr(_c, name), name) for name in (
    "norm", "cdist", "cumsum", "prod", "cumprod", "tensor_dot", "dot", "trace", "diag",
    "einsum", "flatten", "tile", "split", "chunk", "gather", "index_select", "meshgrid",
    "flip", "roll", "sort", "topk", "logaddexp", "isnan", "isinf", "isfinite")})


def _outer(input, vec2):
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


outer = _lift(_outer, "outer", _outer.__doc__, on_tensors=True)


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


def depend(value, expr):
    """``value`` itself: MindSpore's ordering marker for graph mode, where ``expr`` must run
    before ``value`` is used. dualgrad runs each line as it comes, so ``expr`` has run."""
    return value


# ---------------------------------------------------------------------------
# Constructors

def _creation_shape(shape, name, owner):
    """The shape of a new tensor: an int, a tuple or list of ints, or a 0-d or 1-D
    integer Tensor (as MindSpore takes it); sizes >= 0, of a size NumPy can index."""
    if isinstance(shape, _tensor.Tensor):
        v = np.asarray(_primal_value(_tensor.value_of(shape)))
        if v.dtype.kind not in "iu" or v.ndim > 1:
            raise TypeError(f"{owner}: {name} must be an int or a tuple of ints, got a Tensor "
                            f"of dtype {v.dtype} and shape {v.shape}")
        shape = tuple(int(n) for n in v.reshape(-1)) if v.ndim else int(v)
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, (bool, np.bool_)):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{owner}: {name} must be an int or a tuple of ints, got "
                        f"{type(shape).__name__}")
    return _c._check_size(tuple(_size_argument(n, name, owner) for n in shape), owner, name)


def _dtype_or(dtype, default):
    return _np_dtype(default if dtype is None else dtype)


def zeros(size, dtype=None):
    return _tensor.Tensor(np.zeros(_creation_shape(size, "size", "zeros"),
                                   _dtype_or(dtype, "float32")))


def ones(shape, dtype=None):
    return _tensor.Tensor(np.ones(_creation_shape(shape, "shape", "ones"),
                                  _dtype_or(dtype, "float32")))


def _like(input, dtype, owner):
    """The shape (one example's under vmap) and dtype of a ``*_like`` result."""
    a = np.asarray(_primal_value(_tensor.value_of(input)))
    if a.dtype.kind not in "biuf":
        got = (f"an array of dtype {a.dtype}" if isinstance(input, np.ndarray)
               else f"{type(input).__name__} {input!r}"[:80])
        raise TypeError(f"{owner}: input must be a Tensor or an array of real numbers, "
                        f"got {got}")
    return _shape_of(_tensor.value_of(input)), (_np_dtype(dtype) if dtype is not None
                                                 else a.dtype)


def zeros_like(input, *, dtype=None):
    return _tensor.Tensor(np.zeros(*_like(input, dtype, "zeros_like")))


def ones_like(input, *, dtype=None):
    return _tensor.Tensor(np.ones(*_like(input, dtype, "ones_like")))


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
    _c._check_size((n, m), "eye", "shape")
    return _tensor.Tensor(np.eye(n, m, dtype=_dtype_or(dtype, "float32")))


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
    shape = _creation_shape(size, "size", "full")
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
    shape, dtype = _like(input, dtype, "full_like")
    return _tensor.Tensor(np.full(shape, _fill_value(fill_value, dtype, "full_like"), dtype))


def linspace(start, end, steps, *, dtype=None):
    for name, v in (("start", start), ("end", end)):
        v = _primal_value(_tensor.value_of(v))
        if np.ndim(v) != 0 or np.asarray(v).dtype.kind not in "biuf":
            raise TypeError(f"linspace: {name} must be a real number or a 0-d Tensor, got {v!r}")
    n = _primal_value(_tensor.value_of(steps))
    if isinstance(n, np.ndarray) and n.ndim == 0 and n.dtype.kind in "iu":
        n = n.item()            # (a 0-d integer Tensor, as MindSpore takes it)
    steps = _c._check_int(n, "steps", "linspace", 1)
    return _tensor.Tensor(np.linspace(start, end, steps).astype(_dtype_or(dtype, "float32")))


def logspace(start, end, steps, base=10, *, dtype=None):
    """``steps`` values base^t for t evenly spaced from ``start`` to ``end``,
    float32 unless ``dtype`` (a float dtype) says otherwise.

    >>> from dualgrad import ops
    >>> ops.logspace(0.0, 2.0, 3).asnumpy().tolist()
    [1.0, 10.0, 100.0]
    """
    out_dtype = _dtype_or(dtype, "float32")
    if out_dtype.kind != "f":
        raise TypeError(f"logspace: dtype must be a float dtype, got {out_dtype}")
    base = _f.check_real(base, "base", "logspace")
    exponents = linspace(start, end, steps, dtype=_np_dtype("float64")).asnumpy()
    return _tensor.Tensor((base ** exponents).astype(out_dtype))


def _window(owner, numpy_window, window_length, periodic, dtype, default_dtype):
    """A window of ``window_length`` samples from NumPy's symmetric one: the
    periodic window (for spectral analysis) is the symmetric one of one more
    sample without its last."""
    length = _primal_value(_tensor.value_of(window_length))
    if isinstance(length, np.ndarray) and length.ndim == 0 and length.dtype.kind in "iu":
        length = length.item()      # (a 0-d integer Tensor, as MindSpore takes it)
    length = _size_argument(length, "window_length", owner)
    if not isinstance(periodic, (bool, np.bool_)):
        raise TypeError(f"{owner}: periodic must be a bool, got {type(periodic).__name__}")
    out_dtype = _dtype_or(dtype, default_dtype)
    if out_dtype.kind != "f":
        raise TypeError(f"{owner}: dtype must be a float dtype, got {out_dtype}")
    if length <= 1:
        return _tensor.Tensor(np.ones(length, out_dtype))
    values = numpy_window(length + 1)[:-1] if periodic else numpy_window(length)
    return _tensor.Tensor(values.astype(out_dtype))


def hann_window(window_length, periodic=True, *, dtype=None):
    """The Hann window, 0.5 - 0.5 cos(2 pi n / (N - 1)) (N = window_length, or one
    more when periodic), float64 unless ``dtype`` says otherwise (MindSpore's
    default here; its ``bartlett_window`` is float32).

    >>> from dualgrad import ops
    >>> ops.hann_window(4, False).asnumpy().tolist()
    [0.0, 0.75, 0.75, 0.0]
    """
    return _window("hann_window", np.hanning, window_length, periodic, dtype, "float64")


def bartlett_window(window_length, periodic=True, *, dtype=None):
    """The Bartlett (triangular) window, as ``hann_window`` takes its arguments."""
    return _window("bartlett_window", np.bartlett, window_length, periodic, dtype, "float32")


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None):
    """The Kaiser window of shape parameter ``beta``, as ``hann_window`` takes its
    other arguments (float64 by default, as MindSpore's)."""
    beta = _f.check_real(beta, "beta", "kaiser_window")
    return _window("kaiser_window", lambda n: np.kaiser(n, beta), window_length, periodic,
                   dtype, "float64")


def _triangle_indices(row, col, offset, dtype, lower, owner):
    row, col = _size_argument(row, "row", owner), _size_argument(col, "col", owner)
    offset = _c._check_int(offset, "offset", owner)
    out_dtype = _dtype_or(dtype, "int64")
    if out_dtype.kind not in "iu":
        raise TypeError(f"{owner}: dtype must be an integer dtype, got {out_dtype}")
    # Beyond the matrix every diagonal keeps all or nothing (np.tri takes a C long).
    offset = -row - 1 if offset < -row - 1 else col + 1 if offset > col + 1 else offset
    mask = np.tri(row, col, offset, dtype=bool) if lower else ~np.tri(row, col, offset - 1,
                                                                      dtype=bool)
    return _tensor.Tensor(np.stack(np.nonzero(mask)).astype(out_dtype))


def tril_indices(row, col, offset=0, *, dtype=None):
    """The (row, column) positions of the lower triangle of a row x col matrix
    (on and below diagonal ``offset``), as a (2, count) int64 tensor, row-major.

    >>> from dualgrad import ops
    >>> ops.tril_indices(2, 2).asnumpy().tolist()
    [[0, 1, 1], [0, 0, 1]]
    """
    return _triangle_indices(row, col, offset, dtype, True, "tril_indices")


def triu_indices(row, col, offset=0, *, dtype=None):
    """The (row, column) positions of the upper triangle of a row x col matrix
    (on and above diagonal ``offset``), as a (2, count) int64 tensor, row-major.

    >>> from dualgrad import ops
    >>> ops.triu_indices(2, 2).asnumpy().tolist()
    [[0, 0, 1], [0, 1, 1]]
    """
    return _triangle_indices(row, col, offset, dtype, False, "triu_indices")


def _range_bound(value, name):
    """A number of arange: an int or float, or a 0-d Tensor of one (as MindSpore)."""
    if isinstance(value, _tensor.Tensor):
        v = np.asarray(_primal_value(_tensor.value_of(value)))
        if v.ndim != 0:
            raise ValueError(f"arange: {name} must be a number or a 0-d Tensor, got a Tensor of "
                             f"shape {v.shape}")
        value = v.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise TypeError(f"arange: {name} must be an int or a float, got {type(value).__name__}")
    if not np.isfinite(float(value)):
        raise ValueError(f"arange: {name} must be finite, got {value}")
    return value


def arange(start=0, end=None, step=1, *, dtype=None):
    start, step = _range_bound(start, "start"), _range_bound(step, "step")
    if end is None:
        # arange(n): n is the end (and step still counts, as in MindSpore)
        start, end = 0, start
    else:
        end = _range_bound(end, "end")
    if step == 0:
        raise ValueError("arange: step must be nonzero, got 0")
    if (end - start) * step < 0:
        raise ValueError(f"arange: step {step} leads away from end {end} (start {start})")
    if abs((end - start) / step) > np.iinfo(np.int32).max:
        raise ValueError(f"arange: from {start} to {end} by {step} are too many values")
    values = np.arange(start, end, step)
    if dtype is not None:
        values = values.astype(_np_dtype(dtype))
    elif values.dtype.kind == "f":
        values = values.astype(np.float32)
    return _tensor.Tensor(values)


# ---------------------------------------------------------------------------
# Functional transforms, comparisons and logic, more elementwise math,
# statistics, linear algebra, rearrangements and random tensors
# (dualgrad._logic, _statistics, _linalg, _random), with MindSpore's names.

from .._transforms import jacfwd, jacrev, jvp, vjp  # noqa: E402,F401  (ops.jvp...)
from .. import _linalg as _la, _logic as _lg, _random as _rd, _statistics as _st  # noqa: E402

globals().update({name: _value_level(getattr(_lg, name), name) for name in (
    "logical_not", "isclose", "isneginf", "isposinf", "all", "any", "argmax", "argmin",
    "count_nonzero", "heaviside")})
globals().update({name: _value_level(getattr(_st, name), name) for name in (
    "var", "std", "var_mean", "std_mean", "nansum", "cummax", "cummin", "diff", "xlogy", "lerp",
    "nan_to_num", "deg2rad", "rad2deg", "frac")})
round = _value_level(_st.round_, "round")  # noqa: A001
arccos, arcsin, arctan = globals()["acos"], globals()["asin"], globals()["atan"]
arctan2 = globals()["atan2"]
arccosh, arcsinh, arctanh = globals()["acosh"], globals()["asinh"], globals()["atanh"]
globals().update({name: _value_level(getattr(_la, name), name) for name in (
    "bmm", "mm", "mv", "inner", "kron", "cross", "tril", "triu", "diagonal", "inverse", "det",
    "swapaxes", "moveaxis", "ravel", "unbind", "hstack", "vstack", "narrow",
    "repeat_interleave", "expand_as", "one_hot", "masked_fill", "gather_elements")})
swapdims = _value_level(lambda input, dim0, dim1: _la.swapaxes(input, dim0, dim1), "swapdims",
                        "``input`` with axes dim0 and dim1 exchanged.")
movedim = moveaxis
unstack = _value_level(lambda input_x, axis=0: _la.unbind(input_x, axis), "unstack",
                       "A tuple of the slices of ``input_x`` along ``axis``.")
gather_d = _value_level(lambda x, dim, index: _la.gather_elements(x, dim, index), "gather_d",
                        "``gather_elements`` with MindSpore's older argument names.")

# Sorting, selection, scattering and decompositions (dualgrad._selection,
# dualgrad._decompositions), with the Tensor methods whose MindSpore
# signatures are the functions' (Tensor.unique, searchsorted, scatter_add and
# qr take other arguments there, so they are not methods here).
from .. import _decompositions as _dc, _selection as _sl  # noqa: E402

globals().update({name: _value_level(getattr(_sl, name), name) for name in (
    "argsort", "msort", "top_k", "median", "nanmedian", "quantile", "nanquantile", "unique",
    "nonzero", "masked_select", "bucketize", "searchsorted", "histc", "scatter", "scatter_add",
    "index_add")})
globals().update({name: _value_level(getattr(_dc, name), name) for name in (
    "cholesky", "logdet", "slogdet", "qr")})
_tensor.install({"method:" + name: globals()[name] for name in (
    "argsort", "msort", "top_k", "median", "nanmedian", "quantile", "nanquantile", "nonzero",
    "masked_select", "histc", "scatter", "index_add", "cholesky", "logdet", "slogdet")})
# ... segment reductions, index-vector gathers and scatters, slice scatters
# (dualgrad._scatter), with the Tensor methods MindSpore 2.10 has for them.
from .. import _scatter as _sc  # noqa: E402
globals().update({name: _value_level(getattr(_sc, name), name) for name in (
    "unsorted_segment_sum", "unsorted_segment_max", "unsorted_segment_min",
    "unsorted_segment_prod", "gather_nd", "scatter_nd", "tensor_scatter_add",
    "tensor_scatter_sub", "tensor_scatter_mul", "tensor_scatter_div", "tensor_scatter_max",
    "tensor_scatter_min", "tensor_scatter_update", "tensor_scatter_elements", "slice_scatter",
    "select_scatter", "diagonal_scatter", "index_fill")})
_tensor.install({"method:" + name: globals()[name] for name in (
    "unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod", "gather_nd",
    "slice_scatter", "select_scatter", "diagonal_scatter", "index_fill")})

# Spectral decompositions (dualgrad._spectral): MindSpore's ops.svd and
# Tensor.svd, and eigh as mindspore.scipy.linalg.eigh takes it (MindSpore
# 2.10 has none in ops).
from .. import _spectral as _sp  # noqa: E402
globals().update({name: _value_level(getattr(_sp, name), name) for name in (
    "eigh", "svd", "pinv")})
_tensor.install({"method:svd": svd})  # noqa: F821

# Linear solves (dualgrad._solve): one solve primitive and the functions made
# of it, with MindSpore's names, arguments and Tensor methods.
from .. import _solve as _so  # noqa: E402
globals().update({name: _value_level(getattr(_so, name), name) for name in (
    "matrix_solve", "cholesky_solve", "cholesky_inverse", "lstsq", "lu_solve", "lu_unpack")})
_tensor.install({"method:" + name: globals()[name] for name in (
    "cholesky_solve", "cholesky_inverse", "lstsq", "lu_solve")})
# ... and the matrix exponential, vector and matrix norms, condition numbers
# (dualgrad._matrix_functions; MindSpore 2.10 has no Tensor methods for them)
from .. import _matrix_functions as _mf  # noqa: E402
globals().update({name: _value_level(getattr(_mf, name), name) for name in (
    "matrix_exp", "vector_norm", "matrix_norm", "cond")})


# Losses (dualgrad._losses), with MindSpore's names and arguments
from .. import _losses as _ls  # noqa: E402
globals().update({name: _value_level(getattr(_ls, name), name) for name in (
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div", "margin_ranking_loss",
    "cosine_embedding_loss", "triplet_margin_loss", "soft_margin_loss", "hinge_embedding_loss",
    "multi_margin_loss", "multilabel_soft_margin_loss", "multilabel_margin_loss",
    "gaussian_nll_loss")})
# ... and small composites: linear algebra and distances (_linalg), clipping and
# shapes (_composite), statistics (_statistics)
globals().update({name: _value_level(getattr(_la, name), name) for name in (
    "dense", "bias_add", "addmm", "addmv", "matrix_power", "dist", "pdist", "cosine_similarity",
    "batch_dot")})
globals().update({name: _value_level(getattr(_c, name), name) for name in (
    "clip_by_value", "clip_by_norm", "clip_by_global_norm", "block_diag", "atleast_1d",
    "atleast_2d", "atleast_3d", "rot90", "pad")})
globals().update({name: _value_level(getattr(_st, name), name) for name in (
    "aminmax", "nanmean", "logcumsumexp")})
_tensor.install({"method:" + name: globals()[name] for name in (
    "addmm", "addmv", "matrix_power", "aminmax", "nanmean", "logcumsumexp", "rot90",
    "hardshrink")})
# ... products with a sum, integrals, covariances and elementwise composites
# (_linalg, _statistics), and stacking, splitting and building tensors
# (dualgrad._stacking)
from .. import _stacking as _sk  # noqa: E402
globals().update({name: _value_level(getattr(_la, name), name) for name in (
    "addr", "baddbmm", "addbmm", "ger", "vecdot")})
globals().update({name: _value_level(getattr(_st, name), name) for name in (
    "trapz", "cov", "xdivy", "addcmul", "addcdiv", "ldexp", "positive", "signbit", "renorm",
    "fmax", "fmin", "nextafter", "gcd", "lcm")})
globals().update({name: _value_level(getattr(_sl, name), name) for name in (
    "unique_consecutive", "bincount")})
globals().update({name: _value_level(getattr(_sk, name), name) for name in (
    "column_stack", "row_stack", "dstack", "tensor_split", "hsplit", "vsplit", "dsplit",
    "fliplr", "flipud", "repeat_elements", "take", "diag_embed", "diagflat", "matrix_band_part",
    "vander", "cartesian_prod")})
_tensor.install({"method:" + name: globals()[name] for name in (
    "addr", "baddbmm", "addbmm", "ger", "cov", "xdivy", "addcmul", "addcdiv", "ldexp",
    "positive", "signbit", "renorm", "tensor_split", "hsplit", "vsplit", "dsplit", "fliplr",
    "flipud", "diagflat", "fmax", "fmin", "nextafter", "gcd", "lcm", "unique_consecutive",
    "bincount")})

# Convolution and pooling (dualgrad._convolution), with MindSpore's names and arguments
from .. import _convolution as _cv  # noqa: E402
globals().update({name: _value_level(getattr(_cv, name), name) for name in (
    "conv1d", "conv2d", "conv3d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d",
    "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "lp_pool1d",
    "lp_pool2d", "max_unpool1d", "max_unpool2d", "max_unpool3d", "fractional_max_pool2d",
    "fractional_max_pool3d")})


def _constructor(fn):
    """``fn``, its array result a Tensor whatever the arguments (random constructors)."""
    import functools

    @functools.wraps(fn)
    def make(*args, **kwargs):
        return _tensor.wrap(fn(*[_tensor.value_of(a) for a in args],
                               **{k: _tensor.value_of(v) for k, v in kwargs.items()}))
    return make


globals().update({name: _constructor(getattr(_rd, name)) for name in (
    "rand", "randn", "randint", "uniform", "normal", "standard_normal", "rand_like",
    "randn_like")})
_dropout = _value_level(_rd.dropout, "dropout")


def dropout(input, p=0.5, training=True, seed=None):
    """Each element zeroed with probability ``p`` and the others scaled by 1 / (1 - p)
    when ``training``; ``input`` itself otherwise (the gradient goes through the
    same mask).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([1.0] * 6)
    >>> sorted(set(ops.dropout(x, p=0.5, seed=3).asnumpy().tolist()))
    [0.0, 2.0]
    >>> ops.dropout(x, training=False) is x
    True
    """
    from .._structural import flag
    if not flag(training, "training", "dropout"):
        return input
    return _dropout(input, p, training, seed)


# ---------------------------------------------------------------------------
# Special functions (group: special): the rule table's rows sinc, logit,
# erfinv, lgamma, digamma, polygamma and the Bessel functions (values in
# dualgrad/_special.h), and the functions composed of them.

from .._core import Box as _Box  # noqa: E402

i0 = globals()["bessel_i0"]
_logit_row = globals()["logit"]
_polygamma_row = globals()["polygamma"]
_LN2 = 0.6931471805599453


def logit(input, eps=None):
    """log(x / (1 - x)), accurate next to 0, 1/2 and 1; with ``eps`` >= 0 the input
    is clamped to [eps, 1 - eps] first (gradient 0 outside, bounds included
    inside, as MindSpore's); integers compute in float32.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logit(ms.Tensor([0.25, 0.5, 0.99]), eps=0.05)
    Tensor(shape=[3], dtype=Float32, value= [-1.09861231e+00,  0.00000000e+00,  2.94443870e+00])
    """
    if eps is not None and _f.check_real(eps, "eps", "logit") >= 0:
        input = clamp(input, float(eps), 1.0 - float(eps))
    return _logit_row(input)


def _order(n, owner):
    """A derivative order: an int >= 0, or a 0-d integer Tensor holding one."""
    v = _primal_value(_tensor.value_of(n))
    if isinstance(v, np.ndarray):
        if v.dtype.kind not in "iu":
            raise TypeError(f"{owner}: n must be an int or an integer Tensor, got dtype "
                            f"{v.dtype}")
        if v.ndim != 0:
            raise ValueError(f"{owner}: n must be a 0-d Tensor, got shape {v.shape}")
        v = v.item()
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"{owner}: n must be an int or a 0-d integer Tensor, got "
                        f"{type(n).__name__}")
    if v < 0:
        raise ValueError(f"{owner}: n must be >= 0, got {v}")
    return v


def polygamma(n, input):
    """The n-th derivative of digamma, for an order ``n`` >= 0 (an int or a 0-d
    integer Tensor); its derivative is polygamma(n + 1, input).  At 0 and the
    negative integers it is (-1)^(n+1) inf; integers compute in float32.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.polygamma(1, ms.Tensor([1.0, 0.5], ms.float64))     # pi^2/6, pi^2/2
    Tensor(shape=[2], dtype=Float64, value= [ 1.64493407e+00,  4.93480220e+00])
    """
    return _polygamma_row(float(_order(n, "polygamma")), _floating_tensor(input))


def _floating_tensor(x):
    """An integer or bool Tensor as float32 (others as they are)."""
    if isinstance(x, _tensor.Tensor) and np.result_type(_primal_value(
            _tensor.value_of(x))).kind in "biu":
        return cast(x, np.float32)
    return x


def _mvlgamma(input, p):
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or p < 1:
        raise (ValueError if isinstance(p, (int, np.integer)) and not isinstance(p, bool)
               else TypeError)(f"mvlgamma: p must be an int >= 1, got {p!r}")
    x = _f.floating(input)
    values = _f.constant(x)
    if not isinstance(values, _Box) and np.any(values <= (p - 1) / 2):
        raise ValueError(f"mvlgamma: every element of input must be greater than "
                         f"(p - 1) / 2 = {(p - 1) / 2}")
    offsets = (np.arange(p) / 2).astype(np.result_type(_primal_value(x)))
    terms = _ew.lgamma(_ew.sub(_f.expand_dims(x, -1), offsets))
    return _ew.add(_f.sum_(terms, -1, False), p * (p - 1) / 4 * 1.1447298858494002)


mvlgamma = _value_level(_mvlgamma, "mvlgamma", """\
The log of the multivariate gamma function of dimension ``p``,
sum_{j<p} lgamma(x - j/2) + p (p - 1)/4 log(pi), for every element of
``input`` greater than (p - 1)/2 (else ValueError, as MindSpore).

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.mvlgamma(ms.Tensor([2.5, 3.0]), 3)
Tensor(shape=[2], dtype=Float32, value= [ 1.88099539e+00,  2.69492483e+00])
""")


def _logaddexp2(input, other):
    """log2(2**input + 2**other), without overflow (``logaddexp`` of the inputs
    scaled by log 2); integers compute in float32, and -inf with -inf gives -inf.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logaddexp2(ms.Tensor([1.0, 3.0]), ms.Tensor([1.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  3.58496261e+00])
    """
    return div(logaddexp(mul(input, _LN2), mul(other, _LN2)), _LN2)  # noqa: F821


logaddexp2 = _lift(_logaddexp2, "logaddexp2", _logaddexp2.__doc__, on_tensors=True)


def _float_power(input, exponent):
    """input ** exponent computed in float64, the result's dtype whatever the
    operands' (MindSpore's); each gradient comes back in its input's dtype.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.float_power(ms.Tensor([2, 3]), 2)
    Tensor(shape=[2], dtype=Float64, value= [ 4.00000000e+00,  9.00000000e+00])
    """
    return power(*[float(v) if type(v) in (int, float) else cast(v, np.float64)
                   for v in (input, exponent)])


float_power = _lift(_float_power, "float_power", _float_power.__doc__, on_tensors=True)


_tensor.install({"method:" + name: globals()[name] for name in (
    "i0", "logaddexp2", "float_power", "mvlgamma")})


_tensor.install({"method:" + name: globals()[name] for name in (
    "eq", "ne", "gt", "ge", "lt", "le", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "isclose",
    "isneginf", "isposinf", "all", "any", "count_nonzero", "heaviside",
    "var", "std", "nansum", "cummax", "cummin", "diff", "xlogy", "lerp", "nan_to_num",
    "deg2rad", "rad2deg", "frac", "trunc", "round", "floor_divide",
    "arccos", "arcsin", "arctan", "arctan2", "arccosh", "arcsinh", "arctanh",
    "bmm", "mm", "inner", "cross", "tril", "triu", "inverse", "det", "swapaxes", "swapdims",
    "moveaxis", "movedim", "ravel", "unbind", "narrow", "repeat_interleave", "expand_as",
    "masked_fill", "gather_elements")})
def _tensor_diagonal(self, offset=0, axis1=0, axis2=1):
    # MindSpore's Tensor.diagonal names its axes axis1 and axis2.
    return diagonal(self, offset, axis1, axis2)


_tensor_diagonal.__qualname__ = "Tensor.diagonal"     # (the name its call errors give)
_tensor.install({"method:diagonal": _tensor_diagonal})

_tensor.install({"div_rounded": _div_rounded, "all": all, "any": any, "argmax": argmax,
                 "argmin": argmin, "flatten": flatten})
# Tensor methods for the elementwise functions: t.sin(), t.exp(), ... (not
# polygamma, whose first argument is the order: MindSpore has no such method)
_tensor.install({"method:" + p.name: globals()[p.name] for p in _ew.UNARY + _ew.BINARY
                 if p.name != "polygamma"})
_tensor.install({"method:clip": clip, "method:clamp": clip, "method:matmul": matmul,
                 "method:softmax": softmax, "method:logsumexp": logsumexp})
# ... and the functions whose MindSpore Tensor methods take the same arguments.
_tensor.install({"method:" + name: globals()[name] for name in (
    "norm", "prod", "tile", "flip", "roll", "split", "chunk", "outer", "trace", "gather",
    "index_select", "sort", "topk", "logaddexp", "isnan", "isinf", "isfinite", "cumsum",
    "remainder", "fmod", "cumprod", "amax", "amin", "bitwise_and", "bitwise_or", "bitwise_xor")})

# Normalization and embedding lookups (dualgrad._normalization), with MindSpore
# 2.10's signatures
from .._normalization import batch_norm, embedding, group_norm, layer_norm  # noqa: E402,F401



# Transposed convolutions, unfold and fold (dualgrad._conv_transpose), with
# MindSpore's names and arguments
from .. import _conv_transpose as _ct  # noqa: E402
globals().update({name: _value_level(getattr(_ct, name), name) for name in (
    "conv_transpose2d", "conv3d_transpose", "unfold", "fold")})


def partial(func, *args):
    """``func`` with its first arguments fixed, as MindSpore's ``ops.partial``
    (``functools.partial``; every transform differentiates through it).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> scale = ops.partial(ops.mul, ms.Tensor([2.0]))
    >>> ms.grad(lambda x: scale(x).sum())(ms.Tensor([3.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 2.00000000e+00])
    """
    if not callable(func):
        raise TypeError(f"partial: func must be callable, got {type(func).__name__}")
    return functools.partial(func, *args)


# Resampling (dualgrad._resample): interpolate and its alias upsample, the pixel
# shuffles, with MindSpore's names and arguments
from .. import _resample as _rs  # noqa: E402
globals().update({name: _value_level(getattr(_rs, name), name) for name in (
    "interpolate", "upsample", "pixel_shuffle", "pixel_unshuffle")})

# ---------------------------------------------------------------------------
# MindSpore's remaining functional names, as compositions of the functions above.
# Here ``range``, ``slice``, ``max``, ``min``, ``sum``, ``abs``, ``round``, ``all`` and
# ``any`` are ops functions: code in this module reaches Python's through ``builtins``.

def _tensor_operand(x, name, owner):
    if not isinstance(x, _tensor.Tensor):
        raise TypeError(f"{owner}: {name} must be a Tensor, got {type(x).__name__}")
    return x


def shape(input_x):
    """The shape of a Tensor, as a tuple of ints."""
    return _tensor_operand(input_x, "input_x", "shape").shape


def rank(input_x):
    """The number of axes of a Tensor."""
    return _tensor_operand(input_x, "input_x", "rank").ndim


def size(input_x):
    """The number of elements of a Tensor."""
    return _tensor_operand(input_x, "input_x", "size").size


def dtype(x):
    """The dtype of a Tensor (``ms.float32``...)."""
    return _tensor_operand(x, "x", "dtype").dtype


def fill(type, shape, value):  # noqa: A002  (MindSpore's parameter names)
    """A tensor of dtype ``type`` and shape ``shape`` filled with ``value``
    (``ops.full(shape, value, dtype=type)``)."""
    return full(shape, value, dtype=type)


def fills(x, value):
    """A tensor of ``x``'s shape and dtype filled with ``value``."""
    return full_like(_tensor_operand(x, "x", "fills"), value)


def eps(x):
    """A tensor of ``x``'s shape filled with the machine epsilon of its float dtype."""
    dt = np.dtype(_tensor_operand(x, "x", "eps").dtype)
    if dt.kind != "f":
        raise TypeError(f"eps: x must be a float16, float32 or float64 Tensor, got {dt}")
    return full_like(x, np.finfo(dt).eps)


def tuple_to_array(input_x):
    """A 1-D Tensor of a tuple of numbers: int32 when they are all ints (or bools, as in
    MindSpore), float32 when any is a float. (MindSpore 2.10 takes the first number's type,
    so that ``(1, 2.5)`` gives int32 [1, 2]; dualgrad does not truncate the 2.5.)"""
    if not isinstance(input_x, (tuple, list)) or not input_x:
        raise TypeError(f"tuple_to_array: input_x must be a non-empty tuple of numbers, got "
                        f"{input_x!r}")
    for v in input_x:
        if not isinstance(v, (int, float, np.integer, np.floating, np.bool_)):
            raise TypeError(f"tuple_to_array: input_x must hold numbers, got "
                            f"{type(v).__name__}")
    floats = builtins.any(isinstance(v, (float, np.floating)) for v in input_x)
    return _tensor.Tensor(np.array(input_x, np.float32 if floats else np.int32))


def scalar_to_tensor(input_x, dtype=None):
    """A 0-d Tensor of a Python number, float32 unless ``dtype`` says otherwise."""
    if isinstance(input_x, _tensor.Tensor) or not isinstance(
            input_x, (int, float, np.integer, np.floating, np.bool_)):
        raise TypeError(f"scalar_to_tensor: input_x must be a number, got "
                        f"{type(input_x).__name__}")
    return _tensor.Tensor(input_x, dtype if dtype is not None else np.float32)


def range(start, end, step, maxlen=1000000):  # noqa: A001  (MindSpore's name)
    """The numbers from ``start`` (included) to ``end`` (excluded) by ``step``: int64 for
    ints, else the floats' dtype (float32 for Python floats). MindSpore 2.10 returns
    float32 for float64 Tensors; dualgrad keeps float64."""
    bounds = {"start": start, "end": end, "step": step}
    floats = []
    for name, v in bounds.items():
        if isinstance(v, _tensor.Tensor):
            if v.size != 1:
                raise ValueError(f"range: {name} must be a number or a Tensor of one element, "
                                 f"got shape {v.shape}")
            floats.append(np.dtype(v.dtype) if np.dtype(v.dtype).kind == "f" else None)
            bounds[name] = v.asnumpy().item()
        elif isinstance(v, (bool, np.bool_)) or not isinstance(
                v, (int, float, np.integer, np.floating)):
            raise TypeError(f"range: {name} must be a number or a Tensor, got "
                            f"{type(v).__name__}")
        else:
            floats.append(np.dtype(np.float32) if isinstance(v, (float, np.floating)) else None)
    if bounds["step"] == 0:
        raise ValueError("range: step must not be 0")
    kinds = [f for f in floats if f is not None]
    dt = builtins.max(kinds, key=lambda d: d.itemsize) if kinds else np.dtype(np.int64)
    out = np.arange(bounds["start"], bounds["end"], bounds["step"]).astype(dt)
    if out.size > _c._check_int(maxlen, "maxlen", "range", 1):
        raise ValueError(f"range: {out.size} numbers exceed maxlen={maxlen}")
    return _tensor.Tensor(out)


def _slice(input_x, begin, size):
    """input_x[begin[k] : begin[k] + size[k]] on every axis k; a size of -1 runs to the end."""
    shape_ = _shape_of(input_x)
    begin, size = tuple(begin), tuple(size)
    if len(begin) != len(shape_) or len(size) != len(shape_):
        raise ValueError(f"slice: begin and size need one entry per axis ({len(shape_)}), got "
                         f"{len(begin)} and {len(size)}")
    index = []
    for axis, (b, n, length) in enumerate(zip(begin, size, shape_)):
        b = _c._check_int(b, f"begin[{axis}]", "slice", 0)
        n = length - b if n == -1 else _c._check_int(n, f"size[{axis}]", "slice", 0)
        if b + n > length:
            raise ValueError(f"slice: begin[{axis}] + size[{axis}] = {b + n} exceeds the axis' "
                             f"length {length}")
        index.append(builtins.slice(b, b + n))
    return _f.getitem(input_x, tuple(index))


slice = _lift(_slice, "slice", _slice.__doc__)  # noqa: A001  (MindSpore's name)


def expand(input_x, size):
    """input_x broadcast to ``size`` (a 1-D integer Tensor; -1 keeps an axis)."""
    if not isinstance(size, _tensor.Tensor):
        raise TypeError(f"expand: size must be a 1-D integer Tensor, got {type(size).__name__}")
    sizes = size.asnumpy()
    if sizes.ndim != 1 or sizes.dtype.kind not in "iu":
        raise TypeError(f"expand: size must be a 1-D integer Tensor, got dtype {sizes.dtype} "
                        f"and shape {sizes.shape}")
    have = (1,) * (len(sizes) - input_x.ndim) + tuple(input_x.shape)
    return broadcast_to(input_x, tuple(h if int(n) == -1 else int(n)
                                       for n, h in zip(sizes, have)))


def addn(x):
    """The sum of a tuple or list of tensors of one shape."""
    if not isinstance(x, (tuple, list)) or not x:
        raise TypeError(f"addn: x must be a non-empty tuple or list of Tensors, got "
                        f"{type(x).__name__}")
    total = x[0]
    for term in x[1:]:
        total = add(total, term)  # noqa: F821
    return total


def inv(x):
    """1 / x (``ops.reciprocal``)."""
    return reciprocal(x)  # noqa: F821


def truncate_div(x, y):
    """x / y rounded toward zero (integers stay integers); derivative zero."""
    return _trunc_divide(x, y)


def truncate_mod(x, y):
    """x - truncate_div(x, y) * y: the remainder with the sign of x (``ops.fmod``)."""
    return fmod(x, y)  # noqa: F821


def matrix_determinant(input):
    """The determinant of each matrix (``ops.det``)."""
    return det(input)  # noqa: F821


def log_matrix_determinant(input):
    """(sign, log |det|) of each matrix (``ops.slogdet``)."""
    return slogdet(input)  # noqa: F821


def _fast_gelu(x):
    """x·sigmoid(1.702 x): MindSpore's FastGeLU, x / (1 + exp(-1.702|x|))·exp(0.851(x - |x|))
    written without its branches."""
    return multiply(x, sigmoid(multiply(x, 1.702)))  # noqa: F821


fast_gelu = _lift(_fast_gelu, "fast_gelu", _fast_gelu.__doc__, on_tensors=True)


def approximate_equal(x, y, tolerance=1e-5):
    """|x - y| < tolerance, elementwise."""
    tolerance = _f.check_real(tolerance, "tolerance", "approximate_equal")
    return lt(absolute(sub(x, y)), tolerance)  # noqa: F821


from .primitives import *  # noqa: E402,F401,F403  (MindSpore-style primitive classes)
