"""The rule table: one entry per elementwise primitive.

This file is plain data with no imports from the package, because it is read
twice: by ``setup.py``, which generates the fused C kernels of
``_elementwise.pyx`` from it, and at run time, where the same derivative
expressions are evaluated on boxed values so that the rules themselves are
differentiable to any order.

An expression is written once and means the same thing in both languages:
``x`` is the input and ``y`` the output of a unary primitive, ``a``/``b`` the
inputs and ``y`` the output of a binary one, and ``d1`` (unary only) the first
derivative already computed.  Function names are primitives of this table
(``cos``, ``sigmoid``, ``step``...), C math functions of the same name, or
``iszero(t)``: 1 where t is 0 and 0 elsewhere, a constant even of a traced
value (its derivative is 0 wherever it exists), and ``logz(t)``: log(t), but 0
where t is 0.

Adding an elementwise primitive means adding one row here: the engines, the
kernels, the ``ops`` function, the MindSpore-style primitive class and the
table-driven tests all follow from it.
"""
import math
from collections import namedtuple

# name:   the primitive's name (and its ``dualgrad.ops`` function)
# value:  f(x) as an expression
# d1:     f'(x) in terms of x and y = f(x)
# d2:     f''(x) in terms of x, y and d1
# domain: (low, high) where finite differences are well-conditioned; the tests
#         draw inputs from it
# ufunc:  a NumPy ufunc whose SIMD loop computes f faster than a scalar C loop
#         on large arrays, or None
# ms:     the MindSpore primitive class name in ``dualgrad.ops`` (or None)
# doc:    the ``ops`` function's description and example (or None: a generic one)
Unary = namedtuple("Unary", "name value d1 d2 domain ufunc ms doc", defaults=(None,))


def _horner(coefficients, u):
    """c0 + u*(c1 + u*(c2 + ...)) as an expression in ``u``."""
    expr = repr(coefficients[-1])
    for c in reversed(coefficients[:-1]):
        expr = f"{c!r} + {u}*({expr})"
    return f"({expr})"


# Functions whose derivative has a removable singularity at 0 (sinc' is
# (cos(pi x) - sinc(x))/x, I1' is I0(x) - I1(x)/x): near 0 the derivative
# rows evaluate a Taylor series instead, at t = x there and t = 0 elsewhere,
# blended by a step() mask (a constant), so that every nested derivative is
# a polynomial's near 0: exact at 0 and free of the quotient rule's
# cancellation next to it.  Away from 0 the closed form is accurate.
def _near_zero(radius):
    """The mask (1 for |x| < radius), t, t*t, and x as a divisor that is never 0
    (x + 2 radius inside, where the closed form's term is multiplied by 0)."""
    near = f"step({radius!r}-abs(x))"
    t = f"(x*{near})"
    return near, t, f"({t}*{t})", f"(x + {2 * radius!r}*{near})"


# sinc(x) = sum_k c_k x^2k, c_k = (-pi^2)^k / (2k+1)!, on |x| < 1/2 (14 terms
# are exact to rounding there); closed forms from 1/2 on, where they do not cancel.
# cos(pi x) is taken as (-1)^k sin(pi (1/2 - |v|)), k = round(x), v = x - k in
# [-1/2, 1/2] (v exact; 1/2 - |v| exact wherever the sine is not flat):
# cos(pi*x) rounds pi*x to an error of pi |x| eps in the angle, which made
# sinc'(1e15) 3% off (it is +-1/x at the integers), and cos(pi/2) is 6e-17, not
# 0.  Its derivative, -pi (-1)^k sign(v) cos(pi (1/2 - |v|)), is exactly 0 at
# the integers, so the nested modes' sinc'' = -2 sinc'/x is exact there too.
_COS_PI_X = f"(1 - 2*remainder(round(x), 2.0))*sin({math.pi!r}*(0.5 - abs(x - round(x))))"
_SINC_C = [(-math.pi ** 2) ** k / math.factorial(2 * k + 1) for k in range(15)]
_SINC_NEAR, _SINC_T, _SINC_U, _SINC_X = _near_zero(0.5)
_SINC_D1 = (f"{_SINC_NEAR}*{_SINC_T}*{_horner([2 * k * c for k, c in enumerate(_SINC_C)][1:], _SINC_U)}"
            f" + (1-{_SINC_NEAR})*({_COS_PI_X} - y)/{_SINC_X}")
# sinc'' = -pi^2 sinc - 2 sinc'/x (sinc's differential equation)
_SINC_D2 = (f"{_SINC_NEAR}*{_horner([2 * k * (2 * k - 1) * c for k, c in enumerate(_SINC_C)][1:], _SINC_U)}"
            f" + (1-{_SINC_NEAR})*(-{math.pi ** 2!r}*y - 2*d1/{_SINC_X})")

# I1(x)/x = sum_k q_k x^2k, q_k = 1 / (2^(2k+1) k! (k+1)!), on |x| < 2 (all
# terms positive; the closed form's derivative cancels below 2).
_I1_Q = [1 / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1)) for k in range(14)]
_I1_NEAR, _I1_T, _I1_U, _I1_X = _near_zero(2.0)


