"""dualgrad's own float64 loops (dualgrad/_vecmath.h): tanh, sin, cos, the
logistic family sigmoid, softplus and silu, and GELU's tanh form.

Each replaces NumPy's loop (or the scalar C loop) in every mode at once, so
the checks are: accuracy against extended-precision tanhl/sinl/cosl, NumPy's
special values, the same values at every array size and stride, bit-identical
primal values across modes, and the fused kernels' derivative parts equal to
the table's rules applied to those values.  The primitives are taken from
_elementwise: ops.softplus is MindSpore's, with a threshold.  The instruction set is chosen at
import (DUALGRAD_VECMATH), so the AVX2 variant and the scalar loops are
checked in subprocesses.
"""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import dualgrad as ms
from dualgrad import Dual, HyperDual, Tensor, _elementwise, _table, ops

LOGISTIC = ("sigmoid", "softplus", "silu")
OWN_NAMES = ("tanh", "sin", "cos") + LOGISTIC + ("gelu_tanh",)
sigmoid, tanh = _elementwise.sigmoid, _elementwise.tanh
# The MindSpore-style primitive classes, for Tensors and transforms.
_PRIMITIVE_CLASSES = {"tanh": ops.Tanh, "sin": ops.Sin, "cos": ops.Cos, "sigmoid": ops.Sigmoid,
                      "softplus": ops.Softplus, "silu": ops.SiLU, "gelu_tanh": ops.GeLU}


def _sigmoid_long(x):
    return 1 / (1 + np.exp(-x))


def _gelu_tanh_z(x):
    """z = x (c1 + c3 x^2) in float64, as every kernel computes it."""
    x = np.asarray(x, np.float64)
    with np.errstate(over="ignore"):
        return x * (1.5957691216057308 + 0.07135481627260025 * (x * x))


def _gelu_tanh_long(x):
    """x sigmoid(z) on long doubles, z rounded as the kernels round it: the
    value's error without z's rounding, which any evaluation shares (and which
    the function magnifies |x z'/z| times)."""
    with np.errstate(over="ignore"):
        return x * _sigmoid_long(_gelu_tanh_z(x).astype(np.longdouble))


def _gelu_tanh_d1(x, y):
    xc = np.clip(x, -100, 100)
    z, dz = _gelu_tanh_z(xc), 1.5957691216057308 + 0.21406444881780076 * (xc * xc)
    return sigmoid(z) * (1 + xc * sigmoid(-z) * dz)


def _gelu_tanh_d2(x, y, d1):
    xc = np.clip(x, -100, 100)
    z, dz = _gelu_tanh_z(xc), 1.5957691216057308 + 0.21406444881780076 * (xc * xc)
    p, q = sigmoid(z), sigmoid(-z)
    return p * q * (2 * dz + xc * (0.4281288976356015 * xc - (p - q) * dz * dz))


def _softplus_long(x):
    with np.errstate(over="ignore"):
        return np.where(x > 0, x + np.log1p(np.exp(-x)), np.log1p(np.exp(x)))


# Per own primitive: its value in extended precision (on long doubles), the
# table's f' and f'' from x, y = f(x) and f', with dualgrad's own values of
# the functions they call, and the bound in ulps from the extended-precision
# values (for the logistic family that of the scalar forms with the C
# library's exp too: their arithmetic, not exp, makes most of the error).
RULES = {
    "tanh": (np.tanh, lambda x, y: 1 - y * y, lambda x, y, d1: -2 * y * d1, 3),
    "sin": (np.sin, lambda x, y: _elementwise.cos(x), lambda x, y, d1: -y, 2),
    "cos": (np.cos, lambda x, y: -_elementwise.sin(x), lambda x, y, d1: -y, 2),
    "sigmoid": (_sigmoid_long, lambda x, y: y * sigmoid(-x),
                lambda x, y, d1: -d1 * tanh(0.5 * x), 2.5),
    "softplus": (_softplus_long, lambda x, y: sigmoid(x),
                 lambda x, y, d1: d1 * sigmoid(-x), 2),
    "silu": (lambda x: x * _sigmoid_long(x), lambda x, y: sigmoid(x) * (1 + x * sigmoid(-x)),
             lambda x, y, d1: sigmoid(x) * sigmoid(-x) * (2 - x * tanh(0.5 * x)), 3.5),
    "gelu_tanh": (_gelu_tanh_long, _gelu_tanh_d1, _gelu_tanh_d2, 3.5),
}


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            return set(f.read().split())
    except OSError:
        return None


