"""What the example scripts in this folder have in common.

The eleven examples (nine PINNs, force matching, Newton-CG) each keep their
physics, problem, reference solution, plots and explanation to themselves.
This module holds only the plumbing they would otherwise each repeat, so
that a script reads as its problem and not as set-up code:

- importing it sets the BLAS thread count to 1 before NumPy loads (see below);
- ``make_net``: the small float64 tanh network every example trains (one
  output, or several: u, v and p of the Navier-Stokes PINN);
- ``train_adam``: the Adam loop with an exponentially decaying learning rate
  and the progress lines ``step ... loss ... ms/step``; ``train_and_report``:
  that loop and the closing error line of the PINNs trained by Adam alone;
- ``FlatWeights`` / ``refine_with_lbfgs``: the network written over its
  flattened weights, and the L-BFGS phase ``ms.scipy.optimize.minimize``
  runs on them after Adam;
- ``relative_l2_error`` / ``relative_l2``: the accuracy figure each PINN
  reports, of a network or of two arrays;
- ``unit_square_grid`` / ``rectangle_grid``: the PINNs' test grids, on
  [0, 1]^2 in (x, y) or (x, t), or on a rectangle; ``rectangle_boundary``:
  points along a rectangle's four edges;
- ``import_pyplot`` / ``save_figure``: matplotlib is optional -- without it
  the scripts say so and skip the plot; ``save_1d_solution_plot`` /
  ``save_2d_solution_plot``: the PINN against the exact solution on [0, 1]
  or on the unit square;
- ``ExampleParser``: the command-line options all eleven take (``--steps``,
  ``--quick``, ``--seed``, ``--plot``, ``--no-plot``).

A script run as ``python examples/<name>.py`` finds this module because
Python puts the script's folder first on ``sys.path``.  Import it before
NumPy.
"""
import argparse
import os
import time

# The matrices in the examples are small: BLAS threads cost more than they
# save, and on a busy machine their spin-waiting slowed steps down 10-30x in
# our runs.  Set the variable yourself to override.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import dualgrad as ms  # noqa: E402
from dualgrad import Tensor, nn, ops  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def make_net(n_in, width=32, hidden=2, n_out=1):
    """A float64 tanh network R^n_in -> R^n_out: ``hidden`` tanh layers of ``width``,
    linear output.

    tanh is smooth, so the second derivatives the PINNs take are meaningful.
    """
    layers = [nn.Dense(n_in, width, activation="tanh", dtype=ms.float64)]
    layers += [nn.Dense(width, width, activation="tanh", dtype=ms.float64)
               for _ in range(hidden - 1)]
    layers.append(nn.Dense(width, n_out, dtype=ms.float64))
    return nn.SequentialCell(*layers)


