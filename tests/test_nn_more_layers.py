"""Linear, BiDense, DenseBnAct, Conv2dBnAct, CellDict, Dropout1d/2d/3d,
BatchNorm3d, InstanceNorm3d, Softmax2d, RReLU and FastGelu.

Values, input gradients, moving statistics, Parameter names and reprs
against MindSpore 2.10's, stored in tests/more_layers_reference.py (captured
from fixed inputs and weights); InstanceNorm3d (no CPU kernel in MindSpore)
and BiDense against NumPy formulas; second derivatives of the smooth ones
against finite differences; the random cells (channel dropout, RReLU) by
their contract, since their draws cannot be MindSpore's bits; CellDict's
dict semantics and naming.
"""
from collections import OrderedDict

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop
from more_layers_reference import (CASES, DEFAULTS, MINDSPORE, PARAMETERS, REPRS, _data,
                                   cotangent, inputs, resolve)


# ---------------------------------------------------------------------------
# MindSpore 2.10's values, gradients, Parameters and reprs

def _build(cls, kwargs, train):
    return getattr(nn, cls)(**resolve(kwargs, _data(Tensor), ms)).set_train(train)


def _close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, np.float64).ravel(), expected, rtol=3e-5,
                               atol=3e-6)


@pytest.mark.parametrize("name", CASES)
def test_values_gradients_and_moving_statistics_match_mindspore(name):
    cls, kwargs, names, train = CASES[name]
    dtype, shape, values, grads, moving = MINDSPORE[name]
    data = _data(Tensor)
    args = [data[n] for n in names]
    cell = _build(cls, kwargs, train)
    out = cell(*args)
    assert str(out.dtype).lower() == dtype and out.shape == shape
    _close(out.asnumpy(), values)
    after = {p.name: p.asnumpy() for p in cell.get_parameters() if not p.requires_grad}
    assert sorted(after) == sorted(moving)
    for param_name, expected in moving.items():
        _close(after[param_name], expected)
    cell = _build(cls, kwargs, train)
    weights = Tensor(cotangent(out.shape), out.dtype)
    got = ms.grad(lambda *a: (cell(*a) * weights).sum(),
                  grad_position=tuple(range(len(args))))(*args)
    got = got if isinstance(got, tuple) else (got,)
    assert len(got) == len(grads)
    for g, expected in zip(got, grads):
        _close(g.asnumpy(), expected)


@pytest.mark.parametrize("name", DEFAULTS)
def test_parameters_are_named_shaped_and_typed_as_mindspore(name):
    cell = getattr(nn, name.split()[0])(**resolve(DEFAULTS[name], {}, ms))
    listed = [(path, p.name, tuple(p.shape), str(p.dtype).lower(), p.requires_grad)
              for path, p in cell.parameters_and_names()]
    assert listed == PARAMETERS[name]


@pytest.mark.parametrize("name", [n for n in DEFAULTS if n != "Conv2dBnAct"])
def test_reprs_match_mindspore(name):
    cell = getattr(nn, name.split()[0])(**resolve(DEFAULTS[name], {}, ms))
    assert repr(cell) == REPRS[name]


def test_conv2d_bn_act_repr_has_mindspore_sub_cells():
    """(Conv2d's own repr is dualgrad's, checked with the convolutions.)"""
    text = repr(nn.Conv2dBnAct(3, 2, 3, has_bn=True, activation="relu"))
    expected = REPRS["Conv2dBnAct"]
    assert text.split("\n")[0] == expected.split("\n")[0] == "Conv2dBnAct("
    for line in expected.split("\n")[2:]:
        assert line in text.split("\n")


# ---------------------------------------------------------------------------
# Linear and BiDense

rng = np.random.default_rng(7)


def test_linear_is_dense_without_activation_with_the_same_weights():
    x = Tensor(rng.normal(size=(5, 4)).astype(np.float32))
    lin = nn.Linear(4, 3)
    dense = nn.Dense(4, 3, weight_init=lin.weight.data, bias_init=lin.bias.data)
    np.testing.assert_array_equal(lin(x).asnumpy(), dense(x).asnumpy())


