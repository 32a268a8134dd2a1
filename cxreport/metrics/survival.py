"""Customer survival: how long customers stay, with those still active counted as censored.

- `kaplan_meier`: the product-limit estimator (Kaplan & Meier 1958) with Greenwood's
  variance (Greenwood 1926) and the log(−log) ("exponential Greenwood") 95% band, computed
  exactly as lifelines' ``KaplanMeierFitter`` does, the reference it is tested against.
- `customer_lifetimes` (orders, churn = `window_days` without a purchase, see
  `cxreport.metrics.churn`) and `subscription_lifetimes` (cancellations) turn raw tables
  into one duration and one event flag per customer.
"""

from __future__ import annotations

import polars as pl
from scipy.special import ndtri

from cxreport.errors import MappingProblem
from cxreport.fields import OrderColumns, SubscriptionColumns
from cxreport.metrics._frames import first_value_per_customer, no_orders, no_subscriptions, valid_subscriptions
from cxreport.metrics._order_days import EPOCH, group_codes, order_days
from cxreport.metrics._runs import runs
from cxreport.metrics.inputs import DateLike, Frame, as_day, as_lazy
from cxreport.metrics.churn import check_window
from cxreport.periods import Period, check_period, truncate

# `by` value meaning "the period of the customer's first purchase" rather than a column.
COHORT = "cohort"
ALL = "all"


