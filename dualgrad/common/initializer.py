"""Initializers at MindSpore's path ``mindspore.common.initializer``.

The same objects as ``dualgrad.nn.initializers``:

>>> from dualgrad.common.initializer import Normal, initializer
>>> initializer(Normal(0.02), [2, 3]).shape
(2, 3)
"""
from ..nn.initializers import *  # noqa: F401,F403  (this module is an import path)
from ..nn.initializers import __all__  # noqa: F401
