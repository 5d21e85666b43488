"""Transforms: grad, value_and_grad, jvp, vjp, jacfwd, jacrev (MindSpore's forms).

Each call opens its own trace (a Tape or a ForwardTrace with a fresh level),
boxes the inputs it differentiates, runs the function on Tensors that wrap
those boxes and reads the derivatives off the outputs.  Parameters given as
``weights`` are boxed through a per-thread substitution, so the function reads
them as usual.
"""
import functools
import os

import numpy as np

from . import _core, _custom, _functions as F, _memory
from ._core import ForwardTrace, Tape, primal_value, shape_of
from ._tensor import Tensor, restore_parameters, substitute_parameters, value_of, wrap


if "DUALGRAD_CACHE_BYTES" in os.environ:
    try:
        _memory.set_cache_limit(int(os.environ["DUALGRAD_CACHE_BYTES"]))
    except ValueError as e:
        raise ValueError(f"DUALGRAD_CACHE_BYTES: expected a number of bytes from 0 to "
                         f"{_memory.MAX_CACHE_LIMIT}, got "
                         f"{os.environ['DUALGRAD_CACHE_BYTES']!r}") from e


def uses_array_cache(fn):
    """Run ``fn`` with NumPy allocating through dualgrad's caching allocator."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        token = _memory.enter()
        try:
            return fn(*args, **kwargs)
        finally:
            _memory.leave(token)
    return wrapper


# ---------------------------------------------------------------------------
# Argument checking

def _check_fn(fn):
    if not callable(fn):
        raise TypeError(f"fn: expected a callable (function or Cell), got "
                        f"{type(fn).__name__}")


def _positions(grad_position, weights, nargs, nkw=0):
    """Normalise grad_position to a tuple of ints (or None), validating it.

    ``nargs`` positional and ``nkw`` keyword arguments: positions count the
    keyword ones after the positional ones, in the order given (MindSpore's rule).
    """
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
        if nargs is not None and p >= nargs + nkw:
            raise ValueError(f"grad_position: position {p} is out of range for a call with "
                             f"{nargs} positional argument{'s' if nargs != 1 else ''}"
                             + (f" and {nkw} keyword one{'s' if nkw != 1 else ''}" if nkw
                                else ""))
    if len(set(positions)) != len(positions):
        raise ValueError(f"grad_position: duplicate positions in {grad_position!r}")
    return positions


def _weights(weights):
    """(list of Parameters, was a single Parameter) from MindSpore's accepted forms."""
    from ._parameter import Parameter
    if weights is None:
        return None, False
    if isinstance(weights, Parameter):
        _check_float_parameter(weights, "weights")
        return [weights], True
    if isinstance(weights, Tensor):
        raise TypeError("weights: expected Parameters, got a Tensor that is not a Parameter "
                        "(wrap it as dualgrad.Parameter to differentiate with respect to it)")
    if not isinstance(weights, (list, tuple)):
        raise TypeError(f"weights: expected a Parameter, a ParameterTuple or a list/tuple of "
                        f"Parameters, got {type(weights).__name__}")
    seen = set()
    for i, w in enumerate(weights):
        if not isinstance(w, Parameter):
            raise TypeError(f"weights[{i}]: expected a Parameter, got {type(w).__name__}")
        _check_float_parameter(w, f"weights[{i}]")
        if id(w) in seen:
            raise ValueError(f"weights[{i}]: Parameter {w.name!r} appears more than once")
        seen.add(id(w))
    return list(weights), False


def _check_float_parameter(w, what):
    # (a frozen one is a constant whatever its dtype: its gradient is zero)
    if w.requires_grad and w._data.dtype.kind != "f":
        raise TypeError(f"{what}: can only differentiate floating-point Parameters, "
                        f"{w.name!r} has dtype {w._data.dtype}")


def _dtype(v):
    """The dtype of an engine value (array, number or box)."""
    v = primal_value(v)
    return v.dtype if isinstance(v, np.ndarray) else np.result_type(v)


def _differentiable_value(x, what):
    """The engine value of an input to differentiate, checking it is a float tensor."""
    if type(x) is Tensor:
        v = x._data
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            return v
    elif not isinstance(x, Tensor):
        if not isinstance(x, (np.ndarray, float, int, _core.Box)) or isinstance(x, bool):
            raise TypeError(f"{what}: expected a Tensor to differentiate, got "
                            f"{type(x).__name__}")
        if not isinstance(x, np.ndarray) or _tensor_can_hold(x.dtype):
            x = Tensor(x)          # (an array of strings, objects or float128 is refused below)
    v = value_of(x)
    dtype = _dtype(v)
    if dtype.kind != "f" or dtype.itemsize > 8:
        raise TypeError(f"{what}: can only differentiate floating-point tensors "
                        f"(float16/float32/float64), got dtype {dtype}")
    return v


def _tensor_can_hold(dtype):
    """Whether ``dtype`` is a Tensor's: bool, an integer type, float16, float32 or float64."""
    return dtype.kind in "biuf" and dtype.itemsize <= 8


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
    if type(out) is Tensor:
        return
    for leaf in _leaves(out):
        if not isinstance(leaf, (Tensor, np.ndarray, _core.Box, float, int)):
            raise TypeError(f"{what} must return Tensors (or tuples of them), got "
                            f"{type(leaf).__name__}")


def _split_aux(out, has_aux):
    """(differentiated output, aux tuple or None)."""
    if not has_aux:
        return out, None
    # MindSpore requires a tuple here: a list of outputs is refused.
    if not isinstance(out, tuple) or len(out) < 2:
        got = ("a list" if isinstance(out, list) else
               f"a tuple of {len(out)}" if isinstance(out, tuple) else type(out).__name__)
        raise ValueError("has_aux=True: fn must return more than one output, as a tuple (the "
                         f"first is differentiated, the rest are returned as aux), got {got}")
    return out[0], tuple(out[1:])


def _seed(out, tape, sens):
    """One Var of ``tape`` whose backward from ones gives the summed outputs' gradient.

    Several outputs (or a cotangent ``sens``) are combined into sum(out_i * sens_i).
    """
    if sens is None and type(out) is Tensor:
        o = out._data
        if type(o) is _core.Var and o.trace is tape:
            return o, np.ones(shape_of(o), primal_value(o).dtype)
    outs = [value_of(o) for o in _leaves(out)]
    if sens is None:
        senses = [None] * len(outs)
    else:
        senses = [value_of(s) for s in _leaves(sens)]
        if len(senses) != len(outs):
            raise ValueError(f"sens: expected {len(outs)} cotangent(s), one per output, got "
                             f"{len(senses)}")
        for o, s in zip(outs, senses):
            if tuple(shape_of(s)) != tuple(shape_of(o)):
                raise ValueError(f"sens: expected a cotangent of shape {tuple(shape_of(o))}, "
                                 f"got {tuple(shape_of(s))}")
    mine = [(o, s) for o, s in zip(outs, senses)
            if isinstance(o, _core.Var) and o.trace is tape]
    if not mine:
        for o in outs:
            if isinstance(o, _core.Box):
                _core.check_not_wrapped(o, tape)
        return None, None
    if len(mine) == 1:
        o, s = mine[0]
        g = s if s is not None else np.ones(shape_of(o), _dtype(o))
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


# ---------------------------------------------------------------------------
# Reverse mode

class _Reverse:
    """One reverse pass: inputs and weights boxed on a fresh tape, fn run once."""

    def __init__(self, fn, args, positions, weights, kwargs=None):
        kwargs = dict(kwargs) if kwargs else {}
        tape = self.tape = Tape()
        self.positions = positions or ()
        self.weights = weights or []
        call_args = list(args)
        names = list(kwargs)        # positions past args are keyword arguments, in order
        self.inputs = []
        self.leaves = []
        for p in self.positions:
            if p < len(args):
                v = _differentiable_value(args[p], f"argument {p} (grad_position)")
            else:
                name = names[p - len(args)]
                v = _differentiable_value(kwargs[name],
                                          f"argument {p} ({name}=, grad_position)")
            self.inputs.append(v)
            leaf = tape.leaf(v)
            self.leaves.append(leaf)
            if p < len(args):
                call_args[p] = wrap(leaf)
            else:
                kwargs[name] = wrap(leaf)
        self.weight_values = [value_of(w) for w in self.weights]
        # A Parameter with requires_grad=False stays a constant: MindSpore gives
        # it a zero gradient (read at call time, like MindSpore's check).
        self.frozen = [not w.requires_grad for w in self.weights]
        substitution = {}
        for w, v, frozen in zip(self.weights, self.weight_values, self.frozen):
            if not frozen:
                leaf = tape.leaf(v)
                self.leaves.append(leaf)
                substitution[id(w)] = leaf
        if not substitution:
            self.out = fn(*call_args, **kwargs)
        else:
            token = substitute_parameters(substitution)
            try:
                self.out = fn(*call_args, **kwargs)
            finally:
                restore_parameters(token)
        _check_output(self.out)

    def gradients(self, loss, sens, release=True, tangent_only=False):
        """(input gradients, weight gradients) as lists of engine values.

        ``tangent_only``: only the Dual tangents of the gradients will be read
        (forward over reverse); see ``Tape.backward``.
        """
        root, g = _seed(loss, self.tape, sens)
        if root is None:
            grads = [None] * len(self.leaves)
            if release:
                self.tape.release()
        else:
            grads = self.tape.backward(root, g, self.leaves, release, tangent_only)
        if any(self.frozen):
            grads = list(grads)
            for i, frozen in enumerate(self.frozen):
                if frozen:
                    grads.insert(len(self.inputs) + i, None)
        out = []
        for g, v in zip(grads, self.inputs + self.weight_values if self.weight_values
                        else self.inputs):
            if type(g) is np.ndarray and type(v) is np.ndarray and g.dtype == v.dtype:
                out.append(g)       # the common case, checked cheaply
                continue
            want = _dtype(v)
            if g is None:
                g = np.zeros(shape_of(v), want)
            elif _dtype(g) != want:
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


def _check_bool(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a bool, got {type(value).__name__}")


def _make_grad(fn, grad_position, weights, has_aux, return_ids, sens_param, with_value):
    _check_fn(fn)
    _check_bool(has_aux, "has_aux")
    _check_bool(return_ids, "return_ids")
    _check_bool(sens_param, "sens_param")
    _positions(grad_position, weights, None)
    weight_list, single_weight = _weights(weights)

    simple = weights is None and not has_aux and not return_ids and not sens_param
    # grad(grad(f)) is an HVP with a vector of ones: forward over reverse is
    # cheaper than recording the inner backward pass on a second tape.
    inner = getattr(fn, "_dualgrad_grad_of", None) if simple and not with_value else None
    if inner is not None and _custom.holds_bprop(inner["fn"]):
        inner = None   # a bprop's Jacobian need not be symmetric: nested passes

    def grad_fn(*args, **kwargs):
        # (uses_array_cache, inlined: this wrapper runs on every gradient call)
        token = _memory.enter()
        try:
            return compute(args, kwargs)
        finally:
            _memory.leave(token)

    def compute(args, kwargs):
        # As in MindSpore, grad_position counts the keyword arguments after the
        # positional ones, in the order given; the others reach fn as they are.
        if sens_param:
            if len(args) < 2:
                raise TypeError("sens_param=True: the last argument must be the output's "
                                "cotangent (sens), after fn's own arguments; got "
                                f"{len(args)} argument(s) in all")
            args, sens = args[:-1], args[-1]
        else:
            sens = None
        positions = (grad_position,) if (type(grad_position) is int
                                         and 0 <= grad_position < len(args)) \
            else _positions(grad_position, weights, len(args), len(kwargs))
        if inner is not None and not kwargs:
            from ._composer import grad_of_grad
            grads = grad_of_grad(inner, positions, args)
            if grads is not None:
                return _structure(grads, [], positions, None, False, False, grad_position)
        run = _Reverse(fn, args, positions, weight_list, kwargs)
        loss, aux = _split_aux(run.out, has_aux)
        input_grads, weight_grads = run.gradients(loss, sens)
        grads = _structure(input_grads, weight_grads, positions, weight_list, single_weight,
                           return_ids, grad_position)
        if with_value:
            # MindSpore's value is fn's whole output, aux included.
            return _strip(run.out, run.tape), grads
        if has_aux:
            return grads, _strip(aux, run.tape)
        return grads

    grad_fn.__name__ = f"grad_{getattr(fn, '__name__', type(fn).__name__)}"
    if simple and not with_value:
        grad_fn._dualgrad_grad_of = {
            "fn": fn, "positions": lambda nargs: _positions(grad_position, None, nargs)}
    return grad_fn


@uses_array_cache
def value_and_weight_grads(fn, args, weights, fill=None):
    """``(fn(*args), gradients)``: one reverse pass for the gradients of fn's output
    with respect to ``weights`` (a tuple, one per weight), as a training step needs.

    ``fill`` is the value of every element of the output's cotangent (MindSpore's
    ``sens``: the output's shape and dtype filled with it); ``None`` is ones, the
    computation ``value_and_grad(fn, None, weights)`` does.
    """
    weight_list, _ = _weights(weights)
    run = _Reverse(fn, args, None, weight_list)
    sens = None
    if fill is not None:
        sens = _map_leaves(lambda out: Tensor(np.full(tuple(shape_of(value_of(out))), fill,
                                                      _dtype(value_of(out)))), run.out)
    _, weight_grads = run.gradients(run.out, sens)
    return _strip(run.out, run.tape), tuple(wrap(g) for g in weight_grads)


# ---------------------------------------------------------------------------
# Forward mode

def _tuple_inputs(inputs, what):
    if isinstance(inputs, (tuple, list)):
        return tuple(inputs), True
    return (inputs,), False


@uses_array_cache
def jvp(fn, inputs, v, has_aux=False):
    """(outputs, jvp_outputs): fn at ``inputs`` and its derivative along ``v``.

    ``inputs`` is a Tensor or a tuple of Tensors and ``v`` has the same
    structure; the outputs mirror fn's output structure.

    >>> import dualgrad as ms
    >>> ms.jvp(lambda x: x * x, ms.Tensor([3.0]), ms.Tensor([1.0]))[1]
    Tensor(shape=[1], dtype=Float32, value= [ 6.00000000e+00])
    """
    _check_fn(fn)
    _check_bool(has_aux, "has_aux")
    xs, _ = _tuple_inputs(inputs, "inputs")
    vs, v_tuple = _tuple_inputs(v, "v")
    if len(vs) != len(xs):
        raise ValueError(f"v: expected {len(xs)} tangent(s), one per input, got {len(vs)}")
    trace = ForwardTrace()
    call_args = []
    for i, (x, t) in enumerate(zip(xs, vs)):
        xv = _differentiable_value(x, f"inputs[{i}]")
        tv = value_of(t)
        shape = tuple(shape_of(xv))
        if isinstance(tv, _core.Box):
            # a tangent an enclosing transform differentiates (x ↦ J(x)·x)
            if tuple(shape_of(tv)) != shape:
                raise ValueError(f"v[{i}]: expected a tangent of shape {shape} like "
                                 f"inputs[{i}], got {tuple(shape_of(tv))}")
            if _dtype(tv) != _dtype(xv):
                tv = F.cast(tv, _dtype(xv))
            call_args.append(wrap(_core.make_dual(xv, tv, trace)))
            continue
        tv = np.asarray(primal_value(tv))
        if tv.dtype.kind not in "biuf":
            raise TypeError(f"v[{i}]: expected a numeric tangent like inputs[{i}], got "
                            f"{type(t).__name__}")
        try:
            tv = np.asarray(np.broadcast_to(tv, shape), dtype=_dtype(xv), order="C")
        except ValueError:
            raise ValueError(f"v[{i}]: expected a tangent of shape {shape} like inputs[{i}], "
                             f"got {tv.shape}") from None
        call_args.append(wrap(_core.make_dual(xv, tv, trace)))
    out = fn(*call_args)
    _check_output(out)
    main, aux = _split_aux(out, has_aux)

    def parts(leaf):
        val = value_of(leaf)
        primal, tangent = _core.unbox(val, trace)
        if tangent is None:
            # an integer or bool output's tangent has its dtype, as in MindSpore
            dtype = _dtype(primal)
            tangent = (_core.zeros_for(primal) if dtype.kind == "f"
                       else np.zeros(tuple(shape_of(primal)), dtype))
        return wrap(primal), wrap(tangent)

    primals = _map_leaves(lambda l: parts(l)[0], main)
    tangents = _map_leaves(lambda l: parts(l)[1], main)
    if has_aux:
        aux = _strip(aux, trace)
        return primals, tangents, aux[0] if len(aux) == 1 else aux
    return primals, tangents


# ---------------------------------------------------------------------------
# vjp

@uses_array_cache
def vjp(fn, *inputs, weights=None, has_aux=False):
    """(outputs, vjp_fn): ``vjp_fn(cotangent)`` gives the inputs' cotangents.

    ``vjp_fn`` returns a tuple with one gradient per input (and, with
    ``weights``, ``(input_grads, weight_grads)``).  It may be called several
    times: the tape is kept until ``vjp_fn`` is dropped.

    >>> import dualgrad as ms
    >>> out, vjp_fn = ms.vjp(lambda x: x * x, ms.Tensor([3.0]))
    >>> vjp_fn(ms.Tensor([1.0]))
    (Tensor(shape=[1], dtype=Float32, value= [ 6.00000000e+00]),)
    """
    _check_fn(fn)
    _check_bool(has_aux, "has_aux")
    if not inputs:
        raise TypeError("vjp: expected at least one input after fn")
    weight_list, single_weight = _weights(weights)
    run = _Reverse(fn, inputs, tuple(range(len(inputs))), weight_list)
    main, aux = _split_aux(run.out, has_aux)
    outputs = _strip(main, run.tape)
    n_out = len(_leaves(main))

    @uses_array_cache
    def vjp_fn(*cotangents):
        if len(cotangents) == 1 and n_out > 1 and isinstance(cotangents[0], (tuple, list)):
            cotangents = tuple(cotangents[0])
        if len(cotangents) != n_out:
            raise ValueError(f"vjp_fn: expected {n_out} cotangent(s), one per output, got "
                             f"{len(cotangents)}")
        sens = []
        for i, c in enumerate(cotangents):
            if not isinstance(c, Tensor):
                try:
                    c = Tensor(c)
                except (TypeError, ValueError) as e:
                    raise TypeError(f"vjp_fn: cotangent {i} must be a Tensor or array, got "
                                    f"{type(c).__name__}") from e
            sens.append(c)
        sens = tuple(sens)
        for i, (c, o) in enumerate(zip(sens, _leaves(main))):
            if c.shape != tuple(shape_of(value_of(o))):
                raise ValueError(f"vjp_fn: cotangent {i} must have the output's shape "
                                 f"{tuple(shape_of(value_of(o)))}, got {c.shape}")
        sens = sens[0] if n_out == 1 else sens
        input_grads, weight_grads = run.gradients(main, sens, release=False)
        ig = tuple(wrap(g) for g in input_grads)
        if weight_list is None:
            return ig
        wg = wrap(weight_grads[0]) if single_weight else tuple(wrap(g) for g in weight_grads)
        return ig, wg

    if has_aux:
        aux = _strip(aux, run.tape)
        return outputs, vjp_fn, aux[0] if len(aux) == 1 else aux
    return outputs, vjp_fn


# ---------------------------------------------------------------------------
# Jacobians

def _jacobian(fn, grad_position, has_aux, forward):
    _check_fn(fn)
    _check_bool(has_aux, "has_aux")

    if grad_position is None:
        raise TypeError("grad_position: expected an int or a tuple of ints, got None "
                        "(a Jacobian is taken with respect to inputs)")

    @uses_array_cache
    def jac_fn(*args):
        positions = _positions(grad_position, None, len(args))
        if forward:
            aux, jacs = _jacfwd(fn, args, positions, has_aux)
        else:
            aux, jacs = _jacrev(fn, args, positions, has_aux)
        # MindSpore's structure: one Jacobian per (output, position), output by
        # output; a lone one bare, a flat tuple when there is one output or one
        # position, else a tuple per output.
        flat = [j for row in jacs for j in row]
        if len(flat) == 1:
            result = flat[0]
        elif len(jacs) == 1 or len(positions) == 1:
            result = tuple(flat)
        else:
            result = tuple(tuple(row) for row in jacs)
        if has_aux:
            return result, aux[0] if len(aux) == 1 else aux
        return result

    return jac_fn


def _jacfwd(fn, args, positions, has_aux):
    """All Jacobian columns from one forward pass with a batch of basis tangents.

    Returns (aux or None, one row of Jacobians per output leaf).
    """
    trace = ForwardTrace()
    call_args = list(args)
    sizes, shapes = [], []
    for p in positions:
        v = _differentiable_value(args[p], f"argument {p} (grad_position)")
        shapes.append(tuple(shape_of(v)))
        sizes.append(int(np.prod(shapes[-1], dtype=np.int64)))
    total = sum(sizes)
    offset = 0
    for p, shape, size in zip(positions, shapes, sizes):
        v = value_of(args[p])
        basis = np.zeros((total, size), _dtype(v))
        basis[offset:offset + size] = np.eye(size, dtype=_dtype(v))
        call_args[p] = wrap(_core.make_dual(v, basis.reshape((total,) + shape), trace, 1))
        offset += size
    out = fn(*call_args)
    _check_output(out)
    main, aux = _split_aux(out, has_aux)
    jacs = []
    for leaf in _leaves(main):
        primal, tangent = _core.unbox(value_of(leaf), trace)
        out_shape = tuple(shape_of(primal))
        if tangent is None:
            tangent = np.zeros((total,) + out_shape, _dtype(primal))
        row, offset = [], 0
        for shape, size in zip(shapes, sizes):
            block = F.getitem(tangent, (slice(offset, offset + size),))
            block = F.reshape(block, (size, int(np.prod(out_shape, dtype=np.int64))))
            block = F.reshape(F.transpose(block), out_shape + shape)
            if type(block) is np.ndarray and block.dtype.kind == "f":
                block = block + 0.0     # zeros print as MindSpore's: 0, not -0
            row.append(wrap(block))
            offset += size
        jacs.append(row)
    return (None if aux is None else _strip(aux, trace)), jacs


def _jacrev(fn, args, positions, has_aux):
    """Jacobian rows from one backward pass per output element (one tape).

    Returns (aux or None, one row of Jacobians per output leaf).
    """
    run = _Reverse(fn, args, positions, None)
    main, aux = _split_aux(run.out, has_aux)
    jacs = []
    for leaf in _leaves(main):
        o = value_of(leaf)
        out_shape = tuple(shape_of(o))
        m = int(np.prod(out_shape, dtype=np.int64))
        rows = [[] for _ in positions]
        for k in range(m):
            e = np.zeros(m, _dtype(o))
            e[k] = 1
            grads, _ = run.gradients(leaf, Tensor(e.reshape(out_shape)), release=False)
            for i, g in enumerate(grads):
                rows[i].append(g)
        row = []
        for i, p in enumerate(positions):
            in_shape = tuple(shape_of(value_of(args[p])))
            if m:
                block = F.stack(rows[i], 0)
            else:
                block = np.zeros((0,) + in_shape, _dtype(run.inputs[i]))
            row.append(wrap(F.reshape(block, out_shape + in_shape)))
        jacs.append(row)
    run.tape.release()
    return (None if aux is None else _strip(aux, run.tape)), jacs


def jacfwd(fn, grad_position=0, has_aux=False):
    """A function returning fn's Jacobian (shape: output shape + input shape).

    Forward mode: every column in one pass, with a batch of basis tangents.
    """
    return _jacobian(fn, grad_position, has_aux, forward=True)


def jacrev(fn, grad_position=0, has_aux=False):
    """A function returning fn's Jacobian, by reverse mode (one backward per output)."""
    return _jacobian(fn, grad_position, has_aux, forward=False)


# ---------------------------------------------------------------------------
# MindSpore's helpers

def get_grad(gradients, identifier):
    """The gradient for a position or a Parameter in ``grad(..., return_ids=True)``'s output."""
    from ._parameter import Parameter
    if isinstance(identifier, Parameter):
        key = identifier.name
    elif isinstance(identifier, int) and not isinstance(identifier, bool):
        key = identifier
    else:
        raise TypeError(f"get_grad: identifier must be a position (int) or a Parameter, got "
                        f"{identifier!r}")

    def search(tree):
        if (isinstance(tree, tuple) and len(tree) == 2 and isinstance(tree[1], Tensor)
                and isinstance(tree[0], (int, str))):
            return tree[1] if tree[0] == key and type(tree[0]) is type(key) else None
        if isinstance(tree, (tuple, list)):
            for t in tree:
                found = search(t)
                if found is not None:
                    return found
        return None

    found = search(gradients)
    if found is None:
        raise ValueError(f"get_grad: no gradient for {identifier!r}; the gradients must come "
                         "from grad(..., return_ids=True) and include it")
    return found


class GradOperation:
    """MindSpore's ``ops.GradOperation(get_all, get_by_list, sens_param)``.

    ``GradOperation(...)(fn, weights)`` returns the gradient function:
    ``get_all`` gives every input's gradient (as a tuple), otherwise the
    first input's; ``get_by_list`` the weights'; both give ``(inputs, weights)``.
    """

    def __init__(self, get_all=False, get_by_list=False, sens_param=False):
        for name, v in (("get_all", get_all), ("get_by_list", get_by_list),
                        ("sens_param", sens_param)):
            if not isinstance(v, bool):
                raise TypeError(f"{name}: expected a bool, got {type(v).__name__}")
        self.get_all = get_all
        self.get_by_list = get_by_list
        self.sens_param = sens_param

    def __call__(self, fn, weights=None):
        return self._gradient_function(fn, weights, with_value=False)

    def _value_and_grad_function(self, fn, weights=None):
        """The function of ``(fn's output, what __call__'s function returns)``, from
        one reverse pass (nn.ForwardValueAndGrad's)."""
        return self._gradient_function(fn, weights, with_value=True)

    def _gradient_function(self, fn, weights, with_value):
        _check_fn(fn)
        single_weight = False
        if not self.get_by_list:
            weight_list = None
        elif weights is None:
            # MindSpore then differentiates the Parameters fn reads: for a
            # Cell, its trainable ones.
            from .nn.cell import Cell
            if not isinstance(fn, Cell):
                raise TypeError("GradOperation(get_by_list=True): give the weights "
                                "(GradOperation(...)(fn, weights)); without them only a Cell's "
                                "trainable parameters can be found")
            weight_list = list(fn.trainable_params())
        else:
            weight_list, single_weight = _weights(weights)
        get_all, sens_param = self.get_all, self.sens_param

        @uses_array_cache
        def grad_fn(*args, **kwargs):
            sens = None
            if sens_param:
                if not args:
                    raise TypeError("sens_param=True: the last argument must be the output's "
                                    "cotangent (sens)")
                args, sens = args[:-1], args[-1]
            discrete = ()
            # (keyword arguments are inputs after the positional ones, as in MindSpore)
            inputs = list(args) + list(kwargs.values())
            if get_all:
                tensors = [i for i, a in enumerate(inputs) if isinstance(a, Tensor)]
                # Every Tensor input gets a gradient; an integer or bool one
                # (labels, indices, masks) has no derivative: zeros of its dtype.
                discrete = {i for i in tensors if _dtype(value_of(inputs[i])).kind in "biu"}
                positions = tuple(i for i in tensors if i not in discrete)
            else:
                positions = (0,) if inputs else ()
            run = _Reverse(fn, args, positions, weight_list, kwargs)
            input_grads, weight_grads = run.gradients(run.out, sens)
            if discrete:
                found = iter(input_grads)
                input_grads = [np.zeros(tuple(shape_of(value_of(inputs[i]))),
                                        _dtype(value_of(inputs[i])))
                               if i in discrete else next(found) for i in tensors]
            ig = tuple(wrap(g) for g in input_grads)
            wg = wrap(weight_grads[0]) if single_weight else tuple(wrap(g) for g in weight_grads)
            inputs = ig if get_all else (ig[0] if ig else ())
            if weight_list is None:
                grads = inputs
            elif not get_all:
                grads = wg
            else:
                grads = inputs, wg
            return (_strip(run.out, run.tape), grads) if with_value else grads
        return grad_fn
