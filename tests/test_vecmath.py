"""dualgrad's own float64 tanh loop (dualgrad/_vecmath.h).

It replaces NumPy's loop in every mode at once, so the checks are: accuracy
against extended-precision tanhl, NumPy's special values, the same values at
every array size and stride, and bit-identical primal values across modes.
The instruction set is chosen at import (DUALGRAD_VECMATH), so the AVX2
variant and NumPy's own loop are checked in subprocesses.
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
from dualgrad import Dual, HyperDual, Tensor, _elementwise, ops


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            return set(f.read().split())
    except OSError:
        return None


OWN_TANH = _elementwise.has_own_float64_loop("tanh")
needs_own_tanh = pytest.mark.skipif(
    not OWN_TANH, reason="no own tanh here (CPU without AVX2/AVX-512, or DUALGRAD_VECMATH=off)")


def _ulps_from_tanhl(x, got):
    want = np.tanh(x.astype(np.longdouble))
    spacing = np.spacing(np.abs(want).astype(np.float64))
    return np.abs(got.astype(np.longdouble) - want) / spacing.astype(np.longdouble)


def test_the_own_tanh_runs_exactly_where_the_cpu_and_the_switch_allow():
    flags = _cpu_flags()
    if flags is None:
        pytest.skip("no /proc/cpuinfo to read the CPU's instructions from")
    choice = os.environ.get("DUALGRAD_VECMATH") or "auto"
    expected = ("avx512" if {"avx512f", "avx512dq"} <= flags and choice == "auto"
                else "avx2" if {"avx2", "fma"} <= flags and choice != "off" else None)
    assert _elementwise.vecmath_isa() == expected
    assert OWN_TANH == (expected is not None)
    assert not _elementwise.has_own_float64_loop("exp")


# Values of every path the own tanh feeds, at sizes that exercise the tails of
# both vector widths; printed as hex so that bits are compared.
_PROBE = textwrap.dedent("""
    import json, numpy as np
    from dualgrad import Dual, HyperDual, _elementwise, ops
    rng = np.random.default_rng(21)
    out = {"isa": _elementwise.vecmath_isa(), "arrays": []}
    for n in (0, 1, 3, 4, 5, 7, 8, 9, 17, 1000, 20001):
        x, b, c, d = (rng.normal(0, 3, n) for _ in range(4))
        hd = ops.tanh(HyperDual(x, b, c, d))
        du = ops.tanh(Dual(x, b))
        parts = [ops.tanh(x), hd.real, hd.e1, hd.e2, hd.e12, du.primal, du.tangent, np.tanh(x)]
        out["arrays"].append([[float(v).hex() for v in p] for p in parts])
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
    for tanh_, real, e1, e2, e12, primal, tangent, numpy_tanh in avx2["arrays"]:
        assert tanh_ == real == primal  # every mode, the same values


def test_vecmath_off_gives_numpys_values_bit_for_bit():
    off = _probe("off")
    assert off["isa"] is None
    for tanh_, real, e1, e2, e12, primal, tangent, numpy_tanh in off["arrays"]:
        assert tanh_ == real == primal == numpy_tanh


def test_an_unknown_vecmath_choice_is_refused_at_import():
    env = dict(os.environ, DUALGRAD_VECMATH="sse9")
    done = subprocess.run([sys.executable, "-c", "import dualgrad"], env=env,
                          capture_output=True, text=True, cwd=HERE)
    assert done.returncode != 0
    assert "DUALGRAD_VECMATH: expected one of auto, avx2, off, got 'sse9'" in done.stderr


@needs_own_tanh
def test_own_tanh_is_within_three_ulps_over_every_magnitude():
    rng = np.random.default_rng(7)
    exponents = rng.uniform(-320, 3, 400_000)
    x = np.where(rng.random(exponents.size) < 0.5, -1.0, 1.0) * 10.0 ** exponents
    x = np.concatenate([x, rng.uniform(-25, 25, 200_000)])
    got = ops.tanh(x)
    assert _ulps_from_tanhl(x, got).max() <= 3
    assert np.max(np.abs(got - np.tanh(x)) / np.spacing(np.abs(np.tanh(x)))) <= 4


@needs_own_tanh
@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 40),
                  elements=st.floats(-1e3, 1e3, allow_subnormal=True)))
def test_own_tanh_is_accurate_on_drawn_arrays(x):
    got = ops.tanh(x)
    if x.size:
        assert _ulps_from_tanhl(x, got).max() <= 3


def test_tanh_special_values_are_numpys():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 5e-324, -5e-324, 1e-310,
                  2.0 ** -30, 20.0, -20.0, 40.0, 709.0, 710.0, -1e308, 1e308])
    got, want = ops.tanh(x), np.tanh(x)
    np.testing.assert_array_equal(got, want)
    finite_or_inf = ~np.isnan(want)  # a NaN's sign bit carries no meaning
    np.testing.assert_array_equal(np.signbit(got[finite_or_inf]), np.signbit(want[finite_or_inf]))


@needs_own_tanh
def test_own_tanh_gives_the_same_values_at_every_size_and_stride():
    x = np.random.default_rng(3).normal(0, 3, 4099)
    whole = ops.tanh(x)
    for n in list(range(0, 33)) + [4095, 4096, 4097]:
        np.testing.assert_array_equal(ops.tanh(x[:n]), whole[:n])
        np.testing.assert_array_equal(ops.tanh(x[1:n + 1]), whole[1:n + 1])
    for step in (2, 3, -1):
        strided, out = x[::step], np.full(x[::step].size * 2, 7.0)
        _elementwise.own_float64_loop("tanh", strided, out[::2])
        np.testing.assert_array_equal(out[::2], whole[::step])
        assert np.all(out[1::2] == 7.0), "the loop wrote between the output's strides"


