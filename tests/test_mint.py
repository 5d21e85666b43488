"""dualgrad.mint: MindSpore 2.10's ``mindspore.mint`` (its top level,
``nn.functional``, ``linalg`` and ``special``).

Every case of tests/mint_reference.py against MindSpore 2.10's captured
dtype, shape, values and input gradient.  Where MindSpore 2.10's CPU build
has no kernel for a mint function (``mint.std``, ``mint.sort``, the ``Ext``
activations, the pooling and convolution functions...; recorded as "raises"
there), the same case is checked against a NumPy/SciPy formula written out
here, and its derivatives against finite differences.  Then the signatures
(keyword-only arguments and defaults), the functions mint shares with
``ops``, random tensors, in-place forms and bad arguments.
"""
import inspect
import math

import numpy as np
import pytest
from scipy import special as sps

import dualgrad as ms
import dualgrad.mint as mint
from dualgrad import Tensor, ops
from dualgrad.mint import linalg as ml, special as msp
from dualgrad.mint.nn import functional as mf
from dualgrad.testing import check_grads
from mint_reference import CASES, MINDSPORE, cotangent, inputs

SPACES = {"mint": mint, "mf": mf, "ml": ml, "msp": msp}
DTYPES = {"float64": ms.float64, "int32": ms.int32}


def _resolve(value, data):
    if isinstance(value, str) and value.startswith("@"):
        return data[value[1:]]
    if isinstance(value, list):
        return [_resolve(v, data) for v in value]
    return DTYPES.get(value, value) if isinstance(value, str) else value


def _call(name, data):
    ns, fn, args, kwargs = CASES[name]
    args = [_resolve(a, data) for a in args]
    kwargs = {k: _resolve(v, data) for k, v in kwargs.items()}
    fun = getattr(SPACES[ns], fn)
    return fun, args, kwargs


def _outputs(out):
    return [out] if isinstance(out, Tensor) else list(out)


def _first(out):
    return out if isinstance(out, Tensor) else out[0]


def _weighted_grad(fun, args, kwargs):
    first = _first(fun(*args, **kwargs))
    weights = Tensor(cotangent(first.shape), first.dtype)
    return ms.grad(lambda a0: (_first(fun(a0, *args[1:], **kwargs)) * weights).sum())(args[0])


def _close(actual, expected, dtype):
    tol = dict(rtol=1e-12, atol=0) if dtype.kind in "biu" else dict(rtol=3e-5, atol=3e-6)
    np.testing.assert_allclose(np.asarray(actual, np.float64).ravel(),
                               np.asarray(expected, np.float64).ravel(), **tol)


CAPTURED = [n for n in CASES if MINDSPORE[n][0] != "raises"]
RAISING = [n for n in CASES if MINDSPORE[n][0] == "raises"]


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients

@pytest.mark.parametrize("name", CAPTURED)
def test_values_and_gradients_match_mindspore(name):
    data = {k: Tensor(v) for k, v in inputs().items()}
    fun, args, kwargs = _call(name, data)
    out = fun(*args, **kwargs)
    record = MINDSPORE[name]
    if record[0] == "python":
        assert type(out).__name__ == record[1] and out == record[2]
        return
    kind, expected, grad = record
    assert kind == ("tensor" if isinstance(out, Tensor) else "tuple")
    outs = _outputs(out)
    assert len(outs) == len(expected)
    for t, (dtype, shape, values) in zip(outs, expected):
        assert str(t.dtype).lower() == dtype and t.shape == tuple(shape), (t.dtype, t.shape)
        _close(t.asnumpy(), values, np.dtype(dtype))
    if isinstance(grad, list):
        g = _weighted_grad(fun, args, kwargs)
        np.testing.assert_allclose(g.asnumpy().ravel(), grad, rtol=3e-5, atol=3e-6)


# ---------------------------------------------------------------------------
# NumPy formulas for the cases MindSpore 2.10's CPU build cannot run (float64
# arithmetic on the float32 inputs; the result in mint's dtype)

F32, I64 = np.float32, np.int64


def _f(value):
    return np.asarray(value, np.float64).astype(F32)


def _axes(dim, ndim):
    return tuple(range(ndim)) if dim is None or dim == () else dim


