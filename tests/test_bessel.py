"""The Bessel rows (bessel_i0e, i1e, j0, j1, y0, y1, k0, k0e, k1, k1e) against
mpmath's values, first and second derivatives (tests/data/bessel_reference.json,
written by tests/data/make_bessel_reference.py), in every mode; their exact
derivatives at 0; their values at the edges of their domains, beside
MindSpore 2.10's; float32.  The generic row checks (tests/test_rules.py) cover
them as they cover every row.
"""
import json
import math
import pathlib

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from test_special import every_mode as modes   # f', f'' in every mode

REFERENCE = json.loads((pathlib.Path(__file__).resolve().parent / "data" /
                        "bessel_reference.json").read_text())["functions"]
NAMES = sorted(REFERENCE)
EPS = np.finfo(np.float64).eps
inf, nan = math.inf, math.nan


def reference(name, order):
    """(x, f^(order)(x)) where the reference is finite and a normal double."""
    rows = REFERENCE[name]
    x = np.array([r[0] for r in rows])
    want = np.array([nan if r[order + 1] is None else r[order + 1] for r in rows], float)
    keep = np.isfinite(want) & (np.abs(want) < 1e300) & ((np.abs(want) > 1e-300) | (want == 0))
    return x[keep], want[keep]


def scale(name, x, want, order):
    """What an error is measured against: |f| itself, but for J and Y at least
    min(1, sqrt(2 / (pi |x|))), their envelope (next to their zeros they are
    accurate absolutely, as any float64 evaluation of them is); and for the
    exp-scaled rows' derivatives below |x| = 30 |f| (1 + |x|)^order: their
    closed forms I0e' = I1e - I0e and K0e' = K0e - K1e cancel as x grows (the
    terms agree to 1/(2x)).  From 30 on they are asymptotic series, exact."""
    s = np.abs(want)
    if name[len("bessel_")] in "jy":
        s = np.maximum(s, np.minimum(1.0, np.sqrt(2 / (np.pi * np.maximum(np.abs(x), 1e-300)))))
    if name.endswith("e") and order:
        closed = np.abs(x) <= 30
        s[closed] = np.maximum(s[closed], np.abs(reference_value(name, x[closed]))
                               * (1 + np.abs(x[closed])) ** order)
    return np.maximum(s, np.finfo(np.float64).tiny)


def reference_value(name, x):
    """mpmath's f at the reference points x."""
    rows = {r[0]: r[1] for r in REFERENCE[name]}
    return np.array([rows[v] for v in x])


# Measured worst errors over the reference points, in units of float64's eps
# relative to scale() (J, Y: glibc's j0/j1/y0/y1; I0e, I1e: the Cephes
# Chebyshev series of I0, I1; K: dualgrad's series): values 5, derivatives 3
# (J, Y, K) or 4 times eps (1+|x|)^order (the exp-scaled rows).
@pytest.mark.parametrize("name", NAMES)
def test_values_against_mpmath(name):
    x, want = reference(name, 0)
    got = getattr(ops, name)(x)
    assert got.dtype == np.float64
    err = np.abs(got - want) / scale(name, x, want, 0)
    assert err.max() <= 6 * EPS, (name, x[err.argmax()], err.max() / EPS)


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_against_mpmath_in_every_mode(name):
    f = getattr(ops, name)
    for order in (1, 2):
        x, want = reference(name, order)
        if not name.endswith("e"):                 # (the exp-scaled rows: every x)
            x, want = x[np.abs(x) < 1e4], want[np.abs(x) < 1e4]
        s = scale(name, x, want, order)
        for got in modes(f, x)[order - 1]:
            err = np.abs(got - want) / s
            assert err.max() <= 4 * EPS, (name, order, x[err.argmax()], err.max() / EPS)


@pytest.mark.parametrize("name,d", [("bessel_j0", "bessel_j1"), ("bessel_y0", "bessel_y1"),
                                    ("bessel_k0", "bessel_k1")])