def _over_x(row, q, scale="", t=_I1_T):
    """row(x)/x, with row(x)/x = scale * sum_k q_k x^2k near 0, and its derivative
    (given the row's derivative as d1): near 0 the series' derivative, elsewhere
    (row' - row/x)/x.  scale is "" or "exp(-abs(x))*" (the exp-scaled rows, whose
    series is the unscaled one's times exp(-|x|); abs'(0) = sign(0) = 0).  t is
    x near 0 and finite elsewhere."""
    u = f"({t}*{t})"
    series = _horner(q, u)
    d_series = f"{t}*{_horner([2 * k * c for k, c in enumerate(q)][1:], u)}"
    if scale:
        d_series = f"({d_series} - sign(x)*{series})"
    over = f"({_I1_NEAR}*{scale}{series} + (1-{_I1_NEAR})*{row}(x)/{_I1_X})"
    return over, f"({_I1_NEAR}*{scale}{d_series} + (1-{_I1_NEAR})*(d1 - {over})/{_I1_X})"


_I1_OVER_X, _I1_OVER_X_D = _over_x("bessel_i1", _I1_Q)
# I1'' = I1 - (I1' - I1/x)/x; near 0 the derivative of the series of I1/x.
_I1_D2 = f"y - {_I1_OVER_X_D}"
# J1(x)/x: the same series with alternating signs (|terms| fall from 1/2 on |x| < 2).
# t as x clamped to [-3, 3] (the identity where the series is used): x*step() is
# NaN at +-inf, where J1/x and its derivative are 0.
_T_FINITE = f"(minimum(maximum(x, -3.0), 3.0)*{_I1_NEAR})"
_J1_OVER_X, _J1_OVER_X_D = _over_x("bessel_j1", [(-1) ** k * q for k, q in enumerate(_I1_Q)],
                                   t=_T_FINITE)
# exp(-|x|) I1(x)/x
_I1E_OVER_X, _I1E_OVER_X_D = _over_x("bessel_i1e", _I1_Q, "exp(-abs(x))*", t=_T_FINITE)


# Far from 0 the closed forms of the exp-scaled I and K derivatives cancel:
# I0e' = I1e - I0e for x > 0 subtracts two numbers that agree to 1/(2x), so
# the second derivative was off by 1e-4 relative at x = 3e6 and had no correct
# digit at 3e8.  From |x| = 30 on (x = 30 for K), the rows take Hankel's
# asymptotic series differentiated term by term instead.  With u = 1/|x| and
# f(|x|) = sqrt(u) sum_k p_k u^k:
#     f'  = -sqrt(u) u   sum_k (k + 1/2) p_k u^k,
#     f'' =  sqrt(u) u^2 sum_k (k + 1/2)(k + 3/2) p_k u^k.
# Past the first term each sum's terms share a sign (I) or fall by 1/(8|x|)
# or more (K), so nothing cancels; 22 terms are exact to rounding from 30 on
# (mpmath: 2e-16 relative), and the nested derivatives of these rows are
# polynomials in u, exact too.  Below 30 the closed forms keep 1e-13.
_FAR = 30.0
_HANKEL_TERMS = 22


def _hankel_a(k, nu):
    """Hankel's a_k(nu) = prod_{j<=k} (4 nu^2 - (2j - 1)^2) / (k! 8^k)."""
    product = 1.0
    for j in range(1, k + 1):
        product *= 4 * nu * nu - (2 * j - 1) ** 2
    return product / (math.factorial(k) * 8 ** k)


def _far_derivatives(kind, nu):
    """The mask (1 from 30 on) and f', f'' of exp(-|x|) I_nu(|x|) (kind "I") or
    exp(x) K_nu(x) (kind "K") as functions of |x| (of x for K) from the
    asymptotic series.  u is clamped to [1e-300, 1/30], finite for every x."""
    if kind == "I":
        p = [(-1) ** k * _hankel_a(k, nu) / math.sqrt(2 * math.pi) for k in range(_HANKEL_TERMS)]
        arg = "abs(x)"
    else:
        p = [_hankel_a(k, nu) * math.sqrt(math.pi / 2) for k in range(_HANKEL_TERMS)]
        arg = "x"
    u = f"(1/minimum(maximum({arg}, {_FAR!r}), 1e300))"
    d1 = f"(-sqrt({u})*{u}*{_horner([(k + 0.5) * c for k, c in enumerate(p)], u)})"
    d2 = f"(sqrt({u})*{u}*{u}*{_horner([(k + 0.5) * (k + 1.5) * c for k, c in enumerate(p)], u)})"
    return f"step({arg} - {_FAR!r})", d1, d2


def _far_blend(mask, far, near):
    """``far`` where the mask is 1, ``near`` (the closed form) elsewhere."""
    return f"{mask}*{far} + (1-{mask})*({near})"


_I0E_FAR, _I0E_FAR_D1, _I0E_FAR_D2 = _far_derivatives("I", 0)
_, _I1E_FAR_D1, _I1E_FAR_D2 = _far_derivatives("I", 1)
_K0E_FAR, _K0E_FAR_D1, _K0E_FAR_D2 = _far_derivatives("K", 0)
_, _K1E_FAR_D1, _K1E_FAR_D2 = _far_derivatives("K", 1)


def _bessel_doc(what, name, values, output):
    """A Bessel row's docstring: what it is, and its values at ``values``."""
    return f"""\
{what}.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.{name}(ms.Tensor([{values}], ms.float64))
Tensor(shape=[{values.count(",") + 1}], dtype=Float64, value= {output})
"""


