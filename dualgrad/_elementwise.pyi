"""Type stubs for dualgrad._elementwise (generated from the rule table and compiled)."""
from typing import Any

import numpy as np
import numpy.typing as npt

from ._core import Primitive

class UnaryPrimitive(Primitive):
    entry: Any
    def __call__(self, x: Any) -> Any: ...  # type: ignore[override]

class BinaryPrimitive(Primitive):
    entry: Any
    def __call__(self, a: Any, b: Any) -> Any: ...  # type: ignore[override]

class HyperGroup(Primitive):
    """A unary primitive's hyper-dual step recorded as one tape node (internal)."""
    def __init__(self, prim: UnaryPrimitive) -> None: ...

NAMESPACE: dict[str, Primitive]
UNARY: tuple[UnaryPrimitive, ...]
BINARY: tuple[BinaryPrimitive, ...]

def vecmath_isa() -> str | None: ...
def has_own_float64_loop(ufunc_name: str) -> bool: ...
def has_own_float32_loop(name: str) -> bool: ...
def own_float64_loop(ufunc_name: str, x: npt.NDArray[np.float64],
                     out: npt.NDArray[np.float64]) -> None: ...

def __getattr__(name: str) -> Primitive: ...  # one attribute per row of the rule table
