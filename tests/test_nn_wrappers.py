"""Training wrappers (WithLossCell, WithEvalCell, WithGradCell, TrainOneStepCell) and
the docstring examples of dualgrad.nn.

Values marked "MindSpore 2.10" were returned by MindSpore 2.10 on the CPU for
the same programs (``tests/oracle/programs.py`` compares them live when
MindSpore is installed).
"""

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn

W1 = np.array([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2], [-0.6, 0.1, 0.4], [0.05, -0.3, 0.25]],
              np.float32)
B1 = np.array([0.1, -0.1, 0.05, 0.0], np.float32)
W2 = np.array([[0.3, -0.5, 0.45, 0.2]], np.float32)
B2 = np.array([0.02], np.float32)
X = Tensor(np.array([[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1], [0.0, -0.4, 1.2]],
                    np.float32))
Y = Tensor(np.array([[1.0], [-0.5], [0.25], [0.75]], np.float32))


class TwoLayer(nn.Cell):
    def __init__(self, dtype=np.float32):
        super().__init__()
        self.fc = nn.Dense(3, 4, weight_init=Tensor(W1.astype(dtype)),
                           bias_init=Tensor(B1.astype(dtype)))
        self.act = nn.Tanh()
        self.out = nn.Dense(4, 1, weight_init=Tensor(W2.astype(dtype)),
                            bias_init=Tensor(B2.astype(dtype)))

    def construct(self, x):
        return self.out(self.act(self.fc(x)))


def arrays(params):
    return [p.asnumpy().copy() for p in params]


OPTIMIZERS = {
    "SGD": lambda p: nn.SGD(p, learning_rate=0.1),
    "Momentum": lambda p: nn.Momentum(p, learning_rate=0.05, momentum=0.9),
    "Adam": lambda p: nn.Adam(p, learning_rate=0.01),
    "SGD with weight decay": lambda p: nn.SGD(p, learning_rate=0.1, weight_decay=0.01),
}


# ---------------------------------------------------------------------------
# TrainOneStepCell

@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_train_one_step_gives_the_explicit_loops_weights_bit_for_bit(name):
    make_optimizer = OPTIMIZERS[name]
    wrapped, explicit = TwoLayer(), TwoLayer()
    explicit.out.bias.requires_grad = wrapped.out.bias.requires_grad = False   # frozen too
    train = nn.TrainOneStepCell(nn.WithLossCell(wrapped, nn.MSELoss()),
                                make_optimizer(wrapped.get_parameters()))
    loss_fn, opt = nn.MSELoss(), make_optimizer(explicit.get_parameters())
    step = ms.value_and_grad(lambda x, y: loss_fn(explicit(x), y), None, opt.parameters)
    for _ in range(5):
        loss = train(X, Y)
        expected, grads = step(X, Y)
        opt(grads)
        assert loss.dtype == ms.float32 and loss.shape == ()
        assert loss.asnumpy().tobytes() == expected.asnumpy().tobytes()
    for a, b in zip(arrays(wrapped.get_parameters()), arrays(explicit.get_parameters())):
        assert a.tobytes() == b.tobytes()
    if "decay" not in name:      # (weight decay moves a frozen parameter too)
        assert np.array_equal(wrapped.out.bias.asnumpy(), B2)


# MindSpore 2.10: the loss of each of 4 steps of TrainOneStepCell on TwoLayer
MINDSPORE_LOSSES = {
    "SGD": [0.016049929, 0.00640657125, 0.00266123377, 0.00121437886],
    "Momentum": [0.016049929, 0.0106693441, 0.00405413611, 0.000496385503],
    "Adam": [0.016049929, 0.0061993394, 0.00138140866, 0.000896951766],
}


@pytest.mark.parametrize("name", list(MINDSPORE_LOSSES))
def test_train_one_step_matches_mindspore(name):
    net = TwoLayer()
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                OPTIMIZERS[name](net.trainable_params()))
    losses = [train(X, Y).item() for _ in range(4)]
    np.testing.assert_allclose(losses, MINDSPORE_LOSSES[name], rtol=2e-6)


def test_sens_scales_the_gradients_and_not_the_loss_as_mindspore():
    net = TwoLayer()
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                nn.SGD(net.trainable_params(), learning_rate=0.1), sens=2.5)
    losses = [train(X, Y).item() for _ in range(4)]
    # MindSpore 2.10
    np.testing.assert_allclose(losses, [0.016049929, 0.000389477646, 0.000293063116,
                                        0.000259569089], rtol=1e-5)
    expected = [
        [[0.206352994, -0.40511471, 0.11322052], [0.490604937, 0.311738551, -0.228854671],
         [-0.59147644, 0.0877245963, 0.428394437], [0.0544222929, -0.303230852, 0.258508861]],
        [0.11148002, -0.120893352, 0.0688696206, 0.00769402599],
        [[0.327173442, -0.515408337, 0.463440895, 0.224949315]], [0.0765202194]]
    for p, want in zip(net.trainable_params(), expected):
        np.testing.assert_allclose(p.asnumpy(), want, rtol=2e-6, atol=1e-7)


