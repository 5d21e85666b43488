"""Hypothesis strategies for property-testing derivatives with ``check_grads``.

- ``tensors(shape=None, dtype=np.float64, min_value=None, max_value=None, ...)``:
  dualgrad Tensors; shapes are drawn when not given (0-d included), and
  ``contiguous=False`` gives non-contiguous views.
- ``broadcastable_shapes(n)``: n shapes that broadcast together.
- ``functions()``: ``(fn, args)``: random differentiable programs built from the
  rule table's primitives and the structural operations, every input kept
  inside each primitive's domain.  The program prints as Python code, so a
  failing example reads like a test case.
- ``mlps()``: ``(net, args)``: small networks (``nn.SequentialCell`` of
  ``nn.Dense`` when ``dualgrad.nn`` has them) with their inputs; check the
  weights with ``check_grads(net, args, weights=net.trainable_params())``.

>>> from hypothesis import given
>>> from dualgrad.testing import check_grads, strategies as dst
>>> @given(dst.functions())
... def test_programs(program):
...     fn, args = program
...     check_grads(fn, args, order=2)
"""
import math
import types

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .. import _elementwise, _functions, _table
from .._dtypes import DType
from .._parameter import Parameter
from .._tensor import Tensor, TensorFunction, UnaryTensorFunction

__all__ = ["tensors", "broadcastable_shapes", "functions", "mlps", "Program", "prim",
           "FunctionalMLP"]

#: The engine's primitives on Tensors, under the names of the rule table
#: (``prim.sin``, ``prim.mul``...) and of the structural functions
#: (``prim.sum(x, axis, keepdims)``, ``prim.matmul``, ``prim.where(mask, a, b)``...).
#: Programs from ``functions()`` are written with them, so that they exercise
#: exactly the table's rows whatever ``dualgrad.ops`` layers on top.
prim = types.SimpleNamespace(
    **{p.name: UnaryTensorFunction(p, p.name) for p in _elementwise.UNARY},
    **{p.name: TensorFunction(p, p.name) for p in _elementwise.BINARY},
    **{name: TensorFunction(fn, name) for name, fn in (
        ("sum", _functions.sum_), ("mean", _functions.mean), ("max", _functions.max_),
        ("min", _functions.min_), ("reshape", _functions.reshape),
        ("transpose", _functions.transpose), ("broadcast_to", _functions.broadcast_to),
        ("expand_dims", _functions.expand_dims), ("squeeze", _functions.squeeze),
        ("matmul", _functions.matmul), ("concat", _functions.concat),
        ("stack", _functions.stack), ("where", _functions.where),
        ("getitem", _functions.getitem), ("stop_gradient", _functions.stop_gradient))})


def _np_dtype(dtype):
    if isinstance(dtype, DType):
        return dtype.dtype
    dtype = np.dtype(dtype)
    if dtype.kind != "f" or dtype == np.float16:
        raise ValueError(f"dtype: expected float32 or float64, got {dtype}")
    return dtype


# ---------------------------------------------------------------------------
# Tensors and shapes

def _float_elements(lo, hi, dtype):
    """floats in [lo, hi] representable in ``dtype`` (bounds rounded inwards)."""
    dtype = np.dtype(dtype)
    lo_d, hi_d = dtype.type(lo), dtype.type(hi)
    if float(lo_d) < lo:
        lo_d = np.nextafter(lo_d, dtype.type(np.inf))
    if float(hi_d) > hi:
        hi_d = np.nextafter(hi_d, dtype.type(-np.inf))
    if lo_d > hi_d:
        raise ValueError(f"no {dtype.name} value lies in [{lo}, {hi}]")
    return st.floats(float(lo_d), float(hi_d), allow_nan=False, allow_infinity=False,
                     allow_subnormal=False, width=8 * dtype.itemsize)


