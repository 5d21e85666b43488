"""``mindspore.train.metrics``: evaluation metrics, accumulated over batches in NumPy.

A metric takes its inputs through ``update(*inputs)`` (Tensors, NumPy arrays
or lists: predictions first, then the true values), any number of times,
and ``eval()`` gives the result over everything seen since ``clear()``;
``metric(*inputs)`` is ``clear``, ``update`` and ``eval`` at once.  They
compute in NumPy (no derivatives) and return what MindSpore's return: a
NumPy float64 for the averages, a float for ``Perplexity`` and ``Dice``, an
array per class for ``Precision``, ``Recall`` and ``Fbeta``.  ``eval``
before any ``update`` raises RuntimeError, as in MindSpore.  Some metrics
hold only their last update's inputs, as MindSpore's do: ``ROC``,
``CosineSimilarity``, the surface distances (``HausdorffDistance``,
``MeanSurfaceDistance``, ``RootMeanSquareDistance``) and
``OcclusionSensitivity`` (which runs a model, a Cell, over occluded copies
of an input); ``auc`` is a function of a curve's points.

>>> import numpy as np
>>> import dualgrad as ms
>>> from dualgrad import train
>>> metric = train.Accuracy()
>>> metric.update(ms.Tensor([[0.2, 0.8], [0.9, 0.1]]), ms.Tensor([1, 1]))
>>> metric.update(np.array([[0.3, 0.7]]), [1])
>>> print(metric.eval())
0.6666666666666666
>>> train.Precision()(ms.Tensor([[0.2, 0.8], [0.9, 0.1]]), ms.Tensor([1, 1])).tolist()
[0.0, 1.0]

``set_indexes([i, j])`` makes ``update`` take its inputs ``i`` and ``j`` (in
that order) of those it is given, for the metrics whose ``update`` is
decorated with ``rearrange_inputs`` (all of these).
"""
import functools
import math
import sys
from abc import ABCMeta, abstractmethod
from collections import Counter

import numpy as np

from .._tensor import Tensor

__all__ = ["names", "get_metric_fn", "get_metrics", "Accuracy", "MAE", "MSE", "Metric",
           "rearrange_inputs", "Precision", "Recall", "Fbeta", "CosineSimilarity", "F1", "Dice",
           "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy",
           "Loss", "Perplexity", "ConfusionMatrix", "ROC", "auc", "BleuScore",
           "HausdorffDistance", "MeanSurfaceDistance", "RootMeanSquareDistance",
           "OcclusionSensitivity", "ConfusionMatrixMetric"]

# MindSpore's guard against dividing by zero counts (the smallest normal double)
_EPS = sys.float_info.min


def rearrange_inputs(func):
    """Decorate a metric's ``update`` so that it takes the inputs its ``indexes`` pick.

    >>> from dualgrad import train
    >>> class First(train.Metric):
    ...     def clear(self): self.seen = None
    ...     def eval(self): return self.seen
    ...     @train.rearrange_inputs
    ...     def update(self, *inputs): self.seen = inputs
    >>> First().set_indexes([2, 0])('a', 'b', 'c')
    ('c', 'a')
    """
    @functools.wraps(func)
    def update(self, *inputs):
        indexes = self.indexes
        if indexes:
            inputs = tuple(inputs[i] for i in indexes)
        return func(self, *inputs)
    return update


def _check_type(value, name, owner, types, expected):
    # bool is an int to Python, but not an int (nor a float) argument to MindSpore
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        raise TypeError(f"For '{owner}', the type of '{name}' should be {expected}, but got "
                        f"{type(value).__name__}.")
    return value


def _check_choice(value, name, owner, choices):
    if value not in choices:
        raise ValueError(f"For '{owner}', the argument '{name}' must be one of {choices}, but "
                         f"got {value!r}.")
    return value


def _is_one_hot(y):
    """Whether ``y`` holds one-hot rows along axis 1 (0s and 1s, each row summing to 1)."""
    return (y.ndim > 1 and bool(np.all((y == 0) | (y == 1)))
            and bool(np.all(y.sum(axis=1) == 1)))


class Metric(metaclass=ABCMeta):
    """Base class of the metrics: subclasses implement ``clear``, ``update`` and ``eval``.

    ``indexes`` (None until ``set_indexes``) picks and orders the inputs of
    an ``update`` decorated with ``rearrange_inputs``.
    """

    def __init__(self):
        self._indexes = None

    def _convert_data(self, data):
        """``data`` (a Tensor, a NumPy array or a list) as a NumPy array."""
        if isinstance(data, Tensor):
            return data.asnumpy()
        if isinstance(data, list):
            return np.array(data)
        if isinstance(data, np.ndarray):
            return data
        raise TypeError(f"For '{type(self).__name__}', the input data type must be Tensor, list "
                        f"or numpy.ndarray, but got {type(data).__name__}.")

    def _inputs(self, inputs, count, what):
        """The ``count`` inputs of ``update`` as NumPy arrays (MindSpore's ValueError else)."""
        if len(inputs) != count:
            raise ValueError(f"For '{type(self).__name__}.update', it needs {count} input(s) "
                             f"({what}), but got {len(inputs)}.")
        return [self._convert_data(x) for x in inputs]

    def _no_samples(self):
        return RuntimeError(f"The '{type(self).__name__}' can not be calculated, because the "
                            "number of samples is 0: call update before eval.")

    @property
    def indexes(self):
        """The inputs ``update`` takes (set by ``set_indexes``), None for all of them in order."""
        return getattr(self, "_indexes", None)

    def set_indexes(self, indexes):
        """Make ``update`` take its inputs ``indexes`` (a list of ints), in that order; return self.

        >>> from dualgrad import train
        >>> metric = train.MAE().set_indexes([0, 2])
        >>> float(metric([1.0, 2.0], [9.0, 9.0], [1.5, 2.5]))
        0.5
        """
        if not isinstance(indexes, list) or not all(isinstance(i, int) for i in indexes):
            raise ValueError("For 'set_indexes', the argument 'indexes' must be a list of ints, "
                             f"but got {indexes!r}.")
        self._indexes = indexes
        return self

    def __call__(self, *inputs):
        """``clear()``, ``update(*inputs)``, then ``eval()``."""
        self.clear()
        self.update(*inputs)
        return self.eval()

    @abstractmethod
    def clear(self):
        """Forget the inputs seen."""

    @abstractmethod
    def eval(self):
        """The metric over the inputs seen since ``clear``."""

    @abstractmethod
    def update(self, *inputs):
        """Take one batch of inputs (usually predictions and true values)."""


class _Classification(Metric):
    """Inputs ``(y_pred, y)``: scores of shape (N, C, ...) and class indices (N, ...) or one-hot.

    With ``eval_type='multilabel'``, ``y_pred`` and ``y`` are both 0/1 arrays
    of one shape (N, C, ...).  The class count C is fixed by the first update.
    """

    _EVAL_TYPES = ("classification", "multilabel")

    def __init__(self, eval_type="classification"):
        super().__init__()
        if eval_type not in self._EVAL_TYPES:
            raise TypeError(f"For '{type(self).__name__}', the argument 'eval_type' must be in "
                            f"{list(self._EVAL_TYPES)}, but got {eval_type!r}.")
        self._type = eval_type

    def _checked(self, inputs):
        """The two inputs as arrays, the labels as indices, shapes and class count checked."""
        owner = type(self).__name__
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        classification = self._type == "classification"
        if classification and y_pred.ndim == y.ndim and _is_one_hot(y):
            y = y.argmax(axis=1)
        if classification:
            if y_pred.ndim != y.ndim + 1 or y.shape != (y_pred.shape[0],) + y_pred.shape[2:]:
                raise ValueError(f"For '{owner}.update', in the classification case the true "
                                 f"values' shape must be the predictions' without axis 1 (or "
                                 f"theirs, one-hot), but got y_pred shape {y_pred.shape} and y "
                                 f"shape {y.shape}.")
        else:
            if y_pred.shape != y.shape:
                raise ValueError(f"For '{owner}.update', in the multilabel case y_pred and y "
                                 f"must have one shape, but got {y_pred.shape} and {y.shape}.")
            if not (np.all(y_pred * y_pred == y_pred) and np.all(y * y == y)):
                raise ValueError(f"For '{owner}.update', in the multilabel case every element "
                                 "of y_pred and y must be 0 or 1.")
        self._check_class_count(y_pred)
        return y_pred, y

    def _check_class_count(self, y_pred):
        if self._class_num == 0:
            self._class_num = y_pred.shape[1]
        elif y_pred.shape[1] != self._class_num:
            raise ValueError(f"For '{type(self).__name__}.update', class number not match: the "
                             f"earlier predictions had {self._class_num} classes, these have "
                             f"{y_pred.shape[1]}.")

    def _one_hot(self, y_pred, y):
        """Predicted and true classes as one-hot float64 rows (N, C); labels must be < C."""
        if y.max() + 1 > self._class_num:
            raise ValueError(f"For '{type(self).__name__}.update', the true values hold class "
                             f"{y.max()}, but the predictions have {self._class_num} classes.")
        eye = np.eye(self._class_num)
        return eye[y_pred.argmax(axis=1).reshape(-1)], eye[y.reshape(-1)]

    def _per_class(self, y_pred, y):
        """Float64 predicted and true memberships whose sums over axis 0 are the counts.

        Classification: one-hot rows (N, C), so the counts are per class;
        multilabel: (C, N...) as MindSpore lays them out, so the counts (and
        Precision's and Recall's values) are per sample.
        """
        if self._type == "classification":
            return self._one_hot(y_pred, y)
        c = self._class_num
        flat = [np.asarray(a, np.float64).swapaxes(1, 0).reshape(c, -1) for a in (y_pred, y)]
        return flat[0], flat[1]


