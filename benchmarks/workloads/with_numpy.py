"""Plain NumPy: the forward passes every ratio is measured against, and
hand-derived references for the checks (computed once, untimed)."""
import numpy as np

from .common import Row, mlp_params, summary


def _mlp(params, x):
    h = x
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        h = np.tanh(h @ W + b)
    return h @ params[-2] + params[-1]


def W1(data):
    x0 = data["x"]

    def forward():
        y = x0
        for _ in range(100):
            y = np.sin(y) * 0.9 + x0
        return y.sum()

    def adjoint():
        # Hand-written reverse sweep: an oracle that shares no code with any engine.
        ys = [x0]
        for _ in range(100):
            ys.append(np.sin(ys[-1]) * 0.9 + x0)
        g, gx = np.ones_like(x0), np.zeros_like(x0)
        for y in reversed(ys[:-1]):
            gx += g
            g = g * 0.9 * np.cos(y)
        return summary(gx + g)

    return [Row("NumPy forward (baseline)", {"forward": forward}, {"grad": adjoint})]


def W1b(data):
    a, b, c, d = data["a"], data["b"], data["c"], data["d"]

    def hyperdual_parts():
        t = np.tanh(a)
        s = 1.0 - t * t
        return t, b * s, c * s, d * s + b * c * (-2.0 * t * s)

    def dual_parts():
        t = np.tanh(a)
        return t, b * (1.0 - t * t)

    return [
        Row("np.tanh(a) (baseline)", {"tanh": lambda: np.tanh(a)},
            {"dual": lambda: summary(*dual_parts()),
             "hyperdual": lambda: summary(*hyperdual_parts())}),
        # What a hyper-dual tanh costs when written as a chain of NumPy temporaries.
        Row("NumPy hyper-dual tanh, unfused", {"tanh": hyperdual_parts}),
    ]


def W3(data):
    X, y, params = data["X"], data["y"], mlp_params(data)

    def loss():
        r = _mlp(params, X) - y
        return np.mean(r * r)

    return [Row("NumPy forward of the loss (baseline)", {"forward": loss})]


def _forward_u(data):
    params, x = mlp_params(data), data["x"]
    return [Row("NumPy forward of u (baseline)", {"forward": lambda: _mlp(params, x)})]


W4 = W5 = _forward_u
