"""W3's time split: how much of dualgrad's gradient and HVP is matrix products.

    python benchmarks/w3_breakdown.py [--cpu N] [--repeats N]

Runs W3 (the inputs and calls of run.py's W3, one process, one thread, pinned
like run.py's workers) with MatMul's implementation — the BLAS products —
timed inside dualgrad's gradient and HVP, and prints the floor that split
puts under HVP / gradient: the HVP's products plus the gradient's other work,
over the gradient.  That is the ratio an HVP forward over reverse would reach
if all its work beyond the products (the tangents' arithmetic, the second
sweep's bookkeeping) cost no more than the gradient's own.
"""
import argparse
import os
import statistics
import sys
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

import numpy as np  # noqa: E402  (after the thread settings)

import run  # noqa: E402
from dualgrad import _structural  # noqa: E402
from workloads import with_dualgrad  # noqa: E402


class ProductClock:
    """Wraps MatMul.impl, adding up the time and the number of products."""

    def __init__(self):
        self.seconds = 0.0
        self.calls = 0
        self.inner = _structural.MatMul.impl

    def __call__(self, prim, *args, **params):
        start = time.perf_counter()
        try:
            return self.inner(prim, *args, **params)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def measure(call, clock, loops):
    """Per call: (total seconds, seconds in products, products)."""
    clock.seconds, clock.calls = 0.0, 0
    start = time.perf_counter()
    for _ in range(loops):
        call()
    total = time.perf_counter() - start
    return total / loops, clock.seconds / loops, clock.calls / loops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpu", type=int, default=os.cpu_count() - 1)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.cpu})

    data = run._w3(np.random.default_rng(run.SEED))
    row, = with_dualgrad.W3(data)
    clock = ProductClock()
    _structural.MatMul.impl = lambda prim, *a, **p: clock(prim, *a, **p)
    results = {"grad": [], "hvp": []}
    for name in results:
        for _ in range(50):
            row.calls[name]()
    for _ in range(args.repeats):
        for name in results:
            results[name].append(measure(row.calls[name], clock, 100))

    def median(name, field):
        return statistics.median(r[field] for r in results[name])

    print(f"W3, dualgrad, CPU {args.cpu}, one thread; medians of {args.repeats} repeats")
    print(f"  {'':6}  {'total':>8}  {'products':>8}  {'count':>5}  {'other':>8}")
    for name in results:
        total, products = median(name, 0), median(name, 1)
        print(f"  {name:6}  {total * 1e6:6.0f} µs  {products * 1e6:6.0f} µs  "
              f"{median(name, 2):5.0f}  {(total - products) * 1e6:6.0f} µs")
    grad, grad_products = median("grad", 0), median("grad", 1)
    hvp_products = median("hvp", 1)
    ratio = statistics.median(h[0] / g[0] for h, g in zip(results["hvp"], results["grad"]))
    print(f"  HVP / gradient: {ratio:.2f}")
    print(f"  floor with the HVP's other work no dearer than the gradient's: "
          f"(HVP products + gradient other) / gradient = "
          f"{(hvp_products + grad - grad_products) / grad:.2f}")


if __name__ == "__main__":
    main()
