"""MindSpore 2.10's results for the metrics of tests/test_metrics_more.py.

The metrics and the function ``auc`` that tests/metrics_reference.py does
not cover: ``ROC``, ``auc``, ``ConfusionMatrixMetric``, the surface
distances (``HausdorffDistance``, ``MeanSurfaceDistance``,
``RootMeanSquareDistance``), ``BleuScore`` and ``OcclusionSensitivity``.

Each case names a metric of ``mindspore.train`` (or ``auc``) built with its
keyword arguments and a list of ``update`` calls (for ``auc``: of calls),
each a tuple of input names: a name of ``inputs()`` (formulas, no random
generator) passes a Tensor, ``np:x`` a NumPy array, ``list:x`` a Python
list, ``raw:x`` the Python object ``x`` of ``RAW`` (label indices, text
corpora), ``model:x`` the Cell ``x`` of ``models()`` built with the
framework's ``nn``; for ``auc``, ``roc:x`` (as x and y) passes the fpr and
the tpr of the binary ROC curve of input ``x`` (scores) and the next name's
labels.  ``MINDSPORE`` holds what ``eval`` returned after each
update (its type's name, with the dtype for NumPy values, and its value;
tuples and lists element by element); ``MINDSPORE_ERRORS`` the type of the
exception each case of ``BAD`` raised, at construction, at an update or at
``eval`` (``None`` where MindSpore raised nothing).  They were captured once
by running this module with MindSpore's Python (``python
metrics_more_reference.py`` prints both dicts); the tests need neither.
"""
import numpy as np

INF = float("inf")
NAN = float("nan")


