"""Functions with a user-written backward rule (MindSpore's ``Cell.bprop``).

``custom_vjp(fn, bprop, *inputs)`` is a primitive whose value is
``fn(*inputs)``, a Tensor or a tuple of Tensors, and whose derivative is
defined by ``bprop(*inputs, out, dout)``: the map ``dout ↦ bprop(..., dout)``
is Jᵀ, the transposed Jacobian.  Every mode uses it, as MindSpore does:

- reverse mode calls bprop with the output's cotangent; for a tuple output
  ``out`` and ``dout`` are tuples, with zeros for the outputs that do not
  reach the result (a one-output tuple's ``dout`` is the bare cotangent);
- forward mode (jvp, jacfwd, the forward pass of hvp, hessian and
  ``grad(grad(f))``) needs J·v: it runs bprop with ``dout`` = ones on a tape of
  its own and takes the vjp of bprop's result with respect to ``dout``, with v
  as the cotangent.  That is the transpose of bprop, exact when bprop is
  linear in ``dout``, and what MindSpore's jvp (a double vjp) computes for any
  bprop.  One bprop run, then one backward pass per direction of a batch;
- hyper-dual numbers need J·e1, J·e2, J·e12 and the derivative of
  ``x ↦ J(x)·e1`` along e2: the same transpose, run on Dual numbers carrying
  e2 (and ``out`` carrying J·e2), once per direction.

So a second derivative differentiates the bprop itself (its code runs on the
values of the enclosing traces): it is the derivative of the function whose
first derivative bprop defines.  As in MindSpore, Parameters read inside
``fn`` get no gradient, while those a bprop reads are differentiated in the
second derivatives, like the inputs.
"""
import numpy as np

from . import _core, _functions as F, _tensor
from ._core import ForwardTrace, Primitive, Tape, make_dual, primal_value, shape_of, unbox
from ._tensor import value_of, wrap


class _Cotangents(tuple):
    """``dout`` of a cell with several outputs: one cotangent per output.

    Arithmetic on the tuple itself is refused: ``dout * 2`` would silently
    repeat it, and ``x * dout`` stack the cotangents, instead of scaling them.
    """

    def __new__(cls, parts, owner):
        self = tuple.__new__(cls, parts)
        self.owner = owner
        return self

    def _misuse(self, *_, **__):
        raise TypeError(f"{self.owner}: dout is a tuple with one cotangent per output of "
                        f"construct ({len(self)}); compute with its entries (dout[0]...), "
                        "not with the tuple")

    __mul__ = __rmul__ = __add__ = __radd__ = __sub__ = __rsub__ = _misuse
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __neg__ = __pow__ = _misuse
    __array__ = _misuse     # Tensor * dout would make it an array of the cotangents


def _broadcasts_to(shape, target):
    """True when NumPy broadcasting takes ``shape`` to ``target``."""
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _ones(out):
    value = primal_value(out)
    return np.ones(np.shape(value), np.result_type(value))


def _is_zero(t):
    """A tangent known to be zero without tracing (the zero seeds of laplacian, jacfwd)."""
    return t is None or (type(t) is np.ndarray and not t.any())


def _directions(parts, batched):
    """One tuple of per-input tangents per direction (the leading axis when batched)."""
    if not batched:
        return [tuple(parts)]
    k = next(shape_of(t)[0] for t in parts if t is not None)
    return [tuple(None if t is None else F.getitem(t, (i,)) for t in parts) for i in range(k)]


