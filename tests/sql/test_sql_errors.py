"""The sandbox's errors: plain, one line, with DuckDB's position; a stable code with EN and ID texts."""

from __future__ import annotations

import pytest

import test_error_translations as translations_check
from cxreport.i18n import LANGS, placeholders, t
from cxreport.sql import SqlFailed, SqlRefused, run_sql
from cxreport.sql.statements import check_statement, position
from cxreport.translations import TRANSLATIONS

SQL_ERRORS = frozenset({"SqlRefused", "SqlFailed", "SqlTimeout", "SqlTooLarge"})


def test_a_typo_names_the_column_and_its_position(tiny):
    with pytest.raises(SqlFailed) as caught:
        run_sql(tiny, "SELECT channel,\n       count(*) AS n,\n       sum(amout)\nFROM orders GROUP BY channel")
    err = caught.value
    assert err.code == "sql_failed_at"
    assert err.params["line"] == 3 and err.params["column"] == 12  # `amout`, in the user's text (no wrapper lines)
    assert '"amout"' in err.params["error"] and '"amount"' in err.params["error"]  # DuckDB's candidate
    assert "\n" not in str(err) and "at line 3, column 12" in str(err)
    assert "LINE" not in str(err) and "^" not in str(err)
    for lang in LANGS:
        text = t(f"error.{err.code}", lang, **err.params)
        assert '"amout"' in text and "3" in text and "12" in text


def test_a_syntax_error_is_found_before_any_worker_with_its_position():
    with pytest.raises(SqlFailed) as caught:
        check_statement("SELECT channel\nFROM orders\nGROUP channel")
    assert caught.value.params["line"] == 3 and caught.value.params["column"] == 7
    assert "syntax error" in caught.value.params["error"]


def test_an_empty_text_is_refused():
    for text in ("", "   ", "-- just a comment", ";"):
        with pytest.raises((SqlRefused, SqlFailed)):
            check_statement(text)


def test_a_long_line_is_placed_right():
    text = "SELECT " + ", ".join(f"amount AS a{i}" for i in range(40)) + ", nope FROM orders"
    message = ('Binder Error: Referenced column "nope" not found\n\nLINE 1: ...' + text[-60:] + "\n"
               + " " * len("LINE 1: ...") + " " * (60 - len("nope FROM orders")) + "^")
    assert position(message, text)[1:] == (1, text.index("nope") + 1)


def test_every_sql_error_code_has_texts_its_raise_sites_fill(monkeypatch):
    """tests/test_error_translations.py's check, with the sandbox's error classes counted too."""
    monkeypatch.setattr(translations_check, "ERROR_CLASSES", translations_check.ERROR_CLASSES | SQL_ERRORS)
    sources = {k: v for k, v in translations_check.package_sources().items() if k.startswith("cxreport/sql/")}
    sites = translations_check.raise_sites(sources)
    assert {"sql_empty", "sql_several_statements", "sql_not_read_only", "sql_failed", "sql_failed_at", "sql_timeout",
            "sql_too_large", "sql_out_of_memory", "sql_worker_died"} == set(sites)
    for code, found in sites.items():
        allowed = translations_check.allowed_params(found)
        for lang in LANGS:
            text = TRANSLATIONS[f"error.{code}"][lang]
            assert placeholders(text) <= allowed, (code, lang)
            assert "{" not in t(f"error.{code}", lang, **{p: "x" for p in placeholders(text)})


def test_the_english_text_is_the_library_message(tiny):
    """The app shows `error.<code>`; the CLI prints the exception: both say the same in English."""
    for sql in ("SELECT 1; SELECT 2", "ATTACH 'x.db'"):
        with pytest.raises(SqlRefused) as caught:
            run_sql(tiny, sql)
        assert t(f"error.{caught.value.code}", "en", **caught.value.params) == str(caught.value)
