"""dualgrad: automatic differentiation for NumPy arrays with a compiled core.

Forward mode from dual and hyper-dual numbers, reverse mode from a tape, and a
MindSpore-style API on top::

    import dualgrad as ms
    from dualgrad import Tensor, ops

    x = Tensor([3.0])
    ms.grad(lambda x: x * x * x)(x)      # Tensor [27.]
"""
from . import _functions  # noqa: F401  (wires the engine's operators first)
from ._core import Dual, HyperDual
from ._dtypes import (DType, bool_, float16, float32, float64, float_, int8, int16,
                      int32, int64, int_, uint8)
from ._tensor import Tensor
from . import nn, ops
from ._parameter import Parameter, ParameterTuple
from ._transforms import (GradOperation, get_grad, grad, jacfwd, jacrev, jvp, value_and_grad,
                          vjp)
from ._compat import (GRAPH_MODE, PYNATIVE_MODE, get_context, jit, jit_class, mutable,
                      set_context, set_device, tensor)
from ._composer import (bilaplacian, bilaplacian_estimate, derivative, hessian, hvp, laplacian,
                        laplacian_estimate, partial, point_hessian)
from ._vmap import vmap
from ._recompute import recompute
from ._memory import cache_info, empty_cache, set_cache_limit
from .nn.initializers import get_seed, initial_seed, manual_seed, seed, set_seed
from .checkpoint import load_checkpoint, load_param_into_net, save_checkpoint
from . import common, context
from . import numpy, scipy
from . import amp, train
from . import dataset
from . import mint
from .train import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from .train import (BackupAndRestore, Callback, CheckpointConfig, EarlyStopping, History,
                    LambdaCallback, LearningRateScheduler, LossMonitor, Model, ModelCheckpoint,
                    OnRequestExit, ReduceLROnPlateau, RunContext, TimeMonitor)
from .common import dtype
from .common.dtype import (byte, double, dtype_to_nptype, dtype_to_pytype, half, intc, intp,
                           long, pytype_to_dtype, short, single, ubyte)

from_numpy = Tensor.from_numpy


def is_tensor(obj):
    """Whether ``obj`` is a Tensor (a Parameter is one), as ``mindspore.is_tensor``."""
    return isinstance(obj, Tensor)


# MindSpore's dtype names that shadow Python's builtins (dualgrad.int is int32, as
# mindspore.int is), last so that nothing above reads them, and kept out of __all__.
from .common.dtype import bool, float, int  # noqa: E402,A004

__version__ = "0.1.0"

__all__ = [
    # arrays and types
    "Tensor", "Parameter", "ParameterTuple", "Dual", "HyperDual", "DType",
    "bool_", "float16", "float32", "float64", "float_", "int8", "int16", "int32", "int64",
    "int_", "uint8", "half", "single", "double", "byte", "short", "intc", "long", "intp",
    "ubyte", "dtype", "dtype_to_nptype", "dtype_to_pytype", "pytype_to_dtype", "tensor",
    "from_numpy", "is_tensor",
    # transforms
    "grad", "value_and_grad", "jvp", "vjp", "jacfwd", "jacrev", "get_grad", "GradOperation",
    "hvp", "hessian", "laplacian", "laplacian_estimate", "bilaplacian",
    "bilaplacian_estimate", "partial", "point_hessian", "derivative",
    "vmap", "recompute",
    # modules
    "nn", "ops", "mint", "common", "context", "numpy", "scipy", "amp", "train", "dataset",
    # settings
    "set_seed", "get_seed", "manual_seed", "seed", "initial_seed", "set_context", "get_context",
    "set_device", "jit", "jit_class", "mutable",
    "PYNATIVE_MODE", "GRAPH_MODE", "set_cache_limit", "empty_cache", "cache_info",
    # loss scaling
    "LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager",
    # checkpoints
    "save_checkpoint", "load_checkpoint", "load_param_into_net",
    # training loops (mindspore.train's, also at the top as in MindSpore)
    "Model", "Callback", "RunContext", "LossMonitor", "TimeMonitor", "History",
    "LambdaCallback", "EarlyStopping", "ModelCheckpoint", "CheckpointConfig",
    "ReduceLROnPlateau", "LearningRateScheduler", "OnRequestExit", "BackupAndRestore",
]
