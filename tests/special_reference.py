"""Float64 references for the special functions of the rule table, written in Python
from the standard library only (no SciPy, no mpmath), by other means than
dualgrad/_special.h where there is one: bisection for erfinv, power series and
the asymptotic expansion for the Bessel functions (J, Y and K's series in
80-digit decimals), 2 atanh(2x - 1) for logit, math.lgamma, a recurrence to 20
(not 10) for digamma, Bernoulli numbers for the Hurwitz zeta function.  Each
takes and returns NumPy arrays of float64.
"""
import decimal
import math

import numpy as np

# B_2, B_4, ..., B_16
_BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510]


def _elementwise(fn):
    vectorized = np.vectorize(fn, otypes=[np.float64])

    def apply(*args):
        args = [np.asarray(a, np.float64) for a in args]
        shape = np.broadcast_shapes(*[a.shape for a in args])
        if math.prod(shape) == 0:
            return np.zeros(shape)
        return vectorized(*args)
    return apply


def _sinpi(v):
    r, s = math.fmod(abs(v), 2.0), math.copysign(1.0, v)
    if r >= 1.0:
        r, s = r - 1.0, -s
    if r > 0.5:
        r = 1.0 - r
    return s * math.sin(math.pi * r)


def _cospi(v):
    r = math.fmod(abs(v), 2.0)
    if r > 1.0:
        r = 2.0 - r
    return math.cos(math.pi * r) if r < 0.25 else -math.sin(math.pi * (r - 0.5))


@_elementwise
def sinc(v):
    if v == 0:
        return 1.0
    if math.isinf(v) or math.isnan(v):
        return math.nan
    return _sinpi(v) / (math.pi * v)


def _sinc_series(v, derivative):
    terms = []
    for k in range(1, 20):
        c = (-math.pi ** 2) ** k / math.factorial(2 * k + 1)
        terms.append(c * 2 * k * v ** (2 * k - 1) if derivative == 1
                     else c * 2 * k * (2 * k - 1) * v ** (2 * k - 2))
    return math.fsum(terms)


@_elementwise
def sinc_d1(v):
    if abs(v) < 0.5:
        return _sinc_series(v, 1)
    if not math.isfinite(v):                # (the rows' cos(pi x) is NaN there too)
        return math.nan
    return (_cospi(v) - sinc(v)) / v


@_elementwise
def sinc_d2(v):
    if abs(v) < 0.5:
        return _sinc_series(v, 2)
    if not math.isfinite(v):
        return math.nan
    return -math.pi ** 2 * sinc(v) - 2 * sinc_d1(v) / v


@_elementwise
def logit(v):
    if not 0 <= v <= 1:
        return math.nan
    if v < 0.25:
        return math.log(v) - math.log1p(-v) if v > 0 else -math.inf
    return 2 * math.atanh(2 * v - 1) if v < 1 else math.inf


@_elementwise
def erfinv(v):
    if math.isnan(v) or abs(v) > 1:
        return math.nan
    if abs(v) == 1:
        return math.copysign(math.inf, v)
    a = abs(v)
    if a < 1e-100:
        return math.sqrt(math.pi) / 2 * v
    # erf(y) = a by bisection, on erfc above 1/2 (where 1 - a is exact)
    g = (lambda y: math.erf(y) - a) if a < 0.5 else (lambda y: (1 - a) - math.erfc(y))
    lo, hi = 0.0, 6.0
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if g(mid) < 0 else (lo, mid)
    return math.copysign(lo if abs(g(lo)) <= abs(g(hi)) else hi, v)


def erfinv_d1(x):
    return math.sqrt(math.pi) / 2 * np.exp(erfinv(x) ** 2)


@_elementwise
def lgamma(v):
    try:
        return math.lgamma(v)
    except (ValueError, OverflowError):      # the poles, and beyond 2.6e305
        return math.inf


@_elementwise
def digamma(v):
    if math.isnan(v):
        return v
    if v == 0:
        return -math.copysign(math.inf, v)
    if v < 0:
        if v == -math.inf or v == math.floor(v):
            return math.nan
        return digamma(1 - v) - math.pi * _cospi(v) / _sinpi(v)
    if math.isinf(v):
        return v
    acc = []
    while v < 20:
        acc.append(-1 / v)
        v += 1
    z = 1 / (v * v)
    return (math.fsum(acc) + math.log(v) - 0.5 / v
            - z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z / 240))))


