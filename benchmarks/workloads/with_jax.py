"""JAX (CPU, float64), with and without jit.

Jitted rows exclude compilation from the timings: the worker's first call
(reported separately as "first call") compiles.
"""
import jax
import jax.numpy as jnp

from .common import Row, mlp_params, summary

jax.config.update("jax_enable_x64", True)


def _mlp(params, x):
    h = x
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        h = jnp.tanh(h @ W + b)
    return h @ params[-2] + params[-1]


def _u(params, point):
    """u at a single point (D,) -> scalar, the form jax.hessian and folx expect."""
    return _mlp(params, point)[0]


def _ready(fn):
    """fn with the asynchronous dispatch waited for, so the time is the work's."""
    return lambda *args: jax.block_until_ready(fn(*args))


def _arrays(arrays):
    return tuple(jnp.asarray(a) for a in arrays)


def W1(data):
    x = jnp.asarray(data["x"])

    def f(x):
        y = x
        for _ in range(100):
            y = jnp.sin(y) * 0.9 + x
        return jnp.sum(y)

    eager, jitted = _ready(jax.grad(f)), _ready(jax.jit(jax.grad(f)))
    return [Row("JAX without jit", {"grad": lambda: eager(x)},
                {"grad": lambda: summary(eager(x))}),
            Row("JAX jit", {"grad": lambda: jitted(x)}, {"grad": lambda: summary(jitted(x))})]


def W3(data):
    X, y = jnp.asarray(data["X"]), jnp.asarray(data["y"])
    params, v = _arrays(mlp_params(data)), _arrays(mlp_params(data, "v"))

    def loss(params):
        r = _mlp(params, X) - y
        return jnp.mean(r * r)

    def hvp(params, v):
        return jax.jvp(jax.grad(loss), (params,), (v,))[1]

    rows = []
    for label, transform in (("JAX jit jvp(grad)", jax.jit), ("JAX jvp(grad), no jit", None)):
        g = _ready(transform(jax.grad(loss)) if transform else jax.grad(loss))
        h = _ready(transform(hvp) if transform else hvp)
        rows.append(Row(label, {"grad": lambda g=g: g(params), "hvp": lambda h=h: h(params, v)},
                        {"grad": lambda g=g: summary(*g(params)),
                         "hvp": lambda h=h: summary(*h(params, v))}))
    return rows


def _hessian_laplacian(params, point):
    return jnp.trace(jax.hessian(_u, argnums=1)(params, point))


def W4(data):
    x, f = jnp.asarray(data["x"]), jnp.asarray(data["f"])
    params = _arrays(mlp_params(data))

    def loss(params):
        r = jax.vmap(_hessian_laplacian, (None, 0))(params, x) - f
        return jnp.mean(r * r)

    step = _ready(jax.jit(jax.value_and_grad(loss)))

    def check():
        value, grads = step(params)
        return [float(value)] + summary(*grads)

    return [Row("JAX jit (vmap of trace of hessian)", {"step": lambda: step(params)},
                {"loss_grad": check})]


def W5(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))
    lap = _ready(jax.jit(jax.vmap(_hessian_laplacian, (None, 0))))
    return [Row("JAX jit trace(hessian)", {"laplacian": lambda: lap(params, x)},
                {"laplacian": lambda: summary(lap(params, x))})]


def _u_xxxx_by_jet(params, x):
    """u_xxxx per point: the curve x + t, series (1, 0, 0, 0) (jet's series are derivatives)."""
    from jax.experimental import jet

    ones, zeros = jnp.ones_like(x), jnp.zeros_like(x)
    return jet.jet(lambda x: _mlp(params, x), (x,), ((ones, zeros, zeros, zeros),))[1][3]


def _u_xxxx_by_nested_jvp(params, x):
    """u_xxxx per point from four nested jvp along ones."""
    ones = jnp.ones_like(x)
    g = lambda x: _mlp(params, x)
    for _ in range(4):
        g = (lambda h: lambda x: jax.jvp(h, (x,), (ones,))[1])(g)
    return g(x)


