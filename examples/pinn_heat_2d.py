"""Physics-informed neural network for the 2-D heat equation (time-dependent).

The problem
-----------
Find u(x, y, t) on the unit square for t in [0, 1] with

    u_t = nu (u_xx + u_yy),                 nu = 0.1,

and the initial and boundary values of the exact solution

    u(x, y, t) = exp(-2 pi^2 nu t) sin(pi x) sin(pi y) + exp(-pi^2 nu t) cos(pi x) / 2.

Each term is a separable heat mode: its Laplacian is a multiple of itself
(-2 pi^2 and -pi^2), so it decays at its own rate, the first to 14% of its
start by t = 1 and the second to 37%.  The second term makes the boundary data
non-zero and time-dependent: u = exp(-pi^2 nu t) / 2 on x = 0, minus that on
x = 1, and exp(-pi^2 nu t) cos(pi x) / 2 on y = 0 and y = 1.  The PINN u_theta(x, y, t)
minimises the mean squared residual u_t - nu Δu at space-time collocation
points plus 10 times the mean squared mismatch of the initial and boundary
values.

The derivative machinery
------------------------
Points are rows (x, y, t) of an (N, 3) array, and the residual needs u_t and
the Laplacian over x and y only (u_tt is not in the equation):

- ``ms.laplacian(net, (0, 1), lower=True)`` returns ``(u, (u_x, u_y, u_t),
  u_xx + u_yy)`` from one collapsed hyper-dual forward pass.  Each layer
  carries the value, the three first-order parts and one *summed*
  second-order part, to which only x and y contribute.  The 3 x 3 Hessian per
  point is never formed and nothing is recorded on a tape; a separate
  ``ms.partial(net, 2)`` pass for u_t is not needed.
- ``ms.value_and_grad(loss, None, weights=net.trainable_params())``
  differentiates the loss -- which contains u_t and Δu -- with respect to the
  weights, by recording that hyper-dual pass on the reverse-mode tape
  (reverse over forward).
- dualgrad's ``nn.Adam`` trains the network, with an exponentially decaying
  learning rate given as a callable of the step.

Run::

    python examples/pinn_heat_2d.py            # full run, one to two minutes
    python examples/pinn_heat_2d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact u on
a 51 x 51 grid at 11 times t = 0, 0.1, ..., 1 (not the collocation points).
With matplotlib installed the script saves the learned u and its error at
t = 0, 0.5 and 1 as a PNG (``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, import_pyplot, make_net, rectangle_boundary, save_figure,
                     train_and_report, unit_square_grid)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops

NU = 0.1


def exact_solution(p):
    """u at points p = (x, y, t) of shape (N, 3); returns shape (N, 1)."""
    x, y, t = p[:, :1], p[:, 1:2], p[:, 2:]
    return (np.exp(-2 * np.pi ** 2 * NU * t) * np.sin(np.pi * x) * np.sin(np.pi * y)
            + 0.5 * np.exp(-np.pi ** 2 * NU * t) * np.cos(np.pi * x))


def at_times(xy, times):
    """Points (x, y) of shape (M, 2) at each of the times: shape (len(times) * M, 3)."""
    return np.concatenate([np.c_[xy, np.full(len(xy), t)] for t in times])


def space_time_grid(n=51, n_t=11):
    """An n x n grid on the unit square at n_t times in [0, 1]: points (n_t * n * n, 3)."""
    return at_times(unit_square_grid(n)[2], np.linspace(0.0, 1.0, n_t))


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_side=10, width=32, hidden=3, data_weight=10.0):
        self.net = make_net(3, width, hidden)      # float64 tanh network (x, y, t) -> u
        self.data_weight = data_weight
        g = (np.arange(n_side) + 0.5) / n_side                 # cell midpoints
        gx, gy, gt = np.meshgrid(g, g, g)
        interior = np.c_[gx.ravel(), gy.ravel(), gt.ravel()]
        edge = rectangle_boundary(2 * n_side + 1)
        # the initial square t = 0, and the four walls at n_side + 1 times
        data = np.concatenate([at_times(unit_square_grid(2 * n_side + 1)[2], [0.0]),
                               at_times(edge, np.linspace(0.0, 1.0, n_side + 1))])
        self.x = Tensor(interior)
        self.x_data = Tensor(data)
        self.u_data = Tensor(exact_solution(data))
        # u, (u_x, u_y, u_t) and u_xx + u_yy from one collapsed hyper-dual pass.
        self.operator = ms.laplacian(self.net, (0, 1), lower=True)

    def residual(self, x):
        _, (_, _, u_t), lap = self.operator(x)
        return u_t - NU * lap

    def loss(self, x, x_data, u_data):
        r = self.residual(x)
        e = self.net(x_data) - u_data
        return ops.mean(r * r) + self.data_weight * ops.mean(e * e)

    def inputs(self):
        return self.x, self.x_data, self.u_data


def save_plot(net, path, log=print):
    plt = import_pyplot(log)
    if plt is None:
        return None
    gx, gy, xy = unit_square_grid(101)
    times = (0.0, 0.5, 1.0)
    fig, axes = plt.subplots(2, len(times), figsize=(13, 7.6))
    u_start = exact_solution(at_times(xy, [0.0]))
    lo, hi = u_start.min(), u_start.max()            # one colour scale for every time
    for col, t in enumerate(times):
        p = at_times(xy, [t])
        u = net(Tensor(p)).asnumpy().reshape(gx.shape)
        u_ref = exact_solution(p).reshape(gx.shape)
        ax = axes[0, col]
        im = ax.pcolormesh(gx, gy, u, vmin=lo, vmax=hi, cmap="viridis", shading="auto")
        ax.contour(gx, gy, u_ref, levels=8, colors="w", linewidths=0.8)
        ax.set_title(f"PINN u, t = {t:.1f} (white: exact)"), ax.set_aspect("equal")
        ax.set_xlabel("x"), ax.set_ylabel("y")
        fig.colorbar(im, ax=ax)
        ax = axes[1, col]
        im = ax.pcolormesh(gx, gy, u - u_ref, cmap="RdBu_r", shading="auto")
        ax.set_title(f"PINN - exact, t = {t:.1f}"), ax.set_aspect("equal")
        ax.set_xlabel("x"), ax.set_ylabel("y")
        fig.colorbar(im, ax=ax)
    return save_figure(fig, path, dpi=90, log=log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_heat_2d", steps=8000)
    p.add_argument("--side", type=int, default=10,
                   help="collocation grid is side x side x side points in (x, y, t)")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    args = p.parse(argv)
    if args.quick:
        args.side = min(args.side, 6)
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.side, args.width)
    print(f"PINN for u_t = {NU} (u_xx + u_yy): {args.side}x{args.side}x{args.side} space-time "
          f"points, {len(problem.u_data)} initial and boundary points, "
          f"3-{args.width}x3-1 tanh network (float64), {args.steps} Adam steps")
    return train_and_report(problem, args, space_time_grid(), exact_solution, save_plot,
                            lr_final=5e-4, log_every=500)


if __name__ == "__main__":
    main()
