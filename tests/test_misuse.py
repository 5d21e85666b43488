"""A catalogue of misuse: every row is a wrong call and the error it must raise.

The contract (issue 7, DESIGN.md "Clear on misuse"): bad input raises a
``TypeError`` or ``ValueError`` (or a subclass of one) whose message names the
argument and says what was expected -- never a crash, a hang or a silently
wrong result.  One parametrised test runs the whole table; each call runs in
a watchdog thread, so a hang fails its row instead of stalling the suite.

Rows marked ``xfail(strict=True)`` are known deviations, reported to the lead
with a reproducer and a proposed fix; when the engine is fixed they start
passing, and ``strict`` turns that into a failure that says to remove the mark.
"""
import atexit
import os
import pathlib
import pickle
import shutil
import tempfile
import threading
from collections import namedtuple

import numpy as np
import pytest

import dualgrad as ms
import dualgrad.dataset as ds
from dualgrad import (Dual, HyperDual, Parameter, ParameterTuple, Tensor, mint, nn, ops,
                      train)
from dualgrad.checkpoint import load_checkpoint, load_param_into_net, save_checkpoint
from dualgrad.testing import check_grads

TIMEOUT = 30.0

Case = namedtuple("Case", "name call exc match xfail")


def case(name, call, exc, match, xfail=None):
    return Case(name, call, exc, match, xfail)


# ---------------------------------------------------------------------------
# Fixtures of the table (plain objects, built once)

x2 = Tensor([1.0, 2.0])
m23 = Tensor(np.ones((2, 3), np.float32))
m45 = Tensor(np.ones((4, 5), np.float32))
points = Tensor(np.ones((3, 2), np.float32))
p2 = np.array([1.0, 2.0])
w = Parameter(Tensor([1.0, 2.0]), name="w")
dual_tensor = Tensor(Dual(p2, np.ones(2)))


def sq_sum(x):
    return (x * x).sum()


def cube_sum(x):
    return (x * x * x).sum()


def two_outputs(x):
    return x * x, x.sum()


class NoConstruct(nn.Cell):
    pass


