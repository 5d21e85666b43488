"""Embedding, EmbeddingLookup and MultiFieldEmbeddingLookup: trainable lookup
tables, in MindSpore 2.10's style."""
import numpy as np

from .. import _dtypes, _normalization as N, ops
from .._composite import _check_int
from .._parameter import Parameter
from .._tensor import Tensor, TensorFunction, wrap
from .basic import ClipByNorm
from .cell import Cell
from .initializers import initialize

__all__ = ["Embedding", "EmbeddingLookup", "MultiFieldEmbeddingLookup"]

_lookup = TensorFunction(lambda table, ids: N.lookup(table, ids, "Embedding", "ids"),
                         "Embedding")


class Embedding(Cell):
    """A table of ``vocab_size`` rows of ``embedding_size`` values (the Parameter
    ``embedding_table``, from the initializer ``embedding_table``); calling it
    on integer ids of any shape returns their rows, of shape ids.shape +
    (embedding_size,).  The gradient with respect to the table adds the
    output's gradient into the rows looked up (a scatter-add).  The row
    ``padding_idx`` starts at zero.  ``use_one_hot`` (a one-hot matrix
    product in MindSpore) gives the same values and gradients here.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> emb = nn.Embedding(4, 2, embedding_table=ms.Tensor(np.arange(8.0).reshape(4, 2)))
    >>> emb(ms.Tensor([[3, 0, 3]]))
    Tensor(shape=[1, 3, 2], dtype=Float64, value=
    [[[ 6.00000000e+00,  7.00000000e+00],
      [ 0.00000000e+00,  1.00000000e+00],
      [ 6.00000000e+00,  7.00000000e+00]]])
    >>> ms.grad(lambda ids: emb(ids).sum(), None, emb.embedding_table)(ms.Tensor([3, 0, 3]))
    Tensor(shape=[4, 2], dtype=Float64, value=
    [[ 1.00000000e+00,  1.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00],
     [ 0.00000000e+00,  0.00000000e+00],
     [ 2.00000000e+00,  2.00000000e+00]])
    """

    def __init__(self, vocab_size, embedding_size, use_one_hot=False, embedding_table="normal",
                 dtype=_dtypes.float32, padding_idx=None):
        super().__init__()
        owner = "Embedding"
        self.vocab_size = _check_int(vocab_size, "vocab_size", owner, 1)
        self.embedding_size = _check_int(embedding_size, "embedding_size", owner, 1)
        if not isinstance(use_one_hot, bool):
            raise TypeError(f"{owner}: use_one_hot must be a bool, got "
                            f"{type(use_one_hot).__name__}")
        self.use_one_hot = use_one_hot
        # MindSpore's dtype is that of the one-hot matrix only; the table keeps the
        # initializer's dtype (float32, or a given Tensor's).
        self.dtype = _dtypes.to_dtype(dtype)
        shape = (self.vocab_size, self.embedding_size)
        table = (initialize(embedding_table, shape, embedding_table.dtype)
                 if isinstance(embedding_table, Tensor) else initialize(embedding_table, shape))
        if padding_idx is not None:
            padding_idx = _check_int(padding_idx, "padding_idx", owner, 0)
            if padding_idx >= self.vocab_size:
                raise ValueError(f"{owner}: padding_idx must lie in [0, {self.vocab_size}), "
                                 f"got {padding_idx}")
            table[padding_idx] = 0
        self.padding_idx = padding_idx
        self.embedding_table = Parameter(Tensor(np.asarray(table)), name="embedding_table")

    def construct(self, ids):
        return _lookup(self.embedding_table, ids)

    def extend_repr(self):
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, "
                f"use_one_hot={self.use_one_hot}, embedding_table={self.embedding_table}, "
                f"dtype={self.dtype}, "
                f"padding_idx={self.padding_idx}")


_SLICE_MODES = ("batch_slice", "field_slice", "table_row_slice", "table_column_slice")