OWN = _elementwise.has_own_float64_loop("tanh")
needs_own = pytest.mark.skipif(
    not OWN, reason="no own loops here (CPU without AVX2/AVX-512, or DUALGRAD_VECMATH=off)")


def _ulps_from_long_double(name, x, got):
    want = RULES[name][0](x.astype(np.longdouble))
    spacing = np.spacing(np.abs(want).astype(np.float64))
    return np.abs(got.astype(np.longdouble) - want) / spacing.astype(np.longdouble)


def test_the_own_loops_run_exactly_where_the_cpu_and_the_switch_allow():
    flags = _cpu_flags()
    if flags is None:
        pytest.skip("no /proc/cpuinfo to read the CPU's instructions from")
    choice = os.environ.get("DUALGRAD_VECMATH") or "auto"
    expected = ("avx512" if {"avx512f", "avx512dq"} <= flags and choice == "auto"
                else "avx2" if {"avx2", "fma"} <= flags and choice != "off" else None)
    assert _elementwise.vecmath_isa() == expected
    for name in OWN_NAMES:
        assert _elementwise.has_own_float64_loop(name) == (expected is not None)
    assert not _elementwise.has_own_float64_loop("exp")


# Values of every path the own loops feed, at sizes that exercise the tails of
# both vector widths; printed as hex so that bits are compared.
_PROBE = textwrap.dedent("""
    import json, numpy as np
    from dualgrad import Dual, HyperDual, _elementwise, ops
    rng = np.random.default_rng(21)
    out = {"isa": _elementwise.vecmath_isa(), "arrays": {}}
    for name in ("tanh", "sin", "cos", "sigmoid", "softplus", "silu", "gelu_tanh"):
        f = getattr(_elementwise, name)
        out["arrays"][name] = []
        for n in (0, 1, 3, 4, 5, 7, 8, 9, 17, 1000, 20001):
            x, b, c, d = (rng.normal(0, 3, n) for _ in range(4))
            hd = f(HyperDual(x, b, c, d))
            du = f(Dual(x, b))
            numpy_f = getattr(np, name, f)  # NumPy has no logistic functions
            parts = [f(x), hd.real, hd.e1, hd.e2, hd.e12, du.primal, du.tangent, numpy_f(x)]
            out["arrays"][name].append([[float(v).hex() for v in p] for p in parts])
    print(json.dumps(out))
""")


# Started from the tests' folder: from the repository's root, "-c" would
# import the uncompiled source tree instead of the installed package.
HERE = os.path.dirname(os.path.abspath(__file__))


def _probe(choice):
    env = dict(os.environ, DUALGRAD_VECMATH=choice)
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, cwd=HERE)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_avx2_and_avx512_variants_compute_the_same_bits():
    flags = _cpu_flags() or set()
    if not {"avx2", "fma"} <= flags:
        pytest.skip("CPU without AVX2 and FMA")
    avx2 = _probe("avx2")
    assert avx2["isa"] == "avx2"
    best = _probe("auto")
    assert best["arrays"] == avx2["arrays"]
    if best["isa"] != "avx2":
        assert best["isa"] == "avx512"
    for name in OWN_NAMES:
        for value, real, e1, e2, e12, primal, tangent, numpy_value in avx2["arrays"][name]:
            assert value == real == primal  # every mode, the same values


def test_vecmath_off_gives_numpys_values_bit_for_bit():
    # NumPy's float64 sin and cos are the C library's, as dualgrad's scalar
    # loop; the logistic family's scalar forms call the C library's exp.
    off = _probe("off")
    assert off["isa"] is None
    for name in OWN_NAMES:
        for value, real, e1, e2, e12, primal, tangent, numpy_value in off["arrays"][name]:
            assert value == real == primal == numpy_value


