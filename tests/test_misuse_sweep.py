"""Regressions of a bad-input sweep over ``ops``, the Tensor methods, the ``nn``
cells and the transforms: each row is a call that once crashed inside NumPy or
Python (an IndexError, an AttributeError, a ufunc's UFuncTypeError), leaked
NumPy's wording (which names no function), or silently returned an array of
objects, strings or complex numbers.  Each must now raise a plain TypeError or
ValueError whose message names the function and the argument.

The rows run in the style of ``test_misuse.py``; in addition the exception's
type must be exactly TypeError or ValueError, not one of NumPy's subclasses.
"""
import re
from collections import namedtuple

import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Dual, Tensor, ops
from test_misuse import _run_with_watchdog


Case = namedtuple("Case", "name call exc match")

x = Tensor(np.ones((2, 3), np.float32))
x57 = Tensor(np.ones((5, 7), np.float32))
ragged = [[1.0, 2.0], [3.0]]
c23 = np.full((2, 3), 0.5 + 1j)

CASES = [
    # -- an internal IndexError: an axis of a 0-d tensor (the shared _axis checker)
    Case("flip of a 0-d tensor", lambda: ops.flip(Tensor(1.0), (0,)),
         ValueError, r"flip: dims 0 is out of range for a 0-d tensor"),
    Case("flip of None", lambda: ops.flip(None, (0,)),
         TypeError, r"flip: input must be a Tensor or an array of real numbers, got NoneType"),
    Case("roll of a 0-d tensor", lambda: ops.roll(Tensor(1.0), 1, 0),
         ValueError, r"roll: .*0-d"),

    # -- an internal AttributeError / a silent object array: a comparison with an
    #    int past int64 (NumPy compares it as a Python object)
    Case("logical_xor of a huge int", lambda: ops.logical_xor(10 ** 30, x),
         ValueError, r"logical_xor: a Python int too large .*past int64's range"),
    Case("logical_and of a huge int", lambda: ops.logical_and(10 ** 30, x),
         ValueError, r"logical_and: a Python int too large"),
    Case("greater of a huge int", lambda: ops.greater(10 ** 30, x),
         ValueError, r"greater: a Python int too large"),

    # -- NumPy's UFuncTypeError / DTypePromotionError for a string or a dict
    Case("add of a str", lambda: ops.add(x, "abc"),
         TypeError, r"add: expected real numbers, got an operand of type str"),
    Case("str plus a number", lambda: ops.add("abc", 1.0),
         TypeError, r"add: expected real numbers, got an operand of type str"),
    Case("mul of None", lambda: ops.mul(None, 2.0),
         TypeError, r"mul: expected real numbers, got an operand of type NoneType"),
    Case("clamp to a str", lambda: ops.clamp(x, "abc"),
         TypeError, r"clip: min must be a Tensor or an array of real numbers, got str 'abc'"),
    Case("amax of a str", lambda: ops.amax("abc"),
         TypeError, r"amax: input must be a Tensor or an array of real numbers, got str"),
    Case("logaddexp of a dict", lambda: ops.logaddexp(x, {}),
         TypeError, r"logaddexp: other must be a Tensor or an array of real numbers, got dict"),
    Case("linspace from a str", lambda: ops.linspace("a", 1.0, 3),
         TypeError, r"linspace: start must be a real number or a 0-d Tensor, got 'a'"),
    Case("linspace of 1.5 steps", lambda: ops.linspace(0.0, 1.0, 1.5),
         TypeError, r"linspace: steps must be an int, got float"),
    Case("linspace of no steps", lambda: ops.linspace(0.0, 1.0, 0),
         ValueError, r"linspace: steps must be >= 1, got 0"),

    # -- NumPy's broadcasting and concatenation wording, which names no function
    Case("add that cannot broadcast", lambda: ops.add(x, x57),
         ValueError, r"add: the operands' shapes \(2, 3\) and \(5, 7\) do not broadcast"),
    Case("atan2 that cannot broadcast", lambda: ops.atan2(x, np.ones((5, 7))),
         ValueError, r"atan2: the operands' shapes \(2, 3\) and \(5, 7\) do not broadcast"),
    Case("mul of a Dual that cannot broadcast",
         lambda: ops.mul(Dual(np.ones((2, 3)), 1.0), np.ones((5, 7))),
         ValueError, r"mul: the operands' shapes \(2, 3\) and \(5, 7\) do not broadcast"),
    Case("add that cannot broadcast under grad",
         lambda: ms.grad(lambda a: (a + x57).sum())(x),
         ValueError, r"add: the operands' shapes \(2, 3\) and \(5, 7\) do not broadcast"),
    Case("where that cannot broadcast", lambda: ops.where(Tensor([True, False]), x, x57),
         ValueError, r"where: the shapes of condition, x and y, \(2,\), \(2, 3\) and \(5, 7\)"),
    Case("concat of mismatched shapes", lambda: ops.concat((x, x57)),
         ValueError, r"concat: the tensors' shapes must agree on every axis but axis 0"),

    # -- a ragged nested list (NumPy: "setting an array element with a sequence")
    Case("add of a ragged list", lambda: ops.add(x, ragged),
         ValueError, r"add: expected a rectangular array, got a ragged nested list"),
    Case("sin of a ragged list", lambda: ops.sin(ragged),
         ValueError, r"sin: expected a rectangular array, got a ragged nested list"),
    Case("reshape of a ragged list", lambda: ops.reshape(ragged, (3,)),
         ValueError, r"reshape: input must be a Tensor or an array of real numbers, got a "
                     r"ragged nested list"),

    # -- silently wrong: junk accepted as an array (an object, str or complex result)
    Case("expand_dims of None", lambda: ops.expand_dims(None, 0),
         TypeError, r"expand_dims: input_x must be a Tensor or an array of real numbers, "
                    r"got NoneType None"),
    Case("expand_dims at axis None", lambda: ops.expand_dims(x, None),
         TypeError, r"expand_dims: axis must be an int or a tuple of ints, got None"),
    Case("reshape of a str", lambda: ops.reshape("abc", (1,)),
         TypeError, r"reshape: input must be a Tensor or an array of real numbers, got str"),
    Case("sum of a huge int", lambda: ops.sum(10 ** 30),
         TypeError, r"sum: input must be .* got the int 10+, too large for int64"),
    Case("squeeze of None", lambda: ops.squeeze(None),
         TypeError, r"squeeze: input must be a Tensor or an array of real numbers, got NoneType"),
    Case("clamp of None", lambda: ops.clamp(None, 0.1),
         TypeError, r"clip: input must be a Tensor or an array of real numbers, got NoneType"),
    Case("logcumsumexp of None", lambda: ops.logcumsumexp(None, 0),
         TypeError, r"logcumsumexp: input must be a Tensor or an array of real numbers"),
    Case("concat with None", lambda: ops.concat((x, None)),
         TypeError, r"concat: tensors\[1\] must be a Tensor or an array of real numbers, got "
                    r"NoneType"),
    Case("cumsum of a complex array", lambda: ops.cumsum(c23, 0),
         TypeError, r"cumsum: x must be a Tensor or an array of real numbers, got an array of "
                    r"dtype complex128"),
    Case("clamp to a complex bound", lambda: ops.clamp(x, np.ones(3, complex)),
         TypeError, r"clip: min must be .* got an array of dtype complex128"),
    Case("transpose of a complex array", lambda: ops.transpose(c23, (1, 0)),
         TypeError, r"transpose: input must be .* dtype complex128"),
    Case("gather from a complex array", lambda: ops.gather(c23, Tensor([0]), 0),
         TypeError, r"gather: input_params must be .* dtype complex128"),

    # -- an array where one value belongs (NumPy: "the truth value of an array
    #    is ambiguous"; MindSpore's Tensor: "should have only one element")
    Case("sum keeping dims of a Tensor", lambda: ops.sum(x, 0, Tensor([True, False])),
         TypeError, r"sum: keepdims must be a bool, got ndarray of shape \(2,\)"),
    Case("Tensor.sum keeping dims of a Tensor", lambda: x.sum(keepdims=Tensor([True, False])),
         TypeError, r"sum: keepdims must be a bool, got Tensor of shape \(2,\)"),
    Case("Tensor.mean keeping dims of a Tensor", lambda: x.mean(keep_dims=Tensor([1, 0])),
         TypeError, r"mean: keepdims must be a bool, got Tensor"),
    Case("max keeping dims of an array", lambda: ops.amax(x, 0, np.ones(3)),
         TypeError, r"max: keepdims must be a bool, got ndarray of shape \(3,\)"),
    Case("var keeping dims of an array", lambda: ops.var(x, 0, keepdims=np.ones(2)),
         TypeError, r"var: keepdims must be a bool"),
    Case("any keeping dims of an array", lambda: ops.any(x > 0, 0, np.ones(2)),
         TypeError, r"any: keep_dims must be a bool"),
    Case("matmul transposed by a Tensor", lambda: ops.matmul(x, x.T, transpose_a=Tensor([1, 2])),
         TypeError, r"matmul: transpose_a takes a single value .* got a Tensor of shape \(2,\)"),
    Case("clamp to bounds that do not broadcast", lambda: ops.clamp(x, x57),
         ValueError, r"clip: the shapes of input \(2, 3\) and min \(5, 7\) do not broadcast"),
    Case("isclose that cannot broadcast", lambda: ops.isclose(x, x57),
         ValueError, r"isclose: the shapes of input \(2, 3\) and other \(5, 7\)"),
    Case("equal that cannot broadcast", lambda: ops.equal(x, x57),
         ValueError, r"equal: the operands' shapes \(2, 3\) and \(5, 7\) do not broadcast"),

    # -- shapes and dtypes of new tensors (NumPy's "expected a sequence of integers")
    Case("ones of a str size", lambda: ops.zeros((2, "a")),
         TypeError, r"zeros: size must be an int, got str"),
    Case("ones of a negative size", lambda: ops.ones(-1),
         ValueError, r"ones: shape must be >= 0, got -1"),
    Case("zeros of a huge size", lambda: ops.zeros(10 ** 30),
         ValueError, r"zeros: size \(10+,\) is too large"),
    Case("ones of a Tensor dtype", lambda: ops.ones((2, 3), dtype=x),
         TypeError, r"dtype: expected a dualgrad dtype .* got Tensor"),
    Case("astype of a tuple", lambda: x.astype((0.5, 0.25)),
         TypeError, r"dtype: expected a dualgrad dtype .* got tuple"),
    Case("broadcast_to a float shape", lambda: ops.broadcast_to(x, 1.5),
         TypeError, r"broadcast_to: shape must be an int or a tuple of ints, got 1.5"),
    Case("broadcast_to -1 for a new axis", lambda: ops.broadcast_to(Tensor([1.0, 2.0]), (-1, 2)),
         ValueError, r"broadcast_to: -1 in shape \(-1, 2\) stands for an axis the input"),
    Case("concat of a float", lambda: ops.concat(1.5),
         TypeError, r"concat: tensors must be a tuple or list of tensors, got float"),
    Case("stack of None", lambda: ops.stack(None),
         TypeError, r"stack: tensors must be a tuple or list of tensors, got NoneType"),

    # -- shared checkers' messages ("axis: ...", "dtype: ...") with the function's name
    Case("sum over a str axis", lambda: ops.sum(x, "a"),
         TypeError, r"^sum: axis: expected an int or a tuple of ints, got 'a'"),
    Case("cast to a str dtype", lambda: ops.cast(x, "abc"),
         TypeError, r"^cast: dtype: expected a dualgrad dtype"),
    Case("expand_dims past the last axis", lambda: ops.expand_dims(x, 5),
         ValueError, r"^expand_dims: axis: 5 is out of range for a 3-d array"),

    # -- NumPy's "attempt to get argmax of an empty sequence"
    Case("argmax of an empty tensor", lambda: ops.argmax(Tensor(np.zeros((0, 3)))),
         ValueError, r"argmax: an empty tensor \(shape \(0, 3\)\) has no maximum"),
    Case("argmin along an empty axis", lambda: ops.argmin(Tensor(np.zeros((0, 3))), 0),
         ValueError, r"argmin: an empty tensor .* has no minimum along axis 0"),

    # -- arange's arguments (NumPy's wording, or silently another range)
    Case("arange of a bool", lambda: ops.arange(True),
         TypeError, r"arange: start must be an int or a float, got bool"),
    Case("arange of a str", lambda: ops.arange("a"),
         TypeError, r"arange: start must be an int or a float, got str"),
    Case("arange to NaN", lambda: ops.arange(0, float("nan")),
         ValueError, r"arange: end must be finite, got nan"),
    Case("arange of a 1-D Tensor", lambda: ops.arange(Tensor([1, 2])),
         ValueError, r"arange: start must be a number or a 0-d Tensor"),
    Case("arange stepping away from its end", lambda: ops.arange(0, 5, -1),
         ValueError, r"arange: step -1 leads away from end 5"),
    Case("arange of too many values", lambda: ops.arange(0, 10 ** 30),
         ValueError, r"arange: from 0 to 10+ by 1 are too many values"),

    # -- a string or bool option given an array (NumPy: "the truth value ... is ambiguous")
    Case("gelu approximated by an array", lambda: ops.gelu(x, approximate=np.ones(2)),
         TypeError, r"gelu: approximate must be 'none' or 'tanh', got ndarray"),
    Case("div rounded by an array", lambda: ops.div(x, x, rounding_mode=np.ones(2)),
         TypeError, r"div: rounding_mode must be None, 'floor' or 'trunc', got ndarray"),
    Case("subtract scaled by a Tensor of many values",
         lambda: ops.subtract(x, x, alpha=Tensor([1.0, 2.0])),
         ValueError, r"subtract: alpha must be a single number, got a Tensor of shape \(2,\)"),
    Case("subtract scaled by a str", lambda: ops.subtract(x, x, alpha="a"),
         TypeError, r"subtract: alpha must be a number, got str"),
    Case("MatMul transposed by a Tensor", lambda: ops.MatMul(transpose_a=Tensor([1, 0])),
         TypeError, r"MatMul: transpose_a must be a bool, got Tensor of shape \(2,\)"),
    Case("dropout trained by a Tensor", lambda: ops.dropout(x, training=Tensor([1, 0])),
         TypeError, r"dropout: training must be a bool, got Tensor"),

    # -- Tensor methods' shapes (Python: "'float' object is not iterable")
    Case("Tensor.reshape to a float", lambda: x.reshape(1.5),
         TypeError, r"reshape: shape must be an int or a tuple of ints, got \(1.5,\)"),
    Case("Tensor.broadcast_to a float", lambda: x.broadcast_to(1.5),
         TypeError, r"broadcast_to: shape must be an int or a tuple of ints, got 1.5"),

    # -- more of NumPy's wording: ragged options, tuples read as dtype specs, sizes
    #    past memory, sequences of tensors
    Case("Tensor.clamp to a ragged list", lambda: x.clamp([[1.0, 2.0], [3.0]]),
         ValueError, r"clip: min must be .* got a ragged nested list"),
    Case("masked_fill of a tuple mask", lambda: x.masked_fill((0.5, 0.25), 1.0),
         TypeError, r"masked_fill: mask must be a Tensor, got a tuple"),
    Case("rand of a huge size", lambda: ops.rand(10 ** 9, 10 ** 9),
         ValueError, r"rand: size \(1000000000, 1000000000\) is too large"),
    Case("eye of a huge size", lambda: ops.eye(10 ** 9),
         ValueError, r"eye: shape \(1000000000, 1000000000\) is too large"),
    Case("clip_by_norm to an array", lambda: ops.clip_by_norm(x, np.ones(3)),
         TypeError, r"clip_by_norm: max_norm must be a number, got an array of shape \(3,\)"),
    Case("Concat of a float", lambda: ops.Concat()(1.5),
         TypeError, r"Concat: expected a tuple or list of tensors, got float"),
    Case("einsum of a ragged operand", lambda: ops.einsum("ij,jk->ik", [[1.0, 2.0], [3.0]], x),
         ValueError, r"einsum: argument 2 must be .* got a ragged nested list"),
    Case("Meshgrid of an int", lambda: ops.Meshgrid()(1),
         TypeError, r"Meshgrid: expected a tuple or list of tensors, got int"),

    # -- Cell's own options (Python: "'int' object is not iterable")
    Case("Cell flags of an int", lambda: ms.nn.ReLU(flags=1),
         TypeError, r"ReLU: flags must be a dict or None, got int"),
    Case("Cell auto_prefix of a Tensor", lambda: ms.nn.ReLU(auto_prefix=Tensor([1, 2])),
         TypeError, r"ReLU: auto_prefix must be a bool, got Tensor"),

    # -- silently wrong: a Python or NumPy complex number, its imaginary part
    #    dropped with a warning or the number returned as it came
    Case("float_power of a complex exponent", lambda: ops.float_power(x, 2j),
         TypeError, r"float_power: exponent must be .* got complex 2j"),
    Case("float_power of a NumPy complex", lambda: ops.float_power(np.complex128(1j), x),
         TypeError, r"float_power: input must be .* got complex128 np.complex128\(1j\)"),
    Case("hinge_embedding_loss of a complex target",
         lambda: ops.hinge_embedding_loss(x, 1 + 2j),
         TypeError, r"hinge_embedding_loss: targets must be .* got complex \(1\+2j\)"),
    Case("clamp of a complex number", lambda: ops.clamp(1 + 2j, 0.0, 1.0),
         TypeError, r"clip: input must be .* got complex \(1\+2j\)"),
    Case("clamp to a complex bound by the method", lambda: x.clamp(1 + 2j),
         TypeError, r"clip: min must be .* got complex \(1\+2j\)"),
    Case("squeeze of a complex number", lambda: ops.squeeze(1 + 2j),
         TypeError, r"squeeze: input must be .* got complex \(1\+2j\)"),
    Case("permute of a complex number", lambda: ops.permute(1 + 2j, ()),
         TypeError, r"permute: input must be .* got complex \(1\+2j\)"),

    # -- dates and time spans read as numbers (a result of dates, or NumPy's
    #    wording)
    Case("amax of dates", lambda: ops.amax(np.array(["2020-01-01"], "datetime64[D]")),
         TypeError, r"amax: input must be .* got an array of dtype datetime64\[D\]"),
    Case("flatten of time spans", lambda: ops.flatten(np.array([1, 2], "timedelta64[s]")),
         TypeError, r"flatten: input must be .* got an array of dtype timedelta64\[s\]"),
    Case("sum of dates", lambda: ops.sum(np.array(["2020-01-01"], "datetime64[D]")),
         TypeError, r"sum: input must be .* got an array of dtype datetime64\[D\]"),

    # -- an int past int64 as a count (Python's OverflowError building the pieces)
    Case("tensor_split into 10**30 sections", lambda: ops.tensor_split(x, 10 ** 30),
         ValueError, r"tensor_split: indices_or_sections must fit in 64 bits"),

    # -- a cell's input of dates (NumPy's UFuncTypeError) or complex numbers
    Case("LayerNorm of dates",
         lambda: ms.nn.LayerNorm((3,))(np.array([["2020-01-01"] * 3], "datetime64[D]")),
         TypeError, r"LayerNorm: input_x must be a Tensor or an array of real numbers, got an "
                    r"array of dtype datetime64\[D\]"),
    Case("LayerNorm of a complex array", lambda: ms.nn.LayerNorm((3,))(c23),
         TypeError, r"LayerNorm: input_x must be .* got an array of dtype complex128"),

    # -- an inner function named in the error instead of the one called
    Case("softsign of a str", lambda: ops.softsign("abc"),
         TypeError, r"softsign: x must be .* got str 'abc'"),
    Case("mish of a str", lambda: ops.mish("abc"),
         TypeError, r"mish: x must be .* got str 'abc'"),
    Case("cov of a dict", lambda: ops.cov({}),
         TypeError, r"cov: input must be .* got dict \{\}"),
    Case("diagflat of None", lambda: ops.diagflat(None),
         TypeError, r"diagflat: input must be .* got NoneType None"),
    Case("outer of None", lambda: ops.outer(x, None),
         TypeError, r"outer: vec2 must be .* got NoneType None"),
    Case("logaddexp2 of a str", lambda: ops.logaddexp2(x, "a"),
         TypeError, r"logaddexp2: other must be .* got str 'a'"),
    Case("zeros_like of a str", lambda: ops.zeros_like("a"),
         TypeError, r"zeros_like: input must be .* got str 'a'"),
    Case("full_like of a str", lambda: ops.full_like("a", 1),
         TypeError, r"full_like: input must be .* got str 'a'"),
    Case("ones_like of a complex array", lambda: ops.ones_like(c23),
         TypeError, r"ones_like: input must be .* got an array of dtype complex128"),
    Case("addmm of a 0-d matrix", lambda: ops.addmm(x, Tensor(1.0), x),
         ValueError, r"addmm: mat1 must be 2-D, got shape \(\)"),
    Case("addmv of a 2-D vector", lambda: ops.addmv(x, x, x),
         ValueError, r"addmv: vec must be 1-D, got shape \(2, 3\)"),
]


