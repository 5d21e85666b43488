"""nn.RNN, LSTM, GRU and RNNCell, LSTMCell, GRUCell: values and gradients against
MindSpore 2.10's (tests/rnn_mindspore_reference.py), values against an
independent NumPy loop in float64, derivatives of every order against finite
differences, and the argument checks."""
import inspect

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import nn
from dualgrad.testing import check_grads

import rnn_mindspore_reference as R

LAYERS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


# ------------------------------------------------------------ against MindSpore

@pytest.fixture(scope="module")
def dualgrad_results():
    return R.run(ms, nn)


@pytest.mark.parametrize("name", list(R.CASES))
def test_values_and_gradients_match_mindspore(dualgrad_results, name):
    R.assert_matches(dualgrad_results[name], R.MINDSPORE[name], name)


def test_the_reference_covers_every_layer_and_option():
    kinds = {layer for layer, *_ in R.CASES.values()}
    assert kinds == {"RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"}
    options = set().union(*(kw for _, kw, *_ in R.CASES.values()))
    assert {"num_layers", "bidirectional", "batch_first", "has_bias",
            "nonlinearity"} <= options
    assert any(seq is not None and 0 in seq for *_, seq in R.CASES.values())


# ------------------------------------------------------- an independent NumPy loop

def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def np_cell(mode, x, state, w_ih, w_hh, b_ih, b_hh):
    """One step, for one sequence (x: (input,), state: (hidden,) or (h, c))."""
    h = state[0] if mode == "LSTM" else state
    gi = w_ih @ x + (0 if b_ih is None else b_ih)
    gh = w_hh @ h + (0 if b_hh is None else b_hh)
    if mode == "RNN_TANH":
        return np.tanh(gi + gh)
    if mode == "RNN_RELU":
        return np.maximum(gi + gh, 0)
    n = len(h)
    if mode == "LSTM":
        i, f, g, o = (gi + gh).reshape(4, n)
        c = _sigmoid(f) * state[1] + _sigmoid(i) * np.tanh(g)
        return _sigmoid(o) * np.tanh(c), c
    r = _sigmoid(gi[:n] + gh[:n])
    z = _sigmoid(gi[n:2 * n] + gh[n:2 * n])
    new = np.tanh(gi[2 * n:] + r * gh[2 * n:])
    return (1 - z) * new + z * h


def np_layers(mode, params, x, h0, c0, lengths, num_layers, directions):
    """The stacked layers, one sequence at a time: the forward direction over its
    first ``length`` steps, the reverse direction over them reversed; outputs
    past the length are zero.  params[name] are arrays named as MindSpore's."""
    steps, batch, _ = x.shape
    hidden = h0.shape[-1]
    out = np.zeros((steps, batch, hidden * directions))
    h_n, c_n = np.zeros_like(h0), np.zeros_like(h0)
    for b in range(batch):
        n = lengths[b]
        seq = x[:n, b]
        for layer in range(num_layers):
            outs = []
            for d in range(directions):
                k = layer * directions + d
                suffix = f"l{layer}" + ("_reverse" if d else "")
                w = [params.get(f"{p}_{suffix}") for p in ("weight_ih", "weight_hh", "bias_ih",
                                                           "bias_hh")]
                state = (h0[k, b], c0[k, b]) if mode == "LSTM" else h0[k, b]
                ys = []
                for xt in (seq[::-1] if d else seq):
                    state = np_cell(mode, xt, state, *w)
                    ys.append(state[0] if mode == "LSTM" else state)
                ys = np.array(ys).reshape(n, hidden)
                outs.append(ys[::-1] if d else ys)
                h_n[k, b] = state[0] if mode == "LSTM" else state
                if mode == "LSTM":
                    c_n[k, b] = state[1]
            seq = np.concatenate(outs, axis=1)
        out[:n, b] = seq
    return out, h_n, c_n


