"""Univariate Taylor mode: the k-th derivative along one direction for O(k²) work.

A ``Taylor`` value carries the normalized coefficients x_j = x^(j)(0)/j! of a
curve x(t) = x_0 + x_1·t + ... + x_K·t^K through its primal x_0.  Applying f
gives the coefficients of f(x(t)) up to the same order: the K-th derivative
of f along the curve is K!·y_K.  Nested Dual passes reach it too, but they
carry 2^K parts per value (one per subset of K copies of one perturbation,
all subsets of a size equal); the series carries K + 1.  On an MLP that is
K + 1 matrix products per layer instead of 2^K.

The rules (Griewank and Walther, *Evaluating Derivatives*, ch. 13):

- a primitive linear in its traced arguments maps each coefficient through
  its jvp rule (K calls);
- ``mul`` and ``matmul`` are bilinear: y_j = Σ_i a_i·b_(j-i), the Cauchy
  product;
- ``div``: y_j = (a_j - Σ_(i≥1) b_i·y_(j-i)) / b_0;
- ``pow`` with a constant exponent p: binary powering by Cauchy products for
  an integer p up to 64, else j·x_0·y_j = Σ_(k=1..j) (p·k - (j - k))·x_k·y_(j-k)
  where x_0 has no zero;
- tanh, sigmoid, exp, sin and cos solve their differential equations
  (tanh' = 1 - tanh², sigmoid'(x) = sigmoid(x)·sigmoid(-x), exp' = exp,
  sin' = cos, cos' = -sin) order by order: y_j = (1/j)·Σ_i i·x_i·z_(j-i),
  with z the series of the right-hand side, O(K²) products (one pass of a
  fused C kernel, dualgrad/_series.pyx, when the values are plain arrays;
  on a tape's plain values, one primitive whose reverse rule is the fused
  adjoint kernel);
- silu, gelu and GELU's tanh form are products, x·sigmoid(x), x·Φ(x) with
  Φ' = φ(x)·x' (φ's series from exp's kernel) and x·sigmoid(z), z a cubic
  in x: Cauchy products of such series;
- every other primitive follows from its jvp rule, since y'(t) = J_f(x(t))·x'(t):
  the rule evaluated on the series of x and x' one order lower is the series
  of y', whose coefficient j - 1 is j·y_j.  That is exact for every primitive
  with a jvp rule.  Where f' reads y (sqrt' = 0.5/y), the series one order
  lower needs y itself one order lower, so such an f costs O(K³)
  elementwise operations; where it reads x alone (softplus' = sigmoid(x),
  log' = 1/x), one evaluation of f' to order K - 1 does.  When f' calls another
  primitive one order lower (Bessel J0' = -J1, J1' = J0 - J1/x), each cut of
  a series and each output on it is computed once per rule (``_memo``), so
  that stays polynomial too.

When the coefficients are Duals of a forward pass around the Taylor pass
(``jacfwd`` of a residual built from high-order derivatives), an elementwise
primitive of one argument takes the primal series by its rule on the Duals'
primals and the tangents as the Cauchy product of f'(x(t))'s series with the
tangents' series, ẏ = f'(x(t))·ẋ, instead of nesting the Duals through
every order of its rule.

A pass along several directions through the same points (``bilaplacian``)
carries coefficients 1..K-1 as Batched values of a vmap trace, one entry
per direction, the primal once, and coefficient K only as the weighted sum
over the directions that the operator needs (``TaylorPass``'s collapse).

The rules are written with primitives, like every other rule, so that a
Taylor pass is differentiable (reverse over Taylor: weight gradients of a
loss built from high-order derivatives) and nests inside or around the
other passes.
"""
import math

import numpy as np

from . import _core, _elementwise, _functions as F, _series, _structural as S, _table, _vmap
from ._core import make_taylor

# Primitives linear in their traced arguments: the jvp rule reads the
# arguments' shapes (and the constant ones: a condition, an index), not their values.
_LINEAR = frozenset({"add", "sub", "neg", "broadcast_to", "concat", "cumsum", "getitem",
                     "reshape", "stack", "sum", "sum_to", "transpose", "where", "cast"})
_BILINEAR = frozenset({"mul", "matmul"})


