"""Transforms: grad, value_and_grad, jvp, vjp, jacfwd, jacrev (MindSpore's forms).

Each call opens its own trace (a Tape or a ForwardTrace with a fresh level),
boxes the inputs it differentiates, runs the function on Tensors that wrap
those boxes and reads the derivatives off the outputs.  Parameters given as
``weights`` are boxed through a per-thread substitution, so the function reads
them as usual.
"""
import numpy as np

from . import _core, _functions as F
from ._core import ForwardTrace, Tape, primal_value, shape_of
from ._tensor import (Tensor, restore_parameters, substitute_parameters, unwrap_tree,
                      value_of, wrap, wrap_tree)


# ---------------------------------------------------------------------------
# Argument checking

def _check_fn(fn):
    if not callable(fn):
        raise TypeError(f"fn: expected a callable (function or Cell), got "
                        f"{type(fn).__name__}")


def _positions(grad_position, weights, nargs):
    """Normalise grad_position to a tuple of ints (or None), validating it."""
    if grad_position is None:
        if weights is None:
            raise ValueError("grad_position and weights cannot both be None: say which "
                             "inputs (grad_position) or Parameters (weights) to differentiate")
        return None
    if isinstance(grad_position, bool) or not isinstance(grad_position, (int, tuple)):
        raise TypeError(f"grad_position: expected an int, a tuple of ints or None, got "
                        f"{grad_position!r}")
    positions = (grad_position,) if isinstance(grad_position, int) else grad_position
    if not positions:
        raise ValueError("grad_position: expected at least one position, got ()")
    for p in positions:
        if isinstance(p, bool) or not isinstance(p, int):
            raise TypeError(f"grad_position: expected ints, got {p!r} in {grad_position!r}")
        if p < 0:
            raise ValueError(f"grad_position: positions must be >= 0, got {p}")
        if nargs is not None and p >= nargs:
            raise ValueError(f"grad_position: position {p} is out of range for a call with "
                             f"{nargs} positional argument{'s' if nargs != 1 else ''}")
    if len(set(positions)) != len(positions):
        raise ValueError(f"grad_position: duplicate positions in {grad_position!r}")
    return positions


def _weights(weights):
    """(list of Parameters, was a single Parameter) from MindSpore's accepted forms."""
    from ._parameter import Parameter
    if weights is None:
        return None, False
    if isinstance(weights, Parameter):
        return [weights], True
    if isinstance(weights, Tensor):
        raise TypeError("weights: expected Parameters, got a Tensor that is not a Parameter "
                        "(wrap it as dualgrad.Parameter to differentiate with respect to it)")
    if not isinstance(weights, (list, tuple)):
        raise TypeError(f"weights: expected a Parameter, a ParameterTuple or a list/tuple of "
                        f"Parameters, got {type(weights).__name__}")
    for i, w in enumerate(weights):
        if not isinstance(w, Parameter):
            raise TypeError(f"weights[{i}]: expected a Parameter, got {type(w).__name__}")
    return list(weights), False


def _differentiable_value(x, what):
    """The engine value of an input to differentiate, checking it is a float tensor."""
    if not isinstance(x, Tensor):
        if isinstance(x, (np.ndarray, float, int, _core.Box)) and not isinstance(x, bool):
            x = Tensor(x)
        else:
            raise TypeError(f"{what}: expected a Tensor to differentiate, got "
                            f"{type(x).__name__}")
    v = value_of(x)
    dtype = np.result_type(primal_value(v))
    if dtype.kind != "f":
        raise TypeError(f"{what}: can only differentiate floating-point tensors "
                        f"(float16/float32/float64), got dtype {dtype}")
    return v


# ---------------------------------------------------------------------------
# Outputs

def _leaves(tree):
    """Flatten nested tuples/lists/dicts of outputs into a list."""
    if isinstance(tree, (tuple, list)):
        out = []
        for v in tree:
            out.extend(_leaves(v))
        return out
    if isinstance(tree, dict):
        out = []
        for v in tree.values():
            out.extend(_leaves(v))
        return out
    return [tree]


def _map_leaves(fn, tree):
    if isinstance(tree, tuple):
        return tuple(_map_leaves(fn, v) for v in tree)
    if isinstance(tree, list):
        return [_map_leaves(fn, v) for v in tree]
    if isinstance(tree, dict):
        return {k: _map_leaves(fn, v) for k, v in tree.items()}
    return fn(tree)


def _check_output(out, what="fn"):
    for leaf in _leaves(out):
        if not isinstance(leaf, (Tensor, np.ndarray, _core.Box, float, int)):
            raise TypeError(f"{what} must return Tensors (or tuples of them), got "
                            f"{type(leaf).__name__}")