def test_sens_fills_the_cotangent_of_the_losss_shape_and_dtype():
    net = TwoLayer(np.float64)
    with_loss = nn.WithLossCell(net, nn.MSELoss(reduction='none'))
    weights = net.trainable_params()
    train = nn.TrainOneStepCell(with_loss, nn.SGD(weights, learning_rate=0.0), sens=0.3,
                                return_grad=True)
    loss, grads = train(X.astype(ms.float64), Y.astype(ms.float64))
    assert loss.shape == (4, 1) and loss.dtype == ms.float64
    sens = Tensor(np.full((4, 1), 0.3))
    expected = ms.grad(with_loss, None, weights, sens_param=True)(X.astype(ms.float64),
                                                                  Y.astype(ms.float64), sens)
    assert list(grads) == ["fc.weight", "fc.bias", "out.weight", "out.bias"]
    for g, e in zip(grads.values(), expected):
        assert g.dtype == ms.float64
        assert g.asnumpy().tobytes() == e.asnumpy().tobytes()


def test_return_grad_gives_the_gradients_by_parameter_name():
    net = TwoLayer()
    opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
    loss, grads = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt,
                                      return_grad=True)(X, Y)
    assert loss.item() == pytest.approx(0.016049929, rel=2e-6)          # MindSpore 2.10
    assert sorted(grads) == ["fc.bias", "fc.weight", "out.bias", "out.weight"]
    np.testing.assert_allclose(grads["fc.bias"].asnumpy(),
                               [-0.0491302535, 0.0859924406, -0.0751843825, -0.0328942165],
                               rtol=2e-6, atol=1e-8)
    # the update used these gradients
    np.testing.assert_array_equal(
        net.fc.bias.asnumpy(), B1 - np.float32(0.1) * grads["fc.bias"].asnumpy())


def test_a_loss_with_a_laplacian_inside_trains_as_the_explicit_loop():
    # A PINN residual -Δu = f: the transform inside the loss is differentiated
    # again with respect to the weights by the wrapper's reverse pass.
    class Residual(nn.Cell):
        def __init__(self, net):
            super().__init__(auto_prefix=False)
            self.net = net

        def construct(self, points, f):
            return ((ms.laplacian(self.net)(points) + f) ** 2).mean()

    def make():
        ms.set_seed(3)
        return nn.SequentialCell(nn.Dense(2, 8, activation='tanh', dtype=ms.float64),
                                 nn.Dense(8, 1, dtype=ms.float64))
    points = Tensor(np.random.default_rng(1).uniform(0, 1, (16, 2)))
    f = Tensor(np.ones(16))
    a, b = make(), make()
    train = nn.TrainOneStepCell(Residual(a), nn.Adam(a.trainable_params(), 1e-2))
    opt = nn.Adam(b.trainable_params(), 1e-2)
    step = ms.value_and_grad(Residual(b), None, opt.parameters)
    for _ in range(3):
        loss = train(points, f)
        expected, grads = step(points, f)
        opt(grads)
        assert loss.item() == expected.item()
    for p, q in zip(a.trainable_params(), b.trainable_params()):
        assert np.array_equal(p.asnumpy(), q.asnumpy())


