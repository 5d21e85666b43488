"""Segment reductions, index-vector gathers and scatters, slice scatters
(dualgrad/_scatter.py).

Composed of primitives, they are checked as test_selection.py checks its
functions (values against NumPy, first and second derivatives by every route
against each other and finite differences, float32 kept); then MindSpore
2.10's values, dtypes and gradients at ties and repeated indices, written
down from its CPU; argument errors; vmap over the values against a loop.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from test_ops_composite import case
from test_rules import T, native
from test_selection import composed_function_tests, distinct, loop, same, values

IDS = np.array([0, 2, 0, 3, 2, -1])          # segment 1 empty, the last row dropped
FULL = np.array([0, 2, 1, 0, 2, -1])         # no segment empty
D62 = distinct((6, 2), 3)
VECTORS = np.array([[0, 1], [2, 3], [0, 1]])   # into (3, 4), (0, 1) named twice
ROWS = np.array([[2], [0], [2]])               # slices of (3, 4), row 2 named twice


def np_segments(x, ids, n, reduce, empty):
    out = np.full((n,) + x.shape[1:], empty, x.dtype)
    kept = ids >= 0
    reduce.at(out, ids[kept], x[kept])
    return out


def np_by_vectors(x, idx, u, reduce):
    out = np.array(x, copy=True)
    reduce.at(out, tuple(np.moveaxis(idx, -1, 0)), u)
    return out


def np_last_write(x, idx, u):
    out = np.array(x, copy=True)
    out[tuple(np.moveaxis(idx, -1, 0))] = u
    return out


def np_diagonal_scatter(x, s, offset):
    out = np.array(x, copy=True)
    rows = np.arange(len(s))
    out[rows + max(0, -offset), rows + max(0, offset)] = s
    return out


def np_index_fill(x, value):
    out = np.array(x, copy=True)
    out[:, [3, 0]] = value
    return out


INF = float("inf")
CASES = [
    case("unsorted_segment_sum", lambda a: ops.unsorted_segment_sum(a, Tensor(IDS), 4), [D62],
         lambda a: np_segments(a, IDS, 4, np.add, 0), True),
    case("unsorted_segment_sum, 2-D ids", lambda a: ops.unsorted_segment_sum(
        a, Tensor(IDS.reshape(3, 2) % 3), 3), [D62.reshape(3, 2, 2)],
        lambda a: np_segments(a.reshape(6, 2), IDS % 3, 3, np.add, 0), True),
    # (no empty segment: its value, the dtype's extreme, overflows when squared)
    case("unsorted_segment_max", lambda a: ops.unsorted_segment_max(a, Tensor(FULL), 3),
         [D62], lambda a: np_segments(a, FULL, 3, np.maximum, -np.inf)),
    case("unsorted_segment_min", lambda a: ops.unsorted_segment_min(a, Tensor(FULL), 3),
         [D62], lambda a: np_segments(a, FULL, 3, np.minimum, np.inf)),
    case("unsorted_segment_prod, a zero factor", lambda a: ops.unsorted_segment_prod(
        a, Tensor(IDS), 4), [Tensor(np.array([[0.0, 1.5], [2.0, -1.0], [3.0, 0.5], [1.2, 2.0],
                                              [0.7, 0.0], [4.0, 4.0]]))],
        lambda a: np_segments(a, IDS, 4, np.multiply, 1)),
    case("gather_nd", lambda a: ops.gather_nd(a, Tensor(VECTORS)), [D62.reshape(3, 4)],
         lambda a: a[VECTORS[:, 0], VECTORS[:, 1]], True),
    case("gather_nd of slices", lambda a: ops.gather_nd(a, Tensor(ROWS)), [D62.reshape(3, 4)],
         lambda a: a[ROWS[:, 0]], True),
    case("scatter_nd", lambda u: ops.scatter_nd(Tensor(VECTORS), u, (3, 4)), [T((3,), 0.3)],
         lambda u: np_by_vectors(np.zeros((3, 4)), VECTORS, u, np.add), True),
    case("tensor_scatter_add", lambda a, u: ops.tensor_scatter_add(a, Tensor(ROWS), u),
         [D62.reshape(3, 4), T((3, 4), 0.3)],
         lambda a, u: np_by_vectors(a, ROWS, u, np.add), True),
    case("tensor_scatter_sub", lambda a, u: ops.tensor_scatter_sub(a, Tensor(VECTORS), u),
         [D62.reshape(3, 4), T((3,), 0.3)],
         lambda a, u: np_by_vectors(a, VECTORS, -u, np.add), True),
    case("tensor_scatter_mul, a slice named twice", lambda a, u: ops.tensor_scatter_mul(
        a, Tensor(ROWS), u), [D62.reshape(3, 4), T((3, 4), 0.3)],
        lambda a, u: np_by_vectors(a, ROWS, u, np.multiply)),
    case("tensor_scatter_div, an element named twice", lambda a, u: ops.tensor_scatter_div(
        a, Tensor(VECTORS), u), [D62.reshape(3, 4), Tensor(np.array([1.5, -0.8, 2.5]))],
        lambda a, u: np_by_vectors(a, VECTORS, 1 / u, np.multiply)),
    case("tensor_scatter_max", lambda a, u: ops.tensor_scatter_max(a, Tensor(VECTORS), u),
         [D62.reshape(3, 4), Tensor(np.array([-3.0, 2.5, 1.7]))],
         lambda a, u: np_by_vectors(a, VECTORS, u, np.maximum)),
    case("tensor_scatter_min", lambda a, u: ops.tensor_scatter_min(a, Tensor(ROWS), u),
         [D62.reshape(3, 4), T((3, 4), 0.3)],
         lambda a, u: np_by_vectors(a, ROWS, u, np.minimum)),
    case("tensor_scatter_update, the last write wins", lambda a, u: ops.tensor_scatter_update(
        a, Tensor(ROWS), u), [D62.reshape(3, 4), T((3, 4), 0.3)],
        lambda a, u: np_last_write(a, ROWS, u), True),
    case("tensor_scatter_elements", lambda a, u: ops.tensor_scatter_elements(
        a, Tensor([[1, 1], [-1, 0]]), u, 1), [D62.reshape(3, 4), T((2, 2), 0.3)],
        lambda a, u: np_last_write(a, np.array([[0, 1], [0, 1], [1, 3], [1, 0]]),
                                   u.reshape(-1)), True),
    case("tensor_scatter_elements, add", lambda a, u: ops.tensor_scatter_elements(
        a, Tensor([[1, 1], [2, 0]]), u, 0, "add"), [D62.reshape(3, 4), T((2, 2), 0.3)],
        lambda a, u: np_by_vectors(a, np.array([[[1, 0], [1, 1]], [[2, 0], [0, 1]]]), u,
                                   np.add), True),
    case("slice_scatter", lambda a, s: ops.slice_scatter(a, s, 1, 1, None, 2),
         [D62.reshape(3, 4), T((3, 2), 0.3)],
         lambda a, s: np.concatenate([a[:, :1], s[:, :1], a[:, 2:3], s[:, 1:]], 1), True),
    case("select_scatter", lambda a, s: ops.select_scatter(a, s, 0, -1),
         [D62.reshape(3, 4), T((4,), 0.3)], lambda a, s: np.concatenate([a[:2], s[None]]),
         True),
    case("diagonal_scatter", lambda a, s: ops.diagonal_scatter(a, s, -1),
         [D62.reshape(3, 4), T((2,), 0.3)], lambda a, s: np_diagonal_scatter(a, s, -1), True),
    case("diagonal_scatter on the last axes, reversed", lambda a, s: ops.diagonal_scatter(
        a, s, 1, 2, 1), [D62.reshape(1, 3, 4), T((1, 2), 0.3)],
        lambda a, s: np.swapaxes(np_diagonal_scatter(np.swapaxes(a[0], 0, 1), s[0], 1), 0,
                                 1)[None], True),
    case("index_fill, value a tensor", lambda a, v: ops.index_fill(a, 1, Tensor([3, 0]), v),
         [D62.reshape(3, 4), Tensor(np.float64(0.4))], np_index_fill, True),
]

(test_values_match_numpy, test_derivatives_agree_in_every_mode_and_with_finite_differences,
 test_float32_stays_float32_in_every_mode) = composed_function_tests(CASES)


# ---------------------------------------------------------------------------
# MindSpore 2.10's values, dtypes and gradients (its CPU)

F4 = Tensor(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [3.0, 4.0]], np.float32))
TIES = Tensor(np.array([3.0, 3.0, 1.0, 2.0, 2.0, 2.0], np.float32))
TIE_IDS = Tensor(np.array([0, 0, 0, 1, 1, 1], np.int32))
WEIGHTS = Tensor(np.array([1.0, 10.0, 100.0], np.float32))
FLOAT32_MAX = 3.4028234663852886e+38


@pytest.mark.parametrize("name, want, int_want, dropped, tie_grad", [
    ("sum", [[6, 8], [0, 0], [6, 8], [0, 0]], [4, 0, 7, 0], [1, 5, 0],
     [1, 1, 1, 10, 10, 10]),
    ("max", [[5, 6], [-FLOAT32_MAX] * 2, [3, 4], [-FLOAT32_MAX] * 2],
     [3, -2**31, 5, -2**31], [1, 3, -FLOAT32_MAX], [0.5, 0.5, 0, 10 / 3, 10 / 3, 10 / 3]),
    ("min", [[1, 2], [FLOAT32_MAX] * 2, [3, 4], [FLOAT32_MAX] * 2],
     [1, 2**31 - 1, 2, 2**31 - 1], [1, 2, FLOAT32_MAX], [0, 0, 1, 10 / 3, 10 / 3, 10 / 3]),
    ("prod", [[5, 12], [1, 1], [9, 16], [1, 1]], [3, 1, 10, 1], [1, 6, 1],
     [3, 3, 9, 40, 40, 40]),
])
def test_unsorted_segments_as_mindspore(name, want, int_want, dropped, tie_grad):
    fn = getattr(ops, "unsorted_segment_" + name)
    ids = Tensor(np.array([0, 2, 0, 2], np.int32))
    out = fn(F4, ids, 4)
    assert out.dtype == ms.float32 and values(out) == want
    out = fn(Tensor(np.array([1, 5, 3, 2], np.int32)), ids, 4)
    assert out.dtype == ms.int32 and values(out) == int_want
    for dtype in (ms.float64, ms.float16, ms.uint8):
        assert fn(Tensor(np.array([1, 5, 3, 2]), dtype), ids, 4).dtype == dtype
    # a negative id drops its element; num_segments may be a 0-d integer tensor
    out = fn(Tensor([1.0, 5.0, 3.0, 2.0]), Tensor([0, -1, 1, 1]), Tensor(3, ms.int32))
    assert values(out) == pytest.approx(dropped)
    # tied maxima and minima share the gradient equally
    grad = ms.grad(lambda v: (fn(v, TIE_IDS, 3) * WEIGHTS).sum())(TIES)
    np.testing.assert_allclose(native(grad), tie_grad, rtol=1e-6)


def test_unsorted_segment_max_min_ignore_nan_and_uint8_limits():
    # MindSpore's CPU skips NaN; an empty unsigned segment is 0 (max) or 255 (min)
    x, ids = Tensor([NAN_VALUE, 1.0, 2.0]), Tensor([0, 0, 1])
    assert values(ops.unsorted_segment_max(x, ids, 2)) == [1.0, 2.0]
    assert values(ops.unsorted_segment_min(x, ids, 2)) == [1.0, 2.0]
    x = Tensor(np.array([1, 5], np.uint8))
    assert values(ops.unsorted_segment_max(x, Tensor([0, 0]), 2)) == [5, 0]
    assert values(ops.unsorted_segment_min(x, Tensor([0, 0]), 2)) == [1, 255]
    # a zero factor: the others' product (MindSpore: [6, 0, 0, 0, 0, 0])
    grad = ms.grad(lambda v: ops.unsorted_segment_prod(v, TIE_IDS, 3).sum())(
        Tensor(np.array([0.0, 2.0, 3.0, 0.0, 0.0, 2.0], np.float32)))
    assert values(grad) == [6, 0, 0, 0, 0, 0]


NAN_VALUE = float("nan")
X23 = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32))
W23 = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32))
AT = Tensor(np.array([[0, 1], [0, 1], [1, 2]], np.int32))
UP = Tensor(np.array([2.0, 4.0, -1.0], np.float32))


@pytest.mark.parametrize("name, want, int_want, grad_x, grad_updates, tie_updates", [
    ("add", [[1, 8, 3], [4, 5, 5]], [[1, 8, 3], [4, 5, 5]], [[1, 2, 3], [4, 5, 6]],
     [2, 2, 6], [2, 2]),
    ("sub", [[1, -4, 3], [4, 5, 7]], [[1, -4, 3], [4, 5, 7]], [[1, 2, 3], [4, 5, 6]],
     [-2, -2, -6], [-2, -2]),
    # MindSpore's gradient of a repeated update leaves out the other updates
    # of its element ([4, 4, 36], [-1, -0.25, -36]); these are exact.
    ("mul", [[1, 16, 3], [4, 5, -6]], [[1, 16, 3], [4, 5, -6]], [[1, 16, 3], [4, 5, -6]],
     [16, 8, 36], [8, 8]),
    ("div", [[1, 0.25, 3], [4, 5, -6]], [[1, 0, 3], [4, 5, -6]], [[1, 0.25, 3], [4, 5, -6]],
     [-0.25, -0.125, -36], [-0.5, -0.5]),
    # ties (input_x's element among them) share equally, as MindSpore's
    ("max", [[1, 4, 3], [4, 5, 6]], [[1, 4, 3], [4, 5, 6]], [[1, 0, 3], [4, 5, 6]],
     [0, 2, 0], [2 / 3, 2 / 3]),
    ("min", [[1, 2, 3], [4, 5, -1]], [[1, 2, 3], [4, 5, -1]], [[1, 1, 3], [4, 5, 0]],
     [1, 0, 6], [2 / 3, 2 / 3]),
    # the last update wins, and only it gets a gradient (MindSpore's: [2, 2, 6])
    ("update", [[1, 4, 3], [4, 5, -1]], [[1, 4, 3], [4, 5, -1]], [[1, 0, 3], [4, 5, 0]],
     [0, 2, 6], [0, 2]),
])
def test_tensor_scatter_as_mindspore(name, want, int_want, grad_x, grad_updates, tie_updates):
    fn = getattr(ops, "tensor_scatter_" + name)
    out = fn(X23, AT, UP)
    assert out.dtype == ms.float32 and values(out) == want
    out = fn(Tensor(np.array([[1, 2, 3], [4, 5, 6]], np.int32)), AT,
             Tensor(np.array([2, 4, -1], np.int32)))
    assert out.dtype == ms.int32 and values(out) == int_want
    gx, gu = ms.grad(lambda x, u: (fn(x, AT, u) * W23).sum(), (0, 1))(X23, UP)
    assert values(gx) == grad_x and values(gu) == grad_updates
    _, gu = ms.grad(lambda x, u: (fn(x, AT[:2], u) * W23).sum(), (0, 1))(
        X23, Tensor(np.array([2.0, 2.0], np.float32)))
    np.testing.assert_allclose(native(gu), tie_updates, rtol=1e-6)


def test_gather_scatter_nd_elements_and_slices_as_mindspore():
    p = X23
    assert values(ops.gather_nd(p, Tensor([[1], [0]]))) == [[4, 5, 6], [1, 2, 3]]
    assert values(ops.gather_nd(p, Tensor([1, 2]))) == 6.0
    assert ops.gather_nd(p, Tensor(np.zeros((2, 0), np.int32))).shape == (2, 2, 3)
    assert values(ops.gather_nd(Tensor([[True, False]]), Tensor([[0, 1]]))) == [False]
    grad = ms.grad(lambda v: ops.gather_nd(v, Tensor([[0, 1], [0, 1], [1, 0]])).sum())(p)
    assert values(grad) == [[0, 2, 0], [1, 0, 0]]
    out = ops.scatter_nd(Tensor([[0], [2], [0]]), Tensor([1.0, 2.0, 3.0]), (4,))
    assert values(out) == [4, 0, 2, 0]
    assert values(ops.scatter_nd(Tensor([[1], [1]]), Tensor(np.array([5, 6], np.int32)),
                                 (3,))) == [0, 11, 0]
    assert values(ops.tensor_scatter_div(Tensor(np.array([-7, 7], np.int32)),
                                         Tensor([[0], [1]]),
                                         Tensor(np.array([2, -2], np.int32)))) == [-3, -3]
    updates = Tensor(np.array([[7.0, 8.0], [9.0, 10.0]], np.float32))
    at = Tensor(np.array([[2, 2], [0, 1]], np.int32))
    assert values(ops.tensor_scatter_elements(p, at, updates, 1)) == [[1, 2, 8], [9, 10, 6]]
    assert values(ops.tensor_scatter_elements(p, at, updates, 1, "add")) == \
        [[1, 2, 18], [13, 15, 6]]
    assert values(ops.tensor_scatter_elements(p, Tensor([[-1]]), Tensor([[7.0]]), 1)) == \
        [[1, 2, 7], [4, 5, 6]]
    gx, gu = ms.grad(lambda x, u: (ops.tensor_scatter_elements(x, at, u, 1) * W23).sum(),
                     (0, 1))(p, updates)
    assert values(gx) == [[1, 2, 0], [0, 0, 6]] and values(gu) == [[0, 3], [4, 5]]
    # (MindSpore gives [[3, 3], [4, 5]]: the overwritten 7 a gradient too)

    zeros = Tensor(np.zeros((3, 4), np.float32))
    row = Tensor([[1.0, 2.0, 3.0, 4.0]])
    assert values(ops.slice_scatter(zeros, row, 0, -1))[2] == [1, 2, 3, 4]
    assert values(ops.slice_scatter(zeros, Tensor(np.ones((2, 4), np.float32)), 0, 1, 10))[0] \
        == [0, 0, 0, 0]
    assert values(ops.select_scatter(zeros, Tensor([1.0, 2.0, 3.0]), 1, -1))[1] == [0, 0, 0, 2]
    assert values(ops.diagonal_scatter(zeros, Tensor([1.0, 2.0]), -1)) == \
        [[0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0]]
    out = ops.diagonal_scatter(zeros, Tensor(np.array([1, 2, 3], np.int32)))
    assert out.dtype == ms.float32 and values(out)[2] == [0, 0, 3, 0]
    out = ops.diagonal_scatter(Tensor(np.zeros((2, 2, 3), np.float32)),
                               Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), 0, 0, 1)
    assert values(out) == [[[1, 3, 5], [0, 0, 0]], [[0, 0, 0], [2, 4, 6]]]
    gp, gs = ms.grad(lambda x, s: (ops.diagonal_scatter(x, s, 1) *
                                   Tensor([[1.0, 2.0, 3.0, 4.0]] * 3)).sum(), (0, 1))(
        zeros, Tensor([1.0, 2.0, 3.0]))
    assert values(gp) == [[1, 0, 3, 4], [1, 2, 0, 4], [1, 2, 3, 0]] and values(gs) == [2, 3, 4]

    assert values(ops.index_fill(p, 1, Tensor([0, 2], ms.int32), 9.0)) == \
        [[9, 2, 9], [9, 5, 9]]
    assert values(ops.index_fill(p, Tensor(1, ms.int32), Tensor(-1, ms.int32), 9.0)) == \
        [[1, 2, 9], [4, 5, 9]]
    out = ops.index_fill(Tensor(np.array([1, 2], np.int32)), 0, Tensor([1]), 9.5)
    assert out.dtype == ms.int32 and values(out) == [1, 9]
    # value's gradient is the filled elements' (MindSpore's is 0)
    gx, gv = ms.grad(lambda x, v: (ops.index_fill(x, 1, Tensor([0, 2]), v) * W23).sum(),
                     (0, 1))(p, Tensor(9.0))
    assert values(gx) == [[0, 2, 0], [0, 5, 0]] and values(gv) == 14.0


def test_tensor_methods_are_the_functions():
    x = Tensor(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    for method, args in (("unsorted_segment_max", (Tensor([1, 0]), 2)),
                         ("unsorted_segment_min", (Tensor([1, 1]), 3)),
                         ("unsorted_segment_prod", (Tensor([0, 0]), 1)),
                         ("gather_nd", (Tensor([[1, 0]]),)),
                         ("slice_scatter", (Tensor(np.array([[7.0], [8.0]])), 1, 2)),
                         ("select_scatter", (Tensor(np.array([7.0, 8.0, 9.0])), 0, 1)),
                         ("diagonal_scatter", (Tensor([7.0]), 2)),
                         ("index_fill", (1, Tensor([1]), 0.5))):
        want, got = getattr(ops, method)(x, *args), getattr(x, method)(*args)
        assert got.dtype == want.dtype and values(got) == values(want), method


# ---------------------------------------------------------------------------
# Argument errors name the function and the argument

@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.unsorted_segment_sum(F4, Tensor([0.0, 1.0, 1.0, 0.0]), 2), TypeError,
     "unsorted_segment_sum: segment_ids must be integers"),
    (lambda: ops.unsorted_segment_max(F4, Tensor([0, 1, 1]), 2), ValueError,
     "unsorted_segment_max: segment_ids of shape (3,)"),
    (lambda: ops.unsorted_segment_min(F4, Tensor([0, 7, 1, 1]), 3), ValueError,
     "unsorted_segment_min: segment_ids must be < num_segments"),
    (lambda: ops.unsorted_segment_prod(F4, Tensor([0, 1, 1, 0]), 0), ValueError,
     "unsorted_segment_prod: num_segments must be >= 1"),
    (lambda: ops.unsorted_segment_sum(F4, Tensor([0, 1, 1, 0]), 2.0), TypeError,
     "unsorted_segment_sum: num_segments must be an int"),
    (lambda: ops.unsorted_segment_max(Tensor([True, False]), Tensor([0, 1]), 2), TypeError,
     "unsorted_segment_max: x must be numbers"),
    (lambda: ops.unsorted_segment_sum("abc", Tensor([0, 0, 1]), 2), TypeError,
     "unsorted_segment_sum: input_x must be"),
    (lambda: ops.gather_nd(X23, Tensor([[0.0, 1.0]])), TypeError,
     "gather_nd: indices must be integers"),
    (lambda: ops.gather_nd(X23, Tensor([[0, 3]])), ValueError,
     "gather_nd: indices must lie in [0, n)"),
    (lambda: ops.gather_nd(X23, Tensor([[0, -1]])), ValueError, "gather_nd: indices must lie"),
    (lambda: ops.gather_nd(X23, Tensor([[0, 1, 0]])), ValueError,
     "gather_nd: indices' index vectors of length 3"),
    (lambda: ops.scatter_nd(Tensor([1]), Tensor(5.0), (3,)), ValueError,
     "scatter_nd: indices must have at least 2"),
    (lambda: ops.scatter_nd(Tensor([[1], [1]]), Tensor([5.0]), (3,)), ValueError,
     "scatter_nd: updates must have shape"),
    (lambda: ops.scatter_nd(Tensor([[1]]), Tensor([5.0]), 3), TypeError,
     "scatter_nd: shape must be"),
    (lambda: ops.scatter_nd(Tensor([[1]]), Tensor([True]), (3,)), TypeError,
     "scatter_nd: updates must be numbers"),
    (lambda: ops.tensor_scatter_add(X23, AT, Tensor([2.0, 4.0])), ValueError,
     "tensor_scatter_add: updates must have shape"),
    (lambda: ops.tensor_scatter_sub(X23, Tensor([[0, 3]]), Tensor([7.0])), ValueError,
     "tensor_scatter_sub: indices must lie"),
    (lambda: ops.tensor_scatter_mul(X23, AT, Tensor(np.ones(3))), TypeError,
     "tensor_scatter_mul: updates must have input's dtype"),
    (lambda: ops.tensor_scatter_div(Tensor([True, False]), Tensor([[0]]), Tensor([True])),
     TypeError, "tensor_scatter_div: input_x must be numbers"),
    (lambda: ops.tensor_scatter_update(X23, Tensor([[0, 3]]), Tensor([7.0])), ValueError,
     "tensor_scatter_update: indices must lie"),
    (lambda: ops.tensor_scatter_max(X23, Tensor([[0.0]]), Tensor([[7.0, 7.0, 7.0]])),
     TypeError, "tensor_scatter_max: indices must be integers"),
    (lambda: ops.tensor_scatter_elements(X23, Tensor([[3]]), Tensor([[7.0]]), 1), ValueError,
     "tensor_scatter_elements: indices must lie"),
    (lambda: ops.tensor_scatter_elements(X23, Tensor([[1]]), Tensor([[7.0, 8.0]]), 1),
     ValueError, "tensor_scatter_elements: updates must have indices' shape"),
    (lambda: ops.tensor_scatter_elements(X23, Tensor([[1]]), Tensor([[7.0]]), 1, "mul"),
     ValueError, "tensor_scatter_elements: reduction"),
    (lambda: ops.slice_scatter(X23, Tensor(np.ones((1, 3), np.float32)), 0, 0, 2), ValueError,
     "slice_scatter: src must have the shape"),
    (lambda: ops.slice_scatter(X23, Tensor(np.ones((1, 3))), 0, 0, 1), TypeError,
     "slice_scatter: src must have input's dtype"),
    (lambda: ops.slice_scatter(X23, X23, 0, 0, 2, 0), ValueError,
     "slice_scatter: step must be >= 1"),
    (lambda: ops.select_scatter(X23, Tensor([1.0, 2.0]), 1, 3), ValueError,
     "select_scatter: index must lie"),
    (lambda: ops.select_scatter(X23, Tensor([1.0, 2.0, 3.0]), 1, 0), ValueError,
     "select_scatter: src must have the shape"),
    (lambda: ops.diagonal_scatter(X23, Tensor([1.0]), 0), ValueError,
     "diagonal_scatter: src must have the shape"),
    (lambda: ops.diagonal_scatter(X23, "ab", 0), TypeError,
     "diagonal_scatter: src must be"),
    (lambda: ops.index_fill(X23, 1, Tensor([3]), 9.0), ValueError, "index_fill: index must lie"),
    (lambda: ops.index_fill(X23, 1, Tensor([1.0]), 9.0), TypeError,
     "index_fill: index must be integers"),
    (lambda: ops.index_fill(X23, 1, Tensor([[1]]), 9.0), ValueError,
     "index_fill: index must be 0-d or 1-D"),
    (lambda: ops.index_fill(X23, 1, Tensor([1]), Tensor([9.0])), ValueError,
     "index_fill: value must be a number or a 0-d tensor"),
    (lambda: ops.index_fill(Tensor([True, False]), 0, Tensor([1]), True), TypeError,
     "index_fill: x must be numbers"),
])
def test_bad_arguments_are_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# vmap over the values, against a Python loop

BATCH = distinct((3, 4, 2), 4)
SLICES = distinct((3, 3, 2), 5)


@pytest.mark.parametrize("fn", [
    lambda x: ops.unsorted_segment_sum(x, Tensor([1, 0, 1, -1]), 3),
    lambda x: ops.unsorted_segment_max(x, Tensor([1, 0, 1, 1]), 3),
    lambda x: ops.unsorted_segment_min(x, Tensor([1, 0, 1, 1]), 3),
    lambda x: ops.unsorted_segment_prod(x, Tensor([1, 0, 1, 1]), 3),
    lambda x: ops.gather_nd(x, Tensor([[3, 1], [0, 0]])),
    lambda x: ops.index_fill(x, 0, Tensor([2, 0]), 0.5),
    lambda x: ops.diagonal_scatter(x, Tensor([7.0, 8.0]), -1),
], ids=["segment_sum", "segment_max", "segment_min", "segment_prod", "gather_nd",
        "index_fill", "diagonal_scatter"])
def test_vmap_over_the_input_is_per_example(fn):
    same(ms.vmap(fn)(BATCH), loop(fn, BATCH))


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "max", "min", "update"])
def test_vmap_of_tensor_scatter_over_input_and_updates(name):
    def fn(x, u):
        return getattr(ops, "tensor_scatter_" + name)(x, Tensor([[1], [3], [1]]), u)
    same(ms.vmap(fn)(BATCH, SLICES), loop(fn, BATCH, SLICES))
    grad = ms.grad(lambda x, u: (fn(x, u) ** 2).sum(), (0, 1))
    for g, w in zip(ms.vmap(grad)(BATCH, SLICES), loop(grad, BATCH, SLICES)):
        np.testing.assert_allclose(native(g), w, rtol=1e-13)


def test_vmap_of_scatters_over_the_written_values():
    def fn(x, s):
        return (ops.scatter_nd(Tensor([[2], [0]]), s[:2], (4, 2))
                + ops.slice_scatter(x, s[:2], 0, 1, 3)
                + ops.select_scatter(x, s[2], 0, 0)
                + ops.tensor_scatter_elements(x, Tensor([[1, 1], [3, 0]]), s[1:], 0, "add"))
    same(ms.vmap(fn)(BATCH, SLICES), loop(fn, BATCH, SLICES))