def _split_aux(out, has_aux):
    """(differentiated output, aux tuple or None)."""
    if not has_aux:
        return out, None
    if not isinstance(out, (tuple, list)) or len(out) < 2:
        raise ValueError("has_aux=True: fn must return more than one output (the first is "
                         "differentiated, the rest are returned as aux)")
    return out[0], tuple(out[1:])


def _seed(out, tape, sens):
    """One Var of ``tape`` whose backward from ones gives the summed outputs' gradient.

    Several outputs (or a cotangent ``sens``) are combined into sum(out_i * sens_i).
    """
    outs = [value_of(o) for o in _leaves(out)]
    if sens is None:
        senses = [None] * len(outs)
    else:
        senses = [value_of(s) for s in _leaves(sens)]
        if len(senses) != len(outs):
            raise ValueError(f"sens: expected {len(outs)} cotangent(s), one per output, got "
                             f"{len(senses)}")
        for o, s in zip(outs, senses):
            if tuple(np.shape(primal_value(s))) != tuple(shape_of(o)):
                raise ValueError(f"sens: expected a cotangent of shape {tuple(shape_of(o))}, "
                                 f"got {tuple(np.shape(primal_value(s)))}")
    mine = [(o, s) for o, s in zip(outs, senses)
            if isinstance(o, _core.Var) and o.trace is tape]
    if not mine:
        return None, None
    if len(mine) == 1:
        o, s = mine[0]
        value = primal_value(o)
        g = s if s is not None else np.ones(np.shape(value), np.result_type(value))
        return o, g
    total = None
    for o, s in mine:
        term = F.sum_(o if s is None else F.mul(o, s))
        total = term if total is None else F.add(total, term)
    return total, np.ones((), np.result_type(primal_value(total)))


def _strip(tree, trace):
    """Remove ``trace``'s boxes from every output leaf (values of enclosing traces stay)."""
    def one(leaf):
        v = value_of(leaf)
        if isinstance(v, _core.Box) and v.trace is trace:
            v = _core.unbox(v, trace)[0]
        return wrap(v) if isinstance(v, (np.ndarray, _core.Box)) else leaf
    return _map_leaves(one, tree)


def _stopped(tree):
    return _map_leaves(lambda leaf: wrap(F.stop_gradient(value_of(leaf)))
                       if isinstance(leaf, Tensor) else leaf, tree)


# ---------------------------------------------------------------------------
# Reverse mode

class _Reverse:
    """One reverse pass: inputs and weights boxed on a fresh tape, fn run once."""

    def __init__(self, fn, args, positions, weights):
        self.tape = Tape()
        self.positions = positions or ()
        self.weights = weights or []
        call_args = list(args)
        self.inputs = []
        for p in self.positions:
            v = _differentiable_value(args[p], f"argument {p} (grad_position)")
            self.inputs.append(v)
            call_args[p] = wrap(self.tape.leaf(v))
        self.leaves = [value_of(call_args[p]) for p in self.positions]
        substitution = {}
        self.weight_values = []
        for w in self.weights:
            v = value_of(w)
            self.weight_values.append(v)
            leaf = self.tape.leaf(v)
            self.leaves.append(leaf)
            substitution[id(w)] = leaf
        token = substitute_parameters(substitution) if substitution else None
        try:
            self.out = fn(*call_args)
        finally:
            if substitution:
                restore_parameters(token)
        _check_output(self.out)

    def gradients(self, loss, sens, release=True):
        """(input gradients, weight gradients) as lists of engine values."""
        root, g = _seed(loss, self.tape, sens)
        if root is None:
            grads = [None] * len(self.leaves)
            if release:
                self.tape.release()
        else:
            grads = self.tape.backward(root, g, self.leaves, release)
        values = self.inputs + self.weight_values
        out = []
        for g, v in zip(grads, values):
            want = np.result_type(primal_value(v))
            if g is None:
                g = np.zeros(np.shape(primal_value(v)), want)
            elif np.result_type(primal_value(g)) != want:
                g = F.cast(g, want)
            out.append(g)
        n = len(self.inputs)
        return out[:n], out[n:]


def _structure(input_grads, weight_grads, positions, weights, single_weight, return_ids,
               grad_position):
    """MindSpore's return structure for gradients (Tensors)."""
    ig = [wrap(g) for g in input_grads]
    wg = [wrap(g) for g in weight_grads]
    if return_ids:
        ig = [(p, g) for p, g in zip(positions or (), ig)]
        wg = [(w.name, g) for w, g in zip(weights or [], wg)]
    if positions is not None:
        inputs = ig[0] if len(ig) == 1 else tuple(ig)
    if weights is None:
        return inputs
    wpart = wg[0] if single_weight else tuple(wg)
    if positions is None:
        return wpart
    return inputs, wpart