class EmbeddingLookup(Cell):
    """MindSpore's ``EmbeddingLookup`` on one device: a table of ``vocab_size``
    rows of ``embedding_size`` values (the Parameter ``embedding_table``,
    from ``param_init``) looked up by ``input_indices`` of any shape, an
    index outside [0, vocab_size) giving a row of zeros (as MindSpore's 'CPU'
    target, which both targets follow here).  With ``max_norm``, each row
    looked up is scaled down to that 2-norm at most (``ClipByNorm``).
    ``slice_mode`` and ``manual_shapes`` only shard the table across devices
    in MindSpore and are checked and kept.

    The gradient with respect to the table is dense, each looked-up row's
    gradient added into its row (MindSpore gives the rows' gradients per
    lookup, a sparse gradient, which sums to this).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> lookup = nn.EmbeddingLookup(3, 2, param_init=ms.Tensor(np.arange(6.0).reshape(3, 2)))
    >>> lookup(ms.Tensor(np.array([2, 5, 0], np.int32))).asnumpy().tolist()
    [[4.0, 5.0], [0.0, 0.0], [0.0, 1.0]]
    """

    BATCH_SLICE, FIELD_SLICE, TABLE_ROW_SLICE, TABLE_COLUMN_SLICE = _SLICE_MODES

    def __init__(self, vocab_size, embedding_size, param_init="normal", target="CPU",
                 slice_mode="batch_slice", manual_shapes=None, max_norm=None, sparse=True,
                 dtype=_dtypes.float32):
        super().__init__()
        self._set_table(vocab_size, embedding_size, param_init, target, slice_mode,
                        manual_shapes, "manual_shapes", max_norm, sparse, dtype)

    def _set_table(self, vocab_size, embedding_size, param_init, target, slice_mode,
                   manual_shapes, shapes_name, max_norm, sparse, dtype):
        """Check the arguments and make ``embedding_table`` (``manual_shapes`` named
        ``shapes_name``, as the subclass calls it)."""
        owner = type(self).__name__
        if not isinstance(sparse, bool):
            raise TypeError(f"{owner}: sparse must be a bool, got {type(sparse).__name__}")
        self.vocab_size = _check_int(vocab_size, "vocab_size", owner, 1)
        self.embedding_size = _check_int(embedding_size, "embedding_size", owner, 1)
        if target not in ("CPU", "DEVICE"):
            raise ValueError(f"{owner}: target must be 'CPU' or 'DEVICE', got {target!r}")
        if not sparse and target == "CPU":
            raise ValueError(f"{owner}: sparse must be True when target is 'CPU'")
        if slice_mode not in _SLICE_MODES:
            raise ValueError(f"{owner}: slice_mode must be one of {list(_SLICE_MODES)}, got "
                             f"{slice_mode!r}")
        if manual_shapes is not None and (not isinstance(manual_shapes, tuple) or any(
                isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in manual_shapes)):
            raise TypeError(f"{owner}: {shapes_name} must be None or a tuple of positive ints, "
                            f"got {manual_shapes!r}")
        if max_norm is not None:
            if not isinstance(max_norm, float):
                raise TypeError(f"{owner}: max_norm must be None or a float, got "
                                f"{type(max_norm).__name__}")
            if not max_norm > 0:
                raise ValueError(f"{owner}: max_norm must be > 0, got {max_norm}")
        self.target, self.slice_mode, self.manual_shapes = target, slice_mode, manual_shapes
        self.max_norm, self.sparse = max_norm, sparse
        shape = (self.vocab_size, self.embedding_size)
        table = initialize(param_init, shape, _dtypes.to_dtype(dtype))
        self.embedding_table = Parameter(Tensor(np.asarray(table)), name="embedding_table")

    def construct(self, input_indices):
        ids = wrap(self._input_value(input_indices, "input_indices"))
        raw = ids.asnumpy()
        if raw.dtype.kind not in "iu":
            raise TypeError(f"{type(self).__name__}: input_indices must be an integer tensor, "
                            f"got dtype {ids.dtype}")
        inside = (raw >= 0) & (raw < self.vocab_size)
        rows = ops.gather(self.embedding_table, Tensor(np.where(inside, raw, 0)), 0)
        out = rows * Tensor(inside[..., None].astype(_dtypes.to_numpy_dtype(rows.dtype)))
        if self.max_norm is not None:
            out = ClipByNorm(axis=out.ndim - 1)(out, Tensor(np.float32(self.max_norm)))
        return out


# float32's lowest value: MindSpore's MAX fills the padded entries with it
_FLOAT32_LOWEST = float(np.finfo(np.float32).min)


