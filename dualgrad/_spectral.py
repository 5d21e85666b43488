"""Spectral decompositions: the symmetric eigendecomposition, the SVD and the
pseudo-inverse.

Each is one primitive whose ``impl`` calls LAPACK through NumPy
(``np.linalg.eigh``, ``np.linalg.svd``; leading axes are a batch) and whose
rules are written with the engine's primitives in terms of its boxed
outputs, so every mode nests to any order:

* eigh, A = Q diag(λ) Qᵀ (of the symmetric part of its operand):
  K = Qᵀ dA Q, dλ = diag(K), dQ = Q (F ∘ K), F_ij = 1/(λ_j − λ_i);
  Ā = Q (diag(λ̄) + F ∘ (Qᵀ Q̄)) Qᵀ, symmetrised.
* svd, A = U diag(s) Vᵀ (reduced, k = min(m, n)): dS = Uᵀ dA V, ds = diag(dS),
  dU = U (F ∘ (dS S + S dSᵀ)) + (I − UUᵀ) dA V S⁻¹ (m > n),
  dV = V (F ∘ (S dS + dSᵀ S)) + (I − VVᵀ) dAᵀ U S⁻¹ (n > m),
  F_ij = 1/(s_j² − s_i²) (Townsend 2016; JAX's svd_jvp_rule), and the
  transposed map for reverse mode.
* pinv, P = A⁺: dP = −P dA P + P Pᵀ dAᵀ (I − A P) + (I − P A) dAᵀ Pᵀ P
  (constant rank; Golub and Pereyra 1973), with no F, so no tie to handle.

F is computed with primitives from the boxed λ or s, so the derivatives of
the rules (second order and beyond) are exact too.  The hyper-dual rule is
the jvp rule differentiated along the second direction (a forward trace of
its own around the rule).

Conventions.  Where two eigenvalues (singular values) are exactly equal,
F_ij = 0 (the vectors have no derivative there; MindSpore 2.10 takes 0 too,
PyTorch and JAX give inf or NaN): the first derivative is then exact for
functions that do not depend on the basis chosen inside the repeated
eigenspace (symmetric functions of λ or s, traces, projections onto the
whole eigenspace).  Second derivatives at an exact tie are not: for
Σ g(λ_i) they would need the divided difference (g'(λ_i) − g'(λ_j))/(λ_i −
λ_j) → g''(λ) between the tied pair, which depends on g; the terms between
tied values are left out.  Away from ties every order is exact.  Where a
singular value is 0, S⁻¹ is taken as 0 in the terms of non-square matrices.
The signs of the vectors are NumPy's (LAPACK's) and are constants to the
derivative: the derivatives of Q, U and V are those of vectors whose sign
follows the values continuously.  The extra columns of
``full_matrices=True`` for a non-square matrix have no derivative (any
completion is as good as LAPACK's): reverse mode refuses a gradient through
them (one of zeros, where they are not used, passes), forward mode gives them
NaN tangents (it cannot tell whether they are used; s and the other columns
keep their derivatives).
"""
import numpy as np

from . import _core, _elementwise as ew, _structural as S, _vmap
from ._composite import _shape, per_example
from ._core import ForwardTrace, make_dual, primal_value, shape_of, unbox
from ._functions import broadcast_to, floating, getitem, matmul, sum_, transpose, where


def _swap(x):
    nd = len(shape_of(x))
    return transpose(x, tuple(range(nd - 2)) + (nd - 1, nd - 2))


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return ew.add(a, b)


def _dtype(x):
    return np.result_type(primal_value(x))


def _diagonal(m):
    """The diagonal of the last two (equal) axes, with primitives."""
    n = shape_of(m)[-1]
    return sum_(ew.mul(m, np.eye(n, dtype=_dtype(m))), -1)


def _diag_embed(v):
    n = shape_of(v)[-1]
    return ew.mul(getitem(v, (Ellipsis, None)), np.eye(n, dtype=_dtype(v)))


def _row(v):
    return getitem(v, (Ellipsis, None, slice(None)))


def _column(v):
    return getitem(v, (Ellipsis, slice(None), None))


def _gaps(v, squared):
    """F_ij = 1 / (v_j − v_i) (or 1 / (v_j² − v_i²)), 0 where v_i == v_j (the
    diagonal included), written with primitives of v."""
    if squared:
        v = ew.mul(v, v)
    diff = ew.sub(_row(v), _column(v))
    tied = per_example(v, lambda x, k: x[..., None, :] == x[..., :, None])
    return where(tied, 0.0, ew.div(1.0, where(tied, 1.0, diff)))


