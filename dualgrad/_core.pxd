# The engine's types: traces, boxes, the tape and the primitive protocol.
# Declared here so that the generated elementwise module can cimport them and
# take its fast paths without going through Python attribute lookups.

cdef class Trace:
    cdef readonly long long level
    cdef object process(self, Primitive prim, tuple args, dict params)


cdef class ForwardTrace(Trace):
    pass


cdef class HyperTrace(Trace):
    pass


cdef class BatchTrace(Trace):
    pass


cdef class TaylorTrace(Trace):
    pass


cdef class Node:
    cdef Primitive prim
    cdef tuple parents        # a Node (traced argument) or None (constant) per argument
    cdef tuple args           # the arguments one level down (raw or boxes of outer traces)
    cdef object out           # the output one level down
    cdef dict params
    cdef object meta          # what a rule keeps instead of a full argument (shapes, dtypes)
    cdef object grad          # accumulated cotangent during backward
    cdef bint grad_owned      # True when `grad` may be updated in place
    cdef bint tangent_only    # a leaf whose cotangent's Dual tangent alone is read
    cdef Py_ssize_t index


cdef class Tape(Trace):
    cdef list nodes
    cdef Node record(self, Primitive prim, tuple parents, tuple args, object out, dict params)
    cdef Var new_var(self, object value, Node node)
    cpdef list record_outputs(self, Primitive prim, tuple parents, tuple args, object saved,
                              tuple outs, object meta, dict params=*)


cdef class Box:
    cdef readonly Trace trace
    cdef readonly long long level


cdef class Var(Box):
    cdef readonly object value
    cdef Node node


cdef class Dual(Box):
    cdef readonly object primal
    cdef readonly object tangent
    cdef readonly int nb          # 1 when the tangent has a leading axis of K directions


cdef class HyperDual(Box):
    cdef readonly object real
    cdef readonly object e1
    cdef readonly object e2
    cdef readonly object e12
    cdef readonly int nb          # 1 when e1/e2 (and e12 unless collapsed) carry K directions
    cdef readonly bint collapsed  # e12 holds the sum over the K directions


cdef class Taylor(Box):
    cdef readonly object primal
    cdef readonly tuple series    # normalized coefficients c1..cK (None: zero)


cdef class Batched(Box):
    cdef readonly object value    # the values of every example, the mapped axis first


cdef class Primitive:
    cdef readonly str name
    cdef public bint multiple     # impl returns a tuple of outputs (set by impl at the latest)
    cpdef object bind(self, tuple args, dict params)
    cdef object vjp_node(self, Node node, object g)


cdef Dual new_dual(object primal, object tangent, Trace trace, int nb)
cdef HyperDual new_hyper(object real, object e1, object e2, object e12, Trace trace,
                         int nb, bint collapsed)
cdef Box top_box(tuple args)
cdef void raise_uninitialised(Box box) except *
cdef bint is_fast_array(object x)
cpdef object add_cotangents(object a, object b, bint a_owned)
