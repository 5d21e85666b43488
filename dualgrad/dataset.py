"""MindSpore's ``mindspore.dataset`` for in-memory data: ``NumpySlicesDataset``,
``GeneratorDataset`` and the pipeline steps a training loop uses (``batch``,
``shuffle``, ``repeat``, ``map``), feeding ``dualgrad.train.Model``.

Rows are tuples of NumPy arrays, one per column, read in the calling process
(``num_parallel_workers``, ``python_multiprocessing`` and the like are
accepted and have no effect).  Element dtypes are MindSpore's: a NumPy column
keeps its dtype, a Python float becomes float64 and a Python int int64, each
element converted on its own.  Iterators yield a list of Tensors per row (or
of NumPy arrays with ``output_numpy=True``), a dict iterator a dict by column
name.  Shuffling is reproducible under ``dataset.config.set_seed`` or
``dualgrad.set_seed``; its permutations are NumPy's, not those of MindSpore's
C++ engine.

>>> import numpy as np
>>> import dualgrad.dataset as ds
>>> data = ds.NumpySlicesDataset({"x": np.arange(5.0), "y": [0, 1, 0, 1, 1]},
...                              shuffle=False).batch(2)
>>> data.get_col_names(), data.get_dataset_size()
(['x', 'y'], 3)
>>> [x.asnumpy().tolist() for x, y in data]
[[0.0, 1.0], [2.0, 3.0], [4.0]]
"""
import numbers
import types

import numpy as np

from ._tensor import Tensor
from .nn import initializers as _initializers

__all__ = ["Dataset", "NumpySlicesDataset", "GeneratorDataset", "config"]


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


def _check_names(names, count, owner):
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise TypeError(f"For '{owner}', 'column_names' must be a str or a list of str, but "
                        f"got {names!r}.")
    if count is not None and len(names) != count:
        raise ValueError(f"For '{owner}', 'column_names' names {len(names)} columns but the "
                         f"data has {count}.")
    if len(set(names)) != len(names):
        raise ValueError(f"For '{owner}', 'column_names' has duplicates: {list(names)}.")
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
        columns = _check_names(columns, None, "create_tuple_iterator")
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

    def __iter__(self):
        return self

    def __next__(self):
        if self._rows is None:
            if self._epochs_left == 0:
                raise RuntimeError("The dataset iterator was asked for data beyond the "
                                   "num_epochs it was created for.")
            if self._epochs_left > 0:
                self._epochs_left -= 1
            self._rows = self._dataset._rows()
        try:
            row = next(self._rows)
        except StopIteration:
            self._rows = None
            raise
        values = [row[i] if self._output_numpy else Tensor(row[i]) for i in self._picks]
        return dict(zip(self._columns, values)) if self._as_dict else values


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

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset([1, 2, 3], shuffle=False).batch(2, drop_remainder=True)
        >>> [r[0].asnumpy().tolist() for r in d], d.get_dataset_size()
        ([[1, 2]], 1)
        """
        return _Batch(self, _check_positive_int(batch_size, "batch_size", "batch"),
                      _check_bool(drop_remainder, "drop_remainder", "batch"))

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
        """Apply ``operations`` (a callable or a list of them, in turn) to
        ``input_columns`` (default: the first column); the results replace
        them, under ``output_columns`` if given.

        >>> import dualgrad.dataset as ds
        >>> d = ds.NumpySlicesDataset({"a": [1, 2]}, shuffle=False).map(lambda a: a * 10, "a")
        >>> [r[0].item() for r in d]
        [10, 20]
        """
        ops = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        if not ops or not all(callable(op) for op in ops):
            raise TypeError(f"For 'map', 'operations' must be a callable or a list of "
                            f"callables, but got {operations!r}.")
        names = self.get_col_names()
        inputs = [names[0]] if input_columns is None else _check_names(input_columns, None, "map")
        unknown = [c for c in inputs if c not in names]
        if unknown:
            raise ValueError(f"For 'map', the input columns {unknown} are not among the "
                             f"dataset's columns {names}.")
        outputs = inputs if output_columns is None else _check_names(output_columns, None, "map")
        return _Map(self, ops, inputs, outputs)

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


def _check_bool(value, name, owner):
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', '{name}' must be a bool, but got "
                        f"{type(value).__name__}.")
    return value


def _shuffle_rng():
    """A generator for one shuffling step, fixed by the seed if one was set."""
    seed = _get_seed()
    return np.random.default_rng(seed) if seed is not None else np.random.default_rng()


class _Source(Dataset):
    """Rows read from memory, or from a source by index, with optional global
    shuffling, sharding and a cap on the number of samples."""

    def __init__(self, column_names, num_samples, shuffle, num_shards, shard_id, sampler):
        super().__init__()
        owner = self._owner
        if sampler is not None:
            raise ValueError(f"For '{owner}', 'sampler' is not supported by dualgrad.dataset; "
                             f"use shuffle, num_samples and num_shards/shard_id.")
        if shuffle is not None:
            _check_bool(shuffle, "shuffle", owner)
        if num_samples is not None:
            num_samples = _check_positive_int(num_samples, "num_samples", owner)
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
        self._shuffle = shuffle
        self._shards = (num_shards, shard_id)
        self._rng = None

    def get_col_names(self):
        return list(self._column_names)

    def _indices(self, count, shuffle):
        """The row indices of one pass: shuffled, sharded, capped."""
        order = np.arange(count)
        if shuffle:
            if self._rng is None:
                self._rng = _shuffle_rng()
            order = self._rng.permutation(count)
        num_shards, shard_id = self._shards
        if num_shards is not None:
            # MindSpore pads the shards to equal length by wrapping around
            per_shard = -(-count // num_shards)
            order = np.resize(order, per_shard * num_shards)[shard_id::num_shards]
        if self._num_samples is not None:
            order = order[:self._num_samples]
        return order

    def _count(self, count):
        num_shards = self._shards[0]
        if num_shards is not None:
            count = -(-count // num_shards)
        return count if self._num_samples is None else min(count, self._num_samples)


class NumpySlicesDataset(_Source):
    """Rows sliced from in-memory data along its first axis.

    ``data`` is a dict (a column per key), a tuple (a column per item, named
    ``column_0``...), a list (one column) or an array (one column);
    ``column_names`` renames the columns.  ``shuffle=None`` shuffles, as in
    MindSpore.

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
        super().__init__(names, num_samples, True if shuffle is None else shuffle,
                         num_shards, shard_id, sampler)
        self._columns = columns
        self._length = lengths[0]

    def get_dataset_size(self):
        return self._count(self._length)

    def _rows(self):
        for i in self._indices(self._length, self._shuffle):
            yield tuple(_element(column[i]) for column in self._columns)


