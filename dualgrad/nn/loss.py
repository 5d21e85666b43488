"""Loss cells with MindSpore's ``reduction``, each calling its function of
``dualgrad._losses`` (``ops.mse_loss``, ``ops.cross_entropy``...): one
implementation per loss."""
from .. import _functions as F, _losses as L
from .._core import shape_of
from .._tensor import Tensor, TensorFunction, value_of, wrap
from .cell import Cell

__all__ = ["LossBase", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
           "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss", "KLDivLoss", "MarginRankingLoss", "CosineEmbeddingLoss",
           "TripletMarginLoss"]


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
        self.reduction = L.check_reduction(reduction, type(self).__name__)

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
        return wrap(L.reduce_loss(v, self.reduction))



class _Functional(LossBase):
    """A loss cell calling ``function(*inputs, **options, reduction=...)``."""

    function = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "function" in cls.__dict__:
            # The function lifted as ops lifts it, named after the cell: bad
            # input (a string, a ragged list) gets the ops functions' errors.
            cls._lifted = TensorFunction(cls.function, cls.__name__)

    def _options(self):
        return {}

    def construct(self, *inputs):
        lifted = type(self)._lifted
        out = lifted(*inputs, **self._options(), reduction=self.reduction)
        return out if isinstance(out, Tensor) else wrap(out)


class MSELoss(_Functional):
    """Mean squared error: ``ops.mse_loss``, the reduction of ``(logits - labels) ** 2``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MSELoss()(ms.Tensor([1.0, 2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 2.5)
    """

    function = staticmethod(L.mse_loss)


class L1Loss(_Functional):
    """Mean absolute error: ``ops.l1_loss``, the reduction of ``|logits - labels|``
    (derivative 0 at 0).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.L1Loss(reduction='sum')(ms.Tensor([1.0, -2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 3)
    """

    function = staticmethod(L.l1_loss)


class SmoothL1Loss(_Functional):
    """``ops.smooth_l1_loss``: 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta
    elsewhere, for d = logits - labels.

    As MindSpore 2.10's, the default ``reduction`` is ``'none'`` and the two
    inputs must have the same shape.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SmoothL1Loss()(ms.Tensor([1.0, 2.0, 3.0]), ms.Tensor([1.0, 2.0, 2.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  0.00000000e+00,  5.00000000e-01])
    """

    function = staticmethod(L.smooth_l1_loss)

    def __init__(self, beta=1.0, reduction="none"):
        super().__init__(reduction)
        self.beta = L.check_positive(beta, "beta", "SmoothL1Loss")

    def _options(self):
        return {"beta": self.beta}


class HuberLoss(_Functional):
    """``ops.huber_loss``: 0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta)
    elsewhere, for d = logits - labels (broadcast).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HuberLoss(delta=2.0)(ms.Tensor([1.0, 2.0, 10.0, 2.0]), ms.Tensor([1.0, 5.0, 1.0, 20.0]))
    Tensor(shape=[], dtype=Float32, value= 13.5)
    """

    function = staticmethod(L.huber_loss)

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        self.delta = L.check_positive(delta, "delta", "HuberLoss")

    def _options(self):
        return {"delta": self.delta}


