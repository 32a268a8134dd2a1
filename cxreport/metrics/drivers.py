"""Key drivers of NPS, and how much of it the customer service explains.

Key drivers (relative importance by the Shapley decomposition of R²; Lipovetsky & Conklin
2001, *Analysis of regression in game theory approach*, Applied Stochastic Models in
Business and Industry 17(4); also called "dominance analysis", Budescu 1993):

- The outcome is each respondent's 0–10 recommend answer; the drivers are that
  respondent's SERVQUAL dimension perceptions (1–7), CSAT (1–5), CES (1–7), whether they
  had a ticket in the 30 days before (0/1) and how long they waited for a first reply
  (ln(1 + hours), 0 without a ticket). Only respondents with every driver answered count.
- R²(S) is the R² of the least-squares regression of the outcome on the drivers in S
  (with an intercept). A driver's importance is its Shapley value: the average, over every
  order of adding the drivers, of the R² it adds when it joins,
  φⱼ = Σ_{S ⊆ P∖{j}} |S|!(p − |S| − 1)!/p! · (R²(S ∪ {j}) − R²(S)).
  The importances add up to the full model's R². Every one of the 2ᵖ subsets is fitted
  (p ≤ `MAX_DRIVERS`), from the covariance matrix, so each is one small linear solve.
- 95% intervals: percentiles of the importances over `resamples` bootstrap resamples of
  the respondents (seeded, so the same data give the same interval).
- Performance: the share of the respondents for whom the driver is good today (SERVQUAL
  6–7 of 7, CSAT 4–5, CES 5–7, no ticket, first reply within 24 h).
- Quadrant (importance × performance): "fix first" (importance at or above the drivers'
  median, performance below its median), "keep up", "possible overkill", "low priority".

This is correlation, not causation: a driver that moves with NPS may not move it, drivers
that move together share their importance, and respondents who answer every question are
not all customers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl

from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import SurveyColumns, TicketColumns
from cxreport.metrics import servqual as sq
from cxreport.metrics.service import TICKET_WINDOW_DAYS, recent_ticket_waits, response_times
from cxreport.metrics.stats import MIN_N
from cxreport.metrics.inputs import TableInput, checked_lazy
from cxreport.metrics.surveys import nps_by_period, nps_change
from cxreport.periods import Period

MAX_DRIVERS = 10
RESAMPLES = 200
SEED = 20251101
OUTCOME = "nps_score"
QUADRANTS: tuple[str, ...] = ("fix first", "keep up", "low priority", "possible overkill")
# A driver is "good" for a respondent at or above this value (below, for had_ticket and wait).
GOOD_AT_LEAST: dict[str, float] = {**dict.fromkeys(sq.DIMENSIONS, 6.0), "csat": 4.0, "ces": 5.0}
GOOD_BELOW: dict[str, float] = {"had_ticket": 0.5, "wait": math.log1p(24.0)}
SERVICE_VARIABLES: tuple[str, ...] = ("wait", "resolution", "reopens", "recent_tickets")


def driver_table(
    responses: TableInput,
    *,
    tickets: TableInput | None = None,
    items: Sequence[sq.ServqualItem] = (),
    survey_cols: SurveyColumns = SurveyColumns(),
    ticket_cols: TicketColumns = TicketColumns(),
    window_days: int = TICKET_WINDOW_DAYS,
) -> pl.DataFrame:
    """One row per response with an NPS score: nps_score and the drivers the data have.

    Drivers: one column per SERVQUAL dimension with perception items (the respondent's
    mean, 1–7), csat (1–5), ces (1–7), and with tickets had_ticket (1 when the customer
    opened a ticket in the `window_days` before responding, else 0) and wait (ln(1 + hours
    waited for a first reply, the longest among those tickets), 0 without a ticket).
    A survey column the table lacks is simply not a driver.
    """
    s = survey_cols
    names = checked_lazy(responses, [s.nps_score], table_name="surveys", hint=sq._HINT).collect_schema().names()
    if tickets is not None and s.customer_id in names and s.response_date in names:
        base = recent_ticket_waits(tickets, responses, ticket_cols, survey_cols, window_days=window_days).with_columns(
            pl.col("wait_hours").is_not_null().cast(pl.Float64).alias("had_ticket"),
            pl.col("wait_hours").fill_null(0.0).log1p().alias("wait"))
        extra = ["had_ticket", "wait"]
    else:
        base = checked_lazy(responses, [s.nps_score], table_name="surveys", hint=sq._HINT).filter(
            pl.col(s.nps_score).is_not_null()).with_columns(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("_response"), pl.col(s.nps_score).cast(pl.Float64)
        ).rename({s.nps_score: OUTCOME} if s.nps_score != OUTCOME else {})
        extra = []
    scores = {"csat": s.csat_score, "ces": s.ces_score}
    table = base.select("_response", OUTCOME, *[pl.col(c).cast(pl.Float64).alias(n) for n, c in scores.items()
                                                if c in names], *extra)
    perceived = [i for i in items if i.role == "perception"]
    if perceived:
        dims = [d for d in sq.DIMENSIONS if any(i.dimension == d for i in perceived)]
        per = sq.respondent_scores(base, perceived, keep=["_response"]).group_by("_response").agg(
            pl.col("perception").filter(pl.col("dimension") == d).first().alias(d) for d in dims)
        table = table.join(per, on="_response", how="left").select("_response", OUTCOME, *dims,
                                                                   pl.exclude("_response", OUTCOME, *dims))
    return table.sort("_response").drop("_response").collect()


# --- the Shapley decomposition of R² ----------------------------------------------------------


def _subset_r2(cov: np.ndarray) -> np.ndarray:
    """R² of every subset of drivers, from covariance matrices (outcome first): (B, 2^p).

    Column `mask` holds the R² of the drivers whose bits are set in `mask` (0 for none):
    c' C⁺ c / var(y) with C the drivers' covariance and c their covariance with y, the
    least-squares fit with an intercept. A ridge of 1e-9 of the mean variance on the
    diagonal keeps the solve defined when a driver has no variance in a resample (it then
    adds nothing) and changes no R² at the precision reported.
    """
    b, q, _ = cov.shape
    p = q - 1
    masks = np.arange(1 << p)
    bits = (masks[:, None] >> np.arange(p)) & 1
    sizes = bits.sum(axis=1)
    r2 = np.zeros((b, 1 << p))
    var_y = cov[:, 0, 0]
    for k in range(1, p + 1):  # one batched solve per subset size
        chosen = masks[sizes == k]
        idx = np.argsort(-bits[chosen], axis=1, kind="stable")[:, :k] + 1  # the set bits, as covariance rows
        cxx = cov[:, idx[:, :, None], idx[:, None, :]]
        cxy = cov[:, idx, 0]
        ridge = 1e-9 * np.trace(cov[:, 1:, 1:], axis1=1, axis2=2)[:, None, None, None] / p * np.eye(k)
        beta = np.linalg.solve(cxx + ridge, cxy[..., None])
        explained = (cxy * beta[..., 0]).sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            r2[:, chosen] = np.where(var_y[:, None] > 0, explained / var_y[:, None], np.nan)
    return r2


def shapley_from_r2(r2: np.ndarray) -> np.ndarray:
    """Shapley values (B, p) from the R² of every subset (B, 2^p), as in the module docstring."""
    p = int(round(math.log2(r2.shape[1])))
    masks = np.arange(1 << p)
    sizes = ((masks[:, None] >> np.arange(p)) & 1).sum(axis=1)
    weight = np.array([math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) if s < p else 0.0
                       for s in range(p + 1)])
    phi = np.empty((r2.shape[0], p))
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        phi[:, j] = ((r2[:, without | (1 << j)] - r2[:, without]) * weight[sizes[without]]).sum(axis=1)
    return phi


def _covariances(z: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Weighted covariance matrices of the columns of z, one per row of counts: (B, q, q).

    The sums of products are numpy's own loops (`einsum`), not a matrix product: a threaded
    BLAS sums in an order that follows its thread count, so the bootstrap bounds' last digit
    changed with the machine's cores (the app, the notebook export and the command line must
    agree to the last digit). As fast here: 200 resamples of 5,000 answers in 0.05 s.
    """
    total = counts.sum(axis=1)[:, None]
    n, q = z.shape
    mean = np.einsum("bn,nq->bq", counts, z) / total
    products = (z[:, :, None] * z[:, None, :]).reshape(n, q * q)
    second = np.einsum("bn,nk->bk", counts, products).reshape(-1, q, q) / total[..., None]
    return second - mean[:, :, None] * mean[:, None, :]