class CustomVJP(Primitive):
    """A primitive made of a function on Tensors and its bprop."""

    def __init__(self, fn, bprop, name="custom_vjp"):
        Primitive.__init__(self, name)
        self.fn = fn
        self.bprop = bprop

    def impl(self, *args):
        # Parameters inside a custom-backward cell get no gradient: fn reads
        # their plain values, whatever an enclosing grad substituted.
        token = _tensor.plain_parameters()
        try:
            out = self.fn(*[wrap(v) for v in args])
        finally:
            _tensor.restore_parameters(token)
        if isinstance(out, _tensor.Tensor):
            return value_of(out)
        if (isinstance(out, (tuple, list)) and out
                and all(isinstance(o, _tensor.Tensor) for o in out)):
            self.multiple = True
            self.container = type(out)
            return tuple(value_of(o) for o in out)
        raise TypeError(f"{self.name}: construct must return a Tensor or a tuple of Tensors "
                        f"when the cell defines bprop, got {type(out).__name__}"
                        + (f" of {[type(o).__name__ for o in out]}"
                           if isinstance(out, (tuple, list)) else ""))

    def _outputs(self, out):
        return out if self.multiple else (out,)

    def _grads(self, args, out, dout, wanted):
        """bprop's gradients as engine values, checked where ``wanted`` (else None)."""
        if self.multiple:
            out = tuple(wrap(o) for o in out)
            # MindSpore passes a one-output tuple's cotangent bare
            dout = (_Cotangents([wrap(d) for d in dout], self.name) if len(dout) > 1
                    else wrap(dout[0]))
        else:
            out, dout = wrap(out), wrap(dout)
        grads = self.bprop(*[wrap(a) for a in args], out, dout)
        if isinstance(grads, _tensor.Tensor):
            grads = (grads,)
        if not isinstance(grads, (tuple, list)):
            raise TypeError(f"{self.name}: bprop must return a tuple of Tensors (one per "
                            f"input), got {type(grads).__name__}")
        if len(grads) < len(args):
            raise ValueError(f"{self.name}: bprop returned {len(grads)} gradient(s) for "
                             f"{len(args)} input(s)")
        result = []
        for i, (a, g) in enumerate(zip(args, grads)):
            if not wanted[i]:
                result.append(None)
                continue
            if g is None:
                # MindSpore's reading of a None gradient: zero
                result.append(np.zeros(tuple(shape_of(a)), np.result_type(primal_value(a))))
                continue
            g = value_of(g) if isinstance(g, _tensor.Tensor) else g
            if isinstance(g, (tuple, list)):
                raise TypeError(f"{self.name}: bprop's gradient {i} must be a Tensor, got "
                                f"{type(g).__name__}")
            g_shape, a_shape = tuple(shape_of(g)), tuple(shape_of(a))
            if g_shape != a_shape and _broadcasts_to(a_shape, g_shape):
                # a gradient of the broadcast output's shape (dout * y for an
                # input broadcast against y): summed back to the input's shape
                g = F.sum_to(g, a_shape)
            elif g_shape != a_shape:
                hint = (" (dout is a tuple with one cotangent per output: compute with its "
                        "entries)" if self.multiple and len(out) > 1 else "")
                raise ValueError(f"{self.name}: bprop's gradient {i} has shape "
                                 f"{tuple(shape_of(g))}, expected the input's "
                                 f"{tuple(shape_of(a))}{hint}")
            result.append(g)
        return result

    def vjp(self, g, args, out, active, params):
        if self.multiple:
            # MindSpore's dout: zeros for the outputs the result does not use
            g = tuple(_core.zeros_for(o) if c is None else c for c, o in zip(g, out))
        return tuple(self._grads(args, out, g, active))

    def _products(self, primals, out, directions):
        """J·v for each v in ``directions``: one tuple of output tangents (None: zero) each.

        bprop runs once, on a tape of its own with dout = ones; each product is
        a backward pass of that tape from bprop's result, seeded with v.
        """
        tape = Tape()
        leaves = [tape.leaf(_ones(o)) for o in self._outputs(out)]
        wanted = [any(not _is_zero(v[i]) for v in directions) for i in range(len(primals))]
        grads = self._grads(primals, out, leaves if self.multiple else leaves[0], wanted)
        results = []
        for v in directions:
            terms = [(g, t) for g, t in zip(grads, v)
                     if not _is_zero(t) and unbox(g, tape)[1] is not None]
            if not terms:
                results.append((None,) * len(leaves))
                continue
            if len(terms) == 1:
                root, seed = terms[0]
            else:
                root = None
                for g, t in terms:
                    term = F.sum_(F.mul(g, t))
                    root = term if root is None else F.add(root, term)
                seed = np.ones((), np.result_type(primal_value(root)))
            results.append(tuple(tape.backward(root, seed, leaves, release=False)))
        tape.release()
        return results

    def _stacked(self, columns, out, batched):
        """The output tangents, one tuple per direction, as the rule's result."""
        outs = self._outputs(out)
        if not batched:
            parts = columns[0]
        else:
            parts = []
            for j, o in enumerate(outs):
                column = [c[j] for c in columns]
                if all(c is None for c in column):
                    parts.append(None)
                else:
                    parts.append(F.stack([_core.zeros_for(o) if c is None else c
                                          for c in column], 0))
        return tuple(parts) if self.multiple else parts[0]

    def jvp(self, primals, tangents, out, nb, params):
        directions = _directions(tangents, nb)
        if not directions:
            return None
        return self._stacked(self._products(primals, out, directions), out, nb)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        shared = all(b is c for b, c in zip(e1s, e2s))
        e1_dirs = _directions(e1s, nb)
        e2_dirs = e1_dirs if shared else _directions(e2s, nb)
        e12_dirs = _directions(e12s, nb and not collapsed)
        k = len(e2_dirs)
        if not k:
            return None, None, None
        plain = self._products(reals, out, e2_dirs + e12_dirs)
        e2_outs, e12_outs = plain[:k], plain[k:]
        e1_outs, mixed = [], []
        outs = self._outputs(out)
        for e1_k, e2_k, e2_out in zip(e1_dirs, e2_dirs, e2_outs):
            # J(x)·e1 on x + ε·e2 (and out + ε·J·e2): the ε part is the
            # derivative of the Jacobian along e2, applied to e1.
            trace = ForwardTrace()
            xs = [a if t is None else make_dual(a, t, trace) for a, t in zip(reals, e2_k)]
            os = [make_dual(o, _core.zeros_for(o) if t is None else t, trace)
                  for o, t in zip(outs, e2_out)]
            products = self._products(xs, tuple(os) if self.multiple else os[0], [e1_k])[0]
            split = [(None, None) if p is None else unbox(p, trace) for p in products]
            e1_outs.append(tuple(s[0] for s in split))
            mixed.append(tuple(s[1] for s in split))
        if shared:
            e1_outs = e2_outs
        if collapsed:
            mixed = [tuple(_sum_parts([m[j] for m in mixed]) for j in range(len(outs)))]
        e12_outs = [tuple(_sum_parts(pair) for pair in zip(lin, m))
                    for lin, m in zip(e12_outs, mixed)]
        e1 = self._stacked(e1_outs, out, nb)
        e2 = e1 if shared else self._stacked(e2_outs, out, nb)
        return e1, e2, self._stacked(e12_outs, out, nb and not collapsed)


