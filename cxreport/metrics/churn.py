"""Transactional churn: a customer who has not bought for longer than a window has churned.

Without contracts nobody announces they left, so churn is inferred from silence
(METRICS.md; Fader & Hardie's "non-contractual setting"). Definitions used throughout:

- *Purchase days* of a customer: days with at least one valid non-refund order row.
- The customer *lapses after* purchase day L when their next purchase day N is more than
  ``window_days`` later (N − L > window) or never comes. Their *churn day* is L + window:
  the last day a purchase would still have kept them.
- A customer is *active* on day t when their last purchase day L ≤ t satisfies t − L ≤ window.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from cxreport.errors import MappingProblem
from cxreport.fields import OrderColumns
from cxreport.metrics._churn_counts import churn_counts
from cxreport.metrics._frames import calendar_periods, no_orders, valid_orders
from cxreport.metrics._order_days import EPOCH, HASH_SEED, OrderDays, group_codes, order_days, orders_are_rows, read_columns
from cxreport.metrics._runs import add_up, in_blocks, repeat_gaps, runs
from cxreport.metrics._shared import per_table
from cxreport.metrics.inputs import DateLike, Frame, as_day
from cxreport.periods import Period, check_period

# Windows people think in; the default is the first of these that covers the gaps.
SENSIBLE_WINDOWS: tuple[int, ...] = (30, 45, 60, 90, 120, 180, 270, 365, 540, 730)
# Used when no customer bought twice, so there is no gap to learn from (a common retail default).
FALLBACK_WINDOW_DAYS = 90

STATUSES: tuple[str, ...] = ("at risk", "active", "churned")


@dataclass(frozen=True)
class ChurnWindow:
    days: int
    quantile: float
    explanation: str
    gap_days_at_quantile: float | None  # the observed quantile of the gaps, before rounding up
    gaps: int  # gaps between consecutive purchase days it was computed from


def check_window(window_days: int) -> int:
    """The churn window in whole days, or a plain error for a window under one day."""
    if window_days < 1:
        raise MappingProblem(
            "bad_churn_window",
            f"The churn window must be at least one day, not {window_days}.",
            "Choose how many days without a purchase mean a customer has left, for example 90.",
            window_days=window_days,
        )
    return int(window_days)


def purchase_gaps(orders: Frame, cols: OrderColumns = OrderColumns()) -> pl.LazyFrame:
    """customer_id, day, gap_days: days since the customer's previous purchase day (null for the first)."""
    return _gaps(valid_orders(orders, cols))


def _gaps(rows: pl.LazyFrame) -> pl.LazyFrame:
    return (
        rows.filter(pl.col("is_purchase"))
        .select("customer_id", "day")
        .unique()
        .sort("customer_id", "day")
        .with_columns((pl.col("day") - pl.col("day").shift(1)).dt.total_days().over("customer_id").alias("gap_days"))
    )


def default_churn_window_days(
    orders: Frame, cols: OrderColumns = OrderColumns(), *, quantile: float = 0.9
) -> ChurnWindow:
    """A churn window learned from how long customers usually wait between purchases.

    The `quantile` (default 90th percentile) of all gaps between a customer's consecutive
    purchase days, pooled over customers, rounded up to the next of SENSIBLE_WINDOWS
    (30, 45, 60, 90, 120, 180, 270, 365, 540, 730 days; at least 30, at most 730). Nine
    returns in ten happen within such a window, so a customer silent for longer is unlikely
    to come back. This is a rule of thumb (a percentile of inter-purchase times, as in
    e.g. Gupta et al. 2006, *Modeling Customer Lifetime Value*), not a model.
    With no repeat purchases at all the window is FALLBACK_WINDOW_DAYS.
    """
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be between 0 and 1, not {quantile}")
    return per_table("churn_window", orders, (cols, quantile),
                     lambda: _default_window(orders, cols, quantile), reads=read_columns(cols))


