"""``mindspore.mint``: MindSpore 2.10's PyTorch-style functional API.

Each function takes mint's argument names and defaults (``dim``/``keepdim``
where ``ops`` says ``axis``/``keep_dims``, ``correction=1`` for ``std`` and
``var``, keyword-only ``alpha``/``beta``/``value``...) and returns mint's
structures: ``max(input, dim)`` and ``sort`` give ``(values, indices)`` with
int64 indices, ``transpose(input, dim0, dim1)`` swaps two axes, ``gather`` is
``ops.gather_elements``.  Everything is composed of ``dualgrad.ops``, so every
derivative mode works through it; where mint's function is the very object of
``mindspore.ops`` (``abs``, ``exp``, ``matmul``, ``tile``...), it is ``ops``'
here too.

>>> import dualgrad as ms
>>> from dualgrad import mint
>>> x = ms.Tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
>>> values, indices = mint.max(x, dim=1)
>>> values, indices.dtype == ms.int64
(Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  6.00000000e+00]), True)
>>> mint.std(x, dim=1)            # correction=1: Bessel's
Tensor(shape=[2], dtype=Float32, value= [ 2.00000000e+00,  2.00000000e+00])
>>> mint.transpose(x, 0, 1).shape
(3, 2)
>>> ms.grad(lambda x: mint.sum(mint.softmax(x, dim=1) * x))(x).shape
(2, 3)

Not here: the Ascend kernels and internals (``npu_gelu``, ``cdist_``,
``conv_tbc``, ``flatten_ext``, ``softmax_ext``, ``squeeze_impl``,
``equal_ext_op``, the ``batch_norm_*`` statistics kernels), the graph-mode
markers (``constexpr``, ``jit_forbidden_register``, ``jit_view_unsupported``),
``distributed``, and ``polar`` (dualgrad has no complex tensors).
"""
import builtins

import numpy as np

from .. import ops as _ops
from .._tensor import Tensor
from .. import _dtypes as _dt
from .._dtypes import to_numpy_dtype as _np_dtype
from ..ops import (  # noqa: F401  (the very functions mint shares with ops)
    abs, arctanh, atanh, ceil, cos, cosh, cross, cumprod, divide, dstack, erf, erfc, erfinv,
    exp, expm1, eye, flip, floor, gcd, greater, gt, hstack, isclose, isinf, le, less,
    less_equal, log, log1p, logical_and, logical_not, logical_or, logical_xor, lt,
    masked_select, matmul, maximum, minimum, nan_to_num, ne, neg, negative, nonzero, ravel,
    reciprocal, roll, round, rsqrt, searchsorted, sigmoid, sign, sin, sinc, sinh, square, take,
    tan, tanh, tile, triu, trunc)
# mint's functions that behave as ops' of the same name, argument for argument
from ..ops import (  # noqa: F401
    acos, acosh, addbmm, addmm, addmv, arccos, arccosh, arcsinh, arctan, arctan2, asin, asinh,
    atan, atan2, bitwise_and, bitwise_or, bitwise_xor, broadcast_to, clamp, clip, div, dot,
    einsum, eq, exp2, float_power, floor_divide, fmod, full_like, greater_equal, ge,
    inverse, isfinite, isneginf, lerp, log10, log2, logaddexp, logaddexp2, mm, mul,
    not_equal, outer, pow, remainder, swapaxes, trace, tril, unbind,
    unique_consecutive, unsqueeze, where as _ops_where, xlogy, zeros_like, ones_like)
from . import linalg, nn, optim, special  # noqa: E402

_LONG = _dt.int64     # mint's index and integer-sum dtype


def _as_long(t):
    return _ops.cast(t, _LONG)


# ---------------------------------------------------------------------------
# Arithmetic with mint's keyword-only scalings

def add(input, other, *, alpha=1):
    """``input + alpha * other``."""
    return _ops.add(input, other if alpha == 1 else _ops.mul(other, alpha))


