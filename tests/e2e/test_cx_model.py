"""The CX model page in a real browser: its charts drawn on the sample data, no error."""

import time

import pytest

from cxreport.i18n import t


@pytest.mark.e2e
def test_cx_model_page_draws_its_charts(app):
    started = time.monotonic()
    app.open("/cx_model")
    assert app.errors() == []
    assert app.page.locator("h1").first.inner_text().strip() == t("page.cx_model", "en")
    charts = app.charts()
    assert len(charts) >= 3  # SERVQUAL, key drivers, service against NPS
    assert all(c["drawn"] and c["width"] > 0 and c["height"] > 0 for c in charts), charts
    assert time.monotonic() - started < 30
