/* dualgrad's own float64 inner loops, for primitives whose loop is slow.
 *
 * The fused kernels take f's values from NumPy's inner loop of the ufunc the
 * rule table names (its SIMD code), or from a scalar C loop.  NumPy 2's
 * float64 tanh runs at about 1.7 ns per element on an AVX-512 core and 8 ns
 * where NumPy dispatches to AVX2 only (a scalar loop), and its sin and cos,
 * like the C library's, at 9 ns everywhere, against 0.9 ns for its exp; the
 * logistic family (sigmoid, softplus, silu) has no NumPy loop, and its
 * scalar forms call the C library's exp and log1p.  tanh is the activation
 * of most PINN networks, sin that of periodic and Fourier-feature ones (with
 * cos as its derivative), silu, softplus and GELU's tanh form (x
 * sigmoid(z), z a cubic in x) the smooth alternatives, so
 * dualgrad brings its own, for AVX-512 and for AVX2 with FMA.  Each loop has
 * NumPy's inner-loop signature and replaces the other loop for every mode at
 * once (plain arrays, Dual, HyperDual, the tape, Taylor series), so all modes
 * keep computing the same values; both instruction sets compute the same
 * bits.  On other CPUs,
 * or with DUALGRAD_VECMATH=off in the environment, no own loop is used
 * (dg_vecmath_isa() is DG_ISA_NONE) and the other loop stays in use.
 *
 * _table.OWN_FLOAT64 lists the primitives this file covers; for each one, u,
 * it defines dg_u8 and dg_u4 (vectors of 8 and 4 doubles) and the loops
 * dg_u_f64_loop_avx512 and dg_u_f64_loop_avx2, and their float32 twins
 * dg_u_f32_loop_* (in double, rounded once), which _table.OWN_FLOAT32 uses.
 * From those names _elementwise.pyx.tp generates the lookup of the loops
 * (dg_own_loop_f64, dg_own_loop_f32), the one-pass Dual and HyperDual steps
 * and the vector f' and f'' the other fused kernels use.
 */
#ifndef DUALGRAD_VECMATH_H
#define DUALGRAD_VECMATH_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <numpy/ndarraytypes.h>

/* Which vector code runs: fixed at the first call, from the CPU and the
 * environment variable DUALGRAD_VECMATH ("auto", the default; "avx2"; "off").
 * _elementwise checks the variable's value at import. */
enum { DG_ISA_NONE = 0, DG_ISA_AVX2 = 2, DG_ISA_AVX512 = 3 };

/* The scalar forms of the logistic family: the primitives' values where no
 * vector code runs, and the vector code's far lanes. */
static inline double dg_sigmoid(double x)
{
    /* exp(-|x|), not exp(-x) and exp(x) on two branches: the same values,
     * and where the compiler sees sigmoid(x) and sigmoid(-x) together it
     * calls exp once (exp(-|-x|) is the same call): silu's Laplacian without
     * the vector code went from 7.3 to 6.5 ms. */
    double z = exp(-fabs(x));
    return x >= 0 ? 1.0 / (1.0 + z) : z / (1.0 + z);
}

static inline double dg_softplus(double x)
{
    if (x > 0)
        return x + log1p(exp(-x));
    return log1p(exp(x));
}

static inline double dg_silu(double x) { return x * dg_sigmoid(x); }

/* f' and f'' of GELU's tanh form in C where no vector code runs
 * (_table.SCALAR_RULES): the table's expressions in their arrangement, so
 * the same bits, but with sigmoid(z) and sigmoid(-z) from one exp(-|z|) and
 * the clamp computed once, which GCC does not find in the expressions. */
static inline void dg_gelu_tanh_parts(double x, double *clamped, double *p, double *q,
                                      double *dz)
{
    double c = x > 100.0 ? 100.0 : x < -100.0 ? -100.0 : x;   /* NaN stays */
    double z = c * (1.5957691216057308 + 0.07135481627260025 * (c * c));
    double e = exp(-fabs(z)), up = 1.0 / (1.0 + e), down = e / (1.0 + e);
    *clamped = c;
    *p = z >= 0 ? up : down;     /* dg_sigmoid(z) */
    *q = -z >= 0 ? up : down;    /* dg_sigmoid(-z) */
    *dz = 1.5957691216057308 + 0.21406444881780076 * (c * c);
}

