"""Clicking a touchpoint on the journey chart of the CX model page filters the whole report by
it, as the UX-vs-CX quadrant does (a cross-filter)."""

import harness as h
import pytest

from cxreport.i18n import t


@pytest.mark.e2e
def test_clicking_delivery_on_the_journey_filters_the_report(app):
    app.open("/cx_model")
    app.charts()
    assert "touchpoint=" not in app.query
    journey = h.chart_titled(app.page, t("chart.journey", "en"))
    journey.scroll_into_view_if_needed()
    app.charts()
    point = journey.locator('.mark-symbol path[aria-label*="Delivery"]').first
    box = point.bounding_box()
    app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    app.wait()
    app.charts()

    assert "touchpoint=Delivery" in app.query.split("&")
    assert app.errors() == []
    assert app.selected(t("dim.touchpoint", "en")) == ["Delivery"]  # the sidebar filter follows
    # The journey still shows every touchpoint, so the choice can be changed.
    journey = h.chart_titled(app.page, t("chart.journey", "en"))
    assert journey.locator(".mark-symbol path").count() >= 5
    # Another page is filtered too.
    app.go_to(t("page.surveys", "en"))
    assert "touchpoint=Delivery" in app.query.split("&")
    assert app.errors() == []
    app.screenshot("journey_delivery_picked")
