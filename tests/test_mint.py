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

import dualgrad as ms
import dualgrad.mint as mint
from dualgrad import Tensor, ops
from dualgrad.mint import linalg as ml, special as msp
from dualgrad.mint.nn import functional as mf
from dualgrad.testing import check_grads
from mint_reference import CASES, MINDSPORE, cotangent, inputs
from vmap_reference import assert_vmap_is_a_loop

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


def _conv_transpose2d(a, w, b=None, stride=1, padding=0, output_padding=0):
    n, c, h, wd = a.shape
    k = w.shape[2]
    size = [(m - 1) * stride + k + output_padding for m in (h, wd)]
    full = np.zeros((n, w.shape[1], size[0] + padding, size[1] + padding))
    for i in range(h):
        for j in range(wd):
            full[:, :, i * stride:i * stride + k, j * stride:j * stride + k] += np.einsum(
                "nc,cokl->nokl", a[:, :, i, j], w)
    out = full[:, :, padding:padding + size[0] - 2 * padding,
               padding:padding + size[1] - 2 * padding]
    return _f(out + b.reshape(1, -1, 1, 1))


def _max_unpool2d(a, indices, kernel, stride=None, padding=0, output_size=None):
    stride = kernel if stride is None else stride
    size = output_size or tuple((m - 1) * stride - 2 * padding + kernel for m in a.shape[-2:])
    out = np.zeros(a.shape[:2] + (size[0] * size[1],))
    np.put_along_axis(out, indices.reshape(a.shape[:2] + (-1,)), a.reshape(a.shape[:2] + (-1,)),
                      -1)
    return _f(out.reshape(a.shape[:2] + tuple(size)))


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
    # (only the named triangle of A is read)
    return _f(np.linalg.solve(np.triu(A) if upper else np.tril(A), b)), _f(A)


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
    "mint.exp": np.exp, "mint.sigmoid": lambda a: 1 / (1 + np.exp(-a)),
    "mint.floor_divide": np.floor_divide, "mint.exp2": np.exp2, "msp.exp2": np.exp2, "mint.log10": np.log10, "mint.log2": np.log2,
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
        0.5 * a * (1 + np.vectorize(math.erf)(a / np.sqrt(2))) if approximate == "none" else
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
    "mf.embedding": lambda i, w: w[i], "mf.conv_transpose2d": _conv_transpose2d,
    "mf.max_unpool2d": _max_unpool2d, "mf.unfold": _unfold, "mf.fold": _fold,
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
    """Whether the case's first input and first output are floating-point (and the
    output depends on the input's values)."""
    ns, fn, args, _ = CASES[name]
    first = inputs().get(args[0][1:]) if isinstance(args[0], str) and args[0][:1] == "@" \
        else None
    # unique's output shape changes under finite differences of tied inputs
    if first is None or first.dtype != F32 or fn in (
            "histc", "zeros_like", "ones_like", "full_like", "empty_like", "dropout2d",
            "unique"):
        return False
    out = _call(name, {k: Tensor(v) for k, v in inputs().items()})
    out = out[0](*out[1], **out[2])
    return isinstance(out, (Tensor, tuple, list)) and \
        np.dtype(str(_first(out).dtype).lower()).kind == "f"


@pytest.mark.parametrize("name", [n for n in CASES if _differentiable(n)])
def test_gradients_match_finite_differences(name):
    """First and second derivatives in forward and reverse mode, float64 inputs (the
    only derivative check of the cases MindSpore 2.10's CPU build cannot run)."""
    data = {k: Tensor(v.astype(np.float64) if v.dtype == F32 else v)
            for k, v in inputs().items()}
    fun, args, kwargs = _call(name, data)
    check_grads(lambda a0: _first(fun(a0, *args[1:], **kwargs)), (args[0],), order=2,
                modes=("fwd", "rev"))


# ---------------------------------------------------------------------------
# Names, signatures and the functions mint shares with ops

