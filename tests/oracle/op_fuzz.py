"""Differential fuzzer of the operators' derivatives: random compositions, MindSpore vs dualgrad.

    python tests/oracle/op_fuzz.py --seed 1 --count 300          # generate, run both, compare
    python tests/oracle/op_fuzz.py --seed 1 --count 300 --show 5 # print 5 sources per kind

Each program is a scalar function f(x, y) of two float Tensors (shapes that
broadcast, float64 or float32) built from a random expression over the
elementwise, binary, reduction, scan and rearranging operators both
frameworks have.  Arguments are mapped into each operator's domain by smooth
functions (a logarithm reads ``softplus(e) + 0.25``, an arcsine
``0.9 * tanh(e)``), so that every derivative exists.  The program returns
f, its gradient with respect to both arguments, the second derivatives
``grad(grad(f, i), j)`` for all four (i, j), and a jvp; the two frameworks'
results are compared as ``fuzz.py`` compares them (values to 2e-5 relative
in float64, structure, dtypes, exception types).

Where fuzz.py explores the transforms' API, this explores the derivative
rules and their composition: broadcasting, reductions over an axis, the
second-order rules that MindSpore implements by differentiating its first-
order bprops.  A tool for finding differences; tests/test_op_compositions.py
runs its programs on dualgrad alone against finite differences.
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import fuzz  # noqa: E402  (the runner and the comparison are shared)

HEADER = '''
import numpy as np
import mindspore as ms
import mindspore.ops as ops
from mindspore import Tensor


def pos(e):
    return ops.softplus(e) + 0.25


def unit(e):
    return ops.tanh(e) * 0.9


def small(e):
    return ops.tanh(e) * 1.2


def attempt(call):
    """The result, or the exception's type: one failing entry does not hide the others."""
    try:
        return call()
    except Exception as e:
        return "raises " + type(e).__name__
