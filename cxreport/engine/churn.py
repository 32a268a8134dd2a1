"""The orders section's churn on an engine: the window, churn per period, customer standing.

Definitions are `cxreport.metrics.churn`'s (purchase days, lapsing after the window, the
churn day L + window; see its module docstring). The stages read the valid-orders view
`valid` (customer_id, order_id, order_date, day, amount, is_purchase: the rows and values
of `cxreport.metrics._frames.valid_orders`). SQL in DuckDB's dialect, run by the backend;
only aggregates come back:

1. "purchase gaps": one window function (lag) over each customer's distinct purchase days;
   back comes the count of gaps per gap length in days, and the number of repeat
   customers. The default window is chosen here from that distribution with the rule of
   `churn.default_churn_window_days` (the linear-interpolation quantile of the pooled
   gaps, rounded up to a sensible window); the median gap (for one-time buyers' expected
   gap) comes from the same distribution.
2. "bounds": first and last day of the valid rows.
3. "churn by period": per customer-day (revenue, purchased), the next purchase day (lead);
   each purchase day L joined with the reported period starts s in (L, min(L + window, N)]
   (the customer is active at s because of L) and flagged churned when it lapses in that
   period; each customer-day joined with the starts whose window holds it (revenue). The
   period table is small and made here (`calendar_periods`), so both joins are a broadcast
   of a few hundred rows. Back: active_start, churned, revenue_start, revenue_churned per
   period.
4. "customer standing": per customer, the last purchase day and the median of their own
   gaps (exact: the middle one or two gaps by row_number), their status on the last day
   of data; back: customers per status.

Finishing in Polars: rates and zero-filled periods as `churn.churn_by_period`; the
explanation text from `default_churn_window_days`'s own words.

Not covered: groups (``by=``) and the date-range restriction of build_report's filters
(`restrict_periods`, `customers_in_window`): the engine's report has no filters yet.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from cxreport.errors import CXError
from cxreport.metrics._frames import calendar_periods, no_orders
from cxreport.metrics.churn import (STATUSES, ChurnWindow, check_window, window_from_gaps,
                                    with_churn_rates)
from cxreport.periods import Period, check_period
from cxreport.report import plain

_names = itertools.count()
EPOCH = "DATE '1970-01-01'"

_GAPS_SQL = """
WITH days AS (SELECT DISTINCT customer_id, day FROM "{valid}" WHERE is_purchase),
gaps AS (
    SELECT customer_id, date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day) AS gap
    FROM days
)
SELECT gap AS gap_days, count(*) AS n FROM gaps WHERE gap IS NOT NULL GROUP BY gap
UNION ALL
SELECT CAST(NULL AS BIGINT) AS gap_days, count(DISTINCT customer_id) AS n FROM gaps WHERE gap IS NOT NULL
"""

_BOUNDS_SQL = 'SELECT count(*) AS n, min(day) AS first_day, max(day) AS last_day FROM "{valid}"'

_BY_PERIOD_SQL = """
WITH cd AS (
    SELECT customer_id, date_diff('day', {epoch}, day) AS d, sum(amount) AS revenue, bool_or(is_purchase) AS purchased
    FROM "{valid}" GROUP BY customer_id, day
),
buys AS (
    SELECT customer_id, d, lead(d) OVER (PARTITION BY customer_id ORDER BY d) AS nd FROM cd WHERE purchased
),
active AS (
    -- L = d is the customer's last purchase day before s, and within the window of it
    SELECT b.customer_id, p.k, (b.nd IS NULL OR b.nd - b.d > {window}) AND b.d + {window} < p.e AS churned
    FROM buys AS b
    JOIN "{periods}" AS p ON p.s > b.d AND p.s <= b.d + {window} AND (b.nd IS NULL OR p.s <= b.nd)
),
revenue AS (
    -- the customer's net revenue on the window days before s
    SELECT c.customer_id, p.k, sum(c.revenue) AS revenue
    FROM cd AS c JOIN "{periods}" AS p ON p.s > c.d AND p.s <= c.d + {window}
    GROUP BY c.customer_id, p.k
)
SELECT a.k, count(*) AS active_start, count(*) FILTER (WHERE a.churned) AS churned,
       sum(r.revenue) AS revenue_start, sum(r.revenue) FILTER (WHERE a.churned) AS revenue_churned
