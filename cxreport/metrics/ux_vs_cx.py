"""UX beside CX: usability-test results next to survey scores, tickets and orders, per
touchpoint (or segment, or period), and where the same customers appear in both, how
their usability scores relate to their survey answers.

Scores on one 0–100 scale, so the two can be compared and their gap ranked:

- ux_score = task success rate × 100 when the group has task outcomes, else its mean SUS
  (both 0–100; `ux_basis` says which). Sauro & Lewis report an average task completion
  near 78% and an average SUS near 68, so the two bases are not interchangeable: compare
  groups on the same basis.
- cx_score = CSAT top-2-box share × 100 when the group has CSAT answers, else
  (NPS + 100)/2, which maps −100..100 onto 0..100 (`cx_basis` says which).
- gap = ux_score − cx_score (positive: the product tests better than customers feel).
- quadrant: each score is "strong" at or above the split, "weak" below it. The split is
  the median of that score over the groups that have both scores (so the quadrants say
  where a touchpoint stands relative to the others), or fixed `thresholds=(ux, cx)`.

Any input may be missing, and a table without the grouping column is left out: the
columns it would fill stay null. Rows are ranked by |gap|, largest first.
"""

from __future__ import annotations

import warnings
from functools import reduce
from typing import Literal

import polars as pl

from cxreport.errors import MappingProblem
from cxreport.fields import OrderColumns, SurveyColumns, TicketColumns, UXColumns
from cxreport.metrics import surveys as survey_metrics
from cxreport.metrics import ux as ux_metrics
from cxreport.metrics._frames import valid_orders
from cxreport.metrics.inputs import as_lazy
from cxreport.metrics.inputs import TableInput
from cxreport.periods import Period, check_period, truncate

QUADRANTS: tuple[str, ...] = ("both strong", "UX strong, CX weak", "UX weak, CX strong", "both weak")
PERIOD = "period"  # the grouping name that means "the calendar period of each table's date"
# Below this many customers in both tables a correlation is not reported.
MIN_SHARED_CUSTOMERS = 3

_COLUMNS: dict[str, pl.DataType] = {
    "ux_task_success": pl.Float64(),
    "ux_sus": pl.Float64(),
    "ux_n": pl.Int64(),
    "cx_csat": pl.Float64(),
    "cx_nps": pl.Float64(),
    "cx_n": pl.Int64(),
    "tickets": pl.Int64(),
    "ticket_share": pl.Float64(),
    "orders": pl.Int64(),
    "revenue": pl.Float64(),
}


def _keyed(table: TableInput | None, keys: list[str], date_column: str, period: Period) -> pl.LazyFrame | None:
    """The table with a `period` column when grouping by period; None when it lacks a key column."""
    if table is None:
        return None
    lazy = as_lazy(table)
    names = lazy.collect_schema().names()
    needed = [date_column if k == PERIOD else k for k in keys]
    if any(c not in names for c in needed):
        return None
    if PERIOD in keys:
        lazy = lazy.with_columns(truncate(pl.col(date_column), period).alias(PERIOD))
    return lazy.with_columns(pl.col(k).cast(pl.String) for k in keys if k != PERIOD).drop_nulls(keys)


def _has(lazy: pl.LazyFrame, *columns: str) -> bool:
    names = lazy.collect_schema().names()
    return all(c in names for c in columns)


def _ux_part(lazy: pl.LazyFrame | None, keys: list[str], cols: UXColumns) -> list[pl.DataFrame]:
    if lazy is None:
        return []
    parts = []
    if _has(lazy, cols.success):
        parts.append(
            ux_metrics.task_success(lazy, cols, by=keys).select(
                *keys, pl.col("rate").alias("ux_task_success"), pl.col("n").alias("_task_n")
            )
        )
    if _has(lazy, *cols.sus_items):
        parts.append(
            ux_metrics.sus_summary(lazy, cols, by=keys).select(*keys, pl.col("mean").alias("ux_sus"), pl.col("n").alias("_sus_n"))
        )
    return parts


def _survey_part(lazy: pl.LazyFrame | None, keys: list[str], cols: SurveyColumns) -> list[pl.DataFrame]:
    if lazy is None:
        return []
    parts = []
    if _has(lazy, cols.csat_score):
        parts.append(
            survey_metrics.csat(lazy, cols, by=keys).select(*keys, pl.col("csat").alias("cx_csat"), pl.col("n").alias("_csat_n"))
        )
    if _has(lazy, cols.nps_score):
        parts.append(
            survey_metrics.nps(lazy, cols, by=keys).select(*keys, pl.col("nps").alias("cx_nps"), pl.col("n").alias("_nps_n"))
        )
    return parts


