"""churn_by_period against a plain DuckDB formulation of its definition, on random orders.

The library counts ranges of period indices (`cxreport.metrics._churn_counts`); the SQL
here compares every purchase day with every period start instead (a range join and
correlated subqueries), straight from the docstring. Both read the same raw rows:
negative amounts are refunds (revenue, not purchases); a customer's group is their
segment on their first purchase (ties: the smallest value).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from block_rows import block_rows
from cxreport.errors import EmptyResult
from cxreport.metrics.churn import churn_by_period

REFERENCE_SQL = """
WITH groups AS (
    -- with segments, a customer who never bought has no group and is left out altogether
    SELECT customer_id,
           CASE WHEN $by THEN arg_min(segment, (order_date, segment)) FILTER (WHERE amount >= 0) ELSE 'all' END AS grp
    FROM orders GROUP BY customer_id
),
customer_days AS (
    SELECT o.customer_id, g.grp, CAST(o.order_date AS DATE) AS day,
           sum(o.amount) AS revenue, bool_or(o.amount >= 0) AS purchased
    FROM orders o JOIN groups g USING (customer_id)
    WHERE g.grp IS NOT NULL
    GROUP BY ALL
),
bounds AS (SELECT min(day) AS first_day, max(day) AS last_day FROM customer_days),
starts AS (
    SELECT DISTINCT CAST(date_trunc($period, d) AS DATE) AS period_start
    FROM bounds, range(first_day, last_day + INTERVAL 2 DAY, INTERVAL 1 DAY) t(d)
),
periods AS (
    SELECT period_start, next_start FROM (
        SELECT period_start, lead(period_start) OVER (ORDER BY period_start) AS next_start FROM starts
    ), bounds
    WHERE next_start IS NOT NULL AND next_start <= last_day + 1 AND period_start >= first_day + $window
),
last_purchase AS (
    -- each customer's last purchase day before each period start
    SELECT p.period_start, p.next_start, c.customer_id, c.grp, max(c.day) AS last_day
    FROM periods p JOIN customer_days c ON c.purchased AND c.day < p.period_start
    GROUP BY ALL
),
active AS (
    SELECT a.*,
           (SELECT min(n.day) FROM customer_days n
            WHERE n.customer_id = a.customer_id AND n.purchased AND n.day > a.last_day) AS next_day,
           (SELECT sum(r.revenue) FROM customer_days r
            WHERE r.customer_id = a.customer_id AND r.day >= a.period_start - $window
              AND r.day < a.period_start) AS revenue
    FROM last_purchase a
    WHERE a.last_day >= a.period_start - $window
),
flagged AS (
    SELECT *, (next_day IS NULL OR next_day - last_day > $window) AND last_day + $window < next_start AS churned
    FROM active
),
counts AS (
    SELECT period_start, grp, count(*) AS active_start, count(*) FILTER (WHERE churned) AS churned,
           sum(revenue) AS revenue_start, sum(revenue) FILTER (WHERE churned) AS revenue_churned
    FROM flagged GROUP BY ALL
)
SELECT g.grp, p.period_start AS period,
       coalesce(c.active_start, 0) AS active_start, coalesce(c.churned, 0) AS churned,
       coalesce(c.revenue_start, 0) AS revenue_start, coalesce(c.revenue_churned, 0) AS revenue_churned
