"""Second order at the cost theory allows: the composer of forward and reverse mode.

- ``hvp``: forward over reverse.  The inputs are Dual numbers whose tangent is
  the direction; the tape records the function on them and its backward pass
  runs on Duals, so the gradient comes out as a Dual whose tangent is H·v —
  about the cost of one more gradient (Pearlmutter 1994).
- ``hessian``: the same pass with all basis directions batched in the tangent.
- ``grad(grad(f))`` with MindSpore's output-summing semantics is an HVP with a
  vector of ones; ``_transforms`` routes it here instead of nesting two tapes.
- PINN operators (``laplacian``, ``partial``, ``point_hessian``): forward
  only, no tape.  A collapsed hyper-dual pass carries the value, D
  first-order parts and one summed second-order part per layer (the forward
  Laplacian); mixed partials come from one Dual or HyperDual pass seeded on
  the chosen coordinates, and a per-point Hessian from one HyperDual pass
  batching the coordinate pairs.  When a loss built from them is
  differentiated with respect to weights, the tape records this hyper-dual
  computation (reverse over forward).
"""
import math

import numpy as np

from . import _core, _custom, _functions as F
from ._core import (ForwardTrace, HyperTrace, make_dual, make_hyper, make_taylor, primal_value,
                    shape_of)
from ._taylor import TaylorPass, derivatives_of
from ._vmap import _BatchTrace
from ._tensor import Tensor, restore_parameters, substitute_parameters, value_of, wrap
from ._transforms import (_Reverse, _check_fn, _differentiable_value, _dtype, _positions,
                          _weights, uses_array_cache)


# ---------------------------------------------------------------------------
# Hessian-vector products and Hessians

def _direction_parts(v, positions, weight_list, single_weight, grad_position):
    """Split ``v`` (shaped like grad's result) into per-input and per-weight tangents."""
    def as_list(part, n, what):
        if n == 1 and not isinstance(part, (tuple, list)):
            return [part]
        if not isinstance(part, (tuple, list)) or len(part) != n:
            raise ValueError(f"v: expected {what} with {n} direction(s), matching the "
                             f"selection grad would differentiate, got {type(part).__name__}"
                             + (f" of length {len(part)}" if isinstance(part, (tuple, list))
                                else ""))
        return list(part)

    if positions is not None and weight_list is not None:
        if not isinstance(v, (tuple, list)) or len(v) != 2:
            raise ValueError("v: with grad_position and weights, expected "
                             "(input directions, weight directions)")
        vi, vw = v
    elif positions is not None:
        vi, vw = v, None
    else:
        vi, vw = None, v
    inputs = []
    if positions is not None:
        if isinstance(grad_position, int):
            if isinstance(vi, (tuple, list)):
                raise ValueError(f"v: with grad_position={grad_position} (an int), grad's "
                                 "result is one Tensor, so v is one Tensor, not a "
                                 f"{type(vi).__name__}")
            inputs = [vi]
        else:
            inputs = as_list(vi, len(positions), "a tuple")
    weights = []
    if weight_list is not None:
        weights = [vw] if single_weight else as_list(vw, len(weight_list), "a tuple")
    return inputs, weights


def _one_argument(name, more):
    if more:
        raise TypeError(f"{name}(fn) returns a function of one argument, the points x of "
                        f"shape (N, D), got {1 + len(more)} arguments: put every coordinate "
                        "(time too) in the columns of x, or close over the other arguments")


def _tangent_for(x_value, t, what):
    """A plain array tangent of x's shape and dtype, or a clear error."""
    if isinstance(t, Tensor):
        t = value_of(t)
    t = np.asarray(primal_value(t))
    if t.dtype.kind not in "biuf":
        raise TypeError(f"{what}: expected a numeric direction, got {t.dtype}")
    shape = tuple(shape_of(x_value))
    if t.shape != shape:
        raise ValueError(f"{what}: expected a direction of shape {shape}, got {t.shape}")
    return np.asarray(t, dtype=_dtype(x_value), order="C")


def _forward_over_reverse(fn, args, positions, weight_list, seeds, weight_seeds, nb=0):
    """Run fn's gradient on Dual inputs; returns (trace, input grads, weight grads).

    ``seeds`` maps argument position -> tangent, ``weight_seeds`` lists one
    tangent per weight (or None); the gradient is taken with respect to
    ``positions`` and ``weight_list``.  The gradients are Duals of ``trace``
    whose tangents alone may be read: their primals (the plain gradient) are
    not computed where a rule can skip them.
    """
    trace = ForwardTrace()
    call_args = list(args)
    for p, t in seeds.items():
        call_args[p] = wrap(make_dual(_differentiable_value(args[p], f"argument {p}"), t,
                                      trace, nb))
    substitution = {}
    for w, t in zip(weight_list or [], weight_seeds or []):
        if t is not None and w.requires_grad:   # a frozen weight is a constant
            substitution[id(w)] = make_dual(value_of(w), t, trace, nb)
    token = substitute_parameters(substitution) if substitution else None
    try:
        run = _Reverse(fn, call_args, positions, weight_list)
    finally:
        if substitution:
            restore_parameters(token)
    input_grads, weight_grads = run.gradients(run.out, None, tangent_only=True)
    return trace, input_grads, weight_grads


def _tangent_of(g, trace, batch=None):
    primal, tangent = _core.unbox(g, trace)
    if tangent is None:
        tangent = _core.zeros_for(primal, batch)
    return primal, tangent


