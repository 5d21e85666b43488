"""check_grads: derivatives of any function of Tensors against finite differences.

The model is HIPS autograd's ``check_grads``: compare forward mode (a jvp) and
reverse mode (a vjp) with central finite differences in random directions,
then do the same on the derivative functions themselves, so that a rule whose
own derivative is wrong — typically a custom ``bprop`` — is caught at order 2.

Everything is organised around one *level*: a function ``G`` of k Tensors
returning a tuple of Tensors, checked at a point ``X`` (plain arrays).  A level
compares, for random input directions ``V`` and output cotangents ``W``:

- ``fwd``:   ``jvp(G, X, V)``                 with the finite difference FD_V G(X)
- ``rev``:   ``<vjp(G, X)(W), V>``            with ``<W, FD_V G(X)>``
- ``hyper``: the e1 part of G on HyperDuals   with FD_V G(X), and (order 2) the
             e12 part of ``G(HyperDual(X, U, V, 0))`` with FD_U of x ↦ jvp(G, x, V)
- ``taylor``: the k-th derivative of G along V from one Taylor-mode pass of
             order n, for each k ≤ n, with FD_V of the (k-1)-th (from a pass
             of order k - 1): every order at once, no recursion

and recurses, for order >= 2, into the derivative functions
``x ↦ jvp(G, x, V)`` (mode ``fwd``) and ``x ↦ vjp(G, x)(W)`` (mode ``rev``)
with fixed random V and W.  The happy path costs a handful of evaluations per
level; only a failure pays for a per-argument and per-element diagnosis.
"""
import numpy as np

from .. import _core
from .._core import HyperTrace, make_hyper, make_taylor, primal_value
from .._tensor import Tensor, restore_parameters, substitute_parameters, value_of, wrap

__all__ = ["check_grads"]

BASIC = ("fwd", "rev")
COMPOSITE = ("fwd_fwd", "fwd_rev", "rev_fwd", "rev_rev")
MODES = BASIC + COMPOSITE + ("hyper", "taylor")

_MODE_WORDS = {
    "fwd": "forward mode (jvp)",
    "rev": "reverse mode (vjp)",
    "hyper": "hyper-dual",
    "taylor": "Taylor mode",
}

# (rtol, atol, eps) by the precision the comparison runs at.  "float32 via
# float64": float32 autodiff against finite differences computed in float64.
_DEFAULTS = {
    "float64": (1e-6, 1e-6, 1e-4),
    "float32 via float64": (2e-3, 2e-3, 1e-4),
    "float32": (2e-2, 2e-2, 1e-2),
}

# Per-element diagnosis of a reverse-mode failure costs 4 evaluations per
# element; above this many elements only the per-argument verdict is given.
_LOCATE_MAX = 512


# ---------------------------------------------------------------------------
# The function under test, normalised

def _float_dtype(v):
    v = primal_value(v)
    dt = v.dtype if isinstance(v, np.ndarray) else np.result_type(v)
    return dt if dt.kind == "f" else None


def _to_array(x, what):
    """The plain array of a differentiable argument, or None for a constant.

    The array itself, not a copy: autodiff runs at the caller's arrays, so a
    non-contiguous view reaches the engine as one.
    """
    if isinstance(x, Tensor):
        v = value_of(x)
        if isinstance(v, _core.Box):
            raise TypeError(f"{what}: check_grads needs plain Tensors, not Tensors that "
                            "an enclosing transform is differentiating")
        v = np.asarray(v)
    elif isinstance(x, np.ndarray):
        v = x
    else:
        return None
    if v.dtype.kind != "f":
        return None
    if v.dtype == np.float16:
        raise TypeError(f"{what}: float16 is too coarse for finite differences; "
                        "check the function in float32 or float64")
    return v


