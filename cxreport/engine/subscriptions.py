"""The subscriptions section on an engine: the MRR bridge, computed where the table lives.

Same definitions as `cxreport.metrics.mrr` (snapshots at each period's last day, movements
between consecutive snapshots, money in whole cents) and the same valid rows as
`cxreport.metrics._frames.valid_subscriptions` (rows without customer or start dropped,
starts after today or beyond the export's own end left out, a cancellation after today
not yet a cancellation: `cxreport.metrics.rows`).

Stages (SQL in DuckDB's dialect, run by the backend; only aggregates come back):

1. "valid subscriptions" (a view): the rows above, the stray-date cutoff found from the
   count of starts per day (a window function over days, not over rows).
2. "bounds": first start, last start, last cancellation, row count (one row).
3. "the MRR bridge": each customer's MRR at each period's end, then new / expansion /
   contraction / churned / reactivated sums and customer counts per period (one row per
   period). The periods themselves are made here with `calendar_periods` and registered
   on the backend (one row per period).

Finishing in Polars, as `mrr.mrr_movements` does: periods without movements are zeros,
cents become money, NRR / GRR / logo churn / revenue churn are ratios of the period's sums.

Not covered: ``currency`` (a property of the export's mapping, `Workspace.currency`, which
the engine's report takes from the recognised sample, not from a stage); ``by=`` groups
(build_report does not use them).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import polars as pl

from cxreport.metrics._frames import no_subscriptions
from cxreport.metrics.inputs import DateLike, as_day
from cxreport.metrics.mrr import _CENTS, _COUNTS, _ratio, bridge_periods
from cxreport.metrics.rows import STRAY_GAP_DAYS, STRAY_MAX_SHARE
from cxreport.periods import Period, check_period
from cxreport.report import mrr_summary, plain

_names = itertools.count()


def _date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def cents_sql(value: str) -> str:
    """Money as whole cents rounded half to even, as Polars' ``round()`` does (SQL's
    ``round`` rounds halves away from zero; Spark's ``bround`` is not DuckDB's)."""
    v = f"({value}) * 100"
    return f"CAST(CASE WHEN {v} - floor({v}) = 0.5 THEN 2 * round({v} / 2) ELSE round({v}) END AS BIGINT)"


def stray_cutoff_sql(table: str, day: str) -> str:
    """One row, ``cutoff``: `cxreport.metrics.rows.stray_cutoff` over `table`.`day` (non-null
    days). Counts per day first, so the window functions run over days, not rows."""
    return f"""
    SELECT min(day) AS cutoff FROM (
        SELECT day,
               date_diff('day', lag(day) OVER (ORDER BY day), day) AS gap,
               sum(n) OVER (ORDER BY day DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS after_n,
               sum(n) OVER () AS total
        FROM (SELECT {day} AS day, count(*) AS n FROM {table} WHERE {day} IS NOT NULL GROUP BY {day}) AS days
    ) AS marked
    WHERE gap > {STRAY_GAP_DAYS} AND after_n <= CAST({STRAY_MAX_SHARE} AS DOUBLE) * total"""


def valid_subscriptions_sql(view: str, columns: dict[str, str] | list[str], today: dt.date) -> str:
    """SQL of `valid_subscriptions(..., as_of=today)` over the canonical view `view`:
    customer_id, mrr (Double, null as 0), start_day, cancel_day (null unless ≤ today)."""
    cancel = "CAST(cancel_date AS DATE)" if "cancel_date" in columns else "CAST(NULL AS DATE)"
    return f"""
    WITH base AS (
        SELECT CAST(customer_id AS VARCHAR) AS customer_id,
               coalesce(CAST(mrr AS DOUBLE), 0.0) AS mrr,
               CAST(start_date AS DATE) AS start_day,
               CASE WHEN {cancel} <= {_date(today)} THEN {cancel} END AS cancel_day
        FROM "{view}"
        WHERE customer_id IS NOT NULL AND start_date IS NOT NULL AND CAST(start_date AS DATE) <= {_date(today)}
    ),
    cutoff AS ({stray_cutoff_sql("base", "start_day")})
    SELECT b.customer_id, b.mrr, b.start_day, b.cancel_day
    FROM base AS b CROSS JOIN cutoff AS c
    WHERE c.cutoff IS NULL OR b.start_day < c.cutoff"""


_BOUNDS_SQL = """
SELECT count(*) AS n, min(start_day) AS first_start, max(start_day) AS last_start, max(cancel_day) AS last_cancel
FROM "{valid}"
"""

# `mrr._MOVEMENTS_SQL` without groups, FILTER clauses kept (Spark has them too).
_BRIDGE_SQL = """
WITH subs AS (
    SELECT customer_id, {cents} AS mrr_cents, start_day, cancel_day FROM "{valid}"
),
snapshot AS (
    SELECT p.idx, s.customer_id, sum(s.mrr_cents) AS mrr
    FROM subs AS s
    JOIN "{periods}" AS p ON s.start_day < p.next_start AND (s.cancel_day IS NULL OR s.cancel_day >= p.next_start)
    GROUP BY p.idx, s.customer_id
    HAVING sum(s.mrr_cents) > 0
),
first_paid AS (
    SELECT customer_id, min(idx) AS first_idx FROM snapshot GROUP BY customer_id
),
moves AS (
    SELECT coalesce(cur.customer_id, prev.customer_id) AS customer_id,
           coalesce(cur.idx, prev.idx + 1) AS idx,
           coalesce(prev.mrr, 0) AS mrr_prev,
           coalesce(cur.mrr, 0) AS mrr_cur
    FROM snapshot AS cur
    FULL JOIN snapshot AS prev ON cur.customer_id = prev.customer_id AND cur.idx = prev.idx + 1
)
SELECT m.idx,
       CAST(sum(m.mrr_prev) AS BIGINT) AS mrr_start,
       CAST(coalesce(sum(m.mrr_cur) FILTER (WHERE m.mrr_prev = 0 AND m.idx = f.first_idx), 0) AS BIGINT) AS new,
       CAST(coalesce(sum(m.mrr_cur - m.mrr_prev) FILTER (WHERE m.mrr_prev > 0 AND m.mrr_cur > m.mrr_prev), 0) AS BIGINT)
           AS expansion,
       CAST(coalesce(sum(m.mrr_prev - m.mrr_cur) FILTER (WHERE m.mrr_cur > 0 AND m.mrr_cur < m.mrr_prev), 0) AS BIGINT)
           AS contraction,
       CAST(coalesce(sum(m.mrr_prev) FILTER (WHERE m.mrr_cur = 0), 0) AS BIGINT) AS churned,
       CAST(coalesce(sum(m.mrr_cur) FILTER (WHERE m.mrr_prev = 0 AND m.idx > f.first_idx), 0) AS BIGINT) AS reactivated,
       CAST(sum(m.mrr_cur) AS BIGINT) AS mrr_end,
       count(*) FILTER (WHERE m.mrr_prev > 0) AS customers_start,
       count(*) FILTER (WHERE m.mrr_prev = 0 AND m.idx = f.first_idx) AS customers_new,
       count(*) FILTER (WHERE m.mrr_prev > 0 AND m.mrr_cur = 0) AS customers_churned,
       count(*) FILTER (WHERE m.mrr_prev = 0 AND m.idx > f.first_idx) AS customers_reactivated,
       count(*) FILTER (WHERE m.mrr_cur > 0) AS customers_end
FROM moves AS m
JOIN first_paid AS f ON m.customer_id = f.customer_id
WHERE m.idx <= {last_idx}
GROUP BY m.idx
"""


def mrr_movements(backend: Any, view: str, *, period: Period = "month", as_of: DateLike | None = None,
                  today: dt.date | None = None) -> pl.DataFrame:
    """`cxreport.metrics.mrr.mrr_movements` (no groups) on the canonical subscriptions `view`.

    `as_of` ends the last period as there (default: the latest start or cancellation);
    `today` is the day the valid rows are judged on (`valid_subscriptions`' default, today).
    Raises the same `EmptyResult`s: no_subscriptions, no_complete_period.
    """
    check_period(period)
    today = today or dt.date.today()
    tag = f"{view}__mrr{next(_names)}"
    valid, periods_table = f"{tag}_valid", f"{tag}_periods"
    backend.view(valid, valid_subscriptions_sql(view, backend.columns(view), today))
    bounds = backend.query(_BOUNDS_SQL.format(valid=valid), stage="MRR: bounds").row(0, named=True)
    if not bounds["n"]:
        raise no_subscriptions()
    first_day = bounds["first_start"]
    end = as_day(as_of) if as_of is not None else max(
        d for d in (bounds["last_start"], bounds["last_cancel"]) if d is not None)
    periods = bridge_periods(first_day, end, period)
    backend.register_frame(periods_table, periods)
    counts = backend.query(_BRIDGE_SQL.format(valid=valid, periods=periods_table, cents=cents_sql("mrr"),
                                              last_idx=periods.height - 1), stage="MRR bridge")
    counts = counts.with_columns(pl.col("idx").cast(pl.Int64))
    money = [(pl.col(c) / 100).alias(c) for c in _CENTS]
    return (
        periods.lazy()
        .join(counts.lazy(), on="idx", how="left")
        .with_columns(pl.col(*_CENTS, *_COUNTS).fill_null(0).cast(pl.Int64))
        .rename({"period_start": "period"})
        .sort("period")
        .select(
            "period",
            *money,
            _ratio(pl.col("mrr_start") + pl.col("expansion") - pl.col("contraction") - pl.col("churned"),
                   pl.col("mrr_start")).alias("nrr"),
            _ratio(pl.col("mrr_start") - pl.col("contraction") - pl.col("churned"), pl.col("mrr_start")).alias("grr"),
            *_COUNTS,
            _ratio(pl.col("customers_churned"), pl.col("customers_start")).alias("logo_churn_rate"),
            _ratio(pl.col("contraction") + pl.col("churned"), pl.col("mrr_start")).alias("revenue_churn_rate"),
        )
        .collect()
    )


def subscriptions_section(backend: Any, view: str, *, period: Period = "month", as_of: DateLike | None = None,
                          today: dt.date | None = None, skips: Any = None) -> dict:
    """build_report's "subscriptions" keys but currency: mrr_movements, and latest_period,
    mrr, nrr, grr, logo_churn_rate of the last period with an NRR (as `report._subscriptions_section`,
    `as_of` being the report's date_to). JSON-ready (`report.plain`); {} when no period has
    movements. `skips` (a `cxreport.report._Skips`) lists a `CXError` of `mrr_movements`
    under "subscriptions.mrr_movements" as build_report does; without it the error is raised."""
    compute = lambda: mrr_movements(backend, view, period=period, as_of=as_of, today=today)  # noqa: E731
    moves = skips.attempt("subscriptions.mrr_movements", compute) if skips is not None else compute()
    if moves is None or moves.is_empty():
        return {}
    return plain(mrr_summary(moves))
