"""Recomputation (Cell.recompute, ms.recompute): the same derivatives in every mode, and
less memory held for the backward pass."""
import tracemalloc

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn


def mlp(width=4):
    ms.set_seed(0)
    return nn.SequentialCell([nn.Dense(3, width, dtype=ms.float64), nn.Tanh(),
                              nn.Dense(width, 2, dtype=ms.float64)])


X = Tensor(np.random.default_rng(0).standard_normal((5, 3)))
V = Tensor(np.random.default_rng(1).standard_normal((5, 3)))


def derivatives(net):
    loss = lambda t: (net(t) ** 2).sum()  # noqa: E731
    return [ms.grad(loss)(X), *ms.grad(loss, None, net.trainable_params())(X),
            ms.grad(ms.grad(loss))(X), ms.hvp(loss, X, V),
            ms.jvp(lambda t: net(t), (X,), (V,))[1],
            ms.laplacian(lambda p: net(p)[:, 0])(X)]


def test_a_recomputed_cell_has_the_plain_cells_derivatives_in_every_mode():
    plain = derivatives(mlp())
    net = mlp()
    assert net.recompute() is None
    for got, expected in zip(derivatives(net), plain):
        np.testing.assert_allclose(got.asnumpy(), expected.asnumpy(), rtol=1e-12, atol=1e-14)
    # a recomputed inner cell, and the function form
    inner = mlp()
    list(inner.cells())[0].recompute()
    for got, expected in zip(derivatives(inner), plain):
        np.testing.assert_allclose(got.asnumpy(), expected.asnumpy(), rtol=1e-12, atol=1e-14)
    net = mlp()
    got = ms.grad(lambda t: (ms.recompute(net, t) ** 2).sum(), None, net.trainable_params())(X)
    for g, expected in zip(got, plain[1:3]):
        np.testing.assert_allclose(g.asnumpy(), expected.asnumpy(), rtol=1e-12)
    # without a transform it is the plain call
    np.testing.assert_allclose(ms.recompute(net, X).asnumpy(), mlp()(X).asnumpy())


def test_recomputation_holds_less_memory_for_the_backward_pass():
    x = Tensor(np.random.default_rng(0).standard_normal((512, 128)))

    def peak(recompute):
        ms.set_seed(0)
        blocks = [nn.SequentialCell([nn.Dense(128, 128, dtype=ms.float64), nn.Tanh(),
                                     nn.Dense(128, 128, dtype=ms.float64), nn.Tanh()])
                  for _ in range(4)]
        if recompute:
            for block in blocks:
                block.recompute()
        net = nn.SequentialCell(blocks)
        step = ms.value_and_grad(lambda t: (net(t) ** 2).mean(), None, net.trainable_params())
        step(x)
        ms.empty_cache()
        tracemalloc.start()
        try:
            loss, grads = step(x)
            return tracemalloc.get_traced_memory()[1], loss, grads
        finally:
            tracemalloc.stop()

    plain_peak, plain_loss, plain_grads = peak(False)
    kept_peak, loss, grads = peak(True)
    assert loss.asnumpy() == plain_loss.asnumpy()
    for g, expected in zip(grads, plain_grads):
        np.testing.assert_allclose(g.asnumpy(), expected.asnumpy(), rtol=1e-12, atol=1e-15)
    # eight 512×128 activations kept against the four blocks' boundaries (measured: about
    # two thirds of the plain peak, the recomputed block's own values included)
    assert kept_peak < 0.8 * plain_peak, (kept_peak, plain_peak)


def test_recompute_takes_cells_only_and_hooks_still_run():
    with pytest.raises(TypeError, match="recompute: block must be a Cell, got function"):
        ms.recompute(lambda t: t * 2, X)
    net = mlp()
    net.recompute()
    seen = []
    net.register_forward_hook(lambda cell, args, out: seen.append(out.shape))
    net.register_backward_pre_hook(lambda cell, grad_output: (grad_output[0] * 2,))
    doubled = ms.grad(lambda t: net(t).sum())(X)
    np.testing.assert_allclose(doubled.asnumpy(), 2 * ms.grad(lambda t: mlp()(t).sum())(X)
                               .asnumpy(), rtol=1e-12)
    assert seen == [(5, 2)]
