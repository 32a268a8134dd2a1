"""The few numbers that matter, each with its change, n and interval (`headlines`), for the
latest complete period against the one before it (a month by default)."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import polars as pl
from scipy import special

from cxreport.errors import CXError
from cxreport.fields import DATE_FIELD, Kind
from cxreport.metrics import churn, clv, retention, rows, service, surveys, ux
from cxreport.metrics.stats import CONFIDENCE, z_value
from cxreport.periods import Period, truncate

Unit = Literal["count", "money", "share", "points", "hours", "score"]


@dataclass(frozen=True)
class Headline:
    key: str  # i18n key "headline.<key>"
    value: float | None
    unit: Unit
    period: dt.date | None = None  # start of the period the value is for (None: whole range)
    previous: float | None = None
    n: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    significant: bool | None = None  # change vs previous period significant at 5%
    higher_is_better: bool = True
    detail: str | None = None  # e.g. the SUS grade
    partial: bool = False  # the period is not over yet: the data has no complete one
    # 95% margin of the change vs previous, from the standard error its significance test
    # uses (significant exactly when |change| > change_moe); None when that error is 0.
    change_moe: float | None = None
    # The interval has zero width because every answer is the same: sampling error is not
    # zero, the formula just has no spread to estimate it from, so it must not read as certainty.
    interval_degenerate: bool = False
    span: tuple[dt.date, dt.date] | None = None  # first and last day of the data a whole-range value covers

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def latest_complete_period(last: dt.datetime | dt.date, period: Period) -> dt.date:
    """The last period that the data covers to its end.

    Data that ends on 31 Oct covers October; data that ends on 17 Oct covers September
    only, so comparing a half month with a whole one is never shown as a fall.
    """
    last_day = last.date() if isinstance(last, dt.datetime) else last
    start = pl.select(truncate(pl.lit(dt.datetime.combine(last_day, dt.time())), period)).item()
    next_start = pl.select(truncate(pl.lit(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time())), period)).item()
    if next_start != start:  # last_day is the final day of its period
        return start
    return pl.select(truncate(pl.lit(dt.datetime.combine(start - dt.timedelta(days=1), dt.time())), period)).item()


def _reach(table: pl.DataFrame, column: str) -> tuple | None:
    """First and last of a table's dates a metric can reach (`rows.reachable_span`): a typo
    year (2062) or a row dated after today is out of every metric's reach, so it must not
    make an empty future period the one the cards are for, nor a span run to 2062."""
    return rows.reachable_span(table.get_column(column)) if column in table.columns else None


def _latest_period(reach: tuple | None, period: Period) -> tuple[dt.date, bool] | None:
    """The period a table's headlines are for, and whether it is incomplete, from the
    table's `_reach`.

    The latest complete period of the table's own date column; but when all the data lies
    in one unfinished period (a first export of a few days), that period, flagged partial,
    rather than an empty card. None when the table has no dates.
    """
    if reach is None:
        return None
    first, last = reach
    complete = latest_complete_period(last, period)
    current = pl.select(truncate(pl.lit(last), period)).item()
    if current != complete and pl.select(truncate(pl.lit(first), period)).item() == current:
        return current, True
    return complete, False


def _row(frame: pl.DataFrame, period_start: dt.date) -> dict | None:
    found = frame.filter(pl.col("period") == period_start).to_dicts()
    return found[0] if found else None


def _previous_row(frame: pl.DataFrame, period_start: dt.date) -> dict | None:
    found = frame.filter(pl.col("period") < period_start).sort("period").tail(1).to_dicts()
    return found[0] if found else None


def _safe(compute):
    # A headline the data cannot support (too few repeat buyers for a CLV model, no
    # answered NPS question) is left out, not shown as an error on the overview.
    try:
        return compute()
    except CXError:
        return None


def _order_headlines(orders: pl.DataFrame, period: Period, churn_window: int | None,
                     clv_result: clv.PredictiveCLV | None) -> list[Headline]:
    out: list[Headline] = []
    reach = _reach(orders, DATE_FIELD[Kind.ORDERS])
    found = _latest_period(reach, period)
    if found is None:
        return out
    p, partial = found
    # Active = bought in the period (the library's definition everywhere): a customer whose
    # only row in the period is a refund is not counted, the refund still is.
    per_period = _safe(lambda: retention.active_by_period(orders, period=period))
    if per_period is None:
        return out
    per_period = per_period.with_columns(pl.col("period").cast(pl.Datetime("us")) if isinstance(p, dt.datetime)
                                         else pl.col("period"))
    now, before = _row(per_period, p), _previous_row(per_period, p)
    if now is not None:
        for key, unit in (("customers", "count"), ("revenue", "money")):
            out.append(Headline(key, now[key], unit, p, before and before[key], n=now["customers"], partial=partial))

    span = _span(reach)
    table = _safe(lambda: retention.cohort_retention(orders, period="month"))
    if table is not None:
        for k in (1, 3, 6):
            at = retention.retention_at(table, k)
            if at.height:
                row = at.row(0, named=True)
                out.append(Headline(f"retention_m{k}", row["rate"], "share", n=row["customers"], span=span))

    window = churn_window or _safe(lambda: churn.default_churn_window_days(orders).days)
    if window:
        rates = _safe(lambda: churn.churn_by_period(orders, window_days=window, period=period))
        if rates is not None and rates.height:
            rates = rates.filter(pl.col("churn_rate").is_not_null()).sort("period")
            if rates.height:
                now = rates.row(-1, named=True)
                before = rates.row(-2, named=True) if rates.height > 1 else None
                out.append(Headline("churn_rate", now["churn_rate"], "share", now["period"], before and before["churn_rate"],
                                    n=now["active_start"], higher_is_better=False, detail=str(window)))

    result = clv_result if clv_result is not None else _safe(lambda: clv.predictive_clv(orders))
    if result is not None:
        summary = clv.clv_summary(result)
        out.append(Headline("clv", summary["mean_clv"], "money", n=int(summary["customers"]), span=span))
    return out


def _survey_headlines(responses: pl.DataFrame, period: Period) -> list[Headline]:
    out: list[Headline] = []
    found = _latest_period(_reach(responses, DATE_FIELD[Kind.SURVEYS]), period)
    if found is None:
        return out
    p, partial = found
    specs = (
        ("nps", "nps_score", surveys.nps_by_period, "nps", "points"),
        ("csat", "csat_score", surveys.csat_by_period, "csat", "share"),
        ("ces", "ces_score", surveys.ces_by_period, "mean_score", "score"),
    )
    for key, column, fn, value, unit in specs:
        if column not in responses.columns or responses.get_column(column).drop_nulls().is_empty():
            continue
        trend = _safe(lambda fn=fn: fn(responses, period=period))
        if trend is None or trend.is_empty():
            continue
        now, before = _row(trend, p), _previous_row(trend, p)
        if now is None:
            continue
        moe = _change_moe(key, now, before) if before is not None else None
        change = now[value] - before[value] if before is not None and now[value] is not None and before[value] is not None else None
        out.append(Headline(key, now[value], unit, p, before and before[value], n=now["n"], ci_low=now["ci_low"],
                            ci_high=now["ci_high"], significant=None if moe is None or change is None else abs(change) > moe,
                            partial=partial, change_moe=moe, interval_degenerate=_degenerate(now)))
    return out


def _change_se(key: str, now: dict, before: dict) -> float | None:
    """Standard error of the change between two independent periods, in the headline's units.

    NPS: sqrt(Var₁ + Var₂)·100 points (the variance of `nps_by_period`, whose change_z uses
    the same); CSAT: sqrt(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) (two proportions); CES:
    sqrt(sd₁²/n₁ + sd₂²/n₂) (two means, Welch; normal quantile). None when a term is missing.
    """
    if key == "nps":
        if now["variance"] is None or before["variance"] is None:
            return None
        return (now["variance"] + before["variance"]) ** 0.5 * 100
    if key == "csat":
        return sum(r["csat"] * (1 - r["csat"]) / r["n"] for r in (now, before)) ** 0.5
    # CES rows carry the t interval mean ± t(n−1)·sd/√n, so sd/√n is its half-width ÷ t(n−1).
    if any(r["ci_low"] is None or r["ci_high"] is None for r in (now, before)):
        return None
    # special.stdtrit(df, q) is the t quantile scipy.stats.t.ppf(q, df) returns, without importing scipy.stats.
    return sum(((r["ci_high"] - r["ci_low"]) / 2 / float(special.stdtrit(r["n"] - 1, 0.5 + CONFIDENCE / 2))) ** 2
               for r in (now, before)) ** 0.5


def _change_moe(key: str, now: dict, before: dict) -> float | None:
    """1.96 × the change's standard error: its 95% margin, and the bound its z test compares with."""
    se = _change_se(key, now, before)
    return z_value() * se if se else None


