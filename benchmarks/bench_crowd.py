"""Benchmark: a room of viewers on a fresh server, and the memory a closed session gives back.

    python benchmarks/bench_crowd.py                       # 10 viewers, then 30, then the memory cycles
    python benchmarks/bench_crowd.py --viewers 10          # one crowd only
    python benchmarks/bench_crowd.py --memory-only --rows 1000000 --cycles 3

Crowd (the presenter's link opened by a whole meeting at once):
- A fresh server (`python -m cxreport.ui.serve`, as `make run`), started with the helpers the
  browser tests use (tests/e2e/harness.py), and Debian's chromium via Playwright.
- `viewers` fresh browser contexts (no shared cookies: one Streamlit session each), half on
  the Overview (`/`), half on CLV (`/clv`), all opened at once on the bundled sample.
- Each page records in the browser (an init script polling every 100 ms) the wall-clock
  moment it became ready: connected, script idle, no running indicator, a title drawn, its
  content there (the Overview's cards, at least 4; CLV's 3 charts) and every chart drawn,
  and still so 0.5 s later (the 0.5 s is not counted). Times run from the
  moment the first page was asked for. Printed: slowest, median, and the pages showing an
  error element; the goal is every page of 10 viewers within 15 s, and no error with 30.

The server's part (`--protocol`, run first): the same crowd through the frontend's own
WebSocket protocol (tests/e2e/protocol_viewer.py), no browser: the seconds until the server
has answered every session in full. Ten chromium instances drawing Vega charts on the same
two cores as the server make most of the browser figure (their CPU seconds are printed
beside it); a real room has a laptop per viewer.

Memory (three users each upload a large export and close the tab):
- A synthetic orders CSV (`--rows`, the generator of bench_pages.py) is uploaded in a fresh
  context on the Data page, the Overview is opened (so results are computed and memoised),
  then the context is closed. `--cycles` times, one after another.
- The server's resident memory (VmRSS from /proc/<pid>/status) is printed after start,
  after the sample was drawn once, after each upload, and every 10 s after the last close
  until `--settle` seconds have passed. The server is started with
  `--server.disconnectedSessionTTL` = `--ttl` (default 10 s) so a closed tab's session is
  let go of within the run rather than after Streamlit's default 120 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 15.0
QUIET_MS = 500
PATHS = ["/", "/clv"]

# Runs in every page from its first script on; writes `window.__cxReadyAt` (Date.now(), ms)
# the first time the page has stayed ready for QUIET_MS.
_READY_PROBE = """(() => {
  const quiet = %d;
  let since;
  const timer = setInterval(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    const ready = !!app && app.dataset.testConnectionState === 'CONNECTED'
      && app.dataset.testScriptState === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidget"]')
      && !!document.querySelector('[data-testid="stMain"] h1')
      && charts.length >= (location.pathname === '/clv' ? 3 : 0)
      && document.querySelectorAll('[data-testid="stMetric"]').length >= (location.pathname === '/' ? 4 : 0)
      && charts.every(c => { const g = c.querySelector('svg.marks, canvas');
                             if (!g) return false; const r = g.getBoundingClientRect();
                             return r.width > 0 && r.height > 0; });
    const now = Date.now();
    if (!ready) { since = undefined; return; }
    if (since === undefined) since = now;
    if (now - since >= quiet) { window.__cxReadyAt = since; clearInterval(timer); }
  }, 100);
})();""" % QUIET_MS


def load_harness():
    """tests/e2e/harness.py: server start/stop, chromium flags, the idle and chart predicates."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    import harness

    return harness


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat, in clock ticks)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def crowd(harness, browser, base_url: str, viewers: int, timeout_s: float = 0) -> list[dict]:
    """Open `viewers` fresh contexts at once; each page's seconds to ready and its error texts."""
    timeout_s = timeout_s or 120 + 12 * viewers  # bounded, and generous for a loaded machine
    contexts, pages = [], []
    for i in range(viewers):
        context = browser.new_context(viewport=harness.VIEWPORT)
        context.add_init_script(_READY_PROBE)
        contexts.append(context)
        pages.append((PATHS[i % len(PATHS)], context.new_page()))
    start_ms = time.time() * 1000
    for path, pg in pages:  # 'commit': hand every request over at once, do not wait for any page
        pg.goto(base_url + path, wait_until="commit", timeout=int(timeout_s * 1000))
    ready: dict[int, float] = {}
    deadline = time.monotonic() + timeout_s
    while len(ready) < len(pages) and time.monotonic() < deadline:
        for i, (_, pg) in enumerate(pages):
            if i not in ready and (at := pg.evaluate("() => window.__cxReadyAt")):
                ready[i] = (at - start_ms) / 1000
        time.sleep(0.2)
    results = []
    for i, (path, pg) in enumerate(pages):
        errors = pg.locator(harness.ERRORS).all_inner_texts()
        results.append({"path": path, "seconds": ready.get(i, float("nan")),
                        "charts": pg.locator('[data-testid="stVegaLiteChart"]').count(),
                        "errors": [e.splitlines()[0][:120] for e in errors if e.strip()]})
    for context in contexts:
        context.close()
    return results


