"""Convolution and pooling (dualgrad._convolution, nn.Conv1d/2d/3d and the pooling layers).

Values, dtypes and gradients against MindSpore 2.10's, captured once
(tests/convolution_reference.py); an independent NumPy reference (a direct sum
over kernel offsets) on random float64 inputs; second derivatives in every
mode; the layers' parameters, defaults and weight gradients; vmap against a
loop; bad arguments.
"""
import itertools
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

from convolution_reference import CASES, MINDSPORE, assert_like_stored, inputs, run_case
from vmap_reference import assert_vmap_over_the_first_is_a_loop

rng = np.random.default_rng(7)


# ---------------------------------------------------------------------------
# Against MindSpore 2.10

def _run_case(kind, fn, names, kwargs, dtype):
    return run_case(ms, nn, ops, kind, fn, [Tensor(inputs(dtype)[n]) for n in names], kwargs)


TOLERANCES = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-6}


@pytest.mark.parametrize("name", CASES)
def test_against_mindspore(name):
    kind, fn, names, kwargs, *dtype = CASES[name]
    out = _run_case(kind, fn, names, kwargs, dtype[0] if dtype else "float32")
    assert_like_stored(out, MINDSPORE[name], TOLERANCES)


# ---------------------------------------------------------------------------
# Against NumPy: a direct sum over kernel offsets

