"""Functions on engine values (arrays and boxes), one namespace for all layers.

Box operators, Tensor operators and ``dualgrad.ops`` all call these; this is
where the primitives of ``_elementwise`` (generated from the rule table) and
``_structural`` meet, and the only place that wires operators to them.
"""
import numpy as np

from . import _core, _elementwise, _tensor
from ._core import primal_value, shape_of
from ._structural import (broadcast_to, cast, concat, constant, every_axis_if_empty,  # noqa
                          expand_dims, getitem, matmul, max_, mean, min_, reshape, scatter_add,
                          squeeze, stack, stop_gradient, sum_, sum_to, transpose, where)

# Every primitive of the rule table, by name (add, sin, tanh...).
ELEMENTWISE = {p.name: p for p in _elementwise.UNARY + _elementwise.BINARY}
globals().update(ELEMENTWISE)


def _dtype(x):
    """x's dtype (a tuple or list of numbers read as an array, not as a dtype spec)."""
    v = primal_value(x)
    return np.asarray(v).dtype if isinstance(v, (tuple, list, str)) else np.result_type(v)


def _integer(x):
    return _dtype(x).kind in "biu"


def floordiv(a, b):
    """a // b; integers stay integers, floats get derivative zero almost everywhere."""
    if _integer(a) and _integer(b):
        if isinstance(constant(a), _core.Box) or isinstance(constant(b), _core.Box):
            return _core.OPERATORS["batched_logic"]("floor_divide", a, b)
        return np.asarray(np.floor_divide(primal_value(a), primal_value(b)))
    return _elementwise.floor(_elementwise.div(a, b))


def truncdiv(a, b):
    """a / b rounded toward zero; integers stay integers, floats get derivative zero
    almost everywhere."""
    if _integer(a) and _integer(b):
        # sign(a)·sign(b)·(|a| // |b|), each example's under vmap; a Python int
        # becomes an array of the result's dtype, so no step widens it.
        dtype = np.result_type(primal_value(a), primal_value(b))
        a, b = (v if isinstance(v, (np.ndarray, _core.Box)) else np.asarray(v, dtype)
                for v in (a, b))
        logic = _core.OPERATORS["batched_logic"]
        magnitude = logic("floor_divide", logic("absolute", a, None), logic("absolute", b, None))
        return logic("multiply", logic("multiply", logic("sign", a, None),
                                       logic("sign", b, None)), magnitude)
    return _elementwise.trunc(_elementwise.div(a, b))


def mod(a, b):
    """a mod b with the sign of b, as NumPy; d/da = 1, d/db = -floor(a/b) (floats: the
    rule table's ``remainder``)."""
    if _integer(a) and _integer(b):
        if isinstance(constant(a), _core.Box) or isinstance(constant(b), _core.Box):
            return _core.OPERATORS["batched_logic"]("mod", a, b)
        return np.asarray(np.mod(primal_value(a), primal_value(b)))
    return _elementwise.remainder(a, b)


def reduce_sum(x, axis=None, keepdims=False):
    """Sum as MindSpore's ReduceSum takes it: an integer input keeps its dtype (its
    ops.sum and Tensor.sum give Int64); no axes, () or [], mean every axis."""
    out = sum_(x, every_axis_if_empty(axis), keepdims)
    dtype = np.result_type(primal_value(x))
    return cast(out, dtype) if dtype.kind in "iu" else out


def tensor_mean(x, axis=None, keepdims=False):
    """Mean as MindSpore's Tensors take it: an integer mean truncates and stays integer;
    bools are refused; no axes, () or [], mean every axis."""
    if np.result_type(primal_value(x)).kind == "b":
        raise TypeError("mean: a Bool tensor has no mean; cast it to a number type first "
                        "(x.astype(ms.float32))")
    out = mean(x, every_axis_if_empty(axis), keepdims)
    if _integer(x):
        out = cast(_elementwise.trunc(constant(out)), np.result_type(primal_value(x)))
    return out


