"""Benchmark: how long each report page takes in a real browser, on the sample and on 1M orders.

    python benchmarks/bench_pages.py                  # sample baseline + 1,000,000 orders
    python benchmarks/bench_pages.py --rows 200000    # a smaller upload
    python benchmarks/bench_pages.py --sample-only    # the baseline only

Method (figures in benchmarks/README_pages.md):
- Data: a synthetic orders CSV (customer_id, order_id, order_date, amount, channel,
  segment), `rows` orders from rows/10 customers over two years, fixed seed, written to a
  temporary directory (1M rows is ~50 MB, under Streamlit's 200 MB upload limit).
- The real server (`python -m cxreport.ui.serve`, as `make run`) and Debian's chromium via
  Playwright, started with the same helpers the browser tests use (tests/e2e/conftest.py).
- The CSV is uploaded through the Data page's file input, like a user would; the time from
  handing over the file to the page being idle again (read, recognised, stored) is printed.
- Each page is then opened from the sidebar (the upload lives in the browser's session, so
  the pages are visited in that session, not by loading a URL). A page's time runs from the
  click to the moment it was ready: the script finished (connected, no running indicator)
  and every chart drawn, and stayed so for 0.5 s (the 0.5 s is not counted). Times are
  taken in the browser (performance.now()), so Playwright's polling does not add to them.
  The first visit to each page is measured: nothing of it is memoised in the session yet.
- Payload: every websocket frame the browser receives is decoded as Streamlit's ForwardMsg;
  for each chart element (vega_lite_chart: spec + inline data) its serialised size is
  recorded; the largest per page is printed.
- Target: under 3 s per page on this 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 3.0
ORDERS_PER_CUSTOMER = 10
DAYS = 2 * 365
# (sidebar label, URL path): the report pages, in the sidebar's order
PAGES = [("Overview", "/"), ("Cohorts", "/cohorts"), ("Churn", "/churn"), ("CLV", "/clv"),
         ("NPS & surveys", "/surveys"), ("Service", "/service"), ("UX vs CX", "/ux_vs_cx")]
PAGE_TIMEOUT_MS = 180_000  # a page not ready by then is reported as such, not waited for
QUIET_MS = 500


def _load_e2e_harness():
    """tests/e2e/harness.py: server start/stop, chromium flags, the idle and chart predicates."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    import harness

    return harness


# --- data ----------------------------------------------------------------------------------


