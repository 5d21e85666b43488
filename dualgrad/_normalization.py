"""Normalization and embedding lookups composed of the engine's primitives
(MindSpore 2.10's ``ops.batch_norm``, ``ops.layer_norm``, ``ops.group_norm`` and
``ops.embedding``, and the layers of ``dualgrad.nn.normalization`` and
``dualgrad.nn.embedding``).

Every statistic is a mean of the primitives, so every mode (reverse, Dual,
HyperDual, nested, vmap) differentiates through it to any order with no rule
of its own.  Moving statistics are updated on plain values, outside
differentiation, as MindSpore's kernels update them.
"""
import numpy as np

from . import _elementwise as ew
from ._composite import (_axis, _check_int, _indices, _mapped,
                         _unmapped_indices, gather, per_example)
from ._core import primal_value, shape_of
from ._functions import check_real, mean, reshape, stop_gradient, where
from ._parameter import Parameter
from ._structural import flag
from ._tensor import Tensor, TensorFunction, value_of

__all__ = ["batch_norm", "layer_norm", "group_norm", "embedding"]


# ---------------------------------------------------------------------------
# Shared pieces

def normalize(x, axes, eps):
    """(x - mean) / sqrt(var + eps) over ``axes``, with the biased variance, and
    the mean and variance themselves (kept as axes of size 1)."""
    batch_mean = mean(x, axes, True)
    centred = ew.sub(x, batch_mean)
    batch_var = mean(ew.mul(centred, centred), axes, True)
    return ew.mul(centred, ew.rsqrt(ew.add(batch_var, eps))), batch_mean, batch_var


def along_axis(vector, axis, ndim):
    """A vector (one value per index of ``axis``) shaped to broadcast against an
    array of ``ndim`` axes."""
    shape = [1] * ndim
    shape[axis] = -1
    return reshape(vector, tuple(shape))


def scale_and_shift(y, weight, bias, axis):
    """y·weight + bias, the vectors along ``axis`` (None leaves that step out)."""
    ndim = len(shape_of(y))
    if weight is not None:
        y = ew.mul(y, along_axis(weight, axis, ndim) if axis is not None else weight)
    if bias is not None:
        y = ew.add(y, along_axis(bias, axis, ndim) if axis is not None else bias)
    return y


def floating_input(x, owner, name):
    """A float tensor to normalize (integers and bools refused, as MindSpore's
    kernels refuse them)."""
    kind = np.result_type(primal_value(x)).kind
    if kind != "f":
        raise TypeError(f"{owner}: {name} must be a float tensor, got dtype "
                        f"{np.result_type(primal_value(x))}")
    return x


def check_eps(eps, owner):
    eps = check_real(eps, "eps", owner)
    if eps <= 0:
        raise ValueError(f"{owner}: eps must be > 0, got {eps}")
    return eps


def check_momentum(momentum, owner):
    momentum = check_real(momentum, "momentum", owner)
    if not 0 <= momentum <= 1:
        raise ValueError(f"{owner}: momentum must be in [0, 1], got {momentum}")
    return momentum


def update_moving(statistic, batch_value, batch_weight, owner):
    """statistic <- (1 - batch_weight)·statistic + batch_weight·batch_value, on the
    values (no derivative goes through the update).  ``statistic`` is a
    Parameter or a Tensor; its dtype is kept."""
    if _mapped(batch_value):
        raise NotImplementedError(f"vmap: {owner}: batch statistics differ between the "
                                  "examples of a vmap; map it in eval mode, or call it on the "
                                  "whole batch")
    old = np.asarray(primal_value(value_of(statistic)))
    new = np.asarray(primal_value(batch_value)).reshape(old.shape)
    updated = ((1 - batch_weight) * old + batch_weight * new).astype(old.dtype)
    if isinstance(statistic, Parameter):
        statistic.set_data(Tensor(updated))
    else:
        # A plain Tensor is updated in place too, as MindSpore's kernel writes it.
        statistic._data = updated


# ---------------------------------------------------------------------------
# Batch normalization

