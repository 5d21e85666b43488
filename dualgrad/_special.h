/* Special functions of the rule table's rows, in C (scalar, double).
 *
 * _elementwise.pyx.tp calls these from the generated kernels of every mode;
 * the table's derivative expressions call them again through the rows of
 * the functions they name (lgamma' is digamma, digamma' is polygamma(1, x),
 * bessel_i0' is bessel_i1...), so each one is written once, here.  Each is
 * accurate to a few ulp over the domain its comment gives, and returns what
 * SciPy does at poles and outside the domain (inf with the limit's sign,
 * NaN where there is no limit), unless its comment says otherwise.
 *
 * The Bessel functions' Chebyshev coefficients and the Hurwitz zeta
 * function's Euler-Maclaurin sum are derived from the Cephes Math Library
 * (i0.c, i1.c, zeta.c), under its 3-clause BSD license:
 *
 *   Copyright (c) 2018, Steven Moshier.  All rights reserved.
 *   Redistribution and use in source and binary forms, with or without
 *   modification, are permitted provided that the following conditions are
 *   met: redistributions of source code must retain the above copyright
 *   notice, this list of conditions and the following disclaimer;
 *   redistributions in binary form must reproduce the above copyright notice,
 *   this list of conditions and the following disclaimer in the documentation
 *   and/or other materials provided with the distribution; neither the name
 *   of the copyright holder nor the names of its contributors may be used to
 *   endorse or promote products derived from this software without specific
 *   prior written permission.
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS
 *   IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
 *   THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
 *   PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
 *   CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 *   EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
 *   PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR
 *   PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF
 *   LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
 *   NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 *   SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
#ifndef DUALGRAD_SPECIAL_H
#define DUALGRAD_SPECIAL_H

#include <math.h>

#define DG_PI 3.14159265358979323846
#define DG_LN2 0.69314718055994530942

/* sin(pi x) and cos(pi x) with the argument reduced exactly (fmod, and
 * differences that Sterbenz's lemma makes exact), so that sinpi(n) is 0 for
 * every integer n, however large, and no rounding of pi x is amplified. */
static double dg_sinpi(double x)
{
    double r = fmod(fabs(x), 2.0), s = x < 0 ? -1.0 : 1.0;
    if (r >= 1.0) {
        r -= 1.0;
        s = -s;
    }
    if (r > 0.5)
        r = 1.0 - r;
    return s * (r <= 0.25 ? sin(DG_PI * r) : cos(DG_PI * (0.5 - r)));
}

static double dg_cospi(double x)
{
    double r = fmod(fabs(x), 2.0);
    if (r > 1.0)
        r = 2.0 - r;
    if (r <= 0.25)
        return cos(DG_PI * r);
    if (r <= 0.75)
        return sin(DG_PI * (0.5 - r));
    return -cos(DG_PI * (1.0 - r));
}

/* The normalised sinc, sin(pi x) / (pi x), 1 at 0; NaN at +-inf (NumPy's). */
static double dg_sinc(double x)
{
    double s;
    if (x == 0)
        return 1.0;
    s = dg_sinpi(x);
    return s == 0 ? 0.0 : s / (DG_PI * x);       /* +0 at the integers */
}

/* log(x / (1 - x)) for x in [0, 1]: below 1/4 as log(x) - log1p(-x) (no
 * cancellation there), above as log1p((2x - 1) / (1 - x)), where 2x - 1 is
 * exact and 1 - x is exact from 1/2 on, so that logit(1/2 + d) keeps its
 * relative precision.  NaN outside [0, 1], -inf and inf at 0 and 1. */
static double dg_logit(double x)
{
    if (x < 0.25)
        return log(x) - log1p(-x);
    return log1p((2.0 * x - 1.0) / (1.0 - x));
}

/* log|Gamma(x)| without the global signgam that lgamma writes (the kernels
 * run in threads). */
