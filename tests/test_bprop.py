"""Cell.bprop in every mode, and bprop cells with tuple outputs.

A bprop defines the transposed Jacobian dout ↦ Jᵀ·dout; forward modes use its
transpose and second orders its derivative.  Checked three ways: a bprop
that returns the true derivative gives what the plain cell gives (to 1e-12 in
float64) in every operator; "fake" bprops give the derivatives of the
function whose first derivative they define; finite differences
(check_grads).  tests/oracle/programs.py compares the MindSpore-visible cases
with MindSpore 2.10 itself.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, nn, ops
from dualgrad.testing import check_grads

F64 = ms.float64
RNG = np.random.default_rng(7)
POINTS = Tensor(RNG.normal(size=(4, 2)), dtype=F64)
DIRECTION = Tensor(RNG.normal(size=(4, 2)), dtype=F64)
W_IN = RNG.normal(size=(2, 3))
W_LAYER = RNG.normal(size=(3, 3)) * 0.7


def close(actual, expected, rtol=1e-12):
    """Every leaf of two results equal to rtol (relative to each leaf's largest value)."""
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)) and len(actual) == len(expected)
        for a, e in zip(actual, expected):
            close(a, e, rtol)
        return
    a, e = np.asarray(actual.asnumpy()), np.asarray(expected.asnumpy())
    assert a.shape == e.shape and a.dtype == e.dtype
    np.testing.assert_allclose(a, e, rtol=rtol, atol=rtol * max(1.0, np.abs(e).max()))


# ---------------------------------------------------------------------------
# Cells: each plain one and a subclass whose bprop returns the true derivative

class Layer(nn.Cell):
    """tanh(x @ W), row by row; its bprop reads ``out``."""

    def __init__(self):
        super().__init__()
        self.w = Tensor(W_LAYER, dtype=F64)

    def construct(self, x):
        return ops.tanh(ops.matmul(x, self.w))


class LayerBprop(Layer):
    def bprop(self, x, out, dout):
        return (ops.matmul(dout * (1 - out * out), self.w.T),)


class SinTimes(nn.Cell):
    """Two inputs: sin(x) * y."""

    def construct(self, x, y):
        return ops.sin(x) * y


class SinTimesBprop(SinTimes):
    def bprop(self, x, y, out, dout):
        return (dout * ops.cos(x) * y, dout * ops.sin(x))


class SinSquare(nn.Cell):
    """Two outputs: (sin(x), x²)."""

    def construct(self, x):
        return ops.sin(x), x * x


class SinSquareBprop(SinSquare):
    def bprop(self, x, out, dout):
        return (dout[0] * ops.cos(x) + dout[1] * 2 * x,)


class Model(nn.Cell):
    """A row-wise PINN-style network through the three kinds of cell, with weights."""

    def __init__(self, custom):
        super().__init__()
        self.w_in = Parameter(Tensor(W_IN, dtype=F64), name="w_in")
        self.layer = LayerBprop() if custom else Layer()
        self.sin_times = SinTimesBprop() if custom else SinTimes()
        self.sin_square = SinSquareBprop() if custom else SinSquare()

    def construct(self, x):
        h = self.layer(ops.matmul(x, self.w_in))
        s, q = self.sin_square(h)
        return (s * q + self.sin_times(h, s) * 0.5).sum(axis=1)


PLAIN, CUSTOM = Model(False), Model(True)


def both(make):
    """make(model) for the plain and the custom model."""
    return make(PLAIN), make(CUSTOM)


def total(model):
    return lambda x: model(x).sum()


# ---------------------------------------------------------------------------
# A true bprop gives exactly what the plain cell gives, in every operator

