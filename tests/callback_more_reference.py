"""MindSpore 2.10's runs of train.Model with the callbacks ReduceLROnPlateau,
LearningRateScheduler, OnRequestExit and BackupAndRestore, for
tests/test_callback_more.py.

``capture(ms, ds)`` trains a Dense(2, 1) from fixed weights on an unshuffled
dataset of 3 batches with a framework (``ms`` is ``mindspore`` or
``dualgrad``, ``ds`` its dataset module) and returns what a user sees: the
lines printed, the learning rate after each step or epoch, the steps run
(when a run stops), the weights, the files each callback leaves (paths
relative to a fresh directory) and the names saved in its checkpoints.
OnRequestExit's run sends the process its signal during the second step.
An error a run raises is recorded as ``"<type>: <first line>"``.

``MINDSPORE`` holds what MindSpore 2.10 (CPU) returned; it was captured
once by running this module with MindSpore's Python (``python
callback_more_reference.py`` prints the dict), and the tests compare
dualgrad's ``capture`` with it, needing no MindSpore.
"""
import contextlib
import io
import os
import signal
import tempfile

from train_model_reference import B0, W0, X, Y     # the data and weights of Model's tests


def _printed(fn):
    """What ``fn()`` prints, as a list of lines, and its result or its error."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            result = fn()
        except Exception as e:      # noqa: BLE001 - the error is part of the answer
            result = f"{type(e).__name__}: {str(e).strip().splitlines()[0]}"
    return [line for line in out.getvalue().splitlines() if line], result


def _files(directory):
    """The files under ``directory``, as sorted relative paths."""
    return sorted(os.path.relpath(os.path.join(root, name), directory)
                  for root, _, names in os.walk(directory) for name in names)


def capture(ms, ds):
    """The scenarios' results with framework ``ms`` and its dataset module ``ds``."""
    nn, train = ms.nn, ms.train

    def data():
        return ds.NumpySlicesDataset({"x": X, "y": Y}, shuffle=False).batch(3)

    def model(optimizer="sgd", lr=0.1, metrics=None):
        net = nn.Dense(2, 1, weight_init=ms.Tensor(W0), bias_init=ms.Tensor(B0))
        params = net.trainable_params()
        opt = (nn.SGD(params, lr) if optimizer == "sgd" else
               nn.Momentum(params, lr, 0.9))
        return net, opt, train.Model(net, loss_fn=nn.MSELoss(), optimizer=opt,
                                     metrics=metrics)

    def weights(net):
        return [net.weight.asnumpy().tolist(), net.bias.asnumpy().tolist()]

    class Rates(train.Callback):
        """The learning rate after each step and each epoch (and the steps run)."""

        def __init__(self, optimizer):
            super().__init__()
            self.optimizer, self.steps, self.epochs, self.ran = optimizer, [], [], []

        def _rate(self):
            return float(self.optimizer.learning_rate.asnumpy())

        def on_train_step_end(self, run_context):
            self.steps.append(self._rate())
            p = run_context.original_args()
            self.ran.append([p.cur_epoch_num, p.cur_step_num])

        def on_train_epoch_end(self, run_context):
            self.epochs.append(self._rate())

    out = {}

    # ----- ReduceLROnPlateau
    for name, kwargs, epochs in (
            ("plateau_loss", dict(monitor="loss", factor=0.5, patience=1, verbose=True,
                                  min_delta=10.0), 5),
            ("plateau_cooldown_min_lr", dict(monitor="loss", factor=0.5, patience=0,
                                             verbose=True, min_delta=10.0, cooldown=1,
                                             min_lr=0.03), 6),
            ("plateau_improving", dict(monitor="loss", patience=1, verbose=True), 4),
            ("plateau_max_mode", dict(monitor="loss", mode="max", factor=0.2, patience=2,
                                      verbose=True), 5),
            ("plateau_missing_monitor", dict(patience=0, verbose=True), 2)):
        net, opt, m = model()
        rates = Rates(opt)
        printed, result = _printed(lambda: m.train(
            epochs, data(), callbacks=[train.ReduceLROnPlateau(**kwargs), rates]))
        out[name] = {"printed": printed, "result": result, "epoch_rates": rates.epochs,
                     "weights": weights(net)}

    net, opt, m = model(metrics={"mae": nn.MAE()})
    rates = Rates(opt)
    printed, result = _printed(lambda: m.fit(4, data(), data(), callbacks=[
        train.ReduceLROnPlateau(monitor="eval_loss", factor=0.5, patience=1, verbose=True,
                                min_delta=1.0), rates]))
    out["plateau_fit_eval_loss"] = {"printed": printed, "result": result,
                                    "epoch_rates": rates.epochs, "weights": weights(net)}
    net, opt, m = model(metrics={"mae": nn.MAE()})
    rates = Rates(opt)
    printed, result = _printed(lambda: m.fit(4, data(), data(), callbacks=[
        train.ReduceLROnPlateau(monitor="mae", mode="max", patience=0, verbose=True), rates]))
    out["plateau_fit_metric_max"] = {"printed": printed, "result": result,
                                     "epoch_rates": rates.epochs}

    net = nn.Dense(2, 1, weight_init=ms.Tensor(W0), bias_init=ms.Tensor(B0))
    m = train.Model(net, loss_fn=nn.MSELoss(),
                    optimizer=nn.SGD(net.trainable_params(), [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]))
    out["plateau_dynamic_lr"] = _printed(lambda: m.train(
        2, data(), callbacks=[train.ReduceLROnPlateau(monitor="loss", patience=0)]))

    # ----- LearningRateScheduler
    def halve_every_second_step(lr, step):
        return lr * 0.5 if step % 2 == 0 else lr

    for name, optimizer in (("scheduler_sgd", "sgd"), ("scheduler_momentum", "momentum")):
        net, opt, m = model(optimizer)
        rates = Rates(opt)
        printed, result = _printed(lambda: m.train(2, data(), callbacks=[
            train.LearningRateScheduler(halve_every_second_step), rates]))
        out[name] = {"printed": printed, "result": result, "step_rates": rates.steps,
                     "weights": weights(net)}
    net, opt, m = model()
    rates = Rates(opt)
    printed, result = _printed(lambda: m.train(1, data(), callbacks=[
        train.LearningRateScheduler(lambda lr, step: 0.3 / step), rates]))
    out["scheduler_by_step"] = {"printed": printed, "result": result,
                                "step_rates": rates.steps, "weights": weights(net)}

    # ----- OnRequestExit: the signal arrives during the second step
    class Signal(train.Callback):
        def __init__(self, sig):
            super().__init__()
            self.sig = sig

        def on_train_step_begin(self, run_context):
            if run_context.original_args().cur_step_num == 2:
                os.kill(os.getpid(), self.sig)

    for name, kwargs in (("exit_default", {}),
                         ("exit_ckpt_only", dict(save_mindir=False, file_name="lenet",
                                                 sig=signal.SIGUSR1)),
                         ("exit_nothing_saved", dict(save_ckpt=False, save_mindir=False))):
        sig = kwargs.get("sig", signal.SIGTERM)
        previous = signal.getsignal(sig)
        with tempfile.TemporaryDirectory() as directory:
            try:
                net, opt, m = model()
                rates = Rates(opt)
                callback = train.OnRequestExit(directory=directory, **kwargs)
                made = _files(directory) + [name for name in os.listdir(directory)]
                printed, result = _printed(lambda: m.train(
                    2, data(), callbacks=[Signal(sig), callback, rates]))
                entry = {"made_at_construction": made, "printed": printed, "result": result,
                         "ran": rates.ran, "files": _files(directory),
                         "weights": weights(net)}
                ckpts = [f for f in _files(directory) if f.endswith(".ckpt")]
                if ckpts:
                    saved = ms.load_checkpoint(os.path.join(directory, ckpts[0]))
                    entry["saved_names"] = sorted(saved)
                    # a new run with the callback starts from the saved checkpoint
                    net, opt, m = model()
                    restored = {}

                    class Start(train.Callback):
                        def on_train_step_begin(self, run_context):
                            restored.setdefault("weights", weights(net))
                            run_context.request_stop()

                    m.train(1, data(), callbacks=[
                        train.OnRequestExit(directory=directory, **kwargs), Start()])
                    entry["restored_weights"] = restored["weights"]
                out[name] = entry
            finally:
                signal.signal(sig, previous)

    # with MS_ENABLE_GRACEFUL_EXIT=1 (read when the Model and the callback are
    # made) the run stops after the step in which the signal arrived
    previous = signal.getsignal(signal.SIGTERM)
    os.environ["MS_ENABLE_GRACEFUL_EXIT"] = "1"
    with tempfile.TemporaryDirectory() as directory:
        try:
            net, opt, m = model()
            rates = Rates(opt)
            callback = train.OnRequestExit(directory=directory, save_mindir=False)
            printed, result = _printed(lambda: m.train(
                2, data(), callbacks=[Signal(signal.SIGTERM), callback, rates]))
            saved = ms.load_checkpoint(os.path.join(directory, "rank_0", "Net_train.ckpt"))
            out["exit_graceful"] = {
                "printed": printed, "result": result, "ran": rates.ran,
                "files": _files(directory), "weights": weights(net),
                "saved_names": sorted(saved),
                "saved_weight": saved["weight"].asnumpy().tolist()}
        finally:
            del os.environ["MS_ENABLE_GRACEFUL_EXIT"]
            signal.signal(signal.SIGTERM, previous)

    # ----- BackupAndRestore
    with tempfile.TemporaryDirectory() as directory:
        backup = os.path.join(directory, "backup")
        net, opt, m = model("momentum")
        callback = train.BackupAndRestore(backup, save_freq=2, delete_checkpoint=False)
        made = _files(directory) + sorted(os.listdir(directory))
        printed, result = _printed(lambda: m.train(3, data(), callbacks=[callback]))
        saved = ms.load_checkpoint(os.path.join(backup, "backup.ckpt"))
        entry = {"made_at_construction": made, "printed": printed, "result": result,
                 "files": _files(directory), "saved_names": sorted(saved),
                 "saved_weight": saved["weight"].asnumpy().tolist(),
                 "saved_global_step": saved["global_step"].asnumpy().tolist(),
                 "weights": weights(net)}
        # a new run loads the backup at its start, then trains 1 epoch from it
        net, opt, m = model("momentum")
        printed, result = _printed(lambda: m.train(1, data(), callbacks=[
            train.BackupAndRestore(backup)]))
        entry.update(resumed_printed=printed, resumed_result=result,
                     resumed_weights=weights(net),
                     resumed_global_step=opt.global_step.asnumpy().tolist(),
                     files_after_resume=_files(directory))
        out["backup_every_second_epoch"] = entry
    with tempfile.TemporaryDirectory() as directory:
        net, opt, m = model()
        out["backup_never_saved"] = _printed(lambda: m.train(2, data(), callbacks=[
            train.BackupAndRestore(os.path.join(directory, "b"), save_freq=5)]))
    return out