def kaplan_meier(
    lifetimes: Frame,
    duration: str = "duration_days",
    observed: str = "churned",
    *,
    by: str | None = None,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """Kaplan–Meier survival curve per group, with Greenwood confidence band.

    At each distinct time t (every duration, event or censored, plus t = 0):
    n_t = at_risk (durations ≥ t), d_t = events at t, c_t = censored at t;
    S(t) = Π_{s ≤ t} (1 − d_s / n_s);
    Greenwood: Var[log S(t)] ≈ V(t) = Σ_{s ≤ t} d_s / (n_s (n_s − d_s)) (terms with n_s = d_s
    taken as 0, as lifelines does);
    band (log(−log) transform, Kalbfleisch & Prentice 2002 §1.4): with z = Φ⁻¹(1 − α/2),
    ci = exp(−exp(log(−log S) ∓ z·√V / log S)), 1 where S = 1.
    Equal to lifelines ``KaplanMeierFitter(alpha=alpha).fit(durations, observed)``:
    ``survival_function_`` and ``confidence_interval_`` row by row.

    `lifetimes` has a non-negative `duration` column and an `observed` column (true/1 = the
    event happened, false/0 = censored); rows with a null duration are left out.
    Columns: group (String; "all" without `by`), time (Float64), at_risk, events,
    censored (Int64), survival, ci_low, ci_high; sorted by group, time.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha}")
    lazy = as_lazy(lifetimes)
    names = lazy.collect_schema().names()
    missing = [c for c in (duration, observed, *([by] if by else [])) if c not in names]
    if missing:
        raise MappingProblem(
            "lifetimes_missing_columns",
            f"The lifetimes table has no column {', '.join(missing)}.",
            "Give a table with one row per customer: how long they were observed and whether they left.",
            columns=missing,
        )
    data = lazy.select(
        (pl.col(by).cast(pl.String).fill_null("") if by else pl.lit(ALL)).alias("group"),
        pl.col(duration).cast(pl.Float64).alias("time"),
        pl.col(observed).cast(pl.Int64).fill_null(0).alias("event"),
    ).drop_nulls("time")
    if data.select((pl.col("time") < 0).any()).collect().item():
        raise MappingProblem(
            "negative_duration",
            "Some lifetimes are negative.",
            "Check that each customer's end date is not before their start date.",
        )
    z = float(ndtri(1 - alpha / 2))  # normal quantile, as scipy.stats.norm.ppf (which calls ndtri)
    per_time = data.group_by("group", "time").agg(
        pl.col("event").sum().cast(pl.Int64).alias("events"), pl.len().cast(pl.Int64).alias("removed")
    )
    # lifelines' timeline always starts at 0, with S(0) = 1 when nobody ends at 0.
    origins = (
        data.select("group")
        .unique()
        .with_columns(pl.lit(0.0).alias("time"), pl.lit(0, pl.Int64).alias("events"), pl.lit(0, pl.Int64).alias("removed"))
    )
    steps = (
        pl.concat([per_time, origins])
        .group_by("group", "time")
        .agg(pl.col("events").sum(), pl.col("removed").sum())
        .sort("group", "time")
        .with_columns(
            # at risk at t: everyone whose duration is t or more = all minus those removed before t
            (pl.col("removed").sum().over("group") - pl.col("removed").cum_sum().over("group") + pl.col("removed")).alias(
                "at_risk"
            )
        )
        .with_columns(
            # log-space product, as lifelines, so the two agree to the last digit
            ((pl.col("at_risk") - pl.col("events")).log() - pl.col("at_risk").log()).alias("log_step"),
            pl.when(pl.col("at_risk") > pl.col("events"))
            .then(pl.col("events") / (pl.col("at_risk") * (pl.col("at_risk") - pl.col("events"))))
            .otherwise(0.0)
            .alias("greenwood_term"),
        )
        .with_columns(
            pl.col("log_step").cum_sum().over("group").exp().alias("survival"),
            pl.col("greenwood_term").cum_sum().over("group").alias("greenwood"),
        )
    )
    log_s = pl.col("survival").log()
    spread = z * pl.col("greenwood").sqrt() / log_s
    return (
        steps.select(
            "group",
            "time",
            "at_risk",
            "events",
            (pl.col("removed") - pl.col("events")).alias("censored"),
            "survival",
            (-(((-log_s).log() - spread).exp())).exp().fill_nan(1.0).alias("ci_low"),
            (-(((-log_s).log() + spread).exp())).exp().fill_nan(1.0).alias("ci_high"),
        )
        .sort("group", "time")
        .collect()
    )


def median_lifetime(km: pl.DataFrame) -> pl.DataFrame:
    """Median lifetime per group: the first time the survival curve is at or below 0.5.

    Null when the curve never gets there (more than half are still active): the median is
    then longer than anything observed. Same as lifelines' ``median_survival_time_`` (inf there).
    Input: a `kaplan_meier` result. Columns: group, customers (at risk at time 0), median_time.
    """
    return (
        km.group_by("group", maintain_order=True)
        .agg(
            pl.col("at_risk").max().alias("customers"),
            pl.col("time").filter(pl.col("survival") <= 0.5).min().alias("median_time"),
        )
        .sort("group")
    )


def customer_lifetimes(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    window_days: int,
    as_of: DateLike | None = None,
    by: str | None = None,
    period: Period = "month",
) -> pl.DataFrame:
    """One lifetime per customer from orders: from first to last purchase, censored while active.

    From valid purchases up to `as_of` (default: the last day of data): a customer has
    churned when as_of − last purchase > window_days (the churn rule of
    `cxreport.metrics.churn`). duration_days = last − first purchase day when churned (the
    lifetime ended at the last purchase), else as_of − first purchase day, censored (still
    alive at as_of, lifetime at least that long).
    ``by`` is a dimension column (the customer's value at first purchase) or "cohort": the
    `period` of the first purchase, as text (YYYY-MM-DD of the period start).
    Columns: customer_id, [by,] first_purchase, last_purchase (Date), duration_days (Int64),
    churned (Boolean); sorted by customer_id.
    """
    check_window(window_days)
    column = None if by in (None, COHORT) else by
    if by == COHORT:
        check_period(period)
    prepared = order_days(orders, cols)
    if prepared is None:
        raise no_orders()
    end = as_day(as_of) if as_of is not None else prepared.last_day
    buys = prepared.purchase_days().filter(pl.col("d") <= (end - EPOCH).days)
    customer, d = buys.get_column("customer").to_numpy(), buys.get_column("d").to_numpy()
    if customer.size == 0:
        raise no_orders()
    found = runs(customer)
    first, last = found.first, found.last
    per_customer = pl.DataFrame({
        "customer": customer[first],
        "first_purchase": pl.Series(d[first]).cast(pl.Date),
        "last_purchase": pl.Series(d[last]).cast(pl.Date),
    })
    if column:
        group_of, values = group_codes(orders, cols, column)
        per_customer = per_customer.with_columns(values.gather(group_of[customer[first]]).alias(column))
    elif by == COHORT:
        per_customer = per_customer.with_columns(
            truncate(pl.col("first_purchase").cast(pl.Datetime("us")), period).cast(pl.String).alias(COHORT)
        )
    churned = (pl.lit(end) - pl.col("last_purchase")).dt.total_days() > window_days
    per_customer = per_customer.with_columns(churned.alias("churned")).with_columns(
        (pl.when("churned").then(pl.col("last_purchase")).otherwise(pl.lit(end)) - pl.col("first_purchase"))
        .dt.total_days()
        .cast(pl.Int64)
        .alias("duration_days")
    ).select("customer", *([by] if by else []), "first_purchase", "last_purchase", "duration_days", "churned")
    result = prepared.sorted_by_id(per_customer)
    if result.is_empty():
        raise no_orders()
    return result


def survival_by(
    orders: Frame,
    cols: OrderColumns = OrderColumns(),
    *,
    window_days: int,
    by: str | None = None,
    period: Period = "quarter",
    as_of: DateLike | None = None,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """Kaplan–Meier curves of customer lifetimes from orders, per `by` group ("cohort" = first-purchase `period`).

    `customer_lifetimes` then `kaplan_meier` on duration_days / churned; columns as `kaplan_meier`.
    """
    lifetimes = customer_lifetimes(orders, cols, window_days=window_days, as_of=as_of, by=by, period=period)
    return kaplan_meier(lifetimes, "duration_days", "churned", by=by, alpha=alpha)


def subscription_lifetimes(
    subs: Frame,
    cols: SubscriptionColumns = SubscriptionColumns(),
    *,
    as_of: DateLike | None = None,
    by: str | None = None,
) -> pl.DataFrame:
    """One lifetime per customer from subscriptions: first start to last cancellation.

    Subscriptions starting after `as_of` (default: the latest start or cancel date) are
    left out; a cancellation after `as_of` has not happened yet. A customer with a
    subscription still running at as_of is censored: duration_days = as_of − first start.
    Otherwise churned: duration_days = last cancel − first start. Plan changes and gaps
    between subscriptions stay inside one lifetime (the customer came back).
    With ``by`` each customer is grouped by their first subscription's value.
    Columns: customer_id, [by,] first_start, last_cancel (Date, null while active),
    duration_days (Int64), churned (Boolean); sorted by customer_id.
    """
    rows = valid_subscriptions(subs, cols, by=by)
    if as_of is not None:
        end = as_day(as_of)
    else:
        bounds = rows.select(pl.col("start_day").max().alias("s"), pl.col("cancel_day").max().alias("c")).collect().row(0)
        end = max((d for d in bounds if d is not None), default=None)
    if end is None:
        raise no_subscriptions()
    rows = rows.filter(pl.col("start_day") <= end).with_columns(
        pl.when(pl.col("cancel_day") <= end).then(pl.col("cancel_day")).alias("cancel_day")
    )
    per_customer = rows.group_by("customer_id").agg(
        pl.col("start_day").min().alias("first_start"),
        pl.col("cancel_day").is_null().any().alias("running"),
        pl.col("cancel_day").max().alias("last_cancel"),
    )
    if by:
        per_customer = per_customer.join(first_value_per_customer(rows, by, order="start_day"), on="customer_id")
    result = (
        per_customer.with_columns(
            (~pl.col("running")).alias("churned"),
            pl.when(pl.col("running")).then(None).otherwise(pl.col("last_cancel")).alias("last_cancel"),
        )
        .with_columns(
            (pl.coalesce(pl.col("last_cancel"), pl.lit(end)) - pl.col("first_start"))
            .dt.total_days()
            .cast(pl.Int64)
            .alias("duration_days")
        )
        .select("customer_id", *([by] if by else []), "first_start", "last_cancel", "duration_days", "churned")
        .sort("customer_id")
        .collect()
    )
    if result.is_empty():
        raise no_subscriptions()
    return result


__all__ = [
    "COHORT",
    "customer_lifetimes",
    "kaplan_meier",
    "median_lifetime",
    "subscription_lifetimes",
    "survival_by",
]
