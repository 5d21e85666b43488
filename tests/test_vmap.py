"""vmap: every primitive, every in_axes/out_axes form and every transform
around or inside it equals a Python loop over the examples, exactly (float64)."""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, _structural, _table, nn, ops
from dualgrad._core import primal_value
from dualgrad._tensor import value_of
from dualgrad.testing import check_grads
from test_rules import P, binary_values, grid

B = 4


def arr(t):
    return np.asarray(primal_value(value_of(t)))


def loop(fn, *args, in_axes=0):
    """fn on each example in turn, stacked on axis 0 (the reference)."""
    axes = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
    size = next(a.shape[ax] for a, ax in zip(args, axes) if ax is not None)
    outs = []
    for i in range(size):
        one = [a if ax is None else Tensor(np.take(arr(a), i, axis=ax))
               for a, ax in zip(args, axes)]
        outs.append(fn(*one))
    if isinstance(outs[0], tuple):
        return tuple(np.stack([arr(o[k]) for o in outs]) for k in range(len(outs[0])))
    return np.stack([arr(o) for o in outs])


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
        return
    g = arr(got)
    assert g.shape == want.shape, (g.shape, want.shape)
    assert g.dtype == want.dtype, (g.dtype, want.dtype)
    if g.dtype.kind != "f":
        np.testing.assert_array_equal(g, want)
        return
    # The batch runs NumPy's vector loops over other lengths than one example
    # does, whose last lanes can round differently (expm1: one ulp): equal to
    # a few ulps of the largest value.
    scale = np.max(np.abs(want[np.isfinite(want)]), initial=0.0)
    np.testing.assert_allclose(g, want, rtol=4 * np.finfo(g.dtype).eps,
                               atol=4 * np.finfo(g.dtype).eps * scale)


def check(fn, *args, in_axes=0):
    same(ms.vmap(fn, in_axes=in_axes)(*args), loop(fn, *args, in_axes=in_axes))


# ---------------------------------------------------------------------------
# Every primitive of the rule table

@pytest.mark.parametrize("row", _table.UNARY, ids=lambda r: r.name)
def test_unary_rows(row):
    f = getattr(P, row.name)
    x = Tensor(grid(row.domain, (B, 2, 3)))
    check(f, x)
    check(f, x, in_axes=2)
    check(f, Tensor(grid(row.domain, (B,))))
    # its derivatives, batched: reverse, forward, second order
    check(ms.grad(lambda v: f(v).sum()), x)
    check(ms.jacfwd(f), Tensor(grid(row.domain, (B, 3))))
    check(ms.hessian(lambda v: f(v).sum()), Tensor(grid(row.domain, (B, 3))))


@pytest.mark.parametrize("row", _table.BINARY, ids=lambda r: r.name)
def test_binary_rows(row):
    f = getattr(P, row.name)
    if "sign(" in row.da:
        # maximum/minimum: values kept apart (ties switch the derivative)
        a, b = binary_values(row, (B, 2, 3), (B, 2, 3))
        check(f, Tensor(a), Tensor(b[0]), in_axes=(0, None))
        check(f, Tensor(a[:, 0]), Tensor(b[0]), in_axes=(0, None))
        check(ms.grad(lambda u, v: f(u, v).sum(), grad_position=(0, 1)), Tensor(a), Tensor(b))
        return
    a, b = binary_values(row, (B, 3), (2, 3))
    # a mapped operand of lower rank than the shared one, and both mapped
    check(f, Tensor(a), Tensor(b), in_axes=(0, None))
    a1, b1 = binary_values(row, (2, 3), (B, 3), 0.1)
    check(f, Tensor(a1), Tensor(b1), in_axes=(None, 0))
    a2, b2 = binary_values(row, (B, 2, 3), (3, B), 0.2)
    check(f, Tensor(a2), Tensor(b2), in_axes=(0, 1))
    a3, b3 = binary_values(row, (B,), (B, 3), 0.4)
    check(f, Tensor(a3), Tensor(b3))
    check(ms.grad(lambda u, v: f(u, v).sum(), grad_position=(0, 1)), Tensor(a2), Tensor(b2),
          in_axes=(0, 1))


# ---------------------------------------------------------------------------
# Structural primitives, activations, losses, layers

X = Tensor(grid((-2.0, 2.0), (B, 2, 3)))

