# Declarations of the generated elementwise module, so that other compiled
# modules (the Tensor layer) call its primitives at C level.
cimport numpy as cnp
from ._core cimport Primitive, Tape, Trace, Var, Dual, HyperDual

ctypedef fused real_t:
    float
    double

# Kernel signatures

# NumPy's own (SIMD) inner loop of a unary ufunc, called directly on blocks.
ctypedef void (*ufunc_loop)(char**, cnp.npy_intp*, cnp.npy_intp*, void*) noexcept nogil

ctypedef void (*u_value_d)(double*, double*, Py_ssize_t) noexcept nogil
ctypedef void (*u_value_f)(float*, float*, Py_ssize_t) noexcept nogil
ctypedef void (*u_vjp_d)(double*, double*, double*, double*, Py_ssize_t) noexcept nogil
ctypedef void (*u_vjp_f)(float*, float*, float*, float*, Py_ssize_t) noexcept nogil
ctypedef void (*u_dual_d)(double*, double*, double*, double*, Py_ssize_t, Py_ssize_t,
                          ufunc_loop, void*) noexcept nogil
ctypedef void (*u_dual_f)(float*, float*, float*, float*, Py_ssize_t, Py_ssize_t,
                          ufunc_loop, void*) noexcept nogil
ctypedef void (*u_hyper_d)(double*, double*, double*, double*, double*, double*, double*,
                           double*, Py_ssize_t, Py_ssize_t, ufunc_loop, void*, bint,
                           bint) noexcept nogil
ctypedef void (*u_dual_vjp_d)(double*, double*, double*, double*, double*, double*, double*,
                              Py_ssize_t, Py_ssize_t, bint, bint) noexcept nogil
ctypedef void (*u_dual_vjp_f)(float*, float*, float*, float*, float*, float*, float*,
                              Py_ssize_t, Py_ssize_t, bint, bint) noexcept nogil
ctypedef void (*u_derivs_d)(double*, double*, double*, double*, Py_ssize_t) noexcept nogil
ctypedef void (*u_derivs_f)(float*, float*, float*, float*, Py_ssize_t) noexcept nogil
ctypedef void (*u_hyper_f)(float*, float*, float*, float*, float*, float*, float*,
                           float*, Py_ssize_t, Py_ssize_t, ufunc_loop, void*, bint,
                           bint) noexcept nogil

ctypedef void (*b_value_d)(double*, Py_ssize_t, double*, Py_ssize_t, double*,
                           Py_ssize_t) noexcept nogil
ctypedef void (*b_value_f)(float*, Py_ssize_t, float*, Py_ssize_t, float*,
                           Py_ssize_t) noexcept nogil
ctypedef void (*b_vjp_d)(double*, Py_ssize_t, double*, Py_ssize_t, double*, double*,
                         double*, double*, Py_ssize_t) noexcept nogil
ctypedef void (*b_vjp_f)(float*, Py_ssize_t, float*, Py_ssize_t, float*, float*,
                         float*, float*, Py_ssize_t) noexcept nogil
ctypedef void (*b_dual_d)(double*, Py_ssize_t, double*, double*, Py_ssize_t, double*,
                          double*, double*, Py_ssize_t, Py_ssize_t) noexcept nogil
ctypedef void (*b_dual_f)(float*, Py_ssize_t, float*, float*, Py_ssize_t, float*,
                          float*, float*, Py_ssize_t, Py_ssize_t) noexcept nogil
ctypedef void (*b_hyper_d)(double*, Py_ssize_t, double*, double*, double*,
                           double*, Py_ssize_t, double*, double*, double*,
                           double*, double*, double*, double*,
                           Py_ssize_t, Py_ssize_t, bint, bint) noexcept nogil
ctypedef void (*b_hyper_f)(float*, Py_ssize_t, float*, float*, float*,
                           float*, Py_ssize_t, float*, float*, float*,
                           float*, float*, float*, float*,
                           Py_ssize_t, Py_ssize_t, bint, bint) noexcept nogil



cdef class UnaryPrimitive(Primitive):
    cdef u_value_d value_d
    cdef u_value_f value_f
    cdef u_vjp_d vjp_d
    cdef u_vjp_f vjp_f
    cdef u_dual_d dual_d
    cdef u_dual_f dual_f
    cdef u_hyper_d hyper_d
    cdef u_hyper_f hyper_f
    cdef u_dual_vjp_d dual_vjp_d
    cdef u_dual_vjp_f dual_vjp_f
    cdef u_derivs_d derivs_d
    cdef u_derivs_f derivs_f
    cdef Primitive group          # the HyperGroup recording this primitive's hyper-dual steps
    cdef ufunc_loop loop_d, loop_f    # NumPy's inner loops for f, or NULL
    cdef void* loop_data_d
    cdef void* loop_data_f
    cdef object ufunc
    cdef readonly object entry
    cdef object d1_fn, d2_fn, d1_const, d2_const
    cdef bint save_x, save_y      # what the reverse rule reads: input, output
    cdef bint hyper_reads_x       # f' or f'' reads the input

    cdef void find_loops(self, cnp.ufunc u)
    cdef object apply(self, object x)
    cdef cnp.ndarray value(self, cnp.ndarray x)
    cdef void fill(self, bint double, double* xd, double* yd, float* xf, float* yf,
                   Py_ssize_t n) noexcept nogil
    cdef object apply_var(self, Var x)
    cdef object apply_dual(self, Dual x)
    cdef object apply_hyper(self, HyperDual x)
    cdef object dual_vjp(self, Dual g, Dual x, Dual y)
    cdef object apply_hyper_on_tape(self, HyperDual x)
    cdef object apply_hyper_over_dual(self, HyperDual x)
    cdef tuple derivatives(self, object x, object y)


cdef class BinaryPrimitive(Primitive):
    cdef b_value_d value_d
    cdef b_value_f value_f
    cdef b_vjp_d vjp_d
    cdef b_vjp_f vjp_f
    cdef b_dual_d dual_d
    cdef b_dual_f dual_f
    cdef b_hyper_d hyper_d
    cdef b_hyper_f hyper_f
    cdef object ufunc
    cdef readonly object entry
    cdef object da_fn, db_fn, daa_fn, dab_fn, dbb_fn
    cdef object da_const, db_const, daa_const, dab_const, dbb_const
    # which saved values the reverse rule of each operand reads
    cdef bint da_a, da_b, da_y, db_a, db_b, db_y

    cdef object apply(self, object a, object b)
    cdef object value(self, object a, object b)
    cdef cnp.ndarray fused_value(self, object a, object b, int kind)
    cdef object broadcast_value(self, object a, object b)
    cdef object operand_error(self, object a, object b)
    cdef object apply_var(self, Tape tape, object a, object b)
    cdef tuple generic_vjp(self, g, a, b, y, bint act_a, bint act_b, meta)
    cdef tuple generic_partials(self, g, a, b, y, bint act_a, bint act_b, meta)
    cdef tuple fused_vjp(self, object g, object a, object b, object y, bint act_a, bint act_b)
    cdef object apply_dual(self, Trace trace, object a, object b)
    cdef object apply_hyper(self, Trace trace, object a, object b)


# NumPy's OverflowError for a Python int an operand's dtype cannot hold, as the
# ValueError naming the function that the rows and the Tensor operators raise.
cdef object too_large_int(str what, object error)
