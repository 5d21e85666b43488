"""Loss cells with MindSpore's ``reduction``: MSELoss, L1Loss, SmoothL1Loss, HuberLoss,
SoftmaxCrossEntropyWithLogits and CrossEntropyLoss."""
import numpy as np

from .. import _functions as F
from .._core import primal_value, shape_of
from .._tensor import Tensor, value_of, wrap
from .cell import Cell

__all__ = ["LossBase", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss",
           "SoftmaxCrossEntropyWithLogits", "CrossEntropyLoss"]


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


def _positive(value, name, owner):
    value = F.check_real(value, name, owner)
    if value <= 0:
        raise ValueError(f"{owner}: {name} must be > 0, got {value}")
    return value


def _quadratic_then_linear(d, width):
    """0.5 d^2 / width where |d| < width, |d| - 0.5 width elsewhere (times width for
    Huber).  At |d| = width the linear side is taken, as MindSpore's kernels do."""
    inside = abs(F.constant(d)) < width
    quadratic = F.div(F.mul(F.square(d), 0.5), width)
    linear = F.sub(F.abs(d), 0.5 * width)
    return F.where(inside, quadratic, linear)


class SmoothL1Loss(LossBase):
    """0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere, for d = logits - labels.

    As MindSpore 2.10's, the default ``reduction`` is ``'none'`` and the two
    inputs must have the same shape.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.SmoothL1Loss()(ms.Tensor([1.0, 2.0, 3.0]), ms.Tensor([1.0, 2.0, 2.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  0.00000000e+00,  5.00000000e-01])
    """

    def __init__(self, beta=1.0, reduction="none"):
        super().__init__(reduction)
        self.beta = _positive(beta, "beta", "SmoothL1Loss")

    def construct(self, logits, labels):
        a, b = value_of(logits), value_of(labels)
        if tuple(shape_of(a)) != tuple(shape_of(b)):
            raise ValueError(f"SmoothL1Loss: logits and labels must have the same shape, got "
                             f"{tuple(shape_of(a))} and {tuple(shape_of(b))}")
        return self.get_loss(_quadratic_then_linear(F.sub(a, b), self.beta))


class HuberLoss(LossBase):
    """0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere, for d = logits - labels
    (broadcast); delta times SmoothL1Loss with beta = delta.

    >>> import dualgrad as ms
    >>> from dualgrad import nn
    >>> nn.HuberLoss(delta=2.0)(ms.Tensor([1.0, 2.0, 10.0, 2.0]), ms.Tensor([1.0, 5.0, 1.0, 20.0]))
    Tensor(shape=[], dtype=Float32, value= 13.5)
    """

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        self.delta = _positive(delta, "delta", "HuberLoss")

    def construct(self, logits, labels):
        d = _difference(logits, labels)
        return self.get_loss(F.mul(_quadratic_then_linear(d, self.delta),
                                   self.delta))


def _class_indices(labels, n_classes, owner, ignore_index=None):
    """The integer array of class labels, checked to lie in [0, n_classes)."""
    y = np.asarray(primal_value(value_of(labels)))
    if y.dtype.kind not in "iu":
        raise TypeError(f"{owner}: class labels must be an integer Tensor, got dtype {y.dtype}")
    bad = (y < 0) | (y >= n_classes)
    if ignore_index is not None:
        bad &= y != ignore_index
    if bad.any():
        raise ValueError(f"{owner}: labels must be class indices in [0, {n_classes}), got "
                         f"{y[bad].reshape(-1)[0]}")
    return y


def _one_hot(y, n_classes, class_axis, dtype):
    """A constant one-hot array with the classes along ``class_axis`` (all zero for a
    label outside [0, n_classes), such as an ignored one)."""
    hot = (y[..., None] == np.arange(n_classes)).astype(dtype)
    return np.moveaxis(hot, -1, class_axis)


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
        if self.sparse:
            labels = _class_indices(labels, shape[-1], owner)
        # Labels of another shape would broadcast against the logits into a
        # loss of the wrong shape ((N, 1) class indices: an (N, N) loss).
        expected = shape[:-1] if self.sparse else shape
        if tuple(shape_of(labels)) != expected:
            what = "class indices of shape" if self.sparse else "of the logits' shape"
            raise ValueError(f"{owner}: labels must be {what} {expected}, got shape "
                             f"{tuple(shape_of(labels))}")
        log_p = F.log_softmax(x, -1)
        if self.sparse:
            labels = _one_hot(labels, shape[-1], -1, np.result_type(primal_value(log_p)))
        return self.get_loss(F.neg(F.sum_(F.mul(log_p, labels), -1)))


