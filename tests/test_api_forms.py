"""API forms where dualgrad differed from MindSpore 2.10, found by tests/oracle/fuzz.py.

The expected structures and values are MindSpore 2.10's (CPU, PyNative),
observed by running the same programs on it; programs.py keeps them for the
live comparison in test_mindspore_oracle.py.
"""
import numpy as np
import pytest

import dualgrad as ms
import dualgrad.nn as nn
from dualgrad import Tensor, ops

A = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
B = Tensor(np.array([0.5, -1.0, 2.0], np.float32))
W = ms.Parameter(Tensor(np.array([1.5, -0.5, 2.0], np.float32)), name='w')


def values(tree):
    if isinstance(tree, tuple):
        return tuple(values(t) for t in tree)
    if isinstance(tree, Tensor):
        return tree.asnumpy().tolist()
    return tree


def scaled_by_w(x):
    return x * W


def two(x, y):
    return x * y, x + y


class TwoWeights(nn.Cell):
    def __init__(self):
        super().__init__()
        self.u = ms.Parameter(Tensor(np.array([1.0], np.float32)), name='u')
        self.v = ms.Parameter(Tensor(np.array([2.0], np.float32)), name='v')
        self.frozen = ms.Parameter(Tensor(np.array([3.0], np.float32)), name='frozen',
                                   requires_grad=False)

    def construct(self, x, y):
        return x * self.u + y * self.v * self.frozen


def test_grad_operation_with_one_parameter_returns_its_gradient_bare():
    assert values(ops.GradOperation(get_by_list=True)(scaled_by_w, W)(A)) == [1.0, 2.0, 3.0]
    assert values(ops.GradOperation(get_all=True, get_by_list=True)(scaled_by_w, W)(A)) == (
        ([1.5, -0.5, 2.0],), [1.0, 2.0, 3.0])
    # a list or tuple of one stays a tuple
    assert values(ops.GradOperation(get_by_list=True)(scaled_by_w, [W])(A)) == ([1.0, 2.0, 3.0],)


def test_grad_operation_by_list_without_weights_takes_a_cells_trainable_parameters():
    net, x, y = TwoWeights(), Tensor([3.0]), Tensor([5.0])
    assert values(ops.GradOperation(get_by_list=True)(net)(x, y)) == ([3.0], [15.0])
    assert values(ops.GradOperation(get_all=True, get_by_list=True)(net, None)(x, y)) == (
        ([1.0], [6.0]), ([3.0], [15.0]))
    with pytest.raises(TypeError, match="give the weights"):
        ops.GradOperation(get_by_list=True)(scaled_by_w)


def gathered(x, index):
    return ops.gather(x, index, 0).sum()


def one_hot_loss(x, label):
    return (x * ops.one_hot(label, 3, Tensor(1.0), Tensor(0.0))).sum()


def test_grad_operation_get_all_gives_integer_and_bool_inputs_zeros_of_their_dtype():
    index = Tensor(np.array([0, 2], np.int32))
    gx, gi = ops.GradOperation(get_all=True)(gathered)(A, index)
    assert gx.asnumpy().tolist() == [1.0, 0.0, 1.0]
    assert gi.dtype == ms.int32 and gi.asnumpy().tolist() == [0, 0]
    label = Tensor(np.array([1, 0, 2], np.int64))
    gx, gl = ops.GradOperation(get_all=True)(one_hot_loss)(A, label)
    assert gx.asnumpy().tolist() == [1.0, 1.0, 1.0]
    assert gl.dtype == ms.int64 and gl.asnumpy().tolist() == [0, 0, 0]
    gi, gx = ops.GradOperation(get_all=True, sens_param=True)(
        lambda i, x: ops.gather(x, i, 0).sum())(index, A, Tensor(2.0))
    assert gi.asnumpy().tolist() == [0, 0] and gx.asnumpy().tolist() == [2.0, 0.0, 2.0]
    mask = Tensor(np.array([True, False, True]))
    assert ops.GradOperation(get_all=True)(lambda x, m: (x * m).sum())(A, mask)[1].dtype \
        == ms.bool_
    # an integer input chosen explicitly is still refused
    with pytest.raises(TypeError, match="floating-point"):
        ms.grad(gathered, (0, 1))(A, index)


def as_list(x, y):
    return [x * y, x + y]


