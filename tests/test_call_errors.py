"""A call with a keyword the callable does not take, or with arguments missing,
is refused by a TypeError that names what the user called: ``sin()``,
``ReduceSum.__call__()``, ``MSELoss.construct()``, never a private helper
(``_mean()``, ``_calls.<locals>.<lambda>()``, a private base's method) or
Cython's bare ``__call__()``.  The sweep covers every public callable of
``ops``, ``mint``, ``mint.nn.functional``, ``numpy``, the package itself,
every primitive class and cell that can be made without arguments, and the
Tensor methods.
"""
import inspect
import re

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad._naming import name_by_class

x = Tensor(np.ones((2, 3), np.float32))

# The name in front of "() got an unexpected ...": no "<locals>" or "<lambda>",
# no private function or class.
_PRIVATE = re.compile(r"<|(^|\.)_[A-Za-z]")


def _callables(namespace):
    """(label, callable) of the public functions of ``namespace``, and of the
    instances of its public classes that can be made without arguments."""
    for name in sorted(dir(namespace)):
        if name.startswith("_"):
            continue
        member = getattr(namespace, name)
        if inspect.ismodule(member) or not callable(member):
            continue
        if inspect.isclass(member):
            try:
                member = member()
            except Exception:       # needs constructor arguments
                continue
            if not callable(member):
                continue
            name += "()"
        yield name, member


def _offenders(calls):
    """Of ``calls`` ((label, callable, arguments)), those whose unknown-keyword
    error names something private, and how many were refused by a TypeError
    naming the keyword at all."""
    offenders, refused = {}, 0
    for name, member, arguments in calls:
        try:
            member(*arguments, bogus_keyword=1)
        except TypeError as error:
            text = str(error)
            if "bogus_keyword" not in text:
                continue
            refused += 1
            head = text.partition(" got ")[0]
            if _PRIVATE.search(head) or head == "__call__()":
                offenders[name] = text
        except Exception:           # refused for another reason first
            continue
    return offenders, refused


@pytest.mark.parametrize("namespace, least", [
    (ops, 600), (ms.mint, 200), (ms.mint.nn.functional, 60), (ms.numpy, 180), (ms, 30),
    (nn, 100)], ids=["ops", "mint", "mint.nn.functional", "numpy", "dualgrad", "nn"])
def test_an_unknown_keyword_is_refused_by_the_name_the_user_called(namespace, least):
    offenders, refused = _offenders((name, member, (x,))
                                    for name, member in _callables(namespace))
    assert offenders == {}
    assert refused >= least     # (the sweep reached the namespace's callables)


def test_an_unknown_keyword_to_a_tensor_method_is_refused_by_its_name():
    methods = ((name, getattr(x, name, None), ()) for name in dir(x)
               if not name.startswith("_"))
    offenders, refused = _offenders((name, method, arguments)
                                    for name, method, arguments in methods if callable(method))
    assert offenders == {}
    assert refused >= 200


