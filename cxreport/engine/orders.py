"""Orders on the engine: which rows count, in SQL, and cohort retention from its counts.

`valid_orders_sql` is `cxreport.metrics._frames.valid_orders` written in SQL: the same
test, cancellation and refund rules (`cxreport.metrics.rows`, whose patterns it reuses) and
the same dates out of reach. Retention then runs as three stages whose answers are small:

- customer-period activity (one row per customer and period: revenue, active), kept on
  the engine;
- first purchase: each customer's cohort and last active period, kept on the engine;
- cohort counts: per cohort and k, customers active, revenue, and customers whose last
  active period is k; these come back (cohorts × periods rows).

`retention_from_counts` turns them into `cohort_retention`'s table, on this machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import polars as pl

from cxreport.metrics import rows
from cxreport.metrics.retention import RetentionMode, check_mode
from cxreport.periods import Period, check_period

from cxreport.engine.backends import DuckDBBackend, SparkBackend

Backend = DuckDBBackend | SparkBackend


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _matches(names: Collection[str], name: str, pattern: str) -> str:
    if name not in names:
        return "FALSE"
    return f"COALESCE(regexp_matches(CAST({name} AS VARCHAR), {_sql_text(pattern)}), FALSE)"


def _flag(names: Collection[str], name: str) -> str:
    return f"COALESCE({name}, FALSE)" if name in names else "FALSE"


def _words(words: tuple[str, ...]) -> str:
    return "(" + "|".join(words) + ")"


def is_test_sql(names: Collection[str]) -> str:
    """`rows.is_test` in SQL: flag, status, a tag, a bare note or a test gateway."""
    words = _words(rows.TEST_WORDS)
    # Tags split at commas and semicolons, each trimmed, compared whole; a note stripped of
    # spaces, dots and exclamation marks: the same tests as rows.is_test, as patterns.
    tag_pattern = _sql_text(r"(^|[,;])\s*" + words + r"\s*($|[,;])")
    note_pattern = _sql_text("^[ .!]*" + words + "[ .!]*$")
    tags = f"COALESCE(regexp_matches(LOWER(tags), {tag_pattern}), FALSE)" if "tags" in names else "FALSE"
    note = f"COALESCE(regexp_matches(LOWER(note), {note_pattern}), FALSE)" if "note" in names else "FALSE"
    return " OR ".join([_flag(names, "is_test"), _matches(names, "status", rows.TEST_STATUS), tags, note,
                        _matches(names, "payment_gateway", rows.TEST_GATEWAY)])


def is_cancelled_sql(names: Collection[str]) -> str:
    return f"{_flag(names, 'is_cancelled')} OR {_matches(names, 'status', rows.CANCEL_STATUS)}"


def is_full_refund_sql(names: Collection[str]) -> str:
    refund = f"({_flag(names, 'is_refund')} OR {_matches(names, 'status', rows.REFUND_STATUS)})"
    return f"({refund} AND NOT {_matches(names, 'status', rows.PARTIAL_STATUS)})"


def net_amount_sql(names: Collection[str]) -> str:
    """`rows.net_amount` in SQL."""
    value = "CAST(amount AS DOUBLE)"
    full = is_full_refund_sql(names)
    if "refunded_amount" in names:
        refunded = "ABS(COALESCE(CAST(refunded_amount AS DOUBLE), 0.0))"
        kept = f"CASE WHEN {full} AND {refunded} = 0 THEN 0.0 ELSE GREATEST({value} - {refunded}, 0.0) END"
    else:
        kept = f"CASE WHEN {full} THEN 0.0 ELSE {value} END"
    return f"CASE WHEN {value} < 0 THEN {value} ELSE {kept} END"


def is_purchase_sql(names: Collection[str]) -> str:
    return f"NOT (COALESCE(amount < 0, FALSE) OR {is_full_refund_sql(names)})"


def within_reach_sql(table: str, day: str, as_of: dt.date) -> str:
    """`rows.within_reach` in SQL: rows of `table` up to `as_of`, before the stray cutoff."""
    return f"""
        WITH reachable AS (SELECT * FROM {table} WHERE {day} IS NULL OR {day} <= DATE '{as_of.isoformat()}'),
        day_counts AS (SELECT {day} AS d, count(*) AS n FROM reachable WHERE {day} IS NOT NULL GROUP BY {day}),
        runs AS (
            SELECT d, date_diff('day', LAG(d) OVER (ORDER BY d), d) AS gap,
                   SUM(n) OVER (ORDER BY d DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS after,
                   SUM(n) OVER () AS total
            FROM day_counts
        ),
        cutoff AS (SELECT MIN(d) AS cutoff FROM runs
                   WHERE gap > {rows.STRAY_GAP_DAYS} AND after <= {rows.STRAY_MAX_SHARE} * total)
        SELECT reachable.* FROM reachable CROSS JOIN cutoff
        WHERE cutoff.cutoff IS NULL OR {day} IS NULL OR {day} < cutoff.cutoff"""


def valid_orders_sql(view: str, names: Collection[str], *, as_of: dt.date | None = None) -> str:
    """`valid_orders` of the canonical orders `view` (with columns `names`), as SQL."""
    as_of = as_of or dt.date.today()
    order_id = "CAST(order_id AS VARCHAR)" if "order_id" in names else "CAST(NULL AS VARCHAR)"
    kept = f"""
        SELECT CAST(customer_id AS VARCHAR) AS customer_id, {order_id} AS order_id,
               CAST(order_date AS TIMESTAMP) AS order_date, CAST(order_date AS DATE) AS day,
               {net_amount_sql(names)} AS amount, {is_purchase_sql(names)} AS is_purchase
        FROM {view}
        WHERE NOT ({is_test_sql(names)}) AND NOT ({is_cancelled_sql(names)})"""
    not_null = f"SELECT * FROM ({kept}) AS k WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL"
    return within_reach_sql(f"({not_null}) AS v", "day", as_of)


def period_start_sql(expr: str, period: Period) -> str:
    return f"CAST(date_trunc('{period}', {expr}) AS DATE)"


def periods_between_sql(start: str, end: str, period: Period) -> str:
    """`cxreport.periods.periods_between` in SQL: calendar steps between two period starts."""
    if period in ("month", "quarter"):
        months = f"((year({end}) - year({start})) * 12 + month({end}) - month({start}))"
        return months if period == "month" else f"CAST(floor({months} / 3) AS BIGINT)"
    days = f"date_diff('day', {start}, {end})"
    return days if period == "day" else f"CAST(floor({days} / 7) AS BIGINT)"


def cohort_counts(backend: Backend, valid: str, *, period: Period = "month") -> tuple[pl.DataFrame, dt.date | None]:
    """The retention stages on the engine; what comes back is one row per cohort and k.

    Columns: cohort (Date), period (k), customers (of the cohort), on_period (active at k),
    ending_here (last active at k), revenue (net revenue of the cohort's customers at k);
    and the last period in the data (refund-only periods included), or None with no orders.
    """
    check_period(period)
    k = periods_between_sql("c.cohort", "p.period_start", period)
    last = periods_between_sql("c.cohort", "c.last_active", period)
    periods = f"{valid}_{period}_customer_periods"
    # Customer-period activity is read three times below: computed once, on the engine.
    backend.materialize(periods, f"""
        SELECT customer_id, {period_start_sql('order_date', period)} AS period_start,
               SUM(amount) AS revenue, BOOL_OR(is_purchase) AS active
        FROM {valid} GROUP BY customer_id, {period_start_sql('order_date', period)}""")
    counts = backend.query(f"""
        WITH customers AS (
            SELECT customer_id, MIN(period_start) AS cohort, MAX(period_start) AS last_active
            FROM {periods} WHERE active GROUP BY customer_id
        ),
        cells AS (
            SELECT c.cohort, {k} AS period, SUM(CASE WHEN p.active THEN 1 ELSE 0 END) AS on_period,
                   SUM(p.revenue) AS revenue
            FROM {periods} p JOIN customers c ON p.customer_id = c.customer_id
            WHERE {k} >= 0
            GROUP BY c.cohort, {k}
        ),
        endings AS (
            SELECT c.cohort, {last} AS period, COUNT(*) AS ending_here FROM customers c GROUP BY c.cohort, {last}
        ),
        -- Every customer ends somewhere: a cohort's size is the sum of its endings.
        sizes AS (SELECT cohort, SUM(ending_here) AS customers FROM endings GROUP BY cohort)
        SELECT s.cohort, cells.period, s.customers,
               COALESCE(cells.on_period, 0) AS on_period, COALESCE(endings.ending_here, 0) AS ending_here,
               COALESCE(cells.revenue, 0.0) AS revenue
        FROM sizes s
        JOIN cells ON cells.cohort = s.cohort
        LEFT JOIN endings ON endings.cohort = cells.cohort AND endings.period = cells.period
        ORDER BY 1, 2""", stage="cohort counts")
    last_period = backend.query(f"SELECT MAX(period_start) AS last_period FROM {periods}", stage="last period").item()
    if counts.is_empty():
        return counts, None
    return counts, last_period


def retention_from_counts(counts: pl.DataFrame, last_period: dt.date, *, period: Period = "month",
                          mode: RetentionMode = "on_period") -> pl.DataFrame:
    """`cohort_retention`'s table from `cohort_counts`: every k from 0 to the last period,
    retained = on_period, or the customers last active at k or later (``unbounded``)."""
    check_mode(mode)
    from cxreport.periods import periods_between

    sizes = counts.group_by("cohort").agg(pl.col("customers").max())
    grid = (
        sizes.lazy()
        .with_columns(pl.int_ranges(0, periods_between(pl.col("cohort"), pl.lit(last_period), period) + 1)
                      .alias("period"))
        .explode("period")
        .with_columns(pl.col("period").cast(pl.Int64))
    )
    cells = counts.lazy().select("cohort", pl.col("period").cast(pl.Int64), "on_period", "ending_here", "revenue")
    return (
        grid.join(cells, on=["cohort", "period"], how="left")
        .with_columns(pl.col("on_period", "ending_here").fill_null(0).cast(pl.Int64),
                      pl.col("revenue").fill_null(0.0).cast(pl.Float64), pl.col("customers").cast(pl.Int64))
        .sort(["cohort", "period"], descending=[False, True])
        .with_columns(pl.col("ending_here").cum_sum().over("cohort").alias("unbounded"))
        .sort(["cohort", "period"])
        .with_columns(pl.col(mode).alias("retained"), pl.col("revenue").first().over("cohort").alias("revenue_start"))
        .select(
            "cohort", "period", "customers", "retained",
            (pl.col("retained") / pl.col("customers")).alias("rate"),
            "revenue",
            pl.when(pl.col("revenue_start") > 0).then(pl.col("revenue") / pl.col("revenue_start")).alias("revenue_rate"),
        )
        .collect()
    )