@pytest.mark.parametrize("make, fan_in", [(lambda: nn.Linear(25, 400), 25),
                                          (lambda: nn.BiDense(16, 5, 300), 16)])
def test_default_initializers_fill_mindspores_interval(make, fan_in):
    """HeUniform(sqrt(5)) and Uniform(1/sqrt(fan_in)) both draw from
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (BiDense's fan_in is in1_channels)."""
    ms.set_seed(3)
    cell = make()
    bound = 1 / np.sqrt(fan_in)
    for p in (cell.weight, cell.bias):
        v = p.asnumpy()
        assert np.abs(v).max() <= bound
        assert np.abs(v).max() > 0.95 * bound          # the whole interval is used
        assert abs(v.mean()) < 0.1 * bound
    ms.set_seed(3)
    np.testing.assert_array_equal(make().weight.asnumpy(), cell.weight.asnumpy())


def test_linear_dtypes():
    assert nn.Linear(3, 2).weight.dtype == ms.float32                # dtype=None: float32
    f64 = nn.Linear(3, 2, weight_init=Tensor(np.ones((2, 3))), bias_init=Tensor(np.zeros(2)))
    assert f64.weight.dtype == f64.bias.dtype == ms.float64          # a Tensor keeps its own
    assert f64(Tensor(np.ones((1, 3)))).dtype == ms.float64
    half = nn.Linear(3, 2, dtype=ms.float16)
    assert half(Tensor(np.ones((1, 3), np.float16))).dtype == ms.float16
    with pytest.raises(TypeError, match=r"Linear: the input's dtype Float64 differs from "
                                        r"the weight's Float32"):
        nn.Linear(3, 2)(Tensor(np.ones((1, 3))))


def test_bidense_against_numpy_and_its_second_derivatives():
    w = rng.normal(size=(4, 3, 5))
    b = rng.normal(size=4)
    x1, x2 = rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 6, 5))
    net = nn.BiDense(3, 5, 4, weight_init=Tensor(w), bias_init=Tensor(b), dtype=ms.float64)
    out = net(Tensor(x1), Tensor(x2))
    np.testing.assert_allclose(out.asnumpy(), np.einsum("...i,oij,...j->...o", x1, w, x2) + b,
                               rtol=1e-12)
    check_grads(net, (Tensor(x1), Tensor(x2)), order=2, modes=("fwd", "rev"),
                weights=net.trainable_params())


def test_linear_second_derivatives():
    net = nn.Linear(3, 2, weight_init=Tensor(rng.normal(size=(2, 3))),
                    bias_init=Tensor(rng.normal(size=2)))
    check_grads(lambda x: ops.tanh(net(x)), (Tensor(rng.normal(size=(4, 3))),), order=2,
                modes=("fwd", "rev", "hyper"), weights=net.trainable_params())


# ---------------------------------------------------------------------------
# DenseBnAct and Conv2dBnAct