class TaylorPass(_core.TaylorTrace):
    """A Taylor-mode transform in progress (see the module's docstring).

    ``collapse`` = (K, batch, weights) makes it a pass along R directions
    through the same points whose top coefficients are wanted only as
    Σ_r weights[r]·x_K^(r) (the biharmonic operator: a weighted sum of
    fourth derivatives).  The seeds are Batched values of the vmap trace
    ``batch`` (directions first), so coefficients 1..K-1 carry the R
    directions while the primal, computed once, carries none.  Coefficient K
    is kept as that weighted sum only, "collapsed Taylor mode" (Dangel et
    al., 2024): since y_K = J_f(x_0)·x_K + (a polynomial in x_1..x_(K-1)),
    its weighted sum is the rule's result with x_K left out, summed with the
    weights, plus the jvp of the weighted sum of x_K at the primal.  On an
    MLP that is one matrix product for coefficient K instead of R.
    """

    def __init__(self, collapse=None):
        super().__init__()
        # While a rule from a jvp runs, and only then: each series cut to each
        # lower order once, and the outputs of the primitives applied to those
        # cuts.  A primitive whose derivative calls another at the order below
        # (Bessel J0' = -J1, J1' = J0 - J1/x) then computes each at each order
        # once, where the plain recursion takes about 2.5^order calls.
        self._memo = None
        self._collapse = collapse
        # While the rule of one step runs with its top coefficients left out:
        # steps the rule takes at the full order are not collapsed again.
        self._collapsing = False

    def process_taylor(self, prim, args, params):
        memo = self._memo
        key = (prim, tuple(map(id, args))) if memo is not None and not params else None
        if key is not None:
            hit = memo.get(key)
            if hit is not None:
                return hit[0]
        result = self._apply(prim, args, params or {})
        if key is not None:
            memo[key] = (result, args)      # args kept alive: their ids stay theirs
        return result

    def _apply(self, prim, args, params):
        primals, series, order = [], [], None
        for a in args:
            if isinstance(a, _core.Taylor) and a.trace is self:
                primals.append(a.primal)
                series.append(a.series)
                order = len(a.series) if order is None else min(order, len(a.series))
            else:
                primals.append(a)
                series.append(None)
        primals = tuple(primals)
        series = [None if s is None else s[:order] for s in series]
        out = prim.bind(primals, params)
        collapse = self._collapse
        if collapse is None or order != collapse[0] or self._collapsing:
            return self._result(prim, primals, series, order, out, params, args)
        tops = tuple(None if s is None else s[-1] for s in series)
        self._collapsing = True
        try:
            result = self._result(prim, primals, [None if s is None else s[:-1] + (None,)
                                                  for s in series], order, out, params, args)
        finally:
            self._collapsing = False
        slope = prim.jvp(primals, tops, out, 0, params) if any(
            t is not None for t in tops) else None
        if prim.multiple:
            slopes = (None,) * len(out) if slope is None else slope
            return tuple(self._with_top(r, s) for r, s in zip(result, slopes))
        return self._with_top(result, slope)

    def _with_top(self, result, slope):
        """``result`` (a Taylor value whose top coefficient came from a rule
        with every x_K left out) with that coefficient collapsed and the jvp
        of the collapsed x_K (``slope``) added."""
        _, batch, weights = self._collapse
        primal, series = result.primal, result.series
        top = series[-1]
        if type(top) is _core.Batched and top.trace is batch:
            stacked = top.value
            shape = tuple(_core.shape_of(stacked))
            w = np.asarray(weights, F._dtype(stacked)).reshape(1, -1)
            top = F.reshape(F.matmul(w, F.reshape(stacked, (shape[0], -1))), shape[1:])
        elif top is not None:           # the same for every direction
            top = F.mul(top, float(np.sum(weights)))
        if slope is not None:
            top = slope if top is None else F.add(top, slope)
        return make_taylor(primal, series[:-1] + (top,), self)

    def _result(self, prim, primals, series, order, out, params, args):
        """The step's output as a Taylor value, by the rule for ``prim``."""
        if prim.name in _LINEAR:
            coefficients = _linear(prim, primals, series, order, out, params)
        elif prim.name in _BILINEAR:
            coefficients = _bilinear(prim, primals, series, order, params)
        elif prim.name == "div":
            coefficients = _quotient(prim, primals, series, order, out, params)
        elif prim.name == "pow" and series[1] is None:
            coefficients = _power(primals, series[0], order, out)
            if coefficients is None:        # x_0 has a zero: the rule from jvp
                coefficients = self._from_jvp(prim, args, primals, series, order, out, params)
        else:
            coefficients = None
            if isinstance(prim, _elementwise.UnaryPrimitive) and not params:
                coefficients = self._unary_over_duals(prim, primals[0], series[0], order, out)
            if coefficients is None:
                if prim.name in _SLOPES:
                    coefficients = _solve_ode(prim.name, primals[0], series[0], order, out)
                elif prim.name in _PRODUCT_FORMS and not params:
                    coefficients = _PRODUCT_FORMS[prim.name](primals[0], series[0], order)
                else:
                    coefficients = self._from_jvp(prim, args, primals, series, order, out,
                                                  params)
        if prim.multiple:
            return tuple(make_taylor(o, tuple(c), self) for o, c in zip(out, coefficients))
        return make_taylor(out, tuple(coefficients), self)

    def _unary_over_duals(self, prim, x0, series, order, out):
        """An elementwise primitive of one argument on a series whose values are
        Duals of one outer pass (``jacfwd`` of a residual from ``partial`` of
        order three or more), or None where that does not hold: the primal
        series by the rules on the Duals' primals, f'(x(t))'s series by the
        primitive's jvp rule on that plain series, and the tangents by
        ``_tangents_by_slope`` (the rule from jvp would nest the Duals in
        every order's recursion).
        """
        split = _split_duals(x0, series, out)
        if split is None:
            return None
        trace, nb, primals, tangents, batch = split
        plain = make_taylor(primals[0], tuple(
            p if p is None or batch is None else _core.make_batched(p, batch)
            for p in primals[1:]), self)
        y = self.process_taylor(prim, (plain,), {})
        coefficients = coefficients_of(y, self, order)[1:]
        slope = prim.jvp((plain,), (np.ones_like(primals[0]),), y, 0, {})
        if slope is not None:
            slope = coefficients_of(slope, self, order)
        if batch is not None:
            # the directions' arrays; a coefficient without them (zeros of
            # the primal's shape) is the same for every direction
            every = (batch.size,) + primals[0].shape
            coefficients, slope = (
                None if cs is None else [_along(c, batch, every) if k else c
                                         for k, c in enumerate(cs, start=start)]
                for cs, start in ((coefficients, 1), (slope, 0)))
        if slope is None:           # f' is 0: the coefficients are constants
            return coefficients if batch is None else \
                [_core.make_batched(c, batch) for c in coefficients]
        if any(type(c) is not np.ndarray for c in coefficients + slope):
            return None
        return _tangents_by_slope(coefficients, slope, tangents, trace, nb, batch)

    def _from_jvp(self, prim, boxes, primals, series, order, out, params):
        """The coefficients 1..order of prim's output from its jvp rule (y' = J·x')."""
        outermost = self._memo is None
        if outermost:
            self._memo = {}
        try:
            lower = order - 1
            if lower == 0:
                args, lower_out = primals, out
            else:
                args = tuple(b if s is None else self._truncated(b, lower)
                             for b, s in zip(boxes, series))
                # y one order lower only where the rule reads it: f' of
                # softplus, gelu, silu, log... is a function of x alone, and
                # computing y would recurse through every lower order
                lower_out = (self.process_taylor(prim, args, params)
                             if _slope_reads_output(prim) else None)
            tangents = tuple(None if s is None else self._derivative_of(p, s, lower)
                             for p, s in zip(primals, series))
            slopes = prim.jvp(args, tangents, lower_out, 0, params)
        finally:
            if outermost:
                self._memo = None
        if prim.multiple:
            if slopes is None:
                slopes = (None,) * len(out)
            return [self._integrated(s, order) for s in slopes]
        return self._integrated(slopes, order)

    def _truncated(self, box, order):
        """``box``'s series cut to ``order`` (≥ 1), one object per series and order."""
        memo = self._memo
        root = memo.get(("root", id(box)), (box,))[0]
        key = ("cut", id(root), order)
        hit = memo.get(key)
        if hit is None:
            cut = make_taylor(root.primal, root.series[:order], self)
            hit = memo[key] = (cut, root)
            memo[("root", id(cut))] = (root, cut)
        return hit[0]

    def _derivative_of(self, primal, series, lower):
        """x'(t) = Σ_j (j+1)·x_(j+1)·t^j to order ``lower``, from x's coefficients."""
        first = series[0]
        if first is None:
            first = _core.zeros_for(primal)
        if lower == 0:
            return first
        return make_taylor(first, tuple(None if c is None else F.mul(c, float(j + 2))
                                        for j, c in enumerate(series[1:lower + 1])), self)

    def _integrated(self, slope, order):
        """y_1..y_order from y'(t)'s coefficients 0..order-1 (y_j = y'_(j-1)/j)."""
        if slope is None:
            return [None] * order
        if isinstance(slope, _core.Taylor) and slope.trace is self:
            if len(slope.series) != order - 1:
                raise AssertionError(f"Taylor rule produced order {len(slope.series)}, "
                                     f"expected {order - 1}")
            parts = (slope.primal,) + slope.series
        else:
            parts = (slope,) + (None,) * (order - 1)
        return [None if c is None else (c if j == 1 else F.div(c, float(j)))
                for j, c in enumerate(parts, start=1)]


