"""Clicking a touchpoint on the UX-vs-CX quadrant filters the whole report by it (a cross-filter)."""

import harness as h
import pytest

from cxreport.i18n import t


@pytest.mark.e2e
def test_clicking_checkout_on_the_quadrant_filters_the_report(app):
    app.open("/ux_vs_cx")
    app.charts()
    title = t("chart.ux_cx_quadrant", "en", by=t("dim.touchpoint", "en").lower())
    quadrant = h.chart_titled(app.page, title)
    point = quadrant.locator('.mark-symbol path[aria-label*="Checkout"]').first
    box = point.bounding_box()
    app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    app.wait()
    app.charts()

    assert "touchpoint=Checkout" in app.query.split("&")
    assert app.errors() == []
    assert app.selected(t("dim.touchpoint", "en")) == ["Checkout"]  # the sidebar filter follows
    # The quadrant still shows every touchpoint, so the choice can be changed.
    quadrant = h.chart_titled(app.page, title)
    assert quadrant.locator(".mark-symbol path").count() >= 5
    # Another page is filtered too: the surveys page's NPS is now Checkout's alone.
    app.go_to(t("page.surveys", "en"))
    assert "touchpoint=Checkout" in app.query.split("&")
    assert app.errors() == []
    app.screenshot("ux_vs_cx_checkout_picked")