def test_an_unknown_vecmath_choice_is_refused_at_import():
    env = dict(os.environ, DUALGRAD_VECMATH="sse9")
    done = subprocess.run([sys.executable, "-c", "import dualgrad"], env=env,
                          capture_output=True, text=True, cwd=HERE)
    assert done.returncode != 0
    assert "DUALGRAD_VECMATH: expected one of auto, avx2, off, got 'sse9'" in done.stderr


@needs_own
def test_own_tanh_is_within_three_ulps_over_every_magnitude():
    rng = np.random.default_rng(7)
    exponents = rng.uniform(-320, 3, 400_000)
    x = np.where(rng.random(exponents.size) < 0.5, -1.0, 1.0) * 10.0 ** exponents
    x = np.concatenate([x, rng.uniform(-25, 25, 200_000)])
    got = ops.tanh(x)
    assert _ulps_from_long_double("tanh", x, got).max() <= 3
    assert np.max(np.abs(got - np.tanh(x)) / np.spacing(np.abs(np.tanh(x)))) <= 4


def _sin_cos_probe_points():
    """Magnitudes from 1e-300 to 2^30, where the vector code reduces the
    argument itself, and the doubles nearest the multiples of pi/2 up to
    10^5 pi/2 (the smallest reduced arguments, where a reduction that drops
    bits of pi/2 would lose every digit)."""
    rng = np.random.default_rng(8)
    exponents = rng.uniform(-300, np.log10(2.0 ** 30), 400_000)
    x = np.where(rng.random(exponents.size) < 0.5, -1.0, 1.0) * 10.0 ** exponents
    near_multiples = np.arange(1, 100_001) * (np.pi / 2)
    nudged = np.concatenate([near_multiples, np.nextafter(near_multiples, 0),
                             np.nextafter(near_multiples, np.inf)])
    return np.concatenate([x, rng.uniform(-20, 20, 200_000), nudged, -nudged])


@needs_own
@pytest.mark.parametrize("name", ["sin", "cos"])
def test_own_sin_and_cos_are_within_two_ulps_over_every_magnitude(name):
    x = _sin_cos_probe_points()
    got = getattr(_elementwise, name)(x)
    assert _ulps_from_long_double(name, x, got).max() <= 2


@needs_own
@pytest.mark.parametrize("name", LOGISTIC)
def test_own_logistic_functions_are_as_accurate_as_their_scalar_forms(name):
    # Magnitudes from 1e-300 to 700 (beyond, silu's sigmoid factor is
    # subnormal and has lost digits in any arrangement), and past 708, where
    # the lanes take the scalar forms, as the loop with vecmath off computes.
    rng = np.random.default_rng(10)
    exponents = rng.uniform(-300, np.log10(700), 400_000)
    x = np.where(rng.random(exponents.size) < 0.5, -1.0, 1.0) * 10.0 ** exponents
    x = np.concatenate([x, rng.uniform(-40, 40, 200_000)])
    got = getattr(_elementwise, name)(x)
    assert _ulps_from_long_double(name, x, got).max() <= RULES[name][3]
    far = np.concatenate([rng.uniform(708.01, 800, 500), -rng.uniform(708.01, 800, 500)])
    mixed = np.concatenate([far[:3], x[:13], far[3:]])
    got = getattr(_elementwise, name)(mixed)
    np.testing.assert_array_equal(got[3:16], getattr(_elementwise, name)(x[:13]))
    want = RULES[name][0](mixed.astype(np.longdouble)).astype(np.float64)
    far_lanes = np.abs(mixed) > 708
    # (subnormal values, from exp(x) far below 0, compared absolutely)
    assert np.all(np.abs(got - want)[far_lanes]
                  <= 4 * np.spacing(np.abs(want[far_lanes])) + 1e-318)


