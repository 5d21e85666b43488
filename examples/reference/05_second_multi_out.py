"""An example of MindSpore's "Advanced Automatic Differentiation" guide, run on dualgrad.

Only the imports differ from the guide; 05_second_multi_out.expected holds what MindSpore 2.10
printed for it on the CPU, which this script must print too."""
import numpy as np
from dualgrad import ops, Tensor
import dualgrad.nn as nn
import dualgrad as ms
class Net(nn.Cell):
    def __init__(self):
        super(Net, self).__init__()
        self.sin = ops.Sin()
        self.cos = ops.Cos()
    def construct(self, x):
        out1 = self.sin(x)
        out2 = self.cos(x)
        return out1, out2
x_train = Tensor(np.array([3.1415926]), dtype=ms.float32)
net = Net()
firstgrad = ms.grad(net)
secondgrad = ms.grad(firstgrad)
output = secondgrad(x_train)
result = np.around(output.asnumpy(), decimals=2)
print(result)
