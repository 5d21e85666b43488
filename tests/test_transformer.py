"""nn.MultiheadAttention and the transformer layers: values and gradients against
MindSpore 2.10's (tests/transformer_mindspore_reference.py), values against an
independent NumPy implementation in float64, derivatives of every order against
finite differences, the transforms, and the argument checks."""
import inspect
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import nn, ops
from dualgrad.testing import check_grads

import transformer_mindspore_reference as R
from rnn_mindspore_reference import assert_matches

# ------------------------------------------------------------ against MindSpore


@pytest.fixture(scope="module")
def dualgrad_results():
    return R.run(ms, nn)


@pytest.mark.parametrize("name", list(R.MINDSPORE))
def test_values_and_gradients_match_mindspore(dualgrad_results, name):
    assert_matches(dualgrad_results[name], R.MINDSPORE[name], name)


def test_the_reference_covers_every_layer_and_option():
    assert set(R.MINDSPORE) == set(R.MHA_CASES) | set(R.LAYER_CASES)
    options = set().union(*(kw for kw, *_ in R.MHA_CASES.values()))
    assert {"kdim", "vdim", "add_bias_kv", "add_zero_attn", "batch_first", "has_bias"} <= options
    calls = set().union(*(call for *_, call in R.MHA_CASES.values()))
    assert {"key_padding_mask", "attn_mask", "need_weights", "average_attn_weights"} <= calls
    layers = {layer for layer, *_ in R.LAYER_CASES.values()}
    assert layers == {"TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder",
                      "TransformerDecoder", "Transformer"}


# ------------------------------------------------ an independent NumPy reference

def _softmax(z):
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def _as_additive(mask):
    if mask is None:
        return 0.0
    mask = np.asarray(mask)
    return np.where(mask, -np.inf, 0.0) if mask.dtype.kind in "bu" else mask


def np_mha(p, q, k, v, heads, kpm=None, attn_mask=None, bias_kv=False, zero_attn=False,
           average=True):
    """Multi-head attention for one unbatched example, head by head and row by
    row: q (L, E), k (S, kdim), v (S, vdim); p maps MindSpore's Parameter names
    to arrays.  Returns the output (L, E) and the weights (heads, L, S')."""
    e = q.shape[1]
    if "in_proj_weight" in p:
        wq, wk, wv = np.split(p["in_proj_weight"], 3)
    else:
        wq, wk, wv = p["q_proj_weight"], p["k_proj_weight"], p["v_proj_weight"]
    bq, bk, bv = np.split(p["in_proj_bias"], 3) if "in_proj_bias" in p else (0, 0, 0)
    qp, kp, vp = q @ wq.T + bq, k @ wk.T + bk, v @ wv.T + bv
    if bias_kv:
        kp = np.vstack([kp, p["bias_k"].reshape(1, e)])
        vp = np.vstack([vp, p["bias_v"].reshape(1, e)])
    d = e // heads
    src = kp.shape[0] + zero_attn
    mask = np.zeros((heads, q.shape[0], src))
    extra = src - k.shape[0]
    if attn_mask is not None:
        mask[:, :, :k.shape[0]] += _as_additive(attn_mask)
    if kpm is not None:
        mask[:, :, :k.shape[0]] += _as_additive(kpm)
    out = np.zeros((q.shape[0], e))
    weights = np.zeros((heads, q.shape[0], src))
    for h in range(heads):
        cols = slice(h * d, (h + 1) * d)
        keys, values = kp[:, cols], vp[:, cols]
        if zero_attn:
            keys = np.vstack([keys, np.zeros((1, d))])
            values = np.vstack([values, np.zeros((1, d))])
        for i in range(q.shape[0]):
            scores = np.array([qp[i, cols] @ keys[j] for j in range(src)]) / math.sqrt(d)
            w = _softmax(scores + mask[h, i])
            weights[h, i] = w
            out[i, cols] = w @ values
    assert extra == bias_kv + zero_attn
    out = out @ p["out_proj.weight"].T + p.get("out_proj.bias", 0)
    return out, (weights.mean(0) if average else weights)


def _x(*shape, seed=0):
    return ms.Tensor(np.random.RandomState(seed).randn(*shape))


def _params(net):
    return {p.name: p.asnumpy() for p in net.trainable_params()}


