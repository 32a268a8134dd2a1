"""Cohort retention: customers grouped by the period of their first purchase, followed over time.

Definitions (METRICS.md; the usual cohort table of e.g. Fader, *Customer Centricity*, and
every product-analytics tool):

- A customer is *active* in a period when they bought in it (at least one valid order row
  that is not a refund, see `_frames.valid_orders`).
- *Cohort*: the period of a customer's first purchase. Cohort size = its customers.
- *Retention at period k* (``mode="on_period"``): share of the cohort active in period
  cohort + k. ``mode="unbounded"``: share active in period cohort + k *or any later
  period* (a customer still counts as retained until their last purchase), which is never
  below on-period retention and never increases with k.
- *Revenue retention at k*: the cohort's net revenue (refunds included) in period k divided
  by its net revenue in period 0.
"""

from __future__ import annotations

from typing import Literal, get_args

import polars as pl

from cxreport.fields import OrderColumns
from cxreport.metrics._frames import no_orders, valid_orders
from cxreport.metrics._order_days import customer_periods, order_days
from cxreport.metrics._shared import shared
from cxreport.metrics.inputs import Frame
from cxreport.periods import Period, check_period, periods_between

RetentionMode = Literal["on_period", "unbounded"]
RETENTION_MODES: tuple[str, ...] = get_args(RetentionMode)

# Columns of `cohort_retention`'s result other than the optional `by` column.
RETENTION_COLUMNS: tuple[str, ...] = ("cohort", "period", "customers", "retained", "rate", "revenue", "revenue_rate")


def check_mode(mode: str) -> RetentionMode:
    if mode not in RETENTION_MODES:
        raise ValueError(f"mode must be one of {', '.join(RETENTION_MODES)}, not {mode!r}")
    return mode  # type: ignore[return-value]


def cohort_retention(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    period: Period = "month",
    mode: RetentionMode = "on_period",
    by: str | None = None,
) -> pl.DataFrame:
    """Customer and revenue retention of each cohort, period by period since its first purchase.

    retained(c, k) = customers of cohort c active in period c + k (``on_period``), or active
    in c + k or later (``unbounded``); rate = retained / customers, so rate(c, 0) = 1 by
    definition. revenue(c, k) = net revenue of cohort c's customers in period c + k;
    revenue_rate = revenue(c, k) / revenue(c, 0), null when revenue(c, 0) is not positive.
    Periods follow `cxreport.periods` (weeks start on Monday; k counts calendar steps).

    Only observed cells are reported: k runs from 0 to the last period in the data, so the
    table is a triangle. The last period may be incomplete (the data can end mid-month);
    its rates are then lower than they will be.

    With ``by`` a customer belongs to the group of their first purchase (the segment or
    channel they were acquired in), and cohorts are formed within each group.

    Columns: [by,] cohort (Date, first day of the cohort's period), period (Int64, k),
    customers, retained, rate, revenue, revenue_rate; sorted by [by,] cohort, period.
    """
    check_period(period)
    check_mode(mode)
    return shared("cohort_retention", orders, (cols, period, mode, by),
                  lambda: _cohort_retention(orders, cols, period, mode, by))


def _cohort_retention(orders: Frame, cols: OrderColumns, period: Period, mode: RetentionMode, by: str | None) -> pl.DataFrame:
    groups = [by] if by else []
    # One row per customer and period: the unit retention counts (several orders or line
    # items in a period are one active customer-period).
    periods = _customer_periods(orders, cols, period, by)
    last_period = periods.get_column("period_start").max()
    customers = (
        periods.lazy()
        .filter(pl.col("active"))
        .group_by("customer", *groups)
        .agg(pl.col("period_start").min().alias("cohort"), pl.col("period_start").max().alias("last_active"))
        .collect()
    )
    if customers.is_empty():
        raise no_orders()
    periods = periods.drop(groups)

    keys = [*groups, "cohort"]
    cells = (
        periods.lazy()
        .join(customers.lazy(), on="customer")
        .with_columns(periods_between(pl.col("cohort"), pl.col("period_start"), period).alias("period"))
        # Refunds of orders made before the data starts would sit before the cohort.
        .filter(pl.col("period") >= 0)
        .group_by(*keys, "period")
        .agg(pl.col("active").sum().cast(pl.Int64).alias("on_period"), pl.col("revenue").sum())
    )
    # Unbounded: a customer whose last active period is cohort + j counts at every k <= j,
    # i.e. retained(c, k) = customers of c with last_active_k >= k, a reverse cumulative sum.
    last_counts = (
        customers.lazy()
        .group_by(*keys, periods_between(pl.col("cohort"), pl.col("last_active"), period).alias("period"))
        .agg(pl.len().cast(pl.Int64).alias("ending_here"))
    )
    grid = (
        customers.lazy()
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("customers"))
        .with_columns(
            pl.int_ranges(0, periods_between(pl.col("cohort"), pl.lit(last_period), period) + 1).alias("period")
        )
        .explode("period")
        .with_columns(pl.col("period").cast(pl.Int64))
    )
    table = (
        grid.join(cells, on=[*keys, "period"], how="left")
        .join(last_counts, on=[*keys, "period"], how="left")
        .with_columns(pl.col("on_period", "ending_here").fill_null(0), pl.col("revenue").fill_null(0.0))
        .sort([*keys, "period"], descending=[*[False] * len(keys), True])
        .with_columns(pl.col("ending_here").cum_sum().over(keys).alias("unbounded"))
        .sort([*keys, "period"])
        .with_columns(
            pl.col(mode).alias("retained"),
            pl.col("revenue").first().over(keys).alias("revenue_start"),
        )
        .select(
            *keys,
            "period",
            "customers",
            "retained",
            (pl.col("retained") / pl.col("customers")).alias("rate"),
            "revenue",
            pl.when(pl.col("revenue_start") > 0).then(pl.col("revenue") / pl.col("revenue_start")).alias("revenue_rate"),
        )
    )
    return table.collect()