_READS_OUTPUT = {}


def _slope_reads_output(prim):
    """Whether prim's jvp rule reads its output: for an elementwise primitive
    of one argument, whether the table's f' mentions y; for every other
    primitive, assumed so."""
    reads = _READS_OUTPUT.get(prim)
    if reads is None:
        reads = _READS_OUTPUT[prim] = (not isinstance(prim, _elementwise.UnaryPrimitive)
                                       or _elementwise._reads(prim.entry.d1, "y"))
    return reads


def _linear(prim, primals, series, order, out, params):
    coefficients = []
    for j in range(order):
        tangents = tuple(None if s is None else s[j] for s in series)
        if all(t is None for t in tangents):
            coefficients.append(None)
        else:
            coefficients.append(prim.jvp(primals, tangents, out, 0, params))
    return coefficients


def _bilinear(prim, primals, series, order, params):
    a = (primals[0],) + (series[0] or (None,) * order)
    b = (primals[1],) + (series[1] or (None,) * order)
    return _cauchy(a, b, 1, order, lambda u, v: prim.bind((u, v), params))


def _quotient(prim, primals, series, order, out, params):
    numerator = series[0] or (None,) * order
    divisor = primals[1]
    if series[1] is None:
        return [None if c is None else prim.bind((c, divisor), params) for c in numerator]
    ys = [out]
    for j in range(1, order + 1):
        rest = numerator[j - 1]
        for i in range(1, j + 1):
            b_i, y = series[1][i - 1], ys[j - i]
            if b_i is None or y is None:
                continue
            product = F.mul(b_i, y)
            rest = F.neg(product) if rest is None else F.sub(rest, product)
        ys.append(None if rest is None else prim.bind((rest, divisor), params))
    return ys[1:]


