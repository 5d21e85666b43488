"""dualgrad.dataset's samplers and pipeline steps against MindSpore 2.10.

The deterministic samplers (SequentialSampler, SubsetSampler, lists of
indices, DistributedSampler without shuffling, with and without an offset,
child samplers) and the steps take, skip, zip, concat, project, rename,
filter, split, batch's per_batch_map, padded_batch, map's output columns, a
callable batch_size (and the BatchInfo it is called with),
output_shapes(estimate=True), use_sampler and add_sampler are compared with
MindSpore's rows, sizes, column names, shapes and dtypes stored in
tests/dataset_reference.py, and every call MindSpore rejects there must be
rejected here too.  PKSampler is compared by the labels of the rows it reads
(its draws within a class are random) and checked here for the rest.  The random samplers (RandomSampler,
SubsetRandomSampler, WeightedRandomSampler, DistributedSampler with shuffle,
split with randomize) cannot match MindSpore's order, which comes from its
C++ generator: they are checked for what they promise instead (which rows,
how many, with what frequencies, reproducible under a seed, new on each
pass, shards that split the rows).
"""
import numpy as np
import pytest

import dualgrad.dataset as ds
from dataset_reference import MINDSPORE, MINDSPORE_ERRORS, capture, errors
from test_train_model import _same


@pytest.fixture(scope="module")
def ours():
    return capture(ds)


@pytest.fixture(scope="module")
def our_errors():
    return errors(ds)


@pytest.fixture(autouse=True)
def no_seed_left():
    yield
    ds.config._seed = None


@pytest.mark.parametrize("group, name", [(g, n) for g in sorted(MINDSPORE)
                                         for n in sorted(MINDSPORE[g])])
def test_scenarios_match_mindspore(ours, group, name):
    _same(ours[group][name], MINDSPORE[group][name], f"{group}: {name}")


@pytest.mark.parametrize("name", sorted(MINDSPORE_ERRORS))
def test_what_mindspore_rejects_is_rejected(our_errors, name):
    """The same exception type, but ValueError where MindSpore's engine raises
    RuntimeError (a bad argument found while reading), and a message naming
    the method or class and the argument."""
    theirs, ours = MINDSPORE_ERRORS[name], our_errors[name]
    assert ours is not None, f"{name}: accepted, but MindSpore raises {theirs}"
    expected = "ValueError" if theirs[0] == "RuntimeError" else theirs[0]
    assert ours[0] == expected, (name, ours, theirs)
    assert ours[1].startswith("For '"), ours


def _read(dataset):
    return [r[0].item() for r in dataset.create_tuple_iterator(num_epochs=1)]


def _numbers(n, **kwargs):
    return ds.NumpySlicesDataset({"i": np.arange(n)}, **kwargs)


def _passes(dataset, count):
    iterator = dataset.create_tuple_iterator(num_epochs=count, output_numpy=True)
    return [[int(r[0]) for r in iterator] for _ in range(count)]


def test_random_sampler_permutes_reproducibly_and_anew_each_pass():
    ds.config.set_seed(11)
    first = _passes(_numbers(20, sampler=ds.RandomSampler()), 2)
    ds.config.set_seed(11)
    again = _passes(_numbers(20, sampler=ds.RandomSampler()), 2)
    assert first == again
    assert sorted(first[0]) == sorted(first[1]) == list(range(20))
    assert first[0] != first[1] and first[0] != list(range(20))
    capped = _numbers(20, sampler=ds.RandomSampler(num_samples=6))
    got = _read(capped)
    assert len(got) == len(set(got)) == 6 == capped.get_dataset_size()


def test_random_sampler_with_replacement_is_uniform():
    ds.config.set_seed(3)
    got = _read(_numbers(6000, sampler=ds.RandomSampler(replacement=True)))
    counts = np.bincount(got, minlength=6000)
    assert len(got) == 6000 and counts.max() > 1            # repeats: drawn independently
    # each row is drawn Binomial(6000, 1/6000) times: ~37% of rows never
    assert abs(np.mean(counts == 0) - np.exp(-1)) < 0.03


def test_shuffle_with_num_samples_draws_with_replacement():
    """MindSpore's rule: a shuffled source capped by num_samples is a
    RandomSampler with replacement."""
    repeats = 0
    for seed in range(10):
        ds.config.set_seed(seed)
        got = _read(_numbers(8, num_samples=8))
        assert len(got) == 8 and set(got) <= set(range(8))
        repeats += len(set(got)) < 8
    assert repeats >= 8


