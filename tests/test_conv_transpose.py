"""Transposed convolutions, unfold and fold (dualgrad._conv_transpose,
nn.Conv1d/2d/3dTranspose, nn.Unfold).

Values and gradients against MindSpore 2.10's, captured once
(tests/conv_transpose_reference.py); an independent NumPy reference (a
scatter-add over input positions and kernel offsets) on random float64 inputs;
exact adjointness with the convolutions and unfold; second derivatives in
forward and reverse mode; the layers' parameters and defaults; vmap against a
loop; bad arguments.
"""
import itertools
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

from conv_transpose_reference import (CASES, MINDSPORE, assert_like_stored, inputs,
                                      run_case)
from vmap_reference import assert_vmap_over_the_first_is_a_loop

rng = np.random.default_rng(11)


# ---------------------------------------------------------------------------
# Against MindSpore 2.10

def _run_case(kind, fn, names, kwargs, dtype):
    # ("ct2d": dualgrad's conv_transpose2d itself, which MindSpore's CPU build lacks)
    return run_case(ms, nn, ops, "value" if kind == "ct2d" else kind, fn,
                    [Tensor(inputs(dtype)[n]) for n in names], kwargs)


TOLERANCES = {"float16": 4e-3, "float32": 4e-6, "float64": 1e-6}


@pytest.mark.parametrize("name", CASES)
def test_against_mindspore(name):
    kind, fn, names, kwargs, *dtype = CASES[name]
    out = _run_case(kind, fn, names, kwargs, dtype[0] if dtype else "float32")
    assert_like_stored(out, MINDSPORE[name], TOLERANCES)


# ---------------------------------------------------------------------------
# Against NumPy: every input element scattered through the kernel

def _np_transpose(y, w, stride, before, out_sizes, dilation, groups):
    """sum over input positions i and offsets o: out[.., i·s + o·d - before] +=
    y[.., i] · w[.., o], per group; positions outside the output dropped."""
    batch, c_in = y.shape[:2]
    per_group = w.shape[1]
    nd = y.ndim - 2
    out = np.zeros((batch, per_group * groups) + tuple(out_sizes))
    cin_g = c_in // groups
    for i in itertools.product(*(range(n) for n in y.shape[2:])):
        for o in itertools.product(*(range(k) for k in w.shape[2:])):
            pos = tuple(i_ * s + o_ * d - b for i_, s, o_, d, b in zip(
                i, stride, o, dilation, before))
            if not all(0 <= p < n for p, n in zip(pos, out_sizes)):
                continue
            for g in range(groups):
                yv = y[(slice(None), slice(g * cin_g, (g + 1) * cin_g)) + i]     # (N, cin_g)
                wv = w[(slice(g * cin_g, (g + 1) * cin_g), slice(None)) + o]      # (cin_g, pg)
                out[(slice(None), slice(g * per_group, (g + 1) * per_group)) + pos] += yv @ wv
    assert nd == len(out_sizes)
    return out


CT2D_PARAMS = [
    dict(stride=1, padding=0, output_padding=0, dilation=1, groups=1),
    dict(stride=2, padding=1, output_padding=1, dilation=1, groups=1),
    dict(stride=(3, 2), padding=(2, 0), output_padding=(2, 0), dilation=(1, 2), groups=2),
    dict(stride=2, padding=(0, 3), output_padding=2, dilation=3, groups=1),  # op >= stride
    dict(stride=1, padding=1, output_padding=(0, 1), dilation=(2, 2), groups=4),
]


