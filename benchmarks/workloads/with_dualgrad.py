"""dualgrad: the engine level (W1 core) and the public API.

W3, W4 and W5 call ``dualgrad.hvp`` and ``dualgrad.laplacian``; while those do
not exist the rows say so (``Unavailable``) instead of timing something else.
``release_caches`` empties dualgrad's cache of freed arrays before a memory
measurement, so that the blocks it keeps count in the measured peak.
"""
import numpy as np

import dualgrad
from dualgrad import Tensor, _core, _elementwise as ew, _functions as F, ops

from .common import Row, mlp_params, summary, unavailable

try:
    from dualgrad._memory import empty_cache as release_caches
except ImportError:  # an engine without the array cache: nothing is kept between calls
    def release_caches():
        pass


def _mlp(params, x):
    h = x
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        h = ops.tanh(ops.matmul(h, W) + b)
    return ops.matmul(h, params[-2]) + params[-1]


def _api(name):
    """dualgrad.<name>, or a stand-in raising Unavailable while it is not written yet."""
    return getattr(dualgrad, name, None) or unavailable(f"dualgrad.{name}")


def W1(data):
    x0 = data["x"]

    def core():
        # The engine without the Tensor layer: what the API's overhead is measured against.
        tape = _core.Tape()
        x = tape.leaf(x0)
        y = x
        for _ in range(100):
            y = ew.sin(y) * 0.9 + x
        return tape.backward(F.sum_(y), np.ones(()), [x])[0]

    def f(x):
        y = x
        for _ in range(100):
            y = ops.sin(y) * 0.9 + x
        return y.sum()

    gradient = dualgrad.grad(f)
    xt = Tensor(x0)
    return [
        Row("dualgrad core (Tape)", {"grad": core}, {"grad": lambda: summary(core())}),
        Row("dualgrad API (grad)", {"grad": lambda: gradient(xt)},
            {"grad": lambda: summary(gradient(xt).asnumpy())}),
    ]


def W1b(data):
    a, b, c, d = data["a"], data["b"], data["c"], data["d"]

    def hyperdual():
        return ops.tanh(dualgrad.HyperDual(a, b, c, d))

    def dual():
        return ops.tanh(dualgrad.Dual(a, b))

    def hyperdual_check():
        h = hyperdual()
        return summary(h.real, h.e1, h.e2, h.e12)

    def dual_check():
        t = dual()
        return summary(t.primal, t.tangent)

    # dualgrad's tanh of a plain array: on AVX-512 its own float64 loop
    # (dualgrad/_vecmath.h), which every mode uses, so the hyper-dual step's
    # cost splits into this row and the step's derivative parts.
    return [Row("dualgrad HyperDual tanh (fused)", {"tanh": hyperdual},
                {"hyperdual": hyperdual_check}),
            Row("dualgrad Dual tanh", {"tanh": dual}, {"dual": dual_check}),
            Row("dualgrad tanh of the real part alone", {"tanh": lambda: ops.tanh(a)},
                {"plain": lambda: summary(ops.tanh(a))})]


def W3(data):
    X, y = Tensor(data["X"]), Tensor(data["y"])
    params = tuple(Tensor(p) for p in mlp_params(data))
    v = tuple(Tensor(p) for p in mlp_params(data, "v"))
    positions = tuple(range(len(params)))

    def loss(*params):
        r = _mlp(params, X) - y
        return ops.mean(r * r)

    gradient = dualgrad.grad(loss, grad_position=positions)
    hvp_api = _api("hvp")

    def hvp():
        return hvp_api(loss, params, v, grad_position=positions)

    return [Row("dualgrad hvp (forward over reverse)",
                {"grad": lambda: gradient(*params), "hvp": hvp},
                {"grad": lambda: summary(*(g.asnumpy() for g in gradient(*params))),
                 "hvp": lambda: summary(*(h.asnumpy() for h in hvp()))})]


def _laplacian_of_mlp(params):
    """x (N, D) -> the Laplacian of u at each point, shape (N,).

    u maps each row of x on its own, so the Laplacian with respect to all of x
    and the per-point Laplacian coincide; the reshape accepts (N,) or (N, 1).
    """
    lap = _api("laplacian")(lambda x: _mlp(params, x))
    return lambda x: ops.reshape(lap(x), (x.shape[0],))


