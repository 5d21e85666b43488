"""Linear solves: one primitive, X = A⁻¹B, and the functions made of it.

The primitive's ``impl`` calls LAPACK through NumPy (``np.linalg.solve``, its
leading axes a batch broadcast as NumPy's); its rules are written with the
primitive itself, so every mode nests to any order:

* forward: dX = A⁻¹ (dB − dA X);
* reverse: B̄ = A⁻ᵀ X̄, Ā = −B̄ Xᵀ (each summed to its operand's shape where
  the batch axes were broadcast);
* hyper-dual: the forward rule differentiated along the second direction.

The triangular solves (``cholesky_solve``, ``cholesky_inverse``,
``solve_triangular``, ``lu_solve``) and least squares (``lstsq``, through
the pseudo-inverse primitive of ``_spectral``) are composed of it; a
triangle that is not read has no derivative.

A singular matrix (LAPACK finds a zero pivot) gives NaN in its solution,
not an exception (as ``ops.inverse`` gives inf or NaN entries), so that one
singular matrix does not stop a batch; MindSpore 2.10 raises ValueError.
"""
import numpy as np

from . import _core, _elementwise as ew, _structural as S, _vmap
from ._composite import _shape, per_example
from ._core import primal_value, shape_of
from ._functions import broadcast_to, matmul, reshape, where
from ._spectral import _OneOutput, _bool, _dtype, _hyper_from_jvp, _pinv, _stacks, _swap


def _solve_arrays(a, b):
    """np.linalg.solve of stacks (broadcast); NaN for a singular matrix."""
    try:
        return np.asarray(np.linalg.solve(a, b))
    except np.linalg.LinAlgError:
        pass
    shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, shape + a.shape[-2:]).reshape((-1,) + a.shape[-2:])
    b = np.broadcast_to(b, shape + b.shape[-2:]).reshape((-1,) + b.shape[-2:])
    out = np.empty(b.shape, np.result_type(a, b))
    for i in range(a.shape[0]):
        try:
            out[i] = np.linalg.solve(a[i], b[i])
        except np.linalg.LinAlgError:
            out[i] = np.nan
    return out.reshape(shape + out.shape[-2:])


def _lead(t, nb, rank):
    """A tangent (nb leading direction axes) with singleton axes after them so
    that its matrix axes align with a result of ``rank`` axes."""
    shape = tuple(shape_of(t))
    missing = rank - (len(shape) - nb)
    if missing <= 0:
        return t
    return reshape(t, shape[:nb] + (1,) * missing + shape[nb:])


class _Solve(_core.Primitive):
    """X (..., n, k) with A X = B, for A (..., n, n) and B (..., n, k)."""

    def impl(self, a, b):
        a, b = np.asarray(a), np.asarray(b)
        return _solve_arrays(a, b)

    def jvp(self, primals, tangents, out, nb, params):
        a, _ = primals
        ta, tb = tangents
        if ta is None and tb is None:
            return None
        rank = len(shape_of(out))
        rhs = None if tb is None else _lead(tb, nb, rank)
        if ta is not None:
            ax = matmul(_lead(ta, nb, rank), out)
            rhs = ew.neg(ax) if rhs is None else ew.sub(rhs, ax)
        return self.bind((a, rhs), {})

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        e1, e2, e12 = _hyper_from_jvp(_OneOutput(self), reals, e1s, e2s, e12s, (out,), nb,
                                      collapsed, params)
        return tuple(None if e is None else e[0] for e in (e1, e2, e12))

    def vjp(self, g, args, out, active, params):
        a, b = args
        gb = self.bind((_swap(a), g), {})
        ga = None
        if active[0]:
            ga = S.sum_to(ew.neg(matmul(gb, out, transpose_b=True)), shape_of(a))
        return ga, (S.sum_to(gb, shape_of(b)) if active[1] else None)


def _solve_batched(trace, prim, values, mapped, params):
    """vmap: the mapped axis leads; a mapped operand of fewer batch axes than
    the other gets singleton axes after it, so that the batches align."""
    a, b = values
    rank = max(len(shape_of(v)) - int(m) for v, m in zip(values, mapped))
    a = _lead(a, 1, rank) if mapped[0] else a
    b = _lead(b, 1, rank) if mapped[1] else b
    return prim.bind((a, b), params)


_solve = _Solve("matrix_solve")
_vmap._RULES[_Solve] = _solve_batched


# ---------------------------------------------------------------------------
# Arguments

def _floats(x, owner, name):
    dtype = _dtype(x)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"{owner}: {name} must be a float32 or float64 Tensor, got dtype {dtype}")
    return dtype


