"""Physics-informed neural network for the steady 2-D Navier-Stokes equations (Kovasznay flow).

The problem
-----------
Find the velocity (u, v) and the pressure p of a steady incompressible flow on
x in [-0.5, 1], y in [-0.5, 1.5] with

    u u_x + v u_y + p_x - nu (u_xx + u_yy) = 0,
    u v_x + v v_y + p_y - nu (v_xx + v_yy) = 0,        nu = 1 / Re,  Re = 20,
    u_x + v_y = 0,

and the velocity of Kovasznay's exact solution on the boundary:

    lambda = Re / 2 - sqrt(Re^2 / 4 + 4 pi^2),
    u = 1 - exp(lambda x) cos(2 pi y),
    v = lambda / (2 pi) exp(lambda x) sin(2 pi y),
    p = (1 - exp(2 lambda x)) / 2.

It models the wake behind a row of cylinders: a uniform stream (u = 1)
perturbed by a periodic pattern of vortices that decays downstream
(lambda = -1.81).  The PINN (u, v, p)_theta(x, y) minimises the mean squared
residuals of the three equations at interior collocation points plus 10
times the mean squared mismatch of (u, v) at boundary points: Adam first,
then L-BFGS from where Adam stopped (the recipe of ``pinn_adam_lbfgs.py``).

Only p_x and p_y enter the equations, so they fix p up to a constant, and no
pressure data pins it: the network settles on some constant.  The script
compares pressures after removing the mean of each over the test grid.

The derivative machinery
------------------------
The network maps points (x, y), rows of an (N, 2) array, to rows (u, v, p)
of an (N, 3) array.  The residuals need the values, all six first
derivatives and the Laplacians of u and v:

- ``ms.laplacian(net, lower=True)`` returns ``(values, (d/dx, d/dy),
  laplacians)`` from ONE collapsed hyper-dual forward pass, each an (N, 3)
  array whose columns are u, v and p: (u, v, p), (u_x, v_x, p_x),
  (u_y, v_y, p_y) and (Δu, Δv, Δp).  Each layer carries the value, two
  first-order parts and one second-order part summed over x and y, for all
  three outputs at once.  Nothing is recorded on a tape, and no per-point
  Hessian (2 x 2 for each of the three outputs) is formed; the partials
  u_xx and u_yy are never needed apart, only their sum.  (Δp comes with the
  others and is unused.)  ``ms.partial(net, k, k, lower=True)`` for k = x
  and k = y would give the same terms from two HyperDual passes, each
  carrying a value, two first-order parts and a second-order one through
  the network: more work (at the full run's 1200 points, forward alone,
  2.3 ms for the two against 1.7 ms for the collapsed pass).
- ``ms.value_and_grad(loss, None, weights=net.trainable_params())``
  differentiates the loss -- which contains those derivatives -- with
  respect to the weights, by recording that hyper-dual pass on the
  reverse-mode tape (reverse over forward).
- dualgrad's ``nn.Adam`` trains the network, with an exponentially decaying
  learning rate given as a callable of the step.
- ``ms.scipy.optimize.minimize(flat_loss, theta0, method="LBFGS")`` then
  refines it.  It optimises one 1-D Tensor, so ``flat_loss`` is the same
  loss with the network written over the flattened weights
  (``_shared.FlatWeights``); each of its gradients is one ``value_and_grad``
  pass with the hyper-dual pass inside, as in the Adam phase.

Run::

    python examples/pinn_kovasznay.py            # full run, two to three minutes
    python examples/pinn_kovasznay.py --quick    # a few dozen steps of each

The script prints the relative L2 errors of u, of v, of p (mean removed) and
of the velocity (u, v) taken together, after Adam and after L-BFGS, on a
76 x 101 grid over the domain (not the collocation points).  Its last line,
``relative L2 error: <value>``, is the velocity's error after L-BFGS.
With matplotlib installed the script saves the learned and exact speed
|(u, v)| with streamlines, and the error of the velocity, as a PNG
(``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import (ExampleParser, FlatWeights, import_pyplot, make_net,
                     rectangle_boundary, rectangle_grid, refine_with_lbfgs, relative_l2,
                     save_figure, train_adam)

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops

RE = 20.0
NU = 1.0 / RE
LAMBDA = RE / 2 - np.sqrt(RE ** 2 / 4 + 4 * np.pi ** 2)
X_RANGE = (-0.5, 1.0)
Y_RANGE = (-0.5, 1.5)


def exact_solution(points):
    """Kovasznay's (u, v, p) at points (x, y) of shape (N, 2); shape (N, 3)."""
    x, y = points[:, :1], points[:, 1:]
    decay = np.exp(LAMBDA * x)
    u = 1 - decay * np.cos(2 * np.pi * y)
    v = LAMBDA / (2 * np.pi) * decay * np.sin(2 * np.pi * y)
    p = (1 - decay ** 2) / 2
    return np.concatenate([u, v, p], axis=1)