def _degenerate(row: dict) -> bool:
    """A Wald-type interval of zero width on answers that are all the same (n ≥ 1)."""
    return bool(row.get("n")) and row.get("ci_low") is not None and row["ci_low"] == row.get("ci_high")


def _ticket_headlines(tickets: pl.DataFrame, period: Period) -> list[Headline]:
    found = _latest_period(_reach(tickets, DATE_FIELD[Kind.TICKETS]), period)
    if found is None:
        return []
    p, partial = found
    times = _safe(lambda: service.response_times(tickets, period=period))
    if times is None:
        return []
    now, before = _row(times, p), _previous_row(times, p)
    if now is None:
        return []
    return [
        Headline("first_response", now["first_response_hours_median"], "hours", p,
                 before and before["first_response_hours_median"], n=now["n_first_response"], higher_is_better=False, partial=partial),
        Headline("resolution", now["resolution_hours_median"], "hours", p,
                 before and before["resolution_hours_median"], n=now["n_resolution"], higher_is_better=False, partial=partial),
    ]


def _span(reach: tuple | None) -> tuple[dt.date, dt.date] | None:
    """A table's `_reach` as days: what a whole-range headline covers ("Nov 2024 – Nov 2026")."""
    if reach is None:
        return None
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return as_date(reach[0]), as_date(reach[1])


