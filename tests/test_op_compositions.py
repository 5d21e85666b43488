"""Random compositions of the operators, differentiated to second order, vs finite differences.

The programs are tests/oracle/op_fuzz.py's (which also runs them on MindSpore):
a scalar f(x, y) from a random expression over elementwise, binary,
reduction, scan and rearranging operators, with broadcasting arguments.  Each
result — the gradient, the four grad(grad(f, i), j) and a jvp — must equal
central differences in float64 (of f, or of dualgrad's gradient for the
second derivatives, which the first-order check vouches for); hvp in a
random direction must equal differences of that gradient, and a third
derivative, grad(grad(grad(f, 0), 1), 0), differences of the second; the
whole Hessian (one batched forward-over-reverse pass) must be symmetric and
agree with grad(grad) and with hvp.  Row-wise
compositions of the elementwise operators also check the PINN operators
(laplacian, partial, point_hessian: hyper-dual passes) against nested reverse,
and bilaplacian (a Taylor pass of order 4) against nested jvp; vmap of the
programs' derivatives over a batch of x is checked against a loop.  Taylor
mode (``ops.jet``) of every program to fourth order along (vx, vy) must equal
four nested jvp passes: its linear, bilinear, quotient, power and ODE rules
and the rules it derives from jvp rules, composed at random.  The gradient
and the jvp of that fourth derivative, contracted with (vx, vy), must equal
the fifth from a Taylor pass: reverse and forward over Taylor.  Random
networks of cells (Dense, every smooth activation cell, LayerNorm) take the
PINN operators (laplacian, bilaplacian, partial in Taylor mode, nested
reverse) against nested jvp.
"""
import os
import random
import sys

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "oracle"))

import op_fuzz  # noqa: E402

SEED, COUNT = 20261127, 150
PROGRAMS = []
_rng = random.Random(SEED)
for _i in range(COUNT):
    _name = f"c{_i:03d}"
    PROGRAMS.append((_name,) + op_fuzz.gen_program(_rng, _name))
DEFINITIONS = {name: definition for name, definition, _ in PROGRAMS}


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    path = tmp_path_factory.mktemp("op_compositions") / "compositions.py"
    return op_fuzz.dualgrad_module(op_fuzz.module_source(PROGRAMS), str(path))


def results(module, name):
    """{result path: flat values} of the program's own results, as the judge names them."""
    res = getattr(module, name)()
    out = {}
    for index, entry in enumerate(res):
        assert not isinstance(entry, str), f"result {index} {entry}"
        if isinstance(entry, tuple):
            for k, part in enumerate(entry):
                out[f"res[{index}][{k}]"] = part.asnumpy().reshape(-1)
        else:
            out[f"res[{index}]"] = entry.asnumpy().reshape(-1)
    return out


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_every_derivative_of_a_random_composition_matches_finite_differences(programs, name):
    fd = op_fuzz.judge(programs, name)
    float32 = "float32" in DEFINITIONS[name]
    source = DEFINITIONS[name].splitlines()[1].strip()
    for path, have in results(programs, name).items():
        want = np.asarray(fd[path])
        tol = (1e-4 if float32 else 1e-6) * max(1.0, float(np.abs(want).max()))
        assert have.shape == want.shape, path
        assert np.all(np.abs(have - want) <= tol), (path, source, have, want)


def test_the_programs_draw_on_every_operator_pool():
    text = "\n".join(DEFINITIONS.values())
    for pool in (op_fuzz.UNARY, op_fuzz.BINARY, op_fuzz.ALONG):
        used = [name for name in pool if name.split()[0] in text]
        assert len(used) >= len(pool) // 3, (sorted(pool), used)


# ---------------------------------------------------------------------------
# The PINN operators on random row-wise compositions: u(p) of points p = (x, y)

def _pointwise(rng, depth):
    """An expression in x and y of unary and binary operators only, so row-wise."""
    if depth == 0:
        return rng.choice(["x", "y"])
    if rng.random() < 0.5:
        name = rng.choice(sorted(op_fuzz.UNARY))
        return f"ops.{name}({op_fuzz.UNARY[name].format(_pointwise(rng, depth - 1))})"
    form = op_fuzz.BINARY[rng.choice(sorted(op_fuzz.BINARY))]
    return form.format(_pointwise(rng, depth - 1), _pointwise(rng, depth - 1))