@pytest.mark.parametrize("params", CT2D_PARAMS)
def test_conv_transpose2d_against_numpy(params):
    groups = params["groups"]
    y, w = rng.normal(size=(2, 4, 3, 4)), rng.normal(size=(4, 6 // math.gcd(6, groups) if groups
                                                           != 4 else 1, 3, 2))
    b = rng.normal(size=(w.shape[1] * groups,))
    two = lambda v: (v, v) if isinstance(v, int) else v  # noqa: E731
    s, p, op, d = (two(params[k]) for k in ("stride", "padding", "output_padding", "dilation"))
    sizes = [(n - 1) * s_ - 2 * p_ + d_ * (k - 1) + o_ + 1
             for n, s_, p_, d_, k, o_ in zip(y.shape[2:], s, p, d, w.shape[2:], op)]
    want = _np_transpose(y, w, s, p, sizes, d, groups) + b.reshape(-1, 1, 1)
    got = ops.conv_transpose2d(Tensor(y), Tensor(w), Tensor(b), **params).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # an unbatched input
    got = ops.conv_transpose2d(Tensor(y[1]), Tensor(w), Tensor(b), **params).asnumpy()
    np.testing.assert_allclose(got, want[1], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pad_mode, padding, stride, dilation, output_padding", [
    ("valid", 0, 1, 1, 0), ("valid", 0, (3, 1, 2), 1, 0), ("valid", 0, 3, (1, 1, 2), 0),
    ("same", 0, 2, 1, 0), ("same", 0, (1, 3, 2), (1, 2, 1), 0),
    ("pad", (1, 0, 2, 1, 0, 1), 2, 1, (1, 0, 1)), ("pad", 1, (2, 1, 3), 2, 1),
])
def test_conv3d_transpose_against_numpy(pad_mode, padding, stride, dilation, output_padding):
    y, w = rng.normal(size=(2, 2, 3, 2, 3)), rng.normal(size=(2, 3, 2, 3, 2))
    three = lambda v: (v,) * 3 if isinstance(v, int) else v  # noqa: E731
    s, d, op = three(stride), three(dilation), three(output_padding)
    pads = [(padding, padding)] * 3 if isinstance(padding, int) else list(
        zip(padding[::2], padding[1::2]))
    spans = [d_ * (k - 1) + 1 for d_, k in zip(d, w.shape[2:])]
    if pad_mode == "valid":
        sizes = [(n - 1) * s_ + max(sp, s_) for n, s_, sp in zip(y.shape[2:], s, spans)]
        before = [0] * 3
    elif pad_mode == "same":
        sizes = [n * s_ for n, s_ in zip(y.shape[2:], s)]
        before = [max((n - 1) * s_ + sp - n * s_, 0) // 2 for n, s_, sp in zip(
            y.shape[2:], s, spans)]
    else:
        sizes = [(n - 1) * s_ + sp - a - b + o for n, s_, sp, (a, b), o in zip(
            y.shape[2:], s, spans, pads, op)]
        before = [a for a, _ in pads]
    want = _np_transpose(y, w, s, before, sizes, d, 1)
    got = ops.conv3d_transpose(Tensor(y), Tensor(w), pad_mode=pad_mode, padding=padding,
                               stride=stride, dilation=dilation,
                               output_padding=output_padding).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def _np_unfold(x, kernel, dilation, padding, stride):
    xp = np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding))
    rows = [(xp.shape[2 + a] - dilation[a] * (kernel[a] - 1) - 1) // stride[a] + 1
            for a in range(2)]
    out = np.zeros((x.shape[0], x.shape[1], kernel[0], kernel[1], rows[0], rows[1]))
    for i, j, u, v in itertools.product(range(kernel[0]), range(kernel[1]), range(rows[0]),
                                        range(rows[1])):
        out[:, :, i, j, u, v] = xp[:, :, u * stride[0] + i * dilation[0],
                                   v * stride[1] + j * dilation[1]]
    return out.reshape(x.shape[0], -1, rows[0] * rows[1])


def _np_fold(cols, size, kernel, dilation, padding, stride):
    n = cols.shape[0]
    c = cols.shape[1] // (kernel[0] * kernel[1])
    rows = [(size[a] + 2 * padding[a] - dilation[a] * (kernel[a] - 1) - 1) // stride[a] + 1
            for a in range(2)]
    cols = cols.reshape(n, c, kernel[0], kernel[1], rows[0], rows[1])
    out = np.zeros((n, c, size[0] + 2 * padding[0], size[1] + 2 * padding[1]))
    for i, j, u, v in itertools.product(range(kernel[0]), range(kernel[1]), range(rows[0]),
                                        range(rows[1])):
        out[:, :, u * stride[0] + i * dilation[0], v * stride[1] + j * dilation[1]] += \
            cols[:, :, i, j, u, v]
    return out[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]


UNFOLD_PARAMS = [((2, 2), (1, 1), (0, 0), (1, 1)), ((3, 2), (2, 1), (1, 2), (2, 3)),
                 ((1, 3), (1, 2), (3, 0), (1, 2)), ((2, 3), (1, 1), (2, 2), (3, 1))]


