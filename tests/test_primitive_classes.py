"""MindSpore's primitive classes beyond the rule table's (ops.Shape ... ops.Range), its
remaining functional names (ops.fill, ops.slice, ops.range ...), and the import paths
ops.functional / ops.operations that old MindSpore code reaches them by.

Values are checked against NumPy, derivatives against finite differences in both modes
to second order (dualgrad.testing.check_grads). tests/oracle/programs.py runs the same
calls on real MindSpore when it is installed.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.ops import operations as P
from dualgrad.testing import check_grads

X = np.array([[1., -2., 3.], [4., 5., -6.]])
Y = np.array([[2., -2., 1.], [0., 5., 7.]])


def t32(a):
    return Tensor(np.asarray(a, np.float32))


def t64(a):
    return Tensor(np.asarray(a, np.float64))


def values(t):
    return t.asnumpy().tolist()


def test_queries_and_constructors():
    x = t32(X)
    assert P.Shape()(x) == (2, 3) and P.Rank()(x) == 2 and P.Size()(x) == 6
    assert P.DType()(x) == ms.float32 and ops.dtype(t64(X)) == ms.float64
    assert ops.shape(Tensor(1.0)) == () and ops.rank(Tensor(1.0)) == 0
    filled = P.Fill()(ms.float64, (2, 2), 3)
    assert filled.dtype == ms.float64 and values(filled) == [[3.0, 3.0], [3.0, 3.0]]
    assert values(ops.fill(ms.int32, (2,), 2.7)) == [2, 2]
    assert values(ops.fills(x, 2)) == [[2.0] * 3] * 2 and ops.fills(x, 2).dtype == ms.float32
    assert P.Zeros()(2, ms.int32).dtype == ms.int32 and values(P.Ones()((2,), ms.float64)) == [1, 1]
    assert values(P.OnesLike()(x)) == [[1.0] * 3] * 2
    assert values(P.Eye()(2, 3, ms.float32)) == [[1, 0, 0], [0, 1, 0]]
    assert ops.eps(t64(X)).asnumpy()[0, 0] == np.finfo(np.float64).eps
    assert P.Eps()(Tensor(np.ones(2, np.float16))).asnumpy()[0] == np.finfo(np.float16).eps
    # tuple_to_array: ints are int32 (as MindSpore), any float makes float32 without truncating
    assert P.TupleToArray()((1, 2)).dtype == ms.int32
    assert values(ops.tuple_to_array((1, 2.5))) == [1.0, 2.5]
    assert ops.tuple_to_array((1, 2.5)).dtype == ms.float32
    assert P.ScalarToTensor()(2).dtype == ms.float32
    assert P.ScalarToTensor()(2.5, ms.float64).shape == ()
    assert values(P.LinSpace()(Tensor(0.0), Tensor(1.0), 5)) == [0.0, 0.25, 0.5, 0.75, 1.0]
    # range: int64 for ints, the floats' dtype otherwise (float64 kept)
    r = P.Range()(Tensor(0, ms.int32), Tensor(5, ms.int32), Tensor(2, ms.int32))
    assert r.dtype == ms.int64 and values(r) == [0, 2, 4]
    assert values(ops.range(5, 0, -2)) == [5, 3, 1]
    assert ops.range(0, 1, 0.25).dtype == ms.float32
    assert ops.range(t64(0.0), t64(1.0), t64(0.5)).dtype == ms.float64
    assert values(ops.expand(t32([[1.0], [2.0]]), Tensor(np.array([-1, 3]), ms.int32))) == [
        [1.0] * 3, [2.0] * 3]
    assert P.InvertPermutation()((1, 2, 0)) == (2, 0, 1)


def test_elementwise_classes_match_numpy():
    x, y = t32(X), t32(Y)
    for name, expected in (
            ("Equal", X == Y), ("NotEqual", X != Y), ("Greater", X > Y),
            ("GreaterEqual", X >= Y), ("Less", X < Y), ("LessEqual", X <= Y)):
        out = getattr(P, name)()(x, y)
        assert out.dtype == ms.bool_ and values(out) == expected.tolist(), name
    b = Tensor(X > 0)
    assert values(P.LogicalAnd()(b, Tensor(Y > 0))) == ((X > 0) & (Y > 0)).tolist()
    assert values(P.LogicalOr()(b, Tensor(Y > 0))) == ((X > 0) | (Y > 0)).tolist()
    assert values(P.LogicalNot()(b)) == (X <= 0).tolist()
    np.testing.assert_allclose(P.SquaredDifference()(x, y).asnumpy(), (X - Y) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_allclose(P.DivNoNan()(x, y).asnumpy(),
                                   np.where(Y == 0, 0.0, X / np.where(Y == 0, 1, Y)), rtol=1e-6)
    inf_x = t32([[np.inf, np.nan, 1.0]])
    assert values(P.MulNoNan()(inf_x, t32([[0.0, 0.0, 2.0]]))) == [[0.0, 0.0, 2.0]]
    assert values(P.FloorDiv()(t32([-7.0, 7.0]), t32([2.0, -2.0]))) == [-4.0, -4.0]
    assert values(P.TruncateDiv()(Tensor([-7, 7], ms.int32), Tensor([2, -2], ms.int32))) == [-3, -3]
    assert values(P.TruncateMod()(Tensor([-7, 7], ms.int32), Tensor([2, -2], ms.int32))) == [-1, 1]
    assert values(P.Mod()(t32([-7.0, 7.0]), t32([2.0, -2.0]))) == [-1.0, 1.0]
    assert values(P.Heaviside()(t32([-1.0, 0.0, 2.0]), t32([5.0, 0.5, 5.0]))) == [0.0, 0.5, 1.0]
    np.testing.assert_allclose(P.Ger()(t32(X[0]), t32(Y[1])).asnumpy(), np.outer(X[0], Y[1]))
    np.testing.assert_allclose(P.Lerp()(x, y, Tensor(0.25)).asnumpy(), X + 0.25 * (Y - X))
    np.testing.assert_allclose(P.AddN()((x, y, x)).asnumpy(), 2 * X + Y)
    np.testing.assert_allclose(P.Inv()(x).asnumpy(), 1 / X, rtol=1e-6)
    assert values(P.Rint()(t32([0.5, 1.5, 2.5, -0.5]))) == [0.0, 2.0, 2.0, -0.0]
    np.testing.assert_allclose(P.Addcmul()(x, x, y, Tensor(0.5)).asnumpy(), X + 0.5 * X * Y)
    np.testing.assert_allclose(P.Addcdiv()(x, x, t32(Y + 20), Tensor(0.5)).asnumpy(),
                               X + 0.5 * X / (Y + 20), rtol=1e-6)
    np.testing.assert_allclose(P.Xlogy()(t32([2.0, 0.0]), t32([3.0, 0.0])).asnumpy(),
                               [2 * np.log(3.0), 0.0], rtol=1e-6)
    assert values(P.ApproximateEqual(2.0)(x, y)) == (np.abs(X - Y) < 2.0).tolist()
    assert values(P.IsClose()(x, y)) == np.isclose(X, Y).tolist()
    np.testing.assert_allclose(P.FastGeLU()(x).asnumpy(), X / (1 + np.exp(-1.702 * X)),
                               rtol=1e-6, atol=1e-9)
    assert values(P.HShrink(2.0)(x)) == np.where(np.abs(X) > 2, X, 0).tolist()
    assert values(P.SoftShrink(1.0)(x)) == (np.sign(X) * np.maximum(np.abs(X) - 1, 0)).tolist()
    np.testing.assert_allclose(P.Logit(eps=0.3)(t32([0.1, 0.5])).asnumpy(),
                               [np.log(0.3 / 0.7), 0.0], rtol=1e-6)
    weight = t32([0.1, 0.2])
    np.testing.assert_allclose(P.PReLU()(t32([[-1.0, 2.0], [3.0, -4.0]]), weight).asnumpy(),
                               [[-0.1, 2.0], [3.0, -0.8]], rtol=1e-6)


def test_structural_and_reducing_classes_match_numpy():
    x = t32(X)
    parts = P.Split(1, 3)(x)
    assert isinstance(parts, tuple) and [values(p) for p in parts] == [
        [[1.0], [4.0]], [[-2.0], [5.0]], [[3.0], [-6.0]]]
    assert len(P.Split()(x)) == 1
    labels = Tensor(np.array([0, 2, 1]), ms.int32)
    assert values(P.OneHot(axis=0)(labels, 3, Tensor(2.0), Tensor(-1.0))) == [
        [2, -1, -1], [-1, -1, 2], [-1, 2, -1]]
    idx = Tensor(np.array([[0, 1], [1, 2]]), ms.int32)
    upd = t32([5.0, 6.0])
    assert values(P.GatherNd()(x, idx)) == [-2.0, -6.0]
    assert values(P.ScatterNd()(idx, upd, (2, 3))) == [[0, 5, 0], [0, 0, 6]]
    assert values(P.TensorScatterUpdate()(x, idx, upd)) == [[1, 5, 3], [4, 5, 6]]
    assert values(P.TensorScatterAdd()(x, idx, upd)) == [[1, 3, 3], [4, 5, 0]]
    index, value = P.ArgMaxWithValue()(x)
    assert values(index) == [1, 1, 0] and values(value) == [4, 5, 3]
    index, value = P.ArgMinWithValue(axis=1, keep_dims=True)(x)
    assert values(index) == [[1], [2]] and values(value) == [[-2], [-6]]
    b = Tensor(X > 0)
    assert values(P.ReduceAll()(b)) is False and values(P.ReduceAny()(b, 0)) == [True, True, True]
    assert values(P.ReduceAll(keep_dims=True)(b, 1)) == [[False], [False]]
    np.testing.assert_allclose(P.L2Normalize()(x).asnumpy(),
                               X / np.sqrt((X ** 2).sum(0, keepdims=True)), rtol=1e-6)
    assert values(P.Slice()(x, (0, 1), (2, 2))) == [[-2, 3], [5, -6]]
    assert values(P.Slice()(x, (1, 0), (-1, -1))) == [[4, 5, -6]]
    assert P.Depend()(x, t32(Y)) is x
    copy = P.Identity()(x)
    assert copy is not x and values(copy) == values(x)
    assert values(P.UnsortedSegmentSum()(x, Tensor(np.array([1, 0]), ms.int32), 3)) == [
        [4, 5, -6], [1, -2, 3], [0, 0, 0]]
    assert P.L2Loss()(x).asnumpy() == pytest.approx((X ** 2).sum() / 2)
    assert [values(p) for p in P.Unstack(axis=1)(x)] == X.T.tolist()
    assert [values(p) for p in P.Unpack()(x)] == X.tolist()
    assert values(P.Pack(axis=1)((x, t32(Y)))) == np.stack([X, Y], 1).tolist()
    np.testing.assert_allclose(P.Cross()(x, t32(Y)).asnumpy(), np.cross(X, Y))
    assert values(P.Triu()(x)) == np.triu(X).tolist()
    assert values(P.Tril(1)(x)) == np.tril(X, 1).tolist()
    std, mean = P.ReduceStd()(x)
    assert std.asnumpy() == pytest.approx(X.std(ddof=1)) and mean.asnumpy() == pytest.approx(X.mean())
    std, mean = P.ReduceStd(axis=1, unbiased=False, keep_dims=True)(x)
    np.testing.assert_allclose(std.asnumpy(), X.std(1, keepdims=True), rtol=1e-6)
    running, where = P.Cummax(axis=1)(x)
    assert values(running) == np.maximum.accumulate(X, 1).tolist() and where.dtype == ms.int64
    running, where = P.Cummin(0)(x)
    assert values(running) == np.minimum.accumulate(X, 0).tolist() and where.dtype == ms.int32
    np.testing.assert_allclose(P.LpNorm(axis=1)(x).asnumpy(), np.linalg.norm(X, axis=1),
                               rtol=1e-6)
    assert values(P.LpNorm(axis=[0, 1], p=1, keep_dims=True)(x)) == [[21.0]]
    assert values(P.Pad(((1, 0), (0, 2)))(x)) == np.pad(X, ((1, 0), (0, 2))).tolist()
    assert values(P.MaskedFill()(x, b, Tensor(9.0))) == np.where(X > 0, 9, X).tolist()
    assert values(P.Bucketize([0.0, 2.5])(t32([0.0, 2.5, 1.0, -3.0]))) == [1, 2, 1, 0]
    found = P.SearchSorted(dtype=ms.int32, right=True)(t32([1.0, 3.0, 5.0]), t32([2.0, 3.0]))
    assert found.dtype == ms.int32 and values(found) == [1, 2]
    assert values(P.NonZero()(Tensor(np.array([0, 2, 1]), ms.int32))) == [[1], [2]]


def test_linear_algebra_and_loss_classes_match_numpy():
    spd = t64([[4.0, 2.0], [2.0, 3.0]])
    a = spd.asnumpy()
    np.testing.assert_allclose(P.MatrixInverse()(spd).asnumpy(), np.linalg.inv(a))
    np.testing.assert_allclose(P.MatrixInverse(adjoint=True)(t64([[1.0, 2.0], [0.0, 1.0]]))
                               .asnumpy(), np.linalg.inv([[1.0, 0.0], [2.0, 1.0]]))
    assert P.MatrixDeterminant()(spd).asnumpy() == pytest.approx(8.0)
    sign, logdet = P.LogMatrixDeterminant()(t64([[2.0, 1.0], [1.0, -3.0]]))
    assert sign.asnumpy() == -1.0 and logdet.asnumpy() == pytest.approx(np.log(7.0))
    np.testing.assert_allclose(P.Cholesky()(spd).asnumpy(), np.linalg.cholesky(a))
    np.testing.assert_allclose(P.Cholesky(upper=True)(spd).asnumpy(), np.linalg.cholesky(a).T)
    rhs = t64([[1.0], [2.0]])
    np.testing.assert_allclose(P.MatrixSolve()(spd, rhs).asnumpy(), np.linalg.solve(a, [[1], [2]]))
    s, u, v = P.Svd()(spd)
    np.testing.assert_allclose((u.asnumpy() * s.asnumpy()) @ v.asnumpy().T, a, atol=1e-12)
    q, r = P.Qr()(spd)
    np.testing.assert_allclose(q.asnumpy() @ r.asnumpy(), a, atol=1e-12)
    logits, soft = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), np.array([[0, 0, 1], [.5, .5, 0]])
    log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    loss, backprop = P.SoftmaxCrossEntropyWithLogits()(t64(logits), t64(soft))
    np.testing.assert_allclose(loss.asnumpy(), -(soft * log_p).sum(1))
    np.testing.assert_allclose(backprop.asnumpy(), np.exp(log_p) - soft)
    labels = Tensor(np.array([2, 0]), ms.int32)
    mean_loss = P.SparseSoftmaxCrossEntropyWithLogits()(t64(logits), labels)
    assert mean_loss.asnumpy() == pytest.approx(-(log_p[0, 2] + log_p[1, 0]) / 2)
    gradient = P.SparseSoftmaxCrossEntropyWithLogits(is_grad=True)(t64(logits), labels)
    np.testing.assert_allclose(gradient.asnumpy(), (np.exp(log_p) - np.eye(3)[[2, 0]]) / 2)
    y, mean, variance = P.LayerNorm(epsilon=1e-5)(t64(X), t64([2.0, 2.0, 2.0]), t64([1.0] * 3))
    expected = (X - X.mean(1, keepdims=True)) / np.sqrt(X.var(1, keepdims=True) + 1e-5) * 2 + 1
    np.testing.assert_allclose(y.asnumpy(), expected)
    assert mean.shape == (2, 1) and np.allclose(variance.asnumpy(), X.var(1, keepdims=True))
    ms.set_seed(0)
    out, mask = P.Dropout(keep_prob=0.6)(t64(np.ones((4, 50))))
    kept = mask.asnumpy()
    assert set(np.unique(kept)) <= {0.0, 1.0} and 0.3 < kept.mean() < 0.9
    np.testing.assert_allclose(out.asnumpy(), kept / 0.6)
    again = P.Dropout(0.6, 3, 4)(t64(np.ones(20)))[1].asnumpy()
    np.testing.assert_array_equal(again, P.Dropout(0.6, 3, 4)(t64(np.ones(20)))[1].asnumpy())


# Each differentiable class as a function of float64 Tensors, for check_grads to compare
# forward and reverse mode with finite differences, to second order.
_Y64 = t64(Y)
_SOFT = t64([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
DIFFERENTIABLE = {
    "SquaredDifference": lambda t: P.SquaredDifference()(t, _Y64),
    "DivNoNan": lambda t: P.DivNoNan()(t, _Y64),
    "DivNoNan (divisor)": lambda t: P.DivNoNan()(_Y64, t + 10),
    "MulNoNan": lambda t: P.MulNoNan()(t, _Y64) * t,
    "L2Normalize": lambda t: P.L2Normalize(axis=1)(t),
    "L2Loss": lambda t: P.L2Loss()(t),
    "Slice": lambda t: P.Slice()(t, (0, 1), (2, 2)) ** 2,
    "LpNorm": lambda t: P.LpNorm(axis=1, p=3)(t),
    "Pad": lambda t: P.Pad(((1, 0), (0, 2)))(t) ** 2,
    "FastGeLU": lambda t: P.FastGeLU()(t),
    "ArgMaxWithValue": lambda t: P.ArgMaxWithValue(axis=1)(t)[1] ** 2,
    "ReduceStd": lambda t: P.ReduceStd(axis=1)(t),
    "LayerNorm": lambda t: P.LayerNorm()(t, t64([1.0, 2.0, 0.5]), t64([0.0, 1.0, 0.0]))[0] * _Y64,
    "SoftmaxCrossEntropyWithLogits": lambda t: P.SoftmaxCrossEntropyWithLogits()(t, _SOFT),
    "SparseSoftmaxCrossEntropyWithLogits": lambda t: P.SparseSoftmaxCrossEntropyWithLogits()(
        t, Tensor(np.array([2, 0]), ms.int32)),
    "AddN": lambda t: P.AddN()((t, t * _Y64, ops.sin(t))),
    "Split": lambda t: P.Split(1, 3)(t)[1] * t[:, :1],
    "GatherNd": lambda t: P.GatherNd()(t * t, Tensor(np.array([[0, 1], [1, 2]]), ms.int32)),
    "Cross": lambda t: P.Cross()(t, t * _Y64),
    "Addcdiv": lambda t: P.Addcdiv()(t, t, t * t + 1, Tensor(0.5, ms.float64)),
    "Lerp": lambda t: P.Lerp()(t, t * t, Tensor(0.25, ms.float64)),
    "SoftShrink": lambda t: P.SoftShrink(0.5)(t) ** 2,
    "Identity": lambda t: P.Identity()(t) ** 3,
    "MatrixInverse": lambda t: P.MatrixInverse(adjoint=True)(t[:, :2] @ t[:, :2].T + 3),
    "LogMatrixDeterminant": lambda t: P.LogMatrixDeterminant()(t[:, :2] @ t[:, :2].T + 3)[1],
    "Cholesky": lambda t: P.Cholesky()(t[:, :2] @ t[:, :2].T + 30),
    "Expand": lambda t: P.Expand()(t[:1], Tensor(np.array([3, 3]))) ** 2,
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_differentiable_classes_agree_with_finite_differences_to_second_order(name):
    x = t64(X * 0.3 + 0.05)
    check_grads(DIFFERENTIABLE[name], (x,), order=2, modes=("fwd", "rev"))


def test_functional_names_reach_the_classes_derivatives():
    x = t64(X * 0.3)
    check_grads(lambda t: ops.slice(t, [0, 1], [-1, 2]) * ops.fast_gelu(t)[:, 1:], (x,), order=2)
    check_grads(lambda t: ops.addn([t, ops.inv(t + 3)]), (x,), order=2)
    check_grads(lambda t: ops.log_matrix_determinant(t[:, :2] @ t[:, :2].T + 3)[1], (x,), order=2)
    check_grads(lambda t: ops.expand(t[1:], Tensor(np.array([4, -1]))), (x,), order=2)
    assert values(ms.grad(lambda t: ops.truncate_div(t, 2.0).sum())(x)) == [[0.0] * 3] * 2


def test_bad_input_is_refused_by_name():
    x = t32(X)
    with pytest.raises(ValueError, match="Split: axis 1 of length 3 does not split into 2"):
        P.Split(1, 2)(x)
    with pytest.raises(ValueError, match="Pad: paddings must hold one"):
        P.Pad(((1, 0, 2),))
    with pytest.raises(ValueError, match="Pad: 1 pairs of paddings for an input of 2 axes"):
        P.Pad(((1, 0),))(x)
    with pytest.raises(ValueError, match="InvertPermutation: input_x must be a permutation"):
        P.InvertPermutation()((0, 0, 2))
    with pytest.raises(TypeError, match="InvertPermutation: input_x must be a tuple of ints"):
        P.InvertPermutation()((0.0, 1.0))
    with pytest.raises(ValueError, match=r"Dropout: keep_prob must be in \(0, 1\]"):
        P.Dropout(0.0)
    with pytest.raises(TypeError, match="Dropout: x must be a float tensor"):
        P.Dropout(0.5)(Tensor([1, 2]))
    with pytest.raises(ValueError, match=r"LayerNorm: gamma must have shape \(3,\)"):
        P.LayerNorm()(x, t32([1.0, 1.0]), t32([0.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match="Unstack: num=3, but axis 0 has length 2"):
        P.Unstack(num=3)(x)
    with pytest.raises(TypeError, match="SearchSorted: dtype must be int32 or int64"):
        P.SearchSorted(dtype=ms.float32)
    with pytest.raises(TypeError, match="keep_dims"):
        P.ArgMaxWithValue(keep_dims=1)
    with pytest.raises(ValueError, match="range: step must not be 0"):
        ops.range(0, 5, 0)
    with pytest.raises(TypeError, match="range: end must be a number or a Tensor"):
        ops.range(0, "5", 1)
    with pytest.raises(ValueError, match="range: 5 numbers exceed maxlen=3"):
        P.Range(maxlen=3)(0, 5, 1)
    with pytest.raises(ValueError, match=r"slice: begin\[1\] \+ size\[1\] = 4 exceeds"):
        ops.slice(x, (0, 2), (1, 2))
    with pytest.raises(ValueError, match="slice: begin and size need one entry per axis"):
        ops.slice(x, (0,), (1,))
    with pytest.raises(TypeError, match="expand: size must be a 1-D integer Tensor"):
        ops.expand(x, (2, 3))
    with pytest.raises(TypeError, match="tuple_to_array: input_x must hold numbers"):
        ops.tuple_to_array((1, "2"))
    with pytest.raises(TypeError, match="tuple_to_array: input_x must be a non-empty tuple"):
        ops.tuple_to_array(())
    with pytest.raises(TypeError, match="scalar_to_tensor: input_x must be a number"):
        ops.scalar_to_tensor(x)
    with pytest.raises(TypeError, match="shape: input_x must be a Tensor"):
        ops.shape(np.ones(3))
    with pytest.raises(TypeError, match="eps: x must be a float16, float32 or float64 Tensor"):
        ops.eps(Tensor([1, 2]))
    with pytest.raises(TypeError, match="addn: x must be a non-empty tuple or list"):
        ops.addn(x)
