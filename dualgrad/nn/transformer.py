"""Attention and transformer layers: MultiheadAttention, TransformerEncoderLayer,
TransformerDecoderLayer, TransformerEncoder, TransformerDecoder and Transformer,
in MindSpore 2.10's style: its arguments, defaults, Parameter names, shapes and
initialization (``in_proj_weight`` XavierUniform, ``in_proj_bias`` zeros,
``out_proj`` a Dense, ``bias_k``/``bias_v`` XavierNormal; feed-forward
``dense1``/``dense2``, ``norm1``... LayerNorms), its calls and outputs.

Masks follow MindSpore: a bool mask is True where attention is not allowed
(-inf added to the scores), a float mask is added to them; a uint8
``attn_mask`` is read as bool.  A query row whose every key is masked gets NaN
weights and output (softmax of -inf only), as MindSpore in float64.

Everything is composed of the engine's operations (``dense``, ``matmul``,
``softmax``, ``concat``, ``reshape``, ``transpose``, ``LayerNorm``, ...), so
every transform differentiates the layers to any order.
"""
import copy
import math

import numpy as np

from .. import _dtypes, ops
from .._composite import _check_int
from .._functions import check_real
from .._parameter import Parameter
from .._tensor import Tensor
from .basic import Dropout, LayerNorm
from .cell import Cell
from .containers import CellList
from .initializers import HeUniform, Uniform, XavierNormal, XavierUniform, initialize, initializer
from .layers import Dense
from .normalization import _check_bool, _shape
from .rnn import _as_input, _check_same_dtype, _dtype, _dtype_name

__all__ = ["MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
           "TransformerEncoder", "TransformerDecoder", "Transformer"]


# ------------------------------------------------------------------ checks

def _check_dropout(value, owner):
    p = check_real(value, "dropout", owner)
    if not 0 <= p < 1:
        raise ValueError(f"{owner}: dropout must be in [0, 1) (a probability of zeroing), "
                         f"got {value}")
    return p


def _input(x, name, owner, dtype):
    return _check_same_dtype(_as_input(x, name, owner), name, dtype, owner, "layer")


