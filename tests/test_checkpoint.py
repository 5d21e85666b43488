"""Checkpoints: bit-exact round trips, atomic writes, refusal of corrupt or foreign files.

The format and every deliberate difference from MindSpore 2.10 are documented
in ``dualgrad/checkpoint.py``; the MindSpore behaviours mirrored here were
read from MindSpore 2.10 itself (``load_param_into_net`` returns
``(param_not_load, ckpt_not_load)``, ``save_checkpoint`` takes a Cell, a list
of Parameters or a list of ``{'name', 'data'}`` dicts and appends ``.ckpt``).
"""
import builtins
import hashlib
import json
import os
import pathlib
import pickle
import struct
import subprocess
import sys
import textwrap
import threading
import zlib

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, nn, ops
from dualgrad import checkpoint as ckpt
from dualgrad.checkpoint import load_checkpoint, load_param_into_net, save_checkpoint

# Where the dualgrad under test was imported from; a child process imports the
# same one (site-packages once installed, the checkout when built in place).
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(ms.__file__)))

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
          "uint16", "uint32", "uint64", "bool"]


def random_bits(dtype, shape, rng):
    """An array of ``dtype`` whose bytes are random: NaN payloads, -0.0, subnormals, inf."""
    dtype = np.dtype(dtype)
    raw = rng.integers(0, 256, size=int(np.prod(shape)) * dtype.itemsize, dtype=np.uint8)
    if dtype == np.bool_:
        raw = raw % 2
    return raw.view(dtype).reshape(shape)


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return (a.dtype == b.dtype and a.shape == b.shape
            and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes())


class TwoLayers(nn.Cell):
    def __init__(self, width=4, dtype=ms.float32):
        super().__init__()
        self.body = nn.SequentialCell(nn.Dense(3, width, activation="tanh", dtype=dtype),
                                      nn.Dense(width, 2, dtype=dtype))
        self.scale = Parameter(Tensor(np.ones(2, np.dtype(str(dtype).lower()))), name="scale")
        self.frozen = Parameter(Tensor(np.full(2, 0.5, np.dtype(str(dtype).lower()))),
                                name="frozen", requires_grad=False)

    def construct(self, x):
        return self.body(x) * self.scale + self.frozen


# ---------------------------------------------------------------------------
# Round trips

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (5,), (3, 0, 2), (4, 7)])
def test_round_trip_is_bit_exact(tmp_path, dtype, shape):
    rng = np.random.default_rng(zlib.crc32(repr((dtype, shape)).encode()))
    value = random_bits(dtype, shape, rng)
    path = str(tmp_path / "x.ckpt")
    save_checkpoint([{"name": "x", "data": Tensor(value)}], path)
    loaded = load_checkpoint(path)
    assert list(loaded) == ["x"]
    p = loaded["x"]
    assert isinstance(p, Parameter) and p.name == "x"
    assert same_bits(p.asnumpy(), value)


def test_special_float_values_survive(tmp_path):
    for dtype in (np.float16, np.float32, np.float64):
        info = np.finfo(dtype)
        value = np.array([np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, info.max, -info.max,
                          info.tiny, info.smallest_subnormal, info.eps], dtype)
        # A NaN with a payload: all mantissa bits set.
        bits = value.view(f"u{value.itemsize}").copy()
        bits[0] |= (1 << (info.nmant - 1)) - 1
        value = bits.view(dtype)
        path = str(tmp_path / f"{np.dtype(dtype).name}.ckpt")
        save_checkpoint({"v": value}, path)
        assert same_bits(load_checkpoint(path)["v"].asnumpy(), value)


def test_views_and_foreign_byte_order_are_saved_by_value(tmp_path):
    base = np.arange(24, dtype=np.float64).reshape(4, 6)
    views = {"transposed": base.T, "reversed": base[::-1, ::-2],
             "big_endian": base.astype(">f8"), "big_endian_int": np.arange(5, dtype=">i4")}
    path = str(tmp_path / "views.ckpt")
    save_checkpoint({k: Tensor(v) if k != "big_endian" else v for k, v in views.items()}, path)
    loaded = load_checkpoint(path)
    for k, v in views.items():
        got = loaded[k].asnumpy()
        assert got.dtype.isnative and got.dtype == v.dtype.newbyteorder("=")
        np.testing.assert_array_equal(got, v)


