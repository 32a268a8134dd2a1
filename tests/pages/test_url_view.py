"""The URL reproduces the view: filters and parameters read from the link, bad values fall
back with a notice, and every widget change is written back to the link."""

from __future__ import annotations

import datetime as dt

import pytest

from apptest_helpers import library_tables, metrics, no_errors, open_app
from cxreport import headlines
from cxreport.fields import Kind
from cxreport.filters import Filters


def sidebar_values(at) -> dict:
    return {
        "period": at.sidebar.selectbox(key="w_period").value,
        "lang": at.sidebar.selectbox(key="w_lang").value,
        "channel": at.sidebar.multiselect(key="w_dim_channel").value,
        "segment": at.sidebar.multiselect(key="w_dim_segment").value,
        "dates": at.sidebar.date_input(key="w_date_range").value,
    }


def test_link_with_channel_and_quarter_reproduces_the_library_numbers(sample_workspace):
    at = open_app("overview", {"channel": "Email", "period": "quarter"})
    no_errors(at)
    assert not at.warning
    shown = sidebar_values(at)
    assert shown["period"] == "quarter" and shown["channel"] == ["Email"] and shown["segment"] == []
    tables = library_tables(sample_workspace, Filters(dims={"channel": ("Email",)}))
    cards = [headlines.card(h, lang="en", currency=sample_workspace.currency(Kind.ORDERS), period="quarter")
             for h in headlines.headlines(tables, period="quarter")]
    assert metrics(at) == {c.label: c.value for c in cards}
    # Spot-check against the table itself: Email customers with a paid order in Q3 2026
    # (the last complete quarter; the data ends 2026-10-31).
    # (a refund-only customer is not active: 395 customers have rows, 394 bought).
    assert metrics(at)["Active customers"] == "394"
    assert at.query_params == {"channel": "Email", "period": "quarter"}  # the link stays as given


@pytest.mark.parametrize(("query", "key", "value", "default"), [
    ({"period": "fortnight"}, "period", "fortnight", "month"),
    ({"channel": "Nope"}, "channel", "Nope", "All"),
    ({"from": "notadate"}, "from", "notadate", None),
])
def test_invalid_link_values_fall_back_with_a_notice(query, key, value, default):
    at = open_app("overview", query)
    no_errors(at)
    notices = [w.value for w in at.warning]
    assert len(notices) == 1 and f"'{value}'" in notices[0] and f"'{key}'" in notices[0], notices
    if default:
        assert f"showing '{default}' instead" in notices[0]
    shown = sidebar_values(at)
    assert shown["period"] == "month" and shown["channel"] == []
    assert shown["dates"] == (dt.date(2025, 1, 1), dt.date(2026, 10, 31))  # the whole sample
    assert metrics(at)["Active customers"] == "1,195"  # the unfiltered default view (buyers in Oct 2026)
    assert at.query_params == {}  # the bad value is dropped from the link


def test_notices_are_in_the_links_language():
    at = open_app("overview", {"lang": "id", "period": "fortnight"})
    no_errors(at)
    assert len(at.warning) == 1 and "fortnight" in at.warning[0].value and "tidak" in at.warning[0].value


def test_widget_changes_are_written_to_the_link_and_read_back():
    at = open_app("cohorts")
    at.sidebar.selectbox(key="w_period").set_value("quarter").run()
    assert at.query_params == {"period": "quarter"}
    at.sidebar.multiselect(key="w_dim_channel").set_value(["Referral", "Social Ads"]).run()
    at.sidebar.date_input(key="w_date_range").set_value((dt.date(2025, 3, 1), dt.date(2026, 6, 30))).run()
    at.segmented_control(key="w_retention_basis").set_value("revenue").run()
    no_errors(at)
    assert at.query_params == {"period": "quarter", "channel": ["Referral", "Social Ads"], "from": "2025-03-01",
                               "to": "2026-06-30", "basis": "revenue"}
    # The view survives moving to another page (Streamlit would clear the query string).
    at.switch_page("pages/surveys.py").run()
    assert at.query_params["basis"] == "revenue" and at.query_params["period"] == "quarter"
    at.switch_page("pages/cohorts.py").run()
    table = at.dataframe[-1].value

    # A fresh session opened on that link shows the same view and the same numbers.
    again = open_app("cohorts", dict(at.query_params))
    no_errors(again)
    assert not again.warning
    assert sidebar_values(again) == sidebar_values(at)
    assert again.segmented_control(key="w_retention_basis").value == "revenue"
    assert again.dataframe[-1].value.equals(table)
    assert again.query_params == at.query_params
    assert str(table["cohort"].min())[:10] == "2025-01-01"  # Q1 2025 cohort: orders from 2025-03-01 on


# Page parameters: (page, widget kind, key, new value, URL key, URL value)
PAGE_PARAMETERS = [
    ("churn", "number_input", "w_churn_window_input", 90, "window", "90"),
    ("churn", "selectbox", "w_survival_by_input", "channel", "by", "channel"),
    ("clv", "number_input", "w_clv_horizon", 24, "horizon", "24"),
    ("clv", "number_input", "w_clv_margin", 0.4, "margin", "0.4"),
    ("surveys", "selectbox", "w_segment_by_input", "channel", "seg", "channel"),
    ("ux_vs_cx", "segmented_control", "w_ux_by", "segment", "ux_by", "segment"),
    ("cohorts", "segmented_control", "w_retention_mode", "unbounded", "mode", "unbounded"),
]


@pytest.mark.parametrize(("page", "kind", "key", "value", "url_key", "url_value"), PAGE_PARAMETERS,
                         ids=[p[4] for p in PAGE_PARAMETERS])
def test_page_parameters_round_trip_through_the_link(page, kind, key, value, url_key, url_value):
    at = open_app(page)
    getattr(at, kind)(key=key).set_value(value).run()
    no_errors(at)
    assert at.query_params == {url_key: url_value}
    again = open_app(page, {url_key: url_value})
    no_errors(again)
    assert not again.warning
    assert getattr(again, kind)(key=key).value == value
    # The same view draws the same tables.
    assert [d.value.shape for d in again.dataframe] == [d.value.shape for d in at.dataframe]
    if at.dataframe:
        assert again.dataframe[0].value.equals(at.dataframe[0].value)