# GELU's tanh form's z = 2u = x (Z1 + Z3 x^2): 2 sqrt(2/pi) and
# 2 sqrt(2/pi) 0.044715 (the Taylor pass and _vecmath.h use them too), and
# its f' and f'' (its row in UNARY says how); 0.214... and 0.428... are 3 Z3
# and 6 Z3 rounded from the exact product.
GELU_TANH_Z1 = 1.5957691216057308
GELU_TANH_Z3 = 0.07135481627260025
_GELU_TANH_X = "maximum(minimum(x, 100.0), -100.0)"
_GELU_TANH_Z = (f"{_GELU_TANH_X}*({GELU_TANH_Z1!r}"
                f" + {GELU_TANH_Z3!r}*({_GELU_TANH_X}*{_GELU_TANH_X}))")
_GELU_TANH_DZ = f"({GELU_TANH_Z1!r} + 0.21406444881780076*({_GELU_TANH_X}*{_GELU_TANH_X}))"
_GELU_TANH_D1 = (f"sigmoid({_GELU_TANH_Z})*(1 + {_GELU_TANH_X}*sigmoid(-{_GELU_TANH_Z})"
                 f"*{_GELU_TANH_DZ})")
_GELU_TANH_D2 = (f"sigmoid({_GELU_TANH_Z})*sigmoid(-{_GELU_TANH_Z})*(2*{_GELU_TANH_DZ}"
                 f" + {_GELU_TANH_X}*(0.4281288976356015*{_GELU_TANH_X}"
                 f" - (sigmoid({_GELU_TANH_Z}) - sigmoid(-{_GELU_TANH_Z}))"
                 f"*{_GELU_TANH_DZ}*{_GELU_TANH_DZ}))")


