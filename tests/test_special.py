"""Special functions: known values, identities, poles, derivatives at removable
singularities, the functions composed of them, and their MindSpore dtypes.

The table-driven rule tests (tests/test_rules.py) and the odd-input fuzzing
against Python references (tests/test_reliability.py) cover every row in every
mode; here are the values a reader can check by hand.  Where SciPy is
installed beside PyTorch or JAX (the peers' environments), one test compares
with it over wide ranges; it skips without them.
"""
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import dualgrad as ms
import special_reference as special
from dualgrad import Dual, HyperDual, Tensor, nn, ops

EULER_GAMMA = 0.5772156649015329
ZETA3 = 1.2020569031595942
ULP = np.finfo(np.float64).eps


def f64(*values):
    return np.array(values, np.float64)


def close(got, want, ulps=4):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    np.testing.assert_allclose(got, want, rtol=ulps * ULP, atol=0)


# ---------------------------------------------------------------------------
# Known values

def test_known_values():
    close(ops.lgamma(f64(0.5, 1.0, 2.0, 3.0, 10.0)),
          [math.log(math.sqrt(math.pi)), 0, 0, math.log(2), math.log(362880)])
    close(ops.digamma(f64(1.0, 0.5, 2.0)),
          [-EULER_GAMMA, -EULER_GAMMA - 2 * math.log(2), 1 - EULER_GAMMA])
    # next to digamma's positive root 1.4616321449683622..., relative precision
    # (values from mpmath at 50 digits)
    close(ops.digamma(f64(1.4616321449683622, 1.4616321549683622, 1.46, 1.4, 1.56)),
          [-9.241265521729427e-17, 9.676722258977242e-09, -0.0015805619870834522,
           -0.06138454458511624, 0.09113519254063523])
    close(ops.polygamma(1, f64(1.0, 0.5)), [math.pi ** 2 / 6, math.pi ** 2 / 2])
    close(ops.polygamma(2, f64(1.0)), [-2 * ZETA3])
    close(ops.polygamma(3, f64(1.0)), [math.pi ** 4 / 15])
    close(ops.erfinv(f64(0.5)), [0.4769362762044699])
    close(ops.bessel_i0(f64(1.0, 0.0)), [1.2660658777520082, 1.0])
    close(ops.bessel_i1(f64(1.0, 0.0)), [0.5651591039924851, 0.0])
    close(ops.sinc(f64(0.5, -0.5, 1.5, 0.0)), [2 / math.pi, 2 / math.pi, -2 / (3 * math.pi), 1])
    close(ops.logit(f64(0.75, 0.5, 0.25)), [math.log(3), 0, -math.log(3)])
    assert float(ops.logit(f64(0.5 + 2 ** -40))[0]) == pytest.approx(4 * 2 ** -40, rel=1e-12)


def test_sinc_is_exactly_zero_at_the_integers():
    n = f64(1, -2, 3, 1e6, -2.0 ** 60, 1e300)
    out = ops.sinc(n)
    np.testing.assert_array_equal(out, 0.0)
    assert not np.signbit(out).any()


def test_polygamma_where_x_to_the_power_minus_n_minus_1_underflows():
    # n! zeta(n + 1, x) is a normal double here though x^-(n+1), its terms'
    # size, is not: polygamma(2, 1e150) = -1e-300 had come out 0, and n = 40
    # at 1e8 or n = 170 at 70 likewise (values from mpmath at 50 digits).
    for n, x, want in ((2, 1e150, -1e-300), (3, 1e100, 2e-300), (1, 1e300, 1e-300),
                       (20, 1e15, -1.2164510040883322e-283),
                       (40, 1e8, -2.0397886160774138e-274),
                       (170, 70.0, -2.4511398849904858e-9),
                       (170, 1e3, -4.6422754818855408e-206)):
        close(ops.polygamma(n, f64(x)), [want])
    # and as digamma's second derivative, in every mode
    x = f64(1e150, 1e120)
    firsts, seconds = every_mode(ops.digamma, x)
    for got in firsts:
        close(got, 1 / x)
    for got in seconds:
        close(got, [-1e-300, -1e-240])