def test_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_clearly(c):
    outcome = _run_with_watchdog(c.call)
    if "returned" in outcome:
        pytest.fail(f"no error was raised; the call returned {outcome['returned']!r:.200}")
    error = outcome["raised"]
    assert type(error) is c.exc, f"expected {c.exc.__name__}, got {type(error).__name__}: {error}"
    with pytest.raises(c.exc, match=c.match):
        raise error


# The same layers still take what is legitimate.

def test_linspace_takes_0d_tensors_and_bools_as_mindspore_does():
    np.testing.assert_allclose(ops.linspace(Tensor(0.0), Tensor(1.0), Tensor(3)).asnumpy(),
                               [0.0, 0.5, 1.0])
    np.testing.assert_allclose(ops.linspace(True, 1.0, 2).asnumpy(), [1.0, 1.0])


def test_comparisons_take_ints_within_int64():
    big = 2 ** 62
    assert ops.greater(Tensor(np.array([big + 1], np.int64)), big).asnumpy().tolist() == [True]
    assert ops.logical_and(1, x).asnumpy().all()


def test_concat_and_where_of_agreeing_shapes():
    assert ops.concat((x, x), 1).shape == (2, 6)
    assert ops.concat((x, Tensor(np.ones((4, 3), np.float32)))).shape == (6, 3)
    assert ops.where(Tensor([True, False, True]), x, 0.0).shape == (2, 3)


