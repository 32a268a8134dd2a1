"""The counting behind `churn.churn_by_period`, without comparing purchase days with periods.

The straightforward formulation joins every customer-day with every period start whose
window contains it (a range join): about window/period rows per order, 5 s on 10M orders.
Here each purchase day is turned into the *range of period indices* it decides, and only
those ranges are counted (definitions as in `cxreport.metrics.churn`):

- Purchase day L, next purchase day N (none: ∞). L is the customer's last purchase day
  before a period start s exactly when L < s ≤ N, and the customer is active at s when
  also s ≤ L + window. So L makes its customer active at the starts in
  [L + 1, min(L + window, N)]: a range of period indices, found by binary search in the
  sorted starts. A customer has one such range per purchase day and they never overlap.
- Purchase-day revenue counts at every start in [L + 1, L + window] (L itself keeps the
  customer active there).
- L *lapses* when N − L > window (or there is no N); a customer churns in the period
  holding L + window, if L was still their last purchase at its start and the period
  ends after L + window. Lapsing days end a *spell* (a run of purchase days less than a
  window apart); the purchase days of the spell inside that period's window carry the
  churned revenue. Another spell's days are never in that window (spells are more than a
  window apart).
- Days with no purchase (refunds) count where their customer is active or churns: two
  ranges of periods from the customer's purchase days just before and after them, which
  are their neighbours in the sorted table (`_refund_days`).

The purchase days are counted with numpy over the sorted table (no hashing of millions of
keys): active customers as an integer difference array (exact); revenue summed per
(group, first, last) index before it is spread over its periods, so the spreading is over
a few thousand pairs, not millions of days, and sums stay plain sums (a float difference
array's running total would leave rounding residue in periods that should read exactly 0).

Customers are ordered by one integer key, the top 48 bits of a 64-bit hash of their id and
then the day, not by the id itself (sorting ten million strings is the slowest step
otherwise); if two ids share those bits, which the sorted order reveals (neighbours with
the same bits and different ids), the rows are sorted again by hash, id and day.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cxreport.metrics._day_lookup import DayLookup
from cxreport.metrics._runs import add_up, in_blocks

_SEED = 0x5EED
# Codes are counted by one bincount up to this many possible codes, else sorted first.
_BINCOUNT_SLOTS = 4_000_000
# Days a sort key can hold below the hash's top bits (179 years of data).
_DAY_SPAN = 2**16


def sorted_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """rows sorted by customer then day: `customer` (an integer per customer), `d` (Int32 day),
    `first` (the customer's first row), `new_day` (the first row of a customer's day)."""
    keyed = rows.select(
        pl.col("customer_id").hash(_SEED).alias("h"),
        "customer_id",
        pl.col("day").cast(pl.Int32).alias("d"),
        "amount",
        "is_purchase",
    )
    low, high = keyed.get_column("d").min(), keyed.get_column("d").max()
    changed = pl.col("customer_id") != pl.col("customer_id").shift(1)
    if high - low < _DAY_SPAN:
        # One integer key, the hash's top bits then the day, sorts fastest (and carries the
        # day, so the day column is not sorted along); two ids sharing those bits show up
        # as neighbours with the same bits and different ids.
        key = pl.col("h") // _DAY_SPAN * _DAY_SPAN + (pl.col("d") - low).cast(pl.UInt64)
        fast = keyed.select(
            key.alias("key"), "customer_id", "amount", "is_purchase").sort("key")
        bits = pl.col("key") // _DAY_SPAN
        same_bits = (bits == bits.shift(1)).fill_null(False)
        if not fast.select((same_bits & changed).any()).item():
            new_customer = ~same_bits
            new_day = (pl.col("key") != pl.col("key").shift(1)).fill_null(True)
            return fast.with_columns(
                (pl.col("key") % _DAY_SPAN).cast(pl.Int32) + low,
                new_customer.cum_sum().cast(pl.Int64).alias("customer"), new_customer.alias("first"), new_day.alias("new_day"),
            ).rename({"key": "d"})
    keyed = keyed.sort("h", "customer_id", "d")
    new_customer = ((pl.col("h") != pl.col("h").shift(1)) | changed).fill_null(True)
    new_day = new_customer | (pl.col("d") != pl.col("d").shift(1)).fill_null(True)
    return keyed.with_columns(
        new_customer.cum_sum().cast(pl.Int64).alias("customer"), new_customer.alias("first"), new_day.alias("new_day"))


def customer_ids(keyed: pl.DataFrame) -> pl.Series:
    """customer_id of each customer of a `sorted_rows` table, customer k at position k − 1."""
    return keyed.filter(pl.col("first")).get_column("customer_id")


def days_of(keyed: pl.DataFrame) -> pl.DataFrame:
    """One row per customer and day of a `sorted_rows` table: customer, d, revenue,
    purchased, purchase_rows. Its runs of one customer's day are summed with numpy (the rows
    are in order, so a day is a run; no hashing of millions of keys)."""
    first = np.flatnonzero(keyed.get_column("new_day").to_numpy())
    run = np.cumsum(keyed.get_column("new_day").to_numpy(), dtype=np.int64) - 1
    purchases = np.bincount(run, weights=keyed.get_column("is_purchase").to_numpy(), minlength=first.size)
    indices = pl.Series(first)
    return pl.DataFrame([
        keyed.get_column("customer").gather(indices),
        keyed.get_column("d").gather(indices),
        pl.Series("revenue", np.bincount(run, weights=keyed.get_column("amount").to_numpy(), minlength=first.size)),
        pl.Series("purchased", purchases > 0),
        pl.Series("purchase_rows", purchases.astype(np.int32)),
    ])


def churn_counts(days: pl.DataFrame, buys: pl.DataFrame, periods: pl.DataFrame, window: int,
                 groups: tuple[np.ndarray, pl.Series] | None = None) -> pl.DataFrame:
    """period_start, [grp,] active_start, churned, revenue_start, revenue_churned per reported period.

    days: one row per customer and day, sorted (`_order_days.OrderDays.days`); buys: its
    purchase days, exactly ``days.filter(pl.col("purchased"))`` in the same order (the refund
    days find their neighbouring purchase days by position); periods: period_start,
    next_start, sorted. `groups`, for a count per group: each customer's group code, indexed
    by the integer customer, and the group values, code k at position k
    (`_order_days.group_codes`). One row per period (and group).

    Counted a block of whole customers at a time (`_runs.in_blocks`): every count is a
    customer's own, so the blocks' counts add up.
    """
    grouped = groups is not None
    if periods.is_empty():
        schema = {"period_start": pl.Date, **({"grp": pl.String} if grouped else {}), "active_start": pl.UInt32,
                  "churned": pl.UInt32, "revenue_start": pl.Float64, "revenue_churned": pl.Float64}
        return pl.DataFrame(schema=schema)
    starts = periods.get_column("period_start").cast(pl.Int32).to_numpy()
    ends = periods.get_column("next_start").cast(pl.Int32).to_numpy()
    customer = buys.get_column("customer").to_numpy()
    # 32-bit days and indices: these arrays have one entry per purchase day (millions), and
    # half the bytes is nearly half the time.
    d = buys.get_column("d").to_numpy().astype(np.int32, copy=False)
    values = groups[1] if grouped else pl.Series("grp", [None], pl.String)
    n_groups = values.len()
    # How many starts are on or before each calendar day from the first purchase day to the
    # last + window (every day a block looks up lies in between): one binary search per day.
    low = int(d.min()) if d.size else 0
    calendar = np.arange(low, (int(d.max()) if d.size else 0) + window + 1, dtype=np.int32)
    starts_on_or_before = DayLookup(low, np.searchsorted(starts, calendar, side="right").astype(np.int32))
    day_customer = days.get_column("customer").to_numpy()
    revenue = buys.get_column("revenue").to_numpy()

    def count(block: tuple[int, int]) -> tuple[np.ndarray, ...]:
        first, last = block
        # The days (refunds included) of this block's customers: customers are sorted in both.
        low_row = 0 if first == 0 else int(np.searchsorted(day_customer, customer[first], side="left"))
        high_row = days.height if last == customer.size else int(np.searchsorted(day_customer, customer[last], side="left"))
        codes = groups[0][customer[first:last]].astype(np.int32) if grouped else None
        return _block_counts(days.slice(low_row, high_row - low_row), customer[first:last], d[first:last],
                             revenue[first:last], codes, n_groups, starts, ends, starts_on_or_before, window)

    nothing = (np.zeros(n_groups * starts.size),) * 4  # no purchase day (refunds only)
    active_start, churned, revenue_start, revenue_churned = add_up(in_blocks(customer, count) or [nothing])
    counted = pl.DataFrame({
        **({"grp": values.gather(np.repeat(np.arange(n_groups), starts.size))} if grouped else {}),
        "period_start": np.tile(starts, n_groups),
        "active_start": active_start.astype(np.int64), "churned": churned.astype(np.int64),
        "revenue_start": revenue_start, "revenue_churned": revenue_churned,
    })
    return counted.with_columns(pl.col("period_start").cast(pl.Date))


def _block_counts(days: pl.DataFrame, customer: np.ndarray, d: np.ndarray, revenue: np.ndarray,
                  codes: np.ndarray | None, n_groups: int, starts: np.ndarray, ends: np.ndarray,
                  starts_on_or_before: DayLookup, window: int) -> tuple[np.ndarray, ...]:
    """active_start, churned, revenue_start, revenue_churned per (group, k), flattened, of
    whole customers: their purchase days (customer, d, revenue, codes: group codes, None
    ungrouped) and all their days (`days`, refunds included, sorted as the purchase days)."""
    grouped = codes is not None
    if codes is None:
        codes = np.zeros(customer.size, dtype=np.int32)
    n_periods = starts.size

    def group_base(mask: np.ndarray) -> np.ndarray | int:  # the first cell of each row's group
        return codes[mask] * n_periods if grouped else 0

    # The customer's next purchase day, none after their last.
    same_next = np.empty(d.size, dtype=bool)
    same_next[:-1] = customer[1:] == customer[:-1]
    same_next[-1:] = False
    gap = np.empty(d.size, dtype=np.int32)
    gap[:-1] = d[1:] - d[:-1]
    gap[-1:] = 0
    lapses = ~same_next | (gap > window)
    # until = min(d + window, next day): the next day when it comes within the window.
    until = np.where(lapses, np.int32(window), gap)
    until += d
    i = starts_on_or_before.at(d)  # index of the first start > d
    j = starts_on_or_before.at(until)  # the last start ≤ until (−1: none)
    j -= 1
    jr = starts_on_or_before.at(d + np.int32(window))  # the last start ≤ d + window
    jr -= 1
    # Churn happens in period jr of a lapsing day L when L is still the last purchase at its
    # start (i ≤ jr) and the period ends after L + window; −1 marks a spell without churn.
    spans = i <= jr
    churns_here = lapses & spans & (d + window < ends[np.maximum(jr, 0)])
    spell_churn = np.where(churns_here, jr, -1)[lapses]
    # Every spell ends with a lapsing day: each day takes the churn of its spell's lapsing
    # day (the same customer's, since a customer's last day always lapses).
    spell = np.cumsum(lapses, dtype=np.int64)
    spell -= lapses
    churn_k = spell_churn[spell]

    # A day is the customer's last purchase before every start in [i, jr]; it keeps them
    # active at the starts in [i, j]. Days are counted and summed per (group, i, j, jr) (a
    # few thousand combinations), then spread over their periods: plain sums, no running totals.
    # The combination is coded as (group, i, j − i + 1, jr − i + 1): a window holds only a
    # few period starts, so the last two are small (at most `span`), and the codes fit a
    # bincount even for weekly periods over years by group (coding j and jr themselves
    # needed a sort once there were more than 160 periods).
    cells = n_groups * n_periods
    width = n_periods + 1
    j -= i
    j += 1  # j − i + 1, from 0
    jr -= i
    jr += 1  # jr − i + 1, from 0, at least j's
    span = int(jr.max()) + 1
    code = codes.astype(np.int64) * width if grouped else np.zeros(i.size, dtype=np.int64)
    code += i
    code *= span
    code += j
    code *= span
    code += jr
    present, days_in, revenue_in = _count_and_sum(code, revenue, n_groups * width * span ** 2)
    first, group = present // span ** 2 % width, present // (span ** 2 * width)
    last_r, last_a = first + present % span - 1, first + present // span % span - 1
    active_start = _spread(group, first, last_a, days_in, n_periods, n_groups)
    revenue_start = _spread(group, first, last_r, revenue_in, n_periods, n_groups)
    churn_start = starts[np.maximum(churn_k, 0)]
    gone = (churn_k >= 0) & (d >= churn_start - window)
    cell = group_base(gone) + churn_k[gone]
    churned = np.bincount(cell, weights=lapses[gone], minlength=cells)
    revenue_churned = np.bincount(cell, weights=revenue[gone], minlength=cells)
    refunds_start, refunds_churned = _refund_days(days, customer, d, codes, churn_k, starts, window, n_groups)
    return active_start, churned, revenue_start + refunds_start, revenue_churned + refunds_churned


def _count_and_sum(code: np.ndarray, weights: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The codes (0 ≤ code < size) that occur, how many rows have each and the sum of their
    `weights`: one bincount when the codes fit in a few million slots, else sorted first."""
    if size <= _BINCOUNT_SLOTS:
        counts = np.bincount(code, minlength=size)
        present = np.flatnonzero(counts)
        return present, counts[present], np.bincount(code, weights=weights, minlength=size)[present]
    present, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    return present, counts, np.bincount(inverse.ravel(), weights=weights, minlength=present.size)