def write_orders_csv(path: Path, rows: int, seed: int = 7) -> Path:
    """`rows` synthetic orders from rows/10 customers over two years, as a CSV at `path`.

    Each customer starts on a random day, buys at exponential distances after it, and has one
    acquisition channel and one segment (so the sidebar filters have something to filter).
    """
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    customers = max(rows // ORDERS_PER_CUSTOMER, 1)
    customer = rng.integers(0, customers, rows)
    first_day = rng.integers(0, DAYS, customers)
    day = np.minimum(first_day[customer] + rng.exponential(150, rows).astype(np.int64), DAYS - 1)
    order_date = np.datetime64("2024-01-01", "D") + day.astype("timedelta64[D]")
    channels = np.array(["Email", "Organic Search", "Referral", "Social Ads"])
    segments = np.array(["Consumer", "Office", "Reseller"])
    table = pl.DataFrame({"c": customer, "o": np.arange(1, rows + 1), "order_date": order_date,
                          "amount": np.round(rng.lognormal(11.0, 0.7, rows), -2),  # rupiah-sized amounts
                          "channel": channels[rng.integers(0, len(channels), customers)][customer],
                          "segment": segments[rng.integers(0, len(segments), customers)][customer]})
    table.select(
        pl.format("C{}", "c").alias("customer_id"),
        pl.format("O{}", "o").alias("order_id"),
        pl.col("order_date").cast(pl.Date),
        "amount", "channel", "segment",
    ).write_csv(path)
    return path


# --- measuring -----------------------------------------------------------------------------

# Ready = on the expected path, script idle, every chart drawn; `window.__cxReadySince` is
# when that began, and it must hold for `quiet` ms (a rerun may still be on its way).
_READY_SINCE = """([path, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  const ready = location.pathname === path && !!app
    && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && charts.every(c => { const g = c.querySelector('svg.marks, canvas');
                           if (!g) return false; const r = g.getBoundingClientRect();
                           return r.width > 0 && r.height > 0; });
  const now = performance.now();
  if (!ready) { window.__cxReadySince = undefined; return false; }
  if (window.__cxReadySince === undefined) window.__cxReadySince = now;
  return now - window.__cxReadySince >= quiet ? window.__cxReadySince : false;
}"""


class ChartPayloads:
    """Sizes of the chart elements the server sends, decoded from the websocket frames."""

    def __init__(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._message = ForwardMsg
        self.sizes: list[int] = []
        self.frames = 0
        self.undecoded = 0

    def attach(self, pg) -> None:
        pg.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.frames += 1
        if isinstance(payload, str):
            return
        msg = self._message()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 — a frame that is not a ForwardMsg is counted, not fatal
            self.undecoded += 1
            return
        if msg.WhichOneof("type") != "delta":
            return
        element = msg.delta.new_element if msg.delta.WhichOneof("type") == "new_element" else None
        if element is not None and element.WhichOneof("type") == "vega_lite_chart":
            self.sizes.append(element.vega_lite_chart.ByteSize())

    def take(self) -> list[int]:
        sizes, self.sizes = self.sizes, []
        return sizes


def visit(pg, label: str, path: str, payloads: ChartPayloads, *, first: bool, base_url: str) -> dict:
    payloads.take()
    if first:
        start = None
        pg.goto(base_url + path)
    else:
        start = pg.evaluate("() => { window.__cxReadySince = undefined; return performance.now(); }")
        pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=label, exact=True).click()
    if start is None:  # a page load: count from the navigation's start (performance's time origin)
        start = 0.0
    try:
        ready_at = pg.wait_for_function(_READY_SINCE, arg=[path, QUIET_MS], polling=50, timeout=PAGE_TIMEOUT_MS).json_value()
    except PlaywrightTimeout:
        ready_at = float("nan")
    errors = pg.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()
    charts = pg.locator('[data-testid="stVegaLiteChart"]').count()
    sizes = payloads.take()
    return {"page": label, "seconds": (ready_at - start) / 1000, "charts": charts,
            "largest_chart_bytes": max(sizes, default=0), "chart_bytes": sum(sizes),
            "errors": [e.splitlines()[0][:120] for e in errors] + ([] if ready_at == ready_at else [_not_ready(pg)])}


def _not_ready(pg) -> str:
    """Why a page never became ready: the script's state and which charts have no drawing."""
    state = pg.evaluate("""() => ({script: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
      running: !!document.querySelector('[data-testid="stStatusWidget"]'), path: location.pathname,
      undrawn: [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
        .map((c, i) => [i, !!c.querySelector('svg.marks, canvas')]).filter(([, d]) => !d).map(([i]) => i)})""")
    return f"not ready after {PAGE_TIMEOUT_MS / 1000:.0f} s: {state}"


def upload(pg, base_url: str, csv: Path) -> float:
    """Open the Data page, hand the file to its uploader, wait until read; seconds taken."""
    pg.goto(base_url + "/data")
    pg.wait_for_function(_READY_SINCE, arg=["/data", QUIET_MS], polling=100, timeout=PAGE_TIMEOUT_MS)
    t0 = time.perf_counter()
    pg.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(csv)
    pg.wait_for_selector(f'[data-testid="stExpander"] summary:has-text("{csv.name}")', timeout=PAGE_TIMEOUT_MS)
    pg.wait_for_function(_READY_SINCE, arg=["/data", QUIET_MS], polling=100, timeout=PAGE_TIMEOUT_MS)
    seconds = time.perf_counter() - t0 - QUIET_MS / 1000
    summary = pg.locator('[data-testid="stExpander"] summary').filter(has_text=csv.name).inner_text()
    print(f"  recognised: {summary.splitlines()[-1].strip()}")
    return seconds


def run(harness, browser, base_url: str, csv: Path | None) -> tuple[list[dict], float | None]:
    context = browser.new_context(viewport=harness.VIEWPORT)
    pg = context.new_page()
    payloads = ChartPayloads()
    payloads.attach(pg)
    upload_seconds = None
    try:
        if csv is not None:
            upload_seconds = upload(pg, base_url, csv)
            results = [visit(pg, *PAGES[0], payloads, first=False, base_url=base_url)]
        else:
            results = [visit(pg, *PAGES[0], payloads, first=True, base_url=base_url)]
        print(f"  {PAGES[0][0]}: {results[0]['seconds']:.2f} s", flush=True)
        for label, path in PAGES[1:]:
            results.append(visit(pg, label, path, payloads, first=False, base_url=base_url))
            print(f"  {label}: {results[-1]['seconds']:.2f} s", flush=True)
    finally:
        context.close()
    return results, upload_seconds


def print_table(title: str, results: list[dict]) -> None:
    print(f"\n{title}")
    print(f"{'page':<16}{'seconds':>9}{'charts':>8}{'largest chart':>15}{'all charts':>12}  vs {TARGET_SECONDS:.0f} s target")
    for r in results:
        if r["seconds"] != r["seconds"]:
            verdict = "NOT READY"
        else:
            verdict = "ok" if r["seconds"] < TARGET_SECONDS else f"{r['seconds'] / TARGET_SECONDS:.1f}x over"
        if r["errors"]:
            verdict += f"  ERROR: {r['errors'][0]}"
        print(f"{r['page']:<16}{r['seconds']:>9.2f}{r['charts']:>8}{r['largest_chart_bytes']:>15,}{r['chart_bytes']:>12,}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=float, default=1e6, help="orders in the uploaded CSV (default 1e6)")
    parser.add_argument("--sample-only", action="store_true", help="only the bundled sample (baseline)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    harness = _load_e2e_harness()
    with tempfile.TemporaryDirectory(prefix="cxreport-bench-pages-") as tmp:
        tmp = Path(tmp)
        csv = None
        if not args.sample_only:
            rows = int(args.rows)
            t0 = time.perf_counter()
            csv = write_orders_csv(tmp / f"orders_{rows}.csv", rows)
            print(f"generated {rows:,} orders, {csv.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
        server, base_url = harness.start_server(tmp / "server.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS, headless=True)
                print("sample data (baseline):")
                baseline, _ = run(harness, browser, base_url, None)
                print_table("sample data, first visit of each page", baseline)
                if csv is not None:
                    print(f"\n{csv.name}: uploading through the Data page")
                    big, upload_seconds = run(harness, browser, base_url, csv)
                    print(f"\nupload + read + recognise: {upload_seconds:.1f} s")
                    print_table(f"{int(args.rows):,} orders, first visit of each page", big)
                browser.close()
        finally:
            harness.stop_server(server)
            log = (tmp / "server.log").read_text()
            if "Traceback" in log:
                print("\nserver log has tracebacks:\n" + log[-3000:], file=sys.stderr)


if __name__ == "__main__":
    main()