def _tmp(name):
    """A path in a scratch directory of this process, removed when it exits."""
    directory = getattr(_tmp, "directory", None)
    if directory is None:
        directory = _tmp.directory = tempfile.mkdtemp(prefix="dualgrad-misuse-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return os.path.join(directory, name)


def _saved_dense():
    path = _tmp("dense.ckpt")
    if not os.path.exists(path):
        save_checkpoint(nn.Dense(3, 2), path)
    return path


def _file_with(name, blob):
    path = _tmp(name)
    with open(path, "wb") as f:
        f.write(blob)
    return path


def _corrupted():
    blob = bytearray(pathlib.Path(_saved_dense()).read_bytes())
    blob[-40] ^= 0xFF
    return _file_with("corrupted.ckpt", bytes(blob))


def _truncated():
    blob = pathlib.Path(_saved_dense()).read_bytes()
    return _file_with("truncated.ckpt", blob[: len(blob) // 2])


def _setattr_int_over_parameter():
    cell = nn.Cell()
    cell.w = Parameter(Tensor([1.0]))
    cell.w = 5


def _batched_duals(k1, k2):
    return (Dual(p2, np.ones((k1, 2)), batched=True) * Dual(p2, np.ones((k2, 2)), batched=True))


def _batched_hyperduals(k1, k2):
    a = HyperDual(p2, np.ones((k1, 2)), np.ones((k1, 2)), np.zeros((k1, 2)), batched=True)
    b = HyperDual(p2, np.ones((k2, 2)), np.ones((k2, 2)), np.zeros((k2, 2)), batched=True)
    return a * b


def _collapsed_times_uncollapsed():
    basis = np.ones((3, 2))
    a = HyperDual(p2, basis, basis, np.zeros(2), batched=True, collapsed=True)
    b = HyperDual(p2, basis, basis, np.zeros((3, 2)), batched=True)
    return a * b


def _sgd(*args, **kwargs):
    return nn.SGD(*args, **kwargs)


def _dataset():
    return ds.NumpySlicesDataset({"x": np.ones((4, 2), np.float32),
                                  "y": np.ones((4, 1), np.float32)}, shuffle=False).batch(2)


def _model(metrics=None):
    net = nn.Dense(2, 1)
    return train.Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1), metrics=metrics)


def _step(grads, params=None):
    params = params or [Parameter(Tensor([1.0, 2.0]), name="w")]
    return nn.SGD(params, 0.1)(grads)


# ---------------------------------------------------------------------------
# The catalogue

CASES = [
    # ----- transform arguments
    case("grad_position duplicated", lambda: ms.grad(sq_sum, (0, 0))(x2),
         ValueError, r"grad_position: duplicate positions in \(0, 0\)"),
    case("grad_position negative", lambda: ms.grad(sq_sum, -1)(x2),
         ValueError, r"grad_position: positions must be >= 0, got -1"),
    case("grad_position out of range", lambda: ms.grad(sq_sum, 3)(x2),
         ValueError, r"grad_position: position 3 is out of range for a call with 1 positional"),
    case("grad_position a str", lambda: ms.grad(sq_sum, "0")(x2),
         TypeError, r"grad_position: expected an int, a tuple of ints or None, got '0'"),
    case("grad_position a list", lambda: ms.grad(sq_sum, [0])(x2),
         TypeError, r"grad_position: expected an int, a tuple of ints or None, got \[0\]"),
    case("grad_position a float in a tuple", lambda: ms.grad(sq_sum, (0, 1.0))(x2, x2),
         TypeError, r"grad_position: expected ints, got 1.0"),
    case("grad_position empty", lambda: ms.grad(sq_sum, ())(x2),
         ValueError, r"grad_position: expected at least one position"),
    case("grad_position None without weights", lambda: ms.grad(sq_sum, None)(x2),
         ValueError, r"grad_position and weights cannot both be None"),
    case("weights a plain Tensor", lambda: ms.grad(sq_sum, 0, weights=x2)(x2),
         TypeError, r"weights: expected Parameters, got a Tensor"),
    case("weights a list with a Tensor", lambda: ms.grad(sq_sum, 0, weights=[w, x2])(x2),
         TypeError, r"weights\[1\]: expected a Parameter, got Tensor"),
    case("weights a dict", lambda: ms.grad(sq_sum, 0, weights={"w": w})(x2),
         TypeError, r"weights: expected a Parameter, a ParameterTuple or a list/tuple"),
    case("has_aux with one output", lambda: ms.grad(sq_sum, has_aux=True)(x2),
         ValueError, r"has_aux=True: fn must return more than one output"),
    case("has_aux not a bool", lambda: ms.grad(sq_sum, has_aux=1)(x2),
         TypeError, r"has_aux: expected a bool, got int"),
    case("fn not callable", lambda: ms.grad(42),
         TypeError, r"fn: expected a callable \(function or Cell\), got int"),
    case("fn returns a str", lambda: ms.grad(lambda x: "loss")(x2),
         TypeError, r"fn must return Tensors \(or tuples of them\), got str"),
    case("fn returns None", lambda: ms.value_and_grad(lambda x: None)(x2),
         TypeError, r"fn must return Tensors \(or tuples of them\), got NoneType"),
    case("sens_param without sens", lambda: ms.grad(sq_sum, sens_param=True)(),
         TypeError, r"sens_param=True: the last argument must be the output's cotangent"),
    case("sens of the wrong shape", lambda: ms.grad(lambda x: x * x, sens_param=True)(
        x2, Tensor([1.0, 2.0, 3.0])),
        ValueError, r"sens: expected a cotangent of shape \(2,\), got \(3,\)"),
    case("sens for the wrong number of outputs", lambda: ms.grad(
        two_outputs, sens_param=True)(x2, (Tensor([1.0, 1.0]),)),
        ValueError, r"sens: expected 2 cotangent\(s\), one per output, got 1"),
    case("sens_param consumed the only argument", lambda: ms.grad(
        lambda x: x * x, sens_param=True)(x2),
        TypeError, r"sens"),
    case("sens_param not a bool", lambda: ms.grad(sq_sum, sens_param=1),
         TypeError, r"sens_param: expected a bool"),
    case("return_ids not a bool", lambda: ms.grad(sq_sum, return_ids="yes"),
         TypeError, r"return_ids: expected a bool"),
    case("differentiate an int tensor", lambda: ms.grad(sq_sum)(Tensor([1, 2])),
         TypeError, r"argument 0 \(grad_position\): can only differentiate floating-point"),
    case("differentiate a str", lambda: ms.grad(sq_sum)("abc"),
         TypeError, r"argument 0 \(grad_position\): expected a Tensor to differentiate, got str"),
    case("differentiate an array of strings", lambda: ms.grad(sq_sum)(np.array(["a"])),
         TypeError, r"argument 0 \(grad_position\): can only differentiate floating-point "
                    r"tensors \(float16/float32/float64\), got dtype <U1"),
    case("differentiate a float128 array", lambda: ms.grad(sq_sum)(np.ones(2, np.longdouble)),
         TypeError, r"argument 0 \(grad_position\): can only differentiate .* got dtype float128"),
    case("hvp at a complex array", lambda: ms.hvp(sq_sum, np.ones(2, complex), np.ones(2)),
         TypeError, r"inputs\[0\]: can only differentiate .* got dtype complex128"),
    case("laplacian at an array of strings",
         lambda: ms.laplacian(lambda t: (t * t).sum(axis=1))(np.array([["a", "b"]])),
         TypeError, r"x: can only differentiate .* got dtype <U1"),
    case("differentiate with no argument", lambda: ms.grad(sq_sum)(),
         ValueError, r"grad_position: position 0 is out of range for a call with 0"),
    case("GradOperation flag not a bool", lambda: ms.GradOperation(get_all=1),
         TypeError, r"get_all: expected a bool, got int"),
    case("jacfwd position out of range", lambda: ms.jacfwd(lambda x: x * x, 2)(x2),
         ValueError, r"grad_position: position 2 is out of range"),
    case("hessian position out of range", lambda: ms.hessian(cube_sum, 3)(x2),
         ValueError, r"grad_position: position 3 is out of range"),
    case("derivative of order 0", lambda: ops.derivative(ops.sin, x2, 0),
         ValueError, r"order: expected a positive int, got 0"),
    case("get_grad with a str", lambda: ms.get_grad((x2,), "a"),
         TypeError, r"get_grad: identifier must be a position \(int\) or a Parameter"),

    # ----- Tensor construction
    case("Tensor of a str", lambda: Tensor("abc"),
         TypeError, r"input_data: expected a Tensor, NumPy array, number or nested list"),
    case("Tensor of a list of str", lambda: Tensor(["a", "b"]),
         TypeError, r"input_data: expected numbers, got elements of type <U1"),
    case("Tensor of a ragged list", lambda: Tensor([[1.0, 2.0], [3.0]]),
         ValueError, r"input_data: a ragged nested sequence cannot be a Tensor"),
    case("Tensor of None", lambda: Tensor(None),
         TypeError, r"input_data: expected an array, a number or a nested list of numbers, "
                    r"got None"),
    case("Tensor of complex numbers", lambda: Tensor(np.array([1 + 2j])),
         TypeError, r"input_data: dtype complex128 is not supported"),
    case("Tensor of objects", lambda: Tensor(np.array([1, None], dtype=object)),
         TypeError, r"input_data: dtype object is not supported"),
    case("Tensor of a dict", lambda: Tensor({"a": 1}),
         TypeError, r"input_data: expected a Tensor, NumPy array.*got dict"),
    case("Tensor with an unsupported dtype", lambda: Tensor([1.0], dtype="complex64"),
         TypeError, r"dtype: complex64 is not supported; expected one of float16"),
    case("Tensor with a dtype that is no dtype", lambda: Tensor([1.0], dtype=3.5),
         TypeError, r"dtype: expected a dualgrad dtype \(e.g. dualgrad.float32\)"),
    case("Tensor with shape but no init", lambda: Tensor(shape=(2,)),
         TypeError, r"Tensor: give input_data, or shape together with init"),
    case("Tensor of an int too large", lambda: Tensor([2 ** 70]),
         TypeError, r"input_data: expected numbers"),

    # ----- shapes in every kind of operation
    case("matmul misaligned", lambda: ops.matmul(m23, m45),
         ValueError, r"matmul: shapes \(2, 3\) and \(4, 5\) do not align \(3 != 4\)"),
    case("matmul of a 0-d tensor", lambda: ops.matmul(Tensor(1.0), m23),
         ValueError, r"matmul: both operands must have at least one dimension"),
    case("matmul misaligned under grad", lambda: ms.grad(lambda a: (a @ m45).sum())(m23),
         ValueError, r"matmul: shapes \(2, 3\) and \(4, 5\) do not align"),
    case("add that cannot broadcast", lambda: m23 + m45,
         ValueError, r"add: the operands' shapes \(2, 3\) and \(4, 5\) do not broadcast"),
    case("mul of a Dual that cannot broadcast", lambda: ops.mul(Dual(np.ones((2, 3)), 1.0),
                                                               np.ones((4, 5))),
         ValueError, r"mul: the operands' shapes \(2, 3\) and \(4, 5\) do not broadcast"),
    case("reshape to another size", lambda: m23.reshape(4, 2),
         ValueError, r"reshape: cannot reshape an array of shape \(2, 3\) into \(4, 2\)"),
    case("reshape with two -1", lambda: m23.reshape(-1, -1),
         ValueError, r"reshape: cannot reshape an array of shape \(2, 3\) into \(-1, -1\)"),
    case("reshape with negative sizes", lambda: m23.reshape(-3, -2),
         ValueError, r"reshape:"),
    case("reshape with a float size", lambda: m23.reshape(2.5, 3),
         TypeError, r"reshape: .*int"),
    case("reshape with a str", lambda: m23.reshape("ab"),
         TypeError, r"reshape: .*shape"),
    case("sum over an axis out of range", lambda: m23.sum(axis=2),
         ValueError, r"axis: 2 is out of range for a 2-d array"),
    case("sum over a negative axis out of range", lambda: m23.sum(axis=-3),
         ValueError, r"axis: -3 is out of range for a 2-d array"),
    case("sum over a repeated axis", lambda: m23.sum(axis=(1, -1)),
         ValueError, r"axis: repeated axis in \(1, -1\)"),
    case("sum over a float axis", lambda: m23.sum(axis=0.0),
         TypeError, r"axis: expected an int or a tuple of ints"),
    case("sum over a str axis", lambda: m23.sum(axis="0"),
         TypeError, r"axis: expected an int or a tuple of ints, got '0'"),
    case("mean over an axis out of range", lambda: m23.mean(axis=5),
         ValueError, r"axis: 5 is out of range for a 2-d array"),
    case("max over an axis out of range", lambda: m23.max(axis=5),
         ValueError, r"axis: 5 is out of range for a 2-d array"),
    case("min over a dim out of range", lambda: ops.min(m23, 7),
         ValueError, r"axis: 7 is out of range for a 2-d array"),
    case("max of an empty tensor", lambda: Tensor(np.zeros((0,), np.float32)).max(),
         ValueError, r"max: zero-size reduction over axis None of shape \(0,\) has no identity"),
    case("softmax over an axis out of range", lambda: ops.softmax(m23, axis=4),
         ValueError, r"axis: 4 is out of range for a 2-d array"),
    case("transpose with a repeated axis", lambda: m23.transpose(0, 0),
         ValueError, r"transpose: axes \(0, 0\) are not a permutation of 2 axes"),
    case("transpose with an axis out of range", lambda: m23.transpose(0, 5),
         ValueError, r"transpose: .*5"),
    case("transpose with too many axes", lambda: m23.transpose(0, 1, 2),
         ValueError, r"transpose: axes \(0, 1, 2\)"),
    case("squeeze an axis out of range", lambda: m23.squeeze(4),
         ValueError, r"axis: 4 is out of range for a 2-d array"),
    case("expand_dims at an axis out of range", lambda: m23.expand_dims(5),
         ValueError, r"axis: 5 is out of range for a 3-d array"),
    case("concat of mismatched shapes", lambda: ops.concat((m23, m45)),
         ValueError, r"concat: the tensors' shapes must agree on every axis but axis 0, got "
                    r"\[\(2, 3\), \(4, 5\)\]"),
    case("concat of nothing", lambda: ops.concat(()),
         ValueError, r"concat: expected at least one array"),
    case("concat along an axis out of range", lambda: ops.concat((m23, m23), axis=3),
         ValueError, r"axis: 3 is out of range for a 2-d array"),
    case("stack of mismatched shapes", lambda: ops.stack((m23, m45)),
         ValueError, r"stack: all arrays must have the same shape, got \[\(2, 3\), \(4, 5\)\]"),
    case("stack of nothing", lambda: ops.stack([]),
         ValueError, r"stack: expected at least one array"),
    case("index out of range", lambda: m23[5],
         ValueError, r"index \(5,\) is invalid for shape \(2, 3\): index 5 is out of bounds"),
    case("too many indices", lambda: m23[0, 0, 0],
         ValueError, r"too many indices"),
    case("index with a float array", lambda: m23[np.array([0.5])],
         TypeError, r"index: expected integer or boolean arrays, got dtype float64"),
    case("index with a float Tensor", lambda: m23[Tensor([0.0])],
         TypeError, r"index: expected integer or boolean arrays, got dtype float32"),
    case("broadcast_to an incompatible shape", lambda: ops.broadcast_to(m23, (4, 3)),
         ValueError, r"broadcast_to: cannot broadcast shape \(2, 3\) to \(4, 3\)"),
    case("where with mismatched shapes", lambda: ops.where(Tensor(np.array([True, False])),
                                                           m23, m45),
         ValueError, r"where: the shapes of condition, x and y, \(2,\), \(2, 3\) and \(4, 5\), "
                    r"do not broadcast"),
    case("where with a str condition", lambda: ops.where("abc", m23, m23),
         TypeError, r"condition"),
    case("cast to complex", lambda: m23.astype("complex64"),
         TypeError, r"dtype: complex64 is not supported"),
    case("sin of a str", lambda: ops.sin("a"),
         TypeError, r"sin: expected a real-valued array, got dtype <U1"),
    case("sin of None", lambda: ops.sin(None),
         TypeError, r"sin: expected a real-valued array, got dtype object"),
    case("sin of two arguments", lambda: ops.sin(m23, m23),
         TypeError, r"^sin\(\) takes one argument, 'input', got 2$"),
    case("Tensor plus a str", lambda: m23 + "a",
         TypeError, r"add: expected real numbers, got an operand of type str"),
    case("item of many elements", lambda: m23.item(),
         ValueError, r"item: only a one-element tensor can become a Python scalar"),
    case("len of a 0-d tensor", lambda: len(Tensor(1.0)),
         TypeError, r"len\(\) of a 0-d tensor"),

    # ----- norms, distances, products, contractions, rearrangements, sorting
    case("norm spectral of an empty matrix", lambda: ops.norm(Tensor(np.zeros((0, 3))), 2),
         ValueError, r"norm: ord=2 of an empty matrix \(shape \(0, 3\) over dim \(0, 1\)\) "
                     r"is undefined"),
    case("norm of another order over a matrix", lambda: ops.norm(m23, 3),
         ValueError, r"norm: ord must be None, 'fro', 1, -1, inf, -inf, 2, -2 or 'nuc' for "
                     r"matrices, got 3"),
    case("norm fro of a vector", lambda: ops.norm(x2, "fro"),
         TypeError, r"norm: ord='fro' is for matrices; a vector norm takes a number"),
    case("norm with an unknown ord name", lambda: ops.norm(x2, "max"),
         ValueError, r"norm: ord must be a number, 'fro' or 'nuc', got 'max'"),
    case("norm with a list ord", lambda: ops.norm(x2, [2]),
         TypeError, r"norm: ord must be a number, 'fro' or 'nuc', got list"),
    case("norm with a NaN ord", lambda: ops.norm(x2, float("nan")),
         ValueError, r"norm: ord must not be NaN"),
    case("norm of a 3-d tensor with ord and no dim",
         lambda: ops.norm(Tensor(np.ones((2, 2, 2))), 1),
         ValueError, r"norm: with ord given and dim None, A must be 1-D or 2-D, got 3-D"),
    case("norm over three dims", lambda: ops.norm(Tensor(np.ones((2, 2, 2))), dim=(0, 1, 2)),
         ValueError, r"norm: dim must name one axis \(a vector norm\) or two"),
    case("norm over a dim out of range", lambda: ops.norm(m23, dim=5),
         ValueError, r"norm: dim: 5 is out of range for a 2-d array"),
    case("norm over a float dim", lambda: ops.norm(m23, dim=1.0),
         TypeError, r"norm: dim must be an int or a tuple of ints"),
    case("norm over a repeated dim", lambda: ops.norm(m23, dim=(1, -1)),
         ValueError, r"norm: dim has a repeated axis"),
    case("cdist with a negative p", lambda: ops.cdist(points, points, -1.0),
         ValueError, r"cdist: p must be >= 0, got -1.0"),
    case("cdist with a str p", lambda: ops.cdist(points, points, "2"),
         TypeError, r"cdist: p must be a float, got str"),
    case("cdist of vectors", lambda: ops.cdist(x2, x2),
         ValueError, r"cdist: x1 and x2 must be 2-D \(points by coordinates\)"),
    case("cdist of points of other dimensions", lambda: ops.cdist(points, m23),
         ValueError, r"cdist: the points of x1 and x2 must have one number of coordinates"),
    case("cdist of batches that do not broadcast",
         lambda: ops.cdist(Tensor(np.ones((2, 3, 2))), Tensor(np.ones((3, 3, 2)))),
         ValueError, r"cdist: the batch dimensions of shapes \(2, 3, 2\) and \(3, 3, 2\)"),
    case("cumsum of a 0-d tensor", lambda: ops.cumsum(Tensor(1.0), 0),
         ValueError, r"cumsum: the input must have at least one dimension"),
    case("cumsum over a float axis", lambda: ops.cumsum(m23, 1.0),
         TypeError, r"cumsum: axis must be an int, got 1.0"),
    case("cumsum over an axis out of range", lambda: ops.cumsum(m23, 2),
         ValueError, r"cumsum: axis: 2 is out of range for a 2-d array"),
    case("cumsum without an axis", lambda: ops.cumsum(m23),
         TypeError, r"missing 1 required positional argument: 'axis'"),
    case("prod over an axis out of range", lambda: ops.prod(m23, 2),
         ValueError, r"prod: axis: 2 is out of range for a 2-d array"),
    case("cumprod over a dim out of range", lambda: ops.cumprod(m23, -3),
         ValueError, r"cumprod: dim: -3 is out of range for a 2-d array"),
    case("tensor_dot of axes of other sizes", lambda: ops.tensor_dot(m23, m23, 1),
         ValueError, r"tensor_dot: the contracted axes of shapes \(2, 3\) and \(2, 3\) differ"),
    case("tensor_dot with a str axes", lambda: ops.tensor_dot(m23, m23, "ij"),
         TypeError, r"tensor_dot: axes must be an int or a pair of axis sequences"),
    case("tensor_dot over more axes than there are", lambda: ops.tensor_dot(m23, m23, 3),
         ValueError, r"tensor_dot: axes=3 must be between 0 and the smaller rank"),
    case("tensor_dot over unpaired axes", lambda: ops.tensor_dot(m23, m23, ((0, 1), (0,))),
         ValueError, r"tensor_dot: axes must name as many axes of x1 as of x2"),
    case("dot misaligned", lambda: ops.dot(m23, m23),
         ValueError, r"dot: shapes \(2, 3\) and \(2, 3\) do not align \(3 != 2\)"),
    case("dot of a 0-d tensor", lambda: ops.dot(Tensor(1.0), m23),
         ValueError, r"dot: input and other must have at least one dimension"),
    case("trace of a vector", lambda: ops.trace(x2),
         ValueError, r"trace: input must be a 2-D tensor, got shape \(2,\)"),
    case("diag of a 0-d tensor", lambda: ops.diag(Tensor(1.0)),
         ValueError, r"diag: input must have at least one dimension"),
    case("einsum with too few operands", lambda: ops.einsum("ij,jk->ik", m23),
         ValueError, r"einsum: the equation 'ij,jk->ik' names 2 operands, got 1"),
    case("einsum with a digit label", lambda: ops.einsum("i1->i", m23),
         ValueError, r"einsum: labels must be letters"),
    case("einsum of axes of other sizes", lambda: ops.einsum("ij,ij->i", m23, m45),
         ValueError, r"einsum: label 'i' of 'ij,ij->i' stands for axes of sizes 2 and 4"),
    case("einsum with labels for the wrong rank", lambda: ops.einsum("ijk->i", m23),
         ValueError, r"einsum: 'ijk' names 3 axes, its operand has shape \(2, 3\)"),
    case("einsum with an unknown output label", lambda: ops.einsum("ij->k", m23),
         ValueError, r"einsum: the output of 'ij->k' names a label no operand has"),
    case("einsum of a non-str equation", lambda: ops.einsum(3, m23),
         TypeError, r"einsum: equation must be a str, got int"),
    case("einsum with two ellipses in an operand", lambda: ops.einsum("...i...->i", m23),
         ValueError, r"einsum: malformed ellipsis in '...i...->i'"),
    case("einsum with two ellipses in the output", lambda: ops.einsum("...i->......", m23),
         ValueError, r"einsum: malformed output"),
    case("flatten in order K", lambda: ops.flatten(m23, "K"),
         ValueError, r"flatten: order must be 'C' or 'F', got 'K'"),
    case("flatten with start_dim after end_dim", lambda: ops.flatten(m23, start_dim=1, end_dim=0),
         ValueError, r"flatten: start_dim \(1\) must not come after end_dim \(0\)"),
    case("flatten with a float start_dim", lambda: ops.flatten(m23, start_dim=0.5),
         TypeError, r"flatten: start_dim must be an int, got float"),
    case("tile with a negative count", lambda: ops.tile(m23, (-1, 1)),
         ValueError, r"tile: dims must be >= 0, got -1"),
    case("tile with an int", lambda: ops.tile(m23, 2),
         TypeError, r"tile: dims must be a tuple of ints, got int"),
    case("split into sections of another total", lambda: ops.split(m23, [1, 1], 1),
         ValueError, r"split: the sections \[1, 1\] must add up to the size 3 of axis 1"),
    case("split into pieces of size 0", lambda: ops.split(m23, 0),
         ValueError, r"split: split_size_or_sections must be >= 1, got 0"),
    case("split a 0-d tensor", lambda: ops.split(Tensor(1.0), 1),
         ValueError, r"split: tensor must have at least one dimension"),
    case("chunk into 0 pieces", lambda: ops.chunk(m23, 0),
         ValueError, r"chunk: chunks must be >= 1, got 0"),
    case("gather with float indices", lambda: ops.gather(m23, Tensor([0.0]), 1),
         TypeError, r"gather: input_indices must be integers, got dtype float32"),
    case("gather out of range", lambda: ops.gather(m23, Tensor([3]), 1),
         ValueError, r"gather: input_indices must lie in \[-3, 3\) for axis 1"),
    case("gather without an axis", lambda: ops.gather(m23, Tensor([0])),
         TypeError, r"missing 1 required positional argument: 'axis'"),
    case("gather with batch_dims past the axis", lambda: ops.gather(m23, Tensor([[0]]), 0, 1),
         ValueError, r"gather: batch_dims=1 needs batch_dims <= axis \(0\)"),
    case("index_select with a 2-d index", lambda: ops.index_select(m23, 1, Tensor([[0]])),
         ValueError, r"index_select: index must be 1-D, got shape \(1, 1\)"),
    case("meshgrid of a matrix", lambda: ops.meshgrid(x2, m23),
         ValueError, r"meshgrid: inputs must be 1-D, got shape \(2, 3\) at position 1"),
    case("meshgrid with unknown indexing", lambda: ops.meshgrid(x2, x2, indexing="zz"),
         ValueError, r"meshgrid: indexing must be 'xy' or 'ij', got 'zz'"),
    case("meshgrid of nothing", lambda: ops.meshgrid(),
         ValueError, r"meshgrid: expected at least one input"),
    case("flip along a repeated axis", lambda: ops.flip(m23, (1, 1)),
         ValueError, r"flip: dims has a repeated axis"),
    case("flip along a float axis", lambda: ops.flip(m23, (0.5,)),
         TypeError, r"flip: dims must be an int, got float"),
    case("roll with shifts and dims of other lengths", lambda: ops.roll(m23, (1, 2), 0),
         ValueError, r"roll: shifts and dims must have one length"),
    case("roll by a float", lambda: ops.roll(m23, 1.5, 0),
         TypeError, r"roll: shifts and dims must be ints or tuples of ints"),
    case("eye of a negative size", lambda: ops.eye(-1),
         ValueError, r"eye: n must be >= 0, got -1"),
    case("eye of a float size", lambda: ops.eye(2.0),
         TypeError, r"eye: n must be an int, got float"),
    case("full with a str value", lambda: ops.full((2,), "a"),
         TypeError, r"full: fill_value must be a number or a 0-d tensor, got str"),
    case("full of a negative size", lambda: ops.full((-2,), 1),
         ValueError, r"full: size must be >= 0, got -2"),
    case("full of a str size", lambda: ops.full("ab", 1),
         TypeError, r"full: size must be an int or a tuple of ints, got str"),
    case("full of NaN in int64", lambda: ops.full((2,), float("nan")),
         ValueError, r"full: fill_value nan has no value in int64"),
    case("sort a 0-d tensor", lambda: ops.sort(Tensor(1.0)),
         ValueError, r"sort: input_x must have at least one dimension"),
    case("topk of more than there are", lambda: ops.topk(x2, 3),
         ValueError, r"topk: k must be in \[1, 2\] for axis 0 of shape \(2,\), got 3"),
    case("topk with a float k", lambda: ops.topk(x2, 1.0),
         TypeError, r"topk: k must be an int, got float"),
    case("isnan of a str", lambda: ops.isnan("a"),
         TypeError, r"isnan: input must be a tensor or a number, got str"),
    # NumPy's object loops raised AttributeError ('NoneType' object has no
    # attribute 'arctan2') for these
    case("atan2 with None", lambda: ops.atan2(x2, None),
         TypeError, r"atan2: expected real numbers, got an operand of type NoneType"),
    case("hypot with an object array", lambda: ops.hypot(x2, np.array([object()])),
         TypeError, r"hypot: expected real numbers, got an operand of type ndarray"),
    case("equal with an object array", lambda: ops.equal(x2, np.array([object()])),
         TypeError, r"equal: other must be a Tensor or a number, got ndarray"),
    case("concat of one tensor in place of a tuple", lambda: ops.concat(x2),
         ValueError, r"concat: expected a tuple or list of tensors of at least one dimension"),
    case("concat of a 0-d tensor", lambda: ops.concat(Tensor(1.0)),
         TypeError, r"^concat: tensors must be a tuple or list of tensors, got a 0-d tensor$"),
    case("stack of a 0-d tensor", lambda: ops.stack(Tensor(1.0)),
         TypeError, r"^stack: tensors must be a tuple or list of tensors, got a 0-d tensor$"),
    case("concat of a str", lambda: ops.concat("abc"),
         TypeError, r"^concat: tensors must be a tuple or list of tensors, got str$"),

    # ----- Cell and Parameter construction
    case("Parameter name not a str", lambda: Parameter(x2, name=3),
         TypeError, r"name: expected a str or None, got int"),
    case("Parameter requires_grad not a bool", lambda: Parameter(x2, requires_grad=1),
         TypeError, r"requires_grad: expected a bool, got int"),
    case("Parameter of None", lambda: Parameter(None),
         TypeError, r"input_data: expected an array, a number or a nested list"),
    case("ParameterTuple of a Tensor", lambda: ParameterTuple([x2]),
         TypeError, r"ParameterTuple: element 0 is a Tensor, expected a Parameter"),
    case("ParameterTuple of None", lambda: ParameterTuple(None),
         TypeError, r"^ParameterTuple: expected an iterable of Parameters, got NoneType$"),
    case("ParameterTuple of one Parameter", lambda: ParameterTuple(Parameter(x2, name="one")),
         TypeError, r"got Parameter; give a list of them: ParameterTuple\(\[p\]\)"),
    case("set_data with a str", lambda: Parameter(x2).set_data("a"),
         TypeError, r"set_data: expected a Tensor, NumPy array, int or float, got str"),
    case("Dense with 0 inputs", lambda: nn.Dense(0, 2),
         ValueError, r"Dense: in_channels must be > 0, got 0"),
    case("Dense with a float size", lambda: nn.Dense(3, 2.0),
         TypeError, r"Dense: out_channels must be an int, got float"),
    case("Dense with a bool size", lambda: nn.Dense(True, 2),
         TypeError, r"Dense: in_channels must be an int, got bool"),
    case("Dense with an unknown initializer", lambda: nn.Dense(3, 2, weight_init="nope"),
         ValueError, r"Dense: weight_init: init: unknown initializer 'nope'"),
    case("initializer of a str shape",
         lambda: ms.common.initializer.initializer("zeros", "ab"),
         TypeError, r"^shape: expected a tuple or list of positive ints, got str$"),
    case("Tensor of a shape holding a str",
         lambda: Tensor(shape=(2, "a"), dtype=ms.float32, init="zeros"),
         TypeError, r"^shape: expected positive ints, got \(2, 'a'\)$"),
    case("Tensor of a shape holding 0",
         lambda: Tensor(shape=(2, 0), dtype=ms.float32, init="zeros"),
         ValueError, r"^shape: expected positive ints, got \(2, 0\)$"),
    case("Dense with a weight of the wrong shape", lambda: nn.Dense(
        3, 2, weight_init=Tensor(np.ones((3, 2), np.float32))),
        ValueError, r"Dense: weight_init must have shape \(2, 3\) \(out_channels, in_channels\)"
                    r", got \(3, 2\)"),
    case("Dense with a bias of the wrong shape", lambda: nn.Dense(
        3, 2, bias_init=Tensor(np.ones(3, np.float32))),
        ValueError, r"Dense: bias_init must have shape \(2,\)"),
    case("Dense with an unknown activation", lambda: nn.Dense(3, 2, activation="nope"),
         ValueError, r"Dense: activation: expected one of 'relu'"),
    case("Dense with an activation class", lambda: nn.Dense(3, 2, activation=nn.ReLU),
         TypeError, r"Dense: activation must be an instance such as ReLU\(\)"),
    case("Dense with an int activation", lambda: nn.Dense(3, 2, activation=5),
         TypeError, r"Dense: activation must be a name, a Cell or a callable, got int"),
    case("Dense with has_bias not a bool", lambda: nn.Dense(3, 2, has_bias=1),
         TypeError, r"Dense: has_bias must be a bool, got int"),
    case("Dense with an unsupported dtype", lambda: nn.Dense(3, 2, dtype="complex64"),
         TypeError, r"dtype: complex64 is not supported"),
    case("Dense fed the wrong width", lambda: nn.Dense(3, 2)(m45),
         ValueError, r"Dense: expected an input whose last dimension is in_channels=3, "
                     r"got shape \(4, 5\)"),
    case("Dense fed the wrong dtype", lambda: nn.Dense(3, 2)(Tensor(np.ones((4, 3)))),
         TypeError, r"Dense: the input's dtype Float64 differs from the weight's Float32"),
    case("Linear with 0 inputs", lambda: nn.Linear(0, 2),
         ValueError, r"Linear: in_features must be > 0, got 0"),
    case("Linear with a float size", lambda: nn.Linear(3, 2.0),
         TypeError, r"Linear: out_features must be an int, got float"),
    case("Linear with bias not a bool", lambda: nn.Linear(3, 2, bias=1),
         TypeError, r"Linear: bias must be a bool, got int"),
    case("Linear with a transposed weight", lambda: nn.Linear(
        3, 2, weight_init=Tensor(np.ones((3, 2), np.float32))),
        ValueError, r"Linear: weight_init must have shape \(2, 3\) \(out_features, "
                    r"in_features\), got \(3, 2\)"),
    case("Linear with a bias of the wrong shape", lambda: nn.Linear(
        3, 2, bias_init=Tensor(np.ones(3, np.float32))),
        ValueError, r"Linear: bias_init must have shape \(2,\) \(out_features,\)"),
    case("Linear with an unknown initializer", lambda: nn.Linear(3, 2, weight_init="nope"),
         ValueError, r"Linear: weight_init: init: unknown initializer 'nope'"),
    case("Linear fed the wrong width", lambda: nn.Linear(3, 2)(m45),
         ValueError, r"Linear: expected an input whose last dimension is in_features=3"),
    case("BiDense with 0 channels", lambda: nn.BiDense(3, 0, 2),
         ValueError, r"BiDense: in2_channels must be > 0, got 0"),
    case("BiDense with has_bias not a bool", lambda: nn.BiDense(3, 2, 2, has_bias="yes"),
         TypeError, r"BiDense: has_bias must be a bool, got str"),
    case("BiDense with a weight of the wrong shape", lambda: nn.BiDense(
        3, 2, 2, weight_init=Tensor(np.ones((2, 2, 3), np.float32))),
        ValueError, r"BiDense: weight_init must have shape \(2, 3, 2\) \(out_channels, "
                    r"in1_channels, in2_channels\)"),
    case("BiDense fed batches of different sizes", lambda: nn.BiDense(3, 2, 2)(
        Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones((5, 2), np.float32))),
        ValueError, r"BiDense: input1 and input2 must agree in all but their last dimension, "
                    r"got shapes \(4, 3\) and \(5, 2\)"),
    case("BiDense fed the wrong second width", lambda: nn.BiDense(3, 2, 2)(
        Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones((4, 3), np.float32))),
        ValueError, r"BiDense: expected input2 whose last dimension is in2_channels=2"),
    case("BiDense fed the wrong dtype", lambda: nn.BiDense(3, 2, 2)(
        Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones((4, 2)))),
        TypeError, r"BiDense: input2's dtype Float64 differs from the weight's Float32"),
    case("DenseBnAct with has_bn not a bool", lambda: nn.DenseBnAct(3, 2, has_bn=1),
         TypeError, r"DenseBnAct: has_bn must be a bool, got int"),
    case("DenseBnAct with after_fake None", lambda: nn.DenseBnAct(3, 2, after_fake=None),
         TypeError, r"DenseBnAct: after_fake must be a bool, got NoneType"),
    case("DenseBnAct with momentum past 1", lambda: nn.DenseBnAct(3, 2, momentum=1.5),
         ValueError, r"DenseBnAct: momentum must be in \[0, 1\], got 1.5"),
    case("DenseBnAct with eps 0", lambda: nn.DenseBnAct(3, 2, eps=0.0),
         ValueError, r"DenseBnAct: eps must be > 0, got 0.0"),
    case("DenseBnAct with 0 inputs", lambda: nn.DenseBnAct(0, 2),
         ValueError, r"DenseBnAct: in_channels must be > 0, got 0"),
    case("DenseBnAct with an unknown activation", lambda: nn.DenseBnAct(3, 2, activation="x"),
         ValueError, r"DenseBnAct: activation: expected one of 'relu'"),
    case("DenseBnAct with an int activation", lambda: nn.DenseBnAct(3, 2, activation=3),
         TypeError, r"DenseBnAct: activation must be a name, a Cell or a callable, got int"),
    case("Conv2dBnAct with an unknown pad_mode", lambda: nn.Conv2dBnAct(1, 2, 3, pad_mode="x"),
         ValueError, r"Conv2dBnAct: pad_mode must be one of 'same', 'valid', 'pad', got 'x'"),
    case("Conv2dBnAct with has_bn not a bool", lambda: nn.Conv2dBnAct(1, 2, 3, has_bn="x"),
         TypeError, r"Conv2dBnAct: has_bn must be a bool, got str"),
    case("Dropout1d with an int p", lambda: nn.Dropout1d(1),
         TypeError, r"Dropout1d: p must be a float, got int"),
    case("Dropout2d with p past 1", lambda: nn.Dropout2d(1.5),
         ValueError, r"Dropout2d: p must be in \[0, 1\], got 1.5"),
    case("Dropout3d with a bool p", lambda: nn.Dropout3d(True),
         TypeError, r"Dropout3d: p must be a float, got bool"),
    case("Dropout2d fed a 3-D input", lambda: nn.Dropout2d(0.5)(Tensor(np.ones((3, 4, 4)))),
         ValueError, r"Dropout2d: x must have 4 dims, got 3 \(shape \(3, 4, 4\)\)"),
    case("BatchNorm3d with 0 features", lambda: nn.BatchNorm3d(0),
         ValueError, r"BatchNorm3d: num_features must be >= 1, got 0"),
    case("BatchNorm3d with momentum past 1", lambda: nn.BatchNorm3d(2, momentum=2.0),
         ValueError, r"BatchNorm3d: momentum must be in \[0, 1\], got 2.0"),
    case("BatchNorm3d with an int use_batch_statistics", lambda: nn.BatchNorm3d(
        2, use_batch_statistics=1),
        ValueError, r"BatchNorm3d: use_batch_statistics must be a bool or None, got 1"),
    case("BatchNorm3d fed a 4-D input", lambda: nn.BatchNorm3d(2)(
        Tensor(np.ones((2, 2, 2, 2), np.float32))),
        ValueError, r"BatchNorm3d: x must have 5 dims, got 4"),
    case("BatchNorm3d fed the wrong channels", lambda: nn.BatchNorm3d(2)(
        Tensor(np.ones((2, 3, 2, 2, 2), np.float32))),
        ValueError, r"BatchNorm3d: x must have 2 channels \(num_features\) in dim 1"),
    case("InstanceNorm3d with an int affine", lambda: nn.InstanceNorm3d(2, affine=1),
         TypeError, r"InstanceNorm3d: affine must be a bool, got int"),
    case("InstanceNorm3d fed the wrong channels", lambda: nn.InstanceNorm3d(2)(
        Tensor(np.ones((2, 3, 2, 2, 2), np.float32))),
        ValueError, r"InstanceNorm3d: x must have 2 channels \(num_features\) in dim 1"),
    case("RReLU with lower above upper", lambda: nn.RReLU(0.5, 0.1),
         ValueError, r"RReLU: upper must be >= lower, got lower 0.5 and upper 0.1"),
    case("RReLU with a None bound", lambda: nn.RReLU(None),
         TypeError, r"RReLU: lower must be an int or a float, got NoneType"),
    case("RReLU fed integers", lambda: nn.RReLU()(Tensor(np.array([-1, 2], np.int32))),
         TypeError, r"RReLU: x must be a float tensor, got dtype int32"),
    case("Softmax2d fed a 2-D input", lambda: nn.Softmax2d()(m23),
         ValueError, r"Softmax2d: x must have 3 dims \(C, H, W\) or 4 \(N, C, H, W\), got 2"),
    case("CellDict with an int key", lambda: nn.CellDict({1: nn.ReLU()}),
         TypeError, r"CellDict: key must be a str, got int"),
    case("CellDict with a SequentialCell", lambda: nn.CellDict({"a": nn.SequentialCell()}),
         TypeError, r"CellDict: cell must not be a CellDict, CellList or SequentialCell"),
    case("CellDict from two dicts", lambda: nn.CellDict({}, {}),
         TypeError, r"CellDict: expected at most one mapping or iterable"),
    case("CellDict from an int", lambda: nn.CellDict(3),
         TypeError, r"CellDict: update expects a mapping or an iterable of \(key, cell\) "
                    r"pairs, got int"),
    case("assign an int over a Parameter", _setattr_int_over_parameter,
         TypeError, r"Cell.w is a Parameter; assign a Parameter, a Tensor .* not a int"),
    case("SequentialCell of an int", lambda: nn.SequentialCell([nn.ReLU(), 5]),
         TypeError, r"SequentialCell: element 1 must be a Cell, got int"),
    case("insert_param_to_cell with an empty name", lambda: nn.Cell().insert_param_to_cell(
        "", Parameter(x2)),
        ValueError, r"param_name must be a non-empty str"),
    case("call a Cell without construct", lambda: NoConstruct()(x2),
         TypeError, r"must define construct"),

    # ----- jvp / vjp / hvp directions
    case("jvp tangent of the wrong shape", lambda: ms.jvp(lambda x: x * x, x2,
                                                          Tensor([1.0, 2.0, 3.0])),
         ValueError, r"v\[0\]: expected a tangent of shape \(2,\) like inputs\[0\], got \(3,\)"),
    case("jvp with too few tangents", lambda: ms.jvp(lambda a, b: a * b, (x2, x2), (x2,)),
         ValueError, r"v: expected 2 tangent\(s\), one per input, got 1"),
    case("jvp tangents nested wrongly", lambda: ms.jvp(lambda a, b: a * b, (x2, x2),
                                                       ((x2, x2), x2)),
         ValueError, r"v\[0\]: expected a tangent of shape \(2,\) like inputs\[0\], "
                     r"got \(2, 2\)"),
    case("jvp with a None tangent", lambda: ms.jvp(lambda x: x * x, x2, None),
         TypeError, r"v\[0\]"),
    case("jvp with a str tangent", lambda: ms.jvp(lambda x: x * x, x2, "a"),
         TypeError, r"v\[0\]: expected a numeric tangent like inputs\[0\], got str"),
    case("jvp of a str input", lambda: ms.jvp(lambda x: x * x, "a", x2),
         TypeError, r"inputs\[0\]: expected a Tensor to differentiate, got str"),
    case("jvp has_aux with one output", lambda: ms.jvp(lambda x: x * x, x2, x2, has_aux=True),
         ValueError, r"has_aux=True: fn must return more than one output"),
    case("jvp has_aux not a bool", lambda: ms.jvp(lambda x: (x * x, x), x2, x2, has_aux=1),
         TypeError, r"has_aux: expected a bool"),
    case("vjp without inputs", lambda: ms.vjp(lambda x: x * x),
         TypeError, r"vjp: expected at least one input after fn"),
    case("vjp cotangent of the wrong shape", lambda: ms.vjp(lambda x: x * x, x2)[1](
        Tensor([1.0, 2.0, 3.0])),
        ValueError, r"vjp_fn: cotangent 0 must have the output's shape \(2,\), got \(3,\)"),
    case("vjp with too many cotangents", lambda: ms.vjp(lambda x: x * x, x2)[1](x2, x2),
         ValueError, r"vjp_fn: expected 1 cotangent\(s\), one per output, got 2"),
    case("vjp with a str cotangent", lambda: ms.vjp(lambda x: x * x, x2)[1]("a"),
         TypeError, r"vjp_fn: cotangent"),
    case("hvp direction of the wrong shape", lambda: ms.hvp(cube_sum, x2,
                                                            Tensor([1.0, 2.0, 3.0])),
         ValueError, r"v for argument 0: expected a direction of shape \(2,\), got \(3,\)"),
    case("hvp direction not a tuple for two positions", lambda: ms.hvp(
        lambda a, b: (a * b).sum(), (x2, x2), x2, grad_position=(0, 1)),
        ValueError, r"v: expected a tuple with 2 direction\(s\), matching the selection"),
    case("hvp direction not a pair with weights", lambda: ms.hvp(
        lambda a: (a * w).sum(), (x2,), x2, grad_position=0, weights=[w]),
        ValueError, r"v: with grad_position and weights, expected \(input directions, "
                    r"weight directions\)"),
    case("hvp with a None direction", lambda: ms.hvp(cube_sum, x2, None),
         TypeError, r"v for argument 0: expected a numeric direction, got object"),
    case("laplacian of 1-d points", lambda: ms.laplacian(lambda p: p.sum())(x2),
         ValueError, r"x: expected a batch of points of shape \(N, D\), got shape \(2,\)"),
    case("laplacian of a fn reducing over the points",
         lambda: ms.laplacian(lambda p: p.sum(axis=0))(points),
         ValueError, r"laplacian: fn must map the N = 3 points row by row to the rows of its "
                     r"output, shape \(3,\), \(3, 1\) or \(3, M\); got \(2,\)"),
    case("partial of a fn returning a scalar", lambda: ms.partial(lambda p: p.sum(), 0)(points),
         ValueError, r"partial: fn must map the N = 3 points row by row .*; got \(\)"),
    case("laplacian coords a float", lambda: ms.laplacian(lambda p: p.sum(axis=1), (0.5,)),
         TypeError, r"coords: expected coordinate indices \(ints\), got 0.5"),
    case("laplacian coords a str", lambda: ms.laplacian(lambda p: p.sum(axis=1), "01"),
         TypeError, r"coords: expected a tuple of coordinate indices \(ints\), got str"),
    case("laplacian coords empty", lambda: ms.laplacian(lambda p: p.sum(axis=1), ()),
         ValueError, r"coords: expected at least one coordinate index, got none"),
    case("laplacian coords repeated", lambda: ms.laplacian(lambda p: p.sum(axis=1), (0, 0)),
         ValueError, r"coords: coordinate indices must be distinct, got \(0, 0\)"),
    case("laplacian coords negative", lambda: ms.laplacian(lambda p: p.sum(axis=1), (-1,)),
         ValueError, r"coords: coordinate -1 is negative"),
    case("laplacian coords out of range",
         lambda: ms.laplacian(lambda p: p.sum(axis=1), (0, 2))(points),
         ValueError, r"coords: coordinate 2 is out of range for points with 2 coordinates"),
    case("point_hessian coords repeated",
         lambda: ms.point_hessian(lambda p: p.sum(axis=1), (1, 1)),
         ValueError, r"coords: coordinate indices must be distinct, got \(1, 1\)"),
    case("point_hessian coords out of range",
         lambda: ms.point_hessian(lambda p: p.sum(axis=1), (3,))(points),
         ValueError, r"coords: coordinate 3 is out of range for points with 2 coordinates"),
    case("point_hessian of a fn reducing over the points",
         lambda: ms.point_hessian(lambda p: p.sum())(points),
         ValueError, r"point_hessian: fn must map the N = 3 points row by row"),
    case("point_hessian of two arguments",
         lambda: ms.point_hessian(lambda p: p.sum(axis=1))(points, points),
         TypeError, r"point_hessian\(fn\) returns a function of one argument"),
    case("laplacian lower not a bool", lambda: ms.laplacian(lambda p: p.sum(axis=1), None, 1),
         TypeError, r"lower: expected a bool, got int"),
    case("bilaplacian of a fn reducing over the points",
         lambda: ms.bilaplacian(lambda p: p.sum(axis=0))(points),
         ValueError, r"bilaplacian: fn must map the N = 3 points row by row to the rows of "
                     r"its output, shape \(3,\), \(3, 1\) or \(3, M\); got \(2,\)"),
    case("bilaplacian of 1-d points", lambda: ms.bilaplacian(lambda p: p.sum())(x2),
         ValueError, r"x: expected a batch of points of shape \(N, D\), got shape \(2,\)"),
    case("bilaplacian coords repeated",
         lambda: ms.bilaplacian(lambda p: p.sum(axis=1), (1, 1)),
         ValueError, r"coords: coordinate indices must be distinct, got \(1, 1\)"),
    case("bilaplacian coords out of range",
         lambda: ms.bilaplacian(lambda p: p.sum(axis=1), (0, 2))(points),
         ValueError, r"coords: coordinate 2 is out of range for points with 2 coordinates"),
    case("bilaplacian lower not a bool",
         lambda: ms.bilaplacian(lambda p: p.sum(axis=1), lower="yes"),
         TypeError, r"lower: expected a bool, got str"),
    case("bilaplacian of two arguments", lambda: ms.bilaplacian(lambda x: x.sum(axis=1))(
        points, points),
        TypeError, r"bilaplacian\(fn\) returns a function of one argument"),
    case("bilaplacian of a fn not callable", lambda: ms.bilaplacian(3),
         TypeError, r"fn: expected a callable \(function or Cell\), got int"),
    case("bilaplacian_estimate with no samples",
         lambda: ms.bilaplacian_estimate(lambda p: p.sum(axis=1), 0),
         ValueError, r"samples: expected at least one random direction, got 0"),
    case("bilaplacian_estimate with a float sample count",
         lambda: ms.bilaplacian_estimate(lambda p: p.sum(axis=1), 1.5),
         TypeError, r"samples: expected a positive int \(the number of random directions\)"),
    case("bilaplacian_estimate with a str seed",
         lambda: ms.bilaplacian_estimate(lambda p: p.sum(axis=1), 2, seed="a"),
         TypeError, r"seed: expected an int or None, got 'a'"),
    case("bilaplacian_estimate of a fn reducing over the points",
         lambda: ms.bilaplacian_estimate(lambda p: p.sum(), 2)(points),
         ValueError, r"bilaplacian_estimate: fn must map the N = 3 points row by row .*; "
                     r"got \(\)"),
    case("partial index out of range", lambda: ms.partial(lambda p: p.sum(axis=1), 5)(points),
         ValueError, r"i: coordinate 5 is out of range for points with 2 coordinates"),
    case("partial index a float", lambda: ms.partial(lambda p: p.sum(axis=1), 0.5)(points),
         TypeError, r"i: expected a coordinate index \(int\), got 0.5"),

    # ----- Dual and HyperDual construction
    case("Dual tangent of the wrong shape", lambda: Dual(p2, np.ones(3)),
         ValueError, r"tangent: expected shape \(2,\) \(or one that broadcasts to it\), "
                     r"got \(3,\)"),
    case("Dual of a str", lambda: Dual("a", 1.0),
         TypeError, r"primal: expected a floating-point array \(float32 or float64\)"),
    case("Dual of an int array", lambda: Dual(np.array([1, 2]), 1.0),
         TypeError, r"primal: expected a floating-point array .* got dtype int64"),
    case("Dual with a None tangent", lambda: Dual(p2, None),
         TypeError, r"tangent: expected a real array, got dtype object"),
    case("batched Dual with a scalar tangent", lambda: Dual(p2, 1.0, batched=True),
         ValueError, r"tangent: batched=True needs a leading axis of directions"),
    case("batched Dual with a misshapen tangent", lambda: Dual(p2, np.ones((3, 3)),
                                                                batched=True),
         ValueError, r"tangent: expected shape \(K,\) \+ \(2,\)"),
    case("batched Dual with a tangent without the directions' axis",
         lambda: Dual(p2, np.ones(2), batched=True),
         ValueError, r"tangent: batched=True needs a leading axis of directions, expected "
                     r"shape \(K,\) \+ \(2,\), got \(2,\)"),
    case("batched HyperDual with an e12 without the directions' axis", lambda: HyperDual(
        p2, np.ones((3, 2)), np.ones((3, 2)), np.zeros(2), batched=True),
        ValueError, r"e12: batched=True needs a leading axis of directions"),
    case("Duals with different numbers of directions", lambda: _batched_duals(3, 4),
         ValueError, r"direction"),
    case("HyperDual collapsed without batched", lambda: HyperDual(p2, 1.0, 1.0, 0.0,
                                                                  collapsed=True),
         ValueError, r"HyperDual: collapsed=True needs batched=True"),
    case("HyperDual e1 and e2 with different batches", lambda: HyperDual(
        p2, np.ones((3, 2)), np.ones((4, 2)), np.zeros((3, 2)), batched=True),
        ValueError, r"HyperDual: e2 must carry 3 directions like e1, got 4"),
    case("HyperDual e12 with another batch", lambda: HyperDual(
        p2, np.ones((3, 2)), np.ones((3, 2)), np.zeros((4, 2)), batched=True),
        ValueError, r"HyperDual: e12 must carry 3 directions like e1, got 4"),
    case("HyperDual e1 of the wrong shape", lambda: HyperDual(p2, np.ones(3), 1.0, 0.0),
         ValueError, r"e1: expected shape \(2,\)"),
    case("collapsed HyperDual e12 with directions", lambda: HyperDual(
        p2, np.ones((3, 2)), np.ones((3, 2)), np.zeros((3, 2)), batched=True, collapsed=True),
        ValueError, r"e12: expected shape \(2,\)"),
    case("collapsed times uncollapsed HyperDual", _collapsed_times_uncollapsed,
         ValueError, r"mul: cannot combine a collapsed HyperDual with one that keeps"),
    case("HyperDuals with different numbers of directions", lambda: _batched_hyperduals(3, 4),
         ValueError, r"direction"),
    case("a Dual as a NumPy array", lambda: np.asarray(Dual(p2, 1.0)),
         TypeError, r"a Dual that carries derivatives cannot become a NumPy array"),
    case("a HyperDual as a float", lambda: float(HyperDual(np.array(1.0), 1.0, 1.0, 0.0)),
         TypeError, r"a HyperDual that carries derivatives cannot become a Python float"),

    # ----- optimizers
    case("AdaFactor with a learning rate and relative_step", lambda: nn.AdaFactor(
        [w], learning_rate=0.1), ValueError,
         r"For 'AdaFactor', a learning_rate cannot be given with relative_step=True"),
    case("AdaFactor with one eps", lambda: nn.AdaFactor([w], eps=(1e-30,)),
         ValueError, r"For 'AdaFactor', 'eps' must be a tuple of 2 floats"),
    case("AdaFactor with decay_rate 1", lambda: nn.AdaFactor([w], decay_rate=1.0),
         ValueError, r"For 'AdaFactor', 'decay_rate' must be < 1.0, got 1.0"),
    case("LARS of a list of Parameters", lambda: nn.LARS([w]),
         TypeError, r"For 'LARS', 'optimizer' must be an Optimizer"),
    case("LARS with an int coefficient", lambda: nn.LARS(nn.Momentum([w], 0.1, 0.9),
                                                         coefficient=1),
         TypeError, r"For 'LARS', 'coefficient' must be a float, got int"),
    case("SyncBatchNorm grouped with a second rank", lambda: nn.SyncBatchNorm(
        2, process_groups=[[0, 1]]), ValueError,
         r"SyncBatchNorm: the rank ids in process_groups must be in \[0, 1\)"),
    case("SyncBatchNorm fed a 3-D input", lambda: nn.SyncBatchNorm(2)(
        Tensor(np.ones((2, 2, 3), np.float32))),
         ValueError, r"SyncBatchNorm: x must have 2 or 4 dims, got 3"),
    case("mint SyncBatchNorm fed a 5-D input", lambda: ms.mint.nn.SyncBatchNorm(2)(
        Tensor(np.ones((2, 2, 1, 1, 1), np.float32))),
         ValueError, r"SyncBatchNorm: input must be 2-D or 3-D or 4-D"),
    case("ReduceLROnPlateau with factor 1", lambda: ms.train.ReduceLROnPlateau(factor=1.0),
         ValueError, r"For 'ReduceLROnPlateau', 'factor' must be in \(0.0, 1.0\)"),
    case("LearningRateScheduler of a number", lambda: ms.train.LearningRateScheduler(0.1),
         TypeError, r"'learning_rate_function' must be callable"),
    case("OnRequestExit on SIGKILL", lambda: ms.train.OnRequestExit(
        save_ckpt=False, save_mindir=False, sig=9),
         ValueError, r"For 'OnRequestExit', SIGKILL cannot be caught"),
    case("BackupAndRestore every 0 epochs", lambda: ms.train.BackupAndRestore(
        _tmp("backup"), save_freq=0), ValueError,
         r"For 'BackupAndRestore', 'save_freq' must be 'epoch' or a positive integer"),
    case("Lamb with an int beta1", lambda: nn.Lamb([w], 0.1, beta1=1),
         TypeError, r"Lamb: beta1 must be a float, got int"),
    case("Lamb with beta2 1", lambda: nn.Lamb([w], 0.1, beta2=1.0),
         ValueError, r"For 'Lamb', 'beta2' must be < 1.0, got 1.0"),
    case("Lamb with eps 0", lambda: nn.Lamb([w], 0.1, eps=0.0),
         ValueError, r"For 'Lamb', 'eps' must be > 0.0, got 0.0"),
    case("Lamb with a negative weight_decay", lambda: nn.Lamb([w], 0.1, weight_decay=-1.0),
         ValueError, r"For 'Lamb', 'weight_decay' must be >= 0.0, got -1.0"),
    case("Lamb without a learning rate", lambda: nn.Lamb([w]),
         TypeError, r"missing 1 required positional argument: 'learning_rate'"),
    case("SGD of Tensors", lambda: _sgd([Tensor([1.0])], 0.1),
         TypeError, r"For 'SGD', every element of params must be a Parameter"),
    case("SGD of one Parameter", lambda: _sgd(w, 0.1),
         TypeError, r"For 'SGD', params must be a list of Parameters .* got a single Parameter"),
    case("SGD of nothing", lambda: _sgd([], 0.1),
         ValueError, r"For 'SGD', params must not be empty"),
    case("SGD with a negative rate", lambda: _sgd([w], -0.1),
         ValueError, r"For 'SGD', 'learning_rate' must be >= 0.0, got -0.1"),
    case("SGD with a str rate", lambda: _sgd([w], "fast"),
         TypeError, r"For 'SGD', learning_rate must be a float"),
    case("SGD with a parameter twice", lambda: _sgd([w, w], 0.1),
         ValueError, r"For 'SGD', parameter 'w' appears twice in params"),
    case("SGD of an int Parameter", lambda: _sgd([Parameter(Tensor([1, 2]), name="i")], 0.1),
         TypeError, r"For 'SGD', parameter 'i' must be a float tensor to be optimized"),
    case("Adam of an empty Parameter", lambda: nn.Adam(
        [w, Parameter(Tensor(np.zeros((0,), np.float32)), name="e")]),
         ValueError, r"For 'Adam', parameter 'e' has no elements \(shape \(0,\)\)"),
    case("optimizer step with too many gradients", lambda: _step((x2, x2)),
         ValueError, r"For 'SGD', expected 1 gradient\(s\), one per parameter \['w'\], got 2"),
    case("optimizer step with a misshapen gradient", lambda: _step((Tensor([1.0, 2.0, 3.0]),)),
         ValueError, r"For 'SGD', gradient 0 must have the shape \(2,\) of parameter 'w', "
                     r"got \(3,\)"),
    case("optimizer step with a bare Tensor", lambda: _step(x2),
         TypeError, r"For 'SGD', gradients must be a tuple of Tensors"),
    case("optimizer step with a None gradient", lambda: _step((None,)),
         TypeError, r"For 'SGD', gradient 0 must be a Tensor, got NoneType"),
    case("Adam with beta1 = 1", lambda: nn.Adam([w], beta1=1.0),
         ValueError, r"For 'Adam', 'beta1' must be < 1.0, got 1.0"),
    case("Adam with eps = 0", lambda: nn.Adam([w], eps=0.0),
         ValueError, r"For 'Adam', 'eps' must be > 0.0, got 0.0"),
    case("Adam with an unknown option", lambda: nn.Adam([w], foo=1),
         TypeError, r"For 'Adam', unexpected keyword argument\(s\) \['foo'\]"),
    case("SGD group with an unknown key", lambda: _sgd([{"params": [w], "foo": 1}], 0.1),
         ValueError, r"For 'SGD', group 0 must have a 'params' key"),
    case("SGD of two parameters of one name", lambda: _sgd(
        [w, Parameter(Tensor([1.0]), name="w")], 0.1),
        ValueError, r"For 'SGD', two parameters are named 'w': the optimizer's state and "
                    r"checkpoints are named after the parameters"),
    case("a parameter named like the optimizer's state", lambda: nn.Adam(
        [Parameter(Tensor([1.0]), name="beta1_power")]),
        ValueError, r"For 'Adam', the name 'beta1_power' is taken twice"),
    case("mint Adam with an int rate", lambda: mint.optim.Adam([w], lr=1),
         TypeError, r"For 'Adam', the type of 'lr' should be 'float', but got int"),
    case("mint Adam with betas of three", lambda: mint.optim.Adam([w], betas=(0.9, 0.9, 0.9)),
         ValueError, r"For 'Adam', 'betas' must hold 2 floats, but got 3"),
    case("mint AdamW with beta2 = 1", lambda: mint.optim.AdamW([w], betas=(0.9, 1.0)),
         ValueError, r"For 'AdamW', 'betas\[1\]' must be in \[0.0, 1.0\), but got 1.0"),
    case("mint FusedAdamW with a negative eps", lambda: mint.optim.FusedAdamW([w], eps=-1.0),
         ValueError, r"For 'FusedAdamW', 'eps' must be >= 0.0, but got -1.0"),
    case("mint Adam with a str amsgrad", lambda: mint.optim.Adam([w], amsgrad="yes"),
         TypeError, r"For 'Adam', the type of 'amsgrad' should be 'bool', but got str"),
    case("mint SGD with nesterov and no momentum", lambda: mint.optim.SGD([w], 0.1, nesterov=True),
         ValueError, r"For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0"),
    case("mint SGD with a negative momentum", lambda: mint.optim.SGD([w], 0.1, momentum=-1),
         ValueError, r"For 'SGD', 'momentum' must be >= 0, but got -1"),
    case("mint SGD with a list rate", lambda: mint.optim.SGD([w], [0.1]),
         TypeError, r"For 'SGD', the type of 'lr' should be one of 'float', 'int', 'bool', "
                    r"'Tensor', but got list"),
    case("mint SGD of nothing", lambda: mint.optim.SGD([], 0.1),
         ValueError, r"For 'SGD', the argument params must not be empty"),
    case("mint SGD of a set group", lambda: mint.optim.SGD([{"params": {w}}], 0.1),
         TypeError, r"For 'SGD', a group's params must be an ordered collection"),
    case("mint SGD group with a str rate",
         lambda: mint.optim.SGD([{"params": [w], "lr": "x"}], 0.1),
         TypeError, r"For 'SGD', the argument 'lr' must be int, float or Tensor, but got str"),
    case("mint Adam group with a negative weight decay",
         lambda: mint.optim.Adam([{"params": [w], "weight_decay": -1.0}]),
         ValueError, r"For 'Adam', the 'weight_decay' must be a non-negative float, but got -1.0"),
    case("Accuracy of an unknown eval_type", lambda: nn.Accuracy("regression"),
         TypeError, r"For 'Accuracy', the argument 'eval_type' must be in \['classification', "
                    r"'multilabel'\], but got 'regression'"),
    case("Fbeta with beta 0", lambda: nn.Fbeta(0),
         ValueError, r"For 'Fbeta', the argument 'beta' must be greater than 0, but got 0"),
    case("TopKCategoricalAccuracy with a float k", lambda: nn.TopKCategoricalAccuracy(2.0),
         TypeError, r"For 'TopKCategoricalAccuracy', the type of 'k' should be 'int', but got "
                    r"float"),
    case("TopKCategoricalAccuracy with k 0", lambda: nn.TopKCategoricalAccuracy(0),
         ValueError, r"For 'TopKCategoricalAccuracy', the argument 'k' must be at least 1"),
    case("Perplexity with a float ignore_label", lambda: nn.Perplexity(ignore_label=1.0),
         TypeError, r"For 'Perplexity', the type of 'ignore_label' should be 'int', but got "
                    r"float"),
    case("ConfusionMatrix with a float class count", lambda: nn.ConfusionMatrix(2.0),
         TypeError, r"For 'ConfusionMatrix', the type of 'num_classes' should be 'int'"),
    case("ConfusionMatrix with an unknown normalize", lambda: nn.ConfusionMatrix(2, "rows"),
         ValueError, r"For 'ConfusionMatrix', the argument 'normalize' must be one of "
                     r"\('target', 'prediction', 'all', 'no_norm'\), but got 'rows'"),
    case("ConfusionMatrix with an int threshold", lambda: nn.ConfusionMatrix(2, threshold=1),
         TypeError, r"For 'ConfusionMatrix', the type of 'threshold' should be 'float', but "
                    r"got int"),
    case("CosineSimilarity with an unknown reduction", lambda: nn.CosineSimilarity(
        reduction="max"), ValueError, r"For 'CosineSimilarity', the argument 'reduction' must "
                                      r"be one of \('none', 'sum', 'mean'\), but got 'max'"),
    case("CosineSimilarity with an int zero_diagonal", lambda: nn.CosineSimilarity(
        zero_diagonal=1), TypeError, r"For 'CosineSimilarity', the type of 'zero_diagonal' "
                                     r"should be 'bool', but got int"),
    case("Dice with a negative smooth", lambda: nn.Dice(-1.0),
         ValueError, r"For 'Dice', the argument 'smooth' must be a positive float, but got -1.0"),
    case("Dice with an int smooth", lambda: nn.Dice(1),
         TypeError, r"For 'Dice', the type of 'smooth' should be 'float', but got int"),
    case("Accuracy update with one input", lambda: nn.Accuracy().update(x2),
         ValueError, r"For 'Accuracy.update', it needs 2 input\(s\) \(predicted value, true "
                     r"value\), but got 1"),
    case("Precision update with labels beyond the classes", lambda: nn.Precision().update(
        m23, Tensor([0, 5])), ValueError, r"For 'Precision.update', the true values hold class "
                                          r"5, but the predictions have 3 classes"),
    case("ROC with a float class_num", lambda: nn.ROC(class_num=2.0),
         TypeError, r"For 'ROC', the type of 'class_num' should be 'int', but got float"),
    case("ROC with a class_num for a binary problem", lambda: nn.ROC(class_num=3)(
        x2, Tensor([0, 1])), ValueError, r"For 'ROC', when the predictions have the true "
                                         r"values' dimensions \(a binary problem\), 'class_num' "
                                         r"must be None or 1, but got 3"),
    case("ROC with a pos_label for a multiclass problem", lambda: nn.ROC(3, pos_label=1)(
        m23, Tensor([0, 2])), ValueError, r"For 'ROC', when the predictions have one more "
                                          r"dimension .* 'pos_label' must be None, but got 1"),
    case("ROC of labels with no negative", lambda: nn.ROC()(x2, Tensor([1, 1])),
         ValueError, r"For 'ROC.eval', the true values hold no negative sample"),
    case("auc of lists", lambda: nn.auc([0.0, 1.0], np.array([0.0, 1.0])),
         TypeError, r"For 'auc', 'x' and 'y' must be numpy.ndarray, but got list and ndarray"),
    case("auc of an x that turns", lambda: nn.auc(np.array([0.0, 1.0, 0.5]), np.zeros(3)),
         ValueError, r"For 'auc', 'x' must rise or fall throughout unless 'reorder' is True"),
    case("auc of one point", lambda: nn.auc(np.array([0.5]), np.array([0.5])),
         ValueError, r"For 'auc', the curve needs at least 2 points, but got 1"),
    case("ConfusionMatrixMetric of an unknown measure", lambda: nn.ConfusionMatrixMetric(
        metric_name="recallish"), ValueError, r"For 'ConfusionMatrixMetric', the argument "
                                              r"'metric_name' must name a measure of the "
                                              r"confusion matrix .* but got 'recallish'"),
    case("ConfusionMatrixMetric with an int skip_channel", lambda: nn.ConfusionMatrixMetric(1),
         TypeError, r"For 'ConfusionMatrixMetric', the type of 'skip_channel' should be 'bool', "
                    r"but got int"),
    case("ConfusionMatrixMetric with an unknown decrease", lambda: nn.ConfusionMatrixMetric(
        decrease="max"), ValueError, r"For 'ConfusionMatrixMetric', the argument 'decrease' "
                                     r"must be one of \('none', 'mean', .*\), but got 'max'"),
    case("ConfusionMatrixMetric per sample of a classification",
         lambda: nn.ConfusionMatrixMetric(calculation_method=True).update(m23, m23),
         ValueError, r"For 'ConfusionMatrixMetric.update', 'calculation_method' True measures "
                     r"each sample's class maps, .* set it False"),
    case("ConfusionMatrixMetric of soft true values", lambda: nn.ConfusionMatrixMetric().update(
        m23, m23 * 0.5), ValueError, r"For 'ConfusionMatrixMetric.update', the true values must "
                                     r"be binarised: integers in \[0, 255\]"),
    case("HausdorffDistance with an unknown distance_metric", lambda: nn.HausdorffDistance(
        "minkowski"), ValueError, r"For 'HausdorffDistance', the argument 'distance_metric' must "
                                  r"be one of \('euclidean', 'chessboard', 'taxicab'\), but got "
                                  r"'minkowski'"),
    case("HausdorffDistance with an int percentile", lambda: nn.HausdorffDistance(percentile=95),
         TypeError, r"For 'HausdorffDistance', the type of 'percentile' should be 'float', but "
                    r"got int"),
    case("HausdorffDistance with a percentile above 100", lambda: nn.HausdorffDistance(
        percentile=150.0), ValueError, r"For 'HausdorffDistance', the argument 'percentile' must "
                                       r"be in \[0, 100\], but got 150.0"),
    case("HausdorffDistance with an int crop", lambda: nn.HausdorffDistance(crop=0),
         TypeError, r"For 'HausdorffDistance', the type of 'crop' should be 'bool', but got int"),
    case("HausdorffDistance update with a str label", lambda: nn.HausdorffDistance().update(
        m23, m23, "1"), TypeError, r"For 'HausdorffDistance.update', the label index \(input"
                                   r"\[2\]\) must be an int or a float, but got str"),
    case("MeanSurfaceDistance update with an absent label", lambda: nn.MeanSurfaceDistance(
    ).update(m23, m23, 7), ValueError, r"For 'MeanSurfaceDistance.update', the label index "
                                       r"\(input\[2\]\) must occur in the predicted or the "
                                       r"true value, but 7 does not"),
    case("RootMeanSquareDistance with an int symmetric", lambda: nn.RootMeanSquareDistance(1),
         TypeError, r"For 'RootMeanSquareDistance', the type of 'symmetric' should be 'bool', "
                    r"but got int"),
    case("RootMeanSquareDistance update of two shapes", lambda: nn.RootMeanSquareDistance(
    ).update(m23, m45, 1), ValueError, r"For 'RootMeanSquareDistance.update', the predicted and "
                                       r"true values must be non-empty and of one shape, but "
                                       r"got shapes \(2, 3\) and \(4, 5\)"),
    case("BleuScore with n_gram 5", lambda: nn.BleuScore(5),
         ValueError, r"For 'BleuScore', the argument 'n_gram' must be in \[1, 4\], but got 5"),
    case("BleuScore with a float n_gram", lambda: nn.BleuScore(2.0),
         TypeError, r"For 'BleuScore', the type of 'n_gram' should be 'int', but got float"),
    case("BleuScore with an int smooth", lambda: nn.BleuScore(smooth=1),
         TypeError, r"For 'BleuScore', the type of 'smooth' should be 'bool', but got int"),
    case("BleuScore update of corpora of two lengths", lambda: nn.BleuScore().update(
        [["a"]], [[["a"]], [["b"]]]), ValueError, r"For 'BleuScore.update', 'candidate_corpus' "
                                                  r"and 'reference_corpus' must be of one "
                                                  r"length, but got 1 and 2"),
    case("BleuScore update of a str corpus", lambda: nn.BleuScore().update("a b", [[["a"]]]),
         TypeError, r"For 'BleuScore.update', 'candidate_corpus' must be a list, but got str"),
    case("OcclusionSensitivity with an int pad_val", lambda: nn.OcclusionSensitivity(0),
         TypeError, r"For 'OcclusionSensitivity', the type of 'pad_val' should be 'float', but "
                    r"got int"),
    case("OcclusionSensitivity with a float margin", lambda: nn.OcclusionSensitivity(
        margin=1.5), TypeError, r"For 'OcclusionSensitivity', the type of 'margin' should be "
                                r"'int' or 'list', but got float"),
    case("OcclusionSensitivity with a list margin of floats", lambda: nn.OcclusionSensitivity(
        margin=[1.0]), TypeError, r"For 'OcclusionSensitivity', a list 'margin' must hold ints"),
    case("OcclusionSensitivity with a tuple b_box", lambda: nn.OcclusionSensitivity(
        b_box=(0, 1)), TypeError, r"For 'OcclusionSensitivity', the type of 'b_box' should be "
                                  r"'list', but got tuple"),
    case("OcclusionSensitivity update of a function", lambda: nn.OcclusionSensitivity().update(
        abs, m23[:1], Tensor(0)), TypeError, r"For 'OcclusionSensitivity.update', the model "
                                             r"\(input\[0\]\) must be a Cell, but got "
                                             r"builtin_function_or_method"),
    case("OcclusionSensitivity update with a b_box beyond the image", lambda:
         nn.OcclusionSensitivity(b_box=[0, 3]).update(nn.Dense(3, 2), m23[:1], Tensor(0)),
         ValueError, r"For 'OcclusionSensitivity', the maxima of 'b_box' must be below the "
                     r"image's shape \(3,\), but got \[3\]"),
    case("OcclusionSensitivity update with a margin per axis too many",
         lambda: nn.OcclusionSensitivity(margin=[1, 1]).update(nn.Dense(3, 2), m23[:1],
                                                                Tensor(0)),
         ValueError, r"For 'OcclusionSensitivity', a list 'margin' must hold one value per axis "
                     r"of the image \(1\), but got \[1, 1\]"),
    case("SGD with a Cell as the rate", lambda: _sgd([w], nn.Dense(2, 2)),
         TypeError, r"For 'SGD', learning_rate must be a float, .* a LearningRateSchedule or a "
                    r"callable of the step, got Dense"),
    case("a learning-rate callable returning two rates", lambda: _sgd([w], lambda step: [0.1, 0.2])(
        (x2,)), ValueError, r"the learning-rate callable must give one number, got shape \(2,\)"),
    case("get_lr_parameter of a str", lambda: _sgd([w], 0.1).get_lr_parameter("w"),
         TypeError, r"For 'get_lr_parameter', the 'param' must be a Parameter or a list of "
                    r"Parameters, got str"),
    case("get_lr_parameter of a list of str", lambda: _sgd([w], 0.1).get_lr_parameter(["w"]),
         TypeError, r"For 'SGD', the elements of 'param' must be Parameters, got str"),
    case("get_lr_parameter of a foreign parameter", lambda: _sgd([w], 0.1).get_lr_parameter(
        Parameter(Tensor([1.0]), name="zz")),
        ValueError, r"For 'get_lr_parameter', the parameter 'zz' is not in the optimizer"),

    # ----- learning-rate schedules and lists (MindSpore's types and ranges)
    case("ExponentialDecayLR with an int rate", lambda: nn.ExponentialDecayLR(1, 0.9, 4),
         TypeError, r"For 'ExponentialDecayLR', 'learning_rate' must be a float, got int"),
    case("ExponentialDecayLR with 0 decay steps", lambda: nn.ExponentialDecayLR(0.1, 0.9, 0),
         ValueError, r"For 'ExponentialDecayLR', 'decay_steps' must be an int > 0, got 0"),
    case("ExponentialDecayLR with float decay steps", lambda: nn.ExponentialDecayLR(
        0.1, 0.9, 4.0), TypeError, r"For 'ExponentialDecayLR', 'decay_steps' must be an int, "
                                   r"got float"),
    case("NaturalExpDecayLR with a negative decay rate", lambda: nn.NaturalExpDecayLR(
        0.1, -0.9, 4), ValueError, r"For 'NaturalExpDecayLR', 'decay_rate' must be a finite "
                                   r"float > 0.0, got -0.9"),
    case("InverseDecayLR with is_stair=1", lambda: nn.InverseDecayLR(0.1, 0.9, 4, 1),
         TypeError, r"For 'InverseDecayLR', 'is_stair' must be a bool, got int"),
    case("ExponentialDecayLR with a nan rate", lambda: nn.ExponentialDecayLR(
        float("nan"), 0.9, 4), ValueError, r"'learning_rate' must be a finite float > 0.0, "
                                           r"got nan"),
    case("CosineDecayLR with min_lr above max_lr", lambda: nn.CosineDecayLR(0.1, 0.01, 4),
         ValueError, r"For 'CosineDecayLR', 'max_lr' must be greater than 'min_lr', got "
                     r"max_lr 0.01, min_lr 0.1"),
    case("CosineDecayLR with an int min_lr", lambda: nn.CosineDecayLR(0, 0.1, 4),
         TypeError, r"For 'CosineDecayLR', 'min_lr' must be a float, got int"),
    case("PolynomialDecayLR with a negative power", lambda: nn.PolynomialDecayLR(
        0.1, 0.01, 4, -1.0), ValueError, r"For 'PolynomialDecayLR', 'power' must be a finite "
                                         r"float > 0.0, got -1.0"),
    case("PolynomialDecayLR with a str flag", lambda: nn.PolynomialDecayLR(
        0.1, 0.01, 4, 0.5, "yes"), TypeError, r"For 'PolynomialDecayLR', 'update_decay_steps' "
                                              r"must be a bool, got str"),
    case("WarmUpLR with a negative rate", lambda: nn.WarmUpLR(-0.1, 2),
         ValueError, r"For 'WarmUpLR', 'learning_rate' must be a finite float >= 0.0, "
                     r"got -0.1"),
    case("a schedule called with a str", lambda: nn.WarmUpLR(0.1, 2)("3"),
         TypeError, r"For 'WarmUpLR', 'global_step' must be a Tensor of the step number, "
                    r"got str"),
    case("piecewise_constant_lr with falling milestones", lambda: nn.piecewise_constant_lr(
        [2, 1], [0.1, 0.2]), ValueError, r"For 'piecewise_constant_lr', 'milestone' must not "
                                         r"decrease, got milestone\[1\] = 1 after "
                                         r"milestone\[0\] = 2"),
    case("piecewise_constant_lr of unequal lengths", lambda: nn.piecewise_constant_lr(
        [2], [0.1, 0.2]), ValueError, r"'milestone' and 'learning_rates' must have the same "
                                      r"length, got 1 and 2"),
    case("piecewise_constant_lr with an int rate", lambda: nn.piecewise_constant_lr([2], [1]),
         TypeError, r"For 'piecewise_constant_lr', 'learning_rates\[0\]' must be a float, "
                    r"got int"),
    case("exponential_decay_lr of 0 steps", lambda: nn.exponential_decay_lr(0.1, 0.9, 0, 1, 1),
         ValueError, r"For 'exponential_decay_lr', 'total_step' must be an int > 0, got 0"),
    case("cosine_decay_lr with equal bounds", lambda: nn.cosine_decay_lr(0.1, 0.1, 10, 1, 1),
         ValueError, r"For 'cosine_decay_lr', 'max_lr' must be greater than 'min_lr'"),
    case("warmup_lr of 0 warm-up epochs", lambda: nn.warmup_lr(0.1, 10, 1, 0),
         ValueError, r"For 'warmup_lr', 'warmup_epoch' must be an int > 0, got 0"),
    case("polynomial_decay_lr with an int power", lambda: nn.polynomial_decay_lr(
        0.1, 0.01, 10, 1, 1, 1), TypeError, r"For 'polynomial_decay_lr', 'power' must be a "
                                            r"float, got int"),

    # ----- checkpoints
    case("load a missing checkpoint", lambda: load_checkpoint(_tmp("missing.ckpt")),
         ValueError, r"load_checkpoint: the checkpoint file ckpt_file_name='.*missing.ckpt' "
                     r"does not exist"),
    case("load a corrupted checkpoint", lambda: load_checkpoint(_corrupted()),
         ValueError, r"corrupted: its SHA-256 checksum does not match"),
    case("load a truncated checkpoint", lambda: load_checkpoint(_truncated()),
         ValueError, r"is truncated: its header announces \d+ bytes, the file has \d+"),
    case("load a pickle", lambda: load_checkpoint(_file_with("p.ckpt", pickle.dumps([1]))),
         ValueError, r"is not a dualgrad checkpoint .* it looks like a Python pickle"),
    case("load into a net of other shapes", lambda: load_checkpoint(_saved_dense(),
                                                                    net=nn.Dense(4, 2)),
         ValueError, r"'weight': the net's shape is \(2, 4\), the checkpoint's \('weight'\) "
                     r"is \(2, 3\)"),
    case("strict load into a net of other names", lambda: load_param_into_net(
        nn.SequentialCell(nn.Dense(3, 2)), load_checkpoint(_saved_dense()), strict_load=True),
        ValueError, r"no value for 2 parameter\(s\) of the net: \['0.weight', '0.bias'\]"),
    case("load_param_into_net into a non-Cell", lambda: load_param_into_net(
        object(), load_checkpoint(_saved_dense())),
        TypeError, r"load_param_into_net: net must be a Cell, got object"),
    case("load_param_into_net from a list", lambda: load_param_into_net(nn.Dense(3, 2), [1]),
         TypeError, r"load_param_into_net: parameter_dict must be a dict"),
    case("load_param_into_net from ints", lambda: load_param_into_net(nn.Dense(3, 2),
                                                                      {"weight": 1}),
         TypeError, r"parameter_dict must map str names to Parameters, got str -> int"),
    case("load with strict_load not a bool", lambda: load_checkpoint(_saved_dense(),
                                                                     strict_load=1),
         TypeError, r"load_checkpoint: strict_load must be a bool, got int"),
    case("save an int", lambda: save_checkpoint(42, _tmp("x.ckpt")),
         TypeError, r"save_checkpoint: save_obj must be a Cell, a list of Parameters"),
    case("save a list with a Tensor", lambda: save_checkpoint([x2], _tmp("x.ckpt")),
         TypeError, r"save_checkpoint: save_obj\[0\] must be a Parameter"),
    case("save two items of one name", lambda: save_checkpoint(
        [{"name": "a", "data": x2}, {"name": "a", "data": x2}], _tmp("x.ckpt")),
        ValueError, r"save_checkpoint: the name 'a' appears twice"),
    case("save a complex array", lambda: save_checkpoint({"c": np.ones(2, complex)},
                                                         _tmp("x.ckpt")),
         TypeError, r"save_obj\['c'\] has dtype complex128, which a checkpoint cannot hold"),
    case("save to a path that is an int", lambda: save_checkpoint([w], 7),
         TypeError, r"save_checkpoint: ckpt_file_name must be a str \(a file path\), got int"),
    case("save with encryption", lambda: save_checkpoint([w], _tmp("x.ckpt"), enc_key=b"k"),
         ValueError, r"save_checkpoint: encryption \(enc_key\) is not supported"),
    case("save with an object in append_dict", lambda: save_checkpoint(
        [w], _tmp("x.ckpt"), append_dict={"opt": object()}),
        TypeError, r"append_dict\['opt'\] must be an int, float, str or Tensor, got object"),
    case("save into a missing directory", lambda: save_checkpoint(
        [w], _tmp("missing/x.ckpt")),
        ValueError, r"save_checkpoint: ckpt_file_name '.*missing/x.ckpt' is in a directory"),

    # ----- dtypes a Tensor or the engine cannot hold
    case("Tensor of float128", lambda: Tensor(np.ones(2, np.longdouble)),
         TypeError, r"input_data: dtype float128 is not supported"),
    case("Tensor of complex", lambda: Tensor(np.ones(2, complex)),
         TypeError, r"input_data: dtype complex128 is not supported"),
    case("sin of a float128 array", lambda: ops.sin(np.ones(2, np.longdouble)),
         TypeError, r"sin: expected float16, float32 or float64, got float128"),
    case("Dual of float128", lambda: Dual(np.ones(2, np.longdouble), np.ones(2)),
         TypeError, r"primal: expected a floating-point array"),
    case("Tensor times a complex number", lambda: x2 * (1 + 2j),
         TypeError, r"mul: expected real numbers, got an operand of type complex"),
    case("Dual plus a complex array", lambda: Dual(p2, np.ones(2)) + np.ones(2, complex),
         TypeError, r"add: expected real numbers"),
    case("from_numpy of a list", lambda: Tensor.from_numpy([1.0]),
         TypeError, r"array: expected a NumPy array, got list"),
    case("where with a None branch", lambda: ops.where(Tensor([True, False]), None, x2),
         TypeError, r"where: x must be numbers, got NoneType"),

    # ----- values a transform is differentiating
    case("float() of a traced Tensor", lambda: ms.grad(lambda t: float(t.sum()))(x2),
         TypeError, r"cannot become a Python float: that would drop them"),
    case("math.sin of a traced Tensor", lambda: ms.grad(
        lambda t: __import__("math").sin(t[0]))(x2),
        TypeError, r"cannot become a Python float"),
    case("int() of a traced Tensor", lambda: ms.grad(lambda t: t * int(t[0]))(x2),
         TypeError, r"cannot become a Python int"),
    case("np.asarray of a traced Tensor", lambda: ms.grad(
        lambda t: Tensor(np.asarray(t) * 2.0).sum())(x2),
        TypeError, r"cannot become a NumPy array"),
    case("set_context with an unknown mode", lambda: ms.set_context(mode=5),
         ValueError, r"mode: expected PYNATIVE_MODE \(1\) or GRAPH_MODE \(0\), got 5"),

    case("grad of a function closing over a hand-made Dual", lambda: ms.grad(
        lambda z: (dual_tensor * z * z).sum())(x2.astype(ms.float64)),
        ValueError, r"fn's output mixes a hand-made Dual or HyperDual made outside"),
    case("jvp of a function closing over a hand-made Dual", lambda: ms.jvp(
        lambda z: (dual_tensor * z).sum(), x2.astype(ms.float64),
        Tensor(np.ones(2))), ValueError, r"cannot be separated"),

    case("item assignment out of range", lambda: Tensor([1.0, 2.0]).__setitem__(5, 1.0),
         ValueError, r"index 5 is invalid for shape \(2,\)"),
    case("matmul with a str", lambda: ops.matmul(Tensor(np.ones((2, 2))), "ab"),
         TypeError, r"matmul: b must be an array of numbers"),
    case("matmul of unbroadcastable batches", lambda: ops.matmul(
        Tensor(np.ones((2, 2, 3))), Tensor(np.ones((3, 3, 4)))),
        ValueError, r"matmul: the batch dimensions of shapes \(2, 2, 3\) and \(3, 3, 4\)"),
    case("arange with step 0", lambda: ops.arange(0, 1, 0),
         ValueError, r"arange: step must be nonzero, got 0"),

    # ----- weights
    case("the same weight twice", lambda: ms.grad(lambda x: x * w, None, weights=[w, w]),
         ValueError, r"weights\[1\]: Parameter 'w' appears more than once"),
    case("an integer weight", lambda: ms.grad(
        lambda x: x, None, weights=[Parameter(Tensor(np.array([1, 2])), name="n")]),
        TypeError, r"weights\[0\]: can only differentiate floating-point Parameters, 'n'"),
    case("set_data of another shape", lambda: Parameter(x2, name="q").set_data(
        Tensor([1.0, 2.0, 3.0])),
        ValueError, r"set_data: Parameter 'q' has shape \(2,\), the new data has shape \(3,\)"),
    case("set_data with objects", lambda: Parameter(x2, name="q").set_data(
        np.array([None, None])),
        TypeError, r"set_data: expected numbers, got dtype object"),

    # ----- limits and hyperparameters
    case("derivative of order 60", lambda: ops.derivative(ops.sin, x2, 60),
         ValueError, r"order: at most 16, got 60"),
    case("derivative of a function returning a str", lambda: ops.derivative(lambda x: "a", x2, 1),
         TypeError, r"fn must return a Tensor or a tuple of Tensors, got str"),
    case("check_grads of order 'a'", lambda: check_grads(ops.sin, (x2,), order="a"),
         TypeError, r"^order: expected a positive int, got 'a'$"),
    case("check_grads of order 0", lambda: check_grads(ops.sin, (x2,), order=0),
         ValueError, r"^order: expected a positive int, got 0$"),
    case("check_grads of order 100", lambda: check_grads(ops.sin, (x2,), order=100),
         ValueError, r"order: at most 8, got 100"),
    case("check_grads with eps 0", lambda: check_grads(ops.sin, (x2,), eps=0),
         ValueError, r"eps: expected a finite number > 0, got 0"),
    case("check_grads with a negative rtol", lambda: check_grads(
        ops.sin, (x2,), rtol=-1.0), ValueError, r"rtol: expected a finite number >= 0"),
    case("SGD with a nan learning rate", lambda: _sgd([w], float("nan")),
         ValueError, r"'learning_rate' must be a number, got nan"),
    case("a nan in a learning-rate list", lambda: _sgd([w], [0.1, float("nan")]),
         ValueError, r"learning rates must be >= 0 \(and not nan\)"),
    case("a negative cache limit", lambda: ms.set_cache_limit(-1),
         ValueError, r"limit_bytes: expected 0 to \d+ bytes, got -1"),
    case("a cache limit as a str", lambda: ms.set_cache_limit("1GB"),
         TypeError, r"limit_bytes: expected an int number of bytes, got str"),
    case("a cache limit as a float", lambda: ms.set_cache_limit(1.5),
         TypeError, r"limit_bytes: expected an int number of bytes, got float"),

    # ----- has_aux and hvp inputs
    case("vjp with has_aux=1", lambda: ms.vjp(lambda a: (a, a), x2, has_aux=1),
         TypeError, r"has_aux: expected a bool, got int"),
    case("jacfwd with has_aux='y'", lambda: ms.jacfwd(lambda a: (a, a), has_aux="y"),
         TypeError, r"has_aux: expected a bool, got str"),
    case("hvp at a str", lambda: ms.hvp(lambda x: (x * x).sum(), "ab", x2),
         TypeError, r"inputs\[0\]: expected a Tensor to differentiate, got str"),
    case("hvp with a tuple direction for an int position", lambda: ms.hvp(
        lambda x: (x * x).sum(), (x2,), (x2,)),
        ValueError, r"v: with grad_position=0 \(an int\), grad's result is one Tensor"),
    case("laplacian of two arguments", lambda: ms.laplacian(lambda x: x.sum(axis=1))(
        Tensor(np.ones((3, 2))), Tensor(np.ones(3))),
        TypeError, r"laplacian\(fn\) returns a function of one argument, the points x"),
    case("partial of two arguments", lambda: ms.partial(lambda x: x.sum(axis=1), 0)(
        Tensor(np.ones((3, 2))), Tensor(np.ones(3))),
        TypeError, r"partial\(fn\) returns a function of one argument"),

    # ----- math, rearranging, unpooling and padding cells, and their arguments
    case("ReduceLogSumExp with a str axis", lambda: nn.ReduceLogSumExp("a"),
         TypeError, r"ReduceLogSumExp: axis must be an int or a tuple or list of ints, got 'a'"),
    case("ReduceLogSumExp with a float axis", lambda: nn.ReduceLogSumExp(1.5),
         TypeError, r"ReduceLogSumExp: axis must be an int or a tuple or list of ints"),
    case("ReduceLogSumExp with keep_dims=1", lambda: nn.ReduceLogSumExp(1, keep_dims=1),
         TypeError, r"ReduceLogSumExp: keep_dims must be a bool, got int"),
    case("ReduceLogSumExp over an axis twice", lambda: nn.ReduceLogSumExp((0, -2))(m23),
         ValueError, r"ReduceLogSumExp: axis: repeated axis in \(0, -2\)"),
    case("ReduceLogSumExp over an axis out of range", lambda: nn.ReduceLogSumExp(2)(m23),
         ValueError, r"ReduceLogSumExp: axis: 2 is out of range for a 2-d array"),
    case("ReduceLogSumExp of integers", lambda: nn.ReduceLogSumExp(1)(
        Tensor(np.ones((2, 3), np.int32))),
        TypeError, r"ReduceLogSumExp: x must be a float tensor, got dtype int32"),
    case("Norm with keep_dims=1", lambda: nn.Norm(1, keep_dims=1),
         TypeError, r"Norm: keep_dims must be a bool, got int"),
    case("Norm with a float axis", lambda: nn.Norm(1.5),
         TypeError, r"Norm: axis must be an int or a tuple or list of ints, got 1.5"),
    case("Norm of integers", lambda: nn.Norm(1)(Tensor(np.ones((2, 3), np.int32))),
         TypeError, r"Norm: x must be a float tensor, got dtype Int32"),
    case("OneHot with a float depth", lambda: nn.OneHot(depth=2.0),
         TypeError, r"OneHot: depth must be an int, got float"),
    case("OneHot with a negative depth", lambda: nn.OneHot(depth=-1),
         ValueError, r"OneHot: depth must be non-negative, got -1"),
    case("OneHot with a str on_value", lambda: nn.OneHot(depth=2, on_value="a"),
         TypeError, r"OneHot: on_value must be a number, got str"),
    case("OneHot of float indices", lambda: nn.OneHot(depth=2)(m23),
         TypeError, r"OneHot: indices must be an integer tensor, got dtype Float32"),
    case("OneHot along an axis out of range", lambda: nn.OneHot(axis=3, depth=2)(
        Tensor(np.zeros((2, 3), np.int32))),
        ValueError, r"OneHot: axis must be in \[-3, 2\] for indices of 2 dimensions, got 3"),
    case("Range with delta 0", lambda: nn.Range(0, 5, 0),
         ValueError, r"Range: delta must not be zero"),
    case("Range of a str", lambda: nn.Range("a"),
         TypeError, r"Range: start must be an int or a float, got str"),
    case("Roll with a float shift", lambda: nn.Roll(1.5, 0),
         TypeError, r"Roll: shift must be an int or a tuple or list of ints, got 1.5"),
    case("Roll with unequal shift and axis", lambda: nn.Roll([1, 2], [0]),
         ValueError, r"Roll: shift and axis must have the same length, got 2 and 1"),
    case("Roll along an axis out of range", lambda: nn.Roll(1, 2)(m23),
         ValueError, r"Roll: axis 2 is out of range for input_x of 2 dimensions"),
    case("Tril of a vector", lambda: nn.Tril()(Tensor(np.ones(3))),
         ValueError, r"Tril: x must have at least 2 dimensions, got shape \(3,\)"),
    case("Triu with a float k", lambda: nn.Triu()(m23, 1.0),
         TypeError, r"Triu: k must be an int, got float"),
    case("MatrixDiag of a scalar", lambda: nn.MatrixDiag()(Tensor(1.0)),
         ValueError, r"MatrixDiag: input_x must have at least 1 dimensions, got shape \(\)"),
    case("MatrixDiagPart of a vector", lambda: nn.MatrixDiagPart()(Tensor(np.ones(3))),
         ValueError, r"MatrixDiagPart: input_x must have at least 2 dimensions"),
    case("MatrixSetDiag with a long diagonal", lambda: nn.MatrixSetDiag()(m23,
                                                                        Tensor(np.ones(3))),
         ValueError, r"MatrixSetDiag: diagonal must have shape \(2,\) for x of shape "
                     r"\(2, 3\), got \(3,\)"),
    case("MatrixSetDiag with a float64 diagonal", lambda: nn.MatrixSetDiag()(
        m23, Tensor(np.ones(2))),
        TypeError, r"MatrixSetDiag: diagonal must have x's dtype Float32, got Float64"),
    case("Moments with a list axis", lambda: nn.Moments([0]),
         TypeError, r"Moments: axis must be an int or a tuple of ints, got \[0\]"),
    case("Moments with keep_dims=1", lambda: nn.Moments(keep_dims=1),
         TypeError, r"Moments: keep_dims must be a bool, got int"),
    case("Moments of integers", lambda: nn.Moments()(Tensor(np.ones(3, np.int32))),
         TypeError, r"Moments: x must be a float tensor, got dtype int32"),
    case("MatMul with transpose_x1=1", lambda: nn.MatMul(transpose_x1=1),
         TypeError, r"MatMul: transpose_x1 must be a bool, got int"),
    case("MatMul of mismatched shapes", lambda: nn.MatMul()(m23, m23),
         ValueError, r"MatMul: x1's columns \(3\) must equal x2's rows \(2\)"),
    case("MatMul of a scalar", lambda: nn.MatMul()(Tensor(1.0), m23),
         ValueError, r"MatMul: x1 must have at least 1 dimension, got a 0-d tensor"),
    case("ImageGradients of a matrix", lambda: nn.ImageGradients()(m23),
         ValueError, r"ImageGradients: images must have 4 dimensions \(NCHW\), got shape "
                     r"\(2, 3\)"),
    case("TimeDistributed of a str layer", lambda: nn.TimeDistributed("relu", 1),
         TypeError, r"TimeDistributed: layer must be a Cell or a callable, got str"),
    case("TimeDistributed with a float time_axis", lambda: nn.TimeDistributed(nn.ReLU(), 1.0),
         TypeError, r"TimeDistributed: time_axis must be an int, got float"),
    case("TimeDistributed of a matrix", lambda: nn.TimeDistributed(nn.ReLU(), 1)(m23),
         ValueError, r"TimeDistributed: inputs must have at least 3 dimensions, got shape "
                     r"\(2, 3\)"),
    case("TimeDistributed merging the time axis with itself", lambda: nn.TimeDistributed(
        nn.ReLU(), 1, -2)(Tensor(np.ones((2, 3, 4)))),
        ValueError, r"TimeDistributed: reshape_with_axis must differ from time_axis"),
    case("TimeDistributed of a layer returning a tuple", lambda: nn.TimeDistributed(
        lambda t: (t, t), 1)(Tensor(np.ones((2, 3, 4)))),
        TypeError, r"TimeDistributed: layer must return a Tensor, got tuple"),
    case("Jvp of a non-callable", lambda: nn.Jvp(3),
         TypeError, r"Jvp: fn must be a Cell or a callable, got int"),
    case("Jvp without v", lambda: nn.Jvp(sq_sum)(m23),
         TypeError, r"Jvp: takes the function's inputs and then v, got 1 argument"),
    case("Jvp of two inputs with one tangent", lambda: nn.Jvp(lambda a, b: a * b)(m23, m23, m23),
         TypeError, r"Jvp: v must be a tuple of 2 Tensors, one per input, got Tensor"),
    case("Vjp without v", lambda: nn.Vjp(sq_sum)(m23),
         TypeError, r"Vjp: takes the function's inputs and then v, got 1 argument"),
    case("LRN with a float depth_radius", lambda: nn.LRN(depth_radius=1.0),
         TypeError, r"LRN: depth_radius must be an int, got float"),
    case("LRN with a negative depth_radius", lambda: nn.LRN(depth_radius=-1),
         ValueError, r"LRN: depth_radius must be >= 0, got -1"),
    case("LRN with an int alpha", lambda: nn.LRN(alpha=1),
         TypeError, r"LRN: alpha must be a float, got int"),
    case("LRN within channels", lambda: nn.LRN(norm_region="WITHIN_CHANNEL"),
         ValueError, r"LRN: norm_region must be 'ACROSS_CHANNELS', got 'WITHIN_CHANNEL'"),
    case("LRN of a matrix", lambda: nn.LRN()(m23),
         ValueError, r"LRN: input_x must have 4 dimensions \(NCHW\), got shape \(2, 3\)"),
    case("LRN of integers", lambda: nn.LRN()(Tensor(np.ones((1, 2, 1, 1), np.int32))),
         TypeError, r"LRN: input_x must be a float tensor, got dtype Int32"),
    case("CTCLoss with a float blank", lambda: nn.CTCLoss(blank=0.0),
         TypeError, r"CTCLoss: blank must be an int, got float"),
    case("CTCLoss with zero_infinity=1", lambda: nn.CTCLoss(zero_infinity=1),
         TypeError, r"CTCLoss: zero_infinity must be a bool, got int"),
    case("CTCLoss with a bad reduction", lambda: nn.CTCLoss(reduction="max"),
         ValueError, r"For 'CTCLoss', the 'reduction' must be in"),
    case("CTCLoss of integer log_probs", lambda: nn.CTCLoss()(
        Tensor(np.ones((3, 1, 2), np.int32)), Tensor(np.ones((1, 1), np.int32)), (3,), (1,)),
        TypeError, r"CTCLoss: log_probs must be a float tensor, got dtype Int32"),
    case("CTCLoss of float targets", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1))), (3,), (1,)),
        TypeError, r"CTCLoss: targets must be an integer tensor, got dtype Float64"),
    case("CTCLoss of a matrix of targets for one item", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 2))), Tensor(np.ones((2, 1), np.int32)), (3,), (1,)),
        ValueError, r"CTCLoss: for log_probs of shape \(T, C\), targets must have shape "
                    r"\(S,\) or \(1, S\), got \(2, 1\)"),
    case("CTCLoss of a vector", lambda: nn.CTCLoss()(
        Tensor(np.zeros(3)), Tensor(np.ones((1, 1), np.int32)), (3,), (1,)),
        ValueError, r"CTCLoss: log_probs must have shape \(T, N, C\) or \(T, C\), got \(3,\)"),
    case("CTCLoss with a blank past the classes", lambda: nn.CTCLoss(blank=2)(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1), np.int32)), (3,), (1,)),
        ValueError, r"CTCLoss: blank must be in \[0, 2\), got 2"),
    case("CTCLoss with float input lengths", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1), np.int32)), (3.0,), (1,)),
        TypeError, r"CTCLoss: input_lengths must hold integers, got dtype float64"),
    case("CTCLoss with an int of input lengths", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1), np.int32)), 3, (1,)),
        TypeError, r"CTCLoss: input_lengths must be a tuple or a Tensor of ints, got int"),
    case("CTCLoss with a length per class", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1), np.int32)), (3, 3), (1,)),
        ValueError, r"CTCLoss: input_lengths must have shape \(1,\), one length per batch "
                    r"item, got \(2,\)"),
    case("CTCLoss with an input longer than log_probs", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 1), np.int32)), (4,), (1,)),
        ValueError, r"CTCLoss: input_lengths must be in \[0, 3\], got \[4\]"),
    case("CTCLoss with a target longer than its input", lambda: nn.CTCLoss()(
        Tensor(np.zeros((3, 1, 2))), Tensor(np.ones((1, 3), np.int32)), (2,), (3,)),
        ValueError, r"CTCLoss: each target length must be in \[0, its input length\]"),
    case("EmbeddingLookup with sparse=0", lambda: nn.EmbeddingLookup(5, 3, sparse=0),
         TypeError, r"EmbeddingLookup: sparse must be a bool, got int"),
    case("EmbeddingLookup not sparse on CPU", lambda: nn.EmbeddingLookup(5, 3, sparse=False),
         ValueError, r"EmbeddingLookup: sparse must be True when target is 'CPU'"),
    case("EmbeddingLookup on a GPU target", lambda: nn.EmbeddingLookup(5, 3, target="GPU"),
         ValueError, r"EmbeddingLookup: target must be 'CPU' or 'DEVICE', got 'GPU'"),
    case("EmbeddingLookup of an unknown slice_mode", lambda: nn.EmbeddingLookup(
        5, 3, slice_mode="rows"),
        ValueError, r"EmbeddingLookup: slice_mode must be one of \['batch_slice'"),
    case("EmbeddingLookup with a list of manual_shapes", lambda: nn.EmbeddingLookup(
        5, 3, manual_shapes=[2, 3]),
        TypeError, r"EmbeddingLookup: manual_shapes must be None or a tuple of positive ints"),
    case("EmbeddingLookup with max_norm 0", lambda: nn.EmbeddingLookup(5, 3, max_norm=0.0),
         ValueError, r"EmbeddingLookup: max_norm must be > 0, got 0.0"),
    case("EmbeddingLookup with an int max_norm", lambda: nn.EmbeddingLookup(5, 3, max_norm=1),
         TypeError, r"EmbeddingLookup: max_norm must be None or a float, got int"),
    case("EmbeddingLookup of 0 rows", lambda: nn.EmbeddingLookup(0, 3),
         ValueError, r"EmbeddingLookup: vocab_size must be >= 1, got 0"),
    case("EmbeddingLookup of float indices", lambda: nn.EmbeddingLookup(5, 3)(m23),
         TypeError, r"EmbeddingLookup: input_indices must be an integer tensor, got dtype "
                    r"Float32"),
    # MultiFieldEmbeddingLookup
    case("MultiFieldEmbeddingLookup of 0 fields", lambda: nn.MultiFieldEmbeddingLookup(5, 3, 0),
         ValueError, r"^MultiFieldEmbeddingLookup: field_size must be >= 1, got 0"),
    case("MultiFieldEmbeddingLookup operator MIN", lambda: nn.MultiFieldEmbeddingLookup(
        5, 3, 2, operator="MIN"),
        ValueError, r"^MultiFieldEmbeddingLookup: operator must be one of \['SUM', 'MAX', "
                    r"'MEAN'\], got 'MIN'"),
    case("MultiFieldEmbeddingLookup with a list of feature_num_list", lambda:
         nn.MultiFieldEmbeddingLookup(5, 3, 2, feature_num_list=[2, 3]),
         TypeError, r"^MultiFieldEmbeddingLookup: feature_num_list must be None or a tuple of "
                    r"positive ints"),
    case("MultiFieldEmbeddingLookup not sparse on CPU", lambda: nn.MultiFieldEmbeddingLookup(
        5, 3, 2, sparse=False),
        ValueError, r"^MultiFieldEmbeddingLookup: sparse must be True when target is 'CPU'"),
    case("MultiFieldEmbeddingLookup of int values", lambda: nn.MultiFieldEmbeddingLookup(5, 3, 2)(
        Tensor(np.zeros((1, 2), np.int32)), Tensor(np.ones((1, 2), np.int32)),
        Tensor(np.zeros((1, 2), np.int32))),
        TypeError, r"^MultiFieldEmbeddingLookup: input_values must be of dtype float32, got "
                   r"Int32"),
    case("MultiFieldEmbeddingLookup of int64 field ids", lambda: nn.MultiFieldEmbeddingLookup(
        5, 3, 2)(Tensor(np.zeros((1, 2), np.int32)), Tensor(np.ones((1, 2), np.float32)),
                 Tensor(np.zeros((1, 2), np.int64))),
        TypeError, r"^MultiFieldEmbeddingLookup: field_ids must be of dtype int32, got Int64"),
    case("MultiFieldEmbeddingLookup of a field id past field_size", lambda:
         nn.MultiFieldEmbeddingLookup(5, 3, 2)(
             Tensor(np.zeros((1, 2), np.int32)), Tensor(np.ones((1, 2), np.float32)),
             Tensor(np.array([[0, 2]], np.int32))),
         ValueError, r"^MultiFieldEmbeddingLookup: field_ids must lie in \[0, 2\), got values "
                     r"from 0 to 2"),
    case("MultiFieldEmbeddingLookup of 1-D indices", lambda: nn.MultiFieldEmbeddingLookup(
        5, 3, 2)(Tensor(np.zeros(2, np.int32)), Tensor(np.ones(2, np.float32)),
                 Tensor(np.zeros(2, np.int32))),
        ValueError, r"^MultiFieldEmbeddingLookup: input_indices must be 2-D \(batch_size, "
                    r"seq_length\), got shape \(2,\)"),
    case("MultiFieldEmbeddingLookup of values of another shape", lambda:
         nn.MultiFieldEmbeddingLookup(5, 3, 2)(
             Tensor(np.zeros((1, 2), np.int32)), Tensor(np.ones((1, 3), np.float32)),
             Tensor(np.zeros((1, 2), np.int32))),
         ValueError, r"^MultiFieldEmbeddingLookup: input_values must have input_indices' shape "
                     r"\(1, 2\), got \(1, 3\)"),
    # FractionalMaxPool2d/3d and ops.fractional_max_pool2d/3d
    case("FractionalMaxPool2d kernel_size 0", lambda: nn.FractionalMaxPool2d(0, 2),
         ValueError, r"^FractionalMaxPool2d: kernel_size must be >= 1, got 0"),
    case("FractionalMaxPool2d with no output size or ratio", lambda: nn.FractionalMaxPool2d(2),
         ValueError, r"^FractionalMaxPool2d: output_size and output_ratio cannot both be None"),
    case("FractionalMaxPool2d output_ratio 1.5", lambda: nn.FractionalMaxPool2d(
        2, output_ratio=1.5),
        ValueError, r"^FractionalMaxPool2d: output_ratio must lie in \(0, 1\), got 1.5"),
    case("FractionalMaxPool3d output_ratio of two floats", lambda: nn.FractionalMaxPool3d(
        2, output_ratio=(0.5, 0.5)),
        TypeError, r"^FractionalMaxPool3d: output_ratio must be a float or a tuple of 3 floats, "
                   r"got \(0.5, 0.5\)"),
    case("FractionalMaxPool2d output_size of three", lambda: nn.FractionalMaxPool2d(
        2, output_size=(2, 2, 2)),
        ValueError, r"^FractionalMaxPool2d: output_size must be an int or a tuple of 2 ints"),
    case("FractionalMaxPool2d return_indices a list", lambda: nn.FractionalMaxPool2d(
        2, 2, return_indices=[1, 2]),
        TypeError, r"^FractionalMaxPool2d: return_indices must be a bool, got list"),
    case("FractionalMaxPool2d samples a list", lambda: nn.FractionalMaxPool2d(
        2, 2, _random_samples=[[[0.5, 0.5]]]),
        TypeError, r"^FractionalMaxPool2d: _random_samples must be a Tensor or None, got list"),
    case("FractionalMaxPool2d output past the input", lambda: nn.FractionalMaxPool2d(
        3, output_size=(4, 2))(Tensor(np.ones((1, 1, 5, 5), np.float32))),
        ValueError, r"^FractionalMaxPool2d: output_size \(4, 2\) plus kernel_size \(3, 3\) less "
                    r"1 must not exceed the input's spatial shape \(5, 5\) \(spatial axis 0\)"),
    case("FractionalMaxPool2d of a 2-D input", lambda: nn.FractionalMaxPool2d(2, 2)(
        Tensor(np.ones((5, 5), np.float32))),
        ValueError, r"^FractionalMaxPool2d: input must be a 3-D or 4-D tensor, got shape "
                    r"\(5, 5\)"),
    case("FractionalMaxPool2d samples of another shape", lambda: nn.FractionalMaxPool2d(
        2, 2, _random_samples=Tensor(np.full((2, 1, 2), 0.5, np.float32)))(
        Tensor(np.ones((3, 1, 5, 5), np.float32))),
        ValueError, r"^FractionalMaxPool2d: _random_samples must have shape \(3, 1, 2\) or "
                    r"\(1, 1, 2\), got \(2, 1, 2\)"),
    case("FractionalMaxPool2d samples of 1", lambda: nn.FractionalMaxPool2d(
        2, 2, _random_samples=Tensor(np.ones((1, 1, 2), np.float32)))(
        Tensor(np.ones((1, 1, 5, 5), np.float32))),
        ValueError, r"^FractionalMaxPool2d: _random_samples must lie in \[0, 1\)"),
    case("fractional_max_pool2d of int samples", lambda: ops.fractional_max_pool2d(
        Tensor(np.ones((1, 1, 5, 5), np.float32)), 2, 2,
        _random_samples=Tensor(np.zeros((1, 1, 2), np.int32))),
        TypeError, r"^fractional_max_pool2d: _random_samples must be float16, float32 or "
                   r"float64, got int32"),
    case("FractionalMaxPool3d samples of another dtype", lambda: nn.FractionalMaxPool3d(
        2, 2, _random_samples=Tensor(np.zeros((1, 1, 3), np.float64)))(
        Tensor(np.ones((1, 1, 4, 4, 4), np.float32))),
        TypeError, r"^FractionalMaxPool3d: _random_samples must have the input's dtype float32, "
                   r"got float64"),
    case("fractional_max_pool3d of a bool input", lambda: ops.fractional_max_pool3d(
        Tensor(np.ones((1, 1, 4, 4, 4), bool)), 2, 2),
        TypeError, r"^fractional_max_pool3d: input must hold real numbers, got dtype bool"),
    # PSNR, SSIM, MSSSIM
    case("PSNR max_val a str", lambda: nn.PSNR("1"),
         TypeError, r"^PSNR: max_val must be an int or a float, got str"),
    case("PSNR max_val 0", lambda: nn.PSNR(0),
         ValueError, r"^PSNR: max_val must be > 0, got 0"),
    case("PSNR of 3-D images", lambda: nn.PSNR()(m23.reshape(1, 2, 3), m23.reshape(1, 2, 3)),
         ValueError, r"^PSNR: img1 must be a 4-D \(N, C, H, W\) tensor, got shape \(1, 2, 3\)"),
    case("PSNR of images of two dtypes", lambda: nn.PSNR()(
        Tensor(np.ones((1, 1, 2, 2), np.float32)), Tensor(np.ones((1, 1, 2, 2)))),
        TypeError, r"^PSNR: img1 and img2 must have one dtype and shape, got Float32 "
                   r"\(1, 1, 2, 2\) and Float64 \(1, 1, 2, 2\)"),
    case("SSIM filter_size 0", lambda: nn.SSIM(filter_size=0),
         ValueError, r"^SSIM: filter_size must be >= 1, got 0"),
    case("SSIM filter_size 2.5", lambda: nn.SSIM(filter_size=2.5),
         TypeError, r"^SSIM: filter_size must be an int, got float"),
    case("SSIM filter_sigma 0", lambda: nn.SSIM(filter_sigma=0.0),
         ValueError, r"^SSIM: filter_sigma must be > 0, got 0.0"),
    case("SSIM k1 an int", lambda: nn.SSIM(k1=1),
         TypeError, r"^SSIM: k1 must be a float, got int"),
    case("SSIM of images smaller than the filter", lambda: nn.SSIM(filter_size=5)(
        Tensor(np.ones((1, 1, 4, 6), np.float32)), Tensor(np.ones((1, 1, 4, 6), np.float32))),
        ValueError, r"^SSIM: img1's height and width must be at least filter_size \(5\), got "
                    r"shape \(1, 1, 4, 6\)"),
    case("SSIM of int images", lambda: nn.SSIM(filter_size=1)(
        Tensor(np.ones((1, 1, 2, 2), np.int32)), Tensor(np.ones((1, 1, 2, 2), np.int32))),
        TypeError, r"^SSIM: img1 must be of dtype float16, float32, float64, got int32"),
    case("MSSSIM power_factors a float", lambda: nn.MSSSIM(power_factors=0.5),
         TypeError, r"^MSSSIM: power_factors must be a tuple or a list, got float"),
    case("MSSSIM no power_factors", lambda: nn.MSSSIM(power_factors=()),
         ValueError, r"^MSSSIM: power_factors must hold one number per scale"),
    case("MSSSIM of images too small for its scales", lambda: nn.MSSSIM(filter_size=3)(
        Tensor(np.ones((1, 1, 32, 32), np.float32)), Tensor(np.ones((1, 1, 32, 32), np.float32))),
        ValueError, r"^MSSSIM: img1's height and width, halved 4 times, must be at least "
                    r"filter_size \(3\), got shape \(1, 1, 32, 32\)"),
    # SampledSoftmaxLoss
    case("SampledSoftmaxLoss of more samples than classes", lambda: nn.SampledSoftmaxLoss(8, 7),
         ValueError, r"^SampledSoftmaxLoss: num_sampled must be <= num_classes \(7\), got 8"),
    case("SampledSoftmaxLoss num_true 0", lambda: nn.SampledSoftmaxLoss(2, 7, num_true=0),
         ValueError, r"^SampledSoftmaxLoss: num_true must be >= 1, got 0"),
    case("SampledSoftmaxLoss seed -1", lambda: nn.SampledSoftmaxLoss(2, 7, seed=-1),
         ValueError, r"^SampledSoftmaxLoss: seed must be >= 0, got -1"),
    case("SampledSoftmaxLoss sampled_values a Tensor", lambda: nn.SampledSoftmaxLoss(
        2, 7, sampled_values=m23),
        TypeError, r"^SampledSoftmaxLoss: sampled_values must be a list or a tuple, got Tensor"),
    case("SampledSoftmaxLoss two sampled_values", lambda: nn.SampledSoftmaxLoss(
        2, 7, sampled_values=(m23, m23)),
        ValueError, r"^SampledSoftmaxLoss: sampled_values must hold 3 Tensors"),
    case("SampledSoftmaxLoss reduction avg", lambda: nn.SampledSoftmaxLoss(2, 7, reduction="avg"),
         ValueError, r"For 'SampledSoftmaxLoss', the 'reduction' must be in"),
    case("SampledSoftmaxLoss remove_accidental_hits 1", lambda: nn.SampledSoftmaxLoss(
        2, 7, remove_accidental_hits=1),
        TypeError, r"^SampledSoftmaxLoss: remove_accidental_hits must be a bool, got int"),
    case("SampledSoftmaxLoss of float labels", lambda: nn.SampledSoftmaxLoss(2, 4)(
        Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones(4, np.float32)),
        Tensor(np.ones((2, 1), np.float32)), m23),
        TypeError, r"^SampledSoftmaxLoss: labels must be int32 or int64, got Float32"),
    case("SampledSoftmaxLoss of a label past the classes", lambda: nn.SampledSoftmaxLoss(2, 4)(
        Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones(4, np.float32)),
        Tensor(np.array([[1], [4]], np.int32)), m23),
        ValueError, r"^SampledSoftmaxLoss: labels and sampled classes must lie in \[0, 4\)"),
    case("SampledSoftmaxLoss of logits of another width", lambda: nn.SampledSoftmaxLoss(2, 4)(
        Tensor(np.ones((4, 2), np.float32)), Tensor(np.ones(4, np.float32)),
        Tensor(np.array([[1], [2]], np.int32)), m23),
        ValueError, r"^SampledSoftmaxLoss: weights \(num_classes, dim\), biases \(num_classes,\) "
                    r"and logits \(N, dim\) must agree"),
    case("SampledSoftmaxLoss of one label for two true classes", lambda: nn.SampledSoftmaxLoss(
        2, 4, num_true=2)(Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones(4, np.float32)),
                          Tensor(np.array([[1], [2]], np.int32)), m23),
        ValueError, r"^SampledSoftmaxLoss: labels must hold num_true \(2\) classes per example"),
    case("SampledSoftmaxLoss sampling past the free classes", lambda: nn.SampledSoftmaxLoss(
        3, 4, seed=1)(Tensor(np.ones((4, 3), np.float32)), Tensor(np.ones(4, np.float32)),
                      Tensor(np.array([[1], [2]], np.int32)), m23),
        ValueError, r"^SampledSoftmaxLoss: 3 classes cannot be sampled apart from the 2 true "
                    r"classes among 4"),
    case("GradAccumulationCell of a function", lambda: nn.GradAccumulationCell(sq_sum, 2),
         TypeError, r"GradAccumulationCell: network must be a Cell, got function"),
    case("GradAccumulationCell of 0 micro-batches", lambda: nn.GradAccumulationCell(
        nn.ReLU(), 0),
        ValueError, r"GradAccumulationCell: micro_size must be > 0, got 0"),
    case("GradAccumulationCell of a float micro_size", lambda: nn.GradAccumulationCell(
        nn.ReLU(), 2.0),
        TypeError, r"GradAccumulationCell: micro_size must be an int, got float"),
    case("GradAccumulationCell of a batch of 3 in 2", lambda: nn.GradAccumulationCell(
        nn.ReLU(), 2)(Tensor(np.ones((3, 2)))),
        ValueError, r"GradAccumulationCell: inputs\[0\] must have a first axis divisible by "
                    r"micro_size=2, got shape \(3, 2\)"),
    case("ParameterUpdate of a Tensor", lambda: nn.ParameterUpdate(m23),
         TypeError, r"ParameterUpdate: param must be a Parameter, got Tensor"),
    case("ParameterUpdate to a str", lambda: nn.ParameterUpdate(w)("abc"),
         TypeError, r"ParameterUpdate: x must be a Tensor or an array of real numbers, got str"),
    case("ParameterUpdate to another shape", lambda: nn.ParameterUpdate(w)(m23),
         ValueError, r"ParameterUpdate: x must have the parameter's shape \(2,\), got "
                     r"\(2, 3\)"),
    case("ChannelShuffle of 0 groups", lambda: nn.ChannelShuffle(0),
         ValueError, r"ChannelShuffle: groups must be >= 1, got 0"),
    case("ChannelShuffle of float groups", lambda: nn.ChannelShuffle(2.0),
         TypeError, r"ChannelShuffle: groups must be an int, got float"),
    case("ChannelShuffle of 4 channels in 3 groups", lambda: nn.ChannelShuffle(3)(
        Tensor(np.ones((1, 4, 2, 2)))),
        ValueError, r"ChannelShuffle: the 4 channels of x \(shape \(1, 4, 2, 2\)\) must "
                    r"divide into groups=3 groups"),
    case("ChannelShuffle of a vector", lambda: nn.ChannelShuffle(2)(Tensor(np.ones(4))),
         ValueError, r"ChannelShuffle: x must have a channel axis \(N, C, ...\), got shape"),
    case("CentralCrop with an int fraction", lambda: nn.CentralCrop(1),
         TypeError, r"CentralCrop: central_fraction must be a float, got int"),
    case("CentralCrop with a fraction 0", lambda: nn.CentralCrop(0.0),
         ValueError, r"CentralCrop: central_fraction must be in \(0.0, 1.0\], got 0.0"),
    case("CentralCrop with a fraction above 1", lambda: nn.CentralCrop(1.5),
         ValueError, r"CentralCrop: central_fraction must be in \(0.0, 1.0\], got 1.5"),
    case("CentralCrop of a matrix", lambda: nn.CentralCrop(0.5)(m45),
         ValueError, r"CentralCrop: image must be 3-D \(C, H, W\) or 4-D \(N, C, H, W\), got "
                     r"shape \(4, 5\)"),
    case("MaxUnpool2d with kernel_size 0", lambda: nn.MaxUnpool2d(0),
         ValueError, r"MaxUnpool2d: kernel_size must be >= 1, got 0"),
    case("MaxUnpool2d with three kernel sizes", lambda: nn.MaxUnpool2d((2, 2, 2)),
         ValueError, r"MaxUnpool2d: kernel_size must be an int or a tuple of 2 ints"),
    case("MaxUnpool2d with a str padding", lambda: nn.MaxUnpool2d(2, padding="a"),
         TypeError, r"MaxUnpool2d: padding must be an int or a tuple of ints, got str"),
    case("MaxUnpool1d with a negative stride", lambda: nn.MaxUnpool1d(2, stride=-1),
         ValueError, r"MaxUnpool1d: stride must be >= 1, got -1"),
    case("MaxUnpool2d with a list output_size", lambda: nn.MaxUnpool2d(2)(
        Tensor(np.ones((1, 1, 2, 2))), Tensor(np.zeros((1, 1, 2, 2), np.int64)), [4, 4]),
        ValueError, r"MaxUnpool2d: output_size must be a non-empty tuple of ints, got \[4, 4\]"),
    case("MaxUnpool2d with an empty output_size", lambda: nn.MaxUnpool2d(2)(
        Tensor(np.ones((1, 1, 2, 2))), Tensor(np.zeros((1, 1, 2, 2), np.int64)), ()),
        ValueError, r"MaxUnpool2d: output_size must be a non-empty tuple of ints, got \(\)"),
    case("MaxUnpool2d with an output_size a stride away", lambda: nn.MaxUnpool2d(2)(
        Tensor(np.ones((1, 1, 2, 2))), Tensor(np.zeros((1, 1, 2, 2), np.int64)), (6, 6)),
        ValueError, r"MaxUnpool2d: output_size \(6, 6\) must be within a stride of the "
                    r"default \(4, 4\)"),
    case("MaxUnpool2d with float indices", lambda: nn.MaxUnpool2d(2)(
        Tensor(np.ones((1, 1, 2, 2))), Tensor(np.ones((1, 1, 2, 2)))),
        TypeError, r"MaxUnpool2d: indices must be integers of x's shape"),
    case("MaxUnpool3d of a 3-D input", lambda: nn.MaxUnpool3d(2)(
        Tensor(np.ones((1, 2, 2))), Tensor(np.zeros((1, 2, 2), np.int64))),
        ValueError, r"MaxUnpool3d: x must be a 4-D or 5-D tensor, got shape \(1, 2, 2\)"),
    case("ReflectionPad3d with 3 values", lambda: nn.ReflectionPad3d((1, 1, 1)),
         ValueError, r"ReflectionPad3d: padding must hold an even number up to 6 values"),
    case("ReflectionPad3d with a negative size", lambda: nn.ReflectionPad3d((1, 0, 0, 1, -1, 0)),
         ValueError, r"ReflectionPad3d: every element of padding must be >= 0"),
    case("ReflectionPad3d wider than the input", lambda: nn.ReflectionPad3d(2)(
        Tensor(np.ones((2, 2, 2)))),
        ValueError, r"ReflectionPad3d: pad: mode 'reflect' takes padding sizes from 0 to 1"),
    case("ReplicationPad3d of a 3-D input", lambda: nn.ReplicationPad3d(1)(
        Tensor(np.ones((2, 3, 4)))),
        ValueError, r"ReplicationPad3d: x must have 4 or 5 dims, got shape \(2, 3, 4\)"),
    case("ReplicationPad3d with a float padding", lambda: nn.ReplicationPad3d(1.0),
         TypeError, r"ReplicationPad3d: padding must be an int or a tuple of ints, got float"),
    case("Pad with a list of paddings", lambda: nn.Pad([[1, 1]]),
         TypeError, r"Pad: paddings must be a tuple of \(before, after\) pairs, got list"),
    case("Pad with a triple", lambda: nn.Pad(((1, 1, 1),)),
         ValueError, r"Pad: paddings must hold \(before, after\) pairs \(shape \(n, 2\)\)"),
    case("Pad with five pairs", lambda: nn.Pad(((0, 0),) * 5),
         ValueError, r"Pad: paddings may hold at most 4 pairs"),
    case("Pad with a lower-case mode", lambda: nn.Pad(((1, 1),), "reflect"),
         ValueError, r"Pad: mode must be one of 'CONSTANT', 'REFLECT', 'SYMMETRIC', got "
                     r"'reflect'"),
    case("Pad with a negative size", lambda: nn.Pad(((-1, 1),)),
         ValueError, r"Pad: paddings must be >= 0, got -1"),
    case("Pad with a float size", lambda: nn.Pad(((1.0, 1),)),
         TypeError, r"Pad: paddings must be an int, got float"),
    case("Pad with too few pairs for the input", lambda: nn.Pad(((1, 1),))(m23),
         ValueError, r"Pad: paddings must hold one pair per axis of x, got 1 pairs for shape "
                     r"\(2, 3\)"),
    case("Pad REFLECT as wide as the axis", lambda: nn.Pad(((0, 0), (3, 0)), "REFLECT")(m23),
         ValueError, r"Pad: mode 'REFLECT' takes paddings up to 2 for axis 1 of length 3"),
    case("TripletMarginWithDistanceLoss with an int margin", lambda:
         nn.TripletMarginWithDistanceLoss(margin=1),
         TypeError, r"TripletMarginWithDistanceLoss: margin must be a float, got int"),
    case("TripletMarginWithDistanceLoss with an infinite margin", lambda:
         nn.TripletMarginWithDistanceLoss(margin=float("inf")),
         ValueError, r"TripletMarginWithDistanceLoss: margin must be finite, got inf"),
    case("TripletMarginWithDistanceLoss with swap=1", lambda:
         nn.TripletMarginWithDistanceLoss(swap=1),
         TypeError, r"TripletMarginWithDistanceLoss: swap must be a bool, got int"),
    case("TripletMarginWithDistanceLoss with an int distance", lambda:
         nn.TripletMarginWithDistanceLoss(distance_function=5),
         TypeError, r"TripletMarginWithDistanceLoss: distance_function must be callable or "
                    r"None, got int"),
    case("TripletMarginWithDistanceLoss with reduction 'avg'", lambda:
         nn.TripletMarginWithDistanceLoss(reduction="avg"),
         ValueError, r"For 'TripletMarginWithDistanceLoss', the 'reduction' must be in"),
    case("TripletMarginWithDistanceLoss of vectors", lambda:
         nn.TripletMarginWithDistanceLoss()(x2, x2, x2),
         ValueError, r"TripletMarginWithDistanceLoss: the default distance takes inputs "
                     r"\(N, D, ...\), got shape \(2,\)"),
    case("TripletMarginWithDistanceLoss of shapes that do not broadcast", lambda:
         nn.TripletMarginWithDistanceLoss()(m23, m45, m23),
         ValueError, r"TripletMarginWithDistanceLoss: x, positive and negative must broadcast "
                     r"together, got shapes \(2, 3\), \(4, 5\) and \(2, 3\)"),
    case("LGamma of integers", lambda: nn.LGamma()(Tensor(np.ones(3, np.int32))),
         TypeError, r"LGamma: x must be a float tensor, got dtype int32"),
    case("DiGamma of a list of ints", lambda: nn.DiGamma()([1, 2]),
         TypeError, r"DiGamma: x must be a float tensor, got dtype int64"),
    case("LBeta of float32 and float64", lambda: nn.LBeta()(x2, Tensor(np.ones(2))),
         TypeError, r"LBeta: y must have x's dtype float32, got float64"),
    case("LBeta of shapes that do not broadcast", lambda: nn.LBeta()(x2, m23),
         ValueError, r"LBeta: x and y must broadcast together, got shapes \(2,\) and \(2, 3\)"),
    case("IGamma of float32 and float64", lambda: nn.IGamma()(x2, Tensor(np.ones(2))),
         TypeError, r"IGamma: x must have a's dtype float32, got float64"),
    case("IGamma of integers", lambda: nn.IGamma()(Tensor(np.ones(2, np.int32)), x2),
         TypeError, r"IGamma: a must be a float tensor, got dtype int32"),
    case("IGamma of shapes that do not broadcast", lambda: nn.IGamma()(m23, m45),
         ValueError, r"IGamma: a and x must broadcast together, got shapes \(2, 3\) and "
                     r"\(4, 5\)"),
    case("MatDet of a non-square matrix", lambda: nn.MatDet()(m23),
         ValueError, r"MatDet: a must be a square matrix \(..., n, n\), got shape \(2, 3\)"),
    case("MatDet of a vector", lambda: nn.MatDet()(x2),
         ValueError, r"MatDet: a must be a square matrix"),
    case("MatDet of a matrix that is not symmetric", lambda: nn.MatDet()(
        Tensor(np.array([[2.0, 1.0], [0.0, 2.0]]))),
        ValueError, r"MatDet: a must be symmetric positive definite"),
    case("MatInverse of an indefinite matrix", lambda: nn.MatInverse()(
        Tensor(np.array([[1.0, 2.0], [2.0, 1.0]]))),
        ValueError, r"MatInverse: a must be symmetric positive definite"),
    case("MatInverse of integers", lambda: nn.MatInverse()(Tensor(np.eye(2, dtype=np.int32))),
         TypeError, r"MatInverse: a must be a float tensor, got dtype int32"),
    # ----- mint.nn constructors
    case("mint Conv2d padding an unknown word", lambda: mint.nn.Conv2d(2, 2, 3, padding="full"),
         ValueError, r"^Conv2d: padding must be 'same', 'valid', an int.*got 'full'"),
    case("mint Conv2d same with stride", lambda: mint.nn.Conv2d(2, 2, 3, 2, padding="same"),
         ValueError, r"^Conv2d: padding='same' needs stride 1, got stride \(2, 2\)"),
    case("mint Conv1d padding_mode unknown", lambda: mint.nn.Conv1d(2, 2, 3,
                                                                     padding_mode="mirror"),
         ValueError, r"^Conv1d: padding_mode must be 'zeros', 'reflect', 'replicate' or "
                     r"'circular', got 'mirror'"),
    case("mint Conv3d channels not divisible by groups", lambda: mint.nn.Conv3d(3, 4, 2,
                                                                                 groups=2),
         ValueError, r"^Conv3d: in_channels \(3\) and out_channels \(4\) must be divisible "
                     r"by groups \(2\)"),
    case("mint Conv2d kernel_size of three", lambda: mint.nn.Conv2d(2, 2, (3, 3, 3)),
         ValueError, r"^Conv2d: kernel_size must be an int or a tuple of 2 ints, got"),
    case("mint Conv2d kernel_size 0", lambda: mint.nn.Conv2d(2, 2, 0),
         ValueError, r"^Conv2d: kernel_size must be >= 1, got 0"),
    case("mint Conv2d stride a float", lambda: mint.nn.Conv2d(2, 2, 3, stride=1.5),
         TypeError, r"^Conv2d: stride must be an int, got float"),
    case("mint Conv2d padding negative", lambda: mint.nn.Conv2d(2, 2, 3, padding=-1),
         ValueError, r"^Conv2d: padding must be >= 0, got -1"),
    case("mint Conv2d bias not a bool", lambda: mint.nn.Conv2d(2, 2, 3, bias="yes"),
         TypeError, r"^Conv2d: bias must be a bool, got str"),
    case("mint ConvTranspose2d reflect", lambda: mint.nn.ConvTranspose2d(
        2, 2, 3, padding_mode="reflect"),
        ValueError, r"^ConvTranspose2d: padding_mode must be 'zeros', got 'reflect'"),
    case("mint ConvTranspose2d padding same", lambda: mint.nn.ConvTranspose2d(
        2, 2, 3, padding="same"),
        ValueError, r"^ConvTranspose2d: padding must be an int or a tuple"),
    case("mint BatchNorm1d momentum above 1", lambda: mint.nn.BatchNorm1d(3, momentum=1.5),
         ValueError, r"^BatchNorm1d: momentum must be in \[0, 1\] or None, got 1.5"),
    case("mint BatchNorm2d num_features 0", lambda: mint.nn.BatchNorm2d(0),
         ValueError, r"^BatchNorm2d: num_features must be >= 1, got 0"),
    case("mint BatchNorm3d eps 0", lambda: mint.nn.BatchNorm3d(2, eps=0.0),
         ValueError, r"^BatchNorm3d: eps must be > 0, got 0.0"),
    case("mint BatchNorm1d track_running_stats not a bool", lambda: mint.nn.BatchNorm1d(
        2, track_running_stats=None),
        TypeError, r"^BatchNorm1d: track_running_stats must be a bool, got NoneType"),
    case("mint LayerNorm normalized_shape a str", lambda: mint.nn.LayerNorm("4"),
         TypeError, r"^LayerNorm: normalized_shape must be an int or a tuple/list of ints, "
                    r"got str"),
    case("mint LayerNorm normalized_shape empty", lambda: mint.nn.LayerNorm(()),
         ValueError, r"^LayerNorm: normalized_shape must hold at least one size"),
    case("mint GroupNorm channels not divisible", lambda: mint.nn.GroupNorm(4, 6),
         ValueError, r"^GroupNorm: num_channels \(6\) must be divisible by num_groups \(4\)"),
    case("mint GroupNorm eps an int", lambda: mint.nn.GroupNorm(2, 4, eps=1),
         TypeError, r"^GroupNorm: eps must be a float, got int"),
    case("mint Dropout p above 1", lambda: mint.nn.Dropout(p=1.5),
         ValueError, r"^Dropout: p must be in \[0, 1\], got 1.5"),
    case("mint Dropout2d p a str", lambda: mint.nn.Dropout2d(p="half"),
         TypeError, r"^Dropout2d: p must be"),
    case("mint Embedding sparse", lambda: mint.nn.Embedding(4, 2, sparse=True),
         ValueError, r"^Embedding: sparse=True is not supported"),
    case("mint Embedding padding_idx out of range", lambda: mint.nn.Embedding(4, 2,
                                                                              padding_idx=4),
         ValueError, r"^Embedding: padding_idx must be in \[-4, 4\), got 4"),
    case("mint Embedding _weight of the wrong shape", lambda: mint.nn.Embedding(
        4, 2, _weight=Tensor(np.ones((2, 4), np.float32))),
        ValueError, r"^Embedding: _weight must have shape \(num_embeddings, embedding_dim\) "
                    r"= \(4, 2\), got \(2, 4\)"),
    case("mint Flatten start_dim a float", lambda: mint.nn.Flatten(1.0),
         TypeError, r"^Flatten: start_dim must be an int, got float"),
    case("mint GELU approximate unknown", lambda: mint.nn.GELU(approximate="erf"),
         ValueError, r"^GELU: approximate must be 'none' or 'tanh', got 'erf'"),
    case("mint SiLU inplace an int", lambda: mint.nn.SiLU(inplace=1),
         TypeError, r"^SiLU: inplace must be a bool, got int"),
    case("mint Softmax dim a float", lambda: mint.nn.Softmax(dim=1.0),
         TypeError, r"^Softmax: dim must be an int, got float"),
    case("mint ELU alpha a str", lambda: mint.nn.ELU(alpha="a"),
         TypeError, r"^ELU: alpha must be an int or a float, got str"),
    case("mint PReLU num_parameters 0", lambda: mint.nn.PReLU(num_parameters=0),
         ValueError, r"^PReLU: num_parameters must be >= 1, got 0"),
    case("mint Hardtanh min above max", lambda: mint.nn.Hardtanh(2.0, 1.0),
         ValueError, r"^Hardtanh: min_val \(2.0\) must not exceed max_val \(1.0\)"),
    case("mint Threshold threshold a str", lambda: mint.nn.Threshold("a", 0.0),
         TypeError, r"^Threshold: threshold must be an int or a float, got str"),
    case("mint GLU dim None", lambda: mint.nn.GLU(dim=None),
         TypeError, r"^GLU: dim must be an int, got NoneType"),
    case("mint GLU odd axis", lambda: mint.nn.GLU()(Tensor(np.ones((2, 3), np.float32))),
         ValueError, r"^GLU: the length of axis 1 must be even, got 3"),
    case("mint MSELoss reduction unknown", lambda: mint.nn.MSELoss(reduction="avg"),
         ValueError, r"^MSELoss: reduction must be one of 'mean', 'sum', 'none', got 'avg'"),
    case("mint MSELoss shapes that do not broadcast", lambda: mint.nn.MSELoss()(
        Tensor(np.ones((2, 3), np.float32)), Tensor(np.ones((4,), np.float32))),
        ValueError, r"^MSELoss: the operands' shapes \(2, 3\) and \(4,\) do not broadcast"),
    case("mint KLDivLoss reduction unknown", lambda: mint.nn.KLDivLoss(reduction="batch"),
         ValueError, r"^KLDivLoss: reduction must be one of 'mean', 'sum', 'batchmean', "
                     r"'none', got 'batch'"),
    case("mint KLDivLoss log_target an int", lambda: mint.nn.KLDivLoss(log_target=1),
         TypeError, r"^KLDivLoss: log_target must be a bool, got int"),
    case("mint CrossEntropyLoss label_smoothing above 1", lambda: mint.nn.CrossEntropyLoss(
        label_smoothing=1.5),
        ValueError, r"^CrossEntropyLoss: label_smoothing must be in \[0, 1\], got 1.5"),
    case("mint NLLLoss weight a list", lambda: mint.nn.NLLLoss(weight=[1.0, 2.0]),
         TypeError, r"^NLLLoss: weight must be a Tensor or None, got list"),
    case("mint BCEWithLogitsLoss pos_weight an array", lambda: mint.nn.BCEWithLogitsLoss(
        pos_weight=np.ones(3)),
        TypeError, r"^BCEWithLogitsLoss: pos_weight must be a Tensor or None, got ndarray"),
    case("mint SmoothL1Loss beta negative", lambda: mint.nn.SmoothL1Loss(beta=-1.0),
         ValueError, r"^SmoothL1Loss: beta must be >= 0, got -1.0"),
    case("mint CosineEmbeddingLoss reduction unknown", lambda: mint.nn.CosineEmbeddingLoss(
        reduction="max"),
        ValueError, r"^CosineEmbeddingLoss: reduction must be one of"),
    case("mint MaxPool2d kernel_size 0", lambda: mint.nn.MaxPool2d(0),
         ValueError, r"^MaxPool2d: kernel_size must be >= 1, got 0"),
    case("mint MaxPool2d return_indices a str", lambda: mint.nn.MaxPool2d(2, return_indices="y"),
         TypeError, r"^MaxPool2d: return_indices must be a bool, got str"),
    case("mint AvgPool2d divisor_override 0", lambda: mint.nn.AvgPool2d(2, divisor_override=0),
         ValueError, r"^AvgPool2d: divisor_override must be >= 1, got 0"),
    case("mint AvgPool1d kernel_size with a float", lambda: mint.nn.AvgPool1d((2, 2.5)),
         TypeError, r"^AvgPool1d: kernel_size must be an int, got float"),
    case("mint AdaptiveAvgPool2d output_size 0", lambda: mint.nn.AdaptiveAvgPool2d((2, 0)),
         ValueError, r"^AdaptiveAvgPool2d: output_size must be >= 1, got 0"),
    case("mint AdaptiveMaxPool1d output_size a str", lambda: mint.nn.AdaptiveMaxPool1d("3"),
         TypeError, r"^AdaptiveMaxPool1d: output_size must be an int, got str"),
    case("mint MaxUnpool2d padding negative", lambda: mint.nn.MaxUnpool2d(2, padding=-1),
         ValueError, r"^MaxUnpool2d: padding must be >= 0, got -1"),
    case("mint ConstantPad2d padding of three", lambda: mint.nn.ConstantPad2d((1, 2, 3), 0.0),
         ValueError, r"^ConstantPad2d: padding must be an int or a tuple of 4 ints, got "
                     r"\(1, 2, 3\)"),
    case("mint ConstantPad1d padding a float", lambda: mint.nn.ConstantPad1d(1.5, 0.0),
         TypeError, r"^ConstantPad1d: padding must be an int or a tuple of 2 ints, got float"),
    case("mint ReflectionPad1d padding 0", lambda: mint.nn.ReflectionPad1d(0),
         ValueError, r"^ReflectionPad1d: padding must be >= 1, got 0"),
    case("mint ReflectionPad1d padding past the axis", lambda: mint.nn.ReflectionPad1d(3)(
        Tensor(np.ones((1, 2), np.float32))),
        ValueError, r"^ReflectionPad1d: mode 'reflect' takes padding sizes from 0 to 1"),
    case("mint ReplicationPad3d padding negative", lambda: mint.nn.ReplicationPad3d(
        (1, -1, 0, 0, 0, 0)),
        ValueError, r"^ReplicationPad3d: padding must be >= 0, got -1"),
    case("mint ZeroPad2d padding a str", lambda: mint.nn.ZeroPad2d("1"),
         TypeError, r"^ZeroPad2d: padding must be an int or a tuple of 4 ints, got str"),
    case("mint Fold kernel_size 0", lambda: mint.nn.Fold((4, 5), 0),
         ValueError, r"^Fold: kernel_size must be >= 1, got 0"),
    case("mint Unfold stride 0", lambda: mint.nn.Unfold(2, stride=0),
         ValueError, r"^Unfold: stride must be >= 1, got 0"),
    case("mint Upsample neither size nor scale_factor", lambda: mint.nn.Upsample(),
         ValueError, r"^Upsample: give exactly one of size and scale_factor"),
    case("mint Upsample mode unknown", lambda: mint.nn.Upsample(size=4, mode="cubic"),
         ValueError, r"^Upsample: mode must be one of 'nearest', .* got 'cubic'"),
    case("mint PixelShuffle upscale_factor 0", lambda: mint.nn.PixelShuffle(0),
         ValueError, r"^PixelShuffle: upscale_factor must be >= 1, got 0"),
    case("mint PixelShuffle channels not divisible", lambda: mint.nn.PixelShuffle(2)(
        Tensor(np.ones((1, 3, 2, 2), np.float32))),
        ValueError, r"^PixelShuffle: the channel axis of input .* must be divisible by "
                    r"upscale_factor \*\* 2 = 4"),
    # ----- datasets (dualgrad.dataset)
    case("NumpySlicesDataset data a number", lambda: ds.NumpySlicesDataset(3),
         TypeError, r"^For 'NumpySlicesDataset', 'data' must be a dict, tuple, list or array"),
    case("NumpySlicesDataset columns of unequal length",
         lambda: ds.NumpySlicesDataset({"a": [1, 2], "b": [1, 2, 3]}),
         ValueError, r"the columns of 'data' must have the same length, but got lengths \[2, 3\]"),
    case("NumpySlicesDataset too few column_names",
         lambda: ds.NumpySlicesDataset((np.ones(2), np.ones(2)), column_names=["a"]),
         ValueError, r"'column_names' names 1 columns but the data has 2"),
    case("NumpySlicesDataset shuffle a str", lambda: ds.NumpySlicesDataset([1], shuffle="yes"),
         TypeError, r"^For 'NumpySlicesDataset', 'shuffle' must be a bool, but got str"),
    case("NumpySlicesDataset shard_id without num_shards",
         lambda: ds.NumpySlicesDataset([1, 2], shard_id=0),
         ValueError, r"'num_shards' and 'shard_id' must be given together"),
    case("NumpySlicesDataset shard_id out of range",
         lambda: ds.NumpySlicesDataset([1, 2], num_shards=2, shard_id=2),
         ValueError, r"'shard_id' must be in \[0, 2\), but got 2"),
    case("NumpySlicesDataset a sampler with shuffle",
         lambda: ds.NumpySlicesDataset([1], sampler=ds.SequentialSampler(), shuffle=True),
         ValueError, r"^For 'NumpySlicesDataset', 'sampler' cannot be given together with "
                     r"\['shuffle'\]"),
    case("NumpySlicesDataset a sampler of a str", lambda: ds.NumpySlicesDataset([1], sampler="0"),
         TypeError, r"^For 'NumpySlicesDataset', 'sampler' must be a sampler of dualgrad.dataset "
                    r"or an iterable of indices, but got str"),
    case("NumpySlicesDataset num_samples a float",
         lambda: ds.NumpySlicesDataset([1], num_samples=1.0),
         TypeError, r"^For 'NumpySlicesDataset', 'num_samples' must be an int, but got float"),
    case("SequentialSampler start_index negative", lambda: ds.SequentialSampler(-1),
         ValueError, r"^For 'SequentialSampler', 'start_index' must be >= 0, but got -1"),
    case("RandomSampler replacement an int", lambda: ds.RandomSampler(1),
         TypeError, r"^For 'RandomSampler', 'replacement' must be a bool, but got int"),
    case("RandomSampler shuffle a bool", lambda: ds.RandomSampler(shuffle=True),
         TypeError, r"^For 'RandomSampler', 'shuffle' must be a Shuffle mode, but got bool"),
    case("DistributedSampler a file shuffle mode",
         lambda: ds.DistributedSampler(2, 0, shuffle=ds.Shuffle.INFILE),
         ValueError, r"^For 'DistributedSampler', the shuffle mode INFILE is for file datasets; "
                     r"in-memory ones take FALSE or GLOBAL"),
    case("SubsetSampler a float index", lambda: ds.SubsetSampler([0, 1.5]),
         TypeError, r"^For 'SubsetSampler', 'indices' must hold ints, but indices\[1\] is 1.5"),
    case("SubsetSampler an index beyond the rows",
         lambda: list(ds.NumpySlicesDataset([1, 2], sampler=ds.SubsetSampler([2]))),
         ValueError, r"^For 'SubsetSampler', the sample index 2 is out of range for 2 rows"),
    case("DistributedSampler shard_id out of range", lambda: ds.DistributedSampler(2, 2),
         ValueError, r"^For 'DistributedSampler', 'shard_id' must be in \[0, 2\), but got 2"),
    case("DistributedSampler offset beyond num_shards", lambda: ds.DistributedSampler(2, 0,
                                                                                       offset=3),
         ValueError, r"^For 'DistributedSampler', 'offset' must be -1 or in \[0, num_shards = 2\]"),
    case("WeightedRandomSampler negative weights", lambda: ds.WeightedRandomSampler([1, -1]),
         ValueError, r"^For 'WeightedRandomSampler', 'weights' must not be negative"),
    case("WeightedRandomSampler more weights than rows",
         lambda: list(ds.NumpySlicesDataset([1], sampler=ds.WeightedRandomSampler([1, 1]))),
         ValueError, r"^For 'WeightedRandomSampler', there are 2 weights but only 1 rows"),
    case("GeneratorDataset source a number", lambda: ds.GeneratorDataset(5, ["a"]),
         TypeError, r"^For 'GeneratorDataset', 'source' must be a callable returning an "
                    r"iterator, an iterable or a random-access object, but got int"),
    case("GeneratorDataset no column_names", lambda: ds.GeneratorDataset([1, 2]),
         ValueError, r"^For 'GeneratorDataset', 'column_names' must be given"),
    case("GeneratorDataset shuffling a generator",
         lambda: ds.GeneratorDataset(lambda: iter([1]), ["a"], shuffle=True),
         ValueError, r"'shuffle', 'sampler' and sharding need a random-access source"),
    case("GeneratorDataset a sampler for a generator",
         lambda: ds.GeneratorDataset(lambda: iter([1]), ["a"], sampler=[0]),
         ValueError, r"^For 'GeneratorDataset', 'shuffle', 'sampler' and sharding need a "
                     r"random-access source"),
    case("dataset batch_size 0", lambda: ds.NumpySlicesDataset([1]).batch(0),
         ValueError, r"^For 'batch', 'batch_size' must be in \[1, 2147483647\], but got 0"),
    case("dataset drop_remainder an int", lambda: ds.NumpySlicesDataset([1]).batch(1, 1),
         TypeError, r"^For 'batch', 'drop_remainder' must be a bool, but got int"),
    case("dataset repeat 0", lambda: ds.NumpySlicesDataset([1]).repeat(0),
         ValueError, r"^For 'repeat', 'count' must be a positive integer, but got 0"),
    case("dataset shuffle buffer_size -1", lambda: ds.NumpySlicesDataset([1]).shuffle(-1),
         ValueError, r"^For 'shuffle', 'buffer_size' must be a positive integer, but got -1"),
    case("dataset map an unknown column",
         lambda: ds.NumpySlicesDataset({"a": [1]}).map(abs, input_columns="b"),
         ValueError, r"^For 'map', 'input_columns' names \['b'\], which are not among the "
                     r"dataset's columns \['a'\]"),
    case("dataset map not callable", lambda: ds.NumpySlicesDataset([1]).map(3),
         TypeError, r"^For 'map', 'operations' must be a callable or a list of callables"),
    case("dataset take 0", lambda: ds.NumpySlicesDataset([1]).take(0),
         ValueError, r"^For 'take', 'count' must be -1 or positive, but got 0"),
    case("dataset skip a float", lambda: ds.NumpySlicesDataset([1]).skip(1.0),
         TypeError, r"^For 'skip', 'count' must be an int, but got float"),
    case("dataset zip a list", lambda: ds.NumpySlicesDataset([1]).zip([]),
         TypeError, r"^For 'zip', 'datasets' must be a dataset or a tuple of datasets, but got "
                    r"list"),
    case("dataset zip equal column names",
         lambda: ds.NumpySlicesDataset([1]).zip(ds.NumpySlicesDataset([2])),
         ValueError, r"^For 'zip', the datasets' column names must differ, but \['column_0'\]"),
    case("dataset concat other columns",
         lambda: ds.NumpySlicesDataset({"a": [1]}) + ds.NumpySlicesDataset({"b": [1]}),
         ValueError, r"^For 'concat', the datasets must have the same columns in the same order"),
    case("dataset concat a number", lambda: ds.NumpySlicesDataset([1]).concat([3]),
         TypeError, r"^For 'concat', 'datasets' must hold datasets, but item 0 is int"),
    case("dataset project an unknown column", lambda: ds.NumpySlicesDataset([1]).project("x"),
         ValueError, r"^For 'project', 'columns' names \['x'\], which are not among"),
    case("dataset rename counts differ",
         lambda: ds.NumpySlicesDataset([1]).rename("column_0", ["x", "y"]),
         ValueError, r"^For 'rename', 'input_columns' and 'output_columns' must name as many"),
    case("dataset filter not callable", lambda: ds.NumpySlicesDataset([1]).filter([1]),
         TypeError, r"^For 'filter', 'predicate' must be callable, but got list"),
    case("dataset split sizes not summing",
         lambda: ds.NumpySlicesDataset([1, 2], shuffle=False).split([1, 2], randomize=False),
         ValueError, r"^For 'split', 'sizes' must sum to the dataset's size 2, but they sum to 3"),
    case("dataset split a tuple", lambda: ds.NumpySlicesDataset([1, 2]).split((1, 1)),
         TypeError, r"^For 'split', 'sizes' must be a list, but got tuple"),
    case("dataset batch input_columns alone",
         lambda: ds.NumpySlicesDataset([1]).batch(1, input_columns=["column_0"]),
         ValueError, r"^For 'batch', 'input_columns' can be given only with 'per_batch_map'"),
    case("dataset batch per_batch_map of the wrong arity",
         lambda: ds.NumpySlicesDataset([1]).batch(1, input_columns="column_0",
                                                  per_batch_map=lambda x: x),
         ValueError, r"^For 'batch', 'per_batch_map' must take one argument per input column "
                     r"and the batch info \(2\), but it takes 1"),
    case("dataset padded_batch a bad pad_info entry",
         lambda: ds.NumpySlicesDataset([1]).padded_batch(1, pad_info={"column_0": [2]}),
         ValueError, r"^For 'padded_batch', 'pad_info\['column_0'\]' must be a tuple "
                     r"\(shape, value\)"),
    case("dataset iterator num_epochs 0",
         lambda: ds.NumpySlicesDataset([1]).create_tuple_iterator(num_epochs=0),
         ValueError, r"'num_epochs' must be -1 or a positive integer, but got 0"),
    case("dataset iterator an unknown column",
         lambda: ds.NumpySlicesDataset([1]).create_tuple_iterator(columns=["x"]),
         ValueError, r"the columns \['x'\] are not among the dataset's columns \['column_0'\]"),
    case("dataset seed negative", lambda: ds.config.set_seed(-1),
         ValueError, r"^For 'dataset.config.set_seed', 'seed' must be an integer in "
                     r"\[0, 2\*\*32\)"),
    # ----- Model and callbacks (dualgrad.train)
    case("Model network a str", lambda: train.Model("net"),
         TypeError, r"^For 'Model', 'network' must be a Cell, but got str"),
    case("Model optimizer a list", lambda: train.Model(nn.Dense(2, 1), nn.MSELoss(), [1]),
         TypeError, r"^For 'Model', 'optimizer' must be an optimizer .* or None, but got list"),
    case("Model metrics a list", lambda: train.Model(nn.Dense(2, 1), metrics=["mae"]),
         TypeError, r"^For 'Model', 'metrics' must be None, a dict or a set, but got list"),
    case("Model metric not a Metric", lambda: train.Model(nn.Dense(2, 1), metrics={"m": abs}),
         TypeError, r"^For 'Model', 'metrics' must map names to Metric instances"),
    case("Model amp_level O2", lambda: train.Model(nn.Dense(2, 1), amp_level="O2"),
         ValueError, r"^For 'Model', only amp_level='O0' is supported"),
    case("Model metrics without loss_fn or eval_network",
         lambda: train.Model(nn.Dense(2, 1), metrics={"mae": nn.MAE()}),
         ValueError, r"^For 'Model', 'metrics' need an 'eval_network' or a 'loss_fn'"),
    case("Model eval_indexes of 2",
         lambda: train.Model(nn.Dense(2, 1), metrics={"mae": nn.MAE()},
                             eval_network=nn.Dense(2, 1), eval_indexes=[0, 1]),
         ValueError, r"^For 'Model', 'eval_indexes' must be a list of 3 integers or None"),
    case("Model.train epoch 0", lambda: _model().train(0, _dataset()),
         ValueError, r"^For 'Model.train', 'epoch' must be a positive integer, but got 0"),
    case("Model.train a list for the dataset", lambda: _model().train(1, [1, 2]),
         TypeError, r"^For 'Model.train', 'train_dataset' must be a dataset"),
    case("Model.train initial_epoch past epoch",
         lambda: _model().train(2, _dataset(), initial_epoch=2),
         ValueError, r"'initial_epoch' must be an integer in \[0, 2\), but got 2"),
    case("Model.train sink mode an int",
         lambda: _model().train(1, _dataset(), dataset_sink_mode=1),
         TypeError, r"^For 'Model.train', 'dataset_sink_mode' must be a bool, but got int"),
    case("Model.train a callback not a Callback",
         lambda: _model().train(1, _dataset(), callbacks=[print]),
         TypeError, r"each callback must be an instance of Callback"),
    case("Model.eval without metrics", lambda: _model().eval(_dataset()),
         ValueError, r"^For 'Model.eval', the Model's 'metrics' must be given"),
    case("Model.fit valid_frequency 0",
         lambda: _model({"mae": nn.MAE()}).fit(1, _dataset(), _dataset(), valid_frequency=0),
         ValueError, r"'valid_frequency' must be a positive integer, but got 0"),
    case("LossMonitor per_print_times -1", lambda: train.LossMonitor(-1),
         ValueError, r"^For 'LossMonitor', 'per_print_times' must be a non-negative integer"),
    case("TimeMonitor data_size 0", lambda: train.TimeMonitor(0),
         ValueError, r"^For 'TimeMonitor', 'data_size' must be a positive integer or None"),
    case("EarlyStopping mode unknown", lambda: train.EarlyStopping(mode="lowest"),
         ValueError, r"^For 'EarlyStopping', 'mode' must be 'auto', 'min' or 'max'"),
    case("EarlyStopping patience -1", lambda: train.EarlyStopping(patience=-1),
         ValueError, r"^For 'EarlyStopping', 'patience' must be a non-negative integer"),
    case("LambdaCallback hook not callable", lambda: train.LambdaCallback(on_train_end=1),
         TypeError, r"^For 'LambdaCallback', 'on_train_end' must be callable, but got int"),
    case("CheckpointConfig keep_checkpoint_max -1",
         lambda: train.CheckpointConfig(keep_checkpoint_max=-1),
         ValueError, r"'keep_checkpoint_max' must be a non-negative integer, but got -1"),
    case("ModelCheckpoint prefix with a slash", lambda: train.ModelCheckpoint(prefix="a/b"),
         ValueError, r"^For 'ModelCheckpoint', 'prefix' must be a non-empty str without '/'"),
    case("ModelCheckpoint config a dict", lambda: train.ModelCheckpoint(config={}),
         TypeError, r"^For 'ModelCheckpoint', 'config' must be a CheckpointConfig, but got dict"),
    case("RunContext args a list", lambda: train.RunContext([1]),
         TypeError, r"^For 'RunContext', 'original_args' must be a dict, but got list"),
]


def _run_with_watchdog(fn, timeout=TIMEOUT):
    """fn() in a daemon thread: ('returned', value) or ('raised', exception)."""
    outcome = {}

    def target():
        try:
            outcome["returned"] = fn()
        except BaseException as e:       # noqa: BLE001 - every outcome is judged below
            outcome["raised"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"the call did not return within {timeout} s (a hang)")
    return outcome


def _params():
    out = []
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else []
        out.append(pytest.param(c, id=c.name, marks=marks))
    return out


def test_the_catalogue_is_large_and_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 40


@pytest.mark.parametrize("c", _params())
def test_misuse_is_refused_clearly(c):
    outcome = _run_with_watchdog(c.call)
    if "returned" in outcome:
        pytest.fail(f"no error was raised; the call returned {outcome['returned']!r:.200}")
    error = outcome["raised"]
    assert isinstance(error, (TypeError, ValueError)), (
        f"expected a TypeError/ValueError subclass, got {type(error).__name__}: {error}")
    assert isinstance(error, c.exc), f"expected {c.exc.__name__}, got {type(error).__name__}"
    with pytest.raises(type(error), match=c.match):
        raise error
