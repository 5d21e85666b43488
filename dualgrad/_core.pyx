"""The engine: traces with levels, boxes, the reverse-mode tape, the primitive protocol.

Every transform opens a trace with a fresh *level* from one counter.  A value
under a transform is a box carrying that trace: ``Var`` (reverse mode, a node
on a ``Tape``), ``Dual`` (forward mode), ``HyperDual`` (exact second order) or
``Taylor`` (a truncated Taylor series along one direction, for higher orders).
A box of a later trace may hold a box of an earlier one, never the reverse.

A primitive applied to its arguments finds the box with the highest level,
lets that box's trace unbox every argument belonging to it, applies itself to
the unboxed values (which may still be boxes of earlier traces: the recursion
ends at plain arrays) and boxes the result again.  Because each trace only
unboxes its own values, a value from an enclosing transform is a constant to an
inner one, which is what rules out perturbation confusion.

Reverse mode records one ``Node`` per primitive application on the tape, in
creation order; backward walks that list once from the output's node down,
without recursion, and releases it.
"""
cimport cython
cimport numpy as cnp
from cpython.object cimport PyObject

import numpy as np

cnp.import_array()

# ---------------------------------------------------------------------------
# Levels and traces

cdef long long _last_level = 0
# Dual and HyperDual numbers that users build by hand share one trace per type,
# so that f(Dual(x, 1), Dual(y, 0)) seeds a single perturbation.  Their level
# lies above every transform's, since they are created inside the functions
# those transforms call.
cdef long long USER_LEVEL = (<long long>1) << 60

# The value of ``active[j]`` in a vjp rule for an argument whose cotangent
# only matters for its Dual tangent (see Tape.backward's tangent_only).
cdef int _TANGENT_ONLY = 2
TANGENT_ONLY = _TANGENT_ONLY


cdef long long next_level():
    # Under the GIL this increment is atomic, so concurrent transforms in
    # several threads still get distinct levels.
    global _last_level
    _last_level += 1
    return _last_level


@cython.auto_pickle(False)
cdef class Trace:
    """A transform in progress; its level orders it among nested transforms."""

    def __init__(self, level=None):
        self.level = next_level() if level is None else level

    cdef object process(self, Primitive prim, tuple args, dict params):
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__} level={self.level}>"


cdef class ForwardTrace(Trace):
    """Forward mode with Dual values: a primitive's jvp rule runs beside it."""

    cdef object process(self, Primitive prim, tuple args, dict params):
        cdef Py_ssize_t n = len(args), i
        cdef list primals = [None] * n
        cdef list tangents = [None] * n
        cdef int nb = 0
        cdef object batch = None
        for i in range(n):
            a = args[i]
            if isinstance(a, Dual) and (<Dual>a).trace is self:
                primals[i] = (<Dual>a).primal
                tangents[i] = (<Dual>a).tangent
                if (<Dual>a).nb:
                    nb = 1
                    batch = same_batch(batch, shape_of((<Dual>a).tangent)[0], prim.name)
            else:
                primals[i] = a
        p = tuple(primals)
        out = prim.bind(p, params)
        t = prim.jvp(p, tuple(tangents), out, nb, params)
        if prim.multiple:
            return tuple([new_dual(o, zeros_for(o, batch if nb else None)
                                   if t is None or t[i] is None else t[i], self, nb)
                          for i, o in enumerate(out)])
        if t is None:
            t = zeros_for(out, batch if nb else None)
        return new_dual(out, t, self, nb)


cdef class HyperTrace(Trace):
    """Exact second order with HyperDual values (e1² = e2² = 0, e1·e2 ≠ 0)."""

    cdef object process(self, Primitive prim, tuple args, dict params):
        cdef Py_ssize_t n = len(args), i
        cdef list reals = [None] * n, e1s = [None] * n, e2s = [None] * n, e12s = [None] * n
        cdef int nb = 0
        cdef int collapsed = -1
        cdef HyperDual h
        cdef object batch = None
        for i in range(n):
            a = args[i]
            if isinstance(a, HyperDual) and (<HyperDual>a).trace is self:
                h = <HyperDual>a
                reals[i] = h.real
                e1s[i] = h.e1
                e2s[i] = h.e2
                e12s[i] = h.e12
                if h.nb:
                    nb = 1
                    batch = same_batch(batch, shape_of(h.e1)[0], prim.name)
                if collapsed == -1:
                    collapsed = h.collapsed
                elif collapsed != h.collapsed:
                    raise ValueError(
                        f"{prim.name}: cannot combine a collapsed HyperDual with one "
                        "that keeps a second-order part per direction")
            else:
                reals[i] = a
        r = tuple(reals)
        out = prim.bind(r, params)
        e1, e2, e12 = prim.hyper(r, tuple(e1s), tuple(e2s), tuple(e12s), out, nb,
                                 collapsed == 1, params)
        b = batch if nb else None
        if prim.multiple:
            return tuple([new_hyper(o, part(e1, i, o, b), part(e2, i, o, b),
                                    part(e12, i, o, None if collapsed == 1 else b), self, nb,
                                    collapsed == 1)
                          for i, o in enumerate(out)])
        if e1 is None:
            e1 = zeros_for(out, b)
        if e2 is None:
            e2 = zeros_for(out, b)
        if e12 is None:
            e12 = zeros_for(out, None if collapsed == 1 else b)
        return new_hyper(out, e1, e2, e12, self, nb, collapsed == 1)


