"""``mindspore.mint.nn``: its ``functional`` module, and the layer classes that
MindSpore 2.10's ``mint.nn`` shares with ``mindspore.nn`` (the same objects
there, so ``dualgrad.nn``'s here).  mint's other layer classes, with PyTorch's
argument names (``Conv2d(..., bias=True, padding_mode=...)``, ``BatchNorm2d``
with ``running_mean``...), are not here; ``dualgrad.nn`` has MindSpore's own.
"""
from . import functional
from ...nn import AdaptiveMaxPool2d, Cell, Identity, Linear, ReLU, SoftMarginLoss

__all__ = ["functional", "AdaptiveMaxPool2d", "Cell", "Identity", "Linear", "ReLU",
           "SoftMarginLoss"]