def test_dense_bn_act_is_its_three_cells_in_a_row():
    x = Tensor(rng.normal(size=(6, 3)).astype(np.float32))
    combined = nn.DenseBnAct(3, 2, has_bn=True, momentum=0.8, activation="leakyrelu",
                             alpha=0.1, after_fake=False).set_train()
    dense = nn.Dense(3, 2, weight_init=combined.dense.weight.data,
                     bias_init=combined.dense.bias.data)
    bn = nn.BatchNorm1d(2, momentum=0.8).set_train()
    expected = nn.LeakyReLU(0.1)(bn(dense(x)))
    np.testing.assert_allclose(combined(x).asnumpy(), expected.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(combined.batchnorm.moving_mean.asnumpy(),
                               bn.moving_mean.asnumpy(), rtol=1e-6)
    assert combined.after_fake is False and combined.has_act


def test_dense_bn_act_defaults_draw_weights_from_normal_and_zero_bias():
    ms.set_seed(0)
    net = nn.DenseBnAct(50, 40)
    w = net.dense.weight.asnumpy()
    assert abs(w.std() - 0.01) < 0.001 and not net.dense.bias.asnumpy().any()
    assert not net.has_bn and not net.has_act and net.activation is None


def test_conv2d_bn_act_second_derivatives_in_evaluation():
    net = nn.Conv2dBnAct(2, 3, 3, has_bias=True, has_bn=True, activation="tanh")
    x = Tensor(rng.normal(size=(1, 2, 4, 4)))
    check_grads(lambda t: net(t.astype(ms.float32)), (x,), order=2, modes=("fwd", "rev"))


# ---------------------------------------------------------------------------
# CellDict

def test_cell_dict_keeps_insertion_order_and_replaces_in_place():
    d = nn.CellDict(OrderedDict([("b", nn.Dense(2, 2)), ("a", nn.ReLU())]))
    d["c"] = nn.Tanh()
    replacement = nn.Dense(2, 3)
    d["b"] = replacement
    assert list(d) == list(d.keys()) == ["b", "a", "c"]
    assert d["b"] is replacement and list(d.values())[0] is replacement
    assert [k for k, _ in d.items()] == ["b", "a", "c"] and len(d) == 3 and "a" in d
    assert [p.name for p in d.trainable_params()] == ["b.weight", "b.bias"]
    d.update({"z": nn.Dense(3, 1)})
    d.update([("y", nn.Sigmoid())])
    d.update(nn.CellDict({"x": nn.ELU()}))
    assert list(d) == ["b", "a", "c", "z", "y", "x"]
    assert type(d.pop("a")).__name__ == "ReLU" and "a" not in d and len(d) == 5
    del d["c"]
    assert list(d) == ["b", "z", "y", "x"]
    d.clear()
    assert len(d) == 0 and list(d) == [] and d.trainable_params() == []


class _Heads(nn.Cell):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Dense(3, 4)
        self.heads = nn.CellDict({"left": nn.Dense(4, 1), "right": nn.Dense(4, 2)})

    def construct(self, x):
        h = ops.tanh(self.trunk(x))
        return self.heads["left"](h).sum() + self.heads["right"](h).sum()


def test_cell_dict_parameters_are_named_by_path_and_trained_through_it():
    net = _Heads()
    names = [p.name for p in net.trainable_params()]
    assert names == ["trunk.weight", "trunk.bias", "heads.left.weight", "heads.left.bias",
                     "heads.right.weight", "heads.right.bias"]
    net.heads["extra"] = nn.Dense(1, 1)                  # added later: the same path
    assert [p.name for p in net.trainable_params()][-2:] == ["heads.extra.weight",
                                                             "heads.extra.bias"]
    x = Tensor(rng.normal(size=(5, 3)).astype(np.float32))
    params = net.trainable_params()[:6]
    grads = ms.grad(net, None, params)(x)
    assert all(g.shape == p.shape and np.abs(g.asnumpy()).sum() > 0
               for g, p in zip(grads, params))
    opt = nn.SGD(params, learning_rate=0.1)
    before = net.heads["left"].weight.asnumpy().copy()
    opt(grads)
    np.testing.assert_allclose(net.heads["left"].weight.asnumpy(),
                               before - 0.1 * grads[2].asnumpy(), rtol=1e-6)


@pytest.mark.parametrize("call, exc, match", [
    (lambda d: d.__setitem__(1, nn.ReLU()), TypeError, r"CellDict: key must be a str, got int"),
    (lambda d: d.__setitem__("a.b", nn.ReLU()), KeyError, r"must not contain '\.'"),
    (lambda d: d.__setitem__("", nn.ReLU()), KeyError, r"must not be an empty str"),
    (lambda d: d.__setitem__("training", nn.ReLU()), KeyError,
     r"'training' is the name of an attribute of the CellDict"),
    (lambda d: d.__setitem__("keys", nn.ReLU()), KeyError, r"'keys' is the name of an attr"),
    (lambda d: d.__setitem__("k", None), TypeError, r"CellDict: cell must be a Cell, got None"),
    (lambda d: d.__setitem__("k", 3), TypeError, r"CellDict: cell must be a Cell, got int"),
    (lambda d: d.__setitem__("k", nn.CellList()), TypeError,
     r"must not be a CellDict, CellList or SequentialCell, got CellList"),
    (lambda d: d.__setitem__("k", nn.CellDict()), TypeError, r"got CellDict"),
    (lambda d: d.update(3), TypeError, r"CellDict: update expects a mapping or an iterable"),
    (lambda d: d.update([3]), TypeError, r"update's element 0 must be a \(key, cell\) pair"),
    (lambda d: d.update([("a", nn.ReLU(), 1)]), ValueError, r"got 3 items"),
    (lambda d: d.pop("missing"), KeyError, r"missing"),
    (lambda d: d(Tensor([1.0])), NotImplementedError, r"CellDict has no construct"),
])
def test_cell_dict_refuses_what_mindspore_refuses(call, exc, match):
    d = nn.CellDict({"a": nn.ReLU()})
    with pytest.raises(exc, match=match):
        call(d)
    assert list(d) == ["a"]


# ---------------------------------------------------------------------------
# Dropout1d, Dropout2d, Dropout3d: the contract (the draws are not MindSpore's)

CHANNEL_DROPOUTS = [(nn.Dropout1d, (400, 5, 3), 2), (nn.Dropout1d, (2000, 3), 1),
                    (nn.Dropout2d, (400, 5, 2, 3), 2), (nn.Dropout3d, (400, 5, 2, 1, 3), 2)]


@pytest.mark.parametrize("cls, shape, channel_axes", CHANNEL_DROPOUTS)
def test_channel_dropout_zeroes_or_scales_whole_channels_at_the_keep_rate(cls, shape,
                                                                        channel_axes):
    p = 0.3
    x = Tensor((1.0 + np.arange(np.prod(shape)) % 7).reshape(shape).astype(np.float32))
    ms.set_seed(5)
    out = cls(p=p).set_train()(x).asnumpy()
    ratio = (out / x.asnumpy()).reshape(shape[:channel_axes] + (-1,))
    # each channel of each example is one factor: 0 or 1 / (1 - p)
    np.testing.assert_allclose(ratio, np.broadcast_to(ratio[..., :1], ratio.shape), rtol=1e-6)
    factors = np.round(ratio[..., 0], 5)
    np.testing.assert_allclose(np.unique(factors), [0.0, 1 / (1 - p)], rtol=1e-5)
    n = factors.size
    dropped = np.mean(factors == 0)
    assert abs(dropped - p) < 4 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("cls, shape, channel_axes", CHANNEL_DROPOUTS)
def test_channel_dropout_is_reproducible_and_its_gradient_is_the_mask(cls, shape,
                                                                     channel_axes):
    x = Tensor(np.full(shape, 2.0, np.float32))
    drop = cls(p=0.5).set_train()
    ms.set_seed(11)
    first = drop(x).asnumpy()
    ms.set_seed(11)
    np.testing.assert_array_equal(drop(x).asnumpy(), first)
    assert not np.array_equal(drop(x).asnumpy(), first)        # the next call draws anew
    ms.set_seed(11)
    grad = ms.grad(lambda t: drop(t).sum())(x).asnumpy()
    np.testing.assert_array_equal(grad, first / 2.0)


@pytest.mark.parametrize("cls, shape", [(nn.Dropout1d, (2, 3, 4)), (nn.Dropout2d, (2, 3, 4, 4)),
                                        (nn.Dropout3d, (2, 3, 2, 2, 2))])
def test_channel_dropout_outside_training_and_at_the_ends_of_p(cls, shape):
    x = Tensor(np.ones(shape, np.float32))
    assert cls(p=0.5)(x) is x                                      # evaluation: identity
    assert cls(p=0.0).set_train()(x) is x
    assert not cls(p=1.0).set_train()(x).asnumpy().any()
    assert repr(cls(0.25)) == f"{cls.__name__}(p=0.25)"


@pytest.mark.parametrize("cls, shape, match", [
    (nn.Dropout1d, (4,), r"Dropout1d: x must have 2 or 3 dims, got 1"),
    (nn.Dropout1d, (2, 3, 4, 5), r"Dropout1d: x must have 2 or 3 dims, got 4"),
    (nn.Dropout2d, (3, 4, 4), r"Dropout2d: x must have 4 dims, got 3"),
    (nn.Dropout3d, (3, 2, 2, 2), r"Dropout3d: x must have 5 dims, got 4"),
])
def test_channel_dropout_takes_mindspores_ranks(cls, shape, match):
    with pytest.raises(ValueError, match=match):
        cls(0.5).set_train()(Tensor(np.ones(shape, np.float32)))


# ---------------------------------------------------------------------------
# BatchNorm3d and InstanceNorm3d

def test_batch_norm3d_second_derivatives_with_batch_statistics():
    bn = nn.BatchNorm3d(2, use_batch_statistics=True, gamma_init=Tensor([1.5, -0.5]),
                        beta_init=Tensor([0.1, 0.2]))
    x = Tensor(rng.normal(size=(3, 2, 2, 1, 2)).astype(np.float32))
    check_grads(bn, (x,), order=2, modes=("fwd", "rev"), weights=bn.trainable_params())


def test_instance_norm3d_against_numpy_and_its_second_derivatives():
    """MindSpore 2.10 has no CPU kernel for InstanceNorm: a NumPy formula instead."""
    x = rng.normal(size=(2, 3, 2, 3, 2)) * 2 + 1
    g, b = np.array([1.5, 0.5, -1.0]), np.array([0.2, 0.0, -0.3])
    norm = nn.InstanceNorm3d(3, eps=0.01, gamma_init=Tensor(g.astype(np.float32)),
                             beta_init=Tensor(b.astype(np.float32)))
    axes = (2, 3, 4)
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    expected = (x - mean) / np.sqrt(var + 0.01) * g[:, None, None, None] + \
        b[:, None, None, None]
    for mode in (False, True):                  # training and evaluation alike
        out = norm.set_train(mode)(Tensor(x.astype(np.float32)))
        np.testing.assert_allclose(out.asnumpy(), expected, rtol=2e-5, atol=2e-5)
    check_grads(norm, (Tensor(x.astype(np.float32)),), order=2, modes=("fwd", "rev"),
                weights=norm.trainable_params())
    with pytest.raises(ValueError, match=r"InstanceNorm3d: x must have 5 dims, got 4"):
        norm(Tensor(np.ones((2, 3, 2, 2), np.float32)))


# ---------------------------------------------------------------------------
# Softmax2d, RReLU and FastGelu

def test_softmax2d_is_softmax_over_the_channels():
    x = Tensor(rng.normal(size=(2, 3, 2, 2)))
    out = nn.Softmax2d()(x).asnumpy()
    e = np.exp(x.asnumpy())
    np.testing.assert_allclose(out, e / e.sum(1, keepdims=True), rtol=1e-12)
    check_grads(nn.Softmax2d(), (x,), order=2, modes=("fwd", "rev", "hyper"))
    for rank in (2, 5):
        with pytest.raises(ValueError, match=rf"Softmax2d: x must have 3 dims \(C, H, W\) "
                                             rf"or 4 \(N, C, H, W\), got {rank}"):
            nn.Softmax2d()(Tensor(np.ones((2,) * rank, np.float32)))


def test_fast_gelu_is_mindsporess_formula_and_smooth():
    x = np.linspace(-6, 6, 25)
    mindspore_form = x / (1 + np.exp(-1.702 * np.abs(x))) * np.exp(0.851 * (x - np.abs(x)))
    np.testing.assert_allclose(nn.FastGelu()(Tensor(x)).asnumpy(), mindspore_form, rtol=1e-12,
                               atol=1e-15)
    np.testing.assert_array_equal(nn.FastGelu()(Tensor(x)).asnumpy(),
                                  ops.fast_gelu(Tensor(x)).asnumpy())
    check_grads(nn.FastGelu(), (Tensor(x),), order=2, modes=("fwd", "rev", "hyper"))


def test_rrelu_draws_a_slope_per_negative_element_in_training_and_evaluation():
    """MindSpore 2.10's RReLU draws slopes in both modes (it has no fixed
    (lower + upper) / 2 slope for evaluation)."""
    x = np.where(np.arange(6000) % 3 == 0, 0.0, np.where(np.arange(6000) % 3 == 1, -2.0, 3.0))
    x = Tensor(x.astype(np.float32))
    for training in (True, False):
        cell = nn.RReLU(0.1, 0.4).set_train(training)
        out = cell(x).asnumpy()
        neg = x.asnumpy() < 0
        slopes = out[neg] / x.asnumpy()[neg]
        assert slopes.min() >= 0.1 and slopes.max() <= 0.4
        assert abs(slopes.mean() - 0.25) < 4 * 0.3 / np.sqrt(12 * slopes.size)
        assert len(np.unique(slopes)) > slopes.size // 2               # one draw each
        np.testing.assert_array_equal(out[~neg], np.maximum(x.asnumpy()[~neg], 0.0))


def test_rrelu_is_reproducible_and_its_gradient_is_the_slope():
    x = Tensor(np.array([-1.0, -2.0, 0.0, 3.0, -0.5], np.float32))
    cell = nn.RReLU()
    ms.set_seed(4)
    first = cell(x).asnumpy()
    ms.set_seed(4)
    np.testing.assert_array_equal(cell(x).asnumpy(), first)
    ms.set_seed(4)
    grad = ms.grad(lambda t: cell(t).sum())(x).asnumpy()
    # as MindSpore's: the slope below 0, 1 above, 0 at 0
    expected = np.where(x.asnumpy() != 0, first / np.where(x.asnumpy() != 0, x.asnumpy(), 1),
                        0.0)
    np.testing.assert_allclose(grad, expected, rtol=1e-6)
    assert grad[2] == 0.0 and grad[3] == 1.0
    equal_bounds = nn.RReLU(0.2, 0.2)(x).asnumpy()                  # lower == upper: leaky
    np.testing.assert_allclose(equal_bounds, np.where(x.asnumpy() < 0, 0.2, 1) * x.asnumpy(),
                               rtol=1e-6)


def test_rrelu_arguments_and_inputs():
    with pytest.raises(ValueError, match=r"RReLU: upper must be >= lower, got lower 0.5 and "
                                         r"upper 0.1"):
        nn.RReLU(0.5, 0.1)
    with pytest.raises(TypeError, match=r"RReLU: lower must be an int or a float, got str"):
        nn.RReLU("a", 1)
    with pytest.raises(TypeError, match=r"RReLU: x must be a float tensor, got dtype int32"):
        nn.RReLU()(Tensor(np.array([-1, 2], np.int32)))
    assert nn.RReLU()(Tensor(np.array([-1.0, 2.0]))).dtype == ms.float64


# ---------------------------------------------------------------------------
# vmap: the deterministic cells map (batch statistics are refused under vmap,
# as BatchNorm2d's are), the random ones refuse a mapped input

@pytest.mark.parametrize("make, shapes", [
    (lambda: nn.Linear(3, 2, dtype=ms.float64), [(4, 5, 3)]),
    (lambda: nn.BiDense(3, 2, 2, dtype=ms.float64), [(4, 5, 3), (4, 5, 2)]),
    (lambda: nn.Softmax2d(), [(4, 3, 2, 2)]),
    (lambda: nn.FastGelu(), [(4, 3, 2)]),
    (lambda: nn.BatchNorm3d(2, moving_mean_init=Tensor([0.5, -1.0]),      # evaluation
                            moving_var_init=Tensor([2.0, 0.5]), dtype=ms.float64),
     [(4, 3, 2, 2, 1, 2)]),
    (lambda: nn.InstanceNorm3d(2, dtype=ms.float64), [(4, 1, 2, 2, 1, 3)]),
])
def test_vmap_of_the_deterministic_cells_is_a_loop(make, shapes):
    cell = make()
    assert_vmap_is_a_loop(cell, *(rng.normal(size=s) for s in shapes), rtol=1e-12)


@pytest.mark.parametrize("cell", [nn.RReLU(), nn.Dropout1d(0.5).set_train(),
                                  nn.Dropout2d(0.5).set_train()])
def test_vmap_refuses_the_random_cells_rather_than_share_draws(cell):
    x = Tensor(np.ones((3, 2, 3, 4, 4)[:5 if isinstance(cell, nn.Dropout2d) else 4]))
    with pytest.raises(NotImplementedError, match=r"vmap: this function computes with the "
                                                  r"values of its input"):
        ms.vmap(cell)(x)
