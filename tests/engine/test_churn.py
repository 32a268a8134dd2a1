"""Churn on DuckDB and Spark equals the library's: the window, churn per period, standing.

Until the valid-orders SQL view lands (`cxreport.engine.orders`), the stages read the
library's own valid rows (`valid_orders`), written to the lake as hive-partitioned Parquet
or registered as a frame; the expected figures come from the library on the raw rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.engine.backends import DuckDBBackend
from cxreport.engine.churn import churn_by_period, churn_section, choose_window, gap_distribution, histogram_quantile
from cxreport.errors import EmptyResult
from cxreport.fields import Kind
from cxreport.metrics import churn
from cxreport.metrics._frames import valid_orders
from cxreport.report import build_report, plain
from tests.engine.conftest import rows_equal

KEYS = ("churn", "customers_at_risk", "customer_status")


def assert_section_equal(ours: dict, theirs: dict) -> None:
    """Counts and texts exactly, by_period cell for cell (revenue sums added in another
    order differ in the last bits: `rows_equal`)."""
    ours, theirs = dict(ours), dict(theirs)
    a, b = dict(ours.pop("churn")), dict(theirs.pop("churn"))
    rows_equal(pl.DataFrame(a.pop("by_period"), infer_schema_length=None),
               pl.DataFrame(b.pop("by_period"), infer_schema_length=None))
    assert (ours, a) == (theirs, b)


def library_section(orders: pl.DataFrame, period: str) -> dict:
    """What build_report's orders section holds for KEYS, from the metric functions."""
    window = churn.default_churn_window_days(orders)
    by_period = churn.churn_by_period(orders, window_days=window.days, period=period)
    counts = dict(churn.customers_at_risk(orders, window_days=window.days).group_by("status").len().iter_rows())
    return plain({"churn": {"window_days": window.days, "window_explanation": window.explanation, "by_period": by_period},
                  "customers_at_risk": counts.get("at risk", 0),
                  "customer_status": {s.replace(" ", "_"): counts.get(s, 0) for s in churn.STATUSES}})


@pytest.mark.parametrize("period", ["month", "week"])
def test_sample_equals_build_report(backend, sample_workspace, period):
    backend.register_frame("valid", valid_orders(sample_workspace.table(Kind.ORDERS)).collect())
    theirs = build_report(sample_workspace, period=period)["orders"]
    assert churn_section(backend, "valid", period=period) == {k: theirs[k] for k in KEYS}