def inputs():
    """The named inputs (float32 scores and images, int32 labels and masks)."""
    k = np.arange(64.0)
    out = {
        # ROC: binary scores with ties, the documented multiclass example, N != C
        "roc_score": np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.65, 0.2, 0.9]),
        "roc_true": np.array([0, 0, 1, 1, 0, 1, 0, 1]),
        "roc_score_b": np.array([0.3, 0.6, 0.6, 0.1, 0.9]),
        "roc_true_b": np.array([1, 0, 1, 0, 1]),
        "roc_all_pos": np.array([1, 1, 1, 1, 1]),
        "roc_all_neg": np.array([0, 0, 0, 0, 0]),
        "roc_doc_score": np.array([0.28, 0.55, 0.15, 0.05]),
        "roc_doc_labels": np.array([0, 1, 2, 3]),
        "roc_doc_multi": np.array([[0.28, 0.55, 0.15, 0.05], [0.10, 0.20, 0.05, 0.05],
                                   [0.20, 0.05, 0.15, 0.05], [0.05, 0.05, 0.05, 0.75]]),
        "roc_multi3": (0.5 + 0.5 * np.sin(k[:9] * 1.9)).reshape(3, 3),
        "roc_multi3_labels": np.array([2, 0, 1]),
        "roc_multi6": (0.5 + 0.5 * np.sin(k[:18] * 1.3)).reshape(6, 3),
        "roc_multi6_labels": np.array([0, 1, 2, 2, 1, 0]),
        "roc_multi6_c0": (0.5 + 0.5 * np.sin(k[:18] * 1.3)).reshape(6, 3)[:, 0],
        "roc_multi6_c1": (0.5 + 0.5 * np.sin(k[:18] * 1.3)).reshape(6, 3)[:, 1],
        "roc_multi6_c2": (0.5 + 0.5 * np.sin(k[:18] * 1.3)).reshape(6, 3)[:, 2],
        "roc_oh_score": (0.5 + 0.5 * np.cos(k[:12] * 0.7)).reshape(4, 3),
        "roc_oh_true": np.eye(3)[[0, 2, 1, 2]],
        "roc_matrix": np.ones((2, 3, 4)),
        # auc
        "auc_x": np.array([0.0, 0.25, 0.5, 1.0]),
        "auc_y": np.array([0.0, 0.5, 0.75, 1.0]),
        "auc_x_down": np.array([1.0, 0.5, 0.25, 0.0]),
        "auc_x_mixed": np.array([0.0, 0.5, 0.25, 1.0]),
        "auc_x_ties": np.array([0.5, 0.0, 0.5, 1.0]),
        "auc_y_ties": np.array([0.6, 0.0, 0.4, 1.0]),
        "auc_x_col": np.array([[0.0], [0.25], [0.5], [1.0]]),
        "auc_wide": np.ones((4, 2)),
        "auc_one": np.array([0.5]),
        "auc_three": np.array([0.0, 0.5, 1.0]),
        # ConfusionMatrixMetric: binarised (B, C, H, W) maps, (B, C) rows
        "cmm_pred": (np.sin(k[:24] * 1.7) > 0).reshape(2, 3, 2, 2),
        "cmm_true": (np.cos(k[:24] * 0.9) > 0.3).reshape(2, 3, 2, 2),
        "cmm_pred_b": (np.sin(k[:36] * 0.8) > -0.2).reshape(3, 3, 4),
        "cmm_true_b": (np.sin(k[:36] * 1.1 + 0.4) > 0).reshape(3, 3, 4),
        "cmm_pred_2d": (np.sin(k[:15] * 2.1) > 0).reshape(5, 3),
        "cmm_true_2d": np.eye(3)[[0, 2, 1, 1, 0]],
        "cmm_pred_1": (np.sin(k[:9] * 1.4) > 0).reshape(1, 1, 3, 3),
        "cmm_true_1": (np.cos(k[:9] * 1.2) > 0).reshape(1, 1, 3, 3),
        "cmm_true_gap": np.concatenate([np.zeros((2, 1, 2, 2)),
                                        (np.cos(k[:16] * 0.9) > 0.3).reshape(2, 2, 2, 2)], 1),
        "cmm_true_soft": np.full((2, 3, 2, 2), 0.5),
        "cmm_flat": np.array([1.0, 0.0, 1.0]),
        # ConfusionMatrixMetric beyond 0/1: MindSpore takes true values that are
        # integers in [0, 255] and predictions of any value, and counts them as
        # they are (TP where y_pred + y == 2, TN where both are 0, P = sum of y)
        "cmm_pred_multi": np.floor(2.0 + 1.99 * np.sin(k[:24] * 1.3)).reshape(2, 3, 2, 2),
        "cmm_true_multi": np.floor(2.0 + 1.99 * np.cos(k[:24] * 0.7)).reshape(2, 3, 2, 2),
        "cmm_pred_score": (0.5 + 0.5 * np.sin(k[:24] * 2.3)).reshape(2, 3, 2, 2),
        "cmm_pred_2d_multi": np.floor(1.5 + 1.49 * np.sin(k[:15] * 0.9)).reshape(5, 3),
        "cmm_true_2d_multi": np.floor(1.5 + 1.49 * np.cos(k[:15] * 1.6)).reshape(5, 3),
        "cmm_true_multilabel": (np.cos(k[:15] * 1.1) > -0.3).reshape(5, 3),
        "cmm_true_255": np.where(np.cos(k[:24] * 0.9) > 0.3, 255.0,
                                 np.cos(k[:24] * 0.9) > -0.5).reshape(2, 3, 2, 2),
        "cmm_true_256": np.full((2, 3, 2, 2), 256.0),
        "cmm_true_negative": -(np.cos(k[:24] * 0.9) > 0.3).astype(float).reshape(2, 3, 2, 2),
        "cmm_true_bool": (np.cos(k[:24] * 0.9) > 0.3).reshape(2, 3, 2, 2),
        "cmm_pred_nan": np.where(np.sin(k[:24] * 1.7) > 0.8, np.nan,
                                 np.sin(k[:24] * 1.7) > 0).reshape(2, 3, 2, 2),
        # segmentation masks for the surface distances
        "seg_pred": (np.floor(1.5 + 1.5 * np.sin(k[:42] * 0.45))).reshape(6, 7),
        "seg_true": (np.floor(1.5 + 1.5 * np.sin(k[:42] * 0.45 + 0.6))).reshape(6, 7),
        "seg_doc_x": np.array([[3, 0, 1], [1, 3, 0], [1, 0, 2]]),
        "seg_doc_y": np.array([[0, 2, 1], [1, 2, 1], [0, 0, 1]]),
        "seg_row_pred": np.array([[0, 0, 0, 0, 0, 0], [0, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0],
                                  [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]),
        "seg_row_true": np.array([[0, 0, 0, 0, 0, 0], [0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0],
                                  [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]),
        "seg_blob_pred": np.pad(np.ones((3, 4)), ((1, 2), (2, 1))),
        "seg_blob_true": np.pad(np.ones((4, 3)), ((2, 0), (1, 3))),
        "seg_pred_3d": (np.sin(k[:48] * 0.7) > -0.1).reshape(3, 4, 4),
        "seg_true_3d": (np.cos(k[:48] * 0.5) > -0.2).reshape(3, 4, 4),
        "seg_short": np.zeros((6, 6)),
        "seg_pixel": np.eye(4)[[0, 2, 0, 0]] * np.array([0, 0, 1, 0]),
        # OcclusionSensitivity: one image each
        "occ_vec": np.array([[0.1, 0.2, 0.3, 0.4]]),
        "occ_label": np.array(1),
        "occ_image": (np.cos(k[:9] * 0.8) + 1.0).reshape(1, 1, 3, 3),
        "occ_image_label": np.array(2),
        "occ_two": np.ones((2, 4)),
        "occ_labels_two": np.array([1, 0]),
    }
    ints = {n for n in out if n.startswith(("roc_true", "roc_doc_labels", "roc_multi3_labels",
                                              "roc_multi6_labels", "roc_all", "seg_doc",
                                              "occ_label", "occ_image_label"))}
    ints |= {"roc_oh_true", "seg_pred", "seg_true", "seg_row_pred", "seg_row_true", "seg_pixel",
             "cmm_true_2d", "cmm_true_multi", "cmm_pred_2d_multi", "cmm_true_2d_multi",
             "cmm_true_multilabel", "cmm_true_negative"}
    bools = {"seg_pred_3d", "seg_true_3d", "cmm_true_bool"}
    return {n: v.astype(np.int32 if n in ints else bool if n in bools else np.float32)
            for n, v in out.items()}


# Python objects passed as they are: label indices and tokenised text corpora
RAW = {
    "0": 0, "1": 1, "2": 2, "3": 3, "1.0": 1.0, "2.0": 2.0, "True": True, "5": 5, "str": "1",
    "cand": [["i", "have", "a", "pen", "on", "my", "desk"]],
    "refs": [[["i", "have", "a", "pen", "in", "my", "desk"],
              ["there", "is", "a", "pen", "on", "the", "desk"]]],
    "cand_b": [["the", "cat", "is", "on", "the", "mat"], ["a", "dog", "barks"]],
    "refs_b": [[["the", "cat", "sat", "on", "the", "mat"], ["there", "is", "a", "cat", "on",
                                                            "the", "mat"]],
               [["the", "dog", "barks", "loudly"]]],
    "cand_long": [["the", "the", "the", "cat", "sat", "on", "the", "mat", "today", "again"]],
    "refs_long": [[["the", "cat", "sat", "on", "the", "mat"]]],
    "cand_odd": [["zebra", "runs", "fast"]],
    "refs_odd": [[["a", "zebra", "walks", "slowly", "home"]]],
}


def models(nn, tensor):
    """The Cells OcclusionSensitivity runs, built with the framework's ``nn`` and ``Tensor``."""
    w4 = np.array([[0.1, 0.8, 0.1, 0.1], [1, 1, 1, 1]], np.float32)
    w9 = np.cos(np.arange(27.0) * 0.37).reshape(3, 9).astype(np.float32)
    return {
        "dense4": nn.Dense(4, 2, weight_init=tensor(w4),
                           bias_init=tensor(np.array([0.3, 0.6], np.float32))),
        "image": nn.SequentialCell([nn.Flatten(), nn.Dense(
            9, 3, weight_init=tensor(w9), bias_init=tensor(np.array([0.1, -0.2, 0.3],
                                                                    np.float32))),
            nn.Softmax()]),
    }


_CMM_NAMES = ["sensitivity", "specificity", "precision", "negative predictive value",
              "miss rate", "fall out", "false discovery rate", "false omission rate",
              "prevalence threshold", "threat score", "accuracy", "balanced accuracy",
              "f1 score", "matthews correlation coefficient", "fowlkes mallows index",
              "informedness", "markedness"]

# name: (metric, constructor keyword arguments, updates)
CASES = {
    "ROC binary": ("ROC", {}, [("roc_score", "roc_true")]),
    "ROC replaces on update": ("ROC", {}, [("roc_score", "roc_true"),
                                           ("np:roc_score_b", "list:roc_true_b")]),
    "ROC pos_label": ("ROC", {"pos_label": 2}, [("roc_doc_score", "roc_doc_labels")]),
    "ROC binary class_num 1": ("ROC", {"class_num": 1}, [("roc_score", "roc_true")]),
    "ROC multiclass square": ("ROC", {"class_num": 4}, [("roc_doc_multi", "roc_doc_labels")]),
    "ROC multiclass 3": ("ROC", {"class_num": 3}, [("roc_multi3", "roc_multi3_labels")]),
    # the three one-vs-rest curves of a multiclass problem with N != C (see the tests)
    "ROC column 0 of 6x3": ("ROC", {"pos_label": 0}, [("roc_multi6_c0", "roc_multi6_labels")]),
    "ROC column 1 of 6x3": ("ROC", {"pos_label": 1}, [("roc_multi6_c1", "roc_multi6_labels")]),
    "ROC column 2 of 6x3": ("ROC", {"pos_label": 2}, [("roc_multi6_c2", "roc_multi6_labels")]),
    "ROC one-hot flattened": ("ROC", {}, [("roc_oh_score", "roc_oh_true")]),
    "auc": ("auc", {}, [("np:auc_x", "np:auc_y")]),
    "auc decreasing": ("auc", {}, [("np:auc_x_down", "np:auc_y")]),
    "auc reorder": ("auc", {"reorder": True}, [("np:auc_x_ties", "np:auc_y_ties")]),
    "auc column": ("auc", {}, [("np:auc_x_col", "np:auc_y")]),
    "auc of ROC": ("auc", {}, [("roc:roc_score", "roc:roc_true")]),
    "HausdorffDistance doc": ("HausdorffDistance", {}, [("seg_doc_x", "seg_doc_y", "raw:0")]),
    "HausdorffDistance": ("HausdorffDistance", {}, [("seg_pred", "seg_true", "raw:1"),
                                                    ("seg_pred", "seg_true", "raw:2")]),
    "HausdorffDistance no crop": ("HausdorffDistance", {"crop": False},
                                  [("seg_pred", "seg_true", "raw:1"),
                                   ("seg_pred", "seg_true", "raw:0")]),
    "HausdorffDistance chessboard": ("HausdorffDistance", {"distance_metric": "chessboard"},
                                     [("seg_pred", "seg_true", "raw:1"),
                                      ("seg_blob_pred", "seg_blob_true", "raw:1")]),
    "HausdorffDistance taxicab": ("HausdorffDistance", {"distance_metric": "taxicab"},
                                  [("seg_pred", "seg_true", "raw:2"),
                                   ("seg_blob_pred", "seg_blob_true", "raw:1")]),
    "HausdorffDistance percentile": ("HausdorffDistance", {"percentile": 50.0},
                                     [("seg_pred", "seg_true", "raw:1"),
                                      ("seg_blob_pred", "seg_blob_true", "raw:1.0")]),
    "HausdorffDistance percentile 95 taxicab": ("HausdorffDistance",
                                                {"percentile": 95.0, "distance_metric": "taxicab"},
                                                [("seg_pred", "seg_true", "raw:0")]),
    "HausdorffDistance directed": ("HausdorffDistance", {"directed": True},
                                   [("seg_pred", "seg_true", "raw:1"),
                                    ("seg_true", "seg_pred", "raw:1")]),
    "HausdorffDistance one row (cropped to 1-D)": ("HausdorffDistance", {},
                                                   [("seg_row_pred", "seg_row_true", "raw:1")]),
    "HausdorffDistance one row uncropped": ("HausdorffDistance", {"crop": False},
                                            [("seg_row_pred", "seg_row_true", "raw:1")]),
    "HausdorffDistance label only in y": ("HausdorffDistance", {},
                                          [("seg_doc_x", "seg_doc_y", "raw:2"),
                                           ("seg_doc_x", "seg_doc_y", "raw:3")]),
    "HausdorffDistance one pixel (cropped to 0-D)": ("HausdorffDistance", {},
                                                     [("seg_pixel", "seg_pixel", "raw:1")]),
    "HausdorffDistance one pixel uncropped": ("HausdorffDistance", {"crop": False},
                                              [("seg_pixel", "seg_pixel", "raw:1")]),
    "HausdorffDistance percentile 0 is none": ("HausdorffDistance", {"percentile": 0.0},
                                               [("seg_pred", "seg_true", "raw:1")]),
    "HausdorffDistance 3-D bool": ("HausdorffDistance", {},
                                   [("seg_pred_3d", "seg_true_3d", "raw:True"),
                                    ("np:seg_pred_3d", "list:seg_true_3d", "raw:1")]),
    "HausdorffDistance 3-D no crop chessboard": ("HausdorffDistance",
                                                 {"crop": False,
                                                  "distance_metric": "chessboard"},
                                                 [("seg_pred_3d", "seg_true_3d", "raw:1")]),
    "MeanSurfaceDistance doc": ("MeanSurfaceDistance", {},
                                [("seg_doc_x", "seg_doc_y", "raw:0")]),
    "MeanSurfaceDistance": ("MeanSurfaceDistance", {}, [("seg_pred", "seg_true", "raw:1"),
                                                        ("seg_pred", "seg_true", "raw:2.0")]),
    "MeanSurfaceDistance symmetric": ("MeanSurfaceDistance", {"symmetric": True},
                                      [("seg_pred", "seg_true", "raw:1"),
                                       ("seg_blob_pred", "seg_blob_true", "raw:1")]),
    "MeanSurfaceDistance chessboard": ("MeanSurfaceDistance", {"distance_metric": "chessboard"},
                                       [("seg_pred", "seg_true", "raw:0")]),
    "MeanSurfaceDistance taxicab symmetric": ("MeanSurfaceDistance",
                                              {"distance_metric": "taxicab", "symmetric": True},
                                              [("seg_pred_3d", "seg_true_3d", "raw:1")]),
    "MeanSurfaceDistance label only in y": ("MeanSurfaceDistance", {"symmetric": True},
                                            [("seg_doc_x", "seg_doc_y", "raw:2"),
                                             ("seg_doc_x", "seg_doc_y", "raw:3")]),
    "MeanSurfaceDistance one row": ("MeanSurfaceDistance", {},
                                    [("seg_row_pred", "seg_row_true", "raw:1")]),
    "RootMeanSquareDistance doc": ("RootMeanSquareDistance", {},
                                   [("seg_doc_x", "seg_doc_y", "raw:0")]),
    "RootMeanSquareDistance": ("RootMeanSquareDistance", {},
                               [("seg_pred", "seg_true", "raw:1"),
                                ("seg_pred", "seg_true", "raw:2")]),
    "RootMeanSquareDistance symmetric": ("RootMeanSquareDistance", {"symmetric": True},
                                         [("seg_pred", "seg_true", "raw:1"),
                                          ("seg_blob_pred", "seg_blob_true", "raw:1")]),
    "RootMeanSquareDistance taxicab": ("RootMeanSquareDistance", {"distance_metric": "taxicab"},
                                       [("seg_pred_3d", "seg_true_3d", "raw:1")]),
    "RootMeanSquareDistance chessboard symmetric": ("RootMeanSquareDistance",
                                                    {"distance_metric": "chessboard",
                                                     "symmetric": True},
                                                    [("seg_pred", "seg_true", "raw:0"),
                                                     ("seg_doc_x", "seg_doc_y", "raw:3")]),
    "BleuScore doc": ("BleuScore", {}, [("raw:cand", "raw:refs")]),
    "BleuScore accumulates": ("BleuScore", {}, [("raw:cand", "raw:refs"),
                                                ("raw:cand_b", "raw:refs_b")]),
    "BleuScore n_gram 2": ("BleuScore", {"n_gram": 2}, [("raw:cand_b", "raw:refs_b")]),
    "BleuScore n_gram 1 long candidate": ("BleuScore", {"n_gram": 1},
                                          [("raw:cand_long", "raw:refs_long")]),
    "BleuScore smooth": ("BleuScore", {"smooth": True}, [("raw:cand", "raw:refs"),
                                                         ("raw:cand_b", "raw:refs_b")]),
    "BleuScore no match": ("BleuScore", {}, [("raw:cand_odd", "raw:refs_odd")]),
    "BleuScore no match smooth": ("BleuScore", {"smooth": True, "n_gram": 3},
                                  [("raw:cand_odd", "raw:refs_odd")]),
    "OcclusionSensitivity doc": ("OcclusionSensitivity", {},
                                 [("model:dense4", "occ_vec", "np:occ_label")]),
    "OcclusionSensitivity margin 1 pad": ("OcclusionSensitivity",
                                          {"margin": 1, "pad_val": 0.5, "n_batch": 3},
                                          [("model:dense4", "np:occ_vec", "occ_label")]),
    "OcclusionSensitivity image": ("OcclusionSensitivity", {"margin": 1},
                                   [("model:image", "occ_image", "occ_image_label")]),
    "OcclusionSensitivity image b_box": ("OcclusionSensitivity",
                                         {"b_box": [0, 0, 1, 2, 0, -1], "n_batch": 2},
                                         [("model:image", "occ_image", "np:occ_image_label")]),
}

for _name in _CMM_NAMES:
    CASES[f"ConfusionMatrixMetric {_name}"] = (
        "ConfusionMatrixMetric", {"metric_name": _name},
        [("cmm_pred", "cmm_true"), ("cmm_pred_b", "np:cmm_true_b")])
    CASES[f"ConfusionMatrixMetric {_name} per sample"] = (
        "ConfusionMatrixMetric", {"metric_name": _name, "calculation_method": True},
        [("cmm_pred", "cmm_true_gap"), ("cmm_pred_b", "cmm_true_b")])
    CASES[f"ConfusionMatrixMetric {_name} per sample sum"] = (
        "ConfusionMatrixMetric", {"metric_name": _name, "calculation_method": True,
                                  "decrease": "sum"},
        [("cmm_pred", "cmm_true")])
CASES.update({
    "ConfusionMatrixMetric doc": ("ConfusionMatrixMetric", {"metric_name": "tpr"},
                                  [("list:cmm_pred_2d", "cmm_true_2d")]),
    "ConfusionMatrixMetric aliases": ("ConfusionMatrixMetric", {"metric_name": "Hit Rate"},
                                      [("cmm_pred", "cmm_true")]),
    "ConfusionMatrixMetric alias csi": ("ConfusionMatrixMetric", {"metric_name": "CSI"},
                                        [("cmm_pred", "cmm_true")]),
    "ConfusionMatrixMetric classification": ("ConfusionMatrixMetric",
                                             {"metric_name": "f1 score"},
                                             [("cmm_pred_2d", "cmm_true_2d")]),
    "ConfusionMatrixMetric skip_channel False": ("ConfusionMatrixMetric",
                                                 {"skip_channel": False, "metric_name": "ppv"},
                                                 [("cmm_pred", "cmm_true"),
                                                  ("cmm_pred_2d", "cmm_true_2d")]),
    "ConfusionMatrixMetric per sample skip_channel False": (
        "ConfusionMatrixMetric", {"skip_channel": False, "calculation_method": True,
                                  "metric_name": "tnr"}, [("cmm_pred", "cmm_true_gap")]),
    "ConfusionMatrixMetric per sample none of one value": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "none",
                                  "metric_name": "acc"}, [("cmm_pred_1", "cmm_true_1")]),
    "ConfusionMatrixMetric per sample sum_channel of one value": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "sum_channel",
                                  "metric_name": "mcc"}, [("cmm_pred_1", "cmm_true_1")]),
    "ConfusionMatrixMetric per sample mean_channel of one value": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "mean_channel",
                                  "metric_name": "f1"}, [("cmm_pred_1", "cmm_true_1")]),
    "ConfusionMatrixMetric per sample sum_batch of one value": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "sum_batch",
                                  "metric_name": "ts"}, [("cmm_pred_1", "cmm_true_1")]),
})
# labels beyond 0/1 (class indices, 255), multi-label rows, soft and NaN predictions
for _name in ("sensitivity", "specificity", "precision", "accuracy", "f1 score",
              "matthews correlation coefficient", "prevalence threshold", "markedness"):
    CASES[f"ConfusionMatrixMetric {_name} of class indices"] = (
        "ConfusionMatrixMetric", {"metric_name": _name},
        [("cmm_pred_multi", "cmm_true_multi"), ("cmm_pred_2d_multi", "cmm_true_2d_multi")])
    CASES[f"ConfusionMatrixMetric {_name} of class indices per sample"] = (
        "ConfusionMatrixMetric", {"metric_name": _name, "calculation_method": True},
        [("cmm_pred_multi", "cmm_true_multi"), ("cmm_pred_score", "cmm_true_multi")])
    CASES[f"ConfusionMatrixMetric {_name} of class indices per sample sum"] = (
        "ConfusionMatrixMetric", {"metric_name": _name, "calculation_method": True,
                                  "decrease": "sum", "skip_channel": False},
        [("cmm_pred_multi", "np:cmm_true_multi")])
