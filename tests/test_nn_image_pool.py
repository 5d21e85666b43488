"""PSNR, SSIM, MSSSIM, FractionalMaxPool2d/3d (and ops.fractional_max_pool2d/3d),
SampledSoftmaxLoss and MultiFieldEmbeddingLookup.

Values and gradients against MindSpore 2.10's, stored in
tests/nn_image_pool_reference.py (captured from fixed inputs): the image
measures' gradients with respect to both images, fractional max pooling's
values, indices and input gradient, SampledSoftmaxLoss's gradients with
respect to weights, biases and logits for given sampled_values, and
MultiFieldEmbeddingLookup's gradients with respect to its input_values and
its table.  Also against NumPy formulas in float64 (PSNR, SSIM, MSSSIM,
SampledSoftmaxLoss, MultiFieldEmbeddingLookup's operators and max_norm),
derivatives to second order in forward and reverse mode and with hyper-dual
numbers (check_grads), vmap against a loop, and the random draws
(fractional pooling's window samples, the candidate sampler) by their
properties.  Deliberate differences from MindSpore 2.10: float64 images stay
float64 (MindSpore computes in float32, and its SSIM refuses them);
SampledSoftmaxLoss applies its 'mean' and 'sum' reductions as documented
(MindSpore returns the losses unreduced); fractional max pooling takes (1, C,
2) samples for a batch, as documented (MindSpore's kernel refuses them);
MultiFieldEmbeddingLookup's max_norm clips each row (see the reference
module).
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.nn.loss import _uniform_candidates
from dualgrad.testing import check_grads
from nn_image_pool_reference import (FIELD_CASES, FIELD_SIZE, FIELD_TABLE_SHAPE, IMAGE_CASES,
                                     MINDSPORE, POOL_CASES, SOFTMAX_CASES, cotangent, inputs,
                                     pool_arguments)
from vmap_reference import assert_vmap_is_a_loop


def _data():
    return {k: Tensor(v) for k, v in inputs().items()}


def _weighted_sum(out):
    return (out * Tensor(cotangent(out.shape), out.dtype)).sum()


# ---------------------------------------------------------------------------
# PSNR, SSIM, MSSSIM

@pytest.mark.parametrize("name", IMAGE_CASES)
def test_image_measures_match_mindspore(name):
    cell_name, kwargs, names, grads = IMAGE_CASES[name]
    expected = MINDSPORE[name]
    data = _data()
    cell = getattr(nn, cell_name)(**kwargs)
    args = [data[n] for n in names]
    out = cell(*args)
    assert str(out.asnumpy().dtype) == expected[0] and out.shape == expected[1]
    np.testing.assert_allclose(out.asnumpy(), expected[2], rtol=2e-5, atol=2e-6)
    if grads:
        g1, g2 = ms.grad(lambda a, b: _weighted_sum(cell(a, b)), (0, 1))(*args)
        scale = np.abs(expected[3]).max()
        np.testing.assert_allclose(g1.asnumpy().ravel(), expected[3], rtol=1e-3,
                                   atol=6e-5 * scale)
        np.testing.assert_allclose(g2.asnumpy().ravel(), expected[4], rtol=1e-3,
                                   atol=6e-5 * scale)


def test_image_measures_parameters_are_mindspores_and_untrained():
    ssim = nn.SSIM(filter_size=5)
    assert [n for n, _ in ssim.parameters_and_names()] == ["conv.weight"]
    assert ssim.trainable_params() == [] and ssim.conv.weight.shape == (1, 1, 5, 5)
    np.testing.assert_allclose(ssim.conv.weight.asnumpy().sum(), 1.0, rtol=1e-6)
    msssim = nn.MSSSIM(power_factors=(0.5, 0.5), filter_size=3)
    assert [n for n, _ in msssim.parameters_and_names()] == [
        "multi_convs_list.0.weight", "multi_convs_list.1.weight"]
    assert msssim.trainable_params() == [] and list(nn.PSNR().get_parameters()) == []


def _np_window(size, sigma):
    offsets = np.arange(-size // 2 + 1, size // 2 + 1, dtype=np.float64)
    g = np.exp(-(offsets[:, None] ** 2 + offsets[None, :] ** 2) / (2 * sigma ** 2))
    return g / g.sum()


def _np_ssim(a, b, size, sigma, k1, k2, max_val):
    """SSIM of Wang et al. written out in float64: windowed means by sliding
    windows, per channel, averaged over channels and positions."""
    w = _np_window(size, sigma)

    def filtered(x):
        windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
        return np.einsum("ncijkl,kl->ncij", windows, w)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = filtered(a), filtered(b)
    s11 = filtered(a * a) - mu1 ** 2
    s22 = filtered(b * b) - mu2 ** 2
    s12 = filtered(a * b) - mu1 * mu2
    ssim = ((2 * mu1 * mu2 + c1) * (2 * s12 + c2)) / ((mu1 ** 2 + mu2 ** 2 + c1)
                                                       * (s11 + s22 + c2))
    return ssim.mean(axis=(1, 2, 3))


RNG = np.random.default_rng(20)
IMG_A = RNG.uniform(0.1, 0.9, (2, 3, 9, 10))
IMG_B = np.clip(IMG_A + RNG.normal(0, 0.05, IMG_A.shape), 0.0, 1.0)


def test_psnr_and_ssim_are_the_formulas_in_float64():
    psnr = nn.PSNR(max_val=2)(Tensor(IMG_A), Tensor(IMG_B))
    mse = ((IMG_A - IMG_B) ** 2).mean(axis=(1, 2, 3))
    assert psnr.dtype == ms.float64
    np.testing.assert_allclose(psnr.asnumpy(), 10 * np.log10(4.0 / mse), rtol=1e-12)
    for size, sigma in ((3, 1.5), (4, 0.7), (7, 2.0)):
        ssim = nn.SSIM(max_val=1.5, filter_size=size, filter_sigma=sigma, k1=0.02, k2=0.04)
        np.testing.assert_allclose(ssim(Tensor(IMG_A), Tensor(IMG_B)).asnumpy(),
                                   _np_ssim(IMG_A, IMG_B, size, sigma, 0.02, 0.04, 1.5),
                                   rtol=1e-6)


def test_identical_images_have_ssim_and_msssim_1():
    img = Tensor(IMG_A.astype(np.float32))
    np.testing.assert_allclose(nn.SSIM(filter_size=5)(img, img).asnumpy(), [1.0, 1.0],
                               rtol=1e-6)
    np.testing.assert_allclose(nn.MSSSIM(power_factors=(0.2, 0.8), filter_size=3)(
        img, img).asnumpy(), [1.0, 1.0], rtol=1e-6)


def test_msssim_is_its_product_of_scales():
    """prod_j cs_j^β_j · ssim_M^β_M, the scales halved by 2x2 average pooling."""
    a, b = IMG_A[:, :, :8, :8], IMG_B[:, :, :8, :8]
    factors = (0.3, 0.7)
    c2 = 0.03 ** 2
    w = _np_window(3, 1.5)

    def filtered(x):
        windows = np.lib.stride_tricks.sliding_window_view(x, (3, 3), axis=(2, 3))
        return np.einsum("ncijkl,kl->ncij", windows, w)
    mu1, mu2 = filtered(a), filtered(b)
    cs = ((2 * (filtered(a * b) - mu1 * mu2) + c2)
          / (filtered(a * a) - mu1 ** 2 + filtered(b * b) - mu2 ** 2 + c2)).mean(axis=(2, 3))
    half = [x.reshape(2, 3, 4, 2, 4, 2).mean(axis=(3, 5)) for x in (a, b)]
    # per channel: cs^β1 · ssim^β2, then the mean over channels
    ssim_per_channel = np.stack([_np_ssim(half[0][:, ch:ch + 1], half[1][:, ch:ch + 1], 3, 1.5,
                                          0.01, 0.03, 1.0) for ch in range(3)], 1)
    expected = (cs ** factors[0] * ssim_per_channel ** factors[1]).mean(axis=1)
    out = nn.MSSSIM(power_factors=factors, filter_size=3)(Tensor(a), Tensor(b))
    np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-10)


@pytest.mark.parametrize("cell", [
    nn.PSNR(max_val=1.5), nn.SSIM(filter_size=3), nn.SSIM(filter_size=4, filter_sigma=0.9),
    nn.MSSSIM(power_factors=(0.4, 0.6), filter_size=2)],
    ids=["PSNR", "SSIM 3", "SSIM 4", "MSSSIM"])
def test_image_measures_derivatives_to_second_order(cell):
    a, b = Tensor(IMG_A[:1, :2, :6, :6]), Tensor(IMG_B[:1, :2, :6, :6])
    check_grads(cell, (a, b), order=2, modes=("fwd", "rev", "hyper"))


def test_image_measures_vmap_is_a_loop():
    cell = nn.SSIM(filter_size=3)
    assert_vmap_is_a_loop(cell, IMG_A[:, None], IMG_B[:, None])


# ---------------------------------------------------------------------------
# Fractional max pooling

@pytest.mark.parametrize("name", POOL_CASES)
def test_fractional_max_pool_matches_mindspore(name):
    fn, _, _, grads = POOL_CASES[name]
    expected = MINDSPORE[name]
    x, kwargs = pool_arguments(name, _data())
    values, indices = getattr(ops, fn)(x, return_indices=True, **kwargs)
    assert str(values.asnumpy().dtype) == expected[0] and values.shape == expected[1]
    np.testing.assert_allclose(values.asnumpy().ravel(), expected[2], rtol=1e-6, atol=1e-7)
    assert str(indices.asnumpy().dtype) == expected[3]
    np.testing.assert_array_equal(indices.asnumpy().ravel(), expected[4])
    assert np.array_equal(getattr(ops, fn)(x, **kwargs).asnumpy(), values.asnumpy())
    if grads:
        g = ms.grad(lambda a: _weighted_sum(getattr(ops, fn)(a, **kwargs)))(x)
        np.testing.assert_array_equal(g.asnumpy().ravel(), expected[5])


def test_fractional_max_pool2d_gives_mindspores_documented_example():
    """The example of MindSpore 2.10's FractionalMaxPool2d documentation: the
    same windows by output_size (2, 2) and by output_ratio 0.5."""
    x = Tensor(np.array([0.3220, 0.9545, 0.7879, 0.0975, 0.3698, 0.5135, 0.5740, 0.3435,
                         0.1895, 0.8764, 0.9581, 0.4760, 0.9014, 0.8522, 0.3664, 0.4980,
                         0.9673, 0.9879, 0.6988, 0.9022, 0.9304, 0.1558, 0.0153, 0.1559,
                         0.9852], np.float32).reshape(1, 1, 5, 5))
    samples = Tensor(np.array([[[0.8, 0.8]]], np.float32))
    for kwargs in ({"output_size": (2, 2)}, {"output_ratio": (0.5, 0.5)}):
        y, argmax = nn.FractionalMaxPool2d(2, return_indices=True, _random_samples=samples,
                                           **kwargs)(x)
        np.testing.assert_allclose(y.asnumpy().ravel(), [0.9545, 0.8764, 0.9673, 0.9852],
                                   rtol=1e-6)
        assert argmax.asnumpy().ravel().tolist() == [1, 9, 16, 24]


def test_fractional_max_pool_cells_are_the_functions():
    data = _data()
    x, samples = data["pool"], data["samples"]
    pool = nn.FractionalMaxPool2d(2, output_size=(3, 4), return_indices=True,
                                  _random_samples=samples)
    values, indices = pool(x)
    expected = ops.fractional_max_pool2d(x, 2, (3, 4), return_indices=True,
                                         _random_samples=samples)
    assert np.array_equal(values.asnumpy(), expected[0].asnumpy())
    assert np.array_equal(indices.asnumpy(), expected[1].asnumpy())
    pool3 = nn.FractionalMaxPool3d((2, 3, 2), output_ratio=0.5,
                                   _random_samples=data["samples3"])
    out = pool3(data["pool3"])
    assert isinstance(out, Tensor) and out.shape == (2, 2, 2, 3, 3)
    np.testing.assert_allclose(out.asnumpy().ravel(),
                               MINDSPORE["3d kernel (2, 3, 2) ratio 0.5"][2], rtol=1e-6)
    assert nn.FractionalMaxPool2d(2, output_size=(3, 4), output_ratio=0.2,
                                  _random_samples=samples)(x).shape == (2, 3, 3, 4)


def test_fractional_max_pool_shares_one_row_of_samples_across_the_batch():
    """(1, C, 2) samples, as MindSpore documents them (its CPU kernel refuses
    them for a batch), are each batch item's."""
    data = _data()
    one = data["samples_one"]
    shared = ops.fractional_max_pool2d(data["pool"], 2, (3, 4), _random_samples=one)
    repeated = ops.fractional_max_pool2d(data["pool"], 2, (3, 4),
                                         _random_samples=Tensor(np.repeat(one.asnumpy(), 2, 0)))
    assert np.array_equal(shared.asnumpy(), repeated.asnumpy())


