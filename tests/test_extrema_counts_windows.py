"""fmax and fmin (NaN-ignoring extrema), nextafter, gcd and lcm, bincount,
unique_consecutive, and the Hann, Bartlett and Kaiser windows.

Values, gradients and dtypes against MindSpore 2.10: tests/oracle/programs.py
(``nan_ignoring_extrema_divisors_counts_and_windows``).  Here: second
derivatives in every mode, vmap against a loop, NumPy references, fmin (which
MindSpore 2.10's CPU cannot run), and bad arguments.
"""
import math

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop

rng = np.random.default_rng(29)
M = rng.uniform(-2, 2, (3, 4))
N = rng.uniform(-2, 2, (3, 4))
COUNTED = np.array([1, 1, 3, 0, 3, 3])
WEIGHTS = rng.uniform(-1, 1, 6)


@pytest.mark.parametrize("name, fn, args", [
    ("fmax", lambda a, b: ops.fmax(a, b) ** 2, (M, N)),
    ("fmin", lambda a, b: ops.fmin(a, b) ** 2, (M, N)),
    ("nextafter", lambda a, b: ops.nextafter(a, b) ** 2, (M, N)),
    ("bincount weights", lambda w: ops.bincount(Tensor(COUNTED), w) ** 2, (WEIGHTS,)),
    ("unique_consecutive", lambda a: ops.unique_consecutive(
        ops.concat([a, a[:, :1]], 1), dim=1) ** 2, (M,)),
], ids=lambda v: v if isinstance(v, str) else "")
def test_second_derivatives_in_every_mode(name, fn, args):
    check_grads(fn, tuple(Tensor(np.asarray(a)) for a in args), order=2,
                modes=("fwd", "rev", "hyper"))


def test_fmax_and_fmin_ignore_nan_and_give_ties_to_input():
    a = Tensor([1.0, float("nan"), 3.0, 2.0, float("nan")])
    b = Tensor([2.0, 5.0, float("nan"), 2.0, float("nan")])
    np.testing.assert_array_equal(ops.fmin(a, b).asnumpy(), np.fmin(a.asnumpy(), b.asnumpy()))
    np.testing.assert_array_equal(ops.fmax(a, b).asnumpy(), np.fmax(a.asnumpy(), b.asnumpy()))
    ga, gb = ms.grad(lambda p, q: ops.fmin(p, q).sum(), (0, 1))(a, b)
    assert ga.asnumpy().tolist() == [1.0, 0.0, 1.0, 1.0, 1.0]
    assert gb.asnumpy().tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert ops.fmin(Tensor([1, 5]), Tensor([3.0, 2.0])).dtype == ms.float32


def test_against_numpy():
    x, y = Tensor(M), Tensor(N)
    np.testing.assert_array_equal(ops.nextafter(x, y).asnumpy(), np.nextafter(M, N))
    ints = rng.integers(-50, 50, (2, 5))
    np.testing.assert_array_equal(ops.gcd(Tensor(ints[0]), Tensor(ints[1])).asnumpy(),
                                  np.gcd(ints[0], ints[1]))
    np.testing.assert_array_equal(ops.lcm(Tensor(ints[0]), Tensor(ints[1])).asnumpy(),
                                  np.lcm(ints[0], ints[1]))
    np.testing.assert_allclose(ops.bincount(Tensor(COUNTED), Tensor(WEIGHTS), 7).asnumpy(),
                               np.bincount(COUNTED, WEIGHTS, 7), rtol=1e-6)
    values = np.array([[1.0, 1.0, 2.0], [1.0, 1.0, 2.0], [3.0, 3.0, 1.0], [1.0, 1.0, 2.0]])
    out, inverse, counts = ops.unique_consecutive(Tensor(values), True, True, dim=0)
    assert out.asnumpy().tolist() == [[1.0, 1.0, 2.0], [3.0, 3.0, 1.0], [1.0, 1.0, 2.0]]
    assert inverse.asnumpy().tolist() == [0, 0, 1, 2] and counts.asnumpy().tolist() == [2, 1, 1]
    for n in (0, 1, 2, 7):
        for periodic in (True, False):
            length = n + 1 if periodic and n > 1 else n
            cut = slice(0, n)
            np.testing.assert_allclose(ops.hann_window(n, periodic).asnumpy(),
                                       np.hanning(length)[cut], atol=1e-15)
            np.testing.assert_allclose(ops.bartlett_window(n, periodic).asnumpy(),
                                       np.bartlett(length)[cut], atol=1e-7)
            np.testing.assert_allclose(ops.kaiser_window(n, periodic, 5.0).asnumpy(),
                                       np.kaiser(length, 5.0)[cut], atol=1e-15)


