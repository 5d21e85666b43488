"""MindSpore-style primitive classes: ``ops.Sin()(x)``, ``ops.ReduceSum(keep_dims=True)(x, 1)``.

The elementwise ones are generated from the rule table's ``ms`` column, so a
new row of the table gets its class for free; the structural ones wrap the
functions of ``dualgrad.ops`` with MindSpore's constructor arguments.
"""
import numpy as np

from .. import _composite as _c, _functions as _f, _linalg, _table
from .._core import primal_value, shape_of
from .._dtypes import to_numpy_dtype
from .._tensor import Tensor, TensorFunction

__all__ = []


class Primitive:
    """Base of the primitive classes; instances are callables on Tensors."""

    def __call__(self, *args):
        raise NotImplementedError

    def __repr__(self):
        return f"Prim[{type(self).__name__}]"


def _register(cls):
    globals()[cls.__name__] = cls
    __all__.append(cls.__name__)
    return cls


def _elementwise_class(ms_name, fn):
    def __call__(self, *args):
        return fn(*args)
    return type(ms_name, (Primitive,), {
        "__call__": __call__,
        "__doc__": f"``{ms_name}()(...)``: elementwise ``dualgrad.ops.{fn.__name__}``.",
    })


def _generate_elementwise():
    from .. import ops
    for row in _table.UNARY + _table.BINARY:
        if row.ms:
            _register(_elementwise_class(row.ms, getattr(ops, row.name)))
    _register(_elementwise_class("RealDiv", ops.div))


def _lift(fn, name):
    return TensorFunction(fn, name)


class _Reduce(Primitive):
    reduce = None

    def __init__(self, keep_dims=False):
        if not isinstance(keep_dims, bool):
            raise TypeError(f"keep_dims: expected a bool, got {type(keep_dims).__name__}")
        self.keep_dims = keep_dims
        self._fn = _lift(lambda x, axis: type(self).reduce(x, _f.every_axis_if_empty(axis),
                                                           self.keep_dims), type(self).__name__)

    def __call__(self, x, axis=()):
        return self._fn(x, axis)


@_register
class ReduceSum(_Reduce):
    """``ReduceSum(keep_dims=False)(x, axis=())``: sum (over all axes by default)."""
    reduce = staticmethod(_f.reduce_sum)


@_register
class ReduceMean(_Reduce):
    """``ReduceMean(keep_dims=False)(x, axis=())``: mean (over all axes by default)."""
    reduce = staticmethod(_f.tensor_mean)


@_register
class ReduceMax(_Reduce):
    """``ReduceMax(keep_dims=False)(x, axis=())``; tied maxima share the gradient."""
    reduce = staticmethod(lambda x, axis, keep: _f.max_(x, axis, keep, "split"))


@_register
class ReduceMin(_Reduce):
    """``ReduceMin(keep_dims=False)(x, axis=())``; tied minima share the gradient."""
    reduce = staticmethod(lambda x, axis, keep: _f.min_(x, axis, keep, "split"))


@_register
class ReduceProd(_Reduce):
    """``ReduceProd(keep_dims=False)(x, axis=())``: product (over all axes by default),
    exact with zeros among the factors."""
    reduce = staticmethod(_c.prod)


def _check_flag(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a bool, got {type(value).__name__}")
    return value


class _Running(Primitive):
    """Running sums or products along an axis; ``reverse`` runs from the end,
    ``exclusive`` leaves each element out of its own (shifting in the identity)."""
    running = None
    identity = None

    def __init__(self, exclusive=False, reverse=False):
        self.exclusive = _check_flag(exclusive, "exclusive")
        self.reverse = _check_flag(reverse, "reverse")
        self._fn = _lift(self._run, type(self).__name__)

    def _run(self, x, axis):
        if self.reverse:
            x = _c.flip(x, axis)
        out = type(self).running(x, axis)
        if self.exclusive:
            value = np.asarray(primal_value(out))
            axis = _c._axis(axis, value.ndim, type(self).__name__)
            if value.shape[axis]:       # an empty axis stays empty
                shape = value.shape[:axis] + (1,) + value.shape[axis + 1:]
                before = _f.getitem(out, (slice(None),) * axis + (slice(0, -1),))
                out = _f.concat([np.full(shape, self.identity, value.dtype), before], axis)
        return _c.flip(out, axis) if self.reverse else out

    def __call__(self, x, axis):
        return self._fn(x, axis)


@_register
class CumSum(_Running):
    """``CumSum(exclusive=False, reverse=False)(x, axis)``: running sums."""
    running = staticmethod(_c.cumsum)
    identity = 0


@_register
class CumProd(_Running):
    """``CumProd(exclusive=False, reverse=False)(x, axis)``: running products, exact
    with zeros."""
    running = staticmethod(_c.cumprod)
    identity = 1


@_register
class Gather(Primitive):
    """``Gather(batch_dims=0)(input_params, input_indices, axis)``."""

    def __init__(self, batch_dims=0):
        self.batch_dims = batch_dims
        self._fn = _lift(lambda x, i, axis: _c.gather(x, i, axis, self.batch_dims), "Gather")

    def __call__(self, input_params, input_indices, axis):
        return self._fn(input_params, input_indices, axis)


class _ArgExtremum(Primitive):
    function = None

    def __init__(self, axis=-1, output_type=None):
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"axis: expected an int, got {type(axis).__name__}")
        self.axis = axis
        self.output_type = to_numpy_dtype(output_type if output_type is not None else "int32")
        if self.output_type.kind != "i":
            raise TypeError(f"output_type: expected int32 or int64, got {output_type}")

    def __call__(self, x):
        from .. import ops
        return getattr(ops, type(self).function)(x, self.axis).astype(self.output_type)


