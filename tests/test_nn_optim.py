"""dualgrad.nn optimizers: SGD, Momentum, Adam against MindSpore 2.10's numbers.

Every reference list below was printed by real MindSpore 2.10.0 on the CPU
(float32 parameters; scripts n1_facts.py and n3_optim_ref.py under
/work/peers/oracle/nn/ when this was written), starting from w = [1, -2].
MindSpore computes in float32 throughout (beta powers included), so Adam
agrees to float32 rounding, not bit for bit.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, nn

G1 = (Tensor(np.array([0.5, -1.0], np.float32)),)
G2 = (Tensor(np.array([0.1, 0.2], np.float32)),)
ZERO = (Tensor(np.array([0.0, 0.0], np.float32)),)


def make():
    return Parameter(Tensor(np.array([1.0, -2.0], np.float32)), name='w')


def run(build, grads):
    w = make()
    opt = build([w])
    out = []
    for g in grads:
        assert opt(g) == (True,)
        out.append(w.asnumpy().tolist())
    return out


# (optimizer, gradients, MindSpore 2.10 parameter values after each step)
CASES = {
    "SGD": (lambda p: nn.SGD(p, 0.1), [G1, G2],
            [[0.949999988079071, -1.899999976158142], [0.9399999976158142, -1.9199999570846558]]),
    "SGD momentum": (lambda p: nn.SGD(p, 0.1, momentum=0.9), [G1, G2],
                     [[0.949999988079071, -1.899999976158142],
                      [0.8949999809265137, -1.8299999237060547]]),
    "SGD dampening": (lambda p: nn.SGD(p, 0.1, momentum=0.9, dampening=0.3), [G1, G1],
                      [[0.949999988079071, -1.899999976158142],
                       [0.8700000047683716, -1.7400000095367432]]),
    "SGD nesterov": (lambda p: nn.SGD(p, 0.1, momentum=0.9, nesterov=True), [G1, G1],
                     [[0.9049999713897705, -1.809999942779541],
                      [0.7694999575614929, -1.5389999151229858]]),
    "SGD weight decay": (lambda p: nn.SGD(p, 0.1, weight_decay=0.1), [G1, G1],
                         [[0.9399999976158142, -1.8799999952316284],
                          [0.8805999755859375, -1.761199951171875]]),
    "SGD decay+loss scale": (lambda p: nn.SGD(p, 0.1, momentum=0.9, weight_decay=0.1,
                                              loss_scale=2.0), [G1, G1],
                             [[0.9649999737739563, -1.9299999475479126],
                              [0.8988499641418457, -1.7976999282836914]]),
    "SGD lr list": (lambda p: nn.SGD(p, [0.1, 0.2, 0.3]), [G1, G1, G1],
                    [[0.949999988079071, -1.899999976158142],
                     [0.8499999642372131, -1.6999999284744263],
                     [0.6999999284744263, -1.3999998569488525]]),
    "Momentum": (lambda p: nn.Momentum(p, 0.1, 0.9), [G1, G2],
                 [[0.949999988079071, -1.899999976158142],
                  [0.8949999809265137, -1.8299999237060547]]),
    "Momentum constant g": (lambda p: nn.Momentum(p, 0.1, 0.9), [G1, G1],
                            [[0.949999988079071, -1.899999976158142],
                             [0.8550000190734863, -1.7100000381469727]]),
    "Momentum decay+loss scale": (lambda p: nn.Momentum(p, 0.1, 0.9, weight_decay=0.1,
                                                        loss_scale=4.0), [G1, G1],
                                  [[0.9775000214576721, -1.9550000429153442],
                                   [0.9349750280380249, -1.8699500560760498]]),
    "Adam": (lambda p: nn.Adam(p, 0.1), [G1, G2],
             [[0.9000000357627869, -1.899999976158142], [0.8196962475776672, -1.8488975763320923]]),
    "Adam 3 steps": (lambda p: nn.Adam(p, 0.1), [G1, G1, G1],
                     [[0.9000000357627869, -1.899999976158142],
                      [0.8000004291534424, -1.8000003099441528],
                      [0.7000011801719666, -1.7000010013580322]]),
    # A large eps tells MindSpore's rule (eps added to sqrt(v), before bias
    # correction) from the textbook one (which would give 0.91666667).
    "Adam eps 0.1": (lambda p: nn.Adam(p, 0.1, eps=0.1), [G1, G2],
                     [[0.9863473773002625, -1.9759747982025146],
                      [0.975201427936554, -1.9635180234909058]]),
    "Adam nesterov": (lambda p: nn.Adam(p, 0.1, eps=0.1, use_nesterov=True), [G1, G1],
                      [[0.9740599989891052, -1.9543521404266357],
                       [0.9480004906654358, -1.9102845191955566]]),
    "Adam decay+loss scale+betas": (
        lambda p: nn.Adam(p, 0.1, beta1=0.8, beta2=0.9, eps=0.1, weight_decay=0.1,
                          loss_scale=2.0), [G1, G1],
        [[0.9474654197692871, -1.9311177730560303], [0.8872772455215454, -1.8559207916259766]]),
    "Adam lr list": (lambda p: nn.Adam(p, [0.1, 0.2], eps=0.1), [G1, G1],
                     [[0.9863473773002625, -1.9759747982025146],
                      [0.9498063325881958, -1.9141825437545776]]),
    "Adam g,0,0": (lambda p: nn.Adam(p, 0.1, eps=1e-3, beta2=0.5), [G1, ZERO, ZERO],
                   [[0.9002820253372192, -1.9001412391662598],
                    [0.8185644149780273, -1.8182605504989624],
                    [0.7399296164512634, -1.7394039630889893]]),
    "Adam amsgrad g,0,0": (lambda p: nn.Adam(p, 0.1, eps=1e-3, beta2=0.5, use_amsgrad=True),
                           [G1, ZERO, ZERO],
                           [[0.9002820253372192, -1.9001412391662598],
                            [0.8424314260482788, -1.842208981513977],
                            [0.8030031323432922, -1.8027249574661255]]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_updates_match_mindspore(case):
    build, grads, expected = CASES[case]
    got = run(build, grads)
    assert np.allclose(got, expected, rtol=2e-6, atol=2e-6), (got, expected)


def test_momentum_nesterov_follows_the_documented_rule():
    # MindSpore documents p -= lr * (g + momentum * v) for use_nesterov=True,
    # but 2.10's CPU kernel ignores the flag (it prints the plain momentum
    # numbers 0.95, 0.855).  We follow the documented rule; these are the
    # numbers it gives (hand-computed; identical to SGD(nesterov=True) here).
    got = run(lambda p: nn.Momentum(p, 0.1, 0.9, use_nesterov=True), [G1, G1])
    v1 = 0.5
    w1 = 1 - 0.1 * (0.5 + 0.9 * v1)
    v2 = 0.9 * v1 + 0.5
    w2 = w1 - 0.1 * (0.5 + 0.9 * v2)
    assert np.allclose([g[0] for g in got], [w1, w2], rtol=1e-6)


def test_adam_float64_matches_the_formula_exactly():
    w = Parameter(Tensor(np.array([1.0, -2.0])), name='w')
    opt = nn.Adam([w], learning_rate=0.1, beta1=0.9, beta2=0.999, eps=0.1)
    ref = np.array([1.0, -2.0])
    m = np.zeros(2)
    v = np.zeros(2)
    for t, g in enumerate([np.array([0.5, -1.0]), np.array([0.1, 0.2]), np.array([-0.3, 0.0])],
                          start=1):
        opt((Tensor(g),))
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        ref = ref - 0.1 * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t) * m / (np.sqrt(v) + 0.1)
        assert w.dtype == ms.float64
        assert np.allclose(w.asnumpy(), ref, rtol=1e-14, atol=0)


def test_training_loop_matches_mindspore():
    """Dense(2, 1) + MSELoss + value_and_grad + optimizer, three steps (MindSpore 2.10)."""
    reference = {
        'SGD': ([1.4433332681655884, 0.03003915213048458, 0.02163608931005001],
                [[0.47287246584892273, 0.10367439687252045]], [0.2180071771144867]),
        'Momentum': ([1.4433332681655884, 0.03003915213048458, 1.2813422679901123],
                     [[0.5983225107192993, 0.3334493339061737]], [0.3109571933746338]),
        'Adam': ([1.4433332681655884, 0.8918750286102295, 0.4789310395717621],
                 [[0.4469633400440216, -0.05278491601347923]], [0.2475305050611496]),
    }
    builders = {'SGD': lambda p: nn.SGD(p, 0.05), 'Momentum': lambda p: nn.Momentum(p, 0.05, 0.9),
                'Adam': lambda p: nn.Adam(p, 0.05)}
    x = Tensor(np.array([[1., 2.], [3., 4.], [-1., 0.5]], np.float32))
    y = Tensor(np.array([[1.], [2.], [0.]], np.float32))
    for name, (losses, weight, bias) in reference.items():
        net = nn.Dense(2, 1, weight_init=Tensor(np.array([[0.3, -0.2]], np.float32)),
                       bias_init=Tensor(np.array([0.1], np.float32)))
        loss_fn = nn.MSELoss()
        opt = builders[name](net.trainable_params())
        step = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, weights=opt.parameters)
        got = []
        for _ in range(3):
            loss, grads = step(x, y)
            assert type(grads) is tuple and len(grads) == 2
            opt(grads)
            got.append(float(loss.asnumpy()))
        assert np.allclose(got, losses, rtol=2e-6), name
        assert np.allclose(net.weight.asnumpy(), weight, rtol=2e-6, atol=1e-6), name
        assert np.allclose(net.bias.asnumpy(), bias, rtol=2e-6, atol=1e-6), name


def test_update_is_in_place_and_not_traced():
    w = make()
    data = w._data
    nn.SGD([w], 0.1)(G1)
    assert w._data is data
    assert data.tolist() == pytest.approx([0.95, -1.9])


def test_optimizer_attributes():
    w = make()
    opt = nn.SGD([w], 0.1)
    assert type(opt.parameters) is ms.ParameterTuple and opt.parameters[0] is w
    assert repr(opt) == 'SGD()' and isinstance(opt, nn.Cell)
    # A Parameter as in MindSpore, but not trainable (MindSpore: requires_grad=True).
    assert repr(opt.learning_rate) == ('Parameter (name=learning_rate, shape=(), '
                                       'dtype=Float32, requires_grad=False)')
    assert opt.get_lr() is opt.learning_rate
    opt(G1)
    assert opt.global_step.asnumpy().tolist() == [1]
    # Changing the learning-rate Parameter changes the next step, as in MindSpore.
    opt.learning_rate.set_data(Tensor(np.array(0.0, np.float32)))
    before = w.asnumpy().copy()
    opt(G1)
    assert np.array_equal(w.asnumpy(), before)
    # A generator of parameters is accepted; untrainable ones are kept.
    net = nn.Dense(2, 2)
    assert len(nn.SGD(net.get_parameters(), 0.1).parameters) == 2
    q = Parameter(Tensor([1.0]), name='q', requires_grad=False)
    assert [p.name for p in nn.SGD([q], 0.1).parameters] == ['q']


def test_learning_rate_schedules_and_groups():
    w = make()
    opt = nn.SGD([w], lambda step: 0.1 * 0.5 ** step)
    opt(G1)
    opt(G1)
    assert np.allclose(w.asnumpy(), [1 - 0.05 - 0.025, -2 + 0.1 + 0.05])
    assert np.isclose(float(opt.get_lr().asnumpy()), 0.025)
    with pytest.raises(ValueError, match="step 1"):
        o = nn.SGD([make()], [0.1])
        o(G1)
        o(G1)
    a, b = make(), Parameter(Tensor(np.array([1.0, 1.0], np.float32)), name='b')
    opt = nn.SGD([{'params': [a], 'lr': 1.0}, {'params': [b], 'weight_decay': 0.5}], 0.1)
    opt((G1[0], G1[0]))
    assert np.allclose(a.asnumpy(), [0.5, -1.0])
    assert np.allclose(b.asnumpy(), [1 - 0.1 * (0.5 + 0.5), 1 - 0.1 * (-1.0 + 0.5)])


def test_weight_decay_skips_beta_and_gamma_names():
    gamma = Parameter(Tensor(np.array([1.0], np.float32)), name='bn.gamma')
    w = Parameter(Tensor(np.array([1.0], np.float32)), name='w')
    opt = nn.SGD([gamma, w], 0.1, weight_decay=1.0)
    g = Tensor(np.array([0.0], np.float32))
    opt((g, g))
    assert gamma.asnumpy().tolist() == [1.0]
    assert w.asnumpy().tolist() == pytest.approx([0.9])


def test_bad_arguments():
    w = make()
    with pytest.raises(TypeError, match="single Parameter"):
        nn.SGD(w, 0.1)
    with pytest.raises(TypeError, match="Parameter"):
        nn.SGD([Tensor([1.0])], 0.1)
    with pytest.raises(ValueError, match="empty"):
        nn.SGD([], 0.1)
    with pytest.raises(ValueError, match="twice"):
        nn.SGD([w, w], 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        nn.SGD([w], -0.1)
    with pytest.raises(TypeError, match="learning_rate"):
        nn.SGD([w], "fast")
    with pytest.raises(ValueError, match="momentum"):
        nn.SGD([w], 0.1, momentum=-0.5)
    with pytest.raises(ValueError, match="weight_decay"):
        nn.SGD([w], 0.1, weight_decay=-0.5)
    with pytest.raises(ValueError, match="loss_scale"):
        nn.SGD([w], 0.1, loss_scale=0.0)
    with pytest.raises(ValueError, match="nesterov"):
        nn.SGD([w], 0.1, nesterov=True)
    with pytest.raises(TypeError, match="momentum"):
        nn.Momentum([w], 0.1)
    with pytest.raises(ValueError, match="beta1"):
        nn.Adam([w], 0.1, beta1=1.0)
    with pytest.raises(ValueError, match="eps"):
        nn.Adam([w], 0.1, eps=0.0)
    with pytest.raises(TypeError, match="float tensor"):
        nn.SGD([Parameter(Tensor([1, 2]), name='i')], 0.1)
    with pytest.raises(TypeError, match="use_lazi"):
        nn.Adam([w], 0.1, use_lazi=True)


def test_bad_gradients():
    w = make()
    opt = nn.SGD([w], 0.1)
    with pytest.raises(ValueError, match=r"expected 1 gradient.*\['w'\].*got 2"):
        opt((G1[0], G1[0]))
    with pytest.raises(ValueError, match=r"shape \(2,\) of parameter 'w', got \(3,\)"):
        opt((Tensor(np.ones(3, np.float32)),))
    with pytest.raises(TypeError, match="tuple"):
        opt(G1[0])
    with pytest.raises(TypeError, match="gradient 0"):
        opt(("x",))
    assert w.asnumpy().tolist() == [1.0, -2.0]      # nothing was applied


def test_groups_apply_weight_decay_to_every_parameter_as_mindspore_does():
    # MindSpore 2.10: grad 0, lr 0.1, default weight_decay 0.5 -> 1 - 0.05
    def gamma():
        return Parameter(Tensor(np.array([1.0], np.float32)), name="bn.gamma")
    g, w = gamma(), Parameter(Tensor(np.array([1.0], np.float32)), name="w")
    opt = nn.SGD([{"params": [g]}, {"params": [w], "weight_decay": 0.0}], 0.1, weight_decay=0.5)
    opt((Tensor(np.zeros(1, np.float32)), Tensor(np.zeros(1, np.float32))))
    np.testing.assert_allclose(g.asnumpy(), [0.95], rtol=1e-6)
    np.testing.assert_array_equal(w.asnumpy(), [1.0])
    ungrouped = gamma()
    nn.SGD([ungrouped], 0.1, weight_decay=0.5)((Tensor(np.zeros(1, np.float32)),))
    np.testing.assert_array_equal(ungrouped.asnumpy(), [1.0])     # the name filter


def test_order_params_sets_the_order_of_the_parameters():
    d = nn.Dense(2, 2)
    opt = nn.SGD([{"params": [d.bias], "weight_decay": 0.01}, {"params": [d.weight]},
                  {"order_params": d.trainable_params()}], 0.1)
    assert [p.name for p in opt.parameters] == ["weight", "bias"]
    with pytest.raises(ValueError, match="order_params must list each of the groups' 2"):
        nn.SGD([{"params": [d.bias]}, {"params": [d.weight]}, {"order_params": [d.weight]}],
               0.1)


# ---------------------------------------------------------------------------
# State held in Parameters, named as MindSpore names them

def dense(dtype=np.float32):
    return nn.Dense(2, 3, weight_init=Tensor(np.ones((3, 2), dtype)),
                    bias_init=Tensor(np.zeros(3, dtype)))


# optimizer -> MindSpore 2.10's get_parameters() on Dense(2, 3): (name, dtype, shape)
F32, I32 = "Float32", "Int32"
HEAD = [("global_step", I32, (1,)), ("learning_rate", F32, ()), ("weight", F32, (3, 2)),
        ("bias", F32, (3,))]
STATE_NAMES = {
    "Adam": (lambda p: nn.Adam(p, 0.1), HEAD + [
        ("beta1_power", F32, ()), ("beta2_power", F32, ()), ("moment1.weight", F32, (3, 2)),
        ("moment1.bias", F32, (3,)), ("moment2.weight", F32, (3, 2)),
        ("moment2.bias", F32, (3,))]),
    "Adam amsgrad": (lambda p: nn.Adam(p, 0.1, use_amsgrad=True), HEAD + [
        ("beta1_power", F32, ()), ("beta2_power", F32, ()), ("moment1.weight", F32, (3, 2)),
        ("moment1.bias", F32, (3,)), ("moment2.weight", F32, (3, 2)),
        ("moment2.bias", F32, (3,)), ("vhat.weight", F32, (3, 2)), ("vhat.bias", F32, (3,))]),
    "Momentum": (lambda p: nn.Momentum(p, 0.1, 0.9), HEAD + [
        ("momentum", F32, ()), ("moments.weight", F32, (3, 2)), ("moments.bias", F32, (3,))]),
    "SGD": (lambda p: nn.SGD(p, 0.1), HEAD + [
        ("momentum", F32, ()), ("accum.weight", F32, (3, 2)), ("accum.bias", F32, (3,)),
        ("stat.weight", F32, (3, 2)), ("stat.bias", F32, (3,))]),
}


@pytest.mark.parametrize("case", sorted(STATE_NAMES))
def test_state_parameters_are_mindspores(case):
    build, expected = STATE_NAMES[case]
    net = dense()
    opt = build(net.trainable_params())
    got = [(p.name, str(p.dtype), p.shape) for p in opt.get_parameters()]
    assert got == expected
    assert list(opt.parameters_dict()) == [name for name, _, _ in expected]
    assert opt.parameters == (net.weight, net.bias)
    # Only the trained parameters are trainable (MindSpore marks all of them so).
    assert [p.name for p in opt.trainable_params()] == ["weight", "bias"]
    assert all(p.requires_grad is False for p in opt.untrainable_params())


def test_state_of_float64_parameters_has_their_dtype():
    net = dense(np.float64)
    opt = nn.Adam(net.trainable_params(), 0.1)
    dtypes = {p.name: str(p.dtype) for p in opt.get_parameters()}
    # MindSpore 2.10 makes the same Parameters (its kernels then refuse float64).
    assert dtypes["moment1.weight"] == dtypes["moment2.bias"] == "Float64"
    assert dtypes["beta1_power"] == dtypes["learning_rate"] == "Float32"


def test_state_values_after_two_steps_are_mindspores():
    g = (Tensor(np.array([[0.5, -1.0]], np.float32)), Tensor(np.array([0.2], np.float32)))

    def two_steps(build):
        net = nn.Dense(2, 1, weight_init=Tensor(np.array([[0.3, -0.2]], np.float32)),
                       bias_init=Tensor(np.array([0.1], np.float32)))
        opt = build(net.trainable_params())
        opt(g)
        opt(g)
        return {p.name: p.asnumpy() for p in opt.get_parameters()}

    sgd = two_steps(lambda p: nn.SGD(p, 0.1, momentum=0.9))
    np.testing.assert_allclose(sgd["weight"], [[0.155, 0.09]], rtol=1e-6)
    np.testing.assert_allclose(sgd["accum.weight"], [[0.95, -1.9]], rtol=1e-6)
    np.testing.assert_allclose(sgd["accum.bias"], [0.38], rtol=1e-6)
    assert sgd["stat.weight"].tolist() == [[0.0, 0.0]] and sgd["global_step"].tolist() == [2]
    plain = two_steps(lambda p: nn.SGD(p, 0.1))     # no momentum: no first step to mark
    assert plain["stat.weight"].tolist() == [[1.0, 1.0]]
    assert plain["accum.weight"].tolist() == [[0.0, 0.0]]
    momentum = two_steps(lambda p: nn.Momentum(p, 0.1, 0.9))
    np.testing.assert_allclose(momentum["moments.weight"], [[0.95, -1.9]], rtol=1e-6)
    assert momentum["momentum"] == np.float32(0.9)
    adam = two_steps(lambda p: nn.Adam(p, 0.1))
    assert adam["beta1_power"] == np.float32(0.80999994)
    assert adam["beta2_power"] == np.float32(0.99800104)
    # a constant gradient moves each weight by about lr a step
    np.testing.assert_allclose(adam["weight"], [[0.1, 0.0]], atol=1e-6)
    np.testing.assert_allclose(adam["moment1.weight"], [[0.09500002, -0.19000004]], rtol=2e-6)
    np.testing.assert_allclose(adam["moment2.weight"], [[0.00049974, 0.00199897]], rtol=2e-5)


def test_state_is_updated_in_place():
    # No array is replaced (or copied) per step: checkpoints and the update share them.
    for build in (lambda p: nn.Adam(p, 0.1, use_amsgrad=True), lambda p: nn.Momentum(p, 0.1, 0.9),
                  lambda p: nn.SGD(p, [0.1, 0.1], momentum=0.9)):
        w = make()
        opt = build([w])
        arrays = [p._data for p in opt.get_parameters()]
        before = [a.copy() for a in arrays]
        opt(G1)
        opt(G1)
        assert all(p._data is a for p, a in zip(opt.get_parameters(), arrays))
        assert opt.global_step._data.tolist() == [2]
        changed = {p.name for p, b in zip(opt.get_parameters(), before)
                   if not np.array_equal(p._data, b)}
        assert "w" in changed and len(changed) >= 3, changed


def test_hyperparameter_parameters_drive_the_update():
    w = make()
    opt = nn.Momentum([w], [0.1, 0.1, 0.1], 0.9)
    assert opt.learning_rate.shape == (3,) and opt.get_lr_parameter(w) is opt.learning_rate
    opt.learning_rate.set_data(Tensor(np.array([0.1, 0.0, 0.1], np.float32)))
    opt.momentum.set_data(Tensor(np.array(0.0, np.float32)))
    opt(G1)
    after_one = w.asnumpy().copy()
    opt(G1)                                       # rate 0 at step 1: no change
    np.testing.assert_array_equal(w.asnumpy(), after_one)
    opt(G1)                                       # momentum 0: v is the gradient
    np.testing.assert_allclose(w.asnumpy(), after_one - np.float32(0.1) * G1[0].asnumpy())


def test_float64_parameters_see_the_rates_given_not_their_float32_roundings():
    w = Parameter(Tensor(np.array([1.0])), name="w")
    opt = nn.SGD([w], [0.1, 0.3])
    opt((Tensor(np.array([1.0])),))
    opt((Tensor(np.array([1.0])),))
    assert w.asnumpy().tolist() == [1.0 - 0.1 - 0.3]
    opt = nn.Momentum([w], 0.1, 0.3)
    assert opt._momentum.value() == 0.3 and opt.momentum.asnumpy() == np.float32(0.3)


def test_get_lr_per_parameter_for_groups_as_mindspore():
    a = Parameter(Tensor(np.ones(2, np.float32)), name="a")
    b = Parameter(Tensor(np.ones(3, np.float32)), name="b")
    c = Parameter(Tensor(np.ones(1, np.float32)), name="c")
    opt = nn.SGD([{"params": [a, b], "lr": 0.5}, {"params": [c]}], 0.1)
    # MindSpore 2.10: one rate per parameter, each group's Parameter
    assert [p.name for p in opt.get_lr()] == ["learning_rate_group_0"] * 2 + ["learning_rate"]
    assert [float(p.asnumpy()) for p in opt.get_lr()] == [0.5, 0.5, np.float32(0.1)]
    assert [p.name for p in opt.learning_rate] == ["learning_rate_group_0", "learning_rate"]
    assert opt.get_lr_parameter(c) is opt.get_lr()[2]
    assert [p.name for p in opt.get_lr_parameter([b, c])] == ["learning_rate_group_0",
                                                              "learning_rate"]
    # Only the rates in use are Parameters: here no group takes the default.
    both = nn.SGD([{"params": [a], "lr": 0.5}, {"order_params": [b, a]},
                   {"params": [b], "lr": 0.2}], 0.1)
    assert [p.name for p in both.get_parameters()][:3] == [
        "global_step", "learning_rate_group_2", "learning_rate_group_0"]
    lists = nn.Adam([{"params": [a], "lr": [0.5, 0.4]}, {"params": [b, c]}], [0.1, 0.2])
    lists((G1[0], Tensor(np.ones(3, np.float32)), Tensor(np.ones(1, np.float32))))
    assert [float(r.asnumpy()) for r in lists.get_lr()] == [np.float32(0.4)] + [
        np.float32(0.2)] * 2
    assert not nn.SGD([{"params": [a]}, {"params": [b]}], 0.1).is_group_lr


# ---------------------------------------------------------------------------
# MindSpore's other optimizers

# (optimizer, MindSpore 2.10's parameter values after each of three steps with
# the gradients G1, G2, G1 from w = [1, -2], float32; printed by real MindSpore
# 2.10.0 on the CPU)
MORE = {
    'AdamWeightDecay': (
        lambda p: nn.AdamWeightDecay(p, 0.1),
        [[0.6837900876998901, -1.6837800741195679],
         [0.3425493538379669, -1.4666200876235962],
         [-0.09824782609939575, -1.1055570840835571]]),
    'AdamWeightDecay wd eps': (
        lambda p: nn.AdamWeightDecay(p, 0.1, beta1=0.8, beta2=0.9, eps=0.1, weight_decay=0.1),
        [[0.9512574076652527, -1.9319493770599365],
         [0.9022654891014099, -1.8831164836883545],
         [0.836068332195282, -1.8083994388580322]]),
    'RMSProp': (
        lambda p: nn.RMSProp(p, 0.1),
        [[0.9480124711990356, -1.899999976158142],
         [0.9370591044425964, -1.9210351705551147],
         [0.880268394947052, -1.816413402557373]]),
    'RMSProp centered momentum': (
        lambda p: nn.RMSProp(p, 0.1, decay=0.8, momentum=0.9, epsilon=0.1, centered=True),
        [[0.9484289288520813, -1.9028713703155518],
         [0.8906337022781372, -1.8366128206253052],
         [0.7772209048271179, -1.669071078300476]]),
    'RMSProp momentum': (
        lambda p: nn.RMSProp(p, 0.1, momentum=0.5, epsilon=0.01, weight_decay=0.1),
        [[0.9383112788200378, -1.8831144571304321],
         [0.8865187168121338, -1.8258711099624634],
         [0.7950624227523804, -1.678723931312561]]),
    'Adagrad': (
        lambda p: nn.Adagrad(p),
        [[0.9991548657417297, -1.9990465641021729],
         [0.9989882111549377, -1.9992338418960571],
         [0.9983479976654053, -1.998550295829773]]),
    'Adagrad lr accum': (
        lambda p: nn.Adagrad(p, accum=0.5, learning_rate=0.1, weight_decay=0.1),
        [[0.935300350189209, -1.9138450622558594],
         [0.9148715734481812, -1.9144636392593384],
         [0.861910343170166, -1.8494611978530884]]),
    'AdaMax': (
        lambda p: nn.AdaMax(p),
        [[0.9990000128746033, -1.9989999532699585],
         [0.9984204769134521, -1.9986311197280884],
         [0.9976861476898193, -1.9980295896530151]]),
    'AdaMax lr': (
        lambda p: nn.AdaMax(p, 0.1, beta1=0.8, beta2=0.9, eps=0.1),
        [[0.9166666865348816, -1.9090908765792847],
         [0.8661616444587708, -1.8757575750350952],
         [0.8046862483024597, -1.8206160068511963]]),
    'Adadelta': (
        lambda p: nn.Adadelta(p),
        [[0.9968377947807312, -1.9968377351760864],
         [0.9959152936935425, -1.99776029586792],
         [0.9926360845565796, -1.994481086730957]]),
    'Adadelta rho': (
        lambda p: nn.Adadelta(p, 0.5, rho=0.5, epsilon=0.1),
        [[0.8333333134651184, -1.795875906944275],
         [0.7851490378379822, -1.8662673234939575],
         [0.6063032746315002, -1.6392064094543457]]),
    'Rprop': (
        lambda p: nn.Rprop(p),
        [[0.8999999761581421, -1.899999976158142],
         [0.7799999713897705, -1.899999976158142],
         [0.6359999775886536, -1.850000023841858]]),
    'Rprop etas': (
        lambda p: nn.Rprop(p, 0.2, etas=(0.3, 1.5), step_sizes=(0.05, 0.25)),
        [[0.800000011920929, -1.7999999523162842],
         [0.550000011920929, -1.7999999523162842],
         [0.30000001192092896, -1.7400000095367432]]),
    'ASGD': (
        lambda p: nn.ASGD(p),
        [[0.9499899744987488, -1.8999799489974976],
         [0.9399805068969727, -1.9199607372283936],
         [0.8899718523025513, -1.8199430704116821]]),
    'ASGD t0': (
        lambda p: nn.ASGD(p, 0.1, lambd=0.1, alpha=0.5, t0=1.0),
        [[0.9399999976158142, -1.8799999952316284],
         [0.9206961989402771, -1.881193995475769],
         [0.8620725870132446, -1.7635526657104492]]),
    'FTRL': (
        lambda p: nn.FTRL(p),
        [[0.46463239192962646, -1.3960238695144653],
         [0.4644657373428345, -1.39621102809906],
         [0.4638255536556244, -1.3955273628234863]]),
    'ProximalAdagrad': (
        lambda p: nn.ProximalAdagrad(p),
        [[0.9991548657417297, -1.9990465641021729],
         [0.9989882111549377, -1.9992338418960571],
         [0.9983479976654053, -1.998550295829773]]),
    'ProximalAdagrad l1 l2': (
        lambda p: nn.ProximalAdagrad(p, accum=0.5, learning_rate=0.1, l1=0.1, l2=0.2),
        [[0.909709095954895, -1.8794934749603271],
         [0.866879940032959, -1.8576135635375977],
         [0.7914276719093323, -1.7664262056350708]]),
    'LazyAdam': (
        lambda p: nn.LazyAdam(p, 0.1),
        [[0.9000000357627869, -1.899999976158142],
         [0.8196962475776672, -1.8488975763320923],
         [0.73064786195755, -1.7759584188461304]]),
    'LazyAdam eps': (
        lambda p: nn.LazyAdam(p, 0.1, eps=0.1),
        [[0.9863473773002625, -1.9759747982025146],
         [0.975201427936554, -1.9635180234909058],
         [0.9588030576705933, -1.9408320188522339]]),
}


@pytest.mark.parametrize("case", sorted(MORE))
def test_more_optimizers_match_mindspore(case):
    build, expected = MORE[case]
    got = run(build, [G1, G2, G1])
    assert np.allclose(got, expected, rtol=1e-6, atol=1e-6), (got, expected)


def test_ftrl_l1_follows_the_ftrl_proximal_rule():
    # MindSpore 2.10 printed [[0.06085040, -0.47045532], [0.05003919, -0.48796389],
    # [0.0, -0.41258696]]: where the accumulated z is negative its CPU kernel
    # computes (l1 - z) / q instead of (-l1 - z) / q (the L1 term then pushes
    # away from zero).  The second element (z > 0) is the same in both rules.
    got = run(lambda p: nn.FTRL(p, initial_accum=0.5, learning_rate=0.1, lr_power=-0.3, l1=0.01,
                                l2=0.02), [G1, G2, G1])
    assert np.allclose([row[1] for row in got], [-0.4704553186893463, -0.48796388506889343,
                                                 -0.4125869572162628], rtol=1e-6)
    a, z, w = 0.5, 0.0, 1.0
    for g in (0.5, 0.1, 0.5):
        a_new = a + g * g
        z += g - (a_new ** 0.3 - a ** 0.3) / 0.1 * w
        w = (np.sign(z) * 0.01 - z) / (a_new ** 0.3 / 0.1 + 0.04) if abs(z) > 0.01 else 0.0
        a = a_new
    assert w == 0.0 and got[2][0] == 0.0
    assert np.isclose(got[0][0], 0.05867958813905716, rtol=1e-6)
    assert got[0][0] < 0.0608 and got[1][0] < 0.0500


MORE_STATE = {
    "AdamWeightDecay": (lambda p: nn.AdamWeightDecay(p, 0.1), HEAD + [
        ("adam_m.weight", F32, (3, 2)), ("adam_m.bias", F32, (3,)),
        ("adam_v.weight", F32, (3, 2)), ("adam_v.bias", F32, (3,))]),
    "RMSProp centered": (lambda p: nn.RMSProp(p, 0.1, centered=True), HEAD + [
        ("mean_grad.weight", F32, (3, 2)), ("mean_grad.bias", F32, (3,)),
        ("mean_square.weight", F32, (3, 2)), ("mean_square.bias", F32, (3,)),
        ("moment.weight", F32, (3, 2)), ("moment.bias", F32, (3,))]),
    "RMSProp": (lambda p: nn.RMSProp(p, 0.1), HEAD + [
        ("mean_square.weight", F32, (3, 2)), ("mean_square.bias", F32, (3,)),
        ("moment.weight", F32, (3, 2)), ("moment.bias", F32, (3,))]),
    "Adagrad": (lambda p: nn.Adagrad(p), HEAD + [
        ("accum.weight", F32, (3, 2)), ("accum.bias", F32, (3,))]),
    "AdaMax": (lambda p: nn.AdaMax(p), HEAD + [
        ("beta1_power", F32, (1,)), ("moment1.weight", F32, (3, 2)), ("moment1.bias", F32, (3,)),
        ("moment2.weight", F32, (3, 2)), ("moment2.bias", F32, (3,))]),
    "Adadelta": (lambda p: nn.Adadelta(p), HEAD + [
        ("accum.weight", F32, (3, 2)), ("accum.bias", F32, (3,)),
        ("accum_update.weight", F32, (3, 2)), ("accum_update.bias", F32, (3,))]),
    "Rprop": (lambda p: nn.Rprop(p), HEAD + [
        ("prev.weight", F32, (3, 2)), ("prev.bias", F32, (3,)),
        ("step_size.weight", F32, (3, 2)), ("step_size.bias", F32, (3,))]),
    "ASGD": (lambda p: nn.ASGD(p), HEAD + [
        ("mu_weight", F32, ()), ("mu_bias", F32, ()), ("eta_weight", F32, ()),
        ("eta_bias", F32, ()), ("ax_.weight", F32, (3, 2)), ("ax_.bias", F32, (3,))]),
    "FTRL": (lambda p: nn.FTRL(p), HEAD + [
        ("moments.weight", F32, (3, 2)), ("moments.bias", F32, (3,)),
        ("linear.weight", F32, (3, 2)), ("linear.bias", F32, (3,))]),
    "ProximalAdagrad": (lambda p: nn.ProximalAdagrad(p), HEAD + [
        ("accum.weight", F32, (3, 2)), ("accum.bias", F32, (3,))]),
    "LazyAdam": (lambda p: nn.LazyAdam(p, 0.1), HEAD + [
        ("beta1_power", F32, (1,)), ("beta2_power", F32, (1,)), ("moment1.weight", F32, (3, 2)),
        ("moment1.bias", F32, (3,)), ("moment2.weight", F32, (3, 2)),
        ("moment2.bias", F32, (3,))]),
}


@pytest.mark.parametrize("case", sorted(MORE_STATE))
def test_more_optimizers_state_parameters_are_mindspores(case):
    build, expected = MORE_STATE[case]
    net = dense()
    opt = build(net.trainable_params())
    assert [(p.name, str(p.dtype), p.shape) for p in opt.get_parameters()] == expected
    assert [p.name for p in opt.trainable_params()] == ["weight", "bias"]
    # the state is updated in place, and a checkpoint round trip goes on bit for bit
    g = (Tensor(np.full((3, 2), 0.3, np.float32)), Tensor(np.array([0.1, -0.2, 0.5], np.float32)))
    arrays = [p._data for p in opt.get_parameters()]
    opt(g)
    assert all(p._data is a for p, a in zip(opt.get_parameters(), arrays))
    saved = {p.name: p.asnumpy().copy() for p in opt.get_parameters()}
    opt(g)
    after = {p.name: p.asnumpy().copy() for p in opt.get_parameters()}
    net2 = dense()
    opt2 = build(net2.trainable_params())
    for p in opt2.get_parameters():
        p.set_data(Tensor(saved[p.name]))
    opt2(g)
    for p in opt2.get_parameters():
        np.testing.assert_array_equal(p.asnumpy(), after[p.name], err_msg=p.name)


def test_more_optimizers_keep_float64_parameters_in_float64():
    # Adagrad's rule in float64, not rounded to float32
    w = Parameter(Tensor(np.array([1.0, -2.0])), name='w')
    opt = nn.Adagrad([w], accum=0.1, learning_rate=0.1)
    a, ref = np.full(2, 0.1), np.array([1.0, -2.0])
    for g in (np.array([0.5, -1.0]), np.array([0.1, 0.2])):
        opt((Tensor(g),))
        a = a + g * g
        ref = ref - 0.1 * g / np.sqrt(a)
    assert w.dtype == ms.float64 and opt.accum[0].dtype == ms.float64
    np.testing.assert_allclose(w.asnumpy(), ref, rtol=1e-15)
    # AdaMax forms beta1^t in float64 for float64 parameters
    w = Parameter(Tensor(np.array([1.0])), name='w')
    opt = nn.AdaMax([w], learning_rate=0.1, beta1=0.7, eps=1e-3)
    opt((Tensor(np.array([2.0])),))
    np.testing.assert_allclose(w.asnumpy(), [1 - 0.1 / 0.3 * 0.3 * 2.0 / (2.0 + 1e-3)],
                               rtol=1e-15)


def test_adam_weight_decay_is_decoupled_and_spares_beta_gamma():
    gamma = Parameter(Tensor(np.array([1.0], np.float32)), name='bn.gamma')
    w = Parameter(Tensor(np.array([1.0], np.float32)), name='w')
    zero = Tensor(np.zeros(1, np.float32))
    nn.AdamWeightDecay([gamma, w], 0.1, weight_decay=0.5)((zero, zero))
    # zero gradient: only the decoupled decay moves w (lr * wd * w)
    assert gamma.asnumpy().tolist() == [1.0]
    np.testing.assert_allclose(w.asnumpy(), [0.95], rtol=1e-6)


def test_ftrl_weight_decay_has_no_name_filter():
    # MindSpore's FTRL sets every decay flag when the parameters are not grouped
    def pair():
        return (Parameter(Tensor(np.array([1.0], np.float32)), name='bn.gamma'),
                Parameter(Tensor(np.array([1.0], np.float32)), name='w'))
    zero = (Tensor(np.zeros(1, np.float32)),) * 2
    decayed = pair()
    nn.FTRL(iter(decayed), learning_rate=0.1, weight_decay=0.5)(zero)
    plain = pair()
    nn.FTRL(list(plain), learning_rate=0.1)(zero)
    assert decayed[0].asnumpy().tolist() == decayed[1].asnumpy().tolist()
    assert decayed[0].asnumpy()[0] != plain[0].asnumpy()[0]
    # while SGD's filter spares the gamma
    sgd = pair()
    nn.SGD(list(sgd), 0.1, weight_decay=0.5)(zero)
    assert sgd[0].asnumpy().tolist() == [1.0] and sgd[1].asnumpy()[0] < 1.0


def test_lazy_adam_is_adam_for_dense_gradients():
    got = run(lambda p: nn.LazyAdam(p, 0.1, eps=0.1, use_nesterov=True), [G1, G2, G1])
    ref = run(lambda p: nn.Adam(p, 0.1, eps=0.1, use_nesterov=True), [G1, G2, G1])
    assert got == ref


def test_more_optimizers_bad_arguments():
    w = make()
    with pytest.raises(ValueError, match="beta1"):
        nn.AdamWeightDecay([w], 0.1, beta1=1.0)
    with pytest.raises(ValueError, match="epsilon"):
        nn.RMSProp([w], 0.1, epsilon=0.0)
    with pytest.raises(TypeError, match="centered"):
        nn.RMSProp([w], 0.1, centered=1)
    with pytest.raises(ValueError, match="accum"):
        nn.Adagrad([w], accum=-1.0)
    with pytest.raises(ValueError, match="rho"):
        nn.Adadelta([w], rho=1.5)
    with pytest.raises(TypeError, match="etas"):
        nn.Rprop([w], etas=[0.5, 1.2])
    with pytest.raises(ValueError, match="etaplus"):
        nn.Rprop([w], etas=(0.5, 1.0))
    with pytest.raises(ValueError, match="step size"):
        nn.Rprop([w], step_sizes=(1.0, 0.5))
    with pytest.raises(TypeError, match="lambd"):
        nn.ASGD([w], lambd="x")
    with pytest.raises(ValueError, match="learning rate must be a float"):
        nn.FTRL([w], learning_rate=[0.1, 0.2])
    with pytest.raises(TypeError, match="learning rate must be a float .*got str"):
        nn.FTRL([w], learning_rate="0.1")
    with pytest.raises(ValueError, match="lr_power"):
        nn.FTRL([w], lr_power=0.5)
    with pytest.raises(ValueError, match="l1"):
        nn.ProximalAdagrad([w], l1=-0.1)
    with pytest.raises(TypeError, match="use_nesterov"):
        nn.LazyAdam([w], use_nesterov=None)


@pytest.mark.parametrize("name", ["AdamWeightDecay", "RMSProp", "Adagrad", "AdaMax", "Adadelta",
                                  "Rprop", "ASGD", "FTRL", "ProximalAdagrad", "LazyAdam"])
def test_more_optimizers_train_with_train_one_step_cell(name):
    rates = {"Adadelta": 1.0, "FTRL": 0.5, "Adagrad": 0.5, "ProximalAdagrad": 0.5}
    kwargs = {"learning_rate": rates.get(name, 0.05)}
    net = nn.Dense(2, 1, weight_init=Tensor(np.array([[0.3, -0.2]], np.float32)),
                   bias_init=Tensor(np.array([0.1], np.float32)))
    opt = getattr(nn, name)(net.trainable_params(), **kwargs)
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
    x = Tensor(np.array([[1., 2.], [3., 4.], [-1., 0.5]], np.float32))
    y = Tensor(np.array([[1.], [2.], [0.]], np.float32))
    losses = [float(step(x, y).asnumpy()) for _ in range(30)]
    assert losses[-1] < 0.5 * losses[0], losses
    assert opt.global_step.asnumpy().tolist() == [30]


def test_adagrad_update_slots_false_keeps_the_accumulator():
    # MindSpore's documented rule (its 2.10 CPU kernel ignores the flag; README)
    w = Parameter(Tensor(np.array([1.0, 1.0], np.float32)), name='w')
    opt = nn.Adagrad([w], accum=0.25, learning_rate=0.1, update_slots=False)
    for _ in range(2):
        opt((Tensor(np.array([1.0, 2.0], np.float32)),))
    assert opt.accum[0].asnumpy().tolist() == [0.25, 0.25]
    np.testing.assert_allclose(w.asnumpy(), [0.6, 0.2], rtol=1e-6)


def test_asgd_float16_computes_in_float32_as_mindspore():
    # MindSpore 2.10's ASGD casts a float16 parameter to float32 for the step
    # and moves the average by the unrounded step; its numbers after 12 steps.
    w = Parameter(Tensor(np.linspace(-1, 1.3, 6).astype(np.float16)), name='w')
    opt = nn.ASGD([w], learning_rate=0.13, lambd=0.05, t0=3.0)
    for k in range(12):
        opt((Tensor(np.sin(np.arange(6) + 1.7 * k).astype(np.float16)),))
    assert w.dtype == ms.float16 and opt.ax[0].dtype == ms.float16
    assert w.asnumpy().tolist() == [-0.916015625, -0.591796875, -0.181396484375,
                                    0.326904296875, 0.85791015625, 1.31640625]
    assert opt.ax[0].asnumpy().tolist() == [-0.9970703125, -0.5966796875, -0.1162109375,
                                            0.401123046875, 0.8798828125, 1.2822265625]


@pytest.mark.parametrize("kwargs, error", [
    (dict(beta1=2.0), ValueError), (dict(eps=0.0), ValueError),
    (dict(use_nesterov=1), TypeError), (dict(use_locking='x'), TypeError)])
def test_lazyadam_errors_name_lazyadam(kwargs, error):
    w = Parameter(Tensor(np.ones(2, np.float32)), name='w')
    with pytest.raises(error, match="^For 'LazyAdam', '?" + list(kwargs)[0]):
        nn.LazyAdam([w], **kwargs)
    with pytest.raises(error, match="^For 'Adam', '?" + list(kwargs)[0]):
        nn.Adam([w], **kwargs)
