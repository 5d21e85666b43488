"""MindSpore 2.10's results for tests/test_dataset_pipeline.py: samplers and
pipeline steps of ``mindspore.dataset``.

``capture(ds)`` runs small deterministic scenarios with a dataset module
(``mindspore.dataset`` or ``dualgrad.dataset``) and returns what a user sees:
the rows (as lists), ``get_dataset_size()``, column names, dtypes and shapes
of the deterministic samplers (SequentialSampler, DistributedSampler without
shuffling and with an offset, SubsetSampler, index lists and ranges, a
user's Sampler, child samplers, ``get_num_samples``) and of the pipeline
steps (take, skip, zip, concat, project, rename, filter, split, batch with
per_batch_map, padded_batch, map with several operations and output
columns, get_batch_size, get_repeat_count, output_shapes, output_types), a
callable ``batch_size`` (the batches, and the BatchInfo values it is called
with over partial batches, epochs and repeats), ``output_shapes(estimate=True)``,
``use_sampler`` and ``add_sampler``, and PKSampler's classes.  ``errors(ds)``
names the calls MindSpore rejects and gives the exception's type and message.
``MINDSPORE`` and ``MINDSPORE_ERRORS`` hold what MindSpore 2.10 (CPU)
returned; they were captured once by running this module with MindSpore's
Python (``python dataset_reference.py`` prints them), and the tests need no
MindSpore.  Random samplers are not here: their orders come from MindSpore's
C++ generator, which dualgrad does not reproduce; of PKSampler, whose rows
within a class are drawn at random, the labels of the rows read are
compared (MindSpore's in-memory sources refuse a PKSampler, so under
MindSpore its rows come from an MNIST file of the same labels).
"""
import os
import re
import struct
import tempfile

import numpy as np


def _rows(dataset, **kwargs):
    return [[np.asarray(v).tolist() for v in row]
            for row in dataset.create_tuple_iterator(output_numpy=True, **kwargs)]


def _indices(dataset):
    """The first column of each row, for one-column index datasets."""
    return [row[0] for row in _rows(dataset)]


def _seen(dataset):
    """Rows, size and column names: what a pipeline step is checked by."""
    return {"rows": _rows(dataset), "size": dataset.get_dataset_size(),
            "columns": dataset.get_col_names()}


def _numbers(ds, n=7, **kwargs):
    return ds.NumpySlicesDataset({"i": np.arange(n)}, **kwargs)


def _table(ds):
    """Six rows of three columns of different dtypes and shapes."""
    return ds.NumpySlicesDataset({"a": np.arange(6, dtype=np.float64),
                                  "b": np.arange(10, 16, dtype=np.int64),
                                  "c": np.arange(12, dtype=np.float32).reshape(6, 2)},
                                 shuffle=False)


class _RandomAccess:
    def __getitem__(self, index):
        return np.array(index), np.array([index, -index], np.int32)

    def __len__(self):
        return 6


def _with_child(parent, child):
    parent.add_child(child)
    return parent


def _sampler_scenarios(ds):
    def sampled(sampler, n=7):
        dataset = _numbers(ds, n, sampler=sampler)
        return [_indices(dataset), dataset.get_dataset_size()]

    out = {
        "sequential": sampled(ds.SequentialSampler()),
        "sequential start": sampled(ds.SequentialSampler(start_index=2)),
        "sequential start count": sampled(ds.SequentialSampler(2, 3)),
        "sequential count beyond": sampled(ds.SequentialSampler(2, 10)),
        "sequential count zero": sampled(ds.SequentialSampler(num_samples=0)),
        "subset": sampled(ds.SubsetSampler([3, 1, 1, 6])),
        "subset count": sampled(ds.SubsetSampler([3, 1, 1, 6], num_samples=2)),
        "subset numpy": sampled(ds.SubsetSampler(np.array([5, 0]))),
        "subset single int": sampled(ds.SubsetSampler(4)),
        "list": sampled([4, 0, 2]),
        "tuple": sampled((6, 6, 1)),
        "array": sampled(np.array([4, 0, 2])),
    }
    for shards, shard in ((2, 0), (2, 1), (3, 0), (3, 2), (4, 3), (10, 9)):
        out[f"distributed {shards} {shard}"] = sampled(
            ds.DistributedSampler(shards, shard, shuffle=False))
    for offset in (0, 1, 2, 3):
        for shard in range(3):
            out[f"distributed 3 {shard} offset {offset}"] = sampled(
                ds.DistributedSampler(3, shard, shuffle=False, offset=offset))
    for shard in range(4):
        out[f"distributed 4 {shard} offset 1 of 2"] = sampled(
            ds.DistributedSampler(4, shard, shuffle=False, offset=1), n=2)
    out["distributed Shuffle.FALSE"] = sampled(ds.DistributedSampler(3, 1,
                                                                     shuffle=ds.Shuffle.FALSE))
    out["distributed count"] = sampled(ds.DistributedSampler(3, 1, shuffle=False, num_samples=2))
    out["distributed count beyond"] = sampled(
        ds.DistributedSampler(3, 1, shuffle=False, num_samples=5))
    out["distributed offset count"] = sampled(
        ds.DistributedSampler(3, 1, shuffle=False, num_samples=1, offset=2))
    out["child sequential of sequential"] = sampled(
        _with_child(ds.SequentialSampler(1, 3), ds.SequentialSampler(2)))
    out["child distributed of subset"] = sampled(
        _with_child(ds.DistributedSampler(2, 1, shuffle=False), ds.SubsetSampler([6, 5, 4, 3, 2])))
    out["child subset of sequential"] = sampled(
        _with_child(ds.SubsetSampler([0, 2, 3]), ds.SequentialSampler(3)))
    out["child subset of distributed"] = sampled(
        _with_child(ds.SubsetSampler([2, 0]), ds.DistributedSampler(2, 1, shuffle=False)))
    out["get_num_samples"] = [
        ds.SequentialSampler().get_num_samples(), ds.SequentialSampler(1, 3).get_num_samples(),
        ds.SubsetSampler([1, 2, 3]).get_num_samples(),
        ds.SubsetSampler([1, 2, 3], 2).get_num_samples(),
        ds.SubsetRandomSampler([1, 2, 3], 5).get_num_samples(),
        ds.RandomSampler().get_num_samples(), ds.RandomSampler(num_samples=4).get_num_samples(),
        ds.DistributedSampler(2, 0).get_num_samples(),
        ds.WeightedRandomSampler([1, 2], 5).get_num_samples(),
        _with_child(ds.SequentialSampler(1, 3), ds.SequentialSampler(num_samples=2))
        .get_num_samples(),
        _with_child(ds.SequentialSampler(), ds.SubsetSampler([1, 2, 3])).get_num_samples()]
    class EveryThird(ds.Sampler):
        def __iter__(self):
            return iter(range(0, self.dataset_size, 3))

    out["iterable"] = sampled(range(5, 0, -2))
    out["iterable with num_samples"] = [_indices(_numbers(ds, sampler=range(5, 0, -2),
                                                          num_samples=2)),
                                        _numbers(ds, sampler=range(5, 0, -2), num_samples=2)
                                        .get_dataset_size()]
    out["user sampler"] = sampled(EveryThird(), n=10)
    out["user sampler count"] = sampled(EveryThird(num_samples=2), n=10)
    out["list with num_samples"] = [_indices(_numbers(ds, sampler=[4, 0, 2, 1], num_samples=2)),
                                    _numbers(ds, sampler=[4, 0, 2, 1], num_samples=2)
                                    .get_dataset_size()]
    out["list ignores shuffle and shards"] = [
        _indices(_numbers(ds, sampler=[4, 0, 2, 1], shuffle=False)),
        _indices(_numbers(ds, sampler=[4, 0, 2, 1], num_shards=2, shard_id=0))]
    # the sizes of random samplers are deterministic
    out["random sizes"] = [_numbers(ds, sampler=s).get_dataset_size() for s in (
        ds.RandomSampler(), ds.RandomSampler(num_samples=3), ds.RandomSampler(num_samples=10),
        ds.RandomSampler(True, num_samples=10), ds.SubsetRandomSampler([3, 1, 5, 6], 2),
        ds.WeightedRandomSampler([0, 1, 0, 2, 0, 0, 0]),
        ds.WeightedRandomSampler([0, 1, 0, 2, 0, 0, 0], 3),
        ds.WeightedRandomSampler([0, 1, 0, 2, 0, 0, 0], 10),
        ds.WeightedRandomSampler([1, 1], 4))]
    out["shuffled source sizes"] = [_numbers(ds, num_samples=10).get_dataset_size(),
                                    _numbers(ds, num_samples=4).get_dataset_size(),
                                    _numbers(ds, num_shards=3, shard_id=0).get_dataset_size()]
    out["sharded source count"] = _indices(_numbers(ds, shuffle=False, num_shards=2, shard_id=1,
                                                    num_samples=2))
    source = _RandomAccess()
    out["generator subset"] = _rows(ds.GeneratorDataset(source, ["i", "pair"],
                                                        sampler=ds.SubsetSampler([5, 0, 3])))
    out["generator distributed"] = _rows(ds.GeneratorDataset(
        source, ["i", "pair"], sampler=ds.DistributedSampler(4, 1, shuffle=False)))
    out["generator list"] = _rows(ds.GeneratorDataset(source, ["i", "pair"], sampler=[2, 2, 1]))
    out["sampler then batch"] = [_rows(_numbers(ds, sampler=ds.SequentialSampler(1)).batch(4)),
                                 _numbers(ds, sampler=ds.SequentialSampler(1)).batch(4)
                                 .get_dataset_size()]
    return out


