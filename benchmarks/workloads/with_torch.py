"""PyTorch (CPU, eager, one thread): autograd.grad, double backward and torch.func."""
import torch
from torch.func import grad as func_grad, jvp as func_jvp

from .common import Row, mlp_params, summary

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def _mlp(params, x):
    h = x
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        h = torch.tanh(h @ W + b)
    return h @ params[-2] + params[-1]


def _leaves(arrays):
    return [torch.tensor(a, requires_grad=True) for a in arrays]


def _numpy(tensors):
    return [t.detach().numpy() for t in tensors]


def W1(data):
    (x,) = _leaves([data["x"]])

    def gradient():
        y = x
        for _ in range(100):
            y = torch.sin(y) * 0.9 + x
        return torch.autograd.grad(y.sum(), x)[0]

    return [Row("PyTorch eager", {"grad": gradient},
                {"grad": lambda: summary(*_numpy([gradient()]))})]


def W3(data):
    X, y = torch.from_numpy(data["X"]), torch.from_numpy(data["y"])
    params = _leaves(mlp_params(data))
    v = [torch.from_numpy(a) for a in mlp_params(data, "v")]

    def loss(params):
        r = _mlp(params, X) - y
        return (r * r).mean()

    def gradient():
        return torch.autograd.grad(loss(params), params)

    def hvp_double_backward():
        g = torch.autograd.grad(loss(params), params, create_graph=True)
        gv = sum((gi * vi).sum() for gi, vi in zip(g, v))
        return torch.autograd.grad(gv, params)

    # torch.func transforms plain tensors; no requires_grad needed.
    plain = tuple(p.detach() for p in params)
    tangent = tuple(v)

    def func_gradient():
        return func_grad(loss)(plain)

    def func_hvp():
        return func_jvp(func_grad(loss), (plain,), (tangent,))[1]

    return [
        Row("PyTorch double backward", {"grad": gradient, "hvp": hvp_double_backward},
            {"grad": lambda: summary(*_numpy(gradient())),
             "hvp": lambda: summary(*_numpy(hvp_double_backward()))}),
        Row("torch.func jvp(grad)", {"grad": func_gradient, "hvp": func_hvp},
            {"grad": lambda: summary(*_numpy(func_gradient())),
             "hvp": lambda: summary(*_numpy(func_hvp()))}),
    ]


def _laplacian_of(values, x, create_graph):
    """Per-point Laplacian of values (computed from x row by row) by nested reverse mode.

    Summing the values (or a column of their gradient) over the batch is exact
    because each point's output depends on its own row of x only.
    """
    (du,) = torch.autograd.grad(values.sum(), x, create_graph=True)
    lap = 0
    for i in range(x.shape[1]):
        (d2,) = torch.autograd.grad(du[:, i].sum(), x, create_graph=create_graph,
                                    retain_graph=True)
        lap = lap + d2[:, i]
    return lap


def _laplacian(params, x, create_graph):
    """Per-point Laplacian of u by nested reverse mode: one backward per input dimension."""
    return _laplacian_of(_mlp(params, x), x, create_graph)


def W4(data):
    (x,) = _leaves([data["x"]])
    f = torch.from_numpy(data["f"])
    params = _leaves(mlp_params(data))

    return _pinn_step_row(lambda: _laplacian(params, x, create_graph=True) - f, params)


def _pinn_step_row(residual, params):
    """The row of a PINN step: the loss mean(residual()²) and its weight gradient."""
    def step():
        r = residual()
        loss = (r * r).mean()
        # The output bias does not reach a derivative of u: its gradient is zero.
        return loss, torch.autograd.grad(loss, params, allow_unused=True,
                                         materialize_grads=True)

    def check():
        loss, grads = step()
        return [loss.item()] + summary(*_numpy(grads))

    return [Row("PyTorch nested autograd.grad(create_graph=True)", {"step": step},
                {"loss_grad": check})]


def W5(data):
    (x,) = _leaves([data["x"]])
    params = [torch.from_numpy(a) for a in mlp_params(data)]

    def laplacian():
        return _laplacian(params, x, create_graph=False)

    return [Row("PyTorch nested double backward", {"laplacian": laplacian},
                {"laplacian": lambda: summary(laplacian().numpy())})]


def W6(data):
    x = torch.from_numpy(data["x"])
    params = [torch.from_numpy(a) for a in mlp_params(data)]
    ones = torch.ones_like(x)

    def nested_jvp():
        g = lambda x: _mlp(params, x)
        for _ in range(4):
            g = (lambda h: lambda x: func_jvp(h, (x,), (ones,))[1])(g)
        return g(x)

    def nested_grad():
        # u maps each row on its own, so d(sum u)/dx is u' at every point
        y = x.clone().requires_grad_(True)
        d = _mlp(params, y)
        for k in range(4):
            (d,) = torch.autograd.grad(d.sum(), y, create_graph=k < 3)
        return d

    return [Row("PyTorch nested torch.func.jvp", {"u_xxxx": nested_jvp},
                {"u_xxxx": lambda: summary(nested_jvp().numpy())}),
            Row("PyTorch nested autograd.grad", {"u_xxxx": nested_grad},
                {"u_xxxx": lambda: summary(nested_grad().detach().numpy())})]


def W7(data):
    x = torch.from_numpy(data["x"])
    params = _leaves(mlp_params(data))

    def residual():
        # u maps each row on its own, so d(sum u)/dx is u' at every point
        y = x.clone().requires_grad_(True)
        d = _mlp(params, y)
        for _ in range(4):
            (d,) = torch.autograd.grad(d.sum(), y, create_graph=True)
        return d - 1.0

    return _pinn_step_row(residual, params)


def _bilaplacian(params, x, create_graph):
    """Δ(Δu): the Laplacian's graph kept, then differentiated twice more."""
    return _laplacian_of(_laplacian_of(_mlp(params, x), x, True), x, create_graph)


def W8(data):
    (x,) = _leaves([data["x"]])
    params = [torch.from_numpy(a) for a in mlp_params(data)]

    def bilaplacian():
        return _bilaplacian(params, x, create_graph=False)

    return [Row("PyTorch nested autograd.grad (Laplacian of the Laplacian)",
                {"bilaplacian": bilaplacian},
                {"bilaplacian": lambda: summary(bilaplacian().detach().numpy())})]


def W9(data):
    (x,) = _leaves([data["x"]])
    params = _leaves(mlp_params(data))
    return _pinn_step_row(lambda: _bilaplacian(params, x, create_graph=True) - 1.0, params)


def W10(data):
    from torch.func import hessian, jacfwd, jacrev, vmap

    x, f = torch.from_numpy(data["x"]), torch.from_numpy(data["f"])
    params = tuple(torch.from_numpy(a) for a in mlp_params(data))
    positions = tuple(range(len(params)))

    def residuals(*params):
        def u(point):
            return _mlp(params, point[None])[0, 0]
        return vmap(lambda point: torch.trace(hessian(u)(point)))(x) - f

    rows = []
    for label, transform in (("torch.func jacfwd (vmap of trace of hessian)", jacfwd),
                             ("torch.func jacrev (vmap of trace of hessian)", jacrev)):
        jacobian = transform(residuals, argnums=positions)
        rows.append(Row(label, {"jacobian": (lambda j: lambda: j(*params))(jacobian)},
                        {"jacobian": (lambda j: lambda: summary(
                            *_numpy(j(*params))))(jacobian)}))
    return rows