static double dg_lgamma(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/* The inverse of erf on [-1, 1]: a rational first guess (PyTorch's, from
 * Pavlis's MATLAB code), then Halley steps on erf(y) = |x|, written on erfc
 * above 1/2 where 1 - |x| is exact, so that the tail keeps its precision.
 * +-inf at +-1, NaN beyond. */
static double dg_erfinv(double x)
{
    static const double a[4] = {0.886226899, -1.645349621, 0.914624893, -0.140543331};
    static const double b[4] = {-2.118377725, 1.442710462, -0.329097515, 0.012229801};
    static const double c[4] = {-1.970840454, -1.624906493, 3.429567803, 1.641345311};
    static const double d[2] = {3.543889200, 1.637067800};
    double ax = fabs(x), y, z;
    int i;
    if (!(ax < 1.0))
        return ax == 1.0 ? copysign(INFINITY, x) : NAN;
    if (ax < 1e-100)        /* erfinv(x) = sqrt(pi)/2 x (1 + pi x^2/12 + ...) */
        return 0.88622692545275801365 * x;
    if (ax <= 0.7) {
        z = ax * ax;
        y = ax * (((a[3] * z + a[2]) * z + a[1]) * z + a[0])
            / ((((b[3] * z + b[2]) * z + b[1]) * z + b[0]) * z + 1.0);
    } else {
        z = sqrt(-log((1.0 - ax) / 2.0));
        y = (((c[3] * z + c[2]) * z + c[1]) * z + c[0]) / ((d[1] * z + d[0]) * z + 1.0);
    }
    for (i = 0; i < 3; i++) {
        double r = ax <= 0.5 ? erf(y) - ax : (1.0 - ax) - erfc(y);
        double q = r / (1.1283791670955126 * exp(-y * y));
        y -= q / (1.0 + y * q);         /* Halley: f''/f' = -2y */
    }
    return copysign(y, x);
}

/* digamma: by the reflection formula below 0 (pi cot(pi x) from sinpi and
 * cospi), the recurrence up to 10, then the asymptotic series.  -inf at +0
 * and +inf at -0 (the limits from each side), NaN at the negative integers
 * and -inf, inf at inf. */
static double dg_digamma(double x)
{
    double acc = 0.0, z;
    if (isnan(x))
        return x;
    if (x == 0)
        return -1.0 / x;
    if (x < 0) {
        if (x == floor(x))
            return NAN;
        return dg_digamma(1.0 - x) - DG_PI * dg_cospi(x) / dg_sinpi(x);
    }
    if (isinf(x))
        return x;
    if (fabs(x - 1.4616321449683622) < 0.1) {
        /* Next to the positive root x0 = 1.46163..., where the recurrence's
         * terms cancel: the Taylor series about x0, sum psi^(k)(x0)/k! d^k,
         * with d = x - x0 formed from x0 in two parts (x - hi is exact). */
        static const double c[16] = {
            0.9676722454476212, -0.4427631689835921, 0.258499760955651,
            -0.16394270544240652, 0.10782405069126237, -0.07219956125645471,
            0.04880428816414311, -0.03316112647484736, 0.022597648232218104,
            -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
            0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
            -0.0015769367714301972};
        double d = (x - 1.4616321449683622) - 9.549995429965697e-17, sum = 0.0;
        int k;
        for (k = 15; k >= 0; k--)
            sum = sum * d + c[k];
        return sum * d;
    }
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    z = 1.0 / (x * x);
    return acc + log(x) - 0.5 / x
           - z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (
               1.0 / 132 - z * (691.0 / 32760 - z / 12))))));
}

/* The Hurwitz zeta function sum_k (k + q)^-s for s > 1, q > 0: the first
 * terms summed, the rest by Euler-Maclaurin (Cephes zeta.c); returned times
 * 2^(m s), m = ilogb(q) for q >= 1 (0 below), with m s in *log2_scale.  The
 * terms are computed as (a / 2^m)^-s, so they do not underflow where q^-s
 * does but n! zeta(n + 1, q) is a normal double (polygamma(2, 1e150) =
 * -1e-300 had come out 0); for an integer s the scaling is exact. */