@uses_array_cache
def hvp(fn, inputs, v, grad_position=0, weights=None):
    """The Hessian of fn's summed output times ``v``, by forward over reverse.

    ``inputs`` is fn's argument tuple (or one Tensor); the Hessian is taken with
    respect to the same selection ``grad(fn, grad_position, weights)`` would
    differentiate, and ``v`` and the result have that gradient's structure.

    >>> import dualgrad as ms
    >>> ms.hvp(lambda x: (x * x * x).sum(), ms.Tensor([1.0, 2.0]), ms.Tensor([1.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 6.00000000e+00,  0.00000000e+00])
    """
    _check_fn(fn)
    args = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    positions = _positions(grad_position, weights, len(args))
    weight_list, single_weight = _weights(weights)
    v_inputs, v_weights = _direction_parts(v, positions, weight_list, single_weight,
                                           grad_position)
    seeds = {}
    for p, t in zip(positions or (), v_inputs):
        seeds[p] = _tangent_for(_differentiable_value(args[p], f"inputs[{p}]"), t,
                                f"v for argument {p}")
    wseeds = [_tangent_for(value_of(w), t, f"v for weight {w.name}")
              for w, t in zip(weight_list or [], v_weights)]
    trace, ig, wg = _forward_over_reverse(fn, args, positions, weight_list, seeds, wseeds)
    ig = [wrap(_tangent_of(g, trace)[1]) for g in ig]
    wg = [wrap(_tangent_of(g, trace)[1]) for g in wg]
    inputs_part = None
    if positions is not None:
        # grad's structure: one position (an int or a 1-tuple) gives a bare Tensor
        inputs_part = ig[0] if len(ig) == 1 else tuple(ig)
    if weight_list is None:
        return inputs_part
    weights_part = wg[0] if single_weight else tuple(wg)
    return weights_part if positions is None else (inputs_part, weights_part)


def hessian(fn, grad_position=0):
    """A function returning the Hessian of fn's summed output (output shape: x.shape * 2).

    Every basis direction rides in one batched Dual, so the whole Hessian costs
    one forward-over-reverse pass.  With a tuple of positions the result is a
    tuple of tuples of blocks ``H[i][j] = d²f / dx_i dx_j``.
    """
    _check_fn(fn)

    @uses_array_cache
    def hessian_fn(*args):
        positions = _positions(grad_position, None, len(args))
        values = [_differentiable_value(args[p], f"argument {p} (grad_position)")
                  for p in positions]
        shapes = [tuple(shape_of(v)) for v in values]
        sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
        total = sum(sizes)
        seeds, offset = {}, 0
        for p, v, shape, size in zip(positions, values, shapes, sizes):
            basis = np.zeros((total, size), _dtype(v))
            basis[offset:offset + size] = np.eye(size, dtype=_dtype(v))
            seeds[p] = basis.reshape((total,) + shape)
            offset += size
        trace, grads, _ = _forward_over_reverse(fn, args, positions, None, seeds, None, nb=1)
        rows = []
        for g, shape_i in zip(grads, shapes):
            _, tangent = _tangent_of(g, trace, total)
            row, offset = [], 0
            for shape_j, size_j in zip(shapes, sizes):
                block = F.getitem(tangent, (slice(offset, offset + size_j),))
                n_i = int(np.prod(shape_i, dtype=np.int64))
                block = F.transpose(F.reshape(block, (size_j, n_i)))
                row.append(wrap(F.reshape(block, shape_i + shape_j)))
                offset += size_j
            rows.append(row)
        if isinstance(grad_position, int):
            return rows[0][0]
        return tuple(tuple(r) for r in rows)

    return hessian_fn


def grad_of_grad(inner, outer_positions, args):
    """grad(grad(f, P), Q)(*args) in MindSpore's semantics, forward over reverse.

    The outer grad differentiates the sum of every inner gradient component,
    i.e. H[P, Q]ᵀ · 1, which by the Hessian's symmetry is H[Q, P] · 1: an HVP
    with ones on the positions P, read on Q.  Returns the outer gradients, as
    engine values, or None when fn ran a cell's ``bprop`` or backward hook: what
    they define need not be a true gradient, its Jacobian need not be symmetric,
    and the caller differentiates the inner gradient in reverse instead.
    (``grad`` does not come here for a Cell it can see holds a bprop cell.)
    """
    inner_positions = inner["positions"](len(args))
    seeds = {}
    for p in inner_positions:
        v = _differentiable_value(args[p], f"argument {p} (grad_position)")
        seeds[p] = np.ones(tuple(shape_of(v)), _dtype(v))
    custom_calls = _custom.calls_recorded
    try:
        trace, grads, _ = _forward_over_reverse(inner["fn"], args, outer_positions, None,
                                                seeds, None)
    except _custom.HookUnderForwardMode:
        return None     # a Cell's backward hook: nested reverse passes instead
    if _custom.calls_recorded != custom_calls:
        return None
    return [_tangent_of(g, trace)[1] for g in grads]


# ---------------------------------------------------------------------------
# PINN operators: derivatives of a row-wise function with respect to its inputs

def _points(x, what="x"):
    v = _differentiable_value(x, what)
    shape = tuple(shape_of(v))
    if len(shape) != 2:
        raise ValueError(f"{what}: expected a batch of points of shape (N, D), got shape "
                         f"{shape}")
    return v, shape


def _per_point(fn, out, n, what):
    """Check that fn's output has a leading axis of the n points: (n,), (n, 1), (n, M)..."""
    shape = tuple(shape_of(value_of(out))) if isinstance(out, Tensor) else None
    if shape is None:
        raise TypeError(f"{what}: fn must return a Tensor, got {type(out).__name__}")
    if not shape or shape[0] != n:
        raise ValueError(f"{what}: fn must map the N = {n} points row by row to the rows of "
                         f"its output, shape ({n},), ({n}, 1) or ({n}, M); got {shape}")


def _check_index(i, d, name):
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
        raise TypeError(f"{name}: expected a coordinate index (int), got {i!r}")
    if not 0 <= i < d:
        raise ValueError(f"{name}: coordinate {i} is out of range for points with {d} "
                         "coordinates")


def _check_lower(lower):
    if not isinstance(lower, bool):
        raise TypeError(f"lower: expected a bool, got {type(lower).__name__}")