class SoftmaxCrossEntropyWithLogits(LossBase):
    """-sum(labels * log_softmax(logits)) over the classes (the last axis).

    ``labels`` has the logits' shape (one-hot or probabilities), or with
    ``sparse=True`` holds class indices of shape ``logits.shape[:-1]``.  The
    default ``reduction`` is ``'none'``, as MindSpore's.  log_softmax is
    computed after subtracting the maximum, so the loss is finite for any
    logits.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean')
    >>> round(loss(ms.Tensor([[0.0, 0.0], [0.0, 100.0]]), ms.Tensor([0, 1])).item(), 6)
    0.346574
    """

    def __init__(self, sparse=False, reduction="none"):
        super().__init__(reduction)
        if not isinstance(sparse, bool):
            raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', the 'sparse' must be a bool, "
                            f"but got {type(sparse).__name__}.")
        self.sparse = sparse

    def construct(self, logits, labels):
        owner = "SoftmaxCrossEntropyWithLogits"
        x = F.floating(value_of(logits))
        shape = tuple(shape_of(x))
        if not shape:
            raise ValueError(f"{owner}: logits must have a class axis, got a 0-d Tensor")
        labels = value_of(labels)
        log_p = F.log_softmax(x, -1)
        if self.sparse:
            return wrap(L.negative_log_likelihood(log_p, labels, len(shape) - 1, None, None,
                                                  self.reduction, 0.0, owner))
        # Labels of another shape would broadcast against the logits into a
        # loss of the wrong shape.
        if tuple(shape_of(labels)) != shape:
            raise ValueError(f"{owner}: labels must be of the logits' shape {shape}, got shape "
                             f"{tuple(shape_of(labels))}")
        return self.get_loss(L.soft_cross_entropy(log_p, labels, -1, 1.0))