def _hurwitz_zeta(s, q):
    """sum_k (q + k)^-s for an integer s >= 2, q > 0: the terms below 30, then
    Euler-Maclaurin with Bernoulli numbers."""
    terms = []
    while q < 30:
        try:
            terms.append(q ** -s)
        except OverflowError:
            return math.inf
        q += 1
    terms.append(q ** (1 - s) / (s - 1) + 0.5 * q ** -s)
    rising = s
    for j, b in enumerate(_BERNOULLI, start=1):
        terms.append(b / math.factorial(2 * j) * rising * q ** (-s - 2 * j + 1))
        rising *= (s + 2 * j - 1) * (s + 2 * j)
    return math.fsum(terms)


def _cot_derivative(n, v):
    """d^n/dv^n pi cot(pi v) = pi^(n+1) P_n(cot(pi v)), P_0(c) = c,
    P_(m+1) = -(1 + c^2) P_m'."""
    p = [0.0, 1.0]
    for _ in range(n):
        q = [(j + 1) * p[j + 1] for j in range(len(p) - 1)] + [0.0, 0.0]
        p = [-(q[j] + (q[j - 2] if j >= 2 else 0.0)) for j in range(len(q))]
    c, total = _cospi(v) / _sinpi(v), 0.0
    for coef in reversed(p):        # (Horner: float products overflow to inf, ** raises)
        total = total * c + coef
    return math.pi ** (n + 1) * total


def _polygamma_scalar(n, v):
    if n == 0:
        return digamma(v)
    sign = 1.0 if n % 2 else -1.0
    if math.isnan(v) or v == -math.inf:
        return math.nan
    if v == math.inf:
        return sign * 0.0
    if v <= 0 and v == math.floor(v):
        return sign * math.inf
    if v < 0:
        return -sign * _polygamma_scalar(n, 1 - v) - _cot_derivative(n, v)
    return sign * math.factorial(n) * _hurwitz_zeta(n + 1, v)


def polygamma(n, x):
    return _elementwise(lambda v: _polygamma_scalar(n, v))(x)


def _bessel_scalar(order, v):
    if math.isnan(v):
        return v
    x = abs(v)
    if x == math.inf:
        r = math.inf
    elif x <= 30:
        t = (x / 2) ** order / math.factorial(order)
        terms, k = [t], 0
        while t > 1e-20 * terms[0] or k < 5:
            k += 1
            t *= (x / 2) ** 2 / (k * (k + order))
            terms.append(t)
        r = math.fsum(terms)
    else:
        mu, t, terms = 4 * order * order, 1.0, [1.0]
        for k in range(1, 30):
            t *= -(mu - (2 * k - 1) ** 2) / (k * 8 * x)
            terms.append(t)
        if x > 1500:
            r = math.inf        # (exp(x / 2) would overflow; I0 and I1 do past 714)
        else:
            e = math.exp(x / 2)
            r = e * (math.fsum(terms) / math.sqrt(2 * math.pi * x)) * e
    return math.copysign(r, v) if order == 1 else r


bessel_i0 = _elementwise(lambda v: _bessel_scalar(0, v))
bessel_i1 = _elementwise(lambda v: _bessel_scalar(1, v))


@_elementwise
def bessel_i1_d1(v):
    if v == 0:
        return 0.5
    return _bessel_scalar(0, v) - _bessel_scalar(1, v) / v


@_elementwise
def bessel_i1_d2(v):
    if abs(v) < 2:      # the series: the closed form cancels next to 0
        return math.fsum((2 * k + 1) * 2 * k * v ** (2 * k - 1)
                         / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1))
                         for k in range(1, 25))
    # I1'' = I1 - (I1' - I1/x)/x
    return _bessel_scalar(1, v) - (bessel_i1_d1(v) - _bessel_scalar(1, v) / v) / v


# ---------------------------------------------------------------------------
# The Bessel functions J, Y, K of orders 0 and 1 and the exp-scaled I and K:
# their power series in 80-digit decimal arithmetic (exact terms, so the
# cancellation between them costs nothing) up to |x| = 40, the Hankel
# asymptotic expansions beyond, with the phase from math.cos(x), math.sin(x)
# (whose argument reduction is exact) rather than from x - pi/4.

_D_PI = decimal.Decimal("3.1415926535897932384626433827950288419716939937510582097494459")
_D_EULER = decimal.Decimal("0.5772156649015328606065120900824024310421593359399235988057672")


