"""Generate tests/data/bessel_reference.json (and, with --coefficients, the
Chebyshev and power-series coefficients of dg_bessel_k0/k1 in _special.h).

Not a test: it needs mpmath, which CI does not have.  Run it once:

    python tests/data/make_bessel_reference.py              # the JSON
    python tests/data/make_bessel_reference.py --coefficients   # C arrays

The reference values, first and second derivatives are computed with mpmath
at 50 digits (derivatives: mpmath's of J and Y, the closed forms K1' = -K0 - K1/x...
of the others, evaluated at that precision) and rounded once to float64.
"""
import json
import math
import os
import sys

import mpmath as mp

mp.mp.dps = 50


def _scaled(b, d1, d2, scale, ds):
    """f = e b with e = scale(x), e' = ds(x) e, ds constant (+-1, or 0 at 0)."""
    return (lambda x: scale(x) * b(x),
            lambda x: scale(x) * (d1(x) + ds(x) * b(x)),
            lambda x: scale(x) * (d2(x) + 2 * ds(x) * d1(x) + ds(x) ** 2 * b(x)))


def _jy(fn):
    return tuple((lambda k: lambda x: fn(x, derivative=k))(k) for k in range(3))


I0 = (lambda x: mp.besseli(0, x), lambda x: mp.besseli(1, x),
      lambda x: mp.besseli(0, x) - mp.besseli(1, x) / x)
I1 = (lambda x: mp.besseli(1, x), lambda x: mp.besseli(0, x) - mp.besseli(1, x) / x,
      lambda x: mp.besseli(1, x) - mp.besseli(0, x) / x + 2 * mp.besseli(1, x) / x ** 2)
K0 = (lambda x: mp.besselk(0, x), lambda x: -mp.besselk(1, x),
      lambda x: mp.besselk(0, x) + mp.besselk(1, x) / x)
K1 = (lambda x: mp.besselk(1, x), lambda x: -mp.besselk(0, x) - mp.besselk(1, x) / x,
      lambda x: mp.besselk(1, x) + mp.besselk(0, x) / x + 2 * mp.besselk(1, x) / x ** 2)
_neg_abs = (lambda x: mp.exp(-abs(x)), lambda x: -mp.sign(x))
_exp = (mp.exp, lambda x: 1)

# f, f', f'' at high precision, each as a function of an mpf.
FUNCTIONS = {
    "bessel_i0e": _scaled(*I0, *_neg_abs),
    "bessel_i1e": _scaled(*I1, *_neg_abs),
    "bessel_j0": _jy(lambda x, derivative: mp.besselj(0, x, derivative=derivative)),
    "bessel_j1": _jy(lambda x, derivative: mp.besselj(1, x, derivative=derivative)),
    "bessel_y0": _jy(lambda x, derivative: mp.bessely(0, x, derivative=derivative)),
    "bessel_y1": _jy(lambda x, derivative: mp.bessely(1, x, derivative=derivative)),
    "bessel_k0": K0,
    "bessel_k0e": _scaled(*K0, *_exp),
    "bessel_k1": K1,
    "bessel_k1e": _scaled(*K1, *_exp),
}

# Points: small, around the series/Chebyshev switches (2, 8) and the
# asymptotic series' switch of the exp-scaled rows' derivatives (30), near the
# zeros of J0, J1, Y0, Y1 (the closest doubles to them), and large.
_SMALL = ["1e-300", "1e-20", "1e-8", "1e-3", "0.1", "0.5", "1", "1.5", "1.9999999", "2",
          "2.0000001", "2.5", "3", "4", "5", "7.9999", "8", "8.0001", "10", "12.5", "20", "30",
          "30.000001", "50", "100", "250", "700", "1e4", "1e8"]


def _zeros():
    out = []
    for k in (1, 2, 3, 10):
        out += [mp.besseljzero(0, k), mp.besseljzero(1, k), mp.besselyzero(0, k),
                mp.besselyzero(1, k)]
    return [float(z) for z in out]