CONFIGS = [
    # (constructor keywords, masks: "kpm"/"attn"/"attn3"/"float", call keywords)
    ({}, (), {}),
    ({}, ("kpm", "attn"), {}),
    ({}, ("float", "attn3"), {"average_attn_weights": False}),
    ({"kdim": 3, "vdim": 5}, ("kpm",), {}),
    ({"add_bias_kv": True}, ("attn",), {"average_attn_weights": False}),
    ({"add_zero_attn": True, "has_bias": False}, ("kpm", "attn3"), {}),
    ({"add_bias_kv": True, "add_zero_attn": True, "kdim": 2, "batch_first": True},
     ("kpm", "attn"), {}),
    ({"batch_first": True, "num_heads": 1}, ("float",), {}),
    ({"num_heads": 3, "embed_dim": 6}, ("attn",), {"need_weights": False}),
]


def _masks(kinds, batch, heads, tgt, src, rng):
    masks, per_example = {}, {}
    if "kpm" in kinds:
        kpm = np.zeros((batch, src), bool)
        kpm[:, 0] = rng.rand(batch) < 0.6
        masks["key_padding_mask"], per_example["kpm"] = ms.Tensor(kpm), list(kpm)
    if "float" in kinds:
        kpm = rng.randn(batch, src)
        masks["key_padding_mask"], per_example["kpm"] = ms.Tensor(kpm), list(kpm)
    if "attn" in kinds:
        attn = np.triu(np.ones((tgt, src), bool), 2)
        masks["attn_mask"], per_example["attn"] = ms.Tensor(attn), [attn] * batch
    if "attn3" in kinds:
        attn = rng.randn(batch * heads, tgt, src)
        attn[:, :, -1] = -np.inf
        masks["attn_mask"] = ms.Tensor(attn)
        per_example["attn"] = list(attn.reshape(batch, heads, 1, tgt, src))
    return masks, per_example


@pytest.mark.parametrize("config", CONFIGS, ids=str)
@pytest.mark.parametrize("batched", [True, False])
def test_forward_matches_numpy(config, batched):
    kwargs, kinds, call = config
    kwargs = dict(kwargs)
    e, heads = kwargs.pop("embed_dim", 4), kwargs.pop("num_heads", 2)
    ms.set_seed(11)
    net = nn.MultiheadAttention(e, heads, dtype=ms.float64, **kwargs)
    for p in net.trainable_params():    # (biases away from their zero start)
        p.set_data(ms.Tensor(np.random.RandomState(len(p.name)).randn(*p.shape) * 0.5))
    batch, tgt, src = (3 if batched else 1), 4, 5
    rng = np.random.RandomState(12)
    masks, per_example = _masks(kinds, batch, heads, tgt, src, rng)
    q = rng.randn(batch, tgt, e)
    k = rng.randn(batch, src, net.kdim)
    v = rng.randn(batch, src, net.vdim)
    if batched:
        layout = (lambda a: a) if net.batch_first else (lambda a: np.swapaxes(a, 0, 1))
        args = [ms.Tensor(layout(a)) for a in (q, k, v)]
    else:
        args = [ms.Tensor(a[0]) for a in (q, k, v)]
        masks = {name: (m[0] if name == "key_padding_mask" else m) for name, m in masks.items()}
    result = net(*args, **masks, **call)
    need = call.get("need_weights", True)
    assert len(result) == (2 if need else 1)
    average = call.get("average_attn_weights", True)
    p = _params(net)
    for b in range(batch):
        attn = per_example.get("attn", [None] * batch)[b]
        if attn is not None and attn.ndim == 4:      # (heads, 1, L, S): per head
            attn = attn[:, 0]
        out, w = np_mha(p, q[b], k[b], v[b], heads, per_example.get("kpm", [None] * batch)[b],
                        attn, net.bias_k is not None, net.add_zero_attn, average)
        got = result[0].asnumpy()
        if batched:
            got = got[b] if net.batch_first else got[:, b]
        np.testing.assert_allclose(got, out, rtol=1e-12, atol=1e-12)
        if need:
            weights = result[1].asnumpy()
            np.testing.assert_allclose(weights[b] if batched else weights, w, rtol=1e-12,
                                       atol=1e-12)


