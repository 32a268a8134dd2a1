"""How much resident memory the server gives back when users who uploaded a large export leave.

    python benchmarks/bench_memory_release.py [--rows 300000] [--users 3]

Starts the real server (tests/e2e/harness.py) with a short disconnected-session TTL. A first
user uploads the CSV, opens the Overview and closes the tab: the libraries' one-off
first-use memory (thread pools, the CLV fit's and DuckDB's first allocations) becomes part
of the baseline. Each later user does the same; after each leaves, the script waits (60 s at
most) for Streamlit's uploaded-file gauge to fall to zero and the RSS to settle, and prints
the RSS with the upload open, after the user left, and the share of that user's cost that
was handed back. Baseline and measurements come from the same process.

What a test can assert whatever the load (the uploaded file is released once the session
ends) is in tests/e2e/test_memory_release.py; how much of the RSS the allocators hand back
varies run to run, which is why it is measured here and not asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import harness as h  # noqa: E402
from bench_pages import write_orders_csv  # noqa: E402

TTL_SECONDS = 2


def settle(url: str, pid: int, seconds: float = 60) -> float:
    """Wait until no uploaded file is held and the RSS stops falling (or `seconds` pass); the RSS then."""
    deadline, last = time.monotonic() + seconds, h.rss_mib(pid)
    while time.monotonic() < deadline:
        time.sleep(3)
        now = h.rss_mib(pid)
        if h.uploaded_bytes(url) == 0 and now >= last - 1:
            return now
        last = now
    return h.rss_mib(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--users", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        csv = write_orders_csv(Path(tmp) / "big_orders.csv", args.rows)
        proc, url = h.start_server(Path(tmp) / "server.log",
                                   extra_args=("--server.disconnectedSessionTTL", str(TTL_SECONDS)))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=h.CHROMIUM, args=h.CHROMIUM_ARGS, headless=True)
                print(f"{csv.stat().st_size / 2**20:.1f} MiB CSV, {args.rows:,} rows; RSS at start "
                      f"{h.rss_mib(proc.pid):.0f} MiB")
                h.upload_and_leave(browser, url, csv)
                baseline = settle(url, proc.pid)
                print(f"baseline after a first user left: {baseline:.0f} MiB")
                for user in range(2, args.users + 1):
                    loaded, _ = h.upload_and_leave(browser, url, csv, pid=proc.pid)
                    after = settle(url, proc.pid)
                    cost = loaded - baseline
                    back = (loaded - after) / cost if cost > 0 else 1.0
                    print(f"user {user}: {loaded:.0f} MiB with the upload open, {after:.0f} after leaving; "
                          f"{back:.0%} of the {cost:.0f} MiB it cost handed back")
                browser.close()
        finally:
            h.stop_server(proc)


if __name__ == "__main__":
    main()