def _inverse_or_zero(s):
    zero = per_example(s, lambda x, k: x == 0)
    return where(zero, 0.0, ew.div(1.0, where(zero, 1.0, s)))


def _hyper_from_jvp(prim, reals, e1s, e2s, e12s, out, nb, collapsed, params):
    """A hyper-dual rule from a jvp rule written with primitives: e1 and e2 are
    jvps; e12 is the jvp of e12 plus the derivative of x ↦ jvp(x, e1) along
    (x, out) + ε (e2, its output tangents), per direction when nb."""
    shared = all(a is b for a, b in zip(e1s, e2s))
    e1 = prim.jvp(reals, e1s, out, nb, params)
    e2 = e1 if shared else prim.jvp(reals, e2s, out, nb, params)
    e12 = (prim.jvp(reals, e12s, out, 0 if collapsed else nb, params)
           if any(e is not None for e in e12s) else None)
    if e1 is None or e2 is None:
        return e1, e2, e12
    trace = ForwardTrace()
    if nb:
        k = next(shape_of(e)[0] for e in e1s if e is not None)
        lead = lambda v: broadcast_to(v, (k,) + tuple(shape_of(v)))     # noqa: E731
    else:
        lead = lambda v: v                                              # noqa: E731
    xs = tuple(r if t is None else make_dual(lead(r), t, trace) for r, t in zip(reals, e2s))
    outs = tuple(make_dual(lead(o), t, trace) for o, t in zip(out, e2))
    # With nb, the directions are one more leading batch axis of the rule's
    # operands, pairing e1's k-th direction with e2's.
    products = prim.jvp(xs, e1s, outs, 0, params)
    cross = []
    for p in products:
        c = None if p is None else unbox(p, trace)[1]
        if c is not None and nb and collapsed:
            c = sum_(c, 0)
        cross.append(c)
    if e12 is None:
        return e1, e2, tuple(cross)
    return e1, e2, tuple(_add(a, b) for a, b in zip(e12, cross))


def _each_matrix(fn, a, outs):
    """fn (a NumPy decomposition) on a stack of matrices; one with NaN or inf
    inside gives NaN outputs, the others theirs (LAPACK raises for some, and
    for others returns NaN values beside finite vectors, an identity for eigh
    and svd with an inf on the diagonal)."""
    try:
        return _nan_where_not_finite(a, fn(a))
    except np.linalg.LinAlgError:
        pass
    flat = a.reshape((-1,) + a.shape[-2:])
    parts = []
    for i in range(flat.shape[0]):
        try:
            parts.append(fn(flat[i]))
        except np.linalg.LinAlgError:
            parts.append(tuple(np.full(shape, np.nan, a.dtype) for shape in outs(flat[i])))
    return _nan_where_not_finite(a, tuple(
        np.stack([p[j] for p in parts]).reshape(a.shape[:-2] + parts[0][j].shape)
        for j in range(len(parts[0]))))


def _nan_where_not_finite(a, outputs):
    """The outputs (each with a's batch axes first) NaN for the matrices of a
    that hold NaN or inf."""
    bad = ~np.isfinite(a).all((-2, -1))
    if not bad.any():
        return outputs
    return tuple(np.where(bad.reshape(bad.shape + (1,) * (o.ndim - bad.ndim)), np.nan, o)
                 .astype(o.dtype, copy=False) for o in outputs)


class _OneOutput:
    """A one-output primitive's jvp rule as a rule of a tuple of outputs."""

    def __init__(self, prim):
        self.prim = prim

    def jvp(self, primals, tangents, out, nb, params):
        t = self.prim.jvp(primals, tangents, out[0], nb, params)
        return None if t is None else (t,)


def _stacks(trace, prim, values, mapped, params):
    """vmap: the mapped axis is one more leading axis of the stack of matrices."""
    return prim.bind(tuple(values), params)


# ---------------------------------------------------------------------------
# Primitives

