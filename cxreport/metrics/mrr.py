"""Contractual churn from subscriptions: MRR snapshots, the MRR bridge, logo churn, NRR and GRR.

Definitions (METRICS.md; the SaaS conventions of ChartMogul/Baremetrics):

- A subscription is *active on day d* when start_day ≤ d < cancel_day (cancel_day null =
  still active). A plan change (one row cancelled and the next started the same day) is
  therefore never counted twice nor missed.
- A customer's *MRR of a period* is the sum of the mrr of their subscriptions active on the
  period's last day (the end-of-period snapshot). A customer whose sum is not positive
  counts as not paying.
- Movements compare a customer's MRR at the end of a period with the end of the previous
  one: new (0 → m, first time ever paying), reactivated (0 → m, paid before), expansion
  (m → more), contraction (m → less but > 0), churned (m → 0).
- NRR = (start + expansion − contraction − churned) / start;
  GRR = (start − contraction − churned) / start.

Money is summed in whole cents (integers), so the bridge
mrr_start + new + reactivated + expansion − contraction − churned = mrr_end holds exactly
in cents; MRR given with sub-cent precision is rounded to the cent per subscription.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from cxreport.errors import EmptyResult
from cxreport.fields import SubscriptionColumns
from cxreport.metrics._frames import calendar_periods, duckdb_connection, first_value_per_customer, no_subscriptions, valid_subscriptions
from cxreport.metrics.inputs import DateLike, Frame, as_day
from cxreport.periods import Period, check_period

_MOVEMENTS_SQL = """
WITH snapshot AS (
    -- each customer's MRR on the last day of each period (next_start - 1)
    SELECT p.idx, s.customer_id, sum(s.mrr_cents) AS mrr
    FROM subs s
    JOIN periods p ON s.start_day < p.next_start AND (s.cancel_day IS NULL OR s.cancel_day >= p.next_start)
    GROUP BY p.idx, s.customer_id
    HAVING sum(s.mrr_cents) > 0
),
first_paid AS (
    SELECT customer_id, min(idx) AS first_idx FROM snapshot GROUP BY customer_id
),
moves AS (
    -- one row per customer and period where they paid at its start or its end
    SELECT coalesce(cur.customer_id, prev.customer_id) AS customer_id,
           coalesce(cur.idx, prev.idx + 1) AS idx,
           coalesce(prev.mrr, 0) AS mrr_prev,
           coalesce(cur.mrr, 0) AS mrr_cur
    FROM snapshot cur
    FULL JOIN snapshot prev ON cur.customer_id = prev.customer_id AND cur.idx = prev.idx + 1
)
SELECT m.idx, g.grp,
       sum(m.mrr_prev)::BIGINT AS mrr_start,
       coalesce(sum(m.mrr_cur) FILTER (WHERE m.mrr_prev = 0 AND m.idx = f.first_idx), 0)::BIGINT AS new,
       coalesce(sum(m.mrr_cur - m.mrr_prev) FILTER (WHERE m.mrr_prev > 0 AND m.mrr_cur > m.mrr_prev), 0)::BIGINT
           AS expansion,
       coalesce(sum(m.mrr_prev - m.mrr_cur) FILTER (WHERE m.mrr_cur > 0 AND m.mrr_cur < m.mrr_prev), 0)::BIGINT
           AS contraction,
       coalesce(sum(m.mrr_prev) FILTER (WHERE m.mrr_cur = 0), 0)::BIGINT AS churned,
       coalesce(sum(m.mrr_cur) FILTER (WHERE m.mrr_prev = 0 AND m.idx > f.first_idx), 0)::BIGINT AS reactivated,
       sum(m.mrr_cur)::BIGINT AS mrr_end,
       count(*) FILTER (WHERE m.mrr_prev > 0) AS customers_start,
       count(*) FILTER (WHERE m.mrr_prev = 0 AND m.idx = f.first_idx) AS customers_new,
       count(*) FILTER (WHERE m.mrr_prev > 0 AND m.mrr_cur = 0) AS customers_churned,
       count(*) FILTER (WHERE m.mrr_prev = 0 AND m.idx > f.first_idx) AS customers_reactivated,
       count(*) FILTER (WHERE m.mrr_cur > 0) AS customers_end