def _check_mask_dtype(mask, name, owner, byte_ok):
    """A mask's kind: 'bool' or 'float' (a uint8 ``attn_mask`` is read as bool)."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"{owner}: {name} must be None or a bool or floating-point Tensor, "
                        f"got {type(mask).__name__}")
    kind = _dtype(mask)
    if kind == np.bool_ or (byte_ok and kind == np.uint8):
        return "bool"
    if kind.kind == "f":
        return "float"
    allowed = "bool, uint8 or floating-point" if byte_ok else "bool or floating-point"
    raise TypeError(f"{owner}: {name} must be a {allowed} Tensor, got dtype "
                    f"{_dtype_name(kind)}")


def _additive(mask, kind, np_dtype):
    """The mask as numbers added to the scores: True -> -inf, False -> 0."""
    dtype = _dtypes.to_dtype(np_dtype)
    if kind == "bool":
        mask = ops.cast(mask, _dtypes.bool_)
        return ops.masked_fill(ops.zeros(_shape(mask), dtype), mask, float("-inf"))
    return ops.cast(mask, dtype)


def _pad_columns(mask, extra):
    """``extra`` columns of zeros (not masked) after the last axis."""
    if not extra:
        return mask
    shape = _shape(mask)[:-1] + (extra,)
    return ops.concat((mask, ops.zeros(shape, _dtypes.to_dtype(_dtype(mask)))), -1)


# --------------------------------------------------------- MultiheadAttention

class MultiheadAttention(Cell):
    """Multi-head attention (Attention Is All You Need): the query, key and value
    projected by ``in_proj_weight`` (or ``q_proj_weight``, ``k_proj_weight``,
    ``v_proj_weight`` when kdim or vdim differ from embed_dim) and
    ``in_proj_bias``, split into ``num_heads`` heads of embed_dim // num_heads,
    softmax(q kᵀ / sqrt(head_dim) + mask) v per head, concatenated and
    projected by ``out_proj`` (a Dense).  ``add_bias_kv`` appends the learnt
    ``bias_k``/``bias_v`` to the key and value sequences, ``add_zero_attn`` a
    zero key and value; ``dropout`` drops attention weights in training mode.

    query (L, N, embed_dim), key (S, N, kdim), value (S, N, vdim) ((N, L, ...)
    with ``batch_first``; (L, embed_dim)... unbatched).  ``key_padding_mask``
    (N, S) ((S,) unbatched) and ``attn_mask`` (L, S) or (N·num_heads, L, S):
    bool (True = not attended) or float (added).  Returns ``(attn_output,
    attn_output_weights)``: (L, N, embed_dim) and (N, L, S) averaged over the
    heads, (N, num_heads, L, S) with ``average_attn_weights=False``; with
    ``need_weights=False`` the one-element tuple ``(attn_output,)``, as MindSpore.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> attn = nn.MultiheadAttention(8, 2)
    >>> [p.name for p in attn.trainable_params()]
    ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']
    >>> x = ms.Tensor(np.ones((5, 3, 8), np.float32))
    >>> out, weights = attn(x, x, x)
    >>> out.shape, weights.shape
    ((5, 3, 8), (3, 5, 5))
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, has_bias=True, add_bias_kv=False,
                 add_zero_attn=False, kdim=None, vdim=None, batch_first=False,
                 dtype=_dtypes.float32):
        super().__init__()
        owner = "MultiheadAttention"
        self.embed_dim = _check_int(embed_dim, "embed_dim", owner, 1)
        self.num_heads = _check_int(num_heads, "num_heads", owner, 1)
        self.kdim = self.embed_dim if kdim is None else _check_int(kdim, "kdim", owner, 1)
        self.vdim = self.embed_dim if vdim is None else _check_int(vdim, "vdim", owner, 1)
        if self.embed_dim % self.num_heads:
            raise ValueError(f"{owner}: embed_dim must be divisible by num_heads, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads}")
        self.head_dim = self.embed_dim // self.num_heads
        self.dropout = _check_dropout(dropout, owner)
        self.has_bias = _check_bool(has_bias, "has_bias", owner)
        add_bias_kv = _check_bool(add_bias_kv, "add_bias_kv", owner)
        self.add_zero_attn = _check_bool(add_zero_attn, "add_zero_attn", owner)
        self.batch_first = _check_bool(batch_first, "batch_first", owner)
        self._qkv_same_embed_dim = self.kdim == self.embed_dim and self.vdim == self.embed_dim
        if dtype is None:
            dtype = _dtypes.float32
        self.dtype = dtype
        np_dtype = _dtypes.to_numpy_dtype(dtype)
        e = self.embed_dim

        def param(init, shape, name):
            return Parameter(Tensor(initialize(init, shape, np_dtype)), name=name)
        if self._qkv_same_embed_dim:
            self.in_proj_weight = param(XavierUniform(), (3 * e, e), "in_proj_weight")
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight = param(XavierUniform(), (e, e), "q_proj_weight")
            self.k_proj_weight = param(XavierUniform(), (e, self.kdim), "k_proj_weight")
            self.v_proj_weight = param(XavierUniform(), (e, self.vdim), "v_proj_weight")
            self.in_proj_weight = None
        self.in_proj_bias = param("zeros", (3 * e,), "in_proj_bias") if self.has_bias else None
        self.out_proj = Dense(e, e, weight_init=HeUniform(math.sqrt(5)),
                              bias_init=Uniform(1 / math.sqrt(e)), has_bias=self.has_bias,
                              dtype=dtype)
        if add_bias_kv:
            self.bias_k = param(XavierNormal(), (1, 1, e), "bias_k")
            self.bias_v = param(XavierNormal(), (1, 1, e), "bias_v")
        else:
            self.bias_k = self.bias_v = None

    # -------------------------------------------------------------- the call

    def construct(self, query, key, value, key_padding_mask=None, need_weights=True,
                  attn_mask=None, average_attn_weights=True):
        return self._attend(query, key, value, key_padding_mask, need_weights, attn_mask,
                            average_attn_weights)

    def _projections(self):
        e = self.embed_dim
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            weights = (w[:e], w[e:2 * e], w[2 * e:])
        else:
            weights = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        b = self.in_proj_bias
        biases = (None,) * 3 if b is None else (b[:e], b[e:2 * e], b[2 * e:])
        return weights, biases

    def _check_inputs(self, query, key, value, owner):
        np_dtype = _dtype(self.out_proj.weight)
        query = _input(query, "query", owner, np_dtype)
        key = _input(key, "key", owner, np_dtype)
        value = _input(value, "value", owner, np_dtype)
        rank = len(_shape(query))
        layout = "(N, L, embed_dim)" if self.batch_first else "(L, N, embed_dim)"
        if rank not in (2, 3):
            raise ValueError(f"{owner}: query must be 3-D {layout} or 2-D (L, embed_dim) "
                             f"unbatched, got shape {_shape(query)}")
        for name, t in (("key", key), ("value", value)):
            if len(_shape(t)) != rank:
                raise ValueError(f"{owner}: {name} must be {rank}-D as query is, got shape "
                                 f"{_shape(t)}")
        for name, t, dim, what in (("query", query, self.embed_dim, "embed_dim"),
                                   ("key", key, self.kdim, "kdim"),
                                   ("value", value, self.vdim, "vdim")):
            if _shape(t)[-1] != dim:
                raise ValueError(f"{owner}: {name}'s last dimension must be {what}={dim}, got "
                                 f"shape {_shape(t)}")
        return query, key, value, rank == 3

    def _attend(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True, owner="MultiheadAttention",
                names=("key_padding_mask", "attn_mask")):
        query, key, value, batched = self._check_inputs(query, key, value, owner)
        need_weights = _check_bool(need_weights, "need_weights", owner)
        average = _check_bool(average_attn_weights, "average_attn_weights", owner)
        if not batched:
            query, key, value = (ops.expand_dims(t, 1) for t in (query, key, value))
        elif self.batch_first:
            query, key, value = (ops.swapaxes(t, 0, 1) for t in (query, key, value))
        tgt_len, batch, e = _shape(query)
        src_len = _shape(key)[0]
        if _shape(key)[:2] != _shape(value)[:2] or _shape(key)[1] != batch:
            raise ValueError(f"{owner}: key and value must have the sequence length and batch "
                             f"size of each other and batch size {batch} as query, got "
                             f"shapes {_shape(key)} and {_shape(value)}")
        heads, head_dim = self.num_heads, self.head_dim
        np_dtype = _dtype(query)
        mask = self._mask(key_padding_mask, attn_mask, batched, tgt_len, src_len, batch,
                          np_dtype, owner, names)

        (w_q, w_k, w_v), (b_q, b_k, b_v) = self._projections()
        q = ops.dense(query, w_q, b_q)
        k = ops.dense(key, w_k, b_k)
        v = ops.dense(value, w_v, b_v)
        if self.bias_k is not None:
            k = ops.concat((k, ops.tile(self.bias_k, (1, batch, 1))), 0)
            v = ops.concat((v, ops.tile(self.bias_v, (1, batch, 1))), 0)

        def split(t):       # (length, N, E) -> (N, heads, length, head_dim)
            return ops.transpose(ops.reshape(t, (_shape(t)[0], batch, heads, head_dim)),
                                 (1, 2, 0, 3))
        q, k, v = split(q), split(k), split(v)
        if self.add_zero_attn:
            zeros = ops.zeros((batch, heads, 1, head_dim), _dtypes.to_dtype(np_dtype))
            k = ops.concat((k, zeros), 2)
            v = ops.concat((v, zeros), 2)
        # q kᵀ / sqrt(head_dim), each scaled by head_dim^(1/4) as MindSpore does
        scale = np.sqrt(np.sqrt(np.asarray(head_dim, np_dtype)))
        scores = ops.matmul(q / scale, ops.swapaxes(k, -2, -1) / scale)
        if mask is not None:
            scores = scores + mask
        weights = ops.softmax(scores, -1)
        if self.training and self.dropout > 0:
            weights = ops.dropout(weights, p=self.dropout, training=True)
        out = ops.matmul(weights, v)                            # (N, heads, L, head_dim)
        out = ops.reshape(ops.transpose(out, (2, 0, 1, 3)), (tgt_len, batch, e))
        out = self.out_proj(out)
        if not batched:
            out = ops.squeeze(out, 1)
        elif self.batch_first:
            out = ops.swapaxes(out, 0, 1)
        if not need_weights:
            return (out,)
        if average:
            weights = weights.sum(axis=1) / heads
        if not batched:
            weights = ops.squeeze(weights, 0)
        return out, weights

    def _mask(self, key_padding_mask, attn_mask, batched, tgt_len, src_len, batch, np_dtype,
              owner, names):
        """The masks, checked, as one additive mask broadcast to (N, heads, L, S'), S'
        counting the appended bias and zero keys (never masked); None without masks."""
        kpm_name, attn_name = names
        extra = (self.bias_k is not None) + self.add_zero_attn
        masks = []
        if key_padding_mask is not None:
            kind = _check_mask_dtype(key_padding_mask, kpm_name, owner, False)
            want = (batch, src_len) if batched else (src_len,)
            if _shape(key_padding_mask) != want:
                layout = "(N, S)" if batched else "(S,) for an unbatched query"
                raise ValueError(f"{owner}: {kpm_name} must have shape {want} {layout}, got "
                                 f"{_shape(key_padding_mask)}")
            kpm = ops.reshape(_additive(key_padding_mask, kind, np_dtype),
                              (batch, 1, 1, src_len))
            masks.append(_pad_columns(kpm, extra))
        if attn_mask is not None:
            kind = _check_mask_dtype(attn_mask, attn_name, owner, True)
            shape = _shape(attn_mask)
            heads = self.num_heads
            if len(shape) == 2 and shape == (tgt_len, src_len):
                new_shape = (1, 1, tgt_len, src_len)
            elif len(shape) == 3 and shape == (batch * heads, tgt_len, src_len):
                new_shape = (batch, heads, tgt_len, src_len)
            else:
                raise ValueError(f"{owner}: {attn_name} must have shape {(tgt_len, src_len)} "
                                 f"(L, S) or {(batch * heads, tgt_len, src_len)} "
                                 f"(N*num_heads, L, S), got {shape}")
            mask = ops.reshape(_additive(attn_mask, kind, np_dtype), new_shape)
            masks.append(_pad_columns(mask, extra))
        if not masks:
            return None
        return masks[0] if len(masks) == 1 else masks[1] + masks[0]

    def extend_repr(self):
        return (f"embed_dim={self.embed_dim}, num_heads={self.num_heads}, "
                f"dropout={self.dropout}, has_bias={self.has_bias}, "
                f"add_bias_kv={self.bias_k is not None}, add_zero_attn={self.add_zero_attn}, "
                f"kdim={self.kdim}, vdim={self.vdim}, batch_first={self.batch_first}")


