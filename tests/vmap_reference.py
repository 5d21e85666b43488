"""vmap checked against a Python loop over the examples (shared by the tests of
composed functions)."""
import numpy as np

import dualgrad as ms
from dualgrad import Tensor


def assert_vmap_is_a_loop(fn, *batches, rtol=1e-13):
    """ms.vmap(fn) over the first axis of each of ``batches`` (NumPy arrays) gives
    what fn gives on each example."""
    tensors = [Tensor(b) for b in batches]
    mapped = ms.vmap(fn)(*tensors)
    looped = np.stack([fn(*(t[i] for t in tensors)).asnumpy() for i in range(len(batches[0]))])
    np.testing.assert_allclose(mapped.asnumpy(), looped, rtol=rtol)


def assert_vmap_over_the_first_is_a_loop(fn, batch, shared):
    """ms.vmap(fn, in_axes=(0, None)) over ``batch`` (a NumPy array) with ``shared``
    (a Tensor) the same for every example, and the vmap of its gradient with
    respect to both, give what fn and its gradient give on each example."""
    mapped = ms.vmap(fn, in_axes=(0, None))(Tensor(batch), shared).asnumpy()
    np.testing.assert_allclose(mapped, np.stack([fn(Tensor(e), shared).asnumpy() for e in batch]),
                               rtol=1e-13, atol=1e-13)
    grad_fn = ms.grad(lambda a, b: fn(a, b).sum(), (0, 1))
    grads = ms.vmap(grad_fn, in_axes=(0, None))(Tensor(batch), shared)
    for i, example in enumerate(batch):
        for got, want in zip(grads, grad_fn(Tensor(example), shared)):
            np.testing.assert_allclose(got.asnumpy()[i], want.asnumpy(), rtol=1e-12, atol=1e-12)
