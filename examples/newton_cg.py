"""Newton-CG with dualgrad's Hessian-vector products, against first-order optimisers.

The idea
--------
Newton's method steps by -H^-1 g.  For n parameters the Hessian H has n^2
entries, but the conjugate-gradient method solves H p = -g using only
products H v, and a Hessian-vector product costs about as much as one more
gradient.  SciPy's ``minimize(method="trust-ncg")`` is such a truncated Newton
method with a trust region: give it ``jac`` (the gradient) and ``hessp``
(v -> H v) and it never asks for H itself.

Two problems, each compared with first-order methods on the same objective
(iterations and wall time until the objective falls below a tolerance):

1. ``network``: least-squares fit of a small tanh network (321 weights) to a
   smooth curve -- the "second-order derivative of the loss with respect to
   the weights" the MindSpore tutorial mentions for Newton-type training.
   ``ms.hvp(loss, (x, y), v, grad_position=None, weights=params)`` gives H v
   with respect to the weights.
2. ``rosenbrock``: the n-dimensional Rosenbrock function, whose curved valley
   defeats first-order steps.  ``ms.hvp(f, x, v)`` gives H v with respect to
   the input.

The derivative machinery
------------------------
- ``ms.value_and_grad`` (reverse mode) gives the objective and its gradient.
- ``ms.hvp`` is forward over reverse: the inputs (or weights) become dual
  numbers whose tangent is v, the reverse pass runs on them, and the
  gradient's tangent is H v (Pearlmutter's trick).  No n x n matrix is formed.
- The first-order baselines are dualgrad's ``nn.Adam`` and SciPy's L-BFGS (a
  quasi-Newton method that sees only gradients).

SciPy is optional for dualgrad: without it this script says so and exits.

Run::

    python examples/newton_cg.py            # both problems, about 10 s
    python examples/newton_cg.py --quick    # small versions, a few seconds
"""
import time

# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import ExampleParser, FlatWeights, import_pyplot, make_net, save_figure

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, nn, ops


# ---------------------------------------------------------------------------
# Objectives as functions of one flat NumPy vector (what SciPy optimises)

class NetworkFit:
    """Mean squared error of a 1-16-16-1 tanh network on 200 points, over its flat weights."""

    name = "network"

    def __init__(self, width=16, n_points=200):
        self.net = make_net(1, width, hidden=2)       # 1-width-width-1 tanh, float64
        self.weights = FlatWeights(self.net)
        self.params = self.weights.params
        x = np.linspace(-1.0, 1.0, n_points).reshape(-1, 1)
        self.x, self.y = Tensor(x), Tensor(np.sin(3 * x) * np.exp(-x * x) + 0.3 * x)
        self.x0 = self.flat(self.params)
        self.value_and_grad = ms.value_and_grad(self.loss, None, self.params)
        self.description = (f"least-squares fit of a 1-{width}-{width}-1 tanh network "
                            f"({self.x0.size} weights) to {n_points} points")

    def loss(self, x, y):
        e = self.net(x) - y
        return ops.mean(e * e)

    @staticmethod
    def flat(tensors):
        return np.concatenate([t.asnumpy().ravel() for t in tensors])

    def set_weights(self, w):
        self.weights.set_weights(w)

    def fun_and_grad(self, w):
        self.set_weights(w)
        loss, grads = self.value_and_grad(self.x, self.y)
        return float(loss.asnumpy()), self.flat(grads)

    def hessp(self, w, v):
        self.set_weights(w)
        direction = tuple(Tensor(a) for a in self.weights.unflatten(v))
        hv = ms.hvp(self.loss, (self.x, self.y), direction, grad_position=None,
                    weights=self.params)
        return self.flat(hv)

    def adam_setup(self, w0, lr):
        """Parameters and a step function for dualgrad's own optimizer, from w0."""
        self.set_weights(w0)
        optimizer = nn.Adam(self.params, learning_rate=lr)

        def step():
            loss, grads = self.value_and_grad(self.x, self.y)
            optimizer(grads)
            return float(loss.asnumpy())
        return step


