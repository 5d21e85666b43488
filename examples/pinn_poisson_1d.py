"""Physics-informed neural network for the 1-D Poisson equation.

The problem
-----------
Find u on [0, 1] with

    -u''(x) = pi^2 sin(pi x),      u(0) = u(1) = 0,

whose solution is u(x) = sin(pi x).  A PINN represents u by a small network
u_theta(x) and trains theta so that the equation's residual
r(x) = u_theta''(x) + pi^2 sin(pi x) vanishes at collocation points and the
boundary values are zero:

    loss(theta) = mean_i r(x_i)^2 + 10 * mean_b u_theta(x_b)^2.

(The weight 10 on the two boundary points keeps the boundary error from
dominating the final error.)

The derivative machinery
------------------------
- ``ms.partial(net, 0, 0)`` gives u'' at every collocation point from one
  forward pass on hyper-dual numbers (value, two first-order parts and the
  second-order part ride through each layer together).  No tape and no
  Hessian is built: the cost is a few forward passes, and the result is exact
  (no finite-difference step to tune).
- ``ms.value_and_grad(loss, None, weights=net.trainable_params())`` then
  differentiates that loss with respect to the weights.  The loss contains a
  second derivative with respect to the input, so its weight gradient is a
  third-order mixed derivative of the network; dualgrad records the
  hyper-dual pass on its reverse-mode tape (reverse over forward).
- Training uses dualgrad's own ``nn.Adam`` with an exponentially decaying
  learning rate (a callable of the step).

Run::

    python examples/pinn_poisson_1d.py            # full run, a few seconds
    python examples/pinn_poisson_1d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against sin(pi x) on
1001 test points (not the collocation points).  With matplotlib installed the
script saves a plot of the learned and exact solutions (``--plot PATH``).
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


def exact_solution(x):
    return np.sin(np.pi * x)


def source(x):
    """f = -u'' of the exact solution."""
    return np.pi ** 2 * np.sin(np.pi * x)


def make_net(width=32, hidden=2):
    """A float64 tanh network R -> R (tanh is smooth, so u'' is meaningful)."""
    layers = [nn.Dense(1, width, activation="tanh", dtype=ms.float64)]
    layers += [nn.Dense(width, width, activation="tanh", dtype=ms.float64)
               for _ in range(hidden - 1)]
    layers.append(nn.Dense(width, 1, dtype=ms.float64))
    return nn.SequentialCell(*layers)


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_points=128, width=32, hidden=2, boundary_weight=10.0):
        self.boundary_weight = boundary_weight
        self.net = make_net(width, hidden)
        x = (np.arange(n_points) + 0.5) / n_points          # interior midpoints
        self.x = Tensor(x.reshape(-1, 1))
        self.f = Tensor(source(x).reshape(-1, 1))
        self.x_boundary = Tensor(np.array([[0.0], [1.0]]))
        # u'' per point in one hyper-dual pass (in 1-D, ms.laplacian(net) is the same).
        self.u_xx = ms.partial(self.net, 0, 0)

    def residual(self, x, f):
        return self.u_xx(x) + f

    def loss(self, x, f, x_boundary):
        r = self.residual(x, f)
        u_b = self.net(x_boundary)
        return ops.mean(r * r) + self.boundary_weight * ops.mean(u_b * u_b)

    def inputs(self):
        return self.x, self.f, self.x_boundary


def train(problem, steps, lr=1e-2, lr_final=1e-3, log_every=200, log=print):
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


def relative_l2_error(net, n_test=1001):
    x = np.linspace(0.0, 1.0, n_test).reshape(-1, 1)
    u = net(Tensor(x)).asnumpy()
    u_ref = exact_solution(x)
    return float(np.linalg.norm(u - u_ref) / np.linalg.norm(u_ref))


def save_plot(net, path, log=print):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not installed: no plot (pip install matplotlib)")
        return None
    x = np.linspace(0.0, 1.0, 401).reshape(-1, 1)
    u = net(Tensor(x)).asnumpy().ravel()
    u_ref = exact_solution(x).ravel()
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    a.plot(x, u_ref, "k-", lw=3, alpha=0.35, label="exact sin(pi x)")
    a.plot(x, u, "C0--", lw=1.5, label="PINN")
    a.set_xlabel("x"), a.set_ylabel("u"), a.legend(), a.set_title("-u'' = pi^2 sin(pi x)")
    b.plot(x, u - u_ref, "C3")
    b.set_xlabel("x"), b.set_title("PINN - exact")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    log(f"saved plot to {path}")
    return path


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=None, help="Adam steps (default 2000, "
                   "40 with --quick)")
    p.add_argument("--quick", action="store_true", help="a short run of a few dozen steps")
    p.add_argument("--points", type=int, default=128, help="collocation points")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--plot", default=os.path.join(HERE, "pinn_poisson_1d.png"),
                   help="where to save the PNG (needs matplotlib)")
    p.add_argument("--no-plot", action="store_true", help="don't save a plot")
    args = p.parse_args(argv)
    if args.steps is None:
        args.steps = 40 if args.quick else 2000
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.points, args.width)
    print(f"PINN for -u'' = pi^2 sin(pi x): {args.points} collocation points, "
          f"1-{args.width}-{args.width}-1 tanh network (float64), {args.steps} Adam steps")
    losses, seconds = train(problem, args.steps, args.lr,
                            log_every=max(1, min(200, args.steps // 5)))
    print(f"trained {args.steps} steps in {seconds:.1f} s "
          f"({1e3 * seconds / max(args.steps, 1):.2f} ms/step)")
    error = relative_l2_error(problem.net)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    print(f"relative L2 error: {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error}


if __name__ == "__main__":
    main()
