"""Survival: Kaplan–Meier against lifelines, hand-computed lifetimes, invariants."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter

from cxreport.errors import MappingProblem
from cxreport.metrics.survival import (
    customer_lifetimes,
    kaplan_meier,
    median_lifetime,
    subscription_lifetimes,
    survival_by,
)

D = dt.datetime


def test_kaplan_meier_by_hand():
    # durations 1, 2+, 3, 3, 5+ (+ = censored)
    # t=0: n 5, S 1
    # t=1: n 5, d 1 -> S = 4/5 = 0.8;            V = 1/(5·4) = 0.05
    # t=2: n 4, d 0, c 1 -> S 0.8
    # t=3: n 3, d 2 -> S = 0.8 · 1/3 = 0.26667; V = 0.05 + 2/(3·1) = 0.71667
    # t=5: n 1, d 0, c 1 -> S unchanged
    km = kaplan_meier(pl.DataFrame({"t": [1, 2, 3, 3, 5], "e": [1, 0, 1, 1, 0]}), "t", "e")
    assert km.select("group", "time", "at_risk", "events", "censored").rows() == [
        ("all", 0.0, 5, 0, 0),
        ("all", 1.0, 5, 1, 0),
        ("all", 2.0, 4, 0, 1),
        ("all", 3.0, 3, 2, 0),
        ("all", 5.0, 1, 0, 1),
    ]
    assert km.get_column("survival").to_list() == pytest.approx([1.0, 0.8, 0.8, 0.8 / 3, 0.8 / 3])
    # band at t=1: log S = log 0.8; ci = exp(−exp(log(−log 0.8) ∓ 1.959964·√0.05 / log 0.8))
    z, v = 1.959963984540054, np.log(0.8)
    low = np.exp(-np.exp(np.log(-v) - z * np.sqrt(0.05) / v))
    high = np.exp(-np.exp(np.log(-v) + z * np.sqrt(0.05) / v))
    assert km.item(1, "ci_low") == pytest.approx(low) and km.item(1, "ci_high") == pytest.approx(high)
    assert low < 0.8 < high
    assert km.item(0, "ci_low") == 1.0 and km.item(0, "ci_high") == 1.0
    # median: first time S <= 0.5 is t=3
    assert median_lifetime(km).rows() == [("all", 5, 3.0)]


def lifelines_reference(durations, events, alpha):
    kmf = KaplanMeierFitter(alpha=alpha).fit(durations, events)
    ci = kmf.confidence_interval_.to_numpy()
    median = kmf.median_survival_time_
    return kmf.survival_function_.index.to_numpy(), kmf.survival_function_.iloc[:, 0].to_numpy(), ci, median


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.booleans()), min_size=1, max_size=80),
    st.sampled_from([0.05, 0.1, 0.2]),
)
def test_equals_lifelines(rows, alpha):
    durations = np.array([r[0] for r in rows], dtype=float)
    events = np.array([r[1] for r in rows])
    km = kaplan_meier(pl.DataFrame({"d": durations, "e": events}), "d", "e", alpha=alpha)
    times, survival, ci, median = lifelines_reference(durations, events, alpha)
    np.testing.assert_array_equal(km.get_column("time").to_numpy(), times)
    np.testing.assert_allclose(km.get_column("survival").to_numpy(), survival, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(km.get_column("ci_low").to_numpy(), ci[:, 0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(km.get_column("ci_high").to_numpy(), ci[:, 1], rtol=1e-12, atol=1e-15)
    ours = median_lifetime(km).item(0, "median_time")
    assert (ours is None and np.isinf(median)) or ours == median
    # invariants
    s = km.get_column("survival").to_numpy()
    assert ((0 <= s) & (s <= 1)).all() and (np.diff(s) <= 0).all()
    assert (km.get_column("ci_low") <= km.get_column("survival") + 1e-12).all()
    assert (km.get_column("ci_high") >= km.get_column("survival") - 1e-12).all()


def test_groups_are_fitted_separately():
    rng = np.random.default_rng(7)
    durations = rng.integers(0, 50, 300).astype(float)
    events = rng.random(300) < 0.7
    groups = rng.choice(["north", "south"], 300)
    km = kaplan_meier(pl.DataFrame({"d": durations, "e": events, "g": groups}), "d", "e", by="g")
    medians = median_lifetime(km)
    for name in ("north", "south"):
        mask = groups == name
        _, survival, ci, median = lifelines_reference(durations[mask], events[mask], 0.05)
        mine = km.filter(pl.col("group") == name)
        np.testing.assert_allclose(mine.get_column("survival").to_numpy(), survival, rtol=1e-12)
        np.testing.assert_allclose(mine.select("ci_low", "ci_high").to_numpy(), ci, rtol=1e-12)
        assert medians.filter(pl.col("group") == name).item(0, "median_time") == median


def test_negative_durations_are_refused():
    with pytest.raises(MappingProblem):
        kaplan_meier(pl.DataFrame({"duration_days": [1, -2], "churned": [True, False]}))


def orders() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "c", "d", "d"],
            "order_date": [D(2024, 1, 1), D(2024, 1, 20), D(2024, 3, 15), D(2024, 1, 10), D(2024, 2, 5), D(2024, 2, 20), D(2024, 5, 1), D(2024, 6, 30)],
            "amount": [10.0, 20.0, 30.0, 5.0, 7.0, 3.0, 1.0, -1.0],
            "segment": ["x", "x", "y", "y", "y", "x", "y", "y"],
        }
    )


def test_customer_lifetimes_by_hand():
    lt = customer_lifetimes(orders(), window_days=60)
    # as_of = last day of data, Jun 30 (d's refund).  Purchases only (refund is not a purchase).
    # a: Jan 1 .. Mar 15, silent 107 days > 60 -> churned, lifetime Mar 15 − Jan 1 = 74
    # b: Jan 10 .. Feb 5, 146 days -> churned, 26.   c: Feb 20 once, 131 days -> churned, 0
    # d: May 1, silent 60 days (not more than 60) -> active, censored at Jun 30 − May 1 = 60
    assert lt.select("customer_id", "duration_days", "churned").rows() == [
        ("a", 74, True),
        ("b", 26, True),
        ("c", 0, True),
        ("d", 60, False),
    ]
    by_cohort = customer_lifetimes(orders(), window_days=60, by="cohort", period="quarter")
    assert by_cohort.get_column("cohort").to_list() == ["2024-01-01"] * 3 + ["2024-04-01"]
    early = customer_lifetimes(orders(), window_days=60, as_of="2024-02-10", by="segment")
    # as of Feb 10: a Jan 1 .. Jan 20, 21 days -> active, 40; b Jan 10 .. Feb 5 -> active, 31; c, d not yet customers
    assert early.select("customer_id", "segment", "duration_days", "churned").rows() == [
        ("a", "x", 40, False),
        ("b", "y", 31, False),
    ]


def test_survival_by_cohort_is_kaplan_meier_of_lifetimes():
    km = survival_by(orders(), window_days=60, by="cohort", period="quarter")
    # Q1 cohort lifetimes 74, 26, 0 all churned: S drops to 2/3 at 0, 1/3 at 26, 0 at 74
    q1 = km.filter(pl.col("group") == "2024-01-01")
    assert q1.select("time", "survival").rows() == [(0.0, pytest.approx(2 / 3)), (26.0, pytest.approx(1 / 3)), (74.0, 0.0)]
    q2 = km.filter(pl.col("group") == "2024-04-01")
    # Q2 cohort: d, censored at 60 -> a curve that never drops
    assert q2.get_column("survival").to_list() == [1.0, 1.0]
    medians = median_lifetime(km)
    assert medians.rows() == [("2024-01-01", 3, 26.0), ("2024-04-01", 1, None)]


def test_subscription_lifetimes_by_hand():
    subs = pl.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "e"],
            "plan": ["basic", "pro", "basic", "basic", "basic", "pro"],
            "mrr": [10.0, 30.0, 20.0, 15.0, 15.0, 5.0],
            "start_date": [D(2024, 1, 5), D(2024, 2, 10), D(2024, 1, 20), D(2024, 1, 1), D(2024, 4, 2), D(2024, 5, 1)],
            "cancel_date": [D(2024, 2, 10), None, D(2024, 3, 15), D(2024, 2, 20), D(2024, 4, 20), None],
        }
    )
    lt = subscription_lifetimes(subs, as_of="2024-04-30", by="plan")
    # a: plan change, still running -> censored, Apr 30 − Jan 5 = 116
    # b: Jan 20 .. Mar 15 -> churned, 55
    # c: Jan 1 .. Feb 20, back Apr 2 .. Apr 20 -> churned at the last cancel, Apr 20 − Jan 1 = 110
    # e: starts after as_of -> left out
    assert lt.select("customer_id", "plan", "duration_days", "churned").rows() == [
        ("a", "basic", 116, False),
        ("b", "basic", 55, True),
        ("c", "basic", 110, True),
    ]
    # as of Apr 10, c's Apr 20 cancellation has not happened: c is running, censored at 100
    assert subscription_lifetimes(subs, as_of="2024-04-10").filter(pl.col("customer_id") == "c").select(
        "duration_days", "churned", "last_cancel"
    ).rows() == [(100, False, None)]
