"""The charts' shared ground: the theme and its colours, the data checks every builder makes,
and the formats and Vega locale that label axes and tooltips in the reader's language."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

import altair as alt
import polars as pl

from cxreport.fmt import (
    MONTHS, MONTHS_SHORT, QUARTER_PREFIX, WEEK_PREFIX, WEEKDAYS, currency_decimals, currency_symbol, period_label_expr,
)
from cxreport.columns import column_label
from cxreport.i18n import t
from cxreport.periods import Period, check_period
from cxreport.translations import TRANSLATIONS


# Okabe & Ito (2008), "Color Universal Design": distinguishable with any common colour-vision
# deficiency. Yellow last: it is faint on white.
OKABE_ITO: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK, YELLOW = OKABE_ITO
GREY: Final = "#9E9E9E"
FONT: Final = '"Source Sans Pro", "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif'
THEME_NAME: Final = "cxreport"
COHORT_SELECTION: Final = "cohort"
GROUP_SELECTION: Final = "group"  # ux_cx_quadrant: the touchpoint or segment clicked
HEIGHT: Final = 380
BAR_STEP: Final = 36  # px per bar in horizontal bar charts: labels readable from the back of a room
MAX_CELL_LABELS: Final = 600  # heatmap cells with printed values; beyond that, colour only

_PERIOD_UNIT: Final = {"day": "unit.days", "week": "unit.weeks", "month": "unit.months", "quarter": "unit.quarters"}


def cxreport_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 8,
            "title": {"fontSize": 22, "fontWeight": 600, "anchor": "start", "offset": 16, "color": "#1a1a1a",
                      "subtitleFontSize": 14, "subtitleColor": "#555555"},
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": 600, "titleColor": "#333333",
                     "labelColor": "#333333", "gridColor": "#E6E6E6", "domainColor": "#888888",
                     "tickColor": "#888888", "labelLimit": 260, "titlePadding": 10},
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "titleFontWeight": 600, "orient": "bottom",
                       "direction": "horizontal", "labelLimit": 320, "titleLimit": 600, "symbolSize": 140,
                       # a long legend (22 cohorts) wraps into rows instead of running off the chart
                       "columns": 8},
            # Vega's default tick count grows with the width: a full-width chart on a 1920 px
            # projector got a label every point (54, 55, … 99) and its last two labels ran together.
            "axisQuantitative": {"tickCount": 10},
            "header": {"labelFontSize": 14, "titleFontSize": 15},
            "range": {"category": list(OKABE_ITO), "heatmap": {"scheme": "blues"}, "ramp": {"scheme": "blues"},
                      "diverging": {"scheme": "blueorange"}},
            "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": HEIGHT},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 70, "filled": True},
            "bar": {"cornerRadiusEnd": 2},
            "text": {"fontSize": 12},
        }
    }


def use_theme() -> None:
    """Make the cxreport theme Altair's active theme (registered on the first call).

    Altair's theme is process-wide state, so it is switched here, on request, and never as a
    side effect of an import. Charts are themed when they are rendered (``to_dict``,
    `cxreport.export.chart_png`, ``st.altair_chart``), so call this before those.

    >>> import altair as alt
    >>> use_theme()
    >>> alt.theme.active
    'cxreport'
    >>> alt.theme.get()()["config"]["range"]["category"][:2]
    ['#0072B2', '#E69F00']
    """
    # The app calls this on every run: `alt.theme.names()` reads the installed packages'
    # entry points each time, so it is asked only while the theme is not active yet.
    if alt.theme.active == THEME_NAME:
        return
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(cxreport_theme)
    alt.theme.enable(THEME_NAME)


# --- data helpers ---------------------------------------------------------------------------


def histogram_bins(values: pl.Series, bins: int = 30) -> pl.DataFrame:
    """Counts of `values` in `bins` equal-width bins from min to max (nulls and NaN left out).

    Bins are [start, end) except the last, which includes the maximum (as numpy.histogram).
    All-equal values give one bin of width 1 centred on the value; no values, no rows.
    Returns bin_start, bin_end (Float64), count (Int64), one row per bin, empty bins included.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    x = values.cast(pl.Float64).drop_nulls().drop_nans()
    x = x.filter(x.is_finite())
    schema = {"bin_start": pl.Float64, "bin_end": pl.Float64, "count": pl.Int64}
    if x.is_empty():
        return pl.DataFrame(schema=schema)
    lo, hi = float(x.min()), float(x.max())  # type: ignore[arg-type]
    if lo == hi:
        return pl.DataFrame({"bin_start": [lo - 0.5], "bin_end": [lo + 0.5], "count": [x.len()]}, schema=schema)
    width = (hi - lo) / bins
    index = ((x - lo) / width).floor().cast(pl.Int64).clip(0, bins - 1).alias("bin")
    counts = index.to_frame().group_by("bin").agg(pl.len().cast(pl.Int64).alias("count"))
    edges = pl.DataFrame({"bin": pl.int_range(0, bins, eager=True, dtype=pl.Int64)})
    return (
        edges.join(counts, on="bin", how="left")
        .with_columns(
            bin_start=lo + pl.col("bin").cast(pl.Float64) * width,
            # the last edge is exactly the maximum, not lo + bins·width with rounding error
            bin_end=pl.when(pl.col("bin") == bins - 1).then(pl.lit(hi)).otherwise(lo + (pl.col("bin") + 1) * width),
            count=pl.col("count").fill_null(0),
        )
        .sort("bin")
        .select("bin_start", "bin_end", "count")
    )