OPERATORS = {
    "grad": lambda m: ms.grad(total(m))(POINTS),
    "jvp": lambda m: ms.jvp(m, POINTS, DIRECTION),
    "jacfwd": lambda m: ms.jacfwd(m)(POINTS),
    "hvp": lambda m: ms.hvp(total(m), POINTS, DIRECTION),
    "hvp_weights": lambda m: ms.hvp(total(m), POINTS, Tensor(np.ones((2, 3))), None,
                                    m.w_in),
    "hessian": lambda m: ms.hessian(total(m))(POINTS),
    "grad_grad": lambda m: ms.grad(ms.grad(total(m)))(POINTS),
    "laplacian": lambda m: ms.laplacian(m, lower=True)(POINTS),
    "laplacian_coords": lambda m: ms.laplacian(m, coords=(1,))(POINTS),
    "laplacian_estimate": lambda m: ms.laplacian_estimate(m, 2, seed=0)(POINTS),
    "partial": lambda m: ms.partial(m, 0, lower=True)(POINTS),
    "partial_mixed": lambda m: ms.partial(m, 0, 1, lower=True)(POINTS),
    "partial_third": lambda m: ms.partial(m, 0, 1, 0, lower=True)(POINTS),
    "point_hessian": lambda m: ms.point_hessian(m, lower=True)(POINTS),
    "derivative1": lambda m: ops.derivative(m, POINTS, 1),
    "derivative2": lambda m: ops.derivative(m, POINTS, 2),
    "derivative3": lambda m: ops.derivative(m, POINTS, 3),
    "derivative5": lambda m: ops.derivative(m, POINTS, 5),
    "jet": lambda m: ops.jet(m, POINTS, ops.stack([DIRECTION, POINTS, DIRECTION * 0.5])),
    "partial_taylor": lambda m: ms.partial(m, 0, 0, 0, 1, lower=True)(POINTS),
    "bilaplacian": lambda m: ms.bilaplacian(m, lower=True)(POINTS),
    "jvp_of_jvp": lambda m: ms.jvp(lambda x: ms.jvp(m, x, DIRECTION)[1], POINTS,
                                   POINTS * 0.5),
    "grad_of_jvp": lambda m: ms.grad(lambda x: ms.jvp(m, x, DIRECTION)[1].sum())(POINTS),
    "jvp_of_grad": lambda m: ms.jvp(ms.grad(total(m)), POINTS, DIRECTION),
    # reverse over the hyper-dual pass: a PINN loss's gradient with respect to weights
    "laplacian_loss_weights": lambda m: ms.grad(
        lambda x: (ms.laplacian(m)(x) ** 2).sum(), None, m.w_in)(POINTS),
    "point_hessian_weights": lambda m: ms.grad(
        lambda x: ms.point_hessian(m)(x).sum(), None, m.w_in)(POINTS),
    # reverse over a Taylor pass
    "taylor_loss_weights": lambda m: ms.grad(
        lambda x: (ms.partial(m, 1, 1, 1)(x) ** 2).sum(), None, m.w_in)(POINTS),
    "bilaplacian_loss_weights": lambda m: ms.grad(
        lambda x: (ms.bilaplacian(m)(x) ** 2).sum(), None, m.w_in)(POINTS),
}


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_a_true_bprop_matches_the_plain_cell(name):
    plain, custom = both(OPERATORS[name])
    close(custom, plain)


def test_a_true_bprop_with_two_inputs_matches_in_batched_forward_mode():
    x, y = POINTS, POINTS * 0.3 + 1
    plain, custom = (ms.jacfwd(cell, (0, 1))(x, y) for cell in (SinTimes(), SinTimesBprop()))
    close(custom, plain)
    plain, custom = (ms.hessian(lambda a, b: cell(a, b).sum(), (0, 1))(x, y)
                     for cell in (SinTimes(), SinTimesBprop()))
    close(custom, plain)


def test_tuple_outputs_match_in_every_mode():
    x, v = POINTS[0], DIRECTION[0]
    for run in (lambda c: ms.jvp(c, x, v), lambda c: ms.jacfwd(c)(x),
                lambda c: ms.jacrev(c)(x), lambda c: ms.vjp(c, x)[1]((v, v * 2)),
                lambda c: ms.grad(lambda a: c(a)[1].sum())(x),
                lambda c: ms.hessian(lambda a: (c(a)[0] * c(a)[1]).sum())(x)):
        close(run(SinSquareBprop()), run(SinSquare()))