# Integer exponents up to this take Cauchy products (exact at x_0 = 0 too).
_MAX_INTEGER_POWER = 64


def _power(primals, series, order, out):
    """x^p of a series for a constant exponent p, or None (the rule from jvp then).

    An integer p in 0..64 (a plain scalar): binary powering by Cauchy
    products.  Otherwise, where x_0 has no zero: the recurrence of
    y'·x = p·y·x', j·x_0·y_j = Σ_(k=1..j) (p·k - (j - k))·x_k·y_(j-k).
    """
    base, exponent = primals
    p = np.asarray(_core.primal_value(exponent))
    if not isinstance(exponent, _core.Box) and p.ndim == 0 and p.dtype.kind in "iuf" \
            and float(p).is_integer() and 0 <= p <= _MAX_INTEGER_POWER:
        return _integer_power(base, series, order, int(p), out)
    if np.any(np.asarray(_core.primal_value(base)) == 0):
        return None
    # p·k - (j - k) in out's dtype for a constant p, as pow treats a constant
    # exponent (a float32 base stays float32)
    constant = not isinstance(exponent, _core.Box)
    ys = [out]
    for j in range(1, order + 1):
        total = None
        for k in range(1, j + 1):
            if series[k - 1] is None:
                continue
            weight = (np.asarray(p * k - (j - k), F._dtype(out)) if constant else
                      F.sub(F.mul(exponent, float(k)), float(j - k)))
            term = F.mul(weight, F.mul(series[k - 1], ys[j - k]))
            total = term if total is None else F.add(total, term)
        ys.append(None if total is None else F.div(total, F.mul(base, float(j))))
    return [_core.zeros_for(out) if y is None else y for y in ys[1:]]


