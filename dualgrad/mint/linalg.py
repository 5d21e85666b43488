"""``mindspore.mint.linalg``: inverse, QR and norms with PyTorch's arguments.

>>> import dualgrad as ms
>>> from dualgrad.mint import linalg
>>> linalg.vector_norm(ms.Tensor([[3.0, 4.0], [6.0, 8.0]]), dim=1)
Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e+00,  1.00000000e+01])
"""
from .. import ops as _ops


def inv(input):
    """The inverse of a square matrix (or of each in a batch)."""
    return _ops.inverse(input)


def qr(A, mode="reduced"):
    """(Q, R) with Q orthonormal columns and R upper triangular; ``mode`` 'reduced',
    'complete' or 'r' (R alone, with an empty Q)."""
    return _ops.qr(A, mode)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):  # noqa: A002
    """The ``ord``-norm of the elements over ``dim`` (every element when None)."""
    return _ops.vector_norm(x, ord, dim, keepdim, dtype=dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):  # noqa: A002
    """The ``ord``-norm of the matrices over the axes ``dim``: 'fro', 'nuc', ±1, ±2, ±inf."""
    return _ops.matrix_norm(A, ord, dim, keepdim, dtype=dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):  # noqa: A002
    """A vector norm (``dim`` an int, or ``A`` 1-D) or a matrix norm (``dim`` a pair, or
    ``A`` 2-D); ``ord=None``: the 2-norm or the Frobenius norm; with ``ord`` None and
    ``dim`` None, the 2-norm of every element."""
    return _ops.norm(A, ord, dim, keepdim, dtype=dtype)


__all__ = ["inv", "matrix_norm", "norm", "qr", "vector_norm"]
