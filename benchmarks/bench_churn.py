"""Benchmark: churn_by_period, its previous range join and a bare DuckDB scan, in one process.

    python benchmarks/bench_churn.py                     # 10M orders, best of 3
    python benchmarks/bench_churn.py --orders 1e6 --runs 1
    python benchmarks/bench_churn.py --reuse-freed-memory    # as `cxreport metrics` runs (cxreport.allocator)

Data: `bench_orders.generate_orders(n)` (n/10 customers, 3.5 years, 2 % refunds, fixed
seed), loaded in memory once. Measured one after the other in this process, best of
`--runs` each, with the 1-minute load average printed beside every figure (this machine
is shared; the ratios are what to compare, the seconds move with the load):

- the bare scan: DuckDB reading the orders once (count, sum of amount, distinct customers);
- before: the range join `churn_by_period` used until 2026-12-03 (every customer-day
  joined with the period starts whose window holds it), below as `RANGE_JOIN_SQL`, fed the
  same valid rows and periods;
- now: `cxreport.metrics.churn.churn_by_period(orders, window_days=90, period="month")`,
  each run on a fresh copy of the orders (a metric keeps its result beside the frame it
  read, so a second call on the same frame would time a lookup): cold, as a one-off call
  sees it, and on orders prepared before the clock starts (`prepare_orders`, as the app
  does after an upload and a report's first metric does for the rest).

The two churn tables are compared before the figures are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import duckdb
import polars as pl

# This checkout first: run as a script, `import cxreport` would otherwise find the editable
# install, which may point at another checkout (and time its code, not this one's).
sys.path[:0] = [str(Path(__file__).parent.parent), str(Path(__file__).parent)]
from bench_orders import generate_orders  # noqa: E402

from cxreport.allocator import reuse_freed_memory  # noqa: E402
from cxreport.metrics._frames import calendar_periods, valid_orders  # noqa: E402
from cxreport.metrics._order_days import prepare_orders  # noqa: E402
from cxreport.metrics.churn import churn_by_period  # noqa: E402
from timing import timed, timed_on_copies  # benchmarks/timing.py

WINDOW = 90

RANGE_JOIN_SQL = """
WITH customer_days AS (
    SELECT customer_id, grp, day, sum(amount) AS revenue, bool_or(is_purchase) AS purchased
    FROM orders
    GROUP BY customer_id, grp, day
),
marked AS (
    -- lapses: no purchase within the window after this purchase day
    SELECT customer_id, grp, day, revenue, purchased,
           purchased AND coalesce(
               lead(day) OVER (PARTITION BY customer_id, purchased ORDER BY day) - day > $window, TRUE
           ) AS lapses
    FROM customer_days
),
windows AS (
    -- each customer's activity in the window days before each period start
    SELECT p.period_start, p.next_start, m.customer_id, m.grp,
           sum(m.revenue) AS revenue,
           max(m.day) FILTER (WHERE m.purchased) AS last_day,
           arg_max(m.lapses, m.day) FILTER (WHERE m.purchased) AS lapses
    FROM marked m
    JOIN periods p ON m.day >= p.period_start - $window AND m.day < p.period_start
    GROUP BY p.period_start, p.next_start, m.customer_id, m.grp
),
flagged AS (
    SELECT period_start, grp, revenue,
           lapses AND last_day + $window < next_start AS churned
    FROM windows
    WHERE last_day IS NOT NULL
)
SELECT period_start, grp,
       count(*) AS active_start,
       count(*) FILTER (WHERE churned) AS churned,
       sum(revenue) AS revenue_start,
       coalesce(sum(revenue) FILTER (WHERE churned), 0) AS revenue_churned
FROM flagged
GROUP BY period_start, grp
"""


def range_join_churn(orders: pl.DataFrame, window: int, period: str) -> pl.DataFrame:
    """The previous churn_by_period's counts (without the zero rows and rates)."""
    rows = valid_orders(orders).select("customer_id", pl.lit("all").alias("grp"), "day", "amount", "is_purchase").collect()
    first_day, last_day = rows.get_column("day").min(), rows.get_column("day").max()
    periods = calendar_periods(first_day, last_day, period).filter(
        pl.col("period_start") >= first_day + dt.timedelta(days=window))
    con = duckdb.connect()
    con.register("orders", rows)
    con.register("periods", periods)
    out = con.sql(RANGE_JOIN_SQL, params={"window": window}).pl()
    con.close()
    return out.sort("period_start")


def bare_scan(con: duckdb.DuckDBPyConnection) -> None:
    con.sql("SELECT count(*), sum(amount), count(DISTINCT customer_id) FROM orders").fetchall()




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=float, default=1e7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse-freed-memory", action="store_true",
                        help="keep freed memory in the process, as `cxreport metrics` does (cxreport.allocator)")
    args = parser.parse_args()
    reused = args.reuse_freed_memory and reuse_freed_memory()
    orders = generate_orders(int(args.orders))
    con = duckdb.connect()
    con.register("orders", orders)
    print(f"# churn_by_period, {len(orders):,} orders in memory, window {WINDOW} days, monthly, "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}"
          + ("; freed memory kept for reuse, as the command line does" if reused else ""))
    scan_s, scan_load, _ = timed(args.runs, lambda: bare_scan(con))
    before_s, before_load, before = timed(args.runs, lambda: range_join_churn(orders, WINDOW, "month"))
    def now_churn(frame: pl.DataFrame) -> pl.DataFrame:
        return churn_by_period(frame, window_days=WINDOW, period="month")

    cold_s, cold_load, _ = timed_on_copies(args.runs, orders, now_churn)
    now_s, now_load, now = timed_on_copies(args.runs, orders, now_churn, prepare=prepare_orders)
    now_counts = now.filter(pl.col("active_start") > 0)
    same = (now_counts.get_column("active_start").to_list() == before.get_column("active_start").to_list()
            and now_counts.get_column("churned").to_list() == before.get_column("churned").to_list())
    print(f"{'measure':<44} {'best s':>8} {'load':>6} {'vs scan':>8}")
    print(f"{'DuckDB bare scan':<44} {scan_s:>8.2f} {scan_load:>6.1f} {1:>7.1f}x")
    print(f"{'churn_by_period before (range join)':<44} {before_s:>8.2f} {before_load:>6.1f} {before_s / scan_s:>7.1f}x")
    print(f"{'churn_by_period now, cold':<44} {cold_s:>8.2f} {cold_load:>6.1f} {cold_s / scan_s:>7.1f}x")
    print(f"{'churn_by_period now, orders prepared':<44} {now_s:>8.2f} {now_load:>6.1f} {now_s / scan_s:>7.1f}x")
    print(f"speed-up {before_s / cold_s:.1f}x cold, {before_s / now_s:.1f}x prepared; same counts as before: {same}")


if __name__ == "__main__":
    main()
