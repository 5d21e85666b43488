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


def _keep_freed_memory():
    """Stops glibc from handing freed arrays back to the kernel (where available).

    W3's hand-written sweeps allocate a few dozen 128 KiB temporaries per call,
    W1b's unfused step eight of 8 MB.  With glibc's defaults some of them land
    on fresh pages that the kernel zeroes on every call, and the time measured
    is then the allocator's (2.5x here), not the arithmetic.  dualgrad's array
    cache avoids that cost, so the floors it is compared with must too.
    Applies to the process of one workload (W1b, W3), baseline included.
    """
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    mallopt(M_TRIM_THRESHOLD, 1 << 30)
    mallopt(M_MMAP_THRESHOLD, 32 << 20)


def W1b(data):
    a, b, c, d = data["a"], data["b"], data["c"], data["d"]
    _keep_freed_memory()

    def hyperdual_parts():
        t = np.tanh(a)
        s = 1.0 - t * t
        return t, b * s, c * s, d * s + b * c * (-2.0 * t * s)

    def dual_parts():
        t = np.tanh(a)
        return t, b * (1.0 - t * t)

    outputs = [np.empty_like(a) for _ in range(4)]

    def copy_four():
        for src, dst in zip((a, b, c, d), outputs):
            np.copyto(dst, src)

    return [
        Row("np.tanh(a) (baseline)", {"tanh": lambda: np.tanh(a)},
            {"dual": lambda: summary(*dual_parts()),
             "hyperdual": lambda: summary(*hyperdual_parts()),
             "plain": lambda: summary(np.tanh(a))}),
        # What a hyper-dual tanh costs when written as a chain of NumPy temporaries.
        Row("NumPy hyper-dual tanh, unfused", {"tanh": hyperdual_parts}),
        # The memory traffic any hyper-dual step has, without its arithmetic:
        # four arrays read and four written (into buffers kept between calls).
        Row("NumPy: copy 4 arrays (traffic only)", {"tanh": copy_four}),
    ]


def _times_transpose(g, W):
    """g @ W.T; an outer product (inner dimension 1) as a broadcast product,
    which BLAS's gemm is slow at."""
    return g * W.T if g.shape[1] == 1 else g @ W.T


def _mse_gradient(params, X, y):
    """The gradient of mean((mlp(X) - y)²) w.r.t. [W1, b1, ...], by a
    hand-written reverse sweep."""
    hs = [X]
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        hs.append(np.tanh(hs[-1] @ W + b))
    g = (2.0 / y.size) * (hs[-1] @ params[-2] + params[-1] - y)
    grads = []
    for layer in range(len(params) // 2 - 1, -1, -1):
        W, h = params[2 * layer], hs[layer]
        grads[:0] = [h.T @ g, g.sum(0)]
        if layer:
            g = _times_transpose(g, W) * (1.0 - h * h)
    return grads


def _mse_hvp(params, v, X, y):
    """The Hessian of the same loss times the direction v, by Pearlmutter's
    R-operator written out by hand: every quantity of the reverse sweep paired
    with its directional derivative (a dot), and no weight gradient, which
    the HVP does not need — the least work an exact HVP of this form does."""
    hs, hdots = [X], [np.zeros_like(X)]
    for W, b, Wd, bd in zip(params[0:-2:2], params[1:-2:2], v[0:-2:2], v[1:-2:2]):
        zdot = hs[-1] @ Wd + bd
        if len(hs) > 1:
            zdot += hdots[-1] @ W
        h = np.tanh(hs[-1] @ W + b)
        hs.append(h)
        hdots.append((1.0 - h * h) * zdot)
    scale = 2.0 / y.size
    h, hdot = hs[-1], hdots[-1]
    g = scale * (h @ params[-2] + params[-1] - y)
    gdot = scale * (hdot @ params[-2] + h @ v[-2] + v[-1])
    hvps = []
    for layer in range(len(params) // 2 - 1, -1, -1):
        W, Wd, h, hdot = params[2 * layer], v[2 * layer], hs[layer], hdots[layer]
        hvps[:0] = [h.T @ gdot + hdot.T @ g if layer else h.T @ gdot, gdot.sum(0)]
        if layer:
            a = _times_transpose(g, W)
            adot = _times_transpose(gdot, W) + _times_transpose(g, Wd)
            s = 1.0 - h * h
            g, gdot = a * s, adot * s - 2.0 * a * h * hdot
    return hvps


def W3(data):
    X, y, params = data["X"], data["y"], mlp_params(data)
    v = mlp_params(data, "v")
    _keep_freed_memory()

    def loss():
        r = _mlp(params, X) - y
        return np.mean(r * r)

    return [Row("NumPy forward of the loss (baseline)", {"forward": loss}),
            # No AD at all: what an op-by-op engine's gradient and HVP cannot beat.
            Row("NumPy R-operator by hand (no AD)",
                {"grad": lambda: _mse_gradient(params, X, y),
                 "hvp": lambda: _mse_hvp(params, v, X, y)},
                {"grad": lambda: summary(*_mse_gradient(params, X, y)),
                 "hvp": lambda: summary(*_mse_hvp(params, v, X, y))})]


def _forward_u(data):
    params, x = mlp_params(data), data["x"]
    return [Row("NumPy forward of u (baseline)", {"forward": lambda: _mlp(params, x)})]


W4 = W5 = W6 = W7 = W8 = W9 = W10 = _forward_u
