"""Recency–frequency–monetary summary per customer: the input of the BG/NBD and Gamma-Gamma models.

Definitions (Fader, Hardie & Lee 2005, "Counting Your Customers" the Easy Way; the same
convention as lifetimes' ``summary_data_from_transaction_data(freq="D")``):

- A *purchase day* is a customer-day with at least one purchase row (amount >= 0 and not
  flagged as a refund). Several orders or line items on one day are one transaction, and
  its value is the sum of that day's rows (refunds on the same day net out).
- ``frequency`` x: purchase days after the first one (repeat transactions).
- ``recency`` t_x: time from the first to the last purchase day, in ``time_unit``.
- ``T``: time from the first purchase day to the end of the period observed.
- ``monetary_value``: mean value of the repeat purchase days (0 when x = 0). The first
  purchase is left out because it is not a draw from the repeat-spend process.

Refund-only days (every row negative) are not purchases and are ignored here: the models
describe buying, and a refund days later says nothing about purchase timing. Net revenue
including refunds is what the historical CLV reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

import numpy as np
import polars as pl

from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import OrderColumns
from cxreport.metrics._frames import valid_orders
from cxreport.metrics._order_days import EPOCH, order_days
from cxreport.metrics._runs import in_blocks, runs
from cxreport.metrics.inputs import DateLike, Frame, as_day

TimeUnit = Literal["day", "week"]
TIME_UNITS: tuple[str, ...] = get_args(TimeUnit)
DAYS_PER_UNIT: dict[str, int] = {"day": 1, "week": 7}


def check_time_unit(time_unit: str) -> TimeUnit:
    if time_unit not in TIME_UNITS:
        raise ValueError(f"time_unit must be one of {', '.join(TIME_UNITS)}, not {time_unit!r}")
    return time_unit  # type: ignore[return-value]


def purchase_days(orders: Frame, cols: OrderColumns = OrderColumns()) -> pl.LazyFrame:
    """One row per customer purchase day: customer_id, day, value (sum of the day's rows)."""
    return (
        valid_orders(orders, cols)
        .group_by("customer_id", "day")
        .agg(pl.col("amount").sum().alias("value"), pl.col("is_purchase").any().alias("is_purchase"))
        .filter(pl.col("is_purchase"))
        .drop("is_purchase")
    )


def last_purchase_day(days: pl.LazyFrame) -> dt.date:
    last = days.select(pl.col("day").max()).collect().item()
    if last is None:
        raise no_purchases()
    return last


def last_purchase(orders: Frame, cols: OrderColumns = OrderColumns()) -> dt.date:
    """`last_purchase_day(purchase_days(orders, cols))`, read from the table's prepared order days."""
    prepared = order_days(orders, cols)
    last = None if prepared is None else prepared.last_purchase_day()
    if last is None:
        raise no_purchases()
    return last


def no_purchases() -> EmptyResult:
    return EmptyResult(
        "no_purchases",
        "There are no purchases to summarise.",
        "Check that the orders table has rows with a customer, a date and an amount, and widen the filters.",
    )


def no_purchases_by_end(end: dt.date) -> EmptyResult:
    return EmptyResult(
        "no_purchases_by_end",
        f"No customer bought anything by {end}.",
        "Choose a later end date or widen the filters.",
        observation_end=str(end),
    )


def _summarise(days: pl.DataFrame, end: dt.date, unit_days: int) -> pl.DataFrame:
    """customer, frequency, recency, T, monetary_value from purchase days (customer, d, revenue,
    sorted by customer then d) up to `end`."""
    end_d = (end - EPOCH).days
    customer, d, revenue = (days.get_column(name).to_numpy() for name in ("customer", "d", "revenue"))

    def summarise(block: tuple[int, int]) -> tuple[np.ndarray, ...]:
        # A block of whole customers (`_runs.in_blocks`): every figure is one customer's.
        rows = slice(*block)
        who, day, value = customer[rows], d[rows], revenue[rows]
        kept = day <= end_d
        if not kept.all():
            who, day, value = who[kept], day[kept], value[kept]
        first, last, run = runs(who)
        frequency = last - first
        # mean of the repeat days = every day but the first (lifetimes' convention)
        repeat_value = value.copy()
        repeat_value[first] = 0.0
        repeat_total = np.bincount(run, weights=repeat_value, minlength=first.size)
        with np.errstate(invalid="ignore", divide="ignore"):
            monetary = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1), 0.0)
        start = day[first].astype(np.int64)
        return who[first], frequency.astype(np.int64), day[last] - start, end_d - start, monetary

    parts = [part for part in in_blocks(customer, summarise) if part[0].size]
    if not parts:
        return pl.DataFrame(schema={"customer": pl.Int64, "frequency": pl.Int64, "recency": pl.Float64,
                                    "T": pl.Float64, "monetary_value": pl.Float64})
    names = ("customer", "frequency", "recency", "T", "monetary_value")
    # Divided by Polars, as the engines' summaries are (`cxreport.engine.clv`): its division
    # may differ from numpy's in the last bit, and the fits should see the same numbers.
    return pl.DataFrame({name: np.concatenate(column) for name, column in zip(names, zip(*parts))}).with_columns(
        pl.col("recency", "T") / unit_days)