cdef object part(object parts, Py_ssize_t i, object out, object batch):
    """Output i's entry of a multiple primitive's tuple of tangents (None: zero)."""
    if parts is None or parts[i] is None:
        return zeros_for(out, batch)
    return parts[i]


cdef object same_batch(object batch, object k, str name):
    """The number of directions shared by the operands of one primitive."""
    if batch is not None and batch != k:
        raise ValueError(f"{name}: operands carry different numbers of directions "
                         f"({batch} and {k})")
    return k


cdef class BatchTrace(Trace):
    """A vectorizing map (vmap): its ``Batched`` values carry one example per
    index of their leading axis.  The batching rules live in Python
    (dualgrad/_vmap.py), in the subclass's ``process_batched``."""

    cdef object process(self, Primitive prim, tuple args, dict params):
        return self.process_batched(prim, args, params)

    def process_batched(self, prim, args, params):
        raise NotImplementedError


cdef class TaylorTrace(Trace):
    """Univariate Taylor mode: its ``Taylor`` values carry the normalized
    coefficients x_j = x^(j)(0)/j! of a curve x(t) up to some order.  The rules
    live in Python (dualgrad/_taylor.py), in the subclass's ``process_taylor``."""

    cdef object process(self, Primitive prim, tuple args, dict params):
        return self.process_taylor(prim, args, params)

    def process_taylor(self, prim, args, params):
        raise NotImplementedError


_USER_FORWARD = ForwardTrace(USER_LEVEL)
_USER_HYPER = HyperTrace(USER_LEVEL + 1)


# ---------------------------------------------------------------------------
# The tape

@cython.final
@cython.freelist(256)
@cython.no_gc
cdef class Node:
    """One primitive application recorded on a tape (leaves have no primitive)."""

    def __repr__(self):
        name = "leaf" if self.prim is None else self.prim.name
        return f"<Node {self.index}: {name}>"