# mint's names that dualgrad.mint leaves out, and why
SKIPPED = {
    "mint": {"absolute_import": "a __future__ feature, not a function",
             "batch_norm_elemt": "Ascend statistics kernel of SyncBatchNorm",
             "batch_norm_gather_stats_with_counts": "Ascend statistics kernel",
             "batch_norm_stats": "Ascend statistics kernel",
             "cdist_": "internal kernel of cdist", "conv_tbc": "Ascend-only kernel",
             "constexpr": "graph-mode marker", "jit_forbidden_register": "graph-mode marker",
             "jit_view_unsupported": "graph-mode marker", "distributed": "communication",
             "equal_ext_op": "internal primitive of equal",
             "flatten_ext": "internal kernel of flatten", "npu_gelu": "Ascend-only kernel",
             "softmax_ext": "internal kernel of softmax",
             "squeeze_impl": "internal primitive of squeeze", "mindspore": "the package",
             "ops": "mindspore.ops (dualgrad.ops)",
             "functional": "an internal module", "polar": "complex tensors"},
    "mf": {"absolute_import": "a __future__ feature", "adaptive_avg_pool3d_ext": "internal",
           "elu_ext": "internal", "hardtanh_op": "internal", "inplace_elu": "internal",
           "inplace_silu": "internal", "norm_ext": "internal", "silu_func": "internal",
           "threshold_op": "internal", "ops": "a module", "validator": "a module"},
    "ml": {"absolute_import": "a __future__ feature"},
    "msp": {"absolute_import": "a __future__ feature", "round_op": "internal primitive"},
}

# mint's functions that are the very objects of mindspore.ops in MindSpore 2.10
SHARED_WITH_OPS = {
    "mint": ["abs", "arctanh", "atanh", "ceil", "cos", "cosh", "cross", "cumprod", "divide",
             "dstack", "erf", "erfc", "erfinv", "exp", "expm1", "eye", "flip", "floor", "gcd",
             "greater", "gt", "hstack", "isclose", "isinf", "le", "less", "less_equal", "log",
             "log1p", "logical_and", "logical_not", "logical_or", "logical_xor", "lt",
             "masked_select", "matmul", "maximum", "minimum", "nan_to_num", "ne", "neg",
             "negative", "nonzero", "ravel", "reciprocal", "roll", "round", "rsqrt",
             "searchsorted", "sigmoid", "sign", "sin", "sinc", "sinh", "square", "take", "tan",
             "tanh", "tile", "triu", "trunc"],
    "mf": ["adaptive_max_pool2d", "broadcast_to", "clamp", "conv_transpose2d", "embedding",
           "group_norm", "hardshrink", "hardsigmoid", "hardswish", "layer_norm", "prelu",
           "sigmoid", "soft_margin_loss", "softshrink", "tanh"],
    "msp": ["erfc", "expm1", "log1p", "sinc"],
}