def shapley_r2(x: np.ndarray, y: np.ndarray, *, resamples: int = RESAMPLES, seed: int = SEED,
               confidence: float = 0.95) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """R² of the full model, each column's Shapley share of it, and bootstrap interval bounds.

    Returns (r2, importance (p,), ci_low (p,), ci_high (p,)).

    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(400, 2))
    >>> y = 2 * x[:, 0] + x[:, 1] + rng.normal(size=400)
    >>> r2, importance, low, high = shapley_r2(x, y, resamples=50)
    >>> round(r2, 3), round(float(importance.sum()), 3), bool(importance[0] > importance[1])
    (0.805, 0.805, True)
    """
    z = np.column_stack([y, x]).astype(float)
    z = z - z.mean(axis=0)
    n = z.shape[0]
    full = _covariances(z, np.ones((1, n)))
    importance = shapley_from_r2(_subset_r2(full))[0]
    r2 = float(_subset_r2(full)[0, -1])
    counts = np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(float)
    boot = shapley_from_r2(_subset_r2(_covariances(z, counts)))
    tail = 100 * (1 - confidence) / 2
    low, high = np.nanpercentile(boot, [tail, 100 - tail], axis=0)
    return r2, importance, low, high


def _performance(values: pl.Series, driver: str) -> float | None:
    if driver in GOOD_AT_LEAST:
        return float((values >= GOOD_AT_LEAST[driver]).mean())
    if driver in GOOD_BELOW:
        return float((values < GOOD_BELOW[driver]).mean())
    return None


