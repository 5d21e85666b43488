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
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import ExampleParser, make_net, save_1d_solution_plot, train_and_report

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops


def exact_solution(x):
    return np.sin(np.pi * x)


def source(x):
    """f = -u'' of the exact solution."""
    return np.pi ** 2 * np.sin(np.pi * x)


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_points=128, width=32, hidden=2, boundary_weight=10.0):
        self.boundary_weight = boundary_weight
        self.net = make_net(1, width, hidden)      # float64 tanh network R -> R
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


def save_plot(net, path, log=print):
    return save_1d_solution_plot(net, exact_solution, path, "exact sin(pi x)", "PINN",
                                 "-u'' = pi^2 sin(pi x)", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_poisson_1d", steps=2000)
    p.add_argument("--points", type=int, default=128, help="collocation points")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    return p.parse(argv)


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.points, args.width)
    print(f"PINN for -u'' = pi^2 sin(pi x): {args.points} collocation points, "
          f"1-{args.width}-{args.width}-1 tanh network (float64), {args.steps} Adam steps")
    x_test = np.linspace(0.0, 1.0, 1001).reshape(-1, 1)     # not the collocation points
    return train_and_report(problem, args, x_test, exact_solution, save_plot,
                            lr_final=1e-3, log_every=200)


if __name__ == "__main__":
    main()