# the signatures MindSpore 2.10 documents for its overloaded (*args) functions, and
# those of mint's own functions (dualgrad's ops forms of matmul and round, which mint
# shares, keep their extra ops arguments)
SIGNATURES = {
    "mint": {
        "add": "(input, other, *, alpha=1)", "sub": "(input, other, *, alpha=1)",
        "addcdiv": "(input, tensor1, tensor2, *, value=1)",
        "addcmul": "(input, tensor1, tensor2, *, value=1)",
        "addmm": "(input, mat1, mat2, *, beta=1, alpha=1)",
        "baddbmm": "(input, batch1, batch2, *, beta=1, alpha=1)",
        "all": "(input, dim=None, keepdim=False)", "any": "(input, dim=None, keepdim=False)",
        "amax": "(input, dim=(), keepdim=False)", "arange": "(start=0, end=None, step=1, *, "
        "dtype=None)", "argsort": "(input, dim=-1, descending=False, stable=False)",
        "arcsin": "(x)", "isnan": "(tensor)", "cat": "(tensors, dim=0)",
        "cdist": "(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary')",
        "clamp": "(input, min=None, max=None)", "div": "(input, other, *, rounding_mode=None)",
        "empty": "(*size, dtype=None, device=None, pin_memory=False)",
        "empty_like": "(input, *, dtype=None, device=None, pin_memory=False)",
        "flatten": "(input, start_dim=0, end_dim=-1)", "gather": "(input, dim, index)",
        "index_add": "(input, dim, index, source, *, alpha=1)",
        "kthvalue": "(input, k, dim=-1, keepdim=False)", "lerp": "(input, end, weight)",
        "mean": "(input, dim=None, keepdim=False, *, dtype=None)",
        "median": "(input, dim=None, keepdim=False)", "meshgrid": "(*tensors, indexing=None)",
        "nansum": "(input, dim=None, keepdim=False, *, dtype=None)",
        "norm": "(input, p='fro', dim=None, keepdim=False, *, dtype=None)",
        "normal": "(mean=0.0, std=1.0, size=None, generator=None)",
        "ones": "(size, *, dtype=None)", "randperm": "(n, *, generator=None, dtype=dualgrad.int64)",
        "repeat_interleave": "(input, repeats, dim=None, *, output_size=None)",
        "reshape": "(input, shape)", "scatter": "(input, dim, index, src)",
        "select": "(input, dim, index)", "sort": "(input, *, dim=-1, descending=False, "
        "stable=False)", "squeeze": "(input, dim)", "softmax": "(input, dim, *, dtype=None)",
        "std": "(input, dim=None, *, correction=1, keepdim=False)",
        "sum": "(input, dim=None, keepdim=False, *, dtype=None)", "t": "(input)",
        "topk": "(input, k, dim=-1, largest=True, sorted=True)",
        "transpose": "(input, dim0, dim1)",
        "triangular_solve": "(b, A, upper=True, transpose=False, unitriangular=False)",
        "unique": "(input, sorted=True, return_inverse=False, return_counts=False, dim=None)",
        "var_mean": "(input, dim=None, *, correction=1, keepdim=False)",
        "where": "(condition, input=None, other=None)", "zeros": "(size, *, dtype=None)",
    },
    "mf": {
        "gelu": "(input, *, approximate='none')", "leaky_relu": "(input, negative_slope=0.01)",
        "flatten": "(input, start_dim=0, end_dim=-1)",
        "conv1d": "(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)",
        "conv2d": "(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)",
        "avg_pool2d": "(input, kernel_size, stride=None, padding=0, ceil_mode=False, "
                      "count_include_pad=True, divisor_override=None)",
        "max_pool2d": "(input, kernel_size, stride=None, padding=0, dilation=1, "
                      "ceil_mode=False, return_indices=False)",
        "batch_norm": "(input, running_mean, running_var, weight=None, bias=None, "
                      "training=False, momentum=0.1, eps=1e-05)",
        "binary_cross_entropy_with_logits": "(input, target, weight=None, reduction='mean', "
                                            "pos_weight=None)",
        "kl_div": "(input, target, reduction='mean', log_target=False)",
        "smooth_l1_loss": "(input, target, reduction='mean', beta=1.0)",
        "one_hot": "(tensor, num_classes=-1)", "normalize": "(input, p=2.0, dim=1, eps=1e-12)",
        "softmax": "(input, dim=None, dtype=None)",
        "log_softmax": "(input, dim=None, *, dtype=None)",
        "relu": "(input, inplace=False)", "dropout": "(input, p=0.5, training=True, "
                                                     "inplace=False)",
        "threshold": "(input, threshold, value, inplace=False)",
        "upsample": "(input, size=None, scale_factor=None, mode='nearest', align_corners=None)",
    },
    "ml": {"matrix_norm": "(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None)",
           "vector_norm": "(x, ord=2, dim=None, keepdim=False, *, dtype=None)",
           "norm": "(A, ord=None, dim=None, keepdim=False, *, dtype=None)",
           "qr": "(A, mode='reduced')", "inv": "(input)"},
    "msp": {"log_softmax": "(input, dim=None, *, dtype=None)", "round": "(input)"},
}
MINT_NAMES = {  # MindSpore 2.10's public names per namespace that are functions
    "ml": ["inv", "matrix_norm", "norm", "qr", "vector_norm"],
    "msp": ["erfc", "exp2", "expm1", "log1p", "log_softmax", "round", "sinc"],
}


@pytest.mark.parametrize("ns", list(SIGNATURES))
def test_signatures_are_mints(ns):
    for name, signature in SIGNATURES[ns].items():
        assert str(inspect.signature(getattr(SPACES[ns], name))) == signature, name


