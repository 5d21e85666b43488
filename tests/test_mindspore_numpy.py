"""dualgrad.numpy, MindSpore's ``mindspore.numpy``: NumPy's functions on Tensors.

Values are checked against NumPy itself, dtypes against MindSpore's conventions
(tests/oracle/programs.py runs the same calls on real MindSpore when installed), and
derivatives against finite differences in both modes to second order.
"""
import numpy as np
import pytest

import dualgrad as ms
import dualgrad.numpy as mnp
from dualgrad import Tensor
from dualgrad.testing import check_grads

A = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
B = np.array([[2.0, -1.0, 0.5], [0.25, 3.0, 7.0]])


def t64(a):
    return Tensor(np.asarray(a, np.float64))


def close(tensor, expected):
    np.testing.assert_allclose(tensor.asnumpy(), expected, rtol=1e-12, atol=1e-12)


def test_the_module_is_reachable_as_mindsporeS():
    assert ms.numpy is mnp and "sin" in mnp.__all__ and "float32" in mnp.__all__
    assert "np" not in mnp.__all__ and "Tensor" not in mnp.__all__


def test_python_data_become_tensors_with_mindspores_dtypes():
    assert mnp.array([1.0, 2.0]).dtype == ms.float32
    assert mnp.array([1, 2]).dtype == ms.int32
    assert mnp.array([True]).dtype == ms.bool_
    assert mnp.array([1, 2.5]).asnumpy().tolist() == [1.0, 2.5]
    assert mnp.array(np.ones(2)).dtype == ms.float64         # arrays keep their dtype
    assert mnp.array([1.0, 2.0], ndmin=3).shape == (1, 1, 2)
    assert mnp.array(0.2, mnp.float64).asnumpy() == 0.2      # not by way of float32
    assert mnp.array([1, 2], mnp.float64).dtype == ms.float64
    t = t64([1.0])
    assert mnp.asarray(t) is t and mnp.array(t) is not t
    assert mnp.asfarray([1, 2]).dtype == ms.float32
    assert mnp.zeros((2,)).dtype == ms.float32 and mnp.zeros(2, mnp.int32).dtype == ms.int32
    assert mnp.full((2,), 3).dtype == ms.int32 and mnp.full((2,), 3.5).dtype == ms.float32
    assert mnp.empty((2, 1)).asnumpy().tolist() == [[0.0], [0.0]]
    assert mnp.full_like(t64([1.0, 2.0]), 7, shape=(3,)).asnumpy().tolist() == [7.0] * 3
    assert mnp.zeros_like(Tensor([1, 2])).dtype == ms.int64
    assert mnp.arange(5).dtype == ms.int32 and mnp.arange(0, 1, 0.25).dtype == ms.float32
    assert mnp.arange(2, 5).asnumpy().tolist() == [2, 3, 4]
    assert mnp.linspace(0, 1, 5).dtype == ms.float32
    assert mnp.eye(2, 3, k=1).asnumpy().tolist() == [[0, 1, 0], [0, 0, 1]]
    assert mnp.identity(2).dtype == ms.float32 and mnp.tri(2, 3).asnumpy().tolist() == [
        [1, 0, 0], [1, 1, 0]]


def test_creation_matches_numpy():
    close(mnp.linspace(0, 1, 5, dtype=ms.float64), np.linspace(0, 1, 5))
    out, step = mnp.linspace(0, 1, 5, endpoint=False, retstep=True, dtype=ms.float64)
    close(out, np.linspace(0, 1, 5, endpoint=False))
    assert step.asnumpy() == pytest.approx(0.2)
    close(mnp.linspace(t64([0.0, 1.0]), t64([1.0, 3.0]), 3, axis=1),
          np.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=1))
    close(mnp.logspace(0, 2, 3, dtype=ms.float64), np.logspace(0, 2, 3))
    close(mnp.diag(t64([1.0, 2.0]), -1), np.diag([1.0, 2.0], -1))
    close(mnp.diag(t64(A), 1), np.diag(A, 1))
    grids = mnp.meshgrid(t64([1.0, 2.0]), t64([3.0, 4.0, 5.0]))
    for grid, expected in zip(grids, np.meshgrid([1.0, 2.0], [3.0, 4.0, 5.0])):
        close(grid, expected)
    sparse = mnp.meshgrid(t64([1.0, 2.0]), t64([3.0, 4.0, 5.0]), sparse=True)
    assert [g.shape for g in sparse] == [(1, 2), (3, 1)]
    assert [g.shape for g in mnp.meshgrid(t64([1.0, 2.0]), t64([3.0, 4.0, 5.0]), sparse=True,
                                          indexing="ij")] == [(2, 1), (1, 3)]
    close(mnp.tril(t64(A)), np.tril(A))
    close(mnp.triu(t64(A), 1), np.triu(A, 1))