FROM periods p CROSS JOIN (SELECT DISTINCT grp FROM customer_days) g
LEFT JOIN counts c ON c.period_start = p.period_start AND c.grp = g.grp
ORDER BY g.grp, p.period_start
"""


def reference(orders: pl.DataFrame, window: int, period: str, by: bool) -> pl.DataFrame:
    con = duckdb.connect()
    con.register("orders", orders)
    out = con.sql(REFERENCE_SQL, params={"window": window, "period": period, "by": by}).pl()
    con.close()
    return out


def assert_matches_reference(orders: pl.DataFrame, window: int, period: str, by: bool) -> None:
    expected = reference(orders, window, period, by)
    got = churn_by_period(orders, window_days=window, period=period, by="segment" if by else None)
    got = got.rename({"segment": "grp"}) if by else got.with_columns(pl.lit("all").alias("grp"))
    got = got.sort("grp", "period")
    assert got.get_column("period").to_list() == expected.get_column("period").to_list()
    assert got.get_column("grp").to_list() == expected.get_column("grp").to_list()
    for column in ("active_start", "churned"):
        assert got.get_column(column).to_list() == expected.get_column(column).to_list(), column
    for column in ("revenue_start", "revenue_churned"):
        assert got.get_column(column).to_list() == pytest.approx(expected.get_column(column).to_list(), abs=1e-9), column


def orders_from(rows: list[tuple[str, int, float, str]]) -> pl.DataFrame:
    start = dt.datetime(2024, 1, 1, 9)
    return pl.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [start + dt.timedelta(days=r[1], hours=i % 7) for i, r in enumerate(rows)],
            "amount": [r[2] for r in rows],
            "segment": [r[3] for r in rows],
        }
    )


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
@pytest.mark.parametrize("by", [False, True])
def test_edge_cases_match_reference(period, by):
    w = 30
    rows = [
        # a: a gap of exactly the window (stays), then one a day longer (lapses)
        ("a", 0, 10.0, "x"), ("a", w, 5.0, "y"), ("a", 2 * w + 1, 7.0, "x"),
        # b: same-day repeat orders and a same-day refund, then silence
        ("b", 3, 4.0, "y"), ("b", 3, 6.0, "x"), ("b", 3, -2.0, "y"), ("b", 40, 1.0, "y"),
        # c: a refund on a day without a purchase, inside and after the window
        ("c", 10, 8.0, "x"), ("c", 20, -3.0, "x"), ("c", 10 + w + 5, -1.0, "x"),
        # d: only a refund (never active)
        ("d", 50, -4.0, "x"),
        # e: last order within the window of the data's end (its churn is not known yet)
        ("e", 100, 2.0, "y"), ("e", 200 - w // 2, 3.0, "y"),
        # f: a day before the gap, the gap exactly the window again, ending on the last day
        ("f", 120, 1.5, "x"), ("f", 120 + w, 2.5, "x"), ("f", 200, 0.0, "x"),
    ]
    assert_matches_reference(orders_from(rows), w, period, by)


def test_refunds_only_count_nobody():
    rows = [("a", 0, -1.0, "x"), ("b", 100, -2.0, "y"), ("a", 200, -3.0, "x")]
    from cxreport.metrics.churn import default_churn_window_days

    assert default_churn_window_days(orders_from(rows)).gaps == 0  # nobody bought: the default window
    assert_matches_reference(orders_from(rows), 30, "month", by=False)
    # By group nobody has one (a group is the value at first purchase): nothing to count.
    with pytest.raises(EmptyResult, match="no orders"):
        churn_by_period(orders_from(rows), window_days=30, period="month", by="segment")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abcdefg"),
            st.integers(0, 240),
            st.sampled_from([1.0, 2.5, 10.0, 0.0, -1.0, -2.5]),
            st.sampled_from(["x", "y", "z"]),
        ),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from([1, 7, 14, 30, 31, 45, 90]),
    st.sampled_from(["week", "month", "quarter"]),
    st.booleans(),
    st.sampled_from([None, 1, 3]),
)
def test_random_orders_match_reference(rows, window, period, by, block):
    """`block`: purchase days counted at a time (None: the library's own, one block here);
    1 and 3 cut the customers into many blocks, one customer longer than a block included."""
    orders = orders_from(rows)
    if by and orders.filter(pl.col("amount") >= 0).is_empty():
        return  # nobody has a group: the library says there are no orders
    with block_rows(block):
        assert_matches_reference(orders, window, period, by)


@pytest.mark.parametrize("period", ["week", "month", "quarter"])
def test_many_customers_match_reference(period):
    rng = np.random.default_rng(15)
    n = 4000
    customer = rng.integers(0, 300, n)
    day = np.minimum(rng.integers(0, 400, 300)[customer] + rng.exponential(60, n).astype(int), 500)
    amount = np.round(rng.lognormal(3, 0.8, n), 2)
    amount[rng.random(n) < 0.05] *= -1
    orders = pl.DataFrame(
        {
            "customer_id": [f"C{c}" for c in customer],
            "order_date": [dt.datetime(2023, 1, 1) + dt.timedelta(days=int(d)) for d in day],
            "amount": amount,
            "segment": rng.choice(["web", "store"], n),
        }
    )
    for window in (30, 90):
        assert_matches_reference(orders, window, period, by=period == "month")


def test_codes_counted_by_sorting_match_reference(monkeypatch):
    """With more possible combinations than a bincount takes (many groups, weekly periods
    over years) they are sorted first: the same counts."""
    from cxreport.metrics import _churn_counts

    monkeypatch.setattr(_churn_counts, "_BINCOUNT_SLOTS", 0)
    test_many_customers_match_reference("week")
    test_many_customers_match_reference("month")


@pytest.mark.parametrize("block", [1, 250])
def test_blocks_of_customers_add_up(block):
    """Counted a block of whole customers at a time, the blocks' counts add up to the
    reference's (1: every customer longer than a block; 250 days: a dozen blocks)."""
    with block_rows(block):
        test_many_customers_match_reference("week")
        test_many_customers_match_reference("month")


@pytest.mark.parametrize("span", [2**62, 4], ids=["hash-bits-shared", "dates-too-far-apart"])
def test_customer_order_falls_back_to_ids(monkeypatch, span):
    # With 2 bits of hash left every customer shares them with others; with 4 days of room
    # the dates do not fit: both take the slower sort by hash, id and day.
    from cxreport.metrics import _churn_counts

    monkeypatch.setattr(_churn_counts, "_DAY_SPAN", span)
    test_many_customers_match_reference("month")


@pytest.mark.parametrize("block", [None, 7])
def test_default_window_gaps_match_sql(block):
    """Gaps counted in one block, and in hundreds (7 purchase days a block)."""
    rng = np.random.default_rng(7)
    n = 3000
    customer = rng.integers(0, 400, n)
    day = rng.integers(0, 300, 400)[customer] + rng.exponential(40, n).astype(int)
    amount = np.where(rng.random(n) < 0.05, -5.0, 10.0)
    orders = pl.DataFrame({"customer_id": [f"C{c}" for c in customer],
                           "order_date": [dt.datetime(2023, 1, 1) + dt.timedelta(days=int(d)) for d in day],
                           "amount": amount})
    con = duckdb.connect()
    con.register("orders", orders)
    gaps, customers, q = con.sql("""
        WITH days AS (SELECT DISTINCT customer_id, CAST(order_date AS DATE) AS day FROM orders WHERE amount >= 0),
        gaps AS (SELECT customer_id, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap FROM days)
        SELECT count(gap), count(DISTINCT customer_id) FILTER (WHERE gap IS NOT NULL), quantile_cont(gap, 0.9) FROM gaps
    """).fetchall()[0]
    from cxreport.metrics.churn import default_churn_window_days

    with block_rows(block):
        w = default_churn_window_days(orders)
    assert (w.gaps, w.gap_days_at_quantile) == (gaps, pytest.approx(q))
    assert f"{customers:,} repeat customers" in w.explanation


def test_a_refund_day_when_no_spell_churns_in_a_reported_period():
    """A refund-only day, and no churn event in any reported period (found by hypothesis on
    the engine's test): counted as the reference counts it, not a crash."""
    orders = orders_from([("a", 120, -1.0, "x"), ("a", 126, 1.0, "x"), ("a", 216, 1.0, "x")])
    for period in ("week", "month"):
        for window in (7, 31, 90):
            assert_matches_reference(orders, window, period, False)


def test_a_refund_in_the_churned_revenue_of_two_spells():
    """A refund between two spells of one customer sits in the window before both spells'
    churn periods (a 10-day window, weekly periods): it is churned revenue in each."""
    orders = orders_from([("b", 0, 1.0, "x"), ("b", 60, 1.0, "x"),
                          ("a", 11, 5.0, "x"), ("a", 18, -2.0, "x"), ("a", 22, 7.0, "x")])
    assert_matches_reference(orders, 10, "week", False)
    got = churn_by_period(orders, window_days=10, period="week").filter(pl.col("revenue_churned") != 0)
    # Spell 1 (day 11) churns in the week of day 21, its window days 11–20: 5 − 2; spell 2
    # (day 22) in the week of day 28, its window days 18–27: −2 + 7.
    assert got.select("period", "churned", "revenue_churned").rows() == [
        (dt.date(2024, 1, 22), 1, 3.0), (dt.date(2024, 1, 29), 1, 5.0)]


def test_customers_without_a_group_are_counted_in_the_null_group():
    """A first purchase that names no segment puts its customer in the null group, with its
    own counts (they were joined away as zeros). b buys on Jan 5 and never again: with a
    7-day window b is active at the week of Jan 8 and churns in it (Jan 12)."""
    orders = pl.DataFrame({
        "customer_id": ["a", "b", "a"],
        "order_date": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 5), dt.datetime(2024, 2, 1)],
        "amount": [1.0, 2.0, 3.0],
        "segment": ["x", None, "x"],
    })
    got = churn_by_period(orders, window_days=7, period="week", by="segment")
    week = got.filter(pl.col("period") == dt.date(2024, 1, 8))
    assert week.sort("segment", nulls_last=True).select("segment", "active_start", "churned", "revenue_start",
                                                         "revenue_churned").rows() == [
        ("x", 1, 1, 1.0, 1.0), (None, 1, 1, 2.0, 2.0)]
    ungrouped = churn_by_period(orders, window_days=7, period="week")
    assert got.group_by("period").agg(pl.col("active_start", "churned").sum()).sort("period").rows() == \
        ungrouped.select("period", "active_start", "churned").rows()