CASES.update({
    "ConfusionMatrixMetric multi-label": ("ConfusionMatrixMetric", {"metric_name": "f1"},
                                          [("cmm_pred_2d", "cmm_true_multilabel"),
                                           ("list:cmm_pred_2d_multi", "cmm_true_multilabel")]),
    "ConfusionMatrixMetric multi-label skip_channel False": (
        "ConfusionMatrixMetric", {"metric_name": "ppv", "skip_channel": False},
        [("cmm_pred_2d", "cmm_true_multilabel")]),
    "ConfusionMatrixMetric true 255": ("ConfusionMatrixMetric", {"metric_name": "tnr"},
                                       [("cmm_pred", "cmm_true_255")]),
    "ConfusionMatrixMetric true 255 per sample": (
        "ConfusionMatrixMetric", {"metric_name": "acc", "calculation_method": True},
        [("cmm_pred", "np:cmm_true_255")]),
    "ConfusionMatrixMetric true bool": ("ConfusionMatrixMetric", {"metric_name": "fpr"},
                                        [("cmm_pred_multi", "cmm_true_bool")]),
    "ConfusionMatrixMetric soft predictions": ("ConfusionMatrixMetric", {"metric_name": "ts"},
                                               [("cmm_pred_score", "cmm_true")]),
    "ConfusionMatrixMetric NaN predictions": ("ConfusionMatrixMetric", {"metric_name": "fnr"},
                                              [("np:cmm_pred_nan", "cmm_true")]),
    "ConfusionMatrixMetric NaN predictions per sample": (
        "ConfusionMatrixMetric", {"metric_name": "npv", "calculation_method": True},
        [("np:cmm_pred_nan", "cmm_true")]),
})

