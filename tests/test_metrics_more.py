"""ROC, auc, ConfusionMatrixMetric, the surface distances, BleuScore, OcclusionSensitivity.

Every case of tests/metrics_more_reference.py runs its updates and compares
what ``eval`` returns after each (its type, dtype and values) with MindSpore
2.10's captured results, and every bad case must raise the exception type
MindSpore raised, but for the deviations listed in ``DEVIATIONS`` (each
tested on its own below).  The surface distances use the project's NumPy
distance transform, which is also checked against brute force here.
"""
import itertools

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import nn, train
from dualgrad.train import metrics

from metrics_more_reference import BAD, CASES, MINDSPORE, MINDSPORE_ERRORS, inputs, models, run

# bad cases where the error differs from MindSpore 2.10's, on purpose: case -> ours
DEVIATIONS = {
    # MindSpore accepts any metric_name and raises NotImplementedError at the first update
    "ConfusionMatrixMetric unknown metric_name": "ValueError",
    # MindSpore's own docstrings say TypeError; its code raises ValueError
    "HausdorffDistance str label": "TypeError",
    "MeanSurfaceDistance str label": "TypeError",
    # MindSpore returns inf before any update (its __init__ unsets the flag clear() sets)
    "MeanSurfaceDistance eval before update": "RuntimeError",
    "RootMeanSquareDistance eval before update": "RuntimeError",
}

# OcclusionSensitivity runs a float32 network: its scores agree to float32 rounding
FLOAT32_CASES = {case for case in CASES if case.startswith("OcclusionSensitivity")}


def _assert_same(got, want, case, rtol):
    (kind, value), (want_kind, want_value) = got, want
    assert kind == want_kind, (case, kind, want_kind)
    if kind in ("tuple", "list"):
        assert len(value) == len(want_value), case
        for g, w in zip(value, want_value):
            _assert_same(g, w, case, rtol)
    else:
        np.testing.assert_allclose(np.array(value, float), np.array(want_value, float),
                                   rtol=rtol, atol=1e-6 if rtol > 1e-6 else 1e-12, err_msg=case)


@pytest.mark.parametrize("case", list(CASES))
def test_eval_matches_mindspore_after_every_update(case):
    got = run(ms, CASES[case])
    want = MINDSPORE[case]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        _assert_same(g, w, case, 1e-5 if case in FLOAT32_CASES else 1e-12)


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_raises_what_mindspore_raises(case):
    with pytest.raises(Exception) as info:
        run(ms, BAD[case])
    assert type(info.value).__name__ == DEVIATIONS.get(case, MINDSPORE_ERRORS[case]), info.value
    name = BAD[case][0]
    assert name in str(info.value) or "input data type" in str(info.value), info.value


def test_deviations_are_where_mindspore_differs():
    for case, ours in DEVIATIONS.items():
        assert MINDSPORE_ERRORS[case] != ours, case


def test_multiclass_roc_is_each_column_against_the_rest():
    # MindSpore 2.10 reshapes (N, C) scores to (C, N) before taking columns, which mixes up
    # the samples when N != C (its results for N == C are the cases above); each class's
    # curve here is MindSpore's binary curve of that column
    values = inputs()
    fpr, tpr, thresholds = train.ROC(class_num=3)(ms.Tensor(values["roc_multi6"]),
                                                  ms.Tensor(values["roc_multi6_labels"]))
    for c in range(3):
        (_, [(_, want_fpr), (_, want_tpr), (_, want_thresholds)]), = MINDSPORE[
            f"ROC column {c} of 6x3"]
        np.testing.assert_allclose(fpr[c], want_fpr, rtol=1e-12)
        np.testing.assert_allclose(tpr[c], want_tpr, rtol=1e-12)
        np.testing.assert_allclose(thresholds[c], want_thresholds, rtol=1e-7)


def test_roc_of_spatial_scores_pools_every_position():
    scores = np.sin(np.arange(24.0)).reshape(2, 3, 4).astype(np.float32)
    labels = np.array([[0, 1, 2, 1], [2, 2, 0, 1]])
    fpr, tpr, thresholds = train.ROC(class_num=3)(scores, labels)
    rows = np.moveaxis(scores, 1, -1).reshape(-1, 3)
    for c in range(3):
        want = train.ROC(pos_label=c)(rows[:, c], labels.reshape(-1))
        for got, expected in zip((fpr[c], tpr[c], thresholds[c]), want):
            np.testing.assert_array_equal(got, expected)


def test_auc_by_name_and_area_of_a_known_curve():
    x, y = np.array([0.0, 0.5, 1.0]), np.array([0.0, 1.0, 1.0])
    assert train.get_metric_fn("auc", x, y) == 0.75
    assert type(train.auc(x.astype(np.float32), y.astype(np.float32))) is np.float64


