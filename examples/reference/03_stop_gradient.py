"""An example of MindSpore's "Advanced Automatic Differentiation" guide, run on dualgrad.

Only the imports differ from the guide; 03_stop_gradient.expected holds what MindSpore 2.10
printed for it on the CPU, which this script must print too."""
import numpy as np
from dualgrad import ops, Tensor
import dualgrad.nn as nn
import dualgrad as ms
x = Tensor([3.0], dtype=ms.float32)
y = Tensor([5.0], dtype=ms.float32)
class Net(nn.Cell):
    def __init__(self):
        super(Net, self).__init__()
    def construct(self, x, y):
        out1 = x * y
        out2 = x * y
        out2 = ops.stop_gradient(out2)
        out = out1 + out2
        return out
net = Net()
grad_fn = ms.grad(net)
output = grad_fn(x, y)
print(output)
class Net2(nn.Cell):
    def __init__(self):
        super(Net2, self).__init__()
    def construct(self, x, y):
        out1 = x * y
        out2 = x * y
        out = out1 + out2
        return out
print(ms.grad(Net2())(x, y))