class Rosenbrock:
    """sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 in n dimensions; minimum 0 at x = 1."""

    name = "rosenbrock"

    def __init__(self, n=100):
        self.x0 = np.tile([-1.2, 1.0], n // 2 + 1)[:n].astype(np.float64)
        self.value_and_grad = ms.value_and_grad(self.loss)
        self.description = f"{n}-dimensional Rosenbrock function from (-1.2, 1, -1.2, ...)"

    @staticmethod
    def loss(x):
        return ops.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)

    def fun_and_grad(self, x):
        loss, grad = self.value_and_grad(Tensor(x))
        return float(loss.asnumpy()), grad.asnumpy()

    def hessp(self, x, v):
        return ms.hvp(self.loss, Tensor(x), Tensor(v)).asnumpy()

    def adam_setup(self, x0, lr):
        x = ms.Parameter(Tensor(x0.copy()), name="x")
        optimizer = nn.Adam([x], learning_rate=lr)
        grad_fn = ms.value_and_grad(self.loss, None, [x])

        def step():
            loss, grads = grad_fn(x)
            optimizer(grads)
            return float(loss.asnumpy())
        return step


def check_hvp(problem, seed=0, h=1e-6):
    """Relative gap between ms.hvp and central differences of the gradient, at x0."""
    rng = np.random.default_rng(seed)
    v = rng.normal(size=problem.x0.size)
    hv = problem.hessp(problem.x0, v)
    fd = (problem.fun_and_grad(problem.x0 + h * v)[1]
          - problem.fun_and_grad(problem.x0 - h * v)[1]) / (2 * h)
    return float(np.linalg.norm(hv - fd) / np.linalg.norm(fd))


# ---------------------------------------------------------------------------
# Runs: each returns a record of iterations, evaluations, time and history

class Counter:
    def __init__(self, problem):
        self.problem, self.grads, self.hvps = problem, 0, 0

    def fun_and_grad(self, x):
        self.grads += 1
        return self.problem.fun_and_grad(x)

    def hessp(self, x, v):
        self.hvps += 1
        return self.problem.hessp(x, v)


def run_scipy(problem, method, tol, maxiter):
    """scipy.optimize.minimize until the objective is below ``tol`` (trust-ncg or L-BFGS-B)."""
    from scipy.optimize import minimize
    counter = Counter(problem)
    history = [(0.0, problem.fun_and_grad(problem.x0)[0])]
    start = time.perf_counter()

    def callback(intermediate_result):
        value = getattr(intermediate_result, "fun", None)
        if value is None:                     # SciPy < 1.11 passes x only
            value = problem.fun_and_grad(intermediate_result)[0]
        history.append((time.perf_counter() - start, float(value)))
        if value < tol:
            raise StopIteration

    kwargs = dict(jac=True, method=method, callback=callback)
    if method == "trust-ncg":
        kwargs.update(hessp=counter.hessp, options={"maxiter": maxiter, "gtol": 1e-14})
    else:
        kwargs.update(options={"maxiter": maxiter, "gtol": 1e-14, "ftol": 1e-300})
    try:
        minimize(counter.fun_and_grad, problem.x0.copy(), **kwargs)
    except StopIteration:                     # SciPy < 1.11 lets it through
        pass
    seconds = time.perf_counter() - start
    return {"iterations": len(history) - 1, "grads": counter.grads, "hvps": counter.hvps,
            "seconds": seconds, "loss": history[-1][1], "history": history,
            "reached": history[-1][1] < tol}