def test_arrays_and_nested_lists_of_numbers_still_pass_through_ops():
    np.testing.assert_allclose(ops.reshape([[1.0, 2.0], [3.0, 4.0]], (4,)), [1, 2, 3, 4])
    assert ops.expand_dims(np.ones(3), 0).shape == (1, 3)
    assert ops.add(x, [[1.0, 2.0, 3.0]]).shape == (2, 3)
    assert ops.sum(10 ** 6) == 10 ** 6


def test_a_tuple_of_numbers_is_an_array_not_a_dtype_spec():
    # (np.result_type read the tuple as a record dtype: "Cannot interpret '0.5'")
    np.testing.assert_allclose(ops.cast((0.5, 0.25), ms.float32), [0.5, 0.25])
    np.testing.assert_allclose(ops.deg2rad((180.0, 90.0)), [np.pi, np.pi / 2])


def test_broadcast_to_takes_minus_one_as_mindspore_does():
    assert ops.broadcast_to(x, (-1, 3)).shape == (2, 3)
    assert ops.broadcast_to(Tensor([1.0, 2.0, 3.0]), (2, -1)).shape == (2, 3)


def test_max_and_min_of_a_0d_tensor_along_its_axis():
    # (the index of a 0-d value: an internal ZeroDivisionError before)
    values, index = ops.max(Tensor(1.5), 0)
    assert float(values) == 1.5 and int(index) == 0
    values, index = ops.min(Tensor(1.5), -1, keepdims=True)
    assert float(values) == 1.5 and int(index) == 0