MINDSPORE = {'backup_every_second_epoch': {'files': ['backup/backup.ckpt'],
                               'files_after_resume': [],
                               'made_at_construction': ['backup'],
                               'printed': [],
                               'result': None,
                               'resumed_global_step': [9],
                               'resumed_printed': [],
                               'resumed_result': None,
                               'resumed_weights': [[[-0.1968269944190979, -0.47285258769989014]],
                                                   [0.24179597198963165]],
                               'saved_global_step': [6],
                               'saved_names': ['bias',
                                               'global_step',
                                               'learning_rate',
                                               'moments.bias',
                                               'moments.weight',
                                               'momentum',
                                               'weight'],
                               'saved_weight': [[-0.01074768602848053, -0.2855794429779053]],
                               'weights': [[[-0.1968269944190979, -0.47285258769989014]],
                                           [0.24179597198963165]]},
 'backup_never_saved': ([],
                        'FileNotFoundError: [Errno 2] No such file or directory: '
                        "'/tmp/tmp6gavrc78/b/backup.ckpt'"),
 'exit_ckpt_only': {'files': ['rank_0/lenet_train.ckpt'],
                    'made_at_construction': ['rank_0'],
                    'printed': [],
                    'ran': [[1, 1], [1, 2], [1, 3], [2, 4], [2, 5], [2, 6]],
                    'restored_weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                         [0.03499431163072586]],
                    'result': None,
                    'saved_names': ['accum.bias',
                                    'accum.weight',
                                    'bias',
                                    'global_step',
                                    'learning_rate',
                                    'momentum',
                                    'stat.bias',
                                    'stat.weight',
                                    'weight'],
                    'weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                [0.03499431163072586]]},
 'exit_default': {'files': ['rank_0/Net_train.ckpt', 'rank_0/Net_train.mindir'],
                  'made_at_construction': ['rank_0'],
                  'printed': [],
                  'ran': [[1, 1], [1, 2], [1, 3], [2, 4], [2, 5], [2, 6]],
                  'restored_weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                       [0.03499431163072586]],
                  'result': None,
                  'saved_names': ['accum.bias',
                                  'accum.weight',
                                  'bias',
                                  'global_step',
                                  'learning_rate',
                                  'momentum',
                                  'stat.bias',
                                  'stat.weight',
                                  'weight'],
                  'weights': [[[-0.030504412949085236, -0.33238014578819275]],
                              [0.03499431163072586]]},
 'exit_graceful': {'files': ['rank_0/Net_train.ckpt'],
                   'printed': [],
                   'ran': [[1, 1], [1, 2]],
                   'result': None,
                   'saved_names': ['accum.bias',
                                   'accum.weight',
                                   'bias',
                                   'global_step',
                                   'graceful_exit',
                                   'graceful_init',
                                   'learning_rate',
                                   'momentum',
                                   'stat.bias',
                                   'stat.weight',
                                   'weight'],
                   'saved_weight': [[0.05756596848368645, -0.244551882147789]],
                   'weights': [[[0.05756596848368645, -0.244551882147789]], [0.03305729106068611]]},
 'exit_nothing_saved': {'files': [],
                        'made_at_construction': [],
                        'printed': [],
                        'ran': [[1, 1], [1, 2], [1, 3], [2, 4], [2, 5], [2, 6]],
                        'result': None,
                        'weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                    [0.03499431163072586]]},
 'plateau_cooldown_min_lr': {'epoch_rates': [0.10000000149011612,
                                             0.05000000074505806,
                                             0.029999999329447746,
                                             0.029999999329447746,
                                             0.029999999329447746,
                                             0.029999999329447746],
                             'printed': ['Epoch 00002: ReduceLROnPlateau reducing learning rate to '
                                         '0.05.',
                                         'Epoch 00003: ReduceLROnPlateau reducing learning rate to '
                                         '0.03.'],
                             'result': None,
                             'weights': [[[-0.02914164401590824, -0.3239714801311493]],
                                         [0.09136132150888443]]},
 'plateau_dynamic_lr': ([],
                        'ValueError: ReduceLROnPlateau does not support dynamic learning rate and '
                        'group learning rate now.'),
 'plateau_fit_eval_loss': {'epoch_rates': [0.10000000149011612,
                                           0.05000000074505806,
                                           0.02500000037252903,
                                           0.012500000186264515],
                           'printed': ['Epoch 00002: ReduceLROnPlateau reducing learning rate to '
                                       '0.05.',
                                       'Epoch 00003: ReduceLROnPlateau reducing learning rate to '
                                       '0.025.',
                                       'Epoch 00004: ReduceLROnPlateau reducing learning rate to '
                                       '0.0125.'],
                           'result': None,
                           'weights': [[[-0.024560101330280304, -0.321885883808136]],
                                       [0.07139388471841812]]},
 'plateau_fit_metric_max': {'epoch_rates': [0.10000000149011612,
                                            0.010000000707805157,
                                            0.0010000000474974513,
                                            0.00010000000474974513],
                            'printed': ['Epoch 00002: ReduceLROnPlateau reducing learning rate to '
                                        '0.010000001.',
                                        'Epoch 00003: ReduceLROnPlateau reducing learning rate to '
                                        '0.001.',
                                        'Epoch 00004: ReduceLROnPlateau reducing learning rate to '
                                        '0.000100000005.'],
                            'result': None},
 'plateau_improving': {'epoch_rates': [0.10000000149011612,
                                       0.10000000149011612,
                                       0.010000000707805157,
                                       0.010000000707805157],
                       'printed': ['Epoch 00003: ReduceLROnPlateau reducing learning rate to '
                                   '0.010000001.'],
                       'result': None,
                       'weights': [[[-0.03994312137365341, -0.3366275429725647]],
                                   [0.07652495801448822]]},
 'plateau_loss': {'epoch_rates': [0.10000000149011612,
                                  0.05000000074505806,
                                  0.02500000037252903,
                                  0.012500000186264515,
                                  0.0062500000931322575],
                  'printed': ['Epoch 00002: ReduceLROnPlateau reducing learning rate to 0.05.',
                              'Epoch 00003: ReduceLROnPlateau reducing learning rate to 0.025.',
                              'Epoch 00004: ReduceLROnPlateau reducing learning rate to 0.0125.',
                              'Epoch 00005: ReduceLROnPlateau reducing learning rate to 0.00625.'],
                  'result': None,
                  'weights': [[[-0.024215975776314735, -0.32093870639801025]],
                              [0.07621809095144272]]},
 'plateau_max_mode': {'epoch_rates': [0.10000000149011612,
                                      0.10000000149011612,
                                      0.020000001415610313,
                                      0.020000001415610313,
                                      0.004000000189989805],
                      'printed': ['Epoch 00003: ReduceLROnPlateau reducing learning rate to '
                                  '0.020000001.',
                                  'Epoch 00005: ReduceLROnPlateau reducing learning rate to '
                                  '0.004.'],
                      'result': None,
                      'weights': [[[-0.035432979464530945, -0.3303315341472626]],
                                  [0.09081141650676727]]},
 'plateau_missing_monitor': {'epoch_rates': [0.10000000149011612, 0.10000000149011612],
                             'printed': [],
                             'result': None,
                             'weights': [[[-0.030504412949085236, -0.33238014578819275]],
                                         [0.03499431163072586]]},
 'scheduler_by_step': {'printed': [],
                       'result': None,
                       'step_rates': [0.30000001192092896,
                                      0.15000000596046448,
                                      0.10000000149011612],
                       'weights': [[[0.03806479275226593, -0.26901811361312866]],
                                   [-0.006663214415311813]]},
 'scheduler_momentum': {'printed': [],
                        'result': None,
                        'step_rates': [0.10000000149011612,
                                       0.05000000074505806,
                                       0.05000000074505806,
                                       0.02500000037252903,
                                       0.02500000037252903,
                                       0.012500000186264515],
                        'weights': [[[-0.07300616055727005, -0.3758164346218109]],
                                    [0.027518030256032944]]},
 'scheduler_sgd': {'printed': [],
                   'result': None,
                   'step_rates': [0.10000000149011612,
                                  0.05000000074505806,
                                  0.05000000074505806,
                                  0.02500000037252903,
                                  0.02500000037252903,
                                  0.012500000186264515],
                   'weights': [[[0.009034240618348122, -0.29424387216567993]],
                               [0.023775342851877213]]}}


if __name__ == "__main__":
    import pprint

    import mindspore
    import mindspore.dataset
    pprint.pprint(capture(mindspore, mindspore.dataset), width=100)
