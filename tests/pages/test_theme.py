"""The app, not an import, switches Altair's theme on: every chart a page draws carries it."""

from __future__ import annotations

import json

import altair as alt
from apptest_helpers import chart_title, charts, no_errors, open_app

from cxreport import charts as chart_builders


def test_the_app_switches_the_theme_on_and_its_charts_carry_it():
    alt.theme.enable("default")  # as in a process that only imported cxreport.charts
    at = open_app("cohorts")
    no_errors(at)
    assert alt.theme.active == chart_builders.THEME_NAME
    drawn = charts(at)
    assert drawn
    for chart in drawn:
        config = json.loads(chart.proto.spec)["config"]
        assert config["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"], chart_title(chart)
        assert config["title"]["fontSize"] == 22, chart_title(chart)
