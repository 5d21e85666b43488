"""MindSpore's training callbacks (``mindspore.train.Callback`` and the stock ones).

``Model.train``, ``Model.eval`` and ``Model.fit`` call each callback's hooks
with a ``RunContext`` whose ``original_args()`` are the run's parameters
(``cb_params``): ``cur_epoch_num``, ``cur_step_num`` (counted over the whole
run), ``batch_num`` (steps per epoch), ``epoch_num``, ``net_outputs`` (the
last step's loss; during evaluation the ``(loss, outputs, label)`` of the
eval network), ``train_network``, ``optimizer``, ``metrics`` (after a
validation in ``fit``) and more, readable as attributes or with ``get``.
The hooks called are, in order: ``on_train_begin``, per epoch
``on_train_epoch_begin``, per step ``on_train_step_begin`` and
``on_train_step_end``, then ``on_train_epoch_end``, and ``on_train_end``
(and the ``on_eval_*`` counterparts in ``eval``).  By default each calls the
older hook of the same place: ``begin``, ``epoch_begin``, ``step_begin``,
``step_end``, ``epoch_end``, ``end``.

>>> from dualgrad.train import Callback, RunContext
>>> class Steps(Callback):
...     def step_end(self, run_context):
...         print("step", run_context.original_args().cur_step_num)
>>> Steps().on_train_step_end(RunContext({"cur_step_num": 3}))
step 3
"""
import copy
import json
import math
import numbers
import os
import re
import signal
import time
import warnings

import numpy as np

from .._tensor import Tensor
from ..checkpoint import load_checkpoint, load_param_into_net, save_checkpoint
from ..dataset import _check_bool

__all__ = ["Callback", "RunContext", "LossMonitor", "TimeMonitor", "History", "LambdaCallback",
           "EarlyStopping", "ModelCheckpoint", "CheckpointConfig", "ReduceLROnPlateau",
           "LearningRateScheduler", "OnRequestExit", "BackupAndRestore"]

_HOOKS = ("on_train_begin", "on_train_epoch_begin", "on_train_step_begin", "on_train_step_end",
          "on_train_epoch_end", "on_train_end", "on_eval_begin", "on_eval_epoch_begin",
          "on_eval_step_begin", "on_eval_step_end", "on_eval_epoch_end", "on_eval_end")


def _check_non_negative_int(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"For '{owner}', '{name}' must be a non-negative integer, but got "
                         f"{value!r}.")
    return int(value)


def _loss_value(net_outputs):
    """The loss as a Python float: the first output of several, averaged if not scalar."""
    if isinstance(net_outputs, (tuple, list)) and net_outputs and isinstance(net_outputs[0],
                                                                             Tensor):
        net_outputs = net_outputs[0]
    if isinstance(net_outputs, Tensor):
        return float(np.mean(net_outputs.asnumpy()))
    return net_outputs


class _CallbackParams(dict):
    """The run's parameters: a dict whose keys also read and write as attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"cb_params has no field {name!r}") from None

    def __setattr__(self, name, value):
        self[name] = value


class RunContext:
    """What a callback hook receives: the run's parameters and a way to stop it.

    >>> from dualgrad.train import RunContext
    >>> rc = RunContext({"cur_epoch_num": 2})
    >>> rc.original_args().cur_epoch_num, rc.get_stop_requested()
    (2, False)
    >>> rc.request_stop(); rc.get_stop_requested()
    True
    """

    def __init__(self, original_args):
        if not isinstance(original_args, dict):
            raise TypeError(f"For 'RunContext', 'original_args' must be a dict, but got "
                            f"{type(original_args).__name__}.")
        if not isinstance(original_args, _CallbackParams):
            original_args = _CallbackParams(original_args)
        self._original_args = original_args
        self._stop_requested = False

    def original_args(self):
        """The run's parameters (``cb_params``)."""
        return self._original_args

    def request_stop(self):
        """Ask the run to stop after the current step (the epoch's end hooks still run)."""
        self._stop_requested = True

    def get_stop_requested(self):
        """Whether a callback asked the run to stop."""
        return self._stop_requested