def _twice_and_half(a):
    return a * 2, a / 2


def _pipeline_scenarios(ds):
    table = _table
    out = {
        "take": _seen(table(ds).take(4)),
        "take all": _seen(table(ds).take(-1)),
        "take beyond": _seen(table(ds).take(10)),
        "skip": _seen(table(ds).skip(4)),
        "skip none": table(ds).skip(0).get_dataset_size(),
        "skip all": _seen(table(ds).skip(10)),
        "batch take": _seen(table(ds).batch(4).take(1)),
        "skip batch": _seen(table(ds).skip(1).batch(2)),
        "repeat take": _seen(table(ds).project("a").repeat(2).take(8)),
        "take repeat": _seen(table(ds).project("a").take(2).repeat(3)),
        "skip repeat": _seen(table(ds).project("a").skip(4).repeat(2)),
        "repeat skip": _seen(table(ds).project("a").repeat(2).skip(4)),
    }
    def right():
        return _numbers(ds, 4, shuffle=False).rename("i", "n")

    out["zip"] = _seen(table(ds).project(["a", "b"]).zip(right()))
    out["zip tuple"] = _seen(table(ds).project("c").zip((right(), _numbers(
        ds, 5, shuffle=False).rename("i", "m"))))
    out["zip function"] = _seen(ds.zip((right(), table(ds).project("b"))))
    out["concat"] = _seen(table(ds).project(["b", "a"]).take(2).concat(
        table(ds).project(["b", "a"]).skip(4)))
    out["concat list"] = _seen(_numbers(ds, 2, shuffle=False).concat(
        [_numbers(ds, 3, shuffle=False), _numbers(ds, 1, shuffle=False)]))
    out["concat plus"] = _seen(_numbers(ds, 2, shuffle=False) + _numbers(ds, 3, shuffle=False))
    out["concat batch"] = _seen((_numbers(ds, 3, shuffle=False)
                                 + _numbers(ds, 3, shuffle=False)).batch(4))
    out["project"] = _seen(table(ds).project(["c", "a"]))
    out["project one"] = _seen(table(ds).project("b"))
    out["rename"] = _seen(table(ds).rename(["a", "c"], ["x", "z"]))
    out["rename one"] = table(ds).rename("b", "label").get_col_names()
    out["filter"] = _seen(table(ds).filter(lambda b: b % 2 == 0, input_columns=["b"]))
    out["filter all columns"] = _seen(table(ds).filter(lambda a, b, c: a > 2.5))
    out["filter two columns"] = _seen(table(ds).filter(lambda a, c: a + c[0] > 7,
                                                       input_columns=["a", "c"]))
    out["filter batch"] = _seen(table(ds).filter(lambda b: b != 12, ["b"]).batch(2))
    first, second = table(ds).project("a").split([2, 4], randomize=False)
    out["split sizes"] = [_seen(first), _seen(second)]
    parts = _numbers(ds, 10, shuffle=False).split([0.3, 0.25, 0.45], randomize=False)
    out["split fractions"] = [_seen(part) for part in parts]
    parts = _numbers(ds, 7, shuffle=False).split([0.5, 0.5], randomize=False)
    out["split fractions rounding"] = [_seen(part) for part in parts]
    parts = table(ds).map(lambda a: a + 1, "a").project("a").split([1, 5], randomize=False)
    out["split after map"] = [_seen(part) for part in parts]
    out["batch per_batch_map"] = _seen(table(ds).batch(
        4, per_batch_map=lambda a, b, c, info: ([x * 10 for x in a],
                                             [y + info.get_batch_num() for y in b], c)))
    # (MindSpore orders the columns a per_batch_map does not read by a hash
    # map when the outputs are more than the inputs: here there is one)
    out["batch per_batch_map columns"] = _seen(table(ds).project(["b", "c"]).batch(
        3, input_columns=["b"], output_columns=["b2", "b3"],
        per_batch_map=lambda b, info: ([y * 2 for y in b], [y * 3 for y in b])))
    out["batch per_batch_map subset"] = _seen(table(ds).batch(
        2, drop_remainder=True, input_columns=["a"],
        per_batch_map=lambda a, info: ([x + 100 for x in a],)))
    out["padded_batch"] = _seen(ds.GeneratorDataset(
        lambda: iter([(np.arange(n) + 1,) for n in (1, 3, 2)]), ["v"]).padded_batch(
            2, pad_info={"v": ([4], -1)}))
    out["padded_batch longest"] = _seen(ds.GeneratorDataset(
        lambda: iter([(np.arange(n) + 1.0, np.array(n)) for n in (1, 3, 2)]),
        ["v", "n"]).padded_batch(3, pad_info={"v": (None, 0.5)}))
    out["padded_batch all"] = _seen(ds.GeneratorDataset(
        lambda: iter([(np.ones((n, 2), np.float32),) for n in (2, 1)]), ["m"])
        .padded_batch(2, pad_info={}))
    out["map two ops"] = _seen(table(ds).map([lambda a: a + 1, lambda a: a * 10], "a"))
    out["map split column"] = _seen(table(ds).map(_twice_and_half, "a", ["a2", "ah"]))
    out["map split middle"] = _seen(table(ds).map(_twice_and_half, "b", ["b2", "bh"]))
    out["map swap"] = _seen(table(ds).map(lambda c, a: (a, c), ["c", "a"], ["x", "y"]))
    out["map rename"] = _seen(table(ds).map(lambda c: c.sum(), "c", "csum"))
    out["map merge"] = _seen(table(ds).map(lambda a, c: a + c, ["a", "c"], "ac"))
    out["map merge later first"] = _seen(table(ds).map(lambda c, a: c - a, ["c", "a"], ["ca"]))
    out["batch sizes"] = [table(ds).get_batch_size(), table(ds).batch(4).get_batch_size(),
                          table(ds).batch(4).repeat(2).get_batch_size(),
                          table(ds).batch(2).batch(3).get_batch_size()]
    out["repeat counts"] = [table(ds).get_repeat_count(), table(ds).repeat(3).get_repeat_count(),
                            table(ds).repeat(3).batch(2).get_repeat_count(),
                            table(ds).repeat(2).repeat(3).get_repeat_count()]
    out["output_shapes"] = [table(ds).output_shapes(), table(ds).batch(4).output_shapes(),
                            table(ds).batch(4, drop_remainder=True).output_shapes(),
                            table(ds).batch(4).skip(1).output_shapes(),
                            ds.NumpySlicesDataset(np.zeros((3, 2, 5), np.float32), shuffle=False)
                            .output_shapes()]
    out["output_types"] = [[np.dtype(t).name for t in table(ds).output_types()],
                           [np.dtype(t).name for t in table(ds).map(
                               lambda a: a.astype(np.float16), "a").output_types()]]
    out["sizes"] = [table(ds).take(4).batch(3).get_dataset_size(),
                    table(ds).skip(1).batch(2, drop_remainder=True).get_dataset_size(),
                    table(ds).zip(_numbers(ds, 3, shuffle=False)).batch(2).get_dataset_size(),
                    (table(ds) + table(ds)).repeat(2).get_dataset_size(),
                    table(ds).repeat(2).take(9).get_dataset_size(),
                    table(ds).take(2).repeat(2).get_dataset_size()]
    return out


class _BatchSizes:
    """A callable ``batch_size`` recording the (epoch, batch) numbers it is
    asked with; its size is ``rule(epoch, batch)``."""

    def __init__(self, rule):
        self.rule, self.asked = rule, []

    def __call__(self, info):
        self.asked.append([info.get_epoch_num(), info.get_batch_num()])
        return self.rule(info.get_epoch_num(), info.get_batch_num())


def _growing(epoch, batch):
    return batch + 1


def _tag_batch(i, info):
    """per_batch_map: each value plus 100 * epoch + 10 * batch, to see its BatchInfo."""
    return ([v + 100 * info.get_epoch_num() + 10 * info.get_batch_num() for v in i],)


def _dynamic(ds, n, rule=_growing, epochs=1, build=lambda data, size: data.batch(size)):
    """Rows of each epoch and the BatchInfo values asked for, as many as there
    are batches read (MindSpore may ask once more, for the next epoch's first
    batch, while its pipeline stops)."""
    sizes = _BatchSizes(rule)
    dataset = build(_numbers(ds, n, shuffle=False), sizes)
    iterator = dataset.create_tuple_iterator(num_epochs=epochs, output_numpy=True)
    passes = [[np.asarray(r[0]).tolist() for r in iterator] for _ in range(epochs)]
    return {"rows": passes, "asked": sizes.asked[:sum(map(len, passes))],
            "size": build(_numbers(ds, n, shuffle=False), _BatchSizes(rule)).get_dataset_size()}


