"""dualgrad.nn: Cell registration and naming, reprs, Dense, activations, losses,
differentiation through layers (first, second order, PINN pattern) and Cell.bprop.

Reference values marked "MindSpore 2.10" were printed by real MindSpore 2.10.0
on the CPU (scripts under /work/peers/oracle/nn/ when this was written).
"""
from collections import OrderedDict

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, ParameterTuple, Tensor, nn


# ---------------------------------------------------------------------------
# Helpers

def names(cell):
    return [n for n, _ in cell.parameters_and_names()]


def pnames(cell):
    return [p.name for p in cell.trainable_params()]


class MyNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.layers = nn.SequentialCell(nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2))
        self.scale = Parameter(Tensor(np.ones(2, np.float32)), name='scale')
        self.head = nn.Dense(2, 1)
        self.w = Parameter(Tensor(np.ones(1, np.float32)))
        self.named = Parameter(Tensor(np.ones(1, np.float32)), name='explicit')

    def construct(self, x):
        return self.head(self.layers(x) * self.scale) * self.w


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.net = MyNet()
        self.extra = nn.CellList([nn.Dense(1, 1), nn.ReLU(), nn.Dense(1, 1)])

    def construct(self, x):
        return self.net(x)


def fd_grad(f, arr, eps=1e-6):
    """Central finite differences of the scalar f() w.r.t. the float64 array ``arr`` (in place)."""
    out = np.zeros_like(arr)
    for idx in np.ndindex(arr.shape):
        old = arr[idx]
        arr[idx] = old + eps
        fp = f()
        arr[idx] = old - eps
        fm = f()
        arr[idx] = old
        out[idx] = (fp - fm) / (2 * eps)
    return out


def fd_params(loss, params, eps=1e-6):
    """Finite-difference gradients of loss() w.r.t. each Parameter (float64), in place."""
    return [fd_grad(lambda: float(loss().asnumpy()), p._data, eps) for p in params]


def mlp64(seed=0):
    ms.nn.initializers.set_seed(seed)
    return nn.SequentialCell(nn.Dense(3, 5, activation='tanh', dtype=ms.float64),
                             nn.Dense(5, 1, dtype=ms.float64))


# ---------------------------------------------------------------------------
# Parameter naming and order (MindSpore 2.10)

def test_own_parameters_first_then_subcells_in_assignment_order():
    n = MyNet()
    # MindSpore 2.10: structural names use the attribute; param.name keeps an explicit name.
    assert names(n) == ['scale', 'w', 'named', 'layers.0.weight', 'layers.0.bias',
                        'layers.2.weight', 'layers.2.bias', 'head.weight', 'head.bias']
    assert pnames(n) == ['scale', 'w', 'explicit', 'layers.0.weight', 'layers.0.bias',
                         'layers.2.weight', 'layers.2.bias', 'head.weight', 'head.bias']


def test_nested_names_are_prefixed_even_when_explicit():
    o = Outer()
    expected = ['net.scale', 'net.w', 'net.named', 'net.layers.0.weight', 'net.layers.0.bias',
                'net.layers.2.weight', 'net.layers.2.bias', 'net.head.weight',
                'net.head.bias', 'extra.0.weight', 'extra.0.bias', 'extra.2.weight',
                'extra.2.bias']
    assert names(o) == expected
    assert pnames(o) == expected
    assert list(o.parameters_dict()) == expected
    assert [(k, type(c).__name__) for k, c in o.cells_and_names()] == [
        ('', 'Outer'), ('net', 'MyNet'), ('net.layers', 'SequentialCell'),
        ('net.layers.0', 'Dense'), ('net.layers.1', 'Tanh'), ('net.layers.2', 'Dense'),
        ('net.head', 'Dense'), ('extra', 'CellList'), ('extra.0', 'Dense'),
        ('extra.1', 'ReLU'), ('extra.2', 'Dense')]
    assert list(o.name_cells()) == ['net', 'extra']
    gen = o.get_parameters()
    assert type(gen).__name__ == 'generator'
    assert [p.name for p in gen] == expected


def test_container_edits_rename_like_mindspore():
    o = Outer()
    o.net.layers.append(nn.Dense(2, 2))
    assert pnames(o)[7:9] == ['net.layers.3.weight', 'net.layers.3.bias']
    o.extra.insert(1, nn.Dense(1, 1))
    assert pnames(o)[-6:] == ['extra.0.weight', 'extra.0.bias', 'extra.1.weight',
                              'extra.1.bias', 'extra.3.weight', 'extra.3.bias']
    del o.extra[0]
    assert pnames(o)[-4:] == ['extra.0.weight', 'extra.0.bias', 'extra.2.weight',
                              'extra.2.bias']

    s = nn.SequentialCell([nn.Dense(2, 2), nn.ReLU(), nn.Dense(2, 2)])
    del s[1]
    assert pnames(s) == ['0.weight', '0.bias', '1.weight', '1.bias']
    assert list(s.name_cells()) == ['0', '1']
    s[0] = nn.Dense(2, 2)
    assert pnames(s) == ['0.weight', '0.bias', '1.weight', '1.bias']


