"""The samplers of ``mindspore.dataset``: which rows of a random-access source
one pass reads, and in which order.

A sampler maps the number of rows of its source to the row indices of one
pass (``PKSampler`` also reads the rows' class labels, which the source
gives it as a function of the column's name).  A child sampler
(``add_child``) samples first, and its parent samples the child's indices in
turn.  The deterministic samplers give MindSpore's own index order; the
random ones draw from NumPy's generator, reproducible under
``dataset.config.set_seed`` (or ``dualgrad.set_seed``), anew on each pass.
"""
import enum
import numbers

import numpy as np

__all__ = ["Shuffle", "Sampler", "SequentialSampler", "RandomSampler", "SubsetSampler",
           "SubsetRandomSampler", "DistributedSampler", "WeightedRandomSampler", "PKSampler"]

# the seed of a shuffling DistributedSampler when none was set: every shard of
# a job must draw the same permutation for the shards to split the rows
_DEFAULT_SHARD_SEED = 5489


class Shuffle(str, enum.Enum):
    """MindSpore's shuffle modes; in-memory sources know only FALSE and GLOBAL
    (shuffling all rows), the others being for file datasets."""
    FALSE = "false"
    ADAPTIVE = "adaptive"
    GLOBAL = "global"
    PARTIAL = "partial"
    FILES = "files"
    INFILE = "infile"


def _check_shuffle(shuffle, owner, allowed):
    """``shuffle`` as a bool: a bool, or one of the ``allowed`` Shuffle modes."""
    if isinstance(shuffle, bool):
        return shuffle
    if not isinstance(shuffle, Shuffle):
        raise TypeError(f"For '{owner}', 'shuffle' must be a bool or a Shuffle mode, but got "
                        f"{type(shuffle).__name__}.")
    if shuffle not in allowed:
        raise ValueError(f"For '{owner}', the shuffle mode {shuffle.name} is for file datasets; "
                         f"in-memory ones take {' or '.join(m.name for m in allowed)}.")
    return shuffle is Shuffle.GLOBAL


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_int(value, name, owner):
    if not _is_int(value):
        raise TypeError(f"For '{owner}', '{name}' must be an int, but got "
                        f"{type(value).__name__}.")
    return int(value)


def _check_num_samples(num_samples, owner):
    """None or a count >= 0 (0, like None, reads them all, as in MindSpore)."""
    if num_samples is None:
        return None
    if _check_int(num_samples, "num_samples", owner) < 0:
        raise ValueError(f"For '{owner}', 'num_samples' must be >= 0, but got {num_samples}.")
    return int(num_samples)


def _check_bool(value, name, owner):
    if not isinstance(value, bool):
        raise TypeError(f"For '{owner}', '{name}' must be a bool, but got "
                        f"{type(value).__name__}.")
    return value


