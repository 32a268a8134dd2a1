"""Saved reports in the app (AppTest): an upload survives a reload through its autosave link,
Save and Share make viewer and editor links to the uploaded data, a viewer cannot change it,
revoking a link shows the "not valid" page, and an unknown token never shows the sample."""

from __future__ import annotations

from apptest_helpers import DATA, no_errors, open_app, upload

from cxreport.ui import sharing

ORDERS = (DATA / "orders_en.csv").read_bytes()


def _token(at) -> str:
    return at.query_params["r"][0] if isinstance(at.query_params["r"], list) else at.query_params["r"]


def loaded_names(at) -> list[str]:
    return [e.label.split("**")[1] for e in at.main.expander]


def test_an_upload_survives_a_reload_through_its_autosave_link():
    at = open_app("data")
    upload(at, "orders_en.csv", ORDERS)
    no_errors(at)
    token = _token(at)
    assert len(token) >= 32
    reloaded = open_app("data", {"r": token})  # the same URL in a new session: a reload
    no_errors(reloaded)
    assert loaded_names(reloaded) == ["orders_en.csv"]
    assert not any("sample data" in c.value for c in reloaded.sidebar.caption)


def test_save_share_view_and_revoke():
    at = open_app("data")
    upload(at, "orders_en.csv", ORDERS)
    next(b for b in at.sidebar.button if b.key == "share_save").click().run()
    no_errors(at)
    next(b for b in at.sidebar.button if b.key == "share_links").click().run()
    urls = {t.key: t.value for t in at.sidebar.text_input if t.key.startswith("share_url_")}
    viewer_token = urls["share_url_viewer"].split("r=", 1)[1]
    editor_token = urls["share_url_editor"].split("r=", 1)[1]
    assert viewer_token != editor_token

    viewer = open_app("data", {"r": viewer_token})
    no_errors(viewer)
    assert loaded_names(viewer) == ["orders_en.csv"]  # the uploaded data, not the sample
    assert not viewer.file_uploader and not [b for b in viewer.button if b.key and b.key.startswith("remove_")]
    assert any("Data as of 2024-04-05" in c.value for c in viewer.sidebar.caption)
    editor = open_app("data", {"r": editor_token})
    assert editor.file_uploader  # an editor may upload and save

    report_id = sharing.store().resolve(viewer_token).report_id
    (link,) = [lk for lk in sharing.store().links(report_id) if lk.role == "viewer"]
    sharing.store().revoke(report_id, link.id)
    viewer.run()  # the next rerun of someone holding the link
    assert [t.value for t in viewer.title] == ["Link not valid"]
    assert not viewer.main.expander


def test_an_unknown_token_shows_the_not_valid_page_not_the_sample():
    at = open_app("overview", {"r": "x" * 32})
    assert [t.value for t in at.title] == ["Link not valid"]
    assert any("not valid" in w.value for w in at.warning)
    assert not at.metric
