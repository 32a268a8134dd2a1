"""SQL over a workspace, in a sandbox: `run_sql` and `sql_views` (docs/sql.md).

User SQL never runs in the calling process. `run_sql` checks the text with DuckDB's parser
(`cxreport.sql.statements`: one read-only statement), builds the views it may read with the
library (`cxreport.sql.views`), and runs it in a fresh worker process
(`cxreport.sql.worker`) whose DuckDB cannot reach files, the network, extensions or its own
settings, under a wall-clock timeout, a memory limit, OS resource limits and row and byte
caps (`SqlLimits`).

>>> import cxreport
>>> from cxreport.sql import run_sql
>>> ws = cxreport.load("tests/data/cli/orders_tiny.csv")
>>> run_sql(ws, "SELECT count(*) AS orders, sum(amount) AS revenue FROM orders").frame.rows()
[(8, 285.0)]
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxreport.sql.errors import SqlFailed, SqlRefused, SqlTimeout, SqlTooLarge
from cxreport.sql.limits import SqlLimits, current_sql_limits

if TYPE_CHECKING:
    import polars as pl

    from cxreport.filters import Filters
    from cxreport.periods import Period
    from cxreport.workspace import Workspace

__all__ = ["run_sql", "query", "sql_views", "SqlResult", "SqlLimits", "current_sql_limits",
           "SqlRefused", "SqlFailed", "SqlTimeout", "SqlTooLarge"]


@dataclass(frozen=True)
class SqlResult:
    """A query's result: at most ``limits.max_rows`` rows, and whether more existed."""

    frame: pl.DataFrame
    truncated: bool  # the query had more rows than limits.max_rows
    limits: SqlLimits
    seconds: float  # wall time of run_sql, views and worker included
    views: tuple[str, ...] = ()  # the views the worker held: those the query names (docs/sql.md)


def run_sql(workspace: Workspace, sql: str, filters: Filters | None = None, limits: SqlLimits | None = None, *,
            period: Period = "month") -> SqlResult:
    """Run one read-only statement over the workspace's views, in a sandboxed worker process.

    `filters` apply to every view (None: unfiltered); `period` is the result views' period
    (``month`` as in the report). `limits` default to `current_sql_limits()` (defaults and
    ``CXREPORT_SQL_*`` variables). Raises `SqlRefused` (not one read-only statement),
    `SqlFailed` (DuckDB's error, with its position), `SqlTimeout` or `SqlTooLarge`.
    """
    import polars as pl

    from cxreport.sql import statements, views, worker

    started = time.monotonic()
    limits = limits or current_sql_limits()
    body = statements.check_statement(sql)
    tables = views.tables_for(workspace, body, filters, period=period)
    outcome = worker.run_in_worker([(name, views.arrow_ipc(frame)) for name, frame in tables.items()],
                                   statements.wrapped(body, limits.max_rows + 1), timeout_s=limits.timeout_s,
                                   max_rows=limits.max_rows, max_bytes=limits.max_bytes, memory_mb=limits.memory_mb,
                                   threads=limits.threads)
    if outcome.status == "ok":
        frame = pl.read_ipc_stream(outcome.data)  # type: ignore[arg-type]
        return SqlResult(frame, outcome.truncated, limits, time.monotonic() - started, tuple(tables))
    raise _error(outcome, body, limits)


query = run_sql  # `cxreport.query(ws, "SELECT ...")`


def _error(outcome, body: str, limits: SqlLimits) -> Exception:
    from cxreport.io.limits import megabytes
    from cxreport.sql import statements

    if outcome.status == "timeout":
        seconds = f"{limits.timeout_s:g}"
        return SqlTimeout("sql_timeout", f"The query ran longer than {seconds} s and was stopped.",
                          "Narrow it (fewer rows, no cross join), or raise the limit (CXREPORT_SQL_TIMEOUT_S).",
                          seconds=seconds)
    if outcome.status == "too_large":
        size = megabytes(limits.max_bytes)
        return SqlTooLarge("sql_too_large", f"The result is larger than {size} MB.",
                           "Select fewer columns or aggregate; shorten long text columns.", megabytes=size)
    if outcome.status == "memory":
        size = f"{limits.memory_mb:,.0f}"
        return SqlFailed("sql_out_of_memory", f"The query needed more than the {size} MB of memory it may use.",
                         "Aggregate earlier, join fewer rows, or raise the limit (CXREPORT_SQL_MEMORY_MB).",
                         megabytes=size)
    if outcome.status == "died":
        return SqlFailed("sql_worker_died", "The query's worker process stopped before it answered "
                         "(it reached its memory or CPU-time limit).",
                         "Narrow the query, or raise CXREPORT_SQL_MEMORY_MB or CXREPORT_SQL_TIMEOUT_S.")
    return statements.failed_from(outcome.message, body, line_offset=statements.WRAP_LINES)


def sql_views(workspace: Workspace, filters: Filters | None = None, *,
              period: Period = "month") -> dict[str, list[tuple[str, str]]]:
    """Every view a query on this workspace can read -> [(column, DuckDB type)], for an editor's help panel.

    Lists the result views too (computing them once; `run_sql` then reuses them).

    >>> import cxreport
    >>> ws = cxreport.load("tests/data/cli/nps_tiny.csv")
    >>> views = sql_views(ws)
    >>> list(views)
    ['surveys', 'file_nps_tiny', 'nps_by_period', 'csat_by_period']
    >>> views["nps_by_period"][:3]
    [('period', 'DATE'), ('n', 'BIGINT'), ('promoters', 'BIGINT')]
    """
    from cxreport.sql import views

    return views.duckdb_columns(views.view_tables(workspace, filters, period=period))
