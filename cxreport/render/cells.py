"""A notebook's cells run on a workspace: what the app's Notebook page, present mode and the
HTML/PDF export show for each cell, computed by one code path.

- a SQL cell runs through `cxreport.sql.run_sql` (its sandbox and limits), under the
  report's filters unless the cell turns them off; a failure is kept as the cell's error,
  never raised, so one bad query does not stop the others;
- a chart cell draws its source SQL cell's result with `charts.sql_result_chart`
  (aggregated first: never more than `charts.MAX_RESULT_POINTS` marks);
- a pin draws its chart or card from `cxreport.pins`, in the view it was pinned in, under
  the report's filters when it follows them (`pin_view`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from cxreport import charts, pins
from cxreport.errors import CXError
from cxreport.filters import Filters
from cxreport.notebook import ChartCell, PinCell, SqlCell
from cxreport.periods import Period
from cxreport.state import ViewState, from_query
from cxreport.workspace import Workspace


@dataclass(frozen=True)
class SqlOutput:
    """A SQL cell's result: the rows (at most the row limit) and whether more were cut, or the error."""

    frame: pl.DataFrame | None = None
    truncated: bool = False
    max_rows: int = 0
    seconds: float = 0.0
    error: CXError | None = None


def run_sql_cell(cell: SqlCell, ws: Workspace, filters: Filters, *, period: Period = "month") -> SqlOutput:
    """The cell's query on the workspace, under `filters` unless the cell turns them off
    (`period`: the period of the result views, ``nps_by_period`` ...)."""
    from cxreport.sql import run_sql

    try:
        result = run_sql(ws, cell.sql, filters=filters if cell.use_filters else None, period=period)
    except CXError as err:
        return SqlOutput(error=err)
    return SqlOutput(result.frame, result.truncated, result.limits.max_rows, result.seconds)


def chart_columns(cell: ChartCell, frame: pl.DataFrame) -> CXError | None:
    """Why the chart cell cannot draw `frame` (a column it names is not in the result), or None."""
    wanted = [c for c in (cell.x, cell.y if cell.aggregate != "count" else "", cell.color) if c]
    missing = [c for c in wanted if c not in frame.columns]
    if not cell.x or (not cell.y and cell.aggregate != "count"):
        return CXError("chart_cell_incomplete", "Pick the columns for x and y.", "")
    if missing:
        return CXError("chart_cell_missing_column", f"The result has no column {missing[0]}.",
                       "Pick another column, or change the query.", column=missing[0])
    if cell.aggregate not in ("count", "none") and not frame.schema[cell.y].is_numeric():
        return CXError("chart_cell_not_numeric", f"The column {cell.y} is not a number.",
                       "Pick a numeric column for y, or count.", column=cell.y)
    return None


def chart_of(cell: ChartCell, frame: pl.DataFrame, *, lang: str, title: str = ""):
    """The chart cell's chart of a SQL result; `CXError` when the columns do not fit."""
    problem = chart_columns(cell, frame)
    if problem is not None:
        raise problem
    return charts.sql_result_chart(frame, mark=cell.mark, x=cell.x, y=cell.y or None, color=cell.color or None,
                                   aggregate=cell.aggregate, title=title, lang=lang)


def pin_view(cell: PinCell, current: ViewState) -> ViewState:
    """The view a pin draws in: its own parameters, in the current language, under the
    current date range and filters when it follows them, else under its own."""
    pinned, _ = from_query(cell.view)  # checked when the notebook was read: no notices
    changes: dict[str, Any] = {"lang": current.lang, "page": cell.page}
    if cell.follow_filters:
        changes.update(date_from=current.date_from, date_to=current.date_to, filters=dict(current.filters))
    return dataclasses.replace(pinned, **changes)


def draw_pin(cell: PinCell, ws: Workspace, current: ViewState,
             memo: Callable[[str, tuple, Callable[[], Any]], Any] | None = None) -> Any:
    """The pin's chart (Altair) or card (`headlines.Card`), from the current data."""
    ctx = pins.Context(ws, pin_view(cell, current), **({"memo": memo} if memo else {}))
    return pins.draw(cell.chart, ctx)
