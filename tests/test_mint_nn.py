"""The layer classes of ``dualgrad.mint.nn`` (MindSpore 2.10's ``mint.nn``).

Parameter names, shapes, dtypes and trainability against MindSpore's, for
every case of tests/mint_nn_reference.py (its constructors need no kernel);
values, input or weight gradients and the statistics a call leaves behind
against MindSpore's where its CPU build runs the case.  MindSpore 2.10 has
no CPU kernel for mint's convolutions, BatchNorm, LayerNorm or Embedding
(the reference records the error), so every case is also checked against a
NumPy formula written out here, and its derivatives to second order (forward
and reverse) against finite differences.  Then the default initialisation,
the training-mode conventions (momentum, ``num_batches_tracked``,
``track_running_stats``, dropout), reprs and bad arguments.
"""
import math

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import dualgrad as ms
from dualgrad import Tensor, mint
from dualgrad.testing import check_grads
from mint_nn_reference import CASES, MINDSPORE, cotangent, inputs, parameter_values


def build(name, dtype=None):
    """The case's cell, its trainable Parameters set to parameter_values, in its mode."""
    cls, kwargs, _, training, _ = CASES[name]
    kwargs = dict(kwargs)
    if dtype is not None:
        kwargs["dtype"] = dtype
    cell = getattr(mint.nn, cls)(**kwargs)
    for p in cell.trainable_params():
        p.set_data(Tensor(parameter_values(tuple(p.shape)).astype(
            np.float64 if dtype is ms.float64 else np.float32)))
    return cell.set_train(training)


def case_inputs(name):
    data = inputs()
    return [data[n] for n in CASES[name][2]]


# ---------------------------------------------------------------------------
# MindSpore 2.10

@pytest.mark.parametrize("name", CASES)
def test_parameters_are_mints(name):
    cls, kwargs = CASES[name][:2]
    cell = getattr(mint.nn, cls)(**kwargs)
    got = [(p.name, tuple(p.shape), str(p.dtype).lower(), p.requires_grad)
           for p in cell.get_parameters()]
    assert got == MINDSPORE[name]["params"]


RAN = [name for name in CASES if "outputs" in MINDSPORE[name]]


@pytest.mark.parametrize("name", RAN)
def test_values_and_gradients_match_mindspore(name):
    expected = MINDSPORE[name]
    cell = build(name)
    args = [Tensor(a) for a in case_inputs(name)]
    outs = cell(*args)
    outs = outs if isinstance(outs, tuple) else (outs,)
    assert len(outs) == len(expected["outputs"])
    for out, (dtype, shape, values) in zip(outs, expected["outputs"]):
        assert str(out.dtype).lower() == dtype and out.shape == shape
        np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=3e-5, atol=3e-6)
    after = {p.name: p.asnumpy().ravel().tolist() for p in cell.get_parameters()
             if not p.requires_grad}
    assert sorted(after) == sorted(expected["after"])
    for key, values in expected["after"].items():
        np.testing.assert_allclose(after[key], values, rtol=3e-5, atol=3e-6)

    cell = build(name)
    weights = Tensor(cotangent(outs[0].shape), outs[0].dtype)

    def loss(*a):
        out = cell(*a)
        return ((out[0] if isinstance(out, tuple) else out) * weights).sum()
    if CASES[name][4] == "input":
        grads = [ms.grad(loss)(*args)]
    else:
        grads = list(ms.grad(loss, None, cell.trainable_params())(*args))
    assert len(grads) == len(expected["grads"])
    for g, values in zip(grads, expected["grads"]):
        np.testing.assert_allclose(g.asnumpy().ravel(), values, rtol=3e-5, atol=3e-6)


def test_the_reference_records_why_mindspore_could_not_run_the_rest():
    for name in CASES:
        entry = MINDSPORE[name]
        assert ("outputs" in entry) != ("error" in entry), name
        if "error" in entry:
            assert "kernel" in entry["error"].lower(), entry["error"]


