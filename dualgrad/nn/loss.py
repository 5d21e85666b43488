"""Loss cells with MindSpore's ``reduction``, each calling its function of
``dualgrad._losses`` (``ops.mse_loss``, ``ops.cross_entropy``...): one
implementation per loss."""
import numpy as np

from .. import _elementwise as ew, _functions as F, _losses as L
from .._composite import vector_norm
from .._core import shape_of
from .._tensor import Tensor, TensorFunction, value_of, wrap
from .cell import Cell

__all__ = ["LossBase", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
           "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss", "KLDivLoss", "MarginRankingLoss", "CosineEmbeddingLoss",
           "TripletMarginLoss", "TripletMarginWithDistanceLoss", "RMSELoss", "MAELoss",
           "SoftMarginLoss", "HingeEmbeddingLoss",
           "MultiMarginLoss", "MultiLabelSoftMarginLoss", "MultilabelMarginLoss",
           "GaussianNLLLoss", "PoissonNLLLoss", "DiceLoss", "MultiClassDiceLoss", "FocalLoss",
           "L1Regularizer"]


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
        x = F.floating(self._input_value(logits, "logits"))
        shape = tuple(shape_of(x))
        if not shape:
            raise ValueError(f"{owner}: logits must have a class axis, got a 0-d Tensor")
        labels = self._input_value(labels, "labels")
        log_p = F.log_softmax(x, -1)
        if self.sparse:
            return wrap(L.negative_log_likelihood(log_p, labels, len(shape) - 1, None, None,
                                                  self.reduction, 0.0, owner))
        # Labels of another shape would broadcast against the logits into a
        # loss of the wrong shape.
        if tuple(shape_of(labels)) != shape:
            raise ValueError(f"{owner}: labels must be of the logits' shape {shape}, got shape "
                             f"{tuple(shape_of(labels))}")
        return self.get_loss(L.soft_cross_entropy(log_p, labels, -1, 1.0, owner))


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


class _WithWeight(_Functional):
    """A loss cell with a ``weight`` Tensor (or None) broadcast against the losses."""

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = weight

    def _options(self):
        return {"weight": None if self.weight is None else value_of(self.weight)}


class BCELoss(_WithWeight):
    """``ops.binary_cross_entropy`` of probabilities against targets, ``weight``
    (a Tensor broadcast against the losses) rescaling each.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.BCELoss(reduction='sum')(ms.Tensor([0.5, 0.5]), ms.Tensor([1.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 1.38629)
    """

    function = staticmethod(L.binary_cross_entropy)


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


class _WithMargin(_Functional):
    """A loss cell with a real ``margin`` option."""

    def __init__(self, margin, reduction):
        super().__init__(reduction)
        self.margin = F.check_real(margin, "margin", type(self).__name__)

    def _options(self):
        return {"margin": self.margin}


class MarginRankingLoss(_WithMargin):
    """``ops.margin_ranking_loss``: max(0, -target (input1 - input2) + margin).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MarginRankingLoss(0.5)(ms.Tensor([1.0]), ms.Tensor([2.0]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 1.5)
    """

    function = staticmethod(L.margin_ranking_loss)

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(margin, reduction)


class CosineEmbeddingLoss(_WithMargin):
    """``ops.cosine_embedding_loss``: 1 - cos where target is 1, max(0, cos - margin)
    where it is -1, the cosine along axis 1.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.CosineEmbeddingLoss()(ms.Tensor([[1.0, 0.0]]), ms.Tensor([[0.0, 2.0]]), ms.Tensor([1]))
    Tensor(shape=[], dtype=Float32, value= 1)
    """

    function = staticmethod(L.cosine_embedding_loss)

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(margin, reduction)
        if not -1.0 <= self.margin <= 1.0:
            raise ValueError(f"CosineEmbeddingLoss: margin must be in [-1, 1], got {margin}")


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
        return wrap(L.triplet_margin_loss(
            self._input_value(x), self._input_value(positive, "positive"),
            self._input_value(negative, "negative"), margin, self.p, self.eps, self.swap,
            self.reduction))


