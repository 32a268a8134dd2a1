"""What one SQL query may cost, each limit overridable by an environment variable.

Like the file limits (`cxreport.io.limits`), a value that is not a positive number is
ignored and the default stays: a typo in a deployment must not remove a limit. Values are
read on every query, so a change takes effect without a restart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class SqlLimits:
    """The sandbox's limits for one query (docs/limits.md, docs/sql.md).

    >>> SqlLimits().max_rows, SqlLimits(timeout_s=2).timeout_s
    (10000, 2)
    """

    timeout_s: float = 10.0  # wall clock from the start of the query; then the worker is killed
    max_rows: int = 10_000  # rows shown; more set `truncated`
    max_bytes: int = 100 * MB  # the result as Arrow IPC bytes; more is refused (SqlTooLarge)
    memory_mb: float = 1024  # DuckDB's memory_limit for the query, on top of the data it holds
    threads: int = 2  # DuckDB threads in the worker

    @property
    def max_mb(self) -> float:
        return self.max_bytes / MB


# name -> (variable, how a value in the variable becomes the field's value)
ENVIRONMENT: dict[str, tuple[str, object]] = {
    "timeout_s": ("CXREPORT_SQL_TIMEOUT_S", float),
    "max_rows": ("CXREPORT_SQL_MAX_ROWS", lambda v: int(v)),
    "max_bytes": ("CXREPORT_SQL_MAX_MB", lambda v: int(v * MB)),
    "memory_mb": ("CXREPORT_SQL_MEMORY_MB", float),
    "threads": ("CXREPORT_SQL_THREADS", lambda v: int(v)),
}
assert set(ENVIRONMENT) == {f.name for f in fields(SqlLimits)}


def current_sql_limits(**overrides: float | int | None) -> SqlLimits:
    """The limits in force: defaults, then ``CXREPORT_SQL_*`` variables, then `overrides` (None = keep)."""
    values: dict[str, float | int] = {}
    for name, (variable, convert) in ENVIRONMENT.items():
        raw = os.environ.get(variable, "").strip()
        try:
            number = float(raw) if raw else 0.0
        except ValueError:
            continue
        if number > 0 and (value := convert(number)) > 0:  # type: ignore[operator]
            values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    return SqlLimits(**values)
