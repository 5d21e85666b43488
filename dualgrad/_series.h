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
