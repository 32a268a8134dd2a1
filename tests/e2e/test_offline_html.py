"""The whole report's offline HTML in a real browser with the network off: every chart drawn,
no request leaves the file."""

from __future__ import annotations

import pytest

from cxreport.filters import Filters
from cxreport.render.document import build_document
from cxreport.render.html import to_html
from cxreport.sample import load_sample
from cxreport.workspace import Workspace


@pytest.mark.e2e
def test_the_offline_html_draws_every_chart_with_the_network_blocked(browser, tmp_path):
    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    document = build_document(ws, Filters(), lang="en")
    page_file = tmp_path / "report.html"
    page_file.write_text(to_html(document), encoding="utf-8")
    outside: list[str] = []
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto(page_file.as_uri())
        expected = sum(len(s.charts) for s in document.sections)
        page.wait_for_function(f"document.querySelectorAll('.chart svg.marks').length === {expected}", timeout=60_000)
        assert page.locator("section").count() == len(document.sections)
    finally:
        context.close()
    assert outside == []