def _coords_of(coords, d):
    """The chosen coordinates of points with d coordinates (all for None)."""
    if coords is None:
        return range(d)
    for k in coords:
        _check_index(k, d, "coords")
    return coords


def _check_coords(coords):
    """``coords`` as a tuple of distinct ints, or None for all coordinates."""
    if coords is None:
        return None
    if isinstance(coords, (int, np.integer)) and not isinstance(coords, bool):
        coords = (coords,)
    if not isinstance(coords, (tuple, list, range)):
        raise TypeError("coords: expected a tuple of coordinate indices (ints), got "
                        f"{type(coords).__name__}")
    coords = tuple(coords)
    for k in coords:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"coords: expected coordinate indices (ints), got {k!r}")
        if k < 0:
            raise ValueError(f"coords: coordinate {k} is negative; count coordinates from 0")
    if not coords:
        raise ValueError("coords: expected at least one coordinate index, got none")
    if len(set(coords)) != len(coords):
        raise ValueError(f"coords: coordinate indices must be distinct, got {coords}")
    return tuple(int(k) for k in coords)


def laplacian(fn, coords=None, lower=False):
    """A function returning Δu = Σ_k ∂²u/∂x_k² at each of N points, exactly.

    ``fn`` must map points ``x`` of shape (N, D) row by row to ``u`` of shape
    (N,), (N, 1) or (N, M) (row n of u depends only on row n of x); the result
    has u's shape, one Laplacian per output component.  One collapsed
    hyper-dual pass: per layer the value, D first-order parts and one summed
    second-order part; no tape.

    ``coords`` restricts the sum to those coordinates: ``coords=(0, 1)`` of
    points (x, y, t) is the spatial Laplacian u_xx + u_yy of a heat equation.

    With ``lower=True`` the function returns ``(u, du, lap)`` from that same
    pass, where ``du`` is the tuple of the D first derivatives ∂u/∂x_k, each
    of u's shape, over every coordinate (not only ``coords``): the value, the
    advection and time derivatives and the diffusion term of most PINN
    residuals from one pass.

    The contract is checked where it can be: the output's leading axis.  A
    function that mixes rows (batch normalisation, a mean over points) gives
    the trace of a cross-point Hessian instead; don't pass one.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0]], dtype=ms.float64)
    >>> ms.laplacian(lambda x: (x * x).sum(axis=1))(x)
    Tensor(shape=[1], dtype=Float64, value= [ 4.00000000e+00])
    >>> u, (u_x, u_t), u_xx = ms.laplacian(lambda p: p[:, 0] ** 3 * p[:, 1], (0,), True)(x)
    >>> u_x.asnumpy().tolist(), u_t.asnumpy().tolist(), u_xx.asnumpy().tolist()
    ([6.0], [1.0], [12.0])
    """
    _check_fn(fn)
    coords = _check_coords(coords)
    _check_lower(lower)

    @uses_array_cache
    def laplacian_fn(x, *more):
        _one_argument("laplacian", more)
        v, (n, d) = _points(x)
        summed = _coords_of(coords, d)
        # Direction k is coordinate k (or, without lower, the k-th summed
        # coordinate).  e12 sums e1_k·e2_k over the directions, so the
        # directions outside ``coords`` get e2 = 0: they carry a first
        # derivative and add nothing to the sum.
        directions = range(d) if lower or coords is None else summed
        e1 = np.zeros((len(directions), n, d), _dtype(v))
        for row, k in enumerate(directions):
            e1[row, :, k] = 1
        e2 = e1
        if len(directions) != len(summed):
            e2 = np.zeros_like(e1)
            for k in summed:
                e2[k, :, k] = 1
        trace = HyperTrace()
        e12 = np.zeros((n, d), _dtype(v))
        out = fn(wrap(make_hyper(v, e1, e2, e12, trace, 1, True)))
        _per_point(fn, out, n, "laplacian")
        real, parts = _core.unbox(value_of(out), trace)
        if parts is None:
            zero = _core.zeros_for(real)
            return (wrap(real), (wrap(zero),) * d, wrap(zero)) if lower else wrap(zero)
        if not lower:
            return wrap(parts[2])
        first = wrap(parts[0])
        return wrap(real), tuple(first[k] for k in range(d)), wrap(parts[2])

    return laplacian_fn


LAPLACIAN_ESTIMATORS = ("rademacher", "coordinates")