class _Eigh(_core.Primitive):
    """(λ ascending, Q) of the symmetric part (A + Aᵀ)/2 of A (..., n, n)."""

    def __init__(self, name):
        _core.Primitive.__init__(self, name)
        self.multiple = True

    def impl(self, a):
        a = np.asarray(a)
        n = a.shape[-1]
        return _each_matrix(lambda x: tuple(np.linalg.eigh(x)),
                            (a + np.swapaxes(a, -1, -2)) * a.dtype.type(0.5),
                            lambda x: ((n,), (n, n)))

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        if t is None:
            return None
        w, q = out
        t = ew.mul(ew.add(t, _swap(t)), 0.5)
        k = matmul(matmul(q, t, transpose_a=True), q)
        return _diagonal(k), matmul(q, ew.mul(_gaps(w, False), k))

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        return _hyper_from_jvp(self, reals, e1s, e2s, e12s, out, nb, collapsed, params)

    def vjp(self, g, args, out, active, params):
        gw, gq = g
        w, q = out
        inner = None if gw is None else _diag_embed(gw)
        if gq is not None:
            inner = _add(inner, ew.mul(_gaps(w, False), matmul(q, gq, transpose_a=True)))
        ga = matmul(matmul(q, inner), q, transpose_b=True)
        return (ew.mul(ew.add(ga, _swap(ga)), 0.5),)


class _Svd(_core.Primitive):
    """(s descending, U, V) with A = U diag(s) Vᵀ, reduced (k = min(m, n))."""

    def __init__(self, name):
        _core.Primitive.__init__(self, name)
        self.multiple = True

    def impl(self, a):
        a = np.asarray(a)
        m, n = a.shape[-2:]
        k = min(m, n)
        u, s, vh = _each_matrix(lambda x: tuple(np.linalg.svd(x, full_matrices=False)), a,
                                lambda x: ((m, k), (k,), (k, n)))
        return s, u, np.swapaxes(vh, -1, -2)

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        if t is None:
            return None
        s, u, v = out
        m, n = shape_of(primals[0])[-2:]
        ds = matmul(matmul(u, t, transpose_a=True), v)           # Uᵀ dA V
        f = _gaps(s, True)
        dss = ew.mul(ds, _row(s))                                # dS S
        sds = ew.mul(ds, _column(s))                             # S dS
        du = matmul(u, ew.mul(f, ew.add(dss, _swap(dss))))
        dv = matmul(v, ew.mul(f, ew.add(sds, _swap(sds))))
        if m > n:
            dav = matmul(t, v)
            du = ew.add(du, ew.mul(ew.sub(dav, matmul(u, ds)), _row(_inverse_or_zero(s))))
        if n > m:
            dau = matmul(t, u, transpose_a=True)
            dv = ew.add(dv, ew.mul(ew.sub(dau, matmul(v, ds, transpose_b=True)),
                                   _row(_inverse_or_zero(s))))
        return _diagonal(ds), du, dv

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        return _hyper_from_jvp(self, reals, e1s, e2s, e12s, out, nb, collapsed, params)

    def vjp(self, g, args, out, active, params):
        gs, gu, gv = g
        s, u, v = out
        m, n = shape_of(args[0])[-2:]
        inner = None if gs is None else _diag_embed(gs)
        if gu is not None or gv is not None:
            f = _gaps(s, True)
        if gu is not None:
            j = ew.mul(f, matmul(u, gu, transpose_a=True))
            inner = _add(inner, ew.mul(ew.add(j, _swap(j)), _row(s)))
        if gv is not None:
            j = ew.mul(f, matmul(v, gv, transpose_a=True))
            inner = _add(inner, ew.mul(ew.add(j, _swap(j)), _column(s)))
        ga = None
        if inner is not None:
            ga = matmul(matmul(u, inner), v, transpose_b=True)
        if gu is not None and m > n:
            # (I − UUᵀ) Ū S⁻¹ Vᵀ
            scaled = ew.mul(gu, _row(_inverse_or_zero(s)))
            rest = ew.sub(scaled, matmul(u, matmul(u, scaled, transpose_a=True)))
            ga = _add(ga, matmul(rest, v, transpose_b=True))
        if gv is not None and n > m:
            # U S⁻¹ V̄ᵀ (I − VVᵀ)
            scaled = ew.mul(gv, _row(_inverse_or_zero(s)))
            rest = ew.sub(scaled, matmul(v, matmul(v, scaled, transpose_a=True)))
            ga = _add(ga, matmul(u, rest, transpose_b=True))
        return (ga,)


