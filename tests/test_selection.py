"""Sorting, selection, searching, counting and scattering (dualgrad/_selection.py).

The functions whose values carry derivatives (median, quantile, masked_select,
scatter, scatter_add, index_add, msort, top_k) are composed of primitives, so
they are checked as the composed functions of test_ops_composite.py are:
values against NumPy; first and second derivatives by every route (jacfwd,
jacrev, jvp, vjp, Dual, HyperDual batched and collapsed, forward and reverse
over reverse) against each other and against finite differences; float32
kept in every mode.  Then MindSpore's conventions, with the values MindSpore
2.10 gave on the CPU written down (oracle/programs.py compares them live),
the argument errors, and vmap against a Python loop.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from test_ops_composite import case
from test_ops_composite import (  # the checks of the composed functions, on these cases
    test_derivatives_agree_in_every_mode_and_with_finite_differences as derivatives_agree,
    test_float32_stays_float32_in_every_mode as float32_stays_float32,
    test_values_match_numpy as values_match_numpy)
from test_rules import T, native


def distinct(shape, seed=0):
    """Values in general position (no ties, so every selection is differentiable)."""
    rng = np.random.default_rng(seed)
    return Tensor(rng.permutation(np.prod(shape, dtype=int)).reshape(shape) * 0.37 - 1.1
                  + rng.uniform(0, 0.01, shape))


NAN = float("nan")
D34 = distinct((3, 4))
D245 = distinct((2, 4, 5), 1)
WITH_NAN = Tensor(np.array([[0.3, NAN, -1.2, 0.7, 2.0], [NAN, NAN, 0.4, -0.5, 1.1]]))
Q2 = Tensor(np.array([0.2, 0.9]))
MASK = np.array([[True, False, True, True], [False, False, True, False],
                 [True, True, False, False]])
IDX = np.array([[0, 2, 1, 0], [1, 0, 0, 2]])        # scatter along axis 0 of (3, 4)


def np_scatter(x, axis, index, src):
    out = np.array(x, copy=True)
    for pos in np.ndindex(index.shape):
        target = list(pos)
        target[axis] = index[pos]
        out[tuple(target)] = src[pos] if np.ndim(src) else src
    return out


def np_scatter_add(x, indices, updates):
    out = np.array(x, copy=True)
    np.add.at(out, indices, updates)
    return out


CASES = [
    case("msort", lambda a: ops.msort(a), [D34], lambda a: np.sort(a, 0)),
    case("top_k", lambda a: ops.top_k(a, 2)[0], [D34], lambda a: -np.sort(-a, -1)[:, :2]),
    case("median along the last axis (even count)", lambda a: ops.median(a)[0], [D34],
         lambda a: np.sort(a, -1)[:, 1]),
    case("median along axis 0, kept", lambda a: ops.median(a, 0, True)[0], [D34],
         lambda a: np.median(a, 0, keepdims=True)),
    case("median of a 3-d input along axis 1", lambda a: ops.median(a, 1)[0], [D245],
         lambda a: np.sort(a, 1)[:, 1]),
    case("nanmedian", lambda a: ops.nanmedian(a)[0], [WITH_NAN],
         lambda a: np.array([0.3, 0.4])),
    case("quantile of all elements", lambda a: ops.quantile(a, 0.3), [D34],
         lambda a: np.quantile(a, 0.3)),
    case("quantile along an axis, levels as a tensor, kept",
         lambda a: ops.quantile(a, Q2, 1, True), [D34],
         lambda a: np.quantile(a, [0.2, 0.9], 1, keepdims=True)),
    case("quantile of a 3-d input along axis 2", lambda a: ops.quantile(a, 0.75, 2), [D245],
         lambda a: np.quantile(a, 0.75, 2)),
    case("quantile differentiated in q too", lambda a, q: ops.quantile(a, q, 0), [D34, Q2],
         lambda a, q: np.quantile(a, q, 0)),
    case("quantile at q = 0 and 1", lambda a: ops.quantile(a, Tensor([0.0, 1.0]), 1), [D34],
         lambda a: np.quantile(a, [0.0, 1.0], 1)),
    case("nanquantile", lambda a: ops.nanquantile(a, Q2, 1), [WITH_NAN],
         lambda a: np.nanquantile(a, [0.2, 0.9], 1)),
    case("masked_select", lambda a: ops.masked_select(a, Tensor(MASK)), [D34],
         lambda a: a[MASK], True),
    case("masked_select, the mask broadcast", lambda a: ops.masked_select(
        a, Tensor(MASK[0])), [D34], lambda a: a[:, MASK[0]].reshape(-1), True),
    case("scatter", lambda a, s: ops.scatter(a, 0, Tensor(IDX), s), [D34, T((2, 4), 0.3)],
         lambda a, s: np_scatter(a, 0, IDX, s), True),
    case("scatter with repeated indices, src larger than index",
         lambda a, s: ops.scatter(a, 1, Tensor([[1, 1], [3, 0]]), s),
         [D34, T((2, 3), 0.3)], lambda a, s: np_scatter(a, 1, np.array([[1, 1], [3, 0]]), s),
         True),
    case("scatter of a number", lambda a: ops.scatter(a, 1, Tensor(IDX[:, :2]), 2.5), [D34],
         lambda a: np_scatter(a, 1, IDX[:, :2], 2.5)),
    case("scatter_add", lambda a, u: ops.scatter_add(a, Tensor([[0, 2], [2, 2]]), u),
         [D34, T((2, 2, 4), 0.3)],
         lambda a, u: np_scatter_add(a, np.array([[0, 2], [2, 2]]), u), True),
    case("index_add", lambda a, y: ops.index_add(a, Tensor([3, 0, 3], ms.int32), y, 1),
         [D34, T((3, 3), 0.3)], lambda a, y: np_scatter_add(a, (slice(None), [3, 0, 3]), y),
         True),
]


def composed_function_tests(cases):
    """test_ops_composite.py's checks of its composed functions, as this module's
    tests over ``cases`` (values, derivatives in every mode, float32)."""
    over_cases = pytest.mark.parametrize("c", cases, ids=[c.name for c in cases])

    def values(c):
        values_match_numpy(c)

    def derivatives(c):
        derivatives_agree(c)

    def float32(c):
        float32_stays_float32(c)
    return over_cases(values), over_cases(derivatives), over_cases(float32)


(test_values_match_numpy, test_derivatives_agree_in_every_mode_and_with_finite_differences,
 test_float32_stays_float32_in_every_mode) = composed_function_tests(CASES)


def values(t):
    return t.asnumpy().tolist()


# ---------------------------------------------------------------------------
# MindSpore's conventions (values from MindSpore 2.10 on the CPU)

X = Tensor(np.array([[3.0, 1.0, 2.0, 1.0], [0.5, 4.0, 4.0, -1.0]], np.float32))


def test_argsort_msort_top_k_as_mindspore():
    i = ops.argsort(X)
    assert i.dtype == ms.int32 and values(i) == [[1, 3, 2, 0], [3, 0, 1, 2]]
    assert values(ops.argsort(X, 0, True)) == [[0, 1, 1, 0], [1, 0, 0, 1]]
    assert values(ops.argsort(Tensor([1.0, 3.0, 3.0, 1.0]), descending=True)) == [1, 2, 0, 3]
    assert values(X.argsort()) == values(i)
    assert ops.argsort(Tensor(np.zeros((0,), np.float32))).shape == (0,)
    # NaN sorts last (MindSpore 2.10's CPU kernel returns [0, 1, 2] here)
    assert values(ops.argsort(Tensor([2.0, NAN, 1.0]))) == [2, 0, 1]
    assert values(ops.msort(X)) == [[0.5, 1.0, 2.0, -1.0], [3.0, 4.0, 4.0, 1.0]]
    v, i = ops.top_k(Tensor([1.0, 3.0, 3.0, 2.0]), 2)
    assert values(v) == [3.0, 3.0] and values(i) == [1, 2] and i.dtype == ms.int32
    # the derivative of tied values goes to the element each came from
    assert values(ms.grad(lambda x: ops.msort(x)[0].sum())(X)) == [[0, 1, 1, 0], [1, 0, 0, 1]]


def test_median_picks_mindspores_element():
    v, i = ops.median(X)
    assert values(v) == [1.0, 0.5] and values(i) == [3, 0] and i.dtype == ms.int64
    v, i = ops.median(X, 0)
    assert values(v) == [0.5, 1.0, 2.0, -1.0] and values(i) == [1, 0, 0, 1]
    v, i = ops.median(X, 1, True)
    assert v.shape == (2, 1) and values(i) == [[3], [0]]
    # lower middle for an even count; among ties the stable sort's
    assert [values(t) for t in ops.median(Tensor([4.0, 1.0, 3.0, 2.0]))] == [2.0, 3]
    assert [values(t) for t in ops.median(Tensor([1.0, 2.0, 2.0, 3.0, 2.0]))] == [2.0, 2]
    # the gradient goes to the element the index names
    g = ms.grad(lambda x: ops.median(x)[0].sum())(X)
    assert values(g) == [[0, 0, 0, 1], [1, 0, 0, 0]]
    v, i = ops.median(Tensor([4.0, NAN, 3.0, NAN]))
    assert np.isnan(values(v)) and values(i) == 1
    v, i = ops.median(Tensor(np.array([4, 1, 3, 2])))
    assert v.dtype == ms.int64 and values(v) == 2 and values(i) == 3
    v, i = ops.median(Tensor(3.0))
    assert values(v) == 3.0 and values(i) == 0
    assert ops.median(Tensor([1.0, 5.0, 3.0], ms.float64))[0].dtype == ms.float64
    v, i = ops.nanmedian(Tensor([[4.0, NAN, 3.0, 2.0], [NAN] * 4]))
    assert values(v)[0] == 3.0 and np.isnan(values(v)[1]) and values(i) == [2, 0]
    v, i = X.median(axis=0)
    assert values(i) == [1, 0, 0, 1]
    g = ms.grad(lambda x: ops.nanmedian(x)[0])(Tensor([4.0, NAN, 3.0, 2.0, 1.0]))
    assert values(g) == [0, 0, 0, 1, 0]


def test_quantile_values_and_gradients():
    x = Tensor([[1.0, 2.0, 4.0, 8.0]])
    assert values(ops.quantile(x, 0.25)) == 1.75
    q = ops.quantile(x, Tensor([0.25, 0.5]), 1, True)
    assert q.shape == (2, 1, 1) and values(q) == [[[1.75]], [[3.0]]]
    assert ops.quantile(x, Tensor(0.5), 1).shape == (1,)
    assert ops.quantile(x, 0.5, keepdims=True).shape == (1, 1)
    assert ops.quantile(Tensor([1.0, 2.0], ms.float64), 0.5).dtype == ms.float64
    assert np.isnan(values(ops.quantile(Tensor([1.0, NAN, 4.0]), 0.5)))
    assert values(ops.nanquantile(Tensor([1.0, NAN, 4.0]), 0.5)) == 2.5
    assert np.isnan(values(ops.nanquantile(Tensor([NAN, NAN]), 0.5)))
    # d/dq of the interpolation: the gap between the two elements times (n - 1)
    dq = ms.grad(lambda q: ops.quantile(x, q), 0)(Tensor([0.25]))
    assert values(dq) == [3.0]


def test_unique_nonzero_masked_select_as_mindspore():
    out, idx = ops.unique(Tensor(np.array([3, 1, 2, 1, 3], np.int32)))
    assert values(out) == [3, 1, 2] and values(idx) == [0, 1, 2, 1, 0]
    assert out.dtype == ms.int32 and idx.dtype == ms.int32
    out, idx = ops.unique(Tensor(np.array([3, 1, 2, 1, 3], np.int64)))
    assert idx.dtype == ms.int64
    out, idx = ops.unique(Tensor([[3.0, 1.0], [2.0, 1.0]]))
    assert values(out) == [3.0, 1.0, 2.0] and values(idx) == [[0, 1], [2, 1]]
    assert idx.dtype == ms.int32
    out, idx = ops.unique(Tensor([NAN, 1.0, NAN]))       # NaN != NaN
    assert out.shape == (3,) and values(idx) == [0, 1, 2]
    out, idx = ops.unique(Tensor(np.zeros((0,), np.float32)))
    assert out.shape == (0,) and idx.shape == (0,) and idx.dtype == ms.int32
    # each distinct value's derivative is that of its first occurrence
    g = ms.grad(lambda x: (ops.unique(x)[0] * Tensor([1.0, 10.0, 100.0])).sum())(
        Tensor([3.0, 1.0, 2.0, 1.0, 3.0]))
    assert values(g) == [1.0, 10.0, 100.0, 0.0, 0.0]

    p = ops.nonzero(Tensor([[1.0, 0.0], [0.0, 2.0]]))
    assert p.dtype == ms.int64 and values(p) == [[0, 0], [1, 1]]
    assert values(ops.nonzero(Tensor([True, False, True]))) == [[0], [2]]
    assert ops.nonzero(Tensor(np.zeros((0,), np.float32))).shape == (0, 1)
    rows, cols = ops.nonzero(Tensor([[1.0, 0.0], [0.0, 2.0]]), as_tuple=True)
    assert values(rows) == [0, 1] and values(cols) == [0, 1] and rows.dtype == ms.int64

    assert values(ops.masked_select(X, X > 1.5)) == [3.0, 2.0, 4.0, 4.0]
    assert values(ops.masked_select(X, Tensor([True, False, True, False]))) == [3.0, 2.0, 0.5,
                                                                              4.0]
    assert values(ops.masked_select(Tensor([1.0, 2.0]), Tensor([[True, False],
                                                                [False, True]]))) == [1.0, 2.0]
    assert ops.masked_select(Tensor([1.0, 2.0]), Tensor([False, False])).shape == (0,)
    g = ms.grad(lambda x: ops.masked_select(x, Tensor([True, False, True, False])).sum())(X)
    assert values(g) == [[1, 0, 1, 0], [1, 0, 1, 0]]


def test_bucketize_searchsorted_histc_as_mindspore():
    x = Tensor([[1.0, 3.0], [5.0, 7.0]])
    b = ops.bucketize(x, [1.0, 3.0, 5.0])
    assert b.dtype == ms.int32 and values(b) == [[0, 1], [2, 3]]
    assert values(ops.bucketize(x, [1.0, 3.0, 5.0], right=True)) == [[1, 2], [3, 3]]
    assert values(ops.bucketize(Tensor([1, 4]), [1.0, 3.0, 5.0])) == [0, 2]

    seq = Tensor([[0.0, 1.0, 3.0, 5.0, 7.0], [2.0, 4.0, 6.0, 8.0, 10.0]])
    v = Tensor([[3.0, 6.0, 9.0], [3.0, 6.0, 9.0]])
    s = ops.searchsorted(seq, v, out_int32=True)
    assert s.dtype == ms.int32 and values(s) == [[2, 4, 5], [1, 2, 4]]
    assert ops.searchsorted(seq, v).dtype == ms.int64
    assert values(ops.searchsorted(seq, v, right=True)) == [[3, 4, 5], [1, 3, 4]]
    one = Tensor([1.0, 3.0, 5.0])
    assert values(ops.searchsorted(one, Tensor([[2.0, 5.0]]), out_int32=True)) == [[1, 2]]
    assert values(ops.searchsorted(one, Tensor([NAN, 5.0, 9.0]), right=True)) == [3, 3, 3]
    # side, when given, decides (MindSpore's)
    assert values(ops.searchsorted(one, Tensor([2.0, 5.0, 0.0]), right=False,
                                   side="right")) == [1, 3, 0]
    assert values(ops.searchsorted(one, Tensor(3.0), out_int32=True)) == 1
    assert values(ops.searchsorted(Tensor([5.0, 1.0, 3.0]), Tensor([2.0, 5.0]),
                                   sorter=Tensor([1, 2, 0]))) == [1, 2]

    h = ops.histc(Tensor([1.0, 2.0, 1.0, 4.0]), bins=4, min=0.0, max=3.0)
    assert h.dtype == ms.float32 and values(h) == [0.0, 2.0, 1.0, 0.0]
    assert values(ops.histc(Tensor([1.0, 2.0, 1.0, 4.0]), bins=4)) == [2.0, 1.0, 0.0, 1.0]
    h = ops.histc(Tensor(np.array([1, 2, 1, 4], np.int32)), bins=4)
    assert h.dtype == ms.int32 and values(h) == [2, 1, 0, 1]
    assert values(ops.histc(Tensor([2.0, 2.0]), bins=4)) == [0.0, 0.0, 2.0, 0.0]
    assert values(ops.histc(Tensor([[1.0, 2.5], [0.0, 3.0]]), 3, 0.0, 3.0)) == [1.0, 1.0, 2.0]
    # NaN is not counted (MindSpore 2.10 counts it in the first bin), nor is an
    # empty input anywhere (MindSpore returns uninitialised memory)
    assert values(ops.histc(Tensor([1.0, NAN, 2.0]), 3, 0.0, 3.0)) == [0.0, 1.0, 1.0]
    assert values(ops.histc(Tensor(np.zeros((0,), np.float32)), 3)) == [0.0, 0.0, 0.0]


def test_scatter_scatter_add_index_add_as_mindspore():
    zeros = Tensor(np.zeros((3, 4), np.float32))
    # a repeated index: the last write wins (MindSpore's CPU)
    out = ops.scatter(zeros, 1, Tensor([[0, 0]]), Tensor([[1.0, 2.0]]))
    assert values(out)[0] == [2.0, 0.0, 0.0, 0.0]
    out = ops.scatter(zeros, 0, Tensor([[0, 1], [2, 0]]), 5.0)
    assert values(out) == [[5, 5, 0, 0], [0, 5, 0, 0], [5, 0, 0, 0]]
    assert values(ops.scatter(Tensor([0.0, 0.0, 0.0]), 0, Tensor([-1]), Tensor([1.0]))) == \
        [0.0, 0.0, 1.0]
    assert values(zeros.scatter(0, Tensor([[2]]), Tensor([[1.0]])))[2] == [1.0, 0.0, 0.0, 0.0]
    # the overwritten element gets no gradient; the written one the output's
    gx, gs = ms.grad(lambda x, s: (ops.scatter(x, 1, Tensor([[0, 0]]), s) *
                                   Tensor([[2.0], [1.0], [1.0]])).sum(), (0, 1))(
        zeros, Tensor([[1.0, 7.0]]))
    assert values(gx)[0] == [0.0, 2.0, 2.0, 2.0] and values(gs) == [[0.0, 2.0]]

    out = ops.scatter_add(Tensor(np.zeros((3, 2), np.float32)), Tensor(np.array([0, 2, 0],
                                                                                np.int32)),
                          Tensor(np.ones((3, 2), np.float32)))
    assert values(out) == [[2, 2], [0, 0], [1, 1]]
    out = ops.scatter_add(Tensor([0.0, 0.0, 0.0]), Tensor([[0, 2], [2, 2]]),
                          Tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert values(out) == [1.0, 0.0, 9.0]
    out = ops.index_add(Tensor(np.zeros((3, 2), np.float32)), Tensor(np.array([0, 2, 0],
                                                                              np.int32)),
                        Tensor(np.ones((3, 2), np.float32)), 0)
    assert values(out) == [[2, 2], [0, 0], [1, 1]]
    x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    y = Tensor([[0.5, 1.0], [1.0, 1.5], [2.0, 2.5]])
    out = x.index_add(Tensor([0, 2], ms.int32), y, 1)
    assert values(out) == [[1.5, 2.0, 4.0], [5.0, 5.0, 7.5], [9.0, 8.0, 11.5]]
    # integers stay integers
    out = ops.scatter_add(Tensor([1, 2]), Tensor([1]), Tensor([5]))
    assert out.dtype == ms.int64 and values(out) == [1, 7]


def test_tensor_methods_are_the_functions():
    a = Tensor([[4.0, 2.0], [2.0, 5.0]])
    for method, args in (("argsort", (0, True)), ("msort", ()), ("top_k", (1,)),
                         ("median", (0, True)), ("nanmedian", ()), ("quantile", (0.3, 1)),
                         ("nanquantile", (0.3,)), ("nonzero", ()), ("masked_select", (a > 3,)),
                         ("histc", (3,)), ("scatter", (1, Tensor([[1], [0]]), 0.5)),
                         ("index_add", (Tensor([1], ms.int32), Tensor([[1.0], [2.0]]), 1)),
                         ("cholesky", (True,)), ("logdet", ()), ("slogdet", ())):
        want = getattr(ops, method)(a, *args)
        got = getattr(a, method)(*args)
        for g, w in zip(got if isinstance(got, tuple) else (got,),
                        want if isinstance(want, tuple) else (want,)):
            assert g.dtype == w.dtype and values(g) == values(w), method


# ---------------------------------------------------------------------------
# Argument errors

@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.argsort(X, 2), ValueError, "axis"),
    (lambda: ops.argsort(X, descending=1), TypeError, "descending"),
    (lambda: ops.argsort(Tensor(1.0)), ValueError, "at least one dimension"),
    (lambda: ops.median(X, 1.0), TypeError, "axis"),
    (lambda: ops.median(Tensor(np.zeros((2, 0)))), ValueError, "empty"),
    (lambda: ops.median(X, keepdims=1), TypeError, "keepdims"),
    (lambda: ops.quantile(X, 1.5), ValueError, "q must lie in [0, 1]"),
    (lambda: ops.quantile(X, Tensor([[0.5]])), TypeError, "q must be"),
    (lambda: ops.quantile(X, [0.25, 0.5]), TypeError, "got list"),
    (lambda: ops.quantile(Tensor([1, 2]), 0.5), TypeError, "float32 or float64"),
    (lambda: ops.quantile(Tensor(np.zeros((0,), np.float32)), 0.5), ValueError, "empty"),
    (lambda: ops.masked_select(X, Tensor([1, 0, 1, 0])), TypeError, "mask must be a bool"),
    (lambda: ops.masked_select(X, Tensor([True, False])), ValueError, "broadcast"),
    (lambda: ops.bucketize(X, Tensor([1.0, 2.0])), TypeError, "boundaries"),
    (lambda: ops.bucketize(X, [2.0, 1.0]), ValueError, "ascending"),
    (lambda: ops.searchsorted(Tensor([1.0, 2.0]), X, side="middle"), ValueError, "side"),
    (lambda: ops.searchsorted(Tensor(1.0), X), ValueError, "sorted_sequence"),
    (lambda: ops.searchsorted(Tensor([[1.0, 2.0]]), X), ValueError, "leading axes"),
    (lambda: ops.searchsorted(Tensor([1.0, 2.0]), X, sorter=Tensor([0, 5])), ValueError,
     "sorter"),
    (lambda: ops.histc(X, bins=0), ValueError, "bins"),
    (lambda: ops.histc(X, 4, 2.0, 1.0), ValueError, "min must be <= max"),
    (lambda: ops.histc(X, 4.0), TypeError, "bins"),
    (lambda: ops.scatter(X, 0, Tensor([[0.0]]), Tensor([[1.0]])), TypeError, "index"),
    (lambda: ops.scatter(X, 0, Tensor([[5]]), Tensor([[1.0]])), ValueError, "lie in"),
    (lambda: ops.scatter(X, 0, Tensor([0]), Tensor([1.0])), ValueError, "rank"),
    (lambda: ops.scatter(X, 0, Tensor([[0, 1]]), Tensor([[1.0]])), ValueError, "src"),
    (lambda: ops.scatter(X, 0, Tensor([[0]]), Tensor([[1.0]], ms.float64)), TypeError,
     "dtype"),
    (lambda: ops.scatter_add(X, Tensor([0]), Tensor([[1.0]])), ValueError, "updates must"),
    (lambda: ops.scatter_add(X, Tensor([2]), Tensor(np.ones((1, 4), np.float32))),
     ValueError, "lie in"),
    (lambda: ops.index_add(X, Tensor([[0]]), X, 0), ValueError, "1-D"),
    (lambda: ops.index_add(X, Tensor([0]), X, 0), ValueError, "y must have shape"),
    (lambda: ops.index_add(X, Tensor([0, 1]), X, 0, use_lock=None), TypeError, "use_lock"),
    (lambda: ops.nonzero(X, as_tuple=1), TypeError, "as_tuple"),
])
def test_bad_arguments_are_named(call, error, words):
    with pytest.raises(error, match=None) as info:
        call()
    assert words in str(info.value)


# ---------------------------------------------------------------------------
# vmap: per example, or a clear refusal

BATCH = distinct((3, 2, 5), 2)


def loop(fn, *xs):
    outs = [fn(*[Tensor(native(x)[i]) for x in xs]) for i in range(xs[0].shape[0])]
    if isinstance(outs[0], tuple):
        return tuple(np.stack([native(o[k]) for o in outs]) for k in range(len(outs[0])))
    return np.stack([native(o) for o in outs])


def same(got, want):
    if isinstance(want, tuple):
        for g, w in zip(got, want):
            same(g, w)
        return
    assert native(got).dtype == want.dtype
    np.testing.assert_array_equal(native(got), want)


@pytest.mark.parametrize("fn", [
    lambda x: ops.argsort(x, 1),
    lambda x: ops.argsort(x, descending=True),
    lambda x: ops.bucketize(x, [-1.0, 0.0, 1.0]),
    lambda x: ops.searchsorted(Tensor([-1.0, 0.0, 1.0]), x),
    lambda x: ops.searchsorted(Tensor([[-1.0, 0.0, 1.0], [0.0, 0.5, 2.0]]), x, right=True),
    lambda x: ops.histc(x, 4),
    lambda x: ops.histc(x, 4, -1.0, 1.0),
    lambda x: ops.masked_select(x, Tensor([[True, False, True, False, False],
                                           [False, True, False, False, True]])),
    lambda x: ops.scatter_add(x, Tensor([1, 1]), Tensor(np.ones((2, 5)))),
    lambda x: ops.index_add(x, Tensor([4, 0]), Tensor(np.ones((2, 2))), 1),
    lambda x: ops.scatter(x, 1, Tensor([[0, 0], [3, 1]]),
                          Tensor([[1.0, 2.0], [3.0, 4.0]], ms.float64)),
], ids=["argsort", "argsort descending", "bucketize", "searchsorted",
        "searchsorted, a row per row", "histc over the range",
        "histc", "masked_select", "scatter_add", "index_add", "scatter"])
def test_vmap_works_per_example(fn):
    same(ms.vmap(fn)(BATCH), loop(fn, BATCH))


def test_vmap_of_scatter_add_and_index_add_with_each_examples_indices():
    # one scatter-add for the whole batch; the gradients too are each example's
    indices = Tensor(np.array([[1, 1], [0, -1], [4, 4]]))
    slices = Tensor(np.arange(12.0).reshape(3, 2, 2) - 5.0)
    index_add = lambda x, i, y: ops.index_add(x, i, y, 1)         # noqa: E731
    same(ms.vmap(index_add)(BATCH, indices, slices), loop(index_add, BATCH, indices, slices))
    rows = Tensor(np.arange(18.0).reshape(3, 2, 3) * 0.5)
    scatter_add = lambda x, i, u: ops.scatter_add(x[:, :3], i, u)  # noqa: E731
    at = Tensor(np.array([[0, 0], [1, 0], [-1, 1]]))
    same(ms.vmap(scatter_add)(BATCH, at, rows), loop(scatter_add, BATCH, at, rows))
    grad = ms.grad(lambda x, i, y: (index_add(x, i, y) ** 2).sum(), (0, 2))
    got = ms.vmap(grad)(BATCH, indices, slices)
    want = loop(grad, BATCH, indices, slices)
    for g, w in zip(got, want):
        np.testing.assert_allclose(native(g), w, rtol=1e-15)
    with pytest.raises(ValueError, match="indices must lie in"):
        ms.vmap(index_add)(BATCH, Tensor(np.array([[0, 1], [0, 5], [0, 0]])), slices)


@pytest.mark.parametrize("fn", [
    lambda x: ops.median(x, 1),
    lambda x: ops.nanmedian(x),
    lambda x: ops.quantile(x, 0.3, 1),
    lambda x: ops.msort(x),
    lambda x: ops.top_k(x, 2),
])
def test_vmap_of_sorted_selections_is_per_example(fn):
    # Built on sort/gather_elements, which order and gather each example.
    same(ms.vmap(fn)(BATCH), loop(fn, BATCH))


@pytest.mark.parametrize("fn", [
    lambda x: ops.unique(x),
    lambda x: ops.nonzero(x > 0),
    lambda x: ops.masked_select(Tensor(np.ones((2, 5))), x > 0),
    lambda x: ops.searchsorted(x, Tensor(np.zeros((2, 1)))),
])
def test_vmap_refuses_results_whose_shape_depends_on_the_example(fn):
    with pytest.raises(NotImplementedError, match="vmap"):
        ms.vmap(fn)(BATCH)
