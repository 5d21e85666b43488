"""Differential fuzzer of the autodiff API: random small programs on MindSpore and dualgrad.

    python tests/oracle/fuzz.py --seed 1 --count 300          # generate, run both, compare
    python tests/oracle/fuzz.py --seed 1 --count 300 --show 5 # print 5 sources per kind
    python tests/oracle/fuzz.py --seed 1 --count 300 --out DIR --compare-only --known

Each program combines a function (plain functions of one to three Tensors,
Cells with Parameters, nested Cells, ``nn.Dense``, ``ops.Sin()`` primitives,
a ``bprop`` cell, tuple, list and non-scalar outputs, unused inputs,
``stop_gradient``...), arguments of random dtypes (float16/32/64, int,
bool, Python numbers) and shapes, and a transform with random options
(``grad`` and ``value_and_grad`` with ``grad_position``, ``weights``,
``has_aux``, ``return_ids``, ``sens_param``; ``GradOperation``; nested
``grad``; ``jvp``, ``vjp``, ``jacfwd``, ``jacrev``).  The programs are written
to one module (MindSpore parses the functions given to jvp and jacfwd, so
they need a source file), run by this same script under each interpreter,
and compared: output structure (tuples, lists, None), shapes, dtypes, values
to float32 rounding, printed text, and exception types.  Differences that
README's "Where dualgrad differs" already explains are counted by reason
(``KNOWN``) and shown only with ``--known``; the rest are listed by kind.

Not a test: a tool for finding differences; tests/oracle/programs.py keeps
the representative programs of each difference that was fixed.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

MINDSPORE_PYTHON = os.environ.get("DUALGRAD_MINDSPORE_PYTHON",
                                  "/work/peers/venv-mindspore/bin/python")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# ---------------------------------------------------------------------------
# The shared definitions every generated module starts with

HEADER = '''
import numpy as np
import mindspore as ms
import mindspore.nn as nn
import mindspore.ops as ops
from mindspore import Tensor, Parameter, ParameterTuple

W = Parameter(Tensor(np.array([1.5, -0.5, 2.0], np.float32)), name='w')
B = Parameter(Tensor(np.array([0.25], np.float32)), name='b')


class NetZ(nn.Cell):
    def __init__(self):
        super().__init__()
        self.z = Parameter(Tensor(np.array([1.5], np.float32)), name='z')

    def construct(self, x, y):
        return x * x * y * self.z


class Frozen(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([2.0], np.float32)), name='w')
        self.f = Parameter(Tensor(np.array([4.0], np.float32)), name='f', requires_grad=False)

    def construct(self, x):
        return x * self.w * self.f


class Inner(nn.Cell):
    def __init__(self):
        super().__init__()
        self.sin = ops.Sin()
        self.a = Parameter(Tensor(np.array([0.5], np.float32)), name='a')

    def construct(self, x):
        return self.sin(x) * self.a


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
        self.c = Parameter(Tensor(np.array([2.0], np.float32)), name='c')

    def construct(self, x, y):
        return self.inner(x) * self.c + y * y


class TwoOut(nn.Cell):
    def __init__(self):
        super().__init__()
        self.sin = ops.Sin()
        self.cos = ops.Cos()

    def construct(self, x, y):
        return self.sin(x) - self.cos(y), self.cos(x) - self.sin(y)


class DenseNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(3, 2, weight_init=Tensor(np.array(
            [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], np.float32)),
            bias_init=Tensor(np.array([0.01, -0.02], np.float32)))

    def construct(self, x):
        return ops.tanh(self.fc(x))


class Scale(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([2.0], np.float32)), name='w')

    def construct(self, a):
        return a * a * self.w

    def bprop(self, a, out, dout):
        return (dout * 10.0 * a,)


class Pair(nn.Cell):
    def construct(self, x, y):
        return x * y

    def bprop(self, x, y, out, dout):
        return (dout * y * 3.0, dout * x)


class PairHolder(nn.Cell):
    """Holds Pair, whose bprop's Jacobian is not symmetric: nested grads must see it."""

    def __init__(self):
        super().__init__()
        self.pair = Pair()

    def construct(self, x, y):
        return self.pair(x, y) * x


def f_pair(x, y):
    return PAIR(x, y) + y * y


PAIR = Pair()


def f_cube(x):
    return x * x * x


def f_sum(x):
    return (x * x).sum()


def f_mean(x):
    return ops.sin(x).mean()


def f_poly(x, y):
    return x * x * y


def f_tuple(x, y):
    return x * y, x + y


def f_list(x, y):
    return [x * y, ops.sin(x)]


def f_three(x, y):
    return x * x * y, x + 1, y * 2


def f_unused(x, y):
    return x * 2.0


def f_nested(x, y):
    return x * y, (x, y * y)


def f_stop(x, y):
    return x * ops.stop_gradient(y) + y * y