def _mindspore_pair(x, y):
    """x and y with MindSpore's dtypes for a selection between them: next to a float
    array an integer operand or Python number takes its dtype (the wider of two float
    arrays'), and with no float array a Python float makes both float32."""
    px, py = primal_value(x), primal_value(y)
    if not all(isinstance(p, (np.ndarray, int, float)) for p in (px, py)):
        return x, y                     # (where refuses them, naming the argument)
    floats = [p.dtype for p in (px, py) if isinstance(p, np.ndarray) and p.dtype.kind == "f"]
    if floats:
        target = np.result_type(*floats)
    elif type(px) is float or type(py) is float:
        target = np.dtype(np.float32)
    else:
        return x, y
    return tuple(v if isinstance(p, np.ndarray) and p.dtype == target else
                 cast(v, target) if isinstance(p, np.ndarray) else np.asarray(v, target)
                 for v, p in ((x, px), (y, py)))


def tensor_where(condition, x, y):
    """where, with MindSpore's dtypes for the selected values (``_mindspore_pair``)."""
    return where(condition, *_mindspore_pair(x, y))


def clip(x, low=None, high=None):
    """x limited to [low, high]; the gradient is 1 inside, bounds included (MindSpore),
    and MindSpore's dtypes (an integer x with float bounds becomes float)."""
    value = constant(x)
    if low is not None:
        x = tensor_where(value < constant(low), low, x)
    if high is not None:
        x = tensor_where(value > constant(high), high, x)
    return x


# ---------------------------------------------------------------------------
# Activations, composed of primitives so that every mode differentiates them
# to any order.  Where a branch is chosen by the input's value, each branch is
# evaluated only where it is chosen (the other side sees a constant), so an
# overflow in the branch not taken cannot reach a derivative as inf * 0.
# Kinks follow MindSpore's kernels, noted on each function.

def check_real(value, name, owner):
    """A finite int or float hyperparameter, as a float; errors name the argument."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{owner}: {name} must be an int or a float, got "
                        f"{type(value).__name__}")
    try:
        number = float(value)      # (NumPy's isfinite refuses Python ints past int64)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise ValueError(f"{owner}: {name} must be finite, got {value}")
    return number


def check_axis(axis, owner):
    """An int or a tuple of ints (not bools); the range is checked when the array is seen."""
    items = axis if isinstance(axis, tuple) and axis else (axis,)
    if any(isinstance(a, bool) or not isinstance(a, (int, np.integer)) for a in items):
        raise TypeError(f"{owner}: axis must be an int or a non-empty tuple of ints, got "
                        f"{axis!r}")
    return axis


def floating(x):
    """x, with integer and bool values as float32 (MindSpore computes activations of
    integer Tensors in float32)."""
    return cast(x, np.float32) if _integer(x) else x


def _chosen(x, where_chosen):
    """x where ``where_chosen`` holds, the constant 0 elsewhere."""
    return where(where_chosen, x, 0.0)


def _softmax_shift(x, axis):
    # max is a constant to the derivative: the result does not depend on the
    # shift, so treating it as one is exact at every order.
    return _elementwise.sub(x, stop_gradient(max_(x, axis, True)))


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x)) over ``axis``, computed after subtracting the maximum."""
    x = floating(x)
    if 0 in shape_of(x):
        return x        # nothing to normalise (MindSpore returns the empty tensor)
    e = _elementwise.exp(_softmax_shift(x, axis))
    return _elementwise.div(e, sum_(e, axis, True))


def log_softmax(x, axis=-1):
    """x - log(sum(exp(x))) over ``axis``, as (x - max) - log(sum(exp(x - max)))."""
    x = floating(x)
    if 0 in shape_of(x):
        return x
    shifted = _softmax_shift(x, axis)
    return _elementwise.sub(shifted, _elementwise.log(sum_(_elementwise.exp(shifted), axis,
                                                           True)))


