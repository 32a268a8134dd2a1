from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def binary_fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The generated xlsx/parquet/gz/zip/non-UTF-8 fixtures (see tests/data/make_binary_fixtures.py)."""
    spec = importlib.util.spec_from_file_location("make_binary_fixtures", DATA / "make_binary_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_all(tmp_path_factory.mktemp("binary"))