def run_adam(problem, tol, max_steps, lr):
    step = problem.adam_setup(problem.x0, lr)
    history = []
    start = time.perf_counter()
    loss = None
    for k in range(1, max_steps + 1):
        loss = step()                         # the loss before this step's update
        history.append((time.perf_counter() - start, loss))
        if loss < tol:
            k -= 1                            # the previous step reached it
            break
    seconds = time.perf_counter() - start
    return {"iterations": k, "grads": len(history), "hvps": 0, "seconds": seconds,
            "loss": loss, "history": history, "reached": loss < tol}


def compare(problem, tol, maxiter, adam_steps, adam_lr, log=print):
    """Run trust-ncg, L-BFGS and Adam on one problem and print a table."""
    log(f"\n== {problem.description}; target objective < {tol:g}")
    log(f"H·v from ms.hvp vs central differences of the gradient: relative gap "
        f"{check_hvp(problem):.1e}")
    runs = {}
    runs["trust-ncg (ms.hvp)"] = run_scipy(problem, "trust-ncg", tol, maxiter)
    runs["L-BFGS (SciPy, gradients only)"] = run_scipy(problem, "L-BFGS-B", tol,
                                                         10 * maxiter)
    runs[f"Adam lr={adam_lr:g} (dualgrad)"] = run_adam(problem, tol, adam_steps, adam_lr)
    log(f"{'method':34s} {'iterations':>10s} {'gradients':>9s} {'H·v':>6s} {'time':>8s}  "
        f"final objective")
    for name, r in runs.items():
        note = "" if r["reached"] else "  (target not reached)"
        log(f"{name:34s} {r['iterations']:10d} {r['grads']:9d} {r['hvps']:6d} "
            f"{r['seconds']:7.2f}s  {r['loss']:.2e}{note}")
    return runs


def save_plot(results, path, log=print):
    plt = import_pyplot(log)
    if plt is None:
        return None
    fig, axes = plt.subplots(2, len(results), figsize=(6 * len(results), 8), squeeze=False)
    for col, (problem, tol, runs) in enumerate(results):
        for k, (name, r) in enumerate(runs.items()):
            t, f = zip(*r["history"])
            f = np.maximum(f, 1e-300)
            axes[0, col].loglog(np.arange(1, len(f) + 1), f, color=f"C{k}", label=name)
            axes[1, col].loglog(np.maximum(t, 1e-4), f, color=f"C{k}", label=name)
        for ax, xlabel in zip(axes[:, col], ("iteration + 1", "wall time (s)")):
            ax.axhline(tol, color="k", lw=0.8, ls=":")
            ax.set_xlabel(xlabel), ax.set_ylabel("objective"), ax.legend(fontsize=8)
        axes[0, col].set_title(problem.description, fontsize=9)
    return save_figure(fig, path, dpi=110, log=log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "newton_cg", steps=20000, quick_steps=60,
                      steps_help="most Adam steps per problem",
                      quick_help="small problems, loose targets")
    p.add_argument("--problem", choices=("network", "rosenbrock", "both"), default="both")
    return p.parse(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        import scipy  # noqa: F401
    except ImportError:
        print("SciPy is not installed: this example drives scipy.optimize.minimize("
              "method='trust-ncg') with dualgrad's Hessian-vector products. Install it with "
              "'pip install scipy' (or pip install '.[examples]') and run again.")
        return None
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    maxiter = 100 if args.quick else 1000        # trust-ncg iterations; L-BFGS gets 10x
    results = []
    if args.problem in ("network", "both"):
        problem = NetworkFit(width=8 if args.quick else 16, n_points=50 if args.quick else 200)
        tol = 1e-3 if args.quick else 1e-8
        results.append((problem, tol, compare(problem, tol, maxiter, args.steps, 1e-2)))
    if args.problem in ("rosenbrock", "both"):
        problem = Rosenbrock(10 if args.quick else 100)
        tol = 1e-2 if args.quick else 1e-10
        results.append((problem, tol, compare(problem, tol, maxiter, args.steps, 1e-2)))
    if not args.no_plot:
        save_plot(results, args.plot)
    return results


if __name__ == "__main__":
    main()
