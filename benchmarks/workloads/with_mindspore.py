"""MindSpore 2.10 in PyNative mode (its default) on the CPU."""
import mindspore as ms
from mindspore import Tensor, ops

from .common import Row, summary

ms.set_device("CPU")
# PyNative hands every operation to runtime threads that spin while they wait;
# confined to the one core of this harness they thrash (0.2-0.75 s per W1
# gradient instead of 30-40 ms, varying from run to run).  Synchronous launch
# runs each kernel in the calling thread: MindSpore's own one-thread mode, the
# counterpart of torch.set_num_threads(1).
ms.runtime.launch_blocking()


def W1(data):
    x = Tensor(data["x"], ms.float64)

    def f(x):
        y = x
        for _ in range(100):
            y = ops.sin(y) * 0.9 + x
        return y.sum()

    gradient = ms.grad(f)

    def call():
        return gradient(x).asnumpy()

    return [Row("MindSpore PyNative", {"grad": call}, {"grad": lambda: summary(call())})]