def generated_orders(seed: int = 5, n: int = 20_000) -> pl.DataFrame:
    """Orders with the edges churn must count alike: same-day repeats and refunds, refund
    rows on days without a purchase, refunded/cancelled/test statuses, null customers and
    amounts, an empty month (June 2023), a stray row after a year's gap, one-time buyers."""
    rng = np.random.default_rng(seed)
    customers = rng.integers(0, n // 6, n)
    first = rng.integers(0, 500, n // 6)
    day = np.minimum(first[customers] + rng.exponential(50, n).astype(int), 700)
    day = np.where((day >= 516) & (day < 546), day + 30, day)  # 2023-06-01 .. 06-30 empty
    amount = np.round(rng.lognormal(3, 0.8, n), 2)
    amount[rng.random(n) < 0.04] *= -1
    status = rng.choice(["paid", "paid", "paid", "refunded", "cancelled", "test", "partially refunded"], n,
                        p=[0.3, 0.3, 0.3, 0.03, 0.03, 0.02, 0.02])
    start = dt.datetime(2022, 1, 1, 8)
    frame = pl.DataFrame({
        "customer_id": [f"C{c:05d}" for c in customers],
        "order_id": [f"O{i}" for i in range(n)],
        "order_date": [start + dt.timedelta(days=int(d), minutes=int(m)) for d, m in zip(day, rng.integers(0, 900, n))],
        "amount": amount,
        "status": status,
    }).with_columns(
        pl.when(pl.int_range(pl.len()) % 997 == 0).then(None).otherwise(pl.col("amount")).alias("amount"),
        pl.when(pl.int_range(pl.len()) % 1009 == 0).then(None).otherwise(pl.col("customer_id")).alias("customer_id"),
    )
    stray = pl.DataFrame({"customer_id": ["C00001"], "order_id": ["late"], "order_date": [dt.datetime(2025, 3, 1)],
                          "amount": [10.0], "status": ["paid"]})
    return pl.concat([frame, stray])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    orders = generated_orders()
    root = tmp_path_factory.mktemp("orders_lake") / "valid_orders"
    valid = valid_orders(orders).collect()
    valid.with_columns((pl.col("day").dt.year()).alias("year")).write_parquet(root, partition_by=["year"])
    return orders, root


@pytest.mark.parametrize("period", ["month", "week", "quarter"])
def test_generated_hive_table_equals_library(backend, generated, period):
    orders, root = generated
    backend.register_path("valid", root, "parquet")
    ours = churn_section(backend, "valid", period=period)
    assert_section_equal(ours, library_section(orders, period))
    assert any(row["churned"] for row in ours["churn"]["by_period"])


def test_by_period_other_windows(backend, generated):
    orders, root = generated
    backend.register_path("valid", root, "parquet")
    for window in (1, 30, 200):
        rows_equal(churn_by_period(backend, "valid", window_days=window, period="month"),
                   churn.churn_by_period(orders, window_days=window, period="month"))


def test_no_repeat_buyer_and_no_reported_period(backend):
    orders = pl.DataFrame({"customer_id": ["a", "b", "c"], "amount": [5.0, -2.0, 3.0],
                           "order_date": [dt.datetime(2024, 1, 3), dt.datetime(2024, 1, 9), dt.datetime(2024, 2, 20)]})
    backend.register_frame("valid", valid_orders(orders).collect())
    ours = churn_section(backend, "valid")
    assert ours == library_section(orders, "month")
    assert ours["churn"]["window_days"] == churn.FALLBACK_WINDOW_DAYS and ours["churn"]["by_period"] == []


def test_no_orders_is_skipped_as_in_the_report(backend):
    from cxreport.report import _Skips

    empty = valid_orders(pl.DataFrame({"customer_id": ["a"], "amount": [1.0], "order_date": [dt.datetime(2024, 1, 1)]}))
    backend.register_frame("valid", empty.collect().clear())
    skips = _Skips()
    assert churn_section(backend, "valid", skips=skips) == {}
    assert [(s["section"], s["code"]) for s in skips.items] == [("orders.churn", "no_orders"),
                                                                 ("orders.customers_at_risk", "no_orders")]
    with pytest.raises(EmptyResult):
        churn_section(backend, "valid")


def test_histogram_quantile_is_polars_linear_quantile():
    rng = np.random.default_rng(2)
    for _ in range(300):
        values = pl.Series(rng.integers(1, 300, int(rng.integers(1, 80))))
        hist = values.value_counts().rename({values.name: "gap_days", "count": "n"}).sort("gap_days")
        for q in (0.1, 0.5, 0.9):
            assert histogram_quantile(hist, q) == values.quantile(q, interpolation="linear")
        assert histogram_quantile(hist, 0.5) == values.median()


def orders_from(rows: list[tuple[str, int, float]]) -> pl.DataFrame:
    start = dt.datetime(2024, 1, 1, 9)
    return pl.DataFrame({"customer_id": [r[0] for r in rows],
                         "order_date": [start + dt.timedelta(days=r[1], hours=i % 7) for i, r in enumerate(rows)],
                         "amount": [r[2] for r in rows]})


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 240), st.sampled_from([1.0, 2.5, 10.0, 0.0, -1.0])),
             min_size=1, max_size=60),
    st.sampled_from(["week", "month", "quarter"]),
)
def test_random_orders_on_duckdb_equal_library(rows, period):
    orders = orders_from(rows)
    backend = DuckDBBackend()
    backend.register_frame("valid", valid_orders(orders).collect())
    hist, customers = gap_distribution(backend, "valid")
    window = choose_window(hist, customers)
    expected = churn.default_churn_window_days(orders)
    assert (window.days, window.gaps, window.explanation) == (expected.days, expected.gaps, expected.explanation)
    for w in (window.days, 7, 31):
        rows_equal(churn_by_period(backend, "valid", window_days=w, period=period),
                   churn.churn_by_period(orders, window_days=w, period=period))
    backend.close()
