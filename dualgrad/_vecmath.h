/* dualgrad's own float64 inner loops, for ufuncs whose NumPy loop is slow.
 *
 * The fused kernels take f's values from NumPy's inner loop of the ufunc the
 * rule table names (its SIMD code).  NumPy 2's float64 tanh runs at about
 * 1.7 ns per element on an AVX-512 core, twice its exp; tanh is the
 * activation of most PINN networks, so dualgrad brings its own.  The loop has
 * NumPy's inner-loop signature and replaces NumPy's for every mode at once
 * (plain arrays, Dual, HyperDual, the tape), so all modes keep computing the
 * same values.  Where the CPU lacks AVX-512, dg_own_loop_f64 returns NULL and
 * NumPy's loop stays in use.  The one-pass Dual and HyperDual steps that
 * _elementwise.pyx.tp generates for the rows of _table.OWN_FLOAT64 call the
 * 8-wide functions (dg_tanh8) directly; that tuple and dg_own_loop_f64 list
 * the same ufuncs.
 */
#ifndef DUALGRAD_VECMATH_H
#define DUALGRAD_VECMATH_H

#include <stdint.h>
#include <string.h>
#include <numpy/ndarraytypes.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define DG_HAVE_OWN_F64 1

typedef double dg_v8d __attribute__((vector_size(64)));
typedef int64_t dg_v8l __attribute__((vector_size(64)));

#define DG_AVX512 __attribute__((target("avx512f,avx512dq,fma")))

#include <immintrin.h>
/* a * b + c rounded once.  The build compiles with -ffp-contract=off, so that
 * the derivative parts of the generated passes round exactly as the other
 * modes' kernels do; the fused multiply-adds tanh wants are written out. */
#define DG_FMA(a, b, c) ((dg_v8d)_mm512_fmadd_pd((__m512d)(a), (__m512d)(b), (__m512d)(c)))

/* tanh of 8 doubles.  tanh(x) = sign(x) * e / (e + 2) with e = expm1(2|x|),
 * which has no cancellation near 0.  expm1(y) = 2^k (1 + q) - 1 from the
 * Cody-Waite reduction y = k ln2 + r, |r| <= ln2/2, where q = expm1(r) is its
 * Taylor polynomial to degree 13 (truncation below 0.1 ulp).  Beyond
 * |x| = 20 tanh rounds to +-1, so 2|x| is clamped to 40; NaN fails the
 * comparison and propagates.  Measured: at most 2.6 ulp from tanhl over 16M
 * points spread from 1e-18 to 25 (tests/test_vecmath.py checks 3 ulp from
 * tanhl and 4 from NumPy); -0.0, +-inf and subnormals as NumPy. */
static inline __attribute__((always_inline)) DG_AVX512 dg_v8d dg_tanh8(dg_v8d x)
{
    const dg_v8l sign_bit = (dg_v8l){0} + INT64_MIN;
    const double shifter = 0x1.8p52;  /* adding it rounds to an integer in the low bits */
    dg_v8l bits = (dg_v8l)x;
    dg_v8l sign = bits & sign_bit;
    dg_v8d y = (dg_v8d)(bits & ~sign_bit) * 2.0;
    dg_v8l big = y > 40.0;
    y = (dg_v8d)(((dg_v8l)y & ~big) | ((dg_v8l)((dg_v8d){0} + 40.0) & big));

    /* k = round(y / ln2) */
    dg_v8d shifted = DG_FMA(y, (dg_v8d){0} + 0x1.71547652b82fep0, (dg_v8d){0} + shifter);
    dg_v8d k = shifted - shifter;
    dg_v8d r = DG_FMA(k, (dg_v8d){0} - 0x1.a39ef35793c76p-33,
                      DG_FMA(k, (dg_v8d){0} - 0x1.62e42fee00000p-1, y));

    dg_v8d p = (dg_v8d){0} + 1.0 / 6227020800.0;
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 479001600.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 39916800.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 3628800.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 362880.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 40320.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 5040.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 720.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 120.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 24.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 1.0 / 6.0);
    p = DG_FMA(p, r, (dg_v8d){0} + 0.5);
    dg_v8d q = DG_FMA(r * r, p, r);

    dg_v8l k_int = (dg_v8l)shifted - (dg_v8l)((dg_v8d){0} + shifter);
    dg_v8d two_k = (dg_v8d)((k_int + 1023) << 52);
    dg_v8d e = DG_FMA(two_k, q, two_k - 1.0);
    dg_v8d t = e / (e + 2.0);
    return (dg_v8d)((dg_v8l)t | sign);
}

/* NumPy's inner-loop signature: out[i] = tanh(x[i]) for dims[0] elements at
 * the given byte strides. */
static DG_AVX512 void dg_tanh_f64_loop(char **args, npy_intp const *dims,
                                       npy_intp const *steps, void *data)
{
    npy_intp n = dims[0], i = 0;
    dg_v8d v;
    (void)data;
    if (steps[0] == sizeof(double) && steps[1] == sizeof(double)) {
        const double *x = (const double *)args[0];
        double *out = (double *)args[1];
        for (; i + 8 <= n; i += 8) {
            memcpy(&v, x + i, sizeof v);
            v = dg_tanh8(v);
            memcpy(out + i, &v, sizeof v);
        }
    }
    for (; i < n; i += 8) {  /* the tail, or strided data: 8 at a time, same code */
        npy_intp j, m = n - i < 8 ? n - i : 8;
        memset(&v, 0, sizeof v);
        for (j = 0; j < m; j++)
            memcpy((double *)&v + j, args[0] + (i + j) * steps[0], sizeof(double));
        v = dg_tanh8(v);
        for (j = 0; j < m; j++)
            memcpy(args[1] + (i + j) * steps[1], (double *)&v + j, sizeof(double));
    }
}
#endif

typedef void (*dg_ufunc_loop)(char **, npy_intp const *, npy_intp const *, void *);

/* The float64 loop dualgrad uses instead of NumPy's for the ufunc `name`, or
 * NULL to keep NumPy's (no own loop, or a CPU without its instructions). */
static dg_ufunc_loop dg_own_loop_f64(const char *name)
{
#ifdef DG_HAVE_OWN_F64
    if (strcmp(name, "tanh") == 0 && __builtin_cpu_supports("avx512f")
            && __builtin_cpu_supports("avx512dq"))
        return dg_tanh_f64_loop;
#endif
    (void)name;
    return NULL;
}

#endif
