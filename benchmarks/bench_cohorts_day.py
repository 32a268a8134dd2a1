"""Benchmark: the Cohorts page with daily and monthly cohorts on the sample, in a real browser.

    python benchmarks/bench_cohorts_day.py                     # this checkout
    python benchmarks/bench_cohorts_day.py --tree /work/main   # another checkout, for before/after

Method: the real server (`python -m cxreport.ui.serve`) started from `--tree`, Debian's
chromium via Playwright (helpers from tests/e2e/harness.py). After the server has read
the sample (a first visit, not counted), each link `/cohorts?period=...` is opened in a
fresh browser context (a new session). Time: from `goto` until the script has finished and
every chart is drawn, minus the 0.5 s of quiet the idle check waits for. Bytes: every
websocket frame the browser received for that visit. One run per period by default: the
machine is shared, so read the figures as orders of magnitude.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from harness import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, _free_port, stop_server, wait_for_app, wait_for_charts  # noqa: E402


def start(tree: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxreport.ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(tree)})
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError("server did not start")


def visit(browser, url: str) -> tuple[float, int]:
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    received = [0]

    def on_socket(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    pg.on("websocket", on_socket)
    start_time = time.monotonic()
    pg.goto(url)
    wait_for_app(pg, timeout_ms=300_000)
    wait_for_charts(pg, timeout_ms=300_000)
    seconds = time.monotonic() - start_time - 0.5
    context.close()
    return seconds, received[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    proc, url = start(args.tree)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            visit(browser, url + "/overview")  # the server reads the sample once; not counted
            for period in ("month", "day"):
                for run in range(args.runs):
                    seconds, size = visit(browser, f"{url}/cohorts?period={period}")
                    print(f"{args.tree}  period={period:<5} run {run + 1}: {seconds:5.1f} s, "
                          f"{size / 1e6:6.1f} MB over the websocket")
            browser.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
