"""``minimize`` (BFGS, L-BFGS) and ``line_search`` as ``mindspore.scipy.optimize`` defines them.

The algorithms are MindSpore 2.10's, step for step (its port of
``jax.scipy.optimize``): the same zoom line search with strong Wolfe
conditions (c1 = 1e-4, c2 = 0.9, at most 10 zoom steps), the same initial
step, the same BFGS inverse-Hessian update and L-BFGS two-loop recursion,
the same counters and status codes, computed in ``x0``'s dtype.  The
gradient comes from dualgrad's reverse mode: one ``value_and_grad`` pass
gives the value and the gradient at each point the search visits.

MindSpore's quirks are kept where they shape the iterates, so that the same
problem takes the same path (see README, "Where dualgrad differs"):

- ``nit`` does not count the iteration that converges (MindSpore increments
  it after the convergence test);
- in the zoom, a bracket whose high end moves to the low end takes the low
  end the zoom *started* with (JAX takes the current one);
- the cubic interpolation of the zoom solves its 2 x 2 system in float32,
  whatever the dtype;
- a step below 1e-8 in magnitude is raised to 1e-8, except in float64;
- every Python float constant (c1, c2, gtol, the 2.02 of the first step, the
  zoom's 0.2 and 0.1) is rounded to float32 before it meets a float64 value,
  as MindSpore 2.10 does with a Python float and a float64 Tensor;
- L-BFGS takes the steepest-descent direction, and keeps no pair, when
  ``y.s <= 1e-10``.

>>> import numpy as np, dualgrad as ms
>>> from dualgrad import ops
>>> def rosen(x):
...     return ops.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
>>> res = ms.scipy.optimize.minimize(rosen, ms.Tensor(np.array([-1.2, 1.0])), method='BFGS')
>>> res.success, res.nit, np.round(res.x.asnumpy(), 6).tolist()
(True, 33, [1.0, 1.0])
"""
import math
import numbers
from typing import NamedTuple, Optional

import numpy as np

from .._core import primal_value
from .._tensor import Tensor, value_of
from .._transforms import value_and_grad

__all__ = ["minimize", "line_search", "OptimizeResults", "LineSearchResults"]

# MindSpore 2.10 rounds a Python float to float32 when it meets a float64
# Tensor (2.02 * t gives 2.0199999809...); the constants below do the same.
_F32 = np.float32


class OptimizeResults(NamedTuple):
    """What ``minimize`` returns (MindSpore's ``OptimizeResults``).

    ``x`` (Tensor): the solution found; ``success`` (bool): converged and no
    line search failed; ``status`` (int): 0 converged, 1 maxiter reached,
    3 a zoom failed, 5 a line search reached its maxiter, -1 undefined;
    ``fun`` (float): ``func(x)``; ``jac`` (Tensor): its gradient;
    ``hess_inv`` (Tensor or None): BFGS's inverse-Hessian estimate (None for
    L-BFGS); ``nfev``, ``njev`` (int): evaluations of func and of the
    gradient; ``nit`` (int): iterations.
    """
    x: Tensor
    success: bool
    status: int
    fun: float
    jac: Tensor
    hess_inv: Optional[Tensor]
    nfev: int
    njev: int
    nit: int


class LineSearchResults(NamedTuple):
    """What ``line_search`` returns (MindSpore's ``_LineSearchResults``).

    ``failed`` (bool): the strong Wolfe conditions were not met; ``nit``,
    ``k`` (int): iterations made and that number plus one; ``nfev``, ``ngev``
    (int): evaluations; ``a_k`` (float): the step; ``f_k`` (float) and
    ``g_k`` (Tensor): the value and gradient at ``xk + a_k pk``; ``status``
    (int): 0 done, 1 the zoom failed, 3 maxiter reached.
    """
    failed: bool
    nit: int
    nfev: int
    ngev: int
    k: int
    a_k: float
    f_k: float
    g_k: Tensor
    status: int


# ---------------------------------------------------------------- arguments

