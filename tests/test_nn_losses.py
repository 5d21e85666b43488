"""SmoothL1Loss, HuberLoss, SoftmaxCrossEntropyWithLogits and CrossEntropyLoss.

Values marked "MindSpore 2.10" were returned by MindSpore 2.10 on the CPU
(``tests/oracle/programs.py`` compares these losses live when MindSpore is
installed); the rest are checked against NumPy written out here.
"""
import warnings

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn
from dualgrad.testing import check_grads

P = np.array([0.0, 0.5, 1.0, 2.0, -3.0, 1.5])
T = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 3.0])


def smooth_l1(d, beta):
    return np.where(np.abs(d) < beta, 0.5 * d * d / beta, np.abs(d) - 0.5 * beta)


# ---------------------------------------------------------------------------
# SmoothL1Loss and HuberLoss

@pytest.mark.parametrize("cell, value, grad", [
    # MindSpore 2.10, float32
    (nn.SmoothL1Loss(), [0.0, 0.125, 0.5, 1.5, 2.5, 1.0], [0.0, 0.5, 1.0, 1.0, -1.0, -1.0]),
    (nn.SmoothL1Loss(beta=2.0), [0.0, 0.0625, 0.25, 1.0, 2.0, 0.5625],
     [0.0, 0.25, 0.5, 1.0, -1.0, -0.75]),
    (nn.SmoothL1Loss(0.5, 'sum'), 6.75, [0.0, 1.0, 1.0, 1.0, -1.0, -1.0]),
    (nn.HuberLoss(), 0.9375, np.array([0.0, 0.5, 1.0, 1.0, -1.0, -1.0]) / 6),
    (nn.HuberLoss(delta=2.0), 1.2916666, [0.0, 1 / 12, 1 / 6, 1 / 3, -1 / 3, -0.25]),
    (nn.HuberLoss('none', 0.5), [0.0, 0.125, 0.375, 0.875, 1.375, 0.625],
     [0.0, 0.5, 0.5, 0.5, -0.5, -0.5]),
])
def test_smooth_l1_and_huber_match_mindspore(cell, value, grad):
    p, t = Tensor(P, ms.float32), Tensor(T, ms.float32)
    out = cell(p, t)
    assert out.dtype == ms.float32 and out.shape == np.shape(value)
    np.testing.assert_allclose(out.asnumpy(), value, rtol=2e-6)
    g_p, g_t = ms.grad(lambda a, b: cell(a, b).sum(), (0, 1))(p, t)
    np.testing.assert_allclose(g_p.asnumpy(), grad, rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(g_t.asnumpy(), -np.asarray(grad), rtol=2e-6, atol=1e-7)


def test_defaults_reprs_and_dtypes():
    assert nn.SmoothL1Loss().reduction == 'none' and nn.SmoothL1Loss().beta == 1.0
    assert nn.HuberLoss().reduction == 'mean' and nn.HuberLoss().delta == 1.0
    assert repr(nn.SmoothL1Loss(0.5)) == "SmoothL1Loss()" and repr(nn.HuberLoss()) == "HuberLoss()"
    d = np.linspace(-3, 3, 13)
    for beta in (0.5, 1.0, 2.0):
        out = nn.SmoothL1Loss(beta)(Tensor(d), Tensor(np.zeros(13)))
        assert out.dtype == ms.float64
        np.testing.assert_allclose(out.asnumpy(), smooth_l1(d, beta), rtol=1e-15)
        huber = nn.HuberLoss('none', beta)(Tensor(d), Tensor(np.zeros(13)))
        np.testing.assert_allclose(huber.asnumpy(), beta * smooth_l1(d, beta), rtol=1e-15)
    # Huber broadcasts (MindSpore 2.10: 0.5); SmoothL1 wants equal shapes, as MindSpore's
    assert nn.HuberLoss()(Tensor(np.ones((2, 3))), Tensor(np.zeros(3))).item() == 0.5
    with pytest.raises(ValueError, match="same shape"):
        nn.SmoothL1Loss()(Tensor(np.ones((2, 3))), Tensor(np.zeros(3)))


def test_second_derivatives_take_the_linear_piece_at_the_threshold():
    d = np.array([0.0, 0.5, 1.0, 2.0, -3.0, -1.0])
    for cell, inside in ((nn.SmoothL1Loss(beta=1.0), 1.0), (nn.HuberLoss('none', 1.0), 1.0),
                         (nn.HuberLoss('none', 2.5), 1.0), (nn.SmoothL1Loss(beta=2.5), 0.4)):
        width = cell.beta if isinstance(cell, nn.SmoothL1Loss) else cell.delta
        d2 = ms.grad(ms.grad(lambda a: cell(a, Tensor(np.zeros(6))).sum()))(Tensor(d))
        # |d| = width is on the linear side; d = 0 has the true curvature (MindSpore's
        # Huber gives 0 there, computing 0.5 |d|^2 through |d|)
        np.testing.assert_array_equal(d2.asnumpy(), np.where(np.abs(d) < width, inside, 0.0))


@pytest.mark.parametrize("cell", [nn.SmoothL1Loss(), nn.SmoothL1Loss(0.7, 'mean'),
                                  nn.HuberLoss(), nn.HuberLoss('sum', 1.3)])
def test_regression_losses_to_second_order_in_every_mode(cell):
    rng = np.random.default_rng(0)
    p = Tensor(rng.uniform(-3, 3, (3, 4)))
    t = Tensor(rng.uniform(-3, 3, (3, 4)))
    check_grads(cell, (p, t), order=2, modes=("fwd", "rev", "hyper"))


# ---------------------------------------------------------------------------
# Cross entropy

LOGITS = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3], [-3.0, 4.0, 1.0], [1000.0, 0.0, -1000.0]])
CLASSES = np.array([0, 2, 1, 2])
SOFT = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]])
W = np.array([0.2, 1.0, 3.0])