static double dg_hurwitz_zeta_scaled(double s, double q, double *log2_scale)
{
    static const double A[12] = {
        12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
        7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
        -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18};
    const double eps = 1.11022302462515654042e-16;
    double unit = q >= 1.0 ? ldexp(1.0, ilogb(q)) : 1.0;
    double sum = pow(q / unit, -s), a = q, b = 0.0, k, t, w;
    int i = 0;
    *log2_scale = q >= 1.0 ? ilogb(q) * s : 0.0;
    while (i < 9 || a <= 9.0) {
        i += 1;
        a += 1.0;
        b = pow(a / unit, -s);
        sum += b;
        if (fabs(b) < eps * fabs(sum))
            return sum;
    }
    w = a;
    sum += b * w / (s - 1.0);
    sum -= 0.5 * b;
    a = 1.0;
    k = 0.0;
    for (i = 0; i < 12; i++) {
        a *= s + k;
        b /= w;
        t = a * b / A[i];
        sum += t;
        if (fabs(t / sum) < eps)
            break;
        k += 1.0;
        a *= s + k;
        b /= w;
        k += 1.0;
    }
    return sum;
}

/* The n-th derivative of pi cot(pi x): pi^(n+1) P_n(cot(pi x)), where
 * P_0(c) = c and P_(m+1)(c) = -(1 + c^2) P_m'(c).  Each P_n has terms of one
 * sign and one parity, so it is evaluated without cancellation. */
static double dg_cot_derivative(int n, double x)
{
    double p[175] = {0.0}, q[175], c = dg_cospi(x) / dg_sinpi(x), sum = 0.0;
    int m, j;
    p[1] = 1.0;
    for (m = 0; m < n; m++) {
        for (j = 0; j <= m + 2; j++)
            q[j] = j + 1 <= m + 1 ? (j + 1) * p[j + 1] : 0.0;    /* P_m' */
        for (j = m + 2; j >= 0; j--)
            p[j] = -(q[j] + (j >= 2 ? q[j - 2] : 0.0));
    }
    for (j = n + 1; j >= 0; j--)
        sum = sum * c + p[j];
    return pow(DG_PI, n + 1) * sum;
}

/* polygamma(n, x), the n-th derivative of digamma, for an order n read as the
 * nearest integer (the ops function refuses any other): for n >= 1,
 * (-1)^(n+1) n! zeta(n+1, x) for x > 0 and the reflection formula below 0.
 * At the poles x = 0, -1, -2... it is (-1)^(n+1) inf (SciPy's and
 * MindSpore's), 0 at inf, NaN at -inf and for a negative order.  Accurate to
 * a few ulp for n <= 170 (where n! is finite). */
static double dg_polygamma(double n, double x)
{
    double k = rint(n), sign, r, g, log2_scale;
    int r_exponent, g_exponent;
    if (isnan(n) || isnan(x) || k < 0)
        return NAN;
    if (k == 0)
        return dg_digamma(x);
    sign = fmod(k, 2.0) == 1.0 ? 1.0 : -1.0;      /* (-1)^(n+1) */
    if (x == INFINITY)
        return sign * 0.0;
    if (x == -INFINITY)
        return NAN;
    if (x <= 0 && x == floor(x))
        return sign * INFINITY;
    if (x < 0) {
        if (k > 170)
            return NAN;
        /* psi^(n)(x) = (-1)^n psi^(n)(1 - x) - d^n/dx^n pi cot(pi x) */
        return -sign * dg_polygamma(k, 1.0 - x) - dg_cot_derivative((int)k, x);
    }
    /* n! zeta(n + 1, x) from the scaled zeta's and n!'s mantissas and
     * exponents, so that neither the scaled zeta nor the product overflows */
    r = dg_hurwitz_zeta_scaled(k + 1.0, x, &log2_scale);
    if (r == 0)
        return sign * 0.0;
    r = frexp(r, &r_exponent);
    if (k <= 170) {
        g = frexp(tgamma(k + 1.0), &g_exponent);
        return sign * ldexp(r * g, (int)(r_exponent + g_exponent - log2_scale));
    }
    return sign * exp(lgamma(k + 1.0) + log(r) + (r_exponent - log2_scale) * DG_LN2);
}

