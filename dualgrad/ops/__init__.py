"""Functional operations on Tensors (and on arrays, Dual and HyperDual values).

Every elementwise primitive of the rule table is a function here; ``ops.sin``
of a Tensor is a Tensor, of a HyperDual a HyperDual.
"""
from .. import _elementwise as _ew, _functions as _f
from .._tensor import TensorFunction as _lift, UnaryTensorFunction as _lift_unary

globals().update({p.name: _lift_unary(p, p.name) for p in _ew.UNARY})
globals().update({p.name: _lift(p, p.name, arity=2) for p in _ew.BINARY})

matmul = _lift(_f.matmul, "matmul")
reshape = _lift(_f.reshape, "reshape")
transpose = _lift(_f.transpose, "transpose")
broadcast_to = _lift(_f.broadcast_to, "broadcast_to")
expand_dims = _lift(_f.expand_dims, "expand_dims")
squeeze = _lift(_f.squeeze, "squeeze")
concat = _lift(_f.concat, "concat")
stack = _lift(_f.stack, "stack")
where = _lift(_f.where, "where")
sum = _lift(_f.sum_, "sum")
mean = _lift(_f.mean, "mean")
stop_gradient = _lift(_f.stop_gradient, "stop_gradient", arity=1)