def _pairs(pad_mode, padding, sizes, kernel, stride, dilation):
    if pad_mode == "same":
        out = []
        for n, k, s, d in zip(sizes, kernel, stride, dilation):
            total = max((math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)
            out.append((total // 2, total - total // 2))
        return out
    return [(p, p) for p in padding] if pad_mode == "pad" else [(0, 0)] * len(sizes)


def reference_conv(x, w, b, stride, pairs, dilation, groups):
    """out[n, o, p] = b[o] + sum over kernel offsets k and the group's channels c of
    w[o, c, k] x_padded[n, g(o) C/G + c, p * stride + k * dilation]."""
    nd = x.ndim - 2
    x = np.pad(x, [(0, 0), (0, 0)] + list(pairs))
    kernel = w.shape[2:]
    out_sizes = [(x.shape[2 + i] - (kernel[i] - 1) * dilation[i] - 1) // stride[i] + 1
                 for i in range(nd)]
    per_in, per_out = x.shape[1] // groups, w.shape[0] // groups
    out = np.zeros((x.shape[0], w.shape[0]) + tuple(out_sizes))
    for offset in itertools.product(*(range(k) for k in kernel)):
        index = tuple(slice(o * d, o * d + s * (n - 1) + 1, s)
                      for o, d, s, n in zip(offset, dilation, stride, out_sizes))
        patch = x[(slice(None), slice(None)) + index]
        for g in range(groups):
            taps = w[(slice(g * per_out, (g + 1) * per_out), slice(None)) + offset]
            out[:, g * per_out:(g + 1) * per_out] += np.einsum(
                "oc,nc...->no...", taps, patch[:, g * per_in:(g + 1) * per_in])
    return out if b is None else out + b.reshape((-1,) + (1,) * nd)


CONV_PARAMETERS = [
    # (nd, batch, in, out, spatial, kernel, stride, pad_mode, padding, dilation, groups, bias)
    (2, 2, 4, 6, (7, 6), (3, 3), (1, 1), "valid", 0, (1, 1), 1, True),
    (2, 1, 4, 6, (7, 6), (3, 2), (2, 1), "same", 0, (1, 1), 2, False),
    (2, 2, 6, 3, (5, 8), (2, 3), (2, 3), "pad", (1, 2), (2, 1), 3, True),
    (2, 1, 2, 2, (9, 9), (4, 4), (3, 3), "same", 0, (2, 2), 2, True),
    (2, 3, 3, 4, (4, 4), (1, 1), (2, 2), "pad", (0, 1), (1, 1), 1, False),
    (1, 2, 4, 4, (11,), (3,), (2,), "pad", (3,), (2,), 4, True),
    (1, 1, 3, 6, (8,), (4,), (1,), "same", 0, (1,), 3, False),
    (1, 2, 2, 5, (6,), (6,), (1,), "valid", 0, (1,), 1, True),
    (3, 1, 2, 4, (4, 5, 3), (2, 3, 2), (1, 2, 1), "same", 0, (1, 1, 2), 2, True),
    (3, 2, 2, 2, (3, 3, 4), (2, 2, 2), (2, 1, 1), "pad", (1, 0, 1), (1, 1, 1), 1, False),
]


@pytest.mark.parametrize("params", CONV_PARAMETERS)
def test_conv_against_numpy(params):
    nd, n, c_in, c_out, spatial, kernel, stride, pad_mode, padding, dilation, groups, bias = \
        params
    x = rng.normal(size=(n, c_in) + spatial)
    w = rng.normal(size=(c_out, c_in // groups) + kernel)
    b = rng.normal(size=c_out) if bias else None
    conv = {1: ops.conv1d, 2: ops.conv2d, 3: ops.conv3d}[nd]
    got = conv(Tensor(x), Tensor(w), None if b is None else Tensor(b), stride=stride,
               pad_mode=pad_mode, padding=padding, dilation=dilation, groups=groups)
    pairs = _pairs(pad_mode, padding if pad_mode == "pad" else None, spatial, kernel, stride,
                   dilation)
    assert got.dtype == ms.float64
    np.testing.assert_allclose(got.asnumpy(), reference_conv(x, w, b, stride, pairs, dilation,
                                                             groups), rtol=1e-12, atol=1e-12)


def reference_pool(x, kernel, stride, padding, reduce, fill):
    """Pooling of a 4-D x by a loop over output positions (no shared code)."""
    x = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding], constant_values=fill)
    out_h = (x.shape[2] - kernel[0]) // stride[0] + 1
    out_w = (x.shape[3] - kernel[1]) // stride[1] + 1
    out = np.empty(x.shape[:2] + (out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride[0]:i * stride[0] + kernel[0],
                       j * stride[1]:j * stride[1] + kernel[1]]
            out[:, :, i, j] = reduce(window, axis=(2, 3))
    return out


@pytest.mark.parametrize("kernel, stride, padding", [
    ((2, 2), (2, 2), (0, 0)), ((3, 3), (1, 2), (1, 1)), ((3, 2), (2, 1), (1, 0)),
    ((4, 5), (3, 2), (2, 2)), ((1, 1), (1, 1), (0, 0))])
def test_pooling_against_numpy(kernel, stride, padding):
    x = rng.normal(size=(2, 3, 8, 9))
    np.testing.assert_array_equal(
        ops.max_pool2d(Tensor(x), kernel, stride, padding).asnumpy(),
        reference_pool(x, kernel, stride, padding, np.max, -np.inf))
    np.testing.assert_allclose(
        ops.avg_pool2d(Tensor(x), kernel, stride, (padding[0],) * 2 + (padding[1],) * 2)
        .asnumpy(), reference_pool(x, kernel, stride, padding, np.mean, 0.0), rtol=1e-13)
    # without the padding in the count: the sum over the count of input positions
    sums = reference_pool(x, kernel, stride, padding, np.sum, 0.0)
    counts = reference_pool(np.ones((1, 1) + x.shape[2:]), kernel, stride, padding, np.sum, 0.0)
    np.testing.assert_allclose(
        ops.avg_pool2d(Tensor(x), kernel, stride, (padding[0],) * 2 + (padding[1],) * 2,
                       count_include_pad=False).asnumpy(), sums / counts, rtol=1e-13)


@pytest.mark.parametrize("size, n_out", [(6, 3), (7, 3), (5, 5), (3, 7), (10, 1)])
def test_adaptive_against_numpy(size, n_out):
    x = rng.normal(size=(2, 3, size))
    expected = np.stack([x[..., (j * size) // n_out:-((-(j + 1) * size) // n_out)].mean(-1)
                         for j in range(n_out)], -1)
    np.testing.assert_allclose(ops.adaptive_avg_pool1d(Tensor(x), n_out).asnumpy(), expected,
                               rtol=1e-13)
    x2 = rng.normal(size=(2, size, size + 1))
    got = ops.adaptive_avg_pool2d(Tensor(x2), (n_out, None)).asnumpy()
    np.testing.assert_allclose(got, ops.adaptive_avg_pool1d(
        Tensor(x2.swapaxes(1, 2)), n_out).asnumpy().swapaxes(1, 2), rtol=1e-13)


def _adaptive_bounds(size, n_out):
    return [((j * size) // n_out, -((-(j + 1) * size) // n_out)) for j in range(n_out)]


@pytest.mark.parametrize("sizes, n_out", [((7, 5), (3, 2)), ((4, 6), (4, 6)), ((3, 5), (7, 2)),
                                          ((6, 6), (1, 4)), ((5, 4), (2, None))])
def test_adaptive_max_against_numpy(sizes, n_out):
    x = RNG_3D.normal(size=(2, 3) + sizes)
    values, indices = ops.adaptive_max_pool2d(Tensor(x), n_out, return_indices=True)
    n_out = tuple(s if n is None else n for s, n in zip(sizes, n_out))
    assert values.shape == indices.shape == (2, 3) + n_out and indices.dtype == ms.int64
    for i, (h0, h1) in enumerate(_adaptive_bounds(sizes[0], n_out[0])):
        for j, (w0, w1) in enumerate(_adaptive_bounds(sizes[1], n_out[1])):
            window = x[:, :, h0:h1, w0:w1]
            np.testing.assert_array_equal(values.asnumpy()[:, :, i, j], window.max(axis=(2, 3)))
            first = window.reshape(2, 3, -1).argmax(-1)       # the first maximum, row-major
            rows, cols = np.unravel_index(first, window.shape[2:])
            np.testing.assert_array_equal(indices.asnumpy()[:, :, i, j],
                                          (h0 + rows) * sizes[1] + w0 + cols)
    # 1-D and 3-D: the same windows along each axis
    np.testing.assert_array_equal(
        ops.adaptive_max_pool1d(Tensor(x[:, :, 0]), n_out[1]).asnumpy(),
        ops.adaptive_max_pool2d(Tensor(x[:, :, :1]), (1, n_out[1])).asnumpy()[:, :, 0])
    np.testing.assert_array_equal(
        ops.adaptive_max_pool3d(Tensor(x[:, :, None]), (1,) + n_out).asnumpy()[:, :, 0],
        values.asnumpy())


def test_adaptive_max_indices_match_mindspores():
    # captured from MindSpore 2.10 (CPU) on these inputs
    x = Tensor(np.sin(np.arange(2 * 3 * 7 * 5) * 0.37).reshape(2, 3, 7, 5).astype(np.float32))
    _, indices = ops.adaptive_max_pool2d(x, (3, None), True)
    assert indices.asnumpy().ravel()[:8].tolist() == [5, 6, 2, 3, 4, 20, 21, 22]
    x5 = Tensor(np.sin(np.arange(2 * 3 * 5 * 4 * 6) * 0.37).reshape(2, 3, 5, 4, 6)
                .astype(np.float32))
    _, indices = nn.AdaptiveMaxPool3d((2, 3, 4), return_indices=True)(x5)
    assert indices.dtype == ms.int32
    assert indices.asnumpy().ravel()[:6].tolist() == [55, 55, 4, 4, 55, 55]


@pytest.mark.parametrize("p, kernel, stride, ceil_mode", [
    (2, (2, 2), None, False), (1, (3, 2), (2, 1), True), (3, (2, 3), (1, 2), False),
    (1.5, (3, 3), (2, 2), True), (4, (1, 2), None, True)])
def test_lp_pool_against_numpy(p, kernel, stride, ceil_mode):
    x = np.abs(RNG_3D.normal(size=(2, 3, 7, 6))) + 0.1
    got = ops.lp_pool2d(Tensor(x), p, kernel, stride, ceil_mode).asnumpy()
    stride = stride or kernel
    # MindSpore's formula: the mean of x^p over the window's positions (a ceil_mode
    # window has fewer) times the kernel's size, to the power 1/p
    for i in range(got.shape[2]):
        for j in range(got.shape[3]):
            window = x[:, :, i * stride[0]:i * stride[0] + kernel[0],
                       j * stride[1]:j * stride[1] + kernel[1]]
            want = ((window ** p).mean(axis=(2, 3)) * kernel[0] * kernel[1]) ** (1 / p)
            np.testing.assert_allclose(got[:, :, i, j], want, rtol=1e-13)
    one_d = ops.lp_pool1d(Tensor(x[:, :, 0]), p, kernel[1], stride[1], ceil_mode).asnumpy()
    np.testing.assert_allclose(
        one_d, ops.lp_pool2d(Tensor(x[:, :, :1]), p, (1, kernel[1]), (1, stride[1]),
                             ceil_mode).asnumpy()[:, :, 0], rtol=1e-14)


def test_lp_pool_at_zero_and_with_negative_sums():
    zeros = Tensor(np.zeros((1, 1, 4, 4)))
    assert ops.lp_pool2d(zeros, 2, 2).asnumpy().tolist() == [[[[0.0, 0.0], [0.0, 0.0]]]]
    g = ms.grad(lambda t: ops.lp_pool2d(t, 2, 2).sum())(zeros)
    np.testing.assert_array_equal(g.asnumpy(), np.zeros((1, 1, 4, 4)))   # not 0 * inf
    minus = Tensor(-np.ones((1, 1, 2, 2)))
    # as MindSpore 2.10: p = 1 sums, p = 2 squares first, p = 3 has no real cube root here
    assert ops.lp_pool2d(minus, 1, 2).item() == -4.0
    assert ops.lp_pool2d(minus, 2, 2).item() == 2.0
    assert np.isnan(ops.lp_pool2d(minus, 3, 2).item())


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_max_unpool_places_the_maxima_back(nd):
    sizes = (6, 5, 4)[:nd]
    x = Tensor(RNG_3D.normal(size=(2, 3) + sizes))
    if nd == 1:
        pooled, indices = ops.max_pool2d(x[:, :, None], (1, 2), return_indices=True)
        pooled, indices = pooled[:, :, 0], indices[:, :, 0]
    else:
        pooled, indices = getattr(ops, f"max_pool{nd}d")(x, 2, return_indices=True)
    unpool = getattr(ops, f"max_unpool{nd}d")
    out = unpool(pooled, indices, 2, output_size=sizes)
    # the default size drops a last odd position: (n // 2 - 1) * 2 + 2
    zeros = Tensor(np.zeros(indices.shape, np.int64))
    assert unpool(pooled, zeros, 2).shape == (2, 3) + tuple(n // 2 * 2 for n in sizes)
    want = np.zeros((2, 3, int(np.prod(sizes))))
    np.put_along_axis(want, indices.asnumpy().reshape(2, 3, -1),
                      pooled.asnumpy().reshape(2, 3, -1), -1)
    np.testing.assert_array_equal(out.asnumpy(), want.reshape((2, 3) + sizes))
    # the derivative is the take at the indices
    weights = Tensor(RNG_3D.normal(size=(2, 3) + sizes))
    g = ms.grad(lambda p: (unpool(p, indices, 2, output_size=sizes) * weights).sum())(pooled)
    np.testing.assert_array_equal(
        g.asnumpy().reshape(2, 3, -1),
        np.take_along_axis(weights.asnumpy().reshape(2, 3, -1),
                           indices.asnumpy().reshape(2, 3, -1), -1))
    check_grads(lambda p: ops.sin(unpool(p, indices, 2, output_size=sizes)), (pooled,),
                order=2, modes=("fwd", "rev", "hyper"))


def test_max_unpool_as_mindspore_writes_it():
    # MindSpore 2.10's results on these inputs: a repeated index keeps the last
    # element written; its gradient takes the cotangent at each index
    x = Tensor(np.sin(np.arange(32) * 0.7).reshape(1, 2, 4, 4).astype(np.float32))
    pooled, indices = ops.max_pool2d(x, 2, 2, return_indices=True)
    assert indices.asnumpy().ravel().tolist() == [1, 2, 12, 11, 4, 3, 13, 14]
    cotangent = Tensor(np.arange(32.0, dtype=np.float32).reshape(1, 2, 4, 4))
    g = ms.grad(lambda p: (ops.max_unpool2d(p, indices, 2) * cotangent).sum())(pooled)
    assert g.asnumpy().ravel().tolist() == [1, 2, 12, 11, 20, 19, 29, 30]
    same_place = Tensor(np.zeros((1, 2, 2, 2), np.int64))
    out = ops.max_unpool2d(pooled, same_place, 2).asnumpy()
    assert out[0, 0, 0, 0] == pooled.asnumpy()[0, 0, 1, 1] and np.count_nonzero(out) == 2
    g = ms.grad(lambda p: ops.max_unpool2d(p, same_place, 2).sum())(pooled).asnumpy()
    assert g.ravel().tolist() == [0, 0, 0, 1, 0, 0, 0, 1]     # only the element kept
    assert ops.max_unpool2d(pooled[0], indices[0], 2).shape == (2, 4, 4)
    assert ops.max_unpool2d(pooled, indices, 2, output_size=(1, 2, 5, 5)).shape == (1, 2, 5, 5)
    np.testing.assert_array_equal(
        ops.max_unpool1d(Tensor([[[1.0, 2.0]]]), Tensor([[[1, 3]]]), 2).asnumpy(),
        [[[0.0, 1.0, 0.0, 2.0]]])


# ---------------------------------------------------------------------------
# Derivatives in every mode

X4 = rng.normal(size=(2, 4, 5, 6))
W4 = rng.normal(size=(6, 2, 3, 2))
B6 = rng.normal(size=6)
X3 = rng.normal(size=(2, 3, 7))
# distinct values at least 0.05 apart, so no finite-difference step crosses a tie
DISTINCT = (rng.permutation(2 * 3 * 5 * 6) * 0.05).reshape(2, 3, 5, 6)
RNG_3D = np.random.default_rng(11)     # its own, so the draws of rng above stay as they were

GRAD_CASES = {
    "conv2d pad stride dilation groups bias": (
        lambda x, w, b: ops.conv2d(x, w, b, stride=2, pad_mode="pad", padding=(1, 2),
                                   dilation=(1, 2), groups=2), (X4, W4, B6)),
    "conv2d same squared": (lambda x, w: ops.conv2d(x, w, pad_mode="same", groups=2) ** 2,
                            (X4, W4)),
    "conv1d": (lambda x, w: ops.conv1d(x, w, stride=2, pad_mode="same", dilation=2),
               (X3, rng.normal(size=(2, 3, 3)))),
    "conv3d": (lambda x, w: ops.conv3d(x, w, pad_mode="pad", padding=1),
               (rng.normal(size=(1, 2, 3, 3, 2)), rng.normal(size=(2, 2, 2, 2, 2)))),
    "max_pool2d": (lambda x: ops.max_pool2d(x, 3, 2, padding=1, ceil_mode=True) ** 2,
                   (DISTINCT,)),
    "max_pool2d dilation": (lambda x: ops.max_pool2d(x, 2, 1, dilation=2) * x[:, :, :3, :4],
                            (DISTINCT,)),
    "avg_pool2d": (lambda x: ops.avg_pool2d(x, 3, 2, (1, 0, 1, 1), ceil_mode=True,
                                            count_include_pad=False) ** 2, (X4,)),
    "avg_pool1d": (lambda x: ops.avg_pool1d(x, 3, 2, 1) ** 3, (X3,)),
    "adaptive_avg_pool2d": (lambda x: ops.sin(ops.adaptive_avg_pool2d(x, (3, 4))), (X4,)),
    "adaptive_avg_pool1d": (lambda x: ops.adaptive_avg_pool1d(x, 4) ** 2, (X3,)),
    "adaptive_avg_pool3d": (lambda x: ops.adaptive_avg_pool3d(x, (2, None, 3)) ** 2,
                            (RNG_3D.normal(size=(2, 3, 4, 5)),)),
    "nn.AvgPool3d same": (lambda x: nn.AvgPool3d(3, 2, "same")(x) ** 2,
                          (RNG_3D.normal(size=(1, 2, 4, 5, 3)),)),
    "nn.MaxPool3d pad": (lambda x: nn.MaxPool3d(3, 2, "pad", 1, ceil_mode=True)(x) ** 2,
                         (DISTINCT[:1],)),
    "adaptive_max_pool2d": (lambda x: ops.adaptive_max_pool2d(x, (3, 4)) ** 2, (DISTINCT,)),
    "adaptive_max_pool3d": (lambda x: ops.sin(ops.adaptive_max_pool3d(x, (2, 2, 5))),
                            (DISTINCT[:1],)),
    "lp_pool2d": (lambda x: ops.lp_pool2d(x, 2.5, 2, 1, True) ** 2,
                  (np.abs(RNG_3D.normal(size=(1, 2, 5, 4))) + 0.2,)),
    "lp_pool1d p1": (lambda x: ops.lp_pool1d(x, 1, 3, 2, True) ** 3, (X3,)),
}


@pytest.mark.parametrize("name", GRAD_CASES)
def test_second_derivatives_in_every_mode(name):
    fn, args = GRAD_CASES[name]
    check_grads(fn, tuple(Tensor(a) for a in args), order=2, modes=("fwd", "rev", "hyper"))


def test_max_pool_gradient_never_reaches_padding_or_a_second_tie():
    x = Tensor(np.full((1, 1, 3, 3), -5.0))      # all tied, below the padding's 0
    g = ms.grad(lambda a: ops.max_pool2d(a, 3, 1, padding=1).sum())(x).asnumpy()[0, 0]
    # each of the 9 windows sends its gradient to its first input element
    np.testing.assert_array_equal(g, [[4, 2, 0], [2, 1, 0], [0, 0, 0]])


# ---------------------------------------------------------------------------
# Layers

def test_layer_parameters_and_defaults():
    conv = nn.Conv2d(4, 6, (3, 2), group=2, has_bias=True)
    assert conv.weight.shape == (6, 2, 3, 2) and conv.bias.shape == (6,)
    assert (conv.pad_mode, conv.stride, conv.dilation) == ("same", (1, 1), (1, 1))
    bound = 1 / math.sqrt(2 * 3 * 2)          # HeUniform(sqrt(5)) and the bias' Uniform
    assert np.abs(conv.weight.asnumpy()).max() <= bound
    assert np.abs(conv.bias.asnumpy()).max() <= bound
    assert nn.Conv2d(2, 3, 3).bias is None
    assert nn.Conv1d(4, 2, 5).weight.shape == (2, 4, 1, 5)   # MindSpore's layout
    assert nn.Conv2d(2, 3, 3, dtype=ms.float64).weight.dtype == ms.float64
    assert repr(nn.Conv2d(2, 4, 3)).startswith(
        "Conv2d(input_channels=2, output_channels=4, kernel_size=(3, 3), stride=(1, 1), "
        "pad_mode=same, padding=0, dilation=(1, 1), group=1, has_bias=False")
    x = Tensor(rng.normal(size=(2, 4, 9)).astype(np.float32))
    assert nn.Conv1d(4, 2, 3)(x).shape == (2, 2, 9)
    assert nn.Conv1d(4, 2, 3, pad_mode="pad", padding=2, stride=2)(x).shape == (2, 2, 6)
    assert nn.Conv2d(4, 2, 3, pad_mode="pad", padding=(1, 0, 2, 0))(
        Tensor(np.ones((1, 4, 5, 6), np.float32))).shape == (1, 2, 4, 6)


def test_layers_match_the_functions():
    x = Tensor(rng.normal(size=(2, 4, 6, 7)))
    w = rng.normal(size=(6, 2, 3, 3))
    conv = nn.Conv2d(4, 6, 3, stride=2, pad_mode="pad", padding=1, group=2, has_bias=True,
                     weight_init=Tensor(w), bias_init="ones", dtype=ms.float64)
    np.testing.assert_allclose(conv(x).asnumpy(), ops.conv2d(
        x, Tensor(w), Tensor(np.ones(6)), 2, "pad", 1, groups=2).asnumpy(), rtol=1e-14)
    np.testing.assert_array_equal(nn.MaxPool2d(3, 2, "pad", 1, ceil_mode=True)(x).asnumpy(),
                                  ops.max_pool2d(x, 3, 2, 1, ceil_mode=True).asnumpy())
    np.testing.assert_array_equal(nn.AvgPool1d(2, 2)(x[0]).asnumpy(),
                                  ops.avg_pool1d(x[0], 2, 2).asnumpy())
    np.testing.assert_allclose(nn.AdaptiveAvgPool1d(3)(x[0]).asnumpy(),
                               ops.adaptive_avg_pool1d(x[0], 3).asnumpy())
    out, indices = nn.MaxPool2d(2, 2, "pad", 1, return_indices=True)(x)
    flat = x.asnumpy().reshape(2, 4, -1)
    np.testing.assert_array_equal(
        np.take_along_axis(flat, indices.asnumpy().reshape(2, 4, -1), -1),
        out.asnumpy().reshape(2, 4, -1))


def test_the_3d_layers():
    x = Tensor(RNG_3D.normal(size=(2, 4, 5, 6, 4)))
    w = RNG_3D.normal(size=(2, 2, 3, 2, 1))
    conv = nn.Conv3d(4, 2, (3, 2, 1), stride=(2, 1, 1), pad_mode="pad",
                     padding=(1, 0, 1, 1, 0, 0), group=2, has_bias=True, weight_init=Tensor(w),
                     bias_init="ones", dtype=ms.float64)
    assert conv.weight.shape == (2, 2, 3, 2, 1) and conv.format == "NCDHW"
    # padding (front, back, top, bottom, left, right): pad the input, then no padding
    padded = Tensor(np.pad(x.asnumpy(), [(0, 0), (0, 0), (1, 0), (1, 1), (0, 0)]))
    np.testing.assert_allclose(conv(x).asnumpy(), ops.conv3d(
        padded, Tensor(w), Tensor(np.ones(2)), (2, 1, 1), groups=2).asnumpy(), rtol=1e-14)
    assert nn.Conv3d(4, 3, 3)(x.astype(ms.float32)).shape == (2, 3, 5, 6, 4)   # 'same'
    # the pooling layers over (D, H, W), batched or not, against their functions
    np.testing.assert_array_equal(nn.MaxPool3d(2, 2)(x).asnumpy(),
                                  ops.max_pool3d(x, 2, 2).asnumpy())
    np.testing.assert_array_equal(nn.MaxPool3d(2, 2)(x[0]).asnumpy(),
                                  ops.max_pool3d(x, 2, 2).asnumpy()[0])
    np.testing.assert_allclose(
        nn.AvgPool3d(3, 2, "pad", (1, 0, 1), ceil_mode=True)(x).asnumpy(),
        ops.avg_pool3d(x, 3, 2, (1, 1, 0, 0, 1, 1), True).asnumpy(), rtol=1e-14)
    np.testing.assert_allclose(nn.AdaptiveAvgPool3d((2, 3, None))(x[0]).asnumpy(),
                               ops.adaptive_avg_pool3d(x, (2, 3, None)).asnumpy()[0])
    # 'same' counts its padding in AvgPool3d (not in AvgPool2d): a corner window of
    # ones over a 3x3x3 kernel with one padded side per axis, 8 of 27 positions
    ones = Tensor(np.ones((1, 1, 4, 4, 4)))
    assert nn.AvgPool3d(3, 2, "same")(ones).asnumpy()[0, 0, -1, -1, -1] == 8 / 27
    assert nn.AvgPool3d(3, 2, "same", count_include_pad=False)(ones).asnumpy().min() == 1
    assert nn.AvgPool2d(3, 2, "same")(ones[0]).asnumpy().min() == 1


def test_weight_gradients_of_the_layers():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, 3, has_bias=True, dtype=ms.float64)
            self.pool = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv1d(4, 2, 2, pad_mode="valid", has_bias=True,
                                   dtype=ms.float64)
            self.average = nn.AdaptiveAvgPool1d(2)

        def construct(self, x):
            h = ops.tanh(self.pool(self.conv1(x)))
            return self.average(self.conv2(h.reshape(h.shape[0], 4, -1)))

    # weights and input of their own, whatever ran before (a draw that put a
    # window's two largest values within a finite-difference step would fail)
    ms.set_seed(5)
    net = Net()
    x = Tensor(np.random.default_rng(5).normal(size=(2, 3, 6, 6)))
    loss = lambda x: (net(x) ** 2).sum()
    value, grads = ms.value_and_grad(loss, None, weights=net.trainable_params())(x)
    params = net.trainable_params()
    assert [p.name for p in params] == ["conv1.weight", "conv1.bias", "conv2.weight",
                                        "conv2.bias"]
    assert [g.shape for g in grads] == [p.shape for p in params]
    # against central differences of the loss, one parameter element at a time
    eps = 1e-6
    for p, g in zip(params, grads):
        data = p.asnumpy()
        for flat_index in (0, data.size // 2, data.size - 1):
            idx = np.unravel_index(flat_index, data.shape)
            values = []
            for step in (eps, -eps):
                shifted = data.copy()
                shifted[idx] += step
                p.set_data(Tensor(shifted))
                values.append(loss(x).asnumpy())
            p.set_data(Tensor(data))
            np.testing.assert_allclose(g.asnumpy()[idx], (values[0] - values[1]) / (2 * eps),
                                       rtol=1e-6, atol=1e-8)
    check_grads(loss, (x,), order=1, weights=params)


# ---------------------------------------------------------------------------
# vmap

UNPOOL_INDICES = Tensor(np.arange(24).reshape(1, 4, 2, 3) % 20)


@pytest.mark.parametrize("fn", [
    lambda x, w: ops.conv2d(x, w, pad_mode="same", groups=2),
    lambda x, w: ops.conv2d(x, w, stride=2, pad_mode="pad", padding=1, groups=2) * ops.sum(w),
    lambda x, w: ops.max_pool2d(x, 2, 1) + ops.avg_pool2d(x, 3, 1, 1)[..., :4, :5],
    lambda x, w: ops.adaptive_avg_pool2d(x, (2, 3)),
    lambda x, w: ops.adaptive_max_pool2d(x, (2, 3)) + ops.lp_pool2d(x * x + 1.0, 2.5, 2),
    lambda x, w: ops.max_unpool2d(x[..., :2, :3], UNPOOL_INDICES, 2),
])
def test_vmap_over_the_batch(fn):
    x, w = rng.normal(size=(3, 1, 4, 5, 6)), Tensor(rng.normal(size=(2, 2, 3, 3)))
    assert_vmap_over_the_first_is_a_loop(fn, x, w)


# ---------------------------------------------------------------------------
# Bad input

X = Tensor(np.ones((1, 4, 5, 5), np.float32))
W = Tensor(np.ones((2, 4, 3, 3), np.float32))


@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.conv2d(X[0], W), ValueError, "conv2d: input must be a 4-D"),
    (lambda: ops.conv2d(X, W[0]), ValueError, "conv2d: weight must be a 4-D"),
    (lambda: ops.conv1d(X, W), ValueError, "conv1d: input must be a 3-D"),
    (lambda: ops.conv2d(X, W[:, :3]), ValueError, "conv2d: weight's shape"),
    (lambda: ops.conv2d(X, Tensor(np.ones((3, 2, 3, 3), np.float32)), groups=2), ValueError,
     "conv2d: groups (2) must divide"),
    (lambda: ops.conv2d(Tensor(np.ones((1, 3, 5, 5), np.float32)),
                        Tensor(np.ones((2, 1, 3, 3), np.float32)), groups=3), ValueError,
     "conv2d: groups (3) must divide"),
    (lambda: ops.conv2d(X, Tensor(np.ones((2, 4, 6, 3), np.float32))), ValueError,
     "conv2d: the kernel (size 6, dilation 1) is larger than the padded input"),
    (lambda: ops.conv2d(X, W, dilation=3), ValueError, "larger than the padded input"),
    (lambda: ops.conv2d(X, W, pad_mode="full"), ValueError, "conv2d: pad_mode must be"),
    (lambda: ops.conv2d(X, W, padding=1), ValueError, "conv2d: padding must be 0 unless"),
    (lambda: ops.conv2d(X, W, pad_mode="pad", padding=(1, 1, 1, 1)), ValueError,
     "conv2d: padding must be an int or a tuple of 1 or 2 ints"),
    (lambda: ops.conv2d(X, W, stride=1.5), TypeError, "conv2d: stride must be an int"),
    (lambda: ops.conv2d(X, W, stride=(1, 2, 3)), ValueError, "conv2d: stride must be an int"),
    (lambda: ops.conv2d(X, W, stride=0), ValueError, "conv2d: stride must be >= 1"),
    (lambda: ops.conv2d(X, W, Tensor(np.ones(3, np.float32))), ValueError,
     "conv2d: bias must have shape (2,)"),
    (lambda: ops.conv2d(X, W.astype(ms.float64)), TypeError, "conv2d: weight's dtype"),
    (lambda: ops.conv2d(X.astype(ms.int32), W.astype(ms.int32)), TypeError,
     "conv2d: input must be float16"),
    (lambda: ops.max_pool2d(X[0], 2), ValueError, "max_pool2d: input must be a 4-D"),
    (lambda: ops.max_pool2d(X, 2.0), TypeError, "max_pool2d: kernel_size must be an int"),
    (lambda: ops.max_pool2d(X, 2, padding=2), ValueError,
     "max_pool2d: padding 2 must be at most half"),
    (lambda: ops.max_pool2d(X, 6), ValueError, "max_pool2d: the kernel (size 6"),
    (lambda: ops.max_pool2d(X, 2, return_indices="yes"), TypeError,
     "max_pool2d: return_indices must be a bool"),
    (lambda: ops.avg_pool2d(X, 2, padding=(1, 1)), ValueError,
     "avg_pool2d: padding must be an int or a tuple of 1 or 4 ints"),
    (lambda: ops.avg_pool2d(X.astype(ms.int32), 2), TypeError, "avg_pool2d: input must be"),
    (lambda: ops.avg_pool1d(X, 2), ValueError, "avg_pool1d: input must be a 3-D"),
    (lambda: ops.avg_pool1d(X[0], (2, 2)), ValueError, "avg_pool1d: kernel_size must be"),
    (lambda: ops.adaptive_avg_pool2d(X, (2, 2, 2)), ValueError,
     "adaptive_avg_pool2d: output_size must be"),
    (lambda: ops.adaptive_avg_pool1d(X[0], 0), ValueError,
     "adaptive_avg_pool1d: output_size must be >= 1"),
    (lambda: ops.adaptive_avg_pool1d(X, 2), ValueError, "adaptive_avg_pool1d: input must be"),
    (lambda: nn.Conv2d(4, 2, 2.0), TypeError, "Conv2d: kernel_size must be an int"),
    (lambda: nn.Conv2d(4, 2, 3, pad_mode="full"), ValueError, "Conv2d: pad_mode must be"),
    (lambda: nn.Conv2d(4, 2, 3, padding=1), ValueError, "Conv2d: padding must be 0 unless"),
    (lambda: nn.Conv2d(3, 2, 3, group=2), ValueError, "Conv2d: group (2) must divide"),
    (lambda: nn.Conv2d(0, 2, 3), ValueError, "Conv2d: in_channels must be > 0"),
    (lambda: nn.Conv2d(4, 2, 3, data_format="NHWC"), ValueError, "Conv2d: data_format"),
    (lambda: nn.Conv2d(4, 2, 3, weight_init=Tensor(np.ones((2, 4, 3)))), ValueError,
     "Conv2d: weight_init must have shape (2, 4, 3, 3)"),
    (lambda: nn.Conv2d(4, 2, 3)(X.astype(ms.float64)), TypeError, "Conv2d: the input's dtype"),
    (lambda: nn.Conv2d(3, 2, 3)(X), ValueError, "Conv2d: weight's shape"),
    (lambda: nn.Conv1d(4, 2, (3,)), TypeError, "Conv1d: kernel_size must be an int"),
    (lambda: nn.MaxPool2d(2.0), TypeError, "MaxPool2d: kernel_size must be an int"),
    (lambda: nn.MaxPool2d(2, pad_mode="full"), ValueError, "MaxPool2d: pad_mode must be"),
    (lambda: nn.MaxPool2d(2, padding=1), ValueError, "MaxPool2d: padding must be 0 unless"),
    (lambda: nn.MaxPool2d(2, ceil_mode=True), ValueError, "MaxPool2d: dilation, "),
    (lambda: nn.MaxPool1d((2,)), TypeError, "MaxPool1d: kernel_size must be an int"),
    (lambda: nn.MaxPool2d(2)(X[0, 0]), ValueError, "MaxPool2d: input must be a 3-D or 4-D"),
    (lambda: nn.AvgPool2d(2, divisor_override=0), ValueError,
     "AvgPool2d: divisor_override must be >= 1"),
    (lambda: nn.AvgPool1d(2, pad_mode="pad", padding=(1, 1)), ValueError,
     "AvgPool1d: padding must be an int or a tuple of 1 ints"),
    (lambda: nn.AdaptiveAvgPool2d("2")(X), TypeError, "AdaptiveAvgPool2d: output_size must"),
    (lambda: nn.Conv3d(4, 2, 3, pad_mode="pad", padding=(1, 1, 1)), ValueError,
     "Conv3d: padding must be an int or a tuple of 1 or 6 ints"),
    (lambda: nn.Conv3d(4, 2, 3, data_format="NDHWC"), ValueError, "Conv3d: data_format"),
    (lambda: nn.Conv3d(4, 2, 3)(X), ValueError, "Conv3d: input must be a 5-D"),
    (lambda: nn.MaxPool3d(2, pad_mode="pad", padding=(1, 1, 1, 1, 1, 1)), ValueError,
     "MaxPool3d: padding must be an int or a tuple of 1 or 3 ints"),
    (lambda: nn.MaxPool3d(2, return_indices=True), ValueError, "MaxPool3d: dilation, "),
    (lambda: nn.MaxPool3d(2)(X[0]), ValueError, "MaxPool3d: input must be a 4-D or 5-D"),
    (lambda: nn.AvgPool3d(3, pad_mode="pad", padding=2)(Tensor(np.ones((1, 1, 5, 5, 5)))),
     ValueError, "AvgPool3d: padding 2 must be at most half"),
    (lambda: ops.adaptive_avg_pool3d(X[0], 2), ValueError,
     "adaptive_avg_pool3d: input must be"),
    (lambda: nn.AdaptiveAvgPool3d((2, 2))(Tensor(np.ones((1, 1, 5, 5, 5)))), ValueError,
     "AdaptiveAvgPool3d: output_size must be"),
    (lambda: ops.adaptive_max_pool2d(X, (2, 2, 2)), ValueError,
     "adaptive_max_pool2d: output_size must be"),
    (lambda: ops.adaptive_max_pool1d(X[0], 0), ValueError,
     "adaptive_max_pool1d: output_size must be >= 1"),
    (lambda: ops.adaptive_max_pool2d(X[0, 0], 2), ValueError,
     "adaptive_max_pool2d: input must be a 3-D or 4-D"),
    (lambda: ops.adaptive_max_pool2d(X, 2, return_indices="yes"), TypeError,
     "adaptive_max_pool2d: return_indices must be a bool"),
    (lambda: nn.AdaptiveMaxPool3d("2")(Tensor(np.ones((1, 1, 5, 5, 5)))), TypeError,
     "AdaptiveMaxPool3d: output_size must be"),
    (lambda: ops.lp_pool2d(X, 0, 2), ValueError, "lp_pool2d: norm_type must be a finite number"),
    (lambda: ops.lp_pool2d(X, "2", 2), TypeError, "lp_pool2d: norm_type must be a number"),
    (lambda: ops.lp_pool1d(X, 2, 2), ValueError, "lp_pool1d: input must be a 2-D or 3-D"),
    (lambda: nn.LPPool2d(2, 2.5), TypeError, "LPPool2d: kernel_size must be an int"),
    (lambda: nn.LPPool1d(2, 2, ceil_mode="no"), TypeError, "LPPool1d: ceil_mode must be a bool"),
    (lambda: ops.max_unpool2d(X[:, :, :2, :2], Tensor(np.full((1, 4, 2, 2), 16)), 2),
     ValueError, "max_unpool2d: indices must lie in [0, 16)"),
    (lambda: ops.max_unpool2d(X[:, :, :2, :2], Tensor(np.zeros((1, 4, 2, 2))), 2), TypeError,
     "max_unpool2d: indices must be integers"),
    (lambda: ops.max_unpool2d(X[:, :, :2, :2], Tensor(np.zeros((1, 4, 2), np.int64)), 2),
     ValueError, "max_unpool2d: indices must be integers of x's shape"),
    (lambda: ops.max_unpool2d(X[:, :, :2, :2], Tensor(np.zeros((1, 4, 2, 2), np.int64)), 2,
                              output_size=(6, 4)), ValueError,
     "max_unpool2d: output_size (6, 4) must be within a stride"),
    (lambda: ops.max_unpool2d(X[:, :, :2, :2], Tensor(np.zeros((1, 4, 2, 2), np.int64)), 2,
                              output_size=(2, 4, 4, 4)), ValueError,
     "max_unpool2d: output_size (2, 4, 4, 4) must keep x's leading sizes"),
    (lambda: ops.max_unpool1d(X, Tensor(np.zeros((1, 4, 5, 5), np.int64)), 2), ValueError,
     "max_unpool1d: x must be a 2-D or 3-D"),
])
def test_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
