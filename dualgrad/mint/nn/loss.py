"""mint.nn's loss cells: each calls its function of ``dualgrad.mint.nn.functional``
with the arguments it was built with (``weight``, ``reduction``...), on
``(input, target)`` (``CosineEmbeddingLoss``: ``(input1, input2, target)``).
"""
from ..._functions import check_real
from ..._tensor import Tensor
from . import functional as F
from .layers import _int, _MintCell

__all__ = ["MSELoss", "L1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss",
           "KLDivLoss", "SmoothL1Loss", "CosineEmbeddingLoss"]


def _reduction(reduction, owner, allowed=("mean", "sum", "none")):
    if reduction not in allowed:
        names = ", ".join(repr(r) for r in allowed)
        raise ValueError(f"{owner}: reduction must be one of {names}, got {reduction!r}")
    return reduction


def _optional_tensor(value, name, owner):
    if value is not None and not isinstance(value, Tensor):
        raise TypeError(f"{owner}: {name} must be a Tensor or None, got "
                        f"{type(value).__name__}")
    return value


class _Loss(_MintCell):
    function = None

    def __init__(self, reduction="mean"):
        super().__init__()
        self.reduction = _reduction(reduction, type(self).__name__)

    def _arguments(self):
        return {"reduction": self.reduction}

    def construct(self, input, target):
        return self._call(type(self).function, self._tensor(input),
                          self._tensor(target, "target"), **self._arguments())


class MSELoss(_Loss):
    """``(input - target)²``, reduced by 'mean', 'sum' or 'none'.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.MSELoss()(ms.Tensor([1.0, 3.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 5)
    """

    function = staticmethod(F.mse_loss)


class L1Loss(_Loss):
    """``|input - target|``, reduced.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.L1Loss(reduction='sum')(ms.Tensor([1.0, -3.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 4)
    """

    function = staticmethod(F.l1_loss)


class SmoothL1Loss(_Loss):
    """``0.5·d²/beta`` where ``|d| < beta``, else ``|d| - 0.5·beta`` (d = input -
    target), reduced.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.SmoothL1Loss(reduction='none')(ms.Tensor([0.5, 3.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[2], dtype=Float32, value= [ 1.25000000e-01,  2.50000000e+00])
    """

    function = staticmethod(F.smooth_l1_loss)

    def __init__(self, reduction="mean", beta=1.0):
        super().__init__(reduction)
        self.beta = check_real(beta, "beta", "SmoothL1Loss")
        if self.beta < 0:
            raise ValueError(f"SmoothL1Loss: beta must be >= 0, got {beta}")

    def _arguments(self):
        return {"reduction": self.reduction, "beta": self.beta}


class KLDivLoss(_Loss):
    """``target · (log(target) - input)`` for log-probabilities ``input``
    (``log_target``: ``target`` is one too), reduced by 'mean', 'sum',
    'batchmean' (sum / batch size) or 'none'.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.KLDivLoss(reduction='sum')(ms.Tensor([0.0]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 0)
    """

    function = staticmethod(F.kl_div)

    def __init__(self, reduction="mean", log_target=False):
        _MintCell.__init__(self)
        self.reduction = _reduction(reduction, "KLDivLoss", ("mean", "sum", "batchmean",
                                                              "none"))
        if not isinstance(log_target, bool):
            raise TypeError(f"KLDivLoss: log_target must be a bool, got "
                            f"{type(log_target).__name__}")
        self.log_target = log_target

    def _arguments(self):
        return {"reduction": self.reduction, "log_target": self.log_target}


class BCELoss(_Loss):
    """``-weight · (target·log(input) + (1 - target)·log(1 - input))`` for
    probabilities ``input``, reduced.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.BCELoss()(ms.Tensor([0.5]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(F.binary_cross_entropy)

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = _optional_tensor(weight, "weight", "BCELoss")

    def _arguments(self):
        return {"weight": self.weight, "reduction": self.reduction}


class BCEWithLogitsLoss(_Loss):
    """Binary cross entropy of ``sigmoid(input)``, computed stably;
    ``pos_weight`` (per class) weighs the positive term and ``weight`` the
    whole, reduced.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.BCEWithLogitsLoss()(ms.Tensor([0.0]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(F.binary_cross_entropy_with_logits)

    def __init__(self, weight=None, reduction="mean", pos_weight=None):
        super().__init__(reduction)
        self.weight = _optional_tensor(weight, "weight", "BCEWithLogitsLoss")
        self.pos_weight = _optional_tensor(pos_weight, "pos_weight", "BCEWithLogitsLoss")

    def _arguments(self):
        return {"weight": self.weight, "reduction": self.reduction,
                "pos_weight": self.pos_weight}


class NLLLoss(_Loss):
    """``-weight[target[n]] · input[n, target[n]]`` for log-probabilities
    ``input`` (N, C, ...) and class ids ``target``; ids equal to
    ``ignore_index`` left out; 'mean' divides by the total weight.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.NLLLoss()(ms.Tensor([[-1.0, -2.0], [-3.0, -4.0]]), ms.Tensor([1, 0]))
    Tensor(shape=[], dtype=Float32, value= 2.5)
    """

    function = staticmethod(F.nll_loss)

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(reduction)
        self.weight = _optional_tensor(weight, "weight", "NLLLoss")
        self.ignore_index = _int(ignore_index, "ignore_index", "NLLLoss", -(2 ** 63))

    def _arguments(self):
        return {"weight": self.weight, "ignore_index": self.ignore_index,
                "reduction": self.reduction}


class CrossEntropyLoss(_Loss):
    """``NLLLoss`` of ``log_softmax(input, 1)`` for class ids ``target`` (or
    class probabilities of ``input``'s shape), ``label_smoothing`` mixing the
    uniform distribution into the target.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> mint.nn.CrossEntropyLoss()(ms.Tensor([[0.0, 0.0]]), ms.Tensor([1]))
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """

    function = staticmethod(F.cross_entropy)

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        self.weight = _optional_tensor(weight, "weight", "CrossEntropyLoss")
        self.ignore_index = _int(ignore_index, "ignore_index", "CrossEntropyLoss", -(2 ** 63))
        self.label_smoothing = check_real(label_smoothing, "label_smoothing",
                                          "CrossEntropyLoss")
        if not 0 <= self.label_smoothing <= 1:
            raise ValueError(f"CrossEntropyLoss: label_smoothing must be in [0, 1], got "
                             f"{label_smoothing}")

    def _arguments(self):
        return {"weight": self.weight, "ignore_index": self.ignore_index,
                "reduction": self.reduction, "label_smoothing": self.label_smoothing}


class CosineEmbeddingLoss(_MintCell):
    """``1 - cos(input1, input2)`` where ``target`` is 1, ``max(0, cos - margin)``
    where it is -1 (cosines along axis 1), reduced.

    >>> import dualgrad as ms
    >>> from dualgrad import mint
    >>> loss = mint.nn.CosineEmbeddingLoss()
    >>> loss(ms.Tensor([[1.0, 0.0]]), ms.Tensor([[0.0, 1.0]]), ms.Tensor([1.0]))
    Tensor(shape=[], dtype=Float32, value= 1)
    """

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__()
        self.margin = check_real(margin, "margin", "CosineEmbeddingLoss")
        self.reduction = _reduction(reduction, "CosineEmbeddingLoss")

    def construct(self, input1, input2, target):
        return self._call(F.cosine_embedding_loss, self._tensor(input1, "input1"),
                          self._tensor(input2, "input2"), self._tensor(target, "target"),
                          self.margin, self.reduction)
