"""The one set of filters every page applies: a date range and dimension values.

Filters are plain data (so they round-trip through the URL, see `cxreport.state`) and
are applied to canonical tables as Polars expressions; a dimension a table does not
have is ignored for that table rather than emptying it (a survey has no `plan`).

A date range restricts what is shown, never who a customer is. For the kinds whose
metrics look back in time (`HISTORY_KINDS`: orders, subscriptions) the table a metric
gets is the *history* (`history`: the dimension filters, and nothing after the range's
end, which is the "as of" day), so first purchases, cohorts, churn windows and CLV
histories are those of the full history; the result is then restricted to the range
(`restrict_periods`, `customers_in_window`). Surveys, tickets and UX tests have no
history: their rows are simply kept or not. docs/metrics.md says what each metric shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import DATE_FIELD, DIMENSIONS, LOCAL_DIMENSIONS, Kind
from cxreport.periods import Period, truncate

# Kinds whose metrics read a customer's past: a date range must not cut their history.
HISTORY_KINDS: frozenset[Kind] = frozenset({Kind.ORDERS, Kind.SUBSCRIPTIONS})

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


def filter_expr(columns: list[str] | tuple[str, ...], kind: Kind | str, filters: Filters, *,
                history: bool = False) -> pl.Expr:
    """One boolean expression for the filters that apply to a table with these columns
    (with `history`, the range's start is left out: see `history`)."""
    kind = Kind(kind)
    conditions: list[pl.Expr] = []
    date_col = DATE_FIELD.get(kind)
    if date_col and date_col in columns:
        if filters.date_from is not None and not history:
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
    """The rows inside every filter, the date range included (what the range shows)."""
    columns = frame.collect_schema().names()
    if not filters.key()[0] and not filters.key()[1] and not filters.key()[2]:
        return frame  # no filter set: the table itself, not a filtered copy of a million rows
    return frame.filter(filter_expr(columns, kind, filters))


def history(frame: pl.DataFrame | pl.LazyFrame, kind: Kind | str, filters: Filters) -> pl.DataFrame | pl.LazyFrame:
    """What a metric of `kind` computes on: for orders and subscriptions, every row up to the
    range's end under the dimension filters (a customer's past before the range's start is
    kept); for other kinds, `apply_filters`.

    >>> import datetime as dt
    >>> t = pl.DataFrame({"order_date": [dt.datetime(2025, 12, 1), dt.datetime(2026, 1, 5), dt.datetime(2026, 3, 1)]})
    >>> history(t, "orders", Filters(dt.date(2026, 1, 1), dt.date(2026, 1, 31))).height
    2
    """
    kind = Kind(kind)
    if kind not in HISTORY_KINDS:
        return apply_filters(frame, kind, filters)
    if filters.date_to is None and not any(filters.dims.values()):
        return frame
    return frame.filter(filter_expr(frame.collect_schema().names(), kind, filters, history=True))


def restrict_periods(result: pl.DataFrame, column: str, filters: Filters, period: Period) -> pl.DataFrame:
    """Rows of a per-period (or per-cohort) result whose period starts on or after the
    period of the range's start: a metric computed on `history` shown for the range.

    >>> import datetime as dt
    >>> r = pl.DataFrame({"cohort": [dt.date(2025, 12, 1), dt.date(2026, 1, 1)], "customers": [5, 7]})
    >>> restrict_periods(r, "cohort", Filters(date_from=dt.date(2026, 1, 15)), "month")["customers"].to_list()
    [7]
    """
    if filters.date_from is None or column not in result.columns or result.is_empty():
        return result
    start = pl.select(truncate(pl.lit(dt.datetime.combine(filters.date_from, dt.time())), period)).item()
    values = pl.col(column)
    if result.schema[column] == pl.String:
        values = values.str.to_date(strict=False)
    return result.filter(values.cast(pl.Date) >= (start.date() if isinstance(start, dt.datetime) else start))


def customers_in_window(frame: pl.DataFrame | pl.LazyFrame, kind: Kind | str, filters: Filters, *,
                        acquired: bool = False, customer: str = "customer_id") -> pl.DataFrame | pl.LazyFrame:
    """The history of the customers seen in the range (with `acquired`, only of those whose
    first row falls in it), every row of theirs kept: a per-customer metric (CLV, standing,
    survival) computed on their whole past and shown for the range's customers."""
    kind = Kind(kind)
    date_col = DATE_FIELD.get(kind)
    if filters.date_from is None or not date_col:
        return frame
    columns = frame.collect_schema().names()
    if date_col not in columns or customer not in columns:
        return frame
    start = dt.datetime.combine(filters.date_from, dt.time())
    if acquired:
        first = pl.col(date_col).min().over(customer)
        return frame.filter(first >= start)
    return frame.filter((pl.col(date_col) >= start).any().over(customer))


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

