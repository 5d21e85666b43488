"""Statistics, running extrema, differences and elementwise functions composed of
the engine's primitives.

As in ``_composite``, each is written with primitives (sum, getitem, where,
concat, the rule table's rows...), so every mode differentiates it to any
order; integer inputs compute in float32, as MindSpore's float functions do.
"""
import numpy as np

from . import _core, _elementwise as ew
from ._composite import (_as_dtype, _at_least_1d, _axis, _check_int, _numbers, _root_of_sum,
                         _slice_along, _take_along, per_example, values_test, vector_norm)
from ._core import primal_value, shape_of
from ._functions import (_integer, cast, check_real, concat, constant, floating, getitem, matmul,
                         mean, reshape, sum_, tensor_where, transpose, where)
from ._logic import _reduce_axes
from ._structural import flag


# ---------------------------------------------------------------------------
# Variance and standard deviation

def _ddof(ddof, owner):
    # MindSpore accepts a bool (True: 1) or an int.
    if isinstance(ddof, (bool, np.bool_)):
        return int(ddof)
    return _check_int(ddof, "ddof", owner)


def _var_and_mean(input, axis, ddof, keepdims, owner):
    x = floating(input)
    shape = tuple(shape_of(x))
    axes = _reduce_axes(axis, len(shape), owner)
    ddof = _ddof(ddof, owner)
    m = mean(x, axes, True)
    d = ew.sub(x, m)
    count = int(np.prod([shape[a] for a in axes]))
    # n - ddof <= 0 divides by 0 or less (inf or NaN), as MindSpore does.
    var = ew.div(sum_(ew.mul(d, d), axes, flag(keepdims, "keepdims", owner)), float(count - ddof))
    return var, (m if flag(keepdims, "keepdims", owner) else mean(x, axes, False))


def var(input, axis=None, ddof=0, keepdims=False):
    """The variance over ``axis`` (all axes when None or ()): the mean squared
    deviation, with n - ``ddof`` in the denominator (``ddof=1`` or True: the
    unbiased estimate).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.var(ms.Tensor([[1.0, 2.0, 4.0]]), axis=1)
    Tensor(shape=[1], dtype=Float32, value= [ 1.55555546e+00])
    >>> ops.var(ms.Tensor([[1.0, 2.0, 4.0]]), axis=1, ddof=1)
    Tensor(shape=[1], dtype=Float32, value= [ 2.33333325e+00])
    """
    return _var_and_mean(input, axis, ddof, keepdims, "var")[0]


def std(input, axis=None, ddof=0, keepdims=False):
    """The standard deviation over ``axis``: sqrt(var(input, axis, ddof)).  Where
    it is 0 (constant input) every derivative is 0, the subgradient (MindSpore's
    gradient there is NaN).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.std(ms.Tensor([1.0, 2.0, 4.0]), ddof=1)
    Tensor(shape=[], dtype=Float32, value= 1.52753)
    >>> ms.grad(lambda x: ops.std(x, ddof=1))(ms.Tensor([1.0, 2.0, 4.0], ms.float64))
    Tensor(shape=[3], dtype=Float64, value= [-4.36435780e-01, -1.09108945e-01,  5.45544726e-01])
    """
    return _root_of_sum(_var_and_mean(input, axis, ddof, keepdims, "std")[0], 2)


def var_mean(input, axis=None, ddof=0, keepdims=False):
    """(variance, mean) over ``axis``, as ``var`` and ``mean``."""
    return _var_and_mean(input, axis, ddof, keepdims, "var_mean")


def std_mean(input, axis=None, ddof=0, keepdims=False):
    """(standard deviation, mean) over ``axis``, as ``std`` and ``mean``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.std_mean(ms.Tensor([[1.0, 2.0, 4.0]], ms.float64), axis=1)
    (Tensor(shape=[1], dtype=Float64, value= [ 1.24721913e+00]), Tensor(shape=[1], dtype=Float64, value= [ 2.33333333e+00]))
    """
    v, m = _var_and_mean(input, axis, ddof, keepdims, "std_mean")
    return _root_of_sum(v, 2), m


