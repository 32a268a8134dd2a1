"""The server imports, before its first session, every module a page will need.

Two sessions importing one module at the same moment is what broke a crowd on a fresh
server ("partially initialized module 'pandas'"); a module first imported by a page is a
module two sessions can race for. So: after `preload`, running every page imports nothing new.
"""

import sys

from cxreport.ui import serve

from apptest_helpers import PAGES, no_errors, open_app

# Imported by the test harness itself (AppTest, pytest), never by a served page.
HARNESS = ("streamlit.testing", "_pytest", "pytest", "pluggy", "iniconfig", "pygments", "py.", "unittest", "bdb")


def test_after_preload_no_page_imports_a_module():
    assert serve.preload() == []  # every listed module exists in this environment
    before = set(sys.modules)
    for page in PAGES:
        at = open_app(page, timeout=120)
        no_errors(at)
    late = sorted(m for m in set(sys.modules) - before if not m.startswith(HARNESS) and m != "py")
    assert late == [], f"imported by a page, add to serve.PRELOAD: {late}"