def _non_contiguous(a, how):
    """The values of ``a`` in a non-C-contiguous view (``a`` itself when impossible)."""
    if a.size <= 1:
        return a
    if how == 0 and a.ndim >= 1:
        base = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), a.dtype)
        base[..., ::2] = a
        return base[..., ::2]
    if how == 1 and a.ndim >= 2 and sum(n > 1 for n in a.shape) >= 2:
        return np.asfortranarray(a)
    base = np.ascontiguousarray(a[::-1])
    view = base[::-1]
    return view if not view.flags.c_contiguous else _non_contiguous(a, 0)


@st.composite
def tensors(draw, shape=None, dtype=np.float64, min_value=None, max_value=None, *,
            contiguous=True, min_dims=0, max_dims=3, min_side=1, max_side=4, elements=None):
    """dualgrad Tensors with values in [min_value, max_value] (default [-3, 3]).

    ``shape`` may be a tuple, a strategy of shapes, or None (drawn between
    ``min_dims``/``max_dims`` dimensions of ``min_side``..``max_side``
    elements: 0-d tensors included, zero-size ones with ``min_side=0``).
    ``contiguous``: True (C-contiguous), False (a non-contiguous view: strided,
    Fortran-ordered or reversed, whenever the size allows), None (either).
    ``elements`` overrides the value strategy.
    """
    dtype = _np_dtype(dtype)
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims,
                                      min_side=min_side, max_side=max_side))
    elif isinstance(shape, st.SearchStrategy):
        shape = draw(shape)
    elif isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(shape)
    if elements is None:
        lo = -3.0 if min_value is None else float(min_value)
        hi = 3.0 if max_value is None else float(max_value)
        if not lo <= hi:
            raise ValueError(f"min_value {lo} exceeds max_value {hi}")
        elements = _float_elements(lo, hi, dtype)
    a = draw(hnp.arrays(dtype, shape, elements=elements))
    if contiguous is None:
        contiguous = draw(st.booleans())
    if not contiguous:
        a = _non_contiguous(a, draw(st.integers(0, 2)))
    return Tensor.from_numpy(a)     # the view itself (the constructor would copy it)


def broadcastable_shapes(n, *, min_dims=0, max_dims=3, min_side=1, max_side=4):
    """Tuples of ``n`` shapes that broadcast together (NumPy's rules)."""
    return hnp.mutually_broadcastable_shapes(
        num_shapes=n, min_dims=min_dims, max_dims=max_dims, min_side=min_side,
        max_side=max_side).map(lambda b: tuple(b.input_shapes))


# ---------------------------------------------------------------------------
# Random programs

def _shrunk(domain, frac=0.05):
    lo, hi = float(domain[0]), float(domain[1])
    m = frac * (hi - lo)
    return lo + m, hi - m


def _smooth_on(row, domain):
    """True when the primitive has no jump inside ``domain`` (finite differences work).

    A jump is a step of the sampled values that is large compared with the
    other steps and not explained by the derivative at its midpoint.
    """
    from .._core import Dual
    f = getattr(_elementwise, row.name)
    x = np.linspace(domain[0], domain[1], 4001)
    dy = np.diff(np.asarray(f(x)))
    mid = 0.5 * (x[1:] + x[:-1])
    slope = np.asarray(f(Dual(mid, np.ones_like(mid))).tangent)
    unexplained = np.abs(dy - slope * np.diff(x)) > 0.25 * np.abs(dy) + 1e-12
    large = np.abs(dy) > 1e-9 + 10 * np.median(np.abs(dy))
    return not bool(np.any(unexplained & large))


def _unary_rows():
    rows = []
    for row in _table.UNARY:
        dom = _shrunk(row.domain)
        if _smooth_on(row, dom):
            rows.append((row, dom))
    return rows


_UNARY_ROWS = None


def _unary_table():
    # Computed on first use: the rule table may grow at import time.
    global _UNARY_ROWS
    if _UNARY_ROWS is None:
        _UNARY_ROWS = _unary_rows()
    return _UNARY_ROWS


def _is_selection(row):
    """maximum/minimum-like: the derivative switches where a == b."""
    return "sign(" in row.da or "step(" in row.da