@needs_own
def test_own_gelu_tanh_is_as_accurate_as_its_sigmoid_factor():
    # Within 3.5 ulp of x sigmoid(z) in extended precision, z rounded as the
    # kernels round it, for |x| from 1e-300 to 21 (beyond -21, z < -708 and
    # sigmoid(z) is subnormal: digits lost in any arrangement); and the
    # scalar form's values where z takes sigmoid's far lanes (|z| > 708).
    rng = np.random.default_rng(16)
    exponents = rng.uniform(-300, np.log10(21), 400_000)
    x = np.where(rng.random(exponents.size) < 0.5, -1.0, 1.0) * 10.0 ** exponents
    x = np.concatenate([x, rng.uniform(-21, 40, 200_000)])
    assert _ulps_from_long_double("gelu_tanh", x, _elementwise.gelu_tanh(x)).max() <= 3.5
    far = np.concatenate([rng.uniform(22, 1e5, 500), -rng.uniform(22, 1e5, 500)])
    mixed = np.concatenate([far[:3], x[:13], far[3:]])
    got = _elementwise.gelu_tanh(mixed)
    np.testing.assert_array_equal(got[3:16], _elementwise.gelu_tanh(x[:13]))
    far_lanes = np.abs(_gelu_tanh_z(mixed)) > 708
    want = _gelu_tanh_long(mixed).astype(np.float64)
    np.testing.assert_array_equal(got[far_lanes], want[far_lanes])  # x or -0


@needs_own
@pytest.mark.parametrize("name", ["sin", "cos"])
def test_from_two_to_the_30_on_sin_and_cos_are_the_c_librarys(name):
    # Lanes beyond the vector code's reduction take the C library's value, as
    # NumPy's loop does; their neighbours in the vector keep the vector code's.
    rng = np.random.default_rng(9)
    big = np.concatenate([2.0 ** 30 * np.array([1.0, -1.0]), 10.0 ** rng.uniform(9.5, 308, 2000)])
    got = getattr(_elementwise, name)(big)
    np.testing.assert_array_equal(got, getattr(np, name)(big))
    small = rng.uniform(-3, 3, 16)
    mixed = np.array([small[0], big[5], *small[1:7], big[6], *small[7:]])
    alone = getattr(_elementwise, name)(small)
    got = getattr(_elementwise, name)(mixed)
    np.testing.assert_array_equal(got[[1, 8]], getattr(np, name)(big[[5, 6]]))
    np.testing.assert_array_equal(np.delete(got, [1, 8]), alone)


@needs_own
@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 40),
                  elements=st.floats(-700, 700, allow_subnormal=True)),
       st.sampled_from(OWN_NAMES))
def test_own_loops_are_accurate_on_drawn_arrays(x, name):
    if name == "gelu_tanh":
        x = x[x > -21]  # below, the sigmoid factor is subnormal (see above)
    got = getattr(_elementwise, name)(x)
    if x.size:
        assert _ulps_from_long_double(name, x, got).max() <= RULES[name][3]


@pytest.mark.parametrize("name", OWN_NAMES)
def test_special_values_are_numpys(name):
    # The logistic family's against its extended-precision values, rounded.
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 5e-324, -5e-324, 1e-310,
                  2.0 ** -30, -1e308, 1e308]
                 + {"tanh": [20.0, -20.0, 40.0, 709.0, 710.0], "sin": [2.0 ** 30],
                    "cos": [2.0 ** 30], "silu": [1000.0, -1000.0]}.get(name, [-745.0, -746.0, 1000.0,
                                                                           -1000.0]))
    with np.errstate(all="ignore"):
        got = getattr(_elementwise, name)(x)
        want = (getattr(np, name)(x) if hasattr(np, name)
                else RULES[name][0](x.astype(np.longdouble)).astype(np.float64))
    if name == "gelu_tanh":
        # x sigmoid(z) rounds twice: at 2^-30 one ulp from the rounded value
        rounded_twice = x == 2.0 ** -30
        assert np.all(np.abs(got[rounded_twice] - want[rounded_twice])
                      <= np.spacing(want[rounded_twice]))
        got, want = got[~rounded_twice], want[~rounded_twice]
    np.testing.assert_array_equal(got, want)
    finite_or_inf = ~np.isnan(want)  # a NaN's sign bit carries no meaning
    np.testing.assert_array_equal(np.signbit(got[finite_or_inf]), np.signbit(want[finite_or_inf]))