# name: a case as in CASES, whose construction, updates or eval MindSpore refuses
BAD = {
    "ROC eval before update": ("ROC", {}, []),
    "ROC float class_num": ("ROC", {"class_num": 2.0}, []),
    "ROC float pos_label": ("ROC", {"pos_label": 1.0}, []),
    "ROC one input": ("ROC", {}, [("roc_score",)]),
    "ROC no negatives": ("ROC", {}, [("roc_score_b", "roc_all_pos")]),
    "ROC no positives": ("ROC", {}, [("roc_score_b", "roc_all_neg")]),
    "ROC ndim": ("ROC", {}, [("roc_matrix", "roc_true")]),
    "ROC class_num of a binary input": ("ROC", {"class_num": 3}, [("roc_score", "roc_true")]),
    "ROC pos_label of a multiclass input": ("ROC", {"class_num": 3, "pos_label": 1},
                                            [("roc_multi3", "roc_multi3_labels")]),
    "ROC class_num mismatch": ("ROC", {"class_num": 4}, [("roc_multi3", "roc_multi3_labels")]),
    "ROC multiclass without class_num": ("ROC", {}, [("roc_multi3", "roc_multi3_labels")]),
    "ROC a str input": ("ROC", {}, [("roc_score", "raw:str")]),
    "auc of lists": ("auc", {}, [("list:auc_x", "np:auc_y")]),
    "auc of Tensors": ("auc", {}, [("auc_x", "auc_y")]),
    "auc not monotonic": ("auc", {}, [("np:auc_x_mixed", "np:auc_y")]),
    "auc lengths": ("auc", {}, [("np:auc_three", "np:auc_y")]),
    "auc one point": ("auc", {}, [("np:auc_one", "np:auc_one")]),
    "auc two columns": ("auc", {}, [("np:auc_wide", "np:auc_wide")]),
    "ConfusionMatrixMetric eval before update per sample": (
        "ConfusionMatrixMetric", {"calculation_method": True}, []),
    "ConfusionMatrixMetric unknown metric_name": ("ConfusionMatrixMetric",
                                                  {"metric_name": "recallish"},
                                                  [("cmm_pred", "cmm_true")]),
    "ConfusionMatrixMetric metric_name list": ("ConfusionMatrixMetric",
                                               {"metric_name": ["tpr"]}, []),
    "ConfusionMatrixMetric int skip_channel": ("ConfusionMatrixMetric", {"skip_channel": 1}, []),
    "ConfusionMatrixMetric int calculation_method": ("ConfusionMatrixMetric",
                                                     {"calculation_method": 0}, []),
    "ConfusionMatrixMetric bad decrease": ("ConfusionMatrixMetric", {"decrease": "max"}, []),
    "ConfusionMatrixMetric one input": ("ConfusionMatrixMetric", {}, [("cmm_pred",)]),
    "ConfusionMatrixMetric y not binary": ("ConfusionMatrixMetric", {},
                                           [("cmm_pred", "cmm_true_soft")]),
    "ConfusionMatrixMetric y of 256": ("ConfusionMatrixMetric", {},
                                       [("cmm_pred", "cmm_true_256")]),
    "ConfusionMatrixMetric y negative": ("ConfusionMatrixMetric", {},
                                         [("cmm_pred", "cmm_true_negative")]),
    "ConfusionMatrixMetric y of 256 per sample": ("ConfusionMatrixMetric",
                                                  {"calculation_method": True},
                                                  [("cmm_pred_multi", "cmm_true_256")]),
    "ConfusionMatrixMetric per sample sum_batch of many values": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "sum_batch"},
        [("cmm_pred_multi", "cmm_true_multi")]),
    "ConfusionMatrixMetric 1-D": ("ConfusionMatrixMetric", {}, [("cmm_flat", "cmm_flat")]),
    "ConfusionMatrixMetric shapes": ("ConfusionMatrixMetric", {},
                                     [("cmm_pred", "cmm_true_b")]),
    "ConfusionMatrixMetric per sample of a classification": (
        "ConfusionMatrixMetric", {"calculation_method": True}, [("cmm_pred_2d", "cmm_true_2d")]),
    "ConfusionMatrixMetric per sample none of many values": (
        "ConfusionMatrixMetric", {"calculation_method": True, "decrease": "none"},
        [("cmm_pred", "cmm_true")]),
    "HausdorffDistance eval before update": ("HausdorffDistance", {}, []),
    "HausdorffDistance bad distance_metric": ("HausdorffDistance",
                                              {"distance_metric": "minkowski"}, []),
    "HausdorffDistance int percentile": ("HausdorffDistance", {"percentile": 50}, []),
    "HausdorffDistance percentile above 100": ("HausdorffDistance", {"percentile": 150.0},
                                               [("seg_pred", "seg_true", "raw:1")]),
    "HausdorffDistance int directed": ("HausdorffDistance", {"directed": 1}, []),
    "HausdorffDistance int crop": ("HausdorffDistance", {"crop": 0}, []),
    "HausdorffDistance two inputs": ("HausdorffDistance", {}, [("seg_pred", "seg_true")]),
    "HausdorffDistance str label": ("HausdorffDistance", {},
                                    [("seg_pred", "seg_true", "raw:str")]),
    "HausdorffDistance absent label": ("HausdorffDistance", {},
                                       [("seg_pred", "seg_true", "raw:5")]),
    "HausdorffDistance shapes": ("HausdorffDistance", {}, [("seg_pred", "seg_short", "raw:1")]),
    "MeanSurfaceDistance eval before update": ("MeanSurfaceDistance", {}, []),
    "MeanSurfaceDistance bad distance_metric": ("MeanSurfaceDistance",
                                                {"distance_metric": "cosine"}, []),
    "MeanSurfaceDistance int symmetric": ("MeanSurfaceDistance", {"symmetric": 1}, []),
    "MeanSurfaceDistance str label": ("MeanSurfaceDistance", {},
                                      [("seg_pred", "seg_true", "raw:str")]),
    "MeanSurfaceDistance absent label": ("MeanSurfaceDistance", {},
                                         [("seg_pred", "seg_true", "raw:5")]),
    "MeanSurfaceDistance shapes": ("MeanSurfaceDistance", {},
                                   [("seg_pred", "seg_short", "raw:1")]),
    "RootMeanSquareDistance eval before update": ("RootMeanSquareDistance", {}, []),
    "RootMeanSquareDistance int distance_metric": ("RootMeanSquareDistance",
                                                   {"distance_metric": 1}, []),
    "RootMeanSquareDistance str label": ("RootMeanSquareDistance", {},
                                         [("seg_pred", "seg_true", "raw:str")]),
    "RootMeanSquareDistance one input": ("RootMeanSquareDistance", {}, [("seg_pred",)]),
    "BleuScore eval before update": ("BleuScore", {}, []),
    "BleuScore n_gram 5": ("BleuScore", {"n_gram": 5}, []),
    "BleuScore n_gram 0": ("BleuScore", {"n_gram": 0}, []),
    "BleuScore float n_gram": ("BleuScore", {"n_gram": 2.0}, []),
    "BleuScore int smooth": ("BleuScore", {"smooth": 1}, []),
    "BleuScore lengths": ("BleuScore", {}, [("raw:cand", "raw:refs_b")]),
    "BleuScore one input": ("BleuScore", {}, [("raw:cand",)]),
    "OcclusionSensitivity eval before update": ("OcclusionSensitivity", {}, []),
    "OcclusionSensitivity int pad_val": ("OcclusionSensitivity", {"pad_val": 0}, []),
    "OcclusionSensitivity float margin": ("OcclusionSensitivity", {"margin": 1.5}, []),
    "OcclusionSensitivity float n_batch": ("OcclusionSensitivity", {"n_batch": 2.0}, []),
    "OcclusionSensitivity tuple b_box": ("OcclusionSensitivity", {"b_box": (0, 1)}, []),
    "OcclusionSensitivity two inputs": ("OcclusionSensitivity", {},
                                        [("model:dense4", "occ_vec")]),
    "OcclusionSensitivity not a Cell": ("OcclusionSensitivity", {},
                                        [("raw:str", "occ_vec", "occ_label")]),
    "OcclusionSensitivity two images": ("OcclusionSensitivity", {},
                                        [("model:dense4", "occ_two", "occ_labels_two")]),
    "OcclusionSensitivity two labels": ("OcclusionSensitivity", {},
                                        [("model:dense4", "occ_vec", "occ_labels_two")]),
    "OcclusionSensitivity b_box length": ("OcclusionSensitivity", {"b_box": [0, 1, 0, 1]},
                                          [("model:dense4", "occ_vec", "occ_label")]),
    "OcclusionSensitivity b_box beyond the image": ("OcclusionSensitivity", {"b_box": [0, 4]},
                                                    [("model:dense4", "occ_vec", "occ_label")]),
    "OcclusionSensitivity b_box min above max": ("OcclusionSensitivity", {"b_box": [3, 1]},
                                                 [("model:dense4", "occ_vec", "occ_label")]),
}