def _ticket_part(lazy: pl.LazyFrame | None, keys: list[str]) -> list[pl.DataFrame]:
    if lazy is None:
        return []
    counts = lazy.group_by(keys).agg(pl.len().cast(pl.Int64).alias("tickets")).collect()
    return [counts.with_columns((pl.col("tickets") / pl.col("tickets").sum()).alias("ticket_share"))]


def _order_part(orders: TableInput | None, keys: list[str], cols: OrderColumns, period: Period) -> list[pl.DataFrame]:
    if orders is None:
        return []
    dims = [k for k in keys if k != PERIOD]
    names = as_lazy(orders).collect_schema().names()
    if any(d not in names for d in dims) or len(dims) > 1:
        return []
    rows = valid_orders(orders, cols, by=dims[0] if dims else None)
    if PERIOD in keys:
        rows = rows.with_columns(truncate(pl.col("order_date"), period).alias(PERIOD))
    purchases = rows.filter(pl.col("is_purchase"))
    order_count = (
        pl.when(pl.col("order_id").is_not_null().any())
        .then(pl.col("order_id").drop_nulls().n_unique())
        .otherwise(pl.len())
    )
    return [
        rows.drop_nulls(keys)
        .group_by(keys)
        .agg(pl.col("amount").sum().alias("revenue"))
        .join(
            purchases.drop_nulls(keys).group_by(keys).agg(order_count.cast(pl.Int64).alias("orders")),
            on=keys,
            how="left",
        )
        .collect()
    ]


def _quadrant(ux_split: pl.Expr, cx_split: pl.Expr) -> pl.Expr:
    ux_strong = pl.col("ux_score") >= ux_split
    cx_strong = pl.col("cx_score") >= cx_split
    return (
        pl.when(pl.col("ux_score").is_null() | pl.col("cx_score").is_null())
        .then(pl.lit(None, pl.String))
        .when(ux_strong & cx_strong)
        .then(pl.lit(QUADRANTS[0]))
        .when(ux_strong)
        .then(pl.lit(QUADRANTS[1]))
        .when(cx_strong)
        .then(pl.lit(QUADRANTS[2]))
        .otherwise(pl.lit(QUADRANTS[3]))
    )


def _compare(
    keys: list[str],
    *,
    ux: TableInput | None,
    surveys: TableInput | None,
    tickets: TableInput | None,
    orders: TableInput | None,
    period: Period,
    ux_cols: UXColumns,
    survey_cols: SurveyColumns,
    ticket_cols: TicketColumns,
    order_cols: OrderColumns,
    thresholds: tuple[float, float] | None,
) -> pl.DataFrame:
    check_period(period)
    parts = [
        *_ux_part(_keyed(ux, keys, ux_cols.test_date, period), keys, ux_cols),
        *_survey_part(_keyed(surveys, keys, survey_cols.response_date, period), keys, survey_cols),
        *_ticket_part(_keyed(tickets, keys, ticket_cols.created_at, period), keys),
        *_order_part(orders, keys, order_cols, period),
    ]
    given = [name for name, t in (("ux", ux), ("surveys", surveys), ("tickets", tickets), ("orders", orders)) if t is not None]
    if given and not parts:
        grouping = " and ".join("a date" if k == PERIOD else f"a column {k}" for k in keys)
        raise MappingProblem(
            "no_group_column",
            f"None of the tables ({', '.join(given)}) has {grouping} with values to compare.",
            "Choose a grouping the usability test and the surveys both have, such as touchpoint or period.",
            keys=keys,
        )
    key_schema = {k: (pl.Date() if k == PERIOD else pl.String()) for k in keys}
    base = pl.DataFrame(schema=key_schema)
    joined = reduce(lambda left, right: left.join(right, on=keys, how="full", coalesce=True), parts, base)
    joined = joined.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in _COLUMNS.items() if name not in joined.columns
    ).with_columns(
        pl.lit(None, pl.Int64).alias(name) for name in ("_task_n", "_sus_n", "_csat_n", "_nps_n") if name not in joined.columns
    )
    task_based = pl.col("ux_task_success").is_not_null()
    csat_based = pl.col("cx_csat").is_not_null()
    scored = joined.with_columns(
        pl.when(task_based).then(100 * pl.col("ux_task_success")).otherwise(pl.col("ux_sus")).alias("ux_score"),
        pl.when(task_based)
        .then(pl.lit("task_success"))
        .when(pl.col("ux_sus").is_not_null())
        .then(pl.lit("sus"))
        .alias("ux_basis"),
        pl.when(task_based).then(pl.col("_task_n")).otherwise(pl.col("_sus_n")).cast(pl.Int64).alias("ux_n"),
        pl.when(csat_based).then(100 * pl.col("cx_csat")).otherwise((pl.col("cx_nps") + 100) / 2).alias("cx_score"),
        pl.when(csat_based).then(pl.lit("csat")).when(pl.col("cx_nps").is_not_null()).then(pl.lit("nps")).alias("cx_basis"),
        pl.when(csat_based).then(pl.col("_csat_n")).otherwise(pl.col("_nps_n")).cast(pl.Int64).alias("cx_n"),
    ).with_columns((pl.col("ux_score") - pl.col("cx_score")).alias("gap"))
    if thresholds is not None:
        ux_split, cx_split = pl.lit(float(thresholds[0])), pl.lit(float(thresholds[1]))
    else:
        both = pl.col("gap").is_not_null()
        ux_split, cx_split = pl.col("ux_score").filter(both).median(), pl.col("cx_score").filter(both).median()
    return (
        scored.with_columns(_quadrant(ux_split, cx_split).alias("quadrant"))
        .select(
            *keys,
            "ux_task_success", "ux_sus", "ux_n", "cx_csat", "cx_nps", "cx_n", "tickets", "ticket_share", "orders", "revenue",
            "ux_score", "ux_basis", "cx_score", "cx_basis", "gap", "quadrant",
        )
        .sort(pl.col("gap").abs(), *keys, descending=[True, *([False] * len(keys))], nulls_last=True)
    )