def _windows_hold(x, values, indices, kernel):
    """Each output is x at its index, the maximum of an in-bounds kernel window
    holding that index; the first windows start at 0 and the last end at the
    input's end along every axis."""
    nd = len(kernel)
    sizes = x.shape[-nd:]
    planes = x.reshape((-1,) + sizes)
    flat_values = values.reshape(planes.shape[0], -1)
    flat_indices = indices.reshape(planes.shape[0], -1)
    out_shape = values.shape[-nd:]
    for plane, vals, where in zip(planes, flat_values, flat_indices):
        assert np.array_equal(plane.ravel()[where], vals)
        coords = np.unravel_index(where, sizes)
        for i, position in enumerate(zip(*coords)):
            found = False
            for start in np.ndindex(*kernel):
                corner = [p - s for p, s in zip(position, start)]
                if any(c < 0 or c + k > n for c, k, n in zip(corner, kernel, sizes)):
                    continue
                window = plane[tuple(slice(c, c + k) for c, k in zip(corner, kernel))]
                found = found or window.max() == vals[i]
            assert found
        grid = [c.reshape(out_shape) for c in coords]
        for axis, (k, n) in enumerate(zip(kernel, sizes)):
            assert (np.take(grid[axis], 0, axis) < k).all()
            assert (np.take(grid[axis], -1, axis) >= n - k).all()