@pytest.mark.parametrize("call", [
    lambda: ms.grad(as_list, has_aux=True)(A, B),
    lambda: ms.value_and_grad(as_list, has_aux=True)(A, B),
    lambda: ms.jvp(as_list, (A, B), (A, B), has_aux=True),
    lambda: ms.vjp(as_list, A, B, has_aux=True),
    lambda: ms.jacfwd(as_list, has_aux=True)(A, B),
    lambda: ms.jacrev(as_list, has_aux=True)(A, B),
], ids=["grad", "value_and_grad", "jvp", "vjp", "jacfwd", "jacrev"])
def test_has_aux_needs_a_tuple_of_outputs(call):
    with pytest.raises(ValueError, match="as a tuple .* got a list"):
        call()


def one_tuple(x):
    return (x * x,)


def three(x, y):
    return x * y, x + y, x - y


@pytest.mark.parametrize("jac", [ms.jacfwd, ms.jacrev])
def test_jacobians_take_mindspores_structure(jac):
    diag = lambda v: np.diag(v).tolist()
    # one Jacobian: bare, whether the position is an int or a 1-tuple
    assert values(jac(lambda x, y: x * y, (0,))(A, B)) == diag([0.5, -1.0, 2.0])
    assert values(jac(one_tuple)(A)) == diag([2.0, 4.0, 6.0])
    # one position or one output: a flat tuple
    assert values(jac(two, (0,))(A, B)) == (diag([0.5, -1.0, 2.0]), diag([1.0, 1.0, 1.0]))
    assert values(jac(two, 1)(A, B)) == (diag([1.0, 2.0, 3.0]), diag([1.0, 1.0, 1.0]))
    assert values(jac(lambda x, y: x * y, (0, 1))(A, B)) == (diag([0.5, -1.0, 2.0]),
                                                             diag([1.0, 2.0, 3.0]))
    # several of both: a tuple per output
    assert values(jac(two, (0, 1))(A, B)) == (
        (diag([0.5, -1.0, 2.0]), diag([1.0, 2.0, 3.0])), (diag([1, 1, 1]), diag([1, 1, 1])))
    jacobians, aux = jac(three, (0, 1), has_aux=True)(A, B)
    assert values(jacobians) == (diag([0.5, -1.0, 2.0]), diag([1.0, 2.0, 3.0]))
    assert values(aux) == ([1.5, 1.0, 5.0], [0.5, 3.0, 1.0])
    with pytest.raises(TypeError, match="grad_position"):
        jac(two, None)
    # nested tuple outputs (MindSpore 2.10 fails): one Jacobian per leaf, in order
    nested = lambda x, y: (x * y, (x, y * y))                     # noqa: E731
    assert values(jac(nested, 1)(A, B)) == (diag([1.0, 2.0, 3.0]), diag([0, 0, 0]),
                                             diag([1.0, -2.0, 4.0]))


def test_jacfwd_zeros_are_positive_and_discrete_outputs_keep_their_dtype():
    j = ms.jacfwd(two, (0,))(A, B)[0].asnumpy()
    assert not np.signbit(j[j == 0]).any()
    assert str(ms.jacfwd(lambda x, y: x * y)(A, B)) == (
        "[[ 0.5  0.   0. ]\n [ 0.  -1.   0. ]\n [ 0.   0.   2. ]]")
    assert ms.jacfwd(lambda x: x > 0)(A).dtype == ms.bool_
    out, tangent = ms.jvp(lambda x: x > 0, A, A)
    assert tangent.dtype == ms.bool_ and tangent.asnumpy().tolist() == [False] * 3
    out, tangent = ms.jvp(lambda x: ops.argmax(x), A, A)
    assert tangent.dtype == out.dtype and tangent.asnumpy().tolist() == 0


class PairBprop(nn.Cell):
    def construct(self, x, y):
        return x * y

    def bprop(self, x, y, out, dout):
        return (dout * y, dout * x)


def test_a_bprop_gradient_of_the_broadcast_shape_is_summed_to_the_input():
    pair = PairBprop()
    for y, expected in ((Tensor(np.array(2.0, np.float32)), 6.0),
                        (Tensor(np.array([2.0], np.float32)), [6.0]),
                        (Tensor(np.array([[2.0], [1.0]], np.float32)), [[6.0], [6.0]])):
        gx, gy = ms.grad(pair, (0, 1))(A, y)
        assert gy.shape == y.shape and values(gy) == expected
    np.testing.assert_allclose(ms.jvp(pair, (A, Tensor([2.0])), (A, Tensor([1.0])))[1].asnumpy(),
                               [3.0, 6.0, 9.0])
    with pytest.raises(ValueError, match=r"bprop's gradient 0 has shape \(2,\)"):
        ms.grad(WrongShapeBprop())(A)


