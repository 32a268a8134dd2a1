"""Clicking a cohort in the retention heatmap narrows the retention curves to it and puts it in the URL."""

import datetime as dt
import re

import pytest

from cxreport.charts import HIGHLIGHTED_COHORTS
from cxreport.i18n import t


def chart_titled(app, title: str):
    return app.page.locator('[data-testid="stVegaLiteChart"]').filter(
        has=app.page.locator(".role-title-text", has_text=title))


COHORT = t("axis.cohort", "en")  # "Cohort (first purchase)", as each cell's aria-label names it
COHORT_IN_LABEL = re.compile(re.escape(COHORT) + r": ([^;]+)")


def drawn_lines(chart) -> int:
    return chart.locator(".mark-line path").count()


@pytest.mark.e2e
def test_clicking_a_heatmap_cell_selects_its_cohort(app):
    app.open("/cohorts")
    app.charts()
    heatmap = chart_titled(app, t("chart.retention_heatmap", "en"))
    curves = chart_titled(app, t("chart.retention_curves", "en"))
    cells = heatmap.locator(f'.mark-rect path[aria-label*="{COHORT}"]')  # not the legend's gradient
    # before any pick the curves show a few cohorts spread over time (not one line per cohort),
    # over the grey range of all of them
    cohort_labels = {COHORT_IN_LABEL.search(label).group(1)
                     for label in (c.get_attribute("aria-label") for c in cells.all())}
    assert len(cohort_labels) > HIGHLIGHTED_COHORTS
    assert drawn_lines(curves) == HIGHLIGHTED_COHORTS

    cell = cells.nth(30)
    label = COHORT_IN_LABEL.search(cell.get_attribute("aria-label")).group(1)
    cohort = dt.datetime.strptime(label, "%b %Y").date().isoformat()  # "Feb 2025" -> 2025-02-01
    box = cell.bounding_box()
    # a corner of the cell: its centre holds the percentage label, a separate text mark
    app.page.mouse.click(box["x"] + 3, box["y"] + 3)
    app.wait()
    app.charts()

    assert f"cohort={cohort}" in app.query.split("&")
    assert app.errors() == []
    curves = chart_titled(app, t("chart.retention_curves", "en"))
    assert drawn_lines(curves) == 1
    assert [x.text_content() for x in curves.locator(".role-legend-label text").all()] == [label]
    app.screenshot("cohorts_one_picked")