/* Clenshaw's recurrence for a Chebyshev series (Cephes chbevl). */
static double dg_chbevl(double x, const double *c, int n)
{
    double b0 = c[0], b1 = 0.0, b2 = 0.0;
    int i;
    for (i = 1; i < n; i++) {
        b2 = b1;
        b1 = b0;
        b0 = x * b1 - b2 + c[i];
    }
    return 0.5 * (b0 - b2);
}

/* Chebyshev coefficients of exp(-x) I0(x) on [0, 8] and of exp(-x) sqrt(x)
 * I0(x) on [8, inf) (Cephes i0.c). */
static const double DG_I0_A[30] = {
    -4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16,
    1.71539128555513303061E-15, -1.16853328779934516808E-14, 7.67618549860493561688E-14,
    -4.85644678311192946090E-13, 2.95505266312963983461E-12, -1.72682629144155570723E-11,
    9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
    -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7,
    1.11738753912010371815E-6, -4.41673835845875056359E-6, 1.64484480707288970893E-5,
    -5.75419501008210370398E-5, 1.88502885095841655729E-4, -5.76375574538582365885E-4,
    1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
    -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2,
    1.71620901522208775349E-1, -3.04682672343198398683E-1, 6.76795274409476084995E-1};
static const double DG_I0_B[25] = {
    -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17,
    3.46122286769746109310E-17, -2.82762398051658348494E-16, -3.42548561967721913462E-16,
    1.77256013305652638360E-15, 3.81168066935262242075E-15, -9.55484669882830764870E-15,
    -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
    7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11,
    -3.14991652796324136454E-11, 1.18891471078464383424E-11, 4.94060238822496958910E-10,
    3.39623202570838634515E-9, 2.26666899049817806459E-8, 2.04891858946906374183E-7,
    2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
    8.04490411014108831608E-1};
/* ... and of exp(-x) I1(x) / x on [0, 8], exp(-x) sqrt(x) I1(x) on [8, inf)
 * (Cephes i1.c). */
static const double DG_I1_A[29] = {
    2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16,
    -1.10559694773538630805E-15, 7.60068429473540693410E-15, -5.04218550472791168711E-14,
    3.22379336594557470981E-13, -1.98397439776494371520E-12, 1.17361862988909016308E-11,
    -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
    9.38153738649577178388E-9, -4.44505912879632808065E-8, 2.00329475355213526229E-7,
    -8.56872026469545474066E-7, 3.47025130813767847674E-6, -1.32731636560394358279E-5,
    4.78156510755005422638E-5, -1.61760815825896745588E-4, 5.12285956168575772895E-4,
    -1.51357245063125314899E-3, 4.15642294431288815669E-3, -1.05640848946261981558E-2,
    2.47264490306265168283E-2, -5.29459812080949914269E-2, 1.02643658689847095384E-1,
    -1.76416518357834055153E-1, 2.52587186443633654823E-1};
static const double DG_I1_B[25] = {
    7.51729631084210481353E-18, 4.41434832307170791151E-18, -4.65030536848935832153E-17,
    -3.20952592199342395980E-17, 2.96262899764595013876E-16, 3.30820231092092828324E-16,
    -1.88035477551078244854E-15, -3.81440307243700780478E-15, 1.04202769841288027642E-14,
    4.27244001671195135429E-14, -2.10154184277266431302E-14, -4.08355111109219731823E-13,
    -7.19855177624590851209E-13, 2.03562854414708950722E-12, 1.41258074366137813316E-11,
    3.25260358301548823856E-11, -1.89749581235054123450E-11, -5.58974346219658380687E-10,
    -3.83538038596423702205E-9, -2.63146884688951950684E-8, -2.51223623787020892529E-7,
    -3.88256480887769039346E-6, -1.10588938762623716291E-4, -9.76109749136146840777E-3,
    7.78576235018280120474E-1};

/* exp(x) * m, where exp(x) alone may overflow but the product does not
 * (I0 and I1 stay finite up to x = 713.98, exp(x) only to 709.78). */
static double dg_exp_times(double x, double m)
{
    double e = exp(0.5 * x);
    return e * m * e;
}