def sub(input, other, *, alpha=1):
    """``input - alpha * other``."""
    return _ops.sub(input, other if alpha == 1 else _ops.mul(other, alpha))


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``."""
    return _ops.addcdiv(input, tensor1, tensor2, value)


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``."""
    return _ops.addcmul(input, tensor1, tensor2, value)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * (batch1 @ batch2)``, batched."""
    return _ops.baddbmm(input, batch1, batch2, beta, alpha)


def addr_(input, vec1, vec2, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)`` written into ``input``, which is
    returned (not differentiable, as any item assignment)."""
    return _inplace(input, _ops.addr(input, vec1, vec2, beta=beta, alpha=alpha), True)


def arcsin(x):
    """Elementwise arcsine (mint names its argument ``x``)."""
    return _ops.arcsin(x)


def isnan(tensor):
    """Elementwise ``tensor != tensor`` (mint names its argument ``tensor``)."""
    return _ops.isnan(tensor)


def frac(input):
    """The fractional part, ``input - trunc(input)``."""
    return _ops.frac(input)


def sqrt(input):
    """Elementwise square root."""
    return _ops.sqrt(input)


def fix(input):
    """Round towards zero, as ``trunc``."""
    return _ops.trunc(input)


def bmm(input, mat2):
    """Batched matrix product of (b, n, m) and (b, m, p)."""
    return _ops.bmm(input, mat2)


def mv(input, vec):
    """Matrix-vector product."""
    return _ops.mv(input, vec)


def vdot(input, other):
    """Dot product of two 1-D tensors (real tensors: no conjugation)."""
    if len(_ops.shape(input)) != 1 or len(_ops.shape(other)) != 1:
        raise ValueError(f"vdot: input and other must be 1-D, got shapes "
                         f"{_ops.shape(input)} and {_ops.shape(other)}")
    return _ops.dot(input, other)


def bitwise_not(input):
    """Bitwise NOT of an integer tensor, logical NOT of a bool one."""
    if np.dtype(_np_dtype(input.dtype)).kind == "b":
        return _ops.logical_not(input)
    if np.dtype(_np_dtype(input.dtype)).kind not in "iu":
        raise TypeError(f"bitwise_not: input must be an integer or bool tensor, got "
                        f"{input.dtype}")
    return _ops.bitwise_xor(input, Tensor(np.array(-1, _np_dtype(input.dtype))))


def real(input):
    """The real part: a real tensor is returned as it is."""
    return input


def imag(input):
    """The imaginary part: zeros for a real tensor (as MindSpore 2.10's CPU build)."""
    return _ops.zeros_like(input)


def clone(input):
    """A copy of ``input`` (differentiable, the identity's derivative)."""
    return _ops.mul(input, Tensor(np.ones((), _np_dtype(input.dtype))))


def item(input):
    """The value of a one-element tensor as a Python number."""
    if _ops.size(input) != 1:
        raise ValueError(f"item: a Tensor with {_ops.size(input)} elements cannot be "
                         f"converted to a scalar")
    return input.asnumpy().reshape(()).item()


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every element is close (``isclose``), as a Python bool."""
    return builtins.bool(_ops.isclose(input, other, rtol, atol, equal_nan).all())


def equal(input, other):
    """Whether two tensors have the same shape and elements, as a Python bool."""
    return _ops.shape(input) == _ops.shape(other) and builtins.bool(_ops.eq(input, other).all())


# ---------------------------------------------------------------------------
# Reductions with dim/keepdim

def _dims(dim):
    """mint's ``dim``: None and () both mean every axis."""
    return None if dim is None or dim == () or dim == [] else dim


