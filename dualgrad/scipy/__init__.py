"""SciPy-style routines in MindSpore's ``mindspore.scipy`` layout.

>>> import dualgrad as ms
>>> ms.scipy.optimize.minimize.__module__
'dualgrad.scipy.optimize'
"""
from . import optimize

__all__ = ["optimize"]