static inline double dg_gelu_tanh_d1(double x)
{
    double c, p, q, dz;
    dg_gelu_tanh_parts(x, &c, &p, &q, &dz);
    return p * (1 + c * q * dz);
}

static inline double dg_gelu_tanh_d2(double x)
{
    double c, p, q, dz;
    dg_gelu_tanh_parts(x, &c, &p, &q, &dz);
    return p * q * (2 * dz + c * (0.4281288976356015 * c - (p - q) * dz * dz));
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define DG_HAVE_OWN_F64 1

#include <immintrin.h>

typedef double dg_v8d __attribute__((vector_size(64)));
typedef int64_t dg_v8l __attribute__((vector_size(64)));
typedef double dg_v4d __attribute__((vector_size(32)));
typedef int64_t dg_v4l __attribute__((vector_size(32)));

#define DG_AVX512 __attribute__((target("avx512f,avx512dq,fma")))
#define DG_AVX2 __attribute__((target("avx2,fma")))
#define DG_INLINE static inline __attribute__((always_inline))

/* a * b + c rounded once.  The build compiles with -ffp-contract=off, so that
 * the derivative parts of the generated passes round exactly as the other
 * modes' kernels do; the fused multiply-adds the vector code wants are
 * written out, at the same places for both widths. */
DG_INLINE DG_AVX512 dg_v8d dg_fma8(dg_v8d a, dg_v8d b, dg_v8d c)
{
    return (dg_v8d)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
}

DG_INLINE DG_AVX2 dg_v4d dg_fma4(dg_v4d a, dg_v4d b, dg_v4d c)
{
    return (dg_v4d)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
}

/* two_k = 2^k and q = expm1(r) for y = k ln2 + r, |r| <= ln2/2 (Cody-Waite,
 * ln2 in two parts, the first with trailing zeros so that k ln2_hi is exact),
 * q the Taylor polynomial of expm1 to degree 13 (truncation below 0.1 ulp):
 * exp(y) = 2^k (1 + q), for y from -708 to 709 (2^k stays normal). */
#define DG_EXP_PARTS(VD, VL, FMA, y)                                              \
    const double shifter = 0x1.8p52; /* adding it rounds to an integer */         \
    /* k = round(y / ln2) */                                                      \
    VD shifted = FMA(y, (VD){0} + 0x1.71547652b82fep0, (VD){0} + shifter);        \
    VD k = shifted - shifter;                                                     \
    VD r = FMA(k, (VD){0} - 0x1.a39ef35793c76p-33,                                \
               FMA(k, (VD){0} - 0x1.62e42fee00000p-1, y));                        \
    VD p = (VD){0} + 1.0 / 6227020800.0;                                          \
    p = FMA(p, r, (VD){0} + 1.0 / 479001600.0);                                   \
    p = FMA(p, r, (VD){0} + 1.0 / 39916800.0);                                    \
    p = FMA(p, r, (VD){0} + 1.0 / 3628800.0);                                     \
    p = FMA(p, r, (VD){0} + 1.0 / 362880.0);                                      \
    p = FMA(p, r, (VD){0} + 1.0 / 40320.0);                                       \
    p = FMA(p, r, (VD){0} + 1.0 / 5040.0);                                        \
    p = FMA(p, r, (VD){0} + 1.0 / 720.0);                                         \
    p = FMA(p, r, (VD){0} + 1.0 / 120.0);                                         \
    p = FMA(p, r, (VD){0} + 1.0 / 24.0);                                          \
    p = FMA(p, r, (VD){0} + 1.0 / 6.0);                                           \
    p = FMA(p, r, (VD){0} + 0.5);                                                 \
    VD q = FMA(r * r, p, r);                                                      \
    VL k_int = (VL)shifted - (VL)((VD){0} + shifter);                             \
    VD two_k = (VD)((k_int + 1023) << 52);

/* Lanes of V where MASK is set take EXPR, a scalar C expression of ``lane``
 * (the C library's value where the vector code's range ends). */
#define DG_SCALAR_LANES(MASK, W, V, EXPR)                                         \
    do {                                                                          \
        int64_t any_lane_ = 0;                                                    \
        for (int lane = 0; lane < (W); lane++)                                    \
            any_lane_ |= (MASK)[lane];                                            \
        if (any_lane_)                                                            \
            for (int lane = 0; lane < (W); lane++)                                \
                if ((MASK)[lane])                                                 \
                    (V)[lane] = (EXPR);                                           \
    } while (0)

/* tanh of a vector x of VD (doubles) with VL its int64 twin.
 * tanh(x) = sign(x) * e / (e + 2) with e = expm1(2|x|), which has no
 * cancellation near 0.  expm1(y) = 2^k (1 + q) - 1 from the Cody-Waite
 * reduction y = k ln2 + r, |r| <= ln2/2, where q = expm1(r) is its Taylor
 * polynomial to degree 13 (truncation below 0.1 ulp).  Beyond |x| = 20 tanh
 * rounds to +-1, so 2|x| is clamped to 40; NaN fails the comparison and
 * propagates.  Measured: at most 2.6 ulp from tanhl over 16M points spread
 * from 1e-18 to 25 (tests/test_vecmath.py checks 3 ulp from tanhl and 4 from
 * NumPy); -0.0, +-inf and subnormals as NumPy. */
#define DG_TANH_BODY(VD, VL, FMA)                                                 \
    const VL sign_bit = (VL){0} + INT64_MIN;                                      \
    VL bits = (VL)x;                                                              \
    VL sign = bits & sign_bit;                                                    \
    VD y = (VD)(bits & ~sign_bit) * 2.0;                                          \
    VL big = y > 40.0;                                                            \
    y = (VD)(((VL)y & ~big) | ((VL)((VD){0} + 40.0) & big));                      \
    DG_EXP_PARTS(VD, VL, FMA, y)                                                  \
    VD e = FMA(two_k, q, two_k - 1.0);                                            \
    VD t = e / (e + 2.0);                                                         \
    return (VD)((VL)t | sign);

DG_INLINE DG_AVX512 dg_v8d dg_tanh8(dg_v8d x) { DG_TANH_BODY(dg_v8d, dg_v8l, dg_fma8) }
DG_INLINE DG_AVX2 dg_v4d dg_tanh4(dg_v4d x) { DG_TANH_BODY(dg_v4d, dg_v4l, dg_fma4) }

/* The logistic family: sigmoid, softplus and silu of x from z = exp(-|x|),
 * which is in (0, 1] and never overflows, in the scalar forms' arrangement
 * (dg_sigmoid...): sigmoid = 1/(1 + z) for x >= 0 and z/(1 + z) below;
 * softplus = max(x, 0) + log1p(z); silu = x sigmoid(x).  log1p(z) is
 * log(u) + c with u = 1 + z rounded and c = (z - (u - 1))/u its rounding
 * error's share (exact: u - 1 is, and so is the error of a sum), and
 * log(u) = k ln2 + log1p(f), f = u/2^k - 1 (exact) in [sqrt(1/2) - 1,
 * sqrt(2) - 1], from s = f/(2 + f) with fdlibm's __ieee754_log polynomial
 * (Lg1..Lg7).  Lanes with |x| > 708, where z would be subnormal (+-inf among
 * them), take the scalar forms; NaN propagates.  Measured over 1.2M points
 * from 1e-300 to 700 in magnitude: at most 2.2 ulp from long-double values
 * for sigmoid, 3.0 for silu and 1.5 for softplus, where the scalar forms
 * with the C library's exp give 2.2, 3.0 and 1.4: the arithmetic of the
 * arrangement, not exp, makes the error (tests/test_vecmath.py checks 2.5,
 * 3.5 and 2). */
#define DG_EXP_OF_MINUS_ABS(VD, VL, FMA)                                          \
    const VL sign_bit = (VL){0} + INT64_MIN;                                      \
    VD a = (VD)((VL)x & ~sign_bit);                                               \
    VL far = a > 708.0;                                                           \
    VD y = (VD)((VL)-a & ~far); /* far lanes: exp(0), replaced at the end */      \
    DG_EXP_PARTS(VD, VL, FMA, y)                                                  \
    VD z = FMA(two_k, q, two_k);

/* sigmoid(x), or sigmoid(-x) with NEG: the same z and quotients, from |x|,
 * so that a pair sigmoid(a), sigmoid(-a) in one expression shares them (the
 * compiler merges the identical code). */
#define DG_SIGMOID_BODY(VD, VL, W, FMA, NEG)                                      \
    DG_EXP_OF_MINUS_ABS(VD, VL, FMA)                                              \
    VD d = 1.0 + z;                                                               \
    VL nonnegative = NEG ? x <= 0.0 : x >= 0.0; /* of the argument, +-x */        \
    VD v = (VD)(((VL)(1.0 / d) & nonnegative) | ((VL)(z / d) & ~nonnegative));    \
    DG_SCALAR_LANES(far, W, v, dg_sigmoid(NEG ? -x[lane] : x[lane]));             \
    return v;

#define DG_SOFTPLUS_BODY(VD, VL, W, FMA)                                          \
    DG_EXP_OF_MINUS_ABS(VD, VL, FMA)                                              \
    VD u = 1.0 + z;                                                               \
    VD c = (z - (u - 1.0)) / u;                                                   \
    VL halve = u > 0x1.6a09e667f3bcdp0; /* sqrt(2) */                             \
    VD m = (VD)(((VL)(0.5 * u) & halve) | ((VL)u & ~halve));                      \
    VD kf = (VD)((VL)((VD){0} + 1.0) & halve);                                    \
    VD f = m - 1.0;                                                               \
    VD s = f / (2.0 + f);                                                         \
    VD w = s * s;                                                                 \
    VD lg = FMA(w, (VD){0} + 1.479819860511658591e-01,                            \
                (VD){0} + 1.531383769920937332e-01);                              \
    lg = FMA(w, lg, (VD){0} + 1.818357216161805012e-01);                          \
    lg = FMA(w, lg, (VD){0} + 2.222219843214978396e-01);                          \
    lg = FMA(w, lg, (VD){0} + 2.857142874366239149e-01);                          \
    lg = FMA(w, lg, (VD){0} + 3.999999999940941908e-01);                          \
    lg = FMA(w, lg, (VD){0} + 6.666666666666735130e-01);                          \
    VD R = w * lg;                                                                \
    VD half_f2 = 0.5 * f * f;                                                     \
    VD log1p_z = kf * 6.93147180369123816490e-01                                  \
        - ((half_f2 - (s * (half_f2 + R) + (kf * 1.90821492927058770002e-10 + c))) - f); \
    VD positive_part = (VD)((VL)x & (x > 0.0));                                   \
    VD v = positive_part + log1p_z;                                               \
    DG_SCALAR_LANES(far, W, v, dg_softplus(x[lane]));                             \
    return v;

DG_INLINE DG_AVX512 dg_v8d dg_sigmoid8(dg_v8d x) { DG_SIGMOID_BODY(dg_v8d, dg_v8l, 8, dg_fma8, 0) }
DG_INLINE DG_AVX2 dg_v4d dg_sigmoid4(dg_v4d x) { DG_SIGMOID_BODY(dg_v4d, dg_v4l, 4, dg_fma4, 0) }
DG_INLINE DG_AVX512 dg_v8d dg_sigmoid_neg8(dg_v8d x)
{
    DG_SIGMOID_BODY(dg_v8d, dg_v8l, 8, dg_fma8, 1)
}
DG_INLINE DG_AVX2 dg_v4d dg_sigmoid_neg4(dg_v4d x)
{
    DG_SIGMOID_BODY(dg_v4d, dg_v4l, 4, dg_fma4, 1)
}
DG_INLINE DG_AVX512 dg_v8d dg_softplus8(dg_v8d x) { DG_SOFTPLUS_BODY(dg_v8d, dg_v8l, 8, dg_fma8) }
DG_INLINE DG_AVX2 dg_v4d dg_softplus4(dg_v4d x) { DG_SOFTPLUS_BODY(dg_v4d, dg_v4l, 4, dg_fma4) }
DG_INLINE DG_AVX512 dg_v8d dg_silu8(dg_v8d x) { return x * dg_sigmoid8(x); }
DG_INLINE DG_AVX2 dg_v4d dg_silu4(dg_v4d x) { return x * dg_sigmoid4(x); }

/* minimum and maximum of a vector and a vector or scalar b, for the rule
 * table's derivative expressions (_table.VECTOR_HELPERS), with the scalar
 * helpers' NaN handling: a NaN operand gives a + b. */
#define DG_MIN_MAX(NAME, VD, VL, TARGET, PICK_B)                                  \
    DG_INLINE TARGET VD NAME(VD a, VD b)                                          \
    {                                                                             \
        VL pick_b = PICK_B, nan = (a != a) | (b != b);                            \
        VD v = (VD)(((VL)b & pick_b) | ((VL)a & ~pick_b));                        \
        return (VD)(((VL)(a + b) & nan) | ((VL)v & ~nan));                        \
    }
DG_MIN_MAX(dg_min8, dg_v8d, dg_v8l, DG_AVX512, b < a)
DG_MIN_MAX(dg_max8, dg_v8d, dg_v8l, DG_AVX512, b > a)
DG_MIN_MAX(dg_min4, dg_v4d, dg_v4l, DG_AVX2, b < a)
DG_MIN_MAX(dg_max4, dg_v4d, dg_v4l, DG_AVX2, b > a)
#define dg_minimum8(a, b) dg_min8((a), (dg_v8d){0} + (b))
#define dg_maximum8(a, b) dg_max8((a), (dg_v8d){0} + (b))
#define dg_minimum4(a, b) dg_min4((a), (dg_v4d){0} + (b))
#define dg_maximum4(a, b) dg_max4((a), (dg_v4d){0} + (b))

/* GELU's tanh form as x sigmoid(z), z = 2 sqrt(2/pi) (x + 0.044715 x^3): the
 * rule table's gelu_tanh row (which says why), in its arrangement. */
DG_INLINE DG_AVX512 dg_v8d dg_gelu_tanh8(dg_v8d x)
{
    return x * dg_sigmoid8(x * (1.5957691216057308 + 0.07135481627260025 * (x * x)));
}
DG_INLINE DG_AVX2 dg_v4d dg_gelu_tanh4(dg_v4d x)
{
    return x * dg_sigmoid4(x * (1.5957691216057308 + 0.07135481627260025 * (x * x)));
}

/* sin (OFFSET 0) or cos (OFFSET 1) of a vector x of VD, VL its int64 twin,
 * W its width and LIBM the C library's function for the lanes left to it.
 * x = k pi/2 + r with k = round(x 2/pi), |r| <= pi/4 (a hair more where
 * x 2/pi rounds across a half), pi/2 taken in three parts P1 + P2 + P3 (the
 * rest is 6e-50): x - k P1 is exact with one multiply-add, because both are
 * multiples of P1's last bit and the difference is below 1; the other two
 * parts leave r within about an ulp of its true value for |x| < 2^30.
 * sin r and cos r are the minimax polynomials of fdlibm's __kernel_sin and
 * __kernel_cos on [-pi/4, pi/4] (cos in FreeBSD's form w + ((1 - w) - z/2 +
 * ...), w = 1 - z/2, which keeps its rounding under an ulp); the quadrant,
 * k + OFFSET mod 4, picks one of them and its sign.  Lanes with |x| >= 2^30,
 * +-inf among them, take LIBM, whose reduction is exact at any size; NaN
 * propagates (no comparison is true for it) and sin(-0) is -0.  Measured:
 * at most 1.46 ulp from sinl and cosl (the C library's: 0.56) over 1.2M
 * points from 1e-300 to 2^30 and next to the multiples of pi/2 up to 10^5
 * pi/2 (tests/test_vecmath.py checks 2 ulp). */
#define DG_SINCOS_BODY(VD, VL, W, FMA, OFFSET, LIBM)                              \
    const VL sign_bit = (VL){0} + INT64_MIN;                                      \
    const double shifter = 0x1.8p52; /* adding it rounds to an integer */         \
    VD shifted = FMA(x, (VD){0} + 0x1.45f306dc9c883p-1, (VD){0} + shifter);       \
    VD k = shifted - shifter;                                                     \
    VD r = FMA(k, (VD){0} - 0x1.921fb54442d18p0, x);                              \
    r = FMA(k, (VD){0} - 0x1.1a62633145c07p-54, r);                               \
    r = FMA(k, (VD){0} + 0x1.f1976b7ed8fbcp-110, r);                              \
    VD z = r * r;                                                                 \
    VD ps = FMA(z, (VD){0} + 1.58969099521155010221e-10,                          \
                (VD){0} - 2.50507602534068634195e-08);                            \
    ps = FMA(z, ps, (VD){0} + 2.75573137070700676789e-06);                        \
    ps = FMA(z, ps, (VD){0} - 1.98412698298579493134e-04);                        \
    ps = FMA(z, ps, (VD){0} + 8.33333333332248946124e-03);                        \
    ps = FMA(z, ps, (VD){0} - 1.66666666666666324348e-01);                        \
    VD s = FMA(z * r, ps, r);                                                     \
    VD pc = FMA(z, (VD){0} - 1.13596475577881948265e-11,                          \
                (VD){0} + 2.08757232129817482790e-09);                            \
    pc = FMA(z, pc, (VD){0} - 2.75573143513906633035e-07);                        \
    pc = FMA(z, pc, (VD){0} + 2.48015872894767294178e-05);                        \
    pc = FMA(z, pc, (VD){0} - 1.38888888888741095749e-03);                        \
    pc = FMA(z, pc, (VD){0} + 4.16666666666666019037e-02);                        \
    VD half_z = 0.5 * z;                                                          \
    VD w = 1.0 - half_z;                                                          \
    VD c = w + (((1.0 - w) - half_z) + z * z * pc);                               \
    VL q = (VL)shifted - (VL)((VD){0} + shifter) + (OFFSET);                      \
    VL odd = -(q & 1);                                                            \
    VD v = (VD)(((VL)c & odd) | ((VL)s & ~odd));                                  \
    v = (VD)((VL)v ^ ((q & 2) << 62));                                            \
    if ((OFFSET) == 0) {                                                          \
        VL zero = x == 0.0;                                                       \
        v = (VD)(((VL)x & zero) | ((VL)v & ~zero));                               \
    }                                                                             \
    VL big = (VD)((VL)x & ~sign_bit) >= 0x1p30;                                   \
    DG_SCALAR_LANES(big, W, v, LIBM(x[lane]));                                    \
    return v;

DG_INLINE DG_AVX512 dg_v8d dg_sin8(dg_v8d x) { DG_SINCOS_BODY(dg_v8d, dg_v8l, 8, dg_fma8, 0, sin) }
DG_INLINE DG_AVX2 dg_v4d dg_sin4(dg_v4d x) { DG_SINCOS_BODY(dg_v4d, dg_v4l, 4, dg_fma4, 0, sin) }
DG_INLINE DG_AVX512 dg_v8d dg_cos8(dg_v8d x) { DG_SINCOS_BODY(dg_v8d, dg_v8l, 8, dg_fma8, 1, cos) }
DG_INLINE DG_AVX2 dg_v4d dg_cos4(dg_v4d x) { DG_SINCOS_BODY(dg_v4d, dg_v4l, 4, dg_fma4, 1, cos) }

/* NumPy's inner-loop signature: out[i] = NAME(x[i]) for dims[0] elements at
 * the given byte strides, W doubles per vector of type VD, with FN the vector
 * function. */
#define DG_DEFINE_OWN_LOOP(NAME, SUFFIX, TARGET, VD, W, FN)                       \
static inline TARGET void                                                         \
dg_##NAME##_f64_loop_##SUFFIX(char **args, npy_intp const *dims,                  \
                              npy_intp const *steps, void *data)                  \
{                                                                                 \
    npy_intp n = dims[0], i = 0, j, m;                                            \
    VD v;                                                                         \
    (void)data;                                                                   \
    if (steps[0] == sizeof(double) && steps[1] == sizeof(double)) {               \
        const double *x = (const double *)args[0];                                \
        double *out = (double *)args[1];                                          \
        for (; i + W <= n; i += W) {                                              \
            memcpy(&v, x + i, sizeof v);                                          \
            v = FN(v);                                                            \
            memcpy(out + i, &v, sizeof v);                                        \
        }                                                                         \
    }                                                                             \
    for (; i < n; i += W) { /* the tail, or strided data: same vector code */     \
        m = n - i < W ? n - i : W;                                                \
        memset(&v, 0, sizeof v);                                                  \
        for (j = 0; j < m; j++)                                                   \
            memcpy((double *)&v + j, args[0] + (i + j) * steps[0], sizeof(double)); \
        v = FN(v);                                                                \
        for (j = 0; j < m; j++)                                                   \
            memcpy(args[1] + (i + j) * steps[1], (double *)&v + j, sizeof(double)); \
    }                                                                             \
}