def _matrix(x, owner, name, square=False):
    shape = tuple(_shape(x))
    if len(shape) < 2:
        raise ValueError(f"{owner}: {name} must be a matrix or a batch of matrices, got shape "
                         f"{shape}")
    if square and shape[-1] != shape[-2]:
        raise ValueError(f"{owner}: {name} must be square (..., n, n), got shape {shape}")
    return shape


def _same_dtype(owner, *pairs):
    dtypes = [_floats(x, owner, name) for x, name in pairs]
    if len(set(dtypes)) > 1:
        names = " and ".join(name for _, name in pairs)
        raise TypeError(f"{owner}: {names} must have one dtype, got "
                        f"{' and '.join(str(d) for d in dtypes)}")
    return dtypes[0]


def _aligned(owner, a, b, a_name, b_name):
    """A (..., n, n) and B (..., n, k) broadcast to one batch shape."""
    sa, sb = tuple(_shape(a)), tuple(_shape(b))
    if sa[-1] != sb[-2]:
        raise ValueError(f"{owner}: {b_name} must have {sa[-1]} rows, as {a_name} (..., n, n) "
                         f"has, got shapes {sa} and {sb}")
    try:
        batch = np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise ValueError(f"{owner}: the batch axes of {a_name} and {b_name}, shapes {sa} and "
                         f"{sb}, do not broadcast") from None
    if sa[:-2] != batch:
        a = broadcast_to(a, batch + sa[-2:])
    if sb[:-2] != batch:
        b = broadcast_to(b, batch + sb[-2:])
    return a, b


def solve(a, b):
    """X with A X = B for A (..., n, n), B (..., n, k) of one float dtype, batch
    axes broadcast (no argument checks beyond the shapes)."""
    a, b = _aligned("solve", a, b, "a", "b")
    return _solve.bind((a, b), {})


def _triangle(x, lower, unit=False):
    n = _shape(x)[-1]
    keep = np.tril(np.ones((n, n), bool), -1 if unit else 0) if lower else \
        np.triu(np.ones((n, n), bool), 1 if unit else 0)
    x = where(keep, x, 0.0)
    if unit:
        x = ew.add(x, np.eye(n, dtype=_dtype(x)))
    return x


# ---------------------------------------------------------------------------
# Functions

def matrix_solve(matrix, rhs, adjoint=False):
    """X with matrix·X = rhs (or matrixᵀ·X = rhs with ``adjoint``), for a
    square matrix (..., M, M) and rhs (..., M, K), as MindSpore's
    ``ops.matrix_solve``; batch axes broadcast (MindSpore wants equal ranks).
    LU with partial pivoting (LAPACK); the derivatives are exact to any order
    in every mode: dX = A⁻¹(dB − dA·X), B̄ = A⁻ᵀX̄, Ā = −B̄Xᵀ.  A singular
    matrix gives NaN (MindSpore raises ValueError).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> A = ms.Tensor([[2.0, 1.0], [1.0, 3.0]], ms.float64)
    >>> ops.matrix_solve(A, ms.Tensor([[3.0], [5.0]], ms.float64))
    Tensor(shape=[2, 1], dtype=Float64, value=
    [[ 8.00000000e-01],
     [ 1.40000000e+00]])
    """
    owner = "matrix_solve"
    adjoint = _bool(adjoint, owner, "adjoint")
    _same_dtype(owner, (matrix, "matrix"), (rhs, "rhs"))
    _matrix(matrix, owner, "matrix", square=True)
    _matrix(rhs, owner, "rhs")
    a, b = _aligned(owner, _swap(matrix) if adjoint else matrix, rhs, "matrix", "rhs")
    return _solve.bind((a, b), {})


def _cholesky_factor(factor, upper, owner, name):
    """The lower-triangular L (A = L·Lᵀ) read from one triangle of ``factor``."""
    _matrix(factor, owner, name, square=True)
    return _swap(_triangle(factor, False)) if upper else _triangle(factor, True)


