"""Loss cells with MindSpore's ``reduction``, each calling its function of
``dualgrad._losses`` (``ops.mse_loss``, ``ops.cross_entropy``...): one
implementation per loss."""
import numpy as np

from .. import _dtypes, _elementwise as ew, _functions as F, _losses as L, ops
from .._composite import _check_int, vector_norm
from .._core import shape_of
from .._tensor import Tensor, TensorFunction, input_value, value_of, wrap
from .cell import Cell

__all__ = ["LossBase", "CTCLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
           "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss", "KLDivLoss", "MarginRankingLoss", "CosineEmbeddingLoss",
           "TripletMarginLoss", "TripletMarginWithDistanceLoss", "RMSELoss", "MAELoss",
           "SoftMarginLoss", "HingeEmbeddingLoss",
           "MultiMarginLoss", "MultiLabelSoftMarginLoss", "MultilabelMarginLoss",
           "GaussianNLLLoss", "PoissonNLLLoss", "DiceLoss", "MultiClassDiceLoss", "FocalLoss",
           "L1Regularizer", "SampledSoftmaxLoss"]


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


# A log-probability standing for log 0 in the CTC recursion: far below any sum
# of real log-probabilities, yet finite, so that the log-sum-exp of impossible
# paths has finite derivatives (log 0 itself would give NaN ones).
_CTC_LOG_ZERO = -1e30


def _ctc_lengths(value, name, batch, owner):
    """``value`` (a tuple or an integer Tensor of shape (N,)) as an int64 array."""
    raw = value.asnumpy() if isinstance(value, Tensor) else value
    if not isinstance(raw, (tuple, list, np.ndarray)):
        raise TypeError(f"{owner}: {name} must be a tuple or a Tensor of ints, got "
                        f"{type(value).__name__}")
    lengths = np.asarray(raw)
    if lengths.dtype.kind not in "iu" and not (lengths.size == 0 and lengths.dtype.kind == "f"):
        raise TypeError(f"{owner}: {name} must hold integers, got dtype {lengths.dtype}")
    if lengths.shape != (batch,):
        raise ValueError(f"{owner}: {name} must have shape ({batch},), one length per batch "
                         f"item, got {lengths.shape}")
    return lengths.astype(np.int64)


