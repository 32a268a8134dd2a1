"""cxreport: customer-experience reports from raw exports (library; no Streamlit here).

>>> import cxreport
>>> ws = cxreport.load("tests/data/cli/orders_tiny.csv", "tests/data/cli/nps_tiny.csv")
>>> cxreport.metrics.nps(ws.surveys)["nps"].item()
20.0
>>> report = cxreport.report(ws, period="month")
>>> report["surveys"]["nps"]["n"]
10

The names below are the public API (docs/library.md). They are imported on first use, so
``import cxreport`` stays fast: reading files needs Polars and DuckDB, the CLV and
survival models need scipy.
"""

from __future__ import annotations

import importlib
from typing import Any

from cxreport.errors import CXError, EmptyResult, FileProblem, MappingProblem

__version__ = "0.1.0"

__all__ = [
    "load",  # files, folders or globs -> Workspace
    "report",  # Workspace -> Report (also the module cxreport.report: see cxreport/_callable.py)
    "Report",
    "Workspace",
    "metrics",  # every metric function by name
    "query",  # Workspace + one read-only SQL statement -> SqlResult, in a sandboxed process (docs/sql.md)
    "engine_report",  # paths -> the report's JSON computed on DuckDB or Spark next to the data (docs/engines.md)
    "Kind",
    "CXError",
    "FileProblem",
    "MappingProblem",
    "EmptyResult",
    "__version__",
]

# Public name -> the module that defines it.
_HOMES = {"load": "cxreport.api", "Report": "cxreport.api", "Workspace": "cxreport.workspace", "Kind": "cxreport.fields",
          "query": "cxreport.sql", "engine_report": "cxreport.engine.report"}


def __getattr__(name: str) -> Any:
    # PEP 562: runs only for names not bound yet. `report` and `metrics` are submodules:
    # importing them binds them here (`report` is callable, see cxreport/_callable.py).
    if name in ("report", "metrics"):
        return importlib.import_module(f"{__name__}.{name}")
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
