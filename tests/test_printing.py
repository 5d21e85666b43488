"""MindSpore 2.10 tensor/parameter text formats (dualgrad/_printing.py).

Every expected string below was printed by real MindSpore 2.10 (CPU, NumPy 1.26).
tests/data/mindspore_repr_cases.json holds several hundred more recorded cases (random shapes,
dtypes and magnitudes, and sizes around the wrapping and summarization limits), each with its
array, repr and str.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import dualgrad

from dualgrad._printing import dtype_name, parameter_repr, tensor_repr, tensor_str

F32, F64, F16 = np.float32, np.float64, np.float16
NAN, INF = float("nan"), float("inf")
NEG_NAN = float(np.copysign(np.nan, -1.0))
# one summarized row of a (7, 7) zero complex tensor
C_ROW = "[0+0j, 0+0j, 0+0j ... 0+0j, 0+0j, 0+0j]"


def arr(values, dtype):
    return np.array(values, dtype)


# (array, repr, str)
CASES = {
    # ---- 1-D floats: %.8e in a 15-wide column (sign column), ", " separators
    "f32 [3.0]": (
        arr([3.0], F32),
        "Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00])",
        "[3.]"),
    "f64 [3.0]": (
        arr([3.0], F64),
        "Tensor(shape=[1], dtype=Float64, value= [ 3.00000000e+00])",
        "[3.]"),
    "f32 mixed signs": (
        arr([1.5, -2.0, 0.0], F32),
        "Tensor(shape=[3], dtype=Float32, value= [ 1.50000000e+00, -2.00000000e+00, "
        " 0.00000000e+00])",
        "[ 1.5 -2.   0. ]"),
    "f32 1e-10": (
        arr([1e-10], F32),
        "Tensor(shape=[1], dtype=Float32, value= [ 1.00000001e-10])",
        "[1.e-10]"),
    "f32 123456.789": (
        arr([123456.789], F32),
        "Tensor(shape=[1], dtype=Float32, value= [ 1.23456789e+05])",
        "[123456.79]"),
    "f64 123456.789": (
        arr([123456.789], F64),
        "Tensor(shape=[1], dtype=Float64, value= [ 1.23456789e+05])",
        "[123456.789]"),
    "f32 mixed magnitudes": (
        arr([123456.789, 1.5], F32),
        "Tensor(shape=[2], dtype=Float32, value= [ 1.23456789e+05,  1.50000000e+00])",
        "[1.2345679e+05 1.5000000e+00]"),
    "f64 3-digit exponents have no sign column": (
        arr([1e300, -1e-300, 5e-324], F64),
        "Tensor(shape=[3], dtype=Float64, value= [1.00000000e+300, -1.00000000e-300, "
        "4.94065646e-324])",
        "[ 1.e+300 -1.e-300  5.e-324]"),
    # ---- nan / inf / -0: nan and inf right-aligned in the 15-wide column; C++ prints "-nan"
    "f32 -0.0": (
        arr([-0.0, 1.0], F32),
        "Tensor(shape=[2], dtype=Float32, value= [-0.00000000e+00,  1.00000000e+00])",
        "[-0.  1.]"),
    "f32 nan inf": (
        arr([NAN, INF, -INF, 1.5], F32),
        "Tensor(shape=[4], dtype=Float32, value= [            nan,             inf, "
        "           -inf,  1.50000000e+00])",
        "[ nan  inf -inf  1.5]"),
    "f32 negative nan": (
        arr([NEG_NAN, NAN], F32),
        "Tensor(shape=[2], dtype=Float32, value= [           -nan,             nan])",
        "[nan nan]"),
    "f16 negative nan": (
        arr([NEG_NAN], F16),
        "Tensor(shape=[1], dtype=Float16, value= [       -nan])",
        "[nan]"),
    "f16 nan -inf": (
        arr([NAN, -INF], F16),
        "Tensor(shape=[2], dtype=Float16, value= [        nan,        -inf])",
        "[ nan -inf]"),
    # ---- float16: %.4e in an 11-wide column
    "f16": (
        arr([1.5, 2.0], F16),
        "Tensor(shape=[2], dtype=Float16, value= [ 1.5000e+00,  2.0000e+00])",
        "[1.5 2. ]"),
    "f16 0.1": (arr([0.1], F16), "Tensor(shape=[1], dtype=Float16, value= [ 9.9976e-02])", "[0.1]"),
    # ---- ints right-aligned to the widest printed one; bools 5 wide
    "i64": (
        arr([1, 2, 3], np.int64),
        "Tensor(shape=[3], dtype=Int64, value= [1, 2, 3])",
        "[1 2 3]"),
    "i32": (
        arr([1, 2, 3], np.int32),
        "Tensor(shape=[3], dtype=Int32, value= [1, 2, 3])",
        "[1 2 3]"),
    "i64 negative": (
        arr([-1, -20, 300], np.int64),
        "Tensor(shape=[3], dtype=Int64, value= [ -1, -20, 300])",
        "[ -1 -20 300]"),
    "i8 prints numbers": (
        arr([65, -5, 3], np.int8),
        "Tensor(shape=[3], dtype=Int8, value= [65, -5,  3])",
        "[65 -5  3]"),
    "u8": (
        arr([65, 200, 3], np.uint8),
        "Tensor(shape=[3], dtype=UInt8, value= [ 65, 200,   3])",
        "[ 65 200   3]"),
    "u64 max": (
        arr([2 ** 64 - 1, 0], np.uint64),
        "Tensor(shape=[2], dtype=UInt64, value= [18446744073709551615,                    0])",
        "[18446744073709551615                    0]"),
    "bool": (
        arr([True, False], np.bool_),
        "Tensor(shape=[2], dtype=Bool, value= [ True, False])",
        "[ True False]"),
    # ---- complex: default stream format for both parts, also inside arrays
    "c64": (
        arr([1 + 2j, -3.5 - 0.25j], np.complex64),
        "Tensor(shape=[2], dtype=Complex64, value= [1+2j, -3.5-0.25j])",
        "[ 1. +2.j   -3.5-0.25j]"),
    "c128": (
        arr([1 + 2j, -3.5 - 0.25j], np.complex128),
        "Tensor(shape=[2], dtype=Complex128, value= [1+2j, -3.5-0.25j])",
        "[ 1. +2.j   -3.5-0.25j]"),
    # ---- empty: no value text at all
    "empty (0,)": (np.zeros((0,), F32), "Tensor(shape=[0], dtype=Float32, value= )", "[]"),
    "empty (2,0)": (np.zeros((2, 0), F32), "Tensor(shape=[2, 0], dtype=Float32, value=\n)", "[]"),
    # ---- n-D: value starts on a new line, no blank line between blocks
    "2x3 f32": (
        np.arange(6, dtype=F32).reshape(2, 3),
        "Tensor(shape=[2, 3], dtype=Float32, value=\n"
        "[[ 0.00000000e+00,  1.00000000e+00,  2.00000000e+00],\n"
        " [ 3.00000000e+00,  4.00000000e+00,  5.00000000e+00]])",
        "[[0. 1. 2.]\n [3. 4. 5.]]"),
    "2x2x2 f32": (
        np.arange(8, dtype=F32).reshape(2, 2, 2),
        "Tensor(shape=[2, 2, 2], dtype=Float32, value=\n[[[ 0.00000000e+00,  1.00000000e+00],\n"
        "  [ 2.00000000e+00,  3.00000000e+00]],\n [[ 4.00000000e+00,  5.00000000e+00],\n"
        "  [ 6.00000000e+00,  7.00000000e+00]]])",
        "[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]]"),
    "2x2 int": (
        arr([[1, -2], [30, 4]], np.int64),
        "Tensor(shape=[2, 2], dtype=Int64, value=\n[[ 1, -2],\n [30,  4]])",
        "[[ 1 -2]\n [30  4]]"),
    "2x2 bool": (
        arr([[True, False], [False, True]], np.bool_),
        "Tensor(shape=[2, 2], dtype=Bool, value=\n[[ True, False],\n [False,  True]])",
        "[[ True False]\n [False  True]]"),
    "1x2 f16": (
        arr([[1.5, 2.5]], F16),
        "Tensor(shape=[1, 2], dtype=Float16, value=\n[[ 1.5000e+00,  2.5000e+00]])",
        "[[1.5 2.5]]"),
    "1x1x1 f64": (
        arr([[[1.0]]], F64),
        "Tensor(shape=[1, 1, 1], dtype=Float64, value=\n[[[ 1.00000000e+00]]])",
        "[[[1.]]]"),
    # ---- 0-d: C++ default stream format (6 significant digits, like %g)
    "0d f32 2.5": (arr(2.5, F32), "Tensor(shape=[], dtype=Float32, value= 2.5)", "2.5"),
    "0d f32 3.0": (arr(3.0, F32), "Tensor(shape=[], dtype=Float32, value= 3)", "3.0"),
    "0d f32 1/3": (
        arr(1 / 3, F32),
        "Tensor(shape=[], dtype=Float32, value= 0.333333)",
        "0.33333334"),
    "0d f64 1/3": (
        arr(1 / 3, F64),
        "Tensor(shape=[], dtype=Float64, value= 0.333333)",
        "0.3333333333333333"),
    "0d f16 1/3": (arr(1 / 3, F16), "Tensor(shape=[], dtype=Float16, value= 0.333252)", "0.3333"),
    "0d f32 123456.789": (
        arr(123456.789, F32),
        "Tensor(shape=[], dtype=Float32, value= 123457)",
        "123456.79"),
    "0d f32 1e10": (
        arr(1e10, F32),
        "Tensor(shape=[], dtype=Float32, value= 1e+10)",
        "10000000000.0"),
    "0d f64 1e-10": (arr(1e-10, F64), "Tensor(shape=[], dtype=Float64, value= 1e-10)", "1e-10"),
    "0d f16 65504": (arr(65504, F16), "Tensor(shape=[], dtype=Float16, value= 65504)", "65500.0"),
    "0d f32 -0.0": (arr(-0.0, F32), "Tensor(shape=[], dtype=Float32, value= -0)", "-0.0"),
    "0d f32 nan": (arr(NAN, F32), "Tensor(shape=[], dtype=Float32, value= nan)", "nan"),
    "0d f32 negative nan": (
        arr(NEG_NAN, F32),
        "Tensor(shape=[], dtype=Float32, value= -nan)",
        "nan"),
    "0d f64 -inf": (arr(-INF, F64), "Tensor(shape=[], dtype=Float64, value= -inf)", "-inf"),
    "0d i64": (arr(3, np.int64), "Tensor(shape=[], dtype=Int64, value= 3)", "3"),
    "0d i64 min": (
        arr(-2 ** 63, np.int64),
        "Tensor(shape=[], dtype=Int64, value= -9223372036854775808)",
        "-9223372036854775808"),
    "0d i8 prints a number": (arr(65, np.int8), "Tensor(shape=[], dtype=Int8, value= 65)", "65"),
    "0d u8": (arr(200, np.uint8), "Tensor(shape=[], dtype=UInt8, value= 200)", "200"),
    "0d bool True": (arr(True, np.bool_), "Tensor(shape=[], dtype=Bool, value= True)", "True"),
    "0d bool False": (arr(False, np.bool_), "Tensor(shape=[], dtype=Bool, value= False)", "False"),
    "0d c64": (
        arr(1 + 2j, np.complex64),
        "Tensor(shape=[], dtype=Complex64, value= 1+2j)",
        "(1+2j)"),
    "0d c64 -0 imag": (
        arr(complex(1, -0.0), np.complex64),
        "Tensor(shape=[], dtype=Complex64, value= 1-0j)",
        "(1-0j)"),
    "0d c128 zero": (
        arr(0j, np.complex128),
        "Tensor(shape=[], dtype=Complex128, value= 0+0j)",
        "0j"),
    # ---- 1-D wrapping: a line feed after every 12 floats/bools or 24 ints/complex
    "1-D 12 floats (exact multiple)": (
        np.arange(12, dtype=F32),
        "Tensor(shape=[12], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, "
        " 2.00000000e+00,  3.00000000e+00,  4.00000000e+00,  5.00000000e+00,  6.00000000e+00, "
        " 7.00000000e+00,  8.00000000e+00,  9.00000000e+00,  1.00000000e+01,  1.10000000e+01\n ])",
        "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11.]"),
    "1-D 13 floats": (
        np.arange(13, dtype=F32),
        "Tensor(shape=[13], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, "
        " 2.00000000e+00,  3.00000000e+00,  4.00000000e+00,  5.00000000e+00,  6.00000000e+00, "
        " 7.00000000e+00,  8.00000000e+00,  9.00000000e+00,  1.00000000e+01,  1.10000000e+01, \n"
        "  1.20000000e+01])",
        "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12.]"),
    "1-D 12 bools (exact multiple)": (
        np.arange(12) % 2 == 0,
        "Tensor(shape=[12], dtype=Bool, value= [ True, False,  True, False,  True, False,  True, "
        "False,  True, False,  True, False\n ])",
        "[ True False  True False  True False  True False  True False  True False]"),
    "1-D 13 bools": (
        np.arange(13) % 2 == 0,
        "Tensor(shape=[13], dtype=Bool, value= [ True, False,  True, False,  True, False,  True, "
        "False,  True, False,  True, False, \n  True])",
        "[ True False  True False  True False  True False  True False  True False\n  True]"),
    "1-D 25 bools (two breaks)": (
        np.arange(25) % 2 == 0,
        "Tensor(shape=[25], dtype=Bool, value= [ True, False,  True, False,  True, False,  True, "
        "False,  True, False,  True, False, \n"
        "  True, False,  True, False,  True, False,  True, False,  True, False,  True, False, \n"
        "  True])",
        "[ True False  True False  True False  True False  True False  True False\n"
        "  True False  True False  True False  True False  True False  True False\n  True]"),
    "1-D 13 ints (no break)": (
        np.arange(13, dtype=np.int64),
        "Tensor(shape=[13], dtype=Int64, value= [ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, "
        "12])",
        "[ 0  1  2  3  4  5  6  7  8  9 10 11 12]"),
    "1-D 24 ints (exact multiple)": (
        np.arange(24, dtype=np.int64),
        "Tensor(shape=[24], dtype=Int64, value= [ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, "
        "12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23\n ])",
        "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23]"),
    "1-D 25 ints": (
        np.arange(25, dtype=np.int64),
        "Tensor(shape=[25], dtype=Int64, value= [ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, "
        "12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, \n 24])",
        "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24]"),
    "1-D 25 complex": (
        np.arange(25, dtype=np.complex64),
        "Tensor(shape=[25], dtype=Complex64, value= [0+0j, 1+0j, 2+0j, 3+0j, 4+0j, 5+0j, 6+0j, "
        "7+0j, 8+0j, 9+0j, 10+0j, 11+0j, 12+0j, 13+0j, 14+0j, 15+0j, 16+0j, 17+0j, 18+0j, 19+0j, "
        "20+0j, 21+0j, 22+0j, 23+0j, \n 24+0j])",
        "[ 0.+0.j  1.+0.j  2.+0.j  3.+0.j  4.+0.j  5.+0.j  6.+0.j  7.+0.j  8.+0.j\n"
        "  9.+0.j 10.+0.j 11.+0.j 12.+0.j 13.+0.j 14.+0.j 15.+0.j 16.+0.j 17.+0.j\n"
        " 18.+0.j 19.+0.j 20.+0.j 21.+0.j 22.+0.j 23.+0.j 24.+0.j]"),
    # ---- summarization: 1-D only past 1000 elements, no commas around " ... ", no line feeds
    "1-D 1001 floats": (
        np.arange(1001, dtype=F32),
        "Tensor(shape=[1001], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, "
        " 2.00000000e+00 ...  9.98000000e+02,  9.99000000e+02,  1.00000000e+03])",
        "[   0.    1.    2. ...  998.  999. 1000.]"),
    "1-D 2000 floats": (
        np.arange(2000, dtype=F32),
        "Tensor(shape=[2000], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, "
        " 2.00000000e+00 ...  1.99700000e+03,  1.99800000e+03,  1.99900000e+03])",
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]"),
    "1-D 1008 floats (multiple of 12)": (
        np.arange(1008, dtype=F32),
        "Tensor(shape=[1008], dtype=Float32, value= [ 0.00000000e+00,  1.00000000e+00, "
        " 2.00000000e+00 ...  1.00500000e+03,  1.00600000e+03,  1.00700000e+03])",
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.005e+03 1.006e+03 1.007e+03]"),
    "1-D 1032 ints (multiple of 24)": (
        np.arange(1032, dtype=np.int32),
        "Tensor(shape=[1032], dtype=Int32, value= [   0,    1,    2 ... 1029, 1030, 1031])",
        "[   0    1    2 ... 1029 1030 1031]"),
    "1-D 1001 complex": (
        np.arange(1001, dtype=np.complex64),
        "Tensor(shape=[1001], dtype=Complex64, value= [0+0j, 1+0j, 2+0j ... 998+0j, 999+0j, "
        "1000+0j])",
        "[   0.+0.j    1.+0.j    2.+0.j ...  998.+0.j  999.+0.j 1000.+0.j]"),
    # ---- summarization in n-D: any axis longer than 6
    "(2,7) int": (
        np.arange(14, dtype=np.int64).reshape(2, 7),
        "Tensor(shape=[2, 7], dtype=Int64, value=\n[[ 0,  1,  2 ...  4,  5,  6],\n"
        " [ 7,  8,  9 ... 11, 12, 13]])",
        "[[ 0  1  2  3  4  5  6]\n [ 7  8  9 10 11 12 13]]"),
    "(7,1) int": (
        np.arange(7, dtype=np.int64).reshape(7, 1),
        "Tensor(shape=[7, 1], dtype=Int64, value=\n[[0],\n [1],\n [2],\n ...\n [4],\n [5],\n [6]])",
        "[[0]\n [1]\n [2]\n [3]\n [4]\n [5]\n [6]]"),
    "(1,7) bool": (
        np.arange(7).reshape(1, 7) % 2 == 0,
        "Tensor(shape=[1, 7], dtype=Bool, value=\n[[ True, False,  True ...  True, False,  True]])",
        "[[ True False  True False  True False  True]]"),
    "(7,7) complex": (
        np.zeros((7, 7), np.complex64),
        "Tensor(shape=[7, 7], dtype=Complex64, value=\n["
        + ",\n ".join([C_ROW] * 3) + ",\n ...\n " + ",\n ".join([C_ROW] * 3) + "])",
        "[" + "\n ".join(["[0.+0.j 0.+0.j 0.+0.j 0.+0.j 0.+0.j 0.+0.j 0.+0.j]"] * 7) + "]"),
    "(2,8,3) middle axis": (
        np.arange(48, dtype=np.int32).reshape(2, 8, 3),
        "Tensor(shape=[2, 8, 3], dtype=Int32, value=\n[[[ 0,  1,  2],\n  [ 3,  4,  5],\n"
        "  [ 6,  7,  8],\n  ...\n  [15, 16, 17],\n  [18, 19, 20],\n  [21, 22, 23]],\n"
        " [[24, 25, 26],\n  [27, 28, 29],\n  [30, 31, 32],\n  ...\n  [39, 40, 41],\n"
        "  [42, 43, 44],\n  [45, 46, 47]]])",
        "[[[ 0  1  2]\n  [ 3  4  5]\n  [ 6  7  8]\n  [ 9 10 11]\n  [12 13 14]\n  [15 16 17]\n"
        "  [18 19 20]\n  [21 22 23]]\n\n [[24 25 26]\n  [27 28 29]\n  [30 31 32]\n  [33 34 35]\n"
        "  [36 37 38]\n  [39 40 41]\n  [42 43 44]\n  [45 46 47]]]"),
    "(8,2,3) outer axis": (
        np.arange(48, dtype=np.int32).reshape(8, 2, 3),
        "Tensor(shape=[8, 2, 3], dtype=Int32, value=\n[[[ 0,  1,  2],\n  [ 3,  4,  5]],\n"
        " [[ 6,  7,  8],\n  [ 9, 10, 11]],\n [[12, 13, 14],\n  [15, 16, 17]],\n ...\n"
        " [[30, 31, 32],\n  [33, 34, 35]],\n [[36, 37, 38],\n  [39, 40, 41]],\n [[42, 43, 44],\n"
        "  [45, 46, 47]]])",
        "[[[ 0  1  2]\n  [ 3  4  5]]\n\n [[ 6  7  8]\n  [ 9 10 11]]\n\n [[12 13 14]\n"
        "  [15 16 17]]\n\n [[18 19 20]\n  [21 22 23]]\n\n [[24 25 26]\n  [27 28 29]]\n\n"
        " [[30 31 32]\n  [33 34 35]]\n\n [[36 37 38]\n  [39 40 41]]\n\n [[42 43 44]\n"
        "  [45 46 47]]]"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_recorded_mindspore_output(name):
    value, expected_repr, expected_str = CASES[name]
    assert tensor_repr(value) == expected_repr
    assert tensor_str(value) == expected_str


def test_6x6_is_full_and_7x6_is_summarized():
    full = tensor_repr(np.arange(36, dtype=np.int64).reshape(6, 6))
    assert full == (
        "Tensor(shape=[6, 6], dtype=Int64, value=\n[[ 0,  1,  2,  3,  4,  5],\n"
        " [ 6,  7,  8,  9, 10, 11],\n [12, 13, 14, 15, 16, 17],\n [18, 19, 20, 21, 22, 23],\n"
        " [24, 25, 26, 27, 28, 29],\n [30, 31, 32, 33, 34, 35]])")
    assert "..." in tensor_repr(np.zeros((7, 6), F32))
    assert "..." in tensor_repr(np.zeros((6, 7), F32))


def test_1000_element_1d_is_printed_in_full():
    text = tensor_repr(np.arange(1000, dtype=F32))
    assert "..." not in text
    # 1000 = 83 full lines of 12, then 4 more; each break is ", \n "
    assert text.count(", \n ") == 83
    assert text.endswith(" 9.99000000e+02])")


def test_int_width_counts_only_printed_elements():
    value = np.arange(14, dtype=np.int64).reshape(2, 7)
    value[0, 3] = -123456  # elided, so it does not widen the columns
    assert tensor_repr(value) == CASES["(2,7) int"][1]


def test_non_contiguous_view_prints_like_its_copy():
    value = np.arange(24, dtype=F32).reshape(2, 3, 4).transpose(2, 0, 1)
    assert tensor_repr(value) == tensor_repr(np.ascontiguousarray(value))
    assert tensor_str(value) == tensor_str(np.ascontiguousarray(value))


def test_str_ignores_global_numpy_print_options():
    value = np.array([1 / 3, NAN], F32)
    with np.printoptions(precision=2, nanstr="NaN", threshold=5, linewidth=10):
        assert tensor_str(value) == "[0.33333334        nan]"
        assert tensor_str(np.arange(2000, dtype=F32)) == CASES["1-D 2000 floats"][2]
        assert tensor_str(np.arange(13, dtype=F32)) == CASES["1-D 13 floats"][2]


@pytest.mark.parametrize("np_dtype, name", [
    (np.float16, "Float16"), (np.float32, "Float32"), (np.float64, "Float64"),
    (np.int8, "Int8"), (np.int16, "Int16"), (np.int32, "Int32"), (np.int64, "Int64"),
    (np.uint8, "UInt8"), (np.uint16, "UInt16"), (np.uint32, "UInt32"), (np.uint64, "UInt64"),
    (np.bool_, "Bool"), (np.complex64, "Complex64"), (np.complex128, "Complex128"),
])
def test_dtype_name(np_dtype, name):
    assert dtype_name(np_dtype) == name
    assert dtype_name(np.dtype(np_dtype)) == name


def test_dtype_name_rejects_unknown_dtype():
    with pytest.raises(TypeError):
        dtype_name(np.dtype("U3"))


@pytest.mark.parametrize("args, expected", [
    (("z", (1,), "Float32", True),
     "Parameter (name=z, shape=(1,), dtype=Float32, requires_grad=True)"),
    (("w", (2, 3), "Float32", True),
     "Parameter (name=w, shape=(2, 3), dtype=Float32, requires_grad=True)"),
    (("Parameter#2", [1], "Float32", True),
     "Parameter (name=Parameter#2, shape=(1,), dtype=Float32, requires_grad=True)"),
    (("s", (), "Float32", True), "Parameter (name=s, shape=(), dtype=Float32, requires_grad=True)"),
    (("b", (2,), "Int64", False),
     "Parameter (name=b, shape=(2,), dtype=Int64, requires_grad=False)"),
])
def test_parameter_repr(args, expected):
    assert parameter_repr(*args) == expected


def test_unnamed_parameters_are_numbered_as_in_mindspore():
    # MindSpore 2.10's first unnamed Parameter in a program is Parameter#2,
    # whatever named Parameters, Dense layers or optimizers came before it.
    program = ("import dualgrad as ms\n"
               "w = ms.Parameter(ms.Tensor([1.0]), name='w')\n"
               "dense = ms.nn.Dense(2, 3)\n"
               "a = ms.Parameter(ms.Tensor([1.0]))\n"
               "b = ms.Parameter(ms.Tensor([1.0]))\n"
               "print(a.name, b.name)\n")
    # A fresh process importing the same dualgrad as this one, from a neutral
    # folder: "-c" puts the working folder first on sys.path, and a source
    # checkout there (no compiled extensions) would shadow the installed package.
    root = str(pathlib.Path(dualgrad.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         check=True, env=env, cwd=tempfile.gettempdir()).stdout
    assert out.split() == ["Parameter#2", "Parameter#3"]


# ---- several hundred cases recorded from MindSpore (random shapes, dtypes and magnitudes) ----
_FIXTURE = pathlib.Path(__file__).resolve().parent / "data" / "mindspore_repr_cases.json"
_RECORDED = json.loads(_FIXTURE.read_text())


def _rebuild(case):
    """The recorded array; complex ones are stored as separate real and imaginary parts."""
    dtype = np.dtype(case["dtype"])
    if dtype.kind != "c":
        return np.array(case["array"], dtype).reshape(case["shape"])
    value = np.empty(case["shape"], dtype)  # set parts separately to keep -0.0 and nan intact
    value.real = np.array(case["array"], value.real.dtype).reshape(case["shape"])
    value.imag = np.array(case["imag"], value.real.dtype).reshape(case["shape"])
    return value


@pytest.mark.parametrize("name", list(_RECORDED))
def test_fixture_case(name):
    case = _RECORDED[name]
    value = _rebuild(case)
    assert tensor_repr(value) == case["repr"]
    assert tensor_str(value) == case["str"]
