"""The classes of MindSpore 2.10's ``nn`` added last: the ``...Ext`` names (the
very classes of ``mint.nn``, as in MindSpore); the deprecated cells Norm,
OneHot, Range, Roll, Tril, Triu, MatrixDiag, MatrixDiagPart, MatrixSetDiag,
Moments, MatMul, ImageGradients, TimeDistributed, Jvp and Vjp; LRN, CTCLoss,
Lamb, EmbeddingLookup, GradAccumulationCell and ParameterUpdate.

Values and input gradients against MindSpore 2.10's, stored in
tests/nn_remaining_reference.py (captured from fixed inputs); what MindSpore
2.10 has no CPU kernel for (Roll, the MatrixDiag family, Lamb) against NumPy
and the documented formulas; CTCLoss also against the sum over all
alignments; derivatives to second order in forward and reverse mode with
check_grads.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop
from nn_remaining_reference import (CASES, CTC_CASES, LOOKUP_INDICES, LOOKUP_TABLE, MINDSPORE,
                                   build, cotangent, ctc_loss, inputs)


EXT_CLASSES = {"AvgPool1dExt": "AvgPool1d", "AvgPool2dExt": "AvgPool2d",
               "AvgPool3dExt": "AvgPool3d", "DropoutExt": "Dropout", "Dropout2dExt": "Dropout2d",
               "EmbeddingExt": "Embedding", "L1LossExt": "L1Loss", "LayerNormExt": "LayerNorm",
               "LogSoftmaxExt": "LogSoftmax", "MaxPool2dExt": "MaxPool2d", "PReLUExt": "PReLU"}


@pytest.mark.parametrize("name", EXT_CLASSES)
def test_ext_classes_are_mint_nn_classes(name):
    """MindSpore 2.10's nn.<Name>Ext is mint.nn.<Name> itself (checked there)."""
    assert getattr(nn, name) is getattr(ms.mint.nn, EXT_CLASSES[name])
    assert name in nn.__all__


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients

def _flatten(out):
    items = []
    for o in (out if isinstance(out, (tuple, list)) else [out]):
        items.extend(_flatten(o) if isinstance(o, (tuple, list)) else [o])
    return items


@pytest.mark.parametrize("case", CASES)
def test_values_and_gradients_match_mindspore(case):
    expected, expected_grad = MINDSPORE[case]
    data = {n: Tensor(v) for n, v in inputs().items()}
    cell, args = build(nn, case, data)
    outputs = _flatten(cell(*args))
    assert len(outputs) == len(expected)
    for out, (dtype, shape, values) in zip(outputs, expected):
        assert str(out.asnumpy().dtype) == dtype
        assert tuple(out.shape) == shape
        np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=2e-5, atol=2e-6)
    if expected_grad is not None:
        def loss(first, *rest):
            total = 0
            for o in _flatten(cell(first, *rest)):
                total = total + (o * Tensor(cotangent(o.shape))).sum()
            return total
        grad = ms.grad(loss, 0)(*args)
        np.testing.assert_allclose(grad.asnumpy().ravel(), expected_grad, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("case", CTC_CASES)
def test_ctc_loss_matches_mindspore(case):
    """CTCLoss of log_softmax(logits), its gradient with respect to the logits
    (where MindSpore's kernel's derivative and the loss's own agree).  Where
    no alignment exists MindSpore's gradient is NaN (here 0, the loss being
    constant inf there), and with zero_infinity its loss stays inf where its
    documentation (and PyTorch) make it 0, as here."""
    (dtype, shape, values), = MINDSPORE["CTCLoss " + case][0]
    expected_grad = np.array(MINDSPORE["CTCLoss " + case][1]).reshape(5, 3, 4)
    data = {n: Tensor(v) for n, v in inputs().items()}
    out = ctc_loss(nn, ms.ops, case, data["logits"], data)
    assert str(out.asnumpy().dtype) == dtype and tuple(out.shape) == shape
    values = np.array(values)
    if case == "impossible zeroed":
        assert values[0] == np.inf
        values[0] = 0.0
    np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=2e-5, atol=2e-5)
    weights = Tensor(cotangent(out.shape))
    grad = ms.grad(lambda z: (ctc_loss(nn, ms.ops, case, z, data) * weights).sum())(
        data["logits"]).asnumpy()
    if case == "impossible":
        assert np.isnan(expected_grad[:3, 0]).all()       # (its input length is 3)
        expected_grad[:3, 0] = 0.0
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-4, atol=2e-5)