def _series(kind, n, v):
    """J_n, Y_n, I_n or K_n (kind "j", "y", "i", "k") at v > 0 (or any v for J, I)."""
    D = decimal.Decimal
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        x = D(v)
        u = x * x / 4
        sign = -1 if kind in "jy" else 1
        term = D(1) / math.factorial(n)
        h_k, h_nk = D(0), sum((D(1) / j for j in range(1, n + 1)), D(0))
        s_val, s_psi, k = D(0), D(0), 0
        while True:
            s_val += term
            s_psi += (h_k + h_nk - 2 * _D_EULER) * term
            k += 1
            term = term * sign * u / (k * (n + k))
            h_k += D(1) / k
            h_nk += D(1) / (n + k)
            if k * k > u and abs(term) * (h_nk + 1) < D("1e-60"):
                break
        half = (x / 2) ** n if n else D(1)
        value = half * s_val
        if kind in "ji":
            return float(value)
        log = (x / 2).ln()
        if kind == "y":
            first = (2 / x) / _D_PI if n == 1 else D(0)
            return float(-first + 2 / _D_PI * log * value - half * s_psi / _D_PI)
        first = 1 / x if n == 1 else D(0)
        return float(first + (-1) ** (n + 1) * log * value + (-1) ** n * half * s_psi / 2)


def _scaled_series(kind, n, v):
    """exp(-|v|) I_n(v) or exp(v) K_n(v) from the series, in the same decimals."""
    D = decimal.Decimal
    with decimal.localcontext() as ctx:
        ctx.prec = 80
        scale = (D(-abs(v)) if kind == "i" else D(v)).exp()
        return float(scale * D(_series(kind, n, v)))


