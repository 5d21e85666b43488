"""MindSpore's API forms, with the structures and values MindSpore 2.10 returned.

The expected values were observed by running MindSpore 2.10 on the CPU (the
same programs are compared live in test_mindspore_oracle.py when MindSpore is
installed); here they are written down so the suite checks them everywhere.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
import dualgrad.nn as nn
from dualgrad import Tensor, ops
from dualgrad._dtypes import to_numpy_dtype

X = Tensor([3.0])
Y = Tensor([5.0])


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.z = ms.Parameter(Tensor(np.array([1.0], np.float32)), name='z')

    def construct(self, x, y):
        return x * x * y * self.z


def values(tree):
    """The structure of a result with every Tensor replaced by its values as a list."""
    if isinstance(tree, tuple):
        return tuple(values(t) for t in tree)
    if isinstance(tree, list):
        return [values(t) for t in tree]
    if isinstance(tree, Tensor):
        return tree.asnumpy().tolist()
    return tree


@pytest.mark.parametrize("call,expected", [
    (lambda n, p: ms.grad(n)(X, Y), [30.0]),
    (lambda n, p: ms.grad(n, (0, 1))(X, Y), ([30.0], [9.0])),
    (lambda n, p: ms.grad(n, 1)(X, Y), [9.0]),
    (lambda n, p: ms.grad(n, (1,))(X, Y), [9.0]),            # a 1-tuple gives a bare Tensor
    (lambda n, p: ms.grad(n, (1, 0))(X, Y), ([9.0], [30.0])),
    (lambda n, p: ms.grad(n, None, weights=p)(X, Y), ([45.0],)),
    (lambda n, p: ms.grad(n, 0, weights=p)(X, Y), ([30.0], ([45.0],))),
    (lambda n, p: ms.grad(n, (0, 1), weights=p)(X, Y), (([30.0], [9.0]), ([45.0],))),
    (lambda n, p: ms.grad(n, None, weights=n.z)(X, Y), [45.0]),
    (lambda n, p: ms.grad(n, 0, weights=n.z)(X, Y), ([30.0], [45.0])),
    (lambda n, p: ms.grad(n, None, weights=ms.ParameterTuple(p))(X, Y), ([45.0],)),
    (lambda n, p: ms.value_and_grad(n)(X, Y), ([45.0], [30.0])),
    (lambda n, p: ms.value_and_grad(n, (0, 1))(X, Y), ([45.0], ([30.0], [9.0]))),
    (lambda n, p: ms.value_and_grad(n, None, weights=p)(X, Y), ([45.0], ([45.0],))),
    (lambda n, p: ms.value_and_grad(n, (0, 1), weights=p)(X, Y),
     ([45.0], (([30.0], [9.0]), ([45.0],)))),
], ids=lambda v: "" if callable(v) else None)
def test_grad_and_value_and_grad_return_mindspores_structures(call, expected):
    net = Net()
    assert values(call(net, net.trainable_params())) == expected


def three(x, y):
    return x * x * y, x + 1, y * 2


def two(x, y):
    return x * x * y, x + 1


def test_has_aux_returns_aux_as_a_tuple_and_value_is_the_whole_output():
    assert values(ms.grad(three, has_aux=True)(X, Y)) == ([30.0], ([4.0], [10.0]))
    assert values(ms.grad(two, has_aux=True)(X, Y)) == ([30.0], ([4.0],))
    assert values(ms.grad(three, (0, 1), has_aux=True)(X, Y)) == (([30.0], [9.0]),
                                                                  ([4.0], [10.0]))
    assert values(ms.value_and_grad(three, has_aux=True)(X, Y)) == (([45.0], [4.0], [10.0]),
                                                                    [30.0])


def test_several_outputs_without_has_aux_differentiate_their_sum():
    assert values(ms.grad(two)(X, Y)) == [31.0]
    assert values(ms.grad(two, (0, 1))(X, Y)) == ([31.0], [9.0])


def test_aux_outputs_are_not_differentiated_by_their_own_transform_only():
    def f(x):
        return x * x, x * x * x
    aux = ms.grad(f, has_aux=True)(X)[1][0]
    assert not isinstance(aux._data, ms.Dual)
    # an enclosing transform differentiates them, as MindSpore's does: d(x³)/dx
    assert values(ms.grad(lambda x: ms.grad(f, has_aux=True)(x)[1][0].sum())(X)) == [27.0]


def test_return_ids_and_get_grad():
    net = Net()
    params = net.trainable_params()
    g = ms.grad(net, (0, 1), weights=params, return_ids=True)(X, Y)
    assert values(g) == (((0, [30.0]), (1, [9.0])), (('z', [45.0]),))
    assert values(ms.get_grad(g, 1)) == [9.0]
    assert values(ms.get_grad(g, net.z)) == [45.0]
    with pytest.raises(TypeError, match="position"):
        ms.get_grad(g, "z")
    with pytest.raises(ValueError, match="no gradient"):
        ms.get_grad(g, 5)


def test_sens_param_takes_the_output_cotangent_last():
    net = Net()
    sens = Tensor([2.0])
    assert values(ms.grad(net, 0, sens_param=True)(X, Y, sens)) == [60.0]
    assert values(ms.grad(net, (0, 1), weights=net.trainable_params(),
                          sens_param=True)(X, Y, sens)) == (([60.0], [18.0]), ([90.0],))
    assert values(ms.value_and_grad(net, 0, sens_param=True)(X, Y, sens)) == ([45.0], [60.0])
    with pytest.raises(ValueError, match="sens"):
        ms.grad(net, 0, sens_param=True)(X, Y, Tensor([1.0, 2.0]))


def test_grad_operation():
    net = Net()
    params = ms.ParameterTuple(net.trainable_params())
    assert values(ops.GradOperation()(net)(X, Y)) == [30.0]
    assert values(ops.GradOperation(get_all=True)(net)(X, Y)) == ([30.0], [9.0])
    assert values(ops.GradOperation(get_all=True)(lambda x: x * x)(X)) == ([6.0],)
    assert values(ops.GradOperation(get_by_list=True)(net, params)(X, Y)) == ([45.0],)
    assert values(ops.GradOperation(get_all=True, get_by_list=True)(net, params)(X, Y)) == (
        ([30.0], [9.0]), ([45.0],))
    assert values(ops.GradOperation(get_all=True, sens_param=True)(net)(
        X, Y, Tensor([2.0]))) == ([60.0], [18.0])


def test_jvp_and_vjp_structures():
    assert values(ms.jvp(lambda x: x * x * x, X, Tensor([1.0]))) == ([27.0], [27.0])
    assert values(ms.jvp(two, (X, Y), (Tensor([1.0]), Tensor([1.0])))) == (
        ([45.0], [4.0]), ([39.0], [1.0]))
    assert values(ms.jvp(two, (X, Y), (Tensor([1.0]), Tensor([0.0])), has_aux=True)) == (
        [45.0], [30.0], [4.0])
    out, vjp_fn = ms.vjp(lambda x, y: x * x * y, X, Y)
    assert values(out) == [45.0]
    assert values(vjp_fn(Tensor([1.0]))) == ([30.0], [9.0])
    assert values(vjp_fn(Tensor([2.0]))) == ([60.0], [18.0])      # callable again
    out, vjp_fn = ms.vjp(lambda x: x * x * x, X)
    assert values(vjp_fn(Tensor([1.0]))) == ([27.0],)              # a 1-tuple for one input
    net = Net()
    _, vjp_fn = ms.vjp(net, X, Y, weights=net.trainable_params())
    assert values(vjp_fn(Tensor([1.0]))) == (([30.0], [9.0]), ([45.0],))
    with pytest.raises(ValueError, match="shape"):
        vjp_fn(Tensor([1.0, 2.0]))


def test_jacobians_have_output_shape_then_input_shape():
    v = Tensor(np.array([1.0, 2.0, 3.0]))
    f = lambda v: ops.stack([v[0] * v[1], ops.sin(v[2]) * v[0]])
    expected = np.array([[2.0, 1.0, 0.0], [np.sin(3.0), 0.0, np.cos(3.0)]])
    for jac in (ms.jacfwd, ms.jacrev):
        np.testing.assert_allclose(jac(f)(v).asnumpy(), expected, rtol=1e-6)
        assert jac(lambda v: (v * v).sum())(v).shape == (3,)
        assert jac(lambda v: v * v)(Tensor(np.ones((2, 2)))).shape == (2, 2, 2, 2)
        assert jac(lambda x: x * x * x)(Tensor(2.0)).shape == ()
        assert values(jac(lambda x, y: x * x * y, (0, 1))(X, Y)) == ([[30.0]], [[9.0]])


def test_tensor_dtype_inference_and_printing():
    assert str(Tensor(3).dtype) == "Int64"
    assert str(Tensor(3.0).dtype) == "Float32"
    assert str(Tensor([1, 2.5]).dtype) == "Float32"
    assert str(Tensor(True).dtype) == "Bool"
    assert str(Tensor(np.array([1.0])).dtype) == "Float64"
    assert str(Tensor(np.array([1, 2], np.int32)).dtype) == "Int32"
    assert str(Tensor([1.7, -1.7], ms.int32).asnumpy().tolist()) == "[1, -1]"
    assert repr(ms.float32) == "dualgrad.float32" and str(ms.float32) == "Float32"
    # MindSpore's reprs: mindspore.bool (its bool_ is an alias), mindspore.uint8...
    assert [repr(t) for t in (ms.bool_, ms.uint8, ms.float16)] == [
        "dualgrad.bool", "dualgrad.uint8", "dualgrad.float16"]
    assert ms.Tensor([1, 0], "bool_").dtype == ms.Tensor([1, 0], "bool").dtype == ms.bool_
    assert repr(Tensor([3.0])) == "Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00])"
    assert str(Tensor([1.5, -2.0, 0.0])) == "[ 1.5 -2.   0. ]"
    assert repr(ms.Parameter(Tensor(np.array([1.0], np.float32)), name='z')) == (
        "Parameter (name=z, shape=(1,), dtype=Float32, requires_grad=True)")


def test_tensor_methods_and_mindspore_dtype_rules():
    a = Tensor(np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], np.float32))
    assert a.shape == (2, 3) and a.ndim == 2 and a.size == 6 and len(a) == 2
    assert a.sum().item() == 21.0 and a.mean().item() == 3.5 and a.max().item() == 6.0
    assert a.sum(axis=1, keepdims=True).shape == (2, 1)
    assert a.mean(axis=0, keep_dims=True).shape == (1, 3)
    values_, indices = a.max(0)
    assert values_.asnumpy().tolist() == [4.0, 5.0, 6.0] and indices.asnumpy().tolist() == [1, 0, 1]
    assert a.T.shape == (3, 2) and a.transpose(1, 0).shape == (3, 2)
    assert a.reshape(3, 2).shape == (3, 2) and a.reshape((6,)).shape == (6,)
    assert str(a.astype(ms.float64).dtype) == "Float64"
    assert str((Tensor([7, 2]) / Tensor([2, 2])).dtype) == "Float32"   # integer division
    assert (Tensor([7, 2]) // 2).asnumpy().tolist() == [3, 1]
    assert Tensor([7, 2]).mean().item() == 4                           # truncated, as MindSpore
    assert str((a * np.float64(2.0)).dtype) == "Float32"               # NumPy scalars are weak
    assert str((a > 2).dtype) == "Bool"
    assert (a == "x") is False
    with pytest.raises(ValueError, match="one element"):
        float(a)


def test_stop_gradient_on_tensors_and_containers():
    def f(a, b):
        c = ops.stop_gradient((a * a, b * b))
        return c[0] * b + c[1] * a + a * b
    assert values(ms.grad(f, (0, 1))(X, Y)) == ([30.0], [12.0])
    assert ops.stop_gradient([1.0, 2.0]) == [1.0, 2.0]


def test_mindspore_kink_conventions():
    t = Tensor(np.array([-1.0, 0.0, 1.0], np.float32))
    assert values(ms.grad(lambda x: ops.relu(x).sum())(t)) == [0.0, 0.0, 1.0]
    assert values(ms.grad(lambda x: ops.abs(x).sum())(t)) == [-1.0, 0.0, 1.0]
    a, b = Tensor([2.0]), Tensor([2.0])
    assert values(ms.grad(lambda x, y: ops.maximum(x, y).sum(), (0, 1))(a, b)) == ([0.5], [0.5])
    ties = Tensor(np.array([1.0, 3.0, 3.0, 2.0], np.float32))
    assert values(ms.grad(lambda x: ops.ReduceMax()(x))(ties)) == [0.0, 0.5, 0.5, 0.0]
    assert values(ms.grad(lambda x: x.max(axis=0))(ties)) == [0.0, 1.0, 0.0, 0.0]


def test_primitive_classes_come_from_the_table():
    from dualgrad import _table
    for row in _table.UNARY + _table.BINARY:
        if row.ms:
            assert repr(getattr(ops, row.ms)()) == f"Prim[{row.ms}]"
    x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert ops.ReduceSum(keep_dims=True)(x, 1).shape == (2, 1)
    assert ops.MatMul(transpose_b=True)(x, x).asnumpy().tolist() == [[5.0, 11.0], [11.0, 25.0]]
    assert ops.Concat(axis=1)((x, x)).shape == (2, 4)
    with pytest.raises(ValueError, match="2-D"):
        ops.MatMul()(Tensor(np.ones(2)), x)


def test_mindspore_runtime_settings_are_accepted():
    ms.set_context(mode=ms.PYNATIVE_MODE)
    ms.set_device("CPU")
    assert ms.get_context("mode") == ms.PYNATIVE_MODE
    assert ms.jit(three) is three
    with pytest.raises(ValueError, match="CPU"):
        ms.set_context(device_target="GPU")


def test_softmax_and_logsumexp():
    x = Tensor(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    expected = np.exp(x.asnumpy()) / np.exp(x.asnumpy()).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(ops.softmax(x).asnumpy(), expected, rtol=1e-15)
    np.testing.assert_allclose(ops.logsumexp(x, 1).asnumpy(),
                               np.log(np.exp(x.asnumpy()).sum(axis=1)), rtol=1e-15)
    assert ops.softmax(Tensor(np.zeros(0, np.float32))).shape == (0,)


def test_logsumexp_of_infinite_rows():
    # a row of -inf (a fully masked row) is -inf, as logaddexp(-inf, -inf) is;
    # subtracting an infinite maximum had made it NaN (MindSpore 2.10: NaN)
    x = Tensor(np.array([[-np.inf, -np.inf], [np.inf, 0.0], [-np.inf, 0.0], [1e3, 1e3]]))
    np.testing.assert_array_equal(ops.logsumexp(x, 1).asnumpy(),
                                  [-np.inf, np.inf, 0.0, 1e3 + np.log(2.0)])
    np.testing.assert_array_equal(ms.vmap(lambda r: ops.logsumexp(r, 0))(x).asnumpy(),
                                  ops.logsumexp(x, 1).asnumpy())
    with np.errstate(invalid="ignore"):          # (the first two rows' weights are 0/0)
        g = ms.grad(lambda t: ops.logsumexp(t, 1).sum())(x).asnumpy()
    np.testing.assert_array_equal(g[2:], [[0.0, 1.0], [0.5, 0.5]])


# ---------------------------------------------------------------------------
# Frozen Parameters, keyword arguments, integer dtypes, GeLU (values observed
# on MindSpore 2.10; also in oracle/programs.py)

class FrozenNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(Tensor(np.array([2.0], np.float32)), name='w')
        self.f = ms.Parameter(Tensor(np.array([4.0], np.float32)), name='f',
                              requires_grad=False)

    def construct(self, x):
        return x * self.w * self.f


def test_a_frozen_parameter_gets_a_zero_gradient_in_every_form():
    net = FrozenNet()
    both = [net.w, net.f]
    assert values(ms.grad(net, None, weights=net.f)(X)) == [0.0]
    assert values(ms.grad(net, None, weights=both)(X)) == ([12.0], [0.0])
    assert values(ms.value_and_grad(net, 0, weights=ms.ParameterTuple(both))(X)) == \
        ([24.0], ([8.0], ([12.0], [0.0])))
    _, vjp_fn = ms.vjp(net, X, weights=both)
    assert values(vjp_fn(Tensor([1.0]))) == (([8.0],), ([12.0], [0.0]))
    # hvp: the frozen weight is a constant, its direction ignored
    hv = ms.hvp(lambda x: (net(x) * net(x)).sum(), (X,), (Tensor([1.0]), Tensor([1.0])),
                grad_position=None, weights=both)
    assert values(hv) == ([2 * 9.0 * 16.0], [0.0])


def test_requires_grad_is_read_when_the_gradient_is_called():
    net = FrozenNet()
    grad_fn = ms.grad(net, None, weights=net.f)
    net.f.requires_grad = True
    assert values(grad_fn(X)) == [6.0]
    net.w.requires_grad = False
    assert values(ms.grad(net, None, weights=net.w)(X)) == [0.0]


def test_keyword_arguments_reach_fn():
    def scaled(a, b=Tensor([2.0])):
        return a * a * b

    class ScaledCell(nn.Cell):
        def construct(self, a, scale=1.0):
            return a * a * scale

    assert values(ms.grad(scaled)(X, b=Y)) == [30.0]
    assert values(ms.value_and_grad(scaled)(X, b=Y)) == ([45.0], [30.0])
    assert values(ms.grad(ScaledCell())(X, scale=2.0)) == [12.0]
    assert values(ms.grad(ms.grad(scaled))(X, b=Y)) == [10.0]


@pytest.mark.parametrize("make, dtype", [
    (lambda i: i * 2.5, ms.float32), (lambda i: 2.5 - i, ms.float32),
    (lambda i: i + Tensor(np.array([0.5], np.float32)), ms.float32),
    (lambda i: i * Tensor(np.array([0.5], np.float16)), ms.float16),
    (lambda i: i / Tensor(np.array([2.0], np.float64)), ms.float64),
    (lambda i: Tensor(np.array([True, False])) * 2.5, ms.float32),
    (lambda i: i / 2, ms.float32), (lambda i: ops.div(i, i), ms.float32),
    (lambda i: ops.mul(i, 2.5), ms.float32), (lambda i: i * 2, ms.int64),
    (lambda i: -i, ms.int64), (lambda i: abs(i), ms.int64), (lambda i: ops.square(i), ms.int64),
    (lambda i: ops.relu(i), ms.int64), (lambda i: ops.sign(i), ms.int64),
    (lambda i: ops.sqrt(abs(i)), ms.float32), (lambda i: ops.exp(i), ms.float32),
    (lambda i: ops.mean(i), ms.int64), (lambda i: ops.ReduceMean()(i), ms.int64),
])
def test_integer_tensors_follow_mindspore_dtype_rules(make, dtype):
    i = Tensor(np.array([1, -2, 3], np.int64))
    out = make(i)
    assert isinstance(out, Tensor) and out.dtype == dtype
    assert out.asnumpy().dtype == to_numpy_dtype(dtype)


def test_integer_results_are_exact_and_means_truncate():
    i = Tensor(np.array([1, -2, 3], np.int64))
    assert (-i).asnumpy().tolist() == [-1, 2, -3]
    assert ops.square(i).asnumpy().tolist() == [1, 4, 9]
    assert ops.relu(i).asnumpy().tolist() == [1, 0, 3]
    assert ops.mean(i).asnumpy() == 0 and i.mean().asnumpy() == 0    # 2/3 truncates
    big = Tensor(np.array([2**62 + 1], np.int64))
    assert (-big).asnumpy()[0] == -(2**62 + 1)


def test_numpy_arrays_and_boxes_keep_numpy_promotion():
    i = np.array([1, 2], np.int64)
    assert ops.mul(i, 2.5).dtype == np.float64      # no Tensor: the engine's (NumPy's) rule
    d = ms.Dual(np.array([1.0, 2.0], np.float32), np.ones(2, np.float32))
    assert ops.mul(d, i).primal.dtype == np.float64


def test_gelu_primitive_is_the_tanh_form_and_ops_gelu_takes_approximate():
    a = np.array([-0.6, 0.9, 2.0])
    tanh_form = 0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a + 0.044715 * a ** 3)))
    from math import erf
    erf_form = 0.5 * a * (1 + np.array([erf(v / np.sqrt(2)) for v in a]))
    t = Tensor(a)
    np.testing.assert_allclose(ops.GeLU()(t).asnumpy(), tanh_form, rtol=1e-14)
    np.testing.assert_allclose(ops.gelu(t, approximate='tanh').asnumpy(), tanh_form, rtol=1e-14)
    np.testing.assert_allclose(ops.gelu(t).asnumpy(), erf_form, rtol=1e-14)
    np.testing.assert_allclose(nn.GELU()(t).asnumpy(), tanh_form, rtol=1e-14)
    with pytest.raises(ValueError, match="approximate"):
        ops.gelu(t, approximate='fast')


# ---------------------------------------------------------------------------
# Values a gradient recorded never change behind its back

def test_tensor_copies_its_array_and_from_numpy_shares_it():
    a = np.array([1.0, 2.0])
    t, shared = Tensor(a), Tensor.from_numpy(a)
    a[0] = 7.0
    assert t.asnumpy().tolist() == [1.0, 2.0]
    assert shared.asnumpy().tolist() == [7.0, 2.0]
    big_endian = Tensor(np.array([1.0, 2.0], ">f8"))
    assert big_endian.dtype == ms.float64 and big_endian.asnumpy().dtype.isnative


def test_item_assignment_after_use_leaves_recorded_gradients_alone():
    x, c = Tensor([1.0, 2.0, 3.0]), Tensor([1.0, 1.0, 1.0])
    out, vjp_fn = ms.vjp(lambda x: (x * x * c).sum(), x)
    c[0] = 100.0
    x[1] = -5.0
    assert values(vjp_fn(Tensor(1.0))) == ([2.0, 4.0, 6.0],)
    assert c.asnumpy().tolist() == [100.0, 1.0, 1.0]


def test_a_dual_meets_a_tensor_on_either_side_and_has_mod_and_floordiv():
    d = ms.Dual(np.array([3.0, 4.5]), np.ones(2))
    t = Tensor(np.array([2.0, 3.0]))
    for out in (d * t, t * d, d + t, ms.HyperDual(np.array([3.0, 4.5]), 1.0, 1.0, 0.0) * t):
        assert isinstance(out, Tensor)
    assert values(d * t) == values(t * d) == [6.0, 13.5]
    m, q, r = d % 2.0, d // 2.0, 7.0 % d
    assert m.primal.tolist() == [1.0, 0.5] and m.tangent.tolist() == [1.0, 1.0]
    assert q.primal.tolist() == [1.0, 2.0] and q.tangent.tolist() == [0.0, 0.0]
    assert r.primal.tolist() == [1.0, 2.5] and r.tangent.tolist() == [-2.0, -1.0]


def test_squeeze_leaves_a_named_axis_whose_size_is_not_1_as_mindspore():
    x = Tensor(np.arange(6.0).reshape(1, 3, 2, 1))
    assert ops.squeeze(x, 1).shape == (1, 3, 2, 1)
    assert ops.squeeze(x, (0, 1, 3)).shape == (3, 2) == x.squeeze((1, 0, -1)).shape
    assert ops.Squeeze(2)(x).shape == (1, 3, 2, 1) and x.squeeze().shape == (3, 2)
    grad = ms.grad(lambda t: (ops.squeeze(t, (0, 2)) * 2.0).sum())(x)
    assert grad.shape == x.shape and grad.asnumpy().ravel().tolist() == [2.0] * 6


def test_rounded_division_remainder_and_subtract_with_alpha_as_mindspore():
    f = Tensor(np.array([7.0, -7.0, 7.5, -0.5], np.float32))
    d = Tensor(np.array([2.0, 2.0, -2.0, 3.0], np.float32))
    i = Tensor(np.array([7, -7, 7, -1], np.int32))
    j = Tensor(np.array([2, 2, -2, 3], np.int32))
    cases = [(ops.div(f, d, rounding_mode="floor"), [3, -4, -4, -1], "float32"),
             (ops.div(f, d, rounding_mode="trunc"), [3, -3, -3, 0], "float32"),
             (ops.div(i, j, rounding_mode="floor"), [3, -4, -4, -1], "int32"),
             (ops.div(i, j, rounding_mode="trunc"), [3, -3, -3, 0], "int32"),
             (ops.div(i, 2.0, rounding_mode="trunc"), [3, -3, 3, 0], "float32"),
             (ops.div(f, d, rounding_mode=None), [3.5, -3.5, -3.75, -0.5 / 3], "float32"),
             (ops.floor_divide(i, 2), [3, -4, 3, -1], "int32"),
             (ops.floor_div(i, 2.5), [2, -3, 2, -1], "float32"),
             (ops.remainder(i, j), [1, 1, -1, 2], "int32"), (ops.floor_mod(f, 2), [1, 1, 1.5, 1.5],
                                                             "float32"),
             (ops.subtract(i, j, alpha=2), [3, -11, 11, -7], "int32"),
             (ops.true_divide(dividend=i, divisor=j), [3.5, -3.5, -3.5, -1 / 3], "float32")]
    for out, want, dtype in cases:
        np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-6)
        assert out.asnumpy().dtype == dtype
    # rounded quotients are piecewise constant: zero derivatives in every mode
    for mode in ("floor", "trunc"):
        grads = ms.grad(lambda x, y: ops.div(x, y, rounding_mode=mode).sum(), (0, 1))(f, d)
        assert [g.asnumpy().tolist() for g in grads] == [[0.0] * 4] * 2
        _, tangent = ms.jvp(lambda x: ops.div(x, d, rounding_mode=mode), f, Tensor(np.ones(4)))
        assert tangent.asnumpy().tolist() == [0.0] * 4
    grads = ms.grad(lambda x, y: ops.subtract(x, y, alpha=2).sum(), (0, 1))(f, d)
    assert [g.asnumpy().tolist() for g in grads] == [[1.0] * 4, [-2.0] * 4]
    with pytest.raises(ValueError, match="rounding_mode must be None, 'floor' or 'trunc'"):
        ops.div(f, d, rounding_mode="round")
    with pytest.raises(TypeError, match="unexpected keyword argument 'rounding_mode'"):
        ops.mul(f, d, rounding_mode="floor")
    with pytest.raises(TypeError, match="unexpected keyword argument 'exponent'"):
        ops.add(f, exponent=d)
    with pytest.raises(TypeError, match=r"^add\(\) takes two arguments, 'input' and 'other', "
                                        r"got 1$"):
        ops.add(f)
    with pytest.raises(TypeError, match=r"^pow\(\) takes two arguments, 'input' and "
                                        r"'exponent', got 3$"):
        ops.pow(f, 2, 3)
    with pytest.raises(TypeError, match=r"^div\(\) takes two arguments, .* got 1$"):
        ops.div(other=d)
    # (a third positional argument would fill reshape's hidden engine parameter)
    with pytest.raises(TypeError, match=r"^reshape\(\) takes at most 2 positional arguments "
                                        r"\(input, shape\), got 3$"):
        ops.reshape(f, (2, 2), 0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'nb'"):
        ops.reshape(f, (2, 2), nb=0)


def test_comparisons_logic_and_bitwise_operators_as_mindspore():
    f = Tensor(np.array([0.1, -1.5, 2.0], np.float32))
    i = Tensor(np.array([1, -2, 3], np.int32))
    b = Tensor(np.array([True, False, True]))
    for out, want in ((ops.equal(f, 0.1), [1, 0, 0]), (ops.ne(f, 0.1), [0, 1, 1]),
                      (ops.greater(f, i), [0, 1, 0]), (ops.ge(i, 1), [1, 0, 1]),
                      (ops.less(f, 0.1), [0, 1, 0]), (ops.le(f, 0.1), [1, 1, 0]),
                      (ops.logical_and(b, i), [1, 0, 1]), (ops.logical_or(b, f), [1, 1, 1]),
                      (ops.logical_xor(b, b), [0, 0, 0]), (ops.logical_not(f), [0, 0, 0]),
                      (f.greater(0), [1, 0, 1]), (b.logical_not(), [0, 1, 0])):
        assert out.dtype == ms.bool_ and out.asnumpy().tolist() == [bool(w) for w in want]
    with pytest.raises(TypeError, match="equal: other must be a Tensor or a number"):
        ops.equal(f, "x")
    # & | ^ are bitwise on integers (logical on bools), with MindSpore's dtypes
    i64 = Tensor(np.array([1, -2, 3], np.int64))
    for out, want, dtype in ((i & i64, [1, -2, 3], "int64"), (i & 2, [0, 2, 2], "int32"),
                             (b & i, [1, 0, 1], "int32"), (b & 1, [1, 0, 1], "int64"),
                             (i | True, [1, -1, 3], "int32"), (2 | i, [3, -2, 3], "int32"),
                             (i ^ i, [0, 0, 0], "int32"), (b ^ b, [False] * 3, "bool"),
                             (b | b, [True, False, True], "bool")):
        assert out.asnumpy().tolist() == want and str(out.asnumpy().dtype) == dtype
    for bad in (lambda: f & b, lambda: i | 1.5, lambda: ~f, lambda: ops.bitwise_or(f, i)):
        with pytest.raises(TypeError, match="expected a bool or integer"):
            bad()
    j = Tensor(np.array([3, 5, 2], np.int32))
    for out, want in ((ops.bitwise_and(i, j), [1, 4, 2]), (ops.bitwise_or(i, 1), [1, -1, 3]),
                      (ops.bitwise_xor(i, j), [2, -5, 1]), (i.bitwise_and(j), [1, 4, 2])):
        assert out.asnumpy().tolist() == want and out.dtype == ms.int32
    with pytest.raises(TypeError, match="bitwise_and: expected Tensors or numbers, got Tensor "
                                        "and str"):
        ops.bitwise_and(i, "x")


def test_argmax_argmin_all_any_and_reductions_dtypes_as_mindspore():
    m = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.5]], np.float32))
    mi = Tensor(np.array([[1, 3, 3], [2, -1, 5]], np.int32))
    mb = Tensor(np.array([[True, False, True], [True, True, True]]))
    for out, want, dtype in ((ops.argmax(m), 1, "int64"), (ops.argmax(m, 1), [1, 0], "int64"),
                             (ops.argmax(m, dim=1, keepdim=True), [[1], [0]], "int64"),
                             (ops.argmin(m, 1), [0, 2], "int32"), (m.argmin(1), [0, 2], "int32"),
                             (ops.Argmax()(m), [1, 0], "int32"),
                             (ops.Argmin(axis=0, output_type=ms.int64)(m), [0, 1, 1], "int64"),
                             (ops.ReduceSum()(mi, 1), [7, 6], "int32"),
                             (ops.reduce_sum(mi), 13, "int32"), (ops.sum(mi, 1), [7, 6], "int64"),
                             (mb.all(1), [False, True], "bool"), (mb.any(), True, "bool"),
                             (ops.all(mb, (0, 1), True), [[False]], "bool"),
                             (ops.any(m, 0), [True] * 3, "bool"),
                             (m.ravel(), [1.0, 3.0, 3.0, 2.0, 2.0, 0.5], "float32"),
                             (ops.ravel(mi), [1, 3, 3, 2, -1, 5], "int32"),
                             (m.cumsum(1), [[1.0, 4.0, 7.0], [2.0, 4.0, 4.5]], "float32")):
        assert out.asnumpy().tolist() == want and str(out.asnumpy().dtype) == dtype
    with pytest.raises(TypeError, match="a Bool tensor has no mean"):
        mb.mean()
    with pytest.raises(ValueError, match="argmax: dim: 2 is out of range for a 2-d array"):
        ops.argmax(m, 2)
    with pytest.raises(TypeError, match=r"argmin: axis must be an int, got tuple"):
        ops.argmin(m, (0, 1))
    with pytest.raises(TypeError, match="output_type: expected int32 or int64"):
        ops.Argmax(output_type=ms.float32)
    copied = m.copy()
    assert copied.asnumpy().tolist() == m.asnumpy().tolist()
    copied[0, 0] = 9.0
    assert m.asnumpy()[0, 0] == 1.0
    assert ms.grad(lambda x: (x.copy() * x).sum())(m).asnumpy().tolist() == \
        (2 * m.asnumpy()).tolist()


def test_mindsporelike_tensor_methods_casts_and_sizes():
    m = Tensor(np.array([[1.0, -3.0, 3.0], [2.0, -1.0, 0.5]], np.float32))
    assert (m.dim(), m.ndimension(), m.nelement(), m.type()) == (2, 2, 6, "Float32")
    assert m.is_contiguous() and m.contiguous() is m
    for out, dtype in ((m.half(), "float16"), (m.int(), "int32"), (m.long(), "int64"),
                       (m.bool(), "bool")):
        assert str(out.asnumpy().dtype) == dtype
    assert m.int().asnumpy().tolist() == [[1, -3, 3], [2, -1, 0]]
    cube = Tensor(np.ones((2, 3, 4)))
    assert cube.flatten().shape == (24,) and cube.flatten(start_dim=1).shape == (2, 12)
    assert ops.flatten(cube).shape == (2, 12)          # (ops.flatten keeps the first axis)
    assert m.unsqueeze(dim=1).shape == (2, 1, 3)
    for out, want in ((m.gt(0), [[1, 0, 1], [1, 0, 1]]), (m.le(0.5), [[0, 1, 0], [0, 1, 1]]),
                      (m.amax(1), [3.0, 2.0]), (m.amin(axis=0), [1.0, -3.0, 0.5]),
                      (m.cumprod(0), [[1.0, -3.0, 3.0], [2.0, 3.0, 1.5]]),
                      (m.masked_fill(m > 0, 0.0), [[0.0, -3.0, 0.0], [0.0, -1.0, 0.0]])):
        np.testing.assert_array_equal(out.asnumpy(), want)


def test_an_empty_axis_tuple_reduces_every_axis_and_a_0d_tensor_takes_axis_0_as_mindspore():
    t = Tensor(np.arange(24.0).reshape(2, 3, 4))
    for out in (t.sum(axis=()), ops.sum(t, ()), ops.ReduceSum()(t, []), ops.reduce_sum(t, [])):
        assert out.shape == () and out.item() == 276.0
    for out in (t.mean(axis=()), ops.mean(t, []), ops.ReduceMean()(t, [])):
        assert out.shape == () and out.item() == 11.5
    for out in (t.max(axis=()), t.max(axis=[]), ops.amax(t, ()), ops.ReduceMax()(t, [])):
        assert out.shape == () and out.item() == 23.0
    assert ops.prod(t + 1.0, []).item() == pytest.approx(math.factorial(24), rel=1e-12)
    assert ops.all(t > -1, []).shape == ()
    s = Tensor(np.float32(2.5))
    for out in (s.sum(0), s.sum(-1), s.mean(0), s.max(axis=0), ops.amax(s, 0),
                ops.ReduceSum()(s, 0), ops.sum(s, -1, True)):
        assert out.shape == () and out.item() == 2.5
    assert ms.grad(lambda x: x.sum(axis=0))(s).item() == 1.0
    with pytest.raises(ValueError, match="axis: 1 is out of range for a 0-d array"):
        s.sum(1)


def test_where_and_clamp_take_mindspores_dtypes():
    f = Tensor(np.array([[1.0, -2.0], [3.0, 0.5]], np.float32))
    i = Tensor(np.array([[1, -2], [3, 4]], np.int32))
    for out, dtype in ((ops.where(f > 0, 1.0, 0.0), "float32"), (ops.where(f > 0, i, f), "float32"),
                       (ops.where(f > 0, i, 2.5), "float32"), (ops.where(i > 0, i, 0), "int32"),
                       (ops.where(f > 0, f, f.astype(ms.float64)), "float64"),
                       (ops.select(f > 0, 1, 2.0), "float32"), (ops.clamp(i, 0.5, 2.5), "float32"),
                       (ops.clamp(i, 0, 2), "int32"), (ops.clip(f, min=0), "float32")):
        assert str(out.asnumpy().dtype) == dtype
    np.testing.assert_array_equal(ops.clamp(i, 0.5, 2.5).asnumpy(), [[1.0, 0.5], [2.5, 2.5]])
    g = ms.grad(lambda x, y: ops.where(x > 0, x, y).sum(), (0, 1))(f, Tensor([1.0, 2.0]))
    assert [t.asnumpy().tolist() for t in g] == [[[1.0, 0.0], [1.0, 1.0]], [0.0, 1.0]]
    with pytest.raises(TypeError, match="where: x must be numbers, got NoneType"):
        ops.where(f > 0, None, f)


def test_mm_bmm_mv_and_inner():
    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(12.0).reshape(2, 3, 2)
    v = np.array([1.0, -2.0, 0.5])
    np.testing.assert_array_equal(ops.mm(Tensor(a), Tensor(a.T)).asnumpy(), a @ a.T)
    np.testing.assert_array_equal(ops.bmm(Tensor(b.transpose(0, 2, 1)), Tensor(b)).asnumpy(),
                                  b.transpose(0, 2, 1) @ b)
    np.testing.assert_array_equal(ops.mv(mat=Tensor(a), vec=Tensor(v)).asnumpy(), a @ v)
    np.testing.assert_array_equal(ops.inner(Tensor(b), Tensor(a.T)).asnumpy(), np.inner(b, a.T))
    np.testing.assert_array_equal(ops.inner(Tensor(a), 2.0).asnumpy(), 2 * a)
    ga, gv = ms.grad(lambda m, x: ops.mv(m, x).sum(), (0, 1))(Tensor(a), Tensor(v))
    np.testing.assert_array_equal(ga.asnumpy(), np.tile(v, (2, 1)))
    np.testing.assert_array_equal(gv.asnumpy(), a.sum(0))
    with pytest.raises(ValueError, match=r"mv: vec must be 1-D, got shape \(2, 3\)"):
        ops.mv(Tensor(a), Tensor(a))


def test_parameter_value_is_a_snapshot_that_carries_the_derivative():
    w = ms.Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="w")
    snapshot = w.value()
    assert type(snapshot) is Tensor and snapshot.asnumpy().tolist() == [1.0, 2.0]
    w.set_data(Tensor(np.array([5.0, 6.0], np.float32)))
    assert snapshot.asnumpy().tolist() == [1.0, 2.0]

    def loss():
        return (w.value() * w.value()).sum()
    (g,) = ms.grad(loss, None, weights=[w])()
    assert g.asnumpy().tolist() == [10.0, 12.0]


def test_fmod_and_masked_fill_values_and_gradients():
    a = Tensor(np.array([7.5, -7.5, 7.0, -1.0], np.float32))
    b = Tensor(np.array([2.0, 2.0, -2.0, 3.0], np.float32))
    np.testing.assert_array_equal(ops.fmod(a, b).asnumpy(), np.fmod(a.asnumpy(), b.asnumpy()))
    i = Tensor(np.array([-7, 7], np.int64))
    assert ops.fmod(i, 3).asnumpy().tolist() == [-1, 1] and ops.fmod(i, 3).dtype == ms.int64
    ga, gb = ms.grad(lambda x, y: ops.fmod(x, y).sum(), (0, 1))(a, b)
    assert ga.asnumpy().tolist() == [1.0] * 4
    assert gb.asnumpy().tolist() == (-np.trunc(a.asnumpy() / b.asnumpy())).tolist()
    _, tangent = ms.jvp(lambda y: ops.fmod(a, y), b, Tensor(np.ones(4, np.float32)))
    assert tangent.asnumpy().tolist() == gb.asnumpy().tolist()
    filled = ops.masked_fill(a, a > 0, 2.0)
    assert filled.asnumpy().tolist() == [2.0, -7.5, 2.0, -1.0] and filled.dtype == ms.float32
    g = ms.grad(lambda x: (ops.masked_fill(x, x > 0, 2.0) * x).sum())(a)
    assert g.asnumpy().tolist() == [2.0, -15.0, 2.0, -2.0]


def test_a_cells_own_parameters_get_no_gradient_through_its_bprop():
    class Scale(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(Tensor(np.array([2.0], np.float32)), name='w')

        def construct(self, a):
            return a * self.w

        def bprop(self, a, out, dout):
            return (dout * 10.0,)
    s = Scale()
    assert values(ms.grad(s, None, weights=s.trainable_params())(X)) == ([0.0],)
    assert values(ms.grad(s, 0, weights=s.trainable_params())(X)) == ([10.0], ([0.0],))


def test_review_fixes_of_the_integer_rules():
    r = -Tensor(3)                           # a 0-d result stays an array
    assert (r * 1.5).dtype == ms.float32 and (r / 2).dtype == ms.float32
    assert (Tensor([3]) // 1.5).dtype == ms.float32
    assert (Tensor(np.array([[1, 2]])) @ Tensor(np.ones((2, 1), np.float32))).dtype == ms.float32
    seen = []

    def fn(x):
        k = x.astype(ms.int32)               # an integer carries no derivative
        seen.extend([(k * 1.5).dtype, ops.exp(k).dtype, (-k).dtype])
        return (x * x).sum()
    ms.grad(fn)(Tensor(np.array([1.0, 2.0], np.float32)))
    assert seen == [ms.float32, ms.float32, ms.int32]


def test_item_assignment_is_in_place_when_nothing_else_holds_the_array():
    t = Tensor(np.zeros(5))
    t[0] = 1.0
    first = id(t._data)        # (an id: holding the array itself would force a copy)
    t[1] = 2.0
    assert id(t._data) == first                # no copy per write
    view = t[1:3]
    t[2] = 3.0                                 # another Tensor views it: copy
    assert id(t._data) != first and view.asnumpy().tolist() == [2.0, 0.0]
    a = np.zeros(3)
    Tensor.from_numpy(a)[0] = 5.0
    assert a[0] == 5.0                         # from_numpy shares, writes too
    p = ms.Parameter(Tensor(np.ones(2)), name="p")
    snapshot = Tensor(p)
    p.set_data(Tensor(np.zeros(2)))
    p._data[0] = 9.0
    assert snapshot.asnumpy().tolist() == [1.0, 1.0]


def test_grad_operation_passes_keyword_arguments():
    def scaled(a, b=Tensor([2.0])):
        return a * a * b
    assert values(ops.GradOperation()(scaled)(X, b=Y)) == [30.0]


def test_compiled_ops_report_their_signatures():
    import inspect
    assert str(inspect.signature(ops.sin)) == "(input)"
    assert str(inspect.signature(ops.add)) == "(input, other)"
    assert str(inspect.signature(ops.pow)) == "(input, exponent)"
    assert str(inspect.signature(ops.div)) == "(input, other, *, rounding_mode=None)"
    assert "transpose_b=False" in str(inspect.signature(ops.matmul))
    assert str(inspect.signature(ops.reshape)) == "(input, shape)"    # (no engine-internal nb)
    # the names it reports are the ones the call accepts
    x = Tensor(np.array([0.5, 1.0]))
    np.testing.assert_array_equal(ops.sin(input=x).asnumpy(), np.sin(x.asnumpy()))
    np.testing.assert_array_equal(ops.add(input=x, other=x).asnumpy(), 2 * x.asnumpy())
    np.testing.assert_array_equal(ops.pow(x, exponent=3).asnumpy(), x.asnumpy() ** 3)
    np.testing.assert_array_equal(ops.sin(x=x).asnumpy(), np.sin(x.asnumpy()))  # older name
    assert str(inspect.signature(ops.sqrt)) == "(x)"                         # MindSpore's
    with pytest.raises(TypeError, match=r"sin\(\) takes one argument, 'input'"):
        ops.sin(x, x=x)
    with pytest.raises(TypeError, match=r"sqrt\(\) takes one argument, 'x'"):
        ops.sqrt()
    with pytest.raises(TypeError, match=r"sin\(\) takes one argument, 'input', got 2"):
        ops.sin(x, 2)
    with pytest.raises(TypeError, match=r"abs\(\) takes one argument, 'input', got 2"):
        x.abs("abc")
    for name in dir(ops):
        fn = getattr(ops, name)
        if type(fn).__name__ in ("UnaryTensorFunction", "BinaryTensorFunction",
                                 "PowTensorFunction", "DivTensorFunction", "TensorFunction"):
            inspect.signature(fn)
    # help() shows them too (pydoc documents routines with their signatures)
    import pydoc
    for fn, shown in ((ops.sin, "sin(input)"), (ops.add, "add(input, other)"),
                      (ops.norm, "norm(A, ord=None, dim=None, keepdim=False, *, dtype=None)")):
        assert shown in pydoc.render_doc(fn, renderer=pydoc.plaintext)

    class Holder:                   # as a class attribute each stays the function
        sin, add, norm = ops.sin, ops.add, ops.norm
    assert Holder().sin is ops.sin and Holder.add is ops.add and Holder().norm is ops.norm
    assert Holder().sin(0.0) == 0.0


def test_tensors_passed_by_keyword_are_unwrapped_and_the_result_wrapped():
    x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    for out in (ops.sum(input=x), ops.softmax(input=x, axis=0), ops.stack(tensors=[x, x])):
        assert isinstance(out, Tensor), type(out).__name__
    clipped = ops.clip(x, min=Tensor(2.0), max=Tensor(3.0))
    np.testing.assert_array_equal(clipped.asnumpy(), [[2.0, 2.0], [3.0, 3.0]])
    # dualgrad's older names still run
    np.testing.assert_array_equal(ops.clip(x, low=Tensor(2.0), high=Tensor(3.0)).asnumpy(),
                                  clipped.asnumpy())
    assert isinstance(ops.stack(xs=[x, x]), Tensor)


def test_mindspores_common_import_paths():
    import dualgrad.common.dtype as mstype
    from dualgrad.common import initializer as common_initializer
    from dualgrad.common.initializer import Normal, initializer
    from dualgrad.nn import initializers
    assert ms.dtype is mstype and mstype.float32 is ms.float32 and mstype.double is ms.float64
    assert initializer is initializers.initializer and Normal is initializers.Normal
    assert set(common_initializer.__all__) == set(initializers.__all__)
    ms.set_seed(3)
    a = initializer(Normal(0.02), [2, 3], ms.float32)
    ms.set_seed(3)
    b = initializers.initializer(initializers.Normal(0.02), [2, 3], ms.float32)
    np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert a.asnumpy().std() > 0
    # from_numpy shares memory; Tensor(...) copies; a Parameter is a Tensor
    array = np.array([1.0, 2.0], np.float32)
    shared, copied = ms.from_numpy(array), Tensor(array)
    array[0] = 5.0
    assert shared.asnumpy()[0] == 5.0 and copied.asnumpy()[0] == 1.0
    assert ms.is_tensor(shared) and ms.is_tensor(ms.Parameter(shared, name="p"))
    assert not ms.is_tensor(array)


def test_mindspores_dtype_aliases_and_conversions():
    import builtins
    import dualgrad.common.dtype as mstype
    # MindSpore 2.10's aliases: ms.int is int32, ms.byte int8, ms.long int64
    aliases = {"double": ms.float64, "float": ms.float32, "single": ms.float32,
               "half": ms.float16, "int": ms.int32, "intc": ms.int32, "long": ms.int64,
               "intp": ms.int64, "short": ms.int16, "byte": ms.int8, "ubyte": ms.uint8,
               "bool": ms.bool_}
    for name, dtype in aliases.items():
        assert getattr(ms, name) is dtype and getattr(mstype, name) is dtype, name
    assert Tensor([1, 2], ms.int).asnumpy().dtype == np.int32
    # a dtype given by name is the attribute of that name, whatever NumPy reads
    for name in ("float", "int", "double", "half", "long", "short", "byte", "ubyte", "single"):
        assert Tensor([1, 2], name).dtype is getattr(ms, name), name
    assert ops.cast(Tensor([1.5]), ms.double).asnumpy().dtype == np.float64
    # the names that shadow builtins stay out of import *
    namespace = {}
    exec("from dualgrad import *", namespace)
    assert "float" not in namespace and "int" not in namespace and "bool" not in namespace
    assert namespace["double"] is ms.float64
    # MindSpore's conversions between dtypes and Python / NumPy types
    assert ms.dtype_to_nptype(ms.float32) is np.float32
    assert ms.dtype_to_nptype(ms.bool_) is np.bool_
    assert [ms.dtype_to_pytype(d) for d in (ms.half, ms.uint8, ms.int64, ms.bool_)] == [
        builtins.float, builtins.int, builtins.int, builtins.bool]
    assert ms.pytype_to_dtype(builtins.float) is ms.float64      # as MindSpore's
    assert ms.pytype_to_dtype(builtins.int) is ms.int64
    assert ms.pytype_to_dtype(builtins.bool) is ms.bool_
    assert ms.pytype_to_dtype(np.int8) is ms.int8
    assert ms.pytype_to_dtype(np.dtype("float16")) is ms.float16
    assert ms.pytype_to_dtype(ms.float32) is ms.float32
    for bad in ("float32", str, complex, None):
        with pytest.raises(TypeError, match="pytype_to_dtype: obj must be"):
            ms.pytype_to_dtype(bad)
    with pytest.raises(TypeError, match="pytype_to_dtype: .*uint16 is not supported"):
        ms.pytype_to_dtype(np.uint16)
    for bad in (builtins.float, np.float32, "float32"):
        with pytest.raises(TypeError, match="dtype_to_nptype: type_ must be a dualgrad dtype"):
            ms.dtype_to_nptype(bad)
        with pytest.raises(TypeError, match="dtype_to_pytype: type_ must be a dualgrad dtype"):
            ms.dtype_to_pytype(bad)


def test_mindspores_tensor_function_and_context_module():
    from dualgrad import context
    t = Tensor([1.0, 2.0])
    made = ms.tensor(t)
    made[0] = 5.0                      # a copy: t stays
    assert t.asnumpy().tolist() == [1.0, 2.0] and made.asnumpy().tolist() == [5.0, 2.0]
    assert ms.tensor([1.0, 2.0]).dtype == ms.float32 and ms.tensor(3).dtype == ms.int64
    assert ms.tensor([1], ms.double).asnumpy().dtype == np.float64
    assert ms.tensor(shape=(2,), init="ones", dtype=ms.float64).asnumpy().tolist() == [1.0, 1.0]
    assert ms.tensor([1.0], device="CPU").asnumpy().tolist() == [1.0]
    with pytest.raises(ValueError, match="tensor: device must be None or 'CPU'"):
        ms.tensor([1.0], device="GPU")
    with pytest.raises(TypeError, match="tensor: device must be None or a str"):
        ms.tensor([1.0], device=0)
    # ``from mindspore import context`` scripts
    context.set_context(mode=context.GRAPH_MODE, device_target="CPU")
    assert context.get_context("mode") == ms.GRAPH_MODE
    context.set_context(mode=context.PYNATIVE_MODE)
    assert ms.get_context("mode") == ms.PYNATIVE_MODE
    with pytest.raises(ValueError, match="CPU"):
        context.set_context(device_target="Ascend")


def test_mindspores_ops_and_common_import_paths():
    from dualgrad.ops import composite as C, functional as F, operations as P
    from dualgrad.common import set_seed, manual_seed      # noqa: F401
    from dualgrad.common.api import jit
    from dualgrad.common.parameter import Parameter, ParameterTuple
    from dualgrad.common.tensor import Tensor as CommonTensor
    import dualgrad.common as common
    # F: the functions of ops, the same objects; P: the primitive classes; C: GradOperation
    assert F.sin is ops.sin and F.matmul is ops.matmul and F.stop_gradient is ops.stop_gradient
    assert "Sin" not in F.__all__ and "primitives" not in F.__all__ and "np" not in F.__all__
    assert all(callable(getattr(F, name)) for name in F.__all__)
    assert P.Sin is ops.Sin and P.MatMul is ops.MatMul and P.ReduceSum is ops.ReduceSum
    assert all(isinstance(getattr(P, name), type) for name in P.__all__)
    assert C.GradOperation is ops.GradOperation and C.zeros_like is ops.zeros_like
    x = Tensor([1.0, 2.0])
    grad_all = C.GradOperation(get_all=True)
    assert grad_all(lambda a: F.reduce_sum(P.Square()(a)))(x)[0].asnumpy().tolist() == [2.0, 4.0]
    # F.depend(value, expr) is value: eager code has already run expr
    assert F.depend(x, F.sin(x)) is x and P.Depend()(x, 3) is x
    assert CommonTensor is Tensor and Parameter is ms.Parameter
    assert ParameterTuple is ms.ParameterTuple and jit is ms.jit
    assert common.set_seed is ms.set_seed and common.double is ms.float64
    assert common.int is ms.int32 and common.float is ms.float32


def test_manual_seed_seed_and_initial_seed():
    ms.set_seed(11)
    ms.manual_seed(4)
    first = (ops.randn(3).asnumpy(), nn.Dense(2, 2).weight.asnumpy())
    ms.manual_seed(4)
    again = (ops.randn(3).asnumpy(), nn.Dense(2, 2).weight.asnumpy())
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert ms.initial_seed() == 4 and ms.get_seed() == 11     # set_seed's stays, as in MindSpore
    chosen = ms.seed()
    assert isinstance(chosen, int) and 0 <= chosen < 2 ** 32 and ms.initial_seed() == chosen
    drawn = ops.rand(4).asnumpy()
    ms.manual_seed(chosen)
    np.testing.assert_array_equal(ops.rand(4).asnumpy(), drawn)
    with pytest.raises(TypeError, match="seed"):
        ms.manual_seed(1.5)
    with pytest.raises(TypeError, match="seed"):
        ms.manual_seed(True)
    with pytest.raises(ValueError, match=r"seed: expected an int in \[0, 2\*\*32\)"):
        ms.manual_seed(-1)


# The parameter names of MindSpore 2.10's functions (inspect.signature there),
# for the functions added with keyword-argument unwrapping: a call written for
# MindSpore with keywords runs unchanged.
MINDSPORE_PARAMETERS = {
    "leaky_relu": ["input", "alpha"], "elu": ["input_x", "alpha"], "celu": ["x", "alpha"],
    "selu": ["input_x"], "relu6": ["x"], "hardtanh": ["input", "min_val", "max_val"],
    "hardsigmoid": ["input"], "hardswish": ["input"], "mish": ["x"], "softsign": ["x"],
    "tanhshrink": ["input"], "logsigmoid": ["x"], "softmax": ["input", "axis", "dtype"],
    "softmin": ["x", "axis", "dtype"], "log_softmax": ["logits", "axis"],
    "norm": ["A", "ord", "dim", "keepdim", "dtype"], "cumsum": ["x", "axis", "dtype"],
    "prod": ["input", "axis", "keep_dims", "dtype"], "cumprod": ["input", "dim", "dtype"],
    "trace": ["input"], "flip": ["input", "dims"], "sort": ["input_x", "axis", "descending"],
    "logaddexp": ["input", "other"], "isnan": ["input"],
    # the rule table's elementwise functions, and the shape operations
    "sin": ["input"], "exp": ["input"], "sqrt": ["input"], "abs": ["input"],
    "add": ["input", "other"], "mul": ["input", "other"], "maximum": ["input", "other"],
    "atan2": ["input", "other"], "pow": ["input", "exponent"],
    "div": ["input", "other", "rounding_mode"], "subtract": ["input", "other", "alpha"],
    "true_divide": ["dividend", "divisor"], "reshape": ["input", "shape"],
    "broadcast_to": ["input", "shape"], "expand_dims": ["input_x", "axis"],
    "unsqueeze": ["input", "dim"], "squeeze": ["input", "axis"], "transpose": ["input", "dims"],
    "permute": ["input", "axis"], "cast": ["input", "dtype"], "concat": ["tensors", "axis"],
    "stack": ["tensors", "axis"], "where": ["condition", "input", "other"],
    "clamp": ["input", "min", "max"], "logsumexp": ["input", "dim", "keepdim"],
    "amax": ["input", "axis", "keepdims"], "zeros": ["size", "dtype"],
    "sqrt": ["x"], "floor_div": ["x", "y"], "floor_mod": ["x", "y"],
    "floor_divide": ["input", "other"], "remainder": ["input", "other"],
    "equal": ["input", "other"], "logical_not": ["input"], "argmax": ["input", "dim", "keepdim"],
    "argmin": ["input", "axis", "keepdims"], "std": ["input", "axis", "ddof", "keepdims"],
    "all": ["input", "axis", "keep_dims"], "masked_fill": ["input_x", "mask", "value"],
    "fmod": ["input", "other"], "ravel": ["input"], "ceil": ["input"], "erfc": ["input"],
}


@pytest.mark.parametrize("name", sorted(MINDSPORE_PARAMETERS))
def test_new_functions_take_mindspores_parameter_names(name):
    import inspect
    fn = getattr(ops, name)
    params = MINDSPORE_PARAMETERS[name]
    assert list(inspect.signature(fn).parameters) == params
    x = Tensor(np.array([[-1.5, 0.5, 2.0], [3.0, -0.25, 1.0]], np.float32))
    extra = {"axis": 1, "dims": (1,), "dim": 1, "other": x, "input": x, "exponent": x,
             "divisor": x, "shape": (3, 2), "min": 0.0, "max": 1.0, "dtype": ms.float64,
             "rounding_mode": "floor", "alpha": 2, "keepdims": True, "keepdim": True}
    extra.update({"transpose": {"dims": (1, 0)}, "permute": {"axis": (1, 0)},
                  "squeeze": {"axis": None}, "broadcast_to": {"shape": (2, 2, 3)}}.get(name, {}))
    extra.update({"y": x, "mask": x > 0, "value": 0.0, "ddof": 1})
    first = {"concat": [x, x], "stack": [x, x], "where": x > 0, "zeros": (2, 3)}.get(name, x)
    given = {p: extra[p] for p in params[1:] if p in extra}
    by_keyword, by_position = fn(**{params[0]: first}, **given), fn(first, **given)
    if not isinstance(by_keyword, tuple):
        by_keyword, by_position = (by_keyword,), (by_position,)
    for a, b in zip(by_keyword, by_position):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def test_max_and_min_apply_initial_and_where_as_mindspore():
    # Before, ops.max/ops.min took initial and where and ignored them.
    x = Tensor(np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], np.float32))
    mask = Tensor(np.array([[True, False, True], [True, True, False]]))
    values, indices = ops.max(x, 1, keepdims=True, initial=4.5)
    assert values.asnumpy().tolist() == [[4.5], [5.0]]
    assert indices.asnumpy().tolist() == [[0], [1]]          # 0 where initial is chosen
    values, indices = ops.min(x, 0, initial=-3.0)
    assert values.asnumpy().tolist() == [-3.0, -3.0, -6.0] and indices.asnumpy().tolist() == [0, 0, 1]
    values, indices = ops.min(x, 1, where=mask, initial=2.0)
    assert values.asnumpy().tolist() == [1.0, 2.0] and indices.asnumpy().tolist() == [0, 0]
    values, indices = ops.max(x, 1, where=mask, initial=0.0)
    assert values.asnumpy().tolist() == [3.0, 5.0] and indices.asnumpy().tolist() == [2, 1]
    ints, _ = ops.max(Tensor(np.array([[1, 2], [3, 4]], np.int32)), 1, initial=3)
    assert ints.dtype == ms.int32 and ints.asnumpy().tolist() == [3, 4]
    # over every axis too (MindSpore 2.10 ignores initial there)
    assert ops.min(x, initial=-10.0)[0].asnumpy() == -10.0
    # no derivative reaches elements that initial or the mask beat
    assert ms.grad(lambda t: ops.max(t, 1, initial=4.5)[0].sum())(x).asnumpy().tolist() == [
        [0, 0, 0], [0, 1, 0]]
    assert ms.grad(lambda t: ops.max(t, 1, where=mask, initial=0.0)[0].sum())(
        x).asnumpy().tolist() == [[0, 0, 1], [0, 1, 0]]
    assert ms.vmap(lambda row: ops.max(row, 0, initial=3.5)[1])(x).asnumpy().tolist() == [0, 1]
    with pytest.raises(ValueError, match="max: initial must be given with a where mask"):
        ops.max(x, 1, where=mask)
    with pytest.raises(TypeError, match=r"min: axis must be an int or None, got \(0, 1\)"):
        ops.min(x, (0, 1))
    # Tensor.max(axis, initial=...) is the values form, as in MindSpore
    assert x.max(1, initial=4.5).asnumpy().tolist() == [4.5, 5.0]
    assert x.min(0, initial=-3.0).asnumpy().tolist() == [-3.0, -3.0, -6.0]
    assert isinstance(x.max(1), tuple)                        # max(dim): (values, indices)
