"""Benchmark: `cxreport metrics` end to end on a 1M-row orders export, against DuckDB on the same file.

    python benchmarks/bench_cli.py                 # 1M rows, best of 3
    python benchmarks/bench_cli.py --rows 2e5 --runs 1
    python benchmarks/bench_cli.py --profile out.svg   # also a py-spy flame graph of one CLI run

Data: `bench_pages.write_orders_csv` (rows/10 customers over two years, with channel and
segment columns, fixed seed), written once to a temporary CSV (about 53 MB at 1M rows).
Measured one after the other in this run, best of `--runs`, each with the 1-minute load
average beside it (the machine is shared; compare the ratio):

- DuckDB: a fresh process-local connection reads the CSV (`read_csv`, types detected) and
  computes monthly cohort retention (customers per cohort month and month since it);
- the CLI: ``python -m cxreport.cli metrics FILE --json`` in a subprocess, output discarded:
  reading, recognising the columns, every metric, the CLV fit, the JSON. The interpreter's
  start and imports are included, as a user sees them.

The goal (issue 15) is the CLI within 8x DuckDB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from bench_pages import write_orders_csv  # noqa: E402
from timing import timed  # benchmarks/timing.py

RETENTION_SQL = """
WITH o AS (
    SELECT customer_id, CAST(date_trunc('month', order_date) AS DATE) AS month FROM read_csv($path)
),
c AS (SELECT customer_id, min(month) AS cohort FROM o GROUP BY customer_id)
SELECT c.cohort, datediff('month', c.cohort, o.month) AS months_since, count(DISTINCT o.customer_id) AS customers
FROM o JOIN c USING (customer_id)
GROUP BY ALL ORDER BY ALL
"""


def duckdb_retention(path: Path) -> None:
    con = duckdb.connect()
    con.sql(RETENTION_SQL, params={"path": str(path)}).fetchall()
    con.close()


def cli(path: Path, profile: str | None = None) -> None:
    command = [sys.executable, "-m", "cxreport.cli", "metrics", str(path), "--json"]
    if profile:
        spy = Path(sys.executable).with_name("py-spy")
        command = [str(spy), "record", "--subprocesses", "--rate", "50", "-o", profile, "--", *command]
    # From this checkout's root, so `-m cxreport.cli` runs this checkout's code.
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=Path(__file__).parent.parent)




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--runs", type=int, default=3)  # the machine moves ±30 %: three, as the docs report
    parser.add_argument("--profile", metavar="SVG", help="also record one CLI run with py-spy into SVG")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxbench-cli-") as tmp:
        path = write_orders_csv(Path(tmp) / "orders.csv", int(args.rows))
        print(f"# cxreport metrics on {int(args.rows):,} orders ({path.stat().st_size / 2**20:.0f} MiB CSV), "
              f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
        base_s, base_load = timed(args.runs, lambda: duckdb_retention(path))[:2]
        cli_s, cli_load = timed(args.runs, lambda: cli(path))[:2]
        print(f"{'measure':<48} {'best s':>8} {'load':>6} {'ratio':>7}")
        print(f"{'DuckDB read_csv + monthly retention':<48} {base_s:>8.2f} {base_load:>6.1f} {1:>6.1f}x")
        print(f"{'cxreport metrics FILE --json':<48} {cli_s:>8.2f} {cli_load:>6.1f} {cli_s / base_s:>6.1f}x  (goal: 8x)")
        if args.profile:
            cli(path, args.profile)
            print(f"profile: {args.profile}")


if __name__ == "__main__":
    main()
