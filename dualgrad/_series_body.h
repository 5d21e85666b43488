/* One instantiation of the Taylor-series kernel of _series.h: included once
   per (element type, instruction set) with DG_SERIES_NAME, DG_SERIES_REAL and
   DG_SERIES_ATTR defined.  See _series.pyx for the recurrence. */
DG_SERIES_ATTR static void DG_SERIES_NAME(
        const DG_SERIES_REAL* x0, const DG_SERIES_REAL* y0, DG_SERIES_REAL* const* xs,
        DG_SERIES_REAL* const* ys, ptrdiff_t order, ptrdiff_t n, int f)
{
    double slope[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double y[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double z[DG_SERIES_MAX_ORDER + 1][DG_SERIES_LANES];
    double s0[DG_SERIES_LANES];
    int present[DG_SERIES_MAX_ORDER + 1];
    const int pair = f == DG_SERIES_SIN || f == DG_SERIES_COS;
    enum { L = DG_SERIES_LANES };
    ptrdiff_t start, m, l, i, j;
    for (i = 1; i <= order; i++)
        present[i] = xs[i - 1] != NULL;
    /* The loops below run over all L lanes, a constant count the compiler
       vectorizes without remainder code; the lanes past the end of the last
       block hold zeros and are not stored. */
    for (start = 0; start < n; start += L) {
        m = n - start < L ? n - start : L;
        double x[DG_SERIES_LANES];
        for (l = 0; l < m; l++) x[l] = (double)x0[start + l];
        for (l = m; l < L; l++) x[l] = 0.0;
        for (i = 1; i <= order; i++) {
            if (!present[i]) continue;
            for (l = 0; l < m; l++) slope[i][l] = (double)i * (double)xs[i - 1][start + l];
            for (l = m; l < L; l++) slope[i][l] = 0.0;
        }
        for (l = 0; l < m; l++) y[0][l] = y0[start + l];
        for (l = m; l < L; l++) y[0][l] = 0.0;
        switch (f) {
        case DG_SERIES_TANH:
            for (l = 0; l < L; l++) z[0][l] = 1.0 - y[0][l] * y[0][l];
            break;
        case DG_SERIES_SIGMOID:     /* y·sigmoid(-x), not y·(1 - y), which cancels */
            for (l = 0; l < L; l++) {
                s0[l] = 1.0 / (1.0 + exp(x[l]));
                z[0][l] = y[0][l] * s0[l];
            }
            break;
        case DG_SERIES_EXP:
            for (l = 0; l < L; l++) z[0][l] = y[0][l];
            break;
        case DG_SERIES_SIN:
            for (l = 0; l < L; l++) z[0][l] = cos(x[l]);
            break;
        default:
            for (l = 0; l < L; l++) z[0][l] = -sin(x[l]);
        }
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
            DG_SERIES_REAL* out = ys[j - 1] + start;
            for (l = 0; l < L; l++) yj[l] /= (double)j;
            for (l = 0; l < m; l++) out[l] = (DG_SERIES_REAL)yj[l];
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
}