@pytest.mark.parametrize("call, message", [
    (lambda: ops.sin(x, foo=1),
     "sin() got an unexpected keyword argument 'foo' (its parameters: input)"),
    (lambda: ops.sqrt(x, foo=1),
     "sqrt() got an unexpected keyword argument 'foo' (its parameters: x)"),
    (lambda: ops.add(x, x, foo=1),
     "add() got an unexpected keyword argument 'foo' (its parameters: input, other)"),
    (lambda: ops.pow(x, 2, foo=1),
     "pow() got an unexpected keyword argument 'foo' (its parameters: input, exponent)"),
    (lambda: ops.div(x, x, foo=1),
     "div() got an unexpected keyword argument 'foo' "
     "(its parameters: input, other, rounding_mode)"),
    (lambda: ops.mean(x, foo=1),
     "mean() got an unexpected keyword argument 'foo' (its parameters: x, axis, keep_dims)"),
    (lambda: ops.swapdims(x, foo=1),
     "swapdims() got an unexpected keyword argument 'foo' (its parameters: input, dim0, dim1)"),
    (lambda: ops.swapdims(x),
     "swapdims() missing 2 required positional arguments: 'dim0' and 'dim1' "
     "(its parameters: input, dim0, dim1)"),
    (lambda: x.diagonal(foo=1), "Tensor.diagonal() got an unexpected keyword argument 'foo'"),
    (lambda: ops.Sin()(x, foo=1), "Sin.__call__() got an unexpected keyword argument 'foo'"),
    (lambda: ops.ReduceSum()(x, foo=1),
     "ReduceSum.__call__() got an unexpected keyword argument 'foo'"),
    (lambda: ops.AddN()(x, foo=1), "AddN.__call__() got an unexpected keyword argument 'foo'"),
    (lambda: nn.MSELoss()(x, x, foo=1),
     "MSELoss.construct() got an unexpected keyword argument 'foo' (its parameters: inputs)"),
    (lambda: nn.ReLU()(),
     "ReLU.construct() missing 1 required positional argument: 'x' (its parameters: x)"),
])
def test_call_errors_name_the_function_and_its_parameters(call, message):
    with pytest.raises(TypeError) as caught:
        call()
    assert str(caught.value) == message


def test_the_named_calls_still_compute():
    np.testing.assert_allclose(ops.sin(input=x).asnumpy(), np.sin(1.0) * np.ones((2, 3)))
    np.testing.assert_allclose(ops.sin(x=x).asnumpy(), np.sin(1.0) * np.ones((2, 3)))
    np.testing.assert_allclose(ops.div(x, 2 * x, rounding_mode="floor").asnumpy(), 0.0)
    np.testing.assert_allclose(ops.ReduceSum(keep_dims=True)(x, 1).asnumpy(), [[3.0], [3.0]])
    np.testing.assert_allclose(nn.MSELoss()(x, 2 * x).asnumpy(), 1.0)


def test_a_renamed_method_behaves_as_the_inherited_one():
    class Base:
        def method(self, a, b=2, *, c=3):
            """Documented."""
            return (type(self).__name__, a, b, c)

    class Child(Base):
        def method(self, a, b=5, *, c=7):
            return super().method(a, b, c=c)    # super() through the copy's closure

    class Grandchild(Child):
        pass

    name_by_class(Grandchild, "method")
    assert Grandchild.method is not Child.method
    assert Grandchild.method.__qualname__.endswith("Grandchild.method")
    assert Grandchild().method(1) == ("Grandchild", 1, 5, 7)
    assert Child.method.__qualname__.endswith("Child.method")   # the original is untouched
    with pytest.raises(TypeError, match=r"Grandchild\.method\(\) got an unexpected keyword"):
        Grandchild().method(1, d=1)


def test_a_user_cell_inheriting_construct_is_named_by_its_own_class():
    class Wider(nn.Dense):
        pass

    cell = Wider(3, 2)
    assert cell(x).shape == (2, 2)
    with pytest.raises(TypeError, match=r"^Wider\.construct\(\) got an unexpected keyword "
                                        r"argument 'foo' \(its parameters: x\)$"):
        cell(x, foo=1)


def test_a_cell_keeps_a_construct_patched_on_its_base_and_its_own_errors(monkeypatch):
    """Cells rename the call's error at the call (no copy of construct per
    class), so a construct assigned to a base class reaches its subclasses,
    and a TypeError raised inside construct is left as it is."""
    class Wider(nn.Dense):
        pass

    monkeypatch.setattr(nn.Dense, "construct", lambda self, x: x * 2)
    assert Wider(3, 2)(x).asnumpy().tolist() == (x * 2).asnumpy().tolist()

    class Inner(nn.Cell):
        def construct(self, x):
            return sorted(x, key=1)     # a TypeError of construct's own making

    with pytest.raises(TypeError, match="'int' object is not callable"):
        Inner()(x)
