"""Norms, distances, products, contractions, rearrangements and sorting in ``ops``.

They are composed of the engine's primitives (dualgrad/_composite.py), so each
is checked as the structural primitives are (tests/test_rules.py): values
against NumPy; first and second derivatives by every route — jacfwd, jacrev,
jvp, vjp, Dual, HyperDual (batched and collapsed), forward and reverse over
reverse — against each other and against finite differences; float32 kept in
every mode.  Then MindSpore's conventions, with the values MindSpore 2.10
gave on the CPU written down (the same programs are compared live in
oracle/programs.py): derivatives at kinks and zeros, integer dtypes, the
constructors.
"""
from collections import namedtuple

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Dual, HyperDual, Tensor, ops
from test_rules import T, all_checks, dtype_checks, native, squared

Case = namedtuple("Case", "name fn args reference linear")


def case(name, fn, args, reference, linear=False):
    return Case(name, fn, args, reference, linear)


def with_zeros(shape, at, offset=0.0):
    x = native(T(shape, offset)).copy()
    x.flat[list(at)] = 0.0
    return Tensor(x)


def points(shape, seed):
    """Points in general position (the grid of T aligns coordinates, tying the
    differences that the inf-norm takes the maximum of)."""
    return Tensor(np.random.default_rng(seed).uniform(-3, 3, shape))


INF = float("inf")
A23, B23 = T((2, 3)), T((2, 3), 0.4)
# No ties among |x| along either axis, nor among the row or column sums of |x|
D23 = Tensor(np.array([[0.3, -1.2, 0.7], [-0.4, 0.9, 1.6]]))