def test_creation_shapes_and_flags_still_take_what_they_took():
    assert ops.ones(Tensor([2, 3])).shape == (2, 3)
    assert ops.zeros([2]).shape == (2,)
    assert ops.full((2,), 1.5, dtype=ms.float32).asnumpy().tolist() == [1.5, 1.5]
    assert ops.mean(x, 0, Tensor(True)).shape == (1, 3)
    assert ops.sum(x, 0, np.bool_(True)).shape == (1, 3)
    assert ms.nn.ReLU(flags={"a": 1}).a == 1


def test_arange_of_one_bound_counts_its_step_as_mindspore_does():
    # (the step was dropped: arange(5, step=2) gave five values)
    assert ops.arange(5, step=2).asnumpy().tolist() == [0, 2, 4]
    assert ops.arange(Tensor(5)).asnumpy().tolist() == [0, 1, 2, 3, 4]
    assert ops.arange(0, Tensor(3.5), 1).shape == (4,)
    assert ops.arange(5, 0, -2).asnumpy().tolist() == [5, 3, 1]
    assert ops.arange(0, 0).shape == (0,)


def test_argmax_along_a_nonempty_axis_of_an_empty_tensor():
    assert ops.argmax(Tensor(np.zeros((0, 3))), 1).shape == (0,)


def test_options_still_take_their_values():
    assert ops.subtract(x, x, alpha=Tensor(2.0)).asnumpy().tolist() == [[-1.0] * 3] * 2
    assert ops.subtract(x, x, alpha=1).asnumpy().sum() == 0.0
    assert ops.MatMul(transpose_b=True)(x, x).shape == (2, 2)
    assert ops.dropout(x, training=False) is x
    assert x.reshape((3, 2)).shape == (3, 2) and x.reshape(3, 2).shape == (3, 2)
    assert x.broadcast_to((4, -1, 3)).shape == (4, 2, 3)


def test_max_and_min_take_initial_and_where():
    # (both were accepted and ignored: max(axis=0, initial=10.0) gave 1.0)
    a = Tensor(np.array([[1.0, 5.0, 2.0], [3.0, 0.0, 4.0]], np.float32))
    assert a.max(axis=0, initial=4.5).asnumpy().tolist() == [4.5, 5.0, 4.5]
    assert a.min(axis=1, initial=0.5).asnumpy().tolist() == [0.5, 0.0]
    mask = Tensor(np.array([[True, False, True], [False, False, True]]))
    assert a.max(axis=0, where=mask, initial=-1.0).asnumpy().tolist() == [1.0, -1.0, 4.0]
    g = ms.grad(lambda t: t.max(axis=0, initial=4.5).sum())(a).asnumpy()
    assert g.tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match=r"max: where needs initial"):
        a.max(axis=0, where=mask)


def test_loss_cells_name_themselves_for_a_ragged_list():
    from dualgrad import nn
    with pytest.raises(ValueError, match=r"MSELoss: target must be a Tensor or an array of real "
                                         r"numbers, got a ragged nested list"):
        nn.MSELoss()(Tensor(np.array([0.2, 0.7])), [[1, 2], [3]])


@pytest.mark.parametrize("loss", ["MSELoss", "L1Loss", "HuberLoss"])
def test_loss_cells_name_themselves_for_a_string(loss):
    # The string reaches an inner elementwise op (sub) first; the error is
    # said of the loss's own argument.
    from dualgrad import nn
    with pytest.raises(TypeError, match=rf"{loss}: input must be a Tensor or an array of real "
                                        r"numbers, got str 'abc'"):
        getattr(nn, loss)()("abc", Tensor(np.array([0.2, 0.7])))
    with pytest.raises(TypeError, match=rf"{loss}: target must be a Tensor or an array of real "
                                        r"numbers, got str 'abc'"):
        getattr(nn, loss)()(Tensor(np.array([0.2, 0.7])), "abc")


def test_an_inner_operand_error_stands_when_no_argument_is_that_operand():
    # A string option of the outer function is not the string the inner op
    # refused (another dtype), so the inner op's message stands.
    from dualgrad._tensor import TensorFunction
    shifted = TensorFunction(lambda label, x: ops.sub(x, "zz"), "shifted")
    with pytest.raises(TypeError, match=r"^sub: expected real numbers, got an operand of type "
                                        r"str \(dtype <U2\)$"):
        shifted("abc", Tensor(np.array([1.0, 2.0])))


@pytest.mark.parametrize("call, error, words", [
    (lambda: ops.pad(Tensor(np.ones((1, 2))), (1, 1), value=Tensor([1.0, 2.0])), TypeError,
     r"pad: value must be a number or a 0-d Tensor, got one of shape \(2,\)"),
    (lambda: ops.pad(Tensor(np.ones((1, 2))), (1, 1), value="a"), TypeError,
     r"pad: value must be a number or a 0-d Tensor, got str"),
    (lambda: ops.uniform((2, 3), Tensor(np.zeros((5, 7))), Tensor(np.ones((5, 7)))), ValueError,
     r"uniform: shape \(2, 3\) and the shapes of minval \(5, 7\), maxval \(5, 7\) do not "
     r"broadcast"),
    (lambda: ops.normal((2, 3), Tensor(np.zeros((5, 7))), 1.0), ValueError,
     r"normal: shape \(2, 3\) and the shapes of mean \(5, 7\), stddev \(\) do not broadcast"),
    (lambda: ops.rand_like(np.ones(2, complex)), TypeError,
     r"rand_like: input must be a tensor of real numbers, got dtype complex128"),
], ids=["pad value of shape (2,)", "pad value str", "uniform bounds", "normal bounds",
        "rand_like complex"])
def test_padding_values_and_random_bounds_are_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_uniform_draws_shape_and_broadcasts_them_as_mindspore():
    """MindSpore 2.10 draws ``shape`` values and broadcasts them with the bounds."""
    out = ops.uniform((3,), Tensor(np.zeros((2, 3)), ms.float32),
                      Tensor(np.ones((2, 3)), ms.float32), seed=3).asnumpy()
    assert out.shape == (2, 3) and (out[0] == out[1]).all()