def _image(fn, bounds, grid=257):
    """Conservative-enough bounds of fn over a box of argument intervals."""
    axes = [np.linspace(lo, hi, grid if len(bounds) == 1 else 33) for lo, hi in bounds]
    mesh = np.meshgrid(*axes, indexing="ij")
    with np.errstate(all="ignore"):
        y = np.asarray(fn(*mesh), dtype=np.float64)
    lo, hi = float(np.min(y)), float(np.max(y))
    pad = 1e-3 * (hi - lo) + 1e-9 * max(1.0, abs(lo), abs(hi))
    return lo - pad, hi + pad


class _Node:
    __slots__ = ("name", "shape", "lo", "hi")

    def __init__(self, name, shape, lo, hi):
        self.name, self.shape, self.lo, self.hi = name, tuple(shape), float(lo), float(hi)


def _fmt(v):
    return repr(float(v)) if not isinstance(v, np.ndarray) else (
        f"np.array({np.asarray(v).tolist()!r})")


class Program:
    """A random differentiable program: callable on Tensors, printed as Python code."""

    def __init__(self, inputs, steps, outputs, dtype):
        self.inputs = inputs      # list of _Node
        self.steps = steps        # list of (name, code, fn(env) -> Tensor)
        self.outputs = outputs    # names
        self.dtype = dtype
        self.__name__ = "program"

    def __call__(self, *xs):
        if len(xs) != len(self.inputs):
            raise TypeError(f"program takes {len(self.inputs)} inputs, got {len(xs)}")
        env = {node.name: x for node, x in zip(self.inputs, xs)}
        for name, _, fn in self.steps:
            env[name] = fn(env)
        if len(self.outputs) == 1:
            return env[self.outputs[0]]
        return tuple(env[n] for n in self.outputs)

    def __repr__(self):
        sig = ", ".join(n.name for n in self.inputs)
        lines = [f"def program({sig}):"]
        for n in self.inputs:
            lines.append(f"    # {n.name}: shape {n.shape}, {np.dtype(self.dtype).name}, "
                         f"values in [{n.lo:.3g}, {n.hi:.3g}]")
        for name, code, _ in self.steps:
            lines.append(f"    {name} = {code}")
        lines.append(f"    return {', '.join(self.outputs)}")
        return "\n".join(lines)


