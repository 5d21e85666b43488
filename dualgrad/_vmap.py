"""vmap: a vectorizing map, as MindSpore's ``vmap(fn, in_axes=0, out_axes=0)``.

Each call opens a ``BatchTrace`` with a fresh level, like the derivative
transforms.  A mapped input becomes a ``Batched`` box whose value holds every
example with the mapped axis moved to the front; ``shape_of`` reports one
example's shape, so every function written for one example sees the shapes it
expects.  A primitive applied to a Batched value runs once on the whole batch
through a *batching rule*:

* elementwise primitives broadcast once the operands' ranks are aligned (unit
  axes go after the mapped axis of a lower-rank mapped operand);
* linear structural primitives (reshape, transpose, broadcast_to, getitem,
  concat, stack, where, sum, cumsum, cast...) take one more leading batch axis
  through their ``nb`` parameter, the one forward mode uses for batches of
  tangents;
* max/min shift their axes by one, matmul uses the batched product ``_mm``;
* the spectral primitives (eigh, svd, pinv: ``_spectral``, which registers
  their rule) take the mapped axis as one more axis of their stack of
  matrices, and so do the solve and LU primitives (``_solve``), the solve
  putting unit axes after the mapped axis of an operand of fewer batch axes;
* a gather whose indices differ between the examples (``batched_take``: an
  index Tensor, gather, sort's order...) makes the mapped axis one that the
  input and the indices share, and its transpose is a scatter-add per example;
* any other primitive (a user ``custom_vjp``) runs once per example and the
  results are stacked — correct, but a Python loop over the batch.

Nested vmaps stack their axes, each with its own trace; derivative transforms
inside or around a vmap see Batched values as they see any value of another
level, so every composition works without perturbation confusion.
"""
import numpy as np

from . import _core, _elementwise as _ew, _structural as S
from ._core import Batched, Box, make_batched, primal_value, shape_of, strip
from ._tensor import Tensor, value_of, wrap


class _BatchTrace(_core.BatchTrace):
    """One vmap in progress: ``size`` examples per Batched value."""

    def __init__(self, size):
        _core.BatchTrace.__init__(self)
        self.size = size

    def process_batched(self, prim, args, params):
        values, mapped = [], []
        for a in args:
            if type(a) is Batched and a.trace is self:
                values.append(a.value)
                mapped.append(True)
            else:
                values.append(a)
                mapped.append(False)
        out = _rule(prim)(self, prim, values, mapped, params or {})
        if isinstance(out, tuple):
            return tuple(make_batched(o, self) for o in out)
        return make_batched(out, self)


# ---------------------------------------------------------------------------
# Batching rules: (trace, primitive, values, mapped flags, params) -> the
# result for every example, mapped axis first.

def _rank(v, m):
    return len(shape_of(v)) - (1 if m else 0)


def _aligned(trace, values, mapped):
    """The operands of a broadcasting primitive, mapped ones with unit axes
    inserted after the mapped axis up to the largest rank of one example."""
    r = max(_rank(v, m) for v, m in zip(values, mapped))
    out = []
    for v, m in zip(values, mapped):
        k = _rank(v, m)
        if m and k < r:
            v = S.reshape(v, (trace.size,) + (1,) * (r - k) + tuple(shape_of(v))[1:])
        out.append(v)
    return out


def _elementwise(trace, prim, values, mapped, params):
    return prim.bind(tuple(_aligned(trace, values, mapped)), params)


def _with_batch(trace, v, dtype):
    """An operand every example shares, repeated along a new leading axis."""
    if not isinstance(v, (np.ndarray, Box)):
        v = np.asarray(v, dtype)
    return S.broadcast_to(v, (trace.size,) + tuple(shape_of(v)))


def _linear(trace, prim, values, mapped, params):
    dtype = np.result_type(*[primal_value(v) for v, m in zip(values, mapped) if m])
    values = [v if m else _with_batch(trace, v, dtype) for v, m in zip(values, mapped)]
    return prim.bind(tuple(values), dict(params, nb=params.get("nb", 0) + 1))


def _extremum(trace, prim, values, mapped, params):
    return prim.bind((values[0],), dict(params, axis=tuple(a + 1 for a in params["axis"])))