class Sampler:
    """The base of the samplers; a user's sampler subclasses it and defines
    ``__iter__``, yielding row indices (it may read ``self.dataset_size``, the
    number of rows it samples from).

    >>> import dualgrad.dataset as ds
    >>> class Evens(ds.Sampler):
    ...     def __iter__(self):
    ...         return iter(range(0, self.dataset_size, 2))
    >>> [r[0].item() for r in ds.NumpySlicesDataset([5, 6, 7, 8, 9], sampler=Evens())]
    [5, 7, 9]
    """

    _random = False

    def __init__(self, num_samples=None):
        self.num_samples = _check_num_samples(num_samples, type(self).__name__)
        self.child_sampler = None
        self.dataset_size = 0
        self._rng = None

    def __iter__(self):
        raise NotImplementedError(f"For '{type(self).__name__}', a sampler of one's own must "
                                  f"define __iter__, yielding row indices.")

    def add_child(self, sampler):
        """Sample from the indices ``sampler`` gives, rather than from all rows."""
        owner = f"{type(self).__name__}.add_child"
        if self.child_sampler is not None:
            raise ValueError(f"For '{owner}', the sampler already has a child.")
        if sampler is not None and not isinstance(sampler, Sampler):
            raise TypeError(f"For '{owner}', 'sampler' must be a sampler, but got "
                            f"{type(sampler).__name__}.")
        self.child_sampler = sampler

    def get_child(self):
        return self.child_sampler

    def get_num_samples(self):
        """``num_samples``, the smaller with the child's (None: unbounded)."""
        own = self.num_samples or None
        child = None if self.child_sampler is None else self.child_sampler.get_num_samples()
        if own is None or child is None:
            return child if own is None else own
        return min(own, child)

    def is_shuffled(self):
        return self._random or (self.child_sampler is not None
                                and self.child_sampler.is_shuffled())

    def is_sharded(self):
        return self.child_sampler is not None and self.child_sampler.is_sharded()

    # one pass
    def _own_indices(self, num_rows):
        """This sampler's indices into ``num_rows`` rows, for one pass."""
        self.dataset_size = num_rows
        indices = np.fromiter((_check_int(i, "index", type(self).__name__) for i in self),
                              dtype=np.int64)
        return indices[:self.num_samples] if self.num_samples else indices

    def _own_count(self, num_rows):
        """How many indices a pass over ``num_rows`` rows gives (random samplers
        know it without drawing)."""
        return len(self._own_indices(num_rows))

    def _indices(self, num_rows, labels=None):
        """The row indices of one pass over ``num_rows`` rows (``labels(column,
        owner)``: the class labels of all rows, for a PKSampler in the chain)."""
        if self.child_sampler is None:
            return _in_range(self._own_indices(num_rows), num_rows, type(self).__name__)
        chosen = self.child_sampler._indices(num_rows, labels)
        picks = _in_range(self._own_indices(len(chosen)), len(chosen), type(self).__name__)
        return chosen[picks]

    def _count(self, num_rows, labels=None):
        if self.child_sampler is not None:
            num_rows = self.child_sampler._count(num_rows, labels)
        return self._own_count(num_rows)

    def _generator(self):
        if self._rng is None:
            from .dataset import _shuffle_rng
            self._rng = _shuffle_rng()
        return self._rng


def _in_range(indices, num_rows, owner):
    bad = indices[(indices < 0) | (indices >= num_rows)]
    if bad.size:
        raise ValueError(f"For '{owner}', the sample index {int(bad[0])} is out of range for "
                         f"{num_rows} rows.")
    return indices


def _cap(count, num_samples):
    """``count`` rows at most ``num_samples`` of them (0 or None: all)."""
    return min(count, num_samples) if num_samples else count


class SequentialSampler(Sampler):
    """The rows in order from ``start_index``, at most ``num_samples`` of them.

    >>> import dualgrad.dataset as ds
    >>> d = ds.NumpySlicesDataset(list(range(7)), sampler=ds.SequentialSampler(2, 3))
    >>> [r[0].item() for r in d], d.get_dataset_size()
    ([2, 3, 4], 3)
    """

    def __init__(self, start_index=None, num_samples=None):
        owner = "SequentialSampler"
        if start_index is not None:
            start_index = _check_int(start_index, "start_index", owner)
            if start_index < 0:
                raise ValueError(f"For '{owner}', 'start_index' must be >= 0, but got "
                                 f"{start_index}.")
        super().__init__(num_samples)
        self.start_index = start_index

    def _own_indices(self, num_rows):
        start = self.start_index or 0
        if start and start >= num_rows:
            raise ValueError(f"For 'SequentialSampler', 'start_index' must be less than the "
                             f"number of rows {num_rows}, but got {start}.")
        return np.arange(start, start + _cap(num_rows - start, self.num_samples))


class RandomSampler(Sampler):
    """The rows in random order (with ``replacement``, drawn independently),
    ``num_samples`` of them but no more than there are rows, as in MindSpore.

    >>> import dualgrad.dataset as ds
    >>> ds.config.set_seed(0)
    >>> d = ds.NumpySlicesDataset(list(range(5)), sampler=ds.RandomSampler(num_samples=3))
    >>> len({r[0].item() for r in d}), d.get_dataset_size()
    (3, 3)
    """

    _random = True

    def __init__(self, replacement=False, num_samples=None, shuffle=Shuffle.GLOBAL):
        super().__init__(num_samples)
        self.replacement = _check_bool(replacement, "replacement", "RandomSampler")
        if not isinstance(shuffle, Shuffle):
            raise TypeError(f"For 'RandomSampler', 'shuffle' must be a Shuffle mode, but got "
                            f"{type(shuffle).__name__}.")
        _check_shuffle(shuffle, "RandomSampler", (Shuffle.GLOBAL,))
        self.shuffle = shuffle

    def _own_count(self, num_rows):
        return _cap(num_rows, self.num_samples)

    def _own_indices(self, num_rows):
        count, rng = self._own_count(num_rows), self._generator()
        if self.replacement:
            return rng.integers(num_rows, size=count)
        return rng.permutation(num_rows)[:count]