def test_own_loop_hook_rejects_what_it_cannot_run():
    with pytest.raises(ValueError, match="no own float64 loop"):
        _elementwise.own_float64_loop("exp", np.zeros(2), np.zeros(2))
    if OWN_TANH:
        with pytest.raises(ValueError, match="1-d float64"):
            _elementwise.own_float64_loop("tanh", np.zeros(2), np.zeros(3))
        with pytest.raises(ValueError, match="1-d float64"):
            _elementwise.own_float64_loop("tanh", np.zeros(2, np.float32), np.zeros(2))
        read_only = np.zeros(2)
        read_only.setflags(write=False)
        with pytest.raises(ValueError, match="writeable"):
            _elementwise.own_float64_loop("tanh", np.zeros(2), read_only)


def test_every_mode_computes_the_same_tanh_values():
    x = np.random.default_rng(5).normal(0, 2, 20_001)
    y = ops.tanh(x)
    b, c, d = (np.random.default_rng(k).normal(size=x.size) for k in (1, 2, 3))
    np.testing.assert_array_equal(ops.tanh(Dual(x, b)).primal, y)
    hd = ops.tanh(HyperDual(x, b, c, d))
    np.testing.assert_array_equal(hd.real, y)
    np.testing.assert_array_equal(ops.tanh(Tensor(x)).asnumpy(), y)
    value, grad = ms.value_and_grad(lambda t: ops.tanh(t).sum())(Tensor(x))
    np.testing.assert_array_equal(grad.asnumpy(), 1 - y * y)
    # The derivative parts are the table's rules applied to those same values.
    _assert_hyper_tanh_rule(hd, b, c, d)


def _assert_hyper_tanh_rule(hd, b, c, d):
    """The parts of tanh(HyperDual(x, b, c, d)) are the table's rule applied to
    hd.real: exact products, and e12 up to the contraction of its sum into
    FMAs (the vectorised pass may use them)."""
    y = hd.real
    d1 = 1 - y * y
    np.testing.assert_array_equal(hd.e1, b * d1)
    np.testing.assert_array_equal(hd.e2, c * d1)
    terms = np.abs(d * d1) + np.abs(b * c * 2 * y * d1)
    assert np.all(np.abs(hd.e12 - (d * d1 + b * c * (-2 * y * d1))) <= 4e-16 * terms)


@pytest.mark.parametrize("n", list(range(0, 20)) + [1000, 4099])
def test_the_one_direction_hyper_tanh_pass_follows_the_rule_at_every_size(n):
    rng = np.random.default_rng(n)
    x, b, c, d = (rng.normal(0, 2, n) for _ in range(4))
    hd = ops.tanh(HyperDual(x, b, c, d))
    np.testing.assert_array_equal(hd.real, ops.tanh(x))
    _assert_hyper_tanh_rule(hd, b, c, d)
    shared = ops.tanh(HyperDual(x, b, b, d))  # e1 and e2 seeded alike: computed once
    np.testing.assert_array_equal(shared.real, hd.real)
    _assert_hyper_tanh_rule(shared, b, b, d)


@pytest.mark.parametrize("n", list(range(0, 20)) + [1000, 4099])
def test_the_one_direction_dual_tanh_pass_follows_the_rule_at_every_size(n):
    rng = np.random.default_rng(100 + n)
    x, b = rng.normal(0, 2, n), rng.normal(size=n)
    dual = ops.tanh(Dual(x, b))
    np.testing.assert_array_equal(dual.primal, ops.tanh(x))
    np.testing.assert_array_equal(dual.tangent, b * (1 - dual.primal * dual.primal))


def test_the_dual_tanh_pass_agrees_with_the_batched_kernel():
    rng = np.random.default_rng(12)
    x, b = rng.normal(0, 2, 5001), rng.normal(size=(3, 5001))
    batched = ops.tanh(Dual(x, b, batched=True))  # three directions: the blocked kernel
    for k in range(3):
        single = ops.tanh(Dual(x, b[k]))
        np.testing.assert_array_equal(single.primal, batched.primal)
        np.testing.assert_array_equal(single.tangent, batched.tangent[k])


def test_the_hyper_tanh_pass_agrees_with_the_batched_kernel():
    rng = np.random.default_rng(11)
    x = rng.normal(0, 2, 5001)
    b, c, d = (rng.normal(size=(2, x.size)) for _ in range(3))
    batched = ops.tanh(HyperDual(x, b, c, d, batched=True))  # two pairs: the blocked kernel
    for k in range(2):
        single = ops.tanh(HyperDual(x, b[k], c[k], d[k]))
        np.testing.assert_array_equal(single.real, batched.real)
        np.testing.assert_array_equal(single.e1, batched.e1[k])
        np.testing.assert_array_equal(single.e2, batched.e2[k])
        np.testing.assert_array_equal(single.e12, batched.e12[k])


def test_float32_tanh_is_numpys():
    x = np.random.default_rng(0).normal(0, 2, 1001).astype(np.float32)
    np.testing.assert_array_equal(ops.tanh(x), np.tanh(x))
