"""ReduceLogSumExp, ChannelShuffle, CentralCrop, MaxUnpool1d/2d/3d,
ReflectionPad3d, ReplicationPad3d, Pad, TripletMarginWithDistanceLoss, LGamma,
DiGamma, IGamma, LBeta, MatDet and MatInverse.

Values and input gradients against MindSpore 2.10's, stored in
tests/more_cells_reference.py (captured from fixed inputs); every cell against
NumPy or a closed form in float64 (MatDet and MatInverse are GPU kernels in
MindSpore 2.10, so only against NumPy; LBeta against mpmath's values, stored
there too, as are IGamma's values and derivatives in both arguments);
derivatives to second order against finite differences, vmap
against a loop, and the differences from MindSpore kept deliberately.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads
from more_cells_reference import (CASES, DISTANCES, EXACT, IGAMMA_POINTS, LBETA_POINTS,
                                  MINDSPORE, cotangent, inputs)
from vmap_reference import assert_vmap_is_a_loop

rng = np.random.default_rng(19)


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients

def _build(cell, kwargs):
    kwargs = {k: DISTANCES[v[1:]] if isinstance(v, str) and v.startswith("@") else v
              for k, v in kwargs.items()}
    return getattr(nn, cell)(**kwargs)


def _digamma(x):
    return ops.digamma(Tensor(np.asarray(x, np.float64))).asnumpy()


# Where MindSpore 2.10's gradient is NaN (its LGamma, LBeta and IGamma select
# between formulas, and the one not taken sends NaN into the derivative; its
# IGamma has none in a), the exact derivative, times the cotangent: digamma for
# lgamma; digamma(x) - digamma(x + y) for log B with respect to x (and to y,
# alike); x^(a-1) e^-x / Γ(a) and mpmath's ∂P/∂a for P(a, x).
def _lgamma_grad(data):
    return _digamma(data["gamma_x"])


def _lbeta_grad(first, second):
    return lambda data: _digamma(data[first]) - _digamma(data["beta_x"] + data["beta_y"])


def _igamma_grad_x(data):
    a, x = data["igamma_a"], data["igamma_x"]
    return np.exp((a - 1) * np.log(x) - x - np.array([math.lgamma(v) for v in a]))


EXACT_GRADIENTS = {"LGamma": _lgamma_grad, "LBeta": _lbeta_grad("beta_x", "beta_y"),
                   "LBeta, y": _lbeta_grad("beta_y", "beta_x"), "IGamma": _igamma_grad_x,
                   "IGamma, a": lambda data: np.array(EXACT["igamma inputs in a"])}


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_mindspore(name):
    cell, kwargs, names, call_kwargs, position = CASES[name]
    dtype, shape, values, grad = MINDSPORE[name]
    data = {k: Tensor(v) for k, v in inputs().items()}
    net = _build(cell, kwargs)
    args = [data[n] for n in names]
    out = net(*args, **call_kwargs)
    assert str(out.dtype).lower() == dtype and out.shape == shape
    np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=3e-5, atol=3e-6)
    weights = Tensor(cotangent(out.shape), out.dtype)
    g = ms.grad(lambda *a: (net(*a, **call_kwargs) * weights).sum(), position)(*args)
    g = g.asnumpy().ravel()
    grad = np.array(grad)
    finite = np.isfinite(grad)
    np.testing.assert_allclose(g[finite], grad[finite], rtol=3e-5, atol=3e-6)
    if not finite.all():
        exact = EXACT_GRADIENTS[name]({k: v.astype(np.float64) for k, v in inputs().items()})
        exact = (exact * cotangent(exact.shape)).ravel()
        np.testing.assert_allclose(g[~finite], exact[~finite], rtol=1e-5)


def test_mindspore_gradients_are_nan_only_where_said():
    """The cases whose MindSpore gradient has NaN are the ones given exactly above."""
    nan_cases = {name for name, (_, _, _, grad) in MINDSPORE.items()
                 if not np.isfinite(grad).all()}
    assert nan_cases == set(EXACT_GRADIENTS)


# ---------------------------------------------------------------------------
# ReduceLogSumExp

def np_logsumexp(x, axis, keepdims):
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis)


@pytest.mark.parametrize("axis, keep_dims", [(0, False), (-1, True), ((0, 2), False),
                                             ([1, -1], True), ((), False), ((), True)])
def test_reduce_log_sum_exp_against_numpy(axis, keep_dims):
    x = rng.normal(size=(3, 4, 5)) * 3
    out = nn.ReduceLogSumExp(axis, keep_dims)(Tensor(x)).asnumpy()
    axes = tuple(range(3)) if axis == () else tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(out, np_logsumexp(x, axes, keep_dims), rtol=1e-14)
    assert nn.ReduceLogSumExp(axis, keep_dims)(Tensor(x, ms.float32)).dtype == ms.float32


def test_reduce_log_sum_exp_keeps_rows_far_below_the_others():
    """Each row is shifted by its own maximum: MindSpore shifts by the whole
    input's, under which the second row here underflows to -inf."""
    x = np.array([[0.0, 1.0, 2.0], [-1000.0, -1001.0, -999.0]])
    out = nn.ReduceLogSumExp(1)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(out, [np.log(np.exp([0.0, 1, 2]).sum()),
                                     -1000 + np.log(np.exp([0.0, -1, 1]).sum())], rtol=1e-15)
    g = ms.grad(lambda t: nn.ReduceLogSumExp(1)(t).sum())(Tensor(x)).asnumpy()
    np.testing.assert_allclose(g.sum(1), [1.0, 1.0], rtol=1e-15)


