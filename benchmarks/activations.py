"""Second-order work on MLPs with each activation: dualgrad's own vector loops.

    python benchmarks/activations.py [--cpu N] [--repeats N] [--dtype float64|float32]
                                     [--activations tanh,sin,...]

Times, per activation, three PINN-style calls on one core with one thread:
the exact Laplacian of an MLP 2-64-64-64-1 at N = 1024 points, the gradient
of sum(u²) with respect to those points (reverse mode), and u_xxxx of W6's
network shape (MLP 1-128-128-128-1, N = 512; float64 only, as W6); then the
values alone of the primitives with own loops on 2^20 elements, in ns per
element.  Each figure is the best of ``--repeats`` means of 10 calls.  Run it with
DUALGRAD_VECMATH=off in the environment to time the scalar loops the own
vector loops (dualgrad/_vecmath.h) replace.
"""
import argparse
import os
import sys
import timeit

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402  (after the thread settings)

import dualgrad as ms  # noqa: E402
from dualgrad import _elementwise, ops  # noqa: E402

ACTIVATIONS = ("tanh", "sin", "sigmoid", "softplus", "silu", "gelu", "gelu_tanh", "elu", "mish")
# Those that are not ops functions of their own name: GELU's tanh form is
# nn.GELU()'s default.
_FUNCTIONS = {"gelu_tanh": lambda h: ops.gelu(h, approximate="tanh")}


def mlp(widths, activation, dtype, seed=0):
    """u(x) of an MLP with the given layer widths, Tensors of ``dtype``."""
    rng = np.random.default_rng(seed)
    layers = [(ms.Tensor((rng.standard_normal((a, b)) / np.sqrt(a)).astype(dtype)),
               ms.Tensor((0.1 * rng.standard_normal(b)).astype(dtype)))
              for a, b in zip(widths[:-1], widths[1:])]
    act = _FUNCTIONS.get(activation) or getattr(ops, activation)

    def u(x):
        h = x
        for i, (w, b) in enumerate(layers):
            h = ops.matmul(h, w) + b
            if i < len(layers) - 1:
                h = act(h)
        return h
    return u


def best_mean(call, repeats, number=10):
    call()
    return min(timeit.repeat(call, number=number, repeat=repeats)) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpu", type=int, default=1, help="the core to pin to (default 1)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    parser.add_argument("--activations", default=",".join(ACTIVATIONS))
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    dtype = np.dtype(args.dtype)
    names = args.activations.split(",")
    unknown = [name for name in names if name not in ACTIVATIONS]
    if unknown:
        parser.error(f"--activations: unknown {unknown}; expected some of {ACTIVATIONS}")
    rng = np.random.default_rng(1)
    plane = ms.Tensor(rng.standard_normal((1024, 2)).astype(dtype))
    line = ms.Tensor(rng.standard_normal((512, 1)).astype(dtype))
    print(f"activations, dualgrad, CPU {args.cpu}, one thread, {args.dtype}, vector code: "
          f"{_elementwise.vecmath_isa() or 'off'}; best of {args.repeats} means of 10 calls")
    print(f"  {'activation':<10}  {'Laplacian':>10}  {'gradient':>10}  {'u_xxxx':>10}")
    for name in names:
        u = mlp((2, 64, 64, 64, 1), name, dtype)
        laplacian = ms.laplacian(u)
        gradient = ms.grad(lambda x, u=u: (u(x) ** 2).sum())
        cells = [best_mean(lambda: laplacian(plane), args.repeats),
                 best_mean(lambda: gradient(plane), args.repeats)]
        if dtype == np.float64:
            u_xxxx = ms.partial(mlp((1, 128, 128, 128, 1), name, dtype), 0, 0, 0, 0)
            cells.append(best_mean(lambda: u_xxxx(line), args.repeats))
        text = "".join(f"  {seconds * 1e3:>7.2f} ms" for seconds in cells)
        print(f"  {name:<10}{text}")
    x = rng.normal(0, 3, 1 << 20).astype(dtype)
    print(f"  {'primitive':<10}  values, ns per element (and NumPy's ufunc)")
    for name in ("tanh", "sin", "cos", "sigmoid", "softplus", "silu", "gelu_tanh"):
        primitive = getattr(_elementwise, name)
        seconds = best_mean(lambda: primitive(x), args.repeats)
        text = f"  {name:<10}  {seconds / x.size * 1e9:>6.2f}"
        if hasattr(np, name):
            ufunc = getattr(np, name)
            text += f"  ({best_mean(lambda: ufunc(x), args.repeats) / x.size * 1e9:.2f})"
        print(text)


if __name__ == "__main__":
    main()
