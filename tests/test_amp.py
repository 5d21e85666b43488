"""ms.amp (loss scalers, all_finite, auto_mixed_precision), the loss-scale managers and
nn's loss-scale cells, against sequences captured from MindSpore 2.10 (CPU, PyNative)."""
import warnings

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn
from dualgrad.train import loss_scale_manager


# --------------------------------------------------------------------------- scalers

# (scale_value, scale_factor, scale_window, grads_finite pattern) -> [(scale, counter)]
# after each adjust, as MindSpore 2.10's amp.DynamicLossScaler gives them.
SCALER_SEQUENCES = [
    ((1024, 2, 2, [True, True, True, False, True, True, False, False]),
     [(1024.0, 1), (2048.0, 0), (2048.0, 1), (1024.0, 0), (1024.0, 1), (2048.0, 0),
      (1024.0, 0), (512.0, 0)]),
    ((3.0, 3, 1, [True, True, False, False, False, False, False]),
     [(9.0, 0), (27.0, 0), (9.0, 0), (3.0, 0), (1.0, 0), (1.0, 0), (1.0, 0)]),
    # the grown scale 2**128 is inf in float32: the scale stays
    ((2.0 ** 127, 2, 1, [True, True, False, True]),
     [(1.7014118346046923e+38, 0), (1.7014118346046923e+38, 0), (8.507059173023462e+37, 0),
      (1.7014118346046923e+38, 0)]),
    # shrinking stops at 1 (1.5 / 2 -> 1)
    ((1.5, 2, 3, [False, False, True]), [(1.0, 0), (1.0, 0), (1.0, 1)]),
]


@pytest.mark.parametrize("args, expected", SCALER_SEQUENCES)
def test_dynamic_loss_scaler_follows_mindspores_sequences(args, expected):
    scale_value, factor, window, pattern = args
    scaler = ms.amp.DynamicLossScaler(scale_value, factor, window)
    got = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for finite in pattern:
            assert scaler.adjust(Tensor(finite)) is True
            got.append((scaler.scale_value.asnumpy().item(), scaler.counter.asnumpy().item()))
    assert got == expected


def test_scaler_state_is_mindspores_parameters():
    scaler = ms.amp.DynamicLossScaler(1024, 2, 2)
    assert isinstance(scaler.scale_value, ms.Parameter)
    assert (scaler.scale_value.name, scaler.scale_value.dtype, scaler.scale_value.shape) == \
        ("scale_value", ms.float32, ())
    assert (scaler.counter.name, scaler.counter.dtype, scaler.counter.shape) == \
        ("counter", ms.int32, ())
    assert isinstance(ms.amp.StaticLossScaler(4), ms.amp.LossScaler)
    assert ms.amp.StaticLossScaler(4).scale_value.dtype == ms.float32
    # a Python bool is accepted as grads_finite
    scaler.adjust(True)
    assert scaler.counter.asnumpy().item() == 1


def test_static_loss_scaler_scales_and_never_adjusts():
    scaler = ms.amp.StaticLossScaler(scale_value=2 ** 10)
    assert scaler.scale(Tensor([1.0])).asnumpy().tolist() == [1024.0]
    grads = (Tensor(np.array([1.5, 1.0], np.float16)), Tensor(np.array([1.2], np.float16)))
    unscaled = scaler.unscale(grads)
    assert isinstance(unscaled, tuple) and unscaled[0].dtype == ms.float16
    # MindSpore: [1.4648e-03, 9.7656e-04], [1.1721e-03]
    np.testing.assert_array_equal(unscaled[0].asnumpy(), np.float16([1.5, 1.0]) / np.float16(1024))
    np.testing.assert_array_equal(unscaled[1].asnumpy(), np.float16([1.2]) / np.float16(1024))
    assert scaler.adjust(Tensor(True)) is False
    assert scaler.scale_value.asnumpy().item() == 1024.0