def softmin(x, axis=-1):
    """softmax(-x) over ``axis``."""
    return softmax(_elementwise.neg(floating(x)), axis)


def leaky_relu(input, alpha=0.2):
    """max(alpha x, x) (min for alpha > 1), as MindSpore: at 0 the tie splits the
    derivative, (1 + alpha) / 2."""
    alpha = check_real(alpha, "alpha", "leaky_relu")
    x = floating(input)
    pick = _elementwise.minimum if alpha > 1 else _elementwise.maximum
    return pick(_elementwise.mul(x, alpha), x)


def _exponential_below_zero(x, alpha, scale=1.0):
    """x for x >= 0, alpha (exp(x / scale) - 1) below; derivative 1 at 0 (MindSpore's)."""
    positive = constant(x) >= 0
    negative = _chosen(x, ~positive)
    if scale != 1.0:
        negative = _elementwise.div(negative, scale)
    return where(positive, x, _elementwise.mul(_elementwise.expm1(negative), alpha))


def elu(input_x, alpha=1.0):
    """x for x >= 0, alpha (exp(x) - 1) below."""
    return _exponential_below_zero(floating(input_x), check_real(alpha, "alpha", "elu"))


def celu(x, alpha=1.0):
    """x for x >= 0, alpha (exp(x / alpha) - 1) below."""
    alpha = check_real(alpha, "alpha", "celu")
    if alpha == 0:
        raise ValueError("celu: alpha must not be 0")
    return _exponential_below_zero(floating(x), alpha, alpha)


_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def selu(input_x):
    """scale * elu(x, alpha) with the self-normalising constants."""
    return _elementwise.mul(_exponential_below_zero(floating(input_x), _SELU_ALPHA),
                            _SELU_SCALE)


def relu6(x):
    """min(max(x, 0), 6); the derivative is 1 on (0, 6], as MindSpore's."""
    x = floating(x)
    return where(constant(x) > 6, 6.0, _elementwise.relu(x))


def hardtanh(input, min_val=-1.0, max_val=1.0):
    """x clipped to [min_val, max_val] by maximum and minimum, so at a bound the tie
    splits the derivative (1/2), as MindSpore's."""
    low = check_real(min_val, "min_val", "hardtanh")
    high = check_real(max_val, "max_val", "hardtanh")
    if low >= high:
        raise ValueError(f"hardtanh: min_val must be less than max_val, got {min_val} and "
                         f"{max_val}")
    return _elementwise.minimum(_elementwise.maximum(floating(input), low), high)


def hardsigmoid(input):
    """relu6(x + 3) / 6; the derivative is 1/6 on (-3, 3), 0 elsewhere (MindSpore's)."""
    x = floating(input)
    v = constant(x)
    middle = _elementwise.div(_elementwise.add(x, 3.0), 6.0)
    return where(v <= -3, 0.0, where(v >= 3, 1.0, middle))


def hardswish(input):
    """x relu6(x + 3) / 6; the derivative is (2x + 3) / 6 on [-3, 3] (MindSpore's)."""
    x = floating(input)
    v = constant(x)
    middle = _elementwise.div(_elementwise.mul(x, _elementwise.add(x, 3.0)), 6.0)
    return where(v < -3, 0.0, where(v > 3, x, middle))


def mish(x):
    """x tanh(softplus(x))."""
    x = floating(x)
    return _elementwise.mul(x, _elementwise.tanh(_elementwise.softplus(x)))


def softsign(x):
    """x / (1 + |x|)."""
    x = floating(x)
    return _elementwise.div(x, _elementwise.add(_elementwise.abs(x), 1.0))


def tanhshrink(input):
    """x - tanh(x)."""
    x = floating(input)
    return _elementwise.sub(x, _elementwise.tanh(x))


def logsigmoid(x):
    """log(sigmoid(x)), as -softplus(-x): finite for every x."""
    return _elementwise.neg(_elementwise.softplus(_elementwise.neg(floating(x))))