UNARY = [
    Unary("neg", "-x", "-1.0", "0.0", (-3, 3), None, "Neg"),
    Unary("square", "x*x", "2*x", "2.0", (-3, 3), None, "Square"),
    Unary("sqrt", "sqrt(x)", "0.5/y", "-d1*d1/y", (0.1, 10), "sqrt", "Sqrt"),
    Unary("reciprocal", "1/x", "-y*y", "-2*y*d1", (0.2, 5), None, "Reciprocal"),
    # d1 as -0.5*y/x rather than -0.5*y*y*y: at x = -0 (y = -inf) it is -inf, the
    # limit from the right, as NumPy's 1/sqrt(x) gives y.
    Unary("rsqrt", "1/sqrt(x)", "-0.5*y/x", "-1.5*d1*y*y", (0.1, 10), None, "Rsqrt"),
    Unary("exp", "exp(x)", "y", "y", (-3, 3), "exp", "Exp"),
    # Not y+1: for x < 0, y+1 cancels (float32 lost up to 100 ulp on
    # [-6, -4], and expm1'(-20) came out 0).
    Unary("expm1", "expm1(x)", "exp(x)", "d1", (-3, 3), None, "Expm1"),
    Unary("log", "log(x)", "1/x", "-d1*d1", (0.1, 10), "log", "Log"),
    Unary("log1p", "log1p(x)", "1/(1+x)", "-d1*d1", (-0.9, 10), None, "Log1p"),
    Unary("exp2", "exp2(x)", "0.6931471805599453*y", "0.6931471805599453*d1", (-3, 3), "exp2",
          "Exp2"),
    Unary("sin", "sin(x)", "cos(x)", "-y", (-3, 3), None, "Sin"),
    Unary("cos", "cos(x)", "-sin(x)", "-y", (-3, 3), None, "Cos"),
    Unary("tan", "tan(x)", "1+y*y", "2*y*d1", (-1.2, 1.2), None, "Tan"),
    Unary("sinh", "sinh(x)", "cosh(x)", "y", (-3, 3), None, "Sinh"),
    Unary("cosh", "cosh(x)", "sinh(x)", "y", (-3, 3), None, "Cosh"),
    Unary("tanh", "tanh(x)", "1-y*y", "-2*y*d1", (-3, 3), "tanh", "Tanh"),
    # 1 - x*x cancels next to |x| = 1, where (1-x)*(1+x) is exact up to one
    # rounding of 1+x; but differentiated by the engine (nested modes),
    # (1-x)*(1+x) gives -(1+x) + (1-x), which cancels next to 0 (float32
    # asin''(1e-6) lost 1.7%).  So |x| > 0.5 takes the first form, the rest
    # the second; step() is a constant mask, whose derivative is 0.
    Unary("asin", "asin(x)",
          "1/sqrt(step(abs(x)-0.5)*((1-x)*(1+x)) + (1-step(abs(x)-0.5))*(1-x*x))",
          "x*d1*d1*d1", (-0.9, 0.9), None, "Asin"),
    Unary("acos", "acos(x)",
          "-1/sqrt(step(abs(x)-0.5)*((1-x)*(1+x)) + (1-step(abs(x)-0.5))*(1-x*x))",
          "x*d1*d1*d1", (-0.9, 0.9), None, "ACos"),
    Unary("atan", "atan(x)", "1/(1+x*x)", "-2*x*d1*d1", (-3, 3), None, "Atan"),
    # 1 - sigmoid(x) as sigmoid(-x), 1 - 2 sigmoid(x) as -tanh(x/2): y*(1-y) was 0
    # from x = 37 (its true value 8.5e-17) and off by 4e-6 relative at 25, and
    # 1-2y cancels next to 0.  (Nested reverse passes differentiate the d1 row,
    # where sigmoid(-x) - sigmoid(x) still cancels next to 0: 2e-13 at x = 1e-3.)
    Unary("sigmoid", "sigmoid(x)", "y*sigmoid(-x)", "-d1*tanh(0.5*x)", (-4, 4), None,
          "Sigmoid"),
    Unary("softplus", "softplus(x)", "sigmoid(x)", "d1*sigmoid(-x)", (-4, 4), None, "Softplus"),
    Unary("silu", "silu(x)", "sigmoid(x)*(1+x*sigmoid(-x))",
          "sigmoid(x)*sigmoid(-x)*(2-x*tanh(0.5*x))", (-4, 4), None, "SiLU"),
    # Phi(x) as erfc(-x/sqrt 2)/2, not (1 + erf)/2: that cancels for x < 0 (gelu'(-10)
    # lost 1%, the Phi term being lost entirely), in d1 and in its derivatives.
    Unary("gelu", "gelu(x)",
          "0.5*erfc(-0.7071067811865476*x) + 0.3989422804014327*x*exp(-0.5*(x*x))",
          # x*x is capped where exp(-x*x/2) is already 0: beyond |x| = 1.3e154
          # x*x overflows and 0*inf would make the second derivative NaN.
          # No generated class: MindSpore's GeLU() is the tanh form (ops.primitives).
          "0.3989422804014327*exp(-0.5*(x*x))*(2-minimum(x*x, 1e4))", (-4, 4), None, None),
    # GELU's tanh form, 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3)
    # (MindSpore's GeLU, nn.GELU()'s default), as x sigmoid(z), z = 2u: the
    # same function, without 1 + tanh(u) cancelling for x < 0 (0 from
    # x = -6, where sigmoid keeps every digit).  f' = p + x q p z' and
    # f'' = p q (2 z' + x (z'' - (p - q) z'^2)) with p = sigmoid(z) and
    # q = sigmoid(-z).  x enters them clamped to [-100, 100]: from |x| = 22 on
    # p q is 0 and p is 0 or 1, so the clamp changes no value, and it keeps
    # x^2, z and x z'^2 finite, where 0 * inf would make f' and f'' NaN for
    # huge x (here and in the nested modes, which differentiate these rules).
    # f itself needs no clamp (z = +-inf gives p = 1 or 0).
    Unary("gelu_tanh", f"x*sigmoid(x*({GELU_TANH_Z1!r} + {GELU_TANH_Z3!r}*(x*x)))",
          _GELU_TANH_D1, _GELU_TANH_D2, (-4, 4), None, None,
          doc="""\
GELU's tanh form, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed
as x sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)): ``gelu(x, approximate='tanh')``,
MindSpore's ``GeLU()`` and ``nn.GELU()``'s default.
"""),
    Unary("erf", "erf(x)", "1.1283791670955126*exp(-(x*x))", "-2*x*d1", (-3, 3), None, "Erf"),
    # Kinks: abs'(0) = 0 and relu'(0) = 0, as MindSpore and PyTorch define them.
    Unary("abs", "abs(x)", "sign(x)", "0.0", (0.1, 3), None, "Abs"),
    Unary("relu", "relu(x)", "step(x)", "0.0", (0.1, 3), None, "ReLU"),
    # Piecewise-constant helpers: derivative zero wherever it exists.
    Unary("sign", "sign(x)", "0.0", "0.0", (0.1, 3), None, "Sign"),
    Unary("step", "step(x)", "0.0", "0.0", (0.1, 3), None, None),
    Unary("floor", "floor(x)", "0.0", "0.0", (0.1, 0.9), None, "Floor"),
    # Inverse hyperbolic functions: C's asinh, acosh and atanh are accurate
    # everywhere (asinh is odd, so large negative x does not cancel; atanh near
    # 0 is computed as log1p).  asinh' as 1/hypot(1, x), and acosh' with the
    # roots apart: x*x would overflow beyond |x| = 1.3e154.  atanh' takes the
    # two forms of 1 - x*x that asin' takes, for the same reason.
    Unary("asinh", "asinh(x)", "1/hypot(1.0, x)", "-x*d1*d1*d1", (-3, 3), None, "Asinh"),
    Unary("acosh", "acosh(x)", "1/(sqrt(x-1)*sqrt(x+1))", "-x*d1*d1*d1", (1.1, 4), None,
          "Acosh"),
    Unary("atanh", "atanh(x)",
          "1/(step(abs(x)-0.5)*((1-x)*(1+x)) + (1-step(abs(x)-0.5))*(1-x*x))",
          "2*x*d1*d1", (-0.9, 0.9), None, "Atanh"),
    Unary("log2", "log2(x)", "1.4426950408889634/x", "-d1/x", (0.1, 10), None, None),
    Unary("log10", "log10(x)", "0.4342944819032518/x", "-d1/x", (0.1, 10), None, None),
    # erfc itself, not 1 - erf: that cancels to 0 for x > 6.
    Unary("erfc", "erfc(x)", "-1.1283791670955126*exp(-(x*x))", "-2*x*d1", (-3, 3), None,
          "Erfc"),
    # Rounding: derivative 0 wherever it exists, as MindSpore's; round takes
    # halves to even (C's rint, NumPy's round), as MindSpore does.  frac is
    # x - trunc(x), with the sign of x and derivative 1 (MindSpore's).
    Unary("ceil", "ceil(x)", "0.0", "0.0", (0.1, 0.9), None, "Ceil"),
    Unary("trunc", "trunc(x)", "0.0", "0.0", (0.1, 0.9), None, "Trunc"),
    Unary("round", "rint(x)", "0.0", "0.0", (-0.4, 0.4), None, "Round"),
    Unary("frac", "x - trunc(x)", "1.0", "0.0", (0.1, 0.9), None, None),
    # Special functions (values in _special.h).  Each derivative is another
    # row (lgamma' = digamma, digamma' = polygamma(1, x), I0' = I1), so every
    # order nests.
    Unary("sinc", "sinc(x)", _SINC_D1, _SINC_D2, (-3, 3), None, "Sinc", doc="""\
The normalised sinc, sin(pi x) / (pi x), with sinc(0) = 1; exact zeros at
the nonzero integers, and every derivative exact at 0.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.sinc(ms.Tensor([0.0, 0.5, 1.0]))
Tensor(shape=[3], dtype=Float32, value= [ 1.00000000e+00,  6.36619747e-01,  0.00000000e+00])
"""),
    # d1 as 1/(x*(1-x)): 1-x is exact next to 1, x next to 0.
    Unary("logit", "logit(x)", "1/(x*(1-x))", "(2*x-1)*d1*d1", (0.05, 0.95), None, None),
    # erfinv' = sqrt(pi)/2 exp(y^2)
    Unary("erfinv", "erfinv(x)", "0.886226925452758*exp(y*y)", "2*y*d1*d1", (-0.9, 0.9), None,
          "Erfinv", doc="""\
The inverse error function on [-1, 1] (+-inf at +-1, NaN beyond).

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> x = ms.Tensor([0.0, 0.5, -0.75], ms.float64)
>>> ops.erf(ops.erfinv(x))
Tensor(shape=[3], dtype=Float64, value= [ 0.00000000e+00,  5.00000000e-01, -7.50000000e-01])
"""),
    Unary("lgamma", "lgamma(x)", "digamma(x)", "polygamma(1.0, x)", (0.2, 5), None, "Lgamma",
          doc="""\
log|Gamma(x)|; inf at 0 and the negative integers.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.lgamma(ms.Tensor([0.5, 1.0, 4.0], ms.float64))   # log(sqrt(pi)), 0, log(6)
Tensor(shape=[3], dtype=Float64, value= [ 5.72364943e-01,  0.00000000e+00,  1.79175947e+00])
"""),
    Unary("digamma", "digamma(x)", "polygamma(1.0, x)", "polygamma(2.0, x)", (0.2, 5), None,
          "Digamma", doc="""\
The digamma function, Gamma'(x) / Gamma(x); -inf at +0, +inf at -0, NaN at
the negative integers.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.digamma(ms.Tensor([1.0, 0.5], ms.float64))       # -EulerGamma, -EulerGamma - 2 log 2
Tensor(shape=[2], dtype=Float64, value= [-5.77215665e-01, -1.96351003e+00])
"""),
    Unary("bessel_i0", "bessel_i0(x)", "bessel_i1(x)", f"y - {_I1_OVER_X}", (-3, 3), None,
          "BesselI0", doc="""\
The modified Bessel function of the first kind of order 0 (``ops.i0``).

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.bessel_i0(ms.Tensor([0.0, 1.0, -1.0]))
Tensor(shape=[3], dtype=Float32, value= [ 1.00000000e+00,  1.26606584e+00,  1.26606584e+00])
"""),
    Unary("bessel_i1", "bessel_i1(x)", f"bessel_i0(x) - {_I1_OVER_X}", _I1_D2, (-3, 3), None,
          "BesselI1", doc="""\
The modified Bessel function of the first kind of order 1; its derivative is
I0(x) - I1(x)/x, 1/2 at 0.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.bessel_i1(ms.Tensor([0.0, 1.0, -1.0]))
Tensor(shape=[3], dtype=Float32, value= [ 0.00000000e+00,  5.65159082e-01, -5.65159082e-01])
"""),
    # The exp-scaled I0 and I1, exp(-|x|) I_n(x): a kink at 0, where sign(0) = 0
    # makes I0e'(0) = 0, the mean of the one-sided derivatives (abs's convention,
    # and MindSpore's).  I0e' = I1e - sign(x) I0e, I1e' = I0e - I1e/x - sign(x) I1e.
    # From |x| = 30 on, the asymptotic series (_far_derivatives); I0e is even, I1e odd.
    Unary("bessel_i0e", "bessel_i0e(x)",
          _far_blend(_I0E_FAR, f"sign(x)*{_I0E_FAR_D1}", "bessel_i1e(x) - sign(x)*y"),
          _far_blend(_I0E_FAR, _I0E_FAR_D2,
                     f"y - {_I1E_OVER_X} - sign(x)*(bessel_i1e(x) + d1)"),
          (-4, -0.1), None, "BesselI0e",
          doc=_bessel_doc("exp(-|x|) I0(x), I0 scaled so as not to overflow", "bessel_i0e",
                          "0.0, 1.0, -1.0, 700.0",
                          "[ 1.00000000e+00,  4.65759608e-01,  4.65759608e-01,  1.50812957e-02]")),
    Unary("bessel_i1e", "bessel_i1e(x)",
          _far_blend(_I0E_FAR, _I1E_FAR_D1, f"bessel_i0e(x) - {_I1E_OVER_X} - sign(x)*y"),
          _far_blend(_I0E_FAR, f"sign(x)*{_I1E_FAR_D2}",
                     f"bessel_i1e(x) - sign(x)*bessel_i0e(x) - {_I1E_OVER_X_D} - sign(x)*d1"),
          (0.1, 4), None, "BesselI1e",
          doc=_bessel_doc("exp(-|x|) I1(x), I1 scaled so as not to overflow", "bessel_i1e",
                          "0.0, 1.0, -1.0, 700.0",
                          "[ 0.00000000e+00,  2.07910415e-01, -2.07910415e-01,  1.50705194e-02]")),
    # Bessel functions of the first kind: J0' = -J1, J1' = J0 - J1/x (1/2 at 0,
    # J1/x a series near 0, so every order is exact there).
    Unary("bessel_j0", "bessel_j0(x)", "-bessel_j1(x)", f"{_J1_OVER_X} - y", (-3, 3), None,
          "BesselJ0",
          doc=_bessel_doc("The Bessel function of the first kind of order 0", "bessel_j0",
                          "0.0, 1.0, -1.0, 10.0",
                          "[ 1.00000000e+00,  7.65197687e-01,  7.65197687e-01, -2.45935764e-01]")),
    Unary("bessel_j1", "bessel_j1(x)", f"bessel_j0(x) - {_J1_OVER_X}", f"-y - {_J1_OVER_X_D}",
          (-3, 3), None, "BesselJ1",
          doc=_bessel_doc("The Bessel function of the first kind of order 1; its derivative\n"
                          "is J0(x) - J1(x)/x, 1/2 at 0", "bessel_j1", "0.0, 1.0, -1.0, 10.0",
                          "[ 0.00000000e+00,  4.40050586e-01, -4.40050586e-01,  4.34727462e-02]")),
    # ... of the second kind: -inf at 0, NaN for x < 0 (SciPy's; MindSpore's -inf).
    Unary("bessel_y0", "bessel_y0(x)", "-bessel_y1(x)", "bessel_y1(x)/x - y", (0.5, 5), None,
          "BesselY0",
          doc=_bessel_doc("The Bessel function of the second kind of order 0; -inf at 0,\n"
                          "NaN below 0", "bessel_y0", "0.0, 1.0, 10.0",
                          "[           -inf,  8.82569642e-02,  5.56711673e-02]")),
    Unary("bessel_y1", "bessel_y1(x)", "bessel_y0(x) - y/x", "-y - (d1 - y/x)/x", (0.5, 5), None,
          "BesselY1",
          doc=_bessel_doc("The Bessel function of the second kind of order 1; -inf at 0,\n"
                          "NaN below 0", "bessel_y1", "0.0, 1.0, 10.0",
                          "[           -inf, -7.81212821e-01,  2.49015424e-01]")),
    # Modified, of the second kind, and exp(x) times them: inf at 0, NaN for x < 0
    # (SciPy's; MindSpore's inf).  K0' = -K1, K1' = -K0 - K1/x, K0e' = K0e - K1e,
    # K1e' = K1e - K0e - K1e/x (from x = 30 on, the asymptotic series).
    Unary("bessel_k0", "bessel_k0(x)", "-bessel_k1(x)", "y + bessel_k1(x)/x", (0.5, 5), None,
          "BesselK0",
          doc=_bessel_doc("The modified Bessel function of the second kind of order 0; inf\n"
                          "at 0, NaN below 0", "bessel_k0", "0.0, 1.0, 10.0",
                          "[            inf,  4.21024438e-01,  1.77800623e-05]")),
    Unary("bessel_k0e", "bessel_k0e(x)", _far_blend(_K0E_FAR, _K0E_FAR_D1, "y - bessel_k1e(x)"),
          _far_blend(_K0E_FAR, _K0E_FAR_D2, "d1 - bessel_k1e(x) + y + bessel_k1e(x)/x"),
          (0.5, 5), None, "BesselK0e",
          doc=_bessel_doc("exp(x) K0(x); inf at 0, NaN below 0", "bessel_k0e", "0.0, 1.0, 1000.0",
                          "[            inf,  1.14446308e+00,  3.96283216e-02]")),
    Unary("bessel_k1", "bessel_k1(x)", "-bessel_k0(x) - y/x", "y - (d1 - y/x)/x", (0.5, 5), None,
          "BesselK1",
          doc=_bessel_doc("The modified Bessel function of the second kind of order 1; inf\n"
                          "at 0, NaN below 0", "bessel_k1", "0.0, 1.0, 10.0",
                          "[            inf,  6.01907230e-01,  1.86487735e-05]")),
    Unary("bessel_k1e", "bessel_k1e(x)",
          _far_blend(_K0E_FAR, _K1E_FAR_D1, "y - bessel_k0e(x) - y/x"),
          _far_blend(_K0E_FAR, _K1E_FAR_D2, "d1 - bessel_k0e(x) + y - (d1 - y/x)/x"),
          (0.5, 5), None, "BesselK1e",
          doc=_bessel_doc("exp(x) K1(x); inf at 0, NaN below 0", "bessel_k1e", "0.0, 1.0, 1000.0",
                          "[            inf,  1.63615349e+00,  3.96481308e-02]")),
]

