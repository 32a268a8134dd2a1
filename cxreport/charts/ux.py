"""UX-vs-CX charts: the quadrant (with the ``"group"`` selection), gaps, trends, task success."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.translations import TRANSLATIONS
from cxreport.charts._base import (
    BAR_STEP, BLACK, BLUE, GREY, GROUP_SELECTION, HEIGHT, SKY, VERMILLION, _choice_expr, _dimension_title, _finish, _frame, _grouped, _period_x, _sorted, _unknown_groups, _with_period_label,
)


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
    data = _with_period_label(_unknown_groups(data, "group", lang), "period", period, lang)
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