class WrongShapeBprop(nn.Cell):
    def construct(self, x):
        return x * 2

    def bprop(self, x, out, dout):
        return (dout[:2],)


def square_aux(x, y):
    return (x * x).sum(), x * y


def test_aux_is_differentiated_by_enclosing_transforms():
    def aux_of_grad(x, y):
        g, (aux,) = ms.grad(square_aux, has_aux=True)(x, y)
        return g * aux                                  # 2x · xy
    gx, gy = ms.grad(aux_of_grad, (0, 1))(A, B)
    np.testing.assert_allclose(gx.asnumpy(), (4 * A * B).asnumpy())
    np.testing.assert_allclose(gy.asnumpy(), (2 * A * A).asnumpy())
    # Every outer mode differentiates the inner aux alike (MindSpore 2.10's
    # jacfwd, jacrev and jvp hold it constant; its grad and vjp do not).
    a, b = A[0], B[0]
    for jac in (ms.jacfwd, ms.jacrev):
        jx, jy = jac(aux_of_grad, (0, 1))(a, b)
        np.testing.assert_allclose(jx.asnumpy(), (4 * a * b).asnumpy())
        np.testing.assert_allclose(jy.asnumpy(), (2 * a * a).asnumpy())
    one = ops.ones_like(a)
    np.testing.assert_allclose(ms.jvp(aux_of_grad, (a, b), (one, one))[1].asnumpy(),
                               (4 * a * b + 2 * a * a).asnumpy())
    vx, vy = ms.vjp(aux_of_grad, a, b)[1](one)
    np.testing.assert_allclose(vx.asnumpy(), (4 * a * b).asnumpy())
    np.testing.assert_allclose(vy.asnumpy(), (2 * a * a).asnumpy())

    def aux_of_jvp(x):
        return ms.jvp(square_aux, (x, B), (x, B), has_aux=True)[2] * x     # x²·b
    np.testing.assert_allclose(ms.grad(aux_of_jvp)(A).asnumpy(), (2 * A * B).asnumpy())
    for jac in (ms.jacfwd, ms.jacrev):
        np.testing.assert_allclose(
            ms.grad(lambda x: jac(square_aux, has_aux=True)(x, B)[1])(A).asnumpy(),
            B.asnumpy())
    np.testing.assert_allclose(
        ms.grad(lambda x: ms.vjp(square_aux, x, B, has_aux=True)[2])(A).asnumpy(), B.asnumpy())


def test_parameter_data_is_a_tensor_sharing_memory_outside_differentiation():
    w = ms.Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name='w')
    data = w.data
    assert type(data) is Tensor
    assert repr(data) == ("Tensor(shape=[2], dtype=Float32, value= "
                          "[ 1.00000000e+00,  2.00000000e+00])")
    data[0] = 7.0                                   # writes through, as in MindSpore
    assert w.asnumpy().tolist() == [7.0, 2.0]
    w.set_data(Tensor(np.array([5.0, 6.0], np.float32)))
    assert data.asnumpy().tolist() == [7.0, 2.0]    # set_data replaces the values
    assert values(ms.grad(lambda x: (x * w.data).sum(), None, w)(A[:2])) == [0.0, 0.0]
    assert values(ms.grad(lambda x: (x * w.value()).sum(), None, w)(A[:2])) == [1.0, 2.0]


def test_keyword_arguments_are_inputs_after_the_positional_ones_in_call_order():
    def f(x, y):
        return (x * x * y).sum()
    assert values(ms.grad(f, 1)(A, y=B)) == [1.0, 4.0, 9.0]
    assert values(ms.grad(f, (0, 1))(x=A, y=B)) == ([1.0, -4.0, 12.0], [1.0, 4.0, 9.0])
    assert values(ms.grad(f, 0)(y=B, x=A)) == [1.0, 4.0, 9.0]       # call order: y first
    assert values(ms.value_and_grad(f, 0)(x=A, y=B)) == (14.5, [1.0, -4.0, 12.0])
    assert values(ms.grad(f)(A, y=B)) == [1.0, -4.0, 12.0]
    assert values(ops.GradOperation(get_all=True)(f)(x=A, y=B)) == ([1.0, -4.0, 12.0],
                                                                    [1.0, 4.0, 9.0])
    with pytest.raises(ValueError, match="1 positional argument and 1 keyword one"):
        ms.grad(f, 2)(A, y=B)