def train_adam(params, loss, next_inputs, steps, lr, lr_final, log_every, report=None,
               log=print):
    """Minimise ``loss`` over ``params`` with dualgrad's ``nn.Adam``; returns (losses, seconds).

    The learning rate, a callable of the step, decays exponentially from
    ``lr`` to ``lr_final`` over ``steps``.  Each step differentiates
    ``loss(*next_inputs())`` with ``ms.value_and_grad(loss, None, params)``:
    ``next_inputs`` gives the same collocation data every step, or a fresh
    mini-batch.  At the first and last step, and every ``log_every`` steps
    (more often in short runs: about five lines), it logs ``step  loss
    ms/step``, followed by ``report()`` if given; the time ``report`` takes is
    not counted in ms/step.  At the end it logs the total time.
    """
    log_every = max(1, min(log_every, steps // 5))
    decay = (lr_final / lr) ** (1.0 / max(steps, 1))
    optimizer = nn.Adam(params, learning_rate=lambda step: lr * decay ** step)
    step_fn = ms.value_and_grad(loss, None, params)
    losses = []
    start = last = time.perf_counter()
    last_step = 0
    for step in range(1, steps + 1):
        value, grads = step_fn(*next_inputs())
        optimizer(grads)
        losses.append(float(value.asnumpy()))
        if step % log_every == 0 or step == 1 or step == steps:
            ms_per_step = 1e3 * (time.perf_counter() - last) / (step - last_step)
            line = f"step {step:6d}  loss {losses[-1]:.3e}  {ms_per_step:7.2f} ms/step"
            log(line if report is None else f"{line}  {report()}")
            last, last_step = time.perf_counter(), step
    seconds = time.perf_counter() - start
    log(f"trained {steps} steps in {seconds:.1f} s "
        f"({1e3 * seconds / max(steps, 1):.2f} ms/step)")
    return losses, seconds


def train_and_report(problem, args, test_points, exact_solution, save_plot, lr_final,
                     log_every, summary=None):
    """A PINN's Adam run and its last lines; returns what the tests read of it.

    Trains ``problem.net`` on ``problem.loss(*problem.inputs())`` with
    ``train_adam`` (``args.steps`` steps from ``args.lr`` down to
    ``lr_final``), saves ``save_plot(net, args.plot)`` unless ``--no-plot``,
    calls ``summary()`` if given (lines of the script's own about the
    trained network), and prints ``relative L2 error: <value>`` against
    ``exact_solution`` at ``test_points`` (points the loss never saw).
    """
    losses, seconds = train_adam(problem.net.trainable_params(), problem.loss, problem.inputs,
                                 args.steps, args.lr, lr_final=lr_final, log_every=log_every)
    error = relative_l2_error(problem.net, test_points, exact_solution)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    if summary is not None:
        summary()
    print(f"relative L2 error: {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error}


class FlatWeights:
    """A ``make_net`` network's Parameters as one flat 1-D float64 vector ``theta``.

    ``ms.scipy.optimize.minimize`` optimises a function of one 1-D Tensor, so
    the L-BFGS phases write the network as a function of ``theta``: slices of
    it reshaped into the layers' weights.  (SciPy's optimizers in
    ``newton_cg.py`` hand over NumPy arrays, which ``unflatten`` and
    ``set_weights`` take too.)
    """

    def __init__(self, net):
        self.params = net.trainable_params()
        self.shapes = [p.shape for p in self.params]
        self.sizes = [int(np.prod(s)) for s in self.shapes]

    def flatten(self):
        """The Parameters' values as one 1-D float64 Tensor."""
        return Tensor(np.concatenate([p.asnumpy().ravel() for p in self.params]))

    def unflatten(self, theta):
        """Slices of ``theta`` (a Tensor, traced or not) shaped as the Parameters."""
        parts, offset = [], 0
        for shape, size in zip(self.shapes, self.sizes):
            parts.append(theta[offset:offset + size].reshape(shape))
            offset += size
        return parts

    def network(self, theta):
        """The network as a function of points, with the weights in ``theta``.

        ``make_net``'s layers: Dense (y = x W^T + b) with tanh, the last one linear.
        """
        parts = self.unflatten(theta)
        layers = list(zip(parts[0::2], parts[1::2]))

        def net(points):
            h = points
            for k, (w, b) in enumerate(layers):
                h = ops.matmul(h, w.T) + b
                if k < len(layers) - 1:
                    h = ops.tanh(h)
            return h
        return net

    def set_weights(self, theta):
        """Copy ``theta`` (a 1-D Tensor or NumPy array) into the Parameters."""
        for p, part in zip(self.params, self.unflatten(theta)):
            p.set_data(part)


def refine_with_lbfgs(flat_loss, weights, iterations, log=print):
    """L-BFGS on ``flat_loss(theta)`` from the current weights (a ``FlatWeights``);
    writes the result into the network and returns (OptimizeResults, seconds)."""
    done = [0]

    def progress(theta):        # minimize calls it with the new point after each iteration
        done[0] += 1
        if done[0] % max(1, iterations // 5) == 0:
            log(f"L-BFGS iteration {done[0]:5d}")

    start = time.perf_counter()
    res = ms.scipy.optimize.minimize(flat_loss, weights.flatten(), method="LBFGS",
                                     callback=progress,
                                     options={"maxiter": iterations, "gtol": 1e-9})
    seconds = time.perf_counter() - start
    weights.set_weights(res.x)
    log(f"L-BFGS: {res.nit} iterations, {res.nfev} loss-and-gradient evaluations in "
        f"{seconds:.1f} s ({1e3 * seconds / max(res.nfev, 1):.2f} ms each); loss {res.fun:.3e}, "
        f"status {res.status}")
    return res, seconds


def rectangle_grid(x_range, y_range, n_x, n_y):
    """An evenly spaced grid on x_range x y_range, ends included: coordinate
    arrays (n_y, n_x) each, and the points (n_x * n_y, 2)."""
    g0, g1 = np.meshgrid(np.linspace(*x_range, n_x), np.linspace(*y_range, n_y))
    return g0, g1, np.c_[g0.ravel(), g1.ravel()]


def unit_square_grid(n=101):
    """An n x n grid on [0, 1]^2: coordinate arrays (n, n) each, and the points (n * n, 2)."""
    return rectangle_grid((0.0, 1.0), (0.0, 1.0), n, n)


def rectangle_boundary(n, x_range=(0.0, 1.0), y_range=(0.0, 1.0)):
    """n points per edge of x_range x y_range (corners included), shape (4 n, 2):
    the bottom, top, left and right edges in that order."""
    (x0, x1), (y0, y1) = x_range, y_range
    along_x, along_y, ones = np.linspace(x0, x1, n), np.linspace(y0, y1, n), np.ones(n)
    return np.concatenate([np.c_[along_x, y0 * ones], np.c_[along_x, y1 * ones],
                           np.c_[x0 * ones, along_y], np.c_[x1 * ones, along_y]])


def relative_l2(values, reference):
    """||values - reference|| / ||reference|| of two arrays."""
    return float(np.linalg.norm(values - reference) / np.linalg.norm(reference))


def relative_l2_error(net, points, exact_solution):
    """||u_net - u_exact|| / ||u_exact|| over test points (N, D)."""
    return relative_l2(net(Tensor(points)).asnumpy(), exact_solution(points))


def import_pyplot(log=print):
    """matplotlib.pyplot on the non-interactive Agg backend, or None (and a message) without it."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not installed: no plot (pip install matplotlib)")
        return None
    return plt


def save_figure(fig, path, dpi=110, log=print):
    """Lay out, save and close ``fig``; returns ``path``."""
    import matplotlib.pyplot as plt
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    log(f"saved plot to {path}")
    return path


def save_1d_solution_plot(net, exact_solution, path, exact_label, pinn_label, title,
                          log=print):
    """The PINN's u on [0, 1] beside the exact solution, and their difference
    (the 1-D examples' plot); returns ``path``, or None without matplotlib."""
    plt = import_pyplot(log)
    if plt is None:
        return None
    x = np.linspace(0.0, 1.0, 401).reshape(-1, 1)
    u = net(Tensor(x)).asnumpy().ravel()
    u_ref = exact_solution(x).ravel()
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    a.plot(x, u_ref, "k-", lw=3, alpha=0.35, label=exact_label)
    a.plot(x, u, "C0--", lw=1.5, label=pinn_label)
    a.set_xlabel("x"), a.set_ylabel("u"), a.legend(), a.set_title(title)
    b.plot(x, u - u_ref, "C3")
    b.set_xlabel("x"), b.set_title("PINN - exact")
    return save_figure(fig, path, dpi=120, log=log)


def save_2d_solution_plot(net, exact_solution, path, name, log=print):
    """The PINN's ``name`` on a 101 x 101 grid of [0, 1]^2, the exact one, and their
    difference (the unit-square examples' plot); returns ``path``, or None
    without matplotlib."""
    plt = import_pyplot(log)
    if plt is None:
        return None
    gx, gy, p = unit_square_grid(101)
    u = net(Tensor(p)).asnumpy().reshape(gx.shape)
    u_ref = exact_solution(p).reshape(gx.shape)
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    lo, hi = u_ref.min(), u_ref.max()
    for ax, data, title in ((axes[0], u, f"PINN {name}"), (axes[1], u_ref, f"exact {name}")):
        im = ax.pcolormesh(gx, gy, data, vmin=lo, vmax=hi, cmap="viridis", shading="auto")
        ax.set_title(title), ax.set_aspect("equal"), ax.set_xlabel("x"), ax.set_ylabel("y")
        fig.colorbar(im, ax=ax)
    im = axes[2].pcolormesh(gx, gy, u - u_ref, cmap="RdBu_r", shading="auto")
    axes[2].set_title("PINN - exact"), axes[2].set_aspect("equal"), axes[2].set_xlabel("x")
    fig.colorbar(im, ax=axes[2])
    return save_figure(fig, path, dpi=110, log=log)


class ExampleParser(argparse.ArgumentParser):
    """The command line every example shares, around the script's own options.

    ``--steps`` and ``--quick`` come first; the script adds its options; then
    ``parse(argv)`` adds ``--seed``, ``--plot`` (default ``examples/<name>.png``)
    and ``--no-plot``, parses, and fills in ``--steps`` when not given:
    ``steps``, or ``quick_steps`` with ``--quick``.
    """

    def __init__(self, doc, name, steps, quick_steps=40, steps_help="Adam steps",
                 quick_help="a short run of a few dozen steps"):
        super().__init__(description=doc.split("\n")[0])
        self.example_name, self.default_steps = name, (steps, quick_steps)
        self.add_argument("--steps", type=int, default=None,
                          help=f"{steps_help} (default {steps}, {quick_steps} with --quick)")
        self.add_argument("--quick", action="store_true", help=quick_help)

    def parse(self, argv=None):
        self.add_argument("--seed", type=int, default=0)
        self.add_argument("--plot", default=os.path.join(HERE, f"{self.example_name}.png"),
                          help="where to save the PNG (needs matplotlib)")
        self.add_argument("--no-plot", action="store_true", help="don't save a plot")
        args = self.parse_args(argv)
        if args.steps is None:
            steps, quick_steps = self.default_steps
            args.steps = quick_steps if args.quick else steps
        return args
