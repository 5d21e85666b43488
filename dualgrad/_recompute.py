"""Recomputation: MindSpore's ``Cell.recompute()`` and ``ms.recompute(cell, *inputs)``.

A recomputed cell keeps none of its intermediate values for the backward pass:
its forward runs outside the tape, and the tape records one node whose
reverse rule runs the forward again, under ``vjp``, and pulls the cotangent
back through it. The gradients are those of the plain cell (its Parameters'
included); the tape's memory for the cell is its inputs and outputs. The node
is a ``custom_vjp`` (``dualgrad._custom``) whose bprop is the recomputed vjp,
so forward modes and second derivatives go through it as through any bprop:
correct, and nested rather than fused.
"""
from . import _core, _custom
from ._tensor import Tensor, restore_parameters, substitute_parameters, value_of


def recompute_call(cell, args, kwargs):
    """``cell(*args, **kwargs)``, its intermediate values recomputed in the backward pass."""
    if kwargs:
        args = cell._positional(args, kwargs)
    positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    params = list(cell.trainable_params())
    differentiated = [value_of(args[i]) for i in positions] + [value_of(p) for p in params]
    if not any(isinstance(v, _core.Box) for v in differentiated):
        return cell.construct(*args)          # no transform: nothing to keep or recompute
    count = len(positions)

    def run(*values):
        call_args = list(args)
        for i, v in zip(positions, values[:count]):
            call_args[i] = v
        token = substitute_parameters({id(p): value_of(v) for p, v in zip(params, values[count:])})
        try:
            return cell.construct(*call_args)
        finally:
            restore_parameters(token)

    def bprop(*values_out_dout):
        from ._transforms import vjp
        values, dout = values_out_dout[:-2], values_out_dout[-1]
        _, pullback = vjp(run, *values)
        grads = pullback(tuple(dout) if isinstance(dout, tuple) else dout)
        return grads if isinstance(grads, tuple) else (grads,)

    return _custom.custom_vjp(run, bprop, *[args[i] for i in positions], *params,
                              name=f"{type(cell).__name__} (recomputed)")


def recompute(block, *args, use_reentrant=True, output_recompute=False, early_stop=True,
              context_fn=None, **kwargs):
    """``block(*args, **kwargs)`` with its intermediate values recomputed in the backward
    pass, as MindSpore's ``recompute``: ``block`` is a Cell (a plain function could read
    Parameters this cannot see). The other options tune MindSpore's graph compiler and
    change nothing here.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Dense(3, 1, weight_init='ones')
    >>> x = ms.Tensor(np.ones((2, 3), np.float32))
    >>> ms.grad(lambda t: ms.recompute(net, t).sum())(x)
    Tensor(shape=[2, 3], dtype=Float32, value=
    [[ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00],
     [ 1.00000000e+00,  1.00000000e+00,  1.00000000e+00]])
    """
    from .nn.cell import Cell
    if not isinstance(block, Cell):
        raise TypeError(f"recompute: block must be a Cell, got {type(block).__name__} (a "
                        f"function's Parameters could not be followed)")
    if block._has_bprop:
        return block(*args, **kwargs)         # its bprop keeps nothing of construct's
    return recompute_call(block, args, kwargs)