CONFIGS = [
    # (layer, keywords, seq_len, batch, input, hidden, lengths or None)
    ("RNN", {}, 5, 2, 3, 4, None),
    ("RNN", {"nonlinearity": "relu", "num_layers": 3}, 4, 3, 2, 3, None),
    ("RNN", {"bidirectional": True, "batch_first": True}, 6, 3, 2, 2, (6, 3, 1)),
    ("RNN", {"nonlinearity": "relu", "has_bias": False, "bidirectional": True}, 3, 1, 5, 2,
     None),
    ("LSTM", {}, 1, 1, 1, 1, None),
    ("LSTM", {"num_layers": 2, "bidirectional": True}, 5, 4, 3, 3, (5, 0, 2, 4)),
    ("LSTM", {"batch_first": True, "has_bias": False, "num_layers": 2}, 4, 2, 2, 5, (3, 4)),
    ("LSTM", {"bidirectional": True}, 7, 2, 4, 2, None),
    ("GRU", {}, 5, 2, 3, 4, (1, 5)),
    ("GRU", {"num_layers": 3, "bidirectional": True, "batch_first": True}, 3, 2, 2, 2, None),
    ("GRU", {"has_bias": False}, 6, 3, 2, 3, (2, 6, 0)),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c[0]}{c[1]}{c[6]}")
@pytest.mark.parametrize("given_state", [False, True])
def test_forward_matches_a_numpy_loop(config, given_state):
    layer, kwargs, steps, batch, size, hidden, lengths = config
    rng = np.random.RandomState(steps * 7 + batch)
    net = LAYERS[layer](size, hidden, dtype=ms.float64, **kwargs)
    params = {p.name: p.asnumpy() for p in net.trainable_params()}
    directions = 2 if kwargs.get("bidirectional") else 1
    num_layers = kwargs.get("num_layers", 1)
    x = rng.randn(steps, batch, size)
    h0 = rng.randn(num_layers * directions, batch, hidden) if given_state else \
        np.zeros((num_layers * directions, batch, hidden))
    c0 = rng.randn(*h0.shape) if given_state else np.zeros_like(h0)
    mode = {"RNN": "RNN_RELU" if kwargs.get("nonlinearity") == "relu" else "RNN_TANH"}.get(
        layer, layer)
    want_out, want_h, want_c = np_layers(mode, params, x, h0, c0,
                                         lengths or [steps] * batch, num_layers, directions)
    x_in = x.transpose(1, 0, 2) if kwargs.get("batch_first") else x
    hx = None
    if given_state:
        hx = (ms.Tensor(h0), ms.Tensor(c0)) if layer == "LSTM" else ms.Tensor(h0)
    seq_length = None if lengths is None else ms.Tensor(np.array(lengths, np.int64))
    out, h = net(ms.Tensor(x_in), hx, seq_length)
    got = out.asnumpy()
    if kwargs.get("batch_first"):
        got = got.transpose(1, 0, 2)
    assert out.dtype == ms.float64
    np.testing.assert_allclose(got, want_out, rtol=0, atol=1e-12)
    if layer == "LSTM":
        np.testing.assert_allclose(h[0].asnumpy(), want_h, rtol=0, atol=1e-12)
        np.testing.assert_allclose(h[1].asnumpy(), want_c, rtol=0, atol=1e-12)
    else:
        np.testing.assert_allclose(h.asnumpy(), want_h, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind, kwargs", [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}),
                                          ("LSTMCell", {}), ("GRUCell", {"has_bias": False})])
def test_cells_match_a_numpy_step(kind, kwargs):
    rng = np.random.RandomState(3)
    cell = getattr(nn, kind)(3, 4, dtype=ms.float64, **kwargs)
    w = [None if p is None else p.asnumpy()
         for p in (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)]
    x, h, c = rng.randn(5, 3), rng.randn(5, 4), rng.randn(5, 4)
    mode = {"LSTMCell": "LSTM", "GRUCell": "GRU"}.get(
        kind, "RNN_RELU" if kwargs.get("nonlinearity") == "relu" else "RNN_TANH")
    want = [np_cell(mode, x[b], (h[b], c[b]) if mode == "LSTM" else h[b], *w) for b in range(5)]
    if mode == "LSTM":
        got = cell(ms.Tensor(x), (ms.Tensor(h), ms.Tensor(c)))
        np.testing.assert_allclose(got[0].asnumpy(), [v[0] for v in want], rtol=0, atol=1e-12)
        np.testing.assert_allclose(got[1].asnumpy(), [v[1] for v in want], rtol=0, atol=1e-12)
    else:
        got = cell(ms.Tensor(x), ms.Tensor(h))
        np.testing.assert_allclose(got.asnumpy(), want, rtol=0, atol=1e-12)