def test_reduce_log_sum_exp_of_a_0d_input_is_the_input():
    assert nn.ReduceLogSumExp(())(Tensor(2.5)).asnumpy() == 2.5


# ---------------------------------------------------------------------------
# ChannelShuffle and CentralCrop

@pytest.mark.parametrize("shape, groups", [((2, 6, 3, 2), 3), ((2, 6, 3, 2), 2), ((3, 4), 4),
                                           ((1, 8, 2, 1, 3), 2), ((2, 5, 3), 1)])
def test_channel_shuffle_interleaves_the_groups(shape, groups):
    x = rng.normal(size=shape)
    out = nn.ChannelShuffle(groups)(Tensor(x)).asnumpy()
    c = shape[1]
    # channel g * (c / groups) + k goes to k * groups + g
    order = np.arange(c).reshape(groups, c // groups).T.ravel()
    np.testing.assert_array_equal(out, x[:, order])
    g = ms.grad(lambda t: (nn.ChannelShuffle(groups)(t) * Tensor(np.arange(x.size).reshape(shape)
                                                                  * 1.0)).sum())(Tensor(x))
    expected = np.empty(shape)
    expected[:, order] = np.arange(x.size).reshape(shape)
    np.testing.assert_array_equal(g.asnumpy(), expected)


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.3, 0.5, 0.55, 0.7, 0.9, 0.99, 1.0])
@pytest.mark.parametrize("shape", [(2, 3, 5, 7), (3, 8, 6), (1, 1, 13, 1)])
def test_central_crop_cuts_the_same_from_each_side(fraction, shape):
    x = np.arange(math.prod(shape), dtype=np.float32).reshape(shape)
    out = nn.CentralCrop(fraction)(Tensor(x)).asnumpy()
    h, w = shape[-2:]
    # MindSpore's arithmetic: int((n - n * fraction) / 2) cut from each side
    top, left = int((h - h * fraction) / 2), int((w - w * fraction) / 2)
    np.testing.assert_array_equal(out, x[..., top:h - top, left:w - left])


def test_central_crop_keeps_integer_images():
    out = nn.CentralCrop(0.5)(Tensor(np.arange(16, dtype=np.int32).reshape(1, 4, 4)))
    assert out.dtype == ms.int32 and out.asnumpy().tolist() == [[[5, 6], [9, 10]]]


# ---------------------------------------------------------------------------
# MaxUnpool