def test_scale_and_unscale_keep_containers_and_dtypes():
    scaler = ms.amp.DynamicLossScaler(1024, 2, 2)
    scaled = scaler.scale((Tensor([1.0, 2.0]), Tensor(np.array([3.0], np.float16))))
    assert isinstance(scaled, tuple)
    assert scaled[0].asnumpy().tolist() == [1024.0, 2048.0] and scaled[0].dtype == ms.float32
    assert scaled[1].asnumpy().tolist() == [3072.0] and scaled[1].dtype == ms.float16
    unscaled = scaler.unscale([Tensor([1.0, 2.0]), Tensor(np.array([3.0], np.float16))])
    assert isinstance(unscaled, list)
    assert unscaled[0].asnumpy().tolist() == [0.0009765625, 0.001953125]
    assert unscaled[1].asnumpy().tolist() == [np.float16(3.0 / 1024)]
    # float64: the reciprocal is taken in float32 and cast, as MindSpore does
    third = ms.amp.StaticLossScaler(3.0).unscale(Tensor(np.array([1.0], np.float64)))
    assert third.asnumpy()[0] == np.float64(np.float32(1) / np.float32(3))
    # integers: MindSpore multiplies by the scale cast to the integer dtype
    assert scaler.scale(Tensor([1, 2])).asnumpy().tolist() == [1024, 2048]


def test_scaled_loss_differentiates():
    scaler = ms.amp.StaticLossScaler(8)
    g = ms.grad(lambda x: scaler.scale(x * x))(Tensor([3.0]))
    assert g.asnumpy().tolist() == [48.0]


# --------------------------------------------------------------------------- all_finite

@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_all_finite(dtype):
    ok = (Tensor(np.array([1.0, -2.0], dtype)), Tensor(np.array([[0.5]], dtype)))
    result = ms.amp.all_finite(ok)
    assert result.dtype == ms.bool_ and result.shape == () and result.item() is True
    for bad in (np.inf, -np.inf, np.nan):
        inputs = [Tensor(np.array([1.0], dtype)), Tensor(np.array([2.0, bad], dtype))]
        assert ms.amp.all_finite(inputs).item() is False
    # overflow in float16 itself
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        doubled = Tensor(np.array([60000.0], np.float16)) * 2
    assert ms.amp.all_finite((doubled,)).item() is False
    assert ms.amp.all_finite((Tensor([1, 2]),)).item() is True


def test_all_finite_bad_inputs():
    with pytest.raises(TypeError, match="inputs"):
        ms.amp.all_finite(Tensor([1.0]))
    with pytest.raises(ValueError, match="inputs"):
        ms.amp.all_finite(())
    with pytest.raises(TypeError, match="inputs"):
        ms.amp.all_finite((1.0,))


# --------------------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("make, error, name", [
    (lambda: ms.amp.DynamicLossScaler(0.5, 2, 2), ValueError, "scale_value"),
    (lambda: ms.amp.DynamicLossScaler(True, 2, 2), TypeError, "scale_value"),
    (lambda: ms.amp.DynamicLossScaler("a", 2, 2), TypeError, "scale_value"),
    (lambda: ms.amp.DynamicLossScaler(4, 2.0, 2), TypeError, "scale_factor"),
    (lambda: ms.amp.DynamicLossScaler(4, 0, 2), ValueError, "scale_factor"),
    (lambda: ms.amp.DynamicLossScaler(4, 2, 0), ValueError, "scale_window"),
    (lambda: ms.amp.DynamicLossScaler(4, 2, True), TypeError, "scale_window"),
    (lambda: ms.amp.DynamicLossScaler(4, 2, 2.0), TypeError, "scale_window"),
    (lambda: ms.amp.StaticLossScaler(0.5), ValueError, "scale_value"),
    (lambda: ms.amp.StaticLossScaler(float("nan")), ValueError, "scale_value"),
    (lambda: ms.DynamicLossScaleManager(0.5), ValueError, "init_loss_scale"),
    (lambda: ms.DynamicLossScaleManager(4, 0), ValueError, "scale_factor"),
    (lambda: ms.DynamicLossScaleManager(4, 2, 0), ValueError, "scale_window"),
    (lambda: ms.DynamicLossScaleManager(4, 2, 2.0), TypeError, "scale_window"),
    (lambda: ms.FixedLossScaleManager(0.5), ValueError, "loss_scale"),
    (lambda: ms.FixedLossScaleManager("8"), TypeError, "loss_scale"),
    (lambda: ms.FixedLossScaleManager(8, drop_overflow_update=1), TypeError,
     "drop_overflow_update"),
    (lambda: nn.DynamicLossScaleUpdateCell(8, 0, 2), ValueError, "scale_factor"),
    (lambda: nn.DynamicLossScaleUpdateCell(8, 2, 0), ValueError, "scale_window"),
    (lambda: nn.DynamicLossScaleUpdateCell("8", 2, 2), TypeError, "loss_scale_value"),
    (lambda: nn.FixedLossScaleUpdateCell(None), TypeError, "loss_scale_value"),
    (lambda: ms.amp.auto_mixed_precision(nn.Dense(2, 2), "O4"), ValueError, "amp_level"),
    (lambda: ms.amp.auto_mixed_precision(nn.Dense(2, 2), "O0", ms.float32), ValueError,
     "dtype"),
    (lambda: ms.amp.auto_mixed_precision(lambda x: x, "O0"), TypeError, "network"),
])
def test_bad_arguments_name_the_argument(make, error, name):
    with pytest.raises(error, match=name):
        make()