def test_ordered_dict_keys_name_the_cells():
    s = nn.SequentialCell(OrderedDict([('fc1', nn.Dense(2, 2)), ('act', nn.ReLU()),
                                       ('fc2', nn.Dense(2, 2))]))
    assert pnames(s) == ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    del s[1]
    assert list(s.name_cells()) == ['fc1', 'fc2']
    s.append(nn.Dense(2, 2))
    assert pnames(s) == ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', '2.weight',
                         '2.bias']
    # MindSpore 2.10: a slice keeps the keys (and names).
    sl = nn.SequentialCell(nn.Dense(2, 2), nn.ReLU(), nn.Dense(2, 3))[1:]
    assert type(sl) is nn.SequentialCell and list(sl.name_cells()) == ['1', '2']
    assert pnames(sl) == ['2.weight', '2.bias']
    cl = nn.CellList([nn.Dense(2, 2), nn.ReLU(), nn.Dense(2, 3)])[1:]
    assert type(cl) is nn.CellList and pnames(cl) == ['1.weight', '1.bias']


def test_attribute_assignment_rules():
    class PT(nn.Cell):
        def __init__(self):
            super().__init__()
            self.ps = ParameterTuple([Parameter(Tensor([1.0]), name='a'),
                                      Parameter(Tensor([2.0]), name='b')])
            self.lst = [Parameter(Tensor([1.0]), name='c')]   # a list is not registered

    assert names(PT()) == ['a', 'b']

    class Re(nn.Cell):
        def __init__(self):
            super().__init__()
            self.a = Parameter(Tensor([1.0]), name='a')
            self.b = Parameter(Tensor([1.0]), name='b')
            self.a = Parameter(Tensor([2.0]), name='a2')     # replaces, keeps the slot

    r = Re()
    assert names(r) == ['a', 'b'] and [p.name for p in r.get_parameters()] == ['a2', 'b']
    r.a = Tensor([5.0])                                       # set_data on the Parameter
    assert type(r.a) is Parameter and r.a.asnumpy().tolist() == [5.0]
    r.b = None
    assert names(r) == ['a']
    with pytest.raises(TypeError, match="a"):
        r.a = 3
    c = MyNet()
    with pytest.raises(TypeError, match="layers"):
        c.layers = 3


def test_shared_cell_counts_once():
    class Shared(nn.Cell):
        def __init__(self):
            super().__init__()
            self.inner = nn.Dense(2, 2)
            self.inner2 = self.inner

    s = Shared()
    assert names(s) == ['inner.weight', 'inner.bias']
    assert pnames(s) == ['inner2.weight', 'inner2.bias']     # MindSpore 2.10 renames twice
    assert [k for k, _ in s.cells_and_names()] == ['', 'inner']


def test_trainable_untrainable_and_training_flag():
    d = nn.Dense(3, 2)
    assert isinstance(d.trainable_params(), list)
    d.bias.requires_grad = False
    assert [p.name for p in d.untrainable_params()] == ['bias']
    assert [p.name for p in d.trainable_params()] == ['weight']
    seq = nn.SequentialCell(nn.Dense(2, 2))
    assert not seq.training
    assert seq.set_train() is seq
    assert [c.training for _, c in seq.cells_and_names()] == [True, True]
    seq.set_train(False)
    assert not seq[0].training


def test_insert_param_and_child_checks():
    c = nn.Cell()
    c.insert_param_to_cell('w', Parameter(Tensor([1.0])))
    assert names(c) == ['w'] and c.w.name == 'w'
    with pytest.raises(KeyError):
        c.insert_param_to_cell('a.b', Parameter(Tensor([1.0])))
    with pytest.raises(TypeError):
        c.insert_param_to_cell('t', Tensor([1.0]))
    with pytest.raises(TypeError):
        c.insert_child_to_cell('x', 3)
    c.insert_child_to_cell('act', nn.ReLU())
    assert list(c.name_cells()) == ['act']


def test_subclass_that_forgets_super_init_still_registers():
    class Lazy(nn.Cell):
        def __init__(self):
            self.fc = nn.Dense(2, 1)

        def construct(self, x):
            return self.fc(x)

    assert pnames(Lazy()) == ['fc.weight', 'fc.bias']


def test_parameter_names_reach_return_ids():
    net = nn.SequentialCell(nn.Dense(2, 1))
    x = Tensor(np.ones((1, 2), np.float32))
    grads = ms.grad(lambda x: net(x).sum(), None, net.trainable_params(), return_ids=True)(x)
    assert [name for name, _ in grads] == ['0.weight', '0.bias']