class _Builder:
    """Grows a program step by step, tracking each value's shape and bounds."""

    MAX_SIZE = 48

    def __init__(self, draw, dtype, max_side, allow_kinks):
        self.draw = draw
        self.dtype = dtype
        self.max_side = max_side
        self.allow_kinks = allow_kinks
        self.inputs, self.steps, self.nodes, self.values = [], [], [], []
        self.count = 0

    # -- values -------------------------------------------------------------
    def new_input(self, shape, lo=-1.0, hi=1.0):
        name = f"x{len(self.inputs)}"
        elements = _float_elements(lo, hi, self.dtype)
        value = self.draw(hnp.arrays(self.dtype, tuple(shape), elements=elements))
        # Finite differences step a little outside the drawn values.
        node = _Node(name, shape, lo - 0.05, hi + 0.05)
        self.inputs.append(node)
        self.values.append(value)
        self.nodes.append(node)
        return node

    def emit(self, code, fn, shape, lo, hi):
        name = f"v{self.count}"
        self.count += 1
        self.steps.append((name, code, fn))
        node = _Node(name, shape, lo, hi)
        self.nodes.append(node)
        return node

    def pick(self):
        """A recent value, most often the latest (programs grow deep, not only wide)."""
        n = len(self.nodes)
        if n == 1 or self.draw(st.integers(0, 2)):
            return self.nodes[-1]
        return self.nodes[self.draw(st.integers(0, n - 1))]

    # -- keeping values inside domains --------------------------------------
    def into(self, node, target):
        """``node`` mapped into the interval ``target`` (affine, after tanh if huge)."""
        t0, t1 = target
        if t0 <= node.lo and node.hi <= t1:
            return node
        if node.hi - node.lo > 1e4 or not math.isfinite(node.hi - node.lo):
            node = self.emit(f"prim.tanh({node.name})",
                             _unary_fn(prim.tanh, node.name), node.shape,
                             *_image(np.tanh, [(max(node.lo, -50), min(node.hi, 50))]))
        # A random sub-interval of the target, at least a third of it.
        width = t1 - t0
        u = self.draw(st.floats(0.0, 0.6))
        w = self.draw(st.floats(1.0 / 3, 1.0 - u)) if u < 2.0 / 3 else 1.0 - u
        s0, s1 = t0 + u * width, t0 + (u + w) * width
        span = node.hi - node.lo
        scale = (s1 - s0) / span if span > 1e-12 else 1.0
        shift = s0 - node.lo * scale if span > 1e-12 else 0.5 * (s0 + s1) - node.lo
        scale = float(np.float32(scale)) if self.dtype == np.float32 else scale
        shift = float(np.float32(shift)) if self.dtype == np.float32 else shift
        lo, hi = sorted((node.lo * scale + shift, node.hi * scale + shift))
        name = node.name
        return self.emit(f"{name} * {scale!r} + {shift!r}",
                         lambda env, n=name, a=scale, b=shift: env[n] * a + b,
                         node.shape, max(lo, t0), min(hi, t1))

    # -- operations ---------------------------------------------------------
    def unary(self, node):
        rows = _unary_table()
        row, dom = rows[self.draw(st.integers(0, len(rows) - 1))]
        node = self.into(node, dom)
        f = getattr(prim, row.name)
        lo, hi = _image(lambda x: np.asarray(f(x)), [(node.lo, node.hi)])
        return self.emit(f"prim.{row.name}({node.name})", _unary_fn(f, node.name),
                         node.shape, lo, hi)

    def partner(self, node):
        """A value whose shape broadcasts with ``node``'s (a new input if none fits)."""
        fits = [n for n in self.nodes if _broadcast(n.shape, node.shape) is not None
                and math.prod(_broadcast(n.shape, node.shape)) <= self.MAX_SIZE]
        if fits and self.draw(st.integers(0, 3)):
            return fits[self.draw(st.integers(0, len(fits) - 1))]
        shape = list(node.shape)
        if shape and self.draw(st.booleans()):
            shape = shape[self.draw(st.integers(0, len(shape))):]
        shape = [1 if self.draw(st.integers(0, 3)) == 0 else n for n in shape]
        return self.new_input(tuple(shape))

    def binary(self, node):
        rows = [r for r in _table.BINARY if self.allow_kinks or not _is_selection(r)]
        row = rows[self.draw(st.integers(0, len(rows) - 1))]
        other = self.partner(node)
        if self.draw(st.booleans()):
            node, other = other, node
        shape = _broadcast(node.shape, other.shape)
        f = getattr(prim, row.name)
        if _is_selection(row):
            # Keep the operands apart so no element sits at the switch a == b.
            a = self.into(node, (-0.4, 0.4))
            b = self.into(other, (-0.4, 0.4))
            signs = self.draw(hnp.arrays(np.int8, shape, elements=st.sampled_from([-1, 1])))
            shift = signs.astype(self.dtype)
            b = self.emit(f"{b.name} + {_fmt(shift)}",
                          lambda env, n=b.name, s=shift: env[n] + Tensor(s),
                          shape, b.lo - 1, b.hi + 1)
            lo, hi = (-1.4, 1.4)
        else:
            a = self.into(node, _shrunk(row.domain[0]))
            b = self.into(other, _shrunk(row.domain[1]))
            lo, hi = _image(lambda x, y: np.asarray(f(x, y)), [(a.lo, a.hi), (b.lo, b.hi)])
        return self.emit(f"prim.{row.name}({a.name}, {b.name})",
                         lambda env, p=f, x=a.name, y=b.name: p(env[x], env[y]),
                         shape, lo, hi)

    def reduce(self, node):
        nd = len(node.shape)
        mean = self.draw(st.booleans())
        keepdims = self.draw(st.booleans())
        if nd == 0 or self.draw(st.integers(0, 2)) == 0:
            axis = None
        else:
            axis = self.draw(st.integers(-nd, nd - 1))
        axes = range(nd) if axis is None else [axis % nd]
        count = math.prod(node.shape[a] for a in axes)
        if keepdims:
            shape = tuple(1 if i in axes else n for i, n in enumerate(node.shape))
        else:
            shape = tuple(n for i, n in enumerate(node.shape) if i not in axes)
        name = node.name
        op = "mean" if mean else "sum"
        if mean:
            lo, hi = node.lo, node.hi
        else:
            lo, hi = sorted((count * node.lo, count * node.hi))
        code = f"prim.{op}({name}, axis={axis!r}, keepdims={keepdims})"
        fn = (lambda env, n=name, a=axis, k=keepdims, f=getattr(prim, op):
              f(env[n], axis=a, keepdims=k))
        return self.emit(code, fn, shape, lo, hi)

    def reshape(self, node):
        size = math.prod(node.shape)
        options = [(size,), (1, size), (size, 1)]
        for d in range(2, size):
            if size % d == 0:
                options.append((d, size // d))
        if len(node.shape) > 1:
            options.append(tuple(reversed(node.shape)))
        shape = options[self.draw(st.integers(0, len(options) - 1))]
        name = node.name
        return self.emit(f"prim.reshape({name}, {shape!r})",
                         lambda env, n=name, s=shape: prim.reshape(env[n], s),
                         shape, node.lo, node.hi)

    def transpose(self, node):
        nd = len(node.shape)
        perm = tuple(self.draw(st.permutations(range(nd))))
        name = node.name
        return self.emit(f"prim.transpose({name}, {perm!r})",
                         lambda env, n=name, p=perm: prim.transpose(env[n], p),
                         tuple(node.shape[i] for i in perm), node.lo, node.hi)

    def matmul(self, node):
        k = node.shape[-1]
        vector = self.draw(st.integers(0, 3)) == 0
        m = self.draw(st.integers(1, self.max_side))
        other = self.new_input((k,) if vector else (k, m))
        bound = k * max(abs(node.lo), abs(node.hi)) * 1.05
        shape = node.shape[:-1] if vector else node.shape[:-1] + (m,)
        a, b = node.name, other.name
        return self.emit(f"prim.matmul({a}, {b})",
                         lambda env, x=a, y=b: prim.matmul(env[x], env[y]),
                         shape, -bound, bound)

    def index(self, node):
        n = node.shape[0]
        kind = self.draw(st.integers(0, 3))
        if kind == 0:
            i = self.draw(st.integers(-n, n - 1))
            index, shape = i, node.shape[1:]
        elif kind == 1:
            start = self.draw(st.integers(0, n - 1))
            step = self.draw(st.sampled_from([1, 2, -1]))
            index = slice(start, None, step) if step > 0 else slice(None, None, -1)
            shape = (len(range(n)[index]),) + node.shape[1:]
        elif kind == 2:
            picks = self.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4))
            index = np.array(picks)
            shape = (len(picks),) + node.shape[1:]
        else:
            i = self.draw(st.integers(0, node.shape[-1] - 1))
            index = (Ellipsis, i)
            shape = node.shape[:-1]
        name = node.name
        text = _index_text(index)
        return self.emit(f"{name}[{text}]", lambda env, x=name, i=index: env[x][i],
                         shape, node.lo, node.hi)

    def join(self, node):
        others = [n for n in self.nodes if n.shape == node.shape]
        other = others[self.draw(st.integers(0, len(others) - 1))]
        nd = len(node.shape)
        stack = nd == 0 or self.draw(st.booleans())
        axis = self.draw(st.integers(0, nd if stack else nd - 1))
        a, b = node.name, other.name
        if stack:
            shape = node.shape[:axis] + (2,) + node.shape[axis:]
            code = f"prim.stack([{a}, {b}], axis={axis})"
            fn = lambda env, x=a, y=b, ax=axis: prim.stack([env[x], env[y]], axis=ax)
        else:
            shape = node.shape[:axis] + (2 * node.shape[axis],) + node.shape[axis + 1:]
            code = f"prim.concat([{a}, {b}], axis={axis})"
            fn = lambda env, x=a, y=b, ax=axis: prim.concat([env[x], env[y]], axis=ax)
        return self.emit(code, fn, shape, min(node.lo, other.lo), max(node.hi, other.hi))

    def where(self, node):
        other = self.partner(node)
        shape = _broadcast(node.shape, other.shape)
        mask = self.draw(hnp.arrays(np.bool_, shape))
        a, b = node.name, other.name
        return self.emit(f"prim.where({_fmt(mask)}, {a}, {b})",
                         lambda env, m=mask, x=a, y=b: prim.where(m, env[x], env[y]),
                         shape, min(node.lo, other.lo), max(node.hi, other.hi))

    def broadcast(self, node):
        lead = self.draw(st.integers(1, 3))
        shape = (lead,) + node.shape
        name = node.name
        return self.emit(f"prim.broadcast_to({name}, {shape!r})",
                         lambda env, n=name, s=shape: prim.broadcast_to(env[n], s),
                         shape, node.lo, node.hi)

    def step(self, structural):
        node = self.pick()
        size = math.prod(node.shape)
        choices = ["unary", "unary", "binary", "binary"]
        if structural:
            choices += ["reduce", "reshape", "where"]
            if node.shape:
                choices += ["matmul", "index"]
            if len(node.shape) >= 2:
                choices.append("transpose")
            if 2 * size <= self.MAX_SIZE and len(node.shape) < 4:
                choices += ["join", "broadcast"]
        op = choices[self.draw(st.integers(0, len(choices) - 1))]
        return getattr(self, op)(node)