def test_layers_match_their_formulas():
    """The encoder and decoder layers, post- and pre-norm, against the blocks
    composed by hand from MultiheadAttention, Dense and LayerNorm."""
    ms.set_seed(13)
    x, memory = _x(4, 2, 4), _x(3, 2, 4, seed=1)
    mask = ms.Tensor(np.triu(np.ones((4, 4), bool), 1))
    def by_hand(x, blocks, norms, norm_first):
        for block, norm in zip(blocks, norms):
            x = x + block(norm(x)) if norm_first else norm(x + block(x))
        return x
    for norm_first in (False, True):
        enc = nn.TransformerEncoderLayer(4, 2, 8, activation="gelu", norm_first=norm_first,
                                         dtype=ms.float64)
        blocks = (lambda y: enc.self_attn(y, y, y, attn_mask=mask)[0],
                  lambda y: enc.dense2(ops.gelu(enc.dense1(y))))
        want = by_hand(x, blocks, (enc.norm1, enc.norm2), norm_first)
        np.testing.assert_allclose(enc(x, mask).asnumpy(), want.asnumpy(), rtol=0, atol=1e-14)
        dec = nn.TransformerDecoderLayer(4, 2, 8, norm_first=norm_first, dtype=ms.float64)
        blocks = (lambda y: dec.self_attn(y, y, y, attn_mask=mask)[0],
                  lambda y: dec.multihead_attn(y, memory, memory)[0],
                  lambda y: dec.dense2(ops.relu(dec.dense1(y))))
        want = by_hand(x, blocks, (dec.norm1, dec.norm2, dec.norm3), norm_first)
        np.testing.assert_allclose(dec(x, memory, tgt_mask=mask).asnumpy(), want.asnumpy(),
                                   rtol=0, atol=1e-14)


# ------------------------------------------------------------------ derivatives

def test_attention_derivatives_to_second_order():
    ms.set_seed(14)
    net = nn.MultiheadAttention(4, 2, add_bias_kv=True, kdim=3, dtype=ms.float64)
    kpm = ms.Tensor(np.array([[False, False, True], [False, False, False]]))
    mask = ms.Tensor(np.triu(np.ones((2, 3), bool), 1))

    def f(q, k, v):
        return net(q, k, v, key_padding_mask=kpm, attn_mask=mask, average_attn_weights=False)
    args = (_x(2, 2, 4), _x(3, 2, 3, seed=1), _x(3, 2, 4, seed=2))
    check_grads(f, args, order=2, modes=("fwd", "rev"))
    check_grads(f, args, order=1, modes=("fwd", "rev"), weights=net.trainable_params())


def test_encoder_layer_derivatives_to_second_order():
    ms.set_seed(15)
    layer = nn.TransformerEncoderLayer(4, 2, 6, activation="gelu", dtype=ms.float64)
    layer.set_train(False)
    mask = ms.Tensor(np.array([[0.0, -1.0, -np.inf], [0.5, 0.0, 0.0], [0.0, 0.0, 0.0]]))

    def f(src):
        return layer(src, src_mask=mask)
    check_grads(f, (_x(3, 2, 4),), order=2, modes=("fwd", "rev"))
    check_grads(f, (_x(3, 2, 4),), order=1, modes=("rev",), weights=layer.trainable_params())


def test_jacobians_vmap_hvp_and_nested_grad():
    ms.set_seed(16)
    net = nn.MultiheadAttention(4, 2, add_zero_attn=True, dtype=ms.float64)

    def f(x):
        out, w = net(x, x, x)
        return (out ** 2).sum() + (w * w).sum()

    def g(x):
        return net(x, x, x)[0]
    x = _x(3, 4)                                        # unbatched
    jf, jr = ms.jacfwd(g)(x), ms.jacrev(g)(x)
    assert jf.shape == (3, 4, 3, 4)
    np.testing.assert_allclose(jf.asnumpy(), jr.asnumpy(), rtol=0, atol=1e-13)
    xs = _x(5, 3, 4, seed=1)
    np.testing.assert_allclose(ms.vmap(f)(xs).asnumpy(), [f(xs[i]).asnumpy() for i in range(5)],
                               rtol=0, atol=1e-13)
    v = _x(3, 4, seed=2)
    hv = ms.hvp(f, x, v)
    hv = hv[1] if isinstance(hv, tuple) else hv
    np.testing.assert_allclose(hv.asnumpy(), ms.jvp(ms.grad(f), x, v)[1].asnumpy(), rtol=0,
                               atol=1e-12)
    vjp_out, pullback = ms.vjp(g, x)
    np.testing.assert_allclose(pullback(ops.ones_like(vjp_out))[0].asnumpy(),
                               ms.grad(lambda x: g(x).sum())(x).asnumpy(), rtol=0, atol=1e-13)
    third = ms.grad(lambda x: (ms.grad(lambda x: ms.grad(f)(x).sum())(x) * v).sum())(x)
    assert third.shape == x.shape and np.isfinite(third.asnumpy()).all()


