"""Physics-informed neural network for the 2-D Poisson equation on the unit square.

The problem
-----------
Find u on the unit square with

    -Δu = f  in (0, 1)^2,        u = g  on the boundary,

for the manufactured solution

    u(x, y) = sin(pi x) sin(2 pi y) + (x^2 - y^2) / 2.

Its second term is harmonic, so f = -Δu = 5 pi^2 sin(pi x) sin(2 pi y), while
it makes the Dirichlet data g = u|boundary non-zero on every edge.  The PINN
u_theta(x, y) minimises the mean squared residual Δu_theta + f at interior
collocation points plus a weighted mean squared boundary mismatch:

    loss(theta) = mean_i (Δu_theta + f)(p_i)^2 + 100 * mean_b (u_theta - g)(p_b)^2.

The derivative machinery
------------------------
- ``ms.laplacian(net)`` returns Δu at all N points from one collapsed
  hyper-dual forward pass: each layer carries the value, the D = 2 first-order
  parts and one *summed* second-order part (the "forward Laplacian").  The
  full 2 x 2 Hessian per point is never formed, and nothing is recorded on a
  tape; the cost is about (D + 2) forward passes, where a Hessian built by
  reverse mode would need D backward passes on top of a taped forward pass.
- ``ms.value_and_grad(loss, None, weights=net.trainable_params())``
  differentiates the loss -- which contains Δu -- with respect to the weights,
  by recording that hyper-dual pass on the reverse-mode tape (reverse over
  forward).
- dualgrad's ``nn.Adam`` trains the network, with an exponentially decaying
  learning rate given as a callable of the step.

Run::

    python examples/pinn_poisson_2d.py            # full run, about 20-30 s
    python examples/pinn_poisson_2d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact u on
a 101 x 101 grid (not the collocation points).  With matplotlib installed the
script saves the learned solution, the exact one and the error as a PNG
(``--plot PATH``).
"""
import argparse
import os
import time

# The matrices here are small: BLAS threads cost more than they save, and on a
# busy machine their spin-waiting slowed steps down 10-30x in our runs.  Set
# the variable yourself to override.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import dualgrad as ms  # noqa: E402
from dualgrad import Tensor, nn, ops  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def exact_solution(p):
    """u at points p of shape (N, 2); returns shape (N, 1)."""
    x, y = p[:, :1], p[:, 1:]
    return np.sin(np.pi * x) * np.sin(2 * np.pi * y) + 0.5 * (x * x - y * y)


def source(p):
    """f = -Δu of the exact solution (the quadratic part is harmonic)."""
    x, y = p[:, :1], p[:, 1:]
    return 5 * np.pi ** 2 * np.sin(np.pi * x) * np.sin(2 * np.pi * y)


def make_net(width=32, hidden=3):
    """A float64 tanh network R^2 -> R."""
    layers = [nn.Dense(2, width, activation="tanh", dtype=ms.float64)]
    layers += [nn.Dense(width, width, activation="tanh", dtype=ms.float64)
               for _ in range(hidden - 1)]
    layers.append(nn.Dense(width, 1, dtype=ms.float64))
    return nn.SequentialCell(*layers)


def boundary_points(n):
    """n points per edge of the unit square (corners included), shape (4 n, 2)."""
    s = np.linspace(0.0, 1.0, n)
    zero, one = np.zeros(n), np.ones(n)
    return np.concatenate([np.c_[s, zero], np.c_[s, one], np.c_[zero, s], np.c_[one, s]])


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_side=24, width=32, hidden=3, boundary_weight=100.0):
        self.net = make_net(width, hidden)
        self.boundary_weight = boundary_weight
        g = (np.arange(n_side) + 0.5) / n_side                 # cell midpoints
        gx, gy = np.meshgrid(g, g)
        interior = np.c_[gx.ravel(), gy.ravel()]
        edge = boundary_points(4 * n_side)
        self.x = Tensor(interior)
        self.f = Tensor(source(interior))
        self.x_boundary = Tensor(edge)
        self.g = Tensor(exact_solution(edge))
        # Δu at every point from one collapsed hyper-dual pass, no Hessian.
        self.laplacian = ms.laplacian(self.net)

    def residual(self, x, f):
        return self.laplacian(x) + f

    def loss(self, x, f, x_boundary, g):
        r = self.residual(x, f)
        e = self.net(x_boundary) - g
        return ops.mean(r * r) + self.boundary_weight * ops.mean(e * e)

    def inputs(self):
        return self.x, self.f, self.x_boundary, self.g


