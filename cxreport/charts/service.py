"""Service charts: ticket volume, response times, handling time, backlog, NPS by response time."""

from __future__ import annotations

import json
from typing import Final

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.charts._base import (
    BAR_STEP, BLACK, BLUE, HEIGHT, ORANGE, SKY, VERMILLION, _choice_expr, _dimension_title, _finish, _frame, _grouped, _interval_by_group, _period_band_x, _period_x, _sorted, _unknown_groups, _with_period_label,
)


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
        data = _unknown_groups(data, by, lang)
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
    # the buckets are written "<1h" by the metric; on the axis in words, in the reader's language
    words = {b: t(f"bucket.{b}", lang) for b in ("no ticket", "<1h", "1–4h", "4–24h", ">24h")}
    data = data.with_columns(pl.col("bucket").cast(pl.String).replace(words))
    chart = _interval_by_group(data, lang, group="bucket", group_title=t("axis.response_bucket", lang), value="nps",
                               value_title=t("axis.nps", lang), value_format=",.1f", x_domain=(-100, 100), extra=[],
                               horizontal=False, zero_rule=True).properties(height=HEIGHT)
    return _finish(chart, t("chart.nps_by_response", lang), lang, subtitle=t("word.confidence_interval", lang))
