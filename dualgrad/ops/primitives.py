"""MindSpore-style primitive classes: ``ops.Sin()(x)``, ``ops.ReduceSum(keep_dims=True)(x, 1)``.

The elementwise ones are generated from the rule table's ``ms`` column, so a
new row of the table gets its class for free; the structural ones wrap the
functions of ``dualgrad.ops`` with MindSpore's constructor arguments.
"""
import numpy as np

from .. import _composite as _c, _functions as _f, _linalg, _table
from .._core import primal_value, shape_of
from .._dtypes import to_numpy_dtype
from .._naming import name_by_class
from .._tensor import Tensor, TensorFunction, UnaryTensorFunction
from .. import ops as _ops      # (complete by the time a primitive is called)

__all__ = []


class Primitive:
    """Base of the primitive classes; instances are callables on Tensors."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        name_by_class(cls, "__call__")

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

    _fn = UnaryTensorFunction(_f.gelu_tanh, "GeLU")

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


# ---------------------------------------------------------------------------
# MindSpore's other primitive classes, each a call of ``dualgrad.ops`` functions
# (so every mode differentiates them as it does those functions)

def _calls(name, call, doc):
    """A primitive class with no constructor arguments whose call is ``call``."""
    return _register(type(name, (Primitive,), {
        "__call__": lambda self, *args: call(*args), "__doc__": doc}))


for _name, _function in (
        ("Shape", "shape"), ("Rank", "rank"), ("Size", "size"), ("DType", "dtype"),
        ("Fill", "fill"), ("Zeros", "zeros"), ("Ones", "ones"), ("OnesLike", "ones_like"),
        ("ZerosLike", "zeros_like"), ("Eye", "eye"), ("Equal", "equal"),
        ("NotEqual", "not_equal"), ("Greater", "greater"), ("GreaterEqual", "greater_equal"),
        ("Less", "less"), ("LessEqual", "less_equal"), ("LogicalAnd", "logical_and"),
        ("LogicalOr", "logical_or"), ("LogicalNot", "logical_not"), ("Xlogy", "xlogy"),
        ("FloorDiv", "floor_divide"), ("Mod", "fmod"), ("TruncateDiv", "truncate_div"),
        ("TruncateMod", "truncate_mod"), ("Heaviside", "heaviside"), ("Ger", "ger"),
        ("Lerp", "lerp"), ("AddN", "addn"), ("Inv", "reciprocal"), ("Rint", "round"),
        ("Addcmul", "addcmul"), ("Addcdiv", "addcdiv"), ("GatherNd", "gather_nd"),
        ("ScatterNd", "scatter_nd"), ("TensorScatterUpdate", "tensor_scatter_update"),
        ("TensorScatterAdd", "tensor_scatter_add"), ("Slice", "slice"),
        ("Depend", "depend"), ("UnsortedSegmentSum", "unsorted_segment_sum"),
        ("TupleToArray", "tuple_to_array"), ("ScalarToTensor", "scalar_to_tensor"),
        ("LinSpace", "linspace"), ("MatrixDeterminant", "det"),
        ("LogMatrixDeterminant", "slogdet"), ("FastGeLU", "fast_gelu"), ("PReLU", "prelu"),
        ("MaskedFill", "masked_fill"), ("Expand", "expand"), ("Eps", "eps"),
        ("NonZero", "nonzero")):
    _calls(_name, lambda *args, _function=_function: getattr(_ops, _function)(*args),
           f"``{_name}()(...)``: ``dualgrad.ops.{_function}(...)``.")


@_register
class SquaredDifference(Primitive):
    """``SquaredDifference()(x, y)``: (x - y)²."""

    def __call__(self, x, y):
        return _ops.square(_ops.sub(x, y))


@_register
class DivNoNan(Primitive):
    """``DivNoNan()(x1, x2)``: x1 / x2, and 0 where x2 is 0 (with a zero derivative there)."""

    def __call__(self, x1, x2):
        zero = _ops.equal(x2, 0)
        return _ops.where(zero, _ops.zeros_like(_ops.div(x1, 1)),
                          _ops.div(x1, _ops.where(zero, _ops.ones_like(x2), x2)))


@_register
class MulNoNan(Primitive):
    """``MulNoNan()(x, y)``: x·y, and 0 where y is 0 even if x is inf or NaN."""

    def __call__(self, x, y):
        zero = _ops.equal(y, 0)
        return _ops.mul(_ops.where(zero, _ops.zeros_like(x), x), y)


@_register
class Identity(Primitive):
    """``Identity()(x)``: a Tensor of x's values (derivatives carry over)."""

    def __call__(self, x):
        return _ops.mul(x, 1) if not isinstance(x, Tensor) else x.copy()