# Binary primitives broadcast as NumPy does; gradients are summed back to each
# input's shape.  da/db are the first partials, daa/dab/dbb the second ones.
# ufunc:  the NumPy ufunc computing f with broadcasting and type promotion (or
#         None: the fused kernel runs on the operands broadcast and promoted)
Binary = namedtuple("Binary", "name value da db daa dab dbb domain ufunc ms")

# atan2's partials are written in a/h and b/h with h = hypot(a, b).
_H = "hypot(a, b)"
_A_OVER_H, _B_OVER_H = f"(a/{_H})", f"(b/{_H})"

BINARY = [
    Binary("add", "a+b", "1.0", "1.0", "0.0", "0.0", "0.0", ((-3, 3), (-3, 3)), "add", "Add"),
    Binary("sub", "a-b", "1.0", "-1.0", "0.0", "0.0", "0.0", ((-3, 3), (-3, 3)), "subtract", "Sub"),
    Binary("mul", "a*b", "b", "a", "0.0", "1.0", "0.0", ((-3, 3), (-3, 3)), "multiply", "Mul"),
    # Divided by b twice, not by b*b, which underflows from |b| = 1e-154 (and
    # loses digits as a subnormal before that) or overflows from 1e154.
    Binary("div", "a/b", "1/b", "-y/b", "0.0", "-1/b/b", "2*y/b/b",
           ((-3, 3), (0.5, 3)), "true_divide", "Div"),
    # At a = 0 the textbook partials meet 0·inf: b·a^(b-1) at b = 0, and
    # y·log(a) with y = 0.  At a = 0 only, iszero lifts the exponent where the
    # coefficient is 0, and logz (log with logz(0) = 0) stands in for log(0)
    # where its factor is 0, so these partials are their limits there
    # (d/da a^0 = 0, d²/da² a^1 = 0, d/db 0^b = 0), as in JAX and PyTorch; for
    # a != 0 they and all their derivatives are the textbook ones.
    Binary("pow", "pow(a, b)", "b*pow(a, b-1+iszero(a)*iszero(b))", "y*logz(a)",
           "b*(b-1)*pow(a, b-2+iszero(a)*(iszero(b-1)+2*iszero(b)))",
           "pow(a, b-1)*(1+b*logz(a))", "y*logz(a)*logz(a)",
           ((0.2, 3), (-2, 2)), "power", "Pow"),
    # Ties: maximum/minimum split the gradient evenly between the arguments,
    # as MindSpore does.
    Binary("maximum", "maximum(a, b)", "0.5+0.5*sign(a-b)", "0.5-0.5*sign(a-b)",
           "0.0", "0.0", "0.0",
           ((-3, 3), (-3, 3)), "maximum", "Maximum"),
    Binary("minimum", "minimum(a, b)", "0.5-0.5*sign(a-b)", "0.5+0.5*sign(a-b)",
           "0.0", "0.0", "0.0",
           ((-3, 3), (-3, 3)), "minimum", "Minimum"),
    # The partials in terms of a/h and b/h (at most 1) with h = hypot(a, b),
    # divided by h once per power: a*a+b*b underflows for |a|, |b| < 1e-154 (the
    # gradient was 0/0, NaN) and overflows beyond 1e154 (it was 0).
    Binary("atan2", "atan2(a, b)", f"{_B_OVER_H}/{_H}", f"-{_A_OVER_H}/{_H}",
           f"-2*{_A_OVER_H}*{_B_OVER_H}/{_H}/{_H}",
           f"({_A_OVER_H} - {_B_OVER_H})*({_A_OVER_H} + {_B_OVER_H})/{_H}/{_H}",
           f"2*{_A_OVER_H}*{_B_OVER_H}/{_H}/{_H}", ((0.5, 3), (0.5, 3)), "arctan2", "Atan2"),
    # At a = b = 0 the partials are 0/0 (NaN), as in MindSpore and PyTorch.
    # The second partials as (b/y)^2 / y, not b*b/y^3, which overflows from
    # y = 6e102 (it was 0 or NaN there).
    Binary("hypot", "hypot(a, b)", "a/y", "b/y", "(b/y)*(b/y)/y", "-(a/y)*(b/y)/y",
           "(a/y)*(a/y)/y", ((-3, 3), (0.5, 3)), "hypot", "Hypot"),
    # Remainders: y = a - k*b with k = floor(a/b) (remainder, the sign of b,
    # as Python's %) or trunc(a/b) (fmod, the sign of a); MindSpore's
    # gradients are 1 and -k.  k is read back as round((a-y)/b), an integer
    # up to rounding: floor(a/b) of a quotient rounded up to an integer
    # (float32 2.9999999 -> 3) would be off by one.  The domains keep a/b
    # away from integers, where the remainder jumps.
    Binary("remainder", "remainder(a, b)", "1.0", "-round((a-y)/b)", "0.0", "0.0", "0.0",
           ((-2.9, -2.2), (1.0, 1.05)), "remainder", "FloorMod"),
    Binary("fmod", "fmod(a, b)", "1.0", "-round((a-y)/b)", "0.0", "0.0", "0.0",
           ((2.2, 2.9), (1.0, 1.05)), "fmod", None),
    # |a| with the sign of b: d/da = sign(a)·sign(b), d/db = 0 (MindSpore's).
    Binary("copysign", "copysign(a, b)", "sign(a)*copysign(1.0, b)", "0.0", "0.0", "0.0",
           "0.0", ((0.1, 3), (-3, -0.5)), "copysign", None),
    # polygamma(n, x), the n-th derivative of digamma.  The order a is read as
    # the nearest integer (ops.polygamma refuses any other), so f is piecewise
    # constant in a and its partial is 0 (MindSpore takes no gradient in n).
    Binary("polygamma", "polygamma(a, b)", "0.0", "polygamma(a+1, b)", "0.0", "0.0",
           "polygamma(a+2, b)", ((0.6, 1.4), (0.3, 4)), None, "Polygamma"),
]