class _Problem:
    """fn with its constant arguments bound: G(*Tensors) -> tuple of float Tensors."""

    def __init__(self, fn, args, weights):
        if not callable(fn):
            raise TypeError(f"fn: expected a callable (a function or a Cell), got "
                            f"{type(fn).__name__}")
        if not isinstance(args, (tuple, list)):
            args = (args,)
        self.fn = fn
        self.args = list(args)
        self.positions, self.names, X = [], [], []
        for i, a in enumerate(self.args):
            v = _to_array(a, f"args[{i}]")
            if v is not None:
                self.positions.append(i)
                self.names.append(f"argument {i}")
                X.append(v)
        self.weights = [] if weights is None else list(weights)
        for j, w in enumerate(self.weights):
            if not isinstance(w, Tensor) or not getattr(w, "_param", False):
                raise TypeError(f"weights[{j}]: expected a Parameter, got {type(w).__name__}")
            v = _to_array(w, f"weights[{j}]")
            if v is None:
                raise TypeError(f"weights[{j}]: Parameter {w.name} is not floating-point")
            self.names.append(f"weight {w.name!r}")
            X.append(v)
        self.X = X

    def __call__(self, *xs):
        n = len(self.positions)
        call = list(self.args)
        for p, x in zip(self.positions, xs[:n]):
            call[p] = x
        token = None
        if self.weights:
            token = substitute_parameters({id(w): value_of(x)
                                           for w, x in zip(self.weights, xs[n:])})
        try:
            out = self.fn(*call)
        finally:
            if self.weights:
                restore_parameters(token)
        return _float_outputs(out)


def _leaves(tree):
    if isinstance(tree, (tuple, list)):
        out = []
        for t in tree:
            out.extend(_leaves(t))
        return out
    return [tree]


def _float_outputs(out):
    leaves = []
    for leaf in _leaves(out):
        if isinstance(leaf, (Tensor, np.ndarray, np.floating, _core.Box, float)):
            v = value_of(leaf) if isinstance(leaf, Tensor) else leaf
            if _float_dtype(v) is not None:
                leaves.append(leaf if isinstance(leaf, Tensor) else
                              wrap(v if isinstance(v, _core.Box) else np.asarray(v)))
        elif not isinstance(leaf, (int, bool, type(None))):
            raise TypeError(f"fn must return Tensors or tuples of Tensors, got "
                            f"{type(leaf).__name__}")
    if not leaves:
        raise TypeError("fn returned no floating-point Tensor to differentiate")
    return tuple(leaves)


def _values(outs):
    """Plain float64 arrays of a tuple of output Tensors."""
    return [np.asarray(primal_value(value_of(o)), dtype=np.float64) for o in outs]


def _tensors(arrays, like=None):
    if like is None:
        return tuple(wrap(np.asarray(a)) for a in arrays)
    return tuple(wrap(np.asarray(a, dtype=_float_dtype(value_of(x)) or np.float64))
                 for a, x in zip(arrays, like))


# ---------------------------------------------------------------------------
# Derivative functions (what order >= 2 checks)

def _fwd_derivative(G, V):
    """x ↦ jvp(G, x, V): the directional derivative along a fixed V, as a function."""
    from .._transforms import jvp

    def D(*xs):
        _, tangents = jvp(G, tuple(xs), _tensors(V, xs))
        return tuple(tangents)
    return D


def _rev_derivative(G, W):
    """x ↦ vjp(G, x)(W): the pulled-back cotangent for a fixed W, as a function."""
    from .._transforms import vjp

    def D(*xs):
        outs, vjp_fn = vjp(G, *xs)
        return tuple(vjp_fn(*_tensors(W, outs)))
    return D


