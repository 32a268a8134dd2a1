"""Churn charts: churn over time, the MRR bridge, survival curves."""

from __future__ import annotations

import json
from typing import Final

import altair as alt
import polars as pl

from cxreport.fmt import fmt_percent, period_label_expr
from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.charts._base import (
    BLACK, BLUE, GREEN, HEIGHT, ORANGE, SKY, VERMILLION, _choice_expr, _dimension_title, _finish, _frame, _grouped, _money_title, _period_band_x, _period_x, _sorted, _unknown_groups, _with_period_label, money_format,
    visible_steps,
)


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
        # Monthly churn is a few percent: ticks every half point must not all read "2%, 2%, 3%".
        y=alt.Y("rate:Q", title=t("word.churn_rate", lang) + " (%)", axis=alt.Axis(format=".1~%")),
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
    # Only what is drawn or shown on hover, at the steps the pixels can show, to a
    # thousandth of a percentage point (the tooltips show a tenth).
    data = visible_steps(_unknown_groups(data, "group", lang).select("group", "time", "survival", "ci_low", "ci_high"),
                         "group", ("survival", "ci_low", "ci_high")).with_columns(
        pl.col("survival", "ci_low", "ci_high").round(5))
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
