"""Shared statistics for the survey, service and UX metrics, as Polars expressions.

Every interval and test here is a column expression, so a metric computes it for all its
groups at once after one relational aggregation (no loops over groups). The t quantiles
are scipy's, tabulated into the expression; p-values use a native erfc (no Python function
ever runs inside a query: see `two_sided_p`).

- Wilson score interval for a proportion (Wilson 1927), for CSAT top-2-box and other shares.
- Adjusted-Wald interval (Agresti & Coull 1998), recommended for small-sample task success
  by Sauro & Lewis, *Quantifying the User Experience*, 2nd ed. 2016, ch. 3.
- NPS variance and the z test for the difference of two independent NPS (METRICS.md).
- Two-proportion z test with a pooled proportion.
- t interval for a mean.

What metrics accept and how their inputs are checked: cxreport.metrics.inputs.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl

CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE
# Fewer responses than this and a score is flagged as a small sample (METRICS.md: flag, don't hide).
MIN_N = 30


def z_value(confidence: float = CONFIDENCE) -> float:
    """Two-sided standard normal quantile: 1.959964 for 95%."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    # scipy.special's ndtri is what scipy.stats.norm.ppf computes (the same values) without
    # scipy.stats' half-second import; imported here, as reading files needs this module but not scipy.
    from scipy import special

    return float(special.ndtri(0.5 + confidence / 2))


# --- intervals for a proportion -------------------------------------------------------------


def wilson_bounds(successes: pl.Expr, n: pl.Expr, confidence: float = CONFIDENCE) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval (without continuity correction) for successes / n.

    centre = (p + z²/2n) / (1 + z²/n), half-width = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n).
    Null when n = 0. Stays inside [0, 1] by construction, and unlike the Wald interval it
    does not collapse to zero width at p = 0 or 1.
    """
    z = z_value(confidence)
    x = successes.cast(pl.Float64)
    m = n.cast(pl.Float64)
    p = x / m
    denom = 1 + z**2 / m
    centre = (p + z**2 / (2 * m)) / denom
    half = z * (p * (1 - p) / m + z**2 / (4 * m**2)).sqrt() / denom
    valid = m > 0
    # The interval always contains p; min/max only absorb rounding at p = 0 or 1 (1e-17 > 0).
    return (
        pl.when(valid).then(pl.min_horizontal(centre - half, p).clip(0.0, 1.0)),
        pl.when(valid).then(pl.max_horizontal(centre + half, p).clip(0.0, 1.0)),
    )


def adjusted_wald_bounds(successes: pl.Expr, n: pl.Expr, confidence: float = CONFIDENCE) -> tuple[pl.Expr, pl.Expr]:
    """Adjusted-Wald interval (Agresti–Coull; Sauro & Lewis 2016) for successes / n.

    p_adj = (x + z²/2) / (n + z²); interval p_adj ± z·sqrt(p_adj(1 − p_adj)/(n + z²)),
    clipped to [0, 1]. At 95% this is "add two successes and two failures". Null when n = 0.
    """
    z = z_value(confidence)
    x = successes.cast(pl.Float64)
    m = n.cast(pl.Float64)
    n_adj = m + z**2
    p_adj = (x + z**2 / 2) / n_adj
    half = z * (p_adj * (1 - p_adj) / n_adj).sqrt()
    valid = m > 0
    return (
        pl.when(valid).then((p_adj - half).clip(0.0, 1.0)),
        pl.when(valid).then((p_adj + half).clip(0.0, 1.0)),
    )


# --- NPS ---------------------------------------------------------------------------------------


def nps_variance(promoters: pl.Expr, detractors: pl.Expr, n: pl.Expr) -> pl.Expr:
    """Variance of the NPS estimate, in proportion units: (p + d − (p − d)²) / n.

    Each response scores +1 (promoter), 0 (passive) or −1 (detractor); NPS/100 is the mean
    of that score and this is the variance of the mean (METRICS.md). Null when n = 0.
    """
    m = n.cast(pl.Float64)
    p = promoters.cast(pl.Float64) / m
    d = detractors.cast(pl.Float64) / m
    return pl.when(m > 0).then((p + d - (p - d) ** 2) / m)


def nps_difference_z(nps_a: pl.Expr, variance_a: pl.Expr, nps_b: pl.Expr, variance_b: pl.Expr) -> pl.Expr:
    """z = (NPS_a − NPS_b) / sqrt(Var_a + Var_b) for two independent samples.

    NPS in points (−100..100), variances in proportion units (from `nps_variance`), so the
    points are divided by 100. Null when both variances are 0 (e.g. every answer a 10 in
    both samples): the difference then has no sampling error to compare it with.
    """
    se = (variance_a + variance_b).sqrt()
    return pl.when(se > 0).then((nps_a - nps_b) / 100 / se)


def two_proportion_z(x_a: pl.Expr, n_a: pl.Expr, x_b: pl.Expr, n_b: pl.Expr) -> pl.Expr:
    """Pooled two-proportion z: (p_a − p_b) / sqrt(p̂(1 − p̂)(1/n_a + 1/n_b)), p̂ = (x_a + x_b)/(n_a + n_b).

    Null when either n is 0 or the pooled share is 0 or 1 (no variation to test against).
    """
    na, nb = n_a.cast(pl.Float64), n_b.cast(pl.Float64)
    pooled = (x_a + x_b).cast(pl.Float64) / (na + nb)
    se = (pooled * (1 - pooled) * (1 / na + 1 / nb)).sqrt()
    return pl.when((na > 0) & (nb > 0) & (se > 0)).then((x_a / na - x_b / nb) / se)


# Native Polars expressions only, never a Python function inside a query (`map_batches`):
# a Python function runs on Polars' thread pool and needs the GIL, and under concurrent
# sessions (the app's script threads) that deadlocked the server: one session's query
# waited for the GIL on a pool thread while another held the GIL waiting for the pool.

# erfc(x) = t·exp(−x² + P(t)), t = 1/(1 + x/2): Chebyshev fit with a fractional error
# below 1.2e-7 for every x ≥ 0 (Press et al., Numerical Recipes, 2nd ed., §6.2, erfcc).
_ERFC_COEFFICIENTS = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
                      0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def _erfc(x: pl.Expr) -> pl.Expr:
    """erfc(x) for x ≥ 0, to a relative 1.2e-7."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = pl.lit(_ERFC_COEFFICIENTS[-1])
    for c in reversed(_ERFC_COEFFICIENTS[:-1]):
        poly = c + t * poly
    return t * (-(x * x) + poly).exp()


