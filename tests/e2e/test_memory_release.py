"""A closed session lets go of its upload: upload, close the tab, and the server holds no
file, and users who come and go do not add up.

Streamlit's own gauge of uploaded-file bytes (`/_stcore/metrics`) must fall back to zero:
only a complete shutdown of the session removes its files (a session Streamlit merely
forgets keeps them), which is the janitor's work (cxreport/ui/serve.py). The resident
memory is bounded against accumulation, not against the allocators' habits: how much they
hand back to the OS varies run to run (Polars' jemalloc keeps freed pages for its next
allocation), but a third user must not leave the server bigger by much of what one user
costs, which is what the original defect did (three users left 5.2 GB behind).
`benchmarks/bench_crowd.py --memory-only` prints the figures.
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


def settled_rss(pid: int, seconds: float = 30) -> float:
    """The server's RSS once it stops falling (the janitor's release follows the session's
    shutdown, later on a loaded machine), read every 2 s for at most `seconds`."""
    deadline, last = time.monotonic() + seconds, h.rss_mib(pid)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = h.rss_mib(pid)
        if now > last - 2:
            return now
        last = now
    return last


@pytest.mark.e2e
def test_upload_close_and_the_server_holds_no_uploaded_file(browser, tmp_path):
    csv = write_orders_csv(tmp_path / "big_orders.csv", ROWS)
    log = h.ROOT / ".pytest_cache" / "e2e-memory-server.log"
    log.parent.mkdir(exist_ok=True)
    proc, url = h.start_server(log, extra_args=("--server.disconnectedSessionTTL", str(TTL_SECONDS)))
    try:
        after = {}
        for user in (1, 2, 3):
            loaded, held = h.upload_and_leave(browser, url, csv, pid=proc.pid)
            assert held >= csv.stat().st_size, "the upload is not held while the tab is open: the gauge proves nothing"
            if user == 2:
                cost = loaded - after[1]
            deadline = time.monotonic() + SETTLE_SECONDS
            while h.uploaded_bytes(url) > 0 and time.monotonic() < deadline:
                time.sleep(1)
            assert h.uploaded_bytes(url) == 0, f"user {user}'s uploaded file is still held after the tab closed"
            after[user] = settled_rss(proc.pid)
        bound = after[2] + max(0.5 * cost, 64)
        assert after[3] <= bound, (f"RSS after each user left: {after}; one user cost {cost:.0f} MiB; "
                                   f"the third user's left more than half of that behind (bound {bound:.0f})")
    finally:
        h.stop_server(proc)
    assert "Traceback" not in log.read_text()