def _sum_parts(parts):
    total = None
    for p in parts:
        if p is not None:
            total = p if total is None else F.add(total, p)
    return total


class CotangentHook(Primitive):
    """The identity on one or more values, whose reverse rule passes their cotangents
    through ``hook``: a function of a tuple of Tensors returning such a tuple (MindSpore's
    Cell backward hooks). Forward mode and hyper-dual numbers see the identity: the hooks
    act on gradients, as MindSpore's do."""

    def __init__(self, hook, name):
        Primitive.__init__(self, name)
        self.hook = hook

    def impl(self, *args):
        self.multiple = True
        return args

    def jvp(self, primals, tangents, out, nb, params):
        return tuple(tangents)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        return tuple(e1s), tuple(e2s), tuple(e12s)

    def vjp(self, g, args, out, active, params):
        g = tuple(_core.zeros_for(o) if c is None else c for c, o in zip(g, out))
        if any(_carries_forward_derivatives(c) for c in g):
            # Forward over reverse would see the hooked gradient's derivative through the
            # hook once, nested reverse (grad(grad)) through every reverse pass: refused
            # rather than give the one where the other is meant.
            raise HookUnderForwardMode(
                f"{self.name}: backward hooks act in reverse mode only; forward over "
                f"reverse (hvp, hessian, jvp of a gradient) cannot run through them. "
                f"Nested grad(grad(...)) can (the hooks then act in both reverse passes)")
        given = self.hook(tuple(wrap(c) for c in g))
        if isinstance(given, _tensor.Tensor):
            given = (given,)
        if not isinstance(given, (tuple, list)) or len(given) != len(g):
            raise TypeError(f"{self.name}: a backward hook must return None or a tuple of "
                            f"{len(g)} Tensor(s), got {given!r:.80}")
        result = []
        for i, (new, old) in enumerate(zip(given, g)):
            if not isinstance(new, _tensor.Tensor):
                raise TypeError(f"{self.name}: a backward hook's gradient {i} must be a "
                                f"Tensor, got {type(new).__name__}")
            if tuple(new.shape) != tuple(shape_of(old)):
                raise ValueError(f"{self.name}: a backward hook's gradient {i} has shape "
                                 f"{tuple(new.shape)}, expected {tuple(shape_of(old))}")
            result.append(value_of(new))
        return tuple(result)