class Accuracy(_Classification):
    """The fraction of samples classified right.

    ``'classification'``: the arg-max of ``y_pred`` along axis 1 equals the
    label; ``'multilabel'``: all of a sample's C labels are equal.

    >>> from dualgrad import train
    >>> print(train.Accuracy()([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]], [1, 1, 1]))
    0.6666666666666666
    """

    def __init__(self, eval_type="classification"):
        super().__init__(eval_type)
        self.clear()

    def clear(self):
        self._correct_num = 0
        self._total_num = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._checked(inputs)
        if self._type == "classification":
            right = (y_pred.argmax(axis=1) == y).reshape(-1)
        else:
            c = self._class_num
            rows = [a.swapaxes(1, a.ndim - 1).reshape(-1, c) for a in (y_pred, y)]
            right = (rows[0] == rows[1]).all(axis=1)
        self._correct_num += int(right.sum())
        self._total_num += right.shape[0]

    def eval(self):
        if self._total_num == 0:
            raise self._no_samples()
        return np.float64(self._correct_num) / self._total_num


class _Counts(_Classification):
    """Precision and Recall: true positives over a count, per class (per sample for multilabel).

    ``eval(average=False)`` gives the array per class; ``average=True`` their
    mean (multilabel: the mean over every update's classes of the per-update
    ratios, as MindSpore averages).  MindSpore forms the per-update ratios of
    multilabel float32 inputs in float32, where its guard ``eps`` (the
    smallest double) vanishes and a class with no count gives nan; they are
    formed in float64 here, where that class gives 0.
    """

    def __init__(self, eval_type="classification"):
        super().__init__(eval_type)
        self.clear()

    def clear(self):
        self._class_num = 0
        self._hits = np.empty(0) if self._type == "multilabel" else 0
        self._counts = np.empty(0) if self._type == "multilabel" else 0
        self._ratio_sum = 0.0
        self._ratio_num = 0

    def _count(self, predicted, actual):
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs):
        predicted, actual = self._per_class(*self._checked(inputs))
        hits = (predicted * actual).sum(axis=0)
        counts = self._count(predicted, actual).sum(axis=0)
        if self._type == "multilabel":
            self._ratio_sum += np.sum(hits / (counts + _EPS))
            self._ratio_num += len(counts)
            self._hits = np.concatenate((self._hits, hits))
            self._counts = np.concatenate((self._counts, counts))
        else:
            self._hits = self._hits + hits
            self._counts = self._counts + counts

    def eval(self, average=False):
        if self._class_num == 0:
            raise self._no_samples()
        _check_type(average, "average", type(self).__name__, (bool,), "'bool'")
        result = self._hits / (self._counts + _EPS)
        if not average:
            return result
        if self._type == "multilabel":
            return np.float64(self._ratio_sum / (self._ratio_num + _EPS))
        return result.mean()


class Precision(_Counts):
    """Per class, the fraction of the samples predicted in it that are in it: TP / (TP + FP).

    >>> from dualgrad import train
    >>> train.Precision()([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]], [1, 1, 0]).tolist()
    [0.0, 0.5]
    """

    def _count(self, predicted, actual):
        return predicted


class Recall(_Counts):
    """Per class, the fraction of its samples predicted in it: TP / (TP + FN).

    >>> from dualgrad import train
    >>> train.Recall()([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]], [1, 1, 0]).tolist()
    [0.0, 0.5]
    """

    def _count(self, predicted, actual):
        return actual


class Fbeta(_Classification):
    """Per class, ``(1 + beta^2) TP / (beta^2 (TP + FN) + TP + FP)``, the weighted F-score.

    ``beta`` > 0; inputs as ``Accuracy``'s classification (MindSpore's Fbeta
    checks neither the shapes nor the eval type).

    >>> from dualgrad import train
    >>> train.Fbeta(1.0)([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]], [1, 1, 0]).tolist()
    [0.0, 0.5]
    """

    def __init__(self, beta):
        super().__init__()
        if not beta > 0:
            raise ValueError(f"For 'Fbeta', the argument 'beta' must be greater than 0, but got "
                             f"{beta}.")
        self.beta = beta
        self.clear()

    def clear(self):
        self._true_positives = 0
        self._actual_positives = 0
        self._positives = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if y_pred.ndim == y.ndim and _is_one_hot(y):
            y = y.argmax(axis=1)
        self._check_class_count(y_pred)
        predicted, actual = self._one_hot(y_pred, y)
        self._true_positives = self._true_positives + (predicted * actual).sum(axis=0)
        self._positives = self._positives + predicted.sum(axis=0)
        self._actual_positives = self._actual_positives + actual.sum(axis=0)

    def eval(self, average=False):
        _check_type(average, "average", type(self).__name__, (bool,), "'bool'")
        if self._class_num == 0:
            raise self._no_samples()
        b2 = self.beta ** 2
        fbeta = (1.0 + b2) * self._true_positives / (
            b2 * self._actual_positives + self._positives + _EPS)
        return fbeta.mean() if average else fbeta


class F1(Fbeta):
    """``Fbeta(1.0)``: per class, the harmonic mean of precision and recall.

    >>> from dualgrad import train
    >>> train.F1()([[0.2, 0.8], [0.9, 0.1]], [1, 0]).tolist()
    [1.0, 1.0]
    """

    def __init__(self):
        super().__init__(1.0)


class _MeanError(Metric):
    """Mean over samples of the summed error: ``sum(err(y - y_pred)) / N`` (N = ``y.shape[0]``).

    ``y`` is reshaped to ``y_pred``'s shape.
    """

    def __init__(self):
        super().__init__()
        self.clear()

    def clear(self):
        self._error_sum = 0.0
        self._samples_num = 0

    def _error(self, diff):
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if y.size != y_pred.size:
            raise ValueError(f"For '{type(self).__name__}.update', the true values must have "
                             f"as many elements as the predictions ({y_pred.shape}), but got "
                             f"shape {y.shape}.")
        self._error_sum += float(self._error(y.reshape(y_pred.shape) - y_pred).sum())
        self._samples_num += y.shape[0]

    def eval(self):
        if self._samples_num == 0:
            raise self._no_samples()
        return np.float64(self._error_sum) / self._samples_num


class MAE(_MeanError):
    """Mean absolute error per sample: ``sum(|y - y_pred|) / N``.

    >>> from dualgrad import train
    >>> float(train.MAE()([[0.5, 1.0], [2.0, 0.0]], [[0.0, 1.0], [1.0, 1.0]]))
    1.25
    """

    def _error(self, diff):
        return np.abs(diff)


class MSE(_MeanError):
    """Mean squared error per sample: ``sum((y - y_pred)^2) / N``.

    >>> from dualgrad import train
    >>> float(train.MSE()([[0.5, 1.0], [2.0, 0.0]], [[0.0, 1.0], [1.0, 1.0]]))
    1.125
    """

    def _error(self, diff):
        return diff * diff