def _unary_fn(f, name):
    return lambda env: f(env[name])


def _broadcast(a, b):
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        return None


def _index_text(index):
    if isinstance(index, tuple):
        return ", ".join(_index_text(i) for i in index)
    if index is Ellipsis:
        return "..."
    if isinstance(index, slice):
        parts = ["" if v is None else str(v) for v in (index.start, index.stop, index.step)]
        return ":".join(parts).rstrip(":") or ":"
    if isinstance(index, np.ndarray):
        return f"np.array({index.tolist()})"
    return repr(index)


@st.composite
def functions(draw, *, dtype=np.float64, max_inputs=3, min_steps=1, max_steps=6, max_dims=3,
              max_side=3, structural=True, allow_kinks=True, multiple_outputs=True):
    """``(fn, args)``: a random differentiable program and Tensors to call it with.

    The program applies ``min_steps``..``max_steps`` operations drawn from the
    rule table's unary and binary primitives (broadcasting included) and, with
    ``structural``, sums and means over axes, reshape, transpose, matmul,
    indexing (basic and integer-array), concat, stack, broadcast_to and where
    with a fixed mask.  Every primitive's input is kept inside its domain
    (``_table`` rows' ``domain``) by an affine rescaling — or a tanh first
    when the bounds are huge — inserted only where needed; maximum/minimum get
    operands kept apart (with ``allow_kinks``), so finite differences never
    straddle a switch.  Primitives whose domain contains a jump are left out.
    ``fn`` prints as Python code.
    """
    dtype = _np_dtype(dtype)
    b = _Builder(draw, dtype, max_side, allow_kinks)
    n_inputs = draw(st.integers(1, max_inputs))
    shapes = draw(broadcastable_shapes(n_inputs, max_dims=max_dims, max_side=max_side))
    for shape in shapes:
        lo = draw(st.floats(-1.5, 1.0))
        b.new_input(shape, lo, lo + draw(st.floats(0.1, 1.5)))
    n_steps = draw(st.integers(min_steps, max_steps))
    for _ in range(n_steps):
        b.step(structural)
    outputs = [b.nodes[-1].name]
    if multiple_outputs and len(b.steps) > 1 and draw(st.integers(0, 4)) == 0:
        other = b.steps[draw(st.integers(0, len(b.steps) - 2))][0]
        outputs.append(other)
    program = Program(b.inputs, b.steps, outputs, dtype)
    return program, tuple(Tensor(v) for v in b.values)