def cholesky_solve(input, input2, upper=False):
    """X with A·X = input, given A's Cholesky factor ``input2`` (lower
    triangular L, A = L·Lᵀ, or with ``upper`` U, A = Uᵀ·U), as MindSpore's
    ``ops.cholesky_solve``: two triangular solves.  Only the factor's triangle
    is read, so the derivative in the other is 0 (MindSpore's and PyTorch's
    gradients, of the formula read as a full matrix, are not).  Batch axes
    broadcast (MindSpore wants ranks 2 or 3, equal).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> L = ms.Tensor([[2.0, 0.0], [1.0, 1.0]], ms.float64)
    >>> ops.cholesky_solve(ms.Tensor([[4.0], [3.0]], ms.float64), L)
    Tensor(shape=[2, 1], dtype=Float64, value=
    [[ 5.00000000e-01],
     [ 1.00000000e+00]])
    """
    owner = "cholesky_solve"
    upper = _bool(upper, owner, "upper")
    _same_dtype(owner, (input, "input"), (input2, "input2"))
    _matrix(input, owner, "input")
    lower = _cholesky_factor(input2, upper, owner, "input2")
    lower, b = _aligned(owner, lower, input, "input2", "input")
    y = _solve.bind((lower, b), {})
    return _solve.bind((_swap(lower), y), {})


def cholesky_inverse(input_x, upper=False):
    """The inverse of A = L·Lᵀ (or Uᵀ·U with ``upper``) from its Cholesky factor,
    as MindSpore's ``ops.cholesky_inverse``; a batch of factors gives a batch
    of inverses (MindSpore 2.10's CPU kernel returns wrong values for one).
    Only the factor's triangle is read.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.cholesky_inverse(ms.Tensor([[2.0, 0.0], [1.0, 1.0]], ms.float64))
    Tensor(shape=[2, 2], dtype=Float64, value=
    [[ 5.00000000e-01, -5.00000000e-01],
     [-5.00000000e-01,  1.00000000e+00]])
    """
    owner = "cholesky_inverse"
    upper = _bool(upper, owner, "upper")
    dtype = _floats(input_x, owner, "input_x")
    lower = _cholesky_factor(input_x, upper, owner, "input_x")
    n = _shape(lower)[-1]
    y = _solve.bind((lower, broadcast_to(np.eye(n, dtype=dtype), tuple(_shape(lower)))), {})
    return _solve.bind((_swap(lower), y), {})


def lstsq(input, A):
    """X minimising ‖input·X − A‖ for input (m, n) and A (m, k) (or a vector A
    (m,), giving (n, 1) as MindSpore 2.10 does), as MindSpore's ``ops.lstsq``
    (note the order: ``input`` is the matrix, ``A`` the right-hand side): the
    pseudo-inverse's solution,
    the minimum-norm one when input's rank is below n.  Its derivative is that
    of constant rank (exact to any order where input has full column rank;
    MindSpore 2.10 has none).  Batch axes broadcast (MindSpore takes 2-D only).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.lstsq(ms.Tensor([[1.0], [1.0]], ms.float64), ms.Tensor([[1.0], [3.0]], ms.float64))
    Tensor(shape=[1, 1], dtype=Float64, value=
    [[ 2.00000000e+00]])
    """
    x = least_squares(input, A, "lstsq")
    return reshape(x, tuple(_shape(x)) + (1,)) if len(_shape(A)) == 1 else x


def least_squares(input, A, owner):
    """``lstsq``'s solution, (..., n) for a vector A (SciPy's and
    mindspore.scipy.linalg.lstsq's shape)."""
    dtype = _same_dtype(owner, (input, "input"), (A, "A"))
    sx = _matrix(input, owner, "input")
    sa = tuple(_shape(A))
    vector = len(sa) == 1
    if vector:
        A = reshape(A, sa + (1,))
        sa = sa + (1,)
    if not sa or sa[-2] != sx[-2]:
        raise ValueError(f"{owner}: A must have {sx[-2]} rows, as input (m, n) has, got shapes "
                         f"{sx} and {sa}")
    m, n = sx[-2:]
    p = _pinv.bind((input,), {"atol": 0.0, "rtol": max(m, n) * float(np.finfo(dtype).eps)})
    try:
        np.broadcast_shapes(sx[:-2], sa[:-2])
    except ValueError:
        raise ValueError(f"{owner}: the batch axes of input and A, shapes {sx} and {sa}, do not "
                         f"broadcast") from None
    x = matmul(p, A)
    return reshape(x, tuple(_shape(x))[:-1]) if vector else x


# ---------------------------------------------------------------------------
# LU

def _unit_lower(lu):
    n = _shape(lu)[-1]
    return ew.add(where(np.tril(np.ones((n, n), bool), -1), lu, 0.0),
                  np.eye(n, dtype=_dtype(lu)))


def _upper(lu):
    n = _shape(lu)[-1]
    return where(np.triu(np.ones((n, n), bool)), lu, 0.0)


def _strictly_lower(x):
    n = _shape(x)[-1]
    return where(np.tril(np.ones((n, n), bool), -1), x, 0.0)