class Loss(Metric):
    """The mean over updates of the mean of each update's loss (a scalar or a 1-D array).

    >>> import dualgrad as ms
    >>> from dualgrad import train
    >>> metric = train.Loss()
    >>> metric.update(ms.Tensor(0.5))
    >>> metric.update([1.0, 2.0])
    >>> float(metric.eval())
    1.0
    """

    def __init__(self):
        super().__init__()
        self.clear()

    def clear(self):
        self._sum_loss = 0.0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        (loss,) = self._inputs(inputs, 1, "loss")
        if loss.ndim == 0:
            loss = loss.reshape(1)
        if loss.ndim != 1:
            raise ValueError(f"For 'Loss.update', the loss must be a scalar or 1-D, but got "
                             f"{loss.ndim} dimensions.")
        self._sum_loss += float(loss.mean(-1))
        self._total_num += 1

    def eval(self):
        if self._total_num == 0:
            raise self._no_samples()
        return np.float64(self._sum_loss) / self._total_num


class TopKCategoricalAccuracy(Metric):
    """The fraction of samples whose label is among the ``k`` highest scores.

    Labels are class indices (N,) or one-hot (N, C).

    >>> from dualgrad import train
    >>> print(train.TopKCategoricalAccuracy(2)([[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]], [2, 2]))
    0.5
    """

    def __init__(self, k):
        super().__init__()
        _check_type(k, "k", type(self).__name__, (int, bool), "'int'")
        if k < 1:
            raise ValueError(f"For '{type(self).__name__}', the argument 'k' must be at least "
                             f"1, but got {k}.")
        self.k = k
        self.clear()

    def clear(self):
        self._correct_num = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if y_pred.ndim == y.ndim and _is_one_hot(y):
            y = y.argmax(axis=1)
        labels = y.reshape(-1, 1)
        if y_pred.ndim != 2 or labels.shape[0] != y_pred.shape[0]:
            raise ValueError(f"For '{type(self).__name__}.update', the predictions must be "
                             f"(N, C) and the labels N indices or (N, C) one-hot, but got "
                             f"shapes {y_pred.shape} and {y.shape}.")
        # a stable sort of the negated scores: of tied scores the lower class comes first
        top = np.argsort(-y_pred, axis=1, kind="stable")[:, :self.k]
        self._correct_num += int((top == labels).sum())
        self._samples_num += labels.shape[0]

    def eval(self):
        if self._samples_num == 0:
            raise self._no_samples()
        return np.float64(self._correct_num) / self._samples_num


class Top1CategoricalAccuracy(TopKCategoricalAccuracy):
    """``TopKCategoricalAccuracy(1)``."""

    def __init__(self):
        super().__init__(1)


class Top5CategoricalAccuracy(TopKCategoricalAccuracy):
    """``TopKCategoricalAccuracy(5)``."""

    def __init__(self):
        super().__init__(5)


class Perplexity(Metric):
    """``exp(-mean(log p[label]))`` over every label seen, the probabilities ``p`` (..., C).

    Labels equal to ``ignore_label`` (an int, or None) are left out; a
    probability below 1e-10 counts as 1e-10.

    >>> from dualgrad import train
    >>> round(train.Perplexity()([[0.5, 0.5], [0.25, 0.75]], [0, 1]), 6)
    1.632993
    """

    def __init__(self, ignore_label=None):
        super().__init__()
        if ignore_label is not None:
            _check_type(ignore_label, "ignore_label", "Perplexity", (int,), "'int'")
        self.ignore_label = ignore_label
        self.clear()

    def clear(self):
        self._sum_metric = 0.0
        self._num_inst = 0

    @rearrange_inputs
    def update(self, *inputs):
        pred, label = self._inputs(inputs, 2, "predicted value, label")
        classes = pred.shape[-1] if pred.ndim else 0
        if not classes or label.size * classes != pred.size:
            raise RuntimeError(f"For 'Perplexity.update', the predictions must hold one row of "
                               f"class probabilities per label, but got predictions of shape "
                               f"{pred.shape} and labels of shape {label.shape}.")
        label = label.reshape(-1)
        picked = pred.reshape(-1, classes)[np.arange(label.size), label.astype(int)]
        kept = np.ones(label.size, bool) if self.ignore_label is None else (
            label != self.ignore_label)
        self._sum_metric -= float(np.sum(np.log(np.maximum(1e-10, picked[kept]))))
        self._num_inst += int(kept.sum())

    def eval(self):
        if self._num_inst == 0:
            raise self._no_samples()
        return math.exp(self._sum_metric / self._num_inst)


class ConfusionMatrix(Metric):
    """The ``num_classes`` x ``num_classes`` counts of (true class, predicted class) pairs.

    ``y_pred`` is class scores (N, C, ...) against labels (N, ...), or of
    the labels' shape: class indices, or float probabilities that count as
    class 1 from ``threshold`` up.  ``normalize``: 'no_norm' (the counts),
    'target' (each row over its sum), 'prediction' (each column over its
    sum) or 'all' (over the total); an empty row or column gives zeros.

    >>> from dualgrad import train
    >>> train.ConfusionMatrix(2)([0.2, 0.7, 0.6], [0, 1, 0]).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """

    _NORMALIZE = ("target", "prediction", "all", "no_norm")

    def __init__(self, num_classes, normalize="no_norm", threshold=0.5):
        super().__init__()
        self.num_classes = _check_type(num_classes, "num_classes", "ConfusionMatrix", (int,),
                                       "'int'")
        self.normalize = _check_choice(normalize, "normalize", "ConfusionMatrix",
                                       self._NORMALIZE)
        self.threshold = _check_type(threshold, "threshold", "ConfusionMatrix", (float,),
                                     "'float'")
        self.clear()

    def clear(self):
        self.confusion_matrix = np.zeros((self.num_classes, self.num_classes))
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if y_pred.ndim not in (y.ndim, y.ndim + 1):
            raise ValueError(f"For 'ConfusionMatrix.update', the predictions must have the true "
                             f"values' dimensions or one more, but got {y_pred.ndim} and "
                             f"{y.ndim}.")
        if y_pred.ndim == y.ndim + 1:
            y_pred = y_pred.argmax(axis=1)
        elif y_pred.dtype.kind == "f":
            y_pred = (y_pred >= self.threshold).astype(int)
        n = self.num_classes
        pairs = (y.reshape(-1) * n + y_pred.reshape(-1)).astype(int)
        self.confusion_matrix += np.bincount(pairs, minlength=n * n).reshape(n, n)
        self._is_update = True

    def eval(self):
        if not self._is_update:
            raise RuntimeError("For 'ConfusionMatrix', call the 'update' method before 'eval'.")
        counts = self.confusion_matrix.astype(float)
        if self.normalize == "no_norm":
            return counts
        total = {"target": counts.sum(axis=1, keepdims=True),
                 "prediction": counts.sum(axis=0, keepdims=True),
                 "all": counts.sum()}[self.normalize]
        with np.errstate(invalid="ignore", divide="ignore"):
            matrix = counts / total
        matrix[np.isnan(matrix)] = 0
        return matrix


class CosineSimilarity(Metric):
    """The (N, N) similarities of the rows of the last ``update``'s (N, D) input.

    ``similarity``: 'cosine' (of the L2-normalised rows) or 'dot';
    ``zero_diagonal`` zeroes each row's similarity with itself;
    ``reduction`` 'none', 'sum' or 'mean' over the last axis.  As in
    MindSpore, ``eval`` reduces the held matrix in place: call it once per
    ``update``.

    >>> from dualgrad import train
    >>> train.CosineSimilarity()([[1.0, 0.0], [1.0, 1.0]]).round(4).tolist()
    [[0.0, 0.7071], [0.7071, 0.0]]
    """

    def __init__(self, similarity="cosine", reduction="none", zero_diagonal=True):
        super().__init__()
        owner = "CosineSimilarity"
        _check_type(similarity, "similarity", owner, (str,), "'str'")
        self.similarity = _check_choice(similarity, "similarity", owner, ("dot", "cosine"))
        _check_type(reduction, "reduction", owner, (str,), "'str'")
        self.reduction = _check_choice(reduction, "reduction", owner, ("none", "sum", "mean"))
        self.zero_diagonal = _check_type(zero_diagonal, "zero_diagonal", owner, (bool,),
                                         "'bool'")
        self.clear()

    def clear(self):
        self.sqr_mtx_res = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, inputs):
        rows = self._convert_data(inputs)
        if rows.ndim != 2:
            raise ValueError(f"For 'CosineSimilarity.update', the input must be (N, D), but "
                             f"got shape {rows.shape}.")
        if self.similarity == "cosine":
            rows = rows / np.linalg.norm(rows, ord=2, axis=1)[:, None]
        self.sqr_mtx_res = rows @ rows.T
        self._is_update = True

    def eval(self):
        if not self._is_update:
            raise RuntimeError("For 'CosineSimilarity', call the 'update' method before 'eval'.")
        if self.zero_diagonal:
            np.fill_diagonal(self.sqr_mtx_res, 0)
        if self.reduction == "mean":
            self.sqr_mtx_res = np.mean(self.sqr_mtx_res, axis=-1)
        elif self.reduction == "sum":
            self.sqr_mtx_res = np.sum(self.sqr_mtx_res, axis=-1)
        return self.sqr_mtx_res


