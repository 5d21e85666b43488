"""Functional losses with MindSpore 2.10's names, signatures and results.

Each is composed of the engine's primitives (the rule table's rows, sum,
where, log_softmax...), so every mode differentiates it to any order; the
loss cells of ``dualgrad.nn`` call these functions.  Integer inputs compute
in float32.  Class weights and class labels are constants (no derivative);
under vmap, class labels that differ between the examples are refused.
"""
import numpy as np

from . import _elementwise as ew
from ._composite import _value, values_test, vector_norm
from ._core import primal_value, shape_of
from ._functions import (cast, check_real, constant, expand_dims, floating, getitem,
                         log_softmax, mean, stop_gradient, sum_, where)
from ._tensor import Tensor, check_operands, value_of

_REDUCTIONS = ("mean", "sum", "none")


def check_reduction(reduction, owner, allowed=_REDUCTIONS):
    """``reduction``, checked to be one of ``allowed``."""
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(f"For '{owner}', the 'reduction' must be in {list(allowed)}, but got "
                         f"{reduction}.")
    return reduction


def reduce_loss(loss, reduction):
    """The elementwise losses averaged ('mean'), summed ('sum') or kept ('none').
    The mean of no losses is NaN."""
    if reduction == "mean":
        return mean(loss)
    if reduction == "sum":
        return sum_(loss)
    return loss


def _shape(x):
    return tuple(shape_of(x))


def _difference(input, target):
    return ew.sub(floating(input), floating(target))


def check_positive(value, name, owner):
    value = check_real(value, name, owner)
    if value <= 0:
        raise ValueError(f"{owner}: {name} must be > 0, got {value}")
    return value


# ---------------------------------------------------------------------------
# Regression

def mse_loss(input, target, reduction="mean"):
    """The squared differences (input - target)², broadcast, reduced by ``reduction``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.mse_loss(ms.Tensor([1.0, 2.0]), ms.Tensor([0.0, 0.0]))
    Tensor(shape=[], dtype=Float32, value= 2.5)
    """
    check_operands("mse_loss", input=input, target=target)
    check_reduction(reduction, "mse_loss")
    return reduce_loss(ew.square(_difference(input, target)), reduction)


def l1_loss(input, target, reduction="mean"):
    """The absolute differences |input - target| (derivative 0 at 0), broadcast,
    reduced by ``reduction``.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.l1_loss(ms.Tensor([1.0, -2.0]), ms.Tensor([0.0, 0.0]), reduction='sum')
    Tensor(shape=[], dtype=Float32, value= 3)
    """
    check_operands("l1_loss", input=input, target=target)
    check_reduction(reduction, "l1_loss")
    return reduce_loss(ew.abs(_difference(input, target)), reduction)


def _quadratic_then_linear(d, width):
    """0.5 d² / width where |d| < width, |d| - 0.5 width elsewhere.  At |d| = width
    the linear side is taken, as MindSpore's kernels do."""
    inside = abs(constant(d)) < width
    quadratic = ew.div(ew.mul(ew.square(d), 0.5), width)
    linear = ew.sub(ew.abs(d), 0.5 * width)
    return where(inside, quadratic, linear)


