"""AppTest on the real entry script, opened on the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from streamlit.runtime.pages_manager import PagesManager

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
APP = str(ROOT / "streamlit_app.py")
PAGES = ["overview", "data", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx"]


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


@pytest.fixture
def app():
    return open_app