def test_identities():
    x = np.linspace(0.3, 7.7, 41)
    for n in range(0, 5):   # recurrence: psi^(n)(x + 1) = psi^(n)(x) + (-1)^n n! / x^(n+1)
        lhs = ops.polygamma(n, x + 1)
        term = (-1) ** n * math.factorial(n) / x ** (n + 1)
        rhs = ops.polygamma(n, x) + term
        # (relative to the terms, which cancel next to 0.3)
        assert np.all(np.abs(lhs - rhs) <= 16 * ULP * (np.abs(rhs - term) + np.abs(term))), n
    np.testing.assert_array_equal(ops.polygamma(0, x), ops.digamma(x))
    y = np.linspace(-0.95, 0.95, 39)        # reflection: psi(1 - y) - psi(y) = pi cot(pi y)
    y = y[np.abs(y) > 1e-9]
    np.testing.assert_allclose(ops.digamma(1 - y) - ops.digamma(y), math.pi / np.tan(math.pi * y),
                               rtol=1e-13, atol=1e-13)
    # lgamma(x + 1) = lgamma(x) + log(x)
    np.testing.assert_allclose(ops.lgamma(x + 1), ops.lgamma(x) + np.log(x), rtol=1e-14,
                               atol=1e-14)
    z = np.concatenate([np.linspace(-2, 2, 45), [1e-200, -3e-8]])   # (erf is flat beyond)
    np.testing.assert_allclose(ops.erfinv(ops.erf(z)), z, rtol=1e-14)
    u = np.concatenate([np.linspace(-0.999999, 0.999999, 51), [1 - 2 ** -52, 1e-300]])
    np.testing.assert_allclose(ops.erf(ops.erfinv(u)), u, rtol=2 * ULP)
    # I0 as its series, Wronskian-like recurrence I0' = I1
    w = np.linspace(-6, 6, 25)
    series = sum((w / 2) ** (2 * k) / math.factorial(k) ** 2 for k in range(40))
    close(ops.bessel_i0(w), series, ulps=8)


def test_against_the_python_references_over_wide_ranges():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(-30, 30, 300), 10 ** rng.uniform(-300, 300, 100)])
    for name, want in (("sinc", special.sinc), ("lgamma", special.lgamma),
                       ("bessel_i0", special.bessel_i0), ("bessel_i1", special.bessel_i1)):
        # (lgamma is accurate only absolutely next to its roots, 1, 2, -2.457...)
        np.testing.assert_allclose(getattr(ops, name)(x), want(x), rtol=1e-14, atol=1e-15,
                                   err_msg=name)
    p = rng.uniform(0, 1, 300)
    np.testing.assert_allclose(ops.logit(p), special.logit(p), rtol=4 * ULP)
    np.testing.assert_allclose(ops.erfinv(2 * p - 1), special.erfinv(2 * p - 1), rtol=4 * ULP)


# ---------------------------------------------------------------------------
# Poles and the edges of the domains (SciPy's values; MindSpore's where they agree)

def test_values_at_poles_and_edges():
    inf, nan = math.inf, math.nan
    np.testing.assert_array_equal(ops.lgamma(f64(0.0, -1.0, -2.0, inf, -inf)), inf)
    np.testing.assert_array_equal(ops.digamma(f64(0.0, -0.0, -1.0, -inf, inf, nan)),
                                  [-inf, inf, nan, nan, inf, nan])
    np.testing.assert_array_equal(ops.polygamma(1, f64(0.0, -1.0, inf)), [inf, inf, 0.0])
    np.testing.assert_array_equal(ops.polygamma(2, f64(0.0, -3.0, inf, -inf)),
                                  [-inf, -inf, -0.0, nan])
    np.testing.assert_array_equal(ops.erfinv(f64(1.0, -1.0, 1.5, -2.0, nan)),
                                  [inf, -inf, nan, nan, nan])
    np.testing.assert_array_equal(ops.logit(f64(0.0, 1.0, -0.5, 1.5)), [-inf, inf, nan, nan])
    np.testing.assert_array_equal(ops.sinc(f64(inf, -inf, nan)), nan)
    # I0 and I1 overflow at 713.99 (not at 709.78, where exp(x) does); inf at inf
    assert np.isfinite(ops.bessel_i0(f64(713.0))).all()
    np.testing.assert_array_equal(ops.bessel_i0(f64(714.0, inf, -inf)), inf)
    np.testing.assert_array_equal(ops.bessel_i1(f64(714.0, inf, -inf)), [inf, inf, -inf])
    # digamma keeps its precision where MindSpore's float32 kernel gives -inf
    close(ops.digamma(f64(1e-300)), [-1e300 - EULER_GAMMA])


