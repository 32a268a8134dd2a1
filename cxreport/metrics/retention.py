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

import numpy as np
import polars as pl

from cxreport.fields import OrderColumns
from cxreport.metrics._frames import no_orders
from cxreport.metrics._order_days import customer_periods, group_codes, read_columns
from cxreport.metrics._runs import add_up, in_blocks, runs
from cxreport.metrics._shared import per_table
from cxreport.metrics.inputs import Frame
from cxreport.periods import Period, check_period

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
    return per_table("cohort_retention", orders, (cols, period, mode, by),
                     lambda: _cohort_retention(orders, cols, period, mode, by),
                     reads=read_columns(cols, by))


def _cohort_retention(orders: Frame, cols: OrderColumns, period: Period, mode: RetentionMode, by: str | None) -> pl.DataFrame:
    # One row per customer and period: the unit retention counts (several orders or line
    # items in a period are one active customer-period).
    periods = customer_periods(orders, cols, period)
    if periods is None:
        raise no_orders()
    table = periods.table
    customer, p = table.get_column("customer").to_numpy(), table.get_column("p").to_numpy()
    active, revenue_of = table.get_column("active").to_numpy(), table.get_column("revenue").to_numpy()

    def first_and_last(block: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Each customer's first and last active period (rows are sorted by customer, then period).
        rows = slice(*block)
        buyer, bought = customer[rows][active[rows]], p[rows][active[rows]]
        found = runs(buyer)
        return buyer[found.first], bought[found.first], bought[found.last]

    customers, first_period, last_period_of = (np.concatenate(part) for part in zip(*in_blocks(customer, first_and_last)))
    if customers.size == 0:
        raise no_orders()
    group_of, group_values = group_codes(orders, cols, by)
    cohort_of = np.full(group_of.size, -1, dtype=np.int64)
    cohort_of[customers] = first_period

    # A cohort key: the group, then the cohort period (one integer each). The result has one
    # row per key and period since the cohort, up to the last period of the data: each key's
    # rows are a segment of the result, and every count is a bincount into those rows.
    n_periods = periods.starts.len()
    key_of = group_of * n_periods + cohort_of
    last_period = int(p.max())
    present = np.flatnonzero(np.bincount(key_of[customers], minlength=group_values.len() * n_periods))
    length = last_period - present % n_periods + 1
    offset = np.zeros(group_values.len() * n_periods, dtype=np.int64)
    offset[present] = np.cumsum(length) - length
    rows = int(length.sum())

    # A row's place in the result: its cohort key's first row plus the periods since the
    # cohort, i.e. a per-customer base (looked up once per row) plus the row's period.
    base = offset[key_of] - cohort_of

    def count(block: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        in_block = slice(*block)
        at = base[customer[in_block]]
        at += p[in_block]
        weights, revenue = active[in_block], revenue_of[in_block]
        # Customers who never bought have no cohort, and refunds of orders made before the
        # data starts would sit before the cohort: such rows are left out (most have none).
        cohort = cohort_of[customer[in_block]]
        counted = (cohort >= 0) & (p[in_block] >= cohort)
        if not counted.all():
            at, weights, revenue = at[counted], weights[counted], revenue[counted]
        return np.bincount(at, weights=weights, minlength=rows), np.bincount(at, weights=revenue, minlength=rows)

    on_period, revenue = add_up(in_blocks(customer, count))
    on_period = on_period.astype(np.int64)
    # Unbounded: a customer whose last active period is cohort + j counts at every k <= j,
    # i.e. retained(c, k) = customers of c with last_active_k >= k, a sum from the segment's end.
    ending = np.bincount(offset[key_of[customers]] + last_period_of - first_period, minlength=rows)
    running = np.cumsum(ending)
    segment_end = np.repeat(offset[present] + length - 1, length)
    unbounded = running[segment_end] - running + ending
    row_key = np.repeat(present, length)
    size = np.bincount(key_of[customers], minlength=offset.size)[row_key]
    retained = on_period if mode == "on_period" else unbounded
    revenue_start = revenue[offset[row_key]]
    with np.errstate(invalid="ignore", divide="ignore"):
        revenue_rate = np.where(revenue_start > 0, revenue / revenue_start, np.nan)
    columns = {
        **({by: group_values.gather(row_key // n_periods)} if by else {}),
        "cohort": periods.starts.gather(row_key % n_periods),
        "period": np.arange(rows, dtype=np.int64) - np.repeat(offset[present], length),
        "customers": size.astype(np.int64),
        "retained": retained.astype(np.int64),
        "rate": retained / size,
        "revenue": revenue,
        "revenue_rate": pl.Series(revenue_rate).fill_nan(None),
    }
    return pl.DataFrame(columns)


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


def active_by_period(orders: Frame, cols: OrderColumns = OrderColumns(), *, period: Period = "month") -> pl.DataFrame:
    """Customers active in each calendar period (they bought in it, as in the cohort table)
    and the period's net revenue (refunds included), for every period holding a valid order
    row: what the Overview's customers and revenue cards read.

    Columns: period (Date, the period's start), customers (Int64), revenue (Float64), sorted.

    >>> import datetime as dt
    >>> orders = pl.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["1", "2", "3"],
    ...     "order_date": [dt.date(2024, 1, 5), dt.date(2024, 1, 9), dt.date(2024, 2, 1)],
    ...     "amount": [10.0, -4.0, 7.5]})
    >>> active_by_period(orders).rows()
    [(datetime.date(2024, 1, 1), 1, 6.0), (datetime.date(2024, 2, 1), 1, 7.5)]
    """
    check_period(period)
    periods = customer_periods(orders, cols, period)
    if periods is None:
        raise no_orders()
    totals = (periods.table.group_by("p")
              .agg(pl.col("active").sum().cast(pl.Int64).alias("customers"), pl.col("revenue").sum())
              .sort("p"))
    return totals.select(periods.starts.gather(totals.get_column("p")).alias("period"), "customers", "revenue")


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
