"""BG/NBD: the published CDNOW estimates, the likelihood written out by hand, simulation and invariants."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import CXError
from cxreport.metrics.bgnbd import BGNBD, bgnbd_log_likelihood, fit_bgnbd, hyp2f1_robust

CDNOW_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # FHL 2005, table 1 / section 5


def model(r=0.243, alpha=4.414, a=0.793, b=2.426) -> BGNBD:
    return BGNBD(r=r, alpha=alpha, a=a, b=b, log_likelihood=float("nan"), n=0, time_unit="week", converged=True)


def simulate_bgnbd(r, alpha, a, b, T, rng, max_purchases=60) -> pl.DataFrame:
    """Customers drawn from the BG/NBD story: λ ~ Gamma(r, α), p ~ Beta(a, b), purchases while alive.

    After the first purchase (time 0) a customer makes repeat purchases at Poisson(λ) times
    and drops out after the j-th repeat purchase with probability p, i.e. makes
    J ~ Geometric(p) repeat purchases while alive; x counts those before T.
    """
    n = len(T)
    rate = rng.gamma(r, 1 / alpha, n)
    dropout = rng.beta(a, b, n)
    times = np.cumsum(rng.exponential(1.0, (n, max_purchases)) / rate[:, None], axis=1)
    alive_for = rng.geometric(dropout)
    made = (times <= T[:, None]) & (np.arange(1, max_purchases + 1)[None, :] <= alive_for[:, None])
    x = made.sum(axis=1)
    last = np.take_along_axis(times, np.maximum(x - 1, 0)[:, None], axis=1)[:, 0]
    return pl.DataFrame({"frequency": x, "recency": np.where(x > 0, last, 0.0), "T": T})


@pytest.fixture(scope="module")
def simulated() -> tuple[tuple[float, ...], pl.DataFrame, BGNBD]:
    truth = (0.5, 6.0, 1.2, 2.5)
    rng = np.random.default_rng(1)
    rfm = simulate_bgnbd(*truth, rng.uniform(30, 60, 5000), rng)
    return truth, rfm, fit_bgnbd(rfm)


# --- the published CDNOW results --------------------------------------------------------------


@pytest.mark.network
def test_fit_reproduces_fhl_2005_on_cdnow(cdnow_bgnbd):
    fitted = cdnow_bgnbd.params
    for name, published in CDNOW_PUBLISHED.items():
        assert fitted[name] == pytest.approx(published, rel=0.02), name
    # FHL report a log-likelihood of −9582.4 at these estimates.
    assert cdnow_bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.5)
    assert cdnow_bgnbd.converged and cdnow_bgnbd.n == 2357


def test_conditional_expectation_of_the_fhl_example():
    # FHL 2005 (and the Excel note): x = 2, t_x = 30.43, T = 38.86 -> 1.226 purchases in the next 39 weeks.
    assert model().expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)


@pytest.mark.network
def test_weights_give_the_same_fit_as_repeated_rows(cdnow_rfm, cdnow_bgnbd):
    compressed = cdnow_rfm.group_by("frequency", "recency", "T").agg(pl.len().alias("customers"))
    assert compressed.height < cdnow_rfm.height
    weighted = fit_bgnbd(compressed, weight_col="customers")
    for name, value in cdnow_bgnbd.params.items():
        assert weighted.params[name] == pytest.approx(value, rel=1e-6)
    assert weighted.log_likelihood == pytest.approx(cdnow_bgnbd.log_likelihood, rel=1e-9)


@pytest.mark.network
@settings(max_examples=25, deadline=None)
@given(factors=st.tuples(*[st.floats(0.8, 1.25)] * 4).filter(lambda f: max(abs(v - 1) for v in f) > 1e-3))
def test_cdnow_estimates_maximise_the_likelihood(cdnow_rfm, cdnow_bgnbd, factors):
    x, t_x, T = (cdnow_rfm[c].to_numpy() for c in ("frequency", "recency", "T"))
    perturbed = np.array(list(cdnow_bgnbd.params.values())) * np.array(factors)
    assert bgnbd_log_likelihood(perturbed, x, t_x, T).sum() < cdnow_bgnbd.log_likelihood


# --- the likelihood against eq. (6) written out directly ----------------------------------------


def eq6_by_hand(r, alpha, a, b, x, t_x, T) -> float:
    """FHL eq. (6) term by term with plain math.gamma, no logs."""
    B = lambda u, v: math.gamma(u) * math.gamma(v) / math.gamma(u + v)  # noqa: E731
    common = math.gamma(r + x) * alpha**r / math.gamma(r)
    first = B(a, b + x) / B(a, b) * common / (alpha + T) ** (r + x)
    second = B(a + 1, b + x - 1) / B(a, b) * common / (alpha + t_x) ** (r + x) if x > 0 else 0.0
    return math.log(first + second)


@pytest.mark.parametrize(
    "x, t_x, T", [(0, 0.0, 38.86), (1, 1.71, 38.86), (2, 30.43, 38.86), (7, 20.0, 25.5), (0, 0.0, 0.0)]
)
def test_log_likelihood_is_fhl_equation_6(x, t_x, T):
    params = (0.243, 4.414, 0.793, 2.426)
    assert bgnbd_log_likelihood(params, [x], [t_x], [T])[0] == pytest.approx(eq6_by_hand(*params, x, t_x, T), rel=1e-12)


def test_x_zero_has_no_dropout_term_even_when_b_is_below_one():
    # With b < 1, b + x − 1 < 0 for x = 0: the second term must simply be absent.
    params = (0.5, 3.0, 0.8, 0.6)
    value = bgnbd_log_likelihood(params, [0], [0.0], [10.0])[0]
    assert value == pytest.approx(eq6_by_hand(*params, 0, 0.0, 10.0), rel=1e-12)
    assert model(*params).p_alive(0, 0.0, 10.0) == 1.0


# --- the fitter on simulated customers ------------------------------------------------------------


def test_fit_recovers_simulated_parameters(simulated):
    truth, rfm, fitted = simulated
    for value, true in zip(fitted.params.values(), truth):
        assert value == pytest.approx(true, rel=0.15)
    x, t_x, T = (rfm[c].to_numpy() for c in ("frequency", "recency", "T"))
    assert fitted.log_likelihood >= bgnbd_log_likelihood(truth, x, t_x, T).sum()
    assert fitted.converged


def test_penalizer_shrinks_the_parameters(simulated):
    _, rfm, fitted = simulated
    penalized = fit_bgnbd(rfm, penalizer=0.1)
    size = lambda m: sum(v * v for v in m.params.values())  # noqa: E731
    assert size(penalized) < size(fitted)
    assert penalized.log_likelihood < fitted.log_likelihood


def test_simulated_mean_purchases_match_the_unconditional_expectation(simulated):
    truth, _, _ = simulated
    rng = np.random.default_rng(3)
    rfm = simulate_bgnbd(*truth, np.full(40_000, 20.0), rng)
    # E[X(20)] by eq. (7) vs the mean of 40,000 simulated customers (s.e. ≈ 0.01).
    assert rfm["frequency"].mean() == pytest.approx(float(model(*truth).expected_purchases_new(20.0)), abs=0.04)


def test_fit_explains_data_without_repeat_purchases():
    rfm = pl.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [5.0, 9.0]})
    with pytest.raises(CXError) as nobody:
        fit_bgnbd(rfm)
    assert nobody.value.code == "bgnbd_no_repeat_customers"


# --- invariants -------------------------------------------------------------------------------------

params_strategy = st.tuples(
    st.floats(0.05, 5.0), st.floats(0.5, 50.0), st.floats(0.1, 5.0), st.floats(0.1, 10.0)
).filter(
    # a = 1 and a + b = 1 are removable singularities of the closed forms (0/0), not model values
    lambda p: abs(p[2] - 1) > 0.02 and abs(p[2] + p[3] - 1) > 0.02
)


@st.composite
def customers(draw):
    T = draw(st.floats(0.0, 100.0))
    x = draw(st.integers(0, 40))
    t_x = draw(st.floats(0.0, T)) if x > 0 else 0.0
    return x, t_x, T


@settings(max_examples=200, deadline=None)
@given(params=params_strategy, customer=customers())
def test_p_alive_is_a_probability_and_one_without_repeats(params, customer):
    x, t_x, T = customer
    p = float(model(*params).p_alive(x, t_x, T))
    assert 0.0 <= p <= 1.0
    if x == 0:
        assert p == 1.0
    if x > 0 and t_x == T:
        # bought at the very end: a/(b+x−1) is the only obstacle to being alive
        assert p == pytest.approx(1 / (1 + params[2] / (params[3] + x - 1)))


@settings(max_examples=150, deadline=None)
@given(params=params_strategy, customer=customers(), horizon=st.floats(0.5, 100.0))
def test_expected_purchases_are_non_negative_and_increase_with_time(params, customer, horizon):
    m = model(*params)
    x, t_x, T = customer
    t = np.array([0.0, horizon / 3, horizon / 2, horizon])
    values = m.expected_purchases(t, x, t_x, T)
    assert np.all(np.isfinite(values))
    assert values[0] == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.diff(values) >= -1e-9 * (1 + np.abs(values[1:])))
    assert np.all(values >= -1e-9)


@settings(max_examples=100, deadline=None)
@given(params=params_strategy, t=st.floats(0.1, 100.0))
def test_a_customer_who_just_bought_for_the_first_time_follows_eq_7(params, t):
    # E[Y(t) | x=0, t_x=0, T=0] (eq. 10) reduces to the unconditional E[X(t)] (eq. 7).
    m = model(*params)
    assert m.expected_purchases(t, 0, 0.0, 0.0) == pytest.approx(float(m.expected_purchases_new(t)), rel=1e-9)


# --- regular buyers: the likelihood drifts to the Poisson limit -----------------------------------


@pytest.mark.parametrize(
    "A, B, C, z",
    [(40140.7, 10025.6, 10024.6, 181 / 3268828.0), (2.0e5, 3.0e4, 3.0e4 - 0.5, 1e-4), (2.243, 4.426, 3.219, 0.5)],
)
def test_hyp2f1_robust_matches_arbitrary_precision(A, B, C, z):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(50):
        reference = float(mpmath.hyp2f1(A, B, C, z))
    assert float(hyp2f1_robust(A, B, C, z)) == pytest.approx(reference, rel=1e-9)


def test_regular_buyers_give_finite_poisson_like_predictions():
    # Every customer buys exactly every 10 days: under-dispersed counts, so the MLE runs to
    # r, α → ∞ (a common rate) and b → ∞ (no drop-out); scipy's ₂F₁ alone returns NaN there.
    T = np.linspace(100, 300, 200)
    x = np.floor(T / 10)
    rfm = pl.DataFrame({"frequency": x.astype(int), "recency": x * 10, "T": T})
    fitted = fit_bgnbd(rfm, time_unit="day")
    predicted = fitted.expected_purchases(180.0, x, x * 10, T)
    assert np.all(np.isfinite(predicted))
    # With a near-certain rate of 1/10 per day and no drop-out: ≈ 18 purchases in 180 days.
    np.testing.assert_allclose(predicted, 18.0, rtol=0.05)


def test_the_exact_gradient_equals_a_numerical_one():
    from gradient_check import assert_exact_gradient

    from cxreport.metrics.bgnbd import PurchaseData, negative_log_likelihood

    rng = np.random.default_rng(11)
    x = rng.integers(0, 6, 300).astype(float)
    T = rng.uniform(20, 40, 300)
    t_x = np.where(x > 0, rng.uniform(0, 1, 300) * T, 0.0)
    data = PurchaseData.of(x, t_x, T, np.ones(300))
    assert_exact_gradient(negative_log_likelihood, data, [[0.2, 1.5, -0.5, 0.8], [-1.0, 3.0, 0.4, 1.6], [0.1, 2.0, 0.0, -0.7]], [0.0, 0.05])
    # and its value is the weighted mean of the per-customer log-likelihood
    params = (0.9, 4.0, 0.7, 2.2)
    value, _ = negative_log_likelihood(np.log(params), data)
    assert value == pytest.approx(-np.mean(bgnbd_log_likelihood(params, x, t_x, T)), rel=1e-12)


def test_a_table_of_customers_gets_each_customers_own_expectation():
    """Scored once per distinct (x, T) for thousands of customers: the same as one by one (eq. 10)."""
    model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n=1, time_unit="week", converged=True)
    rng = np.random.default_rng(4)
    x = rng.integers(0, 15, 3_000).astype(float)
    T = rng.integers(1, 400, 3_000) / 7
    t_x = np.where(x > 0, T * rng.random(3_000), 0.0)
    horizons = np.arange(4, dtype=float)[:, None] * 4.35
    table = model.expected_purchases(horizons, x, t_x, T)
    single = model.expected_purchases(13.0, x, t_x, T)
    for i in rng.choice(3_000, 40, replace=False):
        one = model.expected_purchases(horizons[:, 0], x[i], t_x[i], T[i])
        assert table[:, i] == pytest.approx(one, rel=1e-12)
        assert single[i] == pytest.approx(float(model.expected_purchases(13.0, x[i], t_x[i], T[i])), rel=1e-12)
