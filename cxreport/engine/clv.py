"""The orders section's CLV on an engine: the model inputs compressed, the fits done here.

Definitions are the library's: the RFM summary of `cxreport.metrics.rfm` (purchase days,
x = repeat purchase days, t_x and T in the time unit, m̄ = mean value of the repeat
days), BG/NBD and Gamma-Gamma fitted as `cxreport.metrics.clv.predictive_clv` fits them,
the simple CLV of `clv.simple_clv`. Stages read the valid-orders view `valid` (rows and
values of `cxreport.metrics._frames.valid_orders`); SQL in DuckDB's dialect, run by the
backend; only aggregates come back:

1. "RFM" (a view, never brought back): per customer x, t_x and T in whole days, m̄.
   From it:
   - "(x, t_x, T) counts": customers per distinct (x, t_x, T), with the count and the sum
     of m̄ of those with m̄ > 0 — the BG/NBD fit's input (`fit_bgnbd(weight_col=...)`,
     which fits on these distinct rows anyway) and the sums the CLV total needs;
   - "(x, m̄) counts": spenders per distinct (x, m̄) — Gamma-Gamma's input
     (`gamma_gamma.fit_gamma_gamma_counts`) and its Pearson correlation, weighted;
   - "median CLV": each customer's CLV from their m̄ and the discounted purchases of
     their (x, t_x, T) (computed here, sent as a table of the distinct rows), and its
     median: exact (DuckDB ``median``, Spark ``median`` = ``percentile(·, 0.5)``, both
     interpolating linearly as Polars does) up to `MEDIAN_EXACT_MAX_CUSTOMERS` customers;
     above, on Spark, ``percentile_approx`` with accuracy `MEDIAN_ACCURACY` and the summary
     says so in ``median_method``.
2. "periods" for the simple CLV: revenue and buyers per calendar period, new customers per
   period of first purchase; churn from `cxreport.engine.churn.churn_by_period`.

Not covered, or not equal: ``holdout`` (needs a calibration end, which the engine's report
does not take yet); above `clv.FIT_SAMPLE` customers the library fits on a random sample of
them, the engine on all (the compressed tables make that cheap), so parameters then differ
by that sample's error; a day whose rows net to a hair above or below 0 (refunds that
cancel a purchase to the cent) may count as a spender in one engine and not the other,
since sums in another order differ in the last bits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from cxreport.engine.churn import _date, _raise, choose_window, churn_by_period, gap_distribution
from cxreport.metrics.bgnbd import fit_bgnbd
from cxreport.metrics.clv import (clv_from_period_counts, discounted_expected_purchases, require_bounded_spend,
                                  require_repeaters)
from cxreport.metrics.gamma_gamma import fit_gamma_gamma_counts
from cxreport.metrics.inputs import DateLike, as_day
from cxreport.metrics.rfm import DAYS_PER_UNIT, TimeUnit, check_time_unit, no_purchases, no_purchases_by_end
from cxreport.periods import Period, check_period
from cxreport.report import CLV_TIME_UNIT, plain

# The one answer whose size grows with the data: distinct (x, t_x, T) and (x, m̄), at most one
# row a customer, far fewer with a coarse time unit (docs/engines.md, "Scaling out").
TRIPLES_STAGE = "CLV: distinct (x, t_x, T) and (x, m)"

_names = itertools.count()
# Spark's exact median holds every distinct value of the group in memory; above this many
# customers it is approximated (DuckDB's exact median streams, so DuckDB stays exact).
MEDIAN_EXACT_MAX_CUSTOMERS = 5_000_000
MEDIAN_ACCURACY = 100_000
# predictive_clv's defaults, which build_report uses.
HORIZON_MONTHS = 12
ANNUAL_DISCOUNT_RATE = 0.10
MARGIN = 1.0

_PURCHASE_DAYS = """
SELECT customer_id, day, sum(amount) AS value FROM "{valid}" GROUP BY customer_id, day HAVING bool_or(is_purchase)
"""

_RFM_SQL = """
WITH pdays AS ({pdays}),
firsts AS (
    SELECT customer_id, min(day) AS first_day, max(day) AS last_day, count(*) - 1 AS x FROM pdays GROUP BY customer_id
)
SELECT f.customer_id, f.x,
       date_diff('day', f.first_day, f.last_day) AS rd,
       date_diff('day', f.first_day, {end}) AS td,
       coalesce(avg(p.value) FILTER (WHERE p.day > f.first_day), 0.0) AS m