def _operator_rows(quantity, params, x, operators):
    """Rows of jitted operators, each (label, fn(params, x)), reporting ``quantity``."""
    rows = []
    for label, fn in operators:
        f = _ready(jax.jit(fn))
        rows.append(Row(label, {quantity: lambda f=f: f(params, x)},
                        {quantity: lambda f=f: summary(f(params, x))}))
    return rows


def W6(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))
    return _operator_rows("u_xxxx", params, x,
                          (("JAX jit jet (Taylor mode)", _u_xxxx_by_jet),
                           ("JAX jit nested jvp", _u_xxxx_by_nested_jvp)))


def W7(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))
    return _step_rows(params, (
        ("JAX jit value_and_grad of jet", lambda params: _u_xxxx_by_jet(params, x)),
        ("JAX jit value_and_grad of nested jvp",
         lambda params: _u_xxxx_by_nested_jvp(params, x))))


def _step_rows(params, operators):
    """Rows of jitted PINN steps: mean((operator(params) - 1)²) and its gradient."""
    rows = []
    for label, operator in operators:
        step = _ready(jax.jit(jax.value_and_grad(
            lambda params, operator=operator: jnp.mean((operator(params) - 1.0) ** 2))))

        def check(step=step):
            value, grads = step(params)
            return [float(value)] + summary(*grads)

        rows.append(Row(label, {"step": lambda step=step: step(params)}, {"loss_grad": check}))
    return rows


# Three unit directions 60° apart: Σ_r (8/9) ∂⁴u/∂v_r⁴ = Δ²u on the plane
# (the directions dualgrad's bilaplacian takes).
_ANGLES = jnp.arange(3) * jnp.pi / 3
_PLANE_DIRECTIONS = jnp.stack([jnp.cos(_ANGLES), jnp.sin(_ANGLES)], 1)


def _bilaplacian_by_jet(params, x):
    """Δ²u per point: jet of order 4 along each direction, on 3 copies of the points."""
    from jax.experimental import jet

    n = x.shape[0]
    copies = jnp.tile(x, (3, 1))
    seeds = jnp.repeat(_PLANE_DIRECTIONS, n, axis=0)
    zeros = jnp.zeros_like(copies)
    fourth = jet.jet(lambda p: _mlp(params, p), (copies,),
                     ((seeds, zeros, zeros, zeros),))[1][3]
    return (8 / 9) * fourth.reshape(3, n, -1).sum(0)


def _bilaplacian_by_nested_jvp(params, x):
    """u_xxxx + 2 u_xxyy + u_yyyy, each from four nested jvp (XLA merges repeats)."""
    ex = jnp.zeros_like(x).at[:, 0].set(1.0)
    ey = jnp.zeros_like(x).at[:, 1].set(1.0)

    def along(seeds):
        g = lambda p: _mlp(params, p)
        for seed in seeds:
            g = (lambda h, s: lambda p: jax.jvp(h, (p,), (s,))[1])(g, seed)
        return g(x)

    return along((ex,) * 4) + 2 * along((ex, ex, ey, ey)) + along((ey,) * 4)


_BILAPLACIANS = (("JAX jit jet along 3 directions", _bilaplacian_by_jet),
                 ("JAX jit nested jvp (three partials)", _bilaplacian_by_nested_jvp))


def W8(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))
    return _operator_rows("bilaplacian", params, x, _BILAPLACIANS)


def W9(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))
    return _step_rows(params, [(f"{label}, value_and_grad",
                                lambda params, fn=fn: fn(params, x))
                               for label, fn in _BILAPLACIANS])


def W10(data):
    x, f = jnp.asarray(data["x"]), jnp.asarray(data["f"])
    params = _arrays(mlp_params(data))

    def residuals(params):
        return jax.vmap(_hessian_laplacian, (None, 0))(params, x) - f

    rows = []
    for label, transform in (("JAX jit jacfwd", jax.jacfwd), ("JAX jit jacrev", jax.jacrev)):
        jacobian = _ready(jax.jit(transform(residuals)))
        rows.append(Row(label, {"jacobian": (lambda j: lambda: j(params))(jacobian)},
                        {"jacobian": (lambda j: lambda: summary(*j(params)))(jacobian)}))
    return rows
