"""Every page opens on the sample data with no error and every chart drawn (what only a browser shows)."""

import pytest

from cxreport.i18n import t

# (URL path, the page's title, charts it draws on the sample data at least)
PAGES = [
    ("/", t("app.title", "en"), 0),
    ("/data", t("page.data", "en"), 0),
    ("/cohorts", t("page.cohorts", "en"), 3),
    ("/churn", t("page.churn", "en"), 2),
    ("/clv", t("page.clv", "en"), 3),
    ("/surveys", t("page.surveys", "en"), 3),
    ("/service", t("page.service", "en"), 3),
    ("/ux_vs_cx", t("page.ux_vs_cx", "en"), 3),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("path", "title", "min_charts"), PAGES, ids=[p[0].strip("/") or "overview" for p in PAGES])
def test_page_opens_without_errors_and_draws_every_chart(app, path, title, min_charts):
    app.open(path)
    assert app.errors() == []
    assert app.page.locator("h1").first.inner_text().strip() == title
    charts = app.charts()
    assert len(charts) >= min_charts
    # each chart really drawn: SVG marks or a canvas with an area, not an empty frame
    assert all(c["drawn"] and c["width"] > 0 and c["height"] > 0 for c in charts), charts
    app.screenshot(path.strip("/") or "overview")