# Shrinks, threshold, GLU and PReLU (MindSpore's ops.softshrink, hardshrink,
# threshold, glu, prelu): at each kink the derivative is that of the piece
# which is constant or zero there, as relu'(0) = 0.

def check_lambd(lambd, owner):
    lambd = check_real(lambd, "lambd", owner)
    if lambd < 0:
        raise ValueError(f"{owner}: lambd must be >= 0, got {lambd}")
    return lambd


def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, 0 between (derivative 0 at
    ±lambd, as MindSpore's)."""
    lambd = check_lambd(lambd, "softshrink")
    x = floating(input)
    v = constant(x)
    return where(v > lambd, _elementwise.sub(x, lambd),
                 where(v < -lambd, _elementwise.add(x, lambd), 0.0))


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, 0 elsewhere (derivative 0 at ±lambd, as MindSpore's)."""
    lambd = check_lambd(lambd, "hardshrink")
    x = floating(input)
    return where(abs(constant(x)) > lambd, x, 0.0)


def threshold(input, thr, value):
    """x where x > thr, ``value`` elsewhere (derivative 0 at thr, as MindSpore's);
    integer inputs with an integer value stay integers, as in MindSpore."""
    thr = check_real(thr, "thr", "threshold")
    check_real(value, "value", "threshold")
    return tensor_where(constant(input) > thr, input, value)


def glu(x, axis=-1):
    """a * sigmoid(b) for the halves a, b of x along ``axis`` (of even length)."""
    from ._composite import _at_least_1d, _axis, _slice_along  # (_composite imports this module)
    x = floating(x)
    shape = tuple(shape_of(x))
    axis = _axis(axis, _at_least_1d(x, "glu"), "glu")
    if shape[axis] % 2:
        raise ValueError(f"glu: the length of axis {axis} must be even, got {shape[axis]}")
    half = shape[axis] // 2
    return _elementwise.mul(getitem(x, _slice_along(axis, 0, half)),
                            _elementwise.sigmoid(getitem(x, _slice_along(axis, half, None))))


def prelu(input, weight):
    """x where x > 0, weight * x elsewhere, one weight per channel (axis 1; a single
    weight for inputs of fewer than 2 dimensions); at 0 the derivative is the
    weight, as MindSpore's, and the weight is differentiated too."""
    x = floating(input)
    shape = tuple(shape_of(x))
    channels = shape[1] if len(shape) >= 2 else 1
    w_shape = tuple(shape_of(weight))
    if len(w_shape) != 1 or w_shape[0] not in (1, channels):
        expected = "1 value" if channels == 1 else f"1 or {channels} values (the channels of axis 1)"
        raise ValueError(f"prelu: weight must be a 1-D tensor of {expected}, got shape {w_shape}")
    # along axis 1; a single weight for an input of fewer than 2 axes keeps its shape
    weight = reshape(weight, (w_shape[0],) + (1,) * (len(shape) - 2) if len(shape) >= 2 else ())
    return where(constant(x) > 0, x, _elementwise.mul(x, floating(weight)))

OPERATORS = {
    "add": _elementwise.add, "sub": _elementwise.sub, "mul": _elementwise.mul,
    "div": _elementwise.div, "pow": _elementwise.pow, "neg": _elementwise.neg,
    "abs": _elementwise.abs, "floordiv": floordiv, "truncdiv": truncdiv, "mod": mod,
    "matmul": matmul, "transpose": transpose, "getitem": getitem, "reshape": reshape,
    "sum": sum_, "mean": mean, "tensor_mean": tensor_mean, "max": max_, "min": min_, "sum_to": sum_to,
    "broadcast_to": broadcast_to, "cast": cast, "expand_dims": expand_dims,
    "squeeze": squeeze, "stack": stack, "concat": concat,
}

_core.install_operators(OPERATORS)
_tensor.install(OPERATORS)