def _array(value, name, owner):
    if isinstance(value, Tensor):
        return np.asarray(primal_value(value_of(value)))
    if isinstance(value, np.ndarray):
        return value
    raise TypeError(f"For '{owner}', '{name}' must be a Tensor, got {type(value).__name__}")


def _start(x0, name, owner):
    """x0 as a fresh 1-D floating array (the dtype of the whole computation)."""
    a = _array(x0, name, owner)
    if a.ndim != 1:
        raise ValueError(f"For '{owner}', '{name}' must be a 1-D Tensor (flatten the "
                         f"variables into one vector), got shape {a.shape}")
    if a.dtype.kind != "f":
        raise TypeError(f"For '{owner}', '{name}' must be a floating Tensor, got dtype "
                        f"{a.dtype}")
    if a.size == 0:
        raise ValueError(f"For '{owner}', '{name}' must not be empty")
    return np.array(a)


def _int(value, name, owner, low, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"For '{owner}', {name} must be an int"
                        f"{' or None' if allow_none else ''}, got {type(value).__name__}")
    if value < low:
        raise ValueError(f"For '{owner}', {name} must be >= {low}, got {value}")
    return int(value)


def _real(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{owner}', {name} must be a float, got {type(value).__name__}")
    value = float(value)
    if math.isnan(value) or value < 0:
        raise ValueError(f"For '{owner}', {name} must be >= 0, got {value}")
    return value


class _Objective:
    """func (and jac) on arrays of one dtype: ``x -> (f, g)``, f a scalar of that dtype."""

    def __init__(self, func, jac, args, dtype, n, owner):
        if not callable(func):
            raise TypeError(f"For '{owner}', 'func' must be callable, got "
                            f"{type(func).__name__}")
        if jac is not None and not callable(jac):
            raise TypeError(f"For '{owner}', 'jac' must be callable or None, got "
                            f"{type(jac).__name__}")
        self.func, self.jac, self.args = func, jac, args
        self.dtype, self.n, self.owner = dtype, n, owner
        if jac is None:
            self.both = value_and_grad(self._traced)

    def _traced(self, x):
        """func(x, *args), refused unless a Tensor: a float or array carries no gradient."""
        f = self.func(x, *self.args)
        if not isinstance(f, Tensor):
            # value_and_grad would give a zero gradient: a silent 'success' at x0.
            raise TypeError(f"For '{self.owner}', 'func' must return a Tensor computed from x "
                            f"with dualgrad's operations (its gradient comes from reverse "
                            f"mode), got {type(f).__name__}; for a function of NumPy values, "
                            f"give 'jac'")
        kind = np.asarray(primal_value(value_of(f))).dtype.kind
        if kind in "iub":
            # an integer or bool result has no gradient: it too would stop at x0
            raise TypeError(f"For '{self.owner}', 'func' must return a floating Tensor (an "
                            f"integer or bool one carries no gradient), got dtype {f.dtype}")
        return f

    def value(self, f):
        """f as a scalar of the dtype: func must return one real number."""
        if isinstance(f, Tensor):
            a = np.asarray(primal_value(value_of(f)))
        elif isinstance(f, (numbers.Real, np.ndarray, np.generic)) and not isinstance(f, bool):
            a = np.asarray(f)
        else:
            raise TypeError(f"For '{self.owner}', 'func' must return a scalar Tensor, got "
                            f"{type(f).__name__}")
        if a.size != 1:
            raise ValueError(f"For '{self.owner}', 'func' must return a scalar, got shape "
                             f"{a.shape}")
        if a.dtype.kind not in "iuf":
            raise TypeError(f"For '{self.owner}', 'func' must return a real number, got dtype "
                            f"{a.dtype}")
        return self.dtype.type(a.reshape(()))

    def gradient(self, g, what):
        if not isinstance(g, (Tensor, np.ndarray)):
            raise TypeError(f"For '{self.owner}', {what} must be a Tensor, got "
                            f"{type(g).__name__}")
        a = _array(g, what, self.owner)
        if a.shape != (self.n,):
            raise ValueError(f"For '{self.owner}', {what} must have the shape ({self.n},) of "
                             f"x0, got {a.shape}")
        return a.astype(self.dtype, copy=True)

    def __call__(self, x):
        t = Tensor(np.array(x, self.dtype))
        if self.jac is None:
            f, g = self.both(t)
            return self.value(f), self.gradient(g, "the gradient of 'func'")
        f = self.value(self.func(t, *self.args))
        return f, self.gradient(self.jac(Tensor(np.array(x, self.dtype)), *self.args),
                                "'jac(x)'")


# -------------------------------------------------------------- line search

def _cubicmin(a, fa, fpa, b, fb, c, fc):
    """The minimiser of the cubic through (a, fa), (b, fb), (c, fc) with slope fpa at a.

    As in MindSpore, the 2 x 2 system is held and solved in float32 arrays
    (its ``mnp.zeros`` default), whatever the dtype; the rest is in the dtype.
    """
    db = b - a
    dc = c - a
    denom = (db * dc) ** 2 * (db - dc)
    d1 = np.array([[dc ** 2, -db ** 2], [-dc ** 3, db ** 3]]).astype(np.float32)
    d2 = np.array([fb - fa - fpa * db, fc - fa - fpa * dc]).astype(np.float32)
    # MindSpore's float32 dot: round(d1[i, 0] d2[0]), then one fused multiply-add
    # (exact products of float32 numbers in float64, then rounded once).
    first = (d1[:, 0] * d2[0]).astype(np.float64)
    dot = (first + d1[:, 1].astype(np.float64) * np.float64(d2[1])).astype(np.float32)
    a2, b2 = dot / np.float32(denom)
    radical = b2 * b2 - 3. * a2 * fpa
    return a + (-b2 + np.sqrt(radical)) / (3. * a2)


def _quadmin(a, fa, fpa, b, fb):
    """The minimiser of the quadratic through (a, fa), (b, fb) with slope fpa at a."""
    db = b - a
    b2 = (fb - fa - fpa * db) / (db ** 2)
    return a - fpa / (2. * b2)


def _zoom(fn, a_low, phi_low, dphi_low, a_high, phi_high, dphi_high, phi_0, g_0, dphi_0,
          c1, c2, one):
    """Algorithm 3.6 of Nocedal and Wright, as MindSpore writes it (cubic, quadratic, bisection)."""
    s = dict(done=False, j=0, a_low=a_low, phi_low=phi_low, dphi_low=dphi_low,
             a_high=a_high, phi_high=phi_high, dphi_high=dphi_high,
             a_rec=(a_low + a_high) / 2., phi_rec=(phi_low + phi_high) / 2.,
             a_star=one, phi_star=phi_low, dphi_star=dphi_low, g_star=g_0, nfev=0)
    delta1, delta2, maxiter = _F32(0.2), _F32(0.1), 10
    while not s["done"] and s["j"] < maxiter:
        dalpha = s["a_high"] - s["a_low"]
        a = min(s["a_low"], s["a_high"])
        b = max(s["a_low"], s["a_high"])
        cchk = delta1 * dalpha
        qchk = delta2 * dalpha
        a_j_cubic = _cubicmin(s["a_low"], s["phi_low"], s["dphi_low"], s["a_high"],
                              s["phi_high"], s["a_rec"], s["phi_rec"])
        use_cubic = (s["j"] > 0 and np.isfinite(a_j_cubic)
                     and a + cchk < a_j_cubic < b - cchk)
        a_j_quad = _quadmin(s["a_low"], s["phi_low"], s["dphi_low"], s["a_high"],
                            s["phi_high"])
        use_quad = (not use_cubic and np.isfinite(a_j_quad)
                    and a + qchk < a_j_quad < b - qchk)
        if use_cubic:
            a_j = a_j_cubic
        elif use_quad:
            a_j = a_j_quad
        else:
            a_j = (s["a_low"] + s["a_high"]) / 2.0
        a_j = one.dtype.type(a_j)
        phi_j, g_j, dphi_j = fn(a_j)
        s["nfev"] += 1

        j_to_high = phi_j > phi_0 + c1 * a_j * dphi_0 or phi_j >= s["phi_low"]
        if j_to_high:
            s.update(a_rec=s["a_high"], phi_rec=s["phi_high"], a_high=a_j, phi_high=phi_j,
                     dphi_high=dphi_j)
        j_to_star = not j_to_high and abs(dphi_j) <= -c2 * dphi_0
        s["done"] = j_to_star
        if j_to_star:
            s.update(a_star=a_j, phi_star=phi_j, g_star=g_j, dphi_star=dphi_j)
        j_to_low = not j_to_high and not j_to_star
        if j_to_low and dphi_j * (s["a_high"] - s["a_low"]) >= 0.:
            # MindSpore's: the low end the zoom started with (JAX: the current one).
            s.update(a_rec=s["a_high"], phi_rec=s["phi_high"], a_high=a_low,
                     phi_high=phi_low, dphi_high=dphi_low)
        if j_to_low:
            s.update(a_rec=s["a_low"], phi_rec=s["phi_low"], a_low=a_j, phi_low=phi_j,
                     dphi_low=dphi_j)
        s["j"] += 1
    s["failed"] = s["j"] == maxiter
    return s


def _search(fg, xk, pk, old_fval, old_old_fval, gfk, c1, c2, maxiter):
    """Algorithm 3.5 of Nocedal and Wright (strong Wolfe), MindSpore's ``LineSearch``."""
    dt = xk.dtype.type
    zero, one = dt(0), dt(1)

    def fval_and_grad(alpha):
        f, g = fg(xk + alpha * pk)
        return f, g, np.dot(g, pk)

    if old_fval is None or gfk is None:
        nfev = 1
        phi_0, g_0, dphi_0 = fval_and_grad(zero)
    else:
        nfev = 0
        phi_0, g_0 = old_fval, gfk
        dphi_0 = np.dot(g_0, pk)
    if old_old_fval is None:
        start = one
    else:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            candidate = _F32(1.01 * 2) * (phi_0 - old_old_fval) / dphi_0
        start = min(candidate, one) if np.isfinite(candidate) else one
    s = dict(done=False, failed=False, i=1, a_i=zero, phi_i=phi_0, dphi_i=dphi_0,
             nfev=nfev, a_star=zero, phi_star=phi_0, dphi_star=dphi_0, g_star=g_0)
    while not s["done"] and s["i"] <= maxiter:
        a_i = s["a_i"] * 2.0 if s["i"] > 1 else start
        phi_i, g_i, dphi_i = fval_and_grad(a_i)
        s["nfev"] += 1
        # Armijo condition
        cond1 = phi_i > phi_0 + c1 * a_i * dphi_0 or (phi_i >= s["phi_i"] and s["i"] > 1)
        if cond1:
            z = _zoom(fval_and_grad, s["a_i"], s["phi_i"], s["dphi_i"], a_i, phi_i, dphi_i,
                      phi_0, g_0, dphi_0, c1, c2, one)
            s["nfev"] += z["nfev"]
            s.update(done=True, failed=z["failed"], a_star=z["a_star"],
                     phi_star=z["phi_star"], g_star=z["g_star"], dphi_star=z["dphi_star"])
        # curvature condition
        cond2 = not cond1 and abs(dphi_i) <= -c2 * dphi_0
        if cond2:
            s.update(done=True, a_star=a_i, phi_star=phi_i, g_star=g_i, dphi_star=dphi_i)
        cond3 = not cond1 and not cond2 and dphi_i >= 0.
        if cond3:
            z = _zoom(fval_and_grad, a_i, phi_i, dphi_i, s["a_i"], s["phi_i"], s["dphi_i"],
                      phi_0, g_0, dphi_0, c1, c2, one)
            s["nfev"] += z["nfev"]
            s.update(done=True, failed=s["failed"] or z["failed"], a_star=z["a_star"],
                     phi_star=z["phi_star"], g_star=z["g_star"], dphi_star=z["dphi_star"])
        s["i"] += 1
        s.update(a_i=a_i, phi_i=phi_i, dphi_i=dphi_i)
    s["status"] = 1 if s["failed"] else (3 if s["i"] > maxiter else 0)
    if dt is not np.float64 and abs(s["a_star"]) < 1e-8:
        s["a_star"] = np.sign(s["a_star"]) * dt(1e-8)
    return s


def line_search(f, xk, pk, jac=None, gfk=None, old_fval=None, old_old_fval=None, c1=1e-4,
                c2=0.9, maxiter=20):
    """Inexact line search satisfying the strong Wolfe conditions (``mindspore.scipy.optimize``).

    Algorithm 3.5 of Nocedal and Wright, 'Numerical Optimization', 1999.
    ``f(x)`` takes a 1-D Tensor and returns a scalar Tensor; its gradient
    comes from dualgrad's reverse mode unless ``jac(x)`` is given (then f
    may return a float).  ``pk`` must be
    a descent direction.  ``gfk`` and ``old_fval`` (both or neither) give
    the gradient and value at ``xk``; ``old_old_fval``, the value at the
    previous point, sets the first trial step.  Returns a LineSearchResults.

    >>> import numpy as np, dualgrad as ms
    >>> x0 = ms.Tensor(np.ones(2, np.float32))
    >>> p0 = ms.Tensor(np.array([-1, -1], np.float32))
    >>> res = ms.scipy.optimize.line_search(lambda x: x[0] ** 2 - x[1] ** 3, x0, p0)
    >>> res.a_k, res.failed         # (MindSpore's example: p0 is not a descent direction)
    (1.0, True)
    >>> res = ms.scipy.optimize.line_search(lambda x: ms.ops.sum(x * x), x0, 0.8 * p0)
    >>> res.failed, res.a_k, round(res.f_k, 6)
    (False, 1.0, 0.08)
    """
    owner = "line_search"
    x = _start(xk, "xk", owner)
    p = _array(pk, "pk", owner)
    if p.shape != x.shape:
        raise ValueError(f"For '{owner}', 'pk' must have the shape {x.shape} of 'xk', got "
                         f"{p.shape}")
    p = p.astype(x.dtype)
    c1 = _F32(_real(c1, "'c1'", owner))
    c2 = _F32(_real(c2, "'c2'", owner))
    maxiter = _int(maxiter, "'maxiter'", owner, 0)
    fg = _Objective(f, jac, (), x.dtype, x.size, owner)
    dt = x.dtype.type
    if gfk is not None:
        gfk = fg.gradient(gfk, "'gfk'")
    if old_fval is not None:
        old_fval = fg.value(old_fval)
    if old_old_fval is not None:
        old_old_fval = fg.value(old_old_fval)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = _search(fg, x, p, old_fval, old_old_fval, gfk, c1, c2, maxiter)
    return LineSearchResults(failed=bool(s["failed"] or not s["done"]), nit=s["i"] - 1,
                             nfev=s["nfev"], ngev=s["nfev"], k=s["i"],
                             a_k=float(dt(s["a_star"])), f_k=float(s["phi_star"]),
                             g_k=Tensor(s["g_star"]), status=s["status"])


# ----------------------------------------------------------------- minimize

def _norm(g, ord_):
    """MindSpore's: the max-norm for inf, else the 2-norm."""
    return np.max(np.abs(g)) if ord_ == math.inf else np.sqrt(np.sum(g ** 2))


class _LbfgsHistory:
    """MindSpore's ``SearchVector``: the two-loop recursion over the last ``size`` pairs."""

    def __init__(self, size):
        self.size = size
        self.pairs = []         # (s, y, rho * s, rho * y), oldest first

    def direction(self, q, s_k, y_k):
        y_s = np.dot(y_k, s_k)
        if y_s <= _F32(1e-10):  # too little curvature: steepest descent
            return q
        rho = 1 / y_s
        self.pairs.append((s_k, y_k, rho * s_k, rho * y_k))
        if len(self.pairs) > self.size:
            del self.pairs[0]
        alphas = []
        for s, y, rs, _ in reversed(self.pairs):
            alpha = np.dot(rs, q)
            q = q - alpha * y
            alphas.append(alpha)
        alphas.reverse()
        r = (y_s / np.dot(y_k, y_k)) * q
        for (s, y, _, ry), alpha in zip(self.pairs, alphas):
            beta = np.dot(ry, r)
            r = r + alpha * s - beta * s
        return r


_OPTIONS = {"bfgs": ("maxiter", "norm", "gtol", "line_search_maxiter"),
            "lbfgs": ("history_size", "maxiter", "norm", "gtol", "line_search_maxiter")}


def _options(options, method, n, owner):
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise TypeError(f"For '{owner}', 'options' must be a dict or None, got "
                        f"{type(options).__name__}")
    known = _OPTIONS[method]
    unknown = sorted(set(options) - set(known), key=str)
    if unknown:
        raise TypeError(f"For '{owner}', unknown option(s) {unknown} for method "
                        f"'{method.upper()}'; its options are {list(known)}")
    opt = {"maxiter": _int(options.get("maxiter"), "options['maxiter']", owner, 0, True),
           "gtol": _real(options.get("gtol", 1e-5), "options['gtol']", owner),
           "line_search_maxiter": _int(options.get("line_search_maxiter", 10),
                                       "options['line_search_maxiter']", owner, 0)}
    if opt["maxiter"] is None:
        opt["maxiter"] = n * 200
    norm = options.get("norm", math.inf)
    if isinstance(norm, bool) or not isinstance(norm, numbers.Real):
        raise TypeError(f"For '{owner}', options['norm'] must be a number (inf or 2), got "
                        f"{type(norm).__name__}")
    if norm not in (math.inf, 2):
        # MindSpore takes every norm but inf for the 2-norm; say so rather than do it.
        raise ValueError(f"For '{owner}', options['norm'] must be inf (the max-norm) or 2, "
                         f"got {norm}")
    opt["norm"] = float(norm)
    if method == "lbfgs":
        opt["history_size"] = _int(options.get("history_size", 20),
                                   "options['history_size']", owner, 1)
    return opt


def _minimize(fg, x0, method, opt, callback):
    """MindSpore's BFGS (``MinimizeBfgs``) and L-BFGS (``GradientOptimizationAlgorithm``)."""
    maxiter, norm, gtol = opt["maxiter"], opt["norm"], _F32(opt["gtol"])
    f_k, g_k = fg(x0)
    x_k = x0
    d = x0.size
    identity = np.eye(d, dtype=x0.dtype)
    bfgs = method == "bfgs"
    H_k = identity if bfgs else None
    history = None if bfgs else _LbfgsHistory(opt["history_size"])
    search = g_k
    converged = bool(_norm(g_k, math.inf) < gtol)
    failed = False
    k, nfev = 0, 1
    old_old_fval = f_k + _norm(g_k, None) / 2
    ls_status = 0
    while k < maxiter:
        p_k = -1 * (np.dot(H_k, g_k) if bfgs else search)
        ls = _search(fg, x_k, p_k, f_k, old_old_fval, g_k, _F32(1e-4), _F32(0.9),
                     opt["line_search_maxiter"])
        nfev += ls["nfev"]
        failed = bool(ls["failed"] or not ls["done"])
        ls_status = ls["status"]
        if failed:
            break
        s_k = ls["a_star"] * p_k
        x_kp1 = x_k + s_k
        g_kp1 = ls["g_star"]
        y_k = g_kp1 - g_k
        old_old_fval = f_k
        converged = bool(_norm(g_kp1, norm) < gtol)
        x_k, f_k, g_k = x_kp1, ls["phi_star"], g_kp1
        if callback is not None:
            callback(Tensor(x_k.copy()))
        if converged:
            break
        if bfgs:
            rho_k = np.reciprocal(np.dot(y_k, s_k))
            term1 = rho_k * (s_k[:, None] * y_k[None, :])
            term2 = rho_k * (y_k[:, None] * s_k[None, :])
            term3 = np.matmul(identity - term1, H_k)
            term4 = np.matmul(term3, identity - term2)
            term5 = rho_k * (s_k[:, None] * s_k[None, :])
            H_k = term4 + term5
        else:
            search = history.direction(g_k, s_k, y_k)
        k += 1
    if converged:
        status = 0
    elif k == maxiter:
        status = 1
    elif failed:
        status = 2 + ls_status
    else:
        status = -1
    dt = x0.dtype      # (float16 meets float32 constants: keep the results in x0's dtype)
    return OptimizeResults(x=Tensor(x_k.astype(dt)), success=converged and not failed,
                           status=status, fun=float(f_k), jac=Tensor(g_k.astype(dt)),
                           hess_inv=Tensor(H_k.astype(dt)) if bfgs else None,
                           nfev=nfev, njev=nfev, nit=k)


def minimize(func, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None,
             constraints=(), tol=None, callback=None, options=None):
    r"""Minimise a scalar function of one vector, as ``mindspore.scipy.optimize.minimize``.

    ``func(x, *args)`` takes a 1-D Tensor of x0's shape and dtype and
    returns a scalar Tensor; its gradient comes from dualgrad's reverse mode
    (value and gradient in one pass) unless ``jac(x, *args)`` is given, when
    func may also return a float.  ``method``
    is 'BFGS' or 'LBFGS' (any case; required, as in MindSpore).

    ``options``: ``maxiter`` (default 200 * x0.size), ``gtol`` (1e-5: stop
    once the gradient's norm is below it), ``norm`` (inf, the max-norm, or
    2), ``line_search_maxiter`` (10) and, for 'LBFGS', ``history_size``
    (20).  ``callback(x)``, if given, is called with the new point after
    each iteration (SciPy's; MindSpore does not call it).  ``hess``,
    ``hessp``, ``bounds``, ``constraints`` and ``tol`` are refused: BFGS and
    L-BFGS do not use them (MindSpore ignores them silently).

    Returns an OptimizeResults; ``x``, ``jac`` and ``hess_inv`` are Tensors
    of x0's dtype, ``fun`` a float.  For a network, flatten its weights into
    one vector and unflatten them in ``func``.

    >>> import numpy as np, dualgrad as ms
    >>> def himmelblau(p):
    ...     x, y = p[0], p[1]
    ...     return (x ** 2 + y - 11.) ** 2 + (x + y ** 2 - 7.) ** 2
    >>> x0 = ms.Tensor(np.zeros(2, np.float32))
    >>> res = ms.scipy.optimize.minimize(himmelblau, x0, method='LBFGS',
    ...                                  options=dict(maxiter=None, gtol=1e-6))
    >>> print(res.x)
    [3. 2.]
    """
    owner = "minimize"
    if method is None:
        raise ValueError(f"For '{owner}', 'method' must be given: 'BFGS' or 'LBFGS' "
                         "(MindSpore has no default solver)")
    if not isinstance(method, str):
        raise TypeError(f"For '{owner}', 'method' must be a str, got {type(method).__name__}")
    name = method.lower()
    if name == "lagrange":
        raise ValueError(f"For '{owner}', method 'LAGRANGE' is not supported (MindSpore runs "
                         "it on GPU only); use 'BFGS' or 'LBFGS'")
    if name not in _OPTIONS:
        raise ValueError(f"For '{owner}', unknown 'method' {method!r}; use 'BFGS' or 'LBFGS'")
    if not isinstance(args, tuple):
        raise TypeError(f"For '{owner}', 'args' must be a tuple, got {type(args).__name__}")
    for arg, value in (("hess", hess), ("hessp", hessp), ("bounds", bounds), ("tol", tol)):
        if value is not None:
            hint = " (give options={'gtol': ...})" if arg == "tol" else ""
            raise ValueError(f"For '{owner}', '{arg}' is not used by method "
                             f"'{method}'{hint}; it must be None")
    if constraints not in ((), [], None):
        raise ValueError(f"For '{owner}', 'constraints' are not supported by method "
                         f"'{method}'")
    if callback is not None and not callable(callback):
        raise TypeError(f"For '{owner}', 'callback' must be callable or None, got "
                        f"{type(callback).__name__}")
    x = _start(x0, "x0", owner)
    opt = _options(options, name, x.size, owner)
    fg = _Objective(func, jac, args, x.dtype, x.size, owner)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _minimize(fg, x, name, opt, callback)
