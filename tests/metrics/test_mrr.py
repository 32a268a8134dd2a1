"""MRR movements and subscription churn: a hand-computed book, the bridge identity, snapshots by definition."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import EmptyResult
from cxreport.metrics._frames import calendar_periods
from cxreport.metrics.mrr import mrr_movements, subscription_churn

D = dt.datetime


def tiny_subscriptions() -> pl.DataFrame:
    # a: basic 10 from Jan 5, upgraded to pro 30 on Feb 10 (one row cancelled, the next started that day)
    # b: basic 20 from Jan 20, cancelled Mar 15
    # c: basic 15 Jan 1 .. Feb 20, back Apr 2 at 15
    # d: pro 40 from Feb 3, downgraded to basic 25 on Mar 31 (on Mar 31 only the basic row is active)
    return pl.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "d", "d"],
            "subscription_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
            "plan": ["basic", "pro", "basic", "basic", "basic", "pro", "basic"],
            "mrr": [10.0, 30.0, 20.0, 15.0, 15.0, 40.0, 25.0],
            "start_date": [D(2024, 1, 5), D(2024, 2, 10), D(2024, 1, 20), D(2024, 1, 1), D(2024, 4, 2), D(2024, 2, 3), D(2024, 3, 31)],
            "cancel_date": [D(2024, 2, 10), None, D(2024, 3, 15), D(2024, 2, 20), None, D(2024, 3, 31), None],
        }
    )


def test_mrr_bridge_by_hand():
    r = mrr_movements(tiny_subscriptions(), as_of="2024-04-30")
    # Snapshots on the last day of each month (active: start <= day < cancel):
    #   Jan 31: a 10, b 20, c 15            = 45
    #   Feb 29: a 30, b 20, d 40            = 90   (c cancelled Feb 20)
    #   Mar 31: a 30, d 25                  = 55   (b cancelled Mar 15; d's pro ended, basic began Mar 31)
    #   Apr 30: a 30, c 15, d 25            = 70
    # Jan: new 45 (a, b, c)
    # Feb: a 10->30 expansion 20; c 15->0 churned 15; d new 40         45 + 40 + 20 − 15 = 90
    # Mar: b 20->0 churned 20; d 40->25 contraction 15                 90 − 15 − 20 = 55
    # Apr: c 0->15 reactivated 15                                      55 + 15 = 70
    assert r.select("period", "mrr_start", "new", "expansion", "contraction", "churned", "reactivated", "mrr_end").rows() == [
        (dt.date(2024, 1, 1), 0.0, 45.0, 0.0, 0.0, 0.0, 0.0, 45.0),
        (dt.date(2024, 2, 1), 45.0, 40.0, 20.0, 0.0, 15.0, 0.0, 90.0),
        (dt.date(2024, 3, 1), 90.0, 0.0, 0.0, 15.0, 20.0, 0.0, 55.0),
        (dt.date(2024, 4, 1), 55.0, 0.0, 0.0, 0.0, 0.0, 15.0, 70.0),
    ]
    # NRR Feb = (45 + 20 − 0 − 15) / 45; GRR Feb = (45 − 0 − 15) / 45
    # NRR Mar = (90 + 0 − 15 − 20) / 90 = GRR Mar; Apr 55/55 = 1
    assert r.get_column("nrr").to_list()[0] is None and r.get_column("grr").to_list()[0] is None
    assert r.get_column("nrr").to_list()[1:] == pytest.approx([50 / 45, 55 / 90, 1.0])
    assert r.get_column("grr").to_list()[1:] == pytest.approx([30 / 45, 55 / 90, 1.0])
    # customers at start: Feb 3 (a, b, c), Mar 3 (a, b, d), Apr 2 (a, d); churned: Feb c, Mar b
    assert r.get_column("customers_start").to_list() == [0, 3, 3, 2]
    assert r.get_column("customers_churned").to_list() == [0, 1, 1, 0]
    assert r.get_column("customers_new").to_list() == [3, 1, 0, 0]
    assert r.get_column("customers_reactivated").to_list() == [0, 0, 0, 1]
    assert r.get_column("customers_end").to_list() == [3, 3, 2, 3]
    assert r.get_column("logo_churn_rate").to_list()[1:] == pytest.approx([1 / 3, 1 / 3, 0.0])
    # revenue churn = (contraction + churned) / start: Feb 15/45, Mar 35/90, Apr 0
    assert r.get_column("revenue_churn_rate").to_list()[1:] == pytest.approx([15 / 45, 35 / 90, 0.0])


def test_only_complete_periods_by_default():
    # latest date in the data is Apr 2 (c's restart) -> April has not ended: Jan..Mar only
    r = mrr_movements(tiny_subscriptions())
    assert r.get_column("period").to_list() == [dt.date(2024, m, 1) for m in (1, 2, 3)]
    with pytest.raises(EmptyResult):
        mrr_movements(tiny_subscriptions(), as_of="2024-01-30")


def test_subscription_churn_by_first_plan():
    r = subscription_churn(tiny_subscriptions(), as_of="2024-04-30", by="plan")
    # first plans: a basic, b basic, c basic, d pro.
    # basic: start Feb {a, b, c} churn c; Mar {a, b} churn b; Apr {a}.  pro: Mar {d}, Apr {d}.
    basic = r.filter(pl.col("plan") == "basic")
    assert basic.get_column("customers_start").to_list() == [0, 3, 2, 1]
    assert basic.get_column("customers_churned").to_list() == [0, 1, 1, 0]
    assert basic.get_column("churn_rate").to_list()[1:] == pytest.approx([1 / 3, 0.5, 0.0])
    # basic MRR: Feb start 10 + 20 + 15 = 45, c's 15 churned; Mar start a 30 + b 20 = 50, b's 20 churned
    assert basic.get_column("mrr_start").to_list() == [0.0, 45.0, 50.0, 30.0]
    assert basic.get_column("mrr_churned").to_list() == [0.0, 15.0, 20.0, 0.0]
    pro = r.filter(pl.col("plan") == "pro")
    assert pro.get_column("customers_start").to_list() == [0, 0, 1, 1]
    assert pro.get_column("churn_rate").to_list() == [None, None, 0.0, 0.0]


@st.composite
def subscription_books(draw):
    n = draw(st.integers(1, 15))
    rows = []
    for i in range(n):
        start = draw(st.dates(dt.date(2024, 1, 1), dt.date(2024, 9, 30)))
        length = draw(st.one_of(st.none(), st.integers(0, 200)))
        mrr = draw(st.integers(0, 50_000)) / 100  # whole cents, so the by-definition sum below is exact
        rows.append((draw(st.sampled_from("abcde")), f"s{i}", mrr, start, None if length is None else start + dt.timedelta(days=length)))
    return pl.DataFrame(
        rows,
        schema={"customer_id": pl.String, "subscription_id": pl.String, "mrr": pl.Float64, "start_date": pl.Date, "cancel_date": pl.Date},
        orient="row",
    ).with_columns(pl.col("start_date", "cancel_date").cast(pl.Datetime("us")))


@settings(max_examples=50, deadline=None)
@given(subscription_books())
def test_bridge_identity_and_snapshots(subs):
    as_of = dt.date(2024, 12, 31)
    r = mrr_movements(subs, as_of=as_of)
    cents = r.select((pl.col(c) * 100).round().cast(pl.Int64) for c in ("mrr_start", "new", "expansion", "contraction", "churned", "reactivated", "mrr_end"))
    bridge = cents["mrr_start"] + cents["new"] + cents["reactivated"] + cents["expansion"] - cents["contraction"] - cents["churned"]
    assert (bridge == cents["mrr_end"]).all()
    assert (cents["mrr_start"].shift(-1).head(r.height - 1) == cents["mrr_end"].head(r.height - 1)).all()
    # each snapshot equals, by definition, the sum over customers of the positive totals of
    # their subscriptions active on the period's last day
    periods = calendar_periods(subs.get_column("start_date").min().date(), as_of, "month")
    for (start, next_start), mrr_end in zip(periods.iter_rows(), cents["mrr_end"], strict=True):
        last_day = next_start - dt.timedelta(days=1)
        per_customer: dict[str, int] = {}
        for customer, mrr, s, c in subs.select("customer_id", "mrr", "start_date", "cancel_date").iter_rows():
            if s.date() <= last_day and (c is None or c.date() > last_day):
                per_customer[customer] = per_customer.get(customer, 0) + round(mrr * 100)
        assert mrr_end == sum(v for v in per_customer.values() if v > 0)
    for column in ("nrr", "grr"):
        assert (r.get_column(column).drop_nulls() >= 0).all()
    assert (r.get_column("grr").drop_nulls() <= 1).all()
    assert r.get_column("logo_churn_rate").drop_nulls().is_between(0, 1).all()
    assert (r.get_column("nrr").drop_nulls() >= r.get_column("grr").drop_nulls()).all()


def test_customers_without_a_group_are_counted_in_the_null_group():
    """A first subscription with no plan puts its customer in the null group, with its own
    numbers (they were joined away as zeros)."""
    subs = tiny_subscriptions().with_columns(pl.when(pl.col("customer_id") == "b").then(None)
                                             .otherwise(pl.col("plan")).alias("plan"))
    r = mrr_movements(subs, as_of="2024-04-30", by="plan")
    none = r.filter(pl.col("plan").is_null()).sort("period")
    # b: 20 from Jan 20, cancelled Mar 15: new 20 in January, churned 20 in March
    assert none.get_column("new").to_list() == [20.0, 0.0, 0.0, 0.0]
    assert none.get_column("churned").to_list() == [0.0, 0.0, 20.0, 0.0]
    assert none.get_column("mrr_end").to_list() == [20.0, 20.0, 0.0, 0.0]
    total = mrr_movements(subs, as_of="2024-04-30")
    by_period = r.group_by("period").agg(pl.col("mrr_end").sum()).sort("period")
    assert by_period.get_column("mrr_end").to_list() == total.sort("period").get_column("mrr_end").to_list()