class _SvdComplement(_core.Primitive):
    """The columns LAPACK adds to U (m > n) or V (n > m) with full_matrices=True."""

    def impl(self, a):
        a = np.asarray(a)
        m, n = a.shape[-2:]
        u, _, vh = _each_matrix(lambda x: tuple(np.linalg.svd(x, full_matrices=True)), a,
                                lambda x: ((m, m), (min(m, n),), (n, n)))
        return u[..., :, n:] if m > n else np.swapaxes(vh, -1, -2)[..., :, m:]

    def jvp(self, primals, tangents, out, nb, params):
        # Forward mode cannot tell whether the columns are used: their tangents
        # are NaN (so that s and the other columns keep theirs), made from dA
        # to carry its directions and batch axes.
        t = tangents[0]
        if t is None:
            return None
        m, n = shape_of(primals[0])[-2:]
        dtype = _dtype(t)
        if m > n:
            shaped = matmul(t, np.zeros((n, m - n), dtype))
        else:
            shaped = matmul(t, np.zeros((m, n - m), dtype), transpose_a=True)
        return ew.mul(shaped, np.array(np.nan, dtype))

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        e1, e2, e12 = _hyper_from_jvp(_OneOutput(self), reals, e1s, e2s, e12s, (out,), nb,
                                      collapsed, params)
        return tuple(None if e is None else e[0] for e in (e1, e2, e12))

    def vjp(self, g, args, out, active, params):
        # A cotangent of zeros (the columns unused, sliced away) contributes
        # nothing; a traced one (higher order) or any other is refused.
        if _zeros_in_every_part(g):
            return (None,)
        raise ValueError("svd: with full_matrices=True the extra columns of u (or v) of a "
                         "non-square matrix are an arbitrary completion and have no "
                         "derivative; use full_matrices=False to differentiate")


def _zeros_in_every_part(x):
    """Whether x is zeros with zero tangents and examples at every level (a
    reverse-mode value, whose later derivative cannot be seen, is not)."""
    if x is None:
        return True
    if isinstance(x, _core.Dual):
        return _zeros_in_every_part(x.primal) and _zeros_in_every_part(x.tangent)
    if isinstance(x, _core.HyperDual):
        return all(_zeros_in_every_part(p) for p in (x.real, x.e1, x.e2, x.e12))
    if isinstance(x, _core.Batched):
        return _zeros_in_every_part(x.value)
    if isinstance(x, _core.Box):
        return False
    return not np.any(np.asarray(x))


class _Pinv(_core.Primitive):
    """The pseudo-inverse P of A (..., m, n), from its SVD, singular values
    at most max(atol, rtol·σ_max) taken as 0.  Its derivative is the one of
    constant rank (Golub and Pereyra 1973; JAX's and PyTorch's):
    dP = −P dA P + P Pᵀ dAᵀ (I − A P) + (I − P A) dAᵀ Pᵀ P."""

    def impl(self, a, atol, rtol):
        a = np.asarray(a)
        m, n = a.shape[-2:]
        k = min(m, n)
        if k == 0:
            return np.zeros(a.shape[:-2] + (n, m), a.dtype)
        u, s, vh = _each_matrix(lambda x: tuple(np.linalg.svd(x, full_matrices=False)), a,
                                lambda x: ((m, k), (k,), (k, n)))
        cutoff = np.maximum(atol, rtol * s[..., :1])
        kept = s > cutoff
        inverse = np.where(kept, 1 / np.where(kept, s, 1), 0).astype(a.dtype)
        # (a matrix with NaN or inf has NaN singular values, none kept: its
        # pseudo-inverse is NaN, not 0)
        inverse = np.where(np.isnan(s), np.nan, inverse).astype(a.dtype, copy=False)
        return np.swapaxes(vh, -1, -2) @ (inverse[..., :, None] * np.swapaxes(u, -1, -2))

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        if t is None:
            return None
        a, p = primals[0], out
        tt = _swap(t)
        first = ew.neg(matmul(matmul(p, t), p))
        # P Pᵀ dAᵀ (I − A P)
        x = matmul(p, matmul(p, ew.sub(tt, matmul(matmul(tt, a), p)), transpose_a=True))
        # (I − P A) dAᵀ Pᵀ P
        y = matmul(tt, matmul(p, p, transpose_a=True))
        y = ew.sub(y, matmul(p, matmul(a, y)))
        return ew.add(ew.add(first, x), y)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        e1, e2, e12 = _hyper_from_jvp(_OneOutput(self), reals, e1s, e2s, e12s, (out,), nb,
                                      collapsed, params)
        return tuple(None if e is None else e[0] for e in (e1, e2, e12))

    def vjp(self, g, args, out, active, params):
        a, p = args[0], out
        gt = _swap(g)
        first = ew.neg(matmul(matmul(p, g, transpose_a=True), p, transpose_b=True))
        # (I − A P) Ḡᵀ P Pᵀ
        x = matmul(gt, matmul(p, p, transpose_b=True))
        x = ew.sub(x, matmul(a, matmul(p, x)))
        # Pᵀ P Ḡᵀ (I − P A)
        y = ew.sub(gt, matmul(matmul(gt, p), a))
        y = matmul(p, matmul(p, y), transpose_a=True)
        return (ew.add(ew.add(first, x), y),)


