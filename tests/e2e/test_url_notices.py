"""A link with an invalid value says so, and the page shows the default instead."""

import pytest


@pytest.mark.e2e
def test_invalid_period_in_link_shows_a_notice_and_the_default(app):
    app.open("/?period=fortnight")
    assert app.errors() == []
    warnings = app.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert any("fortnight" in w and "period" in w and "month" in w for w in warnings), warnings
    assert app.page.get_by_role("combobox", name="Granularity").input_value() == "Month"
    # the default is not written back, so the bad value leaves the address bar
    assert "period=" not in app.query
    assert app.metrics(), "the overview should still show its numbers"


@pytest.mark.e2e
def test_a_link_can_open_the_app_with_the_sidebar_closed(app):
    app.open("/?sidebar=collapsed")
    assert app.errors() == []
    assert app.page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "true"
    assert "sidebar=collapsed" in app.query.split("&")  # kept for whoever the link is passed on to
    app.open("/")
    assert app.page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "false"