def test_a_network_with_several_outputs_trains_on_their_sum():
    class Two(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(Tensor(np.array([2.0])), name='w')

        def construct(self, x):
            return (self.w * x).sum(), (self.w * self.w).sum()
    net = Two()
    loss, grads = nn.TrainOneStepCell(net, nn.SGD(net.trainable_params(), 0.1), sens=3.0,
                                      return_grad=True)(Tensor(np.array([5.0])))
    assert [v.item() for v in loss] == [10.0, 4.0]
    assert grads["w"].asnumpy().tolist() == [3.0 * (5.0 + 4.0)]
    assert net.w.asnumpy().tolist() == [2.0 - 0.1 * 27.0]


# ---------------------------------------------------------------------------
# Names, printing, modes, checkpoints (MindSpore 2.10)

# SGD's own Parameters, with MindSpore 2.10's names, for TwoLayer's weights
SGD_STATE = ["global_step", "learning_rate", "momentum"] + [
    f"{kind}.{layer}.{part}" for kind in ("accum", "stat") for layer in ("fc", "out")
    for part in ("weight", "bias")]


def wrapped_twolayer():
    net = TwoLayer()
    with_loss = nn.WithLossCell(net, nn.MSELoss())
    train = nn.TrainOneStepCell(with_loss, nn.SGD(net.trainable_params(), 0.1))
    return net, with_loss, train


def test_wrappers_keep_the_networks_parameter_names():
    net, with_loss, train = wrapped_twolayer()
    own = ["fc.weight", "fc.bias", "out.weight", "out.bias"]
    assert [p.name for p in train.trainable_params()] == own
    # as in MindSpore, the optimizer's state follows under the attribute's prefix
    assert [n for n, _ in train.parameters_and_names()] == own + [
        "optimizer." + n for n in SGD_STATE]
    assert [n for n, _ in with_loss.parameters_and_names()] == ["_backbone." + n for n in own]
    evaluate = nn.WithEvalCell(net, nn.MSELoss())
    assert [n for n, _ in evaluate.parameters_and_names()] == ["_network." + n for n in own]
    assert [p.name for p in evaluate.trainable_params()] == own
    assert [n for n, _ in train.cells_and_names()] == [
        "", "network", "network._backbone", "network._backbone.fc", "network._backbone.act",
        "network._backbone.out", "network._loss_fn", "optimizer", "grad_reducer"]
    grad_cell = nn.WithGradCell(net, nn.MSELoss())
    assert [n for n, _ in grad_cell.parameters_and_names()] == own
    assert with_loss.backbone_network is net


def test_checkpoints_of_a_wrapper_load_into_the_bare_network(tmp_path):
    net, _, train = wrapped_twolayer()
    train(X, Y)
    path = str(tmp_path / "trained.ckpt")
    ms.save_checkpoint(train, path)
    params = ms.load_checkpoint(path)
    # MindSpore's names: the network's own, then the optimizer's state
    assert list(params) == ["fc.weight", "fc.bias", "out.weight", "out.bias"] + SGD_STATE
    fresh = nn.Dense(1, 1)     # a different network of another shape is refused ...
    with pytest.raises(ValueError):
        ms.load_param_into_net(fresh, params, strict_load=True)
    bare = TwoLayer()          # ... the bare network takes them under its own names
    assert ms.load_param_into_net(bare, params) == ([], SGD_STATE)
    for p, q in zip(bare.trainable_params(), net.trainable_params()):
        assert np.array_equal(p.asnumpy(), q.asnumpy())


def test_reprs():
    _, with_loss, train = wrapped_twolayer()
    backbone = ("TwoLayer(\n"
                "  (fc): Dense(input_channels=3, output_channels=4, has_bias=True)\n"
                "  (act): Tanh()\n"
                "  (out): Dense(input_channels=4, output_channels=1, has_bias=True)\n"
                ")")
    indent = backbone.replace("\n", "\n  ")
    assert repr(with_loss) == (f"WithLossCell(\n  (_backbone): {indent}\n"
                               "  (_loss_fn): MSELoss()\n)")
    inner = repr(with_loss).replace("\n", "\n  ")
    assert repr(train) == (f"TrainOneStepCell(\n  (network): {inner}\n"
                           "  (optimizer): SGD()\n  (grad_reducer): Identity()\n)")
    assert repr(nn.WithEvalCell(TwoLayer(), nn.MSELoss())) == (
        f"WithEvalCell(\n  (_network): {indent}\n  (_loss_fn): MSELoss()\n)")
    assert repr(nn.WithLossCell(lambda x: x, nn.L1Loss())) == (
        "WithLossCell(\n  (_loss_fn): L1Loss()\n)")        # a function is not a sub-cell
    assert repr(nn.Identity(3, key=1)) == "Identity()"


def test_training_mode_is_left_alone_except_by_with_grad_cell():
    net, with_loss, train = wrapped_twolayer()
    train(X, Y)
    assert not (train.training or with_loss.training or net.training)
    assert train.network.requires_grad          # set_grad, as MindSpore's
    nn.WithEvalCell(net, nn.MSELoss())
    assert not net.training
    nn.WithGradCell(net, nn.MSELoss())
    assert net.training and net.fc.training


# ---------------------------------------------------------------------------
# WithLossCell, WithEvalCell, WithGradCell

def trained_one_sgd_step():
    net = TwoLayer()
    nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(),
                                                                   0.1))(X, Y)
    return net


