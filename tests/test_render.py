"""Whole-report outputs: the document holds the app's numbers; the HTML draws every chart in
chromium with the network blocked; the PDF has a page per section; data text stays text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from cxreport import headlines
from cxreport.fields import Kind
from cxreport.filters import Filters
from cxreport.io.dataset import load_dataset
from cxreport.render.document import build_document
from cxreport.render.html import chromium_path, to_html, to_pdf
from cxreport.workspace import Workspace


@pytest.fixture(scope="module")
def document(sample_ws):
    return build_document(sample_ws, Filters(), lang="en")


def test_the_document_has_every_page_and_the_overview_cards_are_the_apps(sample_ws, document):
    assert [s.slug for s in document.sections] == ["overview", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx",
                                                   "cx_model"]
    tables = {k: sample_ws.filtered(k, Filters()) for k in sample_ws.kinds()}
    found = headlines.headlines(tables, period="month")
    currency = sample_ws.currency(Kind.ORDERS)
    expected = [(c.label, c.value) for c in (headlines.card(h, lang="en", currency=currency) for h in found)]
    shown = [(c.label, c.value) for c in document.sections[0].cards]
    assert sorted(shown) == sorted(expected)
    assert document.sections[0].sentences == headlines.story(tables, period="month", lang="en")
    assert (document.data_from, document.data_to) == (dt.date(2025, 1, 1), dt.date(2026, 10, 31))


def test_a_date_range_is_printed_and_applied(sample_ws):
    doc = build_document(sample_ws, Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30), {"channel": ("Email",)}), lang="id")
    lines = doc.filter_lines()
    assert "Data: 2025-01-01 – 2026-10-31" in lines
    assert "Rentang tanggal yang ditampilkan: 2026-01-01 – 2026-06-30" in lines and "Kanal: Email" in lines
    cohorts = next(s for s in doc.sections if s.slug == "cohorts")
    first = cohorts.charts[0].to_dict()
    assert first  # the heatmap is drawn from 2026 cohorts only
    data = pl.DataFrame(next(iter(first["datasets"].values())))
    assert data["cohort"].min() >= "2026-01-01"


def test_the_pdf_has_a_page_per_section(document, tmp_path):
    if chromium_path() is None:
        pytest.fail("chromium is not installed: run `make test`")
    out = to_pdf(document, tmp_path / "report.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= len(document.sections)


def test_text_from_the_data_stays_text(tmp_path):
    text = ('order_id,customer_id,order_date,amount,segment\n'
            'A,C1,2025-01-05,10,"<script>alert(1)</script>"\nB,C2,2025-02-05,20,"<img src=x onerror=alert(2)>"\n'
            'C,C1,2025-03-05,30,"</script><b>x</b>"\n')
    ws = Workspace()
    ws.add(load_dataset("orders.csv", text.encode(), today=dt.date(2026, 1, 1)))
    page = to_html(build_document(ws, Filters(dims={"segment": ("<script>alert(1)</script>",)})))
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "</script><b>" not in page  # inside a chart's JSON, "</" is escaped


def test_the_notebook_runs_and_its_numbers_equal_the_command_lines(tmp_path):
    import json
    import subprocess
    import sys

    import nbformat
    from nbclient import NotebookClient

    from cxreport.render.notebook import to_ipynb
    from cxreport.report import load_files

    root = Path(__file__).resolve().parents[1]
    files = [root / "tests" / "data" / "cli" / name for name in ("orders_tiny.csv", "nps_tiny.csv", "tickets_tiny.csv")]
    ws = load_files(files)
    filters = Filters(date_from=dt.date(2025, 2, 1))
    notebook = to_ipynb(files, build_document(ws, filters))
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    nbformat.validate(notebook)

    cli = subprocess.run([sys.executable, "-m", "cxreport.cli", "metrics", *map(str, files), "--from", "2025-02-01",
                          "--json"], capture_output=True, text=True, check=True)
    expected = json.loads(cli.stdout)
    by_tag = {c.metadata.get("cxreport"): c for c in notebook.cells if c.cell_type == "code"}
    printed = "".join(o.get("text", "") for o in by_tag["report"].outputs)
    assert json.loads(printed) == {**expected, "datasets": json.loads(printed)["datasets"]}

    def shown(tag: str) -> str:
        return "".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in by_tag[tag].outputs)

    nps = expected["surveys"]["nps"]
    assert f"'nps': {nps['score']}" in shown("surveys") and f"'n': {nps['n']}" in shown("surveys")
    first = expected["tickets"]["first_response_hours"]["median"]
    assert f"'first_response_hours_median': {first}" in shown("service")
