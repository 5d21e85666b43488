"""Fused Taylor-mode kernels: tanh, sigmoid, exp, sin and cos of a truncated series.

dualgrad/_taylor.py solves y' = z·x' order by order for these functions,
with z from y (tanh' = 1 - y², sigmoid' = y·sigmoid(-x), exp' = y) or as the
pair sin/cos.  Written with primitives, that is about K²/2 products and as
many sums for K coefficients, each a pass over memory.  Here the recurrence
runs per element with the coefficients of a block of elements in L1
(_series.h, vectorized over the block): one pass reading the K
coefficients of x and writing the K of y.  Orders up to FIXED_MAX_ORDER,
with every coefficient of x present, the first alone or every one but the
last (the common patterns: a hidden layer, a linear function of the seeded
input, a pass whose top coefficient is collapsed), run code with constant
bounds that keeps eight elements' coefficients in
registers, about twice as fast, with the same bits.  ``adjoint_of`` is its reverse
rule, for reverse mode over a Taylor pass (a PINN's weight gradient), where
dualgrad/_taylor.py records the whole recurrence as one primitive on the
tape.  The rule written with primitives stays for values that are not plain
arrays (boxes of enclosing transforms, where it must be differentiable).
"""
cimport numpy as cnp

import numpy as np

cnp.import_array()

cdef extern from "_series.h":
    # The highest order a kernel takes (the composer's MAX_DERIVATIVE_ORDER).
    enum: DG_SERIES_MAX_ORDER
    enum: DG_SERIES_TANH, DG_SERIES_SIGMOID, DG_SERIES_EXP, DG_SERIES_SIN, DG_SERIES_COS
    enum: DG_SERIES_FIXED_MAX
    int dg_series_fixed_orders
    void dg_series_f64(const double* x0, const double* y0, double** xs, double** ys,
                       Py_ssize_t order, Py_ssize_t n, int f) nogil
    void dg_series_f32(const float* x0, const float* y0, float** xs, float** ys,
                       Py_ssize_t order, Py_ssize_t n, int f) nogil
    void dg_series_adjoint_f64(const double* x0, const double* y0, double** xs, double** gs,
                               double* x0_bar, double* y0_bar, double** xs_bar,
                               Py_ssize_t order, Py_ssize_t n, int f) nogil
    void dg_series_adjoint_f32(const float* x0, const float* y0, float** xs, float** gs,
                               float* x0_bar, float* y0_bar, float** xs_bar,
                               Py_ssize_t order, Py_ssize_t n, int f) nogil

_FUNCTIONS = {"tanh": DG_SERIES_TANH, "sigmoid": DG_SERIES_SIGMOID, "exp": DG_SERIES_EXP,
              "sin": DG_SERIES_SIN, "cos": DG_SERIES_COS}

# The orders whose recurrence has code with constant bounds (for the patterns of
# present coefficients the docstring names), about twice as fast as the general loops.
FIXED_MAX_ORDER = DG_SERIES_FIXED_MAX


def fixed_orders(bint enabled):
    """Whether orders up to FIXED_MAX_ORDER run their fixed-order code (the
    default) or the general loops, which must give the same bits; returns the
    previous setting."""
    global dg_series_fixed_orders
    previous = bool(dg_series_fixed_orders)
    dg_series_fixed_orders = enabled
    return previous


cdef inline bint plain(object a, int typenum, Py_ssize_t size):
    """A C-contiguous, aligned, native array of ``typenum`` with ``size`` elements."""
    if not cnp.PyArray_CheckExact(a):
        return False
    cdef cnp.ndarray arr = <cnp.ndarray>a
    return (cnp.PyArray_TYPE(arr) == typenum and cnp.PyArray_IS_C_CONTIGUOUS(arr)
            and cnp.PyArray_ISALIGNED(arr) and cnp.PyArray_ISNOTSWAPPED(arr)
            and cnp.PyArray_SIZE(arr) == size)


cdef object layout(str name, object x0, object y0, list series):
    """(R, the coefficients' shape): R copies of x0's elements in each
    coefficient (see series_of); or None where the kernels do not take these
    operands."""
    if name not in _FUNCTIONS or not cnp.PyArray_CheckExact(x0):
        return None
    cdef cnp.ndarray x = <cnp.ndarray>x0
    cdef int t = cnp.PyArray_TYPE(x)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x), order = len(series), count
    if (t != cnp.NPY_FLOAT64 and t != cnp.NPY_FLOAT32) or not 0 < order <= DG_SERIES_MAX_ORDER \
            or not plain(x, t, n) or not plain(y0, t, n) or not np.shape(y0) == np.shape(x0):
        return None
    shape = np.shape(x0)
    found = None
    for c in series:
        if c is None:
            continue
        c_shape = np.shape(c)
        if found is not None and c_shape != found:
            return None
        if c_shape == shape:
            count = 1
        elif len(c_shape) == len(shape) + 1 and c_shape[1:] == shape:
            count = c_shape[0]
        else:
            return None
        if not plain(c, t, n * count):
            return None
        found = c_shape
    if found is None:
        return 1, shape
    return (1 if found == shape else found[0]), found