_rng = random.Random(SEED + 1)
POINTWISE = [_pointwise(_rng, _rng.randint(1, 3)) for _ in range(100)]


@pytest.mark.parametrize("body", POINTWISE)
def test_pinn_operators_of_a_random_pointwise_composition_match_nested_reverse(programs, body):
    namespace = dict(vars(programs))
    u = eval(f"lambda p: (lambda x, y: {body})(p[:, 0], p[:, 1])", namespace)
    points = ms.Tensor(np.random.default_rng(len(body)).uniform(-1.5, 1.5, (5, 2)))

    def second(i, j):
        # rows are independent, so the gradient of a sum is each row's own
        first = lambda p: ms.grad(lambda q: u(q).sum())(p)[:, i].sum()   # noqa: E731
        return ms.grad(first)(points).asnumpy()[:, j]

    uxx, uxy, uyy = second(0, 0), second(0, 1), second(1, 1)
    scale = max(1.0, np.abs([uxx, uxy, uyy]).max())
    close = lambda a, b: np.testing.assert_allclose(                    # noqa: E731
        a.asnumpy(), b, rtol=1e-12, atol=1e-12 * scale, err_msg=body)
    close(ms.laplacian(u)(points), uxx + uyy)
    close(ms.partial(u, 0, 1)(points), uxy)
    close(ms.partial(u, 1, 1)(points), uyy)
    close(ms.point_hessian(u)(points)[:, 0, 1], uxy)


def derivative_by_nested_jvp(u, points, coordinates):
    """∂u/∂x_i∂x_j... per point for (i, j, ...) = coordinates: one public jvp per coordinate.

    Rows are independent, so a jvp along a column of ones differentiates each row.
    """
    n, d = points.shape
    g = u
    for i in coordinates:
        axis = ms.Tensor(np.tile(np.eye(d)[i], (n, 1)))
        g = (lambda h, e: lambda p: ms.jvp(h, p, e)[1])(g, axis)
    return g(points).asnumpy()


@pytest.mark.parametrize("body", POINTWISE)
def test_bilaplacian_of_a_random_pointwise_composition_matches_nested_jvp(programs, body):
    namespace = dict(vars(programs))
    u = eval(f"lambda p: (lambda x, y: {body})(p[:, 0], p[:, 1])", namespace)
    points = ms.Tensor(np.random.default_rng(len(body)).uniform(-1.5, 1.5, (5, 2)))

    def along(*coordinates):
        return derivative_by_nested_jvp(u, points, coordinates)

    uxx, uyy = along(0, 0), along(1, 1)
    want = along(0, 0, 0, 0) + 2 * along(0, 0, 1, 1) + along(1, 1, 1, 1)
    u_have, lap_have, bilap_have = ms.bilaplacian(u, lower=True)(points)
    for have, expected in ((u_have, u(points).asnumpy()), (lap_have, uxx + uyy),
                           (bilap_have, want)):
        np.testing.assert_allclose(have.asnumpy(), expected, rtol=1e-10,
                                   atol=1e-10 * max(1.0, float(np.abs(expected).max())),
                                   err_msg=body)


# ---------------------------------------------------------------------------
# vmap of the same programs' derivatives: a batch of x, one call, as a loop

@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_vmap_of_first_and_second_derivatives_of_a_random_composition_is_a_loop(
        programs, name):
    f = getattr(programs, f"f_{name}")
    x, y, vx, _ = getattr(programs, f"inputs_{name}")()
    batch = ms.Tensor(np.stack([x.asnumpy(), vx.asnumpy(), x.asnumpy() * 0.5]))
    for transform in (ms.grad(f, 0), ms.grad(ms.grad(f, 0), 1), ms.grad(ms.grad(f, 1), 0)):
        mapped = ms.vmap(transform, in_axes=(0, None))(batch, y).asnumpy()
        looped = np.stack([transform(ms.Tensor(b), y).asnumpy() for b in batch.asnumpy()])
        # a batch may sum in another order than one example: rounding apart
        tol = 1e-4 if looped.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(mapped, looped, rtol=tol,
                                   atol=tol * max(1.0, float(np.abs(looped).max())))


