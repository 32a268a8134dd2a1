"""Benchmark: what the SQL sandbox costs next to DuckDB in the same process.

    python benchmarks/bench_sql.py             # the sample and 1M synthetic orders, 5 runs each
    python benchmarks/bench_sql.py --quick     # the sample only, 3 runs

Figures (medians of the runs, wall clock, `time.perf_counter`):

- start-up: a fresh interpreter importing DuckDB and pyarrow (what a `spawn`ed worker
  would pay on every query), starting the warm server once, and a worker forked from it
  running ``SELECT 1`` with no data (what every query pays);
- a control query (orders and revenue per month) on the bundled sample and on 1M orders:
  DuckDB in this process on `Workspace.connection()` (the baseline: no sandbox), and
  `run_sql` (views, Arrow IPC to the worker, loading, lock-down, the query, Arrow back),
  with the ratio; and where the sandbox's time goes;
- `SELECT * FROM range(50000000)` capped at 10,000 rows.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

CONTROL = ("SELECT date_trunc('month', order_date) AS month, count(*) AS orders, sum(amount) AS revenue "
           "FROM orders GROUP BY month ORDER BY month")


def median_seconds(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def startup(runs: int) -> None:
    from cxreport.sql import statements, worker

    spawn = median_seconds(lambda: subprocess.run([sys.executable, "-c", "import duckdb, pyarrow.ipc"], check=True),
                           runs)
    started = time.perf_counter()
    worker.start_server()
    server = time.perf_counter() - started

    cpu: list[float] = []

    def fork() -> None:
        outcome = worker.run_in_worker([], statements.wrapped("SELECT 1", 2), timeout_s=10, max_rows=1,
                                       max_bytes=2**20, memory_mb=256, threads=1)
        assert outcome.status == "ok", outcome
        cpu.append(outcome.cpu_s)

    forked = median_seconds(fork, runs)
    print("start-up")
    print(f"  fresh interpreter importing duckdb+pyarrow (a spawned worker) {ms(spawn)}")
    print(f"  warm server, started once                                   {ms(server)}")
    print(f"  worker forked from it, SELECT 1, no data                    {ms(forked)}   "
          f"({spawn / forked:.1f}x faster than spawning; the worker's own CPU {ms(statistics.median(cpu))})")


def compare(label: str, ws, runs: int) -> None:
    from cxreport.sql import run_sql, views, worker, statements

    def in_process() -> None:
        con = ws.connection()
        con.execute(CONTROL).fetchall()
        con.close()

    expected = ws.connection().execute(CONTROL).fetchall()
    got = run_sql(ws, CONTROL).frame.rows()  # the same numbers (sums to rounding: threads add in any order)
    assert [r[:2] for r in got] == [r[:2] for r in expected]
    assert all(abs(a[2] - b[2]) <= 1e-9 * abs(b[2]) for a, b in zip(got, expected))
    baseline = median_seconds(in_process, runs)
    sandboxed = median_seconds(lambda: run_sql(ws, CONTROL), runs)

    tables = views.tables_for(ws, CONTROL)
    prepare = median_seconds(lambda: [views.arrow_ipc(f) for f in tables.values()], runs)
    payload = [(n, views.arrow_ipc(f)) for n, f in tables.items()]
    megabytes = sum(len(p) for _, p in payload) / 2**20
    outcomes = [worker.run_in_worker(payload, statements.wrapped(CONTROL, 10_001), timeout_s=60, max_rows=10_000,
                                     max_bytes=100 * 2**20, memory_mb=1024, threads=2) for _ in range(runs)]
    query = statistics.median(o.seconds for o in outcomes)
    cpu = statistics.median(o.cpu_s for o in outcomes)
    rows = sum(f.height for f in tables.values())
    print(f"control query on {label} ({rows:,} rows in {len(tables)} views, {megabytes:.1f} MB of Arrow IPC)")
    print(f"  DuckDB in this process (ws.connection())  {ms(baseline)}")
    print(f"  run_sql, sandboxed                        {ms(sandboxed)}   ({sandboxed / baseline:.1f}x the baseline)")
    print(f"    of which views to Arrow IPC             {ms(prepare)}")
    print(f"    of which the query in the worker        {ms(query)}   (after loading and lock-down)")
    print(f"    the worker's CPU, loading included      {ms(cpu)}")


def capped(ws, runs: int) -> None:
    from cxreport.sql import run_sql

    result = run_sql(ws, "SELECT * FROM range(50000000)")
    assert result.truncated and result.frame.height == 10_000
    took = median_seconds(lambda: run_sql(ws, "SELECT * FROM range(50000000)"), runs)
    print(f"SELECT * FROM range(50000000), capped at 10,000 rows  {ms(took)}")


def million_orders(folder: Path):
    import cxreport
    from bench_orders import generate_orders

    path = folder / "orders_1m.parquet"
    generate_orders(1_000_000).write_parquet(path)
    return cxreport.load(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="the sample only, 3 runs")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs

    import cxreport
    from cxreport.sample import sample_paths

    startup(runs)
    sample = cxreport.load(*sample_paths())
    compare("the sample", sample, runs)
    capped(sample, runs)
    if not args.quick:
        with tempfile.TemporaryDirectory() as folder:
            compare("1M orders", million_orders(Path(folder)), runs)


if __name__ == "__main__":
    main()