# ---------------------------------------------------------------------------
# Small networks

_ACTIVATIONS = ("tanh", "sigmoid", "softplus", "silu", "gelu", None)


class FunctionalMLP:
    """A multi-layer perceptron written with ``dualgrad.ops`` (no ``dualgrad.nn``).

    Layer k computes ``act(x @ W_k.T + b_k)`` with ``W_k`` of shape (out, in),
    like ``nn.Dense``; its weights are Parameters, so
    ``check_grads(net, (x,), weights=net.trainable_params())`` differentiates them.
    """

    def __init__(self, weights, biases, activations):
        self.weights = weights
        self.biases = biases
        self.activations = activations

    def trainable_params(self):
        out = []
        for w, b in zip(self.weights, self.biases):
            out.append(w)
            if b is not None:
                out.append(b)
        return out

    def __call__(self, x):
        for w, b, act in zip(self.weights, self.biases, self.activations):
            x = prim.matmul(x, prim.transpose(w))
            if b is not None:
                x = x + b
            if act is not None:
                x = getattr(prim, act)(x)
        return x

    def __repr__(self):
        layers = ", ".join(f"Dense({w.shape[1]}->{w.shape[0]}, {act})"
                           for w, act in zip(self.weights, self.activations))
        return f"FunctionalMLP({layers})"


