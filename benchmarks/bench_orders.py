"""Benchmark: cohort retention, churn and the RFM summary on 1M/10M synthetic orders.

Compared with (a) the tutorial pandas way (first month per customer, month index, pivot)
and (b) lifetimes' ``summary_data_from_transaction_data`` for the RFM summary.

    python benchmarks/bench_orders.py                 # sizes 1e6,1e7, 3 runs each
    python benchmarks/bench_orders.py --sizes 1e6     # one size
    python benchmarks/bench_orders.py --quick         # 1e5,1e6, one run: a smoke test

Method (see benchmarks/README.md):
- The orders are generated once per size with numpy (fixed seed) and written to an Arrow
  Parquet file; every measurement runs in its own subprocess that loads the file into memory
  first, so no measurement inherits another's caches or freed memory.
- Wall time: ``time.perf_counter`` around the call on the in-memory table; "best" is the
  fastest of the runs, "first" the first run in a fresh process.
- Peak memory: ``tracemalloc`` cannot see Arrow, Polars or DuckDB memory (it is allocated
  outside Python), so we use the kernel's count of resident memory. After loading the data
  the worker resets the process's peak (``echo 5 > /proc/self/clear_refs`` resets VmHWM,
  which ``getrusage().ru_maxrss`` reports) and reads the peak after the first run:
  extra peak = ru_maxrss after − resident size before. Where clear_refs is not allowed
  the delta of ru_maxrss is reported and may be 0 when loading peaked higher.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This checkout first: run as a script, `import cxreport` would otherwise find the editable
# install, which may point at another checkout (and time its code, not this one's).
sys.path.insert(0, str(Path(__file__).parent.parent))

# Orders per customer ~ 10, as in the brief (1M orders ~ 100k customers).
ORDERS_PER_CUSTOMER = 10
TIMEOUT_SECONDS = 900

TASKS = {
    "retention": "cxreport cohort_retention (month)",
    "retention_pandas": "pandas tutorial cohort retention (apply)",
    "retention_pandas_vectorised": "pandas cohort retention, vectorised",
    "churn": "cxreport churn_by_period (90 days)",
    "rfm": "cxreport rfm_summary (days)",
    "rfm_lifetimes": "lifetimes summary_data_from_transaction_data",
}
# cxreport task -> the baselines its speed is compared with
BASELINES = {"retention": ("retention_pandas", "retention_pandas_vectorised"), "rfm": ("rfm_lifetimes",)}


# --- data ----------------------------------------------------------------------------------


def generate_orders(n: int, seed: int = 42):
    """Synthetic orders: customer_id, order_id, order_date (3.5 years), amount (log-normal)."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    customers = max(n // ORDERS_PER_CUSTOMER, 1)
    customer = rng.integers(0, customers, n)
    # each customer starts on a random day and buys at exponential distances after it
    first_day = rng.integers(0, 3 * 365, customers)
    day = np.minimum(first_day[customer] + rng.exponential(200, n).astype(np.int64), 3 * 365 + 180)
    seconds = day * 86_400 + rng.integers(0, 86_400, n)
    order_date = np.datetime64("2021-01-01T00:00:00", "us") + seconds.astype("timedelta64[s]")
    amount = np.round(rng.lognormal(3.5, 0.8, n), 2)
    refund = rng.random(n) < 0.02
    amount[refund] = -amount[refund]
    frame = pl.DataFrame({"c": customer, "o": np.arange(n), "order_date": order_date, "amount": amount})
    return frame.select(
        pl.format("C{}", "c").alias("customer_id"),
        pl.format("O{}", "o").alias("order_id"),
        pl.col("order_date").cast(pl.Datetime("us")),
        "amount",
    )


# --- the measured calls --------------------------------------------------------------------


def pandas_retention(df, *, vectorised: bool = False):
    """Cohort retention as tutorials write it: first month per customer, month index, pivot.

    The widely copied tutorial computes the month index with
    ``(order_month - cohort).apply(attrgetter("n"))``, a Python call per row; ``vectorised``
    uses (years * 12 + months) instead, which is what a careful pandas user would write.
    Both are measured.
    """
    from operator import attrgetter

    df = df[df["amount"] >= 0].copy()
    df["order_month"] = df["order_date"].dt.to_period("M")
    df["cohort"] = df.groupby("customer_id")["order_month"].transform("min")
    if vectorised:
        years = df["order_month"].dt.year - df["cohort"].dt.year
        df["period"] = years * 12 + df["order_month"].dt.month - df["cohort"].dt.month
    else:
        df["period"] = (df["order_month"] - df["cohort"]).apply(attrgetter("n"))
    grouped = df.groupby(["cohort", "period"]).agg(customers=("customer_id", "nunique"), revenue=("amount", "sum"))
    counts = grouped["customers"].unstack()
    return counts.divide(counts[0], axis=0)


