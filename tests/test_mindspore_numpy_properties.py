"""Property-based checks of dualgrad.numpy against NumPy: random shapes, axes, keepdims,
shifts and sections, where the hand-picked cases of test_mindspore_numpy.py leave gaps."""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import dualgrad.numpy as mnp
from dualgrad import Tensor

FINITE = st.floats(-10, 10, allow_nan=False, width=64)
ARRAYS = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, min_side=1,
                                                 max_side=4), elements=FINITE)


@st.composite
def array_and_axes(draw):
    """An array and an axis argument: None, an int (maybe negative) or a tuple of ints."""
    a = draw(ARRAYS)
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none":
        return a, None
    if kind == "int":
        return a, draw(st.integers(-a.ndim, a.ndim - 1))
    axes = draw(st.lists(st.integers(0, a.ndim - 1), min_size=1, max_size=a.ndim, unique=True))
    return a, tuple(axes)


def close(tensor, expected):
    np.testing.assert_allclose(np.asarray(tensor.asnumpy()), expected, rtol=1e-10, atol=1e-10)


@given(array_and_axes(), st.booleans())
def test_reductions_match_numpy(case, keepdims):
    a, axis = case
    t = Tensor(a)
    for name in ("sum", "prod", "mean", "amax", "amin", "ptp", "var", "std"):
        close(getattr(mnp, name)(t, axis=axis, keepdims=keepdims),
              getattr(np, name)(a, axis=axis, keepdims=keepdims))
    close(mnp.nansum(t, axis=axis, keepdims=keepdims), np.nansum(a, axis=axis, keepdims=keepdims))
    close(mnp.count_nonzero(t, axis=axis, keepdims=keepdims),
          np.count_nonzero(a, axis=axis, keepdims=keepdims))


@given(ARRAYS, st.data())
def test_running_and_arg_reductions_match_numpy(a, data):
    t = Tensor(a)
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)))
    close(mnp.cumsum(t, axis), np.cumsum(a, axis))
    close(mnp.cumprod(t, axis), np.cumprod(a, axis))
    close(mnp.diff(t, axis=-1 if axis is None else axis), np.diff(a, axis=-1 if axis is None
                                                                 else axis))
    # ties: dualgrad and NumPy both take the first
    assert mnp.argmax(t, axis).asnumpy().tolist() == np.argmax(a, axis).tolist()
    assert mnp.argmin(t, axis).asnumpy().tolist() == np.argmin(a, axis).tolist()


@given(ARRAYS, st.data())
def test_rearrangements_match_numpy(a, data):
    t = Tensor(a)
    perm = data.draw(st.permutations(range(a.ndim)))
    close(mnp.transpose(t, perm), np.transpose(a, perm))
    source, destination = data.draw(st.integers(0, a.ndim - 1)), data.draw(
        st.integers(-a.ndim, a.ndim - 1))
    close(mnp.moveaxis(t, source, destination), np.moveaxis(a, source, destination))
    close(mnp.swapaxes(t, source, destination), np.swapaxes(a, source, destination))
    new_axis = data.draw(st.integers(-a.ndim - 1, a.ndim))
    close(mnp.expand_dims(t, new_axis), np.expand_dims(a, new_axis))
    flip_axes = data.draw(st.one_of(st.none(), st.integers(0, a.ndim - 1)))
    close(mnp.flip(t, flip_axes), np.flip(a, flip_axes))
    shift = data.draw(st.integers(-7, 7))
    roll_axis = data.draw(st.one_of(st.none(), st.integers(0, a.ndim - 1)))
    close(mnp.roll(t, shift, roll_axis), np.roll(a, shift, roll_axis))
    reps = data.draw(st.integers(1, 3))
    close(mnp.tile(t, reps), np.tile(a, reps))
    close(mnp.repeat(t, reps, roll_axis), np.repeat(a, reps, roll_axis))
    axis = data.draw(st.integers(0, a.ndim - 1))
    sections = data.draw(st.integers(1, 4))
    for got, expected in zip(mnp.array_split(t, sections, axis), np.array_split(a, sections,
                                                                                axis)):
        close(got, expected)
    close(mnp.concatenate([t, t * 2], axis), np.concatenate([a, a * 2], axis))
    close(mnp.stack([t, t * 2], axis), np.stack([a, a * 2], axis))
    close(mnp.squeeze(mnp.expand_dims(t, 0)), np.squeeze(a[None]))


@given(FINITE, FINITE, st.integers(0, 12), st.booleans())
def test_linspace_and_logspace_match_numpy(start, stop, num, endpoint):
    close(mnp.linspace(start, stop, num, endpoint, dtype=mnp.float64),
          np.linspace(start, stop, num, endpoint))
    close(mnp.logspace(start / 5, stop / 5, num, endpoint, dtype=mnp.float64),
          np.logspace(start / 5, stop / 5, num, endpoint))


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=FINITE),
       hnp.arrays(np.float64, st.integers(1, 6), elements=FINITE),
       st.sampled_from(["full", "same", "valid"]))
def test_convolution_and_polynomials_match_numpy(a, v, mode):
    close(mnp.convolve(Tensor(a), Tensor(v), mode), np.convolve(a, v, mode))
    close(mnp.correlate(Tensor(a), Tensor(v), mode), np.correlate(a, v, mode))
    close(mnp.polyval(Tensor(a), Tensor(v)), np.polyval(a, v))
    close(mnp.polyadd(Tensor(a), Tensor(v)), np.polyadd(a, v))


@given(hnp.arrays(np.float64, st.integers(2, 6), elements=FINITE, unique=True),
       hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-12, 12, width=64)))
def test_interp_matches_numpy(points, where):
    xp = np.sort(points)
    fp = np.cos(xp)
    close(mnp.interp(Tensor(where), Tensor(xp), Tensor(fp)), np.interp(where, xp, fp))
