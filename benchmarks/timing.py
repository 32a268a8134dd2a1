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


def timed_on_copies(runs: int, frame: Any, call: Callable[[Any], Any],
                    prepare: Callable[[Any], Any] | None = None) -> tuple[float, float, Any]:
    """As `timed`, each run calling `call` on a fresh copy of `frame` (a Polars DataFrame):
    the metrics keep their results beside the frame they read (`cxreport.metrics._shared`),
    so a second call on the same frame would time a lookup. `prepare(copy)` runs before
    the clock starts (e.g. `prepare_orders`, as the app does after an upload)."""
    best, result = float("inf"), None
    for _ in range(runs):
        copy = frame.clone()
        if prepare is not None:
            prepare(copy)
        start = time.perf_counter()
        result = call(copy)
        best = min(best, time.perf_counter() - start)
    return best, os.getloadavg()[0], result
