"""``mindspore.mint.nn``: its ``functional`` module and its layer classes, with
PyTorch's argument names and conventions (``Conv2d(..., bias=True,
padding_mode=...)``, ``BatchNorm2d`` with ``running_mean`` and momentum 0.1,
``Dropout(p)``, ``Softmax(dim)``...).  The six classes MindSpore 2.10's
``mint.nn`` shares with ``mindspore.nn`` (``AdaptiveMaxPool2d``, ``Cell``,
``Identity``, ``Linear``, ``ReLU``, ``SoftMarginLoss``) are ``dualgrad.nn``'s.

``SyncBatchNorm`` runs in dualgrad's one process, where the whole batch is
the batch given.  Not here: ``F`` (an internal alias of ``functional``).
"""
from . import functional
from ...nn import AdaptiveMaxPool2d, Cell, Identity, Linear, ReLU, SoftMarginLoss
from .activations import (ELU, GELU, GLU, SELU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh,
                          LogSigmoid, LogSoftmax, Mish, PReLU, ReLU6, SiLU, Sigmoid, Softmax,
                          Softshrink, Tanh, Threshold)
from .layers import (BatchNorm1d, BatchNorm2d, BatchNorm3d, Conv1d, Conv2d, Conv3d,
                     ConvTranspose2d, Dropout, Dropout2d, Embedding, Flatten, GroupNorm,
                     LayerNorm, SyncBatchNorm)
from .loss import (BCELoss, BCEWithLogitsLoss, CosineEmbeddingLoss, CrossEntropyLoss, KLDivLoss,
                   L1Loss, MSELoss, NLLLoss, SmoothL1Loss)
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d,
                      AvgPool1d, AvgPool2d, AvgPool3d, ConstantPad1d, ConstantPad2d,
                      ConstantPad3d, Fold, MaxPool2d, MaxUnpool2d, PixelShuffle,
                      ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d,
                      ReplicationPad2d, ReplicationPad3d, Unfold, Upsample,
                      UpsamplingBilinear2d, UpsamplingNearest2d, ZeroPad1d, ZeroPad2d, ZeroPad3d)

__all__ = ["functional", "AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU",
           "SoftMarginLoss",
           # convolution, normalisation, dropout, embedding, flatten
           "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Conv1d", "Conv2d", "Conv3d",
           "ConvTranspose2d", "Dropout", "Dropout2d", "Embedding", "Flatten", "GroupNorm",
           "LayerNorm", "SyncBatchNorm",
           # activations
           "ELU", "GELU", "GLU", "SELU", "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh",
           "LogSigmoid", "LogSoftmax", "Mish", "PReLU", "ReLU6", "SiLU", "Sigmoid", "Softmax",
           "Softshrink", "Tanh", "Threshold",
           # losses
           "BCELoss", "BCEWithLogitsLoss", "CosineEmbeddingLoss", "CrossEntropyLoss", "KLDivLoss",
           "L1Loss", "MSELoss", "NLLLoss", "SmoothL1Loss",
           # pooling, padding, resampling
           "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d",
           "AvgPool1d", "AvgPool2d", "AvgPool3d", "ConstantPad1d", "ConstantPad2d",
           "ConstantPad3d", "Fold", "MaxPool2d", "MaxUnpool2d", "PixelShuffle",
           "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
           "ReplicationPad2d", "ReplicationPad3d", "Unfold", "Upsample", "UpsamplingBilinear2d",
           "UpsamplingNearest2d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d"]