# Primitives whose float64 values dualgrad computes with vectorised code of
# its own, because the C library's or NumPy's loop is slow here: 8 ns per
# element for tanh where NumPy dispatches to AVX2 only, 9 ns for sin and cos
# (NumPy's float64 loops are scalar), several for the logistic family's
# scalar forms (exp, log1p), against about 1 ns for the vector code.
# dualgrad/_vecmath.h defines, per primitive u, dg_u8 and dg_u4 on vectors of
# doubles and the loops dg_u_f64_loop_avx512/_avx2 with NumPy's signature,
# used by every mode.  On these rows the one-direction Dual and HyperDual
# steps are generated as one vectorised pass from the row's d1 and d2, and the
# other fused kernels take d1 and d2 from those vector expressions too, so
# every mode and kernel computes the same bits.  A derivative expression may
# call only the primitives listed here (``vector_expression``).
OWN_FLOAT64 = ("tanh", "sin", "cos", "sigmoid", "softplus", "silu", "gelu_tanh")
# Those whose float32 values come from the same vector code, in double and
# rounded once, as the scalar C loop rounds its double values: every own
# primitive but tanh, whose float32 loop is NumPy's (SIMD, fast).
OWN_FLOAT32 = tuple(name for name in OWN_FLOAT64 if name != "tanh")