STRUCTURAL = {
    "reshape": lambda x: ops.reshape(x, (3, 2)),
    "reshape_flat": lambda x: x.reshape(-1),
    "transpose": lambda x: ops.transpose(x, (1, 0)),
    "T": lambda x: x.T,
    "expand_dims": lambda x: ops.expand_dims(x, 1),
    "squeeze": lambda x: ops.squeeze(ops.expand_dims(x, 0), 0),
    "concat": lambda x: ops.concat((x, x * 2), 1),
    "concat_shared": lambda x: ops.concat((x, Tensor(np.ones((2, 1)))), 1),
    "stack": lambda x: ops.stack((x, Tensor(np.ones((2, 3)))), 2),
    "getitem": lambda x: x[1, ::2],
    "getitem_advanced": lambda x: x[:, np.array([2, 0, 2])],
    "getitem_mixed": lambda x: x[np.array([1, 0]), np.array([2, 1])],
    "where_shared_condition": lambda x: ops.where(Tensor(np.array([True, False, True])), x, 0.0),
    "where_mapped_condition": lambda x: ops.where(x > 0.5, x * x, -x),
    "cast": lambda x: ops.cast(x, ms.float32),
    "broadcast_to": lambda x: ops.broadcast_to(x[0], (4, 3)),
    "sum": lambda x: x.sum(),
    "sum_axis": lambda x: ops.sum(x, 1, keepdim=True),
    "mean": lambda x: x.mean(0),
    "max": lambda x: x.max(),
    "min_axis": lambda x: ops.amin(x, 1),
    "cumsum": lambda x: ops.cumsum(x, 1),
    "matmul": lambda x: ops.matmul(x, Tensor(np.arange(6.0).reshape(3, 2))),
    "matmul_left": lambda x: ops.matmul(Tensor(np.arange(4.0).reshape(2, 2)), x),
    "matmul_vector": lambda x: ops.matmul(x[0], Tensor(np.arange(3.0))),
    "matmul_self": lambda x: ops.matmul(x, x.T),
    "matmul_flags": lambda x: ops.MatMul(transpose_a=True)(x, x),
    "softmax": lambda x: ops.softmax(x, -1),
    "log_softmax": lambda x: ops.log_softmax(x, 0),
    "relu6": lambda x: ops.relu6(x * 4),
    "elu": lambda x: ops.elu(x),
    "selu": lambda x: ops.selu(x),
    "hardswish": lambda x: ops.hardswish(x * 3),
    "hardsigmoid": lambda x: ops.hardsigmoid(x * 3),
    "clip": lambda x: ops.clip(x, -0.5, 0.5),
    "clip_mapped_bound": lambda x: ops.clip(x, x[0, 0], 0.5),
    "softplus_threshold": lambda x: ops.softplus(x, beta=10, threshold=5),
    "leaky_relu": lambda x: ops.leaky_relu(x, 0.1),
    "gelu": lambda x: ops.gelu(x),
    "mse": lambda x: nn.MSELoss()(x, Tensor(np.ones((2, 3)))),
    "huber": lambda x: nn.HuberLoss()(x, Tensor(np.zeros((2, 3)))),
    "smooth_l1": lambda x: nn.SmoothL1Loss()(x, Tensor(np.zeros((2, 3)))),
    "compare": lambda x: ops.where((x > 0) & (x < 1.5), x, x * 0),
    "pow": lambda x: x ** 3 + abs(x) ** 2.5 + abs(x),
}


@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_structural_and_composed(name):
    f = STRUCTURAL[name]
    check(f, X)
    check(f, Tensor(np.moveaxis(arr(X), 0, 2)), in_axes=2)
    if name != "cast":
        check(ms.grad(lambda v: (f(v) * f(v)).sum()), X)
        check(ms.jacfwd(f), X)


def test_dense_mlp_and_its_derivatives():
    ms.set_seed(1)
    net = nn.SequentialCell(nn.Dense(2, 8, dtype=ms.float64), nn.Tanh(),
                            nn.Dense(8, 8, dtype=ms.float64), nn.Tanh(),
                            nn.Dense(8, 1, dtype=ms.float64))
    pts = Tensor(grid((-1.0, 1.0), (6, 2)))
    check(net, pts)
    # the network applied to one point (a 1-d input), and its derivatives per point
    point = lambda p: net(p.reshape(1, 2)).reshape(())
    check(point, pts)
    check(ms.grad(point), pts)
    check(ms.jacrev(point), pts)
    check(ms.jacfwd(point), pts)
    check(ms.hessian(point), pts)
    # the batched network's values equal the network on the (N, 2) batch
    np.testing.assert_allclose(arr(ms.vmap(point)(pts)), arr(net(pts))[:, 0], rtol=1e-14)


# ---------------------------------------------------------------------------
# in_axes / out_axes forms

A = Tensor(np.arange(24.0).reshape(2, 3, 4))
V = Tensor(np.arange(4.0) + 1)


def test_in_axes_forms():
    f = lambda a, b: a * b
    for axis in (0, 1, 2, -1, -3):
        check(lambda a: a * 2, A, in_axes=axis)
    check(f, A, V, in_axes=(2, 0))
    check(f, A, Tensor(np.arange(3.0)), in_axes=(-1, None))
    W = Tensor(np.arange(3.0))
    same(ms.vmap(f, in_axes=[2, None])(A, W), loop(f, A, W, in_axes=(2, None)))
    # a tuple argument with a nested tuple of axes, or one axis for the whole tuple
    g = lambda p, c: p[0] * p[1] + c
    same(ms.vmap(g, in_axes=((0, None), None))((A, V), Tensor(1.0)),
         loop(lambda a: g((a, V), Tensor(1.0)), A))
    same(ms.vmap(g, in_axes=(0, None))((A, A * 2), Tensor(1.0)),
         loop(lambda a, b: g((a, b), Tensor(1.0)), A, A * 2))
    # a Python number passed to every example
    same(ms.vmap(lambda a, s: a * s, in_axes=(0, None))(A, 3.0), arr(A) * 3.0)
    # a single-argument tuple of axes
    same(ms.vmap(lambda a: a * 2, in_axes=(1,))(A), loop(lambda a: a * 2, A, in_axes=1))