class Dice(Metric):
    """The Dice coefficient ``2 <y_pred, y> / (<y_pred, y_pred> + <y, y> + smooth)``.

    Each ``update`` adds the coefficient of its whole batch; ``eval``
    divides the sum by the number of samples (the batches' ``shape[0]``),
    as MindSpore does.

    >>> from dualgrad import train
    >>> round(train.Dice()([[1.0, 0.0, 1.0]], [[1.0, 1.0, 0.0]]), 4)    # 2 * 1 / (2 + 2 + smooth)
    0.5
    """

    def __init__(self, smooth=1e-5):
        super().__init__()
        _check_type(smooth, "smooth", "Dice", (float,), "'float'")
        if not smooth > 0:
            raise ValueError(f"For 'Dice', the argument 'smooth' must be a positive float, but "
                             f"got {smooth}.")
        self.smooth = smooth
        self.clear()

    def clear(self):
        self._dice_coeff_sum = 0.0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if y_pred.shape != y.shape:
            raise ValueError(f"For 'Dice.update', the predicted and true values must have one "
                             f"shape, but got {y_pred.shape} and {y.shape}.")
        p, t = y_pred.reshape(-1), y.reshape(-1)
        self._dice_coeff_sum += 2 * float(p @ t) / float(p @ p + t @ t + self.smooth)
        self._samples_num += y.shape[0]

    def eval(self):
        if self._samples_num == 0:
            raise self._no_samples()
        return self._dice_coeff_sum / float(self._samples_num)


def _roc_inputs(y_pred, y, class_num, pos_label):
    """ROC's inputs as (scores, labels, class_num, pos_label): 1-D for a binary curve, else (M, C).

    Scores of the labels' shape are one binary problem (both flattened,
    ``pos_label`` 1 unless given); scores with one more axis (N, C, ...) are
    C one-vs-rest problems (``class_num`` must be C, ``pos_label`` None).
    """
    if y_pred.ndim == y.ndim:
        if class_num is not None and class_num != 1:
            raise ValueError(f"For 'ROC', when the predictions have the true values' dimensions "
                             f"(a binary problem), 'class_num' must be None or 1, but got "
                             f"{class_num}.")
        return y_pred.reshape(-1), y.reshape(-1), 1, 1 if pos_label is None else pos_label
    if y_pred.ndim != y.ndim + 1:
        raise ValueError(f"For 'ROC', the predictions must have the true values' dimensions or "
                         f"one more, but got {y_pred.ndim} and {y.ndim}.")
    if pos_label is not None:
        raise ValueError(f"For 'ROC', when the predictions have one more dimension than the true "
                         f"values (one curve per class), 'pos_label' must be None, but got "
                         f"{pos_label}.")
    if class_num != y_pred.shape[1]:
        raise ValueError(f"For 'ROC', 'class_num' must be the predictions' class count "
                         f"{y_pred.shape[1]} (their axis 1), but got {class_num}.")
    scores = np.moveaxis(y_pred, 1, -1).reshape(-1, class_num)
    return scores, y.reshape(-1), class_num, None


def _roc_curve(scores, labels, pos_label):
    """(fpr, tpr, thresholds) of one binary problem, the thresholds the distinct scores, falling.

    The first threshold is the highest score + 1, where nothing is positive yet.
    """
    order = np.argsort(-scores, kind="stable")
    scores = scores[order]
    positive = (labels[order] == pos_label).astype(np.int64)
    # the last index of each run of equal scores: a threshold counts all of its ties at once
    ends = np.append(np.nonzero(np.diff(scores))[0], scores.size - 1)
    true_positives = np.concatenate(([0], np.cumsum(positive)[ends]))
    false_positives = np.concatenate(([0], 1 + ends - true_positives[1:]))
    thresholds = np.concatenate((scores[ends[:1]] + 1, scores[ends]))
    if false_positives[-1] <= 0:
        raise ValueError("For 'ROC.eval', the true values hold no negative sample, so the false "
                         "positive rate is undefined.")
    if true_positives[-1] <= 0:
        raise ValueError("For 'ROC.eval', the true values hold no positive sample, so the true "
                         "positive rate is undefined.")
    return (false_positives / false_positives[-1], true_positives / true_positives[-1],
            thresholds)


class ROC(Metric):
    """The receiver operating characteristic: false and true positive rates over thresholds.

    Binary: ``y_pred`` scores of the labels' shape, ``pos_label`` (default
    1) the positive class; ``eval`` gives arrays ``(fpr, tpr, thresholds)``
    (the thresholds falling, the first the highest score + 1).  Multiclass:
    ``y_pred`` of shape (N, C, ...) against labels (N, ...), ``class_num``
    C; ``eval`` gives three lists of C arrays, class c against the rest.
    Each ``update`` replaces the inputs held, as in MindSpore.  (MindSpore
    2.10 mixes up the scores of different samples when N != C; here class
    c's curve is always that of column c.)

    >>> from dualgrad import train
    >>> fpr, tpr, thresholds = train.ROC(pos_label=2)([0.28, 0.55, 0.15, 0.05], [0, 1, 2, 3])
    >>> fpr.round(4).tolist(), tpr.tolist(), thresholds.tolist()
    ([0.0, 0.3333, 0.6667, 0.6667, 1.0], [0.0, 0.0, 0.0, 1.0, 1.0], [1.55, 0.55, 0.28, 0.15, 0.05])
    """

    def __init__(self, class_num=None, pos_label=None):
        super().__init__()
        if class_num is not None:
            _check_type(class_num, "class_num", "ROC", (int,), "'int'")
        if pos_label is not None:
            _check_type(pos_label, "pos_label", "ROC", (int,), "'int'")
        self.class_num = class_num
        self.pos_label = pos_label
        self.clear()

    def clear(self):
        self.y_pred = 0
        self.y = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        self.y_pred, self.y, self.class_num, self.pos_label = _roc_inputs(
            y_pred, y, self.class_num, self.pos_label)
        self._is_update = True

    def eval(self):
        if not self._is_update:
            raise RuntimeError("For 'ROC', call the 'update' method before 'eval'.")
        if self.class_num == 1:
            return _roc_curve(self.y_pred, self.y, self.pos_label)
        curves = [_roc_curve(self.y_pred[:, c], self.y, c) for c in range(self.class_num)]
        fpr, tpr, thresholds = (list(part) for part in zip(*curves))
        return fpr, tpr, thresholds


def _curve_points(values, name):
    """A 1-D array of a curve's coordinates, or a column (N, 1) as one."""
    if values.ndim == 1 or values.ndim == 2 and values.shape[1] == 1:
        return values.reshape(-1)
    raise ValueError(f"For 'auc', '{name}' must be 1-D or a column (N, 1), but got shape "
                     f"{values.shape}.")


def auc(x, y, reorder=False):
    """The area under the curve through the points ``(x, y)`` by the trapezoidal rule.

    ``x`` and ``y`` are NumPy arrays of one length (at least 2), as ``ROC``
    gives its fpr and tpr.  ``x`` must rise or fall throughout (a falling
    curve gives a positive area too) unless ``reorder``, which sorts the
    points by x (then y).  Returns a NumPy float64.

    >>> import numpy as np
    >>> from dualgrad import train
    >>> float(train.auc(np.array([0.0, 0.5, 1.0]), np.array([0.0, 1.0, 1.0])))
    0.75
    """
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
        raise TypeError(f"For 'auc', 'x' and 'y' must be numpy.ndarray, but got "
                        f"{type(x).__name__} and {type(y).__name__}.")
    if x.ndim == 0 or y.ndim == 0 or x.shape[0] != y.shape[0]:
        raise ValueError(f"For 'auc', 'x' and 'y' must hold one point each along axis 0, but "
                         f"got shapes {x.shape} and {y.shape}.")
    x, y = _curve_points(x, "x"), _curve_points(y, "y")
    if x.shape[0] < 2:
        raise ValueError(f"For 'auc', the curve needs at least 2 points, but got {x.shape[0]}.")
    direction = 1
    if reorder:
        order = np.lexsort((y, x))
        x, y = x[order], y[order]
    else:
        steps = np.diff(x)
        if np.any(steps < 0):
            if not np.all(steps <= 0):
                raise ValueError(f"For 'auc', 'x' must rise or fall throughout unless 'reorder' "
                                 f"is True, but got {x}.")
            direction = -1
    # summed in the inputs' precision, returned as float64 (as MindSpore, with NumPy 1, does)
    return np.float64(direction * (np.diff(x) * (y[1:] + y[:-1]) / 2.0).sum())