FROM moves m
JOIN first_paid f USING (customer_id)
JOIN groups g USING (customer_id)
WHERE m.idx <= $last_idx
GROUP BY m.idx, g.grp
"""

_CENTS = ("mrr_start", "new", "expansion", "contraction", "churned", "reactivated", "mrr_end")
_COUNTS = ("customers_start", "customers_new", "customers_churned", "customers_reactivated", "customers_end")


def _movements(
    subs: Frame, cols: SubscriptionColumns, *, period: Period, by: str | None, as_of: DateLike | None
) -> pl.LazyFrame:
    """Per [grp,] period: the MRR bridge in cents and customer counts (grp = "all" without `by`)."""
    check_period(period)
    rows = valid_subscriptions(subs, cols, by=by).collect()
    if rows.is_empty():
        raise no_subscriptions()
    first_day = rows.get_column("start_day").min()
    end = (
        as_day(as_of)
        if as_of is not None
        else max(d for d in (rows.get_column("start_day").max(), rows.get_column("cancel_day").max()) if d is not None)
    )
    periods = bridge_periods(first_day, end, period)
    # A customer's group is the `by` value of their first subscription (the plan or segment
    # they signed up in), so each customer is in one group.
    groups = (
        first_value_per_customer(rows.lazy(), by, order="start_day").rename({by: "grp"}).collect()
        if by
        else rows.select("customer_id").unique().with_columns(pl.lit("all").alias("grp"))
    )
    subs_cents = rows.select(
        "customer_id",
        (pl.col("mrr") * 100).round().cast(pl.Int64).alias("mrr_cents"),
        "start_day",
        "cancel_day",
    )
    con = duckdb_connection(subs=subs_cents, periods=periods, groups=groups)
    counts = con.sql(_MOVEMENTS_SQL, params={"last_idx": periods.height - 1}).pl()
    con.close()
    return (
        periods.lazy()
        .join(groups.lazy().select("grp").unique(), how="cross")
        # nulls_equal: customers whose first subscription names no group are the null group's counts
        .join(counts.lazy(), on=["idx", "grp"], how="left", nulls_equal=True)
        .with_columns(pl.col(*_CENTS, *_COUNTS).fill_null(0).cast(pl.Int64))
        .rename({"period_start": "period"})
        .sort("grp", "period")
    )


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator)


def bridge_periods(first_day: dt.date, end: dt.date, period: Period) -> pl.DataFrame:
    """The complete periods the bridge measures, numbered (idx), from the first start to
    `end`; raises `EmptyResult` when none has ended (here and on an engine alike)."""
    periods = calendar_periods(first_day, end, period).with_row_index("idx").with_columns(pl.col("idx").cast(pl.Int64))
    if periods.is_empty():
        raise EmptyResult(
            "no_complete_period",
            f"No {period} has ended between the first subscription ({first_day}) and {end}.",
            "MRR is measured at the end of each period: choose a shorter period or a later date.",
            period=period,
        )
    return periods


def mrr_movements(
    subs: Frame,
    cols: SubscriptionColumns = SubscriptionColumns(),
    *,
    period: Period = "month",
    by: str | None = None,
    as_of: DateLike | None = None,
) -> pl.DataFrame:
    """The MRR bridge per period: where recurring revenue came from and went (module docstring).

    One row per complete period (its last day is on or before `as_of`, default the latest
    start or cancel date in the data), from the period of the first subscription. The first
    period starts from 0. mrr_start of a period is mrr_end of the one before.
    nrr and grr as in the module docstring; logo_churn_rate = customers_churned /
    customers_start; revenue_churn_rate = (contraction + churned) / mrr_start (= 1 − grr).
    Rates are null when nothing was paying at the start.
    With ``by`` each customer is grouped by their first subscription's value.

    Columns: [by,] period (Date, period start), mrr_start, new, expansion, contraction,
    churned, reactivated, mrr_end (money), nrr, grr, customers_start, customers_new,
    customers_churned, customers_reactivated, customers_end, logo_churn_rate,
    revenue_churn_rate.
    """
    money = [(pl.col(c) / 100).alias(c) for c in _CENTS]
    return (
        _movements(subs, cols, period=period, by=by, as_of=as_of)
        .select(
            *([pl.col("grp").alias(by)] if by else []),
            "period",
            *money,
            _ratio(
                pl.col("mrr_start") + pl.col("expansion") - pl.col("contraction") - pl.col("churned"), pl.col("mrr_start")
            ).alias("nrr"),
            _ratio(pl.col("mrr_start") - pl.col("contraction") - pl.col("churned"), pl.col("mrr_start")).alias("grr"),
            *_COUNTS,
            _ratio(pl.col("customers_churned"), pl.col("customers_start")).alias("logo_churn_rate"),
            _ratio(pl.col("contraction") + pl.col("churned"), pl.col("mrr_start")).alias("revenue_churn_rate"),
        )
        .collect()
    )


def subscription_churn(
    subs: Frame,
    cols: SubscriptionColumns = SubscriptionColumns(),
    *,
    period: Period = "month",
    by: str | None = None,
    as_of: DateLike | None = None,
) -> pl.DataFrame:
    """Logo churn per period: of the customers paying at the start, the share paying nothing at the end.

    churn_rate = customers_churned / customers_start, where customers_start had MRR > 0 at
    the end of the previous period and customers_churned have none at the end of this one
    (snapshots and periods as in `mrr_movements`). mrr_churned is the MRR they took with
    them; revenue_churn_rate = mrr_churned / mrr_start (cancellations only; contraction is
    in `mrr_movements`). Null when nobody was paying at the start.
    Columns: [by,] period, customers_start, customers_churned, churn_rate, mrr_start,
    mrr_churned, revenue_churn_rate.
    """
    return (
        _movements(subs, cols, period=period, by=by, as_of=as_of)
        .select(
            *([pl.col("grp").alias(by)] if by else []),
            "period",
            "customers_start",
            "customers_churned",
            _ratio(pl.col("customers_churned"), pl.col("customers_start")).alias("churn_rate"),
            (pl.col("mrr_start") / 100).alias("mrr_start"),
            (pl.col("churned") / 100).alias("mrr_churned"),
            _ratio(pl.col("churned"), pl.col("mrr_start")).alias("revenue_churn_rate"),
        )
        .collect()
    )
