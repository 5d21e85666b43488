"""Functions of dualgrad.ops as Tensor methods (t.sin(), t.var()...): real methods of
the class, installed once at import, so that they cost what the function costs and
dir(), help() and the errors for unknown attributes are Python's own."""
import pydoc

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, ops


def test_the_methods_are_attributes_of_the_class():
    for name in ("sin", "exp", "add", "pow", "var", "lgamma", "i0", "logit", "clamp"):
        assert name in Tensor.__dict__, name
        assert name in dir(Tensor) and name in dir(Tensor([1.0])), name
    assert Tensor.sin.__name__ == "sin" and Tensor.sin.__qualname__ == "Tensor.sin"
    assert Tensor.sin.__doc__ == ops.sin.__doc__
    assert Tensor.logit.__doc__ == ops.logit.__doc__
    assert "logit(" in pydoc.render_doc(Tensor)


def test_methods_written_in_the_class_are_kept():
    # Tensor.flatten merges every axis where ops.flatten keeps the first.
    x = Tensor(np.ones((2, 3, 4), np.float32))
    assert x.flatten().shape == (24,) and ops.flatten(x).shape == (2, 12)
    assert x.sum().shape == () and x.transpose().shape == (4, 3, 2)


def test_methods_compute_what_the_functions_compute():
    x = Tensor(np.array([0.25, 0.5], np.float32))
    y = Tensor(np.array([2.0, 3.0], np.float32))
    for name in ("sin", "exp", "sqrt", "lgamma", "sinc"):
        np.testing.assert_array_equal(getattr(x, name)().asnumpy(),
                                      getattr(ops, name)(x).asnumpy())
    for name in ("add", "mul", "pow", "maximum", "atan2"):
        np.testing.assert_array_equal(getattr(x, name)(y).asnumpy(),
                                      getattr(ops, name)(x, y).asnumpy())
    np.testing.assert_array_equal(x.div(y, rounding_mode="floor").asnumpy(), [0.0, 0.0])
    np.testing.assert_array_equal(x.logit(0.3).asnumpy(), ops.logit(x, eps=0.3).asnumpy())
    assert x.var().asnumpy() == ops.var(x).asnumpy()
    assert Tensor([1, -2]).abs().dtype == ms.int64         # MindSpore's integer rules
    assert ms.grad(lambda v: v.sin().sum())(x).asnumpy() == pytest.approx(np.cos([0.25, 0.5]))


def test_methods_of_parameters_read_their_substituted_values():
    p = Parameter(Tensor(np.array([0.5, 1.0], np.float32)), name="p")
    g = ms.grad(lambda: (p.exp() * p.add(1.0)).sum(), None, weights=[p])()
    v = np.array([0.5, 1.0])
    np.testing.assert_allclose(g[0].asnumpy(), np.exp(v) * (v + 2), rtol=1e-6)


def test_unknown_attributes_and_wrong_arguments_are_refused_by_name():
    x = Tensor([1.0])
    with pytest.raises(AttributeError, match="'Tensor' object has no attribute 'sine'"):
        x.sine()
    with pytest.raises(AttributeError, match="'Parameter' object has no attribute 'sine'"):
        Parameter(x, name="q").sine
    with pytest.raises(TypeError, match=r"^sin\(\) takes one argument, 'input', got 3$"):
        x.sin(1.0, 2.0)
    with pytest.raises(TypeError, match=r"^add\(\) takes two arguments, 'input' and 'other', "
                                        r"got 1$"):
        x.add()


def test_polygamma_is_not_a_method():
    # its first argument is the order n; MindSpore's Tensor has no polygamma
    assert not hasattr(Tensor([1.0]), "polygamma")