@needs_own
@pytest.mark.parametrize("name", OWN_NAMES)
def test_own_loops_give_the_same_values_at_every_size_and_stride(name):
    x = np.random.default_rng(3).normal(0, 3, 4099)
    f = getattr(_elementwise, name)
    whole = f(x)
    for n in list(range(0, 33)) + [4095, 4096, 4097]:
        np.testing.assert_array_equal(f(x[:n]), whole[:n])
        np.testing.assert_array_equal(f(x[1:n + 1]), whole[1:n + 1])
    for step in (2, 3, -1):
        strided, out = x[::step], np.full(x[::step].size * 2, 7.0)
        _elementwise.own_float64_loop(name, strided, out[::2])
        np.testing.assert_array_equal(out[::2], whole[::step])
        assert np.all(out[1::2] == 7.0), "the loop wrote between the output's strides"


def test_own_loop_hook_rejects_what_it_cannot_run():
    with pytest.raises(ValueError, match="no own float64 loop"):
        _elementwise.own_float64_loop("exp", np.zeros(2), np.zeros(2))
    if OWN:
        with pytest.raises(ValueError, match="1-d float64"):
            _elementwise.own_float64_loop("tanh", np.zeros(2), np.zeros(3))
        with pytest.raises(ValueError, match="1-d float64"):
            _elementwise.own_float64_loop("tanh", np.zeros(2, np.float32), np.zeros(2))
        read_only = np.zeros(2)
        read_only.setflags(write=False)
        with pytest.raises(ValueError, match="writeable"):
            _elementwise.own_float64_loop("tanh", np.zeros(2), read_only)


@pytest.mark.parametrize("name", OWN_NAMES)
def test_every_mode_computes_the_same_values(name):
    f = getattr(_elementwise, name)
    x = np.random.default_rng(5).normal(0, 2, 20_001)
    y = f(x)
    b, c, d = (np.random.default_rng(k).normal(size=x.size) for k in (1, 2, 3))
    np.testing.assert_array_equal(f(Dual(x, b)).primal, y)
    hd = f(HyperDual(x, b, c, d))
    np.testing.assert_array_equal(hd.real, y)
    api = _PRIMITIVE_CLASSES[name]()
    np.testing.assert_array_equal(api(Tensor(x)).asnumpy(), y)
    value, grad = ms.value_and_grad(lambda t: api(t).sum())(Tensor(x))
    np.testing.assert_array_equal(grad.asnumpy(), RULES[name][1](x, y))
    # The derivative parts are the table's rules applied to those same values.
    _assert_hyper_rule(name, x, hd, b, c, d)


def _assert_hyper_rule(name, x, hd, b, c, d):
    """The parts of f(HyperDual(x, b, c, d)) are the table's rule applied to
    hd.real (and to dualgrad's own values of the functions f' calls): exact
    products, and e12 up to the contraction of its sum into FMAs (the
    vectorised pass may use them)."""
    _, rule_d1, rule_d2, _ = RULES[name]
    y = hd.real
    d1 = rule_d1(x, y)
    d2 = rule_d2(x, y, d1)
    np.testing.assert_array_equal(hd.e1, b * d1)
    np.testing.assert_array_equal(hd.e2, c * d1)
    terms = np.abs(d * d1) + np.abs(b * c * d2)
    # Without the own code, the kernels' f'' calls the C library's tanh where
    # the rule here runs NumPy's loop: they may differ in the last bit, which
    # silu's 2 - x tanh(x/2) can magnify where it cancels.
    slack = 4e-16 if OWN or name not in LOGISTIC else 1e-13
    assert np.all(np.abs(hd.e12 - (d * d1 + b * c * d2)) <= slack * terms)


