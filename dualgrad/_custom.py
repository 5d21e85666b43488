"""Functions with a user-written backward rule (MindSpore's ``Cell.bprop``).

``custom_vjp(fn, bprop)`` is a primitive whose value is ``fn(*inputs)`` and
whose reverse rule is ``bprop(*inputs, out, dout)``.  As in MindSpore, a second
derivative differentiates the bprop itself (its code runs on the values of the
enclosing traces), and Parameters read inside ``fn`` get no gradient.  Forward
modes (jvp, hyper-dual) have no user rule to call, so they differentiate
``fn``'s own code.
"""
from . import _core, _tensor
from ._core import ForwardTrace, HyperTrace, Primitive, make_dual, make_hyper, unbox
from ._tensor import value_of, wrap


class CustomVJP(Primitive):
    """A primitive made of a function on Tensors and its bprop."""

    def __init__(self, fn, bprop, name="custom_vjp"):
        Primitive.__init__(self, name)
        self.fn = fn
        self.bprop = bprop

    def _call_fn(self, values):
        # Parameters inside a custom-backward cell get no gradient: fn reads
        # their plain values, whatever an enclosing grad substituted.
        token = _tensor.plain_parameters()
        try:
            out = self.fn(*[wrap(v) for v in values])
        finally:
            _tensor.restore_parameters(token)
        if not isinstance(out, _tensor.Tensor):
            raise TypeError(f"{self.name}: construct must return a single Tensor when the "
                            f"cell defines bprop, got {type(out).__name__}")
        return value_of(out)

    def impl(self, *args):
        return self._call_fn(args)

    def vjp(self, g, args, out, active, params):
        grads = self.bprop(*[wrap(a) for a in args], wrap(out), wrap(g))
        if isinstance(grads, _tensor.Tensor):
            grads = (grads,)
        if not isinstance(grads, (tuple, list)):
            raise TypeError(f"{self.name}: bprop must return a tuple of Tensors (one per "
                            f"input), got {type(grads).__name__}")
        if len(grads) < len(args):
            raise ValueError(f"{self.name}: bprop returned {len(grads)} gradient(s) for "
                             f"{len(args)} input(s)")
        cts = []
        for i, (a, ct) in enumerate(zip(args, grads)):
            if not active[i]:
                cts.append(None)
                continue
            ct = value_of(ct) if isinstance(ct, _tensor.Tensor) else ct
            if tuple(_core.shape_of(ct)) != tuple(_core.shape_of(a)):
                raise ValueError(f"{self.name}: bprop's gradient {i} has shape "
                                 f"{tuple(_core.shape_of(ct))}, expected the input's "
                                 f"{tuple(_core.shape_of(a))}")
            cts.append(ct)
        return tuple(cts)

    def jvp(self, primals, tangents, out, nb, params):
        trace = ForwardTrace()
        boxed = [a if t is None else make_dual(a, t, trace, nb)
                 for a, t in zip(primals, tangents)]
        return unbox(self._call_fn(boxed), trace)[1]

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        trace = HyperTrace()
        boxed = [a if b is None else make_hyper(a, b, c, d, trace, nb, collapsed)
                 for a, b, c, d in zip(reals, e1s, e2s, e12s)]
        parts = unbox(self._call_fn(boxed), trace)[1]
        return parts if parts is not None else (None, None, None)


def custom_vjp(fn, bprop, *inputs, name="custom_vjp"):
    """Apply ``fn`` to Tensors ``inputs`` with ``bprop`` as its reverse rule."""
    values = [value_of(x) for x in inputs]
    if not any(isinstance(v, _core.Box) for v in values):
        # A constant, even when an enclosing grad differentiates the cell's own
        # Parameters: they get no gradient through a bprop (MindSpore's rule).
        token = _tensor.plain_parameters()
        try:
            return fn(*inputs)
        finally:
            _tensor.restore_parameters(token)
    return wrap(CustomVJP(fn, bprop, name).bind(tuple(values), {}))
