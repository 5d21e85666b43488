"""The layer classes of ``dualgrad.mint.nn`` (MindSpore 2.10's ``mint.nn``):
convolution, normalisation, dropout, embedding, activations, losses, pooling,
padding and resampling.

Parameter names, shapes, dtypes and trainability against MindSpore's, for
every case of tests/mint_nn_reference.py (its constructors need no kernel);
values, input or weight gradients and the statistics a call leaves behind
against MindSpore's where its CPU build runs the case (GroupNorm, SiLU,
Sigmoid, Tanh, Softmax, PReLU, the shrinks, Hardswish/Hardsigmoid, GLU,
NLLLoss, BCE losses, SmoothL1Loss, nearest and trilinear Upsample,
PixelShuffle, Dropout, Flatten).  For the rest MindSpore 2.10 has no CPU
kernel (the reference records the error), so every case is also checked
against a NumPy formula written out here, and its derivatives to second
order (forward, reverse and, for input derivatives, hyper-dual) against
finite differences.  Then the default
initialisation, the training-mode conventions (momentum,
``num_batches_tracked``, ``track_running_stats``, dropout's ``p``), in-place
activations, reprs and bad arguments.
"""
import inspect
import math
import re

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import dualgrad as ms
from dualgrad import Tensor, mint
from dualgrad.testing import check_grads
import bicubic_reference
from mint_nn_reference import (CASES, MINDSPORE, SIGNATURES, cotangent, inputs, keywords,
                               parameter_values)


def build(name, float64=False):
    """The case's cell (float64 Parameters and keyword tensors with ``float64``), its
    trainable Parameters set to parameter_values, in its mode."""
    cls, kwargs, _, training, _ = CASES[name]
    data = inputs()
    if float64:
        data = {k: v.astype(np.float64) if v.dtype == np.float32 else v
                for k, v in data.items()}
    kwargs = keywords(kwargs, {k: Tensor(v) for k, v in data.items()})
    if float64 and "dtype" in inspect.signature(getattr(mint.nn, cls)).parameters:
        kwargs["dtype"] = ms.float64
    cell = getattr(mint.nn, cls)(**kwargs)
    for p in cell.trainable_params():
        p.set_data(Tensor(parameter_values(tuple(p.shape)).astype(
            np.float64 if float64 else np.float32)))
    return cell.set_train(training)


def case_inputs(name):
    data = inputs()
    return [data[n] for n in CASES[name][2]]


# ---------------------------------------------------------------------------
# MindSpore 2.10

@pytest.mark.parametrize("name", CASES)
def test_parameters_are_mints(name):
    cls, kwargs = CASES[name][:2]
    cell = getattr(mint.nn, cls)(**keywords(kwargs, {k: Tensor(v) for k, v in inputs().items()}))
    got = [(p.name, tuple(p.shape), str(p.dtype).lower(), p.requires_grad)
           for p in cell.get_parameters()]
    assert got == MINDSPORE[name]["params"]


# mint.nn's classes that are nn's (tests/test_mint.py checks they are dualgrad.nn's);
# dualgrad's ReLU, HSigmoid and HSwish take Cell's (auto_prefix, flags), MindSpore's none
NN_CLASSES = {"AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU", "SoftMarginLoss",
              "Hardshrink", "Hardsigmoid", "Hardswish", "Softshrink"}


@pytest.mark.parametrize("name", sorted(set(SIGNATURES) - NN_CLASSES))
def test_constructor_signatures_are_mints(name):
    params = list(inspect.signature(getattr(mint.nn, name).__init__).parameters.values())[1:]
    got = [(p.name, "<required>" if p.default is p.empty else repr(p.default))
           for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    assert got == SIGNATURES[name]


def test_every_mint_class_is_here_and_has_a_case():
    assert sorted(SIGNATURES) == sorted(n for n in mint.nn.__all__ if n != "functional")
    shared = {"AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU", "SoftMarginLoss"}
    assert sorted({c[0] for c in CASES.values()}) == sorted(set(SIGNATURES) - shared)


@pytest.mark.parametrize("name", CASES)
def test_reprs_are_mints(name):
    cls, kwargs = CASES[name][:2]
    cell = getattr(mint.nn, cls)(**keywords(kwargs, {k: Tensor(v) for k, v in inputs().items()}))
    assert cell.extend_repr() == MINDSPORE[name]["repr"]


RAN = [name for name in CASES if "outputs" in MINDSPORE[name]]
# MindSpore 2.10's CPU BCELoss reads a weight that broadcasts along the batch as
# if it had the input's shape (past its end): its loss here is 2.6e19.  The
# NumPy formula and finite differences below check this case.
MINDSPORE_WRONG = {"BCELoss broadcast weight"}


@pytest.mark.parametrize("name", RAN)
def test_values_and_gradients_match_mindspore(name):
    expected = MINDSPORE[name]
    cell = build(name)
    args = [Tensor(a) for a in case_inputs(name)]
    outs = cell(*args)
    outs = outs if isinstance(outs, tuple) else (outs,)
    if name in MINDSPORE_WRONG:
        assert expected["outputs"][0][2][0] > 1e10 and float(outs[0].asnumpy()) < 10
        return
    assert len(outs) == len(expected["outputs"])
    for out, (dtype, shape, values) in zip(outs, expected["outputs"]):
        assert str(out.dtype).lower() == dtype and out.shape == shape
        np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=3e-5, atol=3e-6)
    after = {p.name: p.asnumpy().ravel().tolist() for p in cell.get_parameters()
             if not p.requires_grad}
    assert sorted(after) == sorted(expected["after"])
    for key, values in expected["after"].items():
        np.testing.assert_allclose(after[key], values, rtol=3e-5, atol=3e-6)

    cell = build(name)
    weights = Tensor(cotangent(outs[0].shape), outs[0].dtype)

    def loss(*a):
        out = cell(*a)
        return ((out[0] if isinstance(out, tuple) else out) * weights).sum()
    if CASES[name][4] == "input":
        grads = [ms.grad(loss)(*args)]
    else:
        grads = list(ms.grad(loss, None, cell.trainable_params())(*args))
    assert len(grads) == len(expected["grads"])
    for g, values in zip(grads, expected["grads"]):
        np.testing.assert_allclose(g.asnumpy().ravel(), values, rtol=3e-5, atol=3e-6)