def test_out_axes_forms():
    want = loop(lambda a: a * 2, A)            # (2, 3, 4), mapped axis first
    for axis, moved in ((0, want), (1, np.moveaxis(want, 0, 1)), (2, np.moveaxis(want, 0, 2)),
                        (-1, np.moveaxis(want, 0, -1))):
        same(ms.vmap(lambda a: a * 2, out_axes=axis)(A), moved)
    same(ms.vmap(lambda a: a * 2, out_axes=(1,))(A), np.moveaxis(want, 0, 1))
    # tuple outputs: one axis each, or one for all
    two = ms.vmap(lambda a: (a, a.sum()), out_axes=(2, 0))(A)
    same(two, (np.moveaxis(arr(A), 0, 2), arr(A).sum(axis=(1, 2))))
    same(ms.vmap(lambda a: (a, a + 1), out_axes=1)(A),
         (np.moveaxis(arr(A), 0, 1), np.moveaxis(arr(A) + 1, 0, 1)))
    # an output the same for every example: repeated along the axis, or once with None
    same(ms.vmap(lambda a, b: (a, b * 2), in_axes=(0, None))(A, V),
         (arr(A), np.broadcast_to(arr(V) * 2, (2, 4))))
    same(ms.vmap(lambda a, b: (a, b * 2), in_axes=(0, None), out_axes=(0, None))(A, V),
         (arr(A), arr(V) * 2))
    same(ms.vmap(lambda a: Tensor(1.0))(A), np.ones(2, np.float32))
    same(ms.vmap(lambda a: 1.0)(A), np.ones(2, np.float32))
    # a list output keeps its type
    out = ms.vmap(lambda a: [a, a])(A)
    assert isinstance(out, list) and len(out) == 2


def test_cell_and_ops_vmap():
    ms.set_seed(0)
    net = nn.Dense(4, 2, dtype=ms.float64)
    same(ms.vmap(net)(A), loop(net, A))
    assert ops.vmap is ms.vmap


def test_float32_stays_float32():
    x = Tensor(grid((-1.0, 1.0), (B, 3)).astype(np.float32))
    check(lambda v: ops.tanh(v) * 2 + v.sum(), x)
    assert ms.vmap(lambda v: v * 2)(x).dtype == ms.float32


