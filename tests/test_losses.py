"""The functional losses (ops.mse_loss ... ops.triplet_margin_loss) and their cells.

Values against MindSpore 2.10 are compared live by tests/oracle/programs.py
(``functional_losses``); here: derivatives to second order in every mode,
vmap against a loop, the choices where dualgrad differs from MindSpore, and
bad arguments.  triplet_margin_loss (GPU-only in MindSpore 2.10) is checked
against PyTorch's values.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop

rng = np.random.default_rng(7)
A = rng.uniform(-2, 2, (4, 3))
B = rng.uniform(-2, 2, (4, 3))
PROB = rng.uniform(0.05, 0.95, (4, 3))
BITS = rng.uniform(0.0, 1.0, (4, 3))
DIST = rng.uniform(0.1, 1.0, (4, 3))
LABELS = np.array([0, 2, 1, 2])
SIGN = np.array([1.0, -1.0, 1.0, -1.0])
W3 = np.array([0.2, 1.0, 3.0])


def far_from_kinks(d, kinks, gap=0.05):
    """d moved so that no element lies within ``gap`` of a kink (finite differences
    across a kink would disagree with any derivative)."""
    d = d.copy()
    for k in kinks:
        near = np.abs(d - k) < gap
        d[near] = k + np.where(d[near] >= k, gap, -gap) * 2
    return d


B_SMOOTH = A - far_from_kinks(A - B, (-0.7, 0.7, -1.3, 1.3, 0.0))

CASES = {
    "mse_loss": (lambda a, b: ops.mse_loss(a, b), (A, B)),
    "mse_loss none broadcast": (lambda a, b: ops.mse_loss(a, b, 'none'), (A, B[0])),
    "l1_loss": (lambda a, b: ops.l1_loss(a, b, 'sum'), (A, B_SMOOTH)),
    "smooth_l1_loss": (lambda a, b: ops.smooth_l1_loss(a, b, 0.7, 'mean'), (A, B_SMOOTH)),
    "huber_loss": (lambda a, b: ops.huber_loss(a, b, 'none', 1.3), (A, B_SMOOTH)),
    "cross_entropy": (lambda a: ops.cross_entropy(a, Tensor(LABELS), Tensor(W3), 1,
                                                  'mean', 0.2), (A,)),
    "cross_entropy probabilities": (lambda a, p: ops.cross_entropy(a, p, label_smoothing=0.1),
                                    (A, DIST)),
    "nll_loss": (lambda a: ops.nll_loss(a, Tensor(LABELS), Tensor(W3), reduction='sum',
                                        label_smoothing=0.3), (A,)),
    "binary_cross_entropy": (lambda p, y: ops.binary_cross_entropy(p, y, Tensor(W3)),
                             (PROB, BITS)),
    "binary_cross_entropy_with_logits": (
        lambda x, y: ops.binary_cross_entropy_with_logits(x, y, Tensor(DIST), Tensor(W3),
                                                          'none'), (A, BITS)),
    "kl_div": (lambda x, t: ops.kl_div(x, t, 'batchmean'), (A, DIST)),
    "margin_ranking_loss": (lambda a, b: ops.margin_ranking_loss(a, b, Tensor(SIGN), 0.3),
                            # hinge arguments SIGN * offset, away from 0
                            (A[:, 0], A[:, 0] - 0.3 * SIGN + np.array([0.5, -0.4, -0.6, 0.7]))),
    "cosine_embedding_loss": (lambda a, b: ops.cosine_embedding_loss(
        a, b, Tensor(np.array([1, -1, -1, 1])), -0.9, 'sum'), (A, B)),
    "triplet_margin_loss": (lambda a, p, n: ops.triplet_margin_loss(a, p, n, 5.0, 3, swap=True),
                            (A, B, DIST)),
}


@pytest.mark.parametrize("name", CASES)
def test_derivatives_to_second_order_in_every_mode(name):
    fn, args = CASES[name]
    check_grads(fn, tuple(Tensor(a) for a in args), order=2, modes=("fwd", "rev", "hyper"))


def test_cells_call_the_functions():
    a, b, p, y = Tensor(A), Tensor(B), Tensor(PROB), Tensor(BITS)
    pairs = [(nn.MSELoss('none')(a, b), ops.mse_loss(a, b, 'none')),
             (nn.L1Loss()(a, b), ops.l1_loss(a, b)),
             (nn.SmoothL1Loss(0.5)(a, b), ops.smooth_l1_loss(a, b, 0.5)),
             (nn.HuberLoss('sum', 2.0)(a, b), ops.huber_loss(a, b, 'sum', 2.0)),
             (nn.CrossEntropyLoss(Tensor(W3), 2, 'none', 0.1)(a, Tensor(LABELS)),
              ops.cross_entropy(a, Tensor(LABELS), Tensor(W3), 2, 'none', 0.1)),
             (nn.NLLLoss(ignore_index=0)(a, Tensor(LABELS)),
              ops.nll_loss(a, Tensor(LABELS), ignore_index=0)),
             (nn.BCELoss(Tensor(W3), 'sum')(p, y), ops.binary_cross_entropy(p, y, Tensor(W3), 'sum')),
             (nn.BCEWithLogitsLoss('none', None, Tensor(W3))(a, y),
              ops.binary_cross_entropy_with_logits(a, y, pos_weight=Tensor(W3), reduction='none')),
             (nn.KLDivLoss('sum')(a, p), ops.kl_div(a, p, 'sum')),
             (nn.MarginRankingLoss(0.2)(a, b, Tensor(SIGN[:3])),
              ops.margin_ranking_loss(a, b, Tensor(SIGN[:3]), 0.2)),
             (nn.CosineEmbeddingLoss(0.5, 'none')(a, b, Tensor(LABELS - 1)),
              ops.cosine_embedding_loss(a, b, Tensor(LABELS - 1), 0.5, 'none')),
             (nn.TripletMarginLoss(1, True, 0.0, 'sum', 2.0)(a, b, p),
              ops.triplet_margin_loss(a, b, p, 2.0, 1, 0.0, True, 'sum')),
             (nn.TripletMarginLoss()(a, b, p, margin=3.0), ops.triplet_margin_loss(a, b, p, 3.0))]
    for cell_out, fn_out in pairs:
        assert cell_out.dtype == fn_out.dtype == ms.float64
        np.testing.assert_array_equal(cell_out.asnumpy(), fn_out.asnumpy())
    assert [repr(c) for c in (nn.BCELoss(), nn.KLDivLoss(), nn.TripletMarginLoss())] == [
        "BCELoss()", "KLDivLoss()", "TripletMarginLoss()"]


def test_triplet_margin_loss_matches_pytorch():
    # torch.nn.functional.triplet_margin_loss, float32
    anchor = Tensor(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32))
    positive = Tensor(np.array([[0.0, 2.5, 1.0], [1.0, 1.0, 1.0]], np.float32))
    negative = Tensor(np.array([[1.0, 2.0, 2.5], [0.5, -1.0, 2.0]], np.float32))
    np.testing.assert_allclose(ops.triplet_margin_loss(anchor, positive, negative).asnumpy(),
                               3.0412867069244385, rtol=1e-6)
    np.testing.assert_allclose(
        ops.triplet_margin_loss(anchor, positive, negative, margin=2.0, p=1, swap=True,
                                reduction='none').asnumpy(),
        [4.999998092651367, 5.499996185302734], rtol=1e-6)
    grad = ms.grad(lambda a: ops.triplet_margin_loss(a, positive, negative, 5.0,
                                                     reduction='sum'))(anchor)
    np.testing.assert_allclose(grad.asnumpy(), [[0.4364340007305145, -0.2182193547487259,
                                                 -0.12712842226028442],
                                                [-0.7955677509307861, -1.4502216577529907,
                                                 -0.1409139335155487]], rtol=1e-5)
    assert ops.triplet_margin_loss(anchor[0], positive[0], negative[0]).shape == ()
    # a 0-d Tensor margin, differentiated
    margin = Tensor(np.float32(5.0))
    assert ms.grad(lambda m: nn.TripletMarginLoss(reduction='sum')(anchor, positive, negative, m))(
        margin).item() == 2.0
    with pytest.raises(ValueError, match="0-d Tensor"):
        ops.triplet_margin_loss(anchor, positive, negative, Tensor([1.0, 2.0]))


def test_where_dualgrad_differs_from_mindspore():
    # kl_div's derivative in the labels is log(t) + 1 - x (MindSpore 2.10: 0)
    x, t = Tensor(np.log(DIST)), Tensor(PROB)
    g = ms.grad(lambda t: ops.kl_div(x, t, 'sum'))(t)
    np.testing.assert_allclose(g.asnumpy(), np.log(PROB) + 1 - np.log(DIST), rtol=1e-12)
    # binary cross entropy: at p = 0, y = 0 the derivative is 1/(1 - p) = 1 (MindSpore 2.10
    # and PyTorch: 0); below the floor 1e-12 it is 1e12 (theirs too)
    g = ms.grad(lambda p: ops.binary_cross_entropy(p, Tensor([0.0, 0.0, 1.0]), reduction='sum'))(
        Tensor([0.0, 1.0, 0.0]))
    np.testing.assert_allclose(g.asnumpy(), [1.0, 1e12, -1e12], rtol=1e-6)
    # a (C,) weight broadcasts against (N, C) losses (MindSpore 2.10 reads past its end)
    p, y = Tensor(PROB), Tensor(BITS)
    np.testing.assert_allclose(ops.binary_cross_entropy(p, y, Tensor(W3), 'none').asnumpy(),
                               W3 * ops.binary_cross_entropy(p, y, reduction='none').asnumpy())
    # integer inputs compute in float32 (MindSpore's l1_loss truncates to Int64: 1)
    out = ops.l1_loss(Tensor([1, 2]), Tensor([0, 0]))
    assert out.dtype == ms.float32 and out.item() == 1.5
    # the mean of no losses is NaN, their sum 0 (MindSpore 2.10: uninitialised memory)
    empty = Tensor(np.zeros(0, np.float32))
    assert np.isnan(ops.mse_loss(empty, empty).item()) and ops.mse_loss(empty, empty, 'sum').item() == 0
    # float64 is accepted where MindSpore's kernels refuse it
    assert ops.binary_cross_entropy(Tensor(PROB), Tensor(BITS)).dtype == ms.float64


def test_masked_logits_give_the_losses_of_very_negative_ones():
    # A logit of -inf (a masked class) that is not a label's class leaves each
    # sample's loss finite: the same as a logit of -1e4, whose probability
    # is 0 in float64.  0 * -inf had made these losses NaN (MindSpore 2.10's
    # too); the smoothed loss, which puts weight on the masked class, is inf.
    masked = np.array([[1.0, -np.inf, 0.0, 0.3], [0.5, 0.2, -np.inf, -np.inf]])
    finite = np.where(np.isinf(masked), -1e4, masked)
    labels = Tensor(np.array([0, 1], np.int32))
    one_hot = Tensor(np.eye(4)[[0, 1]])
    losses = {
        "cross_entropy": lambda x: ops.cross_entropy(x, labels),
        "weighted": lambda x: ops.cross_entropy(x, labels, Tensor([1.0, 2.0, 3.0, 4.0])),
        "probabilities": lambda x: ops.cross_entropy(x, one_hot),
        "nll_loss": lambda x: ops.nll_loss(ops.log_softmax(x, 1), labels, reduction='sum'),
        "SoftmaxCrossEntropyWithLogits": lambda x: nn.SoftmaxCrossEntropyWithLogits(
            reduction='mean')(x, one_hot),
        "sparse": lambda x: nn.SoftmaxCrossEntropyWithLogits(True, 'sum')(x, labels),
        "FocalLoss": lambda x: nn.FocalLoss(gamma=0.5)(x, labels.reshape(2, 1)),
    }
    for name, loss in losses.items():
        want, got = loss(Tensor(finite)).item(), loss(Tensor(masked)).item()
        assert got == pytest.approx(want, rel=1e-14), name
        g = ms.grad(loss)(Tensor(masked)).asnumpy()
        np.testing.assert_allclose(g, ms.grad(loss)(Tensor(finite)).asnumpy(), rtol=1e-13,
                                   atol=1e-300, err_msg=name)
        assert np.all(g[np.isinf(masked)] == 0), name
    assert ops.cross_entropy(Tensor(masked), labels, label_smoothing=0.1).item() == np.inf


def test_kinks_take_mindsporess_conventions():
    # margin ranking: derivative 1 where the hinge's argument is 0 (MindSpore 2.10)
    g = ms.grad(lambda a: ops.margin_ranking_loss(a, Tensor([1.0]), Tensor([-1.0]), 0.0, 'sum'))(
        Tensor([1.0]))
    assert g.asnumpy().tolist() == [1.0]
    # smooth L1: the linear piece at |d| = beta
    g = ms.grad(lambda a: ops.smooth_l1_loss(a, Tensor([0.0]), 0.5, 'sum'))(Tensor([0.5]))
    assert g.asnumpy().tolist() == [1.0]


@pytest.mark.parametrize("fn", [
    lambda a, b: ops.mse_loss(a, b, 'none'),
    lambda a, b: ops.huber_loss(a, b, 'sum'),
    lambda a, b: ops.cross_entropy(a, Tensor(LABELS[:3])),
    lambda a, b: ops.binary_cross_entropy_with_logits(a, ops.sigmoid(b)),
    lambda a, b: ops.kl_div(a, ops.softmax(b, -1), 'batchmean'),
    lambda a, b: ops.cosine_embedding_loss(a, b, Tensor([1, -1, 1])),
    lambda a, b: ops.triplet_margin_loss(a, b, a * 2.0),
])
def test_vmap_is_per_example(fn):
    assert_vmap_is_a_loop(fn, rng.normal(size=(2, 3, 3)), rng.normal(size=(2, 3, 3)))


def test_class_labels_differing_between_examples_are_refused_under_vmap():
    labels = Tensor(np.array([[0, 1, 2], [2, 1, 0]]))
    with pytest.raises(NotImplementedError, match="vmap"):
        ms.vmap(ops.cross_entropy)(Tensor(rng.normal(size=(2, 3, 3))), labels)


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.mse_loss(Tensor(A), Tensor(B), 'avg'), ValueError,
     r"'mse_loss', the 'reduction' must be in \['mean', 'sum', 'none'\]"),
    (lambda: ops.kl_div(Tensor(A), Tensor(B), 'batch'), ValueError, "batchmean"),
    (lambda: ops.kl_div(Tensor(1.0), Tensor(1.0), 'batchmean'), ValueError, "batch axis"),
    (lambda: nn.MSELoss('batchmean'), ValueError, "MSELoss"),
    (lambda: ops.smooth_l1_loss(Tensor(A), Tensor(B[0])), ValueError, "same shape"),
    (lambda: ops.huber_loss(Tensor(A), Tensor(B), delta=-1.0), ValueError, "delta must be > 0"),
    (lambda: ops.nll_loss(Tensor(A), Tensor(B)), TypeError, "integer"),
    (lambda: ops.nll_loss(Tensor(A), Tensor(LABELS), weight=[1.0, 2.0, 3.0]), TypeError,
     "nll_loss: weight"),
    (lambda: ops.cross_entropy(Tensor(A), Tensor(LABELS + 1)), ValueError,
     r"class indices in \[0, 3\), got 3"),
    (lambda: ops.cross_entropy(Tensor(A), Tensor(LABELS), label_smoothing=2.0), ValueError,
     "label_smoothing"),
    (lambda: ops.cosine_embedding_loss(Tensor(A), Tensor(B), Tensor(LABELS), 1.5), ValueError,
     r"margin must be in \[-1, 1\]"),
    (lambda: ops.cosine_embedding_loss(Tensor(A[0]), Tensor(B[0]), Tensor(1)), ValueError,
     "at least 2"),
    (lambda: ops.cosine_embedding_loss(Tensor(A), Tensor(B), Tensor(LABELS[:2])), ValueError,
     "target must have"),
    (lambda: ops.triplet_margin_loss(Tensor(A), Tensor(B), Tensor(B[0])), ValueError,
     "same shape"),
    (lambda: ops.triplet_margin_loss(Tensor(A), Tensor(B), Tensor(B), p=0), ValueError,
     "p must be > 0"),
    (lambda: ops.triplet_margin_loss(Tensor(A), Tensor(B), Tensor(B), swap=1), TypeError,
     "swap must be a bool"),
    (lambda: ops.margin_ranking_loss(Tensor(A), Tensor(B), Tensor(B), margin="a"), TypeError,
     "margin"),
    (lambda: nn.CosineEmbeddingLoss(margin=-2.0), ValueError, "margin"),
    (lambda: nn.TripletMarginLoss(swap=None), TypeError, "swap"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()
