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

    >>> import cxreport
    >>> ws = cxreport.load("tests/data/cli/orders_tiny.csv")
    >>> result = cxreport.query(ws, "SELECT customer_id, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 1")
    >>> result.frame.rows(), result.truncated, result.limits.max_rows
    ([('A', 3), ('B', 2), ('C', 3)], False, 10000)
    >>> cxreport.query(ws, "SELECT 1; DROP TABLE orders")
    Traceback (most recent call last):
    ...
    cxreport.sql.errors.SqlRefused: Only one statement runs at a time, and this text holds 2. Run them one at a time; a comment does not hide the second.
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
        frame = _frame(outcome.data)  # type: ignore[arg-type]
        return SqlResult(frame, outcome.truncated, limits, time.monotonic() - started, tuple(tables))
    raise _error(outcome, body, limits)


def _frame(data: bytes) -> pl.DataFrame:
    """The worker's Arrow IPC as a Polars frame. Some DuckDB types have no Polars type:
    INTERVAL (what subtracting two timestamps gives) becomes a duration when it holds no
    months, else text; a UNION, or an INTERVAL inside a list or struct, becomes text."""
    import polars as pl
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = ipc.open_stream(data).read_all()
    for i, field in enumerate(table.schema):
        if pa.types.is_interval(field.type):
            values = table.column(i).to_pylist()
            if all(v is None or v.months == 0 for v in values):
                column = pa.array([None if v is None else v.days * 86_400_000_000 + v.nanoseconds // 1000
                                   for v in values], pa.duration("us"))
            else:
                column = pa.array([None if v is None else f"{v.months} months {v.days} days {v.nanoseconds / 1e9:g} s"
                                   for v in values], pa.string())
            table = table.set_column(i, field.name, column)
        elif _unshowable(field.type):
            column = pa.array([None if v is None else str(v) for v in table.column(i).to_pylist()], pa.string())
            table = table.set_column(i, field.name, column)
    try:
        return pl.from_arrow(table)  # type: ignore[return-value]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 — Polars' Rust panics are BaseExceptions
        error = f"a column of the result has a type that cannot be shown ({str(err).splitlines()[0]}); cast it to VARCHAR"
        raise SqlFailed("sql_failed", f"DuckDB could not run the query: {error}.",
                        "Check the names with DESCRIBE <view>; docs/sql.md lists every view and its columns.",
                        error=error) from None


def _unshowable(kind) -> bool:
    """An Arrow type Polars cannot import: a union, or an interval anywhere inside."""
    import pyarrow as pa

    if pa.types.is_union(kind) or pa.types.is_interval(kind):
        return True
    return any(_unshowable(kind.field(i).type) for i in range(kind.num_fields))


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