def test_fractional_max_pool_draws_its_windows_under_dualgrads_seed():
    x = RNG.normal(size=(2, 3, 11, 9))
    kernel = (3, 2)
    ms.set_seed(7)
    first = ops.fractional_max_pool2d(Tensor(x), kernel, output_ratio=(0.6, 0.5),
                                      return_indices=True)
    ms.set_seed(7)
    again = ops.fractional_max_pool2d(Tensor(x), kernel, output_ratio=(0.6, 0.5),
                                      return_indices=True)
    assert first[0].shape == (2, 3, 6, 4)
    assert np.array_equal(first[1].asnumpy(), again[1].asnumpy())
    draws = {ops.fractional_max_pool2d(Tensor(x), kernel, (6, 4), return_indices=True)[1]
             .asnumpy().tobytes() for _ in range(6)}
    assert len(draws) > 1                                  # (the windows do vary)
    _windows_hold(x, first[0].asnumpy(), first[1].asnumpy(), kernel)
    x3 = RNG.normal(size=(1, 2, 6, 7, 5))
    values, indices = nn.FractionalMaxPool3d(2, output_size=(3, 4, 2), return_indices=True)(
        Tensor(x3))
    _windows_hold(x3, values.asnumpy(), indices.asnumpy(), (2, 2, 2))