@pytest.mark.parametrize("ns", list(SHARED_WITH_OPS))
def test_functions_mint_shares_with_ops_are_ops(ns):
    for name in SHARED_WITH_OPS[ns]:
        assert getattr(SPACES[ns], name) is getattr(ops, name), name


def test_every_case_names_a_public_function_and_skipped_names_are_absent():
    for ns, fn, _, _ in CASES.values():
        assert fn in SPACES[ns].__all__, (ns, fn)
    for ns, names in SKIPPED.items():
        assert not set(names) & set(SPACES[ns].__all__), ns
    for ns, names in MINT_NAMES.items():
        assert sorted(SPACES[ns].__all__) == names
    assert ms.mint is mint and mint.nn.functional is mf and mint.linalg is ml
    assert mint.special.exp2 is mint.exp2 and mint.special.log_softmax is mf.log_softmax
    assert "mint" in ms.__all__


MINT_NN_SHARED = ["AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU", "SoftMarginLoss"]
# mint.nn's own layer classes (MindSpore 2.10's, less the alias F)
MINT_NN_CLASSES = [
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
    "AvgPool1d", "AvgPool2d", "AvgPool3d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d",
    "BatchNorm2d", "BatchNorm3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "Conv1d",
    "Conv2d", "Conv3d", "ConvTranspose2d", "CosineEmbeddingLoss", "CrossEntropyLoss",
    "Dropout", "Dropout2d", "ELU", "Embedding", "Flatten", "Fold", "GELU", "GLU", "GroupNorm",
    "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh", "KLDivLoss", "L1Loss", "LayerNorm",
    "LogSigmoid", "LogSoftmax", "MSELoss", "MaxPool2d", "MaxUnpool2d", "Mish", "NLLLoss",
    "PReLU", "PixelShuffle", "ReLU6", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
    "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "SELU", "SiLU", "Sigmoid",
    "SmoothL1Loss", "Softmax", "Softshrink", "SyncBatchNorm", "Tanh", "Threshold", "Unfold",
    "Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d"]
# mint.nn classes that are, in MindSpore 2.10, nn's classes under another name
MINT_NN_RENAMED = {"Hardshrink": "HShrink", "Hardsigmoid": "HSigmoid", "Hardswish": "HSwish",
                   "Softshrink": "SoftShrink"}


def test_mint_nn_holds_the_layer_classes_mindspore_shares_with_nn():
    # in MindSpore 2.10, mint.nn.X is mindspore.nn.X for exactly these six
    assert all(getattr(mint.nn, name) is getattr(ms.nn, name) for name in MINT_NN_SHARED)
    layer = mint.nn.Linear(3, 2, weight_init="ones", bias_init="zeros")
    assert layer(ms.Tensor([[1.0, 2.0, 3.0]])).asnumpy().tolist() == [[6.0, 6.0]]


def test_mint_nn_lists_functional_the_shared_classes_and_its_own():
    assert sorted(mint.nn.__all__) == sorted(["functional"] + MINT_NN_SHARED + MINT_NN_CLASSES)
    for name in MINT_NN_CLASSES:
        cls = getattr(mint.nn, name)
        assert issubclass(cls, ms.nn.Cell) and getattr(ms.nn, name, None) is not cls, name
    for name, nn_name in MINT_NN_RENAMED.items():
        assert getattr(mint.nn, name) is getattr(ms.nn, nn_name)


# ---------------------------------------------------------------------------
# Random tensors (not MindSpore's bits: shapes, dtypes, ranges, reproducibility)