def f_stop_all(x, y):
    return ops.stop_gradient(x * y) + x


def f_const(x):
    return Tensor(np.array([1.0, 2.0], np.float32))


def f_prims(x):
    return ops.Sin()(x) * ops.Cos()(x) + ops.Exp()(x)


def f_w(x):
    return x * W + B


def f_w_only(x):
    return (W * W).sum() + x


def f_kw(x, y, scale=2.0):
    return x * y * scale


def f_three_in(x, y, z):
    return x * y + ops.exp(z)


def f_number(x):
    return 3.0


def f_none(x):
    return None


def f_bool_out(x):
    return x > 0


def f_int_out(x):
    return ops.cast(x, ms.int32)


def f_f64(x):
    return ops.cast(x, ms.float64) * x


def f_f16(x):
    return ops.cast(x, ms.float16) * 2


def f_dict(x):
    return {'a': x * x}


def f_matmul(a, b):
    return ops.matmul(a, b)


def f_reshape(x):
    return ops.reshape(x, (-1,)) * 2


def f_index(x):
    return x[0] * x[-1]


def f_where(x, y):
    return ops.where(x > 0, x * y, y)


def f_pow(x, y):
    return ops.pow(x, 2) * y


def f_square_aux(x, y):
    return (x * x).sum(), x * y


def f_tensor_aux(x, y):
    return x * y, Tensor(np.array([7.0], np.float32))


class TupleBprop(nn.Cell):
    def construct(self, x):
        return x * 2, x * x

    def bprop(self, x, out, dout):
        return (dout[0] * 2 + dout[1] * 2 * x,)


class ParamBprop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([3.0], np.float32)), name='w')

    def construct(self, x):
        return x * self.w

    def bprop(self, x, out, dout):
        return (dout * self.w * 2,)


class UsesBprop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.s = Scale()
        self.k = Parameter(Tensor(np.array([3.0], np.float32)), name='k')

    def construct(self, x):
        return self.s(x) * self.k + x * self.k


class StopCell(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([0.5, 1.5, -1.0], np.float32)), name='w')

    def construct(self, x):
        return ops.stop_gradient(self.w * x) * x + x * self.w


class SeqNet(nn.Cell):
    def __init__(self):
        super().__init__()
        self.body = nn.SequentialCell([
            nn.Dense(3, 4, weight_init=Tensor(np.array(
                [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2], [-0.6, 0.1, 0.4], [0.05, -0.3, 0.25]],
                np.float32)), bias_init='zeros'),
            nn.Tanh(),
            nn.Dense(4, 2, weight_init=Tensor(np.array(
                [[0.3, -0.5, 0.45, 0.2], [0.1, 0.2, -0.3, 0.4]], np.float32)),
                bias_init=Tensor(np.array([0.02, -0.01], np.float32)))])

    def construct(self, x):
        return self.body(x)


def f_stop_tuple(x, y):
    a, b = ops.stop_gradient((x * y, x + y))
    return a * x + b * y


def f_inner_grad(x):
    return ms.grad(f_cube)(x) * x


def f_inner_aux(x, y):
    g, (aux,) = ms.grad(f_square_aux, has_aux=True)(x, y)
    return g * aux


def f_mixed(x, y):
    return ops.cast(x, ms.float16) * y + x


def f_max(x):
    return x.max() * x.min()


def f_sum_axis(x):
    return ops.exp(x).sum(axis=-1)
