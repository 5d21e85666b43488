"""MindSpore's ``mindspore.dataset`` for in-memory data: ``NumpySlicesDataset``,
``GeneratorDataset``, the samplers that choose their rows (``sampler=``), and
the pipeline steps a training script uses (``batch``, ``padded_batch``,
``shuffle``, ``repeat``, ``map``, ``filter``, ``take``, ``skip``, ``zip``,
``concat``, ``project``, ``rename``, ``split``), feeding
``dualgrad.train.Model``.

Rows are tuples of NumPy arrays, one per column, read in the calling process
(``num_parallel_workers``, ``python_multiprocessing`` and the like are
accepted and have no effect).  Element dtypes are MindSpore's: a NumPy column
keeps its dtype, a Python float becomes float64 and a Python int int64, each
element converted on its own.  Iterators yield a list of Tensors per row (or
of NumPy arrays with ``output_numpy=True``), a dict iterator a dict by column
name.  Shuffling and the random samplers are reproducible under
``dataset.config.set_seed`` or ``dualgrad.set_seed``; their permutations and
draws are NumPy's, not those of MindSpore's C++ engine.  The deterministic
samplers and steps give MindSpore's rows in MindSpore's order, and
``get_dataset_size()`` counts them after every step.

>>> import numpy as np
>>> import dualgrad.dataset as ds
>>> data = ds.NumpySlicesDataset({"x": np.arange(5.0), "y": [0, 1, 0, 1, 1]},
...                              shuffle=False).batch(2)
>>> data.get_col_names(), data.get_dataset_size()
(['x', 'y'], 3)
>>> [x.asnumpy().tolist() for x, y in data]
[[0.0, 1.0], [2.0, 3.0], [4.0]]
"""
import builtins
import contextlib
import copy
import inspect
import itertools
import numbers
import types
import warnings

import numpy as np

from . import _dataset_samplers as _samplers
from ._tensor import Tensor
from ._dataset_samplers import _check_bool, _is_int
from ._dataset_samplers import (DistributedSampler, PKSampler, RandomSampler, Sampler,
                                SequentialSampler, Shuffle, SubsetRandomSampler, SubsetSampler,
                                WeightedRandomSampler)
from .nn import initializers as _initializers

__all__ = ["Dataset", "NumpySlicesDataset", "GeneratorDataset", "BatchInfo", "zip", "config",
           "Shuffle", "Sampler", "SequentialSampler", "RandomSampler", "SubsetSampler",
           "SubsetRandomSampler", "DistributedSampler", "WeightedRandomSampler", "PKSampler"]


