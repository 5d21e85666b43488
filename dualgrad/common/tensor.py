"""MindSpore's import path ``mindspore.common.tensor``: ``from dualgrad.common.tensor import
Tensor`` is ``dualgrad.Tensor``."""
from .._tensor import Tensor

__all__ = ["Tensor"]
