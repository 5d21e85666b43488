"""RMSELoss, MAELoss, SoftMarginLoss, HingeEmbeddingLoss, MultiMarginLoss,
MultiLabelSoftMarginLoss, MultilabelMarginLoss, GaussianNLLLoss, PoissonNLLLoss,
DiceLoss, MultiClassDiceLoss, FocalLoss and L1Regularizer (and their ops
functions).

Values and input gradients against MindSpore 2.10's, stored in
tests/more_losses_reference.py (captured from fixed inputs); every loss
against a NumPy formula written out here (float64, random inputs);
derivatives to second order in forward and reverse mode, vmap against a loop,
the differences from MindSpore kept deliberately, and bad arguments.
"""
import warnings

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads
from more_losses_reference import CASES, MINDSPORE, cotangent, inputs
from vmap_reference import assert_vmap_is_a_loop


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients

def _call(kind, fn, kwargs, data):
    kwargs = {k: data[v[1:]] if isinstance(v, str) and v.startswith("@") else v
              for k, v in kwargs.items()}
    if kind == "nn":
        return getattr(nn, fn)(**kwargs)
    return lambda *a: getattr(ops, fn)(*a, **kwargs)


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_mindspore(name):
    kind, fn, names, kwargs = CASES[name]
    dtype, shape, values, grad = MINDSPORE[name]
    data = {k: Tensor(v) for k, v in inputs().items()}
    call = _call(kind, fn, kwargs, data)
    args = [data[n] for n in names]
    out = call(*args)
    assert str(out.dtype).lower() == dtype and out.shape == shape
    np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=3e-5, atol=2e-6)
    weights = Tensor(cotangent(out.shape), out.dtype)
    g = ms.grad(lambda *a: (call(*a) * weights).sum())(*args)
    np.testing.assert_allclose(g.asnumpy().ravel(), grad, rtol=3e-5, atol=2e-6)


# ---------------------------------------------------------------------------
# NumPy formulas, float64

rng = np.random.default_rng(11)
N, C = 5, 4
X = rng.normal(size=(N, C)) * 1.5
Y = rng.normal(size=(N, C))
SIGN = np.where(rng.uniform(size=(N, C)) < 0.5, -1.0, 1.0)
BITS = rng.uniform(size=(N, C))
VAR = rng.uniform(0.1, 2.0, (N, C))
COUNTS = rng.integers(0, 9, (N, C)).astype(float) + rng.choice([0.0, 0.5], (N, C))
LABELS = rng.integers(0, C, N)
W = rng.uniform(0.5, 2.0, C)
LIST = np.array([[1, 3, -1, 0], [0, 1, 2, 3], [2, -1, 1, 1], [-1, 0, 0, 0], [3, 3, 0, -1]])


