"""The one set of filters every page applies: a date range and dimension values.

Filters are plain data (so they round-trip through the URL, see `cxreport.state`) and
are applied to canonical tables as Polars expressions; a dimension a table does not
have is ignored for that table rather than emptying it (a survey has no `plan`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import DATE_FIELD, DIMENSIONS, LOCAL_DIMENSIONS, Kind

# A column with more distinct values than this is not offered as a filter (ids, free text).
MAX_FILTER_VALUES = 60


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    dims: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def without(self, dim: str) -> "Filters":
        """The same filters except on one dimension (a chart that is itself the selector)."""
        return Filters(self.date_from, self.date_to, {k: v for k, v in self.dims.items() if k != dim})

    def key(self) -> tuple:
        """Hashable identity, for memoising results per filter set."""
        return (self.date_from, self.date_to, tuple(sorted((k, tuple(sorted(v))) for k, v in self.dims.items() if v)))


def filter_expr(columns: list[str] | tuple[str, ...], kind: Kind | str, filters: Filters) -> pl.Expr:
    """One boolean expression for the filters that apply to a table with these columns."""
    kind = Kind(kind)
    conditions: list[pl.Expr] = []
    date_col = DATE_FIELD.get(kind)
    if date_col and date_col in columns:
        if filters.date_from is not None:
            conditions.append(pl.col(date_col) >= pl.lit(dt.datetime.combine(filters.date_from, dt.time())))
        if filters.date_to is not None:
            end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time())
            conditions.append(pl.col(date_col) < pl.lit(end))
    local = LOCAL_DIMENSIONS.get(kind, frozenset())
    for dim, values in filters.dims.items():
        if values and dim in columns and dim not in local:
            conditions.append(pl.col(dim).is_in(list(values)))
    return pl.all_horizontal(conditions) if conditions else pl.lit(True)


def apply_filters(frame: pl.DataFrame | pl.LazyFrame, kind: Kind | str, filters: Filters) -> pl.DataFrame | pl.LazyFrame:
    columns = frame.collect_schema().names()
    if not filters.key()[0] and not filters.key()[1] and not filters.key()[2]:
        return frame  # no filter set: the table itself, not a filtered copy of a million rows
    return frame.filter(filter_expr(columns, kind, filters))


def dimension_values(frame: pl.DataFrame, kind: Kind | str | None = None, *,
                     max_values: int = MAX_FILTER_VALUES) -> dict[str, list[str]]:
    """Distinct values of each low-cardinality dimension column, sorted, nulls dropped
    (a kind's local dimensions, which the filters do not apply to, left out)."""
    out: dict[str, list[str]] = {}
    local = LOCAL_DIMENSIONS.get(Kind(kind), frozenset()) if kind else frozenset()
    for dim in DIMENSIONS:
        if dim not in frame.columns or dim in local:
            continue
        values = frame.get_column(dim).drop_nulls().unique()
        if 0 < values.len() <= max_values:
            out[dim] = sorted(values.cast(pl.String).to_list())
    return out


def date_span(frame: pl.DataFrame, kind: Kind | str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a table's date column, or None when it has no dates."""
    col = DATE_FIELD.get(Kind(kind))
    if not col or col not in frame.columns:
        return None
    s = frame.get_column(col).drop_nulls()
    if s.is_empty():
        return None
    return s.min().date(), s.max().date()  # type: ignore[union-attr]
