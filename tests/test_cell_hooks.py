"""Cell hooks (MindSpore's register_forward_pre_hook, register_forward_hook,
register_backward_pre_hook, register_backward_hook) and Cell.apply.

tests/oracle/programs.py::program_cell_hooks runs the same on real MindSpore.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops


def dense():
    return nn.Dense(3, 2, weight_init=Tensor(np.arange(6.0).reshape(2, 3)),
                    bias_init=Tensor(np.array([0.5, -0.5])))


X = Tensor(np.array([[1.0, 2.0, 3.0]]))


def test_forward_hooks_change_inputs_and_outputs_and_gradients_follow():
    net = dense()
    calls = []
    pre = net.register_forward_pre_hook(lambda cell, args: (calls.append("pre"), (args[0] * 2,))[1])
    post = net.register_forward_hook(lambda cell, args, out: (calls.append("post"), out + 1)[1])
    w = net.weight.asnumpy()
    expected = (2 * X.asnumpy()) @ w.T + net.bias.asnumpy() + 1
    np.testing.assert_allclose(net(X).asnumpy(), expected)
    assert calls == ["pre", "post"]
    np.testing.assert_allclose(ms.grad(lambda t: net(t).sum())(X).asnumpy(),
                               2 * w.sum(0, keepdims=True))
    pre.remove()
    post.remove()
    pre.remove()                                       # a second remove does nothing
    np.testing.assert_allclose(net(X).asnumpy(), X.asnumpy() @ w.T + net.bias.asnumpy())


def test_forward_hook_forms_order_and_always_call():
    net = dense()
    order = []
    net.register_forward_pre_hook(lambda c, a: order.append("second"))
    net.register_forward_pre_hook(lambda c, a: order.append("first"), prepend=True)
    net.register_forward_pre_hook(lambda c, a, kw: (order.append(sorted(kw)), None)[1],
                                  with_kwargs=True)
    net.register_forward_hook(lambda c, a, kw, out: out * 0, with_kwargs=True)
    assert net(X).asnumpy().tolist() == [[0.0, 0.0]]
    assert order == ["first", "second", []]
    # a pre-hook may return one value for (value,), or (args, kwargs) with with_kwargs
    single = dense()
    single.register_forward_pre_hook(lambda c, a: a[0] * 0)
    np.testing.assert_allclose(single(X).asnumpy(), [[0.5, -0.5]])
    bad = dense()
    bad.register_forward_pre_hook(lambda c, a, kw: a, with_kwargs=True)
    with pytest.raises(TypeError, match="with_kwargs must return None or an \\(args, kwargs\\)"):
        bad(X)
    # always_call: the hook runs with output None when construct raises
    seen = []
    broken = dense()
    broken.register_forward_hook(lambda c, a, out: seen.append(out), always_call=True)
    broken.register_forward_hook(lambda c, a, out: seen.append("not always"))
    with pytest.raises(ValueError):
        broken(Tensor(np.ones((1, 4))))
    assert seen == [None]


def test_backward_hooks_see_and_replace_gradients():
    net = dense()
    w = net.weight.asnumpy()
    seen = {}

    def backward(cell, grad_input, grad_output):
        seen["in"] = [g.asnumpy() for g in grad_input]
        seen["out"] = [g.asnumpy() for g in grad_output]
        return (grad_input[0] * 10,)

    handle = net.register_backward_hook(backward)
    gx = ms.grad(lambda t: (net(t) * Tensor([[1.0, 3.0]])).sum())(X)
    np.testing.assert_allclose(seen["out"][0], [[1.0, 3.0]])
    np.testing.assert_allclose(seen["in"][0], [[1.0, 3.0]] @ w)
    np.testing.assert_allclose(gx.asnumpy(), 10 * (np.array([[1.0, 3.0]]) @ w))
    handle.remove()
    # the pre-hook's gradient reaches the Parameters' gradients too
    net.register_backward_pre_hook(lambda cell, grad_output: (grad_output[0] * 3,))
    gw, gb = ms.grad(lambda t: net(t).sum(), None, net.trainable_params())(X)
    np.testing.assert_allclose(gw.asnumpy(), 3 * np.ones((2, 1)) @ X.asnumpy())
    np.testing.assert_allclose(gb.asnumpy(), [3.0, 3.0])
    # forward mode is not hooked
    _, tangent = ms.jvp(lambda t: net(t).sum(), (X,), (Tensor(np.ones((1, 3))),))
    np.testing.assert_allclose(tangent.asnumpy(), w.sum())


class TwoInTwoOut(nn.Cell):
    def construct(self, a, b):
        return a * b, a + b


def test_backward_hooks_of_a_cell_with_several_inputs_and_outputs():
    cell = TwoInTwoOut()
    seen = []
    cell.register_backward_pre_hook(lambda c, g: seen.append(len(g)))
    cell.register_backward_hook(lambda c, gi, go: (seen.append((len(gi), len(go))),
                                                    (gi[0], gi[1] * 0))[1])
    a, b = Tensor([2.0]), Tensor([5.0])
    ga, gb = ms.grad(lambda x, y: cell(x, y)[0] * 2 + cell(x, y)[1], (0, 1))(a, b)
    assert seen == [2, (2, 2), 2, (2, 2)]
    assert ga.asnumpy().tolist() == [2 * 5.0 + 1] * 1 and gb.asnumpy().tolist() == [0.0]
    bad = TwoInTwoOut()
    bad.register_backward_hook(lambda c, gi, go: (gi[0],))
    with pytest.raises(ValueError, match="returned 1 gradient\\(s\\) for 2"):
        ms.grad(lambda x: bad(x, b)[0].sum())(a)
    wrong = TwoInTwoOut()
    wrong.register_backward_hook(lambda c, gi, go: (gi[0], Tensor([1.0, 2.0])))
    with pytest.raises(ValueError, match="gradient 1 has shape \\(2,\\), expected \\(1,\\)"):
        ms.grad(lambda x: wrong(x, b)[0].sum())(a)
    junk = TwoInTwoOut()
    junk.register_backward_pre_hook(lambda c, g: (g[0], "x"))
    with pytest.raises(TypeError, match="gradient 1 must be a Tensor, got str"):
        ms.grad(lambda x: junk(x, b)[0].sum())(a)


def test_second_derivatives_hook_every_reverse_pass_and_forward_over_reverse_is_refused():
    # f(x) = sum(sin(x)), the hook scaling the cell's input gradient by a constant s:
    # the first derivative is s·cos(x). grad(grad) differentiates that by a second
    # reverse pass, which goes back through the cell's input too and is hooked as
    # well: s·(-sin(x))·s.
    class Sine(nn.Cell):
        def construct(self, x):
            return ops.sin(x)

    cell = Sine()
    scale = Tensor(np.array([2.0, -3.0, 0.5]))
    cell.register_backward_hook(lambda c, gi, go: (gi[0] * scale,))
    x = Tensor(np.array([0.3, -1.1, 2.0]))
    s, v = scale.asnumpy(), x.asnumpy()
    first = ms.grad(lambda t: cell(t).sum())(x)
    np.testing.assert_allclose(first.asnumpy(), s * np.cos(v), rtol=1e-14)
    second = ms.grad(ms.grad(lambda t: cell(t).sum()))(x)
    np.testing.assert_allclose(second.asnumpy(), -s * s * np.sin(v), rtol=1e-12)
    # forward over reverse would hook one pass only: refused, not a different answer
    with pytest.raises(NotImplementedError, match="backward hooks act in reverse mode only"):
        ms.hvp(lambda t: cell(t).sum(), (x,), Tensor(np.ones(3)))
    # forward-mode operators on their own see the identity
    lap = ms.laplacian(lambda p: cell(p).sum(axis=1))(Tensor(np.array([[0.2, 0.4]])))
    np.testing.assert_allclose(lap.asnumpy(), [-np.sin(0.2) - np.sin(0.4)], rtol=1e-14)


def test_hooks_inside_networks_vmap_and_bprop_cells():
    inner = dense()
    seen = []
    inner.register_backward_pre_hook(lambda c, g: seen.append(g[0].shape))
    net = nn.SequentialCell(inner, nn.Tanh())
    ms.grad(lambda t: net(t).sum())(X)
    assert seen == [(1, 2)]
    inner.register_backward_pre_hook(lambda c, g: (g[0] * 3,))
    batch = Tensor(np.random.default_rng(2).standard_normal((4, 1, 3)))
    per_example = ms.vmap(ms.grad(lambda t: net(t).sum()))(batch)
    one_by_one = [ms.grad(lambda t: net(t).sum())(batch[i]).asnumpy() for i in range(4)]
    np.testing.assert_allclose(per_example.asnumpy(), np.stack(one_by_one), rtol=1e-12)
    plain = nn.SequentialCell(dense(), nn.Tanh())
    np.testing.assert_allclose(one_by_one[0], 3 * ms.grad(lambda t: plain(t).sum())(batch[0])
                               .asnumpy(), rtol=1e-12)

    class Doubler(nn.Cell):
        def construct(self, x):
            return x * 2

        def bprop(self, x, out, dout):
            return (dout * 5,)

    custom = Doubler()
    custom.register_backward_hook(lambda c, gi, go: (gi[0] + 1,))
    assert ms.grad(lambda t: custom(t).sum())(Tensor([1.0])).asnumpy().tolist() == [6.0]


def test_apply_and_bad_hooks():
    seen = []
    net = nn.SequentialCell(nn.Dense(2, 2), nn.SequentialCell(nn.ReLU(), nn.Tanh()))
    assert net.apply(lambda c: seen.append(type(c).__name__)) is net
    assert seen == ["Dense", "ReLU", "Tanh", "SequentialCell", "SequentialCell"]
    with pytest.raises(TypeError, match="apply: fn must be callable"):
        net.apply(None)
    for register in ("register_forward_pre_hook", "register_forward_hook",
                     "register_backward_pre_hook", "register_backward_hook"):
        with pytest.raises(TypeError, match=f"{register}: hook_fn must be callable"):
            getattr(net, register)("hook")