def test_cell_round_trip_reproduces_the_network_exactly(tmp_path):
    ms.set_seed(1)
    net = TwoLayers()
    path = str(tmp_path / "net")
    save_checkpoint(net, path)
    assert os.path.exists(path + ".ckpt")          # MindSpore's extension rule
    params = load_checkpoint(path + ".ckpt")
    assert list(params) == [p.name for _, p in net.parameters_and_names()]
    assert params["frozen"].requires_grad is False and params["scale"].requires_grad is True
    ms.set_seed(2)
    other = TwoLayers()
    assert load_param_into_net(other, params) == ([], [])
    for (n1, p1), (n2, p2) in zip(net.parameters_and_names(), other.parameters_and_names()):
        assert n1 == n2 and same_bits(p1.asnumpy(), p2.asnumpy())
    assert other.frozen.requires_grad is False      # loading copies values only
    x = Tensor(np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32))
    assert same_bits(net(x).asnumpy(), other(x).asnumpy())


def test_resuming_training_from_a_checkpoint_loses_nothing(tmp_path):
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((8, 3)).astype(np.float64))
    y = Tensor(rng.standard_normal((8, 2)).astype(np.float64))

    def train(net, steps):
        opt = nn.SGD(net.trainable_params(), learning_rate=0.05)
        loss_fn = nn.MSELoss()
        step = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, opt.parameters)
        for _ in range(steps):
            _, grads = step(x, y)
            opt(grads)

    ms.set_seed(5)
    a = TwoLayers(dtype=ms.float64)
    train(a, 3)
    path = str(tmp_path / "mid.ckpt")
    save_checkpoint(a, path)
    train(a, 4)
    ms.set_seed(6)
    b = TwoLayers(dtype=ms.float64)
    load_checkpoint(path, net=b)
    train(b, 4)
    for p, q in zip(a.get_parameters(), b.get_parameters()):
        assert same_bits(p.asnumpy(), q.asnumpy())


# ---------------------------------------------------------------------------
# Optimizer state: a run stopped, checkpointed and resumed in fresh objects
# goes on bit for bit

OPTIMIZERS = {
    "SGD": lambda p: nn.SGD(p, 0.05),
    "SGD momentum": lambda p: nn.SGD(p, 0.05, momentum=0.9, dampening=0.2, weight_decay=0.01),
    "SGD nesterov": lambda p: nn.SGD(p, 0.05, momentum=0.9, nesterov=True),
    "SGD callable rate": lambda p: nn.SGD(p, lambda step: 0.1 / (1 + step), momentum=0.5),
    "SGD groups in order": lambda p: nn.SGD(
        [{"params": p[2:], "lr": [0.1 * 0.8 ** k for k in range(8)]},
         {"params": p[:2], "weight_decay": 0.1}, {"order_params": p}], 0.02, momentum=0.9),
    "Momentum": lambda p: nn.Momentum(p, 0.05, 0.9),
    "Momentum nesterov": lambda p: nn.Momentum(p, 0.05, 0.9, weight_decay=0.01, loss_scale=8.0,
                                               use_nesterov=True),
    "Momentum schedule": lambda p: nn.Momentum(p, nn.ExponentialDecayLR(0.05, 0.5, 2), 0.9),
    "Adam": lambda p: nn.Adam(p, 0.01),
    "Adam nesterov": lambda p: nn.Adam(p, 0.01, use_nesterov=True, weight_decay=0.01),
    "Adam amsgrad": lambda p: nn.Adam(p, 0.01, beta2=0.9, use_amsgrad=True),
    "Adam rate list": lambda p: nn.Adam(p, nn.cosine_decay_lr(0.001, 0.01, 8, 1, 6)),
    "Adam groups": lambda p: nn.Adam([{"params": p[:2], "lr": 0.02, "weight_decay": 0.01},
                                      {"params": p[2:], "lr": nn.WarmUpLR(0.01, 3)}], 0.01),
}


class TrainState(nn.Cell):
    """A network and its optimizer in one cell, as MindSpore's TrainOneStepCell holds them."""

    def __init__(self, net, opt):
        super().__init__()
        self.net = net
        self.opt = opt


def fit(net, opt, steps):
    rng = np.random.default_rng(11)
    dtype = net.scale.asnumpy().dtype
    x = Tensor(rng.standard_normal((8, 3)).astype(dtype))
    y = Tensor(rng.standard_normal((8, 2)).astype(dtype))
    loss_fn = nn.MSELoss()
    step = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, opt.parameters)
    for _ in range(steps):
        _, grads = step(x, y)
        opt(grads)


def fresh(name, dtype, seed):
    ms.set_seed(seed)
    net = TwoLayers(dtype=dtype)
    return net, OPTIMIZERS[name](net.trainable_params())


