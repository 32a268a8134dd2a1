"""Benchmark: the engine stages on a partitioned Parquet lake, on DuckDB and on Spark (local[2]).

    python benchmarks/bench_engines.py                # 10M orders, both engines
    python benchmarks/bench_engines.py --rows 1e6 --spike   # also the narwhals spike

Data: `tests/engine/conftest.generated_orders` (rows/8 customers over two years, refunds,
cancellations and test orders in the status), written once as Parquet partitioned by month.
Measured in one process, one after the other, best of `--runs`, each with the load average:

- DuckDB bare scan of the lake (count, sum of amount, distinct customers): the baseline;
- `engine_report(paths, engine="duckdb")`: recognition, the read checks, valid orders and
  cohort retention, on an in-process DuckDB over the files;
- the same on Spark `local[2]` (session started once, outside the timing; its start is
  printed apart), and how many rows and bytes came back from the engine.

`--spike` also times the cohort-counts stage written with narwhals' lazy API, on Polars
and on Spark, against the same stage in SQL (the choice recorded in docs/architecture.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from timing import timed  # noqa: E402  benchmarks/timing.py

from tests.engine.conftest import generated_orders  # noqa: E402  one generator for tests and benchmarks


def bare_scan(lake: Path) -> None:
    con = duckdb.connect()
    con.sql(f"SELECT count(*), sum(amount), count(DISTINCT customer_id) "
            f"FROM read_parquet('{lake}/**/*.parquet', hive_partitioning = true)").fetchall()
    con.close()


def narwhals_cohort_counts(native, *, spark: bool):
    """The cohort-counts stage (without the validity rules) in narwhals' lazy API."""
    import narwhals as nw

    lf = nw.from_native(native)
    periods = lf.with_columns(nw.col("order_date").dt.truncate("1mo").alias("period_start"))
    customer_periods = periods.group_by("customer_id", "period_start").agg(
        nw.col("amount").sum().alias("revenue"), nw.len().alias("orders"))
    customers = customer_periods.group_by("customer_id").agg(
        nw.col("period_start").min().alias("cohort"), nw.col("period_start").max().alias("last_active"))
    k = ((nw.col("period_start").dt.year() - nw.col("cohort").dt.year()) * 12
         + nw.col("period_start").dt.month() - nw.col("cohort").dt.month())
    cells = (customer_periods.join(customers, on="customer_id").with_columns(k.alias("k"))
             .group_by("cohort", "k").agg(nw.len().alias("on_period"), nw.col("revenue").sum()))
    return cells.collect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--spike", action="store_true", help="also the narwhals spike")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    rows = int(args.rows)

    from cxreport.engine.backends import DuckDBBackend, SparkBackend, spark_session
    from cxreport.engine.report import engine_report

    with tempfile.TemporaryDirectory() as tmp:
        lake = Path(tmp) / "orders"
        start = time.perf_counter()
        generated_orders(rows).write_parquet(lake, partition_by="month")
        size = sum(p.stat().st_size for p in lake.rglob("*.parquet"))
        print(f"{rows:,} orders, {size / 2**20:.0f} MiB of Parquet in "
              f"{len(list(lake.iterdir()))} partitions, written in {time.perf_counter() - start:.1f} s")
        print(f"{'measure':48} {'best s':>8} {'load':>6} {'vs scan':>8}")
        scan, load, _ = timed(args.runs, lambda: bare_scan(lake))
        print(f"{'DuckDB bare scan':48} {scan:8.2f} {load:6.1f} {1.0:7.1f}x")

        def on(make):
            backend = make()
            try:
                return engine_report([lake], backend=backend)
            finally:
                backend.close()

        seconds, load, report = timed(args.runs, lambda: on(DuckDBBackend))
        print(f"{'engine_report, DuckDB':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
        if not args.no_spark:
            start = time.perf_counter()
            session = spark_session()
            print(f"{'Spark local[2] session start (once)':48} {time.perf_counter() - start:8.2f}")
            seconds, load, report = timed(args.runs, lambda: on(lambda: SparkBackend(session=session)))
            print(f"{'engine_report, Spark local[2]':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
            back = report["engine"]["returned"]
            print(f"came back from Spark: {len(back)} answers, {sum(r['rows'] for r in back):,} rows, "
                  f"{sum(r['bytes'] for r in back) / 1024:.0f} KiB (largest {max(r['rows'] for r in back):,} rows)")
        if args.spike:
            import polars as pl

            lazy = pl.scan_parquet(lake / "**" / "*.parquet", hive_partitioning=True)
            seconds, load, _ = timed(args.runs, lambda: narwhals_cohort_counts(lazy, spark=False))
            print(f"{'spike: narwhals cohort cells on Polars':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
            backend = DuckDBBackend()
            backend.register_path("o", lake, "parquet")
            # The same work as the narwhals stage: every row a purchase, no validity rules.
            bare = "SELECT customer_id, order_date, amount, TRUE AS is_purchase FROM o"
            backend.view("bare", bare)
            from cxreport.engine.orders import cohort_counts

            seconds, load, _ = timed(args.runs, lambda: cohort_counts(backend, "bare"))
            print(f"{'spike: SQL cohort counts on DuckDB':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
            if not args.no_spark:
                frame = session.read.parquet(str(lake))
                seconds, load, _ = timed(args.runs, lambda: narwhals_cohort_counts(frame, spark=True))
                print(f"{'spike: narwhals cohort cells on Spark':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
                spark_backend = SparkBackend(session=session)
                spark_backend.register_path("o", lake, "parquet")
                spark_backend.view("bare", bare)
                seconds, load, _ = timed(args.runs, lambda: cohort_counts(spark_backend, "bare"))
                print(f"{'spike: SQL cohort counts on Spark':48} {seconds:8.2f} {load:6.1f} {seconds / scan:7.1f}x")
        if not args.no_spark:
            session.stop()


if __name__ == "__main__":
    main()