class _ClassLoss(_Functional):
    """A loss over classes with ``weight``, ``ignore_index`` and ``label_smoothing``."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        self.weight, self.ignore_index, self.label_smoothing = L.check_class_options(
            weight, ignore_index, label_smoothing, type(self).__name__)

    def _options(self):
        return {"weight": self.weight, "ignore_index": self.ignore_index,
                "label_smoothing": self.label_smoothing}


class CrossEntropyLoss(_ClassLoss):
    """``ops.cross_entropy``: the cross entropy of logits against class indices or
    class probabilities (MindSpore's ``nn.CrossEntropyLoss``, PyTorch's semantics).

    ``logits`` has shape (C,), (N, C) or (N, C, d1, ...): the classes are on
    axis 1 (axis 0 for 1-D).  ``labels`` holds either class indices (an
    integer Tensor of the logits' shape without the class axis) or class
    probabilities (a float Tensor of the logits' shape).  ``weight`` (a
    Tensor of C values) rescales each class; labels equal to
    ``ignore_index`` contribute nothing; ``label_smoothing`` in [0, 1] mixes
    the targets with the uniform distribution.  With class indices,
    ``'mean'`` divides by the summed weights of the labels counted (their
    number without ``weight``); with probabilities, by the number of samples.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> logits = ms.Tensor([[0.0, 0.0], [0.0, 100.0]])
    >>> round(nn.CrossEntropyLoss()(logits, ms.Tensor([0, 1])).item(), 6)
    0.346574
    >>> round(nn.CrossEntropyLoss(ignore_index=1)(logits, ms.Tensor([0, 1])).item(), 6)
    0.693147
    """

    function = staticmethod(L.cross_entropy)


class NLLLoss(_ClassLoss):
    """``ops.nll_loss``: the negative log-likelihood of log-probabilities at class
    indices (as MindSpore 2.10's cell, without ``label_smoothing``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.NLLLoss()(ms.Tensor(np.log([[0.2, 0.8], [0.5, 0.5]])), ms.Tensor([1, 0]))
    Tensor(shape=[], dtype=Float64, value= 0.458145)
    """

    function = staticmethod(L.nll_loss)

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(weight, ignore_index, reduction)


class BCELoss(_Functional):
    """``ops.binary_cross_entropy`` of probabilities against targets, ``weight``
    (a Tensor broadcast against the losses) rescaling each.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.BCELoss(reduction='sum')(ms.Tensor([0.5, 0.5]), ms.Tensor([1.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 1.38629)
    """

    function = staticmethod(L.binary_cross_entropy)

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = weight

    def _options(self):
        return {"weight": None if self.weight is None else value_of(self.weight)}


class BCEWithLogitsLoss(_Functional):
    """``ops.binary_cross_entropy_with_logits``: the binary cross entropy of
    sigmoid(logits), with ``weight`` and ``pos_weight`` Tensors broadcast.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.BCEWithLogitsLoss()(ms.Tensor([0.0, 0.0]), ms.Tensor([1.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(L.binary_cross_entropy_with_logits)

    def __init__(self, reduction="mean", weight=None, pos_weight=None):
        super().__init__(reduction)
        self.weight, self.pos_weight = weight, pos_weight

    def _options(self):
        return {name: None if w is None else value_of(w)
                for name, w in (("weight", self.weight), ("pos_weight", self.pos_weight))}


class KLDivLoss(_Functional):
    """``ops.kl_div``: labels (log(labels) - logits) where labels > 0; ``reduction``
    may also be ``'batchmean'`` (the sum over the batch size).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.KLDivLoss('sum')(ms.Tensor(np.log([[0.5, 0.5]])), ms.Tensor([[1.0, 0.0]]))
    Tensor(shape=[], dtype=Float64, value= 0.693147)
    """

    function = staticmethod(L.kl_div)

    def __init__(self, reduction="mean"):
        Cell.__init__(self)
        self.reduction = L.check_reduction(reduction, "KLDivLoss",
                                           ("mean", "sum", "none", "batchmean"))


class MarginRankingLoss(_Functional):
    """``ops.margin_ranking_loss``: max(0, -target (input1 - input2) + margin).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MarginRankingLoss(0.5)(ms.Tensor([1.0]), ms.Tensor([2.0]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 1.5)
    """

    function = staticmethod(L.margin_ranking_loss)

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(reduction)
        self.margin = F.check_real(margin, "margin", "MarginRankingLoss")

    def _options(self):
        return {"margin": self.margin}


class CosineEmbeddingLoss(_Functional):
    """``ops.cosine_embedding_loss``: 1 - cos where target is 1, max(0, cos - margin)
    where it is -1, the cosine along axis 1.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.CosineEmbeddingLoss()(ms.Tensor([[1.0, 0.0]]), ms.Tensor([[0.0, 2.0]]), ms.Tensor([1]))
    Tensor(shape=[], dtype=Float32, value= 1)
    """

    function = staticmethod(L.cosine_embedding_loss)

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(reduction)
        self.margin = F.check_real(margin, "margin", "CosineEmbeddingLoss")
        if not -1.0 <= self.margin <= 1.0:
            raise ValueError(f"CosineEmbeddingLoss: margin must be in [-1, 1], got {margin}")

    def _options(self):
        return {"margin": self.margin}


class TripletMarginLoss(_Functional):
    """``ops.triplet_margin_loss``: max(d(anchor, positive) - d(anchor, negative) +
    margin, 0), the distances p-norms over the last axis.  As in MindSpore,
    ``construct`` also takes a ``margin``, used when the cell's is 1.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> a, pos, neg = ms.Tensor([[0.0, 0.0]]), ms.Tensor([[3.0, 4.0]]), ms.Tensor([[0.0, 1.0]])
    >>> nn.TripletMarginLoss(eps=0.0)(a, pos, neg)
    Tensor(shape=[], dtype=Float32, value= 5)
    """

    function = staticmethod(L.triplet_margin_loss)

    def __init__(self, p=2, swap=False, eps=1e-06, reduction="mean", margin=1.0):
        super().__init__(reduction)
        owner = "TripletMarginLoss"
        self.p = L.check_positive(p, "p", owner)
        self.eps = F.check_real(eps, "eps", owner)
        self.margin = F.check_real(margin, "margin", owner)
        if not isinstance(swap, bool):
            raise TypeError(f"{owner}: swap must be a bool, got {type(swap).__name__}")
        self.swap = swap

    def construct(self, x, positive, negative, margin=1.0):
        margin = value_of(margin) if self.margin == 1.0 else self.margin
        return wrap(L.triplet_margin_loss(value_of(x), value_of(positive), value_of(negative),
                                          margin, self.p, self.eps, self.swap, self.reduction))