def save_and_resume(a_net, a_opt, b_net, b_opt, how, tmp_path):
    """Checkpoint run a ``how`` a user would, and load it into the fresh run b."""
    path = str(tmp_path / "state.ckpt")
    if how == "optimizer":          # MindSpore's optimizer lists the parameters it trains
        save_checkpoint(a_opt, path)
        assert load_param_into_net(b_opt, load_checkpoint(path)) == ([], [])
        load_param_into_net(b_net, load_checkpoint(path))   # the untrained ones
    elif how == "one cell":
        save_checkpoint(TrainState(a_net, a_opt), path)
        assert load_param_into_net(TrainState(b_net, b_opt), load_checkpoint(path)) == ([], [])
    else:                           # two files
        save_checkpoint(a_net, path)
        save_checkpoint(a_opt, path + ".opt")
        load_checkpoint(path, net=b_net, strict_load=True)
        load_checkpoint(path + ".opt.ckpt", net=b_opt, strict_load=True)


def state_of(net, opt):
    return ({name: p.asnumpy() for name, p in net.parameters_and_names()},
            {p.name: p.asnumpy() for p in opt.get_parameters()})


@pytest.mark.parametrize("dtype", [ms.float32, ms.float64], ids=str)
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_training_resumed_from_a_checkpoint_goes_on_bit_for_bit(tmp_path, name, dtype):
    a_net, a_opt = fresh(name, dtype, seed=5)
    fit(a_net, a_opt, 3)
    b_net, b_opt = fresh(name, dtype, seed=6)
    save_and_resume(a_net, a_opt, b_net, b_opt, "optimizer", tmp_path)
    assert int(b_opt.global_step.asnumpy()[0]) == 3
    fit(a_net, a_opt, 4)
    fit(b_net, b_opt, 4)
    (a_weights, a_state), (b_weights, b_state) = state_of(a_net, a_opt), state_of(b_net, b_opt)
    assert a_weights.keys() == b_weights.keys() and a_state.keys() == b_state.keys()
    for key in a_weights:
        assert same_bits(a_weights[key], b_weights[key]), key
    for key in a_state:
        assert same_bits(a_state[key], b_state[key]), key


@pytest.mark.parametrize("how", ["one cell", "two files"])
@pytest.mark.parametrize("name", ["Adam groups", "SGD groups in order", "Momentum schedule"])
def test_every_way_of_checkpointing_network_and_optimizer_resumes_exactly(tmp_path, name, how):
    a_net, a_opt = fresh(name, ms.float32, seed=5)
    fit(a_net, a_opt, 2)
    b_net, b_opt = fresh(name, ms.float32, seed=6)
    save_and_resume(a_net, a_opt, b_net, b_opt, how, tmp_path)
    fit(a_net, a_opt, 3)
    fit(b_net, b_opt, 3)
    for p, q in zip(a_net.get_parameters(), b_net.get_parameters()):
        assert same_bits(p.asnumpy(), q.asnumpy()), p.name


@pytest.mark.parametrize("name", ["Adam", "Momentum", "SGD momentum", "SGD callable rate"])
def test_resuming_without_the_optimizer_state_would_not_be_exact(tmp_path, name):
    # What a checkpoint of the network alone gives: the moments, the step
    # count and the schedule start again, and the weights go elsewhere.
    a_net, a_opt = fresh(name, ms.float64, seed=5)
    fit(a_net, a_opt, 3)
    path = str(tmp_path / "net.ckpt")
    save_checkpoint(a_net, path)
    b_net, b_opt = fresh(name, ms.float64, seed=6)
    load_checkpoint(path, net=b_net)
    fit(a_net, a_opt, 2)
    fit(b_net, b_opt, 2)
    assert not np.array_equal(a_net.scale.asnumpy(), b_net.scale.asnumpy())


def test_an_optimizer_checkpoint_holds_mindspores_names_and_dtypes(tmp_path):
    net = TwoLayers()
    opt = nn.Adam(net.trainable_params(), 0.01)
    fit(net, opt, 2)
    path = str(tmp_path / "adam.ckpt")
    save_checkpoint(opt, path)
    saved = load_checkpoint(path)
    trained = ["scale", "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias"]
    assert list(saved) == (["global_step", "learning_rate"] + trained
                           + ["beta1_power", "beta2_power"]
                           + [f"moment{k}.{n}" for k in (1, 2) for n in trained])
    assert saved["global_step"].dtype == ms.int32 and saved["global_step"].shape == (1,)
    assert saved["global_step"].asnumpy().tolist() == [2]
    for name in ("learning_rate", "beta1_power", "beta2_power"):
        assert saved[name].dtype == ms.float32 and saved[name].shape == ()
    assert saved["beta1_power"].asnumpy() == np.float32(0.9) * np.float32(0.9)
    assert saved["moment2.body.1.weight"].shape == net.body[1].weight.shape
    # The optimizer's own Parameters are not trainable; the network's are.
    assert [n for n, p in saved.items() if p.requires_grad] == trained
    for name, p in saved.items():
        np.testing.assert_array_equal(p.asnumpy(), opt.parameters_dict()[name].asnumpy())