class CTCLoss(LossBase):
    """The connectionist temporal classification loss (Graves et al., 2006): for
    each batch item, -log of the total probability of the alignments of its
    target (``targets`` (N, S) padded, the first ``target_lengths`` labels
    counting) with the first ``input_lengths`` steps of ``log_probs``
    ((T, N, C) log-probabilities; (T, C) for one item, with targets of shape
    (S,) or (1, S)), ``blank`` marking no label.  'mean' divides each loss by
    its target length (at least 1) before averaging, as MindSpore (and
    PyTorch); ``zero_infinity`` turns impossible alignments' infinite losses
    (and their gradients) into zeros.

    The forward algorithm runs in log space on the engine's operations, so
    every derivative mode differentiates it.  Its derivative with respect to
    ``log_probs`` is the loss's own; MindSpore's kernel returns PyTorch's
    instead, which adds exp(log_probs) and so agrees with it only once taken
    back through a log_softmax (the usual producer of ``log_probs``).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn, ops
    >>> log_probs = ops.log_softmax(ms.Tensor(np.zeros((3, 1, 3), np.float32)), axis=-1)
    >>> loss = nn.CTCLoss(reduction='none')(log_probs, ms.Tensor(np.array([[1, 2]], np.int32)),
    ...                                     (3,), (2,))
    >>> round(float(np.exp(-loss.asnumpy()[0]) * 27), 4)    # 5 of the 27 paths spell (1, 2)
    5.0
    """

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction)
        if isinstance(blank, bool) or not isinstance(blank, (int, np.integer)):
            raise TypeError(f"CTCLoss: blank must be an int, got {type(blank).__name__}")
        if not isinstance(zero_infinity, bool):
            raise TypeError(f"CTCLoss: zero_infinity must be a bool, got "
                            f"{type(zero_infinity).__name__}")
        self.blank, self.zero_infinity = int(blank), zero_infinity

    def construct(self, log_probs, targets, input_lengths, target_lengths):
        owner = "CTCLoss"
        log_probs = wrap(self._input_value(log_probs, "log_probs"))
        targets = wrap(self._input_value(targets, "targets"))
        if log_probs.dtype not in (_dtypes.float16, _dtypes.float32, _dtypes.float64):
            raise TypeError(f"{owner}: log_probs must be a float tensor, got dtype "
                            f"{log_probs.dtype}")
        labels = targets.asnumpy()
        if labels.dtype.kind not in "iu":
            raise TypeError(f"{owner}: targets must be an integer tensor, got dtype "
                            f"{targets.dtype}")
        one_item = log_probs.ndim == 2
        if one_item:
            if labels.ndim not in (1, 2) or (labels.ndim == 2 and labels.shape[0] != 1):
                raise ValueError(f"{owner}: for log_probs of shape (T, C), targets must have "
                                 f"shape (S,) or (1, S), got {labels.shape}")
            labels = labels.reshape(1, -1)
            log_probs = ops.expand_dims(log_probs, 1)
        if log_probs.ndim != 3:
            raise ValueError(f"{owner}: log_probs must have shape (T, N, C) or (T, C), got "
                             f"{tuple(log_probs.shape)}")
        steps, batch, classes = log_probs.shape
        if labels.ndim != 2 or labels.shape[0] != batch:
            raise ValueError(f"{owner}: targets must have shape ({batch}, S), got "
                             f"{labels.shape}")
        if not 0 <= self.blank < classes:
            raise ValueError(f"{owner}: blank must be in [0, {classes}), got {self.blank}")
        input_lengths = _ctc_lengths(input_lengths, "input_lengths", batch, owner)
        target_lengths = _ctc_lengths(target_lengths, "target_lengths", batch, owner)
        if np.any(input_lengths < 0) or np.any(input_lengths > steps):
            raise ValueError(f"{owner}: input_lengths must be in [0, {steps}], got "
                             f"{input_lengths.tolist()}")
        if np.any(target_lengths < 0) or np.any(target_lengths > input_lengths) or np.any(
                target_lengths > labels.shape[1]):
            raise ValueError(f"{owner}: each target length must be in [0, its input length] "
                             f"and at most targets' {labels.shape[1]} columns, got "
                             f"{target_lengths.tolist()}")
        losses = self._negative_log_likelihood(log_probs, labels, input_lengths, target_lengths)
        if self.reduction == "mean":
            lengths = np.maximum(target_lengths, 1).astype(_dtypes.to_numpy_dtype(losses.dtype))
            return ops.mean(losses / wrap(lengths))
        if self.reduction == "sum":
            return ops.sum(losses)
        return ops.squeeze(losses, 0) if one_item else losses

    def _negative_log_likelihood(self, log_probs, labels, input_lengths, target_lengths):
        steps, batch, _ = log_probs.shape
        width = 2 * labels.shape[1] + 1
        # each target with a blank before, between and after its labels
        extended = np.full((batch, width), self.blank, np.int64)
        extended[:, 1::2] = labels
        positions = np.arange(width)
        in_target = positions[None, :] < 2 * target_lengths[:, None] + 1
        # a path may skip the blank between two different labels
        skips = np.zeros((batch, width), bool)
        skips[:, 2:] = (extended[:, 2:] != self.blank) & (extended[:, 2:] != extended[:, :-2])
        log_zero = wrap(np.asarray(_CTC_LOG_ZERO, _dtypes.to_numpy_dtype(log_probs.dtype)))
        emissions = ops.gather_elements(
            log_probs, 2, wrap(np.broadcast_to(extended[None], (steps, batch, width)).copy()))
        emissions = ops.where(wrap(np.broadcast_to(in_target, (steps, batch, width)).copy()),
                              emissions, log_zero)
        starts = wrap((positions[None, :] < np.minimum(2, 2 * target_lengths[:, None] + 1)))
        alpha = ops.where(starts, emissions[0], log_zero)
        skip_mask = wrap(skips)
        for t in range(1, steps):
            stay = alpha
            advance = ops.pad(alpha[:, :-1], (1, 0), value=_CTC_LOG_ZERO)
            jump = ops.where(skip_mask, ops.pad(alpha[:, :-2], (2, 0), value=_CTC_LOG_ZERO),
                             log_zero)
            moved = ops.logsumexp(ops.stack([stay, advance, jump]), 0) + emissions[t]
            alpha = ops.where(wrap((t < input_lengths)[:, None]), moved, alpha)
        last = 2 * target_lengths
        ends = np.stack([last, np.maximum(last - 1, 0)], 1)
        end_values = ops.gather_elements(alpha, 1, wrap(ends))
        # a target of no labels ends on its one blank only
        end_values = ops.where(wrap(np.stack([np.ones(batch, bool), target_lengths > 0], 1)),
                               end_values, log_zero)
        losses = -ops.logsumexp(end_values, 1)
        empty_input = wrap(input_lengths == 0)
        losses = ops.where(empty_input, ops.zeros_like(losses), losses)
        # no alignment: the loss is infinite (or zero), and its gradient zero
        impossible = losses.asnumpy() > -_CTC_LOG_ZERO / 2
        if np.any(impossible):
            fill = 0.0 if self.zero_infinity else np.inf
            losses = ops.where(wrap(impossible), ops.full_like(losses, fill), losses)
        return losses


