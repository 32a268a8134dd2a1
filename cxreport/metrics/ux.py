"""Usability-test metrics: task success, time on task, errors and the System Usability Scale.

Definitions (Sauro & Lewis, *Quantifying the User Experience*, 2nd ed. 2016; METRICS.md):

- Task success = successful attempts / attempts, with the adjusted-Wald 95% interval
  (add z²/2 successes and z² attempts, Wald interval on that, clipped to [0, 1]).
- Time on task: geometric mean of the times of successful attempts (task times are
  log-normal: a few very slow attempts would drag an arithmetic mean), with a t interval
  on the log times back-transformed.
- Errors: the exports count errors per attempt but not the opportunities for error, so we
  report errors per attempt (mean) and the share of attempts with at least one error.
- SUS (Brooke 1996): ten items on 1–5; odd items contribute score − 1, even items 5 −
  score; the sum × 2.5 gives 0–100. Graded on the Sauro–Lewis curved grading scale.

UX exports usually have one row per participant × task, with the participant's SUS answers
repeated on each row (or only on the first): SUS is per participant, deduplicated by
participant id (each row is a participant when there is no participant column).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from cxreport.errors import MappingProblem
from cxreport.fields import UXColumns
from cxreport.metrics.stats import adjusted_wald_bounds, t_bounds
from cxreport.metrics.inputs import TableInput, as_list, check_score_range, checked_lazy

By = str | Sequence[str] | None

SUS_SCALE = (1, 5)
# Sauro–Lewis curved grading scale (Sauro & Lewis 2016): lowest SUS score for each grade.
SUS_GRADES: tuple[tuple[float, str], ...] = (
    (84.1, "A+"),
    (80.8, "A"),
    (78.9, "A-"),
    (77.2, "B+"),
    (74.1, "B"),
    (72.6, "B-"),
    (71.1, "C+"),
    (65.0, "C"),
    (62.7, "C-"),
    (51.7, "D"),
)
SUS_FAIL = "F"

_HINT = "Map the usability test's task, success, time and SUS columns, and group only by columns the export has."


def _ux(ux: TableInput, needed: list[str]) -> pl.LazyFrame:
    return checked_lazy(ux, needed, table_name="ux", hint=_HINT)


def _group(lazy: pl.LazyFrame, keys: list[str], aggs: list[pl.Expr]) -> pl.DataFrame:
    out = (lazy.group_by(keys).agg(aggs) if keys else lazy.select(aggs)).collect()
    return out.sort(keys, nulls_last=True) if keys else out


def _success(column: str) -> pl.Expr:
    """The success flag as Boolean; 0/1 numbers are accepted too (a common export form)."""
    return pl.col(column).cast(pl.Boolean)


def task_success(ux: TableInput, cols: UXColumns = UXColumns(), *, by: By = "task") -> pl.DataFrame:
    """Task completion rate with the adjusted-Wald 95% interval (Sauro & Lewis 2016).

    rate = successes / n over attempts with a known outcome. Interval: p_adj = (x + z²/2) /
    (n + z²), p_adj ± z·sqrt(p_adj(1 − p_adj)/(n + z²)), clipped to [0, 1].
    Returns [by], n, successes, rate, ci_low, ci_high.
    """
    keys = as_list(by)
    lazy = _ux(ux, [cols.success, *keys]).with_columns(_success(cols.success).alias("_success"))
    lazy = lazy.filter(pl.col("_success").is_not_null())
    counts = _group(lazy, keys, [pl.len().cast(pl.Int64).alias("n"), pl.col("_success").sum().cast(pl.Int64).alias("successes")])
    low, high = adjusted_wald_bounds(pl.col("successes"), pl.col("n"))
    return counts.with_columns(
        pl.when(pl.col("n") > 0).then(pl.col("successes") / pl.col("n")).alias("rate"),
        low.alias("ci_low"),
        high.alias("ci_high"),
    )


def time_on_task(
    ux: TableInput, cols: UXColumns = UXColumns(), *, by: By = "task", successful_only: bool = True
) -> pl.DataFrame:
    """Geometric mean time on task in seconds, with a 95% interval, and the median.

    geometric mean = exp(mean(ln t)); interval = exp(mean(ln t) ± t(n−1)·sd(ln t)/√n)
    (Sauro & Lewis 2016, ch. 3). By default only successful attempts count (a failed
    attempt's time measures giving up). Times ≤ 0 or missing are left out (no logarithm).
    Returns [by], n, geometric_mean_seconds, ci_low, ci_high, median_seconds.
    """
    keys = as_list(by)
    needed = [cols.time_on_task_seconds, *keys, *([cols.success] if successful_only else [])]
    lazy = _ux(ux, needed).with_columns(pl.col(cols.time_on_task_seconds).cast(pl.Float64).alias("_seconds"))
    keep = pl.col("_seconds") > 0
    if successful_only:
        keep = keep & _success(cols.success).fill_null(False)
    lazy = lazy.filter(keep).with_columns(pl.col("_seconds").log().alias("_log"))
    stats = _group(
        lazy,
        keys,
        [
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("_log").mean().alias("_mean_log"),
            pl.col("_log").std().alias("_sd_log"),
            pl.col("_seconds").median().alias("median_seconds"),
        ],
    )
    low, high = t_bounds(pl.col("_mean_log"), pl.col("_sd_log"), pl.col("n"))
    return stats.with_columns(
        pl.col("_mean_log").exp().alias("geometric_mean_seconds"),
        low.exp().alias("ci_low"),
        high.exp().alias("ci_high"),
    ).select(*keys, "n", "geometric_mean_seconds", "ci_low", "ci_high", "median_seconds")


def error_rate(ux: TableInput, cols: UXColumns = UXColumns(), *, by: By = "task") -> pl.DataFrame:
    """Errors per attempt and the share of attempts with at least one error.

    The exports do not count opportunities for error, so the errors/opportunities rate
    cannot be computed; `errors_per_attempt` = errors_total / n (mean errors per attempt)
    and `share_with_error` = attempts with ≥ 1 error / n, with an adjusted-Wald 95%
    interval (ci_low, ci_high), as for task success. Attempts with no error count recorded
    are left out. Returns [by], n, errors_total, errors_per_attempt, share_with_error,
    ci_low, ci_high.
    """
    keys = as_list(by)
    lazy = _ux(ux, [cols.errors, *keys]).with_columns(pl.col(cols.errors).cast(pl.Float64).alias("_errors"))
    lazy = lazy.filter(pl.col("_errors") >= 0)
    counts = _group(
        lazy,
        keys,
        [
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("_errors").sum().alias("errors_total"),
            (pl.col("_errors") > 0).sum().cast(pl.Int64).alias("_with_error"),
        ],
    )
    low, high = adjusted_wald_bounds(pl.col("_with_error"), pl.col("n"))
    return counts.with_columns(
        (pl.col("errors_total") / pl.col("n")).alias("errors_per_attempt"),
        (pl.col("_with_error") / pl.col("n")).alias("share_with_error"),
        low.alias("ci_low"),
        high.alias("ci_high"),
    ).select(*keys, "n", "errors_total", "errors_per_attempt", "share_with_error", "ci_low", "ci_high")


# --- SUS -----------------------------------------------------------------------------------


def sus_item_contribution(items: Sequence[str]) -> list[pl.Expr]:
    """Brooke's item contributions 0–4: odd items (1st, 3rd …) score − 1, even items 5 − score."""
    return [(pl.col(c) - 1) if i % 2 == 0 else (5 - pl.col(c)) for i, c in enumerate(items)]


def sus_scores(ux: TableInput, cols: UXColumns = UXColumns(), *, keep: Sequence[str] = ()) -> pl.DataFrame:
    """One SUS score (0–100) per participant (Brooke 1996).

    SUS = 2.5 × Σ contributions, where odd items contribute score − 1 and even items
    5 − score. A participant's item answer is the first non-null one over their rows (the
    answers repeat on each task row, or appear on one). Participants who answered some but
    not all ten items get sus = null and complete = false; `sus_summary` skips and counts
    them. Participants who answered no item took no SUS and are not listed. Rows are
    participants by `participant_id`, or each row is one when the table has no such column.

    Returns participant_id, [keep columns: first non-null value], items_answered, complete, sus.
    """
    items = list(cols.sus_items)
    if len(items) != 10:
        raise MappingProblem(
            "sus_items",
            f"SUS has ten items, but {len(items)} columns were given.",
            "Map all ten SUS item columns, sus_1 to sus_10.",
        )
    lazy = _ux(ux, [*items, *keep])
    has_participant = cols.participant_id in lazy.collect_schema().names()
    lazy = lazy.with_columns(pl.col(items).cast(pl.Float64))
    for item in items:
        check_score_range(lazy, item, *SUS_SCALE, label="1–5 SUS")
    participant = (
        pl.col(cols.participant_id).cast(pl.String)
        if has_participant
        else pl.int_range(pl.len(), dtype=pl.Int64).cast(pl.String)
    )
    per_participant = (
        lazy.with_columns(participant.alias("participant_id"))
        .filter(pl.col("participant_id").is_not_null())
        .group_by("participant_id")
        .agg(pl.col([*items, *keep]).drop_nulls().first())
    )
    answered = pl.sum_horizontal(pl.col(c).is_not_null() for c in items).cast(pl.Int64)
    return (
        per_participant.with_columns(answered.alias("items_answered"))
        .filter(pl.col("items_answered") > 0)
        .with_columns((pl.col("items_answered") == len(items)).alias("complete"))
        .with_columns(
            pl.when(pl.col("complete")).then(2.5 * pl.sum_horizontal(sus_item_contribution(items))).alias("sus")
        )
        .select("participant_id", *keep, "items_answered", "complete", "sus")
        .sort("participant_id")
        .collect()
    )


def sus_grade(score: pl.Expr) -> pl.Expr:
    """Letter grade of a SUS score on the Sauro–Lewis curved grading scale (null stays null)."""
    expr = pl.when(score.is_null()).then(pl.lit(None, pl.String))
    for lowest, grade in SUS_GRADES:
        expr = expr.when(score >= lowest).then(pl.lit(grade))
    return expr.otherwise(pl.lit(SUS_FAIL))


def sus_summary(ux: TableInput, cols: UXColumns = UXColumns(), *, by: By = None) -> pl.DataFrame:
    """Mean SUS per group with a t 95% interval and its Sauro–Lewis grade.

    Over complete participants (see `sus_scores`); `incomplete` counts the participants
    skipped because an item was missing. A participant's group is their first non-null
    value of the `by` columns. The grade is that of the mean (A+ ≥ 84.1, A ≥ 80.8, A− ≥ 78.9,
    B+ ≥ 77.2, B ≥ 74.1, B− ≥ 72.6, C+ ≥ 71.1, C ≥ 65.0, C− ≥ 62.7, D ≥ 51.7, F below).
    The average SUS is about 68 (a C).

    Returns [by], n, mean, ci_low, ci_high, grade, incomplete.
    """
    keys = as_list(by)
    scores = sus_scores(ux, cols, keep=keys).lazy()
    aggs = [
        pl.col("complete").sum().cast(pl.Int64).alias("n"),
        pl.col("sus").mean().alias("mean"),
        pl.col("sus").std().alias("_sd"),
        (~pl.col("complete")).sum().cast(pl.Int64).alias("incomplete"),
    ]
    stats = _group(scores, keys, aggs)
    low, high = t_bounds(pl.col("mean"), pl.col("_sd"), pl.col("n"))
    return stats.with_columns(
        low.clip(0.0, 100.0).alias("ci_low"),
        high.clip(0.0, 100.0).alias("ci_high"),
        sus_grade(pl.col("mean")).alias("grade"),
    ).select(*keys, "n", "mean", "ci_low", "ci_high", "grade", "incomplete")
