"""Functions on engine values (arrays and boxes), one namespace for all layers.

Box operators, Tensor operators and ``dualgrad.ops`` all call these; this is
where the primitives of ``_elementwise`` (generated from the rule table) and
``_structural`` meet, and the only place that wires operators to them.
"""
import numpy as np

from . import _core, _elementwise, _tensor
from ._core import primal_value
from ._structural import (broadcast_to, cast, concat, expand_dims, getitem, matmul,  # noqa
                          max_, mean, min_, reshape, scatter_add, squeeze, stack,
                          stop_gradient, sum_, sum_to, transpose, where)

# Every primitive of the rule table, by name (add, sin, tanh...).
ELEMENTWISE = {p.name: p for p in _elementwise.UNARY + _elementwise.BINARY}
globals().update(ELEMENTWISE)


def _integer(x):
    return np.result_type(primal_value(x)).kind in "biu"


def floordiv(a, b):
    """a // b; integers stay integers, floats get derivative zero almost everywhere."""
    if _integer(a) and _integer(b):
        return np.asarray(np.floor_divide(primal_value(a), primal_value(b)))
    return _elementwise.floor(_elementwise.div(a, b))


def mod(a, b):
    """a mod b with the sign of b, as NumPy; d/da = 1, d/db = -floor(a/b)."""
    if _integer(a) and _integer(b):
        return np.asarray(np.mod(primal_value(a), primal_value(b)))
    return _elementwise.sub(a, _elementwise.mul(floordiv(a, b), b))


_SQRT_2_OVER_PI = 0.7978845608028654


def gelu_tanh(x):
    """GELU's tanh form, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), written with
    primitives so that every order of derivative is exact."""
    mul, add = _elementwise.mul, _elementwise.add
    cube = mul(mul(x, x), x)
    inner = mul(add(x, mul(cube, 0.044715)), _SQRT_2_OVER_PI)
    return mul(mul(x, 0.5), add(_elementwise.tanh(inner), 1.0))


def tensor_mean(x, axis=None, keepdims=False):
    """Mean as MindSpore's Tensors take it: an integer mean truncates and stays integer."""
    out = mean(x, axis, keepdims)
    if _integer(x):
        out = cast(np.trunc(primal_value(out)), np.result_type(primal_value(x)))
    return out


def clip(x, low=None, high=None):
    """x limited to [low, high]; the gradient is 1 inside, bounds included (MindSpore)."""
    value = np.asarray(primal_value(x))
    if low is not None:
        x = where(value < np.asarray(primal_value(low)), low, x)
    if high is not None:
        x = where(value > np.asarray(primal_value(high)), high, x)
    return x


OPERATORS = {
    "add": _elementwise.add, "sub": _elementwise.sub, "mul": _elementwise.mul,
    "div": _elementwise.div, "pow": _elementwise.pow, "neg": _elementwise.neg,
    "abs": _elementwise.abs, "floordiv": floordiv, "mod": mod,
    "matmul": matmul, "transpose": transpose, "getitem": getitem, "reshape": reshape,
    "sum": sum_, "mean": mean, "tensor_mean": tensor_mean, "max": max_, "min": min_, "sum_to": sum_to,
    "broadcast_to": broadcast_to, "cast": cast, "expand_dims": expand_dims,
    "squeeze": squeeze, "stack": stack, "concat": concat,
}

_core.install_operators(OPERATORS)
_tensor.install(OPERATORS)