def _uniform_candidates(rng, num_sampled, num_classes, true_classes, remove_accidental_hits,
                        owner):
    """MindSpore's UniformCandidateSampler with unique samples: classes drawn
    uniformly from [0, num_classes) until ``num_sampled`` distinct ones are
    found (skipping the true classes with ``remove_accidental_hits``), and the
    expected count of each class in that many tries, 1 - (1 - 1/num_classes)^tries,
    for the true classes (their shape) and the sampled ones."""
    excluded = set(np.unique(true_classes).tolist()) if remove_accidental_hits else set()
    if num_classes - len(excluded) < num_sampled:
        raise ValueError(f"{owner}: {num_sampled} classes cannot be sampled apart from the "
                         f"{len(excluded)} true classes among {num_classes}")
    sampled, tries = [], 0
    while len(sampled) < num_sampled:
        draws = rng.integers(0, num_classes, 2 * num_sampled)
        for c in draws.tolist():
            tries += 1
            if c not in excluded:
                excluded.add(c)
                sampled.append(c)
                if len(sampled) == num_sampled:
                    break
    expected = np.float32(-np.expm1(tries * np.log1p(-1.0 / num_classes)))
    return (np.asarray(sampled, np.int32), np.full(true_classes.shape, expected, np.float32),
            np.full((num_sampled,), expected, np.float32))