def test_subset_random_sampler_permutes_its_indices():
    ds.config.set_seed(5)
    orders = {tuple(order) for order in _passes(
        _numbers(10, sampler=ds.SubsetRandomSampler([9, 2, 4, 7, 0])), 20)}
    assert all(sorted(order) == [0, 2, 4, 7, 9] for order in orders) and len(orders) > 5
    # num_samples keeps the first indices, then shuffles them, as in MindSpore
    got = _read(_numbers(10, sampler=ds.SubsetRandomSampler([9, 2, 4, 7], num_samples=2)))
    assert sorted(got) == [2, 9]


def test_weighted_sampler_draws_in_proportion():
    ds.config.set_seed(2)
    weights = [1.0, 0.0, 3.0, 4.0]
    dataset = _numbers(8000, sampler=ds.WeightedRandomSampler(weights, num_samples=8000))
    counts = np.bincount(_read(dataset), minlength=4)
    assert dataset.get_dataset_size() == 8000 and counts[1] == 0
    np.testing.assert_allclose(counts / 8000, np.array(weights) / 8, atol=0.02)


def test_weighted_sampler_without_replacement_draws_each_row_once():
    ds.config.set_seed(4)
    orders = _passes(_numbers(6, sampler=ds.WeightedRandomSampler([5, 0, 1, 2], 3, False)), 10)
    # the rows of positive weight come before the one of weight 0
    assert all(sorted(order) == [0, 2, 3] for order in orders) and len(set(map(tuple, orders))) > 1
    # row 0 comes first with probability 3/4 (Binomial(400, 3/4): sd 8.7)
    firsts = [order[0] for order in _passes(
        _numbers(6, sampler=ds.WeightedRandomSampler([3, 1], 2, False)), 400)]
    assert 270 < firsts.count(0) < 330


@pytest.mark.parametrize("seed", [None, 7])
def test_shuffled_shards_split_the_rows_each_pass(seed):
    """Every shard permutes the same way (by the seed, or a fixed one when none
    is set), so the shards together read each row, the padding aside."""
    if seed is not None:
        ds.config.set_seed(seed)
    shards = [_passes(_numbers(10, num_shards=3, shard_id=k), 2) for k in range(3)]
    for epoch in range(2):
        rows = [row for shard in shards for row in shard[epoch]]
        assert len(rows) == 12 and set(rows) == set(range(10))
    assert shards[0][0] != shards[0][1]
    assert shards[0][0] != [0, 3, 6, 9]
    again = _passes(_numbers(10, sampler=ds.DistributedSampler(3, 0)), 2)
    assert again == shards[0]


def test_random_split_parts_are_disjoint_and_stable():
    ds.config.set_seed(8)
    parts = _numbers(10, shuffle=False).split([0.3, 0.7])
    first = [_passes(part, 2) for part in parts]
    assert [p.get_dataset_size() for p in parts] == [3, 7]
    for part in first:
        assert part[0] == part[1]                   # the same rows on every pass
    rows = first[0][0] + first[1][0]
    assert sorted(rows) == list(range(10)) and rows != list(range(10))
    ds.config.set_seed(8)
    assert [_passes(part, 1)[0] for part in _numbers(10, shuffle=False).split([0.3, 0.7])] \
        == [part[0] for part in first]
    with pytest.warns(UserWarning, match="For 'split', the dataset is shuffled"):
        _numbers(10).split([5, 5])
    with pytest.warns(UserWarning, match="shuffled before the split"):
        _numbers(10, shuffle=False).shuffle(4).split([5, 5])


def test_counting_and_peeking_leave_the_random_order_alone():
    """get_dataset_size of a filtered pipeline and output_shapes read a pass;
    what is read next is what would have been read without them."""
    def pipeline():
        ds.config.set_seed(1)
        return _numbers(30).shuffle(5).filter(lambda i: i % 3 != 0).batch(4)

    plain = [r[0].asnumpy().tolist() for r in pipeline()]
    counted = pipeline()
    assert counted.get_dataset_size() == 5 and counted.output_shapes() == [[4]]
    assert [r[0].asnumpy().tolist() for r in counted] == plain