def chromium_cpu_seconds() -> float:
    """CPU seconds used so far by every chromium process of this machine (the benchmark's own)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if "chrom" in (entry / "comm").read_text():
                    total += cpu_seconds(int(entry.name))
            except OSError:  # the process ended while we looked
                pass
    return total


def protocol_crowd(harness, viewers: int) -> bool:
    """The server's part: `viewers` sessions at once through the WebSocket protocol."""
    import protocol_viewer

    proc, url = harness.start_server(Path(tempfile.gettempdir()) / f"bench-crowd-protocol-{viewers}.log")
    try:
        time.sleep(5)  # the sample is read in the background at start: not part of the crowd
        cpu_before = cpu_seconds(proc.pid)
        results = protocol_viewer.run_crowd(url, PATHS, viewers)
        cpu = cpu_seconds(proc.pid) - cpu_before
    finally:
        harness.stop_server(proc)
    times = [r.seconds for r in results]
    failed = [r for r in results if r.errors]
    slowest = max(times) if all(s == s for s in times) else float("inf")
    print(f"{viewers} viewers, server's part (protocol, no browser): slowest {slowest:.1f} s, "
          f"median {statistics.median(times):.1f} s, errors {len(failed)}; server {cpu:.1f} CPU s; "
          f"load average {Path('/proc/loadavg').read_text().split()[0]}")
    for path in PATHS:
        mine = [r for r in results if r.path == path]
        print(f"  {path:5} " + " ".join(f"{r.seconds:5.1f}" for r in sorted(mine, key=lambda r: r.seconds))
              + f"   ({mine[0].messages} messages, {mine[0].bytes / 1024:.0f} KiB, {mine[0].charts} charts each)")
    for r in failed:
        print(f"  error on {r.path}: {r.errors}")
    ok = not failed and (viewers > 10 or slowest <= GOAL_SECONDS)
    print(f"  goal ({'within %.0f s, ' % GOAL_SECONDS if viewers <= 10 else ''}no error): {'met' if ok else 'NOT met'}")
    return ok


def report_crowd(viewers: int, results: list[dict]) -> bool:
    times = [r["seconds"] for r in results]
    drawn = [s for s in times if s == s]
    failed = [r for r in results if r["errors"]]
    slowest = max(drawn, default=float("nan")) if len(drawn) == len(times) else float("inf")
    print(f"{viewers} viewers: slowest {slowest:.1f} s, median {statistics.median(drawn) if drawn else float('nan'):.1f} s, "
          f"not ready {len(times) - len(drawn)}, pages with an error {len(failed)}")
    for path in PATHS:
        mine = sorted(r["seconds"] for r in results if r["path"] == path)
        print(f"  {path:5} " + " ".join(f"{s:5.1f}" for s in mine))
    for r in failed:
        print(f"  error on {r['path']}: {r['errors']}")
    ok = not failed and len(drawn) == len(times) and (viewers > 10 or slowest <= GOAL_SECONDS)
    print(f"  goal ({'within %.0f s, ' % GOAL_SECONDS if viewers <= 10 else ''}no error): {'met' if ok else 'NOT met'}")
    return ok


