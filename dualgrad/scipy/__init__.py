"""SciPy-style routines in MindSpore's ``mindspore.scipy`` layout:
``dualgrad.scipy.linalg`` and ``dualgrad.scipy.optimize``.

>>> import dualgrad as ms
>>> ms.scipy.optimize.minimize.__module__
'dualgrad.scipy.optimize'
"""
from . import linalg, optimize

__all__ = ["linalg", "optimize"]