def _frame(df: pl.DataFrame | pl.LazyFrame, required: Sequence[str], chart: str) -> pl.DataFrame:
    frame = df.collect() if isinstance(df, pl.LazyFrame) else df
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{chart} needs columns {missing}; got {frame.columns}")
    return frame


def _grouped(df: pl.DataFrame | pl.LazyFrame, by: str | None) -> pl.DataFrame | pl.LazyFrame:
    """Metric tables name their group column after the dimension (`segment`, `channel`);
    builders that draw "a group" read it as `group`."""
    names = df.collect_schema().names()
    if by and "group" not in names and by in names:
        return df.rename({by: "group"})
    return df


def _with_period_label(frame: pl.DataFrame, column: str, period: Period, lang: str) -> pl.DataFrame:
    return frame.with_columns(period_label_expr(pl.col(column), period, lang).alias(f"{column}_label"))


def _yes_no(frame: pl.DataFrame, column: str, lang: str) -> pl.DataFrame:
    """A translated yes/no text column `<column>_text` for tooltips (booleans read true/false)."""
    if column not in frame.columns:
        return frame
    return frame.with_columns(
        pl.when(pl.col(column)).then(pl.lit(t("word.yes", lang))).otherwise(pl.lit(t("word.no", lang)))
        .alias(f"{column}_text")
    )


def _choice_expr(field: str, labels: dict[str, str]) -> str:
    """A Vega expression mapping datum[field] through `labels` (unknown values unchanged)."""
    expr = f"datum[{json.dumps(field)}]"
    for key, label in reversed(labels.items()):
        expr = f"datum[{json.dumps(field)}] === {json.dumps(key)} ? {json.dumps(label)} : ({expr})"
    return expr


def _dimension_title(by: str, lang: str) -> str:
    key = f"dim.{by}"
    return t(key, lang) if key in TRANSLATIONS else column_label(by, lang)


def _unknown_groups(frame: pl.DataFrame, column: str, lang: str) -> pl.DataFrame:
    """The group column as text, a missing group named "Unknown" (never a bar labelled null)."""
    return frame.with_columns(pl.col(column).cast(pl.String).fill_null(t("word.unknown", lang)))


# Titles longer than this many characters wrap onto two lines: a chart in half a page
# (two columns at 1366 px, the sidebar open) has room for about 36 characters at the theme's 22 px.
TITLE_WRAP: Final = 34


