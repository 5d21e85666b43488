"""Embedding: a trainable lookup table, in MindSpore 2.10's style."""
import numpy as np

from .. import _dtypes, _normalization as N
from .._composite import _check_int
from .._parameter import Parameter
from .._tensor import Tensor, TensorFunction
from .cell import Cell
from .initializers import initialize

__all__ = ["Embedding"]

_lookup = TensorFunction(lambda table, ids: N.lookup(table, ids, "Embedding", "ids"),
                         "Embedding")


class Embedding(Cell):
    """A table of ``vocab_size`` rows of ``embedding_size`` values (the Parameter
    ``embedding_table``, from the initializer ``embedding_table``); calling it
    on integer ids of any shape returns their rows, of shape ids.shape +
    (embedding_size,).  The gradient with respect to the table adds the
    output's gradient into the rows looked up (a scatter-add).  The row
    ``padding_idx`` starts at zero.  ``use_one_hot`` (a one-hot matrix
    product in MindSpore) gives the same values and gradients here.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> emb = nn.Embedding(4, 2, embedding_table=ms.Tensor(np.arange(8.0).reshape(4, 2)))
    >>> emb(ms.Tensor([[3, 0, 3]]))
    Tensor(shape=[1, 3, 2], dtype=Float64, value=
    [[[ 6.00000000e+00,  7.00000000e+00],
      [ 0.00000000e+00,  1.00000000e+00],
      [ 6.00000000e+00,  7.00000000e+00]]])
    >>> ms.grad(lambda ids: emb(ids).sum(), None, emb.embedding_table)(ms.Tensor([3, 0, 3]))
    Tensor(shape=[4, 2], dtype=Float64, value=
    [[ 1.00000000e+00,  1.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00],
     [ 2.00000000e+00,  2.00000000e+00]])
    """

    def __init__(self, vocab_size, embedding_size, use_one_hot=False, embedding_table="normal",
                 dtype=_dtypes.float32, padding_idx=None):
        super().__init__()
        owner = "Embedding"
        self.vocab_size = _check_int(vocab_size, "vocab_size", owner, 1)
        self.embedding_size = _check_int(embedding_size, "embedding_size", owner, 1)
        if not isinstance(use_one_hot, bool):
            raise TypeError(f"{owner}: use_one_hot must be a bool, got "
                            f"{type(use_one_hot).__name__}")
        self.use_one_hot = use_one_hot
        # MindSpore's dtype is that of the one-hot matrix only; the table keeps the
        # initializer's dtype (float32, or a given Tensor's).
        self.dtype = _dtypes.to_dtype(dtype)
        shape = (self.vocab_size, self.embedding_size)
        table = (initialize(embedding_table, shape, embedding_table.dtype)
                 if isinstance(embedding_table, Tensor) else initialize(embedding_table, shape))
        if padding_idx is not None:
            padding_idx = _check_int(padding_idx, "padding_idx", owner, 0)
            if padding_idx >= self.vocab_size:
                raise ValueError(f"{owner}: padding_idx must lie in [0, {self.vocab_size}), "
                                 f"got {padding_idx}")
            table[padding_idx] = 0
        self.padding_idx = padding_idx
        self.embedding_table = Parameter(Tensor(np.asarray(table)), name="embedding_table")

    def construct(self, ids):
        return _lookup(self.embedding_table, ids)

    def extend_repr(self):
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, "
                f"use_one_hot={self.use_one_hot}, embedding_table={self.embedding_table}, "
                f"dtype={self.dtype}, "
                f"padding_idx={self.padding_idx}")