CASES = [
    case("norm of all elements", lambda a: ops.norm(a), [A23], np.linalg.norm),
    case("norm along a dim, kept", lambda a: ops.norm(a, dim=1, keepdim=True), [A23],
         lambda a: np.linalg.norm(a, axis=1, keepdims=True)),
    case("norm p=3", lambda a: ops.norm(a, 3.0, 1), [A23],
         lambda a: np.linalg.norm(a, 3, axis=1)),
    case("norm p=0.5", lambda a: ops.norm(a, 0.5, 0), [A23],
         lambda a: np.linalg.norm(a, 0.5, axis=0)),
    case("norm p=-1", lambda a: ops.norm(a, -1, 1), [A23],
         lambda a: np.linalg.norm(a, -1, axis=1)),
    case("norm p=1 of a vector", lambda a: ops.norm(a, 1), [T((4,))],
         lambda a: np.linalg.norm(a, 1)),
    case("norm p=inf", lambda a: ops.norm(a, INF, 1), [D23],
         lambda a: np.linalg.norm(a, np.inf, axis=1)),
    case("norm p=-inf", lambda a: ops.norm(a, -INF, 0), [D23],
         lambda a: np.linalg.norm(a, -np.inf, axis=0)),
    case("Frobenius norm over dims (1, 0)", lambda a: ops.norm(a, "fro", (1, 0)),
         [T((2, 3, 2))], lambda a: np.sqrt((a * a).sum(axis=(0, 1)))),
    case("matrix 1-norm", lambda a: ops.norm(a, 1), [D23], lambda a: np.linalg.norm(a, 1)),
    case("matrix -1-norm", lambda a: ops.norm(a, -1), [D23], lambda a: np.linalg.norm(a, -1)),
    case("matrix inf-norm, kept", lambda a: ops.norm(a, INF, (0, 1), True), [D23],
         lambda a: np.linalg.norm(a, np.inf, keepdims=True)),
    case("matrix -inf-norm", lambda a: ops.norm(a, -INF), [D23],
         lambda a: np.linalg.norm(a, -np.inf)),
    case("cdist", lambda a, b: ops.cdist(a, b), [points((3, 2), 1), points((2, 2), 2)],
         lambda a, b: np.linalg.norm(a[:, None] - b[None], axis=-1)),
    case("cdist p=1", lambda a, b: ops.cdist(a, b, 1.0),
         [points((3, 2), 1), points((2, 2), 2)],
         lambda a, b: np.abs(a[:, None] - b[None]).sum(-1)),
    case("cdist p=3, batched", lambda a, b: ops.cdist(a, b, 3.0),
         [points((2, 3, 2), 3), points((2, 2, 2), 4)],
         lambda a, b: (np.abs(a[:, :, None] - b[:, None]) ** 3).sum(-1) ** (1 / 3)),
    case("cdist p=inf", lambda a, b: ops.cdist(a, b, INF),
         [points((3, 2), 1), points((2, 2), 2)],
         lambda a, b: np.abs(a[:, None] - b[None]).max(-1)),
    case("prod along an axis", lambda a: ops.prod(a, 1), [T((2, 5))],
         lambda a: np.prod(a, 1)),
    case("prod of all, with zeros", lambda a: ops.prod(a), [with_zeros((2, 3), [1, 4])],
         np.prod),
    case("prod with one zero, kept", lambda a: ops.prod(a, (0, 2), True),
         [with_zeros((2, 3, 2), [3])], lambda a: np.prod(a, (0, 2), keepdims=True)),
    case("prod over an empty axis", lambda a: ops.prod(a, 0) * 1.0, [T((0, 2))],
         lambda a: np.prod(a, 0)),
    case("cumprod", lambda a: ops.cumprod(a, 1), [T((2, 5))], lambda a: np.cumprod(a, 1)),
    case("cumprod with zeros", lambda a: ops.cumprod(a, 0), [with_zeros((5,), [1, 3])],
         lambda a: np.cumprod(a, 0)),
    case("cumsum", lambda a: ops.cumsum(a, 0), [A23], lambda a: np.cumsum(a, 0), True),
    case("tensor_dot over one axis pair", lambda a, b: ops.tensor_dot(a, b, ((0,), (1,))),
         [A23, T((3, 2), 0.3)], lambda a, b: np.tensordot(a, b, ((0,), (1,))), True),
    case("tensor_dot over two axes", lambda a, b: ops.tensor_dot(a, b, 2),
         [T((2, 2, 3)), T((2, 3), 0.3)], lambda a, b: np.tensordot(a, b, 2), True),
    case("dot", lambda a, b: ops.dot(a, b), [A23, T((2, 3, 2), 0.3)], np.dot, True),
    case("dot with a vector", lambda a, b: ops.dot(a, b), [A23, T((3,), 0.3)], np.dot, True),
    case("outer", lambda a, b: ops.outer(a, b), [T((3,)), T((2,), 0.3)], np.outer, True),
    case("einsum: a matrix product", lambda a, b: ops.einsum("ij,jk->ik", a, b),
         [A23, T((3, 2), 0.3)], lambda a, b: a @ b, True),
    case("einsum: batched, output transposed", lambda a, b: ops.einsum("bij,bjk->kbi", a, b),
         [T((2, 2, 3)), T((2, 3, 2), 0.3)], lambda a, b: np.einsum("bij,bjk->kbi", a, b),
         True),
    case("einsum: ellipsis, implicit output", lambda a, b: ops.einsum("...i,i", a, b),
         [A23, T((3,), 0.3)], lambda a, b: np.einsum("...i,i", a, b), True),
    case("einsum: diagonal and a lone label", lambda a, b: ops.einsum("iij,k->i", a, b),
         [T((2, 2, 3)), T((2,), 0.3)], lambda a, b: np.einsum("iij,k->i", a, b), True),
    case("einsum: three operands", lambda a, b, c: ops.einsum("ij,jk,ik->k", a, b, c),
         [A23, T((3, 2), 0.3), T((2, 2), 0.6)],
         lambda a, b, c: np.einsum("ij,jk,ik->k", a, b, c)),
    case("trace", lambda a: ops.trace(a), [A23], np.trace, True),
    case("diag", lambda a: ops.diag(a), [T((2, 2))],
         lambda a: np.diag(a.ravel()).reshape(2, 2, 2, 2), True),
    case("flatten", lambda a: ops.flatten(a), [T((2, 3, 2))], lambda a: a.reshape(2, 6), True),
    case("flatten in Fortran order", lambda a: ops.flatten(a, "F", start_dim=0),
         [T((2, 3, 2))], lambda a: a.T.reshape(-1), True),
    case("tile", lambda a: ops.tile(a, (2, 1, 2)), [A23], lambda a: np.tile(a, (2, 1, 2)), True),
    case("split", lambda a: ops.concat([p * (i + 1.0) for i, p in
                                        enumerate(ops.split(a, [1, 2], 1))], 1), [A23],
         lambda a: a * np.array([1.0, 2.0, 2.0]), True),
    case("chunk", lambda a: ops.concat([p * (i + 1.0) for i, p in
                                        enumerate(ops.chunk(a, 2, 1))], 1), [A23],
         lambda a: a * np.array([1.0, 1.0, 2.0]), True),
    case("gather", lambda a: ops.gather(a, Tensor([[2, 0], [2, -1]]), 1), [A23],
         lambda a: np.take(a, [[2, 0], [2, -1]], 1), True),
    case("gather with batch_dims", lambda a: ops.gather(a, Tensor([[2, 0], [1, 1]]), 2, 1),
         [T((2, 2, 3))], lambda a: np.stack([a[0][:, [2, 0]], a[1][:, [1, 1]]]), True),
    case("index_select", lambda a: ops.index_select(a, 0, Tensor([1, 1, 0])), [A23],
         lambda a: a[[1, 1, 0]], True),
    case("meshgrid", lambda a, b: ops.stack(ops.meshgrid(a, b)), [T((3,)), T((2,), 0.3)],
         lambda a, b: np.stack(np.meshgrid(a, b)), True),
    case("meshgrid, ij", lambda a, b: ops.stack(ops.meshgrid(a, b, indexing="ij")),
         [T((3,)), T((2,), 0.3)], lambda a, b: np.stack(np.meshgrid(a, b, indexing="ij")),
         True),
    case("flip", lambda a: ops.flip(a, (0, 1)), [A23], lambda a: a[::-1, ::-1], True),
    case("roll", lambda a: ops.roll(a, (1, -4), (0, 1)), [A23],
         lambda a: np.roll(a, (1, -4), (0, 1)), True),
    case("roll of the flattened input", lambda a: ops.roll(a, 2), [A23],
         lambda a: np.roll(a, 2), True),
    case("sort", lambda a: ops.sort(a, 0)[0], [D23], lambda a: np.sort(a, 0)),
    case("sort, descending", lambda a: ops.sort(a, descending=True)[0], [D23],
         lambda a: -np.sort(-a, -1)),
    case("topk", lambda a: ops.topk(a, 2)[0], [D23], lambda a: -np.sort(-a, -1)[:, :2]),
    case("topk, smallest", lambda a: ops.topk(a, 1, 0, False)[0], [D23],
         lambda a: np.sort(a, 0)[:1]),
    case("logaddexp", lambda a, b: ops.logaddexp(a, b), [A23, T((3,), 0.3)], np.logaddexp),
    # Statistics, running extrema, differences
    case("var", lambda a: ops.var(a), [A23], np.var),
    case("var along an axis, ddof=1, kept", lambda a: ops.var(a, 1, 1, True), [A23],
         lambda a: np.var(a, 1, ddof=1, keepdims=True)),
    case("std over two axes", lambda a: ops.std(a, (0, 2), True), [T((2, 3, 2))],
         lambda a: np.std(a, (0, 2), ddof=1)),
    case("std_mean: the std", lambda a: ops.std_mean(a, 0)[0], [A23], lambda a: np.std(a, 0)),
    case("var_mean: the mean", lambda a: ops.var_mean(a, 1, keepdims=True)[1], [A23],
         lambda a: np.mean(a, 1, keepdims=True), True),
    case("nansum", lambda a: ops.nansum(a, 1), [A23], lambda a: np.nansum(a, 1), True),
    case("cummax", lambda a: ops.cummax(a, 1)[0], [D23],
         lambda a: np.maximum.accumulate(a, 1)),
    case("cummin", lambda a: ops.cummin(a, 0)[0], [D23],
         lambda a: np.minimum.accumulate(a, 0)),
    case("diff", lambda a: ops.diff(a), [A23], np.diff, True),
    case("diff twice along axis 0, with prepend", lambda a, b: ops.diff(a, 2, 0, prepend=b),
         [A23, T((1, 3), 0.2)], lambda a, b: np.diff(a, 2, 0, prepend=b), True),
    # Elementwise, composed
    case("xlogy", lambda a, b: ops.xlogy(a, b), [A23, T((3,), 0.3, (0.5, 3))],
         lambda a, b: a * np.log(b)),
    case("xlogy with zeros in input", lambda a, b: ops.xlogy(a, b),
         [with_zeros((2, 3), [1, 4]), T((2, 3), 0.3, (0.5, 3))], lambda a, b: a * np.log(b)),
    case("lerp", lambda a, b, w: ops.lerp(a, b, w), [A23, T((3,), 0.3), T((2, 1), 0.6)],
         lambda a, b, w: a + w * (b - a)),
    case("nan_to_num of finite values", lambda a: ops.nan_to_num(a), [A23], np.nan_to_num,
         True),
    case("deg2rad", lambda a: ops.deg2rad(a), [A23], np.deg2rad, True),
    case("rad2deg", lambda a: ops.rad2deg(a), [A23], np.rad2deg, True),
    # Products, triangles, inverse and determinant
    case("bmm", lambda a, b: ops.bmm(a, b), [T((2, 2, 3)), T((2, 3, 2), 0.3)], np.matmul, True),
    case("mm", lambda a, b: ops.mm(a, b), [A23, T((3, 2), 0.3)], np.matmul, True),
    case("mv", lambda a, b: ops.mv(a, b), [A23, T((3,), 0.3)], np.matmul, True),
    case("inner", lambda a, b: ops.inner(a, b), [A23, T((4, 3), 0.3)], np.inner, True),
    case("kron", lambda a, b: ops.kron(a, b), [A23, T((2,), 0.3)], np.kron, True),
    case("cross", lambda a, b: ops.cross(a, b), [T((3, 2)), T((3, 2), 0.3)],
         lambda a, b: np.cross(a, b, axis=0), True),
    case("tril", lambda a: ops.tril(a), [T((3, 3))], np.tril, True),
    case("triu, batched, above the diagonal", lambda a: ops.triu(a, 1), [T((2, 3, 3))],
         lambda a: np.triu(a, 1), True),
    case("diagonal", lambda a: ops.diagonal(a, -1, 2, 0), [T((3, 2, 3))],
         lambda a: np.diagonal(a, -1, 2, 0), True),
    case("inverse", lambda a: ops.inverse(a), [Tensor(np.array([[1.0, 2.0, 0.5],
                                                                [3.0, 4.0, 1.0],
                                                                [0.2, -1.0, 2.0]]))],
         np.linalg.inv),
    case("inverse, batched", lambda a: ops.inverse(a),
         [Tensor(np.array([[[2.0, 1.0], [1.0, 3.0]], [[0.5, 2.0], [1.5, -1.0]]]))],
         np.linalg.inv),
    case("det", lambda a: ops.det(a), [Tensor(np.array([[1.0, 2.0, 0.5], [3.0, 4.0, 1.0],
                                                        [0.2, -1.0, 2.0]]))], np.linalg.det),
    case("det, batched", lambda a: ops.det(a),
         [Tensor(np.array([[[2.0, 1.0], [1.0, 3.0]], [[0.5, 2.0], [1.5, -1.0]]]))],
         np.linalg.det),
    # Rearrangements
    case("swapaxes", lambda a: ops.swapaxes(a, 0, -1), [T((2, 3, 2))],
         lambda a: np.swapaxes(a, 0, -1), True),
    case("moveaxis", lambda a: ops.moveaxis(a, (0, 1), (2, 0)), [T((2, 3, 2))],
         lambda a: np.moveaxis(a, (0, 1), (2, 0)), True),
    case("ravel", lambda a: ops.ravel(a), [A23], np.ravel, True),
    case("unbind", lambda a: ops.stack([p * (i + 1.0) for i, p in enumerate(ops.unbind(a, 1))]),
         [A23], lambda a: (a * np.array([1.0, 2.0, 3.0])).T, True),
    case("hstack", lambda a, b: ops.hstack([a, b]), [A23, T((2, 1), 0.3)],
         lambda a, b: np.hstack([a, b]), True),
    case("vstack", lambda a, b: ops.vstack([a, b]), [T((3,)), A23],
         lambda a, b: np.vstack([a, b]), True),
    case("narrow", lambda a: ops.narrow(a, 1, 1, 2), [A23], lambda a: a[:, 1:3], True),
    case("repeat_interleave", lambda a: ops.repeat_interleave(a, Tensor([1, 0, 2]), 1), [A23],
         lambda a: np.repeat(a, [1, 0, 2], 1), True),
    case("expand_as", lambda a: ops.expand_as(a, A23), [T((3,))],
         lambda a: np.broadcast_to(a, (2, 3)), True),
    case("masked_fill", lambda a: ops.masked_fill(a, Tensor([True, False, True]), 0.5), [A23],
         lambda a: np.where([True, False, True], 0.5, a)),
    case("gather_elements", lambda a: ops.gather_elements(a, 1, Tensor([[2, 0], [1, 1]])),
         [A23], lambda a: np.take_along_axis(a, np.array([[2, 0], [1, 1]]), 1), True),
    case("one_hot with tensor values", lambda a, b: ops.one_hot(Tensor([0, 2]), 3, a, b),
         [T(()), T((), 0.3)], lambda a, b: np.where(np.eye(3)[[0, 2]] == 1, a, b), True),
    case("std over axes (0, 2)", lambda a: a.std(axis=(0, 2)), [T((2, 3, 2))],
         lambda a: np.std(a, (0, 2))),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_values_match_numpy(c):
    got = c.fn(*c.args)
    assert isinstance(got, Tensor)
    want = c.reference(*[native(a) for a in c.args])
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-12, atol=1e-14)
    assert got.shape == np.shape(want)


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_derivatives_agree_in_every_mode_and_with_finite_differences(c):
    # A linear (or bilinear) function's second derivatives are zero: those of
    # its output squared are not.
    all_checks(c.fn, c.args, fn2=squared(c.fn) if c.linear else None)


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_float32_stays_float32_in_every_mode(c):
    xs32 = [Tensor(native(a).astype(np.float32)) for a in c.args]
    assert c.fn(*xs32).dtype == ms.float32
    if all(a.size for a in xs32):
        dtype_checks(squared(c.fn), xs32)


