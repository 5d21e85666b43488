"""Logic, tests, counts and index reductions: functions of values with no derivative
(the comparisons, ``ops.equal``..., are the Tensor layer's ``predicate``).

Their results are bool (or integer) arrays computed by NumPy on the primal
values, so they carry no derivative in any mode, as in MindSpore.  Under vmap
they are computed for each example: the elementwise ones as a Batched value
(``values_test``), the reductions through ``per_example`` (argmax and argmin
through the Tensor layer's ``arg_index``).
"""
import numpy as np

from ._composite import _check_int, _numbers, per_example, values_test
from ._core import shape_of
from ._dtypes import int32, to_numpy_dtype
from ._structural import _normalize_axes, every_axis_if_empty, flag
from ._tensor import arg_index


def logical_not(input):
    """not input, as truth values (a bool tensor).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logical_not(ms.Tensor([1.0, 0.0]))
    Tensor(shape=[2], dtype=Bool, value= [False,  True])
    """
    return values_test("logical_not", "logical_not", (input, "input"))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol·|other|, elementwise (a bool tensor); NaNs are
    close to each other only with ``equal_nan``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.isclose(ms.Tensor([1.0, 2.0]), ms.Tensor([1.0 + 1e-6, 2.1]))
    Tensor(shape=[2], dtype=Bool, value= [ True, False])
    """
    for value, name in ((rtol, "rtol"), (atol, "atol")):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise TypeError(f"isclose: {name} must be a float, got {type(value).__name__}")
        if not value >= 0:
            raise ValueError(f"isclose: {name} must be >= 0, got {value}")
    return values_test("isclose", "isclose", (input, "input"), (other, "other"), rtol=rtol,
                       atol=atol, equal_nan=bool(equal_nan))


def isneginf(input):
    """Where ``input`` is -inf (a bool tensor)."""
    return values_test("isneginf", "isneginf", (input, "input"))


def isposinf(input):
    """Where ``input`` is +inf (a bool tensor)."""
    return values_test("isposinf", "isposinf", (input, "input"))


def _reduce_axes(axis, ndim, owner):
    """MindSpore's reduction axes: None, () or [] for all of them."""
    return _normalize_axes(every_axis_if_empty(axis), ndim, f"{owner}: axis")


def _truth_reduction(reduce, name):
    def fn(input, axis=None, keep_dims=False):
        _numbers(input, name)
        axes = _reduce_axes(axis, len(shape_of(input)), name)
        return per_example(input, lambda v, k: reduce(
            v.astype(bool), axis=tuple(a + k for a in axes), keepdims=flag(keep_dims, "keep_dims", name)))
    fn.__name__ = name
    return fn


all = _truth_reduction(np.all, "all")  # noqa: A001
all.__doc__ = """Whether every element over ``axis`` (all axes when None or ()) is true.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.all(ms.Tensor([[True, False], [True, True]]), axis=1)
    Tensor(shape=[2], dtype=Bool, value= [False,  True])
    """
any = _truth_reduction(np.any, "any")  # noqa: A001
any.__doc__ = "Whether any element over ``axis`` (all axes when None or ()) is true."


def _arg_extremum(arg, name, dim_name, dtype):
    def fn(input, axis=None, keepdims=False):
        _numbers(input, name)
        shape = tuple(shape_of(input))
        if axis is not None:
            _check_int(axis, dim_name, name)
            axis = _normalize_axes(axis, len(shape), f"{name}: {dim_name}")[0] if shape else None
        return arg_index(input, arg, axis, flag(keepdims, "keepdims", name), dtype)
    return fn


_argmax = _arg_extremum(np.argmax, "argmax", "dim", np.int64)
_argmin = _arg_extremum(np.argmin, "argmin", "axis", np.int32)


def argmax(input, dim=None, keepdim=False):
    """The int64 index of the largest element along ``dim`` (of the flattened input
    when None); the first of ties.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.argmax(ms.Tensor([[1.0, 3.0, 2.0], [4.0, 0.0, 4.0]]), 1)
    Tensor(shape=[2], dtype=Int64, value= [1, 0])
    """
    return _argmax(input, dim, keepdim)


def argmin(input, axis=None, keepdims=False):
    """The int32 index (MindSpore's; argmax's is int64) of the smallest element along
    ``axis`` (of the flattened input when None); the first of ties."""
    return _argmin(input, axis, keepdims)


def count_nonzero(x, axis=(), keep_dims=False, dtype=int32):
    """The number of nonzero elements over ``axis`` (all axes when () or None), int32
    unless ``dtype`` says otherwise.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.count_nonzero(ms.Tensor([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0]]), axis=1)
    Tensor(shape=[2], dtype=Int32, value= [2, 1])
    """
    _numbers(x, "count_nonzero")
    axes = _reduce_axes(axis, len(shape_of(x)), "count_nonzero")
    out_dtype = to_numpy_dtype(dtype)
    return per_example(x, lambda v, k: (v != 0).sum(
        axis=tuple(a + k for a in axes), keepdims=flag(keep_dims, "keep_dims", 'count_nonzero')).astype(out_dtype))


def heaviside(input, values):
    """0 where input < 0, 1 where input > 0, ``values`` where input is 0 (broadcast);
    no derivative (MindSpore defines none).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.heaviside(ms.Tensor([-1.0, 0.0, 2.0]), ms.Tensor([0.5]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  5.00000000e-01,  1.00000000e+00])
    """
    return values_test("heaviside", "heaviside", (input, "input"), (values, "values"))
