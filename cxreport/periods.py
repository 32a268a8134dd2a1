"""Calendar periods used everywhere (cohorts, trends): one name, one truncation rule."""

from __future__ import annotations

from typing import Literal, get_args

import polars as pl

Period = Literal["day", "week", "month", "quarter"]
PERIODS: tuple[str, ...] = get_args(Period)

# polars truncation strings; weeks start on Monday (ISO 8601), as in DuckDB's date_trunc.
_POLARS_EVERY = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q"}


def check_period(period: str) -> Period:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return period  # type: ignore[return-value]


def truncate(expr: pl.Expr, period: Period) -> pl.Expr:
    """Start of the period containing each timestamp, as a Date."""
    return expr.dt.truncate(_POLARS_EVERY[check_period(period)]).cast(pl.Date)


def periods_between(start: pl.Expr, end: pl.Expr, period: Period) -> pl.Expr:
    """Whole periods from the period of `start` to the period of `end` (0 = same period).

    Both arguments must already be truncated to `period` (Date). Months and quarters count
    calendar steps (Jan -> Mar = 2), days and weeks count elapsed days / 1 or 7.
    """
    check_period(period)
    if period in ("month", "quarter"):
        months = (end.dt.year() - start.dt.year()) * 12 + (end.dt.month() - start.dt.month())
        return (months // (3 if period == "quarter" else 1)).cast(pl.Int64)
    days = (end - start).dt.total_days()
    return (days // (7 if period == "week" else 1)).cast(pl.Int64)