def test_duals_and_hyperduals_go_through_without_tensors():
    x = np.array([[3.0, 4.0], [1.0, 2.0]])
    d = ops.norm(Dual(x, np.ones_like(x)), dim=1)
    np.testing.assert_allclose(d.tangent, x.sum(1) / np.linalg.norm(x, axis=1))
    h = ops.prod(HyperDual(x, 1.0, 1.0, 0.0))
    # d²/dt² of prod(x + t) at t = 0: the sum over pairs i != j of the other products
    p = np.prod(x)
    want = sum(p / (x.flat[i] * x.flat[j]) for i in range(4) for j in range(4) if i != j)
    np.testing.assert_allclose(h.e12, want)


# ---------------------------------------------------------------------------
# MindSpore's conventions (values from MindSpore 2.10 on the CPU)

X = Tensor(np.array([[1.0, -2.0, 3.0], [0.0, 4.0, -5.0]], np.float32))


def values(t):
    return t.asnumpy().tolist()


def test_norm_values_and_kinks_as_mindspore():
    assert values(ops.norm(X, dim=1)) == pytest.approx([3.7416575, 6.4031243])
    assert values(ops.norm(X, ord=1, dim=1)) == [6.0, 9.0]
    assert values(ops.norm(X, ord=-INF, dim=1)) == [1.0, 0.0]
    assert values(ops.norm(X, ord=0, dim=1)) == [3.0, 2.0]
    assert values(ops.norm(X, ord=1)) == 8.0 and values(ops.norm(X, ord=INF)) == 9.0
    assert values(ops.norm(X, ord=-1)) == 1.0
    assert ops.norm(Tensor(np.array([3, 4]))).dtype == ms.float32
    assert ops.norm(Tensor([3.0, 4.0]), dtype=ms.float64).dtype == ms.float64
    v = Tensor(np.array([3.0, -4.0, 0.0], np.float32))
    assert values(ms.grad(lambda a: ops.norm(a))(v)) == pytest.approx([0.6, -0.8, 0.0])
    assert values(ms.grad(lambda a: ops.norm(a, ord=1))(v)) == [1.0, -1.0, 0.0]
    # p < 1 and p < 0: a zero element gets derivative 0, as in PyTorch (MindSpore: NaN)
    np.testing.assert_allclose(values(ms.grad(lambda a: ops.norm(a, ord=0.5))(v)),
                               [2.1547005, -1.8660254, 0.0], rtol=1e-6)
    assert values(ms.grad(lambda a: ops.norm(a, ord=-1.0))(v)) == [0.0, 0.0, 0.0]
    assert values(ops.norm(v, ord=-1.0)) == 0.0
    # inf-norm: the first of tied elements takes the gradient
    tied = Tensor(np.array([3.0, -4.0, 4.0], np.float32))
    assert values(ms.grad(lambda a: ops.norm(a, ord=INF))(tied)) == [0.0, -1.0, 0.0]
    assert values(ms.grad(lambda a: ops.norm(a, ord=1))(X)) == [[0, 0, 1], [0, 0, -1]]
    assert values(ms.grad(lambda a: ops.norm(a, ord=INF))(X)) == [[0, 0, 0], [0, 1, -1]]