@pytest.mark.parametrize("nd, shape", [(1, (2, 3, 8)), (2, (2, 3, 6, 4)), (3, (1, 2, 4, 4, 6)),
                                       (2, (3, 4, 4))])
def test_max_unpool_inverts_max_pool_at_the_maxima(nd, shape):
    x = Tensor(rng.normal(size=shape))
    pool = getattr(nn, f"MaxPool{nd}d")(2, 2, pad_mode="pad", return_indices=True)
    unbatched = len(shape) == nd + 1         # (pooled with a batch axis, unpooled without)
    pooled, indices = pool(x[None] if unbatched else x)
    if unbatched:
        pooled, indices = pooled[0], indices[0]
    out = getattr(nn, f"MaxUnpool{nd}d")(2)(pooled, indices)
    assert out.shape == shape
    kept = out.asnumpy() != 0
    np.testing.assert_array_equal(out.asnumpy()[kept], x.asnumpy()[kept])
    assert kept.sum() == pooled.size
    np.testing.assert_array_equal(
        out.asnumpy(), getattr(ops, f"max_unpool{nd}d")(pooled, indices, 2).asnumpy())


def test_max_unpool_takes_output_size_as_a_tuple():
    x, where = Tensor(np.ones((1, 1, 2, 2))), Tensor(np.array([[[[0, 3], [9, 15]]]]))
    assert nn.MaxUnpool2d(2)(x, where, (5, 5)).shape == (1, 1, 5, 5)
    assert nn.MaxUnpool2d(2)(x, where, output_size=(1, 1, 5, 5)).shape == (1, 1, 5, 5)


# ---------------------------------------------------------------------------
# Padding

@pytest.mark.parametrize("padding, shape", [(1, (2, 3, 4)), ((1, 2, 0, 1, 2, 0), (2, 3, 4, 5)),
                                            ((2, 1), (1, 2, 3, 4, 5)), ((0, 0, 1, 1), (2, 3, 4))])
