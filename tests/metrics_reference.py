"""MindSpore 2.10's results for the metrics of tests/test_metrics.py.

Each case names a metric of ``mindspore.train`` built with its keyword
arguments, a list of ``update`` calls (each a tuple of input names of
``inputs()``: formulas, no random generator; a name ``list:x`` passes input
``x`` as a Python list, ``np:x`` as a NumPy array, a plain name as a
Tensor), the keyword arguments of ``eval`` and, optionally, the metric's
``set_indexes``.  ``MINDSPORE`` holds what ``eval`` returned after each
update (its type's name and its value); ``MINDSPORE_ERRORS`` the type of the
exception each case of ``BAD`` raised, at construction, at an update or at
``eval`` (``None`` where MindSpore raised nothing).  They were captured once
by running this module with MindSpore's Python (``python
metrics_reference.py`` prints both dicts); the tests need neither.
"""
import numpy as np


def inputs():
    """The named inputs (float32 scores, int32 labels)."""
    k = np.arange(24.0)
    logits = np.sin(k * 0.7 + 0.3).reshape(6, 4)
    out = {
        "logits": logits[:5],
        "labels": np.array([3, 0, 2, 1, 2]),
        "logits_b": logits[3:6, :] * -1.0,
        "labels_b": np.array([1, 1, 0]),
        "logits_3": logits[:, :3][:4],
        "labels_3": np.array([2, 1, 1, 0]),
        "logits_nd": np.sin(np.arange(12.0) * 1.3).reshape(2, 3, 2),
        "labels_nd": np.array([[0, 2], [1, 1]]),
        "ml_pred": (np.sin(k[:12] * 1.7) > 0).reshape(4, 3),
        "ml_true": (np.cos(k[:12] * 0.9) > 0).reshape(4, 3),
        "ml_pred_b": (np.sin(k[:6] * 2.3) > 0).reshape(2, 3),
        "ml_true_b": (np.sin(k[:6] * 2.3 + 0.5) > 0).reshape(2, 3),
        "reg_pred": np.cos(k[:8] * 0.8).reshape(4, 2),
        "reg_true": np.sin(k[:8] * 0.6).reshape(4, 2),
        "reg_true_flat": np.sin(k[:8] * 0.6),
        "reg_pred_b": np.array([[0.5, -1.0], [2.0, 0.25]]),
        "reg_true_b": np.array([[0.0, -1.5], [1.0, 1.0]]),
        "loss_scalar": np.array(0.75),
        "loss_vector": np.array([0.5, 1.25, 2.0]),
        "loss_matrix": np.ones((2, 2)),
        "probs": np.exp(logits[:5]) / np.exp(logits[:5]).sum(axis=1, keepdims=True),
        "bin_pred": np.array([0.1, 0.7, 0.5, 0.49, 0.9, 0.2]),
        "bin_true": np.array([0, 1, 1, 0, 0, 1]),
        "cos_x": np.array([[1.0, 2.0, 0.5, -1.0], [0.5, -0.5, 2.0, 1.0], [3.0, 1.0, 0.0, 1.0]]),
        "dice_pred": (0.5 + 0.5 * np.sin(k[:18] * 0.9)).reshape(2, 3, 3),
        "dice_true": (np.cos(k[:18] * 1.1) > 0).reshape(2, 3, 3),
        "dice_pred_b": (0.5 + 0.5 * np.cos(k[:9])).reshape(1, 3, 3),
        "dice_true_b": (np.sin(k[:9] * 1.4) > 0).reshape(1, 3, 3),
        "top_logits": np.sin(np.arange(42.0) * 0.61).reshape(7, 6),
        "top_labels": np.array([0, 5, 2, 3, 1, 4, 2]),
        "labels_big": np.array([3, 0, 4, 1, 2]),
        "labels_other": np.array([1, 1, 3, 0, 2]),
        "labels_short": np.array([3, 0, 2]),
    }
    out["onehot"] = np.eye(4)[out["labels"]]
    out["top_onehot"] = np.eye(6)[out["top_labels"]]
    ints = ("labels", "labels_b", "labels_3", "labels_nd", "bin_true", "top_labels",
            "labels_big", "labels_short", "labels_other")
    return {n: v.astype(np.int32 if n in ints else np.float32) for n, v in out.items()}