def _hyper_parts(G, X, U, V, dtypes):
    """(real, e1, e2, e12) of every output of G(HyperDual(X, U, V, 0)), as float64."""
    trace = HyperTrace()
    args = []
    for x, u, v, dt in zip(X, U, V, dtypes):
        x = np.asarray(x, dt)
        args.append(wrap(make_hyper(x, np.asarray(u, dt), np.asarray(v, dt),
                                    np.zeros_like(x), trace)))
    parts = []
    for o in G(*args):
        real, p = _core.unbox(value_of(o), trace)
        real = np.asarray(primal_value(real))
        if p is None:
            z = np.zeros(real.shape)
            p = (z, z, z)
        parts.append((real,) + tuple(p))
    return parts


def _taylor_derivatives(G, X, V, order):
    """[d_0, ..., d_order] per output of G: its derivatives along V at X from one
    Taylor-mode pass, in the arguments' dtypes (engine values)."""
    from .._taylor import TaylorPass, derivatives_of
    trace = TaylorPass()
    args = [wrap(make_taylor(x, (np.asarray(v, x.dtype),) + (None,) * (order - 1), trace))
            for x, v in zip(X, V)]
    return [derivatives_of(value_of(o), trace, order) for o in G(*args)]


def _taylor_derivative(G, V, order):
    """x ↦ the order-th derivative of G along V, as a function of Tensors."""
    def D(*xs):
        X = [np.asarray(primal_value(value_of(x))) for x in xs]
        return tuple(wrap(d[order]) for d in _taylor_derivatives(G, X, V, order))
    return D


# ---------------------------------------------------------------------------
# Comparison and reporting

class _Mismatch(Exception):
    pass


def _compare(ad, fd, rtol, atol):
    """(ok, worst index, ratio) for elementwise |ad - fd| <= atol + rtol |fd|."""
    ad = np.asarray(ad, np.float64)
    fd = np.asarray(fd, np.float64)
    if ad.size == 0:
        return True, None, 0.0
    err = np.abs(ad - fd)
    allowed = atol + rtol * np.abs(fd)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = err / allowed
    ratio = np.where(np.isnan(ad) != np.isnan(fd), np.inf, np.nan_to_num(ratio, nan=0.0))
    k = int(np.argmax(ratio))
    return bool(ratio.flat[k] <= 1.0), np.unravel_index(k, ad.shape), float(ratio.flat[k])


def _fmt_index(index, shape):
    if len(shape) == 0:
        return "() (a 0-d value)"
    return str(tuple(int(i) for i in index))