# ----------------------------------------------------------------- derivatives

def _x(*shape, seed=0):
    return ms.Tensor(np.random.RandomState(seed).randn(*shape) * 0.8, dtype=ms.float64)


def _outputs(net, lstm, seq_length=None):
    def f(x, h0, c0=None):
        hx = (h0, c0) if lstm else h0
        out, h = net(x, hx, seq_length)
        return (out, h[0], h[1]) if lstm else (out, h)
    return f


@pytest.mark.parametrize("layer", ["RNN", "RNN relu", "LSTM", "GRU"])
def test_layer_derivatives_to_second_order(layer):
    ms.set_seed(1)
    kind = layer.split()[0]
    kwargs = {"nonlinearity": "relu"} if "relu" in layer else {}
    net = LAYERS[kind](2, 2, num_layers=2, bidirectional=True, dtype=ms.float64, **kwargs)
    lstm = kind == "LSTM"
    f = _outputs(net, lstm, ms.Tensor(np.array([3, 1])))
    args = (_x(3, 2, 2), _x(4, 2, 2, seed=1)) + ((_x(4, 2, 2, seed=2),) if lstm else ())
    check_grads(f, args, order=2, modes=("fwd", "rev"))
    check_grads(f, args, order=1, modes=("fwd", "rev"), weights=net.trainable_params())


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cell_derivatives_to_second_order(kind):
    ms.set_seed(2)
    cell = getattr(nn, kind)(3, 2, dtype=ms.float64)
    if kind == "LSTMCell":
        def f(x, h, c):
            return cell(x, (h, c))
        args = (_x(2, 3), _x(2, 2, seed=1), _x(2, 2, seed=2))
    else:
        f, args = cell, (_x(2, 3), _x(2, 2, seed=1))
    check_grads(f, args, order=2, modes=("fwd", "rev"))
    check_grads(f, args, order=2, modes=("rev",), weights=cell.trainable_params())


@pytest.mark.parametrize("layer", ["LSTM", "GRU"])
def test_forward_and_reverse_jacobians_agree(layer):
    ms.set_seed(3)
    net = LAYERS[layer](2, 3, batch_first=True, dtype=ms.float64)
    seq_length = ms.Tensor(np.array([2, 3]))

    def f(x):
        return net(x, None, seq_length)[0]
    x = _x(2, 3, 2)
    jf, jr = ms.jacfwd(f)(x), ms.jacrev(f)(x)
    assert jf.shape == (2, 3, 3, 2, 3, 2)
    np.testing.assert_allclose(jf.asnumpy(), jr.asnumpy(), rtol=0, atol=1e-13)
    # the output past a sequence's length is zero, and so is its derivative
    assert not jf.asnumpy()[0, 2].any()


def test_value_and_grad_with_the_weights_trains():
    ms.set_seed(4)
    net = nn.GRU(2, 3, num_layers=2, has_bias=True)
    head = nn.Dense(3, 1)
    params = net.trainable_params() + head.trainable_params()
    x = ms.Tensor(np.random.RandomState(0).randn(5, 4, 2).astype(np.float32))
    y = ms.Tensor(np.ones((4, 1), np.float32))

    def loss_fn(x, y):
        out, _ = net(x)
        return ((head(out[-1]) - y) ** 2).mean()
    step = ms.value_and_grad(loss_fn, None, params)
    loss, grads = step(x, y)
    assert len(grads) == len(params) == 10
    for p, g in zip(params, grads):
        assert g.shape == p.shape and g.dtype == p.dtype
    # the same gradient as grad's, and one step against it lowers the loss
    again = ms.grad(loss_fn, None, params)(x, y)
    for g, h in zip(grads, again):
        np.testing.assert_array_equal(g.asnumpy(), h.asnumpy())
    opt = nn.SGD(params, learning_rate=0.1)
    opt(grads)
    assert float(loss_fn(x, y).asnumpy()) < float(loss.asnumpy())