MINDSPORE = \
{'ROC binary': [('tuple',
                 [('ndarray:float64', [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.75, 1.0]),
                  ('ndarray:float64', [0.0, 0.25, 0.5, 0.75, 0.75, 1.0, 1.0, 1.0]),
                  ('ndarray:float32',
                   [1.899999976158142, 0.8999999761581421, 0.800000011920929, 0.6499999761581421,
                    0.4000000059604645, 0.3499999940395355, 0.20000000298023224,
                    0.10000000149011612])])],
 'ROC replaces on update': [('tuple',
                             [('ndarray:float64', [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.75, 1.0]),
                              ('ndarray:float64', [0.0, 0.25, 0.5, 0.75, 0.75, 1.0, 1.0, 1.0]),
                              ('ndarray:float32',
                               [1.899999976158142, 0.8999999761581421, 0.800000011920929,
                                0.6499999761581421, 0.4000000059604645, 0.3499999940395355,
                                0.20000000298023224, 0.10000000149011612])]),
                            ('tuple',
                             [('ndarray:float64', [0.0, 0.0, 0.5, 0.5, 1.0]),
                              ('ndarray:float64',
                               [0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.0]),
                              ('ndarray:float32',
                               [1.899999976158142, 0.8999999761581421, 0.6000000238418579,
                                0.30000001192092896, 0.10000000149011612])])],
 'ROC pos_label': [('tuple',
                    [('ndarray:float64',
                      [0.0, 0.3333333333333333, 0.6666666666666666, 0.6666666666666666, 1.0]),
                     ('ndarray:float64', [0.0, 0.0, 0.0, 1.0, 1.0]),
                     ('ndarray:float32',
                      [1.5499999523162842, 0.550000011920929, 0.2800000011920929,
                       0.15000000596046448, 0.05000000074505806])])],
 'ROC binary class_num 1': [('tuple',
                             [('ndarray:float64', [0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.75, 1.0]),
                              ('ndarray:float64', [0.0, 0.25, 0.5, 0.75, 0.75, 1.0, 1.0, 1.0]),
                              ('ndarray:float32',
                               [1.899999976158142, 0.8999999761581421, 0.800000011920929,
                                0.6499999761581421, 0.4000000059604645, 0.3499999940395355,
                                0.20000000298023224, 0.10000000149011612])])],
 'ROC multiclass square': [('tuple',
                            [('list',
                              [('ndarray:float64',
                                [0.0, 0.0, 0.3333333333333333, 0.6666666666666666, 1.0]),
                               ('ndarray:float64',
                                [0.0, 0.3333333333333333, 0.3333333333333333, 1.0]),
                               ('ndarray:float64', [0.0, 0.3333333333333333, 1.0]),
                               ('ndarray:float64', [0.0, 0.0, 1.0])]),
                             ('list',
                              [('ndarray:float64', [0.0, 1.0, 1.0, 1.0, 1.0]),
                               ('ndarray:float64', [0.0, 0.0, 1.0, 1.0]),
                               ('ndarray:float64', [0.0, 1.0, 1.0]),
                               ('ndarray:float64', [0.0, 1.0, 1.0])]),
                             ('list',
                              [('ndarray:float32',
                                [1.2799999713897705, 0.2800000011920929, 0.20000000298023224,
                                 0.10000000149011612, 0.05000000074505806]),
                               ('ndarray:float32',
                                [1.5499999523162842, 0.550000011920929, 0.20000000298023224,
                                 0.05000000074505806]),
                               ('ndarray:float32',
                                [1.149999976158142, 0.15000000596046448, 0.05000000074505806]),
                               ('ndarray:float32', [1.75, 0.75, 0.05000000074505806])])])],
 'ROC multiclass 3': [('tuple',
                       [('list',
                         [('ndarray:float64', [0.0, 0.5, 0.5, 1.0]),
                          ('ndarray:float64', [0.0, 0.5, 1.0, 1.0]),
                          ('ndarray:float64', [0.0, 0.5, 1.0, 1.0])]),
                        ('list',
                         [('ndarray:float64', [0.0, 0.0, 1.0, 1.0]),
                          ('ndarray:float64', [0.0, 0.0, 0.0, 1.0]),
                          ('ndarray:float64', [0.0, 0.0, 0.0, 1.0])]),
                        ('list',
                         [('ndarray:float32', [1.5, 0.5, 0.22465722262859344, 0.04033573716878891]),
                          ('ndarray:float32',
                           [1.9839599132537842, 0.9839598536491394, 0.9731500148773193,
                            0.8347848653793335]),
                          ('ndarray:float32',
                           [1.743199348449707, 0.743199348449707, 0.4624244272708893,
                            0.19407105445861816])])])],
 'ROC column 0 of 6x3': [('tuple',
                          [('ndarray:float64', [0.0, 0.25, 0.25, 0.5, 0.5, 0.75, 1.0]),
                           ('ndarray:float64', [0.0, 0.0, 0.5, 0.5, 1.0, 1.0, 1.0]),
                           ('ndarray:float32',
                            [1.9992716312408447, 0.9992716908454895, 0.8027699589729309,
                             0.5538768172264099, 0.5, 0.15611691772937775,
                             0.11900820583105087])])],
 'ROC column 1 of 6x3': [('tuple',
                          [('ndarray:float64', [0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0]),
                           ('ndarray:float64', [0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0]),
                           ('ndarray:float32',
                            [1.9817790985107422, 0.9817790985107422, 0.9643976092338562,
                             0.710083544254303, 0.6595491766929626, 0.058272670954465866,
                             0.035437993705272675])])],
 'ROC column 2 of 6x3': [('tuple',
                          [('ndarray:float64', [0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0]),
                           ('ndarray:float64', [0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0]),
                           ('ndarray:float32',
                            [1.9933860301971436, 0.9933859705924988, 0.7577506899833679,
                             0.6075599789619446, 0.44568169116973877, 0.19758358597755432,
                             0.08608676493167877])])],
 'ROC one-hot flattened': [('tuple',
                            [('ndarray:float64',
                              [0.0, 0.0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.875,
                               0.875, 1.0]),
                             ('ndarray:float64',
                              [0.0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 1.0,
                               1.0]),
                             ('ndarray:float32',
                              [2.0, 1.0, 0.9999293088912964, 0.8877829313278198, 0.88242107629776,
                               0.8769510984420776, 0.5932561755180359, 0.5849835872650146,
                               0.5766869187355042, 0.25486958026885986, 0.24757695198059082,
                               0.03177165612578392, 0.028888829052448273])])],
 'auc': [('float64:float64', 0.65625)],
 'auc decreasing': [('float64:float64', 0.5)],
 'auc reorder': [('float64:float64', 0.5)],
 'auc column': [('float64:float64', 0.65625)],
 'auc of ROC': [('float64:float64', 0.875)],
 'HausdorffDistance doc': [('float64:float64', 1.4142135623730951)],
 'HausdorffDistance': [('float64:float64', 6.0), ('float64:float64', 2.0)],
 'HausdorffDistance no crop': [('float64:float64', 6.0), ('float64:float64', 2.0)],
 'HausdorffDistance chessboard': [('int32:int32', 6), ('int32:int32', 2)],
 'HausdorffDistance taxicab': [('int32:int32', 2), ('int32:int32', 3)],
 'HausdorffDistance percentile': [('float64:float64', 5.5), ('float64:float64', 1.0)],
 'HausdorffDistance percentile 95 taxicab': [('float64:float64', 2.0)],
 'HausdorffDistance directed': [('float64:float64', 5.0), ('float64:float64', 6.0)],
 'HausdorffDistance one row (cropped to 1-D)': [('float64:float64', 1.0)],
 'HausdorffDistance one row uncropped': [('float64:float64', 1.0)],
 'HausdorffDistance label only in y': [('float64:float64', 2.23606797749979),
                                       ('float64:float64', INF)],
 'HausdorffDistance one pixel (cropped to 0-D)': [('float', INF)],
 'HausdorffDistance one pixel uncropped': [('float64:float64', 0.0)],
 'HausdorffDistance percentile 0 is none': [('float64:float64', 6.0)],
 'HausdorffDistance 3-D bool': [('float64:float64', 1.0), ('float64:float64', 1.0)],
 'HausdorffDistance 3-D no crop chessboard': [('int32:int32', 1)],
 'MeanSurfaceDistance doc': [('float64:float64', 0.8047378541243649)],
 'MeanSurfaceDistance': [('float64:float64', 5.0), ('float64:float64', 0.5)],
 'MeanSurfaceDistance symmetric': [('float64:float64', 5.25),
                                   ('float64:float64', 1.1650281539872887)],
 'MeanSurfaceDistance chessboard': [('float64:float64', 0.5)],
 'MeanSurfaceDistance taxicab symmetric': [('float64:float64', 0.3695054945054945)],
 'MeanSurfaceDistance label only in y': [('float64:float64', 1.6196771661547689), ('float', INF)],
 'MeanSurfaceDistance one row': [('float64:float64', 0.25)],
 'RootMeanSquareDistance doc': [('float64:float64', 1.0000000000000002)],
 'RootMeanSquareDistance': [('float64:float64', 25.0), ('float64:float64', 0.8333333333333334)],
 'RootMeanSquareDistance symmetric': [('float64:float64', 5.267826876426369),
                                      ('float64:float64', 1.378404875209022)],
 'RootMeanSquareDistance taxicab': [('float64:float64', 0.39285714285714285)],
 'RootMeanSquareDistance chessboard symmetric': [('float64:float64', 0.7187952884282609),
                                                 ('float', INF)],
 'BleuScore doc': [('float64:float64', 0.5946035575013605)],
 'BleuScore accumulates': [('float64:float64', 0.5946035575013605),
                           ('float64:float64', 0.41225382239738706)],
 'BleuScore n_gram 2': [('float64:float64', 0.6377489789969969)],
 'BleuScore n_gram 1 long candidate': [('float64:float64', 0.6)],
 'BleuScore smooth': [('float64:float64', 0.691441569283882),
                      ('float64:float64', 0.49388027721597966)],
 'BleuScore no match': [('ndarray:float64', 0.0)],
 'BleuScore no match smooth': [('ndarray:float64', 0.0)],
 'OcclusionSensitivity doc': [('ndarray:float32',
                               [0.2999999523162842, 0.6000000238418579, 1.0, 0.8999999761581421])],
 'OcclusionSensitivity margin 1 pad': [('ndarray:float32',
                                        [-0.3999999761581421, -0.6999999284744263,
                                         -0.49999988079071045, -0.2999999523162842])],
 'OcclusionSensitivity image': [('ndarray:float32',
                                 [[0.11237676441669464, 0.11749919503927231, 0.1115669384598732],
                                  [0.11284685879945755, 0.11753292381763458, 0.1088138073682785],
                                  [-0.11760665476322174, -0.21583493053913116,
                                   -0.1637713760137558]])],
 'OcclusionSensitivity image b_box': [('ndarray:float32',
                                       [[0.06471633911132812, -0.2944432497024536,
                                         -0.2944432497024536],
                                        [0.06471633911132812, -0.2944432497024536,
                                         -0.2944432497024536]])],
 'ConfusionMatrixMetric sensitivity': [('ndarray:float64', [0.36363636363636365]),
                                       ('ndarray:float64', [0.5333333333333333])],
 'ConfusionMatrixMetric sensitivity per sample': [('float', 0.5833333333333333),
                                                  ('float', 0.5999999999999999)],
 'ConfusionMatrixMetric sensitivity per sample sum': [('float', 2.1666666666666665)],
 'ConfusionMatrixMetric specificity': [('ndarray:float64', [0.46153846153846156]),
                                       ('ndarray:float64', [0.43333333333333335])],
 'ConfusionMatrixMetric specificity per sample': [('float', 0.4861111111111111),
                                                  ('float', 0.42777777777777776)],
 'ConfusionMatrixMetric specificity per sample sum': [('float', 2.1666666666666665)],
 'ConfusionMatrixMetric precision': [('ndarray:float64', [0.36363636363636365]),
                                     ('ndarray:float64', [0.48484848484848486])],
 'ConfusionMatrixMetric precision per sample': [('float', 0.3333333333333333), ('float', 0.475)],
 'ConfusionMatrixMetric precision per sample sum': [('float', 2.5)],
 'ConfusionMatrixMetric negative predictive value': [('ndarray:float64', [0.46153846153846156]),
                                                     ('ndarray:float64', [0.48148148148148145])],
 'ConfusionMatrixMetric negative predictive value per sample': [('float', 0.6666666666666666),
                                                                ('float', 0.525)],
 'ConfusionMatrixMetric negative predictive value per sample sum': [('float', 2.6666666666666665)],
 'ConfusionMatrixMetric miss rate': [('ndarray:float64', [0.6363636363636364]),
                                     ('ndarray:float64', [0.4666666666666667])],
 'ConfusionMatrixMetric miss rate per sample': [('float', 0.41666666666666663),
                                                ('float', 0.39999999999999997)],
 'ConfusionMatrixMetric miss rate per sample sum': [('float', 2.833333333333333)],
 'ConfusionMatrixMetric fall out': [('ndarray:float64', [0.5384615384615384]),
                                    ('ndarray:float64', [0.5666666666666667])],
 'ConfusionMatrixMetric fall out per sample': [('float', 0.5138888888888888),
                                               ('float', 0.5722222222222222)],
 'ConfusionMatrixMetric fall out per sample sum': [('float', 3.8333333333333335)],
 'ConfusionMatrixMetric false discovery rate': [('ndarray:float64', [0.6363636363636364]),
                                                ('ndarray:float64', [0.5151515151515151])],
 'ConfusionMatrixMetric false discovery rate per sample': [('float', 0.6666666666666666),
                                                           ('float', 0.525)],
 'ConfusionMatrixMetric false discovery rate per sample sum': [('float', 3.5)],
 'ConfusionMatrixMetric false omission rate': [('ndarray:float64', [0.5384615384615384]),
                                               ('ndarray:float64', [0.5185185185185185])],
 'ConfusionMatrixMetric false omission rate per sample': [('float', 0.3333333333333333),
                                                          ('float', 0.475)],
 'ConfusionMatrixMetric false omission rate per sample sum': [('float', 3.3333333333333335)],
 'ConfusionMatrixMetric prevalence threshold': [('ndarray:float64', [0.5489132768709803]),
                                                ('ndarray:float64', [0.507577497529358])],
 'ConfusionMatrixMetric prevalence threshold per sample': [('float', 0.5), ('float', 0.5)],
 'ConfusionMatrixMetric prevalence threshold per sample sum': [('float', 2.633974596215561)],
 'ConfusionMatrixMetric threat score': [('ndarray:float64', [0.2222222222222222]),
                                        ('ndarray:float64', [0.3404255319148936])],
 'ConfusionMatrixMetric threat score per sample': [('float', 0.29166666666666663),
                                                   ('float', 0.3333333333333333)],
 'ConfusionMatrixMetric threat score per sample sum': [('float', 1.5)],
 'ConfusionMatrixMetric accuracy': [('ndarray:float64', [0.4166666666666667]),
                                    ('ndarray:float64', [0.48333333333333334])],
 'ConfusionMatrixMetric accuracy per sample': [('float', 0.5416666666666667),
                                               ('float', 0.5333333333333334)],
 'ConfusionMatrixMetric accuracy per sample sum': [('float', 2.5)],
 'ConfusionMatrixMetric balanced accuracy': [('ndarray:float64', [0.4125874125874126]),
                                             ('ndarray:float64', [0.48333333333333334])],
 'ConfusionMatrixMetric balanced accuracy per sample': [('float', 0.5), ('float', 0.5)],
 'ConfusionMatrixMetric balanced accuracy per sample sum': [('float', 1.9166666666666667)],
 'ConfusionMatrixMetric f1 score': [('ndarray:float64', [0.36363636363636365]),
                                    ('ndarray:float64', [0.5079365079365079])],
 'ConfusionMatrixMetric f1 score per sample': [('float', 0.34444444444444444),
                                               ('float', 0.412063492063492)],
 'ConfusionMatrixMetric f1 score per sample sum': [('float', 2.1333333333333333)],
 'ConfusionMatrixMetric matthews correlation coefficient': [('ndarray:float64',
                                                             [-0.17482517482517482]),
                                                            ('ndarray:float64',
                                                             [-0.033501260508640406])],
 'ConfusionMatrixMetric matthews correlation coefficient per sample': [('float', 0.0),
                                                                       ('float', 0.0)],
 'ConfusionMatrixMetric matthews correlation coefficient per sample sum': [('float', -1.0)],
 'ConfusionMatrixMetric fowlkes mallows index': [('ndarray:float64', [0.36363636363636365]),
                                                 ('ndarray:float64', [0.5085133809309825])],
 'ConfusionMatrixMetric fowlkes mallows index per sample': [('float', 0.5288387679126026),
                                                            ('float', 0.601338442151745)],
 'ConfusionMatrixMetric fowlkes mallows index per sample sum': [('float', 2.230710143300821)],
 'ConfusionMatrixMetric informedness': [('ndarray:float64', [-0.1748251748251748]),
                                        ('ndarray:float64', [-0.033333333333333326])],
 'ConfusionMatrixMetric informedness per sample': [('float', -5.551115123125783e-17),
                                                   ('float', -2.2204460492503132e-17)],
 'ConfusionMatrixMetric informedness per sample sum': [('float', -1.166666666666667)],
 'ConfusionMatrixMetric markedness': [('ndarray:float64', [-0.1748251748251748]),
                                      ('ndarray:float64', [-0.03367003367003374])],
 'ConfusionMatrixMetric markedness per sample': [('float', 0.0), ('float', -5.551115123125783e-17)],
 'ConfusionMatrixMetric markedness per sample sum': [('float', -0.8333333333333335)],
 'ConfusionMatrixMetric doc': [('ndarray:float64', [0.6])],
 'ConfusionMatrixMetric aliases': [('ndarray:float64', [0.36363636363636365])],
 'ConfusionMatrixMetric alias csi': [('ndarray:float64', [0.2222222222222222])],
 'ConfusionMatrixMetric classification': [('ndarray:float64', [0.42857142857142855])],
 'ConfusionMatrixMetric skip_channel False': [('ndarray:float64', [0.25]),
                                              ('ndarray:float64', [0.3076923076923077])],
 'ConfusionMatrixMetric per sample skip_channel False': [('float', 0.41666666666666663)],
 'ConfusionMatrixMetric per sample none of one value': [('float', 0.6666666666666666)],
 'ConfusionMatrixMetric per sample sum_channel of one value': [('float', 0.35)],
 'ConfusionMatrixMetric per sample mean_channel of one value': [('float', 0.6666666666666666)],
 'ConfusionMatrixMetric per sample sum_batch of one value': [('float', 0.5)],
 'ConfusionMatrixMetric sensitivity of class indices': [('ndarray:float64', [0.05555555555555555]),
                                                        ('ndarray:float64', [0.14])],
 'ConfusionMatrixMetric sensitivity of class indices per sample': [('float', 0.2222222222222222),
                                                                   ('float', 0.1111111111111111)],
 'ConfusionMatrixMetric sensitivity of class indices per sample sum': [('float',
                                                                        0.3333333333333333)],
 'ConfusionMatrixMetric specificity of class indices': [('ndarray:float64', [-0.4166666666666667]),
                                                        ('ndarray:float64', [-0.6363636363636364])],
 'ConfusionMatrixMetric specificity of class indices per sample': [('float', 0.3194444444444444),
                                                                   ('float', 0.1597222222222222)],
 'ConfusionMatrixMetric specificity of class indices per sample sum': [('float', 1.5)],
 'ConfusionMatrixMetric precision of class indices': [('ndarray:float64', [-0.13333333333333333]),
                                                      ('ndarray:float64', [-0.6363636363636364])],
 'ConfusionMatrixMetric precision of class indices per sample': [('float', 0.25), ('float', 0.125)],
 'ConfusionMatrixMetric precision of class indices per sample sum': [('float', 1.0)],
 'ConfusionMatrixMetric accuracy of class indices': [('ndarray:float64', [0.2916666666666667]),
                                                     ('ndarray:float64', [0.358974358974359])],
 'ConfusionMatrixMetric accuracy of class indices per sample': [('float', 0.29166666666666663),
                                                                ('float', 0.14583333333333331)],
 'ConfusionMatrixMetric accuracy of class indices per sample sum': [('float', 0.75)],
 'ConfusionMatrixMetric f1 score of class indices': [('ndarray:float64', [0.19047619047619047]),
                                                     ('ndarray:float64', [0.358974358974359])],
 'ConfusionMatrixMetric f1 score of class indices per sample': [('float', 0.19444444444444442),
                                                                ('float', 0.09722222222222221)],
 'ConfusionMatrixMetric f1 score of class indices per sample sum': [('float', 0.5)],
 'ConfusionMatrixMetric matthews correlation coefficient of class indices': [('ndarray:float64',
                                                                              [1.169654294264407]),
                                                                             ('ndarray:float64',
                                                                              [1.4963636363636363])],
 'ConfusionMatrixMetric matthews correlation coefficient of class indices per sample': [('float',
                                                                                         0.5645709811204656),
                                                                                        ('float',
                                                                                         0.2822854905602328)],
 'ConfusionMatrixMetric matthews correlation coefficient of class indices per sample sum': [('float',
                                                                                             1.7559830641437073)],
 'ConfusionMatrixMetric prevalence threshold of class indices': [('ndarray:float64', [NAN]),
                                                                 ('ndarray:float64', [NAN])],
 'ConfusionMatrixMetric prevalence threshold of class indices per sample': [('float',
                                                                             0.3415063509461097),
                                                                            ('float',
                                                                             0.6707531754730549)],
 'ConfusionMatrixMetric prevalence threshold of class indices per sample sum': [('float', 1.0)],
 'ConfusionMatrixMetric markedness of class indices': [('ndarray:float64', [NAN]),
                                                       ('ndarray:float64', [NAN])],
 'ConfusionMatrixMetric markedness of class indices per sample': [('float', 0.12499999999999994),
                                                                  ('float', -0.4375)],
 'ConfusionMatrixMetric markedness of class indices per sample sum': [('float',
                                                                       -0.3333333333333335)],
 'ConfusionMatrixMetric multi-label': [('ndarray:float64', [0.6666666666666666]),
                                       ('ndarray:float64', [0.631578947368421])],
 'ConfusionMatrixMetric multi-label skip_channel False': [('ndarray:float64', [0.8])],
 'ConfusionMatrixMetric true 255': [('ndarray:float64', [-0.001793400286944046])],
 'ConfusionMatrixMetric true 255 per sample': [('float', 0.45833333333333337)],
 'ConfusionMatrixMetric true bool': [('ndarray:float64', [0.6153846153846154])],
 'ConfusionMatrixMetric soft predictions': [('ndarray:float64', [0.0])],
 'ConfusionMatrixMetric NaN predictions': [('ndarray:float64', [0.8181818181818182])],
 'ConfusionMatrixMetric NaN predictions per sample': [('float', 0.36111111111111105)]}

