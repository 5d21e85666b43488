"""Checkpoints that lose nothing and run no code: MindSpore's three functions.

``save_checkpoint(save_obj, ckpt_file_name)`` writes the parameters of a Cell
(or a list of Parameters, or a list of ``{'name': ..., 'data': ...}`` dicts,
or a dict of name -> value), ``load_checkpoint(ckpt_file_name)`` reads them
back as a dict of name -> Parameter, and ``load_param_into_net(net, params)``
copies them into a network, as MindSpore's functions of the same names do.

>>> import os, tempfile
>>> from dualgrad import nn
>>> from dualgrad.checkpoint import save_checkpoint, load_checkpoint, load_param_into_net
>>> net = nn.Dense(3, 2)
>>> path = os.path.join(tempfile.mkdtemp(), "dense")
>>> save_checkpoint(net, path)                   # writes dense.ckpt
>>> params = load_checkpoint(path + ".ckpt")
>>> sorted(params)
['bias', 'weight']
>>> load_param_into_net(nn.Dense(3, 2), params)
([], [])

The file format
---------------
dualgrad's own binary format, readable without running any code from the
file: no pickle, no protobuf, no ``np.load``.  All integers are
little-endian.

======  ====  ==========================================================
offset  size  field
======  ====  ==========================================================
0       8     magic ``b"\\x89DGCKPT\\n"`` (the high-bit byte and the newline
              catch a file mangled by a text-mode transfer)
8       4     format version, uint32 (this module writes and reads 1)
12      4     flags, uint32, 0 (reserved)
16      8     L: byte length of the index, uint64
24      8     D: byte length of the data region, uint64
32      L     the index: UTF-8 JSON, described below
32+L    P     zero bytes up to a multiple of 64 (P = -(32 + L) mod 64)
32+L+P  D     the data: every array's raw bytes, little-endian, C order,
              each starting at a multiple of 64 from the data's start
end-32  32    SHA-256 of every byte before it
======  ====  ==========================================================

The index is ``{"format": "dualgrad-checkpoint", "version": 1, "entries":
[...]}`` with one entry per saved item, in saving order::

    {"name": "fc.weight", "kind": "tensor", "dtype": "float32",
     "shape": [2, 3], "offset": 0, "nbytes": 24, "requires_grad": true}
    {"name": "note", "kind": "str", "value": "any text"}

``dtype`` is one of bool, int8, int16, int32, int64, uint8, uint16, uint32,
uint64, float16, float32, float64: arrays of any other dtype (object arrays
above all) cannot be saved, and an index naming one is refused.

Loading checks, before building any array: the magic and version; that the
file is exactly as long as its header says (a shorter file is reported as
truncated); the SHA-256 (any flipped bit is reported as corruption); then
every index field (types, dtypes, shapes, byte counts, offsets within the
data region, unique names).  A file in another format -- a pickle, a NumPy
``.npy``/``.npz``, a PyTorch or MindSpore checkpoint, HDF5, safetensors -- is
refused with a ``ValueError`` that names what it looks like; nothing in it is
ever executed.

Writing is atomic: the bytes go to a temporary file in the destination's
directory, which is flushed and fsync'ed and then renamed over the
destination (``os.replace``), and the directory is fsync'ed.  A crash or an
exception at any point before the rename leaves an existing checkpoint of the
same name untouched (a crashed process may leave a ``.<name>.*.tmp`` file
behind, never a half-written checkpoint under the real name).

Differences from MindSpore 2.10, on purpose
-------------------------------------------
- The format is not MindSpore's protobuf, so checkpoints are not
  interchangeable with MindSpore's (a MindSpore ``.ckpt`` is refused clearly).
- ``requires_grad`` is saved and restored by ``load_checkpoint`` (MindSpore
  returns every Parameter with ``requires_grad=True``).
- Zero-size arrays are saved and loaded (MindSpore drops them).  An empty
  checkpoint loads as an empty dict (MindSpore raises).
- Two items with the same name are refused when saving (MindSpore keeps the
  last silently).
- ``save_checkpoint`` also accepts a dict of name -> Parameter, Tensor, NumPy
  array or str (MindSpore 2.10 fails on a dict of Tensors).
- ``async_save`` is accepted, and the save happens before the call returns.
- ``load_param_into_net`` checks every matched parameter first and raises one
  ``ValueError`` listing every shape or dtype mismatch, leaving the network
  untouched (MindSpore raises ``RuntimeError`` on the first one, after loading
  the parameters before it).
- ``strict_load=True`` raises ``ValueError`` naming the network's parameters
  that the checkpoint lacks (MindSpore returns them); with the default
  ``strict_load=False`` they are returned as in MindSpore.  Checkpoint entries
  that the network does not use never raise: they are returned.
- ``ckpt_not_load`` lists exactly the checkpoint entries that were not used
  (MindSpore 2.10 also keeps there the entries it loaded by prefix matching).
- A missing file raises an error that is both a ``FileNotFoundError`` and a
  ``ValueError`` (MindSpore raises ``ValueError``); a directory given as the
  file to save raises one that is both ``IsADirectoryError`` and
  ``ValueError``.
- Encryption (``enc_key``/``dec_key``) and other formats than ``'ckpt'`` are
  not supported: they raise ``ValueError``.
"""
import hashlib
import json
import os
import secrets
import struct

