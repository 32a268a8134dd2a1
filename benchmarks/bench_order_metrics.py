"""Benchmark: retention + churn + RFM summary on loaded orders, against a bare DuckDB scan, in one process.

    python benchmarks/bench_order_metrics.py                    # 10M orders, best of 2
    python benchmarks/bench_order_metrics.py --orders 1e6 --runs 3

Data: `bench_orders.generate_orders(n)` (n/10 customers, 3.5 years, 2 % refunds, fixed
seed), in memory as a Polars DataFrame. Measured one after the other in this process,
best of `--runs` each, the 1-minute load average beside every figure (the machine is
shared: compare the ratios, which come from the same run):

- the bare scan: DuckDB reading every column the metrics read once, on the same
  in-memory table: ``count(*)``, ``sum(amount)``, ``min``/``max(order_date)`` and
  ``count(DISTINCT customer_id)`` (a plain ``count(*)`` would not read the strings);
- `cohort_retention(period="month")`, `default_churn_window_days` + `churn_by_period`
  with that window (monthly), `rfm_summary(time_unit="week")` (the CLV's input), each
  alone, and their sum: the order metrics of a report. The goal (issue 15) is the sum
  within 2x the bare scan.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

# This checkout first: run as a script, `import cxreport` would otherwise find the editable
# install, which may point at another checkout (and time its code, not this one's).
sys.path[:0] = [str(Path(__file__).parent.parent), str(Path(__file__).parent)]
from bench_orders import generate_orders  # noqa: E402

from cxreport.metrics.churn import churn_by_period, default_churn_window_days  # noqa: E402
from cxreport.metrics.retention import cohort_retention  # noqa: E402
from cxreport.metrics.rfm import rfm_summary  # noqa: E402
from cxreport.metrics._shared import one_report  # noqa: E402
from timing import timed  # benchmarks/timing.py

SCAN_SQL = ("SELECT count(*), sum(amount), min(order_date), max(order_date), count(DISTINCT customer_id) "
            "FROM orders")




def churn(orders) -> None:
    window = default_churn_window_days(orders)
    churn_by_period(orders, window_days=window.days, period="month")


def churn_in_one_report(orders) -> None:
    """As a report asks: the window and the counts share one customer-day table."""
    with one_report():
        churn(orders)


def all_in_one_report(orders) -> None:
    with one_report():
        cohort_retention(orders, period="month")
        churn(orders)
        rfm_summary(orders, time_unit="week")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=float, default=1e7)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    orders = generate_orders(int(args.orders))
    con = duckdb.connect()
    con.register("orders", orders)
    print(f"# order metrics on {len(orders):,} orders in memory, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    scan_s, scan_load = timed(args.runs, lambda: con.sql(SCAN_SQL).fetchall())[:2]
    figures = {
        "cohort_retention (month)": timed(args.runs, lambda: cohort_retention(orders, period="month"))[:2],
        "churn window + churn_by_period (month)": timed(args.runs, lambda: churn(orders))[:2],
        "rfm_summary (week)": timed(args.runs, lambda: rfm_summary(orders, time_unit="week"))[:2],
    }
    total = sum(s for s, _ in figures.values())
    shared_churn = timed(args.runs, lambda: churn_in_one_report(orders))[:2]
    together = timed(args.runs, lambda: all_in_one_report(orders))[:2]
    print(f"{'measure':<44} {'best s':>8} {'load':>6} {'vs scan':>8}")
    print(f"{'DuckDB bare scan':<44} {scan_s:>8.2f} {scan_load:>6.1f} {1:>7.1f}x")
    for name, (seconds, load) in figures.items():
        print(f"{name:<44} {seconds:>8.2f} {load:>6.1f} {seconds / scan_s:>7.1f}x")
    print(f"{'retention + churn + RFM':<44} {total:>8.2f} {'':>6} {total / scan_s:>7.1f}x")
    print(f"{'churn window + churn_by_period, one report':<44} {shared_churn[0]:>8.2f} {shared_churn[1]:>6.1f} "
          f"{shared_churn[0] / scan_s:>7.1f}x")
    print(f"{'retention + churn + RFM, one report':<44} {together[0]:>8.2f} {together[1]:>6.1f} "
          f"{together[0] / scan_s:>7.1f}x  (goal: 2x)")


if __name__ == "__main__":
    main()