def test_per_batch_map_is_told_the_batch_and_the_pass():
    seen = []

    def note(i, info):
        seen.append((info.get_epoch_num(), info.get_batch_num()))
        return (i,)

    iterator = _numbers(5, shuffle=False).batch(2, per_batch_map=note).create_tuple_iterator(
        num_epochs=2)
    assert [len(list(iterator)) for _ in range(2)] == [3, 3]
    assert seen == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_a_users_sampler_and_child_samplers():
    class EveryThird(ds.Sampler):
        def __iter__(self):
            return iter(range(0, self.dataset_size, 3))

    with pytest.raises(NotImplementedError, match="must define __iter__"):
        _read(_numbers(10, sampler=ds.Sampler()))
    assert _read(_numbers(10, sampler=EveryThird())) == [0, 3, 6, 9]
    assert _read(_numbers(10, sampler=EveryThird(num_samples=2))) == [0, 3]
    parent = ds.SubsetSampler([1, 0])
    parent.add_child(EveryThird())
    assert parent.get_child() is not None and _read(_numbers(10, sampler=parent)) == [3, 0]
    ds.config.set_seed(0)
    shuffled = ds.SequentialSampler(num_samples=3)
    shuffled.add_child(ds.RandomSampler())
    got = _read(_numbers(10, sampler=shuffled))
    assert len(set(got)) == 3 and shuffled.is_shuffled()


def test_bad_arguments_name_the_step():
    table = ds.NumpySlicesDataset({"a": [1, 2], "b": [3, 4]}, shuffle=False)
    with pytest.raises(TypeError, match="For 'batch', unexpected keyword arguments"):
        table.batch(2, pad_info={})
    with pytest.raises(TypeError, match="For 'batch', 'per_batch_map' must be callable"):
        table.batch(2, per_batch_map=3)
    with pytest.raises(TypeError, match="For 'padded_batch', 'pad_info' must be a dict"):
        table.padded_batch(2, pad_info=[1])
    with pytest.raises(ValueError, match="For 'padded_batch', 'pad_info' names the column"):
        table.padded_batch(2, pad_info={"z": None})
    with pytest.raises(ValueError, match="is smaller than its rows' shape"):
        list(ds.GeneratorDataset(lambda: iter([np.ones(3)]), ["v"]).padded_batch(
            1, pad_info={"v": ([2], 0)}))
    with pytest.raises(ValueError, match="For 'zip', 'datasets' must hold at least two"):
        ds.zip((table,))
    with pytest.raises(TypeError, match="For 'zip', 'datasets' must be a tuple"):
        ds.zip(table)
    with pytest.raises(ValueError, match="For 'rename', the renamed columns"):
        table.rename("a", "b")
    with pytest.raises(ValueError, match="For 'map', the output columns"):
        table.map(lambda a: a, "a", "b")
    with pytest.raises(ValueError, match="For 'NumpySlicesDataset', 'num_samples' must be >= 0"):
        ds.NumpySlicesDataset([1], num_samples=-1)
    with pytest.raises(ValueError, match="For 'DistributedSampler', 'num_shards' must be "
                                         "positive"):
        ds.DistributedSampler(0, 0)
    with pytest.raises(TypeError, match="For 'SequentialSampler.add_child', 'sampler' must be"):
        ds.SequentialSampler().add_child([1])
    with pytest.raises(ValueError, match="For 'split', the fraction 0.05 of 6 rows is no row"):
        table.project("a").concat(table.project("a")).concat(
            table.project("a")).split([0.05, 0.95], randomize=False)


# the labels of tests/dataset_reference.py's PKSampler scenarios
PK_LABELS = np.array([7, 3, 3, 9, 7, 1, 3, 7, 7, 9, 3])


def _pk_read(sampler, passes=1):
    dataset = ds.NumpySlicesDataset({"image": np.arange(len(PK_LABELS)), "label": PK_LABELS},
                                    sampler=sampler)
    iterator = dataset.create_tuple_iterator(num_epochs=passes, output_numpy=True)
    return [[(int(i), int(label)) for i, label in iterator] for _ in range(passes)]


def test_pk_sampler_draws_each_class_with_replacement_anew_each_pass():
    ds.config.set_seed(4)
    passes = _pk_read(ds.PKSampler(3), passes=4)
    for rows in passes:
        assert [label for _, label in rows] == [1] * 3 + [3] * 3 + [7] * 3 + [9] * 3
        assert all(PK_LABELS[i] == label for i, label in rows)
        assert [i for i, _ in rows[:3]] == [5, 5, 5]     # a class of one row, drawn 3 times
    assert len({tuple(rows) for rows in passes}) > 1
    drawn = [i for rows in _pk_read(ds.PKSampler(2), passes=200) for i, label in rows
             if label == 3]
    # class 3's rows drawn uniformly with replacement: each about a quarter of the time
    counts = np.bincount(drawn, minlength=11)[[1, 2, 6, 10]]
    assert counts.sum() == 400 and counts.min() > 70
    ds.config.set_seed(4)
    assert _pk_read(ds.PKSampler(3), passes=4) == passes