def test_integer_inputs():
    n = Tensor(np.arange(12).reshape(4, 3))
    check(lambda v: v * 2 + 1, n)
    check(lambda v: v // 2 + v % 3, n)
    check(lambda v: ops.where(v > 4, v, 0), n)


# ---------------------------------------------------------------------------
# Nesting and composition with the transforms

def per(p):
    return (ops.sin(p) * p).sum() + (p[0] * p[-1]) ** 2


PTS = Tensor(grid((-1.0, 1.0), (5, 3)))


def test_vmap_of_transforms():
    check(ms.grad(per), PTS)
    check(ms.jacrev(lambda p: ops.sin(p) * p.sum()), PTS)
    check(ms.jacfwd(lambda p: ops.sin(p) * p.sum()), PTS)
    check(ms.hessian(per), PTS)
    check(lambda p: ms.hvp(per, p, Tensor(np.array([1.0, -1.0, 0.5]))), PTS)
    check(lambda p: ms.jvp(per, p, Tensor(np.ones(3)))[1], PTS)
    check(lambda p: ms.vjp(lambda q: ops.sin(q) * q, p)[1](Tensor(np.ones(3)))[0], PTS)
    check(ms.grad(ms.grad(lambda p: (p ** 3).sum())), PTS)


def test_transforms_of_vmap():
    f = lambda x: ms.vmap(per)(x).sum()
    want = loop(ms.grad(per), PTS)
    same(ms.grad(f)(PTS), want)
    np.testing.assert_allclose(arr(ms.jacrev(ms.vmap(per))(PTS)),
                               arr(ms.jacfwd(ms.vmap(per))(PTS)), rtol=1e-13, atol=1e-15)
    hess = arr(ms.hessian(f)(PTS))           # block diagonal: one block per example
    blocks = loop(ms.hessian(per), PTS)
    for i in range(PTS.shape[0]):
        np.testing.assert_allclose(hess[i, :, i, :], blocks[i], rtol=1e-13, atol=1e-14)
    check_grads(f, (PTS,), order=2, modes=("fwd", "rev"))
    check_grads(lambda x: ms.vmap(lambda p: ops.softmax(p) * ops.relu6(p * 5))(x), (PTS,),
                order=1)


def test_nested_vmap():
    g = lambda a: (ops.exp(a) * a).sum()
    same(ms.vmap(ms.vmap(g))(A), np.stack([loop(g, Tensor(a)) for a in arr(A)]))
    same(ms.vmap(ms.vmap(g, in_axes=1), in_axes=2)(A),
         np.stack([loop(g, Tensor(a), in_axes=1) for a in np.moveaxis(arr(A), 2, 0)]))
    # the inner vmap maps a value the outer one does not, and the two meet
    h = lambda a: ms.vmap(lambda b: a * b)(V)
    same(ms.vmap(h)(A[0]), np.stack([[arr(A[0])[i] * v for v in arr(V)]
                                     for i in range(3)]))
    same(ms.vmap(ms.vmap(ms.grad(g)))(A), np.stack([loop(ms.grad(g), Tensor(a))
                                                    for a in arr(A)]))
    same(ms.grad(lambda a: ms.vmap(ms.vmap(g))(a).sum())(A), np.exp(arr(A)) * (arr(A) + 1))


def test_laplacian_and_partial_of_a_vmapped_point_function():
    u = lambda p: ops.sin(p[0]) * ops.exp(p[1]) + p[0] ** 3 * p[1]
    pts = Tensor(grid((-1.0, 1.0), (7, 2)))
    lap = ms.laplacian(ms.vmap(u))(pts)
    want = loop(lambda p: ms.hessian(u)(p).asnumpy().trace(), pts)
    np.testing.assert_allclose(arr(lap), want, rtol=1e-13, atol=1e-14)
    uxy = ms.partial(ms.vmap(u), 0, 1)(pts)
    np.testing.assert_allclose(arr(uxy), loop(lambda p: ms.hessian(u)(p)[0, 1], pts),
                               rtol=1e-13, atol=1e-14)
    # and vmap of a laplacian: one set of points per example
    sets = Tensor(grid((-1.0, 1.0), (3, 7, 2)))
    check(ms.laplacian(ms.vmap(u)), sets)


def test_no_perturbation_confusion():
    # d/dx of sum_i x * y_i, with the mapped y_i boxed inside the derivative
    ys = Tensor(np.array([1.0, 2.0, 4.0]))
    x0 = Tensor(np.array(3.0))
    assert ms.grad(lambda x: ms.vmap(lambda y: x * y)(ys).sum())(x0).asnumpy() == 7.0
    # a derivative inside vmap of a function closing over the mapped value
    f = lambda y: ms.grad(lambda x: x * x * y)(Tensor(np.array(2.0)))
    same(ms.vmap(f)(ys), np.array([4.0, 8.0, 16.0]))
    # d/dx [x * d/dy (x * y)] = 2x: the inner derivative must not see the outer x
    g = lambda x: ms.vmap(lambda xx: xx * ms.grad(lambda y: xx * y)(Tensor(np.array(1.0))))(x)
    same(ms.vmap(ms.grad(lambda x: g(x.reshape(1)).sum()))(ys), 2 * arr(ys))


# ---------------------------------------------------------------------------
# Vectorized, not looped

def test_common_path_runs_each_primitive_once(monkeypatch):
    calls = {"matmul": 0, "tanh": 0, "getitem": 0}
    mm_impl = _structural.MatMul.impl
    gi_impl = _structural.GetItem.impl

    def count_mm(self, *a, **k):
        calls["matmul"] += 1
        return mm_impl(self, *a, **k)

    def count_gi(self, *a, **k):
        calls["getitem"] += 1
        return gi_impl(self, *a, **k)

    monkeypatch.setattr(_structural.MatMul, "impl", count_mm)
    monkeypatch.setattr(_structural.GetItem, "impl", count_gi)
    ms.set_seed(0)
    net = nn.SequentialCell(nn.Dense(2, 16, dtype=ms.float64), nn.Tanh(),
                            nn.Dense(16, 1, dtype=ms.float64))
    point = lambda p: net(p.reshape(1, 2)).sum()
    pts = Tensor(grid((-1.0, 1.0), (256, 2)))
    ms.vmap(point)(pts)
    assert calls == {"matmul": 2, "tanh": 0, "getitem": 0}
    calls["matmul"] = 0
    ms.vmap(ms.grad(point))(pts)
    assert calls["matmul"] <= 5 and calls["getitem"] == 0     # forward 2, backward 2 or 3


def test_custom_bprop_runs_per_example_and_is_correct():
    class Sq(nn.Cell):
        def construct(self, x):
            return x * x

        def bprop(self, x, out, dout):
            return (2 * x * dout,)

    sq = Sq()
    check(sq, X)
    check(ms.grad(lambda v: sq(v).sum()), X)


# ---------------------------------------------------------------------------
# Bad input

def test_errors():
    f = lambda a, b: a + b
    with pytest.raises(TypeError, match="fn"):
        ms.vmap(3)
    with pytest.raises(ValueError, match="in_axes.*2.*1"):
        ms.vmap(f, in_axes=(0,))(A, V)
    with pytest.raises(ValueError, match="in_axes: axis 3 of argument\\[0\\]"):
        ms.vmap(lambda a: a, in_axes=3)(A)
    with pytest.raises(ValueError, match="in_axes: axis -4"):
        ms.vmap(lambda a: a, in_axes=-4)(A)
    with pytest.raises(ValueError, match="out_axes: axis 3"):
        ms.vmap(lambda a: a, out_axes=3)(A)
    with pytest.raises(ValueError, match="same size.*2.*4"):
        ms.vmap(f)(A, V)
    with pytest.raises(ValueError, match="in_axes: cannot be all None"):
        ms.vmap(f, in_axes=(None, None))(A, V)
    with pytest.raises(ValueError, match="in_axes: cannot be a single None"):
        ms.vmap(f, in_axes=None)
    with pytest.raises(ValueError, match="out_axes: cannot be a single None"):
        ms.vmap(f, out_axes=None)
    with pytest.raises(TypeError, match="in_axes"):
        ms.vmap(f, in_axes="0")
    with pytest.raises(TypeError, match="in_axes"):
        ms.vmap(f, in_axes=1.0)
    with pytest.raises(TypeError, match="out_axes"):
        ms.vmap(f, out_axes=(0, True))
    with pytest.raises(ValueError, match="out_axes.*2 element.*3"):
        ms.vmap(lambda a: (a, a), out_axes=(0, 0, 0))(A)
    with pytest.raises(ValueError, match="in_axes.*0-d"):
        ms.vmap(lambda a: a)(Tensor(1.0))
    with pytest.raises(TypeError, match="in_axes: argument\\[1\\] is mapped but is a float"):
        ms.vmap(f)(A, 2.0)
    with pytest.raises(ValueError, match="out_axes: fn's output\\[1\\] differs"):
        ms.vmap(lambda a: (a, a), out_axes=(0, None))(A)
    with pytest.raises(TypeError, match="Python control flow"):
        ms.vmap(lambda a: a if a.sum() > 3 else -a)(A)
    with pytest.raises(TypeError, match="fn must return Tensors"):
        ms.vmap(lambda a: "x")(A)


def test_constructors_and_indices_per_example():
    check(lambda v: ops.zeros_like(v) + ops.ones_like(v) * v + ops.full_like(v, 2.0), X)
    for axis, keep in ((None, False), (1, False), (-1, True), (0, True)):
        check(lambda v: ops.max(v, axis, keep)[1], X)
        check(lambda v: ops.min(v, axis, keep)[0], X)


def test_mapped_index_arrays_beside_other_arrays_are_refused():
    idx = Tensor(np.array([[0, 1], [1, 2], [2, 0], [0, 0]]))
    with pytest.raises(NotImplementedError, match="only array of the index"):
        ms.vmap(lambda v, i: v[np.array([0, 1]), i])(X, idx)
    with pytest.raises(NotImplementedError, match="boolean mask"):
        ms.vmap(lambda v: v[v > 0])(X)
    with pytest.raises(TypeError, match="integer or boolean"):
        ms.vmap(lambda v: v[0, v[0, 0] * 0])(X)
    with pytest.raises(IndexError, match="out of range"):
        ms.vmap(lambda v, i: v[0, i + 1])(X, idx)
    with pytest.raises(ValueError, match="input_indices must lie in"):
        ms.vmap(lambda v, i: ops.gather(v, i, 0))(X, idx)


def test_tensor_arg_methods_and_norms_per_example():
    Z = Tensor(np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]))
    for axis, keep in ((None, False), (None, True), (0, False), (-1, True)):
        check(lambda v: v.argmax(axis, keep), X)
        check(lambda v: v.argmin(axis, keep), X)
    check(lambda v: v.max(1, True)[1], X)
    check(lambda v: ops.norm(v), Z)
    check(lambda v: ops.norm(v, 0.5), Z)
    check(ms.grad(lambda v: ops.norm(v) + ops.norm(v, 3.0)), Z)