@pytest.mark.parametrize("kernel, dilation, padding, stride", UNFOLD_PARAMS)
def test_unfold_and_fold_against_numpy(kernel, dilation, padding, stride):
    x = rng.normal(size=(2, 3, 6, 7))
    want = _np_unfold(x, kernel, dilation, padding, stride)
    got = ops.unfold(Tensor(x), kernel, dilation, padding, stride).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    cols = rng.normal(size=want.shape)
    got = ops.fold(Tensor(cols), (6, 7), kernel, dilation, padding, stride).asnumpy()
    np.testing.assert_allclose(got, _np_fold(cols, (6, 7), kernel, dilation, padding, stride),
                               rtol=1e-12, atol=1e-12)
    # fold is unfold's adjoint
    np.testing.assert_allclose((want * cols).sum(), (x * got).sum(), rtol=1e-12)
    # output_size as a Tensor, as MindSpore takes it
    got2 = ops.fold(Tensor(cols), Tensor(np.array([6, 7], np.int32)), kernel, dilation,
                    padding, stride)
    np.testing.assert_array_equal(got2.asnumpy(), got)


def test_unfold_and_fold_keep_integer_dtypes():
    x = np.arange(2 * 9, dtype=np.int32).reshape(1, 2, 3, 3)
    cols = ops.unfold(Tensor(x), 2)
    assert cols.dtype == ms.int32
    np.testing.assert_array_equal(cols.asnumpy(), _np_unfold(x, (2, 2), (1, 1), (0, 0), (1, 1)))
    folded = ops.fold(cols, (3, 3), 2)
    assert folded.dtype == ms.int32
    np.testing.assert_array_equal(folded.asnumpy(), _np_fold(cols.asnumpy(), (3, 3), (2, 2),
                                                             (1, 1), (0, 0), (1, 1)))


