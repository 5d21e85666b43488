"""MindSpore's ``mindspore.train``: ``Model``, its callbacks, loss-scale managers, metrics.

>>> from dualgrad.train.loss_scale_manager import FixedLossScaleManager
>>> FixedLossScaleManager(64.0).get_loss_scale()
64.0
"""
from . import callback, loss_scale_manager, metrics
from .callback import (BackupAndRestore, Callback, CheckpointConfig, EarlyStopping, History,
                       LambdaCallback, LearningRateScheduler, LossMonitor, ModelCheckpoint,
                       OnRequestExit, ReduceLROnPlateau, RunContext, TimeMonitor)
from .loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from .metrics import (F1, MAE, MSE, ROC, Accuracy, BleuScore, ConfusionMatrix,
                      ConfusionMatrixMetric, CosineSimilarity, Dice, Fbeta, HausdorffDistance,
                      Loss, MeanSurfaceDistance, Metric, OcclusionSensitivity, Perplexity,
                      Precision, Recall, RootMeanSquareDistance, Top1CategoricalAccuracy,
                      Top5CategoricalAccuracy, TopKCategoricalAccuracy, auc, get_metric_fn, names,
                      rearrange_inputs)
from .model import Model

__all__ = ["loss_scale_manager", "LossScaleManager", "FixedLossScaleManager",
           "DynamicLossScaleManager", "metrics", "names", "get_metric_fn", "Accuracy", "MAE",
           "MSE", "Metric", "rearrange_inputs", "Precision", "Recall", "Fbeta",
           "CosineSimilarity", "F1", "Dice", "TopKCategoricalAccuracy",
           "Top1CategoricalAccuracy", "Top5CategoricalAccuracy", "Loss", "Perplexity",
           "ConfusionMatrix", "ConfusionMatrixMetric", "ROC", "auc", "BleuScore",
           "HausdorffDistance", "MeanSurfaceDistance", "RootMeanSquareDistance",
           "OcclusionSensitivity", "Model", "callback", "Callback", "RunContext", "LossMonitor",
           "TimeMonitor", "History", "LambdaCallback", "EarlyStopping", "ModelCheckpoint",
           "CheckpointConfig", "ReduceLROnPlateau", "LearningRateScheduler", "OnRequestExit",
           "BackupAndRestore"]