def test_a_cell_holding_network_and_optimizer_names_each_parameter_once(tmp_path):
    net = TwoLayers()
    opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    state = TrainState(net, opt)
    names = [p.name for _, p in state.parameters_and_names()]
    # The network's parameters keep its names (MindSpore 2.10 would rename
    # them 'opt.body.0.weight', through the optimizer); the state is prefixed.
    assert names[:6] == ["net.scale", "net.frozen", "net.body.0.weight", "net.body.0.bias",
                         "net.body.1.weight", "net.body.1.bias"]
    assert names[6:9] == ["opt.global_step", "opt.learning_rate", "opt.momentum"]
    assert names[9] == "opt.moments.scale" and len(names) == len(set(names)) == 14
    assert [p.name for p in state.trainable_params()] == [names[0]] + names[2:6]
    assert opt.parameters == tuple(state.trainable_params())


def test_accepted_forms_and_selection(tmp_path):
    w = Parameter(Tensor(np.arange(3, dtype=np.float32)), name="w")
    v = Parameter(Tensor(np.ones((2, 2), np.float64)), name="layer.v")
    path = str(tmp_path / "forms.ckpt")
    save_checkpoint([w, v], path)
    assert list(load_checkpoint(path)) == ["w", "layer.v"]
    save_checkpoint({"w": w, "t": Tensor([1.0]), "a": np.arange(2), "s": "text"}, path)
    loaded = load_checkpoint(path)
    assert list(loaded) == ["w", "t", "a", "s"] and loaded["s"] == "text"
    save_checkpoint([w, v], path, append_dict={"epoch": 7, "lr": 0.5, "tag": "best"},
                    choice_func=lambda name: name != "w")
    loaded = load_checkpoint(path)
    assert list(loaded) == ["layer.v", "epoch", "lr", "tag"]
    assert loaded["epoch"].asnumpy().dtype == np.int64 and int(loaded["epoch"]) == 7
    assert loaded["lr"].dtype == ms.float32 and loaded["tag"] == "best"
    assert list(load_checkpoint(path, specify_prefix="layer")) == ["layer.v"]
    assert list(load_checkpoint(path, filter_prefix=["layer", "ep"])) == ["lr", "tag"]
    assert list(load_checkpoint(path, choice_func=lambda n: n == "lr")) == ["lr"]
    save_checkpoint([], path)
    assert load_checkpoint(path) == {}
    save_checkpoint([w], pathlib.Path(tmp_path / "pathlike"))
    assert list(load_checkpoint(pathlib.Path(tmp_path / "pathlike.ckpt"))) == ["w"]


def test_values_are_copied_when_saving(tmp_path):
    w = Parameter(Tensor(np.zeros(3, np.float32)), name="w")
    path = str(tmp_path / "copy.ckpt")
    save_checkpoint([w], path)
    w.asnumpy()[...] = 1      # a view of the Parameter's data: the file must not change
    w.set_data(Tensor(np.full(3, 2.0, np.float32)))
    np.testing.assert_array_equal(load_checkpoint(path)["w"].asnumpy(), np.zeros(3))
    loaded = load_checkpoint(path)["w"]
    loaded.set_data(Tensor(np.ones(3, np.float32)))
    np.testing.assert_array_equal(load_checkpoint(path)["w"].asnumpy(), np.zeros(3))


def test_saving_inside_a_transform_saves_the_parameters_own_values(tmp_path):
    net = nn.Dense(2, 1, weight_init="ones", bias_init="zeros")
    path = str(tmp_path / "inside.ckpt")

    def loss(x):
        save_checkpoint(net, path)     # the weights are boxed by grad here
        return net(x).sum()

    ms.grad(loss, None, net.trainable_params())(Tensor(np.ones((1, 2), np.float32)))
    loaded = load_checkpoint(path)
    np.testing.assert_array_equal(loaded["weight"].asnumpy(), np.ones((1, 2), np.float32))