# ------------------------------------------------------------ transformer layers

def _activation(activation, owner):
    if isinstance(activation, str):
        if activation == "relu":
            return ops.relu
        if activation == "gelu":
            return ops.gelu
        raise ValueError(f"{owner}: activation must be 'relu' or 'gelu' (or a Cell or a "
                         f"callable), got {activation!r}")
    if isinstance(activation, type):
        raise TypeError(f"{owner}: activation must be an instance such as "
                        f"{activation.__name__}(), got the class itself")
    if not callable(activation):
        raise TypeError(f"{owner}: activation must be 'relu', 'gelu', a Cell or a callable, "
                        f"got {type(activation).__name__}")
    return activation


def _dense(n_in, n_out, dtype):
    """MindSpore's feed-forward Dense: HeUniform(sqrt(5)) weight, U(±1/sqrt(n_in)) bias."""
    return Dense(n_in, n_out, weight_init=HeUniform(math.sqrt(5)),
                 bias_init=Uniform(1 / math.sqrt(n_in)), dtype=dtype)


class _TransformerLayer(Cell):
    """What the encoder and decoder layers share: the arguments, the
    feed-forward block (``dense1``, ``dropout``, ``dense2``) and the LayerNorms."""

    _attentions = ("self_attn",)

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False,
                 dtype=_dtypes.float32):
        super().__init__()
        owner = type(self).__name__
        d_model = _check_int(d_model, "d_model", owner, 1)
        nhead = _check_int(nhead, "nhead", owner, 1)
        if d_model % nhead:
            raise ValueError(f"{owner}: d_model must be divisible by nhead, got d_model="
                             f"{d_model} and nhead={nhead}")
        dim_feedforward = _check_int(dim_feedforward, "dim_feedforward", owner, 1)
        p = _check_dropout(dropout, owner)
        eps = check_real(layer_norm_eps, "layer_norm_eps", owner)
        batch_first = _check_bool(batch_first, "batch_first", owner)
        norm_first = _check_bool(norm_first, "norm_first", owner)
        act = _activation(activation, owner)
        dtype = _dtypes.float32 if dtype is None else dtype
        for name in self._attentions:
            setattr(self, name, MultiheadAttention(d_model, nhead, dropout=p,
                                                   batch_first=batch_first, dtype=dtype))
        self.dense1 = _dense(d_model, dim_feedforward, dtype)
        self.dropout = Dropout(p=p)
        self.dense2 = _dense(dim_feedforward, d_model, dtype)
        self.norm_first = norm_first
        for k in range(1, len(self._attentions) + 2):
            setattr(self, f"norm{k}", LayerNorm((d_model,), epsilon=eps, dtype=dtype))
        for k in range(1, len(self._attentions) + 2):
            setattr(self, f"dropout{k}", Dropout(p=p))
        self.activation1 = activation
        self.activation = act
        self.d_model, self.nhead, self.dim_feedforward = d_model, nhead, dim_feedforward
        self.dropout_num, self.layernorm_eps = p, eps
        self.batch_first = batch_first
        self.dtype = dtype

    def _config(self):
        return (self.d_model, self.nhead, self.dim_feedforward, self.dropout_num,
                self.activation1, self.layernorm_eps, self.batch_first, self.norm_first)

    def _attention_block(self, attn, dropout, x, memory, attn_mask, key_padding_mask, names):
        out = attn._attend(x, memory, memory, key_padding_mask, False, attn_mask,
                           owner=type(self).__name__, names=names)[0]
        return dropout(out)

    def _ff_block(self, x, dropout):
        return dropout(self.dense2(self.dropout(self.activation(self.dense1(x)))))

    def _residual(self, x, block, norm):
        """x + block(norm(x)) with norm_first, else norm(x + block(x))."""
        if self.norm_first:
            return x + block(norm(x))
        return norm(x + block(x))

    def extend_repr(self):
        return (f"d_model={self.d_model}, nhead={self.nhead}, dim_feedforward="
                f"{self.dim_feedforward}, dropout={self.dropout_num}, "
                f"layer_norm_eps={self.layernorm_eps}, batch_first={self.batch_first}, "
                f"norm_first={self.norm_first}")


