"""MindSpore 2.10's results for tests/test_train_model.py and tests/test_dataset.py.

``capture(ms, ds)`` runs small deterministic scenarios with a framework
(``ms`` is ``mindspore`` or ``dualgrad``, ``ds`` its dataset module) and
returns what a user sees: the callback hooks called (in ``train``, ``eval``
and ``fit``, whose validation calls the ``on_eval_*`` hooks of the user's own
callbacks) with the ``cb_params`` fields users read and the set of fields,
LossMonitor's and EarlyStopping's printed lines, the losses and weights after
training a Dense(2, 1) from fixed weights with SGD and Adam on an unshuffled
dataset, ``eval``'s dict, ``predict``'s output, the files ModelCheckpoint
keeps (numbering the prefix of a second run), and dataset batching, dtypes
and iteration.
``MINDSPORE`` holds what MindSpore 2.10 (CPU) returned; it was captured once
by running this module with MindSpore's Python (``python
train_model_reference.py`` prints the dict), and the tests compare dualgrad's
``capture`` with it, needing no MindSpore.
"""
import contextlib
import io
import os
import tempfile

import numpy as np

X = np.arange(16, dtype=np.float32).reshape(8, 2) / 8.0
Y = (X @ np.array([[1.5], [-2.0]], np.float32) + 0.5).astype(np.float32)
W0 = np.array([[0.1, -0.2]], np.float32)
B0 = np.array([0.05], np.float32)


