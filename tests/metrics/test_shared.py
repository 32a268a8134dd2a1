"""Results shared within one report (`cxreport.metrics._shared`): the same answers, computed once."""

from __future__ import annotations

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from cxreport.metrics import _churn_counts
from cxreport.metrics._shared import one_report, shared
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
    sorts = []
    monkeypatch.setattr(_churn_counts, "customer_days",
                        lambda *a, _real=_churn_counts.customer_days, **k: sorts.append(1) or _real(*a, **k))
    monkeypatch.setattr("cxreport.metrics.churn.customer_days", _churn_counts.customer_days)
    with one_report():
        window = default_churn_window_days(table)
        first = churn_by_period(table, window_days=window.days)
        assert churn_by_period(table, window_days=window.days) is first
        by_segment = churn_by_period(table, window_days=window.days, by="segment")
        retention = cohort_retention(table)
        assert cohort_retention(table) is retention
        assert default_churn_window_days(table) is window
    # The window and the counts shared one customer-day table; the grouped counts made their own.
    assert len(sorts) == 2
    assert window == alone_window
    assert_frame_equal(first, alone)
    assert_frame_equal(by_segment, alone_by)
    assert_frame_equal(retention, alone_retention)


def test_other_tables_arguments_and_calls_outside_a_report_are_not_shared():
    table = orders()
    with one_report():
        first = churn_by_period(table, window_days=60)
        assert churn_by_period(table.clone(), window_days=60) is not first  # equal rows, another table
        assert churn_by_period(table, window_days=90) is not first
        assert churn_by_period(table, window_days=60, period="week") is not first
        with one_report():  # a nested scope keeps the outer one's results
            assert churn_by_period(table, window_days=60) is first
    assert churn_by_period(table, window_days=60) is not first
    assert_frame_equal(churn_by_period(table, window_days=60), first)


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