# ---------------------------------------------------------------------------
# Derivatives: the removable singularities at 0, and the rows' chains

def every_mode(f, x):
    """(d1, d2) at x by Dual, HyperDual, reverse, reverse over reverse, hvp, derivative."""
    t = Tensor(x)
    s = lambda v: f(v).sum()                         # noqa: E731
    h = f(HyperDual(x, 1.0, 1.0, 0.0))
    firsts = [f(Dual(x, 1.0)).tangent, h.e1, ms.grad(s)(t).asnumpy()]
    seconds = [h.e12, ms.grad(ms.grad(s))(t).asnumpy(),
               ms.hvp(s, t, Tensor(np.ones_like(x))).asnumpy(),
               ops.derivative(f, t, 2)[1].asnumpy()]
    return firsts, seconds


@pytest.mark.parametrize("name,d1,d2,d3", [
    ("sinc", 0.0, -math.pi ** 2 / 3, 0.0),
    ("bessel_i1", 0.5, 0.0, 3 / 8),
    ("bessel_i0", 0.0, 0.5, 0.0),
])
def test_derivatives_at_zero_are_exact_in_every_mode(name, d1, d2, d3):
    f = getattr(ops, name)
    x = f64(0.0, 1e-9, -1e-12)
    firsts, seconds = every_mode(f, x)
    for got in firsts:
        np.testing.assert_allclose(got, d1, rtol=1e-15, atol=1e-8)
        assert got[0] == pytest.approx(d1, abs=1e-16)
    for got in seconds:
        np.testing.assert_allclose(got, d2, rtol=1e-14, atol=1e-8)
        assert got[0] == pytest.approx(d2, rel=1e-15, abs=1e-16)
    assert float(ops.derivative(f, Tensor(f64(0.0)), 3)[1].asnumpy()[0]) == pytest.approx(
        d3, rel=1e-14, abs=1e-15)


def test_nested_derivatives_next_to_zero_keep_their_precision():
    # The closed forms' quotient rule cancels next to 0; the rows' series do not.
    # (and -1, -1/2, where the closed form's divisor once met the mask and made 0 * inf)
    x = f64(1e-4, 0.3, 0.49, 1.2, 1.99, -1.0, -0.5, 2.0)
    for name, ref2 in (("sinc", special.sinc_d2), ("bessel_i1", special.bessel_i1_d2)):
        for got in every_mode(getattr(ops, name), x)[1]:
            np.testing.assert_allclose(got, ref2(x), rtol=1e-13, err_msg=name)


def test_each_derivative_is_the_next_row():
    x = np.linspace(0.4, 4.0, 7)
    firsts, seconds = every_mode(ops.lgamma, x)
    for got in firsts:
        close(got, ops.digamma(x))
    for got in seconds:
        close(got, ops.polygamma(1, x))
    t = Tensor(x)
    for n in range(4):
        close(ms.grad(lambda v: ops.polygamma(n, v).sum())(t).asnumpy(), ops.polygamma(n + 1, x))
        close(ops.derivative(lambda v: ops.polygamma(n, v), t, 3)[1].asnumpy(),
              ops.polygamma(n + 3, x))
    close(ms.grad(lambda v: ops.bessel_i0(v).sum())(t).asnumpy(), ops.bessel_i1(x))
    u = np.linspace(-0.9, 0.9, 7)
    close(ms.grad(lambda v: ops.erfinv(v).sum())(Tensor(u)).asnumpy(),
          math.sqrt(math.pi) / 2 * np.exp(ops.erfinv(u) ** 2))


