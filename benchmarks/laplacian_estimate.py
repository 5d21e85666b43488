"""The exact Laplacian against laplacian_estimate's K random directions, on many coordinates.

    python benchmarks/laplacian_estimate.py [--dims 100] [--samples 4,16,64] [--cpu N]
    python benchmarks/laplacian_estimate.py --biharmonic --dims 8 --samples 4,16

An MLP D-128-128-128-1 tanh (W5's network, with D inputs) at N = 512 points,
float64, one process pinned to one core with one thread, like run.py's
workers.  For the exact collapsed pass (``dualgrad.laplacian``, D first-order
parts per layer) and for ``dualgrad.laplacian_estimate`` with each K and each
estimator (K parts), it prints the median time per call, its ratio to the
exact pass's, and the estimate's error per point: the root mean square of
(estimate - exact) over the points and 20 fresh draws, relative to the root
mean square of the exact Laplacian.  The time falls as (K + 2) / (D + 2);
the error, for that random network, as 1 / sqrt(K).

With ``--biharmonic`` the same for Δ²u: the exact ``dualgrad.bilaplacian``
(D² directions past three coordinates, timed up to D = 16) against
``dualgrad.bilaplacian_estimate`` with each K; its time grows as K / D².

No peer runs here: folx and JAX compute the exact Laplacian (W5 compares
them), and none of the installed ones has a random estimator.
"""
import argparse
import os
import statistics
import sys
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE)]

import numpy as np  # noqa: E402  (after the thread settings)

import dualgrad  # noqa: E402
from dualgrad import Tensor, ops  # noqa: E402

POINTS, WIDTH, SEED = 512, 128, 0


def network(dims, rng):
    """u of W5's shape, D-128-128-128-1, weights scaled by 1/sqrt(fan-in)."""
    sizes = [dims, WIDTH, WIDTH, WIDTH, 1]
    layers = [(Tensor(rng.standard_normal((a, b)) / np.sqrt(a)),
               Tensor(0.1 * rng.standard_normal(b))) for a, b in zip(sizes[:-1], sizes[1:])]

    def u(h):
        for w, b in layers[:-1]:
            h = ops.tanh(ops.matmul(h, w) + b)
        w, b = layers[-1]
        return ops.matmul(h, w) + b
    return u


def median_time(call, repeats):
    for _ in range(2):
        call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dims", type=int, default=100, help="coordinates D")
    parser.add_argument("--samples", default="4,16,64", help="values of K, comma-separated")
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--cpu", type=int, default=os.cpu_count() - 1)
    parser.add_argument("--biharmonic", action="store_true",
                        help="Δ²u: bilaplacian against bilaplacian_estimate")
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.cpu})

    rng = np.random.default_rng(SEED)
    u = network(args.dims, rng)
    x = Tensor(rng.random((POINTS, args.dims)))
    if args.biharmonic:
        biharmonic(args, u, x)
        return
    exact = dualgrad.laplacian(u)
    reference = exact(x).asnumpy().ravel()
    exact_time = median_time(lambda: exact(x), args.repeats)
    print(f"Laplacian of an MLP {args.dims}-{WIDTH}-{WIDTH}-{WIDTH}-1 tanh at N = {POINTS}, "
          f"float64, CPU {args.cpu}, one thread; medians of {args.repeats} calls")
    print(f"  {'':28}  {'time':>9}  {'/ exact':>7}  {'error per point':>15}")
    print(f"  {'exact (D parts)':28}  {exact_time * 1e3:6.1f} ms  {1.0:7.2f}  {0.0:15.3f}")
    for samples in (int(k) for k in args.samples.split(",")):
        for estimator in ("rademacher", "coordinates"):
            if estimator == "coordinates" and samples > args.dims:
                continue
            estimate = dualgrad.laplacian_estimate(u, samples, estimator=estimator)
            seconds = median_time(lambda: estimate(x), args.repeats)
            error = error_per_point(estimate, x, reference)
            print(f"  {f'K = {samples}, {estimator}':28}  {seconds * 1e3:6.1f} ms  "
                  f"{seconds / exact_time:7.2f}  {error:15.3f}")


def error_per_point(estimate, x, reference):
    """RMS of (estimate - exact) over the points and 20 fresh draws, relative to the exact's."""
    errors = np.array([estimate(x).asnumpy().ravel() - reference for _ in range(20)])
    return np.sqrt(np.mean(errors ** 2)) / np.sqrt(np.mean(reference ** 2))


def biharmonic(args, u, x):
    print(f"Biharmonic of an MLP {args.dims}-{WIDTH}-{WIDTH}-{WIDTH}-1 tanh at N = {POINTS}, "
          f"float64, CPU {args.cpu}, one thread; medians of {args.repeats} calls")
    print(f"  {'':28}  {'time':>9}  {'/ exact':>7}  {'error per point':>15}")
    reference, exact_time = None, None
    if args.dims <= 16:
        exact = dualgrad.bilaplacian(u)
        reference = exact(x).asnumpy().ravel()
        exact_time = median_time(lambda: exact(x), args.repeats)
        print(f"  {'exact':28}  {exact_time * 1e3:6.1f} ms  {1.0:7.2f}  {0.0:15.3f}")
    for samples in (int(k) for k in args.samples.split(",")):
        estimate = dualgrad.bilaplacian_estimate(u, samples)
        seconds = median_time(lambda: estimate(x), args.repeats)
        ratio = f"{seconds / exact_time:7.2f}" if exact_time else f"{'—':>7}"
        error = f"{error_per_point(estimate, x, reference):15.3f}" if exact_time else \
            f"{'—':>15}"
        print(f"  {f'K = {samples}':28}  {seconds * 1e3:6.1f} ms  {ratio}  {error}")


if __name__ == "__main__":
    main()
