"""SciPy-style functions, as ``mindspore.scipy``: ``dualgrad.scipy.linalg``."""
from . import linalg  # noqa: F401

__all__ = ["linalg"]