def rfm_summary(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    time_unit: TimeUnit = "week",
    calibration_end: DateLike | None = None,
    observation_end: DateLike | None = None,
) -> pl.DataFrame:
    """Frequency, recency, T and monetary value per customer (definitions in the module docstring).

    Ends are calendar days and inclusive (a purchase on the end day counts). Without
    ``calibration_end`` the summary covers purchases up to ``observation_end`` (default: the
    last purchase day). With it, frequency/recency/T/monetary_value describe the calibration
    period (up to ``calibration_end``, whose customers are those who bought by then) and the
    holdout columns describe (calibration_end, observation_end]:
    frequency_holdout (purchase days), monetary_value_holdout (mean value of those days,
    0 when none), duration_holdout (length of the holdout in ``time_unit``).

    Equals lifetimes' ``summary_data_from_transaction_data`` / ``calibration_and_holdout_data``
    with ``freq="D"`` and ``freq_multiplier`` 1 (days) or 7 (weeks), except that
    monetary_value_holdout averages purchase days where lifetimes averages raw rows (the
    same when there is one row per customer-day; with line items, rows are not purchases).

    Columns: customer_id, frequency, recency, T, monetary_value
    [, frequency_holdout, monetary_value_holdout, duration_holdout], sorted by customer_id.
    """
    unit_days = DAYS_PER_UNIT[check_time_unit(time_unit)]
    prepared = order_days(orders, cols)
    end = as_day(observation_end) if observation_end is not None else last_purchase(orders, cols)
    days = (prepared.purchase_days() if prepared is not None else
            pl.DataFrame(schema={"customer": pl.Int64, "d": pl.Int32, "revenue": pl.Float64}))
    if calibration_end is None:
        summary = _summarise(days, end, unit_days)
        if summary.is_empty():
            raise no_purchases_by_end(end)
        return prepared.sorted_by_id(summary)  # type: ignore[union-attr]

    cal_end = as_day(calibration_end)
    if cal_end >= end:
        raise MappingProblem(
            "calibration_after_observation",
            f"The calibration period ends on {cal_end}, not before the end of the data ({end}).",
            "Choose a calibration end date earlier than the last purchase, so there is a holdout period to check against.",
            calibration_end=str(cal_end),
            observation_end=str(end),
        )
    calibration = _summarise(days, cal_end, unit_days).lazy()
    holdout = (
        days.lazy().filter((pl.col("d") > (cal_end - EPOCH).days) & (pl.col("d") <= (end - EPOCH).days))
        .group_by("customer")
        .agg(
            pl.len().cast(pl.Int64).alias("frequency_holdout"),
            pl.col("revenue").mean().alias("monetary_value_holdout"),
        )
    )
    summary = (
        calibration.join(holdout, on="customer", how="left")
        .with_columns(
            pl.col("frequency_holdout").fill_null(0),
            pl.col("monetary_value_holdout").fill_null(0.0),
            pl.lit((end - cal_end).days / unit_days, dtype=pl.Float64).alias("duration_holdout"),
        )
        .collect()
    )
    if summary.is_empty():
        raise EmptyResult(
            "no_calibration_customers",
            f"No customer bought anything by the calibration end ({cal_end}).",
            "Choose a later calibration end date.",
            calibration_end=str(cal_end),
        )
    return prepared.sorted_by_id(summary)  # type: ignore[union-attr]