def _channel_vector(v, channels, owner, name):
    if v is None:
        return None
    if tuple(shape_of(v)) != (channels,):
        raise ValueError(f"{owner}: {name} must have shape ({channels},) (one value per "
                         f"channel of the input), got {tuple(shape_of(v))}")
    return v


def batch_norm_values(x, running_mean, running_var, weight, bias, use_batch, eps, owner,
                      channel_axis=1):
    """Batch normalization of an engine value: with ``use_batch`` the batch's
    statistics (every axis but ``channel_axis``), else the running ones.
    Returns the result, and the batch mean and unbiased variance (one value per
    channel) for the moving statistics when ``use_batch`` (else None, None)."""
    x = floating_input(x, owner, "input")
    shape = tuple(shape_of(x))
    if len(shape) < 2:
        raise ValueError(f"{owner}: input must have at least 2 dims (N, C, ...), got shape "
                         f"{shape}")
    axis = _axis(channel_axis, len(shape), owner, "channel axis")
    channels = shape[axis]
    weight = _channel_vector(weight, channels, owner, "weight")
    bias = _channel_vector(bias, channels, owner, "bias")
    running_mean = _channel_vector(running_mean, channels, owner, "running_mean")
    running_var = _channel_vector(running_var, channels, owner, "running_var")
    if not use_batch:
        centred = ew.sub(x, along_axis(running_mean, axis, len(shape)))
        y = ew.mul(centred, ew.rsqrt(ew.add(along_axis(running_var, axis, len(shape)), eps)))
        return scale_and_shift(y, weight, bias, axis), None, None
    axes = tuple(a for a in range(len(shape)) if a != axis)
    y, batch_mean, batch_var = normalize(x, axes, eps)
    count = int(np.prod([shape[a] for a in axes]))
    # The moving variance takes the unbiased estimate, as MindSpore's kernel
    # does (a batch of one gives inf there too).
    with np.errstate(divide="ignore", invalid="ignore"):
        unbiased = ew.mul(stop_gradient(batch_var), count / (count - 1) if count > 1 else np.inf)
    return (scale_and_shift(y, weight, bias, axis), stop_gradient(batch_mean), unbiased)


_batch_norm = TensorFunction(
    lambda x, mean_, var_, weight, bias, use_batch, eps, owner, channel_axis:
    batch_norm_values(x, mean_, var_, weight, bias, use_batch, eps, owner, channel_axis),
    "batch_norm")


def run_batch_norm(x, running_mean, running_var, weight, bias, use_batch, eps, batch_weight,
                   owner, channel_axis=1):
    """Batch normalization of a Tensor, and with ``use_batch`` the running
    statistics (Tensors or Parameters) moved towards the batch's by
    ``batch_weight``; the result."""
    y, batch_mean, batch_var = _batch_norm(x, running_mean, running_var, weight, bias,
                                           use_batch, eps, owner, channel_axis)
    if use_batch:
        update_moving(running_mean, value_of(batch_mean), batch_weight, owner)
        update_moving(running_var, value_of(batch_var), batch_weight, owner)
    return y


def batch_norm(input_x, running_mean, running_var, weight, bias, training=False, momentum=0.1,
               eps=1e-5):
    """Batch normalization over every axis but axis 1 (the channels):
    (x - mean) / sqrt(var + eps)·weight + bias.  With ``training`` the mean
    and (biased) variance are the batch's, and ``running_mean`` and
    ``running_var`` are updated in place to (1 - momentum)·running +
    momentum·batch (the unbiased variance), outside differentiation; else the
    running statistics normalize.  ``weight`` and ``bias`` may be None.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> x = ms.Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mean = ms.Parameter(ms.Tensor([0.0, 0.0]), name='mean')
    >>> var = ms.Parameter(ms.Tensor([1.0, 1.0]), name='var')
    >>> ops.batch_norm(x, mean, var, ms.Tensor([2.0, 2.0]), ms.Tensor([-1.0, -1.0]), training=True)
    Tensor(shape=[2, 2], dtype=Float32, value=
    [[-2.99998999e+00, -2.99998999e+00],
     [ 9.99989986e-01,  9.99989986e-01]])
    >>> mean.asnumpy().tolist(), var.asnumpy().tolist()
    ([0.20000000298023224, 0.30000001192092896], [1.100000023841858, 1.100000023841858])
    """
    owner = "batch_norm"
    training = flag(training, "training", owner)
    return run_batch_norm(input_x, running_mean, running_var, weight, bias, training,
                          check_eps(eps, owner), check_momentum(momentum, owner), owner)