def _default_window(orders: Frame, cols: OrderColumns, quantile: float) -> ChurnWindow:
    # The same gaps as `purchase_gaps`, from the prepared purchase days (customers in hash
    # order: sorting millions of ids is slow), counted with numpy.
    prepared = order_days(orders, cols)
    if prepared is None or prepared.purchases.is_empty():  # no valid row, or refunds only
        return window_from_gaps(None, 0, 0, quantile=quantile)
    buys = prepared.purchases
    customer, d = buys.get_column("customer").to_numpy(), buys.get_column("d").to_numpy()
    # Gaps are counted per day of gap: valid rows are dated up to today, so however far back
    # the data go there are under a million possible gaps (a few MB of counts).
    longest = int(d.max()) - int(d.min()) + 1

    def count(block: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # A block of whole customers (`_runs.in_blocks`): its gaps are its customers' own.
        found = runs(customer[slice(*block)])
        gap, repeat = repeat_gaps(found, d[slice(*block)])
        return (np.bincount(gap[repeat], minlength=longest), np.array([np.count_nonzero(repeat)]),
                np.array([np.count_nonzero(found.last > found.first)]))  # customers with two days or more

    counts, gaps, customers = add_up(in_blocks(customer, count))
    return window_from_gaps(quantile_from_counts(counts, quantile) if gaps[0] else None, int(gaps[0]),
                            int(customers[0]), quantile=quantile)


def quantile_of_counts(values: np.ndarray, quantile: float) -> float:
    """The `quantile` of non-negative integer `values` with linear interpolation between the
    two nearest ranks (as numpy's default, Polars' "linear" and DuckDB's quantile_cont),
    from a count per value: one pass over millions of gaps instead of a sort.

    >>> quantile_of_counts(np.array([1, 2, 3, 4]), 0.5), float(np.quantile([1, 2, 3, 4], 0.5))
    (2.5, 2.5)
    """
    if int(values.max()) > 10 * values.size + 1_000_000:  # counts would be mostly empty: sort instead
        return float(np.quantile(values, quantile))
    return quantile_from_counts(np.bincount(values), quantile)


def quantile_from_counts(counts: np.ndarray, quantile: float) -> float:
    """`quantile_of_counts` of the values counted in `counts` (counts[v]: how many are v).

    >>> quantile_from_counts(np.array([0, 1, 1, 1, 1]), 0.5)
    2.5
    """
    ranks = np.cumsum(counts)  # how many values are ≤ each value
    size = int(ranks[-1])
    position = (size - 1) * quantile
    low = int(np.floor(position))
    below, above = np.searchsorted(ranks, [low + 1, min(low + 2, size)])
    return float(below + (position - low) * (above - below))


def window_from_gaps(gap: float | None, gaps: int, customers: int, *, quantile: float) -> ChurnWindow:
    """The churn window from the `quantile` of the purchase gaps (`gap` days; None when there
    are no `gaps`), counted here or by an engine (`cxreport.engine.churn`): the smallest
    sensible window that covers it, with the sentence that says why."""
    percent = f"{quantile:.0%}"
    if not gaps or gap is None:
        return ChurnWindow(
            days=FALLBACK_WINDOW_DAYS,
            quantile=quantile,
            explanation=(
                f"No customer bought on two different days yet, so there is no rhythm to learn from; "
                f"{FALLBACK_WINDOW_DAYS} days is a common default."
            ),
            gap_days_at_quantile=None,
            gaps=0,
        )
    days = next((w for w in SENSIBLE_WINDOWS if w >= gap), SENSIBLE_WINDOWS[-1])
    covered = (
        f"{percent} of repeat purchases came within {math.ceil(gap)} days of the customer's previous one"
        f" ({gaps:,} gaps from {customers:,} repeat customers)"
    )
    if gap > days:
        rest = f"; the window is capped at {days} days, so some slow but loyal buyers will count as churned."
    else:
        rest = f", so a customer who has not bought for more than {days} days is counted as churned."
    return ChurnWindow(days=days, quantile=quantile, explanation=covered + rest, gap_days_at_quantile=gap, gaps=gaps)


def with_churn_rates(counts: pl.LazyFrame) -> pl.LazyFrame:
    """Periods left-joined with their counts (active_start, churned, revenue_start,
    revenue_churned; null where none): zeros filled, the two rates added (null without a
    base), period_start named period. Shared by every place churn is counted."""
    return (
        counts.with_columns(
            pl.col("active_start", "churned").fill_null(0).cast(pl.Int64),
            pl.col("revenue_start", "revenue_churned").fill_null(0.0).cast(pl.Float64),
        )
        .with_columns(
            pl.when(pl.col("active_start") > 0).then(pl.col("churned") / pl.col("active_start")).alias("churn_rate"),
            pl.when(pl.col("revenue_start") > 0)
            .then(pl.col("revenue_churned") / pl.col("revenue_start"))
            .alias("revenue_churn_rate"),
        )
        .rename({"period_start": "period"})
    )


def churn_by_period(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    window_days: int,
    period: Period = "month",
    by: str | None = None,
) -> pl.DataFrame:
    """Customers and revenue lost per period, with churn meaning `window_days` without a purchase.

    For a period [s, e):
    - active_start: customers whose last purchase day before s is within the window
      (s − window ≤ L < s);
    - churned: those of them who lapse after L and whose churn day L + window falls in the
      period (L + window < e; it is ≥ s by construction). A customer who buys again within
      the window is not churned, however long the gap ran into the period;
    - churn_rate = churned / active_start;
    - revenue_start: net revenue of the active customers in the window days before s
      (days s − window … s − 1); revenue_churned: the same for the churned ones;
      revenue_churn_rate = revenue_churned / revenue_start.

    Reported periods are the ones where every term is observable: the period is complete
    (it ends on or before the last day of data, so any return within a window that expires
    in it has been seen) and the window before it lies inside the data (s − window ≥ the
    first day of data; otherwise customers who bought before the export began would be
    missing). Churn of the last `window_days` is therefore not reported: it is not known
    yet. With ``by`` customers are grouped by their value at first purchase.

    Columns: [by,] period (Date, period start), active_start, churned, churn_rate,
    revenue_start, revenue_churned, revenue_churn_rate; rates are null when nobody was active.
    """
    check_period(period)
    window = check_window(window_days)
    return per_table("churn_by_period", orders, (cols, window, period, by),
                     lambda: _churn_by_period(orders, cols, window, period, by),
                     reads=read_columns(cols, by))


def _churn_by_period(orders: Frame, cols: OrderColumns, window: int, period: Period, by: str | None) -> pl.DataFrame:
    prepared = order_days(orders, cols)
    if prepared is None:
        raise no_orders()
    first_day, last_day = (prepared.first_day, prepared.last_day) if not by else _buyers_span(prepared)
    periods = calendar_periods(first_day, last_day, period).filter(
        pl.col("period_start") >= first_day + dt.timedelta(days=window)
    )
    # Each customer's group is their `by` at first purchase, found once per table.
    groups = group_codes(orders, cols, by) if by else None
    counts = churn_counts(prepared.days, prepared.purchases, periods, window, groups=groups)
    if groups is not None:
        group_values = groups[1].alias("grp").to_frame()
    else:
        group_values = pl.DataFrame({"grp": ["all"]})
        counts = counts.with_columns(pl.lit("all").alias("grp"))
    table = (
        periods.lazy()
        .select("period_start")
        .join(group_values.lazy(), how="cross")
        # nulls_equal: customers whose first purchase names no group are the null group's counts
        .join(counts.lazy(), on=["period_start", "grp"], how="left", nulls_equal=True)
        .pipe(with_churn_rates)
    )
    groups = [pl.col("grp").alias(by)] if by else []
    return (
        table.select(
            *groups,
            "period",
            "active_start",
            "churned",
            "churn_rate",
            "revenue_start",
            "revenue_churned",
            "revenue_churn_rate",
        )
        .sort([*([by] if by else []), "period"])
        .collect()
    )


def _buyers_span(prepared: OrderDays) -> tuple[dt.date, dt.date]:
    """The first and last day of the valid rows of customers with a purchase: grouped, a
    customer with refunds only has no group (no first purchase) and is left out entirely."""
    buyer = np.zeros(prepared.ids.len() + 1, dtype=bool)
    buyer[prepared.purchases.get_column("customer").to_numpy()] = True
    d = prepared.days.get_column("d").to_numpy()[buyer[prepared.days.get_column("customer").to_numpy()]]
    if d.size == 0:
        raise no_orders()
    return EPOCH + dt.timedelta(days=int(d.min())), EPOCH + dt.timedelta(days=int(d.max()))


def _median_per_run(run: np.ndarray, values: np.ndarray, n_runs: int) -> pl.Series:
    """The median (Float64, the mean of the two middle values when their number is even) of
    the non-negative integer `values` in each run 0 … n_runs − 1 (`run` ascending); null for
    a run without values."""
    counts = np.bincount(run, minlength=n_runs)
    # One sort of (run, value) packed in one integer: the values of a run in order, runs in order.
    ordered = pl.Series(run.astype(np.int64) << 32 | values.astype(np.int64)).sort().to_numpy() & 0xFFFFFFFF
    start = np.cumsum(counts) - counts
    has = counts > 0
    low = ordered[(start + (counts - 1) // 2)[has]]
    high = ordered[(start + counts // 2)[has]]
    median = np.full(n_runs, np.nan)
    median[has] = (low + high) / 2
    return pl.Series("own_gap", median, nan_to_null=True)


def customers_at_risk(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    window_days: int,
    as_of: DateLike | None = None,
) -> pl.DataFrame:
    """Every customer's standing on `as_of`: active, at risk (overdue by their own rhythm) or churned.

    Per customer, from valid orders up to `as_of` (default: the last day of data):
    first_order, last_order (purchase days), orders (distinct order ids; purchase days when
    the table has no order id), revenue (net, refunds included), days_since_last = as_of −
    last_order, expected_gap_days = the median of the customer's own gaps between purchase
    days (for one-time buyers, the median gap of all repeat customers; the window when
    nobody bought twice), risk_ratio = days_since_last / expected_gap_days.
    status: "churned" when days_since_last > window_days; else "at risk" when risk_ratio > 1
    (later than they usually come back); else "active".
    Sorted with customers at risk first, then active, then churned, each by revenue
    (largest first): the revenue at risk comes first.
    """
    window = check_window(window_days)
    prepared = order_days(orders, cols)
    if prepared is None:
        raise no_orders()
    end = as_day(as_of) if as_of is not None else prepared.last_day
    days = prepared.days.filter(pl.col("d") <= (end - EPOCH).days)
    buys = prepared.purchases.filter(pl.col("d") <= (end - EPOCH).days)
    if buys.is_empty():
        raise no_orders()
    # Per customer over the sorted purchase days, with numpy: a customer's days are one run.
    customer, d = buys.get_column("customer").to_numpy(), buys.get_column("d").to_numpy().astype(np.int64)
    found = runs(customer)
    first, last, run = found
    gap, repeat = repeat_gaps(found, d)
    typical_gap = quantile_of_counts(gap[repeat], 0.5) if repeat.any() else None
    # Orders are counted on the rows (an order's lines may fall on different days); a row
    # without an order id counts its purchase day. When every purchase row has an order id
    # of its own (most exports) the rows are the orders, counted per day when prepared.
    n = prepared.ids.len() + 1  # customers are 1 … n − 1: per-customer sums are bincounts
    if orders_are_rows(orders, cols):
        rows = np.bincount(customer, weights=buys.get_column("purchase_rows").to_numpy(), minlength=n)
        orders_per_customer = pl.Series("orders", rows[customer[first]].astype(np.int64))
    else:
        purchases = valid_orders(orders, cols).filter(pl.col("is_purchase") & (pl.col("day") <= end))
        distinct = (pl.when(pl.col("order_id").is_null())
                    .then(pl.col("day").cast(pl.Int32).cast(pl.UInt64) + 2**63)
                    .otherwise(pl.col("order_id").hash(HASH_SEED))).n_unique().alias("orders")
        counted = prepared.per_customer(purchases, distinct)
        places = np.zeros(n, dtype=np.int64)
        places[counted.get_column("customer").to_numpy()] = counted.get_column("orders").to_numpy()
        orders_per_customer = pl.Series("orders", places[customer[first]])
    # Revenue counts refund days too; a customer with refunds only is not listed. Summed by
    # Polars as every other revenue total (the last bit decides ties in the ordering).
    summed = days.group_by("customer").agg(pl.col("revenue").sum())
    revenue = np.zeros(n)
    revenue[summed.get_column("customer").to_numpy()] = summed.get_column("revenue").to_numpy()
    per_customer = prepared.with_ids(pl.DataFrame([
        pl.Series("customer", customer[first]),
        pl.Series("first_order", d[first].astype(np.int32)).cast(pl.Date),
        pl.Series("last_order", d[last].astype(np.int32)).cast(pl.Date),
        pl.Series("revenue", revenue[customer[first]]),
        pl.Series("own_gap", _median_per_run(run[repeat], gap[repeat], first.size)),
        orders_per_customer,
    ])).lazy()
    expected = pl.coalesce(pl.col("own_gap"), pl.lit(typical_gap, pl.Float64), pl.lit(float(window)))
    days_since = (pl.lit(end) - pl.col("last_order")).dt.total_days()
    return (
        per_customer
        .with_columns(days_since.cast(pl.Int64).alias("days_since_last"), expected.cast(pl.Float64).alias("expected_gap_days"))
        .with_columns((pl.col("days_since_last") / pl.col("expected_gap_days")).alias("risk_ratio"))
        .with_columns(
            pl.when(pl.col("days_since_last") > window)
            .then(pl.lit("churned"))
            .when(pl.col("risk_ratio") > 1)
            .then(pl.lit("at risk"))
            .otherwise(pl.lit("active"))
            .alias("status")
        )
        .sort(
            pl.col("status").replace_strict(STATUSES, range(len(STATUSES)), return_dtype=pl.Int8),
            pl.col("revenue"),
            pl.col("customer_id"),
            descending=[False, True, False],
        )
        .select(
            "customer_id",
            "first_order",
            "last_order",
            pl.col("orders").cast(pl.Int64),
            "revenue",
            "days_since_last",
            "expected_gap_days",
            "risk_ratio",
            "status",
        )
        .collect()
    )
