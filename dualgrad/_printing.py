"""Exact MindSpore 2.10 text formats for tensors and parameters.

MindSpore prints a tensor in two unrelated ways:

* ``str(t)`` / ``print(t)`` is ``str(t.asnumpy())``: NumPy's own array string with NumPy's
  default print options.
* ``repr(t)`` comes from MindSpore's C++ ``Tensor::ToStringRepr`` and has its own layout
  (``%e``-style floats, comma separators, its own summarization and line-wrapping rules).

Everything here is pure Python + NumPy so that it can be checked against recorded MindSpore
output (tests/data/mindspore_repr_cases.json) without MindSpore installed.
"""

import math

import numpy as np

__all__ = ["dtype_name", "tensor_repr", "tensor_str", "parameter_repr"]

# MindSpore's names for the NumPy dtypes it shares with us.
_DTYPE_NAMES = {
    np.dtype(np.float16): "Float16",
    np.dtype(np.float32): "Float32",
    np.dtype(np.float64): "Float64",
    np.dtype(np.int8): "Int8",
    np.dtype(np.int16): "Int16",
    np.dtype(np.int32): "Int32",
    np.dtype(np.int64): "Int64",
    np.dtype(np.uint8): "UInt8",
    np.dtype(np.uint16): "UInt16",
    np.dtype(np.uint32): "UInt32",
    np.dtype(np.uint64): "UInt64",
    np.dtype(np.bool_): "Bool",
    np.dtype(np.complex64): "Complex64",
    np.dtype(np.complex128): "Complex128",
}


def _pre_numpy23_legacy():
    """The ``legacy`` print option that gives NumPy < 2.3 output with the installed NumPy.

    MindSpore 2.10 was recorded with NumPy 1.26. NumPy 2.3 made float16/float32 switch to
    scientific notation earlier (``str(np.float32(1e10))`` became ``1e+10`` instead of
    ``10000000000.0``, ``[17655254.]`` became ``[1.7655254e+07]``); its ``legacy="2.2"``
    undoes that. Older NumPy doesn't know that value (and needs nothing).
    """
    major, minor = (int(part) for part in np.__version__.split(".")[:2])
    return "2.2" if (major, minor) >= (2, 3) else False


# NumPy's default print options: ``str(Tensor)`` is ``str(ndarray)`` inside MindSpore's
# process, where nobody changed them. Pinning them keeps our output independent of the
# caller's ``np.set_printoptions``.
_NUMPY_DEFAULT_PRINTOPTIONS = dict(
    edgeitems=3, threshold=1000, floatmode="maxprec", precision=8, suppress=False,
    linewidth=75, nanstr="nan", infstr="inf", sign="-", formatter=None,
    legacy=_pre_numpy23_legacy(),
)

# Layout rules of MindSpore's C++ printer (checked against MindSpore 2.10 itself).
# In a tensor of ndim >= 2, any axis longer than 6 is cut to its first 3 and last 3 entries;
# a 1-D tensor is cut only when it has more than 1000 elements.
_SUMMARY_AXIS_LEN = 6
_SUMMARY_1D_LEN = 1000
_EDGE_ITEMS = _SUMMARY_AXIS_LEN // 2
# A fully printed 1-D tensor gets a line feed after every 12 floats or bools and after every
# 24 integers or complex numbers (twice and four times the axis limit of 6 in MindSpore).
_PER_LINE_FLOAT_BOOL = 12
_PER_LINE_OTHER = 24