# ---------------------------------------------------------------------------
# NumPy formulas (float64)

def np_conv(x, w, b, stride, pads, dilation, groups, mode="zeros"):
    """N-d cross-correlation; ``pads`` holds (before, after) per spatial axis."""
    rank = w.ndim - 2
    np_mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}[mode]
    x = np.pad(x, [(0, 0), (0, 0)] + list(pads), mode=np_mode)
    span = [d * (k - 1) + 1 for d, k in zip(dilation, w.shape[2:])]
    win = sliding_window_view(x, span, axis=tuple(range(2, 2 + rank)))
    win = win[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)
              + tuple(slice(None, None, d) for d in dilation)]
    cg, og = x.shape[1] // groups, w.shape[0] // groups
    spatial, kernel = list(range(2, 2 + rank)), list(range(10, 10 + rank))
    out = np.concatenate([
        np.einsum(win[:, g * cg:(g + 1) * cg], [0, 1] + spatial + kernel,
                  w[g * og:(g + 1) * og], [20, 1] + kernel, [0, 20] + spatial)
        for g in range(groups)], axis=1)
    return out if b is None else out + b.reshape((1, -1) + (1,) * rank)


def np_conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation):
    n, cin, h, wd = x.shape
    og, kh, kw = w.shape[1:]
    sizes = [(s - 1) * st + d * (k - 1) + 1 + op for s, st, d, k, op in
             zip((h, wd), stride, dilation, (kh, kw), output_padding)]
    full = np.zeros((n, og * groups) + tuple(sizes))
    cg = cin // groups
    for g in range(groups):
        for i in range(kh):
            for j in range(kw):
                part = np.einsum("nchw,co->nohw", x[:, g * cg:(g + 1) * cg],
                                 w[g * cg:(g + 1) * cg, :, i, j])
                r0, c0 = i * dilation[0], j * dilation[1]
                full[:, g * og:(g + 1) * og, r0:r0 + (h - 1) * stride[0] + 1:stride[0],
                     c0:c0 + (wd - 1) * stride[1] + 1:stride[1]] += part
    out = full[:, :, padding[0]:sizes[0] - padding[0], padding[1]:sizes[1] - padding[1]]
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def _pairs(cell):
    """The cell's padding as (before, after) per spatial axis."""
    if cell.padding == "valid":
        return [(0, 0)] * cell.rank
    if cell.padding == "same":
        totals = [d * (k - 1) for d, k in zip(cell.dilation, cell.kernel_size)]
        return [(t // 2, t - t // 2) for t in totals]
    return [(p, p) for p in cell.padding]


def _arr(p):
    return None if p is None else p.asnumpy().astype(np.float64)


def np_batch_norm(cell, x):
    """Output, and the running statistics a training call leaves (float64)."""
    axes = tuple(a for a in range(x.ndim) if a != 1)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    batch = cell.training or not cell.track_running_stats
    if batch:
        mean, var = x.mean(axes), x.var(axes)
    else:
        mean, var = _arr(cell.running_mean), _arr(cell.running_var)
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + cell.eps)
    if cell.affine:
        y = y * _arr(cell.weight).reshape(shape) + _arr(cell.bias).reshape(shape)
    return y


def np_layer_norm(cell, x):
    axes = tuple(range(x.ndim - len(cell.normalized_shape), x.ndim))
    y = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + cell.eps)
    if cell.weight is not None:
        y = y * _arr(cell.weight)
    if cell.bias is not None:
        y = y + _arr(cell.bias)
    return y


def np_group_norm(cell, x):
    n, c = x.shape[:2]
    g = x.reshape(n, cell.num_groups, -1)
    y = ((g - g.mean(2, keepdims=True)) / np.sqrt(g.var(2, keepdims=True) + cell.eps))
    y = y.reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * _arr(cell.weight).reshape(shape) + _arr(cell.bias).reshape(shape)