class SubsetSampler(Sampler):
    """The rows at ``indices`` (a list, tuple, array or one int), in that order,
    the first ``num_samples`` of them.

    >>> import dualgrad.dataset as ds
    >>> [r[0].item() for r in ds.NumpySlicesDataset([5, 6, 7, 8],
    ...                                             sampler=ds.SubsetSampler([3, 0, 0]))]
    [8, 5, 5]
    """

    def __init__(self, indices, num_samples=None):
        owner = type(self).__name__
        num_samples = _check_num_samples(num_samples, owner)
        if _is_int(indices):
            indices = [indices]
        elif isinstance(indices, (str, bytes)) or not hasattr(indices, "__iter__"):
            raise TypeError(f"For '{owner}', 'indices' must be a list of int, but got "
                            f"{type(indices).__name__}.")
        indices = list(indices)
        for position, index in enumerate(indices):
            if not _is_int(index):
                raise TypeError(f"For '{owner}', 'indices' must hold ints, but indices"
                                f"[{position}] is {index!r}.")
        if num_samples:
            indices = indices[:num_samples]
        super().__init__(num_samples)
        self.indices = [int(i) for i in indices]

    def get_num_samples(self):
        count = super().get_num_samples()
        return len(self.indices) if count is None else min(len(self.indices), count)

    def _own_indices(self, num_rows):
        return np.array(self.indices, dtype=np.int64)


class SubsetRandomSampler(SubsetSampler):
    """The rows at ``indices`` (the first ``num_samples`` of them), in random order.

    >>> import dualgrad.dataset as ds
    >>> sorted(r[0].item() for r in ds.NumpySlicesDataset(
    ...     [5, 6, 7, 8], sampler=ds.SubsetRandomSampler([3, 0, 1])))
    [5, 6, 8]
    """

    _random = True

    def _own_count(self, num_rows):
        return len(self.indices)

    def _own_indices(self, num_rows):
        return self._generator().permutation(np.array(self.indices, dtype=np.int64))