def test_a_norm_at_the_origin_has_zero_derivatives_of_every_order():
    zero = Tensor(np.zeros(3))
    for ord in (None, 2, 3.0, "fro"):
        f = (lambda a, o=ord: ops.norm(ops.reshape(a, (1, 3)), o)) if ord == "fro" else \
            (lambda a, o=ord: ops.norm(a, o))
        # (MindSpore's gradient of the 2-norm here is NaN; PyTorch's is 0.)
        assert values(ms.grad(f)(zero)) == [0.0, 0.0, 0.0]
        assert values(ms.hessian(f)(zero)) == [[0.0] * 3] * 3
        assert values(ms.jvp(f, zero, Tensor(np.ones(3)))[1]) == 0.0
    lap = ms.laplacian(lambda p: ops.norm(p, dim=1))(Tensor(np.array([[0.0, 0.0], [3.0, 4.0]])))
    np.testing.assert_allclose(lap.asnumpy(), [0.0, 1 / 5])


def test_cdist_values_and_gradients_as_mindspore():
    a = Tensor(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]], np.float32))
    b = Tensor(np.array([[0.0, 0.0], [3.0, 4.0]], np.float32))
    np.testing.assert_allclose(values(ops.cdist(a, b)),
                               [[0.0, 5.0], [1.0, 4.4721360], [2.0, 3.6055512]], rtol=1e-6)
    assert values(ops.cdist(a, b, 0.0)) == [[0.0, 2.0], [1.0, 2.0], [1.0, 2.0]]
    grads = {  # p: (d/da, d/db) of the sum; a zero distance contributes 0
        2.0: ([[-0.6, -0.8], [0.5527864, -0.8944272], [-0.8320503, 0.4452998]],
              [[-1.0, -1.0], [1.8792639, 2.2491274]]),
        1.0: ([[-1.0, -1.0], [0.0, -1.0], [-1.0, 0.0]], [[-1.0, -1.0], [3.0, 3.0]]),
        INF: ([[0.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [[-1.0, -1.0], [1.0, 2.0]]),
        3.0: ([[-0.4448513, -0.7908468], [0.7688796, -0.9244817], [-0.8411312, 0.6261639]],
              [[-1.0, -1.0], [1.5171030, 2.0891647]]),
        # p < 1: a coordinate difference of 0 contributes 0 (|d|^p has no derivative there)
        0.5: ([[-2.1547005, -1.8660254], [-1.4142137, -1.7071068], [-1.8164964, -1.2247446]],
              [[-1.0, -1.0], [6.3854103, 5.7978768]]),
    }
    for p, (ga, gb) in grads.items():
        got = ms.grad(lambda x, y: ops.cdist(x, y, p).sum(), (0, 1))(a, b)
        np.testing.assert_allclose(values(got[0]), ga, rtol=1e-5, atol=1e-6, err_msg=str(p))
        np.testing.assert_allclose(values(got[1]), gb, rtol=1e-5, atol=1e-6, err_msg=str(p))


def test_prod_and_cumprod_gradients_are_exact_with_zeros():
    # MindSpore 2.10: prod's gradient is exact; cumprod's is NaN at a zero.
    assert values(ms.grad(lambda a: ops.prod(a, 1).sum())(X)) == [[-6, 3, -2], [-20, 0, 0]]
    two_zeros = Tensor(np.array([0.0, 2.0, 0.0], np.float32))
    assert values(ms.grad(ops.prod)(two_zeros)) == [0.0, 0.0, 0.0]
    h = ms.hessian(ops.prod)(Tensor(np.array([0.0, 2.0, 3.0])))
    assert values(h) == [[0, 3, 2], [3, 0, 0], [2, 0, 0]]
    x = Tensor(np.array([2.0, 0.0, 3.0, 4.0], np.float32))
    assert values(ops.cumprod(x, 0)) == [2.0, 0.0, 0.0, 0.0]
    # d/dx_i of sum_k prod_{j<=k} x_j; MindSpore gives [1, nan, 0, 0]
    assert values(ms.grad(lambda a: ops.cumprod(a, 0).sum())(x)) == [1.0, 32.0, 0.0, 0.0]


def test_integer_dtypes_as_mindspore():
    i32 = Tensor(np.array([[1, 2, 3], [4, 5, 6]], np.int32))
    assert ops.cumsum(i32, 1).dtype == ms.int32
    assert values(ops.cumsum(i32, 1)) == [[1, 3, 6], [4, 9, 15]]
    assert ops.cumsum(i32, 1, dtype=ms.float32).dtype == ms.float32
    assert ops.prod(i32, 1).dtype == ms.int64 and values(ops.prod(i32, 1)) == [6, 120]
    assert ops.prod(Tensor(np.array([True, False]))).dtype == ms.int64
    assert ops.prod(i32, 1, dtype=ms.float32).dtype == ms.float32
    assert ops.cumprod(i32, 1).dtype == ms.int64
    assert ops.trace(i32).dtype == ms.int32 and values(ops.trace(i32)) == 6
    assert ops.diag(Tensor(np.array([1, 2]))).dtype == ms.int64
    assert ops.tensor_dot(i32, i32, 2).dtype == ms.int32
    assert ops.outer(Tensor(np.array([1, 2], np.int32)), Tensor([1.0, 0.5])).dtype == ms.float32
    v, i = ops.sort(Tensor(np.array([3, 1], np.int32)))
    assert v.dtype == ms.int32 and i.dtype == ms.int32 and values(i) == [1, 0]
    assert ops.topk(Tensor([3.0, 1.0]), 1)[1].dtype == ms.int32
    assert ops.logaddexp(Tensor(np.array([1, 2])), Tensor(np.array([1, 2]))).dtype == ms.float32
    assert ops.isfinite(Tensor(np.array([1, 2]))).dtype == ms.bool_


def test_sort_topk_gather_flip_tile_gradients_as_mindspore():
    u = Tensor(np.array([3.0, 1.0, 2.0, 1.0], np.float32))
    w4 = Tensor(np.array([1.0, 2.0, 3.0, 4.0], np.float32))
    v, i = ops.sort(u)
    assert values(v) == [1, 1, 2, 3] and values(i) == [1, 3, 2, 0]
    assert values(ops.sort(u, descending=True)[1]) == [0, 2, 1, 3]
    assert values(ms.grad(lambda a: (ops.sort(a)[0] * w4).sum())(u)) == [4, 1, 3, 2]
    assert values(ops.topk(u, 2, largest=False)[1]) == [1, 3]
    assert values(ops.topk(X, 2, dim=0)[1]) == [[0, 1, 0], [1, 0, 1]]
    w2 = Tensor(np.array([1.0, 2.0], np.float32))
    assert values(ms.grad(lambda a: (ops.topk(a, 2)[0] * w2).sum())(u)) == [1, 0, 2, 0]
    idx = Tensor(np.array([2, 0, 2], np.int32))
    assert values(ms.grad(lambda a: ops.gather(a, idx, 1).sum())(X)) == [[1, 0, 2], [1, 0, 2]]
    assert values(ms.grad(lambda a: (ops.flip(a, (0,)) * w4).sum())(u)) == [4, 3, 2, 1]
    assert values(ms.grad(lambda a: ops.tile(a, (2, 2)).sum())(w4[:3])) == [4, 4, 4]
    w3 = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
    assert values(ms.grad(lambda a: (ops.cumsum(a, 1) * w3).sum())(X)) == [[6, 5, 3], [6, 5, 3]]


def test_elementwise_additions_as_mindspore():
    one, two = Tensor([1.0]), Tensor([2.0])
    ga, gb = ms.grad(ops.logaddexp, (0, 1))(one, two)
    np.testing.assert_allclose([values(ga)[0], values(gb)[0]], [0.26894142, 0.7310586],
                               rtol=1e-6)
    # NumPy's value where both are -inf (MindSpore gives NaN)
    assert values(ops.logaddexp(Tensor([-INF]), Tensor([-INF]))) == [-INF]
    ga, gb = ms.grad(ops.hypot, (0, 1))(Tensor([3.0, 0.0]), Tensor([4.0, 0.0]))
    assert values(ga)[0] == pytest.approx(0.6) and np.isnan(values(ga)[1])
    assert values(gb)[0] == pytest.approx(0.8) and np.isnan(values(gb)[1])
    assert values(ops.rsqrt(Tensor([4.0]))) == [0.5]
    assert values(ms.grad(ops.rsqrt)(Tensor([4.0]))) == [-0.0625]
    # round halves to even; round and trunc keep integers, abs, relu and trunc keep
    # bools, the others compute integers in float32 (MindSpore's dtypes)
    halves = Tensor(np.array([0.5, 1.5, -0.5, -2.5, 2.7], np.float32))
    assert values(ops.round(halves)) == [0.0, 2.0, -0.0, -2.0, 3.0]
    assert values(ops.trunc(halves)) == [0.0, 1.0, -0.0, -2.0, 2.0]
    assert values(ops.ceil(halves)) == [1.0, 2.0, -0.0, -2.0, 3.0]
    i = Tensor(np.array([1, -2, 3], np.int32))
    b = Tensor(np.array([True, False]))
    for out, dtype in ((ops.round(i), "int32"), (ops.trunc(i), "int32"), (ops.exp2(i), "float32"),
                       (ops.log2(i), "float32"), (abs(b), "bool"), (ops.relu(b), "bool"),
                       (ops.trunc(b), "bool"), (ops.neg(b), "float32"),
                       (ops.Exp2()(Tensor(np.array([3.0]))), "float64")):
        assert str(out.asnumpy().dtype) == dtype
    assert values(ops.exp2(i)) == [2.0, 0.25, 8.0]
    assert values(ops.log10(Tensor(np.array([100.0])))) == [2.0]


def test_shapes_of_the_rearrangements_as_mindspore():
    seven = Tensor(np.arange(7.0, dtype=np.float32))
    assert [p.shape for p in ops.split(seven, 3)] == [(3,), (3,), (1,)]
    assert [p.shape for p in ops.split(seven, (2, 5))] == [(2,), (5,)]
    assert [p.shape for p in ops.chunk(Tensor(np.arange(5.0)), 4)] == [(2,), (2,), (1,)]
    assert [p.shape for p in ops.chunk(Tensor(np.arange(3.0)), 5)] == [(1,), (1,), (1,)]
    assert isinstance(ops.split(X, 1), tuple) and isinstance(ops.chunk(X, 1), tuple)
    ones = Tensor(np.ones((2, 3, 4, 5)))
    assert ops.flatten(ones).shape == (2, 60)
    assert ops.flatten(ones, start_dim=-3, end_dim=-2).shape == (2, 12, 5)
    assert ops.flatten(ones, start_dim=1, end_dim=1).shape == (2, 3, 4, 5)
    assert ops.flatten(Tensor(2.0)).shape == (1,) and ops.flatten(seven).shape == (7,)
    assert values(ops.flatten(X, "F")) == [[1, 0], [-2, 4], [3, -5]]
    assert ops.tile(X, (0, 1)).shape == (0, 3)
    assert ops.gather(X, Tensor(1), 1).shape == (2,)
    assert [g.shape for g in ops.meshgrid(Tensor(1.0), Tensor([1.0, 0.5]))] == [(2, 1)] * 2
    assert [g.shape for g in ops.meshgrid(seven, ones[0, 0, 0], ones[0, 0, :3, 0])] == \
        [(5, 7, 3)] * 3
    assert ops.dot(Tensor(np.ones((2, 2, 3))), Tensor(np.ones((4, 3, 5)))).shape == (2, 2, 4, 5)
    assert ops.diag(X).shape == (2, 3, 2, 3)
    assert values(ops.roll(seven[:5], -2, 0)) == [2, 3, 4, 0, 1]
    assert values(ops.einsum("ii", Tensor(np.eye(2)))) == 2.0


def test_constructors_and_tests_as_mindspore():
    assert values(ops.eye(2, 3)) == [[1, 0, 0], [0, 1, 0]] and ops.eye(2).dtype == ms.float32
    assert ops.eye(2, 3, ms.int32).dtype == ms.int32 and ops.eye(0).shape == (0, 0)
    # MindSpore's full is int64 unless told otherwise, and truncates a float
    assert ops.full((2, 2), 1.5).dtype == ms.int64 and values(ops.full((2,), 1.5)) == [1, 1]
    assert values(ops.full((2,), True)) == [1, 1]
    assert values(ops.full([2], 1.5, dtype=ms.float64)) == [1.5, 1.5]
    assert values(ops.full((1,), Tensor(3.0))) == [3]
    assert values(ops.full_like(X, 2.5)) == [[2.5] * 3] * 2
    assert values(ops.full_like(Tensor(np.array([1, 2])), 2.7)) == [2, 2]
    assert ops.full_like(X, 2, dtype=ms.int32).dtype == ms.int32
    special = Tensor(np.array([1.0, np.nan, -np.inf], np.float32))
    assert values(ops.isnan(special)) == [False, True, False]
    assert values(ops.isinf(special)) == [False, False, True]
    assert values(ops.isfinite(special)) == [True, False, False]
    assert values(ops.isnan(Tensor(np.array([1, 2])))) == [False, False]


def test_tensor_methods():
    assert values(X.norm(dim=1)) == values(ops.norm(X, dim=1))
    assert values(X.prod(1)) == values(ops.prod(X, 1))
    assert values(X.flip((1,))) == values(ops.flip(X, (1,)))
    assert values(X.gather(Tensor([0]), 1)) == [[1.0], [0.0]]
    assert values(X.isnan()) == [[False] * 3] * 2
    assert values(ops.abs(X).rsqrt()) == values(ops.rsqrt(ops.abs(X)))


def test_primitive_classes_as_mindspore():
    x = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32))
    assert values(ops.CumSum(exclusive=True)(x, 1)) == [[0, 1, 3], [0, 4, 9]]
    assert values(ops.CumSum(exclusive=True, reverse=True)(x, 1)) == [[5, 3, 0], [11, 6, 0]]
    assert values(ops.CumSum(reverse=True)(x, -1)) == [[6, 5, 3], [15, 11, 6]]
    assert values(ops.CumProd(exclusive=True, reverse=True)(x, 1)) == [[6, 3, 1], [30, 6, 1]]
    empty = Tensor(np.zeros((2, 0), np.float32))     # MindSpore 2.10: (2, 0) for both
    assert ops.CumSum(exclusive=True)(empty, 1).shape == (2, 0)
    assert ops.CumProd(exclusive=True, reverse=True)(empty, 1).shape == (2, 0)
    assert values(ms.grad(lambda t: ops.CumProd(exclusive=True)(t, 1).sum())(x)) == \
        [[3, 1, 0], [6, 4, 0]]
    assert values(ops.ReduceProd(keep_dims=True)(x, 1)) == [[6], [120]]
    assert values(ops.Tile()(x, (1, 2))) == [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]
    assert values(ops.Gather()(x, Tensor(np.array([1], np.int32)), 1)) == [[2], [5]]
    v, i = ops.Sort(axis=0, descending=True)(x)
    assert values(v) == [[4, 5, 6], [1, 2, 3]] and values(i) == [[1, 1, 1], [0, 0, 0]]
    v, i = ops.TopK()(x, 2)
    assert values(v) == [[3, 2], [6, 5]] and values(i) == [[2, 1], [2, 1]]
    assert values(ops.Cdist(p=1.0)(x, x)) == [[0, 9], [9, 0]]
    assert ops.Flatten()(Tensor(np.ones((2, 3, 4)))).shape == (2, 12)
    assert values(ops.ReverseV2(axis=(1,))(x)) == [[3, 2, 1], [6, 5, 4]]
    assert values(ops.Trace()(x)) == 6.0 and ops.Diag()(x).shape == (2, 3, 2, 3)
    assert values(ops.IsFinite()(x)) == [[True] * 3] * 2
    assert [g.shape for g in ops.Meshgrid(indexing="ij")((x[0], x[1, :2]))] == [(3, 2)] * 2
    assert values(ops.Hypot()(Tensor([3.0]), Tensor([4.0]))) == [5.0]
    assert values(ops.Rsqrt()(Tensor([4.0]))) == [0.5]
    with pytest.raises(TypeError, match=r"exclusive: expected a bool, got int"):
        ops.CumSum(exclusive=1)
