"""Stacking, splitting and building tensors (dualgrad._stacking), products with a
sum (addr, baddbmm, addbmm, ger, vecdot), integrals, covariances and the
small elementwise composites (trapz, cov, xdivy, addcmul, addcdiv, ldexp,
signbit, renorm), and the constructors logspace, tril_indices, triu_indices.

Values, gradients and dtypes against MindSpore 2.10:
tests/oracle/programs.py (``stacking_sums_and_covariances``).  Here: second
derivatives in every mode, vmap against a loop, NumPy references, where
dualgrad differs from MindSpore, and bad arguments.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.testing import check_grads
from vmap_reference import assert_vmap_is_a_loop

rng = np.random.default_rng(23)
M = rng.uniform(-2, 2, (3, 4))
N = rng.uniform(0.5, 2, (3, 4))
V3 = rng.uniform(-1, 1, 3)
V4 = rng.uniform(-1, 1, 4)
B1 = rng.uniform(-1, 1, (2, 3, 4))
B2 = rng.uniform(-1, 1, (2, 4, 3))
X_SORTED = np.array([0.0, 0.3, 1.1, 1.5])
WEIGHTS = np.array([0.5, 1.0, 2.0, 0.25])

CASES = {
    "column_stack": (lambda a, v: ops.column_stack([v, a.T]) ** 2, (M, V4)),
    "row_stack": (lambda a, v: ops.row_stack([v, a]) ** 2, (M, V4)),
    "dstack": (lambda a, b: ops.dstack([a, b]) ** 2, (M, N)),
    "tensor_split": (lambda a: ops.tensor_split(a, 3, axis=1)[0] * ops.tensor_split(a, [2, 3],
                                                                                    1)[0],
                     (M,)),
    "hsplit vsplit dsplit": (lambda b: (ops.hsplit(b, 2)[0] ** 2).sum() * ops.dsplit(b, [1])[1]
                             * ops.vsplit(b, 2)[1][..., :3], (B1,)),
    "fliplr flipud": (lambda a: ops.fliplr(a) * ops.flipud(a), (M,)),
    "repeat_elements": (lambda a: ops.repeat_elements(a, 3, 1) ** 2, (M,)),
    "take": (lambda a: ops.take(a, Tensor(np.array([[0, 11], [-1, 5]]))) ** 3, (M,)),
    "diag_embed": (lambda a: ops.diag_embed(a, -1, 0, 2) ** 2, (M,)),
    "diagflat": (lambda a: ops.diagflat(a, 2) ** 2, (M,)),
    "matrix_band_part": (lambda b: ops.matrix_band_part(b, 1, 0) ** 2, (B1,)),
    "vander": (lambda v: ops.vander(v, 4), (V3,)),
    "cartesian_prod": (lambda u, v: ops.cartesian_prod(u, v, u) ** 2, (V3, V4)),
    "addr": (lambda c, u, v: ops.addr(c, u, v, beta=0.5, alpha=2), (M[:, :3].T, V3, V4[:3])),
    "baddbmm": (lambda c, a, b: ops.baddbmm(c, a, b, 0.5, -1.5), (B1[:, :, :3], B1, B2)),
    "addbmm": (lambda c, a, b: ops.addbmm(c, a, b, beta=2, alpha=0.5), (M[:, :3], B1, B2)),
    "ger": (lambda u, v: ops.ger(u, v), (V3, V4)),
    "vecdot": (lambda a, b: ops.vecdot(a, b, axis=0), (M, N)),
    "trapz dx": (lambda y: ops.trapz(y, dx=0.25) ** 2, (M,)),
    "trapz x": (lambda y, x: ops.trapz(y, x) ** 2, (M, X_SORTED)),
    "trapz x of y's shape": (lambda y, x: ops.trapz(y, x, dim=0), (M, N)),
    "cov": (lambda a: ops.cov(a, correction=0), (M,)),
    "cov weighted": (lambda a, w: ops.cov(a, fweights=Tensor(np.array([1, 3, 2, 1])),
                                          aweights=w), (M, WEIGHTS)),
    "cov of a vector": (lambda v: ops.cov(v), (V4,)),
    "xdivy": (lambda a, b: ops.xdivy(a, b), (M, N)),
    "addcmul addcdiv": (lambda a, b, c: ops.addcmul(a, b, c, value=0.5)
                        * ops.addcdiv(a, b, c, value=2.0), (M, N, N + 1)),
    "ldexp": (lambda a, e: ops.ldexp(a, e), (M, V4)),
    "renorm": (lambda a: ops.renorm(a, 2, 0, 1.5), (M,)),
    "renorm p3": (lambda a: ops.renorm(a, 3, 1, 1.0), (M,)),
}


@pytest.mark.parametrize("name", CASES)
def test_second_derivatives_in_every_mode(name):
    fn, args = CASES[name]
    check_grads(fn, tuple(Tensor(np.asarray(a)) for a in args), order=2,
                modes=("fwd", "rev", "hyper"))


def test_against_numpy():
    m = Tensor(M)
    for sections in (2, 3, [1, 3], [3, 1], [-1, 5]):
        pieces = ops.tensor_split(m, sections, axis=1)
        expected = np.array_split(M, sections, axis=1)
        assert len(pieces) == len(expected)
        for piece, want in zip(pieces, expected):
            np.testing.assert_array_equal(piece.asnumpy(), want)
    np.testing.assert_allclose(ops.vander(Tensor(V4)).asnumpy(), np.vander(V4), rtol=1e-15)
    np.testing.assert_array_equal(ops.vander(Tensor(np.array([2, 3])), 3).asnumpy(),
                                  np.vander([2, 3], 3))
    np.testing.assert_allclose(ops.cov(m).asnumpy(), np.cov(M), rtol=1e-14)
    counts = np.array([1, 3, 2, 1])
    np.testing.assert_allclose(
        ops.cov(m, correction=2, fweights=Tensor(counts), aweights=Tensor(WEIGHTS)).asnumpy(),
        np.cov(M, ddof=2, fweights=counts, aweights=WEIGHTS), rtol=1e-13)
    np.testing.assert_allclose(ops.trapz(m, Tensor(X_SORTED)).asnumpy(),
                               np.trapezoid(M, X_SORTED), rtol=1e-14)
    np.testing.assert_allclose(ops.trapz(m, dx=0.5, dim=0).asnumpy(),
                               np.trapezoid(M, dx=0.5, axis=0), rtol=1e-14)
    np.testing.assert_array_equal(ops.cartesian_prod(Tensor(V3), Tensor(V4)).asnumpy(),
                                  [[a, b] for a in V3 for b in V4])
    for offset in (-2, 0, 3):
        np.testing.assert_array_equal(ops.diagflat(m, offset).asnumpy(),
                                      np.diagflat(M, offset))
        np.testing.assert_array_equal(ops.tril_indices(3, 5, offset).asnumpy(),
                                      np.tril_indices(3, offset, 5))
        np.testing.assert_array_equal(ops.triu_indices(4, 2, offset).asnumpy(),
                                      np.triu_indices(4, offset, 2))
    embedded = ops.diag_embed(m).asnumpy()
    np.testing.assert_array_equal(embedded, np.stack([np.diag(row) for row in M]))
    np.testing.assert_allclose(ops.logspace(-2.0, 3.0, 6, base=3, dtype=ms.float64).asnumpy(),
                               np.logspace(-2.0, 3.0, 6, base=3), rtol=1e-15)
    np.testing.assert_array_equal(ops.take(m, Tensor(np.array([-12, 11]))).asnumpy(),
                                  np.take(M, [-12, 11]))


def test_where_dualgrad_differs_from_mindspore():
    # vander's derivative at 0 is exact (MindSpore 2.10: NaN from 0^(k-1) · k)
    d = ms.grad(lambda v: ops.vander(v, 3).sum())(Tensor([0.0, 2.0])).asnumpy()
    assert d.tolist() == [1.0, 5.0]
    # take (no CPU kernel in MindSpore 2.10) reads negative indices from the end
    assert ops.take(Tensor([1.0, 2.0, 3.0]), Tensor([-1])).asnumpy().tolist() == [3.0]


def test_conventions_follow_mindspore():
    # xdivy is 0 where x is 0, and its partials are 0 there
    x, y = Tensor([0.0, 0.0, 1.0]), Tensor([0.0, 2.0, 4.0])
    assert ops.xdivy(x, y).asnumpy().tolist() == [0.0, 0.0, 0.25]
    gx, gy = ms.grad(lambda a, b: ops.xdivy(a, b).sum(), (0, 1))(x, y)
    assert gx.asnumpy().tolist() == [0.0, 0.0, 0.25]
    assert gy.asnumpy().tolist() == [0.0, 0.0, -1.0 / 16]
    # signbit is "below 0": -0.0 and NaN give False
    assert ops.signbit(Tensor([-0.0, float("nan"), -1e-30])).asnumpy().tolist() == [
        False, False, True]
    # a slice exactly at maxnorm is kept, with no dependence on its norm
    g = ms.grad(lambda a: ops.renorm(a, 2, 0, 5.0).sum())(Tensor([[3.0, 4.0]]))
    assert g.asnumpy().tolist() == [[1.0, 1.0]]
    # integers: cov and trapz in float32, addcmul stays integer
    assert ops.cov(Tensor([[1, 2, 4], [0, 1, 1]])).dtype == ms.float32
    assert ops.trapz(Tensor([1, 2, 4])).dtype == ms.float32
    assert ops.addcmul(Tensor([1, 2]), Tensor([1, 2]), Tensor([3, 4]), value=2).dtype == ms.int64
    # the Tensor methods MindSpore has
    a = Tensor(M)
    np.testing.assert_array_equal(a.fliplr().asnumpy(), ops.fliplr(a).asnumpy())
    np.testing.assert_array_equal(a.tensor_split(2)[1].asnumpy(), M[2:])
    np.testing.assert_allclose(a.cov().asnumpy(), np.cov(M), rtol=1e-14)


@pytest.mark.parametrize("fn", [
    lambda a, b: ops.column_stack([a, b]),
    lambda a, b: ops.dstack([a, b]),
    lambda a, b: ops.tensor_split(a, 2, axis=1)[1],
    lambda a, b: ops.fliplr(a) + ops.flipud(b),
    lambda a, b: ops.repeat_elements(a, 2, 1),
    lambda a, b: ops.diag_embed(a, 1),
    lambda a, b: ops.matrix_band_part(a, 0, 1),
    lambda a, b: ops.vander(a[0], 3),
    lambda a, b: ops.cartesian_prod(a[0], b[1]),
    lambda a, b: ops.addr(a, a[0], b[1]),
    lambda a, b: ops.vecdot(a, b),
    lambda a, b: ops.trapz(a, b),
    lambda a, b: ops.cov(a),
    lambda a, b: ops.cov(a, aweights=b[0], fweights=ops.cast(b[1] * 3, ms.int32)),
    lambda a, b: ops.xdivy(a, b),
    lambda a, b: ops.ldexp(a, b),
    lambda a, b: ops.renorm(a, 2, 1, 1.0),
])
def test_vmap_is_per_example(fn):
    assert_vmap_is_a_loop(fn, rng.uniform(-2, 2, (2, 3, 3)), rng.uniform(0.5, 2, (2, 3, 3)))


@pytest.mark.parametrize("call, error, match", [
    (lambda: ops.column_stack(Tensor(M)), TypeError, "column_stack: expected a non-empty"),
    (lambda: ops.tensor_split(Tensor(M), 0), ValueError, "indices_or_sections must be >= 1"),
    (lambda: ops.tensor_split(Tensor(M), [1.5]), TypeError, "indices_or_sections must be an int"),
    (lambda: ops.hsplit(Tensor(V4), 2), ValueError, "hsplit: input must have at least 2"),
    (lambda: ops.dsplit(Tensor(M), 2), ValueError, "dsplit: input must have at least 3"),
    (lambda: ops.fliplr(Tensor(V4)), ValueError, "fliplr: input must have at least 2"),
    (lambda: ops.repeat_elements(Tensor(M), 0), ValueError, "rep must be >= 1"),
    (lambda: ops.take(Tensor(M), Tensor([12])), ValueError, r"take: index must be in \[-12, 12\)"),
    (lambda: ops.take(Tensor(M), Tensor([1.0])), TypeError, "take: index must be an integer"),
    (lambda: ops.diag_embed(Tensor(M), 0, 1, -2), ValueError, "dim1 and dim2 must be different"),
    (lambda: ops.diag_embed(Tensor(1.0)), ValueError, "at least one dimension"),
    (lambda: ops.diagflat(Tensor(V3), 10 ** 9), ValueError, "diag_embed: the result's shape"),
    (lambda: ops.matrix_band_part(Tensor(V4), 1, 0), ValueError, "at least 2-D"),
    (lambda: ops.matrix_band_part(Tensor(M), 1.5, 0), TypeError, "lower must be an int"),
    (lambda: ops.vander(Tensor(M)), ValueError, "vander: x must be 1-D"),
    (lambda: ops.cartesian_prod(Tensor(V3), Tensor(M)), ValueError, r"inputs\[1\] must be 1-D"),
    (lambda: ops.cartesian_prod(), TypeError, "at least one tensor"),
    (lambda: ops.addr(Tensor(M), Tensor(M), Tensor(V4)), ValueError, "vec1 must be 1-D"),
    (lambda: ops.baddbmm(Tensor(B1), Tensor(M), Tensor(B2)), ValueError, "batch1 must be 3-D"),
    (lambda: ops.ger(Tensor(M), Tensor(V4)), ValueError, "ger: input must be 1-D"),
    (lambda: ops.trapz(Tensor(M), Tensor(V3)), ValueError, "trapz: a 1-D x must have the 4"),
    (lambda: ops.trapz(Tensor(M), dx="a"), TypeError, "trapz: dx must be"),
    (lambda: ops.cov(Tensor(B1)), ValueError, "cov: input must be 0-D, 1-D or 2-D"),
    (lambda: ops.cov(Tensor(M), fweights=Tensor([1.0, 2.0, 1.0, 1.0])), TypeError,
     "fweights must be an integer tensor"),
    (lambda: ops.cov(Tensor(M), aweights=Tensor([1.0, 2.0])), ValueError,
     r"aweights must be 1-D with one weight per observation \(4\)"),
    (lambda: ops.cov(Tensor(M), correction=0.5), TypeError, "correction must be an int"),
    (lambda: ops.renorm(Tensor(M), 0, 0, 1.0), ValueError, "renorm: p must be > 0"),
    (lambda: ops.renorm(Tensor(M), 2, 2, 1.0), ValueError, "axis"),
    (lambda: ops.signbit("a"), TypeError, "signbit"),
    (lambda: ops.logspace(0.0, 1.0, 3, dtype=ms.int32), TypeError,
     "logspace: dtype must be a float dtype"),
    (lambda: ops.tril_indices(-1, 2), ValueError, "row must be >= 0"),
    (lambda: ops.triu_indices(2, 2, dtype=ms.float32), TypeError, "integer dtype"),
])
def test_bad_arguments_name_themselves(call, error, match):
    with pytest.raises(error, match=match):
        call()