def np_embedding(cell, ids):
    table = _arr(cell.weight)
    if cell.max_norm is not None:
        norms = np.linalg.norm(table, ord=cell.norm_type, axis=1)
        used = np.isin(np.arange(len(table)), ids)
        table = table * np.where(used & (norms > cell.max_norm),
                                 cell.max_norm / (norms + 1e-7), 1.0)[:, None]
    return table[ids]


def np_layer(cell, *args):
    """What the cell computes, in NumPy (float64), as a tuple of outputs."""
    kind = type(cell).__name__
    x = args[0]
    if kind in ("Conv1d", "Conv2d", "Conv3d"):
        return (np_conv(x, _arr(cell.weight), _arr(cell.bias), cell.stride, _pairs(cell),
                        cell.dilation, cell.groups, cell.padding_mode),)
    if kind == "ConvTranspose2d":
        return (np_conv_transpose2d(x, _arr(cell.weight), _arr(cell.bias), cell.stride,
                                    cell.padding, cell.output_padding, cell.groups,
                                    cell.dilation),)
    if kind.startswith("BatchNorm"):
        return (np_batch_norm(cell, x),)
    if kind == "LayerNorm":
        return (np_layer_norm(cell, x),)
    if kind == "GroupNorm":
        return (np_group_norm(cell, x),)
    if kind in ("Dropout", "Dropout2d"):
        return (x,)
    if kind == "Embedding":
        return (np_embedding(cell, x),)
    if kind == "Flatten":
        shape = x.shape
        start, end = cell.start_dim % x.ndim, cell.end_dim % x.ndim
        return (x.reshape(shape[:start] + (-1,) + shape[end + 1:]),)
    raise KeyError(kind)


@pytest.mark.parametrize("name", CASES)
def test_values_match_numpy(name):
    cell = build(name)
    args = case_inputs(name)
    expected = np_layer(cell, *[a.astype(np.float64) if a.dtype == np.float32 else a
                                for a in args])
    outs = cell(*[Tensor(a) for a in args])
    outs = outs if isinstance(outs, tuple) else (outs,)
    for out, want in zip(outs, expected):
        assert out.shape == want.shape
        np.testing.assert_allclose(out.asnumpy(), want, rtol=2e-5, atol=2e-5)


def _takes_dtype(name):
    import inspect
    return "dtype" in inspect.signature(getattr(mint.nn, CASES[name][0])).parameters


# Cases whose derivative is by contract not the output's: the padding row of an
# Embedding gets no gradient, and max_norm renormalises the table in place at
# each call (outside differentiation).
NOT_DIFFERENCEABLE = {"Embedding padding_idx", "Embedding max_norm"}


@pytest.mark.parametrize("name", [n for n in CASES if n not in NOT_DIFFERENCEABLE])
def test_derivatives_to_second_order(name):
    dtype = ms.float64 if _takes_dtype(name) else None
    cell = build(name, dtype)
    args = [Tensor(a.astype(np.float64)) if a.dtype == np.float32 else Tensor(a)
            for a in case_inputs(name)]
    if CASES[name][4] == "weights":
        check_grads(cell, args, order=2, modes=("fwd", "rev"),
                    weights=cell.trainable_params())
    else:
        check_grads(lambda x, *rest: cell(x, *rest), args, order=2, modes=("fwd", "rev"))


# ---------------------------------------------------------------------------
# Default initialisation (mint's: the bounds of PyTorch's kaiming uniform)

@pytest.mark.parametrize("make, fan_in", [
    (lambda: mint.nn.Conv1d(6, 40, 5), 30),
    (lambda: mint.nn.Conv2d(6, 40, (3, 2), groups=2), 18),
    (lambda: mint.nn.Conv3d(4, 40, 2), 32),
    (lambda: mint.nn.ConvTranspose2d(40, 6, 3, groups=2), 27),
])
def test_convolutions_draw_weight_and_bias_from_u_of_one_over_root_fan_in(make, fan_in):
    ms.set_seed(5)
    cell = make()
    bound = 1 / math.sqrt(fan_in)
    for p in (cell.weight, cell.bias):
        values = np.abs(p.asnumpy())
        assert values.max() <= bound and values.max() > 0.8 * bound
    assert cell.weight.dtype == ms.float32