def test_train_cell_bad_scale_sense():
    net = nn.Dense(2, 1)
    opt = nn.SGD(net.trainable_params())
    with pytest.raises(TypeError, match="scale_sense"):
        nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), opt, 3.0)
    with pytest.raises(ValueError, match="scale_sense"):
        nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), opt,
                                         Tensor([2.0, 3.0]))
    train = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), opt,
                                             Tensor(np.float32(4.0)))
    with pytest.raises(TypeError, match="sens"):
        train.set_sense_scale(8.0)
    train.set_sense_scale(Tensor(np.float32(8.0)))
    assert train.scale_sense.item() == 8.0


# --------------------------------------------------------------------------- auto_mixed_precision

def test_auto_mixed_precision_o0_and_the_refused_levels():
    net = nn.Dense(2, 1)
    assert ms.amp.auto_mixed_precision(net) is net
    assert ms.amp.auto_mixed_precision(net, "O0", ms.float16) is net
    for level in ("O1", "O2", "O3", "auto"):
        with pytest.raises(NotImplementedError, match=level):
            ms.amp.auto_mixed_precision(net, level)


def test_white_and_black_lists_are_copies():
    white, black = ms.amp.get_white_list(), ms.amp.get_black_list()
    assert nn.Dense in white and nn.Conv2d in white and ms.ops.MatMul in white
    assert black == [nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm]
    white.clear()
    assert nn.Dense in ms.amp.get_white_list()


# --------------------------------------------------------------------------- managers

def test_dynamic_manager_follows_mindspore():
    manager = ms.DynamicLossScaleManager(16, 2, 3)
    seq = []
    for overflow in [False, False, False, True, False, False, False, False, True, True, True,
                     True, True, True]:
        manager.update_loss_scale(overflow)
        seq.append(manager.get_loss_scale())
    # MindSpore 2.10's values and their Python types
    expected = [16, 16, 32, 16.0, 16.0, 16.0, 32.0, 32.0, 16.0, 8.0, 4.0, 2.0, 1.0, 1]
    assert seq == expected and [type(v) for v in seq] == [type(v) for v in expected]
    assert manager.get_drop_overflow_update() is True
    cell = manager.get_update_cell()
    assert isinstance(cell, nn.DynamicLossScaleUpdateCell) and cell.get_loss_scale() == 1
    assert ms.DynamicLossScaleManager().get_loss_scale() == 2 ** 24
    assert ms.DynamicLossScaleManager(4, 1.5, 2).get_update_cell().scale_factor.item() == 1.5


def test_dynamic_manager_gives_up_after_1000_overflows():
    manager = ms.DynamicLossScaleManager(4, 2, 2)
    for _ in range(1000):
        manager.update_loss_scale(True)
    with pytest.raises(RuntimeError, match="1001"):
        manager.update_loss_scale(True)


def test_fixed_manager():
    manager = ms.FixedLossScaleManager()
    assert manager.get_loss_scale() == 128.0 and manager.get_drop_overflow_update() is True
    manager.update_loss_scale(True)
    assert manager.get_loss_scale() == 128.0
    cell = manager.get_update_cell()
    assert isinstance(cell, nn.FixedLossScaleUpdateCell) and cell.get_loss_scale() == 128.0
    assert ms.FixedLossScaleManager(8, False).get_update_cell() is None
    assert ms.FixedLossScaleManager(8, False).get_drop_overflow_update() is False


def test_manager_import_paths():
    assert ms.amp.FixedLossScaleManager is ms.FixedLossScaleManager \
        is loss_scale_manager.FixedLossScaleManager is ms.train.FixedLossScaleManager
    assert ms.amp.DynamicLossScaleManager is ms.DynamicLossScaleManager
    assert issubclass(ms.DynamicLossScaleManager, ms.amp.LossScaleManager)


