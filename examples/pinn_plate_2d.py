"""Physics-informed neural network for a Kirchhoff plate: the biharmonic equation.

The problem
-----------
A thin square plate of unit side and unit bending stiffness, simply supported
on its four edges, under the load q(x, y) = 4 pi^4 sin(pi x) sin(pi y), bends
by w(x, y) with

    Δ²w = w_xxxx + 2 w_xxyy + w_yyyy = q    in (0, 1)^2,
    w = 0 and Δw = 0                         on the boundary

(simply supported: no deflection and no bending moment along the edges),
whose solution is Navier's w = sin(pi x) sin(pi y).  The PINN trains on

    loss = mean_i (Δ²w / pi^4 - q / pi^4)(p_i)^2 + mean_b w(p_b)^2
           + mean_b (Δw / pi^2)(p_b)^2,

each term scaled to order one.

The derivative machinery
------------------------
- ``ms.bilaplacian(net)`` gives Δ²w from one Taylor-mode pass of order 4
  along three directions 60° apart, whose fourth derivatives sum to
  w_xxxx + 2 w_xxyy + w_yyyy with equal weights: the values carry five
  Taylor coefficients on three copies of the points (15 parts), where
  ``partial`` for w_xxxx, w_yyyy and w_xxyy would take 5 + 5 + 16.
- ``ms.laplacian(net)`` gives Δw on the edges from one collapsed hyper-dual
  pass.
- ``ms.value_and_grad(loss, None, weights=...)`` differentiates the loss,
  fourth derivatives included, with respect to the weights (reverse over
  forward).

Run::

    python examples/pinn_plate_2d.py            # full run
    python examples/pinn_plate_2d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact
deflection on a 101 x 101 grid (not the collocation points).  With matplotlib
installed the script saves the learned and exact deflections and the error
as a PNG (``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, make_net, rectangle_boundary, save_2d_solution_plot,
                     train_and_report, unit_square_grid)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops


def exact_solution(p):
    """w at points p of shape (N, 2); returns shape (N, 1)."""
    return np.sin(np.pi * p[:, :1]) * np.sin(np.pi * p[:, 1:])


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_side=16, width=32, hidden=2):
        self.net = make_net(2, width, hidden)      # float64 tanh network R^2 -> R
        g = (np.arange(n_side) + 0.5) / n_side                 # cell midpoints
        gx, gy = np.meshgrid(g, g)
        interior = np.c_[gx.ravel(), gy.ravel()]
        self.x = Tensor(interior)
        self.load = Tensor(4 * exact_solution(interior))       # q / pi^4
        self.edges = Tensor(rectangle_boundary(n_side + 1))
        self.biharmonic = ms.bilaplacian(self.net)          # Δ²w, shape (N, 1)
        self.laplacian = ms.laplacian(self.net)

    def loss(self, x, load, edges):
        r = self.biharmonic(x) / np.pi ** 4 - load
        w = self.net(edges)
        moment = self.laplacian(edges) / np.pi ** 2
        return ops.mean(r * r) + ops.mean(w * w) + ops.mean(moment * moment)

    def inputs(self):
        return self.x, self.load, self.edges


def save_plot(net, path, log=print):
    return save_2d_solution_plot(net, exact_solution, path, "w", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_plate_2d", steps=4000)
    p.add_argument("--side", type=int, default=16, help="collocation grid is side x side")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    args = p.parse(argv)
    if args.quick:
        args.side = min(args.side, 8)
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.side, args.width)
    print(f"PINN for the simply supported plate Δ²w = q: {args.side}x{args.side} interior "
          f"and {4 * (args.side + 1)} edge points, 2-{args.width}-{args.width}-1 tanh network "
          f"(float64), {args.steps} Adam steps")
    # The learning rate falls 100-fold over the default 4000 steps, and at that
    # rate per step in other runs (a short run would otherwise stall at the
    # start, where the network first grows from nearly flat).
    lr_final = args.lr * 0.01 ** (args.steps / 4000)
    return train_and_report(problem, args, unit_square_grid(101)[2], exact_solution, save_plot,
                            lr_final=lr_final, log_every=500,
                            summary=lambda: print_centre_deflection(problem))


def print_centre_deflection(problem):
    """The plate's largest deflection, at its centre (exact 1)."""
    centre = problem.net(Tensor(np.array([[0.5, 0.5]]))).asnumpy().item()
    print(f"centre deflection w(0.5, 0.5) = {centre:.5f} (exact 1)")


if __name__ == "__main__":
    main()