def log_softmax(x, axis):
    shifted = x - x.max(axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis, keepdims=True))


def reference_cross_entropy(x, y, weight=None, ignore_index=-100, reduction='mean',
                            smoothing=0.0):
    """PyTorch's definition, written out in NumPy for classes on axis 1 (0 for 1-D)."""
    axis = 0 if x.ndim == 1 else 1
    c = x.shape[axis]
    logp = np.moveaxis(log_softmax(x, axis), axis, -1)
    w = np.ones(c) if weight is None else weight
    if y.dtype.kind == "f":
        target = y * (1 - smoothing) + smoothing / c
        per = -(np.moveaxis(target, axis, -1) * logp * w).sum(-1)
        return {"none": per, "sum": per.sum(), "mean": per.sum() / per.size}[reduction]
    keep = y != ignore_index
    safe = np.where(keep, y, 0)
    wy = np.where(keep, w[safe], 0.0)
    nll = -wy * np.take_along_axis(logp, safe[..., None], -1)[..., 0]
    smooth = np.where(keep, -(logp * w).sum(-1), 0.0)
    if reduction == "none":
        return (1 - smoothing) * nll + smoothing / c * smooth
    if reduction == "sum":
        return (1 - smoothing) * nll.sum() + smoothing / c * smooth.sum()
    return (1 - smoothing) * nll.sum() / wy.sum() + smoothing / c * smooth.sum() / wy.sum()


CE_CASES = [
    dict(), dict(reduction='none'), dict(reduction='sum'), dict(weight=W),
    dict(weight=W, reduction='sum'), dict(ignore_index=2), dict(weight=W, ignore_index=2),
    dict(smoothing=0.1), dict(weight=W, smoothing=0.2),
    dict(weight=W, smoothing=0.2, ignore_index=2, reduction='none'),
    dict(weight=W, smoothing=1.0, ignore_index=0, reduction='sum'),
]


def cell_for(case):
    case = dict(case)
    weight = case.pop("weight", None)
    smoothing = case.pop("smoothing", 0.0)
    return nn.CrossEntropyLoss(weight=None if weight is None else Tensor(weight),
                               label_smoothing=smoothing, **case)


@pytest.mark.parametrize("case", CE_CASES, ids=str)
def test_cross_entropy_with_class_indices(case):
    cell = cell_for(case)
    for x, y in ((LOGITS, CLASSES),
                 (np.random.default_rng(1).normal(size=(2, 3, 4)),
                  np.array([[0, 1, 2, 1], [2, 2, 0, 1]])),
                 (np.array([0.5, 1.0, -1.0]), np.array(1))):
        out = cell(Tensor(x), Tensor(y))
        assert out.dtype == ms.float64
        np.testing.assert_allclose(out.asnumpy(), reference_cross_entropy(x, y, **case),
                                   rtol=1e-13)


@pytest.mark.parametrize("case", [dict(), dict(reduction='none'), dict(weight=W, smoothing=0.3),
                                  dict(reduction='sum', smoothing=0.5)], ids=str)
