"""An example of MindSpore's "Advanced Automatic Differentiation" guide, run on dualgrad.

Only the imports differ from the guide; 02_aux.expected holds what MindSpore 2.10
printed for it on the CPU, which this script must print too."""
import numpy as np
from dualgrad import ops, Tensor
import dualgrad.nn as nn
import dualgrad as ms
net = nn.Dense(10, 1)
loss_fn = nn.MSELoss()
def forward(inputs, labels):
    logits = net(inputs)
    loss = loss_fn(logits, labels)
    return loss, logits
inputs = Tensor(np.random.randn(16, 10).astype(np.float32))
labels = Tensor(np.random.randn(16, 1).astype(np.float32))
weights = net.trainable_params()
grad_fn = ms.grad(forward, grad_position=0, weights=None, has_aux=True)
inputs_gradient, (aux_logits,) = grad_fn(inputs, labels)
print(len(inputs_gradient), aux_logits.shape)
