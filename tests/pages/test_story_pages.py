"""The sample's story (sample_data/STORY.md) is visible on the report pages themselves."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from apptest_helpers import chart_data, chart_titled, no_errors, open_app
from cxreport.fields import Kind
from cxreport.filters import Filters
from cxreport.metrics import retention

OTHER_CHANNELS = ["Email", "Organic Search", "Referral"]


def month3_retention(table: pl.DataFrame) -> float:
    """Σ retained at k=3 / Σ cohort customers over cohorts old enough (retention_at's definition)."""
    at3 = table.filter(pl.col("period") == 3)
    return at3.get_column("retained").sum() / at3.get_column("customers").sum()


def shown_cohort_table(at) -> pl.DataFrame:
    """The cohort table under the cohorts page's charts (the last dataframe on the page)."""
    return pl.from_pandas(at.dataframe[-1].value).with_columns(pl.col("cohort").cast(pl.Date))


@pytest.fixture(scope="module")
def cohorts_social():
    return open_app("cohorts", {"channel": "Social Ads"})


@pytest.fixture(scope="module")
def cohorts_others():
    return open_app("cohorts", {"channel": OTHER_CHANNELS})


@pytest.mark.parametrize(("fixture", "channels"), [("cohorts_social", ["Social Ads"]), ("cohorts_others", OTHER_CHANNELS)])
def test_cohort_table_is_the_library_table_on_the_filtered_orders(request, sample_workspace, fixture, channels):
    at = request.getfixturevalue(fixture)
    no_errors(at)
    assert at.sidebar.multiselect(key="w_dim_channel").value == channels
    orders = sample_workspace.filtered(Kind.ORDERS, Filters(dims={"channel": tuple(channels)}))
    expected = retention.cohort_retention(orders, period="month", mode="on_period")
    shown = shown_cohort_table(at)
    key = ["cohort", "period"]
    assert shown.select(*key, "customers", "retained").sort(key).equals(
        expected.select(pl.col("cohort").cast(pl.Date), "period", "customers", "retained").sort(key))


def test_social_ads_keeps_fewer_customers(sample_workspace, cohorts_social, cohorts_others):
    social = month3_retention(shown_cohort_table(cohorts_social))
    others = month3_retention(shown_cohort_table(cohorts_others))
    # The library on the filtered tables agrees with what the pages show...
    for channels, shown in ((("Social Ads",), social), (tuple(OTHER_CHANNELS), others)):
        orders = sample_workspace.filtered(Kind.ORDERS, Filters(dims={"channel": channels}))
        at3 = retention.retention_at(retention.cohort_retention(orders, period="month"), 3)
        assert at3.item(0, "rate") == pytest.approx(shown)
    # ...and the story holds: Social Ads well under half the others' month-3 retention
    # (STORY.md: 12.8% vs 30.8% on cohorts up to 2026-07; all old-enough cohorts here).
    assert social < 0.5 * others
    assert 0.10 < social < 0.16 and 0.27 < others < 0.34


@pytest.fixture(scope="module")
def surveys_page():
    return open_app("surveys")


def test_nps_trend_bottoms_out_in_the_staffing_gap(surveys_page):
    no_errors(surveys_page)
    trend = chart_data(chart_titled(surveys_page, "NPS over time"))
    assert trend.height == 22  # Jan 2025 .. Oct 2026, one row per month
    worst = trend.sort("nps").row(0, named=True)
    assert dt.date(2025, 9, 1) <= worst["period"] <= dt.date(2025, 11, 1)
    # STORY.md by month: NPS 9.1, 0.0 and 8.9 in Sep-Nov 2025; the lowest month outside is 16.4 (Jun 2025).
    gap = trend.filter(pl.col("period").is_between(dt.date(2025, 9, 1), dt.date(2025, 11, 1)))
    assert gap.get_column("nps").round(1).to_list() == [9.1, 0.0, 8.9]


@pytest.mark.parametrize("query", ["(.*", "<script>alert(1)</script>", "[", "\\", "' OR 1=1 --", "%_"])
def test_hostile_comment_search_is_plain_text(surveys_page, query):
    at = surveys_page
    at.text_input(key="w_comment_query").set_value(query).run()
    no_errors(at)
    verbatims = at.dataframe[-1].value
    # Searched as literal text: any comment listed contains the query as typed.
    assert all(query.lower() in str(c).lower() for c in verbatims["comment"]), verbatims.head()
    assert at.query_params.get("q") == query  # and the search is in the link


def test_comment_search_finds_checkout_comments(surveys_page):
    at = surveys_page.text_input(key="w_comment_query").set_value("checkout").run()
    verbatims = at.dataframe[-1].value
    assert len(verbatims) > 0
    assert verbatims["comment"].str.lower().str.contains("checkout").all()


def test_ux_vs_cx_ranks_checkout_worst():
    at = open_app("ux_vs_cx")
    no_errors(at)
    comparison = pl.from_pandas(at.dataframe[0].value)
    assert comparison.height == 5  # Browse, Checkout, Delivery, Subscription, Support
    assert comparison.sort("ux_score").item(0, "touchpoint") == "Checkout"
    assert comparison.sort("cx_score").item(0, "touchpoint") == "Checkout"
    # STORY.md: Checkout task success 55.0% (22 of 40), CSAT top-2 35.9%.
    checkout = comparison.filter(pl.col("touchpoint") == "Checkout").row(0, named=True)
    assert checkout["ux_score"] == pytest.approx(55.0, abs=0.05)
    assert checkout["cx_score"] == pytest.approx(35.9, abs=0.05)