def _batch_size_scenarios(ds):
    out = {
        "growing": _dynamic(ds, 10),
        "growing partial kept": _dynamic(ds, 8),
        "growing partial dropped": _dynamic(
            ds, 8, build=lambda data, size: data.batch(size, drop_remainder=True)),
        "growing two epochs": _dynamic(ds, 7, epochs=2),
        "by epoch": _dynamic(ds, 4, lambda epoch, batch: epoch + 1, epochs=2),
        "constant": _dynamic(ds, 7, lambda epoch, batch: 3),
        "numpy int": _dynamic(ds, 5, lambda epoch, batch: np.int64(2)),
        "bool": _dynamic(ds, 3, lambda epoch, batch: True),
        "batch then repeat": _dynamic(ds, 5, epochs=2,
                                      build=lambda data, size: data.batch(size).repeat(2)),
        "repeat then batch": _dynamic(ds, 5, epochs=2,
                                      build=lambda data, size: data.repeat(2).batch(size)),
        "with per_batch_map": _dynamic(ds, 6, epochs=2, build=lambda data, size: data.batch(
            size, per_batch_map=_tag_batch).repeat(2)),
        "padded": _dynamic(ds, 6, build=lambda data, size: data.map(
            lambda i: np.arange(i % 3 + 1), "i").padded_batch(size, pad_info={"i": (None, -1)})),
        "varargs": _dynamic(ds, 5, build=lambda data, size: data.batch(lambda *info: 2)),
    }
    # each iterator counts its own epochs from 0
    sizes = _BatchSizes(lambda epoch, batch: epoch + 1)
    dataset = _numbers(ds, 4, shuffle=False).batch(sizes)
    seen = []
    for _ in range(2):
        sizes.asked = []
        rows = _indices(dataset)
        seen.append({"rows": rows, "asked": sizes.asked[:len(rows)]})
    out["by epoch, two iterators"] = seen

    def data():
        return _numbers(ds, 6, shuffle=False)

    out["get_batch_size"] = [data().batch(_BatchSizes(_growing)).get_batch_size(),
                             data().batch(_BatchSizes(_growing)).batch(2).get_batch_size(),
                             data().batch(2).batch(_BatchSizes(_growing)).repeat(2)
                             .get_batch_size()]
    return out


def _ragged(ds):
    return ds.GeneratorDataset(lambda: iter([(np.arange(n), np.ones((2, n)), np.array(1.5))
                                             for n in (2, 3, 2)]), ["a", "b", "c"])


def _estimate_scenarios(ds):
    table = _table
    return {
        "table": table(ds).output_shapes(estimate=True),
        "batch partial": table(ds).batch(4).output_shapes(estimate=True),
        "batch dropped": table(ds).batch(4, drop_remainder=True).output_shapes(estimate=True),
        "batch even": table(ds).batch(3).output_shapes(estimate=True),
        "ragged": _ragged(ds).output_shapes(estimate=True),
        "ragged first row": _ragged(ds).output_shapes(),
        "ragged estimate False": _ragged(ds).output_shapes(estimate=False),
        "ragged map": _ragged(ds).map(lambda a: a[:1], "a").output_shapes(estimate=True),
        "ragged padded": _ragged(ds).padded_batch(2, pad_info={"a": None, "b": None})
        .output_shapes(estimate=True),
        "dynamic batch": _numbers(ds, 7, shuffle=False).batch(
            _BatchSizes(_growing)).output_shapes(estimate=True),
    }


def _swapped(ds, action, dataset, sampler):
    """``dataset`` after ``use_sampler`` or ``add_sampler`` (which return None)."""
    returned = getattr(dataset, action)(sampler)
    return [_indices(dataset), dataset.get_dataset_size(), returned]


def _parent_of(parent, child):
    parent.add_child(child)
    return parent


class _Evens:
    """A user's sampler class of the module ``ds``: every other row."""

    @staticmethod
    def of(ds):
        class Evens(ds.Sampler):
            def __iter__(self):
                return iter(range(0, self.dataset_size, 2))
        return Evens()


def _sampler_swap_scenarios(ds):
    def nums(**kwargs):
        return _numbers(ds, **kwargs)

    out = {
        "use on unshuffled": _swapped(ds, "use_sampler", nums(shuffle=False),
                                      ds.SequentialSampler(2, 3)),
        "use on shuffled": _swapped(ds, "use_sampler", nums(), ds.SubsetSampler([4, 1])),
        "use keeps the child": _swapped(
            ds, "use_sampler", nums(sampler=_parent_of(ds.SubsetSampler([0, 1, 2]),
                                                       ds.SequentialSampler(2))),
            ds.SubsetSampler([3, 0])),
        "use on a list": _swapped(ds, "use_sampler", nums(sampler=[6, 5, 4]),
                                  ds.SequentialSampler(1)),
        "use on num_samples": _swapped(ds, "use_sampler", nums(shuffle=False, num_samples=3),
                                       ds.SequentialSampler(1)),
        "use a user sampler": _swapped(ds, "use_sampler", nums(shuffle=False), _Evens.of(ds)),
        "add on unshuffled": _swapped(ds, "add_sampler", nums(shuffle=False),
                                      ds.SequentialSampler(2, 3)),
        "add on num_samples": _swapped(ds, "add_sampler", nums(shuffle=False, num_samples=3),
                                       ds.SequentialSampler(1)),
        "add on subset": _swapped(ds, "add_sampler", nums(sampler=ds.SubsetSampler([6, 4, 2, 0])),
                                  ds.SubsetSampler([3, 1])),
        "add distributed": _swapped(ds, "add_sampler", nums(shuffle=False),
                                    ds.DistributedSampler(2, 1, shuffle=False)),
        "add on a user sampler": _swapped(ds, "add_sampler", nums(sampler=_Evens.of(ds)),
                                          ds.SequentialSampler(1)),
        "add a user sampler": _swapped(ds, "add_sampler", nums(shuffle=False), _Evens.of(ds)),
        "generator use": _swapped(ds, "use_sampler", ds.GeneratorDataset(
            _RandomAccess(), ["i", "pair"], shuffle=False), ds.SubsetSampler([5, 1])),
        "generator add": _swapped(ds, "add_sampler", ds.GeneratorDataset(
            _RandomAccess(), ["i", "pair"], shuffle=False), ds.SequentialSampler(4)),
        "iterable generator ignores it": _swapped(ds, "use_sampler", ds.GeneratorDataset(
            lambda: iter([np.array(1), np.array(2), np.array(3)]), ["i"]),
            ds.SequentialSampler(1)),
    }
    twice = nums(shuffle=False)
    twice.add_sampler(ds.SequentialSampler(1))
    out["add twice"] = _swapped(ds, "add_sampler", twice, ds.SequentialSampler(1))
    resized = nums(shuffle=False)
    before = resized.get_dataset_size()
    out["size before and after"] = [before] + _swapped(ds, "add_sampler", resized,
                                                       ds.SequentialSampler(2))
    source = nums(shuffle=False)
    batched = source.batch(2)
    source.use_sampler(ds.SequentialSampler(3))
    out["steps built before see it"] = _seen(batched)
    random = nums(shuffle=False)
    random.add_sampler(ds.RandomSampler(num_samples=3))
    out["add random"] = [len(set(_indices(random))), random.get_dataset_size()]
    return out


# the labels of the rows of the PKSampler scenarios: class 1 has one row
_PK_LABELS = [7, 3, 3, 9, 7, 1, 3, 7, 7, 9, 3]


def _pk_dataset(ds, sampler):
    """Rows (index, label) with the labels _PK_LABELS, read through ``sampler``."""
    if ds.__name__.startswith("mindspore"):
        # MindSpore's in-memory sources refuse a PKSampler; its MNIST reader takes one
        folder = tempfile.mkdtemp()
        with open(os.path.join(folder, "train-images-idx3-ubyte"), "wb") as images:
            images.write(struct.pack(">IIII", 2051, len(_PK_LABELS), 28, 28))
            images.write(b"".join(bytes([i]) * 784 for i in range(len(_PK_LABELS))))
        with open(os.path.join(folder, "train-labels-idx1-ubyte"), "wb") as labels:
            labels.write(struct.pack(">II", 2049, len(_PK_LABELS)) + bytes(_PK_LABELS))
        return ds.MnistDataset(folder, usage="train", sampler=sampler)
    return ds.NumpySlicesDataset({"image": np.arange(len(_PK_LABELS)),
                                  "label": np.array(_PK_LABELS, np.uint32)}, sampler=sampler)


def _pk_labels(ds, sampler, epochs=1, order=list):
    """The labels read in each epoch (``order``ed) and the dataset's size."""
    dataset = _pk_dataset(ds, sampler)
    iterator = dataset.create_tuple_iterator(num_epochs=epochs, output_numpy=True)
    passes = [order(int(r[1]) for r in iterator) for _ in range(epochs)]
    return [passes, dataset.get_dataset_size()]