def trapz(y, x=None, *, dx=1.0, dim=-1):
    """The integral of ``y`` along ``dim`` by the trapezoidal rule: at sample
    points ``x`` (a 1-D tensor along ``dim``, or one of y's shape), or spaced
    ``dx`` apart.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.trapz(ms.Tensor([1.0, 2.0, 4.0]), ms.Tensor([0.0, 1.0, 3.0]))
    Tensor(shape=[], dtype=Float32, value= 7.5)
    """
    y = floating(y)
    nd = _at_least_1d(y, "trapz", "y")
    axis = _axis(dim, nd, "trapz", "dim")
    n = shape_of(y)[axis]
    averages = ew.mul(ew.add(getitem(y, _slice_along(axis, 1, None)),
                             getitem(y, _slice_along(axis, 0, n - 1))), 0.5)
    if x is None:
        return ew.mul(sum_(averages, axis), check_real(dx, "dx", "trapz"))
    x = floating(x)
    x_shape = tuple(shape_of(x))
    if len(x_shape) == 1:
        if x_shape[0] != n:
            raise ValueError(f"trapz: a 1-D x must have the {n} points of y's axis {axis}, "
                             f"got {x_shape[0]}")
        widths = ew.sub(getitem(x, slice(1, None)), getitem(x, slice(0, n - 1)))
        widths = reshape(widths, tuple(n - 1 if i == axis else 1 for i in range(nd)))
    else:
        if x_shape != tuple(shape_of(y)):
            raise ValueError(f"trapz: x must be 1-D or of y's shape {tuple(shape_of(y))}, "
                             f"got {x_shape}")
        widths = ew.sub(getitem(x, _slice_along(axis, 1, None)),
                        getitem(x, _slice_along(axis, 0, n - 1)))
    return sum_(ew.mul(widths, averages), axis)


