"""Physics-informed neural network for the viscous Burgers equation (time-dependent, 1-D).

The problem
-----------
Find u(x, t) on x in [0, 1], t in [0, 1] with

    u_t + u u_x = nu u_xx,                  nu = 0.05,
    u(0, t) = u(1, t) = 0,
    u(x, 0) = 2 nu pi sin(pi x) / (a + cos(pi x)),      a = 1.1.

The initial profile leans towards x = 1 and steepens there; viscosity then
smooths and damps it.  The Cole-Hopf transform u = -2 nu phi_x / phi turns
Burgers into the heat equation phi_t = nu phi_xx, and
phi = a + exp(-nu pi^2 t) cos(pi x) gives the exact solution

    u(x, t) = 2 nu pi exp(-nu pi^2 t) sin(pi x) / (a + exp(-nu pi^2 t) cos(pi x)),

the reference the PINN is measured against.  The PINN u_theta(x, t) minimises
the mean squared residual u_t + u u_x - nu u_xx at space-time collocation
points plus 10 times the mean squared mismatch of the initial and boundary
values.

The derivative machinery
------------------------
Points are rows (x, t) of an (N, 2) array, so each derivative is a per-point
partial derivative of the network:

- ``ms.partial(net, 0, 0, lower=True)``: one forward pass on hyper-dual
  numbers seeded twice on x gives u, u_x and u_xx together.  (A plain
  ``ms.laplacian`` would add u_tt, which this equation does not contain.)
- ``ms.partial(net, 1)`` (u_t): one forward pass on dual numbers seeded on t.

``ms.laplacian(net, (0,), lower=True)`` would give u, (u_x, u_t) and u_xx from
a single pass instead; with D = 2 it costs about the same as these two.

None of these build a tape or a Hessian.  ``ms.value_and_grad(loss, None,
weights=...)`` differentiates the whole residual with respect to the weights
by recording those forward passes on its tape (reverse over forward), and
dualgrad's ``nn.Adam`` takes the steps.

Run::

    python examples/pinn_burgers_1d.py            # full run, about a minute
    python examples/pinn_burgers_1d.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact
solution on a 101 x 101 space-time grid.  With matplotlib installed the script
saves the learned and exact u(x, t), the error, and time slices as a PNG
(``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, import_pyplot, make_net, save_figure, train_and_report,
                     unit_square_grid)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops

NU = 0.05
A = 1.1


def exact_solution(p):
    """The Cole-Hopf solution at points p = (x, t) of shape (N, 2); shape (N, 1)."""
    x, t = p[:, :1], p[:, 1:]
    decay = np.exp(-NU * np.pi ** 2 * t)
    return 2 * NU * np.pi * decay * np.sin(np.pi * x) / (A + decay * np.cos(np.pi * x))


class Problem:
    """The network, the collocation data and the PINN loss."""

    def __init__(self, n_side=32, width=32, hidden=3, data_weight=10.0):
        self.net = make_net(2, width, hidden)      # float64 tanh network (x, t) -> u
        self.data_weight = data_weight
        g = (np.arange(n_side) + 0.5) / n_side
        gx, gt = np.meshgrid(g, g)
        interior = np.c_[gx.ravel(), gt.ravel()]
        s = np.linspace(0.0, 1.0, 2 * n_side + 1)
        zero, one = np.zeros_like(s), np.ones_like(s)
        # the initial line t = 0 and the two walls x = 0 and x = 1
        edge = np.concatenate([np.c_[s, zero], np.c_[zero, s], np.c_[one, s]])
        self.x = Tensor(interior)
        self.x_data = Tensor(edge)
        self.u_data = Tensor(exact_solution(edge))
        self.u_t = ms.partial(self.net, 1)                     # one Dual pass
        self.space = ms.partial(self.net, 0, 0, lower=True)   # one HyperDual pass

    def residual(self, x):
        u, u_x, _, u_xx = self.space(x)
        return self.u_t(x) + u * u_x - NU * u_xx

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
    gx, gt, p = unit_square_grid(101)
    u = net(Tensor(p)).asnumpy().reshape(gx.shape)
    u_ref = exact_solution(p).reshape(gx.shape)
    fig, axes = plt.subplots(1, 4, figsize=(17, 3.8))
    lo, hi = u_ref.min(), u_ref.max()
    for ax, data, title in ((axes[0], u, "PINN u(x, t)"), (axes[1], u_ref, "exact u(x, t)")):
        im = ax.pcolormesh(gx, gt, data, vmin=lo, vmax=hi, cmap="viridis", shading="auto")
        ax.set_title(title), ax.set_xlabel("x"), ax.set_ylabel("t")
        fig.colorbar(im, ax=ax)
    im = axes[2].pcolormesh(gx, gt, u - u_ref, cmap="RdBu_r", shading="auto")
    axes[2].set_title("PINN - exact"), axes[2].set_xlabel("x"), axes[2].set_ylabel("t")
    fig.colorbar(im, ax=axes[2])
    for k, row in enumerate((0, 50, 100)):
        axes[3].plot(gx[row], u_ref[row], "-", color=f"C{k}", lw=3, alpha=0.35)
        axes[3].plot(gx[row], u[row], "--", color=f"C{k}", lw=1.5,
                     label=f"t = {gt[row, 0]:.1f}")
    axes[3].set_title("exact (thick) and PINN (dashed)"), axes[3].set_xlabel("x")
    axes[3].legend()
    return save_figure(fig, path, dpi=110, log=log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_burgers_1d", steps=5000)
    p.add_argument("--side", type=int, default=32,
                   help="collocation grid is side x side points in (x, t)")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=5e-3, help="initial learning rate")
    args = p.parse(argv)
    if args.quick:
        args.side = min(args.side, 12)
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.side, args.width)
    print(f"PINN for u_t + u u_x = {NU} u_xx: {args.side}x{args.side} space-time points, "
          f"2-{args.width}x3-1 tanh network (float64), {args.steps} Adam steps")
    return train_and_report(problem, args, unit_square_grid(101)[2], exact_solution, save_plot,
                            lr_final=5e-4, log_every=500)


if __name__ == "__main__":
    main()
