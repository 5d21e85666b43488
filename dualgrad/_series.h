/* Fused Taylor-mode kernels for tanh, sigmoid, exp, sin and cos (_series.pyx):
   the series of f(x(t)) and its reverse (adjoint) rule.

   The kernel body (_series_body.h) is compiled once per element type and
   instruction set; GCC vectorizes its loops over a block of lanes, and the
   dispatcher picks AVX-512 or AVX2 code when the CPU has it (as _vecmath.h
   does for its own loops).  No FMA: the products and sums round as written.
   sin, cos and sigmoid of x_0 come from _vecmath.h's loops where those run,
   as the primitives' values do. */
#ifndef DUALGRAD_SERIES_H
#define DUALGRAD_SERIES_H

#include <math.h>
#include <stddef.h>

#include "_vecmath.h"

/* sin, cos or sigmoid of a row of doubles from _vecmath.h's own loops, which
   give the primitives' float64 values where they run (1); else 0, and the
   body takes the scalar forms (the C library's sin and cos, dg_sigmoid), as
   the primitives do then and in float32. */
#define DG_SERIES_OWN_ROW(which, x, out, n) \
    (sizeof(DG_SERIES_REAL) == sizeof(double) && dg_own_row_f64(which, x, out, n))

#define DG_SERIES_MAX_ORDER 16
/* Elements per block: (K + 1) rows of 64 doubles for each of y, z and x's
   slopes stay in L1 up to K = 16 (3 x 17 x 64 x 8 bytes = 26 KB). */
#define DG_SERIES_LANES 64
enum { DG_SERIES_TANH, DG_SERIES_SIGMOID, DG_SERIES_EXP, DG_SERIES_SIN, DG_SERIES_COS };
/* The kinds of recurrence for z: sin and cos are one (the pair). */
enum { DG_SERIES_KIND_TANH, DG_SERIES_KIND_SIGMOID, DG_SERIES_KIND_EXP, DG_SERIES_KIND_PAIR };
/* Eight lanes of doubles: one AVX-512 register, two AVX2 ones, four SSE2 ones.
   Loads and stores through it need no alignment and may alias the rows. */
typedef double dg_series_lanes __attribute__((vector_size(64), aligned(8), may_alias));
/* ``statement`` for the lanes l < m of a block: a full block's loop has the
   constant count DG_SERIES_LANES, which GCC compiles to vector moves where a
   count it does not know becomes a memcpy (rep movs, dearer than the
   arithmetic on a row of 64). */
#define DG_SERIES_ROW(m, statement) \
    do { \
        if ((m) == DG_SERIES_LANES) { for (l = 0; l < DG_SERIES_LANES; l++) statement; } \
        else { for (l = 0; l < (m); l++) statement; } \
    } while (0)
/* Orders up to this run the recurrence with constant bounds (_series_body.h);
   DG_SERIES_FIXED_ORDERS below has a case for each. */
#define DG_SERIES_FIXED_MAX 6
/* 0 makes every order run the general loops, whose bits the fixed-order code
   must give (_series.fixed_orders, for the tests that check it). */
static int dg_series_fixed_orders = 1;
/* The patterns of present slopes (x's coefficients) with fixed-order code:
   every one; slope 1 alone (a linear function of the seeded input); every
   one but the last (a pass whose top coefficient is collapsed, as the
   Laplacian's and the biharmonic's are). */
enum { DG_SERIES_SLOPES_ALL, DG_SERIES_SLOPES_FIRST, DG_SERIES_SLOPES_BUT_LAST };
/* Whether slope i of K is present in ``pattern``. */
#define DG_SERIES_USES(pattern, i, K) \
    ((pattern) == DG_SERIES_SLOPES_ALL || \
     ((pattern) == DG_SERIES_SLOPES_FIRST ? (i) == 1 : (i) < (K)))
/* Which fixed-order code a call's blocks take: one of the patterns,
   or -1 for the general loops (any other pattern, an order past
   DG_SERIES_FIXED_MAX, or the fixed orders off). */
