"""Benchmark: what `import cxreport` costs, and what the first use of each public name adds.

    python benchmarks/bench_import.py            # 5 fresh processes per measurement
    python benchmarks/bench_import.py --runs 3

Method: every measurement runs in a fresh interpreter (nothing cached in-process; the OS
file cache is warm after the first run, as it is for a user). "package" is the import
time Python itself reports for the `cxreport` package with ``-X importtime`` (cumulative
microseconds of the package and what it imports); "wall" is the whole ``python -c`` run,
interpreter start included, so the first line is also the baseline of an empty interpreter.
The median of the runs is printed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "empty interpreter": "pass",
    "import cxreport": "import cxreport",
    "+ cxreport.metrics.nps": "import cxreport; cxreport.metrics.nps",
    "+ cxreport.load": "import cxreport; cxreport.load",
    "+ load and report on two tiny files": ("import cxreport; cxreport.report(cxreport.load("
                                            "'tests/data/cli/orders_tiny.csv', 'tests/data/cli/nps_tiny.csv'))"),
}


def one_run(code: str) -> tuple[float, float | None]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    wall = time.perf_counter() - start
    package = re.search(r"\|\s*(\d+)\s*\|\s*cxreport$", done.stderr, re.M)
    return wall, int(package.group(1)) / 1e6 if package else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'case':40} {'wall s':>8} {'package s':>10}   (median of {args.runs})")
    for name, code in CASES.items():
        runs = [one_run(code) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        packages = [r[1] for r in runs if r[1] is not None]
        package = f"{statistics.median(packages):10.3f}" if packages else f"{'–':>10}"
        print(f"{name:40} {wall:8.2f} {package}")


if __name__ == "__main__":
    main()