UNARY = ["sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh", "exp", "exp2",
         "expm1", "square", "abs", "absolute", "fabs", "sign", "negative", "positive", "floor",
         "ceil", "trunc", "rint", "deg2rad", "radians", "rad2deg", "degrees", "isnan",
         "isinf", "isfinite", "cbrt", "sinc"]
POSITIVE = ["log", "log2", "log10", "log1p", "sqrt", "reciprocal"]
UNIT = ["arcsin", "arccos", "arctanh"]


@pytest.mark.parametrize("name", UNARY + POSITIVE + UNIT + ["arccosh"])
def test_elementwise_functions_match_numpy(name):
    values = {**dict.fromkeys(POSITIVE, np.abs(A) + 0.5), **dict.fromkeys(UNIT, A / 7),
              "arccosh": np.abs(A) + 1}.get(name, A)
    close(getattr(mnp, name)(t64(values)), getattr(np, name)(values))


@pytest.mark.parametrize("name", [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "mod",
    "fmod", "power", "float_power", "maximum", "minimum", "hypot", "arctan2", "heaviside",
    "logical_and", "logical_or", "logical_xor", "equal", "not_equal", "greater",
    "greater_equal", "less", "less_equal"])
def test_binary_functions_match_numpy(name):
    a, b = (np.abs(A), B) if name in ("power", "float_power") else (A, B)
    close(getattr(mnp, name)(t64(a), t64(b)), getattr(np, name)(a, b))


def test_elementwise_dtypes_and_numbers():
    ints = Tensor(np.array([[1, -2], [3, 4]], np.int32))
    assert mnp.sin(ints).dtype == ms.float32 and mnp.abs(ints).dtype == ms.int32
    assert mnp.sign(ints).dtype == ms.int32                  # (MindSpore: float32)
    assert mnp.add(ints, 1).dtype == ms.int32 and mnp.add(ints, 1.5).dtype == ms.float32
    assert mnp.divide(ints, 2).dtype == ms.float32
    assert mnp.exp(t64(A), dtype=mnp.float16).dtype == ms.float16
    assert mnp.exp([0.0, 1.0]).dtype == ms.float32          # Python data: array's rules
    close(mnp.clip(t64(A), 0, 3), np.clip(A, 0, 3))
    close(mnp.clip(t64(A), None, 3), np.clip(A, None, 3))
    close(mnp.round(t64([0.5, 1.5, 2.567]), 1), np.round([0.5, 1.5, 2.567], 1))
    assert mnp.around is mnp.round