def test_comparisons_logic_and_counts_per_example():
    # The ops written with NumPy on values (dualgrad._logic) compute each
    # example's result under vmap rather than mixing the examples.
    B = Tensor(np.array([[1.0, -1.0, 0.0], [np.inf, -np.inf, 2.0], [0.0, 0.0, 0.0]]))
    c = Tensor(np.array([1.0, 0.0, 0.0]))
    for name in ("eq", "ne", "gt", "ge", "lt", "le", "equal", "greater", "logical_and",
                 "logical_or", "logical_xor"):
        fn = getattr(ops, name)
        check(lambda v: fn(v, c), B)
        check(lambda v: fn(c, v), B)
    for name in ("logical_not", "isneginf", "isposinf", "isnan", "isinf", "isfinite"):
        check(getattr(ops, name), B)
    check(lambda v: ops.heaviside(v, c), B)
    check(lambda v: ops.isclose(v, c), B)
    check(lambda v: ops.isclose(c + 1e-3, v, rtol=0.0, atol=1e-2, equal_nan=True), B)
    check(lambda v, w: ops.isclose(v, w), B, Tensor(arr(B) + 1e-6), in_axes=(0, 1))
    for axis, keep in ((None, False), ((), True), (0, False), ((0, 1), True)):
        check(lambda v: ops.all(v > 0, axis, keep), X)
        check(lambda v: ops.any(v > 1, axis, keep), X)
        check(lambda v: ops.count_nonzero(v > 0, axis, keep), X)
    for axis, keep in ((None, False), (None, True), (1, False), (-1, True)):
        check(lambda v: ops.argmax(v, axis, keep), X)
        check(lambda v: ops.argmin(v, axis, keep), X)


def test_repeat_interleave_with_counts_per_example():
    counts = Tensor(np.array([[1, 2, 0], [0, 0, 3], [3, 0, 0], [1, 1, 1]]))
    f = lambda v, r: ops.repeat_interleave(v, r, 1)
    check(f, X, counts)
    check(f, X[0], counts, in_axes=(None, 0))
    check(lambda v, r: ops.repeat_interleave(v, r[0] * 0 + 2), X, counts)
    derivatives_per_example(f, X, counts)
    # one batch holds the results: their lengths must agree
    with pytest.raises(ValueError, match="add up to one length"):
        ms.vmap(f)(X, Tensor(np.array([[1, 2, 0], [0, 0, 3], [3, 0, 0], [1, 1, 2]])))


def test_second_order_through_per_example_selections():
    # where() with each example's own condition, under hyper-dual and
    # forward-over-reverse passes
    u = lambda p: (ops.hardswish(p * 2) + ops.elu(p) + ops.clip(p * p, p[0], 0.5)).sum()
    pts = Tensor(grid((-1.5, 1.5), (7, 3)))
    want = loop(lambda p: ms.hessian(u)(p).asnumpy().trace(), pts)
    np.testing.assert_allclose(arr(ms.laplacian(ms.vmap(u))(pts)), want, rtol=1e-13,
                               atol=1e-13)
    check(ms.hessian(u), pts)
    check(ms.jacfwd(ms.grad(u)), pts)


