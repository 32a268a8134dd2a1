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

import numpy as np
import polars as pl
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import gammaln
from scipy.stats import pearsonr

from cxreport.errors import EmptyResult

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
    return rfm.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0))


def fit_gamma_gamma(rfm: pl.DataFrame, *, penalizer: float = 0.0) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma fit on an RFM summary (columns frequency, monetary_value).

    Only customers with frequency > 0 and monetary_value > 0 enter (the first purchase is
    not a spend observation, and the Gamma density needs positive values). Maximises the
    summed log-likelihood over log(p, q, v); `penalizer` adds penalizer·Σ params² to the
    mean negative log-likelihood, as lifetimes does.
    """
    fit_on = spenders(rfm)
    if fit_on.height < 2:
        raise EmptyResult(
            "gamma_gamma_too_few_spenders",
            f"Only {fit_on.height} customer(s) made a repeat purchase with a positive amount; spend per purchase cannot be modelled.",
            "Use a longer period of orders so that more customers buy twice.",
            customers=fit_on.height,
        )
    x = fit_on["frequency"].to_numpy().astype(float)
    m = fit_on["monetary_value"].to_numpy().astype(float)

    def objective(log_params: np.ndarray) -> float:
        params = np.exp(log_params)
        return -float(np.mean(gamma_gamma_log_likelihood(params, x, m))) + penalizer * float(params @ params)

    # Start where the implied mean spend p·v/(q−1) equals the observed mean.
    start = np.log([1.0, 2.0, max(float(np.mean(m)), 1e-6)])
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 3
    first = minimize(objective, start, method="L-BFGS-B", bounds=bounds, options={"maxiter": 2000, "ftol": 1e-14, "gtol": 1e-10})
    polished = minimize(
        objective, first.x, method="Nelder-Mead", bounds=bounds,
        options={"maxiter": 4000, "xatol": 1e-9, "fatol": 1e-13},
    )
    best = polished if polished.fun <= first.fun else first
    p, q, v = (float(value) for value in np.exp(best.x))
    log_likelihood = float(np.sum(gamma_gamma_log_likelihood((p, q, v), x, m)))
    at_bound = bool(np.any(np.abs(best.x) >= _LOG_BOUND - 1e-6))
    return GammaGamma(
        p=p, q=q, v=v,
        log_likelihood=log_likelihood,
        n=fit_on.height,
        converged=bool(polished.success or first.success) and np.isfinite(log_likelihood) and not at_bound,
        penalizer=penalizer,
    )


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
        result = pearsonr(fit_on["frequency"].to_numpy().astype(float), fit_on["monetary_value"].to_numpy())
        r_value, p_value = float(result.statistic), float(result.pvalue)
    return pl.DataFrame(
        {"customers": [n], "pearson_r": [r_value], "p_value": [p_value]},
        schema={"customers": pl.Int64, "pearson_r": pl.Float64, "p_value": pl.Float64},
    )