class _Level:
    """One function G checked at X; ``path`` says how it derives from the user's fn."""

    def __init__(self, checker, G, path):
        self.c = checker
        self.G = G
        self.path = path          # inner derivative modes, outermost last

    # -- naming -------------------------------------------------------------
    def order(self):
        return len(self.path) + 1

    def describe(self, mode):
        if not self.path:
            return _MODE_WORDS[mode]
        chain = " over ".join([mode] + list(reversed(self.path)))
        if len(self.path) > 1:
            return f"{chain} ({_MODE_WORDS[mode]} of a derivative of order {len(self.path)})"
        fn = {"fwd": "x ↦ jvp(f, x, v)", "rev": "x ↦ vjp(f, x)(w)"}[self.path[0]]
        return f"{chain} ({_MODE_WORDS[mode]} of the derivative function {fn})"

    def fail(self, mode, lines, order=None, desc=None):
        c = self.c
        order = self.order() if order is None else order
        head = (f"check_grads failed: order {order}, mode {mode!r} — "
                f"{desc or self.describe(mode)}")
        tail = [f"  tolerance: |autodiff - finite differences| <= atol + rtol*|finite "
                f"differences|, rtol={c.rtol:g}, atol={c.atol:g} (eps={c.eps:g}, "
                f"finite differences in {c.fd_dtype.name}; seed={c.seed})",
                "  arguments: " + ", ".join(f"{name} {x.shape} {x.dtype}"
                                            for name, x in zip(c.names, c.X))]
        raise AssertionError("\n".join([head] + ["  " + l for l in lines] + tail))

    # -- finite differences -------------------------------------------------
    def plain(self, X):
        """G at plain arrays X (in the finite-difference dtype), as float64 arrays."""
        return _values(self.G(*_tensors(X)))

    def fd(self, X, V):
        """Fourth-order central difference of G at X along V (per output)."""
        c = self.c
        h = c.eps
        Xf = [np.asarray(x, c.fd_dtype) for x in X]
        Vf = [np.asarray(v, c.fd_dtype) for v in V]

        def at(s):
            return self.plain([x + (s * h) * v for x, v in zip(Xf, Vf)])

        p2, p1, m1, m2 = at(2), at(1), at(-1), at(-2)
        return [(8 * (a - b) - (e - d)) / (12 * h) for a, b, d, e in zip(p1, m1, m2, p2)]

    def only(self, V, i):
        return [v if j == i else np.zeros_like(v) for j, v in enumerate(V)]

    # -- the checks ---------------------------------------------------------
    def run(self, order, modes):
        c = self.c
        X = c.X
        first = set()
        for m in modes:
            if m in BASIC:
                first.add(m)
            elif m in COMPOSITE:
                first.add(m.split("_")[1])
            elif m == "hyper":
                first.add("hyper")
        if "taylor" in modes:
            self.check_taylor(X, c.directions(), order)
        V = c.directions()
        need_fd = bool(first)
        fd = self.fd(X, V) if need_fd else None
        if "fwd" in first:
            self.check_fwd(X, V, fd)
        if "rev" in first:
            self.check_rev(X, V, fd)
        if "hyper" in first:
            self.check_hyper(X, V, fd, order >= 2)
        if order < 2:
            return
        requests = {}
        plain = [m for m in modes if m in BASIC]
        for inner in plain:
            requests.setdefault(inner, set()).update(plain)
        for m in modes:
            if m in COMPOSITE:
                outer, inner = m.split("_")
                requests.setdefault(inner, set()).add(outer)
        if "hyper" in modes and order >= 3:
            for inner in requests:
                requests[inner].add("hyper")
        for inner in ("fwd", "rev"):
            if inner not in requests:
                continue
            if inner == "fwd":
                D = _fwd_derivative(self.G, c.directions())
            else:
                D = _rev_derivative(self.G, c.cotangents(self.G))
            _Level(c, D, self.path + (inner,)).run(order - 1, sorted(requests[inner]))

    def check_dtype(self, mode, what, got, want):
        if got != want:
            self.fail(mode, [f"{what} has dtype {got}, expected {want} (float32 must "
                             f"stay float32)"])

    def check_fwd(self, X, V, fd):
        from .._transforms import jvp
        c = self.c
        xs = _tensors(X)
        outs, tangents = jvp(self.G, xs, _tensors(V, xs))
        for j, (o, t) in enumerate(zip(outs, tangents)):
            self.check_dtype("fwd", f"the tangent of output {j}",
                             _float_dtype(value_of(t)), _float_dtype(value_of(o)))
        ad = _values(tangents)
        if all(_compare(a, b, c.rtol, c.atol)[0] for a, b in zip(ad, fd)):
            return
        # Which argument: one jvp and one finite difference per argument.
        lines = []
        for i in range(len(X)):
            Vi = self.only(V, i)
            fdi = self.fd(X, Vi)
            adi = _values(jvp(self.G, xs, _tensors(Vi, xs))[1])
            for j, (a, b) in enumerate(zip(adi, fdi)):
                ok, k, ratio = _compare(a, b, c.rtol, c.atol)
                if not ok:
                    lines += self.elementwise_report(
                        f"{c.names[i]}, direction v: output {j} {a.shape}", a, b, k)
        if not lines:       # only the combined direction fails: report it
            for j, (a, b) in enumerate(zip(ad, fd)):
                ok, k, ratio = _compare(a, b, c.rtol, c.atol)
                if not ok:
                    lines += self.elementwise_report(
                        f"all arguments together, direction v: output {j} {a.shape}",
                        a, b, k)
        self.fail("fwd", lines)

    def elementwise_report(self, where, ad, fd, k):
        err = abs(float(ad[k]) - float(fd[k]))
        return [f"{where}: largest error {err:.3g} at index {_fmt_index(k, ad.shape)}",
                f"    autodiff:           {float(ad[k]):.17g}",
                f"    finite differences: {float(fd[k]):.17g}"]

    def check_rev(self, X, V, fd):
        from .._transforms import vjp
        c = self.c
        xs = _tensors(X)
        outs, vjp_fn = vjp(self.G, *xs)
        W = c.cotangents_for(outs)
        grads = vjp_fn(*_tensors(W, outs))
        for i, (g, x) in enumerate(zip(grads, xs)):
            self.check_dtype("rev", f"the gradient of {c.names[i]}",
                             _float_dtype(value_of(g)), _float_dtype(value_of(x)))
            if tuple(g.shape) != tuple(x.shape):
                self.fail("rev", [f"the gradient of {c.names[i]} has shape {g.shape}, "
                                  f"expected the argument's {x.shape}"])
        R = _values(grads)
        if self.rev_ok(R, V, W, fd):
            return
        lines = []
        for i in range(len(X)):
            Vi = self.only(V, i)
            fdi = self.fd(X, Vi)
            if self.rev_ok([R[i]], [V[i]], W, fdi):
                continue
            lhs = float(np.vdot(R[i], V[i]))
            rhs = float(sum(np.vdot(w, f) for w, f in zip(W, fdi)))
            lines.append(f"{c.names[i]}: <vjp(w), v> = {lhs:.17g} but <w, finite "
                         f"difference of f along v> = {rhs:.17g}")
            if R[i].size <= _LOCATE_MAX:
                num = self.numeric_gradient(X, W, i)
                ok, k, ratio = _compare(R[i], num, c.rtol, c.atol)
                lines += self.elementwise_report(
                    f"  the gradient of {c.names[i]} {R[i].shape}", R[i], num, k)
        if not lines:
            lines.append("all arguments together: <vjp(w), v> disagrees with the finite "
                         "difference of <w, f> along v")
        self.fail("rev", lines)

    def rev_ok(self, R, V, W, fd):
        c = self.c
        lhs_terms = [np.asarray(r) * v for r, v in zip(R, V)]
        rhs_terms = [np.asarray(w, np.float64) * f for w, f in zip(W, fd)]
        lhs = sum(float(t.sum()) for t in lhs_terms)
        rhs = sum(float(t.sum()) for t in rhs_terms)
        scale = max(sum(float(np.abs(t).sum()) for t in lhs_terms),
                    sum(float(np.abs(t).sum()) for t in rhs_terms))
        if np.isnan(lhs) or np.isnan(rhs):
            return np.isnan(lhs) and np.isnan(rhs)
        return abs(lhs - rhs) <= c.atol + c.rtol * scale

    def numeric_gradient(self, X, W, i):
        """Finite-difference gradient of <W, G(x)> with respect to argument i."""
        x = X[i]
        num = np.zeros(x.shape)
        for k in range(x.size):
            e = np.zeros(x.shape)
            e.flat[k] = 1.0
            Ve = [e if j == i else np.zeros_like(X[j], dtype=np.float64)
                  for j in range(len(X))]
            fd = self.fd(X, Ve)
            num.flat[k] = sum(float(np.vdot(np.asarray(w, np.float64), f))
                              for w, f in zip(W, fd))
        return num

    def check_taylor(self, X, V, order):
        c = self.c
        ad = _taylor_derivatives(self.G, X, V, order)
        for k in range(1, order + 1):
            lower = self if k == 1 else _Level(c, _taylor_derivative(self.G, V, k - 1), ())
            fd = lower.fd(X, V)
            lines = []
            for j, (parts, b) in enumerate(zip(ad, fd)):
                self.check_dtype("taylor", f"the derivative of order {k} of output {j}",
                                 _float_dtype(parts[k]), _float_dtype(parts[0]))
                a = np.asarray(primal_value(parts[k]), np.float64)
                ok, idx, _ = _compare(a, b, c.rtol, c.atol)
                if not ok:
                    lines += self.elementwise_report(
                        f"output {j} {a.shape}, direction v", a, b, idx)
            if lines:
                self.fail("taylor", lines, order=k,
                          desc=f"Taylor mode: the derivative of order {k} along v from one "
                          f"Taylor pass, against the finite difference along v of the "
                          f"derivative of order {k - 1}")

    def check_hyper(self, X, V, fd, second):
        c = self.c
        U2 = c.directions()
        dtypes = [x.dtype for x in X]
        parts = _hyper_parts(self.G, X, V, U2, dtypes)
        for j, p in enumerate(parts):
            for name, part in zip(("e1", "e2", "e12"), p[1:]):
                self.check_dtype("hyper", f"the {name} part of output {j}",
                                 np.asarray(part).dtype, p[0].dtype)
        e1 = [np.asarray(p[1], np.float64) for p in parts]
        lines = []
        for j, (a, b) in enumerate(zip(e1, fd)):
            ok, k, _ = _compare(a, b, c.rtol, c.atol)
            if not ok:
                lines += self.elementwise_report(
                    f"e1 of output {j} {a.shape} (HyperDual(x, v, u, 0))", a, b, k)
        if lines:
            self.fail("hyper", lines)
        if not second:
            return
        # e12 = vᵀ H u against the finite difference along v of x ↦ jvp(G, x, u).
        D = _Level(c, _fwd_derivative(self.G, U2), self.path + ("fwd",))
        fd2 = D.fd(X, V)
        e12 = [np.asarray(p[3], np.float64) for p in parts]
        for j, (a, b) in enumerate(zip(e12, fd2)):
            ok, k, _ = _compare(a, b, c.rtol, c.atol)
            if not ok:
                lines += self.elementwise_report(
                    f"e12 of output {j} {a.shape} (HyperDual(x, v, u, 0)) against the finite "
                    f"difference along v of jvp(f, x, u)", a, b, k)
        if lines:
            self.fail("hyper", lines, order=self.order() + 1,
                      desc="hyper-dual second order: e12 of f(HyperDual(x, v, u, 0)) = vᵀ∇²f u"
                      + (f" (of the derivative function, {' over '.join(reversed(self.path))})"
                         if self.path else ""))