def _moments(a, dim=None, correction=1, keepdim=False):
    axes = _axes(dim, a.ndim)
    n = np.prod([a.shape[d] for d in np.atleast_1d(axes)])
    mean = a.mean(axis=axes, keepdims=True)
    var = ((a - mean) ** 2).sum(axis=axes, keepdims=keepdim) / (n - correction)
    return var, a.mean(axis=axes, keepdims=keepdim)


def _arg_extremum(np_arg):
    def fn(a, dim=None, keepdim=False):
        if dim is None:
            return np.asarray(np_arg(a), I64)
        return np_arg(a, axis=dim, keepdims=keepdim).astype(I64)
    return fn


def _lower_median(a, dim=None, keepdim=False):
    if dim is None:
        return _f(np.sort(a, axis=None)[(a.size - 1) // 2])
    order = np.argsort(a, axis=dim, kind="stable")
    pick = np.take(order, [(a.shape[dim] - 1) // 2], axis=dim)
    values = np.take_along_axis(a, pick, dim)
    if not keepdim:
        values, pick = values.squeeze(dim), pick.squeeze(dim)
    return _f(values), pick.astype(I64)


def _norm(a, p="fro", dim=None, keepdim=False):
    if p == "nuc":
        return _f(np.linalg.norm(a, "nuc"))
    p = 2 if p == "fro" else p
    axes = _axes(dim, a.ndim)
    if p == float("inf"):
        return _f(np.abs(a).max(axis=axes, keepdims=keepdim))
    return _f((np.abs(a) ** p).sum(axis=axes, keepdims=keepdim) ** (1 / p))


def _sort(a, dim=-1, descending=False):
    order = np.argsort(-a if descending else a, axis=dim, kind="stable")
    return _f(np.take_along_axis(a, order, dim)), order.astype(I64)


def _topk(a, k, dim=-1, largest=True, sorted=True):
    values, order = _sort(a, dim, largest)
    return np.take(values, range(k), dim), np.take(order, range(k), dim)


def _kthvalue(a, k, dim=-1, keepdim=False):
    values, order = _sort(a, dim)
    values, order = np.take(values, [k - 1], dim), np.take(order, [k - 1], dim)
    return (values, order) if keepdim else (values.squeeze(dim), order.squeeze(dim))


def _running_min(a, dim):
    a = np.moveaxis(a, dim, 0)
    values, indices = a.copy(), np.zeros(a.shape, I64)
    for i in range(1, len(a)):
        keep = values[i - 1] < a[i]
        values[i] = np.where(keep, values[i - 1], a[i])
        indices[i] = np.where(keep, indices[i - 1], i)
    return np.moveaxis(values, 0, dim), np.moveaxis(indices, 0, dim)


def _windows(a, kernel, stride, pad, fill=0.0, dilation=1):
    """(N, C, out..., k...) windows of the last len(kernel) axes after padding."""
    nd = len(kernel)
    a = np.pad(a, [(0, 0)] * (a.ndim - nd) + [(p, p) for p in pad], constant_values=fill)
    span = [(k - 1) * dilation + 1 for k in kernel]
    w = np.lib.stride_tricks.sliding_window_view(a, span, axis=tuple(range(-nd, 0)))
    w = w[(Ellipsis,) + tuple(slice(None, None, s) for s in stride) + (slice(None),) * nd]
    return w[(Ellipsis,) + tuple(slice(None, None, dilation) for _ in kernel)]


def _tuple(v, nd):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * nd


def _conv(a, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    nd = w.ndim - 2
    kernel, dil = w.shape[2:], _tuple(dilation, nd)
    if padding == "same":
        total = [d * (k - 1) for d, k in zip(dil, kernel)]
        a = np.pad(a, [(0, 0), (0, 0)] + [(t // 2, t - t // 2) for t in total])
        padding = 0
    elif padding == "valid":
        padding = 0
    win = _windows(a, kernel, _tuple(stride, nd), _tuple(padding, nd), dilation=dil[0])
    letters = "xyz"[:nd]
    out = np.einsum(f"nc{letters}{letters.upper()},oc{letters.upper()}->no{letters}", win,
                    w.astype(np.float64))
    return _f(out if b is None else out + b.reshape((-1,) + (1,) * nd))


def _avg_pool(a, kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
              divisor_override=None, nd=2):
    kernel = _tuple(kernel, nd)
    stride = kernel if stride is None else _tuple(stride, nd)
    pad = _tuple(padding, nd)
    extra = [0] * nd
    if ceil_mode:
        for i in range(nd):
            n = a.shape[-nd + i] + 2 * pad[i]
            out = -(-(n - kernel[i]) // stride[i]) + 1
            if (out - 1) * stride[i] >= a.shape[-nd + i] + pad[i]:
                out -= 1
            extra[i] = max(0, (out - 1) * stride[i] + kernel[i] - n)
    padded = np.pad(a, [(0, 0)] * (a.ndim - nd) + [(p, p + e) for p, e in zip(pad, extra)])
    ones = np.pad(np.ones(a.shape[-nd:]), [(p, p + e) for p, e in zip(pad, extra)])
    inside = np.pad(np.ones(np.add(a.shape[-nd:], np.multiply(pad, 2))), [(0, e) for e in extra])
    win = _windows(padded, kernel, stride, [0] * nd)
    axes = tuple(range(-nd, 0))
    total = win.sum(axis=axes)
    if divisor_override:
        count = divisor_override
    elif count_include_pad:
        count = _windows(inside, kernel, stride, [0] * nd).sum(axis=axes)
    else:
        count = _windows(ones, kernel, stride, [0] * nd).sum(axis=axes)
    return _f(total / count)


def _max_pool2d(a, kernel, stride=None, padding=0, dilation=1, ceil_mode=False,
                return_indices=False):
    kernel = _tuple(kernel, 2)
    stride = kernel if stride is None else _tuple(stride, 2)
    pad = _tuple(padding, 2)
    flat = np.arange(a.shape[-2] * a.shape[-1], dtype=np.float64).reshape(a.shape[-2:])
    win = _windows(a, kernel, stride, pad, fill=-np.inf)
    where = _windows(np.broadcast_to(flat, a.shape), kernel, stride, pad, fill=-1)
    shape = win.shape[:-2] + (-1,)
    pick = win.reshape(shape).argmax(-1)[..., None]
    values = np.take_along_axis(win.reshape(shape), pick, -1)[..., 0]
    indices = np.take_along_axis(where.reshape(shape), pick, -1)[..., 0]
    return (_f(values), indices.astype(I64)) if return_indices else _f(values)


def _adaptive(a, sizes, reduce):
    nd = len(sizes)
    out = np.empty(a.shape[:-nd] + tuple(sizes))
    for index in np.ndindex(*sizes):
        sl = tuple(slice((i * n) // s, -(-((i + 1) * n) // s))
                   for i, n, s in zip(index, a.shape[-nd:], sizes))
        block = a[(Ellipsis,) + sl].reshape(a.shape[:-nd] + (-1,))
        out[(Ellipsis,) + index] = reduce(block, -1)
    return out


def _adaptive_max_1d(a, size, return_indices=False):
    values = _adaptive(a, (size,), np.max)
    if not return_indices:
        return _f(values)
    n = a.shape[-1]
    idx = np.stack([(i * n) // size + np.argmax(a[..., (i * n) // size:-(-((i + 1) * n) // size)],
                                                -1) for i in range(size)], -1)
    return _f(values), idx.astype(I64)


def _softmax(a, dim):
    e = np.exp(a - a.max(dim, keepdims=True))
    return e / e.sum(dim, keepdims=True)


def _log_softmax(a, dim=None):
    dim = dim if dim is not None else (0 if a.ndim in (0, 1, 3) else 1)
    return _f(np.log(_softmax(a.astype(np.float64), dim)))


def _reduce(loss, reduction):
    return _f({"mean": np.mean, "sum": np.sum, "none": np.asarray}[reduction](loss))


def _cross_entropy(a, target, weight=None, ignore_index=-100, reduction="mean",
                   label_smoothing=0.0):
    logp = np.log(_softmax(a.astype(np.float64), 1))
    c = a.shape[1]
    w = np.ones(c) if weight is None else weight
    if target.dtype.kind == "f":
        return _reduce(-(w * target * logp).sum(1), reduction)
    hot = np.eye(c)[target] * (1 - label_smoothing) + label_smoothing / c
    loss = -(w * hot * logp).sum(1)
    if reduction == "mean":
        return _f(loss.sum() / w[target].sum())
    return _reduce(loss, reduction)


def _kl_div(a, target, reduction="mean", log_target=False):
    loss = np.exp(target) * (target - a) if log_target else \
        np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - a), 0.0)
    if reduction == "batchmean":
        return _f(loss.sum() / a.shape[0])
    return _reduce(loss, reduction)


def _cosine_embedding(a, b, y, margin=0.0, reduction="mean"):
    cos = (a * b).sum(1) / np.sqrt((a * a).sum(1) * (b * b).sum(1))
    return _reduce(np.where(y > 0, 1 - cos, np.maximum(0, cos - margin)), reduction)


def _pad(a, pad, mode="constant", value=None):
    widths = [(0, 0)] * a.ndim
    for i in range(len(pad) // 2):
        widths[a.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    if mode == "constant":
        return _f(np.pad(a, widths, constant_values=0 if value is None else value))
    return _f(np.pad(a, widths, mode=mode))


def _batch_norm(a, mean, var, weight=None, bias=None, *rest):
    shape = (1, -1) + (1,) * (a.ndim - 2)
    out = (a - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + 1e-5)
    if weight is not None:
        out = out * weight.reshape(shape) + bias.reshape(shape)
    return _f(out)


def _layer_norm(a, shape, weight=None, bias=None, eps=1e-5):
    axes = tuple(range(-len(shape), 0))
    out = (a - a.mean(axes, keepdims=True)) / np.sqrt(a.var(axes, keepdims=True) + eps)
    return _f(out if weight is None else out * weight + bias)


def _unfold(a, kernel, dilation=1, padding=0, stride=1):
    kernel = _tuple(kernel, 2)
    win = _windows(a, kernel, _tuple(stride, 2), _tuple(padding, 2))   # N C oh ow kh kw
    n, c, oh, ow, kh, kw = win.shape
    return _f(win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, oh * ow))


def _fold(a, output_size, kernel, dilation=1, padding=0, stride=1):
    kh, kw = _tuple(kernel, 2)
    oh, ow = output_size
    n, ckk, blocks = a.shape
    c = ckk // (kh * kw)
    nh, nw = oh - kh + 1, ow - kw + 1
    cols = a.reshape(n, c, kh, kw, nh, nw)
    out = np.zeros((n, c, oh, ow))
    for i in range(kh):
        for j in range(kw):
            out[:, :, i:i + nh, j:j + nw] += cols[:, :, i, j]
    return _f(out)


def _nearest_2x(a, scale_factor=None, **kw):
    return _f(a.repeat(2, -1).repeat(2, -2))


def _linear_resize(a, n_out, align_corners):
    n_in = a.shape[-1]
    x = (np.arange(n_out) * (n_in - 1) / (n_out - 1) if align_corners
         else np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, None))
    lo = np.minimum(np.floor(x).astype(int), n_in - 1)
    hi = np.minimum(lo + 1, n_in - 1)
    t = x - lo
    return a[..., lo] * (1 - t) + a[..., hi] * t


def _interpolate(a, size=None, scale_factor=None, mode="nearest", align_corners=None):
    if mode == "nearest":
        return _nearest_2x(a)
    if mode == "linear":
        return _f(_linear_resize(a, int(a.shape[-1] * scale_factor), bool(align_corners)))
    rows = _linear_resize(a, size[1], bool(align_corners))
    return _f(np.swapaxes(_linear_resize(np.swapaxes(rows, -1, -2), size[0],
                                         bool(align_corners)), -1, -2))


def _unique(a, return_inverse=False, return_counts=False):
    out, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    result = (_f(out),) + ((inverse.astype(I64),) if return_inverse else ()) + \
        ((counts.astype(I64),) if return_counts else ())
    return result[0] if len(result) == 1 else result


def _histc(a, bins=100, min=0, max=0):
    return _f(np.histogram(a, bins, (min, max))[0])


def _scatter(a, dim, index, src, add=False):
    out = a.copy()
    src = np.broadcast_to(src, index.shape) if np.ndim(src) == 0 else src
    for pos in np.ndindex(*index.shape):
        target = list(pos)
        target[dim] = index[pos]
        if add:
            out[tuple(target)] += src[pos]
        else:
            out[tuple(target)] = src[pos]
    return _f(out)


def _index_add(a, dim, index, source, alpha=1):
    out = np.array(a, np.float64)
    for k, i in enumerate(index):
        sl = [slice(None)] * a.ndim
        sl[dim] = i
        src = [slice(None)] * a.ndim
        src[dim] = k
        out[tuple(sl)] += alpha * source[tuple(src)]
    return _f(out)


def _triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    from scipy.linalg import solve_triangular
    return _f(solve_triangular(A, b, lower=not upper)), _f(A)


def _qr(a, mode="reduced"):
    q, r = np.linalg.qr(a.astype(np.float64), mode=mode)
    signs = np.sign(np.diag(r))         # LAPACK's signs: the first is not fixed
    return _f(q), _f(r)


def _diag(a, diagonal=0):
    return _f(np.diag(a, diagonal))


def _matrix_norm(a, ord="fro", dim=(-2, -1), keepdim=False):
    return _f(np.linalg.norm(a.astype(np.float64), ord, dim, keepdim))


def _linalg_norm(a, ord=None, dim=None, keepdim=False):
    if dim is None and ord is None:
        return _f(np.sqrt((a.astype(np.float64) ** 2).sum()))
    return _f(np.linalg.norm(a.astype(np.float64), ord, dim, keepdim))


NUMPY = {
    "mint.acos": np.arccos, "mint.arccos": np.arccos, "mint.acosh": np.arccosh,
    "mint.arccosh": np.arccosh, "mint.arcsin": np.arcsin, "mint.asin": np.arcsin,
    "mint.arcsinh": np.arcsinh, "mint.asinh": np.arcsinh, "mint.arctan": np.arctan,
    "mint.atan": np.arctan, "mint.atan2": np.arctan2, "mint.arctan2": np.arctan2,
    "mint.exp2": np.exp2, "msp.exp2": np.exp2, "mint.log10": np.log10, "mint.log2": np.log2,
    "mint.frac": lambda a: a - np.trunc(a), "mint.isneginf": np.isneginf,
    "mint.clone": np.copy, "mint.bitwise_not": np.invert, "mint.trace": np.trace,
    "mint.inverse": np.linalg.inv, "ml.inv": np.linalg.inv,
    "mint.round": lambda a, decimals=0: np.round(a, decimals),
    "mint.logaddexp": np.logaddexp, "mint.logaddexp2": np.logaddexp2,
    "mint.bitwise_or": np.bitwise_or, "mint.bitwise_xor": np.bitwise_xor,
    "mint.outer": np.outer, "mint.dot": np.dot, "mint.vdot": np.vdot, "mint.mm": np.matmul,
    "mint.mv": np.matmul,
    "mint.equal": lambda a, b: bool(a.shape == b.shape and (a == b).all()),
    "mint.addcdiv": lambda a, b, c, value=1: a + value * b / c,
    "mint.addcmul": lambda a, b, c, value=1: a + value * b * c,
    "mint.addmm": lambda a, b, c, beta=1, alpha=1: beta * a + alpha * b @ c,
    "mint.addmv": lambda a, b, c, beta=1, alpha=1: beta * a + alpha * b @ c,
    "mint.addbmm": lambda a, b, c, beta=1, alpha=1: beta * a + alpha * (b @ c).sum(0),
    "mint.baddbmm": lambda a, b, c, beta=1, alpha=1: beta * a + alpha * (b @ c),
    "mint.where": lambda c, a=None, b=None: (tuple(i.astype(I64) for i in np.nonzero(c))
                                             if a is None else np.where(c, a, b)),
    "mint.einsum": np.einsum,
    "mint.nansum": lambda a, dim=None, keepdim=False: np.nansum(a, _axes(dim, a.ndim),
                                                                keepdims=keepdim),
    "mint.logsumexp": lambda a, dim, keepdim=False: np.log(np.exp(a).sum(dim,
                                                                         keepdims=keepdim)),
    "mint.var": lambda a, dim=None, correction=1, keepdim=False:
        _moments(a, dim, correction, keepdim)[0],
    "mint.std": lambda a, dim=None, correction=1, keepdim=False:
        np.sqrt(_moments(a, dim, correction, keepdim)[0]),
    "mint.var_mean": lambda a, dim=None, keepdim=False: _moments(a, dim, 1, keepdim),
    "mint.std_mean": lambda a, dim=None, keepdim=False:
        tuple(f(v) for f, v in zip((np.sqrt, np.asarray), _moments(a, dim, 1, keepdim))),
    "mint.argmax": _arg_extremum(np.argmax), "mint.argmin": _arg_extremum(np.argmin),
    "mint.median": _lower_median,
    "mint.count_nonzero": lambda a, dim=None: np.asarray(
        np.count_nonzero(a, axis=dim), I64),
    "mint.norm": _norm,
    "mint.cumsum": lambda a, dim: np.cumsum(a, dim).astype(I64 if a.dtype.kind in "iu"
                                                            else F32),
    "mint.cummin": lambda a, dim: _running_min(a, dim),
    "mint.sort": lambda a, dim=-1, descending=False: _sort(a, dim, descending),
    "mint.argsort": lambda a, dim=-1, descending=False: _sort(a, dim, descending)[1],
    "mint.topk": _topk, "mint.kthvalue": _kthvalue, "mint.unique": _unique,
    "mint.histc": _histc,
    "mint.bincount": lambda a, minlength=0: np.bincount(a, minlength=minlength).astype(I64),
    "mint.nonzero": lambda a, as_tuple=False: tuple(i.astype(I64) for i in np.nonzero(a)),
    "mint.stack": lambda ts, dim=0: np.stack(ts, dim),
    "mint.index_select": lambda a, dim, i: np.take(a, i, dim),
    "mint.take": lambda a, i: np.take(a, i), "mint.scatter": _scatter,
    "mint.scatter_add": lambda a, d, i, s: _scatter(a, d, i, s, add=True),
    "mint.index_add": _index_add,
    "mint.roll": lambda a, s, d: np.roll(a, s, d), "mint.tril": np.tril, "mint.diag": _diag,
    "mint.repeat_interleave": lambda a, r, dim=None: np.repeat(a, r, dim),
    "mint.triangular_solve": _triangular_solve,
    "mint.zeros_like": np.zeros_like, "mint.ones_like": np.ones_like,
    "mint.full_like": np.full_like,
    "mint.full": lambda size, v: np.full(size, v, I64 if isinstance(v, int) else F32),
    "mint.arange": lambda *a: np.arange(*a).astype(I64 if all(isinstance(v, int) for v in a)
                                                   else F32),
    "mint.linspace": lambda a, b, n: np.linspace(a, b, n).astype(F32),
    "mint.conv2d": _conv, "mf.conv2d": _conv, "mf.conv1d": _conv, "mf.conv3d": _conv,
    "mf.relu6": lambda a: np.clip(a, 0, 6),
    "mf.elu": lambda a, alpha=1.0: np.where(a > 0, a, alpha * np.expm1(a)),
    "mf.logsigmoid": lambda a: -np.logaddexp(0, -a),
    "mf.mish": lambda a: a * np.tanh(np.logaddexp(0, a)),
    "mf.selu": lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 *
                                                       np.expm1(a)),
    "mf.hardtanh": lambda a, lo=-1.0, hi=1.0: np.clip(a, lo, hi),
    "mf.leaky_relu": lambda a, s=0.01: np.where(a > 0, a, s * a),
    "mf.gelu": lambda a, approximate="none": (
        0.5 * a * (1 + sps.erf(a / np.sqrt(2))) if approximate == "none" else
        0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a + 0.044715 * a ** 3)))),
    "mf.log_softmax": _log_softmax, "msp.log_softmax": _log_softmax,
    "mf.threshold": lambda a, t, v: np.where(a > t, a, v),
    "mf.normalize": lambda a, p=2.0, dim=1: a / np.maximum(
        (np.abs(a) ** p).sum(dim, keepdims=True) ** (1 / p), 1e-12),
    "mf.one_hot": lambda a, n=-1: np.eye(a.max() + 1 if n == -1 else n, dtype=I64)[a],
    "mf.pad": _pad,
    "mf.avg_pool1d": lambda a, *r, **k: _avg_pool(a, *r, nd=1, **k),
    "mf.avg_pool2d": lambda a, *r, **k: _avg_pool(a, *r, nd=2, **k),
    "mf.avg_pool3d": lambda a, *r, **k: _avg_pool(a, *r, nd=3, **k),
    "mf.max_pool2d": _max_pool2d,
    "mf.adaptive_avg_pool1d": lambda a, s: _adaptive(a, (s,), np.mean),
    "mf.adaptive_avg_pool2d": lambda a, s: _adaptive(a, s, np.mean),
    "mf.adaptive_avg_pool3d": lambda a, s: _adaptive(a, (s,) * 3, np.mean),
    "mf.adaptive_max_pool1d": _adaptive_max_1d,
    "mf.batch_norm": _batch_norm, "mf.layer_norm": _layer_norm,
    "mf.embedding": lambda i, w: w[i], "mf.unfold": _unfold, "mf.fold": _fold,
    "mf.interpolate": _interpolate, "mf.upsample": _interpolate,
    "mf.dropout2d": lambda a, p, training: a,
    "mf.mse_loss": lambda a, b, reduction="mean": _reduce((a - b) ** 2, reduction),
    "mf.l1_loss": lambda a, b, reduction="mean": _reduce(np.abs(a - b), reduction),
    "mf.soft_margin_loss": lambda a, b, reduction="mean":
        _reduce(np.log1p(np.exp(-a * b)), reduction),
    "mf.cross_entropy": _cross_entropy, "mf.kl_div": _kl_div,
    "mf.cosine_embedding_loss": _cosine_embedding,
    "ml.qr": _qr, "ml.vector_norm": lambda a, ord=2, dim=None, keepdim=False:
        _norm(a, ord, dim, keepdim),
    "ml.matrix_norm": _matrix_norm, "ml.norm": _linalg_norm,
}


def _numpy_args(name):
    data = inputs()
    ns, fn, args, kwargs = CASES[name]
    conv = lambda v: np.asarray(v).astype(np.float64) if isinstance(v, np.ndarray) and \
        v.dtype == F32 else v                                            # noqa: E731
    args = [conv(_resolve(a, data)) if not isinstance(a, list) else
            [conv(v) for v in _resolve(a, data)] for a in args]
    return args, {k: conv(_resolve(v, data)) for k, v in kwargs.items()}


def _expected_dtype(expected, out):
    """mint's dtype: that of the formula's integers and bools, else float32."""
    e = np.asarray(expected)
    return e.dtype if e.dtype.kind in "biu" else np.dtype(F32)


@pytest.mark.parametrize("name", RAISING)
def test_values_without_a_mindspore_kernel_match_numpy(name):
    ns, fn, _, _ = CASES[name]
    data = {k: Tensor(v) for k, v in inputs().items()}
    fun, args, kwargs = _call(name, data)
    out = fun(*args, **kwargs)
    np_args, np_kwargs = _numpy_args(name)
    expected = NUMPY[f"{ns}.{fn}"](*np_args, **np_kwargs)
    if isinstance(expected, bool):
        assert out is expected
        return
    outs = _outputs(out)
    expected = [expected] if not isinstance(expected, tuple) else list(expected)
    assert len(outs) == len(expected)
    if name == "ml.qr" or name == "ml.qr complete":
        q, r = (o.asnumpy() for o in outs)           # Q R = A, Q orthonormal, R triangular
        np.testing.assert_allclose(q @ r, np_args[0], atol=2e-5)
        np.testing.assert_allclose(q.T @ q, np.eye(q.shape[1]), atol=2e-5)
        np.testing.assert_allclose(np.tril(r, -1), 0, atol=1e-6)
        assert q.shape == expected[0].shape and r.shape == expected[1].shape
        return
    for t, e in zip(outs, expected):
        e = np.asarray(e)
        assert np.dtype(str(t.dtype).lower()) == _expected_dtype(e, t), (t.dtype, e.dtype)
        assert t.shape == e.shape, (t.shape, e.shape)
        _close(t.asnumpy(), e, e.dtype)


def _differentiable(name):
    ns, fn, args, _ = CASES[name]
    first = inputs().get(args[0][1:]) if isinstance(args[0], str) and args[0][:1] == "@" \
        else None
    return first is not None and first.dtype == F32 and fn not in (
        "argmax", "argmin", "argsort", "count_nonzero", "histc", "isneginf", "equal",
        "unique", "nonzero", "zeros_like", "ones_like", "full_like", "dropout2d")


@pytest.mark.parametrize("name", [n for n in RAISING if _differentiable(n)])
def test_gradients_without_a_mindspore_kernel_match_finite_differences(name):
    """First and second derivatives in forward and reverse mode, float64 inputs."""
    data = {k: Tensor(v.astype(np.float64) if v.dtype == F32 else v)
            for k, v in inputs().items()}
    fun, args, kwargs = _call(name, data)
    check_grads(lambda a0: _first(fun(a0, *args[1:], **kwargs)), (args[0],), order=2,
                modes=("fwd", "rev"))