def wrap_title(title: str, width: int = TITLE_WRAP) -> str | list[str]:
    """A title as one line, or as lines of at most about `width` characters (Vega draws a list
    as lines), broken at spaces.

    >>> wrap_title("Tiket dibuka, diselesaikan, dan masih terbuka", 30)
    ['Tiket dibuka, diselesaikan,', 'dan masih terbuka']
    """
    if len(title) <= width:
        return title
    lines: list[str] = []
    for word in title.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


# --- formats and locale ---------------------------------------------------------------------


def vega_locale(lang: str, currency: str | None = None) -> dict:
    """d3 number and time locale for Vega, from the tables `cxreport.fmt` uses."""
    thousands, decimal = (".", ",") if lang == "id" else (",", ".")
    lang = "id" if lang == "id" else "en"
    weekdays = list(WEEKDAYS[lang])
    days = weekdays[-1:] + weekdays[:-1]  # d3 starts on Sunday
    return {
        "number": {"decimal": decimal, "thousands": thousands, "grouping": [3],
                   "currency": [currency_symbol(currency, lang), ""], "minus": "−"},
        "time": {"dateTime": "%A, %e %B %Y %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
                 "days": days, "shortDays": [d[:3] for d in days], "months": list(MONTHS[lang]),
                 "shortMonths": list(MONTHS_SHORT[lang])},
    }


def period_axis_format(period: Period, lang: str) -> str:
    """d3 time format naming a period the way `fmt.period_label` does."""
    lang = "id" if lang == "id" else "en"
    return {
        "day": "%e %b %Y",
        "week": f"{WEEK_PREFIX[lang]}%V %G",
        "month": "%b %Y",
        "quarter": f"{QUARTER_PREFIX[lang]}%q %Y",
    }[check_period(period)]


def money_format(currency: str | None) -> str:
    return f"{'$' if currency else ''},.{currency_decimals(currency) if currency else 0}f"


def _money_title(key: str, currency: str | None, lang: str) -> str:
    return f"{t(key, lang)} ({currency.upper()})" if currency else t(key, lang)


def _finish(chart: alt.TopLevelMixin, title: str, lang: str, currency: str | None = None,
            subtitle: str | None = None) -> alt.TopLevelMixin:
    text = wrap_title(title)
    title_param = alt.Title(text, subtitle=wrap_title(subtitle, 90)) if subtitle else alt.Title(text)
    # The theme travels in each chart's own config too, so a chart looks the same wherever it is
    # rendered (the app, an HTML or PDF export, a notebook) whether or not use_theme() was called.
    return chart.properties(title=title_param, width="container").configure(
        locale=vega_locale(lang, currency), **cxreport_theme()["config"])


_TICK_INTERVAL: Final = {"day": ("day", 1), "week": ("week", 1), "month": ("month", 1), "quarter": ("month", 3)}


def _period_x(period: Period, lang: str, field: str = "period") -> alt.X:
    # ticks on period starts only: a month axis must not show "Aug 2024" at four weekly ticks
    interval, step = _TICK_INTERVAL[check_period(period)]
    axis = alt.Axis(format=period_axis_format(period, lang), tickCount={"interval": interval, "step": step},
                    labelOverlap=True, labelAngle=0)
    return alt.X(f"{field}:T", title=t("axis.period", lang), axis=axis)


def _period_band_x(lang: str) -> alt.X:
    # bars per period: ordinal labels in data order (the frame is sorted by period)
    return alt.X("period_label:O", title=t("axis.period", lang), sort=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))