# Rows whose scalar f' and f'' (where no vector code runs) are C functions of
# _vecmath.h computing the table's expressions, bit for bit, with the work
# they repeat done once.
SCALAR_RULES = {"gelu_tanh": ("dg_gelu_tanh_d1(x)", "dg_gelu_tanh_d2(x)")}

# Helpers besides the own primitives that _vecmath.h defines on vectors (with
# the scalar helpers' NaN handling), for derivative expressions of own rows;
# sigmoid_neg(a) is sigmoid(-a), which vector_expression writes so.
VECTOR_HELPERS = ("minimum", "maximum", "sigmoid_neg")

# Functions an expression may call that are not C math functions of the same
# name: the generated kernels call these C helpers (defined in
# _elementwise.pyx.tp) instead.
C_NAMES = {
    "abs": "fabs",
    "sigmoid": "dg_sigmoid",
    "softplus": "dg_softplus",
    "silu": "dg_silu",
    "gelu": "dg_gelu",
    "relu": "dg_relu",
    "sign": "dg_sign",
    "step": "dg_step",
    "maximum": "dg_maximum",
    "minimum": "dg_minimum",
    "iszero": "dg_iszero",
    "logz": "dg_logz",
    "remainder": "dg_remainder",
    "round": "rint",
    "sinc": "dg_sinc",
    "logit": "dg_logit",
    "erfinv": "dg_erfinv",
    "lgamma": "dg_lgamma",
    "digamma": "dg_digamma",
    "polygamma": "dg_polygamma",
    "bessel_i0": "dg_bessel_i0",
    "bessel_i1": "dg_bessel_i1",
    "bessel_i0e": "dg_bessel_i0e",
    "bessel_i1e": "dg_bessel_i1e",
    "bessel_j0": "dg_bessel_j0",
    "bessel_j1": "dg_bessel_j1",
    "bessel_y0": "dg_bessel_y0",
    "bessel_y1": "dg_bessel_y1",
    "bessel_k0": "dg_bessel_k0",
    "bessel_k0e": "dg_bessel_k0e",
    "bessel_k1": "dg_bessel_k1",
    "bessel_k1e": "dg_bessel_k1e",
}