@pytest.mark.parametrize("name", OWN_NAMES)
@pytest.mark.parametrize("n", list(range(0, 20)) + [1000, 4099])
def test_the_one_direction_hyper_pass_follows_the_rule_at_every_size(name, n):
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(n)
    x, b, c, d = (rng.normal(0, 2, n) for _ in range(4))
    hd = f(HyperDual(x, b, c, d))
    np.testing.assert_array_equal(hd.real, f(x))
    _assert_hyper_rule(name, x, hd, b, c, d)
    shared = f(HyperDual(x, b, b, d))  # e1 and e2 seeded alike: computed once
    np.testing.assert_array_equal(shared.real, hd.real)
    _assert_hyper_rule(name, x, shared, b, b, d)


@pytest.mark.parametrize("name", OWN_NAMES)
@pytest.mark.parametrize("n", list(range(0, 20)) + [1000, 4099])
def test_the_one_direction_dual_pass_follows_the_rule_at_every_size(name, n):
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(100 + n)
    x, b = rng.normal(0, 2, n), rng.normal(size=n)
    dual = f(Dual(x, b))
    np.testing.assert_array_equal(dual.primal, f(x))
    np.testing.assert_array_equal(dual.tangent, b * RULES[name][1](x, dual.primal))


@pytest.mark.parametrize("name", OWN_NAMES)
def test_the_dual_pass_agrees_with_the_batched_kernel(name):
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(12)
    x, b = rng.normal(0, 2, 5001), rng.normal(size=(3, 5001))
    batched = f(Dual(x, b, batched=True))  # three directions: the blocked kernel
    for k in range(3):
        single = f(Dual(x, b[k]))
        np.testing.assert_array_equal(single.primal, batched.primal)
        np.testing.assert_array_equal(single.tangent, batched.tangent[k])


@pytest.mark.parametrize("name", OWN_NAMES)
def test_the_hyper_pass_agrees_with_the_batched_kernel(name):
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(11)
    x = rng.normal(0, 2, 5001)
    b, c, d = (rng.normal(size=(2, x.size)) for _ in range(3))
    batched = f(HyperDual(x, b, c, d, batched=True))  # two pairs: the blocked kernel
    for k in range(2):
        single = f(HyperDual(x, b[k], c[k], d[k]))
        np.testing.assert_array_equal(single.real, batched.real)
        np.testing.assert_array_equal(single.e1, batched.e1[k])
        np.testing.assert_array_equal(single.e2, batched.e2[k])
        np.testing.assert_array_equal(single.e12, batched.e12[k])