def _printed(fn):
    """What ``fn()`` prints, as a list of lines, and its result."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn()
    return [line for line in out.getvalue().splitlines() if line], result


def _model_scenarios(ms, ds):
    nn, train = ms.nn, ms.train

    def data():
        return ds.NumpySlicesDataset({"x": X, "y": Y}, shuffle=False).batch(3)

    def dense():
        return nn.Dense(2, 1, weight_init=ms.Tensor(W0), bias_init=ms.Tensor(B0))

    def loss_of(outputs):
        if isinstance(outputs, (tuple, list)):
            return "tuple of %d" % len(outputs)
        return None if outputs is None else float(outputs.asnumpy())

    class Recorder(train.Callback):
        """Logs each hook, new and old, with the fields users read."""

        def __init__(self):
            super().__init__()
            self.log = []

        def _log(self, hook, run_context):
            p = run_context.original_args()
            self.log.append([hook, p.get("cur_epoch_num"), p.get("cur_step_num"),
                             p.get("batch_num"), loss_of(p.get("net_outputs"))])

    for hook in ("begin", "epoch_begin", "step_begin", "step_end", "epoch_end", "end"):
        setattr(Recorder, hook, lambda self, rc, hook=hook: self._log(hook, rc))
    for phase in ("train", "eval"):
        for place in ("begin", "epoch_begin", "step_begin", "step_end", "epoch_end", "end"):
            hook = f"on_{phase}_{place}"

            def record(self, rc, hook=hook, place=place):
                self._log(hook, rc)
                getattr(train.Callback, hook)(self, rc)
            setattr(Recorder, hook, record)

    out = {}
    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1),
                        metrics={"mae": nn.MAE(), "mse": nn.MSE()})
    rec = Recorder()
    out["sgd_printed"], _ = _printed(lambda: model.train(2, data(),
                                                         callbacks=[rec, train.LossMonitor(2)]))
    out["sgd_hooks"] = rec.log
    out["sgd_weights"] = [net.weight.asnumpy().tolist(), net.bias.asnumpy().tolist()]
    rec = Recorder()
    out["sgd_eval"] = model.eval(data(), callbacks=[rec])
    out["eval_hooks"] = rec.log
    out["sgd_predict"] = model.predict(ms.Tensor(X[:3])).asnumpy().tolist()
    out["networks"] = [type(model.train_network).__name__, type(model.eval_network).__name__,
                       type(model.predict_network).__name__]

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    losses = []
    model.train(4, data(), callbacks=[train.LambdaCallback(
        on_train_step_end=lambda rc: losses.append(loss_of(rc.original_args().net_outputs)))])
    out["sgd4_losses"] = losses
    out["sgd4_weights"] = [net.weight.asnumpy().tolist(), net.bias.asnumpy().tolist()]

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.Adam(net.trainable_params(), 0.05),
                        metrics={"mae": nn.MAE(), "loss": nn.Loss()})
    model.train(3, data())
    out["adam_weights"] = [net.weight.asnumpy().tolist(), net.bias.asnumpy().tolist()]
    out["adam_eval"] = model.eval(data())

    # no loss_fn: the network is the loss network, taking every column
    net = dense()
    model = train.Model(nn.WithLossCell(net, nn.MSELoss()),
                        optimizer=nn.SGD(net.trainable_params(), 0.1))
    out["loss_network_printed"], _ = _printed(
        lambda: model.train(1, data(), callbacks=[train.LossMonitor()]))

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1),
                        metrics={"mae": nn.MAE()})
    history = train.History()
    out["fit_printed"], _ = _printed(lambda: model.fit(
        2, data(), data(), callbacks=[train.LossMonitor(3), history]))
    out["fit_history"] = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    out["history_epochs"] = history.epoch

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    rec = Recorder()
    out["initial_epoch_printed"], _ = _printed(lambda: model.train(
        3, data(), callbacks=[rec, train.LossMonitor(2)], initial_epoch=1))
    out["initial_epoch_hooks"] = [entry for entry in rec.log if entry[0].startswith("on_")]
    out["sink_mode_printed"], _ = _printed(lambda: model.train(
        1, data(), callbacks=[train.LossMonitor(), train.LossMonitor(0)], dataset_sink_mode=True))

    class StopAtFirstStep(train.Callback):
        def on_train_step_end(self, run_context):
            run_context.request_stop()

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    rec = Recorder()
    out["stop_printed"], _ = _printed(lambda: model.train(
        3, data(), callbacks=[rec, StopAtFirstStep(), train.LossMonitor()]))
    out["stop_hooks"] = [entry[0] for entry in rec.log]

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    out["early_stopping_printed"], _ = _printed(lambda: model.train(3, data(), callbacks=[
        train.EarlyStopping(monitor="loss", patience=0, min_delta=100.0, verbose=True),
        train.LossMonitor()]))

    class Fields(train.Callback):
        """Logs each hook with its epoch, step, metrics and the cb_params fields."""

        def __init__(self):
            super().__init__()
            self.log, self.fields = [], {}

    for phase in ("train", "eval"):
        for place in ("begin", "epoch_begin", "step_begin", "step_end", "epoch_end", "end"):
            def record(self, rc, hook=f"on_{phase}_{place}"):
                p = rc.original_args()
                metrics = p.get("metrics")
                self.log.append([hook, p.get("cur_epoch_num"), p.get("cur_step_num"),
                                 sorted(metrics) if metrics else None])
                self.fields.setdefault(hook, sorted(p.keys()))
            setattr(Fields, f"on_{phase}_{place}", record)

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1),
                        metrics={"mae": nn.MAE()})
    fields = Fields()
    model.fit(2, data(), data(), callbacks=[fields])
    out["fit_hooks"] = fields.log
    out["train_fields"] = fields.fields["on_train_step_end"]
    out["train_begin_fields"] = fields.fields["on_train_begin"]
    fields = Fields()
    model.eval(data(), callbacks=[fields])
    out["eval_fields"] = fields.fields["on_eval_step_end"]

    class Networks(train.Callback):
        def on_train_step_end(self, run_context):
            p = run_context.original_args()
            out["cb_networks"] = [type(p.network).__name__, type(p.train_network).__name__]
            run_context.request_stop()

    model.train(1, data(), callbacks=[Networks()])

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(3):
            model.train(1, data(), callbacks=[train.ModelCheckpoint(
                prefix="run", directory=directory,
                config=train.CheckpointConfig(save_checkpoint_steps=3))])
        out["checkpoint_runs"] = sorted(os.listdir(directory))

    net = dense()
    model = train.Model(net, loss_fn=nn.MSELoss(), optimizer=nn.SGD(net.trainable_params(), 0.1))
    with tempfile.TemporaryDirectory() as directory:
        config = train.CheckpointConfig(save_checkpoint_steps=2, keep_checkpoint_max=2)
        model.train(3, data(), callbacks=[train.ModelCheckpoint(prefix="net", directory=directory,
                                                                config=config)])
        files = sorted(f for f in os.listdir(directory) if f.endswith(".ckpt"))
        saved = ms.load_checkpoint(os.path.join(directory, files[-1]))
        out["checkpoint_files"] = files
        out["checkpoint_names"] = list(saved.keys())
        out["checkpoint_weight"] = saved["weight"].asnumpy().tolist()
    return out


def _dataset_scenarios(ds):
    def columns():
        return ds.NumpySlicesDataset({"a": np.arange(5, dtype=np.float64),
                                      "b": [1.0, 2.0, 3.0, 4.0, 5.0], "c": [1, 2, 3, 4, 5]},
                                     shuffle=False)

    def rows(dataset, **kw):
        return [[np.asarray(v).tolist() for v in row]
                for row in dataset.create_tuple_iterator(output_numpy=True, **kw)]

    out = {"col_names": columns().get_col_names(), "size": columns().get_dataset_size()}
    out["numpy_dtypes"] = [str(v.dtype) for v in next(iter(
        columns().create_tuple_iterator(output_numpy=True)))]
    row = next(iter(columns()))
    out["row_types"] = [type(row).__name__] + [type(v).__name__ for v in row]
    out["tensor_dtypes"] = [str(v.dtype).lower().replace("mindspore.", "").replace(
        "dualgrad.", "") for v in row]
    out["dict_keys"] = list(next(iter(columns().create_dict_iterator())).keys())
    out["batch"] = rows(columns().batch(2))
    out["batch_size"] = columns().batch(2).get_dataset_size()
    out["batch_drop"] = rows(columns().batch(2, drop_remainder=True))
    out["batch_drop_size"] = columns().batch(2, drop_remainder=True).get_dataset_size()
    out["repeat_batch"] = rows(columns().repeat(2).batch(3))
    out["batch_repeat"] = rows(columns().batch(3).repeat(2))
    out["repeat_size"] = columns().repeat(2).get_dataset_size()
    out["endless_repeat_size"] = ds.NumpySlicesDataset([1, 2], shuffle=False).repeat() \
        .get_dataset_size()
    out["array_data"] = [ds.NumpySlicesDataset(np.arange(6.0).reshape(3, 2), shuffle=False)
                         .get_col_names(), rows(ds.NumpySlicesDataset(
                             np.arange(6.0).reshape(3, 2), shuffle=False))]
    out["tuple_names"] = ds.NumpySlicesDataset((np.arange(3), np.arange(3) * 2.0),
                                               shuffle=False).get_col_names()
    out["list_named"] = [ds.NumpySlicesDataset([1, 2, 3], column_names=["z"], shuffle=False)
                         .get_col_names(), rows(ds.NumpySlicesDataset([1, 2, 3], ["z"],
                                                                      shuffle=False))]
    out["mixed_list_dtypes"] = [str(r[0].dtype) for r in ds.NumpySlicesDataset(
        [1.5, 2, 3], shuffle=False).create_tuple_iterator(output_numpy=True)]

    def gen():
        for i in range(5):
            yield np.array([i], np.float32), np.array(i * 2)

    out["generator"] = rows(ds.GeneratorDataset(gen, column_names=["x", "y"], shuffle=False))
    out["generator_size"] = ds.GeneratorDataset(gen, ["x", "y"], shuffle=False) \
        .get_dataset_size()

    class RandomAccess:
        def __getitem__(self, i):
            return np.array([i], np.float32), np.array(float(i))

        def __len__(self):
            return 4

    source = ds.GeneratorDataset(RandomAccess(), column_names=["x", "y"], shuffle=False)
    out["random_access"] = rows(source)
    out["random_access_dtypes"] = [str(v.dtype) for v in next(iter(
        source.create_tuple_iterator(output_numpy=True)))]
    out["iterable"] = rows(ds.GeneratorDataset([(np.array(1),), (np.array(2),)], ["a"],
                                               shuffle=False))
    out["num_samples"] = rows(ds.NumpySlicesDataset(list(range(6)), shuffle=False,
                                                    num_samples=4))
    sharded = ds.NumpySlicesDataset(list(range(7)), shuffle=False, num_shards=2, shard_id=1)
    out["shard"] = [rows(sharded), sharded.get_dataset_size()]
    mapped = ds.NumpySlicesDataset({"a": np.arange(3.0), "b": np.arange(3)}, shuffle=False).map(
        operations=[lambda a: a + 1, lambda a: a * 10], input_columns="a")
    out["map_chain"] = rows(mapped)
    mapped = ds.NumpySlicesDataset({"a": np.arange(3.0), "b": np.arange(3)}, shuffle=False).map(
        operations=lambda a, b: (a + b, a - b), input_columns=["a", "b"],
        output_columns=["s", "t"])
    out["map_two"] = [mapped.get_col_names(), rows(mapped)]
    out["select_columns"] = rows(columns(), columns=["c"])
    iterator = columns().batch(2).create_tuple_iterator(num_epochs=2, output_numpy=True)
    out["two_epochs"] = [[np.asarray(r[0]).tolist() for r in iterator] for _ in range(2)]
    out["batched_shapes"] = [list(r[0].shape) for r in ds.NumpySlicesDataset(
        np.zeros((5, 2, 3), np.float32), shuffle=False).batch(2)]
    return out


def capture(ms, ds):
    """The scenarios' results with framework ``ms`` and its dataset module ``ds``."""
    return {"model": _model_scenarios(ms, ds), "dataset": _dataset_scenarios(ds)}