def _brute_force(features, metric):
    """Each element's distance to the nearest True element of ``features``, pair by pair."""
    points = np.argwhere(features)
    grid = np.indices(features.shape).reshape(features.ndim, -1).T
    gaps = np.abs(grid[:, None, :] - points[None, :, :])
    distance = {"euclidean": np.sqrt((gaps ** 2).sum(-1)), "taxicab": gaps.sum(-1),
                "chessboard": gaps.max(-1)}[metric].min(axis=1)
    return distance.reshape(features.shape)


@pytest.mark.parametrize("metric", ["euclidean", "taxicab", "chessboard"])
@pytest.mark.parametrize("shape", [(7,), (5, 6), (3, 4, 5)])
def test_distance_transform_is_exact(metric, shape):
    features = np.sin(np.arange(np.prod(shape)) * 2.7).reshape(shape) > 0.8
    got = metrics._distance_transform(features, metric)
    np.testing.assert_array_equal(got, _brute_force(features, metric))
    assert got.dtype == (np.float64 if metric == "euclidean" else np.int32)


def test_mask_edges_are_the_region_minus_its_erosion():
    region = np.zeros((5, 6), bool)
    region[1:4, 1:5] = True
    edges = metrics._mask_edges(region)
    want = region.copy()
    want[2, 2:4] = False                                 # the interior keeps its 4 neighbours
    np.testing.assert_array_equal(edges, want)
    np.testing.assert_array_equal(metrics._mask_edges(np.ones((2, 3), bool)), np.ones((2, 3)))
    assert not metrics._mask_edges(np.array(True))       # 0-d: no neighbours, no edge


def test_surface_distances_and_percentile_zero_as_mindspore_counts_it():
    values = inputs()
    pred, true = values["seg_pred"], values["seg_true"]
    # percentile 0.0 is falsy: MindSpore (and so this) gives the maximum, as with none
    assert train.HausdorffDistance(percentile=0.0)(pred, true, 1) == train.HausdorffDistance()(
        pred, true, 1)
    forward = train.HausdorffDistance(directed=True)(pred, true, 1)
    backward = train.HausdorffDistance(directed=True)(true, pred, 1)
    assert train.HausdorffDistance()(pred, true, 1) == max(forward, backward)
    # RootMeanSquareDistance without symmetric is the mean square, its symmetric the root
    msd = train.RootMeanSquareDistance()(pred, true, 1)
    back = train.RootMeanSquareDistance()(true, pred, 1)
    assert train.RootMeanSquareDistance(symmetric=True)(pred, true, 1) == pytest.approx(
        np.sqrt((msd + back) / 2), rel=1e-12)


def test_bleu_by_hand():
    candidate = [["a", "b", "c", "d"]]
    references = [[["a", "b", "c", "e", "f"]]]
    # precisions 3/4, 2/3, 1/2; the candidate is shorter: penalty exp(1 - 5/4)
    want = np.exp(1 - 5 / 4) * (3 / 4 * 2 / 3 * 1 / 2) ** (1 / 3)
    assert train.BleuScore(n_gram=3)(candidate, references) == pytest.approx(want, rel=1e-12)
    smooth = np.exp(1 - 5 / 4) * (4 / 5 * 3 / 4 * 2 / 3) ** (1 / 3)
    assert train.BleuScore(3, smooth=True)(candidate, references) == pytest.approx(smooth,
                                                                                   rel=1e-12)


def test_occlusion_list_margin_is_one_per_axis():
    """MindSpore 2.10 refuses a list margin (its docstring allows a sequence)."""
    net = models(nn, ms.Tensor)["image"]
    image = inputs()["occ_image"]
    label = np.array(2)
    same = train.OcclusionSensitivity(margin=[1, 1, 1])(net, image, label)
    np.testing.assert_array_equal(same, train.OcclusionSensitivity(margin=1)(net, image, label))
    # the image's axes are (channel, row, column): rows [r - 1, r + 1), columns [c - 2, c + 2)
    got = train.OcclusionSensitivity(margin=[1, 1, 2])(net, image, label)
    baseline = net(ms.Tensor(image)).asnumpy()[0, 2]
    want = np.empty((3, 3), np.float32)
    for r, c in itertools.product(range(3), range(3)):
        occluded = image.copy()
        occluded[0, 0, max(0, r - 1):r + 1, max(0, c - 2):c + 2] = 0.0
        want[r, c] = baseline - net(ms.Tensor(occluded)).asnumpy()[0, 2]
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)


