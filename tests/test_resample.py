"""Resampling (dualgrad._resample: ops.interpolate, upsample, pixel_shuffle,
pixel_unshuffle; nn.Upsample, PixelShuffle, PixelUnshuffle).

Values against an independent NumPy reference (one output element at a time,
tests/resample_reference.py) over many sizes, scales and align_corners in
float64; values and gradients against MindSpore 2.10's, captured once
(``MINDSPORE`` there); second derivatives in every mode; vmap against a loop;
dtypes; the layers; bad arguments.
"""
import itertools

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

import resample_reference as ref

rng = np.random.default_rng(11)

# mode: the input ranks it takes
RANKS = {"nearest": (3, 4, 5), "nearest-exact": (3, 4), "linear": (3,), "bilinear": (4,),
         "bicubic": (4,), "trilinear": (5,), "area": (3, 4, 5)}
ALIGNABLE = ("linear", "bilinear", "bicubic", "trilinear")
MODE_RANKS = [(mode, rank) for mode, ranks in RANKS.items() for rank in ranks]


def _spatial(rank, first, rest):
    return (first,) + tuple(rest[:rank - 3])


# ---------------------------------------------------------------------------
# Against the NumPy reference

@pytest.mark.parametrize("mode,rank", MODE_RANKS)
def test_sizes_against_reference(mode, rank):
    for n_in, n_out in itertools.product((1, 2, 3, 5, 8), (1, 2, 3, 4, 7, 12)):
        for align in ((None, False, True) if mode in ALIGNABLE else (None,)):
            shape_in, size = _spatial(rank, n_in, (4, 3)), _spatial(rank, n_out, (3, 5))
            x = rng.standard_normal((2, 3) + shape_in)
            got = ops.interpolate(Tensor(x), size=size, mode=mode, align_corners=align)
            want = ref.interpolate(x, size, None, mode, bool(align))
            assert got.dtype == ms.float64 and got.shape == want.shape
            np.testing.assert_allclose(got.asnumpy(), want, rtol=0, atol=1e-12,
                                       err_msg=f"{mode} {shape_in} -> {size} {align}")


@pytest.mark.parametrize("mode,rank", MODE_RANKS)
def test_scale_factors_against_reference(mode, rank):
    # with scale_factor used in the coordinates (nearest and trilinear on 5-D, area)
    # or only setting the size (recompute_scale_factor=True)
    direct = mode == "area" or (rank == 5 and mode in ("nearest", "trilinear"))
    for n_in, scale in itertools.product((2, 3, 4, 7), (0.5, 0.7, 1.3, 1.5, 2.0, 2.6, 3.0)):
        for recompute in ((None, True) if direct else (True,)):
            shape_in = _spatial(rank, n_in, (3, 4))
            scales = _spatial(rank, scale, (1.7, 0.6))
            x = rng.standard_normal((1, 2) + shape_in)
            got = ops.interpolate(Tensor(x), scale_factor=scales, mode=mode,
                                  recompute_scale_factor=recompute)
            want = ref.interpolate(x, None, scales, mode, False, bool(recompute))
            assert got.shape == want.shape
            np.testing.assert_allclose(got.asnumpy(), want, rtol=0, atol=1e-12,
                                       err_msg=f"{mode} {shape_in} * {scales} {recompute}")


def test_a_scale_that_keeps_an_axis_copies_it():
    # MindSpore's UpsampleNearest3D/UpsampleTrilinear3D copy an axis whose length
    # floor(n * s) is n, whatever s
    x = np.arange(3.0).reshape(1, 1, 3, 1, 1)
    for mode in ("nearest", "trilinear"):
        out = ops.interpolate(Tensor(x), scale_factor=(1.3, 1.0, 1.0), mode=mode)
        np.testing.assert_array_equal(out.asnumpy(), x)


