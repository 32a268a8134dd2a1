"""The sidebar's download panel offers the notebook and data as a zip beside the HTML and PDF,
and the zip it gives holds the notebook, the manifest and every loaded table; a viewer link
does not offer it (the zip holds every row as read, more than the report shows)."""

from __future__ import annotations

import io
import json
import zipfile

import nbformat
from apptest_helpers import DATA, no_errors, open_app, upload
from streamlit.runtime.media_file_manager import MediaFileManager

from cxreport.render.bundle import DATA as DATA_FOLDER
from cxreport.render.bundle import FOLDER, MANIFEST, NOTEBOOK


def _downloads(at) -> dict[str, object]:
    return {b.proto.label: b for b in at.sidebar.get("download_button")}


def test_the_zip_download_sits_beside_the_html_and_gives_the_notebook_and_data(monkeypatch):
    made: dict[str, object] = {}  # file name -> the callable the button runs when clicked
    original = MediaFileManager.add_deferred

    def remember(self, callable_, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = callable_
        return original(self, callable_, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    at = open_app("cohorts", {"channel": "Email"})
    no_errors(at)
    labels = list(_downloads(at))
    assert "Offline HTML (whole report)" in labels and "Notebook and data (.zip)" in labels

    data = made["cxreport-report.zip"]()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        notebook = nbformat.reads(archive.read(f"{FOLDER}/{NOTEBOOK}").decode("utf-8"), as_version=4)
        manifest = json.loads(archive.read(f"{FOLDER}/{DATA_FOLDER}/{MANIFEST}"))
        names = archive.namelist()
    nbformat.validate(notebook)
    assert "pip install cxreport" in notebook.cells[0].source and "Channel: Email" in notebook.cells[0].source
    assert "ws = load_bundle(DATA)" in notebook.cells[1].source and "'channel': ('Email',)" in notebook.cells[1].source
    assert len(manifest["datasets"]) == 6  # the sample's six files
    assert sum(n.endswith("_table.parquet") for n in names) == 6


def test_a_viewer_link_offers_no_zip():
    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    next(b for b in at.sidebar.button if b.key == "share_save").click().run()
    next(b for b in at.sidebar.button if b.key == "share_links").click().run()
    assert "Notebook and data (.zip)" in _downloads(at)
    urls = {t.key: t.value for t in at.sidebar.text_input if t.key.startswith("share_url_")}
    viewer = open_app("overview", {"r": urls["share_url_viewer"].split("r=", 1)[1]})
    no_errors(viewer)
    labels = list(_downloads(viewer))
    assert "Offline HTML (whole report)" in labels and "Notebook and data (.zip)" not in labels