def test_the_reference_records_why_mindspore_could_not_run_the_rest():
    for name in CASES:
        entry = MINDSPORE[name]
        assert ("outputs" in entry) != ("error" in entry), name
        if "error" in entry:
            assert re.search(r"kernel|Not implement|Not found op", entry["error"]), \
                entry["error"]


# ---------------------------------------------------------------------------
# NumPy formulas (float64)

def np_conv(x, w, b, stride, pads, dilation, groups, mode="zeros"):
    """N-d cross-correlation; ``pads`` holds (before, after) per spatial axis."""
    rank = w.ndim - 2
    np_mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}[mode]
    x = np.pad(x, [(0, 0), (0, 0)] + list(pads), mode=np_mode)
    span = [d * (k - 1) + 1 for d, k in zip(dilation, w.shape[2:])]
    win = sliding_window_view(x, span, axis=tuple(range(2, 2 + rank)))
    win = win[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)
              + tuple(slice(None, None, d) for d in dilation)]
    cg, og = x.shape[1] // groups, w.shape[0] // groups
    spatial, kernel = list(range(2, 2 + rank)), list(range(10, 10 + rank))
    out = np.concatenate([
        np.einsum(win[:, g * cg:(g + 1) * cg], [0, 1] + spatial + kernel,
                  w[g * og:(g + 1) * og], [20, 1] + kernel, [0, 20] + spatial)
        for g in range(groups)], axis=1)
    return out if b is None else out + b.reshape((1, -1) + (1,) * rank)


def np_conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation):
    n, cin, h, wd = x.shape
    og, kh, kw = w.shape[1:]
    sizes = [(s - 1) * st + d * (k - 1) + 1 + op for s, st, d, k, op in
             zip((h, wd), stride, dilation, (kh, kw), output_padding)]
    full = np.zeros((n, og * groups) + tuple(sizes))
    cg = cin // groups
    for g in range(groups):
        for i in range(kh):
            for j in range(kw):
                part = np.einsum("nchw,co->nohw", x[:, g * cg:(g + 1) * cg],
                                 w[g * cg:(g + 1) * cg, :, i, j])
                r0, c0 = i * dilation[0], j * dilation[1]
                full[:, g * og:(g + 1) * og, r0:r0 + (h - 1) * stride[0] + 1:stride[0],
                     c0:c0 + (wd - 1) * stride[1] + 1:stride[1]] += part
    out = full[:, :, padding[0]:sizes[0] - padding[0], padding[1]:sizes[1] - padding[1]]
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _pairs(cell):
    """The cell's padding as (before, after) per spatial axis."""
    if cell.padding == "valid":
        return [(0, 0)] * cell.rank
    if cell.padding == "same":
        totals = [d * (k - 1) for d, k in zip(cell.dilation, cell.kernel_size)]
        return [(t // 2, t - t // 2) for t in totals]
    return [(p, p) for p in cell.padding]


def _arr(p):
    return None if p is None else p.asnumpy().astype(np.float64)


def np_batch_norm(cell, x):
    """Output, and the running statistics a training call leaves (float64)."""
    axes = tuple(a for a in range(x.ndim) if a != 1)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    batch = cell.training or not cell.track_running_stats
    if batch:
        mean, var = x.mean(axes), x.var(axes)
    else:
        mean, var = _arr(cell.running_mean), _arr(cell.running_var)
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + cell.eps)
    if cell.affine:
        y = y * _arr(cell.weight).reshape(shape) + _arr(cell.bias).reshape(shape)
    return y


def np_layer_norm(cell, x):
    axes = tuple(range(x.ndim - len(cell.normalized_shape), x.ndim))
    y = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + cell.eps)
    if cell.weight is not None:
        y = y * _arr(cell.weight)
    if cell.bias is not None:
        y = y + _arr(cell.bias)
    return y


def np_group_norm(cell, x):
    n, c = x.shape[:2]
    g = x.reshape(n, cell.num_groups, -1)
    y = ((g - g.mean(2, keepdims=True)) / np.sqrt(g.var(2, keepdims=True) + cell.eps))
    y = y.reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * _arr(cell.weight).reshape(shape) + _arr(cell.bias).reshape(shape)


def np_embedding(cell, ids):
    table = _arr(cell.weight)
    if cell.max_norm is not None:
        norms = np.linalg.norm(table, ord=cell.norm_type, axis=1)
        used = np.isin(np.arange(len(table)), ids)
        table = table * np.where(used & (norms > cell.max_norm),
                                 cell.max_norm / (norms + 1e-7), 1.0)[:, None]
    return table[ids]

