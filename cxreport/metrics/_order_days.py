"""The valid orders as one sorted row per customer and day: what the order metrics start from.

Cohort retention, churn, customers at risk, the RFM summary and so the predictive CLV all
begin the same way: take the valid rows (`_frames.valid_orders`), group them by customer
and day, and sort by customer. On millions of orders that is most of their time (sorting
and gathering ten million rows is memory-bound: about 2 s on two cores), so it is done
once per table and kept beside it while the table lives (`_shared.per_table`): every later
metric on the same frame, in a report, a page or a notebook, reads the small sorted table.

Customers are integers here (1 … n, in the order of a hash of their id, see
`_churn_counts.sorted_rows`); `ids` turns them back into the export's ids for results that
list customers. Days are integers too (days since 1970-01-01), so periods are looked up
per calendar day instead of truncating millions of dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from cxreport.fields import OrderColumns
from cxreport.metrics._churn_counts import customer_ids, days_of, sorted_rows
from cxreport.metrics._frames import valid_orders
from cxreport.metrics._shared import per_table
from cxreport.metrics.inputs import Frame
from cxreport.periods import Period, truncate


@dataclass(frozen=True)
class OrderDays:
    """days: customer (Int64, 1 … n), d (Int32, days since 1970-01-01), revenue (Float64, net,
    refunds included), purchased (Boolean: a purchase row that day); one row per customer
    and day, sorted by customer then d. ids: customer_id (String) of customer k at k − 1.
    first_day, last_day: the first and last day of any valid row."""

    days: pl.DataFrame
    ids: pl.Series
    first_day: dt.date
    last_day: dt.date
    hashes: pl.Series | None = None  # a 64-bit hash of each id, None when two ids share one

    def per_customer(self, rows: pl.LazyFrame, *aggregates: pl.Expr) -> pl.DataFrame:
        """`aggregates` of `rows` (valid order rows with customer_id) per customer, keyed by
        the integer `customer`. Grouped by the ids' hashes when they are distinct: grouping
        ten million integers is several times faster than grouping the strings."""
        customers = pl.int_range(1, self.ids.len() + 1, eager=True).alias("customer")
        if self.hashes is not None:
            keys = pl.DataFrame([self.hashes.alias("h"), customers])
            grouped = rows.group_by(pl.col("customer_id").hash(HASH_SEED).alias("h")).agg(*aggregates)
            return grouped.collect().join(keys, on="h").drop("h")
        keys = pl.DataFrame([self.ids, customers])
        return rows.group_by("customer_id").agg(*aggregates).collect().join(keys, on="customer_id").drop("customer_id")

    def purchase_days(self) -> pl.DataFrame:
        """The days with a purchase: customer, d, revenue (sorted as `days`)."""
        return self.days.filter(pl.col("purchased")).drop("purchased")

    def last_purchase_day(self) -> dt.date | None:
        last = self.days.filter(pl.col("purchased")).get_column("d").max()
        return None if last is None else EPOCH + dt.timedelta(days=int(last))  # type: ignore[arg-type]

    def with_ids(self, table: pl.DataFrame, customer: str = "customer") -> pl.DataFrame:
        """`table` with its integer `customer` column replaced by customer_id (first)."""
        ids = self.ids.gather(table.get_column(customer) - 1).alias("customer_id")
        return table.drop(customer).insert_column(0, ids)


EPOCH = dt.date(1970, 1, 1)
HASH_SEED = 0xC0FFEE


def order_days(orders: Frame, cols: OrderColumns = OrderColumns()) -> OrderDays | None:
    """The `OrderDays` of `orders` (None when no row is valid), made once per table and day.

    The valid rows depend on today's date (rows dated later are left out), so today is part
    of what the kept table is for.
    """
    return per_table("order_days", orders, (cols, dt.date.today()), lambda: _order_days(orders, cols))


def _order_days(orders: Frame, cols: OrderColumns) -> OrderDays | None:
    rows = valid_orders(orders, cols).select("customer_id", "day", "amount", "is_purchase").collect()
    if rows.is_empty():
        return None
    keyed = sorted_rows(rows, grouped=False)
    ids = customer_ids(keyed)
    hashes = ids.hash(HASH_SEED)
    return OrderDays(days=days_of(keyed, grouped=False), ids=ids,
                     first_day=rows.get_column("day").min(), last_day=rows.get_column("day").max(),  # type: ignore[arg-type]
                     hashes=hashes if hashes.n_unique() == hashes.len() else None)


def customer_periods(orders: Frame, cols: OrderColumns, period: Period) -> pl.DataFrame | None:
    """customer, period_start, revenue, active: each customer's net revenue in each `period`
    they have a valid row in, and whether they bought in it (sorted by customer, then
    period; None when no row is valid). Cohort retention and the simple CLV count from it."""

    def make() -> pl.DataFrame | None:
        prepared = order_days(orders, cols)
        if prepared is None:
            return None
        days = prepared.days
        return (
            days.with_columns(period_starts(days.get_column("d"), period).alias("period_start"))
            .group_by("customer", "period_start", maintain_order=True)
            .agg(pl.col("revenue").sum(), pl.col("purchased").any().alias("active"))
        )

    return per_table("customer_periods", orders, (cols, dt.date.today(), period), make)


def period_starts(d: pl.Series, period: Period) -> pl.Series:
    """The start (Date) of the `period` holding each integer day in `d`: truncated once per
    calendar day in range, then looked up, since millions of rows share a few hundred days."""
    if d.is_empty():
        return pl.Series(d.name, [], pl.Date)
    low, high = int(d.min()), int(d.max())  # type: ignore[arg-type]
    calendar = pl.int_range(low, high + 1, eager=True, dtype=pl.Int32).cast(pl.Date)
    starts = pl.select(truncate(pl.lit(calendar), period)).to_series()
    return starts.gather(d.cast(pl.Int64) - low).alias(d.name)