def _matmul(trace, prim, values, mapped, params):
    x, y = values
    if params.get("transpose_a"):
        x = S._swap_last(x)
    if params.get("transpose_b"):
        y = S._swap_last(y)
    return S._mm(x, y, int(mapped[0]), int(mapped[1]))


def _loop(trace, prim, values, mapped, params):
    """The primitive on each example in turn (for primitives without a rule)."""
    outs = []
    for i in range(trace.size):
        outs.append(prim.bind(tuple(S.getitem(v, (i,)) if m else v
                                    for v, m in zip(values, mapped)), params))
    if isinstance(outs[0], tuple):
        return tuple(S.stack([o[k] for o in outs], 0) for k in range(len(outs[0])))
    return S.stack(outs, 0)


_RULES = {}


def _rule(prim):
    # By type: custom_vjp makes a primitive per call, which must not pile up here.
    rule = _RULES.get(type(prim))
    if rule is None:
        if isinstance(prim, (_ew.UnaryPrimitive, _ew.BinaryPrimitive, _Logic, _Select)):
            rule = _elementwise
        elif isinstance(prim, (_Take, _Put)):
            rule = _gathering
        elif isinstance(prim, S.LinearPrimitive):
            rule = _linear
        elif isinstance(prim, S.Extremum):
            rule = _extremum
        elif isinstance(prim, S.MatMul):
            rule = _matmul
        else:
            rule = _loop
        _RULES[type(prim)] = rule
    return rule


# ---------------------------------------------------------------------------
# Values that differ between examples without carrying derivatives: booleans
# from comparisons, and where() choosing by them.

class _Logic(_core.Primitive):
    """A NumPy function of one or two operands with no derivative (comparisons,
    logical operators, integer division), ``options`` its keyword arguments."""

    def impl(self, a, b=None, op=None, **options):
        fn = getattr(np, op)
        return np.asarray(fn(a, **options) if b is None else fn(a, b, **options))


_logic = _Logic("batched_logic")


def batched_logic(op, a, b, **options):
    """``np.<op>(a, b, **options)`` (b None: ``np.<op>(a, **options)``) on values some
    of which may be Batched."""
    tensor = isinstance(a, Tensor) or isinstance(b, Tensor)
    a = strip(value_of(a)) if isinstance(a, Tensor) else strip(a)
    args = (a,) if b is None else (a, strip(value_of(b)) if isinstance(b, Tensor) else strip(b))
    out = _logic.bind(args, dict(options, op=op))
    return wrap(out) if tensor else out


class _Select(_core.Primitive):
    """where(c, x, y) for a condition that differs between the examples of a
    vmap (a Batched boolean): linear in x and y, constant in c."""

    def impl(self, c, x, y):
        return S.where(c, x, y)

    def _parts(self, c, tx, ty, out=None, nb=0):
        """select(c, tx, ty) for one part per operand (None: zero); with nb, the
        parts lead with an axis of directions, which must not meet c's axes."""
        if tx is None and ty is None:
            return None
        if nb:
            shape = tuple(shape_of(out))
            tx, ty = (t if t is None else S.broadcast_to(t, shape, nb=nb) for t in (tx, ty))
        return _select.bind((c, 0.0 if tx is None else tx, 0.0 if ty is None else ty), {})

    def jvp(self, primals, tangents, out, nb, params):
        return self._parts(primals[0], tangents[1], tangents[2], out, nb)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        c = reals[0]
        e1 = self._parts(c, e1s[1], e1s[2], out, nb)
        e2 = (e1 if (e1s[1] is e2s[1] and e1s[2] is e2s[2])
              else self._parts(c, e2s[1], e2s[2], out, nb))
        return e1, e2, self._parts(c, e12s[1], e12s[2], out, 0 if collapsed else nb)

    def vjp(self, g, args, out, active, params):
        c, x, y = args
        gx = S.sum_to(self._parts(c, g, None), shape_of(x)) if active[1] else None
        gy = S.sum_to(self._parts(c, None, g), shape_of(y)) if active[2] else None
        return None, gx, gy


_select = _Select("batched_where")


def batched_where(condition, x, y):
    return _select.bind((condition, x, y), {})