def test_occlusion_label_of_one_element_any_shape():
    """MindSpore 2.10 fails on a label of shape (1,) when it stacks the scores."""
    net = models(nn, ms.Tensor)["image"]
    image = inputs()["occ_image"]
    want = train.OcclusionSensitivity(n_batch=4)(net, image, np.array(2))
    for label in (np.array([2]), [2], ms.Tensor([[2]])):
        np.testing.assert_array_equal(train.OcclusionSensitivity(n_batch=4)(net, image, label),
                                      want)


def test_confusion_matrix_metric_mean_batch_is_the_mean_over_samples():
    """MindSpore 2.10 cannot run decrease='mean_batch' (it unpacks a function)."""
    pred = (np.sin(np.arange(8.0)) > 0).reshape(2, 1, 2, 2)
    true = (np.cos(np.arange(8.0)) > 0).reshape(2, 1, 2, 2)
    metric = train.ConfusionMatrixMetric(metric_name="acc", calculation_method=True,
                                         decrease="mean_batch")
    per_sample = [train.ConfusionMatrixMetric(metric_name="acc", calculation_method=True)(
        pred[i:i + 1], true[i:i + 1]) for i in range(2)]
    assert metric(pred, true) == pytest.approx(np.mean(per_sample), rel=1e-12)


def test_confusion_matrix_metric_eval_before_update_raises():
    """MindSpore 2.10 returns [nan] here without calculation_method."""
    metric = train.ConfusionMatrixMetric()
    with pytest.raises(RuntimeError, match="'ConfusionMatrixMetric' can not be calculated"):
        metric.eval()
    metric.update(np.ones((1, 2)), np.ones((1, 2)))
    assert metric.eval().tolist() == [1.0]
    metric.clear()
    with pytest.raises(RuntimeError):
        metric.eval()


def test_update_after_clear_starts_over():
    bleu = train.BleuScore()
    bleu.update([["a", "b", "c", "d"]], [[["a", "b", "c", "d"]]])
    assert bleu.eval() == 1.0
    bleu.clear()
    with pytest.raises(RuntimeError, match="call the 'update' method before 'eval'"):
        bleu.eval()
    for metric in (train.ROC(), train.HausdorffDistance(), train.MeanSurfaceDistance(),
                   train.OcclusionSensitivity()):
        metric.clear()
        with pytest.raises(RuntimeError, match="call the 'update' method before 'eval'"):
            metric.eval()


NEW = ["ROC", "auc", "ConfusionMatrixMetric", "HausdorffDistance", "MeanSurfaceDistance",
       "RootMeanSquareDistance", "BleuScore", "OcclusionSensitivity"]


def test_names_and_exports_as_in_mindspore():
    # mindspore.train.names() in MindSpore 2.10
    assert train.names() == [
        "F1", "acc", "accuracy", "auc", "bleu_score", "confusion_matrix",
        "confusion_matrix_metric", "cosine_similarity", "dice", "hausdorff_distance", "loss",
        "mae", "mean_surface_distance", "mse", "occlusion_sensitivity", "perplexity",
        "precision", "recall", "roc", "root_mean_square_distance", "top_1_accuracy",
        "top_5_accuracy", "topk"]
    assert isinstance(train.get_metric_fn("roc", pos_label=2), train.ROC)
    assert train.get_metric_fn("hausdorff_distance", "taxicab").distance_metric == "taxicab"
    assert train.get_metric_fn("bleu_score", 2).n_gram == 2
    for name in NEW:
        assert getattr(nn, name) is getattr(train, name) is getattr(metrics, name), name
        assert name in nn.__all__ and name in train.__all__ and name in metrics.__all__


def test_confusion_matrix_metric_counts_labels_beyond_binary_as_mindspore_does():
    """A true 2 predicted 0 is a true positive (y_pred + y == 2) that counts
    twice among the positives; the one position left has P = 2 of 2, so the
    negatives N = 0 and specificity is nan.  255 is the largest label taken."""
    sensitivity = train.ConfusionMatrixMetric(metric_name="tpr")
    assert sensitivity(np.array([[0, 0]]), np.array([[2, 0]])).tolist() == [0.5]
    specificity = train.ConfusionMatrixMetric(metric_name="tnr")
    assert np.isnan(specificity(np.array([[0, 0]]), np.array([[2, 0]]))).all()
    assert train.ConfusionMatrixMetric()(np.ones((1, 2)), np.array([[255, 1]])).tolist() == [
        1 / 256]
    for bad in ([[256, 0]], [[-1, 0]], [[0.5, 0]]):
        with pytest.raises(ValueError, match=r"integers in \[0, 255\]"):
            train.ConfusionMatrixMetric()(np.ones((1, 2)), np.array(bad))