def test_reflection_and_replication_pad_3d_against_numpy(padding, shape):
    x = rng.normal(size=shape)
    pairs = (padding,) * 6 if isinstance(padding, int) else padding
    widths = [(0, 0)] * len(shape)
    for i in range(0, len(pairs), 2):
        widths[len(shape) - 1 - i // 2] = pairs[i:i + 2]
    out = nn.ReflectionPad3d(padding)(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(out, np.pad(x, widths, mode="reflect"))
    if len(shape) in (4, 5):
        # (a GPU kernel in MindSpore 2.10's documentation: NumPy's 'edge' is the reference)
        out = nn.ReplicationPad3d(padding)(Tensor(x)).asnumpy()
        np.testing.assert_array_equal(out, np.pad(x, widths, mode="edge"))


@pytest.mark.parametrize("mode, numpy_mode", [("CONSTANT", "constant"), ("REFLECT", "reflect"),
                                              ("SYMMETRIC", "symmetric")])
@pytest.mark.parametrize("paddings", [((1, 2),), ((0, 2), (3, 1)), ((1, 0), (0, 0), (2, 3)),
                                      ((1, 1), (0, 1), (2, 0), (1, 3))])
def test_pad_against_numpy(mode, numpy_mode, paddings):
    shape = (4, 5, 5, 4)[:len(paddings)]
    x = rng.normal(size=shape)
    out = nn.Pad(paddings, mode)(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(out, np.pad(x, paddings, mode=numpy_mode))


def test_pad_symmetric_takes_the_whole_length_reflect_one_less():
    x = Tensor(np.array([1.0, 2.0, 3.0]))
    assert nn.Pad(((3, 3),), "SYMMETRIC")(x).asnumpy().tolist() == [3, 2, 1, 1, 2, 3, 3, 2, 1]
    assert nn.Pad(((2, 2),), "REFLECT")(x).asnumpy().tolist() == [3, 2, 1, 2, 3, 2, 1]
    with pytest.raises(ValueError, match=r"Pad: mode 'REFLECT' takes paddings up to 2 for axis "
                                         r"0 of length 3, got \(3, 0\)"):
        nn.Pad(((3, 0),), "REFLECT")(x)
    with pytest.raises(ValueError, match=r"Pad: mode 'SYMMETRIC' takes paddings up to 3"):
        nn.Pad(((0, 4),), "SYMMETRIC")(x)


# ---------------------------------------------------------------------------
# TripletMarginWithDistanceLoss

def np_triplet(x, p, n, margin, swap, distance):
    to_negative = distance(x, n)
    if swap:
        to_negative = np.minimum(to_negative, distance(p, n))
    return np.maximum(distance(x, p) - to_negative + margin, 0.0)


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_triplet_margin_with_distance_loss_against_numpy(swap, reduction):
    x, p, n = (rng.normal(size=(6, 4, 3)) for _ in range(3))
    loss = nn.TripletMarginWithDistanceLoss(swap=swap, reduction=reduction, margin=1.5)
    out = loss(Tensor(x), Tensor(p), Tensor(n)).asnumpy()
    expected = np_triplet(x, p, n, 1.5, swap, lambda a, b: np.linalg.norm(a - b, axis=1))
    reduce = {"none": np.asarray, "mean": np.mean, "sum": np.sum}[reduction]
    np.testing.assert_allclose(out, reduce(expected), rtol=1e-14)


def test_triplet_margin_with_distance_loss_calls_the_distance_on_tensors():
    seen = []

    def cosine_distance(a, b):
        seen.append((type(a), type(b)))
        return 1 - ops.cosine_similarity(a, b, dim=-1)

    x, p, n = (rng.normal(size=(5, 3)) for _ in range(3))
    loss = nn.TripletMarginWithDistanceLoss(distance_function=cosine_distance, swap=True,
                                            reduction="none")
    out = loss(Tensor(x), Tensor(p), Tensor(n)).asnumpy()

    def np_cosine(a, b):
        return 1 - (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)

    np.testing.assert_allclose(out, np_triplet(x, p, n, 1.0, True, np_cosine), rtol=1e-13)
    assert seen and all(t == (Tensor, Tensor) for t in seen)


# ---------------------------------------------------------------------------
# LGamma, DiGamma, LBeta

def test_lgamma_against_math_and_at_its_poles():
    x = np.concatenate([np.linspace(-5.9, 30.0, 97), [1e-8, 1e5, 0.5, 1.0, 2.0]])
    x = x[np.abs(x - np.round(x)) > 1e-9 * (x <= 0)]
    out = nn.LGamma()(Tensor(x)).asnumpy()
    np.testing.assert_allclose(out, [math.lgamma(v) for v in x], rtol=1e-13, atol=1e-15)
    # +inf at 0, the negative integers and both infinities, as MindSpore documents
    special = nn.LGamma()(Tensor(np.array([0.0, -1.0, -4.0, np.inf, -np.inf]))).asnumpy()
    assert (special == np.inf).all()


def test_digamma_against_a_recurrence_and_at_its_poles():
    x = np.array([0.3, 0.5, 1.0, 1.7, 2.5, 6.0, 11.3, -0.5, -2.7])

    def reference(v):       # psi(v) = psi(v + 30) - sum 1/(v + k), then the asymptotic series
        shifted = v + 30
        series = (np.log(shifted) - 1 / (2 * shifted) - 1 / (12 * shifted ** 2)
                  + 1 / (120 * shifted ** 4) - 1 / (252 * shifted ** 6) + 1 / (240 * shifted ** 8))
        return series - sum(1 / (v + k) for k in range(30))

    np.testing.assert_allclose(nn.DiGamma()(Tensor(x)).asnumpy(), reference(x), rtol=1e-13)
    special = nn.DiGamma()(Tensor(np.array([0.0, -1.0, -3.0, -np.inf]))).asnumpy()
    assert special[0] == -np.inf and np.isnan(special[1:]).all()


def test_lbeta_against_mpmath_in_every_regime():
    """Each of both small, one of 8 or more and both of 8 or more, to float64
    rounding: the plain difference of lgammas loses up to 12 digits here."""
    x, y = np.array(LBETA_POINTS).T
    out = nn.LBeta()(Tensor(x), Tensor(y)).asnumpy()
    np.testing.assert_allclose(out, EXACT["lbeta"], rtol=2e-15, atol=1e-15)
    # symmetric, and broadcast
    np.testing.assert_array_equal(nn.LBeta()(Tensor(y), Tensor(x)).asnumpy(), out)
    assert nn.LBeta()(Tensor(np.ones((3, 1))), Tensor(np.ones(4) * 9.0)).shape == (3, 4)


@pytest.mark.parametrize("x, y", [([0.7, 2.5, 5.0], [1.3, 0.4, 7.5]),
                                  ([1.5, 3.0, 0.6], [9.0, 12.0, 40.0]),
                                  ([8.5, 20.0, 11.0], [9.0, 30.0, 64.0])],
                         ids=["both small", "one large", "both large"])
def test_lbeta_derivatives_are_digamma_differences(x, y):
    x, y = np.array(x), np.array(y)
    gx, gy = ms.grad(lambda a, b: nn.LBeta()(a, b).sum(), (0, 1))(Tensor(x), Tensor(y))
    np.testing.assert_allclose(gx.asnumpy(), _digamma(x) - _digamma(x + y), rtol=1e-13)
    np.testing.assert_allclose(gy.asnumpy(), _digamma(y) - _digamma(x + y), rtol=1e-13)
    check_grads(nn.LBeta(), (Tensor(x), Tensor(y)), order=2, modes=("fwd", "rev", "hyper"))


def test_lbeta_under_vmap_is_a_loop():
    x = np.array([[0.5, 9.0], [12.0, 3.0], [20.0, 30.0]])
    y = np.array([[8.5, 2.0], [1.0, 0.5], [40.0, 10.0]])
    assert_vmap_is_a_loop(lambda a, b: nn.LBeta()(a, b), x, y)


# ---------------------------------------------------------------------------
# IGamma

def _within_rounding(got, exact):
    """Each value within 16 ulps of mpmath's, times max(1, |log value|): a value
    far below 1 is the exponential of its logarithm, whose rounding that is."""
    exact = np.asarray(exact)
    scale = np.maximum(1.0, np.abs(np.log(np.maximum(np.abs(exact), 1e-300))))
    error = np.abs(got - exact) / np.maximum(np.abs(exact), 1e-300)
    assert (error <= 16 * np.finfo(np.float64).eps * scale).all(), (error / scale).max()


def test_igamma_and_both_its_derivatives_against_mpmath():
    """P(a, x) and its derivatives in x and in a (MindSpore 2.10 has none in a)
    to float64 rounding, by the series and by the continued fraction."""
    a, x = (Tensor(v) for v in np.array(IGAMMA_POINTS).T)
    _within_rounding(nn.IGamma()(a, x).asnumpy(), EXACT["igamma"])
    in_a, in_x = ms.grad(lambda p, q: nn.IGamma()(p, q).sum(), (0, 1))(a, x)
    _within_rounding(in_x.asnumpy(), EXACT["igamma in x"])
    _within_rounding(in_a.asnumpy(), EXACT["igamma in a"])


def test_igamma_at_the_edges_of_its_domain():
    a = Tensor(np.array([2.0, 2.0, 0.0, -1.0, 1.0, np.inf, np.inf, np.nan, 3.0]))
    x = Tensor(np.array([0.0, np.inf, 1.0, 1.0, -1.0, 5.0, np.inf, 1.0, np.nan]))
    out = nn.IGamma()(a, x).asnumpy()
    np.testing.assert_array_equal(out[:2], [0.0, 1.0])
    assert out[5] == 0.0 and np.isnan(out[[2, 3, 4, 6, 7, 8]]).all()
    # (the derivatives at the edges are those of the constants there, never NaN)
    g = ms.grad(lambda p, q: nn.IGamma()(p, q).sum(), (0, 1))(a[:2], x[:2])
    assert all(np.array_equal(t.asnumpy(), [0.0, 0.0]) for t in g)


def test_igamma_derivatives_at_zero_are_those_of_its_series():
    # ∂P/∂x = x^(a-1) e^(-x)/Γ(a): inf, 1, 0, 0 at x = 0; ∂²P/∂x² there: -1 for
    # a = 1, 1 for a = 2, 0 for a = 3; in a, P(a, 0) = 0 is constant
    a, x = Tensor(np.array([0.5, 1.0, 2.0, 3.0])), Tensor(np.zeros(4))
    f = lambda p, q: nn.IGamma()(p, q).sum()                            # noqa: E731
    in_a, in_x = ms.grad(f, (0, 1))(a, x)
    np.testing.assert_array_equal(in_x.asnumpy(), [np.inf, 1.0, 0.0, 0.0])
    np.testing.assert_array_equal(in_a.asnumpy(), np.zeros(4))
    second = ms.grad(ms.grad(f, 1), 1)(a, x).asnumpy()
    np.testing.assert_allclose(second[1:], [-1.0, 1.0, 0.0], rtol=1e-15, atol=0)
    jvp_x = ms.jvp(lambda q: nn.IGamma()(a, q), x, Tensor(np.ones(4)))[1].asnumpy()
    np.testing.assert_array_equal(jvp_x, [np.inf, 1.0, 0.0, 0.0])


def test_igamma_refuses_an_a_too_large_to_converge():
    with pytest.raises(ValueError, match=r"IGamma: the series of P\(a, x\) did not converge"):
        nn.IGamma()(Tensor(np.array([1e9])), Tensor(np.array([1e9])))
    # x beyond a, the continued fraction converges even there
    far = nn.IGamma()(Tensor(np.array([1e12])), Tensor(np.array([1.000001e12]))).asnumpy()
    np.testing.assert_allclose(far, 0.8413447460685833, rtol=1e-10)     # SciPy's gammainc


def test_igamma_broadcasts_and_keeps_float32():
    out = nn.IGamma()(Tensor(np.array([[1.0], [2.0]], np.float32)),
                      Tensor(np.array([0.5, 1.0, 4.0], np.float32)))
    assert out.dtype == ms.float32 and out.shape == (2, 3)
    np.testing.assert_allclose(out.asnumpy()[0], 1 - np.exp(-np.array([0.5, 1.0, 4.0])),
                               rtol=1e-6)


@pytest.mark.parametrize("a, x", [([0.7, 2.5, 9.0], [0.4, 1.5, 6.0]),
                                  ([0.7, 2.5, 9.0], [3.0, 4.0, 14.0])],
                         ids=["series", "continued fraction"])
def test_igamma_second_derivatives(a, x):
    check_grads(nn.IGamma(), (Tensor(np.array(a)), Tensor(np.array(x))), order=2,
                modes=("fwd", "rev", "hyper"))


def test_igamma_under_vmap_is_a_loop():
    a = np.array([[0.5, 9.0, 3.0], [12.0, 3.0, 1.0]])
    x = np.array([[8.5, 2.0, 3.0], [1.0, 0.5, 0.1]])
    assert_vmap_is_a_loop(lambda p, q: nn.IGamma()(p, q), a, x)

# ---------------------------------------------------------------------------
# MatDet and MatInverse (GPU kernels in MindSpore 2.10: against NumPy)

def _spd(*batch, n=4):
    a = rng.normal(size=batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def test_mat_det_and_inverse_against_numpy():
    a = _spd(2, 3)
    np.testing.assert_allclose(nn.MatDet()(Tensor(a)).asnumpy(), np.linalg.det(a), rtol=1e-13)
    np.testing.assert_allclose(nn.MatInverse()(Tensor(a)).asnumpy(), np.linalg.inv(a),
                               rtol=1e-12, atol=1e-14)
    example = np.array([[4, 12, -16], [12, 37, -43], [-16, -43, 98]], np.float32)
    assert nn.MatDet()(Tensor(example)).dtype == ms.float32
    np.testing.assert_allclose(nn.MatDet()(Tensor(example)).asnumpy(), 36.0, rtol=1e-5)


def test_mat_det_and_inverse_gradients_are_the_closed_forms():
    a = _spd()
    inverse = np.linalg.inv(a)
    g = ms.grad(lambda t: nn.MatDet()(t))(Tensor(a)).asnumpy()
    np.testing.assert_allclose(g, np.linalg.det(a) * inverse, rtol=1e-12)
    w = rng.normal(size=(4, 4))
    g = ms.grad(lambda t: (nn.MatInverse()(t) * Tensor(w)).sum())(Tensor(a)).asnumpy()
    # d inv = -inv dA inv for symmetric dA: the symmetric part of -inv W inv
    full = -inverse @ w @ inverse
    np.testing.assert_allclose(g, (full + full.T) / 2, rtol=1e-11, atol=1e-13)


def test_mat_det_refuses_a_matrix_that_is_not_positive_definite():
    with pytest.raises(ValueError):
        nn.MatDet()(Tensor(np.array([[1.0, 2.0], [2.0, 1.0]])))


# ---------------------------------------------------------------------------
# Second derivatives against finite differences

def _symmetric(cell):
    """The cell of b + bᵀ: directions of any b are symmetric ones of the matrix."""
    return lambda b: cell(b + b.swapaxes(-1, -2))


SMOOTH = {
    "ReduceLogSumExp": (nn.ReduceLogSumExp((0, 2)), [rng.normal(size=(3, 2, 4))]),
    "ReduceLogSumExp keep_dims": (nn.ReduceLogSumExp(-1, True), [rng.normal(size=(3, 4))]),
    "LGamma": (nn.LGamma(), [np.array([0.3, 1.5, 4.2, -0.6, -2.3, 12.0])]),
    "DiGamma": (nn.DiGamma(), [np.array([0.3, 1.5, 4.2, -0.6, -2.3, 12.0])]),
    "MatDet": (_symmetric(nn.MatDet()), [_spd(2) / 2]),
    "MatInverse": (_symmetric(nn.MatInverse()), [_spd(n=3) / 2]),
    "TripletMarginWithDistanceLoss": (nn.TripletMarginWithDistanceLoss(margin=4.0),
                                      [rng.normal(size=(4, 3)) for _ in range(3)]),
    "TripletMarginWithDistanceLoss swap": (
        nn.TripletMarginWithDistanceLoss(swap=True, margin=4.0, reduction="none"),
        [rng.normal(size=(4, 3, 2)) for _ in range(3)]),
    "ChannelShuffle": (nn.ChannelShuffle(2), [rng.normal(size=(2, 4, 3))]),
    "CentralCrop": (nn.CentralCrop(0.6), [rng.normal(size=(2, 5, 5))]),
    "Pad SYMMETRIC": (nn.Pad(((1, 2), (2, 0)), "SYMMETRIC"), [rng.normal(size=(3, 4))]),
    "ReflectionPad3d": (nn.ReflectionPad3d(1), [rng.normal(size=(2, 3, 3, 3))]),
    "ReplicationPad3d": (nn.ReplicationPad3d((1, 0, 2, 1, 0, 1)), [rng.normal(size=(2, 3, 3, 3))]),
}


@pytest.mark.parametrize("name", SMOOTH)
def test_second_derivatives_against_finite_differences(name):
    fn, args = SMOOTH[name]
    check_grads(fn, [Tensor(a) for a in args], order=2, modes=("fwd", "rev", "hyper"))


def test_max_unpool_derivatives_against_finite_differences():
    x = Tensor(rng.normal(size=(2, 3, 2, 2)))
    where = Tensor(np.array([0, 3, 9, 14])[None, None].repeat(3, 1).repeat(2, 0).reshape(
        2, 3, 2, 2))
    check_grads(lambda t: nn.MaxUnpool2d(2)(t, where), [x], order=2)


def test_reduce_log_sum_exp_under_vmap_is_a_loop():
    assert_vmap_is_a_loop(lambda t: nn.ReduceLogSumExp(1)(t), rng.normal(size=(3, 4, 5)))