@cython.final
cdef class Tape(Trace):
    """Reverse mode: records primitive applications in creation order."""

    def __init__(self, level=None):
        Trace.__init__(self, level)
        self.nodes = []

    cdef Node record(self, Primitive prim, tuple parents, tuple args, object out, dict params):
        cdef Node node = Node.__new__(Node)
        node.prim = prim
        node.parents = parents
        node.args = args
        node.out = out
        node.params = params
        node.index = len(self.nodes)
        self.nodes.append(node)
        return node

    cdef Var new_var(self, object value, Node node):
        cdef Var v = Var.__new__(Var)
        v.value = value
        v.node = node
        v.trace = self
        v.level = self.level
        return v

    cdef object process(self, Primitive prim, tuple args, dict params):
        if self.nodes is None:
            raise RuntimeError(
                f"{prim.name}: this value was traced by a transform that has already "
                "returned (a box escaped the function being differentiated)")
        cdef Py_ssize_t n = len(args), i
        cdef list values = [None] * n
        cdef list parents = [None] * n
        for i in range(n):
            a = args[i]
            if type(a) is Var and (<Var>a).trace is self:
                values[i] = (<Var>a).value
                parents[i] = (<Var>a).node
            else:
                values[i] = a
        v = tuple(values)
        out = prim.bind(v, params)
        if prim.multiple:
            return tuple(self.record_outputs(prim, tuple(parents), v, out, out, None, params))
        return self.new_var(out, self.record(prim, tuple(parents), v, out, params))

    cpdef list record_outputs(self, Primitive prim, tuple parents, tuple args, object saved,
                              tuple outs, object meta, dict params=None):
        """Record a primitive with several outputs; returns one Var per output.

        The primitive's node keeps ``saved`` as its output; each output gets a
        projection node, whose cotangent lands in its slot of the primitive
        node's tuple of cotangents.  Outputs given as None get no Var.
        """
        cdef Node group = self.record(prim, parents, args, saved, params)
        group.meta = meta
        cdef int count = len(outs), i
        result = []
        for i in range(count):
            if outs[i] is None:
                result.append(None)
            else:
                result.append(self.new_var(outs[i], self.record(
                    projection(i, count), (group,), (), None, None)))
        return result

    def leaf(self, value):
        """Box ``value`` as an input of this tape."""
        if self.nodes is None:
            raise RuntimeError("this tape has already been released by backward()")
        return self.new_var(value, self.record(None, (), (), None, None))

    def __len__(self):
        return 0 if self.nodes is None else len(self.nodes)

    def operations(self):
        """The names of the recorded primitives, in order (for inspection and tests)."""
        return [] if self.nodes is None else [
            "input" if (<Node>n).prim is None else (<Node>n).prim.name for n in self.nodes]

    def release(self):
        """Drop every recorded node (and the values they keep alive)."""
        self.nodes = None

    def backward(self, Var out, object cotangent, list leaves, bint release=True,
                 bint tangent_only=False):
        """Cotangents of ``leaves`` given ``cotangent`` on ``out``.

        With ``release`` (the default) the tape is dropped afterwards; without
        it, backward may run again from another cotangent.  ``tangent_only``
        (forward over reverse, when only the tangents of the leaves' Dual
        cotangents are read) lets rules skip the primal part of what they send
        to a leaf; that primal is then not the gradient and must not be read.

        Walks the nodes once, from ``out``'s node down to the first leaf, in
        reverse creation order (a valid reverse topological order).  A node
        whose cotangent stays None contributes nothing and is skipped; a
        cotangent is dropped as soon as its node has passed it on.
        """
        cdef Node node, parent
        cdef Py_ssize_t i, j, nparents
        cdef tuple cts, parents
        cdef list nodes = self.nodes
        if nodes is None:
            raise RuntimeError("this tape has already been released by backward()")
        if out.trace is not self:
            raise ValueError("backward: the output does not belong to this tape")
        out.node.grad = cotangent
        out.node.grad_owned = False
        for leaf in leaves:
            (<Var>leaf).node.tangent_only = tangent_only
        for i in range(out.node.index, -1, -1):
            node = <Node>nodes[i]
            if node.grad is None or node.prim is None:
                continue
            g = node.grad
            node.grad = None
            cts = node.prim.vjp_node(node, g)
            parents = node.parents
            nparents = len(parents)
            for j in range(nparents):
                if parents[j] is None:
                    continue
                ct = cts[j]
                if ct is None:
                    continue
                parent = <Node>parents[j]
                if parent.grad is None:
                    parent.grad = ct
                    parent.grad_owned = False
                else:
                    parent.grad = add_cotangents(parent.grad, ct, parent.grad_owned)
                    parent.grad_owned = True
        result = []
        for leaf in leaves:
            node = (<Var>leaf).node
            result.append(node.grad)
            node.grad = None
            node.tangent_only = False
        if release:
            self.nodes = None
        return result


@cython.final
cdef class Projection(Primitive):
    """Output ``index`` of a node with ``count`` outputs (see Tape.record_outputs)."""
    cdef int index, count

    def __init__(self, int index, int count):
        Primitive.__init__(self, f"output{index}")
        self.index = index
        self.count = count

    cdef object vjp_node(self, Node node, object g):
        parts = [None] * self.count
        parts[self.index] = g
        return (tuple(parts),)


cdef dict _projections = {}


cdef Projection projection(int index, int count):
    key = (index, count)
    p = _projections.get(key)
    if p is None:
        p = _projections[key] = Projection(index, count)
    return <Projection>p


cpdef object add_cotangents(object a, object b, bint a_owned):
    """a + b for accumulating cotangents, in place into ``a`` when it is ours.

    Tuples are the cotangents of a node with several outputs: they add slot
    by slot, None standing for zero.
    """
    cdef cnp.npy_intp n, k
    cdef double* pa
    cdef double* pb
    cdef float* fa
    cdef float* fb
    if type(a) is tuple:
        return tuple([y if x is None else (x if y is None else add_cotangents(x, y, False))
                      for x, y in zip(<tuple>a, <tuple>b)])
    if (is_fast_array(a) and is_fast_array(b)
            and cnp.PyArray_TYPE(<cnp.ndarray>a) == cnp.PyArray_TYPE(<cnp.ndarray>b)
            and same_shape(<cnp.ndarray>a, <cnp.ndarray>b)):
        if not a_owned or not cnp.PyArray_ISWRITEABLE(<cnp.ndarray>a):
            a = cnp.PyArray_NewCopy(<cnp.ndarray>a, cnp.NPY_CORDER)
        n = cnp.PyArray_SIZE(<cnp.ndarray>a)
        if cnp.PyArray_TYPE(<cnp.ndarray>a) == cnp.NPY_FLOAT64:
            pa = <double*>cnp.PyArray_DATA(<cnp.ndarray>a)
            pb = <double*>cnp.PyArray_DATA(<cnp.ndarray>b)
            for k in range(n):
                pa[k] += pb[k]
        else:
            fa = <float*>cnp.PyArray_DATA(<cnp.ndarray>a)
            fb = <float*>cnp.PyArray_DATA(<cnp.ndarray>b)
            for k in range(n):
                fa[k] += fb[k]
        return a
    return _operators["add"](a, b)


# ---------------------------------------------------------------------------
# Boxes

