"""An example of MindSpore's "Advanced Automatic Differentiation" guide, run on dualgrad.

Only the imports differ from the guide; 04_second_sin.expected holds what MindSpore 2.10
printed for it on the CPU, which this script must print too."""
import numpy as np
import dualgrad.nn as nn
import dualgrad.ops as ops
import dualgrad as ms
class Net(nn.Cell):
    def __init__(self):
        super(Net, self).__init__()
        self.sin = ops.Sin()
    def construct(self, x):
        out = self.sin(x)
        return out
x_train = ms.Tensor(np.array([3.1415926]), dtype=ms.float32)
net = Net()
firstgrad = ms.grad(net)
secondgrad = ms.grad(firstgrad)
output = secondgrad(x_train)
result = np.around(output.asnumpy(), decimals=2)
print(result)
