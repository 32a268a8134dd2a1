"""Customer-value charts: CLV by group, its distribution, historical CLV curves and the
calibration/holdout check of the predictive model."""

from __future__ import annotations

import altair as alt
import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period
from cxreport.charts._base import (
    BAR_STEP, BLUE, HEIGHT, OKABE_ITO, ORANGE, _PERIOD_UNIT, _choice_expr, _cohort_data, _dimension_title, _finish, _frame, _grouped, _money_title, _sorted, _unknown_groups, money_format,
)


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
        data = _unknown_groups(frame, series, lang)
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
