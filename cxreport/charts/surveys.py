"""Survey charts: NPS trend and composition, NPS by segment, CSAT/CES trends, comment themes."""

from __future__ import annotations

from typing import Final

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.charts._base import (
    BAR_STEP, BLUE, GREEN, GREY, HEIGHT, OKABE_ITO, VERMILLION, _choice_expr, _dimension_title, _finish, _frame, _grouped, _interval_by_group, _period_band_x, _period_x, _sorted, _unknown_groups, _with_period_label, _yes_no,
)


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


def nps_by_segment(df: pl.DataFrame | pl.LazyFrame, lang: str = "en", *, by: str = "segment") -> alt.LayerChart:
    """NPS per group with 95% intervals (df: group, nps, ci_low, ci_high, n, significant);
    filled markers: significantly different from the rest."""
    df = _grouped(df, by)
    data = _frame(df, ("group", "nps", "ci_low", "ci_high", "n"), "nps_by_segment")
    data = _yes_no(_unknown_groups(data, "group", lang).sort("nps", descending=True), "significant", lang)
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