def test_normalisation_starts_at_one_and_zero_and_embeddings_are_standard_normal():
    bn = mint.nn.BatchNorm2d(4, dtype=ms.float64)
    assert bn.weight.asnumpy().tolist() == [1.0] * 4 and bn.bias.asnumpy().tolist() == [0.0] * 4
    assert bn.running_var.dtype == ms.float64 and bn.num_batches_tracked.dtype == ms.int64
    ln = mint.nn.LayerNorm((2, 3))
    assert ln.weight.asnumpy().tolist() == [[1.0] * 3] * 2 and not ln.bias.asnumpy().any()
    ms.set_seed(2)
    table = mint.nn.Embedding(400, 50).weight.asnumpy()
    assert abs(table.mean()) < 0.02 and abs(table.std() - 1.0) < 0.02


# ---------------------------------------------------------------------------
# Training-mode conventions

def test_batch_norm_momentum_weighs_the_batch_and_counts_batches():
    x = inputs()["bn1"].astype(np.float64)
    bn = mint.nn.BatchNorm1d(3, momentum=0.25, dtype=ms.float64).set_train()
    bn(Tensor(x))
    bn(Tensor(2 * x))
    mean, var = x.mean(0), x.var(0, ddof=1)
    want_mean = 0.75 * (0.25 * mean) + 0.25 * (2 * mean)
    want_var = 0.75 * (0.75 + 0.25 * var) + 0.25 * (4 * var)
    np.testing.assert_allclose(bn.running_mean.asnumpy(), want_mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.asnumpy(), want_var, rtol=1e-12)
    assert int(bn.num_batches_tracked.asnumpy()) == 2
    # evaluation normalises with the running statistics
    out = bn.set_train(False)(Tensor(x)).asnumpy()
    np.testing.assert_allclose(out, (x - want_mean) / np.sqrt(want_var + 1e-5), rtol=1e-10)
    bn.reset_parameters()
    assert bn.running_mean.asnumpy().tolist() == [0.0] * 3 and \
        int(bn.num_batches_tracked.asnumpy()) == 0


def test_batch_norm_momentum_none_keeps_the_cumulative_average():
    x = inputs()["bn1"].astype(np.float64)
    bn = mint.nn.BatchNorm1d(3, momentum=None, dtype=ms.float64).set_train()
    for k in (1.0, 3.0, -2.0):
        bn(Tensor(k * x))
    np.testing.assert_allclose(bn.running_mean.asnumpy(), (1 + 3 - 2) / 3 * x.mean(0),
                               rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.asnumpy(), (1 + 9 + 4) / 3 * x.var(0, ddof=1),
                               rtol=1e-12)


def test_batch_norm_without_running_stats_always_uses_the_batch():
    x = inputs()["bn2"].astype(np.float64)
    bn = mint.nn.BatchNorm2d(3, track_running_stats=False, affine=False, dtype=ms.float64)
    assert bn.running_mean is None and bn.num_batches_tracked is None
    assert [p.name for p in bn.get_parameters()] == []
    out = bn(Tensor(x)).asnumpy()
    axes = (0, 2, 3)
    np.testing.assert_allclose(out, (x - x.mean(axes, keepdims=True))
                               / np.sqrt(x.var(axes, keepdims=True) + 1e-5), rtol=1e-10)


