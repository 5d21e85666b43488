"""The scripts in examples/: short runs, and the derivatives they use checked independently.

Each example runs its ``--quick`` version (a few dozen steps): the loss must
fall, and every derivative the example relies on must agree with a
computation that does not share its machinery -- nested ``ms.grad``,
``ms.hessian``, the other PINN operator, or central finite differences.
The full training runs are not part of the suite.  Neither matplotlib nor
SciPy is needed; the tests that use them skip without them.
"""
import contextlib
import importlib.util
import io
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = ["pinn_poisson_1d", "pinn_poisson_2d", "pinn_burgers_1d", "pinn_heat_2d",
           "pinn_kovasznay", "pinn_adam_lbfgs", "pinn_levenberg_marquardt", "pinn_beam_1d",
           "pinn_plate_2d", "force_matching", "newton_cg"]
PINNS = ["pinn_poisson_1d", "pinn_poisson_2d", "pinn_burgers_1d", "pinn_heat_2d",
         "pinn_kovasznay", "pinn_adam_lbfgs", "pinn_levenberg_marquardt", "pinn_beam_1d",
         "pinn_plate_2d"]


def load(name):
    # The scripts import examples/_shared.py as ``_shared``; run as scripts
    # they find it in their own folder, which Python puts on sys.path first.
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(f"dualgrad_example_{name}",
                                                  EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_quick(module, *extra):
    """main(['--quick', '--no-plot', ...]) with its printout captured."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = module.main(["--quick", "--no-plot", *extra])
    return result, out.getvalue()


@pytest.fixture(scope="module")
def quick():
    """Each PINN and force_matching trained once in quick mode: name -> (module, result, text)."""
    cache = {}

    def get(name):
        if name not in cache:
            module = load(name)
            result, text = run_quick(module)
            cache[name] = (module, result, text)
        return cache[name]
    return get


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


def central_differences(fn, x, k, h=1e-4):
    """First and second central differences of fn (points (N, D) -> (N, ...)) along coordinate k."""
    e = np.zeros(x.shape[1])
    e[k] = h
    u = [np.asarray(fn(x + s * e)).ravel() for s in (-1, 0, 1)]
    return (u[2] - u[0]) / (2 * h), (u[0] - 2 * u[1] + u[2]) / h ** 2


def net_on_arrays(net):
    return lambda x: net(Tensor(x)).asnumpy()


def weight_direction_check(loss_fn, params, inputs, seed=0, h=1e-6):
    """d/dtheta of loss along a random direction: value_and_grad vs central differences."""
    rng = np.random.default_rng(seed)
    _, grads = ms.value_and_grad(loss_fn, None, params)(*inputs)
    start = [p.asnumpy().copy() for p in params]
    direction = [rng.normal(size=w.shape) for w in start]
    analytic = sum(float((g.asnumpy() * d).sum()) for g, d in zip(grads, direction))

    def at(scale):
        for p, w, d in zip(params, start, direction):
            p.set_data(w + scale * d)
        return float(loss_fn(*inputs).asnumpy())
    try:
        numeric = (at(h) - at(-h)) / (2 * h)
    finally:
        for p, w in zip(params, start):
            p.set_data(w)
    return analytic, numeric


# ---------------------------------------------------------------------------
# Every script runs as a user runs it

@pytest.mark.parametrize("name", SCRIPTS)
def test_script_runs_quick_from_the_command_line(name):
    # the subprocess imports the same dualgrad as this test process
    root = str(pathlib.Path(ms.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    run = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py"), "--quick",
                          "--no-plot"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    if name in PINNS:
        assert re.fullmatch(r"relative L2 error: \d\.\d+e[+-]\d+", lines[-1]), lines[-1]
        assert any(re.search(r"step +\d+ +loss \S+ +\S+ ms/step", line) for line in lines)
    elif name == "force_matching":
        assert lines[-1].startswith("held-out force error")


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_documents_itself_and_takes_the_common_options(name):
    module = load(name)
    doc = module.__doc__
    assert doc and "derivative machinery" in doc.lower()
    args = module.parse_args(["--quick"])
    assert args.quick and args.steps <= 100
    assert module.parse_args(["--steps", "7"]).steps == 7
    assert module.parse_args([]).plot.endswith(f"{name}.png")


# ---------------------------------------------------------------------------
# PINNs: the loss falls; the PDE derivatives and the weight gradient are right

@pytest.mark.parametrize("name", PINNS)
def test_pinn_quick_run_lowers_the_loss(quick, name):
    _, result, text = quick(name)
    losses = result["losses"]
    assert len(losses) == 40
    assert np.mean(losses[-5:]) < 0.75 * losses[0]
    assert np.isfinite(result["error"])
    assert text.strip().splitlines()[-1] == f"relative L2 error: {result['error']:.3e}"


def test_poisson_1d_second_derivative(quick):
    _, result, _ = quick("pinn_poisson_1d")
    net = result["problem"].net
    x = np.linspace(0.05, 0.95, 19).reshape(-1, 1)
    u_xx = ms.partial(net, 0, 0)(Tensor(x)).asnumpy()
    # nested reverse/forward grad of the summed output: points don't interact
    nested = ms.grad(ms.grad(lambda x: net(x).sum()))(Tensor(x)).asnumpy()
    assert rel(u_xx, nested) < 1e-10
    assert rel(ms.laplacian(net)(Tensor(x)).asnumpy(), u_xx) < 1e-12
    assert rel(u_xx, central_differences(net_on_arrays(net), x, 0)[1].reshape(-1, 1)) < 1e-5


def test_poisson_2d_laplacian(quick):
    _, result, _ = quick("pinn_poisson_2d")
    net = result["problem"].net
    p = np.random.default_rng(1).uniform(0.05, 0.95, (6, 2))
    lap = ms.laplacian(net)(Tensor(p)).asnumpy().ravel()
    by_partials = (ms.partial(net, 0, 0)(Tensor(p)).asnumpy()
                   + ms.partial(net, 1, 1)(Tensor(p)).asnumpy()).ravel()
    assert rel(lap, by_partials) < 1e-10
    # full Hessian of the summed output (6 x 2 x 6 x 2): its per-point trace
    hess = ms.hessian(lambda x: net(x).sum())(Tensor(p)).asnumpy()
    trace = np.array([hess[i, 0, i, 0] + hess[i, 1, i, 1] for i in range(len(p))])
    assert rel(lap, trace) < 1e-10
    fd = sum(central_differences(net_on_arrays(net), p, k)[1] for k in range(2))
    assert rel(lap, fd) < 1e-5


def test_burgers_partials(quick):
    _, result, _ = quick("pinn_burgers_1d")
    problem = result["problem"]
    net = problem.net
    p = Tensor(np.random.default_rng(2).uniform(0.05, 0.95, (8, 2)))
    grads = ms.grad(lambda x: net(x).sum())(p).asnumpy()        # rows (u_x, u_t)
    u, u_x, _, u_xx = (t.asnumpy().ravel() for t in problem.space(p))
    assert rel(u, net(p).asnumpy().ravel()) < 1e-14
    assert rel(u_x, grads[:, 0]) < 1e-12
    assert rel(problem.u_t(p).asnumpy().ravel(), grads[:, 1]) < 1e-12
    hess = ms.hessian(lambda x: net(x).sum())(p).asnumpy()
    assert rel(u_xx, [hess[i, 0, i, 0] for i in range(8)]) < 1e-10
    assert rel(u_xx, central_differences(net_on_arrays(net), p.asnumpy(), 0)[1]) < 1e-5


def test_levenberg_marquardt_jacobian_is_exact_and_its_loss_the_pinn_loss(quick):
    module, result, _ = quick("pinn_levenberg_marquardt")
    problem = result["problem"]
    residuals = module.residual_function(problem)
    theta = problem.weights.flatten()
    n_weights = sum(problem.weights.sizes)
    J = ms.jacrev(residuals)(theta).asnumpy()
    assert J.shape == (len(problem.x) + 2, n_weights)
    assert rel(J, ms.jacfwd(residuals)(theta).asnumpy()) < 1e-11
    v, h = np.random.default_rng(4).normal(size=n_weights), 1e-6
    th = theta.asnumpy()
    fd = (residuals(Tensor(th + h * v)).asnumpy() - residuals(Tensor(th - h * v)).asnumpy()) / (
        2 * h)
    assert rel(J @ v, fd) < 1e-6
    # |rho|^2 is the loss Adam minimises in pinn_adam_lbfgs, at the trained weights
    rho = residuals(theta).asnumpy()
    loss = float(problem.loss(*problem.inputs()).asnumpy())
    assert abs(rho @ rho - loss) <= 1e-12 * loss
    assert abs(result["losses"][-1] - loss) <= 1e-12 * loss
    assert all(b <= a for a, b in zip(result["losses"], result["losses"][1:]))


def test_beam_derivatives_up_to_fourth_order(quick):
    _, result, text = quick("pinn_beam_1d")
    assert re.search(r"tip deflection w\(1\) = -?\d\.\d{6} \(exact 0\.125\)", text)
    problem = result["problem"]
    net = problem.net
    x = np.linspace(0.05, 0.95, 10).reshape(-1, 1)
    w, w_x, w_xx, w_xxx, w_xxxx = (t.asnumpy().ravel()
                                   for t in problem.w_and_derivatives(Tensor(x)))
    assert rel(w, net(Tensor(x)).asnumpy().ravel()) < 1e-14
    # nested reverse mode, one grad per order (points do not interact)
    nested = [lambda x: net(x).sum()]
    for _ in range(4):
        nested.append(lambda x, f=nested[-1]: ms.grad(f)(x).sum())
    for order, value in enumerate((w_x, w_xx, w_xxx, w_xxxx), start=1):
        by_reverse = ms.grad(nested[order - 1])(Tensor(x)).asnumpy().ravel()
        assert rel(value, by_reverse) < 1e-10, order
    # the fourth derivative as central differences of the exact second one
    _, fd = central_differences(lambda p: problem.w_and_derivatives(Tensor(p))[2].asnumpy(), x, 0)
    assert rel(w_xxxx, fd) < 1e-4


def test_beam_reference_solves_the_equation_and_boundary_conditions():
    module = load("pinn_beam_1d")
    w = lambda x: module.exact_solution(np.asarray(x))
    h = 1e-2        # a quartic: its central differences are exact up to rounding
    x = np.linspace(0.1, 0.9, 9)
    fourth = (w(x - 2 * h) - 4 * w(x - h) + 6 * w(x) - 4 * w(x + h) + w(x + 2 * h)) / h ** 4
    np.testing.assert_allclose(fourth, 1.0, rtol=1e-6)
    u = ms.partial(lambda p: module.exact_solution(p), 0, 0, 0, lower=True)(
        Tensor(np.array([[0.0], [1.0]])))
    w0, w_x, w_xx, w_xxx = (u[m].asnumpy().ravel() for m in (0, 1, 3, 7))
    assert w0[0] == 0.0 and w_x[0] == 0.0 and abs(w_xx[1]) < 1e-15 and abs(w_xxx[1]) < 1e-15


def test_plate_biharmonic_against_nested_reverse_mode(quick):
    _, result, text = quick("pinn_plate_2d")
    assert re.search(r"centre deflection w\(0\.5, 0\.5\) = -?\d\.\d{5} \(exact 1\)", text)
    problem = result["problem"]
    net = problem.net
    p = Tensor(np.random.default_rng(12).uniform(0.05, 0.95, (6, 2)))

    def along(k, f):
        """x ↦ the derivative of Σ f along coordinate k (points do not interact)."""
        return lambda x: ms.grad(f)(x)[:, k].sum()

    def nested(coords):
        f = lambda x: net(x).sum()
        for k in coords[:-1]:
            f = along(k, f)
        return ms.grad(f)(p).asnumpy()[:, coords[-1]]

    bi = problem.biharmonic(p).asnumpy().ravel()
    by_reverse = nested((0, 0, 0, 0)) + 2 * nested((0, 0, 1, 1)) + nested((1, 1, 1, 1))
    assert rel(bi, by_reverse) < 1e-10
    moment = problem.laplacian(p).asnumpy().ravel()
    assert rel(moment, nested((0, 0)) + nested((1, 1))) < 1e-12


def test_plate_reference_solves_the_equation_and_boundary_conditions():
    module = load("pinn_plate_2d")
    w = module.exact_solution
    p = Tensor(np.random.default_rng(13).uniform(0.05, 0.95, (10, 2)))
    problem = module.Problem(n_side=4)
    exact = lambda x: ops_sin_product(x)
    bi = (ms.partial(exact, 0, 0, 0, 0)(p) + 2 * ms.partial(exact, 0, 0, 1, 1)(p)
          + ms.partial(exact, 1, 1, 1, 1)(p)).asnumpy()
    np.testing.assert_allclose(bi, 4 * np.pi ** 4 * w(p.asnumpy()).ravel(), rtol=1e-12)
    edges = problem.edges.asnumpy()
    assert np.abs(w(edges)).max() < 1e-15
    assert np.abs(ms.laplacian(exact)(Tensor(edges)).asnumpy()).max() < 1e-13


def ops_sin_product(x):
    """The plate's exact deflection sin(pi x) sin(pi y) written with ops, per point."""
    return ms.ops.sin(np.pi * x[:, 0]) * ms.ops.sin(np.pi * x[:, 1])


def test_burgers_reference_solves_the_equation():
    module = load("pinn_burgers_1d")
    p = np.random.default_rng(3).uniform(0.05, 0.95, (20, 2))
    u_x, u_xx = central_differences(module.exact_solution, p, 0)
    u_t, _ = central_differences(module.exact_solution, p, 1)
    u = module.exact_solution(p).ravel()
    assert np.abs(u_t + u * u_x - module.NU * u_xx).max() < 1e-6


def test_poisson_2d_manufactured_source():
    module = load("pinn_poisson_2d")
    p = np.random.default_rng(4).uniform(0.05, 0.95, (20, 2))
    lap = sum(central_differences(module.exact_solution, p, k)[1] for k in range(2))
    assert np.abs(-lap - module.source(p).ravel()).max() < 1e-4


def test_heat_2d_derivatives(quick):
    # u, (u_x, u_y, u_t) and u_xx + u_yy from the example's one hyper-dual pass
    module, result, _ = quick("pinn_heat_2d")
    problem = result["problem"]
    net = problem.net
    x = np.random.default_rng(5).uniform(0.05, 0.95, (8, 3))
    p = Tensor(x)
    u, du, lap = problem.operator(p)
    u, lap = u.asnumpy().ravel(), lap.asnumpy().ravel()
    assert rel(u, net(p).asnumpy().ravel()) < 1e-14
    grads = ms.grad(lambda x: net(x).sum())(p).asnumpy()        # rows (u_x, u_y, u_t)
    for k in range(3):
        assert rel(du[k].asnumpy().ravel(), grads[:, k]) < 1e-12
        assert rel(du[k].asnumpy().ravel(), ms.partial(net, k)(p).asnumpy().ravel()) < 1e-12
    by_partials = (ms.partial(net, 0, 0)(p).asnumpy() + ms.partial(net, 1, 1)(p).asnumpy())
    assert rel(lap, by_partials.ravel()) < 1e-10
    # the full Hessian (8 x 3 x 8 x 3): the trace over x and y only, no u_tt
    hess = ms.hessian(lambda x: net(x).sum())(p).asnumpy()
    assert rel(lap, [hess[i, 0, i, 0] + hess[i, 1, i, 1] for i in range(len(x))]) < 1e-10
    fd = [central_differences(net_on_arrays(net), x, k) for k in range(3)]
    assert rel(du[2].asnumpy().ravel(), fd[2][0]) < 1e-6
    assert rel(lap, fd[0][1] + fd[1][1]) < 1e-5
    assert rel(problem.residual(p).asnumpy().ravel(),
               fd[2][0] - module.NU * (fd[0][1] + fd[1][1])) < 1e-5


def test_heat_2d_reference_solves_the_equation():
    module = load("pinn_heat_2d")
    p = np.random.default_rng(6).uniform(0.05, 0.95, (20, 3))
    u_t = central_differences(module.exact_solution, p, 2)[0]
    lap = sum(central_differences(module.exact_solution, p, k)[1] for k in range(2))
    assert np.abs(u_t - module.NU * lap).max() < 1e-6


def test_kovasznay_derivatives(quick):
    # values, (d/dx, d/dy) and Laplacians of the three outputs (u, v, p) from
    # the one hyper-dual pass the example's residuals take, each (N, 3);
    # checked per component
    module, result, _ = quick("pinn_kovasznay")
    net = result["problem"].net
    x = np.random.default_rng(7).uniform((-0.45, -0.45), (0.95, 1.45), (8, 2))
    p = Tensor(x)
    values, first, laplacians = ms.laplacian(net, lower=True)(p)
    first = [d.asnumpy() for d in first]
    laplacians = laplacians.asnumpy()
    assert values.shape == laplacians.shape == (8, 3)
    assert rel(values.asnumpy(), net(p).asnumpy()) < 1e-14
    for c in range(3):
        def component(points, c=c):
            return net(points)[:, c]
        grads = ms.grad(lambda q: component(q).sum())(p).asnumpy()     # rows (d/dx, d/dy)
        for k in range(2):
            assert rel(first[k][:, c], grads[:, k]) < 1e-12
            assert rel(first[k][:, c], ms.partial(component, k)(p).asnumpy()) < 1e-12
        by_partials = ms.partial(component, 0, 0)(p).asnumpy() + ms.partial(component, 1, 1)(
            p).asnumpy()
        assert rel(laplacians[:, c], by_partials) < 1e-10
        hess = ms.hessian(lambda q: component(q).sum())(p).asnumpy()    # 8 x 2 x 8 x 2
        assert rel(laplacians[:, c], [hess[i, 0, i, 0] + hess[i, 1, i, 1]
                                      for i in range(len(x))]) < 1e-10
    # the residuals against central differences of the network
    (d_dx, d_xx), (d_dy, d_yy) = ([d.reshape(-1, 3) for d in
                                   central_differences(net_on_arrays(net), x, k)]
                                  for k in range(2))
    u, v = net(p).asnumpy()[:, :1], net(p).asnumpy()[:, 1:2]
    momentum = (u * d_dx[:, :2] + v * d_dy[:, :2] + np.c_[d_dx[:, 2], d_dy[:, 2]]
                - module.NU * (d_xx + d_yy)[:, :2])
    momentum_dg, continuity_dg = (r.asnumpy() for r in module.residuals(net, p))
    assert rel(momentum_dg, momentum) < 1e-5
    assert rel(continuity_dg.ravel(), d_dx[:, 0] + d_dy[:, 1]) < 1e-6


def test_kovasznay_reference_solves_the_equations():
    module = load("pinn_kovasznay")
    assert abs(module.LAMBDA - (10 - np.sqrt(100 + 4 * np.pi ** 2))) < 1e-14
    x = np.random.default_rng(8).uniform((-0.45, -0.45), (0.95, 1.45), (20, 2))
    (d_dx, d_xx), (d_dy, d_yy) = ([d.reshape(-1, 3) for d in
                                   central_differences(module.exact_solution, x, k)]
                                  for k in range(2))
    u, v, _ = module.exact_solution(x).T
    laplacians = d_xx + d_yy
    for c in range(2):          # momentum in x, then in y
        residual = (u * d_dx[:, c] + v * d_dy[:, c] + (d_dx, d_dy)[c][:, 2]
                    - module.NU * laplacians[:, c])
        assert np.abs(residual).max() < 1e-5
    assert np.abs(d_dx[:, 0] + d_dy[:, 1]).max() < 1e-6
    # and the boundary values of the loss are the exact velocity there
    problem = module.Problem(n_x=3, width=4)
    np.testing.assert_array_equal(
        problem.velocity_boundary.asnumpy(),
        module.exact_solution(problem.x_boundary.asnumpy())[:, :2])


def test_kovasznay_pressure_error_ignores_the_constant(quick):
    # the equations fix p up to a constant: shifting the network's p output
    # changes neither its residuals nor the reported pressure error
    module, result, text = quick("pinn_kovasznay")
    problem = result["problem"]
    bias = problem.net.trainable_params()[-1]
    start = bias.asnumpy().copy()
    points = module.evaluation_grid()[2]
    try:
        bias.set_data(start + np.array([0.0, 0.0, 3.0]))
        shifted = module.relative_errors(problem.net, points)
    finally:
        bias.set_data(start)
    errors = result["errors"]
    assert abs(shifted["p"] - errors["p"]) < 1e-12 and shifted["u"] == errors["u"]
    lines = text.strip().splitlines()
    for after, errors in (("Adam", result["errors_adam"]), ("L-BFGS", errors)):
        assert f"relative L2 error after {after}: u {errors['u']:.3e}, v {errors['v']:.3e}, " \
            f"p (mean removed) {errors['p']:.3e}; velocity (u, v) " \
            f"{errors['velocity']:.3e}" in lines


@pytest.mark.parametrize("name", PINNS)
def test_pinn_loss_weight_gradient_matches_finite_differences(quick, name):
    # reverse mode over the forward (hyper-)dual passes inside the loss
    _, result, _ = quick(name)
    problem = result["problem"]
    analytic, numeric = weight_direction_check(problem.loss, problem.net.trainable_params(),
                                               problem.inputs())
    assert abs(analytic - numeric) <= 1e-6 * max(1.0, abs(numeric))


LBFGS_PINNS = ["pinn_adam_lbfgs", "pinn_kovasznay"]


@pytest.mark.parametrize("name", LBFGS_PINNS)
def test_flat_weights_and_lbfgs_refinement(quick, name):
    _, result, _ = quick(name)
    problem = result["problem"]
    theta = problem.weights.flatten()
    assert theta.shape == (sum(problem.weights.sizes),) and theta.dtype == ms.float64
    # the network written over theta is the network, and so are its gradients
    inputs = problem.inputs()
    loss, grads = ms.value_and_grad(problem.loss, None, problem.weights.params)(*inputs)
    flat_loss, flat_grad = ms.value_and_grad(problem.flat_loss)(theta)
    assert abs(float(flat_loss.asnumpy()) - float(loss.asnumpy())) <= 1e-12 * float(
        loss.asnumpy())
    np.testing.assert_allclose(flat_grad.asnumpy(),
                               np.concatenate([g.asnumpy().ravel() for g in grads]),
                               rtol=1e-10, atol=1e-12)
    # L-BFGS ran its 20 quick iterations from where Adam stopped, lowered the
    # loss, and its x is now the network's weights
    res = result["lbfgs"]
    assert res.nit == 20 and res.status == 1 and res.hess_inv is None
    assert res.fun < 0.9 * result["losses"][-1]
    np.testing.assert_array_equal(res.x.asnumpy(), theta.asnumpy())


def test_adam_lbfgs_prints_both_errors(quick):
    _, result, text = quick("pinn_adam_lbfgs")
    assert result["lbfgs"].fun < 0.5 * result["losses"][-1]
    lines = text.strip().splitlines()
    assert lines[-2] == f"relative L2 error after L-BFGS: {result['error']:.3e}"
    assert any(line == f"relative L2 error after Adam: {result['error_adam']:.3e}"
               for line in lines)


# ---------------------------------------------------------------------------
# Force matching

def test_force_matching_quick_run_learns(quick):
    _, result, text = quick("force_matching")
    losses = result["losses"]
    assert np.mean(losses[-5:]) < 0.95 * losses[0]
    pattern = r"held-out force error (?:\(relative RMS\): )?([-+.e0-9]+)"
    errors = [float(m) for m in re.findall(pattern, text)]
    assert errors[-1] < errors[0]
    assert result["fd_gap"] < 1e-5


def test_lennard_jones_forces_are_minus_the_energy_gradient():
    module = load("force_matching")
    pos = module.langevin_trajectory(5, 2, burn_in=100)
    _, forces = module.lennard_jones(pos)
    h = 1e-6
    fd = np.zeros_like(pos)
    for k in np.ndindex(pos.shape[1:]):
        plus, minus = pos.copy(), pos.copy()
        plus[(slice(None),) + k] += h
        minus[(slice(None),) + k] -= h
        fd[(slice(None),) + k] = -(module.lennard_jones(plus)[0]
                                   - module.lennard_jones(minus)[0]) / (2 * h)
    assert rel(forces, fd) < 1e-6


def test_model_forces_match_finite_differences_of_the_energy(quick):
    module, result, _ = quick("force_matching")
    problem = result["problem"]
    pos = problem.test_pos[:3]
    forces = problem.forces(Tensor(pos)).asnumpy()
    fd = np.stack([module.finite_difference_forces(problem, c) for c in pos])
    assert rel(forces, fd) < 1e-6
    # the energy is a function of distances: total force and torque vanish
    assert np.abs(forces.sum(1)).max() < 1e-10
    assert np.abs(np.cross(pos, forces).sum(1)).max() < 1e-9


def test_force_matching_cross_derivative_matches_finite_differences(quick):
    # d/dtheta of a loss containing dE/dR: the second-order cross derivative
    _, result, _ = quick("force_matching")
    problem = result["problem"]
    inputs = (Tensor(problem.train_pos[:4]), Tensor(problem.train_forces[:4]))
    analytic, numeric = weight_direction_check(problem.loss,
                                               problem.model.trainable_params(), inputs)
    assert abs(analytic - numeric) <= 1e-6 * max(1.0, abs(numeric))


# ---------------------------------------------------------------------------
# Newton-CG

@pytest.fixture(scope="module")
def newton():
    module = load("newton_cg")
    ms.set_seed(0)
    return module, module.NetworkFit(width=6, n_points=30), module.Rosenbrock(8)


def test_hessian_vector_products_match_finite_differences_of_the_gradient(newton):
    module, network, rosenbrock = newton
    assert module.check_hvp(network) < 1e-6
    assert module.check_hvp(rosenbrock) < 1e-6
    # and the full Hessian of Rosenbrock, column by column
    x = rosenbrock.x0
    full = ms.hessian(rosenbrock.loss)(Tensor(x)).asnumpy()
    for k in range(x.size):
        assert rel(rosenbrock.hessp(x, np.eye(x.size)[k]), full[:, k]) < 1e-12


def test_first_order_baseline_lowers_the_objective(newton):
    module, network, rosenbrock = newton
    for problem in (network, rosenbrock):
        run = module.run_adam(problem, tol=0.0, max_steps=40, lr=1e-2)
        losses = [f for _, f in run["history"]]
        assert run["iterations"] == 40 and losses[-1] < losses[0]
    network.set_weights(network.x0)


def test_newton_cg_without_scipy_exits_cleanly(monkeypatch, capsys):
    module = load("newton_cg")
    monkeypatch.setitem(sys.modules, "scipy", None)      # import scipy raises ImportError
    assert module.main(["--quick", "--no-plot"]) is None
    assert "SciPy is not installed" in capsys.readouterr().out


def test_newton_cg_against_first_order_with_scipy(newton):
    pytest.importorskip("scipy")
    from scipy.optimize import rosen, rosen_der, rosen_hess_prod
    module, network, rosenbrock = newton
    x, v = rosenbrock.x0 + 0.1, np.linspace(-1, 1, rosenbrock.x0.size)
    value, grad = rosenbrock.fun_and_grad(x)
    assert rel(value, rosen(x)) < 1e-12 and rel(grad, rosen_der(x)) < 1e-12
    assert rel(rosenbrock.hessp(x, v), rosen_hess_prod(x, v)) < 1e-12
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runs = module.compare(network, 1e-2, maxiter=100, adam_steps=60, adam_lr=1e-2)
    newton_run, adam_run = runs["trust-ncg (ms.hvp)"], runs["Adam lr=0.01 (dualgrad)"]
    assert newton_run["reached"] and newton_run["hvps"] > 0
    assert newton_run["iterations"] < adam_run["iterations"]
    assert "trust-ncg (ms.hvp)" in out.getvalue()


# ---------------------------------------------------------------------------
# Plots: optional, and never required

@pytest.mark.parametrize("name", SCRIPTS)
def test_no_matplotlib_means_no_plot_and_no_error(quick, monkeypatch, name):
    if name == "newton_cg":
        module, obj = load(name), []
    else:
        module, result, _ = quick(name)
        obj = result["problem"] if name == "force_matching" else result["problem"].net
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    messages = []
    assert module.save_plot(obj, "unused.png", log=messages.append) is None
    assert "matplotlib is not installed" in messages[0]


@pytest.mark.parametrize("name", ["pinn_poisson_1d", "pinn_heat_2d", "pinn_kovasznay",
                                  "pinn_plate_2d", "force_matching"])
def test_plot_is_written_with_matplotlib(quick, tmp_path, name):
    pytest.importorskip("matplotlib")
    module, result, _ = quick(name)
    obj = result["problem"] if name == "force_matching" else result["problem"].net
    path = tmp_path / f"{name}.png"
    assert module.save_plot(obj, str(path), log=lambda m: None) == str(path)
    assert path.stat().st_size > 1000