def _pk_scenarios(ds):
    out = {f"K {k}": _pk_labels(ds, ds.PKSampler(k)) for k in (1, 2, 3, 5)}
    out.update({
        "K 2 three epochs": _pk_labels(ds, ds.PKSampler(2), epochs=3),
        "num_samples within": _pk_labels(ds, ds.PKSampler(3, num_samples=7)),
        "num_samples zero": _pk_labels(ds, ds.PKSampler(2, num_samples=0)),
        "num_samples beyond": _pk_labels(ds, ds.PKSampler(2, num_samples=100)),
        "shuffled classes": _pk_labels(ds, ds.PKSampler(2, shuffle=True), epochs=2,
                                       order=sorted),
        "child of sequential": _pk_labels(ds, _parent_of(ds.SequentialSampler(1, 4),
                                                         ds.PKSampler(2))),
        "child of distributed": _pk_labels(ds, _parent_of(
            ds.DistributedSampler(2, 1, shuffle=False), ds.PKSampler(2))),
    })
    plain, shuffled = ds.PKSampler(2), ds.PKSampler(2, shuffle=True, num_samples=4)
    out["attributes"] = [[plain.num_val, plain.shuffle, plain.class_column, plain.num_samples,
                          plain.get_num_samples(), plain.is_shuffled(), plain.is_sharded()],
                         [shuffled.num_samples, shuffled.get_num_samples(),
                          shuffled.is_shuffled()]]
    return out


def capture(ds):
    """The scenarios' results with dataset module ``ds``."""
    return {"samplers": _sampler_scenarios(ds), "pipeline": _pipeline_scenarios(ds),
            "batch_size": _batch_size_scenarios(ds), "estimate": _estimate_scenarios(ds),
            "use_sampler": _sampler_swap_scenarios(ds), "PKSampler": _pk_scenarios(ds)}


def _error_cases(ds):
    """name: a call that MindSpore rejects."""
    table = _table
    return {
        "sampler with shuffle": lambda: _numbers(ds, sampler=ds.SequentialSampler(),
                                                 shuffle=False),
        "sampler with shards": lambda: _numbers(ds, sampler=ds.SequentialSampler(),
                                                num_shards=2, shard_id=0),
        "sampler with num_samples": lambda: _numbers(ds, sampler=ds.SequentialSampler(),
                                                     num_samples=2),
        "sampler of a string": lambda: _numbers(ds, sampler="ab"),
        "sampler of an int": lambda: _numbers(ds, sampler=5),
        "sampler for an iterable generator": lambda: ds.GeneratorDataset(
            lambda: iter([1, 2]), ["n"], sampler=ds.SequentialSampler()),
        "SequentialSampler start_index": lambda: ds.SequentialSampler(1.5),
        "SequentialSampler num_samples": lambda: ds.SequentialSampler(num_samples=-1),
        "SequentialSampler start beyond": lambda: _indices(
            _numbers(ds, sampler=ds.SequentialSampler(9))),
        "RandomSampler replacement": lambda: ds.RandomSampler(1),
        "RandomSampler num_samples": lambda: ds.RandomSampler(num_samples=2.0),
        "RandomSampler partial shuffle": lambda: _indices(
            _numbers(ds, sampler=ds.RandomSampler(shuffle=ds.Shuffle.PARTIAL))),
        "DistributedSampler files shuffle": lambda: _indices(
            _numbers(ds, sampler=ds.DistributedSampler(2, 0, shuffle=ds.Shuffle.FILES))),
        "DistributedSampler num_shards": lambda: ds.DistributedSampler(2.0, 0),
        "DistributedSampler shard_id": lambda: _indices(
            _numbers(ds, sampler=ds.DistributedSampler(3, 3))),
        "DistributedSampler shuffle": lambda: ds.DistributedSampler(2, 0, shuffle=1),
        "DistributedSampler offset": lambda: ds.DistributedSampler(2, 0, offset=1.0),
        "DistributedSampler offset beyond": lambda: _indices(
            _numbers(ds, sampler=ds.DistributedSampler(3, 0, shuffle=False, offset=4))),
        "SubsetSampler element": lambda: ds.SubsetSampler([3, 1.0]),
        "SubsetSampler indices": lambda: ds.SubsetSampler("ab"),
        "SubsetSampler out of range": lambda: _indices(
            _numbers(ds, sampler=ds.SubsetSampler([3, 9]))),
        "SubsetSampler negative": lambda: _indices(
            _numbers(ds, sampler=ds.SubsetSampler([3, -1]))),
        "WeightedRandomSampler element": lambda: ds.WeightedRandomSampler(["a"]),
        "WeightedRandomSampler replacement": lambda: ds.WeightedRandomSampler([1], replacement=1),
        "WeightedRandomSampler negative": lambda: _indices(
            _numbers(ds, sampler=ds.WeightedRandomSampler([0, -1, 2], 3))),
        "WeightedRandomSampler all zero": lambda: _indices(
            _numbers(ds, sampler=ds.WeightedRandomSampler([0, 0], 3))),
        "WeightedRandomSampler more weights than rows": lambda: _indices(
            _numbers(ds, 3, sampler=ds.WeightedRandomSampler([1] * 5, 2))),
        "add_child twice": lambda: _with_child(_with_child(
            ds.SequentialSampler(), ds.SequentialSampler()), ds.SequentialSampler()),
        "take count": lambda: table(ds).take(0),
        "take type": lambda: table(ds).take(2.0),
        "skip count": lambda: table(ds).skip(-1),
        "zip type": lambda: table(ds).zip([table(ds)]),
        "zip duplicate columns": lambda: _rows(table(ds).zip(table(ds))),
        "concat type": lambda: table(ds).concat((table(ds),)),
        "concat columns": lambda: _rows(table(ds).concat(_numbers(ds, shuffle=False))),
        "project unknown": lambda: _rows(table(ds).project(["a", "zz"])),
        "project type": lambda: table(ds).project(3),
        "rename lengths": lambda: table(ds).rename(["a", "b"], ["x"]),
        "rename unknown": lambda: _rows(table(ds).rename("zz", "y")),
        "filter predicate": lambda: table(ds).filter(3),
        "filter unknown column": lambda: _rows(table(ds).filter(lambda z: True, ["zz"])),
        "split sum": lambda: table(ds).split([2, 3], randomize=False),
        "split fractions sum": lambda: table(ds).split([0.5, 0.4], randomize=False),
        "split mixed": lambda: table(ds).split([2, 0.5], randomize=False),
        "split type": lambda: table(ds).split((3, 3), randomize=False),
        "split randomize": lambda: table(ds).split([3, 3], randomize=1),
        "split empty": lambda: table(ds).split([], randomize=False),
        "split sharded": lambda: _numbers(ds, 6, shuffle=False, num_shards=2, shard_id=0)
        .split([1, 2], randomize=False),
        "batch input_columns without per_batch_map": lambda: table(ds).batch(
            2, input_columns=["a"]),
        "batch per_batch_map arity": lambda: table(ds).batch(
            2, input_columns=["a"], per_batch_map=lambda a, b, info: (a,)),
        "padded_batch pad_info": lambda: table(ds).padded_batch(2, pad_info={"a": [3]}),
        "map output count": lambda: _rows(table(ds).map(_twice_and_half, "a")),
        "batch_size str": lambda: table(ds).batch("2"),
        "batch_size zero": lambda: table(ds).batch(0),
        "batch_size beyond int32": lambda: table(ds).batch(2 ** 31),
        "batch_size callable of none": lambda: table(ds).batch(lambda: 2),
        "batch_size callable of two": lambda: table(ds).batch(lambda info, more: 2),
        "batch_size callable of a default": lambda: table(ds).batch(lambda info, more=1: 2),
        "padded_batch callable of none": lambda: table(ds).padded_batch(lambda: 2),
        "batch_size returns zero": lambda: _rows(table(ds).batch(lambda info: 0)),
        "batch_size returns negative": lambda: _rows(table(ds).batch(lambda info: -1)),
        "batch_size returns float": lambda: _rows(table(ds).batch(lambda info: 2.0)),
        "batch_size returns str": lambda: _rows(table(ds).batch(lambda info: "2")),
        "output_shapes estimate int": lambda: table(ds).output_shapes(estimate=1),
        "output_shapes estimate ranks": lambda: ds.GeneratorDataset(
            lambda: iter([np.zeros(2), np.zeros((2, 2))]), ["v"]).output_shapes(estimate=True),
        "use_sampler None": lambda: _numbers(ds).use_sampler(None),
        "use_sampler list": lambda: _numbers(ds).use_sampler([1, 2]),
        "use_sampler int": lambda: _numbers(ds).use_sampler(3),
        "use_sampler with a child": lambda: _numbers(ds).use_sampler(
            _with_child(ds.SequentialSampler(), ds.SequentialSampler())),
        "add_sampler with a child": lambda: _numbers(ds).add_sampler(
            _with_child(ds.SequentialSampler(), ds.SequentialSampler())),
        "add_sampler partial shuffle": lambda: _numbers(ds).add_sampler(
            ds.RandomSampler(shuffle=ds.Shuffle.PARTIAL)),
        "PKSampler num_val": lambda: ds.PKSampler(2.0),
        "PKSampler num_val zero": lambda: _rows(_pk_dataset(ds, ds.PKSampler(0))),
        "PKSampler num_val negative": lambda: _rows(_pk_dataset(ds, ds.PKSampler(-1))),
        "PKSampler num_class": lambda: ds.PKSampler(2, 3),
        "PKSampler shuffle": lambda: ds.PKSampler(2, shuffle=1),
        "PKSampler class_column": lambda: ds.PKSampler(2, class_column=3),
        "PKSampler num_samples": lambda: ds.PKSampler(2, num_samples=2.0),
        "PKSampler num_samples negative": lambda: ds.PKSampler(2, num_samples=-1),
        "PKSampler with a child": lambda: _rows(_pk_dataset(
            ds, _with_child(ds.PKSampler(2), ds.SequentialSampler(2, 6)))),
    }