def test_the_file_layout_is_the_documented_one(tmp_path):
    path = str(tmp_path / "layout.ckpt")
    value = np.arange(6, dtype=np.float32).reshape(2, 3)
    save_checkpoint([{"name": "m", "data": Tensor(value)}, {"name": "b", "data": Tensor([True])}],
                    path)
    with open(path, "rb") as f:
        blob = f.read()
    magic, version, flags, index_len, data_len = struct.unpack("<8sIIQQ", blob[:32])
    assert magic == b"\x89DGCKPT\n" and version == 1 and flags == 0
    index = json.loads(blob[32:32 + index_len])
    assert index["format"] == "dualgrad-checkpoint" and index["version"] == 1
    start = 32 + index_len + (-(32 + index_len) % 64)
    assert start % 64 == 0 and len(blob) == start + data_len + 32
    assert hashlib.sha256(blob[:-32]).digest() == blob[-32:]
    m, b = index["entries"]
    assert (m["dtype"], m["shape"], m["nbytes"], m["offset"]) == ("float32", [2, 3], 24, 0)
    assert b["offset"] % 64 == 0
    raw = blob[start + m["offset"]:start + m["offset"] + m["nbytes"]]
    assert raw == value.astype("<f4").tobytes()


# ---------------------------------------------------------------------------
# Atomic writes

def _old_checkpoint(tmp_path):
    path = str(tmp_path / "model.ckpt")
    save_checkpoint({"w": np.arange(1000, dtype=np.float64)}, path)
    return path, pathlib.Path(path).read_bytes()


def _leftovers(tmp_path):
    return sorted(n for n in os.listdir(tmp_path) if n.endswith(".tmp"))


def test_a_failure_in_the_middle_of_writing_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path, before = _old_checkpoint(tmp_path)
    real_chunks = ckpt._chunks

    def failing_chunks(*args):
        for k, chunk in enumerate(real_chunks(*args)):
            if k == 3:      # header, index and padding are written: die in the data
                raise OSError(28, "No space left on device")
            yield chunk

    monkeypatch.setattr(ckpt, "_chunks", failing_chunks)
    with pytest.raises(OSError, match="No space left"):
        save_checkpoint({"w": np.zeros(100000)}, path)
    assert pathlib.Path(path).read_bytes() == before
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    np.testing.assert_array_equal(load_checkpoint(path)["w"].asnumpy(), np.arange(1000.0))


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_a_failure_before_the_rename_leaves_the_old_file_intact(tmp_path, monkeypatch, where):
    path, before = _old_checkpoint(tmp_path)

    def fail(*args, **kwargs):
        raise OSError(5, f"simulated {where} failure")

    monkeypatch.setattr(ckpt.os, where, fail)
    with pytest.raises(OSError, match="simulated"):
        save_checkpoint({"w": np.zeros(10)}, path)
    monkeypatch.undo()
    assert pathlib.Path(path).read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_process_killed_while_writing_leaves_the_old_file_intact(tmp_path):
    path, before = _old_checkpoint(tmp_path)
    script = textwrap.dedent(f"""
        import os, numpy as np
        from dualgrad import checkpoint as ckpt
        real = ckpt._chunks
        def chunks(*args):
            for k, c in enumerate(real(*args)):
                yield c
                if k == 4:
                    os._exit(17)      # the process dies with the file half-written
        ckpt._chunks = chunks
        ckpt.save_checkpoint({{"w": np.zeros(1 << 20), "v": np.ones(1 << 20)}}, {path!r})
    """)
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", script], env=env, timeout=60, cwd=tmp_path)
    assert proc.returncode == 17
    assert pathlib.Path(path).read_bytes() == before
    leftovers = _leftovers(tmp_path)
    assert len(leftovers) == 1          # the half-written temporary, never the checkpoint
    with pytest.raises(ValueError, match="truncated"):
        load_checkpoint(str(tmp_path / leftovers[0]))


def test_concurrent_saves_to_one_path_leave_one_complete_file(tmp_path):
    path = str(tmp_path / "race.ckpt")
    errors = []

    def save(k):
        try:
            for _ in range(5):
                save_checkpoint({"k": np.full(20000, float(k))}, path)
        except Exception as e:     # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=save, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    values = load_checkpoint(path)["k"].asnumpy()
    assert values[0] in (0.0, 1.0, 2.0, 3.0) and np.all(values == values[0])
    assert _leftovers(tmp_path) == []


def test_new_files_get_ordinary_permissions_and_replace_read_only_ones(tmp_path):
    path = str(tmp_path / "perm.ckpt")
    save_checkpoint({"a": np.ones(2)}, path)
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask
    os.chmod(path, 0o400)               # MindSpore writes its checkpoints read-only
    save_checkpoint({"a": np.zeros(2)}, path)
    np.testing.assert_array_equal(load_checkpoint(path)["a"].asnumpy(), np.zeros(2))


