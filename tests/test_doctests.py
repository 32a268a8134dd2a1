"""The examples in the library's docstrings run and print what they show.

Each public name carries a short example beside its definition (as Polars' docstrings do);
this runs every module's examples with `doctest`, from the repository's root, where the
examples find tests/data/cli.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
from pathlib import Path

import pytest

import cxreport
import cxreport.api
import cxreport.charts

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ["cxreport", "cxreport.api", "cxreport.metrics", "cxreport.workspace", "cxreport.charts"]


def modules_with_examples() -> list[str]:
    """Every library module whose source holds a ``>>>`` example (cxreport/ui is the app's, not the library's)."""
    names = []
    for path in sorted((ROOT / "cxreport").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[1:2] == ("ui",) or ">>>" not in path.read_text(encoding="utf-8"):
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = modules_with_examples()


def test_the_public_modules_have_examples():
    assert set(PUBLIC) <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, raise_on_error=False, verbose=False)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_every_public_function_and_class_shows_an_example():
    from cxreport.workspace import Workspace

    documented = [cxreport.load, cxreport.api.report, cxreport.api.Report, Workspace, Workspace.orders,
                  Workspace.connection, cxreport.charts.use_theme, cxreport.metrics, cxreport.query,
                  cxreport.engine_report]
    missing = [getattr(obj, "__qualname__", getattr(obj, "__name__", repr(obj))) for obj in documented
               if ">>>" not in (inspect.getdoc(obj) or "")]
    assert missing == []
    # and the list above covers every top-level name that is a function or class of ours
    ours = {name for name in cxreport.__all__ if inspect.isfunction(getattr(cxreport, name))
            or (inspect.isclass(getattr(cxreport, name)) and getattr(cxreport, name).__module__.startswith("cxreport")
                and not issubclass(getattr(cxreport, name), Exception))}
    assert ours <= {"load", "Report", "Workspace", "Kind", "query", "engine_report"}
