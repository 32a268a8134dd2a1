"""Hostile uploads on the Data page: each one leaves a plain message and the session alive.

The corpus is tests/data/make_hostile_files.py at a small scale, with the limits scaled
down through ``CXREPORT_*`` variables (AppTest runs the app in this process, so they apply).
"""

from __future__ import annotations

import importlib.util

import pytest

from apptest_helpers import DATA, no_errors, open_app, upload
from cxreport.errors import CXError
from cxreport.io.dataset import load_datasets
from cxreport.io.limits import MB, Limits

SAMPLE_FILES = ["orders.csv", "pesanan_marketplace.csv", "subscriptions.csv", "survey_responses.csv", "tickets.csv",
                "ux_usability_tests.xlsx"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("make_hostile_files", DATA / "make_hostile_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_all(tmp_path_factory.mktemp("hostile"), bomb_mb=40)


def loaded_files(at) -> list[str]:
    return [e.label.split("**")[1] for e in at.main.expander]


def library_message(path) -> str:
    """What the library says about a file, as the page writes it (Markdown, names escaped):
    its one error, or each member's error by name."""
    from cxreport.safe_text import markdown
    from cxreport.ui.widgets import error_text

    try:
        outcomes = load_datasets(path.name, path.read_bytes())
    except CXError as err:
        return error_text(err, "en")
    errors = [o for o in outcomes if isinstance(o, CXError)]
    if len(errors) == 1 and errors[0].params.get("name") == path.name:
        return error_text(errors[0], "en")
    return "\n\n".join(f"{markdown(e.params['name'])}: {error_text(e, 'en')}" for e in errors)


REFUSED = ["far_cell.xlsx", "bomb.zip", "bomb_lying.csv.gz", "huge_sheet.xlsx", "deep.json", "pdf_named.xlsx", "wide.csv"]


def test_hostile_uploads_leave_a_message_and_break_nothing(hostile, monkeypatch):
    for key, value in {"CXREPORT_UNPACKED_MB": "8", "CXREPORT_COLUMNS": "100", "CXREPORT_ZIP_MEMBERS": "3"}.items():
        monkeypatch.setenv(key, value)
    at = open_app("data")
    no_errors(at)
    for i, name in enumerate(REFUSED, 1):
        path = hostile[name]
        upload(at, name, path.read_bytes(), "application/octet-stream")
        assert not at.exception, (name, [e.value for e in at.exception])
        assert len(at.error) == i, name
        assert at.error[-1].value == f"**{name}**: {library_message(path)}"
        assert loaded_files(at) == SAMPLE_FILES, name  # a refused file leaves the sample in place
    assert "XFD1048576" in at.error[0].value and "unpacks to 40 MB" in at.error[1].value

    # A zip of five exports: three read (the limit), one message naming the two left out.
    upload(at, "many.zip", hostile["many.zip"].read_bytes(), "application/zip")
    assert not at.exception
    from cxreport.safe_text import markdown

    assert loaded_files(at) == [markdown(f"many.zip:{m}") for m in ("a.csv", "b.csv", "c.csv")]
    assert at.error[-1].value.startswith("**many.zip**: The archive many.zip holds 5 tables; the first 3 were read")
    assert "d.csv, e.csv" in at.error[-1].value
    assert all(" — orders (" in e.label and "· 4 rows" in e.label for e in at.main.expander)

    # Mixed encodings and a late NUL read, with their notes.
    upload(at, "mixed_encoding.csv", hostile["mixed_encoding.csv"].read_bytes())
    upload(at, "late_nul.csv", hostile["late_nul.csv"].read_bytes())
    assert not at.exception
    assert loaded_files(at)[-2:] == ["mixed_encoding.csv", "late_nul.csv"]
    captions = [c.value for c in at.caption]
    assert any("2 line(s) were not valid UTF-8 and were read as Windows-1252" in c for c in captions)
    assert any("1 line(s) hold NUL bytes" in c for c in captions)


def test_a_file_past_the_session_budget_is_refused_and_the_others_stay(monkeypatch):
    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    no_errors(at)
    # A budget the one loaded file nearly fills (1 KB to spare): the next file cannot be afforded.
    used = at.session_state["workspace"].memory_bytes()
    monkeypatch.setenv("CXREPORT_SESSION_MEMORY_MB", str((used + 1024) / MB))
    survey = (DATA / "survey_qualtrics.csv").read_bytes()
    assert len(survey) * Limits().text_memory_factor > 1024
    upload(at, "survey_qualtrics.csv", survey)
    assert not at.exception
    assert loaded_files(at) == ["orders_en.csv"]
    (error,) = at.error
    assert error.value.startswith("**survey_qualtrics.csv**: Reading survey_qualtrics.csv needs about")
    assert "this session has 0.0 MB left" in error.value
