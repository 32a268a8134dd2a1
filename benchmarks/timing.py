"""The one timer of the benchmarks: best of `runs`, with the load average it ran under."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


def timed(runs: int, call: Callable[[], Any]) -> tuple[float, float, Any]:
    """Best seconds of `runs` calls, the 1-minute load average after them (this machine is
    shared: every figure says what else ran), and the last call's result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, os.getloadavg()[0], result
