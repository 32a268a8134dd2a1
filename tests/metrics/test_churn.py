"""Transactional churn: window, churn per period, customers at risk — by hand and by definition."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import MappingProblem
from cxreport.metrics._frames import calendar_periods
from cxreport.metrics.churn import churn_by_period, customers_at_risk, default_churn_window_days

D = dt.datetime


def tiny_orders() -> pl.DataFrame:
    # purchase days: a Jan 1, Jan 20, Mar 15; b Jan 10, Feb 5; c Feb 20; d Jun 30 (data end)
    # plus a refund of b on Feb 6 (not a purchase, −2 of revenue) and a test order (dropped)
    return pl.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "b", "c", "d", "t"],
            "order_id": ["1", "2", "3", "4", "5", "5r", "6", "7", "8"],
            "order_date": [
                D(2024, 1, 1),
                D(2024, 1, 20),
                D(2024, 3, 15),
                D(2024, 1, 10),
                D(2024, 2, 5),
                D(2024, 2, 6),
                D(2024, 2, 20),
                D(2024, 6, 30),
                D(2024, 2, 1),
            ],
            "amount": [10.0, 20.0, 30.0, 5.0, 7.0, -2.0, 3.0, 1.0, 100.0],
            "segment": ["x", "x", "y", "y", "y", "y", "x", "y", "x"],
            "is_test": [False] * 8 + [True],
        }
    )


def test_churn_by_period_by_hand():
    r = churn_by_period(tiny_orders(), window_days=30)
    # Data: Jan 1 .. Jun 30. Reported: periods starting >= Jan 1 + 30 = Jan 31 and complete by Jun 30: Feb..Jun.
    # Feb (window Jan 2..Jan 31): active a (last Jan 20), b (Jan 10).
    #   a: next purchase Mar 15, 55 > 30 days later -> lapses; churn day Feb 19 < Mar 1 -> churned in Feb.
    #   b: next Feb 5, 26 days -> stays.  churned 1 / 2.  revenue in window: a 20, b 5 -> 25; churned 20.
    # Mar (window Jan 31..Feb 29): b (Feb 5; refund Feb 6 −2 -> 7 − 2 = 5), c (Feb 20: 3).
    #   b lapses, churn day Mar 6; c lapses, churn day Mar 21 -> 2 / 2; revenue 5 + 3 = 8, all churned.
    # Apr (window Mar 2..Mar 31): a (Mar 15), churn day Apr 14 -> 1 / 1, revenue 30.
    # May, Jun: nobody active at the start (d buys on Jun 30).
    assert r.columns == [
        "period",
        "active_start",
        "churned",
        "churn_rate",
        "revenue_start",
        "revenue_churned",
        "revenue_churn_rate",
    ]
    assert r.get_column("period").to_list() == [dt.date(2024, m, 1) for m in (2, 3, 4, 5, 6)]
    assert r.get_column("active_start").to_list() == [2, 2, 1, 0, 0]
    assert r.get_column("churned").to_list() == [1, 2, 1, 0, 0]
    assert r.get_column("churn_rate").to_list() == [0.5, 1.0, 1.0, None, None]
    assert r.get_column("revenue_start").to_list() == pytest.approx([25.0, 8.0, 30.0, 0.0, 0.0])
    assert r.get_column("revenue_churned").to_list() == pytest.approx([20.0, 8.0, 30.0, 0.0, 0.0])
    assert r.get_column("revenue_churn_rate").to_list()[:3] == pytest.approx([0.8, 1.0, 1.0])


def test_churn_is_attributed_to_the_period_the_window_runs_out():
    r = churn_by_period(tiny_orders(), window_days=45)
    # Reported from Feb 15 on -> Mar..Jun.  Mar (window Jan 15..Feb 29): a (Jan 20), b (Feb 5), c (Feb 20).
    #   a: next Mar 15 is 55 > 45 days after Jan 20 -> lapses, churn day Mar 5 -> churned in Mar.
    #   b: churn day Mar 21 -> Mar.  c: churn day Apr 5 -> not in Mar (counted in Apr).
    # Apr (window Feb 15..Mar 31): c (Feb 20) churns Apr 5; a (Mar 15) churns Apr 29 -> 2 / 2.
    assert r.get_column("period").to_list() == [dt.date(2024, m, 1) for m in (3, 4, 5, 6)]
    assert r.get_column("active_start").to_list()[:2] == [3, 2]
    assert r.get_column("churned").to_list()[:2] == [2, 2]


def test_churn_by_segment_of_first_purchase():
    r = churn_by_period(tiny_orders(), window_days=30, by="segment")
    # a and c first bought in x, b and d in y (a's Mar order in y does not move a)
    feb = r.filter(pl.col("period") == dt.date(2024, 2, 1)).select("segment", "active_start", "churned").rows()
    assert feb == [("x", 1, 1), ("y", 1, 0)]
    apr = r.filter(pl.col("period") == dt.date(2024, 4, 1)).select("segment", "active_start", "churned").rows()
    assert apr == [("x", 1, 1), ("y", 0, 0)]


def test_default_window_from_gaps():
    w = default_churn_window_days(tiny_orders())
    # gaps between purchase days: a 19, 55; b 26 -> sorted 19, 26, 55; 90th percentile
    # (linear): position 0.9 * 2 = 1.8 -> 26 + 0.8 * (55 − 26) = 49.2 -> next sensible window 60
    assert w.gap_days_at_quantile == pytest.approx(49.2)
    assert w.days == 60 and w.gaps == 3 and w.quantile == 0.9
    assert "60 days" in w.explanation and "90%" in w.explanation
    assert default_churn_window_days(tiny_orders(), quantile=0.1).days == 30  # 0.2·7 + 19 = 20.4 -> min 30


def test_default_window_without_repeat_buyers():
    once = tiny_orders().unique("customer_id", keep="first")
    w = default_churn_window_days(once)
    assert w.days == 90 and w.gaps == 0 and w.gap_days_at_quantile is None and "two different days" in w.explanation


def test_customers_at_risk_by_hand():
    r = customers_at_risk(tiny_orders(), window_days=60, as_of="2024-04-10")
    # as_of Apr 10 (d's June order is after it).  Median of all gaps (19, 26, 55) = 26 for one-time buyers.
    # a: last Mar 15 -> 26 days; own gaps 19, 55 -> median 37; ratio 26/37 < 1 -> active; revenue 60
    # b: last Feb 5 -> 65 days > 60 -> churned; own gap 26; revenue 5 + 7 − 2 = 10; orders 4, 5 -> 2
    # c: last Feb 20 -> 50 days; expected 26 (population); ratio 50/26 > 1 -> at risk; revenue 3
    assert r.columns == [
        "customer_id",
        "first_order",
        "last_order",
        "orders",
        "revenue",
        "days_since_last",
        "expected_gap_days",
        "risk_ratio",
        "status",
    ]
    assert r.select("customer_id", "status", "orders", "revenue", "days_since_last", "expected_gap_days").rows() == [
        ("c", "at risk", 1, 3.0, 50, 26.0),
        ("a", "active", 3, 60.0, 26, 37.0),
        ("b", "churned", 2, 10.0, 65, 26.0),
    ]
    assert r.get_column("risk_ratio").to_list() == pytest.approx([50 / 26, 26 / 37, 65 / 26])


def test_bad_window():
    with pytest.raises(MappingProblem):
        churn_by_period(tiny_orders(), window_days=0)


# --- by definition, on random small tables ------------------------------------------------------


def churn_by_definition(days_by_customer: dict[str, list[dt.date]], window: int, start: dt.date, end: dt.date):
    """active/churned counts for period [start, end) straight from the docstring's definition."""
    active = churned = 0
    for days in days_by_customer.values():
        before = [d for d in days if d < start]
        if not before or (start - max(before)).days > window:
            continue
        active += 1
        last = max(before)
        later = [d for d in days if d > last]
        lapses = not later or (min(later) - last).days > window
        if lapses and last + dt.timedelta(days=window) < end:
            churned += 1
    return active, churned


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.dates(dt.date(2024, 1, 1), dt.date(2024, 8, 31))),
        min_size=2,
        max_size=40,
    ),
    st.sampled_from([7, 20, 31, 45]),
    st.sampled_from(["week", "month"]),
)
def test_churn_matches_its_definition(rows, window, period):
    orders = pl.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [D(r[1].year, r[1].month, r[1].day) for r in rows],
            "amount": [1.0] * len(rows),
        }
    )
    r = churn_by_period(orders, window_days=window, period=period)
    days_by_customer: dict[str, list[dt.date]] = {}
    for customer, day in rows:
        days_by_customer.setdefault(customer, []).append(day)
    first, last = min(d for _, d in rows), max(d for _, d in rows)
    periods = calendar_periods(first, last, period).filter(pl.col("period_start") >= first + dt.timedelta(days=window))
    assert r.get_column("period").to_list() == periods.get_column("period_start").to_list()
    for (start, end), (active, churned, rate) in zip(
        periods.iter_rows(), r.select("active_start", "churned", "churn_rate").iter_rows(), strict=True
    ):
        assert (active, churned) == churn_by_definition(days_by_customer, window, start, end)
        assert rate is None or 0 <= rate <= 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.dates(dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
                  st.one_of(st.none(), st.sampled_from(["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"])),
                  st.sampled_from([5.0, 12.5, -3.0])),
        min_size=1,
        max_size=30,
    ),
    st.booleans(),
)
def test_customers_at_risk_per_customer_equals_sql(rows, own_ids):
    """first/last purchase, orders (distinct ids, a day per row without one), net revenue and
    the median own gap per customer, against DuckDB over the raw rows; with ids drawn from a
    small pool (line items, missing ids) or every row its own order (rows are orders)."""
    import duckdb

    orders = pl.DataFrame({
        "customer_id": [r[0] for r in rows],
        "order_id": [f"r{i}" for i in range(len(rows))] if own_ids else [r[2] for r in rows],
        "order_date": [D(r[1].year, r[1].month, r[1].day) for r in rows],
        "amount": [r[3] for r in rows],
    }, schema_overrides={"order_id": pl.String})
    if not (orders.get_column("amount") > 0).any():
        return
    got = customers_at_risk(orders, window_days=45).sort("customer_id")
    expected = duckdb.sql("""
        WITH buys AS (SELECT DISTINCT customer_id, CAST(order_date AS DATE) AS d FROM orders WHERE amount > 0),
        gaps AS (SELECT customer_id, d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) AS gap FROM buys)
        SELECT b.customer_id, min(b.d) AS first_order, max(b.d) AS last_order,
               (SELECT count(DISTINCT coalesce(order_id, 'day ' || CAST(order_date AS DATE)))
                FROM orders o WHERE o.customer_id = b.customer_id AND amount > 0) AS orders,
               (SELECT sum(amount) FROM orders o WHERE o.customer_id = b.customer_id) AS revenue,
               (SELECT median(gap) FROM gaps g WHERE g.customer_id = b.customer_id) AS own_gap
        FROM buys b GROUP BY b.customer_id ORDER BY b.customer_id""").pl()
    assert got.select("customer_id", "first_order", "last_order", "orders").rows() == \
        expected.select("customer_id", "first_order", "last_order", "orders").rows()
    assert got.get_column("revenue").to_list() == pytest.approx(expected.get_column("revenue").to_list())
    all_gaps = duckdb.sql("""SELECT median(gap) FROM (SELECT d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) AS gap
                             FROM (SELECT DISTINCT customer_id, CAST(order_date AS DATE) AS d FROM orders WHERE amount > 0))""").fetchall()[0][0]
    wanted = [own if own is not None else (all_gaps if all_gaps is not None else 45.0)
              for own in expected.get_column("own_gap").to_list()]
    assert got.get_column("expected_gap_days").to_list() == pytest.approx(wanted)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 400), min_size=1, max_size=50), st.floats(0.01, 0.99))
def test_quantile_of_counts_equals_numpy(values, quantile):
    from cxreport.metrics.churn import quantile_of_counts

    array = np.array(values, dtype=np.int32)
    assert quantile_of_counts(array, quantile) == pytest.approx(float(np.quantile(array, quantile)), abs=1e-9)


def test_quantile_of_sparse_values_sorts_instead():
    from cxreport.metrics.churn import quantile_of_counts

    array = np.array([1, 5, 3_000_000, 40], dtype=np.int64)  # counting up to 3M would waste the memory
    assert quantile_of_counts(array, 0.9) == pytest.approx(float(np.quantile(array, 0.9)))
