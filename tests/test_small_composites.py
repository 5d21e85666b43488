"""The small composed functions: clipping, dense/addmm/addmv/matrix_power, distances,
block_diag, atleast_nd, rot90, pad, aminmax, nanmean, logcumsumexp.

Values, gradients and result structures against MindSpore 2.10:
tests/oracle/programs.py (``clipping_products_and_distances``,
``shapes_padding_and_statistics``).  Here: second derivatives in every mode,
vmap against a loop, NumPy references, the deliberate differences from
MindSpore, and bad arguments.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop

rng = np.random.default_rng(11)
M = rng.uniform(-2, 2, (3, 4))
N = rng.uniform(-2, 2, (3, 4))
SQ = rng.uniform(-1, 1, (3, 3)) + 2 * np.eye(3)
V4 = rng.uniform(-1, 1, 4)
# away from the clipping bounds (kinks)
CLIPPED = np.where(np.abs(np.abs(M) - 1.0) < 0.1, M * 1.3, M)

CASES = {
    "clip_by_value": (lambda a: ops.clip_by_value(a, -1.0, 1.0) * a, (CLIPPED,)),
    "clip_by_value tensor bounds": (lambda a, lo: ops.clip_by_value(a, lo, 1.5), (CLIPPED, N[0] - 3)),
    "clip_by_norm": (lambda a: ops.clip_by_norm(a, 1.0), (M,)),
    "clip_by_norm p3 sequence": (lambda a, b: ops.clip_by_norm((a, b), 2.0, 3.0)[1], (M, N)),
    "clip_by_norm inf": (lambda a: ops.clip_by_norm(a, 0.5, float('inf')), (M,)),
    "dense": (lambda a, w, b: ops.dense(a, w, b), (M, N, V4[:3])),
    "dense 1-D weight": (lambda a, w: ops.dense(a, w), (M, V4)),
    "addmm": (lambda c, a, b: ops.addmm(c, a, b, beta=0.5, alpha=-2.0), (SQ, M[:, :3], SQ)),
    "addmv": (lambda c, a, v: ops.addmv(c, a, v, beta=2), (V4[:3], M, V4)),
    "matrix_power 3": (lambda a: ops.matrix_power(a, 3), (SQ,)),
    "matrix_power -2": (lambda a: ops.matrix_power(a, -2), (SQ,)),
    "dist": (lambda a, b: ops.dist(a, b), (M, N)),
    "dist p3 broadcast": (lambda a, b: ops.dist(a, b, 3), (M, N[0])),
    "pdist": (lambda a: ops.pdist(a), (M,)),
    "pdist p1.5": (lambda a: ops.pdist(a, 1.5), (M,)),
    "cosine_similarity": (lambda a, b: ops.cosine_similarity(a, b), (M, N)),
    "bias_add": (lambda a, b: ops.bias_add(a, b) ** 2, (M, M[0, :M.shape[1]])),
    "cosine_similarity dim 0": (lambda a, b: ops.cosine_similarity(a, b, 0), (M, N[:1])),
    "block_diag": (lambda a, b, c: ops.block_diag(a, b, c) * 2.0, (M, V4, V4[0])),
    "atleast_3d": (lambda a: ops.atleast_3d(a) * 2.0, (M,)),
    "rot90": (lambda a: ops.rot90(a, 3, (1, 0)) * ops.rot90(a, 1, (0, 1)).T, (SQ,)),
    "pad constant": (lambda a: ops.pad(a, (1, -1, 2, 0), value=3.0) ** 2, (M,)),
    "pad reflect": (lambda a: ops.pad(a, (3, 2, 1, 2), mode='reflect') ** 2, (M,)),
    "pad replicate": (lambda a: ops.pad(a, (2, 5), mode='replicate') ** 2, (M,)),
    "pad circular": (lambda a: ops.pad(a, (4, 1, 3, 3), mode='circular') ** 2, (M,)),
    "aminmax": (lambda a: ops.aminmax(a, axis=1)[0] * ops.aminmax(a, axis=1)[1], (M,)),
    "nanmean": (lambda a: ops.nanmean(ops.where(ops.isnan(Tensor(np.where(M > 1, np.nan, M))),
                                                 float('nan'), a), 0) ** 2, (M,)),
    "logcumsumexp": (lambda a: ops.logcumsumexp(a, 1), (M,)),
    "logcumsumexp long": (lambda a: ops.logcumsumexp(a, 0), (rng.normal(size=(13, 2)),)),
}


@pytest.mark.parametrize("name", CASES)
def test_second_derivatives_in_every_mode(name):
    fn, args = CASES[name]
    check_grads(fn, tuple(Tensor(np.asarray(a)) for a in args), order=2,
                modes=("fwd", "rev", "hyper"))


def test_against_numpy():
    m = Tensor(M)
    np.testing.assert_allclose(ops.logcumsumexp(m, 1).asnumpy(),
                               np.log(np.cumsum(np.exp(M), 1)), rtol=1e-14)
    np.testing.assert_allclose(ops.matrix_power(Tensor(SQ), -3).asnumpy(),
                               np.linalg.matrix_power(SQ, -3), rtol=1e-12)
    a = rng.normal(size=(2, 3, 4))
    for padding, mode, np_mode in (((1, 2), 'reflect', 'reflect'), ((2, 3, 1, 1), 'replicate', 'edge'),
                                   ((3, 4, 2, 0), 'circular', 'wrap')):
        pairs = [(0, 0)] * (3 - len(padding) // 2) + [
            tuple(padding[i:i + 2]) for i in range(len(padding) - 2, -1, -2)]
        np.testing.assert_array_equal(ops.pad(Tensor(a), padding, mode).asnumpy(),
                                      np.pad(a, pairs, np_mode))
    for k in range(-4, 5):
        np.testing.assert_array_equal(ops.rot90(Tensor(a), k, (2, 0)).asnumpy(),
                                      np.rot90(a, k, (2, 0)))
    d = ops.pdist(m).asnumpy()
    expected = [np.linalg.norm(M[i] - M[j]) for i in range(3) for j in range(i + 1, 3)]
    np.testing.assert_allclose(d, expected, rtol=1e-14)


def test_where_dualgrad_differs_from_mindspore():
    x = Tensor(np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], np.float32))
    # clip_by_norm of order 1 uses the 1-norm, sum |x| = 11.5 (MindSpore 2.10: sum x = 5.5)
    np.testing.assert_allclose(ops.clip_by_norm(x, 2.0, 1).asnumpy(),
                               x.asnumpy() * 2.0 / (11.5 + 1e-6), rtol=1e-6)
    # logcumsumexp of a run of -inf is -inf (MindSpore 2.10: NaN, then a wrong sum)
    out = ops.logcumsumexp(Tensor([-np.inf, -np.inf, 1.0]), 0).asnumpy()
    assert out.tolist() == [-np.inf, -np.inf, 1.0]
    # integers compute in float32 where MindSpore refuses them
    assert ops.logcumsumexp(Tensor([1, 2]), 0).dtype == ms.float32
    assert ops.nanmean(Tensor([1, 2, 4])).dtype == ms.float32
    # reflect, replicate and circular padding of any axes (MindSpore 2.10 wants a
    # batch axis before them), block_diag of mixed dtypes in the wider one
    assert ops.pad(Tensor([0.0, 1.0, 2.0]), (2, 1), 'reflect').asnumpy().tolist() == [
        2.0, 1.0, 0.0, 1.0, 2.0, 1.0]
    assert ops.block_diag(Tensor([[1.0]]), Tensor([[2]])).dtype == ms.float32
    # dist takes p = inf (MindSpore 2.10: only int p)
    assert ops.dist(x, x * 0, float('inf')).item() == 4.0


def test_kinks_follow_mindspore():
    x = Tensor([-1.0, 0.5, 3.0])
    # clip_by_value is max then min: a value at a bound shares the derivative (1/2)
    assert ms.grad(lambda a: ops.clip_by_value(a, -1.0, 3.0).sum())(x).asnumpy().tolist() == [
        0.5, 1.0, 0.5]
    # aminmax along an axis: the first of tied elements; over every axis: shared
    ties = Tensor([[1.0, 1.0], [0.0, 1.0]])
    assert ms.grad(lambda a: ops.aminmax(a, axis=1)[1].sum())(ties).asnumpy().tolist() == [
        [1.0, 0.0], [0.0, 1.0]]
    np.testing.assert_allclose(ms.grad(lambda a: ops.aminmax(a, axis=None)[1])(ties).asnumpy(),
                               [[1 / 3, 1 / 3], [0.0, 1 / 3]], rtol=1e-7)
    # a zero distance has derivative 0 (the norms' subgradient)
    assert ms.grad(lambda a: ops.pdist(a).sum())(Tensor([[1.0, 2.0], [1.0, 2.0]])).asnumpy().tolist() == [
        [0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize("fn", [
    lambda a, b: ops.clip_by_value(a, -0.5, 0.5),
    lambda a, b: ops.clip_by_norm(a, 1.0),
    lambda a, b: ops.dense(a, b),
    lambda a, b: ops.addmm(a, a, b.T, alpha=2.0),
    lambda a, b: ops.matrix_power(ops.mm(a, a.T), 3),
    lambda a, b: ops.dist(a, b),
    lambda a, b: ops.pdist(a),
    lambda a, b: ops.cosine_similarity(a, b),
    lambda a, b: ops.block_diag(a, b),
    lambda a, b: ops.rot90(a, 1, (0, 1)),
    lambda a, b: ops.pad(a, (1, 2, 2, 1), mode='reflect'),
    lambda a, b: ops.pad(a, (1, -1), value=2.0),
    lambda a, b: ops.aminmax(a, axis=1)[1],
    lambda a, b: ops.nanmean(ops.where(a > 1.0, float('nan'), a), 1),
])
def test_vmap_is_per_example(fn):
    assert_vmap_is_a_loop(fn, rng.uniform(-2, 2, (2, 3, 3)), rng.uniform(-2, 2, (2, 3, 3)))


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.clip_by_value(Tensor(M)), ValueError, "at least one of"),
    (lambda: ops.clip_by_value(Tensor(M), "a"), TypeError, "clip_value_min"),
    (lambda: ops.clip_by_norm(Tensor(M), 1.0, "fro"), TypeError, "norm_type"),
    (lambda: ops.clip_by_norm(Tensor([np.inf]), 1.0, error_if_nonfinite=True), ValueError,
     "not finite"),
    (lambda: ops.dense(Tensor(M), Tensor(np.ones((2, 2, 4)))), ValueError, "1-D or 2-D"),
    (lambda: ops.addmm(Tensor(SQ), Tensor(M), Tensor(SQ)), ValueError, "do not align"),
    (lambda: ops.addmm(Tensor(SQ), Tensor(SQ), Tensor(SQ), beta="1"), TypeError, "beta"),
    (lambda: ops.matrix_power(Tensor(M), 2), ValueError, "square"),
    (lambda: ops.matrix_power(Tensor(SQ), 1.5), TypeError, "n must be an int"),
    (lambda: ops.dist(Tensor(M), Tensor(N), -1), ValueError, "p must be >= 0"),
    (lambda: ops.pdist(Tensor(np.ones((2, 3, 4)))), ValueError, "2-D"),
    (lambda: ops.cosine_similarity(Tensor(M), Tensor(N), 2), ValueError, "dim"),
    (lambda: ops.block_diag(Tensor(np.ones((2, 2, 2)))), ValueError, "at most 2 dimensions"),
    (lambda: ops.rot90(Tensor(M), 1, (0, 0)), ValueError, "two different axes"),
    (lambda: ops.rot90(Tensor(M), 1, (0,)), ValueError, "two axes"),
    (lambda: ops.rot90(Tensor(V4), 1, (0, 1)), ValueError, "at least 2"),
    (lambda: ops.pad(Tensor(M), (1, 1, 1)), ValueError, "pair"),
    (lambda: ops.pad(Tensor(M), (1, 1), mode='edge'), ValueError, "mode must be one of"),
    (lambda: ops.pad(Tensor(M), (4, 0), mode='reflect'), ValueError, "from 0 to 3"),
    (lambda: ops.pad(Tensor(M), (5, 0), mode='circular'), ValueError, "from 0 to 4"),
    (lambda: ops.pad(Tensor(M), (-1, 0), mode='replicate'), ValueError, "replicate"),
    (lambda: ops.pad(Tensor(M), (1, 1), mode='reflect', value=1.0), ValueError, "value"),
    (lambda: ops.pad(Tensor(M), (1.5, 1)), TypeError, "padding"),
    (lambda: ops.aminmax(Tensor(M), axis=2), ValueError, "axis"),
    (lambda: ops.nanmean(Tensor(M), 3), ValueError, "axis"),
    (lambda: ops.logcumsumexp(Tensor(M), 2), ValueError, "axis"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_logcumsumexp_under_vmap_is_per_example():
    # logaddexp's shift (the larger value) is each example's own
    x = Tensor(np.array([[[0.0, 800.0], [1.0, -2.0], [3.0, 0.5]],
                         [[-900.0, 1.0], [2.0, 2.0], [0.0, 4.0]]]))
    fn = lambda a: ops.logcumsumexp(a, 0)          # noqa: E731
    mapped = ms.vmap(fn)(x).asnumpy()
    looped = np.stack([fn(Tensor(a)).asnumpy() for a in x.asnumpy()])
    np.testing.assert_allclose(mapped, looped, rtol=1e-15)
    grad = ms.grad(lambda a: (fn(a) * a).sum())
    np.testing.assert_allclose(ms.vmap(grad)(x).asnumpy(),
                               np.stack([grad(Tensor(a)).asnumpy() for a in x.asnumpy()]),
                               rtol=1e-14)


@pytest.mark.parametrize("s1, s2, axes", [((3, 4), (3, 4), None), ((3, 2, 4), (3, 4, 5), None),
                                          ((3, 2, 4), (3, 4), None), ((3, 4), (3, 4, 2), None),
                                          ((3, 2, 4, 5), (3, 5, 2), (3, 1)),
                                          ((3, 2, 4), (3, 2, 4), -1)])
def test_batch_dot(s1, s2, axes):
    a, b = rng.normal(size=s1), rng.normal(size=s2)
    out = ops.batch_dot(Tensor(a), Tensor(b), axes)
    # the reference: per batch element, tensordot over the named axes
    n1, n2 = len(s1), len(s2)
    if axes is None:
        axes = (n1 - 1, n2 - 1 if n2 == 2 else n2 - 2)
    elif isinstance(axes, int):
        axes = (axes % n1, axes % n2)
    expected = np.stack([np.tensordot(a[i], b[i], (axes[0] - 1, axes[1] - 1)) for i in range(3)])
    np.testing.assert_allclose(out.asnumpy(), expected.reshape(out.shape), rtol=1e-12)
    check_grads(lambda x, y: ops.batch_dot(x, y, axes), (Tensor(a), Tensor(b)), order=2,
                modes=("fwd", "rev", "hyper"))
    pair_a, pair_b = np.stack([a, a[::-1]]), np.stack([b, 2 * b])
    batched = ms.vmap(lambda x, y: ops.batch_dot(x, y, axes))(Tensor(pair_a), Tensor(pair_b))
    for i in range(2):
        np.testing.assert_allclose(batched.asnumpy()[i], ops.batch_dot(
            Tensor(pair_a[i]), Tensor(pair_b[i]), axes).asnumpy(), rtol=1e-13)


@pytest.mark.parametrize("call, match", [
    (lambda: ops.batch_dot(Tensor(V4), Tensor(M)), "at least 2 dimensions"),
    (lambda: ops.batch_dot(Tensor(M), Tensor(SQ[:2])), "one batch size"),
    (lambda: ops.batch_dot(Tensor(M), Tensor(M), 0), "batch axis"),
    (lambda: ops.batch_dot(Tensor(M), Tensor(M), (1, 2, 3)), "two ints"),
    (lambda: ops.batch_dot(Tensor(M), Tensor(SQ)), "contracted axes have lengths 4 and 3"),
])
def test_batch_dot_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()