def test_random_tensors_have_mints_shapes_dtypes_and_ranges():
    ms.set_seed(3)
    u = mint.rand(2, 3)
    assert u.shape == (2, 3) and u.dtype == ms.float32 and 0 <= u.asnumpy().min() \
        and u.asnumpy().max() < 1
    assert mint.rand((4,)).shape == (4,) and mint.randn(2, 5).dtype == ms.float32
    assert mint.rand_like(u).shape == (2, 3) and mint.randn_like(u, dtype=ms.float64).dtype \
        == ms.float64
    r = mint.randint(3, 7, (200,))
    assert r.dtype == ms.int64 and set(np.unique(r.asnumpy())) == {3, 4, 5, 6}
    assert set(np.unique(mint.randint(2, (50,)).asnumpy())) == {0, 1}
    like = mint.randint_like(Tensor(np.zeros((3, 3), np.int32)), 5)
    assert like.dtype == ms.int32 and like.shape == (3, 3) and like.asnumpy().max() < 5
    perm = mint.randperm(9)
    assert perm.dtype == ms.int64 and sorted(perm.asnumpy().tolist()) == list(range(9))
    b = mint.bernoulli(Tensor(np.full((400,), 0.25, np.float32)))
    assert b.dtype == ms.float32 and set(np.unique(b.asnumpy())) <= {0.0, 1.0}
    assert 0.15 < b.asnumpy().mean() < 0.35
    m = mint.multinomial(Tensor([[0.1, 0.0, 0.9, 0.5], [1.0, 1.0, 1.0, 1.0]]), 3)
    assert m.dtype == ms.int64 and m.shape == (2, 3)
    assert 1 not in m.asnumpy()[0] and all(len(set(row)) == 3 for row in m.asnumpy())
    n = mint.normal(Tensor(np.full((2000,), 3.0, np.float32)), 0.5)
    assert n.shape == (2000,) and abs(n.asnumpy().mean() - 3) < 0.1 \
        and abs(n.asnumpy().std() - 0.5) < 0.05
    assert mint.normal(0.0, 1.0, (2, 3)).shape == (2, 3)
    assert mint.normal(Tensor(np.zeros((2, 1), np.float32)), Tensor(np.ones(3, np.float32))
                       ).shape == (2, 3)
    ms.set_seed(5)
    first = (mint.rand(3).asnumpy(), mint.randperm(5).asnumpy())
    ms.set_seed(5)
    np.testing.assert_array_equal(first[0], mint.rand(3).asnumpy())
    np.testing.assert_array_equal(first[1], mint.randperm(5).asnumpy())


def test_dropout_scales_kept_elements_and_dropout2d_drops_whole_channels():
    ms.set_seed(0)
    x = Tensor(np.ones((4, 6, 3, 3), np.float32))
    out = mf.dropout2d(x, 0.5).asnumpy()
    per_channel = out.reshape(4, 6, 9)
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert (per_channel.min(-1) == per_channel.max(-1)).all()      # whole maps kept or not
    assert 0 < (per_channel[..., 0] == 0).sum() < 24
    kept = mf.dropout(x, 0.25).asnumpy()
    assert set(np.unique(kept)) <= {0.0, np.float32(1 / 0.75)}
    assert mf.dropout(x, 0.5, training=False) is x or \
        np.array_equal(mf.dropout(x, 0.5, training=False).asnumpy(), x.asnumpy())


# ---------------------------------------------------------------------------
# mint's contracts that the cases do not show

def test_addr_writes_beta_input_plus_alpha_outer_into_its_input():
    """MindSpore 2.10's CPU build has no kernel for addr_: against NumPy."""
    x = Tensor(inputs()["x"][:, :3].copy())
    before = x.asnumpy().astype(np.float64)
    v3, w3 = inputs()["v3"], inputs()["m3"][0]
    out = mint.addr_(x, Tensor(v3), Tensor(w3), beta=0.5, alpha=-2.0)
    assert out is x and x.dtype == ms.float32
    np.testing.assert_allclose(x.asnumpy(), 0.5 * before - 2.0 * np.outer(v3, w3), rtol=1e-6)


def test_in_place_forms_overwrite_their_input_and_return_it():
    for fn, args, expected in [
            (mf.relu_, (), [0.0, 0.0, 2.0]), (mf.relu, ("inplace",), [0.0, 0.0, 2.0]),
            (mf.hardtanh_, (), [-1.0, -0.5, 1.0]), (mf.threshold_, (0.0, 9.0), [9.0, 9.0, 2.0]),
            (mf.sigmoid_, (), list(1 / (1 + np.exp([1.5, 0.5, -2.0])))),
            (mf.elu_, (), list(np.where(np.array([-1.5, -0.5, 2]) > 0, [-1.5, -0.5, 2],
                                        np.expm1([-1.5, -0.5, 2]))))]:
        x = Tensor(np.array([-1.5, -0.5, 2.0], np.float32))
        out = fn(x, inplace=True) if args == ("inplace",) else fn(x, *args)
        assert out is x, fn.__name__
        np.testing.assert_allclose(x.asnumpy(), expected, rtol=1e-6)