def test_reductions_match_numpy():
    a = t64(A)
    close(mnp.sum(a), A.sum())
    close(mnp.sum(a, axis=0, keepdims=True), A.sum(0, keepdims=True))
    close(mnp.sum(a, initial=10), A.sum(initial=10))
    close(mnp.prod(a, axis=1), A.prod(1))
    close(mnp.mean(a, axis=(0, 1)), A.mean())
    assert mnp.mean(Tensor(np.array([1, 2], np.int32))).asnumpy() == 1.5
    close(mnp.var(a, axis=0, ddof=1), A.var(0, ddof=1))
    close(mnp.std(a, axis=[0, 1]), A.std())
    close(mnp.amax(a, axis=0), A.max(0))
    close(mnp.min(a, initial=-10), -10.0)
    close(mnp.max(a, axis=1, where=t64(A) < 4, initial=-100), np.max(A, 1, where=A < 4,
                                                                      initial=-100))
    close(mnp.ptp(a, axis=1), np.ptp(A, 1))
    close(mnp.cumsum(a), A.cumsum())
    close(mnp.cumprod(a, axis=1), A.cumprod(1))
    with_nan = t64([1.0, np.nan, 2.0])
    close(mnp.nansum(with_nan), 3.0)
    close(mnp.nanmean(with_nan), 1.5)
    close(mnp.average(a, axis=1, weights=t64([1.0, 2.0, 3.0])),
          np.average(A, 1, weights=[1.0, 2.0, 3.0]))
    average, total = mnp.average(a, axis=0, returned=True)
    close(average, A.mean(0))
    close(total, [2.0, 2.0, 2.0])
    assert mnp.argmax(a).asnumpy() == 4 and mnp.argmin(a, axis=1).asnumpy().tolist() == [1, 2]
    assert mnp.count_nonzero(t64([[0.0, 1.0], [2.0, 0.0]]), axis=0).asnumpy().tolist() == [1, 1]
    close(mnp.norm(a), np.linalg.norm(A))
    close(mnp.norm(a, ord=1), np.linalg.norm(A, 1))
    close(mnp.norm(a, axis=1), np.linalg.norm(A, axis=1))
    close(mnp.trace(t64(np.arange(9.0).reshape(3, 3)), offset=1), np.trace(
        np.arange(9.0).reshape(3, 3), 1))
    close(mnp.diff(a, axis=0), np.diff(A, axis=0))


def test_shape_functions_match_numpy():
    a, b = t64(A), t64(B)
    close(mnp.reshape(a, (3, -1)), A.reshape(3, -1))
    close(mnp.ravel(a), A.ravel())
    close(mnp.transpose(a), A.T)
    close(mnp.swapaxes(a, 0, 1), A.T)
    close(mnp.moveaxis(mnp.expand_dims(a, (0, 3)), 0, -1), np.moveaxis(
        np.expand_dims(A, (0, 3)), 0, -1))
    close(mnp.squeeze(mnp.ones((1, 2, 1), ms.float64), axis=0), np.ones((2, 1)))
    close(mnp.concatenate((a, b), axis=None), np.concatenate((A, B), axis=None))
    close(mnp.concatenate([a, b], axis=1), np.concatenate([A, B], axis=1))
    close(mnp.stack((a, b), axis=2), np.stack((A, B), 2))
    for name in ("hstack", "vstack", "dstack", "column_stack"):
        close(getattr(mnp, name)((a, b)), getattr(np, name)((A, B)))
        close(getattr(mnp, name)((a[0], b[0])), getattr(np, name)((A[0], B[0])))
    for got, expected in zip(mnp.split(a, [1], axis=1), np.split(A, [1], axis=1)):
        close(got, expected)
    for got, expected in zip(mnp.array_split(a, 2, axis=1), np.array_split(A, 2, axis=1)):
        close(got, expected)
    assert isinstance(mnp.split(a, 3, axis=1), list)
    close(mnp.tile(a, 2), np.tile(A, 2))
    close(mnp.repeat(a, 2), np.repeat(A, 2))
    close(mnp.repeat(a, [1, 2], axis=0), np.repeat(A, [1, 2], axis=0))
    close(mnp.flip(a), np.flip(A))
    close(mnp.flip(a, 1), np.flip(A, 1))
    close(mnp.fliplr(a), np.fliplr(A))
    close(mnp.flipud(a), np.flipud(A))
    close(mnp.roll(a, 1), np.roll(A, 1))
    close(mnp.roll(a, -1, axis=1), np.roll(A, -1, axis=1))
    close(mnp.rot90(a), np.rot90(A))
    close(mnp.broadcast_to(a[0], (4, 3)), np.broadcast_to(A[0], (4, 3)))
    assert [t.shape for t in mnp.broadcast_arrays(t64([1.0, 2.0]), t64([[1.0], [2.0]]))] == [
        (2, 2), (2, 2)]
    assert mnp.atleast_1d(t64(1.0)).shape == (1,)
    assert mnp.atleast_2d(t64([1.0, 2.0])).shape == (1, 2)
    assert [mnp.atleast_3d(x).shape for x in (t64(1.0), t64([1.0, 2.0]), a)] == [
        (1, 1, 1), (1, 2, 1), (2, 3, 1)]
    assert len(mnp.atleast_1d(t64(1.0), a)) == 2
    close(mnp.where(a > 0, a, 0.0), np.where(A > 0, A, 0.0))
    close(mnp.take(a, Tensor([0, 4])), np.take(A, [0, 4]))
    close(mnp.take(a, Tensor([[2, 0]]), axis=1), np.take(A, [[2, 0]], axis=1))
    close(mnp.take(a, Tensor([7, -9]), mode="clip"), np.take(A, [7, -9], mode="clip"))
    close(mnp.take(a, Tensor([7, -9]), mode="wrap"), np.take(A, [7, -9], mode="wrap"))
    idx = np.array([[0], [2]])
    close(mnp.take_along_axis(a, Tensor(idx), 1), np.take_along_axis(A, idx, 1))
    close(mnp.pad(a, 1), np.pad(A, 1))
    close(mnp.pad(a, ((0, 1), (2, 0)), constant_values=5), np.pad(A, ((0, 1), (2, 0)),
                                                                  constant_values=5))
    for mode in ("edge", "reflect", "wrap"):
        close(mnp.pad(a, ((1, 1), (2, 1)), mode=mode), np.pad(A, ((1, 1), (2, 1)), mode=mode))
    assert mnp.size(a) == 6 and mnp.size(a, 1) == 3 and mnp.shape(a) == (2, 3)
    assert mnp.ndim(a) == 2