class CrossEntropyLoss(LossBase):
    """Cross entropy of logits against class indices or class probabilities (MindSpore's
    ``nn.CrossEntropyLoss``, PyTorch's semantics).

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

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        owner = "CrossEntropyLoss"
        if weight is not None:
            if not isinstance(weight, Tensor):
                raise TypeError(f"{owner}: weight must be a Tensor of one value per class, got "
                                f"{type(weight).__name__}")
            weight = np.asarray(primal_value(value_of(weight)))
            if weight.ndim != 1 or weight.dtype.kind not in "fiu":
                raise ValueError(f"{owner}: weight must be a 1-D Tensor of numbers, one per "
                                 f"class, got shape {weight.shape} and dtype {weight.dtype}")
        if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
            raise TypeError(f"{owner}: ignore_index must be an int, got "
                            f"{type(ignore_index).__name__}")
        smoothing = F.check_real(label_smoothing, "label_smoothing", owner)
        if not 0.0 <= smoothing <= 1.0:
            raise ValueError(f"{owner}: label_smoothing must be in [0, 1], got {label_smoothing}")
        self.weight = weight
        self.ignore_index = int(ignore_index)
        self.label_smoothing = smoothing

    def construct(self, logits, labels):
        x = F.floating(value_of(logits))
        shape = tuple(shape_of(x))
        if not shape:
            raise ValueError("CrossEntropyLoss: logits must have a class axis, got a 0-d Tensor")
        axis = 0 if len(shape) == 1 else 1
        n_classes = shape[axis]
        if self.weight is not None and self.weight.shape != (n_classes,):
            raise ValueError(f"CrossEntropyLoss: weight has {self.weight.shape[0]} values for "
                             f"{n_classes} classes")
        log_p = F.log_softmax(x, axis)
        dtype = np.result_type(primal_value(log_p))
        w = np.ones(n_classes, dtype) if self.weight is None else self.weight.astype(dtype)
        w = w.reshape((n_classes,) + (1,) * (len(shape) - 1 - axis))   # along the class axis
        y = value_of(labels)
        if np.asarray(primal_value(y)).dtype.kind == "f":
            return self._with_probabilities(log_p, y, w, shape, axis)
        return self._with_indices(log_p, y, w, shape, axis, dtype)

    def _with_probabilities(self, log_p, target, w, shape, axis):
        if tuple(shape_of(target)) != shape:
            raise ValueError(f"CrossEntropyLoss: class probabilities must have the logits' "
                             f"shape {shape}, got {tuple(shape_of(target))}")
        if self.label_smoothing > 0:
            target = F.add(F.mul(target, 1.0 - self.label_smoothing),
                           self.label_smoothing / shape[axis])
        total = F.mul(F.mul(log_p, target), w)
        if self.reduction == "none":
            return wrap(F.neg(F.sum_(total, axis)))
        total = F.neg(F.sum_(total))
        if self.reduction == "mean":
            total = F.div(total, float(np.prod(shape) // shape[axis]))
        return wrap(total)

    def _with_indices(self, log_p, labels, w, shape, axis, dtype):
        n_classes = shape[axis]
        y = _class_indices(labels, n_classes, "CrossEntropyLoss", self.ignore_index)
        if y.shape != shape[:axis] + shape[axis + 1:]:
            raise ValueError(f"CrossEntropyLoss: class indices must have the logits' shape "
                             f"without the class axis, {shape[:axis] + shape[axis + 1:]}, "
                             f"got {y.shape}")
        counted = y != self.ignore_index
        picked = _one_hot(np.where(counted, y, -1), n_classes, axis, dtype) * w
        # per sample: -w[y] log p[y], and for smoothing -sum_c w_c log p_c
        nll = F.neg(F.sum_(F.mul(log_p, picked), axis))
        denominator = float(np.sum(picked))
        if self.reduction != "none":
            nll = F.sum_(nll)
            if self.reduction == "mean":
                nll = F.div(nll, denominator)
        if self.label_smoothing == 0:
            return wrap(nll)
        spread = np.broadcast_to(w, shape) * np.expand_dims(counted, axis).astype(dtype)
        smooth = F.neg(F.sum_(F.mul(log_p, spread), axis))
        if self.reduction != "none":
            smooth = F.sum_(smooth)
            if self.reduction == "mean" and denominator != 0:
                smooth = F.div(smooth, denominator)
        eps = self.label_smoothing
        return wrap(F.add(F.mul(nll, 1.0 - eps), F.mul(smooth, eps / n_classes)))