def program_in_float64(programs, name):
    """The program's function and its inputs x, y and directions vx, vy as float64 arrays."""
    inputs = getattr(programs, f"inputs_{name}")()
    return getattr(programs, f"f_{name}"), [t.asnumpy().astype(np.float64) for t in inputs]


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_the_hessian_of_a_random_composition_is_symmetric_and_agrees_with_grad_of_grad_and_hvp(
        programs, name):
    f, (x, y, vx, vy) = program_in_float64(programs, name)
    T = ms.Tensor
    blocks = ms.hessian(f, (0, 1))(T(x), T(y))
    flat = [[blocks[i][j].asnumpy().reshape(a.size, b.size) for j, b in enumerate((x, y))]
            for i, a in enumerate((x, y))]
    whole = np.block(flat)
    scale = max(1.0, float(np.abs(whole).max()))
    np.testing.assert_allclose(whole, whole.T, rtol=0, atol=1e-12 * scale)
    for i in range(2):
        for j, b in enumerate((x, y)):
            # grad(grad(f, i), j) differentiates the sum of the inner gradient's entries
            want = ms.grad(ms.grad(f, i), j)(T(x), T(y)).asnumpy().reshape(-1)
            np.testing.assert_allclose(flat[i][j].sum(axis=0), want, rtol=0,
                                       atol=1e-10 * max(1.0, float(np.abs(want).max())))
    products = ms.hvp(f, (T(x), T(y)), (T(vx), T(vy)), grad_position=(0, 1))
    want = whole @ np.concatenate([vx.reshape(-1), vy.reshape(-1)])
    have = np.concatenate([p.asnumpy().reshape(-1) for p in products])
    np.testing.assert_allclose(have, want, rtol=0, atol=1e-10 * max(1.0, float(np.abs(want).max())))


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_hvp_of_a_random_composition_matches_differences_of_the_gradient(programs, name):
    f, (x, y, vx, vy) = program_in_float64(programs, name)
    T, h = ms.Tensor, op_fuzz.FD_STEP

    def gradient(a, b):
        return [g.asnumpy() for g in ms.grad(f, (0, 1))(T(a), T(b))]

    plus, minus = gradient(x + h * vx, y + h * vy), gradient(x - h * vx, y - h * vy)
    have = ms.hvp(f, (T(x), T(y)), (T(vx), T(vy)), grad_position=(0, 1))
    for part, p, m in zip(have, plus, minus):
        want = (p - m) / (2 * h)
        np.testing.assert_allclose(part.asnumpy(), want, rtol=1e-6,
                                   atol=1e-6 * max(1.0, float(np.abs(want).max())))


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_third_derivatives_of_a_random_composition_match_differences_of_the_second(
        programs, name):
    f, (x, y, _, _) = program_in_float64(programs, name)
    T, h = ms.Tensor, 1e-4
    second = ms.grad(ms.grad(f, 0), 1)
    have = ms.grad(second, 0)(T(x), T(y)).asnumpy().reshape(-1)
    want = np.zeros(x.size)
    for i in range(x.size):
        step = np.zeros(x.shape)
        step.flat[i] = h
        want[i] = (second(T(x + step), T(y)).asnumpy().sum()
                   - second(T(x - step), T(y)).asnumpy().sum()) / (2 * h)
    np.testing.assert_allclose(have, want, rtol=1e-6,
                               atol=1e-6 * max(1.0, float(np.abs(want).max())))


def straight_line(directions, order):
    """``jet``'s series of the curve x + t·v for each v: its first derivative, then zeros."""
    return tuple(ms.Tensor(np.concatenate([v[None], np.zeros((order - 1,) + v.shape)]))
                 for v in directions)


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_fourth_order_taylor_mode_of_a_random_composition_matches_nested_jvp(programs, name):
    f, (x, y, vx, vy) = program_in_float64(programs, name)
    T = ms.Tensor
    nested = f
    for _ in range(4):
        nested = (lambda g: lambda a, b: ms.jvp(g, (a, b), (T(vx), T(vy)))[1])(nested)
    want = nested(T(x), T(y)).asnumpy()
    value, derivatives = ms.ops.jet(f, (T(x), T(y)), straight_line((vx, vy), 4))
    np.testing.assert_allclose(value.asnumpy(), f(T(x), T(y)).asnumpy(), rtol=1e-14)
    np.testing.assert_allclose(derivatives.asnumpy()[3], want, rtol=1e-10,
                               atol=1e-10 * max(1.0, float(np.abs(want).max())))


