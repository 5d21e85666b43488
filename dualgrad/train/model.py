"""MindSpore's high-level training API, ``mindspore.train.Model``.

>>> import numpy as np, dualgrad as ms
>>> import dualgrad.dataset as ds
>>> from dualgrad import nn
>>> x = np.arange(8, dtype=np.float32).reshape(4, 2) / 4
>>> data = ds.NumpySlicesDataset({"x": x, "y": x.sum(1, keepdims=True)}, shuffle=False).batch(2)
>>> net = nn.Dense(2, 1, weight_init='zeros', bias_init='zeros')
>>> model = ms.train.Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.1),
...                        metrics={"mae": nn.MAE()})
>>> model.train(3, data, callbacks=[ms.train.LossMonitor(2)])
epoch: 1 step: 2, loss is 5.836816310882568
epoch: 2 step: 2, loss is 0.05822140350937843
epoch: 3 step: 2, loss is 0.037372950464487076
>>> round(model.eval(data)["mae"], 4)
0.2424
"""
import numpy as np

from .._tensor import Tensor
from ..dataset import _check_bool, _check_positive_int
from ..nn.cell import Cell
from ..nn.wrappers import TrainOneStepCell, WithEvalCell, WithLossCell
from . import callback as _callback
from .callback import RunContext, _CallbackList, _CallbackParams
from .metrics import Loss, Metric, get_metric_fn

__all__ = ["Model"]


def _metric_fns(metrics):
    """``metrics`` (None, a dict of name -> Metric, or a set of metric names) as a dict."""
    if metrics is None:
        return {}
    if isinstance(metrics, set):
        return {name: get_metric_fn(name) for name in metrics}
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            if not isinstance(name, str) or not isinstance(metric, Metric):
                raise TypeError(f"For 'Model', 'metrics' must map names to Metric instances, "
                                f"but got {name!r}: {type(metric).__name__}.")
        return dict(metrics)
    raise TypeError(f"For 'Model', 'metrics' must be None, a dict or a set, but got "
                    f"{type(metrics).__name__}.")


def _check_dataset(dataset, name, owner):
    if not (hasattr(dataset, "create_tuple_iterator") and hasattr(dataset, "get_dataset_size")):
        raise TypeError(f"For '{owner}', '{name}' must be a dataset (such as "
                        f"dualgrad.dataset.NumpySlicesDataset), but got "
                        f"{type(dataset).__name__}.")
    return dataset


def _check_sink_mode(value, name, owner):
    # Without a device to sink data into, every step runs from the host, as
    # MindSpore's CPU build also does; the callbacks see each step either way.
    return _check_bool(value, name, owner)


def _plain(value):
    """A NumPy scalar result as the Python number it is, so results print plainly."""
    return value.item() if isinstance(value, np.generic) else value