def with_quadrants(drivers: pl.DataFrame) -> pl.DataFrame:
    """Add `quadrant`: importance against the drivers' median importance, performance
    against their median performance (drivers without a performance get none)."""
    important = pl.col("importance") >= pl.col("importance").median()
    strong = pl.col("performance") >= pl.col("performance").median()
    return drivers.with_columns(
        pl.when(pl.col("performance").is_null()).then(None)
        .when(important & ~strong).then(pl.lit(QUADRANTS[0]))
        .when(important).then(pl.lit(QUADRANTS[1]))
        .when(~strong).then(pl.lit(QUADRANTS[2]))
        .otherwise(pl.lit(QUADRANTS[3])).alias("quadrant"))


def key_drivers(table: pl.DataFrame, *, outcome: str = OUTCOME, drivers: Sequence[str] | None = None,
                resamples: int = RESAMPLES, seed: int = SEED, min_n: int = MIN_N) -> pl.DataFrame:
    """Each driver's importance for the outcome (Shapley share of R²) with a bootstrap 95%
    interval, its performance and its quadrant; see the module docstring.

    `table` is `driver_table`'s (or any frame with the outcome and numeric driver columns).
    Rows missing the outcome or a driver are left out; a driver that never varies is
    dropped. Returns driver, importance (R² units; they sum to r2), importance_share (of r2),
    ci_low, ci_high, performance (0–1, or null), quadrant, n, r2; most important first.

    >>> t = pl.DataFrame({"nps_score": [10.0, 9, 3, 7, 8, 2, 10, 6], "csat": [5.0, 5, 2, 4, 4, 1, 4, 3],
    ...                   "ces": [7.0, 5, 3, 5, 6, 3, 6, 6]})
    >>> key_drivers(t, resamples=20, min_n=5).select("driver", "importance", "performance", "n")
    shape: (2, 4)
    ┌────────┬────────────┬─────────────┬─────┐
    │ driver ┆ importance ┆ performance ┆ n   │
    │ ---    ┆ ---        ┆ ---         ┆ --- │
    │ str    ┆ f64        ┆ f64         ┆ i64 │
    ╞════════╪════════════╪═════════════╪═════╡
    │ csat   ┆ 0.532669   ┆ 0.625       ┆ 8   │
    │ ces    ┆ 0.400806   ┆ 0.75        ┆ 8   │
    └────────┴────────────┴─────────────┴─────┘
    """
    if outcome not in table.columns:
        raise MappingProblem("drivers_missing_columns", f"The table has no column {outcome}.", sq._HINT,
                             columns=[outcome])
    wanted = [c for c in (drivers or table.columns) if c != outcome]
    complete = table.select(outcome, *wanted).drop_nulls()
    used = [c for c in wanted if complete.get_column(c).n_unique() > 1]
    if not used:
        raise EmptyResult("no_drivers", "No driver varies among the respondents who answered them all.",
                          "Load a survey with CSAT, CES or SERVQUAL answers beside the NPS question.")
    if len(used) > MAX_DRIVERS:
        raise MappingProblem("too_many_drivers", f"{len(used)} drivers is more than the {MAX_DRIVERS} the exact "
                             "decomposition can fit.", f"Choose at most {MAX_DRIVERS} drivers.", drivers=len(used))
    if complete.height < max(min_n, len(used) + 2):
        raise EmptyResult("too_few_respondents", f"Only {complete.height} respondents answered every driver.",
                          "Widen the filters, or choose fewer drivers.", n=complete.height)
    x = complete.select(used).to_numpy().astype(float)
    r2, importance, low, high = shapley_r2(x, complete.get_column(outcome).to_numpy().astype(float),
                                           resamples=resamples, seed=seed)
    out = pl.DataFrame({
        "driver": used, "importance": importance, "importance_share": importance / r2 if r2 > 0 else None,
        "ci_low": low, "ci_high": high,
        "performance": pl.Series([_performance(complete.get_column(c), c) for c in used], dtype=pl.Float64),
    }, schema_overrides={"importance_share": pl.Float64})
    return with_quadrants(out).with_columns(pl.lit(complete.height, pl.Int64).alias("n"),
                                            pl.lit(r2).alias("r2")).sort("importance", descending=True)