def errors(ds):
    """name: [exception type, message] of each rejected call."""
    out = {}
    for name, call in _error_cases(ds).items():
        try:
            call()
        except Exception as error:          # what is raised is what is recorded
            message = str(error)
            start = message.find("[ERROR]")
            message = message[start + 8:] if start >= 0 else message
            message = re.sub(r"<[\w.]+ object at 0x[0-9a-f]+>", "<dataset>", message)
            out[name] = [type(error).__name__, message.strip().splitlines()[0][:200]]
        else:
            out[name] = None
    return out


MINDSPORE = {'PKSampler': {'K 1': [[[1, 3, 7, 9]], 4],
               'K 2': [[[1, 1, 3, 3, 7, 7, 9, 9]], 8],
               'K 2 three epochs': [[[1, 1, 3, 3, 7, 7, 9, 9],
                                     [1, 1, 3, 3, 7, 7, 9, 9],
                                     [1, 1, 3, 3, 7, 7, 9, 9]],
                                    8],
               'K 3': [[[1, 1, 1, 3, 3, 3, 7, 7, 7, 9, 9, 9]], 12],
               'K 5': [[[1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 7, 7, 7, 7, 7, 9, 9, 9, 9, 9]], 20],
               'attributes': [[2, False, 'label', None, None, False, False], [4, 4, True]],
               'child of distributed': [[[1, 3, 7, 9]], 4],
               'child of sequential': [[[1, 3, 3, 7]], 4],
               'num_samples beyond': [[[1, 1, 3, 3, 7, 7, 9, 9]], 8],
               'num_samples within': [[[1, 1, 1, 3, 3, 3, 7]], 7],
               'num_samples zero': [[[1, 1, 3, 3, 7, 7, 9, 9]], 8],
               'shuffled classes': [[[1, 1, 3, 3, 7, 7, 9, 9], [1, 1, 3, 3, 7, 7, 9, 9]], 8]},
 'batch_size': {'batch then repeat': {'asked': [[0, 0],
                                                [0, 1],
                                                [0, 2],
                                                [0, 0],
                                                [0, 1],
                                                [0, 2],
                                                [1, 0],
                                                [1, 1],
                                                [1, 2],
                                                [1, 0],
                                                [1, 1],
                                                [1, 2]],
                                      'rows': [[[0], [1, 2], [3, 4], [0], [1, 2], [3, 4]],
                                               [[0], [1, 2], [3, 4], [0], [1, 2], [3, 4]]],
                                      'size': 6},
                'bool': {'asked': [[0, 0], [0, 1], [0, 2]], 'rows': [[[0], [1], [2]]], 'size': 3},
                'by epoch': {'asked': [[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1]],
                             'rows': [[[0], [1], [2], [3]], [[0, 1], [2, 3]]],
                             'size': 4},
                'by epoch, two iterators': [{'asked': [[0, 0], [0, 1], [0, 2], [0, 3]],
                                             'rows': [[0], [1], [2], [3]]},
                                            {'asked': [[0, 0], [0, 1], [0, 2], [0, 3]],
                                             'rows': [[0], [1], [2], [3]]}],
                'constant': {'asked': [[0, 0], [0, 1], [0, 2]],
                             'rows': [[[0, 1, 2], [3, 4, 5], [6]]],
                             'size': 3},
                'get_batch_size': [-1, 2, -1],
                'growing': {'asked': [[0, 0], [0, 1], [0, 2], [0, 3]],
                            'rows': [[[0], [1, 2], [3, 4, 5], [6, 7, 8, 9]]],
                            'size': 4},
                'growing partial dropped': {'asked': [[0, 0], [0, 1], [0, 2]],
                                            'rows': [[[0], [1, 2], [3, 4, 5]]],
                                            'size': 3},
                'growing partial kept': {'asked': [[0, 0], [0, 1], [0, 2], [0, 3]],
                                         'rows': [[[0], [1, 2], [3, 4, 5], [6, 7]]],
                                         'size': 4},
                'growing two epochs': {'asked': [[0, 0],
                                                 [0, 1],
                                                 [0, 2],
                                                 [0, 3],
                                                 [1, 0],
                                                 [1, 1],
                                                 [1, 2],
                                                 [1, 3]],
                                       'rows': [[[0], [1, 2], [3, 4, 5], [6]],
                                                [[0], [1, 2], [3, 4, 5], [6]]],
                                       'size': 4},
                'numpy int': {'asked': [[0, 0], [0, 1], [0, 2]],
                              'rows': [[[0, 1], [2, 3], [4]]],
                              'size': 3},
                'padded': {'asked': [[0, 0], [0, 1], [0, 2]],
                           'rows': [[[[0]],
                                     [[0, 1, -1], [0, 1, 2]],
                                     [[0, -1, -1], [0, 1, -1], [0, 1, 2]]]],
                           'size': 3},
                'repeat then batch': {'asked': [[0, 0],
                                                [0, 1],
                                                [0, 2],
                                                [0, 3],
                                                [1, 0],
                                                [1, 1],
                                                [1, 2],
                                                [1, 3]],
                                      'rows': [[[0], [1, 2], [3, 4, 0], [1, 2, 3, 4]],
                                               [[0], [1, 2], [3, 4, 0], [1, 2, 3, 4]]],
                                      'size': 4},
                'varargs': {'asked': [], 'rows': [[[0, 1], [2, 3], [4]]], 'size': 3},
                'with per_batch_map': {'asked': [[0, 0],
                                                 [0, 1],
                                                 [0, 2],
                                                 [0, 0],
                                                 [0, 1],
                                                 [0, 2],
                                                 [1, 0],
                                                 [1, 1],
                                                 [1, 2],
                                                 [1, 0],
                                                 [1, 1],
                                                 [1, 2]],
                                       'rows': [[[0],
                                                 [11, 12],
                                                 [23, 24, 25],
                                                 [0],
                                                 [11, 12],
                                                 [23, 24, 25]],
                                                [[100],
                                                 [111, 112],
                                                 [123, 124, 125],
                                                 [100],
                                                 [111, 112],
                                                 [123, 124, 125]]],
                                       'size': 6}},
 'estimate': {'batch dropped': [[4], [4], [4, 2]],
              'batch even': [[3], [3], [3, 2]],
              'batch partial': [[None], [None], [None, 2]],
              'dynamic batch': [[None]],
              'ragged': [[None], [2, None], []],
              'ragged estimate False': [[2], [2, 2], []],
              'ragged first row': [[2], [2, 2], []],
              'ragged map': [[1], [2, None], []],
              'ragged padded': [[None, None], [None, 2, None], [None]],
              'table': [[], [], [2]]},
 'pipeline': {'batch per_batch_map': {'columns': ['a', 'b', 'c'],
                                      'rows': [[[0.0, 10.0, 20.0, 30.0],
                                                [10, 11, 12, 13],
                                                [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]]],
                                               [[40.0, 50.0],
                                                [15, 16],
                                                [[8.0, 9.0], [10.0, 11.0]]]],
                                      'size': 2},
              'batch per_batch_map columns': {'columns': ['b2', 'b3', 'c'],
                                              'rows': [[[20, 22, 24],
                                                        [30, 33, 36],
                                                        [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]],
                                                       [[26, 28, 30],
                                                        [39, 42, 45],
                                                        [[6.0, 7.0], [8.0, 9.0], [10.0, 11.0]]]],
                                              'size': 2},
              'batch per_batch_map subset': {'columns': ['a', 'b', 'c'],
                                             'rows': [[[100.0, 101.0],
                                                       [10, 11],
                                                       [[0.0, 1.0], [2.0, 3.0]]],
                                                      [[102.0, 103.0],
                                                       [12, 13],
                                                       [[4.0, 5.0], [6.0, 7.0]]],
                                                      [[104.0, 105.0],
                                                       [14, 15],
                                                       [[8.0, 9.0], [10.0, 11.0]]]],
                                             'size': 3},
              'batch sizes': [1, 4, 4, 3],
              'batch take': {'columns': ['a', 'b', 'c'],
                             'rows': [[[0.0, 1.0, 2.0, 3.0],
                                       [10, 11, 12, 13],
                                       [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]]]],
                             'size': 1},
              'concat': {'columns': ['b', 'a'],
                         'rows': [[10, 0.0], [11, 1.0], [14, 4.0], [15, 5.0]],
                         'size': 4},
              'concat batch': {'columns': ['i'], 'rows': [[[0, 1, 2, 0]], [[1, 2]]], 'size': 2},
              'concat list': {'columns': ['i'], 'rows': [[0], [1], [0], [1], [2], [0]], 'size': 6},
              'concat plus': {'columns': ['i'], 'rows': [[0], [1], [0], [1], [2]], 'size': 5},
              'filter': {'columns': ['a', 'b', 'c'],
                         'rows': [[0.0, 10, [0.0, 1.0]],
                                  [2.0, 12, [4.0, 5.0]],
                                  [4.0, 14, [8.0, 9.0]]],
                         'size': 3},
              'filter all columns': {'columns': ['a', 'b', 'c'],
                                     'rows': [[3.0, 13, [6.0, 7.0]],
                                              [4.0, 14, [8.0, 9.0]],
                                              [5.0, 15, [10.0, 11.0]]],
                                     'size': 3},
              'filter batch': {'columns': ['a', 'b', 'c'],
                               'rows': [[[0.0, 1.0], [10, 11], [[0.0, 1.0], [2.0, 3.0]]],
                                        [[3.0, 4.0], [13, 14], [[6.0, 7.0], [8.0, 9.0]]],
                                        [[5.0], [15], [[10.0, 11.0]]]],
                               'size': 3},
              'filter two columns': {'columns': ['a', 'b', 'c'],
                                     'rows': [[3.0, 13, [6.0, 7.0]],
                                              [4.0, 14, [8.0, 9.0]],
                                              [5.0, 15, [10.0, 11.0]]],
                                     'size': 3},
              'map merge': {'columns': ['ac', 'b'],
                            'rows': [[[0.0, 1.0], 10],
                                     [[3.0, 4.0], 11],
                                     [[6.0, 7.0], 12],
                                     [[9.0, 10.0], 13],
                                     [[12.0, 13.0], 14],
                                     [[15.0, 16.0], 15]],
                            'size': 6},
              'map merge later first': {'columns': ['ca', 'b'],
                                        'rows': [[[0.0, 1.0], 10],
                                                 [[1.0, 2.0], 11],
                                                 [[2.0, 3.0], 12],
                                                 [[3.0, 4.0], 13],
                                                 [[4.0, 5.0], 14],
                                                 [[5.0, 6.0], 15]],
                                        'size': 6},
              'map rename': {'columns': ['a', 'b', 'csum'],
                             'rows': [[0.0, 10, 1.0],
                                      [1.0, 11, 5.0],
                                      [2.0, 12, 9.0],
                                      [3.0, 13, 13.0],
                                      [4.0, 14, 17.0],
                                      [5.0, 15, 21.0]],
                             'size': 6},
              'map split column': {'columns': ['a2', 'ah', 'b', 'c'],
                                   'rows': [[0.0, 0.0, 10, [0.0, 1.0]],
                                            [2.0, 0.5, 11, [2.0, 3.0]],
                                            [4.0, 1.0, 12, [4.0, 5.0]],
                                            [6.0, 1.5, 13, [6.0, 7.0]],
                                            [8.0, 2.0, 14, [8.0, 9.0]],
                                            [10.0, 2.5, 15, [10.0, 11.0]]],
                                   'size': 6},
              'map split middle': {'columns': ['b2', 'bh', 'a', 'c'],
                                   'rows': [[20, 5.0, 0.0, [0.0, 1.0]],
                                            [22, 5.5, 1.0, [2.0, 3.0]],
                                            [24, 6.0, 2.0, [4.0, 5.0]],
                                            [26, 6.5, 3.0, [6.0, 7.0]],
                                            [28, 7.0, 4.0, [8.0, 9.0]],
                                            [30, 7.5, 5.0, [10.0, 11.0]]],
                                   'size': 6},
              'map swap': {'columns': ['y', 'b', 'x'],
                           'rows': [[[0.0, 1.0], 10, 0.0],
                                    [[2.0, 3.0], 11, 1.0],
                                    [[4.0, 5.0], 12, 2.0],
                                    [[6.0, 7.0], 13, 3.0],
                                    [[8.0, 9.0], 14, 4.0],
                                    [[10.0, 11.0], 15, 5.0]],
                           'size': 6},
              'map two ops': {'columns': ['a', 'b', 'c'],
                              'rows': [[10.0, 10, [0.0, 1.0]],
                                       [20.0, 11, [2.0, 3.0]],
                                       [30.0, 12, [4.0, 5.0]],
                                       [40.0, 13, [6.0, 7.0]],
                                       [50.0, 14, [8.0, 9.0]],
                                       [60.0, 15, [10.0, 11.0]]],
                              'size': 6},
              'output_shapes': [[[], [], [2]],
                                [[4], [4], [4, 2]],
                                [[4], [4], [4, 2]],
                                [[2], [2], [2, 2]],
                                [[2, 5]]],
              'output_types': [['float64', 'int64', 'float32'], ['float16', 'int64', 'float32']],
              'padded_batch': {'columns': ['v'],
                               'rows': [[[[1, -1, -1, -1], [1, 2, 3, -1]]], [[[1, 2, -1, -1]]]],
                               'size': 2},
              'padded_batch all': {'columns': ['m'],
                                   'rows': [[[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [0.0, 0.0]]]]],
                                   'size': 1},
              'padded_batch longest': {'columns': ['v', 'n'],
                                       'rows': [[[[1.0, 0.5, 0.5],
                                                  [1.0, 2.0, 3.0],
                                                  [1.0, 2.0, 0.5]],
                                                 [1, 3, 2]]],
                                       'size': 1},
              'project': {'columns': ['c', 'a'],
                          'rows': [[[0.0, 1.0], 0.0],
                                   [[2.0, 3.0], 1.0],
                                   [[4.0, 5.0], 2.0],
                                   [[6.0, 7.0], 3.0],
                                   [[8.0, 9.0], 4.0],
                                   [[10.0, 11.0], 5.0]],
                          'size': 6},
              'project one': {'columns': ['b'],
                              'rows': [[10], [11], [12], [13], [14], [15]],
                              'size': 6},
              'rename': {'columns': ['x', 'b', 'z'],
                         'rows': [[0.0, 10, [0.0, 1.0]],
                                  [1.0, 11, [2.0, 3.0]],
                                  [2.0, 12, [4.0, 5.0]],
                                  [3.0, 13, [6.0, 7.0]],
                                  [4.0, 14, [8.0, 9.0]],
                                  [5.0, 15, [10.0, 11.0]]],
                         'size': 6},
              'rename one': ['a', 'label', 'c'],
              'repeat counts': [1, 3, 3, 3],
              'repeat skip': {'columns': ['a'],
                              'rows': [[4.0], [5.0], [0.0], [1.0], [2.0], [3.0], [4.0], [5.0]],
                              'size': 8},
              'repeat take': {'columns': ['a'],
                              'rows': [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [0.0], [1.0]],
                              'size': 8},
              'sizes': [2, 2, 2, 24, 9, 4],
              'skip': {'columns': ['a', 'b', 'c'],
                       'rows': [[4.0, 14, [8.0, 9.0]], [5.0, 15, [10.0, 11.0]]],
                       'size': 2},
              'skip all': {'columns': ['a', 'b', 'c'], 'rows': [], 'size': 0},
              'skip batch': {'columns': ['a', 'b', 'c'],
                             'rows': [[[1.0, 2.0], [11, 12], [[2.0, 3.0], [4.0, 5.0]]],
                                      [[3.0, 4.0], [13, 14], [[6.0, 7.0], [8.0, 9.0]]],
                                      [[5.0], [15], [[10.0, 11.0]]]],
                             'size': 3},
              'skip none': 6,
              'skip repeat': {'columns': ['a'], 'rows': [[4.0], [5.0], [4.0], [5.0]], 'size': 4},
              'split after map': [{'columns': ['a'], 'rows': [[1.0]], 'size': 1},
                                  {'columns': ['a'],
                                   'rows': [[2.0], [3.0], [4.0], [5.0], [6.0]],
                                   'size': 5}],
              'split fractions': [{'columns': ['i'], 'rows': [[0], [1], [2], [3]], 'size': 4},
                                  {'columns': ['i'], 'rows': [[4], [5]], 'size': 2},
                                  {'columns': ['i'], 'rows': [[6], [7], [8], [9]], 'size': 4}],
              'split fractions rounding': [{'columns': ['i'], 'rows': [[0], [1], [2]], 'size': 3},
                                           {'columns': ['i'],
                                            'rows': [[3], [4], [5], [6]],
                                            'size': 4}],
              'split sizes': [{'columns': ['a'], 'rows': [[0.0], [1.0]], 'size': 2},
                              {'columns': ['a'], 'rows': [[2.0], [3.0], [4.0], [5.0]], 'size': 4}],
              'take': {'columns': ['a', 'b', 'c'],
                       'rows': [[0.0, 10, [0.0, 1.0]],
                                [1.0, 11, [2.0, 3.0]],
                                [2.0, 12, [4.0, 5.0]],
                                [3.0, 13, [6.0, 7.0]]],
                       'size': 4},
              'take all': {'columns': ['a', 'b', 'c'],
                           'rows': [[0.0, 10, [0.0, 1.0]],
                                    [1.0, 11, [2.0, 3.0]],
                                    [2.0, 12, [4.0, 5.0]],
                                    [3.0, 13, [6.0, 7.0]],
                                    [4.0, 14, [8.0, 9.0]],
                                    [5.0, 15, [10.0, 11.0]]],
                           'size': 6},
              'take beyond': {'columns': ['a', 'b', 'c'],
                              'rows': [[0.0, 10, [0.0, 1.0]],
                                       [1.0, 11, [2.0, 3.0]],
                                       [2.0, 12, [4.0, 5.0]],
                                       [3.0, 13, [6.0, 7.0]],
                                       [4.0, 14, [8.0, 9.0]],
                                       [5.0, 15, [10.0, 11.0]]],
                              'size': 6},
              'take repeat': {'columns': ['a'],
                              'rows': [[0.0], [1.0], [0.0], [1.0], [0.0], [1.0]],
                              'size': 6},
              'zip': {'columns': ['a', 'b', 'n'],
                      'rows': [[0.0, 10, 0], [1.0, 11, 1], [2.0, 12, 2], [3.0, 13, 3]],
                      'size': 4},
              'zip function': {'columns': ['n', 'b'],
                               'rows': [[0, 10], [1, 11], [2, 12], [3, 13]],
                               'size': 4},
              'zip tuple': {'columns': ['c', 'n', 'm'],
                            'rows': [[[0.0, 1.0], 0, 0],
                                     [[2.0, 3.0], 1, 1],
                                     [[4.0, 5.0], 2, 2],
                                     [[6.0, 7.0], 3, 3]],
                            'size': 4}},
 'samplers': {'array': [[4, 0, 2], 3],
              'child distributed of subset': [[5, 3, 6], 3],
              'child sequential of sequential': [[3, 4, 5], 3],
              'child subset of distributed': [[5, 1], 2],
              'child subset of sequential': [[3, 5, 6], 3],
              'distributed 10 9': [[2], 1],
              'distributed 2 0': [[0, 2, 4, 6], 4],
              'distributed 2 1': [[1, 3, 5, 0], 4],
              'distributed 3 0': [[0, 3, 6], 3],
              'distributed 3 0 offset 0': [[0, 3, 6], 3],
              'distributed 3 0 offset 1': [[2, 5], 2],
              'distributed 3 0 offset 2': [[1, 4], 2],
              'distributed 3 0 offset 3': [[0, 3, 6], 3],
              'distributed 3 1 offset 0': [[1, 4], 2],
              'distributed 3 1 offset 1': [[0, 3, 6], 3],
              'distributed 3 1 offset 2': [[2, 5], 2],
              'distributed 3 1 offset 3': [[1, 4], 2],
              'distributed 3 2': [[2, 5, 1], 3],
              'distributed 3 2 offset 0': [[2, 5], 2],
              'distributed 3 2 offset 1': [[1, 4], 2],
              'distributed 3 2 offset 2': [[0, 3, 6], 3],
              'distributed 3 2 offset 3': [[2, 5], 2],
              'distributed 4 0 offset 1 of 2': [[0], 1],
              'distributed 4 1 offset 1 of 2': [[0], 1],
              'distributed 4 2 offset 1 of 2': [[1], 1],
              'distributed 4 3': [[3, 0], 2],
              'distributed 4 3 offset 1 of 2': [[0], 1],
              'distributed Shuffle.FALSE': [[1, 4, 0], 3],
              'distributed count': [[1, 4], 2],
              'distributed count beyond': [[1, 4, 0], 3],
              'distributed offset count': [[2], 1],
              'generator distributed': [[1, [1, -1]], [5, [5, -5]]],
              'generator list': [[2, [2, -2]], [2, [2, -2]], [1, [1, -1]]],
              'generator subset': [[5, [5, -5]], [0, [0, 0]], [3, [3, -3]]],
              'get_num_samples': [None, 3, 3, 2, 3, None, 4, None, 5, 2, 3],
              'iterable': [[5, 3, 1], 3],
              'iterable with num_samples': [[5, 3], 2],
              'list': [[4, 0, 2], 3],
              'list ignores shuffle and shards': [[4, 0, 2, 1], [4, 0, 2, 1]],
              'list with num_samples': [[4, 0], 2],
              'random sizes': [7, 3, 7, 7, 2, 7, 3, 7, 4],
              'sampler then batch': [[[[1, 2, 3, 4]], [[5, 6]]], 2],
              'sequential': [[0, 1, 2, 3, 4, 5, 6], 7],
              'sequential count beyond': [[2, 3, 4, 5, 6], 5],
              'sequential count zero': [[0, 1, 2, 3, 4, 5, 6], 7],
              'sequential start': [[2, 3, 4, 5, 6], 5],
              'sequential start count': [[2, 3, 4], 3],
              'sharded source count': [1, 3],
              'shuffled source sizes': [7, 4, 3],
              'subset': [[3, 1, 1, 6], 4],
              'subset count': [[3, 1], 2],
              'subset numpy': [[5, 0], 2],
              'subset single int': [[4], 1],
              'tuple': [[6, 6, 1], 3],
              'user sampler': [[0, 3, 6, 9], 4],
              'user sampler count': [[0, 3], 2]},
 'use_sampler': {'add a user sampler': [[0, 2, 4, 6], 4, None],
                 'add distributed': [[1, 3, 5, 0], 4, None],
                 'add on a user sampler': [[2, 4, 6], 3, None],
                 'add on num_samples': [[1, 2], 2, None],
                 'add on subset': [[0, 4], 2, None],
                 'add on unshuffled': [[2, 3, 4], 3, None],
                 'add random': [3, 3],
                 'add twice': [[2, 3, 4, 5, 6], 5, None],
                 'generator add': [[4, 5], 2, None],
                 'generator use': [[5, 1], 2, None],
                 'iterable generator ignores it': [[1, 2, 3], 3, None],
                 'size before and after': [7, [2, 3, 4, 5, 6], 5, None],
                 'steps built before see it': {'columns': ['i'],
                                               'rows': [[[3, 4]], [[5, 6]]],
                                               'size': 2},
                 'use a user sampler': [[0, 2, 4, 6], 4, None],
                 'use keeps the child': [[5, 2], 2, None],
                 'use on a list': [[1, 2, 3, 4, 5, 6], 6, None],
                 'use on num_samples': [[1, 2, 3, 4, 5, 6], 6, None],
                 'use on shuffled': [[4, 1], 2, None],
                 'use on unshuffled': [[2, 3, 4], 3, None]}}
