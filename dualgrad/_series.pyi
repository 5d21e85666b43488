"""Type stubs for dualgrad._series (compiled): fused Taylor-mode kernels."""
from typing import Any

def series_of(name: str, x0: Any, y0: Any, series: list[Any]) -> list[Any] | None: ...