def test_vmap_maps_the_masks_too():
    ms.set_seed(17)
    net = nn.MultiheadAttention(4, 2, dtype=ms.float64)
    xs = _x(3, 4, 2, 4)
    kpms = ms.Tensor(np.array([[[0, 0, 0, 1], [0, 0, 0, 0]], [[1, 0, 0, 0], [0, 1, 0, 0]],
                               [[0, 0, 0, 0], [0, 0, 1, 1]]], bool))
    mapped = ms.vmap(lambda x, m: net(x, x, x, key_padding_mask=m)[0])(xs, kpms)
    one_by_one = [net(xs[i], xs[i], xs[i], key_padding_mask=kpms[i])[0].asnumpy()
                  for i in range(3)]
    np.testing.assert_allclose(mapped.asnumpy(), one_by_one, rtol=0, atol=1e-14)


def test_value_and_grad_with_the_weights_trains():
    ms.set_seed(18)
    net = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2,
                                nn.LayerNorm((4,), epsilon=1e-5))
    head = nn.Dense(4, 1)
    params = net.trainable_params() + head.trainable_params()
    x = ms.Tensor(np.random.RandomState(0).randn(5, 3, 4).astype(np.float32))
    y = ms.Tensor(np.ones((3, 1), np.float32))

    def loss_fn(x, y):
        return ((head(net(x)[-1]) - y) ** 2).mean()
    loss, grads = ms.value_and_grad(loss_fn, None, params)(x, y)
    assert len(grads) == len(params) == 2 * 12 + 2 + 2
    for p, g in zip(params, grads):
        assert g.shape == p.shape and g.dtype == p.dtype
    again = ms.grad(loss_fn, None, params)(x, y)
    for g, h in zip(grads, again):
        np.testing.assert_array_equal(g.asnumpy(), h.asnumpy())
    nn.SGD(params, learning_rate=0.1)(grads)
    assert float(loss_fn(x, y).asnumpy()) < float(loss.asnumpy())


# ------------------------------------------------------------------ behaviour

def test_parameters_are_named_shaped_and_initialized_as_mindspore():
    net = nn.MultiheadAttention(4, 2)
    assert [(p.name, p.shape) for p in net.trainable_params()] == [
        ("in_proj_weight", (12, 4)), ("in_proj_bias", (12,)), ("out_proj.weight", (4, 4)),
        ("out_proj.bias", (4,))]
    net = nn.MultiheadAttention(4, 2, has_bias=False, kdim=3, vdim=5, add_bias_kv=True)
    assert [(p.name, p.shape) for p in net.trainable_params()] == [
        ("q_proj_weight", (4, 4)), ("k_proj_weight", (4, 3)), ("v_proj_weight", (4, 5)),
        ("bias_k", (1, 1, 4)), ("bias_v", (1, 1, 4)), ("out_proj.weight", (4, 4))]
    assert net.in_proj_weight is None and net.in_proj_bias is None
    assert nn.MultiheadAttention(4, 2, kdim=4, vdim=4).in_proj_weight.shape == (12, 4)
    ms.set_seed(19)
    big = nn.MultiheadAttention(64, 4)
    w = big.in_proj_weight.asnumpy()
    bound = math.sqrt(6 / (64 + 192))                   # XavierUniform, fans 64 and 192
    assert bound * 0.97 < np.abs(w).max() <= bound
    assert not big.in_proj_bias.asnumpy().any()
    assert np.abs(big.out_proj.bias.asnumpy()).max() <= 1 / 8
    enc = nn.TransformerEncoderLayer(4, 2, 8)
    assert [p.name for p in enc.trainable_params()] == [
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
        "self_attn.out_proj.bias", "dense1.weight", "dense1.bias", "dense2.weight",
        "dense2.bias", "norm1.gamma", "norm1.beta", "norm2.gamma", "norm2.beta"]
    dec = nn.TransformerDecoderLayer(4, 2, 8)
    names = [p.name for p in dec.trainable_params()]
    assert names[4:8] == ["multihead_attn.in_proj_weight", "multihead_attn.in_proj_bias",
                          "multihead_attn.out_proj.weight", "multihead_attn.out_proj.bias"]
    assert names[-2:] == ["norm3.gamma", "norm3.beta"]
    transformer = nn.Transformer(4, 2, 1, 2, 8)
    names = [p.name for p in transformer.trainable_params()]
    assert names[0] == "encoder.layers.0.self_attn.in_proj_weight"
    assert "encoder.norm.gamma" in names and names[-1] == "decoder.norm.beta"
    assert sum(n.startswith("decoder.layers.1.") for n in names) == 18