def _hankel(n, x, alternating):
    """The asymptotic sums: (P, Q) for J and Y (alternating), or sum a_k / x^k for K."""
    mu, t, terms = 4 * n * n, 1.0, [1.0]
    for k in range(1, 40):
        t *= (mu - (2 * k - 1) ** 2) / (k * 8 * x)
        terms.append(t)
        if abs(t) < 1e-20:
            break
    if not alternating:
        return math.fsum(terms)
    p = math.fsum(terms[k] * (-1) ** (k // 2) for k in range(0, len(terms), 2))
    q = math.fsum(terms[k] * (-1) ** (k // 2) for k in range(1, len(terms), 2))
    return p, q


def _jy_scalar(kind, n, v):
    if math.isnan(v):
        return v
    if kind == "y" and v <= 0:
        return -math.inf if v == 0 else math.nan
    x = abs(v)
    odd = -1.0 if (kind == "j" and n == 1 and math.copysign(1.0, v) < 0) else 1.0
    if x == math.inf:
        return odd * 0.0
    if x <= 40:
        r = _series(kind, n, x)
    else:
        p, q = _hankel(n, x, True)
        c, s = math.cos(x), math.sin(x)
        # cos and sin of x - pi/4 (n = 0) or x - 3 pi/4 (n = 1), times sqrt 2
        cc, ss = (c + s, s - c) if n == 0 else (s - c, -s - c)
        amp = math.sqrt(1 / (math.pi * x))
        r = amp * (p * cc - q * ss) if kind == "j" else amp * (p * ss + q * cc)
    return odd * r


def _k_scalar(n, v, scaled):
    if math.isnan(v) or v < 0:
        return math.nan
    if v == 0:
        return math.inf
    if v == math.inf:
        return 0.0
    if v <= 40:
        return _scaled_series("k", n, v) if scaled else _series("k", n, v)
    r = math.sqrt(math.pi / (2 * v)) * _hankel(n, v, False)
    return r if scaled else r * math.exp(-v)


def _ie_scalar(n, v):
    if math.isnan(v):
        return v
    x = abs(v)
    if x == math.inf:
        r = 0.0
    elif x <= 40:
        r = _scaled_series("i", n, x)
    else:
        mu, t, terms = 4 * n * n, 1.0, [1.0]
        for k in range(1, 40):
            t *= -(mu - (2 * k - 1) ** 2) / (k * 8 * x)
            terms.append(t)
        r = math.fsum(terms) / math.sqrt(2 * math.pi * x)
    return math.copysign(r, v) if n == 1 else r


bessel_j0 = _elementwise(lambda v: _jy_scalar("j", 0, v))
bessel_j1 = _elementwise(lambda v: _jy_scalar("j", 1, v))
bessel_y0 = _elementwise(lambda v: _jy_scalar("y", 0, v))
bessel_y1 = _elementwise(lambda v: _jy_scalar("y", 1, v))
bessel_k0 = _elementwise(lambda v: _k_scalar(0, v, False))
bessel_k1 = _elementwise(lambda v: _k_scalar(1, v, False))
bessel_k0e = _elementwise(lambda v: _k_scalar(0, v, True))
bessel_k1e = _elementwise(lambda v: _k_scalar(1, v, True))
bessel_i0e = _elementwise(lambda v: _ie_scalar(0, v))
bessel_i1e = _elementwise(lambda v: _ie_scalar(1, v))


def _over_x(f, series_at_zero, x):
    """f(x)/x, its limit at 0 where |x| < 1e-150 (and f(x) may underflow)."""
    x = np.asarray(x, float)
    tiny = np.abs(x) < 1e-150
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tiny, series_at_zero, f(x) / np.where(tiny, 1.0, x))


def _over_x_d(f, d1, x, series_d):
    """(f/x)' = (f' - f/x)/x, from its series where |x| < 2 (where that cancels)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = (d1(x) - _over_x(f, 0.5, x)) / np.where(x == 0, 1.0, x)
    return np.where(np.abs(x) < 2, series_d(x), closed)


def _j1_over_x_d(x):
    return sum((-1) ** k * 2 * k * np.asarray(x, float) ** (2 * k - 1)
               / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1))
               for k in range(1, 25))


def _sign(x):
    return np.sign(x)


def bessel_j1_d1(x):
    return bessel_j0(x) - _over_x(bessel_j1, 0.5, x)


def bessel_j0_d2(x):
    return _over_x(bessel_j1, 0.5, x) - bessel_j0(x)


def bessel_j1_d2(x):
    return -bessel_j1(x) - _over_x_d(bessel_j1, bessel_j1_d1, x, _j1_over_x_d)


def bessel_y0_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_y1(x) / x - bessel_y0(x)


def bessel_y1_d1(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_y0(x) - bessel_y1(x) / x


def bessel_y1_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -bessel_y1(x) - (bessel_y1_d1(x) - bessel_y1(x) / x) / x


def bessel_k0_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_k0(x) + bessel_k1(x) / x


def bessel_k1_d1(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -bessel_k0(x) - bessel_k1(x) / x


def bessel_k1_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_k1(x) - (bessel_k1_d1(x) - bessel_k1(x) / x) / x


def bessel_k0e_d1(x):
    with np.errstate(invalid="ignore"):
        return bessel_k0e(x) - bessel_k1e(x)


def bessel_k0e_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_k0e_d1(x) - bessel_k1e(x) + bessel_k0e(x) + bessel_k1e(x) / x


def bessel_k1e_d1(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return bessel_k1e(x) - bessel_k0e(x) - bessel_k1e(x) / x


def bessel_k1e_d2(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        d1 = bessel_k1e_d1(x)
        return d1 - bessel_k0e(x) + bessel_k1e(x) - (d1 - bessel_k1e(x) / x) / x


def _i1e_over_x(x):
    # exp(-|x|) I1(x)/x: 1/2 at 0
    return _over_x(bessel_i1e, 0.5, x)


def bessel_i0e_d1(x):
    return bessel_i1e(x) - _sign(x) * bessel_i0e(x)


def bessel_i0e_d2(x):
    return bessel_i0e(x) - _i1e_over_x(x) - _sign(x) * (bessel_i1e(x) + bessel_i0e_d1(x))


def bessel_i1e_d1(x):
    return bessel_i0e(x) - _i1e_over_x(x) - _sign(x) * bessel_i1e(x)


def bessel_i1e_d2(x):
    x = np.asarray(x, float)
    e = np.exp(-np.abs(x))
    # (exp(-|x|) I1/x)': the series of I1/x times exp(-|x|) next to 0
    q = [1 / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1)) for k in range(25)]
    near = e * (sum(2 * k * c * x ** (2 * k - 1) for k, c in enumerate(q) if k)
                - _sign(x) * sum(c * x ** (2 * k) for k, c in enumerate(q)))
    with np.errstate(divide="ignore", invalid="ignore"):
        far = (bessel_i1e_d1(x) - _i1e_over_x(x)) / np.where(x == 0, 1.0, x)
        deriv = np.where(np.abs(x) < 2, near, far)
    return (bessel_i1e(x) - _sign(x) * bessel_i0e(x) - deriv - _sign(x) * bessel_i1e_d1(x))