def test_products_comparisons_and_polynomials_match_numpy():
    a, b = t64(A), t64(B)
    close(mnp.dot(a, mnp.transpose(b)), A @ B.T)
    close(mnp.dot(a[0], b[0]), A[0] @ B[0])
    close(mnp.dot(a, b[0]), A @ B[0])
    close(mnp.dot(a, 2.0), A * 2)
    three = np.arange(24.0).reshape(2, 3, 4)
    close(mnp.dot(a, t64(three[0].T[:3, :].T.T)), np.dot(A, three[0].T[:3, :].T.T))
    close(mnp.dot(t64(three), t64(three.transpose(0, 2, 1))), np.dot(three, three.transpose(
        0, 2, 1)))
    close(mnp.matmul(a, mnp.transpose(b)), A @ B.T)
    close(mnp.outer(a, b), np.outer(A, B))
    close(mnp.inner(a, b), np.inner(A, B))
    close(mnp.tensordot(a, b, axes=([0, 1], [0, 1])), np.tensordot(A, B, ([0, 1], [0, 1])))
    close(mnp.kron(a, b), np.kron(A, B))
    close(mnp.cross(a, b), np.cross(A, B))
    close(mnp.cross(mnp.transpose(a), mnp.transpose(b), axisa=0, axisb=0, axisc=0),
          np.cross(A.T, B.T, axisa=0, axisb=0, axisc=0))
    assert mnp.isclose(a, a + 1e-9).asnumpy().all()
    assert bool(mnp.array_equal(a, a).asnumpy()) and not bool(mnp.array_equal(a, b).asnumpy())
    assert not bool(mnp.array_equal(a, a[0]).asnumpy())
    nan = t64([np.nan, 1.0])
    assert bool(mnp.array_equal(nan, nan, equal_nan=True).asnumpy())
    close(mnp.polyval(t64([1.0, 2.0, 3.0]), t64([1.0, 2.0])), np.polyval([1, 2, 3], [1, 2]))