def _take_index(idx, nb, batch):
    """The NumPy index reading, at ``idx``, an array laid out as (nb direction
    axes, the ``batch`` axes idx shares, the taken axis, ...): slices for the
    directions, a grid for each shared axis (idx's other axes broadcast
    against it), then idx."""
    rest = idx.ndim - batch
    grids = tuple(np.arange(n).reshape((1,) * i + (n,) + (1,) * (batch - i - 1 + rest))
                  for i, n in enumerate(idx.shape[:batch]))
    return (slice(None),) * nb + grids + (idx,)


def _taken_axes_after(nb, batch, kept, rest, ndim):
    """The transpose taking axes laid out as (nb + batch leading, ``rest``, ``kept``,
    trailing) to (leading, kept, rest, trailing), and its inverse."""
    head = list(range(nb + batch))
    order = head + list(range(nb + batch + rest, nb + batch + rest + kept)) + \
        list(range(nb + batch, nb + batch + rest)) + list(range(nb + batch + rest + kept, ndim))
    return order, list(np.argsort(order))


class _Take(_core.Primitive):
    """x at integer indices ``idx`` along ``axis``, where idx and x share their
    first ``batch`` axes (each element of those takes its own indices) and x
    has ``nb`` more leading axes (directions of forward mode) that idx has not:
    out has x's axes up to ``axis``, idx's own axes, then x's after ``axis``.

    Linear in x, constant in idx (which may differ between the examples of a
    vmap: the batching rule makes the mapped axis one more shared axis); its
    transpose is ``_Put``, a scatter-add per element of the shared axes."""

    def impl(self, x, idx, axis, batch, nb=0):
        x, idx = np.asarray(x), np.asarray(idx)
        moved = np.moveaxis(x, nb + axis, nb + batch)     # (nb, shared, taken, between, after)
        out = moved[_take_index(idx, nb, batch)]          # (nb, shared, idx's own, between, after)
        order, _ = _taken_axes_after(nb, batch, axis - batch, idx.ndim - batch, out.ndim)
        return out.transpose(order)

    def _apply(self, t, idx, nb, params):
        if t is None:
            return None
        return self.bind((t, idx), dict(params, nb=params.get("nb", 0) + nb))

    def jvp(self, primals, tangents, out, nb, params):
        return self._apply(tangents[0], primals[1], nb, params)

    def hyper(self, reals, e1s, e2s, e12s, out, nb, collapsed, params):
        return S.linear_in_first_hyper(lambda t, n: self._apply(t, reals[1], n, params),
                                       e1s, e2s, e12s, nb, collapsed)

    def vjp(self, g, args, out, active, params):
        if not active[0]:
            return None, None
        x, idx = args
        n = shape_of(x)[params.get("nb", 0) + params["axis"]]
        return _put.bind((g, idx), dict(params, n=n)), None


class _Put(_Take):
    """The transpose of ``_Take``: zeros with x's layout (``n`` elements along
    ``axis``) and g added at ``idx``; repeated indices accumulate."""

    def impl(self, g, idx, axis, batch, n, nb=0):
        g, idx = np.asarray(g), np.asarray(idx)
        _, back = _taken_axes_after(nb, batch, axis - batch, idx.ndim - batch, g.ndim)
        moved = g.transpose(back)                         # (nb, shared, idx's own, between, after)
        shape = moved.shape[:nb + batch] + (n,) + moved.shape[nb + idx.ndim:]
        out = np.zeros(shape, g.dtype)
        np.add.at(out, _take_index(idx, nb, batch), moved)
        return np.moveaxis(out, nb + batch, nb + axis)

    def vjp(self, g, args, out, active, params):
        if not active[0]:
            return None, None
        return _take.bind((g, args[1]), {k: v for k, v in params.items() if k != "n"}), None


_take = _Take("batched_take")
_put = _Put("batched_put")
# (tests/test_rules.py checks each one's rules with the structural primitives')
DIFFERENTIABLE_PRIMITIVES = (_select, _take, _put)


def _gathering(trace, prim, values, mapped, params):
    x, idx = values
    nb = params.get("nb", 0)
    if not mapped[1]:
        # Every example takes the same indices: the mapped axis is one more
        # leading axis of x's that idx has not, like a direction's.
        return prim.bind((x, idx), dict(params, nb=nb + 1))
    # The mapped axis becomes the first axis idx and x share, after x's directions.
    if mapped[0]:
        x = _move(x, 0, nb)
    else:
        shape = tuple(shape_of(x))
        x = S.broadcast_to(S.reshape(x, shape[:nb] + (1,) + shape[nb:]),
                           shape[:nb] + (trace.size,) + shape[nb:])
    out = prim.bind((x, idx), dict(params, axis=params["axis"] + 1, batch=params["batch"] + 1))
    return _move(out, nb, 0)


