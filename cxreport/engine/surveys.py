"""The report's survey scores (NPS, CSAT, CES) from one engine stage of counts.

Stage "NPS/CSAT/CES counts by period and segment" (`score_counts`, runs on the engine,
DuckDB or Spark): for each score column, the number of answers per (period of the
response date, [segment columns], score value). Scores are small integers (or halves), so
the table has at most a few dozen rows per period and segment, whatever the number of
responses. A response without a date counts in the overall score with a null period, as
in `cxreport.metrics.surveys.nps`, and is left out of the per-period rows, as in
`nps_by_period`.

Everything else runs locally on those counts, with the library's own formulas
(`cxreport.metrics.surveys.with_nps_stats`, `cxreport.metrics.stats.wilson_bounds`,
`t_bounds`, `nps_difference_z`, `two_sided_p`): the result is exactly
`cxreport.report.build_report(ws)["surveys"]` for the keys below, after `report.plain`.

Keys covered: ``nps``, ``nps_by_period``, ``csat``, ``ces``.

Keys not covered, because they need rows rather than counts: ``servqual`` (each
respondent's mean over a dimension's items, then a t interval over respondents),
``key_drivers`` (a regression over respondents, joined to their tickets), and the CX-model
keys the report adds beside them (``journey``, ``cx_indicators``, ``ux_vs_cx``: built in
`cxreport.report` from joined rows).

Differences from the library, on data the library refuses: a score outside its scale
raises the same `MappingProblem` (code ``score_out_of_range``), but names the lowest
value out of range, where the library names the first one in file order (a lake has no
file order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from cxreport.errors import MappingProblem
from cxreport.metrics.stats import ALPHA, MIN_N, nps_difference_z, t_bounds, two_sided_p, wilson_bounds
from cxreport.metrics.surveys import (
    CES_AGREE_MIN,
    CES_LABEL,
    CES_SCALE,
    CSAT_LABEL,
    CSAT_SATISFIED_MIN,
    CSAT_SCALE,
    NPS_LABEL,
    NPS_SCALE,
    PASSIVE_MIN,
    PROMOTER_MIN,
    with_nps_stats,
)
from cxreport.periods import Period, check_period

# score column -> (scale, label in "out of range" messages)
SCORES: dict[str, tuple[tuple[int, int], str]] = {
    "nps_score": (NPS_SCALE, NPS_LABEL),
    "csat_score": (CSAT_SCALE, CSAT_LABEL),
    "ces_score": (CES_SCALE, CES_LABEL),
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def score_counts_sql(view: str, columns: Sequence[str], *, period: Period = "month", by: Sequence[str] = ()) -> str:
    """The stage's SQL (DuckDB's dialect, transpiled for Spark): score, period, [by], value, n.

    `columns` are the view's columns; scores it lacks are left out. An empty text when there is no
    score column at all.
    """
    check_period(period)
    scores = [s for s in SCORES if s in columns]
    if not scores:
        return ""
    period_sql = (f"CAST(date_trunc('{period}', response_date) AS DATE)" if "response_date" in columns
                  else "CAST(NULL AS DATE)")
    keys = "".join(f", {_quote(k)}" for k in by)
    parts = [
        f"SELECT '{s}' AS score, period{keys}, value, count(*) AS n FROM ("
        f"SELECT {period_sql} AS period{keys}, CAST({s} AS DOUBLE) AS value FROM {_quote(view)} "
        f"WHERE {s} IS NOT NULL) AS answers_{s} GROUP BY period{keys}, value"
        for s in scores
    ]
    return " UNION ALL ".join(parts)


def score_counts(backend: Any, view: str, *, period: Period = "month", by: Sequence[str] = ()) -> pl.DataFrame:
    """Stage "NPS/CSAT/CES counts by period and segment", on the engine.

    Returns score (the column's name), period (Date, null for responses without a date),
    [by], value (Float64), n (Int64): answers with that value. A score with no answer has
    no row.
    """
    sql = score_counts_sql(view, list(backend.columns(view)), period=period, by=by)
    schema = {"score": pl.String, "period": pl.Date, **{k: pl.String for k in by}, "value": pl.Float64, "n": pl.Int64}
    if not sql:
        return pl.DataFrame(schema=schema)
    out = backend.query(sql)
    return out.with_columns(pl.col("period").cast(pl.Date), pl.col("value").cast(pl.Float64), pl.col("n").cast(pl.Int64))


def _answers(counts: pl.DataFrame, score: str) -> pl.DataFrame:
    """One score's counts, after the range check `cxreport.metrics.inputs.check_score_range` makes."""
    (low, high), label = SCORES[score]
    mine = counts.filter(pl.col("score") == score)
    bad = mine.filter((pl.col("value") < low) | (pl.col("value") > high)).get_column("value").sort()
    if bad.len():
        value = bad[0]
        raise MappingProblem(
            "score_out_of_range",
            f"The column {score} should hold {label} answers from {low:g} to {high:g}, but it has {value:g}.",
            f"Map the column that holds the {label} answer on its {low:g}–{high:g} scale, or fix the values outside it.",
            column=score, value=value, low=low, high=high,
        )
    return mine


def nps_counts_from(answers: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """n, promoters, passives, detractors per `keys` from value counts (`metrics.surveys.nps_counts`)."""
    v, n = pl.col("value"), pl.col("n")
    aggs = [
        n.sum().cast(pl.Int64).alias("n"),
        n.filter(v >= PROMOTER_MIN).sum().cast(pl.Int64).alias("promoters"),
        n.filter((v >= PASSIVE_MIN) & (v < PROMOTER_MIN)).sum().cast(pl.Int64).alias("passives"),
        n.filter(v < PASSIVE_MIN).sum().cast(pl.Int64).alias("detractors"),
    ]
    return answers.group_by(keys).agg(aggs).sort(keys, nulls_last=True) if keys else answers.select(aggs)


def nps_from_counts(answers: pl.DataFrame, *, min_n: int = MIN_N) -> pl.DataFrame:
    """`metrics.surveys.nps` (no groups) from the NPS value counts."""
    return with_nps_stats(nps_counts_from(answers, []), min_n=min_n)  # type: ignore[return-value]


def nps_by_period_from_counts(answers: pl.DataFrame, *, min_n: int = MIN_N) -> pl.DataFrame:
    """`metrics.surveys.nps_by_period` (no groups) from the NPS value counts: same columns, same change test."""
    counts = nps_counts_from(answers.filter(pl.col("period").is_not_null()), ["period"])
    out = with_nps_stats(counts, min_n=min_n)
    previous_nps, previous_variance = pl.col("nps").shift(1), pl.col("variance").shift(1)
    return (
        out.with_columns(  # type: ignore[union-attr]
            (pl.col("nps") - previous_nps).alias("change"),
            nps_difference_z(pl.col("nps"), pl.col("variance"), previous_nps, previous_variance).alias("change_z"),
        )
        .with_columns(two_sided_p(pl.col("change_z")).alias("change_p"))
        .with_columns((pl.col("change_p") < ALPHA).alias("change_significant"))
    )


def _moments(answers: pl.DataFrame) -> pl.DataFrame:
    """n, mean_score and sd (n − 1 in the denominator, null below 2 answers) from value counts."""
    v, n = pl.col("value"), pl.col("n")
    mean = (v * n).sum() / n.sum()
    return answers.select(
        n.sum().cast(pl.Int64).alias("n"),
        mean.alias("mean_score"),
        pl.when(n.sum() >= 2).then(((v - mean) ** 2 * n).sum() / (n.sum() - 1)).sqrt().alias("sd"),
    )


def csat_from_counts(answers: pl.DataFrame, *, min_n: int = MIN_N) -> pl.DataFrame:
    """`metrics.surveys.csat` (no groups) from the CSAT value counts: top two boxes, Wilson 95%."""
    satisfied = answers.select(pl.col("n").filter(pl.col("value") >= CSAT_SATISFIED_MIN).sum().cast(pl.Int64)).item()
    counts = _moments(answers).select("n", pl.lit(satisfied, pl.Int64).alias("satisfied"), "mean_score")
    low, high = wilson_bounds(pl.col("satisfied"), pl.col("n"))
    return counts.with_columns(
        (pl.col("satisfied") / pl.col("n")).alias("csat"), low.alias("ci_low"), high.alias("ci_high"),
        (pl.col("n") < min_n).alias("small_sample"),
    ).select("n", "satisfied", "csat", "ci_low", "ci_high", "mean_score", "small_sample")


def ces_from_counts(answers: pl.DataFrame, *, min_n: int = MIN_N) -> pl.DataFrame:
    """`metrics.surveys.ces` (no groups) from the CES value counts: mean with a t 95% interval, share agreeing."""
    agreeing = answers.select(pl.col("n").filter(pl.col("value") >= CES_AGREE_MIN).sum().cast(pl.Int64)).item()
    counts = _moments(answers).with_columns(pl.lit(agreeing, pl.Int64).alias("agreeing"))
    low, high = t_bounds(pl.col("mean_score"), pl.col("sd"), pl.col("n"))
    agree_low, agree_high = wilson_bounds(pl.col("agreeing"), pl.col("n"))
    return counts.with_columns(
        low.alias("ci_low"), high.alias("ci_high"), (pl.col("agreeing") / pl.col("n")).alias("agree_share"),
        agree_low.alias("agree_ci_low"), agree_high.alias("agree_ci_high"), (pl.col("n") < min_n).alias("small_sample"),
    ).select("n", "mean_score", "ci_low", "ci_high", "agreeing", "agree_share", "agree_ci_low", "agree_ci_high",
             "small_sample")


def _ci(row: dict, low: str = "ci_low", high: str = "ci_high") -> list:
    return [row.get(low), row.get(high)]


def _degenerate(row: dict) -> bool:
    # As cxreport.report._degenerate: a zero-width interval is flagged, never shown as certainty.
    return bool(row.get("n")) and row.get("ci_low") is not None and row["ci_low"] == row.get("ci_high")


def _attempt(skips: Any, section: str, compute: Callable[[], Any]) -> Any:
    """`skips.attempt` (cxreport.report._Skips) when given, so a refused score is listed as the
    report lists it; without it the error is raised."""
    return compute() if skips is None else skips.attempt(section, compute)


def surveys_section(backend: Any, view: str, *, period: Period = "month", skips: Any = None) -> dict:
    """`build_report(ws)["surveys"]`'s nps, nps_by_period, csat and ces, from `score_counts` on the engine.

    `view` is the canonical surveys table on `backend`. A score the table lacks, or never
    answered, is left out, as in the report. `skips`: the report's `_Skips`, to record a
    score the data cannot support (out of its scale) instead of raising.
    """
    from cxreport.report import plain  # the report imports the metrics; imported here to keep this module light

    counts = score_counts(backend, view, period=period)
    present = set(counts.get_column("score").unique().to_list())
    out: dict[str, Any] = {}
    if "nps_score" in present:
        overall = _attempt(skips, "surveys.nps", lambda: nps_from_counts(_answers(counts, "nps_score")))
        if overall is not None:
            row = overall.row(0, named=True)
            out["nps"] = {"score": row["nps"], "n": row["n"], "promoters": row["promoters"], "passives": row["passives"],
                          "detractors": row["detractors"], "ci95": _ci(row), "moe": row["moe"],
                          "interval_degenerate": _degenerate(row), "small_sample": row["small_sample"]}
        trend = _attempt(skips, "surveys.nps_by_period",
                         lambda: nps_by_period_from_counts(_answers(counts, "nps_score")))
        if trend is not None:
            out["nps_by_period"] = trend
    if "csat_score" in present:
        result = _attempt(skips, "surveys.csat", lambda: csat_from_counts(_answers(counts, "csat_score")))
        if result is not None:
            row = result.row(0, named=True)
            out["csat"] = {"score": row["csat"], "n": row["n"], "satisfied": row["satisfied"], "ci95": _ci(row),
                           "mean_score": row["mean_score"], "small_sample": row["small_sample"]}
    if "ces_score" in present:
        result = _attempt(skips, "surveys.ces", lambda: ces_from_counts(_answers(counts, "ces_score")))
        if result is not None:
            row = result.row(0, named=True)
            out["ces"] = {"score": row["mean_score"], "n": row["n"], "ci95": _ci(row), "interval_degenerate": _degenerate(row),
                          "agree_share": row["agree_share"],
                          "agree_ci95": _ci(row, "agree_ci_low", "agree_ci_high"), "small_sample": row["small_sample"]}
    return plain(out)
