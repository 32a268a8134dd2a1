"""Charts download as PNG and SVG, tables as CSV with formula cells neutralised, from the real server."""

import pytest

from cxreport.i18n import t


@pytest.mark.e2e
def test_a_chart_downloads_as_png_and_svg_and_a_table_as_csv(app):
    app.open("/cohorts")
    app.charts()
    buttons = app.page.locator('[data-testid="stDownloadButton"] button')
    with app.page.expect_download() as png:
        buttons.filter(has_text=t("download.png", "en")).first.click()
    data = open(png.value.path(), "rb").read()
    assert png.value.suggested_filename == "retention_heatmap.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000

    with app.page.expect_download() as svg:
        buttons.filter(has_text=t("download.svg", "en")).first.click()
    text = open(svg.value.path(), encoding="utf-8").read()
    assert "<svg" in text and t("chart.retention_heatmap", "en") in text

    with app.page.expect_download() as csv:
        buttons.filter(has_text=t("download.csv", "en")).first.click()
    lines = open(csv.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0].split(",")[:4] == ["cohort", "period", "customers", "retained"]
    assert len(lines) > 100  # 22 monthly cohorts' triangle