def _set_seed(seed):
    """Seed the dataset pipelines' shuffling (MindSpore's ``dataset.config.set_seed``).

    >>> import dualgrad.dataset as ds
    >>> ds.config.set_seed(3); ds.config.get_seed()
    3
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2 ** 32:
        raise ValueError(f"For 'dataset.config.set_seed', 'seed' must be an integer in "
                         f"[0, 2**32), but got {seed!r}.")
    config._seed = int(seed)


def _get_seed():
    """The shuffling seed: ``config.set_seed``'s, else ``dualgrad.set_seed``'s, else None."""
    if config._seed is not None:
        return config._seed
    return _initializers.get_seed()


config = types.SimpleNamespace(_seed=None, set_seed=_set_seed, get_seed=_get_seed)
config.__doc__ = "MindSpore's ``mindspore.dataset.config``: the seed of shuffling."


def _element(value):
    """One column element as MindSpore stores it (a Tensor becomes its array)."""
    if isinstance(value, Tensor):
        return value.asnumpy()
    return np.asarray(value)


def _check_positive_int(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(f"For '{owner}', '{name}' must be a positive integer, but got "
                         f"{value!r}.")
    return int(value)


# MindSpore's batch sizes are int32
_MAX_BATCH_SIZE = 2 ** 31 - 1


def _check_batch_size(batch_size, owner):
    """A positive int, or a callable taking one argument (a BatchInfo)."""
    if callable(batch_size):
        try:
            arity = len(inspect.signature(batch_size).parameters)
        except (TypeError, ValueError):       # a callable without a signature: taken on trust
            arity = 1
        if arity != 1:
            raise ValueError(f"For '{owner}', a callable 'batch_size' must take one parameter "
                             f"(BatchInfo), but it takes {arity}.")
        return batch_size
    if not _is_int(batch_size):
        raise TypeError(f"For '{owner}', 'batch_size' must be an int or a callable, but got "
                        f"{type(batch_size).__name__}.")
    if not 1 <= batch_size <= _MAX_BATCH_SIZE:
        raise ValueError(f"For '{owner}', 'batch_size' must be in [1, {_MAX_BATCH_SIZE}], but "
                         f"got {batch_size}.")
    return int(batch_size)


def _check_names(names, count, owner, name="column_names"):
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not names \
            or not all(isinstance(n, str) for n in names):
        raise TypeError(f"For '{owner}', '{name}' must be a str or a non-empty list of str, "
                        f"but got {names!r}.")
    if count is not None and len(names) != count:
        raise ValueError(f"For '{owner}', '{name}' names {len(names)} columns but the "
                         f"data has {count}.")
    if len(set(names)) != len(names):
        raise ValueError(f"For '{owner}', '{name}' has duplicates: {list(names)}.")
    return list(names)



class _Iterator:
    """Rows of a dataset over ``num_epochs`` passes (-1: as many as are asked for).

    A pass ends with StopIteration; iterating again starts the next pass, and
    asking for a pass beyond ``num_epochs`` is a RuntimeError, as in MindSpore.
    """

    def __init__(self, dataset, columns, num_epochs, output_numpy, as_dict):
        if isinstance(num_epochs, bool) or not isinstance(num_epochs, numbers.Integral) \
                or not (num_epochs == -1 or num_epochs > 0):
            raise ValueError(f"For 'create_tuple_iterator', 'num_epochs' must be -1 or a "
                             f"positive integer, but got {num_epochs!r}.")
        names = dataset.get_col_names()
        if columns is None:
            columns = names
        columns = _check_names(columns, None, "create_tuple_iterator", "columns")
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ValueError(f"For 'create_tuple_iterator', the columns {unknown} are not "
                             f"among the dataset's columns {names}.")
        self._dataset = dataset
        self._picks = [names.index(c) for c in columns]
        self._columns = columns
        self._epochs_left = num_epochs
        self._output_numpy = output_numpy
        self._as_dict = as_dict
        self._rows = None
        self._epoch = -1

    def __iter__(self):
        return self

    def __next__(self):
        if self._rows is None:
            if self._epochs_left == 0:
                raise RuntimeError("The dataset iterator was asked for data beyond the "
                                   "num_epochs it was created for.")
            if self._epochs_left > 0:
                self._epochs_left -= 1
            self._epoch += 1
            _start_epoch(self._dataset, self._epoch)
            self._rows = self._dataset._rows()
        try:
            row = next(self._rows)
        except StopIteration:
            self._rows = None
            raise
        values = [row[i] if self._output_numpy else Tensor(row[i]) for i in self._picks]
        return dict(builtins.zip(self._columns, values)) if self._as_dict else values


class Dataset:
    """A pipeline of rows; each step (``batch``, ``shuffle``, ...) returns a new one."""

    _owner = "Dataset"

    def __init__(self, parent=None):
        self._parent = parent

    # what each kind of dataset provides
    def _rows(self):
        """A fresh pass over the rows: an iterator of tuples of arrays."""
        raise NotImplementedError

    def get_col_names(self):
        """The column names, in row order."""
        return self._parent.get_col_names()

    def get_dataset_size(self):
        """The number of rows (batches after ``batch``) in one pass."""
        return self._parent.get_dataset_size()

    # the pipeline steps
    def batch(self, batch_size, drop_remainder=False, num_parallel_workers=None, **kwargs):
        """Stack ``batch_size`` consecutive rows per column; the last, shorter batch is
        kept unless ``drop_remainder``.

        ``batch_size`` may be a callable of one argument, a ``BatchInfo``: as in
        MindSpore it is called as each batch starts (when its first row has
        come) and returns that batch's size, a positive int;
        ``get_batch_size()`` is then -1 and ``get_dataset_size()`` reads a
        pass through.

        MindSpore's keyword arguments: ``per_batch_map(*columns, batch_info)``
        receives, for each of ``input_columns`` (default: all), the list of the
        batch's elements, and ``batch_info`` (``get_batch_num()``,
        ``get_epoch_num()``, counted from 0); it returns a tuple of lists or
        arrays, one per output column (``output_columns``, default the input
        columns), which are stacked.  Outputs as many as the inputs take their
        places; otherwise they come first, followed by the other columns.
        (``python_multiprocessing`` and ``max_rowsize`` have no effect.)

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset([1, 2, 3], shuffle=False).batch(2, drop_remainder=True)
        >>> [r[0].asnumpy().tolist() for r in d], d.get_dataset_size()
        ([[1, 2]], 1)
        >>> d = ds.NumpySlicesDataset({"x": [1, 2, 3]}, shuffle=False).batch(
        ...     2, per_batch_map=lambda x, info: ([v * 10 for v in x], x),
        ...     output_columns=["tens", "ones"])
        >>> d.get_col_names(), [r[0].asnumpy().tolist() for r in d]
        (['tens', 'ones'], [[10, 20], [30]])
        >>> d = ds.NumpySlicesDataset([0, 1, 2, 3, 4, 5], shuffle=False).batch(
        ...     lambda info: info.get_batch_num() + 1)
        >>> [r[0].asnumpy().tolist() for r in d], d.get_batch_size()
        ([[0], [1, 2], [3, 4, 5]], -1)
        """
        owner = "batch"
        unknown = sorted(set(kwargs) - {"per_batch_map", "input_columns", "output_columns",
                                        "python_multiprocessing", "max_rowsize"})
        if unknown:
            raise TypeError(f"For '{owner}', unexpected keyword arguments {unknown}.")
        batch_size = _check_batch_size(batch_size, owner)
        _check_bool(drop_remainder, "drop_remainder", owner)
        per_batch_map = kwargs.get("per_batch_map")
        input_columns, output_columns = kwargs.get("input_columns"), kwargs.get("output_columns")
        if per_batch_map is None:
            if input_columns is not None:
                raise ValueError(f"For '{owner}', 'input_columns' can be given only with "
                                 f"'per_batch_map'.")
            return _Batch(self, batch_size, drop_remainder)
        if not callable(per_batch_map):
            raise TypeError(f"For '{owner}', 'per_batch_map' must be callable, but got "
                            f"{type(per_batch_map).__name__}.")
        names = self.get_col_names()
        inputs = names if input_columns is None else self._known_columns(
            input_columns, "input_columns", owner)
        arity = _positional_arity(per_batch_map)
        if input_columns is not None and arity is not None and arity != len(inputs) + 1:
            raise ValueError(f"For '{owner}', 'per_batch_map' must take one argument per input "
                             f"column and the batch info ({len(inputs) + 1}), but it takes "
                             f"{arity}.")
        outputs = inputs if output_columns is None else _check_names(
            output_columns, None, owner, "output_columns")
        return _Batch(self, batch_size, drop_remainder, _ColumnMap(names, inputs, outputs, owner),
                      per_batch_map)

    def padded_batch(self, batch_size, drop_remainder=False, num_parallel_workers=None,
                     pad_info=None):
        """``batch`` (``batch_size`` an int or a callable), padding the columns
        named in ``pad_info`` (all of them if it is ``{}``) to a common shape:
        ``pad_info[name] = (shape, value)``,
        a None shape (or None entries of it) padding to the batch's longest,
        a None value padding with 0.

        >>> import numpy as np, dualgrad.dataset as ds
        >>> d = ds.GeneratorDataset(lambda: iter([np.ones(1), np.ones(3)]), ["v"])
        >>> [r[0].asnumpy().tolist() for r in d.padded_batch(2, pad_info={"v": ([4], -1)})]
        [[[1.0, -1.0, -1.0, -1.0], [1.0, 1.0, 1.0, -1.0]]]
        """
        owner = "padded_batch"
        batch_size = _check_batch_size(batch_size, owner)
        _check_bool(drop_remainder, "drop_remainder", owner)
        if pad_info is None:
            return _Batch(self, batch_size, drop_remainder)
        if not isinstance(pad_info, dict):
            raise TypeError(f"For '{owner}', 'pad_info' must be a dict, but got "
                            f"{type(pad_info).__name__}.")
        names = self.get_col_names()
        padding = {}
        for name, spec in (pad_info.items() if pad_info else ((n, None) for n in names)):
            if name not in names:
                raise ValueError(f"For '{owner}', 'pad_info' names the column {name!r}, which "
                                 f"is not among the dataset's columns {names}.")
            shape, value = (None, None) if spec is None else _check_pad_spec(spec, name, owner)
            padding[names.index(name)] = (shape, 0 if value is None else value)
        return _Batch(self, batch_size, drop_remainder, padding=padding)

    def shuffle(self, buffer_size):
        """Shuffle through a buffer of ``buffer_size`` rows (a size at least the
        dataset's shuffles it all), differently on each pass.

        >>> import dualgrad.dataset as ds
        >>> ds.config.set_seed(0)
        >>> sorted(r[0].item() for r in ds.NumpySlicesDataset([1, 2, 3], shuffle=False).shuffle(4))
        [1, 2, 3]
        """
        return _Shuffle(self, _check_positive_int(buffer_size, "buffer_size", "shuffle"))

    def repeat(self, count=None):
        """The rows ``count`` times over (None or -1: without end, its
        ``get_dataset_size()`` being one pass's, as in MindSpore).

        >>> import dualgrad.dataset as ds
        >>> [r[0].item() for r in ds.NumpySlicesDataset([1, 2], shuffle=False).repeat(2)]
        [1, 2, 1, 2]
        """
        if count is None or count == -1:
            count = -1
        else:
            count = _check_positive_int(count, "count", "repeat")
        return _Repeat(self, count)

    def map(self, operations, input_columns=None, output_columns=None,
            num_parallel_workers=None, **kwargs):
        """Apply ``operations`` (a callable or a list of them, each taking the
        previous one's results) to ``input_columns`` (default: the first
        column), naming the results ``output_columns`` (default: the input
        columns).  As in MindSpore, as many outputs as inputs take the inputs'
        places, one for one; otherwise the outputs come first, followed by the
        columns not read.

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset({"a": [1, 2]}, shuffle=False).map(lambda a: a * 10, "a")
        >>> [r[0].item() for r in d]
        [10, 20]
        >>> d = ds.NumpySlicesDataset({"a": [1, 2], "b": [3, 4]}, shuffle=False)
        >>> d.map(lambda b: (b, -b), "b", ["plus", "minus"]).get_col_names()
        ['plus', 'minus', 'a']
        """
        ops = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        if not ops or not all(callable(op) for op in ops):
            raise TypeError(f"For 'map', 'operations' must be a callable or a list of "
                            f"callables, but got {operations!r}.")
        names = self.get_col_names()
        inputs = [names[0]] if input_columns is None else self._known_columns(
            input_columns, "input_columns", "map")
        outputs = inputs if output_columns is None else _check_names(
            output_columns, None, "map", "output_columns")
        return _Map(self, ops, _ColumnMap(names, inputs, outputs, "map"))

    def take(self, count=-1):
        """The first ``count`` rows (-1: all).

        >>> import dualgrad.dataset as ds
        >>> [r[0].item() for r in ds.NumpySlicesDataset([1, 2, 3], shuffle=False).take(2)]
        [1, 2]
        """
        if not _is_int(count):
            raise TypeError(f"For 'take', 'count' must be an int, but got "
                            f"{type(count).__name__}.")
        if count <= 0 and count != -1:
            raise ValueError(f"For 'take', 'count' must be -1 or positive, but got {count}.")
        return _Take(self, int(count))

    def skip(self, count):
        """All rows but the first ``count``.

        >>> import dualgrad.dataset as ds
        >>> [r[0].item() for r in ds.NumpySlicesDataset([1, 2, 3], shuffle=False).skip(2)]
        [3]
        """
        if not _is_int(count):
            raise TypeError(f"For 'skip', 'count' must be an int, but got "
                            f"{type(count).__name__}.")
        if count < 0:
            raise ValueError(f"For 'skip', 'count' must be >= 0, but got {count}.")
        return _Skip(self, int(count))

    def zip(self, datasets):
        """The columns of this dataset and of ``datasets`` (a dataset or a tuple
        of them) side by side, as long as the shortest.

        >>> import dualgrad.dataset as ds
        >>> a = ds.NumpySlicesDataset({"a": [1, 2, 3]}, shuffle=False)
        >>> b = ds.NumpySlicesDataset({"b": [4, 5]}, shuffle=False)
        >>> [[v.item() for v in r] for r in a.zip(b)]
        [[1, 4], [2, 5]]
        """
        return zip(tuple([self] + _dataset_list(datasets, tuple, "zip")))

    def concat(self, datasets):
        """The rows of this dataset, then those of ``datasets`` (a dataset or a
        list of them), which must have the same columns; also ``a + b``.

        >>> import dualgrad.dataset as ds
        >>> a = ds.NumpySlicesDataset([1, 2], shuffle=False)
        >>> [r[0].item() for r in a + ds.NumpySlicesDataset([3], shuffle=False)]
        [1, 2, 3]
        """
        datasets = _dataset_list(datasets, list, "concat")
        for dataset in datasets:
            if dataset.get_col_names() != self.get_col_names():
                raise ValueError(f"For 'concat', the datasets must have the same columns in "
                                 f"the same order, but got {self.get_col_names()} and "
                                 f"{dataset.get_col_names()}.")
        return _Concat([self] + datasets)

    def __add__(self, datasets):
        return self.concat(datasets)

    def project(self, columns):
        """Only ``columns`` (a name or a list), in that order.

        >>> import dualgrad.dataset as ds
        >>> ds.NumpySlicesDataset({"a": [1], "b": [2]}).project(["b", "a"]).get_col_names()
        ['b', 'a']
        """
        names = self.get_col_names()
        columns = self._known_columns(columns, "columns", "project")
        return _Project(self, [names.index(c) for c in columns], columns)

    def rename(self, input_columns, output_columns):
        """The columns ``input_columns`` named ``output_columns`` (names or lists).

        >>> import dualgrad.dataset as ds
        >>> ds.NumpySlicesDataset({"a": [1], "b": [2]}).rename("a", "x").get_col_names()
        ['x', 'b']
        """
        owner = "rename"
        inputs = self._known_columns(input_columns, "input_columns", owner)
        outputs = _check_names(output_columns, None, owner, "output_columns")
        if len(inputs) != len(outputs):
            raise ValueError(f"For '{owner}', 'input_columns' and 'output_columns' must name as "
                             f"many columns, but got {len(inputs)} and {len(outputs)}.")
        renamed = dict(builtins.zip(inputs, outputs))
        names = [renamed.get(n, n) for n in self.get_col_names()]
        if len(set(names)) != len(names):
            raise ValueError(f"For '{owner}', the renamed columns {names} have duplicates.")
        return _Project(self, list(range(len(names))), names)

    def filter(self, predicate, input_columns=None, num_parallel_workers=None):
        """The rows for which ``predicate(*input_columns)`` (default: all
        columns, as NumPy arrays) is true.

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset([1, 2, 3, 4], shuffle=False).filter(lambda x: x % 2 == 0)
        >>> [r[0].item() for r in d], d.get_dataset_size()
        ([2, 4], 2)
        """
        if not callable(predicate):
            raise TypeError(f"For 'filter', 'predicate' must be callable, but got "
                            f"{type(predicate).__name__}.")
        names = self.get_col_names()
        inputs = names if input_columns is None else self._known_columns(
            input_columns, "input_columns", "filter")
        return _Filter(self, predicate, [names.index(c) for c in inputs])

    def split(self, sizes, randomize=True):
        """Datasets of consecutive parts of the rows: ``sizes`` is a list of row
        counts summing to the dataset's size, or of fractions summing to 1
        (rounded, the first part taking what rounding leaves over).  With
        ``randomize`` the rows are first permuted (by the seed), the same way
        for every part and pass.

        >>> import dualgrad.dataset as ds
        >>> a, b = ds.NumpySlicesDataset(list(range(5)), shuffle=False).split([0.6, 0.4], False)
        >>> [r[0].item() for r in a], [r[0].item() for r in b]
        ([0, 1, 2], [3, 4])
        """
        owner = "split"
        if not isinstance(sizes, list):
            raise TypeError(f"For '{owner}', 'sizes' must be a list, but got "
                            f"{type(sizes).__name__}.")
        _check_bool(randomize, "randomize", owner)
        if self._is_sharded():
            raise ValueError(f"For '{owner}', a sharded dataset cannot be split.")
        if self._is_shuffled():
            # each pass is in a new order, so the parts of different passes overlap
            warnings.warn(f"For '{owner}', the dataset is shuffled before the split.",
                          stacklevel=2)
        positions = np.arange(self.get_dataset_size())
        if randomize:
            positions = _shuffle_rng().permutation(positions)
        parts, start = [], 0
        for size in _split_sizes(sizes, len(positions), owner):
            parts.append(_Subset(self, positions[start:start + size]))
            start += size
        return tuple(parts)

    def _known_columns(self, columns, name, owner):
        """``columns`` (a name or a list of names) checked to be among this dataset's."""
        columns = _check_names(columns, None, owner, name)
        names = self.get_col_names()
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ValueError(f"For '{owner}', '{name}' names {unknown}, which are not among the "
                             f"dataset's columns {names}.")
        return columns

    def _is_sharded(self):
        return any(p._is_sharded() for p in self._parents())

    def _is_shuffled(self):
        return any(p._is_shuffled() for p in self._parents())

    def _parents(self):
        return [] if self._parent is None else [self._parent]

    # what MindSpore reports of a pipeline
    def get_batch_size(self):
        """The batch size of the last ``batch`` step (1 without one)."""
        parents = self._parents()
        return parents[0].get_batch_size() if parents else 1

    def get_repeat_count(self):
        """The count of the last ``repeat`` step (1 without one, -1 endless)."""
        parents = self._parents()
        return parents[0].get_repeat_count() if parents else 1

    def output_shapes(self, estimate=False):
        """The shape of each column of the first row, as lists; with
        ``estimate``, of all the rows of a pass, a dimension that differs
        between rows being None (MindSpore's dynamic dimension).  Rows of
        different ranks in a column are a ValueError.

        >>> import numpy as np, dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset(np.zeros((5, 2)), shuffle=False).batch(4)
        >>> d.output_shapes(), d.output_shapes(estimate=True)
        ([[4, 2]], [[None, 2]])
        """
        _check_bool(estimate, "estimate", "output_shapes")
        if not estimate:
            return [list(v.shape) for v in _first_row(self)]
        with _randomness_kept(self):
            shapes = [[v.shape for v in row] for row in self._rows()]
        if not shapes:
            raise _no_rows()
        estimated = []
        for name, column in builtins.zip(self.get_col_names(), builtins.zip(*shapes)):
            ranks = sorted({len(shape) for shape in column})
            if len(ranks) != 1:
                raise ValueError(f"For 'output_shapes', the rows of column {name!r} must have "
                                 f"one rank, but they have ranks {ranks}.")
            estimated.append([sizes[0] if len(set(sizes)) == 1 else None
                              for sizes in builtins.zip(*column)])
        return estimated

    def output_types(self):
        """The NumPy dtype of each column of the first row."""
        return [v.dtype for v in _first_row(self)]

    # reading
    def create_tuple_iterator(self, columns=None, num_epochs=-1, output_numpy=False,
                              do_copy=False):
        """An iterator of rows, each a list of Tensors (NumPy arrays with ``output_numpy``)."""
        return _Iterator(self, columns, num_epochs, output_numpy, as_dict=False)

    def create_dict_iterator(self, num_epochs=-1, output_numpy=False, do_copy=False):
        """An iterator of rows, each a dict from column name to Tensor (or array)."""
        return _Iterator(self, None, num_epochs, output_numpy, as_dict=True)

    def __iter__(self):
        return self.create_tuple_iterator(num_epochs=1)


def _shuffle_rng():
    """A generator for one shuffling step, fixed by the seed if one was set."""
    seed = _get_seed()
    return np.random.default_rng(seed) if seed is not None else np.random.default_rng()


class _Source(Dataset):
    """Rows read from memory, or from a random-access source by index, in the
    order of a sampler (MindSpore's ``sampler=`` or the one ``shuffle``,
    ``num_samples`` and ``num_shards``/``shard_id`` make)."""

    def __init__(self, column_names, num_samples, shuffle, num_shards, shard_id, sampler):
        super().__init__()
        owner = self._owner
        if shuffle is not None:
            _check_bool(shuffle, "shuffle", owner)
        if num_samples is not None:
            num_samples = _samplers._check_num_samples(num_samples, owner)
        if (num_shards is None) != (shard_id is None):
            raise ValueError(f"For '{owner}', 'num_shards' and 'shard_id' must be given "
                             f"together.")
        if num_shards is not None:
            num_shards = _check_positive_int(num_shards, "num_shards", owner)
            if isinstance(shard_id, bool) or not isinstance(shard_id, numbers.Integral) \
                    or not 0 <= shard_id < num_shards:
                raise ValueError(f"For '{owner}', 'shard_id' must be in [0, {num_shards}), "
                                 f"but got {shard_id!r}.")
        self._column_names = column_names
        self._num_samples = num_samples
        self._sampler = _samplers.select_sampler(sampler, shuffle, num_samples, num_shards,
                                                 shard_id, owner)

    def get_col_names(self):
        return list(self._column_names)

    def use_sampler(self, new_sampler):
        """Read through ``new_sampler`` instead of the dataset's sampler, the
        replaced sampler's child (if it had one) becoming its child, as in
        MindSpore (an iterable GeneratorDataset, read in its order, ignores it).

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset(list(range(6)), shuffle=False)
        >>> d.use_sampler(ds.SubsetSampler([4, 1]))
        >>> [r[0].item() for r in d]
        [4, 1]
        """
        owner = f"{self._owner}.use_sampler"
        if new_sampler is None:
            raise TypeError(f"For '{owner}', 'new_sampler' must be a sampler, not None.")
        self._attach(new_sampler, self._sampler.child_sampler, owner)

    def add_sampler(self, new_sampler):
        """Sample the indices of the dataset's sampler with ``new_sampler``,
        which becomes the dataset's sampler (the one it had, its child).

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset(list(range(6)), sampler=ds.SubsetSampler([5, 3, 1]))
        >>> d.add_sampler(ds.SequentialSampler(1))
        >>> [r[0].item() for r in d]
        [3, 1]
        """
        self._attach(new_sampler, self._sampler, f"{self._owner}.add_sampler")

    def _attach(self, sampler, child, owner):
        """Make ``sampler``, sampling ``child``'s indices, the dataset's sampler."""
        if not isinstance(sampler, Sampler):
            raise TypeError(f"For '{owner}', 'new_sampler' must be a sampler of "
                            f"dualgrad.dataset, but got {type(sampler).__name__}.")
        if sampler.child_sampler is not None:
            raise ValueError(f"For '{owner}', 'new_sampler' already has a child sampler.")
        sampler.add_child(child)
        self._sampler = sampler

    def _class_labels(self, column, owner):
        """The labels of column ``column`` of all rows, an integer each, for a
        sampler by class (PKSampler's ``class_column``)."""
        names = self.get_col_names()
        if column not in names:
            raise ValueError(f"For '{owner}', 'class_column' {column!r} is not among the "
                             f"dataset's columns {names}.")
        values = [np.asarray(value) for value in self._column_values(names.index(column))]
        if not all(v.ndim == 0 and v.dtype.kind in "iub" for v in values):
            raise ValueError(f"For '{owner}', the class column {column!r} must hold one integer "
                             f"label per row.")
        return np.array(values, dtype=np.int64)

    def _is_sharded(self):
        return self._sampler.is_sharded()

    def _is_shuffled(self):
        return self._sampler.is_shuffled()


class NumpySlicesDataset(_Source):
    """Rows sliced from in-memory data along its first axis.

    ``data`` is a dict (a column per key), a tuple (a column per item, named
    ``column_0``...), a list (one column) or an array (one column);
    ``column_names`` renames the columns.  The rows read are those of
    ``sampler`` (a sampler of this module or a list of indices), else by
    MindSpore's rules: ``shuffle=None`` shuffles, ``num_samples`` caps the
    rows (drawing them with replacement when shuffling), and
    ``num_shards``/``shard_id`` read one shard (a DistributedSampler).  A
    sampler given with any of these is a ValueError, as in MindSpore.

    >>> import numpy as np, dualgrad.dataset as ds
    >>> d = ds.NumpySlicesDataset((np.ones((3, 2), np.float32), [1.5, 2.5, 3.5]),
    ...                           shuffle=False)
    >>> d.get_col_names(), [t.asnumpy().dtype.name for t in next(iter(d))]
    (['column_0', 'column_1'], ['float32', 'float64'])
    """

    _owner = "NumpySlicesDataset"

    def __init__(self, data, column_names=None, num_samples=None, num_parallel_workers=1,
                 shuffle=None, sampler=None, num_shards=None, shard_id=None):
        owner = self._owner
        if isinstance(data, dict):
            names, columns = list(data.keys()), list(data.values())
        elif isinstance(data, tuple):
            names, columns = [f"column_{i}" for i in range(len(data))], list(data)
        elif isinstance(data, (list, np.ndarray, Tensor)):
            names, columns = ["column_0"], [data]
        else:
            raise TypeError(f"For '{owner}', 'data' must be a dict, tuple, list or array, but "
                            f"got {type(data).__name__}.")
        if not columns:
            raise ValueError(f"For '{owner}', 'data' has no columns.")
        columns = [c.asnumpy() if isinstance(c, Tensor) else c for c in columns]
        lengths = [len(c) if isinstance(c, (list, tuple)) or np.ndim(c) > 0 else None
                   for c in columns]
        if None in lengths:
            raise ValueError(f"For '{owner}', each column of 'data' must be a list or an "
                             f"array with a first axis to slice.")
        if len(set(lengths)) != 1:
            raise ValueError(f"For '{owner}', the columns of 'data' must have the same "
                             f"length, but got lengths {lengths}.")
        if column_names is not None:
            names = _check_names(column_names, len(columns), owner)
        super().__init__(names, num_samples, shuffle, num_shards, shard_id, sampler)
        self._columns = columns
        self._length = lengths[0]

    def get_dataset_size(self):
        return self._sampler._count(self._length, self._class_labels)

    def _column_values(self, position):
        column = self._columns[position]
        return [column[i] for i in range(self._length)]

    def _rows(self):
        for i in self._sampler._indices(self._length, self._class_labels):
            yield tuple(_element(column[i]) for column in self._columns)


class GeneratorDataset(_Source):
    """Rows from a Python source: a callable returning an iterator, an iterable,
    or a random-access object (``__getitem__`` and ``__len__``).

    Each item is a tuple with one value per column (a single value for one
    column).  Only a random-access source can be shuffled, sharded or read
    through a ``sampler`` (chosen as for NumpySlicesDataset); ``shuffle=None``
    shuffles it, as in MindSpore, and reads the others in order.

    >>> import numpy as np, dualgrad.dataset as ds
    >>> def squares():
    ...     for i in range(3):
    ...         yield np.array(i), np.array(i * i)
    >>> [(x.item(), y.item()) for x, y in ds.GeneratorDataset(squares, ["x", "y"])]
    [(0, 0), (1, 1), (2, 4)]
    """

    _owner = "GeneratorDataset"

    def __init__(self, source, column_names=None, column_types=None, schema=None,
                 num_samples=None, num_parallel_workers=1, shuffle=None, sampler=None,
                 num_shards=None, shard_id=None, python_multiprocessing=True, max_rowsize=None,
                 batch_sampler=None, collate_fn=None):
        owner = self._owner
        random_access = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        if not (random_access or callable(source) or hasattr(source, "__iter__")):
            raise TypeError(f"For '{owner}', 'source' must be a callable returning an "
                            f"iterator, an iterable or a random-access object, but got "
                            f"{type(source).__name__}.")
        if column_names is None:
            raise ValueError(f"For '{owner}', 'column_names' must be given (dualgrad.dataset "
                             f"takes no schema).")
        names = _check_names(column_names, None, owner)
        if not random_access and (shuffle or num_shards is not None or sampler is not None):
            raise ValueError(f"For '{owner}', 'shuffle', 'sampler' and sharding need a "
                             f"random-access source (with __getitem__ and __len__).")
        if not random_access:
            # an iterable is read in its order: no sampler, at most num_samples rows
            shuffle, sampler = False, None
        super().__init__(names, num_samples, shuffle, num_shards, shard_id, sampler)
        self._source = source
        self._random_access = random_access

    def get_dataset_size(self):
        if self._random_access:
            return self._sampler._count(len(self._source), self._class_labels)
        # an iterable's length is known only by reading it through
        return sum(1 for _ in self._rows())

    def _row(self, item):
        if not isinstance(item, tuple):
            item = (item,)
        if len(item) != len(self._column_names):
            raise ValueError(f"For '{self._owner}', the source gave {len(item)} values in a "
                             f"row but column_names names {len(self._column_names)}.")
        return tuple(_element(value) for value in item)

    def _column_values(self, position):
        # a random-access source knows its labels only by reading every row
        return [self._row(self._source[i])[position] for i in range(len(self._source))]

    def _rows(self):
        if self._random_access:
            for i in self._sampler._indices(len(self._source), self._class_labels):
                yield self._row(self._source[int(i)])
            return
        items = self._source() if callable(self._source) and not hasattr(
            self._source, "__iter__") else iter(self._source)
        for n, item in enumerate(items):
            if self._num_samples and n >= self._num_samples:
                return
            yield self._row(item)


class BatchInfo:
    """What ``batch``'s ``per_batch_map``, and a callable ``batch_size``, are
    told of the batch they map or size."""

    def __init__(self, batch_num, epoch_num):
        self._batch_num, self._epoch_num = batch_num, epoch_num

    def get_batch_num(self):
        """The batch's number in its pass, from 0 (again on each pass of a
        ``repeat`` after the batch)."""
        return self._batch_num

    def get_epoch_num(self):
        """The number of the iterator's epoch, from 0 (as in MindSpore, the
        passes of a ``repeat`` within one epoch do not count)."""
        return self._epoch_num


class _ColumnMap:
    """Where the results of ``map`` or ``per_batch_map`` go, as in MindSpore: as
    many outputs as inputs take the inputs' places, one for one; otherwise the
    outputs come first and the columns not read follow, in order."""

    def __init__(self, names, inputs, outputs, owner):
        self.inputs = [names.index(c) for c in inputs]
        self.outputs = list(outputs)
        if len(outputs) == len(inputs):
            self._layout = [("out", self.inputs.index(i)) if i in self.inputs else ("in", i)
                            for i in range(len(names))]
        else:
            self._layout = [("out", k) for k in range(len(outputs))] + [
                ("in", i) for i in range(len(names)) if i not in self.inputs]
        self.names = [self.outputs[k] if kind == "out" else names[k]
                      for kind, k in self._layout]
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"For '{owner}', the output columns {self.outputs} repeat columns "
                             f"that are kept: {self.names}.")

    def place(self, row, results, owner):
        """The row with ``results`` (the outputs, in order) placed."""
        if len(results) != len(self.outputs):
            raise ValueError(f"For '{owner}', the operations returned {len(results)} columns "
                             f"but {len(self.outputs)} are named: {self.outputs}.")
        return tuple(results[k] if kind == "out" else row[k] for kind, k in self._layout)


def _positional_arity(function):
    """How many positional arguments ``function`` takes (None: any number)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)


def _check_pad_spec(spec, name, owner):
    """A ``pad_info`` entry: (shape: list of positive ints or None, value)."""
    if not isinstance(spec, tuple) or len(spec) != 2:
        raise ValueError(f"For '{owner}', 'pad_info[{name!r}]' must be a tuple (shape, value), "
                         f"but got {spec!r}.")
    shape, value = spec
    if shape is not None and (not isinstance(shape, list) or not all(
            d is None or (_is_int(d) and d > 0) for d in shape)):
        raise ValueError(f"For '{owner}', the shape of 'pad_info[{name!r}]' must be None or a "
                         f"list of positive ints (or None), but got {shape!r}.")
    if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Real)):
        raise TypeError(f"For '{owner}', the value of 'pad_info[{name!r}]' must be a number, "
                        f"but got {value!r}.")
    return shape, value


def _padded(elements, shape, value, column, owner):
    """The arrays ``elements`` padded with ``value`` at their ends to ``shape``
    (None, or None entries: the largest)."""
    ranks = {e.ndim for e in elements}
    if len(ranks) != 1:
        raise ValueError(f"For '{owner}', the rows of column {column} have different ranks "
                         f"{sorted(ranks)}.")
    longest = np.max([e.shape for e in elements], axis=0) if ranks != {0} else ()
    target = list(longest) if shape is None else shape
    if len(target) != len(longest):
        raise ValueError(f"For '{owner}', the pad shape {shape} of column {column} does not "
                         f"match its rank {len(longest)}.")
    target = [int(m) if d is None else d for d, m in builtins.zip(target, longest)]
    if any(d < m for d, m in builtins.zip(target, longest)):
        raise ValueError(f"For '{owner}', the pad shape {shape} of column {column} is smaller "
                         f"than its rows' shape {list(longest)}.")
    return [np.pad(e, [(0, d - n) for d, n in builtins.zip(target, e.shape)],
                   constant_values=np.asarray(value).astype(e.dtype)) for e in elements]


class _Batch(Dataset):
    def __init__(self, parent, batch_size, drop_remainder, column_map=None, per_batch_map=None,
                 padding=None):
        super().__init__(parent)
        self._batch_size = batch_size
        self._drop_remainder = drop_remainder
        self._column_map = column_map
        self._per_batch_map = per_batch_map
        self._padding = padding or {}
        # the iterator's epoch (BatchInfo.get_epoch_num), set as each of its passes starts
        self._epoch = 0

    def get_col_names(self):
        if self._column_map is None:
            return self._parent.get_col_names()
        return list(self._column_map.names)

    def get_dataset_size(self):
        if callable(self._batch_size):
            # the sizes are known only by asking for them batch by batch
            with _randomness_kept(self):
                return sum(1 for _ in self._rows())
        size = self._parent.get_dataset_size()
        return size // self._batch_size if self._drop_remainder else -(-size // self._batch_size)

    def get_batch_size(self):
        return -1 if callable(self._batch_size) else self._batch_size

    def _size_of(self, batch_num):
        """The size of batch ``batch_num`` of this pass."""
        if not callable(self._batch_size):
            return self._batch_size
        size = self._batch_size(BatchInfo(batch_num, self._epoch))
        if not isinstance(size, numbers.Integral) or size <= 0:
            owner = "padded_batch" if self._padding else "batch"
            raise ValueError(f"For '{owner}', the 'batch_size' function must return a positive "
                             f"int, but it returned {size!r}.")
        return int(size)

    def _stack(self, rows, batch_num, epoch_num):
        owner = "padded_batch" if self._padding else "batch"
        columns = [list(column) for column in builtins.zip(*rows)]
        for column, (shape, value) in self._padding.items():
            columns[column] = _padded(columns[column], shape, value, column, owner)
        if self._per_batch_map is not None:
            mapping = self._column_map
            results = self._per_batch_map(*(columns[i] for i in mapping.inputs),
                                          BatchInfo(batch_num, epoch_num))
            results = results if isinstance(results, tuple) else (results,)
            columns = mapping.place(columns, list(results), owner)
        try:
            return tuple(np.stack([_element(v) for v in column]) for column in columns)
        except ValueError as error:
            raise ValueError(f"For '{owner}', the rows of a batch must have the same shape in "
                             f"each column: {error}") from None

    def _rows(self):
        pending, batch_num, size = [], 0, None
        for row in self._parent._rows():
            if not pending:
                size = self._size_of(batch_num)
            pending.append(row)
            if len(pending) == size:
                yield self._stack(pending, batch_num, self._epoch)
                pending, batch_num = [], batch_num + 1
        if pending and not self._drop_remainder:
            yield self._stack(pending, batch_num, self._epoch)


class _Shuffle(Dataset):
    def __init__(self, parent, buffer_size):
        super().__init__(parent)
        self._buffer_size = buffer_size
        self._rng = None

    def _is_shuffled(self):
        return True

    def _rows(self):
        if self._rng is None:
            self._rng = _shuffle_rng()
        buffer = []
        for row in self._parent._rows():
            if len(buffer) < self._buffer_size:
                buffer.append(row)
                continue
            # emit a random buffered row and take the new one in its place
            k = int(self._rng.integers(len(buffer)))
            yield buffer[k]
            buffer[k] = row
        for k in self._rng.permutation(len(buffer)):
            yield buffer[k]


class _Counted(Dataset):
    """A step with a row or pass count: repeat, take, skip."""

    def __init__(self, parent, count):
        super().__init__(parent)
        self._count = count


class _Repeat(_Counted):
    def get_dataset_size(self):
        # MindSpore gives an endless repeat the size of one pass
        size = self._parent.get_dataset_size()
        return size if self._count == -1 else size * self._count

    def get_repeat_count(self):
        return self._count

    def _rows(self):
        done = 0
        while self._count == -1 or done < self._count:
            yield from self._parent._rows()
            done += 1


class _Map(Dataset):
    def __init__(self, parent, operations, column_map):
        super().__init__(parent)
        self._operations = operations
        self._column_map = column_map

    def get_col_names(self):
        return list(self._column_map.names)

    def _rows(self):
        for row in self._parent._rows():
            values = tuple(row[i] for i in self._column_map.inputs)
            for operation in self._operations:
                result = operation(*values)
                values = result if isinstance(result, tuple) else (result,)
            yield self._column_map.place(row, [_element(v) for v in values], "map")


class _Take(_Counted):
    def get_dataset_size(self):
        size = self._parent.get_dataset_size()
        return size if self._count == -1 else min(size, self._count)

    def _rows(self):
        rows = self._parent._rows()
        return rows if self._count == -1 else itertools.islice(rows, self._count)


class _Skip(_Counted):
    def get_dataset_size(self):
        return max(self._parent.get_dataset_size() - self._count, 0)

    def _rows(self):
        return itertools.islice(self._parent._rows(), self._count, None)


class _Combined(Dataset):
    """A step reading several datasets: zip, concat."""

    def __init__(self, datasets):
        super().__init__()
        self._datasets = list(datasets)

    def _parents(self):
        return list(self._datasets)


class _Zip(_Combined):
    def get_col_names(self):
        return [name for dataset in self._datasets for name in dataset.get_col_names()]

    def get_dataset_size(self):
        return min(dataset.get_dataset_size() for dataset in self._datasets)

    def _rows(self):
        for rows in builtins.zip(*(dataset._rows() for dataset in self._datasets)):
            yield tuple(value for row in rows for value in row)


class _Concat(_Combined):
    def get_col_names(self):
        return self._datasets[0].get_col_names()

    def get_dataset_size(self):
        return sum(dataset.get_dataset_size() for dataset in self._datasets)

    def _rows(self):
        for dataset in self._datasets:
            yield from dataset._rows()


class _Project(Dataset):
    """Columns picked by position, under (possibly new) names: project, rename."""

    def __init__(self, parent, picks, names):
        super().__init__(parent)
        self._picks, self._names = picks, list(names)

    def get_col_names(self):
        return list(self._names)

    def _rows(self):
        for row in self._parent._rows():
            yield tuple(row[i] for i in self._picks)


class _Filter(Dataset):
    def __init__(self, parent, predicate, inputs):
        super().__init__(parent)
        self._predicate, self._inputs = predicate, inputs

    def get_dataset_size(self):
        # known only by filtering a pass through, which must not move the
        # pipeline's random draws on
        with _randomness_kept(self):
            return sum(1 for _ in self._rows())

    def _rows(self):
        for row in self._parent._rows():
            if bool(self._predicate(*(row[i] for i in self._inputs))):
                yield row


class _Subset(Dataset):
    """The rows of a pass at fixed positions, in their order: one part of ``split``."""

    def __init__(self, parent, positions):
        super().__init__(parent)
        self._positions = np.asarray(positions)
        # a contiguous part is read by skipping and taking, without holding a pass
        self._contiguous = bool(np.all(np.diff(self._positions) == 1))

    def get_dataset_size(self):
        return len(self._positions)

    def _rows(self):
        if self._contiguous:
            start = int(self._positions[0])
            yield from itertools.islice(self._parent._rows(), start, start + len(self._positions))
            return
        rows = list(self._parent._rows())
        for position in self._positions:
            yield rows[position]


def _split_sizes(sizes, dataset_size, owner):
    """``split``'s ``sizes`` as row counts, by MindSpore's rules."""
    if not sizes:
        raise ValueError(f"For '{owner}', 'sizes' must not be empty.")
    if all(_is_int(size) for size in sizes):
        if any(size <= 0 for size in sizes):
            raise ValueError(f"For '{owner}', 'sizes' must be positive, but got {sizes}.")
        if sum(sizes) != dataset_size:
            raise ValueError(f"For '{owner}', 'sizes' must sum to the dataset's size "
                             f"{dataset_size}, but they sum to {sum(sizes)}.")
        return [int(size) for size in sizes]
    if not all(isinstance(size, float) for size in sizes):
        raise ValueError(f"For '{owner}', 'sizes' must be all ints or all floats, but got "
                         f"{sizes}.")
    if not all(0 < size <= 1 for size in sizes) or abs(sum(sizes) - 1) >= 1e-5:
        raise ValueError(f"For '{owner}', 'sizes' as fractions must be in (0, 1] and sum to 1, "
                         f"but got {sizes}.")
    counts = [int(round(size * dataset_size)) for size in sizes]
    if 0 in counts:
        raise ValueError(f"For '{owner}', the fraction {sizes[counts.index(0)]} of "
                         f"{dataset_size} rows is no row.")
    # rounding's surplus goes to the first part; its deficit comes from the
    # first part large enough to give it
    surplus = dataset_size - sum(counts)
    if surplus > 0:
        counts[0] += surplus
    else:
        for k, count in enumerate(counts):
            if count + surplus > 0:
                counts[k] += surplus
                break
    return counts


def _pipeline_nodes(dataset):
    """The steps and sources of a pipeline."""
    found, pending = [], [dataset]
    while pending:
        node = pending.pop()
        found.append(node)
        pending.extend(node._parents())
    return found


def _start_epoch(dataset, epoch):
    """Tell the batch steps of a pipeline that its pass ``epoch`` starts."""
    for node in _pipeline_nodes(dataset):
        if isinstance(node, _Batch):
            node._epoch = epoch


def _random_parts(dataset):
    """The objects of a pipeline whose state moves on with each pass: random
    generators and pass counters (of nodes and samplers)."""
    found = []
    for node in _pipeline_nodes(dataset):
        found.append(node)
        sampler = getattr(node, "_sampler", None)
        while sampler is not None:
            found.append(sampler)
            sampler = sampler.child_sampler
    return found


@contextlib.contextmanager
def _randomness_kept(dataset):
    """Run a pass that leaves the pipeline's random draws where they were,
    read as a new iterator's first epoch (as MindSpore's getters read it)."""
    saved = [(part, copy.deepcopy(getattr(part, "_rng", None)), getattr(part, "_passes", None),
              getattr(part, "_epoch", None)) for part in _random_parts(dataset)]
    _start_epoch(dataset, 0)
    try:
        yield
    finally:
        for part, rng, passes, epoch in saved:
            if hasattr(part, "_rng"):
                part._rng = rng
            if passes is not None:
                part._passes = passes
            if epoch is not None:
                part._epoch = epoch


def _first_row(dataset):
    with _randomness_kept(dataset):
        row = next(iter(dataset._rows()), None)
    if row is None:
        raise _no_rows()
    return row


def _no_rows():
    return ValueError("The dataset has no rows, so no output shapes or types.")


def _dataset_list(datasets, container, owner, single=True):
    """``datasets`` (a ``container``, list or tuple, of datasets, or with
    ``single`` one dataset) as a list."""
    if single and isinstance(datasets, Dataset):
        return [datasets]
    if not isinstance(datasets, container):
        kinds = f"a dataset or a {container.__name__}" if single else f"a {container.__name__}"
        raise TypeError(f"For '{owner}', 'datasets' must be {kinds} of datasets, but got "
                        f"{type(datasets).__name__}.")
    for position, dataset in enumerate(datasets):
        if not isinstance(dataset, Dataset):
            raise TypeError(f"For '{owner}', 'datasets' must hold datasets, but item {position} "
                            f"is {type(dataset).__name__}.")
    return list(datasets)


def zip(datasets):
    """The columns of the datasets of the tuple ``datasets`` side by side, as long
    as the shortest; the column names must differ (MindSpore's ``dataset.zip``).

    >>> import dualgrad.dataset as ds
    >>> a = ds.NumpySlicesDataset({"a": [1, 2]}, shuffle=False)
    >>> b = ds.NumpySlicesDataset({"b": [3, 4]}, shuffle=False)
    >>> ds.zip((a, b)).get_col_names()
    ['a', 'b']
    """
    datasets = _dataset_list(datasets, tuple, "zip", single=False)
    if len(datasets) < 2:
        raise ValueError(f"For 'zip', 'datasets' must hold at least two datasets, but got "
                         f"{len(datasets)}.")
    names = [name for dataset in datasets for name in dataset.get_col_names()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"For 'zip', the datasets' column names must differ, but {repeated} "
                         f"repeat.")
    return _Zip(datasets)