class _LU(_core.Primitive):
    """The LU factors of A (..., n, n) without pivoting (its rows already in
    pivot order), packed: L (unit diagonal) below the diagonal, U on and
    above.  With F = L⁻¹ dA U⁻¹: dL = L·tril₋₁(F), dU = triu(F)·U; reverse:
    F̄ = tril₋₁(Lᵀ L̄) + triu(Ū Uᵀ), Ā = L⁻ᵀ F̄ U⁻ᵀ.  A zero pivot gives inf
    or NaN below it."""

    def impl(self, a):
        lu = np.array(a, copy=True)
        n = lu.shape[-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            for k in range(n - 1):
                lu[..., k + 1:, k] /= lu[..., k:k + 1, k]
                lu[..., k + 1:, k + 1:] -= lu[..., k + 1:, k:k + 1] * lu[..., k:k + 1, k + 1:]
        return lu

    def jvp(self, primals, tangents, out, nb, params):
        t = tangents[0]
        if t is None:
            return None
        lower, upper = _unit_lower(out), _upper(out)
        y = _solve.bind((lower, t), {})                       # L⁻¹ dA
        f = _swap(_solve.bind((_swap(upper), _swap(y)), {}))  # L⁻¹ dA U⁻¹
        return ew.add(matmul(lower, _strictly_lower(f)), matmul(_upper(f), upper))

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        e1, e2, e12 = _hyper_from_jvp(_OneOutput(self), reals, e1s, e2s, e12s, (out,), nb,
                                      collapsed, params)
        return tuple(None if e is None else e[0] for e in (e1, e2, e12))

    def vjp(self, g, args, out, active, params):
        lower, upper = _unit_lower(out), _upper(out)
        f = ew.add(_strictly_lower(matmul(lower, _strictly_lower(g), transpose_a=True)),
                   _upper(matmul(_upper(g), upper, transpose_b=True)))
        z = _solve.bind((_swap(lower), f), {})                  # L⁻ᵀ F̄
        return (_swap(_solve.bind((upper, _swap(z)), {})),)     # L⁻ᵀ F̄ U⁻ᵀ


_lu = _LU("lu")
_vmap._RULES[_LU] = _stacks     # (one operand: the mapped axis leads)
PRIMITIVES = (_solve, _lu)


def _pivots_from_rows(rows):
    """LAPACK's row interchanges (0-based) from the final row order."""
    rows = np.asarray(rows).astype(np.int64)
    n = rows.shape[-1]
    flat = rows.reshape(-1, n)
    out = np.empty(flat.shape, np.int32)
    for b in range(flat.shape[0]):
        perm = list(range(n))
        where_is = list(range(n))
        for k in range(n):
            j = where_is[flat[b, k]]
            out[b, k] = j
            pk, pj = perm[k], perm[j]
            perm[k], perm[j] = pj, pk
            where_is[pj], where_is[pk] = k, j
    return out.reshape(rows.shape)


def _rows_from_pivots(pivots, n):
    """The row order (x[rows[k]] is row k of P·x) of LAPACK's interchanges."""
    pivots = np.asarray(pivots).astype(np.int64)
    flat = pivots.reshape(-1, pivots.shape[-1])
    out = np.empty((flat.shape[0], n), np.int64)
    for b in range(flat.shape[0]):
        perm = list(range(n))
        for k, j in enumerate(flat[b]):
            perm[k], perm[j] = perm[j], perm[k]
        out[b] = perm
    return out.reshape(pivots.shape[:-1] + (n,))


def lu_factor(a, owner="lu_factor"):
    """(packed LU, pivots) of partial pivoting: a = P·L·U, the pivots LAPACK's
    0-based row interchanges (int32), chosen from the values (constants to
    the derivative)."""
    from ._linalg import _in_pivot_order
    _floats(a, owner, "a")
    shape = _matrix(a, owner, "a", square=True)
    if shape[-1] == 0:
        return a, np.zeros(shape[:-1], np.int32)
    permuted, rows, _ = _in_pivot_order(a)
    lu = _lu.bind((permuted,), {})
    pivots = per_example(rows, lambda v, k: _pivots_from_rows(v))
    return lu, pivots


def lu_unpack_factors(lu):
    return _unit_lower(lu), _upper(lu)


def lu_solve_factors(b, lu, pivots, trans=0):
    """X with A·X = b (trans 0) or Aᵀ·X = b (trans 1), A = P·L·U from the packed
    LU and 0-based pivots (integers, constant), b (..., n, k)."""
    from ._vmap import batched_take
    n = _shape(lu)[-1]
    rows = per_example(pivots, lambda v, k: _rows_from_pivots(v, n))
    lower, upper = _unit_lower(lu), _upper(lu)
    lower, b = _aligned("lu_solve", lower, b, "lu", "b")
    upper, _ = _aligned("lu_solve", upper, b, "lu", "b")
    batch = len(_shape(b)) - 2
    rows = broadcast_to(rows, tuple(_shape(b))[:-2] + (n,)) if tuple(
        _shape(rows))[:-1] != tuple(_shape(b))[:-2] else rows
    if trans == 0:
        # A = Pᵀ_rows L U: row k of P·b is b[rows[k]]
        pb = batched_take(b, rows, batch, batch)
        return _solve.bind((upper, _solve.bind((lower, pb), {})), {})
    y = _solve.bind((_swap(upper), b), {})
    z = _solve.bind((_swap(lower), y), {})
    # X = Pᵀ z: X[rows[k]] = z[k], i.e. X = z[inverse order]
    inverse = per_example(rows, lambda v, k: np.argsort(v, axis=-1))
    return batched_take(z, inverse, batch, batch)


def _one_based_pivots(pivots, owner, name, n):
    v = np.asarray(primal_value(pivots))
    if v.dtype.kind not in "iu":
        raise TypeError(f"{owner}: {name} must be an integer Tensor, got dtype {v.dtype}")
    if v.shape[-1:] != (n,):
        raise ValueError(f"{owner}: {name} must have shape (..., {n}), got {v.shape}")
    if v.size and (v.min() < 1 or v.max() > n):
        raise ValueError(f"{owner}: {name} must hold 1-based row numbers in [1, {n}]")
    return pivots


def _lu_data(lu_data, owner):
    _floats(lu_data, owner, "LU_data")
    return _matrix(lu_data, owner, "LU_data", square=True)[-1]


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from a packed LU factorisation and LAPACK's 1-based row
    interchanges, with LU_data = the packed P⁻¹A: A = P·L·U, as MindSpore's
    ``ops.lu_unpack``; P is a float permutation matrix of LU_data's dtype.
    Square LU_data only.  L and U are differentiable in LU_data (their
    triangles of it); P is a constant.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> p, l, u = ops.lu_unpack(ms.Tensor([[2.0, 1.0], [0.5, 3.0]]), ms.Tensor([2, 2], ms.int32))
    >>> p
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[ 0.00000000e+00,  1.00000000e+00],
     [ 1.00000000e+00,  0.00000000e+00]])
    """
    owner = "lu_unpack"
    unpack_data = _bool(unpack_data, owner, "unpack_data")
    unpack_pivots = _bool(unpack_pivots, owner, "unpack_pivots")
    n = _lu_data(LU_data, owner)
    _one_based_pivots(LU_pivots, owner, "LU_pivots", n)
    dtype = _dtype(LU_data)
    p = l = u = None
    if unpack_pivots:
        def permutation(v, k):
            rows = _rows_from_pivots(np.asarray(v) - 1, n)
            # A = P·L·U with P[rows[k], k] = 1
            return np.swapaxes(np.eye(n, dtype=dtype)[rows], -1, -2)
        p = per_example(LU_pivots, permutation)
    if unpack_data:
        l, u = _unit_lower(LU_data), _upper(LU_data)
    return p, l, u


def lu_solve(b, LU_data, LU_pivots):
    """X with A·X = b from A's packed LU factorisation and LAPACK's 1-based row
    interchanges (as ``lu_unpack`` reads them), as MindSpore's
    ``ops.lu_solve``; b (..., n, k).  Differentiable in b and LU_data (its
    triangles), to any order.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.lu_solve(ms.Tensor([[1.0], [2.0]]), ms.Tensor([[2.0, 0.0], [0.5, 1.0]]),
    ...              ms.Tensor([1, 2], ms.int32))
    Tensor(shape=[2, 1], dtype=Float32, value=
    [[ 5.00000000e-01],
     [ 1.50000000e+00]])
    """
    owner = "lu_solve"
    _same_dtype(owner, (b, "b"), (LU_data, "LU_data"))
    n = _lu_data(LU_data, owner)
    _matrix(b, owner, "b")
    _one_based_pivots(LU_pivots, owner, "LU_pivots", n)
    if _shape(b)[-2] != n:
        raise ValueError(f"{owner}: b must have {n} rows, as LU_data (..., n, n) has, got "
                         f"shapes {tuple(_shape(b))} and {tuple(_shape(LU_data))}")
    pivots = per_example(LU_pivots, lambda v, k: np.asarray(v).astype(np.int64) - 1)
    return lu_solve_factors(b, LU_data, pivots)