MINDSPORE = {'dataset': {'array_data': [['column_0'], [[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]]],
                         'batch': [[[0.0, 1.0], [1.0, 2.0], [1, 2]],
                                   [[2.0, 3.0], [3.0, 4.0], [3, 4]],
                                   [[4.0], [5.0], [5]]],
                         'batch_drop': [[[0.0, 1.0], [1.0, 2.0], [1, 2]],
                                        [[2.0, 3.0], [3.0, 4.0], [3, 4]]],
                         'batch_drop_size': 2,
                         'batch_repeat': [[[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1, 2, 3]],
                                          [[3.0, 4.0], [4.0, 5.0], [4, 5]],
                                          [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1, 2, 3]],
                                          [[3.0, 4.0], [4.0, 5.0], [4, 5]]],
                         'batch_size': 3,
                         'batched_shapes': [[2, 2, 3], [2, 2, 3], [1, 2, 3]],
                         'col_names': ['a', 'b', 'c'],
                         'dict_keys': ['a', 'b', 'c'],
                         'endless_repeat_size': 2,
                         'generator': [[[0.0], 0],
                                       [[1.0], 2],
                                       [[2.0], 4],
                                       [[3.0], 6],
                                       [[4.0], 8]],
                         'generator_size': 5,
                         'iterable': [[1], [2]],
                         'list_named': [['z'], [[1], [2], [3]]],
                         'map_chain': [[10.0, 0], [20.0, 1], [30.0, 2]],
                         'map_two': [['s', 't'], [[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]]],
                         'mixed_list_dtypes': ['float64', 'int64', 'int64'],
                         'num_samples': [[0], [1], [2], [3]],
                         'numpy_dtypes': ['float64', 'float64', 'int64'],
                         'random_access': [[[0.0], 0.0],
                                           [[1.0], 1.0],
                                           [[2.0], 2.0],
                                           [[3.0], 3.0]],
                         'random_access_dtypes': ['float32', 'float64'],
                         'repeat_batch': [[[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [1, 2, 3]],
                                          [[3.0, 4.0, 0.0], [4.0, 5.0, 1.0], [4, 5, 1]],
                                          [[1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [2, 3, 4]],
                                          [[4.0], [5.0], [5]]],
                         'repeat_size': 10,
                         'row_types': ['list', 'Tensor', 'Tensor', 'Tensor'],
                         'select_columns': [[1], [2], [3], [4], [5]],
                         'shard': [[[1], [3], [5], [0]], 4],
                         'size': 5,
                         'tensor_dtypes': ['float64', 'float64', 'int64'],
                         'tuple_names': ['column_0', 'column_1'],
                         'two_epochs': [[[0.0, 1.0], [2.0, 3.0], [4.0]],
                                        [[0.0, 1.0], [2.0, 3.0], [4.0]]]},
             'model': {'adam_eval': {'loss': 0.05526303065319856, 'mae': 0.2365288957953453},
                       'adam_weights': [[[-0.0587921142578125, -0.35193654894828796]],
                                        [-0.020649228245019913]],
                       'cb_networks': ['Dense', 'TrainOneStepCell'],
                       'checkpoint_files': ['net-3_2.ckpt', 'net-3_3.ckpt'],
                       'checkpoint_names': ['weight',
                                            'bias',
                                            'global_step',
                                            'learning_rate',
                                            'momentum',
                                            'accum.weight',
                                            'accum.bias',
                                            'stat.weight',
                                            'stat.bias'],
                       'checkpoint_runs': ['run-1_3.ckpt', 'run_1-1_3.ckpt', 'run_2-1_3.ckpt'],
                       'checkpoint_weight': [[-0.04323195666074753, -0.3406921923160553]],
                       'early_stopping_printed': ['epoch: 1 step: 1, loss is 0.02229166589677334',
                                                  'epoch: 1 step: 2, loss is 0.05094839259982109',
                                                  'epoch: 1 step: 3, loss is 0.06972301751375198',
                                                  'Epoch 00001: early stopping'],
                       'eval_fields': ['batch_num',
                                       'cur_step_num',
                                       'dataset_sink_mode',
                                       'eval_dataset_element',
                                       'eval_network',
                                       'list_callback',
                                       'mode',
                                       'net_outputs',
                                       'network',
                                       'valid_dataset'],
                       'eval_hooks': [['on_eval_begin', None, 0, 3, None],
                                      ['begin', None, 0, 3, None],
                                      ['on_eval_epoch_begin', None, 0, 3, None],
                                      ['epoch_begin', None, 0, 3, None],
                                      ['on_eval_step_begin', None, 1, 3, None],
                                      ['step_begin', None, 1, 3, None],
                                      ['on_eval_step_end', None, 1, 3, 'tuple of 3'],
                                      ['step_end', None, 1, 3, 'tuple of 3'],
                                      ['on_eval_step_begin', None, 2, 3, 'tuple of 3'],
                                      ['step_begin', None, 2, 3, 'tuple of 3'],
                                      ['on_eval_step_end', None, 2, 3, 'tuple of 3'],
                                      ['step_end', None, 2, 3, 'tuple of 3'],
                                      ['on_eval_step_begin', None, 3, 3, 'tuple of 3'],
                                      ['step_begin', None, 3, 3, 'tuple of 3'],
                                      ['on_eval_step_end', None, 3, 3, 'tuple of 3'],
                                      ['step_end', None, 3, 3, 'tuple of 3'],
                                      ['on_eval_epoch_end', None, 3, 3, 'tuple of 3'],
                                      ['epoch_end', None, 3, 3, 'tuple of 3'],
                                      ['on_eval_end', None, 3, 3, 'tuple of 3'],
                                      ['end', None, 3, 3, 'tuple of 3']],
                       'fit_history': {'mae': [0.19334393739700317, 0.13657720386981964],
                                       'net_output': [0.06972301751375198, 0.009248950518667698]},
                       'fit_hooks': [['on_train_begin', None, 0, None],
                                     ['on_train_epoch_begin', 1, 0, None],
                                     ['on_train_step_begin', 1, 1, None],
                                     ['on_train_step_end', 1, 1, None],
                                     ['on_train_step_begin', 1, 2, None],
                                     ['on_train_step_end', 1, 2, None],
                                     ['on_train_step_begin', 1, 3, None],
                                     ['on_train_step_end', 1, 3, None],
                                     ['on_eval_begin', 1, 0, None],
                                     ['on_eval_epoch_begin', 1, 0, None],
                                     ['on_eval_step_begin', 1, 1, None],
                                     ['on_eval_step_end', 1, 1, None],
                                     ['on_eval_step_begin', 1, 2, None],
                                     ['on_eval_step_end', 1, 2, None],
                                     ['on_eval_step_begin', 1, 3, None],
                                     ['on_eval_step_end', 1, 3, None],
                                     ['on_eval_epoch_end', 1, 3, None],
                                     ['on_eval_end', 1, 3, ['mae']],
                                     ['on_train_epoch_end', 1, 3, ['mae']],
                                     ['on_train_epoch_begin', 2, 3, None],
                                     ['on_train_step_begin', 2, 4, None],
                                     ['on_train_step_end', 2, 4, None],
                                     ['on_train_step_begin', 2, 5, None],
                                     ['on_train_step_end', 2, 5, None],
                                     ['on_train_step_begin', 2, 6, None],
                                     ['on_train_step_end', 2, 6, None],
                                     ['on_eval_begin', 2, 0, None],
                                     ['on_eval_epoch_begin', 2, 0, None],
                                     ['on_eval_step_begin', 2, 1, None],
                                     ['on_eval_step_end', 2, 1, None],
                                     ['on_eval_step_begin', 2, 2, None],
                                     ['on_eval_step_end', 2, 2, None],
                                     ['on_eval_step_begin', 2, 3, None],
                                     ['on_eval_step_end', 2, 3, None],
                                     ['on_eval_epoch_end', 2, 3, None],
                                     ['on_eval_end', 2, 3, ['mae']],
                                     ['on_train_epoch_end', 2, 6, ['mae']],
                                     ['on_train_end', 2, 6, None]],
                       'fit_printed': ['epoch: 1 step: 3, loss is 0.06972301751375198',
                                       "Eval result: epoch 1, metrics: {'mae': "
                                       '0.19334393739700317}',
                                       'epoch: 2 step: 3, loss is 0.009248950518667698',
                                       "Eval result: epoch 2, metrics: {'mae': "
                                       '0.13657720386981964}'],
                       'history_epochs': {'epoch': [1, 2]},
                       'initial_epoch_hooks': [['on_train_begin', None, 0, 3, None],
                                               ['on_train_epoch_begin', 2, 0, 3, None],
                                               ['on_train_step_begin', 2, 1, 3, None],
                                               ['on_train_step_end',
                                                2,
                                                1,
                                                3,
                                                0.02229166589677334],
                                               ['on_train_step_begin',
                                                2,
                                                2,
                                                3,
                                                0.02229166589677334],
                                               ['on_train_step_end',
                                                2,
                                                2,
                                                3,
                                                0.05094839259982109],
                                               ['on_train_step_begin',
                                                2,
                                                3,
                                                3,
                                                0.05094839259982109],
                                               ['on_train_step_end',
                                                2,
                                                3,
                                                3,
                                                0.06972301751375198],
                                               ['on_train_epoch_end',
                                                2,
                                                3,
                                                3,
                                                0.06972301751375198],
                                               ['on_train_epoch_begin',
                                                3,
                                                3,
                                                3,
                                                0.06972301751375198],
                                               ['on_train_step_begin',
                                                3,
                                                4,
                                                3,
                                                0.06972301751375198],
                                               ['on_train_step_end',
                                                3,
                                                4,
                                                3,
                                                0.07781223207712173],
                                               ['on_train_step_begin',
                                                3,
                                                5,
                                                3,
                                                0.07781223207712173],
                                               ['on_train_step_end',
                                                3,
                                                5,
                                                3,
                                                0.008572342805564404],
                                               ['on_train_step_begin',
                                                3,
                                                6,
                                                3,
                                                0.008572342805564404],
                                               ['on_train_step_end',
                                                3,
                                                6,
                                                3,
                                                0.009248950518667698],
                                               ['on_train_epoch_end',
                                                3,
                                                6,
                                                3,
                                                0.009248950518667698],
                                               ['on_train_end', 3, 6, 3, 0.009248950518667698]],
                       'initial_epoch_printed': ['epoch: 2 step: 2, loss is 0.05094839259982109',
                                                 'epoch: 3 step: 1, loss is 0.07781223207712173',
                                                 'epoch: 3 step: 3, loss is '
                                                 '0.009248950518667698'],
                       'loss_network_printed': ['epoch: 1 step: 1, loss is 0.02229166589677334',
                                                'epoch: 1 step: 2, loss is 0.05094839259982109',
                                                'epoch: 1 step: 3, loss is 0.06972301751375198'],
                       'networks': ['TrainOneStepCell', 'WithEvalCell', 'Dense'],
                       'sgd4_losses': [0.02229166589677334,
                                       0.05094839259982109,
                                       0.06972301751375198,
                                       0.07781223207712173,
                                       0.008572342805564404,
                                       0.009248950518667698,
                                       0.050189245492219925,
                                       0.0033621375914663076,
                                       0.009192678146064281,
                                       0.0379067063331604,
                                       0.0027005181182175875,
                                       0.006614349782466888],
                       'sgd4_weights': [[[-0.053121574223041534, -0.3466348648071289]],
                                        [0.10189387202262878]],
                       'sgd_eval': {'mae': 0.13657720386981964, 'mse': 0.024822293635224923},
                       'sgd_hooks': [['on_train_begin', None, 0, 3, None],
                                     ['begin', None, 0, 3, None],
                                     ['on_train_epoch_begin', 1, 0, 3, None],
                                     ['epoch_begin', 1, 0, 3, None],
                                     ['on_train_step_begin', 1, 1, 3, None],
                                     ['step_begin', 1, 1, 3, None],
                                     ['on_train_step_end', 1, 1, 3, 0.02229166589677334],
                                     ['step_end', 1, 1, 3, 0.02229166589677334],
                                     ['on_train_step_begin', 1, 2, 3, 0.02229166589677334],
                                     ['step_begin', 1, 2, 3, 0.02229166589677334],
                                     ['on_train_step_end', 1, 2, 3, 0.05094839259982109],
                                     ['step_end', 1, 2, 3, 0.05094839259982109],
                                     ['on_train_step_begin', 1, 3, 3, 0.05094839259982109],
                                     ['step_begin', 1, 3, 3, 0.05094839259982109],
                                     ['on_train_step_end', 1, 3, 3, 0.06972301751375198],
                                     ['step_end', 1, 3, 3, 0.06972301751375198],
                                     ['on_train_epoch_end', 1, 3, 3, 0.06972301751375198],
                                     ['epoch_end', 1, 3, 3, 0.06972301751375198],
                                     ['on_train_epoch_begin', 2, 3, 3, 0.06972301751375198],
                                     ['epoch_begin', 2, 3, 3, 0.06972301751375198],
                                     ['on_train_step_begin', 2, 4, 3, 0.06972301751375198],
                                     ['step_begin', 2, 4, 3, 0.06972301751375198],
                                     ['on_train_step_end', 2, 4, 3, 0.07781223207712173],
                                     ['step_end', 2, 4, 3, 0.07781223207712173],
                                     ['on_train_step_begin', 2, 5, 3, 0.07781223207712173],
                                     ['step_begin', 2, 5, 3, 0.07781223207712173],
                                     ['on_train_step_end', 2, 5, 3, 0.008572342805564404],
                                     ['step_end', 2, 5, 3, 0.008572342805564404],
                                     ['on_train_step_begin', 2, 6, 3, 0.008572342805564404],
                                     ['step_begin', 2, 6, 3, 0.008572342805564404],
                                     ['on_train_step_end', 2, 6, 3, 0.009248950518667698],
                                     ['step_end', 2, 6, 3, 0.009248950518667698],
                                     ['on_train_epoch_end', 2, 6, 3, 0.009248950518667698],
                                     ['epoch_end', 2, 6, 3, 0.009248950518667698],
                                     ['on_train_end', 2, 6, 3, 0.009248950518667698],
                                     ['end', 2, 6, 3, 0.009248950518667698]],
                       'sgd_predict': [[-0.006553206592798233],
                                       [-0.09727434068918228],
                                       [-0.18799549341201782]],
                       'sgd_printed': ['epoch: 1 step: 2, loss is 0.05094839259982109',
                                       'epoch: 2 step: 1, loss is 0.07781223207712173',
                                       'epoch: 2 step: 3, loss is 0.009248950518667698'],
                       'sgd_weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                       [0.03499431163072586]],
                       'sink_mode_printed': ['epoch: 1 step: 1, loss is 0.050189245492219925',
                                             'epoch: 1 step: 2, loss is 0.0033621375914663076',
                                             'epoch: 1 step: 3, loss is 0.009192678146064281'],
                       'stop_hooks': ['on_train_begin',
                                      'begin',
                                      'on_train_epoch_begin',
                                      'epoch_begin',
                                      'on_train_step_begin',
                                      'step_begin',
                                      'on_train_step_end',
                                      'step_end',
                                      'on_train_epoch_end',
                                      'epoch_end',
                                      'on_train_end',
                                      'end'],
                       'stop_printed': ['epoch: 1 step: 1, loss is 0.02229166589677334'],
                       'train_begin_fields': ['batch_num',
                                              'cur_step_num',
                                              'dataset_sink_mode',
                                              'device_number',
                                              'epoch_num',
                                              'initial_step',
                                              'last_save_ckpt_step',
                                              'latest_ckpt_file',
                                              'list_callback',
                                              'loss_fn',
                                              'loss_scale_mananger',
                                              'mode',
                                              'network',
                                              'optimizer',
                                              'parallel_mode',
                                              'train_dataset',
                                              'train_dataset_element',
                                              'train_network'],
                       'train_fields': ['batch_num',
                                        'cur_epoch_num',
                                        'cur_step_num',
                                        'dataset_sink_mode',
                                        'device_number',
                                        'epoch_num',
                                        'initial_step',
                                        'last_save_ckpt_step',
                                        'latest_ckpt_file',
                                        'list_callback',
                                        'loss_fn',
                                        'loss_scale_mananger',
                                        'mode',
                                        'net_outputs',
                                        'network',
                                        'optimizer',
                                        'parallel_mode',
                                        'train_dataset',
                                        'train_dataset_element',
                                        'train_network']}}


if __name__ == "__main__":
    import pprint

    import mindspore
    import mindspore.dataset
    pprint.pprint(capture(mindspore, mindspore.dataset), width=100)
