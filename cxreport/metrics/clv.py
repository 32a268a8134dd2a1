"""Customer lifetime value: historical (observed), simple (ARPU × margin ÷ churn) and predictive.

- `historical_clv`: cumulative net revenue per customer by age, per cohort or group.
- `simple_clv`: ARPU × gross margin ÷ churn rate per period (ChartMogul/Baremetrics), the
  churn rate being the Churn page's (`churn.churn_by_period`, same window and period).
- `predictive_clv`: BG/NBD purchases × Gamma-Gamma spend, discounted month by month
  (Fader, Hardie & Lee 2005; the same sum as lifetimes' ``customer_lifetime_value``).
- `calibration_holdout`: fit on a calibration period, compare with what customers did in
  the holdout (FHL 2005, figures 2 and 4).

Longer than the house's ~400 lines because the four measures share their inputs (the valid
orders, the customer summary, the discounting) and a reader compares them side by side;
the model fits themselves live in `bgnbd.py` and `gamma_gamma.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import OrderColumns
from cxreport.metrics.bgnbd import BGNBD, fit_bgnbd
from cxreport.metrics.churn import churn_by_period, default_churn_window_days
from cxreport.metrics.gamma_gamma import GammaGamma, fit_gamma_gamma, spend_frequency_correlation
from cxreport.metrics._frames import no_orders
from cxreport.metrics._order_days import customer_periods, group_codes, order_days
from cxreport.metrics._runs import runs
from cxreport.metrics.inputs import DateLike, Frame, as_day
from cxreport.metrics.rfm import (DAYS_PER_UNIT, TimeUnit, check_time_unit, last_purchase, last_purchase_day, purchase_days,
                                  rfm_summary)
from cxreport.periods import Period, check_period

# A month as a fraction of the average Gregorian year, so 12 monthly steps are exactly a year.
DAYS_PER_MONTH = 365.25 / 12

# Below this many repeat customers the model estimates are mostly noise.
MIN_REPEAT_CUSTOMERS = 10

# Calibration frequencies from this value up share one bucket ("7+" in FHL's figure 4).
TOP_FREQUENCY_BUCKET = 7


# --- historical ----------------------------------------------------------------------------


# Customers on which the CLV models are fitted at most (see `predictive_clv`). With exact
# gradients both fits on 100,000 customers take a fraction of a second, so only exports
# larger than that are sampled.
FIT_SAMPLE = 200_000

def historical_clv(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    period: Period = "month",
    by: str | None = None,
) -> pl.DataFrame:
    """Observed cumulative net revenue per customer by age, per cohort (or per group `by`).

    A customer's age of an order is the number of whole periods from the period of the
    customer's first purchase (`cxreport.periods.periods_between`; 0 = the first period).
    Revenue is net: refunds (negative amounts) count, test and cancelled rows do not.
    Customers are grouped by cohort (period of first purchase) or, with `by`, by that
    column's value on their first purchase. At age k a group only counts the customers
    observed for at least k periods (first period + k ≤ the last period in the data), so
    young customers do not drag older ages down:
        cumulative_revenue_per_customer(g, k) = Σ_{i in g, observed at k} revenue_i(ages 0..k)
                                                ÷ #{i in g observed at k}.
    Columns: cohort (Date) or <by>, age, customers, cumulative_revenue,
    cumulative_revenue_per_customer; one row per group and age 0..oldest observed age.
    """
    check_period(period)
    periods = customer_periods(orders, cols, period)
    if periods is None:
        raise no_orders()
    table = periods.table
    customer, p = table.get_column("customer").to_numpy(), table.get_column("p").to_numpy()
    active = table.get_column("active").to_numpy()
    last_period = int(p.max())
    # Each buyer's first period (rows are sorted by customer, then period) and last age.
    buyer = customer[active]
    if buyer.size == 0:
        raise no_orders()
    first = runs(buyer).first
    group_of, group_values = group_codes(orders, cols, by)
    first_of = np.full(group_of.size, -1, dtype=np.int64)
    first_of[buyer[first]] = p[active][first]
    buyers = buyer[first]
    # Groups: the `by` value, or the cohort (the first period) itself.
    n_groups = group_values.len() if by else periods.starts.len()
    group = group_of[buyers] if by else first_of[buyers]
    last_age = last_period - first_of[buyers]
    width = int(last_age.max()) + 2
    # Revenue at age j of customers observed up to age A counts at every age k in [j, A]:
    # add it at j, remove it at A+1, and a running sum over age gives the cumulative total.
    row_first = first_of[customer]
    age = p - row_first
    # refunds recorded before a customer's first purchase have no age
    aged = (row_first >= 0) & (age >= 0)
    row_group = (group_of[customer] if by else row_first)[aged]
    row_last = (last_period - row_first)[aged]
    revenue = table.get_column("revenue").to_numpy()[aged]
    cells = n_groups * width
    revenue_steps = (np.bincount(row_group * width + age[aged], weights=revenue, minlength=cells)
                     - np.bincount(row_group * width + row_last + 1, weights=revenue, minlength=cells))
    customer_steps = (np.bincount(group * width, minlength=cells)
                      - np.bincount(group * width + last_age + 1, minlength=cells))
    oldest = np.full(n_groups, -1, dtype=np.int64)
    np.maximum.at(oldest, group, last_age)
    present = np.flatnonzero(oldest >= 0)
    length = oldest[present] + 1
    ages = np.arange(int(length.sum()), dtype=np.int64) - np.repeat(np.cumsum(length) - length, length)
    at = np.repeat(present, length) * width + ages
    cumulative_revenue = np.cumsum(revenue_steps.reshape(n_groups, width), axis=1).ravel()[at]
    customers = np.cumsum(customer_steps.reshape(n_groups, width), axis=1).ravel()[at]
    labels = (group_values if by else periods.starts).gather(np.repeat(present, length))
    return pl.DataFrame({
        by or "cohort": labels,
        "age": ages,
        "customers": customers.astype(np.int64),
        "cumulative_revenue": cumulative_revenue,
        "cumulative_revenue_per_customer": cumulative_revenue / customers,
    })


# --- simple --------------------------------------------------------------------------------


def simple_clv(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    margin: float = 1.0,
    churn_rate: float | None = None,
    period: Period = "month",
    window_days: int | None = None,
) -> pl.DataFrame:
    """CLV = ARPU × gross margin ÷ churn rate per period (ChartMogul/Baremetrics convention).

    - ARPU: net revenue per customer alive in a period, with "alive" as the churn rate
      counts it, so that ARPU ÷ churn is one customer's value: over the periods the churn
      is pooled from, Σ revenue ÷ Σ (active at the period's start + customers whose first
      purchase falls in it). When a churn rate is given instead, ARPU is the revenue per
      customer who bought in a period (a month with only a refund is not activity),
      averaged over the periods with buyers, in period order.
    - churn rate (when not given): the churn of the Churn page, `churn.churn_by_period`
      with the same `window_days` (default: `churn.default_churn_window_days`) and the
      same `period`, pooled over the periods it reports:
          churn_rate = Σ churned ÷ Σ active_start,
      i.e. each period's churn rate weighted by the customers active at its start. A
      customer churns when they go `window_days` without a purchase, so a customer who
      skips one month but comes back within the window has not churned.
      1 ÷ churn rate is the expected lifetime in periods.
    One row: period, periods (periods averaged for ARPU), arpu, margin, churn_rate,
    churn_rate_observed (false when given), churn_window_days, churn_periods (periods
    pooled), churn_first_period, churn_last_period, churned, active_start (the sums; all
    null when the churn rate is given), expected_lifetime_periods, clv.
    """
    check_period(period)
    _check_margin(margin)
    if churn_rate is not None and not 0 < churn_rate <= 1:
        raise MappingProblem(
            "clv_bad_churn_rate", f"The churn rate {churn_rate} is not between 0 and 1.",
            "Give the churn rate as a share of customers lost per period, for example 0.05 for 5%.",
            churn_rate=churn_rate,
        )
    periods = customer_periods(orders, cols, period)
    if periods is None:
        raise no_orders()
    table, starts = periods.table, pl.lit(periods.starts)
    per_period = (
        table.group_by("p")
        .agg(pl.col("revenue").sum(), pl.col("active").sum().cast(pl.UInt32))
        .filter(pl.col("active") > 0)
        # A fixed order: a mean over rows in hash order differs in the last digit from run to run.
        .sort("p")
        .select(starts.gather(pl.col("p")).alias("order_period"), "revenue", "active")
    )

    def window_and_rates() -> tuple[int, pl.DataFrame]:
        window = window_days if window_days is not None else default_churn_window_days(orders, cols).days
        return window, churn_by_period(orders, cols, window_days=window, period=period)

    def new_customers() -> pl.DataFrame:
        return (table.filter("active").group_by("customer").agg(pl.col("p").min())
                .group_by("p").len("new").select(starts.gather(pl.col("p")).alias("order_period"), "new"))

    return clv_from_period_counts(per_period, period=period, margin=margin, churn_rate=churn_rate,
                                  window_and_rates=window_and_rates, new_customers=new_customers)


def clv_from_period_counts(per_period: pl.DataFrame, *, period: Period, margin: float, churn_rate: float | None,
                           window_and_rates: Callable[[], tuple[int, pl.DataFrame]],
                           new_customers: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """`simple_clv` from its aggregates, wherever they were counted (here, or by an engine:
    `cxreport.engine.clv`). `per_period`: order_period, revenue, active (buyers), sorted,
    periods with buyers only; `window_and_rates()`: the churn window and `churn_by_period`'s
    table; `new_customers()`: order_period, new. Both are called only when the churn rate
    is observed rather than given."""
    if per_period.is_empty():
        raise no_orders()
    arpu = float(per_period.select((pl.col("revenue") / pl.col("active")).mean()).item())
    observed = churn_rate is None
    pooled: dict[str, object] = dict.fromkeys(
        ("churn_window_days", "churn_periods", "churn_first_period", "churn_last_period", "churned", "active_start")
    )
    if observed:
        if per_period.height < 2:
            raise EmptyResult(
                "clv_one_period", f"The orders cover a single {period}, so churn cannot be observed.",
                "Give a churn rate, or use orders that span more periods.", period=period,
            )
        window, all_rates = window_and_rates()
        rates = all_rates.filter(pl.col("active_start") > 0)
        if rates.is_empty():
            raise EmptyResult(
                "clv_churn_not_observed",
                f"Churn is only known for complete periods that start at least {window} days after the first order, "
                "and these orders have none.",
                "Give a churn rate, use orders that span a longer time, or a shorter churn window.",
                window_days=window,
            )
        churned, active = int(rates["churned"].sum()), int(rates["active_start"].sum())
        if churned == 0:
            raise EmptyResult(
                "clv_no_churn", "Every customer bought again in the next period, so no churn was observed and CLV would be infinite.",
                "Give a churn rate, or use a shorter period.", period=period,
            )
        churn_rate = churned / active
        pooled_periods = (rates.select(pl.col("period").cast(per_period.schema["order_period"]).alias("order_period"), "active_start")
                          .join(per_period.select("order_period", "revenue"), on="order_period", how="left")
                          .join(new_customers(), on="order_period", how="left").fill_null(0))
        alive = int(pooled_periods["active_start"].sum() + pooled_periods["new"].sum())
        arpu = float(pooled_periods["revenue"].sum()) / alive
        pooled = {
            "churn_window_days": window, "churn_periods": rates.height,
            "churn_first_period": rates["period"].min(), "churn_last_period": rates["period"].max(),
            "churned": churned, "active_start": active,
        }
    return pl.DataFrame(
        {
            "period": [period],
            "periods": [per_period.height],
            "arpu": [arpu],
            "margin": [float(margin)],
            "churn_rate": [float(churn_rate)],
            "churn_rate_observed": [observed],
            **{name: [value] for name, value in pooled.items()},
            "expected_lifetime_periods": [1 / churn_rate],
            "clv": [arpu * margin / churn_rate],
        },
        schema_overrides={"churn_window_days": pl.Int64, "churn_periods": pl.Int64, "churn_first_period": pl.Date,
                          "churn_last_period": pl.Date, "churned": pl.Int64, "active_start": pl.Int64},
    )


# --- predictive ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictiveCLV:
    """Fitted models, per-customer predictions and the inputs that produced them."""

    customers: pl.DataFrame
    purchases: BGNBD
    spend: GammaGamma
    spend_frequency_correlation: pl.DataFrame
    as_of: dt.date
    horizon_months: int
    annual_discount_rate: float
    margin: float
    time_unit: str


def monthly_discount_rate(annual_discount_rate: float) -> float:
    """The monthly rate that compounds to the annual one: (1 + d)^(1/12) − 1."""
    return (1 + annual_discount_rate) ** (1 / 12) - 1


def discounted_expected_purchases(
    model: BGNBD, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, *, horizon_months: int, annual_discount_rate: float
) -> np.ndarray:
    """Σ_{k=1..H} (E[Y(k·month)] − E[Y((k−1)·month)]) / (1 + d_month)^k per customer.

    The expected purchases in each future month, discounted to today at the end of that
    month (lifetimes' ``customer_lifetime_value`` with a monthly discount rate).
    """
    month = DAYS_PER_MONTH / DAYS_PER_UNIT[model.time_unit]
    horizon = np.arange(horizon_months + 1, dtype=float)[:, None] * month
    cumulative = model.expected_purchases(horizon, x, t_x, T)  # shape (H+1, customers)
    in_month = np.diff(cumulative, axis=0)
    discount = (1 + monthly_discount_rate(annual_discount_rate)) ** -np.arange(1, horizon_months + 1, dtype=float)
    # Products and sums, not BLAS: a threaded BLAS's last digit depends on its thread count,
    # and the app, the notebook export and the command line must agree to the last digit.
    return (discount[:, None] * in_month).sum(axis=0)


def predictive_clv(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    horizon_months: int = 12,
    annual_discount_rate: float = 0.10,
    margin: float = 1.0,
    time_unit: TimeUnit = "week",
    as_of: DateLike | None = None,
    fit_sample: int | None = FIT_SAMPLE,
) -> PredictiveCLV:
    """Predictive CLV per customer from BG/NBD (purchases) and Gamma-Gamma (spend).

    Both models are fitted on the RFM summary up to `as_of` (default: the last purchase
    day). With more customers than `fit_sample`, the four BG/NBD and three Gamma-Gamma
    parameters are estimated on a fixed random sample of that many customers (None: all),
    then every customer is scored: the parameters describe the population, and with
    200,000 customers their sampling error is far below the model's own error. Per customer:
    - p_alive: BG/NBD P(alive | x, t_x, T);
    - expected_purchases: E[Y(horizon) | x, t_x, T], undiscounted;
    - expected_spend: Gamma-Gamma E[Z | x, m], the population mean for customers with no
      usable repeat spend (x = 0, or a net mean ≤ 0 from same-day refunds);
    - clv = margin × expected_spend × Σ_k (expected purchases in month k) / (1 + d_m)^k
      with d_m = (1 + annual_discount_rate)^(1/12) − 1 and a month of 365.25/12 days.
    Customers table columns: customer_id, frequency, recency, T, monetary_value, p_alive,
    expected_purchases, expected_spend, clv.
    """
    if horizon_months < 1:
        raise MappingProblem(
            "clv_bad_horizon", f"The horizon of {horizon_months} months is too short.",
            "Choose a horizon of at least one month.", horizon_months=horizon_months,
        )
    _check_margin(margin)
    if annual_discount_rate < 0:
        raise MappingProblem(
            "clv_bad_discount_rate", f"The discount rate {annual_discount_rate} is negative.",
            "Give a yearly discount rate such as 0.10 for 10%.", annual_discount_rate=annual_discount_rate,
        )
    rfm = rfm_summary(orders, cols, time_unit=time_unit, observation_end=as_of)
    _require_repeat_customers(rfm)
    fit_rows = rfm if fit_sample is None or rfm.height <= fit_sample else rfm.sample(fit_sample, seed=0)
    purchases = fit_bgnbd(fit_rows, time_unit=time_unit)
    spend = require_bounded_spend(fit_gamma_gamma(fit_rows))
    horizon = horizon_months * DAYS_PER_MONTH / DAYS_PER_UNIT[time_unit]
    # Customers with the same (x, t_x, T) have the same purchase predictions: computed once
    # per distinct row (the hypergeometric terms are most of the scoring time).
    triples = rfm.select("frequency", "recency", "T").unique()
    x = triples["frequency"].to_numpy().astype(float)
    t_x, T = triples["recency"].to_numpy(), triples["T"].to_numpy()
    triples = triples.with_columns(
        pl.Series("p_alive", purchases.p_alive(x, t_x, T)),
        pl.Series("expected_purchases", purchases.expected_purchases(horizon, x, t_x, T)),
        pl.Series("discounted", discounted_expected_purchases(
            purchases, x, t_x, T, horizon_months=horizon_months, annual_discount_rate=annual_discount_rate)),
    )
    scored = rfm.select("customer_id", "frequency", "recency", "T", "monetary_value").join(
        triples, on=["frequency", "recency", "T"], how="left", maintain_order="left")
    m = scored["monetary_value"].to_numpy()
    spend_x = np.where(m > 0, scored["frequency"].to_numpy().astype(float), 0.0)
    expected_spend = spend.conditional_expected_spend(spend_x, np.where(m > 0, m, 0.0))
    customers = scored.with_columns(
        pl.Series("expected_spend", expected_spend),
        pl.Series("clv", margin * expected_spend * scored["discounted"].to_numpy()),
    ).drop("discounted")
    return PredictiveCLV(
        customers=customers,
        purchases=purchases,
        spend=spend,
        spend_frequency_correlation=spend_frequency_correlation(rfm),
        as_of=as_day(as_of) if as_of is not None else last_purchase(orders, cols),
        horizon_months=horizon_months,
        annual_discount_rate=annual_discount_rate,
        margin=margin,
        time_unit=time_unit,
    )


def clv_summary(result: PredictiveCLV) -> dict[str, float]:
    """Headline figures of a predictive CLV: customers, total_clv, mean_clv, median_clv, mean_p_alive."""
    table = result.customers
    return {
        "customers": table.height,
        "total_clv": float(table["clv"].sum()),
        "mean_clv": float(table["clv"].mean()),
        "median_clv": float(table["clv"].median()),
        "mean_p_alive": float(table["p_alive"].mean()),
    }


def clv_by_group(
    result: PredictiveCLV, orders: Frame, cols: OrderColumns = OrderColumns(), *, by: str
) -> pl.DataFrame:
    """Predictive CLV per group of customers, the group being `by` on each customer's first purchase.

    Columns: <by>, customers, total_clv, mean_clv, mean_p_alive; largest total first.
    """
    prepared = order_days(orders, cols)
    group_of, values = group_codes(orders, cols, by)
    groups = pl.DataFrame({"customer_id": [] if prepared is None else prepared.ids,
                           by: values.gather(group_of[1:]) if prepared is not None else []},
                          schema={"customer_id": pl.String, by: pl.String})
    return (
        result.customers.lazy()
        .join(groups.lazy(), on="customer_id", how="left")
        .group_by(by)
        .agg(
            pl.len().cast(pl.Int64).alias("customers"),
            pl.col("clv").sum().alias("total_clv"),
            pl.col("clv").mean().alias("mean_clv"),
            pl.col("p_alive").mean().alias("mean_p_alive"),
        )
        .sort("total_clv", by, descending=[True, False], nulls_last=True)
        .collect()
    )


def model_parameters(result: PredictiveCLV) -> pl.DataFrame:
    """The fitted parameters and the inputs of a predictive CLV, one row each: model, parameter, value."""
    bgnbd, spend = result.purchases, result.spend
    correlation = result.spend_frequency_correlation.row(0, named=True)
    rows = [
        *(("BG/NBD", name, value) for name, value in bgnbd.params.items()),
        ("BG/NBD", "log_likelihood", bgnbd.log_likelihood),
        ("BG/NBD", "customers", float(bgnbd.n)),
        *(("Gamma-Gamma", name, value) for name, value in spend.params.items()),
        ("Gamma-Gamma", "mean_spend", spend.mean_spend),
        ("Gamma-Gamma", "customers", float(spend.n)),
        ("Gamma-Gamma", "spend_frequency_correlation", correlation["pearson_r"]),
        ("CLV", "horizon_months", float(result.horizon_months)),
        ("CLV", "annual_discount_rate", result.annual_discount_rate),
        ("CLV", "margin", result.margin),
    ]
    return pl.DataFrame(rows, schema={"model": pl.String, "parameter": pl.String, "value": pl.Float64}, orient="row")


# --- calibration / holdout -----------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationHoldout:
    """A BG/NBD fit on the calibration period checked against the holdout period.

    by_frequency: frequency_calibration ("0" … "6", "7+"), customers, actual_holdout_mean,
      predicted_holdout_mean (FHL 2005 figure 4: conditional expectations).
    cumulative: period (1, 2, … in time_unit since the first purchase in the data),
      period_end (Date), in_holdout, actual_cumulative, predicted_cumulative (FHL figure 2).
    customers: the calibration RFM summary with predicted_holdout per customer.
    Aggregate errors over customers: total actual vs predicted holdout purchases, and the
    mean absolute and root-mean-square error of the per-customer predictions.
    spend: the Gamma-Gamma model fitted on the same calibration period (None when fewer than
      two customers made a repeat purchase with a positive amount by then), and its check:
      over the purchase days of the holdout, the actual mean spend per purchase day against
      the mean of the calibration model's E[Z | x, m] for the customers who made them
      (each customer weighted by their holdout purchase days), on holdout_spenders customers.
    """

    model: BGNBD
    by_frequency: pl.DataFrame
    cumulative: pl.DataFrame
    customers: pl.DataFrame
    calibration_end: dt.date
    observation_end: dt.date
    time_unit: str
    total_actual_holdout: float
    total_predicted_holdout: float
    mean_absolute_error: float
    root_mean_squared_error: float
    spend: GammaGamma | None = None
    holdout_spenders: int = 0
    actual_holdout_spend_mean: float | None = None
    predicted_holdout_spend_mean: float | None = None


def calibration_holdout(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    calibration_end: DateLike | None = None,
    observation_end: DateLike | None = None,
    time_unit: TimeUnit = "week",
) -> CalibrationHoldout:
    """Fit BG/NBD on purchases up to `calibration_end`; predict and compare the holdout.

    Without `calibration_end` the data are split in half: the calibration ends halfway
    between the first purchase day and `observation_end` (FHL used 39 + 39 weeks).

    Per customer the prediction for the holdout is E[Y(duration_holdout) | x, t_x, T]
    (FHL 2005 eq. 10). The customers are those who bought by `calibration_end`; purchases
    of customers first seen in the holdout are not part of the check. The cumulative
    tracking table counts those customers' repeat purchase days from the start of the
    data and compares with Σ_customers E[X(age)] (eq. 7) where age is the time from the
    customer's first purchase to the end of each period (the convention of T).
    """
    check_time_unit(time_unit)
    days = purchase_days(orders, cols).cache()
    obs_end = as_day(observation_end) if observation_end is not None else last_purchase_day(days)
    if calibration_end is None:
        first_day = days.select(pl.col("day").min()).collect().item()
        calibration_end = first_day + dt.timedelta(days=(obs_end - first_day).days // 2)
    cal_end = as_day(calibration_end)
    rfm = rfm_summary(orders, cols, time_unit=time_unit, calibration_end=cal_end, observation_end=obs_end)
    _require_repeat_customers(rfm)
    model = fit_bgnbd(rfm, time_unit=time_unit)

    x = rfm["frequency"].to_numpy().astype(float)
    predicted = model.expected_purchases(rfm["duration_holdout"].to_numpy(), x, rfm["recency"].to_numpy(), rfm["T"].to_numpy())
    customers = rfm.with_columns(pl.Series("predicted_holdout", predicted))
    by_frequency = (
        customers.with_columns(
            pl.when(pl.col("frequency") >= TOP_FREQUENCY_BUCKET)
            .then(pl.lit(f"{TOP_FREQUENCY_BUCKET}+"))
            .otherwise(pl.col("frequency").cast(pl.String))
            .alias("frequency_calibration"),
            pl.col("frequency").clip(upper_bound=TOP_FREQUENCY_BUCKET).alias("bucket_order"),
        )
        .group_by("frequency_calibration", "bucket_order")
        .agg(
            pl.len().cast(pl.Int64).alias("customers"),
            pl.col("frequency_holdout").mean().alias("actual_holdout_mean"),
            pl.col("predicted_holdout").mean().alias("predicted_holdout_mean"),
        )
        .sort("bucket_order")
        .drop("bucket_order")
    )
    error = customers["predicted_holdout"] - customers["frequency_holdout"]
    spend, spend_check = _holdout_spend(rfm)
    return CalibrationHoldout(
        model=model,
        by_frequency=by_frequency,
        cumulative=_cumulative_tracking(model, days, rfm.select("customer_id"), cal_end=cal_end, obs_end=obs_end),
        customers=customers,
        calibration_end=cal_end,
        observation_end=obs_end,
        time_unit=time_unit,
        total_actual_holdout=float(customers["frequency_holdout"].sum()),
        total_predicted_holdout=float(customers["predicted_holdout"].sum()),
        mean_absolute_error=float(error.abs().mean()),
        root_mean_squared_error=float((error**2).mean() ** 0.5),
        spend=spend,
        **spend_check,
    )


def _holdout_spend(rfm: pl.DataFrame) -> tuple[GammaGamma | None, dict]:
    """The Gamma-Gamma fit on the calibration RFM and its spend check on the holdout purchases."""
    try:
        spend = fit_gamma_gamma(rfm)
    except EmptyResult as err:
        if err.code != "gamma_gamma_too_few_spenders":
            raise
        return None, {}
    buyers = rfm.filter((pl.col("frequency_holdout") > 0) & (pl.col("monetary_value_holdout") > 0))
    if buyers.is_empty():
        return spend, {}
    x, m = buyers["frequency"].to_numpy().astype(float), buyers["monetary_value"].to_numpy()
    # Customers without a usable calibration spend get the population mean, as in predictive_clv.
    predicted = spend.conditional_expected_spend(np.where(m > 0, x, 0.0), np.where(m > 0, m, 0.0))
    days = buyers["frequency_holdout"].to_numpy().astype(float)
    return spend, {
        "holdout_spenders": buyers.height,
        "actual_holdout_spend_mean": float(np.sum(days * buyers["monetary_value_holdout"].to_numpy()) / days.sum()),
        "predicted_holdout_spend_mean": float(np.sum(days * predicted) / days.sum()),
    }


def _cumulative_tracking(
    model: BGNBD, days: pl.LazyFrame, cohort: pl.DataFrame, *, cal_end: dt.date, obs_end: dt.date
) -> pl.DataFrame:
    """Cumulative repeat purchases, actual and predicted, at the end of each time unit."""
    unit_days = DAYS_PER_UNIT[model.time_unit]
    days = days.join(cohort.lazy(), on="customer_id", how="semi").filter(pl.col("day") <= obs_end)
    with_first = days.with_columns(pl.col("day").min().over("customer_id").alias("first_day")).collect()
    start: dt.date = with_first["first_day"].min()
    periods = ((obs_end - start).days + 1) // unit_days  # whole units in [start, obs_end]
    if periods < 1:
        return pl.DataFrame(
            schema={"period": pl.Int64, "period_end": pl.Date, "in_holdout": pl.Boolean,
                    "actual_cumulative": pl.Int64, "predicted_cumulative": pl.Float64}
        )
    grid = pl.DataFrame({"period": np.arange(1, periods + 1, dtype=np.int64)}).with_columns(
        (pl.lit(start) + pl.duration(days=pl.col("period") * unit_days - 1)).alias("period_end")
    )
    repeats = (
        with_first.filter(pl.col("day") > pl.col("first_day"))
        .group_by(((pl.col("day") - pl.lit(start)).dt.total_days() // unit_days + 1).alias("period"))
        .agg(pl.len().alias("repeats"))
    )
    # Customers who started on the same day share one prediction curve.
    starts = with_first.group_by("first_day").agg(pl.col("customer_id").n_unique().alias("customers"))
    start_offset = starts.select((pl.col("first_day") - pl.lit(start)).dt.total_days()).to_series().to_numpy()
    end_offset = grid["period"].to_numpy()[:, None] * unit_days - 1
    age = (end_offset - start_offset[None, :]) / unit_days
    expected = np.where(age > 0, model.expected_purchases_new(np.clip(age, 0, None)), 0.0)
    predicted = expected @ starts["customers"].to_numpy().astype(float)
    return (
        grid.join(repeats, on="period", how="left")
        .with_columns(
            (pl.col("period_end") > cal_end).alias("in_holdout"),
            pl.col("repeats").fill_null(0).cum_sum().cast(pl.Int64).alias("actual_cumulative"),
            pl.Series("predicted_cumulative", predicted),
        )
        .select("period", "period_end", "in_holdout", "actual_cumulative", "predicted_cumulative")
    )


def _check_margin(margin: float) -> None:
    if not 0 <= margin <= 1:
        raise MappingProblem(
            "clv_bad_margin", f"The gross margin {margin} is not between 0 and 1.",
            "Give the margin as a share of revenue, for example 0.4 for 40%.", margin=margin,
        )


def _require_repeat_customers(rfm: pl.DataFrame) -> None:
    require_repeaters(int((rfm["frequency"] > 0).sum()))


def require_bounded_spend(spend: GammaGamma) -> GammaGamma:
    """The spend model, refused when q ≤ 1 (its mean spend p·v/(q−1) does not exist),
    fitted here or on an engine's counts."""
    if spend.q <= 1:
        raise EmptyResult(
            "clv_spend_unbounded",
            "Spend per purchase varies so much between customers that its average cannot be estimated.",
            "Check for extreme or mistaken amounts (test orders, wrong currency) and filter them out.",
            q=spend.q,
        )
    return spend


def require_repeaters(repeaters: int) -> None:
    """Refuse to fit the purchase model on fewer than `MIN_REPEAT_CUSTOMERS` repeat customers
    (counted here or by an engine)."""
    if repeaters < MIN_REPEAT_CUSTOMERS:
        raise EmptyResult(
            "clv_too_few_repeat_customers",
            f"Only {repeaters} customer(s) bought more than once; at least {MIN_REPEAT_CUSTOMERS} are needed to predict future purchases.",
            "Use a longer period of orders or widen the filters.",
            repeat_customers=repeaters,
            needed=MIN_REPEAT_CUSTOMERS,
        )


def for_customers(result: PredictiveCLV, customer_ids: pl.Series | list[str]) -> PredictiveCLV:
    """The same fitted model, its per-customer values kept for `customer_ids` only (the
    customers a date range shows; the model itself was fitted on their whole history)."""
    ids = pl.Series("customer_id", customer_ids, dtype=pl.String) if isinstance(customer_ids, list) else customer_ids
    return replace(result, customers=result.customers.filter(pl.col("customer_id").is_in(ids.implode())))