def train(problem, steps, lr=1e-2, lr_final=5e-4, log_every=500, log=print):
    """Adam, lr decaying exponentially from ``lr`` to ``lr_final``; returns (losses, seconds)."""
    params = problem.net.trainable_params()
    decay = (lr_final / lr) ** (1.0 / max(steps, 1))
    optimizer = nn.Adam(params, learning_rate=lambda step: lr * decay ** step)
    step_fn = ms.value_and_grad(problem.loss, None, params)
    inputs = problem.inputs()
    losses = []
    start = last = time.perf_counter()
    last_step = 0
    for step in range(1, steps + 1):
        loss, grads = step_fn(*inputs)
        optimizer(grads)
        losses.append(float(loss.asnumpy()))
        if step % log_every == 0 or step == 1 or step == steps:
            now = time.perf_counter()
            log(f"step {step:6d}  loss {losses[-1]:.3e}  "
                f"{1e3 * (now - last) / (step - last_step):7.2f} ms/step")
            last, last_step = now, step
    seconds = time.perf_counter() - start
    return losses, seconds


def test_grid(n=101):
    g = np.linspace(0.0, 1.0, n)
    gx, gy = np.meshgrid(g, g)
    return gx, gy, np.c_[gx.ravel(), gy.ravel()]


def relative_l2_error(net, n_test=101):
    _, _, p = test_grid(n_test)
    u = net(Tensor(p)).asnumpy()
    u_ref = exact_solution(p)
    return float(np.linalg.norm(u - u_ref) / np.linalg.norm(u_ref))


def save_plot(net, path, log=print):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not installed: no plot (pip install matplotlib)")
        return None
    gx, gy, p = test_grid(101)
    u = net(Tensor(p)).asnumpy().reshape(gx.shape)
    u_ref = exact_solution(p).reshape(gx.shape)
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    lo, hi = u_ref.min(), u_ref.max()
    for ax, data, title in ((axes[0], u, "PINN u"), (axes[1], u_ref, "exact u")):
        im = ax.pcolormesh(gx, gy, data, vmin=lo, vmax=hi, cmap="viridis", shading="auto")
        ax.set_title(title), ax.set_aspect("equal"), ax.set_xlabel("x"), ax.set_ylabel("y")
        fig.colorbar(im, ax=ax)
    im = axes[2].pcolormesh(gx, gy, u - u_ref, cmap="RdBu_r", shading="auto")
    axes[2].set_title("PINN - exact"), axes[2].set_aspect("equal"), axes[2].set_xlabel("x")
    fig.colorbar(im, ax=axes[2])
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    log(f"saved plot to {path}")
    return path


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=None, help="Adam steps (default 6000, "
                   "40 with --quick)")
    p.add_argument("--quick", action="store_true", help="a short run of a few dozen steps")
    p.add_argument("--side", type=int, default=24, help="collocation grid is side x side")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--plot", default=os.path.join(HERE, "pinn_poisson_2d.png"),
                   help="where to save the PNG (needs matplotlib)")
    p.add_argument("--no-plot", action="store_true", help="don't save a plot")
    args = p.parse_args(argv)
    if args.steps is None:
        args.steps = 40 if args.quick else 6000
    if args.quick:
        args.side = min(args.side, 12)
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.side, args.width)
    print(f"PINN for -Δu = f on the unit square: {args.side}x{args.side} interior and "
          f"{4 * 4 * args.side} boundary points, 2-{args.width}x3-1 tanh network (float64), "
          f"{args.steps} Adam steps")
    losses, seconds = train(problem, args.steps, args.lr,
                            log_every=max(1, min(500, args.steps // 5)))
    print(f"trained {args.steps} steps in {seconds:.1f} s "
          f"({1e3 * seconds / max(args.steps, 1):.2f} ms/step)")
    error = relative_l2_error(problem.net)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    print(f"relative L2 error: {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error}


if __name__ == "__main__":
    main()
