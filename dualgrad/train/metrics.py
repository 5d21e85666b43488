"""``mindspore.train.metrics``: evaluation metrics, accumulated over batches in NumPy.

A metric takes its inputs through ``update(*inputs)`` (Tensors, NumPy arrays
or lists: predictions first, then the true values), any number of times,
and ``eval()`` gives the result over everything seen since ``clear()``;
``metric(*inputs)`` is ``clear``, ``update`` and ``eval`` at once.  They
compute in NumPy (no derivatives) and return what MindSpore's return: a
NumPy float64 for the averages, a float for ``Perplexity`` and ``Dice``, an
array per class for ``Precision``, ``Recall`` and ``Fbeta``.  ``eval``
before any ``update`` raises RuntimeError, as in MindSpore.

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

import numpy as np

from .._tensor import Tensor

__all__ = ["names", "get_metric_fn", "get_metrics", "Accuracy", "MAE", "MSE", "Metric",
           "rearrange_inputs", "Precision", "Recall", "Fbeta", "CosineSimilarity", "F1", "Dice",
           "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy",
           "Loss", "Perplexity", "ConfusionMatrix"]

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


_FACTORY = {
    "accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall,
    "F1": F1, "dice": Dice, "cosine_similarity": CosineSimilarity,
    "topk": TopKCategoricalAccuracy, "top_1_accuracy": Top1CategoricalAccuracy,
    "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss,
    "perplexity": Perplexity, "confusion_matrix": ConfusionMatrix,
}


def names():
    """The sorted names ``get_metric_fn`` knows.

    >>> from dualgrad import train
    >>> train.names()[:4]
    ['F1', 'acc', 'accuracy', 'confusion_matrix']
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
