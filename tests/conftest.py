"""Settings for the whole suite."""

import os

from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible from its log) and
# never fails on timing alone on a loaded 2-core machine; locally hypothesis explores anew.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Saved reports and autosaves go to a store under CXREPORT_DATA_DIR: a fresh private folder
# per test run, never the developer's own reports (the e2e server inherits it).
if "CXREPORT_DATA_DIR" not in os.environ:
    import tempfile

    os.environ["CXREPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="cxreport-test-store-")


import pytest  # noqa: E402 — after the settings above, which must come first


@pytest.fixture(scope="module")
def sample_ws():
    """The bundled sample as the app loads it (every file recognised, no upload)."""
    from cxreport.sample import load_sample
    from cxreport.workspace import Workspace

    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    return ws