def _parameters(data):
    return [dualgrad.Parameter(Tensor(p), name=f"p{i}")
            for i, p in enumerate(mlp_params(data))]


def _pinn_step_row(label, operator, target, x, params):
    """The row of a PINN step: the loss mean((operator(x) - target)²) and its
    gradient with respect to ``params``."""
    def loss(x):
        r = operator(x) - target
        return ops.mean(r * r)

    step = dualgrad.value_and_grad(loss, None, weights=params)

    def check():
        value, grads = step(x)
        return [float(value.asnumpy())] + summary(*(g.asnumpy() for g in grads))

    return [Row(label, {"step": lambda: step(x)}, {"loss_grad": check})]


def W4(data):
    params = _parameters(data)
    return _pinn_step_row("dualgrad laplacian in value_and_grad", _laplacian_of_mlp(params),
                          Tensor(data["f"]), Tensor(data["x"]), params)


def W5(data):
    x = Tensor(data["x"])
    params = [Tensor(p) for p in mlp_params(data)]
    laplacian = _laplacian_of_mlp(params)
    return [Row("dualgrad laplacian", {"laplacian": lambda: laplacian(x)},
                {"laplacian": lambda: summary(laplacian(x).asnumpy())})]


def W6(data):
    x = Tensor(data["x"])
    params = [Tensor(p) for p in mlp_params(data)]
    u = _api("partial")(lambda x: _mlp(params, x), 0, 0, 0, 0)

    def nested():
        # the same derivative from four nested Dual passes (2^4 parts per value)
        g = lambda x: _mlp(params, x)
        for _ in range(4):
            g = (lambda h: lambda x: dualgrad.jvp(h, x, ops.ones_like(x))[1])(g)
        return g(x)

    return [Row("dualgrad partial (Taylor mode)", {"u_xxxx": lambda: u(x)},
                {"u_xxxx": lambda: summary(u(x).asnumpy())}),
            Row("dualgrad nested jvp", {"u_xxxx": nested},
                {"u_xxxx": lambda: summary(nested().asnumpy())})]


def W7(data):
    params = _parameters(data)
    u_xxxx = _api("partial")(lambda x: _mlp(params, x), 0, 0, 0, 0)
    return _pinn_step_row("dualgrad partial (Taylor mode) in value_and_grad", u_xxxx, 1.0,
                          Tensor(data["x"]), params)


def _three_partials(params):
    """Δ²u = u_xxxx + 2 u_xxyy + u_yyyy from three ``partial`` passes."""
    u = lambda x: _mlp(params, x)
    partial = _api("partial")
    xxxx, yyyy, xxyy = partial(u, 0, 0, 0, 0), partial(u, 1, 1, 1, 1), partial(u, 0, 0, 1, 1)
    return lambda x: xxxx(x) + 2.0 * xxyy(x) + yyyy(x)


def W8(data):
    x = Tensor(data["x"])
    params = [Tensor(p) for p in mlp_params(data)]
    rows = []
    for label, operator in (
            ("dualgrad bilaplacian (Taylor mode, 3 directions)",
             _api("bilaplacian")(lambda x: _mlp(params, x))),
            ("dualgrad three partials", _three_partials(params))):
        rows.append(Row(label, {"bilaplacian": lambda op=operator: op(x)},
                        {"bilaplacian": lambda op=operator: summary(op(x).asnumpy())}))
    return rows


def W9(data):
    params = _parameters(data)
    return _pinn_step_row("dualgrad bilaplacian in value_and_grad",
                          _api("bilaplacian")(lambda x: _mlp(params, x)), 1.0,
                          Tensor(data["x"]), params)


def W10(data):
    x, f = Tensor(data["x"]), Tensor(data["f"])
    params = [Tensor(p) for p in mlp_params(data)]
    positions = tuple(range(len(params)))

    def residuals(*params):
        return _laplacian_of_mlp(params)(x) - f

    rows = []
    for label, transform in (("dualgrad jacfwd (forward over hyper-dual)", dualgrad.jacfwd),
                             ("dualgrad jacrev (reverse over hyper-dual)", dualgrad.jacrev)):
        jacobian = transform(residuals, grad_position=positions)
        rows.append(Row(label, {"jacobian": (lambda j: lambda: j(*params))(jacobian)},
                        {"jacobian": (lambda j: lambda: summary(
                            *(b.asnumpy() for b in j(*params))))(jacobian)}))
    return rows