MINDSPORE_ERRORS = \
{'ROC eval before update': 'RuntimeError',
 'ROC float class_num': 'TypeError',
 'ROC float pos_label': 'TypeError',
 'ROC one input': 'ValueError',
 'ROC no negatives': 'ValueError',
 'ROC no positives': 'ValueError',
 'ROC ndim': 'ValueError',
 'ROC class_num of a binary input': 'ValueError',
 'ROC pos_label of a multiclass input': 'ValueError',
 'ROC class_num mismatch': 'ValueError',
 'ROC multiclass without class_num': 'ValueError',
 'ROC a str input': 'TypeError',
 'auc of lists': 'TypeError',
 'auc of Tensors': 'TypeError',
 'auc not monotonic': 'ValueError',
 'auc lengths': 'ValueError',
 'auc one point': 'ValueError',
 'auc two columns': 'ValueError',
 'ConfusionMatrixMetric eval before update per sample': 'RuntimeError',
 'ConfusionMatrixMetric unknown metric_name': 'NotImplementedError',
 'ConfusionMatrixMetric metric_name list': 'TypeError',
 'ConfusionMatrixMetric int skip_channel': 'TypeError',
 'ConfusionMatrixMetric int calculation_method': 'TypeError',
 'ConfusionMatrixMetric bad decrease': 'ValueError',
 'ConfusionMatrixMetric one input': 'ValueError',
 'ConfusionMatrixMetric y not binary': 'ValueError',
 'ConfusionMatrixMetric y of 256': 'ValueError',
 'ConfusionMatrixMetric y negative': 'ValueError',
 'ConfusionMatrixMetric y of 256 per sample': 'ValueError',
 'ConfusionMatrixMetric per sample sum_batch of many values': 'ValueError',
 'ConfusionMatrixMetric 1-D': 'ValueError',
 'ConfusionMatrixMetric shapes': 'ValueError',
 'ConfusionMatrixMetric per sample of a classification': 'ValueError',
 'ConfusionMatrixMetric per sample none of many values': 'ValueError',
 'HausdorffDistance eval before update': 'RuntimeError',
 'HausdorffDistance bad distance_metric': 'ValueError',
 'HausdorffDistance int percentile': 'TypeError',
 'HausdorffDistance percentile above 100': 'ValueError',
 'HausdorffDistance int directed': 'TypeError',
 'HausdorffDistance int crop': 'TypeError',
 'HausdorffDistance two inputs': 'ValueError',
 'HausdorffDistance str label': 'ValueError',
 'HausdorffDistance absent label': 'ValueError',
 'HausdorffDistance shapes': 'ValueError',
 'MeanSurfaceDistance eval before update': None,
 'MeanSurfaceDistance bad distance_metric': 'ValueError',
 'MeanSurfaceDistance int symmetric': 'TypeError',
 'MeanSurfaceDistance str label': 'ValueError',
 'MeanSurfaceDistance absent label': 'ValueError',
 'MeanSurfaceDistance shapes': 'ValueError',
 'RootMeanSquareDistance eval before update': None,
 'RootMeanSquareDistance int distance_metric': 'TypeError',
 'RootMeanSquareDistance str label': 'TypeError',
 'RootMeanSquareDistance one input': 'ValueError',
 'BleuScore eval before update': 'RuntimeError',
 'BleuScore n_gram 5': 'ValueError',
 'BleuScore n_gram 0': 'ValueError',
 'BleuScore float n_gram': 'TypeError',
 'BleuScore int smooth': 'TypeError',
 'BleuScore lengths': 'ValueError',
 'BleuScore one input': 'ValueError',
 'OcclusionSensitivity eval before update': 'RuntimeError',
 'OcclusionSensitivity int pad_val': 'TypeError',
 'OcclusionSensitivity float margin': 'TypeError',
 'OcclusionSensitivity float n_batch': 'TypeError',
 'OcclusionSensitivity tuple b_box': 'TypeError',
 'OcclusionSensitivity two inputs': 'ValueError',
 'OcclusionSensitivity not a Cell': 'TypeError',
 'OcclusionSensitivity two images': 'RuntimeError',
 'OcclusionSensitivity two labels': 'RuntimeError',
 'OcclusionSensitivity b_box length': 'ValueError',
 'OcclusionSensitivity b_box beyond the image': 'ValueError',
 'OcclusionSensitivity b_box min above max': 'ValueError'}


