"""The benchmarks still run, on small inputs, and time what they say they time (figures are
never asserted: speed is measured by `make bench`, not by tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          timeout=300, cwd=BENCHMARKS.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_churn_benchmark_agrees_with_the_range_join():
    out = run("bench_churn.py", "--orders", "2e4", "--runs", "1")
    assert "same counts as before: True" in out
    assert "orders prepared" in out and "cold" in out


def test_order_metrics_benchmark_runs():
    out = run("bench_order_metrics.py", "--orders", "2e4", "--runs", "1", "--reuse-freed-memory")
    assert "retention + churn + RFM, prepared, one report" in out


def test_each_timed_run_gets_a_fresh_copy():
    """Metrics keep results beside the frame they read: timing the same frame twice would
    time a lookup the second time."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from timing import timed_on_copies
    finally:
        sys.path.remove(str(BENCHMARKS))
    frame = pl.DataFrame({"a": [1, 2]})
    seen, prepared = [], []
    timed_on_copies(3, frame, seen.append, prepare=prepared.append)
    assert len(seen) == 3 and all(copy is not frame for copy in seen)
    assert [id(c) for c in prepared] == [id(c) for c in seen]
