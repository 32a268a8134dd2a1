"""Results shared within one report (`cxreport.metrics._shared`): the same answers, computed once."""

from __future__ import annotations

import datetime as dt
import gc

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from cxreport.metrics import _churn_counts, churn, retention
from cxreport.fields import OrderColumns
from cxreport.metrics._order_days import group_codes, order_days
from cxreport.metrics._shared import one_report, shared, tables_kept
from cxreport.metrics.churn import churn_by_period, default_churn_window_days
from cxreport.metrics.retention import cohort_retention


def orders(seed: int = 3, n: int = 3_000) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    day = np.datetime64("2023-01-01") + rng.integers(0, 600, n).astype("timedelta64[D]")
    return pl.DataFrame({
        "customer_id": [f"c{i}" for i in rng.integers(0, 300, n)],
        "order_id": [f"o{i}" for i in range(n)],
        "order_date": day.astype("datetime64[us]"),
        "amount": np.where(rng.random(n) < 0.03, -5.0, rng.gamma(2.0, 20.0, n).round(2)),
        "segment": rng.choice(["a", "b"], n),
    })


def test_inside_a_report_the_same_question_is_answered_once(monkeypatch):
    table = orders()
    alone_window = default_churn_window_days(table)
    alone = churn_by_period(table, window_days=alone_window.days)
    alone_by = churn_by_period(table, window_days=alone_window.days, by="segment")
    alone_retention = cohort_retention(table)
    table = table.clone()  # a frame nothing was prepared for yet
    sorts = []
    monkeypatch.setattr(_churn_counts, "sorted_rows",
                        lambda *a, _real=_churn_counts.sorted_rows, **k: sorts.append(1) or _real(*a, **k))
    monkeypatch.setattr("cxreport.metrics._order_days.sorted_rows", _churn_counts.sorted_rows)
    computed = counted(monkeypatch)
    with one_report():
        window = default_churn_window_days(table)
        first = churn_by_period(table, window_days=window.days)
        assert_frame_equal(churn_by_period(table, window_days=window.days), first)
        by_segment = churn_by_period(table, window_days=window.days, by="segment")
        retention = cohort_retention(table)
        assert_frame_equal(cohort_retention(table), retention)
        assert default_churn_window_days(table) == window
    assert computed == ["window", "churn", "churn", "retention"]
    # The window, the counts (grouped too) and the retention shared one customer-day table.
    assert len(sorts) == 1
    assert window == alone_window
    assert_frame_equal(first, alone)
    assert_frame_equal(by_segment, alone_by)
    assert_frame_equal(retention, alone_retention)


def test_a_frame_keeps_its_order_days_while_it_lives_and_frees_them_with_it():
    table = orders(seed=5)
    gc.collect()  # frames of earlier tests freed now, not while this one counts
    before = tables_kept()
    prepared = order_days(table)
    assert order_days(table) is prepared  # outside any report: kept beside the frame
    assert tables_kept() == before + 1
    other = table.clone()
    assert order_days(other) is not prepared  # equal rows, another frame: prepared anew
    lazy = table.lazy()
    assert order_days(lazy) is not order_days(lazy)  # a query may read a changed source: not kept
    del table, other, prepared
    gc.collect()
    assert tables_kept() == before


