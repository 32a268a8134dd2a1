"""Cohort charts: the retention heatmap (with the ``"cohort"`` selection), retention curves
and cohort sizes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.charts._base import (
    BLACK, BLUE, COHORT_SELECTION, GREY, HEIGHT, MAX_CELL_LABELS, OKABE_ITO, _PERIOD_UNIT, _cohort_data, _finish, _money_title, _sorted, money_format,
)


# --- cohorts and retention -----------------------------------------------------------------

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