FROM firsts AS f JOIN pdays AS p ON p.customer_id = f.customer_id
GROUP BY f.customer_id, f.x, f.first_day, f.last_day
"""

_TRIPLES_SQL = """
SELECT x, rd, td, count(*) AS customers, count(*) FILTER (WHERE m > 0) AS spenders,
       coalesce(sum(m) FILTER (WHERE m > 0), 0.0) AS spend_sum
FROM "{rfm}" GROUP BY x, rd, td
"""

_SPEND_SQL = 'SELECT x AS frequency, m AS monetary_value, count(*) AS customers FROM "{rfm}" WHERE x > 0 AND m > 0 GROUP BY x, m'

_MEDIAN_SQL = """
SELECT {median} AS median_clv FROM (
    SELECT {margin} * ({p} * ({v} + s.xs * s.ms) / ({p} * s.xs + {q} - 1)) * d.discounted AS clv
    FROM (SELECT x, rd, td, CASE WHEN m > 0 THEN CAST(x AS DOUBLE) ELSE 0.0 END AS xs,
                 CASE WHEN m > 0 THEN m ELSE 0.0 END AS ms FROM "{rfm}") AS s
    JOIN "{table}" AS d ON s.x = d.x AND s.rd = d.rd AND s.td = d.td
) AS customers
"""

_PERIODS_SQL = """
WITH r AS (
    SELECT customer_id, CAST(date_trunc('{period}', order_date) AS DATE) AS order_period, amount, is_purchase FROM "{valid}"
),
firsts AS (SELECT customer_id, min(order_period) AS order_period FROM r WHERE is_purchase GROUP BY customer_id),
per_period AS (
    SELECT order_period, sum(amount) AS revenue, count(DISTINCT customer_id) FILTER (WHERE is_purchase) AS active
    FROM r GROUP BY order_period
),
new AS (SELECT order_period, count(*) AS new FROM firsts GROUP BY order_period)
SELECT p.order_period, p.revenue, p.active, coalesce(n.new, 0) AS new
FROM per_period AS p LEFT JOIN new AS n ON p.order_period = n.order_period
"""


def _double(value: float) -> str:
    """A float as an SQL double, every digit kept (a bare 0.1 is a DECIMAL in both dialects)."""
    return f"CAST('{float(value)!r}' AS DOUBLE)"


def clv_inputs(backend: Any, valid: str, *, time_unit: TimeUnit = "week", as_of: DateLike | None = None) -> dict[str, Any]:
    """`rfm.rfm_summary(orders, time_unit=..., observation_end=as_of)` compressed:
    {"as_of": the end (default: the last purchase day), "triples": x (frequency), recency,
    T (in `time_unit`), customers, spenders, spend_sum, rd, td (whole days); "spend":
    frequency, monetary_value, customers (spenders: x > 0 and m̄ > 0); "rfm": the name of
    the per-customer view on the backend}. Raises no_purchases / no_purchases_by_end."""
    unit_days = DAYS_PER_UNIT[check_time_unit(time_unit)]
    pdays = _PURCHASE_DAYS.format(valid=valid)
    if as_of is not None:
        end = as_day(as_of)
    else:
        end = backend.query(f"SELECT max(day) AS end_day FROM ({pdays}) AS d", stage="CLV: last day").item()
        if end is None:
            raise no_purchases()
    rfm = f"{valid}__rfm{next(_names)}"
    in_reach = f"SELECT * FROM ({pdays}) AS d WHERE day <= {_date(end)}"
    backend.materialize(rfm, _RFM_SQL.format(pdays=in_reach, end=_date(end)))  # read by four stages
    triples = backend.query(_TRIPLES_SQL.format(rfm=rfm), stage=TRIPLES_STAGE).select(
        pl.col("x").cast(pl.Int64), pl.col("rd").cast(pl.Int64), pl.col("td").cast(pl.Int64),
        pl.col("customers", "spenders").cast(pl.Int64), pl.col("spend_sum").cast(pl.Float64),
    ).sort("x", "rd", "td").with_columns(
        pl.col("x").alias("frequency"), (pl.col("rd") / unit_days).alias("recency"), (pl.col("td") / unit_days).alias("T"))
    spend = backend.query(_SPEND_SQL.format(rfm=rfm), stage=TRIPLES_STAGE).select(
        pl.col("frequency").cast(pl.Int64), pl.col("monetary_value").cast(pl.Float64), pl.col("customers").cast(pl.Int64),
    ).sort("frequency", "monetary_value")
    if triples.is_empty():
        raise no_purchases_by_end(end)
    return {"as_of": end, "triples": triples, "spend": spend, "rfm": rfm}


def weighted_correlation(spend: pl.DataFrame) -> float | None:
    """`gamma_gamma.spend_frequency_correlation`'s pearson_r from the (x, m̄) counts:
    None below 3 spenders or without variation in either."""
    n = int(spend["customers"].sum())
    if n < 3 or spend["frequency"].n_unique() < 2 or spend["monetary_value"].n_unique() < 2:
        return None
    w = spend["customers"].to_numpy().astype(float)
    x, m = spend["frequency"].to_numpy().astype(float), spend["monetary_value"].to_numpy()
    xc, mc = x - np.sum(w * x) / n, m - np.sum(w * m) / n
    r = np.sum(w * xc * mc) / np.sqrt(np.sum(w * xc * xc) * np.sum(w * mc * mc))
    return float(np.clip(r, -1.0, 1.0))


def predictive_section(backend: Any, valid: str, *, time_unit: TimeUnit = CLV_TIME_UNIT,
                       as_of: DateLike | None = None) -> tuple[dict, dict]:
    """build_report's clv "model" and "summary" (`clv.predictive_clv` with its defaults;
    `as_of` ends the observation as there, default the last purchase day)."""
    inputs = clv_inputs(backend, valid, time_unit=time_unit, as_of=as_of)
    triples, spend = inputs["triples"], inputs["spend"]
    customers = int(triples["customers"].sum())
    require_repeaters(int(triples.filter(pl.col("frequency") > 0)["customers"].sum()))
    bg = fit_bgnbd(triples, weight_col="customers", time_unit=time_unit)
    gg = require_bounded_spend(fit_gamma_gamma_counts(spend))
    x = triples["frequency"].to_numpy().astype(float)
    t_x, T = triples["recency"].to_numpy(), triples["T"].to_numpy()
    count = triples["customers"].to_numpy().astype(float)
    spenders, spend_sum = triples["spenders"].to_numpy().astype(float), triples["spend_sum"].to_numpy()
    discounted = discounted_expected_purchases(bg, x, t_x, T, horizon_months=HORIZON_MONTHS,
                                               annual_discount_rate=ANNUAL_DISCOUNT_RATE)
    # Σ E[Z | x, m̄] over a row's customers: E is linear in m̄ for the spenders, the
    # population mean p·v/(q−1) for the others.
    own = gg.p * (spenders * gg.v + x * spend_sum) / (gg.p * x + gg.q - 1)
    population = (count - spenders) * gg.p * gg.v / (gg.q - 1)
    total_clv = float(np.sum(MARGIN * (own + population) * discounted))
    median, method = _median_clv(backend, inputs["rfm"], triples.with_columns(pl.Series("discounted", discounted)),
                                 gg, customers)
    model = {
        "params": {**bg.params, **gg.params},
        "time_unit": time_unit,
        "calibration_end": inputs["as_of"],
        "log_likelihood": bg.log_likelihood,
        "spend_log_likelihood": gg.log_likelihood,
        "customers": bg.n,
        "spend_customers": gg.n,
        "converged": bool(bg.converged and gg.converged),
        "spend_frequency_correlation": weighted_correlation(spend),
        "horizon_months": HORIZON_MONTHS,
        "annual_discount_rate": ANNUAL_DISCOUNT_RATE,
        "margin": MARGIN,
    }
    summary: dict[str, Any] = {
        "customers": customers,
        "total_clv": total_clv,
        "mean_clv": total_clv / customers,
        "median_clv": median,
        "mean_p_alive": float(np.sum(count * bg.p_alive(x, t_x, T)) / customers),
    }
    if method != "exact":
        summary["median_method"] = method
    return model, summary


def _median_clv(backend: Any, rfm: str, triples: pl.DataFrame, gg: Any, customers: int) -> tuple[float, str]:
    table = f"{rfm}_discounted"
    backend.register_frame(table, triples.select("x", "rd", "td", "discounted"))
    approximate = backend.name == "spark" and customers > MEDIAN_EXACT_MAX_CUSTOMERS
    median = f"percentile_approx(clv, 0.5, {MEDIAN_ACCURACY})" if approximate else "median(clv)"
    value = backend.query(_MEDIAN_SQL.format(median=median, margin=_double(MARGIN), p=_double(gg.p), q=_double(gg.q),
                                             v=_double(gg.v), rfm=rfm, table=table), stage="CLV: median").item()
    return float(value), f"approx(accuracy={MEDIAN_ACCURACY})" if approximate else "exact"


def simple_section(backend: Any, valid: str, *, period: Period = "month", window_days: int | None = None) -> dict:
    """build_report's clv "simple": `clv.simple_clv(orders, period=period, window_days=...)`
    with the margin 1 and the churn observed (its docstring has the definition)."""
    check_period(period)
    per_period = backend.query(_PERIODS_SQL.format(valid=valid, period=period), stage="simple CLV: per period").select(
        pl.col("order_period").cast(pl.Date), pl.col("revenue").cast(pl.Float64), pl.col("active").cast(pl.Int64),
        pl.col("new").cast(pl.Int64),
    ).filter(pl.col("active") > 0).sort("order_period")
    def window_and_rates() -> tuple[int, pl.DataFrame]:
        window = window_days if window_days is not None else choose_window(*gap_distribution(backend, valid)).days
        return window, churn_by_period(backend, valid, window_days=window, period=period)

    simple = clv_from_period_counts(per_period.drop("new"), period=period, margin=MARGIN, churn_rate=None,
                                    window_and_rates=window_and_rates,
                                    new_customers=lambda: per_period.select("order_period", "new"))
    return simple.row(0, named=True)


def clv_section(backend: Any, valid: str, *, period: Period = "month", window_days: int | None = None,
                skips: Any = None) -> dict:
    """build_report's orders "clv" keys "model", "summary" and "simple", JSON-ready.

    `window_days` is the churn section's window (computed again when not given). `skips`
    (a `cxreport.report._Skips`) collects what the data cannot support under the report's
    section names; without it such a `CXError` is raised."""
    attempt: Callable[[str, Callable[[], Any]], Any] = skips.attempt if skips is not None else _raise
    out: dict[str, Any] = {}
    fitted = attempt("orders.clv.model", lambda: predictive_section(backend, valid))
    if fitted is not None:
        out["model"], out["summary"] = fitted
    simple = attempt("orders.clv.simple", lambda: simple_section(backend, valid, period=period, window_days=window_days))
    if simple is not None:
        out["simple"] = simple
    return plain(out)