FROM active AS a
LEFT JOIN revenue AS r ON r.customer_id = a.customer_id AND r.k = a.k
GROUP BY a.k
"""

_STANDING_SQL = """
WITH days AS (SELECT DISTINCT customer_id, day FROM "{valid}" WHERE is_purchase AND day <= {end}),
gaps AS (
    SELECT customer_id, day, date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day) AS gap
    FROM days
),
ranked AS (
    SELECT customer_id, gap, row_number() OVER (PARTITION BY customer_id ORDER BY gap) AS r,
           count(*) OVER (PARTITION BY customer_id) AS n
    FROM gaps WHERE gap IS NOT NULL
),
own AS (
    -- the median of the customer's own gaps: the middle gap, or the mean of the middle two
    SELECT customer_id, avg(CAST(gap AS DOUBLE)) AS own_gap FROM ranked
    WHERE r BETWEEN (n + 1) // 2 AND n // 2 + 1 GROUP BY customer_id
),
standing AS (
    SELECT g.customer_id, date_diff('day', max(g.day), {end}) AS days_since,
           coalesce(max(o.own_gap), {typical}, CAST({window} AS DOUBLE)) AS expected
    FROM gaps AS g LEFT JOIN own AS o ON g.customer_id = o.customer_id
    GROUP BY g.customer_id
)
SELECT CASE WHEN days_since > {window} THEN 'churned'
            WHEN CAST(days_since AS DOUBLE) / expected > 1 THEN 'at risk'
            ELSE 'active' END AS status,
       count(*) AS customers
FROM standing GROUP BY 1
"""


def _date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def gap_distribution(backend: Any, valid: str) -> tuple[pl.DataFrame, int]:
    """Stage "purchase gaps": (gap_days, n) sorted by gap_days, and the repeat customers."""
    rows = backend.query(_GAPS_SQL.format(valid=valid), stage="purchase gaps")
    customers = rows.filter(pl.col("gap_days").is_null()).get_column("n")
    hist = rows.filter(pl.col("gap_days").is_not_null()).select(
        pl.col("gap_days").cast(pl.Int64), pl.col("n").cast(pl.Int64)).sort("gap_days")
    return hist, int(customers.sum()) if customers.len() else 0


def histogram_quantile(hist: pl.DataFrame, quantile: float) -> float | None:
    """The `quantile` of the values a (gap_days, n) histogram stands for, interpolated
    linearly between neighbours as Polars' ``quantile(q, "linear")`` and ``median()`` are:
    position (N − 1)·q in the sorted values. None for an empty histogram."""
    counts = hist.get_column("n").to_numpy()
    total = int(counts.sum())
    if not total:
        return None
    cum = np.cumsum(counts)
    values = hist.get_column("gap_days").to_numpy()
    position = (total - 1) * quantile
    low, high = math.floor(position), math.ceil(position)
    below = float(values[np.searchsorted(cum, low, side="right")])
    above = float(values[np.searchsorted(cum, high, side="right")])
    return below + (above - below) * (position - low)


def choose_window(hist: pl.DataFrame, customers: int, *, quantile: float = 0.9) -> ChurnWindow:
    """`churn.default_churn_window_days` decided on the gap distribution (same rule, same words)."""
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be between 0 and 1, not {quantile}")
    gaps = int(hist.get_column("n").sum())
    gap = histogram_quantile(hist, quantile) if gaps else None
    return window_from_gaps(gap, gaps, customers, quantile=quantile)


def _bounds(backend: Any, valid: str) -> tuple[dt.date, dt.date]:
    row = backend.query(_BOUNDS_SQL.format(valid=valid), stage="churn: bounds").row(0, named=True)
    if not row["n"]:
        raise no_orders()
    return row["first_day"], row["last_day"]


def churn_by_period(backend: Any, valid: str, *, window_days: int, period: Period = "month",
                    bounds: tuple[dt.date, dt.date] | None = None) -> pl.DataFrame:
    """`cxreport.metrics.churn.churn_by_period` (no groups) on the valid-orders view.

    Columns: period, active_start, churned, churn_rate, revenue_start, revenue_churned,
    revenue_churn_rate (module docstring, stage 3). `bounds` (first and last day of the
    valid rows) saves the stage "bounds" when the caller has them. Asked again on the same
    backend (the simple CLV pools the churn section's churn), it answers from memory."""
    check_period(period)
    window = check_window(window_days)
    key = ("churn_by_period", valid, window, period)
    if key not in backend.memo:
        backend.memo[key] = _churn_by_period(backend, valid, window=window, period=period, bounds=bounds)
    return backend.memo[key]


def _churn_by_period(backend: Any, valid: str, *, window: int, period: Period,
                     bounds: tuple[dt.date, dt.date] | None) -> pl.DataFrame:
    first_day, last_day = bounds or _bounds(backend, valid)
    periods = calendar_periods(first_day, last_day, period).filter(
        pl.col("period_start") >= first_day + dt.timedelta(days=window))
    epoch_days = [(pl.col(c) - pl.date(1970, 1, 1)).dt.total_days().cast(pl.Int64) for c in ("period_start", "next_start")]
    table = periods.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("k"), epoch_days[0].alias("s"),
                           epoch_days[1].alias("e"))
    schema = {"k": pl.Int64, "active_start": pl.Int64, "churned": pl.Int64, "revenue_start": pl.Float64,
              "revenue_churned": pl.Float64}
    if periods.is_empty():
        counts = pl.DataFrame(schema=schema)
    else:
        name = f"{valid}__churn_periods{next(_names)}"
        backend.register_frame(name, table)
        counts = backend.query(_BY_PERIOD_SQL.format(valid=valid, periods=name, window=window, epoch=EPOCH),
                               stage="churn by period").cast(schema)
    return (
        periods.with_row_index("k").with_columns(pl.col("k").cast(pl.Int64))
        .join(counts, on="k", how="left")
        .lazy().pipe(with_churn_rates)
        .select("period", "active_start", "churned", "churn_rate", "revenue_start", "revenue_churned",
                "revenue_churn_rate")
        .sort("period")
        .collect()
    )