static inline int dg_series_fixed_pattern(ptrdiff_t order, const int* present)
{
    ptrdiff_t i, count = 0;
    if (!dg_series_fixed_orders || order > DG_SERIES_FIXED_MAX)
        return -1;
    for (i = 1; i <= order; i++)
        count += present[i] != 0;
    if (count == order)
        return DG_SERIES_SLOPES_ALL;
    if (count == 1 && present[1])
        return DG_SERIES_SLOPES_FIRST;
    if (count == order - 1 && !present[order])
        return DG_SERIES_SLOPES_BUT_LAST;
    return -1;
}
/* The body of a function that calls DG_SERIES_FIXED_CALL(K, kind, pattern)
   (defined where it is used) with constants for this block's order, kind of
   function (f) and pattern of present slopes (present_pattern, from
   dg_series_fixed_pattern once per call) and returns 1, or returns 0
   where they have no fixed-order code; each call is an inlined copy. */
#define DG_SERIES_FIXED_ORDERS(kind, pattern) \
    switch (order) { \
    case 1: DG_SERIES_FIXED_CALL(1, kind, pattern); return 1; \
    case 2: DG_SERIES_FIXED_CALL(2, kind, pattern); return 1; \
    case 3: DG_SERIES_FIXED_CALL(3, kind, pattern); return 1; \
    case 4: DG_SERIES_FIXED_CALL(4, kind, pattern); return 1; \
    case 5: DG_SERIES_FIXED_CALL(5, kind, pattern); return 1; \
    case 6: DG_SERIES_FIXED_CALL(6, kind, pattern); return 1; \
    } \
    return 0;
_Static_assert(DG_SERIES_FIXED_MAX == 6, "DG_SERIES_FIXED_ORDERS has the cases 1 to 6");
#define DG_SERIES_FIXED_KINDS(pattern) \
    switch (f) { \
    case DG_SERIES_TANH: DG_SERIES_FIXED_ORDERS(DG_SERIES_KIND_TANH, pattern) \
    case DG_SERIES_SIGMOID: DG_SERIES_FIXED_ORDERS(DG_SERIES_KIND_SIGMOID, pattern) \
    case DG_SERIES_EXP: DG_SERIES_FIXED_ORDERS(DG_SERIES_KIND_EXP, pattern) \
    default: DG_SERIES_FIXED_ORDERS(DG_SERIES_KIND_PAIR, pattern) \
    }
#define DG_SERIES_FIXED_PATTERNS \
    switch (present_pattern) { \
    case DG_SERIES_SLOPES_ALL: DG_SERIES_FIXED_KINDS(DG_SERIES_SLOPES_ALL) \
    case DG_SERIES_SLOPES_FIRST: DG_SERIES_FIXED_KINDS(DG_SERIES_SLOPES_FIRST) \
    case DG_SERIES_SLOPES_BUT_LAST: DG_SERIES_FIXED_KINDS(DG_SERIES_SLOPES_BUT_LAST) \
    } \
    return 0;
/* Each instantiation's own names for its fixed-order functions. */
#define DG_SERIES_GLUE_(a, b) a##b
#define DG_SERIES_GLUE(a, b) DG_SERIES_GLUE_(a, b)
#define DG_SERIES_FIXED_NAME DG_SERIES_GLUE(DG_SERIES_BLOCK_NAME, _fixed)
#define DG_SERIES_FIXED_SWITCH_NAME DG_SERIES_GLUE(DG_SERIES_BLOCK_NAME, _fixed_orders)
#define DG_SERIES_FIXED_ADJOINT_NAME DG_SERIES_GLUE(DG_SERIES_ADJOINT_NAME, _fixed)
#define DG_SERIES_FIXED_ADJOINT_SWITCH_NAME DG_SERIES_GLUE(DG_SERIES_ADJOINT_NAME, _fixed_orders)