def reduce(loss, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": np.asarray}[reduction](loss)


def np_softplus(z):
    return np.logaddexp(0.0, z)


def np_multi_margin(x, y, p, margin, w):
    picked = x[np.arange(len(y)), y][:, None]
    h = np.maximum(margin - picked + x, 0.0) ** p
    h[np.arange(len(y)), y] = 0.0
    return (w[y] if w is not None else 1.0) * h.sum(1) / x.shape[1]


def np_multilabel_margin(x, y):
    out = []
    for xs, ys in zip(x, y):
        listed = []
        for j in ys:
            if j == -1:
                break
            listed.append(j)
        others = [i for i in range(len(xs)) if i not in listed]
        out.append(sum(max(0.0, 1 - (xs[j] - xs[i])) for j in listed for i in others) / len(xs))
    return np.array(out)


def np_gaussian(x, t, v, full, eps):
    v = np.maximum(v, eps)
    return 0.5 * (np.log(v) + (x - t) ** 2 / v) + (0.5 * np.log(2 * np.pi) if full else 0.0)


def np_poisson(x, t, log_input, full, eps):
    loss = np.exp(x) - t * x if log_input else x - t * np.log(x + eps)
    if full:
        safe = np.where(t > 1, t, 2.0)
        loss = loss + np.where(t > 1, safe * np.log(safe) - safe + 0.5 * np.log(2 * np.pi * safe),
                               0.0)
    return loss


def np_dice(x, y, smooth):
    return 1 - 2 * (x * y).sum() / ((x * x).sum() + (y * y).sum() + smooth)


def np_focal(x, y, w, gamma):
    """MindSpore's FocalLoss for classes on axis 1; y indices (N, 1, ...) or one-hot."""
    n, c = x.shape[:2]
    logp = x - x.max(1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
    logp, y = logp.reshape(n, c, -1), y.reshape(n, y.shape[1], -1)
    w = np.ones(c) if w is None else w
    term = -(1 - np.exp(logp)) ** gamma * logp * w[None, :, None]
    if y.shape[1] == 1:
        return np.take_along_axis(term, y, 1)[:, 0].mean(-1)
    return (term * y).mean(-1)


FORMULAS = {
    "RMSELoss": (lambda r: nn.RMSELoss()(Tensor(X), Tensor(Y)),
                 lambda r: np.sqrt(np.mean((X - Y) ** 2))),
    "MAELoss": (lambda r: nn.MAELoss(r)(Tensor(X), Tensor(Y[0])),
                lambda r: reduce(np.abs(X - Y[0]), r)),
    "soft_margin_loss": (lambda r: ops.soft_margin_loss(Tensor(X), Tensor(SIGN), r),
                         lambda r: reduce(np_softplus(-SIGN * X), r)),
    "hinge_embedding_loss": (
        lambda r: ops.hinge_embedding_loss(Tensor(X), Tensor(SIGN * (X[0] != X[0, 0])), 0.8, r),
        lambda r: reduce(np.where(SIGN * (X[0] != X[0, 0]) > 0, X,
                                  np.where(SIGN * (X[0] != X[0, 0]) < 0,
                                           np.maximum(0.8 - X, 0), 0.0)), r)),
    "multi_margin_loss": (lambda r: ops.multi_margin_loss(Tensor(X), Tensor(LABELS), 1, 1, None, r),
                          lambda r: reduce(np_multi_margin(X, LABELS, 1, 1.0, None), r)),
    "multi_margin_loss p2": (
        lambda r: nn.MultiMarginLoss(2, 0.6, r, Tensor(W))(Tensor(X), Tensor(LABELS)),
        lambda r: reduce(np_multi_margin(X, LABELS, 2, 0.6, W), r)),
    "multilabel_soft_margin_loss": (
        lambda r: ops.multilabel_soft_margin_loss(Tensor(X), Tensor(BITS), Tensor(W), r),
        lambda r: reduce((W * (BITS * np_softplus(-X) + (1 - BITS) * np_softplus(X))).mean(-1),
                         r)),
    "multilabel_margin_loss": (
        lambda r: ops.multilabel_margin_loss(Tensor(X), Tensor(LIST), r),
        lambda r: reduce(np_multilabel_margin(X, LIST), r)),
    "gaussian_nll_loss": (
        lambda r: ops.gaussian_nll_loss(Tensor(X), Tensor(Y), Tensor(VAR - 0.5), True, 0.05, r),
        lambda r: reduce(np_gaussian(X, Y, VAR - 0.5, True, 0.05), r)),
    "GaussianNLLLoss var rows": (
        lambda r: nn.GaussianNLLLoss(reduction=r)(Tensor(X), Tensor(Y), Tensor(VAR[:, 0])),
        lambda r: reduce(np_gaussian(X, Y, VAR[:, :1], False, 1e-6), r)),
    "PoissonNLLLoss": (lambda r: nn.PoissonNLLLoss(True, True, reduction=r)(Tensor(X),
                                                                            Tensor(COUNTS)),
                       lambda r: reduce(np_poisson(X, COUNTS, True, True, 1e-8), r)),
    "PoissonNLLLoss rates": (
        lambda r: nn.PoissonNLLLoss(False, True, 1e-3, r)(Tensor(VAR), Tensor(COUNTS)),
        lambda r: reduce(np_poisson(VAR, COUNTS, False, True, 1e-3), r)),
    "DiceLoss": (lambda r: nn.DiceLoss(0.3)(Tensor(X), Tensor(Y)),
                 lambda r: np_dice(X, Y, 0.3)),
    "MultiClassDiceLoss": (
        lambda r: nn.MultiClassDiceLoss(Tensor(np.c_[W, W + 1]), 2)(Tensor(X), Tensor(BITS)),
        lambda r: sum(np_dice(np.exp(X)[:, i] / np.exp(X).sum(1), BITS[:, i], 1e-5)
                      * np.array([W[i], W[i] + 1]) for i in (0, 1, 3)) / C),
    "FocalLoss indices": (
        lambda r: nn.FocalLoss(Tensor(W), 1.7, r)(Tensor(X), Tensor(LABELS[:, None])),
        lambda r: reduce(np_focal(X, LABELS[:, None], W, 1.7), r)),
    "FocalLoss one-hot 3-D": (
        lambda r: nn.FocalLoss(None, 2.0, r)(Tensor(X.reshape(N, 2, 2)),
                                             Tensor(BITS.reshape(N, 2, 2))),
        lambda r: reduce(np_focal(X.reshape(N, 2, 2), BITS.reshape(N, 2, 2), None, 2.0), r)),
    "L1Regularizer": (lambda r: nn.L1Regularizer(0.3)(Tensor(X)),
                      lambda r: 0.3 * np.abs(X).sum()),
}


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", FORMULAS)
def test_against_numpy_formulas(name, reduction):
    ours, reference = FORMULAS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = ours(reduction)
    assert out.dtype == ms.float64
    expected = reference(reduction)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------
# Derivatives, vmap

X_KINKLESS = X + 0.0
DERIVATIVES = {
    "RMSELoss": (lambda a, b: nn.RMSELoss()(a, b), (X, Y)),
    "MAELoss": (lambda a, b: nn.MAELoss('sum')(a, b), (X, Y)),
    "soft_margin_loss": (lambda a: ops.soft_margin_loss(a, Tensor(SIGN)), (X,)),
    "hinge_embedding_loss": (lambda a: ops.hinge_embedding_loss(a, Tensor(SIGN), 5.0, 'sum'),
                             (X,)),
    "multi_margin_loss": (lambda a: ops.multi_margin_loss(a, Tensor(LABELS), 2, 9, Tensor(W)),
                          (X,)),
    "multilabel_soft_margin_loss": (lambda a, t, w: ops.multilabel_soft_margin_loss(a, t, w),
                                    (X, BITS, W)),
    "multilabel_margin_loss": (lambda a: ops.multilabel_margin_loss(a * 0.01, Tensor(LIST),
                                                                    'sum'), (X,)),
    "gaussian_nll_loss": (lambda a, t, v: ops.gaussian_nll_loss(a, t, v, True), (X, Y, VAR)),
    "PoissonNLLLoss": (lambda a: nn.PoissonNLLLoss(full=True)(a, Tensor(COUNTS)), (X,)),
    "PoissonNLLLoss rates": (lambda a, t: nn.PoissonNLLLoss(False, True, reduction='none')(a, t),
                             (VAR, COUNTS + 0.01)),
    "DiceLoss": (lambda a, b: nn.DiceLoss()(a, b), (X, Y)),
    "MultiClassDiceLoss": (lambda a: nn.MultiClassDiceLoss(activation='sigmoid')(a, Tensor(BITS)),
                           (X,)),
    "FocalLoss": (lambda a: nn.FocalLoss(Tensor(W), 2.0, 'sum')(a, Tensor(LABELS[:, None])),
                  (X,)),
    "FocalLoss one-hot": (lambda a: nn.FocalLoss(gamma=1.5)(a, Tensor(BITS)), (X,)),
    "L1Regularizer": (lambda a: nn.L1Regularizer(0.5)(a), (X,)),
}


@pytest.mark.parametrize("name", DERIVATIVES)
def test_derivatives_to_second_order(name):
    fn, args = DERIVATIVES[name]
    check_grads(fn, tuple(Tensor(a) for a in args), order=2, modes=("fwd", "rev"))


def test_third_derivative_and_jacobians_of_gaussian_nll():
    x, v = Tensor(X[0]), Tensor(VAR[0])

    def f(a):
        return ops.gaussian_nll_loss(a, Tensor(Y[0]), v, reduction='sum')
    d3 = ms.grad(ms.grad(ms.grad(lambda a: f(a * 1.0))))(x)
    np.testing.assert_allclose(d3.asnumpy(), 0.0, atol=1e-12)     # quadratic in x
    hessian = ms.jacfwd(ms.jacrev(f))(x)
    np.testing.assert_allclose(hessian.asnumpy(), np.diag(1 / VAR[0]), rtol=1e-12)


@pytest.mark.parametrize("fn", [
    lambda a, b: ops.soft_margin_loss(a, ops.sign(b), 'none'),
    lambda a, b: ops.multilabel_soft_margin_loss(a, ops.sigmoid(b)),
    lambda a, b: ops.gaussian_nll_loss(a, b, a * a + 0.5),
    lambda a, b: ops.hinge_embedding_loss(a, ops.sign(b), 0.5, 'sum'),
    lambda a, b: nn.PoissonNLLLoss(reduction='none')(a, b * b),
    lambda a, b: nn.DiceLoss()(a, b),
    lambda a, b: nn.RMSELoss()(a, b),
    lambda a, b: nn.MultiClassDiceLoss()(a, ops.sigmoid(b)),
    lambda a, b: nn.FocalLoss(reduction='none')(a, ops.softmax(b, 1)),
    lambda a, b: ops.multi_margin_loss(a, Tensor(np.array([0, 2, 1])), 2),
    lambda a, b: ops.multilabel_margin_loss(a, Tensor(np.array([[0, -1, 1], [2, 1, -1],
                                                                [1, 0, 2]]))),
])
def test_vmap_is_per_example(fn):
    assert_vmap_is_a_loop(fn, rng.normal(size=(2, 3, 3)), rng.normal(size=(2, 3, 3)))


# ---------------------------------------------------------------------------
# Where dualgrad differs from MindSpore 2.10 (deliberately)

def test_rmse_derivative_at_a_zero_residual_is_zero():
    # MindSpore's is NaN: sqrt's derivative at 0 times 0
    y = Tensor(Y)
    np.testing.assert_array_equal(ms.grad(lambda a: nn.RMSELoss()(a, y))(y).asnumpy(), 0.0)


def test_large_scores_stay_finite():
    # MindSpore's multilabel_soft_margin_loss takes log(1 + exp(x)): inf past x ~ 88 (float32)
    x = Tensor(np.array([[200.0, -200.0]], np.float32))
    t = Tensor(np.array([[0.0, 1.0]], np.float32))
    np.testing.assert_allclose(ops.multilabel_soft_margin_loss(x, t).asnumpy(), 200.0)
    np.testing.assert_allclose(ops.soft_margin_loss(x, t * 2 - 1, 'sum').asnumpy(), 400.0)


def test_multi_margin_loss_takes_a_float_margin():
    # MindSpore's ops.multi_margin_loss refuses one (its cell takes it)
    x, y = Tensor(X), Tensor(LABELS)
    np.testing.assert_allclose(ops.multi_margin_loss(x, y, margin=0.6).asnumpy(),
                               nn.MultiMarginLoss(margin=0.6)(x, y).asnumpy())


def test_multi_class_dice_softmax_is_over_the_classes():
    # MindSpore's nn.Softmax() takes the last axis, for a 3-D input not the classes
    x = Tensor(rng.normal(size=(2, 3, 4)))
    y = Tensor(np.eye(3)[rng.integers(0, 3, (2, 4))].transpose(0, 2, 1))
    np.testing.assert_allclose(nn.MultiClassDiceLoss()(x, y).asnumpy(),
                               nn.MultiClassDiceLoss(activation=nn.Softmax(1))(x, y).asnumpy())


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
def test_focal_loss_derivative_where_the_probability_rounds_to_one(gamma):
    # MindSpore's is NaN for gamma 0 and 0.5 (pow's derivative, inf, times 0)
    x = Tensor(np.array([[1000.0, 0.0], [0.5, 0.2]]))
    labels = Tensor(np.array([[0], [1]]))
    loss = nn.FocalLoss(gamma=gamma, reduction='sum')
    g = ms.grad(lambda a: loss(a, labels))(x).asnumpy()
    np.testing.assert_array_equal(g[0], 0.0)
    assert np.all(np.isfinite(g)) and loss(x, labels).asnumpy() > 0
    check_grads(lambda a: loss(a, labels[1:]), (Tensor(x.asnumpy()[1:]),), order=2,
                modes=("fwd", "rev"))


def test_focal_loss_takes_float_class_indices():
    x = Tensor(X)
    np.testing.assert_array_equal(nn.FocalLoss()(x, Tensor(LABELS[:, None] * 1.0)).asnumpy(),
                                  nn.FocalLoss()(x, Tensor(LABELS[:, None])).asnumpy())


def test_integer_inputs_compute_in_float32():
    a, b = Tensor(np.array([1, 2])), Tensor(np.array([0, 0]))
    assert nn.MAELoss()(a, b).item() == 1.5       # MindSpore: the int32 mean 1
    assert nn.RMSELoss()(a, b).dtype == ms.float32
    assert nn.L1Regularizer(2)(a).dtype == ms.float32
    assert nn.L1Regularizer(2)(Tensor(np.array([1.0], np.float16))).dtype == ms.float32


def test_hinge_embedding_target_zero_and_kink():
    x = Tensor(np.array([0.3, 0.3, 1.0]))
    t = Tensor(np.array([0.0, 1.0, -1.0]))
    np.testing.assert_array_equal(ops.hinge_embedding_loss(x, t, 1.0, 'none').asnumpy(),
                                  [0.0, 0.3, 0.0])
    # at the hinge the derivative of margin - x (MindSpore's splits it: -0.5)
    g = ms.grad(lambda a: ops.hinge_embedding_loss(a, t, 1.0, 'sum'))(x)
    np.testing.assert_array_equal(g.asnumpy(), [0.0, 1.0, -1.0])


def test_gaussian_variance_below_eps_is_clamped():
    x, t = Tensor(np.array([1.0, 1.0])), Tensor(np.array([0.0, 0.0]))
    v = Tensor(np.array([1e-9, 0.5]))
    out = ops.gaussian_nll_loss(x, t, v, eps=1e-3, reduction='none')
    np.testing.assert_allclose(out.asnumpy(), 0.5 * (np.log([1e-3, 0.5]) + 1 / np.array(
        [1e-3, 0.5])), rtol=1e-14)
    g = ms.grad(lambda w: ops.gaussian_nll_loss(x, t, w, eps=1e-3, reduction='sum'))(v)
    np.testing.assert_allclose(g.asnumpy(), [0.0, 0.5 * (1 / 0.5 - 1 / 0.25)], rtol=1e-14)


def test_multilabel_margin_target_lists():
    x = Tensor(np.array([0.1, 0.2, 0.4, 0.8]))
    # targets 3 and 0, then -1: the rest (1) is ignored; PyTorch's documented value 0.85
    out = ops.multilabel_margin_loss(x, Tensor(np.array([3, 0, -1, 1])))
    assert out.shape == () and abs(out.item() - 0.85) < 1e-12
    assert ops.multilabel_margin_loss(x, Tensor(np.array([-1, 0, 1, 2]))).item() == 0.0


# ---------------------------------------------------------------------------
# Bad arguments

XT, LT = Tensor(X), Tensor(LABELS)


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.soft_margin_loss(XT, Tensor(SIGN[0])), ValueError, "input and target"),
    (lambda: ops.soft_margin_loss(XT, XT, 'avg'), ValueError, "'reduction'"),
    (lambda: ops.hinge_embedding_loss(XT, XT, "1"), TypeError, "margin"),
    (lambda: nn.HingeEmbeddingLoss(margin=None), TypeError, "margin"),
    (lambda: ops.multi_margin_loss(XT, LT, p=3), ValueError, "p must be 1 or 2"),
    (lambda: nn.MultiMarginLoss(p=True), ValueError, "p must"),
    (lambda: ops.multi_margin_loss(XT, LT, margin="1"), TypeError, "margin"),
    (lambda: ops.multi_margin_loss(XT[0], LT[:1]), ValueError, "input must be 2-D"),
    (lambda: ops.multi_margin_loss(XT, Tensor(LABELS[:2])), ValueError, "target"),
    (lambda: ops.multi_margin_loss(XT, Tensor(LABELS + 4)), ValueError, "class indices"),
    (lambda: ops.multi_margin_loss(XT, Tensor(X[:, 0])), TypeError, "integer"),
    (lambda: ops.multi_margin_loss(XT, LT, weight=Tensor(W[:3])), ValueError, "weight"),
    (lambda: ops.multi_margin_loss(XT, LT, weight=[1.0] * 4), TypeError, "weight"),
    (lambda: ops.multilabel_soft_margin_loss(Tensor(1.0), Tensor(1.0)), ValueError, "input"),
    (lambda: ops.multilabel_margin_loss(XT, Tensor(LIST[:, :3])), ValueError, "target"),
    (lambda: ops.multilabel_margin_loss(XT, Tensor(LIST - 1)), ValueError, "class indices"),
    (lambda: ops.multilabel_margin_loss(XT, Tensor(X)), TypeError, "integer"),
    (lambda: ops.gaussian_nll_loss(XT, XT, XT, full=1), TypeError, "full must be a bool"),
    (lambda: ops.gaussian_nll_loss(XT, XT, XT, eps=0.0), ValueError, "eps must be > 0"),
    (lambda: nn.GaussianNLLLoss(eps=-1.0), ValueError, "eps"),
    (lambda: nn.GaussianNLLLoss(reduction='avg'), ValueError, "'reduction'"),
    (lambda: nn.PoissonNLLLoss(log_input=1), TypeError, "log_input must be a bool"),
    (lambda: nn.PoissonNLLLoss(full=None), TypeError, "full must be a bool"),
    (lambda: nn.PoissonNLLLoss(eps="a"), TypeError, "eps"),
    (lambda: nn.DiceLoss(smooth=0.0), ValueError, "smooth must be > 0"),
    (lambda: nn.DiceLoss()(XT, Tensor(Y[0])), ValueError, "logits and label"),
    (lambda: nn.MultiClassDiceLoss(weights=Tensor(W)), ValueError, "weights must be 2-D"),
    (lambda: nn.MultiClassDiceLoss(weights=W[:, None]), TypeError, "weights must be a Tensor"),
    (lambda: nn.MultiClassDiceLoss(ignore_indiex=1.0), TypeError, "ignore_indiex"),
    (lambda: nn.MultiClassDiceLoss(activation='gelu'), ValueError, "activation"),
    (lambda: nn.MultiClassDiceLoss(activation=3), TypeError, "activation"),
    (lambda: nn.MultiClassDiceLoss()(XT[0], XT[0]), ValueError, "at least 2 dimensions"),
    (lambda: nn.MultiClassDiceLoss(Tensor(np.ones((3, 1))))(XT, XT), ValueError,
     "weights must have one row per class"),
    (lambda: nn.FocalLoss(weight=W), TypeError, "weight must be a Tensor"),
    (lambda: nn.FocalLoss(weight=Tensor(np.ones((2, 2)))), ValueError, "weight must be a 1-D"),
    (lambda: nn.FocalLoss(gamma="2"), TypeError, "gamma"),
    (lambda: nn.FocalLoss()(XT[0], LT), ValueError, "dimensions"),
    (lambda: nn.FocalLoss()(XT, LT), ValueError, "dimensions"),
    (lambda: nn.FocalLoss()(XT[:, :1], Tensor(LABELS[:, None])), ValueError,
     "more than one class"),
    (lambda: nn.FocalLoss()(XT, Tensor(X[:, :2])), ValueError, "labels must be of shape"),
    (lambda: nn.FocalLoss()(XT, Tensor(LABELS[:, None] + 4)), ValueError, "class indices"),
    (lambda: nn.FocalLoss(Tensor(W[:3]))(XT, Tensor(LABELS[:, None])), ValueError, "weight"),
    (lambda: nn.L1Regularizer(0), ValueError, "scale must be > 0"),
    (lambda: nn.L1Regularizer(True), TypeError, "scale"),
    (lambda: nn.L1Regularizer(float("inf")), ValueError, "scale"),
    (lambda: nn.MAELoss('avg'), ValueError, "MAELoss"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_reprs_and_defaults():
    assert nn.PoissonNLLLoss().eps == 1e-08 and nn.PoissonNLLLoss().log_input
    assert nn.GaussianNLLLoss().eps == 1e-06 and not nn.GaussianNLLLoss().full
    assert nn.DiceLoss().smooth == 1e-05 and nn.FocalLoss().gamma == 2.0
    assert nn.MultiMarginLoss().margin == 1.0 and nn.MultiMarginLoss().p == 1
    assert nn.RMSELoss().reduction == "mean" and repr(nn.MAELoss()) == "MAELoss()"
    with pytest.raises(TypeError):
        nn.GaussianNLLLoss(True)               # keyword-only, as MindSpore's