def test_overloads_and_return_structures():
    x = Tensor(inputs()["x"])
    assert isinstance(mint.max(x), Tensor) and mint.max(x).shape == ()
    values, indices = mint.min(x, 1, keepdim=True)
    assert values.shape == (3, 1) and indices.dtype == ms.int64
    rows, cols = mint.where(x > 1.0)
    np.testing.assert_array_equal(rows.asnumpy(), np.nonzero(inputs()["x"] > 1.0)[0])
    assert mint.meshgrid([Tensor([1.0, 2.0]), Tensor([1.0, 2.0, 3.0])])[0].shape == (2, 3)
    assert mint.empty(2, 3).shape == (2, 3) and mint.empty((4,), dtype=ms.int32).dtype \
        == ms.int32
    assert mint.empty_like(x).shape == (3, 4)
    assert mint.full((2,), True).dtype == ms.bool_ and mint.full((2,), 2).dtype == ms.int64
    assert mint.item(Tensor([[4]])) == 4 and isinstance(mint.item(Tensor([2.5])), float)
    assert mint.equal(x, x) is True and mint.equal(x, x[:2]) is False
    assert mint.allclose(x, x + 1e-9) is True
    assert mint.squeeze(Tensor(np.zeros((1, 3, 1))), (0, 2)).shape == (3,)
    assert mint.t(Tensor([1.0, 2.0])).shape == (2,)
    unique, inverse = mint.unique(Tensor(np.array([[1, 2], [1, 2], [0, 5]])), dim=0,
                                  return_inverse=True)
    np.testing.assert_array_equal(unique.asnumpy(), [[0, 5], [1, 2]])
    np.testing.assert_array_equal(inverse.asnumpy(), [1, 1, 0])
    counts = mint.bincount(Tensor(np.array([0, 2, 2])), Tensor([0.5, 1.0, 2.0]))
    assert counts.dtype == ms.float32 and counts.asnumpy().tolist() == [0.5, 0.0, 3.0]
    assert mint.real(x) is x and (mint.imag(x).asnumpy() == 0).all()
    assert mint.bitwise_not(Tensor(np.array([True, False]))).asnumpy().tolist() == [False, True]
    assert mint.sum(x, dim=()).shape == () and mint.amin(x, (), keepdim=True).shape == (1, 1)
    assert mint.argmin(x, keepdim=False).shape == ()
    assert mf.interpolate(Tensor(inputs()["img"]), scale_factor=1.6).shape == (1, 2, 8, 8)


def test_bad_arguments_name_the_function_and_what_it_expected():
    x = Tensor(inputs()["x"])
    for call, error, words in [
            (lambda: mint.kthvalue(x, 5), ValueError, "kthvalue: k must be an int in [1, 4]"),
            (lambda: mint.vdot(x, x), ValueError, "vdot: input and other must be 1-D"),
            (lambda: mint.t(Tensor(inputs()["b234"])), ValueError, "t: input must have at most"),
            (lambda: mint.cdist(x, x, compute_mode="fast"), ValueError, "cdist: compute_mode"),
            (lambda: mint.randint(1, 2, 3, (2,)), TypeError, "randint: expected"),
            (lambda: mint.randint_like(x), TypeError, "randint_like: expected"),
            (lambda: mint.normal(0.0, 1.0), ValueError, "normal: size is needed"),
            (lambda: mint.rand(2, generator=object()), TypeError, "rand: generator must be None"),
            (lambda: mint.multinomial(Tensor([0.5, 0.5]), 3), ValueError,
             "multinomial: cannot draw 3 samples"),
            (lambda: mint.multinomial(Tensor([-0.5, 0.5]), 1), ValueError,
             "multinomial: input must be non-negative"),
            (lambda: mint.item(x), ValueError, "item: a Tensor with 12 elements"),
            (lambda: mint.bitwise_not(x), TypeError, "bitwise_not: input must be an integer"),
            (lambda: mint.max(x, keepdim=True), ValueError, "max: keepdim needs a dim"),
            (lambda: mint.repeat_interleave(x, 2, 0, output_size=5), ValueError,
             "repeat_interleave: output_size 5"),
            (lambda: mf.dropout2d(x, 1.5), ValueError, "dropout2d: p must be in [0, 1]"),
            (lambda: mf.dropout2d(Tensor(np.ones(3, np.float32)), 0.5), ValueError,
             "dropout2d: input must be 3-D or 4-D"),
            (lambda: mf.kl_div(x, x, "average"), ValueError, "kl_div: reduction must be"),
            (lambda: mf.conv2d(Tensor(inputs()["img"]), Tensor(inputs()["w2d"]),
                               padding="full"), ValueError, "conv2d: padding must be")]:
        with pytest.raises(error) as info:
            call()
        assert words in str(info.value), str(info.value)