class TransformerEncoderLayer(_TransformerLayer):
    """One encoder layer: self-attention then a feed-forward block
    dense2(dropout(activation(dense1(x)))), each with dropout, a residual
    connection and a LayerNorm (after the sum, or before the block with
    ``norm_first``).  ``activation`` is 'relu', 'gelu', a Cell or a callable.

    Called as ``(src, src_mask=None, src_key_padding_mask=None)``; src (S, N,
    d_model) ((N, S, d_model) with ``batch_first``, (S, d_model) unbatched),
    the masks as MultiheadAttention's attn_mask and key_padding_mask.  Returns
    a Tensor of src's shape.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    >>> layer(ms.Tensor(np.ones((5, 3, 8), np.float32))).shape
    (5, 3, 8)
    """

    def construct(self, src, src_mask=None, src_key_padding_mask=None):
        def attention(x):
            return self._attention_block(self.self_attn, self.dropout1, x, x, src_mask,
                                         src_key_padding_mask,
                                         ("src_key_padding_mask", "src_mask"))
        x = self._residual(src, attention, self.norm1)
        return self._residual(x, lambda y: self._ff_block(y, self.dropout2), self.norm2)


class TransformerDecoderLayer(_TransformerLayer):
    """One decoder layer: self-attention over tgt, attention to ``memory`` (the
    encoder's output, ``multihead_attn``), then the feed-forward block, each
    with dropout, a residual connection and a LayerNorm (``norm1``, ``norm2``,
    ``norm3``; before the blocks with ``norm_first``).

    Called as ``(tgt, memory, tgt_mask=None, memory_mask=None,
    tgt_key_padding_mask=None, memory_key_padding_mask=None)``; returns a
    Tensor of tgt's shape.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    >>> memory = ms.Tensor(np.ones((5, 3, 8), np.float32))
    >>> layer(ms.Tensor(np.ones((4, 3, 8), np.float32)), memory).shape
    (4, 3, 8)
    """

    _attentions = ("self_attn", "multihead_attn")

    def construct(self, tgt, memory, tgt_mask=None, memory_mask=None,
                  tgt_key_padding_mask=None, memory_key_padding_mask=None):
        def self_attention(x):
            return self._attention_block(self.self_attn, self.dropout1, x, x, tgt_mask,
                                         tgt_key_padding_mask,
                                         ("tgt_key_padding_mask", "tgt_mask"))

        def cross_attention(x):
            return self._attention_block(self.multihead_attn, self.dropout2, x, memory,
                                         memory_mask, memory_key_padding_mask,
                                         ("memory_key_padding_mask", "memory_mask"))
        x = self._residual(tgt, self_attention, self.norm1)
        x = self._residual(x, cross_attention, self.norm2)
        return self._residual(x, lambda y: self._ff_block(y, self.dropout3), self.norm3)