def batched_take(x, idx, axis, batch=0):
    """x at the integer indices ``idx`` along ``axis``, each element of the first
    ``batch`` axes (shared by x and idx) with its own indices: the result has
    x's axes before ``axis``, idx's after ``batch``, then x's after ``axis``.
    idx may differ between the examples of a vmap (a Batched value); the
    derivative in x is a scatter-add of the cotangent at idx."""
    return _take.bind((x, idx), {"axis": axis, "batch": batch})


def batched_put(g, idx, axis, n, batch=0):
    """The transpose of ``batched_take``: zeros with ``n`` elements along ``axis``
    and g (laid out as batched_take's result) added at ``idx``; repeated
    indices add up.  idx may differ between the examples of a vmap."""
    return _put.bind((g, idx), {"axis": axis, "batch": batch, "n": n})


def _is_basic_item(i):
    return (i is None or i is Ellipsis or isinstance(i, slice)
            or (isinstance(i, (int, np.integer)) and not isinstance(i, (bool, np.bool_))))


def batched_getitem(x, index):
    """x[index] where one item of ``index`` is an integer array that differs
    between the examples (a Batched value) and the others are basic (ints,
    slices, None, Ellipsis), as NumPy indexes each example: a take along the
    array's axis, after the basic items."""
    arrays = [k for k, i in enumerate(index) if not _is_basic_item(i)]
    if len(arrays) != 1:
        raise NotImplementedError(
            "vmap: an index array that differs between the examples must be the only array "
            "of the index (with ints, slices, None and Ellipsis around it); index with one "
            "array at a time")
    idx = strip(index[arrays[0]])
    values = np.asarray(primal_value(idx))
    if values.dtype.kind == "b":
        raise NotImplementedError(
            "vmap: a boolean mask that differs between the examples selects a number of "
            "elements that differs too, which one batch cannot hold; use ops.where or "
            "ops.masked_fill")
    if values.dtype.kind not in "iu":
        raise TypeError(f"index: expected integer or boolean arrays, got dtype {values.dtype}")
    shape = tuple(shape_of(x))
    index = S._without_ellipsis(index, len(shape))
    at = next(k for k, i in enumerate(index) if i is not None and not _is_basic_item(i))
    axis_of_x = sum(1 for i in index[:at] if i is not None)
    if axis_of_x >= len(shape) or sum(1 for i in index if i is not None) > len(shape):
        raise S.InvalidIndexError(f"index {index!r} has too many items for shape {shape}")
    n = shape[axis_of_x]
    if values.size and (values.min() < -n or values.max() >= n):
        raise S.InvalidIndexError(f"index: values from {values.min()} to {values.max()} are out "
                                  f"of range for axis {axis_of_x} of size {n}")
    rest = S.getitem(x, index[:at] + (slice(None),) + index[at + 1:])
    axis = sum(1 for i in index[:at] if not isinstance(i, (int, np.integer)))
    out = batched_take(rest, idx, axis)
    advanced = [k for k, i in enumerate(index) if k == at or isinstance(i, (int, np.integer))]
    if advanced != list(range(advanced[0], advanced[-1] + 1)):
        # Advanced items (the array and the ints) apart: NumPy puts the array's axes first.
        own = list(range(axis, axis + len(shape_of(idx))))
        out = S.transpose(out, tuple(own + [i for i in range(len(shape_of(out))) if i not in own]))
    return out


def batched_constant(x, fn):
    """``fn(values, k)`` on the plain values under ``x``, whose k leading axes are
    the mapped axes of the vmaps around it, boxed again as those vmaps' values.

    For rules that compute a constant from their operand's values with NumPy
    (max/min's selection mask)."""
    traces = []
    v = x
    while isinstance(v, Box):
        if type(v) is Batched:
            traces.append(v.trace)
        v = _core.unbox(v, v.trace)[0]
    out = fn(v, len(traces))
    if np.ndim(out) < len(traces):
        return out          # the same for every example (a scalar)
    for t in reversed(traces):
        out = make_batched(out, t)
    return out