def test_gelu_derivatives_keep_their_precision_in_the_far_negative_tail():
    # gelu' = Phi(x) + x phi(x): with Phi as (1 + erf(x/sqrt 2))/2 the Phi term
    # was lost below -8 (gelu'(-10) off by 1%); erfc keeps it.
    x = f64(-8.5, -10.0, -15.0, -30.0, 2.0)
    phi = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    cdf = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    d1, d2 = cdf + x * phi, phi * (2 - x * x)
    firsts, seconds = every_mode(ops.gelu, x)
    for got in firsts:
        np.testing.assert_allclose(got, d1, rtol=1e-13)
    for got in seconds:
        np.testing.assert_allclose(got, d2, rtol=1e-13)


def _gelu_tanh_reference(x):
    """GELU's tanh form and its first two derivatives in extended precision,
    from 0.5 x (1 + tanh(u)) as written, with 1 + tanh(u) and 1 - tanh(u)^2
    taken as 2 sigmoid(2u) and 4 sigmoid(2u) sigmoid(-2u), which do not cancel."""
    x = np.asarray(x, np.longdouble)
    c = np.longdouble(0.7978845608028654)
    u = c * (x + np.longdouble(0.044715) * x ** 3)
    du, d2u = c * (1 + 3 * np.longdouble(0.044715) * x * x), 6 * c * np.longdouble(0.044715) * x
    p, q = 1 / (1 + np.exp(-2 * u)), 1 / (1 + np.exp(2 * u))
    value = x * p
    d1 = p + 2 * x * p * q * du
    d2 = 4 * p * q * du + 2 * x * p * q * d2u - 4 * x * p * q * (p - q) * du * du
    return value, d1, d2


def test_gelu_tanh_form_keeps_every_digit_in_the_far_negative_tail():
    # 0.5 x (1 + tanh(u)) cancels for x < 0 and is 0 from x = -6 on (float64);
    # the row computes x sigmoid(2u), and its derivatives sigmoid's way too.
    x = f64(-3.0, -6.0, -8.5, -12.0, -18.0, 0.3, 2.0, 7.0)
    value, d1, d2 = (v.astype(np.float64) for v in _gelu_tanh_reference(x))
    naive = 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))
    assert naive[2] == 0.0 and value[2] < 0  # what the written form loses
    for got in (ops.gelu(Tensor(x), approximate="tanh").asnumpy(), nn.GELU()(Tensor(x)).asnumpy()):
        np.testing.assert_allclose(got, value, rtol=1e-13)
    firsts, seconds = every_mode(lambda v: ops.gelu(v, approximate="tanh"), x)
    for got in firsts:
        np.testing.assert_allclose(got, d1, rtol=1e-13)
    for got in seconds:
        np.testing.assert_allclose(got, d2, rtol=1e-13)


def test_gelu_tanh_form_derivatives_are_finite_for_huge_inputs():
    # x^2 overflows from 1.3e154; the rule's clamp keeps 0 * inf out of f' and f''.
    x = f64(1e200, -1e200, 1e308, -1e308, np.inf, -np.inf, 30.0, -30.0)
    firsts, seconds = every_mode(lambda v: ops.gelu(v, approximate="tanh"), x)
    want_d1 = np.where(x > 0, 1.0, 0.0)
    for got in firsts:
        np.testing.assert_array_equal(got, want_d1)
    for got in seconds:
        np.testing.assert_array_equal(got, 0.0)


