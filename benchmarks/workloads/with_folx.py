"""folx's forward Laplacian (on JAX, jitted; compilation excluded like with_jax)."""
import folx
import jax
import jax.numpy as jnp

from .common import Row, mlp_params, summary
from .with_jax import _arrays, _ready, _u


def W5(data):
    x = jnp.asarray(data["x"])
    params = _arrays(mlp_params(data))

    def laplacian(params, point):
        return folx.forward_laplacian(lambda p: _u(params, p))(point).laplacian

    lap = _ready(jax.jit(jax.vmap(laplacian, (None, 0))))
    return [Row("folx forward Laplacian (jit)", {"laplacian": lambda: lap(params, x)},
                {"laplacian": lambda: summary(lap(params, x))})]
