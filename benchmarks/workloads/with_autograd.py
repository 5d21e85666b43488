"""HIPS autograd: grad, make_hvp, and nested elementwise_grad for Laplacians."""
import autograd
import autograd.numpy as anp
from autograd import elementwise_grad

from .common import Row, mlp_params, summary


def _mlp(params, x):
    h = x
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        h = anp.tanh(anp.dot(h, W) + b)
    return anp.dot(h, params[-2]) + params[-1]


def W1(data):
    x = data["x"]

    def f(x):
        y = x
        for _ in range(100):
            y = anp.sin(y) * 0.9 + x
        return anp.sum(y)

    gradient = autograd.grad(f)
    return [Row("HIPS autograd", {"grad": lambda: gradient(x)},
                {"grad": lambda: summary(gradient(x))})]


def W3(data):
    X, y = data["X"], data["y"]
    params, v = tuple(mlp_params(data)), tuple(mlp_params(data, "v"))

    def loss(params):
        r = _mlp(params, X) - y
        return anp.mean(r * r)

    gradient = autograd.grad(loss)
    make_hvp = autograd.make_hvp(loss)

    def hvp():
        return make_hvp(params)[0](v)

    return [Row("HIPS autograd make_hvp", {"grad": lambda: gradient(params), "hvp": hvp},
                {"grad": lambda: summary(*gradient(params)), "hvp": lambda: summary(*hvp())})]


def _laplacian(params, x):
    """Per-point Laplacian: elementwise_grad is exact since points do not interact."""
    du = elementwise_grad(lambda x: _mlp(params, x)[:, 0])

    def second(i):
        return elementwise_grad(lambda x: du(x)[:, i])(x)[:, i]

    return sum(second(i) for i in range(x.shape[1]))


def W4(data):
    x, f = data["x"], data["f"]
    params = mlp_params(data)

    def loss(params):
        r = _laplacian(params, x) - f
        return anp.mean(r * r)

    step = autograd.value_and_grad(loss)

    def check():
        value, grads = step(params)
        return [float(value)] + summary(*grads)

    return [Row("HIPS autograd nested", {"step": lambda: step(params)}, {"loss_grad": check})]


def W5(data):
    x, params = data["x"], mlp_params(data)
    return [Row("HIPS autograd nested", {"laplacian": lambda: _laplacian(params, x)},
                {"laplacian": lambda: summary(_laplacian(params, x))})]


def W6(data):
    x, params = data["x"], mlp_params(data)
    g = lambda x: _mlp(params, x)
    for _ in range(4):
        g = elementwise_grad(g)
    return [Row("HIPS autograd nested elementwise_grad", {"u_xxxx": lambda: g(x)},
                {"u_xxxx": lambda: summary(g(x))})]