class HookUnderForwardMode(NotImplementedError):
    """A backward hook met forward-over-reverse (grad(grad) then nests reverse passes)."""


def _carries_forward_derivatives(value):
    while isinstance(value, _core.Box):
        if isinstance(value, (_core.Dual, _core.HyperDual)):
            return True
        value = value.value if hasattr(value, "value") else None
    return False


def hook_cotangents(tensors, hook, name):
    """``tensors`` unchanged, their cotangents in reverse mode passed through ``hook``
    (see ``CotangentHook``). Nothing is recorded when no transform differentiates them."""
    values = tuple(value_of(t) for t in tensors)
    if not any(isinstance(v, _core.Box) for v in values):
        return tuple(tensors)
    global calls_recorded
    calls_recorded += 1       # a hooked gradient's Jacobian need not be symmetric either
    return tuple(wrap(o) for o in CotangentHook(hook, name).bind(values, {}))


# How many custom_vjp calls have carried derivatives: a bprop need not be a
# true gradient, so the second derivatives it defines need not be symmetric,
# and grad(grad(f)) checks this count to know whether it may use their symmetry.
calls_recorded = 0


def holds_bprop(fn):
    """Whether fn is a Cell that is, or holds, a Cell with a ``bprop``."""
    from .nn.cell import Cell   # here: nn.cell imports this module
    return isinstance(fn, Cell) and any(c._has_bprop for _, c in fn.cells_and_names())


def custom_vjp(fn, bprop, *inputs, name="custom_vjp"):
    """Apply ``fn`` to Tensors ``inputs``, differentiated in every mode through ``bprop``.

    Returns what ``fn`` returns: a Tensor, or a tuple (or list) of Tensors.
    """
    values = [value_of(x) for x in inputs]
    if not any(isinstance(v, _core.Box) for v in values):
        # A constant, even when an enclosing grad differentiates the cell's own
        # Parameters: they get no gradient through a bprop (MindSpore's rule).
        token = _tensor.plain_parameters()
        try:
            return fn(*inputs)
        finally:
            _tensor.restore_parameters(token)
    global calls_recorded
    calls_recorded += 1
    prim = CustomVJP(fn, bprop, name)
    out = prim.bind(tuple(values), {})
    return prim.container(wrap(o) for o in out) if prim.multiple else wrap(out)
