"""An example of MindSpore's "Advanced Automatic Differentiation" guide, run on dualgrad.

Only the imports differ from the guide; 01_first_order.expected holds what MindSpore 2.10
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
        self.z = ms.Parameter(ms.Tensor(np.array([1.0], np.float32)), name='z')
    def construct(self, x, y):
        out = x * x * y * self.z
        return out
net = Net()
grad_fn = ms.grad(net, grad_position=(0, 1))
gradients = grad_fn(x, y)
print(gradients)
params = ms.ParameterTuple(net.trainable_params())
output = ms.grad(net, grad_position=None, weights=params)(x, y)
print(output)
