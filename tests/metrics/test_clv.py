"""RFM summary and CLV: hand-computed tiny tables, lifetimes' own code and the CDNOW data."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import cdnow
from block_rows import block_rows
from cxreport.errors import CXError, EmptyResult
from cxreport.fields import OrderColumns
from cxreport.metrics.clv import (
    calibration_holdout,
    clv_by_group,
    clv_summary,
    discounted_expected_purchases,
    historical_clv,
    model_parameters,
    monthly_discount_rate,
    predictive_clv,
    simple_clv,
)
from cxreport.metrics.churn import churn_by_period, default_churn_window_days
from cxreport.metrics.rfm import rfm_summary


def d(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day)


# --- rfm_summary on a table small enough to compute by hand ---------------------------------

# Customer A: 01-01 two line items 10+5 (=15); 01-08 two orders 20 and 4 (=24);
# 01-15 a refund only (not a purchase); 01-22 30 with a same-day refund -6 (=24);
# 01-29 a test order (dropped). B: one purchase on 01-10. C: 01-03, and a cancelled order.
RFM_ROWS = [
    ("A", "o1", "2024-01-01 09:00", 10.0, False, False),
    ("A", "o1", "2024-01-01 09:00", 5.0, False, False),
    ("A", "o2", "2024-01-08 10:00", 20.0, False, False),
    ("A", "o3", "2024-01-08 18:00", 4.0, False, False),
    ("A", "r1", "2024-01-15 12:00", -10.0, False, False),
    ("A", "o4", "2024-01-22 08:00", 30.0, False, False),
    ("A", "r2", "2024-01-22 20:00", -6.0, False, False),
    ("A", "t1", "2024-01-29 08:00", 100.0, True, False),
    ("B", "o5", "2024-01-10 11:00", 50.0, False, False),
    ("C", "o6", "2024-01-03 11:00", 7.0, False, False),
    ("C", "o7", "2024-01-05 11:00", 99.0, False, True),
]


@pytest.fixture
def rfm_orders() -> pl.DataFrame:
    return pl.DataFrame(
        [(c, o, d(t), a, test, cancelled) for c, o, t, a, test, cancelled in RFM_ROWS],
        schema=["customer_id", "order_id", "order_date", "amount", "is_test", "is_cancelled"],
        orient="row",
    )


def test_rfm_summary_weeks_by_hand(rfm_orders):
    rfm = rfm_summary(rfm_orders, time_unit="week", observation_end="2024-01-31")
    # A: purchase days 01-01, 01-08, 01-22 -> x = 2; t_x = 21 days = 3 weeks; T = 30/7;
    #    monetary = mean(24, 24) = 24 (first day's 15 left out).
    # B: x = 0, T = 21/7 = 3.  C: x = 0, T = 28/7 = 4 (the cancelled order is not a purchase).
    expected = pl.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "frequency": [2, 0, 0],
            "recency": [3.0, 0.0, 0.0],
            "T": [30 / 7, 3.0, 4.0],
            "monetary_value": [24.0, 0.0, 0.0],
        }
    )
    assert_frame_equal(rfm, expected)


def test_rfm_summary_days_and_default_end(rfm_orders):
    rfm = rfm_summary(rfm_orders, time_unit="day")
    # Default end = last purchase day, 01-22 (the test order on 01-29 does not count).
    # A: t_x = 21, T = 21; B: T = 12; C: T = 19.
    assert rfm["recency"].to_list() == [21.0, 0.0, 0.0]
    assert rfm["T"].to_list() == [21.0, 12.0, 19.0]


def test_rfm_summary_calibration_and_holdout_by_hand(rfm_orders):
    rfm = rfm_summary(rfm_orders, time_unit="week", calibration_end="2024-01-10", observation_end="2024-01-31")
    # Calibration up to 01-10: A bought 01-01 and 01-08 -> x = 1, t_x = 1 week, T = 9/7, m = 24;
    # holdout (01-10, 01-31]: A's 01-22 day (value 24) -> 1 purchase, mean 24; duration 21/7 = 3.
    # B first bought on 01-10 itself: x = 0, T = 0. C: x = 0, T = 7/7 = 1.
    expected = pl.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "frequency": [1, 0, 0],
            "recency": [1.0, 0.0, 0.0],
            "T": [9 / 7, 0.0, 1.0],
            "monetary_value": [24.0, 0.0, 0.0],
            "frequency_holdout": [1, 0, 0],
            "monetary_value_holdout": [24.0, 0.0, 0.0],
            "duration_holdout": [3.0, 3.0, 3.0],
        }
    )
    assert_frame_equal(rfm, expected)


def test_rfm_summary_takes_dates_duckdb_relations_and_other_names(rfm_orders):
    reference = rfm_summary(rfm_orders, observation_end="2024-01-31")
    renamed = rfm_orders.rename({"customer_id": "client", "order_date": "placed", "amount": "total"})
    cols = OrderColumns(customer_id="client", order_date="placed", amount="total")
    assert_frame_equal(rfm_summary(renamed, cols, observation_end="2024-01-31"), reference)
    as_dates = rfm_orders.with_columns(pl.col("order_date").cast(pl.Date))
    assert_frame_equal(rfm_summary(as_dates.lazy(), observation_end=dt.date(2024, 1, 31)), reference)
    relation = duckdb.connect().from_arrow(rfm_orders.to_arrow())
    assert_frame_equal(rfm_summary(relation, observation_end="2024-01-31"), reference)


def test_rfm_summary_explains_user_mistakes(rfm_orders):
    with pytest.raises(CXError) as missing:
        rfm_summary(rfm_orders.drop("amount"))
    assert missing.value.code == "orders_missing_columns" and "amount" in missing.value.message
    with pytest.raises(CXError) as late:
        rfm_summary(rfm_orders, calibration_end="2024-02-01", observation_end="2024-01-31")
    assert late.value.code == "calibration_after_observation"
    with pytest.raises(EmptyResult):
        rfm_summary(rfm_orders.filter(pl.col("amount") < 0))


@pytest.mark.network
def test_rfm_summary_reproduces_the_published_cdnow_summary(cdnow_rfm, cdnow_published_summary):
    # FHL's file has x, t_x, T in weeks rounded to 2 decimals and zbar = mean repeat spend.
    joined = cdnow_rfm.join(cdnow_published_summary, on="customer_id", how="full", coalesce=True)
    assert joined.height == cdnow_published_summary.height == 2357
    assert (joined["frequency"] == joined["x"]).all()
    assert (joined["recency"] - joined["t_x"]).abs().max() < 0.005 + 1e-9
    assert (joined["T"] - joined["T_right"]).abs().max() < 0.005 + 1e-9
    assert (joined["monetary_value"] - joined["zbar"]).abs().max() < 0.005 + 1e-9


def test_rfm_summary_is_the_same_counted_in_blocks(cdnow_orders):
    """A block of whole customers at a time (`_runs.in_blocks`, 50 purchase days here: dozens
    of blocks) gives the very same summary, with and without a holdout."""
    ends = {"calibration_end": cdnow.CALIBRATION_END, "observation_end": cdnow.OBSERVATION_END}
    whole = [rfm_summary(cdnow_orders.clone(), time_unit="day"), rfm_summary(cdnow_orders.clone(), **ends)]
    with block_rows(50):
        blocks = [rfm_summary(cdnow_orders.clone(), time_unit="day"), rfm_summary(cdnow_orders.clone(), **ends)]
    for ours, reference in zip(blocks, whole):
        assert_frame_equal(ours, reference)


@pytest.mark.network
@pytest.mark.parametrize("time_unit, multiplier", [("week", 7), ("day", 1)])
def test_rfm_summary_equals_lifetimes(cdnow_orders, time_unit, multiplier):
    lifetimes = cdnow.lifetimes_utils()
    if lifetimes is None:
        pytest.skip("lifetimes.utils cannot be imported here (pandas missing)")
    transactions = cdnow_orders.to_pandas()
    reference = lifetimes.calibration_and_holdout_data(
        transactions, "customer_id", "order_date", cdnow.CALIBRATION_END, cdnow.OBSERVATION_END,
        freq="D", freq_multiplier=multiplier, monetary_value_col="amount",
    )
    ours = rfm_summary(cdnow_orders, time_unit=time_unit, calibration_end=cdnow.CALIBRATION_END, observation_end=cdnow.OBSERVATION_END)
    theirs = pl.from_pandas(reference.reset_index()).rename(
        {"frequency_cal": "frequency", "recency_cal": "recency", "T_cal": "T", "monetary_value_cal": "monetary_value"}
    )
    joined = ours.join(theirs, on="customer_id", suffix="_lifetimes")
    assert joined.height == ours.height == theirs.height
    for column in ("frequency", "recency", "T", "monetary_value", "frequency_holdout", "duration_holdout"):
        np.testing.assert_allclose(joined[column].to_numpy().astype(float), joined[f"{column}_lifetimes"].to_numpy(), rtol=1e-12, err_msg=column)
    # lifetimes averages raw holdout rows, we average purchase days: equal where a
    # customer never bought twice on one holdout day.
    one_row_per_day = (
        cdnow_orders.filter(pl.col("order_date") > dt.datetime(1997, 9, 30))
        .group_by("customer_id", pl.col("order_date").dt.date()).len()
        .group_by("customer_id").agg((pl.col("len") == 1).all().alias("simple"))
    )
    simple = joined.join(one_row_per_day, on="customer_id", how="left").filter(pl.col("simple").fill_null(True))
    assert simple.height > 2300
    np.testing.assert_allclose(simple["monetary_value_holdout"], simple["monetary_value_holdout_lifetimes"], rtol=1e-12)


# --- historical and simple CLV on a hand-computed shop --------------------------------------

# month: Jan           Feb            Mar
# A (x)  10 (4+6)      20 (seg y)     refund -5
# B (y)  30                           40
# C (x)                8              12
# D (y)                6
SHOP_ROWS = [
    ("A", "2024-01-05", 4.0, "x"), ("A", "2024-01-05", 6.0, "x"), ("A", "2024-02-10", 20.0, "y"),
    ("A", "2024-03-02", -5.0, "x"),
    ("B", "2024-01-20", 30.0, "y"), ("B", "2024-03-15", 40.0, "y"),
    ("C", "2024-02-03", 8.0, "x"), ("C", "2024-03-09", 12.0, "x"),
    ("D", "2024-02-25", 6.0, "y"),
]


@pytest.fixture
def shop() -> pl.DataFrame:
    rows = [(c, d(t), a, s, False) for c, t, a, s in SHOP_ROWS] + [("E", d("2024-01-02"), 500.0, "x", True)]
    return pl.DataFrame(rows, schema=["customer_id", "order_date", "amount", "segment", "is_test"], orient="row")


def test_historical_clv_by_cohort_by_hand(shop):
    table = historical_clv(shop, period="month")
    # Jan cohort {A, B}, observed to age 2: age 0: 10+30 = 40; age 1: +20 = 60; age 2: -5+40 -> 95.
    # Feb cohort {C, D}, observed to age 1: age 0: 8+6 = 14; age 1: +12 = 26. E is a test customer.
    expected = pl.DataFrame(
        {
            "cohort": [dt.date(2024, 1, 1)] * 3 + [dt.date(2024, 2, 1)] * 2,
            "age": [0, 1, 2, 0, 1],
            "customers": [2, 2, 2, 2, 2],
            "cumulative_revenue": [40.0, 60.0, 95.0, 14.0, 26.0],
            "cumulative_revenue_per_customer": [20.0, 30.0, 47.5, 7.0, 13.0],
        }
    )
    assert_frame_equal(table, expected)


def test_historical_clv_by_group_counts_only_customers_old_enough(shop):
    table = historical_clv(shop, period="month", by="segment")
    # Group = segment of the first purchase: x = {A (ages 0-2), C (ages 0-1)}, y = {B (0-2), D (0-1)}.
    # x: age 0: 10+8 = 18 / 2; age 1: (10+20)+(8+12) = 50 / 2; age 2: only A, 10+20-5 = 25 / 1.
    # y: age 0: 30+6 = 36 / 2; age 1: 36 / 2; age 2: only B, 30+40 = 70 / 1.
    expected = pl.DataFrame(
        {
            "segment": ["x", "x", "x", "y", "y", "y"],
            "age": [0, 1, 2, 0, 1, 2],
            "customers": [2, 2, 1, 2, 2, 1],
            "cumulative_revenue": [18.0, 50.0, 25.0, 36.0, 36.0, 70.0],
            "cumulative_revenue_per_customer": [9.0, 25.0, 25.0, 18.0, 18.0, 70.0],
        }
    )
    assert_frame_equal(table, expected)
    with pytest.raises(CXError):
        historical_clv(shop, by="plan")


# Purchase days built so the churn with a 30-day window can be read off a calendar (2024):
#   A: Jan 1, Jan 20, Feb 15, Mar 10, Apr 5, Apr 30, May 25 (10 each): never 30 days silent.
#   B: Jan 10 (30): silent from then on.      C: Jan 25, Mar 15 (20 each): 49 days between.
#   D: May 31 (50): a first purchase on the last day, so May is complete.
# Churn is reported from the first month starting ≥ 30 days after Jan 1: Feb … May.
#   Feb 1: active (a purchase in Jan 2–31) A, B, C; B (Jan 10 + 30 = Feb 9) and C (Feb 24) churn.
#   Mar 1: active (Jan 31–Feb 29) A only.       Apr 1: active (Mar 2–31) A, C; C churns (Apr 14).
#   May 1: active (Apr 1–30) A only.            Pooled: (2 + 0 + 1 + 0) / (3 + 1 + 2 + 1) = 3/7.
# ARPU, observed churn: per customer alive as churn counts it, over the churn's months Feb … May:
#   revenue 10 + 30 + 20 + 60 = 120 over (active at the start 3 + 1 + 2 + 1) + (new: D in May) = 8 -> 15.
# ARPU, given churn: per buyer, Jan (20 + 30 + 20)/3, Feb 10/1, Mar (10 + 20)/2, Apr 20/1, May (10 + 50)/2; mean.
CHURN_ROWS = [("A", t, 10.0) for t in ("2024-01-01", "2024-01-20", "2024-02-15", "2024-03-10", "2024-04-05",
                                        "2024-04-30", "2024-05-25")]
CHURN_ROWS += [("B", "2024-01-10", 30.0), ("C", "2024-01-25", 20.0), ("C", "2024-03-15", 20.0), ("D", "2024-05-31", 50.0)]
CHURN_ARPU = 120 / 8
BUYER_ARPU = (70 / 3 + 10 + 15 + 20 + 30) / 5


@pytest.fixture
def lapsing() -> pl.DataFrame:
    return pl.DataFrame([(c, d(t), a) for c, t, a in CHURN_ROWS], schema=["customer_id", "order_date", "amount"],
                        orient="row")


def test_simple_clv_by_hand(lapsing):
    row = simple_clv(lapsing, margin=0.5, period="month", window_days=30).row(0, named=True)
    assert row["periods"] == 5
    assert row["arpu"] == pytest.approx(CHURN_ARPU)
    assert (row["churned"], row["active_start"], row["churn_periods"]) == (3, 7, 4)
    assert (row["churn_first_period"], row["churn_last_period"]) == (dt.date(2024, 2, 1), dt.date(2024, 5, 1))
    assert row["churn_rate"] == pytest.approx(3 / 7)
    assert row["churn_window_days"] == 30 and row["churn_rate_observed"] is True
    assert row["expected_lifetime_periods"] == pytest.approx(7 / 3)
    assert row["clv"] == pytest.approx(CHURN_ARPU * 0.5 * 7 / 3)
    given = simple_clv(lapsing, margin=0.4, churn_rate=0.25).row(0, named=True)
    assert given["churn_rate_observed"] is False and given["churn_window_days"] is None and given["churned"] is None
    assert given["expected_lifetime_periods"] == pytest.approx(4.0)
    assert given["arpu"] == pytest.approx(BUYER_ARPU)
    assert given["clv"] == pytest.approx(BUYER_ARPU * 0.4 / 0.25)


def test_simple_clv_uses_the_churn_pages_churn_for_the_same_window_and_period(lapsing, shop):
    # The Churn page draws churn_by_period(window, period); simple CLV pools exactly those rows.
    for window, period in ((30, "month"), (45, "month"), (30, "week"), (60, "quarter")):
        rates = churn_by_period(lapsing, window_days=window, period=period)
        churned, active = rates["churned"].sum(), rates["active_start"].sum()
        if not churned:
            continue
        row = simple_clv(lapsing, window_days=window, period=period).row(0, named=True)
        assert row["churn_rate"] == pytest.approx(churned / active)
    # Without a window, the Churn page's default window is used.
    longer = pl.concat([lapsing, lapsing.with_columns(pl.col("order_date").dt.offset_by("5mo"))])
    default = default_churn_window_days(longer).days
    rates = churn_by_period(longer, window_days=default)
    row = simple_clv(longer).row(0, named=True)
    assert row["churn_window_days"] == default
    assert row["churn_rate"] == pytest.approx(rates["churned"].sum() / rates["active_start"].sum())


def test_simple_clv_says_when_churn_cannot_be_observed(lapsing):
    # Jan–Feb only with a 45-day window: no complete month starts 45 days after Jan 1 before the data ends.
    early = lapsing.filter(pl.col("order_date") < d("2024-03-01"))
    with pytest.raises(CXError) as unobserved:
        simple_clv(early, window_days=45)
    assert unobserved.value.code == "clv_churn_not_observed" and unobserved.value.params == {"window_days": 45}
    # A alone never goes 30 days silent: no churn, CLV would be infinite.
    with pytest.raises(CXError) as endless:
        simple_clv(lapsing.filter(pl.col("customer_id") == "A"), window_days=30)
    assert endless.value.code == "clv_no_churn"


def test_simple_clv_rejects_impossible_inputs(shop):
    for kwargs in ({"margin": 1.5}, {"churn_rate": 0.0}, {"margin": -0.1}, {"churn_rate": 1.2}):
        with pytest.raises(CXError):
            simple_clv(shop, **kwargs)
    with pytest.raises(CXError) as single:
        simple_clv(shop.filter(pl.col("order_date").dt.month() == 1))
    assert single.value.code == "clv_one_period"


# --- predictive CLV and the calibration/holdout check on CDNOW --------------------------------


def test_monthly_discount_rate_compounds_to_the_annual_rate():
    assert (1 + monthly_discount_rate(0.10)) ** 12 == pytest.approx(1.10)


@pytest.mark.network
def test_predictive_clv_on_cdnow(cdnow_orders, cdnow_bgnbd):
    result = predictive_clv(cdnow_orders, as_of=cdnow.CALIBRATION_END, horizon_months=12, annual_discount_rate=0.0, margin=0.5)
    # Fitted up to the end of week 39, the models are FHL's published ones.
    assert result.purchases.r == pytest.approx(0.243, rel=0.02)
    assert result.spend.p == pytest.approx(6.25, rel=0.02)
    customers = result.customers
    assert customers.columns == [
        "customer_id", "frequency", "recency", "T", "monetary_value", "p_alive", "expected_purchases", "expected_spend", "clv"
    ]
    assert customers.height == 2357
    # Without discounting the monthly sum telescopes: clv = margin × spend × E[Y(12 months)].
    np.testing.assert_allclose(customers["clv"], 0.5 * customers["expected_spend"] * customers["expected_purchases"], rtol=1e-9)
    # Customers without repeat spend get the population mean p·v/(q−1).
    no_repeat = customers.filter(pl.col("frequency") == 0)
    np.testing.assert_allclose(no_repeat["expected_spend"], result.spend.p * result.spend.v / (result.spend.q - 1))
    assert (customers["p_alive"].filter(customers["frequency"] == 0) == 1).all()
    discounted = predictive_clv(cdnow_orders, as_of=cdnow.CALIBRATION_END, annual_discount_rate=0.10, margin=0.5).customers
    ratio = (discounted["clv"] / customers["clv"]).to_numpy()
    # Discounting 0..12 months at 10% a year shrinks every value by a factor in (1/1.1, 1).
    assert np.all((ratio < 1) & (ratio > 1 / 1.1))


@pytest.mark.network
def test_predictive_clv_equals_lifetimes_customer_lifetime_value(cdnow_rfm, cdnow_bgnbd):
    lifetimes = cdnow.lifetimes_utils()
    if lifetimes is None:
        pytest.skip("lifetimes.utils cannot be imported here")
    import pandas as pd

    class Model:  # lifetimes' interface: predict(t, frequency, recency, T)
        def predict(self, t, frequency, recency, T):
            return cdnow_bgnbd.expected_purchases(t, frequency.to_numpy(), recency.to_numpy(), T.to_numpy())

    sample = cdnow_rfm.filter(pl.col("frequency") > 0).head(50).to_pandas()
    monthly = 0.01
    reference = lifetimes._customer_lifetime_value(
        Model(), sample["frequency"], sample["recency"], sample["T"], pd.Series(np.ones(len(sample))), time=12,
        discount_rate=monthly, freq="W",
    )
    ours = discounted_expected_purchases(
        cdnow_bgnbd, sample["frequency"].to_numpy(float), sample["recency"].to_numpy(), sample["T"].to_numpy(),
        horizon_months=12, annual_discount_rate=(1 + monthly) ** 12 - 1,
    )
    # lifetimes' month is 4.345 weeks, ours 365.25/12/7 = 4.348: agreement to 0.1%.
    np.testing.assert_allclose(ours, reference.to_numpy(), rtol=1e-3)


@pytest.mark.network
def test_calibration_holdout_on_cdnow(cdnow_orders, cdnow_rfm, cdnow_bgnbd):
    check = calibration_holdout(cdnow_orders, calibration_end=cdnow.CALIBRATION_END, observation_end=cdnow.OBSERVATION_END)
    assert check.model == cdnow_bgnbd
    # Next to it, the Gamma-Gamma fit of the same calibration period: FHL's published
    # p = 6.25, q = 3.74, v = 15.44 on the 946 repeat customers of the 39 calibration weeks.
    assert check.spend is not None and check.spend.n == 946
    assert (check.spend.p, check.spend.q, check.spend.v) == (pytest.approx(6.25, rel=0.02), pytest.approx(3.74, rel=0.02),
                                                             pytest.approx(15.44, rel=0.02))
    bought = cdnow_rfm.filter((pl.col("frequency_holdout") > 0) & (pl.col("monetary_value_holdout") > 0))
    assert check.holdout_spenders == bought.height
    assert check.actual_holdout_spend_mean == pytest.approx(
        (bought["frequency_holdout"] * bought["monetary_value_holdout"]).sum() / bought["frequency_holdout"].sum())
    # The default split halves the 78 weeks: FHL's own calibration end.
    assert calibration_holdout(cdnow_orders).calibration_end == dt.date(1997, 9, 30)
    table = check.by_frequency
    assert table["frequency_calibration"].to_list() == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    buckets = cdnow_rfm.with_columns(pl.col("frequency").clip(upper_bound=7))
    actual = buckets.group_by("frequency").agg(pl.len(), pl.col("frequency_holdout").mean()).sort("frequency")
    assert table["customers"].to_list() == actual["len"].to_list()
    np.testing.assert_allclose(table["actual_holdout_mean"], actual["frequency_holdout"])
    # The model tracks the holdout: within 15% in total (FHL figure 4 shows a close fit).
    assert check.total_predicted_holdout == pytest.approx(check.total_actual_holdout, rel=0.15)
    assert check.total_actual_holdout == cdnow_rfm["frequency_holdout"].sum()

    cumulative = check.cumulative
    assert cumulative.height == 78  # weeks 1997-01-01 .. 1998-06-30
    week39 = cumulative.filter(pl.col("period") == 39).row(0, named=True)
    assert week39["period_end"] == dt.date(1997, 9, 30) and not week39["in_holdout"]
    # Actual: all repeat purchase days, counted independently from the raw rows.
    days = cdnow_orders.select("customer_id", pl.col("order_date").dt.date().alias("day")).unique()
    repeat_days = days.height - days["customer_id"].n_unique()
    assert cumulative["actual_cumulative"][-1] == repeat_days
    assert week39["actual_cumulative"] == cdnow_rfm["frequency"].sum()
    assert week39["predicted_cumulative"] == pytest.approx(week39["actual_cumulative"], rel=0.05)
    assert cumulative["predicted_cumulative"][-1] == pytest.approx(repeat_days, rel=0.08)
    # Predicted at week 10 = Σ over customers of E[X(age at 1997-03-11)], age = days since first / 7.
    first = days.group_by("customer_id").agg(pl.col("day").min())
    ages = ((dt.date(1997, 3, 11) - first["day"]).dt.total_days() / 7).to_numpy()
    by_hand = cdnow_bgnbd.expected_purchases_new(ages[ages > 0]).sum()
    assert cumulative.filter(pl.col("period") == 10)["predicted_cumulative"][0] == pytest.approx(by_hand, rel=1e-12)


def test_predictive_clv_needs_repeat_customers(rfm_orders):
    with pytest.raises(CXError) as few:
        predictive_clv(rfm_orders)
    assert few.value.code == "clv_too_few_repeat_customers"


@pytest.fixture(scope="module")
def synthetic_shop() -> pl.DataFrame:
    """120 customers over 2024 buying every 20–60 days with gamma-distributed amounts (seeded)."""
    rng = np.random.default_rng(2024)
    customers = np.repeat(np.arange(120), 8)
    first = np.repeat(rng.integers(0, 90, 120), 8)
    gaps = rng.integers(20, 60, customers.size)
    gaps[::8] = 0
    keeps = rng.random(customers.size) < np.repeat(rng.uniform(0.2, 1.0, 120), 8)
    keeps[::8] = True
    day = first + pl.Series(gaps).cum_sum().to_numpy() - np.repeat(pl.Series(gaps).cum_sum().to_numpy()[::8], 8)
    frame = pl.DataFrame({"customer_id": customers.astype(str), "day": day, "amount": rng.gamma(4.0, 10.0, customers.size)})
    return frame.filter(pl.Series(keeps) & (pl.col("day") < 366)).select(
        "customer_id",
        (pl.lit(dt.datetime(2024, 1, 1)) + pl.duration(days=pl.col("day"))).alias("order_date"),
        "amount",
        pl.when(pl.col("customer_id").cast(pl.Int64) % 2 == 0).then(pl.lit("even")).otherwise(pl.lit("odd")).alias("segment"),
    )


def test_predictive_clv_summary_groups_and_parameters(synthetic_shop):
    result = predictive_clv(synthetic_shop, margin=0.3, horizon_months=6)
    customers = result.customers
    assert customers.height == synthetic_shop["customer_id"].n_unique() == 120
    assert customers["p_alive"].is_between(0, 1).all() and (customers["clv"] >= 0).all()
    assert result.as_of == synthetic_shop["order_date"].max().date()
    summary = clv_summary(result)
    assert summary["customers"] == 120
    assert summary["total_clv"] == pytest.approx(float(customers["clv"].sum()))
    groups = clv_by_group(result, synthetic_shop, by="segment")
    # even/odd ids: 60 customers each; totals add up to the whole.
    assert sorted(groups["customers"].to_list()) == [60, 60]
    assert groups["total_clv"].sum() == pytest.approx(summary["total_clv"])
    even = customers.filter(pl.col("customer_id").cast(pl.Int64) % 2 == 0)["clv"].mean()
    assert groups.filter(pl.col("segment") == "even")["mean_clv"][0] == pytest.approx(even)
    parameters = model_parameters(result)
    lookup = {(m, p): v for m, p, v in parameters.iter_rows()}
    assert lookup[("BG/NBD", "r")] == result.purchases.r and lookup[("Gamma-Gamma", "q")] == result.spend.q
    assert lookup[("CLV", "margin")] == 0.3 and lookup[("CLV", "horizon_months")] == 6


def test_calibration_holdout_splits_in_half_by_default(synthetic_shop):
    check = calibration_holdout(synthetic_shop, time_unit="day")
    first, last = synthetic_shop["order_date"].min().date(), synthetic_shop["order_date"].max().date()
    assert check.calibration_end == first + dt.timedelta(days=(last - first).days // 2)
    assert check.customers["duration_holdout"][0] == (last - check.calibration_end).days
    assert check.by_frequency["customers"].sum() == check.customers.height
    assert check.cumulative.height == (last - first).days + 1
    assert check.cumulative["in_holdout"].sum() == (last - check.calibration_end).days


def test_fitting_on_a_sample_of_customers_scores_everyone_alike():
    # Above `fit_sample` customers the parameters come from a fixed random sample; every
    # customer is still scored, and the population figures barely move.
    from cxreport.sample import load_sample
    from cxreport.workspace import Workspace
    from cxreport.fields import Kind
    from cxreport.metrics import clv

    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    orders = ws.table(Kind.ORDERS)
    full = clv.predictive_clv(orders, fit_sample=None)
    sampled = clv.predictive_clv(orders, fit_sample=2_500)
    assert sampled.customers.height == full.customers.height > 2_500
    assert sampled.customers.get_column("customer_id").to_list() == full.customers.get_column("customer_id").to_list()
    assert clv.clv_summary(sampled)["mean_clv"] == pytest.approx(clv.clv_summary(full)["mean_clv"], rel=0.05)
    # Below the default sample size nothing is sampled: the default equals the full fit.
    default = clv.predictive_clv(orders)
    assert default.purchases.params == full.purchases.params


def test_the_clv_is_the_same_to_the_last_digit_whatever_blas_threads_the_process_has():
    """The app, the notebook export and the command line must agree to the last digit; a
    threaded BLAS's dot products do not (their last digit follows the thread count)."""
    root = Path(__file__).resolve().parents[2]
    probe = ("import hashlib, polars as pl\n"
             "from cxreport.loading import load_files\n"
             "from cxreport.metrics import clv\n"
             f"r = clv.predictive_clv(load_files([{str(root / 'sample_data' / 'orders.csv')!r}]).orders)\n"
             "print(hashlib.sha256(r.customers['clv'].to_numpy().tobytes()).hexdigest(), repr(r.purchases.log_likelihood))")
    printed = {subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root,
                              env={**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "PYTHONPATH": str(root)}).stdout
               for threads in (1, 2)}
    assert len(printed) == 1, printed
