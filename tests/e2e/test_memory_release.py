"""A closed session lets go of its upload: upload, close the tab, and the server holds no file.

Streamlit's own gauge of uploaded-file bytes (`/_stcore/metrics`) must fall back to zero:
only a complete shutdown of the session removes its files (a session Streamlit merely
forgets keeps them), which is the janitor's work (cxreport/ui/serve.py). How much resident
memory the allocators then hand back varies run to run: benchmarks/bench_memory_release.py
measures it.
"""

from __future__ import annotations

import sys
import time

import harness as h
import pytest

sys.path.insert(0, str(h.ROOT / "benchmarks"))
from bench_pages import write_orders_csv  # noqa: E402

ROWS = 60_000  # ~3 MiB of CSV: above Streamlit's 1 MB spooling threshold, quick to read
TTL_SECONDS = 2  # server.disconnectedSessionTTL: how long a closed tab's session is kept for a reconnect
SETTLE_SECONDS = 60  # the janitor looks every 5 s after the TTL; generous for a loaded machine


@pytest.mark.e2e
def test_upload_close_and_the_server_holds_no_uploaded_file(browser, tmp_path):
    csv = write_orders_csv(tmp_path / "big_orders.csv", ROWS)
    log = h.ROOT / ".pytest_cache" / "e2e-memory-server.log"
    log.parent.mkdir(exist_ok=True)
    proc, url = h.start_server(log, extra_args=("--server.disconnectedSessionTTL", str(TTL_SECONDS)))
    try:
        for user in (1, 2):  # users who come and go do not add up
            _, held = h.upload_and_leave(browser, url, csv)
            assert held >= csv.stat().st_size, "the upload is not held while the tab is open: the gauge proves nothing"
            deadline = time.monotonic() + SETTLE_SECONDS
            while h.uploaded_bytes(url) > 0 and time.monotonic() < deadline:
                time.sleep(1)
            assert h.uploaded_bytes(url) == 0, f"user {user}'s uploaded file is still held after the tab closed"
    finally:
        h.stop_server(proc)
    assert "Traceback" not in log.read_text()
