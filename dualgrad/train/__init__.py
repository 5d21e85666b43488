"""MindSpore's ``mindspore.train`` import paths: the loss-scale managers.

>>> from dualgrad.train.loss_scale_manager import FixedLossScaleManager
>>> FixedLossScaleManager(64.0).get_loss_scale()
64.0
"""
from . import loss_scale_manager
from .loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager

__all__ = ["loss_scale_manager", "LossScaleManager", "FixedLossScaleManager",
           "DynamicLossScaleManager"]