import numpy as np

from ._core import primal_value
from ._parameter import Parameter
from ._tensor import Tensor, value_of

__all__ = ["save_checkpoint", "load_checkpoint", "load_param_into_net"]

MAGIC = b"\x89DGCKPT\n"
VERSION = 1
_HEADER = struct.Struct("<8sIIQQ")      # magic, version, flags, index length, data length
_DIGEST = 32                            # SHA-256
_ALIGN = 64
_FORMAT_NAME = "dualgrad-checkpoint"
_DTYPES = {name: np.dtype(name).newbyteorder("<") for name in (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64")}
_BY_DTYPE = {np.dtype(name): name for name in _DTYPES}


class CheckpointNotFoundError(FileNotFoundError, ValueError):
    """The checkpoint file does not exist (MindSpore raises ValueError here)."""


class CheckpointPathIsDirectoryError(IsADirectoryError, ValueError):
    """The path given as a checkpoint file is a directory."""


# ---------------------------------------------------------------------------
# Saving

def _pad(n):
    return -n % _ALIGN


def _check_path(ckpt_file_name, who):
    if isinstance(ckpt_file_name, os.PathLike):
        ckpt_file_name = os.fspath(ckpt_file_name)
    if not isinstance(ckpt_file_name, str):
        raise TypeError(f"{who}: ckpt_file_name must be a str (a file path), got "
                        f"{type(ckpt_file_name).__name__}")
    if not ckpt_file_name:
        raise ValueError(f"{who}: ckpt_file_name must not be empty")
    return ckpt_file_name


def _array_of(value, what):
    """A C-contiguous, native array copy of a saveable value, with a checked dtype."""
    if isinstance(value, Parameter):
        arr = value._data            # its own values, even inside a transform
    elif isinstance(value, Tensor):
        arr = primal_value(value_of(value))
    elif isinstance(value, np.ndarray):
        arr = value
    elif isinstance(value, (bool, int, float, np.generic)):
        arr = Tensor(value).asnumpy()
    else:
        raise TypeError(f"save_checkpoint: {what} must be a Parameter, a Tensor or a NumPy "
                        f"array, got {type(value).__name__}")
    arr = np.asarray(arr)
    name = _BY_DTYPE.get(arr.dtype.newbyteorder("="))
    if name is None:
        raise TypeError(f"save_checkpoint: {what} has dtype {arr.dtype}, which a checkpoint "
                        f"cannot hold; expected one of {', '.join(_DTYPES)}")
    return np.array(arr, dtype=_DTYPES[name], order="C", copy=True), name


def _items(save_obj, choice_func):
    """[(name, kind, payload, requires_grad)] from MindSpore's accepted forms."""
    from .nn.cell import Cell
    items = []
    if isinstance(save_obj, Cell):
        for _, p in save_obj.parameters_and_names():
            items.append((p.name, p, f"parameter {p.name!r}"))
    elif isinstance(save_obj, (list, tuple)):
        dict_form = bool(save_obj) and isinstance(save_obj[0], dict)
        for i, element in enumerate(save_obj):
            if dict_form:
                if not (isinstance(element, dict) and "name" in element and "data" in element):
                    raise TypeError(f"save_checkpoint: save_obj[{i}] must be a dict with keys "
                                    f"'name' and 'data' (like save_obj[0]), got "
                                    f"{element!r:.80}")
                if not isinstance(element["name"], str):
                    raise TypeError(f"save_checkpoint: save_obj[{i}]['name'] must be a str, got "
                                    f"{type(element['name']).__name__}")
                items.append((element["name"], element["data"], f"save_obj[{i}]['data']"))
            elif isinstance(element, Parameter):
                items.append((element.name, element, f"save_obj[{i}] ({element.name!r})"))
            else:
                raise TypeError(f"save_checkpoint: save_obj[{i}] must be a Parameter (or every "
                                f"element a dict {{'name': ..., 'data': ...}}), got "
                                f"{type(element).__name__}")
    elif isinstance(save_obj, dict):
        for key, value in save_obj.items():
            if not isinstance(key, str):
                raise TypeError(f"save_checkpoint: the keys of save_obj must be str names, got "
                                f"{type(key).__name__}")
            items.append((key, value, f"save_obj[{key!r}]"))
    else:
        raise TypeError(f"save_checkpoint: save_obj must be a Cell, a list of Parameters, a "
                        f"list of dicts {{'name': ..., 'data': ...}} or a dict, got "
                        f"{type(save_obj).__name__}")
    if choice_func is not None:
        items = [it for it in items if choice_func(it[0])]
    return items


def _entries(items):
    """The index entries and the arrays to write, checking names and values."""
    entries, arrays, seen, offset = [], [], set(), 0
    for name, value, what in items:
        if not isinstance(name, str) or not name:
            raise ValueError(f"save_checkpoint: {what}: names must be non-empty str, got "
                             f"{name!r}")
        if name in seen:
            raise ValueError(f"save_checkpoint: the name {name!r} appears twice; every saved "
                             "item needs its own name")
        seen.add(name)
        if isinstance(value, str):
            entries.append({"name": name, "kind": "str", "value": value})
            continue
        arr, dtype_name = _array_of(value, what)
        offset += _pad(offset)
        entries.append({"name": name, "kind": "tensor", "dtype": dtype_name,
                        "shape": list(arr.shape), "offset": offset, "nbytes": arr.nbytes,
                        "requires_grad": bool(getattr(value, "requires_grad", True))})
        arrays.append((offset, arr))
        offset += arr.nbytes
    return entries, arrays, offset


def _chunks(entries, arrays, data_len):
    """The file's bytes, in order, without the final digest."""
    index = json.dumps({"format": _FORMAT_NAME, "version": VERSION, "entries": entries},
                       ensure_ascii=False, allow_nan=False,
                       separators=(",", ":")).encode("utf-8")
    yield _HEADER.pack(MAGIC, VERSION, 0, len(index), data_len)
    yield index
    yield b"\0" * _pad(_HEADER.size + len(index))
    position = 0
    for offset, arr in arrays:
        if offset > position:
            yield b"\0" * (offset - position)
        if arr.nbytes:
            yield memoryview(arr.reshape(-1).view(np.uint8))
        position = offset + arr.nbytes


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass        # some file systems cannot sync a directory; the rename is done
    finally:
        os.close(fd)


def _atomic_write(path, chunks):
    """Write ``chunks`` and their SHA-256 to ``path`` through a renamed temporary file."""
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    if not os.path.isdir(directory):
        raise ValueError(f"save_checkpoint: ckpt_file_name {path!r} is in a directory that "
                         "does not exist")
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 & ~umask: the permissions any new file would get.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o666)
            break
        except FileExistsError:
            continue
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                digest.update(chunk)
                f.write(chunk)
            f.write(digest.digest())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(directory)


def save_checkpoint(save_obj, ckpt_file_name, integrated_save=True, async_save=False,
                    append_dict=None, enc_key=None, enc_mode="AES-GCM", choice_func=None,
                    crc_check=False, format="ckpt", **kwargs):
    """Save parameters to ``ckpt_file_name`` (``.ckpt`` is appended if missing).

    ``save_obj`` is a Cell (all its parameters, trainable or not, under their
    names), a list of Parameters, a list of ``{'name': str, 'data': Tensor}``
    dicts, or a dict of name -> Parameter/Tensor/array/str.  ``append_dict``
    adds more items (numbers, Tensors, str); ``choice_func(name)`` returning
    False leaves an item out.  The values are copied when the call is made and
    the file is replaced atomically (see the module's documentation).

    >>> import os, tempfile, numpy as np, dualgrad as ms
    >>> from dualgrad.checkpoint import save_checkpoint, load_checkpoint
    >>> path = os.path.join(tempfile.mkdtemp(), "w.ckpt")
    >>> save_checkpoint([{'name': 'w', 'data': ms.Tensor(np.arange(3.0))}], path)
    >>> load_checkpoint(path)['w'].asnumpy()
    array([0., 1., 2.])
    """
    path = _check_path(ckpt_file_name, "save_checkpoint")
    if format != "ckpt":
        raise ValueError(f"save_checkpoint: format must be 'ckpt', got {format!r}")
    if enc_key is not None:
        raise ValueError("save_checkpoint: encryption (enc_key) is not supported")
    for name, flag in (("integrated_save", integrated_save), ("crc_check", crc_check)):
        if not isinstance(flag, bool):
            raise TypeError(f"save_checkpoint: {name} must be a bool, got {type(flag).__name__}")
    if not isinstance(async_save, (bool, str)):
        raise TypeError(f"save_checkpoint: async_save must be a bool, got "
                        f"{type(async_save).__name__}")
    if choice_func is not None and not callable(choice_func):
        raise TypeError(f"save_checkpoint: choice_func must be callable or None, got "
                        f"{type(choice_func).__name__}")
    if append_dict is not None and not isinstance(append_dict, dict):
        raise TypeError(f"save_checkpoint: append_dict must be a dict, got "
                        f"{type(append_dict).__name__}")
    if os.path.isdir(path):
        raise CheckpointPathIsDirectoryError(
            f"save_checkpoint: ckpt_file_name {path!r} is a directory; give a file name")
    items = _items(save_obj, choice_func)
    for key, value in (append_dict or {}).items():
        if not isinstance(key, str):
            raise TypeError(f"save_checkpoint: the keys of append_dict must be str, got "
                            f"{type(key).__name__}")
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Tensor,
                                                             np.ndarray, np.generic)):
            raise TypeError(f"save_checkpoint: append_dict[{key!r}] must be an int, float, "
                            f"str or Tensor, got {type(value).__name__}")
        items.append((key, value, f"append_dict[{key!r}]"))
    if not path.endswith(".ckpt"):
        path += ".ckpt"
    if os.path.isdir(path):
        raise CheckpointPathIsDirectoryError(
            f"save_checkpoint: ckpt_file_name {path!r} is a directory; give a file name")
    entries, arrays, data_len = _entries(items)
    _atomic_write(path, _chunks(entries, arrays, data_len))