class SampledSoftmaxLoss(LossBase):
    """The sampled softmax loss (Jean et al., 2015) of a classifier over
    ``num_classes`` classes, of ``weights`` (num_classes, dim) and ``biases``
    (num_classes,), for the activations ``logits`` (N, dim) and the true
    classes ``labels`` (N, num_true), int32 or int64: each example's logits
    are those of its true classes and of ``num_sampled`` sampled classes
    (rows of weights · logits + bias), each less the log of its expected count
    in the sample, and the loss is the cross-entropy of their softmax with
    1/num_true on each true class — one loss per example, (N,).

    ``sampled_values`` gives the sample (sampled classes (num_sampled,),
    expected counts of the true classes (N, num_true) and of the sampled ones
    (num_sampled,)); by default the classes are drawn as MindSpore's
    UniformCandidateSampler draws them: uniformly, distinct, and with
    ``remove_accidental_hits`` never a true class of the batch, from a
    generator of ``seed`` (created once; seed 0 takes one from dualgrad's seed
    at each call).  ``reduction`` 'mean' or 'sum' reduces the losses as the
    documentation of MindSpore 2.10 says (which returns them unreduced).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> sample = (ms.Tensor(np.array([1, 2], np.int32)), ms.Tensor(np.full((2, 1), 0.5)),
    ...           ms.Tensor(np.array([0.5, 0.5])))
    >>> loss = nn.SampledSoftmaxLoss(2, 4, sampled_values=sample)
    >>> loss(ms.Tensor(np.eye(4, 3)), ms.Tensor(np.zeros(4)), ms.Tensor(np.array([[0], [3]])),
    ...      ms.Tensor(np.ones((2, 3)))).shape
    (2,)
    """

    def __init__(self, num_sampled, num_classes, num_true=1, sampled_values=None,
                 remove_accidental_hits=True, seed=0, reduction="none"):
        super().__init__(reduction)
        owner = type(self).__name__
        self.num_sampled = _check_int(num_sampled, "num_sampled", owner, 1)
        self.num_classes = _check_int(num_classes, "num_classes", owner, 1)
        self.num_true = _check_int(num_true, "num_true", owner, 1)
        self.seed = _check_int(seed, "seed", owner, 0)
        for name, value in (("num_sampled", self.num_sampled), ("num_true", self.num_true)):
            if value > self.num_classes:
                raise ValueError(f"{owner}: {name} must be <= num_classes ({self.num_classes}), "
                                 f"got {value}")
        if not isinstance(remove_accidental_hits, bool):
            raise TypeError(f"{owner}: remove_accidental_hits must be a bool, got "
                            f"{type(remove_accidental_hits).__name__}")
        if sampled_values is not None:
            if not isinstance(sampled_values, (list, tuple)):
                raise TypeError(f"{owner}: sampled_values must be a list or a tuple, got "
                                f"{type(sampled_values).__name__}")
            if len(sampled_values) != 3:
                raise ValueError(f"{owner}: sampled_values must hold 3 Tensors (sampled "
                                 f"classes, true and sampled expected counts), got "
                                 f"{len(sampled_values)}")
        self.sampled_values = sampled_values
        self.remove_accidental_hits = remove_accidental_hits
        self._rng = np.random.default_rng(self.seed) if self.seed else None

    def _sample(self, labels):
        if self.sampled_values is not None:
            owner = type(self).__name__
            names = ("sampled_candidates", "true_expected_count", "sampled_expected_count")
            return tuple(wrap(input_value(v, f"sampled_values' {name}", owner))
                         for v, name in zip(self.sampled_values, names))
        from .initializers import _generator
        rng = self._rng if self._rng is not None else _generator()
        return tuple(map(Tensor, _uniform_candidates(
            rng, self.num_sampled, self.num_classes, labels.asnumpy(),
            self.remove_accidental_hits, type(self).__name__)))

    def construct(self, weights, biases, labels, logits):
        owner = type(self).__name__
        weights = wrap(self._input_value(weights, "weights"))
        biases = wrap(self._input_value(biases, "biases"))
        labels = wrap(self._input_value(labels, "labels"))
        logits = wrap(self._input_value(logits, "logits"))
        if _dtypes.to_numpy_dtype(labels.dtype) not in (np.int32, np.int64):
            raise TypeError(f"{owner}: labels must be int32 or int64, got {labels.dtype}")
        if weights.ndim != 2 or biases.ndim != 1 or logits.ndim != 2 or (
                biases.shape[0] != weights.shape[0] or logits.shape[1] != weights.shape[1]):
            raise ValueError(f"{owner}: weights (num_classes, dim), biases (num_classes,) and "
                             f"logits (N, dim) must agree, got {weights.shape}, {biases.shape} "
                             f"and {logits.shape}")
        num_true = self.num_true
        if labels.size != logits.shape[0] * num_true:
            raise ValueError(f"{owner}: labels must hold num_true ({num_true}) classes per "
                             f"example of logits {logits.shape}, got shape {labels.shape}")
        labels = ops.reshape(ops.cast(labels, _dtypes.int32), (-1, num_true))
        sampled, true_expected, sampled_expected = self._sample(labels)
        ids = ops.concat((ops.reshape(labels, (-1,)), ops.cast(sampled, _dtypes.int32)))
        if int(ids.asnumpy().min()) < 0 or int(ids.asnumpy().max()) >= weights.shape[0]:
            raise ValueError(f"{owner}: labels and sampled classes must lie in [0, "
                             f"{weights.shape[0]}), the rows of weights")
        n_true = labels.size
        rows, bias = ops.gather(weights, ids, 0), ops.gather(biases, ids, 0)
        # each example's true logits: the dot products with its true classes' rows
        true_rows = ops.reshape(rows[:n_true], (-1, num_true, weights.shape[1]))
        true_logits = (ops.sum(ops.expand_dims(logits, 1) * true_rows, -1)
                       + ops.reshape(bias[:n_true], (-1, num_true)))
        sampled_logits = ops.matmul(logits, ops.transpose(rows[n_true:], (1, 0))) + bias[n_true:]
        # less log Q, the log of each class's expected count in the sample
        out_logits = ops.concat((true_logits - ops.log(true_expected),
                                 sampled_logits - ops.log(sampled_expected)), 1)
        stable = ops.exp(out_logits - ops.amax(out_logits, 1, keepdims=True))
        probabilities = stable / ops.sum(stable, 1, keepdim=True)
        # the targets put 1/num_true on each true class, 0 on the sampled ones; the
        # 1e-20 keeps a vanishing probability's log finite, as MindSpore's
        log_true = ops.log(probabilities[:, :num_true] + 1.0e-20)
        losses = -ops.sum(log_true, 1) / num_true
        return losses if self.reduction == "none" else self.get_loss(losses)

    def extend_repr(self):
        return (f"num_sampled={self.num_sampled}, num_classes={self.num_classes}, "
                f"num_true={self.num_true}, remove_accidental_hits="
                f"{self.remove_accidental_hits}, seed={self.seed}, reduction={self.reduction}")