# name: (metric, constructor keyword arguments, updates, eval keyword arguments[, indexes])
CASES = {
    "Accuracy": ("Accuracy", {}, [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "Accuracy one-hot": ("Accuracy", {}, [("logits", "onehot")], {}),
    "Accuracy nd": ("Accuracy", {}, [("logits_nd", "labels_nd")], {}),
    "Accuracy lists": ("Accuracy", {}, [("list:logits", "np:labels")], {}),
    "Accuracy multilabel": ("Accuracy", {"eval_type": "multilabel"},
                            [("ml_pred", "ml_true"), ("ml_pred_b", "ml_true_b")], {}),
    "Accuracy indexes": ("Accuracy", {}, [("labels", "reg_pred", "logits")], {}, [2, 0]),
    "MAE": ("MAE", {}, [("reg_pred", "reg_true"), ("reg_pred_b", "np:reg_true_b")], {}),
    "MAE reshaped target": ("MAE", {}, [("reg_pred", "reg_true_flat")], {}),
    "MSE": ("MSE", {}, [("reg_pred", "reg_true"), ("list:reg_pred_b", "reg_true_b")], {}),
    "Loss": ("Loss", {}, [("loss_scalar",), ("loss_vector",), ("np:loss_vector",)], {}),
    "Precision": ("Precision", {}, [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "Precision average": ("Precision", {}, [("logits", "onehot")], {"average": True}),
    "Precision multilabel": ("Precision", {"eval_type": "multilabel"},
                             [("ml_pred", "ml_true"), ("ml_pred_b", "ml_true_b")], {}),
    "Precision multilabel average": ("Precision", {"eval_type": "multilabel"},
                                     [("ml_pred", "ml_true"), ("ml_pred_b", "ml_true_b")],
                                     {"average": True}),
    "Recall": ("Recall", {}, [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "Recall average": ("Recall", {}, [("logits", "labels")], {"average": True}),
    "Recall multilabel": ("Recall", {"eval_type": "multilabel"},
                          [("ml_pred", "ml_true"), ("ml_pred_b", "ml_true_b")], {}),
    "Recall multilabel average": ("Recall", {"eval_type": "multilabel"},
                                  [("ml_pred", "ml_true"), ("ml_pred_b", "ml_true_b")],
                                  {"average": True}),
    "F1": ("F1", {}, [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "F1 average": ("F1", {}, [("logits", "onehot")], {"average": True}),
    "Fbeta 0.5": ("Fbeta", {"beta": 0.5}, [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "Fbeta 2 average": ("Fbeta", {"beta": 2}, [("logits", "labels")], {"average": True}),
    "Top3": ("TopKCategoricalAccuracy", {"k": 3}, [("top_logits", "top_labels"),
                                                   ("logits", "labels")], {}),
    "Top2 one-hot": ("TopKCategoricalAccuracy", {"k": 2}, [("top_logits", "top_onehot")], {}),
    "Top1": ("Top1CategoricalAccuracy", {}, [("top_logits", "top_labels")], {}),
    "Top5": ("Top5CategoricalAccuracy", {}, [("top_logits", "top_labels")], {}),
    "Perplexity": ("Perplexity", {}, [("probs", "labels"), ("list:probs", "np:labels_other")], {}),
    "Perplexity ignore": ("Perplexity", {"ignore_label": 2}, [("probs", "labels")], {}),
    "ConfusionMatrix": ("ConfusionMatrix", {"num_classes": 4},
                        [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "ConfusionMatrix binary": ("ConfusionMatrix", {"num_classes": 2, "threshold": 0.45},
                               [("bin_pred", "bin_true")], {}),
    "ConfusionMatrix labels": ("ConfusionMatrix", {"num_classes": 4},
                               [("labels_big", "labels")], {}),
    "ConfusionMatrix target": ("ConfusionMatrix", {"num_classes": 4, "normalize": "target"},
                               [("logits", "labels")], {}),
    "ConfusionMatrix prediction": ("ConfusionMatrix", {"num_classes": 4,
                                                       "normalize": "prediction"},
                                   [("logits", "labels"), ("logits_b", "labels_b")], {}),
    "ConfusionMatrix all": ("ConfusionMatrix", {"num_classes": 4, "normalize": "all"},
                            [("logits", "labels")], {}),
    "CosineSimilarity": ("CosineSimilarity", {}, [("cos_x",)], {}),
    "CosineSimilarity dot sum": ("CosineSimilarity", {"similarity": "dot", "reduction": "sum",
                                                      "zero_diagonal": False},
                                 [("cos_x",)], {}),
    "CosineSimilarity mean": ("CosineSimilarity", {"reduction": "mean"}, [("np:cos_x",)], {}),
    "Dice": ("Dice", {}, [("dice_pred", "dice_true"), ("dice_pred_b", "dice_true_b")], {}),
    "Dice smooth": ("Dice", {"smooth": 0.5}, [("dice_pred", "dice_true")], {}),
}

# name: a case as in CASES, whose construction, updates or eval MindSpore refuses
BAD = {
    "Accuracy eval before update": ("Accuracy", {}, [], {}),
    "Accuracy bad eval_type": ("Accuracy", {"eval_type": "regression"}, [], {}),
    "Accuracy one input": ("Accuracy", {}, [("logits",)], {}),
    "Accuracy shapes": ("Accuracy", {}, [("logits", "labels_short")], {}),
    "Accuracy ndim": ("Accuracy", {}, [("logits", "logits")], {}),
    "Accuracy class count changes": ("Accuracy", {}, [("logits", "labels"),
                                                      ("logits_3", "labels_3")], {}),
    "Accuracy multilabel not binary": ("Accuracy", {"eval_type": "multilabel"},
                                       [("reg_pred", "reg_true")], {}),
    "Accuracy a str input": ("Accuracy", {}, [("logits", "str")], {}),
    "MAE eval before update": ("MAE", {}, [], {}),
    "MSE three inputs": ("MSE", {}, [("reg_pred", "reg_true", "reg_true")], {}),
    "Loss eval before update": ("Loss", {}, [], {}),
    "Loss matrix": ("Loss", {}, [("loss_matrix",)], {}),
    "Precision eval before update": ("Precision", {}, [], {}),
    "Precision labels beyond classes": ("Precision", {}, [("logits_3", "labels_big")], {}),
    "Precision average not bool": ("Precision", {}, [("logits", "labels")], {"average": 1}),
    "Recall eval before update": ("Recall", {}, [], {}),
    "Recall shapes": ("Recall", {}, [("logits", "labels_short")], {}),
    "Fbeta beta zero": ("Fbeta", {"beta": 0}, [], {}),
    "Fbeta eval before update": ("Fbeta", {"beta": 1.0}, [], {}),
    "F1 labels beyond classes": ("F1", {}, [("logits_3", "labels_big")], {}),
    "TopK float k": ("TopKCategoricalAccuracy", {"k": 2.0}, [], {}),
    "TopK zero k": ("TopKCategoricalAccuracy", {"k": 0}, [], {}),
    "TopK eval before update": ("TopKCategoricalAccuracy", {"k": 2}, [], {}),
    "Perplexity eval before update": ("Perplexity", {}, [], {}),
    "Perplexity float ignore_label": ("Perplexity", {"ignore_label": 1.0}, [], {}),
    "Perplexity shapes": ("Perplexity", {}, [("probs", "labels_short")], {}),
    "ConfusionMatrix eval before update": ("ConfusionMatrix", {"num_classes": 2}, [], {}),
    "ConfusionMatrix bad normalize": ("ConfusionMatrix", {"num_classes": 2,
                                                          "normalize": "rows"}, [], {}),
    "ConfusionMatrix float num_classes": ("ConfusionMatrix", {"num_classes": 2.0}, [], {}),
    "ConfusionMatrix int threshold": ("ConfusionMatrix", {"num_classes": 2, "threshold": 1},
                                      [], {}),
    "ConfusionMatrix ndim": ("ConfusionMatrix", {"num_classes": 4},
                             [("logits_nd", "labels")], {}),
    "CosineSimilarity eval before update": ("CosineSimilarity", {}, [], {}),
    "CosineSimilarity bad similarity": ("CosineSimilarity", {"similarity": "l2"}, [], {}),
    "CosineSimilarity bad reduction": ("CosineSimilarity", {"reduction": "max"}, [], {}),
    "CosineSimilarity zero_diagonal int": ("CosineSimilarity", {"zero_diagonal": 1}, [], {}),
    "Dice eval before update": ("Dice", {}, [], {}),
    "Dice negative smooth": ("Dice", {"smooth": -1.0}, [], {}),
    "Dice int smooth": ("Dice", {"smooth": 1}, [], {}),
    "Dice shapes": ("Dice", {}, [("dice_pred", "dice_pred_b")], {}),
}


NAN = float("nan")

MINDSPORE = \
{'Accuracy': [('float64', 0.2), ('float64', 0.125)],
 'Accuracy one-hot': [('float64', 0.2)],
 'Accuracy nd': [('float64', 0.0)],
 'Accuracy lists': [('float64', 0.2)],
 'Accuracy multilabel': [('float64', 0.0), ('float64', 0.0)],
 'Accuracy indexes': [('float64', 0.2)],
 'MAE': [('float64', 2.1125569343566895), ('float64', 1.8667046229044597)],
 'MAE reshaped target': [('float64', 1.0562784671783447)],
 'MSE': [('float64', 2.8242197036743164), ('float64', 2.2265631357828775)],
 'Loss': [('float64', 0.75), ('float64', 1.0), ('float64', 1.0833333333333333)],
 'Precision': [('ndarray', [0.5, 0.0, 0.0, 0.0]), ('ndarray', [0.3333333333333333, 0.0, 0.0, 0.0])],
 'Precision average': [('float64', 0.125)],
 'Precision multilabel': [('ndarray', [1.0, 0.0, 1.0, 0.0]),
                          ('ndarray', [1.0, 0.0, 1.0, 0.0, 1.0, 0.5])],
 'Precision multilabel average': [('float64', 0.5), ('float64', 0.5833333333333334)],
 'Recall': [('ndarray', [1.0, 0.0, 0.0, 0.0]), ('ndarray', [0.5, 0.0, 0.0, 0.0])],
 'Recall average': [('float64', 0.25)],
 'Recall multilabel': [('ndarray', [0.5, 0.0, 0.3333333333333333, 0.0]),
                       ('ndarray', [0.5, 0.0, 0.3333333333333333, 0.0, 0.5, 1.0])],
 'Recall multilabel average': [('float64', NAN), ('float64', NAN)],
 'F1': [('ndarray', [0.6666666666666666, 0.0, 0.0, 0.0]), ('ndarray', [0.4, 0.0, 0.0, 0.0])],
 'F1 average': [('float64', 0.16666666666666666)],
 'Fbeta 0.5': [('ndarray', [0.5555555555555556, 0.0, 0.0, 0.0]),
               ('ndarray', [0.35714285714285715, 0.0, 0.0, 0.0])],
 'Fbeta 2 average': [('float64', 0.20833333333333334)],
 'Top3': [('float64', 0.7142857142857143), ('float64', 0.8333333333333334)],
 'Top2 one-hot': [('float64', 0.42857142857142855)],
 'Top1': [('float64', 0.14285714285714285)],
 'Top5': [('float64', 0.8571428571428571)],
 'Perplexity': [('float', 3.292775679731487), ('float', 3.1987574445685523)],
 'Perplexity ignore': [('float', 3.3166351751149215)],
 'ConfusionMatrix': [('ndarray',
                      [[1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0],
                       [0.0, 0.0, 1.0, 0.0]]),
                     ('ndarray',
                      [[1.0, 0.0, 0.0, 1.0], [2.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0],
                       [0.0, 0.0, 1.0, 0.0]])],
 'ConfusionMatrix binary': [('ndarray', [[1.0, 2.0], [1.0, 2.0]])],
 'ConfusionMatrix labels': [('ndarray',
                             [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0],
                              [1.0, 0.0, 0.0, 1.0]])],
 'ConfusionMatrix target': [('ndarray',
                             [[1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0],
                              [0.0, 0.0, 1.0, 0.0]])],
 'ConfusionMatrix prediction': [('ndarray',
                                 [[0.5, 0.0, 0.0, 0.0], [0.5, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0],
                                  [0.0, 0.0, 1.0, 0.0]]),
                                ('ndarray',
                                 [[0.3333333333333333, 0.0, 0.0, 0.25],
                                  [0.6666666666666666, 0.0, 0.0, 0.25], [0.0, 0.0, 0.0, 0.5],
                                  [0.0, 0.0, 1.0, 0.0]])],
 'ConfusionMatrix all': [('ndarray',
                          [[0.2, 0.0, 0.0, 0.0], [0.2, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.4],
                           [0.0, 0.0, 0.2, 0.0]])],
 'CosineSimilarity': [('ndarray',
                       [[0.0, -0.08528028428554535, 0.48241814970970154],
                        [-0.08528028428554535, 0.0, 0.2571297287940979],
                        [0.48241814970970154, 0.2571297287940979, 0.0]])],
 'CosineSimilarity dot sum': [('ndarray', [9.75, 7.0, 17.0])],
 'CosineSimilarity mean': [('ndarray',
                            [0.13237929344177246, 0.05728314816951752, 0.24651594460010529])],
 'Dice': [('float', 0.26405507984700755), ('float', 0.39879851178766906)],
 'Dice smooth': [('float', 0.2568297825701193)]}

MINDSPORE_ERRORS = \
{'Accuracy eval before update': 'RuntimeError',
 'Accuracy bad eval_type': 'TypeError',
 'Accuracy one input': 'ValueError',
 'Accuracy shapes': 'ValueError',
 'Accuracy ndim': 'ValueError',
 'Accuracy class count changes': 'ValueError',
 'Accuracy multilabel not binary': 'ValueError',
 'Accuracy a str input': 'TypeError',
 'MAE eval before update': 'RuntimeError',
 'MSE three inputs': 'ValueError',
 'Loss eval before update': 'RuntimeError',
 'Loss matrix': 'ValueError',
 'Precision eval before update': 'RuntimeError',
 'Precision labels beyond classes': 'ValueError',
 'Precision average not bool': 'TypeError',
 'Recall eval before update': 'RuntimeError',
 'Recall shapes': 'ValueError',
 'Fbeta beta zero': 'ValueError',
 'Fbeta eval before update': 'RuntimeError',
 'F1 labels beyond classes': 'ValueError',
 'TopK float k': 'TypeError',
 'TopK zero k': 'ValueError',
 'TopK eval before update': 'RuntimeError',
 'Perplexity eval before update': 'RuntimeError',
 'Perplexity float ignore_label': 'TypeError',
 'Perplexity shapes': 'RuntimeError',
 'ConfusionMatrix eval before update': 'RuntimeError',
 'ConfusionMatrix bad normalize': 'ValueError',
 'ConfusionMatrix float num_classes': 'TypeError',
 'ConfusionMatrix int threshold': 'TypeError',
 'ConfusionMatrix ndim': 'ValueError',
 'CosineSimilarity eval before update': 'RuntimeError',
 'CosineSimilarity bad similarity': 'ValueError',
 'CosineSimilarity bad reduction': 'ValueError',
 'CosineSimilarity zero_diagonal int': 'TypeError',
 'Dice eval before update': 'RuntimeError',
 'Dice negative smooth': 'ValueError',
 'Dice int smooth': 'TypeError',
 'Dice shapes': 'ValueError'}


def _feed(tensor, values, name):
    """The input ``name`` (with its ``list:``/``np:`` prefix) as the metric gets it."""
    if name == "str":
        return "labels"
    kind, _, key = name.rpartition(":")
    value = values[key]
    return value.tolist() if kind == "list" else value if kind == "np" else tensor(value)


def _result(value):
    """(type name, value) of an eval result, as plain Python for the captured dict."""
    kind = type(value).__name__
    return kind, np.asarray(value).tolist()


def run(train, tensor, case):
    """Run ``case`` with the metrics of ``train``; return the results after each update."""
    name, kwargs, updates, eval_kwargs, *indexes = case
    values = inputs()
    metric = getattr(train, name)(**kwargs)
    if indexes:
        metric.set_indexes(indexes[0])
    out = []
    for update in updates:
        metric.update(*(_feed(tensor, values, n) for n in update))
        if name != "CosineSimilarity":       # its eval reduces its state in place
            out.append(_result(metric.eval(**eval_kwargs)))
    if not updates or name == "CosineSimilarity":
        out.append(_result(metric.eval(**eval_kwargs)))
    return out


def _capture():
    import mindspore as ms
    from mindspore import train
    results = {case: run(train, ms.Tensor, spec) for case, spec in CASES.items()}
    errors = {}
    for case, spec in BAD.items():
        try:
            run(train, ms.Tensor, spec)
            errors[case] = None
        except Exception as e:      # noqa: BLE001 (recording whatever MindSpore raises)
            errors[case] = type(e).__name__
    return results, errors


if __name__ == "__main__":
    import pprint
    found, refused = _capture()
    print("MINDSPORE = \\")
    pprint.pprint(found, width=100, compact=True, sort_dicts=False)
    print("\nMINDSPORE_ERRORS = \\")
    pprint.pprint(refused, width=100, compact=True, sort_dicts=False)