# ---------------------------------------------------------------------------
# Loading

def _looks_like(head):
    """What a file that is not a dualgrad checkpoint seems to be (None: unknown)."""
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "a Python pickle"
    if head.startswith(b"\x93NUMPY"):
        return "a NumPy .npy file (which may carry pickled objects)"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "a zip archive (a NumPy .npz or a PyTorch checkpoint, which may carry pickles)"
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return "an HDF5 file"
    if len(head) >= 9 and head[8:9] == b"{":
        return "a safetensors file"
    if head[:1] == b"\x0a":
        return "a protobuf message such as a MindSpore checkpoint"
    if head[:1] in (b"(", b"]", b"}", b"c") and b"\n" in head[:64]:
        return "a Python pickle (protocol 0 or 1)"
    return None


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _parse_index(raw, data_len, where):
    def bad(reason):
        return ValueError(f"load_checkpoint: {where} is corrupted: {reason}")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad("its index is not UTF-8 text") from None
    def refuse_constant(name):
        raise ValueError(name)

    try:
        index = json.loads(text, parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        # json never executes anything; a crafted, deeply nested index ends in
        # RecursionError, which is reported like any other invalid index.
        raise bad("its index is not valid JSON") from None
    if (not isinstance(index, dict) or index.get("format") != _FORMAT_NAME
            or index.get("version") != VERSION or not isinstance(index.get("entries"), list)):
        raise bad("its index lacks the format name, the version or the list of entries")
    entries, names = [], set()
    for k, e in enumerate(index["entries"]):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"]:
            raise bad(f"entry {k} has no name")
        name = e["name"]
        if name in names:
            raise bad(f"the name {name!r} appears twice")
        names.add(name)
        kind = e.get("kind")
        if kind == "str":
            if not isinstance(e.get("value"), str):
                raise bad(f"entry {name!r} has no str value")
            entries.append(e)
            continue
        if kind != "tensor":
            raise bad(f"entry {name!r} has an unknown kind {kind!r}")
        dtype = e.get("dtype")
        if dtype not in _DTYPES:
            raise bad(f"entry {name!r} has dtype {dtype!r}; a checkpoint holds only "
                      f"{', '.join(_DTYPES)}")
        shape = e.get("shape")
        if not isinstance(shape, list) or not all(_is_int(n) and n >= 0 for n in shape):
            raise bad(f"entry {name!r} has an invalid shape {shape!r}")
        offset, nbytes = e.get("offset"), e.get("nbytes")
        if not (_is_int(offset) and _is_int(nbytes) and offset >= 0 and nbytes >= 0):
            raise bad(f"entry {name!r} has an invalid offset or byte count")
        count = 1
        for n in shape:
            count *= n          # Python ints: no overflow
        if nbytes != count * _DTYPES[dtype].itemsize:
            raise bad(f"entry {name!r}: {nbytes} bytes cannot hold shape {tuple(shape)} of "
                      f"{dtype}")
        if offset + nbytes > data_len:
            raise bad(f"entry {name!r} lies outside the data region")
        if not isinstance(e.get("requires_grad", True), bool):
            raise bad(f"entry {name!r} has a non-bool requires_grad")
        entries.append(e)
    return entries


def _read(path):
    """The validated index entries and data region of the checkpoint at ``path``."""
    where = f"the checkpoint file {path!r}"
    if os.path.isdir(path):
        raise ValueError(f"load_checkpoint: ckpt_file_name {path!r} is a directory, not a "
                         "checkpoint file")
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except FileNotFoundError:
        hint = ""
        if not path.endswith(".ckpt") and os.path.exists(path + ".ckpt"):
            hint = f" ({path + '.ckpt'!r} exists: save_checkpoint appends '.ckpt')"
        raise CheckpointNotFoundError(
            f"load_checkpoint: the checkpoint file ckpt_file_name={path!r} does not exist"
            + hint) from None
    head = blob[:_HEADER.size]
    if not blob:
        raise ValueError(f"load_checkpoint: {where} is empty (0 bytes): truncated, or not a "
                         "checkpoint")
    if not blob.startswith(MAGIC):
        if len(blob) < len(MAGIC) and MAGIC.startswith(blob):
            raise ValueError(f"load_checkpoint: {where} is truncated ({len(blob)} bytes)")
        kind = _looks_like(blob[:64])
        raise ValueError(
            f"load_checkpoint: {where} is not a dualgrad checkpoint (it lacks the "
            f"{MAGIC!r} header; " + (f"it looks like {kind}" if kind else "its content is "
                                     "of no format dualgrad knows")
            + "). It is refused: dualgrad never unpickles or executes the content of a "
            "checkpoint")
    if len(blob) < _HEADER.size + _DIGEST:
        raise ValueError(f"load_checkpoint: {where} is truncated ({len(blob)} bytes, shorter "
                         "than a header and a checksum)")
    _, version, flags, index_len, data_len = _HEADER.unpack(head)
    if version != VERSION:
        raise ValueError(f"load_checkpoint: {where} has format version {version}; this "
                         f"dualgrad reads version {VERSION}")
    expected = _HEADER.size + index_len + _pad(_HEADER.size + index_len) + data_len + _DIGEST
    if len(blob) < expected:
        raise ValueError(f"load_checkpoint: {where} is truncated: its header announces "
                         f"{expected} bytes, the file has {len(blob)}")
    if len(blob) > expected:
        raise ValueError(f"load_checkpoint: {where} is corrupted: it has {len(blob) - expected}"
                         " unexpected trailing bytes")
    body = memoryview(blob)[:-_DIGEST]
    if hashlib.sha256(body).digest() != blob[-_DIGEST:]:
        raise ValueError(f"load_checkpoint: {where} is corrupted: its SHA-256 checksum does "
                         "not match its content")
    if flags != 0:
        raise ValueError(f"load_checkpoint: {where} uses flags {flags:#x} that this dualgrad "
                         "does not know")
    index = bytes(body[_HEADER.size:_HEADER.size + index_len])
    entries = _parse_index(index, data_len, where)
    start = _HEADER.size + index_len + _pad(_HEADER.size + index_len)
    return entries, body[start:start + data_len]


def _prefixes(value, what):
    if value is None:
        return None
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"load_checkpoint: {what} must be a str or a list/tuple of str, got "
                        f"{value!r:.80}")
    return tuple(value)