class MultiFieldEmbeddingLookup(EmbeddingLookup):
    """``EmbeddingLookup`` of (batch_size, seq_length) ``input_indices`` whose
    rows, each times its ``input_values`` weight, are combined per example and
    field (``field_ids``, in [0, field_size)) by ``operator``: 'SUM' adds them,
    'MEAN' divides that sum by the field's sum of |weights| (0 where that is 0),
    'MAX' takes their elementwise maximum, entries of weight 0 (padding) left
    out and a field of no weight giving zeros.  The output is (batch_size,
    field_size, embedding_size), a field no entry names being zeros.
    ``feature_num_list`` is MindSpore's ``manual_shapes`` (checked and kept).
    Ids outside [0, vocab_size) look up rows of zeros.  The gradient with
    respect to ``embedding_table`` adds each entry's weighted share into its
    row (MAX: the maximum's, ties sharing it equally, as MindSpore's).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.MultiFieldEmbeddingLookup(4, 2, field_size=2,
    ...                                    param_init=ms.Tensor(np.arange(8.0).reshape(4, 2)))
    >>> ids = ms.Tensor(np.array([[1, 2, 3]], np.int32))
    >>> values = ms.Tensor(np.array([[1.0, 2.0, 0.0]], np.float32))
    >>> fields = ms.Tensor(np.array([[0, 0, 1]], np.int32))
    >>> net(ids, values, fields).asnumpy().tolist()
    [[[10.0, 13.0], [0.0, 0.0]]]
    """

    OPERATOR_SUM, OPERATOR_MAX, OPERATOR_MEAN = "SUM", "MAX", "MEAN"

    def __init__(self, vocab_size, embedding_size, field_size, param_init="normal", target="CPU",
                 slice_mode="batch_slice", feature_num_list=None, max_norm=None, sparse=True,
                 operator="SUM", dtype=_dtypes.float32):
        Cell.__init__(self)
        self._set_table(vocab_size, embedding_size, param_init, target, slice_mode,
                        feature_num_list, "feature_num_list", max_norm, sparse, dtype)
        owner = type(self).__name__
        self.field_size = _check_int(field_size, "field_size", owner, 1)
        self.feature_num_list = feature_num_list
        if operator not in ("SUM", "MAX", "MEAN"):
            raise ValueError(f"{owner}: operator must be one of ['SUM', 'MAX', 'MEAN'], got "
                             f"{operator!r}")
        self.operator = operator

    def _inputs(self, input_indices, input_values, field_ids):
        """The three (batch_size, seq_length) inputs, checked as MindSpore checks them."""
        owner = type(self).__name__
        given = {"input_indices": (input_indices, ("int32", "int64")),
                 "input_values": (input_values, ("float32",)),
                 "field_ids": (field_ids, ("int32",))}
        out = []
        for name, (x, dtypes) in given.items():
            t = wrap(self._input_value(x, name))
            if t.ndim != 2:
                raise ValueError(f"{owner}: {name} must be 2-D (batch_size, seq_length), got "
                                 f"shape {t.shape}")
            if _dtypes.to_numpy_dtype(t.dtype).name not in dtypes:
                raise TypeError(f"{owner}: {name} must be of dtype {' or '.join(dtypes)}, got "
                                f"{t.dtype}")
            if out and t.shape != out[0].shape:
                raise ValueError(f"{owner}: {name} must have input_indices' shape "
                                 f"{out[0].shape}, got {t.shape}")
            out.append(t)
        fields = out[2].asnumpy()
        if fields.size and (fields.min() < 0 or fields.max() >= self.field_size):
            raise ValueError(f"{owner}: field_ids must lie in [0, {self.field_size}), got "
                             f"values from {fields.min()} to {fields.max()}")
        return out

    def construct(self, input_indices, input_values, field_ids):
        ids, values, fields = self._inputs(input_indices, input_values, field_ids)
        batch_size, seq_length = ids.shape
        rows = super().construct(ids)                        # (batch, seq, embedding)
        weights = ops.reshape(ops.cast(values, rows.dtype), (batch_size, seq_length, 1))
        embedding = weights * rows
        # one segment per example and field: example b's field f is b * field_size + f
        num_segments = batch_size * self.field_size
        segments = Tensor(fields.asnumpy().astype(np.int64)
                          + self.field_size * np.arange(batch_size)[:, None])
        if self.operator == "MAX":
            # padded entries (weight 0) sink to float32's lowest value, so that a
            # field's real entries win; a field of no weight is zeroed after
            padding = Tensor((values.asnumpy() == 0).astype(_dtypes.to_numpy_dtype(rows.dtype)))
            embedding = embedding + ops.expand_dims(padding, -1) * _FLOAT32_LOWEST
            merged = ops.unsorted_segment_max(embedding, segments, num_segments)
            weight_sum = ops.unsorted_segment_sum(ops.abs(values), segments, num_segments)
            merged = merged * ops.expand_dims(ops.cast(weight_sum != 0, rows.dtype), -1)
        else:
            merged = ops.unsorted_segment_sum(embedding, segments, num_segments)
            if self.operator == "MEAN":
                weight_sum = ops.expand_dims(ops.unsorted_segment_sum(
                    ops.cast(ops.abs(values), rows.dtype), segments, num_segments), -1)
                # (0 where a field has no weight: MindSpore's DivNoNan)
                empty = weight_sum == 0
                merged = ops.where(empty, 0.0, merged / ops.where(empty, 1.0, weight_sum))
        return ops.reshape(merged, (batch_size, self.field_size, self.embedding_size))

    def extend_repr(self):
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, "
                f"field_size={self.field_size}, operator={self.operator!r}")
