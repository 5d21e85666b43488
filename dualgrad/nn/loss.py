"""Loss cells: MSELoss and L1Loss with MindSpore's ``reduction``."""
from .. import _functions as F
from .._tensor import Tensor, value_of, wrap
from .cell import Cell

__all__ = ["LossBase", "MSELoss", "L1Loss"]


class LossBase(Cell):
    """Base of losses: ``get_loss`` applies the reduction ('mean', 'sum' or 'none').

    'mean' and 'sum' give a 0-d Tensor of the input's dtype; 'none' the
    elementwise losses.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> class Half(nn.LossBase):
    ...     def construct(self, x, y):
    ...         return self.get_loss((x - y) * 0.5)
    >>> Half('sum')(ms.Tensor([2.0, 4.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 3)
    """

    def __init__(self, reduction="mean"):
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"For '{type(self).__name__}', the 'reduction' must be in "
                             f"['mean', 'sum', 'none'], but got {reduction}.")
        self.reduction = reduction

    def get_loss(self, x, weights=1.0):
        """Reduce the elementwise losses ``x`` (optionally weighted) by ``self.reduction``.

        >>> import dualgrad as ms
        >>> from dualgrad import nn
        >>> nn.L1Loss('sum').get_loss(ms.Tensor([1.0, 2.0]), weights=2.0)
        Tensor(shape=[], dtype=Float32, value= 6)
        """
        v = value_of(x) if isinstance(x, Tensor) else x
        if not (isinstance(weights, (int, float)) and weights == 1.0):
            v = F.mul(v, value_of(weights))
        if self.reduction == "mean":
            v = F.mean(v)
        elif self.reduction == "sum":
            v = F.sum_(v)
        return wrap(v)


def _difference(logits, labels):
    return F.sub(value_of(logits), value_of(labels))


class MSELoss(LossBase):
    """Mean squared error: reduction of ``(logits - labels) ** 2``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MSELoss()(ms.Tensor([1.0, 2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 2.5)
    """

    def construct(self, logits, labels):
        return self.get_loss(F.square(_difference(logits, labels)))


class L1Loss(LossBase):
    """Mean absolute error: reduction of ``|logits - labels|`` (derivative 0 at 0).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.L1Loss(reduction='sum')(ms.Tensor([1.0, -2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 3)
    """

    def construct(self, logits, labels):
        return self.get_loss(F.abs(_difference(logits, labels)))