# ---------------------------------------------------------------------------
# Reprs (MindSpore 2.10)

def test_reprs():
    assert repr(nn.Dense(3, 2)) == 'Dense(input_channels=3, output_channels=2, has_bias=True)'
    assert repr(nn.Dense(3, 2, has_bias=False)) == 'Dense(input_channels=3, output_channels=2)'
    assert repr(nn.Dense(3, 2, activation='relu')) == (
        'Dense(\n  input_channels=3, output_channels=2, has_bias=True, activation=ReLU()\n'
        '  (activation): ReLU()\n)')
    assert str(nn.SequentialCell(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2))) == (
        'SequentialCell(\n'
        '  (0): Dense(input_channels=3, output_channels=4, has_bias=True)\n'
        '  (1): ReLU()\n'
        '  (2): Dense(input_channels=4, output_channels=2, has_bias=True)\n)')
    assert repr(nn.CellList([nn.Dense(2, 2), nn.ReLU()])) == (
        'CellList(\n  (0): Dense(input_channels=2, output_channels=2, has_bias=True)\n'
        '  (1): ReLU()\n)')
    assert repr(nn.SequentialCell()) == 'SequentialCell()'
    for cell, text in [(nn.ReLU(), 'ReLU()'), (nn.Tanh(), 'Tanh()'), (nn.GELU(), 'GELU()'),
                       (nn.SiLU(), 'SiLU()'), (nn.Sigmoid(), 'Sigmoid()'),
                       (nn.MSELoss(), 'MSELoss()'), (nn.L1Loss(), 'L1Loss()')]:
        assert repr(cell) == text
    assert repr(Outer()).startswith('Outer(\n  (net): MyNet(\n    (layers): SequentialCell(\n'
                                    '      (0): Dense(input_channels=3')


def test_extend_repr_override():
    class Scaled(nn.Cell):
        def extend_repr(self):
            return 'factor=2'

    assert repr(Scaled()) == 'Scaled(factor=2)'


# ---------------------------------------------------------------------------
# Containers

def test_sequential_and_celllist_behave_as_lists():
    seq = nn.SequentialCell(nn.ReLU(), nn.Tanh())
    assert len(seq) == 2 and type(seq[-1]) is nn.Tanh
    assert [type(c) for c in seq] == [nn.ReLU, nn.Tanh]
    x = Tensor([-1.0, 1.0])
    assert np.allclose(seq(x).asnumpy(), np.tanh([0.0, 1.0]))
    with pytest.raises(IndexError):
        seq[3]
    with pytest.raises(TypeError, match="Cell"):
        nn.SequentialCell([nn.ReLU(), 3])
    cl = nn.CellList()
    cl.append(nn.ReLU())
    cl.extend([nn.Tanh(), nn.Dense(2, 2)])
    cl += [nn.Sigmoid()]
    assert len(cl) == 4 and [type(c) for c in cl][:2] == [nn.ReLU, nn.Tanh]
    assert pnames(cl) == ['2.weight', '2.bias']
    with pytest.raises(TypeError, match="Cell"):
        cl.append(3)
    with pytest.raises(NotImplementedError):
        cl(x)


# ---------------------------------------------------------------------------
# Dense

def test_dense_shapes_and_dtypes():
    d = nn.Dense(3, 2, weight_init='ones', bias_init='zeros')
    assert d.weight.shape == (2, 3) and d.bias.shape == (2,)
    assert d.weight.dtype == ms.float32
    assert d(Tensor(np.ones((4, 3), np.float32))).shape == (4, 2)
    assert d(Tensor(np.ones((4, 5, 3), np.float32))).shape == (4, 5, 2)
    out = d(Tensor(np.ones(3, np.float32)))          # MindSpore 2.10: [3., 3.]
    assert out.shape == (2,) and out.asnumpy().tolist() == [3.0, 3.0]
    d64 = nn.Dense(3, 2, dtype=ms.float64)
    assert d64.weight.dtype == ms.float64 and d64.bias.dtype == ms.float64
    # A Tensor init keeps its own dtype (MindSpore 2.10).
    assert nn.Dense(3, 2, weight_init=Tensor(np.ones((2, 3)))).weight.dtype == ms.float64
    assert nn.Dense(3, 2, weight_init=2.0).weight.asnumpy().tolist() == [[2.0] * 3] * 2
    nb = nn.Dense(3, 2, has_bias=False, weight_init='ones')
    assert pnames(nb) == ['weight'] and nb.bias is None
    assert nb(Tensor(np.ones((1, 3), np.float32))).asnumpy().tolist() == [[3.0, 3.0]]