def test_cross_entropy_with_class_probabilities(case):
    out = cell_for(case)(Tensor(LOGITS), Tensor(SOFT))
    np.testing.assert_allclose(out.asnumpy(), reference_cross_entropy(LOGITS, SOFT, **case),
                               rtol=1e-13)


def test_cross_entropy_matches_mindspore():
    # MindSpore 2.10 (float32 logits, int32 labels)
    x, y, soft = (Tensor(LOGITS.astype(np.float32)), Tensor(CLASSES.astype(np.int32)),
                  Tensor(SOFT.astype(np.float32)))
    w = Tensor(W.astype(np.float32))
    for cell, labels, value in [
            (nn.CrossEntropyLoss(), y, 500.32318),
            (nn.CrossEntropyLoss(weight=w), y, 833.7644),
            (nn.CrossEntropyLoss(ignore_index=2), y, 0.14538348),
            (nn.CrossEntropyLoss(weight=w, label_smoothing=0.2), y, 732.04364),
            (nn.CrossEntropyLoss(), soft, 325.77316),
            (nn.CrossEntropyLoss(weight=w, label_smoothing=0.3), soft, 753.84863)]:
        out = cell(x, labels)
        assert out.dtype == ms.float32
        np.testing.assert_allclose(out.item(), value, rtol=2e-6)
    g = ms.grad(lambda a: nn.CrossEntropyLoss(weight=w, ignore_index=2)(a, y))(x)
    np.testing.assert_allclose(g.asnumpy(), [
        [-0.03573380410671234, 0.0065187569707632065, 0.02921505831182003], [0.0, 0.0, 0.0],
        [0.0007232331554405391, -0.04021048545837402, 0.03948722779750824], [0.0, 0.0, 0.0]],
        rtol=2e-6, atol=1e-8)


def test_softmax_cross_entropy_with_logits():
    x = Tensor(LOGITS.astype(np.float32))
    one_hot = Tensor(np.eye(3, dtype=np.float32)[CLASSES])
    expected = [0.24131133, 1.0019429, 0.049455538, 2000.0]          # MindSpore 2.10
    dense = nn.SoftmaxCrossEntropyWithLogits()
    sparse = nn.SoftmaxCrossEntropyWithLogits(sparse=True)
    assert dense.reduction == 'none' and repr(sparse) == "SoftmaxCrossEntropyWithLogits()"
    for cell, labels in ((dense, one_hot), (sparse, Tensor(CLASSES)),
                         (sparse, Tensor(CLASSES.astype(np.int32)))):
        np.testing.assert_allclose(cell(x, labels).asnumpy(), expected, rtol=2e-6)
        g = ms.grad(lambda a: cell(a, labels).sum())(x).asnumpy()
        np.testing.assert_allclose(g, np.exp(log_softmax(LOGITS, 1)) - np.eye(3)[CLASSES],
                                   rtol=1e-6, atol=1e-7)
    # MindSpore 2.10's sparse 'mean' is inf here (its kernel's log underflows)
    mean = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean')(x, Tensor(CLASSES))
    np.testing.assert_allclose(mean.item(), np.mean(expected), rtol=2e-6)
    soft = nn.SoftmaxCrossEntropyWithLogits(reduction='sum')(Tensor(LOGITS), Tensor(SOFT))
    np.testing.assert_allclose(soft.item(), reference_cross_entropy(LOGITS, SOFT, reduction='sum'),
                               rtol=1e-14)