def test_finite_differences():
    x = Tensor([0.3, -1.1, 0.8], dtype=F64)
    y = Tensor([1.2, 0.4, -0.7], dtype=F64)
    modes = ("fwd", "rev", "hyper")
    check_grads(SinSquareBprop(), (x,), order=2, modes=modes)
    check_grads(SinTimesBprop(), (x, y), order=2, modes=modes)
    check_grads(LayerBprop(), (Tensor(POINTS.asnumpy() @ W_IN),), order=2, modes=modes)
    check_grads(CUSTOM, (POINTS,), order=2, modes=modes, weights=[CUSTOM.w_in])


# ---------------------------------------------------------------------------
# Fake bprops: the derivatives of the function whose first derivative they define

class FakeCube(nn.Cell):
    """x³ declared to have the derivative 4x: every second derivative is 4."""

    def construct(self, x):
        return x * x * x

    def bprop(self, x, out, dout):
        return (4 * x * dout,)


class DoubledExp(nn.Cell):
    """exp with the derivative 2·out: the second derivative is 2·(2·out) = 4·exp."""

    def construct(self, x):
        return ops.exp(x)

    def bprop(self, x, out, dout):
        return (out * dout * 2.0,)


X = Tensor([1.0, 2.0, -0.5], dtype=F64)


def values(t):
    return np.asarray(t.asnumpy())


def test_forward_modes_use_the_bprop():
    cube = FakeCube()
    assert values(ms.jvp(cube, X, Tensor([1.0, 1.0, 2.0], dtype=F64))[1]).tolist() == \
        [4.0, 8.0, -4.0]
    np.testing.assert_array_equal(values(ms.jacfwd(cube)(X)), np.diag([4.0, 8.0, -2.0]))
    assert values(ops.derivative(cube, X, 1)[1]).tolist() == [4.0, 8.0, -2.0]
    assert values(ops.derivative(cube, X, 2)[1]).tolist() == [4.0] * 3
    assert values(ops.derivative(cube, X, 3)[1]).tolist() == [0.0] * 3
    assert values(ms.hvp(lambda x: cube(x).sum(), X, X)).tolist() == [4.0, 8.0, -2.0]
    np.testing.assert_array_equal(values(ms.hessian(lambda x: cube(x).sum())(X)),
                                  4 * np.eye(3))
    rows = Tensor([[1.0, 2.0], [3.0, -1.0]], dtype=F64)
    per_row = lambda p: cube(p).sum(axis=1)                          # noqa: E731
    assert values(ms.laplacian(per_row)(rows)).tolist() == [8.0, 8.0]
    assert values(ms.partial(per_row, 0, 0)(rows)).tolist() == [4.0, 4.0]
    assert values(ms.partial(per_row, 0, 1)(rows)).tolist() == [0.0, 0.0]
    assert values(ms.partial(per_row, 1)(rows)).tolist() == [8.0, -4.0]
    np.testing.assert_array_equal(values(ms.point_hessian(per_row)(rows)),
                                  [4 * np.eye(2)] * 2)


def test_second_order_differentiates_a_bprop_that_reads_out():
    e = DoubledExp()
    want = 4 * np.exp(values(X))
    np.testing.assert_allclose(values(ops.derivative(e, X, 2)[1]), want, rtol=1e-15)
    np.testing.assert_allclose(values(ms.grad(ms.grad(e))(X)), want, rtol=1e-15)
    np.testing.assert_allclose(values(ms.hvp(lambda x: e(x).sum(), X, Tensor(np.ones(3)))),
                               want, rtol=1e-15)
    one = Tensor(np.ones(3))
    nested = ms.jvp(lambda x: ms.jvp(e, x, one)[1], X, one)[1]
    np.testing.assert_allclose(values(nested), want, rtol=1e-15)
    rows = Tensor(values(X).reshape(3, 1))
    np.testing.assert_allclose(values(ms.laplacian(lambda p: e(p).sum(axis=1))(rows)), want,
                               rtol=1e-15)


