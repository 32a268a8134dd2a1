"""Which rows count: tests, cancellations, refunds and dates out of reach, decided once.

These rules are part of every metric's definition, so they live here and not in the file
readers: `valid_orders` and `valid_subscriptions` apply them, the quality panel counts
with them, and a Polars frame handed to a metric in a notebook gets the same answer as
the same rows loaded from a file. They read canonical fields (`cxreport.fields`) and use
each one only when the table has it:

- **test orders**: an ``is_test`` flag; a status that is the word *test*; a tag that is
  the word *test* (``Tags = "vip, test"``); a note that is nothing but *test*; a test
  payment gateway (Shopify's *Bogus Gateway*, any gateway named *test*). Never the letters
  "test" inside an e-mail or an id: ``contest.winner@…`` is a customer.
- **cancelled orders**: an ``is_cancelled`` flag (a ``Cancelled at`` timestamp mapped to it
  means "cancelled when not empty", see `cxreport.io.normalise`) or a status that says
  cancel/batal/void.
- **refunds**: a row with a negative amount is a refund transaction (it lowers revenue
  and is not a purchase). A row whose status (or ``is_refund`` flag) says refunded, and not
  *partially*, adds no revenue and is not a purchase, whatever positive total it carries.
  A ``refunded_amount`` is netted off the row's amount; a partially refunded order stays a
  purchase, so its buyer stays active.
- **dates out of reach**: a row dated after the as-of day (today unless given), or after
  a gap of more than a year that only a sliver of the rows (at most 1%) lie beyond (a
  typo year such as 2062), is left out of every metric, so one stray row can neither end
  a period early nor turn customers into "churned".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import polars as pl

TEST_WORDS: tuple[str, ...] = ("test", "test order", "testing", "tes", "uji", "uji coba", "pesanan uji", "order test")
TEST_STATUS = r"(?i)\btest\b"
TEST_GATEWAY = r"(?i)\bbogus\b|\btest(ing)?\b"
CANCEL_STATUS = r"(?i)cancel|batal|void"
REFUND_STATUS = r"(?i)refund|return|retur|pengembalian|dikembalikan"
PARTIAL_STATUS = r"(?i)partial|sebagian"
# A gap this long before the last rows, with this small a share of rows after it, marks
# those rows as dated beyond the export's own end.
STRAY_GAP_DAYS = 366
STRAY_MAX_SHARE = 0.01

_TAG_SPLIT = r"\s*[,;|]\s*"

# The fields these rules read, when a table has them.
RULE_FIELDS: tuple[str, ...] = ("is_test", "status", "tags", "note", "payment_gateway", "is_cancelled",
                                "is_refund", "refunded_amount")


def _flag(names: Collection[str], name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Boolean).fill_null(False) if name in names else pl.lit(False)


def _matches(names: Collection[str], name: str, pattern: str) -> pl.Expr:
    return pl.col(name).cast(pl.String).str.contains(pattern).fill_null(False) if name in names else pl.lit(False)


def is_test(names: Collection[str]) -> pl.Expr:
    """True for a test order (see the module docstring for what marks one)."""
    tags = (
        pl.col("tags").cast(pl.String).str.to_lowercase().str.split(",")
        .list.eval(pl.element().str.split(";").explode().str.strip_chars().is_in(TEST_WORDS)).list.any().fill_null(False)
        if "tags" in names else pl.lit(False)
    )
    note = (
        pl.col("note").cast(pl.String).str.strip_chars(" .!").str.to_lowercase().is_in(TEST_WORDS).fill_null(False)
        if "note" in names else pl.lit(False)
    )
    return (_flag(names, "is_test") | _matches(names, "status", TEST_STATUS) | tags | note
            | _matches(names, "payment_gateway", TEST_GATEWAY))


def is_cancelled(names: Collection[str]) -> pl.Expr:
    """True for a cancelled order: the flag, or a status that says so."""
    return _flag(names, "is_cancelled") | _matches(names, "status", CANCEL_STATUS)


def is_full_refund(names: Collection[str]) -> pl.Expr:
    """True for an order refunded in full: a refund status or flag that does not say partial."""
    partial = _matches(names, "status", PARTIAL_STATUS)
    return (_flag(names, "is_refund") | _matches(names, "status", REFUND_STATUS)) & ~partial


def net_amount(names: Collection[str], amount: str = "amount") -> pl.Expr:
    """The revenue a row adds: negative rows as they are (refund transactions); a full
    refund adds nothing beyond what its refunded amount leaves; otherwise the amount less
    any refunded amount."""
    value = pl.col(amount).cast(pl.Float64)
    refunded = pl.col("refunded_amount").cast(pl.Float64).fill_null(0.0).abs() if "refunded_amount" in names else None
    if refunded is None:
        kept = pl.when(is_full_refund(names)).then(pl.lit(0.0)).otherwise(value)
    else:
        left = pl.max_horizontal(value - refunded, pl.lit(0.0))
        # A refunded order whose refunded amount the export leaves empty: nothing is left.
        full_unknown = is_full_refund(names) & (refunded == 0)
        kept = pl.when(full_unknown).then(pl.lit(0.0)).otherwise(left)
    return pl.when(value < 0).then(value).otherwise(kept)


def is_purchase(names: Collection[str], amount: str = "amount") -> pl.Expr:
    """True when a row is the customer buying: not a refund transaction, not refunded in
    full. A partially refunded order is still a purchase."""
    return ~((pl.col(amount) < 0).fill_null(False) | is_full_refund(names))


def stray_cutoff(days: pl.LazyFrame, day: str = "day") -> pl.LazyFrame:
    """One row, ``cutoff`` (Date or null): the first day of a run of rows that lies after
    a gap of more than `STRAY_GAP_DAYS` days and holds at most `STRAY_MAX_SHARE` of the rows.

    >>> import datetime as dt
    >>> d = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(200)] + [dt.date(2062, 3, 1)]
    >>> stray_cutoff(pl.LazyFrame({"day": d})).collect().item()
    datetime.date(2062, 3, 1)
    """
    counts = days.group_by(day).len().sort(day)
    total = pl.col("len").sum()
    after = pl.col("len").cum_sum(reverse=True)
    gap = (pl.col(day) - pl.col(day).shift(1)).dt.total_days()
    return counts.select(
        pl.col(day).filter((gap > STRAY_GAP_DAYS) & (after <= STRAY_MAX_SHARE * total)).min().alias("cutoff"))


def within_reach(lazy: pl.LazyFrame, day: str, *, as_of: dt.date | None = None) -> pl.LazyFrame:
    """`lazy` without rows dated after `as_of` (today by default) or beyond the export's
    own end (`stray_cutoff`); rows with no date are left for the caller to judge."""
    as_of = as_of or dt.date.today()
    reachable = lazy.filter(pl.col(day).is_null() | (pl.col(day) <= as_of))
    cutoff = stray_cutoff(reachable.select(day).drop_nulls(), day)
    return (reachable.join(cutoff, how="cross")
            .filter(pl.col("cutoff").is_null() | pl.col(day).is_null() | (pl.col(day) < pl.col("cutoff")))
            .drop("cutoff"))


def reachable_span(dates: pl.Series, *, as_of: dt.date | None = None) -> tuple | None:
    """The first and last of the dates a metric can reach (missing ones and those
    `out_of_reach` left out), in the dates' own type; None when there are none. What the
    date filter offers and what a headline's period or span is taken from.

    >>> d = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(200)] + [dt.date(2062, 3, 1)]
    >>> reachable_span(pl.Series(d), as_of=dt.date(2025, 1, 1))
    (datetime.date(2024, 1, 1), datetime.date(2024, 7, 18))
    """
    dates = dates.drop_nulls()
    dates = dates.filter(~out_of_reach(dates, as_of=as_of))
    return None if dates.is_empty() else (dates.min(), dates.max())


def out_of_reach(dates: pl.Series, *, as_of: dt.date | None = None) -> pl.Series:
    """Boolean mask of `dates` (Date or Datetime) that `within_reach` leaves out: the quality
    panel and the dataset notes count with it."""
    day = dates.cast(pl.Date)
    as_of = as_of or dt.date.today()
    cutoff = stray_cutoff(pl.LazyFrame({"day": day.filter(day <= as_of).drop_nulls()})).collect().item()
    late = (day > as_of).fill_null(False)
    if cutoff is not None:
        late = late | (day >= cutoff).fill_null(False)
    return late.alias("out_of_reach")
