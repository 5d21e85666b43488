"""``mindspore.mint.nn``: its ``functional`` module and its layer classes, with
PyTorch's argument names and conventions (``Conv2d(..., bias=True,
padding_mode=...)``, ``BatchNorm2d`` with ``running_mean`` and momentum 0.1,
``Dropout(p)``, ``Softmax(dim)``...).  The six classes MindSpore 2.10's
``mint.nn`` shares with ``mindspore.nn`` (``AdaptiveMaxPool2d``, ``Cell``,
``Identity``, ``Linear``, ``ReLU``, ``SoftMarginLoss``) are ``dualgrad.nn``'s.

Not here: ``SyncBatchNorm`` (batch statistics across devices; dualgrad runs
on one) and ``F`` (an internal alias of ``functional``).
"""
from . import functional
from ...nn import AdaptiveMaxPool2d, Cell, Identity, Linear, ReLU, SoftMarginLoss
from .layers import (BatchNorm1d, BatchNorm2d, BatchNorm3d, Conv1d, Conv2d, Conv3d,
                     ConvTranspose2d, Dropout, Dropout2d, Embedding, Flatten, GroupNorm,
                     LayerNorm)

__all__ = ["functional", "AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU",
           "SoftMarginLoss",
           # convolution, normalisation, dropout, embedding, flatten
           "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Conv1d", "Conv2d", "Conv3d",
           "ConvTranspose2d", "Dropout", "Dropout2d", "Embedding", "Flatten", "GroupNorm",
           "LayerNorm"]
