"""A closed session gives its memory back: upload, close the tab, and the server lets go.

Checked two ways on the real server: Streamlit's own gauge of uploaded-file bytes
(`/_stcore/metrics`) falls back to zero (only a complete shutdown of the session removes
its files: a session Streamlit merely forgets keeps them), and the server's resident
memory (VmRSS) returns to within a bound of what it was before the upload.
"""

from __future__ import annotations

import importlib.util
import re
import time
import urllib.request
from pathlib import Path

import pytest


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HERE = Path(__file__).resolve().parent
h = _module(HERE / "conftest.py", "e2e_harness")  # `import conftest` may find another folder's
ROWS = 300_000  # ~15 MiB of CSV: well above Streamlit's 1 MB spooling threshold, quick to read
TTL_SECONDS = 2  # server.disconnectedSessionTTL: how long a closed tab's session is kept for a reconnect
SETTLE_SECONDS = 60  # the janitor looks every 5 s after the TTL; generous for a loaded machine


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


def metric(url: str, family: str, labels: str) -> float:
    """One sample of Streamlit's OpenMetrics endpoint, 0 when the family has no such sample."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
        text = r.read().decode()
    found = re.search(rf"^{re.escape(family)}\{{{re.escape(labels)}\}} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


UPLOADED = ("cache_memory_bytes", 'cache_type="UploadedFileManager",cache=""')


def upload_and_close(browser, url: str, csv: Path, pid: int) -> tuple[float, float]:
    """One user: open the Data page, upload `csv`, open the Overview, close the tab.
    Returns the server's RSS and the uploaded-file bytes it held while the tab was open."""
    context = browser.new_context(viewport=h.VIEWPORT)
    try:
        pg = context.new_page()
        pg.set_default_timeout(240_000)
        pg.goto(url + "/data")
        h.wait_for_app(pg, timeout_ms=240_000)
        pg.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(csv)
        pg.wait_for_selector(f'[data-testid="stExpander"] summary:has-text("{csv.name}")', timeout=240_000)
        h.wait_for_app(pg, timeout_ms=240_000)
        pg.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview", exact=True).click()
        h.wait_for_app(pg, timeout_ms=240_000)
        assert pg.locator(h.ERRORS).all_inner_texts() == []
        return rss_mib(pid), metric(url, *UPLOADED)
    finally:
        context.close()


def settle(url: str, pid: int, bound: float) -> float:
    """Wait (bounded) until the server holds no uploaded file and its RSS is within `bound`; the RSS then."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        time.sleep(2)
        if metric(url, *UPLOADED) == 0 and rss_mib(pid) <= bound:
            break
    return rss_mib(pid)


@pytest.mark.e2e
# Known and open (issue 18): the uploaded file is always released, but how much RSS the
# allocators hand back varies run to run (Polars' jemalloc keeps freed pages until it
# allocates again); a fresh-clone CI run missed the bound. Run, reported, not yet gating.
@pytest.mark.xfail(strict=False, reason="RSS returned after a session closes varies run to run (issue 18)")
def test_upload_close_and_the_server_gives_the_memory_back(browser, tmp_path):
    bench_pages = _module(HERE.parents[1] / "benchmarks" / "bench_pages.py", "bench_pages")
    csv = bench_pages.write_orders_csv(tmp_path / "big_orders.csv", ROWS)
    log = h.ROOT / ".pytest_cache" / "e2e-memory-server.log"
    log.parent.mkdir(exist_ok=True)
    proc, url = h.start_server(log, extra_args=("--server.disconnectedSessionTTL", str(TTL_SECONDS)))
    try:
        # A first user uploads and leaves: the libraries' one-off first-use memory (thread
        # pools, the CLV fit's and DuckDB's first allocations) is then part of the baseline.
        first, held = upload_and_close(browser, url, csv, proc.pid)
        assert held >= csv.stat().st_size  # the upload is held in memory while the tab is open
        baseline = settle(url, proc.pid, bound=0)
        assert metric(url, *UPLOADED) == 0, "the first user's uploaded file is still held after closing"

        # A second user does the same: whatever that cost is given back, so users who come
        # and go do not add up (before the janitor, three uploads of a large export left the
        # server at 5.2 GB). The first user's release is not bounded as tightly: part of what
        # it leaves is the libraries' one-off memory from their first use.
        loaded, held = upload_and_close(browser, url, csv, proc.pid)
        assert held >= csv.stat().st_size
        # Polars' allocator keeps some freed pages until it allocates again (its background
        # release is off, see cxreport/ui/serve.py): up to 60% of the second user's cost, or 40 MiB.
        bound = baseline + max(0.6 * (loaded - baseline), 40)
        after = settle(url, proc.pid, bound)
        assert metric(url, *UPLOADED) == 0, "the closed session's uploaded file is still held"
        assert after <= bound, (f"RSS {baseline:.0f} MiB after a first user left, {loaded:.0f} with a second "
                                f"user's upload open, {after:.0f} after that user left (bound {bound:.0f})")
    finally:
        h.stop_server(proc)
