/* One instantiation of the Taylor-series kernels of _series.h: included once
   per (element type, instruction set) with DG_SERIES_NAME, DG_SERIES_BLOCK_NAME,
   DG_SERIES_ADJOINT_NAME, DG_SERIES_REAL and DG_SERIES_ATTR defined.  See
   _series.pyx for the recurrence. */

/* The recurrence of DG_SERIES_BLOCK_NAME below (y_1..y_K and the z rows it
   writes, from the rows x's slopes, y_0, z_0 and s0) for an order K, a kind
   of function and a pattern of present slopes (dg_series_fixed_pattern) that
   are constants where it is inlined.  It runs eight lanes at a time with
   their coefficients in registers, where the general loops load and store a
   row for each product (about twice the time in all).  The operations and
   their order are those of the general loops, so the bits are the same
   (tests/test_taylor.py checks them against each other). */
DG_SERIES_ATTR static inline __attribute__((always_inline)) void DG_SERIES_FIXED_NAME(
        const ptrdiff_t K, const int kind, const int pattern,
        double (*slope)[DG_SERIES_LANES], double (*y)[DG_SERIES_LANES],
        double (*z)[DG_SERIES_LANES], const double* s0)
{
    enum { L = DG_SERIES_LANES, W = sizeof(dg_series_lanes) / sizeof(double) };
    const dg_series_lanes zero = {0.0};
    ptrdiff_t l, i, j;
    for (l = 0; l < L; l += W) {
        dg_series_lanes yv[DG_SERIES_FIXED_MAX + 1], zv[DG_SERIES_FIXED_MAX + 1];
        dg_series_lanes sv[DG_SERIES_FIXED_MAX + 1], s0v = zero;
        if (kind == DG_SERIES_KIND_SIGMOID)     /* (the row is sigmoid's alone) */
            s0v = *(const dg_series_lanes*)(s0 + l);
        yv[0] = *(const dg_series_lanes*)(y[0] + l);
        zv[0] = *(const dg_series_lanes*)(z[0] + l);
#pragma GCC unroll 16
        for (i = 1; i <= K; i++)
            if (DG_SERIES_USES(pattern, i, K)) sv[i] = *(const dg_series_lanes*)(slope[i] + l);
#pragma GCC unroll 16
        for (j = 1; j <= K; j++) {
            if (j > 1 && kind != DG_SERIES_KIND_PAIR) {
                dg_series_lanes zj;
                if (kind == DG_SERIES_KIND_EXP) {
                    zj = yv[j - 1];
                } else {
                    ptrdiff_t terms = kind == DG_SERIES_KIND_TANH ? j : j - 1;
                    if (kind == DG_SERIES_KIND_SIGMOID)
                        zj = yv[j - 1] * s0v;
                    else
                        zj = zero;
#pragma GCC unroll 16
                    for (i = 0; i < terms; i++) zj -= yv[i] * yv[j - 1 - i];
                }
                zv[j - 1] = zj;
            }
            dg_series_lanes yj = zero;
#pragma GCC unroll 16
            for (i = 1; i <= j; i++)
                if (DG_SERIES_USES(pattern, i, K)) yj += sv[i] * zv[j - i];
            yv[j] = yj / (double)j;
            if (kind == DG_SERIES_KIND_PAIR) {
                dg_series_lanes zj = zero;
#pragma GCC unroll 16
                for (i = 1; i <= j; i++)
                    if (DG_SERIES_USES(pattern, i, K)) zj -= sv[i] * yv[j - i];
                zv[j] = zj / (double)j;
            }
        }
#pragma GCC unroll 16
        for (j = 1; j <= K; j++) *(dg_series_lanes*)(y[j] + l) = yv[j];
#pragma GCC unroll 16
        for (j = 1; j < K; j++) *(dg_series_lanes*)(z[j] + l) = zv[j];
        if (kind == DG_SERIES_KIND_PAIR) *(dg_series_lanes*)(z[K] + l) = zv[K];
    }
}