class Model:
    """Training, evaluation and prediction of ``network`` in a loop over a dataset.

    With ``loss_fn``, ``network`` maps the data columns but the last to a
    prediction and the last column is the label (``WithLossCell``); without
    it, ``network`` is itself the loss network, taking every column.  With an
    ``optimizer`` each training step is a ``TrainOneStepCell``; without one
    training only computes the loss.  ``metrics`` (a dict of name ->
    ``Metric``, or a set of metric names) are computed by ``eval`` on
    ``eval_network`` (default: ``WithEvalCell(network, loss_fn)``, whose
    ``(loss, outputs, label)`` are picked by ``eval_indexes``: a ``Loss``
    metric reads the first, the others the last two).  Only ``amp_level='O0'``
    (no mixed precision) is supported.
    """

    def __init__(self, network, loss_fn=None, optimizer=None, metrics=None, eval_network=None,
                 eval_indexes=None, amp_level='O0', boost_level='O0', **kwargs):
        owner = "Model"
        if not isinstance(network, Cell):
            raise TypeError(f"For '{owner}', 'network' must be a Cell, but got "
                            f"{type(network).__name__}.")
        if loss_fn is not None and not callable(loss_fn):
            raise TypeError(f"For '{owner}', 'loss_fn' must be a loss cell or None, but got "
                            f"{type(loss_fn).__name__}.")
        if optimizer is not None and not isinstance(getattr(optimizer, "parameters", None),
                                                    (tuple, list)):
            raise TypeError(f"For '{owner}', 'optimizer' must be an optimizer (such as "
                            f"nn.SGD or nn.Adam) or None, but got {type(optimizer).__name__}.")
        if eval_network is not None and not isinstance(eval_network, Cell):
            raise TypeError(f"For '{owner}', 'eval_network' must be a Cell or None, but got "
                            f"{type(eval_network).__name__}.")
        if amp_level != 'O0':
            raise ValueError(f"For '{owner}', only amp_level='O0' is supported (build the "
                             f"network with dualgrad.amp for mixed precision), but got "
                             f"{amp_level!r}.")
        if kwargs.get("loss_scale_manager") is not None:
            raise ValueError(f"For '{owner}', 'loss_scale_manager' is not supported; wrap "
                             f"the network in nn.TrainOneStepWithLossScaleCell instead.")
        self._network = network
        self._loss_fn = loss_fn
        self._optimizer = optimizer
        self._metric_fns = _metric_fns(metrics)
        self._train_network = self._build_train_network()
        # as in MindSpore, there is an eval network only with metrics, and
        # eval_indexes go with a given eval_network
        self._eval_network, self._eval_indexes = None, None
        if self._metric_fns and eval_network is not None:
            if eval_indexes is not None and not (
                    isinstance(eval_indexes, list) and len(eval_indexes) == 3 and all(
                        isinstance(i, int) and not isinstance(i, bool) for i in eval_indexes)):
                raise ValueError(f"For '{owner}', 'eval_indexes' must be a list of 3 "
                                 f"integers or None, but got {eval_indexes!r}.")
            self._eval_network, self._eval_indexes = eval_network, eval_indexes
        elif self._metric_fns:
            if loss_fn is None:
                raise ValueError(f"For '{owner}', 'metrics' need an 'eval_network' or a "
                                 f"'loss_fn' to build one from.")
            self._eval_network = WithEvalCell(network, loss_fn)
            self._eval_indexes = [0, 1, 2]
        self._predict_network = network

    def _build_train_network(self):
        network = self._network
        if self._loss_fn is not None:
            network = WithLossCell(network, self._loss_fn)
        if self._optimizer is not None:
            network = TrainOneStepCell(network, self._optimizer)
        return network

    @property
    def train_network(self):
        """The cell run at each training step."""
        return self._train_network

    @property
    def eval_network(self):
        """The cell run at each evaluation step (None without metrics)."""
        return self._eval_network

    @property
    def predict_network(self):
        """The cell ``predict`` runs: the network."""
        return self._predict_network

    def _train_params(self, dataset, callbacks, sink_mode, epoch):
        """The cb_params of training, with MindSpore's fields (``network`` is the
        network given, ``train_network`` the cell each step runs).  Steps run
        from the host, so ``dataset_sink_mode`` is False whatever was asked."""
        return _CallbackParams(
            mode="train", network=self._network, train_network=self._train_network,
            optimizer=self._optimizer, loss_fn=self._loss_fn, loss_scale_mananger=None,
            batch_num=dataset.get_dataset_size(), epoch_num=epoch,
            cur_step_num=0, initial_step=0, train_dataset=dataset, train_dataset_element=None,
            dataset_sink_mode=sink_mode, list_callback=callbacks, device_number=1,
            parallel_mode="stand_alone", last_save_ckpt_step=None, latest_ckpt_file=None)

    def _eval_params(self, dataset, callbacks):
        """The cb_params of evaluation, with MindSpore's fields."""
        return _CallbackParams(
            mode="eval", network=self._network, eval_network=self._eval_network,
            batch_num=dataset.get_dataset_size(), cur_step_num=0, valid_dataset=dataset,
            eval_dataset_element=None, net_outputs=None, dataset_sink_mode=False,
            list_callback=callbacks)

    def train(self, epoch, train_dataset, callbacks=None, dataset_sink_mode=False, sink_size=-1,
              initial_epoch=0):
        """Train for epochs ``initial_epoch + 1`` to ``epoch``, one step per batch
        of ``train_dataset``, calling the ``callbacks``' hooks (``cur_step_num``
        counts this call's steps from 1, whatever ``initial_epoch``).

        ``dataset_sink_mode`` and ``sink_size`` are accepted; every step runs
        from the host and is seen by the callbacks, as in MindSpore's CPU build.
        """
        self._run_training(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size,
                           initial_epoch, "Model.train", None, 1)

    def fit(self, epoch, train_dataset, valid_dataset=None, valid_frequency=1, callbacks=None,
            dataset_sink_mode=False, valid_dataset_sink_mode=False, sink_size=-1,
            initial_epoch=0):
        """``train``, evaluating the metrics on ``valid_dataset`` every
        ``valid_frequency`` epochs (or at the epochs listed), after the epoch's
        steps.  The user's callbacks (not the stock ones but TimeMonitor) get
        the validation's ``on_eval_*`` hooks, with the epoch's
        ``cur_epoch_num``; its results are ``cb_params.metrics`` and
        ``eval_results`` (with ``eval_loss``) in that epoch's
        ``on_train_epoch_end`` (which LossMonitor prints and EarlyStopping
        monitors).
        """
        owner = "Model.fit"
        if valid_dataset is not None:
            _check_dataset(valid_dataset, "valid_dataset", owner)
            if not self._metric_fns:
                raise ValueError(f"For '{owner}', validation needs 'metrics' in the Model.")
            if isinstance(valid_frequency, list):
                if not all(isinstance(e, int) and not isinstance(e, bool) and e > 0
                           for e in valid_frequency):
                    raise ValueError(f"For '{owner}', 'valid_frequency' must be a positive "
                                     f"integer or a list of them, but got {valid_frequency!r}.")
            else:
                _check_positive_int(valid_frequency, "valid_frequency", owner)
        _check_sink_mode(valid_dataset_sink_mode, "valid_dataset_sink_mode", owner)
        self._run_training(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size,
                           initial_epoch, owner, valid_dataset, valid_frequency)

    def _run_training(self, epoch, train_dataset, callbacks, sink_mode, sink_size,
                      initial_epoch, owner, valid_dataset, valid_frequency):
        epoch = _check_positive_int(epoch, "epoch", owner)
        _check_dataset(train_dataset, "train_dataset", owner)
        _check_sink_mode(sink_mode, "dataset_sink_mode", owner)
        if isinstance(sink_size, bool) or not isinstance(sink_size, int) or \
                not (sink_size == -1 or sink_size > 0):
            raise ValueError(f"For '{owner}', 'sink_size' must be -1 or a positive integer, "
                             f"but got {sink_size!r}.")
        if isinstance(initial_epoch, bool) or not isinstance(initial_epoch, int) or \
                not 0 <= initial_epoch < epoch:
            raise ValueError(f"For '{owner}', 'initial_epoch' must be an integer in [0, "
                             f"{epoch}), but got {initial_epoch!r}.")
        callback_list = _CallbackList(callbacks, owner)
        cb_params = self._train_params(train_dataset, callback_list.callbacks, False, epoch)
        run_context = RunContext(cb_params)
        network = self._train_network
        batches = train_dataset.create_tuple_iterator(num_epochs=epoch - initial_epoch)
        callback_list.on_train_begin(run_context)
        for epoch_num in range(initial_epoch + 1, epoch + 1):
            cb_params.cur_epoch_num = epoch_num
            network.set_train(True)
            callback_list.on_train_epoch_begin(run_context)
            for batch in batches:
                cb_params.train_dataset_element = batch
                cb_params.cur_step_num += 1
                callback_list.on_train_step_begin(run_context)
                cb_params.net_outputs = network(*batch)
                callback_list.on_train_step_end(run_context)
                if run_context.get_stop_requested():
                    break
            if valid_dataset is not None and (
                    epoch_num in valid_frequency if isinstance(valid_frequency, list)
                    else epoch_num % valid_frequency == 0):
                self._validate(valid_dataset, callback_list, cb_params)
            callback_list.on_train_epoch_end(run_context)
            # an epoch's validation results are for its end only
            cb_params.pop("metrics", None)
            cb_params.pop("eval_results", None)
            if run_context.get_stop_requested():
                break
        callback_list.on_train_end(run_context)

    def eval(self, valid_dataset, callbacks=None, dataset_sink_mode=False):
        """The metrics on ``valid_dataset``: a dict of name -> value.

        The eval network runs in inference mode on each batch; ``callbacks``
        get the ``on_eval_*`` hooks, with ``net_outputs`` the eval network's
        ``(loss, outputs, label)``.
        """
        owner = "Model.eval"
        _check_dataset(valid_dataset, "valid_dataset", owner)
        _check_sink_mode(dataset_sink_mode, "dataset_sink_mode", owner)
        if not self._metric_fns:
            raise ValueError(f"For '{owner}', the Model's 'metrics' must be given for "
                             f"evaluation.")
        callback_list = _CallbackList(callbacks, owner)
        return self._evaluate(valid_dataset, callback_list,
                              self._eval_params(valid_dataset, callback_list.callbacks))

    def _validate(self, dataset, callback_list, cb_params):
        """fit's evaluation at an epoch's end, in the training's cb_params.

        The stock callbacks but TimeMonitor (LossMonitor, History, ...) are
        for training and do not see it, as in MindSpore; the results are
        ``metrics`` and, with the mean loss as ``eval_loss``, ``eval_results``.
        """
        saved = {key: cb_params.get(key) for key in
                 ("mode", "cur_step_num", "batch_num", "dataset_sink_mode", "net_outputs")}
        eval_callbacks = [cb for cb in callback_list.callbacks
                          if type(cb).__name__ not in _callback.__all__
                          or isinstance(cb, _callback.TimeMonitor)]
        cb_params.update(mode="eval", eval_network=self._eval_network, valid_dataset=dataset,
                         batch_num=dataset.get_dataset_size(), cur_step_num=0,
                         dataset_sink_mode=False)
        eval_loss = Loss() if self._eval_indexes is not None else None
        results = self._evaluate(dataset, _CallbackList(eval_callbacks, "Model.fit"), cb_params,
                                 eval_loss)
        cb_params.eval_results = dict(results)
        if eval_loss is not None:
            cb_params.eval_results["eval_loss"] = _plain(eval_loss.eval())
        cb_params.update(saved)

    def _evaluate(self, dataset, callback_list, cb_params, eval_loss=None):
        run_context = RunContext(cb_params)
        for metric in self._metric_fns.values():
            metric.clear()
        network = self._eval_network
        network.set_train(False)
        callback_list.on_eval_begin(run_context)
        callback_list.on_eval_epoch_begin(run_context)
        for batch in dataset.create_tuple_iterator(num_epochs=1):
            cb_params.eval_dataset_element = batch
            cb_params.cur_step_num += 1
            callback_list.on_eval_step_begin(run_context)
            outputs = network(*batch)
            cb_params.net_outputs = outputs
            callback_list.on_eval_step_end(run_context)
            self._update_metrics(outputs)
            if eval_loss is not None:
                eval_loss.update(outputs[self._eval_indexes[0]])
            if run_context.get_stop_requested():
                break
        callback_list.on_eval_epoch_end(run_context)
        results = {name: _plain(metric.eval()) for name, metric in self._metric_fns.items()}
        cb_params.metrics = results
        callback_list.on_eval_end(run_context)
        return results

    def _update_metrics(self, outputs):
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        if not isinstance(outputs, (tuple, list)):
            raise TypeError(f"For 'Model.eval', the eval network must return a Tensor or a "
                            f"tuple of Tensors, but got {type(outputs).__name__}.")
        loss_at, pred_at, label_at = self._eval_indexes or (None, None, None)
        for metric in self._metric_fns.values():
            if self._eval_indexes is None:
                metric.update(*outputs)
            elif isinstance(metric, Loss):
                metric.update(outputs[loss_at])
            else:
                metric.update(outputs[pred_at], outputs[label_at])

    def predict(self, *predict_data, backend=None, config=None):
        """The network's output on ``predict_data``, in inference mode.

        >>> import numpy as np, dualgrad as ms
        >>> from dualgrad import nn
        >>> net = nn.Dense(2, 1, weight_init='ones', bias_init='zeros')
        >>> ms.train.Model(net).predict(ms.Tensor([[1.0, 2.0]]))
        Tensor(shape=[1, 1], dtype=Float32, value=
        [[ 3.00000000e+00]])
        """
        self._predict_network.set_train(False)
        return self._predict_network(*predict_data)