class TripletMarginWithDistanceLoss(LossBase):
    """max(d(x, positive) - d(x, negative) + margin, 0) for a ``distance_function``
    d of two Tensors (by default the Euclidean norm of their difference over
    axis 1, as MindSpore's, so inputs (N, D, ...) give losses (N, ...)); with
    ``swap``, d(x, negative) is replaced by d(positive, negative) where that is
    smaller.  ``margin`` is a float, as MindSpore requires.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor([[0.3, 0.7], [0.5, 0.5]])
    >>> positive = ms.Tensor([[0.4, 0.6], [0.4, 0.6]])
    >>> negative = ms.Tensor([[0.2, 0.9], [0.3, 0.7]])
    >>> nn.TripletMarginWithDistanceLoss()(x, positive, negative)
    Tensor(shape=[], dtype=Float32, value= 0.888197)
    """

    def __init__(self, distance_function=None, swap=False, reduction="mean", margin=1.0):
        super().__init__(reduction)
        owner = "TripletMarginWithDistanceLoss"
        if distance_function is not None and not callable(distance_function):
            raise TypeError(f"{owner}: distance_function must be callable or None, got "
                            f"{type(distance_function).__name__}")
        if not isinstance(swap, bool):
            raise TypeError(f"{owner}: swap must be a bool, got {type(swap).__name__}")
        if not isinstance(margin, float):
            raise TypeError(f"{owner}: margin must be a float, got {type(margin).__name__}")
        self.distance_function = distance_function
        self.swap = swap
        self.margin = F.check_real(margin, "margin", owner)

    def _distance(self, a, b):
        """The distance of two engine values, as an engine value."""
        if self.distance_function is not None:
            d = self.distance_function(wrap(a), wrap(b))
            return value_of(d) if isinstance(d, Tensor) else d
        difference = ew.sub(a, b)
        if len(shape_of(difference)) < 2:
            raise ValueError(f"TripletMarginWithDistanceLoss: the default distance takes "
                             f"inputs (N, D, ...), got shape {tuple(shape_of(difference))}")
        return vector_norm(difference, 2, (1,), False)

    def construct(self, x, positive, negative):
        owner = "TripletMarginWithDistanceLoss"
        values = [self._input_value(v, name) for v, name in
                  ((x, "x"), (positive, "positive"), (negative, "negative"))]
        shapes = [tuple(shape_of(v)) for v in values]
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            raise ValueError(f"{owner}: x, positive and negative must broadcast together, got "
                             f"shapes {shapes[0]}, {shapes[1]} and {shapes[2]}") from None
        anchor, pos, neg = (F.floating(v) for v in values)
        to_negative = self._distance(anchor, neg)
        if self.swap:
            to_negative = ew.minimum(to_negative, self._distance(pos, neg))
        losses = ew.maximum(ew.add(ew.sub(self._distance(anchor, pos), to_negative),
                                   self.margin), 0.0)
        return self.get_loss(losses)

class RMSELoss(LossBase):
    """The root mean squared error sqrt(mean((logits - label)²)) (no ``reduction``,
    as MindSpore's); derivative 0 at a zero residual (MindSpore's is NaN).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.RMSELoss()(ms.Tensor([3.0, 4.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 3.53553)
    """

    def __init__(self):
        super().__init__()

    def construct(self, logits, label):
        return wrap(L.rmse_loss(self._input_value(logits, "logits"),
                                self._input_value(label, "label")))


class MAELoss(_Functional):
    """The mean absolute error: ``ops.l1_loss``, the reduction of |logits - label|
    (integer inputs in float32; MindSpore's mean of integers is an integer).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MAELoss()(ms.Tensor([1.0, -2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 1.5)
    """

    function = staticmethod(L.l1_loss)