def test_order_days_follow_today(monkeypatch):
    """Rows dated after today are not valid: a table prepared yesterday is prepared again today."""
    table = orders(seed=6)
    prepared = order_days(table)

    tomorrow = dt.date.today() + dt.timedelta(days=1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return tomorrow

    monkeypatch.setattr("cxreport.metrics._order_days.dt.date", Tomorrow)
    assert order_days(table) is not prepared


def counted(monkeypatch) -> list[str]:
    """The computations of the churn window, churn by period and retention, in order."""
    calls: list[str] = []
    for module, name, label in ((churn, "_default_window", "window"), (churn, "_churn_by_period", "churn"),
                                (retention, "_cohort_retention", "retention")):
        monkeypatch.setattr(module, name, lambda *a, _real=getattr(module, name), _label=label, **k:
                            calls.append(_label) or _real(*a, **k))
    return calls


def test_other_tables_and_arguments_are_not_shared_and_a_frame_keeps_its_answers(monkeypatch):
    table = orders()
    computed = counted(monkeypatch)
    with one_report():
        first = churn_by_period(table, window_days=60)
        churn_by_period(table.clone(), window_days=60)  # equal rows, another table
        churn_by_period(table, window_days=90)
        churn_by_period(table, window_days=60, period="week")
        with one_report():  # a nested scope keeps the outer one's results
            churn_by_period(table, window_days=60)
    assert computed == ["churn"] * 4
    # A DataFrame keeps its answers beside it after the report, as its prepared order days.
    assert_frame_equal(churn_by_period(table, window_days=60), first)
    assert computed == ["churn"] * 4
    lazy = table.lazy()  # a query may read a changed source: shared within a report only
    churn_by_period(lazy, window_days=60)
    churn_by_period(lazy, window_days=60)
    assert computed == ["churn"] * 6


def test_an_answer_edited_in_place_does_not_change_the_next_one():
    table = orders(seed=12)
    first = cohort_retention(table)
    first[0, "customers"] = 10**9
    assert cohort_retention(table)[0, "customers"] != 10**9


def test_a_failure_is_not_kept():
    calls = []

    def fails():
        calls.append(1)
        raise ValueError("no")

    with one_report():
        for _ in range(2):
            try:
                shared("x", calls, (), fails)
            except ValueError:
                pass
    assert len(calls) == 2


def test_a_frame_edited_in_place_is_prepared_again():
    """An in-place edit of a DataFrame (a notebook's `df[i, col] = …`, `extend`) is seen: the
    kept order days are not used for the edited rows."""
    table = orders(seed=8)
    before = cohort_retention(table)
    prepared = order_days(table)
    assert order_days(table) is prepared
    table[0, "amount"] = 10_000.0
    edited = order_days(table)
    assert edited is not prepared
    assert_frame_equal(cohort_retention(table), cohort_retention(table.clone()))
    table.extend(orders(seed=9).head(50))
    assert order_days(table) is not edited
    assert_frame_equal(cohort_retention(table), cohort_retention(table.clone()))
    assert cohort_retention(table).get_column("revenue").sum() != before.get_column("revenue").sum()


def test_a_column_the_metrics_do_not_read_does_not_stop_the_reuse():
    """The app's tables carry `source_file`, one value for the whole file (written anew each
    time it is read): the order days are still made once."""
    table = orders(seed=10).with_columns(source_file=pl.lit("orders.csv"))
    assert order_days(table) is order_days(table)


def test_results_reading_other_columns_are_kept_side_by_side():
    """A page that groups by a column (retention by channel) and then asks the plain order
    days again must not prepare them again; an edit of the group column redoes only the
    groups."""
    table = orders(seed=11)
    prepared = order_days(table)
    codes = group_codes(table, OrderColumns(), "segment")
    assert order_days(table) is prepared
    assert group_codes(table, OrderColumns(), "segment") is codes
    table[0, "segment"] = "b" if table[0, "segment"] == "a" else "a"
    assert order_days(table) is prepared
    assert group_codes(table, OrderColumns(), "segment") is not codes


def test_threads_asking_at_once_compute_once_and_get_the_same_answer(monkeypatch):
    """The Overview computes its story and its cards side by side, and the upload prepares
    the order days in the background: both ask for the same order days at once."""
    import threading
    import time

    from cxreport.metrics import _order_days

    calls = []

    def slow(*args, _real=_order_days._order_days, **kwargs):
        calls.append(1)
        time.sleep(0.2)  # long enough for every thread to be asking meanwhile
        return _real(*args, **kwargs)

    monkeypatch.setattr(_order_days, "_order_days", slow)
    table = orders(seed=13)
    got = []
    threads = [threading.Thread(target=lambda: got.append(order_days(table))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(got) == 4 and all(g is got[0] for g in got)


def test_results_made_before_an_edit_are_let_go():
    """A result made before an in-place edit of the columns it read can never be used again:
    it is let go when the next result is kept, not held beside the frame while it lives."""
    from cxreport.metrics import _shared

    table = orders(seed=12)
    default_churn_window_days(table)
    kept = lambda: set(name for name, *_ in _shared._PER_FRAME[id(table)][1])  # noqa: E731
    assert {"order_days", "churn_window"} <= kept()
    table[0, "amount"] = 10_000.0
    order_days(table)  # made again for the edited rows; the old window read the old amounts
    assert "churn_window" not in kept()
    assert_frame_equal(cohort_retention(table), cohort_retention(table.clone()))


def test_results_asked_for_as_of_an_earlier_today_are_let_go(monkeypatch):
    """What is valid depends on today, so today is part of every key: on a later day those
    results can never be asked for again, and a notebook's frame must not collect one set a day."""
    from cxreport.metrics import _shared

    table = orders(seed=13)
    default_churn_window_days(table)
    made_today = {key for key in _shared._PER_FRAME[id(table)][1] if key[2] == dt.date.today()}
    assert {name for name, *_ in made_today} >= {"order_days", "churn_window"}

    tomorrow = dt.date.today() + dt.timedelta(days=1)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return tomorrow

    for module in ("_shared", "_order_days", "churn"):
        monkeypatch.setattr(f"cxreport.metrics.{module}.dt.date", Tomorrow)
    default_churn_window_days(table)
    kept = set(_shared._PER_FRAME[id(table)][1])
    assert not kept & made_today
    assert {name for name, _, day in kept if day == tomorrow} >= {"order_days", "churn_window"}


def test_the_layout_of_some_columns_is_read_from_the_whole_frames():
    """per_table reads a frame's layout once and picks each kept result's columns from it:
    what it picks must be what reading those columns alone gives, for every column type."""
    from cxreport.metrics._shared import _ColumnLayouts, _picked, layout

    frame = pl.DataFrame({"customer_id": ["a", "b", None, "a very long id that is not inlined"],
                          "order_date": [dt.datetime(2024, 1, 1)] * 4, "amount": [1.0, None, 3.0, 4.0],
                          "flag": [True, False, None, True], "n": [1, 2, 3, 4]})
    whole = _ColumnLayouts(frame)
    for names in (["customer_id"], ["customer_id", "amount"], ["order_date", "flag", "n"], frame.columns):
        assert _picked(whole, names) == layout(frame.select(names))
    frame[0, "amount"] = 9.0  # an in-place edit shows in the column it touched
    assert _picked(_ColumnLayouts(frame), ["amount"]) != _picked(whole, ["amount"])
    assert _picked(_ColumnLayouts(frame), ["customer_id"]) == _picked(whole, ["customer_id"])