def sum(input, dim=None, keepdim=False, *, dtype=None):  # noqa: A001
    """Sum over ``dim`` (every axis when None); bool and integer sums are int64."""
    if dtype is None and np.dtype(_np_dtype(input.dtype)).kind in "biu":
        dtype = _LONG
    return _ops.sum(input, _dims(dim), keepdim, dtype=dtype)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over ``dim`` with NaNs counted as zero; integer sums are int64."""
    if dtype is None and np.dtype(_np_dtype(input.dtype)).kind in "biu":
        dtype = _LONG
    if dtype is not None:
        input = _ops.cast(input, dtype)
    return _ops.nansum(input, _dims(dim), keepdim)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean over ``dim`` (every axis when None)."""
    if dtype is not None:
        input = _ops.cast(input, dtype)
    return _ops.mean(input, _dims(dim), keepdim)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product over ``dim`` (every element when None); integer products are int64."""
    if dtype is None and np.dtype(_np_dtype(input.dtype)).kind in "biu":
        dtype = _LONG
    if dtype is not None:
        input = _ops.cast(input, dtype)
    return _ops.prod(input, dim, keepdim)


def all(input, dim=None, keepdim=False):  # noqa: A001
    """Whether every element over ``dim`` is true."""
    return _ops.all(input, _dims(dim), keepdim)


def any(input, dim=None, keepdim=False):  # noqa: A001
    """Whether any element over ``dim`` is true."""
    return _ops.any(input, _dims(dim), keepdim)


def amax(input, dim=(), keepdim=False):
    """Maximum over ``dim`` (every axis when ()), values only."""
    return _ops.amax(input, _dims(dim), keepdim)


def amin(input, dim=(), keepdim=False):
    """Minimum over ``dim`` (every axis when ()), values only."""
    return _ops.amin(input, _dims(dim), keepdim)


def _extremum(name, pairwise, input, dim, keepdim, other):
    if isinstance(dim, Tensor):          # max(input, other): the elementwise extremum
        return pairwise(input, dim)
    if other is not None:
        return pairwise(input, other)
    if dim is None:
        if keepdim:
            raise ValueError(f"{name}: keepdim needs a dim")
        return getattr(_ops, "amax" if name == "max" else "amin")(input)
    values, indices = getattr(_ops, name)(input, dim, keepdim)
    return values, _as_long(indices)


def max(input, dim=None, keepdim=False, *, other=None):  # noqa: A001
    """``max(input)``: the largest element; ``max(input, dim, keepdim=False)``:
    (values, int64 indices) over ``dim``; ``max(input, other)``: ``maximum``."""
    return _extremum("max", _ops.maximum, input, dim, keepdim, other)


def min(input, dim=None, keepdim=False, *, other=None):  # noqa: A001
    """``min(input)``: the smallest element; ``min(input, dim, keepdim=False)``:
    (values, int64 indices) over ``dim``; ``min(input, other)``: ``minimum``."""
    return _extremum("min", _ops.minimum, input, dim, keepdim, other)


def argmax(input, dim=None, keepdim=False):
    """Index (int64) of the largest element over ``dim`` (of the flattened input when None)."""
    return _as_long(_ops.argmax(input, dim, keepdim))


def argmin(input, dim=None, keepdim=False):
    """Index (int64) of the smallest element over ``dim`` (of the flattened input when None)."""
    if dim is None:
        return _as_long(_ops.argmin(_ops.reshape(input, (-1,)), 0, False))
    return _as_long(_ops.argmin(input, dim, keepdim))


def logsumexp(input, dim, keepdim=False):
    """``log(sum(exp(input)))`` over ``dim``, computed stably."""
    return _ops.logsumexp(input, dim, keepdim)


def var(input, dim=None, *, correction=1, keepdim=False):
    """Variance over ``dim`` with ``correction`` subtracted from the count (Bessel's by default)."""
    return _ops.var(input, _dims(dim), correction, keepdim)


def std(input, dim=None, *, correction=1, keepdim=False):
    """Standard deviation over ``dim`` (``correction=1``: Bessel's)."""
    return _ops.std(input, _dims(dim), correction, keepdim)


def var_mean(input, dim=None, *, correction=1, keepdim=False):
    """(variance, mean) over ``dim``."""
    return _ops.var_mean(input, _dims(dim), correction, keepdim)


def std_mean(input, dim=None, *, correction=1, keepdim=False):
    """(standard deviation, mean) over ``dim``."""
    return _ops.std_mean(input, _dims(dim), correction, keepdim)


def median(input, dim=None, keepdim=False):
    """``median(input)``: the lower median of every element; ``median(input, dim)``:
    (values, int64 indices) over ``dim``."""
    if dim is None:
        flat = _ops.reshape(input, (-1,))
        return _ops.median(flat, 0, False)[0]
    values, indices = _ops.median(input, dim, keepdim)
    return values, _as_long(indices)


def count_nonzero(input, dim=None):
    """Number of nonzero elements over ``dim`` (every axis when None), int64."""
    return _ops.count_nonzero(input, () if dim is None else dim, False, _LONG)


def norm(input, p="fro", dim=None, keepdim=False, *, dtype=None):
    """``torch.norm``'s contract: with ``p`` a number, the vector norm over ``dim`` (of
    every element when None); ``'fro'`` the Frobenius (2-) norm, ``'nuc'`` the nuclear
    norm of the matrices over the last two axes or ``dim``."""
    if p == "nuc":
        return _ops.matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim,
                                dtype=dtype)
    if p in ("fro", None):
        p = 2
    return _ops.vector_norm(input, p, dim, keepdim, dtype=dtype)