# --------------------------------------------------------------------------- update cells

def test_dynamic_update_cell_follows_mindspore():
    update = nn.DynamicLossScaleUpdateCell(8, 2, 3)
    scale = ms.Parameter(Tensor(8.0, ms.float32), name="s")
    got = []
    for overflow in [False, False, False, True, False, False, False, True, True, True, True,
                     True, True]:
        out = update(scale, Tensor(overflow))
        assert out.item() is overflow
        got.append((scale.item(), update.cur_iter.item(), update.last_overflow_iter.item()))
    assert got == [(8.0, 2, 0), (8.0, 3, 0), (16.0, 4, 3), (8.0, 5, 4), (8.0, 6, 4),
                   (8.0, 7, 4), (16.0, 8, 7), (8.0, 9, 8), (4.0, 10, 9), (2.0, 11, 10),
                   (1.0, 12, 11), (1.0, 13, 12), (1.0, 14, 13)]
    assert [(n, p.name, p.dtype) for n, p in update.parameters_and_names()] == [
        ("cur_iter", "current_iterator_step", ms.int32),
        ("last_overflow_iter", "last_overflow_iterator_step", ms.int32)]
    assert scale.dtype == ms.float32


def test_fixed_update_cell_returns_overflow():
    scale = ms.Parameter(Tensor(8.0), name="s")
    assert nn.FixedLossScaleUpdateCell(8.0)(scale, Tensor(True)).item() is True
    assert scale.item() == 8.0


# --------------------------------------------------------------------------- training

W = np.array([[0.5, -0.25]], np.float32)
X = Tensor(np.array([[1.0, 2.0], [3.0, -1.0]], np.float32))
Y = Tensor(np.array([[0.5], [1.0]], np.float32))


def _net(dtype=np.float32):
    return nn.Dense(2, 1, weight_init=Tensor(W.astype(dtype)),
                    bias_init=Tensor(np.array([0.1], dtype)),
                    dtype=ms.float16 if dtype == np.float16 else ms.float32)


def _loss_scale_train(scale_sense, dtype=np.float32, lr=0.1):
    net = _net(dtype)
    opt = nn.SGD(net.trainable_params(), learning_rate=lr)
    return net, nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), opt,
                                                 scale_sense)


def test_loss_scale_training_follows_mindspore():
    net, train = _loss_scale_train(nn.DynamicLossScaleUpdateCell(2 ** 12, 2, 2))
    # MindSpore 2.10 (its Ascend IsFinite overflow check, run on CPU)
    expected = [
        (0.4412500262260437, 4096.0, [[0.2849999666213989, -0.08499999344348907]],
         [0.054999999701976776]),
        (0.054462507367134094, 8192.0, [[0.31949999928474426, -0.0195000022649765]],
         [0.0885000079870224]),
        (0.010791626758873463, 8192.0, [[0.3126499652862549, 0.013350002467632294]],
         [0.09494999796152115]),
        (0.00234934501349926, 16384.0, [[0.313355028629303, 0.028444992378354073]],
         [0.09956501424312592]),
        (0.0005182704771868885, 16384.0, [[0.3130185008049011, 0.03560149669647217]],
         [0.10146550834178925])]
    for want in expected:
        loss, cond, scale = train(X, Y)
        assert cond.dtype == ms.bool_ and cond.shape == () and cond.item() is False
        assert scale is train.scale_sense
        got = (loss.item(), scale.item(), net.weight.asnumpy().tolist(),
               net.bias.asnumpy().tolist())
        np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
        assert got[1] == want[1]
        np.testing.assert_allclose(got[2], want[2], rtol=1e-6)
        np.testing.assert_allclose(got[3], want[3], rtol=1e-6)
    assert [n for n, _ in train.parameters_and_names()] == [
        'weight', 'bias', 'scale_sense', 'optimizer.global_step', 'optimizer.learning_rate',
        'optimizer.momentum', 'optimizer.accum.weight', 'optimizer.accum.bias',
        'optimizer.stat.weight', 'optimizer.stat.bias', 'loss_scaling_manager.cur_iter',
        'loss_scaling_manager.last_overflow_iter']


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("scale", [2.0 ** 10, 1.0, 2.0 ** -3 * 64])
def test_finite_steps_equal_train_one_step_cell_bit_for_bit(dtype, scale):
    net, train = _loss_scale_train(Tensor(np.float32(scale)), dtype)
    ref = _net(dtype)
    ref_train = nn.TrainOneStepCell(nn.WithLossCell(ref, nn.MSELoss()),
                                    nn.SGD(ref.trainable_params(), learning_rate=0.1))
    x, y = X.astype(ms.float16 if dtype == np.float16 else ms.float32), \
        Y.astype(ms.float16 if dtype == np.float16 else ms.float32)
    for _ in range(4):
        loss, cond, _ = train(x, y)
        ref_loss = ref_train(x, y)
        assert cond.item() is False
        assert loss.asnumpy().tobytes() == ref_loss.asnumpy().tobytes()
        for p, q in zip(net.trainable_params(), ref.trainable_params()):
            assert p.asnumpy().dtype == dtype
            assert p.asnumpy().tobytes() == q.asnumpy().tobytes()


