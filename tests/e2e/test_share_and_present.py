"""The presenter's flow in a real browser on the real server: upload, reload, save, share,
open the viewer link as someone else, revoke it, restart the server, present by keyboard."""

from __future__ import annotations

import harness as h
import pytest

from cxreport.i18n import t


App, start_server, stop_server, wait_for_app = h.App, h.start_server, h.stop_server, h.wait_for_app

# Six orders of three customers (also the Notebook page tests' file): revenue in February 120.
ORDERS_CSV = h.ROOT / "tests" / "data" / "shop_orders.csv"


def _upload(app: App) -> None:
    app.open("/data")
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(ORDERS_CSV)
    app.wait()
    assert app.errors() == []


def _file_panels(app: App) -> list[str]:
    return app.page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all_inner_texts()


def _share(app: App) -> dict[str, str]:
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(t("share.title", "en")).click()
    sidebar.get_by_role("button", name=t("share.save", "en")).click()
    app.wait()
    sidebar.get_by_role("button", name=t("share.new_links", "en")).click()
    app.wait()
    links = {}
    for role in ("viewer", "editor"):
        box = sidebar.get_by_role("textbox", name=t(f"share.link.{role}", "en"))
        links[role] = box.input_value()
    return links


@pytest.mark.e2e
def test_reload_save_share_view_and_revoke(app, fresh_app, tmp_path, server_url):
    _upload(app)
    assert "r=" in app.page.url  # the autosave's link
    app.page.reload()
    wait_for_app(app.page)
    assert any("shop_orders.csv" in p for p in _file_panels(app))  # a reload keeps the upload

    links = _share(app)
    with fresh_app() as other:
        viewer_path = links["viewer"].split(server_url.rstrip("/"), 1)[-1] if links["viewer"].startswith(server_url) \
            else "/?" + links["viewer"].split("?", 1)[1]
        other.open(viewer_path)
        assert other.errors() == []
        other.page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert other.metrics()[t("headline.revenue", "en")] == "120"  # the uploaded data, not the sample
        other.go_to(t("page.data", "en"))
        assert other.page.locator('[data-testid="stFileUploader"]').count() == 0  # a viewer uploads nothing
        assert any("shop_orders.csv" in p for p in _file_panels(other))

        # The owner revokes the viewer link; the viewer's next rerun shows the not-valid page.
        sidebar = app.page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("button", name=f'{t("share.revoke", "en")} · {t("share.role.viewer", "en")}').click()
        app.wait()
        other.go_to(t("page.overview", "en"))
        other.page.get_by_text(t("share.not_valid_title", "en")).first.wait_for(timeout=30_000)
        assert other.page.locator('[data-testid="stMetric"]').count() == 0

    with fresh_app() as editor:
        editor.open("/data?" + links["editor"].split("?", 1)[1])
        # an editor may upload (polled: the uploader is drawn a moment after the page's first paint)
        editor.page.locator('[data-testid="stFileUploader"]').wait_for(state="visible", timeout=30_000)


@pytest.mark.e2e
def test_a_saved_link_survives_a_server_restart(page, tmp_path, monkeypatch):
    monkeypatch.setenv("CXREPORT_DATA_DIR", str(tmp_path / "store"))
    proc, url = start_server(tmp_path / "first.log")
    try:
        app = App(page, url)
        _upload(app)
        links = _share(app)
    finally:
        stop_server(proc)
    proc, url = start_server(tmp_path / "second.log")
    try:
        app = App(page, url)
        app.open("/?" + links["viewer"].split("?", 1)[1])
        assert app.errors() == []
        app.page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert app.metrics()[t("headline.revenue", "en")] == "120"
    finally:
        stop_server(proc)


@pytest.mark.e2e
def test_present_mode_hides_the_sidebar_and_steps_by_keyboard(app):
    app.open("/?present=1")
    assert app.errors() == []
    assert not app.page.locator('[data-testid="stSidebar"]').is_visible()
    assert app.page.locator("h2").first.inner_text().strip() == t("page.overview", "en")
    app.page.keyboard.press("ArrowRight")
    app.page.wait_for_url("**slide=2**")
    wait_for_app(app.page)
    assert app.page.locator("h2").first.inner_text().strip() == t("page.cohorts", "en")
    app.page.keyboard.press("PageDown")
    app.page.wait_for_url("**slide=3**")
    app.page.keyboard.press("ArrowLeft")
    app.page.wait_for_url("**slide=2**")
    app.screenshot("present_slide_2")


@pytest.mark.e2e
def test_the_whole_report_downloads_as_offline_html(app, tmp_path):
    app.open("/")
    sidebar = app.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(t("export.title", "en")).click()
    with app.page.expect_download(timeout=180_000) as download:
        sidebar.get_by_role("button", name=t("export.html", "en")).click()
    path = tmp_path / "report.html"
    download.value.save_as(path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "vegaEmbed" in page
    assert "Data: 2025-01-01 – 2026-10-31" in page  # the sample's range, printed in the footers