def test_gradients_follow_mindspore():
    # nextafter passes input's derivative through, other gets none
    gx, gy = ms.grad(lambda p, q: ops.nextafter(p, q).sum(), (0, 1))(Tensor(M), Tensor(N))
    assert (gx.asnumpy() == 1).all() and (gy.asnumpy() == 0).all()
    # bincount's weight gradient is each bin's gradient at its elements
    g = ms.grad(lambda w: (ops.bincount(Tensor(COUNTED), w) ** 2).sum())(Tensor(WEIGHTS))
    sums = np.bincount(COUNTED, WEIGHTS)
    np.testing.assert_allclose(g.asnumpy(), 2 * sums[COUNTED], rtol=1e-6)
    # each output of unique_consecutive carries the first element of its run
    g = ms.grad(lambda a: ops.unique_consecutive(a).sum())(Tensor([2.0, 2.0, 1.0, 2.0]))
    assert g.asnumpy().tolist() == [1.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("fn", [
    lambda a, b: ops.fmax(a, b),
    lambda a, b: ops.fmin(a, ops.where(b > 1.0, float("nan"), b)),
    lambda a, b: ops.nextafter(a, b),
    lambda a, b: ops.bincount(Tensor(np.array([2, 0, 2])), b[0]),
])
def test_vmap_is_per_example(fn):
    assert_vmap_is_a_loop(fn, rng.uniform(-2, 2, (2, 3, 3)), rng.uniform(-2, 2, (2, 3, 3)))


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.fmax(Tensor(M), "a"), TypeError, "fmax"),
    (lambda: ops.nextafter(Tensor([1, 2]), Tensor([1.0, 2.0])), TypeError,
     "nextafter: input must be a float32 or float64 tensor"),
    (lambda: ops.gcd(Tensor([1.0]), Tensor([2])), TypeError, "gcd: input must be an integer"),
    (lambda: ops.lcm(Tensor([1]), Tensor([2.0])), TypeError, "lcm: other must be an integer"),
    (lambda: ops.bincount(Tensor([1.0, 2.0])), TypeError, "bincount: input must be an integer"),
    (lambda: ops.bincount(Tensor([[1, 2]])), ValueError, "bincount: input must be 1-D"),
    (lambda: ops.bincount(Tensor([1, -1])), ValueError, "bincount: input must not be negative"),
    (lambda: ops.bincount(Tensor([1, 2]), Tensor([1.0])), ValueError,
     r"bincount: weights must have input's shape \(2,\)"),
    (lambda: ops.bincount(Tensor([1, 2]), minlength=-1), ValueError, "minlength must be >= 0"),
    (lambda: ops.unique_consecutive(Tensor(M), dim=2), ValueError, "dim"),
    (lambda: ops.unique_consecutive(Tensor(M), 1), TypeError, "return_inverse must be a bool"),
    (lambda: ops.hann_window(-1), ValueError, "hann_window: window_length must be >= 0"),
    (lambda: ops.hann_window(2.5), TypeError, "hann_window: window_length must be an int"),
    (lambda: ops.bartlett_window(4, dtype=ms.int32), TypeError, "bartlett_window: dtype must be"),
    (lambda: ops.kaiser_window(4, 1), TypeError, "kaiser_window: periodic must be a bool"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_windows_have_the_textbook_values():
    n = 8
    k = np.arange(n)
    np.testing.assert_allclose(ops.hann_window(n).asnumpy(),
                               0.5 - 0.5 * np.cos(2 * math.pi * k / n), atol=1e-15)
    np.testing.assert_allclose(ops.bartlett_window(n, False).asnumpy(),
                               1 - np.abs(2 * k / (n - 1) - 1), atol=1e-7)