# ---------------------------------------------------------------------------
# Functions computing with values outside the primitives, each example's own

# per-example indices into an axis of 3 (negative ones included)
IDX = Tensor(np.array([[0, 2, 1], [2, 2, 0], [1, 0, -1], [-3, 1, 2]]))
X3 = Tensor(grid((-2.0, 2.0), (B, 2, 2, 3)))


def derivatives_per_example(f, *args, in_axes=0):
    """f's reverse, forward and second derivatives in its first argument, mapped,
    equal the loop's; and grad of the vmapped f equals the loop of grads."""
    check(ms.grad(lambda v, *rest: (f(v, *rest) ** 2).sum()), *args, in_axes=in_axes)
    check(ms.jacfwd(f), *args, in_axes=in_axes)
    check(ms.hessian(lambda v, *rest: (f(v, *rest) ** 3).sum()), *args, in_axes=in_axes)
    mapped = lambda v: (ms.vmap(f, in_axes=in_axes)(v, *args[1:]) ** 2).sum()
    same(ms.grad(mapped)(args[0]),
         loop(ms.grad(lambda v, *rest: (f(v, *rest) ** 2).sum()), *args, in_axes=in_axes))


GATHERS = {
    "gather": lambda v, i: ops.gather(v, i, 1),
    "gather_axis0": lambda v, i: ops.gather(v, i[:2] % 2, 0),
    "gather_batch_dims": lambda v, i: ops.gather(v, ops.stack((i[:2], i[1:])), 1, 1),
    "index_select": lambda v, i: ops.index_select(v, 1, i),
    "gather_elements": lambda v, i: ops.gather_elements(v, 1, ops.stack((i, i[::-1]))[:, :2]),
    "getitem": lambda v, i: v[:, i],
    "getitem_int_first": lambda v, i: v[1, i],
    "getitem_ellipsis": lambda v, i: v[..., None, i],
    "getitem_2d_index": lambda v, i: v[i[:2] % 2],
    "getitem_tensor_index_method": lambda v, i: v[i[0] % 2][i],
}


@pytest.mark.parametrize("name", sorted(GATHERS))
def test_gathers_with_indices_per_example(name):
    f = GATHERS[name]
    check(f, X, IDX)
    check(f, X, IDX[1], in_axes=(0, None))           # the same indices for each example
    check(f, X[0], IDX, in_axes=(None, 0))           # the same input, each its indices
    check(f, Tensor(np.moveaxis(arr(X), 0, 2)), Tensor(arr(IDX).T), in_axes=(2, 1))
    derivatives_per_example(f, X, IDX)


def test_getitem_with_apart_advanced_items_puts_their_axes_first():
    f = lambda v, i: v[0, :, i]                      # (NumPy: the array's axes first)
    check(f, X3, IDX)
    derivatives_per_example(f, X3, IDX)


def test_gather_under_nested_vmap_and_derivative_orders():
    f = lambda v, i: ops.gather(v, i, 1)
    idx2 = Tensor(np.stack([arr(IDX), arr(IDX)[::-1]]))      # (2, B, 3)
    xs = Tensor(np.stack([arr(X), -arr(X)]))                  # (2, B, 2, 3)
    same(ms.vmap(ms.vmap(f))(xs, idx2),
         np.stack([loop(f, Tensor(a), Tensor(i)) for a, i in zip(arr(xs), arr(idx2))]))
    same(ms.vmap(ms.vmap(f), in_axes=(0, None))(xs, IDX),
         np.stack([loop(f, Tensor(a), IDX) for a in arr(xs)]))
    g = ms.grad(lambda v, i: (f(v, i) ** 3).sum())
    same(ms.vmap(ms.vmap(g))(xs, idx2),
         np.stack([loop(g, Tensor(a), Tensor(i)) for a, i in zip(arr(xs), arr(idx2))]))
    check_grads(lambda v: ms.vmap(f)(v, IDX), (X,), order=2, modes=("fwd", "rev"))
    check_grads(lambda v: ms.vmap(lambda w, i: w[0, i])(v, IDX), (X,), order=2)


# rows with ties, in a different order in each example
TIES = Tensor(np.array([[[3.0, 1.0, 3.0, -2.0], [0.5, 0.5, -1.0, 2.0]],
                        [[-1.0, 4.0, 4.0, 0.0], [2.0, -3.0, 2.0, 2.0]],
                        [[0.0, 0.0, 0.0, 1.0], [1.5, -0.5, 0.25, -2.0]],
                        [[2.0, -2.0, 1.0, 5.0], [-1.0, -1.0, 3.0, 3.0]]]))
SORTS = {
    "sort": lambda v: ops.sort(v),
    "sort_axis0_descending": lambda v: ops.sort(v, 0, True),
    "topk": lambda v: ops.topk(v, 2),
    "topk_smallest_dim0": lambda v: ops.topk(v, 1, 0, largest=False),
    "cummax": lambda v: ops.cummax(v, 1),
    "cummin": lambda v: ops.cummin(v, 0),
}