def test_fractional_max_pool_gradient_goes_to_the_first_maximum():
    data = _data()
    x = data["pool_ties"]                                   # (many ties)
    values, indices = ops.fractional_max_pool2d(x, 3, (4, 5), return_indices=True,
                                                _random_samples=data["samples"])
    np.testing.assert_array_equal(indices.asnumpy().ravel(), MINDSPORE["2d ties"][4])
    g = ms.grad(lambda a: _weighted_sum(ops.fractional_max_pool2d(
        a, 3, (4, 5), _random_samples=data["samples"])))(x)
    expected = np.zeros((6, 56))
    np.add.at(expected, (np.arange(6)[:, None], indices.asnumpy().reshape(6, -1)),
              cotangent(values.shape).reshape(6, -1))
    np.testing.assert_array_equal(g.asnumpy().reshape(6, -1), expected)


@pytest.mark.parametrize("fn, shape, kernel, out, samples", [
    (ops.fractional_max_pool2d, (1, 2, 6, 7), 2, (3, 4), (1, 2, 2)),
    (ops.fractional_max_pool3d, (1, 1, 4, 5, 4), (2, 2, 1), (2, 3, 3), (1, 1, 3)),
], ids=["2d", "3d"])
def test_fractional_max_pool_derivatives_to_second_order(fn, shape, kernel, out, samples):
    x = Tensor(RNG.permutation(np.prod(shape)).reshape(shape) * 0.1)     # (no ties)
    s = Tensor(RNG.uniform(0, 1, samples))
    check_grads(lambda a: fn(a, kernel, out, _random_samples=s), (x,), order=2,
                modes=("fwd", "rev", "hyper"))