@_register
class Argmax(_ArgExtremum):
    """``Argmax(axis=-1, output_type=int32)(x)``: indices of the maxima along ``axis``."""
    function = "argmax"


@_register
class Argmin(_ArgExtremum):
    """``Argmin(axis=-1, output_type=int32)(x)``: indices of the minima along ``axis``."""
    function = "argmin"


@_register
class Sort(Primitive):
    """``Sort(axis=-1, descending=False)(x)``: (values, int32 indices)."""

    def __init__(self, axis=-1, descending=False):
        self.axis = axis
        self.descending = _check_flag(descending, "descending")
        self._fn = _lift(lambda x: _c.sort(x, self.axis, self.descending), "Sort")

    def __call__(self, x):
        return self._fn(x)


@_register
class TopK(Primitive):
    """``TopK(sorted=True)(input_x, k)``: the k largest along the last axis, (values,
    int32 indices)."""

    def __init__(self, sorted=True):
        self.sorted = _check_flag(sorted, "sorted")
        self._fn = _lift(lambda x, k: _c.topk(x, k), "TopK")

    def __call__(self, input_x, k):
        return self._fn(input_x, k)


@_register
class Cdist(Primitive):
    """``Cdist(p=2.0)(x1, x2)``: pairwise p-norm distances."""

    def __init__(self, p=2.0):
        self.p = p
        self._fn = _lift(lambda a, b: _c.cdist(a, b, self.p), "Cdist")

    def __call__(self, x1, x2):
        return self._fn(x1, x2)


@_register
class ReverseV2(Primitive):
    """``ReverseV2(axis)(input)``: reversed along the axes."""

    def __init__(self, axis):
        self.axis = axis
        self._fn = _lift(lambda x: _c.flip(x, self.axis), "ReverseV2")

    def __call__(self, input):
        return self._fn(input)


def _sequence(xs, owner):
    """The tensors a Concat, Stack or Meshgrid takes, as a tuple."""
    if not isinstance(xs, (tuple, list, np.ndarray, Tensor)):
        raise TypeError(f"{owner}: expected a tuple or list of tensors, got {type(xs).__name__}")
    return tuple(xs)


@_register
class Meshgrid(Primitive):
    """``Meshgrid(indexing='xy')(inputs)``: a tuple of coordinate grids."""

    def __init__(self, indexing="xy"):
        self.indexing = indexing
        self._fn = _lift(lambda xs: _c.meshgrid(*xs, indexing=self.indexing), "Meshgrid")

    def __call__(self, inputs):
        return self._fn(_sequence(inputs, type(self).__name__))


@_register
class GeLU(Primitive):
    """``GeLU()(x)``: MindSpore's GeLU primitive computes GELU's tanh form
    (``ops.gelu(x, approximate='tanh')``), not the erf one."""

    _fn = TensorFunction(_f.gelu_tanh, "GeLU")

    def __call__(self, x):
        return self._fn(x)


@_register
class MatMul(Primitive):
    """``MatMul(transpose_a=False, transpose_b=False)(a, b)`` on 2-D tensors."""

    def __init__(self, transpose_a=False, transpose_b=False):
        from .._structural import flag
        self.transpose_a = flag(transpose_a, "transpose_a", type(self).__name__)
        self.transpose_b = flag(transpose_b, "transpose_b", type(self).__name__)
        self._fn = _lift(self._matmul, "MatMul")

    def _matmul(self, a, b):
        for name, v in (("x1", a), ("x2", b)):
            if len(shape_of(v)) != 2:
                raise ValueError(f"MatMul: {name} must be 2-D, got shape "
                                 f"{shape_of(v)}; use ops.matmul for other ranks")
        return _f.matmul(a, b, self.transpose_a, self.transpose_b)

    def __call__(self, a, b):
        return self._fn(a, b)


@_register
class BatchMatMul(MatMul):
    """``BatchMatMul(transpose_a=False, transpose_b=False)(a, b)`` on stacks of matrices."""

    def _matmul(self, a, b):
        return _f.matmul(a, b, self.transpose_a, self.transpose_b)


def _simple(name, fn, doc):
    def __call__(self, *args):
        return self._fn(*args)

    def __init__(self):
        self._fn = _lift(fn, name)
    return _register(type(name, (Primitive,), {"__init__": __init__, "__call__": __call__,
                                               "__doc__": doc}))


