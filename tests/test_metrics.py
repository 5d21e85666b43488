"""``dualgrad.train.metrics`` (also in ``dualgrad.nn``) against MindSpore 2.10's metrics.

Every case of tests/metrics_reference.py runs its updates and compares what
``eval`` returns after each (its type and values) with MindSpore's captured
results, and every bad case must raise the exception type MindSpore raised.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import nn, train
from dualgrad.train import metrics

from metrics_reference import BAD, CASES, MINDSPORE, MINDSPORE_ERRORS, run

# MindSpore forms multilabel Recall's per-update ratios of float32 inputs in float32,
# where its eps vanishes and a sample with no true label gives nan (see test below).
FLOAT32_NAN = {"Recall multilabel average"}


@pytest.mark.parametrize("case", [c for c in CASES if c not in FLOAT32_NAN])
def test_eval_matches_mindspore_after_every_update(case):
    got = run(train, ms.Tensor, CASES[case])
    want = MINDSPORE[case]
    assert len(got) == len(want)
    for (kind, value), (want_kind, want_value) in zip(got, want):
        assert kind == want_kind, case
        np.testing.assert_allclose(np.array(value, float), np.array(want_value, float),
                                   rtol=1e-6, atol=1e-7, err_msg=case)


def test_multilabel_recall_average_is_the_mean_of_the_per_sample_recalls():
    # MindSpore 2.10 gives nan here (float32 counts + the smallest double == the counts);
    # the mean of its own per-sample recalls (which it forms in float64) is what's meant.
    assert all(np.isnan(value) for _, value in MINDSPORE["Recall multilabel average"])
    got = run(train, ms.Tensor, CASES["Recall multilabel average"])
    per_sample = [value for _, value in MINDSPORE["Recall multilabel"]]
    for (kind, value), recalls in zip(got, per_sample):
        assert kind == "float64"
        assert value == pytest.approx(np.mean(recalls), rel=1e-12)


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_raises_what_mindspore_raises(case):
    with pytest.raises(Exception) as info:
        run(train, ms.Tensor, BAD[case])
    assert type(info.value).__name__ == MINDSPORE_ERRORS[case], info.value
    message = str(info.value)
    assert BAD[case][0] in message or "Metric" in message or "input data type" in message, message


def test_eval_before_update_and_after_clear_raises_runtime_error():
    metric = train.MAE()
    metric.update([1.0, 2.0], [1.5, 2.0])
    assert float(metric.eval()) == 0.25
    metric.clear()
    with pytest.raises(RuntimeError, match="'MAE' can not be calculated"):
        metric.eval()
    assert float(metric([1.0], [3.0])) == 2.0      # __call__: clear, update, eval


def test_inputs_may_be_tensors_arrays_or_lists_but_nothing_else():
    logits = [[0.1, 0.9], [0.8, 0.2]]
    for pred, label in ((ms.Tensor(logits), ms.Tensor([1, 1])), (np.array(logits), [1, 1]),
                        (logits, np.array([1, 1]))):
        assert train.Accuracy()(pred, label) == 0.5
    with pytest.raises(TypeError, match="For 'Accuracy', the input data type must be Tensor"):
        train.Accuracy()(logits, (1, 1))


def test_set_indexes_picks_and_orders_the_inputs():
    metric = train.Accuracy().set_indexes([2, 0])
    assert metric.indexes == [2, 0]
    assert metric.update(ms.Tensor([1, 0]), "ignored", [[0.1, 0.9], [0.3, 0.7]]) is None
    assert metric.eval() == 0.5
    assert train.Accuracy().indexes is None
    with pytest.raises(ValueError, match="'indexes' must be a list of ints"):
        metric.set_indexes((0, 1))
    with pytest.raises(TypeError):
        train.Metric()         # abstract


def test_names_and_factories():
    assert train.names() == ["F1", "acc", "accuracy", "auc", "bleu_score", "confusion_matrix",
                             "confusion_matrix_metric", "cosine_similarity", "dice",
                             "hausdorff_distance", "loss", "mae", "mean_surface_distance", "mse",
                             "occlusion_sensitivity", "perplexity", "precision", "recall", "roc",
                             "root_mean_square_distance", "top_1_accuracy", "top_5_accuracy",
                             "topk"]
    assert isinstance(train.get_metric_fn("acc"), train.Accuracy)
    assert train.get_metric_fn("confusion_matrix", 3, normalize="all").normalize == "all"
    with pytest.raises(KeyError, match="unsupported metric 'auroc'"):
        train.get_metric_fn("auroc")
    built = metrics.get_metrics({"mae", "top_5_accuracy"})
    assert isinstance(built["mae"], train.MAE) and built["top_5_accuracy"].k == 5
    given = {"loss": train.Loss()}
    assert metrics.get_metrics(given) is given and metrics.get_metrics(None) is None
    with pytest.raises(TypeError, match="must map strings to Metrics"):
        metrics.get_metrics({"loss": "Loss"})
    with pytest.raises(TypeError, match="must be None, a dict or a set"):
        metrics.get_metrics(["mae"])


# mindspore.train.metrics.__all__ in MindSpore 2.10 (all of which mindspore.nn exports too)
NN_METRICS = ["Accuracy", "BleuScore", "ConfusionMatrix", "ConfusionMatrixMetric",
              "CosineSimilarity", "Dice", "F1", "Fbeta", "HausdorffDistance", "Loss", "MAE", "MSE",
              "MeanSurfaceDistance", "Metric", "OcclusionSensitivity", "Perplexity", "Precision",
              "ROC", "Recall", "RootMeanSquareDistance", "Top1CategoricalAccuracy",
              "Top5CategoricalAccuracy", "TopKCategoricalAccuracy", "auc", "get_metric_fn",
              "names", "rearrange_inputs"]


def test_exported_from_train_and_nn_as_in_mindspore():
    for name in NN_METRICS:
        assert getattr(nn, name) is getattr(train, name) is getattr(metrics, name), name
        assert name in nn.__all__ and name in train.__all__ and name in metrics.__all__
    assert set(metrics.__all__) == set(NN_METRICS) | {"get_metrics"}
    assert ms.train.metrics is metrics