def test_derivative_of_a_tuple_output_gives_lists_and_a_float_order_is_a_type_error():
    outs, series = ops.derivative(lambda x: (x * x, ops.sin(x)), A, 2)
    assert isinstance(outs, list) and isinstance(series, list)
    assert values(tuple(outs))[0] == [1.0, 4.0, 9.0]
    np.testing.assert_allclose(series[0].asnumpy(), [2.0, 2.0, 2.0])
    np.testing.assert_allclose(series[1].asnumpy(), -np.sin(A.asnumpy()), rtol=1e-6)
    outs, series = ops.derivative(lambda x: (x * x * x, x), A, 3)
    assert values(tuple(series)) == ([6.0, 6.0, 6.0], [0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="order"):
        ops.derivative(lambda x: x * x, A, 1.0)


def test_jet_gives_the_derivatives_of_fn_along_a_curve():
    # MindSpore's documented example
    net = lambda x: ops.exp(ops.sin(x))
    primals = Tensor([[1, 2], [3, 4]], ms.float32)
    series = Tensor([[[1, 1], [1, 1]], [[0, 0], [0, 0]], [[0, 0], [0, 0]]], ms.float32)
    out, out_series = ops.jet(net, primals, series)
    np.testing.assert_allclose(out.asnumpy(), [[2.319777, 2.4825778], [1.1515628, 0.4691642]],
                               rtol=1e-6)
    np.testing.assert_allclose(out_series.asnumpy(), [
        [[1.2533808, -1.0331168], [-1.1400385, -0.3066662]],
        [[-1.2748207, -1.8274734], [0.966121, 0.55551505]],
        [[-4.0515366, 3.6724353], [0.5053504, -0.52061415]]], rtol=1e-5)
    # the curve's derivatives s1, s2, s3 at t = 0; for x³: 3x²s1, 6x s1² + 3x²s2, ...
    s = np.array([[1, 1, 1], [2, 0, -1], [0.5, 1, 0]], np.float32)
    assert values(ops.jet(lambda x: x * x * x, A, Tensor(s))[1]) == [
        [3.0, 12.0, 27.0], [12.0, 12.0, -9.0], [43.5, 18.0, -48.0]]
    outs, series = ops.jet(lambda x, y: (x * y * y, x), (A, A * 2),
                           (Tensor(s[:2]), Tensor(s[:2])))
    assert isinstance(outs, list) and values(series[1]) == s[:2].tolist()
    out, series = ops.jet(lambda x: x * x * x, Tensor(np.array([1, 2], np.int32)),
                          Tensor(np.ones((2, 2), np.int32)))
    assert series.dtype == ms.float32 and values(series) == [[3.0, 12.0], [9.0, 24.0]]
    with pytest.raises(TypeError, match="dtype"):
        ops.jet(lambda x: x, A, Tensor(np.ones((2, 3))))
    with pytest.raises(ValueError, match="shape"):
        ops.jet(lambda x: x, A, Tensor(np.ones((2, 2), np.float32)))


class HalfBprop(nn.Cell):
    def construct(self, x, y):
        return x * y

    def bprop(self, x, y, out, dout):
        return (dout * y, None)


def test_a_bprop_cell_takes_keyword_inputs_and_none_gradients():
    assert values(ms.grad(HalfBprop(), (0, 1))(A, B)) == ([0.5, -1.0, 2.0], [0.0, 0.0, 0.0])
    assert values(ms.grad(HalfBprop(), (0, 1))(A, y=B)) == ([0.5, -1.0, 2.0], [0.0, 0.0, 0.0])
    assert values(ms.grad(HalfBprop())(x=A, y=B)) == [0.5, -1.0, 2.0]
    assert values(ms.jvp(HalfBprop(), (A, B), (A, B))[1]) == [0.5, -2.0, 6.0]
    assert values(HalfBprop()(y=B, x=A)) == [0.5, -2.0, 6.0]
    with pytest.raises(TypeError, match="HalfBprop: missing a required argument: 'y'"):
        HalfBprop()(x=A)


def test_parameter_item_assignment_writes_in_place():
    p = ms.Parameter(ms.Tensor(np.array([1.0, 2.0, 3.0], np.float32)), name="w")
    view = p.data
    p[1] = 9.0
    assert p.asnumpy().tolist() == [1.0, 9.0, 3.0] == view.asnumpy().tolist()
    with pytest.raises(TypeError, match="cannot be differentiated"):
        ms.grad(lambda x: (p.__setitem__(0, x[0]), (x * p).sum())[1])(ms.Tensor([1.0, 1.0, 1.0]))
