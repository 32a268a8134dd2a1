"""Charts of the CX model: SERVQUAL dimensions, key drivers, service vs CX, the journey."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.translations import TRANSLATIONS
from cxreport.charts._base import (
    BLACK, BLUE, GREY, GROUP_SELECTION, HEIGHT, SKY, VERMILLION, _finish, _frame, _period_x,
)


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
    # from the scale's floor: a bar from zero ran below the axis, over the dimensions' names
    bars = base.mark_bar(color=SKY, size=42).encode(
        y=alt.Y("perception:Q", title=t("axis.perception", lang), scale=scale), y2=alt.datum(1), tooltip=tooltips)
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