class DistributedSampler(Sampler):
    """Shard ``shard_id`` of ``num_shards``: with the default ``offset=-1``,
    every ``num_shards``-th row from ``shard_id``, the shards padded to equal
    length by wrapping round to the first rows; with ``offset`` k >= 0, row j
    goes to shard (j + k) mod ``num_shards`` and the shards' lengths differ (an
    empty shard reads row 0, as MindSpore's does).  With ``shuffle`` the rows
    are first permuted, the same way in every shard (by the seed, or a fixed
    one), anew on each pass.

    >>> import dualgrad.dataset as ds
    >>> [[r[0].item() for r in ds.NumpySlicesDataset(list(range(7)),
    ...      sampler=ds.DistributedSampler(2, k, shuffle=False))] for k in (0, 1)]
    [[0, 2, 4, 6], [1, 3, 5, 0]]
    """

    def __init__(self, num_shards, shard_id, shuffle=True, num_samples=None, offset=-1):
        owner = "DistributedSampler"
        num_shards = _check_int(num_shards, "num_shards", owner)
        shard_id = _check_int(shard_id, "shard_id", owner)
        shuffle = _check_shuffle(shuffle, owner, (Shuffle.FALSE, Shuffle.GLOBAL))
        offset = _check_int(offset, "offset", owner)
        if num_shards <= 0:
            raise ValueError(f"For '{owner}', 'num_shards' must be positive, but got "
                             f"{num_shards}.")
        if not 0 <= shard_id < num_shards:
            raise ValueError(f"For '{owner}', 'shard_id' must be in [0, {num_shards}), but got "
                             f"{shard_id}.")
        if not -1 <= offset <= num_shards:
            raise ValueError(f"For '{owner}', 'offset' must be -1 or in [0, num_shards = "
                             f"{num_shards}], but got {offset}.")
        super().__init__(num_samples)
        self.num_shards, self.shard_id = num_shards, shard_id
        self.shuffle, self.offset = shuffle, offset
        self._passes = 0

    @property
    def _random(self):
        return self.shuffle

    def is_sharded(self):
        return self.num_shards > 1 or super().is_sharded()

    def _positions(self, num_rows):
        shards, shard = self.num_shards, self.shard_id
        if self.offset == -1:
            per_shard = -(-num_rows // shards)
            positions = (shards * np.arange(per_shard) + shard) % num_rows
        else:
            positions = np.arange((shard - self.offset) % shards, num_rows, shards)
            if not positions.size:
                positions = np.zeros(1, np.int64)
        return positions[:self.num_samples] if self.num_samples else positions

    def _own_count(self, num_rows):
        return len(self._positions(num_rows))

    def _own_indices(self, num_rows):
        positions = self._positions(num_rows)
        if not self.shuffle:
            return positions
        from .dataset import _get_seed
        seed = _get_seed()
        seed = _DEFAULT_SHARD_SEED if seed is None else seed
        order = np.random.default_rng([seed, self._passes]).permutation(num_rows)
        self._passes += 1
        return order[positions]


class WeightedRandomSampler(Sampler):
    """``num_samples`` row indices (default: as many as rows, and no more) drawn
    from the first ``len(weights)`` rows with probabilities proportional to
    ``weights``; without ``replacement`` each at most once (rows of weight 0
    come only once the others are drawn).

    >>> import dualgrad.dataset as ds
    >>> d = ds.NumpySlicesDataset(list(range(4)), sampler=ds.WeightedRandomSampler([0, 1, 0, 3]))
    >>> set(r[0].item() for r in d) <= {1, 3}, d.get_dataset_size()
    (True, 4)
    """

    _random = True

    def __init__(self, weights, num_samples=None, replacement=True):
        owner = "WeightedRandomSampler"
        if not isinstance(weights, list):
            weights = [weights]
        for position, weight in enumerate(weights):
            if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
                raise TypeError(f"For '{owner}', 'weights' must hold numbers, but weights"
                                f"[{position}] is {weight!r}.")
        if not weights:
            raise ValueError(f"For '{owner}', 'weights' must not be empty.")
        if min(weights) < 0:
            raise ValueError(f"For '{owner}', 'weights' must not be negative, but got "
                             f"{weights}.")
        if max(weights) == 0:
            raise ValueError(f"For '{owner}', 'weights' must not all be zero.")
        super().__init__(num_samples)
        self.weights = [float(w) for w in weights]
        self.replacement = _check_bool(replacement, "replacement", owner)

    def _own_count(self, num_rows):
        if len(self.weights) > num_rows:
            raise ValueError(f"For 'WeightedRandomSampler', there are {len(self.weights)} "
                             f"weights but only {num_rows} rows to sample from.")
        return _cap(num_rows, self.num_samples)

    def _own_indices(self, num_rows):
        count, rng = self._own_count(num_rows), self._generator()
        weights = np.array(self.weights)
        if self.replacement:
            return rng.choice(len(weights), size=count, p=weights / weights.sum())
        # weighted sampling without replacement: the largest keys u ** (1 / w)
        with np.errstate(divide="ignore"):
            keys = rng.random(len(weights)) ** (1.0 / weights)
        return np.argsort(-keys, kind="stable")[:count]


class PKSampler(Sampler):
    """``num_val`` (K) rows of each class (P classes): the classes are the
    distinct labels of the column ``class_column``, in ascending order (with
    ``shuffle``, in random order), and each class's K rows are drawn from its
    rows at random with replacement, anew on each pass, as MindSpore draws
    them; the first ``num_samples`` of the K * P rows are read.  A PKSampler
    samples all rows, so it can be a child sampler but not have one, and
    ``num_class`` is not supported (None: every class), as in MindSpore.

    MindSpore's in-memory sources refuse a PKSampler (its PK sampler reads the
    class index of its file datasets); here the sources give it the labels of
    ``class_column``, one integer per row.

    >>> import dualgrad.dataset as ds
    >>> d = ds.NumpySlicesDataset({"x": [0, 1, 2, 3, 4], "label": [2, 0, 2, 0, 2]},
    ...                           sampler=ds.PKSampler(2))
    >>> [r[1].item() for r in d], d.get_dataset_size()
    ([0, 0, 2, 2], 4)
    """

    def __init__(self, num_val, num_class=None, shuffle=False, class_column="label",
                 num_samples=None):
        owner = "PKSampler"
        num_val = _check_int(num_val, "num_val", owner)
        if num_class is not None:
            raise NotImplementedError(f"For '{owner}', 'num_class' is not supported: it must be "
                                      f"None (every class is sampled), but got {num_class!r}.")
        _check_bool(shuffle, "shuffle", owner)
        if not isinstance(class_column, str):
            raise TypeError(f"For '{owner}', 'class_column' must be a str, but got "
                            f"{type(class_column).__name__}.")
        if num_val <= 0:
            raise ValueError(f"For '{owner}', 'num_val' must be positive, but got {num_val}.")
        super().__init__(num_samples)
        self.num_val, self.shuffle, self.class_column = num_val, shuffle, class_column

    @property
    def _random(self):
        return self.shuffle

    def _labels(self, labels):
        """The rows' class labels and the classes, in ascending order."""
        if self.child_sampler is not None:
            raise ValueError("For 'PKSampler', it samples all rows by their labels and cannot "
                             "sample a child sampler's indices: add it as the child instead.")
        values = labels(self.class_column, "PKSampler")
        return values, np.unique(values)

    def _count(self, num_rows, labels=None):
        _, classes = self._labels(labels)
        return _cap(self.num_val * len(classes), self.num_samples)

    def _indices(self, num_rows, labels=None):
        values, classes = self._labels(labels)
        rng = self._generator()
        if self.shuffle:
            classes = rng.permutation(classes)
        drawn = [rng.choice(np.flatnonzero(values == label), size=self.num_val)
                 for label in classes]
        indices = np.concatenate(drawn) if drawn else np.zeros(0, np.int64)
        return indices[:self.num_samples] if self.num_samples else indices


class _IterableSampler(Sampler):
    """The indices an iterable (such as a range) gives on each pass."""

    def __init__(self, indices, num_samples=None):
        super().__init__(num_samples)
        self._source = indices

    def __iter__(self):
        return iter(self._source)


def select_sampler(sampler, shuffle, num_samples, num_shards, shard_id, owner):
    """The sampler of a random-access source, by MindSpore's rules: a given
    sampler excludes ``shuffle``, ``num_samples`` and sharding; a list of
    indices is a SubsetSampler, another iterable (such as a range) gives the
    indices of each pass (both ignore those arguments but ``num_samples``);
    otherwise ``shuffle`` (None: yes) with ``num_samples`` draws with
    replacement."""
    if sampler is not None:
        if isinstance(sampler, (SequentialSampler, RandomSampler, SubsetSampler,
                                DistributedSampler, WeightedRandomSampler, PKSampler)):
            given = {"num_samples": num_samples, "num_shards": num_shards,
                     "shard_id": shard_id, "shuffle": shuffle}
            conflicting = [name for name, value in given.items() if value is not None]
            if conflicting:
                raise ValueError(f"For '{owner}', 'sampler' cannot be given together with "
                                 f"{conflicting}.")
            return sampler
        if isinstance(sampler, Sampler):
            return sampler
        if isinstance(sampler, (list, tuple, np.ndarray)):
            return SubsetSampler(list(np.asarray(sampler).tolist()), num_samples)
        if hasattr(sampler, "__iter__") and not isinstance(sampler, (str, bytes)):
            return _IterableSampler(sampler, num_samples)
        raise TypeError(f"For '{owner}', 'sampler' must be a sampler of dualgrad.dataset or "
                        f"an iterable of indices, but got {type(sampler).__name__}.")
    if shuffle is not False:
        if num_shards is not None:
            return DistributedSampler(num_shards, shard_id, shuffle=True,
                                      num_samples=num_samples)
        return RandomSampler(replacement=num_samples is not None, num_samples=num_samples)
    if num_shards is not None:
        return DistributedSampler(num_shards, shard_id, shuffle=False, num_samples=num_samples)
    return SequentialSampler(num_samples=num_samples)