def test_functions_written_on_tensors_keep_mindspore_dtype_rules_however_called():
    # outer, logaddexp2 and float_power get their arguments as given (Tensors),
    # positionally or by keyword: an int32 Tensor next to a float32 one is float32
    ints, floats = Tensor(np.array([1, 2], np.int32)), Tensor(np.array([1.0, 2.0], np.float32))
    for call in (lambda: ops.outer(ints, floats), lambda: ops.outer(ints, vec2=floats),
                 lambda: ops.outer(input=ints, vec2=floats),
                 lambda: ops.logaddexp2(input=ints, other=ints)):
        out = call()
        assert isinstance(out, Tensor) and out.dtype == ms.float32
    assert ops.float_power(input=ints, exponent=2).dtype == ms.float64


# -- every cell's and every loss function's tensor operands: None, a string, an
#    array of strings or of complex numbers and a ragged list are refused naming
#    the cell (or function) and the parameter, before a check of the operand's
#    shape could read it as a 0-d array ("must have 4 dims, got 0"), and never
#    pass through (nn.Flatten once returned a Tensor of strings)

def _ones(*shape):
    return Tensor(np.ones(shape, np.float32))


def _labels(*values):
    return Tensor(np.array(values, np.int32))


JUNK_OPERANDS = [
    (None, TypeError, r"NoneType None"),
    ("abc", TypeError, r"str 'abc'"),
    (np.array(["a", "b"]), TypeError, r"an array of dtype <U1"),
    (c23, TypeError, r"an array of dtype complex128"),
    (ragged, ValueError, r"a ragged nested list \(rows of different lengths\)"),
]