def test_fractional_max_pool_vmap_is_a_loop():
    samples = Tensor(np.full((1, 2, 2), 0.4))
    x = RNG.normal(size=(3, 2, 7, 6))
    assert_vmap_is_a_loop(lambda a: ops.fractional_max_pool2d(
        a, 2, (3, 3), _random_samples=samples), x)


def test_fractional_max_pool_of_an_empty_batch():
    out = nn.FractionalMaxPool2d(2, output_size=(2, 3))(Tensor(np.ones((0, 1, 4, 5))))
    assert out.shape == (0, 1, 2, 3)


# ---------------------------------------------------------------------------
# SampledSoftmaxLoss

def _sampled_loss(name, data):
    kwargs, sample_names, names = SOFTMAX_CASES[name]
    loss = nn.SampledSoftmaxLoss(sampled_values=tuple(data[n] for n in sample_names), **kwargs)
    return loss, [data[n] for n in names]


@pytest.mark.parametrize("name", SOFTMAX_CASES)
def test_sampled_softmax_loss_matches_mindspore(name):
    dtype, shape, values, g_weights, g_biases, g_logits = MINDSPORE[name]
    loss, (weights, biases, labels, logits) = _sampled_loss(name, _data())
    out = loss(weights, biases, labels, logits)
    assert str(out.asnumpy().dtype) == dtype and out.shape == shape
    np.testing.assert_allclose(out.asnumpy(), values, rtol=2e-6, atol=1e-6)
    grads = ms.grad(lambda w, b, x: _weighted_sum(loss(w, b, labels, x)), (0, 1, 2))(
        weights, biases, logits)
    for g, expected in zip(grads, (g_weights, g_biases, g_logits)):
        np.testing.assert_allclose(g.asnumpy().ravel(), expected, rtol=2e-5, atol=2e-6)


def test_sampled_softmax_loss_is_the_softmax_cross_entropy_of_its_logits():
    """In float64: -mean over the true classes of log softmax of [true, sampled]
    logits, each less its log expected count."""
    rng = np.random.default_rng(3)
    w, b, x = rng.normal(size=(9, 4)), rng.normal(size=9), rng.normal(size=(5, 4))
    labels = np.array([[0, 2], [8, 1], [3, 3], [5, 6], [7, 4]])
    sampled = np.array([1, 4, 6])
    q_true, q_sampled = rng.uniform(0.2, 0.9, (5, 2)), rng.uniform(0.2, 0.9, 3)
    loss = nn.SampledSoftmaxLoss(3, 9, num_true=2, sampled_values=(
        Tensor(sampled), Tensor(q_true), Tensor(q_sampled)))
    out = loss(Tensor(w), Tensor(b), Tensor(labels.astype(np.int32)), Tensor(x))
    true_logits = np.einsum("nd,ntd->nt", x, w[labels]) + b[labels] - np.log(q_true)
    sampled_logits = x @ w[sampled].T + b[sampled] - np.log(q_sampled)
    all_logits = np.concatenate([true_logits, sampled_logits], 1)
    log_p = all_logits - np.log(np.exp(all_logits).sum(1, keepdims=True))
    assert out.dtype == ms.float64
    np.testing.assert_allclose(out.asnumpy(), -log_p[:, :2].mean(1), rtol=1e-12)
    for reduction, reduce in (("mean", np.mean), ("sum", np.sum)):
        reduced = nn.SampledSoftmaxLoss(3, 9, num_true=2, reduction=reduction, sampled_values=(
            Tensor(sampled), Tensor(q_true), Tensor(q_sampled)))(
            Tensor(w), Tensor(b), Tensor(labels.astype(np.int32)), Tensor(x))
        assert reduced.shape == ()
        np.testing.assert_allclose(reduced.asnumpy(), reduce(out.asnumpy()), rtol=1e-12)
    check_grads(lambda w, b, x: loss(w, b, Tensor(labels.astype(np.int32)), x),
                (Tensor(w), Tensor(b), Tensor(x)), order=2, modes=("fwd", "rev"))