def evaluation_grid():
    """The 76 x 101 grid over the domain, spacing 0.02: coordinate arrays and points."""
    return rectangle_grid(X_RANGE, Y_RANGE, 76, 101)


def cell_midpoints(n_x, n_y):
    """The midpoints of an n_x x n_y grid of cells covering the domain, shape (n_x * n_y, 2)."""
    half_x = (X_RANGE[1] - X_RANGE[0]) / (2 * n_x)
    half_y = (Y_RANGE[1] - Y_RANGE[0]) / (2 * n_y)
    return rectangle_grid((X_RANGE[0] + half_x, X_RANGE[1] - half_x),
                          (Y_RANGE[0] + half_y, Y_RANGE[1] - half_y), n_x, n_y)[2]


def relative_errors(net, points):
    """Relative L2 errors of u, v, the velocity (u, v) and p with each mean removed."""
    predicted = net(Tensor(points)).asnumpy()
    exact = exact_solution(points)
    p, p_exact = predicted[:, 2], exact[:, 2]
    return {"u": relative_l2(predicted[:, 0], exact[:, 0]),
            "v": relative_l2(predicted[:, 1], exact[:, 1]),
            "velocity": relative_l2(predicted[:, :2], exact[:, :2]),
            "p": relative_l2(p - p.mean(), p_exact - p_exact.mean())}


def residuals(net, x):
    """The momentum residuals (N, 2), one column per equation, and the continuity
    residual (N, 1) of the network ``net`` at points x."""
    # values, first derivatives and Laplacians of (u, v, p), each (N, 3): one
    # collapsed hyper-dual pass
    values, (d_dx, d_dy), laplacians = ms.laplacian(net, lower=True)(x)
    u, v = values[:, :1], values[:, 1:2]
    pressure_gradient = ops.concat((d_dx[:, 2:], d_dy[:, 2:]), 1)
    momentum = u * d_dx[:, :2] + v * d_dy[:, :2] + pressure_gradient - NU * laplacians[:, :2]
    continuity = d_dx[:, :1] + d_dy[:, 1:2]
    return momentum, continuity


class Problem:
    """The network, the collocation data, the PINN loss, and the same loss over flat weights."""

    def __init__(self, n_x=30, width=40, hidden=3, boundary_weight=10.0):
        # float64 tanh network (x, y) -> (u, v, p)
        self.net = make_net(2, width, hidden, n_out=3)
        self.weights = FlatWeights(self.net)
        self.boundary_weight = boundary_weight
        # cells about square: the domain is 1.5 wide and 2 high
        self.x = Tensor(cell_midpoints(n_x, round(n_x * 4 / 3)))
        edge = rectangle_boundary(2 * n_x + 1, X_RANGE, Y_RANGE)
        self.x_boundary = Tensor(edge)
        self.velocity_boundary = Tensor(exact_solution(edge)[:, :2])

    def pinn_loss(self, net, x, x_boundary, velocity_boundary):
        momentum, continuity = residuals(net, x)
        boundary_error = net(x_boundary)[:, :2] - velocity_boundary
        # the mean over both momentum columns halves each equation's share:
        # doubled, each of the three equations weighs the same
        return (2 * ops.mean(momentum * momentum) + ops.mean(continuity * continuity)
                + self.boundary_weight * ops.mean(boundary_error * boundary_error))

    def loss(self, x, x_boundary, velocity_boundary):
        """The loss of the network's Parameters (Adam)."""
        return self.pinn_loss(self.net, x, x_boundary, velocity_boundary)

    def inputs(self):
        return self.x, self.x_boundary, self.velocity_boundary

    def flat_loss(self, theta):
        """The same loss as a function of the weights flattened into ``theta`` (L-BFGS)."""
        return self.pinn_loss(self.weights.network(theta), *self.inputs())