_core.install_operators({"batched_logic": batched_logic, "batched_where": batched_where,
                         "batched_constant": batched_constant,
                         "batched_getitem": batched_getitem})


# ---------------------------------------------------------------------------
# vmap itself

def _check_axes(axes, name):
    """in_axes/out_axes: an int, None, or a (nested) tuple/list of them."""
    if axes is None or (isinstance(axes, int) and not isinstance(axes, bool)):
        return
    if isinstance(axes, (tuple, list)):
        for a in axes:
            _check_axes(a, name)
        return
    raise TypeError(f"{name}: expected an int, None, or a tuple/list of them (nested to match "
                    f"tuple arguments), got {axes!r}")


def _pairs(tree, axes, name, where):
    """(leaf, axis) for every leaf of ``tree``, with ``axes`` matched to its structure."""
    if isinstance(tree, (tuple, list)):
        if isinstance(axes, (tuple, list)):
            if len(axes) != len(tree):
                raise ValueError(f"{name}: {where} has {len(tree)} element(s) but its axes "
                                 f"{tuple(axes)!r} give {len(axes)}")
            out = []
            for i, (t, a) in enumerate(zip(tree, axes)):
                out.extend(_pairs(t, a, name, f"{where}[{i}]"))
            return out
        out = []
        for i, t in enumerate(tree):
            out.extend(_pairs(t, axes, name, f"{where}[{i}]"))
        return out
    if isinstance(axes, (tuple, list)):
        raise ValueError(f"{name}: {where} is not a tuple, but its axes are {tuple(axes)!r}")
    return [(tree, axes, where)]


def _rebuild(tree, leaves):
    if isinstance(tree, (tuple, list)):
        out = [_rebuild(t, leaves) for t in tree]
        return tuple(out) if isinstance(tree, tuple) else out
    return leaves.pop(0)


def _axis(axis, ndim, name, where):
    if not -ndim <= axis < max(ndim, 0) or ndim == 0:
        raise ValueError(f"{name}: axis {axis} of {where} is out of range for a {ndim}-d value")
    return axis % ndim


def _move(v, src, dst):
    """``v`` with its axis ``src`` moved to ``dst`` (a transpose of the engine)."""
    nd = len(shape_of(v))
    if src == dst:
        return v
    order = [i for i in range(nd) if i != src]
    order.insert(dst, src)
    return S.transpose(v, tuple(order))


def _input_value(x, where):
    if isinstance(x, Tensor):
        return value_of(x)
    if isinstance(x, (np.ndarray, Box)):
        return x
    raise TypeError(f"in_axes: {where} is mapped but is a {type(x).__name__}, not a Tensor "
                    "(give it the axis None to pass it to every example as it is)")


