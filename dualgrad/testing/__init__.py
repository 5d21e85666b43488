"""Property-based gradient checking for dualgrad users (and for dualgrad itself).

- ``check_grads(fn, args, order=1, modes=("fwd", "rev"))`` compares forward
  and reverse mode — and, for ``order >= 2``, the derivatives of the derivative
  functions — with finite differences, and raises ``AssertionError`` with a
  readable report when they disagree.
- ``dualgrad.testing.strategies`` (needs Hypothesis): ``tensors``,
  ``broadcastable_shapes``, ``functions`` (random differentiable programs made
  of the rule table's primitives) and ``mlps`` (small networks with inputs).
"""
from ._check import check_grads

__all__ = ["check_grads"]