def prepare(task: str, path: str):
    """Load the data the way the task's library wants it; not timed."""
    import polars as pl

    orders = pl.read_parquet(path)  # decoded into memory (an IPC file could be memory-mapped)
    if task.startswith("retention_pandas"):
        return orders.to_pandas()
    if task == "rfm_lifetimes":
        return orders.filter(pl.col("amount") >= 0).to_pandas()
    return orders


def call(task: str, data):
    if task == "retention":
        from cxreport.metrics.retention import cohort_retention

        return cohort_retention(data, period="month")
    if task == "retention_pandas":
        return pandas_retention(data)
    if task == "retention_pandas_vectorised":
        return pandas_retention(data, vectorised=True)
    if task == "churn":
        from cxreport.metrics.churn import churn_by_period

        return churn_by_period(data, window_days=90, period="month")
    if task == "rfm":
        from cxreport.metrics.rfm import rfm_summary

        return rfm_summary(data, time_unit="day")
    if task == "rfm_lifetimes":
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data(
            data, "customer_id", "order_date", monetary_value_col="amount", freq="D"
        )
    raise ValueError(task)


def available(task: str) -> str | None:
    """None when the task can run here, else why not."""
    try:
        if task == "rfm":
            from cxreport.metrics import rfm

            if not hasattr(rfm, "rfm_summary"):
                return "cxreport.metrics.rfm has no rfm_summary"
        if task == "rfm_lifetimes":
            import lifetimes  # noqa: F401
    except ImportError as exc:
        return f"not installed ({exc.name})"
    return None


# --- worker: one measurement in a fresh process ------------------------------------------------


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def worker(task: str, path: str, runs: int) -> dict:
    data = prepare(task, path)
    before = _rss_kib()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reset = _reset_peak()
    times = []
    for i in range(runs):
        # cxreport keeps a metric's result beside the frame it read: each run gets a fresh
        # copy (made before the clock starts), or every run after the first would time a lookup.
        fresh = data.clone() if hasattr(data, "clone") else data
        start = time.perf_counter()
        call(task, fresh)
        times.append(time.perf_counter() - start)
        if i == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    extra = peak - before if reset else peak - peak_before
    return {"first": times[0], "best": min(times), "extra_mib": max(extra, 0) / 1024, "peak_reset": reset}


def measure(task: str, path: str, runs: int) -> dict:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", task, path, str(runs)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {TIMEOUT_SECONDS} s"}
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6,1e7", help="comma-separated order counts, e.g. 1e6,1e7")
    parser.add_argument("--quick", action="store_true", help="sizes 1e5,1e6 and one run each")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (best is reported)")
    parser.add_argument("--tasks", default=",".join(TASKS), help=f"subset of {','.join(TASKS)}")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in ("1e5,1e6" if args.quick else args.sizes).split(",")]
    runs = 1 if args.quick else args.runs
    tasks = [t for t in args.tasks.split(",") if t]

    print(f"# cxreport order benchmarks — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'orders':>11} {'task':<48} {'first s':>8} {'best s':>8} {'extra MiB':>10}  speed-up vs baselines")
    with tempfile.TemporaryDirectory(prefix="cxbench-") as tmp:
        for n in sizes:
            path = str(Path(tmp) / f"orders_{n}.parquet")
            generate_orders(n).write_parquet(path, compression="uncompressed")
            results: dict[str, dict] = {}
            for task in tasks:
                reason = available(task)
                results[task] = {"error": reason} if reason else measure(task, path, runs)
            for task in tasks:
                r = results[task]
                if "error" in r:
                    print(f"{n:>11,} {TASKS[task]:<48} {'—':>8} {'—':>8} {'—':>10}  {r['error']}")
                    continue
                bases = [results.get(b, {}) for b in BASELINES.get(task, ())]
                ratio = " / ".join(f"{b['best'] / r['best']:.1f}x" for b in bases if "best" in b)
                print(f"{n:>11,} {TASKS[task]:<48} {r['first']:>8.2f} {r['best']:>8.2f} {r['extra_mib']:>10.0f}  {ratio}")
            sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