def test_a_bprop_not_linear_in_dout_is_linearised_at_ones_as_in_mindspore():
    class Quadratic(nn.Cell):
        def construct(self, x):
            return x * x

        def bprop(self, x, out, dout):
            return (dout * dout * 7.0,)

    # MindSpore 2.10: jvp tangent [28, 42] for v = [2, 3] (14·dout·v at dout = 1)
    _, t = ms.jvp(Quadratic(), Tensor([1.0, 2.0]), Tensor([2.0, 3.0]))
    assert values(t).tolist() == [28.0, 42.0]


def test_no_perturbation_confusion_with_the_same_cell():
    cube = FakeCube()
    one = Tensor(np.ones(3))

    def g(x):
        # x · f'(x + 1) = 4x(x + 1) with f' from the bprop, read by an inner jvp
        return x * ms.jvp(lambda y: cube(x + y), one, one)[1]

    first = 8 * values(X) + 4
    np.testing.assert_array_equal(values(ms.jvp(g, X, one)[1]), first)
    np.testing.assert_array_equal(values(ms.grad(lambda x: g(x).sum())(X)), first)
    np.testing.assert_array_equal(values(ops.derivative(g, X, 1)[1]), first)
    assert values(ops.derivative(g, X, 2)[1]).tolist() == [8.0] * 3
    assert values(ms.hvp(lambda x: g(x).sum(), X, one)).tolist() == [8.0] * 3
    assert values(ms.grad(ms.grad(lambda x: g(x).sum()))(X)).tolist() == [8.0] * 3


def test_hand_made_duals_and_hyperduals_use_the_bprop():
    cube = FakeCube()
    d = cube(ms.Dual(values(X), np.ones(3)))
    assert isinstance(d, ms.Dual) and d.tangent.tolist() == [4.0, 8.0, -2.0]
    h = cube(ms.HyperDual(values(X), np.ones(3), np.ones(3), np.zeros(3)))
    assert h.e1.tolist() == [4.0, 8.0, -2.0] and h.e12.tolist() == [4.0] * 3
    basis = np.eye(3)
    h = cube(ms.HyperDual(values(X), basis, basis, np.zeros(3), batched=True, collapsed=True))
    assert h.e12.tolist() == [4.0] * 3
    np.testing.assert_array_equal(h.e1, np.diag([4.0, 8.0, -2.0]))


# ---------------------------------------------------------------------------
# Tuple outputs (MindSpore 2.10's numbers; the oracle checks them against MindSpore)

class Pair(nn.Cell):
    def construct(self, x):
        return x * 2, x * 3

    def bprop(self, x, out, dout):
        assert isinstance(out, tuple) and isinstance(dout, tuple) and len(dout) == 2
        return (dout[0] * 100.0 + dout[1],)


def test_tuple_outputs_in_reverse_mode_fill_unused_cotangents_with_zeros():
    p, x = Pair(), Tensor([1.0, 2.0])
    assert values(ms.grad(lambda x: p(x)[0] + p(x)[1])(x)).tolist() == [101.0, 101.0]
    assert values(ms.grad(lambda x: p(x)[0])(x)).tolist() == [100.0, 100.0]
    assert values(ms.grad(lambda x: p(x)[1])(x)).tolist() == [1.0, 1.0]
    assert values(ms.grad(p)(x)).tolist() == [101.0, 101.0]
    _, vjp_fn = ms.vjp(p, x)
    assert values(vjp_fn((Tensor([1.0, 2.0]), Tensor([10.0, 20.0])))[0]).tolist() == \
        [110.0, 220.0]
    out, t = ms.jvp(p, x, Tensor([1.0, 0.5]))
    assert [values(o).tolist() for o in out] == [[2.0, 4.0], [3.0, 6.0]]
    assert [values(o).tolist() for o in t] == [[100.0, 50.0], [1.0, 0.5]]
    # outside any transform the cell runs construct
    assert [values(o).tolist() for o in p(x)] == [[2.0, 4.0], [3.0, 6.0]]


