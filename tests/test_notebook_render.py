"""`cxreport render --notebook`: the notebook's notes, SQL results, charts and pins in the
HTML and the .ipynb, on the files and filters given; a bad notebook file writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from cxreport import safe_text
from cxreport.cli import main

ORDERS = str(Path(__file__).parent / "data" / "cli" / "orders_tiny.csv")
# orders_tiny.csv by hand: Email O1 10 + O3 60 + O4 20 + O5 5 + O7 70 + O8 30 = 195 in 6 orders;
# Social Ads O2 40 + O6 50 = 90 in 2 orders.
QUERY = "SELECT channel, count(*) AS orders, sum(amount) AS revenue FROM orders GROUP BY channel ORDER BY channel"
NOTEBOOK = {"format": "cxreport-notebook", "version": 1, "title": "Monthly story", "cells": [
    {"kind": "note", "id": "n1", "text": "# Email carries us\nSee <b>this</b> ![x](https://attacker.invalid/p.png)"},
    {"kind": "sql", "id": "q1", "sql": QUERY, "use_filters": True},
    {"kind": "sql", "id": "q2", "sql": "SELECT count(*) AS all_orders FROM orders", "use_filters": False},
    {"kind": "chart", "id": "c1", "source": "q1", "mark": "bar", "x": "channel", "y": "revenue", "color": "",
     "aggregate": "sum"},
    {"kind": "pin", "id": "p1", "page": "overview", "chart": "card.customers", "view": {}, "follow_filters": True},
]}


@pytest.fixture
def nb_file(tmp_path) -> Path:
    path = tmp_path / "march.json"
    path.write_text(json.dumps(NOTEBOOK))
    return path


def _rows(html: str, section: str) -> list[list[str]]:
    body = re.search(rf'<section id="notebook-{section}">(.*?)</section>', html, re.S).group(1)
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body) if "<td>" in row]


def test_render_html_with_a_notebook_has_its_note_and_sql_results(tmp_path, nb_file, capsys):
    out = tmp_path / "report.html"
    assert main(["render", ORDERS, "--notebook", str(nb_file), "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<h3>Email carries us</h3>" in html
    assert "See &lt;b&gt;this&lt;/b&gt;" in html and "<b>this</b>" not in html  # the note's HTML is text
    assert _rows(html, "q1") == [["Email", "6", "195"], ["Social Ads", "2", "90.00"]]
    assert _rows(html, "q2") == [["8"]]
    assert 'id="notebook-c1"><h2>Monthly story</h2><div class="chart"' in html
    assert re.search(r'notebook-p1">.*?<div class="value">\d+</div>', html, re.S)

    filtered = tmp_path / "email.html"
    assert main(["render", ORDERS, "--where", "channel=Email", "--notebook", str(nb_file), "--html", str(filtered)]) == 0
    html = filtered.read_text(encoding="utf-8")
    assert _rows(html, "q1") == [["Email", "6", "195"]]  # the report's filters apply to the cell
    assert _rows(html, "q2") == [["8"]]  # except where the cell turns them off


def test_render_ipynb_has_notes_as_markdown_and_sql_as_run_sql_cells(tmp_path, nb_file, monkeypatch):
    from nbclient import NotebookClient

    out = tmp_path / "report.ipynb"
    assert main(["render", ORDERS, "--where", "channel=Email", "--notebook", str(nb_file), "--ipynb", str(out)]) == 0
    book = nbformat.read(str(out), as_version=4)
    sources = [(c.cell_type, c.source) for c in book.cells]
    assert ("markdown", safe_text.note(NOTEBOOK["cells"][0]["text"])) in sources
    code = "\n".join(s for kind, s in sources if kind == "code")
    assert f"run_sql(ws, {QUERY!r}, filters=filters, period=PERIOD)" in code
    assert "run_sql(ws, 'SELECT count(*) AS all_orders FROM orders', filters=None, period=PERIOD)" in code
    assert "pins.draw('card.customers'" in code and "charts.sql_result_chart(results['q1']" in code

    # It runs, on this checkout's cxreport, and the SQL cells print the hand-computed numbers.
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {c.source.split("]", 1)[0]: "".join(str(o.get("data", {}).get("text/plain", "")) for o in c.outputs)
               for c in book.cells if c.cell_type == "code" and c.source.startswith("results[")}
    assert "Email" in outputs["results['q1'"] and "195" in outputs["results['q1'"]
    assert "Social Ads" not in outputs["results['q1'"]  # --where channel=Email
    assert "8" in outputs["results['q2'"]  # the cell's filters are off: every order


@pytest.mark.parametrize("content, words", [
    ("{", "not JSON"),
    (json.dumps({**NOTEBOOK, "version": 2}), "newer cxreport"),
    (json.dumps({**NOTEBOOK, "cells": [{"kind": "python", "id": "x"}]}), "cells[0].kind"),
])
def test_a_bad_notebook_is_one_line_and_writes_nothing(tmp_path, capsys, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = tmp_path / "report.html"
    assert main(["render", ORDERS, "--notebook", str(bad), "--html", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and not out.exists()
