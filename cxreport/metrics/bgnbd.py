"""BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

Source: P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "'Counting Your Customers' the Easy
Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284, and the
technical note "Implementing the BG/NBD Model for Customer Base Analysis in Excel"
(brucehardie.com/notes/004).

While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
repeat purchase she drops out with probability p ~ Beta(a, b). Each customer enters the
likelihood through x (repeat purchases), t_x (time of the last one since the first
purchase) and T (time since the first purchase), see `cxreport.metrics.rfm`.

Published estimates on the CDNOW sample (2,357 customers, 39 weekly calibration periods):
r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial

import numpy as np
import polars as pl
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1

from cxreport.errors import EmptyResult
from cxreport.metrics._runs import distinct_pairs

# Log-parameters are kept inside this box so a runaway step cannot overflow exp().
_LOG_BOUND = 15.0

# The Gauss series fallback stops after this many terms (enough for ~1,000 expected purchases).
_SERIES_TERMS = 4000


def hyp2f1_robust(A: ArrayLike, B: ArrayLike, C: ArrayLike, z: ArrayLike) -> np.ndarray:
    """₂F₁(A, B; C; z) for 0 ≤ z < 1: scipy's, with the Gauss series where scipy gives up.

    scipy returns NaN when A, B and C are all huge (r, b in the thousands), which is where
    the likelihood drifts on regular, under-dispersed buying (the Poisson limit of the
    NBD). There z = t/(α+T+t) is tiny and the series Σ (A)ₖ(B)ₖ/((C)ₖ k!) zᵏ converges
    like a Poisson sum, so it is summed directly (term ratios, vectorised over entries).
    """
    A, B, C, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (A, B, C, z)))
    with np.errstate(all="ignore"):
        out = np.asarray(hyp2f1(A, B, C, z), dtype=float).copy()
    bad = ~np.isfinite(out)
    if bad.any():
        a, b, c, zz = A[bad], B[bad], C[bad], z[bad]
        term = np.ones_like(zz)
        total = np.ones_like(zz)
        for k in range(_SERIES_TERMS):
            term = term * (a + k) * (b + k) / ((c + k) * (k + 1)) * zz
            total = total + term
            if np.all(np.abs(term) <= 1e-16 * np.abs(total)):
                break
        else:
            total[np.abs(term) > 1e-12 * np.abs(total)] = np.nan
        out[bad] = total
    return out


def bgnbd_log_likelihood(
    params: ArrayLike, x: ArrayLike, t_x: ArrayLike, T: ArrayLike
) -> np.ndarray:
    """Log-likelihood of each customer under BG/NBD, FHL 2005 eq. (6).

    L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
        + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
    Computed on the log scale as ln A1 + ln A2 + ln(exp(A3) + δ exp(A4)) with
    A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x), since B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1).
    """
    r, alpha, a, b = (float(v) for v in params)
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    # b + x − 1 can be ≤ 0 when x = 0 and b < 1; that term is absent for x = 0 anyway.
    a4 = np.where(
        repeat,
        np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x),
        -np.inf,
    )
    return a1 + a2 + np.logaddexp(a3, a4)


@dataclass(frozen=True)
class PurchaseData:
    """(x, t_x, T) rows with weights summing to 1, each column also as its distinct values and
    each row's index into them: the Γ, B and ψ terms depend on x alone and the logarithms on
    t_x or T alone, so they are evaluated once per distinct value (a few hundred x, at most a
    few thousand days) instead of once per row (up to one per customer)."""

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    weight: np.ndarray
    distinct_x: np.ndarray
    index: np.ndarray
    distinct_t_x: np.ndarray
    t_x_index: np.ndarray
    distinct_T: np.ndarray
    T_index: np.ndarray
    weight_of_x: np.ndarray  # the weights summed per distinct x
    repeat: np.ndarray  # x > 0

    @classmethod
    def of(cls, x: ArrayLike, t_x: ArrayLike, T: ArrayLike, weight: ArrayLike) -> PurchaseData:
        x, t_x, T, weight = (np.asarray(v, dtype=float) for v in (x, t_x, T, weight))
        weight = weight / weight.sum()
        distinct_x, index = np.unique(x, return_inverse=True)
        distinct_t_x, t_x_index = np.unique(t_x, return_inverse=True)
        distinct_T, T_index = np.unique(T, return_inverse=True)
        return cls(x, t_x, T, weight, distinct_x, index, distinct_t_x, t_x_index, distinct_T, T_index,
                   np.bincount(index, weights=weight, minlength=distinct_x.size), x > 0)


def negative_log_likelihood(log_params: np.ndarray, data: PurchaseData,
                            penalizer: float = 0.0) -> tuple[float, np.ndarray]:
    """Weighted mean negative log-likelihood (plus the penalty) and its exact gradient in log(r, α, a, b).

    ln L = A1 + A2 + ln(e^A3 + δ e^A4) (see `bgnbd_log_likelihood`). With s = δe^A4/(e^A3 + δe^A4),
    the share of the second term, ∂ln L = ∂A1 + ∂A2 + (1−s)∂A3 + s∂A4, where
    ∂A1/∂r = ψ(r+x) − ψ(r) + ln α, ∂A1/∂α = r/α; ∂A2/∂a = ψ(a+b) − ψ(a+b+x),
    ∂A2/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x); ∂A3/∂r = −ln(α+T), ∂A3/∂α = −(r+x)/(α+T);
    ∂A4/∂r = −ln(α+t_x), ∂A4/∂α = −(r+x)/(α+t_x), ∂A4/∂a = 1/a, ∂A4/∂b = −1/(b+x−1).
    Exact derivatives replace numerical ones (4 extra likelihoods per step) and the
    Nelder–Mead polish the fit used to need.
    """
    params = np.exp(log_params)
    r, alpha, a, b = params
    x, w, ux, at, w_x = data.x, data.weight, data.distinct_x, data.index, data.weight_of_x
    # Terms of x alone enter the sums weighted by their x's total weight: no per-row copy.
    psi_abx = digamma(a + b + ux)
    by_x = gammaln(r + ux) - gammaln(r) + r * np.log(alpha) + betaln(a, b + ux) - betaln(a, b)
    d_r_x = digamma(r + ux) - digamma(r)
    d_a_x = digamma(a + b) - psi_abx
    d_b_x = digamma(a + b) + digamma(b + ux) - digamma(b) - psi_abx
    b_x1 = np.where(ux > 0, b + ux - 1, 1.0)
    log_b_x1, inv_b_x1 = np.log(b_x1), 1 / b_x1
    # per distinct T and t_x
    log_alpha_T, inv_alpha_T = np.log(alpha + data.distinct_T)[data.T_index], (1 / (alpha + data.distinct_T))[data.T_index]
    log_alpha_tx = np.log(alpha + data.distinct_t_x)[data.t_x_index]
    inv_alpha_tx = (1 / (alpha + data.distinct_t_x))[data.t_x_index]
    r_x = r + x
    a3 = -r_x * log_alpha_T
    # ln(e^A3 + e^A4) = A3 + ln(1 + e^D) with D = A4 − A3, and s = e^D / (1 + e^D): one exp
    # and one log1p of e^−|D| give both without overflow.
    gap = np.where(data.repeat, np.log(a) - log_b_x1[at] - r_x * log_alpha_tx - a3, -np.inf)
    small = np.exp(-np.abs(gap))
    tail = a3 + np.maximum(gap, 0.0) + np.log1p(small)
    inverse = 1 / (1 + small)
    share = np.where(gap > 0, inverse, small * inverse)  # s: 0 where x = 0
    w_share = w * share
    # Sums of products rather than dot products: numpy hands a dot product of this length to
    # a threaded BLAS, which on a busy machine waits for its threads longer than it computes
    # (measured: most of a 1M-row report's time in this line). The weights sum to 1.
    value = -(float(np.sum(w_x * by_x)) + float(np.sum(w * tail))) + penalizer * float(params @ params)
    d_r = (np.sum(w_x * d_r_x) + np.log(alpha) - np.sum((w - w_share) * log_alpha_T) - np.sum(w_share * log_alpha_tx))
    d_alpha = r / alpha - np.sum(r_x * ((w - w_share) * inv_alpha_T + w_share * inv_alpha_tx))
    d_a = np.sum(w_x * d_a_x) + np.sum(w_share) / a
    d_b = np.sum(w_x * d_b_x) - np.sum(np.bincount(at, weights=w_share, minlength=ux.size) * inv_b_x1)
    gradient = -np.array([d_r, d_alpha, d_a, d_b])
    return value, (gradient + 2 * penalizer * params) * params


@dataclass(frozen=True)
class BGNBD:
    """A fitted BG/NBD model. Time is in `time_unit` (the unit of the RFM summary)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float  # at the estimates, summed over (weighted) customers
    n: int  # customers (sum of weights)
    time_unit: str
    converged: bool
    penalizer: float = 0.0

    @property
    def params(self) -> dict[str, float]:
        return {k: v for k, v in asdict(self).items() if k in ("r", "alpha", "a", "b")}

    def p_alive(self, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> np.ndarray:
        """P(alive at T | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).

        FHL 2005 eq. (A3)/technical note; a customer without repeat purchases has not had
        a chance to drop out (drop-out happens only after a purchase), so P(alive) = 1.
        """
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        return 1.0 / (1.0 + self._dropout_odds(x, t_x, T))

    def expected_purchases(self, t: ArrayLike, x: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next `t` time units, FHL 2005 eq. (10).

        (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
        ÷ [1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)].
        Arrays broadcast (e.g. t of shape (k, 1) against customers of shape (n,)).
        """
        t, x, t_x, T = (np.asarray(v, dtype=float) for v in (t, x, t_x, T))
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        hyp = self._hyp2f1_term(t, x, T)
        numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
        return numerator / (1.0 + self._dropout_odds(x, t_x, T))

    def _hyp2f1_term(self, t: np.ndarray, x: np.ndarray, T: np.ndarray) -> np.ndarray:
        """₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)) of `expected_purchases`. It depends on x and T
        alone, so for a table of customers it is evaluated once per distinct (x, T) pair (a
        few thousand days × a few dozen x) and spread back: most of the scoring time."""
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        per_customer_t = not (t.ndim == 0 or (t.ndim == 2 and t.shape[1] == 1))
        if per_customer_t or x.ndim != 1 or x.shape != T.shape or x.size < 1000:
            return hyp2f1_robust(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
        ux, uT, _, index = distinct_pairs(x, T)
        return hyp2f1_robust(r + ux, b + ux, a + b + ux - 1, t / (alpha + uT + t))[..., index]

    def expected_purchases_new(self, t: ArrayLike) -> np.ndarray:
        """E[X(t)]: expected repeat purchases by time t of a customer who just bought, FHL 2005 eq. (7).

        (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
        The closed forms are 0/0 at exactly a = 1 (and here a + b = 1); fits do not land there.
        """
        t = np.asarray(t, dtype=float)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        hyp = hyp2f1_robust(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)

    def _dropout_odds(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
        """δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), on the log scale to avoid overflow."""
        repeat = x > 0
        log_odds = (
            np.log(self.a)
            - np.log(np.where(repeat, self.b + x - 1, 1.0))
            + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        )
        return np.where(repeat, np.exp(np.where(repeat, log_odds, 0.0)), 0.0)


def _distinct_rows(rfm: pl.DataFrame, weight_col: str | None) -> pl.DataFrame:
    """Customers sharing (x, t_x, T) contribute identical terms: fit on distinct rows with weights."""
    weight = pl.col(weight_col).cast(pl.Float64) if weight_col else pl.lit(1.0)
    return (
        rfm.select("frequency", "recency", "T", weight.alias("weight"))
        .group_by("frequency", "recency", "T")
        .agg(pl.col("weight").sum())
        .sort("frequency", "recency", "T")
    )


def fit_bgnbd(
    rfm: pl.DataFrame,
    *,
    penalizer: float = 0.0,
    weight_col: str | None = None,
    time_unit: str = "week",
) -> BGNBD:
    """Maximum-likelihood BG/NBD fit on an RFM summary (columns frequency, recency, T).

    Maximises Σ w·ln L (eq. 6, `bgnbd_log_likelihood`) over log(r, α, a, b) with scipy's
    L-BFGS-B and the exact gradient (`negative_log_likelihood`). `penalizer` adds penalizer·Σ params² to the mean
    negative log-likelihood (lifetimes' L2 penalty), which keeps estimates finite on
    small or degenerate data. `weight_col` names a column counting identical customers.
    `time_unit` only labels the result: it must be the unit the summary was built in.
    """
    rows = _distinct_rows(rfm, weight_col)
    x = rows["frequency"].to_numpy().astype(float)
    t_x = rows["recency"].to_numpy()
    T = rows["T"].to_numpy()
    w = rows["weight"].to_numpy()
    total = float(w.sum())
    if total == 0 or not (x > 0).any():
        raise EmptyResult(
            "bgnbd_no_repeat_customers",
            "No customer made a repeat purchase, so repeat buying cannot be modelled.",
            "Use a longer period of orders, or check that customer ids are consistent across orders.",
        )

    objective = partial(negative_log_likelihood, data=PurchaseData.of(x, t_x, T, w), penalizer=penalizer)
    # Start: unit shapes, α on the scale of the observation window (α is a time scale).
    start = np.log([1.0, max(float(np.mean(T)), 1e-3), 1.0, 1.0])
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 4
    best = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                    options={"maxiter": 3000, "ftol": 1e-14, "gtol": 1e-9})
    # Near the optimum the line search can stop on rounding ("ABNORMAL") with the gradient
    # already ~1e-9: what counts is the gradient, not the optimiser's message.
    stationary = bool(best.success) or float(np.max(np.abs(best.jac))) < 1e-7
    r, alpha, a, b = (float(v) for v in np.exp(best.x))
    # A sum, not a BLAS dot product, whose last digit would depend on its thread count.
    log_likelihood = float(np.sum(w * bgnbd_log_likelihood((r, alpha, a, b), x, t_x, T)))
    at_bound = bool(np.any(np.abs(best.x) >= _LOG_BOUND - 1e-6))
    return BGNBD(
        r=r, alpha=alpha, a=a, b=b,
        log_likelihood=log_likelihood,
        n=int(round(total)),
        time_unit=time_unit,
        converged=stationary and np.isfinite(log_likelihood) and not at_bound,
        penalizer=penalizer,
    )