@pytest.mark.parametrize("name", sorted(SORTS))
def test_sorts_per_example(name):
    f = SORTS[name]
    check(f, TIES)
    check(f, Tensor(np.moveaxis(arr(TIES), 0, 2)), in_axes=2)
    weights = Tensor(np.arange(1.0, 9.0).reshape(2, 4))
    values = lambda v: f(v)[0] * weights[:, :f(v)[0].shape[1]] if len(f(v)[0].shape) == 2 \
        else f(v)[0]
    derivatives_per_example(values, TIES)
    same(ms.vmap(ms.vmap(f))(Tensor(np.stack([arr(TIES), -arr(TIES)]))),
         tuple(np.stack(parts) for parts in zip(*[loop(f, Tensor(t))
                                                  for t in (arr(TIES), -arr(TIES))])))
    check_grads(lambda v: ms.vmap(values)(v), (X,), order=2, modes=("fwd", "rev"))


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")   # (NaN and inf in Z)
def test_masks_and_values_tests_per_example():
    Z = Tensor(np.array([[[0.0, np.nan, 1.0], [np.inf, -2.0, 0.0]],
                         [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                         [[-np.inf, 0.0, 0.5], [0.0, np.nan, -1.0]],
                         [[0.0, 0.0, 2.0], [-3.0, 0.0, 1.0]]]))
    mask = Tensor(arr(X) > 0)
    check(lambda v, m: ops.masked_fill(v, m, 0.5), X, mask)
    check(lambda v, m: ops.masked_fill(v, m, 0.5), X[0], mask, in_axes=(None, 0))
    check(lambda v, m: ops.masked_fill(v, m[0], -1.0), X, mask)
    derivatives_per_example(lambda v, m: ops.masked_fill(v, m, 0.5), X, mask)
    check(lambda v: ops.nansum(v, 1), Z)
    check(lambda v: ops.nan_to_num(v, neginf=-9.0), Z)
    check(ms.grad(lambda v: ops.nansum(v * v) + ops.nan_to_num(v * 3).sum()), Z)
    check(lambda v, w: ops.xlogy(v, w), Z, X[0], in_axes=(0, None))
    check(lambda v, w: ops.xlogy(v, w), ops.abs(X), Z)
    derivatives_per_example(lambda v, w: ops.xlogy(v, w), X,
                            Tensor(np.maximum(arr(X)[::-1], 0.0)))
    check(lambda v, w: ops.logaddexp(v, w), Z, Z[2], in_axes=(0, None))
    derivatives_per_example(lambda v: ops.logaddexp(v, v * 2 - 1), X)
    check(lambda v: ops.norm(v, 0, 1), Z)
    check(lambda v: ops.nansum(v), Tensor(np.arange(24).reshape(B, 2, 3) % 5))


def test_integer_functions_per_example():
    N = Tensor(np.array([[[3, -7, 0], [2, 5, -4]], [[-1, 0, 6], [7, -3, 2]],
                         [[4, 4, -4], [1, 0, 0]], [[-5, 2, 3], [0, 1, -1]]]))
    D = Tensor(np.array([[2, -3, 5], [-2, 4, 3], [3, 3, -1], [1, -2, 7]]))
    check(lambda v, d: ops.div(v, d, rounding_mode="trunc"), N, D)
    check(lambda v: ops.div(v, 3, rounding_mode="trunc"), N)
    check(lambda v: ops.div(-17, v[0] + 10, rounding_mode="trunc"), N)
    check(lambda v, d: ops.floor_divide(v, d), N, D)
    check(lambda v: ops.prod(v, 1), N)
    check(lambda v: ops.prod(v), N)
    check(lambda v: ops.cumprod(v, 1), N)
    check(lambda v: ops.diff(v, 1, 0), N)
    check(lambda v: ops.tril(v) + ops.triu(v, 1) * 10, N)
    check(lambda v: ops.tril(v > 0), N)
    check(lambda v: ops.trace(v), N)
    check(lambda v: ops.diag(v[0]), N)
    check(lambda v: ops.round(v) + ops.frac(v), N)
    # MindSpore's dtype rules for integer Tensors hold for each example too
    for f in (ops.sin, ops.neg, ops.abs, ops.square, ops.relu, ops.sign, ops.trunc,
              lambda v: v * 0.5, lambda v: v / 2, lambda v: 2.5 - v, lambda v: v + X[0, 0],
              lambda v: ops.relu(v > 0), lambda v: ops.abs(v > 0)):
        check(f, N)
    check(lambda v: v.mean(), N)                     # (an integer mean truncates)
    check(lambda v: v.mean(1) + ops.cast(v * 2.5, ms.int32).sum(), N)
    check(lambda v: ops.one_hot(v[0] % 3, 3, Tensor(1.0), Tensor(0.0)), N)
    check(lambda v: ops.one_hot(v % 4, 4, Tensor(1.0), Tensor(0.0), 0), N)


def test_det_and_inverse_pivot_per_example():
    # each example needs other row exchanges (a zero pivot in the first two)
    A = Tensor(np.array([[[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [2.0, 0.0, 3.0]],
                         [[1.0, 2.0, 0.0], [0.0, 0.0, 1.0], [3.0, 1.0, 1.0]],
                         [[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]],
                         [[0.5, -1.0, 2.0], [2.0, 1.0, -1.0], [-1.0, 3.0, 1.0]]]))
    check(ops.det, A)
    check(ops.inverse, A)
    check(ops.det, Tensor(np.moveaxis(arr(A), 0, 1)), in_axes=1)
    derivatives_per_example(ops.det, A)
    derivatives_per_example(ops.inverse, A)
    check_grads(lambda a: ms.vmap(ops.det)(a), (A,), order=2, modes=("fwd", "rev"))
    pairs = Tensor(np.stack([arr(A), arr(A)[::-1]]))
    same(ms.vmap(ms.vmap(ops.det))(pairs), np.stack([loop(ops.det, Tensor(a)) for a in arr(pairs)]))


def test_reading_mapped_values_inside_vmap_is_refused():
    for read in (lambda t: t.asnumpy(), lambda t: t.item(), lambda t: t.tolist(), float, int,
                 bool, np.asarray, lambda t: [0, 1][t.astype(ms.int64)], lambda t: f"{t:.3f}"):
        with pytest.raises(TypeError, match="vmap"):
            ms.vmap(lambda v: read(v.sum()))(X)
    # an unmapped Tensor reads as always; printing a mapped one says what it is
    seen = []
    ms.vmap(lambda v, w: seen.append((w.asnumpy().sum(), repr(v))) or v, in_axes=(0, None))(X, X)
    assert seen == [(arr(X).sum(), "Tensor(shape=[2, 3], dtype=Float64, value=<mapped by vmap: "
                                   "differs between the examples>)")]
    assert ms.vmap(lambda v: (v.nbytes + v * 0))(X).shape == (B, 2, 3)


def test_unmapped_input_with_mapped_indices_and_hyper_dual_passes():
    f = lambda v, i: ops.gather(v, i, 1) * v[:, :1]
    # the input is shared, so its gradient sums the examples' (a scatter-add each)
    got = ms.grad(lambda v: (ms.vmap(f, in_axes=(None, 0))(v, IDX) ** 2).sum())(X[0])
    want = loop(ms.grad(lambda v, i: (f(v, i) ** 2).sum()), X[0], IDX, in_axes=(None, 0))
    same(got, want.sum(0))
    # a Laplacian (collapsed hyper-dual) of a mapped function that gathers and sorts
    u = lambda p, i: (ops.gather(p, i, 0) ** 3).sum() + (ops.sort(p)[0] * p[::-1]).sum()
    pts, idx = Tensor(grid((-1.5, 1.5), (B, 3))), Tensor(arr(IDX) % 3)
    want = loop(lambda p, i: ms.hessian(lambda q: u(q, i))(p).asnumpy().trace(), pts, idx)
    np.testing.assert_allclose(arr(ms.laplacian(lambda p: ms.vmap(u)(p, idx))(pts)), want,
                               rtol=1e-13, atol=1e-13)


def test_per_example_gathers_and_orders_run_once_on_the_batch(monkeypatch):
    from dualgrad import _linalg, _vmap
    calls = {"take": 0, "put": 0, "pivoting": 0}

    def counted(fn, name):
        def counting(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return counting

    monkeypatch.setattr(_vmap._Take, "impl", counted(_vmap._Take.impl, "take"))
    monkeypatch.setattr(_vmap._Put, "impl", counted(_vmap._Put.impl, "put"))
    monkeypatch.setattr(_linalg, "_pivoting", counted(_linalg._pivoting, "pivoting"))
    xs = Tensor(grid((-1.0, 1.0), (64, 3, 3)))
    ms.vmap(ms.grad(lambda v, i: (ops.sort(v)[0] * ops.gather(v, i, 1)).sum()))(
        xs, Tensor(np.arange(64 * 3).reshape(64, 3) % 3))
    assert calls == {"take": 2, "put": 2, "pivoting": 0}
    ms.vmap(ops.det)(xs + Tensor(3 * np.eye(3)))
    assert calls["pivoting"] == 1


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")   # (NaN and inf in the data)
def test_value_functions_on_other_axes_and_under_nested_vmap():
    rng = np.random.RandomState(3)
    data = np.round(rng.randn(3, B, 2, 3), 1)
    data[0, 1, 0, 2], data[1, 2, 1, 0], data[2, 0, 0, 0] = np.nan, np.inf, 0.0
    counts = np.abs(np.round(data * 2)).astype(np.int64) % 4
    fns = [lambda v: ops.nan_to_num(v, posinf=7.0), lambda v: ops.nansum(v, 0),
           lambda v: ops.isclose(v, v * 0 + 0.5, atol=0.6),
           lambda v: ops.masked_fill(v, v > 0, 1.5), lambda v: ops.xlogy(v, v * v),
           lambda v: ops.sort(v, 0)[1], lambda v: ops.cummin(v, 1)[0],
           lambda v: ops.logaddexp(v, -v)]
    for f in fns:
        check(f, Tensor(np.moveaxis(data[0], 0, 1)), in_axes=1)
        same(ms.vmap(ms.vmap(f), in_axes=1)(Tensor(np.moveaxis(data, 0, 1))),
             np.stack([loop(f, Tensor(d)) for d in data]))
    for f in (lambda n: ops.div(n, 3, rounding_mode="trunc") - n, lambda n: ops.prod(n, 1),
              lambda n: ops.diff(n, 2)):
        same(ms.vmap(ms.vmap(f))(Tensor(counts - 2)),
             np.stack([loop(f, Tensor(c)) for c in counts - 2]))