'''

# name: (arity, elementwise?, tags).  "cell" entries name a class to instantiate.
FUNCTIONS = {
    "f_cube": (1, True, {}), "f_sum": (1, True, {}), "f_mean": (1, True, {}),
    "f_poly": (2, True, {}), "f_tuple": (2, True, {"multi"}), "f_list": (2, True, {"multi"}),
    "f_three": (2, True, {"multi"}), "f_unused": (2, True, {}),
    "f_nested": (2, True, {"multi"}), "f_stop": (2, True, {}), "f_stop_all": (2, True, {}),
    "f_const": (1, True, {}), "f_prims": (1, True, {}), "f_w": (1, True, {"W"}),
    "f_w_only": (1, True, {"W"}), "f_kw": (2, True, {"kw"}), "f_three_in": (3, True, {}),
    "f_number": (1, True, {"bad"}), "f_none": (1, True, {"bad"}),
    "f_bool_out": (1, True, {"bad"}), "f_int_out": (1, True, {"bad"}), "f_f64": (1, True, {}),
    "f_f16": (1, True, {}), "f_dict": (1, True, {"bad"}), "f_matmul": (2, False, {"matmul"}),
    "f_reshape": (1, True, {}), "f_index": (1, True, {"vector"}), "f_where": (2, True, {}),
    "f_pow": (2, True, {}), "f_square_aux": (2, True, {"multi"}),
    "f_tensor_aux": (2, True, {"multi"}),
    "TupleBprop": (1, True, {"cell", "bprop", "multi"}),
    "ParamBprop": (1, True, {"cell", "bprop"}),
    "UsesBprop": (1, True, {"cell"}), "StopCell": (1, True, {"cell", "vector"}),
    "SeqNet": (1, False, {"cell", "dense"}), "f_stop_tuple": (2, True, {}),
    "f_inner_grad": (1, True, {}), "f_inner_aux": (2, True, {}), "f_mixed": (2, True, {}),
    "f_max": (1, True, {}), "f_sum_axis": (1, True, {}),
    "NetZ": (2, True, {"cell"}), "Frozen": (1, True, {"cell"}), "Outer": (2, True, {"cell"}),
    "TwoOut": (2, True, {"cell", "multi"}), "DenseNet": (1, False, {"cell", "dense"}),
    "Scale": (1, True, {"cell", "bprop"}), "Pair": (2, True, {"cell", "bprop"}),
    "PairHolder": (2, True, {"cell"}), "f_pair": (2, True, {}),
}

WEIGHT_FORMS = {
    "NetZ": ["net.z", "net.trainable_params()", "ParameterTuple(net.trainable_params())",
             "[net.z]", "(net.z,)"],
    "Frozen": ["net.f", "net.w", "[net.w, net.f]", "net.trainable_params()",
               "ParameterTuple([net.w, net.f])"],
    "Outer": ["net.trainable_params()", "net.inner.a", "[net.c]",
              "ParameterTuple(net.trainable_params())", "net.inner.trainable_params()"],
    "TwoOut": ["net.trainable_params()"],
    "DenseNet": ["net.trainable_params()", "net.fc.weight", "[net.fc.bias, net.fc.weight]",
                 "ParameterTuple(net.trainable_params())"],
    "Scale": ["net.trainable_params()", "net.w"],
    "Pair": ["net.trainable_params()"],
    "PairHolder": ["net.trainable_params()"],
    "ParamBprop": ["net.trainable_params()", "net.w"],
    "UsesBprop": ["net.trainable_params()", "net.k", "[net.s.w, net.k]"],
    "StopCell": ["net.trainable_params()", "net.w"],
    "SeqNet": ["net.trainable_params()", "net.body[0].weight",
               "ParameterTuple(net.trainable_params())"],
    "f_w": ["W", "[W, B]", "ParameterTuple([W, B])", "(B,)", "{'w': W}"],
    "f_w_only": ["W", "[W, B]", "ParameterTuple([W])", "B"],
}

DTYPES = ["float32"] * 6 + ["float64", "float16", "int32", "int64", "bool", "pyfloat", "pyint"]
SHAPES = [(), (1,), (3,), (3,), (2, 3)]


def literal(rng, dtype, shape):
    """Source of a Tensor (or Python number) of ``dtype`` and ``shape``."""
    if dtype == "pyfloat":
        return repr(round(rng.uniform(0.3, 2.0), 2))
    if dtype == "pyint":
        return str(rng.randint(1, 3))
    n = 1
    for s in shape:
        n *= s
    if dtype == "bool":
        vals = [rng.random() < 0.5 for _ in range(n)]
    elif dtype.startswith("int"):
        vals = [rng.randint(-3, 3) for _ in range(n)]
    else:
        vals = [round(rng.choice([-1, 1]) * rng.uniform(0.3, 2.0), 2) for _ in range(n)]
    import numpy as np
    arr = np.array(vals).reshape(shape).tolist()
    np_dtype = "np.bool_" if dtype == "bool" else f"np.{dtype}"
    return f"Tensor(np.array({arr!r}, {np_dtype}))"


def float_arg(rng, shape):
    dtype = rng.choice(["float32"] * 5 + ["float64", "float16"])
    return literal(rng, dtype, shape)


def make_args(rng, name, arity, tags, odd_dtypes):
    """Sources of the positional arguments."""
    if "matmul" in tags:
        return [float_arg(rng, (2, 3)), float_arg(rng, (3, 2))]
    if "dense" in tags:
        return [float_arg(rng, rng.choice([(3,), (2, 3)]))]
    shape = rng.choice(SHAPES)
    if "vector" in tags or "cell" in tags and shape == ():
        shape = (3,)
    args = []
    for _ in range(arity):
        if odd_dtypes and rng.random() < 0.35:
            args.append(literal(rng, rng.choice(DTYPES), shape))
        else:
            args.append(literal(rng, "float32" if rng.random() < 0.8 else
                                rng.choice(["float64", "float16"]), shape))
    return args


def ones_like_source(expr):
    return f"ops.ones_like({expr})"


def gen_position(rng, arity):
    """(source or None for the default, description)."""
    forms = ["default", "int", "int", "tuple", "tuple", "none", "negative", "range",
             "dup", "empty", "list", "bool"]
    kind = rng.choice(forms)
    if kind == "default":
        return None
    if kind == "int":
        return str(rng.randrange(arity))
    if kind == "tuple":
        k = rng.randint(1, arity)
        return repr(tuple(sorted(rng.sample(range(arity), k))) if rng.random() < 0.7
                    else tuple(rng.sample(range(arity), k)))
    if kind == "none":
        return "None"
    if kind == "negative":
        return rng.choice(["-1", "(-1,)", "(0, -1)"])
    if kind == "range":
        return rng.choice([str(arity), f"(0, {arity})"])
    if kind == "dup":
        return "(0, 0)"
    if kind == "empty":
        return "()"
    if kind == "list":
        return repr(list(range(arity)))
    return "True"


def sens_lines(lines, fn, call):
    """Append the lines computing a cotangent of fn's output (twos); the call's extra argument."""
    lines.append(f"out0 = {fn}({call})")
    lines.append("sens = ops.ones_like(out0) * 2 if isinstance(out0, Tensor) else "
                 "tuple(ops.ones_like(o) * 2 for o in out0)")
    return ", sens"


def gen_training(rng):
    """A few steps of MindSpore's training pieces on a small network."""
    lines = [f"net = {rng.choice(['DenseNet', 'SeqNet'])}()",
             f"x = {literal(rng, 'float32', (4, 3))}",
             f"y = {literal(rng, 'float32', (4, 2))}"]
    opt = rng.choice(["nn.SGD(net.trainable_params(), learning_rate=0.1)",
                      "nn.SGD(net.trainable_params(), 0.1, momentum=0.9)",
                      "nn.Momentum(net.trainable_params(), 0.1, 0.9)",
                      "nn.Adam(net.trainable_params(), 0.01)"])
    loss = rng.choice(["nn.MSELoss()", "nn.L1Loss()", "nn.SmoothL1Loss()"])
    form = rng.choice(["train", "train", "withgrad", "value_and_grad", "grad_list"])
    lines.append(f"loss_fn = {loss}")
    if form == "train":
        sens = rng.choice(["", "", ", sens=2.0"])
        lines.append(f"opt = {opt}")
        lines.append(f"train = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn), opt{sens})")
        lines.append("losses = [train(x, y) for _ in range(3)]")
    elif form == "withgrad":
        lines.append("losses = [nn.WithGradCell(net, loss_fn)(x, y)]")
    elif form == "value_and_grad":
        lines.append(f"opt = {opt}")
        lines.append("def forward(a, b):\n        return loss_fn(net(a), b)")
        lines.append("step = ms.value_and_grad(forward, None, opt.parameters)")
        lines.append("losses = []")
        lines.append("for _ in range(3):\n        l, g = step(x, y)\n        opt(g)\n"
                     "        losses.append(l)")
    else:
        lines.append("def forward(a, b):\n        return loss_fn(net(a), b), net(a)")
        lines.append(f"losses = [ms.grad(forward, {rng.choice(['None', '0', '(0, 1)'])}, "
                     f"net.trainable_params(), has_aux=True)(x, y)]")
    lines.append("res = (losses, tuple(Tensor(p.asnumpy()) for p in net.trainable_params()))")
    return "train", lines


def gen_program(rng):
    """(category, setup lines, expression lines) of one program."""
    if rng.random() < 0.08:
        return gen_training(rng)
    name = rng.choice(list(FUNCTIONS))
    arity, _, tags = FUNCTIONS[name]
    lines = []
    if "cell" in tags:
        lines.append(f"net = {name}()")
        fn = "net"
    else:
        fn = name
    odd = rng.random() < 0.3
    args = make_args(rng, name, arity, tags, odd)
    for i, a in enumerate(args):
        lines.append(f"a{i} = {a}")
    argnames = [f"a{i}" for i in range(len(args))]
    call = ", ".join(argnames)
    weights = WEIGHT_FORMS.get(name, [])
    kind = rng.choice(["grad"] * 5 + ["value_and_grad"] * 3 + ["gradop"] * 2 + ["nested"] * 2
                      + ["jvp", "vjp", "jacfwd", "jacrev"] + ["kw", "get_grad"])
    if kind in ("grad", "value_and_grad"):
        opts = []
        gp = gen_position(rng, arity)
        if gp is not None:
            opts.append(f"grad_position={gp}")
        if weights and rng.random() < 0.6:
            opts.append(f"weights={rng.choice(weights)}")
        elif rng.random() < 0.05:
            opts.append(f"weights={rng.choice(['W', '[W]', 'a0'])}")
        if rng.random() < (0.5 if "multi" in tags else 0.1):
            opts.append("has_aux=True")
        if rng.random() < 0.2:
            opts.append("return_ids=True")
        sens = rng.random() < 0.12
        if sens:
            opts.append("sens_param=True")
        extra = sens_lines(lines, fn, call) if sens else ""
        lines.append(f"res = ms.{kind}({fn}{''.join(', ' + o for o in opts)})({call}{extra})")
        return kind, lines
    if kind == "get_grad" and "cell" in tags and weights:
        lines.append(f"ids = ms.grad({fn}, {repr(tuple(range(arity)))}, weights={weights[0]}, "
                     "return_ids=True)(" + call + ")")
        lines.append(f"res = (ms.get_grad(ids, {rng.randrange(arity)}), "
                     f"tuple(ms.get_grad(ids, p) for p in net.trainable_params()))")
        return kind, lines
    if kind in ("kw", "get_grad"):
        if "kw" in tags:
            transform = rng.choice(['grad', 'value_and_grad'])
            position = rng.choice(['0', '(0, 1)', '1'])
            lines.append(f"res = ms.{transform}({fn}, {position})({call}, "
                         f"scale={rng.choice(['3.0', 'a0'])})")
        else:
            lines.append(f"res = ms.grad({fn})(a0{', ' if len(argnames) > 1 else ''}"
                         f"{', '.join(argnames[1:])})")
        return "kw", lines
    if kind == "gradop":
        get_all = rng.random() < 0.5
        get_by_list = bool(weights) and rng.random() < 0.6
        sens = rng.random() < 0.3
        opts = ", ".join(o for o, on in (("get_all=True", get_all),
                                          ("get_by_list=True", get_by_list),
                                          ("sens_param=True", sens)) if on)
        w = f", {rng.choice(weights)}" if get_by_list else ""
        if get_by_list and "cell" in tags and rng.random() < 0.3:
            w = ""      # MindSpore then takes the Parameters fn reads
        extra = sens_lines(lines, fn, call) if sens else ""
        lines.append(f"res = ops.GradOperation({opts})({fn}{w})({call}{extra})")
        return "gradop", lines
    if kind == "nested":
        g1 = gen_position(rng, arity) if rng.random() < 0.5 else None
        g2 = gen_position(rng, arity) if rng.random() < 0.5 else None
        inner = f"ms.grad({fn}{', ' + g1 if g1 else ''})"
        outer = rng.choice(["grad", "grad", "value_and_grad"])
        if weights and rng.random() < 0.4:
            g2 = f"{g2 or '0'}, weights={rng.choice(weights)}"
        lines.append(f"res = ms.{outer}({inner}{', ' + g2 if g2 else ''})({call})")
        return "nested", lines
    if kind == "jvp":
        ha = "multi" in tags and rng.random() < 0.4
        if arity == 1 and rng.random() < 0.6:
            inp, v = argnames[0], f"ops.ones_like({argnames[0]})"
        else:
            inp = "(" + ", ".join(argnames) + ("," if arity == 1 else "") + ")"
            v = "(" + ", ".join(f"ops.ones_like({a})" for a in argnames) + \
                ("," if arity == 1 else "") + ")"
        if rng.random() < 0.1:
            v = "Tensor(np.array([1.0, 2.0], np.float32))"
        lines.append(f"res = ms.jvp({fn}, {inp}, {v}{', has_aux=True' if ha else ''})")
        return "jvp", lines
    if kind == "vjp":
        ha = "multi" in tags and rng.random() < 0.4
        w = ""
        if weights and rng.random() < 0.4:
            w = f", weights={rng.choice(weights)}"
        lines.append(f"vjp_out = ms.vjp({fn}, {call}{w}{', has_aux=True' if ha else ''})")
        lines.append("out = vjp_out[0]")
        lines.append("cot = ops.ones_like(out) if isinstance(out, Tensor) else "
                     "tuple(ops.ones_like(o) for o in out)")
        lines.append("res = (vjp_out[0], vjp_out[1](cot)) + tuple(vjp_out[2:])")
        return "vjp", lines
    gp = gen_position(rng, arity) if rng.random() < 0.5 else None
    ha = "multi" in tags and rng.random() < 0.4
    opts = (f", grad_position={gp}" if gp else "") + (", has_aux=True" if ha else "")
    lines.append(f"res = ms.{kind}({fn}{opts})({call})")
    return kind, lines


def generate(seed, count):
    rng = random.Random(seed)
    programs = []
    for i in range(count):
        kind, lines = gen_program(rng)
        programs.append((f"p{seed}_{i:04d}", kind, lines))
    return programs


def module_source(programs):
    parts = [HEADER]
    for name, kind, lines in programs:
        body = "\n".join("    " + l for l in lines)
        parts.append(f"\n\ndef {name}():  # {kind}\n{body}\n    return res\n")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Running (inside either interpreter)

def record(x, depth=0):
    if depth > 8:
        return {"deep": True}
    if x is None:
        return {"none": None}
    if isinstance(x, tuple):
        return {"tuple": [record(v, depth + 1) for v in x]}
    if isinstance(x, list):
        return {"list": [record(v, depth + 1) for v in x]}
    if isinstance(x, dict):
        return {"dict": {str(k): record(v, depth + 1) for k, v in x.items()}}
    if isinstance(x, str):
        return {"str": x}
    if isinstance(x, (bool, int, float)):
        return {"number": [type(x).__name__, x]}
    if hasattr(x, "asnumpy"):
        import numpy as np
        a = x.asnumpy()
        kind = "parameter" if type(x).__name__ == "Parameter" else "tensor"
        return {kind: {"shape": list(a.shape), "dtype": str(a.dtype),
                       "values": [v if v == v else "nan" for v in
                                  a.astype(np.float64).reshape(-1).tolist()]}}
    return {"other": type(x).__name__}


def run(framework, module_path, names):
    import contextlib
    import io
    if framework == "dualgrad":
        sys.path.insert(0, ROOT)
        import dualgrad
        import dualgrad.nn
        import dualgrad.ops
        sys.modules.update({"mindspore": dualgrad, "mindspore.nn": dualgrad.nn,
                            "mindspore.ops": dualgrad.ops})
    else:
        import mindspore
        mindspore.set_device("CPU")
    import importlib.util
    spec = importlib.util.spec_from_file_location("fuzzprogs", module_path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzzprogs"] = mod
    spec.loader.exec_module(mod)
    for name in names:
        entry = {"name": name}
        try:
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                res = getattr(mod, name)()
            entry["result"] = record(res)
            try:
                entry["text"] = str(res)
            except Exception as e:  # printing itself failing is a finding too
                entry["text"] = f"<str raised {type(e).__name__}>"
        except BaseException as e:  # recorded, so that one failure does not hide the others
            entry["error"] = type(e).__name__
            entry["message"] = str(e)[:300]
        sys.stdout.write(json.dumps(entry) + "\n")
        sys.stdout.flush()


def run_all(python, framework, module_path, names, timeout=900):
    """Results by name; a crashed process is restarted after the program it died on."""
    results = {}
    remaining = list(names)
    while remaining:
        proc = subprocess.run([python, os.path.abspath(__file__), "--run", framework,
                               module_path] + remaining, capture_output=True, text=True,
                              timeout=timeout, cwd=tempfile.gettempdir())
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                results[entry["name"]] = entry
        remaining = [n for n in remaining if n not in results]
        if remaining:
            results[remaining[0]] = {"name": remaining[0], "error": "Crash",
                                     "message": proc.stderr[-300:]}
            remaining = remaining[1:]
    return results


# ---------------------------------------------------------------------------
# Comparing

def differences(want, have, path="res"):
    """A list of (kind, detail) where ``have`` differs from ``want``."""
    (wk, wv), = want.items()
    (hk, hv), = have.items()
    if wk != hk:
        return [("structure", f"{path}: {hk} vs MindSpore {wk}")]
    if wk in ("tuple", "list"):
        if len(wv) != len(hv):
            return [("structure", f"{path}: {wk} of {len(hv)} vs MindSpore's {len(wv)}")]
        out = []
        for i, (w, h) in enumerate(zip(wv, hv)):
            out += differences(w, h, f"{path}[{i}]")
        return out
    if wk == "dict":
        if wv.keys() != hv.keys():
            return [("structure", f"{path}: keys {list(hv)} vs {list(wv)}")]
        out = []
        for k in wv:
            out += differences(wv[k], hv[k], f"{path}[{k!r}]")
        return out
    if wk in ("tensor", "parameter"):
        if wv["shape"] != hv["shape"]:
            return [("shape", f"{path}: {hv['shape']} vs MindSpore {wv['shape']}")]
        if wv["dtype"] != hv["dtype"]:
            return [("dtype", f"{path}: {hv['dtype']} vs MindSpore {wv['dtype']}")]
        import numpy as np
        a = np.array([np.nan if v == "nan" else v for v in hv["values"]], float)
        b = np.array([np.nan if v == "nan" else v for v in wv["values"]], float)
        tol = 2e-3 if wv["dtype"] == "float16" else 2e-5
        if not np.allclose(a, b, rtol=tol, atol=tol, equal_nan=True):
            return [("value", f"{path}: {a.tolist()} vs MindSpore {b.tolist()}")]
        return []
    if wk == "number":
        if wv[0] != hv[0]:
            return [("structure", f"{path}: {hv[0]} vs MindSpore {wv[0]}")]
        import math
        if not math.isclose(wv[1], hv[1], rel_tol=2e-6):
            return [("value", f"{path}: {hv[1]} vs MindSpore {wv[1]}")]
        return []
    if wv != hv:
        return [("other", f"{path}: {hv!r} vs MindSpore {wv!r}")]
    return []


def unsigned_zeros(text):
    if text is None:
        return None
    text = re.sub(r"-0\.(0*)(e\+00)?(?![0-9])", r" 0.\1\2", text)
    return re.sub(r"value= -0(?![0-9.e])", "value= 0", text)   # a 0-d zero printed as -0


def compare(expected, actual):
    """{name: [(kind, detail)]} for every program whose results differ."""
    report = {}
    for name, want in expected.items():
        have = actual.get(name, {"error": "Missing"})
        if "error" in want or "error" in have:
            if "error" in want and "error" in have:
                if want["error"] != have["error"]:
                    report[name] = [("exception type", f"{have['error']} vs MindSpore "
                                     f"{want['error']}: {want['message'][:150]}")]
            elif "error" in want:
                report[name] = [("MindSpore raises", f"{want['error']}: "
                                 f"{want['message'][:200]}")]
            else:
                report[name] = [("dualgrad raises", f"{have['error']}: "
                                 f"{have['message'][:200]}")]
            continue
        diffs = differences(want["result"], have["result"])
        # printed text is compared where the values are the same to the bit
        # (and a zero's sign, which neither framework promises, is ignored)
        if (not diffs and want["result"] == have["result"]
                and unsigned_zeros(want.get("text")) != unsigned_zeros(have.get("text"))):
            diffs = [("text", f"{have.get('text')!r} vs MindSpore {want.get('text')!r}")]
        if diffs:
            report[name] = diffs
    return report


# Differences already explained: README's "Where dualgrad differs" (deliberate,
# or MindSpore 2.10 failing or wrong).  Each is (reason, test of the program's
# source, MindSpore's message, dualgrad's message and the difference's detail).
KNOWN = [
    ("mixed dtypes: jacrev gives the input's dtype (MindSpore, through a bprop: the output's)",
     lambda src, ms, dg, d: "jacrev" in src and d.startswith("res") and " vs MindSpore float"
     in d and re.search(r"float16\)", src) is not None),
    ("grad_position=None without weights: ValueError before fn runs",
     lambda src, ms, dg, d: "cannot both be None" in dg),
    ("weights as a dict: TypeError before has_aux is checked",
     lambda src, ms, dg, d: "weights={" in src and "got dict" in dg),
    ("MindSpore's jacfwd/jacrev fail on nested tuple outputs",
     lambda src, ms, dg, d: "jac" in src and "f_nested" in src
     and ("For 'Size'" in ms or "OnesLike" in ms)),
    ("MindSpore fails to join or match dtypes (mixed float inputs)",
     lambda src, ms, dg, d: "Type Join Failed" in ms or "MatMul" in ms or "AddN" in ms),
    ("a grad_position out of range or empty: ValueError (MindSpore: RuntimeError)",
     lambda src, ms, dg, d: "Position index" in ms or "should not be empty" in ms
     or "grad_position=()" in src or re.search(r"grad\(\w+, \(\)\)", src) is not None),
    ("get_grad of a position or Parameter the gradient lacks: ValueError (MindSpore: "
     "RuntimeError)",
     lambda src, ms, dg, d: "Can not find the gradient for position or Parameter" in ms
     and "get_grad" in dg),
    ("a bool grad_position: TypeError (MindSpore reads True as 1)",
     lambda src, ms, dg, d: "grad_position=True" in src
     or re.search(r", True(\)|, weights=)", src) is not None),
    ("integer inputs of exp, sin...: computed in float32 (MindSpore's CPU kernels refuse)",
     lambda src, ms, dg, d: "Select CPU operator" in ms and "Unsupported data type" in ms
     and re.search(r"np\.(int|bool)", src) is not None),
    ("fn returning None: TypeError (MindSpore: zero gradients)",
     lambda src, ms, dg, d: "f_none" in src),
    ("an integer Tensor at a grad_position or jvp input: TypeError",
     lambda src, ms, dg, d: "can only differentiate floating-point" in dg),
    ("a cast to an integer dtype carries no derivative (MindSpore's Cast passes it)",
     lambda src, ms, dg, d: "f_int_out" in src),
    ("GradOperation(get_all=True): integer and bool inputs get zeros",
     lambda src, ms, dg, d: "get_all=True" in src and re.search(r"np\.(int|bool)", src)),
    ("weights that are Tensors, not Parameters: TypeError",
     lambda src, ms, dg, d: "weights=a0" in src),
    ("return_ids with an empty weights list: MindSpore 2.10 flattens (p, g, ())",
     lambda src, ms, dg, d: "return_ids=True" in src and "weights=" in src
     and "tuple of 2 vs MindSpore's 3" in d),
    ("return_ids with one position other than 0: MindSpore 2.10 keeps gradient[0]",
     lambda src, ms, dg, d: "return_ids=True" in src and (
         "tuple of 2 vs" in d or "Cannot iterate over a scalar" in ms
         or "only one element" in ms
         or (re.search(r"grad_position=([1-9]|\([1-9],\))", src)
             and "vs MindSpore []" in d))),
    ("a Python number at a grad_position is differentiated (MindSpore skips it)",
     lambda src, ms, dg, d: re.search(r"^a\d = -?[0-9.]+$", src, re.M) is not None),
    ("one Tensor object at two positions (MindSpore sums them)",
     lambda src, ms, dg, d: "scale=a0" in src),
    ("MindSpore fails on list, dict or number outputs, numbers given to vjp, bool to Sin",
     lambda src, ms, dg, d: any(m in ms for m in (
         'OnesLike with "x=List', 'OnesLike with "x=Tuple[', "Dictionary",
         'OnesLike with "x=Float32"',
         "The inputs type must be Tensor", "Sin] fail", "'float32' object is not iterable",
         "input must be a Tensor, but got: String"))),
    ("MindSpore fails: integer indices in nested grad, jacobians of max, bprop cells "
     "in forward modes, a sens of the wrong structure or dtype",
     lambda src, ms, dg, d: any(m in ms for m in (
         "Only support integers, slices", "InplaceMaskedFill", "vmap contains control flow",
         "'bprop' of Primitive or Cell requires", "does not support using Parameter",
         "sens gradient", "OnesLike()(x=Tuple<", "Get empty value seq"))),
    ("MindSpore 2.10's jvp, jacfwd and jacrev hold an inner grad's aux constant",
     lambda src, ms, dg, d: re.search(r"ms\.(jvp|jacfwd|jacrev)\(f_inner_aux", src) is not None),
    ("Cell without weights: trainable_params(), MindSpore the Parameters read",
     lambda src, ms, dg, d: re.search(r"get_by_list=True[^)]*\)\(net\)", src) is not None),
    ("a jvp tangent of another shape than its input: ValueError (MindSpore broadcasts them)",
     lambda src, ms, dg, d: "expected a tangent of shape" in dg),
    ("MindSpore 2.10's zero second derivatives through matrix products",
     lambda src, ms, dg, d: re.search(r"ms\.\w+\(ms\.grad\((net|f_matmul)", src) is not None
     and ("DenseNet" in src or "SeqNet" in src or "f_matmul" in src)),
]


def explain(source, want, have, detail):
    """The KNOWN reason for a difference, or None."""
    src = "\n".join(source)
    ms_msg = want.get("message", "") if "error" in want else ""
    dg_msg = have.get("message", "") if "error" in have else ""
    for reason, test in KNOWN:
        if test(src, ms_msg, dg_msg, detail):
            return reason
    return None


def add_run_arguments(parser, show):
    """The options every fuzzer here takes."""
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--out", default=None, help="directory for the module and results")
    parser.add_argument("--show", type=int, default=show, help="sources shown per kind")
    parser.add_argument("--compare-only", action="store_true",
                        help="compare the results an earlier run saved in --out")


def run_both(options, prefix, source, names):
    """Write the programs' module, run it on MindSpore and dualgrad (or load the
    results a run saved in --out): (module path, MindSpore's, dualgrad's)."""
    out = options.out or tempfile.mkdtemp(prefix=f"dualgrad-{prefix}-")
    os.makedirs(out, exist_ok=True)
    module_path = os.path.join(out, f"{prefix}_{options.seed}.py")
    with open(module_path, "w") as f:
        f.write(source)
    saved = os.path.join(out, f"results_{options.seed}.json")
    if options.compare_only:
        with open(saved) as f:
            results = json.load(f)
        return module_path, results["mindspore"], results["dualgrad"]
    expected = run_all(MINDSPORE_PYTHON, "mindspore", module_path, names)
    actual = run_all(sys.executable, "dualgrad", module_path, names)
    with open(saved, "w") as f:
        json.dump({"mindspore": expected, "dualgrad": actual}, f)
    return module_path, expected, actual


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        run(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_run_arguments(parser, show=2)
    parser.add_argument("--all", action="store_true", help="show every difference")
    parser.add_argument("--known", action="store_true",
                        help="also show the differences README already explains")
    options = parser.parse_args()
    programs = generate(options.seed, options.count)
    module_path, expected, actual = run_both(options, "fuzz", module_source(programs),
                                             [p[0] for p in programs])
    report = compare(expected, actual)
    sources = {name: (kind, lines) for name, kind, lines in programs}
    by_kind, known = {}, {}
    for name, diffs in report.items():
        reason = explain(sources[name][1], expected[name], actual[name], diffs[0][1])
        if reason is not None:
            known[reason] = known.get(reason, 0) + 1
            if not options.known:
                continue
        by_kind.setdefault(diffs[0][0], []).append(name)
    print(f"{len(programs)} programs, {len(report)} differ, {sum(known.values())} of them "
          f"as README explains; module {module_path}")
    for reason, n in sorted(known.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d}  {reason}")
    for kind, members in sorted(by_kind.items()):
        print(f"\n=== {kind}: {len(members)}")
        for name in members if options.all else members[:options.show]:
            print(f"--- {name} ({sources[name][0]}): {report[name][0][1]}")
            print("\n".join("    " + l for l in sources[name][1]))


if __name__ == "__main__":
    main()