def _ux_headlines(tests: pl.DataFrame) -> list[Headline]:
    out: list[Headline] = []
    span = _span(_reach(tests, "test_date"))
    success = _safe(lambda: ux.task_success(tests, by=None))
    if success is not None and success.height:
        row = success.row(0, named=True)
        out.append(Headline("task_success", row["rate"], "share", n=row["n"], ci_low=row["ci_low"], ci_high=row["ci_high"],
                            interval_degenerate=_degenerate(row), span=span))
    sus = _safe(lambda: ux.sus_summary(tests))
    if sus is not None and sus.height and sus.row(0, named=True)["n"]:
        row = sus.row(0, named=True)
        out.append(Headline("sus", row["mean"], "score", n=row["n"], ci_low=row["ci_low"], ci_high=row["ci_high"],
                            detail=row["grade"], interval_degenerate=_degenerate(row), span=span))
    return out


def headlines(tables: dict[Kind, pl.DataFrame], *, period: Period = "month", churn_window: int | None = None,
              clv_result: clv.PredictiveCLV | None = None) -> list[Headline]:
    """Every headline the loaded (and filtered) tables allow, in reading order.

    `clv_result`: a predictive CLV already fitted on the same orders (the CLV page's), so
    the model is not fitted twice; by default it is fitted here with the library defaults.
    """
    out: list[Headline] = []
    if (orders := tables.get(Kind.ORDERS)) is not None and orders.height:
        out += _order_headlines(orders, period, churn_window, clv_result)
    if (responses := tables.get(Kind.SURVEYS)) is not None and responses.height:
        out += _survey_headlines(responses, period)
    if (tickets := tables.get(Kind.TICKETS)) is not None and tickets.height:
        out += _ticket_headlines(tickets, period)
    if (tests := tables.get(Kind.UX)) is not None and tests.height:
        out += _ux_headlines(tests)
    return out
