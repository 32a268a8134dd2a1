"""The CX model page's scorecard and journey on the sample: the library's numbers, and a touchpoint filters the report."""

from __future__ import annotations

import json

import polars as pl
import pytest
from apptest_helpers import chart_data, chart_titled, metrics, no_errors, open_app, texts

from cxreport.filters import Filters
from cxreport.fields import Kind
from cxreport.metrics import indicators, journey
from cxreport.report import load_files
from cxreport.sample import sample_paths


@pytest.fixture(scope="module")
def page():
    return open_app("cx_model", timeout=240)


@pytest.fixture(scope="module")
def sample():
    return load_files([str(p) for p in sample_paths()])


def test_scorecard_cards_are_the_librarys_with_source_and_n(page, sample):
    no_errors(page)
    cards = indicators.cx_indicators(orders=sample.orders, tickets=sample.tickets, surveys=sample.surveys)
    shown = metrics(page)
    assert shown["Product quality"] == f"{100 * cards['product_quality'].value:.1f}%"
    assert shown["Speed of service"] == f"{100 * cards['speed_of_service'].value:.1f}%"
    assert shown["Information availability"] == f"{100 * cards['information_availability'].value:.1f}%"
    assert shown["Staff interaction"] == f"{100 * cards['staff_interaction'].value:.1f}%"
    # what each measures, under its card
    for measure in ("Product quality: complaints and returns per order", "Speed of service: within target",
                    "Information availability: questions a page could answer",
                    "Staff interaction: CSAT of agent-handled tickets"):
        assert measure in texts(page)
    assert f"n = {cards['speed_of_service'].n:,}" in texts(page)


def test_journey_chart_and_friction_points_are_the_librarys(page, sample):
    expected = journey.journey(surveys=sample.surveys, tickets=sample.tickets, ux=sample.ux, orders=sample.orders)
    drawn = chart_data(chart_titled(page, "The journey: friction per touchpoint"))
    assert sorted(drawn.get_column("touchpoint").to_list()) == sorted(expected.get_column("touchpoint").to_list())
    by_point = dict(drawn.select("touchpoint", "friction_score").iter_rows())
    assert [by_point[t] for t in expected.get_column("touchpoint")] == pytest.approx(
        expected.get_column("friction_score").to_list())
    ranked = pl.from_pandas(page.dataframe[-1].value)
    assert ranked.get_column("touchpoint").to_list()[:2] == ["Checkout", "Delivery"]
    assert ranked.get_column("friction_score").to_list() == pytest.approx(
        journey.friction_points(expected).get_column("friction_score").to_list())


def test_a_selected_touchpoint_filters_the_report_and_the_journey_still_shows_every_touchpoint():
    at = open_app("cx_model", query={"touchpoint": "Delivery"}, timeout=240)
    no_errors(at)
    ws = load_files([str(p) for p in sample_paths()])
    delivery = Filters(dims={"touchpoint": ("Delivery",)})
    cards = indicators.cx_indicators(orders=ws.filtered(Kind.ORDERS, delivery), tickets=ws.filtered(Kind.TICKETS, delivery),
                                     surveys=ws.filtered(Kind.SURVEYS, delivery))
    assert f"n = {cards['speed_of_service'].n:,}" in texts(at)  # the scorecard is on Delivery's tickets only
    chart = chart_titled(at, "The journey: friction per touchpoint")
    assert chart_data(chart).height == 5  # every touchpoint, the picked one highlighted
    spec = json.dumps(json.loads(chart.proto.spec))
    assert '"touchpoint": "Delivery"' in spec



def test_dimensions_and_stages_read_in_indonesian_in_the_tables():
    """Categorical columns (SERVQUAL dimension, journey stage) are shown by their names in the
    reader's language, never as their codes."""
    at = open_app("cx_model", {"lang": "id"})
    shown = " ".join(str(v) for df in at.dataframe for v in getattr(df.value, "data", df.value).to_numpy().ravel())
    assert "Bukti fisik" in shown  # the dimension column, sent as its Indonesian names
    # a text column is labelled by the table's Styler, which AppTest does not apply: its formatter
    import polars as pl

    from cxreport.columns import cell_formatter
    assert cell_formatter("stage", pl.String, "id")("buy") == "Membeli"