def test_ctc_loss_is_minus_the_log_of_its_alignments_total_probability():
    """Against the sum over every path of T labels that collapses (repeats
    merged, blanks dropped) to the target, in float64."""
    import itertools
    steps, classes = 4, 3
    log_probs = np.log(np.random.default_rng(3).dirichlet(np.ones(classes), (steps, 2)))
    targets = np.array([[1, 1], [2, 1]])
    losses = nn.CTCLoss(reduction="none")(Tensor(log_probs), Tensor(targets), (4, 3), (2, 1))
    for n, (length, target_length) in enumerate([(4, 2), (3, 1)]):
        total = 0.0
        for path in itertools.product(range(classes), repeat=length):
            collapsed = [k for k, _ in itertools.groupby(path) if k != 0]
            if collapsed == list(targets[n, :target_length]):
                total += np.exp(sum(log_probs[t, n, path[t]] for t in range(length)))
        np.testing.assert_allclose(losses.asnumpy()[n], -np.log(total), rtol=1e-12)


def test_ctc_loss_derivative_is_the_losss_own():
    """With respect to log_probs (not through a log_softmax) the derivative is
    the loss's: -(the posterior occupation of each label), so the gradients
    of one step sum to -1 over the classes (MindSpore's kernel adds
    exp(log_probs) here, as PyTorch's)."""
    log_probs = ms.ops.log_softmax(Tensor(inputs()["logits"].astype(np.float64)), -1)
    grad = ms.grad(lambda lp: nn.CTCLoss(reduction="sum")(
        lp, Tensor(inputs()["labels"]), (5, 5, 5), (3, 2, 1)))(log_probs).asnumpy()
    np.testing.assert_allclose(grad.sum(-1), -np.ones((5, 3)), rtol=1e-12)
    assert (grad <= 1e-15).all()


def test_jvp_and_vjp_return_structures_match_mindspore():
    """MindSpore's Jvp gives (output, jvp) with the output's structure; its Vjp
    a Tensor for one input and a tuple of Tensors for several."""
    x, y = Tensor(inputs()["x"]), Tensor(inputs()["m34"])
    out, tangent = nn.Jvp(lambda a: (a * 2, a * a))(x, y)
    assert isinstance(out, tuple) and isinstance(tangent, tuple) and len(tangent) == 2
    out, gradient = nn.Vjp(lambda a: a * a)(x, y)
    assert isinstance(gradient, Tensor)
    out, gradients = nn.Vjp(lambda a, b: a * b)(x, y, y)
    assert isinstance(gradients, tuple) and len(gradients) == 2


# ---------------------------------------------------------------------------
# the cells MindSpore 2.10's CPU build cannot run, against NumPy