/* The modified Bessel functions of the first kind of orders 0 and 1 (even
 * and odd), inf at +-inf (+-inf for I1), where Cephes gives NaN. */
static double dg_bessel_i0(double x)
{
    x = fabs(x);
    if (x <= 8.0)
        return exp(x) * dg_chbevl(0.5 * x - 2.0, DG_I0_A, 30);
    if (isinf(x))
        return x;
    return dg_exp_times(x, dg_chbevl(32.0 / x - 2.0, DG_I0_B, 25) / sqrt(x));
}

static double dg_bessel_i1(double x)
{
    double z = fabs(x), r;
    if (z <= 8.0)
        r = exp(z) * z * dg_chbevl(0.5 * z - 2.0, DG_I1_A, 29);
    else if (isinf(z))
        r = z;
    else
        r = dg_exp_times(z, dg_chbevl(32.0 / z - 2.0, DG_I1_B, 25) / sqrt(z));
    return copysign(r, x);
}

/* I0 and I1 scaled by exp(-|x|), from the same Chebyshev series (0 at +-inf). */
static double dg_bessel_i0e(double x)
{
    x = fabs(x);
    if (x <= 8.0)
        return dg_chbevl(0.5 * x - 2.0, DG_I0_A, 30);
    return dg_chbevl(32.0 / x - 2.0, DG_I0_B, 25) / sqrt(x);
}

static double dg_bessel_i1e(double x)
{
    double z = fabs(x), r;
    if (z <= 8.0)
        r = z * dg_chbevl(0.5 * z - 2.0, DG_I1_A, 29);
    else
        r = dg_chbevl(32.0 / z - 2.0, DG_I1_B, 25) / sqrt(z);
    return copysign(r, x);
}

/* The Bessel functions of the first and second kinds of orders 0 and 1: the
 * C library's j0, j1, y0 and y1 (glibc's are within 3 ulp of the true value
 * away from the functions' zeros, and within 3 ulp of sqrt(2 / (pi x)) next
 * to them, up to 1e6 and beyond).  J0, J1 are 0 at +-inf; Y0, Y1 are -inf
 * at 0, NaN below 0 and 0 at +inf. */
static double dg_bessel_j0(double x) { return j0(x); }
static double dg_bessel_j1(double x) { return j1(x); }
static double dg_bessel_y0(double x) { return y0(x); }
static double dg_bessel_y1(double x) { return y1(x); }

/* The modified Bessel functions of the second kind, K0 and K1, and their
 * scaled forms exp(x) K0(x), exp(x) K1(x): on (0, 2] from their power series,
 * K0(x) = P0(x^2/4) - log(x/2) I0(x) and K1(x) = 1/x + log(x/2) I1(x)
 * - x P1(x^2/4); beyond, exp(-x) / sqrt(x) times a Chebyshev series in
 * 4/x - 1.  The coefficients are dualgrad's own (mpmath, 50 digits:
 * tests/data/make_bessel_reference.py --coefficients).  inf at 0, NaN below
 * 0 (SciPy's), 0 at +inf. */
static const double DG_K0_P[14] = {
    -5.77215664901532860607e-1, 4.22784335098467139393e-1, 2.30696083774616784848e-1,
    3.48921574564389020202e-2, 2.61478761880520915404e-3, 1.1848039364109725505e-4,
    3.61262410319920358679e-6, 7.93509652130420917004e-8, 1.31674867303856474379e-9,
    1.70999407270580784388e-11, 1.78593465698707407694e-13, 1.533034340320847271e-15,
    1.10092709597257445217e-17, 6.71274065997904750987e-20};
static const double DG_K1_P[13] = {
    -3.86078324507664303033e-2, 1.68196083774616784848e-1, 4.53937917402139085858e-2,
    4.7955474598326405303e-3, 2.78839872991632026515e-4, 1.0355619223177857674e-5,
    2.67886478522795217147e-7, 5.11321500898469485322e-9, 7.50512186647296971482e-11,
    8.73982182423220480206e-13, 8.2747868381256801701e-15, 6.49660283025282183774e-17,
    4.29880820674814131026e-19};
