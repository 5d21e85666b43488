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
