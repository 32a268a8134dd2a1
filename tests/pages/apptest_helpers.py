"""What the AppTest page tests share: opening the real entry script on the sample, and
reading what a page shows (texts, charts, metrics). A module of its own, not conftest.py:
`from conftest import` names whichever folder's conftest pytest imported last."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

# A folder named pages/ beside the entry script makes Streamlit start every session in
# its old "pages directory" mode until st.navigation runs once in the process; AppTest
# resets that flag before each run, which would run a page file without the entry script
# (no sidebar, no URL sync). The real server clears it for good on the first run; do the
# same here so AppTest runs the app as the server does.
_original_init = PagesManager.__init__


def _init_as_server(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


PagesManager.__init__ = _init_as_server


ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
APP = str(ROOT / "streamlit_app.py")
PAGES = ["overview", "data", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx", "cx_model", "notebook"]


def open_app(page: str = "overview", query: dict | None = None, timeout: float = 60) -> AppTest:
    """Run the app like a fresh browser session would, on `page` with `query` in the URL."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


def texts(at: AppTest) -> str:
    """Every visible text of a run, to search for words and numbers."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(el.value) for el in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    return "\n".join(parts)


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def charts(at: AppTest) -> list:
    """The Vega-Lite (Altair) charts of a run, in page order."""
    return list(at.get("vega_lite_chart"))


def chart_title(chart) -> str:
    title = json.loads(chart.proto.spec).get("title")
    text = title.get("text", "") if isinstance(title, dict) else title or ""
    return " ".join(text) if isinstance(text, list) else str(text)  # a long title is wrapped into lines


def chart_data(chart) -> pl.DataFrame:
    """The rows a chart was drawn from (Streamlit ships them as Arrow IPC streams)."""
    frames = [pl.from_arrow(pa.ipc.open_stream(d.data.data).read_all()) for d in chart.proto.datasets]
    if chart.proto.data.data:
        frames.append(pl.from_arrow(pa.ipc.open_stream(chart.proto.data.data).read_all()))
    assert len(frames) == 1, f"expected one dataset in chart {chart_title(chart)!r}, got {len(frames)}"
    return frames[0]


def chart_titled(at: AppTest, text: str):
    found = [c for c in charts(at) if chart_title(c) == text]
    assert len(found) == 1, (text, [chart_title(c) for c in charts(at)])
    return found[0]


def metrics(at: AppTest) -> dict[str, str]:
    """Metric cards as {label: value}."""
    return {m.label: m.value for m in at.metric}


def upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    """Add one file to the Data page's uploader (keeping those already there) and rerun."""
    (uploader,) = at.file_uploader
    return uploader.upload(name, content, mime).run()


def library_tables(ws, filters=None) -> dict:
    """Every loaded kind's table under `filters`, as a page gets them."""
    from cxreport.filters import Filters

    f = filters or Filters()
    return {k: ws.filtered(k, f) for k in ws.kinds()}