def laplacian_estimate(fn, samples, coords=None, estimator="rademacher", seed=None):
    """A function returning an unbiased random estimate of Δu at each of N points.

    Same contract as ``laplacian``, for many coordinates: the exact collapsed
    pass carries D first-order parts per layer, this one ``samples`` parts, K,
    whatever D is; a PINN on 100 coordinates pays for K directions, not 100.
    Each point draws its own K directions v_k, and the estimate is the mean
    of the second derivatives along them, Σ_k v_kᵀ H v_k / K, from one
    collapsed hyper-dual pass (differentiable with respect to weights, like
    ``laplacian``'s):

    - ``estimator="rademacher"`` (Hutchinson's): v_k has independent entries
      ±1 on the chosen coordinates; E[vᵀHv] = tr H.  Its variance comes from
      the off-diagonal Hessian, 2 Σ_{a≠b} H_ab² / K: none where u is a sum of
      functions of one coordinate each.
    - ``estimator="coordinates"``: K distinct coordinates drawn uniformly,
      their second derivatives scaled by C / K (C chosen coordinates).  Its
      variance comes from the spread of the Hessian's diagonal; with K = C it
      is the exact Laplacian.

    A loss squaring the residual, mean((estimate - f)²), is that of the exact
    Laplacian plus the estimate's variance, which training then also lowers;
    the product of two independent estimates, mean((a - f)·(b - f)), has the
    exact loss as its expectation.

    ``coords`` restricts the trace to those coordinates, as in ``laplacian``.
    Without ``seed`` every call draws afresh from a generator seeded by
    NumPy's global state (``dualgrad.set_seed`` makes a run reproducible); an
    int ``seed`` draws the same directions at every call, so the estimate is a
    fixed function of x and the weights.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0, 3.0]], dtype=ms.float64)
    >>> ms.laplacian_estimate(lambda p: (p * p).sum(axis=1), 2, seed=0)(x).asnumpy().tolist()
    [6.0]
    """
    _check_fn(fn)
    samples = _check_samples_and_seed(samples, seed)
    coords = _check_coords(coords)
    if estimator not in LAPLACIAN_ESTIMATORS:
        raise ValueError(f"estimator: expected one of {LAPLACIAN_ESTIMATORS}, got {estimator!r}")

    @uses_array_cache
    def estimate_fn(x, *more):
        _one_argument("laplacian_estimate", more)
        v, (n, d) = _points(x)
        chosen = np.asarray(list(_coords_of(coords, d)), np.intp)
        c = len(chosen)
        draws = _random_generator(seed)
        e1 = np.zeros((samples, n, d), _dtype(v))
        if estimator == "rademacher":
            # one random bit per entry (a quarter of the time of uniform draws)
            count = samples * n * c
            bits = np.unpackbits(np.frombuffer(draws.bytes((count + 7) // 8), np.uint8),
                                 count=count).reshape(samples, n, c)
            if c == d:
                # every coordinate: i.i.d. signs need no (six times slower) indexed
                # assignment, whatever order coords lists them in
                np.subtract(1.0, 2.0 * bits, out=e1)
            else:
                e1[:, :, chosen] = 1.0 - 2.0 * bits
            scale = 1.0 / samples
        else:
            if samples > c:
                raise ValueError(f"samples: the coordinates estimator draws distinct "
                                 f"coordinates, at most the {c} there are; got {samples}")
            # the first K of a random permutation of the chosen coordinates, per point
            picked = chosen[np.argsort(draws.random((n, c)), axis=1)[:, :samples]]
            e1[np.arange(samples)[:, None], np.arange(n)[None, :], picked.T] = 1
            scale = c / samples
        trace = HyperTrace()
        out = fn(wrap(make_hyper(v, e1, e1, np.zeros((n, d), _dtype(v)), trace, 1, True)))
        _per_point(fn, out, n, "laplacian_estimate")
        real, parts = _core.unbox(value_of(out), trace)
        if parts is None:
            return wrap(_core.zeros_for(real))
        return wrap(parts[2]) * scale

    return estimate_fn


def _check_samples_and_seed(samples, seed):
    """An estimator's number of random directions (as an int), and its seed, checked."""
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)):
        raise TypeError(f"samples: expected a positive int (the number of random directions), "
                        f"got {samples!r}")
    if samples < 1:
        raise ValueError(f"samples: expected at least one random direction, got {samples}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(f"seed: expected an int or None, got {seed!r}")
    return int(samples)


def _random_generator(seed):
    """NumPy's generator of the random directions: seeded by ``seed``, or fresh
    from NumPy's global state (which ``dualgrad.set_seed`` seeds)."""
    from .nn.initializers import _generator      # (nn imports ops, which imports this module)
    return _generator() if seed is None else np.random.default_rng(int(seed))


def point_hessian(fn, coords=None, lower=False):
    """A function returning the Hessian of u with respect to each point's coordinates.

    Same contract as ``laplacian``; for u of shape (N,) the result has shape
    (N, D, D), for (N, M) shape (N, M, D, D): entry [n, ..., a, b] is
    ∂²u/∂x_a∂x_b at point n.  ``coords`` restricts it to those coordinates,
    in that order (shape (N, ..., C, C)).  With ``lower=True`` the function
    returns ``(u, du, H)``, ``du`` the tuple of first derivatives along
    ``coords``, each of u's shape.

    One HyperDual pass carries the C(C+1)/2 coordinate pairs as a batch of
    directions, with no tape: the mixed derivatives of an elasticity or
    Monge–Ampère residual in one call, at about the cost of the C(C+1)/2
    ``partial`` passes it replaces (each pair carries two first-order parts
    and a second-order one).  That grows as C², so it suits the few
    coordinates of a PINN; for many, ``hessian`` (forward over reverse) costs
    less.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0]], dtype=ms.float64)
    >>> ms.point_hessian(lambda p: p[:, 0] ** 2 * p[:, 1])(x).asnumpy().tolist()
    [[[4.0, 2.0], [2.0, 0.0]]]
    """
    _check_fn(fn)
    coords = _check_coords(coords)
    _check_lower(lower)

    @uses_array_cache
    def point_hessian_fn(x, *more):
        _one_argument("point_hessian", more)
        v, (n, d) = _points(x)
        chosen = _coords_of(coords, d)
        c = len(chosen)
        # direction p seeds coordinate a in e1 and b in e2 for the pair (a, b)
        # of chosen positions a <= b; entry [a, b] of the Hessian reads pair[a, b]
        pair = np.zeros((c, c), np.intp)
        e1 = np.zeros((c * (c + 1) // 2, n, d), _dtype(v))
        e2 = np.zeros_like(e1)
        p = 0
        for a in range(c):
            for b in range(a, c):
                e1[p, :, chosen[a]] = 1
                e2[p, :, chosen[b]] = 1
                pair[a, b] = pair[b, a] = p
                p += 1
        trace = HyperTrace()
        out = fn(wrap(make_hyper(v, e1, e2, np.zeros_like(e1), trace, 1)))
        _per_point(fn, out, n, "point_hessian")
        real, parts = _core.unbox(value_of(out), trace)
        if parts is None:
            zero = _core.zeros_for(real)
            hessian = wrap(np.zeros(np.shape(zero) + (c, c), np.asarray(zero).dtype))
            return (wrap(real), (wrap(zero),) * c, hessian) if lower else hessian
        # (pairs, N, ...) -> (C, C, N, ...) -> (N, ..., C, C)
        entries = wrap(parts[2])[Tensor(pair)]
        rank = len(shape_of(real))
        hessian = entries.transpose(tuple(range(2, rank + 2)) + (0, 1))
        if not lower:
            return hessian
        first = wrap(parts[0])
        return wrap(real), tuple(first[int(pair[a, a])] for a in range(c)), hessian

    return point_hessian_fn


# The highest order of derivative, jet and partial.  A Taylor pass of order n
# carries n + 1 coefficients; partial's distinct coordinates nest Dual passes
# (2^k parts for k of them).
MAX_DERIVATIVE_ORDER = 16


def partial(fn, i, j=None, *more, lower=False):
    """A function returning ∂u/∂x_i, ∂²u/∂x_i∂x_j, ∂³u/∂x_i∂x_j∂x_k... per point.

    Same contract as ``laplacian``.  The coordinates are the arguments after
    ``fn``: ``partial(fn, 0)`` is u_x, ``partial(fn, 0, 1)`` u_xy and
    ``partial(fn, 0, 0, 0)`` the u_xxx of a KdV equation.  First order is one
    Dual pass seeded on coordinate i; second order one HyperDual pass seeded
    on i and j — never a full Hessian.  A coordinate repeated three times or
    more takes one Taylor-mode pass (u_xxxx carries 5 coefficients per value);
    each other coordinate nests a Dual pass around it, so k distinct
    coordinates carry 2^k parts per value, one for each subset of them.

    That pass also carries the lower orders: with ``lower=True`` the function
    returns all 2^k of them, entry m the derivative along the coordinates
    whose bit is set in m (bit 0 the first).  For one coordinate that is
    ``(u, ∂u/∂x_i)``, for two ``(u, ∂u/∂x_i, ∂u/∂x_j, ∂²u/∂x_i∂x_j)``, for
    (0, 0, 0) ``(u, u_x, u_x, u_xx, u_x, u_xx, u_xx, u_xxx)``: a residual needing
    u, u_x and u_xx takes one pass, not three.  Pass ``lower`` by keyword.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0]], dtype=ms.float64)
    >>> u, u_x, _, u_xx = ms.partial(lambda p: (p * p * p).sum(axis=1), 0, 0, lower=True)(x)
    >>> u_x.asnumpy().tolist(), u_xx.asnumpy().tolist()
    ([3.0], [6.0])
    >>> ms.partial(lambda p: p[:, 0] ** 4 * p[:, 1], 0, 0, 0)(x).asnumpy().tolist()
    [48.0]
    """
    _check_fn(fn)
    _check_lower(lower)
    for m, k in enumerate(more):
        if isinstance(k, bool):
            raise TypeError(f"partial: coordinate argument {m + 3} is {k}, not a coordinate "
                            "index; pass lower by keyword (lower=True)")
    coords = (i,) if j is None and not more else (i, j) + more
    names = ("i", "j") + tuple(f"coordinate argument {m + 3}" for m in range(len(more)))
    if len(coords) > MAX_DERIVATIVE_ORDER:
        raise ValueError(f"partial: at most {MAX_DERIVATIVE_ORDER} coordinates (the order of "
                         f"the derivative), got {len(coords)}; order k costs 2^k parts")

    @uses_array_cache
    def partial_fn(x, *more_args):
        _one_argument("partial", more_args)
        v, (n, d) = _points(x)
        for k, name in zip(coords, names):
            _check_index(k, d, name)
        parts = _subset_partials(fn, v, coords, n, d)
        return tuple(wrap(p) for p in parts) if lower else wrap(parts[-1])

    return partial_fn


def _seed_on(v, n, d, k):
    """The direction of coordinate k at each of n points with d coordinates."""
    seed = np.zeros((n, d), _dtype(v))
    seed[:, k] = 1
    return seed


def _subset_partials(fn, v, coords, n, d):
    """The 2^k derivatives of fn at the points v along the subsets of ``coords``.

    Entry m is the derivative along the coordinates coords[b] whose bit b is
    set in m, as engine values.  One or two coordinates are one Dual or one
    HyperDual pass.  A coordinate repeated three times or more takes a
    Taylor pass (its multiplicity + 1 coefficients, innermost; u_xxxx carries
    5 parts, not 16) and the others the passes below around it.  Otherwise
    each coordinate before the last two nests a Dual pass around the rest,
    whose primal and tangent parts are the entries without and with its bit
    (measured, that beats a Taylor pass for a coordinate repeated twice).
    """
    repeated = max(coords, key=coords.count)
    if coords.count(repeated) > 2:
        return _partials_with_taylor(fn, v, coords, repeated, n, d)
    if len(coords) > 2:
        trace = ForwardTrace()
        inner = _subset_partials(fn, make_dual(v, _seed_on(v, n, d, coords[0]), trace),
                                 coords[1:], n, d)
        parts = []
        for part in inner:
            parts.extend(_tangent_of(part, trace))
        return parts
    ei = _seed_on(v, n, d, coords[0])
    if len(coords) == 1:
        trace = ForwardTrace()
        out = fn(wrap(make_dual(v, ei, trace)))
        _per_point(fn, out, n, "partial")
        return list(_tangent_of(value_of(out), trace))
    ej = ei if coords[1] == coords[0] else _seed_on(v, n, d, coords[1])
    trace = HyperTrace()
    out = fn(wrap(make_hyper(v, ei, ej, np.zeros((n, d), _dtype(v)), trace)))
    _per_point(fn, out, n, "partial")
    real, parts = _core.unbox(value_of(out), trace)
    if parts is None:
        parts = (_core.zeros_for(real),) * 3
    return [real, parts[0], parts[1], parts[2]]


def _partials_with_taylor(fn, v, coords, repeated, n, d):
    """_subset_partials with one Taylor pass along the coordinate ``repeated``.

    That pass gives u and its derivatives of orders 1..m along the coordinate
    (m its multiplicity in ``coords``), stacked on a new last axis so that the
    passes of the other coordinates, around it, carry all of them at once.
    """
    order = coords.count(repeated)
    others = tuple(k for k in coords if k != repeated)

    def derivatives(x):
        """[u, u_c, u_cc, ...] along the repeated coordinate c, at points x."""
        points = value_of(x)
        trace = TaylorPass()
        seed = (_seed_on(points, n, d, repeated),) + (None,) * (order - 1)
        out = fn(wrap(make_taylor(points, seed, trace)))
        _per_point(fn, out, n, "partial")
        return derivatives_of(value_of(out), trace, order)

    if others:
        stacked = _subset_partials(lambda x: wrap(F.stack(derivatives(x), -1)), v, others,
                                   n, d)
    else:
        alone = derivatives(wrap(v))
    parts = []
    for mask in range(2 ** len(coords)):
        bits = [b for b in range(len(coords)) if mask >> b & 1]
        times = sum(coords[b] == repeated for b in bits)
        if not others:
            parts.append(alone[times])
            continue
        # the bits of the other coordinates, renumbered in their order
        other_mask = sum(1 << r for r, b in enumerate(b for b in range(len(coords))
                                                       if coords[b] != repeated)
                         if mask >> b & 1)
        parts.append(F.getitem(stacked[other_mask], (Ellipsis, times)))
    return parts


# ---------------------------------------------------------------------------
# The biharmonic operator from fourth derivatives along directions

_GOLDEN = (1 + math.sqrt(5)) / 2


def _biharmonic_directions(c):
    """(V, w4, w2) with Σ_r w4_r (v_r·ξ)⁴ = |ξ|⁴ and Σ_r w2_r (v_r·ξ)² = |ξ|² on R^c.

    V holds one direction per row.  Then Δ²u = Σ_r w4_r ∂⁴u/∂v_r⁴ and
    Δu = Σ_r w2_r ∂²u/∂v_r², so one fourth-order Taylor pass along the rows
    of V gives both.  For c = 2 and 3 the rows are the fewest that can do it
    (a sum of fourth powers of linear forms equal to |ξ|⁴ needs 3 on the
    plane, 6 in space): axes 60° apart, and the six axes of an icosahedron,
    each a projective 4-design, so all weights are equal.  For c ≥ 4 they are
    e_i (|ξ|⁴'s terms ξ_i⁴) and e_i ± e_j, whose fourth powers sum to
    2ξ_i⁴ + 12ξ_i²ξ_j² + 2ξ_j⁴ (the odd terms cancel): c² rows, or c² − c
    where e_i's weight (4 − c)/3 is 0.
    """
    if c == 0:      # points with no coordinates: one zero direction, weight 0
        return np.zeros((1, 0)), np.zeros(1), np.zeros(1)
    if c == 1:
        return np.ones((1, 1)), np.ones(1), np.ones(1)
    if c == 2:
        angles = np.arange(3) * np.pi / 3
        return np.stack([np.cos(angles), np.sin(angles)], 1), np.full(3, 8 / 9), np.full(3, 2 / 3)
    if c == 3:
        axes = [(0, 1, _GOLDEN), (0, -1, _GOLDEN), (1, _GOLDEN, 0), (-1, _GOLDEN, 0),
                (_GOLDEN, 0, 1), (_GOLDEN, 0, -1)]
        return np.array(axes) / math.sqrt(1 + _GOLDEN ** 2), np.full(6, 5 / 6), np.full(6, 1 / 2)
    pairs = []
    for i in range(c):
        for j in range(i + 1, c):
            for sign in (1, -1):
                row = np.zeros(c)
                row[i], row[j] = 1, sign
                pairs.append(row)
    pairs = np.array(pairs)
    if c == 4:
        # e_i's fourth-order weight is 0: Δu from the pairs, whose squares sum to 6|ξ|²
        return pairs, np.full(len(pairs), 1 / 6), np.full(len(pairs), 1 / 6)
    return (np.concatenate([np.eye(c), pairs]),
            np.concatenate([np.full(c, (4 - c) / 3), np.full(len(pairs), 1 / 6)]),
            np.concatenate([np.ones(c), np.zeros(len(pairs))]))


def bilaplacian(fn, coords=None, lower=False):
    """A function returning Δ²u = Σ_ij ∂⁴u/∂x_i²∂x_j² at each of N points, exactly.

    Same contract as ``laplacian``: ``fn`` maps points of shape (N, D) row by
    row to u of shape (N,), (N, 1) or (N, M); the result has u's shape.  The
    biharmonic operator of plate bending, Cahn–Hilliard and Stokes stream
    functions.  One Taylor-mode pass of order 4 (5 coefficients per value)
    along R directions whose fourth derivatives sum, with fixed weights, to
    Δ²u: R = 1, 3, 6 for D = 1, 2, 3 coordinates, D² (or 12 for D = 4)
    beyond.  The pass evaluates fn once: the primal once, coefficients 1 to 3
    for each direction (a Batched axis of directions, as under ``vmap``), and
    coefficient 4 only as the weighted sum over the directions that Δ²u
    needs ("collapsed" Taylor mode).  On the plane that is 11 parts per
    value where u_xxxx + 2u_xxyy + u_yyyy from ``partial`` take 26.

    ``coords`` restricts the operator to those coordinates, as in
    ``laplacian``.  With ``lower=True`` the function returns ``(u, Δu, Δ²u)``
    from the same pass (Δu from the second derivatives along the same
    directions): the interior residual and the simply supported edge
    conditions w = Δw = 0 of a plate.  Differentiable with respect to the
    weights, like ``laplacian``.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0]], dtype=ms.float64)
    >>> u = lambda p: p[:, 0] ** 4 + p[:, 0] ** 2 * p[:, 1] ** 2
    >>> [t.asnumpy().round(12).tolist() for t in ms.bilaplacian(u, lower=True)(x)]
    [[5.0], [22.0], [32.0]]
    """
    _check_fn(fn)
    coords = _check_coords(coords)
    _check_lower(lower)

    @uses_array_cache
    def bilaplacian_fn(x, *more):
        _one_argument("bilaplacian", more)
        v, (n, d) = _points(x)
        chosen = list(_coords_of(coords, d))
        directions, w4, w2 = _biharmonic_directions(len(chosen))
        seed = np.zeros((len(directions), n, d), _dtype(v))
        seed[:, :, chosen] = directions[:, None, :]
        u, second, fourth = _along_seeds(fn, v, seed, w4, "bilaplacian")
        bilap = wrap(fourth)
        if not lower:
            return bilap
        return wrap(u), wrap(_weighted_sum(second, w2)), bilap

    return bilaplacian_fn


def _along_seeds(fn, v, seed, weights, what):
    """u, its second derivatives along R directions per point, and the
    weighted sum of its fourth derivatives along them.

    ``seed`` of shape (R, N, D) holds direction r of point n in row [r, n].
    One Taylor pass of order 4 runs fn once on the points v, its first
    coefficient the directions as a Batched value of a vmap trace (every
    primitive runs once on all R; the primal, the same for all, once).  The
    pass collapses coefficient 4 (see TaylorPass): what comes back is
    Σ_r weights[r]·∂⁴u/∂v_r⁴ of u's shape, and the second derivatives
    split by direction, of shape (R,) + u's shape.
    """
    r = seed.shape[0]
    batch = _BatchTrace(r)
    trace = TaylorPass(collapse=(4, batch, np.asarray(weights, np.float64)))
    directions = _core.make_batched(seed, batch)
    out = fn(wrap(make_taylor(v, (directions, None, None, None), trace)))
    _per_point(fn, out, seed.shape[1], what)
    u, _, second, _, fourth = derivatives_of(value_of(out), trace, 4)
    if type(second) is _core.Batched and second.trace is batch:
        second = second.value
    else:                       # the same along every direction
        second = F.broadcast_to(second, (r,) + tuple(shape_of(second)))
    return u, second, fourth


def _weighted_sum(per_direction, weights):
    """Σ_r weights[r] · per_direction[r], per point (weights: R numbers)."""
    weights = np.asarray(weights, _dtype(per_direction))
    rank = len(shape_of(per_direction))
    weights = weights.reshape(weights.shape + (1,) * (rank - weights.ndim))
    return F.sum_(F.mul(per_direction, weights), 0)


def bilaplacian_estimate(fn, samples, coords=None, seed=None):
    """A function returning an unbiased random estimate of Δ²u at each of N points.

    Same contract as ``bilaplacian``, for many coordinates, where its exact
    pass needs D² directions: this one takes ``samples`` (K) random
    directions per point, whatever D is.  Each point draws v_1..v_K uniformly
    on the sphere of radius √C (C chosen coordinates), and the estimate is
    (C + 2)/(3C) · Σ_k ∂⁴u/∂v_k⁴ / K, from one Taylor pass of order 4 along
    the K directions (collapsed, as ``bilaplacian``'s); differentiable with
    respect to weights.  It is
    Hutchinson's estimator of the biharmonic (Hu, Shi, Karniadakis and
    Kawaguchi, 2024) with the Gaussian directions' radii fixed: the same
    mean (E[(v·ξ)⁴] = 3C|ξ|⁴/(C + 2) on that sphere) and a smaller variance,
    none where the fourth derivative is the same along every direction, as
    for |x|⁴.  Its spread falls as 1/√K; it is larger than
    ``laplacian_estimate``'s, so weigh K against D² before using it for few
    coordinates.  As there, a squared residual of one estimate adds its
    variance to the loss, and the product of two independent estimates'
    residuals is unbiased for the exact loss.

    ``coords`` and ``seed`` work as in ``laplacian_estimate``.

    >>> import dualgrad as ms
    >>> x = ms.Tensor([[1.0, 2.0, 3.0]], dtype=ms.float64)
    >>> r4 = lambda p: ((p * p).sum(axis=1)) ** 2       # Δ²|x|⁴ = 8D(D + 2)
    >>> ms.bilaplacian_estimate(r4, 2, seed=0)(x).asnumpy().round(10).tolist()
    [120.0]
    """
    _check_fn(fn)
    samples = _check_samples_and_seed(samples, seed)
    coords = _check_coords(coords)

    @uses_array_cache
    def estimate_fn(x, *more):
        _one_argument("bilaplacian_estimate", more)
        v, (n, d) = _points(x)
        chosen = list(_coords_of(coords, d))
        c = len(chosen)
        seeds = np.zeros((samples, n, d), _dtype(v))
        if c:
            gaussian = _random_generator(seed).standard_normal((samples, n, c))
            radius = np.sqrt((gaussian * gaussian).sum(axis=2, keepdims=True))
            seeds[:, :, chosen] = gaussian * (math.sqrt(c) / radius)
        scale = (c + 2) / (3 * c * samples) if c else 0.0
        _, _, fourth = _along_seeds(fn, v, seeds, np.full(samples, scale),
                                    "bilaplacian_estimate")
        return wrap(fourth)

    return estimate_fn


# ---------------------------------------------------------------------------
# ops.derivative

def _output_values(out):
    """(engine values, was a tuple) of fn's output: one Tensor or a tuple/list of them."""
    leaves = list(out) if isinstance(out, (tuple, list)) else [out]
    for leaf in leaves:
        if not isinstance(leaf, (Tensor, np.ndarray, _core.Box, float, int)) or \
                isinstance(leaf, bool):
            raise TypeError(f"fn must return a Tensor or a tuple of Tensors, got "
                            f"{type(leaf).__name__}")
    return [value_of(leaf) for leaf in leaves], isinstance(out, (tuple, list))


@uses_array_cache
def derivative(fn, primals, order):
    """MindSpore's ``ops.derivative``: (fn(x), the order-th derivative along ones).

    Order 1 is one Dual pass, order 2 one HyperDual pass; higher orders one
    Taylor-mode pass carrying order + 1 coefficients.  For a tuple of outputs
    both parts are lists, one entry per output (as MindSpore returns).
    """
    _check_fn(fn)
    if isinstance(order, bool) or not isinstance(order, int):
        raise TypeError(f"order: expected a positive int, got {order!r}")
    if order < 1:
        raise ValueError(f"order: expected a positive int, got {order!r}")
    if order > MAX_DERIVATIVE_ORDER:
        raise ValueError(f"order: at most {MAX_DERIVATIVE_ORDER}, got {order}")
    single = not isinstance(primals, (tuple, list))
    xs = (primals,) if single else tuple(primals)
    values = [_differentiable_value(x, f"primals[{k}]") for k, x in enumerate(xs)]

    def ones(v):
        return np.ones(tuple(shape_of(v)), _dtype(v))

    def result(outs, series, several):
        if several:
            return [wrap(o) for o in outs], [wrap(s) for s in series]
        return wrap(outs[0]), wrap(series[0])

    if order == 1:
        trace = ForwardTrace()
        outs, several = _output_values(fn(*[wrap(make_dual(v, ones(v), trace))
                                            for v in values]))
        reals, series = [], []
        for out in outs:
            real, tangent = _tangent_of(out, trace)
            reals.append(real)
            series.append(tangent)
        return result(reals, series, several)
    if order == 2:
        trace = HyperTrace()
        outs, several = _output_values(fn(*[
            wrap(make_hyper(v, ones(v), ones(v), np.zeros_like(ones(v)), trace))
            for v in values]))
        reals, series = [], []
        for out in outs:
            real, parts = _core.unbox(out, trace)
            reals.append(real)
            series.append(_core.zeros_for(real) if parts is None else parts[2])
        return result(reals, series, several)

    trace = TaylorPass()
    outs, several = _output_values(fn(*[
        wrap(make_taylor(v, (ones(v),) + (None,) * (order - 1), trace)) for v in values]))
    reals, series = [], []
    for out in outs:
        derivatives = derivatives_of(out, trace, order)
        reals.append(derivatives[0])
        series.append(derivatives[-1])
    return result(reals, series, several)


@uses_array_cache
def jet(fn, primals, series):
    """MindSpore's ``ops.jet``: derivatives of fn along a curve given by its derivatives.

    ``series[k]`` is the (k+1)-th derivative of the input curve x(t) at t = 0
    (a Tensor of shape (n,) + x.shape, or x.shape for n = 1; a tuple of them
    for a tuple of primals).  Returns ``(fn(x), out_series)`` where
    ``out_series[k]`` is the (k+1)-th derivative of fn(x(t)): one Taylor-mode
    pass carrying n + 1 coefficients.  Integer inputs are computed in float32,
    as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x, s = ms.Tensor([2.0]), ms.Tensor([[1.0], [0.0]])
    >>> ops.jet(lambda x: x * x * x, x, s)[1]       # 3x², 6x
    Tensor(shape=[2, 1], dtype=Float32, value=
    [[ 1.20000000e+01],
     [ 1.20000000e+01]])
    """
    _check_fn(fn)
    if isinstance(primals, Tensor) and isinstance(series, Tensor):
        pairs = [(primals, series)]
    elif isinstance(primals, tuple) and isinstance(series, tuple):
        if len(primals) != len(series):
            raise ValueError(f"jet: primals and series must have the same length, got "
                             f"{len(primals)} and {len(series)}")
        pairs = list(zip(primals, series))
    else:
        raise TypeError("jet: primals and series must be both Tensors or both tuples of "
                        f"Tensors, got {type(primals).__name__} and {type(series).__name__}")
    xs, coefficients = [], []
    for k, (x, s) in enumerate(pairs):
        if not isinstance(x, Tensor) or not isinstance(s, Tensor):
            raise TypeError(f"jet: primals[{k}] and series[{k}] must be Tensors")
        xv, sv = value_of(x), value_of(s)
        if _dtype(xv) != _dtype(sv) or _dtype(xv).kind not in "iuf":
            raise TypeError(f"jet: primals[{k}] and series[{k}] must have one numeric dtype, "
                            f"got {_dtype(xv)} and {_dtype(sv)}")
        if _dtype(xv).kind != "f":
            xv, sv = F.cast(xv, np.float32), F.cast(sv, np.float32)
        shape, s_shape = tuple(shape_of(xv)), tuple(shape_of(sv))
        if s_shape == shape:
            sv = F.reshape(sv, (1,) + shape)
        elif s_shape[1:] != shape:
            raise ValueError(f"jet: series[{k}] must have shape (n,) + {shape}, got {s_shape}")
        xs.append(xv)
        coefficients.append(sv)
    n = tuple(shape_of(coefficients[0]))[0]
    if any(tuple(shape_of(c))[0] != n for c in coefficients):
        raise ValueError("jet: every series must have the same number of orders")
    if n < 1 or n > MAX_DERIVATIVE_ORDER:
        raise ValueError(f"jet: expected 1 to {MAX_DERIVATIVE_ORDER} orders in series, got {n}")
    # x(t) = x + Σ_j s_j t^j / j!: the coefficients of a Taylor pass
    trace = TaylorPass()
    curve = [wrap(make_taylor(x, tuple(F.div(F.getitem(s, (j - 1,)), float(math.factorial(j)))
                                       for j in range(1, n + 1)), trace))
             for x, s in zip(xs, coefficients)]
    outs, several = _output_values(fn(*curve))
    out_series = []
    for out in outs:
        derivatives = derivatives_of(out, trace, n)
        out_series.append(F.stack(derivatives[1:], 0))
    outs = [_core.unbox(o, trace)[0] for o in outs]
    if several:
        return [wrap(o) for o in outs], [wrap(s) for s in out_series]
    return wrap(outs[0]), wrap(out_series[0])