def test_roll_matches_numpy():
    """MindSpore 2.10 has no CPU kernel for Roll: np.roll per its documentation."""
    x = np.arange(24.0, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(nn.Roll(1, 0)(Tensor(x)).asnumpy(), np.roll(x, 1, 0))
    np.testing.assert_array_equal(nn.Roll([2, -1], [2, -2])(Tensor(x)).asnumpy(),
                                  np.roll(x, (2, -1), (2, -2)))
    grad = ms.grad(lambda t: (nn.Roll(1, 2)(t) * Tensor(cotangent(x.shape))).sum())(Tensor(x))
    np.testing.assert_array_equal(grad.asnumpy(), np.roll(cotangent(x.shape), -1, 2))


def test_matrix_diag_family_matches_numpy():
    """MindSpore 2.10 has no CPU kernel for MatrixDiag, MatrixDiagPart or
    MatrixSetDiag: NumPy's diagonals per their documentation (shapes (..., N)
    → (..., N, N), (..., M, N) → (..., min(M, N)), and the diagonal replaced)."""
    v = np.arange(6.0, dtype=np.float32).reshape(2, 3) + 1
    expected = np.zeros((2, 3, 3), np.float32)
    for i in range(3):
        expected[:, i, i] = v[:, i]
    np.testing.assert_array_equal(nn.MatrixDiag()(Tensor(v)).asnumpy(), expected)
    for shape in ((2, 3, 4), (2, 4, 3), (3, 3)):
        m = np.sin(np.arange(float(np.prod(shape)))).reshape(shape).astype(np.float32)
        np.testing.assert_array_equal(nn.MatrixDiagPart()(Tensor(m)).asnumpy(),
                                      np.diagonal(m, 0, -2, -1))
        d = np.cos(np.arange(float(np.prod(shape[:-2]) * min(shape[-2:])))).reshape(
            shape[:-2] + (min(shape[-2:]),)).astype(np.float32)
        out = m.copy()
        idx = np.arange(min(shape[-2:]))
        out[..., idx, idx] = d
        np.testing.assert_array_equal(nn.MatrixSetDiag()(Tensor(m), Tensor(d)).asnumpy(), out)
    # documented example
    x = Tensor([[[-1, 0], [0, 1]], [[-1, 0], [0, 1]], [[-1, 0], [0, 1]]], ms.float32)
    diagonal = Tensor([[-1., 2.], [-1., 1.], [-1., 1.]], ms.float32)
    assert nn.MatrixSetDiag()(x, diagonal).asnumpy().tolist() == [
        [[-1, 0], [0, 2]], [[-1, 0], [0, 1]], [[-1, 0], [0, 1]]]


def test_moments_float16_is_reduced_in_float32():
    x = np.array([40000.0, 40000.0, 40000.0], np.float16)      # (their float16 sum overflows)
    mean, variance = nn.Moments()(Tensor(x))
    assert mean.dtype == ms.float16 and variance.dtype == ms.float16
    np.testing.assert_allclose(float(mean.asnumpy()), 40000.0, rtol=1e-3)
    assert float(variance.asnumpy()) == 0.0


def test_range_and_reprs():
    assert nn.Range(4)().asnumpy().tolist() == [0, 1, 2, 3]
    assert repr(nn.Norm(1)) == "Norm(axis=1, keep_dims=False)"
    assert repr(nn.Tril()) == "Tril()"


# ---------------------------------------------------------------------------
# derivatives to second order

_RNG = np.random.default_rng(7)
SMOOTH = [
    ("Norm", lambda x: nn.Norm(axis=1)(x), [_RNG.normal(size=(3, 4)) + 2.0]),
    ("Moments", lambda x: nn.Moments(axis=(0, 2))(x)[1], [_RNG.normal(size=(2, 3, 4))]),
    ("MatMul", lambda a, b: nn.MatMul(transpose_x2=True)(a, b),
     [_RNG.normal(size=(2, 3, 4)), _RNG.normal(size=(5, 4))]),
    ("Tril", lambda x: nn.Tril()(x, 1) ** 2, [_RNG.normal(size=(3, 4))]),
    ("Triu", lambda x: nn.Triu()(x) ** 2, [_RNG.normal(size=(3, 4))]),
    ("Roll", lambda x: nn.Roll(1, 1)(x) ** 2, [_RNG.normal(size=(3, 4))]),
    ("MatrixDiag", lambda x: nn.MatrixDiag()(x) ** 2, [_RNG.normal(size=(2, 3))]),
    ("MatrixDiagPart", lambda x: nn.MatrixDiagPart()(x) ** 2, [_RNG.normal(size=(2, 3, 4))]),
    ("MatrixSetDiag", lambda x, d: nn.MatrixSetDiag()(x, d) ** 2,
     [_RNG.normal(size=(4, 3)), _RNG.normal(size=(3,))]),
    ("ImageGradients", lambda x: nn.ImageGradients()(x)[0] * nn.ImageGradients()(x)[1],
     [_RNG.normal(size=(1, 2, 3, 4))]),
    ("TimeDistributed", lambda x: nn.TimeDistributed(nn.Tanh(), 1, 0)(x),
     [_RNG.normal(size=(2, 3, 4))]),
    ("LRN", lambda x: nn.LRN(2, 1.5, 0.4, 0.75)(x), [_RNG.normal(size=(1, 4, 2, 2))]),
    ("CTCLoss", lambda lp: nn.CTCLoss()(lp, Tensor(np.array([[1, 1], [2, 0]], np.int32)),
                                        (4, 3), (2, 1)),
     [np.log(_RNG.dirichlet(np.ones(3), (4, 2)))]),
    ("Jvp", lambda x, v: nn.Jvp(lambda a: ms.ops.sin(a) * a)(x, v)[1],
     [_RNG.normal(size=(3,)), _RNG.normal(size=(3,))]),
    ("Vjp", lambda x, v: nn.Vjp(lambda a: ms.ops.sin(a) * a)(x, v)[1],
     [_RNG.normal(size=(3,)), _RNG.normal(size=(3,))]),
]


@pytest.mark.parametrize("name, fn, args", SMOOTH, ids=[s[0] for s in SMOOTH])
def test_derivatives_to_second_order(name, fn, args):
    check_grads(fn, [Tensor(a) for a in args], order=2, modes=("fwd", "rev"))


# ---------------------------------------------------------------------------
# Lamb (GPU and Ascend only in MindSpore 2.10: its documented rule in NumPy)

def _lamb_reference(w, grads, lr, beta1, beta2, eps, weight_decay):
    """MindSpore's documented Lamb update, step by step in float64."""
    w, m, v = w.astype(np.float64), np.zeros_like(w, np.float64), np.zeros_like(w, np.float64)
    for t, g in enumerate(grads, 1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        r = (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
        u = r + weight_decay * w
        w_norm, u_norm = np.linalg.norm(w), np.linalg.norm(u)
        w = w - lr * (w_norm / u_norm if w_norm > 0 and u_norm > 0 else 1.0) * u
    return w, m, v


def test_lamb_follows_its_documented_rule():
    """Three updates of a decayed weight, of a 'beta' parameter (not decayed)
    and of a zero parameter (trust ratio 1), against the formula."""
    rng = np.random.default_rng(11)
    start = {"w": rng.normal(size=(3, 2)), "bn.beta": rng.normal(size=4), "z": np.zeros(3)}
    params = [ms.Parameter(Tensor(v), name=n) for n, v in start.items()]
    grads = {n: [rng.normal(size=v.shape) for _ in range(3)] for n, v in start.items()}
    opt = nn.Lamb(params, learning_rate=0.05, beta1=0.8, beta2=0.95, eps=1e-6,
                  weight_decay=0.1)
    for step in range(3):
        assert opt(tuple(Tensor(grads[n][step]) for n in start)) == (True,) * 3
    assert int(opt.global_step.asnumpy()[0]) == 3
    for k, (name, value) in enumerate(start.items()):
        decay = 0.0 if "beta" in name else 0.1
        w, m, v = _lamb_reference(value, grads[name], 0.05, 0.8, 0.95, 1e-6, decay)
        np.testing.assert_allclose(params[k].asnumpy(), w, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(opt.moments1[k].asnumpy(), m, rtol=1e-12)
        np.testing.assert_allclose(opt.moments2[k].asnumpy(), v, rtol=1e-12)
    assert params[2].asnumpy().any()                  # (a zero weight moves: trust ratio 1)


def test_lamb_state_names_and_float32_step_match_mindspore():
    """MindSpore 2.10's Lamb names its state lamb_m.<name> and lamb_v.<name>
    (captured from its constructor, which runs on CPU)."""
    w = ms.Parameter(Tensor(np.ones(2, np.float32)), name="w")
    b = ms.Parameter(Tensor(np.ones(2, np.float32)), name="bn.beta")
    opt = nn.Lamb([w, b], learning_rate=0.1, weight_decay=0.1)
    assert [n for n, _ in opt.parameters_and_names()] == [
        "global_step", "learning_rate", "w", "bn.beta", "lamb_m.w", "lamb_m.bn.beta",
        "lamb_v.w", "lamb_v.bn.beta"]
    opt((Tensor(np.array([0.5, -1.0], np.float32)), Tensor(np.zeros(2, np.float32))))
    assert w.dtype == ms.float32
    expected, _, _ = _lamb_reference(np.ones(2), [np.array([0.5, -1.0])], 0.1, 0.9, 0.999,
                                     1e-6, 0.1)
    np.testing.assert_allclose(w.asnumpy(), expected, rtol=1e-6)


# ---------------------------------------------------------------------------
# EmbeddingLookup

def test_embedding_lookup_matches_mindspore():
    """Values as MindSpore's 'CPU' target (indices outside the table give
    zeros); the table's gradient is MindSpore's per-lookup rows added into
    the rows looked up."""
    (dtype, shape, values), = MINDSPORE["EmbeddingLookup"][0]
    per_lookup = np.array(MINDSPORE["EmbeddingLookup"][1]).reshape(-1, 3)
    for target in ("CPU", "DEVICE"):
        lookup = nn.EmbeddingLookup(5, 3, param_init=Tensor(LOOKUP_TABLE), target=target,
                                    sparse=True)
        out = lookup(Tensor(LOOKUP_INDICES))
        assert str(out.asnumpy().dtype) == dtype and tuple(out.shape) == shape
        np.testing.assert_allclose(out.asnumpy().ravel(), values, rtol=1e-6, atol=1e-7)
        weights = Tensor(np.arange(18.0).reshape(3, 2, 3).astype(np.float32))
        grad, = ms.grad(lambda i: (lookup(i) * weights).sum(), None,
                        lookup.trainable_params())(Tensor(LOOKUP_INDICES))
        expected = np.zeros((5, 3))
        for index, row in zip(LOOKUP_INDICES.ravel(), per_lookup):
            if 0 <= index < 5:
                expected[index] += row
        np.testing.assert_allclose(grad.asnumpy(), expected, rtol=1e-6)
    assert [n for n, _ in lookup.parameters_and_names()] == ["embedding_table"]
    assert nn.EmbeddingLookup(5, 3).embedding_table.dtype == ms.float32


def test_embedding_lookup_max_norm_clips_each_row():
    """Each row looked up is scaled to 2-norm max_norm at most, as documented
    (MindSpore 2.10's CPU output leaves some rows above it: 1.70 for
    max_norm 1.5 in the case of test_embedding_lookup_matches_mindspore)."""
    lookup = nn.EmbeddingLookup(5, 3, param_init=Tensor(LOOKUP_TABLE), max_norm=1.5)
    out = lookup(Tensor(LOOKUP_INDICES)).asnumpy().astype(np.float64)
    rows = np.where((LOOKUP_INDICES < 5)[..., None], LOOKUP_TABLE[np.minimum(LOOKUP_INDICES, 4)],
                    0.0)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    np.testing.assert_allclose(out, rows * 1.5 / np.maximum(norms, 1.5), rtol=1e-6)
    # the table's gradient against central differences, in float64
    lookup = nn.EmbeddingLookup(5, 3, param_init=Tensor(LOOKUP_TABLE.astype(np.float64)),
                                max_norm=1.5, dtype=ms.float64)
    weights = Tensor(np.cos(np.arange(18.0)).reshape(3, 2, 3))
    def loss():
        return float((lookup(Tensor(LOOKUP_INDICES)) * weights).sum().asnumpy())
    grad, = ms.grad(lambda i: (lookup(i) * weights).sum(), None, lookup.trainable_params())(
        Tensor(LOOKUP_INDICES))
    table = lookup.embedding_table._data
    differences = np.zeros((5, 3))
    for index in np.ndindex(5, 3):
        saved = table[index]
        table[index] = saved + 1e-6
        up = loss()
        table[index] = saved - 1e-6
        differences[index] = (up - loss()) / 2e-6
        table[index] = saved
    np.testing.assert_allclose(grad.asnumpy(), differences, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------
# GradAccumulationCell and ParameterUpdate

def test_grad_accumulation_adds_the_micro_batches():
    """The outputs (and so the gradients) of micro_size even slices of the
    batch, added: for a summed loss, those of the whole batch."""
    rng = np.random.default_rng(5)
    net = nn.Dense(3, 2)
    loss = nn.WithLossCell(net, nn.MSELoss(reduction="sum"))
    x, y = Tensor(rng.normal(size=(6, 3)).astype(np.float32)), Tensor(
        rng.normal(size=(6, 2)).astype(np.float32))
    accumulated = nn.GradAccumulationCell(loss, 3)
    np.testing.assert_allclose(accumulated(x, y).asnumpy(), loss(x, y).asnumpy(), rtol=1e-6)
    grads = ms.grad(accumulated, None, net.trainable_params())(x, y)
    whole = ms.grad(loss, None, net.trainable_params())(x, y)
    for g, h in zip(grads, whole):
        np.testing.assert_allclose(g.asnumpy(), h.asnumpy(), rtol=1e-5, atol=1e-6)
    parts = [loss(x[2 * i:2 * i + 2], y[2 * i:2 * i + 2]).asnumpy() for i in range(3)]
    np.testing.assert_allclose(accumulated(x, y).asnumpy(), sum(parts), rtol=1e-6)
    assert [p.name for p in accumulated.trainable_params()] == ["weight", "bias"]


def test_parameter_update_sets_the_parameter():
    network = nn.Dense(3, 4)
    update = nn.ParameterUpdate(network.parameters_dict()["weight"])
    value = Tensor(np.arange(12).reshape(4, 3), ms.float32)
    out = update(value)
    assert out is value
    np.testing.assert_array_equal(network.weight.asnumpy(), value.asnumpy())
    assert list(update.parameters_and_names()) == []


@pytest.mark.parametrize("make, batch", [
    (lambda: nn.Norm(axis=1), np.linspace(-1.0, 2.0, 24).reshape(2, 3, 4)),
    (lambda: nn.OneHot(depth=3), np.array([[0, 2], [1, 1], [2, 0]], np.int32)),
    (lambda: nn.LRN(), np.linspace(0.1, 2.0, 48).reshape(2, 1, 3, 4, 2)),
], ids=["Norm", "OneHot", "LRN"])
def test_dtype_checks_read_no_values_so_the_cells_map_under_vmap(make, batch):
    assert_vmap_is_a_loop(make(), batch)