class Callback:
    """The base of training callbacks: every hook does nothing unless overridden
    (each ``on_train_*``/``on_eval_*`` hook calls the older hook of its place)."""

    def __enter__(self):
        return self

    def __exit__(self, *err):
        pass

    def begin(self, run_context):
        """Called once before the run (by ``on_train_begin`` and ``on_eval_begin``)."""

    def epoch_begin(self, run_context):
        """Called before each epoch."""

    def epoch_end(self, run_context):
        """Called after each epoch."""

    def step_begin(self, run_context):
        """Called before each step."""

    def step_end(self, run_context):
        """Called after each step."""

    def end(self, run_context):
        """Called once after the run."""

    def on_train_begin(self, run_context):
        self.begin(run_context)

    def on_train_epoch_begin(self, run_context):
        self.epoch_begin(run_context)

    def on_train_epoch_end(self, run_context):
        self.epoch_end(run_context)

    def on_train_step_begin(self, run_context):
        self.step_begin(run_context)

    def on_train_step_end(self, run_context):
        self.step_end(run_context)

    def on_train_end(self, run_context):
        self.end(run_context)

    def on_eval_begin(self, run_context):
        self.begin(run_context)

    def on_eval_epoch_begin(self, run_context):
        self.epoch_begin(run_context)

    def on_eval_epoch_end(self, run_context):
        self.epoch_end(run_context)

    def on_eval_step_begin(self, run_context):
        self.step_begin(run_context)

    def on_eval_step_end(self, run_context):
        self.step_end(run_context)

    def on_eval_end(self, run_context):
        self.end(run_context)


class _CallbackList(Callback):
    """Several callbacks called in turn, each hook in the order given."""

    def __init__(self, callbacks, owner):
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, Callback):
            callbacks = [callbacks]
        elif not isinstance(callbacks, (list, tuple)):
            raise TypeError(f"For '{owner}', 'callbacks' must be a Callback or a list of "
                            f"them, but got {type(callbacks).__name__}.")
        for cb in callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"For '{owner}', each callback must be an instance of "
                                f"Callback, but got {type(cb).__name__}.")
        self.callbacks = list(callbacks)

    def _fire(self, hook, run_context):
        for cb in self.callbacks:
            getattr(cb, hook)(run_context)


def _dispatcher(hook):
    def fire(self, run_context):
        self._fire(hook, run_context)
    fire.__name__ = hook
    return fire


for _hook in _HOOKS:
    setattr(_CallbackList, _hook, _dispatcher(_hook))


class LossMonitor(Callback):
    """Print the loss every ``per_print_times`` steps (0: never), as
    ``epoch: E step: S, loss is L`` with S counted within the epoch, and the
    validation metrics at the end of an epoch of ``fit``.  A NaN or infinite
    loss stops training with a ValueError.
    """

    def __init__(self, per_print_times=1):
        super().__init__()
        self._per_print_times = _check_non_negative_int(per_print_times, "per_print_times",
                                                        "LossMonitor")
        self._last_print_time = 0

    def step_end(self, run_context):
        cb_params = run_context.original_args()
        epoch = cb_params.get("cur_epoch_num", 1)
        loss = _loss_value(cb_params.net_outputs)
        step_in_epoch = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
        if isinstance(loss, float) and not np.isfinite(loss):
            raise ValueError(f"In epoch: {epoch} step: {step_in_epoch}, loss is NAN or INF, "
                             f"training process cannot continue, terminating training.")
        if self._per_print_times == 0:
            return
        # a new run (step counts starting over) prints on its own schedule
        while cb_params.cur_step_num <= self._last_print_time:
            self._last_print_time -= self._per_print_times
        if cb_params.cur_step_num - self._last_print_time >= self._per_print_times:
            self._last_print_time = cb_params.cur_step_num
            print(f"epoch: {epoch} step: {step_in_epoch}, loss is {loss}", flush=True)

    def on_train_epoch_end(self, run_context):
        cb_params = run_context.original_args()
        metrics = cb_params.get("metrics")
        if metrics:
            print("Eval result: epoch %d, metrics: %s" % (cb_params.cur_epoch_num, metrics))


class TimeMonitor(Callback):
    """Print each epoch's time and time per step, in milliseconds:
    ``Train epoch time: T ms, per step time: t ms``.  ``data_size`` is the
    steps per epoch when the run does not give ``batch_num``; with
    ``data_time=True`` the time spent waiting for data is added.
    """

    def __init__(self, data_size=None, data_time=False):
        super().__init__()
        if data_size is not None and (isinstance(data_size, bool) or not isinstance(
                data_size, numbers.Integral) or data_size <= 0):
            raise ValueError(f"For 'TimeMonitor', 'data_size' must be a positive integer or "
                             f"None, but got {data_size!r}.")
        self.data_size = data_size
        self.data_time = _check_bool(data_time, "data_time", "TimeMonitor")
        self.epoch_time = time.time()
        self.data_time_sum = 0.0
        self.data_time_start = 0.0

    def on_train_step_begin(self, run_context):
        if self.data_time:
            self.data_time_sum += time.time() - self.data_time_start

    def on_train_step_end(self, run_context):
        if self.data_time:
            self.data_time_start = time.time()

    def epoch_begin(self, run_context):
        self.epoch_time = time.time()
        if self.data_time:
            self.data_time_sum = 0.0
            self.data_time_start = time.time()

    def epoch_end(self, run_context):
        epoch_ms = (time.time() - self.epoch_time) * 1000
        cb_params = run_context.original_args()
        steps = cb_params.get("batch_num")
        if not (isinstance(steps, int) and steps > 0):
            steps = self.data_size
        if steps is None:
            raise ValueError("For 'TimeMonitor', the steps per epoch are unknown: give "
                             "'data_size'.")
        log = "{} epoch time: {:5.3f} ms, per step time: {:5.3f} ms".format(
            cb_params.get("mode", "").title(), epoch_ms, epoch_ms / steps)
        if self.data_time:
            log += " (data time: {:5.3f} ms)".format(self.data_time_sum * 1000 / steps)
        print(log, flush=True)