/* W floats from p as a vector of doubles, and back (rounded once). */
DG_INLINE DG_AVX512 dg_v8d dg_widen8(const float *p)
{
    return (dg_v8d)_mm512_cvtps_pd(_mm256_loadu_ps(p));
}

DG_INLINE DG_AVX2 dg_v4d dg_widen4(const float *p)
{
    return (dg_v4d)_mm256_cvtps_pd(_mm_loadu_ps(p));
}

DG_INLINE DG_AVX512 void dg_narrow8(float *p, dg_v8d v)
{
    _mm256_storeu_ps(p, _mm512_cvtpd_ps((__m512d)v));
}

DG_INLINE DG_AVX2 void dg_narrow4(float *p, dg_v4d v)
{
    _mm_storeu_ps(p, _mm256_cvtpd_ps((__m256d)v));
}

/* The float32 twin of DG_DEFINE_OWN_LOOP: each float widened to double, FN
 * in double, the result rounded once to float, as the scalar C loops compute
 * float32 values (so they agree but where FN's double and the C library's lie
 * on either side of a float's rounding boundary: about once in 2^28). */
#define DG_DEFINE_OWN_LOOP_F32(NAME, SUFFIX, TARGET, VD, W, FN)                   \
static inline TARGET void                                                         \
dg_##NAME##_f32_loop_##SUFFIX(char **args, npy_intp const *dims,                  \
                              npy_intp const *steps, void *data)                  \
{                                                                                 \
    npy_intp n = dims[0], i = 0, j, m;                                            \
    double wide[W];                                                               \
    float narrow;                                                                 \
    VD v;                                                                         \
    (void)data;                                                                   \
    if (steps[0] == sizeof(float) && steps[1] == sizeof(float))                   \
        for (; i + W <= n; i += W)                                                \
            dg_narrow##W((float *)args[1] + i,                                    \
                         FN(dg_widen##W((const float *)args[0] + i)));            \
    for (; i < n; i += W) { /* the tail, or strided data: same vector code */     \
        m = n - i < W ? n - i : W;                                                \
        for (j = 0; j < W; j++) {                                                 \
            narrow = 0.0f;                                                        \
            if (j < m)                                                            \
                memcpy(&narrow, args[0] + (i + j) * steps[0], sizeof narrow);     \
            wide[j] = (double)narrow;                                             \
        }                                                                         \
        memcpy(&v, wide, sizeof v);                                               \
        v = FN(v);                                                                \
        memcpy(wide, &v, sizeof v);                                               \
        for (j = 0; j < m; j++) {                                                 \
            narrow = (float)wide[j];                                              \
            memcpy(args[1] + (i + j) * steps[1], &narrow, sizeof narrow);         \
        }                                                                         \
    }                                                                             \
}

/* The float64 and float32 loops of the own primitive NAME for both
 * instruction sets, from dg_NAME8 and dg_NAME4. */
#define DG_DEFINE_OWN_LOOPS(NAME)                                                 \
    DG_DEFINE_OWN_LOOP(NAME, avx512, DG_AVX512, dg_v8d, 8, dg_##NAME##8)          \
    DG_DEFINE_OWN_LOOP(NAME, avx2, DG_AVX2, dg_v4d, 4, dg_##NAME##4)              \
    DG_DEFINE_OWN_LOOP_F32(NAME, avx512, DG_AVX512, dg_v8d, 8, dg_##NAME##8)      \
    DG_DEFINE_OWN_LOOP_F32(NAME, avx2, DG_AVX2, dg_v4d, 4, dg_##NAME##4)

DG_DEFINE_OWN_LOOPS(tanh)
DG_DEFINE_OWN_LOOPS(sin)
DG_DEFINE_OWN_LOOPS(cos)
DG_DEFINE_OWN_LOOPS(sigmoid)
DG_DEFINE_OWN_LOOPS(softplus)
DG_DEFINE_OWN_LOOPS(silu)
DG_DEFINE_OWN_LOOPS(gelu_tanh)
#endif

static int dg_vecmath_isa(void)
{
    static int isa = -1;  /* every caller computes the same value: a race is benign */
    if (isa < 0) {
        int best = DG_ISA_NONE;
        const char *wanted = getenv("DUALGRAD_VECMATH");
#ifdef DG_HAVE_OWN_F64
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
            best = DG_ISA_AVX512;
        else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            best = DG_ISA_AVX2;
#endif
        if (wanted != NULL && strcmp(wanted, "off") == 0)
            best = DG_ISA_NONE;
        else if (wanted != NULL && strcmp(wanted, "avx2") == 0 && best > DG_ISA_AVX2)
            best = DG_ISA_AVX2;
        isa = best;
    }
    return isa;
}

/* The rows other modules' kernels (_series.pyx) take from the own loops, so
 * that they compute the values the primitives give. */
enum { DG_OWN_SIN, DG_OWN_COS, DG_OWN_SIGMOID };

/* out = sin, cos or sigmoid (``which``) of n contiguous doubles (out may be
 * x) with the own loop of the instruction set in use, returning 1; 0, with
 * nothing written, where none runs. */
static inline int dg_own_row_f64(int which, const double *x, double *out, npy_intp n)
{
#ifdef DG_HAVE_OWN_F64
    typedef void (*own_loop)(char **, npy_intp const *, npy_intp const *, void *);
    static const own_loop avx512[] = {dg_sin_f64_loop_avx512, dg_cos_f64_loop_avx512,
                                      dg_sigmoid_f64_loop_avx512};
    static const own_loop avx2[] = {dg_sin_f64_loop_avx2, dg_cos_f64_loop_avx2,
                                    dg_sigmoid_f64_loop_avx2};
    char *args[2] = {(char *)x, (char *)out};
    npy_intp steps[2] = {sizeof(double), sizeof(double)};
    int isa = dg_vecmath_isa();
    if (isa == DG_ISA_AVX512)
        avx512[which](args, &n, steps, NULL);
    else if (isa == DG_ISA_AVX2)
        avx2[which](args, &n, steps, NULL);
    return isa != DG_ISA_NONE;
#else
    (void)which; (void)x; (void)out; (void)n;
    return 0;
#endif
}

#endif