def test_nn_unfold_against_numpy():
    x = rng.normal(size=(2, 3, 7, 6))
    for ks, st, rt, padding in [((2, 3), (1, 2), (2, 1), "valid"),
                                ((3, 2), (2, 2), (1, 2), "same"),
                                ((2, 2), (3, 1), (1, 1), "SAME")]:
        net = nn.Unfold([1, ks[0], ks[1], 1], [1, st[0], st[1], 1], [1, rt[0], rt[1], 1],
                        padding)
        if padding.lower() == "same":
            pads = []
            for n, k, s, d in zip(x.shape[2:], ks, st, rt):
                total = max((math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)
                pads.append((total // 2, total - total // 2))
        else:
            pads = [(0, 0), (0, 0)]
        xp = np.pad(x, ((0, 0), (0, 0)) + tuple(pads))
        rows = [(xp.shape[2 + a] - rt[a] * (ks[a] - 1) - 1) // st[a] + 1 for a in range(2)]
        want = np.zeros((2, ks[0] * ks[1] * 3) + tuple(rows))
        for i, j, c, u, v in itertools.product(range(ks[0]), range(ks[1]), range(3),
                                               range(rows[0]), range(rows[1])):
            want[:, (i * ks[1] + j) * 3 + c, u, v] = xp[:, c, u * st[0] + i * rt[0],
                                                        v * st[1] + j * rt[1]]
        np.testing.assert_array_equal(net(Tensor(x)).asnumpy(), want)


# ---------------------------------------------------------------------------
# Exact adjointness: a transposed convolution is the convolution's input vjp

@pytest.mark.parametrize("params", [
    dict(stride=1, padding=0, dilation=1, groups=1),
    dict(stride=2, padding=1, dilation=1, groups=2),
    dict(stride=(3, 2), padding=(2, 1), dilation=(2, 1), groups=1),
    dict(stride=(2, 2), padding=(0, 2), dilation=(1, 3), groups=4),
])
def test_conv_transpose2d_is_the_vjp_of_conv2d(params):
    groups = params["groups"]
    x, w = rng.normal(size=(2, 4, 9, 8)), rng.normal(size=(4, 4 // groups, 3, 2))
    for extra in itertools.product(range(params["stride"] if isinstance(params["stride"], int)
                                         else params["stride"][0]), repeat=1):
        xe = x[:, :, :x.shape[2] - extra[0]]      # sizes conv2d maps alike: output_padding
        conv = lambda a: ops.conv2d(a, Tensor(w), stride=params["stride"],  # noqa: E731
                                    pad_mode="pad", padding=params["padding"],
                                    dilation=params["dilation"], groups=groups)
        out, vjp = ms.vjp(conv, Tensor(xe))
        ct = rng.normal(size=out.shape)
        want = vjp(Tensor(ct))
        want = (want[0] if isinstance(want, tuple) else want).asnumpy()
        sizes = ops.conv_transpose2d(Tensor(ct), Tensor(w), **params).shape[2:]
        op = tuple(a - b for a, b in zip(xe.shape[2:], sizes))
        got = ops.conv_transpose2d(Tensor(ct), Tensor(w), output_padding=op, **params)
        np.testing.assert_array_equal(got.shape, want.shape)
        np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pad_mode, padding, stride", [
    ("valid", 0, 2), ("same", 0, (2, 1, 3)), ("pad", (1, 0, 0, 2, 1, 1), (1, 2, 2))])
def test_conv3d_transpose_is_the_vjp_of_conv3d(pad_mode, padding, stride):
    y, w = rng.normal(size=(1, 2, 3, 2, 3)), rng.normal(size=(2, 3, 2, 3, 2))
    got = ops.conv3d_transpose(Tensor(y), Tensor(w), pad_mode=pad_mode, padding=padding,
                               stride=stride)
    x = Tensor(np.zeros(got.shape))
    out, vjp = ms.vjp(lambda a: ops.conv3d(a, Tensor(w), stride=stride, pad_mode=pad_mode,
                                           padding=padding), x)
    assert out.shape == y.shape
    want = vjp(Tensor(y))
    want = want[0] if isinstance(want, tuple) else want
    np.testing.assert_allclose(got.asnumpy(), want.asnumpy(), rtol=1e-12, atol=1e-12)


def test_the_layers_are_the_vjp_of_the_convolutions():
    y = rng.normal(size=(2, 4, 3, 5))
    for pad_mode, padding, stride in [("same", 0, 2), ("valid", 0, (3, 1)), ("pad", (1, 2), 2)]:
        layer_padding = (padding[0],) * 2 + (padding[1],) * 2 if pad_mode == "pad" else 0
        net = nn.Conv2dTranspose(4, 6, (3, 2), stride, pad_mode, layer_padding, group=2,
                                 dtype=ms.float64)
        got = net(Tensor(y))
        w = net.weight
        _, vjp = ms.vjp(lambda a: ops.conv2d(a, w, stride=stride, pad_mode=pad_mode,
                                             padding=padding, groups=2),
                        Tensor(np.zeros(got.shape)))
        want = vjp(Tensor(y))
        want = want[0] if isinstance(want, tuple) else want
        np.testing.assert_allclose(got.asnumpy(), want.asnumpy(), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# The layers' parameters and defaults

def test_layer_parameters_and_defaults():
    net = nn.Conv2dTranspose(4, 6, (3, 2), group=2, has_bias=True)
    assert net.weight.shape == (4, 3, 3, 2) and net.bias.shape == (6,)
    assert net.weight.dtype == ms.float32 and net.pad_mode == "same"
    bound = 1 / math.sqrt(3 * 3 * 2)     # fan_in: out_channels / group · kernel
    assert np.abs(net.bias.asnumpy()).max() <= bound
    assert np.abs(net.weight.asnumpy()).max() <= bound   # HeUniform(sqrt(5))
    assert net(Tensor(np.ones((1, 4, 3, 3), np.float32))).shape == (1, 6, 3, 3)
    assert "Conv2dTranspose(input_channels=4, output_channels=6" in repr(net)
    net = nn.Conv1dTranspose(2, 4, 3, weight_init=Tensor(np.ones((2, 4, 3))))
    assert net.weight.shape == (2, 4, 1, 3)          # a 3-D weight_init takes axis 2
    assert nn.Conv1dTranspose(2, 4, 3, weight_init="ones").weight.shape == (2, 4, 1, 3)
    net = nn.Conv3dTranspose(2, 4, (1, 2, 3), stride=2, has_bias=True, dtype=ms.float64)
    assert net.weight.shape == (2, 4, 1, 2, 3) and net.bias.dtype == ms.float64
    assert net(Tensor(np.ones((1, 2, 2, 3, 4)))).shape == (1, 4, 4, 6, 8)


def test_conv2d_transpose_output_padding_appends_zeros_after_the_bias():
    y = rng.normal(size=(1, 2, 3, 3))
    kwargs = dict(stride=2, pad_mode="pad", padding=1, has_bias=True, bias_init="ones",
                  dtype=ms.float64)
    plain = nn.Conv2dTranspose(2, 3, 3, **kwargs)
    padded = nn.Conv2dTranspose(2, 3, 3, output_padding=(1, 0), weight_init=plain.weight.value(),
                                **kwargs)
    a, b = plain(Tensor(y)).asnumpy(), padded(Tensor(y)).asnumpy()
    assert b.shape == (1, 3, a.shape[2] + 1, a.shape[3])
    np.testing.assert_array_equal(b[:, :, :-1], a)
    np.testing.assert_array_equal(b[:, :, -1], 0.0)


def test_weight_gradients_of_the_layers_against_numpy():
    y = rng.normal(size=(2, 4, 3, 2))
    net = nn.Conv2dTranspose(4, 2, 2, stride=2, pad_mode="valid", group=2, has_bias=True,
                             dtype=ms.float64)
    cot = rng.normal(size=net(Tensor(y)).shape)
    gw, gb = ms.grad(lambda x: (net(x) * Tensor(cot)).sum(), grad_position=None,
                     weights=[net.weight, net.bias])(Tensor(y))
    want = np.zeros(net.weight.shape)
    for i, j, o, p in itertools.product(range(3), range(2), range(2), range(2)):
        for g in range(2):
            want[2 * g:2 * g + 2, :, o, p] += y[:, 2 * g:2 * g + 2, i, j].T @ \
                cot[:, g:g + 1, 2 * i + o, 2 * j + p]
    np.testing.assert_allclose(gw.asnumpy(), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb.asnumpy(), cot.sum(axis=(0, 2, 3)), rtol=1e-12)


# ---------------------------------------------------------------------------
# Second derivatives and vmap

GRAD_CASES = {
    "conv_transpose2d": (lambda y, w: ops.conv_transpose2d(
        y, w, stride=2, padding=1, output_padding=1, groups=2) ** 2,
        ((1, 4, 2, 3), (4, 1, 3, 2))),
    "conv_transpose2d bias dilation": (lambda y, w, b: ops.tanh(ops.conv_transpose2d(
        y, w, b, stride=(1, 2), dilation=(2, 1))), ((1, 2, 2, 2), (2, 2, 2, 2), (2,))),
    "conv3d_transpose": (lambda y, w: ops.conv3d_transpose(
        y, w, pad_mode="pad", padding=(1, 0, 0, 1, 0, 0), stride=2, output_padding=1) ** 2,
        ((1, 2, 2, 2, 1), (2, 1, 2, 2, 2))),
    "unfold": (lambda x: ops.unfold(x, (2, 3), 1, 1, (2, 1)) ** 3, ((1, 2, 3, 4),)),
    "fold": (lambda c: ops.fold(c, (3, 4), 2, 1, 1, 2) ** 3, ((1, 8, 6),)),
}


@pytest.mark.parametrize("name", GRAD_CASES)
def test_second_derivatives(name):
    fn, shapes = GRAD_CASES[name]
    check_grads(fn, tuple(Tensor(rng.normal(size=s)) for s in shapes), order=2,
                modes=("fwd", "rev"))


def test_second_derivatives_of_a_layer():
    net = nn.Conv1dTranspose(2, 2, 3, stride=2, pad_mode="pad", padding=1, has_bias=True,
                             dtype=ms.float64)
    check_grads(lambda x: ops.sin(net(x)), (Tensor(rng.normal(size=(1, 2, 3))),), order=2,
                modes=("fwd", "rev"))


def test_jacobians_are_the_transposed_convolutions():
    # jacfwd and jacrev of conv_transpose2d are the transpose of conv2d's Jacobian,
    # and fold's of unfold's
    w = Tensor(rng.normal(size=(2, 1, 2, 3)))
    y = Tensor(rng.normal(size=(1, 2, 2, 2)))

    def ct(a):
        return ops.conv_transpose2d(a, w, stride=(2, 1), padding=(1, 0), output_padding=(1, 0),
                                    groups=2)
    x = Tensor(np.zeros(ct(y).shape))

    def conv(a):
        return ops.conv2d(a, w, stride=(2, 1), pad_mode="pad", padding=(1, 0), groups=2)
    forward, reverse = ms.jacfwd(ct)(y).asnumpy(), ms.jacrev(ct)(y).asnumpy()
    np.testing.assert_array_equal(forward, reverse)
    j_conv = ms.jacrev(conv)(x).asnumpy().reshape(y.asnumpy().size, -1)
    np.testing.assert_allclose(forward.reshape(-1, y.asnumpy().size), j_conv.T, atol=1e-14)
    img = Tensor(rng.normal(size=(1, 2, 3, 4)))
    cols = ops.unfold(img, 2, 1, 1, (1, 2))
    j_unfold = ms.jacfwd(lambda a: ops.unfold(a, 2, 1, 1, (1, 2)))(img).asnumpy()
    j_fold = ms.jacrev(lambda c: ops.fold(c, (3, 4), 2, 1, 1, (1, 2)))(cols).asnumpy()
    np.testing.assert_array_equal(j_fold.reshape(img.asnumpy().size, -1),
                                  j_unfold.reshape(-1, img.asnumpy().size).T)


@pytest.mark.parametrize("fn", [
    lambda y, w: ops.conv_transpose2d(y, w, stride=2, padding=1, groups=2),
    lambda y, w: ops.conv_transpose2d(y, w, stride=(1, 2), output_padding=(0, 1)) * ops.sum(w),
    lambda y, w: ops.fold(ops.unfold(y, 2, padding=1), (3, 4), 2, padding=1),
])
def test_vmap_over_the_batch(fn):
    y, w = rng.normal(size=(3, 1, 4, 3, 4)), Tensor(rng.normal(size=(4, 2, 3, 3)))
    assert_vmap_over_the_first_is_a_loop(fn, y, w)


# ---------------------------------------------------------------------------
# Bad input

Y = Tensor(np.ones((1, 4, 3, 3), np.float32))
W = Tensor(np.ones((4, 2, 3, 3), np.float32))
Y3 = Tensor(np.ones((1, 2, 2, 2, 2), np.float32))
W3 = Tensor(np.ones((2, 2, 2, 2, 2), np.float32))
IMG = Tensor(np.ones((1, 2, 4, 4), np.float32))


@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.conv_transpose2d(Y[0, 0], W), ValueError,
     "conv_transpose2d: input must be a 3-D or 4-D"),
    (lambda: ops.conv_transpose2d(Y, W[0]), ValueError, "conv_transpose2d: weight must be a 4-D"),
    (lambda: ops.conv_transpose2d(Y, W[:3]), ValueError, "conv_transpose2d: weight's shape"),
    (lambda: ops.conv_transpose2d(Y, W, groups=3), ValueError,
     "conv_transpose2d: groups (3) must divide"),
    (lambda: ops.conv_transpose2d(Y, W, stride=2, output_padding=2), ValueError,
     "conv_transpose2d: output_padding"),
    (lambda: ops.conv_transpose2d(Y, W, output_padding=-1), ValueError,
     "conv_transpose2d: output_padding must be >= 0"),
    (lambda: ops.conv_transpose2d(Y, W, padding=(1, 1, 1, 1)), ValueError,
     "conv_transpose2d: padding must be an int or a tuple of 2"),
    (lambda: ops.conv_transpose2d(Y, W, padding=3), ValueError,
     "conv_transpose2d: the output would have"),
    (lambda: ops.conv_transpose2d(Y, W, stride=1.5), TypeError,
     "conv_transpose2d: stride must be an int"),
    (lambda: ops.conv_transpose2d(Y, W, Tensor(np.ones(3, np.float32))), ValueError,
     "conv_transpose2d: bias must have shape (2,)"),
    (lambda: ops.conv_transpose2d(Y, W.astype(ms.float64)), TypeError,
     "conv_transpose2d: weight's dtype"),
    (lambda: ops.conv_transpose2d(Y.astype(ms.int32), W.astype(ms.int32)), TypeError,
     "conv_transpose2d: input must be float16"),
    (lambda: ops.conv3d_transpose(Y3[0], W3), ValueError,
     "conv3d_transpose: inputs must be a 5-D"),
    (lambda: ops.conv3d_transpose(Y3, W3, pad_mode="full"), ValueError,
     "conv3d_transpose: pad_mode must be"),
    (lambda: ops.conv3d_transpose(Y3, W3, padding=1), ValueError,
     "conv3d_transpose: padding must be 0 unless"),
    (lambda: ops.conv3d_transpose(Y3, W3, stride=2, output_padding=1), ValueError,
     "conv3d_transpose: output_padding must be 0 unless"),
    (lambda: ops.conv3d_transpose(Y3, W3, pad_mode="pad", padding=(1, 1, 1)), ValueError,
     "conv3d_transpose: padding must be an int or a tuple of 1 or 6"),
    (lambda: ops.conv3d_transpose(Y3, W3, group=0), ValueError,
     "conv3d_transpose: group must be >= 1"),
    (lambda: ops.unfold(IMG[0], 2), ValueError, "unfold: input must be a 4-D"),
    (lambda: ops.unfold(IMG, (2, 2, 2)), ValueError, "unfold: kernel_size must be"),
    (lambda: ops.unfold(IMG, 2, padding=-1), ValueError, "unfold: padding must be >= 0"),
    (lambda: ops.unfold(IMG, 5), ValueError, "unfold: the kernel (size 5"),
    (lambda: ops.fold(Tensor(np.ones((1, 8, 8), np.float32)), (4, 4), 2), ValueError,
     "fold: input has 8 blocks"),
    (lambda: ops.fold(Tensor(np.ones((1, 7, 9), np.float32)), (4, 4), 2), ValueError,
     "fold: input's shape"),
    (lambda: ops.fold(Tensor(np.ones((1, 8, 9), np.float32)), (4, 4, 4), 2), ValueError,
     "fold: output_size must be"),
    (lambda: ops.fold(IMG, (4, 4), 2), ValueError, "fold: input must be a 3-D"),
    (lambda: nn.Conv2dTranspose(4, 2, 2.0), TypeError, "Conv2dTranspose: kernel_size"),
    (lambda: nn.Conv2dTranspose(4, 2, 3, pad_mode="full"), ValueError,
     "Conv2dTranspose: pad_mode must be"),
    (lambda: nn.Conv2dTranspose(4, 2, 3, padding=1), ValueError,
     "Conv2dTranspose: padding must be 0 unless"),
    (lambda: nn.Conv2dTranspose(4, 2, 3, stride=2, output_padding=1), ValueError,
     "Conv2dTranspose: output_padding must be 0 unless"),
    (lambda: nn.Conv2dTranspose(4, 2, 3, pad_mode="pad", output_padding=1), ValueError,
     "Conv2dTranspose: output_padding"),
    (lambda: nn.Conv2dTranspose(3, 2, 3, group=2), ValueError,
     "Conv2dTranspose: group (2) must divide"),
    (lambda: nn.Conv2dTranspose(4, 2, 3, weight_init=Tensor(np.ones((2, 4, 3, 3)))),
     ValueError, "Conv2dTranspose: weight_init must have shape (4, 2, 3, 3)"),
    (lambda: nn.Conv2dTranspose(4, 2, 3)(Y.astype(ms.float64)), TypeError,
     "Conv2dTranspose: the input's dtype"),
    (lambda: nn.Conv2dTranspose(3, 2, 3)(Y), ValueError, "Conv2dTranspose: weight's shape"),
    (lambda: nn.Conv1dTranspose(4, 2, (3,)), TypeError,
     "Conv1dTranspose: kernel_size must be an int"),
    (lambda: nn.Conv1dTranspose(4, 2, 3)(Y), ValueError, "Conv1dTranspose: input must be a 3-D"),
    (lambda: nn.Conv3dTranspose(4, 2, 3, data_format="NDHWC"), ValueError,
     "Conv3dTranspose: data_format"),
    (lambda: nn.Conv3dTranspose(4, 2, 3, pad_mode="pad", padding=(1, 1)), ValueError,
     "Conv3dTranspose: padding must be an int or a tuple of 1 or 6"),
    (lambda: nn.Unfold((1, 2, 2), [1, 1, 1, 1], [1, 1, 1, 1]), ValueError,
     "Unfold: ksizes must have the form"),
    (lambda: nn.Unfold(2, [1, 1, 1, 1], [1, 1, 1, 1]), TypeError, "Unfold: ksizes must be"),
    (lambda: nn.Unfold([1, 2, 2, 1], [1, 0, 1, 1], [1, 1, 1, 1]), ValueError,
     "Unfold: strides must be >= 1"),
    (lambda: nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "pad"), ValueError,
     "Unfold: padding must be 'same' or 'valid'"),
    (lambda: nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1])(IMG[0]), ValueError,
     "Unfold: input must be a 4-D"),
])
def test_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