class _Checker:
    def __init__(self, problem, eps, rtol, atol, seed):
        self.problem = problem
        self.X = problem.X
        self.names = problem.names
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        low = any(x.dtype == np.float32 for x in self.X)
        out_dtypes = [_float_dtype(value_of(o)) for o in problem(*_tensors(self.X))]
        low = low or any(dt == np.float32 for dt in out_dtypes)
        self.fd_dtype = np.dtype(np.float64)
        kind = "float64"
        if low:
            kind = "float32 via float64"
            try:
                outs64 = problem(*_tensors([x.astype(np.float64) for x in self.X]))
                if any(_float_dtype(value_of(o)) != np.float64 for o in outs64):
                    raise TypeError
            except (TypeError, ValueError):
                kind = "float32"
                self.fd_dtype = np.dtype(np.float32)
        d_rtol, d_atol, d_eps = _DEFAULTS[kind]
        self.rtol = d_rtol if rtol is None else float(rtol)
        self.atol = d_atol if atol is None else float(atol)
        self.eps = d_eps if eps is None else float(eps)
        # Directions scale with the arguments, so steps stay relative to them.
        self.scales = [max(1.0, float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))
                       if x.size else 1.0 for x in self.X]

    def directions(self):
        return [(self.rng.standard_normal(x.shape) * s).astype(x.dtype)
                for x, s in zip(self.X, self.scales)]

    def cotangents_for(self, outs):
        return [self.rng.standard_normal(tuple(o.shape)).astype(
            _float_dtype(value_of(o))) for o in outs]

    def cotangents(self, G):
        return self.cotangents_for(G(*_tensors(self.X)))


