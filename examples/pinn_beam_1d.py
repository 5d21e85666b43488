"""Physics-informed neural network for a cantilever beam: a fourth-order equation.

The problem
-----------
An Euler-Bernoulli beam of unit length and unit stiffness EI, clamped at
x = 0 and free at x = 1, under a uniform load q = 1, bends by w(x) with

    w''''(x) = 1,                      0 < x < 1,
    w(0) = w'(0) = 0                   (clamped: no deflection, no slope),
    w''(1) = w'''(1) = 0               (free: no bending moment, no shear force),

whose solution is w(x) = x^2 (6 - 4x + x^2) / 24 (tip deflection 1/8).  A PINN
represents w by a small network and trains it on

    loss = mean_i (w''''(x_i) - 1)^2 + w(0)^2 + w'(0)^2 + w''(1)^2 + w'''(1)^2.

The derivative machinery
------------------------
- ``ms.partial(net, 0, 0, 0, 0, lower=True)`` runs one Taylor-mode pass
  (each value carries its five Taylor coefficients in x) and returns the 16
  derivatives along the subsets of its four coordinates: entry m is the
  derivative along the coordinates whose bit is set in m.  All four are x
  here, so entries 0, 1, 3, 7 and 15 are w, w', w'', w''' and w''''.  The
  loss evaluates that pass once on the collocation points and once on the
  two ends, where the boundary conditions read w, w', w'' and w''' -- every
  derivative the problem needs, exact, from two calls.
- ``ms.value_and_grad(loss, None, weights=...)`` differentiates the loss with
  respect to the weights through those passes (reverse over forward): the
  weight gradient of a fourth derivative, with no nested tapes.

Run::

    python examples/pinn_beam_1d.py            # full run
    python examples/pinn_beam_1d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact
deflection on 1001 test points (not the collocation points).  With matplotlib
installed the script saves a plot of the learned and exact deflections
(``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import ExampleParser, make_net, save_1d_solution_plot, train_and_report

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops

# Entries of partial(net, 0, 0, 0, 0, lower=True) holding w, w', w'', w''', w''''
# (derivatives along bits 0; 0 and 1; 0, 1 and 2; all four).
ORDERS = (0, 1, 3, 7, 15)


def exact_solution(x):
    return x ** 2 * (6 - 4 * x + x ** 2) / 24


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_points=64, width=32, hidden=2):
        self.net = make_net(1, width, hidden)      # float64 tanh network R -> R
        x = (np.arange(n_points) + 0.5) / n_points          # interior midpoints
        self.x = Tensor(x.reshape(-1, 1))
        self.ends = Tensor(np.array([[0.0], [1.0]]))
        self.derivatives = ms.partial(self.net, 0, 0, 0, 0, lower=True)

    def w_and_derivatives(self, x):
        """(w, w', w'', w''', w'''') at each point, from one pass."""
        parts = self.derivatives(x)
        return tuple(parts[m] for m in ORDERS)

    def loss(self, x, ends):
        w_xxxx = self.w_and_derivatives(x)[4]
        r = w_xxxx - 1.0
        w, w_x, w_xx, w_xxx, _ = self.w_and_derivatives(ends)
        clamped = w[0] ** 2 + w_x[0] ** 2           # at x = 0
        free = w_xx[1] ** 2 + w_xxx[1] ** 2         # at x = 1
        return ops.mean(r * r) + ops.sum(clamped + free)

    def inputs(self):
        return self.x, self.ends


def save_plot(net, path, log=print):
    return save_1d_solution_plot(net, exact_solution, path, "exact x^2 (6 - 4x + x^2) / 24",
                                 "PINN", "cantilever: w'''' = 1", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_beam_1d", steps=5000)
    p.add_argument("--points", type=int, default=64, help="collocation points")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    return p.parse(argv)


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.points, args.width)
    print(f"PINN for the cantilever w'''' = 1: {args.points} collocation points, "
          f"1-{args.width}-{args.width}-1 tanh network (float64), {args.steps} Adam steps")
    x_test = np.linspace(0.0, 1.0, 1001).reshape(-1, 1)     # not the collocation points
    return train_and_report(problem, args, x_test, exact_solution, save_plot,
                            lr_final=1e-3, log_every=500,
                            summary=lambda: print_engineering_figures(problem))


def print_engineering_figures(problem):
    """What an engineer reads off the beam: the tip deflection, and at the clamped
    root the curvature w'' (bending moment / EI, exact q L^2 / 2) and w''' (shear
    force / EI, exact -q L)."""
    w, _, w_xx, w_xxx, _ = (t.asnumpy().ravel() for t in problem.w_and_derivatives(problem.ends))
    print(f"tip deflection w(1) = {w[1]:.6f} (exact 0.125); at the root "
          f"w''(0) = {w_xx[0]:.5f} (exact 0.5), w'''(0) = {w_xxx[0]:.5f} (exact -1)")


if __name__ == "__main__":
    main()