def test_one_output_tuples_and_lists():
    seen = []

    class One(nn.Cell):
        def construct(self, x):
            return (x * 3,)

        def bprop(self, x, out, dout):
            seen.append((type(out), type(dout)))
            return (dout * 5,)

    class Listed(nn.Cell):
        def construct(self, x):
            return [x * 3, x * 2]

        def bprop(self, x, out, dout):
            return (dout[0] * 5 + dout[1],)

    x = Tensor([1.0, 2.0])
    # MindSpore 2.10 passes a one-output tuple's dout bare (out stays a tuple)
    assert values(ms.grad(lambda x: One()(x)[0])(x)).tolist() == [5.0, 5.0]
    assert seen == [(tuple, Tensor)]
    out = ms.grad(lambda x: Listed()(x)[0])(x)
    assert values(out).tolist() == [5.0, 5.0]
    assert isinstance(ms.jvp(Listed(), x, x)[1], list)


# ---------------------------------------------------------------------------
# Parameters

class Scale(nn.Cell):
    def __init__(self, read_in_bprop):
        super().__init__()
        self.w = Parameter(Tensor([2.0]), name="w")
        self.read_in_bprop = read_in_bprop

    def construct(self, a):
        return a * a * self.w

    def bprop(self, a, out, dout):
        return (dout * (self.w if self.read_in_bprop else 2.0) * 10.0,)


def test_parameters_read_by_construct_get_no_gradient_in_any_mode():
    s, x, v = Scale(False), Tensor([1.0, 2.0]), Tensor([1.0, 1.0])
    weights = s.trainable_params()
    assert values(ms.grad(lambda x: ms.jvp(s, x, v)[1].sum(), None, weights)(x)[0]) == [0.0]
    assert values(ms.hvp(lambda x: s(x).sum(), x, Tensor([1.0]), None, s.w)) == [0.0]
    assert values(ms.grad(lambda x: ms.grad(s)(x).sum(), None, weights)(x)[0]) == [0.0]


def test_parameters_read_by_bprop_are_differentiated_like_inputs():
    s, x, v = Scale(True), Tensor([1.0, 2.0]), Tensor([1.0, 1.0])
    weights = s.trainable_params()
    # MindSpore 2.10 gives 20 for grad over grad (its jvp refuses a Parameter in bprop)
    assert values(ms.grad(lambda x: ms.grad(s)(x).sum(), None, weights)(x)[0]) == [20.0]
    assert values(ms.grad(lambda x: ms.jvp(s, x, v)[1].sum(), None, weights)(x)[0]) == [20.0]
    assert values(ms.jvp(s, x, v)[1]).tolist() == [20.0, 20.0]


# ---------------------------------------------------------------------------
# Bad bprops and bad outputs name the cell, in every mode

def _first(out):
    return out[0] if isinstance(out, tuple) else out


def bad(name, construct, bprop):
    return type(name, (nn.Cell,), {"construct": lambda self, x: construct(x),
                                   "bprop": lambda self, x, out, dout: bprop(x, out, dout)})()


BAD = [
    ("TooFew", lambda x: x * 2, lambda x, out, dout: (), ValueError, "0 gradient"),
    ("NotATuple", lambda x: x * 2, lambda x, out, dout: "dout", TypeError, "tuple of Tensors"),
    ("WrongShape", lambda x: x * 2, lambda x, out, dout: (dout.sum(),), ValueError,
     r"shape \(\)"),
    ("RepeatsDout", lambda x: (x * 2, x), lambda x, out, dout: (dout * 2,), TypeError,
     "dout is a tuple"),
    ("TensorTimesDout", lambda x: (x * 2, x), lambda x, out, dout: (x * dout,), TypeError,
     "dout is a tuple"),
    ("DictOutput", lambda x: {"a": x}, lambda x, out, dout: (dout,), TypeError,
     "construct must return a Tensor or a tuple"),
    ("NestedOutput", lambda x: (x, (x, x)), lambda x, out, dout: (dout[0],), TypeError,
     "construct must return"),
]