class GeneratorDataset(_Source):
    """Rows from a Python source: a callable returning an iterator, an iterable,
    or a random-access object (``__getitem__`` and ``__len__``).

    Each item is a tuple with one value per column (a single value for one
    column).  Only a random-access source can be shuffled; ``shuffle=None``
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
        if not random_access and (shuffle or num_shards is not None):
            raise ValueError(f"For '{owner}', 'shuffle' and sharding need a random-access "
                             f"source (with __getitem__ and __len__).")
        if shuffle is None:
            shuffle = random_access
        super().__init__(names, num_samples, shuffle, num_shards, shard_id, sampler)
        self._source = source
        self._random_access = random_access

    def get_dataset_size(self):
        if self._random_access:
            return self._count(len(self._source))
        # an iterable's length is known only by reading it through
        return sum(1 for _ in self._rows())

    def _row(self, item):
        if not isinstance(item, tuple):
            item = (item,)
        if len(item) != len(self._column_names):
            raise ValueError(f"For '{self._owner}', the source gave {len(item)} values in a "
                             f"row but column_names names {len(self._column_names)}.")
        return tuple(_element(value) for value in item)

    def _rows(self):
        if self._random_access:
            for i in self._indices(len(self._source), self._shuffle):
                yield self._row(self._source[int(i)])
            return
        items = self._source() if callable(self._source) and not hasattr(
            self._source, "__iter__") else iter(self._source)
        for n, item in enumerate(items):
            if self._num_samples is not None and n >= self._num_samples:
                return
            yield self._row(item)


class _Batch(Dataset):
    def __init__(self, parent, batch_size, drop_remainder):
        super().__init__(parent)
        self._batch_size = batch_size
        self._drop_remainder = drop_remainder

    def get_dataset_size(self):
        size = self._parent.get_dataset_size()
        return size // self._batch_size if self._drop_remainder else -(-size // self._batch_size)

    def _stack(self, rows):
        try:
            return tuple(np.stack(column) for column in zip(*rows))
        except ValueError as error:
            raise ValueError(f"For 'batch', the rows of a batch must have the same shape in "
                             f"each column: {error}") from None

    def _rows(self):
        pending = []
        for row in self._parent._rows():
            pending.append(row)
            if len(pending) == self._batch_size:
                yield self._stack(pending)
                pending = []
        if pending and not self._drop_remainder:
            yield self._stack(pending)


class _Shuffle(Dataset):
    def __init__(self, parent, buffer_size):
        super().__init__(parent)
        self._buffer_size = buffer_size
        self._rng = None

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


class _Repeat(Dataset):
    def __init__(self, parent, count):
        super().__init__(parent)
        self._count = count

    def get_dataset_size(self):
        # MindSpore gives an endless repeat the size of one pass
        size = self._parent.get_dataset_size()
        return size if self._count == -1 else size * self._count

    def _rows(self):
        done = 0
        while self._count == -1 or done < self._count:
            yield from self._parent._rows()
            done += 1


class _Map(Dataset):
    def __init__(self, parent, operations, input_columns, output_columns):
        super().__init__(parent)
        self._operations = operations
        names = parent.get_col_names()
        self._inputs = [names.index(c) for c in input_columns]
        self._output_names = output_columns
        first = min(self._inputs)
        # the outputs take the place of the inputs, at the first input's position
        kept = [i for i in range(len(names)) if i not in self._inputs]
        self._layout = ([i for i in kept if i < first], [i for i in kept if i > first])
        self._names = ([names[i] for i in self._layout[0]] + list(output_columns)
                       + [names[i] for i in self._layout[1]])

    def get_col_names(self):
        return list(self._names)

    def _rows(self):
        before, after = self._layout
        for row in self._parent._rows():
            values = tuple(row[i] for i in self._inputs)
            for operation in self._operations:
                result = operation(*values)
                values = result if isinstance(result, tuple) else (result,)
            if len(values) != len(self._output_names):
                raise ValueError(f"For 'map', the operations returned {len(values)} columns "
                                 f"but {len(self._output_names)} are named.")
            yield (tuple(row[i] for i in before) + tuple(_element(v) for v in values)
                   + tuple(row[i] for i in after))