#define DG_SERIES_ATTR
#define DG_SERIES_REAL double
#define DG_SERIES_NAME dg_series_f64_base
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f64_base
#define DG_SERIES_BLOCK_NAME dg_series_block_f64_base
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#define DG_SERIES_REAL float
#define DG_SERIES_NAME dg_series_f32_base
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f32_base
#define DG_SERIES_BLOCK_NAME dg_series_block_f32_base
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#undef DG_SERIES_ATTR

#if defined(__GNUC__) && defined(__x86_64__)
#define DG_SERIES_X86 1
#define DG_SERIES_ATTR __attribute__((target("avx2")))
#define DG_SERIES_REAL double
#define DG_SERIES_NAME dg_series_f64_avx2
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f64_avx2
#define DG_SERIES_BLOCK_NAME dg_series_block_f64_avx2
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#define DG_SERIES_REAL float
#define DG_SERIES_NAME dg_series_f32_avx2
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f32_avx2
#define DG_SERIES_BLOCK_NAME dg_series_block_f32_avx2
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#undef DG_SERIES_ATTR
#define DG_SERIES_ATTR __attribute__((target("avx512f")))
#define DG_SERIES_REAL double
#define DG_SERIES_NAME dg_series_f64_avx512
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f64_avx512
#define DG_SERIES_BLOCK_NAME dg_series_block_f64_avx512
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#define DG_SERIES_REAL float
#define DG_SERIES_NAME dg_series_f32_avx512
#define DG_SERIES_ADJOINT_NAME dg_series_adjoint_f32_avx512
#define DG_SERIES_BLOCK_NAME dg_series_block_f32_avx512
#include "_series_body.h"
#undef DG_SERIES_REAL
#undef DG_SERIES_NAME
#undef DG_SERIES_ADJOINT_NAME
#undef DG_SERIES_BLOCK_NAME
#undef DG_SERIES_ATTR
#endif

/* 2 for AVX-512, 1 for AVX2, 0 for the baseline code. */
static int dg_series_isa(void)
{
#ifdef DG_SERIES_X86
    static int isa = -1;
    if (isa < 0) {
        __builtin_cpu_init();
        isa = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return isa;
#else
    return 0;
#endif
}

/* The call of the kernel ``name`` for this CPU: name_avx512, name_avx2 or
   name_base with the arguments ``args``. */
#ifdef DG_SERIES_X86
#define DG_SERIES_DISPATCH(name, args) \
    switch (dg_series_isa()) { \
    case 2: name##_avx512 args; return; \
    case 1: name##_avx2 args; return; \
    } \
    name##_base args;
#else
#define DG_SERIES_DISPATCH(name, args) name##_base args;
#endif

static void dg_series_f64(const double* x0, const double* y0, double* const* xs,
                          double* const* ys, ptrdiff_t order, ptrdiff_t n, int f)
{
    DG_SERIES_DISPATCH(dg_series_f64, (x0, y0, xs, ys, order, n, f))
}

static void dg_series_f32(const float* x0, const float* y0, float* const* xs,
                          float* const* ys, ptrdiff_t order, ptrdiff_t n, int f)
{
    DG_SERIES_DISPATCH(dg_series_f32, (x0, y0, xs, ys, order, n, f))
}

static void dg_series_adjoint_f64(const double* x0, const double* y0, double* const* xs,
                                  double* const* gs, double* x0_bar, double* y0_bar,
                                  double* const* xs_bar, ptrdiff_t order, ptrdiff_t n, int f)
{
    DG_SERIES_DISPATCH(dg_series_adjoint_f64,
                       (x0, y0, xs, gs, x0_bar, y0_bar, xs_bar, order, n, f))
}

static void dg_series_adjoint_f32(const float* x0, const float* y0, float* const* xs,
                                  float* const* gs, float* x0_bar, float* y0_bar,
                                  float* const* xs_bar, ptrdiff_t order, ptrdiff_t n, int f)
{
    DG_SERIES_DISPATCH(dg_series_adjoint_f32,
                       (x0, y0, xs, gs, x0_bar, y0_bar, xs_bar, order, n, f))
}

#endif