@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_is_differentiable_in_its_grid(padding_mode, align_corners):
    """Bilinear sampling away from pixel boundaries: derivatives in the grid (and in the
    input) to second order, forward and reverse, against finite differences."""
    image = Tensor(inputs()["img"].astype(np.float64))
    grid = Tensor(inputs()["grid"].astype(np.float64) * 0.8 + 0.013)
    check_grads(lambda img, g: mf.grid_sample(img, g, padding_mode=padding_mode,
                                              align_corners=align_corners),
                (image, grid), order=2, modes=("fwd", "rev"))


def test_grid_sample_rejects_what_mint_does_not_take():
    image, grid = Tensor(inputs()["img"]), Tensor(inputs()["grid"])
    with pytest.raises(ValueError, match="grid_sample: mode must be 'bilinear' or 'nearest'"):
        mf.grid_sample(image, grid, mode="bicubic")      # MindSpore 2.10 raises too
    with pytest.raises(ValueError, match="grid_sample: padding_mode must be"):
        mf.grid_sample(image, grid, padding_mode="wrap")
    with pytest.raises(ValueError, match=r"grid_sample: input must be \(N, C, H, W\)"):
        mf.grid_sample(image, grid[..., :1])


def test_unique_passes_derivatives_to_each_values_first_occurrence():
    dup = Tensor(inputs()["dup"])                       # [2, 1, 2, 3, 1, 2]
    g = ms.grad(lambda t: (mint.unique(t) * Tensor([1.0, 10.0, 100.0])).sum())(dup)
    np.testing.assert_array_equal(g.asnumpy(), [10.0, 1.0, 0.0, 100.0, 0.0, 0.0])


VMAPPED = {
    "max values": lambda a: mint.max(a, 1)[0], "sort": lambda a: mint.sort(a, dim=0)[0],
    "std": lambda a: mint.std(a, 1), "var_mean": lambda a: mint.var_mean(a, 0)[0],
    "softmax": lambda a: mint.softmax(a, 1), "kthvalue": lambda a: mint.kthvalue(a, 2)[0],
    "topk": lambda a: mint.topk(a, 2)[0], "transpose": lambda a: mint.transpose(a, 0, 1),
    "select": lambda a: mint.select(a, 1, 2), "gather": lambda a: mint.gather(
        a, 1, Tensor(inputs()["idx"])), "norm": lambda a: mint.norm(a, 1, 1),
    "normalize": lambda a: mf.normalize(a), "kl_div": lambda a: mf.kl_div(
        a, Tensor(inputs()["prob"].astype(np.float64)), "none"),
    "leaky_relu": mf.leaky_relu, "add alpha": lambda a: mint.add(a, a, alpha=0.5),
    "grid_sample": lambda a: mf.grid_sample(a.reshape(1, 1, 3, 4), Tensor(
        inputs()["grid"].astype(np.float64))),
}


@pytest.mark.parametrize("name", VMAPPED)
def test_vmap_is_a_loop(name):
    batch = np.stack([inputs()["x"].astype(np.float64) * s for s in (1.0, -0.5, 2.0)])
    assert_vmap_is_a_loop(VMAPPED[name], batch)