def test_vmap_hvp_and_nested_grad():
    ms.set_seed(5)
    net = nn.LSTM(2, 2, bidirectional=True, dtype=ms.float64)

    def f(x):
        out, (h, c) = net(x)
        return (out ** 2).sum() + (c * h).sum()
    xs = _x(3, 4, 2, 2)
    batched = ms.vmap(f)(xs)
    np.testing.assert_allclose(batched.asnumpy(), [f(xs[i]).asnumpy() for i in range(3)],
                               rtol=0, atol=1e-14)
    x, v = _x(4, 2, 2, seed=1), _x(4, 2, 2, seed=2)
    hv = ms.hvp(f, x, v)
    hv = hv[1] if isinstance(hv, tuple) else hv
    by_grad = ms.jvp(ms.grad(f), x, v)[1]
    np.testing.assert_allclose(hv.asnumpy(), by_grad.asnumpy(), rtol=0, atol=1e-12)
    third = ms.grad(lambda x: (ms.grad(lambda x: ms.grad(f)(x).sum())(x) * v).sum())(x)
    assert third.shape == x.shape and np.isfinite(third.asnumpy()).all()


def test_vmap_maps_seq_length_too():
    ms.set_seed(9)
    net = nn.GRU(2, 3, bidirectional=True, dtype=ms.float64)
    xs = _x(5, 4, 2, 2)
    lengths = ms.Tensor(np.array([[1, 2], [4, 0], [3, 3], [2, 4], [0, 0]]))
    mapped = ms.vmap(lambda x, s: net(x, None, s)[1])(xs, lengths)
    one_by_one = [net(xs[i], None, lengths[i])[1].asnumpy() for i in range(5)]
    np.testing.assert_allclose(mapped.asnumpy(), one_by_one, rtol=0, atol=1e-15)


# ------------------------------------------------------------------ behaviour

def test_parameters_are_named_and_ordered_as_mindspore():
    net = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    names = [name for name, _ in net.parameters_and_names()]
    assert names == [f"{w}_l{k}{s}" for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
                     for k in (0, 1) for s in ("", "_reverse")]
    shapes = {p.name: p.shape for p in net.trainable_params()}
    assert shapes["weight_ih_l0"] == (16, 3) and shapes["weight_ih_l1_reverse"] == (16, 8)
    assert shapes["weight_hh_l1"] == (16, 4) and shapes["bias_hh_l0_reverse"] == (16,)
    assert net.weight_ih_l1_reverse is net.w_ih_list[3]
    assert [p.name for p in nn.GRU(3, 4, has_bias=False).trainable_params()] == \
        ["weight_ih_l0", "weight_hh_l0"]
    assert [p.name for p in nn.GRUCell(3, 4).trainable_params()] == \
        ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
    assert nn.RNNCell(3, 4, has_bias=False).bias_ih is None

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(3, 4)
    assert [p.name for p in Net().trainable_params()][0] == "rnn.weight_ih_l0"


@pytest.mark.parametrize("make", [lambda: nn.GRU(3, 25, num_layers=2),
                                  lambda: nn.LSTMCell(2, 25)])
def test_initialization_is_uniform_within_one_over_sqrt_hidden(make):
    ms.set_seed(6)
    values = np.concatenate([p.asnumpy().ravel() for p in make().trainable_params()])
    assert values.dtype == np.float32
    assert np.abs(values).max() <= 0.2 and np.abs(values).max() > 0.19
    assert abs(values.std() - 0.2 / np.sqrt(3)) < 0.01     # U(-0.2, 0.2)


