"""Benchmark: retention + churn + RFM summary on loaded orders, against a bare DuckDB scan, in one process.

    python benchmarks/bench_order_metrics.py                    # 10M orders, best of 2
    python benchmarks/bench_order_metrics.py --orders 1e6 --runs 3

Data: `bench_orders.generate_orders(n)` (n/10 customers, 3.5 years, 2 % refunds, fixed
seed), in memory as a Polars DataFrame. Measured one after the other in this process,
best of `--runs` each, the 1-minute load average beside every figure (compare the
ratios, which come from the same run):

- the bare scan: DuckDB reading every column the metrics read once, on the same
  in-memory table: ``count(*)``, ``sum(amount)``, ``min``/``max(order_date)`` and
  ``count(DISTINCT customer_id)`` (a plain ``count(*)`` would not read the strings);
- preparing a table (`cxreport.metrics.prepare_orders`, what the app does in the
  background after an upload): the valid rows as one sorted row per customer and day,
  which every order metric starts from, the customers' order by id, and whether rows are
  orders; kept beside a DataFrame while it lives (the app's pages and a report's sections
  all read it);
- on a prepared table: `cohort_retention(period="month")`, `default_churn_window_days` +
  `churn_by_period` with that window (monthly), `rfm_summary(time_unit="week")` (the CLV's
  input), each alone, and their sum; each run takes a fresh copy of the frame and prepares
  it before the clock starts, so nothing else is reused;
- cold: the three on a fresh copy, preparation included, as the first page of an upload
  or a one-off call sees them.

With ``--reuse-freed-memory`` the process first keeps the memory it frees (as the command
line does, `cxreport.allocator`): on a virtual machine where page faults are dear, the
numpy passes over millions of purchase days then run at the speed of the arithmetic.

The goal (issue 15) is the three within 2x the bare scan.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

# This checkout first: run as a script, `import cxreport` would otherwise find the editable
# install, which may point at another checkout (and time its code, not this one's).
sys.path[:0] = [str(Path(__file__).parent.parent), str(Path(__file__).parent)]
from bench_orders import generate_orders  # noqa: E402

from cxreport.allocator import reuse_freed_memory  # noqa: E402
from cxreport.metrics.churn import churn_by_period, default_churn_window_days  # noqa: E402
from cxreport.metrics.retention import cohort_retention  # noqa: E402
from cxreport.metrics.rfm import rfm_summary  # noqa: E402
from cxreport.metrics._order_days import prepare_orders  # noqa: E402
from cxreport.metrics._shared import one_report  # noqa: E402
from timing import timed, timed_on_copies  # benchmarks/timing.py

SCAN_SQL = ("SELECT count(*), sum(amount), min(order_date), max(order_date), count(DISTINCT customer_id) "
            "FROM orders")




def churn(orders) -> None:
    window = default_churn_window_days(orders)
    churn_by_period(orders, window_days=window.days, period="month")


def three(orders) -> None:
    with one_report():
        cohort_retention(orders, period="month")
        churn(orders)
        rfm_summary(orders, time_unit="week")


def on_prepared(runs: int, orders, metric: Callable) -> tuple[float, float]:
    """Best seconds of `metric` on a fresh copy of `orders` whose order days are prepared."""
    return timed_on_copies(runs, orders, metric, prepare=prepare_orders)[:2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=float, default=1e7)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--reuse-freed-memory", action="store_true",
                        help="keep freed memory in the process, as `cxreport metrics` does (cxreport.allocator)")
    args = parser.parse_args()
    reused = args.reuse_freed_memory and reuse_freed_memory()
    orders = generate_orders(int(args.orders))
    con = duckdb.connect()
    con.register("orders", orders)
    print(f"# order metrics on {len(orders):,} orders in memory, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}"
          + ("; freed memory kept for reuse, as the command line does" if reused else ""))
    scan_s, scan_load = timed(args.runs, lambda: con.sql(SCAN_SQL).fetchall())[:2]
    prepare = timed_on_copies(args.runs, orders, prepare_orders)[:2]
    figures = {
        "cohort_retention (month)": on_prepared(args.runs, orders, lambda o: cohort_retention(o, period="month")),
        "churn window + churn_by_period (month)": on_prepared(args.runs, orders, churn),
        "rfm_summary (week)": on_prepared(args.runs, orders, lambda o: rfm_summary(o, time_unit="week")),
    }
    together = on_prepared(args.runs, orders, three)
    cold = timed_on_copies(args.runs, orders, three)[:2]
    print(f"{'measure':<50} {'best s':>8} {'load':>6} {'vs scan':>8}")

    def line(name: str, seconds: float, load: float | str, note: str = "") -> None:
        load_text = f"{load:>6.1f}" if isinstance(load, float) else f"{load:>6}"
        print(f"{name:<50} {seconds:>8.2f} {load_text} {seconds / scan_s:>7.1f}x{note}")

    line("DuckDB bare scan", scan_s, scan_load)
    line("prepare the orders (once per table)", *prepare)
    for name, (seconds, load) in figures.items():
        line(f"{name}, prepared", seconds, load)
    line("retention + churn + RFM, prepared, one report", *together, "  (goal: 2x)")
    line("retention + churn + RFM, cold (preparation included)", *cold)


if __name__ == "__main__":
    main()