# ---------------------------------------------------------------------------
# Truncated, corrupted and crafted files

def _valid(tmp_path):
    path = str(tmp_path / "good.ckpt")
    save_checkpoint({"w": np.arange(40, dtype=np.float32).reshape(5, 8),
                     "n": np.arange(3, dtype=np.int64), "s": "note"}, path)
    return path, pathlib.Path(path).read_bytes()


def _write(tmp_path, blob, name="bad.ckpt"):
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(blob)
    return path


def test_every_truncation_is_rejected_clearly(tmp_path):
    _, blob = _valid(tmp_path)
    for cut in sorted({0, 1, 7, 8, 20, 31, 32, 40, 100, len(blob) // 2, len(blob) - 33,
                       len(blob) - 32, len(blob) - 1}):
        path = _write(tmp_path, blob[:cut])
        with pytest.raises(ValueError, match=r"truncated|empty") as info:
            load_checkpoint(path)
        assert path in str(info.value)


def test_every_flipped_byte_is_rejected_clearly(tmp_path):
    _, blob = _valid(tmp_path)
    header = range(8, 32)
    positions = sorted(set(header) | set(range(32, len(blob), 7)) | {len(blob) - 1})
    for pos in positions:
        bad = bytearray(blob)
        bad[pos] ^= 0x10
        path = _write(tmp_path, bytes(bad))
        with pytest.raises(ValueError, match=r"corrupted|truncated|version|checksum"):
            load_checkpoint(path)


def test_a_flipped_data_byte_is_reported_as_a_checksum_mismatch(tmp_path):
    _, blob = _valid(tmp_path)
    bad = bytearray(blob)
    bad[-40] ^= 1
    with pytest.raises(ValueError, match="corrupted: its SHA-256 checksum does not match"):
        load_checkpoint(_write(tmp_path, bytes(bad)))
    with pytest.raises(ValueError, match="trailing bytes"):
        load_checkpoint(_write(tmp_path, blob + b"\0"))


def _crafted(index, data=b"", version=1, flags=0):
    """A file with a valid checksum around an arbitrary index (bytes or JSON-able)."""
    raw = index if isinstance(index, bytes) else json.dumps(index).encode()
    head = struct.pack("<8sIIQQ", b"\x89DGCKPT\n", version, flags, len(raw), len(data))
    body = head + raw + b"\0" * (-(32 + len(raw)) % 64) + data
    return body + hashlib.sha256(body).digest()


def _entry(**changes):
    e = {"name": "x", "kind": "tensor", "dtype": "float64", "shape": [2], "offset": 0,
         "nbytes": 16, "requires_grad": True}
    e.update(changes)
    return e


def _index(*entries):
    return {"format": "dualgrad-checkpoint", "version": 1, "entries": list(entries)}


CRAFTED = [
    ("object dtype", _crafted(_index(_entry(dtype="object")), bytes(16)), "dtype 'object'"),
    ("numpy object code", _crafted(_index(_entry(dtype="|O")), bytes(16)), "dtype '|O'"),
    ("complex dtype", _crafted(_index(_entry(dtype="complex128")), bytes(16)), "complex128"),
    ("negative dimension", _crafted(_index(_entry(shape=[-2])), bytes(16)), "invalid shape"),
    ("float dimension", _crafted(_index(_entry(shape=[2.0])), bytes(16)), "invalid shape"),
    ("huge shape", _crafted(_index(_entry(shape=[2 ** 40, 2 ** 40])), bytes(16)),
     "cannot hold"),
    ("byte count mismatch", _crafted(_index(_entry(nbytes=8)), bytes(16)), "cannot hold"),
    ("outside the data", _crafted(_index(_entry(offset=64)), bytes(16)), "outside the data"),
    ("negative offset", _crafted(_index(_entry(offset=-8)), bytes(16)), "invalid offset"),
    ("duplicate names", _crafted(_index(_entry(), _entry()), bytes(16)), "appears twice"),
    ("unknown kind", _crafted(_index(_entry(kind="pickle")), bytes(16)), "unknown kind"),
    ("nameless entry", _crafted(_index(_entry(name="")), bytes(16)), "no name"),
    ("bad requires_grad", _crafted(_index(_entry(requires_grad="yes")), bytes(16)),
     "requires_grad"),
    ("str without value", _crafted(_index({"name": "s", "kind": "str"})), "no str value"),
    ("not JSON", _crafted(b"\x80\x04K\x01."), "not UTF-8|not valid JSON"),
    ("NaN in JSON", _crafted(b'{"format": NaN}'), "not valid JSON"),
    ("deeply nested JSON", _crafted(b"[" * 200000 + b"]" * 200000), "not valid JSON"),
    ("wrong format name", _crafted({"format": "other", "version": 1, "entries": []}),
     "format name"),
    ("newer version", _crafted(_index(), version=2), "format version 2"),
    ("unknown flags", _crafted(_index(), flags=1), "flags"),
]