def load_checkpoint(ckpt_file_name, net=None, strict_load=False, filter_prefix=None,
                    dec_key=None, dec_mode="AES-GCM", specify_prefix=None, choice_func=None,
                    crc_check=False, remove_redundancy=False, format="ckpt"):
    """Read a checkpoint: a dict of name -> Parameter (str for saved strings), in saved order.

    Values are bit-exact copies of what was saved, with their dtypes.
    ``specify_prefix`` keeps only names starting with it (or one of them),
    ``filter_prefix`` drops names starting with it, ``choice_func(name)``
    returning False drops a name.  With ``net``, the parameters are also
    loaded into it by ``load_param_into_net(net, params, strict_load)``.

    Raises ``ValueError`` for a file that is missing (also a
    ``FileNotFoundError``), truncated, corrupted or not a dualgrad checkpoint.
    """
    path = _check_path(ckpt_file_name, "load_checkpoint")
    if format != "ckpt":
        raise ValueError(f"load_checkpoint: format must be 'ckpt', got {format!r}")
    if dec_key is not None:
        raise ValueError("load_checkpoint: decryption (dec_key) is not supported")
    if not isinstance(strict_load, bool):
        raise TypeError(f"load_checkpoint: strict_load must be a bool, got "
                        f"{type(strict_load).__name__}")
    if choice_func is not None and not callable(choice_func):
        raise TypeError(f"load_checkpoint: choice_func must be callable or None, got "
                        f"{type(choice_func).__name__}")
    specify = _prefixes(specify_prefix, "specify_prefix")
    drop = _prefixes(filter_prefix, "filter_prefix")
    entries, data = _read(path)
    out = {}
    for e in entries:
        name = e["name"]
        if specify is not None and not name.startswith(specify):
            continue
        if drop is not None and name.startswith(drop):
            continue
        if choice_func is not None and not choice_func(name):
            continue
        if e["kind"] == "str":
            out[name] = e["value"]
            continue
        dtype = _DTYPES[e["dtype"]]
        raw = data[e["offset"]:e["offset"] + e["nbytes"]]
        arr = np.frombuffer(raw, dtype=dtype).reshape(tuple(e["shape"]))
        arr = arr.astype(dtype.newbyteorder("="), copy=True)
        out[name] = Parameter(Tensor(arr), name=name,
                              requires_grad=e.get("requires_grad", True))
    if net is not None:
        load_param_into_net(net, out, strict_load)
    return out