class History(Callback):
    """Record each epoch's number (``epoch['epoch']``) and, in ``history``, the
    mean of its last loss (``'net_output'``) and any validation metrics.
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = None

    def begin(self, run_context):
        self.epoch = {"epoch": []}

    def epoch_end(self, run_context):
        cb_params = run_context.original_args()
        self.epoch["epoch"].append(cb_params.get("cur_epoch_num", 1))
        net_output = cb_params.net_outputs
        if isinstance(net_output, (tuple, list)) and isinstance(net_output[0], Tensor):
            net_output = net_output[0]
        if isinstance(net_output, Tensor):
            net_output = np.mean(net_output.asnumpy())
        record = {"net_output": net_output}
        record.update(cb_params.get("metrics") or {})
        for key, value in record.items():
            self.history.setdefault(key, []).append(value)


class LambdaCallback(Callback):
    """A callback from functions: each argument, if given, is the hook of its name.

    >>> from dualgrad.train import LambdaCallback, RunContext
    >>> cb = LambdaCallback(on_train_step_end=lambda rc: print(rc.original_args()["loss"]))
    >>> cb.on_train_step_end(RunContext({"loss": 0.5}))
    0.5
    """

    def __init__(self, on_train_epoch_begin=None, on_train_epoch_end=None,
                 on_train_step_begin=None, on_train_step_end=None, on_train_begin=None,
                 on_train_end=None, on_eval_epoch_begin=None, on_eval_epoch_end=None,
                 on_eval_step_begin=None, on_eval_step_end=None, on_eval_begin=None,
                 on_eval_end=None):
        super().__init__()
        given = dict(locals())
        for hook in _HOOKS:
            fn = given[hook]
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"For 'LambdaCallback', '{hook}' must be callable, but got "
                                f"{type(fn).__name__}.")
            setattr(self, hook, fn)


# quantities for which smaller is better (EarlyStopping's mode='auto')
_SMALLER_IS_BETTER = ("hausdorff_distance", "mae", "mse", "loss", "perplexity",
                      "mean_surface_distance", "root_mean_square_distance", "eval_loss")


def _check_number(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"For '{owner}', '{name}' must be a number, but got "
                        f"{type(value).__name__}.")
    return value


def _minimizes(monitor, mode, owner):
    """Whether ``monitor`` improves downwards: ``mode`` 'min', or 'auto' for a loss or error."""
    if not isinstance(monitor, str):
        raise TypeError(f"For '{owner}', 'monitor' must be a str, but got "
                        f"{type(monitor).__name__}.")
    if mode not in ('auto', 'min', 'max'):
        raise ValueError(f"For '{owner}', 'mode' must be 'auto', 'min' or 'max', but got "
                         f"{mode!r}.")
    return mode == 'min' or (mode == 'auto' and monitor in _SMALLER_IS_BETTER)


def _monitored_value(cb_params, monitor, owner):
    """The quantity ``monitor`` at an epoch's end (None if the run has none), and
    the names it could have been: 'loss' (the epoch's last loss) or, in
    ``Model.fit``, a validation result."""
    if monitor == "loss":
        value, available = _loss_value(cb_params.get("net_outputs")), ["loss"]
    else:
        results = cb_params.get("eval_results") or {}
        value, available = results.get(monitor), sorted({"loss", *results})
    if value is None:
        return None, available
    value = np.asarray(value)
    if value.shape != ():
        raise ValueError(f"For '{owner}', the monitored value must be a scalar, but got shape "
                         f"{value.shape}.")
    return float(value), available


class EarlyStopping(Callback):
    """Stop training when ``monitor`` has not improved by more than
    ``min_delta`` for ``patience`` epochs.

    ``monitor`` is ``'loss'`` (the epoch's last loss) or the name of a
    validation metric of ``fit``.  ``mode`` 'min', 'max' or 'auto' (min for
    losses and errors, else max); ``baseline``, if given, must be beaten for
    an epoch to count as an improvement; ``restore_best_weights`` puts the
    best epoch's weights back when stopping.
    """

    def __init__(self, monitor='eval_loss', min_delta=0, patience=0, verbose=False,
                 mode='auto', baseline=None, restore_best_weights=False):
        super().__init__()
        owner = "EarlyStopping"
        self._minimize = _minimizes(monitor, mode, owner)
        if baseline is not None and (isinstance(baseline, bool) or not isinstance(
                baseline, numbers.Real)):
            raise TypeError(f"For '{owner}', 'baseline' must be a number or None, but got "
                            f"{type(baseline).__name__}.")
        self.monitor = monitor
        self.min_delta = abs(_check_number(min_delta, "min_delta", owner))
        self.patience = _check_non_negative_int(patience, "patience", owner)
        self.verbose = _check_bool(verbose, "verbose", owner)
        self.mode = mode
        self.baseline = baseline
        self.restore_best_weights = _check_bool(restore_best_weights, "restore_best_weights",
                                                owner)
        self.on_train_begin(None)

    def _is_improvement(self, current, reference):
        if self._minimize:
            return current < reference - self.min_delta
        return current > reference + self.min_delta

    def on_train_begin(self, run_context):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf if self._minimize else -np.inf
        self.best_weights = None

    def _monitored(self, cb_params):
        return _monitored_value(cb_params, self.monitor, "EarlyStopping")[0]

    def _weights(self, cb_params):
        return {name: copy.deepcopy(p) for name, p in
                cb_params.train_network.parameters_dict().items()}

    def on_train_epoch_end(self, run_context):
        cb_params = run_context.original_args()
        current = self._monitored(cb_params)
        if current is None:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self._weights(cb_params)
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            if self.restore_best_weights:
                self.best_weights = self._weights(cb_params)
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
        if self.wait >= self.patience:
            self.stopped_epoch = cb_params.get("cur_epoch_num")
            run_context.request_stop()
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose:
                    print('Restoring model weights from the end of the best epoch.')
                load_param_into_net(cb_params.train_network, self.best_weights)

    def on_train_end(self, run_context):
        if self.stopped_epoch > 0 and self.verbose:
            print('Epoch %05d: early stopping' % self.stopped_epoch)


class CheckpointConfig:
    """When ``ModelCheckpoint`` saves and how many files it keeps.

    Every ``save_checkpoint_steps`` steps (or, with that None or 0, every
    ``save_checkpoint_seconds`` seconds), and at the end of training; the
    newest ``keep_checkpoint_max`` files are kept; ``saved_network`` replaces
    the training network and a dict ``append_info`` is saved along.
    MindSpore's other options (keep_checkpoint_per_n_minutes, encryption,
    asynchronous or distributed saving, formats) are accepted and have no
    effect; files are written by ``dualgrad.save_checkpoint``.

    >>> from dualgrad.train import CheckpointConfig
    >>> CheckpointConfig(save_checkpoint_steps=10).keep_checkpoint_max
    5
    """

    def __init__(self, save_checkpoint_steps=1, save_checkpoint_seconds=0, keep_checkpoint_max=5,
                 keep_checkpoint_per_n_minutes=0, integrated_save=True, async_save=False,
                 saved_network=None, append_info=None, enc_key=None, enc_mode='AES-GCM',
                 exception_save=False, crc_check=False, remove_redundancy=False, format='ckpt',
                 **kwargs):
        owner = "CheckpointConfig"
        self.save_checkpoint_steps = (None if save_checkpoint_steps is None else
                                      _check_non_negative_int(save_checkpoint_steps,
                                                              "save_checkpoint_steps", owner))
        self.save_checkpoint_seconds = (None if save_checkpoint_seconds is None else
                                        _check_non_negative_int(save_checkpoint_seconds,
                                                                "save_checkpoint_seconds", owner))
        self.keep_checkpoint_max = (None if keep_checkpoint_max is None else
                                    _check_non_negative_int(keep_checkpoint_max,
                                                            "keep_checkpoint_max", owner))
        self.keep_checkpoint_per_n_minutes = keep_checkpoint_per_n_minutes
        self.integrated_save = integrated_save
        self.async_save = async_save
        self.saved_network = saved_network
        self.append_info = append_info
        self.enc_key = enc_key
        self.enc_mode = enc_mode
        self.exception_save = exception_save
        self.crc_check = crc_check
        self.format = format


class ModelCheckpoint(Callback):
    """Save the training network's parameters (with the optimizer's state) as
    ``{directory}/{prefix}-{epoch}_{step in epoch}.ckpt`` on the schedule of
    ``config`` (a ``CheckpointConfig``; default: every step, 5 kept), and at
    the end of training.  ``directory`` defaults to the working directory and
    is made if missing; if it already holds checkpoints with the prefix, the
    run saves under ``{prefix}_1`` (``_2``...) instead, as MindSpore does.
    """

    def __init__(self, prefix='CKP', directory=None, config=None):
        super().__init__()
        owner = "ModelCheckpoint"
        if not isinstance(prefix, str) or not prefix or "/" in prefix:
            raise ValueError(f"For '{owner}', 'prefix' must be a non-empty str without '/', "
                             f"but got {prefix!r}.")
        if directory is not None and not isinstance(directory, (str, os.PathLike)):
            raise TypeError(f"For '{owner}', 'directory' must be a path or None, but got "
                            f"{type(directory).__name__}.")
        if config is None:
            config = CheckpointConfig()
        elif not isinstance(config, CheckpointConfig):
            raise TypeError(f"For '{owner}', 'config' must be a CheckpointConfig, but got "
                            f"{type(config).__name__}.")
        self._prefix = prefix
        self._directory = os.fspath(directory) if directory is not None else os.getcwd()
        self._config = config
        self._saved = []
        self._last_saved_step = 0
        self._last_saved_time = time.time()
        self.latest_ckpt_file_name = ""

    def on_train_begin(self, run_context):
        # a run does not overwrite another's files: it numbers its prefix anew
        # (prefix_1, prefix_2, ...) if the directory has checkpoints under it
        if not os.path.isdir(self._directory) or self._saved:
            return
        pattern = re.compile(re.escape(self._prefix) + r"(?:_(\d+))?-.*\.ckpt")
        taken = [pattern.fullmatch(name) for name in os.listdir(self._directory)]
        numbers = [int(m.group(1) or 0) for m in taken if m]
        if numbers:
            self._prefix = f"{self._prefix}_{max(numbers) + 1}"

    def _due(self, step):
        steps = self._config.save_checkpoint_steps
        if steps:
            return step - self._last_saved_step >= steps
        seconds = self._config.save_checkpoint_seconds
        return bool(seconds) and time.time() - self._last_saved_time >= seconds

    def _save(self, cb_params):
        os.makedirs(self._directory, exist_ok=True)
        step = cb_params.cur_step_num
        step_in_epoch = (step - 1) % cb_params.batch_num + 1
        path = os.path.join(self._directory,
                            f"{self._prefix}-{cb_params.cur_epoch_num}_{step_in_epoch}.ckpt")
        network = self._config.saved_network or cb_params.train_network
        save_checkpoint(network, path, append_dict=self._config.append_info
                        if isinstance(self._config.append_info, dict) else None)
        self._last_saved_step = step
        self._last_saved_time = time.time()
        self.latest_ckpt_file_name = path
        if path in self._saved:
            self._saved.remove(path)
        self._saved.append(path)
        keep = self._config.keep_checkpoint_max
        while keep and len(self._saved) > keep:
            os.remove(self._saved.pop(0))

    def on_train_step_end(self, run_context):
        cb_params = run_context.original_args()
        if self._due(cb_params.cur_step_num):
            self._save(cb_params)

    def on_train_end(self, run_context):
        cb_params = run_context.original_args()
        if cb_params.cur_step_num != self._last_saved_step:
            self._save(cb_params)


def _plain_learning_rate(cb_params, owner):
    """The optimizer's learning-rate Parameter, which these callbacks read and set.

    As in MindSpore only one rate held in a Parameter can be changed: not a
    rate per step (a list or a schedule) nor rates per parameter group.
    """
    from .._parameter import Parameter
    optimizer = cb_params.get("optimizer")
    rate = getattr(optimizer, "learning_rate", None)
    if not isinstance(rate, Parameter) or rate.ndim != 0 or \
            getattr(optimizer, "is_group_lr", False):
        shape = f" of shape {rate.shape}" if isinstance(rate, Parameter) else ""
        raise ValueError(f"{owner} does not support dynamic learning rate and group learning "
                         f"rate now: the optimizer's learning_rate must be one number held "
                         f"in a Parameter, but got {type(rate).__name__}{shape}.")
    return rate


def _set_learning_rate(rate, value):
    rate.set_data(Tensor(np.array(value, np.float32)))


class ReduceLROnPlateau(Callback):
    """Reduce the learning rate when ``monitor`` has stopped improving.

    At the end of each epoch ``monitor`` is read: ``'loss'`` (the epoch's last
    loss, the first output of several) or, in ``Model.fit``, ``'eval_loss'``
    or a metric of the validation.  It improves when it beats the best so far
    by more than ``min_delta`` (down for ``mode='min'``, up for ``'max'``;
    ``'auto'`` picks down for losses and errors).  After ``patience`` epochs
    without improvement the optimizer's ``learning_rate`` becomes
    ``max(lr * factor, min_lr)`` (if above ``min_lr``), printed with
    ``verbose``, and ``cooldown`` epochs follow in which waiting does not
    count.  An epoch without the monitored value is skipped with a warning.
    As in MindSpore the rate must be one number (a float32 Parameter): a list,
    a schedule or group rates raise a ValueError.

    >>> from dualgrad.train import ReduceLROnPlateau
    >>> ReduceLROnPlateau(monitor="loss", patience=2).patience
    2
    """

    def __init__(self, monitor='eval_loss', factor=0.1, patience=10, verbose=False,
                 mode='auto', min_delta=1e-4, cooldown=0, min_lr=0):
        super().__init__()
        owner = "ReduceLROnPlateau"
        self._minimize = _minimizes(monitor, mode, owner)
        if not 0.0 < _check_number(factor, "factor", owner) < 1.0:
            raise ValueError(f"For '{owner}', 'factor' must be in (0.0, 1.0), but got "
                             f"{factor!r}.")
        self.monitor = monitor
        self.factor = float(factor)
        self.patience = _check_non_negative_int(patience, "patience", owner)
        self.verbose = _check_bool(verbose, "verbose", owner)
        self.mode = mode
        self.min_delta = abs(_check_number(min_delta, "min_delta", owner))
        self.cooldown = _check_non_negative_int(cooldown, "cooldown", owner)
        self.min_lr = _check_number(min_lr, "min_lr", owner)
        self.on_train_begin(None)

    def _is_improvement(self, current):
        if self._minimize:
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta

    def on_train_begin(self, run_context):
        self.cooldown_counter = 0
        self.wait = 0
        self.best = np.inf if self._minimize else -np.inf

    def _monitored(self, cb_params):
        value, available = _monitored_value(cb_params, self.monitor, "ReduceLROnPlateau")
        if value is None:
            warnings.warn(f"ReduceLROnPlateau: the learning rate's reduction is conditioned on "
                          f"{self.monitor!r}, which is not available. Available choices are: "
                          f"{available}", RuntimeWarning, stacklevel=3)
        return value

    def on_train_epoch_end(self, run_context):
        cb_params = run_context.original_args()
        rate = _plain_learning_rate(cb_params, "ReduceLROnPlateau")
        current = self._monitored(cb_params)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                lr = np.float32(rate.asnumpy())
                if lr > self.min_lr:
                    # MindSpore multiplies in float32 and prints that product, or min_lr
                    reduced = lr * np.float32(self.factor)
                    new_lr = self.min_lr if self.min_lr > reduced else reduced
                    _set_learning_rate(rate, new_lr)
                    if self.verbose:
                        print('Epoch %05d: ReduceLROnPlateau reducing learning rate to %s.'
                              % (cb_params.cur_epoch_num, new_lr), flush=True)
                self.cooldown_counter = self.cooldown
                self.wait = 0


class LearningRateScheduler(Callback):
    """Set the learning rate after each training step to
    ``learning_rate_function(lr, cur_step_num)``, ``lr`` the current rate (a
    Python float, as float32 prints it) and ``cur_step_num`` the step just
    made (from 1); the new rate applies from the next step.  The optimizer's
    rate must be one number (a float32 Parameter), as in MindSpore.

    >>> from dualgrad.train import LearningRateScheduler
    >>> cb = LearningRateScheduler(lambda lr, step: lr * 0.5 if step % 100 == 0 else lr)
    """

    def __init__(self, learning_rate_function):
        super().__init__()
        if not callable(learning_rate_function):
            raise TypeError(f"For 'LearningRateScheduler', 'learning_rate_function' must be "
                            f"callable as f(lr, cur_step_num), but got "
                            f"{type(learning_rate_function).__name__}.")
        self.learning_rate_function = learning_rate_function

    def step_end(self, run_context):
        cb_params = run_context.original_args()
        rate = _plain_learning_rate(cb_params, "LearningRateScheduler")
        lr = float(np.array2string(rate.asnumpy()))
        new_lr = self.learning_rate_function(lr, cb_params.cur_step_num)
        if not math.isclose(lr, new_lr, rel_tol=1e-10):
            _set_learning_rate(rate, new_lr)


class OnRequestExit(Callback):
    """Save the training state when the process is asked to exit by signal ``sig``.

    ``on_train_begin`` installs a handler of ``sig`` (any catchable signal;
    SIGKILL cannot be) and, with ``save_ckpt``, loads
    ``{directory}/rank_0/{file_name}_train.ckpt`` into the training network
    if a previous run left it (``directory`` None: the working directory;
    ``rank_0`` is made at construction).  As in MindSpore, what a received
    signal does depends on the environment variable
    ``MS_ENABLE_GRACEFUL_EXIT`` (read at construction):

    - unset: the run goes on to its end, then the training network and its
      optimizer's state are saved to ``{file_name}_train.ckpt``;
    - ``"1"``: at the next step's start the exit is requested (also when the
      JSON ``config_file`` holds ``{"GracefulExit": 1}``), so the run stops
      after that step, saving the checkpoint with ``epoch_num``,
      ``step_num``, ``batch_num`` and ``global_step``; the end of the run
      saves it again.

    Evaluation does the same with the eval network and
    ``{file_name}_eval.ckpt``, stopping after the step that received the
    signal.  MindSpore also exports the network as a MINDIR graph
    (``save_mindir=True``); dualgrad has no graph format to write, so there it
    warns (a RuntimeWarning) and writes no ``.mindir`` file.

    >>> import signal
    >>> from dualgrad.train import OnRequestExit
    >>> OnRequestExit(save_ckpt=False, save_mindir=False, sig=signal.SIGUSR1).sig
    <Signals.SIGUSR1: 10>
    """

    def __init__(self, save_ckpt=True, save_mindir=True, file_name='Net', directory='./',
                 config_file=None, sig=signal.SIGTERM):
        super().__init__()
        owner = "OnRequestExit"
        self.save_ckpt = _check_bool(save_ckpt, "save_ckpt", owner)
        self.save_mindir = _check_bool(save_mindir, "save_mindir", owner)
        if not isinstance(file_name, str):
            raise TypeError(f"For '{owner}', 'file_name' must be a str, but got "
                            f"{type(file_name).__name__}.")
        if directory is not None and not isinstance(directory, (str, os.PathLike)):
            raise TypeError(f"For '{owner}', 'directory' must be a path or None, but got "
                            f"{type(directory).__name__}.")
        if config_file is not None and not isinstance(config_file, (str, os.PathLike)):
            raise TypeError(f"For '{owner}', 'config_file' must be a path or None, but got "
                            f"{type(config_file).__name__}.")
        if isinstance(sig, bool) or not isinstance(sig, int):
            raise TypeError(f"For '{owner}', 'sig' must be a signal number, but got "
                            f"{type(sig).__name__}.")
        if hasattr(signal, "SIGKILL") and sig == signal.SIGKILL:
            raise ValueError(f"For '{owner}', SIGKILL cannot be caught: choose another 'sig'.")
        self.sig = sig
        self.remote_config_file = config_file
        self.use_graceful = os.environ.get("MS_ENABLE_GRACEFUL_EXIT") == "1"
        self.exit = False
        self.stop_train = False
        self._exit_requested = False
        if self.save_ckpt or self.save_mindir:
            # one process is rank 0 of one device
            path = os.path.join(os.getcwd() if directory is None else os.fspath(directory),
                                "rank_0")
            os.makedirs(path, exist_ok=True)
            self.train_name = os.path.join(path, f"{file_name}_train")
            self.eval_name = os.path.join(path, f"{file_name}_eval")

    def _handle_signal(self, signum, frame):
        self.exit = True

    def _save(self, network, name, inputs, append_dict=None):
        if self.save_ckpt:
            save_checkpoint(network, name + ".ckpt", append_dict=append_dict)
        if self.save_mindir:
            warnings.warn(f"OnRequestExit: dualgrad cannot export a MINDIR graph; "
                          f"{name}.mindir was not written (save_mindir=False avoids this "
                          f"warning).", RuntimeWarning, stacklevel=3)

    def _config_requests_exit(self):
        if self.remote_config_file is None or not os.path.exists(self.remote_config_file):
            return False
        with open(self.remote_config_file, "r", encoding="utf-8") as f:
            try:
                config = json.load(f)
            except json.JSONDecodeError as e:
                warnings.warn(f"OnRequestExit: cannot parse {self.remote_config_file}: {e}",
                              RuntimeWarning, stacklevel=3)
                return False
        return isinstance(config, dict) and config.get("GracefulExit") == 1

    def _install_handler(self):
        # the handler before this run's, put back when the run ends: after
        # training the signal does what it did before (MindSpore's stays)
        self._previous_handler = signal.signal(self.sig, self._handle_signal)

    def _restore_handler(self):
        previous = getattr(self, "_previous_handler", None)
        if previous is not None:
            signal.signal(self.sig, previous)
            self._previous_handler = None

    def on_train_begin(self, run_context):
        self._install_handler()
        if self.save_ckpt and os.path.isfile(self.train_name + ".ckpt"):
            load_checkpoint(self.train_name + ".ckpt",
                            net=run_context.original_args().train_network)

    def on_train_step_begin(self, run_context):
        if self.use_graceful and (self.exit or self._config_requests_exit()):
            self._exit_requested = True

    def on_train_step_end(self, run_context):
        if self.stop_train or not self._exit_requested:
            return
        cb_params = run_context.original_args()
        append_dict = {"epoch_num": cb_params.cur_epoch_num, "step_num": cb_params.cur_step_num,
                       "batch_num": cb_params.batch_num}
        optimizer = cb_params.get("optimizer")
        if optimizer is not None:
            append_dict["global_step"] = int(optimizer.global_step.asnumpy()[0])
        network = cb_params.train_network
        # a training network already saves its optimizer's global_step Parameter
        # (a checkpoint's names are unique)
        saved = {p.name for p in network.get_parameters()}
        append_dict = {k: v for k, v in append_dict.items() if k not in saved}
        if self.save_ckpt or self.save_mindir:
            self._save(network, self.train_name, cb_params.get("train_dataset_element"),
                       append_dict)
        run_context.request_stop()
        self.stop_train = True

    def on_train_epoch_end(self, run_context):
        self.on_train_step_end(run_context)

    def on_train_end(self, run_context):
        self._restore_handler()
        if self.exit and (self.save_ckpt or self.save_mindir):
            cb_params = run_context.original_args()
            self._save(cb_params.train_network, self.train_name,
                       cb_params.get("train_dataset_element"))

    def on_eval_begin(self, run_context):
        self._install_handler()
        if not self.save_ckpt:
            return
        eval_network = run_context.original_args().eval_network
        for name in (self.eval_name, self.train_name):
            if os.path.isfile(name + ".ckpt"):
                load_checkpoint(name + ".ckpt", net=eval_network)
                break

    def on_eval_step_end(self, run_context):
        if self.exit:
            run_context.request_stop()

    def on_eval_end(self, run_context):
        self._restore_handler()
        if self.exit and (self.save_ckpt or self.save_mindir):
            cb_params = run_context.original_args()
            self._save(cb_params.eval_network, self.eval_name,
                       cb_params.get("eval_dataset_element"))


class BackupAndRestore(Callback):
    """Back the training up at epoch ends and restore it when a run starts.

    ``backup_dir`` is made at construction.  Every ``save_freq`` epochs
    (``'epoch'``: every epoch) the training network, with its optimizer's
    state, is saved to ``{backup_dir}/backup.ckpt``; a run that starts with
    that file there loads it first (the epochs are not skipped: the run
    trains all of its epochs from the restored state).  With
    ``delete_checkpoint`` the file is deleted when training ends.  (MindSpore
    2.10 then raises FileNotFoundError if no epoch saved one; here there is
    nothing to delete.)

    >>> import tempfile, os
    >>> from dualgrad.train import BackupAndRestore
    >>> d = tempfile.mkdtemp()
    >>> os.path.basename(BackupAndRestore(os.path.join(d, "backup")).backup_file)
    'backup.ckpt'
    """

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True):
        super().__init__()
        owner = "BackupAndRestore"
        if not isinstance(backup_dir, (str, os.PathLike)):
            raise TypeError(f"For '{owner}', 'backup_dir' must be a path, but got "
                            f"{type(backup_dir).__name__}.")
        if save_freq == "epoch":
            self.save_freq = 1
        elif isinstance(save_freq, bool) or not isinstance(save_freq, numbers.Integral) or \
                save_freq <= 0:
            raise ValueError(f"For '{owner}', 'save_freq' must be 'epoch' or a positive "
                             f"integer, but got {save_freq!r}.")
        else:
            self.save_freq = int(save_freq)
        self.delete_checkpoint = _check_bool(delete_checkpoint, "delete_checkpoint", owner)
        os.makedirs(backup_dir, exist_ok=True)
        self.backup_file = os.path.join(os.fspath(backup_dir), "backup.ckpt")

    def on_train_begin(self, run_context):
        if os.path.exists(self.backup_file):
            load_checkpoint(self.backup_file, net=run_context.original_args().train_network)

    def on_train_epoch_end(self, run_context):
        cb_params = run_context.original_args()
        if cb_params.cur_epoch_num % self.save_freq == 0:
            save_checkpoint(cb_params.train_network, self.backup_file)

    def on_train_end(self, run_context):
        if self.delete_checkpoint and os.path.exists(self.backup_file):
            os.remove(self.backup_file)