# (the cell, valid inputs, the names of its leading inputs that are operands,
#  whether it takes nested lists)
CELL_INPUTS = [
    (lambda: ms.nn.Dense(3, 2), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Conv1d(1, 1, 3), [_ones(1, 1, 5)], ["x"], True),
    (lambda: ms.nn.Conv2d(1, 1, 3), [_ones(1, 1, 5, 5)], ["x"], True),
    (lambda: ms.nn.Conv3d(1, 1, 3), [_ones(1, 1, 5, 5, 5)], ["x"], True),
    (lambda: ms.nn.Conv1dTranspose(1, 1, 3), [_ones(1, 1, 5)], ["x"], True),
    (lambda: ms.nn.Conv2dTranspose(1, 1, 3), [_ones(1, 1, 5, 5)], ["x"], True),
    (lambda: ms.nn.Conv3dTranspose(1, 1, 3), [_ones(1, 1, 5, 5, 5)], ["x"], True),
    (lambda: ms.nn.Unfold([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1]), [_ones(1, 1, 4, 4)],
     ["x"], True),
    (lambda: ms.nn.Linear(3, 2), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.BiDense(3, 2, 2), [_ones(2, 3), _ones(2, 2)], ["input1", "input2"], True),
    (lambda: ms.nn.DenseBnAct(3, 2, has_bn=True, activation="relu"), [_ones(2, 3)], ["x"],
     True),
    (lambda: ms.nn.Conv2dBnAct(1, 2, 3, has_bn=True, activation="relu"), [_ones(1, 1, 5, 5)],
     ["x"], True),
    (lambda: ms.nn.LayerNorm((3,)), [_ones(2, 3)], ["input_x"], True),
    (lambda: ms.nn.BatchNorm1d(3), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.BatchNorm2d(3), [_ones(2, 3, 2, 2)], ["x"], True),
    (lambda: ms.nn.SyncBatchNorm(3), [_ones(2, 3, 2, 2)], ["x"], True),
    (lambda: ms.nn.GroupNorm(1, 3), [_ones(2, 3, 2)], ["x"], True),
    (lambda: ms.nn.InstanceNorm1d(3), [_ones(2, 3, 4)], ["x"], True),
    (lambda: ms.nn.InstanceNorm2d(3), [_ones(2, 3, 4, 4)], ["x"], True),
    (lambda: ms.nn.BatchNorm3d(3), [_ones(2, 3, 2, 2, 2)], ["x"], True),
    (lambda: ms.nn.InstanceNorm3d(3), [_ones(2, 3, 2, 2, 2)], ["x"], True),
    (lambda: ms.nn.Flatten(), [_ones(2, 3, 4)], ["x"], True),
    (lambda: ms.nn.Dropout(p=0.5).set_train(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Dropout1d(p=0.5).set_train(), [_ones(2, 3, 4)], ["x"], True),
    (lambda: ms.nn.Dropout2d(p=0.5).set_train(), [_ones(2, 3, 4, 4)], ["x"], True),
    (lambda: ms.nn.Dropout3d(p=0.5).set_train(), [_ones(2, 3, 2, 2, 2)], ["x"], True),
    (lambda: ms.nn.MaxPool2d(2), [_ones(1, 1, 4, 4)], ["x"], True),
    (lambda: ms.nn.AvgPool1d(2), [_ones(1, 1, 4)], ["x"], True),
    (lambda: ms.nn.AvgPool3d(2), [_ones(1, 1, 4, 4, 4)], ["x"], True),
    (lambda: ms.nn.AdaptiveAvgPool2d(2), [_ones(1, 1, 4, 4)], ["input"], True),
    (lambda: ms.nn.AdaptiveMaxPool1d(2), [_ones(1, 1, 4)], ["input"], True),
    (lambda: ms.nn.LPPool2d(2, 2), [_ones(1, 1, 4, 4)], ["x"], True),
    (lambda: ms.nn.ConstantPad1d(1, 0.0), [_ones(1, 2, 3)], ["x"], True),
    (lambda: ms.nn.ZeroPad2d(1), [_ones(1, 2, 3)], ["x"], True),
    (lambda: ms.nn.ReflectionPad1d(1), [_ones(1, 2, 3)], ["x"], True),
    (lambda: ms.nn.ReplicationPad2d(1), [_ones(1, 2, 3, 3)], ["x"], True),
    (lambda: ms.nn.ReflectionPad3d(1), [_ones(1, 2, 3, 3)], ["x"], True),
    (lambda: ms.nn.ReplicationPad3d(1), [_ones(1, 2, 3, 3)], ["x"], True),
    (lambda: ms.nn.Pad(((0, 0), (1, 2)), "SYMMETRIC"), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.MaxUnpool2d(2), [_ones(1, 1, 2, 2), _labels(0, 3, 9, 15).reshape(1, 1, 2, 2)],
     ["x", "indices"], True),
    (lambda: ms.nn.ChannelShuffle(2), [_ones(1, 4, 2, 2)], ["x"], True),
    (lambda: ms.nn.CentralCrop(0.5), [_ones(1, 3, 4, 4)], ["image"], True),
    (lambda: ms.nn.ReduceLogSumExp(1), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.LGamma(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.DiGamma(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.LBeta(), [_ones(2, 3), _ones(2, 3)], ["x", "y"], True),
    (lambda: ms.nn.IGamma(), [_ones(2, 3), _ones(2, 3)], ["a", "x"], True),
    (lambda: ms.nn.MatDet(), [Tensor(np.eye(3, dtype=np.float32)[None].repeat(2, 0))], ["a"],
     True),
    (lambda: ms.nn.MatInverse(), [Tensor(np.eye(3, dtype=np.float32)[None].repeat(2, 0))], ["a"],
     True),
    (lambda: ms.nn.Norm(1), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.OneHot(depth=3), [_labels(0, 1)], ["indices"], True),
    (lambda: ms.nn.Roll(1, 0), [_ones(2, 3)], ["input_x"], True),
    (lambda: ms.nn.Tril(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Triu(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.MatrixDiag(), [_ones(2, 3)], ["input_x"], True),
    (lambda: ms.nn.MatrixDiagPart(), [_ones(2, 3)], ["input_x"], True),
    (lambda: ms.nn.MatrixSetDiag(), [_ones(2, 3), _ones(2)], ["x", "diagonal"], True),
    (lambda: ms.nn.Moments(1), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.MatMul(), [_ones(2, 3), _ones(3, 2)], ["x1", "x2"], True),
    (lambda: ms.nn.ImageGradients(), [_ones(1, 1, 2, 3)], ["images"], True),
    (lambda: ms.nn.TimeDistributed(ms.nn.Tanh(), 1), [_ones(2, 3, 2)], ["inputs"], True),
    (lambda: ms.nn.LRN(), [_ones(1, 3, 2, 2)], ["input_x"], True),
    (lambda: ms.nn.CTCLoss(), [_ones(3, 2, 3), _labels(1, 2).reshape(2, 1), (3, 3), (1, 1)],
     ["log_probs", "targets"], True),
    (lambda: ms.nn.EmbeddingLookup(4, 2), [_labels(0, 3)], ["input_indices"], True),
    (lambda: ms.nn.MultiFieldEmbeddingLookup(4, 2, 2),
     [_labels(0, 3).reshape(1, 2), _ones(1, 2), _labels(0, 1).reshape(1, 2)],
     ["input_indices", "input_values", "field_ids"], True),
    (lambda: ms.nn.FractionalMaxPool2d(2, output_size=(2, 2)), [_ones(1, 1, 4, 4)], ["input"],
     True),
    (lambda: ms.nn.FractionalMaxPool3d(2, output_ratio=0.5), [_ones(1, 1, 4, 4, 4)], ["input"],
     True),
    (lambda: ms.nn.PSNR(), [_ones(1, 1, 4, 4), _ones(1, 1, 4, 4) * 0.5], ["img1", "img2"], True),
    (lambda: ms.nn.SSIM(filter_size=3), [_ones(1, 1, 4, 4), _ones(1, 1, 4, 4) * 0.5],
     ["img1", "img2"], True),
    (lambda: ms.nn.MSSSIM(power_factors=(0.5, 0.5), filter_size=2),
     [_ones(1, 1, 4, 4), _ones(1, 1, 4, 4) * 0.5], ["img1", "img2"], True),
    (lambda: ms.nn.SampledSoftmaxLoss(2, 4, sampled_values=(
        _labels(2, 3), _ones(2, 1) * 0.5, _ones(2) * 0.5)),
     [_ones(4, 3), _ones(4), _labels(0, 1).reshape(2, 1), _ones(2, 3)],
     ["weights", "biases", "labels", "logits"], True),
    (lambda: ms.nn.GradAccumulationCell(ms.nn.Tanh(), 2), [_ones(2, 3)], ["inputs[0]"], True),
    (lambda: ms.nn.PixelShuffle(2), [_ones(1, 4, 2, 2)], ["input"], True),
    (lambda: ms.nn.PixelUnshuffle(2), [_ones(1, 1, 4, 4)], ["input"], True),
    (lambda: ms.nn.Upsample(None, 2.0, recompute_scale_factor=True), [_ones(1, 1, 4, 4)],
     ["x"], True),
    (lambda: ms.nn.Tanh(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.ReLU(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Softplus(beta=2.0), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.GELU(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.LeakyReLU(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Softmax(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.Softmax2d(), [_ones(2, 3, 2, 2)], ["x"], True),
    (lambda: ms.nn.RReLU(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.FastGelu(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.SoftShrink(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.nn.Threshold(0.1, 0.0), [_ones(2, 3)], ["input_x"], True),
    (lambda: ms.nn.GLU(), [_ones(2, 4)], ["x"], True),
    (lambda: ms.nn.PReLU(), [_ones(2, 3)], ["x"], True),
    (lambda: ms.nn.ClipByNorm(), [_ones(2, 3), Tensor(1.0)], ["x"], True),
    (lambda: ms.nn.RNN(3, 2), [_ones(4, 5, 3)], ["x"], False),
    (lambda: ms.nn.LSTMCell(3, 2), [_ones(4, 3), (_ones(4, 2), _ones(4, 2))], ["x"], False),
    (lambda: ms.nn.MultiheadAttention(4, 2), [_ones(3, 2, 4)] * 3, ["query", "key", "value"],
     False),
    (lambda: ms.nn.TransformerEncoderLayer(4, 2), [_ones(3, 2, 4)], ["query"], False),
    (lambda: ms.nn.MSELoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.nn.SmoothL1Loss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.nn.CrossEntropyLoss(), [_ones(2, 3), _labels(0, 1)], ["input", "target"], True),
    (lambda: ms.nn.NLLLoss(), [_ones(2, 3), _labels(0, 1)], ["inputs", "target"], True),
    (lambda: ms.nn.SoftmaxCrossEntropyWithLogits(), [_ones(2, 3), _ones(2, 3)],
     ["logits", "labels"], True),
    (lambda: ms.nn.CosineEmbeddingLoss(), [_ones(2, 3), _ones(2, 3), _ones(2)],
     ["input1", "input2", "target"], True),
    (lambda: ms.nn.TripletMarginLoss(), [_ones(2, 3)] * 3, ["x", "positive", "negative"], True),
    (lambda: ms.nn.TripletMarginWithDistanceLoss(), [_ones(2, 3)] * 3,
     ["x", "positive", "negative"], True),
    (lambda: ms.nn.MarginRankingLoss(), [_ones(2)] * 3, ["input1", "input2", "target"], True),
    (lambda: ms.nn.SoftMarginLoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.nn.MultiMarginLoss(), [_ones(2, 3), _labels(0, 1)], ["x", "target"], True),
    (lambda: ms.nn.MultiLabelSoftMarginLoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"],
     True),
    (lambda: ms.nn.MultilabelMarginLoss(),
     [_ones(2, 3), _labels(0, -1, 0, 2, -1, 0).reshape(2, 3)], ["input", "target"], True),
    (lambda: ms.nn.GaussianNLLLoss(), [_ones(2, 3)] * 3, ["x", "target", "var"], True),
    (lambda: ms.nn.PoissonNLLLoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.nn.RMSELoss(), [_ones(2, 3), _ones(2, 3)], ["logits", "label"], True),
    (lambda: ms.nn.DiceLoss(), [_ones(2, 3), _ones(2, 3)], ["logits", "label"], True),
    (lambda: ms.nn.MultiClassDiceLoss(), [_ones(2, 3), _ones(2, 3)], ["logits", "label"], True),
    (lambda: ms.nn.FocalLoss(), [_ones(2, 3), _labels(0, 1).reshape(2, 1)], ["logits", "labels"],
     True),
    # mint.nn
    (lambda: ms.mint.nn.Conv1d(1, 1, 3), [_ones(1, 1, 5)], ["input"], True),
    (lambda: ms.mint.nn.Conv2d(1, 1, 3, padding_mode="reflect", padding=1),
     [_ones(1, 1, 5, 5)], ["input"], True),
    (lambda: ms.mint.nn.Conv3d(1, 1, 3), [_ones(1, 1, 5, 5, 5)], ["input"], True),
    (lambda: ms.mint.nn.ConvTranspose2d(1, 1, 3), [_ones(1, 1, 5, 5)], ["input"], True),
    (lambda: ms.mint.nn.BatchNorm1d(3), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.BatchNorm2d(3).set_train(), [_ones(2, 3, 2, 2)], ["input"], True),
    (lambda: ms.mint.nn.BatchNorm3d(3), [_ones(2, 3, 2, 2, 2)], ["input"], True),
    (lambda: ms.mint.nn.SyncBatchNorm(3).set_train(), [_ones(2, 3, 2)], ["input"], True),
    (lambda: ms.mint.nn.LayerNorm(3), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.GroupNorm(1, 3), [_ones(2, 3, 2)], ["input"], True),
    (lambda: ms.mint.nn.Dropout().set_train(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Dropout2d().set_train(), [_ones(2, 3, 2, 2)], ["input"], True),
    (lambda: ms.mint.nn.Flatten(), [_ones(2, 3, 4)], ["input"], True),
    (lambda: ms.mint.nn.GELU(approximate="tanh"), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.SiLU(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Sigmoid(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Tanh(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Softmax(dim=1), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.LogSoftmax(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ELU(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.SELU(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Mish(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.PReLU(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Hardtanh(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.LogSigmoid(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReLU6(), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.Threshold(0.5, 0.0), [_ones(2, 3)], ["input"], True),
    (lambda: ms.mint.nn.GLU(), [_ones(2, 4)], ["input"], True),
    (lambda: ms.mint.nn.MSELoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.mint.nn.L1Loss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.mint.nn.SmoothL1Loss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.mint.nn.KLDivLoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"], True),
    (lambda: ms.mint.nn.BCELoss(), [_ones(2, 3) * 0.5, _ones(2, 3) * 0.5], ["input", "target"],
     True),
    (lambda: ms.mint.nn.BCEWithLogitsLoss(), [_ones(2, 3), _ones(2, 3)], ["input", "target"],
     True),
    (lambda: ms.mint.nn.NLLLoss(), [_ones(2, 3), _labels(0, 1)], ["input", "target"], True),
    (lambda: ms.mint.nn.CrossEntropyLoss(), [_ones(2, 3), _labels(0, 1)], ["input", "target"],
     True),
    (lambda: ms.mint.nn.CosineEmbeddingLoss(), [_ones(2, 3), _ones(2, 3), _ones(2)],
     ["input1", "input2", "target"], True),
    (lambda: ms.mint.nn.MaxPool2d(2), [_ones(1, 1, 4, 4)], ["input"], True),
    (lambda: ms.mint.nn.AvgPool1d(2), [_ones(1, 1, 4)], ["input"], True),
    (lambda: ms.mint.nn.AvgPool2d(2), [_ones(1, 1, 4, 4)], ["input"], True),
    (lambda: ms.mint.nn.AvgPool3d(2), [_ones(1, 1, 2, 4, 4)], ["input"], True),
    (lambda: ms.mint.nn.AdaptiveAvgPool1d(2), [_ones(1, 1, 4)], ["input"], True),
    (lambda: ms.mint.nn.AdaptiveAvgPool2d(2), [_ones(1, 1, 4, 4)], ["input"], True),
    (lambda: ms.mint.nn.AdaptiveAvgPool3d(2), [_ones(1, 1, 2, 4, 4)], ["input"], True),
    (lambda: ms.mint.nn.AdaptiveMaxPool1d(2), [_ones(1, 1, 4)], ["input"], True),
    (lambda: ms.mint.nn.ConstantPad1d(1, 0.5), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ConstantPad2d(1, 0.5), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ConstantPad3d(1, 0.5), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.ZeroPad1d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ZeroPad2d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ZeroPad3d(1), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReflectionPad1d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReflectionPad2d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReflectionPad3d(1), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReplicationPad1d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReplicationPad2d(1), [_ones(1, 2, 3)], ["input"], True),
    (lambda: ms.mint.nn.ReplicationPad3d(1), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.Unfold(2), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.Fold((3, 3), 2), [_ones(1, 8, 4)], ["input"], True),
    (lambda: ms.mint.nn.Upsample(scale_factor=2.0), [_ones(1, 2, 3, 3)], ["input"], True),
    (lambda: ms.mint.nn.UpsamplingNearest2d(size=(4, 4)), [_ones(1, 2, 3, 3)], ["input"],
     True),
    (lambda: ms.mint.nn.UpsamplingBilinear2d(scale_factor=2.0), [_ones(1, 2, 3, 3)],
     ["input"], True),
    (lambda: ms.mint.nn.PixelShuffle(2), [_ones(1, 4, 2, 2)], ["input"], True),
]


def _check_junk_operands_refused(call, inputs, owner, names, takes_lists=True):
    """Each junk operand in place of each of the leading ``names`` inputs is
    refused with the error naming ``owner`` and that parameter."""
    call(*inputs)                                 # (the inputs themselves are valid)
    for position, name in enumerate(names):
        for junk, error, got in JUNK_OPERANDS:
            if junk is ragged and not takes_lists:
                continue
            given = list(inputs)
            given[position] = junk
            with pytest.raises(error) as info:
                call(*given)
            assert type(info.value) is error
            assert re.match(rf"{owner}: {re.escape(name)} must be a Tensor or an array of real "
                            rf"numbers, got {got}", str(info.value)), str(info.value)


def _cell_ids(rows):
    return [type(row[0]()).__name__ for row in rows]


@pytest.mark.parametrize("make, inputs, names, takes_lists", CELL_INPUTS,
                         ids=_cell_ids(CELL_INPUTS))
def test_cells_refuse_junk_operands_by_name(make, inputs, names, takes_lists):
    cell = make()
    owner = type(cell).__name__
    _check_junk_operands_refused(cell, inputs, owner, names, takes_lists)
    if not takes_lists:                           # (a list is refused as no Tensor)
        with pytest.raises(TypeError, match=rf"^{owner}: {names[0]} must be a Tensor, got list"):
            cell(ragged, *inputs[1:])


LOSS_OPERANDS = [
    ("mse_loss", [_ones(2, 3), _ones(2, 3)]),
    ("l1_loss", [_ones(2, 3), _ones(2, 3)]),
    ("smooth_l1_loss", [_ones(2, 3), _ones(2, 3)]),
    ("huber_loss", [_ones(2, 3), _ones(2, 3)]),
    ("nll_loss", [_ones(2, 3), _labels(0, 1)]),
    ("cross_entropy", [_ones(2, 3), _labels(0, 1)]),
    ("binary_cross_entropy", [_ones(2, 3) * 0.5, _ones(2, 3) * 0.5]),
    ("binary_cross_entropy_with_logits", [_ones(2, 3), _ones(2, 3)]),
    ("kl_div", [_ones(2, 3), _ones(2, 3)]),
    ("margin_ranking_loss", [_ones(2), _ones(2), _ones(2)]),
    ("cosine_embedding_loss", [_ones(2, 3), _ones(2, 3), _ones(2)]),
    ("triplet_margin_loss", [_ones(2, 3)] * 3),
    ("soft_margin_loss", [_ones(2, 3), _ones(2, 3)]),
    ("hinge_embedding_loss", [_ones(2, 3), _ones(2, 3)]),
    ("multi_margin_loss", [_ones(2, 3), _labels(0, 1)]),
    ("multilabel_soft_margin_loss", [_ones(2, 3), _ones(2, 3)]),
    ("multilabel_margin_loss", [_ones(2, 3), _labels(0, -1, 0, 2, -1, 0).reshape(2, 3)]),
    ("gaussian_nll_loss", [_ones(2, 3)] * 3),
]


@pytest.mark.parametrize("name, inputs", LOSS_OPERANDS, ids=[n for n, _ in LOSS_OPERANDS])
def test_loss_functions_refuse_junk_operands_by_name(name, inputs):
    import inspect
    loss = getattr(ops, name)
    names = list(inspect.signature(loss).parameters)[:len(inputs)]
    _check_junk_operands_refused(loss, inputs, name, names)


@pytest.mark.parametrize("call, words", [
    (lambda: ops.roll(None, 1, 0), r"roll: input must be .* got NoneType None"),
    (lambda: ops.pixel_shuffle("abc", 2), r"pixel_shuffle: input must be .* got str 'abc'"),
    (lambda: ops.cosine_embedding_loss(_ones(2, 3), None, _ones(2)),
     r"cosine_embedding_loss: input2 must be .* got NoneType None"),
], ids=["roll of None", "pixel_shuffle of a string", "cosine_embedding_loss of None"])
def test_ops_name_a_none_or_string_operand_their_checks_would_read_as_0d(call, words):
    with pytest.raises(TypeError, match=words):
        call()


def test_cells_still_take_arrays_numbers_and_nested_lists():
    dense = ms.nn.Dense(3, 2)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    expected = dense(Tensor(x)).asnumpy()
    assert np.array_equal(dense(x).asnumpy(), expected)
    assert np.array_equal(dense(x.tolist()).asnumpy(), expected)
    assert ms.nn.Flatten()(np.zeros((2, 3, 4))).shape == (2, 12)
    assert ms.nn.Tanh()(0.5).dtype == ms.float32            # (a Python float: Tensor(0.5))
    assert ms.nn.MaxPool1d(2)(np.ones((1, 1, 4))).dtype == ms.float64


def test_transpose_of_none_reverses_the_axes_as_numpy():
    t = Tensor(np.arange(6.0).reshape(1, 2, 3))
    assert t.transpose(None).shape == (3, 2, 1)
    assert t.permute(None).shape == (3, 2, 1)
    assert t.transpose().shape == (3, 2, 1)
    assert t.transpose(np.array([2, 0, 1])).shape == (3, 1, 2)    # any sequence of axes
    assert t.transpose(range(2, -1, -1)).shape == (3, 2, 1)
    with pytest.raises(TypeError, match=r"transpose: axes must be ints, got \('abc',\)"):
        t.transpose("abc")


@pytest.mark.parametrize("options, error, words", [
    (dict(beta="abc"), TypeError, r"softplus: beta must be an int or a float, got str"),
    (dict(beta=None), TypeError, r"softplus: beta must be an int or a float, got NoneType"),
    (dict(beta=0), ValueError, r"softplus: beta must be non-zero"),
    (dict(threshold="abc"), TypeError, r"softplus: threshold must be an int or a float, got str"),
], ids=["beta str", "beta None", "beta 0", "threshold str"])
def test_softplus_options_are_checked(options, error, words):
    with pytest.raises(error, match=words):
        ops.softplus(x, **options)
    with pytest.raises(error, match=words):
        x.softplus(**options)


def test_softplus_options_still_give_mindspores_values():
    v = Tensor(np.array([-1.0, 0.5, 30.0]))
    expected = np.log1p(np.exp(2.0 * v.asnumpy())) / 2.0
    expected[2] = 30.0                       # (above the threshold: x itself)
    np.testing.assert_allclose(ops.softplus(v, beta=2, threshold=20).asnumpy(), expected,
                               rtol=1e-15)
    np.testing.assert_allclose(ops.softplus(v, beta=np.float64(2.0)).asnumpy(), expected,
                               rtol=1e-15)


# -- an empty batch is a valid input: each cell maps it to an empty batch of the
#    output's shape (adaptive max pooling once reshaped its windows with -1, which
#    a batch of 0 leaves undetermined, and its gradient did the same)
#    (cells of float inputs; those with several outputs, such as Moments, map
#    it to several)
EMPTY_BATCH_CELLS = [(make, inputs) for make, inputs, names, takes_lists in CELL_INPUTS
                     if len(names) == 1 and takes_lists and inputs[0].dtype == ms.float32]


def _outputs(out):
    return out if isinstance(out, tuple) else (out,)


@pytest.mark.parametrize("make, inputs", EMPTY_BATCH_CELLS, ids=_cell_ids(EMPTY_BATCH_CELLS))
def test_cells_map_an_empty_batch_to_an_empty_batch(make, inputs):
    cell = make()
    full = _outputs(cell(*inputs))
    empty = Tensor(np.ones((0,) + inputs[0].shape[1:], np.float32))
    out = _outputs(cell(empty, *inputs[1:]))
    assert len(out) == len(full)
    for each, each_full in zip(out, full):
        assert each.shape == (0,) + each_full.shape[1:]
    grad = ms.grad(lambda t: sum(o.sum() for o in _outputs(cell(t, *inputs[1:]))))(empty)
    assert grad.shape == empty.shape


def test_adaptive_max_pooling_and_its_indices_of_an_empty_batch():
    empty = Tensor(np.ones((0, 2, 4, 4), np.float32))
    values, indices = ops.adaptive_max_pool2d(empty, 2, True)
    assert values.shape == indices.shape == (0, 2, 2, 2)
    assert ms.nn.AdaptiveMaxPool3d(2)(Tensor(np.ones((0, 1, 4, 4, 4)))).shape == (0, 1, 2, 2, 2)
    pooled, where = ops.max_pool2d(empty, 2, return_indices=True)
    assert ops.max_unpool2d(pooled, where, 2).shape == (0, 2, 4, 4)
    g = ms.grad(lambda t: ops.amax(t, axis=(2, 3)).sum())(empty)
    assert g.shape == (0, 2, 4, 4)


@pytest.mark.parametrize("call, words", [
    (lambda: ms.nn.AdaptiveMaxPool1d(2)(Tensor(np.ones((1, 1, 0)))),
     r"AdaptiveMaxPool1d: input must not be empty along the pooled axes \(its last 1\), got "
     r"shape \(1, 1, 0\)"),
    (lambda: ops.adaptive_avg_pool2d(Tensor(np.ones((1, 3, 0))), 2),
     r"adaptive_avg_pool2d: input must not be empty along the pooled axes"),
    (lambda: ms.nn.LSTM(3, 2)(Tensor(np.ones((0, 5, 3), np.float32))),
     r"LSTM: x must hold at least one time step \(seq_len, batch_size, input_size\), got "
     r"shape \(0, 5, 3\)"),
    (lambda: ms.nn.GRU(3, 2, batch_first=True)(Tensor(np.ones((5, 0, 3), np.float32))),
     r"GRU: x must hold at least one time step \(batch_size, seq_len, input_size\)"),
], ids=["adaptive max of length 0", "adaptive avg of width 0", "LSTM of no steps",
        "GRU batch-first of no steps"])
def test_what_has_no_window_or_no_step_is_refused(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("name", ["tensor_scatter_update", "tensor_scatter_add",
                                  "tensor_scatter_mul", "tensor_scatter_max"])
def test_scatters_into_rows_of_no_elements(name):
    # updates of shape (1, 0) were reshaped by (-1, 0), which a size of 0 leaves
    # undetermined; the scatter failed with an internal index error
    scatter = getattr(ops, name)
    rows, where = Tensor(np.ones((3, 0))), Tensor(np.array([[0]]))
    assert scatter(rows, where, Tensor(np.ones((1, 0)))).shape == (3, 0)
    g = ms.grad(lambda t: scatter(t, where, Tensor(np.ones((1, 0)))).sum())(rows)
    assert g.shape == (3, 0)
    assert ops.scatter_nd(where, Tensor(np.ones((1, 0))), (3, 0)).shape == (3, 0)


@pytest.mark.parametrize("make, shape", [
    (lambda: ms.nn.GroupNorm(1, 3), (2, 3, 2)), (lambda: ms.nn.InstanceNorm1d(3), (2, 3, 4)),
    (lambda: ms.nn.InstanceNorm2d(3), (2, 3, 4, 4))], ids=["GroupNorm", "InstanceNorm1d",
                                                         "InstanceNorm2d"])
def test_group_and_instance_norms_name_themselves_for_integer_input(make, shape):
    # (they said "group_norm: input must be a float tensor", the function inside)
    cell = make()
    with pytest.raises(TypeError, match=rf"^{type(cell).__name__}: x must be a float tensor, "
                                        r"got dtype int32$"):
        cell(Tensor(np.ones(shape, np.int32)))