# ---------------------------------------------------------------------------
# Layer and group normalization

def _layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    owner = "layer_norm"
    x = floating_input(input, owner, "input")
    if isinstance(normalized_shape, (int, np.integer)) and not isinstance(normalized_shape, bool):
        normalized_shape = (normalized_shape,)
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError(f"{owner}: normalized_shape must be an int or a tuple of ints, got "
                        f"{type(normalized_shape).__name__}")
    normalized_shape = tuple(_check_int(n, "normalized_shape", owner, 0)
                             for n in normalized_shape)
    shape = tuple(shape_of(x))
    if not normalized_shape or shape[len(shape) - len(normalized_shape):] != normalized_shape:
        raise ValueError(f"{owner}: normalized_shape {normalized_shape} must be the input's "
                         f"last dims, got input shape {shape}")
    axes = tuple(range(len(shape) - len(normalized_shape), len(shape)))
    y = normalize(x, axes, check_eps(eps, owner))[0]
    return scale_and_shift(y, weight, bias, None)


layer_norm = TensorFunction(_layer_norm, "layer_norm", """\
Layer normalization over the last dims, which must be ``normalized_shape``:
(x - mean) / sqrt(var + eps)·weight + bias, with the biased variance;
``weight`` and ``bias`` (of ``normalized_shape``) may be None.

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.layer_norm(ms.Tensor([[1.0, 2.0, 3.0]]), (3,))
Tensor(shape=[1, 3], dtype=Float32, value=
[[-1.22473562e+00,  0.00000000e+00,  1.22473562e+00]])
""")


def group_norm_values(x, num_groups, weight, bias, eps, owner):
    """Group normalization of an engine value (N, C, ...): the channels split
    into ``num_groups`` groups, each group of each example normalized over its
    channels and the remaining axes, then ``weight`` and ``bias`` per channel."""
    x = floating_input(x, owner, "input")
    num_groups = _check_int(num_groups, "num_groups", owner, 1)
    shape = tuple(shape_of(x))
    if len(shape) < 2:
        raise ValueError(f"{owner}: input must have at least 2 dims (N, C, ...), got shape "
                         f"{shape}")
    channels = shape[1]
    if channels % num_groups:
        raise ValueError(f"{owner}: the input's channels ({channels}, its dim 1) must be a "
                         f"multiple of num_groups {num_groups}")
    grouped = reshape(x, (shape[0], num_groups, -1))
    y = reshape(normalize(grouped, (2,), eps)[0], shape)
    return scale_and_shift(y, _channel_vector(weight, channels, owner, "weight"),
                           _channel_vector(bias, channels, owner, "bias"), 1)


def _group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    return group_norm_values(input, num_groups, weight, bias, check_eps(eps, "group_norm"),
                             "group_norm")


group_norm = TensorFunction(_group_norm, "group_norm", """\
Group normalization of an (N, C, ...) input: the C channels split into
``num_groups`` groups, each group of each example normalized over its
channels and the other axes (biased variance), then scaled by ``weight``
and shifted by ``bias`` (one value per channel, or None).

>>> import dualgrad as ms
>>> from dualgrad import ops
>>> ops.group_norm(ms.Tensor([[1.0, 3.0, 0.0, 4.0]]), 2)
Tensor(shape=[1, 4], dtype=Float32, value=
[[-9.99994993e-01,  9.99994993e-01, -9.99998748e-01,  9.99998748e-01]])
""")


# ---------------------------------------------------------------------------
# Embedding lookups

