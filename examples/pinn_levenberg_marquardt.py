"""A PINN trained by Levenberg-Marquardt on the exact Jacobian of its residuals.

The problem
-----------
The two-scale Poisson problem of ``pinn_adam_lbfgs.py``: find u on [0, 1]
with -u'' = f, u(0) = u(1) = 0, f chosen so that u(x) = sin(pi x) +
0.2 sin(4 pi x), on the same 1-20-20-1 tanh network, collocation points and
loss (mean squared residual plus 10 times the mean squared boundary values).

Written as a sum of squares, loss(theta) = |rho(theta)|^2 with the residual
vector rho = (r(x_1), ..., r(x_N)) / sqrt(N) followed by sqrt(10 / 2) u(0)
and sqrt(10 / 2) u(1).  Levenberg-Marquardt solves, at each step,

    (J^T J + lambda diag(J^T J)) delta = -J^T rho,      J = d rho / d theta,

and takes theta + delta if the loss falls (then lambda shrinks) or retries
with a larger lambda.  Near a minimum that is Gauss-Newton, which converges
far faster than a first-order method on a problem of this size: from the
network's initial weights, with no Adam phase, it reaches in a few hundred
steps an error that Adam and L-BFGS do not reach.

The derivative machinery
------------------------
- ``ms.partial(u, 0, 0)`` gives u'' at every collocation point from one
  hyper-dual forward pass, as in the other 1-D examples.
- ``ms.jacrev(residuals)(theta)`` gives J, the (N + 2) x 481 Jacobian of
  the residual vector with respect to the flattened weights
  (``_shared.FlatWeights``), exact: one reverse pass per residual, batched,
  each through the hyper-dual pass (reverse over forward).  Reverse mode is
  the cheaper side here, with fewer residuals (130) than weights (481);
  ``ms.jacfwd`` gives the same matrix from 481 forward directions.
- The linear algebra of each step (a 481 x 481 solve) is NumPy's.

Run::

    python examples/pinn_levenberg_marquardt.py            # full run
    python examples/pinn_levenberg_marquardt.py --quick    # a few dozen steps

The last line printed is ``relative L2 error: <value>`` against the exact u
on 1001 test points (not the collocation points).  With matplotlib
installed the script saves a plot (``--plot PATH``).
"""
# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import ExampleParser, relative_l2_error, save_1d_solution_plot

import time

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, ops
from pinn_adam_lbfgs import Problem, describe, exact_solution

# lambda's bounds and factors: Marquardt's scaled damping, shrunk by 3 after
# a step that lowers the loss and doubled after one that does not.
LAMBDA_START, LAMBDA_MIN, LAMBDA_MAX = 1e-2, 1e-12, 1e10
SHRINK, GROW = 3.0, 2.0


def residual_function(problem):
    """theta -> the residual vector rho whose squared norm is the PINN loss."""
    x, f, x_boundary = problem.inputs()
    interior_scale = 1.0 / np.sqrt(len(x))
    boundary_scale = np.sqrt(problem.boundary_weight / len(x_boundary))

    def residuals(theta):
        u = problem.weights.network(theta)
        r = ms.partial(u, 0, 0)(x) + f
        u_b = u(x_boundary)
        return ops.concat([interior_scale * r.reshape(-1), boundary_scale * u_b.reshape(-1)])
    return residuals


def levenberg_marquardt(residuals, theta, steps, log_every, log=print):
    """Minimise |residuals(theta)|^2 from ``theta`` (a NumPy vector).

    Returns (theta, the loss after each step, seconds).  A step whose trial
    points all raise the loss (lambda at its bound) leaves theta as it is.
    """
    jacobian = ms.jacrev(residuals)
    rho = residuals(Tensor(theta)).asnumpy()
    loss, lam = rho @ rho, LAMBDA_START
    losses = []
    log_every = max(1, min(log_every, steps // 5))
    start = last = time.perf_counter()
    last_step = 0
    for step in range(1, steps + 1):
        J = jacobian(Tensor(theta)).asnumpy()
        gradient, normal = J.T @ rho, J.T @ J
        while lam <= LAMBDA_MAX:
            delta = np.linalg.solve(normal + lam * np.diag(np.diag(normal)), -gradient)
            trial = residuals(Tensor(theta + delta)).asnumpy()
            if trial @ trial < loss:
                theta, rho, loss = theta + delta, trial, trial @ trial
                lam = max(lam / SHRINK, LAMBDA_MIN)
                break
            lam *= GROW
        losses.append(float(loss))
        if step % log_every == 0 or step == 1 or step == steps:
            ms_per_step = 1e3 * (time.perf_counter() - last) / (step - last_step)
            log(f"step {step:6d}  loss {loss:.3e}  {ms_per_step:7.2f} ms/step  lambda {lam:.1e}")
            last, last_step = time.perf_counter(), step
    seconds = time.perf_counter() - start
    log(f"trained {steps} Levenberg-Marquardt steps in {seconds:.1f} s "
        f"({1e3 * seconds / max(steps, 1):.2f} ms/step)")
    return theta, losses, seconds


def save_plot(net, path, log=print):
    return save_1d_solution_plot(net, exact_solution, path, "exact",
                                 "PINN (Levenberg-Marquardt)", "-u'' = f", log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "pinn_levenberg_marquardt", steps=300,
                      steps_help="Levenberg-Marquardt steps")
    p.add_argument("--points", type=int, default=128, help="collocation points")
    p.add_argument("--width", type=int, default=20, help="neurons per hidden layer")
    return p.parse(argv)


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    problem = Problem(args.points, args.width)
    print(f"{describe(problem, args)}; {args.steps} Levenberg-Marquardt steps from the "
          "initial weights")
    theta = problem.weights.flatten().asnumpy()
    theta, losses, seconds = levenberg_marquardt(residual_function(problem), theta,
                                                 args.steps, log_every=50)
    problem.weights.set_weights(theta)
    x_test = np.linspace(0.0, 1.0, 1001).reshape(-1, 1)     # not the collocation points
    error = relative_l2_error(problem.net, x_test, exact_solution)
    if not args.no_plot:
        save_plot(problem.net, args.plot)
    print(f"relative L2 error: {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error}


if __name__ == "__main__":
    main()