class SoftMarginLoss(_Functional):
    """``ops.soft_margin_loss``: log(1 + exp(-labels · logits)).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SoftMarginLoss()(ms.Tensor([0.0, 0.0]), ms.Tensor([1.0, -1.0]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(L.soft_margin_loss)


class HingeEmbeddingLoss(_WithMargin):
    """``ops.hinge_embedding_loss``: logits where labels > 0, max(0, margin -
    logits) where labels < 0.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HingeEmbeddingLoss(0.5, 'sum')(ms.Tensor([0.2, 0.2]), ms.Tensor([1.0, -1.0]))
    Tensor(shape=[], dtype=Float32, value= 0.5)
    """

    function = staticmethod(L.hinge_embedding_loss)

    def __init__(self, margin=1.0, reduction="mean"):
        super().__init__(margin, reduction)


class MultiMarginLoss(_Functional):
    """``ops.multi_margin_loss``: the multi-class hinge loss of scores (N, C) at
    class indices (N,).  ``construct`` also takes a ``weight``, used when the
    cell has none, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> x = ms.Tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.2, 0.5, 0.1]])
    >>> nn.MultiMarginLoss(margin=0.5)(x, ms.Tensor([3, 0]))
    Tensor(shape=[], dtype=Float32, value= 0.1375)
    """

    function = staticmethod(L.multi_margin_loss)

    def __init__(self, p=1, margin=1.0, reduction="mean", weight=None):
        super().__init__(reduction)
        owner = "MultiMarginLoss"
        if isinstance(p, bool) or p not in (1, 2):
            raise ValueError(f"{owner}: p must be 1 or 2, got {p!r}")
        self.p, self.margin = p, F.check_real(margin, "margin", owner)
        self.weight = weight

    def construct(self, x, target, weight=None):
        weight = self.weight if self.weight is not None else weight
        return wrap(L.multi_margin_loss(self._input_value(x), self._input_value(target, "target"),
                                        self.p, self.margin,
                                        None if weight is None else value_of(weight),
                                        self.reduction))


class MultiLabelSoftMarginLoss(_WithWeight):
    """``ops.multilabel_soft_margin_loss``: the binary cross entropy of sigmoid(x)
    against ``target``, weighted, averaged over the classes (the last axis).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MultiLabelSoftMarginLoss()(ms.Tensor([[0.0, 0.0]]), ms.Tensor([[1.0, 0.0]]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(L.multilabel_soft_margin_loss)


class MultilabelMarginLoss(_Functional):
    """``ops.multilabel_margin_loss``: the multi-label hinge loss, the target
    classes listed before the first -1 of ``target``.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.MultilabelMarginLoss()(ms.Tensor([[0.1, 0.2, 0.4, 0.8]]), ms.Tensor([[3, 0, -1, 1]]))
    Tensor(shape=[], dtype=Float32, value= 0.85)
    """

    function = staticmethod(L.multilabel_margin_loss)


class GaussianNLLLoss(_Functional):
    """``ops.gaussian_nll_loss``: 0.5 (log(max(var, eps)) + (logits - labels)² /
    max(var, eps)) [+ 0.5 log(2π) with ``full``].  The options are keyword-only.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.GaussianNLLLoss()(ms.Tensor([1.0, 0.0]), ms.Tensor([0.0, 0.0]), ms.Tensor([1.0, 1.0]))
    Tensor(shape=[], dtype=Float32, value= 0.25)
    """

    function = staticmethod(L.gaussian_nll_loss)

    def __init__(self, *, full=False, eps=1e-06, reduction="mean"):
        super().__init__(reduction)
        owner = "GaussianNLLLoss"
        self.full = L._check_bool(full, "full", owner)
        self.eps = L.check_positive(eps, "eps", owner)

    def _options(self):
        return {"full": self.full, "eps": self.eps}


class PoissonNLLLoss(_Functional):
    """The Poisson negative log-likelihood of counts ``target``: exp(input) - target
    input (``log_input``) or input - target log(input + eps), plus with
    ``full`` the Stirling term of log(target!) where target > 1.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.PoissonNLLLoss(reduction='sum')(ms.Tensor([0.0, 1.0]), ms.Tensor([1.0, 3.0]))
    Tensor(shape=[], dtype=Float32, value= 0.718282)
    """

    function = staticmethod(L.poisson_nll_loss)

    def __init__(self, log_input=True, full=False, eps=1e-08, reduction="mean"):
        super().__init__(reduction)
        owner = "PoissonNLLLoss"
        self.log_input = L._check_bool(log_input, "log_input", owner)
        self.full = L._check_bool(full, "full", owner)
        self.eps = F.check_real(eps, "eps", owner)

    def _options(self):
        return {"log_input": self.log_input, "full": self.full, "eps": self.eps}


class DiceLoss(LossBase):
    """1 - 2 sum(logits · label) / (sum(logits²) + sum(label²) + smooth) over all
    elements, of two Tensors of one shape.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.DiceLoss(smooth=1.0)(ms.Tensor([[0.5, 0.5]]), ms.Tensor([[1.0, 0.0]]))
    Tensor(shape=[], dtype=Float32, value= 0.6)
    """

    def __init__(self, smooth=1e-05):
        super().__init__()
        self.smooth = L.check_positive(smooth, "smooth", "DiceLoss")

    def construct(self, logits, label):
        return wrap(L.dice_loss(self._input_value(logits, "logits"),
                                self._input_value(label, "label"), self.smooth))


class MultiClassDiceLoss(LossBase):
    """The mean over the classes (axis 1) of ``DiceLoss`` of activation(logits) and
    one-hot labels, each class's times its row of ``weights`` (2-D, one row per
    class); the class ``ignore_indiex`` (MindSpore's spelling) adds nothing.
    ``activation`` is a name ('softmax', 'logsoftmax', 'relu', 'relu6', 'tanh',
    'sigmoid'), a Cell or None; softmax and logsoftmax are taken over the
    classes (MindSpore takes them over the last axis).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> loss = nn.MultiClassDiceLoss(activation=None)
    >>> loss(ms.Tensor([[1.0, 0.0], [0.0, 1.0]]), ms.Tensor([[1.0, 0.0], [0.0, 1.0]]))
    Tensor(shape=[], dtype=Float32, value= 5.00679e-06)
    """

    _NAMES = ("softmax", "logsoftmax", "relu", "relu6", "tanh", "sigmoid")

    def __init__(self, weights=None, ignore_indiex=None, activation="softmax"):
        super().__init__()
        owner = "MultiClassDiceLoss"
        if weights is not None:
            if not isinstance(weights, Tensor):
                raise TypeError(f"{owner}: weights must be a Tensor, got "
                                f"{type(weights).__name__}")
            if weights.ndim != 2:
                raise ValueError(f"{owner}: weights must be 2-D, got {weights.ndim} dimensions")
        if ignore_indiex is not None and (isinstance(ignore_indiex, bool)
                                          or not isinstance(ignore_indiex, int)):
            raise TypeError(f"{owner}: ignore_indiex must be an int, got "
                            f"{type(ignore_indiex).__name__}")
        if isinstance(activation, str):
            if activation not in self._NAMES:
                raise ValueError(f"{owner}: activation must be one of {list(self._NAMES)}, "
                                 f"got {activation!r}")
        elif activation is not None and not isinstance(activation, Cell):
            raise TypeError(f"{owner}: activation must be a str, a Cell or None, got "
                            f"{type(activation).__name__}")
        self.weights, self.ignore_indiex = weights, ignore_indiex
        self.activation = activation

    def _activate(self, logits):
        if self.activation in ("softmax", "logsoftmax"):
            x = value_of(logits)
            if len(shape_of(x)) < 2:
                return x                  # (refused by multi_class_dice_loss)
            return (F.softmax if self.activation == "softmax" else F.log_softmax)(x, 1)
        if isinstance(self.activation, str):
            from .activations import get_activation
            return value_of(get_activation(self.activation)(logits))
        return value_of(logits if self.activation is None else self.activation(logits))

    def construct(self, logits, label):
        logits = wrap(self._input_value(logits, "logits"))
        return wrap(L.multi_class_dice_loss(
            self._activate(logits), self._input_value(label, "label"),
            None if self.weights is None else value_of(self.weights), self.ignore_indiex))


class FocalLoss(_Functional):
    """-weight[c] (1 - p_c)^gamma log p_c for p = softmax(logits) over axis 1, at
    class indices (``labels`` of shape (N, 1, ...), a loss per sample) or
    times one-hot ``labels`` of the logits' shape (a loss per sample and
    class), averaged over the positions of a 3-D or 4-D input.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.FocalLoss(gamma=1.0)(ms.Tensor([[0.0, 0.0]]), ms.Tensor([[1]]))
    Tensor(shape=[], dtype=Float32, value= 0.346574)
    """

    function = staticmethod(L.focal_loss)

    def __init__(self, weight=None, gamma=2.0, reduction="mean"):
        super().__init__(reduction)
        owner = "FocalLoss"
        if weight is not None and not isinstance(weight, Tensor):
            raise TypeError(f"{owner}: weight must be a Tensor, got {type(weight).__name__}")
        self.weight = L.check_class_options(weight, -100, 0.0, owner)[0]
        self.gamma = F.check_real(gamma, "gamma", owner)

    def _options(self):
        return {"weight": self.weight, "gamma": self.gamma}


class L1Regularizer(Cell):
    """scale · sum |weights|, for a positive finite ``scale`` (in at least float32).

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.L1Regularizer(0.5)(ms.Tensor([1.0, -2.0]))
    Tensor(shape=[], dtype=Float32, value= 1.5)
    """

    def __init__(self, scale):
        super().__init__()
        self.scale = L.check_positive(scale, "scale", "L1Regularizer")

    def construct(self, weights):
        return wrap(L.l1_regularizer(value_of(weights), self.scale))
