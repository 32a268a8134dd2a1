"""What every metric accepts, and the checks on it: one input module for all of them.

A metric takes `data` — a Polars DataFrame, a Polars LazyFrame or a DuckDB relation
(`Frame`) — with canonical column names (or its own names through a `cols=` dataclass of
cxreport.fields), then keyword-only options: `by=` for groups, `period=` for calendar
periods. It turns the data into a LazyFrame once (`as_lazy`), checks the columns it needs
(`require_columns` / `checked_lazy`, a `MappingProblem` naming what is missing) and, for a
score, its scale (`check_score_range`). Which rows count (test orders, refunds, future
dates) is decided in cxreport.metrics.rows, also for frames that never went through a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import duckdb
import polars as pl

from cxreport.errors import MappingProblem

Frame = pl.DataFrame | pl.LazyFrame | duckdb.DuckDBPyRelation
DateLike = dt.date | dt.datetime | str
# Kept as a name of its own in signatures of the survey, service and UX metrics.
TableInput = Frame


def as_lazy(data: Frame) -> pl.LazyFrame:
    """The table as a Polars LazyFrame (a DuckDB relation is read through Arrow)."""
    if isinstance(data, pl.LazyFrame):
        return data
    if isinstance(data, pl.DataFrame):
        return data.lazy()
    if isinstance(data, duckdb.DuckDBPyRelation):
        return data.pl(lazy=True)
    raise TypeError(f"expected a polars DataFrame/LazyFrame or a DuckDB relation, not {type(data).__name__}")


def as_day(value: DateLike) -> dt.date:
    """A calendar day from a date, a datetime (its day) or an ISO string (YYYY-MM-DD...)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise MappingProblem(
            "bad_date",
            f"{value!r} is not a date.",
            "Write dates as YYYY-MM-DD, for example 2024-06-30.",
            value=str(value),
        ) from None


def require_columns(names: Sequence[str], needed: Sequence[str], table: str, hint: str) -> None:
    """Raise a MappingProblem naming the columns of `needed` that `names` lacks."""
    missing = [c for c in dict.fromkeys(needed) if c not in names]
    if missing:
        raise MappingProblem(
            f"{table}_missing_columns",
            f"The {table} table has no column {', '.join(missing)}.",
            hint,
            columns=missing,
        )


def as_list(by: str | Sequence[str] | None) -> list[str]:
    """Grouping columns as a list: None -> [], "agent" -> ["agent"]."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def checked_lazy(table: TableInput, needed: Iterable[str], *, table_name: str, hint: str) -> pl.LazyFrame:
    """The table as a LazyFrame, after checking it has every column in `needed`."""
    lazy = as_lazy(table)
    require_columns(lazy.collect_schema().names(), list(needed), table_name, hint)
    return lazy


def check_score_range(lazy: pl.LazyFrame, column: str, low: float, high: float, *, label: str) -> None:
    """Raise when a score column holds values outside its scale (usually a wrongly mapped column)."""
    bad = (
        lazy.select(pl.col(column).filter((pl.col(column) < low) | (pl.col(column) > high)).first())
        .collect()
        .item()
    )
    if bad is not None:
        raise MappingProblem(
            "score_out_of_range",
            f"The column {column} should hold {label} answers from {low:g} to {high:g}, but it has {bad:g}.",
            f"Map the column that holds the {label} answer on its {low:g}–{high:g} scale, or fix the values outside it.",
            column=column,
            value=bad,
            low=low,
            high=high,
        )