def vmap(fn, in_axes=0, out_axes=0):
    """Vectorize ``fn`` over an axis of its inputs, as MindSpore's ``vmap``.

    ``in_axes``: an int (every positional argument mapped over that axis), or a
    tuple/list with one entry per positional argument — an int, None (the
    argument is passed whole to every example) or, for a tuple argument, a
    nested tuple.  ``out_axes``: where the mapped axis goes in each output, in
    the same forms (None: the output is the same for every example and is
    returned once).  Negative axes count from the end.  The mapped axes must
    all have the same size; an output that does not depend on a mapped input is
    repeated along the axis.  ``fn`` may be a function or a Cell.

    It is a real vectorizing map: each primitive runs once on the whole batch
    (elementwise operations, matmul, reductions, shape changes, indexing,
    where, gathers at each example's own indices...); the functions that
    compute with values (sort, topk, det's pivots, masks, integer arithmetic)
    do so for each example.  Reading a mapped Tensor's values inside ``fn``
    (``asnumpy``, ``item``, ``float``...) is refused, as it would hold every
    example at once.  Only a primitive without a batching rule — the function of a
    Cell with a custom ``bprop`` — runs once per example, which is slow for a
    large batch.  It composes with every transform in both orders
    (``vmap(grad(f))``, ``grad`` of a function that calls ``vmap``,
    ``vmap(jacrev(f))``, ``vmap(vmap(f))``...).  Random operators inside
    ``fn`` draw one sample that every example shares.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import Tensor, ops
    >>> x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    >>> ms.vmap(lambda p: (p * p).sum())(x)
    Tensor(shape=[3], dtype=Float64, value= [ 5.00000000e+00,  2.50000000e+01,  6.10000000e+01])
    >>> ms.vmap(ms.grad(lambda p: (p * p).sum()))(x).asnumpy()
    array([[ 2.,  4.],
           [ 6.,  8.],
           [10., 12.]])
    >>> ms.vmap(lambda a, b: a * b, in_axes=(1, None), out_axes=1)(x, Tensor([1.0, 10.0, 100.0])).shape
    (3, 2)
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a callable (function or Cell), got {type(fn).__name__}")
    _check_axes(in_axes, "in_axes")
    _check_axes(out_axes, "out_axes")
    for axes, name in ((in_axes, "in_axes"), (out_axes, "out_axes")):
        if axes is None:
            raise ValueError(f"{name}: cannot be a single None (give None per argument "
                             "or output in a tuple)")

    def mapped_fn(*args):
        if isinstance(in_axes, (tuple, list)) and len(in_axes) != len(args):
            raise ValueError(f"in_axes: expected one entry per positional argument ({len(args)}),"
                             f" got {len(in_axes)}: {tuple(in_axes)!r}")
        pairs = _pairs(tuple(args), in_axes if isinstance(in_axes, (tuple, list))
                       else (in_axes,) * len(args), "in_axes", "the arguments")
        size, first = None, None
        inputs = []
        for leaf, axis, where in pairs:
            if axis is None:
                inputs.append((leaf, None, None))
                continue
            where = where.replace("the arguments", "argument", 1)
            v = _input_value(leaf, where)
            shape = tuple(shape_of(v))
            axis = _axis(axis, len(shape), "in_axes", where)
            if size is None:
                size, first = shape[axis], where
            elif shape[axis] != size:
                raise ValueError(f"in_axes: the mapped axes must have the same size, but "
                                 f"{first} has {size} and {where} has {shape[axis]}")
            inputs.append((leaf, v, axis))
        if size is None:
            raise ValueError(f"in_axes: cannot be all None, at least one argument must be "
                             f"mapped (an int axis), got {in_axes!r}")
        trace = _BatchTrace(size)
        boxed = [leaf if axis is None else wrap(make_batched(_move(v, axis, 0), trace))
                 for leaf, v, axis in inputs]
        out = fn(*_rebuild(tuple(args), boxed))
        return _outputs(out, trace, size)

    def _outputs(out, trace, size):
        axes = out_axes
        if (isinstance(axes, (tuple, list)) and len(axes) == 1
                and not isinstance(out, (tuple, list))):
            axes = axes[0]      # (axis,) for a single output, as MindSpore takes it
        pairs = _pairs(out, axes, "out_axes", "fn's output")
        results = []
        for leaf, axis, where in pairs:
            v = value_of(leaf) if isinstance(leaf, Tensor) else leaf
            if not isinstance(v, (np.ndarray, Box, int, float, np.generic)):
                raise TypeError(f"vmap: {where} is a {type(v).__name__}; fn must return "
                                "Tensors (or tuples of them)")
            if isinstance(v, Box) and v.level > trace.level:
                _core.check_not_wrapped(v, trace)
            if type(v) is Batched and v.trace is trace:
                v = v.value
                if axis is None:
                    raise ValueError(f"out_axes: {where} differs between the examples, so its "
                                     "axis cannot be None")
            elif axis is None:
                results.append(wrap(v) if isinstance(v, (np.ndarray, Box)) else leaf)
                continue
            else:
                if not isinstance(v, (np.ndarray, Box)):
                    v = np.asarray(v, np.float32 if isinstance(v, float) else None)
                v = S.broadcast_to(v, (size,) + tuple(shape_of(v)))
            nd = len(shape_of(v))
            results.append(wrap(_move(v, 0, _axis(axis, nd, "out_axes", where))))
        return _rebuild(out, results)

    mapped_fn.__name__ = f"vmap({getattr(fn, '__name__', type(fn).__name__)})"
    mapped_fn.__doc__ = getattr(fn, "__doc__", None)
    return mapped_fn