def test_nearest_positions_and_direct_sizes_are_float32():
    # as MindSpore's kernels compute them: 14 / 46 rounds down in float32, so output
    # 23 reads input 6 (not 23 * 14 / 46 = 7); 30 * 2.1 is 62.99... in float32
    x = np.arange(14.0).reshape(1, 1, 14)
    assert ops.interpolate(Tensor(x), size=46).asnumpy()[0, 0, 23] == 6.0
    x = Tensor(np.ones((1, 1, 30, 1, 1)))
    assert ops.interpolate(x, scale_factor=(2.1, 1.0, 1.0)).shape[2] == 62
    assert ops.interpolate(x, scale_factor=(2.1, 1.0, 1.0), mode="trilinear").shape[2] == 62
    # (not where MindSpore computes the size in Python: area, recompute_scale_factor)
    assert ops.interpolate(x, scale_factor=(2.1, 1.0, 1.0), mode="area").shape[2] == 63
    assert ops.interpolate(x, scale_factor=(2.1, 1.0, 1.0),
                           recompute_scale_factor=True).shape[2] == 63
    # an output twice the input reads i // 2 whatever the scale
    x = np.arange(3.0).reshape(1, 1, 3, 1, 1)
    out = ops.interpolate(Tensor(x), scale_factor=(2.2, 1.0, 1.0))
    np.testing.assert_array_equal(out.asnumpy().ravel(), [0, 0, 1, 1, 2, 2])


def test_the_size_from_a_scale_factor_is_rounded_down():
    x = Tensor(np.ones((1, 1, 5, 7)))
    out = ops.interpolate(x, scale_factor=(1.4, 0.5), mode="bilinear", recompute_scale_factor=True)
    assert out.shape == (1, 1, 7, 3)
    assert ops.interpolate(x, size=[2, 9]).shape == (1, 1, 2, 9)
    assert ops.interpolate(x, size=np.int64(4), mode="bicubic").shape == (1, 1, 4, 4)
    assert ops.interpolate(x, scale_factor=2, mode="area").shape == (1, 1, 10, 14)


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_a_non_finite_input_reaches_only_the_outputs_that_read_it():
    # each output reads its two or four positions only, as MindSpore's kernels do
    # (the finite outputs are MindSpore's)
    x = np.array([[[1.0, 2.0, 3.0, np.inf, 5.0, 6.0]]])
    out = ops.interpolate(Tensor(x), size=9, mode="linear").asnumpy()
    np.testing.assert_array_equal(np.isfinite(out[0, 0]), [1, 1, 1, 1, 0, 0, 0, 1, 1])
    x = np.ones((1, 1, 6, 6))
    x[0, 0, 0, 5] = np.inf
    out = ops.interpolate(Tensor(x), size=(4, 4), mode="bicubic").asnumpy()[0, 0]
    np.testing.assert_array_equal(np.isfinite(out), [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1],
                                                     [1, 1, 1, 1]])
    assert np.isinf(out[1, 2])


@pytest.mark.parametrize("lead", [(), (2,), (2, 3)])
def test_pixel_shuffles_against_reference(lead):
    for r, (c, h, w) in itertools.product((1, 2, 3), ((1, 2, 3), (2, 1, 1), (3, 2, 2))):
        x = rng.standard_normal(lead + (c * r * r, h, w))
        got = ops.pixel_shuffle(Tensor(x), r)
        np.testing.assert_array_equal(got.asnumpy(), ref.pixel_shuffle(x, r))
        np.testing.assert_array_equal(ops.pixel_unshuffle(got, r).asnumpy(), x)
        np.testing.assert_array_equal(ops.pixel_unshuffle(Tensor(got.asnumpy()), r).asnumpy(),
                                      ref.pixel_unshuffle(got.asnumpy(), r))


def test_reference_pixel_unshuffle_inverts_shuffle():
    x = rng.standard_normal((2, 8, 3, 2))
    np.testing.assert_array_equal(ref.pixel_unshuffle(ref.pixel_shuffle(x, 2), 2), x)


# ---------------------------------------------------------------------------
# Against MindSpore 2.10

def _case(name):
    function, shape, kwargs = ref.CASES[name]
    fn = getattr(ops, function)
    x = Tensor(ref.case_input(shape))
    if not name.startswith("grad:"):
        return fn(x, **kwargs)
    w = Tensor(ref.cotangent(fn(x, **kwargs).shape))
    return ms.grad(lambda t: (fn(t, **kwargs) * w).sum())(x)


@pytest.mark.parametrize("name", ref.CASES)
def test_against_mindspore(name):
    got = _case(name)
    assert got.dtype == ms.float32
    want = np.array(ref.MINDSPORE[name])
    assert got.shape == want.shape
    # MindSpore computes in float32, some coordinates too (ResizeBilinearV2, the
    # trilinear scales); the values were stored to 7 decimals
    np.testing.assert_allclose(got.asnumpy(), want, rtol=0, atol=3e-6)


def test_the_table_covers_every_mode():
    modes = {kwargs.get("mode", "nearest") for _, _, kwargs in ref.CASES.values()}
    assert modes == set(RANKS)