def ux_vs_cx(
    *,
    ux: TableInput | None = None,
    surveys: TableInput | None = None,
    tickets: TableInput | None = None,
    orders: TableInput | None = None,
    by: str = "touchpoint",
    period: Period = "quarter",
    ux_cols: UXColumns = UXColumns(),
    survey_cols: SurveyColumns = SurveyColumns(),
    ticket_cols: TicketColumns = TicketColumns(),
    order_cols: OrderColumns = OrderColumns(),
    thresholds: tuple[float, float] | None = None,
) -> pl.DataFrame:
    """One row per touchpoint (or any column, or `by="period"`): UX and CX side by side.

    ux_task_success (0–1, `ux.task_success`), ux_sus (mean SUS, `ux.sus_summary`), ux_n
    (attempts, or SUS participants when the score is SUS-based); cx_csat (top-2-box 0–1,
    `surveys.csat`), cx_nps (points, `surveys.nps`), cx_n (answers behind cx_score);
    tickets and ticket_share (of all tickets with a group); orders (purchases) and revenue
    (net) from the orders table; ux_score, ux_basis, cx_score, cx_basis, gap, quadrant as
    described in the module docstring. With `by="period"` the group is the calendar
    `period` (Date) of each table's own date, quarter by default (usability tests are sparse).

    Returns [by], ux_task_success, ux_sus, ux_n, cx_csat, cx_nps, cx_n, tickets,
    ticket_share, orders, revenue, ux_score, ux_basis, cx_score, cx_basis, gap, quadrant;
    largest |gap| first, groups without a gap last.
    """
    return _compare(
        [by], ux=ux, surveys=surveys, tickets=tickets, orders=orders, period=period, ux_cols=ux_cols,
        survey_cols=survey_cols, ticket_cols=ticket_cols, order_cols=order_cols, thresholds=thresholds,
    )


def ux_vs_cx_by_period(
    *,
    ux: TableInput | None = None,
    surveys: TableInput | None = None,
    tickets: TableInput | None = None,
    orders: TableInput | None = None,
    period: Period = "quarter",
    by: str | None = None,
    ux_cols: UXColumns = UXColumns(),
    survey_cols: SurveyColumns = SurveyColumns(),
    ticket_cols: TicketColumns = TicketColumns(),
    order_cols: OrderColumns = OrderColumns(),
    thresholds: tuple[float, float] | None = None,
) -> pl.DataFrame:
    """`ux_vs_cx` per calendar period (quarter by default: usability tests are sparse), and per
    `by` group within each period when given, for trends. Same columns as `ux_vs_cx` with
    period (Date) first, then [by]; sorted by [by], period.
    """
    keys = [PERIOD, *([by] if by else [])]
    out = _compare(
        keys, ux=ux, surveys=surveys, tickets=tickets, orders=orders, period=period, ux_cols=ux_cols,
        survey_cols=survey_cols, ticket_cols=ticket_cols, order_cols=order_cols, thresholds=thresholds,
    )
    return out.sort([*keys[1:], PERIOD], nulls_last=True)


# --- the same customers in both ----------------------------------------------------------------

