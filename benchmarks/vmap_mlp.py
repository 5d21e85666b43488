"""vmap of a per-point network against a Python loop and the batched network.

A 2-32-32-1 tanh MLP written for one point (shape (2,)), its value and its
jacrev, over N points: ``vmap`` of the per-point function, a Python loop
calling it per point, and the network called on the (N, 2) batch directly
(the gradient of its sum, for jacrev).  Prints the best of ``--repeats`` runs.

    PYTHONPATH=. python3 benchmarks/vmap_mlp.py [--n 1024] [--repeats 5]
"""
import argparse
import time

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, nn


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ms.set_seed(0)
    net = nn.SequentialCell(nn.Dense(2, 32, dtype=ms.float64), nn.Tanh(),
                            nn.Dense(32, 32, dtype=ms.float64), nn.Tanh(),
                            nn.Dense(32, 1, dtype=ms.float64))
    point = lambda p: net(p.reshape(1, 2)).reshape(())
    pts = Tensor(np.random.default_rng(0).uniform(-1, 1, (args.n, 2)))
    rows = [Tensor(r) for r in pts.asnumpy()]
    jac = ms.jacrev(point)
    batch_grad = ms.grad(lambda x: net(x).sum())

    # the three ways agree before they are timed
    np.testing.assert_allclose(ms.vmap(point)(pts).asnumpy(), net(pts).asnumpy()[:, 0],
                               rtol=1e-13)
    np.testing.assert_allclose(ms.vmap(jac)(pts).asnumpy(),
                               np.stack([jac(r).asnumpy() for r in rows]), rtol=1e-13)
    np.testing.assert_allclose(ms.vmap(jac)(pts).asnumpy(), batch_grad(pts).asnumpy(),
                               rtol=1e-13)

    cases = [
        ("value", lambda: ms.vmap(point)(pts), lambda: [point(r) for r in rows],
         lambda: net(pts)),
        ("jacrev", lambda: ms.vmap(jac)(pts), lambda: [jac(r) for r in rows],
         lambda: batch_grad(pts)),
    ]
    print(f"2-32-32-1 tanh MLP, N = {args.n} points, float64, best of {args.repeats}")
    print(f"{'':8} {'vmap':>10} {'loop':>10} {'batch':>10} {'loop/vmap':>10} {'vmap/batch':>11}")
    for name, vm, lp, bt in cases:
        tv, tl, tb = best(vm, args.repeats), best(lp, args.repeats), best(bt, args.repeats)
        print(f"{name:8} {tv * 1e3:8.2f}ms {tl * 1e3:8.1f}ms {tb * 1e3:8.2f}ms "
              f"{tl / tv:9.0f}x {tv / tb:10.1f}x")


if __name__ == "__main__":
    main()
