"""Fused Taylor-mode kernels: tanh, sigmoid, exp, sin and cos of a truncated series.

dualgrad/_taylor.py solves y' = z·x' order by order for these functions,
with z from y (tanh' = 1 - y², sigmoid' = y·sigmoid(-x), exp' = y) or as the
pair sin/cos.  Written with primitives, that is about K²/2 products and as
many sums for K coefficients, each a pass over memory.  Here the recurrence
runs per element with the coefficients of a block of elements in L1
(_series.h, vectorized over the block): one pass reading the K
coefficients of x and writing the K of y.  The primitive-based rule stays
for values that are not plain arrays (boxes of enclosing transforms, where
the rule must be differentiable).
"""
cimport numpy as cnp

import numpy as np

cnp.import_array()

cdef extern from "_series.h":
    # The highest order a kernel takes (the composer's MAX_DERIVATIVE_ORDER).
    enum: DG_SERIES_MAX_ORDER
    enum: DG_SERIES_TANH, DG_SERIES_SIGMOID, DG_SERIES_EXP, DG_SERIES_SIN, DG_SERIES_COS
    void dg_series_f64(const double* x0, const double* y0, double** xs, double** ys,
                       Py_ssize_t order, Py_ssize_t n, int f) nogil
    void dg_series_f32(const float* x0, const float* y0, float** xs, float** ys,
                       Py_ssize_t order, Py_ssize_t n, int f) nogil

_FUNCTIONS = {"tanh": DG_SERIES_TANH, "sigmoid": DG_SERIES_SIGMOID, "exp": DG_SERIES_EXP,
              "sin": DG_SERIES_SIN, "cos": DG_SERIES_COS}

cdef inline bint plain(object a, int typenum, Py_ssize_t size):
    """A C-contiguous, aligned, native array of ``typenum`` with ``size`` elements."""
    if not cnp.PyArray_CheckExact(a):
        return False
    cdef cnp.ndarray arr = <cnp.ndarray>a
    return (cnp.PyArray_TYPE(arr) == typenum and cnp.PyArray_IS_C_CONTIGUOUS(arr)
            and cnp.PyArray_ISALIGNED(arr) and cnp.PyArray_ISNOTSWAPPED(arr)
            and cnp.PyArray_SIZE(arr) == size)


def series_of(str name, x0, y0, list series):
    """Coefficients 1..K of name(x(t)), or None where the kernel does not apply.

    ``x0`` is x(0), ``y0`` = name(x0), ``series`` x's coefficients 1..K (None
    for zero).  The kernel takes plain float32 or float64 arrays of one dtype
    and shape; it computes in double and rounds each coefficient once.
    """
    if name not in _FUNCTIONS or not cnp.PyArray_CheckExact(x0):
        return None
    cdef cnp.ndarray x = <cnp.ndarray>x0
    cdef int t = cnp.PyArray_TYPE(x)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x), k, order = len(series)
    if (t != cnp.NPY_FLOAT64 and t != cnp.NPY_FLOAT32) or not 0 < order <= DG_SERIES_MAX_ORDER \
            or not plain(x, t, n) or not plain(y0, t, n) \
            or not np.shape(y0) == np.shape(x0):
        return None
    for c in series:
        if c is not None and not (plain(c, t, n) and np.shape(c) == np.shape(x0)):
            return None
    outs = [np.empty_like(x) for _ in range(order)]
    cdef void* xs[DG_SERIES_MAX_ORDER]
    cdef void* ys[DG_SERIES_MAX_ORDER]
    for k in range(order):
        xs[k] = NULL if series[k] is None else cnp.PyArray_DATA(<cnp.ndarray>series[k])
        ys[k] = cnp.PyArray_DATA(<cnp.ndarray>outs[k])
    cdef int f = _FUNCTIONS[name]
    cdef void* x_data = cnp.PyArray_DATA(x)
    cdef void* y_data = cnp.PyArray_DATA(<cnp.ndarray>y0)
    with nogil:
        if t == cnp.NPY_FLOAT64:
            dg_series_f64(<double*>x_data, <double*>y_data, <double**>xs, <double**>ys,
                          order, n, f)
        else:
            dg_series_f32(<float*>x_data, <float*>y_data, <float**>xs, <float**>ys,
                          order, n, f)
    return outs