def test_stacks_start_from_equal_fresh_copies():
    layer = nn.TransformerEncoderLayer(4, 2, 8, activation="gelu", norm_first=True)
    encoder = nn.TransformerEncoder(layer, 3)
    assert len(encoder.layers) == 3
    first, third = encoder.layers[0], encoder.layers[2]
    assert first is not layer and first.norm_first and first.activation is ops.gelu
    for a, b, given in zip(first.trainable_params(), third.trainable_params(),
                           layer.trainable_params()):
        assert a is not b
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert not np.array_equal(first.self_attn.in_proj_weight.asnumpy(),
                              layer.self_attn.in_proj_weight.asnumpy())


def test_transformer_redraws_matrices_from_xavier_uniform():
    ms.set_seed(20)
    net = nn.Transformer(32, 2, 1, 1, 64)
    w = net.encoder.layers[0].dense1.weight.asnumpy()      # (64, 32): bound sqrt(6 / 96)
    assert np.abs(w).max() <= math.sqrt(6 / 96) and np.abs(w).max() > 0.2
    assert not net.encoder.layers[0].self_attn.in_proj_bias.asnumpy().any()
    custom = nn.TransformerEncoder(nn.TransformerEncoderLayer(32, 2, 64), 1)
    assert nn.Transformer(32, 2, custom_encoder=custom, num_decoder_layers=1,
                          dim_feedforward=64).encoder is custom


def test_need_weights_and_average():
    ms.set_seed(21)
    net = nn.MultiheadAttention(4, 2)
    x = ms.Tensor(np.ones((3, 2, 4), np.float32))
    out = net(x, x, x, need_weights=False)
    assert isinstance(out, tuple) and len(out) == 1 and out[0].shape == (3, 2, 4)
    per_head = net(x[:, 0], x[:, 0], x[:, 0], average_attn_weights=False)[1]
    assert per_head.shape == (2, 3, 3)
    np.testing.assert_allclose(net(x[:, 0], x[:, 0], x[:, 0])[1].asnumpy(),
                               per_head.asnumpy().mean(0), rtol=1e-6)


def test_dropout_only_in_training_mode():
    ms.set_seed(22)
    net = nn.MultiheadAttention(4, 2, dropout=0.5)
    x = ms.Tensor(np.random.RandomState(0).randn(5, 2, 4).astype(np.float32))
    out, w = net(x, x, x, average_attn_weights=False)
    np.testing.assert_array_equal(out.asnumpy(), net(x, x, x)[0].asnumpy())
    net.set_train()
    out2, w2 = net(x, x, x, average_attn_weights=False)
    dropped = w2.asnumpy() == 0
    assert dropped.any() and not np.allclose(out.asnumpy(), out2.asnumpy())
    # the weights returned are the dropped and rescaled ones, as MindSpore
    np.testing.assert_allclose(w2.asnumpy()[~dropped], 2 * w.asnumpy()[~dropped], rtol=1e-6)
    net.set_train(False)
    np.testing.assert_array_equal(out.asnumpy(), net(x, x, x)[0].asnumpy())
    layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.5)
    first = layer(x).asnumpy()
    np.testing.assert_array_equal(first, layer(x).asnumpy())
    assert not np.allclose(first, layer.set_train()(x).asnumpy())
    np.testing.assert_array_equal(first, layer.set_train(False)(x).asnumpy())


def test_unbatched_transformer():
    ms.set_seed(26)
    net = nn.Transformer(4, 2, 1, 1, 8, dropout=0.0, dtype=ms.float64)
    src, tgt = _x(5, 4), _x(3, 4, seed=1)
    out = net(src, tgt)
    assert out.shape == (3, 4)
    batched = net(src.reshape(5, 1, 4), tgt.reshape(3, 1, 4))
    np.testing.assert_allclose(out.asnumpy(), batched.asnumpy()[:, 0], rtol=0, atol=1e-14)


