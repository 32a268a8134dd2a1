"""Survey scores: NPS, CSAT and CES, overall, per period and per segment, with their uncertainty.

Definitions (METRICS.md):

- NPS (Reichheld 2003, *The One Number You Need to Grow*, HBR): on the 0–10 "How likely
  are you to recommend …?" item, promoters answer 9–10, passives 7–8, detractors 0–6.
  NPS = 100·(p − d), in points from −100 to 100. Its variance is (p + d − (p − d)²)/n and
  the 95% margin of error 1.96·√Var·100 points.
- CSAT: the share of answers in the top two boxes (4–5) of the 1–5 satisfaction item, with
  a Wilson 95% interval.
- CES (Dixon, Freeman & Toman 2010, *Stop Trying to Delight Your Customers*, HBR): the mean
  of the 1–7 "The company made it easy for me to handle my issue" item, with a t interval,
  and the share agreeing (5–7), with a Wilson interval.

Each score ignores the rows where that score is null: a response that answered only the
NPS question counts in NPS and not in CSAT. Scores outside their scale raise
`MappingProblem` (a 0–100 or 1–5 column mapped as NPS is the usual cause). Shares are
fractions 0–1; NPS is in points.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from cxreport.fields import SurveyColumns
from cxreport.metrics.stats import ALPHA, MIN_N, nps_difference_z, nps_variance, t_bounds, two_sided_p, wilson_bounds, z_value
from cxreport.metrics.inputs import TableInput, as_list, check_score_range, checked_lazy
from cxreport.periods import Period, truncate

By = str | Sequence[str] | None

NPS_SCALE = (0, 10)
CSAT_SCALE = (1, 5)
CES_SCALE = (1, 7)
PROMOTER_MIN = 9  # 9–10
PASSIVE_MIN = 7  # 7–8; below is a detractor
CSAT_SATISFIED_MIN = 4  # top two boxes of 1–5
CES_AGREE_MIN = 5  # 5–7 agree on the 1–7 scale
# How each score is named in "out of range" messages.
NPS_LABEL = "0–10 recommend (NPS)"
CSAT_LABEL = "1–5 satisfaction (CSAT)"
CES_LABEL = "1–7 effort (CES)"

_HINT = "Map the survey's date and score columns, and group only by columns the survey export has."


def nps_category(score: pl.Expr) -> pl.Expr:
    """"promoter" (9–10), "passive" (7–8), "detractor" (0–6) or null when the score is null."""
    return (
        pl.when(score >= PROMOTER_MIN)
        .then(pl.lit("promoter"))
        .when(score >= PASSIVE_MIN)
        .then(pl.lit("passive"))
        .when(score.is_not_null())
        .then(pl.lit("detractor"))
    )


def _scored(responses: TableInput, score: str, scale: tuple[int, int], label: str, extra: list[str]) -> pl.LazyFrame:
    """Rows with a non-null score in range, after checking the columns exist."""
    lazy = checked_lazy(responses, [score, *extra], table_name="surveys", hint=_HINT)
    lazy = lazy.with_columns(pl.col(score).cast(pl.Float64))
    check_score_range(lazy, score, *scale, label=label)
    return lazy.filter(pl.col(score).is_not_null())


def _with_period(lazy: pl.LazyFrame, cols: SurveyColumns, period: Period) -> pl.LazyFrame:
    return lazy.with_columns(truncate(pl.col(cols.response_date), period).alias("period")).filter(
        pl.col("period").is_not_null()
    )


def _scored_by_period(
    responses: TableInput, cols: SurveyColumns, score: str, scale: tuple[int, int], label: str, keys: list[str],
    period: Period,
) -> pl.LazyFrame:
    """`_scored` rows with the `period` of their response date."""
    return _with_period(_scored(responses, score, scale, label, [*keys, cols.response_date]), cols, period)


# --- NPS -----------------------------------------------------------------------------------


def nps_counts(score: str) -> list[pl.Expr]:
    """Aggregations: n, promoters, passives, detractors of a 0–10 score column."""
    s = pl.col(score)
    return [
        s.count().cast(pl.Int64).alias("n"),
        (s >= PROMOTER_MIN).sum().cast(pl.Int64).alias("promoters"),
        ((s >= PASSIVE_MIN) & (s < PROMOTER_MIN)).sum().cast(pl.Int64).alias("passives"),
        (s < PASSIVE_MIN).sum().cast(pl.Int64).alias("detractors"),
    ]


def with_nps_stats(counts: pl.LazyFrame | pl.DataFrame, *, min_n: int = MIN_N) -> pl.LazyFrame | pl.DataFrame:
    """Add nps, variance, moe, ci_low, ci_high, small_sample to n/promoters/passives/detractors.

    moe = z·√Var·100 points (z = 1.96 at 95%); the interval is nps ± moe clipped to
    [−100, 100].
    """
    z = z_value()
    n = pl.col("n").cast(pl.Float64)
    return counts.with_columns(
        pl.when(n > 0).then(100 * (pl.col("promoters") - pl.col("detractors")) / n).alias("nps"),
        nps_variance(pl.col("promoters"), pl.col("detractors"), pl.col("n")).alias("variance"),
    ).with_columns(
        (z * pl.col("variance").sqrt() * 100).alias("moe"),
    ).with_columns(
        (pl.col("nps") - pl.col("moe")).clip(-100.0, 100.0).alias("ci_low"),
        (pl.col("nps") + pl.col("moe")).clip(-100.0, 100.0).alias("ci_high"),
        (pl.col("n") < min_n).alias("small_sample"),
    )


def nps(responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, by: By = None, min_n: int = MIN_N) -> pl.DataFrame:
    """Net Promoter Score, overall or per group.

    NPS = 100·(p − d) with p, d the shares of promoters (9–10) and detractors (0–6) among
    the responses with an NPS answer (Reichheld 2003). Var = (p + d − (p − d)²)/n;
    moe = 1.96·√Var·100 points (METRICS.md). Groups with n < `min_n` are flagged, not hidden.

    Returns [by], n, promoters, passives, detractors, nps, variance, moe, ci_low, ci_high,
    small_sample; sorted by the group columns.
    """
    keys = as_list(by)
    lazy = _scored(responses, cols.nps_score, NPS_SCALE, NPS_LABEL, keys)
    counts = lazy.group_by(keys).agg(nps_counts(cols.nps_score)) if keys else lazy.select(nps_counts(cols.nps_score))
    out = with_nps_stats(counts, min_n=min_n).collect()
    return out.sort(keys, nulls_last=True) if keys else out


def nps_by_period(
    responses: TableInput,
    cols: SurveyColumns = SurveyColumns(),
    *,
    period: Period = "month",
    by: By = None,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """NPS per calendar period of the response date (see `nps`), with the change since the previous one.

    `change` compares each period with the previous period that has responses in the same
    group: change = NPS₁ − NPS₂ points, change_z = (NPS₁ − NPS₂)/√(Var₁ + Var₂) (two
    independent samples, METRICS.md), change_p its two-sided normal p-value and
    change_significant = change_p < 0.05. The first period of each group has null change.

    Returns [by], period (Date), n, promoters, passives, detractors, nps, variance, moe,
    ci_low, ci_high, small_sample, change, change_z, change_p, change_significant.
    """
    keys = as_list(by)
    lazy = _scored_by_period(responses, cols, cols.nps_score, NPS_SCALE, NPS_LABEL, keys, period)
    counts = lazy.group_by([*keys, "period"]).agg(nps_counts(cols.nps_score)).sort([*keys, "period"], nulls_last=True)
    out = with_nps_stats(counts, min_n=min_n).collect()

    def previous(name: str) -> pl.Expr:
        return pl.col(name).shift(1).over(keys) if keys else pl.col(name).shift(1)

    return (
        out.with_columns(
            (pl.col("nps") - previous("nps")).alias("change"),
            nps_difference_z(pl.col("nps"), pl.col("variance"), previous("nps"), previous("variance")).alias("change_z"),
        )
        .with_columns(two_sided_p(pl.col("change_z")).alias("change_p"))
        .with_columns((pl.col("change_p") < ALPHA).alias("change_significant"))
    )


def nps_by_segment(responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, by: By, min_n: int = MIN_N) -> pl.DataFrame:
    """NPS per group, each tested against all the other responses together ("the rest").

    The group and the rest are independent samples, so z = (NPS_group − NPS_rest)/√(Var_group
    + Var_rest) with the NPS variance of each (METRICS.md); p is two-sided and `significant`
    means p < 0.05. Null test when the group is the only one.

    Returns [by], n, promoters, passives, detractors, nps, variance, moe, ci_low, ci_high,
    small_sample, n_rest, nps_rest, difference (points, group − rest), z, p, significant;
    sorted by nps, highest first.
    """
    keys = as_list(by)
    if not keys:
        raise ValueError("nps_by_segment needs a column to group by")
    groups = nps(responses, cols, by=keys, min_n=min_n)
    totals = [pl.col(c).sum() for c in ("n", "promoters", "detractors")]
    rest_n = totals[0] - pl.col("n")
    rest_p = totals[1] - pl.col("promoters")
    rest_d = totals[2] - pl.col("detractors")
    return (
        groups.with_columns(
            rest_n.alias("n_rest"),
            pl.when(rest_n > 0).then(100 * (rest_p - rest_d) / rest_n).alias("nps_rest"),
            nps_variance(rest_p, rest_d, rest_n).alias("_variance_rest"),
        )
        .with_columns(
            (pl.col("nps") - pl.col("nps_rest")).alias("difference"),
            nps_difference_z(pl.col("nps"), pl.col("variance"), pl.col("nps_rest"), pl.col("_variance_rest")).alias("z"),
        )
        .with_columns(two_sided_p(pl.col("z")).alias("p"))
        .with_columns((pl.col("p") < ALPHA).alias("significant"))
        .drop("_variance_rest")
        .sort("nps", descending=True, nulls_last=True)
    )


def nps_change(a: TableInput, b: TableInput, cols: SurveyColumns = SurveyColumns(), *, min_n: int = MIN_N) -> pl.DataFrame:
    """Compare the NPS of two independent sets of responses (say, this quarter `a` vs last `b`).

    change = NPS_a − NPS_b points; z = change/100/√(Var_a + Var_b) (METRICS.md), two-sided p,
    significant = p < 0.05. Returns one row: n_a, nps_a, n_b, nps_b, change, change_z,
    change_p, change_significant.
    """
    one = [nps(t, cols, min_n=min_n).select("n", "nps", "variance") for t in (a, b)]
    return (
        one[0]
        .rename({c: f"{c}_a" for c in one[0].columns})
        .hstack(one[1].rename({c: f"{c}_b" for c in one[1].columns}))
        .with_columns(
            (pl.col("nps_a") - pl.col("nps_b")).alias("change"),
            nps_difference_z(pl.col("nps_a"), pl.col("variance_a"), pl.col("nps_b"), pl.col("variance_b")).alias(
                "change_z"
            ),
        )
        .with_columns(two_sided_p(pl.col("change_z")).alias("change_p"))
        .with_columns((pl.col("change_p") < ALPHA).alias("change_significant"))
        .select("n_a", "nps_a", "n_b", "nps_b", "change", "change_z", "change_p", "change_significant")
    )


# --- CSAT -------------------------------------------------------------------------------------


def top_box_summary(lazy: pl.LazyFrame, score: str, threshold: float, keys: list[str], *, min_n: int = MIN_N) -> pl.LazyFrame:
    """n, satisfied (score ≥ threshold), share, ci_low, ci_high (Wilson 95%), mean_score, small_sample.

    `lazy` holds only rows with a non-null score. Shared by survey CSAT and ticket CSAT.
    """
    aggs = [
        pl.len().cast(pl.Int64).alias("n"),
        (pl.col(score) >= threshold).sum().cast(pl.Int64).alias("satisfied"),
        pl.col(score).mean().alias("mean_score"),
    ]
    counts = lazy.group_by(keys).agg(aggs) if keys else lazy.select(aggs)
    low, high = wilson_bounds(pl.col("satisfied"), pl.col("n"))
    return counts.with_columns(
        (pl.col("satisfied") / pl.col("n")).alias("csat"),
        low.alias("ci_low"),
        high.alias("ci_high"),
        (pl.col("n") < min_n).alias("small_sample"),
    ).select(*keys, "n", "satisfied", "csat", "ci_low", "ci_high", "mean_score", "small_sample")


def csat(responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, by: By = None, min_n: int = MIN_N) -> pl.DataFrame:
    """Customer satisfaction: share of 1–5 answers in the top two boxes (4–5), with a Wilson 95% interval.

    Rows without a CSAT answer are ignored. Returns [by], n, satisfied, csat (0–1),
    ci_low, ci_high, mean_score (1–5), small_sample.
    """
    keys = as_list(by)
    lazy = _scored(responses, cols.csat_score, CSAT_SCALE, CSAT_LABEL, keys)
    out = top_box_summary(lazy, cols.csat_score, CSAT_SATISFIED_MIN, keys, min_n=min_n).collect()
    return out.sort(keys, nulls_last=True) if keys else out


def csat_by_period(
    responses: TableInput,
    cols: SurveyColumns = SurveyColumns(),
    *,
    period: Period = "month",
    by: By = None,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """`csat` per calendar period of the response date: [by], period (Date), then the `csat` columns."""
    keys = as_list(by)
    lazy = _scored_by_period(responses, cols, cols.csat_score, CSAT_SCALE, CSAT_LABEL, keys, period)
    return (
        top_box_summary(lazy, cols.csat_score, CSAT_SATISFIED_MIN, [*keys, "period"], min_n=min_n)
        .collect()
        .sort([*keys, "period"], nulls_last=True)
    )


# --- CES ---------------------------------------------------------------------------------------


def _ces_summary(lazy: pl.LazyFrame, score: str, keys: list[str], min_n: int) -> pl.LazyFrame:
    s = pl.col(score)
    aggs = [
        pl.len().cast(pl.Int64).alias("n"),
        s.mean().alias("mean_score"),
        s.std().alias("sd"),
        (s >= CES_AGREE_MIN).sum().cast(pl.Int64).alias("agreeing"),
    ]
    counts = lazy.group_by(keys).agg(aggs) if keys else lazy.select(aggs)
    low, high = t_bounds(pl.col("mean_score"), pl.col("sd"), pl.col("n"))
    agree_low, agree_high = wilson_bounds(pl.col("agreeing"), pl.col("n"))
    return counts.with_columns(
        low.alias("ci_low"),
        high.alias("ci_high"),
        (pl.col("agreeing") / pl.col("n")).alias("agree_share"),
        agree_low.alias("agree_ci_low"),
        agree_high.alias("agree_ci_high"),
        (pl.col("n") < min_n).alias("small_sample"),
    ).select(
        *keys, "n", "mean_score", "ci_low", "ci_high", "agreeing", "agree_share", "agree_ci_low", "agree_ci_high",
        "small_sample",
    )


def ces(responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, by: By = None, min_n: int = MIN_N) -> pl.DataFrame:
    """Customer Effort Score on the 1–7 agreement item (Dixon, Freeman & Toman 2010).

    mean_score with a t 95% interval (ci_low, ci_high: mean ± t(n−1)·sd/√n), and the share
    agreeing (5–7) with a Wilson 95% interval. Higher = easier. Rows without a CES answer
    are ignored. Returns [by], n, mean_score, ci_low, ci_high, agreeing, agree_share,
    agree_ci_low, agree_ci_high, small_sample.
    """
    keys = as_list(by)
    lazy = _scored(responses, cols.ces_score, CES_SCALE, CES_LABEL, keys)
    out = _ces_summary(lazy, cols.ces_score, keys, min_n).collect()
    return out.sort(keys, nulls_last=True) if keys else out


def ces_by_period(
    responses: TableInput,
    cols: SurveyColumns = SurveyColumns(),
    *,
    period: Period = "month",
    by: By = None,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """`ces` per calendar period of the response date: [by], period (Date), then the `ces` columns."""
    keys = as_list(by)
    lazy = _scored_by_period(responses, cols, cols.ces_score, CES_SCALE, CES_LABEL, keys, period)
    return _ces_summary(lazy, cols.ces_score, [*keys, "period"], min_n).collect().sort([*keys, "period"], nulls_last=True)


# --- volume --------------------------------------------------------------------------------------


def response_counts(
    responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, period: Period = "month", by: By = None
) -> pl.DataFrame:
    """How many responses per period: all, and with an NPS, CSAT, CES answer or a comment.

    Returns [by], period (Date), responses, nps_answers, csat_answers, ces_answers, comments
    (non-blank). A score or comment column the table lacks counts 0.
    """
    keys = as_list(by)
    lazy = checked_lazy(responses, [cols.response_date, *keys], table_name="surveys", hint=_HINT)
    names = lazy.collect_schema().names()

    def answered(column: str, alias: str, blank_is_missing: bool = False) -> pl.Expr:
        if column not in names:
            return pl.lit(0, dtype=pl.Int64).alias(alias)
        present = pl.col(column).is_not_null()
        if blank_is_missing:
            present = present & (pl.col(column).cast(pl.String).str.strip_chars() != "")
        return present.sum().cast(pl.Int64).alias(alias)

    return (
        _with_period(lazy, cols, period)
        .group_by([*keys, "period"])
        .agg(
            pl.len().cast(pl.Int64).alias("responses"),
            answered(cols.nps_score, "nps_answers"),
            answered(cols.csat_score, "csat_answers"),
            answered(cols.ces_score, "ces_answers"),
            answered(cols.comment, "comments", blank_is_missing=True),
        )
        .collect()
        .sort([*keys, "period"], nulls_last=True)
    )