def test_sigmoid_and_silu_derivatives_keep_their_precision_in_the_positive_tail():
    # with 1 - sigmoid(x) computed as such, sigmoid' = y(1 - y) lost its digits
    # from x = 15 on (4e-6 relative at 25) and was 0 from 37; sigmoid(-x)
    # keeps them, and tanh(x/2) for 1 - 2 sigmoid(x).
    x = f64(25.0, 37.0, 50.0, 300.0, -37.0, 2.0)
    s, t = 1 / (1 + np.exp(-x)), 1 / (1 + np.exp(x))     # sigmoid(x), sigmoid(-x)
    th = np.tanh(x / 2)
    for f, d1, d2 in ((ops.sigmoid, s * t, -s * t * th),
                      (ops.silu, s * (1 + x * t), s * t * (2 - x * th))):
        firsts, seconds = every_mode(f, x)
        for got in firsts:
            np.testing.assert_allclose(got, d1, rtol=1e-13)
        for got in seconds:
            np.testing.assert_allclose(got, d2, rtol=1e-13)


def test_sinc_derivatives_are_exact_far_out_in_every_mode():
    # sinc' = (cos(pi x) - sinc(x)) / x: cos(pi*x) with pi*x rounded was 3% off
    # at 1e15 (sinc' is (-1)^n / n at an integer n) and had no digit left at
    # 1e50; next to the half-integers cos(pi/2) = 6e-17 cost 2e-16 |x|
    # relative.  sinc'' = -pi^2 sinc - 2 sinc' / x.
    n = f64(1e15, 1e15 + 1, 1e50, -7.0, 2.0 ** 52 + 1, 12.0)
    d1 = np.where(np.mod(n, 2) == 0, 1.0, -1.0) / n
    h = f64(3e8 + 0.5, 1e4 + 0.5, -2.5)            # sin(pi h) = (-1)^floor(h)
    sinc_h = np.where(np.mod(np.floor(h), 2) == 0, 1.0, -1.0) / (math.pi * h)
    x = np.concatenate([n, h])
    want1 = np.concatenate([d1, -sinc_h / h])
    want2 = np.concatenate([-2 * d1 / n, -math.pi ** 2 * sinc_h + 2 * sinc_h / (h * h)])
    firsts, seconds = every_mode(ops.sinc, x)
    for got in firsts:
        close(got, want1)
    for got in seconds:
        close(got, want2)


# ---------------------------------------------------------------------------
# Functions composed of the rows, MindSpore's arguments and dtypes

def test_logit_with_eps_clamps_as_mindspore():
    x = Tensor(np.array([0.05, 0.1, 0.5, 0.9, 0.95], np.float32))
    np.testing.assert_allclose(ops.logit(x, eps=0.1).asnumpy(),
                               [-2.1972246, -2.1972246, 0.0, 2.1972244, 2.1972244], rtol=1e-6)
    g = ms.grad(lambda v: ops.logit(v, eps=0.1).sum())(x).asnumpy()
    np.testing.assert_allclose(g, [0.0, 11.111111, 4.0, 11.111111, 0.0], rtol=1e-6)
    np.testing.assert_array_equal(ops.logit(x, eps=-1.0).asnumpy(), ops.logit(x).asnumpy())
    assert x.logit(0.1).asnumpy()[0] == ops.logit(x, eps=0.1).asnumpy()[0]
    with pytest.raises(TypeError, match="eps"):
        ops.logit(x, eps="0.1")


def test_polygamma_order_argument():
    x = Tensor([1.0, 2.0])
    assert ops.polygamma(Tensor(1), x).dtype == ms.float32
    assert ops.polygamma(np.int32(2), x).asnumpy()[0] == pytest.approx(-2 * ZETA3, rel=1e-6)
    for bad, error in ((-1, ValueError), (1.5, TypeError), (True, TypeError),
                       (Tensor([1, 2]), ValueError), (Tensor(1.0), TypeError)):
        with pytest.raises(error, match="polygamma: n"):
            ops.polygamma(bad, x)


