"""A PINN trained with Adam, then refined with L-BFGS from ``ms.scipy.optimize.minimize``.

The problem
-----------
Find u on [0, 1] with

    -u''(x) = f(x),      u(0) = u(1) = 0,

f chosen so that u(x) = sin(pi x) + 0.2 sin(4 pi x): two scales, which
Adam fits slowly.  The loss is the mean squared residual r = u'' + f at
collocation points plus 10 times the mean squared boundary values.

The usual recipe for PINNs: Adam first (robust far from a minimum, but it
stalls at a loss set by its step size), then L-BFGS (quasi-Newton steps with
a line search: fast once near a minimum).  The script prints the relative
L2 error after each phase.

The derivative machinery
------------------------
- ``ms.partial(u, 0, 0)`` gives u'' at every collocation point from one
  hyper-dual forward pass, as in ``pinn_poisson_1d.py``.
- Adam: ``ms.value_and_grad(loss, None, weights=net.trainable_params())``
  differentiates the loss with respect to the network's Parameters (reverse
  over forward); dualgrad's ``nn.Adam`` updates them.
- L-BFGS: ``ms.scipy.optimize.minimize(loss_of_theta, theta0,
  method='LBFGS')``, MindSpore's API.  It wants a function of one 1-D
  Tensor, so the weights are flattened into ``theta`` and the network is
  written as a function of ``theta`` (``_shared.FlatWeights``): slices of
  ``theta`` reshaped into the layers' weights.  ``minimize`` takes each
  gradient from dualgrad's reverse mode, one ``value_and_grad`` pass giving
  the loss and its gradient in ``theta``; the hyper-dual pass for u'' sits
  inside it, as in the Adam phase.  The result is written back into the
  network's Parameters.

Run::

    python examples/pinn_adam_lbfgs.py            # full run
    python examples/pinn_adam_lbfgs.py --quick    # a few dozen steps of each

The last line printed is ``relative L2 error: <value>`` (after L-BFGS)
against the exact u on 1001 test points (not the collocation points).  With
matplotlib installed the script saves a plot (``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, FlatWeights, make_net, refine_with_lbfgs,
                     relative_l2_error, save_1d_solution_plot, train_adam)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops

K = 4.0     # the second mode's frequency, in units of pi


def exact_solution(x):
    return np.sin(np.pi * x) + 0.2 * np.sin(K * np.pi * x)


def source(x):
    """f = -u'' of the exact solution."""
    return np.pi ** 2 * np.sin(np.pi * x) + 0.2 * (K * np.pi) ** 2 * np.sin(K * np.pi * x)


class Problem:
    """The network, the collocation data, the PINN loss, and the same loss over flat weights."""

    def __init__(self, n_points=128, width=20, hidden=2, boundary_weight=10.0):
        self.boundary_weight = boundary_weight
        self.net = make_net(1, width, hidden)      # float64 tanh network R -> R
        self.weights = FlatWeights(self.net)
        x = (np.arange(n_points) + 0.5) / n_points          # interior midpoints
        self.x = Tensor(x.reshape(-1, 1))
        self.f = Tensor(source(x).reshape(-1, 1))
        self.x_boundary = Tensor(np.array([[0.0], [1.0]]))

    def pinn_loss(self, u, x, f, x_boundary):
        r = ms.partial(u, 0, 0)(x) + f
        u_b = u(x_boundary)
        return ops.mean(r * r) + self.boundary_weight * ops.mean(u_b * u_b)

    def loss(self, x, f, x_boundary):
        """The loss of the network's Parameters (Adam)."""
        return self.pinn_loss(self.net, x, f, x_boundary)

    def inputs(self):
        return self.x, self.f, self.x_boundary

    def flat_loss(self, theta):
        """The same loss as a function of the weights flattened into ``theta`` (L-BFGS)."""
        return self.pinn_loss(self.weights.network(theta), *self.inputs())


def describe(problem, args):
    """The problem and the network, for the first line a run prints."""
    return (f"PINN for -u'' = f, u = sin(pi x) + 0.2 sin({K:g} pi x): {args.points} collocation "
            f"points, 1-{args.width}-{args.width}-1 tanh network "
            f"({sum(problem.weights.sizes)} weights, float64)")


def save_plot(net, path, log=print):
    return save_1d_solution_plot(net, exact_solution, path, "exact",
                                 "PINN (Adam, then L-BFGS)", "-u'' = f", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_adam_lbfgs", steps=2000)
    p.add_argument("--lbfgs-iters", type=int, default=None,
                   help="L-BFGS iterations (default 1000, 20 with --quick)")
    p.add_argument("--points", type=int, default=128, help="collocation points")
    p.add_argument("--width", type=int, default=20, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=3e-2, help="initial Adam learning rate")
    args = p.parse(argv)
    if args.lbfgs_iters is None:
        args.lbfgs_iters = 20 if args.quick else 1000
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.points, args.width)
    print(f"{describe(problem, args)}; {args.steps} Adam steps, then up to "
          f"{args.lbfgs_iters} L-BFGS iterations")
    losses, seconds = train_adam(problem.weights.params, problem.loss, problem.inputs, args.steps,
                                 args.lr, lr_final=1e-3, log_every=200)
    x_test = np.linspace(0.0, 1.0, 1001).reshape(-1, 1)     # not the collocation points
    error_adam = relative_l2_error(problem.net, x_test, exact_solution)
    print(f"relative L2 error after Adam: {error_adam:.3e}")
    res, lbfgs_seconds = refine_with_lbfgs(problem.flat_loss, problem.weights,
                                           args.lbfgs_iters)
    error = relative_l2_error(problem.net, x_test, exact_solution)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    print(f"relative L2 error after L-BFGS: {error:.3e}")
    print(f"relative L2 error: {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error,
            "error_adam": error_adam, "lbfgs": res, "lbfgs_seconds": lbfgs_seconds}


if __name__ == "__main__":
    main()