def test_third_derivatives_are_the_next_rows_second(name, d):
    # J0' = -J1, Y0' = -Y1, K0' = -K1: so f''' = -(the next row)'' (mpmath's)
    x, want = reference(d, 2)
    x, want = x[(x > 0.05) & (x < 1e4)], want[(x > 0.05) & (x < 1e4)]
    got = ops.derivative(getattr(ops, name), Tensor(x), 3)[1].asnumpy()
    np.testing.assert_allclose(-got, want, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", ["bessel_i0e", "bessel_i1e", "bessel_k0e", "bessel_k1e"])
def test_third_derivatives_far_out(name):
    # From |x| = 30 on the scaled rows' derivatives are asymptotic series, whose
    # own derivatives are polynomials in 1/|x|: the third derivative, forward
    # and nested reverse, agrees with differences of the (mpmath-checked)
    # second derivative, Richardson-extrapolated (the closed forms' third
    # derivative was wrong in every digit at 1e8).
    f = getattr(ops, name)
    x = np.array([45.0, 1e3, 1e6, 1e8, 1e12])
    if name[len("bessel_")] == "i":
        x = np.concatenate([x, -x])
    forward = ops.derivative(f, Tensor(x), 3)[1].asnumpy()
    g = lambda v: ms.grad(lambda w: f(w).sum())(v)
    reverse = ms.grad(lambda v: ms.grad(lambda w: g(w).sum())(v).sum())(Tensor(x)).asnumpy()
    np.testing.assert_allclose(reverse, forward, rtol=1e-14, atol=0)

    def second(at):
        return ops.derivative(f, Tensor(at), 2)[1].asnumpy()

    def difference(h):
        return (second(x + h) - second(x - h)) / (2 * h)
    h = 1e-3 * np.abs(x)
    extrapolated = (4 * difference(h / 2) - difference(h)) / 3
    np.testing.assert_allclose(forward, extrapolated, rtol=1e-10, atol=0)


@pytest.mark.parametrize("name,d1,d2,d3", [
    ("bessel_j0", 0.0, -0.5, 0.0),
    ("bessel_j1", 0.5, 0.0, -3 / 8),
])
def test_derivatives_at_zero_are_exact_in_every_mode(name, d1, d2, d3):
    # J1(x)/x is a series near 0: every order is a polynomial's there
    f = getattr(ops, name)
    x = np.array([0.0, 1e-9, -1e-12])
    firsts, seconds = modes(f, x)
    for got in firsts:
        np.testing.assert_allclose(got, d1, rtol=1e-15, atol=1e-8)
        assert got[0] == d1
    for got in seconds:
        np.testing.assert_allclose(got, d2, rtol=1e-14, atol=1e-8)
        assert got[0] == d2
    assert float(ops.derivative(f, Tensor(np.zeros(1)), 3)[1].asnumpy()[0]) == pytest.approx(
        d3, rel=1e-15, abs=1e-16)
    assert float(ops.derivative(f, Tensor(np.zeros(1)), 4)[1].asnumpy()[0]) == pytest.approx(
        {"bessel_j0": 3 / 8, "bessel_j1": 0.0}[name], rel=1e-15, abs=1e-16)


def test_scaled_i_at_the_kink():
    # exp(-|x|) I_n(x) has a kink at 0: the derivatives there are the mean of the
    # one-sided ones (sign(0) = 0), which MindSpore 2.10 gives too.
    firsts, seconds = modes(ops.bessel_i0e, np.zeros(1))
    assert all(g[0] == 0.0 for g in firsts) and all(g[0] == 0.5 for g in seconds)
    firsts, seconds = modes(ops.bessel_i1e, np.zeros(1))
    assert all(g[0] == 0.5 for g in firsts) and all(g[0] == 0.0 for g in seconds)


def test_values_at_the_edges():
    """SciPy's values (inf or -inf with the limit's sign at a pole, NaN outside
    the domain, the limits at +-inf).  MindSpore 2.10 (CPU) agrees at 0 and
    NaN, except where the comments say:"""
    x = np.array([0.0, -0.0, -1.0, inf, -inf, nan])
    want = {
        "bessel_i0e": [1.0, 1.0, 0.46575960759364043, 0.0, 0.0, nan],
        "bessel_i1e": [0.0, -0.0, -0.20791041534970844, 0.0, -0.0, nan],
        # MindSpore: NaN at +-inf
        "bessel_j0": [1.0, 1.0, 0.7651976865579666, 0.0, 0.0, nan],
        "bessel_j1": [0.0, -0.0, -0.44005058574493355, 0.0, -0.0, nan],
        # MindSpore: -inf below 0, NaN at +inf; float32 Y1(0) NaN
        "bessel_y0": [-inf, -inf, nan, 0.0, nan, nan],
        "bessel_y1": [-inf, -inf, nan, 0.0, nan, nan],
        # MindSpore: inf below 0
        "bessel_k0": [inf, inf, nan, 0.0, nan, nan],
        "bessel_k0e": [inf, inf, nan, 0.0, nan, nan],
        "bessel_k1": [inf, inf, nan, 0.0, nan, nan],
        "bessel_k1e": [inf, inf, nan, 0.0, nan, nan],
    }
    for name, w in want.items():
        got = getattr(ops, name)(x)
        np.testing.assert_allclose(got, w, rtol=2 * EPS, atol=0, err_msg=name)
        np.testing.assert_array_equal(np.signbit(got[np.array(w) == 0]),
                                      np.signbit(np.array(w)[np.array(w) == 0]), err_msg=name)
    # far out, J and Y keep their precision (mpmath's; MindSpore 2.10's float64
    # J0(1e10) is 2.1755893e-6, J0(1e300) -4.59e-151)
    np.testing.assert_allclose(ops.bessel_j0(np.array([1e10, 1e300])),
                               [2.175591750246892e-06, -7.860673062724093e-151], rtol=4 * EPS)
    # K overflows and underflows where the true values do; the scaled forms do not
    assert ops.bessel_k1(np.array([1e-310, 5e-324]))[0] == inf
    # (x/2 underflows to 0 at 5e-324: log(x/2) is log(x) - log 2 there)
    assert ops.bessel_k0(np.array([5e-324]))[0] == pytest.approx(744.5560034370396, rel=1e-15)
    assert ops.bessel_k0(np.array([750.0]))[0] == 0.0
    assert ops.bessel_k0e(np.array([750.0]))[0] == pytest.approx(0.04574, rel=1e-3)
    assert ops.bessel_i0e(np.array([1e300]))[0] == pytest.approx(3.989422804014327e-151, rel=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_float32(name):
    x, want = reference(name, 0)
    x = x[(np.abs(x) > 1e-30) & (np.abs(x) < 1e4)].astype(np.float32)
    got = getattr(ops, name)(Tensor(x)).asnumpy()
    assert got.dtype == np.float32
    # computed in float64 from the float32 input and rounded once
    np.testing.assert_array_equal(got, getattr(ops, name)(x.astype(np.float64)).astype(np.float32))
    g = ms.grad(lambda v: getattr(ops, name)(v).sum())(Tensor(x)).asnumpy()
    assert g.dtype == np.float32


def test_dtypes_classes_and_integers():
    for name in NAMES:
        cls = getattr(ops, "Bessel" + name[len("bessel_"):].upper().replace("E", "e"))
        x = Tensor(np.array([0.25, 1.5]))
        np.testing.assert_array_equal(cls()(x).asnumpy(), getattr(ops, name)(x).asnumpy())
        # MindSpore refuses integer inputs; dualgrad computes them in float32, as
        # its other special functions do
        assert getattr(ops, name)(Tensor([1, 2])).dtype == ms.float32
        assert getattr(ops, name)(Tensor(np.float32(0.5))).shape == ()


def test_derivatives_at_infinity_are_the_limits():
    # J1/x and exp(-|x|) I1/x are series near 0 and quotients elsewhere: the
    # series' argument is clamped, so that at +-inf they are 0, not NaN.
    x = np.array([inf, -inf])
    for name in ("bessel_j0", "bessel_j1", "bessel_i0e", "bessel_i1e"):
        firsts, seconds = modes(getattr(ops, name), x)
        for got in firsts + seconds:
            np.testing.assert_array_equal(got, 0.0, err_msg=name)
    for name in ("bessel_y0", "bessel_y1", "bessel_k0", "bessel_k1", "bessel_k0e", "bessel_k1e"):
        firsts, seconds = modes(getattr(ops, name), x[:1])
        for got in firsts + seconds:
            np.testing.assert_array_equal(got, 0.0, err_msg=name)