static const double DG_K0_C[27] = {
    5.75510920288272937937e-19, -1.73317120058210002782e-18, 5.30043377117733577104e-18,
    -1.64758059398426328153e-17, 5.21039177764355411254e-17, -1.67823112575490063832e-16,
    5.51205599940433336489e-16, -1.84859337792090716941e-15, 6.34007647627664596613e-15,
    -2.22751332674629636045e-14, 8.03289077506837436945e-14, -2.98009692314817835483e-13,
    1.14034058820734423473e-12, -4.51459788337451917507e-12, 1.85594911495492655497e-11,
    -7.95748924447739703773e-11, 3.57739728140032844716e-10, -1.69753450938906151564e-9,
    8.57403401741422608582e-9, -4.66048989768794766556e-8, 2.76681363944501507614e-7,
    -1.83175552271911948478e-6, 1.39498137188764993641e-5, -1.28495495816278026384e-4,
    1.56988388573005337491e-3, -3.14481013119645005427e-2, 2.44030308206595545468};
static const double DG_K1_C[27] = {
    -6.22164528735260918518e-19, 1.87786519016232674011e-18, -5.75674448207330245029e-18,
    1.79405104788635729143e-17, -5.68946284919364837425e-17, 1.83809357524304542556e-16,
    -6.05704727064301782278e-16, 2.03870316623986087993e-15, -7.01983708921476885131e-15,
    2.47715442421959868133e-14, -8.97670518201014606915e-14, 3.3484196660522431201e-13,
    -1.2891739609498229352e-12, 5.1396396734823435404e-12, -2.12996783842779102155e-11,
    9.21831518760531412583e-11, -4.19035475934192558424e-10, 2.01504975519703461615e-9,
    -1.03457624656780970267e-8, 5.74108412545004929231e-8, -3.5019606030878125421e-7,
    2.40648494783721711706e-6, -1.93619797416608296002e-5, 1.95215518471351631108e-4,
    -2.8578168596227793868e-3, 1.03923736576817238437e-1, 2.72062619048444266945};

static double dg_poly(double u, const double *c, int n)
{
    double r = c[n - 1];
    while (--n > 0)
        r = c[n - 1] + u * r;
    return r;
}

/* log(x/2), also where x/2 underflows (x = 5e-324). */
static double dg_log_half(double x)
{
    return x > 1e-300 ? log(0.5 * x) : log(x) - 0.6931471805599453;
}

/* K0 and K1 on (0, 2]; inf at 0, NaN below (and at NaN). */
static double dg_k0_small(double x)
{
    if (!(x > 0))
        return x == 0 ? INFINITY : NAN;
    return dg_poly(0.25 * x * x, DG_K0_P, 14) - dg_log_half(x) * dg_bessel_i0(x);
}

static double dg_k1_small(double x)
{
    if (!(x > 0))
        return x == 0 ? INFINITY : NAN;
    return 1.0 / x + dg_log_half(x) * dg_bessel_i1(x) - x * dg_poly(0.25 * x * x, DG_K1_P, 13);
}

static double dg_bessel_k0(double x)
{
    if (!(x > 2.0))
        return dg_k0_small(x);
    return exp(-x) * dg_chbevl(8.0 / x - 2.0, DG_K0_C, 27) / sqrt(x);
}

static double dg_bessel_k1(double x)
{
    if (!(x > 2.0))
        return dg_k1_small(x);
    return exp(-x) * dg_chbevl(8.0 / x - 2.0, DG_K1_C, 27) / sqrt(x);
}

static double dg_bessel_k0e(double x)
{
    if (!(x > 2.0))
        return exp(x) * dg_k0_small(x);
    return dg_chbevl(8.0 / x - 2.0, DG_K0_C, 27) / sqrt(x);
}

static double dg_bessel_k1e(double x)
{
    if (!(x > 2.0))
        return exp(x) * dg_k1_small(x);
    return dg_chbevl(8.0 / x - 2.0, DG_K1_C, 27) / sqrt(x);
}

#endif