def test_a_fully_masked_row_is_nan_and_the_others_are_unaffected():
    ms.set_seed(23)
    net = nn.MultiheadAttention(4, 2, dtype=ms.float64)
    x = _x(3, 2, 4)
    mask = np.zeros((3, 3), bool)
    mask[1] = True
    with np.errstate(invalid="ignore"):
        out, w = net(x, x, x, attn_mask=ms.Tensor(mask))
    out, w = out.asnumpy(), w.asnumpy()
    assert np.isnan(out[1]).all() and np.isnan(w[:, 1]).all()
    partial = mask.copy()
    partial[1, 0] = False
    ok_out, ok_w = net(x, x, x, attn_mask=ms.Tensor(partial))
    np.testing.assert_allclose(out[[0, 2]], ok_out.asnumpy()[[0, 2]], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(ok_w.asnumpy()[:, 1, 1:], 0)


def test_bool_and_float_masks_combine_as_additive_masks():
    ms.set_seed(24)
    net = nn.MultiheadAttention(4, 2, dtype=ms.float64)
    x = _x(3, 2, 4)
    kpm = np.array([[False, False, True], [True, False, False]])
    attn = np.array([[0.0, 0.5, -1.0], [0.2, 0.0, 0.0], [-0.3, 0.1, 0.0]])
    expected = net(x, x, x, key_padding_mask=ms.Tensor(np.where(kpm, -np.inf, 0.0)),
                   attn_mask=ms.Tensor(attn))[1].asnumpy()
    mixed = net(x, x, x, key_padding_mask=ms.Tensor(kpm), attn_mask=ms.Tensor(attn))[1]
    np.testing.assert_allclose(mixed.asnumpy(), expected, rtol=0, atol=1e-15)
    byte = net(x, x, x, attn_mask=ms.Tensor(np.triu(np.ones((3, 3), np.uint8), 1)))[1]
    boolean = net(x, x, x, attn_mask=ms.Tensor(np.triu(np.ones((3, 3), bool), 1)))[1]
    np.testing.assert_array_equal(byte.asnumpy(), boolean.asnumpy())


def test_activations():
    x = ms.Tensor(np.random.RandomState(1).randn(3, 2, 4).astype(np.float32))
    ms.set_seed(25)
    by_name = nn.TransformerEncoderLayer(4, 2, 8, activation="gelu")
    assert by_name.activation is ops.gelu and by_name.activation1 == "gelu"
    for activation in (ops.gelu, nn.GELU(approximate=False)):
        ms.set_seed(25)
        other = nn.TransformerEncoderLayer(4, 2, 8, activation=activation)
        np.testing.assert_allclose(other(x).asnumpy(), by_name(x).asnumpy(), rtol=1e-6)
    ms.set_seed(25)
    assert nn.TransformerEncoderLayer(4, 2, 8).activation is ops.relu


def test_signatures_and_defaults_are_mindspore_s():
    assert list(inspect.signature(nn.MultiheadAttention).parameters) == [
        "embed_dim", "num_heads", "dropout", "has_bias", "add_bias_kv", "add_zero_attn", "kdim",
        "vdim", "batch_first", "dtype"]
    assert list(inspect.signature(nn.MultiheadAttention.construct).parameters) == [
        "self", "query", "key", "value", "key_padding_mask", "need_weights", "attn_mask",
        "average_attn_weights"]
    layer_args = ["d_model", "nhead", "dim_feedforward", "dropout", "activation",
                  "layer_norm_eps", "batch_first", "norm_first", "dtype"]
    for cls in (nn.TransformerEncoderLayer, nn.TransformerDecoderLayer):
        assert list(inspect.signature(cls).parameters) == layer_args
    layer = nn.TransformerEncoderLayer(8, 2)
    assert (layer.dim_feedforward, layer.dropout_num, layer.layernorm_eps, layer.batch_first,
            layer.norm_first) == (2048, 0.1, 1e-5, False, False)
    assert list(inspect.signature(nn.TransformerDecoderLayer.construct).parameters) == [
        "self", "tgt", "memory", "tgt_mask", "memory_mask", "tgt_key_padding_mask",
        "memory_key_padding_mask"]
    assert list(inspect.signature(nn.TransformerEncoder).parameters) == [
        "encoder_layer", "num_layers", "norm"]
    assert list(inspect.signature(nn.TransformerDecoder).parameters) == [
        "decoder_layer", "num_layers", "norm"]
    params = inspect.signature(nn.Transformer).parameters
    assert list(params) == ["d_model", "nhead", "num_encoder_layers", "num_decoder_layers",
                            "dim_feedforward", "dropout", "activation", "custom_encoder",
                            "custom_decoder", "layer_norm_eps", "batch_first", "norm_first",
                            "dtype"]
    assert [params[n].default for n in ("d_model", "nhead", "num_encoder_layers",
                                        "dim_feedforward", "dropout")] == [512, 8, 6, 2048, 0.1]
    assert list(inspect.signature(nn.Transformer.construct).parameters)[1:] == [
        "src", "tgt", "src_mask", "tgt_mask", "memory_mask", "src_key_padding_mask",
        "tgt_key_padding_mask", "memory_key_padding_mask"]


def test_dtypes():
    net = nn.MultiheadAttention(4, 2, dtype=ms.float64)
    assert net.in_proj_weight.dtype == net.out_proj.weight.dtype == ms.float64
    x = ms.Tensor(np.ones((2, 1, 4)))
    out, w = net(x, x, x, attn_mask=ms.Tensor(np.zeros((2, 2), np.float16)))
    assert out.dtype == w.dtype == ms.float64
    assert nn.MultiheadAttention(4, 2, dtype=None).in_proj_weight.dtype == ms.float32
    assert nn.TransformerDecoderLayer(4, 2, 8, dtype=ms.float16).norm3.gamma.dtype == ms.float16


def test_repr():
    assert repr(nn.MultiheadAttention(4, 2)).startswith(
        "MultiheadAttention(\n  embed_dim=4, num_heads=2, dropout=0.0, has_bias=True, "
        "add_bias_kv=False, add_zero_attn=False, kdim=4, vdim=4, batch_first=False\n"
        "  (out_proj): Dense(")
    assert "d_model=4, nhead=2, dim_feedforward=8" in repr(nn.TransformerEncoderLayer(4, 2, 8))


# ----------------------------------------------------------------- bad input

@pytest.mark.parametrize("make, error, words", [
    (lambda: nn.MultiheadAttention(5, 2), ValueError, "embed_dim must be divisible by "
     "num_heads"),
    (lambda: nn.MultiheadAttention(4.0, 2), TypeError, "embed_dim"),
    (lambda: nn.MultiheadAttention(4, 0), ValueError, "num_heads"),
    (lambda: nn.MultiheadAttention(4, 2, kdim=0), ValueError, "kdim"),
    (lambda: nn.MultiheadAttention(4, 2, vdim="3"), TypeError, "vdim"),
    (lambda: nn.MultiheadAttention(4, 2, dropout=1.0), ValueError, "dropout"),
    (lambda: nn.MultiheadAttention(4, 2, dropout=None), TypeError, "dropout"),
    (lambda: nn.MultiheadAttention(4, 2, has_bias=1), TypeError, "has_bias"),
    (lambda: nn.MultiheadAttention(4, 2, add_bias_kv="no"), TypeError, "add_bias_kv"),
    (lambda: nn.MultiheadAttention(4, 2, batch_first=None), TypeError, "batch_first"),
    (lambda: nn.TransformerEncoderLayer(6, 4), ValueError, "d_model must be divisible by nhead"),
    (lambda: nn.TransformerEncoderLayer(4, 2, 0), ValueError, "dim_feedforward"),
    (lambda: nn.TransformerEncoderLayer(4, 2, activation="tanh"), ValueError,
     "activation must be 'relu' or 'gelu'"),
    (lambda: nn.TransformerDecoderLayer(4, 2, activation=3), TypeError, "activation"),
    (lambda: nn.TransformerDecoderLayer(4, 2, activation=nn.ReLU), TypeError,
     "activation .* class itself"),
    (lambda: nn.TransformerEncoderLayer(4, 2, layer_norm_eps="1e-5"), TypeError,
     "layer_norm_eps"),
    (lambda: nn.TransformerEncoderLayer(4, 2, norm_first=1), TypeError, "norm_first"),
    (lambda: nn.TransformerEncoder(nn.TransformerDecoderLayer(4, 2), 2), TypeError,
     "encoder_layer must be a TransformerEncoderLayer"),
    (lambda: nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2), -1), ValueError,
     "num_layers"),
    (lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), 1, norm="ln"), TypeError,
     "norm"),
    (lambda: nn.Transformer(4, 2, num_encoder_layers=1.5), TypeError, "num_encoder_layers"),
    (lambda: nn.Transformer(4, 2, custom_decoder=3), TypeError, "custom_decoder"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error, match=words):
        make()