_erf = np.vectorize(math.erf)


def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_log_softmax(x, dim):
    return x - np.log(np.exp(x - x.max(dim, keepdims=True)).sum(dim, keepdims=True)) \
        - x.max(dim, keepdims=True)


def _legacy_dim(x, dim):
    return dim if dim is not None else (0 if x.ndim in (0, 1, 3) else 1)


SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def np_activation(cell, x):
    kind = type(cell).__name__
    if kind == "GELU":
        if cell.approximate == "tanh":
            return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1 + _erf(x / math.sqrt(2)))
    if kind == "Softmax":
        return np.exp(np_log_softmax(x, _legacy_dim(x, cell.dim)))
    if kind == "LogSoftmax":
        return np_log_softmax(x, _legacy_dim(x, cell.dim))
    if kind == "PReLU":
        w = _arr(cell.weight)
        w = w.reshape((1, -1) + (1,) * (x.ndim - 2)) if w.size > 1 else w
        return np.where(x > 0, x, w * x)
    if kind == "GLU":
        a, b = np.split(x, 2, axis=cell.dim)
        return a * np_sigmoid(b)
    lambd = getattr(cell, "lambd", None)
    return {
        "SiLU": lambda: x * np_sigmoid(x),
        "Sigmoid": lambda: np_sigmoid(x),
        "Tanh": lambda: np.tanh(x),
        "ELU": lambda: np.where(x > 0, x, cell.alpha * np.expm1(x)),
        "SELU": lambda: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
        "Mish": lambda: x * np.tanh(np.logaddexp(0, x)),
        "Hardtanh": lambda: np.clip(x, cell.min_val, cell.max_val),
        "HSwish": lambda: x * np.clip(x + 3, 0, 6) / 6,
        "HSigmoid": lambda: np.clip(x / 6 + 0.5, 0, 1),
        "HShrink": lambda: np.where(np.abs(x) > lambd, x, 0.0),
        "SoftShrink": lambda: np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0)),
        "LogSigmoid": lambda: -np.logaddexp(0, -x),
        "ReLU6": lambda: np.clip(x, 0, 6),
        "Threshold": lambda: np.where(x > cell.threshold, x, cell.value),
    }[kind]()


