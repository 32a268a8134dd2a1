"""A `ReportDocument` as one self-contained HTML file, and as a PDF.

The HTML carries everything it needs: the charts as Vega-Lite specs with Vega, Vega-Lite
and vega-embed inlined (`vl_convert.javascript_bundle`), so it opens from an e-mail
attachment with the network off and tooltips still work; the cards, sentences and key
tables as plain HTML; the filters in force, the data's date range and cxreport's version
in every section's footer. Every text from the data is HTML-escaped.

The PDF is the same document with the charts drawn as SVG by vl-convert (no script has
to run), laid out for A4 or Letter with one section per page, printed by the chromium
the project already installs for its browser tests (`chromium --headless
--print-to-pdf`): one engine for the page layout the app's users see, no second HTML
renderer to install.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import polars as pl

from cxreport.columns import column_label
from cxreport.errors import CXError
from cxreport.fmt import fmt_number
from cxreport.i18n import t
from cxreport.render.document import ReportDocument, Section

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1d2433; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 28px; margin: 0 0 4px; } h2 { font-size: 22px; margin: 28px 0 8px; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid #d5d9e0; border-radius: 8px; padding: 10px 14px; min-width: 150px; }
.card .label { font-size: 13px; color: #5b6475; } .card .value { font-size: 24px; font-weight: 600; }
.card .delta { font-size: 13px; color: #5b6475; }
.chart { width: 100%; margin: 12px 0; } .chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid #e3e6eb; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.note { font-size: 15px; line-height: 1.5; } .problem { color: #a4262c; }
footer { font-size: 11px; color: #5b6475; border-top: 1px solid #e3e6eb; margin-top: 16px; padding-top: 6px; }
@page { margin: 14mm; }
"""


@lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle()


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cell(value: object, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return _esc(fmt_number(value, lang, 2 if abs(value) < 100 else 0))
    return _esc(value)


def _table(caption: str, frame: pl.DataFrame, lang: str) -> str:
    head = "".join(f"<th>{_esc(column_label(c, lang))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v, lang)}</td>" for v in row) + "</tr>" for row in frame.iter_rows())
    return f"<table><caption>{_esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cards(section: Section) -> str:
    if not section.cards:
        return ""
    items = []
    for c in section.cards:
        delta = f'<div class="delta">{_esc(c.delta)}</div>' if c.delta else ""
        small = " · ".join(p for p in (getattr(c, "period", ""), getattr(c, "note", "")) if p)
        small = f'<div class="delta">{_esc(small)}</div>' if small else ""
        items.append(f'<div class="card" title="{_esc(c.help)}"><div class="label">{_esc(c.label)}</div>'
                     f'<div class="value">{_esc(c.value)}</div>{delta}{small}</div>')
    return f'<div class="cards">{"".join(items)}</div>'


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")


def note_html(text: str) -> str:
    """A notebook note as HTML: its headings, bullet lists and paragraphs, every character
    escaped (no HTML, link or image of the note's own reaches the page).

    >>> note_html("# March\\n- up <b>3</b>\\n\\nDone.")
    '<div class="note"><h3>March</h3><ul><li>up &lt;b&gt;3&lt;/b&gt;</li></ul><p>Done.</p></div>'
    """
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_esc(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        heading, bullet = _HEADING.match(line), _BULLET.match(line)
        if heading or not line.strip():
            flush()
            if heading:
                level = min(len(heading.group(1)) + 2, 6)
                out.append(f"<h{level}>{_esc(heading.group(2))}</h{level}>")
        elif bullet:
            if paragraph:
                flush()
            items.append(bullet.group(1))
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return f'<div class="note">{"".join(out)}</div>'


def _footer(doc: ReportDocument) -> str:
    parts = [*doc.filter_lines(), f"cxreport {doc.version}"]
    return "<footer>" + " · ".join(_esc(p) for p in parts) + "</footer>"


def _chart_html(spec: dict, chart_id: str, svg: bool) -> str:
    if svg:
        import vl_convert as vlc

        return f'<div class="chart">{vlc.vegalite_to_svg(spec)}</div>'
    # json.dumps, then </ escaped: a value in the data can never close the script element.
    data = json.dumps(spec).replace("</", "<\\/")
    return (f'<div class="chart" id="{chart_id}"></div>'
            f'<script>vegaEmbed("#{chart_id}", {data}, {{"actions": false, "renderer": "svg"}});</script>')


def to_html(doc: ReportDocument, *, static_charts: bool = False) -> str:
    """The document as one HTML page; `static_charts` draws SVG instead of scripts (for print)."""
    body = [f"<h1>{_esc(doc.title)}</h1>"]
    n = 0
    for section in doc.sections:
        parts = [f"<h2>{_esc(section.title)}</h2>", _cards(section), *(note_html(n) for n in section.notes),
                 *(f'<p class="problem">{_esc(p)}</p>' for p in section.problems)]
        if section.sentences:
            parts.append("<ul>" + "".join(f"<li>{_esc(s)}</li>" for s in section.sentences) + "</ul>")
        for chart in section.charts:
            n += 1
            parts.append(_chart_html(chart.to_dict(), f"chart{n}", static_charts))
        for caption, frame in section.tables:
            parts.append(_table(caption, frame, doc.lang))
        parts.append(_footer(doc))
        body.append(f'<section id="{_esc(section.slug)}">{"".join(parts)}</section>')
    if not doc.sections:
        body.append(f"<p>{_esc(t('render.empty', doc.lang))}</p>")
    script = "" if static_charts else f"<script>{_bundle()}</script>"
    return (f'<!DOCTYPE html><html lang="{_esc(doc.lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(doc.title)}</title><style>{_STYLE}</style>{script}</head>"
            f"<body><main>{''.join(body)}</main></body></html>")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def to_pdf(doc: ReportDocument, out: Path, *, paper: str = "A4", timeout: float = 120) -> Path:
    """The document printed to PDF by headless chromium: one section per page, `paper` A4 or Letter."""
    browser = chromium_path()
    if browser is None:
        raise CXError("no_pdf_renderer", "PDF export needs chromium, which is not installed.",
                      "Install it (apt-get install chromium), or export HTML and print it from a browser.")
    size = "210mm 297mm" if paper.upper() == "A4" else "8.5in 11in"
    page = to_html(doc, static_charts=True).replace("@page { margin: 14mm; }", f"@page {{ size: {size}; margin: 14mm; }}")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="cxreport-pdf-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out.resolve()}",
                source.as_uri()]
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise CXError("pdf_failed", "The PDF could not be made.",
                      "Export HTML instead and print it from a browser.", detail=done.stderr.decode(errors="replace")[-300:])
    return out