def _customer_periods(orders: Frame, cols: OrderColumns, period: Period, by: str | None) -> pl.DataFrame:
    """customer, [by,] period_start, revenue, active: a customer's net revenue in a period and
    whether they bought in it; with `by`, every row of a customer carries the group of their
    first purchase."""
    periods = customer_periods(orders, cols, period)
    if periods is None:
        raise no_orders()
    if by is None:
        return periods
    purchases = valid_orders(orders, cols, by=by).filter(pl.col("is_purchase"))
    # The group of the customer's first purchase row (ties: the smallest value), as
    # `first_value_per_customer`.
    first = pl.col(by).sort_by(["order_date", by], nulls_last=True).first()
    groups = order_days(orders, cols).per_customer(purchases, first)  # type: ignore[union-attr]
    return periods.join(groups, on="customer", how="left")


def _groups(retention: pl.DataFrame) -> list[str]:
    """The `by` column of a `cohort_retention` result, if it has one."""
    return [c for c in retention.columns if c not in RETENTION_COLUMNS]


def retention_curves(retention: pl.DataFrame) -> pl.DataFrame:
    """Average retention curve across cohorts, weighted by cohort size, per [by,] period k.

    rate(k) = Σ_c retained(c, k) / Σ_c customers(c) over the cohorts observed at k (old
    enough), i.e. the share of all customers acquired early enough who were retained at k.
    revenue_rate(k) = Σ_c revenue(c, k) / Σ_c revenue(c, 0) over the same cohorts.
    Input: a `cohort_retention` result (either mode). Columns: [by,] period, cohorts,
    customers (the customers considered), retained, rate, revenue, revenue_start, revenue_rate.
    """
    groups = _groups(retention)
    keys = [*groups, "cohort"]
    return (
        retention.lazy()
        .sort([*keys, "period"])
        .with_columns(pl.col("revenue").first().over(keys).alias("revenue_start"))
        .group_by(*groups, "period")
        .agg(
            pl.len().cast(pl.Int64).alias("cohorts"),
            pl.col("customers").sum(),
            pl.col("retained").sum(),
            pl.col("revenue").sum(),
            pl.col("revenue_start").sum(),
        )
        .with_columns(
            (pl.col("retained") / pl.col("customers")).alias("rate"),
            pl.when(pl.col("revenue_start") > 0).then(pl.col("revenue") / pl.col("revenue_start")).alias("revenue_rate"),
        )
        .select(*groups, "period", "cohorts", "customers", "retained", "rate", "revenue", "revenue_start", "revenue_rate")
        .sort([*groups, "period"])
        .collect()
    )


def retention_at(retention: pl.DataFrame, k: int) -> pl.DataFrame:
    """Headline retention at period k ("retention at month 3"), per `by` group if any.

    rate = Σ retained(c, k) / Σ customers(c) over the cohorts old enough to have a period k;
    ``customers`` is that n. Empty when no cohort is old enough. Columns as `retention_curves`.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, not {k}")
    return retention_curves(retention).filter(pl.col("period") == k)


def cohort_sizes(retention: pl.DataFrame) -> pl.DataFrame:
    """Customers acquired and their first-period revenue per cohort: [by,] cohort, customers, revenue."""
    keys = [*_groups(retention), "cohort"]
    return retention.filter(pl.col("period") == 0).select(*keys, "customers", "revenue").sort(keys)