# Operator methods of boxes dispatch to primitives defined in other modules;
# the package installs them here at import time.
cdef dict _operators = {}
OPERATORS = _operators   # the same table, visible to the other modules


def install_operators(dict table):
    _operators.update(table)


cdef class Box:
    """Base of every traced value; arithmetic dispatches to primitives."""

    __array_ufunc__ = None      # make NumPy defer to our reflected operators
    __array_priority__ = 1000

    @property
    def shape(self):
        return shape_of(self)

    @property
    def dtype(self):
        return primal_value(self).dtype

    @property
    def ndim(self):
        return len(shape_of(self))

    @property
    def size(self):
        return int(np.prod(shape_of(self)))

    @property
    def T(self):
        return _operators["transpose"](self)

    def __len__(self):
        s = shape_of(self)
        if not s:
            raise TypeError("len() of a 0-d value")
        return s[0]

    # With a Tensor on the other side, Tensor's reflected operator answers, so
    # that Dual * Tensor and Tensor * Dual are the same Tensor.
    def __add__(self, other):
        return NotImplemented if defers_to(other) else _operators["add"](self, other)
    def __radd__(self, other): return _operators["add"](other, self)
    def __sub__(self, other):
        return NotImplemented if defers_to(other) else _operators["sub"](self, other)
    def __rsub__(self, other): return _operators["sub"](other, self)
    def __mul__(self, other):
        return NotImplemented if defers_to(other) else _operators["mul"](self, other)
    def __rmul__(self, other): return _operators["mul"](other, self)
    def __truediv__(self, other):
        return NotImplemented if defers_to(other) else _operators["div"](self, other)
    def __rtruediv__(self, other): return _operators["div"](other, self)
    def __pow__(self, other, mod):
        return NotImplemented if defers_to(other) else _operators["pow"](self, other)
    def __rpow__(self, other, mod): return _operators["pow"](other, self)
    def __matmul__(self, other):
        return NotImplemented if defers_to(other) else _operators["matmul"](self, other)
    def __rmatmul__(self, other): return _operators["matmul"](other, self)
    def __floordiv__(self, other):
        return NotImplemented if defers_to(other) else _operators["floordiv"](self, other)
    def __rfloordiv__(self, other): return _operators["floordiv"](other, self)
    def __mod__(self, other):
        return NotImplemented if defers_to(other) else _operators["mod"](self, other)
    def __rmod__(self, other): return _operators["mod"](other, self)
    def __neg__(self): return _operators["neg"](self)
    def __pos__(self): return self
    def __abs__(self): return _operators["abs"](self)
    def __getitem__(self, index): return _operators["getitem"](self, index)

    # Comparisons are not differentiable: they compare the primal values
    # (under vmap, Batched values of booleans: see strip).
    def __lt__(self, other): return strip(self) < strip(other)
    def __le__(self, other): return strip(self) <= strip(other)
    def __gt__(self, other): return strip(self) > strip(other)
    def __ge__(self, other): return strip(self) >= strip(other)
    def __eq__(self, other): return strip(self) == strip(other)
    def __ne__(self, other): return strip(self) != strip(other)
    __hash__ = None

    def __bool__(self):
        return bool(strip(self))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            f"a {type(self).__name__} that carries derivatives cannot become a NumPy array "
            "(that would drop them); use stop_gradient() or its primal value")

    def __float__(self):
        raise TypeError(f"a {type(self).__name__} that carries derivatives cannot become a "
                        "Python float (that would drop them); use stop_gradient() first")

    def sum(self, axis=None, keepdims=False):
        return _operators["sum"](self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        return _operators["mean"](self, axis=axis, keepdims=keepdims)

    def max(self, axis=None, keepdims=False):
        return _operators["max"](self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return _operators["min"](self, axis=axis, keepdims=keepdims)

    def reshape(self, *shape):
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = tuple(shape[0])
        return _operators["reshape"](self, shape)

    def transpose(self, *axes):
        if len(axes) == 1 and not isinstance(axes[0], int):
            axes = tuple(axes[0])
        return _operators["transpose"](self, axes or None)


@cython.final
@cython.no_gc
cdef class Var(Box):
    """A value recorded on a reverse-mode tape."""

    def __repr__(self):
        return f"Var(level={self.level}, value={self.value!r})"


@cython.no_gc
cdef class Dual(Box):
    """A dual number ``primal + tangent·ε`` with ``ε² = 0``, over arrays.

    ``Dual(x, v)`` carries the directional derivative along ``v`` through every
    ``dualgrad.ops`` function; with ``batched=True`` the tangent has a leading
    axis of K directions and one pass gives all K derivatives.

    >>> import numpy as np, dualgrad
    >>> d = dualgrad.ops.sin(dualgrad.Dual(np.array([0.0, 1.0]), 1.0))
    >>> np.allclose(d.tangent, np.cos([0.0, 1.0]))
    True

    Duals built by hand share one perturbation: ``f(Dual(x, 1), Dual(y, 0))``
    is the derivative along x.  Transforms (``jvp``, ``hvp``...) use their own.
    """

    def __cinit__(self):
        # A Dual made without __init__ (Dual.__new__) still has a trace.
        self.trace = _USER_FORWARD
        self.level = USER_LEVEL

    def __init__(self, primal, tangent, *, batched=False):
        primal = as_primal(primal, "primal")
        self.primal = primal
        self.tangent = as_tangent(tangent, primal, batched, "tangent")
        self.nb = 1 if batched else 0
        self.trace = _USER_FORWARD
        self.level = USER_LEVEL

    def __repr__(self):
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    def __reduce__(self):
        # A copy of a hand-made Dual is the same perturbation (the user trace);
        # a value inside a running transform cannot outlive it.
        check_copyable(self)
        return (rebuild_dual, (self.primal, self.tangent, self.nb))


@cython.no_gc
cdef class HyperDual(Box):
    """A hyper-dual number ``real + e1·ε1 + e2·ε2 + e12·ε1ε2``, ``ε1² = ε2² = 0``.

    ``f(HyperDual(x, u, v, 0)).e12`` is the exact second directional derivative
    ``uᵀ ∇²f(x) v``, with no tape and no subtractive cancellation:

    >>> import numpy as np, dualgrad
    >>> h = dualgrad.ops.sin(dualgrad.HyperDual(np.array([0.5]), 1.0, 1.0, 0.0))
    >>> np.allclose(h.e12, -np.sin(0.5))
    True

    ``batched=True``: e1, e2 and e12 carry a leading axis of K direction pairs.
    ``collapsed=True`` (with batched): e12 has no direction axis and holds the
    sum over the K pairs, so that seeding the basis in e1 = e2 gives the
    Laplacian of f in e12 in one pass.
    """

    def __cinit__(self):
        self.trace = _USER_HYPER
        self.level = USER_LEVEL + 1

    def __init__(self, real, e1, e2, e12, *, batched=False, collapsed=False):
        if collapsed and not batched:
            raise ValueError("HyperDual: collapsed=True needs batched=True "
                             "(it sums e12 over the batch of directions)")
        shared = e2 is e1
        real = as_primal(real, "real")
        self.real = real
        self.e1 = as_tangent(e1, real, batched, "e1")
        directions = shape_of(self.e1)[0] if batched else -1
        self.e2 = self.e1 if shared else as_tangent(e2, real, batched, "e2", directions)
        self.e12 = as_tangent(e12, real, batched and not collapsed, "e12", directions)
        if batched and not shared and shape_of(self.e1)[0] != shape_of(self.e2)[0]:
            raise ValueError(f"HyperDual: e1 and e2 must carry the same number of directions, "
                             f"got {shape_of(self.e1)[0]} and {shape_of(self.e2)[0]}")
        if batched and not collapsed and shape_of(self.e12)[0] != shape_of(self.e1)[0]:
            raise ValueError(f"HyperDual: e12 must carry {shape_of(self.e1)[0]} directions "
                             f"like e1, got {shape_of(self.e12)[0]}")
        self.nb = 1 if batched else 0
        self.collapsed = collapsed
        self.trace = _USER_HYPER
        self.level = USER_LEVEL + 1

    def __repr__(self):
        return (f"HyperDual(real={self.real!r}, e1={self.e1!r}, e2={self.e2!r}, "
                f"e12={self.e12!r})")

    def __reduce__(self):
        check_copyable(self)
        shared = self.e2 is self.e1
        return (rebuild_hyper, (self.real, self.e1, None if shared else self.e2, self.e12,
                                self.nb, self.collapsed))


@cython.final
@cython.no_gc
cdef class Taylor(Box):
    """A truncated Taylor series ``primal + c1·t + c2·t² + ... + cK·t^K`` over arrays.

    ``series`` holds c1..cK, the normalized coefficients x^(j)/j! of a curve
    through ``primal`` (None for a coefficient that is zero).  Made by the
    transforms of Taylor mode (``ops.jet``, ``ops.derivative`` and
    ``partial`` of order 3 and up), never by hand.
    """

    def __repr__(self):
        return f"Taylor(level={self.level}, primal={self.primal!r}, series={self.series!r})"

    def __reduce__(self):
        check_copyable(self)


@cython.final
@cython.no_gc
cdef class Batched(Box):
    """A value under vmap: ``value`` holds every example, the mapped axis first.

    Its shape (``shape_of``) is one example's; the primitives applied to it run
    once on ``value`` through the batching rules of its trace.  Comparisons
    and logical operators give Batched booleans, which ``where`` accepts.
    """

    def __repr__(self):
        return f"Batched(level={self.level}, value={self.value!r})"

    def __lt__(self, other): return _operators["batched_logic"]("less", self, other)
    def __le__(self, other): return _operators["batched_logic"]("less_equal", self, other)
    def __gt__(self, other): return _operators["batched_logic"]("greater", self, other)
    def __ge__(self, other): return _operators["batched_logic"]("greater_equal", self, other)
    def __eq__(self, other): return _operators["batched_logic"]("equal", self, other)
    def __ne__(self, other): return _operators["batched_logic"]("not_equal", self, other)
    def __and__(self, other): return _operators["batched_logic"]("logical_and", self, other)
    def __rand__(self, other): return _operators["batched_logic"]("logical_and", other, self)
    def __or__(self, other): return _operators["batched_logic"]("logical_or", self, other)
    def __ror__(self, other): return _operators["batched_logic"]("logical_or", other, self)
    def __xor__(self, other): return _operators["batched_logic"]("logical_xor", self, other)
    def __rxor__(self, other): return _operators["batched_logic"]("logical_xor", other, self)
    def __invert__(self): return _operators["batched_logic"]("logical_not", self, None)
    __hash__ = None

    def __bool__(self):
        raise TypeError(
            "vmap: the truth value of a mapped value differs from one example to the next; "
            "Python control flow (if, while, and/or) cannot depend on it inside vmap: "
            "use ops.where instead")


def make_batched(value, Trace trace):
    """Box ``value`` (mapped axis first) under the vmap ``trace`` (no checks)."""
    cdef Batched b = Batched.__new__(Batched)
    b.value = value
    b.trace = trace
    b.level = trace.level
    return b


cpdef object strip(object x):
    """``x`` without its derivative boxes, keeping the Batched boxes of vmap.

    Outside vmap, the same as ``primal_value``; under it, the values of every
    example, still boxed so that each vmap knows its axis.
    """
    cdef Batched b
    while isinstance(x, Box):
        if type(x) is Batched:
            b = <Batched>x
            return make_batched(strip(b.value), b.trace)
        x = inner(x)
    return x


cdef void check_copyable(Box box) except *:
    if box.trace is not _USER_FORWARD and box.trace is not _USER_HYPER:
        raise TypeError(f"a {type(box).__name__} of a running transform cannot be copied or "
                        "pickled; copy its primal values instead")


def rebuild_dual(primal, tangent, nb):
    return Dual(primal, tangent, batched=bool(nb))


def rebuild_hyper(real, e1, e2, e12, nb, collapsed):
    return HyperDual(real, e1, e1 if e2 is None else e2, e12, batched=bool(nb),
                     collapsed=bool(collapsed))


cdef Dual new_dual(object primal, object tangent, Trace trace, int nb):
    cdef Dual d = Dual.__new__(Dual)
    d.primal = primal
    d.tangent = tangent
    d.trace = trace
    d.level = trace.level
    d.nb = nb
    return d


cdef HyperDual new_hyper(object real, object e1, object e2, object e12, Trace trace,
                         int nb, bint collapsed):
    cdef HyperDual h = HyperDual.__new__(HyperDual)
    h.real = real
    h.e1 = e1
    h.e2 = e2
    h.e12 = e12
    h.trace = trace
    h.level = trace.level
    h.nb = nb
    h.collapsed = collapsed
    return h


def make_taylor(primal, tuple series, Trace trace):
    """Box ``primal`` with its Taylor coefficients under ``trace`` (no checks)."""
    cdef Taylor x = Taylor.__new__(Taylor)
    x.primal = primal
    x.series = series
    x.trace = trace
    x.level = trace.level
    return x


def make_dual(primal, tangent, Trace trace, int nb=0):
    """Box ``primal`` with ``tangent`` under ``trace`` (for transforms; no checks)."""
    return new_dual(primal, tangent, trace, nb)


def make_hyper(real, e1, e2, e12, Trace trace, int nb=0, bint collapsed=False):
    """Box ``real`` with its three parts under ``trace`` (for transforms; no checks)."""
    return new_hyper(real, e1, e2, e12, trace, nb, collapsed)


# ---------------------------------------------------------------------------
# Inspecting values

cdef inline object inner(object x):
    if type(x) is Var:
        return (<Var>x).value
    if isinstance(x, Dual):
        return (<Dual>x).primal
    if type(x) is Batched:
        return (<Batched>x).value
    if type(x) is Taylor:
        return (<Taylor>x).primal
    return (<HyperDual>x).real


cpdef object primal_value(object x):
    """The plain value under every box (what stop_gradient returns)."""
    while isinstance(x, Box):
        x = inner(x)
    return x


cpdef tuple shape_of(object x):
    """The shape of one example: the mapped axes of vmap (one per Batched box
    on the way down, in front of the value) are not part of it."""
    cdef Py_ssize_t mapped = 0
    while isinstance(x, Box):
        if type(x) is Batched:
            mapped += 1
        x = inner(x)
    shape = (<object>x).shape if isinstance(x, cnp.ndarray) else np.shape(x)
    return shape[mapped:] if mapped else shape


def unbox(object x, Trace trace):
    """Split ``x`` into its parts under ``trace``; a value not boxed by it is constant.

    Returns (value, None) for a constant, (primal, tangent) for a Dual,
    (real, (e1, e2, e12)) for a HyperDual, (primal, series) for a Taylor and
    (value, node) for a Var.
    """
    if isinstance(x, Box) and (<Box>x).trace is trace:
        if type(x) is Var:
            return (<Var>x).value, (<Var>x).node
        if isinstance(x, Dual):
            return (<Dual>x).primal, (<Dual>x).tangent
        if type(x) is Batched:
            return (<Batched>x).value, True
        if type(x) is Taylor:
            return (<Taylor>x).primal, (<Taylor>x).series
        return (<HyperDual>x).real, ((<HyperDual>x).e1, (<HyperDual>x).e2, (<HyperDual>x).e12)
    if isinstance(x, Box) and (<Box>x).level > trace.level:
        check_not_wrapped(x, trace)
    return x, None


def check_not_wrapped(object x, Trace trace):
    """Refuse a box of a newer trace that holds ``trace``'s boxes inside.

    That is a hand-made Dual or HyperDual (the newest level of all) captured
    by the function a transform runs: the transform's derivatives sit inside
    the user's box, where reading ``x`` as a constant would drop them.
    """
    if _holds(x, trace):
        raise ValueError(
            "fn's output mixes a hand-made Dual or HyperDual made outside the "
            "transform with the values the transform differentiates, which cannot be "
            "separated: express that perturbation with a transform too (a jvp "
            "around this one)")


cdef bint _holds(object x, Trace trace):
    """Whether any part of box ``x``, at any depth, is a box of ``trace``."""
    cdef HyperDual h
    if not isinstance(x, Box):
        return False
    if (<Box>x).trace is trace:
        return True
    if type(x) is Var:
        return _holds((<Var>x).value, trace)
    if type(x) is Batched:
        return _holds((<Batched>x).value, trace)
    if type(x) is Taylor:
        return _holds((<Taylor>x).primal, trace) or any(
            [_holds(c, trace) for c in (<Taylor>x).series])
    if isinstance(x, Dual):
        return _holds((<Dual>x).primal, trace) or _holds((<Dual>x).tangent, trace)
    if isinstance(x, HyperDual):
        h = <HyperDual>x
        return (_holds(h.real, trace) or _holds(h.e1, trace) or _holds(h.e2, trace)
                or _holds(h.e12, trace))
    return False


cdef inline bint defers_to(object other):
    """True for an operand that wraps engine values (a Tensor), whose own
    reflected operator should answer."""
    if type(other) is float or type(other) is int or cnp.PyArray_CheckExact(other) \
            or isinstance(other, Box):
        return False
    return hasattr(other, "__dualgrad_value__")


cdef Box top_box(tuple args):
    cdef Box top = None
    for a in args:
        if isinstance(a, Box) and (top is None or (<Box>a).level > top.level):
            top = <Box>a
    if top is not None and top.trace is None:
        raise_uninitialised(top)
    return top


cdef void raise_uninitialised(Box box) except *:
    raise TypeError(f"a {type(box).__name__} made without its constructor has no trace; "
                    "boxes are made by transforms (or Dual(...)/HyperDual(...))")


cdef bint is_fast_array(object x):
    """A C-contiguous, aligned, native-order float32/float64 ndarray (not a subclass)."""
    if not cnp.PyArray_CheckExact(x):
        return False
    cdef cnp.ndarray a = <cnp.ndarray>x
    cdef int t = cnp.PyArray_TYPE(a)
    return ((t == cnp.NPY_FLOAT64 or t == cnp.NPY_FLOAT32)
            and cnp.PyArray_IS_C_CONTIGUOUS(a) and cnp.PyArray_ISALIGNED(a)
            and cnp.PyArray_ISNOTSWAPPED(a))


cdef inline bint same_shape(cnp.ndarray a, cnp.ndarray b):
    cdef int nd = cnp.PyArray_NDIM(a), i
    if nd != cnp.PyArray_NDIM(b):
        return False
    cdef cnp.npy_intp* da = cnp.PyArray_DIMS(a)
    cdef cnp.npy_intp* db = cnp.PyArray_DIMS(b)
    for i in range(nd):
        if da[i] != db[i]:
            return False
    return True


def zeros_for(out, batch=None):
    """A zero tangent for ``out`` (with a leading axis of ``batch`` directions)."""
    value = primal_value(out)
    shape = shape_of(out)
    dtype = np.result_type(value)
    if dtype.kind != "f":
        dtype = np.dtype(np.float64)
    if batch is not None:
        shape = (batch,) + tuple(shape)
    return np.zeros(shape, dtype)


cdef object as_primal(object x, str what):
    if isinstance(x, Box):
        return x
    if hasattr(x, "__dualgrad_value__"):
        x = x.__dualgrad_value__()
        if isinstance(x, Box):
            return x
    arr = np.asarray(x)
    if arr.dtype.kind == "f" and arr.dtype.itemsize in (2, 4, 8):
        if arr.dtype != np.float16 and arr.dtype.isnative:
            return arr
        return arr.astype(np.float32 if arr.dtype.itemsize == 2 else arr.dtype.newbyteorder("="))
    if arr.dtype.kind in "biu" and not isinstance(x, np.ndarray):
        return arr.astype(np.float64)
    raise TypeError(f"{what}: expected a floating-point array (float32 or float64), "
                    f"got dtype {arr.dtype}")


cdef object as_tangent(object t, object primal, bint batched, str what,
                       Py_ssize_t directions=-1):
    """t as a tangent of ``primal``: its shape, or with ``batched`` (K,) + its
    shape, K = ``directions`` when given; a plain array may broadcast to it
    within each direction, but its leading axis is always the directions'."""
    shape = shape_of(primal)
    dtype = primal_value(primal).dtype
    if isinstance(t, Box):
        tshape = shape_of(t)
        want = tshape[1:] if batched else tshape
        if tuple(want) != tuple(shape) or (batched and len(tshape) == 0):
            raise ValueError(f"{what}: expected shape {'(K,) + ' if batched else ''}{shape}, "
                             f"got {tshape}")
        return t
    if hasattr(t, "__dualgrad_value__"):
        t = t.__dualgrad_value__()
    arr = np.asarray(t)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{what}: expected a real array, got dtype {arr.dtype}")
    if batched:
        if arr.ndim == 0:
            raise ValueError(f"{what}: batched=True needs a leading axis of directions, "
                             f"expected shape (K,) + {shape}, got a scalar")
        # Broadcasting a shorter array would take one of the primal's axes for
        # the directions (and allocate K times too much, silently).
        if arr.ndim != len(shape) + 1:
            raise ValueError(f"{what}: batched=True needs a leading axis of directions, "
                             f"expected shape (K,) + {tuple(shape)}, got {arr.shape}")
        if directions >= 0 and arr.shape[0] != directions:
            raise ValueError(f"HyperDual: {what} must carry {directions} directions like e1, "
                             f"got {arr.shape[0]}")
        target = (arr.shape[0],) + tuple(shape)
    else:
        target = tuple(shape)
    try:
        out = np.broadcast_to(arr, target)
    except ValueError:
        raise ValueError(f"{what}: expected shape {'(K,) + ' if batched else ''}{tuple(shape)} "
                         f"(or one that broadcasts to it), got {arr.shape}") from None
    return np.asarray(out, dtype=dtype, order="C")


# ---------------------------------------------------------------------------
# Primitives

cdef class Primitive:
    """An operation with derivative rules; the engine derives every mode from them.

    Subclasses provide ``impl(*args, **params)`` on plain arrays and the rules
    ``jvp(primals, tangents, out, nb, params)`` → output tangent (None = zero),
    ``vjp(g, args, out, active, params)`` → one cotangent per argument and
    ``hyper(reals, e1s, e2s, e12s, out, nb, collapsed, params)`` → (e1, e2, e12),
    written with primitives so that the rules are themselves differentiable.
    A tangent of None is a symbolic zero (the argument is constant).

    A primitive whose ``multiple`` is true (set at the latest by ``impl``)
    returns a tuple of outputs, boxed one by one: its jvp returns a tuple of
    tangents, its hyper rule a tuple per part, and its vjp receives a tuple
    of cotangents, None for an output that does not reach the result (the
    tape records it with ``record_outputs``).
    """

    def __init__(self, str name):
        self.name = name

    def __call__(self, *args, **params):
        return self.bind(args, params)

    cpdef object bind(self, tuple args, dict params):
        cdef Box top = top_box(args)
        if top is None:
            return self.impl(*args, **params) if params else self.impl(*args)
        return top.trace.process(self, args, params)

    cdef object vjp_node(self, Node node, object g):
        # active[j]: False (constant), True, or TANGENT_ONLY (a leaf of a
        # tangent_only backward; truthy like True for rules that ignore it).
        active = tuple([False if p is None else
                        (_TANGENT_ONLY if (<Node>p).tangent_only else True)
                        for p in node.parents])
        return self.vjp(g, node.args, node.out, active, node.params or {})

    def impl(self, *args, **params):
        raise NotImplementedError(f"primitive {self.name} has no implementation")

    def jvp(self, primals, tangents, out, nb, params):
        raise NotImplementedError(f"primitive {self.name} has no forward-mode rule")

    def vjp(self, g, args, out, active, params):
        raise NotImplementedError(f"primitive {self.name} has no reverse-mode rule")

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        raise NotImplementedError(f"primitive {self.name} has no hyper-dual rule")

    def __repr__(self):
        return f"<primitive {self.name}>"