# ---------------------------------------------------------------------------
# Running reductions, sorting and selection

def cumsum(input, dim, dtype=None):
    """Running sum along ``dim``; integer sums are int64."""
    if dtype is None and np.dtype(_np_dtype(input.dtype)).kind in "biu":
        dtype = _LONG
    return _ops.cumsum(input, dim, dtype)


def cummax(input, dim):
    """(running maxima, int64 indices) along ``dim``."""
    values, indices = _ops.cummax(input, dim)
    return values, _as_long(indices)


def cummin(input, dim):
    """(running minima, int64 indices) along ``dim``."""
    values, indices = _ops.cummin(input, dim)
    return values, _as_long(indices)


def sort(input, *, dim=-1, descending=False, stable=False):
    """(sorted values, int64 indices) along ``dim``; ties keep their order."""
    values, indices = _ops.sort(input, dim, descending)
    return values, _as_long(indices)


def argsort(input, dim=-1, descending=False, stable=False):
    """int64 indices that sort ``input`` along ``dim``; ties keep their order."""
    return _as_long(_ops.argsort(input, dim, descending))


def topk(input, k, dim=-1, largest=True, sorted=True):  # noqa: A002
    """(the ``k`` largest or smallest values along ``dim``, their int64 indices)."""
    values, indices = _ops.topk(input, k, dim, largest, sorted)
    return values, _as_long(indices)


def kthvalue(input, k, dim=-1, keepdim=False):
    """(the ``k``-th smallest values along ``dim``, their int64 indices)."""
    n = _ops.shape(input)[dim] if len(_ops.shape(input)) else 1
    if isinstance(k, builtins.bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n:
        raise ValueError(f"kthvalue: k must be an int in [1, {n}], got {k!r}")
    values, indices = sort(input, dim=dim)
    values = _ops.narrow(values, dim, k - 1, 1)
    indices = _ops.narrow(indices, dim, k - 1, 1)
    if not keepdim:
        values, indices = _ops.squeeze(values, dim), _ops.squeeze(indices, dim)
    return values, indices


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):  # noqa: A002
    """The distinct elements (sorted), and with ``return_inverse`` the int64 index of
    each element among them and with ``return_counts`` how often each occurs; with
    ``dim``, the distinct slices along it.  The values are read from ``input`` (at
    each one's first occurrence), so derivatives flow to those elements."""
    value = input.asnumpy()
    _, first, inverse, counts = np.unique(value, return_index=True,
                                          return_inverse=True, return_counts=True, axis=dim)
    if dim is None:
        out = _ops.take(input, Tensor(first.astype(np.int64)))
        inverse = inverse.reshape(value.shape)
    else:
        out = _ops.index_select(input, dim, Tensor(first.astype(np.int64)))
        inverse = inverse.reshape(-1)
    result = (out,)
    if return_inverse:
        result += (Tensor(inverse.astype(np.int64)),)
    if return_counts:
        result += (Tensor(counts.astype(np.int64)),)
    return result[0] if len(result) == 1 else result


def histc(input, bins=100, min=0, max=0):  # noqa: A002
    """Histogram of ``bins`` equal bins over [min, max] (the data's range when both are 0)."""
    return _ops.histc(input, bins, min, max)


def bincount(input, weights=None, minlength=0):
    """How often each non-negative int occurs, int64 (weighted sums, in the weights'
    dtype, with ``weights``)."""
    counts = _ops.bincount(input, weights, minlength)
    return _as_long(counts) if weights is None else counts


# ---------------------------------------------------------------------------
# Shapes, joins and indexing

