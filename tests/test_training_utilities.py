"""Gradient clipping (ops.clip_by_global_norm, nn.ClipByNorm), nn.ForwardValueAndGrad,
ops.partial / ops.Partial, and the graph-mode markers ms.mutable and ms.jit_class.

Values against NumPy formulas and against MindSpore 2.10's documented example;
derivatives to second order in every mode; one reverse pass per
ForwardValueAndGrad call; bad arguments.  (tests/oracle/programs.py runs the
same calls on MindSpore itself when it is installed.)
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

rng = np.random.default_rng(3)


# ---------------------------------------------------------------------------
# ops.clip_by_global_norm

def reference_global_clip(arrays, clip_norm):
    total = np.sqrt(sum((a.astype(np.float64) ** 2).sum() for a in arrays))
    return [a * (clip_norm / max(total, clip_norm)) for a in arrays]


@pytest.mark.parametrize("clip_norm", [0.5, 3.0, 1e3])
def test_global_clip_against_numpy(clip_norm):
    arrays = [rng.normal(size=(3, 2)), rng.normal(size=4), rng.normal(size=())]
    got = ops.clip_by_global_norm(tuple(Tensor(a) for a in arrays), clip_norm)
    assert isinstance(got, tuple) and len(got) == 3
    for g, want in zip(got, reference_global_clip(arrays, clip_norm)):
        np.testing.assert_allclose(g.asnumpy(), want, rtol=1e-14, atol=1e-15)
    clipped = np.sqrt(sum((g.asnumpy() ** 2).sum() for g in got))
    assert clipped <= clip_norm * (1 + 1e-14)


def test_global_clip_matches_mindspores_example():
    # mindspore.ops.clip_by_global_norm's documented example (MindSpore 2.10)
    x1 = Tensor([[2., 3.], [1., 2.]])
    x2 = Tensor([[1., 4.], [3., 1.]])
    out = ops.clip_by_global_norm((x1, x2), 1.0)
    np.testing.assert_allclose(out[0].asnumpy(), [[2.98142403e-01, 4.47213590e-01],
                                                  [1.49071202e-01, 2.98142403e-01]], rtol=1e-6)
    np.testing.assert_allclose(out[1].asnumpy(), [[1.49071202e-01, 5.96284807e-01],
                                                  [4.47213590e-01, 1.49071202e-01]], rtol=1e-6)


def test_global_clip_forms_and_dtypes():
    x = Tensor([3.0, 4.0])
    one = ops.clip_by_global_norm(x, 1.0)                 # one tensor in, one out
    assert isinstance(one, Tensor)
    np.testing.assert_allclose(one.asnumpy(), [0.6, 0.8], rtol=1e-6)
    assert ops.clip_by_global_norm([], 1.0) == ()
    half, single = ops.clip_by_global_norm(
        [Tensor(np.array([1.0, 2.0], np.float16)), Tensor([[2., 3.], [1., 2.]])], 1.0)
    assert (half.dtype, single.dtype) == (ms.float16, ms.float32)
    np.testing.assert_allclose(half.asnumpy(), np.array([1, 2]) / np.sqrt(23), rtol=1e-3)
    np.testing.assert_allclose(single.asnumpy(), np.array([[2, 3], [1, 2]]) / np.sqrt(23),
                               rtol=1e-6)


def test_global_clip_derivatives():
    a, b = rng.normal(size=(2, 3)), rng.normal(size=3)

    def clipped(clip_norm):
        def fn(x, y):
            first, second = ops.clip_by_global_norm((x, y), clip_norm)
            return ops.sin(first).sum() + (second * second * y).sum()
        return fn
    # clipped (norm ~ 3 > 0.7) and not clipped (the identity, exactly)
    for clip_norm in (0.7, 50.0):
        check_grads(clipped(clip_norm), (Tensor(a), Tensor(b)), order=2,
                    modes=("fwd", "rev", "hyper"))
    ga, gb = ms.grad(lambda x, y: ops.clip_by_global_norm((x, y), 50.0)[0].sum(), (0, 1))(
        Tensor(a), Tensor(b))
    np.testing.assert_array_equal(ga.asnumpy(), np.ones((2, 3)))
    np.testing.assert_array_equal(gb.asnumpy(), np.zeros(3))


def test_global_clip_of_zeros_has_a_finite_gradient():
    zeros = Tensor(np.zeros(3))
    g = ms.grad(lambda x: ops.clip_by_global_norm((x,), 1.0)[0].sum())(zeros)
    np.testing.assert_array_equal(g.asnumpy(), np.ones(3))
    h = ms.grad(ms.grad(lambda x: (ops.clip_by_global_norm(x, 1.0) ** 2).sum()))(zeros)
    np.testing.assert_array_equal(h.asnumpy(), 2 * np.ones(3))


@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), 0.0), ValueError,
     "clip_by_global_norm: clip_norm must be a finite number > 0"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), -1), ValueError, "clip_norm"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), float("nan")), ValueError, "clip_norm"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), "1"), TypeError,
     "clip_by_global_norm: clip_norm must be a number"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), True), TypeError, "clip_norm"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]),), 1.0, 2.0), ValueError,
     "clip_by_global_norm: use_norm must be None"),
    (lambda: ops.clip_by_global_norm((Tensor([1.0]), Tensor([1, 2]))), TypeError,
     "clip_by_global_norm: x[1] must hold floating-point numbers"),
])
def test_global_clip_bad_arguments(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# nn.ClipByNorm

@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 1), (0, 2)])
def test_clip_by_norm_against_numpy(axis):
    x = rng.normal(size=(3, 4, 2)) * rng.choice([0.1, 3.0], size=(3, 1, 1))
    clip = 1.2
    norms = np.sqrt((x ** 2).sum(axis=axis, keepdims=True))
    want = x * clip / np.maximum(norms, clip)
    got = nn.ClipByNorm(axis)(Tensor(x), Tensor(np.array(clip))).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-14)
    # every slice's norm is at most clip_norm (MindSpore 2.10's CPU kernel gets
    # the norms of axis 0 and 1 wrong: rows after the first use other elements)
    assert (np.sqrt((got ** 2).sum(axis=axis)) <= clip * (1 + 1e-14)).all()


def test_clip_by_norm_forms():
    x = Tensor([[2., 3.], [1., 2.]])
    # MindSpore 2.10's values with axis=None, clipped and not
    np.testing.assert_allclose(nn.ClipByNorm()(x, Tensor(1.0)).asnumpy(),
                               [[0.47140455, 0.7071068], [0.23570228, 0.47140455]], rtol=1e-6)
    np.testing.assert_array_equal(nn.ClipByNorm()(x, Tensor(100.0)).asnumpy(), x.asnumpy())
    assert nn.ClipByNorm()(x, 1.0).dtype == ms.float32           # a number for clip_norm
    wide = Tensor(np.arange(1.0, 13.0).reshape(3, 4))
    assert nn.ClipByNorm()(wide, Tensor(np.array([1.0, 2.0, 3.0, 4.0]))).shape == (3, 4)
    assert nn.ClipByNorm(axis=1)(wide, 2.0).dtype == ms.float64
    assert repr(nn.ClipByNorm(axis=1)) == "ClipByNorm()"          # as MindSpore prints it


def test_clip_by_norm_derivatives():
    x = rng.normal(size=(3, 4))
    check_grads(lambda a: nn.ClipByNorm(axis=1)(a, Tensor(0.8)) ** 2, (Tensor(x),), order=2,
                modes=("fwd", "rev", "hyper"))
    check_grads(lambda a, c: nn.ClipByNorm()(a, c), (Tensor(x), Tensor(np.array(1.5))),
                order=2, modes=("fwd", "rev"))
    # at zero the layer is the identity: derivative 1 (MindSpore 2.10 gives NaN)
    g = ms.grad(lambda a: nn.ClipByNorm()(a, Tensor(1.0)).sum())(Tensor(np.zeros((2, 2))))
    np.testing.assert_array_equal(g.asnumpy(), np.ones((2, 2)))


@pytest.mark.parametrize("call, error, words", [
    (lambda: nn.ClipByNorm(axis=1.5), TypeError, "ClipByNorm: axis must be None, an int"),
    (lambda: nn.ClipByNorm(axis=()), TypeError, "ClipByNorm: axis must be"),
    (lambda: nn.ClipByNorm(axis=3)(Tensor(np.ones((2, 2))), 1.0), ValueError,
     "ClipByNorm: axis"),
    (lambda: nn.ClipByNorm()(Tensor([1, 2]), 1.0), TypeError,
     "ClipByNorm: x must hold floating-point numbers"),
    (lambda: nn.ClipByNorm()(Tensor([1.0]), "1"), TypeError, "ClipByNorm: clip_norm must be"),
])
def test_clip_by_norm_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# nn.ForwardValueAndGrad

class Product(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(Tensor([1.5]), name="w")
        self.calls = 0

    def construct(self, x, y):
        self.calls += 1
        return (x * x * y * self.w).sum()


X, Y = Tensor([3.0]), Tensor([5.0])


@pytest.mark.parametrize("options", [
    {}, {"get_all": True}, {"get_by_list": True}, {"get_all": True, "get_by_list": True},
    {"get_by_list": True, "sens_param": True}, {"get_all": True, "sens_param": True}])
def test_forward_value_and_grad_is_the_output_and_grad_operation(options):
    net = Product()
    weights = ms.ParameterTuple(net.trainable_params())
    sens = (Tensor(2.0),) if options.get("sens_param") else ()
    value, grads = nn.ForwardValueAndGrad(net, weights, **options)(X, Y, *sens)
    assert net.calls == 1                                  # one pass for both
    assert value.asnumpy() == 67.5                         # not scaled by sens
    want = ms.GradOperation(**options)(net, weights)(X, Y, *sens)
    for got, expected in zip(ms.ops.flatten(list(_leaves(grads))),
                             ms.ops.flatten(list(_leaves(want)))):
        np.testing.assert_array_equal(got.asnumpy(), expected.asnumpy())
    assert _structure(grads) == _structure(want)


def _leaves(tree):
    if isinstance(tree, (tuple, list)):
        for item in tree:
            yield from _leaves(item)
    else:
        yield tree


def _structure(tree):
    if isinstance(tree, (tuple, list)):
        return tuple(_structure(item) for item in tree)
    return tree.shape


def test_forward_value_and_grad_in_a_training_loop():
    net = nn.Dense(2, 1, weight_init="ones", bias_init="zeros")
    loss_net = nn.WithLossCell(net, nn.MSELoss())
    opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
    step = nn.ForwardValueAndGrad(loss_net, opt.parameters, get_by_list=True)
    x, y = Tensor(np.ones((4, 2), np.float32)), Tensor(np.zeros((4, 1), np.float32))
    losses = []
    for _ in range(3):
        loss, grads = step(x, y)
        opt(grads)
        losses.append(float(loss.asnumpy()))
    assert losses[0] == 4.0 and losses[2] < losses[1] < losses[0]
    assert [p.name for p in step.trainable_params()] == ["weight", "bias"]


@pytest.mark.parametrize("call, error, words", [
    (lambda: nn.ForwardValueAndGrad(Product(), get_all=1), TypeError,
     "ForwardValueAndGrad: get_all must be a bool"),
    (lambda: nn.ForwardValueAndGrad(Product(), get_by_list=True), TypeError,
     "ForwardValueAndGrad: get_by_list=True needs the weights"),
    (lambda: nn.ForwardValueAndGrad(3), TypeError, "ForwardValueAndGrad: network must be"),
    (lambda: nn.ForwardValueAndGrad(Product(), sens_param=True)(), TypeError, "sens"),
])
def test_forward_value_and_grad_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# ops.partial, ops.Partial

def affine(x, y, z):
    return x * y + z


def test_partial_fixes_the_first_arguments_and_differentiates():
    a, b, c = Tensor([2.0]), Tensor([3.0]), Tensor([1.0])
    assert ops.partial(affine, a)(b, c).asnumpy() == 7.0
    assert ops.Partial()(affine, a, b)(c).asnumpy() == 7.0
    assert ms.grad(ops.partial(affine, a), (0, 1))(b, c)[0].asnumpy() == 2.0
    _, tangent = ms.jvp(ops.partial(affine, a, b), (c,), (Tensor([1.0]),))
    assert tangent.asnumpy() == 1.0
    with pytest.raises(TypeError, match="partial: func must be callable"):
        ops.partial(3, a)
    with pytest.raises(TypeError, match="partial: func must be callable"):
        ops.Partial()(None)


# ---------------------------------------------------------------------------
# ms.mutable, ms.jit_class

def test_mutable_returns_its_input():
    data = (Tensor([1.0]), [2, {"k": 3.0, "flag": True}])
    assert ms.mutable(data) is data
    assert ms.mutable([1.0, 2.0], dynamic_len=True) == [1.0, 2.0]
    loop = []
    loop.append(loop)
    for bad, error, words in [("a", TypeError, "got str"), (None, TypeError, "got NoneType"),
                              (np.ones(2), TypeError, "got ndarray"),
                              (loop, TypeError, "refers to itself")]:
        with pytest.raises(error, match=words):
            ms.mutable(bad)
    with pytest.raises(TypeError, match="dynamic_len=True needs a tuple or list"):
        ms.mutable(1.0, dynamic_len=True)
    with pytest.raises(TypeError, match="dynamic_len must be a bool"):
        ms.mutable([1.0], dynamic_len=1)


def test_jit_class_returns_the_class():
    @ms.jit_class
    class Scale:
        def __init__(self, k):
            self.k = k
    assert Scale(2).k == 2
    with pytest.raises(TypeError, match="jit_class: expected a class"):
        ms.jit_class(Scale(2))
    with pytest.raises(TypeError, match="not for nn.Cell subclasses"):
        ms.jit_class(nn.Dense)
