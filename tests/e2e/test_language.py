"""?lang=id shows the app in Indonesian, and the language stays while moving between pages."""

import pytest


@pytest.mark.e2e
def test_lang_id_shows_the_app_in_indonesian(app):
    app.open("/?lang=id")
    assert app.errors() == []
    nav = app.page.locator('[data-testid="stSidebarNav"]')
    assert nav.get_by_role("link", name="Ringkasan").count() == 1
    assert nav.get_by_role("link", name="Kohort").count() == 1
    labels = app.page.locator('[data-testid="stSidebarUserContent"] [data-testid="stWidgetLabel"]').all_inner_texts()
    assert "Bahasa" in labels
    assert "Rentang tanggal" in labels
    assert "Satuan waktu" in labels
    assert app.page.get_by_role("combobox", name="Bahasa").input_value() == "Bahasa Indonesia"
    assert "lang=id" in app.query.split("&")
    app.screenshot("overview_id")

    app.go_to("Kohort")
    assert app.page.locator("h1").first.inner_text().strip() == "Kohort"
    assert "lang=id" in app.query.split("&")