def test_with_eval_cell_returns_loss_outputs_and_label():
    net = trained_one_sgd_step()
    loss, out, label = nn.WithEvalCell(net, nn.MSELoss())(X, Y)
    assert np.array_equal(out.asnumpy(), net(X).asnumpy())
    assert label is Y
    assert loss.item() == nn.MSELoss()(net(X), Y).item()
    # add_cast_fp32: float labels (and outputs) become float32, integer labels stay
    cast = nn.WithEvalCell(net, nn.MSELoss(), add_cast_fp32=True)
    loss, out, label = cast(X, Tensor(np.ones((4, 1), np.float16)))
    assert (loss.dtype, out.dtype, label.dtype) == (ms.float32, ms.float32, ms.float32)
    assert loss.item() == pytest.approx(0.7758806347846985, rel=2e-6)   # MindSpore 2.10
    in_float64 = nn.WithEvalCell(TwoLayer(np.float64), nn.MSELoss(), add_cast_fp32=True)
    loss, out, label = in_float64(X.astype(ms.float64), Y.astype(ms.float64))
    assert (loss.dtype, out.dtype, label.dtype) == (ms.float32, ms.float32, ms.float32)
    first = nn.WithEvalCell(TwoLayer(), lambda out, label: out[0, 0], add_cast_fp32=True)
    assert first(X, Tensor(np.array([0, 2], np.int32)))[2].dtype == ms.int32


def test_with_grad_cell_gives_the_trainable_parameters_gradients():
    net = trained_one_sgd_step()
    grads = nn.WithGradCell(net, nn.MSELoss())(X, Y)
    expected = ms.grad(nn.WithLossCell(net, nn.MSELoss()), None, net.trainable_params())(X, Y)
    assert isinstance(grads, tuple) and len(grads) == 4
    for g, e in zip(grads, expected):
        assert np.array_equal(g.asnumpy(), e.asnumpy())
    np.testing.assert_allclose(grads[1].asnumpy(),                        # MindSpore 2.10
                               [-0.0302162878, 0.0518309511, -0.0458117127, -0.0205669254],
                               rtol=2e-6)
    # a loss network and a sens Tensor (MindSpore 2.10: 3 times the gradient)
    scaled = nn.WithGradCell(nn.WithLossCell(net, nn.MSELoss()), sens=Tensor(np.float32(3.0)))
    for g, e in zip(scaled(X, Y), expected):
        np.testing.assert_allclose(g.asnumpy(), 3 * e.asnumpy(), rtol=1e-6)


# ---------------------------------------------------------------------------
# Misuse

def test_bad_arguments_are_refused_naming_them():
    net = TwoLayer()
    opt = nn.SGD(net.trainable_params(), 0.1)
    loss_net = nn.WithLossCell(net, nn.MSELoss())
    cases = [
        (lambda: nn.WithLossCell(3, nn.MSELoss()), TypeError, "WithLossCell: backbone"),
        (lambda: nn.WithLossCell(net, "mse"), TypeError, "WithLossCell: loss_fn"),
        (lambda: nn.WithEvalCell(net, None), TypeError, "WithEvalCell: loss_fn"),
        (lambda: nn.WithEvalCell(net, nn.MSELoss(), add_cast_fp32=1), TypeError,
         "add_cast_fp32"),
        (lambda: nn.WithGradCell(lambda x: x), TypeError, "WithGradCell: network"),
        (lambda: nn.WithGradCell(net, 3), TypeError, "WithGradCell: loss_fn"),
        (lambda: nn.WithGradCell(net, nn.MSELoss(), sens="1"), TypeError, "WithGradCell: sens"),
        (lambda: nn.TrainOneStepCell(lambda x: x, opt), TypeError, "TrainOneStepCell: network"),
        (lambda: nn.TrainOneStepCell(loss_net, net), TypeError, "TrainOneStepCell: optimizer"),
        (lambda: nn.TrainOneStepCell(loss_net, 0.1), TypeError, "TrainOneStepCell: optimizer"),
        (lambda: nn.TrainOneStepCell(loss_net, opt, sens=0), ValueError, "sens must not be 0"),
        (lambda: nn.TrainOneStepCell(loss_net, opt, sens="a"), TypeError, "sens must be a number"),
        (lambda: nn.TrainOneStepCell(loss_net, opt, sens=True), TypeError, "sens"),
        (lambda: nn.TrainOneStepCell(loss_net, opt, sens=float("nan")), ValueError, "finite"),
        (lambda: nn.TrainOneStepCell(loss_net, opt, return_grad=1), TypeError, "return_grad"),
    ]
    for make, error, match in cases:
        with pytest.raises(error, match=match):
            make()


def test_a_failing_step_leaves_the_weights_alone():
    net = TwoLayer()
    before = arrays(net.trainable_params())
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                nn.SGD(net.trainable_params(), 0.1))
    with pytest.raises(ValueError, match="in_channels"):
        train(Tensor(np.ones((4, 5), np.float32)), Y)
    for a, b in zip(arrays(net.trainable_params()), before):
        assert np.array_equal(a, b)
    train(X, Y)            # and the next step works
    assert not np.array_equal(net.fc.weight.asnumpy(), W1)