_eigh = _Eigh("eigh")
_svd = _Svd("svd")
_svd_complement = _SvdComplement("svd_complement")
_pinv = _Pinv("pinv")
for _p in (_eigh, _svd, _svd_complement, _pinv):
    _vmap._RULES[type(_p)] = _stacks
# (tests/test_spectral.py checks their rules in every mode)
PRIMITIVES = (_eigh, _svd, _pinv)


# ---------------------------------------------------------------------------
# Functions

def _matrices(x, owner, name, integers_as=None):
    """x as a float32/float64 stack of matrices (integers cast to ``integers_as``,
    refused when it is None)."""
    dtype = _dtype(x)
    if dtype.kind in "iu" and integers_as is not None:
        x = S.cast(x, integers_as)
    elif dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: {name} must be a float32 or float64 Tensor"
                        f"{' (or an integer one)' if integers_as is not None else ''}, "
                        f"got dtype {dtype}")
    shape = _shape(x)
    if len(shape) < 2:
        raise ValueError(f"{owner}: {name} must be a matrix or a batch of matrices, got shape "
                         f"{tuple(shape)}")
    return x


def _bool(value, owner, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
    return bool(value)


def eigh(a, b=None, lower=True, eigvals_only=False):
    """Eigenvalues (ascending) and eigenvectors of a real symmetric matrix (or of
    each in a batch), as ``mindspore.scipy.linalg.eigh``: (w, v) with
    a = v·diag(w)·vᵀ, or w alone with ``eigvals_only``.  Only the lower
    triangle of ``a`` is read (``lower=False``: the upper one), the other being
    taken as its mirror image, so the derivative in an element of the unread
    triangle is 0.  Integers compute in float64, as MindSpore.

    The eigenvectors' signs are NumPy's (LAPACK's), which can differ from
    MindSpore's.  Where eigenvalues repeat, the eigenvectors' derivatives take
    F_ij = 0 between them: first derivatives are exact for symmetric
    functions of the eigenvalues and of the eigenspaces, not of a basis
    chosen inside one; second derivatives at an exact tie leave out the
    terms between the tied values.  A matrix with NaN or inf in the triangle read gives NaN.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[2.0, 1.0], [1.0, 2.0]], ms.float64)
    >>> w, v = ops.eigh(A)
    >>> w
    Tensor(shape=[2], dtype=Float64, value= [ 1.00000000e+00,  3.00000000e+00])
    >>> ms.grad(lambda A: ops.eigh(A, eigvals_only=True)[1])(A)
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[ 5.00000000e-01,  0.00000000e+00],
     [ 1.00000000e+00,  5.00000000e-01]])
    """
    owner = "eigh"
    if b is not None:
        raise ValueError("eigh: b must be None (the generalized eigenproblem is not "
                         "supported, as in MindSpore)")
    lower = _bool(lower, owner, "lower")
    eigvals_only = _bool(eigvals_only, owner, "eigvals_only")
    a = _matrices(a, owner, "a", np.float64)
    shape = _shape(a)
    if shape[-1] != shape[-2]:
        raise ValueError(f"{owner}: a must be square (n, n), got shape {tuple(shape)}")
    n = shape[-1]
    keep = np.tril(np.ones((n, n), bool)) if lower else np.triu(np.ones((n, n), bool))
    strict = keep & ~np.eye(n, dtype=bool)
    sym = ew.add(where(keep, a, 0.0), _swap(where(strict, a, 0.0)))
    w, v = _eigh.bind((sym,), {})
    return w if eigvals_only else (w, v)


def svd(input, full_matrices=False, compute_uv=True):
    """The singular value decomposition of a matrix (or of each in a batch), as
    MindSpore's ``ops.svd``: (s, u, v) with input = u·diag(s)·vᵀ — v is not
    transposed — and s descending; with ``compute_uv=False``, s alone.
    ``full_matrices`` gives u (m, m) and v (n, n) instead of (m, k) and
    (n, k), k = min(m, n).

    The signs of the singular vectors are NumPy's (LAPACK's), which can differ
    from MindSpore's.  Derivatives: exact for s; for u and v where the
    singular values are distinct (F_ij = 0 between equal ones, as eigh) and
    nonzero (non-square matrices); the columns that ``full_matrices`` adds to
    a non-square matrix have none (reverse mode refuses a gradient through
    them, forward mode gives them NaN tangents).  A matrix with NaN or inf gives NaN (NumPy
    raises, MindSpore's CPU returns zeros).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[3.0, 0.0], [4.0, 5.0]], ms.float64)
    >>> ops.svd(A, compute_uv=False)
    Tensor(shape=[2], dtype=Float64, value= [ 6.70820393e+00,  2.23606798e+00])
    >>> ms.grad(lambda A: ops.svd(A, compute_uv=False).sum())(A)
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[ 8.94427191e-01, -4.47213595e-01],
     [ 4.47213595e-01,  8.94427191e-01]])
    """
    owner = "svd"
    full_matrices = _bool(full_matrices, owner, "full_matrices")
    compute_uv = _bool(compute_uv, owner, "compute_uv")
    x = _matrices(input, owner, "input")
    s, u, v = _svd.bind((x,), {})
    if not compute_uv:
        return s
    m, n = _shape(x)[-2:]
    if full_matrices and m != n:
        extra = _svd_complement.bind((x,), {})
        if m > n:
            u = S.concat([u, extra], -1)
        else:
            v = S.concat([v, extra], -1)
    return s, u, v


def _tolerance(value, owner, name):
    if value is None:
        return None
    if isinstance(value, (np.ndarray, _core.Box)):
        # (a Tensor's value: a cutoff, constant to the derivative)
        if isinstance(_core.strip(value), _core.Box):
            raise ValueError(f"{owner}: {name} must be the same for every example of a vmap")
        value = np.asarray(primal_value(value))
        if value.ndim != 0:
            raise ValueError(f"{owner}: {name} must be a float or a 0-d Tensor, got a Tensor of "
                             f"shape {value.shape}")
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                      np.floating)):
        raise TypeError(f"{owner}: {name} must be a float, got {type(value).__name__}")
    if not value >= 0:
        raise ValueError(f"{owner}: {name} must be >= 0, got {value}")
    return float(value)


