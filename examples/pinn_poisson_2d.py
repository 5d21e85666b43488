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
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, make_net, rectangle_boundary, save_2d_solution_plot,
                     train_and_report, unit_square_grid)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops


def exact_solution(p):
    """u at points p of shape (N, 2); returns shape (N, 1)."""
    x, y = p[:, :1], p[:, 1:]
    return np.sin(np.pi * x) * np.sin(2 * np.pi * y) + 0.5 * (x * x - y * y)


def source(p):
    """f = -Δu of the exact solution (the quadratic part is harmonic)."""
    x, y = p[:, :1], p[:, 1:]
    return 5 * np.pi ** 2 * np.sin(np.pi * x) * np.sin(2 * np.pi * y)


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_side=24, width=32, hidden=3, boundary_weight=100.0):
        self.net = make_net(2, width, hidden)      # float64 tanh network R^2 -> R
        self.boundary_weight = boundary_weight
        g = (np.arange(n_side) + 0.5) / n_side                 # cell midpoints
        gx, gy = np.meshgrid(g, g)
        interior = np.c_[gx.ravel(), gy.ravel()]
        edge = rectangle_boundary(4 * n_side)
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


def save_plot(net, path, log=print):
    return save_2d_solution_plot(net, exact_solution, path, "u", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_poisson_2d", steps=6000)
    p.add_argument("--side", type=int, default=24, help="collocation grid is side x side")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    args = p.parse(argv)
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
    return train_and_report(problem, args, unit_square_grid(101)[2], exact_solution, save_plot,
                            lr_final=5e-4, log_every=500)


if __name__ == "__main__":
    main()
