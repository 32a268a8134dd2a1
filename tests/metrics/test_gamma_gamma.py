"""Gamma-Gamma: the published CDNOW estimates, the density by hand, simulation and invariants."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import CXError
from cxreport.metrics.gamma_gamma import (
    GammaGamma,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
    spend_frequency_correlation,
)


def model(p=6.25, q=3.74, v=15.44) -> GammaGamma:
    return GammaGamma(p=p, q=q, v=v, log_likelihood=float("nan"), n=0, converged=True)


def simulate_spend(p, q, v, x, rng) -> pl.DataFrame:
    """ν ~ Gamma(q, rate v) per customer; each of x transactions ~ Gamma(p, rate ν); m = their mean."""
    nu = rng.gamma(q, 1 / v, len(x))
    totals = rng.gamma(p * x, 1 / nu)  # a sum of x Gamma(p, ν) draws is Gamma(p·x, ν)
    return pl.DataFrame({"frequency": x, "monetary_value": totals / x})


@pytest.mark.network
def test_fit_reproduces_fhl_2005_on_cdnow(cdnow_rfm):
    # Published on the 946 CDNOW customers with a repeat purchase in weeks 1–39, using the
    # mean value of their repeat purchase days (the summary file's zbar).
    fitted = fit_gamma_gamma(cdnow_rfm)
    assert fitted.n == 946
    assert fitted.p == pytest.approx(6.25, rel=0.02)
    assert fitted.q == pytest.approx(3.74, rel=0.02)
    assert fitted.v == pytest.approx(15.44, rel=0.02)
    assert fitted.converged


@pytest.mark.network
def test_cdnow_spend_is_nearly_independent_of_frequency(cdnow_rfm):
    # FHL (2005, JMR) report a correlation of 0.11 between average spend and repeat transactions.
    row = spend_frequency_correlation(cdnow_rfm).row(0, named=True)
    assert row["customers"] == 946
    assert round(row["pearson_r"], 2) == 0.11


@pytest.mark.parametrize("x, m", [(1, 11.77), (2, 22.35), (10, 48.0), (3, 0.5)])
def test_log_likelihood_is_the_density_of_the_mean_spend(x, m):
    p, q, v = 6.25, 3.74, 15.44
    # Γ(px+q)/(Γ(px)Γ(q)) · v^q m^(px−1) x^(px) / (v+mx)^(px+q), with plain math.
    by_hand = (
        math.gamma(p * x + q) / (math.gamma(p * x) * math.gamma(q))
        * v**q * m ** (p * x - 1) * x ** (p * x) / (v + m * x) ** (p * x + q)
    )
    assert gamma_gamma_log_likelihood((p, q, v), [x], [m])[0] == pytest.approx(math.log(by_hand), rel=1e-10)


def test_density_integrates_to_one():
    # f(m | x) is a density in m: ∫ f dm = 1 (trapezoid on a fine log grid).
    m = np.geomspace(1e-4, 1e5, 200_001)
    density = np.exp(gamma_gamma_log_likelihood((6.25, 3.74, 15.44), np.full_like(m, 3.0), m))
    assert np.trapezoid(density, m) == pytest.approx(1.0, abs=1e-6)


def test_conditional_expected_spend_by_hand():
    gg = model()
    # x = 2, m = 22.35: 6.25 · (15.44 + 2·22.35) / (6.25·2 + 3.74 − 1) = 375.875 / 15.24 = 24.6637.
    assert float(gg.conditional_expected_spend(2, 22.35)) == pytest.approx(375.875 / 15.24)
    # x = 0: the population mean p·v/(q−1) = 6.25·15.44/2.74 = 35.219.
    assert float(gg.conditional_expected_spend(0, 0.0)) == pytest.approx(6.25 * 15.44 / 2.74)
    assert gg.mean_spend == pytest.approx(6.25 * 15.44 / 2.74)


@settings(max_examples=200, deadline=None)
@given(
    params=st.tuples(st.floats(0.1, 20), st.floats(1.05, 20), st.floats(0.1, 100)),
    x=st.integers(1, 50),
    m=st.floats(0.01, 1e4),
)
def test_conditional_spend_lies_between_population_and_own_mean(params, x, m):
    gg = model(*params)
    spend = float(gg.conditional_expected_spend(x, m))
    low, high = sorted((gg.mean_spend, m))
    assert low * (1 - 1e-9) <= spend <= high * (1 + 1e-9)
    # More transactions move the estimate towards the customer's own mean.
    assert abs(float(gg.conditional_expected_spend(x + 5, m)) - m) <= abs(spend - m) + 1e-9 * m


@pytest.fixture(scope="module")
def simulated():
    truth = (4.0, 5.0, 30.0)
    rng = np.random.default_rng(11)
    rfm = simulate_spend(*truth, rng.integers(1, 8, 5000).astype(float), rng)
    return truth, rfm, fit_gamma_gamma(rfm)


def test_fit_recovers_simulated_parameters(simulated):
    truth, rfm, fitted = simulated
    for value, true in zip(fitted.params.values(), truth):
        assert value == pytest.approx(true, rel=0.15)
    # The MLE beats the truth on its own sample, and the implied mean matches the data.
    assert fitted.log_likelihood >= gamma_gamma_log_likelihood(truth, rfm["frequency"], rfm["monetary_value"]).sum()
    assert fitted.mean_spend == pytest.approx(truth[0] * truth[2] / (truth[1] - 1), rel=0.05)


@settings(max_examples=25, deadline=None)
@given(factors=st.tuples(*[st.floats(0.8, 1.25)] * 3).filter(lambda f: max(abs(v - 1) for v in f) > 1e-3))
def test_estimates_maximise_the_likelihood(simulated, factors):
    _, rfm, fitted = simulated
    perturbed = np.array(list(fitted.params.values())) * np.array(factors)
    assert gamma_gamma_log_likelihood(perturbed, rfm["frequency"], rfm["monetary_value"]).sum() < fitted.log_likelihood


def test_fit_uses_only_repeat_customers_with_positive_spend(simulated):
    _, rfm, fitted = simulated
    noise = pl.DataFrame({"frequency": [0, 0, 3], "monetary_value": [0.0, 0.0, -4.0]}).with_columns(
        pl.col("frequency").cast(rfm["frequency"].dtype)
    )
    padded = fit_gamma_gamma(pl.concat([rfm, noise]))
    assert padded.n == fitted.n == rfm.height
    assert padded.p == pytest.approx(fitted.p, rel=1e-9)


def test_correlation_is_reported_and_independence_detected():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 10, 400).astype(float)
    independent = spend_frequency_correlation(simulate_spend(4.0, 5.0, 30.0, x, rng)).row(0, named=True)
    assert abs(independent["pearson_r"]) < 0.15
    dependent = pl.DataFrame({"frequency": x, "monetary_value": 10 * x + rng.normal(0, 1, 400)})
    assert spend_frequency_correlation(dependent)["pearson_r"][0] > 0.95
    too_few = pl.DataFrame({"frequency": [1.0, 2.0], "monetary_value": [3.0, 4.0]})
    assert spend_frequency_correlation(too_few)["pearson_r"][0] is None


def test_fit_needs_repeat_spenders():
    with pytest.raises(CXError):
        fit_gamma_gamma(pl.DataFrame({"frequency": [0, 1], "monetary_value": [0.0, 5.0]}))


def test_the_exact_gradient_equals_a_numerical_one():
    from gradient_check import assert_exact_gradient

    from cxreport.metrics.gamma_gamma import SpendData, negative_log_likelihood

    rng = np.random.default_rng(3)
    x = rng.integers(1, 8, 200).astype(float)
    m = rng.gamma(2.0, 20.0, 200)
    data = SpendData.of(x, m)
    assert_exact_gradient(negative_log_likelihood, data, [[0.5, 1.2, 2.0], [2.0, 0.3, -1.0]], [0.0, 0.01])


def test_the_likelihood_by_distinct_counts_equals_the_per_customer_sum():
    from cxreport.metrics.gamma_gamma import SpendData, negative_log_likelihood

    rng = np.random.default_rng(5)
    x, m = rng.integers(1, 6, 50).astype(float), rng.gamma(3.0, 10.0, 50)
    params = (1.7, 2.4, 9.0)
    value, _ = negative_log_likelihood(np.log(params), SpendData.of(x, m))
    assert value == pytest.approx(-np.mean(gamma_gamma_log_likelihood(params, x, m)), rel=1e-12)


def test_spenders_are_the_customers_the_fit_uses_nan_included():
    """A NaN mean spend is left out by the fit (numpy) and by `spenders` (Polars) alike, so the
    correlation check and the fit speak of the same customers."""
    from cxreport.metrics.gamma_gamma import spenders

    rfm = pl.DataFrame({"frequency": [0, 2, 3, 1, 4], "monetary_value": [10.0, 20.0, float("nan"), 0.0, 35.0]})
    assert spenders(rfm)["monetary_value"].to_list() == [20.0, 35.0]


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 400), st.floats(0.0, 30.0), st.integers(0, 2**32 - 1))
def test_correlation_equals_scipy_pearsonr(n, slope, seed):
    # Written out to spare the CLI scipy.stats' import; it must stay scipy's test exactly.
    from scipy.stats import pearsonr

    rng = np.random.default_rng(seed)
    x = rng.integers(1, 12, n).astype(float)
    rfm = pl.DataFrame({"frequency": x, "monetary_value": rng.gamma(2.0, 40.0, n) + slope * x})
    row = spend_frequency_correlation(rfm).row(0, named=True)
    if x.min() == x.max():
        assert row["pearson_r"] is None
        return
    expected = pearsonr(x, rfm["monetary_value"].to_numpy())
    assert row["pearson_r"] == pytest.approx(float(expected.statistic), rel=1e-12, abs=1e-15)
    assert row["p_value"] == pytest.approx(float(expected.pvalue), rel=1e-12, abs=1e-300)