def save_plot(net, path, log=print):
    plt = import_pyplot(log)
    if plt is None:
        return None
    gx, gy, points = evaluation_grid()
    predicted = net(Tensor(points)).asnumpy()
    exact = exact_solution(points)
    speed_exact = np.linalg.norm(exact[:, :2], axis=1).reshape(gx.shape)
    lo, hi = speed_exact.min(), speed_exact.max()       # one colour scale for both
    fig, axes = plt.subplots(1, 3, figsize=(14, 5))
    for ax, field, title in ((axes[0], predicted, "PINN |(u, v)| and streamlines"),
                             (axes[1], exact, "exact |(u, v)| and streamlines")):
        u, v = field[:, 0].reshape(gx.shape), field[:, 1].reshape(gx.shape)
        im = ax.pcolormesh(gx, gy, np.hypot(u, v), vmin=lo, vmax=hi, cmap="viridis",
                           shading="auto")
        ax.streamplot(gx, gy, u, v, color="w", linewidth=0.7, density=1.2)
        ax.set_title(title), ax.set_aspect("equal"), ax.set_xlabel("x"), ax.set_ylabel("y")
        fig.colorbar(im, ax=ax)
    error = np.linalg.norm(predicted[:, :2] - exact[:, :2], axis=1).reshape(gx.shape)
    im = axes[2].pcolormesh(gx, gy, error, cmap="magma", shading="auto")
    axes[2].set_title("|(u, v) PINN - exact|"), axes[2].set_aspect("equal")
    axes[2].set_xlabel("x")
    fig.colorbar(im, ax=axes[2])
    return save_figure(fig, path, dpi=100, log=log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_kovasznay", steps=6000)
    p.add_argument("--lbfgs-iters", type=int, default=None,
                   help="L-BFGS iterations (default 10000, 20 with --quick)")
    p.add_argument("--side", type=int, default=30,
                   help="collocation cells along x (and 4/3 as many along y)")
    p.add_argument("--width", type=int, default=40, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial Adam learning rate")
    args = p.parse(argv)
    if args.lbfgs_iters is None:
        args.lbfgs_iters = 20 if args.quick else 10000
    if args.quick:
        args.side = min(args.side, 9)
    return args


def print_errors(errors, after):
    print(f"relative L2 error after {after}: u {errors['u']:.3e}, v {errors['v']:.3e}, "
          f"p (mean removed) {errors['p']:.3e}; velocity (u, v) {errors['velocity']:.3e}")


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.side, args.width)
    print(f"PINN for steady Navier-Stokes, Kovasznay flow at Re = {RE:g}: "
          f"{len(problem.x)} interior and {len(problem.x_boundary)} boundary points, "
          f"2-{args.width}x3-3 tanh network ({sum(problem.weights.sizes)} weights, float64); "
          f"{args.steps} Adam steps, then up to {args.lbfgs_iters} L-BFGS iterations")
    losses, seconds = train_adam(problem.weights.params, problem.loss, problem.inputs,
                                 args.steps, args.lr, lr_final=5e-4, log_every=500)
    test_points = evaluation_grid()[2]      # not the collocation points
    errors_adam = relative_errors(problem.net, test_points)
    print_errors(errors_adam, "Adam")
    res, lbfgs_seconds = refine_with_lbfgs(problem.flat_loss, problem.weights,
                                           args.lbfgs_iters)
    errors = relative_errors(problem.net, test_points)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    print_errors(errors, "L-BFGS")
    print(f"relative L2 error: {errors['velocity']:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds,
            "error": errors["velocity"], "errors": errors, "errors_adam": errors_adam,
            "lbfgs": res, "lbfgs_seconds": lbfgs_seconds}


if __name__ == "__main__":
    main()
