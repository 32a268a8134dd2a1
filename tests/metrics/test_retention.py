"""Cohort retention: hand-computed tables, a pandas re-implementation, invariants."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from block_rows import block_rows
from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import OrderColumns
from cxreport.metrics.retention import active_by_period, cohort_retention, cohort_sizes, retention_at, retention_curves

D = dt.datetime


def tiny_orders() -> pl.DataFrame:
    # a: Jan 10, Feb 20 (two line items 12 + 8), Mar refund −2 only  -> active Jan, Feb
    # b: Jan 5, Mar 7                                                -> active Jan, Mar
    # c: Feb 3                                                       -> active Feb
    # t: a test order, x: a cancelled order -> dropped
    return pl.DataFrame(
        {
            "customer_id": ["a", "a", "a", "a", "b", "b", "c", "t", "x"],
            "order_id": ["1", "2", "2", "3", "4", "5", "6", "7", "8"],
            "order_date": [
                D(2024, 1, 5, 10),
                D(2024, 2, 3),
                D(2024, 2, 3),
                D(2024, 3, 9),
                D(2024, 1, 20),
                D(2024, 3, 1),
                D(2024, 2, 10),
                D(2024, 1, 2),
                D(2024, 4, 2),
            ],
            "amount": [10.0, 12.0, 8.0, -2.0, 5.0, 7.0, 3.0, 99.0, 50.0],
            "segment": ["x", "y", "y", "x", "x", "x", "y", "x", "x"],
            "is_test": [False, False, False, False, False, False, False, True, None],
            "is_cancelled": [False, None, False, False, False, False, False, False, True],
        }
    )


def test_on_period_by_hand():
    r = cohort_retention(tiny_orders(), period="month")
    # cohort Jan = {a, b}: k0 both; k1 (Feb) a; k2 (Mar) b (a only refunded) -> 2, 1, 1
    #   revenue: k0 10 + 5 = 15; k1 12 + 8 = 20; k2 7 − 2 = 5 -> revenue_rate 1, 20/15, 5/15
    # cohort Feb = {c}: k0 c; k1 (Mar) nobody; revenue 3, 0
    # last period in data = March (the cancelled April order does not count) -> triangle
    assert r.columns == ["cohort", "period", "customers", "retained", "rate", "revenue", "revenue_rate"]
    assert r.get_column("cohort").to_list() == [dt.date(2024, 1, 1)] * 3 + [dt.date(2024, 2, 1)] * 2
    assert r.get_column("period").to_list() == [0, 1, 2, 0, 1]
    assert r.get_column("customers").to_list() == [2, 2, 2, 1, 1]
    assert r.get_column("retained").to_list() == [2, 1, 1, 1, 0]
    assert r.get_column("rate").to_list() == [1.0, 0.5, 0.5, 1.0, 0.0]
    assert r.get_column("revenue").to_list() == pytest.approx([15.0, 20.0, 5.0, 3.0, 0.0])
    assert r.get_column("revenue_rate").to_list() == pytest.approx([1.0, 20 / 15, 5 / 15, 1.0, 0.0])


def test_unbounded_by_hand():
    r = cohort_retention(tiny_orders(), mode="unbounded")
    # last active month: a Feb (k1), b Mar (k2), c Feb (k0 of its cohort)
    # Jan cohort: k0 2; k1 a (last k1) and b (last k2) -> 2; k2 b -> 1.  Feb cohort: 1, 0
    assert r.get_column("retained").to_list() == [2, 2, 1, 1, 0]
    assert r.get_column("rate").to_list() == [1.0, 1.0, 0.5, 1.0, 0.0]


def test_by_uses_the_segment_of_the_first_purchase():
    r = cohort_retention(tiny_orders(), by="segment")
    # a and b first bought in segment x (Jan), c in y (Feb); a's later "y" rows stay in x
    assert r.columns[0] == "segment"
    assert r.select("segment", "cohort", "period", "retained").rows() == [
        ("x", dt.date(2024, 1, 1), 0, 2),
        ("x", dt.date(2024, 1, 1), 1, 1),
        ("x", dt.date(2024, 1, 1), 2, 1),
        ("y", dt.date(2024, 2, 1), 0, 1),
        ("y", dt.date(2024, 2, 1), 1, 0),
    ]


def test_weekly_periods_count_monday_weeks():
    orders = pl.DataFrame(
        {
            # 2024-01-07 is a Sunday (week of Mon 01-01), 01-08 a Monday (next week), 01-22 two weeks later
            "customer_id": ["a", "a", "b"],
            "order_date": [D(2024, 1, 7), D(2024, 1, 22), D(2024, 1, 8)],
            "amount": [1.0, 1.0, 1.0],
        }
    )
    r = cohort_retention(orders, period="week")
    # cohort 01-01 {a}: k0..k3 (last week 01-22 = k3): active k0, k3
    # cohort 01-08 {b}: k0..k2: active k0
    assert r.select("cohort", "period", "retained").rows() == [
        (dt.date(2024, 1, 1), 0, 1),
        (dt.date(2024, 1, 1), 1, 0),
        (dt.date(2024, 1, 1), 2, 0),
        (dt.date(2024, 1, 1), 3, 1),
        (dt.date(2024, 1, 8), 0, 1),
        (dt.date(2024, 1, 8), 1, 0),
        (dt.date(2024, 1, 8), 2, 0),
    ]


def test_curves_weight_cohorts_by_size():
    r = cohort_retention(tiny_orders())
    curves = retention_curves(r)
    # k0: (2 + 1) / (2 + 1) = 1; k1: (1 + 0) / (2 + 1) = 1/3 over 2 cohorts; k2: 1 / 2 (Jan only)
    assert curves.get_column("period").to_list() == [0, 1, 2]
    assert curves.get_column("cohorts").to_list() == [2, 2, 1]
    assert curves.get_column("customers").to_list() == [3, 3, 2]
    assert curves.get_column("rate").to_list() == pytest.approx([1.0, 1 / 3, 0.5])
    # revenue: k1 (20 + 0) / (15 + 3); k2 5 / 15
    assert curves.get_column("revenue_rate").to_list() == pytest.approx([1.0, 20 / 18, 5 / 15])
    at1 = retention_at(r, 1)
    assert at1.height == 1 and at1.item(0, "rate") == pytest.approx(1 / 3) and at1.item(0, "customers") == 3
    assert retention_at(r, 5).is_empty()
    assert cohort_sizes(r).rows() == [(dt.date(2024, 1, 1), 2, 15.0), (dt.date(2024, 2, 1), 1, 3.0)]


def test_curves_keep_the_by_column():
    curves = retention_curves(cohort_retention(tiny_orders(), by="segment"))
    assert curves.select("segment", "period", "rate").rows() == [("x", 0, 1.0), ("x", 1, 0.5), ("x", 2, 0.5), ("y", 0, 1.0), ("y", 1, 0.0)]


def test_accepts_lazy_duckdb_and_renamed_columns():
    orders = tiny_orders()
    expected = cohort_retention(orders)
    assert cohort_retention(orders.lazy()).equals(expected)
    con = duckdb.connect()
    con.register("o", orders)
    assert cohort_retention(con.sql("select * from o")).equals(expected)
    renamed = orders.rename({"customer_id": "cust", "order_date": "ts", "amount": "net"})
    cols = OrderColumns(customer_id="cust", order_date="ts", amount="net")
    assert cohort_retention(renamed, cols).equals(expected)


def test_errors_say_what_to_do():
    with pytest.raises(MappingProblem) as err:
        cohort_retention(tiny_orders().drop("amount"))
    assert "amount" in err.value.message and err.value.hint
    with pytest.raises(MappingProblem):
        cohort_retention(tiny_orders(), by="channel")
    with pytest.raises(EmptyResult):
        cohort_retention(tiny_orders().filter(pl.col("amount") < 0))
    with pytest.raises(ValueError):
        cohort_retention(tiny_orders(), mode="forever")  # type: ignore[arg-type]


# --- reference: the tutorial pandas way, and invariants ---------------------------------------


def pandas_retention(orders: pl.DataFrame) -> pd.DataFrame:
    """Monthly on-period retention the way tutorials write it: first month, month index, pivot."""
    df = orders.to_pandas()
    df = df[df["amount"] >= 0].copy()
    df["month"] = df["order_date"].dt.to_period("M")
    df["cohort"] = df.groupby("customer_id")["month"].transform("min")
    df["k"] = (df["month"] - df["cohort"]).apply(lambda offset: offset.n)
    counts = df.groupby(["cohort", "k"])["customer_id"].nunique().unstack(fill_value=0)
    return counts


# Rows counted at a time: the library's own (one block here), or a few (many blocks).
blocks = st.sampled_from([None, 1, 4])

order_rows = st.lists(
    st.tuples(
        st.sampled_from("abcdefgh"),
        st.dates(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        st.floats(-20, 100, allow_nan=False).map(lambda x: round(x, 2)),
    ),
    min_size=1,
    max_size=40,
)


def as_orders(rows) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "order_date": [D(r[1].year, r[1].month, r[1].day) for r in rows],
            "amount": [r[2] for r in rows],
        },
        schema={"customer_id": pl.String, "order_date": pl.Datetime("us"), "amount": pl.Float64},
    )


@settings(max_examples=60, deadline=None)
@given(order_rows)
def test_matches_pandas_and_invariants(rows):
    orders = as_orders(rows)
    if orders.filter(pl.col("amount") >= 0).is_empty():
        with pytest.raises(EmptyResult):
            cohort_retention(orders)
        return
    on = cohort_retention(orders)
    unbounded = cohort_retention(orders, mode="unbounded")

    reference = pandas_retention(orders)
    for cohort, k, retained in on.select("cohort", "period", "retained").iter_rows():
        expected = reference.loc[pd.Period(cohort, "M"), k] if k in reference.columns else 0
        assert retained == expected

    assert on.filter(pl.col("period") == 0).get_column("rate").to_list() == [1.0] * on.filter(pl.col("period") == 0).height
    assert on.get_column("rate").is_between(0, 1).all()
    assert unbounded.get_column("rate").is_between(0, 1).all()
    assert (unbounded.get_column("retained") >= on.get_column("retained")).all()
    # unbounded retention never rises with k
    steps = unbounded.with_columns(pl.col("retained").diff().over("cohort").alias("step"))
    assert (steps.get_column("step").drop_nulls() <= 0).all()
    # a triangle: the last cell of every cohort is the last month of the data
    last_month = orders.get_column("order_date").max().replace(day=1).date()
    ends = on.group_by("cohort").agg(pl.col("period").max())
    for cohort, k in ends.iter_rows():
        assert (last_month.year - cohort.year) * 12 + last_month.month - cohort.month == k
    # every purchasing customer is in exactly one cohort
    assert on.filter(pl.col("period") == 0).get_column("customers").sum() == orders.filter(
        pl.col("amount") >= 0
    ).get_column("customer_id").n_unique()


REFERENCE_BY_SQL = """
WITH o AS (SELECT customer_id, order_date, date_trunc('month', order_date)::DATE AS m, amount, seg FROM t),
buys AS (SELECT * FROM o WHERE amount >= 0),
customers AS (
    SELECT customer_id, min(m) AS cohort, first(seg ORDER BY order_date, seg NULLS LAST) AS seg
    FROM buys GROUP BY customer_id
)
SELECT c.seg, c.cohort, datediff('month', c.cohort, b.m) AS period, count(DISTINCT b.customer_id) AS retained
FROM buys b JOIN customers c USING (customer_id)
GROUP BY ALL
"""


@settings(max_examples=60, deadline=None)
@given(order_rows, st.lists(st.sampled_from(["north", "south", None]), min_size=40, max_size=40), blocks)
def test_by_group_matches_sql(rows, segments, block):
    """Each customer in the group of their first purchase (ties: the smallest value, a missing
    one last), counted against a plain DuckDB formulation; cohort sizes add up."""
    orders = as_orders(rows).with_columns(pl.Series("seg", segments[:len(rows)], dtype=pl.String))
    if orders.filter(pl.col("amount") >= 0).is_empty():
        return
    with block_rows(block):
        ours = cohort_retention(orders, by="seg")
    con = duckdb.connect()
    con.register("t", orders)
    reference = {(seg, cohort, k): n for seg, cohort, k, n in con.sql(REFERENCE_BY_SQL).fetchall()}
    for seg, cohort, k, retained in ours.select("seg", "cohort", "period", "retained").iter_rows():
        assert retained == reference.get((seg, cohort, k), 0)
    assert sum(n for (_, _, k), n in reference.items() if k == 0) == ours.filter(pl.col("period") == 0)[
        "customers"].sum()
    # the rows run by group (a missing one first), cohort and period
    assert ours.rows() == ours.sort("seg", "cohort", "period", nulls_last=False).rows()


@settings(max_examples=60, deadline=None)
@given(order_rows, st.sampled_from(["week", "month", "quarter"]), blocks)
def test_active_by_period_matches_sql(rows, period, block):
    """Customers who bought in each period and its net revenue (refunds subtracted), against
    DuckDB over the raw rows: what the Overview's first two cards show."""
    orders = as_orders(rows)
    if orders.filter(pl.col("amount") >= 0).is_empty():
        return
    with block_rows(block):
        ours = active_by_period(orders, period=period)
    con = duckdb.connect()
    con.register("t", orders)
    reference = con.sql(f"""
        SELECT date_trunc('{period}', order_date)::DATE AS period,
               count(DISTINCT customer_id) FILTER (WHERE amount >= 0) AS customers, sum(amount) AS revenue
        FROM t GROUP BY ALL ORDER BY period""").pl()
    assert ours.select("period", "customers").rows() == reference.select("period", "customers").rows()
    assert ours.get_column("revenue").to_list() == pytest.approx(reference.get_column("revenue").to_list())