@_register
class L2Loss(Primitive):
    """``L2Loss()(input)``: sum(input²) / 2."""

    def __call__(self, input):
        return _ops.div(_ops.sum(_ops.square(input)), 2)


@_register
class Split(Primitive):
    """``Split(axis=0, output_num=1)(x)``: a tuple of ``output_num`` equal parts along axis."""

    def __init__(self, axis=0, output_num=1):
        self.axis = _c._check_int(axis, "axis", "Split")
        self.output_num = _c._check_int(output_num, "output_num", "Split", 1)

    def __call__(self, x):
        length = x.shape[self.axis] if isinstance(x, Tensor) else shape_of(x)[self.axis]
        if length % self.output_num:
            raise ValueError(f"Split: axis {self.axis} of length {length} does not split into "
                             f"{self.output_num} equal parts")
        return tuple(_ops.split(x, length // self.output_num, self.axis))


@_register
class OneHot(Primitive):
    """``OneHot(axis=-1)(indices, depth, on_value, off_value)``."""

    def __init__(self, axis=-1):
        self.axis = _c._check_int(axis, "axis", "OneHot")

    def __call__(self, indices, depth, on_value, off_value):
        return _ops.one_hot(indices, depth, on_value, off_value, self.axis)


class _ExtremumWithValue(Primitive):
    function = None

    def __init__(self, axis=0, keep_dims=False):
        self.axis = _c._check_int(axis, "axis", type(self).__name__)
        self.keep_dims = _check_flag(keep_dims, "keep_dims")

    def __call__(self, x):
        values, indices = getattr(_ops, type(self).function)(x, self.axis, self.keep_dims)
        return indices, values


@_register
class ArgMaxWithValue(_ExtremumWithValue):
    """``ArgMaxWithValue(axis=0, keep_dims=False)(x)``: (indices, values) of the maxima;
    the derivative goes to the first maximum."""
    function = "max"


@_register
class ArgMinWithValue(_ExtremumWithValue):
    """``ArgMinWithValue(axis=0, keep_dims=False)(x)``: (indices, values) of the minima."""
    function = "min"


class _ReduceLogic(Primitive):
    function = None

    def __init__(self, keep_dims=False):
        self.keep_dims = _check_flag(keep_dims, "keep_dims")

    def __call__(self, x, axis=()):
        return getattr(_ops, type(self).function)(x, None if axis == () else axis,
                                                  self.keep_dims)


@_register
class ReduceAll(_ReduceLogic):
    """``ReduceAll(keep_dims=False)(x, axis=())``: logical and (over all axes by default)."""
    function = "all"


@_register
class ReduceAny(_ReduceLogic):
    """``ReduceAny(keep_dims=False)(x, axis=())``: logical or (over all axes by default)."""
    function = "any"


@_register
class L2Normalize(Primitive):
    """``L2Normalize(axis=0, epsilon=1e-4)(x)``: x / sqrt(max(sum(x², axis), epsilon))."""

    def __init__(self, axis=0, epsilon=1e-4):
        self.axis = axis
        self.epsilon = _f.check_real(epsilon, "epsilon", "L2Normalize")

    def __call__(self, x):
        squares = _ops.sum(_ops.square(x), self.axis, keepdim=True)
        return _ops.div(x, _ops.sqrt(_ops.maximum(squares, self.epsilon)))


@_register
class MatrixInverse(Primitive):
    """``MatrixInverse(adjoint=False)(x)``: the inverse of each matrix (of its transpose
    with ``adjoint``)."""

    def __init__(self, adjoint=False):
        self.adjoint = _check_flag(adjoint, "adjoint")

    def __call__(self, x):
        inverse = _ops.inverse(x)
        return _ops.swapaxes(inverse, -1, -2) if self.adjoint else inverse


@_register
class Cholesky(Primitive):
    """``Cholesky(upper=False)(input_x)``."""

    def __init__(self, upper=False):
        self.upper = _check_flag(upper, "upper")

    def __call__(self, input_x):
        return _ops.cholesky(input_x, self.upper)


@_register
class MatrixSolve(Primitive):
    """``MatrixSolve(adjoint=False)(matrix, rhs)``."""

    def __init__(self, adjoint=False):
        self.adjoint = _check_flag(adjoint, "adjoint")

    def __call__(self, matrix, rhs):
        return _ops.matrix_solve(matrix, rhs, self.adjoint)


@_register
class Unstack(Primitive):
    """``Unstack(axis=0, num=None)(x)``: the slices along ``axis``, as a tuple."""

    def __init__(self, axis=0, num=None):
        self.axis = _c._check_int(axis, "axis", type(self).__name__)
        self.num = num if num is None else _c._check_int(num, "num", type(self).__name__, 1)

    def __call__(self, x):
        parts = tuple(_ops.unstack(x, self.axis))
        if self.num is not None and len(parts) != self.num:
            raise ValueError(f"{type(self).__name__}: num={self.num}, but axis {self.axis} has "
                             f"length {len(parts)}")
        return parts


@_register
class Unpack(Unstack):
    """``Unpack(axis=0)(x)``: MindSpore's older name of Unstack."""


@_register
class Pack(Primitive):
    """``Pack(axis=0)((a, b, ...))``: MindSpore's older name of Stack."""

    def __init__(self, axis=0):
        self._stack = Stack(axis)

    def __call__(self, xs):
        return self._stack(xs)


@_register
class Cross(Primitive):
    """``Cross(dim=-65530)(x1, x2)``: the cross product along ``dim`` (the first axis of
    length 3 by default, which MindSpore marks -65530)."""

    def __init__(self, dim=-65530):
        self.dim = None if dim == -65530 else _c._check_int(dim, "dim", "Cross")

    def __call__(self, x1, x2):
        return _ops.cross(x1, x2, self.dim)


class _OptionCall(Primitive):
    """A primitive whose call is ``ops.<function>(x, option)``, ``option`` being its one
    constructor argument (under MindSpore's name, set by the subclass)."""
    function = None
    option = None

    def __call__(self, x):
        return getattr(_ops, type(self).function)(x, self.option)


class _Triangle(_OptionCall):
    def __init__(self, diagonal=0):
        self.option = self.diagonal = _c._check_int(diagonal, "diagonal", type(self).__name__)


@_register
class Triu(_Triangle):
    """``Triu(diagonal=0)(x)``: the upper triangle of each matrix."""
    function = "triu"


@_register
class Tril(_Triangle):
    """``Tril(diagonal=0)(x)``: the lower triangle of each matrix."""
    function = "tril"


@_register
class ReduceStd(Primitive):
    """``ReduceStd(axis=[], unbiased=True, keep_dims=False)(x)``: (std, mean); an empty
    ``axis`` reduces every axis."""

    def __init__(self, axis=(), unbiased=True, keep_dims=False):
        self.axis = None if (isinstance(axis, (tuple, list)) and not axis) else axis
        self.unbiased = _check_flag(unbiased, "unbiased")
        self.keep_dims = _check_flag(keep_dims, "keep_dims")

    def __call__(self, x):
        return _ops.std_mean(x, self.axis, int(self.unbiased), self.keep_dims)


@_register
class IsClose(Primitive):
    """``IsClose(rtol=1e-05, atol=1e-08, equal_nan=False)(x1, x2)``."""

    def __init__(self, rtol=1e-05, atol=1e-08, equal_nan=False):
        self.rtol, self.atol, self.equal_nan = rtol, atol, _check_flag(equal_nan, "equal_nan")

    def __call__(self, x1, x2):
        return _ops.isclose(x1, x2, self.rtol, self.atol, self.equal_nan)


class _Cumulative(_OptionCall):
    def __init__(self, axis):
        self.option = self.axis = _c._check_int(axis, "axis", type(self).__name__)


@_register
class Cummax(_Cumulative):
    """``Cummax(axis)(x)``: (running maxima, their int64 indices)."""
    function = "cummax"


@_register
class Cummin(_Cumulative):
    """``Cummin(axis)(x)``: (running minima, their int32 indices, as MindSpore's)."""
    function = "cummin"


@_register
class LpNorm(Primitive):
    """``LpNorm(axis, p=2, keep_dims=False, epsilon=1e-12)(input)``: the vector p-norm over
    ``axis`` (an int or a list of them)."""

    def __init__(self, axis, p=2, keep_dims=False, epsilon=1e-12):
        self.axis = tuple(axis) if isinstance(axis, (tuple, list)) else axis
        self.p = _f.check_real(p, "p", "LpNorm")
        self.keep_dims = _check_flag(keep_dims, "keep_dims")
        self.epsilon = _f.check_real(epsilon, "epsilon", "LpNorm")

    def __call__(self, input):
        return _ops.vector_norm(input, self.p, self.axis, self.keep_dims)


@_register
class Pad(Primitive):
    """``Pad(paddings)(input_x)``: zeros before and after each axis, ``paddings`` holding one
    (before, after) pair per axis."""

    def __init__(self, paddings):
        pairs = tuple(tuple(pair) for pair in paddings)
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError(f"Pad: paddings must hold one (before, after) pair per axis, got "
                             f"{paddings!r}")
        self.paddings = pairs

    def __call__(self, input_x):
        ndim = input_x.ndim if isinstance(input_x, Tensor) else len(shape_of(input_x))
        if len(self.paddings) != ndim:
            raise ValueError(f"Pad: {len(self.paddings)} pairs of paddings for an input of "
                             f"{ndim} axes")
        # ops.pad takes the last axis first
        return _ops.pad(input_x, tuple(n for pair in reversed(self.paddings) for n in pair))


@_register
class Logit(Primitive):
    """``Logit(eps=-1.0)(x)``: log(x / (1 - x)), x clipped to [eps, 1 - eps] when eps >= 0."""

    def __init__(self, eps=-1.0):
        self.eps = _f.check_real(eps, "eps", "Logit")

    def __call__(self, x):
        return _ops.logit(x, None if self.eps < 0 else self.eps)


class _Shrink(_OptionCall):
    def __init__(self, lambd=0.5):
        self.option = self.lambd = _f.check_real(lambd, "lambd", type(self).__name__)


@_register
class HShrink(_Shrink):
    """``HShrink(lambd=0.5)(input_x)``: x where |x| > lambd, else 0."""
    function = "hardshrink"


@_register
class SoftShrink(_Shrink):
    """``SoftShrink(lambd=0.5)(input_x)``: x moved toward 0 by lambd, 0 within it."""
    function = "softshrink"


@_register
class SoftmaxCrossEntropyWithLogits(Primitive):
    """``SoftmaxCrossEntropyWithLogits()(logits, labels)``: (the loss of each row,
    -sum(labels·log_softmax(logits)), and its gradient softmax(logits) - labels)."""

    def __call__(self, logits, labels):
        loss = _ops.neg(_ops.sum(_ops.mul(labels, _ops.log_softmax(logits, -1)), -1))
        return loss, _ops.sub(_ops.softmax(logits, -1), labels)


@_register
class SparseSoftmaxCrossEntropyWithLogits(Primitive):
    """``SparseSoftmaxCrossEntropyWithLogits(is_grad=False)(logits, labels)``: the mean
    cross-entropy of class indices ``labels``; with ``is_grad``, its gradient
    (softmax(logits) - one_hot(labels)) / batch."""

    def __init__(self, is_grad=False):
        self.is_grad = _check_flag(is_grad, "is_grad")

    def __call__(self, logits, labels):
        depth = logits.shape[-1] if isinstance(logits, Tensor) else shape_of(logits)[-1]
        one_hot = _ops.one_hot(labels, depth, 1.0, 0.0).astype(
            logits.dtype if isinstance(logits, Tensor) else np.float64)
        if self.is_grad:
            batch = logits.shape[0] if isinstance(logits, Tensor) else shape_of(logits)[0]
            return _ops.div(_ops.sub(_ops.softmax(logits, -1), one_hot), batch)
        return _ops.mean(_ops.neg(_ops.sum(_ops.mul(one_hot, _ops.log_softmax(logits, -1)),
                                           -1)))


@_register
class LayerNorm(Primitive):
    """``LayerNorm(begin_norm_axis=1, begin_params_axis=1, epsilon=1e-7)(x, gamma, beta)``:
    (y, mean, variance), normalized over the axes from ``begin_norm_axis`` on, with
    ``gamma`` and ``beta`` of the shape of the axes from ``begin_params_axis`` on; the mean
    and variance keep the normalized axes with length 1."""

    def __init__(self, begin_norm_axis=1, begin_params_axis=1, epsilon=1e-7):
        self.begin_norm_axis = _c._check_int(begin_norm_axis, "begin_norm_axis", "LayerNorm")
        self.begin_params_axis = _c._check_int(begin_params_axis, "begin_params_axis",
                                               "LayerNorm")
        self.epsilon = _f.check_real(epsilon, "epsilon", "LayerNorm")

    def __call__(self, x, gamma, beta):
        x = Tensor(x) if not isinstance(x, Tensor) else x
        begin = self.begin_norm_axis % x.ndim if x.ndim else 0
        params = self.begin_params_axis % x.ndim if x.ndim else 0
        for name, v in (("gamma", gamma), ("beta", beta)):
            have = v.shape if isinstance(v, Tensor) else np.shape(v)
            if tuple(have) != tuple(x.shape[params:]):
                raise ValueError(f"LayerNorm: {name} must have shape {tuple(x.shape[params:])} "
                                 f"(x's axes from begin_params_axis), got {tuple(have)}")
        axes = tuple(range(begin, x.ndim))
        mean = _ops.mean(x, axes, keep_dims=True)
        centred = _ops.sub(x, mean)
        variance = _ops.mean(_ops.square(centred), axes, keep_dims=True)
        y = _ops.mul(centred, _ops.rsqrt(_ops.add(variance, self.epsilon)))
        return _ops.add(_ops.mul(y, gamma), beta), mean, variance


@_register
class ApproximateEqual(Primitive):
    """``ApproximateEqual(tolerance=1e-5)(x, y)``: |x - y| < tolerance."""

    def __init__(self, tolerance=1e-5):
        self.tolerance = _f.check_real(tolerance, "tolerance", "ApproximateEqual")

    def __call__(self, x, y):
        return _ops.approximate_equal(x, y, self.tolerance)


@_register
class Bucketize(Primitive):
    """``Bucketize(boundaries)(input)``: int32 bucket indices, boundaries[i-1] <= x <
    boundaries[i] (``ops.bucketize(..., right=True)``)."""

    def __init__(self, boundaries):
        if not isinstance(boundaries, (tuple, list)):
            raise TypeError(f"Bucketize: boundaries must be a list of floats, got "
                            f"{type(boundaries).__name__}")
        self.boundaries = list(boundaries)

    def __call__(self, input):
        return _ops.bucketize(input, self.boundaries, right=True)


@_register
class SearchSorted(Primitive):
    """``SearchSorted(dtype=ms.int64, right=False)(sorted_sequence, values)``."""

    def __init__(self, dtype=None, right=False):
        self.out_int32 = dtype is not None and to_numpy_dtype(dtype) == np.int32
        if dtype is not None and to_numpy_dtype(dtype) not in (np.int32, np.int64):
            raise TypeError(f"SearchSorted: dtype must be int32 or int64, got {dtype}")
        self.right = _check_flag(right, "right")

    def __call__(self, sorted_sequence, values):
        return _ops.searchsorted(sorted_sequence, values, out_int32=self.out_int32,
                                 right=self.right)


@_register
class Svd(Primitive):
    """``Svd(full_matrices=False, compute_uv=True)(input)``: (s, u, v)."""

    def __init__(self, full_matrices=False, compute_uv=True):
        self.full_matrices = _check_flag(full_matrices, "full_matrices")
        self.compute_uv = _check_flag(compute_uv, "compute_uv")

    def __call__(self, input):
        return _ops.svd(input, self.full_matrices, self.compute_uv)


@_register
class Qr(Primitive):
    """``Qr(full_matrices=False)(x)``: (q, r), complete with ``full_matrices``."""

    def __init__(self, full_matrices=False):
        self.full_matrices = _check_flag(full_matrices, "full_matrices")

    def __call__(self, x):
        return _ops.qr(x, "complete" if self.full_matrices else "reduced")


@_register
class Dropout(Primitive):
    """``Dropout(keep_prob=0.5, Seed0=0, Seed1=0)(x)``: (output, mask), the mask holding 1
    for each kept element (0 otherwise) and the output x·mask / keep_prob. Seeds of 0
    draw from the global state (``set_seed``); others make the draws repeatable."""

    def __init__(self, keep_prob=0.5, Seed0=0, Seed1=0):  # noqa: N803  (MindSpore's names)
        self.keep_prob = _f.check_real(keep_prob, "keep_prob", "Dropout")
        if not 0 < self.keep_prob <= 1:
            raise ValueError(f"Dropout: keep_prob must be in (0, 1], got {keep_prob}")
        self.seed = (None if Seed0 == 0 and Seed1 == 0
                     else _c._check_int(Seed0, "Seed0", "Dropout", 0) * 2 ** 32
                     + _c._check_int(Seed1, "Seed1", "Dropout", 0))

    def __call__(self, x):
        from .._random import _rng
        x = Tensor(x) if not isinstance(x, Tensor) else x
        if np.dtype(x.dtype).kind != "f":
            raise TypeError(f"Dropout: x must be a float tensor, got {x.dtype}")
        keep = _rng(self.seed, "Dropout").random(x.shape) < self.keep_prob
        mask = Tensor(keep.astype(np.dtype(x.dtype)))
        return _ops.div(_ops.mul(x, mask), self.keep_prob), mask


@_register
class InvertPermutation(Primitive):
    """``InvertPermutation()(input_x)``: the inverse of a permutation of 0..n-1, as a
    tuple."""

    def __call__(self, input_x):
        if not isinstance(input_x, (tuple, list)) or any(
                isinstance(i, bool) or not isinstance(i, (int, np.integer)) for i in input_x):
            raise TypeError(f"InvertPermutation: input_x must be a tuple of ints, got "
                            f"{input_x!r}")
        if sorted(input_x) != list(range(len(input_x))):
            raise ValueError(f"InvertPermutation: input_x must be a permutation of "
                             f"0..{len(input_x) - 1}, got {tuple(input_x)}")
        inverse = [0] * len(input_x)
        for position, value in enumerate(input_x):
            inverse[value] = position
        return tuple(inverse)


@_register
class Range(Primitive):
    """``Range(maxlen=1000000)(start, limit, delta)`` (``ops.range``)."""

    def __init__(self, maxlen=1000000):
        self.maxlen = _c._check_int(maxlen, "maxlen", "Range", 1)

    def __call__(self, start, limit, delta):
        return _ops.range(start, limit, delta, self.maxlen)


_generate_elementwise()
__all__.append("Primitive")