def smooth_l1_loss(input, target, beta=1.0, reduction="none"):
    """0.5 d² / beta where |d| < beta, |d| - 0.5 beta elsewhere, for d = input -
    target; the two must have the same shape, and the default ``reduction`` is
    ``'none'``, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.smooth_l1_loss(ms.Tensor([1.0, 2.0, 3.0]), ms.Tensor([1.0, 2.5, 1.0]))
    Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  1.25000000e-01,  1.50000000e+00])
    """
    owner = "smooth_l1_loss"
    check_operands(owner, input=input, target=target)
    beta = check_positive(beta, "beta", owner)
    check_reduction(reduction, owner)
    if _shape(input) != _shape(target):
        raise ValueError(f"{owner}: input and target must have the same shape, got "
                         f"{_shape(input)} and {_shape(target)}")
    return reduce_loss(_quadratic_then_linear(_difference(input, target), beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 d² where |d| < delta, delta (|d| - 0.5 delta) elsewhere, for d = input -
    target (broadcast): delta times ``smooth_l1_loss`` with beta = delta.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.huber_loss(ms.Tensor([1.0, 2.0, 10.0]), ms.Tensor([1.0, 5.0, 1.0]), delta=2.0)
    Tensor(shape=[], dtype=Float32, value= 6.66667)
    """
    check_operands("huber_loss", input=input, target=target)
    delta = check_positive(delta, "delta", "huber_loss")
    check_reduction(reduction, "huber_loss")
    d = _difference(input, target)
    return reduce_loss(ew.mul(_quadratic_then_linear(d, delta), delta), reduction)


# ---------------------------------------------------------------------------
# Classification over classes

def check_class_options(weight, ignore_index, label_smoothing, owner):
    """(weight as a 1-D NumPy array or None, ignore_index, label_smoothing), checked."""
    if weight is not None:
        if not isinstance(weight, (Tensor, np.ndarray)):
            raise TypeError(f"{owner}: weight must be a Tensor of one value per class, got "
                            f"{type(weight).__name__}")
        weight = np.asarray(_value(value_of(weight)))
        if weight.ndim != 1 or weight.dtype.kind not in "fiu":
            raise ValueError(f"{owner}: weight must be a 1-D Tensor of numbers, one per class, "
                             f"got shape {weight.shape} and dtype {weight.dtype}")
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"{owner}: ignore_index must be an int, got "
                        f"{type(ignore_index).__name__}")
    smoothing = check_real(label_smoothing, "label_smoothing", owner)
    if not 0.0 <= smoothing <= 1.0:
        raise ValueError(f"{owner}: label_smoothing must be in [0, 1], got {label_smoothing}")
    return weight, int(ignore_index), smoothing


def class_indices(labels, n_classes, owner, ignore_index=None):
    """The integer array of class labels, checked to lie in [0, n_classes) (or to
    equal ``ignore_index``)."""
    y = np.asarray(_value(labels))
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


def _class_axis(shape, owner):
    if not shape:
        raise ValueError(f"{owner}: the input must have a class axis, got a 0-d Tensor")
    return 0 if len(shape) == 1 else 1


def _class_weight(weight, n_classes, n_dims, axis, dtype, owner):
    """The class weights (ones when None), shaped to broadcast along ``axis``."""
    if weight is not None and weight.shape != (n_classes,):
        raise ValueError(f"{owner}: weight has {weight.shape[0]} values for {n_classes} classes")
    w = np.ones(n_classes, dtype) if weight is None else weight.astype(dtype)
    return w.reshape((n_classes,) + (1,) * (n_dims - 1 - axis))


def negative_log_likelihood(log_p, labels, axis, weight, ignore_index, reduction, smoothing,
                            owner):
    """-w[y] log_p[y] per sample (classes along ``axis``), mixed with the uniform
    target by ``smoothing``; ``'mean'`` divides by the summed weights of the
    labels counted, as MindSpore and PyTorch do."""
    shape = _shape(log_p)
    n_classes = shape[axis]
    dtype = np.result_type(primal_value(log_p))
    w = _class_weight(weight, n_classes, len(shape), axis, dtype, owner)
    y = class_indices(labels, n_classes, owner, ignore_index)
    sample_shape = shape[:axis] + shape[axis + 1:]
    if y.shape != sample_shape:
        raise ValueError(f"{owner}: labels must be class indices of shape {sample_shape}, got "
                         f"shape {y.shape}")
    counted = y != ignore_index if ignore_index is not None else np.ones(y.shape, bool)
    picked = _one_hot(np.where(counted, y, -1), n_classes, axis, dtype) * w
    nll = ew.neg(_weighted_sum(log_p, picked, picked != 0, axis))
    denominator = float(np.sum(picked))
    if reduction != "none":
        nll = sum_(nll)
        if reduction == "mean":
            nll = ew.div(nll, denominator)
    if smoothing == 0:
        return nll
    spread = np.broadcast_to(w, shape) * np.expand_dims(counted, axis).astype(dtype)
    smooth = ew.neg(_weighted_sum(log_p, spread, spread != 0, axis))
    if reduction != "none":
        smooth = sum_(smooth)
        if reduction == "mean" and denominator != 0:
            smooth = ew.div(smooth, denominator)
    return ew.add(ew.mul(nll, 1.0 - smoothing), ew.mul(smooth, smoothing / n_classes))


def nll_loss(inputs, target, weight=None, ignore_index=-100, reduction="mean",
             label_smoothing=0.0):
    """The negative log-likelihood of log-probabilities ``inputs`` (classes on axis
    1, axis 0 for a 1-D input) at the class indices ``target``: -weight[y]
    inputs[y] per sample; labels equal to ``ignore_index`` count nothing;
    ``label_smoothing`` mixes in the uniform target.  ``'mean'`` divides by
    the summed weights of the labels counted.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> log_p = ms.Tensor(np.log([[0.2, 0.8], [0.5, 0.5]]))
    >>> ops.nll_loss(log_p, ms.Tensor([1, 0]), reduction='none')
    Tensor(shape=[2], dtype=Float64, value= [ 2.23143551e-01,  6.93147181e-01])
    """
    owner = "nll_loss"
    check_operands(owner, inputs=inputs, target=target)
    weight, ignore_index, smoothing = check_class_options(weight, ignore_index,
                                                          label_smoothing, owner)
    check_reduction(reduction, owner)
    log_p = floating(inputs)
    axis = _class_axis(_shape(log_p), owner)
    return negative_log_likelihood(log_p, target, axis, weight, ignore_index, reduction,
                                   smoothing, owner)


def _weighted_sum(log_p, weights, nonzero, axis):
    """sum_c weights_c log_p_c along ``axis``, where a zero weight (``nonzero``
    False) counts 0 even against log_p = -inf, a masked class's: 0 * -inf had
    made the loss NaN (MindSpore 2.10's too), though each sample's own term is
    finite (PyTorch: finite).  log_p is selected before the product, so that
    no derivative meets 0 * inf either."""
    return sum_(ew.mul(where(nonzero, log_p, 0.0), weights), axis)


def soft_cross_entropy(log_p, probabilities, axis, w, owner="cross_entropy"):
    """-sum_c w_c p_c log_p_c over the classes along ``axis``, per sample."""
    dtype = np.result_type(primal_value(log_p))
    nonzero = values_test("not_equal", owner, (probabilities, "target"),
                          (np.zeros((), dtype), "0"))
    return ew.neg(_weighted_sum(log_p, ew.mul(probabilities, w), nonzero, axis))


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0):
    """The cross entropy of logits ``input`` (classes on axis 1, axis 0 for 1-D)
    against class indices (an integer ``target`` of the input's shape without the
    class axis: ``nll_loss`` of ``log_softmax``) or class probabilities (a float
    ``target`` of the input's shape, where ``'mean'`` divides by the number of
    samples).  log_softmax subtracts the maximum first, so any logits give a
    finite loss.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> logits = ms.Tensor([[0.0, 0.0], [0.0, 100.0]])
    >>> ops.cross_entropy(logits, ms.Tensor([0, 1]))
    Tensor(shape=[], dtype=Float32, value= 0.346574)
    >>> ops.cross_entropy(logits, ms.Tensor([[0.5, 0.5], [0.0, 1.0]]), reduction='sum')
    Tensor(shape=[], dtype=Float32, value= 0.693147)
    """
    owner = "cross_entropy"
    check_operands(owner, input=input, target=target)
    weight, ignore_index, smoothing = check_class_options(weight, ignore_index,
                                                          label_smoothing, owner)
    check_reduction(reduction, owner)
    x = floating(input)
    shape = _shape(x)
    axis = _class_axis(shape, owner)
    log_p = log_softmax(x, axis)
    if np.result_type(primal_value(target)).kind != "f":
        return negative_log_likelihood(log_p, target, axis, weight, ignore_index, reduction,
                                       smoothing, owner)
    if _shape(target) != shape:
        raise ValueError(f"{owner}: class probabilities must have the input's shape {shape}, "
                         f"got {_shape(target)}")
    if smoothing > 0:
        target = ew.add(ew.mul(target, 1.0 - smoothing), smoothing / shape[axis])
    dtype = np.result_type(primal_value(log_p))
    w = _class_weight(weight, shape[axis], len(shape), axis, dtype, owner)
    return reduce_loss(soft_cross_entropy(log_p, target, axis, w), reduction)


# ---------------------------------------------------------------------------
# Binary classification and divergences

_LOG_FLOOR = 1e-12


def _log_floored(q):
    """log(max(q, 1e-12)), as MindSpore's (and PyTorch's) binary cross entropy takes
    it; below the floor the derivative is 1e12, their kernels' gradient there,
    so that a prediction stuck at 0 or 1 is still pushed the right way."""
    low = constant(q) < _LOG_FLOOR
    if not np.any(primal_value(low)):
        return ew.log(q)
    # value log(1e-12), derivative 1e-12⁻¹: a line through the floor
    floor = ew.add(ew.div(ew.sub(q, stop_gradient(q)), _LOG_FLOOR), float(np.log(_LOG_FLOOR)))
    return where(low, floor, ew.log(where(low, 1.0, q)))


def _weighted(loss, weight):
    return loss if weight is None else ew.mul(loss, floating(weight))


def binary_cross_entropy(logits, labels, weight=None, reduction="mean"):
    """-weight (y log p + (1 - y) log(1 - p)) for probabilities p = ``logits`` and
    targets y = ``labels``, with each log floored at log(1e-12) ≈ -27.63 as in
    MindSpore; ``weight`` broadcasts against the losses.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.binary_cross_entropy(ms.Tensor([0.5, 0.9]), ms.Tensor([1.0, 1.0]), reduction='none')
    Tensor(shape=[2], dtype=Float32, value= [ 6.93147182e-01,  1.05360545e-01])
    """
    check_operands("binary_cross_entropy", logits=logits, labels=labels)
    check_reduction(reduction, "binary_cross_entropy")
    p, y = floating(logits), floating(labels)
    loss = ew.neg(ew.add(ew.mul(y, _log_floored(p)),
                         ew.mul(ew.sub(1.0, y), _log_floored(ew.sub(1.0, p)))))
    return reduce_loss(_weighted(loss, weight), reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
                                     reduction="mean"):
    """The binary cross entropy of sigmoid(``input``) against ``target``, as
    weight (pos_weight y softplus(-x) + (1 - y) softplus(x)): finite for any
    logits.  ``pos_weight`` weighs the positive term (per class, broadcast).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.binary_cross_entropy_with_logits(ms.Tensor([0.0, 100.0]), ms.Tensor([1.0, 0.0]),
    ...                                      reduction='none')
    Tensor(shape=[2], dtype=Float32, value= [ 6.93147182e-01,  1.00000000e+02])
    """
    check_operands("binary_cross_entropy_with_logits", input=input, target=target)
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    x, y = floating(input), floating(target)
    positive = ew.mul(y, ew.softplus(ew.neg(x)))
    if pos_weight is not None:
        positive = ew.mul(positive, floating(pos_weight))
    loss = ew.add(positive, ew.mul(ew.sub(1.0, y), ew.softplus(x)))
    return reduce_loss(_weighted(loss, weight), reduction)


def kl_div(logits, labels, reduction="mean"):
    """The Kullback-Leibler divergence of ``labels`` from the log-probabilities
    ``logits``: labels (log(labels) - logits) where labels > 0, 0 elsewhere (as
    MindSpore's).  ``reduction`` is 'none', 'sum', 'mean' (over every element)
    or 'batchmean' (the sum over the first axis' length).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.kl_div(ms.Tensor(np.log([[0.5, 0.5]])), ms.Tensor([[1.0, 0.0]]), 'sum')
    Tensor(shape=[], dtype=Float64, value= 0.693147)
    """
    check_operands("kl_div", logits=logits, labels=labels)
    check_reduction(reduction, "kl_div", _REDUCTIONS + ("batchmean",))
    x, t = floating(logits), floating(labels)
    positive = constant(t) > 0
    loss = where(positive, ew.mul(t, ew.sub(ew.log(where(positive, t, 1.0)), x)), 0.0)
    if reduction != "batchmean":
        return reduce_loss(loss, reduction)
    shape = _shape(x)
    if not shape:
        raise ValueError("kl_div: 'batchmean' needs a batch axis, got a 0-d logits")
    return ew.div(sum_(loss), float(shape[0]))


# ---------------------------------------------------------------------------
# Ranking and embeddings

def _hinge(z):
    """max(z, 0), with derivative 1 at z = 0, as MindSpore's ranking losses have it."""
    return where(constant(z) >= 0, z, 0.0)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """max(0, -target (input1 - input2) + margin), for targets of ±1.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.margin_ranking_loss(ms.Tensor([1.0, 2.0]), ms.Tensor([2.0, 1.0]),
    ...                         ms.Tensor([1.0, 1.0]), margin=0.5, reduction='none')
    Tensor(shape=[2], dtype=Float32, value= [ 1.50000000e+00,  0.00000000e+00])
    """
    check_operands("margin_ranking_loss", input1=input1, input2=input2, target=target)
    margin = check_real(margin, "margin", "margin_ranking_loss")
    check_reduction(reduction, "margin_ranking_loss")
    z = ew.add(ew.mul(ew.neg(floating(target)), _difference(input1, input2)), margin)
    return reduce_loss(_hinge(z), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """1 - cos(input1, input2) where target is 1, max(0, cos - margin) where it is
    -1 (0 elsewhere), the cosine taken along axis 1; ``target`` has the inputs'
    shape without axis 1 and ``margin`` lies in [-1, 1].  A zero vector's cosine
    is NaN, as in MindSpore.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x1 = ms.Tensor([[0.3, 0.8], [0.4, 0.3]])
    >>> x2 = ms.Tensor([[0.4, 1.2], [-0.4, -0.9]])
    >>> ops.cosine_embedding_loss(x1, x2, ms.Tensor([1, -1]))
    Tensor(shape=[], dtype=Float32, value= 0.000342548)
    """
    owner = "cosine_embedding_loss"
    check_operands(owner, input1=input1, input2=input2, target=target)
    margin = check_real(margin, "margin", owner)
    if not -1.0 <= margin <= 1.0:
        raise ValueError(f"{owner}: margin must be in [-1, 1], got {margin}")
    check_reduction(reduction, owner)
    a, b = floating(input1), floating(input2)
    shape = _shape(a)
    if len(shape) < 2 or _shape(b) != shape:
        raise ValueError(f"{owner}: input1 and input2 must have the same shape, of at least 2 "
                         f"dimensions, got {shape} and {_shape(b)}")
    if _shape(target) != shape[:1] + shape[2:]:
        raise ValueError(f"{owner}: target must have the inputs' shape without axis 1, "
                         f"{shape[:1] + shape[2:]}, got {_shape(target)}")
    lengths = ew.mul(ew.sqrt(sum_(ew.square(a), 1)), ew.sqrt(sum_(ew.square(b), 1)))
    cosine = ew.div(sum_(ew.mul(a, b), 1), lengths)
    label = constant(target)
    loss = where(label == 1, ew.sub(1.0, cosine),
                 where(label == -1, _hinge(ew.sub(cosine, margin)), 0.0))
    return reduce_loss(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,
                        reduction="mean"):
    """max(d(anchor, positive) - d(anchor, negative) + margin, 0) with d(x, y) =
    ||x - y + eps||_p over the last axis; with ``swap``, d(anchor, negative) is
    replaced by d(positive, negative) where that is smaller.  ``margin`` may be
    a 0-d Tensor (differentiated).  (PyTorch's definition; MindSpore 2.10 has
    this loss on the GPU only.)

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> a, pos, neg = ms.Tensor([[0.0, 0.0]]), ms.Tensor([[3.0, 4.0]]), ms.Tensor([[0.0, 1.0]])
    >>> ops.triplet_margin_loss(a, pos, neg, eps=0.0)
    Tensor(shape=[], dtype=Float32, value= 5)
    """
    owner = "triplet_margin_loss"
    check_operands(owner, anchor=anchor, positive=positive, negative=negative)
    if isinstance(primal_value(margin), np.ndarray):      # a 0-d Tensor, as MindSpore takes
        if _shape(margin):
            raise ValueError(f"{owner}: margin must be a number or a 0-d Tensor, got shape "
                             f"{_shape(margin)}")
    else:
        margin = check_real(margin, "margin", owner)
    p = check_positive(p, "p", owner)
    eps = check_real(eps, "eps", owner)
    if not isinstance(swap, (bool, np.bool_)):
        raise TypeError(f"{owner}: swap must be a bool, got {type(swap).__name__}")
    check_reduction(reduction, owner)
    a, pos, neg = floating(anchor), floating(positive), floating(negative)
    shape = _shape(a)
    if not shape or _shape(pos) != shape or _shape(neg) != shape:
        raise ValueError(f"{owner}: anchor, positive and negative must have the same shape, "
                         f"of at least 1 dimension, got {shape}, {_shape(pos)} and "
                         f"{_shape(neg)}")

    def distance(x, y):
        return vector_norm(ew.add(ew.sub(x, y), eps), p, (len(shape) - 1,), False)

    to_negative = distance(a, neg)
    if swap:
        to_negative = ew.minimum(to_negative, distance(pos, neg))
    z = ew.add(ew.sub(distance(a, pos), to_negative), margin)
    return reduce_loss(_hinge(z), reduction)


# ---------------------------------------------------------------------------
# More regression, margin and likelihood losses (MindSpore 2.10's RMSELoss,
# SoftMarginLoss, MultiMarginLoss, MultiLabelSoftMarginLoss,
# MultilabelMarginLoss, GaussianNLLLoss, PoissonNLLLoss, HingeEmbeddingLoss,
# DiceLoss, MultiClassDiceLoss, FocalLoss)

def rmse_loss(logits, label):
    """sqrt(mean((logits - label)²)), broadcast (MindSpore's ``nn.RMSELoss``).  At
    a zero residual the derivative is 0, the subgradient of a norm at the
    origin (MindSpore's gradient is NaN there).
    """
    check_operands("rmse_loss", logits=logits, label=label)
    from ._composite import _root_of_sum
    return _root_of_sum(mean(ew.square(_difference(logits, label))), 2)


def _check_bool(value, name, owner):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be a bool, got {type(value).__name__}")
    return bool(value)


def _same_shape(a, b, names, owner):
    if _shape(a) != _shape(b):
        raise ValueError(f"{owner}: {names[0]} and {names[1]} must have the same shape, got "
                         f"{_shape(a)} and {_shape(b)}")


def soft_margin_loss(input, target, reduction="mean"):
    """log(1 + exp(-target · input)) (as a softplus: finite for any input), for
    targets of ±1 of the input's shape.  (MindSpore 2.10 has no CPU kernel for
    it; this is its documented formula, PyTorch's.)

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.soft_margin_loss(ms.Tensor([0.0, 2.0]), ms.Tensor([1.0, -1.0]), 'none')
    Tensor(shape=[2], dtype=Float32, value= [ 6.93147182e-01,  2.12692809e+00])
    """
    owner = "soft_margin_loss"
    check_operands(owner, input=input, target=target)
    check_reduction(reduction, owner)
    _same_shape(input, target, ("input", "target"), owner)
    z = ew.mul(ew.neg(floating(target)), floating(input))
    return reduce_loss(ew.softplus(z), reduction)


def hinge_embedding_loss(inputs, targets, margin=1.0, reduction="mean"):
    """inputs where targets > 0, max(0, margin - inputs) where targets < 0, 0 where
    targets are 0 (as MindSpore's), broadcast.  At the hinge (inputs = margin)
    the derivative is that of margin - inputs, as ``margin_ranking_loss``'s.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.hinge_embedding_loss(ms.Tensor([0.5, 0.3, 2.0]), ms.Tensor([1.0, -1.0, -1.0]),
    ...                          reduction='none')
    Tensor(shape=[3], dtype=Float32, value= [ 5.00000000e-01,  6.99999988e-01,  0.00000000e+00])
    """
    owner = "hinge_embedding_loss"
    check_operands(owner, inputs=inputs, targets=targets)
    margin = check_real(margin, "margin", owner)
    check_reduction(reduction, owner)
    x, t = floating(inputs), constant(targets)
    negative = _hinge(ew.sub(margin, x))
    loss = where(t > 0, x, where(t < 0, negative, 0.0))
    return reduce_loss(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1, weight=None, reduction="mean"):
    """The multi-class hinge loss of scores ``input`` (N, C) at class indices
    ``target`` (N,): sum over i ≠ y of weight[y] max(0, margin - x[y] + x[i])^p,
    divided by C, with p 1 or 2.  ``margin`` may be a float (MindSpore's
    function takes only an int, its cell a float).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[0.1, 0.2, 0.4, 0.8], [0.3, -0.2, 0.5, 0.1]])
    >>> ops.multi_margin_loss(x, ms.Tensor([3, 0]), reduction='none')
    Tensor(shape=[2], dtype=Float32, value= [ 3.24999988e-01,  6.25000000e-01])
    """
    owner = "multi_margin_loss"
    check_operands(owner, input=input, target=target)
    if isinstance(p, bool) or p not in (1, 2):
        raise ValueError(f"{owner}: p must be 1 or 2, got {p!r}")
    margin = check_real(margin, "margin", owner)
    weight, _, _ = check_class_options(weight, -100, 0.0, owner)
    check_reduction(reduction, owner)
    x = floating(input)
    if len(_shape(x)) != 2:
        raise ValueError(f"{owner}: input must be 2-D (N, C), got shape {_shape(x)}")
    n_classes = _shape(x)[1]
    y = class_indices(target, n_classes, owner)
    if y.shape != _shape(x)[:1]:
        raise ValueError(f"{owner}: target must be class indices of shape {_shape(x)[:1]}, "
                         f"got shape {y.shape}")
    dtype = np.result_type(primal_value(x))
    hot = _one_hot(y, n_classes, 1, dtype)
    w = _class_weight(weight, n_classes, 1, 0, dtype, owner)[y][:, None]
    picked = sum_(ew.mul(x, hot), 1, True)
    h = _hinge(ew.add(ew.sub(x, picked), margin))
    if p == 2:
        h = ew.square(h)
    loss = ew.div(sum_(ew.mul(h, (1 - hot) * w), 1), float(n_classes))
    return reduce_loss(loss, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, reduction="mean"):
    """-(target log σ(x) + (1 - target) log(1 - σ(x))) · weight, averaged over the
    last (class) axis, then reduced; the logs are taken as softplus, so any
    scores give a finite loss (MindSpore computes log(1 + exp(±x)), which
    overflows to inf past |x| ≈ 88 in float32).

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.multilabel_soft_margin_loss(ms.Tensor([[0.0, 200.0]]), ms.Tensor([[1.0, 0.0]]))
    Tensor(shape=[], dtype=Float32, value= 100.347)
    """
    owner = "multilabel_soft_margin_loss"
    check_operands(owner, input=input, target=target)
    check_reduction(reduction, owner)
    x, t = floating(input), floating(target)
    if not _shape(x):
        raise ValueError(f"{owner}: input must have a class axis, got a 0-d Tensor")
    loss = ew.add(ew.mul(t, ew.softplus(ew.neg(x))), ew.mul(ew.sub(1.0, t), ew.softplus(x)))
    loss = _weighted(loss, weight)
    axis = len(_shape(loss)) - 1
    return reduce_loss(ew.div(sum_(loss, axis), float(_shape(loss)[axis])), reduction)


def multilabel_margin_loss(input, target, reduction="mean"):
    """The multi-label hinge loss: for each sample, the sum over its target classes
    j (``target``'s leading entries up to the first -1) and its other classes i
    of max(0, 1 - (x[j] - x[i])), divided by C.  ``input`` is (C,) or (N, C),
    ``target`` integer of the same shape.  (MindSpore 2.10 has no CPU kernel
    for it; this is its documented formula, PyTorch's.)

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> ops.multilabel_margin_loss(x, ms.Tensor([[3, 0, -1, 1]]))
    Tensor(shape=[], dtype=Float32, value= 0.85)
    """
    owner = "multilabel_margin_loss"
    check_operands(owner, input=input, target=target)
    check_reduction(reduction, owner)
    x = floating(input)
    shape = _shape(x)
    if len(shape) not in (1, 2) or _shape(target) != shape:
        raise ValueError(f"{owner}: input must be 1-D or 2-D and target of its shape, got "
                         f"shapes {shape} and {_shape(target)}")
    n_classes = shape[-1]
    y = class_indices(target, n_classes, owner, ignore_index=-1).reshape(-1, n_classes)
    listed = np.cumprod(y != -1, axis=1).astype(bool)        # up to the first -1
    dtype = np.result_type(primal_value(x))
    count = np.zeros(y.shape, dtype)         # how often each class is listed
    for row, (labels, keep) in enumerate(zip(y, listed)):
        np.add.at(count[row], labels[keep], 1)
    pairs = count[:, :, None] * (count == 0)[:, None, :]      # (target j, other i)
    x2 = x if len(shape) == 2 else expand_dims(x, 0)
    z = ew.add(ew.sub(expand_dims(x2, 1), expand_dims(x2, 2)), 1.0)   # [n, j, i]
    loss = ew.div(sum_(ew.mul(_hinge(z), pairs), (1, 2)), float(n_classes))
    if len(shape) == 1:
        loss = sum_(loss)
    return reduce_loss(loss, reduction)


def gaussian_nll_loss(x, target, var, full=False, eps=1e-06, reduction="mean"):
    """0.5 (log(max(var, eps)) + (x - target)² / max(var, eps)), plus 0.5 log(2π)
    with ``full``: the negative log-likelihood of ``target`` under normal
    distributions of means ``x`` and variances ``var``.  A ``var`` of
    x.shape[:-1] gets a trailing axis; otherwise the three broadcast.  Below
    ``eps`` the variance is the constant eps (derivative 0), as MindSpore's.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> ops.gaussian_nll_loss(ms.Tensor([1.0, 0.0]), ms.Tensor([0.0, 0.0]), ms.Tensor([1.0, 0.0]),
    ...                       reduction='none')
    Tensor(shape=[2], dtype=Float32, value= [ 5.00000000e-01, -6.90775537e+00])
    """
    owner = "gaussian_nll_loss"
    check_operands(owner, x=x, target=target, var=var)
    full = _check_bool(full, "full", owner)
    eps = check_positive(eps, "eps", owner)
    check_reduction(reduction, owner)
    x, t, v = floating(x), floating(target), floating(var)
    if _shape(v) != _shape(x) and _shape(x)[:-1] == _shape(v):
        v = expand_dims(v, -1)
    v = ew.maximum(v, eps)
    loss = ew.mul(ew.add(ew.log(v), ew.div(ew.square(ew.sub(x, t)), v)), 0.5)
    if full:
        loss = ew.add(loss, 0.5 * float(np.log(2 * np.pi)))
    return reduce_loss(loss, reduction)


def _stirling(t):
    """t log t - t + 0.5 log(2π t) where t > 1, 0 elsewhere (the Stirling
    approximation of log(t!), PyTorch's and MindSpore's)."""
    above = constant(t) > 1
    s = where(above, t, 2.0)
    term = ew.add(ew.sub(ew.mul(ew.add(s, 0.5), ew.log(s)), s), 0.5 * float(np.log(2 * np.pi)))
    return where(above, term, 0.0)


def poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-08, reduction="mean"):
    """The negative log-likelihood of counts ``target`` under Poisson distributions:
    exp(input) - target input for log-rates (``log_input``), input - target
    log(input + eps) for rates; ``full`` adds the Stirling term of log(target!)
    where target > 1.  (MindSpore 2.10 has it as ``nn.PoissonNLLLoss`` only.)
    """
    owner = "PoissonNLLLoss"
    check_operands(owner, input=input, target=target)
    log_input = _check_bool(log_input, "log_input", owner)
    full = _check_bool(full, "full", owner)
    eps = check_real(eps, "eps", owner)
    check_reduction(reduction, owner)
    x = floating(input)
    t = floating(target)
    if log_input:
        loss = ew.sub(ew.exp(x), ew.mul(t, x))
    else:
        loss = ew.sub(x, ew.mul(t, ew.log(ew.add(x, eps))))
    if full:
        loss = ew.add(loss, _stirling(t))
    return reduce_loss(loss, reduction)


def dice_loss(logits, label, smooth=1e-05):
    """1 - 2 sum(logits label) / (sum(logits²) + sum(label²) + smooth) over every
    element (MindSpore's ``nn.DiceLoss``; ``smooth`` only in the denominator, as
    there).
    """
    owner = "DiceLoss"
    check_operands(owner, logits=logits, label=label)
    smooth = check_positive(smooth, "smooth", owner)
    _same_shape(logits, label, ("logits", "label"), owner)
    x, y = floating(logits), floating(label)
    intersection = sum_(ew.mul(x, y))
    union = ew.add(sum_(ew.square(x)), sum_(ew.square(y)))
    return ew.sub(1.0, ew.div(ew.mul(intersection, 2.0), ew.add(union, smooth)))


def multi_class_dice_loss(logits, label, weights=None, ignore_indiex=None):
    """The mean over the classes (axis 1) of ``dice_loss`` of each class's logits
    and labels (both at least 2-D, of one shape), each times ``weights[i]`` (a
    2-D Tensor of C rows, so the result has its row shape); the class
    ``ignore_indiex`` (MindSpore's spelling) is left out of the sum, not the
    count.  The activation is the cell's.
    """
    owner = "MultiClassDiceLoss"
    check_operands(owner, logits=logits, label=label)
    _same_shape(logits, label, ("logits", "label"), owner)
    shape = _shape(logits)
    if len(shape) < 2:
        raise ValueError(f"{owner}: logits and label must have at least 2 dimensions, got "
                         f"shape {shape}")
    n_classes = shape[1]
    if weights is not None and _shape(weights)[0] != n_classes:
        raise ValueError(f"{owner}: weights must have one row per class ({n_classes}), got "
                         f"shape {_shape(weights)}")
    total = None
    for i in range(n_classes):
        if i == ignore_indiex:
            continue
        loss = dice_loss(getitem(logits, (slice(None), i)), getitem(label, (slice(None), i)))
        if weights is not None:
            loss = ew.mul(loss, getitem(floating(weights), i))
        total = loss if total is None else ew.add(total, loss)
    if total is None:
        return ew.mul(sum_(floating(logits)), 0.0)
    return ew.div(total, float(n_classes))


def _focal_factor(q, gamma):
    """q^gamma for q = 1 - p; where p rounds to 1 (q = 0) the constant 0^gamma, so
    that the loss term q^gamma log p, whose derivatives all vanish there,
    gets derivative 0 (pow's own would be inf · 0 = NaN for gamma < 1, as
    MindSpore's is)."""
    if gamma == 0:
        return 1.0
    zero = constant(q) <= 0
    if not np.any(primal_value(zero)):
        return ew.pow(q, gamma)
    return where(zero, 0.0 if gamma > 0 else np.inf, ew.pow(where(zero, 1.0, q), gamma))


def focal_loss(logits, labels, weight=None, gamma=2.0, reduction="mean"):
    """-weight[c] (1 - p_c)^gamma log p_c, p = softmax over the classes (axis 1) of
    ``logits`` (N, C[, H[, W]]): with ``labels`` of shape (N, 1, ...) holding
    class indices, at the labelled class, averaged over the positions (one loss
    per sample); with one-hot (or soft) ``labels`` of the logits' shape,
    times the labels and averaged over the positions (a loss per sample and
    class).  MindSpore's ``nn.FocalLoss``.
    """
    owner = "FocalLoss"
    check_operands(owner, logits=logits, labels=labels)
    weight, _, _ = check_class_options(weight, -100, 0.0, owner)
    gamma = check_real(gamma, "gamma", owner)
    check_reduction(reduction, owner)
    x = floating(logits)
    shape, label_shape = _shape(x), _shape(labels)
    if not 2 <= len(shape) <= 4 or len(label_shape) != len(shape):
        raise ValueError(f"{owner}: logits and labels must have the same number of "
                         f"dimensions, 2 to 4, got shapes {shape} and {label_shape}")
    n_classes = shape[1]
    if n_classes == 1:
        raise ValueError(f"{owner}: logits must have more than one class (axis 1), got "
                         f"shape {shape}")
    if label_shape[1] not in (1, n_classes) or label_shape[:1] + label_shape[2:] != (
            shape[:1] + shape[2:]):
        raise ValueError(f"{owner}: labels must be of shape {shape} (one-hot) or "
                         f"{shape[:1] + (1,) + shape[2:]} (class indices), got {label_shape}")
    dtype = np.result_type(primal_value(x))
    w = _class_weight(weight, n_classes, len(shape), 1, dtype, owner)
    log_p = log_softmax(x, 1)
    positions = tuple(range(2, len(shape)))
    count = float(np.prod(shape[2:], dtype=np.int64))
    indices = label_shape[1] == 1
    if indices:
        y = np.asarray(_value(labels))
        if y.dtype.kind == "f":                  # (MindSpore casts float labels)
            y = y.astype(np.int64)
        hot = _one_hot(class_indices(y, n_classes, owner)[:, 0], n_classes, 1, dtype)
        # Only the labels' classes count.  The others' log_p (-inf for a masked
        # class) gets a finite stand-in, -1, before the focal factor, where it
        # would give 0 * -inf (NaN) in the loss and in the gradient.
        log_p = where(hot != 0, log_p, -1.0)
    modulated = ew.mul(_focal_factor(ew.sub(1.0, ew.exp(log_p)), gamma), ew.mul(log_p, w))
    if indices:
        loss = ew.neg(sum_(ew.mul(modulated, hot), (1,) + positions))
    else:
        loss = ew.neg(sum_(ew.mul(modulated, floating(labels)), positions)) if positions \
            else ew.neg(ew.mul(modulated, floating(labels)))
    return reduce_loss(ew.div(loss, count), reduction)


def l1_regularizer(weights, scale):
    """scale · sum |weights| (MindSpore's ``nn.L1Regularizer``), in at least float32.
    """
    w = floating(weights)
    if np.result_type(primal_value(w)) == np.float16:
        w = cast(w, np.float32)
    return ew.mul(sum_(ew.abs(w)), scale)