REVENUE_SQL = """
WITH o AS (SELECT customer_id, date_trunc('month', order_date)::DATE AS m, amount FROM t),
cohorts AS (SELECT customer_id, min(m) AS cohort FROM o WHERE amount >= 0 GROUP BY customer_id)
SELECT c.cohort, datediff('month', c.cohort, o.m) AS period, sum(o.amount) AS revenue
FROM o JOIN cohorts c USING (customer_id)
WHERE o.m >= c.cohort
GROUP BY ALL
"""


@settings(max_examples=60, deadline=None)
@given(order_rows, blocks)
def test_revenue_matches_sql(rows, block):
    """Net revenue of each cohort's customers per period since the cohort (refunds count;
    refunds dated before a customer's first purchase, and customers who only refunded, do
    not), against a plain DuckDB formulation."""
    orders = as_orders(rows)
    if orders.filter(pl.col("amount") >= 0).is_empty():
        return
    con = duckdb.connect()
    con.register("t", orders)
    reference = {(cohort, k): revenue for cohort, k, revenue in con.sql(REVENUE_SQL).fetchall()}
    with block_rows(block):
        ours = cohort_retention(orders)
    for cohort, k, revenue in ours.select("cohort", "period", "revenue").iter_rows():
        assert revenue == pytest.approx(reference.get((cohort, k), 0.0), abs=1e-9)
