"""The browser tests' harness: the real server (`python -m cxreport.ui.serve` on a free port),
Debian's chromium via Playwright, and how to tell that a page has finished drawing.

Shared by the fixtures in conftest.py, the tests that start servers of their own and the
benchmarks (`sys.path` gets tests/e2e, then `import harness`).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # gitignored; for humans
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium tries to reach Google's services on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# Streamlit marks the app root with the script's state. "notRunning" alone is not enough:
# right after a page load the state is "initial", after a click it stays "notRunning" for
# a few milliseconds until the server answers, a script calling st.rerun() passes through
# "notRunning" between its two runs, and under load the browser can still be adding the
# elements of a finished run (a CI run once read 3 of a page's 14 metric cards). So: idle
# (connected, script not running, no running indicator) and no change to the page's DOM,
# both continuously for `quiet` ms. `window.__cxIdleSince` is reset by the caller before
# each wait so that idleness from before an action does not count.
_IDLE_FOR = """(quiet) => {
  if (!window.__cxObserver) {
    window.__cxLastChange = performance.now();
    window.__cxObserver = new MutationObserver(() => { window.__cxLastChange = performance.now(); });
    window.__cxObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  const app = document.querySelector('[data-testid="stApp"]');
  const idle = !!app && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !!document.querySelector('[data-testid="stMain"]');
  const now = performance.now();
  if (!idle) { window.__cxIdleSince = undefined; return false; }
  if (window.__cxIdleSince === undefined) window.__cxIdleSince = now;
  return now - window.__cxIdleSince >= quiet && now - window.__cxLastChange >= quiet;
}"""

# vega-embed draws after the script has finished: a chart counts as drawn when its SVG
# marks (or canvas) exist and have an area.
# Drawn and unchanged for `quiet` ms, sizes read in the same evaluation: a chart can be
# redrawn (a rerun, a width change) between two separate reads.
_CHARTS_SETTLED = """(quiet) => {
  const sizes = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c => {
    const g = c.querySelector('svg.marks, canvas');
    const r = g ? g.getBoundingClientRect() : {width: 0, height: 0};
    return {drawn: !!g, width: r.width, height: r.height};
  });
  const now = performance.now(), seen = JSON.stringify(sizes);
  if (!sizes.every(c => c.drawn && c.width > 0 && c.height > 0) || seen !== window.__cxCharts) {
    window.__cxCharts = seen; window.__cxChartsSince = now; return false;
  }
  return now - window.__cxChartsSince >= quiet ? sizes : false;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(log_path: Path | None = None, *, extra_args: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """Start `python -m cxreport.ui.serve` on a free port; return the process and its URL once healthy."""
    port = _free_port()
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 — lives as long as the server
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxreport.ui.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *extra_args],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit server exited before it was healthy (log: {log_path})")
    stop_server(proc)
    raise RuntimeError("streamlit server did not become healthy in 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for_app(pg, *, quiet_ms: int = 500, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has finished running the script: connected, script not running
    and no running indicator, continuously for `quiet_ms` (see `_IDLE_FOR` for why)."""
    pg.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    pg.evaluate("() => { window.__cxIdleSince = undefined; }")
    pg.wait_for_function(_IDLE_FOR, arg=quiet_ms, polling=100, timeout=timeout_ms)


def wait_for_charts(pg, *, quiet_ms: int = 300, timeout_ms: int = 30_000) -> list[dict]:
    """Wait until every chart on the page is drawn and unchanged for `quiet_ms`; return each chart's drawn size."""
    pg.evaluate("() => { window.__cxCharts = undefined; }")
    return pg.wait_for_function(_CHARTS_SETTLED, arg=quiet_ms, polling=100, timeout=timeout_ms).json_value()


class App:
    """The app as a user sees it in one browser tab."""

    def __init__(self, pg, base_url: str):
        self.page = pg
        self.base_url = base_url

    def open(self, path_and_query: str = "/") -> None:
        """Load a URL (a new Streamlit session) and wait for its script to finish."""
        self.page.goto(self.base_url + path_and_query)
        wait_for_app(self.page)

    def wait(self) -> None:
        wait_for_app(self.page)

    def go_to(self, nav_label: str) -> None:
        """Move to another page through the sidebar (same session, like a user)."""
        self.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=nav_label, exact=True).click()
        wait_for_app(self.page)

    @property
    def query(self) -> str:
        return self.page.url.split("?", 1)[1] if "?" in self.page.url else ""

    def errors(self) -> list[str]:
        """Texts of exception and error elements, and of Streamlit's "Page not found" dialog."""
        texts = self.page.locator(ERRORS).all_inner_texts()
        dialog = self.page.locator('[data-testid="stDialog"]')
        texts += [t for t in dialog.all_inner_texts() if "not found" in t.lower()]
        return texts

    def metrics(self) -> dict[str, str]:
        """Every st.metric on the page as label -> displayed value (labels are unique on a page)."""
        cards = self.page.locator('[data-testid="stMetric"]').all()
        return {c.locator('[data-testid="stMetricLabel"]').inner_text().strip():
                c.locator('[data-testid="stMetricValue"]').inner_text().strip() for c in cards}

    def sidebar_multiselect(self, label: str):
        return self.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has=self.page.get_by_role("combobox", name=label, exact=True))

    def selected(self, label: str) -> list[str]:
        """Values shown as chips in the sidebar multiselect `label`."""
        return [t.get_attribute("aria-label") for t in self.sidebar_multiselect(label).locator("span[data-tag]").all()]

    def pick(self, label: str, option: str) -> None:
        """Add `option` in the sidebar multiselect `label`, close the list, wait for the rerun."""
        self.sidebar_multiselect(label).get_by_role("combobox").click()
        self.page.get_by_role("option", name=option, exact=True).click()
        self.page.keyboard.press("Escape")
        wait_for_app(self.page)

    def charts(self) -> list[dict]:
        return wait_for_charts(self.page)

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def chart_titled(pg, title: str):
    """The chart whose drawn title is `title`. A long title is drawn over several lines (one
    text element each, `cxreport.charts.wrap_title`), so its first line is what is matched."""
    from cxreport.charts import wrap_title

    lines = wrap_title(title)
    first = lines if isinstance(lines, str) else lines[0]
    return pg.locator('[data-testid="stVegaLiteChart"]').filter(has=pg.locator(".role-title-text", has_text=first))


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def uploaded_bytes(url: str) -> float:
    """Bytes of uploaded files the server holds, from Streamlit's OpenMetrics endpoint (0 when none)."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
        text = r.read().decode()
    found = re.search(r'^cache_memory_bytes\{cache_type="UploadedFileManager",cache=""\} ([0-9.e+]+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def upload_and_leave(browser, url: str, csv: Path, *, pid: int | None = None,
                     timeout_ms: int = 240_000) -> tuple[float | None, float]:
    """One user: open the Data page, upload `csv`, open the Overview, close the tab.
    Returns what the server held while the tab was still open: its RSS in MiB (when `pid`
    is given) and the uploaded-file bytes."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        pg = context.new_page()
        pg.set_default_timeout(timeout_ms)
        pg.goto(url + "/data")
        wait_for_app(pg, timeout_ms=timeout_ms)
        pg.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(csv)
        pg.wait_for_selector(f'[data-testid="stExpander"] summary:has-text("{csv.name}")', timeout=timeout_ms)
        wait_for_app(pg, timeout_ms=timeout_ms)
        pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview", exact=True).click()
        wait_for_app(pg, timeout_ms=timeout_ms)
        errors = pg.locator(ERRORS).all_inner_texts()
        assert errors == [], errors
        return (rss_mib(pid) if pid else None), uploaded_bytes(url)
    finally:
        context.close()