def test_dense_forward_matches_numpy_with_activation():
    w = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])
    b = np.array([0.1, -0.2])
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]])
    d = nn.Dense(3, 2, weight_init=Tensor(w), bias_init=Tensor(b), activation='tanh')
    assert np.allclose(d(Tensor(x)).asnumpy(), np.tanh(x @ w.T + b), rtol=1e-14)
    d2 = nn.Dense(3, 2, weight_init=Tensor(w), bias_init=Tensor(b), activation=nn.Sigmoid())
    assert np.allclose(d2(Tensor(x)).asnumpy(), 1 / (1 + np.exp(-(x @ w.T + b))))


def test_dense_default_init_bounds():
    ms.nn.initializers.set_seed(3)
    d = nn.Dense(100, 50)
    w, b = d.weight.asnumpy(), d.bias.asnumpy()
    # HeUniform(sqrt(5)) and Uniform(1/sqrt(in)): both U(-0.1, 0.1) for in=100.
    assert np.abs(w).max() <= 0.1 and np.abs(b).max() <= 0.1
    assert np.abs(w).max() > 0.095 and abs(w.std() - 0.1 / np.sqrt(3)) < 0.003
    assert abs(w.mean()) < 0.005


@pytest.mark.parametrize("name, check", [
    ('normal', lambda a: abs(a.std() - 0.01) < 5e-4 and abs(a.mean()) < 5e-4),
    ('Normal', lambda a: abs(a.std() - 0.01) < 5e-4),
    ('uniform', lambda a: np.abs(a).max() <= 0.07 and abs(a.std() - 0.07 / np.sqrt(3)) < 2e-3),
    ('zeros', lambda a: (a == 0).all()),
    ('zero', lambda a: (a == 0).all()),
    ('ones', lambda a: (a == 1).all()),
    ('ONE', lambda a: (a == 1).all()),
    ('xavier_uniform', lambda a: np.abs(a).max() <= np.sqrt(6 / 300)
     and abs(a.std() - np.sqrt(2 / 300)) < 3e-3),
    ('XavierUniform', lambda a: np.abs(a).max() <= np.sqrt(6 / 300)),
    ('xavier_normal', lambda a: abs(a.std() - np.sqrt(2 / 300)) < 3e-3),
    ('he_uniform', lambda a: np.abs(a).max() <= np.sqrt(6 / 100)
     and abs(a.std() - np.sqrt(2 / 100)) < 4e-3),
    ('heuniform', lambda a: np.abs(a).max() <= np.sqrt(6 / 100)),
    ('he_normal', lambda a: abs(a.std() - np.sqrt(2 / 100)) < 4e-3),
    ('truncatednormal', lambda a: abs(a.std() - 0.01) < 5e-4 and np.abs(a).max() <= 2.0),
    ('identity', lambda a: (a == np.eye(200, 100)).all()),
    ('orthogonal', lambda a: np.allclose(a.T.astype(np.float64) @ a, np.eye(100), atol=1e-5)),
])
def test_named_initializers(name, check):
    a = nn.initializer(name, [200, 100], ms.float32).asnumpy()
    assert a.shape == (200, 100) and a.dtype == np.float32
    assert check(a)


def test_initializer_forms_and_tensor_init():
    t = Tensor(shape=(2, 3), dtype=ms.float64, init='ones')
    assert t.dtype == ms.float64 and t.asnumpy().tolist() == [[1.0] * 3] * 2
    t = Tensor(shape=(2,), init=nn.initializers.Constant(2.5))
    assert t.dtype == ms.float32 and t.asnumpy().tolist() == [2.5, 2.5]
    assert nn.initializer(2.5, [2]).asnumpy().tolist() == [2.5, 2.5]
    given = Tensor(np.arange(3.0))
    assert nn.initializer(given, [3]) is given
    a = nn.initializers.initialize(nn.initializers.TruncatedNormal(sigma=1.0), (2000,))
    assert np.abs(a).max() <= 2.0 and a.std() > 0.8
    with pytest.raises(ValueError, match="truncated_normal"):
        nn.initializer('truncated_normal', [2])
    with pytest.raises(ValueError, match="shape"):
        nn.initializer('zeros', [0])
    with pytest.raises(ValueError, match="shape"):
        nn.initializer(Tensor(np.ones(3)), [2])
    with pytest.raises(TypeError, match="init"):
        nn.initializer(object(), [2])


def test_set_seed_makes_initialisation_reproducible():
    nn.initializers.set_seed(1)
    a = nn.Dense(3, 2).weight.asnumpy()
    nn.initializers.set_seed(1)
    b = nn.Dense(3, 2).weight.asnumpy()
    c = nn.Dense(3, 2).weight.asnumpy()
    assert np.array_equal(a, b) and not np.array_equal(b, c)
    assert nn.initializers.get_seed() == 1
    with pytest.raises(TypeError, match="seed"):
        nn.initializers.set_seed(1.5)
    with pytest.raises(ValueError, match="seed"):
        nn.initializers.set_seed(-1)


