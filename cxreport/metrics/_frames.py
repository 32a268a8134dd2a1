"""Small helpers the order and subscription metrics share: accepting any table, valid rows.

Metric functions take a Polars DataFrame, a Polars LazyFrame or a DuckDB relation; they
turn it into a LazyFrame with canonical column names once (`valid_orders`,
`valid_subscriptions`), so the rest of each metric works on one shape and SQL run on it
(`duckdb_connection`) only ever names canonical columns, never a user's string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import OrderColumns, SubscriptionColumns
from cxreport.metrics import rows
from cxreport.metrics.inputs import Frame, as_lazy, require_columns
from cxreport.periods import Period, truncate


# Column names valid_orders / valid_subscriptions produce; a `by` column may not reuse them.
ORDER_FIELDS: tuple[str, ...] = ("customer_id", "order_id", "order_date", "day", "amount", "is_purchase")
SUBSCRIPTION_FIELDS: tuple[str, ...] = ("customer_id", "subscription_id", "mrr", "start_day", "cancel_day")


def _check_by(by: str | None, reserved: Sequence[str]) -> None:
    if by is not None and by in reserved:
        raise MappingProblem(
            "bad_group_column",
            f"{by!r} cannot be used to group customers: it is one of the measured columns.",
            "Group by a dimension such as segment, channel, region or product.",
            column=by,
        )


def valid_orders(orders: Frame, cols: OrderColumns = OrderColumns(), *, by: str | None = None,
                 as_of: dt.date | None = None) -> pl.LazyFrame:
    """Order rows that count as customer activity, with canonical names.

    Which rows count is `cxreport.metrics.rows`' definition: test and cancelled orders are
    dropped, and so are rows dated after `as_of` (today by default) or beyond the export's
    own end, and rows without customer, date or amount. ``amount`` is the revenue the row
    adds (`rows.net_amount`: a refunded order adds nothing, a refunded amount is netted);
    ``is_purchase`` is false for refund rows and orders refunded in full.
    Columns: customer_id (String), order_id (String, null when the table has none),
    order_date (Datetime), day (Date), amount (Float64), is_purchase (Boolean), then `by`
    (String) when given.

    >>> import datetime as dt
    >>> t = pl.DataFrame({"customer_id": ["a", "b", "c"], "order_date": [dt.datetime(2024, 1, 5)] * 3,
    ...                   "amount": [100.0, 50.0, 80.0], "status": ["paid", "test", "refunded"]})
    >>> valid_orders(t).select("customer_id", "amount", "is_purchase").collect().rows()
    [('a', 100.0, True), ('c', 0.0, False)]
    """
    lazy = as_lazy(orders)
    names = lazy.collect_schema().names()
    _check_by(by, ORDER_FIELDS)
    require_columns(
        names,
        [cols.customer_id, cols.order_date, cols.amount, *([by] if by else [])],
        "orders",
        "Map the customer, order date and amount columns of your orders export, and group only by columns it has.",
    )
    order_id = pl.col(cols.order_id).cast(pl.String) if cols.order_id in names else pl.lit(None, pl.String)
    kept = lazy.filter(~rows.is_test(names) & ~rows.is_cancelled(names)).select(
        pl.col(cols.customer_id).cast(pl.String).alias("customer_id"),
        order_id.alias("order_id"),
        pl.col(cols.order_date).cast(pl.Datetime("us")).alias("order_date"),
        pl.col(cols.order_date).cast(pl.Date).alias("day"),
        rows.net_amount(names, cols.amount).alias("amount"),
        rows.is_purchase(names, cols.amount).alias("is_purchase"),
        *([pl.col(by).cast(pl.String)] if by else []),
    ).drop_nulls(["customer_id", "order_date", "amount"])
    return rows.within_reach(kept, "day", as_of=as_of)


def valid_subscriptions(
    subs: Frame, cols: SubscriptionColumns = SubscriptionColumns(), *, by: str | None = None,
    as_of: dt.date | None = None,
) -> pl.LazyFrame:
    """Subscription rows with canonical names and calendar days.

    Columns: customer_id, subscription_id (null when the table has none), mrr (Float64,
    null counted as 0), start_day (Date), cancel_day (Date, null while active), then `by`.
    Rows without customer or start date are dropped, and so are subscriptions starting
    after `as_of` (today by default) or beyond the export's own end
    (`cxreport.metrics.rows`). A cancel date after `as_of` is a scheduled cancellation:
    the subscription is still active, so its cancel_day is null here.

    >>> import datetime as dt
    >>> t = pl.DataFrame({"customer_id": ["a"], "mrr": [10.0], "start_date": [dt.datetime(2024, 1, 1)],
    ...                   "cancel_date": [dt.datetime(2024, 6, 1)]})
    >>> valid_subscriptions(t, as_of=dt.date(2024, 3, 1)).select("start_day", "cancel_day").collect().rows()
    [(datetime.date(2024, 1, 1), None)]
    """
    lazy = as_lazy(subs)
    names = lazy.collect_schema().names()
    _check_by(by, SUBSCRIPTION_FIELDS)
    require_columns(
        names,
        [cols.customer_id, cols.start_date, cols.mrr, *([by] if by else [])],
        "subscriptions",
        "Map the customer, start date and MRR columns of your subscriptions export, and group only by columns it has.",
    )
    as_of = as_of or dt.date.today()
    subscription_id = (
        pl.col(cols.subscription_id).cast(pl.String) if cols.subscription_id in names else pl.lit(None, pl.String)
    )
    cancel_day = pl.col(cols.cancel_date).cast(pl.Date) if cols.cancel_date in names else pl.lit(None, pl.Date)
    kept = lazy.select(
        pl.col(cols.customer_id).cast(pl.String).alias("customer_id"),
        subscription_id.alias("subscription_id"),
        pl.col(cols.mrr).cast(pl.Float64).fill_null(0.0).alias("mrr"),
        pl.col(cols.start_date).cast(pl.Date).alias("start_day"),
        pl.when(cancel_day <= as_of).then(cancel_day).alias("cancel_day"),
        *([pl.col(by).cast(pl.String)] if by else []),
    ).drop_nulls(["customer_id", "start_day"])
    return rows.within_reach(kept, "start_day", as_of=as_of)


def first_value_per_customer(rows: pl.LazyFrame, column: str, *, order: str) -> pl.LazyFrame:
    """customer_id, `column`: each customer's value of `column` on their earliest row by `order`.

    This is how a customer gets one group for `by=` (the segment or channel they were
    acquired in), so a customer is never counted in two groups. Ties on the earliest
    row are broken by the smallest value, so the answer does not depend on row order.
    """
    return rows.group_by("customer_id").agg(pl.col(column).sort_by([order, column], nulls_last=True).first())


def calendar_periods(first_day: dt.date, last_day: dt.date, period: Period) -> pl.DataFrame:
    """The complete periods between two days: period_start, next_start (Date), one row each.

    A period is complete when it ends on or before `last_day` (its next_start is at most
    last_day + 1); the first one may begin before `first_day`. Built from the days in
    between, truncated with `cxreport.periods.truncate`, so period boundaries are the same
    everywhere.
    """
    days = pl.date_range(first_day, last_day + dt.timedelta(days=1), interval="1d", eager=True).alias("day")
    starts = pl.DataFrame(days).select(truncate(pl.col("day"), period).alias("period_start")).unique().sort("period_start")
    return starts.with_columns(pl.col("period_start").shift(-1).alias("next_start")).drop_nulls("next_start")


def duckdb_connection(**tables: pl.LazyFrame | pl.DataFrame) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB connection with the given Polars tables registered by name."""
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table.collect() if isinstance(table, pl.LazyFrame) else table)
    return con


def no_orders() -> EmptyResult:
    return EmptyResult(
        "no_orders",
        "There are no orders to compute on.",
        "Check that the orders table has rows with a customer, a date up to today and an amount, and widen the filters.",
    )


def no_subscriptions() -> EmptyResult:
    return EmptyResult(
        "no_subscriptions",
        "There are no subscriptions to compute on.",
        "Check that the subscriptions table has rows with a customer and a start date, and widen the filters.",
    )