def memory_cycles(harness, browser, base_url: str, pid: int, csv: Path, cycles: int, settle_s: float) -> list[tuple[str, float]]:
    """Upload `csv` and open the Overview in `cycles` fresh contexts, closing each; RSS along the way."""
    marks = [("started", harness.rss_mib(pid))]
    context = browser.new_context(viewport=harness.VIEWPORT)
    pg = context.new_page()
    pg.goto(base_url + "/")
    harness.wait_for_app(pg, timeout_ms=180_000)
    context.close()
    marks.append(("sample drawn once", harness.rss_mib(pid)))
    for cycle in range(1, cycles + 1):
        rss, _ = harness.upload_and_leave(browser, base_url, csv, pid=pid, timeout_ms=300_000)
        marks.append((f"upload {cycle} open", rss))
    closed = time.monotonic()
    while (waited := time.monotonic() - closed) < settle_s:
        time.sleep(min(10.0, settle_s - waited))
        marks.append((f"{time.monotonic() - closed:4.0f} s after the last close", harness.rss_mib(pid)))
    return marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, nargs="*", default=[10, 30])
    parser.add_argument("--memory-only", action="store_true")
    parser.add_argument("--crowd-only", action="store_true")
    parser.add_argument("--protocol-only", action="store_true", help="the server's part only, no browser")
    parser.add_argument("--rows", type=int, default=1_000_000, help="orders in the uploaded CSV (memory part)")
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to watch RSS after the last close")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL for the memory part")
    args = parser.parse_args(argv)

    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are taken, also in a log file
    sys.path.insert(0, str(ROOT))
    harness = load_harness()
    from playwright.sync_api import sync_playwright

    ok = True
    if not args.memory_only:
        for viewers in args.viewers:
            ok &= protocol_crowd(harness, viewers)
    if args.protocol_only:
        return 0 if ok else 1
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS, headless=True)
        if not args.memory_only:
            for viewers in args.viewers:
                proc, url = harness.start_server(Path(tempfile.gettempdir()) / f"bench-crowd-{viewers}.log")
                try:
                    time.sleep(5)  # the sample is read in the background at start: not part of the crowd
                    cpu_before, wall_before = cpu_seconds(proc.pid), time.monotonic()
                    chromium_before = chromium_cpu_seconds()
                    print(f"{viewers} viewers in {viewers} chromium contexts on the server's machine:")
                    ok &= report_crowd(viewers, crowd(harness, browser, url, viewers))
                    print(f"  server: {cpu_seconds(proc.pid) - cpu_before:.1f} CPU s, chromium "
                          f"{chromium_cpu_seconds() - chromium_before:.1f} CPU s, in {time.monotonic() - wall_before:.0f} s "
                          f"of wall time, RSS after the crowd {harness.rss_mib(proc.pid):.0f} MiB; load average {Path('/proc/loadavg').read_text().split()[0]}")
                finally:
                    harness.stop_server(proc)
        if not args.crowd_only:
            bench_pages = importlib.util.spec_from_file_location("bench_pages", ROOT / "benchmarks" / "bench_pages.py")
            module = importlib.util.module_from_spec(bench_pages)
            bench_pages.loader.exec_module(module)
            with tempfile.TemporaryDirectory() as tmp:
                csv = module.write_orders_csv(Path(tmp) / "big_orders.csv", args.rows)
                print(f"memory: {args.cycles} sessions each upload {csv.stat().st_size / 2**20:.0f} MiB "
                      f"({args.rows:,} orders) and close; disconnectedSessionTTL {args.ttl} s")
                proc, url = harness.start_server(Path(tmp) / "server.log",
                                                 extra_args=("--server.disconnectedSessionTTL", str(args.ttl)))
                try:
                    for label, mib in memory_cycles(harness, browser, url, proc.pid, csv, args.cycles, args.settle):
                        print(f"  {label:28} {mib:7.0f} MiB")
                finally:
                    harness.stop_server(proc)
        browser.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