def _sorted(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return frame.sort(list(columns), nulls_last=True)


# A third of a pixel of a share axis (0–100 %) on a chart HEIGHT pixels tall.
STEP_RESOLUTION: Final = 1 / (3 * HEIGHT)


def visible_steps(frame: pl.DataFrame, group: str, values: Sequence[str], *,
                  resolution: float = STEP_RESOLUTION) -> pl.DataFrame:
    """The rows of step curves (sorted by `group`, then time) that a reader can see: a row
    is kept when one of its `values` is `resolution` or more away from the last row kept,
    so the curve drawn through the kept rows is never `resolution` away from the full one;
    each group's first and last rows are kept. A Kaplan–Meier curve of a million orders has
    a step for every day (700 a group): far more than the pixels show.

    >>> curve = pl.DataFrame({"group": ["a"] * 4, "time": [0, 1, 2, 3], "s": [1.0, 0.9999, 0.5, 0.4999]})
    >>> visible_steps(curve, "group", ["s"], resolution=0.01).get_column("time").to_list()
    [0, 2, 3]
    """
    if frame.is_empty():
        return frame
    # Plain tuples and lists: a few thousand rows, each decided by the row kept before it,
    # loop four times faster in Python than with a numpy operation per row.
    numbers = frame.select(pl.col(values).cast(pl.Float64).fill_null(float("nan"))).rows()
    starts = frame.select(pl.col(group).ne_missing(pl.col(group).shift(1)).fill_null(True)).to_series().to_list()
    starts.append(True)  # past the last row: a group's last row is kept
    keep = [False] * frame.height
    last = numbers[0]
    for row, current in enumerate(numbers):
        if starts[row] or starts[row + 1] or any(not abs(a - b) < resolution for a, b in zip(current, last)):
            keep[row], last = True, current
    return frame.filter(pl.Series(keep, dtype=pl.Boolean))


# --- shared by several sections ------------------------------------------------------------


_COHORT_COLUMNS: Final = ("cohort", "period", "customers", "retained", "rate", "revenue", "revenue_rate")


def _cohort_data(df: pl.DataFrame | pl.LazyFrame, chart: str, period: Period, lang: str,
                 required: Sequence[str] = _COHORT_COLUMNS) -> pl.DataFrame:
    frame = _frame(df, required, chart)
    return _sorted(frame, "cohort").with_columns(
        period_label_expr(pl.col("cohort"), period, lang).alias("cohort_label"),
        # ISO text, so a selection hands back exactly what ViewState.cohorts stores
        pl.col("cohort").cast(pl.Date).dt.to_string("%Y-%m-%d").alias("cohort"),
    )


def _interval_by_group(data: pl.DataFrame, lang: str, *, group: str, group_title: str, value: str, value_title: str,
                       value_format: str, x_domain: tuple[float, float] | None, extra: list[alt.Tooltip],
                       horizontal: bool = True, zero_rule: bool = False) -> alt.LayerChart:
    """Estimate and 95% interval per group: a marker on an error bar."""
    tooltips = [alt.Tooltip(f"{group}:N", title=group_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=value_format),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=value_format),
                alt.Tooltip("n:Q", title=t("word.n", lang), format=",d"), *extra]
    scale = alt.Scale(domain=list(x_domain)) if x_domain else alt.Scale(zero=False)
    value_channel, value_end, group_channel = (alt.X, "x2", alt.Y) if horizontal else (alt.Y, "y2", alt.X)
    base = alt.Chart(data).encode(group_channel(f"{group}:N", title=group_title, sort=None,
                                                axis=alt.Axis(labelAngle=0) if not horizontal else alt.Axis()))
    bars = base.mark_rule(strokeWidth=2.5, color=BLUE).encode(
        value_channel("ci_low:Q", title=value_title, scale=scale), **{value_end: "ci_high:Q"}, tooltip=tooltips)
    fill = alt.condition("datum.significant", alt.value(BLUE), alt.value("white")) \
        if "significant" in data.columns else alt.value(BLUE)
    points = base.mark_point(shape="diamond", size=180, filled=False, strokeWidth=2, color=BLUE).encode(
        value_channel(f"{value}:Q", title=value_title, scale=scale), fill=fill, tooltip=tooltips)
    layers = [bars, points]
    if zero_rule:
        rule_channel = {"x": alt.datum(0)} if horizontal else {"y": alt.datum(0)}
        # from the bare data: with the group channel the rule would be cut into one stub per group
        layers.insert(0, alt.Chart(data).mark_rule(color=GREY, strokeDash=[4, 4]).encode(**rule_channel))
    if horizontal:
        return alt.layer(*layers).properties(height=alt.Step(BAR_STEP))
    return alt.layer(*layers)