UXMeasure = Literal["sus", "task_success"]
CXMeasure = Literal["nps", "csat"]


def _per_customer_ux(ux: TableInput, cols: UXColumns, customer_id: str) -> pl.DataFrame | None:
    lazy = as_lazy(ux)
    if not _has(lazy, customer_id):
        return None
    lazy = lazy.with_columns(pl.col(customer_id).cast(pl.String).alias("_customer")).filter(pl.col("_customer").is_not_null())
    parts: list[pl.DataFrame] = []
    if _has(lazy, *cols.sus_items):
        scores = ux_metrics.sus_scores(lazy, cols, keep=["_customer"])
        parts.append(scores.drop_nulls("sus").group_by("_customer").agg(pl.col("sus").mean()))
    if _has(lazy, cols.success):
        parts.append(
            lazy.group_by("_customer").agg(pl.col(cols.success).cast(pl.Boolean).mean().alias("task_success")).collect()
        )
    if not parts:
        return None
    return reduce(lambda a, b: a.join(b, on="_customer", how="full", coalesce=True), parts)


def _per_customer_cx(surveys: TableInput, cols: SurveyColumns) -> pl.DataFrame | None:
    lazy = as_lazy(surveys)
    if not _has(lazy, cols.customer_id):
        return None
    scores = {"nps": cols.nps_score, "csat": cols.csat_score}
    present = {name: col for name, col in scores.items() if _has(lazy, col)}
    if not present:
        return None
    return (
        lazy.with_columns(pl.col(cols.customer_id).cast(pl.String).alias("_customer"))
        .filter(pl.col("_customer").is_not_null())
        .group_by("_customer")
        .agg(pl.col(col).cast(pl.Float64).mean().alias(name) for name, col in present.items())
        .collect()
    )


def _finite(value: float) -> float | None:
    return None if value != value else float(value)  # NaN (constant input) -> null


def ux_cx_correlation(
    ux: TableInput | None,
    surveys: TableInput | None,
    ux_cols: UXColumns = UXColumns(),
    survey_cols: SurveyColumns = SurveyColumns(),
    *,
    ux_customer_id: str = "customer_id",
    min_customers: int = MIN_SHARED_CUSTOMERS,
) -> pl.DataFrame | None:
    """Do customers who find the product easier to use also rate the company better?

    For customers present in both the usability test (by `ux_customer_id`) and the surveys:
    each customer's mean SUS and task success share (UX), and mean NPS score (0–10) and
    CSAT score (1–5) (CX). For every UX × CX pair with at least `min_customers` customers
    having both: Pearson r (linear) and Spearman ρ (rank; robust to the few extreme
    customers small samples have), each with its two-sided p-value (scipy.stats). r and p
    are null when one side is constant. None when there are fewer than `min_customers`
    shared customers, or nothing to link (no customer id, no scores).

    Returns ux_measure (sus, task_success), cx_measure (nps, csat), n, pearson_r,
    pearson_p, spearman_rho, spearman_p.
    """
    if ux is None or surveys is None:
        return None
    ux_side = _per_customer_ux(ux, ux_cols, ux_customer_id)
    cx_side = _per_customer_cx(surveys, survey_cols)
    if ux_side is None or cx_side is None:
        return None
    from scipy import stats as sps  # here, not at the top: half a second to import, needed only with UX data

    both = ux_side.join(cx_side, on="_customer", how="inner")
    rows = []
    for ux_measure in ("sus", "task_success"):
        for cx_measure in ("nps", "csat"):
            if ux_measure not in both.columns or cx_measure not in both.columns:
                continue
            pair = both.select(ux_measure, cx_measure).drop_nulls()
            if pair.height < min_customers:
                continue
            x, y = pair.get_column(ux_measure).to_numpy(), pair.get_column(cx_measure).to_numpy()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # constant input: scipy warns and returns NaN
                pearson = sps.pearsonr(x, y)
                spearman = sps.spearmanr(x, y)
            rows.append(
                {
                    "ux_measure": ux_measure,
                    "cx_measure": cx_measure,
                    "n": pair.height,
                    "pearson_r": _finite(pearson.statistic),
                    "pearson_p": _finite(pearson.pvalue),
                    "spearman_rho": _finite(spearman.statistic),
                    "spearman_p": _finite(spearman.pvalue),
                }
            )
    if not rows:
        return None
    return pl.DataFrame(
        rows,
        schema={"ux_measure": pl.String, "cx_measure": pl.String, "n": pl.Int64, "pearson_r": pl.Float64,
                "pearson_p": pl.Float64, "spearman_rho": pl.Float64, "spearman_p": pl.Float64},
    )
