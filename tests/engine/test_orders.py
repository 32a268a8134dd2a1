"""Orders on the engine: the valid rows in SQL and cohort retention from its counts, against
the library's own `valid_orders` and `cohort_retention` on the same rows, on DuckDB and Spark."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from cxreport.engine.orders import cohort_counts, retention_from_counts, valid_orders_sql
from cxreport.fields import Kind
from cxreport.metrics._frames import valid_orders
from cxreport.metrics.retention import cohort_retention

from tests.engine.conftest import rows_equal

AS_OF = dt.date(2026, 12, 1)


def _edge_orders() -> pl.DataFrame:
    """Every rule of cxreport.metrics.rows once, plus ordinary rows around them."""
    day = dt.datetime(2025, 1, 6, 10)
    rows = [
        # customer, date, amount, status, tags, note, gateway, refunded, is_test
        ("a", day, 100.0, "paid", None, None, "Shopify Payments", None, None),
        ("a", day + dt.timedelta(days=40), 50.0, "paid", "vip, test", None, None, None, None),  # test tag
        ("a", day + dt.timedelta(days=70), 80.0, "paid", "contest", None, None, None, None),  # not a test
        ("b", day, 60.0, "Test", None, None, None, None, None),  # test status
        ("b", day + dt.timedelta(days=3), 70.0, "paid", None, " Test! ", None, None, None),  # bare test note
        ("b", day + dt.timedelta(days=5), 75.0, "paid", None, "test the grinder", None, None, None),  # a note
        ("c", day, 90.0, "paid", None, None, "Bogus Gateway", None, None),  # test gateway
        ("c", day + dt.timedelta(days=1), 95.0, "Dibatalkan", None, None, None, None, None),  # cancelled
        ("c", day + dt.timedelta(days=31), 40.0, "refunded", None, None, None, None, None),  # full refund
        ("d", day + dt.timedelta(days=2), 120.0, "partially_refunded", None, None, None, 20.0, None),
        ("d", day + dt.timedelta(days=33), -30.0, "refund", None, None, None, None, None),  # refund row
        ("d", day + dt.timedelta(days=64), 55.0, "paid", None, None, None, None, True),  # test flag
        ("e", day + dt.timedelta(days=95), 35.0, "paid", "uji; promo", None, None, None, None),  # Indonesian tag
        ("e", day + dt.timedelta(days=96), 45.0, "paid", None, None, None, None, False),
        ("f", dt.datetime(2027, 1, 1), 10.0, "paid", None, None, None, None, None),  # after as_of
        ("g", None, 10.0, "paid", None, None, None, None, None),  # no date
        (None, day, 10.0, "paid", None, None, None, None, None),  # no customer
    ]
    frame = pl.DataFrame(rows, schema={"customer_id": pl.String, "order_date": pl.Datetime("us"), "amount": pl.Float64,
                                       "status": pl.String, "tags": pl.String, "note": pl.String,
                                       "payment_gateway": pl.String, "refunded_amount": pl.Float64,
                                       "is_test": pl.Boolean}, orient="row")
    # Many ordinary customers, so that a stray typo year is a sliver of the rows.
    many = pl.DataFrame({
        "customer_id": [f"m{i % 150}" for i in range(600)],
        "order_date": [day + dt.timedelta(days=(i * 7) % 400, hours=i % 13) for i in range(600)],
        "amount": [float(10 + i % 90) for i in range(600)],
    })
    stray = pl.DataFrame({"customer_id": ["s"], "order_date": [dt.datetime(2062, 3, 1)], "amount": [5.0]})
    return pl.concat([frame, many, stray], how="diagonal")


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def test_valid_orders_in_sql_keep_and_net_the_same_rows_as_the_library(backend):
    orders = _edge_orders()
    backend.register_frame("orders", orders)
    ours = backend.query(valid_orders_sql("orders", orders.columns, as_of=AS_OF))
    theirs = valid_orders(orders, as_of=AS_OF).collect()
    rows_equal(_sorted(ours.select(theirs.columns)), _sorted(theirs))
    kept = set(ours.get_column("customer_id"))
    assert "f" not in kept and "s" not in kept and "g" not in kept  # future, stray year, no date
    amounts = dict(ours.filter(pl.col("customer_id") == "d").select("amount", "is_purchase").iter_rows())
    assert amounts == {100.0: True, -30.0: False}  # 120 less 20 refunded; the refund row


@pytest.mark.parametrize("period", ["month", "week", "quarter"])
def test_cohort_retention_from_engine_counts_is_the_librarys(backend, sample_lake, period):
    backend.register_path("orders", sample_lake[Kind.ORDERS], "parquet")
    names = list(backend.columns("orders"))
    backend.view("valid", valid_orders_sql("orders", names))
    counts, last = cohort_counts(backend, "valid", period=period)
    orders = pl.read_parquet(sample_lake[Kind.ORDERS])
    for mode in ("on_period", "unbounded"):
        ours = retention_from_counts(counts, last, period=period, mode=mode)
        theirs = cohort_retention(orders, period=period, mode=mode)
        rows_equal(ours, theirs)
        # What came back is one row per cohort and k at most: the size of the retention
        # table, whatever the number of customers or orders.
        assert counts.height <= ours.height


def test_cohort_counts_of_the_edge_rows_are_the_librarys(backend):
    orders = _edge_orders()
    backend.register_frame("orders", orders)
    backend.view("valid", valid_orders_sql("orders", orders.columns))  # as of today, as the library
    counts, last = cohort_counts(backend, "valid", period="month")
    rows_equal(retention_from_counts(counts, last, period="month"), cohort_retention(orders, period="month"))