# The names ConfusionMatrixMetric's metric_name takes (lower case, '_' or ' ' between words),
# each to the measure it names
_CONFUSION_MEASURES = {
    "sensitivity": "tpr", "recall": "tpr", "hit_rate": "tpr", "true_positive_rate": "tpr",
    "tpr": "tpr", "specificity": "tnr", "selectivity": "tnr", "true_negative_rate": "tnr",
    "tnr": "tnr", "precision": "ppv", "positive_predictive_value": "ppv", "ppv": "ppv",
    "negative_predictive_value": "npv", "npv": "npv", "miss_rate": "fnr",
    "false_negative_rate": "fnr", "fnr": "fnr", "fall_out": "fpr", "false_positive_rate": "fpr",
    "fpr": "fpr", "false_discovery_rate": "fdr", "fdr": "fdr", "false_omission_rate": "for",
    "for": "for", "prevalence_threshold": "pt", "pt": "pt", "threat_score": "ts",
    "critical_success_index": "ts", "ts": "ts", "csi": "ts", "accuracy": "acc", "acc": "acc",
    "balanced_accuracy": "ba", "ba": "ba", "f1_score": "f1", "f1": "f1",
    "matthews_correlation_coefficient": "mcc", "mcc": "mcc", "fowlkes_mallows_index": "fm",
    "fm": "fm", "informedness": "bm", "bookmaker_informedness": "bm", "bm": "bm",
    "markedness": "mk", "deltap": "mk", "mk": "mk",
}


