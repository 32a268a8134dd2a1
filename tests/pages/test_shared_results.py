"""Results of the untouched sample are computed once for every session; private data stay private."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import pytest

from cxreport.i18n import t
from cxreport.ui.session import SAMPLE_IDENTITY, SharedResults, shared_results

from apptest_helpers import DATA, metrics, no_errors, open_app, upload


def test_ten_sessions_asking_at_once_cost_one_computation():
    results = SharedResults()
    calls = []
    start = threading.Barrier(10)
    answers: list = [None] * 10

    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough for the nine others to arrive while it runs
        return object()

    def viewer(i: int) -> None:
        start.wait(timeout=10)
        answers[i] = results.get(("sample", 0, "headlines"), compute)

    threads = [threading.Thread(target=viewer, args=(i,)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    assert len(calls) == 1
    assert results.computed == 1
    assert all(a is answers[0] for a in answers) and answers[0] is not None


def test_keys_are_computed_apart_and_the_oldest_is_dropped_beyond_the_bound():
    results = SharedResults(max_entries=2)
    assert results.get("a", lambda: 1) == 1
    assert results.get("b", lambda: 2) == 2
    assert results.get("a", lambda: 99) == 1  # cached; "a" is now the most recent
    assert results.get("c", lambda: 3) == 3  # drops "b", the least recent
    assert len(results) == 2
    assert results.get("b", lambda: 20) == 20  # computed again
    assert results.computed == 4


def test_a_failed_computation_is_not_kept():
    results = SharedResults()

    def fail():
        raise ValueError("too few repeat buyers")

    with pytest.raises(ValueError):
        results.get("k", fail)
    assert results.get("k", lambda: 5) == 5
    assert results.computed == 1


def test_a_second_viewer_of_the_sample_overview_computes_nothing():
    first = open_app("overview")
    no_errors(first)
    assert first.session_state["_shared_identity"][0] == SAMPLE_IDENTITY
    assert "_memo" not in first.session_state  # nothing private was computed
    computed = shared_results().computed
    second = open_app("overview")
    no_errors(second)
    assert shared_results().computed == computed
    assert metrics(second) == metrics(first)
    assert len(metrics(first)) >= 4


def test_a_changed_sample_is_private_again():
    at = open_app("overview")
    assert t("headline.first_response", "en") in metrics(at)
    ws = at.session_state["workspace"]
    ws.remove("tickets.csv")  # what a remap in the mapping editor does too: a new version
    at.run()
    no_errors(at)
    assert at.session_state["workspace"].is_sample  # still the sample, but not the shared one
    assert at.session_state["_memo"], "results of a changed workspace are kept in the session"
    assert t("headline.first_response", "en") not in metrics(at)  # and they are this session's own


def test_an_upload_is_private_and_leaves_no_folder_in_the_temporary_directory():
    before = set(Path(tempfile.gettempdir()).glob("cxreport-*"))
    at = open_app("data")
    at = upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    no_errors(at)
    assert not at.session_state["workspace"].is_sample
    at.switch_page("pages/overview.py").run()
    no_errors(at)
    assert at.session_state["_memo"]
    assert set(Path(tempfile.gettempdir()).glob("cxreport-*")) == before
