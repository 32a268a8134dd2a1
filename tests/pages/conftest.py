"""Fixtures of the AppTest page tests; the helpers they use live in apptest_helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest_helpers import DATA, open_app


@pytest.fixture
def app():
    return open_app


@pytest.fixture(scope="session")
def sample_workspace():
    """The bundled sample read by the library alone, to compute the numbers pages must show."""
    from cxreport.sample import load_sample
    from cxreport.workspace import Workspace

    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    return ws


@pytest.fixture(scope="session")
def generated_bad_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The binary bad files (workbook without data, zip without CSV, binary, bad encoding),
    written by tests/data/make_binary_fixtures.py as the io tests use them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_binary_fixtures", DATA / "make_binary_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    made = module.make_all(tmp_path_factory.mktemp("binary"))
    return [path for name, path in sorted(made.items()) if name.startswith("bad/")]