def c_expression(expr):
    """Translate a table expression into C (the helpers' C names)."""
    import re
    return re.sub(r"\b([a-z_][a-z0-9_]*)\(",
                  lambda m: C_NAMES.get(m.group(1), m.group(1)) + "(", expr)


def vector_expression(expr, width):
    """Translate a derivative expression into C on vectors of ``width`` doubles:
    calls of the primitives of OWN_FLOAT64 and of VECTOR_HELPERS become their
    vector functions (dg_cos8, dg_minimum8...); any other call has no vector
    form and is refused."""
    import re

    def vector_call(match):
        name = match.group(1)
        if name not in OWN_FLOAT64 + VECTOR_HELPERS:
            raise ValueError(f"{expr!r} calls {name}, which has no vector code in _vecmath.h")
        return f"dg_{name}{width}("
    return re.sub(r"\b([a-z_][a-z0-9_]*)\(", vector_call, _negated_sigmoids(expr))


def _negated_sigmoids(expr):
    """``expr`` with each sigmoid(-a) written sigmoid_neg(a), where a is a
    product or a single term (so that -a negates all of it).  sigmoid_neg
    computes the same bits from |a|, as sigmoid(a) does, so the compiler
    computes exp(-|a|) once for a pair sigmoid(a), sigmoid(-a) (silu', the
    GELU tanh form's f' and f'')."""
    out, start = [], 0
    while True:
        at = expr.find("sigmoid(-", start)
        if at < 0 or (at > 0 and (expr[at - 1].isalnum() or expr[at - 1] == "_")):
            if at < 0:
                return "".join(out) + expr[start:]
            out.append(expr[start:at + 1])
            start = at + 1
            continue
        argument = at + len("sigmoid(-")
        depth, end, single = 0, argument, True
        while depth >= 0:
            c = expr[end]
            depth += (c == "(") - (c == ")")
            if depth == 0 and c in "+-" and end > argument:
                before = expr[:end].rstrip()[-1:]
                exponent = before in "eE" and expr[:end].rstrip()[-2:-1].isdigit()
                single = single and (before in "*/(" or exponent)
            end += 1
        out.append(expr[start:at] + ("sigmoid_neg(" if single else "sigmoid(-"))
        start = argument


def is_zero(expr):
    """True for a derivative that is identically zero (its term is skipped)."""
    return expr.strip() in ("0", "0.0")