# ---------------------------------------------------------------------------
# Derivatives, vmap, dtypes

GRAD_CASES = [
    ("nearest", (1, 2, 3), dict(size=5)),
    ("nearest", (1, 1, 4, 3), dict(size=(3, 5))),
    ("nearest", (1, 1, 3, 2, 2), dict(scale_factor=(1.7, 1.5, 0.7))),
    ("nearest-exact", (1, 1, 3, 4), dict(size=(5, 3))),
    ("linear", (2, 1, 4), dict(size=7)),
    ("linear", (1, 2, 4), dict(size=3, align_corners=True)),
    ("bilinear", (1, 1, 3, 4), dict(size=(5, 3))),
    ("bilinear", (1, 1, 3, 4), dict(size=(2, 6), align_corners=True)),
    ("bicubic", (1, 1, 3, 4), dict(size=(5, 3))),
    ("bicubic", (1, 1, 4, 3), dict(size=(2, 5), align_corners=True)),
    ("trilinear", (1, 1, 2, 3, 2), dict(size=(3, 2, 3))),
    ("trilinear", (1, 1, 3, 2, 2), dict(scale_factor=(1.3, 1.5, 0.7), align_corners=True)),
    ("area", (1, 2, 5), dict(size=3)),
    ("area", (1, 1, 4, 5), dict(size=(3, 2))),
    ("area", (1, 1, 4, 2, 4), dict(scale_factor=0.5)),
]


@pytest.mark.parametrize("mode,shape,kwargs", GRAD_CASES)
def test_second_derivatives(mode, shape, kwargs):
    x = Tensor(rng.standard_normal(shape))
    # a nonlinearity before and after, so that the second derivative is not zero
    check_grads(lambda t: ops.sin(ops.interpolate(t * t, mode=mode, **kwargs)), (x,), order=2,
                modes=("fwd", "rev"))


@pytest.mark.parametrize("mode,kwargs", [("bicubic", dict(size=(4, 2))),
                                         ("nearest", dict(size=(3, 5))),
                                         ("area", dict(size=(2, 1)))])
def test_hyper_dual_and_third_order(mode, kwargs):
    x = Tensor(rng.standard_normal((1, 1, 3, 3)))
    fn = lambda t: ops.sin(ops.interpolate(t * t, mode=mode, **kwargs))  # noqa: E731
    check_grads(fn, (x,), order=2, modes=("hyper",))
    check_grads(fn, (x,), order=3, modes=("fwd", "rev"))
    # the Hessian of sum((M x) ** 3), M the resampling matrix (the reference's
    # outputs for the unit inputs), is 6 M^T diag(M x) M: forward over reverse and
    # reverse over reverse
    loss = lambda t: (ops.interpolate(t, mode=mode, **kwargs) ** 3).sum()  # noqa: E731
    size = kwargs["size"]
    m = np.stack([ref.interpolate(e.reshape(1, 1, 3, 3), size, None, mode).ravel()
                  for e in np.eye(9)], 1)
    want = (6 * m.T @ np.diag(m @ x.asnumpy().ravel()) @ m).reshape(1, 1, 3, 3, 1, 1, 3, 3)
    np.testing.assert_allclose(ops.jacfwd(ms.grad(loss))(x).asnumpy(), want, atol=1e-12)
    np.testing.assert_allclose(ops.jacrev(ms.grad(loss))(x).asnumpy(), want, atol=1e-12)


@pytest.mark.parametrize("fn,shape", [(lambda t: ops.pixel_shuffle(t * t, 2), (1, 8, 2, 3)),
                                      (lambda t: ops.pixel_unshuffle(t * t, 2), (2, 1, 2, 4))])
def test_pixel_shuffle_second_derivatives(fn, shape):
    check_grads(lambda t: ops.sin(fn(t)), (Tensor(rng.standard_normal(shape)),), order=2,
                modes=("fwd", "rev"))


def test_jacobian_is_the_interpolation_matrix():
    # the reverse and forward Jacobians agree with the reference's weights
    x = rng.standard_normal((1, 1, 4))
    jf = ops.jacfwd(lambda t: ops.interpolate(t, size=6, mode="linear"))(Tensor(x)).asnumpy()
    jr = ops.jacrev(lambda t: ops.interpolate(t, size=6, mode="linear"))(Tensor(x)).asnumpy()
    want = np.stack([ref.interpolate(np.eye(4)[k].reshape(1, 1, 4), 6, None, "linear")
                     for k in range(4)], -1).reshape(1, 1, 6, 1, 1, 4)
    np.testing.assert_allclose(jf, want, atol=1e-15)
    np.testing.assert_allclose(jr, want, atol=1e-15)