def dtype_name(np_dtype):
    """Return MindSpore's printed name of a NumPy dtype (``float32`` -> ``'Float32'``).

    Raises TypeError for dtypes MindSpore has no counterpart for.
    """
    try:
        return _DTYPE_NAMES[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(f"no MindSpore dtype for numpy dtype {np.dtype(np_dtype)}") from None


def tensor_str(value):
    """Return ``str(Tensor)`` / ``print(Tensor)`` text: NumPy's ``str`` with default options.

    A 0-d array prints as its scalar (``2.5``, ``3.0``, ``True``). The result is the same
    with any installed NumPy (see _NUMPY_DEFAULT_PRINTOPTIONS).
    """
    with np.printoptions(**_NUMPY_DEFAULT_PRINTOPTIONS):
        return str(np.asarray(value))


def tensor_repr(value):
    """Return MindSpore's ``repr(Tensor)`` for the array ``value``.

    Example: ``Tensor(shape=[1], dtype=Float32, value= [ 3.00000000e+00])``. Arrays with two
    or more dimensions start their value on a new line.
    """
    value = np.asarray(value)
    shape = "[" + ", ".join(str(n) for n in value.shape) + "]"
    lead = "\n" if value.ndim > 1 else " "
    name = dtype_name(value.dtype)
    return f"Tensor(shape={shape}, dtype={name}, value={lead}{_value_repr(value)})"


def parameter_repr(name, shape, dtype_str, requires_grad):
    """Return MindSpore's ``repr``/``str`` of a Parameter; its value is never shown.

    Example: ``Parameter (name=z, shape=(1,), dtype=Float32, requires_grad=True)``.
    """
    shape = tuple(int(n) for n in shape)
    return (f"Parameter (name={name}, shape={shape}, dtype={dtype_str}, "
            f"requires_grad={bool(requires_grad)})")


# --------------------------------------------------------------------------------------------
# C++ number formatting. Python's %-formatting matches glibc's printf for finite values and
# +-inf, but prints a NaN with its sign bit set as "nan" where C++ prints "-nan".

def _c_nan(x):
    return "-nan" if math.copysign(1.0, x) < 0 else "nan"


def _c_general(x):
    """``std::ostream << x`` with default flags: like ``%g`` (6 significant digits)."""
    x = float(x)
    return _c_nan(x) if math.isnan(x) else "%g" % x


def _c_scientific(x, width, precision):
    """``setw(width) << setprecision(precision) << scientific << right << x``."""
    x = float(x)
    if math.isnan(x):
        return _c_nan(x).rjust(width)
    return "%*.*e" % (width, precision, x)


def _c_complex(z):
    """MindSpore writes complex numbers as real part, imaginary part (sign included), 'j'.

    Both parts use the default stream format, also inside arrays. The '+' is only added when
    the imaginary part's own text has no leading '-' (so -0.0 and -nan give '1-0j', '1-nanj').
    """
    imag = _c_general(z.imag)
    return _c_general(z.real) + ("" if imag.startswith("-") else "+") + imag + "j"


def _scalar_repr(x, kind):
    """Value text of a 0-d tensor: the C++ default stream format, no padding."""
    if kind == "b":
        return "True" if x else "False"
    if kind == "f":
        return _c_general(x)
    if kind == "c":
        return _c_complex(x)
    return str(int(x))  # int8/uint8 print as numbers, not characters


def _element_formatter(dtype):
    """Formatter of one array element (ndim >= 1), before integer column alignment."""
    if dtype == np.float16:
        # float16 gets 4 decimals in an 11-wide column, float32/64 get 8 in a 15-wide one;
        # the extra column holds the sign, so positive numbers start with a space.
        return lambda x: _c_scientific(x, 11, 4)
    if dtype.kind == "f":
        return lambda x: _c_scientific(x, 15, 8)
    if dtype.kind == "b":
        return lambda x: "True".rjust(5) if x else "False"
    if dtype.kind == "c":
        return _c_complex
    return lambda x: str(int(x))


def _value_repr(value):
    """The part of ``repr(Tensor)`` after ``value=``."""
    if value.size == 0:
        return ""
    if value.ndim == 0:
        return _scalar_repr(value[()], value.dtype.kind)

    # Indices printed along each axis: all of them, or the first 3 and last 3.
    limit = _SUMMARY_1D_LEN if value.ndim == 1 else _SUMMARY_AXIS_LEN
    kept = [
        list(range(_EDGE_ITEMS)) + list(range(n - _EDGE_ITEMS, n)) if n > limit else list(range(n))
        for n in value.shape
    ]
    summarized = [n > limit for n in value.shape]

    fmt = _element_formatter(value.dtype)
    shown = value[np.ix_(*kept)]
    cells = np.array([fmt(x) for x in shown.flat], dtype=object).reshape(shown.shape)
    if value.dtype.kind in "iu":
        # Integers are right-aligned to the widest one actually printed (elided ones don't count).
        width = max(len(c) for c in cells.flat)
        cells = np.array([c.rjust(width) for c in cells.flat], dtype=object).reshape(shown.shape)

    per_line = _PER_LINE_FLOAT_BOOL if value.dtype.kind in "fb" else _PER_LINE_OTHER
    return _nested_repr(cells, summarized, 0, per_line)


def _nested_repr(cells, summarized, depth, per_line):
    """Bracketed text of ``cells`` (already formatted, already cut down to the kept entries)."""
    if cells.ndim == 1:
        items = list(cells)
        if summarized[depth]:
            # No commas around the ellipsis, and no line feeds in a summarized row.
            return ("[" + ", ".join(items[:_EDGE_ITEMS]) + " ... "
                    + ", ".join(items[_EDGE_ITEMS:]) + "]")
        if depth > 0:  # rows of an N-D tensor are never wrapped
            return "[" + ", ".join(items) + "]"
        # A 1-D tensor breaks its line after every per_line-th element. The break follows the
        # ", " separator, and also comes after the last element when the count is an exact
        # multiple (giving "...e+01\n ]").
        out = []
        for i, item in enumerate(items):
            out.append(item)
            if i != len(items) - 1:
                out.append(", ")
            if (i + 1) % per_line == 0:
                out.append("\n ")
        return "[" + "".join(out) + "]"

    # Sub-arrays go on their own lines, indented to sit under the opening bracket. Unlike
    # NumPy there is no blank line between blocks, and the ellipsis line has a comma before
    # it but none after it.
    sep = ",\n" + " " * (depth + 1)
    rows = [_nested_repr(sub, summarized, depth + 1, per_line) for sub in cells]
    if summarized[depth]:
        indent = "\n" + " " * (depth + 1)
        return ("[" + sep.join(rows[:_EDGE_ITEMS]) + sep + "..." + indent
                + sep.join(rows[_EDGE_ITEMS:]) + "]")
    return "[" + sep.join(rows) + "]"