# Functions composed of several ops, as functions of float64 Tensors, for check_grads
COMPOSED = {
    "linspace": lambda t: mnp.linspace(t[0], t[1] * 2, 4, dtype=ms.float64, axis=1),
    "average": lambda t: mnp.average(t, axis=1, weights=t64([1.0, 2.0, 3.0])),
    "ptp": lambda t: mnp.ptp(t * t, axis=1),
    "norm": lambda t: mnp.norm(t, axis=1),
    "cross": lambda t: mnp.cross(t, t * t),
    "polyval": lambda t: mnp.polyval(t[0], t[1]),
    "take": lambda t: mnp.take(t * t, Tensor([0, 4, 5])),
    "take_along_axis": lambda t: mnp.take_along_axis(t * t, Tensor(np.array([[0], [2]])), 1),
    "pad": lambda t: mnp.pad(t, ((1, 0), (1, 2)), mode="reflect") ** 2,
    "dot": lambda t: mnp.dot(t, mnp.transpose(t * t)),
    "diag": lambda t: mnp.diag(t[0] * t[1], 1),
    "cbrt": lambda t: mnp.cbrt(t + 3),
    "trace": lambda t: mnp.trace(mnp.outer(t, t), offset=1),
    "repeat": lambda t: mnp.repeat(t * t, [1, 2], axis=0),
    "roll": lambda t: mnp.roll(t * t, 2),
    "full": lambda t: mnp.full((2, 3), t[0] * t[1], dtype=ms.float64),
    "amax initial": lambda t: mnp.amax(t, axis=1, initial=0.5) ** 2,
    "cumprod": lambda t: mnp.cumprod(t),
    "std": lambda t: mnp.std(t, axis=0, ddof=1),
    "sum initial": lambda t: mnp.sum(t * t, axis=1, initial=2.0),
}


@pytest.mark.parametrize("name", sorted(COMPOSED))
def test_composed_functions_agree_with_finite_differences_to_second_order(name):
    check_grads(COMPOSED[name], (t64(A * 0.3 + 0.05),), order=2, modes=("fwd", "rev"))


def test_bad_input_is_refused_by_name():
    a = t64(A)
    with pytest.raises(TypeError, match="array: obj must be a number, a Tensor or a nested list"):
        mnp.array([[1.0], [2.0, 3.0]])
    with pytest.raises(TypeError, match="array: obj must be a Tensor, an array, a number"):
        mnp.array("abc")
    with pytest.raises(TypeError, match="sin: x must be a Tensor, an array or a number"):
        mnp.sin(None)
    with pytest.raises(ValueError, match="linspace: num must be a non-negative int"):
        mnp.linspace(0, 1, -1)
    with pytest.raises(ValueError, match="arange: step must not be 0"):
        mnp.arange(0, 5, 0)
    with pytest.raises(TypeError, match="zeros: shape must be an int or a tuple of ints"):
        mnp.zeros("3")
    with pytest.raises(ValueError, match="split: axis 1 of length 3 does not split into 2"):
        mnp.split(a, 2, axis=1)
    with pytest.raises(TypeError, match="concatenate: arrays must be a tuple or list"):
        mnp.concatenate(a)
    with pytest.raises(ValueError, match="where: give both x and y"):
        mnp.where(a > 0)
    with pytest.raises(ValueError, match="take: mode must be 'clip', 'wrap' or 'raise'"):
        mnp.take(a, Tensor([0]), mode="fill")
    with pytest.raises(IndexError, match="take: an index is out of range"):
        mnp.take(a, Tensor([6]), mode="raise")
    with pytest.raises(TypeError, match="take: indices must be integers"):
        mnp.take(a, t64([0.0]))
    with pytest.raises(ValueError, match="pad: mode must be one of"):
        mnp.pad(a, 1, mode="mean")
    with pytest.raises(ValueError, match="clip: xmin and xmax cannot both be None"):
        mnp.clip(a, None, None)
    with pytest.raises(ValueError, match="average: weights of shape"):
        mnp.average(a, axis=1, weights=t64([1.0, 2.0]))
    with pytest.raises(ValueError, match="polyval: p must be a non-empty 1-D array"):
        mnp.polyval(a, 1.0)
    with pytest.raises(ValueError, match="diag: v must be 1-D or 2-D"):
        mnp.diag(mnp.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="meshgrid: indexing must be 'xy' or 'ij'"):
        mnp.meshgrid(t64([1.0]), indexing="xz")
    with pytest.raises(ValueError, match="max: initial must be given with a where mask"):
        mnp.amax(a, where=a > 0)


