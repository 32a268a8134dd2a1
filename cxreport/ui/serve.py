"""Serve the app: `python -m cxreport.ui.serve [streamlit options]` (what `make run` calls).

Why not plain `streamlit run streamlit_app.py`: the brief keeps the report pages in a
folder named `pages/` beside the entry script, and Streamlit treats such a folder as an
old-style "pages directory" until the first session has run `st.navigation`. Until then a
first visitor who opens a shared deep link (say `/cohorts?channel=Email`) would get that
page without the entry script: no sidebar filters, no URL sync. Clearing the flag before
the server starts makes every request, the first included, go through `st.navigation`.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


def _warm_sample() -> None:
    # Read and recognise the bundled sample while the server starts, so the first visitor
    # does not wait for it (st.cache_resource is process-wide: every session then shares it).
    time.sleep(2)
    from cxreport.ui.session import sample_datasets

    sample_datasets()


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    threading.Thread(target=_warm_sample, name="warm-sample", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