MINDSPORE_ERRORS = {'DistributedSampler files shuffle': ['RuntimeError',
                                      'The shuffle mode: Shuffle.FILES is not supported with '
                                      'current dataset.'],
 'DistributedSampler num_shards': ['TypeError', 'num_shards must be integer but was: 2.0.'],
 'DistributedSampler offset': ['TypeError', 'offset must be integer but was: 1.0.'],
 'DistributedSampler offset beyond': ['RuntimeError',
                                      'DistributedSampler: offset must be no more than '
                                      'num_shards(3), but got: 4'],
 'DistributedSampler shard_id': ['RuntimeError',
                                 'DistributedSampler: shard_id must be in range [0, 3), but got: '
                                 '3'],
 'DistributedSampler shuffle': ['TypeError',
                                'shuffle must be a boolean value or valid shuffle mode but was: '
                                '1.'],
 'PKSampler class_column': ['TypeError', 'class_column must be a str value but was: 3.'],
 'PKSampler num_class': ['NotImplementedError',
                         'Not supported to specify num_class for PKSampler.'],
 'PKSampler num_samples': ['TypeError', 'num_samples must be integer but was: 2.0.'],
 'PKSampler num_samples negative': ['ValueError',
                                    'num_samples exceeds the boundary between 0 and '
                                    '9223372036854775807(INT64_MAX)!'],
 'PKSampler num_val': ['TypeError', 'num_val must be integer but was: 2.0.'],
 'PKSampler num_val negative': ['RuntimeError',
                                'PKSampler: num_val must be greater than 0, but got: -1'],
 'PKSampler num_val zero': ['RuntimeError',
                            'PKSampler: num_val must be greater than 0, but got: 0'],
 'PKSampler shuffle': ['TypeError', 'shuffle must be a boolean value but was: 1.'],
 'PKSampler with a child': ['RuntimeError', 'Not a valid index'],
 'RandomSampler num_samples': ['TypeError', 'num_samples must be integer but was: 2.0.'],
 'RandomSampler partial shuffle': ['RuntimeError',
                                   'The shuffle mode: Shuffle.PARTIAL is not supported with '
                                   'current dataset.'],
 'RandomSampler replacement': ['TypeError', 'replacement must be a boolean value but was: 1.'],
 'SequentialSampler num_samples': ['ValueError',
                                   'num_samples exceeds the boundary between 0 and '
                                   '9223372036854775807(INT64_MAX)!'],
 'SequentialSampler start beyond': ['RuntimeError',
                                    'Invalid parameter, start_index must be less than num_rows, '
                                    'but got start_index: 9, num_rows: 7.'],
 'SequentialSampler start_index': ['TypeError', 'start_index must be integer but was: 1.5.'],
 'SubsetSampler element': ['TypeError',
                           'SubsetSampler: Type of indices element must be int, but got list[1]: '
                           "1.0, type: <class 'float'>."],
 'SubsetSampler indices': ['TypeError', "Unsupported sampler object of type (<class 'str'>)"],
 'SubsetSampler negative': ['RuntimeError',
                            'Sample ID (-1) is out of bound, expected range [0, 6]'],
 'SubsetSampler out of range': ['RuntimeError',
                                'Sample ID (9) is out of bound, expected range [0, 6]'],
 'WeightedRandomSampler all zero': ['RuntimeError',
                                    'WeightedRandomSampler: elements of weights vector must not be '
                                    'all zero'],
 'WeightedRandomSampler element': ['TypeError',
                                   'type of weights element must be number, but got w[0]: a, type: '
                                   "<class 'str'>."],
 'WeightedRandomSampler more weights than rows': ['RuntimeError',
                                                  'Invalid parameter, size of sample weights must '
                                                  'be less than or equal to num of data, otherwise '
                                                  'might cause generated id out of bound or other '
                                                  'errors, but got weight size: 5, num of data: 3'],
 'WeightedRandomSampler negative': ['RuntimeError',
                                    'WeightedRandomSampler: weights vector must not contain '
                                    'negative numbers, got: weights[1] = -1.000000'],
 'WeightedRandomSampler replacement': ['TypeError',
                                       'replacement must be a boolean value but was: 1.'],
 'add_child twice': ['RuntimeError', 'Cannot add child sampler, this sampler already has a child.'],
 'add_sampler partial shuffle': ['RuntimeError',
                                 'When multiple samplers are used, ensure that the shuffle of the '
                                 'input sampler must be Shuffle.FALSE or Shuffle.GLOBAL, but got: '
                                 'Shuffle.PARTIAL.'],
 'add_sampler with a child': ['RuntimeError',
                              'Cannot add child sampler, this sampler already has a child.'],
 'batch input_columns without per_batch_map': ['ValueError',
                                               'input_columns can be specified only when '
                                               'per_batch_map is set.'],
 'batch per_batch_map arity': ['ValueError',
                               'The signature of per_batch_map should match with input columns.'],
 'batch_size beyond int32': ['ValueError',
                             'Input batch_size is not within the required interval of [1, '
                             '2147483647].'],
 'batch_size callable of a default': ['ValueError',
                                      'callable batch_size should take one parameter (BatchInfo).'],
 'batch_size callable of none': ['ValueError',
                                 'callable batch_size should take one parameter (BatchInfo).'],
 'batch_size callable of two': ['ValueError',
                                'callable batch_size should take one parameter (BatchInfo).'],
 'batch_size returns float': ['RuntimeError',
                              "Execute user Python code failed, check 'Python Call Stack' above."],
 'batch_size returns negative': ['RuntimeError',
                                 "Execute user Python code failed, check 'Python Call Stack' "
                                 'above.'],
 'batch_size returns str': ['RuntimeError',
                            "Execute user Python code failed, check 'Python Call Stack' above."],
 'batch_size returns zero': ['RuntimeError',
                             "Execute user Python code failed, check 'Python Call Stack' above."],
 'batch_size str': ['TypeError', 'batch_size should either be an int or a callable.'],
 'batch_size zero': ['ValueError',
                     'Input batch_size is not within the required interval of [1, 2147483647].'],
 'concat columns': ['RuntimeError',
                    "Invalid columns, 'column name' or 'column order' of concat datasets should be "
                    'the same.'],
 'concat type': ['TypeError',
                 "Argument datasets with value (<dataset>,) is not of type [<class 'list'>, <class "
                 "'mindspore.dataset.engine.datasets.Dataset'>], but got <class 'tuple'>."],
 'filter predicate': ['TypeError',
                      'Predicate should be a Python function or a callable Python object.'],
 'filter unknown column': ['RuntimeError',
                           'Invalid parameter, column name: zz does not exist in the dataset '
                           'columns.'],
 'map output count': ['RuntimeError',
                      "Invalid columns, the number of columns returned in 'map' operations should "
                      "match the number of 'output_columns', but got the number of columns "
                      "returned in 'map' operations: 2, the number of 'output_co"],
 'output_shapes estimate int': ['TypeError',
                                "Argument estimate with value 1 is not of type [<class 'bool'>], "
                                "but got <class 'int'>."],
 'output_shapes estimate ranks': ['RuntimeError',
                                  'Inconsistent shapes, expect same shape for each data row, last '
                                  'data row: <2,2>, current data row: <2>'],
 'padded_batch callable of none': ['ValueError',
                                   'callable batch_size should take one parameter (BatchInfo).'],
 'padded_batch pad_info': ['ValueError', 'value of pad_info should be a tuple of size 2.'],
 'project type': ['TypeError',
                  "Argument columns with value 3 is not of type [<class 'list'>, <class 'str'>], "
                  "but got <class 'int'>."],
 'project unknown': ['RuntimeError', 'Invalid column, column name: zz does not exist.'],
 'rename lengths': ['ValueError',
                    'Number of column in input_columns and output_columns is not equal.'],
 'rename unknown': ['RuntimeError', 'Invalid column, column to be renamed does not exist.'],
 'sampler for an iterable generator': ['ValueError',
                                       'sampler is not supported if source does not have attribute '
                                       "'__getitem__'."],
 'sampler of a string': ['TypeError', "Unsupported sampler object of type (<class 'str'>)"],
 'sampler of an int': ['TypeError',
                       'sampler should be either iterable or from mindspore.dataset.samplers.'],
 'sampler with num_samples': ['ValueError',
                              'Conflicting arguments during sampler assignments. num_samples: 2, '
                              'num_shards: None, shard_id: None, shuffle: None.'],
 'sampler with shards': ['ValueError',
                         'Conflicting arguments during sampler assignments. num_samples: None, '
                         'num_shards: 2, shard_id: 0, shuffle: None.'],
 'sampler with shuffle': ['ValueError',
                          'Conflicting arguments during sampler assignments. num_samples: None, '
                          'num_shards: None, shard_id: None, shuffle: False.'],
 'skip count': ['ValueError',
                'Input count is not within the required interval of [0, 2147483647].'],
 'split empty': ['ValueError', 'sizes cannot be empty.'],
 'split fractions sum': ['ValueError',
                         'sizes is a list of float, but the percentages do not sum up to 1.'],
 'split mixed': ['ValueError', 'sizes should be list of int or list of float.'],
 'split randomize': ['TypeError',
                     "Argument randomize with value 1 is not of type [<class 'bool'>], but got "
                     "<class 'int'>."],
 'split sharded': ['RuntimeError', 'Dataset should not be sharded before split.'],
 'split sum': ['RuntimeError', 'Sum of split sizes 5 is not equal to dataset size 6.'],
 'split type': ['TypeError',
                "Argument sizes with value (3, 3) is not of type [<class 'list'>], but got <class "
                "'tuple'>."],
 'take count': ['ValueError',
                'count should be either -1 or within the required interval of (0, 2147483647], got '
                '0.'],
 'take type': ['TypeError',
               "Argument count with value 2.0 is not of type [<class 'int'>], but got <class "
               "'float'>."],
 'use_sampler None': ['TypeError', 'Input sampler can not be None.'],
 'use_sampler int': ['TypeError', 'Input sampler is not an instance of a sampler.'],
 'use_sampler list': ['TypeError', 'Input sampler is not an instance of a sampler.'],
 'use_sampler with a child': ['RuntimeError',
                              'Cannot add child sampler, this sampler already has a child.'],
 'zip duplicate columns': ['RuntimeError',
                           'Invalid data, duplicate column c already exists when zipping '
                           'datasets.'],
 'zip type': ['TypeError',
              "Argument datasets with value [<dataset>] is not of type [<class 'tuple'>, <class "
              "'mindspore.dataset.engine.datasets.Dataset'>], but got <class 'list'>."]}

if __name__ == "__main__":
    import pprint

    import mindspore.dataset

    print("MINDSPORE =", end=" ")
    pprint.pprint(capture(mindspore.dataset), width=100, sort_dicts=True)
    print("MINDSPORE_ERRORS =", end=" ")
    pprint.pprint(errors(mindspore.dataset), width=100, sort_dicts=True)