def test_polynomials_signals_and_integration_match_numpy():
    p, q = t64([1.0, 2.0, 3.0]), t64([1.0, -1.0])
    close(mnp.polyadd(p, q), np.polyadd([1, 2, 3], [1, -1]))
    close(mnp.polysub(p, q), np.polysub([1, 2, 3], [1, -1]))
    close(mnp.polymul(p, q), np.polymul([1, 2, 3], [1, -1]))
    close(mnp.polyder(p, 2), np.polyder([1, 2, 3], 2))
    close(mnp.polyint(p, 2, k=[1.0, 2.0]), np.polyint([1, 2, 3], 2, k=[1.0, 2.0]))
    signal, kernel = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([0.5, -1.0, 2.0])
    for mode in ("full", "same", "valid"):
        close(mnp.convolve(t64(signal), t64(kernel), mode), np.convolve(signal, kernel, mode))
        close(mnp.convolve(t64(kernel), t64(signal), mode), np.convolve(kernel, signal, mode))
        close(mnp.correlate(t64(signal), t64(kernel), mode), np.correlate(signal, kernel, mode))
    close(mnp.vander(p), np.vander([1.0, 2.0, 3.0]))
    close(mnp.vander(p, 4, increasing=True), np.vander([1.0, 2.0, 3.0], 4, increasing=True))
    close(mnp.trapz(t64(A)), np.trapz(A) if hasattr(np, "trapz") else np.trapezoid(A))
    xs = np.array([0.0, 1.0, 3.0])
    close(mnp.trapz(p, t64(xs)), (p.asnumpy()[:-1] + p.asnumpy()[1:]) @ np.diff(xs) / 2)
    points = np.array([-1.0, 0.0, 0.5, 1.0, 1.7, 2.0, 5.0])
    close(mnp.interp(t64(points), t64([0.0, 1.0, 2.0]), t64([0.0, 10.0, 30.0])),
          np.interp(points, [0.0, 1.0, 2.0], [0.0, 10.0, 30.0]))
    close(mnp.interp(t64(points), t64([0.0, 1.0, 2.0]), t64([0.0, 10.0, 30.0]), -5.0, 50.0),
          np.interp(points, [0.0, 1.0, 2.0], [0.0, 10.0, 30.0], -5.0, 50.0))
    field = np.array([[1.0, 4.0, 9.0, 16.0], [2.0, 3.0, 7.0, 1.0], [0.0, 1.0, -1.0, 2.0]])
    for got, expected in zip(mnp.gradient(t64(field), 0.5, 2.0), np.gradient(field, 0.5, 2.0)):
        close(got, expected)
    close(mnp.gradient(t64(field), axis=1, edge_order=2), np.gradient(field, axis=1,
                                                                     edge_order=2))


