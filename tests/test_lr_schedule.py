"""Learning-rate schedules (nn.ExponentialDecayLR, ...) and the dynamic_lr lists.

Every expected number below was printed by real MindSpore 2.10.0 on the CPU
(tests/oracle/programs.py compares more of them live when MindSpore is
installed).  Schedules are float32 Cells: they must give MindSpore's float32
bits at these steps; the lists are Python floats computed by the same
operations, so they must be equal to the last bit.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, nn

# schedule -> its rates at steps 0..10 (MindSpore 2.10, a 0-d int32 step Tensor each)
SCHEDULES = {
    "ExponentialDecayLR(0.1, 0.9, 4)": [
        0.10000000149011612, 0.09740037471055984, 0.09486832469701767, 0.09240210801362991,
        0.08999999612569809, 0.08766033500432968, 0.08538150042295456, 0.08316189795732498,
        0.08099999278783798, 0.07889430224895477, 0.07684334367513657],
    "ExponentialDecayLR(0.1, 0.9, 4, True)": [0.10000000149011612] * 4
    + [0.08999999612569809] * 4 + [0.08099999278783798] * 3,
    # MindSpore computes p = step here (it documents step / decay_steps).
    "NaturalExpDecayLR(0.1, 0.9, 4)": [
        0.10000000149011612, 0.04065696895122528, 0.01652989163994789, 0.006720553617924452,
        0.0027323728427290916, 0.0011108998442068696, 0.0004516583576332778,
        0.0001836305600591004, 7.465861563105136e-05, 3.035394001926761e-05,
        1.234098363056546e-05],
    "NaturalExpDecayLR(0.1, 0.9, 4, True)": [0.10000000149011612] * 4
    + [0.0027323728427290916] * 4 + [7.465861563105136e-05] * 3,
    "InverseDecayLR(0.1, 0.9, 4)": [
        0.10000000149011612, 0.08163265138864517, 0.06896551698446274, 0.059701498597860336,
        0.05263158306479454, 0.0470588244497776, 0.042553193867206573, 0.03883495554327965,
        0.0357142873108387, 0.03305785357952118, 0.030769232660531998],
    "InverseDecayLR(0.1, 0.9, 4, True)": [0.10000000149011612] * 4
    + [0.05263158306479454] * 4 + [0.0357142873108387] * 3,
    "CosineDecayLR(0.01, 0.1, 4)": [
        0.10000000149011612, 0.08681980520486832, 0.054999999701976776, 0.023180190473794937]
    + [0.009999999776482582] * 7,
    "PolynomialDecayLR(0.1, 0.01, 4, 0.5)": [
        0.10000000149011612, 0.08794228732585907, 0.07363960891962051, 0.054999999701976776]
    + [0.009999999776482582] * 7,
    "PolynomialDecayLR(0.1, 0.01, 4, 0.5, True)": [
        0.10000000149011612, 0.08794228732585907, 0.07363960891962051, 0.054999999701976776,
        0.009999999776482582, 0.06511352211236954, 0.054999999701976776, 0.04181980341672897,
        0.009999999776482582, 0.054999999701976776, 0.04674234986305237],
    "WarmUpLR(0.1, 2)": [0.0, 0.05000000074505806] + [0.10000000149011612] * 9,
}


@pytest.mark.parametrize("spec", sorted(SCHEDULES))
def test_schedules_give_mindspores_rates(spec):
    schedule = eval("nn." + spec)
    got = [schedule(Tensor(step, ms.int32)) for step in range(11)]
    assert all(r.shape == () and r.dtype == ms.float32 for r in got)
    np.testing.assert_array_equal([r.asnumpy() for r in got],
                                  np.array(SCHEDULES[spec], np.float32))
    # The optimizer's global_step has shape (1,): so has the rate.
    one = schedule(Tensor(np.array([3], np.int32)))
    assert one.shape == (1,) and one.asnumpy()[0] == np.float32(SCHEDULES[spec][3])
    assert repr(schedule) == spec[:spec.index("(")] + "()"


def test_schedules_follow_their_formulas_in_float64_terms():
    # The closed forms, independently of MindSpore (to float32 rounding).
    def at(schedule, step):
        return float(schedule(Tensor(step, ms.int32)).asnumpy())
    assert at(nn.ExponentialDecayLR(0.2, 0.5, 3), 6) == pytest.approx(0.2 * 0.5 ** 2, rel=1e-6)
    assert at(nn.InverseDecayLR(0.2, 0.5, 3), 6) == pytest.approx(0.2 / 2, rel=1e-6)
    assert at(nn.NaturalExpDecayLR(0.2, 0.5, 3, True), 7) == pytest.approx(
        0.2 * math.exp(-0.5 * 6), rel=1e-6)
    assert at(nn.CosineDecayLR(0.0, 1.0, 6), 2) == pytest.approx(
        0.5 * (1 + math.cos(math.pi / 3)), rel=1e-6)
    assert at(nn.PolynomialDecayLR(1.0, 0.0, 10, 2.0), 4) == pytest.approx(0.36, rel=1e-6)
    assert at(nn.WarmUpLR(0.3, 4), 1) == pytest.approx(0.075, rel=1e-6)


def test_a_schedule_takes_ints_and_arrays_and_refuses_other_steps():
    schedule = nn.WarmUpLR(0.1, 2)
    assert float(schedule(1).asnumpy()) == np.float32(0.05)
    np.testing.assert_array_equal(schedule(np.array([0, 1, 2])).asnumpy(),
                                  np.array([0.0, 0.05, 0.1], np.float32))
    with pytest.raises(TypeError, match="'global_step' must be a Tensor of the step number"):
        schedule("3")
    with pytest.raises(TypeError, match="'global_step' must hold a number, got dtype bool"):
        schedule(Tensor(np.array([True])))


def test_a_custom_schedule_subclasses_learning_rate_schedule():
    class Halving(nn.LearningRateSchedule):
        def construct(self, global_step):
            return 0.5 ** global_step.astype(ms.float32)

    w = Parameter(Tensor(np.array([0.0], np.float32)), name="w")
    opt = nn.SGD([w], Halving())
    for _ in range(3):
        opt((Tensor(np.array([-1.0], np.float32)),))
    assert w.asnumpy().tolist() == [1.75]
    with pytest.raises(NotImplementedError, match="construct"):
        nn.LearningRateSchedule()(Tensor(1, ms.int32))


# (optimizer, MindSpore 2.10's w after each of three steps of g = [0.5, -1] from
# w = [1, -2], get_lr() before each step, get_lr() after the three)
OPTIMIZED = {
    "SGD exponential": (
        lambda p: nn.SGD(p, nn.ExponentialDecayLR(0.1, 0.5, 1)),
        [[0.949999988079071, -1.899999976158142], [0.925000011920929, -1.850000023841858],
         [0.9125000238418579, -1.8250000476837158]],
        [0.10000000149011612, 0.05000000074505806, 0.02500000037252903], 0.012500000186264515),
    "Adam cosine": (
        lambda p: nn.Adam(p, nn.CosineDecayLR(0.01, 0.1, 2)),
        [[0.9000000357627869, -1.899999976158142], [0.8450002670288086, -1.845000147819519],
         [0.8350003361701965, -1.8350002765655518]],
        [0.10000000149011612, 0.054999999701976776, 0.009999999776482582],
        0.009999999776482582),
    "Momentum warm-up": (
        lambda p: nn.Momentum(p, nn.WarmUpLR(0.1, 2), 0.9),
        [[1.0, -2.0], [0.9524999856948853, -1.9049999713897705],
         [0.8169999718666077, -1.6339999437332153]],
        [0.0, 0.05000000074505806, 0.10000000149011612], 0.10000000149011612),
    "SGD polynomial list": (
        lambda p: nn.SGD(p, nn.polynomial_decay_lr(0.1, 0.01, 4, 1, 2, 0.5)),
        [[0.949999988079071, -1.899999976158142], [0.9131801724433899, -1.8263603448867798],
         [0.9081801772117615, -1.816360354423523]],
        [0.10000000149011612, 0.07363960891962051, 0.009999999776482582],
        0.009999999776482582),
}


@pytest.mark.parametrize("case", sorted(OPTIMIZED))
def test_optimizers_take_schedules_and_lists_as_mindspore_does(case):
    build, weights, rates, last_rate = OPTIMIZED[case]
    w = Parameter(Tensor(np.array([1.0, -2.0], np.float32)), name="w")
    opt = build([w])
    got_w, got_rates = [], []
    for _ in range(3):
        got_rates.append(float(opt.get_lr().asnumpy()))
        opt((Tensor(np.array([0.5, -1.0], np.float32)),))
        got_w.append(w.asnumpy().tolist())
    np.testing.assert_array_equal(np.array(got_rates, np.float32), np.array(rates, np.float32))
    assert float(opt.get_lr().asnumpy()) == np.float32(last_rate)
    # Adam's kernel rounds differently from NumPy in the last bit.
    np.testing.assert_allclose(got_w, weights, rtol=2e-7, atol=2e-7)


def test_an_optimizer_registers_its_schedule_and_refuses_other_cells():
    w = Parameter(Tensor(np.array([1.0], np.float32)), name="w")
    schedule = nn.WarmUpLR(0.1, 2)
    opt = nn.SGD([w], schedule)
    assert opt.learning_rate is schedule and opt.get_lr_parameter(w) is schedule
    assert dict(opt.name_cells()) == {"learning_rate": schedule}
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        nn.SGD([w], nn.Dense(2, 2))


# ---------------------------------------------------------------------------
# dynamic_lr: the lists (MindSpore 2.10's, bit for bit)

LISTS = {
    "piecewise_constant_lr([2, 5, 5, 9], [0.1, 0.05, 0.2, 0.01])":
        [0.1, 0.1, 0.05, 0.05, 0.05, 0.01, 0.01, 0.01, 0.01],
    "exponential_decay_lr(0.1, 0.9, 10, 2, 3)":
        [0.1, 0.1, 0.09654893846056298, 0.09654893846056298, 0.09321697517861577,
         0.09321697517861577, 0.09000000000000001, 0.09000000000000001, 0.08689404461450669,
         0.08689404461450669],
    "exponential_decay_lr(0.1, 0.9, 6, 2, 1)":
        [0.1, 0.1, 0.09000000000000001, 0.09000000000000001, 0.08100000000000002,
         0.08100000000000002],
    "natural_exp_decay_lr(0.1, 0.9, 6, 2, 2, True)":
        [0.1, 0.1, 0.1, 0.1, 0.016529888822158657, 0.016529888822158657],
    "inverse_decay_lr(0.1, 0.5, 6, 1, 1, True)":
        [0.1, 0.06666666666666667, 0.05, 0.04, 0.03333333333333333, 0.028571428571428574],
    "cosine_decay_lr(0.01, 0.1, 6, 2, 2)":
        [0.1, 0.1, 0.05500000000000001, 0.05500000000000001, 0.01, 0.01],
    "polynomial_decay_lr(0.1, 0.01, 6, 2, 2, 0.5)":
        [0.1, 0.1, 0.07363961030678928, 0.07363961030678928, 0.01, 0.01],
    "warmup_lr(0.1, 6, 2, 2)": [0.0, 0.0, 0.05, 0.05, 0.1, 0.1],
}


@pytest.mark.parametrize("call", sorted(LISTS))
def test_dynamic_lr_lists_are_mindspores(call):
    got = eval("nn." + call)
    assert type(got) is list and got == LISTS[call]


def test_dynamic_lr_lists_follow_their_formulas():
    lr = nn.natural_exp_decay_lr(0.1, 0.3, 5, 1, 2)
    assert lr == pytest.approx([0.1 * math.exp(-0.3 * e) for e in range(5)], rel=1e-15)
    lr = nn.inverse_decay_lr(0.1, 0.5, 4, 1, 2)
    assert lr == pytest.approx([0.1 / (1 + 0.5 * e / 2) for e in range(4)], rel=1e-15)
    lr = nn.polynomial_decay_lr(0.1, 0.0, 6, 1, 2, 1.0, update_decay_epoch=True)
    # the decay starts again every 2 epochs: d = 2, 2, 2, 4, 4, 6
    assert lr == pytest.approx([0.1, 0.05, 0.0, 0.025, 0.0, 1 / 60], rel=1e-12, abs=1e-17)
    assert nn.cosine_decay_lr(0.0, 1.0, 3, 1, 2) == pytest.approx([1.0, 0.5, 0.0], abs=1e-16)