def lookup(table, ids, owner, name):
    """The rows of ``table`` at the integer ``ids``, of shape ids.shape +
    table.shape[1:]; every id must lie in [0, len(table)).  The gradient with
    respect to the table is the scatter-add of the output's (gather's)."""
    index, values = _indices(ids, name, owner)
    vocab = tuple(shape_of(table))[0]
    if values.size and (values.min() < 0 or values.max() >= vocab):
        raise ValueError(f"{owner}: {name} must lie in [0, {vocab}) (the table's rows), got "
                         f"values from {values.min()} to {values.max()}")
    return gather(table, index, 0)


def _renormed_rows(table, ids, max_norm, norm_type):
    """The factors (1 for most rows) that bring the rows of ``table`` looked up by
    ``ids`` to a ``norm_type``-norm of at most ``max_norm``."""
    rows = np.asarray(primal_value(table))
    looked_up = np.zeros(len(rows), bool)
    looked_up[np.unique(ids)] = True
    norms = np.linalg.norm(rows, ord=norm_type, axis=1)
    factor = np.where(looked_up & (norms > max_norm), max_norm / (norms + 1e-7), 1.0)
    return factor.astype(rows.dtype)


def _embedding(input, weight, padding_idx=None, scale_grad_by_freq=False):
    owner = "embedding"
    vocab = _table_rows(weight, owner)
    out = lookup(weight, input, owner, "input")
    if padding_idx is not None:
        padding_idx = _check_int(padding_idx, "padding_idx", owner)
        if not -vocab <= padding_idx < vocab:
            raise ValueError(f"{owner}: padding_idx must lie in [{-vocab}, {vocab}), got "
                             f"{padding_idx}")
        at_padding = per_example(input, lambda ids, _: (ids == padding_idx % vocab)[..., None])
        out = where(at_padding, stop_gradient(out), out)
    if flag(scale_grad_by_freq, "scale_grad_by_freq", owner):
        ids = _unmapped_indices(input, "input", owner)
        counts = np.bincount(ids.ravel(), minlength=vocab)[ids][..., None]
        # the same value, its derivative divided by each id's count
        frozen = stop_gradient(out)
        out = ew.add(frozen, ew.div(ew.sub(out, frozen),
                                    counts.astype(np.result_type(primal_value(out)))))
    return out


_lifted_embedding = TensorFunction(_embedding, "embedding")


def _table_rows(table, owner):
    shape = tuple(shape_of(value_of(table)))
    if len(shape) != 2:
        raise ValueError(f"{owner}: weight must be 2-D, got shape {shape}")
    return shape[0]


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False):
    """The rows of the 2-D ``weight`` at the integer ids ``input`` (shape
    input.shape + (weight.shape[1],)); the gradient with respect to ``weight``
    is the scatter-add of the output's.  The row ``padding_idx`` gets no
    gradient; with ``max_norm`` the looked-up rows whose ``norm_type``-norm
    exceeds it are first scaled down to it, in place when ``weight`` is a
    Parameter; ``scale_grad_by_freq`` divides each row's gradient by the number
    of times ``input`` holds it.

    >>> import dualgrad as ms
    >>> from dualgrad import ops
    >>> table = ms.Tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    >>> ops.embedding(ms.Tensor([[2, 0]]), table)
    Tensor(shape=[1, 2, 2], dtype=Float32, value=
    [[[ 4.00000000e+00,  5.00000000e+00],
      [ 0.00000000e+00,  1.00000000e+00]]])
    """
    owner = "embedding"
    _table_rows(weight, owner)
    if max_norm is not None:
        ids = _unmapped_indices(value_of(input), "input", owner)
        factor = _renormed_rows(value_of(weight), ids, check_real(max_norm, "max_norm", owner),
                                check_real(norm_type, "norm_type", owner))[:, None]
        if isinstance(weight, Parameter):
            # the table itself renormalized, as MindSpore's kernel does
            weight.set_data(Tensor(weight.asnumpy() * factor))
        else:
            weight = TensorFunction(ew.mul, "embedding")(weight, factor)
    return _lifted_embedding(input, weight, padding_idx, scale_grad_by_freq)