def grad(fn, grad_position=0, weights=None, has_aux=False, return_ids=False,
         sens_param=False):
    """A function computing the gradient of ``fn`` (MindSpore's ``grad``).

    Outputs are summed: for several outputs, the gradient of their sum.  The
    result is one Tensor for an int ``grad_position``, a tuple for a tuple of
    positions, the weights' gradients for ``grad_position=None``, and
    ``(inputs, weights)`` with both; ``has_aux=True`` returns ``(grads, aux)``.

    >>> import dualgrad as ms
    >>> ms.grad(lambda x: x * x * x)(ms.Tensor([2.0]))
    Tensor(shape=[1], dtype=Float32, value= [ 1.20000000e+01])
    """
    return _make_grad(fn, grad_position, weights, has_aux, return_ids, sens_param,
                      with_value=False)


def value_and_grad(fn, grad_position=0, weights=None, has_aux=False, return_ids=False,
                   sens_param=False):
    """Like ``grad``, returning ``(value, grads)`` where value is fn's whole output."""
    return _make_grad(fn, grad_position, weights, has_aux, return_ids, sens_param,
                      with_value=True)


def _make_grad(fn, grad_position, weights, has_aux, return_ids, sens_param, with_value):
    _check_fn(fn)
    if not isinstance(has_aux, bool):
        raise TypeError(f"has_aux: expected a bool, got {type(has_aux).__name__}")
    _positions(grad_position, weights, None)
    weight_list, single_weight = _weights(weights)

    def grad_fn(*args):
        if sens_param:
            if not args:
                raise TypeError("sens_param=True: the last argument must be the output's "
                                "cotangent (sens)")
            args, sens = args[:-1], args[-1]
        else:
            sens = None
        positions = _positions(grad_position, weights, len(args))
        run = _Reverse(fn, args, positions, weight_list)
        loss, aux = _split_aux(run.out, has_aux)
        input_grads, weight_grads = run.gradients(loss, sens)
        grads = _structure(input_grads, weight_grads, positions, weight_list, single_weight,
                           return_ids, grad_position)
        if with_value:
            # MindSpore's value is fn's whole output, aux included.
            return _strip(run.out, run.tape), grads
        if has_aux:
            return grads, _stopped(_strip(aux, run.tape))
        return grads

    grad_fn.__name__ = f"grad_{getattr(fn, '__name__', type(fn).__name__)}"
    return grad_fn


# ---------------------------------------------------------------------------
# Forward mode

def _tuple_inputs(inputs, what):
    if isinstance(inputs, (tuple, list)):
        return tuple(inputs), True
    return (inputs,), False


def jvp(fn, inputs, v, has_aux=False):
    """(outputs, jvp_outputs): fn at ``inputs`` and its derivative along ``v``.

    ``inputs`` is a Tensor or a tuple of Tensors and ``v`` has the same
    structure; the outputs mirror fn's output structure.

    >>> import dualgrad as ms
    >>> ms.jvp(lambda x: x * x, ms.Tensor([3.0]), ms.Tensor([1.0]))[1]
    Tensor(shape=[1], dtype=Float32, value= [ 6.00000000e+00])
    """
    _check_fn(fn)
    xs, _ = _tuple_inputs(inputs, "inputs")
    vs, v_tuple = _tuple_inputs(v, "v")
    if len(vs) != len(xs):
        raise ValueError(f"v: expected {len(xs)} tangent(s), one per input, got {len(vs)}")
    trace = ForwardTrace()
    call_args = []
    for i, (x, t) in enumerate(zip(xs, vs)):
        xv = _differentiable_value(x, f"inputs[{i}]")
        tv = np.asarray(primal_value(value_of(t)) if not isinstance(value_of(t), _core.Box)
                        else value_of(t))
        shape = tuple(shape_of(xv))
        try:
            tv = np.ascontiguousarray(np.broadcast_to(tv, shape),
                                      dtype=np.result_type(primal_value(xv)))
        except ValueError:
            raise ValueError(f"v[{i}]: expected a tangent of shape {shape} like inputs[{i}], "
                             f"got {tv.shape}") from None
        call_args.append(wrap(_core.make_dual(xv, tv, trace)))
    out = fn(*call_args)
    _check_output(out)
    main, aux = (out, None)
    if has_aux:
        main, aux = _split_aux(out, True)
        main = main if not isinstance(main, (tuple, list)) else main

    def parts(leaf):
        val = value_of(leaf)
        primal, tangent = _core.unbox(val, trace)
        if tangent is None:
            tangent = _core.zeros_for(primal)
        return wrap(primal), wrap(tangent)

    primals = _map_leaves(lambda l: parts(l)[0], main)
    tangents = _map_leaves(lambda l: parts(l)[1], main)
    if has_aux:
        aux = _stopped(_strip(aux, trace))
        return primals, tangents, aux[0] if len(aux) == 1 else aux
    return primals, tangents