def _match_by_prefix(missing, parameter_dict, used):
    """MindSpore's rule for names saved under a prefix: find one prefix and apply it.

    Returns {net name: checkpoint name}.
    """
    found, pending = {}, list(missing)
    tried = set()
    while pending:
        prefix = None
        for net_name in pending:
            for ckpt_name in parameter_dict:
                if (ckpt_name not in used and ckpt_name != net_name
                        and ckpt_name.endswith(net_name)):
                    candidate = ckpt_name[:-len(net_name)]
                    if candidate not in tried:
                        prefix = candidate
                        break
            if prefix is not None:
                break
        if prefix is None:
            break
        tried.add(prefix)
        for net_name in list(pending):
            key = prefix + net_name
            if key in parameter_dict and key not in used:
                found[net_name] = key
                used.add(key)
                pending.remove(net_name)
    return found


def load_param_into_net(net, parameter_dict, strict_load=False, remove_redundancy=False):
    """Copy checkpoint values into ``net``'s parameters; returns (param_not_load, ckpt_not_load).

    Each parameter of ``net`` takes the checkpoint value of the same name.
    With ``strict_load=False`` (the default, as in MindSpore) a parameter not
    found by name is looked up under a prefix the checkpoint adds (a net saved
    as a sub-cell ``fc`` loads into a bare ``Dense``), and a float (int) value
    is converted to a float (int) parameter of another width; the names of
    parameters left unloaded come back in ``param_not_load`` and unused
    checkpoint names in ``ckpt_not_load``.  With ``strict_load=True`` names
    and dtypes must match exactly, and a parameter the checkpoint lacks raises
    ``ValueError`` naming it.

    Every match is checked before anything is copied: a shape (or
    unconvertible dtype) mismatch raises one ``ValueError`` naming each
    parameter with both shapes, and leaves the network unchanged.
    """
    from .nn.cell import Cell
    if not isinstance(net, Cell):
        raise TypeError(f"load_param_into_net: net must be a Cell, got {type(net).__name__}")
    if not isinstance(parameter_dict, dict):
        raise TypeError(f"load_param_into_net: parameter_dict must be a dict of name -> "
                        f"Parameter (from load_checkpoint), got {type(parameter_dict).__name__}")
    if not isinstance(strict_load, bool):
        raise TypeError(f"load_param_into_net: strict_load must be a bool, got "
                        f"{type(strict_load).__name__}")
    for key, value in parameter_dict.items():
        if not isinstance(key, str) or not isinstance(value, (Tensor, str)):
            raise TypeError(f"load_param_into_net: parameter_dict must map str names to "
                            f"Parameters, got {type(key).__name__} -> {type(value).__name__}")
    params = [p for _, p in net.parameters_and_names()]
    used, matches, missing = set(), [], []
    for p in params:
        value = parameter_dict.get(p.name)
        if isinstance(value, Tensor):
            matches.append((p, p.name))
            used.add(p.name)
        elif value is None:
            missing.append(p.name)
    if missing and not strict_load:
        by_prefix = _match_by_prefix(missing, {k: v for k, v in parameter_dict.items()
                                               if isinstance(v, Tensor)}, used)
        for p in params:
            if p.name in by_prefix:
                matches.append((p, by_prefix[p.name]))
        missing = [name for name in missing if name not in by_prefix]
    if missing and strict_load:
        raise ValueError(f"load_param_into_net: strict_load=True and the checkpoint has no "
                         f"value for {len(missing)} parameter(s) of the net: {missing}")
    problems, plans = [], []
    for p, key in matches:
        new = np.asarray(primal_value(value_of(parameter_dict[key])))
        old = p._data
        if new.shape != old.shape:
            problems.append(f"{p.name!r}: the net's shape is {old.shape}, the checkpoint's "
                            f"({key!r}) is {new.shape}")
            continue
        if new.dtype != old.dtype:
            kinds = {new.dtype.kind, old.dtype.kind}
            convertible = kinds <= {"f"} or kinds <= {"i", "u"}
            if strict_load or not convertible:
                problems.append(f"{p.name!r}: the net's dtype is {old.dtype}, the checkpoint's "
                                f"({key!r}) is {new.dtype}"
                                + (" (strict_load=True converts none)" if convertible else ""))
                continue
        plans.append((p, new))
    if problems:
        raise ValueError(f"load_param_into_net: {len(problems)} parameter(s) of the net do not "
                         "match the checkpoint, nothing was loaded: " + "; ".join(problems))
    for p, new in plans:
        np.copyto(p._data, new, casting="unsafe")
    ckpt_not_load = [k for k in parameter_dict if k not in used]
    return missing, ckpt_not_load