def test_mvlgamma():
    x = np.array([2.5, 3.0, 7.25])
    want = sum(special.lgamma(x - j / 2) for j in range(3)) + 3 * 2 / 4 * math.log(math.pi)
    close(ops.mvlgamma(Tensor(x), 3).asnumpy(), want)
    assert ops.mvlgamma(Tensor(np.float32([2.5])), 3).dtype == ms.float32
    close(ms.grad(lambda v: ops.mvlgamma(v, 3).sum())(Tensor(x)).asnumpy(),
          sum(special.digamma(x - j / 2) for j in range(3)), ulps=16)
    assert Tensor(x).mvlgamma(p=3).asnumpy() == pytest.approx(want)
    with pytest.raises(ValueError, match=r"greater than \(p - 1\) / 2 = 1.0"):
        ops.mvlgamma(Tensor([0.5, 3.0]), 3)
    with pytest.raises(ValueError, match="p must be an int >= 1"):
        ops.mvlgamma(Tensor(x), 0)
    with pytest.raises(TypeError, match="p must be an int"):
        ops.mvlgamma(Tensor(x), 2.0)


def test_logaddexp2_and_float_power():
    a, b = Tensor([1.0, 2.0, -np.inf]), Tensor([1.0, 0.0, -np.inf])
    np.testing.assert_allclose(ops.logaddexp2(a, b).asnumpy(), [2.0, np.log2(5.0), -np.inf],
                               rtol=1e-6)
    ga, gb = ms.grad(lambda u, v: ops.logaddexp2(u, v).sum(), (0, 1))(a[:2], b[:2])
    np.testing.assert_allclose(ga.asnumpy(), [0.5, 0.8], rtol=1e-6)
    np.testing.assert_allclose(gb.asnumpy(), [0.5, 0.2], rtol=1e-6)
    assert ops.logaddexp2(Tensor([1, 2]), Tensor([3, 4])).dtype == ms.float32
    assert a.logaddexp2(b).shape == (3,)
    p = ops.float_power(Tensor(np.float32([1.5, 2.0])), Tensor(np.float32([2.0, 0.5])))
    assert p.dtype == ms.float64
    np.testing.assert_allclose(p.asnumpy(), [2.25, math.sqrt(2.0)], rtol=1e-15)
    ga, gb = ms.grad(lambda u, v: ops.float_power(u, v).sum(), (0, 1))(
        Tensor(np.float32([1.5, 2.0])), Tensor(np.float32([2.0, 0.5])))
    assert ga.dtype == gb.dtype == ms.float32
    np.testing.assert_allclose(ga.asnumpy(), [3.0, 0.35355339], rtol=1e-6)
    assert ops.float_power(Tensor([2, 3]), 2).dtype == ms.float64
    assert ops.float_power(2, Tensor(np.float32([3.0]))).asnumpy()[0] == 8.0
    assert np.isnan(ops.float_power(Tensor([-2.0]), 0.5).asnumpy()[0])


def test_mindspore_dtypes_and_integer_inputs():
    ints = Tensor([0, 1, 2])
    for name in ("sinc", "lgamma", "digamma", "erfinv", "bessel_i0", "bessel_i1", "logit",
                 "i0"):
        out = getattr(ops, name)(ints)
        assert out.dtype == ms.float32, name     # MindSpore: float32, or refused
        for dtype in (np.float32, np.float64):
            x = Tensor(np.array([0.25, 0.5], dtype))
            assert getattr(ops, name)(x).dtype == x.dtype
            assert getattr(ops, name)(Tensor(np.array(0.25, dtype))).shape == ()
    assert ops.polygamma(1, ints).dtype == ms.float32
    assert ops.i0 is ops.bessel_i0


def test_tensor_methods():
    x = Tensor([0.25, 0.5])
    for name in ("sinc", "logit", "erfinv", "lgamma", "digamma", "i0"):
        np.testing.assert_array_equal(getattr(x, name)().asnumpy(),
                                      getattr(ops, name)(x).asnumpy())
    assert x.float_power(2).dtype == ms.float64


def test_primitive_classes():
    x = Tensor([0.25, 0.5])
    for cls, fn in ((ops.Sinc, ops.sinc), (ops.Erfinv, ops.erfinv), (ops.Lgamma, ops.lgamma),
                    (ops.Digamma, ops.digamma), (ops.BesselI0, ops.bessel_i0),
                    (ops.BesselI1, ops.bessel_i1)):
        np.testing.assert_array_equal(cls()(x).asnumpy(), fn(x).asnumpy())