def test_statistics_linear_algebra_and_lookups_match_numpy():
    a = t64(A)
    close(mnp.cov(a), np.cov(A))
    close(mnp.cov(a, rowvar=False, bias=True), np.cov(A, rowvar=False, bias=True))
    close(mnp.cov(a[0], a[1], ddof=0), np.cov(A[0], A[1], ddof=0))
    close(mnp.corrcoef(a), np.corrcoef(A))
    close(mnp.diagonal(a, 1), np.diagonal(A, 1))
    close(mnp.diagflat(t64([[1.0, 2.0]]), -1), np.diagflat([[1.0, 2.0]], -1))
    close(mnp.multi_dot([a, mnp.transpose(a), a[:, 0]]), np.linalg.multi_dot([A, A.T, A[:, 0]]))
    square = np.array([[1.0, 2.0], [0.5, -1.0]])
    close(mnp.matrix_power(t64(square), 3), np.linalg.matrix_power(square, 3))
    close(mnp.matrix_power(t64(square), 0), np.eye(2))
    with_nan = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.nan]])
    n = t64(with_nan)
    for name in ("nanmax", "nanmin", "nanvar", "nanstd"):
        close(getattr(mnp, name)(n), getattr(np, name)(with_nan))
        close(getattr(mnp, name)(n, axis=1, keepdims=True),
              getattr(np, name)(with_nan, axis=1, keepdims=True))
    close(mnp.nanstd(n, axis=0, ddof=0), np.nanstd(with_nan, axis=0))
    close(mnp.nanvar(n, ddof=1), np.nanvar(with_nan, ddof=1))
    close(mnp.nancumsum(n, axis=1), np.nancumsum(with_nan, axis=1))
    close(mnp.select([a > 3, a < 0], [a, a * 10], 7.0), np.select([A > 3, A < 0], [A, A * 10], 7.0))
    for got, expected in zip(mnp.tril_indices(3, -1, 4), np.tril_indices(3, -1, 4)):
        assert got.asnumpy().tolist() == expected.tolist()
    for got, expected in zip(mnp.triu_indices(3, 1), np.triu_indices(3, 1)):
        assert got.asnumpy().tolist() == expected.tolist()
    assert mnp.indices((2, 3)).asnumpy().tolist() == np.indices((2, 3)).tolist()
    assert [g.shape for g in mnp.indices((2, 3), sparse=True)] == [(2, 1), (1, 3)]
    ordered = t64([1.0, 2.0, 3.0])
    assert mnp.searchsorted(ordered, t64([2.0, 2.5]), side="right").asnumpy().tolist() == [2, 2]
    bins = np.array([1.0, 2.0, 3.0])
    for right in (False, True):
        assert mnp.digitize(t64([0.5, 2.0, 3.5]), t64(bins), right).asnumpy().tolist() == \
            np.digitize([0.5, 2.0, 3.5], bins, right).tolist()
    values, inverse = mnp.unique(Tensor([3, 1, 3, 2]), return_inverse=True)
    assert values.asnumpy().tolist() == [1, 2, 3] and inverse.asnumpy().tolist() == [2, 0, 2, 1]
    assert mnp.argwhere(a > 2).asnumpy().tolist() == np.argwhere(A > 2).tolist()
    assert mnp.isin(Tensor([1, 2, 3]), Tensor([2, 5]), invert=True).asnumpy().tolist() == [
        True, False, True]
    counts = mnp.bincount(Tensor(np.array([0, 1, 1, 3])), t64([0.5, 1.0, 1.0, 2.0]), minlength=6)
    close(counts, np.bincount([0, 1, 1, 3], [0.5, 1.0, 1.0, 2.0], minlength=6))
    assert bool(mnp.array_equiv(Tensor([1, 2]), Tensor([[1, 2], [1, 2]])).asnumpy())
    assert not bool(mnp.array_equiv(Tensor([1, 2]), Tensor([1, 2, 3])).asnumpy())
    assert mnp.isscalar(3.0) and not mnp.isscalar(a)
    assert mnp.rollaxis(mnp.ones((2, 3, 4)), 2).shape == np.rollaxis(np.ones((2, 3, 4)), 2).shape
    assert mnp.rollaxis(mnp.ones((2, 3, 4)), 0, 2).shape == np.rollaxis(np.ones((2, 3, 4)), 0, 2).shape
    assert mnp.rollaxis(mnp.ones((2, 3, 4)), 0, 3).shape == np.rollaxis(np.ones((2, 3, 4)), 0, 3).shape
    for name, sections in (("hsplit", 3), ("vsplit", 2)):
        for got, expected in zip(getattr(mnp, name)(a, sections), getattr(np, name)(A, sections)):
            close(got, expected)
    three = np.arange(24.0).reshape(2, 3, 4)
    for got, expected in zip(mnp.dsplit(t64(three), 2), np.dsplit(three, 2)):
        close(got, expected)
    close(mnp.ediff1d(a, to_end=t64([9.0]), to_begin=t64([-9.0])),
          np.ediff1d(A, to_end=[9.0], to_begin=[-9.0]))
    close(mnp.fix(t64([-1.5, 1.5])), np.fix([-1.5, 1.5]))
    close(mnp.logaddexp(a, t64(B)), np.logaddexp(A, B))
    close(mnp.logaddexp2(a, t64(B)), np.logaddexp2(A, B))
    close(mnp.copysign(a, t64(-B)), np.copysign(A, -B))
    assert mnp.signbit(t64([-1.0, 0.0, 2.0])).asnumpy().tolist() == [True, False, False]