_simple("Reshape", lambda x, shape: _f.reshape(x, shape), "``Reshape()(x, shape)``.")
_simple("Transpose", lambda x, perm: _f.transpose(x, perm), "``Transpose()(x, perm)``.")
_simple("ExpandDims", lambda x, axis: _f.expand_dims(x, axis), "``ExpandDims()(x, axis)``.")
_simple("Select", lambda cond, x, y: _f.tensor_where(cond, x, y), "``Select()(cond, x, y)``.")
_simple("BiasAdd", lambda x, bias: _linalg.bias_add(x, bias),
        "``BiasAdd()(x, bias)``: add a bias along axis 1 (channels).")
_simple("Cast", lambda x, dtype: _f.cast(x, to_numpy_dtype(dtype)), "``Cast()(x, dtype)``.")
_simple("Tile", lambda x, dims: _c.tile(x, dims), "``Tile()(input, dims)``.")
_simple("Flatten", lambda x: _c.flatten(x), "``Flatten()(input_x)``: all axes but the first "
        "merged.")
_simple("Trace", _c.trace, "``Trace()(input)``: the sum of a matrix's diagonal.")
_simple("Diag", _c.diag, "``Diag()(input)``: input on the diagonal of a tensor of twice its rank.")
for _name, _fn in (("IsNan", _c.isnan), ("IsInf", _c.isinf), ("IsFinite", _c.isfinite)):
    _simple(_name, _fn, f"``{_name}()(x)``: ``dualgrad.ops.{_fn.__name__}``.")


@_register
class StopGradient(Primitive):
    """``StopGradient()(x)``: x with no derivative (containers keep their type)."""

    def __call__(self, x):
        from . import stop_gradient
        return stop_gradient(x)


@_register
class Squeeze(Primitive):
    """``Squeeze(axis=())(x)``: drop axes of size 1 (all of them by default)."""

    def __init__(self, axis=()):
        self.axis = None if axis == () else axis
        self._fn = _lift(lambda x: _f.squeeze(x, self.axis), "Squeeze")

    def __call__(self, x):
        return self._fn(x)


@_register
class Concat(Primitive):
    """``Concat(axis=0)((a, b, ...))``."""

    def __init__(self, axis=0):
        self.axis = axis
        self._fn = _lift(lambda xs: _f.concat(xs, self.axis), "Concat")

    def __call__(self, xs):
        return self._fn(_sequence(xs, type(self).__name__))


@_register
class Stack(Primitive):
    """``Stack(axis=0)((a, b, ...))``."""

    def __init__(self, axis=0):
        self.axis = axis
        self._fn = _lift(lambda xs: _f.stack(xs, self.axis), "Stack")

    def __call__(self, xs):
        return self._fn(_sequence(xs, type(self).__name__))


@_register
class BroadcastTo(Primitive):
    """``BroadcastTo(shape)(x)``."""

    def __init__(self, shape):
        self.shape = tuple(shape)
        self._fn = _lift(lambda x: _f.broadcast_to(x, self.shape), "BroadcastTo")

    def __call__(self, x):
        return self._fn(x)


@_register
class Softmax(Primitive):
    """``Softmax(axis=-1)(x)``."""

    def __init__(self, axis=-1):
        self.axis = axis

    def __call__(self, x):
        from . import softmax
        return softmax(x, self.axis)


for _name, _fn in (("ReLU6", _f.relu6), ("HSigmoid", _f.hardsigmoid),
                   ("HSwish", _f.hardswish), ("Mish", _f.mish), ("Softsign", _f.softsign),
                   ("SeLU", _f.selu)):
    _simple(_name, _fn, f"``{_name}()(x)``: ``dualgrad.ops.{_fn.__name__}``.")


class _WithAlpha(Primitive):
    function = None

    def __init__(self, alpha=1.0):
        self.alpha = _f.check_real(alpha, "alpha", type(self).__name__)
        self._fn = _lift(lambda x: type(self).function(x, self.alpha), type(self).__name__)

    def __call__(self, x):
        return self._fn(x)


@_register
class Elu(_WithAlpha):
    """``Elu(alpha=1.0)(x)``: x for x >= 0, alpha (exp(x) - 1) below."""
    function = staticmethod(_f.elu)


@_register
class CeLU(_WithAlpha):
    """``CeLU(alpha=1.0)(x)``: x for x >= 0, alpha (exp(x / alpha) - 1) below."""
    function = staticmethod(_f.celu)


@_register
class LogSoftmax(Primitive):
    """``LogSoftmax(axis=-1)(x)``: x - logsumexp(x) over ``axis``."""

    def __init__(self, axis=-1):
        self.axis = _f.check_axis(axis, "LogSoftmax")
        self._fn = _lift(lambda x: _f.log_softmax(x, self.axis), "LogSoftmax")

    def __call__(self, x):
        return self._fn(x)


@_register
class Partial(Primitive):
    """``Partial()(func, *args)``: func with its first arguments fixed (``ops.partial``)."""

    def __call__(self, func, *args):
        from . import partial
        return partial(func, *args)


_generate_elementwise()
__all__.append("Primitive")