def cat(tensors, dim=0):
    """Join tensors along ``dim``."""
    return _ops.cat(tensors, dim)


def concat(tensors, dim=0):
    """Join tensors along ``dim`` (``cat``)."""
    return _ops.cat(tensors, dim)


def stack(tensors, dim=0):
    """Stack equal-shaped tensors along a new axis ``dim``."""
    return _ops.stack(tensors, dim)


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces along ``dim`` (the last may be smaller)."""
    return _ops.chunk(input, chunks, dim)


def split(tensor, split_size_or_sections, dim=0):
    """Split along ``dim`` into pieces of ``split_size_or_sections`` (an int: each
    that long, the last shorter; a list: those lengths)."""
    return _ops.split(tensor, split_size_or_sections, dim)


def narrow(input, dim, start, length):
    """``length`` elements of ``input`` from ``start`` along ``dim``."""
    return _ops.narrow(input, dim, start, length)


def select(input, dim, index):
    """The slice at ``index`` along ``dim``, that axis removed."""
    return _ops.squeeze(_ops.narrow(input, dim, index % _ops.shape(input)[dim], 1), dim)


def index_select(input, dim, index):
    """The slices of ``input`` at ``index`` (1-D) along ``dim``."""
    return _ops.index_select(input, dim, index)


def index_add(input, dim, index, source, *, alpha=1):
    """``input`` with ``alpha * source``'s slices added at ``index`` along ``dim``, as a
    new tensor (MindSpore 2.10's CPU kernel also writes the sum into ``input``)."""
    return _ops.index_add(input, _ops.cast(index, _dt.int32), source if alpha == 1
                          else _ops.mul(source, alpha), dim)


def gather(input, dim, index):
    """``out[i][j] = input[index[i][j]][j]`` for ``dim=0`` (``ops.gather_elements``)."""
    return _ops.gather_elements(input, dim, index)


def scatter(input, dim, index, src):
    """``input`` with ``src``'s elements (or the number ``src``) written at ``index``
    along ``dim``."""
    if not isinstance(src, Tensor):
        src = _ops.full(_ops.shape(index), src, dtype=input.dtype)
    return _ops.scatter(input, dim, index, src)


def scatter_add(input, dim, index, src):
    """``input`` with ``src``'s elements added at ``index`` along ``dim``."""
    if _ops.shape(src) != _ops.shape(index):      # mint reads src's leading block only
        src = src[tuple(builtins.slice(0, n) for n in _ops.shape(index))]
    return _ops.tensor_scatter_elements(input, index, src, dim, "add")


def reshape(input, shape):
    """``input`` with a new ``shape`` (one entry may be -1)."""
    return _ops.reshape(input, shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge the axes ``start_dim..end_dim`` into one (all of them by default)."""
    return _ops.flatten(input, start_dim=start_dim, end_dim=end_dim)


def squeeze(input, dim):
    """Remove the size-1 axes among ``dim`` (an int or a tuple); others are kept."""
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    shape = _ops.shape(input)
    rank = builtins.max(len(shape), 1)
    drop = tuple(d % rank for d in dims if len(shape) and shape[d] == 1)
    return _ops.squeeze(input, drop) if drop else input


def permute(input, dims):
    """``input`` with its axes in the order ``dims``."""
    return _ops.permute(input, tuple(dims))


def transpose(input, dim0, dim1):
    """``input`` with axes ``dim0`` and ``dim1`` swapped."""
    return _ops.swapaxes(input, dim0, dim1)


def t(input):
    """The transpose of a matrix (a tensor of rank 0 or 1 is returned as it is)."""
    if len(_ops.shape(input)) > 2:
        raise ValueError(f"t: input must have at most 2 dimensions, got {len(_ops.shape(input))}")
    return _ops.swapaxes(input, 0, 1) if len(_ops.shape(input)) == 2 else input


def diag(input, diagonal=0):
    """The matrix with 1-D ``input`` on diagonal ``diagonal``, or the ``diagonal``-th
    diagonal of a matrix."""
    if len(_ops.shape(input)) == 1:
        return _ops.diagflat(input, diagonal)
    return _ops.diagonal(input, diagonal)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (after joining ``prepend`` and ``append``)."""
    return _ops.diff(input, n, dim, prepend, append)


def repeat_interleave(input, repeats, dim=None, *, output_size=None):
    """Repeat each element (of the flattened input when ``dim`` is None) ``repeats`` times."""
    out = _ops.repeat_interleave(input, repeats, dim)
    if output_size is not None and _ops.shape(out)[0 if dim is None else dim] != output_size:
        raise ValueError(f"repeat_interleave: output_size {output_size} does not match the "
                         f"repeats' total")
    return out


def meshgrid(*tensors, indexing=None):
    """Coordinate grids of 1-D tensors (``indexing='ij'`` by default, or ``'xy'``)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    return _ops.meshgrid(*tensors, indexing="ij" if indexing is None else indexing)


def where(condition, input=None, other=None):
    """``where(condition, input, other)``: ``input`` where ``condition`` holds, else
    ``other``; ``where(condition)``: ``nonzero(condition, as_tuple=True)``."""
    if input is None and other is None:
        return _ops.nonzero(condition, as_tuple=True)
    return _ops_where(condition, input, other)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The ``p``-norm distances between the rows of ``x1`` and of ``x2`` (batched)."""
    if compute_mode not in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist"):
        raise ValueError(f"cdist: compute_mode {compute_mode!r} is not one of mint's three")
    return _ops.cdist(x1, x2, p)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """(the solution X of ``A X = b`` for triangular ``A`` (``Aᵀ X = b`` with
    ``transpose``), a copy of ``A``)."""
    from ..scipy.linalg import solve_triangular
    solution = solve_triangular(A, b, trans=1 if transpose else 0, lower=not upper,
                                unit_diagonal=unitriangular)
    return solution, clone(A)


# ---------------------------------------------------------------------------
# Constructors and random tensors (float32 by default)

def _shape(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    return tuple(size)


def zeros(size, *, dtype=None):
    """A tensor of zeros of shape ``size`` (float32 unless ``dtype`` says otherwise)."""
    return _ops.zeros(size, dtype=_dt.float32 if dtype is None else dtype)


def ones(size, *, dtype=None):
    """A tensor of ones of shape ``size`` (float32 unless ``dtype`` says otherwise)."""
    return _ops.ones(size, dtype=_dt.float32 if dtype is None else dtype)


def empty(*size, dtype=None, device=None, pin_memory=False):
    """A tensor of shape ``size`` (zeros here; mint leaves it uninitialised)."""
    return zeros(_shape(size), dtype=dtype)


def empty_like(input, *, dtype=None, device=None, pin_memory=False):
    """A tensor shaped as ``input`` (zeros here; mint leaves it uninitialised)."""
    return _ops.zeros_like(input, dtype=dtype)


def full(size, fill_value, *, dtype=None):
    """A tensor of shape ``size`` filled with ``fill_value`` (float32 for a float,
    int64 for an int, bool for a bool, unless ``dtype`` says otherwise)."""
    if dtype is None:
        dtype = (_dt.bool_ if isinstance(fill_value, (builtins.bool, np.bool_)) else _LONG
                 if isinstance(fill_value, (int, np.integer)) else _dt.float32)
    return _ops.full(size, fill_value, dtype=dtype)


def arange(start=0, end=None, step=1, *, dtype=None):
    """The numbers from ``start`` to ``end`` (excluded) by ``step``: int64 for ints,
    float32 when one is a float."""
    return _ops.arange(start, end, step, dtype=dtype)


def linspace(start, end, steps, *, dtype=None):
    """``steps`` evenly spaced numbers from ``start`` to ``end`` (both included), float32."""
    return _ops.linspace(start, end, steps, dtype=dtype)


def rand(*size, generator=None, dtype=None, device=None):
    """Uniform draws from [0, 1) of shape ``size`` (float32)."""
    _no_generator(generator, "rand")
    return _ops.rand(*size, dtype=dtype)


def randn(*size, generator=None, dtype=None, device=None):
    """Standard normal draws of shape ``size`` (float32)."""
    _no_generator(generator, "randn")
    return _ops.randn(*size, dtype=dtype)


def rand_like(input, *, dtype=None, device=None):
    """Uniform draws from [0, 1) shaped as ``input``."""
    return _ops.rand_like(input, dtype=dtype)


def randn_like(input, *, dtype=None, device=None):
    """Standard normal draws shaped as ``input``."""
    return _ops.randn_like(input, dtype=dtype)


def randint(*args, generator=None, dtype=None, device=None):
    """``randint(high, size)`` or ``randint(low, high, size)``: uniform ints in
    [low, high) (low 0 by default), int64."""
    _no_generator(generator, "randint")
    if len(args) == 2:
        args = (0,) + args
    if len(args) != 3:
        raise TypeError(f"randint: expected (high, size) or (low, high, size), got "
                        f"{len(args)} positional arguments")
    low, high, size = args
    return _ops.randint(low, high, tuple(size), dtype=_LONG if dtype is None else dtype)


def randint_like(*args, dtype=None, device=None):
    """``randint_like(input, high)`` or ``randint_like(input, low, high)``: uniform ints
    shaped as ``input`` (its dtype unless ``dtype`` says otherwise)."""
    if len(args) not in (2, 3):
        raise TypeError("randint_like: expected (input, high) or (input, low, high)")
    input, bounds = args[0], args[1:]
    low, high = (0,) + bounds if len(bounds) == 1 else bounds
    return _ops.randint(low, high, _ops.shape(input),
                        dtype=input.dtype if dtype is None else dtype)


def randperm(n, *, generator=None, dtype=_LONG):
    """A random permutation of 0..n-1 (int64)."""
    _no_generator(generator, "randperm")
    keys = _ops.rand(n, dtype=_dt.float64)
    return _ops.cast(_ops.argsort(keys), dtype)


def normal(mean=0.0, std=1.0, size=None, generator=None):
    """Normal draws with ``mean`` and ``std`` (numbers or tensors, broadcast), of shape
    ``size`` when both are numbers."""
    _no_generator(generator, "normal")
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise ValueError("normal: size is needed when mean and std are numbers")
        return _ops.add(_ops.mul(_ops.randn(tuple(size)), std), mean)
    shape = np.broadcast_shapes(_ops.shape(mean) if isinstance(mean, Tensor) else (),
                                _ops.shape(std) if isinstance(std, Tensor) else ())
    dtype = (mean if isinstance(mean, Tensor) else std).dtype
    return _ops.add(_ops.mul(_ops.randn(shape, dtype=dtype), std), mean)


def bernoulli(input, *, generator=None):
    """Draws of 1 with probability ``input`` (else 0), in ``input``'s dtype."""
    _no_generator(generator, "bernoulli")
    return _ops.cast(_ops.less(_ops.rand_like(input), input), input.dtype)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """``num_samples`` int64 category indices drawn per row of the weights ``input``
    (1-D or 2-D), without replacement unless ``replacement``."""
    _no_generator(generator, "multinomial")
    weights = input.asnumpy().astype(np.float64)
    rows = weights.reshape(-1, weights.shape[-1])
    if (rows < 0).any() or not (rows.sum(-1) > 0).all():
        raise ValueError("multinomial: input must be non-negative weights with a positive "
                         "sum in every row")
    if not replacement and num_samples > rows.shape[-1]:
        raise ValueError(f"multinomial: cannot draw {num_samples} samples without "
                         f"replacement from {rows.shape[-1]} categories")
    from .._random import _rng
    rng = _rng(None, "multinomial")
    out = np.stack([rng.choice(len(r), num_samples, replace=replacement, p=r / r.sum())
                    for r in rows]).astype(np.int64)
    return Tensor(out.reshape(weights.shape[:-1] + (num_samples,)))


def _no_generator(generator, owner):
    if generator is not None:
        raise TypeError(f"{owner}: generator must be None (draws follow dualgrad.set_seed)")


# ---------------------------------------------------------------------------
# Activations and convolution shared with mint.nn.functional

def softmax(input, dim, *, dtype=None):
    """``exp(input) / sum(exp(input))`` along ``dim``."""
    return _ops.softmax(input if dtype is None else _ops.cast(input, dtype), dim)


from .nn.functional import _inplace, conv2d  # noqa: E402

__all__ = sorted(n for n in dir() if not n.startswith("_") and n not in (
    "builtins", "np", "Tensor")) + ["Tensor"]