def test_an_overflow_skips_the_update_and_drops_the_scale():
    # float16: a scale of 2**20 is inf in the loss's dtype, so the gradients overflow
    net, train = _loss_scale_train(nn.DynamicLossScaleUpdateCell(2.0 ** 20, 2, 1000),
                                   np.float16)
    x, y = X.astype(ms.float16), Y.astype(ms.float16)
    before = [p.asnumpy().copy() for p in net.trainable_params()]
    scales = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for _ in range(10):
            loss, cond, scale = train(x, y)
            scales.append(scale.item())
            if not cond.item():
                break
            for p, b in zip(net.trainable_params(), before):
                np.testing.assert_array_equal(p.asnumpy(), b)
            assert train.optimizer.global_step.asnumpy().tolist() == [0]
    # the scale halves on each overflow (2**16 and up are inf in float16, and the
    # gradients times 2**15 pass float16's 65504) and stays once the step is finite
    assert scales == [2.0 ** k for k in (19, 18, 17, 16, 15, 14, 14)]
    assert train.optimizer.global_step.asnumpy().tolist() == [1]
    assert not np.array_equal(net.weight.asnumpy(), before[0])


def test_an_inf_loss_with_a_fixed_scale_skips_the_update():
    net, train = _loss_scale_train(ms.FixedLossScaleManager(1024.0).get_update_cell())
    big = Tensor(np.array([[1e30, 2.0], [3.0, -1.0]], np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        loss, cond, scale = train(big, Y)
    assert np.isinf(loss.item()) and cond.item() is True and scale.item() == 1024.0
    np.testing.assert_array_equal(net.weight.asnumpy(), W)
    # a Tensor scale of shape (1,) is kept as it is, also on overflow
    net, train = _loss_scale_train(Tensor(np.array([np.inf], np.float32)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        loss, cond, scale = train(X, Y)
    assert cond.item() is True and scale.shape == (1,) and np.isinf(scale.asnumpy()[0])
    np.testing.assert_array_equal(net.weight.asnumpy(), W)


def test_overflow_status_helpers():
    _, train = _loss_scale_train(Tensor(np.float32(2.0)))
    status, same = train.start_overflow_check(None, X)
    assert status.shape == (8,) and same is X
    assert train.get_overflow_status(status, (X, Tensor([np.nan]))).item() is True
    assert train.get_overflow_status(status, (X,)).item() is False
    assert train.process_loss_scale(Tensor(True)).item() is True


def test_a_checkpoint_resumes_loss_scale_training(tmp_path):
    def make():
        return _loss_scale_train(nn.DynamicLossScaleUpdateCell(2 ** 12, 2, 2))

    net, train = make()
    for _ in range(3):
        train(X, Y)
    path = str(tmp_path / "train.ckpt")
    ms.save_checkpoint(train, path)
    names = set(ms.load_checkpoint(path))
    assert {"scale_sense", "current_iterator_step", "last_overflow_iterator_step"} <= names
    net2, train2 = make()
    ms.load_param_into_net(train2, ms.load_checkpoint(path))
    for _ in range(3):
        a, b = train(X, Y), train2(X, Y)
        assert a[0].item() == b[0].item() and a[2].item() == b[2].item()
    for p, q in zip(net.trainable_params(), net2.trainable_params()):
        np.testing.assert_array_equal(p.asnumpy(), q.asnumpy())
    assert train2.loss_scaling_manager.cur_iter.item() == 7