COMPOSED_MORE = {
    "polymul": lambda t: mnp.polymul(t[0], t[1] * t[1]),
    "polyint": lambda t: mnp.polyint(t[0] * t[1], 2),
    "convolve same": lambda t: mnp.convolve(t[0], t[1] * t[1], "same"),
    "correlate full": lambda t: mnp.correlate(ravel_sq(t), t[1], "full"),
    "vander": lambda t: mnp.vander(t[0], 4),
    "trapz": lambda t: mnp.trapz(t * t, t64([0.0, 0.4, 1.5]), axis=1),
    "interp": lambda t: mnp.interp(t[0] * 2, t64([-1.0, 0.0, 1.0]), t[1] * t[1]),
    "gradient": lambda t: mnp.gradient(t * t, 0.5, axis=1, edge_order=2),
    "cov": lambda t: mnp.cov(t * t),
    "corrcoef": lambda t: mnp.corrcoef(mnp.concatenate([t, t * t + 1], 0)),
    "multi_dot": lambda t: mnp.multi_dot([t, mnp.transpose(t), t]),
    "matrix_power": lambda t: mnp.matrix_power(t[:, :2], 3),
    "nanstd": lambda t: mnp.nanstd(t * t, axis=1, ddof=1),
    "select": lambda t: mnp.select([t > 0.5, t < 0], [t * t, t * 3], 1.0),
    "logaddexp": lambda t: mnp.logaddexp(t, t * t),
}


def ravel_sq(t):
    return mnp.ravel(t * t)


@pytest.mark.parametrize("name", sorted(COMPOSED_MORE))
def test_more_composed_functions_agree_with_finite_differences_to_second_order(name):
    check_grads(COMPOSED_MORE[name], (t64(A * 0.3 + 0.05),), order=2, modes=("fwd", "rev"))


def test_more_bad_input_is_refused_by_name():
    with pytest.raises(ValueError, match="convolve: a and v must be non-empty 1-D arrays"):
        mnp.convolve(t64(A), t64([1.0]))
    with pytest.raises(ValueError, match="correlate: mode must be 'full', 'same' or 'valid'"):
        mnp.correlate(t64([1.0]), t64([1.0]), "wide")
    with pytest.raises(ValueError, match="interp: xp must be increasing"):
        mnp.interp(t64([0.5]), t64([1.0, 0.0]), t64([0.0, 1.0]))
    with pytest.raises(ValueError, match="interp: xp and fp must be 1-D of one non-zero length"):
        mnp.interp(t64([0.5]), t64([0.0, 1.0]), t64([0.0]))
    with pytest.raises(ValueError, match="gradient: edge_order must be 1 or 2"):
        mnp.gradient(t64([1.0, 2.0, 3.0]), edge_order=3)
    with pytest.raises(ValueError, match="gradient: axis 0 of length 2 needs at least 3"):
        mnp.gradient(t64([1.0, 2.0]), edge_order=2)
    with pytest.raises(TypeError, match="gradient: dualgrad takes uniform spacings"):
        mnp.gradient(t64([1.0, 2.0, 3.0]), t64([0.0, 1.0, 3.0]))
    with pytest.raises(ValueError, match="cov: m must be 1-D or 2-D"):
        mnp.cov(mnp.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="multi_dot: arrays must hold at least 2"):
        mnp.multi_dot([t64(A)])
    with pytest.raises(ValueError, match="select: condlist and choicelist must be of one length"):
        mnp.select([t64(A) > 0], [t64(A), t64(A)])
    with pytest.raises(ValueError, match="searchsorted: side must be 'left' or 'right'"):
        mnp.searchsorted(t64([1.0]), t64([1.0]), side="middle")
    with pytest.raises(ValueError, match="matrix_power: n must be a non-negative int"):
        mnp.matrix_power(t64([[1.0]]), -1)


def test_counts_that_are_no_ints_are_type_errors():
    with pytest.raises(TypeError, match="linspace: num must be a non-negative int, got 2.5"):
        mnp.linspace(0, 1, 2.5)
    with pytest.raises(TypeError, match="array: ndmin must be a non-negative int"):
        mnp.array([1.0], ndmin="2")
    with pytest.raises(ValueError, match="zeros"):
        mnp.zeros((2, -1))


def test_nan_moments_take_mindspores_parameter_order():
    with_nan = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.nan]])
    close(mnp.nanvar(t64(with_nan), 1, None, 1, True), np.nanvar(with_nan, 1, ddof=1,
                                                                 keepdims=True))
    close(mnp.nanstd(t64(with_nan), 0, None, 0), np.nanstd(with_nan, 0))
