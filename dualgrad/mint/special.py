"""``mindspore.mint.special``: the special functions mint also names at its top level.

>>> import dualgrad as ms
>>> from dualgrad.mint import special
>>> special.round(ms.Tensor([0.5, 1.5, -2.5]))
Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  2.00000000e+00, -2.00000000e+00])
"""
from .. import ops as _ops
from ..ops import erfc, exp2, expm1, log1p, sinc  # noqa: F401  (mint's very functions)
from .nn.functional import log_softmax  # noqa: F401


def round(input):  # noqa: A001
    """Round to the nearest integer, halves to even."""
    return _ops.round(input)


__all__ = ["erfc", "exp2", "expm1", "log1p", "log_softmax", "round", "sinc"]
