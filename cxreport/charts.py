"""Every Altair chart of the report, in one presentation theme.

Builders take the tidy frames the metric functions return (never raw rows: a distribution
comes in as pre-binned counts, see `histogram_bins`), plus `lang`, and return a top-level
Altair chart whose inline data holds exactly the input's rows (series are reshaped inside
Vega with fold/calculate transforms, so nothing is duplicated). Dates are labelled with
`cxreport.fmt`, numbers through a Vega locale built from the same tables, so axes and
tooltips read ``1.234,5`` and ``Agu 2024`` in Indonesian.

Each chart carries its language's locale in its top-level ``config``, so a builder's result
cannot be put inside ``alt.vconcat``/``alt.layer`` as is (Vega-Lite allows config only at
the top); draw charts one by one (that is what pages do).

Selections: `retention_heatmap` has a point selection named ``"cohort"`` (`COHORT_SELECTION`)
on the field ``cohort`` holding ISO dates. With
``event = st.altair_chart(chart, on_select="rerun")`` the picked cohorts are
``[p["cohort"] for p in event.selection["cohort"]]`` — the values `ViewState.cohorts` holds.

Theme: every builder's chart carries the theme in its own ``config``, so it looks the same
wherever it is rendered. `use_theme` also registers ``"cxreport"`` and makes it Altair's
active theme, for charts built outside this module; the app calls it on every run
(``streamlit_app.py``). Importing this module changes nothing global. Okabe–Ito colours (safe for the common colour-vision
deficiencies), large titles and labels for presenting on a projector.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

import altair as alt
import polars as pl

from cxreport.fmt import MONTHS, MONTHS_SHORT, fmt_percent, QUARTER_PREFIX, WEEK_PREFIX, WEEKDAYS, currency_decimals, \
    currency_symbol, period_label_expr
from cxreport.columns import column_label
from cxreport.i18n import t
from cxreport.notebook import AGGREGATES, MARKS
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
                       "direction": "horizontal", "labelLimit": 320, "titleLimit": 600, "symbolSize": 140},
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
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(cxreport_theme)
    if alt.theme.active != THEME_NAME:
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
# (two columns at 1400 px) has room for about 42 characters at the theme's 22 px.
TITLE_WRAP: Final = 40


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


# --- cohorts and retention -----------------------------------------------------------------

_COHORT_COLUMNS: Final = ("cohort", "period", "customers", "retained", "rate", "revenue", "revenue_rate")


def _cohort_data(df: pl.DataFrame | pl.LazyFrame, chart: str, period: Period, lang: str,
                 required: Sequence[str] = _COHORT_COLUMNS) -> pl.DataFrame:
    frame = _frame(df, required, chart)
    return _sorted(frame, "cohort").with_columns(
        period_label_expr(pl.col("cohort"), period, lang).alias("cohort_label"),
        # ISO text, so a selection hands back exactly what ViewState.cohorts stores
        pl.col("cohort").cast(pl.Date).dt.to_string("%Y-%m-%d").alias("cohort"),
    )


def _value_meta(value: str, lang: str) -> tuple[str, str]:
    if value == "rate":
        return "axis.retention_rate", t("axis.retention_rate", lang)
    if value == "revenue_rate":
        return "axis.revenue_retention", t("axis.revenue_retention", lang)
    raise ValueError(f"value must be 'rate' or 'revenue_rate', not {value!r}")


def _cohort_tooltips(lang: str, currency: str | None, period: Period) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("cohort_label:N", title=t("axis.cohort", lang)),
        alt.Tooltip("period:O", title=t("axis.time_since_start", lang, unit=t(_PERIOD_UNIT[period], lang))),
        alt.Tooltip("customers:Q", title=t("axis.customers", lang), format=",d"),
        alt.Tooltip("retained:Q", title=t("axis.retained", lang), format=",d"),
        alt.Tooltip("rate:Q", title=t("axis.retention_rate", lang), format=".1%"),
        alt.Tooltip("revenue:Q", title=_money_title("axis.revenue", currency, lang), format=money_format(currency)),
        alt.Tooltip("revenue_rate:Q", title=t("axis.revenue_retention", lang), format=".1%"),
    ]


def retention_heatmap(df: pl.DataFrame | pl.LazyFrame, value: str = "rate", lang: str = "en", *,
                      selected_cohorts: Sequence[str] = (), period: Period = "month",
                      currency: str | None = None) -> alt.LayerChart:
    """Cohort × periods-since-first-purchase cells coloured by `value` ("rate" or "revenue_rate").

    Clicking a cell selects its cohort (point selection ``"cohort"``, several with shift);
    `selected_cohorts` (ISO dates) start selected and are outlined.
    """
    _, value_title = _value_meta(value, lang)
    data = _cohort_data(df, "retention_heatmap", period, lang)
    pick = alt.selection_point(name=COHORT_SELECTION, fields=["cohort"], on="click", clear="dblclick",
                               value=[{"cohort": c} for c in selected_cohorts] or None)
    # revenue can grow past 100 % of the first period; customer retention cannot
    scale = alt.Scale(scheme="blues", domain=[0, 1], clamp=True) if value == "rate" else alt.Scale(scheme="blues")
    base = alt.Chart(data).encode(
        x=alt.X("period:O", title=t("axis.time_since_start", lang, unit=t(_PERIOD_UNIT[period], lang)),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cohort_label:O", title=t("axis.cohort", lang), sort=alt.EncodingSortField("cohort", op="min")),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(f"{value}:Q", title=value_title, scale=scale, legend=alt.Legend(format=".0%", direction="horizontal", titleLimit=480)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
        stroke=alt.condition(pick, alt.value(BLACK), alt.value("white"), empty=False),
        strokeWidth=alt.condition(pick, alt.value(2), alt.value(1), empty=False),
        tooltip=_cohort_tooltips(lang, currency, period),
    ).add_params(pick)
    layers: list[alt.Chart] = [cells]
    if data.height <= MAX_CELL_LABELS:
        layers.append(base.mark_text(fontSize=11).encode(
            text=alt.Text(f"{value}:Q", format=".0%"),
            color=alt.condition(f"datum[{json.dumps(value)}] > 0.6", alt.value("white"), alt.value("#1a1a1a")),
            tooltip=_cohort_tooltips(lang, currency, period),
        ))
    chart = alt.layer(*layers).properties(height=alt.Step(24))
    title = t("chart.retention_heatmap" if value == "rate" else "chart.revenue_retention_heatmap", lang)
    return _finish(chart, title, lang, currency)


HIGHLIGHTED_COHORTS: Final = 4  # cohorts drawn in colour when none is picked


def default_highlighted_cohorts(cohorts: Sequence[str], n: int = HIGHLIGHTED_COHORTS) -> list[str]:
    """`n` cohorts spread evenly from the oldest to the newest (ISO dates, sorted), to draw in
    colour against the range of all of them.

    >>> default_highlighted_cohorts(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"], 3)
    ['2025-01-01', '2025-03-01', '2025-05-01']
    """
    ordered = sorted(set(cohorts))
    if len(ordered) <= n:
        return ordered
    return [ordered[round(i * (len(ordered) - 1) / (n - 1))] for i in range(n)] if n > 1 else ordered[-1:]


def retention_curves(df: pl.DataFrame | pl.LazyFrame, cohorts: Sequence[str] = (), value: str = "rate",
                     lang: str = "en", *, period: Period = "month", currency: str | None = None) -> alt.LayerChart:
    """Retention lines of a few cohorts over a grey band: the range (min–max) of every cohort
    in the table per period since the start. The lines are `cohorts` (ISO dates) when given,
    else `default_highlighted_cohorts` — never one line per cohort (two years of monthly
    cohorts are 22 tangled lines and a legend cut short)."""
    _, value_title = _value_meta(value, lang)
    data = _sorted(_cohort_data(df, "retention_curves", period, lang), "cohort", "period")
    present = data.get_column("cohort").unique().to_list()
    shown = [c for c in cohorts if c in present] or default_highlighted_cohorts(present)
    x = alt.X("period:Q", title=t("axis.time_since_start", lang, unit=t(_PERIOD_UNIT[period], lang)),
              axis=alt.Axis(tickMinStep=1, format="d"))
    axis = alt.Axis(format=".0%")
    base = alt.Chart(data)
    band_label = t("chart.retention_range", lang)
    band = base.transform_aggregate(low=f"min({value})", high=f"max({value})", groupby=["period"]).transform_calculate(
        series=json.dumps(band_label)
    ).mark_area(color=GREY, opacity=0.25).encode(
        x=x, y=alt.Y("low:Q", title=value_title, axis=axis), y2="high:Q",
        tooltip=[alt.Tooltip("period:Q", title=t("axis.time_since_start", lang, unit=t(_PERIOD_UNIT[period], lang)),
                             format=",d"),
                 alt.Tooltip("low:Q", title=t("word.lowest", lang), format=".1%"),
                 alt.Tooltip("high:Q", title=t("word.highest", lang), format=".1%")])
    order = sorted(shown)
    labels = data.filter(pl.col("cohort").is_in(order)).unique("cohort").sort("cohort").get_column("cohort_label").to_list()
    lines = base.transform_filter(alt.FieldOneOfPredicate(field="cohort", oneOf=order)).mark_line(point=True).encode(
        x=x, y=alt.Y(f"{value}:Q", title=value_title, axis=axis),
        color=alt.Color("cohort_label:N", title=t("axis.cohort", lang), sort=labels,
                        scale=alt.Scale(domain=labels, range=list(OKABE_ITO)) if len(labels) <= len(OKABE_ITO)
                        else alt.Scale(domain=labels, scheme="viridis")),
        tooltip=_cohort_tooltips(lang, currency, period),
    )
    chart = alt.layer(band, lines).properties(height=HEIGHT)
    return _finish(chart, t("chart.retention_curves", lang), lang, currency,
                   subtitle=t("chart.retention_curves_subtitle", lang))


def cohort_sizes(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.Chart:
    """New customers per cohort (the cohort's size, from its period-0 row)."""
    data = _cohort_data(df, "cohort_sizes", period, lang, required=("cohort", "period", "customers"))
    data = data.filter(pl.col("period") == 0).select("cohort", "cohort_label", "customers")
    chart = alt.Chart(data).mark_bar(color=BLUE).encode(
        x=alt.X("cohort_label:O", title=t("axis.cohort", lang), sort=None, axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("customers:Q", title=t("axis.customers", lang), axis=alt.Axis(format=",d")),
        tooltip=[alt.Tooltip("cohort_label:N", title=t("axis.cohort", lang)),
                 alt.Tooltip("customers:Q", title=t("axis.customers", lang), format=",d")],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.cohort_sizes", lang), lang)


# --- churn ------------------------------------------------------------------------------------


def churn_over_time(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.Chart:
    """Logo churn and revenue churn rate per period (df: period, churn_rate, revenue_churn_rate,
    active_start, churned)."""
    data = _sorted(_frame(df, ("period", "churn_rate", "active_start", "churned"), "churn_over_time"), "period")
    data = _with_period_label(data, "period", period, lang)
    labels = {"churn_rate": t("axis.churn_rate", lang)}
    if "revenue_churn_rate" in data.columns:
        labels["revenue_churn_rate"] = t("axis.revenue_churn_share", lang)
    tooltips = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                alt.Tooltip("measure:N", title=t("axis.measure", lang)),
                alt.Tooltip("rate:Q", title=t("word.churn_rate", lang), format=".1%"),
                alt.Tooltip("active_start:Q", title=t("axis.active_start", lang), format=",d"),
                alt.Tooltip("churned:Q", title=t("axis.churned", lang), format=",d")]
    chart = alt.Chart(data).transform_fold(list(labels), as_=["measure_key", "rate"]).transform_calculate(
        measure=_choice_expr("measure_key", labels)
    ).mark_line(point=True).encode(
        x=_period_x(period, lang),
        y=alt.Y("rate:Q", title=t("word.churn_rate", lang) + " (%)", axis=alt.Axis(format=".0%")),
        color=alt.Color("measure:N", title=t("axis.measure", lang),
                        scale=alt.Scale(domain=list(labels.values()), range=[VERMILLION, ORANGE])),
        tooltip=tooltips,
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.churn_over_time", lang), lang)


_MRR_IN: Final = ("new", "expansion", "reactivated")
_MRR_OUT: Final = ("contraction", "churned")


def mrr_movements(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month",
                  currency: str | None = None) -> alt.LayerChart:
    """MRR gained (up) and lost (down) per period as diverging stacked bars, with MRR at the
    end of each period as a line on its own axis; NRR and GRR in the tooltip."""
    data = _sorted(_frame(df, ("period", *_MRR_IN, *_MRR_OUT, "mrr_end"), "mrr_movements"), "period")
    data = _with_period_label(data, "period", period, lang)
    labels = {k: t(f"mrr.{k}", lang) for k in (*_MRR_IN, *_MRR_OUT)}
    money = money_format(currency)
    shared = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
              alt.Tooltip("mrr_end:Q", title=_money_title("axis.mrr_end", currency, lang), format=money)]
    shared += [alt.Tooltip(f"{k}:Q", title=t(f"mrr.{k}", lang), format=".1%") for k in ("nrr", "grr") if k in data.columns]
    base = alt.Chart(data)
    negative = " || ".join(f"datum.movement_key === {json.dumps(k)}" for k in _MRR_OUT)
    bars = base.transform_fold(list(labels), as_=["movement_key", "amount"]).transform_calculate(
        movement=_choice_expr("movement_key", labels),
        # losses point down whatever sign the metric stored them with
        signed=f"({negative}) ? -abs(datum.amount) : abs(datum.amount)",
    ).mark_bar().encode(
        x=_period_band_x(lang),
        y=alt.Y("signed:Q", title=_money_title("axis.mrr_change", currency, lang), stack="zero",
                axis=alt.Axis(format=money)),
        color=alt.Color("movement:N", title=t("axis.movement", lang),
                        scale=alt.Scale(domain=list(labels.values()), range=[GREEN, BLUE, SKY, ORANGE, VERMILLION])),
        tooltip=[alt.Tooltip("movement:N", title=t("axis.movement", lang)),
                 alt.Tooltip("signed:Q", title=_money_title("axis.mrr_change", currency, lang), format=money), *shared],
    )
    line = base.mark_line(color=BLACK, point=alt.OverlayMarkDef(color=BLACK)).encode(
        x=_period_band_x(lang),
        y=alt.Y("mrr_end:Q", title=_money_title("axis.mrr_end", currency, lang), axis=alt.Axis(format=money, orient="right")),
        tooltip=shared,
    )
    zero = base.mark_rule(color="#555555").encode(y=alt.datum(0, type="quantitative"))
    # the zero rule is layered with the bars so it shares their scale: on its own independent
    # scale it drew a third axis labelled "0.000000"
    chart = alt.layer(alt.layer(bars, zero), line).resolve_scale(y="independent").properties(height=HEIGHT)
    return _finish(chart, t("chart.mrr_movements", lang), lang, currency)


def survival_curves(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, time_unit: str = "days",
                    by: str = "cohort", cohort_period: Period = "quarter") -> alt.LayerChart:
    """Kaplan–Meier step curves per group with their 95% confidence bands (df: group, time,
    survival, ci_low, ci_high); `time_unit` one of days, weeks, months, quarters."""
    df = _grouped(df, by)
    data = _sorted(_frame(df, ("group", "time", "survival", "ci_low", "ci_high"), "survival_curves"), "group", "time")
    data = data.with_columns(pl.col("group").cast(pl.String))
    if by == "cohort":  # cohorts arrive as ISO period starts: show "Q1 2025", not "2025-01-01"
        start = pl.col("group").str.to_date("%Y-%m-%d", strict=False)
        data = data.with_columns(pl.coalesce(period_label_expr(start, cohort_period, lang), pl.col("group")).alias("group"))
    order = data.get_column("group").unique(maintain_order=True).to_list()  # chronological, not A–Z
    unit = t(f"unit.{time_unit}", lang)
    base = alt.Chart(data).encode(
        x=alt.X("time:Q", title=t("axis.time_since_start", lang, unit=unit)),
        color=alt.Color("group:N", title=_dimension_title(by, lang), sort=order),
    )
    tooltips = [alt.Tooltip("group:N", title=_dimension_title(by, lang)),
                alt.Tooltip("time:Q", title=t("axis.time_since_start", lang, unit=unit), format=",.0f"),
                alt.Tooltip("survival:Q", title=t("axis.survival", lang), format=".1%"),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=".1%"),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=".1%")]
    band = base.mark_area(interpolate="step-after", opacity=0.18).encode(
        y="ci_low:Q", y2="ci_high:Q", color=alt.Color("group:N", legend=None, sort=order))
    line = base.mark_line(interpolate="step-after").encode(
        y=alt.Y("survival:Q", title=t("axis.survival", lang), scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        tooltip=tooltips,
    )
    # independent legends: only the line's (solid colours) is drawn, not the pale band's
    chart = alt.layer(band, line).resolve_legend(color="independent").properties(height=HEIGHT)
    return _finish(chart, t("chart.survival_curves", lang), lang, subtitle=survival_subtitle(data, lang))


def survival_subtitle(data: pl.DataFrame, lang: str) -> str:
    """The band, and why a curve starts below 100%: Kaplan–Meier counts customers who bought
    once and never returned as leaving on day 0 (their last purchase is their first)."""
    start = data.filter(pl.col("time") == 0).get_column("survival")
    if start.is_empty() or start.min() >= 1:
        return t("word.confidence_interval", lang)
    low, high = 1 - start.max(), 1 - start.min()
    share = fmt_percent(low, lang, 0) if round(low, 2) == round(high, 2) else \
        f"{fmt_percent(low, lang, 0)}–{fmt_percent(high, lang, 0)}"
    return t("chart.survival_subtitle", lang, share=share)


# --- customer value ----------------------------------------------------------------------------


def clv_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "segment",
             currency: str | None = None) -> alt.Chart:
    """CLV per customer by group (df: group, clv or cumulative_revenue_per_customer, customers)."""
    df = _grouped(df, by)
    frame = _frame(df, ("group", "customers"), "clv_bars")
    value = next(c for c in ("clv", "mean_clv", "cumulative_revenue_per_customer") if c in frame.columns or c.endswith("customer"))
    data = _unknown_groups(_frame(frame, (value,), "clv_bars"), "group", lang)
    key = "axis.clv" if value in ("clv", "mean_clv") else "axis.cumulative_revenue"
    money = money_format(currency)
    chart = alt.Chart(data).mark_bar(color=BLUE).encode(
        y=alt.Y("group:N", title=_dimension_title(by, lang), sort="-x"),
        x=alt.X(f"{value}:Q", title=_money_title(key, currency, lang), axis=alt.Axis(format=money)),
        tooltip=[alt.Tooltip("group:N", title=_dimension_title(by, lang)),
                 alt.Tooltip(f"{value}:Q", title=_money_title(key, currency, lang), format=money),
                 alt.Tooltip("customers:Q", title=t("axis.customers", lang), format=",d")],
    ).properties(height=alt.Step(BAR_STEP))
    return _finish(chart, t("chart.clv_bars", lang), lang, currency)


def clv_histogram(bins_df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, currency: str | None = None) -> alt.Chart:
    """Distribution of value per customer from `histogram_bins` output (bin_start, bin_end, count)."""
    data = _sorted(_frame(bins_df, ("bin_start", "bin_end", "count"), "clv_histogram"), "bin_start")
    money = money_format(currency)
    chart = alt.Chart(data).mark_bar(color=BLUE, cornerRadiusEnd=0, stroke="white", strokeWidth=0.5).encode(
        x=alt.X("bin_start:Q", title=_money_title("axis.value", currency, lang), bin="binned", axis=alt.Axis(format=money)),
        x2="bin_end:Q",
        y=alt.Y("count:Q", title=t("axis.customer_count", lang), axis=alt.Axis(format=",d")),
        tooltip=[alt.Tooltip("bin_start:Q", title=t("axis.bin_from", lang), format=money),
                 alt.Tooltip("bin_end:Q", title=t("axis.bin_to", lang), format=money),
                 alt.Tooltip("count:Q", title=t("axis.customer_count", lang), format=",d")],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.clv_histogram", lang), lang, currency)


def historical_clv_curves(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month",
                          currency: str | None = None) -> alt.Chart:
    """Cumulative revenue per customer by age, one line per cohort (or group)
    (df: cohort or group, age, cumulative_revenue_per_customer)."""
    frame = _frame(df, ("age", "cumulative_revenue_per_customer"), "historical_clv_curves")
    series = "cohort" if "cohort" in frame.columns else "group"
    frame = _frame(frame, (series,), "historical_clv_curves")
    if series == "cohort" and frame.schema["cohort"] in (pl.Date, pl.Datetime):
        data = _cohort_data(frame, "historical_clv_curves", period, lang, required=("cohort",))
        colour, colour_title = "cohort_label", t("axis.cohort", lang)
        sort = alt.EncodingSortField("cohort", op="min")
    else:
        data = frame.with_columns(pl.col(series).cast(pl.String))
        colour, colour_title, sort = series, t(f"dim.{series}", lang) if series == "cohort" else t("axis.group", lang), "ascending"
    data = _sorted(data, series, "age")
    n_series = data.get_column(series).n_unique()
    scale = alt.Scale(range=list(OKABE_ITO)) if n_series <= len(OKABE_ITO) else alt.Scale(scheme="viridis")
    money = money_format(currency)
    unit = t(_PERIOD_UNIT[period], lang)
    chart = alt.Chart(data).mark_line().encode(
        x=alt.X("age:Q", title=t("axis.time_since_start", lang, unit=unit), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("cumulative_revenue_per_customer:Q", title=_money_title("axis.cumulative_revenue", currency, lang),
                axis=alt.Axis(format=money)),
        color=alt.Color(f"{colour}:N", title=colour_title, scale=scale, sort=sort),
        tooltip=[alt.Tooltip(f"{colour}:N", title=colour_title),
                 alt.Tooltip("age:Q", title=t("axis.time_since_start", lang, unit=unit), format=",d"),
                 alt.Tooltip("cumulative_revenue_per_customer:Q",
                             title=_money_title("axis.cumulative_revenue", currency, lang), format=money)],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.historical_clv", lang), lang, currency)


def calibration_holdout(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.Chart:
    """Mean holdout purchases, actual vs predicted, by calibration-period repeat purchases
    (df: frequency_calibration, actual_holdout_mean, predicted_holdout_mean) — the usual
    BG/NBD check (Fader, Hardie & Lee 2005, fig. 4)."""
    cols = ("frequency_calibration", "actual_holdout_mean", "predicted_holdout_mean")
    data = _sorted(_frame(df, cols, "calibration_holdout"), "frequency_calibration")
    labels = {"actual_holdout_mean": t("series.actual", lang), "predicted_holdout_mean": t("series.predicted", lang)}
    chart = alt.Chart(data).transform_fold(list(labels), as_=["series_key", "mean"]).transform_calculate(
        series=_choice_expr("series_key", labels)
    ).mark_line(point=True).encode(
        x=alt.X("frequency_calibration:Q", title=t("axis.frequency_calibration", lang), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("mean:Q", title=t("axis.holdout_mean", lang)),
        color=alt.Color("series:N", title=t("axis.measure", lang),
                        scale=alt.Scale(domain=list(labels.values()), range=[BLUE, ORANGE])),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=list(labels.values()), range=[[1, 0], [6, 4]]),
                                  legend=None),
        tooltip=[alt.Tooltip("frequency_calibration:Q", title=t("axis.frequency_calibration", lang), format=",d"),
                 alt.Tooltip("actual_holdout_mean:Q", title=t("series.actual", lang), format=",.2f"),
                 alt.Tooltip("predicted_holdout_mean:Q", title=t("series.predicted", lang), format=",.2f")],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.calibration_holdout", lang), lang)


# --- surveys -----------------------------------------------------------------------------------


def _score_layers(data: pl.DataFrame, lang: str, period: Period, *, y_title: str, value: str, value_format: str,
                  y_domain: tuple[float, float] | None, colour: str, axis_format: str | None = None) -> list[alt.Chart]:
    """CI band, line and points for a score over time; hollow points for small samples."""
    tooltips = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                alt.Tooltip(f"{value}:Q", title=y_title, format=value_format),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=value_format),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=value_format),
                alt.Tooltip("n:Q", title=t("word.n", lang), format=",d")]
    if "small_sample_text" in data.columns:
        tooltips.append(alt.Tooltip("small_sample_text:N", title=t("word.small_sample", lang)))
    if "change_significant_text" in data.columns:
        tooltips.append(alt.Tooltip("change_significant_text:N", title=t("word.significant_change", lang)))
    scale = alt.Scale(domain=list(y_domain)) if y_domain else alt.Scale(zero=False)
    axis = alt.Axis(format=axis_format) if axis_format else alt.Axis()
    base = alt.Chart(data).encode(x=_period_x(period, lang))
    band = base.mark_area(opacity=0.18, color=colour).encode(
        y=alt.Y("ci_low:Q", title=y_title, scale=scale, axis=axis), y2="ci_high:Q")
    line = base.mark_line(color=colour).encode(y=alt.Y(f"{value}:Q", title=y_title, scale=scale, axis=axis))
    fill = alt.condition("datum.small_sample", alt.value("white"), alt.value(colour)) \
        if "small_sample" in data.columns else alt.value(colour)
    size = alt.condition("datum.change_significant", alt.value(160), alt.value(70)) \
        if "change_significant" in data.columns else alt.value(70)
    points = base.mark_point(filled=False, strokeWidth=2, color=colour).encode(
        y=alt.Y(f"{value}:Q", title=y_title, scale=scale, axis=axis), fill=fill, size=size, tooltip=tooltips)
    return [band, line, points]


def nps_trend(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.LayerChart:
    """NPS per period with its 95% band (df: period, nps, ci_low, ci_high, n, small_sample,
    change_significant). Hollow points: small samples; large points: a significant change."""
    data = _sorted(_frame(df, ("period", "nps", "ci_low", "ci_high", "n"), "nps_trend"), "period")
    data = _yes_no(_yes_no(_with_period_label(data, "period", period, lang), "small_sample", lang),
                   "change_significant", lang)
    layers = _score_layers(data, lang, period, y_title=t("axis.nps", lang), value="nps", value_format=",.1f",
                           y_domain=(-100, 100), colour=BLUE)
    zero = alt.Chart(data).mark_rule(color=GREY, strokeDash=[4, 4]).encode(y=alt.datum(0))
    chart = alt.layer(zero, *layers).properties(height=HEIGHT)
    return _finish(chart, t("chart.nps_trend", lang), lang, subtitle=t("word.confidence_interval", lang))


_NPS_PARTS: Final = ("promoters", "passives", "detractors")


def nps_composition(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.Chart:
    """Shares of promoters, passives and detractors per period, stacked to 100%
    (df: period, promoters, passives, detractors, n; counts or shares)."""
    data = _sorted(_frame(df, ("period", *_NPS_PARTS, "n"), "nps_composition"), "period")
    data = _with_period_label(data, "period", period, lang)
    labels = {k: t(f"nps.{k}", lang) for k in _NPS_PARTS}
    order = _choice_expr("part_key", {"promoters": "0", "passives": "1", "detractors": "2"})
    chart = alt.Chart(data).transform_fold(list(_NPS_PARTS), as_=["part_key", "amount"]).transform_joinaggregate(
        total="sum(amount)", groupby=["period_label"]
    ).transform_calculate(
        part=_choice_expr("part_key", labels), share="datum.total > 0 ? datum.amount / datum.total : null",
        part_order=f"toNumber({order})",
    ).mark_bar().encode(
        x=_period_band_x(lang),
        y=alt.Y("amount:Q", stack="normalize", title=t("axis.share_responses", lang), axis=alt.Axis(format=".0%")),
        color=alt.Color("part:N", title=t("axis.nps_category", lang),
                        scale=alt.Scale(domain=list(labels.values()), range=[GREEN, GREY, VERMILLION])),
        order=alt.Order("part_order:Q"),
        tooltip=[alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                 alt.Tooltip("part:N", title=t("axis.nps_category", lang)),
                 alt.Tooltip("share:Q", title=t("axis.share_responses", lang), format=".1%"),
                 alt.Tooltip("n:Q", title=t("word.n", lang), format=",d")],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.nps_composition", lang), lang)


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


def nps_by_segment(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "segment") -> alt.LayerChart:
    """NPS per group with 95% intervals (df: group, nps, ci_low, ci_high, n, significant);
    filled markers: significantly different from the rest."""
    df = _grouped(df, by)
    data = _frame(df, ("group", "nps", "ci_low", "ci_high", "n"), "nps_by_segment")
    data = _yes_no(data.with_columns(pl.col("group").cast(pl.String)).sort("nps", descending=True), "significant", lang)
    extra = [alt.Tooltip("significant_text:N", title=t("word.significant", lang))] if "significant" in data.columns else []
    chart = _interval_by_group(data, lang, group="group", group_title=_dimension_title(by, lang), value="nps",
                               value_title=t("axis.nps", lang), value_format=",.1f", x_domain=(-100, 100),
                               extra=extra, zero_rule=True)
    return _finish(chart, t("chart.nps_by_segment", lang, by=_dimension_title(by, lang).lower()), lang,
                   subtitle=t("word.confidence_interval", lang))


def score_trend(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, title: str, y_title: str | None = None,
                value_format: str = ",.2f", period: Period = "month",
                y_domain: tuple[float, float] | None = None, value: str = "value") -> alt.LayerChart:
    """A score per period with its 95% band (df: period, value, ci_low, ci_high, n), for CSAT
    (value_format=".0%", y_domain=(0, 1)) and CES (e.g. y_domain=(1, 7)). `title` is shown as is."""
    if value != "value":  # csat_by_period names it `csat`, ces_by_period `mean_score`
        df = df.rename({value: "value"})
    data = _sorted(_frame(df, ("period", "value", "ci_low", "ci_high", "n"), "score_trend"), "period")
    data = _yes_no(_with_period_label(data, "period", period, lang), "small_sample", lang)
    layers = _score_layers(data, lang, period, y_title=y_title or title, value="value", value_format=value_format,
                           y_domain=y_domain, colour=BLUE, axis_format=".0%" if value_format.endswith("%") else None)
    chart = alt.layer(*layers).properties(height=HEIGHT)
    return _finish(chart, title, lang, subtitle=t("word.confidence_interval", lang))


_NPS_CATEGORY_KEYS: Final = {"promoter": "nps.promoters", "promoters": "nps.promoters", "passive": "nps.passives",
                             "passives": "nps.passives", "detractor": "nps.detractors", "detractors": "nps.detractors"}


def themes_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.Chart:
    """Most mentioned words/phrases in comments, by NPS category (df: nps_category, term, count, share);
    a term mentioned in several categories is one bar stacked by category."""
    data = _frame(df, ("nps_category", "term", "count", "share"), "themes_bars")
    # "all" counts every comment again: stacked on the categories it would count each one twice.
    # It is drawn only when the comments have no NPS category at all.
    category = pl.col("nps_category").cast(pl.String)
    if data.filter(category != "all").height:
        data = data.filter(category != "all")
    labels = {**{k: t(v, lang) for k, v in _NPS_CATEGORY_KEYS.items()}, "all": t("word.all_comments", lang)}
    data = data.with_columns(
        pl.col("nps_category").cast(pl.String).replace(labels).alias("category_label"))
    domain = [t(k, lang) for k in ("nps.promoters", "nps.passives", "nps.detractors")]
    present = data.get_column("category_label").unique().to_list()
    domain += sorted(c for c in present if c is not None and c not in domain)
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("term:N", title=t("axis.term", lang), sort=alt.EncodingSortField("count", op="sum", order="descending")),
        x=alt.X("count:Q", title=t("axis.mentions", lang), axis=alt.Axis(format=",d")),
        color=alt.Color("category_label:N", title=t("axis.nps_category", lang),
                        scale=alt.Scale(domain=domain, range=[GREEN, GREY, VERMILLION, *OKABE_ITO])),
        tooltip=[alt.Tooltip("term:N", title=t("axis.term", lang)),
                 alt.Tooltip("category_label:N", title=t("axis.nps_category", lang)),
                 alt.Tooltip("count:Q", title=t("axis.mentions", lang), format=",d"),
                 alt.Tooltip("share:Q", title=t("axis.share_of_comments", lang), format=".1%")],
    ).properties(height=alt.Step(BAR_STEP))
    return _finish(chart, t("chart.themes", lang), lang)


# --- service -----------------------------------------------------------------------------------


def ticket_volume(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month",
                  by: str | None = None) -> alt.Chart:
    """Tickets created per period, stacked by `by` when the frame has that column
    (df: period, tickets[, by])."""
    data = _sorted(_frame(df, ("period", "tickets", *([by] if by else [])), "ticket_volume"), "period")
    data = _with_period_label(data, "period", period, lang)
    tooltips = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                alt.Tooltip("tickets:Q", title=t("axis.tickets", lang), format=",d")]
    encoding: dict = {}
    if by:
        data = data.with_columns(pl.col(by).cast(pl.String))
        encoding["color"] = alt.Color(f"{by}:N", title=_dimension_title(by, lang))
        tooltips.insert(1, alt.Tooltip(f"{by}:N", title=_dimension_title(by, lang)))
    chart = alt.Chart(data).mark_bar(**({} if by else {"color": BLUE})).encode(
        x=_period_band_x(lang), y=alt.Y("tickets:Q", title=t("axis.tickets", lang), axis=alt.Axis(format=",d")),
        tooltip=tooltips, **encoding,
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.ticket_volume", lang), lang)


_RESPONSE_COLUMNS: Final = {
    "first_response_hours_median": ("service.first_response_median", "first", "median"),
    "first_response_hours_p90": ("service.first_response_p90", "first", "p90"),
    "resolution_hours_median": ("service.resolution_median", "resolution", "median"),
    "resolution_hours_p90": ("service.resolution_p90", "resolution", "p90"),
}


def response_times(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.LayerChart:
    """Median and 90th-percentile first response (left axis) and resolution times (right axis)
    per period, in hours (solid: median, dashed: p90). Each has its own scale: first replies
    take hours where resolutions take days, and on one axis the first-response lines lay
    flat on zero."""
    data = _sorted(_frame(df, ("period", *_RESPONSE_COLUMNS), "response_times"), "period")
    data = _with_period_label(data, "period", period, lang)
    labels = {c: t(key, lang) for c, (key, _, _) in _RESPONSE_COLUMNS.items()}
    stat_labels = {c: t("word.median" if stat == "median" else "word.p90", lang) for c, (_, _, stat) in _RESPONSE_COLUMNS.items()}
    colours = dict(zip(labels.values(), [BLUE, SKY, VERMILLION, ORANGE]))
    colour = alt.Color("measure:N", title=t("axis.measure", lang),
                       scale=alt.Scale(domain=list(colours), range=list(colours.values())))
    dash = alt.StrokeDash("stat:N", title=t("axis.measure", lang), legend=None,
                          scale=alt.Scale(domain=[t("word.median", lang), t("word.p90", lang)], range=[[1, 0], [6, 4]]))
    tooltip = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
               alt.Tooltip("measure:N", title=t("axis.measure", lang)),
               alt.Tooltip("hours:Q", title=t("axis.hours", lang), format=",.1f")]

    def lines(kind: str, axis_key: str, orient: str, axis_colour: str) -> alt.Chart:
        columns = [c for c, (_, k, _) in _RESPONSE_COLUMNS.items() if k == kind]
        return alt.Chart(data).transform_fold(columns, as_=["measure_key", "hours"]).transform_calculate(
            measure=_choice_expr("measure_key", labels), stat=_choice_expr("measure_key", stat_labels),
        ).mark_line(point=True).encode(
            x=_period_x(period, lang),
            y=alt.Y("hours:Q", title=t(axis_key, lang),
                    axis=alt.Axis(format=",.0f", orient=orient, titleColor=axis_colour)),
            color=colour, strokeDash=dash, tooltip=tooltip)

    chart = alt.layer(lines("first", "axis.first_response_hours", "left", BLUE),
                      lines("resolution", "axis.resolution_hours", "right", VERMILLION)
                      ).resolve_scale(y="independent").properties(height=HEIGHT)
    return _finish(chart, t("chart.response_times", lang), lang)


def aht_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "channel") -> alt.Chart:
    """Average handling time per group, in minutes (df: group, aht_minutes, n)."""
    df = _grouped(df, by)
    data = _unknown_groups(_frame(df, ("group", "aht_minutes", "n"), "aht_bars"), "group", lang)
    chart = alt.Chart(data).mark_bar(color=BLUE).encode(
        y=alt.Y("group:N", title=_dimension_title(by, lang), sort="-x"),
        x=alt.X("aht_minutes:Q", title=t("axis.aht_minutes", lang)),
        tooltip=[alt.Tooltip("group:N", title=_dimension_title(by, lang)),
                 alt.Tooltip("aht_minutes:Q", title=t("axis.aht_minutes", lang), format=",.1f"),
                 alt.Tooltip("n:Q", title=t("axis.contacts", lang), format=",d")],
    ).properties(height=alt.Step(BAR_STEP))
    return _finish(chart, t("chart.aht_by", lang, by=_dimension_title(by, lang).lower()), lang)


def backlog(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.LayerChart:
    """Tickets opened and solved per period (bars) and still open at its end (line)."""
    data = _sorted(_frame(df, ("period", "opened", "solved", "open_at_end"), "backlog"), "period")
    data = _with_period_label(data, "period", period, lang)
    labels = {"opened": t("service.opened", lang), "solved": t("service.solved", lang)}
    open_label = t("service.open_at_end", lang)
    tooltips = [alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                *(alt.Tooltip(f"{c}:Q", title=t(f"service.{c}", lang), format=",d") for c in ("opened", "solved", "open_at_end"))]
    colour = alt.Scale(domain=[*labels.values(), open_label], range=[SKY, BLUE, BLACK])
    base = alt.Chart(data)
    bars = base.transform_fold(list(labels), as_=["measure_key", "tickets"]).transform_calculate(
        measure=_choice_expr("measure_key", labels)
    ).mark_bar().encode(
        x=_period_band_x(lang), xOffset=alt.XOffset("measure:N", scale=alt.Scale(domain=list(labels.values()))),
        y=alt.Y("tickets:Q", title=t("axis.tickets", lang), axis=alt.Axis(format=",d")),
        color=alt.Color("measure:N", title=t("axis.measure", lang), scale=colour), tooltip=tooltips,
    )
    line = base.transform_calculate(measure=json.dumps(open_label)).mark_line(point=True).encode(
        x=_period_band_x(lang), y=alt.Y("open_at_end:Q", title=t("axis.tickets", lang)),
        color=alt.Color("measure:N", title=t("axis.measure", lang), scale=colour), tooltip=tooltips,
    )
    chart = alt.layer(bars, line).properties(height=HEIGHT)
    return _finish(chart, t("chart.backlog", lang), lang)


def nps_by_response_bucket(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.LayerChart:
    """NPS by first-response-time bucket, buckets in the frame's order (df: bucket, nps,
    ci_low, ci_high, n)."""
    data = _frame(df, ("bucket", "nps", "ci_low", "ci_high", "n"), "nps_by_response_bucket")
    # "no ticket" is the metric's word for respondents without one: shown in the chart's language
    data = data.with_columns(pl.col("bucket").cast(pl.String).replace({"no ticket": t("service.no_ticket", lang)}))
    chart = _interval_by_group(data, lang, group="bucket", group_title=t("axis.response_bucket", lang), value="nps",
                               value_title=t("axis.nps", lang), value_format=",.1f", x_domain=(-100, 100), extra=[],
                               horizontal=False, zero_rule=True).properties(height=HEIGHT)
    return _finish(chart, t("chart.nps_by_response", lang), lang, subtitle=t("word.confidence_interval", lang))


# --- UX vs CX ------------------------------------------------------------------------------------


def _group_column(frame: pl.DataFrame, chart: str, by: str | None = None) -> str:
    for name in (by, "touchpoint", "group", "segment", "period"):
        if name and name in frame.columns:
            return name
    raise ValueError(f"{chart} needs a 'touchpoint' or 'group' column; got {frame.columns}")


def ux_cx_quadrant(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "touchpoint",
                   selected: Sequence[str] = ()) -> alt.LayerChart:
    """UX score against CX score per touchpoint (or group), with median rules splitting the
    four quadrants (df: touchpoint|group, ux_score, cx_score, gap, ux_n, cx_n, quadrant).

    Clicking a point selects its group (point selection ``"group"`` on the group column,
    several with shift); `selected` groups start selected, the others are dimmed."""
    frame = _frame(df, ("ux_score", "cx_score", "gap", "ux_n", "cx_n", "quadrant"), "ux_cx_quadrant")
    group = _group_column(frame, "ux_cx_quadrant", by)
    # Quadrant names come from the metric in English; shown in the page's language.
    names = {q: t(f"quadrant.{q}", lang) for q in frame.get_column("quadrant").drop_nulls().unique().to_list()
             if f"quadrant.{q}" in TRANSLATIONS}
    data = frame.with_columns(pl.col(group).cast(pl.String),
                              pl.col("quadrant").cast(pl.String).replace(names))
    title_by = _dimension_title(by, lang)
    tooltips = [alt.Tooltip(f"{group}:N", title=title_by),
                alt.Tooltip("ux_score:Q", title=t("axis.ux_score", lang), format=",.1f"),
                alt.Tooltip("cx_score:Q", title=t("axis.cx_score", lang), format=",.1f"),
                alt.Tooltip("gap:Q", title=t("axis.gap", lang), format="+,.1f"),
                alt.Tooltip("ux_n:Q", title=t("axis.ux_n", lang), format=",d"),
                alt.Tooltip("cx_n:Q", title=t("axis.cx_n", lang), format=",d"),
                alt.Tooltip("quadrant:N", title=t("axis.quadrant", lang))]
    base = alt.Chart(data)
    # labels are drawn to the right of their point: the scale reaches far enough right for the
    # rightmost one ("Browse" was cut at the chart's edge)
    ux = data.get_column("ux_score").drop_nulls()
    low, high = (float(ux.min()), float(ux.max())) if ux.len() else (0.0, 100.0)
    longest = max((len(str(g)) for g in data.get_column(group).drop_nulls().to_list()), default=0)
    room = max(high - low, 10.0) * (0.04 + 0.012 * longest)
    x_scale = alt.Scale(domain=[low - max(high - low, 10.0) * 0.05, high + room], nice=False)
    x = alt.X("ux_score:Q", title=t("axis.ux_score", lang), scale=x_scale)
    y = alt.Y("cx_score:Q", title=t("axis.cx_score", lang), scale=alt.Scale(zero=False, padding=20))
    pick = alt.selection_point(name=GROUP_SELECTION, fields=[group], on="click", clear="dblclick",
                               value=[{group: g} for g in selected] or None)
    points = base.mark_circle(size=220).encode(
        x=x, y=y, color=alt.Color("quadrant:N", title=t("axis.quadrant", lang)), tooltip=tooltips,
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.3)),
    ).add_params(pick)
    labels = base.mark_text(align="left", dx=10, dy=-8, fontSize=13).encode(x=x, y=y, text=f"{group}:N")
    # the rules share the points' scale: with their own, the axis was stretched back to zero
    x_median = base.mark_rule(color=GREY, strokeDash=[4, 4]).encode(x=alt.X("median(ux_score):Q", scale=x_scale))
    y_median = base.mark_rule(color=GREY, strokeDash=[4, 4]).encode(y="median(cx_score):Q")
    chart = alt.layer(x_median, y_median, points, labels).properties(height=HEIGHT + 80)
    return _finish(chart, t("chart.ux_cx_quadrant", lang, by=title_by.lower()), lang)


def gap_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "touchpoint") -> alt.LayerChart:
    """UX − CX gap per group, diverging from zero (df: group, gap)."""
    frame = _frame(df, ("gap",), "gap_bars")
    group = _group_column(frame, "gap_bars", by)
    data = frame.with_columns(pl.col(group).cast(pl.String))
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=alt.Y(f"{group}:N", title=_dimension_title(by, lang), sort="-x"),
        x=alt.X("gap:Q", title=t("axis.gap", lang)),
        color=alt.condition("datum.gap >= 0", alt.value(BLUE), alt.value(VERMILLION)),
        tooltip=[alt.Tooltip(f"{group}:N", title=_dimension_title(by, lang)),
                 alt.Tooltip("gap:Q", title=t("axis.gap", lang), format="+,.1f")],
    )
    zero = base.mark_rule(color="#555555").encode(x=alt.datum(0))
    chart = alt.layer(bars, zero).properties(height=alt.Step(BAR_STEP))
    return _finish(chart, t("chart.gap", lang, by=_dimension_title(by, lang).lower()), lang,
                   subtitle=t("chart.gap_subtitle", lang))


def ux_cx_trend(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month",
                by: str = "touchpoint") -> alt.Chart:
    """UX (dashed) and CX (solid) scores per period and group (df: period, group, ux_score, cx_score)."""
    df = _grouped(df, by)
    data = _sorted(_frame(df, ("period", "group", "ux_score", "cx_score"), "ux_cx_trend"), "group", "period")
    data = _with_period_label(data.with_columns(pl.col("group").cast(pl.String)), "period", period, lang)
    labels = {"cx_score": t("series.cx", lang), "ux_score": t("series.ux", lang)}
    chart = alt.Chart(data).transform_fold(list(labels), as_=["measure_key", "score"]).transform_calculate(
        measure=_choice_expr("measure_key", labels)
    ).mark_line(point=True).encode(
        x=_period_x(period, lang),
        y=alt.Y("score:Q", title=t("axis.score", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("group:N", title=_dimension_title(by, lang)),
        strokeDash=alt.StrokeDash("measure:N", title=t("axis.measure", lang),
                                  scale=alt.Scale(domain=list(labels.values()), range=[[1, 0], [6, 4]])),
        tooltip=[alt.Tooltip("period_label:N", title=t("axis.period", lang)),
                 alt.Tooltip("group:N", title=_dimension_title(by, lang)),
                 alt.Tooltip("measure:N", title=t("axis.measure", lang)),
                 alt.Tooltip("score:Q", title=t("axis.score", lang), format=",.1f")],
    ).properties(height=HEIGHT)
    return _finish(chart, t("chart.ux_cx_trend", lang), lang)


def task_success_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.LayerChart:
    """Task success rate per task with adjusted-Wald 95% intervals (df: task, rate, ci_low, ci_high, n)."""
    data = _frame(df, ("task", "rate", "ci_low", "ci_high", "n"), "task_success_bars")
    data = data.with_columns(pl.col("task").cast(pl.String))
    tooltips = [alt.Tooltip("task:N", title=t("axis.task", lang)),
                alt.Tooltip("rate:Q", title=t("axis.task_success", lang), format=".1%"),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=".1%"),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=".1%"),
                alt.Tooltip("n:Q", title=t("axis.attempts", lang), format=",d")]
    base = alt.Chart(data).encode(y=alt.Y("task:N", title=None, sort="-x", axis=alt.Axis(labelLimit=340)))
    x_scale = alt.Scale(domain=[0, 1])
    bars = base.mark_bar(color=SKY).encode(
        x=alt.X("rate:Q", title=t("axis.task_success", lang), scale=x_scale, axis=alt.Axis(format=".0%")),
        tooltip=tooltips)
    whiskers = base.mark_rule(color=BLACK, strokeWidth=2).encode(x=alt.X("ci_low:Q", scale=x_scale), x2="ci_high:Q",
                                                                  tooltip=tooltips)
    chart = alt.layer(bars, whiskers).properties(height=alt.Step(BAR_STEP))
    return _finish(chart, t("chart.task_success", lang), lang, subtitle=t("word.confidence_interval", lang))


def servqual_bars(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.LayerChart:
    """SERVQUAL dimensions side by side: mean perception with its 95% interval and, where the
    survey asks expectations, the expectation as a tick (the gap is the distance between them)
    (df: dimension, perception, ci_low, ci_high, expectation, gap, n)."""
    frame = _frame(df, ("dimension", "perception", "ci_low", "ci_high", "expectation", "gap", "n"), "servqual_bars")
    names = {d: t(f"servqual.{d}", lang) for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")}
    data = frame.with_columns(pl.col("dimension").cast(pl.String).replace(names))
    order = [names[d] for d in names if d in frame.get_column("dimension").cast(pl.String).to_list()]
    tooltips = [alt.Tooltip("dimension:N", title=t("axis.dimension", lang)),
                alt.Tooltip("perception:Q", title=t("axis.perception", lang), format=",.2f"),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=",.2f"),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=",.2f"),
                alt.Tooltip("expectation:Q", title=t("axis.expectation", lang), format=",.2f"),
                alt.Tooltip("gap:Q", title=t("axis.servqual_gap", lang), format="+,.2f"),
                alt.Tooltip("n:Q", title=t("axis.respondents", lang), format=",d")]
    scale = alt.Scale(domain=[1, 7])
    base = alt.Chart(data).encode(x=alt.X("dimension:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color=SKY, size=42).encode(
        y=alt.Y("perception:Q", title=t("axis.perception", lang), scale=scale), tooltip=tooltips)
    whiskers = base.mark_rule(color=BLACK, strokeWidth=2).encode(y=alt.Y("ci_low:Q", scale=scale), y2="ci_high:Q",
                                                                  tooltip=tooltips)
    expected = base.mark_tick(color=VERMILLION, thickness=3, size=56).encode(
        y=alt.Y("expectation:Q", scale=scale), tooltip=tooltips)
    gaps = base.mark_text(dy=-12, color=VERMILLION, fontWeight="bold").encode(
        y=alt.Y("expectation:Q", scale=scale), text=alt.Text("gap:Q", format="+.2f"))
    chart = alt.layer(bars, whiskers, expected, gaps).properties(height=HEIGHT)
    return _finish(chart, t("chart.servqual", lang), lang, subtitle=t("chart.servqual_subtitle", lang))


def driver_quadrant(df: pl.DataFrame | pl.LazyFrame, lang: str = "en") -> alt.LayerChart:
    """Importance × performance of the key drivers, with median rules splitting the quadrants
    and each importance's 95% interval (df: driver, importance, ci_low, ci_high, performance, quadrant)."""
    frame = _frame(df, ("driver", "importance", "ci_low", "ci_high", "performance", "quadrant"), "driver_quadrant")
    data = frame.drop_nulls("performance").with_columns(
        pl.col("driver").replace({d: t(f"driver.{d}", lang) for d in frame.get_column("driver").to_list()
                                  if f"driver.{d}" in TRANSLATIONS}),
        pl.col("quadrant").replace({q: t(f"driver_quadrant.{q}", lang) for q in
                                    ("fix first", "keep up", "low priority", "possible overkill")}))
    tooltips = [alt.Tooltip("driver:N", title=t("axis.driver", lang)),
                alt.Tooltip("importance:Q", title=t("axis.importance", lang), format=".3f"),
                alt.Tooltip("ci_low:Q", title=t("axis.ci_low", lang), format=".3f"),
                alt.Tooltip("ci_high:Q", title=t("axis.ci_high", lang), format=".3f"),
                alt.Tooltip("performance:Q", title=t("axis.performance", lang), format=".0%"),
                alt.Tooltip("quadrant:N", title=t("axis.quadrant", lang))]
    base = alt.Chart(data)
    x = alt.X("performance:Q", title=t("axis.performance", lang), axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("importance:Q", title=t("axis.importance", lang), scale=alt.Scale(zero=True))
    points = base.mark_circle(size=200).encode(
        x=x, y=y, color=alt.Color("quadrant:N", title=t("axis.quadrant", lang)), tooltip=tooltips)
    whiskers = base.mark_rule(color=GREY).encode(x=x, y=alt.Y("ci_low:Q"), y2="ci_high:Q")
    labels = base.mark_text(align="left", dx=10, dy=-8, fontSize=13).encode(x=x, y=y, text="driver:N")
    x_median = base.mark_rule(color=GREY, strokeDash=[4, 4]).encode(x="median(performance):Q")
    y_median = base.mark_rule(color=GREY, strokeDash=[4, 4]).encode(y="median(importance):Q")
    chart = alt.layer(x_median, y_median, whiskers, points, labels).properties(height=HEIGHT + 40)
    return _finish(chart, t("chart.key_drivers", lang), lang, subtitle=t("chart.key_drivers_subtitle", lang))


def service_cx_trend(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, period: Period = "month") -> alt.LayerChart:
    """Median first-response and resolution hours (left axis, log scale) beside NPS (right
    axis) per period (df: period, first_response_hours_median, resolution_hours_median, nps)."""
    frame = _frame(df, ("period", "first_response_hours_median", "resolution_hours_median", "nps"), "service_cx_trend")
    names = {"first_response_hours_median": t("axis.first_response_median", lang),
             "resolution_hours_median": t("axis.resolution_median", lang)}
    hours = frame.unpivot(["first_response_hours_median", "resolution_hours_median"], index="period",
                          variable_name="measure", value_name="hours").drop_nulls("hours").filter(pl.col("hours") > 0)
    hours = hours.with_columns(pl.col("measure").replace(names))
    x = _period_x(period, lang)
    left = alt.Chart(hours).mark_line(point=True).encode(
        x=x, y=alt.Y("hours:Q", title=t("axis.hours", lang), scale=alt.Scale(type="log")),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(range=[SKY, BLUE])),
        tooltip=[alt.Tooltip("measure:N", title=t("axis.measure", lang)),
                 alt.Tooltip("hours:Q", title=t("axis.hours", lang), format=",.2f")])
    right = alt.Chart(frame.drop_nulls("nps")).mark_line(point=True, color=VERMILLION, strokeDash=[6, 3]).encode(
        x=x, y=alt.Y("nps:Q", title="NPS", axis=alt.Axis(titleColor=VERMILLION)),
        tooltip=[alt.Tooltip("nps:Q", title="NPS", format="+.1f"),
                 alt.Tooltip("n:Q", title=t("axis.respondents", lang), format=",d")])
    chart = alt.layer(left, right).resolve_scale(y="independent").properties(height=HEIGHT)
    return _finish(chart, t("chart.service_cx", lang), lang)


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


# --- CX model: the journey ------------------------------------------------------------------


def journey_map(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, selected: Sequence[str] = ()) -> alt.LayerChart:
    """Touchpoints along the journey's stages (x, in journey order), at their friction score
    (y), sized by customers and coloured by friction (df: stage, touchpoint, customers,
    friction_score, csat, nps, tickets_per_1000_orders, task_success).

    Clicking a point selects its touchpoint (point selection ``"group"``, several with
    shift); `selected` touchpoints start selected, the others are dimmed."""
    from cxreport.metrics.journey import STAGES

    frame = _frame(df, ("stage", "touchpoint", "customers", "friction_score"), "journey_map")
    names = {s: t(f"stage.{s}", lang) for s in STAGES}
    order = [*names.values(), t("stage.none", lang)]
    data = frame.with_columns(pl.col("stage").replace_strict(names, default=t("stage.none", lang)).alias("stage_label"),
                              pl.col("touchpoint").cast(pl.String), pl.col("customers").fill_null(0))
    optional = [("csat", t("journey.csat", lang), ".0%"), ("nps", "NPS", ",.0f"),
                ("tickets_per_1000_orders", t("col.tickets_per_1000_orders", lang), ",.1f"),
                ("task_success", t("axis.task_success", lang), ".0%")]
    tooltips = [alt.Tooltip("touchpoint:N", title=t("dim.touchpoint", lang)),
                alt.Tooltip("stage_label:N", title=t("axis.stage", lang)),
                alt.Tooltip("friction_score:Q", title=t("axis.friction_score", lang), format=".2f"),
                alt.Tooltip("customers:Q", title=t("axis.customers", lang), format=",d"),
                *[alt.Tooltip(f"{c}:Q", title=title, format=fmt) for c, title, fmt in optional if c in data.columns]]
    pick = alt.selection_point(name=GROUP_SELECTION, fields=["touchpoint"], on="click", clear="dblclick",
                               value=[{"touchpoint": g} for g in selected] or None)
    base = alt.Chart(data)
    x = alt.X("stage_label:N", title=t("axis.stage", lang), sort=order, axis=alt.Axis(labelAngle=0))
    y = alt.Y("friction_score:Q", title=t("axis.friction_score", lang), scale=alt.Scale(zero=True, nice=True))
    points = base.mark_circle().encode(
        x=x, y=y, size=alt.Size("customers:Q", title=t("axis.customers", lang), scale=alt.Scale(range=[80, 1600])),
        color=alt.Color("friction_score:Q", title=t("axis.friction_score", lang), scale=alt.Scale(scheme="orangered")),
        opacity=alt.condition(pick, alt.value(0.9), alt.value(0.3)), tooltip=tooltips,
    ).add_params(pick)
    labels = base.mark_text(align="left", dx=12, dy=-10, fontSize=13).encode(x=x, y=y, text="touchpoint:N")
    return _finish(alt.layer(points, labels).properties(height=HEIGHT + 80), t("chart.journey", lang), lang)