def test_pk_sampler_shuffles_the_order_of_whole_classes():
    ds.config.set_seed(2)
    orders = set()
    for rows in _pk_read(ds.PKSampler(2, shuffle=True), passes=20):
        labels = [label for _, label in rows]
        assert sorted(labels) == [1, 1, 3, 3, 7, 7, 9, 9]
        assert labels[0::2] == labels[1::2]              # each class's rows side by side
        orders.add(tuple(labels[0::2]))
    assert len(orders) > 3


def test_pk_sampler_reads_the_class_column_of_any_source():
    class Pairs:
        def __getitem__(self, i):
            return np.array(i), np.array(i % 3)

        def __len__(self):
            return 7

    dataset = ds.GeneratorDataset(Pairs(), ["x", "kind"],
                                  sampler=ds.PKSampler(2, class_column="kind"))
    rows = [(int(x), int(kind)) for x, kind in dataset.create_tuple_iterator(output_numpy=True)]
    assert [kind for _, kind in rows] == [0, 0, 1, 1, 2, 2] and dataset.get_dataset_size() == 6
    assert all(x % 3 == kind for x, kind in rows)
    shuffled = ds.RandomSampler()
    shuffled.add_child(ds.PKSampler(1, class_column="kind"))
    # as a child: one row of each class, in random order
    picked = _read(ds.GeneratorDataset(Pairs(), ["x", "kind"], sampler=shuffled))
    assert sorted(x % 3 for x in picked) == [0, 1, 2]
    with pytest.raises(ValueError, match="'class_column' 'label' is not among"):
        _read(ds.GeneratorDataset(Pairs(), ["x", "kind"], sampler=ds.PKSampler(2)))
    floats = ds.NumpySlicesDataset({"label": [0.5, 1.5]}, sampler=ds.PKSampler(1))
    with pytest.raises(ValueError, match="must hold one integer label per row"):
        floats.get_dataset_size()
    with pytest.raises(ValueError, match="'sampler' cannot be given together with"):
        ds.NumpySlicesDataset({"label": [0, 1]}, sampler=ds.PKSampler(1), shuffle=False)


def test_sampler_swaps_refuse_what_is_not_a_sampler_and_change_nothing():
    """MindSpore's add_sampler fails with AttributeError on None or a list."""
    data = _numbers(5, shuffle=False)
    for bad in (None, [1, 2]):
        with pytest.raises(TypeError, match="For 'NumpySlicesDataset.add_sampler', "
                                            "'new_sampler' must be a sampler"):
            data.add_sampler(bad)
    parented = ds.SequentialSampler()
    parented.add_child(ds.SequentialSampler(3))
    with pytest.raises(ValueError, match="already has a child sampler"):
        data.use_sampler(parented)
    assert _read(data) == [0, 1, 2, 3, 4]
    data = _numbers(5, sampler=ds.SubsetSampler([4, 3, 2]))
    data.add_sampler(ds.SequentialSampler(num_samples=2))
    assert _read(data) == [4, 3]
    data.use_sampler(ds.SubsetSampler([1, 0]))
    assert _read(data) == [3, 4]     # the replaced sampler's child is kept


def test_callable_batch_size_errors_and_counting():
    def broken(info):
        raise KeyError("no size")

    with pytest.raises(KeyError, match="no size"):
        _read(_numbers(3, shuffle=False).batch(broken))
    with pytest.raises(ValueError, match="For 'padded_batch', the 'batch_size' function must "
                                         "return a positive int, but it returned 0"):
        list(_numbers(3, shuffle=False).padded_batch(lambda info: 0, pad_info={}))
    asked = []

    def sizes(info):
        asked.append((info.get_epoch_num(), info.get_batch_num()))
        return 2

    iterator = _numbers(5, shuffle=False).batch(sizes).create_tuple_iterator(num_epochs=2)
    assert len(list(iterator)) == 3
    data = iterator._dataset
    assert data.get_dataset_size() == 3 and data.output_shapes(estimate=True) == [[None]]
    # counting read a pass as epoch 0; the iterator's next pass is still epoch 1
    asked.clear()
    assert len(list(iterator)) == 3 and asked == [(1, 0), (1, 1), (1, 2)]


def test_estimated_shapes_of_an_empty_dataset_raise():
    with pytest.raises(ValueError, match="no rows"):
        _numbers(3, shuffle=False).skip(3).output_shapes(estimate=True)
