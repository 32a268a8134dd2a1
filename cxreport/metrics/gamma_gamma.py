"""Gamma-Gamma model of spend per transaction (Colombo & Jiang 1999; Fader, Hardie & Lee 2005).

Sources: R. Colombo, W. Jiang (1999), "A stochastic RFM model", Journal of Interactive
Marketing 13(3); P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "RFM and CLV: Using
Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 415–430;
B. Hardie, "The Gamma-Gamma Model of Monetary Value" (brucehardie.com/notes/025).

A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers
(γ is written v here). The data per customer are x (repeat transactions) and m (their
mean value), i.e. `frequency` and `monetary_value` of `cxreport.metrics.rfm`: the mean
value of the repeat purchase days. That definition reproduces the published CDNOW
estimates p = 6.25, q = 3.74, v = 15.44 on the 946 customers with a repeat purchase in
the 39-week calibration period (the "zbar" of the published summary file).

The model assumes spend is independent of purchase frequency: check it with
`spend_frequency_correlation` (CDNOW: r ≈ 0.11, which FHL consider small enough).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import polars as pl
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import betaincc, digamma, gammaln

from cxreport.errors import EmptyResult
from cxreport.metrics._runs import distinct_pairs

_LOG_BOUND = 15.0


def gamma_gamma_log_likelihood(params: ArrayLike, x: ArrayLike, m: ArrayLike) -> np.ndarray:
    """Log-likelihood of each customer's mean spend m over x transactions (x > 0, m > 0).

    f(m | p, q, v, x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q m^(px−1) x^(px) / (v + m x)^(px+q)
    (Hardie's note 025, eq. 5: the density of the mean of x Gamma(p, ν) draws, ν ~ Gamma(q, v)).
    """
    p, q, v = (float(value) for value in params)
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    px = p * x
    return (
        gammaln(px + q) - gammaln(px) - gammaln(q)
        + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x)
        - (px + q) * np.log(v + m * x)
    )


@dataclass(frozen=True)
class SpendData:
    """What the likelihood needs of (x, m), computed once per fit.

    Customers with the same (x, m) are one row with its count of customers (prices
    repeat, so real data compress; simulated continuous spend does not). The Γ and ψ
    terms depend on x alone, so they are evaluated once per distinct x; the sums that do
    not depend on the parameters are taken here once.
    """

    x: np.ndarray  # distinct (x, m) rows
    m: np.ndarray
    count: np.ndarray | None  # customers on each row; None when every row is one customer
    x_count: np.ndarray  # x · count
    mx: np.ndarray  # m · x
    customers: float
    distinct_x: np.ndarray
    weight: np.ndarray  # share of the customers at each distinct x
    mean_log_m: float
    mean_x_log_m: float
    mean_x_log_x: float

    @classmethod
    def of(cls, x: ArrayLike, m: ArrayLike, counts: ArrayLike | None = None) -> SpendData:
        """From per-row x and m, each row standing for `counts` customers (default 1)."""
        x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
        count = None if counts is None or np.all(np.asarray(counts) == 1) else np.asarray(counts, dtype=float)
        ones = np.ones_like(x) if count is None else count
        customers = float(ones.sum())
        distinct_x, index = np.unique(x, return_inverse=True)
        weight = np.bincount(index, weights=ones, minlength=distinct_x.size) / customers
        x_count, log_m = x * ones, np.log(m)
        return cls(x, m, count, x_count, m * x, customers, distinct_x, weight,
                   float(np.sum(ones * log_m)) / customers, float(np.sum(x_count * log_m)) / customers,
                   float(np.sum(x_count * np.log(x))) / customers)

    def mean(self, values: np.ndarray) -> float:
        """The mean over customers of a per-row value."""
        # Sums rather than dot products: numpy hands large dot products to a threaded BLAS,
        # which on a busy machine costs far more than the arithmetic.
        return float(np.sum(values if self.count is None else values * self.count)) / self.customers

    def x_mean(self, values: np.ndarray) -> float:
        """The mean over customers of x times a per-row value."""
        return float(np.sum(self.x_count * values)) / self.customers


def negative_log_likelihood(log_params: np.ndarray, data: SpendData,
                            penalizer: float = 0.0) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood (plus the penalty) and its exact gradient in log(p, q, v).

    ∂ℓ/∂p = x(ψ(px+q) − ψ(px) + log m + log x − log(v+mx)), ∂ℓ/∂q = ψ(px+q) − ψ(q) + log v
    − log(v+mx), ∂ℓ/∂v = q/v − (px+q)/(v+mx); the chain rule multiplies each by its
    parameter. Exact derivatives let L-BFGS-B converge in tens of steps where numerical
    ones and a Nelder–Mead polish took thousands of likelihood evaluations. Per customer
    row only log(v+mx) and 1/(v+mx) are computed, then four sums.
    """
    params = np.exp(log_params)
    p, q, v = params
    ux, w = data.distinct_x, data.weight
    pux = p * ux
    digamma_pxq = digamma(pux + q)
    t = v + data.mx
    log_t = np.log(t)
    inv_t = 1.0 / t
    mean_log_t, mean_x_log_t = data.mean(log_t), data.x_mean(log_t)
    mean_ll = (w @ (gammaln(pux + q) - gammaln(pux)) - gammaln(q) + q * np.log(v)
               + p * data.mean_x_log_m - data.mean_log_m + p * data.mean_x_log_x - p * mean_x_log_t - q * mean_log_t)
    d_p = w @ (ux * (digamma_pxq - digamma(pux))) + data.mean_x_log_m + data.mean_x_log_x - mean_x_log_t
    d_q = w @ digamma_pxq - digamma(q) + np.log(v) - mean_log_t
    d_v = q / v - p * data.x_mean(inv_t) - q * data.mean(inv_t)
    value = -float(mean_ll) + penalizer * float(params @ params)
    gradient = (-np.array([d_p, d_q, d_v]) + 2 * penalizer * params) * params
    return value, gradient


@dataclass(frozen=True)
class GammaGamma:
    """A fitted Gamma-Gamma spend model (money in the data's currency)."""

    p: float
    q: float
    v: float
    log_likelihood: float
    n: int  # customers fitted on (x > 0, m > 0)
    converged: bool
    penalizer: float = 0.0

    @property
    def params(self) -> dict[str, float]:
        return {"p": self.p, "q": self.q, "v": self.v}

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, E[Z] = p·v/(q−1) (infinite when q ≤ 1)."""
        return self.p * self.v / (self.q - 1) if self.q > 1 else float("inf")

    def conditional_expected_spend(self, x: ArrayLike, m: ArrayLike) -> np.ndarray:
        """E[Z | x, m] = p (v + x m) / (p x + q − 1), FHL 2005 (JMR) eq. (5).

        A weighted mean of the population mean p·v/(q−1) and the customer's own mean m,
        with weight p·x/(p·x+q−1) on m; for x = 0 it is the population mean.
        """
        x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
        return self.p * (self.v + x * m) / (self.p * x + self.q - 1)


def spenders(rfm: pl.DataFrame) -> pl.DataFrame:
    """The customers the model is fitted on: at least one repeat purchase and positive mean spend."""
    # NaN is above every number in Polars, not in numpy: left out here as the fit leaves it out.
    return rfm.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0) & pl.col("monetary_value").is_not_nan())


def fit_gamma_gamma(rfm: pl.DataFrame, *, penalizer: float = 0.0) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma fit on an RFM summary (columns frequency, monetary_value).

    Only customers with frequency > 0 and monetary_value > 0 enter (the first purchase is
    not a spend observation, and the Gamma density needs positive values). Maximises the
    summed log-likelihood over log(p, q, v); `penalizer` adds penalizer·Σ params² to the
    mean negative log-likelihood, as lifetimes does.
    """
    # numpy rather than Polars for these few hundred thousand numbers: single-threaded work
    # does not wait for a thread pool on a busy machine.
    x = rfm["frequency"].to_numpy().astype(float)
    m = rfm["monetary_value"].to_numpy().astype(float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    if x.size < 2:
        raise _too_few_spenders(int(x.size))
    # Sorted, so that the sums (and the fit to the last digit) do not depend on row order.
    xs, ms, counts, _ = distinct_pairs(x, m)
    return _fit(xs, ms, counts, penalizer=penalizer)


def _too_few_spenders(customers: int) -> EmptyResult:
    return EmptyResult(
        "gamma_gamma_too_few_spenders",
        f"Only {customers} customer(s) made a repeat purchase with a positive amount; spend per purchase cannot be modelled.",
        "Use a longer period of orders so that more customers buy twice.",
        customers=customers,
    )


def _fit(x: np.ndarray, m: np.ndarray, counts: np.ndarray, *, penalizer: float) -> GammaGamma:
    """The fit on distinct (x, m) pairs sorted by x then m, each with its customers: one
    computation whether the customers were counted here or by an engine, so both give the
    same estimates from the same pairs (the likelihood is flat along q when q is large, and
    another start stops the optimiser elsewhere in that valley)."""
    data = SpendData.of(x, m, counts)
    objective = partial(negative_log_likelihood, data=data, penalizer=penalizer)
    # Start where the implied mean spend p·v/(q−1) equals the observed mean.
    start = np.log([1.0, 2.0, max(float(np.sum(m * counts)) / float(counts.sum()), 1e-6)])
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 3
    best = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                    options={"maxiter": 2000, "ftol": 1e-14, "gtol": 1e-9})
    # Near the optimum the line search can stop on rounding ("ABNORMAL") with the gradient
    # already ~1e-9: what counts is the gradient, not the optimiser's message.
    stationary = bool(best.success) or float(np.max(np.abs(best.jac))) < 1e-7
    p, q, v = (float(value) for value in np.exp(best.x))
    # The objective's own mean (Γ terms per distinct x), not three gammaln per customer again.
    log_likelihood = -negative_log_likelihood(best.x, data)[0] * data.customers
    at_bound = bool(np.any(np.abs(best.x) >= _LOG_BOUND - 1e-6))
    return GammaGamma(
        p=p, q=q, v=v,
        log_likelihood=log_likelihood,
        n=int(counts.sum()),
        converged=stationary and np.isfinite(log_likelihood) and not at_bound,
        penalizer=penalizer,
    )


def fit_gamma_gamma_counts(spend: pl.DataFrame, *, penalizer: float = 0.0) -> GammaGamma:
    """`fit_gamma_gamma` on customers already counted: columns frequency, monetary_value,
    customers (how many customers have that pair), as an engine sends them back
    (`cxreport.engine.clv`). The same rows enter, in the same order, from the same start
    (the mean spend, here weighted by customers), so the estimates are the per-customer
    fit's up to rounding in the last digits of that start.
    """
    kept = (
        spend.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0) & pl.col("monetary_value").is_not_nan())
        .group_by("frequency", "monetary_value")
        .agg(pl.col("customers").sum())
        .sort("frequency", "monetary_value")
    )
    x, m = kept["frequency"].to_numpy().astype(float), kept["monetary_value"].to_numpy().astype(float)
    counts = kept["customers"].to_numpy().astype(np.int64)
    customers = int(counts.sum())
    if customers < 2:
        raise _too_few_spenders(customers)
    return _fit(x, m, counts, penalizer=penalizer)