def test_signatures_and_defaults_are_mindspore_s():
    layer = inspect.signature(nn.LSTM)
    assert list(layer.parameters)[:8] == ["input_size", "hidden_size", "num_layers", "has_bias",
                                          "batch_first", "dropout", "bidirectional", "dtype"]
    net = nn.GRU(3, 4)
    assert (net.num_layers, net.has_bias, net.batch_first, net.dropout, net.bidirectional) == \
        (1, True, False, 0.0, False)
    assert inspect.signature(nn.RNN).parameters["nonlinearity"].default == "tanh"
    assert list(inspect.signature(nn.RNNCell).parameters) == [
        "input_size", "hidden_size", "has_bias", "nonlinearity", "dtype"]
    assert list(inspect.signature(nn.LSTM.construct).parameters) == [
        "self", "x", "hx", "seq_length"]
    net = nn.LSTM(3, 4, 2, False, True, 0.5, True, ms.float64)
    assert (net.num_layers, net.has_bias, net.batch_first, net.dropout, net.bidirectional) == \
        (2, False, True, 0.5, True)
    assert net.weight_ih_l0.dtype == ms.float64


def test_seq_length_zeroes_the_outputs_and_keeps_the_last_state():
    ms.set_seed(7)
    net = nn.LSTM(2, 3, bidirectional=True, dtype=ms.float64)
    x = _x(5, 3, 2)
    lengths = np.array([5, 2, 0])
    out, (h, c) = net(x, None, ms.Tensor(lengths))
    full_out, (full_h, _) = net(x[:2, 1:2])
    out, h = out.asnumpy(), h.asnumpy()
    assert not out[2:, 1].any() and not out[:, 2].any()
    assert not h[:, 2].any() and not c.asnumpy()[:, 2].any()     # zero initial state kept
    np.testing.assert_allclose(out[:2, 1], full_out.asnumpy()[:, 0], rtol=0, atol=1e-14)
    np.testing.assert_allclose(h[:, 1], full_h.asnumpy()[:, 0], rtol=0, atol=1e-14)


def test_dropout_between_layers_in_training_only():
    ms.set_seed(8)
    net = nn.RNN(2, 3, num_layers=2, dropout=0.5)
    x = ms.Tensor(np.random.RandomState(0).randn(4, 2, 2).astype(np.float32))
    first = net(x)[0].asnumpy()
    np.testing.assert_array_equal(first, net(x)[0].asnumpy())
    net.set_train()
    assert not np.allclose(first, net(x)[0].asnumpy())
    net.set_train(False)
    np.testing.assert_array_equal(first, net(x)[0].asnumpy())


def test_dtypes():
    net = nn.GRU(2, 3, dtype=ms.float16)
    out, h = net(ms.Tensor(np.ones((2, 1, 2), np.float32)))
    assert out.dtype == h.dtype == ms.float32         # weights cast to the input's dtype
    out, h = nn.GRU(2, 3)(ms.Tensor(np.ones((2, 1, 2), np.float64)))
    assert out.dtype == ms.float64
    cell = nn.GRUCell(2, 3)
    with pytest.raises(TypeError, match="dtype"):
        cell(ms.Tensor(np.ones((1, 2))), ms.Tensor(np.ones((1, 3))))


def test_repr():
    assert repr(nn.RNNCell(3, 4)) == \
        "RNNCell(input_size=3, hidden_size=4, has_bias=True, nonlinearity=tanh)"
    assert repr(nn.GRU(3, 4)).startswith(
        "GRU(\n  input_size=3, hidden_size=4, num_layers=1, has_bias=True, batch_first=False, "
        "dropout=0.0, bidirectional=False\n  (dropout_op): Dropout(p=0.0)")


# ----------------------------------------------------------------- bad input