/* The recurrence of a block by DG_SERIES_FIXED_NAME where its order and
   pattern of present slopes have a copy (1), else 0. */
DG_SERIES_ATTR static int DG_SERIES_FIXED_SWITCH_NAME(
        ptrdiff_t order, int f, int present_pattern, double (*slope)[DG_SERIES_LANES],
        double (*y)[DG_SERIES_LANES], double (*z)[DG_SERIES_LANES], const double* s0)
{
#define DG_SERIES_FIXED_CALL(K, kind, pattern) \
    DG_SERIES_FIXED_NAME(K, kind, pattern, slope, y, z, s0)
    DG_SERIES_FIXED_PATTERNS
#undef DG_SERIES_FIXED_CALL
}

/* The forward recurrence on one block of m ≤ L elements from ``start``: fills
   x (x_0), slope[i] = i·x_i for the present i, y[0..order], z (the series
   of f'(x(t)), or for sin and cos ±the other function's) and, for sigmoid,
   s0 = sigmoid(-x_0).  The loops run over all L lanes, a constant count the
   compiler vectorizes without remainder code; the lanes past the end of the
   last block hold zeros and are never stored.  ``present_pattern`` is
   dg_series_fixed_pattern's for ``present``, found once per call. */
DG_SERIES_ATTR static inline void DG_SERIES_BLOCK_NAME(
        const DG_SERIES_REAL* x0, const DG_SERIES_REAL* y0, DG_SERIES_REAL* const* xs,
        const int* present, int present_pattern, ptrdiff_t start, ptrdiff_t m,
        ptrdiff_t order, int f,
        double (*slope)[DG_SERIES_LANES], double (*y)[DG_SERIES_LANES],
        double (*z)[DG_SERIES_LANES], double* s0, double* x)
{
    enum { L = DG_SERIES_LANES };
    const int pair = f == DG_SERIES_SIN || f == DG_SERIES_COS;
    ptrdiff_t l, i, j;
    DG_SERIES_ROW(m, x[l] = (double)x0[start + l]);
    for (l = m; l < L; l++) x[l] = 0.0;
    for (i = 1; i <= order; i++) {
        if (!present[i]) continue;
        DG_SERIES_ROW(m, slope[i][l] = (double)i * (double)xs[i - 1][start + l]);
        for (l = m; l < L; l++) slope[i][l] = 0.0;
    }
    DG_SERIES_ROW(m, y[0][l] = y0[start + l]);
    for (l = m; l < L; l++) y[0][l] = 0.0;
    switch (f) {
    case DG_SERIES_TANH:
        for (l = 0; l < L; l++) z[0][l] = 1.0 - y[0][l] * y[0][l];
        break;
    case DG_SERIES_SIGMOID:     /* y·sigmoid(-x), not y·(1 - y), which cancels */
        for (l = 0; l < L; l++) s0[l] = -x[l];
        if (!DG_SERIES_OWN_ROW(DG_OWN_SIGMOID, s0, s0, L))
            for (l = 0; l < L; l++) s0[l] = dg_sigmoid(-x[l]);
        for (l = 0; l < L; l++) z[0][l] = y[0][l] * s0[l];
        break;
    case DG_SERIES_EXP:
        for (l = 0; l < L; l++) z[0][l] = y[0][l];
        break;
    case DG_SERIES_SIN:
        if (!DG_SERIES_OWN_ROW(DG_OWN_COS, x, z[0], L))
            for (l = 0; l < L; l++) z[0][l] = cos(x[l]);
        break;
    default:
        if (DG_SERIES_OWN_ROW(DG_OWN_SIN, x, z[0], L))
            for (l = 0; l < L; l++) z[0][l] = -z[0][l];
        else
            for (l = 0; l < L; l++) z[0][l] = -sin(x[l]);
    }
    if (DG_SERIES_FIXED_SWITCH_NAME(order, f, present_pattern, slope, y, z, s0))
        return;
    for (j = 1; j <= order; j++) {
        if (j > 1 && !pair) {           /* z_(j-1) from y_0..y_(j-1) */
            double* restrict zj = z[j - 1];
            if (f == DG_SERIES_EXP) {
                for (l = 0; l < L; l++) zj[l] = y[j - 1][l];
            } else {
                ptrdiff_t terms = f == DG_SERIES_TANH ? j : j - 1;
                if (f == DG_SERIES_SIGMOID)
                    for (l = 0; l < L; l++) zj[l] = y[j - 1][l] * s0[l];
                else
                    for (l = 0; l < L; l++) zj[l] = 0.0;
                for (i = 0; i < terms; i++) {
                    const double* restrict a = y[i];
                    const double* restrict b = y[j - 1 - i];
                    for (l = 0; l < L; l++) zj[l] -= a[l] * b[l];
                }
            }
        }
        double* restrict yj = y[j];
        for (l = 0; l < L; l++) yj[l] = 0.0;
        for (i = 1; i <= j; i++) {
            if (!present[i]) continue;
            const double* restrict a = slope[i];
            const double* restrict b = z[j - i];
            for (l = 0; l < L; l++) yj[l] += a[l] * b[l];
        }
        for (l = 0; l < L; l++) yj[l] /= (double)j;
        if (pair) {
            /* z is cos for sin, whose c' = -y·x', and -sin for cos, whose
               sin' = y·x': either way z_j = -(1/j) Σ slope[i]·y[j-i] */
            double* restrict zj = z[j];
            for (l = 0; l < L; l++) zj[l] = 0.0;
            for (i = 1; i <= j; i++) {
                if (!present[i]) continue;
                const double* restrict a = slope[i];
                const double* restrict b = y[j - i];
                for (l = 0; l < L; l++) zj[l] -= a[l] * b[l];
            }
            for (l = 0; l < L; l++) zj[l] /= (double)j;
        }
    }
}

