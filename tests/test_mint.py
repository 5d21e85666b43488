"""dualgrad.mint: MindSpore 2.10's ``mindspore.mint`` (its top level,
``nn.functional``, ``linalg`` and ``special``).

Every case of tests/mint_reference.py against MindSpore 2.10's captured
dtype, shape, values and input gradient.  Where MindSpore 2.10's CPU build
has no kernel for a mint function (``mint.std``, ``mint.sort``, the ``Ext``
activations, the pooling and convolution functions...; recorded as "raises"
there), the same case is checked against a NumPy/SciPy formula written out
here, and its derivatives against finite differences.  Then the signatures
(keyword-only arguments and defaults), the functions mint shares with
``ops``, random tensors, in-place forms and bad arguments.
"""
import inspect
import math

import numpy as np
import pytest
from scipy import special as sps

import dualgrad as ms
import dualgrad.mint as mint
from dualgrad import Tensor, ops
from dualgrad.mint import linalg as ml, special as msp
from dualgrad.mint.nn import functional as mf
from dualgrad.testing import check_grads
from mint_reference import CASES, MINDSPORE, cotangent, inputs

SPACES = {"mint": mint, "mf": mf, "ml": ml, "msp": msp}
DTYPES = {"float64": ms.float64, "int32": ms.int32}


def _resolve(value, data):
    if isinstance(value, str) and value.startswith("@"):
        return data[value[1:]]
    if isinstance(value, list):
        return [_resolve(v, data) for v in value]
    return DTYPES.get(value, value) if isinstance(value, str) else value


def _call(name, data):
    ns, fn, args, kwargs = CASES[name]
    args = [_resolve(a, data) for a in args]
    kwargs = {k: _resolve(v, data) for k, v in kwargs.items()}
    fun = getattr(SPACES[ns], fn)
    return fun, args, kwargs


def _outputs(out):
    return [out] if isinstance(out, Tensor) else list(out)


def _first(out):
    return out if isinstance(out, Tensor) else out[0]


def _weighted_grad(fun, args, kwargs):
    first = _first(fun(*args, **kwargs))
    weights = Tensor(cotangent(first.shape), first.dtype)
    return ms.grad(lambda a0: (_first(fun(a0, *args[1:], **kwargs)) * weights).sum())(args[0])


def _close(actual, expected, dtype):
    tol = dict(rtol=1e-12, atol=0) if dtype.kind in "biu" else dict(rtol=3e-5, atol=3e-6)
    np.testing.assert_allclose(np.asarray(actual, np.float64).ravel(),
                               np.asarray(expected, np.float64).ravel(), **tol)


CAPTURED = [n for n in CASES if MINDSPORE[n][0] != "raises"]
RAISING = [n for n in CASES if MINDSPORE[n][0] == "raises"]


# ---------------------------------------------------------------------------
# MindSpore 2.10's values and gradients

@pytest.mark.parametrize("name", CAPTURED)
def test_values_and_gradients_match_mindspore(name):
    data = {k: Tensor(v) for k, v in inputs().items()}
    fun, args, kwargs = _call(name, data)
    out = fun(*args, **kwargs)
    record = MINDSPORE[name]
    if record[0] == "python":
        assert type(out).__name__ == record[1] and out == record[2]
        return
    kind, expected, grad = record
    assert kind == ("tensor" if isinstance(out, Tensor) else "tuple")
    outs = _outputs(out)
    assert len(outs) == len(expected)
    for t, (dtype, shape, values) in zip(outs, expected):
        assert str(t.dtype).lower() == dtype and t.shape == tuple(shape), (t.dtype, t.shape)
        _close(t.asnumpy(), values, np.dtype(dtype))
    if isinstance(grad, list):
        g = _weighted_grad(fun, args, kwargs)
        np.testing.assert_allclose(g.asnumpy().ravel(), grad, rtol=3e-5, atol=3e-6)
