"""The MRR bridge on DuckDB and Spark equals the library's (`mrr.mrr_movements`, build_report)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from cxreport.engine.subscriptions import cents_sql, mrr_movements, subscriptions_section
from cxreport.errors import EmptyResult
from cxreport.fields import Kind
from cxreport.metrics import mrr
from cxreport.report import _Skips, plain
from tests.engine.conftest import rows_equal


def test_sample_section_equals_build_report(backend, sample_report, sample_lake):
    backend.register_path("subs", sample_lake[Kind.SUBSCRIPTIONS], "parquet")
    theirs = dict(sample_report["subscriptions"])  # a copy: the report is every test's
    theirs.pop("currency")
    assert subscriptions_section(backend, "subs") == theirs


@pytest.mark.parametrize("period", ["week", "quarter"])
def test_sample_other_periods_and_as_of(backend, sample_workspace, sample_lake, period):
    backend.register_path("subs", sample_lake[Kind.SUBSCRIPTIONS], "parquet")
    as_of = dt.date(2026, 3, 31)
    ours = mrr_movements(backend, "subs", period=period, as_of=as_of)
    rows_equal(ours, mrr.mrr_movements(sample_workspace.table(Kind.SUBSCRIPTIONS), period=period, as_of=as_of))


def generated_subscriptions(seed: int = 3, customers: int = 1500) -> pl.DataFrame:
    """Subscriptions with the edges the bridge must count alike: plan changes on the same
    day, upgrades and downgrades, reactivations, null and zero and sub-cent MRR (halves of
    a cent both ways), cancellations after today (still active), starts after today, a stray
    start beyond a year's gap, rows without customer or start, and empty months."""
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    base = dt.date(2021, 1, 1)
    prices = [99.0, 149.5, 10.005, 10.015, 0.125, 0.0, None, 1000.0, 12.345]
    for c in range(customers):
        start = base + dt.timedelta(days=int(rng.integers(0, 700)))
        # an empty stretch: nobody starts in May 2022
        if dt.date(2022, 5, 1) <= start < dt.date(2022, 6, 1):
            start += dt.timedelta(days=31)
        for _ in range(int(rng.integers(1, 4))):
            length = int(rng.integers(1, 400))
            cancel = start + dt.timedelta(days=length) if rng.random() < 0.7 else None
            rows.append({"customer_id": f"K{c:05d}", "subscription_id": f"S{len(rows)}",
                         "mrr": prices[int(rng.integers(0, len(prices)))],
                         "start_date": dt.datetime.combine(start, dt.time(int(rng.integers(0, 24)))),
                         "cancel_date": dt.datetime.combine(cancel, dt.time(9)) if cancel else None})
            if cancel is None:
                break
            # same-day plan change, or a comeback weeks later
            start = cancel if rng.random() < 0.5 else cancel + dt.timedelta(days=int(rng.integers(20, 200)))
    today = dt.date.today()
    rows += [
        {"customer_id": "late", "subscription_id": "x1", "mrr": 5.0, "start_date": dt.datetime(2021, 3, 1),
         "cancel_date": dt.datetime.combine(today + dt.timedelta(days=40), dt.time())},
        {"customer_id": "future", "subscription_id": "x2", "mrr": 5.0,
         "start_date": dt.datetime.combine(today + dt.timedelta(days=3), dt.time()), "cancel_date": None},
        {"customer_id": "stray", "subscription_id": "x3", "mrr": 7.0, "start_date": dt.datetime(2025, 6, 1),
         "cancel_date": None},
        {"customer_id": None, "subscription_id": "x4", "mrr": 9.0, "start_date": dt.datetime(2021, 2, 1),
         "cancel_date": None},
        {"customer_id": "nostart", "subscription_id": "x5", "mrr": 9.0, "start_date": None, "cancel_date": None},
    ]
    frame = pl.DataFrame(rows, schema={"customer_id": pl.String, "subscription_id": pl.String, "mrr": pl.Float64,
                                       "start_date": pl.Datetime("us"), "cancel_date": pl.Datetime("us")})
    return frame.with_columns((pl.int_range(pl.len()) % 4).alias("part"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    frame = generated_subscriptions()
    root = tmp_path_factory.mktemp("subs_lake") / "subscriptions"
    frame.write_parquet(root, partition_by=["part"])
    return frame.drop("part"), root


@pytest.mark.parametrize("period", ["month", "week", "quarter"])
def test_generated_hive_table_equals_library(backend, generated, period):
    frame, root = generated
    backend.register_path("subs", root, "parquet")
    ours = mrr_movements(backend, "subs", period=period)
    theirs = mrr.mrr_movements(frame, period=period)
    assert ours.height > 10
    assert ours.get_column("reactivated").sum() > 0 and ours.get_column("contraction").sum() > 0
    rows_equal(ours, theirs)


def test_no_cancel_column_and_no_rows(backend):
    frame = pl.DataFrame({"customer_id": ["a", "b"], "mrr": [10.0, 20.0],
                          "start_date": [dt.datetime(2024, 1, 5), dt.datetime(2024, 3, 1)]})
    backend.register_frame("subs", frame)
    rows_equal(mrr_movements(backend, "subs", as_of=dt.date(2024, 6, 30)),
               mrr.mrr_movements(frame, as_of=dt.date(2024, 6, 30)))
    backend.register_frame("none", frame.clear())
    with pytest.raises(EmptyResult) as err:
        subscriptions_section(backend, "none")
    assert err.value.code == "no_subscriptions"
    with pytest.raises(EmptyResult) as err:
        subscriptions_section(backend, "subs", as_of=dt.date(2024, 1, 20))
    assert err.value.code == "no_complete_period"
    skips = _Skips()
    assert subscriptions_section(backend, "none", skips=skips) == {}
    assert [(s["section"], s["code"]) for s in skips.items] == [("subscriptions.mrr_movements", "no_subscriptions")]


def test_cents_round_half_to_even_as_polars(backend):
    values = [0.005, 0.015, 0.025, -0.005, -0.015, 10.005, 10.015, 12.345, 99.0, 0.125, -2.5, 1e9 + 0.005]
    backend.register_frame("v", pl.DataFrame({"i": range(len(values)), "m": values}))
    ours = backend.query(f'SELECT i, {cents_sql("m")} AS c FROM "v" ORDER BY i').get_column("c").to_list()
    assert ours == (pl.Series(values) * 100).round().cast(pl.Int64).to_list()
    assert plain(ours) == ours