class _Stack(Cell):
    """num_layers copies of a fresh layer built with ``layer``'s arguments (as
    MindSpore: they start equal to each other, not to ``layer``), then ``norm``."""

    _layer, _argument = TransformerEncoderLayer, "encoder_layer"

    def _build(self, layer, num_layers, norm):
        owner = type(self).__name__
        if not isinstance(layer, self._layer):
            raise TypeError(f"{owner}: {self._argument} must be a {self._layer.__name__}, got "
                            f"{type(layer).__name__}")
        self.num_layers = _check_int(num_layers, "num_layers", owner, 0)
        if norm is not None and not callable(norm):
            raise TypeError(f"{owner}: norm must be None or a Cell (a LayerNorm), got "
                            f"{type(norm).__name__}")
        fresh = self._layer(*layer._config(), dtype=layer.dtype)
        act = fresh.activation      # (a function is shared, not copied)
        self.layers = CellList([copy.deepcopy(fresh, {} if isinstance(act, Cell)
                                              else {id(act): act})
                                for _ in range(self.num_layers)])
        self.norm = norm

    def _finish(self, output):
        return output if self.norm is None else self.norm(output)


class TransformerEncoder(_Stack):
    """``num_layers`` TransformerEncoderLayers (``layers``, copies of a fresh
    layer with ``encoder_layer``'s arguments), then ``norm`` if given.  Called
    as ``(src, src_mask=None, src_key_padding_mask=None)``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    >>> encoder = nn.TransformerEncoder(layer, num_layers=2)
    >>> [p.name for p in encoder.trainable_params()][:2]
    ['layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias']
    >>> encoder(ms.Tensor(np.ones((5, 3, 8), np.float32))).shape
    (5, 3, 8)
    """

    def __init__(self, encoder_layer, num_layers, norm=None):
        super().__init__()
        self._build(encoder_layer, num_layers, norm)

    def construct(self, src, src_mask=None, src_key_padding_mask=None):
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=src_mask,
                           src_key_padding_mask=src_key_padding_mask)
        return self._finish(output)