def status_counts(backend: Any, valid: str, *, window_days: int, hist: pl.DataFrame,
                  bounds: tuple[dt.date, dt.date] | None = None) -> dict[str, int]:
    """Customers per status of `churn.customers_at_risk` on the last day of data (stage 4).

    `hist` is the gap distribution of stage 1: its median is the expected gap of one-time
    buyers. Raises no_orders when nobody ever bought (as the library does)."""
    window = check_window(window_days)
    _, end = bounds or _bounds(backend, valid)
    typical = histogram_quantile(hist, 0.5)
    typical_sql = "CAST(NULL AS DOUBLE)" if typical is None else f"CAST({typical!r} AS DOUBLE)"
    rows = backend.query(_STANDING_SQL.format(valid=valid, end=_date(end), typical=typical_sql, window=window), stage="customer standing")
    if rows.is_empty():
        raise no_orders()
    found = dict(zip(rows.get_column("status").to_list(), rows.get_column("customers").to_list(), strict=True))
    return {status: int(found.get(status, 0)) for status in STATUSES}


def _raise(section: str, compute: Callable[[], Any]) -> Any:
    return compute()


def churn_section(backend: Any, valid: str, *, period: Period = "month", skips: Any = None) -> dict:
    """build_report's orders keys "churn" (window_days, window_explanation, by_period),
    "customers_at_risk" and "customer_status", JSON-ready, from the stages above.

    `skips` (a `cxreport.report._Skips`) collects what the data cannot support under the
    report's section names, as build_report does; without it such a `CXError` is raised."""
    attempt = skips.attempt if skips is not None else _raise
    out: dict[str, Any] = {}
    hist, customers = gap_distribution(backend, valid)
    window = attempt("orders.churn", lambda: choose_window(hist, customers))
    if window is None:
        return out
    try:
        bounds: tuple[dt.date, dt.date] | None = _bounds(backend, valid)
    except CXError:
        bounds = None  # each stage below then raises it under its own section, as the report lists it
    by_period = attempt("orders.churn", lambda: churn_by_period(backend, valid, window_days=window.days, period=period,
                                                                bounds=bounds))
    if by_period is not None:
        out["churn"] = {"window_days": window.days, "window_explanation": window.explanation, "by_period": by_period}
    counts = attempt("orders.customers_at_risk",
                     lambda: status_counts(backend, valid, window_days=window.days, hist=hist, bounds=bounds))
    if counts is not None:
        out["customers_at_risk"] = counts["at risk"]
        out["customer_status"] = {status.replace(" ", "_"): counts[status] for status in STATUSES}
    return plain(out)
