"""Charts of the notebook's SQL results: aggregated in Polars first, capped in marks."""

from __future__ import annotations

from typing import Final

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.notebook import AGGREGATES, MARKS
from cxreport.charts._base import BLUE, HEIGHT, _finish


# --- notebook: a chart of a SQL result -------------------------------------------------------

MAX_RESULT_POINTS: Final = 2_000  # marks of a chart of a SQL result: a chart, not the data


def aggregate_result(frame: pl.DataFrame, *, x: str, y: str | None, color: str | None = None,
                     aggregate: str = "sum", max_points: int = MAX_RESULT_POINTS) -> tuple[pl.DataFrame, int]:
    """What a chart of a SQL result draws: `y` aggregated per `x` (and `color`) in Polars,
    at most `max_points` rows (the first ones by x). Returns the rows and how many there
    were before the cut.

    ``count`` counts rows (y may be None); ``none`` keeps the rows as they are.

    >>> f = pl.DataFrame({"ch": ["a", "b", "a"], "amount": [1.0, 2.0, 3.0]})
    >>> aggregate_result(f, x="ch", y="amount", aggregate="sum")[0].rows()
    [('a', 4.0), ('b', 2.0)]
    >>> aggregate_result(f, x="ch", y=None, aggregate="count")[0].rows()
    [('a', 2), ('b', 1)]
    """
    if aggregate not in AGGREGATES:
        raise ValueError(f"aggregate must be one of {AGGREGATES}, not {aggregate!r}")
    keys = [x, *([color] if color else [])]
    value = y if aggregate != "count" else "count"
    if aggregate == "none":
        data = frame.select(*dict.fromkeys([*keys, y]))
    elif aggregate == "count":
        data = frame.group_by(keys).agg(pl.len().alias("count"))
    else:
        data = frame.group_by(keys).agg(getattr(pl.col(y), aggregate)().alias(value))
    total = data.height
    return data.sort(keys, nulls_last=True).head(max_points), total


def sql_result_chart(frame: pl.DataFrame, *, mark: str, x: str, y: str | None, color: str | None = None,
                     aggregate: str = "sum", title: str = "", lang: str = "en") -> alt.Chart:
    """A bar, line, point or area chart of a SQL result (a notebook's chart cell), aggregated
    by `aggregate_result` first; x is read as a date, a number or a category by its dtype."""
    if mark not in MARKS:
        raise ValueError(f"mark must be one of {MARKS}, not {mark!r}")
    data, _ = aggregate_result(frame, x=x, y=y, color=color, aggregate=aggregate)
    value = "count" if aggregate == "count" else y
    dtype = data.schema[x]
    x_type = "T" if dtype.is_temporal() else "Q" if dtype.is_numeric() and mark != "bar" else "N"
    if x_type == "N":
        data = data.with_columns(pl.col(x).cast(pl.String))
    y_title = t("notebook.count", lang) if aggregate == "count" else (
        y if aggregate == "none" else f"{t(f'notebook.aggregate.{aggregate}', lang)} {y}")
    encoding: dict = {
        "x": alt.X(f"{x}:{x_type}", title=x, sort=None),
        "y": alt.Y(f"{value}:Q", title=y_title),
        "tooltip": [alt.Tooltip(f"{x}:{x_type}", title=x), alt.Tooltip(f"{value}:Q", title=y_title, format=",.4~f")],
    }
    if color:
        data = data.with_columns(pl.col(color).cast(pl.String))
        encoding["color"] = alt.Color(f"{color}:N", title=color)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{color}:N", title=color))
    chart = getattr(alt.Chart(data), f"mark_{mark}")(**({} if color else {"color": BLUE})).encode(**encoding)
    return _finish(chart.properties(height=HEIGHT), title or t("notebook.chart_title", lang, y=y_title, x=x), lang)