@pytest.mark.parametrize("name, blob, message", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_indexes_are_refused_before_any_array_is_built(tmp_path, name, blob, message):
    with pytest.raises(ValueError, match=message):
        load_checkpoint(_write(tmp_path, blob))


class _Exploit:
    """Unpickling this would create a marker file: proof that code ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


# MindSpore 2.10's own checkpoint of a Dense(3, 2) (protobuf), as bytes.
MINDSPORE_CKPT = bytes.fromhex(
    "0a310a067765696768741227080208031207466c6f617433321a18027ae7bcb55cacbe32f22abe9ba1ea"
    "be9251763e85d2c13d0a1d0a0462696173121508021207466c6f617433321a082b47dbbe0949df3e")


def _foreign_files(tmp_path):
    marker = str(tmp_path / "MARKER")
    files = {"pickle": (pickle.dumps(_Exploit(marker)), "Python pickle"),
             "pickle protocol 0": (pickle.dumps(_Exploit(marker), protocol=0), "pickle"),
             "mindspore protobuf": (MINDSPORE_CKPT, "MindSpore"),
             "hdf5": (b"\x89HDF\r\n\x1a\n" + bytes(100), "HDF5"),
             "safetensors": (struct.pack("<Q", 2) + b"{}", "safetensors"),
             "text": (b"weight: 1, 2, 3\n", "no format dualgrad knows")}
    npy = tmp_path / "obj.npy"
    np.save(npy, np.array([_Exploit(marker)], dtype=object), allow_pickle=True)
    files["npy with objects"] = (npy.read_bytes(), "NumPy .npy")
    npz = tmp_path / "arrays.npz"
    np.savez(npz, a=np.array([_Exploit(marker)], dtype=object))
    files["npz"] = (npz.read_bytes(), "zip archive")
    return marker, files


def test_foreign_and_pickled_files_are_refused_and_never_executed(tmp_path, monkeypatch):
    marker, files = _foreign_files(tmp_path)

    def forbidden(*args, **kwargs):
        raise AssertionError("load_checkpoint must never unpickle, np.load or exec")

    # Loading must not even reach for a deserialiser that can run code.
    for module, names in ((pickle, ("loads", "load", "Unpickler")), (np, ("load",)),
                          (builtins, ("exec", "eval", "__import__"))):
        for attr in names:
            if module is builtins and attr == "__import__":
                continue
            monkeypatch.setattr(module, attr, forbidden)
    for name, (blob, looks_like) in files.items():
        path = _write(tmp_path, blob, name.replace(" ", "_") + ".ckpt")
        with pytest.raises(ValueError, match="not a dualgrad checkpoint") as info:
            load_checkpoint(path)
        assert looks_like in str(info.value), (name, str(info.value))
        assert "never unpickles" in str(info.value)
    path, _ = _valid(tmp_path)
    assert list(load_checkpoint(path)) == ["w", "n", "s"]     # and valid files still load
    monkeypatch.undo()
    assert not os.path.exists(marker)


def test_missing_files_and_directories(tmp_path):
    missing = str(tmp_path / "nope.ckpt")
    with pytest.raises(ValueError, match="does not exist") as info:
        load_checkpoint(missing)
    assert isinstance(info.value, FileNotFoundError) and missing in str(info.value)
    save_checkpoint({"a": np.ones(1)}, str(tmp_path / "saved"))
    with pytest.raises(ValueError, match=r"saved.ckpt' exists: save_checkpoint appends"):
        load_checkpoint(str(tmp_path / "saved"))
    with pytest.raises(ValueError, match="is a directory"):
        load_checkpoint(str(tmp_path))
    with pytest.raises(ValueError, match="is a directory") as info:
        save_checkpoint({"a": np.ones(1)}, str(tmp_path))
    assert isinstance(info.value, IsADirectoryError)


# ---------------------------------------------------------------------------
# load_param_into_net

class Renamed(nn.Cell):
    def __init__(self):
        super().__init__()
        self.weight = Parameter(Tensor(np.zeros((2, 3), np.float32)), name="weight")
        self.other = Parameter(Tensor(np.zeros(2, np.float32)), name="other")

    def construct(self, x):
        return x


def _dense_params(tmp_path, in_channels=3):
    ms.set_seed(0)
    path = str(tmp_path / "dense.ckpt")
    save_checkpoint(nn.Dense(in_channels, 2), path)
    return load_checkpoint(path)


def test_unmatched_names_are_returned_like_mindspore(tmp_path):
    params = _dense_params(tmp_path)
    net = Renamed()
    # MindSpore 2.10 returns (['other'], ['bias']) here.
    assert load_param_into_net(net, params) == (["other"], ["bias"])
    np.testing.assert_array_equal(net.weight.asnumpy(), params["weight"].asnumpy())
    np.testing.assert_array_equal(net.other.asnumpy(), np.zeros(2))


def test_strict_load_names_the_missing_parameters(tmp_path):
    params = _dense_params(tmp_path)
    net = Renamed()
    with pytest.raises(ValueError, match=r"no value for 1 parameter\(s\) of the net: \['other'\]"):
        load_param_into_net(net, params, strict_load=True)
    np.testing.assert_array_equal(net.weight.asnumpy(), np.zeros((2, 3)))


def test_shape_mismatches_name_each_parameter_and_load_nothing(tmp_path):
    params = _dense_params(tmp_path)
    net = nn.Dense(4, 2)
    before = [p.asnumpy().copy() for p in net.get_parameters()]
    with pytest.raises(ValueError, match=r"'weight': the net's shape is \(2, 4\), the "
                                         r"checkpoint's \('weight'\) is \(2, 3\)"):
        load_param_into_net(net, params)
    # bias matched, but nothing was loaded: the net is unchanged.
    for p, b in zip(net.get_parameters(), before):
        assert same_bits(p.asnumpy(), b)


def test_dtype_rules(tmp_path):
    params = _dense_params(tmp_path)
    wide = nn.Dense(3, 2, dtype=ms.float64)
    assert load_param_into_net(wide, params) == ([], [])         # float32 -> float64
    assert wide.weight.dtype == ms.float64
    np.testing.assert_array_equal(wide.weight.asnumpy(), params["weight"].asnumpy())
    with pytest.raises(ValueError, match=r"dtype is float64, the checkpoint's \('weight'\) is "
                                         r"float32 \(strict_load=True converts none\)"):
        load_param_into_net(nn.Dense(3, 2, dtype=ms.float64), params, strict_load=True)
    net = Renamed()
    net.weight = Parameter(Tensor(np.zeros((2, 3), np.int32)), name="weight")
    with pytest.raises(ValueError, match=r"'weight': the net's dtype is int32, the checkpoint's"):
        load_param_into_net(net, params)


def test_prefixed_checkpoints_load_into_a_bare_cell(tmp_path):
    class Wrapper(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = nn.Dense(2, 2)

        def construct(self, x):
            return self.fc(x)

    wrapped = Wrapper()
    path = str(tmp_path / "wrapped.ckpt")
    save_checkpoint(wrapped, path)
    params = load_checkpoint(path)
    assert list(params) == ["fc.weight", "fc.bias"]
    bare = nn.Dense(2, 2)
    assert load_param_into_net(bare, params) == ([], [])
    assert same_bits(bare.weight.asnumpy(), wrapped.fc.weight.asnumpy())
    with pytest.raises(ValueError, match=r"\['weight', 'bias'\]"):
        load_param_into_net(nn.Dense(2, 2), params, strict_load=True)


def test_load_checkpoint_with_net_loads_it(tmp_path):
    params = _dense_params(tmp_path)
    net = nn.Dense(3, 2)
    load_checkpoint(str(tmp_path / "dense.ckpt"), net=net)
    np.testing.assert_array_equal(net.bias.asnumpy(), params["bias"].asnumpy())
    with pytest.raises(ValueError, match="shape"):
        load_checkpoint(str(tmp_path / "dense.ckpt"), net=nn.Dense(5, 2))


def test_loaded_parameters_work_in_transforms(tmp_path):
    params = _dense_params(tmp_path)
    net = nn.Dense(3, 2)
    load_param_into_net(net, params)
    x = Tensor(np.ones((1, 3), np.float32))
    grads = ms.grad(lambda x: ops.tanh(net(x)).sum(), None, net.trainable_params())(x)
    assert [g.shape for g in grads] == [(2, 3), (2,)]


def test_the_functions_are_exported_at_the_top_level():
    assert ms.save_checkpoint is save_checkpoint
    assert ms.load_checkpoint is load_checkpoint
    assert ms.load_param_into_net is load_param_into_net
    assert {"save_checkpoint", "load_checkpoint", "load_param_into_net"} <= set(ms.__all__)