def test_dense_bad_input():
    with pytest.raises(ValueError, match=r"in_channels=3"):
        nn.Dense(3, 2)(Tensor(np.ones((4, 5), np.float32)))
    with pytest.raises(ValueError, match=r"in_channels=3"):
        nn.Dense(3, 2)(Tensor(np.ones(5, np.float32)))
    with pytest.raises(ValueError, match=r"in_channels=3"):
        nn.Dense(3, 2)(Tensor(1.0))
    with pytest.raises(TypeError, match="Float64.*Float32"):
        nn.Dense(3, 2)(Tensor(np.ones((1, 3))))
    with pytest.raises(ValueError, match=r"weight_init.*\(2, 3\)"):
        nn.Dense(3, 2, weight_init=Tensor(np.ones((3, 2), np.float32)))
    with pytest.raises(ValueError, match=r"bias_init.*\(2,\)"):
        nn.Dense(3, 2, bias_init=Tensor(np.ones(3, np.float32)))
    with pytest.raises(ValueError, match="weight_init"):
        nn.Dense(3, 2, weight_init=np.ones((2, 2)))
    with pytest.raises(ValueError, match="in_channels"):
        nn.Dense(0, 2)
    with pytest.raises(TypeError, match="in_channels"):
        nn.Dense(3.0, 2)
    with pytest.raises(TypeError, match="has_bias"):
        nn.Dense(3, 2, has_bias=1)
    with pytest.raises(ValueError, match="activation"):
        nn.Dense(3, 2, activation='bad')
    with pytest.raises(TypeError, match="activation"):
        nn.Dense(3, 2, activation=3)
    with pytest.raises(TypeError, match="instance"):
        nn.Dense(3, 2, activation=nn.ReLU)
    with pytest.raises(ValueError, match="unknown initializer"):
        nn.Dense(3, 2, weight_init='glorot')


# ---------------------------------------------------------------------------
# Activations (MindSpore 2.10 values at [-1, 0.5, 2], float32)

