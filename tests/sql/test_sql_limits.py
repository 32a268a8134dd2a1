"""The sandbox's limits: defaults, `CXREPORT_SQL_*` variables, and a typo never removing a limit."""

from __future__ import annotations

from cxreport.sql import SqlLimits, current_sql_limits

MB = 1024 * 1024


def test_the_defaults():
    assert current_sql_limits() == SqlLimits(timeout_s=10.0, max_rows=10_000, max_bytes=100 * MB, memory_mb=1024, threads=2)


def test_variables_set_them(monkeypatch):
    for name, value in {"TIMEOUT_S": "2.5", "MAX_ROWS": "500", "MAX_MB": "0.5", "MEMORY_MB": "256", "THREADS": "1"}.items():
        monkeypatch.setenv(f"CXREPORT_SQL_{name}", value)
    assert current_sql_limits() == SqlLimits(timeout_s=2.5, max_rows=500, max_bytes=MB // 2, memory_mb=256, threads=1)


def test_a_bad_value_keeps_the_default(monkeypatch):
    for name, value in {"TIMEOUT_S": "ten", "MAX_ROWS": "-5", "MAX_MB": "0", "THREADS": "0.2"}.items():
        monkeypatch.setenv(f"CXREPORT_SQL_{name}", value)
    assert current_sql_limits() == SqlLimits()


def test_a_call_overrides_the_variables(monkeypatch):
    monkeypatch.setenv("CXREPORT_SQL_TIMEOUT_S", "30")
    limits = current_sql_limits(timeout_s=3, max_rows=None)
    assert limits.timeout_s == 3 and limits.max_rows == 10_000