def _observation_weights(weights, n, name, integer):
    """Check one weight per observation (under vmap, each example's)."""
    shape = tuple(shape_of(weights))
    if len(shape) != 1 or shape[0] != n:
        raise ValueError(f"cov: {name} must be 1-D with one weight per observation ({n}), got "
                         f"shape {shape}")
    v = np.asarray(primal_value(weights))
    if integer and v.dtype.kind not in "iu":
        raise TypeError(f"cov: {name} must be an integer tensor, got dtype {v.dtype}")
    if not integer and v.dtype.kind != "f":
        raise TypeError(f"cov: {name} must be a float tensor, got dtype {v.dtype}")
    if (v < 0).any():
        raise ValueError(f"cov: {name} must not be negative")


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in ``input``'s rows, observed in its
    columns (a 1-D input is one variable: its variance, 0-d).  ``correction``
    is subtracted from the number of observations (1: the unbiased estimate);
    ``fweights`` (integers) repeat observations and ``aweights`` weigh them.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cov(ms.Tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 1.00000000e+00, -1.00000000e+00],
     [-1.00000000e+00,  1.00000000e+00]])
    """
    if isinstance(correction, (bool, np.bool_)) or not isinstance(correction, (int, np.integer)):
        raise TypeError(f"cov: correction must be an int, got {type(correction).__name__}")
    x = floating(input)
    shape = tuple(shape_of(x))
    if len(shape) > 2:
        raise ValueError(f"cov: input must be 0-D, 1-D or 2-D, got shape {shape}")
    if len(shape) < 2:
        x = reshape(x, (1, -1))
    n = tuple(shape_of(x))[1]
    weights = None
    if fweights is not None:
        _observation_weights(fweights, n, "fweights", True)
        weights = cast(fweights, np.result_type(primal_value(x)))
    if aweights is not None:
        _observation_weights(aweights, n, "aweights", False)
        weights = aweights if weights is None else ew.mul(weights, aweights)
    if weights is None:
        centred = ew.sub(x, mean(x, 1, True))
        product = matmul(centred, transpose(centred, (1, 0)))
        result = ew.div(product, float(n - correction))
    else:
        total = sum_(weights)
        centred = ew.sub(x, ew.div(sum_(ew.mul(x, weights), 1, True), total))
        product = matmul(ew.mul(centred, weights), transpose(centred, (1, 0)))
        if aweights is None:
            dof = ew.sub(total, correction)
        else:
            dof = ew.sub(total, ew.mul(correction,
                                       ew.div(sum_(ew.mul(weights, aweights)), total)))
        result = ew.div(product, dof)
    return reshape(result, ()) if len(shape) < 2 else result


def nansum(input, axis=None, keepdims=False, *, dtype=None):
    """The sum over ``axis`` (all axes when None or ()) with NaNs counted as 0; their
    derivative is 0.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nansum(ms.Tensor([1.0, float('nan'), 2.0]))
    Tensor(shape=[], dtype=Float32, value= 3)
    """
    x = _as_dtype(input, dtype)
    axes = _reduce_axes(axis, len(shape_of(x)), "nansum")
    if _integer(x):
        return per_example(x, lambda v, k: v.sum(
            axis=tuple(a + k for a in axes), keepdims=flag(keepdims, "keepdims", 'nansum'),
            dtype=np.int64 if v.dtype.kind in "bi" else None))
    if np.isnan(primal_value(x)).any():         # in any example
        x = where(values_test("isnan", "nansum", (x, "input")), 0.0, x)
    return sum_(x, axes, flag(keepdims, "keepdims", 'nansum'))


# ---------------------------------------------------------------------------
# Running extrema and differences

def _running_extremum(input, axis, accumulate, name, index_dtype):
    x = input
    axis = _axis(axis, _at_least_1d(x, name), name)

    def reached(v, k):
        # Each position's index: the last one where the running extremum was
        # reached (MindSpore's choice among ties).
        running = accumulate(v, axis=axis + k)
        where_reached = np.arange(v.shape[axis + k]).reshape((-1,) + (1,) * (v.ndim - axis - k - 1))
        return np.maximum.accumulate(np.where(v == running, where_reached, 0),
                                     axis=axis + k).astype(index_dtype)
    index = per_example(x, reached)
    return _take_along(x, index, axis), index


def cummax(input, axis):
    """(values, int64 indices): the running maximum along ``axis`` and where it was
    reached (the last of ties, as MindSpore); the gradient flows to those elements.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> values, indices = ops.cummax(ms.Tensor([1.0, 3.0, 2.0, 3.0, 5.0]), 0)
    >>> values.asnumpy().tolist(), indices
    ([1.0, 3.0, 3.0, 3.0, 5.0], Tensor(shape=[5], dtype=Int64, value= [0, 1, 1, 3, 4]))
    """
    return _running_extremum(input, axis, np.maximum.accumulate, "cummax", np.int64)


def cummin(input, axis):
    """(values, int32 indices): the running minimum along ``axis`` and where it was
    reached (the last of ties); int32 indices, as MindSpore's (cummax's are int64)."""
    return _running_extremum(input, axis, np.minimum.accumulate, "cummin", np.int32)


def diff(x, n=1, axis=-1, prepend=None, append=None):
    """The n-th forward difference along ``axis``: out[i] = x[i+1] - x[i], applied n
    times, after joining ``prepend`` and ``append`` to x along that axis.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.diff(ms.Tensor([1.0, 3.0, 6.0, 10.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 2.00000000e+00,  3.00000000e+00,  4.00000000e+00])
    """
    n = _check_int(n, "n", "diff", 0)
    axis = _axis(axis, _at_least_1d(x, "diff", "x"), "diff")
    parts = [p for p in (prepend, x, append) if p is not None]
    if len(parts) > 1:
        x = concat(parts, axis)
    # Past the axis' length every further difference is empty: stop there, so
    # a huge n costs nothing.
    n = min(n, tuple(shape_of(x))[axis])
    if _integer(x):
        return per_example(x, lambda v, k: np.diff(v, n, axis + k))
    for _ in range(n):
        k = tuple(shape_of(x))[axis]
        x = ew.sub(getitem(x, _slice_along(axis, 1, k)), getitem(x, _slice_along(axis, 0, max(k - 1, 0))))
    return x


# ---------------------------------------------------------------------------
# Elementwise, composed

def xlogy(input, other):
    """input · log(other), 0 where input is 0 (whatever other is), as MindSpore
    documents; d/d input = log(other) (0 where other is 0), d/d other =
    input / other.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.xlogy(ms.Tensor([0.0, 2.0, 0.0]), ms.Tensor([0.0, 3.0, -1.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  2.19722462e+00,  0.00000000e+00])
    """
    a, b = floating(input), floating(other)
    # At a = 0 with other <= 0 the product is 0 by definition; log takes a
    # stand-in there so that no NaN or inf reaches a derivative.
    logic = _core.OPERATORS["batched_logic"]
    off = logic("logical_and", logic("equal", a, 0), logic("less_equal", b, 0))
    if not np.any(primal_value(off)):           # in any example
        return ew.mul(a, ew.log(b))
    return where(off, 0.0, ew.mul(a, ew.log(where(off, 1.0, b))))


def xdivy(x, y):
    """x / y, and 0 where x is 0 (whatever y is); there both partials are 0, as
    in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.xdivy(ms.Tensor([0.0, 3.0]), ms.Tensor([0.0, 2.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  1.50000000e+00])
    """
    a, b = floating(x), floating(y)
    zero = values_test("equal", "xdivy", (a, "x"), (0, "0"))
    if not np.any(primal_value(zero)):
        return ew.div(a, b)
    # y takes a stand-in where x is 0, so that no 0/0 reaches a derivative.
    return where(zero, 0.0, ew.div(a, where(zero, 1.0, b)))


def _nan_ignoring_pick(op, input, other):
    """fmax/fmin: input where it wins (ties included) or other is NaN, else
    other; the derivative goes with the value chosen (to input at a tie, as
    MindSpore's fmax)."""
    picks_input = values_test("logical_or", op,
                              (values_test("greater_equal" if op == "fmax" else "less_equal",
                                           op, (input, "input"), (other, "other")), "input"),
                              (values_test("isnan", op, (other, "other")), "other"))
    return tensor_where(picks_input, input, other)


def fmax(input, other):
    """The elementwise maximum, ignoring NaN: where one side is NaN the other is
    taken (NaN only where both are); at a tie the derivative goes to input.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.fmax(ms.Tensor([1.0, float('nan'), 3.0]), ms.Tensor([2.0, 5.0, float('nan')]))
    Tensor(shape=[3], dtype=Float32, value= [ 2.00000000e+00,  5.00000000e+00,  3.00000000e+00])
    """
    return _nan_ignoring_pick("fmax", input, other)


def fmin(input, other):
    """The elementwise minimum, ignoring NaN (as ``fmax``)."""
    return _nan_ignoring_pick("fmin", input, other)


def nextafter(input, other):
    """The next float after ``input`` in the direction of ``other`` (float32 or
    float64); its derivative is 1 with respect to input and 0 with respect to
    other, as MindSpore's.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nextafter(ms.Tensor(np.array([1.0])), ms.Tensor(np.array([2.0]))).asnumpy() - 1
    array([2.22044605e-16])
    """
    for x, name in ((input, "input"), (other, "other")):
        dtype = _numbers(x, "nextafter", name).dtype
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"nextafter: {name} must be a float32 or float64 tensor, got dtype "
                            f"{dtype}")
    step = ew.sub(values_test("nextafter", "nextafter", (input, "input"), (other, "other")),
                  constant(input))
    return ew.add(input, step)


def _integer_pair(op, input, other):
    for x, name in ((input, "input"), (other, "other")):
        dtype = _numbers(x, op, name).dtype
        if dtype.kind not in "iu":
            raise TypeError(f"{op}: {name} must be an integer tensor, got dtype {dtype}")
    return values_test(op, op, (input, "input"), (other, "other"))


def gcd(input, other):
    """The greatest common divisor of integers, elementwise (non-negative).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.gcd(ms.Tensor([12, -18]), ms.Tensor([8, 12]))
    Tensor(shape=[2], dtype=Int64, value= [4, 6])
    """
    return _integer_pair("gcd", input, other)


def lcm(input, other):
    """The least common multiple of integers, elementwise (0 where either is 0)."""
    return _integer_pair("lcm", input, other)


def addcmul(input, tensor1, tensor2, value=1):
    """input + value · tensor1 · tensor2, broadcast."""
    return ew.add(input, ew.mul(value, ew.mul(tensor1, tensor2)))


def addcdiv(input, tensor1, tensor2, value=1):
    """input + value · tensor1 / tensor2, broadcast."""
    return ew.add(input, ew.mul(value, ew.div(tensor1, tensor2)))


def ldexp(x, other):
    """x · 2^other (``other`` may be a float too, and is differentiated then).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.ldexp(ms.Tensor([1.0, 3.0]), ms.Tensor([2, -1]))
    Tensor(shape=[2], dtype=Float32, value= [ 4.00000000e+00,  1.50000000e+00])
    """
    return ew.mul(floating(x), ew.exp2(floating(other)))


def positive(input):
    """``input`` itself (the unary plus)."""
    _numbers(input, "positive")
    return input


def signbit(input):
    """Where ``input`` is below 0, as MindSpore defines it (so -0.0 and NaN give
    False); no derivative.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.signbit(ms.Tensor([-1.0, 0.0, 2.0]))
    Tensor(shape=[3], dtype=Bool, value= [ True, False, False])
    """
    return values_test("less", "signbit", (input, "input"), (0, "0"))


def renorm(input, p, axis, maxnorm):
    """``input`` with each slice along ``axis`` whose p-norm exceeds ``maxnorm``
    scaled down to norm ``maxnorm`` (the others are kept as they are).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.renorm(ms.Tensor([[3.0, 4.0], [0.3, 0.4]]), 2, 0, 1.0).asnumpy().tolist()
    [[0.6000000238418579, 0.800000011920929], [0.30000001192092896, 0.4000000059604645]]
    """
    p = check_real(p, "p", "renorm")
    if p <= 0:
        raise ValueError(f"renorm: p must be > 0, got {p}")
    maxnorm = check_real(maxnorm, "maxnorm", "renorm")
    if maxnorm < 0:
        raise ValueError(f"renorm: maxnorm must be >= 0, got {maxnorm}")
    x = floating(input)
    nd = _at_least_1d(x, "renorm")
    kept = _axis(axis, nd, "renorm")
    norms = vector_norm(x, p, tuple(i for i in range(nd) if i != kept), True)
    over = values_test("greater", "renorm", (norms, "norm"), (maxnorm, "maxnorm"))
    if not np.any(primal_value(over)):
        return x
    # A slice at or below maxnorm keeps its values (factor 1, no dependence on
    # its norm); the norm takes a stand-in there so no division meets a 0 norm.
    return ew.mul(x, where(over, ew.div(maxnorm, where(over, norms, 1.0)), 1.0))


def lerp(input, end, weight):
    """input + weight · (end - input), with broadcasting.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.lerp(ms.Tensor([1.0, 2.0]), ms.Tensor([3.0, 5.0]), 0.5)
    Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  3.50000000e+00])
    """
    a = floating(input)
    if not isinstance(weight, float):
        weight = floating(weight)
    return ew.add(a, ew.mul(weight, ew.sub(floating(end), a)))


def nan_to_num(input, nan=None, posinf=None, neginf=None):
    """``input`` with NaN replaced by ``nan`` (0), +inf by ``posinf`` (the dtype's
    largest value) and -inf by ``neginf`` (its smallest); the replaced elements
    have derivative 0, the others 1.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nan_to_num(ms.Tensor([float('nan'), 1.0, float('-inf')]), neginf=-9.0)
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, -9.00000000e+00])
    """
    x = floating(input)
    dtype = np.result_type(primal_value(x))
    info = np.finfo(dtype)
    out = x
    for test, value, default, name in (("isnan", nan, 0.0, "nan"),
                                       ("isposinf", posinf, info.max, "posinf"),
                                       ("isneginf", neginf, info.min, "neginf")):
        fill = default if value is None else check_real(value, name, "nan_to_num")
        mask = values_test(test, "nan_to_num", (x, "input"))
        if np.any(primal_value(mask)):          # in any example
            out = where(mask, np.asarray(fill, dtype), out)
    return out


_DEG = float(np.pi / 180)


def deg2rad(x):
    """Degrees to radians: x · π/180."""
    return ew.mul(floating(x), _DEG)


def rad2deg(x):
    """Radians to degrees: x · 180/π."""
    return ew.mul(floating(x), 1 / _DEG)


def round_(input, decimals=0):
    """``input`` rounded to ``decimals`` places, halves to even (derivative 0);
    integers are returned as they are.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.round(ms.Tensor([-2.5, -1.5, 0.5, 1.5]))
    Tensor(shape=[4], dtype=Float32, value= [-2.00000000e+00, -2.00000000e+00,  0.00000000e+00,  2.00000000e+00])
    """
    decimals = _check_int(decimals, "decimals", "round")
    if _integer(input):
        return constant(input)
    if not decimals:
        return ew.round(input)
    _numbers(input, "round")
    return per_example(input, lambda v, k: _rounded_to_places(v, decimals))


def _rounded_to_places(v, decimals):
    """v rounded to ``decimals`` places (halves to even), in float64 and cast back.
    Where |v|·10^decimals is 2^52 or more (or overflows), v has no digit that
    far and stays exactly as it is; beyond ±330 places no float64 changes
    further, so 10^decimals is applied in two factors within float64's range."""
    places = max(-330, min(330, decimals))
    first = max(-300, min(300, places))
    factors = (10.0 ** first, 10.0 ** (places - first))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scaled = v.astype(np.float64) * factors[0] * factors[1]
        rounded = np.round(scaled) / factors[0] / factors[1]
        kept = ~(np.abs(scaled) < 2.0 ** 52) & np.isfinite(v)
    return np.where(kept, v, rounded).astype(v.dtype)


def frac(x):
    """x - trunc(x), the sign of x; derivative 1 (MindSpore's).  Integers give 0."""
    if _integer(x):
        return np.zeros(shape_of(x), np.result_type(primal_value(x)))
    return ew.frac(x)



# ---------------------------------------------------------------------------
# Group "losses and composites": aminmax, nanmean, logcumsumexp

from ._composite import logaddexp  # noqa: E402
from ._functions import max_, min_  # noqa: E402


def aminmax(input, *, axis=0, keepdims=False):
    """(minimum, maximum) over ``axis`` (every axis when None).  Along one axis the
    gradient goes to the first of tied elements, over every axis tied elements
    share it, as MindSpore's.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.aminmax(ms.Tensor([[1.0, 5.0], [3.0, 2.0]]), axis=1)
    (Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  2.00000000e+00]), Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  3.00000000e+00]))
    """
    _numbers(input, "aminmax")
    if axis is not None:
        axis = _check_int(axis, "axis", "aminmax")
        if not shape_of(input):       # a 0-d tensor takes axis 0 or -1, as in MindSpore
            _axis(axis, 1, "aminmax")
            return input, input
    ties = "split" if axis is None else "first"
    axes = None if axis is None else _axis(axis, len(shape_of(input)), "aminmax")
    return (min_(input, axes, flag(keepdims, "keepdims", 'aminmax'), ties), max_(input, axes, flag(keepdims, "keepdims", 'aminmax'), ties))


def nanmean(input, axis=None, keepdims=False, *, dtype=None):
    """The mean over ``axis`` (every axis when None or ()) of the elements that are
    not NaN (NaN where all are); NaNs have derivative 0.  Integers compute in
    float32 (MindSpore refuses them).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.nanmean(ms.Tensor([[1.0, float('nan'), 3.0], [float('nan'), float('nan'), 2.0]]), 1)
    Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  2.00000000e+00])
    """
    x = floating(_as_dtype(input, dtype))
    axes = _reduce_axes(axis, len(shape_of(x)), "nanmean")
    v = constant(x)
    nan = v != v                      # under vmap, each example's
    counted = sum_(where(nan, 0.0, np.ones((), _numbers(x, "nanmean").dtype)), axes,
                   flag(keepdims, "keepdims", 'nanmean'))
    return ew.div(sum_(where(nan, 0.0, x), axes, flag(keepdims, "keepdims", 'nanmean')), counted)


def logcumsumexp(input, axis):
    """log(cumsum(exp(input))) along ``axis``, stably: each step of the doubling
    scan is a ``logaddexp``, so no exponential overflows or underflows to -inf
    where the result is finite, and a run of -inf gives -inf (MindSpore 2.10:
    NaN).  Integers compute in float32.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.logcumsumexp(ms.Tensor([0.0, 0.0, 1000.0]), 0)
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  6.93147182e-01,  1.00000000e+03])
    """
    x = floating(input)
    shape = tuple(shape_of(x))
    if not shape:
        _axis(axis, 1, "logcumsumexp")
        return x
    axis = _axis(axis, len(shape), "logcumsumexp")
    n, step = shape[axis], 1
    while step < n:                   # Hillis-Steele: y[i] = logaddexp(y[i], y[i - step])
        head = getitem(x, _slice_along(axis, 0, step))
        tail = logaddexp(getitem(x, _slice_along(axis, step, n)),
                         getitem(x, _slice_along(axis, 0, n - step)))
        x = concat([head, tail], axis)
        step *= 2
    return x