@pytest.mark.parametrize("cell, value, grad", [
    (nn.GELU(), [-0.15880799293518066, 0.3457140028476715, 1.9545977115631104],
     [-0.08296407759189606, 0.8673698902130127, 1.0860992670059204]),
    (nn.GELU(approximate=False), [-0.15865525603294373, 0.3457312285900116, 1.9544997215270996],
     [-0.08331543207168579, 0.8674951195716858, 1.0852317810058594]),
    (nn.SiLU(), [-0.2689415514469147, 0.3112297058105469, 1.761594295501709],
     [0.0723295509815216, 0.7399612665176392, 1.0907841920852661]),
    (nn.Sigmoid(), [0.2689415514469147, 0.6224594116210938, 0.8807971477508545],
     [0.19661200046539307, 0.23500369489192963, 0.10499352961778641]),
    (nn.Tanh(), [-0.7615941762924194, 0.46211716532707214, 0.9640275835990906],
     [0.41997429728507996, 0.7864477038383484, 0.07065081596374512]),
    (nn.ReLU(), [0.0, 0.5, 2.0], [0.0, 1.0, 1.0]),
    (nn.Softplus(), list(np.log1p(np.exp([-1.0, 0.5, 2.0]))),
     list(1 / (1 + np.exp([1.0, -0.5, -2.0])))),
])
def test_activation_values_and_gradients(cell, value, grad):
    x = Tensor(np.array([-1.0, 0.5, 2.0], np.float32))
    assert cell(x).dtype == ms.float32
    assert np.allclose(cell(x).asnumpy(), value, rtol=2e-6, atol=1e-7)
    assert np.allclose(ms.grad(cell)(x).asnumpy(), grad, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize("cell", [nn.GELU(), nn.GELU(False), nn.SiLU(), nn.Sigmoid(), nn.Tanh(),
                                  nn.Softplus(), nn.Softplus(beta=2.0)])
def test_activation_second_derivative_matches_finite_differences(cell):
    # MindSpore 2.10 cannot do this for the default GELU ("GeLUGrad's bprop not defined").
    x = np.array([-1.3, 0.2, 1.7])
    d1 = ms.grad(cell)
    d2 = ms.grad(ms.grad(cell))(Tensor(x)).asnumpy()
    h = 1e-5
    fd = (d1(Tensor(x + h)).asnumpy() - d1(Tensor(x - h)).asnumpy()) / (2 * h)
    assert np.allclose(d2, fd, rtol=1e-8, atol=1e-9)


def test_activation_argument_checks():
    with pytest.raises(TypeError, match="approximate"):
        nn.GELU(approximate='tanh')
    with pytest.raises(ValueError, match="beta"):
        nn.Softplus(beta=0)
    assert type(nn.get_activation('GELU')) is nn.GELU


# ---------------------------------------------------------------------------
# Losses (MindSpore 2.10)

P = np.array([[1., 2.], [3., 4.]], np.float32)
T = np.array([[1., 0.], [5., 4.]], np.float32)


@pytest.mark.parametrize("cls, reduction, expected", [
    (nn.MSELoss, 'mean', 2.0), (nn.MSELoss, 'sum', 8.0),
    (nn.MSELoss, 'none', [[0., 4.], [4., 0.]]),
    (nn.L1Loss, 'mean', 1.0), (nn.L1Loss, 'sum', 4.0),
    (nn.L1Loss, 'none', [[0., 2.], [2., 0.]]),
])
def test_loss_reductions(cls, reduction, expected):
    for dtype, ms_dtype in [(np.float32, ms.float32), (np.float64, ms.float64)]:
        out = cls(reduction=reduction)(Tensor(P.astype(dtype)), Tensor(T.astype(dtype)))
        assert out.dtype == ms_dtype
        assert out.shape == np.shape(expected)
        assert np.array_equal(out.asnumpy(), expected)


def test_loss_details():
    assert repr(nn.MSELoss()(Tensor(P), Tensor(T))) == 'Tensor(shape=[], dtype=Float32, value= 2)'
    assert float(nn.MSELoss()(Tensor([1.0, 2.0]), Tensor([0.0, 0.0])).asnumpy()) == 2.5
    assert float(nn.MSELoss()(Tensor(P), Tensor([1.0, 2.0])).asnumpy()) == 2.0  # broadcast
    assert np.array_equal(ms.grad(nn.MSELoss())(Tensor(P), Tensor(T)).asnumpy(),
                          [[0., 1.], [-1., 0.]])
    assert np.array_equal(ms.grad(nn.L1Loss())(Tensor(P), Tensor(T)).asnumpy(),
                          [[0., 0.25], [-0.25, 0.]])
    with pytest.raises(ValueError, match=r"For 'MSELoss', the 'reduction' must be in "
                                         r"\['mean', 'sum', 'none'\], but got bad\."):
        nn.MSELoss(reduction='bad')
    with pytest.raises(ValueError, match="L1Loss"):
        nn.L1Loss(reduction='MEAN')


# ---------------------------------------------------------------------------
# Differentiation through Dense / SequentialCell

def test_weight_gradients_match_finite_differences_and_numpy():
    net = mlp64()
    x = Tensor(np.random.default_rng(0).normal(size=(4, 3)))
    t = Tensor(np.random.default_rng(1).normal(size=(4, 1)))
    loss_fn = nn.MSELoss()
    params = net.trainable_params()

    def loss(x=x):
        return loss_fn(net(x), t)

    grads = ms.grad(lambda x: loss(x), None, params)(x)
    assert [g.shape for g in grads] == [p.shape for p in params]
    assert all(g.dtype == ms.float64 for g in grads)
    for g, fd in zip(grads, fd_params(loss, params)):
        assert np.allclose(g.asnumpy(), fd, rtol=1e-7, atol=1e-9)

    # Hand-written backward pass of MSE(tanh(x W1^T + b1) W2^T + b2).
    (w1, b1), (w2, b2) = [(p.asnumpy(), q.asnumpy()) for p, q in zip(params[::2], params[1::2])]
    xv, tv = x.asnumpy(), t.asnumpy()
    h = np.tanh(xv @ w1.T + b1)
    y = h @ w2.T + b2
    dy = 2 * (y - tv) / y.size
    dh = dy @ w2
    dz = dh * (1 - h ** 2)
    manual = [dz.T @ xv, dz.sum(0), dy.T @ h, dy.sum(0)]
    for g, m in zip(grads, manual):
        assert np.allclose(g.asnumpy(), m, rtol=1e-12, atol=1e-15)


def test_input_and_weight_gradients_together_and_value():
    net = mlp64()
    x = Tensor(np.random.default_rng(2).normal(size=(3, 3)))
    value, (gx, gw) = ms.value_and_grad(lambda x: net(x).sum(), 0, net.trainable_params())(x)
    assert np.allclose(value.asnumpy(), net(x).asnumpy().sum())
    xa = x.asnumpy().copy()
    fd = fd_grad(lambda: float(net(Tensor(xa)).asnumpy().sum()), xa)
    assert np.allclose(gx.asnumpy(), fd, rtol=1e-7, atol=1e-9)
    assert len(gw) == 4


def test_float32_training_loop_example_runs():
    net = nn.Dense(10, 1)
    loss_fn = nn.MSELoss()

    def forward(inputs, labels):
        logits = net(inputs)
        return loss_fn(logits, labels), logits

    inputs = Tensor(np.random.randn(16, 10).astype(np.float32))
    labels = Tensor(np.random.randn(16, 1).astype(np.float32))
    inputs_gradient, (aux_logits,) = ms.grad(forward, grad_position=0, weights=None,
                                             has_aux=True)(inputs, labels)
    assert len(inputs_gradient) == 16 and aux_logits.shape == (16, 1)


def test_grad_of_grad_through_dense_matches_finite_differences():
    net = mlp64(4)
    x = np.random.default_rng(3).normal(size=(2, 3))
    first = ms.grad(net)
    second = ms.grad(ms.grad(net))(Tensor(x)).asnumpy()
    assert second.shape == (2, 3)
    xa = x.copy()
    fd = fd_grad(lambda: float(first(Tensor(xa)).asnumpy().sum()), xa, eps=1e-5)
    assert np.allclose(second, fd, rtol=1e-7, atol=1e-9)
    # The same through the hessian transform (forward over reverse).
    hess = ms.hessian(lambda v: net(v).sum())(Tensor(x)).asnumpy()
    assert np.allclose(hess.reshape(6, 6).sum(0), second.ravel(), rtol=1e-12, atol=1e-14)


def test_pinn_pattern_weights_gradient_of_second_derivative_loss():
    """value_and_grad w.r.t. weights of a loss built from grad(grad(net))."""
    net = mlp64(5)
    x = Tensor(np.random.default_rng(4).normal(size=(3, 3)))
    params = net.trainable_params()

    def loss():
        uxx = ms.grad(ms.grad(net))(x)
        return (uxx * uxx).sum()

    value, grads = ms.value_and_grad(lambda: loss(), None, params)()
    assert np.allclose(value.asnumpy(), loss().asnumpy())
    for g, fd in zip(grads, fd_params(loss, params)):
        assert np.allclose(g.asnumpy(), fd, rtol=1e-6, atol=1e-9)


def test_pinn_laplacian_residual_weights_gradient():
    """Reverse over hyper-dual: grad w.r.t. weights of a loss using ms.laplacian(net)."""
    ms.nn.initializers.set_seed(6)
    net = nn.SequentialCell(nn.Dense(2, 6, activation='tanh', dtype=ms.float64),
                            nn.Dense(6, 6, activation=nn.SiLU(), dtype=ms.float64),
                            nn.Dense(6, 1, dtype=ms.float64))
    pts = Tensor(np.random.default_rng(5).uniform(-1, 1, size=(5, 2)))
    params = net.trainable_params()

    lap = ms.laplacian(net)(pts).asnumpy().ravel()
    hess = ms.hessian(lambda v: net(v[None])[0, 0])
    for i in range(5):
        h = hess(Tensor(pts.asnumpy()[i])).asnumpy()
        assert np.isclose(lap[i], np.trace(h), rtol=1e-12, atol=1e-13)

    def loss():
        r = ms.laplacian(net)(pts) - 1.0
        return (r * r).mean()

    _, grads = ms.value_and_grad(lambda: loss(), None, params)()
    for g, fd in zip(grads, fd_params(loss, params)):
        assert np.allclose(g.asnumpy(), fd, rtol=1e-6, atol=1e-9)


def test_forward_mode_through_dense():
    net = mlp64(7)
    x = np.random.default_rng(6).normal(size=(2, 3))
    v = np.random.default_rng(7).normal(size=(2, 3))
    out, tangent = ms.jvp(net, Tensor(x), Tensor(v))
    h = 1e-6
    fd = (net(Tensor(x + h * v)).asnumpy() - net(Tensor(x - h * v)).asnumpy()) / (2 * h)
    assert np.allclose(out.asnumpy(), net(Tensor(x)).asnumpy())
    assert np.allclose(tangent.asnumpy(), fd, rtol=1e-7, atol=1e-10)


def test_a_cell_called_on_hand_made_duals_returns_them():
    # As ops functions do: a Dual or HyperDual in, one out, with its parts
    # readable — although inside, mixing it with Parameters made Tensors.
    net = mlp64(8)
    rng = np.random.default_rng(9)
    x, v = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    d = net(ms.Dual(x, v))
    assert type(d) is ms.Dual
    out, tangent = ms.jvp(net, Tensor(x), Tensor(v))
    np.testing.assert_allclose(d.primal, out.asnumpy(), rtol=1e-15)
    np.testing.assert_allclose(d.tangent, tangent.asnumpy(), rtol=1e-13, atol=1e-15)
    e0, e2 = np.zeros_like(x), np.zeros_like(x)
    e0[:, 0], e2[:, 2] = 1.0, 1.0
    h = net(ms.HyperDual(x, e0, e2, np.zeros_like(x)))
    assert type(h) is ms.HyperDual
    u, u_0, u_2, u_02 = ms.partial(net, 0, 2, lower=True)(Tensor(x))
    for part, expected in ((h.real, u), (h.e1, u_0), (h.e2, u_2), (h.e12, u_02)):
        np.testing.assert_allclose(part, expected.asnumpy(), rtol=1e-13, atol=1e-15)
    # a tuple of outputs is unwrapped leaf by leaf; Tensors in, Tensors out
    pair = TwoOutputs(net)(ms.Dual(x, v))
    assert isinstance(pair, tuple) and all(type(p) is ms.Dual for p in pair)
    assert type(net(Tensor(x))) is Tensor


class TwoOutputs(nn.Cell):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def construct(self, x):
        assert type(x) is Tensor      # a Tensor inside, whatever came in
        y = self.inner(x)
        return y.squeeze(), y * 2


# ---------------------------------------------------------------------------
# Custom backward: Cell.bprop (MindSpore 2.10 semantics)

class Cube(nn.Cell):
    def construct(self, x):
        return x * x * x

    def bprop(self, x, out, dout):
        return (3 * x * x * dout,)


class FakeCube(nn.Cell):
    def construct(self, x):
        return x * x * x

    def bprop(self, x, out, dout):
        return (4 * x * dout,)


def test_bprop_first_order_uses_it_second_order_differentiates_it():
    x = Tensor([3.0])
    assert ms.grad(Cube())(x).asnumpy().tolist() == [27.0]
    assert ms.grad(ms.grad(Cube()))(x).asnumpy().tolist() == [18.0]
    assert ms.grad(FakeCube())(x).asnumpy().tolist() == [12.0]
    assert ms.grad(ms.grad(FakeCube()))(x).asnumpy().tolist() == [4.0]
    # Without a trace the cell just runs construct.
    assert FakeCube()(x).asnumpy().tolist() == [27.0]


def test_bprop_receives_dout_and_bare_tensor_result():
    class Square(nn.Cell):
        def construct(self, x):
            return x * x

        def bprop(self, x, out, dout):
            return dout * 100.0                      # a bare Tensor works too

    sq = Square()
    assert ms.grad(sq)(Tensor([3.0])).asnumpy().tolist() == [100.0]
    assert ms.grad(lambda x: 2 * sq(x))(Tensor([3.0])).asnumpy().tolist() == [200.0]
    assert ms.grad(ms.grad(sq))(Tensor([3.0])).asnumpy().tolist() == [0.0]


def test_parameters_in_a_bprop_cell_get_zero_gradient():
    class Scaled(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = Parameter(Tensor([2.0]), name='w')

        def construct(self, x):
            return x * x * self.w

        def bprop(self, x, out, dout):
            return (dout * 5.0,)

    s = Scaled()
    value, (gx, (gw,)) = ms.value_and_grad(s, 0, s.trainable_params())(Tensor([3.0]))
    assert value.asnumpy().tolist() == [18.0]
    assert gx.asnumpy().tolist() == [5.0] and gw.asnumpy().tolist() == [0.0]


def test_bprop_cell_inside_a_network_and_forward_mode():
    net = nn.SequentialCell(nn.Dense(1, 1, weight_init='ones', bias_init='zeros'), Cube())
    assert ms.grad(net)(Tensor([[2.0]])).asnumpy().tolist() == [[12.0]]
    # Forward mode uses the bprop too (MindSpore's jvp: the transpose of bprop).
    _, t = ms.jvp(FakeCube(), Tensor([3.0]), Tensor([1.0]))
    assert t.asnumpy().tolist() == [12.0]


def test_bprop_bad_results():
    class Short(nn.Cell):
        def construct(self, x, y):
            return x * y

        def bprop(self, x, y, out, dout):
            return (dout,)

    with pytest.raises(ValueError, match="2 input"):
        ms.grad(Short(), (0, 1))(Tensor([1.0]), Tensor([2.0]))
    with pytest.raises(TypeError, match="Cube: missing a required argument: 'x'"):
        Cube()(y=Tensor([1.0]))


def test_parameter_tuple_clone_initialises_like_mindspore():
    w = Parameter(Tensor(np.array([1.0, 2.0])), name="w")
    ones = ParameterTuple([w]).clone("stat", init="ones")
    assert ones[0].name == "stat.w" and ones[0].asnumpy().tolist() == [1.0, 1.0]
    assert ones[0].dtype == ms.float64 and ones[0].requires_grad
    same = ParameterTuple([w]).clone("copy")
    assert same[0].asnumpy().tolist() == [1.0, 2.0] and same[0]._data is not w._data
    assert ParameterTuple([w]).clone("c", init=3)[0].asnumpy().tolist() == [3.0, 3.0]


def test_parameter_clone_takes_mindspores_init_and_keeps_the_name():
    # MindSpore 2.10: Parameter.clone(init='same'); the clone keeps name and
    # requires_grad (dualgrad's clone once took a name prefix in that place, so
    # clone('zeros') gave a copy named 'zeros.w')
    w = Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="w", requires_grad=False)
    for clone, values in ((w.clone(), [1.0, 2.0]), (w.clone("zeros"), [0.0, 0.0]),
                          (w.clone(init=3.0), [3.0, 3.0])):
        assert clone.name == "w" and not clone.requires_grad and clone.dtype == ms.float32
        assert clone.asnumpy().tolist() == values and clone._data is not w._data