X = ms.Tensor(np.ones((3, 2, 4), np.float32))
K = ms.Tensor(np.ones((5, 2, 4), np.float32))
MHA = nn.MultiheadAttention(4, 2)
ENC = nn.TransformerEncoderLayer(4, 2, 8)
DEC = nn.TransformerDecoderLayer(4, 2, 8)


@pytest.mark.parametrize("call, error, words", [
    (lambda: MHA(X[0, 0], X[0, 0], X[0, 0]), ValueError, r"query must be 3-D \(L, N, embed_dim"),
    (lambda: MHA(X, X[0], X), ValueError, "key must be 3-D as query"),
    (lambda: MHA(X, X, X[..., :3]), ValueError, "value's last dimension must be vdim=4"),
    (lambda: MHA(X[..., :3], X, X), ValueError, "query's last dimension must be embed_dim=4"),
    (lambda: MHA(X, K, X), ValueError, "key and value must have the sequence length"),
    (lambda: MHA(X, K[:, :1], K[:, :1]), ValueError, "batch size 2 as query"),
    (lambda: MHA([[1.0]], X, X), TypeError, "query must be a Tensor"),
    (lambda: MHA(X, X.astype(ms.int32), X), TypeError, "key must be a floating"),
    (lambda: MHA(X, X, X.astype(ms.float64)), TypeError, "value's dtype Float64 differs"),
    (lambda: MHA(X, X, X, key_padding_mask=ms.Tensor(np.zeros((2, 3), np.int32))), TypeError,
     "key_padding_mask must be a bool or floating-point Tensor"),
    (lambda: MHA(X, X, X, key_padding_mask=ms.Tensor(np.zeros((2, 3), np.uint8))), TypeError,
     "key_padding_mask"),
    (lambda: MHA(X, X, X, key_padding_mask=np.zeros((2, 3), bool)), TypeError,
     "key_padding_mask must be None or a bool"),
    (lambda: MHA(X, X, X, key_padding_mask=ms.Tensor(np.zeros((2, 4), bool))), ValueError,
     r"key_padding_mask must have shape \(2, 3\) \(N, S\)"),
    (lambda: MHA(X[:, 0], X[:, 0], X[:, 0], key_padding_mask=ms.Tensor(np.zeros((1, 3), bool))),
     ValueError, r"key_padding_mask must have shape \(3,\)"),
    (lambda: MHA(X, X, X, attn_mask=ms.Tensor(np.zeros((3, 3), np.int64))), TypeError,
     "attn_mask must be a bool, uint8 or floating-point"),
    (lambda: MHA(X, X, X, attn_mask=ms.Tensor(np.zeros((3, 4), bool))), ValueError,
     r"attn_mask must have shape \(3, 3\) \(L, S\) or \(4, 3, 3\)"),
    (lambda: MHA(X, X, X, attn_mask=ms.Tensor(np.zeros((2, 3, 3), bool))), ValueError,
     "attn_mask must have shape"),
    (lambda: MHA(X, X, X, need_weights=None), TypeError, "need_weights"),
    (lambda: MHA(X, X, X, average_attn_weights=1), TypeError, "average_attn_weights"),
    (lambda: ENC(X, src_mask=ms.Tensor(np.zeros((2, 2), bool))), ValueError,
     "TransformerEncoderLayer: src_mask must have shape"),
    (lambda: ENC(X, src_key_padding_mask=ms.Tensor(np.zeros((2, 3), np.int32))), TypeError,
     "src_key_padding_mask"),
    (lambda: ENC(X[..., :2]), ValueError, "query's last dimension"),
    (lambda: DEC(X, K, memory_mask=ms.Tensor(np.zeros((3, 3), bool))), ValueError,
     r"memory_mask must have shape \(3, 5\)"),
    (lambda: DEC(X, K, tgt_key_padding_mask=ms.Tensor(np.zeros((2, 5), bool))), ValueError,
     "tgt_key_padding_mask must have shape"),
    (lambda: DEC(X, K, memory_key_padding_mask=ms.Tensor(np.zeros(5))), ValueError,
     "memory_key_padding_mask must have shape"),
    (lambda: nn.Transformer(4, 2, 1, 1, 8)(X, K[:, :1]), ValueError,
     "src and tgt must have the same batch size"),
    (lambda: nn.Transformer(4, 2, 1, 1, 8)(X, K[..., :2]), ValueError,
     "last dimension must be d_model=4"),
])
def test_bad_inputs(call, error, words):
    with pytest.raises(error, match=words):
        call()