@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_reverse_and_forward_over_taylor_mode_of_a_random_composition_give_the_fifth_derivative(
        programs, name):
    f, (x, y, vx, vy) = program_in_float64(programs, name)
    T = ms.Tensor

    def fourth(a, b):
        return ms.ops.jet(f, (a, b), straight_line((vx, vy), 4))[1][3]

    want = ms.ops.jet(f, (T(x), T(y)), straight_line((vx, vy), 5))[1].asnumpy()[4]
    gx, gy = ms.grad(fourth, (0, 1))(T(x), T(y))
    by_reverse = (gx.asnumpy() * vx).sum() + (gy.asnumpy() * vy).sum()
    by_forward = ms.jvp(fourth, (T(x), T(y)), (T(vx), T(vy)))[1].asnumpy()
    for have in (by_reverse, by_forward):
        np.testing.assert_allclose(have, want, rtol=1e-9,
                                   atol=1e-9 * max(1.0, float(np.abs(want).max())))


# ---------------------------------------------------------------------------
# Random networks of cells: the PINN operators against nested jvp

SMOOTH_CELLS = ["Tanh", "GELU", "SiLU", "Softplus", "Mish", "Sigmoid", "Softsign", "CELU", "ELU",
                "SeLU", "LogSigmoid", "Tanhshrink", "Softmax", "LogSoftmax", "Softmin"]


def random_network(rng, d):
    """A row-wise network of d inputs: Dense layers, smooth activation cells, some LayerNorms."""
    layers, width = [], d
    for _ in range(rng.randint(1, 3)):
        out = rng.choice([3, 5, 8])
        layers.append(nn.Dense(width, out, weight_init="normal", bias_init="normal",
                               dtype=ms.float64))
        name = rng.choice(SMOOTH_CELLS)
        axis = (-1,) if name.endswith(("max", "min")) else ()      # Softmax, LogSoftmax, Softmin
        layers.append(getattr(nn, name)(*axis))
        if rng.random() < 0.3:
            layers.append(nn.LayerNorm((out,), dtype=ms.float64))
        width = out
    layers.append(nn.Dense(width, 1, dtype=ms.float64))
    return nn.SequentialCell(layers)


@pytest.mark.parametrize("index", range(60))
def test_pinn_operators_of_a_random_network_of_cells_match_nested_jvp(index):
    rng = random.Random(SEED + 2 + index)
    d = rng.choice([1, 2, 3])
    ms.set_seed(index)
    net = random_network(rng, d)
    points = ms.Tensor(np.random.default_rng(index).uniform(-1, 1, (4, d)))

    def along(*coordinates):
        return derivative_by_nested_jvp(net, points, coordinates)

    def nested_reverse_uxx(p):
        first = lambda q: ms.grad(lambda r: net(r).sum())(q)[:, 0].sum()    # noqa: E731
        return ms.grad(first)(p)[:, 0:1]

    lap = sum(along(i, i) for i in range(d))
    _, lap_of_bilaplacian, bilap = ms.bilaplacian(net, lower=True)(points)
    cases = [(ms.laplacian(net)(points), lap), (lap_of_bilaplacian, lap),
             (bilap, sum(along(i, i, j, j) for i in range(d) for j in range(d))),
             (ms.partial(net, 0, 0, 0)(points), along(0, 0, 0)),
             (nested_reverse_uxx(points), along(0, 0))]
    for k, (have, want) in enumerate(cases):
        np.testing.assert_allclose(have.asnumpy().reshape(want.shape), want, rtol=1e-10,
                                   atol=1e-10 * max(1.0, float(np.abs(want).max())),
                                   err_msg=f"case {k} of {net}")