@pytest.mark.parametrize("name", OWN_NAMES)
def test_the_reverse_kernels_take_f_prime_from_the_own_values(name):
    # The tape's rule reads f' from the same vector code as the forward
    # kernels; forward over reverse gives the table's f'' bit for bit for sin,
    # cos and softplus, and for the others may take f' apart on Duals, which
    # agrees with f'' to rounding.
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(13)
    x, v = rng.normal(0, 3, 3001), rng.normal(size=3001)
    y = f(x)
    d1 = RULES[name][1](x, y)
    api = _PRIMITIVE_CLASSES[name]()
    grad = ms.grad(lambda t: api(t).sum())(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(grad, d1)
    hvp = ms.hvp(lambda t: api(t).sum(), Tensor(x), Tensor(v)).asnumpy()
    if name in ("sin", "cos", "softplus"):
        np.testing.assert_array_equal(hvp, RULES[name][2](x, y, d1) * v)
    else:
        np.testing.assert_allclose(hvp, RULES[name][2](x, y, d1) * v, rtol=1e-13, atol=1e-15)


def test_float32_tanh_is_numpys():
    x = np.random.default_rng(0).normal(0, 2, 1001).astype(np.float32)
    np.testing.assert_array_equal(ops.tanh(x), np.tanh(x))


@pytest.mark.parametrize("name", ["sin", "cos"])
def test_float32_sin_and_cos_are_the_c_librarys_double_rounded(name):
    # The own loop's double values and the C library's round to the same
    # float but about once in 2^28; none of these 10^6 is such a case.
    x = np.random.default_rng(0).normal(0, 20, 10 ** 6).astype(np.float32)
    want = getattr(np, name)(x.astype(np.float64)).astype(np.float32)
    np.testing.assert_array_equal(getattr(_elementwise, name)(x), want)


@pytest.mark.parametrize("name", OWN_NAMES)
def test_float32_values_are_the_float64_values_rounded_once(name):
    # In double and rounded once, by the own loops (of the same vector code as
    # float64's) or the scalar C loops; tanh's float32 loop is NumPy's.
    f = getattr(_elementwise, name)
    x = np.random.default_rng(15).normal(0, 5, 20_011).astype(np.float32)
    if name == "tanh":
        np.testing.assert_array_equal(f(x), np.tanh(x))
    else:
        assert _elementwise.has_own_float32_loop(name) == OWN
        np.testing.assert_array_equal(f(x), f(x.astype(np.float64)).astype(np.float32))
        strided = np.repeat(x, 2)[::2]
        np.testing.assert_array_equal(f(strided), f(x))


@pytest.mark.parametrize("name", OWN_NAMES)
def test_float32_kernels_follow_the_rule_in_double(name):
    # Every mode's float32 values are f's; f' and f'' are evaluated in double
    # at x and f's float32 value y, and each part is rounded once.
    f = getattr(_elementwise, name)
    rng = np.random.default_rng(16)
    x, b, c, d = (rng.normal(0, 2, 5003).astype(np.float32) for _ in range(4))
    y = f(x)
    wide = [v.astype(np.float64) for v in (x, y, b, c, d)]
    d1 = RULES[name][1](wide[0], wide[1])
    d2 = RULES[name][2](wide[0], wide[1], d1)
    for hd in (f(HyperDual(x, b, c, d)),
               f(HyperDual(x, b[None], c[None], d[None], batched=True))):
        np.testing.assert_array_equal(hd.real, y)
        np.testing.assert_array_equal(hd.e1.reshape(-1), (wide[2] * d1).astype(np.float32))
        np.testing.assert_array_equal(hd.e2.reshape(-1), (wide[3] * d1).astype(np.float32))
        e12 = wide[4] * d1 + wide[2] * wide[3] * d2
        terms = (np.abs(wide[4] * d1) + np.abs(wide[2] * wide[3] * d2)).astype(np.float32)
        assert np.all(np.abs(hd.e12.reshape(-1) - e12) <= 2 * np.spacing(terms))
    dual = f(Dual(x, b))
    np.testing.assert_array_equal(dual.primal, y)
    np.testing.assert_array_equal(dual.tangent, (wide[2] * d1).astype(np.float32))
    api = _PRIMITIVE_CLASSES[name]()
    grad = ms.grad(lambda t: api(t).sum())(Tensor(x)).asnumpy()
    np.testing.assert_array_equal(grad, d1.astype(np.float32))


@pytest.mark.parametrize("name", ["sin", "cos", "sigmoid"])
def test_the_taylor_kernels_take_their_functions_from_the_own_values(name):
    # y_1 = f'(x_0)·x_1, and x_0's cotangent through f'(x_0): both read a
    # function at x_0 (cos or sin; sigmoid(-x_0) and sigmoid(x_0)), which must
    # be the primitives' own float64 values (the C library's differ in the
    # last bits): -g_1·x_1·f(x_0) for sin and cos; for sigmoid,
    # -g_1·x_1·y_0·sigmoid(-x_0)·sigmoid(x_0).
    from dualgrad import _series
    rng = np.random.default_rng(14)
    x0, x1, g1 = (rng.normal(0, 3, 1001) for _ in range(3))
    y0 = getattr(_elementwise, name)(x0)
    slope = RULES[name][1](x0, y0)
    np.testing.assert_array_equal(_series.series_of(name, x0, y0, [x1])[0], slope * x1)
    x0_bar, y0_bar, (x1_bar,) = _series.adjoint_of(name, x0, y0, [x1], [g1])
    np.testing.assert_array_equal(x1_bar, g1 * slope)
    if name == "sigmoid":
        want = -(g1 * x1 * y0) * sigmoid(-x0) * sigmoid(x0)
        np.testing.assert_allclose(x0_bar, want, rtol=1e-15, atol=1e-300)
    else:
        np.testing.assert_array_equal(x0_bar, -(g1 * x1) * y0)


@pytest.mark.parametrize("expr,written", [
    ("sigmoid(-x)", "dg_sigmoid_neg8(x)"),
    ("y*sigmoid(-x)*sigmoid(x)", "y*dg_sigmoid_neg8(x)*dg_sigmoid8(x)"),
    ("sigmoid(-x*(1 + x*x))", "dg_sigmoid_neg8(x*(1 + x*x))"),
    ("sigmoid(-maximum(x, -1.0)*2)", "dg_sigmoid_neg8(dg_maximum8(x, -1.0)*2)"),
    ("sigmoid(-x*1e-5)", "dg_sigmoid_neg8(x*1e-5)"),
    # -x + 1 is not -(x + 1): such arguments keep their minus
    ("sigmoid(-x+1)", "dg_sigmoid8(-x+1)"),
    ("sigmoid(-x - 2*x)", "dg_sigmoid8(-x - 2*x)"),
    ("sigmoid(-x)*sigmoid(-x+y)", "dg_sigmoid_neg8(x)*dg_sigmoid8(-x+y)"),
])
def test_vector_expressions_pair_sigmoids_only_where_the_minus_negates_the_whole_argument(
        expr, written):
    # sigmoid_neg(a) shares exp(-|a|) with sigmoid(a) (the same code on |a|)
    assert _table.vector_expression(expr, 8) == written


def test_vector_expressions_refuse_calls_without_vector_code():
    with pytest.raises(ValueError, match="calls exp, which has no vector code"):
        _table.vector_expression("exp(x)*sigmoid(-x)", 4)


@needs_own
def test_sigmoid_of_the_negated_argument_is_sigmoid_of_minus_x_bit_for_bit():
    # silu's f' reads sigmoid(-x) through sigmoid_neg: the same bits as the
    # primitive sigmoid of -x, far lanes (|x| > 708) and special values included
    x = np.concatenate([np.random.default_rng(17).normal(0, 30, 5000),
                        [0.0, -0.0, 708.5, -708.5, 800.0, -800.0, np.inf, -np.inf]])
    silu_d1 = _elementwise.silu(Dual(x, np.ones_like(x))).tangent
    with np.errstate(invalid="ignore"):  # inf * 0 at +-inf, in both
        np.testing.assert_array_equal(silu_d1, sigmoid(x) * (1 + x * sigmoid(-x)))


def test_the_scalar_rules_of_gelus_tanh_form_are_the_tables_expressions():
    # Where no vector code runs, f' and f'' come from C functions
    # (_table.SCALAR_RULES) that share one exp; they must compute the rule
    # table's expressions bit for bit (with the scalar sigmoid, in the same
    # arrangement), as the nested modes evaluate them.
    script = textwrap.dedent("""
        import json, numpy as np
        from dualgrad import HyperDual, _elementwise
        x = np.concatenate([np.random.default_rng(18).normal(0, 4, 4001),
                            [0.0, -0.0, 99.9, 100.5, -100.5, 1e200, -1e200, np.inf, -np.inf]])
        ones = np.ones_like(x)
        hd = _elementwise.gelu_tanh(HyperDual(x, ones, ones, np.zeros_like(x)))
        sigmoid = _elementwise.sigmoid
        c = np.clip(x, -100, 100)
        z = c * (1.5957691216057308 + 0.07135481627260025 * (c * c))
        dz = 1.5957691216057308 + 0.21406444881780076 * (c * c)
        p, q = sigmoid(z), sigmoid(-z)
        d1 = p * (1 + c * q * dz)
        d2 = p * q * (2 * dz + c * (0.4281288976356015 * c - (p - q) * dz * dz))
        e12 = 0.0 * d1 + d2   # d f' + b c f'' with d = 0, b = c = 1 (so -0 sums to 0)
        print(json.dumps([[float(v).hex() for v in a] for a in (hd.e1, d1, hd.e12, e12)]))
    """)
    env = dict(os.environ, DUALGRAD_VECMATH="off")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, cwd=HERE)
    assert done.returncode == 0, done.stderr
    e1, d1, e12, rule_e12 = json.loads(done.stdout)
    assert e1 == d1
    assert e12 == rule_e12