def test_cross_entropy_is_finite_and_exact_at_extreme_logits():
    x = Tensor(np.array([[1000.0, 0.0, -1000.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for label, value in ((0, 0.0), (1, 1000.0), (2, 2000.0)):
            y = Tensor(np.array([label]))
            assert nn.CrossEntropyLoss()(x, y).item() == value
            g = ms.grad(lambda a: nn.CrossEntropyLoss()(a, y))(x).asnumpy()
            np.testing.assert_array_equal(g, [[1.0, 0.0, 0.0]] - np.eye(3)[[label]])


@pytest.mark.parametrize("cell, labels", [
    (nn.CrossEntropyLoss(weight=Tensor(W), label_smoothing=0.2), np.array([0, 2, 1])),
    (nn.CrossEntropyLoss(reduction='none', ignore_index=1), np.array([0, 1, 2])),
    (nn.CrossEntropyLoss(label_smoothing=0.1), SOFT[:3]),
    (nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean'), np.array([0, 2, 1])),
])
def test_cross_entropy_to_second_order_in_every_mode(cell, labels):
    logits = Tensor(np.random.default_rng(2).normal(size=(3, 3)))
    check_grads(lambda x: cell(x, Tensor(labels)), (logits,), order=2,
                modes=("fwd", "rev", "hyper"))


def test_all_labels_ignored_gives_nan_as_mindspore():
    x = Tensor(LOGITS[:2])
    assert np.isnan(nn.CrossEntropyLoss(ignore_index=1)(x, Tensor(np.array([1, 1]))).item())


def test_training_a_classifier_with_cross_entropy():
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(60, 2)).astype(np.float32))
    y = Tensor((x.asnumpy()[:, 0] + x.asnumpy()[:, 1] > 0).astype(np.int32))
    ms.set_seed(0)
    net = nn.SequentialCell(nn.Dense(2, 8, activation='relu'), nn.Dense(8, 2))
    train = nn.TrainOneStepCell(nn.WithLossCell(net, nn.CrossEntropyLoss()),
                                nn.Adam(net.trainable_params(), 0.05))
    losses = [train(x, y).item() for _ in range(60)]
    accuracy = (net(x).asnumpy().argmax(1) == y.asnumpy()).mean()
    assert losses[-1] < 0.3 * losses[0] and accuracy > 0.95


@pytest.mark.parametrize("make, error, match", [
    (lambda: nn.SmoothL1Loss(beta=0), ValueError, "SmoothL1Loss: beta must be > 0"),
    (lambda: nn.SmoothL1Loss(beta=-1.0), ValueError, "beta must be > 0"),
    (lambda: nn.SmoothL1Loss(beta="a"), TypeError, "SmoothL1Loss: beta"),
    (lambda: nn.SmoothL1Loss(reduction="x"), ValueError, "reduction"),
    (lambda: nn.HuberLoss(delta=0), ValueError, "HuberLoss: delta must be > 0"),
    (lambda: nn.HuberLoss(delta=True), TypeError, "HuberLoss: delta"),
    (lambda: nn.HuberLoss("x"), ValueError, "reduction"),
    (lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=1), TypeError, "'sparse' must be a bool"),
    (lambda: nn.CrossEntropyLoss(weight=[1.0, 2.0]), TypeError, "CrossEntropyLoss: weight"),
    (lambda: nn.CrossEntropyLoss(weight=Tensor(np.ones((2, 2)))), ValueError, "1-D"),
    (lambda: nn.CrossEntropyLoss(ignore_index=1.5), TypeError, "ignore_index"),
    (lambda: nn.CrossEntropyLoss(label_smoothing=1.5), ValueError, "label_smoothing"),
    (lambda: nn.CrossEntropyLoss(label_smoothing="a"), TypeError, "label_smoothing"),
    (lambda: nn.CrossEntropyLoss()(Tensor(LOGITS), Tensor(np.array([0, 5, 1, 2]))),
     ValueError, r"class indices in \[0, 3\), got 5"),
    (lambda: nn.CrossEntropyLoss()(Tensor(LOGITS), Tensor(np.array([0, 1]))),
     ValueError, "shape"),
    (lambda: nn.CrossEntropyLoss()(Tensor(LOGITS), Tensor(SOFT[:2])), ValueError, "shape"),
    (lambda: nn.CrossEntropyLoss(weight=Tensor(np.ones(4)))(Tensor(LOGITS), Tensor(CLASSES)),
     ValueError, "4 values for 3 classes"),
    (lambda: nn.CrossEntropyLoss()(Tensor(1.0), Tensor(np.array(0))), ValueError, "class axis"),
    (lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=True)(Tensor(LOGITS), Tensor(SOFT)),
     TypeError, "integer"),
    # MindSpore refuses labels of another shape; broadcast, (N, 1) indices gave an (N, N) loss
    (lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=True)(Tensor(LOGITS),
                                                           Tensor(CLASSES.reshape(-1, 1))),
     ValueError, r"labels must be class indices of shape \(4,\), got shape \(4, 1\)"),
    (lambda: nn.SoftmaxCrossEntropyWithLogits()(Tensor(LOGITS), Tensor(SOFT[:, :1])),
     ValueError, r"labels must be of the logits' shape \(4, 3\), got shape \(4, 1\)"),
    (lambda: nn.SoftmaxCrossEntropyWithLogits()(Tensor(1.0), Tensor(1.0)), ValueError,
     "class axis"),
])
def test_bad_arguments_name_themselves(make, error, match):
    with pytest.raises(error, match=match):
        make()