# --- customer service against CX ----------------------------------------------------------------


def ols_r2(x: np.ndarray, y: np.ndarray) -> float | None:
    """R² of the least-squares fit of y on the columns of x with an intercept (null when y is constant).

    >>> ols_r2(np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([2.0, 4.0, 5.0, 8.0]))
    0.9626666666666667
    """
    # From the covariances (`_covariances`: numpy's own loops, so the last digit does not
    # follow a threaded BLAS): R² = c' C⁺ c / var(y), the least-squares fit with an
    # intercept; the pseudo-inverse keeps a driver that repeats another harmless.
    z = np.column_stack([y, x]).astype(float)
    z -= z.mean(axis=0)
    cross = _covariances(z, np.ones((1, len(y))))[0]
    if not cross[0, 0] > 0:
        return None
    beta, *_ = np.linalg.lstsq(cross[1:, 1:], cross[1:, 0], rcond=None)
    return float(np.sum(cross[1:, 0] * beta) / cross[0, 0])


def service_vs_cx(tickets: TableInput, responses: TableInput, ticket_cols: TicketColumns = TicketColumns(),
                  survey_cols: SurveyColumns = SurveyColumns(), *, window_days: int = TICKET_WINDOW_DAYS,
                  min_n: int = MIN_N) -> pl.DataFrame:
    """NPS of respondents with and without a recent ticket, and how much of the ticket
    holders' NPS the service they got explains.

    A respondent "had a ticket" when they opened one in the `window_days` before responding
    (`service.recent_ticket_waits`). The two groups are compared with `surveys.nps_change`
    (z test of two independent NPS). service_r2 is the R² of the 0–10 answer regressed on
    the service variables among ticket holders: ln(1 + first-reply wait hours), ln(1 +
    resolution hours), reopens and the number of recent tickets (those the export has).
    Returns one row: n_with_ticket, nps_with_ticket, n_without_ticket, nps_without_ticket,
    change, change_z, change_p, change_significant (n ≥ 30 in both and p < 0.05),
    service_r2, service_n, service_variables.
    """
    rows = recent_ticket_waits(tickets, responses, ticket_cols, survey_cols, window_days=window_days).with_columns(
        pl.col("wait_hours").log1p().alias("wait"), pl.col("resolution_hours").log1p().alias("resolution")).collect()
    with_ticket = rows.filter(pl.col("wait_hours").is_not_null())
    without = rows.filter(pl.col("wait_hours").is_null())
    if with_ticket.is_empty() or without.is_empty():
        raise EmptyResult("no_ticket_split", "The respondents cannot be split into those with and without a ticket.",
                          "Load tickets and surveys with the same customer ids.")
    change = nps_change(with_ticket, without, min_n=min_n).rename(
        {"n_a": "n_with_ticket", "nps_a": "nps_with_ticket", "n_b": "n_without_ticket", "nps_b": "nps_without_ticket"})
    variables = [v for v in SERVICE_VARIABLES if with_ticket.get_column(v).is_not_null().any()]
    # Sorted by value: the join above returns its rows in any order, and a sum's last digit
    # follows the order of its terms (the R² changed between runs of the same report).
    complete = with_ticket.select(OUTCOME, *variables).drop_nulls().sort(OUTCOME, *variables)
    r2 = ols_r2(complete.select(variables).to_numpy(), complete.get_column(OUTCOME).to_numpy()) if (
        complete.height > len(variables) + 1) else None
    return change.with_columns(
        (pl.col("change_significant") & (pl.col("n_with_ticket") >= min_n) & (pl.col("n_without_ticket") >= min_n))
        .alias("change_significant"),
        pl.lit(r2, pl.Float64).alias("service_r2"), pl.lit(complete.height, pl.Int64).alias("service_n"),
        pl.lit(", ".join(variables)).alias("service_variables"))


def service_cx_by_period(tickets: TableInput, responses: TableInput, ticket_cols: TicketColumns = TicketColumns(),
                         survey_cols: SurveyColumns = SurveyColumns(), *, period: Period = "month") -> pl.DataFrame:
    """Service times beside NPS per calendar period: period, tickets' first_response_hours_median
    and resolution_hours_median (by creation period), the survey's n and nps (by response
    period), for the periods either has."""
    times = response_times(tickets, ticket_cols, period=period).select(
        "period", "first_response_hours_median", "resolution_hours_median")
    scores = nps_by_period(responses, survey_cols, period=period).select("period", "n", "nps")
    return times.join(scores, on="period", how="full", coalesce=True).sort("period")