@pytest.mark.parametrize("mode,shape,kwargs", GRAD_CASES[::2])
def test_vmap_matches_a_loop(mode, shape, kwargs):
    xs = rng.standard_normal((3,) + shape)
    fn = lambda t: ops.interpolate(t, mode=mode, **kwargs)  # noqa: E731
    got = ops.vmap(fn)(Tensor(xs)).asnumpy()
    want = np.stack([fn(Tensor(x)).asnumpy() for x in xs])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)
    # and along another axis of the input
    got = ops.vmap(fn, in_axes=1)(Tensor(np.moveaxis(xs, 0, 1))).asnumpy()
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)


def test_vmap_of_grad_and_pixel_shuffle():
    xs = rng.standard_normal((3, 1, 4, 2, 2))
    g = ops.vmap(ms.grad(lambda t: (ops.pixel_shuffle(t, 2) ** 2).sum()))(Tensor(xs))
    np.testing.assert_allclose(g.asnumpy(), 2 * xs)
    fn = lambda t: ops.interpolate(t, size=(3, 5), mode="bicubic").sum()  # noqa: E731
    got = ops.vmap(ms.grad(fn))(Tensor(xs[:, :, :1])).asnumpy()
    want = np.stack([ms.grad(fn)(Tensor(x)).asnumpy() for x in xs[:, :, :1]])
    np.testing.assert_allclose(got, want, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("mode,rank", MODE_RANKS)
def test_dtype_is_kept(mode, rank, dtype):
    x = rng.standard_normal((1, 2) + _spatial(rank, 4, (3, 2))).astype(dtype)
    size = _spatial(rank, 3, (5, 2))
    out = ops.interpolate(Tensor(x), size=size, mode=mode)
    assert out.dtype == Tensor(x).dtype
    want = ref.interpolate(x.astype(np.float64), size, None, mode)
    np.testing.assert_allclose(out.asnumpy().astype(np.float64), want,
                               atol={np.float16: 1e-2, np.float32: 1e-6, np.float64: 1e-13}[dtype])


def test_pixel_shuffle_takes_any_dtype():
    x = Tensor(np.arange(16, dtype=np.int32).reshape(1, 4, 2, 2))
    out = ops.pixel_shuffle(x, 2)
    assert out.dtype == ms.int32
    np.testing.assert_array_equal(out.asnumpy(), ref.pixel_shuffle(x.asnumpy(), 2))


# ---------------------------------------------------------------------------
# Layers

def test_upsample_layer_is_interpolate():
    x = Tensor(rng.standard_normal((2, 1, 3, 4)))
    layer = nn.Upsample(scale_factor=1.5, mode="bicubic", align_corners=True,
                        recompute_scale_factor=True)
    np.testing.assert_array_equal(
        layer(x).asnumpy(), ops.interpolate(x, None, 1.5, "bicubic", True, True).asnumpy())
    assert "mode=bicubic" in repr(layer)
    assert nn.Upsample(size=(5, 5))(x).shape == (2, 1, 5, 5)
    check_grads(lambda t: nn.Upsample(size=(2, 5), mode="bilinear")(t * t), (x,), order=2)


def test_pixel_shuffle_layers():
    x = Tensor(rng.standard_normal((2, 18, 2, 3)))
    up = nn.PixelShuffle(3)(x)
    assert up.shape == (2, 2, 6, 9)
    np.testing.assert_array_equal(nn.PixelUnshuffle(3)(up).asnumpy(), x.asnumpy())
    assert repr(nn.PixelShuffle(3)) == "PixelShuffle(upscale_factor=3)"
    assert nn.PixelShuffle(3).trainable_params() == []


# ---------------------------------------------------------------------------
# Bad arguments: the exception, and a message naming the argument

X3, X4, X5 = (Tensor(np.ones((1, 1) + (4,) * n, np.float32)) for n in (1, 2, 3))
BAD = [
    (lambda: ops.interpolate(X4, size=2, scale_factor=2.0), ValueError, "scale_factor"),
    (lambda: ops.interpolate(X4), ValueError, "size and scale_factor"),
    (lambda: ops.interpolate(X4, size=(2,)), ValueError, "size"),
    (lambda: ops.interpolate(X4, size=0), ValueError, "size"),
    (lambda: ops.interpolate(X4, size=2.0), TypeError, "size"),
    (lambda: ops.interpolate(X4, size=True), TypeError, "size"),
    (lambda: ops.interpolate(X4, size=(2, "3")), TypeError, "size"),
    (lambda: ops.interpolate(X4, scale_factor=-2.0, recompute_scale_factor=True), ValueError,
     "scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=float("nan"), mode="area"), ValueError,
     "scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor="2", mode="area"), TypeError, "scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=(2.0,), mode="area"), ValueError, "scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=0.2, mode="area"), ValueError, "scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=2.0), ValueError, "recompute_scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=2.0, mode="bicubic"), ValueError,
     "recompute_scale_factor"),
    (lambda: ops.interpolate(X5, scale_factor=2.0, mode="nearest-exact"), ValueError, "mode"),
    (lambda: ops.interpolate(X4, size=2, mode="cubic"), ValueError, "mode"),
    (lambda: ops.interpolate(X4, size=2, mode=None), ValueError, "mode"),
    (lambda: ops.interpolate(X3, size=2, mode="bilinear"), ValueError, "mode 'bilinear'"),
    (lambda: ops.interpolate(X4, size=2, mode="trilinear"), ValueError, "mode 'trilinear'"),
    (lambda: ops.interpolate(X5, size=2, mode="bicubic"), ValueError, "mode 'bicubic'"),
    (lambda: ops.interpolate(Tensor(np.ones((4, 4))), size=2), ValueError, "3-D"),
    (lambda: ops.interpolate(Tensor(np.ones((1, 1, 2, 2, 2, 2))), size=2), ValueError, "5-D"),
    (lambda: ops.interpolate(X4, size=2, align_corners=True), ValueError, "align_corners"),
    (lambda: ops.interpolate(X4, size=2, align_corners=False), ValueError, "align_corners"),
    (lambda: ops.interpolate(X4, size=2, mode="area", align_corners=False), ValueError,
     "align_corners"),
    (lambda: ops.interpolate(X4, size=2, mode="bilinear", align_corners=1), TypeError,
     "align_corners"),
    (lambda: ops.interpolate(X4, size=2, recompute_scale_factor=True), ValueError,
     "recompute_scale_factor"),
    (lambda: ops.interpolate(X4, scale_factor=2.0, recompute_scale_factor="yes"), TypeError,
     "recompute_scale_factor"),
    (lambda: ops.interpolate(Tensor(np.ones((1, 1, 4, 4), np.int32)), size=2), TypeError,
     "input"),
    (lambda: ops.upsample(X4, size=2, mode="bogus"), ValueError, "mode"),
    (lambda: ops.pixel_shuffle(Tensor(np.ones((8, 3))), 2), ValueError, "input"),
    (lambda: ops.pixel_shuffle(Tensor(np.ones((2, 6, 3, 3))), 2), ValueError, "upscale_factor"),
    (lambda: ops.pixel_shuffle(Tensor(np.ones((2, 4, 3, 3))), 0), ValueError, "upscale_factor"),
    (lambda: ops.pixel_shuffle(Tensor(np.ones((2, 4, 3, 3))), 2.0), TypeError, "upscale_factor"),
    (lambda: ops.pixel_shuffle(Tensor(np.ones((2, 4, 3, 3))), True), TypeError,
     "upscale_factor"),
    (lambda: ops.pixel_unshuffle(Tensor(np.ones((2, 2, 4, 5))), 2), ValueError,
     "downscale_factor"),
    (lambda: ops.pixel_unshuffle(Tensor(np.ones((4, 4))), 2), ValueError, "input"),
    (lambda: ops.pixel_unshuffle(Tensor(np.ones((1, 4, 4))), -1), ValueError,
     "downscale_factor"),
    (lambda: nn.Upsample(size=2, mode="foo"), ValueError, "mode"),
    (lambda: nn.Upsample(size=2, mode="bilinear", align_corners="no"), TypeError,
     "align_corners"),
    (lambda: nn.Upsample(size=2)(Tensor(np.ones((4, 4)))), ValueError, "3-D"),
    (lambda: nn.PixelShuffle(0), ValueError, "upscale_factor"),
    (lambda: nn.PixelUnshuffle(1.5), TypeError, "downscale_factor"),
]


@pytest.mark.parametrize("call,error,fragment", BAD)
def test_bad_arguments(call, error, fragment):
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