# Each order differentiates the previous order's derivative functions, in
# every mode: the work grows geometrically with the order.
MAX_ORDER = 8


def check_grads(fn, args, order=1, modes=("fwd", "rev"), eps=None, rtol=None, atol=None, *,
                weights=None, seed=0):
    """Check fn's derivatives against finite differences; raise AssertionError if wrong.

    ``fn`` is a function of Tensors or a Cell (custom ``bprop`` included)
    returning a Tensor or a tuple of Tensors (each output is checked).  Every
    floating-point Tensor or array in ``args`` is differentiated (other
    arguments are passed through unchanged), and so are the Parameters in
    ``weights``.

    Modes: ``"fwd"`` (jvp) and ``"rev"`` (vjp) at first order, in random
    directions; for ``order >= 2`` the derivative functions ``x ↦ jvp(f, x,
    v)`` and ``x ↦ vjp(f, x)(w)`` are checked again with the same modes
    (forward and reverse over each).  ``"fwd_rev"`` (forward over reverse),
    ``"rev_rev"`` (reverse over reverse), ``"fwd_fwd"`` and ``"rev_fwd"`` ask
    for one combination only, and ``"hyper"`` checks hyper-dual numbers: the
    e1 part at first order and, at order 2, ``f(HyperDual(x, v, u, 0)).e12 =
    vᵀ ∇²f u``.  ``"taylor"`` runs one Taylor-mode pass of order ``order``
    along a random direction v (what ``ops.jet``, ``ops.derivative`` and
    ``partial`` of high order use) and checks each derivative it gives, of
    order k, against the finite difference along v of the one of order k - 1.

    The reference is a fourth-order central difference with step ``eps``
    along each direction, computed in float64 when fn runs in float32 and
    accepts float64 inputs.  Each element must satisfy ``|autodiff - fd| <=
    atol + rtol·|fd|``; defaults: rtol = atol = 1e-6 in float64, 2e-3 for
    float32 (2e-2 when the finite differences must run in float32 too).
    ``seed`` fixes the random directions.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([0.3, 1.2], dtype=ms.float64)
    >>> check_grads(lambda x: ops.sin(x) * x, (x,), order=2, modes=("fwd", "rev", "hyper"))
    """
    if isinstance(order, bool) or not isinstance(order, int):
        raise TypeError(f"order: expected a positive int, got {order!r}")
    if order < 1:
        raise ValueError(f"order: expected a positive int, got {order!r}")
    if order > MAX_ORDER:
        raise ValueError(f"order: at most {MAX_ORDER}, got {order} (each order nests "
                         "another pass of the derivative functions, doubling the work)")
    for name, value, low in (("eps", eps, "> 0"), ("rtol", rtol, ">= 0"), ("atol", atol, ">= 0")):
        if value is None:
            continue
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"{name}: expected a float, got {type(value).__name__}")
        if not (value > 0 if low == "> 0" else value >= 0) or value == float("inf"):
            raise ValueError(f"{name}: expected a finite number {low}, got {value!r}")
    if isinstance(modes, str):
        modes = (modes,)
    modes = tuple(modes)
    if not modes:
        raise ValueError("modes: expected at least one mode")
    for m in modes:
        if m not in MODES:
            raise ValueError(f"modes: unknown mode {m!r}; expected some of {MODES}")
    problem = _Problem(fn, args, weights)
    if not problem.X:
        raise ValueError("args: nothing to differentiate (no floating-point Tensor "
                         "among the arguments, and no weights)")
    checker = _Checker(problem, eps, rtol, atol, seed)
    _Level(checker, problem, ()).run(order, modes)