DG_SERIES_ATTR static void DG_SERIES_NAME(
        const DG_SERIES_REAL* x0, const DG_SERIES_REAL* y0, DG_SERIES_REAL* const* xs,
        DG_SERIES_REAL* const* ys, ptrdiff_t order, ptrdiff_t n, int f)
{
    double slope[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double y[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double z[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double s0[DG_SERIES_LANES], x[DG_SERIES_LANES];
    int present[DG_SERIES_MAX_ORDER + 1];
    ptrdiff_t start, m, l, i, j;
    for (i = 1; i <= order; i++)
        present[i] = xs[i - 1] != NULL;
    const int present_pattern = dg_series_fixed_pattern(order, present);
    for (start = 0; start < n; start += DG_SERIES_LANES) {
        m = n - start < DG_SERIES_LANES ? n - start : DG_SERIES_LANES;
        DG_SERIES_BLOCK_NAME(x0, y0, xs, present, present_pattern, start, m, order, f,
                             slope, y, z, s0, x);
        for (j = 1; j <= order; j++) {
            DG_SERIES_REAL* out = ys[j - 1] + start;
            DG_SERIES_ROW(m, out[l] = (DG_SERIES_REAL)y[j][l]);
        }
    }
}

/* The backward sweep of DG_SERIES_ADJOINT_NAME below for a constant order K,
   kind and pattern of present slopes (as DG_SERIES_FIXED_NAME's): from the
   forward rows and the rows y_bar[1..K] (the cotangents given, zero where
   none is), the rows the adjoint's last step reads: slope_bar[i] for the
   present i, y_bar[0], z_bar[0] and s0_bar.  Eight lanes at a time with
   their rows in registers; the operations and their order are the general
   loops', so the bits are the same. */
DG_SERIES_ATTR static inline __attribute__((always_inline)) void DG_SERIES_FIXED_ADJOINT_NAME(
        const ptrdiff_t K, const int kind, const int pattern,
        double (*slope)[DG_SERIES_LANES], double (*y)[DG_SERIES_LANES],
        double (*z)[DG_SERIES_LANES], const double* s0, double (*slope_bar)[DG_SERIES_LANES],
        double (*y_bar)[DG_SERIES_LANES], double (*z_bar)[DG_SERIES_LANES], double* s0_bar)
{
    enum { L = DG_SERIES_LANES, W = sizeof(dg_series_lanes) / sizeof(double) };
    const dg_series_lanes zero = {0.0};
    ptrdiff_t l, i, j, k;
    for (l = 0; l < L; l += W) {
        dg_series_lanes yv[DG_SERIES_FIXED_MAX + 1], zv[DG_SERIES_FIXED_MAX + 1];
        dg_series_lanes sv[DG_SERIES_FIXED_MAX + 1], yb[DG_SERIES_FIXED_MAX + 1];
        dg_series_lanes zb[DG_SERIES_FIXED_MAX + 1], sb[DG_SERIES_FIXED_MAX + 1];
        dg_series_lanes s0v = zero, s0b = zero;
        if (kind == DG_SERIES_KIND_SIGMOID)     /* (the row is sigmoid's alone) */
            s0v = *(const dg_series_lanes*)(s0 + l);
#pragma GCC unroll 16
        for (j = 0; j <= K; j++) {
            yv[j] = *(const dg_series_lanes*)(y[j] + l);
            yb[j] = j ? *(const dg_series_lanes*)(y_bar[j] + l) : zero;
            zb[j] = zero;
            sb[j] = zero;
            if (j < K || kind == DG_SERIES_KIND_PAIR) zv[j] = *(const dg_series_lanes*)(z[j] + l);
            if (j > 0 && DG_SERIES_USES(pattern, j, K))
                sv[j] = *(const dg_series_lanes*)(slope[j] + l);
        }
#pragma GCC unroll 16
        for (j = K; j >= 1; j--) {
            if (kind == DG_SERIES_KIND_PAIR) {
#pragma GCC unroll 16
                for (i = 1; i <= j; i++) {
                    if (!DG_SERIES_USES(pattern, i, K)) continue;
                    dg_series_lanes b = -zb[j] / (double)j;
                    sb[i] += b * yv[j - i];
                    yb[j - i] += b * sv[i];
                }
            }
#pragma GCC unroll 16
            for (i = 1; i <= j; i++) {
                if (!DG_SERIES_USES(pattern, i, K)) continue;
                dg_series_lanes a = yb[j] / (double)j;
                sb[i] += a * zv[j - i];
                zb[j - i] += a * sv[i];
            }
            if (j > 1 && kind != DG_SERIES_KIND_PAIR) {
                k = j - 1;
                if (kind == DG_SERIES_KIND_EXP) {
                    yb[k] += zb[k];
                } else if (kind == DG_SERIES_KIND_TANH) {
#pragma GCC unroll 16
                    for (i = 0; i <= k; i++) yb[i] -= 2.0 * zb[k] * yv[k - i];
                } else {
                    yb[k] += zb[k] * (s0v - yv[0]);
                    yb[0] -= zb[k] * yv[k];
                    s0b += zb[k] * yv[k];
#pragma GCC unroll 16
                    for (i = 1; i < k; i++) yb[i] -= 2.0 * zb[k] * yv[k - i];
                }
            }
        }
#pragma GCC unroll 16
        for (i = 1; i <= K; i++)
            if (DG_SERIES_USES(pattern, i, K)) *(dg_series_lanes*)(slope_bar[i] + l) = sb[i];
        *(dg_series_lanes*)(y_bar[0] + l) = yb[0];
        *(dg_series_lanes*)(z_bar[0] + l) = zb[0];
        *(dg_series_lanes*)(s0_bar + l) = s0b;
    }
}

/* The backward sweep of a block by DG_SERIES_FIXED_ADJOINT_NAME where its
   order and pattern of present slopes have a copy (1), else 0. */
DG_SERIES_ATTR static int DG_SERIES_FIXED_ADJOINT_SWITCH_NAME(
        ptrdiff_t order, int f, int present_pattern, double (*slope)[DG_SERIES_LANES],
        double (*y)[DG_SERIES_LANES], double (*z)[DG_SERIES_LANES], const double* s0,
        double (*slope_bar)[DG_SERIES_LANES], double (*y_bar)[DG_SERIES_LANES],
        double (*z_bar)[DG_SERIES_LANES], double* s0_bar)
{
#define DG_SERIES_FIXED_CALL(K, kind, pattern) \
    DG_SERIES_FIXED_ADJOINT_NAME(K, kind, pattern, slope, y, z, s0, \
                                 slope_bar, y_bar, z_bar, s0_bar)
    DG_SERIES_FIXED_PATTERNS
#undef DG_SERIES_FIXED_CALL
}

/* The reverse of DG_SERIES_NAME: given the cotangents gs[j-1] of y_1..y_K
   (NULL for zero), the cotangents of x_0 (written only for sigmoid, sin and
   cos, where x_0 enters besides through y_0), of y_0, and of each x_i whose
   xs[i-1] is not NULL.  Each block recomputes the forward recurrence, then
   runs it backward. */
DG_SERIES_ATTR static void DG_SERIES_ADJOINT_NAME(
        const DG_SERIES_REAL* x0, const DG_SERIES_REAL* y0, DG_SERIES_REAL* const* xs,
        DG_SERIES_REAL* const* gs, DG_SERIES_REAL* x0_bar, DG_SERIES_REAL* y0_bar,
        DG_SERIES_REAL* const* xs_bar, ptrdiff_t order, ptrdiff_t n, int f)
{
    enum { L = DG_SERIES_LANES };
    double slope[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double y[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double z[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double slope_bar[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double y_bar[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double z_bar[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double s0[DG_SERIES_LANES], s0_bar[DG_SERIES_LANES], x[DG_SERIES_LANES];
    double other[DG_SERIES_LANES]; /* sin x for sin, cos x for cos, sigmoid x for sigmoid */
    int present[DG_SERIES_MAX_ORDER + 1];
    const int pair = f == DG_SERIES_SIN || f == DG_SERIES_COS;
    ptrdiff_t start, m, l, i, j, k;
    for (i = 1; i <= order; i++)
        present[i] = xs[i - 1] != NULL;
    const int present_pattern = dg_series_fixed_pattern(order, present);
    for (start = 0; start < n; start += L) {
        m = n - start < L ? n - start : L;
        DG_SERIES_BLOCK_NAME(x0, y0, xs, present, present_pattern, start, m, order, f,
                             slope, y, z, s0, x);
        /* backward: y_bar[1..K] are the cotangents given (zero where none is) */
        for (j = 1; j <= order; j++) {
            if (gs[j - 1] == NULL) {
                for (l = 0; l < L; l++) y_bar[j][l] = 0.0;
                continue;
            }
            DG_SERIES_ROW(m, y_bar[j][l] = (double)gs[j - 1][start + l]);
            for (l = m; l < L; l++) y_bar[j][l] = 0.0;
        }
        if (!DG_SERIES_FIXED_ADJOINT_SWITCH_NAME(order, f, present_pattern, slope, y, z, s0,
                                                 slope_bar, y_bar, z_bar, s0_bar)) {
            for (j = 0; j <= order; j++)
                for (l = 0; l < L; l++) {
                    if (j == 0) y_bar[j][l] = 0.0;
                    z_bar[j][l] = 0.0;
                    slope_bar[j][l] = 0.0;
                }
            for (l = 0; l < L; l++) s0_bar[l] = 0.0;
            for (j = order; j >= 1; j--) {
                if (pair) {         /* z_j = -(1/j) Σ slope_i y_(j-i), computed after y_j */
                    for (i = 1; i <= j; i++) {
                        if (!present[i]) continue;
                        for (l = 0; l < L; l++) {
                            double b = -z_bar[j][l] / (double)j;
                            slope_bar[i][l] += b * y[j - i][l];
                            y_bar[j - i][l] += b * slope[i][l];
                        }
                    }
                }
                /* y_j = (1/j) Σ slope_i z_(j-i) */
                for (i = 1; i <= j; i++) {
                    if (!present[i]) continue;
                    for (l = 0; l < L; l++) {
                        double a = y_bar[j][l] / (double)j;
                        slope_bar[i][l] += a * z[j - i][l];
                        z_bar[j - i][l] += a * slope[i][l];
                    }
                }
                if (j > 1 && !pair) {   /* z_(j-1) from y_0..y_(j-1) */
                    k = j - 1;
                    if (f == DG_SERIES_EXP) {
                        for (l = 0; l < L; l++) y_bar[k][l] += z_bar[k][l];
                    } else if (f == DG_SERIES_TANH) {
                        /* z_k = -Σ_(i=0..k) y_i y_(k-i): d/dy_i = -2 y_(k-i) */
                        for (i = 0; i <= k; i++)
                            for (l = 0; l < L; l++)
                                y_bar[i][l] -= 2.0 * z_bar[k][l] * y[k - i][l];
                    } else {
                        /* z_k = y_k s0 - Σ_(i=0..k-1) y_i y_(k-i): y_0 and y_k appear once
                           in the sum, the others twice */
                        for (l = 0; l < L; l++) {
                            y_bar[k][l] += z_bar[k][l] * (s0[l] - y[0][l]);
                            y_bar[0][l] -= z_bar[k][l] * y[k][l];
                            s0_bar[l] += z_bar[k][l] * y[k][l];
                        }
                        for (i = 1; i < k; i++)
                            for (l = 0; l < L; l++)
                                y_bar[i][l] -= 2.0 * z_bar[k][l] * y[k - i][l];
                    }
                }
            }
        }
        /* z_0, and x_0 where it enters besides y_0 */
        switch (f) {
        case DG_SERIES_TANH:
            for (l = 0; l < L; l++) y_bar[0][l] -= 2.0 * y[0][l] * z_bar[0][l];
            break;
        case DG_SERIES_SIGMOID:
            for (l = 0; l < L; l++) {
                y_bar[0][l] += z_bar[0][l] * s0[l];
                s0_bar[l] += z_bar[0][l] * y[0][l];
            }
            /* s0 = sigmoid(-x): ds0/dx = -s0 sigmoid(x) */
            if (!DG_SERIES_OWN_ROW(DG_OWN_SIGMOID, x, other, m))
                for (l = 0; l < m; l++) other[l] = dg_sigmoid(x[l]);
            for (l = 0; l < m; l++)
                x0_bar[start + l] = (DG_SERIES_REAL)(-s0_bar[l] * s0[l] * other[l]);
            break;
        case DG_SERIES_EXP:
            for (l = 0; l < L; l++) y_bar[0][l] += z_bar[0][l];
            break;
        case DG_SERIES_SIN:     /* z_0 = cos x */
            if (!DG_SERIES_OWN_ROW(DG_OWN_SIN, x, other, m))
                for (l = 0; l < m; l++) other[l] = sin(x[l]);
            for (l = 0; l < m; l++)
                x0_bar[start + l] = (DG_SERIES_REAL)(-z_bar[0][l] * other[l]);
            break;
        default:                /* z_0 = -sin x */
            if (!DG_SERIES_OWN_ROW(DG_OWN_COS, x, other, m))
                for (l = 0; l < m; l++) other[l] = cos(x[l]);
            for (l = 0; l < m; l++)
                x0_bar[start + l] = (DG_SERIES_REAL)(-z_bar[0][l] * other[l]);
        }
        DG_SERIES_ROW(m, y0_bar[start + l] = (DG_SERIES_REAL)y_bar[0][l]);
        for (i = 1; i <= order; i++) {
            if (!present[i]) continue;
            for (l = 0; l < m; l++)
                xs_bar[i - 1][start + l] = (DG_SERIES_REAL)((double)i * slope_bar[i][l]);
        }
    }
}