@pytest.mark.parametrize("mode", ["grad", "jvp", "laplacian"])
@pytest.mark.parametrize("name,construct,bprop,error,message", BAD, ids=[b[0] for b in BAD])
def test_bad_bprops_name_the_cell(mode, name, construct, bprop, error, message):
    cell = bad(name, construct, bprop)
    x = Tensor(np.ones((2, 1)))
    run = {"grad": lambda: ms.grad(lambda a: _first(cell(a)).sum())(x),
           "jvp": lambda: ms.jvp(lambda a: _first(cell(a)), x, x),
           "laplacian": lambda: ms.laplacian(lambda p: _first(cell(p)))(x)}[mode]
    with pytest.raises(error, match=f"{name}: .*{message}"):
        run()


def test_grad_of_grad_differentiates_an_asymmetric_bprop_in_reverse():
    # This bprop's "gradient" (3y, x) has the Jacobian [[0, 3], [1, 0]]: not
    # symmetric, so grad(grad(net, P), Q) = ∂/∂Q Σ g_P, not ∂/∂P Σ g_Q, and the
    # forward-over-reverse shortcut (which assumes symmetry) must not be taken.
    # MindSpore 2.10 gives the values below.
    class Skewed(nn.Cell):
        def construct(self, x, y):
            return x * y

        def bprop(self, x, y, out, dout):
            return (dout * y * 3.0, dout * x)

    net = Skewed()
    x, y = Tensor([-0.31, 0.5], dtype=F64), Tensor([-1.85, 2.0], dtype=F64)
    assert values(ms.grad(ms.grad(net, 0), 1)(x, y)).tolist() == [3.0, 3.0]
    assert values(ms.grad(ms.grad(net, 1), 0)(x, y)).tolist() == [1.0, 1.0]
    assert values(ms.grad(ms.grad(net, (0, 1)))(x, y)).tolist() == [1.0, 1.0]
    assert values(ms.grad(ms.grad(net, (0, 1)), 1)(x, y)).tolist() == [3.0, 3.0]
    # the same as a nested gradient the shortcut never sees (an inner lambda)
    inner = lambda a, b: ms.grad(net, 0)(a, b)                        # noqa: E731
    assert values(ms.grad(inner, 1)(x, y)).tolist() == [3.0, 3.0]
    # a Cell holding a bprop is known before it runs: construct runs once, in
    # the nested passes; a plain function calling it runs twice (the shortcut
    # is tried, then discarded)
    runs = []

    class Counted(Skewed):
        def construct(self, x, y):
            runs.append(1)
            return x * y

    class Holder(nn.Cell):
        def __init__(self):
            super().__init__()
            self.inner = Counted()

        def construct(self, x, y):
            return self.inner(x, y) * 2.0

    assert values(ms.grad(ms.grad(Holder(), 0), 1)(x, y)).tolist() == [6.0, 6.0]
    assert len(runs) == 1
    counted = Counted()
    plain = lambda a, b: counted(a, b) * 2.0                           # noqa: E731
    assert values(ms.grad(ms.grad(plain, 0), 1)(x, y)).tolist() == [6.0, 6.0]
    assert len(runs) == 3
    # hvp and hessian: the Jacobian of g = (3y, x) times v, and that Jacobian
    total = lambda a, b: net(a, b).sum()                               # noqa: E731
    vx, vy = Tensor([1.0, 2.0], dtype=F64), Tensor([-1.0, 0.5], dtype=F64)
    hx, hy = ms.hvp(total, (x, y), (vx, vy), grad_position=(0, 1))
    assert values(hx).tolist() == [-3.0, 1.5] and values(hy).tolist() == [1.0, 2.0]
    (hxx, hxy), (hyx, hyy) = ms.hessian(total, (0, 1))(x, y)
    assert values(hxy).tolist() == (3 * np.eye(2)).tolist()
    assert values(hyx).tolist() == np.eye(2).tolist()
    assert not values(hxx).any() and not values(hyy).any()
