"""Comparisons, the newer elementwise rows, statistics, linear algebra, random
tensors and the Dropout/LayerNorm/Flatten layers: MindSpore's conventions
(values MindSpore 2.10 gave on the CPU; oracle/programs.py compares more of
them live), precision, argument errors.  Derivatives in every mode are checked
by test_rules.py (table rows) and test_ops_composite.py (composed functions).
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Dual, HyperDual, Tensor, nn, ops
from dualgrad.testing import check_grads

P7 = Tensor(np.array([-2.5, -1.5, -0.7, 0.5, 1.5, 2.5, 3.7], np.float32))
Q7 = Tensor(np.array([2.0, -2.0, 1.5, -1.5, 2.0, 0.7, -1.1], np.float32))


def values(t):
    return t.asnumpy().tolist()


def test_transforms_are_in_ops():
    assert ops.jvp is ms.jvp and ops.vjp is ms.vjp
    assert ops.jacfwd is ms.jacfwd and ops.jacrev is ms.jacrev


def test_comparisons_and_logic_give_bools_without_derivatives():
    assert values(ops.eq(Tensor([1, 2]), 2)) == [False, True]
    assert ops.greater is ops.gt and ops.less_equal is ops.le
    assert values(ops.logical_xor(Tensor([1, 0]), Tensor([True, True]))) == [False, True]
    assert values(P7.ge(0.5)) == [False, False, False, True, True, True, True]
    assert values(ops.all(Tensor([[1.0, 0.0], [2.0, 3.0]]), 1)) == [False, True]
    assert ops.any(Tensor([[0.0, 1.0]]), keep_dims=True).shape == (1, 1)
    assert ops.argmax(Tensor([[1.0, 3.0], [4.0, 0.0]]), 1).dtype == ms.int64
    assert ops.argmin(Tensor([[1.0, 3.0], [4.0, 0.0]]), 1).dtype == ms.int32
    assert values(ops.argmax(Tensor([[1.0, 3.0], [4.0, 0.0]]))) == 2
    c = ops.count_nonzero(Tensor([[0, 1, 2], [0, 0, 1]]))
    assert c.dtype == ms.int32 and values(c) == 3
    # no derivative flows through a comparison
    g = ms.grad(lambda x: (x * ops.gt(x, 0.0)).sum())(P7)
    assert values(g) == [0, 0, 0, 1, 1, 1, 1]


def test_rounding_remainders_and_their_gradients_as_mindspore():
    assert values(ops.round(P7)) == [-2, -2, -1, 0, 2, 2, 4]            # halves to even
    assert values(ops.round(Tensor([1.2345]), decimals=2)) == pytest.approx([1.23])
    assert values(ops.frac(P7)) == pytest.approx([-0.5, -0.5, -0.7, 0.5, 0.5, 0.5, 0.7],
                                                 abs=1e-6)
    for f in (ops.ceil, ops.round, ops.trunc, ops.floor):
        assert values(ms.grad(lambda t: f(t).sum())(P7)) == [0.0] * 7
    assert values(ms.grad(lambda t: ops.frac(t).sum())(P7)) == [1.0] * 7
    assert values(ops.remainder(P7, Q7)) == pytest.approx(
        [1.5, -1.5, 0.8, -1.0, 1.5, 0.4, -0.7], abs=1e-6)
    assert values(ops.fmod(P7, Q7)) == pytest.approx(
        [-0.5, -1.5, -0.7, 0.5, 1.5, 0.4, 0.4], abs=1e-6)
    ga, gb = ms.grad(lambda a, b: ops.remainder(a, b).sum(), (0, 1))(P7, Q7)
    assert values(ga) == [1.0] * 7 and values(gb) == [2, 0, 1, 1, 0, -3, 4]
    ga, gb = ms.grad(lambda a, b: ops.fmod(a, b).sum(), (0, 1))(P7, Q7)
    assert values(gb) == [1, 0, 0, 0, 0, -3, 3]
    ga, gb = ms.grad(lambda a, b: ops.copysign(a, b).sum(), (0, 1))(P7, Q7)
    assert values(ga) == [-1, 1, -1, -1, 1, 1, -1] and values(gb) == [0.0] * 7
    ga, gb = ms.grad(lambda a, b: ops.floor_divide(a, b).sum(), (0, 1))(P7, Q7)
    assert values(ga) == [0.0] * 7 and values(gb) == [0.0] * 7
    assert values(ops.floor_divide(Tensor([7, -7]), 2)) == [3, -4]
    assert values(ops.floor_mod(P7, Q7)) == values(ops.remainder(P7, Q7))
    assert P7.remainder(Q7).shape == (7,)


def test_round_to_places_at_the_ends_of_float64():
    x = Tensor(np.array([1.5, 1e10, -2.5e-5, 1e300, -0.0, np.inf, np.nan, 5e-324]))
    # Digits beyond a value's precision leave it alone (10^d·x overflowing
    # gave inf, and 10^309 an OverflowError); far to the left all is ±0.
    for places in (300, 309, 400, 10**30):
        got = ops.round(x, decimals=places).asnumpy()
        np.testing.assert_array_equal(got[:-1], x.asnumpy()[:-1])
    assert ops.round(x, decimals=330).asnumpy()[-1] == 5e-324
    assert ops.round(x, decimals=309).asnumpy()[-1] == 0.0
    for places in (-309, -10**30):
        got = ops.round(x, decimals=places).asnumpy()
        np.testing.assert_array_equal(got, [0.0, 0.0, -0.0, 0.0, -0.0, np.inf, np.nan, 0.0])
        assert np.signbit(got[[2, 4]]).all()
    assert values(ops.round(Tensor([1.25, -0.35, 1234.5]), decimals=-2)) == [0.0, -0.0, 1200.0]
    assert ops.round(Tensor([1.25], ms.float32), decimals=1).dtype == ms.float32
    # derivative zero in every mode, per example under vmap
    assert values(ms.grad(lambda t: ops.round(t * 3, decimals=1).sum())(P7)) == [0.0] * 7
    _, tangent = ms.jvp(lambda t: ops.round(t, decimals=1), P7, P7)
    assert values(tangent) == [0.0] * 7
    rows = Tensor([[2.345, 1.25], [0.05, 0.15]])
    assert values(ms.vmap(lambda t: ops.round(t, decimals=1))(rows)) == \
        [values(ops.round(r, decimals=1)) for r in rows]


def test_triangles_and_diagonals_of_offsets_beyond_the_matrix():
    a = np.arange(12.0).reshape(3, 4)
    for k in (10**30, -10**30, 4, -3, 5, -4):
        edge = max(-4, min(4, k))
        np.testing.assert_array_equal(ops.tril(Tensor(a), k).asnumpy(), np.tril(a, edge))
        np.testing.assert_array_equal(ops.triu(Tensor(a), k).asnumpy(), np.triu(a, edge))
        np.testing.assert_array_equal(ops.diagonal(Tensor(a), k).asnumpy(), np.diagonal(a, edge))


@pytest.mark.parametrize("call, match", [
    (lambda: ops.repeat_interleave(P7, 10**30), "repeats"),
    (lambda: ops.sum(P7, 2**63), "axis"),
    (lambda: ops.glu(Tensor(2.0)), "glu: input must have at least one dimension"),
    (lambda: ops.histc(Tensor([1.0]), 10**30), "bins must fit in 64 bits"),
    (lambda: ops.histc(Tensor([1.0]), 4, 0, 10**400), "max must be finite"),
    (lambda: ops.clip_by_value(Tensor([0, 1]), 10**30), "does not fit in the tensor's dtype"),
    (lambda: Tensor([0, 1], ms.int32) + 2**40, "add: a Python int too large"),
    (lambda: Tensor([0, 1]) * 10**30, "mul: a Python int too large"),
    (lambda: ops.inner(Tensor([0, 1]), 10**30), "mul: a Python int too large"),
    (lambda: ops.logical_and(Tensor([1.0]), 10**30), "logical_and: a Python int too large"),
    (lambda: Tensor([0, 1], ms.int32) // 2**40, "floordiv: a Python int too large"),
    (lambda: Tensor([0, 1], ms.int32) % 2**40, "mod: a Python int too large"),
])
def test_numbers_out_of_range_are_errors_that_name_them(call, match):
    # (sizes and axes; Python ints that NumPy cannot hold raised OverflowError)
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_inverse_hyperbolic_functions_keep_their_precision():
    x = np.array([-1e10, -1e300, -3.0, 1e-20])
    np.testing.assert_allclose(ops.asinh(x), np.arcsinh(x), rtol=1e-15)
    np.testing.assert_allclose(ops.atanh(np.array([1e-10, -1e-300])), [1e-10, -1e-300],
                               rtol=1e-15)
    # derivatives far out: 1/hypot(1, x) does not overflow
    np.testing.assert_allclose(ops.asinh(Dual(np.array([-1e200]), 1.0)).tangent, [1e-200],
                               rtol=1e-15)
    h = ops.acosh(HyperDual(np.array([1e200]), 1.0, 1.0, 0.0))
    np.testing.assert_allclose([h.e1[0], h.e12[0]], [1e-200, 0.0], rtol=1e-15)
    # near 0, atanh'' = 2x/(1-x²)² with no cancellation in the nested modes
    x = Tensor(np.array([1e-6, -1e-10], np.float32))
    d2 = ms.grad(ms.grad(lambda t: ops.atanh(t).sum()))(x)
    np.testing.assert_allclose(values(d2), [2e-6, -2e-10], rtol=1e-6)
    assert values(ops.erfc(Tensor([10.0], ms.float64))) == pytest.approx([2.088487583762545e-45])


def test_xlogy_is_zero_where_input_is_zero():
    x, y = Tensor([0.0, 0.0, 2.0]), Tensor([0.0, -1.0, 3.0])
    assert values(ops.xlogy(x, y)) == pytest.approx([0.0, 0.0, 2 * np.log(3.0)])
    gx, gy = ms.grad(lambda a, b: ops.xlogy(a, b).sum(), (0, 1))(Tensor([0.0, 0.0, 2.0]),
                                                                  Tensor([0.0, 2.0, 3.0]))
    # MindSpore: d/dx = log(y) (0 at y = 0), d/dy = x / y (NaN at 0/0, dualgrad's 0)
    assert values(gx) == pytest.approx([0.0, np.log(2.0), np.log(3.0)])
    assert values(gy) == pytest.approx([0.0, 0.0, 2 / 3])


def test_statistics_as_mindspore():
    x = Tensor([[1.0, 2.0, 4.0]])
    assert values(ops.std(x, 1)) == pytest.approx([1.2472191])
    assert values(ops.std(x, 1, ddof=1)) == pytest.approx([1.5275252])
    assert values(ops.var(x, ddof=True)) == pytest.approx(2.3333333)
    assert values(ops.var(Tensor([1.0, 2.0]), 0, 2)) == float("inf")       # n - ddof = 0
    s, m = ops.std_mean(x, 1)
    assert values(m) == pytest.approx([2.3333333])
    assert values(ms.grad(lambda t: ops.std(t, ddof=1))(Tensor([1.0, 2.0, 4.0]))) == \
        pytest.approx([-0.43643576, -0.10910892, 0.54554474])
    # a constant input: every derivative 0 (MindSpore: NaN)
    flat = Tensor([1.0, 1.0, 1.0])
    assert values(ms.grad(ops.std)(flat)) == [0.0, 0.0, 0.0]
    nan = Tensor([1.0, float("nan"), 2.0])
    assert values(ops.nansum(nan)) == 3.0 and values(ms.grad(ops.nansum)(nan)) == [1, 0, 1]
    assert ops.nansum(Tensor([1, 2])).dtype == ms.int64


def test_running_extrema_send_the_gradient_to_the_last_of_ties():
    x = Tensor([[1.0, 3.0, 2.0, 3.0, 5.0]])
    v, i = ops.cummax(x, 1)
    assert values(v) == [[1, 3, 3, 3, 5]] and values(i) == [[0, 1, 1, 3, 4]]
    assert i.dtype == ms.int64
    v, i = ops.cummin(Tensor([[1.0, 3.0, 0.0, 0.0, 5.0]]), 1)
    assert values(i) == [[0, 0, 2, 3, 3]] and i.dtype == ms.int32
    assert values(ms.grad(lambda t: ops.cummax(t, 1)[0].sum())(x)) == [[1, 2, 0, 1, 1]]
    assert values(ops.cummin(Tensor([1, 3, 0]), 0)[0]) == [1, 1, 0]


def test_diff_and_shapes():
    assert values(ops.diff(Tensor([1.0, 3.0, 6.0, 10.0]), 2)) == [1.0, 1.0]
    assert values(ops.diff(Tensor([1.0, 3.0]), prepend=Tensor([0.0]))) == [1.0, 2.0]
    assert ops.diff(Tensor([[1.0, 3.0, 6.0]]), 1, 0).shape == (0, 3)
    assert ops.diff(Tensor([1, 3, 6])).dtype == ms.int64
    # More differences than elements: empty, at once (the loop once ran n times).
    assert ops.diff(Tensor([[1.0, 3.0, 6.0]]), 10**30).shape == (1, 0)
    assert ops.diff(Tensor([[1, 3, 6]]), 10**30, 0).shape == (0, 3)
    three = Tensor(np.zeros((2, 3, 4)))
    assert ops.swapdims(three, 0, 2).shape == (4, 3, 2)
    assert ops.movedim(three, (0, 1), (2, 0)).shape == (3, 4, 2)
    assert [t.shape for t in ops.unstack(three, 1)] == [(2, 4)] * 3
    assert ops.hstack([Tensor([1.0]), Tensor([2.0, 3.0])]).shape == (3,)
    assert ops.narrow(three, -1, -2, 2).shape == (2, 3, 2)
    assert values(ops.one_hot(Tensor([0, 5]), 3)) == [[1, 0, 0], [0, 0, 0]]
    assert ops.one_hot(Tensor([0, 1]), 2, axis=0).shape == (2, 2)
    assert values(ops.gather_d(Tensor([[1.0, 2.0]]), 1, Tensor([[-1, 0]]))) == [[2.0, 1.0]]
    m = Tensor(np.arange(9.0).reshape(3, 3))
    assert values(m.diagonal(1)) == [1.0, 5.0] and values(ops.diagonal(m, -2)) == [6.0]
    assert values(ops.tril(Tensor([[1, 2], [3, 4]]))) == [[1, 0], [3, 4]]


def test_inverse_and_det_derivatives_are_exact():
    a = np.array([[1.0, 2.0, 0.5], [3.0, 4.0, 1.0], [0.2, -1.0, 2.0]])
    inv = np.linalg.inv(a)
    g = ms.grad(ops.det)(Tensor(a)).asnumpy()
    np.testing.assert_allclose(g, np.linalg.det(a) * inv.T, rtol=1e-13, atol=1e-14)
    w = np.cos(np.arange(9.0)).reshape(3, 3)
    g = ms.grad(lambda t: (ops.inverse(t) * Tensor(w)).sum())(Tensor(a)).asnumpy()
    np.testing.assert_allclose(g, -inv.T @ w @ inv.T, rtol=1e-13, atol=1e-14)
    # a zero in the first pivot position is taken care of by pivoting
    p = np.array([[0.0, 1.0], [2.0, 3.0]])
    assert values(ops.det(Tensor(p))) == pytest.approx(-2.0)
    np.testing.assert_allclose(ops.inverse(Tensor(p)).asnumpy(), np.linalg.inv(p))
    check_grads(lambda t: ops.det(t), (Tensor(p),), order=2, modes=("fwd", "rev", "hyper"))
    assert ops.det(Tensor(np.eye(3, dtype=np.float32))).dtype == ms.float32
    assert values(ops.det(Tensor(np.array([[1, 2], [3, 4]])))) == pytest.approx(-2.0)


def test_random_tensors_follow_set_seed():
    ms.set_seed(5)
    a = [ops.rand(2, 3), ops.randn((2,)), ops.randint(0, 9, (4,)), ops.standard_normal((2,)),
         ops.uniform((3,), Tensor(1.0), Tensor(2.0)), ops.normal((2,), Tensor(0.0), Tensor(1.0)),
         ops.rand_like(Tensor(np.ones(2))), ops.randn_like(Tensor([1, 2]))]
    ms.set_seed(5)
    b = [ops.rand(2, 3), ops.randn((2,)), ops.randint(0, 9, (4,)), ops.standard_normal((2,)),
         ops.uniform((3,), Tensor(1.0), Tensor(2.0)), ops.normal((2,), Tensor(0.0), Tensor(1.0)),
         ops.rand_like(Tensor(np.ones(2))), ops.randn_like(Tensor([1, 2]))]
    for x, y in zip(a, b):
        assert isinstance(x, Tensor) and values(x) == values(y)
    dtypes = [x.dtype for x in a]
    assert dtypes == [ms.float32, ms.float32, ms.int64, ms.float32, ms.float32, ms.float32,
                      ms.float64, ms.float32]
    assert values(ops.rand(3, seed=1)) == values(ops.rand(3, seed=1))
    assert values(ops.rand(3, seed=1)) != values(ops.rand(3, seed=2))
    u = values(ops.uniform((1000,), Tensor(1.0), Tensor(2.0)))
    assert 1.0 <= min(u) and max(u) < 2.0


def test_dropout_scales_what_it_keeps_and_its_gradient_goes_through_the_mask():
    x = Tensor(np.ones((50, 40), np.float32))
    drop = nn.Dropout(p=0.25)
    assert drop(x) is x and drop.keep_prob == 0.75
    drop.set_train()
    y = drop(x).asnumpy()
    assert set(np.unique(y).tolist()) == {0.0, np.float32(1 / 0.75)}
    assert 0.2 < (y == 0).mean() < 0.3
    assert nn.Dropout(keep_prob=0.9).p == pytest.approx(0.1)
    ms.set_seed(3)
    out = ops.dropout(x, 0.5)
    ms.set_seed(3)
    g = ms.grad(lambda t: ops.dropout(t, 0.5).sum())(x)
    assert values(g) == values(out)          # the same mask: 2 where kept, 0 elsewhere
    assert ops.dropout(x, training=False) is x
    assert values(ops.dropout(x, 1.0)) == [[0.0] * 40] * 50


def test_layer_norm_as_mindspore():
    norm = nn.LayerNorm((3, 4), begin_norm_axis=1, begin_params_axis=1)
    assert [p.name for p in norm.trainable_params()] == ["gamma", "beta"]
    assert norm.gamma.shape == (3, 4) and values(norm.beta) == [[0.0] * 4] * 3
    x = Tensor(np.random.default_rng(0).standard_normal((2, 3, 4)))
    y = norm(x).asnumpy()
    want = (x.asnumpy() - x.asnumpy().mean((1, 2), keepdims=True)) / np.sqrt(
        x.asnumpy().var((1, 2), keepdims=True) + 1e-7)
    np.testing.assert_allclose(y, want, rtol=1e-12)
    check_grads(lambda t: norm(t) * Tensor(np.cos(np.arange(24.0)).reshape(2, 3, 4)), (x,),
                order=2, modes=("fwd", "rev", "hyper"))
    assert nn.Flatten(0, 1)(x).shape == (6, 4)


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.eq(Tensor([1.0]), "a"), TypeError, "equal: other must be a Tensor or a number"),
    (lambda: ops.isclose(P7, P7, rtol=-1.0), ValueError, "isclose: rtol must be >= 0"),
    (lambda: ops.all(P7, 2), ValueError, "all: axis"),
    (lambda: ops.argmax(P7, 1.5), TypeError, "argmax: dim must be an int"),
    (lambda: ops.round(P7, decimals=1.5), TypeError, "round: decimals must be an int"),
    (lambda: ops.std(P7, ddof=1.5), TypeError, "std: ddof must be an int"),
    (lambda: ops.cummax(P7, 1), ValueError, "cummax: axis"),
    (lambda: ops.diff(P7, -1), ValueError, "diff: n must be >= 0"),
    (lambda: ops.nan_to_num(P7, nan="x"), TypeError, "nan_to_num: nan must be"),
    (lambda: ops.mm(P7, P7), ValueError, "mm: input must be 2-D"),
    (lambda: ops.bmm(Tensor(np.ones((2, 2))), Tensor(np.ones((2, 2)))), ValueError,
     "bmm: input_x must be 3-D"),
    (lambda: ops.inner(P7, Q7[:3]), ValueError, "inner: the last axes"),
    (lambda: ops.cross(P7, Q7), ValueError, "cross: no axis of size 3"),
    (lambda: ops.tril(P7), ValueError, "tril: input must be at least 2-D"),
    (lambda: ops.diagonal(Tensor(np.ones((2, 2))), 0, 1, 1), ValueError, "dim1 and dim2"),
    (lambda: ops.inverse(Tensor(np.ones((2, 3)))), ValueError, "inverse: input must be a "
                                                               "square matrix"),
    (lambda: ops.moveaxis(P7, (0,), (0, 1)), ValueError, "moveaxis: destination"),
    (lambda: ops.hstack(P7), TypeError, "hstack: expected a non-empty tuple or list"),
    (lambda: ops.narrow(P7, 0, 5, 3), ValueError, "narrow: start 5 and length 3"),
    (lambda: ops.repeat_interleave(P7, Tensor([1, 2])), ValueError,
     "repeat_interleave: repeats must be an int or have 7 counts"),
    (lambda: ops.one_hot(Tensor([0.5]), 2), TypeError, "one_hot: indices must be integers"),
    (lambda: ops.masked_fill(P7, Tensor([1] * 7), 0.0), TypeError,
     "masked_fill: mask must be a bool tensor"),
    (lambda: ops.gather_elements(P7, 0, Tensor([7])), ValueError,
     r"gather_elements: index must lie in \[-7, 7\)"),
    (lambda: ops.rand(2, -1), ValueError, "rand: size must be >= 0"),
    (lambda: ops.randint(3, 3, (2,)), ValueError, "randint: low must be less than high"),
    (lambda: ops.rand(2, dtype=ms.int32), TypeError, "rand: dtype must be a float type"),
    (lambda: ops.dropout(P7, 1.5), ValueError, r"dropout: p must be in \[0, 1\]"),
    (lambda: nn.Dropout(p=1.0), ValueError, r"Dropout: p must be in \[0, 1\)"),
    (lambda: nn.Dropout(keep_prob=0.0), ValueError, r"Dropout: keep_prob must be in \(0, 1\]"),
    (lambda: nn.LayerNorm(3), TypeError, "LayerNorm: normalized_shape must be a tuple"),
    (lambda: nn.LayerNorm((3,))(Tensor(np.ones((2, 4)))), ValueError,
     r"LayerNorm: the input's shape \(2, 4\)"),
    (lambda: nn.Flatten(start_dim=0.5), TypeError, "Flatten: start_dim must be an int"),
])
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
