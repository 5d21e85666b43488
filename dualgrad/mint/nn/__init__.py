"""``mindspore.mint.nn``: here its ``functional`` module (the layer classes are ``dualgrad.nn``'s)."""
from . import functional

__all__ = ["functional"]