def test_the_candidate_sampler_draws_distinct_classes_apart_from_the_true_ones():
    rng = np.random.default_rng(0)
    true = np.array([[0], [3], [5]])
    counts = np.zeros(7)
    for _ in range(600):
        sampled, q_true, q_sampled = _uniform_candidates(rng, 2, 7, true, True, "test")
        assert len(set(sampled.tolist())) == 2 and not set(sampled.tolist()) & {0, 3, 5}
        assert q_true.shape == (3, 1) and q_sampled.shape == (2,)
        assert q_true[0, 0] == q_sampled[0] and q_sampled[0] >= 1 - (6 / 7) ** 2 - 1e-7
        counts[sampled] += 1
    assert counts[[0, 3, 5]].sum() == 0
    np.testing.assert_allclose(counts[[1, 2, 4, 6]] / 1200, 0.25, atol=0.05)
    # without removal the true classes may be drawn; the expected count of
    # t tries is 1 - (1 - 1/7)^t, t = 4 when the first four draws are distinct
    seen = set()
    for _ in range(200):
        sampled, _, q = _uniform_candidates(rng, 4, 7, true, False, "test")
        seen.update(sampled.tolist())
        tries = np.log1p(-q[0].astype(np.float64)) / np.log1p(-1 / 7)
        assert abs(tries - round(tries)) < 1e-3 and round(tries) >= 4
    assert seen == set(range(7))
    with pytest.raises(ValueError, match=r"test: 5 classes cannot be sampled apart from the 3 "
                                         r"true classes among 7"):
        _uniform_candidates(rng, 5, 7, true, True, "test")


def test_sampled_softmax_loss_samples_reproducibly():
    data = _data()
    args = [data[n] for n in ("weights", "biases", "labels", "logits")]
    a, b = nn.SampledSoftmaxLoss(3, 7, seed=11), nn.SampledSoftmaxLoss(3, 7, seed=11)
    first = [a(*args).asnumpy() for _ in range(3)]
    assert all(np.array_equal(f, b(*args).asnumpy()) for f in first)
    assert first[0].shape == (3,) and np.isfinite(first).all() and (np.array(first) > 0).all()
    ms.set_seed(4)
    drawn = nn.SampledSoftmaxLoss(3, 7)(*args).asnumpy()
    ms.set_seed(4)
    assert np.array_equal(nn.SampledSoftmaxLoss(3, 7)(*args).asnumpy(), drawn)
    g = ms.grad(lambda w: nn.SampledSoftmaxLoss(4, 7, seed=2)(w, *args[1:]).sum())(args[0])
    # only the true classes' rows and the 4 sampled ones get a gradient: all 7 here
    # (the four classes that are not true are the sample)
    assert (np.abs(g.asnumpy()).sum(1) > 0).all()


# ---------------------------------------------------------------------------
# MultiFieldEmbeddingLookup

def _field_net(name, data, dtype=ms.float32):
    kwargs, names = FIELD_CASES[name]
    table = Tensor(data["table"].asnumpy().astype(ms.dtype_to_nptype(dtype)))
    net = nn.MultiFieldEmbeddingLookup(*FIELD_TABLE_SHAPE, field_size=FIELD_SIZE,
                                       param_init=table, dtype=dtype, **kwargs)
    return net, [data[n] for n in names]


@pytest.mark.parametrize("name", FIELD_CASES)
def test_multi_field_embedding_lookup_matches_mindspore(name):
    dtype, shape, values, g_values, per_lookup = MINDSPORE[name]
    net, args = _field_net(name, _data())
    out = net(*args)
    assert str(out.asnumpy().dtype) == dtype and out.shape == shape
    np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=2e-6, atol=1e-7)
    g_in, (g_table,) = ms.grad(lambda i, v, f: _weighted_sum(net(i, v, f)), 1,
                               net.trainable_params())(*args)
    np.testing.assert_allclose(g_in.asnumpy().ravel(), g_values, rtol=2e-6, atol=1e-6)
    expected = np.zeros(FIELD_TABLE_SHAPE)
    rows = np.array(per_lookup).reshape(-1, FIELD_TABLE_SHAPE[1])
    for index, row in zip(args[0].asnumpy().ravel(), rows):
        if 0 <= index < FIELD_TABLE_SHAPE[0]:          # (MindSpore's lookups of no row)
            expected[index] += row
    np.testing.assert_allclose(g_table.asnumpy(), expected, rtol=2e-6, atol=1e-6)