def _reduce(loss, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": np.asarray}[reduction](loss)


def np_loss(cell, x, t, *more):
    kind = type(cell).__name__
    weight = _arr(getattr(cell, "weight", None))
    if kind == "MSELoss":
        return _reduce((x - t) ** 2, cell.reduction)
    if kind == "L1Loss":
        return _reduce(np.abs(x - t), cell.reduction)
    if kind == "SmoothL1Loss":
        d = np.abs(x - t)
        return _reduce(np.where(d < cell.beta, 0.5 * d ** 2 / cell.beta, d - 0.5 * cell.beta),
                       cell.reduction)
    if kind == "KLDivLoss":
        loss = np.exp(t) * (t - x) if cell.log_target else t * (np.log(t) - x)
        if cell.reduction == "batchmean":
            return loss.sum() / x.shape[0]
        return _reduce(loss, cell.reduction)
    if kind == "BCELoss":
        loss = -(t * np.log(x) + (1 - t) * np.log(1 - x))
        return _reduce(loss if weight is None else weight * loss, cell.reduction)
    if kind == "BCEWithLogitsLoss":
        pos = 1.0 if cell.pos_weight is None else _arr(cell.pos_weight)
        loss = pos * t * np.logaddexp(0, -x) + (1 - t) * np.logaddexp(0, x)
        return _reduce(loss if weight is None else weight * loss, cell.reduction)
    if kind in ("NLLLoss", "CrossEntropyLoss"):
        logp = x if kind == "NLLLoss" else np_log_softmax(x, 1)
        c = x.shape[1]
        w = np.ones(c) if weight is None else weight
        smoothing = getattr(cell, "label_smoothing", 0.0)
        if t.dtype.kind == "f":                  # class probabilities
            target = t * (1 - smoothing) + smoothing / c
            return _reduce(-(w * target * logp).sum(1), cell.reduction)
        keep = t != cell.ignore_index
        safe = np.where(keep, t, 0)
        picked = -w[safe] * logp[np.arange(len(t)), safe] * keep
        smooth = -(w * logp).sum(1) / c * keep
        loss = (1 - smoothing) * picked + smoothing * smooth
        if cell.reduction == "mean":
            return loss.sum() / (w[safe] * keep).sum()
        return _reduce(loss, cell.reduction)
    if kind == "CosineEmbeddingLoss":
        y = more[0]
        cos = (x * t).sum(1) / np.sqrt((x * x).sum(1) * (t * t).sum(1))
        return _reduce(np.where(y == 1, 1 - cos, np.maximum(0, cos - cell.margin)),
                       cell.reduction)
    raise KeyError(kind)


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def np_pool(x, kernel, stride, padding, reducer, ceil_mode=False, dilation=None,
            count_include_pad=True, divisor=None):
    """Max or mean pooling over the last len(kernel) axes, PyTorch's windows."""
    n = len(kernel)
    dilation = dilation or (1,) * n
    sizes = x.shape[-n:]
    outs = []
    for size, k, s, p, d in zip(sizes, kernel, stride, padding, dilation):
        span = (size + 2 * p - d * (k - 1) - 1)
        out = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (out - 1) * s >= size + p:
            out -= 1
        outs.append(out)
    result = np.zeros(x.shape[:-n] + tuple(outs))
    index = np.zeros(result.shape, np.int64)
    for pos in np.ndindex(*outs):
        starts = [o * s - p for o, s, p in zip(pos, stride, padding)]
        coords = [np.arange(st, st + d * (k - 1) + 1, d) for st, k, d in
                  zip(starts, kernel, dilation)]
        inside = [c[(c >= 0) & (c < size)] for c, size in zip(coords, sizes)]
        block = x[(Ellipsis,) + np.ix_(*inside)].reshape(x.shape[:-n] + (-1,))
        at = (Ellipsis,) + pos
        if reducer == "max":
            result[at] = block.max(-1)
            flat = np.ravel_multi_index(np.meshgrid(*inside, indexing="ij"), sizes).ravel()
            index[at] = flat[block.argmax(-1)]
        else:
            if divisor is not None:
                count = divisor
            elif count_include_pad:
                ends = [min(st + k, size + p) for st, k, size, p in
                        zip(starts, kernel, sizes, padding)]
                count = np.prod([e - st for e, st in zip(ends, starts)])
            else:
                count = block.shape[-1]
            result[at] = block.sum(-1) / count
    return result, index


def np_adaptive(x, output_size, reducer):
    n = len(output_size)
    sizes = x.shape[-n:]
    output_size = tuple(s if o is None else o for o, s in zip(output_size, sizes))
    result = np.zeros(x.shape[:-n] + output_size)
    index = np.zeros(result.shape, np.int64)
    for pos in np.ndindex(*output_size):
        windows = [np.arange(i * size // o, -(-(i + 1) * size // o))
                   for i, size, o in zip(pos, sizes, output_size)]
        block = x[(Ellipsis,) + np.ix_(*windows)].reshape(x.shape[:-n] + (-1,))
        if reducer == "max":
            result[(Ellipsis,) + pos] = block.max(-1)
            index[(Ellipsis,) + pos] = windows[0][block.argmax(-1)]
        else:
            result[(Ellipsis,) + pos] = block.mean(-1)
    return result, index


def np_pad(x, padding, mode, value=0.0):
    pairs = [(0, 0)] * (x.ndim - len(padding) // 2) + \
        [tuple(padding[2 * i:2 * i + 2]) for i in reversed(range(len(padding) // 2))]
    if mode == "constant":
        return np.pad(x, pairs, mode="constant", constant_values=value)
    return np.pad(x, pairs, mode={"reflect": "reflect", "replicate": "edge"}[mode])


def np_unfold(x, kernel, dilation, padding, stride):
    x = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    span = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    win = sliding_window_view(x, span, axis=(2, 3))[:, :, ::stride[0], ::stride[1],
                                                   ::dilation[0], ::dilation[1]]
    n, c, oh, ow, kh, kw = win.shape
    return win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, oh * ow)


def np_fold(cols, output_size, kernel, dilation, padding, stride):
    n, ckk, _ = cols.shape
    kh, kw = kernel
    c = ckk // (kh * kw)
    h, w = output_size[0] + 2 * padding[0], output_size[1] + 2 * padding[1]
    oh = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    blocks = cols.reshape(n, c, kh, kw, oh, ow)
    out = np.zeros((n, c, h, w))
    for i in range(kh):
        for j in range(kw):
            r, q = i * dilation[0], j * dilation[1]
            out[:, :, r:r + (oh - 1) * stride[0] + 1:stride[0],
                q:q + (ow - 1) * stride[1] + 1:stride[1]] += blocks[:, :, i, j]
    return out[:, :, padding[0]:h - padding[0], padding[1]:w - padding[1]]


def _cubic(t, a=-0.75):
    t = np.abs(t)
    return np.where(t <= 1, ((a + 2) * t - (a + 3)) * t * t + 1,
                    np.where(t < 2, ((a * t - 5 * a) * t + 8 * a) * t - 4 * a, 0.0))


def np_resample_axis(x, axis, out, mode, align_corners):
    """PyTorch's interpolation of one axis to ``out`` samples."""
    size = x.shape[axis]
    dst = np.arange(out)
    if mode == "nearest":
        src = np.minimum(np.floor(dst * size / out).astype(int), size - 1)
        return np.take(x, src, axis=axis)
    if align_corners:
        pos = dst * ((size - 1) / (out - 1) if out > 1 else 0.0)
    else:
        pos = (dst + 0.5) * size / out - 0.5
        if mode == "linear":
            pos = np.maximum(pos, 0.0)
    low = np.floor(pos).astype(int)
    frac = pos - low
    taps = (0, 1) if mode == "linear" else (-1, 0, 1, 2)
    result = 0.0
    for tap in taps:
        w = (np.where(tap == 0, 1 - frac, frac) if mode == "linear" else _cubic(frac - tap))
        idx = np.clip(low + tap, 0, size - 1)
        shape = [1] * x.ndim
        shape[axis] = out
        result = result + np.take(x, idx, axis=axis) * w.reshape(shape)
    return result


def np_upsample(cell, x):
    n = x.ndim - 2
    if cell.size is not None:
        sizes = _tuple(cell.size, n)
    else:
        sizes = tuple(int(math.floor(s * f)) for s, f in
                      zip(x.shape[2:], _tuple(cell.scale_factor, n)))
    mode = {"nearest": "nearest", "linear": "linear", "bilinear": "linear",
            "trilinear": "linear", "bicubic": "cubic"}[cell.mode]
    for axis, out in enumerate(sizes):
        x = np_resample_axis(x, axis + 2, out, mode, bool(cell.align_corners))
    return x


def np_layer(cell, *args):
    """What the cell computes, in NumPy (float64), as a tuple of outputs."""
    kind = type(cell).__name__
    x = args[0]
    if kind in ("GELU", "SiLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "ELU", "SELU",
                "Mish", "PReLU", "Hardtanh", "HSwish", "HSigmoid", "HShrink", "SoftShrink",
                "LogSigmoid", "ReLU6", "Threshold", "GLU"):
        return (np_activation(cell, x),)
    if kind.endswith("Loss"):
        return (np_loss(cell, *args),)
    if kind == "MaxPool2d":
        values, index = np_pool(x, _tuple(cell.kernel_size, 2), _tuple(cell.stride, 2),
                                _tuple(cell.padding, 2), "max", cell.ceil_mode,
                                _tuple(cell.dilation, 2))
        return (values, index) if cell.return_indices else (values,)
    if kind.startswith("AvgPool"):
        n = int(kind[-2])
        stride = cell.kernel_size if cell.stride is None else cell.stride
        return (np_pool(x, _tuple(cell.kernel_size, n), _tuple(stride, n),
                        _tuple(cell.padding, n), "mean", cell.ceil_mode, None,
                        cell.count_include_pad, getattr(cell, "divisor_override", None))[0],)
    if kind.startswith("Adaptive"):
        n = int(kind[-2])
        values, index = np_adaptive(x, _tuple(cell.output_size, n),
                                    "max" if "Max" in kind else "mean")
        return (values, index) if getattr(cell, "return_indices", False) else (values,)
    if kind == "MaxUnpool2d":
        k = _tuple(cell.kernel_size, 2)
        s = _tuple(k if cell.stride is None else cell.stride, 2)
        p = _tuple(cell.padding, 2)
        sizes = [(h - 1) * st - 2 * pp + kk for h, st, pp, kk in zip(x.shape[2:], s, p, k)]
        out = np.zeros(x.shape[:2] + (sizes[0] * sizes[1],))
        idx = args[1].reshape(x.shape[:2] + (-1,))
        np.put_along_axis(out, idx, x.reshape(x.shape[:2] + (-1,)), axis=2)
        return (out.reshape(x.shape[:2] + tuple(sizes)),)
    if kind.endswith(("Pad1d", "Pad2d", "Pad3d")):
        value = 0.0 if cell.value is None else cell.value
        return (np_pad(x, cell.padding, cell.mode, value),)
    if kind == "Unfold":
        return (np_unfold(x, _tuple(cell.kernel_size, 2), _tuple(cell.dilation, 2),
                          _tuple(cell.padding, 2), _tuple(cell.stride, 2)),)
    if kind == "Fold":
        return (np_fold(x, _tuple(cell.output_size, 2), _tuple(cell.kernel_size, 2),
                        _tuple(cell.dilation, 2), _tuple(cell.padding, 2),
                        _tuple(cell.stride, 2)),)
    if kind.startswith("Upsampl"):
        return (np_upsample(cell, x),)
    if kind == "PixelShuffle":
        r = cell.upscale_factor
        n, c, h, w = x.shape
        return (x.reshape(n, c // r ** 2, r, r, h, w).transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, c // r ** 2, h * r, w * r),)
    if kind in ("Conv1d", "Conv2d", "Conv3d"):
        return (np_conv(x, _arr(cell.weight), _arr(cell.bias), cell.stride, _pairs(cell),
                        cell.dilation, cell.groups, cell.padding_mode),)
    if kind == "ConvTranspose2d":
        return (np_conv_transpose2d(x, _arr(cell.weight), _arr(cell.bias), cell.stride,
                                    cell.padding, cell.output_padding, cell.groups,
                                    cell.dilation),)
    if kind.startswith("BatchNorm") or kind == "SyncBatchNorm":     # (one process: the same)
        return (np_batch_norm(cell, x),)
    if kind == "LayerNorm":
        return (np_layer_norm(cell, x),)
    if kind == "GroupNorm":
        return (np_group_norm(cell, x),)
    if kind in ("Dropout", "Dropout2d"):
        return (x,)
    if kind == "Embedding":
        return (np_embedding(cell, x),)
    if kind == "Flatten":
        shape = x.shape
        start, end = cell.start_dim % x.ndim, cell.end_dim % x.ndim
        return (x.reshape(shape[:start] + (-1,) + shape[end + 1:]),)
    raise KeyError(kind)


@pytest.mark.parametrize("name", list(CASES))
def test_values_match_numpy(name):
    cell = build(name)
    args = case_inputs(name)
    expected = np_layer(cell, *[a.astype(np.float64) if a.dtype == np.float32 else a
                                for a in args])
    outs = cell(*[Tensor(a) for a in args])
    outs = outs if isinstance(outs, tuple) else (outs,)
    for out, want in zip(outs, expected):
        assert out.shape == want.shape
        np.testing.assert_allclose(out.asnumpy(), want, rtol=2e-5, atol=2e-5)


# Cases whose derivative is by contract not the output's: the padding row of an
# Embedding gets no gradient, and max_norm renormalises the table in place at
# each call (outside differentiation).
NOT_DIFFERENCEABLE = {"Embedding padding_idx", "Embedding max_norm"}


@pytest.mark.parametrize("name", [n for n in CASES if n not in NOT_DIFFERENCEABLE])
def test_derivatives_to_second_order(name):
    cell = build(name, float64=True)
    args = [Tensor(a.astype(np.float64)) if a.dtype == np.float32 else Tensor(a)
            for a in case_inputs(name)]
    if CASES[name][4] == "weights":
        check_grads(cell, args, order=2, modes=("fwd", "rev"),
                    weights=cell.trainable_params())
    else:
        rest = args[1:]                     # (targets and indices held fixed)
        check_grads(lambda x: cell(x, *rest), args[:1], order=2, modes=("fwd", "rev", "hyper"))


# ---------------------------------------------------------------------------
# Default initialisation (mint's: the bounds of PyTorch's kaiming uniform)

@pytest.mark.parametrize("make, fan_in", [
    (lambda: mint.nn.Conv1d(6, 40, 5), 30),
    (lambda: mint.nn.Conv2d(6, 40, (3, 2), groups=2), 18),
    (lambda: mint.nn.Conv3d(4, 40, 2), 32),
    (lambda: mint.nn.ConvTranspose2d(40, 6, 3, groups=2), 27),
])
def test_convolutions_draw_weight_and_bias_from_u_of_one_over_root_fan_in(make, fan_in):
    ms.set_seed(5)
    cell = make()
    bound = 1 / math.sqrt(fan_in)
    for p in (cell.weight, cell.bias):
        values = np.abs(p.asnumpy())
        assert values.max() <= bound and values.max() > 0.8 * bound
    assert cell.weight.dtype == ms.float32


def test_normalisation_starts_at_one_and_zero_and_embeddings_are_standard_normal():
    bn = mint.nn.BatchNorm2d(4, dtype=ms.float64)
    assert bn.weight.asnumpy().tolist() == [1.0] * 4 and bn.bias.asnumpy().tolist() == [0.0] * 4
    assert bn.running_var.dtype == ms.float64 and bn.num_batches_tracked.dtype == ms.int64
    ln = mint.nn.LayerNorm((2, 3))
    assert ln.weight.asnumpy().tolist() == [[1.0] * 3] * 2 and not ln.bias.asnumpy().any()
    ms.set_seed(2)
    table = mint.nn.Embedding(400, 50).weight.asnumpy()
    assert abs(table.mean()) < 0.02 and abs(table.std() - 1.0) < 0.02


# ---------------------------------------------------------------------------
# Training-mode conventions

def test_batch_norm_momentum_weighs_the_batch_and_counts_batches():
    x = inputs()["bn1"].astype(np.float64)
    bn = mint.nn.BatchNorm1d(3, momentum=0.25, dtype=ms.float64).set_train()
    bn(Tensor(x))
    bn(Tensor(2 * x))
    mean, var = x.mean(0), x.var(0, ddof=1)
    want_mean = 0.75 * (0.25 * mean) + 0.25 * (2 * mean)
    want_var = 0.75 * (0.75 + 0.25 * var) + 0.25 * (4 * var)
    np.testing.assert_allclose(bn.running_mean.asnumpy(), want_mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.asnumpy(), want_var, rtol=1e-12)
    assert int(bn.num_batches_tracked.asnumpy()) == 2
    # evaluation normalises with the running statistics
    out = bn.set_train(False)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(out, (x - want_mean) / np.sqrt(want_var + 1e-5), rtol=1e-10)
    bn.reset_parameters()
    assert bn.running_mean.asnumpy().tolist() == [0.0] * 3 and \
        int(bn.num_batches_tracked.asnumpy()) == 0


def test_sync_batch_norm_in_one_process_is_batch_norm():
    """One process holds the whole batch: mint's SyncBatchNorm trains, counts
    batches and evaluates as BatchNorm1d/2d, for inputs of 2 to 4 dims (as
    MindSpore's, whose CPU batch_norm refuses 5)."""
    x = inputs()["bn2"].astype(np.float64)
    for make_plain, data in ((mint.nn.BatchNorm2d, x), (mint.nn.BatchNorm1d, x[:, :, 0]),
                             (mint.nn.BatchNorm1d, x[:, :, :, 0])):
        sync = mint.nn.SyncBatchNorm(3, momentum=0.3, dtype=ms.float64).set_train()
        plain = make_plain(3, momentum=0.3, dtype=ms.float64).set_train()
        for k in (1.0, -2.0):
            np.testing.assert_array_equal(sync(Tensor(k * data)).asnumpy(),
                                          plain(Tensor(k * data)).asnumpy())
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            np.testing.assert_array_equal(getattr(sync, name).asnumpy(),
                                          getattr(plain, name).asnumpy())
        sync.set_train(False)
        plain.set_train(False)
        np.testing.assert_array_equal(sync(Tensor(data)).asnumpy(), plain(Tensor(data)).asnumpy())
    assert [p.name for p in mint.nn.SyncBatchNorm(2).get_parameters()] == [
        "weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert mint.nn.SyncBatchNorm(2, process_group="group_a").process_group == "group_a"
    sync = mint.nn.SyncBatchNorm(3, dtype=ms.float64).set_train()
    check_grads(sync, (Tensor(x),), order=2, modes=("fwd", "rev", "hyper"),
                weights=sync.trainable_params())
    with pytest.raises(ValueError, match=r"SyncBatchNorm: input must be 2-D or 3-D or 4-D"):
        sync(Tensor(np.ones((2, 3, 2, 2, 2))))
    with pytest.raises(TypeError, match=r"SyncBatchNorm: process_group must be a group name"):
        mint.nn.SyncBatchNorm(3, process_group=1)


def test_batch_norm_momentum_none_keeps_the_cumulative_average():
    x = inputs()["bn1"].astype(np.float64)
    bn = mint.nn.BatchNorm1d(3, momentum=None, dtype=ms.float64).set_train()
    for k in (1.0, 3.0, -2.0):
        bn(Tensor(k * x))
    np.testing.assert_allclose(bn.running_mean.asnumpy(), (1 + 3 - 2) / 3 * x.mean(0),
                               rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.asnumpy(), (1 + 9 + 4) / 3 * x.var(0, ddof=1),
                               rtol=1e-12)


def test_batch_norm_without_running_stats_always_uses_the_batch():
    x = inputs()["bn2"].astype(np.float64)
    bn = mint.nn.BatchNorm2d(3, track_running_stats=False, affine=False, dtype=ms.float64)
    assert bn.running_mean is None and bn.num_batches_tracked is None
    assert [p.name for p in bn.get_parameters()] == []
    out = bn(Tensor(x)).asnumpy()
    axes = (0, 2, 3)
    np.testing.assert_allclose(out, (x - x.mean(axes, keepdims=True))
                               / np.sqrt(x.var(axes, keepdims=True) + 1e-5), rtol=1e-10)


def test_dropout_p_is_the_probability_of_dropping():
    ms.set_seed(7)
    x = Tensor(np.ones((200, 100), np.float32))
    out = mint.nn.Dropout(p=0.2).set_train()(x).asnumpy()
    assert set(np.unique(out).tolist()) <= {0.0, 1.25}
    assert abs((out == 0).mean() - 0.2) < 0.02
    maps = mint.nn.Dropout2d(p=0.4).set_train()(Tensor(np.ones((50, 40, 3, 3), np.float32)))
    maps = maps.asnumpy()
    assert (maps.min((2, 3)) == maps.max((2, 3))).all()        # whole feature maps
    assert abs((maps[:, :, 0, 0] == 0).mean() - 0.4) < 0.04
    g = ms.grad(lambda t: mint.nn.Dropout(p=0.5).set_train()(t).sum())(x).asnumpy()
    assert set(np.unique(g).tolist()) <= {0.0, 2.0}
    assert mint.nn.Dropout(p=1.0).set_train()(x).asnumpy().max() == 0.0


def test_embedding_padding_row_gets_no_gradient_and_freeze_leaves_it_untrained():
    emb = mint.nn.Embedding(5, 3, padding_idx=-2)
    assert emb.padding_idx == -2 and not emb.weight.asnumpy()[3].any()
    ids = Tensor(np.array([[3, 1, 3]]))
    g = ms.grad(lambda: emb(ids).sum(), None, emb.trainable_params())()[0].asnumpy()
    assert not g[3].any() and g[1].tolist() == [1.0, 1.0, 1.0]
    given = Tensor(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    frozen = mint.nn.Embedding(3, 2, _weight=given, _freeze=True)
    assert list(frozen.trainable_params()) == []
    assert frozen(Tensor(np.array([2]))).asnumpy().tolist() == [[4.0, 5.0]]


def test_unbatched_convolution_inputs_and_transposed_output_size():
    conv = mint.nn.Conv2d(2, 3, 3, padding=1)
    x = Tensor(inputs()["x2"][0, :2])
    np.testing.assert_allclose(conv(x).asnumpy(), conv(x.reshape(1, 2, 5, 6)).asnumpy()[0],
                               rtol=1e-6)
    up = mint.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)
    z = Tensor(inputs()["x2"])
    assert up(z).shape == (2, 2, 9, 11)
    assert up(z, output_size=(10, 12)).shape == (2, 2, 10, 12)
    assert up(z, output_size=(2, 2, 9, 12)).shape == (2, 2, 9, 12)
    with pytest.raises(ValueError, match=r"^ConvTranspose2d: output_size \(11, 12\) is out"):
        up(z, output_size=(11, 12))


def test_reprs():
    assert repr(mint.nn.Conv1d(2, 4, 3, padding="same")) == (
        "Conv1d(input_channels=2, output_channels=4, kernel_size=(3,), stride=(1,), "
        "padding=same, dilation=(1,), groups=1, bias=True)")
    assert repr(mint.nn.BatchNorm1d(3, momentum=None)) == (
        "BatchNorm1d(num_features=3, eps=1e-05, momentum=None, affine=True, "
        "track_running_stats=True)")
    assert repr(mint.nn.GroupNorm(2, 4)) == \
        "GroupNorm(num_groups=2, num_channels=4, eps=1e-05, affine=True)"
    assert repr(mint.nn.Embedding(3, 2)) == (
        "Embedding(num_embeddings=3, embedding_dim=2, padding_idx=None, max_norm=None, "
        "norm_type=2.0, scale_grad_by_freq=False, dtype=Float32)")


def test_input_shape_errors_name_the_cell():
    with pytest.raises(ValueError, match=r"^BatchNorm2d: input must be 4-D, got shape"):
        mint.nn.BatchNorm2d(3)(Tensor(np.ones((2, 3), np.float32)))
    with pytest.raises(ValueError, match=r"^BatchNorm1d: input must have num_features = 3"):
        mint.nn.BatchNorm1d(3)(Tensor(np.ones((2, 4), np.float32)))
    with pytest.raises(ValueError, match=r"^Conv2d: "):
        mint.nn.Conv2d(3, 2, 3)(Tensor(np.ones((1, 4, 5, 5), np.float32)))


@pytest.mark.parametrize("make, formula", [
    (lambda: mint.nn.SiLU(inplace=True), lambda x: x / (1 + np.exp(-x))),
    (lambda: mint.nn.ELU(0.5, inplace=True), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    (lambda: mint.nn.Hardtanh(-0.5, 0.5, inplace=True), lambda x: np.clip(x, -0.5, 0.5)),
    (lambda: mint.nn.ReLU6(inplace=True), lambda x: np.clip(x, 0, 6)),
    (lambda: mint.nn.Threshold(0.2, 9.0, inplace=True), lambda x: np.where(x > 0.2, x, 9.0)),
])
def test_inplace_activations_write_into_their_input(make, formula):
    data = inputs()["v"]
    x = Tensor(data.copy())
    out = make()(x)
    assert out is x
    np.testing.assert_allclose(x.asnumpy(), formula(data.astype(np.float64)), rtol=1e-6,
                               atol=1e-7)


def test_pooling_strides_default_to_the_kernel_and_reprs_show_sizes():
    assert mint.nn.MaxPool2d(3).stride == 3 and mint.nn.MaxPool2d(3, 1).stride == 1
    assert mint.nn.AvgPool2d(2).stride is None                  # (functional: the kernel)
    assert repr(mint.nn.AdaptiveAvgPool2d((2, None))) == \
        "AdaptiveAvgPool2d(output_size=(2, None))"
    assert repr(mint.nn.AdaptiveMaxPool1d(3)) == \
        "AdaptiveMaxPool1d(output_size=3, return_indices=False)"
    assert mint.nn.ReflectionPad2d(1).padding == (1, 1, 1, 1)
    assert mint.nn.ZeroPad3d((1, 2, 0, 0, 3, 0)).value == 0.0


def test_max_pool_indices_unpool_back_to_the_maxima():
    x = Tensor(inputs()["pool2"])
    values, indices = mint.nn.MaxPool2d(2, return_indices=True)(x)
    assert indices.dtype == ms.int64
    restored = mint.nn.MaxUnpool2d(2)(values, indices, output_size=(6, 7)).asnumpy()
    flat = restored.reshape(1, 2, -1)
    picked = np.take_along_axis(x.asnumpy().reshape(1, 2, -1),
                                indices.asnumpy().reshape(1, 2, -1), 2)
    np.testing.assert_array_equal(np.take_along_axis(flat, indices.asnumpy().reshape(1, 2, -1),
                                                     2), picked)
    assert (restored != 0).sum() == values.size


# ---------------------------------------------------------------------------
# Bicubic resampling: PyTorch's kernel (coefficient -0.75, edge taps repeated),
# which mint's follows; MindSpore 2.10 runs it on Ascend only

@pytest.mark.parametrize("index", range(len(bicubic_reference.CASES)))
def test_bicubic_interpolation_is_pytorchs(index):
    case = bicubic_reference.CASES[index]
    shape, values = bicubic_reference.PYTORCH[index]
    x = Tensor(bicubic_reference.image())
    out = mint.nn.functional.interpolate(x, mode="bicubic", **case)
    assert out.shape == shape and out.dtype == ms.float64
    np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=0, atol=1e-14)
    layer = mint.nn.Upsample(mode="bicubic", **case)
    np.testing.assert_array_equal(layer(x).asnumpy(), out.asnumpy())
    check_grads(lambda t: mint.nn.functional.interpolate(t, mode="bicubic", **case), (x,),
                order=2, modes=("fwd", "rev"))


def test_bicubic_interpolation_keeps_float32_and_ops_checks():
    x = Tensor(bicubic_reference.image().astype(np.float32))
    assert mint.nn.functional.interpolate(x, size=(6, 6), mode="bicubic").dtype == ms.float32
    with pytest.raises(ValueError, match="give size or scale_factor, not both"):
        mint.nn.functional.interpolate(x, size=(6, 6), scale_factor=2.0, mode="bicubic")
    with pytest.raises(ValueError, match="bicubic.*4-D"):
        mint.nn.functional.interpolate(Tensor(np.ones((1, 1, 4))), size=6, mode="bicubic")
    # each output reads its 4 × 4 taps only: an inf in a corner stays there
    image = bicubic_reference.image()
    image[0, 0, 0, 0] = np.inf
    with np.errstate(invalid="ignore"):             # (inf - inf next to the corner)
        out = mint.nn.functional.interpolate(Tensor(image), size=(10, 8), mode="bicubic")
    out = out.asnumpy()             # rows from 5 and columns from 5 read no corner tap
    assert not np.isfinite(out[0, 0, 0, 0])
    assert np.isfinite(out[0, 0, 5:, :]).all() and np.isfinite(out[0, 0, :, 5:]).all()
    assert np.isfinite(out[0, 1]).all()