'''

# operator: how its argument is mapped into its domain
UNARY = {
    "sin": "{}", "cos": "{}", "tanh": "{}", "sigmoid": "{}", "atan": "{}", "asinh": "{}",
    "erf": "{}", "softplus": "{}", "square": "{}", "neg": "{}", "softsign": "{}",
    "erfc": "{}", "gelu": "{}", "silu": "{}", "mish": "{}", "selu": "{}", "elu": "{}",
    "logsigmoid": "{}", "sinc": "{}", "deg2rad": "{}", "rad2deg": "small({})",
    "exp": "small({})", "expm1": "small({})", "exp2": "small({})", "sinh": "small({})",
    "cosh": "small({})", "tan": "small({})", "bessel_i0": "small({})",
    "bessel_j0": "{}", "log": "pos({})", "sqrt": "pos({})", "rsqrt": "pos({})",
    "reciprocal": "pos({})", "log1p": "pos({})", "log2": "pos({})", "log10": "pos({})",
    "lgamma": "pos({})", "digamma": "pos({})", "acosh": "(pos({}) + 1.0)",
    "asin": "unit({})", "acos": "unit({})", "atanh": "unit({})", "erfinv": "unit({})",
    "logit": "ops.sigmoid({})", "bessel_j1": "{}", "bessel_i0e": "{}", "bessel_i1": "small({})",
    "bessel_y0": "pos({})", "bessel_k0": "pos({})", "tanhshrink": "{}", "arcsinh": "{}",
}
BINARY = {
    "add": "ops.add({}, {})", "sub": "ops.sub({}, {})", "mul": "ops.mul({}, {})",
    "div": "ops.div({}, pos({}))", "pow": "ops.pow(pos({}), small({}))",
    "atan2": "ops.atan2({}, pos({}))", "hypot": "ops.hypot(pos({}), pos({}))",
    "xlogy": "ops.xlogy({}, pos({}))", "logaddexp": "ops.logaddexp({}, {})",
    "maximum": "ops.maximum({}, {} + 0.125)",
    "minimum": "ops.minimum({}, {} - 0.125)", "operator *": "({} * {})",
    "operator /": "({} / pos({}))", "operator **": "(pos({}) ** 2.5 * {})",
    "logaddexp2": "ops.logaddexp2({}, {})", "xdivy": "ops.xdivy({}, pos({}))",
    "polygamma": "(ops.polygamma(Tensor(1), pos({})) * {})",
    "addcmul": "ops.addcmul({0}, {1}, {0}, 0.5)",
    "addcdiv": "ops.addcdiv({1}, {0}, pos({1}), 0.5)",
}
# operators over the last axis, and forms that read their operand more than once
ALONG = {
    "matmul": "({} * ops.matmul(ops.reshape({}, (1, -1)), ops.reshape({}, (-1, 1))))",
    "where": "ops.where({} > 0.1, {}, {} * 0.5)", "clamp": "ops.clamp({}, -0.8, 0.9)",
    "getitem reversed": "{}[..., ::-1]",
    "swapped and back": "ops.swapaxes(ops.swapaxes({}[None], 0, -1) * 1.5, 0, -1)[0]",
    "softmax": "ops.softmax({}, -1)", "log_softmax": "ops.log_softmax({}, -1)",
    "cumsum": "ops.cumsum({}, -1)", "cumprod": "ops.cumprod(small({}), -1)",
    "logcumsumexp": "ops.logcumsumexp(small({}), -1)",
    "mean keep": "({} - ops.mean({}, -1, True))",
    "amax keep": "({} * ops.amax({}, -1, True))",
    "logsumexp keep": "({} + ops.logsumexp({}, -1, True))",
    "flip": "ops.flip({}, (-1,))",
    "std keep": "({} / (ops.std({}, -1, keepdims=True) + 0.5))",
    "norm keep": "({} / ops.norm(pos({}), dim=-1, keepdim=True))",
}
# the final reduction to a scalar
FINAL = ["ops.sum({})", "ops.mean({})", "ops.logsumexp(ops.reshape({}, (-1,)), 0)",
         "ops.prod(small({}))", "ops.norm({})", "ops.amax({})"]
SHAPES = [((3,), (3,)), ((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), (1, 3)), ((4,), (1,)),
          ((2, 1), (1, 3))]


def expression(rng, depth):
    if depth == 0:
        return rng.choice(["x", "y"])
    kind = rng.random()
    if kind < 0.45:
        name = rng.choice(sorted(UNARY))
        return f"ops.{name}({UNARY[name].format(expression(rng, depth - 1))})"
    if kind < 0.85:
        form = BINARY[rng.choice(sorted(BINARY))]
        return form.format(expression(rng, depth - 1), expression(rng, depth - 1))
    form = ALONG[rng.choice(sorted(ALONG))]
    inner = expression(rng, depth - 1)
    return form.format(*[inner] * form.count("{}"))


def array(rng, shape, dtype):
    n = 1
    for s in shape:
        n *= s
    vals = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(n)]
    return f"Tensor(np.array({vals}, np.{dtype}).reshape({shape}))"


def gen_program(rng, name):
    (sx, sy) = rng.choice(SHAPES)
    dtype = "float64" if rng.random() < 0.75 else "float32"
    body = expression(rng, rng.randint(1, 3))
    final = rng.choice(FINAL)
    fn = (f"def f_{name}(x, y):\n    return {final.format(body)}\n\n\n"
          f"def inputs_{name}():\n"
          f"    return ({array(rng, sx, dtype)},\n            {array(rng, sy, dtype)},\n"
          f"            {array(rng, sx, dtype)},\n            {array(rng, sy, dtype)})\n")
    lines = [f"x, y, vx, vy = inputs_{name}()", f"f = f_{name}",
             "res = [attempt(lambda: f(x, y)), attempt(lambda: ms.grad(f, (0, 1))(x, y))]",
             "for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)):",
             "    res.append(attempt(lambda: ms.grad(ms.grad(f, i), j)(x, y)))",
             "res.append(attempt(lambda: ms.jvp(f, (x, y), (vx, vy))[1]))"]
    return fn, lines


# ---------------------------------------------------------------------------
# Finite differences: the judge where the two frameworks' derivatives differ

FD_STEP = 1e-5


def dualgrad_module(source, path):
    """The generated programs written to ``path`` and imported on dualgrad itself."""
    import importlib.util
    source = (source.replace("import mindspore as ms", "import dualgrad as ms")
              .replace("import mindspore.ops as ops", "import dualgrad.ops as ops")
              .replace("from mindspore import", "from dualgrad import"))
    with open(path, "w") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("opfuzz_on_dualgrad", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judge(module, name):
    """Central differences in float64 for program ``name``: {result path: flat values}.

    Second derivatives difference dualgrad's gradient; res[1] (compared with
    MindSpore's first) says whether that gradient can be trusted.  The value
    itself (res[0]) is judged by its float64 evaluation.
    """
    import numpy as np
    import dualgrad
    T = dualgrad.Tensor
    f = getattr(module, f"f_{name}")
    x, y, vx, vy = [t.asnumpy().astype(np.float64) for t in getattr(module, f"inputs_{name}")()]

    def differences(g, args, k):
        """d g(args) / d args[k] applied to ones, as grad of a sum: one value per element."""
        out = np.zeros(args[k].shape)
        for i in range(args[k].size):
            plus, minus = [a.copy() for a in args], [a.copy() for a in args]
            plus[k].flat[i] += FD_STEP
            minus[k].flat[i] -= FD_STEP
            out.flat[i] = (g(*plus) - g(*minus)) / (2 * FD_STEP)
        return out.reshape(-1).tolist()

    def value(a, b):
        return float(f(T(a), T(b)).asnumpy())

    def grad_sum(i):
        return lambda a, b: float(dualgrad.grad(f, i)(T(a), T(b)).asnumpy().sum())

    fd = {"res[0]": [value(x, y)],
          "res[1][0]": differences(value, (x, y), 0),
          "res[1][1]": differences(value, (x, y), 1)}
    for index, (i, j) in enumerate(((0, 0), (0, 1), (1, 0), (1, 1)), start=2):
        fd[f"res[{index}]"] = differences(grad_sum(i), (x, y), j)
    fd["res[6]"] = [(value(x + FD_STEP * vx, y + FD_STEP * vy)
                     - value(x - FD_STEP * vx, y - FD_STEP * vy)) / (2 * FD_STEP)]
    return fd


def finite_differences(module_path, names):
    """``judge`` for each program, one JSON line each (run on dualgrad)."""
    sys.path.insert(0, os.path.dirname(HERE))
    with open(module_path) as f:
        source = f.read()
    module = dualgrad_module(source, os.path.join(os.path.dirname(module_path),
                                                  "opfuzz_on_dualgrad.py"))
    for name in names:
        entry = {"name": name}
        try:
            entry["fd"] = judge(module, name)
        except Exception as e:  # recorded: a program without a judge is reported as such
            entry["error"] = f"{type(e).__name__}: {e}"
        sys.stdout.write(json.dumps(entry) + "\n")


def leaf(record, path):
    """The flat values at ``path`` ('res[2]', 'res[1][0]') of a recorded result."""
    (_, tensor), = node_at(record, path).items()
    return [float("nan") if v == "nan" else v for v in tensor["values"]]


def verdict(fd, ms_values, dg_values, dtype):
    """Which side finite differences support: a short label."""
    import numpy as np
    fd = np.asarray(fd, float)
    tol = (1e-5 if dtype == "float64" else 1e-4) * max(1.0, float(np.abs(fd).max()))

    def close(values):
        v = np.asarray(values, float).reshape(-1)
        return v.shape == fd.shape and bool(np.all(np.abs(v - fd) <= tol))

    ms_ok, dg_ok = close(ms_values), close(dg_values)
    if dg_ok and not ms_ok:
        return "MindSpore off finite differences, dualgrad on them"
    if ms_ok and not dg_ok:
        return "dualgrad off finite differences, MindSpore on them"
    if ms_ok and dg_ok:
        return "both on finite differences (within the judge's tolerance)"
    return "both off finite differences"


# labels from the most to the least worrying; others (shape, dtype...) sit in between
SEVERITY = {"dualgrad raises": 0, "dualgrad off finite differences, MindSpore on them": 0,
            "both off finite differences": 1, "no finite-difference judge": 2,
            "MindSpore raises": 4, "MindSpore off finite differences, dualgrad on them": 5,
            "both on finite differences (within the judge's tolerance)": 6}


def label_of(kind, path, detail, want, have, fd, dtype):
    """One difference, named by what it says about either framework."""
    if "error" in want or "error" in have:   # the whole program failed on one side
        return kind
    if kind == "structure":
        for record, side in ((have["result"], "dualgrad"), (want["result"], "MindSpore")):
            node = node_at(record, path)
            if node is not None and "str" in node:
                return f"{side} raises ({node['str'][len('raises '):]})"
        return kind
    if kind == "value":
        if fd is None:
            return "no finite-difference judge"
        return verdict(fd, leaf(want["result"], path), leaf(have["result"], path), dtype)
    return kind


def node_at(record, path):
    node = record
    for part in path[len("res"):].strip("[]").split("]["):
        if not part:
            break
        (_, items), = node.items()
        if not isinstance(items, list) or int(part) >= len(items):
            return None
        node = items[int(part)]
    return node


def module_source(programs):
    parts = [HEADER]
    for name, fn, lines in programs:
        body = "\n".join("    " + line for line in lines)
        parts.append(f"\n\n{fn}\n\ndef {name}():\n{body}\n    return res\n")
    return "".join(parts)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--fd":
        finite_differences(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    fuzz.add_run_arguments(parser, show=3)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    programs = []
    for i in range(options.count):
        name = f"q{options.seed}_{i:04d}"
        programs.append((name,) + gen_program(rng, name))
    module_path, expected, actual = fuzz.run_both(options, "opfuzz", module_source(programs),
                                                  [p[0] for p in programs])
    report = fuzz.compare(expected, actual)
    sources = {name: (fn, lines) for name, fn, lines in programs}
    judged = [n for n, diffs in report.items() if any(k == "value" for k, _ in diffs)]
    judges = {}
    if judged:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--fd", module_path]
                              + judged, capture_output=True, text=True, timeout=1800)
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                judges[entry["name"]] = entry
    by_label = {}
    for name, diffs in report.items():
        labels = []
        for kind, detail in diffs:
            path = detail.split(":")[0]
            labels.append(label_of(kind, path, detail, expected[name], actual[name],
                                   judges.get(name, {}).get("fd", {}).get(path),
                                   "float64" if "float64" in sources[name][0] else "float32"))
        worst = min(labels, key=lambda label: (SEVERITY.get(label.split(" (")[0], 3), label))
        by_label.setdefault(worst, []).append((name, diffs[labels.index(worst)][1]))
    print(f"{len(programs)} programs, {len(report)} differ; module {module_path}")
    print("each program under its worst difference (finite differences judge the values):")
    for label, members in sorted(by_label.items(),
                                 key=lambda kv: (SEVERITY.get(kv[0].split(" (")[0], 3), kv[0])):
        print(f"\n=== {label}: {len(members)}")
        for name, detail in members[:options.show]:
            print(f"--- {name}: {detail[:300]}")
            print("    " + sources[name][0].splitlines()[1].strip())
            print("\n".join("    " + line for line in sources[name][1][:2]))

if __name__ == "__main__":
    main()