def test_multi_field_embedding_lookup_operators_in_numpy():
    data = _data()
    ids, values, fields = (data[n].asnumpy() for n in ("ids", "values", "fields"))
    table = data["table"].asnumpy().astype(np.float64)
    looked = np.where((ids < 13)[..., None], table[np.minimum(ids, 12)], 0.0) * values[..., None]
    for operator in ("SUM", "MEAN", "MAX"):
        net, args = _field_net(operator, data, ms.float64)
        out = net(*args).asnumpy()
        assert out.dtype == np.float64 and out.shape == (2, 3, 3)
        for b in range(2):
            for f in range(3):
                members = fields[b] == f
                weight = np.abs(values[b][members]).sum()
                if operator == "SUM":
                    expected = looked[b][members].sum(0) if members.any() else np.zeros(3)
                elif operator == "MEAN":
                    expected = looked[b][members].sum(0) / weight if weight else np.zeros(3)
                else:
                    real = members & (values[b] != 0)
                    expected = looked[b][real].max(0) if weight else np.zeros(3)
                np.testing.assert_allclose(out[b, f], expected, rtol=1e-6)


@pytest.mark.parametrize("operator", ["SUM", "MEAN", "MAX"])
def test_multi_field_embedding_lookup_table_derivatives(operator):
    data = _data()
    net, (ids, values, fields) = _field_net(operator, data, ms.float64)
    check_grads(lambda i: net(i, values, fields), (ids,), order=2, modes=("fwd", "rev"),
                weights=net.trainable_params())


def test_multi_field_embedding_lookup_keeps_mindspores_arguments():
    net = nn.MultiFieldEmbeddingLookup(6, 4, 2, feature_num_list=(3, 3), operator="MEAN",
                                       max_norm=1.5)
    assert (net.vocab_size, net.embedding_size, net.field_size, net.operator) == (6, 4, 2,
                                                                                   "MEAN")
    assert net.feature_num_list == (3, 3) and net.max_norm == 1.5
    assert [n for n, _ in net.parameters_and_names()] == ["embedding_table"]
    assert net.embedding_table.dtype == ms.float32 and net.embedding_table.shape == (6, 4)
    assert nn.MultiFieldEmbeddingLookup.OPERATOR_MAX == "MAX"
    assert isinstance(net, nn.EmbeddingLookup)


def test_multi_field_embedding_lookup_clips_each_row_to_max_norm():
    """Each row looked up is scaled to a 2-norm of max_norm at most before the
    weights (as EmbeddingLookup; MindSpore 2.10's CPU lookup does not clip its
    rows to that norm, see tests/nn_image_pool_reference.py)."""
    data = _data()
    ids, values, fields = (data[n] for n in ("ids", "values", "fields"))
    table = data["table"].asnumpy().astype(np.float64)
    net = nn.MultiFieldEmbeddingLookup(13, 3, 3, param_init=Tensor(table), dtype=ms.float64,
                                       max_norm=0.8, operator="SUM")
    raw = ids.asnumpy()
    rows = np.where((raw < 13)[..., None], table[np.minimum(raw, 12)], 0.0)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    clipped = rows * 0.8 / np.maximum(norms, 0.8) * values.asnumpy()[..., None]
    expected = np.zeros((2, 3, 3))
    for b in range(2):
        np.add.at(expected[b], fields.asnumpy()[b], clipped[b])
    # (max_norm is taken in float32, as EmbeddingLookup takes it)
    np.testing.assert_allclose(net(ids, values, fields).asnumpy(), expected, rtol=1e-7)
    assert (np.linalg.norm(net(ids, Tensor(np.ones((2, 6), np.float32)), Tensor(
        np.tile(np.arange(3, dtype=np.int32), (2, 2)))).asnumpy(), axis=-1) <= 1.6 + 1e-12).all()