def _feed(ms, values, name, built):
    """The input ``name`` (with its prefix) as the metric gets it."""
    kind, _, key = name.rpartition(":")
    if kind == "raw":
        return RAW[key]
    if kind == "model":
        return built[key]
    value = values[key]
    return value.tolist() if kind == "list" else value if kind == "np" else ms.Tensor(value)


def _result(value):
    """(type name, value) of an eval result, as plain Python for the captured dict.

    A NumPy value's type carries its dtype ('ndarray:float32'); a tuple or a
    list holds the results of its elements.
    """
    if isinstance(value, (tuple, list)):
        return type(value).__name__, [_result(v) for v in value]
    kind = type(value).__name__
    if isinstance(value, (np.ndarray, np.generic)):
        kind += ":" + value.dtype.name
    return kind, np.asarray(value).tolist()


def run(ms, case):
    """Run ``case`` with the framework ``ms`` (its Tensor, nn and train); return the results."""
    name, kwargs, updates = case
    values = inputs()
    built = models(ms.nn, ms.Tensor) if any(
        n.startswith("model:") for update in updates for n in update) else {}
    if name == "auc":
        out = []
        for x, y in updates:
            if x.startswith("roc:"):
                fpr, tpr, _ = ms.train.ROC()(ms.Tensor(values[x[4:]]), ms.Tensor(values[y[4:]]))
                out.append(_result(ms.train.auc(fpr, tpr, **kwargs)))
            else:
                out.append(_result(ms.train.auc(_feed(ms, values, x, built),
                                                _feed(ms, values, y, built), **kwargs)))
        return out
    metric = getattr(ms.train, name)(**kwargs)
    out = []
    for update in updates:
        metric.update(*(_feed(ms, values, n, built) for n in update))
        out.append(_result(metric.eval()))
    if not updates:
        out.append(_result(metric.eval()))
    return out


def _capture():
    import mindspore as ms
    results = {}
    for case, spec in CASES.items():
        try:
            results[case] = run(ms, spec)
        except Exception as e:      # noqa: BLE001
            results[case] = [("error", type(e).__name__ + ": " + str(e)[:200])]
    errors = {}
    for case, spec in BAD.items():
        try:
            run(ms, spec)
            errors[case] = None
        except Exception as e:      # noqa: BLE001 (recording whatever MindSpore raises)
            errors[case] = type(e).__name__
    return results, errors


if __name__ == "__main__":
    import pprint
    import re
    import warnings
    warnings.simplefilter("ignore")
    found, refused = _capture()
    text = pprint.pformat(found, width=100, compact=True, sort_dicts=False)
    print("MINDSPORE = \\")
    print(re.sub(r"\binf\b", "INF", re.sub(r"\bnan\b", "NAN", text)))
    print("\nMINDSPORE_ERRORS = \\")
    pprint.pprint(refused, width=100, compact=True, sort_dicts=False)