def series_of(str name, x0, y0, list series):
    """Coefficients 1..K of name(x(t)), or None where the kernel does not apply.

    ``x0`` is x(0), ``y0`` = name(x0), ``series`` x's coefficients 1..K (None
    for zero).  The kernel takes plain float32 or float64 arrays of one dtype
    and shape; it computes in double and rounds each coefficient once.  The
    coefficients may instead all have shape (R,) + x0's shape: R curves
    through the same point (a Taylor pass along R directions sharing its
    primal), and the coefficients returned have that shape too.
    """
    found = layout(name, x0, y0, series)
    if found is None:
        return None
    cdef Py_ssize_t r = found[0]
    shape = found[1]
    cdef cnp.ndarray x = <cnp.ndarray>x0
    cdef int t = cnp.PyArray_TYPE(x)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x), k, order = len(series), c
    cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(x)
    outs = [np.empty(shape, x.dtype) for _ in range(order)]
    cdef void* xs[DG_SERIES_MAX_ORDER]
    cdef void* ys[DG_SERIES_MAX_ORDER]
    cdef int f = _FUNCTIONS[name]
    cdef void* x_data = cnp.PyArray_DATA(x)
    cdef void* y_data = cnp.PyArray_DATA(<cnp.ndarray>y0)
    for c in range(r):
        for k in range(order):
            xs[k] = NULL if series[k] is None else \
                <char*>cnp.PyArray_DATA(<cnp.ndarray>series[k]) + c * n * item
            ys[k] = <char*>cnp.PyArray_DATA(<cnp.ndarray>outs[k]) + c * n * item
        with nogil:
            if t == cnp.NPY_FLOAT64:
                dg_series_f64(<double*>x_data, <double*>y_data, <double**>xs, <double**>ys,
                              order, n, f)
            else:
                dg_series_f32(<float*>x_data, <float*>y_data, <float**>xs, <float**>ys,
                              order, n, f)
    return outs


def adjoint_of(str name, x0, y0, list series, list cotangents):
    """The reverse of series_of: (x0's cotangent, y0's, [each x_i's]), or None
    where the kernel does not apply.

    ``cotangents`` are those of y_1..y_K (None for zero), plain arrays of the
    coefficients' dtype and shape.  x0's cotangent is None for tanh and exp,
    where x0 enters only through y0; an x_i given as None gets None.  For R
    curves through one point, x0's and y0's cotangents sum over the curves.
    """
    found = layout(name, x0, y0, series)
    if found is None or len(cotangents) != len(series):
        return None
    cdef Py_ssize_t r = found[0]
    shape = found[1]
    cdef cnp.ndarray x = <cnp.ndarray>x0
    cdef int t = cnp.PyArray_TYPE(x)
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x), k, order = len(series), c
    cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(x)
    for g in cotangents:
        if g is not None and not (plain(g, t, n * r) and np.shape(g) == shape):
            return None
    cdef int f = _FUNCTIONS[name]
    with_x_bar = f in (DG_SERIES_SIGMOID, DG_SERIES_SIN, DG_SERIES_COS)
    # one row of x0's and y0's cotangents per curve, summed below
    x_bars = np.empty(shape, x.dtype) if with_x_bar else None
    y_bars = np.empty(shape, x.dtype)
    series_bars = [None if s is None else np.empty(shape, x.dtype) for s in series]
    cdef void* xs[DG_SERIES_MAX_ORDER]
    cdef void* gs[DG_SERIES_MAX_ORDER]
    cdef void* bars[DG_SERIES_MAX_ORDER]
    cdef void* x_data = cnp.PyArray_DATA(x)
    cdef void* y_data = cnp.PyArray_DATA(<cnp.ndarray>y0)
    cdef void* x_bar_data
    cdef void* y_bar_data
    cdef Py_ssize_t offset
    for c in range(r):
        offset = c * n * item
        for k in range(order):
            xs[k] = NULL if series[k] is None else \
                <char*>cnp.PyArray_DATA(<cnp.ndarray>series[k]) + offset
            gs[k] = NULL if cotangents[k] is None else \
                <char*>cnp.PyArray_DATA(<cnp.ndarray>cotangents[k]) + offset
            bars[k] = NULL if series[k] is None else \
                <char*>cnp.PyArray_DATA(<cnp.ndarray>series_bars[k]) + offset
        x_bar_data = NULL if x_bars is None else \
            <char*>cnp.PyArray_DATA(<cnp.ndarray>x_bars) + offset
        y_bar_data = <char*>cnp.PyArray_DATA(<cnp.ndarray>y_bars) + offset
        with nogil:
            if t == cnp.NPY_FLOAT64:
                dg_series_adjoint_f64(<double*>x_data, <double*>y_data, <double**>xs,
                                      <double**>gs, <double*>x_bar_data, <double*>y_bar_data,
                                      <double**>bars, order, n, f)
            else:
                dg_series_adjoint_f32(<float*>x_data, <float*>y_data, <float**>xs,
                                      <float**>gs, <float*>x_bar_data, <float*>y_bar_data,
                                      <float**>bars, order, n, f)
    if shape != np.shape(x0):
        x_bars = None if x_bars is None else x_bars.sum(axis=0)
        y_bars = y_bars.sum(axis=0)
    return x_bars, y_bars, series_bars