def two_sided_p(z: pl.Expr) -> pl.Expr:
    """Two-sided normal p-value 2·(1 − Φ(|z|)) = erfc(|z|/√2), to a relative 1.2e-7; null for a null z."""
    return _erfc(z.cast(pl.Float64).abs() / np.sqrt(2.0))


# --- mean ----------------------------------------------------------------------------------

# Degrees of freedom up to this take the exact quantile from a table; above it the
# Cornish–Fisher expansion to 1/df⁴ is exact to ~1e-12.
_T_TABLE_DF = 1000


@lru_cache(maxsize=8)
def _t_table(confidence: float) -> tuple[list[int], list[float]]:
    from scipy import special  # stdtrit(df, q) is scipy.stats.t.ppf(q, df): see z_value

    q = 0.5 + confidence / 2
    dfs = list(range(1, _T_TABLE_DF + 1))
    return dfs, [float(v) for v in special.stdtrit(dfs, q)]


def t_quantile(df: pl.Expr, confidence: float = CONFIDENCE) -> pl.Expr:
    """Student t quantile for a two-sided interval with `df` (whole) degrees of freedom (null when df < 1).

    Exact (scipy's, tabulated) up to 1,000 degrees of freedom; above, the Cornish–Fisher
    expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5).
    """
    z = z_value(confidence)
    nu = df.cast(pl.Float64)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    expansion = z + g1 / nu + g2 / nu**2 + g3 / nu**3 + g4 / nu**4
    dfs, quantiles = _t_table(confidence)
    whole = df.cast(pl.Float64).floor().cast(pl.Int64)
    return (pl.when(whole < 1).then(None)
            .when(whole <= _T_TABLE_DF).then(whole.replace_strict(dfs, quantiles, default=None, return_dtype=pl.Float64))
            .otherwise(expansion))


def t_bounds(mean: pl.Expr, sd: pl.Expr, n: pl.Expr, confidence: float = CONFIDENCE) -> tuple[pl.Expr, pl.Expr]:
    """mean ± t(n − 1)·sd/√n. Null when n < 2 (no estimate of spread)."""
    half = t_quantile(n - 1, confidence) * sd / n.cast(pl.Float64).sqrt()
    valid = n >= 2
    return pl.when(valid).then(mean - half), pl.when(valid).then(mean + half)