class TransformerDecoder(_Stack):
    """``num_layers`` TransformerDecoderLayers (copies of a fresh layer with
    ``decoder_layer``'s arguments), then ``norm`` if given.  Called as ``(tgt,
    memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None)``.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    >>> decoder = nn.TransformerDecoder(layer, num_layers=2)
    >>> memory = ms.Tensor(np.ones((5, 3, 8), np.float32))
    >>> decoder(ms.Tensor(np.ones((4, 3, 8), np.float32)), memory).shape
    (4, 3, 8)
    """

    _layer, _argument = TransformerDecoderLayer, "decoder_layer"

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self._build(decoder_layer, num_layers, norm)

    def construct(self, tgt, memory, tgt_mask=None, memory_mask=None,
                  tgt_key_padding_mask=None, memory_key_padding_mask=None):
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask,
                           memory_key_padding_mask=memory_key_padding_mask)
        return self._finish(output)


class Transformer(Cell):
    """An encoder (``num_encoder_layers`` layers and a final LayerNorm) and a
    decoder (``num_decoder_layers`` layers and a LayerNorm), or the
    ``custom_encoder``/``custom_decoder`` given; every Parameter of more than
    one dimension is then drawn again from XavierUniform, as MindSpore.

    Called as ``(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
    src_key_padding_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None)``: the decoder's output for tgt, attending to
    the encoder's output for src.

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
    ...                      dim_feedforward=16)
    >>> src = ms.Tensor(np.ones((5, 3, 8), np.float32))
    >>> net(src, ms.Tensor(np.ones((4, 3, 8), np.float32))).shape
    (4, 3, 8)
    """

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                 dim_feedforward=2048, dropout=0.1, activation="relu", custom_encoder=None,
                 custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False,
                 dtype=_dtypes.float32):
        super().__init__()
        owner = "Transformer"
        dtype = _dtypes.float32 if dtype is None else dtype
        config = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                  batch_first, norm_first)
        for name, custom, layer, stack, count, argument in (
                ("encoder", custom_encoder, TransformerEncoderLayer, TransformerEncoder,
                 num_encoder_layers, "num_encoder_layers"),
                ("decoder", custom_decoder, TransformerDecoderLayer, TransformerDecoder,
                 num_decoder_layers, "num_decoder_layers")):
            if custom is not None:
                if not callable(custom):
                    raise TypeError(f"{owner}: custom_{name} must be None or a Cell, got "
                                    f"{type(custom).__name__}")
                setattr(self, name, custom)
                continue
            count = _check_int(count, argument, owner, 0)
            norm = LayerNorm((d_model,), epsilon=check_real(layer_norm_eps, "layer_norm_eps",
                                                             owner), dtype=dtype)
            setattr(self, name, stack(layer(*config, dtype=dtype), count, norm))
        for _, p in self.parameters_and_names():
            if len(p.shape) > 1:
                p.set_data(initializer("xavier_uniform", p.shape, p.dtype))
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def construct(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
                  src_key_padding_mask=None, tgt_key_padding_mask=None,
                  memory_key_padding_mask=None):
        owner = "Transformer"
        src = _as_input(src, "src", owner)
        tgt = _as_input(tgt, "tgt", owner)
        src_shape, tgt_shape = _shape(src), _shape(tgt)
        if len(src_shape) == 3 and len(tgt_shape) == 3:
            axis = 0 if self.batch_first else 1
            if src_shape[axis] != tgt_shape[axis]:
                raise ValueError(f"{owner}: src and tgt must have the same batch size, got "
                                 f"shapes {src_shape} and {tgt_shape}")
        if src_shape[-1:] != (self.d_model,) or tgt_shape[-1:] != (self.d_model,):
            raise ValueError(f"{owner}: src's and tgt's last dimension must be d_model="
                             f"{self.d_model}, got shapes {src_shape} and {tgt_shape}")
        memory = self.encoder(src, src_mask=src_mask,
                              src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask)

    def extend_repr(self):
        return f"d_model={self.d_model}, nhead={self.nhead}, batch_first={self.batch_first}"