# ---------------------------------------------------------------------------
# SciPy, where a peer's environment has it

PEERS = [os.environ.get("DUALGRAD_SCIPY_PYTHON", ""), "/work/peers/venv-jax/bin/python",
         "/work/peers/venv-torch/bin/python"]


def _scipy_python():
    for python in PEERS:
        if python and os.path.exists(python) and subprocess.run(
                [python, "-c", "import scipy.special"], capture_output=True).returncode == 0:
            return python
    return None


def test_against_scipy_where_a_peer_has_it(tmp_path):
    python = _scipy_python()
    if python is None:
        pytest.skip("no interpreter with SciPy (DUALGRAD_SCIPY_PYTHON, or the peers' venvs)")
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(-20, 20, 400), 10 ** rng.uniform(-20, 20, 100)])
    p = rng.uniform(-1, 1, 200)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "p.npy", p)
    script = textwrap.dedent(f"""
        import json, numpy as np, scipy.special as sp
        x = np.load({str(tmp_path / 'x.npy')!r}); p = np.load({str(tmp_path / 'p.npy')!r})
        with np.errstate(all="ignore"):
            out = {{"lgamma": sp.gammaln(x), "digamma": sp.psi(x), "bessel_i0": sp.i0(x),
                   "bessel_i1": sp.i1(x), "sinc": np.sinc(x), "erfinv": sp.erfinv(p),
                   "logit": sp.logit((p + 1) / 2)}}
            for n in range(1, 4):
                out[f"polygamma{{n}}"] = sp.polygamma(n, x)
        print(json.dumps({{k: [None if not np.isfinite(v) else float(v) for v in a]
                          for k, a in out.items()}}))
    """)
    ref = json.loads(subprocess.run([python, "-c", script], capture_output=True, text=True,
                                    check=True).stdout)
    ours = {"lgamma": ops.lgamma(x), "digamma": ops.digamma(x), "bessel_i0": ops.bessel_i0(x),
            "bessel_i1": ops.bessel_i1(x), "erfinv": ops.erfinv(p),
            "logit": ops.logit((p + 1) / 2)}
    ours.update({f"polygamma{n}": ops.polygamma(n, x) for n in range(1, 4)})
    for name, got in ours.items():
        want = np.array([np.nan if v is None else v for v in ref[name]])
        finite = np.isfinite(want) & (np.abs(want) < 1e300)
        # SciPy's own errors are a few ulp too, and near the roots of digamma
        # and of the polygammas of negative arguments both are accurate only
        # relative to the terms that cancel.
        np.testing.assert_allclose(got[finite], want[finite], rtol=1e-12, atol=1e-12,
                                   err_msg=name)
    # sinc: NumPy's rounds pi x, so it is compared where that costs little
    small = np.abs(x) < 20
    np.testing.assert_allclose(ops.sinc(x[small]), np.array(ref["sinc"])[small],
                               rtol=1e-12, atol=1e-15)


def test_composed_functions_differentiate_to_second_order_in_every_mode():
    from dualgrad.testing import check_grads
    x = Tensor(np.array([2.25, 3.5, 1.75]))
    y = Tensor(np.array([0.5, -1.0, 2.0]))
    p = Tensor(np.array([0.05, 0.3, 0.8]))
    modes = ("fwd", "rev", "hyper")
    check_grads(lambda v: ops.mvlgamma(v, 3), (x,), order=2, modes=modes)
    check_grads(lambda u, v: ops.logaddexp2(u, v), (x, y), order=2, modes=modes)
    check_grads(lambda u, v: ops.float_power(u, v), (x, y), order=2, modes=modes)
    check_grads(lambda v: ops.logit(v, eps=0.1), (p,), order=2, modes=modes)
    check_grads(lambda v: ops.polygamma(2, v), (x,), order=2, modes=modes)