def points(name):
    xs = [float(s) for s in _SMALL] + _zeros()
    if name in ("bessel_j0", "bessel_j1", "bessel_i0e", "bessel_i1e"):
        xs += [0.0] + [-x for x in xs if x in (0.5, 1.0, 3.0, 10.0, 30.0)]
    if name in ("bessel_k0", "bessel_k1"):
        xs = [x for x in xs if x <= 700]           # (0 in a double beyond)
    if name.endswith("e"):
        # far out, where their derivatives' closed forms cancel (_table.py
        # takes the asymptotic series there)
        xs += [1e6, 1e12, 1e100] + ([-1e6, -1e12] if name[len("bessel_")] == "i" else [])
    return sorted(set(xs))


def reference():
    out = {}
    for name, (f, d1, d2) in FUNCTIONS.items():
        rows = []
        for x in points(name):
            m = mp.mpf(x)
            if x == 0 and name in ("bessel_i0e", "bessel_i1e"):
                rows.append([x, float(f(m)), None, None])   # a kink: no derivative
                continue
            # (the scaled rows' closed-form derivatives cancel to 1/x^2 far out:
            # digits enough to keep 50 after that)
            with mp.workdps(50 + 2 * max(0, int(math.log10(abs(x))) if x else 0)):
                vals = [f(m), d1(m), d2(m)]
            # (None where the value is infinite or overflows a double)
            rows.append([x] + [None if not math.isfinite(float(v)) else float(v) for v in vals])
        out[name] = rows
    return out


# --- coefficients of _special.h ------------------------------------------------

def chebyshev(F, n, nodes=80):
    """c_0..c_{n-1} of F(t) = c_0/2 + sum c_j T_j(t) on [-1, 1]."""
    ts = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / nodes) for k in range(nodes)]
    fs = [F(t) for t in ts]
    return [2 * mp.fsum(fs[k] * mp.cos(j * mp.pi * (k + mp.mpf(1) / 2) / nodes)
                        for k in range(nodes)) / nodes for j in range(n)]


def coefficients():
    g = mp.euler
    H = [mp.fsum(mp.mpf(1) / i for i in range(1, k + 1)) for k in range(40)]
    # K0(x) = P0(x^2/4) - log(x/2) I0(x), P0(u) = sum (H_k - gamma) u^k / k!^2
    p0 = [(H[k] - g) / mp.factorial(k) ** 2 for k in range(18)]
    # K1(x) = 1/x + log(x/2) I1(x) - x P1(x^2/4),
    # P1(u) = sum (H_k + H_{k+1} - 2 gamma) u^k / (4 k! (k+1)!)
    p1 = [(H[k] + H[k + 1] - 2 * g) / (4 * mp.factorial(k) * mp.factorial(k + 1))
          for k in range(18)]
    # x >= 2: sqrt(x) exp(x) K_n(x) as a Chebyshev series in t = 4/x - 1
    def big(n):
        return lambda t: (lambda x: mp.sqrt(x) * mp.exp(x) * mp.besselk(n, x))(4 / (t + 1))
    c0, c1 = chebyshev(big(0), 40), chebyshev(big(1), 40)

    def trim(c):
        while abs(c[-1]) < 1e-19 * abs(c[0]):
            c = c[:-1]
        return c

    def emit(name, vals, reverse=False):
        vals = list(reversed(vals)) if reverse else vals
        body = ", ".join(mp.nstr(v, 21, min_fixed=1, max_fixed=0) for v in vals)
        print(f"static const double {name}[{len(vals)}] = {{{body}}};")
    emit("DG_K0_P", trim(p0))
    emit("DG_K1_P", trim(p1))
    emit("DG_K0_C", trim(c0), reverse=True)
    emit("DG_K1_C", trim(c1), reverse=True)


def dumps(functions):
    """The JSON, one [x, f, f', f''] row a line."""
    head = json.dumps({"generator": "tests/data/make_bessel_reference.py (mpmath, 50 digits)",
                       "columns": ["x", "f", "f'", "f''"]})[:-1]
    body = ",\n".join(f"  {json.dumps(name)}: [\n" + ",\n".join(
        "    " + json.dumps(row) for row in rows) + "\n  ]" for name, rows in functions.items())
    return head + ', "functions": {\n' + body + "\n}}\n"


if __name__ == "__main__":
    if "--coefficients" in sys.argv:
        coefficients()
    else:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bessel_reference.json")
        with open(path, "w") as fh:
            fh.write(dumps(reference()))