def _cauchy(a, b, first, last, product=F.mul):
    """Coefficients first..last of the product of two series given from their
    coefficient 0 (None: zero); ``product`` multiplies two coefficients."""
    out = []
    for j in range(first, last + 1):
        total = None
        for i in range(j + 1):
            if a[i] is None or b[j - i] is None:
                continue
            term = product(a[i], b[j - i])
            total = term if total is None else F.add(total, term)
        out.append(total)
    return out


def _integer_power(base, series, order, p, out):
    """x^p for an integer p ≥ 0 by binary powering of the series (coefficients 1..order)."""
    x = [base] + list(series)
    result = None
    while p:
        if p & 1:
            result = x if result is None else _cauchy(result, x, 0, order)
        p >>= 1
        if p:
            x = _cauchy(x, x, 0, order)
    if result is None:                      # p = 0: a constant
        return [None] * order
    return [_core.zeros_for(out) if c is None else c for c in result[1:]]


def _square_coefficient(ys, n):
    """Coefficient n of y(t)², from y_0..y_n."""
    total = None
    for i in range((n + 1) // 2):
        term = F.mul(ys[i], ys[n - i])
        total = term if total is None else F.add(total, term)
    total = F.mul(total, 2.0) if total is not None else None
    if n % 2 == 0:
        middle = F.mul(ys[n // 2], ys[n // 2])
        total = middle if total is None else F.add(total, middle)
    return total


def _tanh_slope(x0, y):
    """1 - y², as the rule table writes tanh'."""
    return F.sub(1.0, F.mul(y, y)), lambda ys, n: F.neg(_square_coefficient(ys, n))


def _sigmoid_slope(x0, y):
    """y·s with s = sigmoid(-x) = 1 - y: s_0 from sigmoid(-x_0) (1 - y_0 cancels
    for large x, as the rule table avoids), s_n = -y_n."""
    s0 = F.sigmoid(F.neg(x0))

    def later(ys, n):
        total = F.mul(ys[n], s0)
        for i in range(n):
            total = F.sub(total, F.mul(ys[i], ys[n - i]))
        return total
    return F.mul(y, s0), later


def _exp_slope(x0, y):
    return y, lambda ys, n: ys[n]


# y' = z·x' with z from y: (z_0, z_n for n ≥ 1 from y_0..y_n); sin and cos
# are solved as a pair.
_SLOPES = {"tanh": _tanh_slope, "sigmoid": _sigmoid_slope, "exp": _exp_slope,
           "sin": None, "cos": None}


def _solve_ode(name, x0, series, order, out):
    """tanh, sigmoid, exp, sin or cos of a series, order by order from y' = z·x'."""
    fused = _series.series_of(name, x0, out, list(series))
    if fused is not None:       # plain arrays: one pass over memory (_series.pyx)
        return fused
    if _on_one_tape([x0, out] + [c for c in series if c is not None]) or \
            _directions_of_plain(x0, out, series):
        # reverse over Taylor: one node, whose reverse rule is the fused
        # adjoint; along directions (Batched coefficients): the kernel once
        # over all of them, through the primitive's batching rule
        return list(_SERIES[name].bind((x0, out) + tuple(series), {}))
    return _solve_ode_with_primitives(name, x0, series, order, out)


def _silu_series(x0, series, order):
    """silu(x) = x·sigmoid(x): the Cauchy product of x's series with sigmoid's
    (the fused kernel), where the rule from jvp evaluates f' = sigmoid(x)·
    (1 + x·sigmoid(-x)) on series: two sigmoid series and three products."""
    s0 = F.sigmoid(x0)
    s = [s0] + list(_solve_ode("sigmoid", x0, series, order, s0))
    return _cauchy((x0,) + tuple(series), s, 1, order)


_SQRT_HALF = 0.7071067811865476
_INV_SQRT_2PI = 0.3989422804014327


def _gelu_series(x0, series, order):
    """gelu(x) = x·Φ(x), Φ the normal distribution function: Φ' = φ(x)·x'
    with φ(x) = exp(-x²/2)/√(2π), so Φ_j = (1/j)·Σ_i i·x_i·φ_(j-i), φ's series
    from exp's (the fused kernel) of -x²/2's; then the Cauchy product with
    x's.  Φ_0 is erfc(-x_0/√2)/2, which does not cancel for x_0 < 0."""
    x = (x0,) + tuple(series)
    half_square = [None if c is None else F.mul(c, -0.5) for c in _cauchy(x, x, 0, order - 1)]
    e0 = F.exp(half_square[0])
    e = [e0] + (list(_solve_ode("exp", half_square[0], half_square[1:], order - 1, e0))
                if order > 1 else [])
    phi = [F.mul(c, _INV_SQRT_2PI) for c in e]
    slopes = _slopes_of(series)
    big_phi = [F.mul(F.erfc(F.mul(x0, -_SQRT_HALF)), 0.5)]
    for j in range(1, order + 1):
        big_phi.append(_integrated_against(slopes, phi, j))
    return _cauchy(x, big_phi, 1, order)


def _gelu_tanh_series(x0, series, order):
    """GELU's tanh form, x·sigmoid(z) with z = x·(Z1 + Z3·x²): z's series from
    x's by Cauchy products, sigmoid's from the fused kernel, then the Cauchy
    product with x's.  (The rule from jvp would evaluate f' — two sigmoids of
    z, each a series — at every order.)  z_0 is computed as the value's z,
    so sigmoid(z_0) is the value's factor bit for bit."""
    x = (x0,) + tuple(series)
    cube = _cauchy(_cauchy(x, x, 0, order), x, 1, order)
    z0 = F.mul(x0, F.add(F.mul(F.mul(x0, x0), _table.GELU_TANH_Z3), _table.GELU_TANH_Z1))
    z = [_sum_of_present(None if c is None else F.mul(c, _table.GELU_TANH_Z1),
                         None if c3 is None else F.mul(c3, _table.GELU_TANH_Z3))
         for c, c3 in zip(series, cube)]
    s0 = F.sigmoid(z0)
    s = [s0] + list(_solve_ode("sigmoid", z0, z, order, s0))
    return _cauchy(x, s, 1, order)


def _sum_of_present(a, b):
    """a + b, where None stands for a zero coefficient."""
    return b if a is None else a if b is None else F.add(a, b)


# Functions of one argument that are products of x with a function whose
# series has a fast rule: (x_0, x's coefficients 1..K, K) -> y's 1..K.
_PRODUCT_FORMS = {"silu": _silu_series, "gelu": _gelu_series, "gelu_tanh": _gelu_tanh_series}


def _split_duals(x0, series, out):
    """(trace, nb, primals, tangents, batch) of x's coefficients when ``out``
    (f(x_0)) and every coefficient that is not a plain array or None are
    Duals of one forward trace with plain arrays of one dtype and full-shape
    tangents; else None.

    In a pass along directions (``batch`` its vmap trace, else None) the
    coefficients are Batched values holding such Duals, whose primals and
    tangents carry the directions after the tangents' nb axes; x_0's tangent
    then gets a unit axis there, so that it multiplies theirs.
    """
    if not (isinstance(out, _core.Dual) and type(out.primal) is np.ndarray
            and type(out.tangent) is np.ndarray):
        return None
    trace, nb, dtype = out.trace, out.nb, out.primal.dtype
    primals, tangents, batch = [], [], None
    for k, value in enumerate([x0] + list(series)):
        if type(value) is _core.Batched:
            if k == 0 or (batch is not None and value.trace is not batch):
                return None
            batch, value = value.trace, value.value
        elif k > 0 and value is not None and batch is not None:
            return None         # one coefficient with directions and one without
        if isinstance(value, _core.Dual):
            if value.trace is not trace or value.nb != nb:
                return None
            primal, tangent = value.primal, value.tangent
        else:
            primal, tangent = value, None
        for v in (primal, tangent):
            if v is not None and not (type(v) is np.ndarray and v.dtype == dtype):
                return None
        primals.append(primal)
        tangents.append(tangent)
    full = out.tangent.shape
    if batch is not None:
        if any(p is not None and p.shape != (batch.size,) + out.shape for p in primals[1:]):
            return None
        full = full[:nb] + (batch.size,) + full[nb:]
        if tangents[0] is not None:
            tangents[0] = tangents[0].reshape(full[:nb] + (1,) + full[nb + 1:])
    if any(t is not None and t.shape != full for t in tangents[1:]) or (
            batch is None and tangents[0] is not None and tangents[0].shape != full):
        return None             # a broadcast tangent: the generic rule's
    return trace, nb, primals, tangents, batch


def _along(value, batch, every):
    """A coefficient of a pass along directions as the array of all of them:
    a Batched value's, or a plain array repeated along them."""
    if type(value) is _core.Batched and value.trace is batch:
        return value.value
    if type(value) is np.ndarray:
        return np.broadcast_to(value, every)
    return value


def _tangents_by_slope(coefficients, slope, tangents, trace, nb, batch=None):
    """y_1..y_K as Duals: each primal coefficient with its tangent (in a pass
    along directions, each in a Batched value of ``batch``).

    Differentiating y(t) = f(x(t)) along the outer pass's direction gives
    ẏ(t) = f'(x(t))·ẋ(t), so ẏ_k = Σ_j F_j·ẋ_(k-j), with F (``slope``) the
    series of f'(x(t)) on plain arrays and ẋ the coefficients' tangents
    (None: zero).  The generic rules multiply Duals through the recurrence
    instead: several times the passes over the tangents.
    """
    results = []
    for k, coefficient in enumerate(coefficients, start=1):
        total = None
        for j in range(k + 1):
            if tangents[k - j] is None:
                continue
            term = slope[j] * tangents[k - j]
            if total is None:
                total = term
            else:
                total += term
        result = coefficient if total is None else \
            _core.make_dual(coefficient, total, trace, nb)
        results.append(result if batch is None else _core.make_batched(result, batch))
    return results


def _on_one_tape(values):
    """Whether every value is a plain array or a Var of one tape holding one."""
    tape = None
    for v in values:
        if isinstance(v, _core.Var):
            if isinstance(v.value, _core.Box) or (tape is not None and v.trace is not tape):
                return False
            tape = v.trace
        elif isinstance(v, _core.Box):
            return False
    return tape is not None


def _directions_of_plain(x0, out, series):
    """Whether x0 and out are plain arrays or Vars of one tape holding them and
    every coefficient given is a Batched value of one vmap trace (a pass
    along several directions) holding such a value."""
    batch, values = None, [x0, out]
    for c in series:
        if c is None:
            continue
        if type(c) is not _core.Batched or (batch is not None and c.trace is not batch):
            return False
        batch = c.trace
        values.append(c.value)
    if batch is None:
        return False
    return all(type(v) is np.ndarray for v in values) or _on_one_tape(values)


def _slopes_of(series):
    """i·x_i for x's coefficients x_1..x_K (None: zero): the coefficients of
    x'(t), shifted by one."""
    return [None if c is None else (c if i == 1 else F.mul(c, float(i)))
            for i, c in enumerate(series, start=1)]


def _integrated_against(slopes, zs, j):
    """Coefficient j of y where y' = z·x': (1/j)·Σ_(i=1..j) i·x_i·z_(j-i), from
    ``_slopes_of``(x) and z's coefficients 0..j-1; None where every term is zero."""
    total = None
    for i in range(1, j + 1):
        if slopes[i - 1] is not None:
            term = F.mul(slopes[i - 1], zs[j - i])
            total = term if total is None else F.add(total, term)
    return None if total is None else (total if j == 1 else F.div(total, float(j)))


def _solve_ode_with_primitives(name, x0, series, order, out):
    """_solve_ode's recurrence written with primitives (any values, any mode)."""
    slopes = _slopes_of(series)

    def next_coefficient(zs, j):
        y = _integrated_against(slopes, zs, j)
        return _core.zeros_for(out) if y is None else y

    if name in ("sin", "cos"):
        # sin' = cos·x', cos' = -sin·x': the two series side by side
        other = F.cos(x0) if name == "sin" else F.sin(x0)
        sines, cosines = ([out], [other]) if name == "sin" else ([other], [out])
        for j in range(1, order + 1):
            sines.append(next_coefficient(cosines, j))
            cosines.append(F.neg(next_coefficient(sines[:-1], j)))
        return (sines if name == "sin" else cosines)[1:]
    z0, later = _SLOPES[name](x0, out)
    ys, zs = [out], [z0]
    for j in range(1, order + 1):
        if j > 1:
            zs.append(later(ys, j - 1))
        ys.append(next_coefficient(zs, j))
    return ys[1:]


class _Series(_core.Primitive):
    """The coefficients 1..K of f(x(t)) for f = tanh, sigmoid, exp, sin or cos,
    from (x_0, y_0 = f(x_0), x_1, ..., x_K), as one primitive with K outputs.

    Bound on a tape's plain values (reverse over Taylor: the weight gradient
    of a loss built from high-order derivatives), where the tape then records
    one node instead of the recurrence's products and sums, and the reverse
    sweep runs the fused adjoint kernel; and on coefficients along several
    directions (Batched values), where its batching rule runs the kernel
    once over every direction, x_0 and y_0 shared.  Its other rules run the
    recurrence written with primitives.
    """

    def __init__(self, function):
        super().__init__(f"{function}_series")
        self.function = function
        self.multiple = True

    def impl(self, x0, y0, *series):
        # a coefficient repeated along the directions arrives as a broadcast view
        x0, y0, *series = [_contiguous(v) for v in (x0, y0) + series]
        fused = _series.series_of(self.function, x0, y0, series)
        if fused is None:
            fused = _solve_ode_with_primitives(self.function, x0, series, len(series), y0)
        return tuple(fused)

    def vjp(self, g, args, out, active, params):
        x0, y0, series = args[0], args[1], list(args[2:])
        cotangents = list(g)
        bars = _series.adjoint_of(self.function, x0, y0, series, cotangents)
        if bars is None:
            bars = self._adjoint_with_primitives(x0, y0, series, cotangents)
        x0_bar, y0_bar, series_bars = bars
        return ((x0_bar if active[0] else None, y0_bar if active[1] else None)
                + tuple(b if a else None for a, b in zip(active[2:], series_bars)))

    def _adjoint_with_primitives(self, x0, y0, series, cotangents):
        """vjp's result by a reverse pass through the recurrence written with primitives."""
        tape = _core.Tape()
        leaves = [None if v is None else tape.leaf(v) for v in [x0, y0] + series]
        outs = _solve_ode_with_primitives(self.function, leaves[0], leaves[2:], len(series),
                                          leaves[1])
        total = None
        for o, c in zip(outs, cotangents):
            if c is not None:
                term = F.sum_(F.mul(o, c))
                total = term if total is None else F.add(total, term)
        live = [v for v in leaves if v is not None]
        if total is None or not isinstance(total, _core.Var):
            tape.release()
            return None, _core.zeros_for(y0), [None if c is None else _core.zeros_for(c)
                                              for c in series]
        found = iter(tape.backward(total, np.ones((), F._dtype(total)), live))
        grads = [None if v is None else next(found) for v in leaves]
        return grads[0], grads[1], grads[2:]

    def jvp(self, primals, tangents, out, nb, params):
        trace = _core.ForwardTrace()
        duals = [p if t is None else _core.make_dual(p, t, trace, nb)
                 for p, t in zip(primals, tangents)]
        outs = _solve_ode_with_primitives(self.function, duals[0], duals[2:],
                                          len(primals) - 2, duals[1])
        return tuple(_core.unbox(o, trace)[1] for o in outs)


_SERIES = {name: _Series(name) for name in _SLOPES}


def _contiguous(v):
    """``v`` as a C-contiguous array where it is a view of another layout (an
    operand repeated along directions by broadcasting, which the kernel does
    not read); None and contiguous arrays as they are."""
    if v is None or (type(v) is np.ndarray and v.flags.c_contiguous):
        return v
    return np.ascontiguousarray(v)


def _series_along_directions(trace, prim, values, mapped, params):
    """The batching rule of _Series: with x_0 and y_0 the same for every
    direction, one call whose coefficients lead with the directions (the
    kernel's R curves through one point); otherwise every operand repeated
    along the directions."""
    x0, y0 = values[:2]
    shared = not (mapped[0] or mapped[1])
    values = [v if m or v is None or (shared and k < 2) else
              S.broadcast_to(v, (trace.size,) + tuple(_core.shape_of(v)))
              for k, (v, m) in enumerate(zip(values, mapped))]
    return prim.bind(tuple(values), params)


_vmap._RULES[_Series] = _series_along_directions


def coefficients_of(value, trace, order):
    """[y_0, ..., y_order] of one output of a Taylor pass (zeros where it is constant)."""
    primal, series = _core.unbox(value, trace)
    series = series or ()
    out = [primal]
    for j in range(order):
        c = series[j] if j < len(series) else None
        out.append(_core.zeros_for(primal) if c is None else c)
    return out


def derivatives_of(value, trace, order):
    """[y, y', ..., y^(order)] along the pass's curve: j!·y_j."""
    return [c if j < 2 else F.mul(c, float(math.factorial(j)))
            for j, c in enumerate(coefficients_of(value, trace, order))]

