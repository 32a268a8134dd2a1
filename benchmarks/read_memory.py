"""Peak memory of reading one CSV, in a fresh child process per measurement.

Prints, for a generated CSV of SIZE_MB (distinct rows, 8 columns), the child's resident
memory before reading, its peak (VmHWM) while reading, and the peak over the text's size:
the figure `Limits.text_memory_factor` budgets. Run it on this tree and on another
checkout to compare (``--tree /path/to/other/checkout``):

    python benchmarks/read_memory.py 200
    python benchmarks/read_memory.py 200 --tree /work/main

Each child imports the library, reads a two-line file (Polars starts its thread pool once
per process, as a running app already has), holds the file's bytes (as an upload does),
then resets its peak and reads: peak − before is what the read itself costs. Nothing
large is kept on disk after the run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import polars  # noqa: F401 — loaded before the baseline, as in the app
from cxreport.io.read import read_table
from cxreport.io.dataset import load_dataset

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    return 0

read_table("warm.csv", b"a,b\n1,2\n")  # Polars' thread pool and allocator arenas start once per process
data = open(sys.argv[2], "rb").read()
before = status("VmRSS")
try:
    with open("/proc/self/clear_refs", "w") as f:  # restart VmHWM from here, as the app would be
        f.write("5")
except OSError:
    pass
start = time.perf_counter()
if sys.argv[3] == "read":
    result = read_table("orders.csv", data)
    rows = result.frame.height
else:
    result = load_dataset("orders.csv", data)
    rows = result.table.height
print(json.dumps({"before": before, "peak": status("VmHWM"), "after": status("VmRSS"), "rows": rows,
                  "seconds": time.perf_counter() - start}))
"""


def write_csv(path: Path, size_mb: float) -> int:
    target = int(size_mb * 1024 * 1024)
    with path.open("w", encoding="utf-8") as out:
        out.write("Order ID,Customer ID,Order Date,Amount,Channel,City,Status,Note\n")
        written, i = 0, 0
        while written < target:
            lines = "".join(
                f"A{n:09d},C{n % 50021:06d},2024-{n % 12 + 1:02d}-{n % 28 + 1:02d},{(n * 37) % 100000 / 100:.2f},"
                f"{('Web', 'App', 'Store')[n % 3]},City {n % 211},{('paid', 'refunded')[n % 7 == 0]},note {n}\n"
                for n in range(i, i + 10_000))
            out.write(lines)
            written += len(lines)
            i += 10_000
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size_mb", type=float)
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--step", choices=["read", "load"], default="read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        size = write_csv(path, args.size_mb)
        done = subprocess.run([sys.executable, "-c", CHILD, args.tree, str(path), args.step],
                              capture_output=True, text=True, check=False,
                              env={"CXREPORT_SESSION_MEMORY_MB": "100000", "PATH": "/usr/bin:/bin"})
    if done.returncode:
        print(done.stderr[-2000:])
        raise SystemExit(done.returncode)
    m = json.loads(done.stdout)
    mb = 1024 * 1024
    print(f"tree={args.tree} step={args.step} file={size / mb:.0f} MB rows={m['rows']:,} "
          f"before={m['before'] / mb:.0f} MB peak={m['peak'] / mb:.0f} MB after={m['after'] / mb:.0f} MB "
          f"peak-before={(m['peak'] - m['before']) / mb:.0f} MB ({(m['peak'] - m['before']) / size:.2f}× the file) "
          f"seconds={m['seconds']:.1f}")


if __name__ == "__main__":
    main()
