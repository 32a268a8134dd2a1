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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from cxreport.fields import OrderColumns
from cxreport.metrics._churn_counts import customer_ids, days_of, sorted_rows
from cxreport.metrics import rows
from cxreport.metrics._frames import valid_orders
from cxreport.metrics._day_lookup import DayLookup
from cxreport.metrics._runs import in_blocks, runs
from cxreport.metrics._shared import per_table
from cxreport.metrics.inputs import Frame
from cxreport.periods import Period, truncate
from cxreport.repeats import repeated_values


@dataclass(frozen=True)
class OrderDays:
    """days: customer (Int64, 1 … n), d (Int32, days since 1970-01-01), revenue (Float64, net,
    refunds included), purchased (Boolean: a purchase row that day), purchase_rows (Int32:
    how many); one row per customer and day, sorted by customer then d. ids: customer_id (String) of customer k at k − 1.
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

    @cached_property
    def purchases(self) -> pl.DataFrame:
        """The rows of `days` with a purchase, in the same order: made once per table (churn,
        its window, customers at risk, survival and the RFM summary all start from it)."""
        return self.days.filter(pl.col("purchased"))

    def purchase_days(self) -> pl.DataFrame:
        """The days with a purchase: customer, d, revenue (sorted as `days`)."""
        return self.purchases.select("customer", "d", "revenue")

    def last_purchase_day(self) -> dt.date | None:
        last = self.purchases.get_column("d").max()
        return None if last is None else EPOCH + dt.timedelta(days=int(last))  # type: ignore[arg-type]

    def with_ids(self, table: pl.DataFrame, customer: str = "customer") -> pl.DataFrame:
        """`table` with its integer `customer` column replaced by customer_id (first)."""
        ids = self.ids.gather(table.get_column(customer) - 1).alias("customer_id")
        return table.drop(customer).insert_column(0, ids)

    def sorted_by_id(self, table: pl.DataFrame, customer: str = "customer") -> pl.DataFrame:
        """`with_ids(table)` sorted by customer_id: by each customer's place in the sorted ids,
        found once per table (sorting a million ids again for every result is slow)."""
        places = self.id_places[table.get_column(customer).to_numpy() - 1]
        # Places are distinct (one per customer): each row is put in its customer's slot, and
        # the filled slots read in order are the rows in id order.
        slots = np.full(self.ids.len(), -1, dtype=np.int64)
        slots[places] = np.arange(table.height)
        return self.with_ids(table[slots[slots >= 0]], customer)

    @cached_property
    def id_places(self) -> np.ndarray:
        """Each customer's place (0 …) among the ids sorted: made once per table (sorting a
        million ids is a third of a second)."""
        places = np.empty(self.ids.len(), dtype=np.int64)
        places[self.ids.arg_sort().to_numpy()] = np.arange(self.ids.len())
        places.flags.writeable = False  # kept for every later reader of the table
        return places


EPOCH = dt.date(1970, 1, 1)
HASH_SEED = 0xC0FFEE


def order_days(orders: Frame, cols: OrderColumns = OrderColumns()) -> OrderDays | None:
    """The `OrderDays` of `orders` (None when no row is valid), made once per table and day.

    The valid rows depend on today's date (rows dated later are left out), so today is part
    of what the kept table is for.
    """
    return per_table("order_days", orders, (cols,), lambda: _order_days(orders, cols),
                     reads=read_columns(cols))


def prepare_orders(orders: Frame, cols: OrderColumns = OrderColumns(), *, by: Sequence[str] = ()) -> bool:
    """Make the sorted table every order metric starts from now (with its customers' id
    order, and whether rows are orders), and each customer's group for the columns `by`
    (retention, survival and CLV by channel or segment), rather than in the first metric that
    needs them: the app calls it in the background right after a file is read, so the
    first pages opened find them ready. True when `orders` has a valid row.

    >>> import datetime as dt
    >>> import polars as pl
    >>> orders = pl.DataFrame({"customer_id": ["a", "b"], "order_id": ["1", "2"], "channel": ["Email", "Ads"],
    ...                        "order_date": [dt.date(2024, 1, 5), dt.date(2024, 2, 1)], "amount": [10.0, 7.5]})
    >>> prepare_orders(orders, by=["channel"])
    True
    """
    prepared = order_days(orders, cols)
    if prepared is None:
        return False
    columns = orders.collect_schema().names() if isinstance(orders, (pl.DataFrame, pl.LazyFrame)) else ()
    grouped = [b for b in by if b in columns]
    for column in grouped[:1]:  # the first asked for first: the first page opened groups by it
        group_codes(orders, cols, column)
    _ = prepared.id_places  # the customers in id order: RFM, CLV and lifetimes list them so
    orders_are_rows(orders, cols)  # what customers at risk asks
    for column in grouped[1:]:
        group_codes(orders, cols, column)
    return True


def read_columns(cols: OrderColumns, *more: str | None) -> tuple[str, ...]:
    """The columns the valid rows are made from (`_frames.valid_orders`), and `more` (a
    `by=None` adds none)."""
    return (cols.customer_id, cols.order_id, cols.order_date, cols.amount, *rows.RULE_FIELDS, *filter(None, more))


def _order_days(orders: Frame, cols: OrderColumns) -> OrderDays | None:
    rows = valid_orders(orders, cols).select("customer_id", "day", "amount", "is_purchase").collect()
    if rows.is_empty():
        return None
    keyed = sorted_rows(rows)
    ids = customer_ids(keyed)
    hashes = ids.hash(HASH_SEED)
    return OrderDays(days=days_of(keyed), ids=ids,
                     first_day=rows.get_column("day").min(), last_day=rows.get_column("day").max(),  # type: ignore[arg-type]
                     hashes=hashes if hashes.n_unique() == hashes.len() else None)


def orders_are_rows(orders: Frame, cols: OrderColumns = OrderColumns()) -> bool:
    """Whether every valid purchase row has an order id of its own (most exports: one row an
    order), so that counting rows counts orders; found once per table and day."""

    def make() -> bool:
        ids = valid_orders(orders, cols).filter(pl.col("is_purchase")).select("order_id").collect().get_column("order_id")
        return ids.null_count() == 0 and not repeated_values(ids)

    return per_table("orders_are_rows", orders, (cols,), make, reads=read_columns(cols))


@dataclass(frozen=True)
class CustomerPeriods:
    """table: customer (Int64), p (Int64: the period's index, 0 for the first period of the
    data, one per calendar step), revenue (the customer's net revenue in it), active (they
    bought in it); one row per customer and period with a valid row, sorted by customer then
    p. starts: the start (Date) of period p at position p."""

    table: pl.DataFrame
    starts: pl.Series


def customer_periods(orders: Frame, cols: OrderColumns, period: Period) -> CustomerPeriods | None:
    """Each customer's revenue and activity per `period` (None when no row is valid), made
    from the prepared order days once per table, day and period. Cohort retention and the
    simple CLV count from it."""

    def make() -> CustomerPeriods | None:
        prepared = order_days(orders, cols)
        if prepared is None:
            return None
        days = prepared.days
        calendar, starts = period_calendar(days.get_column("d"), period)
        customer, d = days.get_column("customer").to_numpy(), days.get_column("d").to_numpy()
        revenue, purchased = days.get_column("revenue").to_numpy(), days.get_column("purchased").to_numpy()

        def count(block: tuple[int, int]) -> tuple[np.ndarray, ...]:
            rows = slice(*block)
            index = calendar.at(d[rows])
            # Days are sorted by customer then day, so a customer's days in one period are
            # adjacent: each run is summed in place (no hashing of millions of keys).
            found = runs(customer[rows], index)
            first, run = found.first, found.number
            return (customer[rows][first], index[first],
                    np.bincount(run, weights=revenue[rows], minlength=first.size),
                    np.bincount(run, weights=purchased[rows], minlength=first.size) > 0)

        parts = list(zip(*in_blocks(customer, count))) or [[np.zeros(0, dtype=np.int64)]] * 4
        names = ("customer", "p", "revenue", "active")
        table = pl.DataFrame({name: np.concatenate(part) for name, part in zip(names, parts)})
        return CustomerPeriods(table=table, starts=starts)

    return per_table("customer_periods", orders, (cols, period), make, reads=read_columns(cols))


def group_codes(orders: Frame, cols: OrderColumns, by: str | None) -> tuple[np.ndarray, pl.Series]:
    """Each customer's group code, indexed by the integer customer (0 for customers without
    a purchase), and the group values, code k at position k, sorted (a missing value first):
    the `by` value of the customer's first purchase row (ties: the smallest value), as
    `_frames.first_value_per_customer`. Without `by`: every customer in one group."""
    prepared = order_days(orders, cols)
    size = 1 if prepared is None else prepared.ids.len() + 1
    if by is None:
        return np.zeros(size, dtype=np.int64), pl.Series([None], dtype=pl.String)

    def make() -> tuple[np.ndarray, pl.Series]:
        purchases = valid_orders(orders, cols, by=by).filter(pl.col("is_purchase"))
        group_of = np.zeros(size, dtype=np.int64)
        if prepared is None:
            return group_of, pl.Series(by, [None], dtype=pl.String)
        first = pl.col(by).sort_by(["order_date", by], nulls_last=True).first()
        groups = prepared.per_customer(purchases, first)
        values = groups.get_column(by).unique().sort()
        codes = groups.join(values.to_frame().with_row_index("code"), on=by, how="left", nulls_equal=True)
        group_of[codes.get_column("customer").to_numpy()] = codes.get_column("code").cast(pl.Int64).to_numpy()
        group_of.flags.writeable = False  # kept for every later reader of the table
        return group_of, values

    return per_table("group_codes", orders, (cols, by), make, reads=read_columns(cols, by))


def period_calendar(d: pl.Series, period: Period) -> tuple[DayLookup, pl.Series]:
    """For integer days `d`: the index (int64) of the `period` holding each calendar day from
    the first day to the last, counted from the first day's period (`at` looks them up), and
    the start (Date) of each indexed period. Periods follow `cxreport.periods.truncate`."""
    if d.is_empty():
        return DayLookup(0, np.zeros(0, dtype=np.int64)), pl.Series("period_start", [], pl.Date)
    low, high = int(d.min()), int(d.max())  # type: ignore[arg-type]
    calendar = pl.int_range(low, high + 1, eager=True, dtype=pl.Int32).cast(pl.Date)
    day_starts = pl.select(truncate(pl.lit(calendar), period)).to_series()
    # Every day in range is in the calendar, so consecutive distinct starts are consecutive periods.
    changed = np.r_[False, (day_starts.to_physical().to_numpy()[1:] != day_starts.to_physical().to_numpy()[:-1])]
    starts = day_starts.filter(pl.Series(np.r_[True, changed[1:]])).alias("period_start")
    return DayLookup(low, np.cumsum(changed)), starts