def _nn_available():
    try:
        from .. import nn
    except ImportError:         # pragma: no cover - nn is part of the package
        return None
    if all(hasattr(nn, name) for name in ("Dense", "SequentialCell")):
        return nn
    return None


@st.composite
def mlps(draw, *, dtype=np.float64, max_layers=3, max_width=4, max_batch=3,
         activations=_ACTIVATIONS, use_nn=None):
    """``(net, (x,))``: a small random MLP and a batch of inputs.

    With ``dualgrad.nn`` (``use_nn=None``: when it provides Dense and
    SequentialCell) the net is an ``nn.SequentialCell`` of ``nn.Dense`` layers
    whose weights Hypothesis draws; otherwise a ``FunctionalMLP`` of ops.
    Either way ``net.trainable_params()`` lists the weights.
    """
    dtype = _np_dtype(dtype)
    n_layers = draw(st.integers(1, max_layers))
    widths = [draw(st.integers(1, max_width)) for _ in range(n_layers + 1)]
    batch = draw(st.integers(1, max_batch))
    acts = [draw(st.sampled_from(activations)) for _ in range(n_layers)]
    has_bias = [draw(st.booleans()) for _ in range(n_layers)]
    elements = _float_elements(-1, 1, dtype)
    Ws, bs = [], []
    for k in range(n_layers):
        n_in, n_out = widths[k], widths[k + 1]
        Ws.append(draw(hnp.arrays(dtype, (n_out, n_in), elements=elements)) /
                  dtype.type(math.sqrt(n_in)))
        bs.append(draw(hnp.arrays(dtype, (n_out,), elements=elements)) if has_bias[k]
                  else None)
    x = Tensor(draw(hnp.arrays(dtype, (batch, widths[0]), elements=_float_elements(-2, 2, dtype))))
    nn = _nn_available() if use_nn in (None, True) else None
    if use_nn and nn is None:
        raise RuntimeError("mlps(use_nn=True): dualgrad.nn has no Dense/SequentialCell yet")
    if nn is not None:
        from .._dtypes import float32, float64
        layers = []
        for k in range(n_layers):
            layers.append(nn.Dense(
                widths[k], widths[k + 1], weight_init=Tensor(Ws[k]),
                bias_init=None if bs[k] is None else Tensor(bs[k]),
                has_bias=bs[k] is not None, activation=acts[k],
                dtype=float64 if dtype == np.float64 else float32))
        net = nn.SequentialCell(layers)
        return net, (x,)
    weights = [Parameter(Tensor(w), name=f"{k}.weight") for k, w in enumerate(Ws)]
    biases = [None if b is None else Parameter(Tensor(b), name=f"{k}.bias")
              for k, b in enumerate(bs)]
    return FunctionalMLP(weights, biases, acts), (x,)