def spend_frequency_correlation(rfm: pl.DataFrame) -> pl.DataFrame:
    """Pearson correlation between frequency and monetary_value among the Gamma-Gamma customers.

    The Gamma-Gamma model assumes spend per transaction is independent of how often a
    customer buys; a correlation far from 0 means its spend predictions are biased.
    One row: customers, pearson_r, p_value (null when fewer than 3 customers or no variation).
    """
    fit_on = spenders(rfm)
    n = fit_on.height
    r_value = p_value = None
    if n >= 3 and fit_on["frequency"].n_unique() > 1 and fit_on["monetary_value"].n_unique() > 1:
        r_value, p_value = _pearson(fit_on["frequency"].to_numpy().astype(float),
                                    fit_on["monetary_value"].to_numpy().astype(float))
    return pl.DataFrame(
        {"customers": [n], "pearson_r": [r_value], "p_value": [p_value]},
        schema={"customers": pl.Int64, "pearson_r": pl.Float64, "p_value": pl.Float64},
    )


def _pearson(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Pearson r and its two-sided p-value for non-constant x and y (at least 3 of each).

    scipy.stats.pearsonr's computation step for step (deviations scaled by their largest
    before the norm; under independence r follows a beta(n/2 − 1, n/2 − 1) law on (−1, 1)),
    so the values are the same to the last bit; written out because importing scipy.stats
    costs half a second of every CLI run. The tests compare it with scipy.stats.pearsonr.
    """
    xm, ym = x - np.mean(x, keepdims=True), y - np.mean(y, keepdims=True)
    x_max, y_max = np.max(np.abs(xm), keepdims=True), np.max(np.abs(ym), keepdims=True)
    norm = getattr(np.linalg, "vector_norm", np.linalg.norm)  # numpy < 2 has only norm (as scipy then uses)
    x_norm = x_max * norm(xm / x_max, keepdims=True)
    y_norm = y_max * norm(ym / y_max, keepdims=True)
    r = np.clip(np.sum(xm / x_norm * (ym / y_norm), axis=-1) if not hasattr(np, "vecdot") else np.vecdot(xm / x_norm, ym / y_norm),
                -1.0, 1.0)
    ab = np.asarray(x.size / 2 - 1)
    return float(r), float(2 * betaincc(ab, ab, (np.abs(r) - -1.0) / 2))