def test_dropout_p_is_the_probability_of_dropping():
    ms.set_seed(7)
    x = Tensor(np.ones((200, 100), np.float32))
    out = mint.nn.Dropout(p=0.2).set_train()(x).asnumpy()
    assert set(np.unique(out).tolist()) <= {0.0, 1.25}
    assert abs((out == 0).mean() - 0.2) < 0.02
    maps = mint.nn.Dropout2d(p=0.4).set_train()(Tensor(np.ones((50, 40, 3, 3), np.float32)))
    maps = maps.asnumpy()
    assert (maps.min((2, 3)) == maps.max((2, 3))).all()        # whole feature maps
    assert abs((maps[:, :, 0, 0] == 0).mean() - 0.4) < 0.04
    g = ms.grad(lambda t: mint.nn.Dropout(p=0.5).set_train()(t).sum())(x).asnumpy()
    assert set(np.unique(g).tolist()) <= {0.0, 2.0}
    assert mint.nn.Dropout(p=1.0).set_train()(x).asnumpy().max() == 0.0


def test_embedding_padding_row_gets_no_gradient_and_freeze_leaves_it_untrained():
    emb = mint.nn.Embedding(5, 3, padding_idx=-2)
    assert emb.padding_idx == -2 and not emb.weight.asnumpy()[3].any()
    ids = Tensor(np.array([[3, 1, 3]]))
    g = ms.grad(lambda: emb(ids).sum(), None, emb.trainable_params())()[0].asnumpy()
    assert not g[3].any() and g[1].tolist() == [1.0, 1.0, 1.0]
    given = Tensor(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    frozen = mint.nn.Embedding(3, 2, _weight=given, _freeze=True)
    assert list(frozen.trainable_params()) == []
    assert frozen(Tensor(np.array([2]))).asnumpy().tolist() == [[4.0, 5.0]]


def test_unbatched_convolution_inputs_and_transposed_output_size():
    conv = mint.nn.Conv2d(2, 3, 3, padding=1)
    x = Tensor(inputs()["x2"][0, :2])
    np.testing.assert_allclose(conv(x).asnumpy(), conv(x.reshape(1, 2, 5, 6)).asnumpy()[0],
                               rtol=1e-6)
    up = mint.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)
    z = Tensor(inputs()["x2"])
    assert up(z).shape == (2, 2, 9, 11)
    assert up(z, output_size=(10, 12)).shape == (2, 2, 10, 12)
    assert up(z, output_size=(2, 2, 9, 12)).shape == (2, 2, 9, 12)
    with pytest.raises(ValueError, match=r"^ConvTranspose2d: output_size \(11, 12\) is out"):
        up(z, output_size=(11, 12))


def test_reprs():
    assert repr(mint.nn.Conv1d(2, 4, 3, padding="same")) == (
        "Conv1d(input_channels=2, output_channels=4, kernel_size=(3,), stride=(1,), "
        "padding=same, dilation=(1,), groups=1, bias=True)")
    assert repr(mint.nn.BatchNorm1d(3, momentum=None)) == (
        "BatchNorm1d(num_features=3, eps=1e-05, momentum=None, affine=True, "
        "track_running_stats=True)")
    assert repr(mint.nn.GroupNorm(2, 4)) == \
        "GroupNorm(num_groups=2, num_channels=4, eps=1e-05, affine=True)"
    assert repr(mint.nn.Embedding(3, 2)) == (
        "Embedding(num_embeddings=3, embedding_dim=2, padding_idx=None, max_norm=None, "
        "norm_type=2.0, scale_grad_by_freq=False, dtype=Float32)")


def test_input_shape_errors_name_the_cell():
    with pytest.raises(ValueError, match=r"^BatchNorm2d: input must be 4-D, got shape"):
        mint.nn.BatchNorm2d(3)(Tensor(np.ones((2, 3), np.float32)))
    with pytest.raises(ValueError, match=r"^BatchNorm1d: input must have num_features = 3"):
        mint.nn.BatchNorm1d(3)(Tensor(np.ones((2, 4), np.float32)))
    with pytest.raises(ValueError, match=r"^Conv2d: "):
        mint.nn.Conv2d(3, 2, 3)(Tensor(np.ones((1, 4, 5, 5), np.float32)))