@pytest.mark.parametrize("make, error, words", [
    (lambda: nn.LSTM(3.0, 4), TypeError, "input_size"),
    (lambda: nn.LSTM(3, 0), ValueError, "hidden_size"),
    (lambda: nn.GRU(3, 4, num_layers=0), ValueError, "num_layers"),
    (lambda: nn.GRU(3, 4, dropout=1.0), ValueError, "dropout"),
    (lambda: nn.GRU(3, 4, dropout=-0.1), ValueError, "dropout"),
    (lambda: nn.GRU(3, 4, dropout=1), TypeError, "dropout"),
    (lambda: nn.RNN(3, 4, has_bias=1), TypeError, "has_bias"),
    (lambda: nn.RNN(3, 4, batch_first="yes"), TypeError, "batch_first"),
    (lambda: nn.RNN(3, 4, bidirectional=None), TypeError, "bidirectional"),
    (lambda: nn.RNN(3, 4, nonlinearity="sigmoid"), ValueError, "nonlinearity"),
    (lambda: nn.RNN(3, 4, nonlinearity=None), TypeError, "nonlinearity"),
    (lambda: nn.RNNCell(3, 4, nonlinearity="gelu"), ValueError, "nonlinearity"),
    (lambda: nn.GRUCell(0, 4), ValueError, "input_size"),
    (lambda: nn.LSTMCell(3, 4, has_bias="no"), TypeError, "has_bias"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error, match=words):
        make()


X = ms.Tensor(np.ones((5, 2, 3), np.float32))
H = ms.Tensor(np.zeros((1, 2, 4), np.float32))


@pytest.mark.parametrize("call, error, words", [
    (lambda: nn.GRU(3, 4)(X[0]), ValueError, r"x must be 3-D \(seq_len, batch_size"),
    (lambda: nn.GRU(3, 4, batch_first=True)(X[0]), ValueError, r"x must be 3-D \(batch_size"),
    (lambda: nn.GRU(2, 4)(X), ValueError, "input_size=2"),
    (lambda: nn.GRU(3, 4)([[1.0]]), TypeError, "x must be a Tensor"),
    (lambda: nn.GRU(3, 4)(ms.Tensor(np.ones((5, 2, 3), np.int32))), TypeError, "x must be a "
     "floating"),
    (lambda: nn.GRU(3, 4)(X, ms.Tensor(np.zeros((1, 3, 4), np.float32))), ValueError,
     r"hx must have shape \(1, 2, 4\)"),
    (lambda: nn.GRU(3, 4, bidirectional=True)(X, H), ValueError, r"hx must have shape \(2, 2"),
    (lambda: nn.GRU(3, 4)(X, H.asnumpy()), TypeError, "hx must be a Tensor"),
    (lambda: nn.GRU(3, 4)(X, ms.Tensor(np.zeros((1, 2, 4), np.float16))), TypeError,
     "hx must have the dtype of x"),
    (lambda: nn.LSTM(3, 4)(X, H), TypeError, r"hx must be a tuple \(h, c\)"),
    (lambda: nn.LSTM(3, 4)(X, (H,)), TypeError, "hx must be a tuple .* of length 1"),
    (lambda: nn.LSTM(3, 4)(X, (H, H[:, :1])), ValueError, r"hx\[1\] must have shape"),
    (lambda: nn.GRU(3, 4)(X, None, ms.Tensor([1.0, 2.0])), TypeError, "seq_length must be an "
     "int"),
    (lambda: nn.GRU(3, 4)(X, None, ms.Tensor([1, 2, 3])), ValueError,
     r"seq_length must have shape \(batch_size,\)"),
    (lambda: nn.GRU(3, 4)(X, None, ms.Tensor([-1, 2])), ValueError, "seq_length must lie in"),
    (lambda: nn.GRU(3, 4, bidirectional=True)(X, None, ms.Tensor([6, 2])), ValueError,
     r"seq_length must lie in \[0, seq_len=5\]"),
    (lambda: nn.RNNCell(3, 4)(X, H[0]), ValueError, r"x must have shape \(batch_size, "
     "input_size=3\\)"),
    (lambda: nn.RNNCell(3, 4)(X[0], H), ValueError, r"hx must have shape \(2, 4\)"),
    (lambda: nn.GRUCell(3, 4)(X[0], None), TypeError, "hx must be a Tensor"),
    (lambda: nn.LSTMCell(3, 4)(X[0], H[0]), TypeError, r"hx must be a tuple \(h, c\)"),
    (lambda: nn.LSTMCell(3, 4)(X[0], (H[0], H[0, :1])), ValueError, r"hx\[1\] must have"),
])
def test_bad_inputs(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_seq_length_longer_than_the_input_runs_one_direction_to_the_end():
    # as MindSpore: accepted by a unidirectional layer (refused by a bidirectional one)
    net = nn.GRU(3, 4)
    a = net(X, None, ms.Tensor([9, 5]))
    b = net(X)
    np.testing.assert_array_equal(a[0].asnumpy(), b[0].asnumpy())