def pinv(x, *, atol=None, rtol=None, hermitian=False):
    """The Moore-Penrose pseudo-inverse of a matrix (m, n) → (n, m), or of each
    in a batch, as MindSpore's ``ops.pinv``: V·S⁺·Uᵀ from the SVD, where S⁺
    inverts the singular values above max(atol, rtol·σ_max) and sets the
    others to 0.  rtol defaults to max(m, n)·eps of x's dtype, or to 0 when
    atol > 0 is given.  ``hermitian`` reads x as symmetric from its lower
    triangle (the derivative in the upper one is then 0).

    The derivative is that of constant rank, dP = −P dA P + P Pᵀ dAᵀ (I − A P)
    + (I − P A) dAᵀ Pᵀ P (PyTorch's and JAX's; exact wherever the number of
    singular values kept does not change, and finite where singular values
    are cut off — MindSpore 2.10's is NaN there), to any order.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.pinv(ms.Tensor([[4.0, 0.0], [0.0, 5.0]]))
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 2.50000000e-01,  0.00000000e+00],
     [ 0.00000000e+00,  2.00000003e-01]])
    """
    owner = "pinv"
    hermitian = _bool(hermitian, owner, "hermitian")
    atol, rtol = _tolerance(atol, owner, "atol"), _tolerance(rtol, owner, "rtol")
    x = _matrices(x, owner, "x")
    shape = _shape(x)
    m, n = shape[-2:]
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else max(m, n) * float(
            np.finfo(_dtype(x)).eps)
    if hermitian:
        if m != n:
            raise ValueError(f"{owner}: with hermitian=True, x must be square (n, n), got shape "
                             f"{tuple(shape)}")
        keep = np.tril(np.ones((n, n), bool))
        x = ew.add(where(keep, x, 0.0), _swap(where(keep & ~np.eye(n, dtype=bool), x, 0.0)))
    return _pinv.bind((x,), {"atol": 0.0 if atol is None else atol, "rtol": rtol})


def singular_values(x):
    """The singular values of x's last two axes (for norm), descending."""
    return _svd.bind((floating(x),), {})[0]