def _ratio(numerator, denominator):
    """numerator / denominator, nan where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator != 0, numerator / denominator, np.nan)


def _ratio_or_nan(numerator, denominator):
    """numerator / denominator, nan where the denominator is not positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _ratio_or_zero(numerator, denominator):
    """numerator / denominator, 0 where the denominator is not positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, 0.0)


def _confusion_measure(measure, counts):
    """The ``measure`` of the counts (..., 4) = (TP, FP, TN, FN); nan where it is undefined."""
    tp, fp, tn, fn = (counts[..., i] for i in range(4))
    p, n = tp + fn, fp + tn
    rates = {"tpr": (tp, p), "tnr": (tn, n), "ppv": (tp, tp + fp), "npv": (tn, tn + fn)}
    if measure in rates:
        return _ratio(*rates[measure])
    # the measures built of rates take a rate as nan unless its denominator is
    # positive (which only labels other than 0 and 1 can make it not be), and
    # markedness takes npv as the plain quotient, as MindSpore does
    tpr, tnr, ppv = (_ratio_or_nan(*rates[rate]) for rate in ("tpr", "tnr", "ppv"))
    with np.errstate(divide="ignore", invalid="ignore"):  # square roots of nan and negatives
        if measure == "pt":
            return _ratio(np.sqrt(tpr * (1.0 - tnr)) + tnr - 1.0, tpr + tnr - 1.0)
        if measure == "mcc":
            return _ratio(tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))
        if measure == "fm":
            return np.sqrt(ppv * tpr)
        if measure == "mk":
            return ppv + tn / (tn + fn) - 1.0
    combined = {"ba": (tpr + tnr) / 2.0, "bm": tpr + tnr - 1.0}
    if measure in combined:
        return combined[measure]
    numerator, denominator = {"fnr": (fn, p), "fpr": (fp, n), "fdr": (fp, fp + tp),
                              "for": (fn, fn + tn), "ts": (tp, tp + fn + fp),
                              "acc": (tp + tn, p + n),
                              "f1": (tp * 2.0, tp * 2.0 + fn + fp)}[measure]
    return _ratio(numerator, denominator)


def _reduce_measures(values, decrease):
    """(value, count) of the (B, C) measures (nan where undefined) under ``decrease``.

    The sums leave the nans out, the means are over what is not nan (0 where
    nothing is); 'mean' is the mean over the samples of their means over
    the classes, its count the samples with any value.
    """
    counted = ~np.isnan(values)
    values = np.where(counted, values, 0.0)
    counted = counted.astype(float)

    def mean(axis):
        count = counted.sum(axis=axis)
        return _ratio_or_zero(values.sum(axis=axis), count), count

    if decrease == "mean":
        per_sample, count = mean(1)
        samples = (count > 0).astype(float).sum(axis=0)
        return _ratio_or_zero(per_sample.sum(axis=0), samples), samples
    if decrease == "sum":
        return values.sum(axis=(0, 1)), counted.sum(axis=(0, 1))
    if decrease in ("mean_batch", "mean_channel"):
        return mean(0 if decrease == "mean_batch" else 1)
    if decrease in ("sum_batch", "sum_channel"):
        axis = 0 if decrease == "sum_batch" else 1
        return values.sum(axis=axis), counted.sum(axis=axis)
    return values, counted


class ConfusionMatrixMetric(Metric):
    """A measure of the confusion counts (TP, FP, TN, FN) of binarised class maps.

    ``update(y_pred, y)``: arrays of one shape (B, C, ...), per sample and
    class; (B, C) for a classification, one-hot or multi-label.  As in
    MindSpore, ``y`` may hold any integers in [0, 255] and ``y_pred`` any
    values, counted as they are: a true positive where ``y_pred + y == 2``,
    a true negative where both are 0, the positives P the sum of ``y``, and
    FN = P - TP, FP = (count - P) - TN (so labels other than 0 and 1 give
    counts, and measures, outside the binary ones).  ``metric_name`` is one of
    sensitivity (recall, hit rate, tpr), specificity (tnr), precision
    (ppv), negative predictive value (npv), miss rate (fnr), fall out
    (fpr), false discovery rate (fdr), false omission rate (for),
    prevalence threshold (pt), threat score (critical success index, ts,
    csi), accuracy (acc), balanced accuracy (ba), f1 score (f1), matthews
    correlation coefficient (mcc), fowlkes mallows index (fm),
    (bookmaker) informedness (bm) or markedness (deltap, mk), in any case,
    words joined by spaces or '_'.

    ``calculation_method=False`` sums the counts over every sample, class
    and update, and ``eval`` gives the measure of the sums, an array of
    one value.  ``True`` takes the measure of each sample's and class's
    counts (inputs with spatial axes only) and reduces each update's
    (B, C) measures by ``decrease`` ('mean', 'sum', or, where that leaves
    one value, 'none', 'mean_batch', 'sum_batch', 'mean_channel',
    'sum_channel'); ``eval`` gives the float sum over updates of each
    reduced value times the count of measures it stands for, over the
    sum of those counts (MindSpore's weighting).  ``skip_channel=False``
    leaves channel 0 out, ``True`` keeps every channel: what MindSpore 2.10
    does (its docstring says the reverse).

    >>> from dualgrad import train
    >>> metric = train.ConfusionMatrixMetric(metric_name="tpr")
    >>> metric([[[0], [1]], [[1], [0]]], [[[0], [1]], [[0], [1]]]).tolist()
    [0.5]
    """

    _DECREASES = ("none", "mean", "sum", "mean_batch", "sum_batch", "mean_channel",
                  "sum_channel")

    def __init__(self, skip_channel=True, metric_name="sensitivity", calculation_method=False,
                 decrease="mean"):
        super().__init__()
        owner = "ConfusionMatrixMetric"
        self.skip_channel = _check_type(skip_channel, "skip_channel", owner, (bool,), "'bool'")
        self.calculation_method = _check_type(calculation_method, "calculation_method", owner,
                                              (bool,), "'bool'")
        self.metric_name = _check_type(metric_name, "metric_name", owner, (str,), "'str'")
        self._measure = _CONFUSION_MEASURES.get(metric_name.replace(" ", "_").lower())
        if self._measure is None:
            raise ValueError(f"For '{owner}', the argument 'metric_name' must name a measure of "
                             f"the confusion matrix (one of {sorted(_CONFUSION_MEASURES)}, in any "
                             f"case, '_' or ' ' between words), but got {metric_name!r}.")
        _check_type(decrease, "decrease", owner, (str,), "'str'")
        self.decrease = _check_choice(decrease, "decrease", owner, self._DECREASES)
        self.clear()

    def clear(self):
        self._total_num = 0
        self._class_num = 0
        self._counts = np.zeros(4)
        self._is_update = False

    def _confusion_counts(self, y_pred, y):
        """The (B, C, 4) counts (TP, FP, TN, FN) of each sample and class."""
        owner = "ConfusionMatrixMetric.update"
        # MindSpore's test of binarised labels: each value survives a cast to
        # uint8, so it takes the integers 0..255 (and counts them as they are)
        with np.errstate(invalid="ignore"):
            if y.dtype.kind not in "biuf" or not np.all((y == np.round(y)) & (y >= 0)
                                                        & (y <= 255)):
                raise ValueError(f"For '{owner}', the true values must be binarised: integers "
                                 f"in [0, 255] (one-hot 0 or 1 as a rule).")
        if y_pred.ndim < 2:
            raise ValueError(f"For '{owner}', the predictions must have at least 2 dimensions "
                             f"(batch, class, ...), but got {y_pred.ndim}.")
        if y_pred.shape != y.shape:
            raise ValueError(f"For '{owner}', the predictions and true values must have one "
                             f"shape, but got {y_pred.shape} and {y.shape}.")
        if not self.skip_channel and y.shape[1] > 1:
            y_pred, y = y_pred[:, 1:], y[:, 1:]
        batch, channels = y.shape[:2]
        y_pred = y_pred.astype(float).reshape(batch, channels, -1)
        y = y.astype(float).reshape(batch, channels, -1)
        tp = (y_pred + y == 2).sum(axis=2).astype(float)
        tn = (y_pred + y == 0).sum(axis=2).astype(float)
        p = y.sum(axis=2)
        fp, fn = (y.shape[-1] - p) - tn, p - tp
        return np.stack([tp, fp, tn, fn], axis=-1)

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._inputs(inputs, 2, "predicted value, true value")
        if not self.calculation_method:
            self._counts = self._counts + self._confusion_counts(y_pred, y).sum(axis=(0, 1))
            self._is_update = True
            return
        if y_pred.ndim == 2 or y_pred.ndim == 3 and y_pred.shape[-1] == 1:
            raise ValueError("For 'ConfusionMatrixMetric.update', 'calculation_method' True "
                             "measures each sample's class maps, which a classification's (B, C) "
                             f"inputs lack (got shape {y_pred.shape}): set it False.")
        value, count = _reduce_measures(
            _confusion_measure(self._measure, self._confusion_counts(y_pred, y)), self.decrease)
        if np.size(value) != 1:
            raise ValueError(f"For 'ConfusionMatrixMetric.update', 'decrease' "
                             f"{self.decrease!r} leaves {np.size(value)} values of this batch, "
                             "but 'calculation_method' True accumulates one: use 'mean' or "
                             "'sum'.")
        count = int(np.reshape(count, -1)[0])
        self._total_num += float(np.reshape(value, -1)[0]) * count
        self._class_num += count

    def eval(self):
        if self.calculation_method:
            if self._class_num == 0:
                raise self._no_samples()
            return self._total_num / self._class_num
        if not self._is_update:
            raise self._no_samples()
        return _confusion_measure(self._measure, self._counts[None])


def _shifted_neighbours(mask):
    """For each axis and direction, every element's neighbour that way (False past the end)."""
    for axis in range(mask.ndim):
        for step in (1, -1):
            neighbour = np.zeros_like(mask)
            to = [slice(None)] * mask.ndim
            source = [slice(None)] * mask.ndim
            to[axis], source[axis] = (slice(step, None), slice(None, -step)) if step > 0 else (
                slice(None, step), slice(-step, None))
            neighbour[tuple(to)] = mask[tuple(source)]
            yield neighbour


def _mask_edges(mask):
    """The elements of a boolean mask with a face neighbour outside it (or at the array's end).

    ``mask`` minus its erosion by the cross of face neighbours, the border
    counting as background; a 0-d mask has no edge.
    """
    eroded = mask.copy()
    for neighbour in _shifted_neighbours(mask):
        eroded &= neighbour
    return mask ^ eroded


def _distance_transform(features, distance_metric):
    """Each element's distance to the nearest True element of ``features`` (which has one).

    Exact and separable: the distance along axis 0, then along each next
    axis the lower envelope ``min_i combine(|x - i|, d(i))`` of the last
    pass, ``combine`` adding squares (euclidean), adding (taxicab) or
    taking the larger (chessboard).  Euclidean distances are float64, the
    others int32 (those of SciPy's transforms MindSpore uses).
    """
    combine = {"euclidean": lambda step, d: step * step + d, "taxicab": np.add,
               "chessboard": np.maximum}[distance_metric]
    distance = np.where(features, 0.0, np.inf)
    for axis in range(features.ndim):
        along = np.moveaxis(distance, axis, -1)
        steps = np.abs(np.arange(along.shape[-1])[:, None] - np.arange(along.shape[-1]))
        passed = np.empty_like(along)
        for x, step in enumerate(steps):
            passed[..., x] = combine(step.astype(float), along).min(axis=-1)
        distance = np.moveaxis(passed, -1, axis)
    if distance_metric == "euclidean":
        return np.sqrt(distance)
    return distance.astype(np.int32)


class _SurfaceDistance(Metric):
    """Distances between the surfaces (edge elements) of a predicted and a true region.

    ``update(y_pred, y, label_idx)``: two label maps of one shape (any
    number of dimensions); the regions are where each equals ``label_idx``
    (an int or a float found in one of them).  Each update replaces the
    surfaces held.  A surface's distances to an empty surface are inf;
    ``eval`` with no predicted surface gives inf.
    """

    _DISTANCE_METRICS = ("euclidean", "chessboard", "taxicab")
    # whether boolean maps are compared with label_idx too (or taken as the regions)
    _COMPARE_BOOLEAN_MAPS = False

    def _check_distance_metric(self, distance_metric):
        owner = type(self).__name__
        _check_type(distance_metric, "distance_metric", owner, (str,), "'str'")
        return _check_choice(distance_metric, "distance_metric", owner, self._DISTANCE_METRICS)

    def clear(self):
        self._y_pred_edges = 0
        self._y_edges = 0
        self._is_update = False

    def _regions(self, inputs):
        """The predicted and true regions (boolean arrays) of ``update``'s three inputs."""
        owner = f"{type(self).__name__}.update"
        if len(inputs) != 3:
            raise ValueError(f"For '{owner}', it needs 3 inputs (predicted value, true value, "
                             f"label index), but got {len(inputs)}.")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        label_idx = inputs[2]
        if not isinstance(label_idx, (int, float)):
            raise TypeError(f"For '{owner}', the label index (input[2]) must be an int or a "
                            f"float, but got {type(label_idx).__name__}.")
        if label_idx not in y_pred and label_idx not in y:
            raise ValueError(f"For '{owner}', the label index (input[2]) must occur in the "
                             f"predicted or the true value, but {label_idx} does not.")
        if y_pred.size == 0 or y_pred.shape != y.shape:
            raise ValueError(f"For '{owner}', the predicted and true values must be non-empty "
                             f"and of one shape, but got shapes {y_pred.shape} and {y.shape}.")
        return [a if a.dtype == bool and not self._COMPARE_BOOLEAN_MAPS else a == label_idx
                for a in (y_pred, y)]

    def _surface_distances(self, from_edges, to_edges):
        """The distance of each element of ``from_edges`` to the nearest of ``to_edges``."""
        if not np.any(from_edges):
            return np.array([])
        if not np.any(to_edges):
            return np.full(int(np.sum(from_edges)), np.inf)
        return _distance_transform(to_edges, self.distance_metric)[from_edges]

    def _check_updated(self):
        if not self._is_update:
            raise RuntimeError(f"For '{type(self).__name__}', call the 'update' method before "
                               "'eval'.")


class HausdorffDistance(_SurfaceDistance):
    """The Hausdorff distance between the predicted and the true surface.

    ``max(h(y_pred, y), h(y, y_pred))``, ``h(a, b)`` the largest distance of
    a's surface elements to b's nearest (its ``percentile`` with one, a
    float in [0, 100]; 0.0 counts as none, as in MindSpore); ``directed``
    gives ``h(y_pred, y)`` alone.  ``distance_metric``: 'euclidean'
    (float64), 'chessboard' or 'taxicab' (int32).  ``crop`` first cuts
    both maps to the bounding box of the two regions and drops the axes of
    length 1 there (so a region one row high has its surface along that
    row only), as MindSpore does.  Boolean maps are compared with
    ``label_idx`` too.

    >>> from dualgrad import train
    >>> metric = train.HausdorffDistance()
    >>> metric.update([[3, 0, 1], [1, 3, 0], [1, 0, 2]], [[0, 2, 1], [1, 2, 1], [0, 0, 1]], 0)
    >>> print(metric.eval())
    1.4142135623730951
    """

    _COMPARE_BOOLEAN_MAPS = True

    def __init__(self, distance_metric="euclidean", percentile=None, directed=False, crop=True):
        super().__init__()
        owner = "HausdorffDistance"
        self.distance_metric = self._check_distance_metric(distance_metric)
        if percentile is not None:
            _check_type(percentile, "percentile", owner, (float,), "'float'")
            if not 0 <= percentile <= 100:
                raise ValueError(f"For '{owner}', the argument 'percentile' must be in [0, 100], "
                                 f"but got {percentile}.")
        self.percentile = percentile
        self.directed = _check_type(directed, "directed", owner, (bool,), "'bool'")
        self.crop = _check_type(crop, "crop", owner, (bool,), "'bool'")
        self.clear()

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._regions(inputs)
        if self.crop and np.any(y_pred | y):
            corners = np.nonzero(y_pred | y)
            box = tuple(slice(c.min(), c.max() + 1) for c in corners)
            y_pred, y = np.squeeze(y_pred[box]), np.squeeze(y[box])
        self._y_pred_edges, self._y_edges = _mask_edges(y_pred), _mask_edges(y)
        self._is_update = True

    def _directed(self, from_edges, to_edges):
        distances = self._surface_distances(from_edges, to_edges)
        if distances.size == 0:
            return np.inf
        if not self.percentile:
            return distances.max()
        return np.percentile(distances, self.percentile)

    def eval(self):
        self._check_updated()
        forward = self._directed(self._y_pred_edges, self._y_edges)
        if self.directed:
            return forward
        return max(forward, self._directed(self._y_edges, self._y_pred_edges))


class _MeanSurfaceDistance(_SurfaceDistance):
    """MeanSurfaceDistance and RootMeanSquareDistance: a mean of the surface distances."""

    def __init__(self, symmetric=False, distance_metric="euclidean"):
        super().__init__()
        self.distance_metric = self._check_distance_metric(distance_metric)
        self.symmetric = _check_type(symmetric, "symmetric", type(self).__name__, (bool,),
                                     "'bool'")
        self.clear()

    @rearrange_inputs
    def update(self, *inputs):
        y_pred, y = self._regions(inputs)
        self._y_pred_edges, self._y_edges = _mask_edges(y_pred), _mask_edges(y)
        self._is_update = True

    def _mean(self, distances):
        raise NotImplementedError

    def _both_ways(self, forward, backward):
        raise NotImplementedError

    def eval(self):
        self._check_updated()
        distances = self._surface_distances(self._y_pred_edges, self._y_edges)
        if distances.size == 0:
            return np.inf
        if not self.symmetric:
            return self._mean(distances)
        back = self._surface_distances(self._y_edges, self._y_pred_edges)
        if back.size == 0:
            return np.inf
        return self._both_ways(self._mean(distances), self._mean(back))


class MeanSurfaceDistance(_MeanSurfaceDistance):
    """The mean distance of the predicted surface's elements to the true surface.

    ``symmetric`` averages that with the mean the other way.
    ``distance_metric``: 'euclidean', 'chessboard' or 'taxicab'.  Boolean
    maps are the regions themselves.

    >>> from dualgrad import train
    >>> metric = train.MeanSurfaceDistance()
    >>> metric.update([[3, 0, 1], [1, 3, 0], [1, 0, 2]], [[0, 2, 1], [1, 2, 1], [0, 0, 1]], 0)
    >>> print(metric.eval())
    0.8047378541243649
    """

    def _mean(self, distances):
        return distances.mean()

    def _both_ways(self, forward, backward):
        return np.mean((forward, backward))


class RootMeanSquareDistance(_MeanSurfaceDistance):
    """The mean square distance of the predicted surface's elements to the true surface.

    ``symmetric`` gives the root of the average of that and the mean square
    the other way; without it, the mean square is not rooted, as MindSpore
    2.10 computes (its docstring's formula has the root).
    ``distance_metric``: 'euclidean', 'chessboard' or 'taxicab'.  Boolean
    maps are the regions themselves.

    >>> from dualgrad import train
    >>> metric = train.RootMeanSquareDistance(symmetric=True)
    >>> metric.update([[3, 0, 1], [1, 3, 0], [1, 0, 2]], [[0, 2, 1], [1, 2, 1], [0, 0, 1]], 0)
    >>> print(round(metric.eval(), 6))
    0.912871
    """

    def _mean(self, distances):
        return (distances ** 2).mean()

    def _both_ways(self, forward, backward):
        return np.sqrt(np.mean((forward, backward)))


def _ngram_counts(tokens, max_n):
    """How often each n-gram (a tuple of 1 to ``max_n`` tokens) occurs in ``tokens``."""
    return Counter(tuple(tokens[i:i + n]) for n in range(1, max_n + 1)
                   for i in range(len(tokens) - n + 1))


class BleuScore(Metric):
    """BLEU: the geometric mean of the clipped n-gram precisions times a brevity penalty.

    ``update(candidate_corpus, reference_corpus)``: a list of candidate
    token lists and a list (as long) of lists of reference token lists.
    n-grams of 1 to ``n_gram`` (1 to 4) tokens count up to their most
    frequent use in one reference; the penalty ``exp(1 - r / c)`` (1 when
    the candidates' length c exceeds r, the summed lengths of the
    references nearest in length).  ``smooth`` adds 1 to each precision's
    numerator and denominator, but (as in MindSpore) a corpus with no
    match of some order scores 0 (a 0-d array) regardless.  Updates
    accumulate.

    >>> from dualgrad import train
    >>> metric = train.BleuScore()
    >>> metric.update([['i', 'have', 'a', 'pen', 'on', 'my', 'desk']],
    ...               [[['i', 'have', 'a', 'pen', 'in', 'my', 'desk'],
    ...                 ['there', 'is', 'a', 'pen', 'on', 'the', 'desk']]])
    >>> print(metric.eval())
    0.5946035575013605
    """

    def __init__(self, n_gram=4, smooth=False):
        super().__init__()
        self.n_gram = _check_type(n_gram, "n_gram", "BleuScore", (int,), "'int'")
        if not 1 <= n_gram <= 4:
            raise ValueError(f"For 'BleuScore', the argument 'n_gram' must be in [1, 4], but got "
                             f"{n_gram}.")
        self.smooth = _check_type(smooth, "smooth", "BleuScore", (bool,), "'bool'")
        self.clear()

    def clear(self):
        self._numerator = np.zeros(self.n_gram)
        self._denominator = np.zeros(self.n_gram)
        self._c = 0.0
        self._r = 0.0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        if len(inputs) != 2:
            raise ValueError(f"For 'BleuScore.update', it needs 2 inputs (candidate_corpus, "
                             f"reference_corpus), but got {len(inputs)}.")
        candidates, references = inputs
        for corpus, name in ((candidates, "candidate_corpus"), (references, "reference_corpus")):
            if not isinstance(corpus, (list, tuple, np.ndarray)):
                raise TypeError(f"For 'BleuScore.update', '{name}' must be a list, but got "
                                f"{type(corpus).__name__}.")
        if len(candidates) != len(references):
            raise ValueError(f"For 'BleuScore.update', 'candidate_corpus' and 'reference_corpus' "
                             f"must be of one length, but got {len(candidates)} and "
                             f"{len(references)}.")
        for candidate, refs in zip(candidates, references):
            self._c += len(candidate)
            lengths = [len(ref) for ref in refs]
            gaps = [abs(len(candidate) - length) for length in lengths]
            self._r += lengths[gaps.index(min(gaps))]
            counts = _ngram_counts(candidate, self.n_gram)
            most = Counter()
            for ref in refs:
                most |= _ngram_counts(ref, self.n_gram)
            for gram, count in (counts & most).items():
                self._numerator[len(gram) - 1] += count
            for gram, count in counts.items():
                self._denominator[len(gram) - 1] += count
        self._is_update = True

    def eval(self):
        if not self._is_update:
            raise RuntimeError("For 'BleuScore', call the 'update' method before 'eval'.")
        if min(self._numerator) == 0.0:
            return np.array(0.0)
        extra = 1.0 if self.smooth else 0.0
        precisions = (self._numerator + extra) / (self._denominator + extra)
        geometric_mean = np.exp(np.sum(np.full(self.n_gram, 1.0 / self.n_gram)
                                       * np.log(precisions)))
        penalty = 1.0 if self._c > self._r else np.exp(1 - np.float64(self._r) / self._c)
        return penalty * geometric_mean


def _bounding_box(b_box, image_shape):
    """``b_box`` [min1, max1, min2, max2, ...] as (mins, maxes) arrays, None for None.

    A negative min is 0, a negative max the axis's last index.
    """
    if b_box is None:
        return None, None
    shape = np.array(image_shape)
    if len(b_box) != 2 * len(shape):
        raise ValueError(f"For 'OcclusionSensitivity', 'b_box' must hold a min and a max for "
                         f"each of the image's {len(shape)} axes (all but the batch's), so "
                         f"{2 * len(shape)} values, but got {len(b_box)}.")
    lows, highs = np.array(b_box[::2]), np.array(b_box[1::2])
    lows[lows < 0] = 0
    highs[highs < 0] = shape[highs < 0] - 1
    if np.any(highs >= shape):
        raise ValueError(f"For 'OcclusionSensitivity', the maxima of 'b_box' must be below the "
                         f"image's shape {tuple(shape.tolist())}, but got {highs.tolist()}.")
    if np.any(lows > highs):
        raise ValueError(f"For 'OcclusionSensitivity', the minima of 'b_box' must not exceed "
                         f"its maxima, but got {lows.tolist()} and {highs.tolist()}.")
    return lows, highs


class OcclusionSensitivity(Metric):
    """How much a model's score of a label falls when each part of its input is occluded.

    ``update(model, y_pred, label)``: a Cell, one input (1, ...) and the
    label whose score (``model``'s output column) to watch.  For every
    element of the input (axes after the batch's; within ``b_box``
    [min1, max1, min2, max2, ...], inclusive, if given), a copy whose
    cube of ``margin`` elements before it up to ``margin - 1`` after it
    (``margin`` an int, or a list of one per axis) is ``pad_val`` runs
    through ``model``, ``n_batch`` copies at a time.  ``eval`` gives the
    score of the untouched input minus that of each occluded copy, in the
    input's (or the box's) shape without its axes of length 1.  (MindSpore
    2.10 takes only an int ``margin`` and a 0-d label; here a one-element
    label of any shape is that label.)

    >>> import numpy as np
    >>> import dualgrad as ms
    >>> from dualgrad import nn, train
    >>> model = nn.Dense(4, 2, weight_init=ms.Tensor(np.array(
    ...     [[0.1, 0.8, 0.1, 0.1], [1, 1, 1, 1]], np.float32)), bias_init='zeros')
    >>> sensitivity = train.OcclusionSensitivity()(model, np.array([[0.1, 0.2, 0.3, 0.4]],
    ...                                             np.float32), np.array(1))
    >>> [round(float(s), 4) for s in sensitivity]     # float32, as the model's scores
    [0.3, 0.6, 1.0, 0.9]
    """

    def __init__(self, pad_val=0.0, margin=2, n_batch=128, b_box=None):
        super().__init__()
        owner = "OcclusionSensitivity"
        self.pad_val = _check_type(pad_val, "pad_val", owner, (float,), "'float'")
        self.margin = _check_type(margin, "margin", owner, (int, list), "'int' or 'list'")
        if isinstance(margin, list) and not all(
                isinstance(m, int) and not isinstance(m, bool) for m in margin):
            raise TypeError(f"For '{owner}', a list 'margin' must hold ints, but got {margin}.")
        self.n_batch = _check_type(n_batch, "n_batch", owner, (int,), "'int'")
        if b_box is not None:
            _check_type(b_box, "b_box", owner, (list,), "'list'")
        self.b_box = b_box
        self.clear()

    def clear(self):
        self._baseline = 0
        self._sensitivity_im = 0
        self._is_update = False

    def _margins(self, ndim):
        if isinstance(self.margin, int):
            return np.full(ndim, self.margin)
        if len(self.margin) != ndim:
            raise ValueError(f"For 'OcclusionSensitivity', a list 'margin' must hold one value "
                             f"per axis of the image ({ndim}), but got {self.margin}.")
        return np.array(self.margin)

    @rearrange_inputs
    def update(self, *inputs):
        from ..nn.cell import Cell
        owner = "OcclusionSensitivity.update"
        if len(inputs) != 3:
            raise ValueError(f"For '{owner}', it needs 3 inputs (classification model, "
                             f"predicted value, label), but got {len(inputs)}.")
        model = inputs[0]
        if not isinstance(model, Cell):
            raise TypeError(f"For '{owner}', the model (input[0]) must be a Cell, but got "
                            f"{type(model).__name__}.")
        image, label = self._convert_data(inputs[1]), self._convert_data(inputs[2])
        if image.ndim == 0 or image.shape[0] != 1:
            raise RuntimeError(f"For '{owner}', the predicted value (input[1]) must be one "
                               f"image, of shape (1, ...), but got shape {image.shape}.")
        if label.size != 1:
            raise RuntimeError(f"For '{owner}', the label (input[2]) must be one value, as the "
                               f"batch holds one image, but got {label.size}.")
        label = int(label.reshape(-1)[0])
        shape = np.array(image.shape[1:])
        lows, highs = _bounding_box(self.b_box, shape)
        margins = self._margins(len(shape))
        out_shape = shape if lows is None else highs - lows + 1
        self._baseline = model(Tensor(image)).asnumpy()[0, label].item()
        scores, batch = [], []
        total = int(np.prod(out_shape))
        for i in range(total):
            at = np.array(np.unravel_index(i, out_shape)) + (0 if lows is None else lows)
            occluded = image.copy()
            occluded[(...,) + tuple(slice(max(0, a - m), min(n, a + m))
                                    for a, m, n in zip(at, margins, shape))] = self.pad_val
            batch.append(occluded)
            if len(batch) == self.n_batch or i == total - 1:
                scores.append(model(Tensor(np.vstack(batch))).asnumpy()[:, label])
                batch = []
        self._sensitivity_im = np.concatenate(scores).reshape(out_shape)
        self._is_update = True

    def eval(self):
        if not self._is_update:
            raise RuntimeError("For 'OcclusionSensitivity', call the 'update' method before "
                               "'eval'.")
        return self._baseline - np.squeeze(self._sensitivity_im)


_FACTORY = {
    "accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall,
    "F1": F1, "dice": Dice, "cosine_similarity": CosineSimilarity,
    "topk": TopKCategoricalAccuracy, "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss,
    "perplexity": Perplexity, "confusion_matrix": ConfusionMatrix, "roc": ROC, "auc": auc,
    "bleu_score": BleuScore, "occlusion_sensitivity": OcclusionSensitivity,
    "hausdorff_distance": HausdorffDistance, "mean_surface_distance": MeanSurfaceDistance,
    "root_mean_square_distance": RootMeanSquareDistance,
    "confusion_matrix_metric": ConfusionMatrixMetric,
}


def names():
    """The sorted names ``get_metric_fn`` knows.

    >>> from dualgrad import train
    >>> train.names()[:4]
    ['F1', 'acc', 'accuracy', 'auc']
    """
    return sorted(_FACTORY)


def get_metric_fn(name, *args, **kwargs):
    """The metric called ``name`` (see ``names()``), built with ``args`` and ``kwargs``.

    >>> from dualgrad import train
    >>> type(train.get_metric_fn('topk', 3)).__name__
    'TopKCategoricalAccuracy'
    """
    if name not in _FACTORY:
        raise KeyError(f"For 'get_metric_fn', unsupported metric {name!r}; the supported ones "
                       f"are {names()}.")
    return _FACTORY[name](*args, **kwargs)


def get_metrics(metrics):
    """A dict of metrics from a set of names, or a dict of ``name: Metric`` (checked), or None.

    >>> from dualgrad.train import metrics
    >>> sorted(metrics.get_metrics({'mae', 'acc'}))
    ['acc', 'mae']
    """
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            if not isinstance(name, str) or not isinstance(metric, Metric):
                raise TypeError("For 'get_metrics', a dict of metrics must map strings to "
                                f"Metrics, but got {type(name).__name__}: "
                                f"{type(metric).__name__}.")
        return metrics
    if isinstance(metrics, set):
        return {name: get_metric_fn(name) for name in metrics}
    raise TypeError(f"For 'get_metrics', the argument 'metrics' must be None, a dict or a set, "
                    f"but got {type(metrics).__name__}.")