def _spread(group: np.ndarray, first: np.ndarray, last: np.ndarray, values: np.ndarray, n_periods: int,
            n_groups: int) -> np.ndarray:
    """Per (group, k), flattened: the sum of `values` over the entries with first ≤ k ≤ last
    (none when last < first)."""
    length = np.maximum(last - first + 1, 0)
    k = np.repeat(first - np.cumsum(length) + length, length) + np.arange(int(length.sum()))
    return np.bincount(np.repeat(group, length) * n_periods + k, weights=np.repeat(values, length).astype(float),
                       minlength=n_groups * n_periods)


def _refund_days(days: pl.DataFrame, customer: np.ndarray, d: np.ndarray, codes: np.ndarray, churn_k: np.ndarray,
                 starts: np.ndarray, window: int, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """revenue_start and revenue_churned per (group, k), flattened, from the days without a
    purchase (refunds); `customer`, `d`, `codes`, `churn_k`: the purchase days' (in the
    order of `days`, sorted by customer then day).

    A refund on day r counts at the starts s with s − window ≤ r < s (periods i … jr) where
    its customer has a purchase day in [s − window, s). Their purchase days nearest to r,
    P before it and N after it, decide that: with P, at the starts s ≤ P + window (up to
    period a); with N, at the starts s > N (from period b). Its revenue is churned where
    the customer churns: only P's spell or N's can churn in i … jr (spells are more than a
    window apart, and both of those periods' windows hold r).
    """
    n_periods = starts.size
    empty = np.zeros(n_groups * n_periods)
    purchased = days.get_column("purchased").to_numpy()
    at = np.flatnonzero(~purchased)
    if customer.size + at.size != days.height:  # a programming error, not bad input
        raise ValueError("the purchase days must be exactly the days' purchase rows, in order")
    if at.size == 0 or customer.size == 0:
        return empty, empty.copy()
    # In the sorted days the refund at `at` has `at − (refunds before it)` purchase days
    # before it: N is that purchase day, P the one before, when they are the same customer's.
    after = at - np.arange(at.size)
    before = after - 1
    own = days.get_column("customer").to_numpy()[at]
    has_before = (before >= 0) & (customer[np.maximum(before, 0)] == own)
    has_after = (after < customer.size) & (customer[np.minimum(after, customer.size - 1)] == own)
    keep = has_before | has_after
    at, before, after, has_before, has_after = at[keep], before[keep], after[keep], has_before[keep], has_after[keep]
    before, after = np.maximum(before, 0), np.minimum(after, customer.size - 1)
    r = days.get_column("d").to_numpy()[at].astype(np.int64)
    revenue = days.get_column("revenue").to_numpy()[at]
    i = np.searchsorted(starts, r, side="right")
    jr = np.searchsorted(starts, r + window, side="right") - 1
    a = np.where(has_before, np.searchsorted(starts, d[before].astype(np.int64) + window, side="right") - 1, -1)
    b = np.where(has_after, np.searchsorted(starts, d[after], side="right"), n_periods)
    group = codes[np.where(has_before, before, after)].astype(np.int64)
    # Active at i … min(jr, a) and at max(i, b) … jr: two ranges, the second kept after the first.
    end_a = np.minimum(jr, a)
    start_b = np.maximum(np.maximum(i, b), end_a + 1)
    first = np.r_[i, start_b]
    last = np.r_[end_a, jr]
    width = n_periods + 1
    code = (np.r_[group, group] * width + first) * width + last + 1
    present, _, summed = _count_and_sum(code, np.r_[revenue, revenue], n_groups * width ** 2)
    revenue_start = _spread(present // width ** 2, present // width % width, present % width - 1, summed,
                            n_periods, n_groups)
    k_before = np.where(has_before, churn_k[before], -1)
    k_after = np.where(has_after & (churn_k[after] != k_before), churn_k[after], -1)
    cells, weights = [], []
    for k in (k_before, k_after):
        counts = (k >= 0) & (i <= k) & (k <= jr)
        cells.append(group[counts] * n_periods + k[counts])
        weights.append(revenue[counts])
    revenue_churned = np.bincount(np.concatenate(cells), weights=np.concatenate(weights), minlength=n_groups * n_periods)
    return revenue_start, revenue_churned
