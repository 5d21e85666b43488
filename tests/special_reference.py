"""Float64 references for the special functions of the rule table, written in Python
from the standard library only (no SciPy, no mpmath), by other means than
dualgrad/_special.h where there is one: bisection for erfinv, power series and
the asymptotic expansion for the Bessel functions, 2 atanh(2x - 1) for logit,
math.lgamma, a recurrence to 20 (not 10) for digamma, Bernoulli numbers for the
Hurwitz zeta function.  Each takes and returns NumPy arrays of float64.
"""
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
    if not math.isfinite(math.pi * v):      # (the rows' cos(pi x) is NaN there too)
        return math.nan
    return (math.cos(math.pi * v) - sinc(v)) / v


@_elementwise
def sinc_d2(v):
    if abs(v) < 0.5:
        return _sinc_series(v, 2)
    if not math.isfinite(math.pi * v):
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
