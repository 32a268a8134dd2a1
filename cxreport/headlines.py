"""The few numbers that matter, each with its change, n and interval, and what moved in words.

`headlines` computes one `Headline` per metric the loaded data allows, for the latest
complete period against the one before it (a month by default). `story` turns the
data's largest movements into plain sentences for managers, e.g. "NPS fell 9 points in
Oct 2025 (±6)" or "Customers acquired via Social Ads keep 13% at month 3, against 31% for
the others". Both are plain library code: the Overview page, the CLI and tests call them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import polars as pl
from scipy import stats as sps

from cxreport.errors import CXError
from cxreport.fields import DATE_FIELD, Kind
from cxreport.fmt import fmt_duration_hours, fmt_money_compact, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.i18n import t
from cxreport.metrics import churn, clv, retention, service, surveys, ux, ux_vs_cx
from cxreport.metrics._frames import valid_orders
from cxreport.metrics.stats import ALPHA, CONFIDENCE, MIN_N, two_proportion_z, two_sided_p, z_value
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


def _latest_period(table: pl.DataFrame, kind: Kind, period: Period) -> tuple[dt.date, bool] | None:
    """The period a table's headlines are for, and whether it is incomplete.

    The latest complete period of the table's own date column; but when all the data lies
    in one unfinished period (a first export of a few days), that period, flagged partial,
    rather than an empty card. None when the table has no dates.
    """
    dates = table.get_column(DATE_FIELD[kind])
    last, first = dates.max(), dates.min()
    if last is None:
        return None
    complete = latest_complete_period(last, period)
    current = pl.select(truncate(pl.lit(last), period)).item()
    if current != complete and pl.select(truncate(pl.lit(first), period)).item() == current:
        return current, True
    return complete, False


def _row(frame: pl.DataFrame, period_start: dt.date) -> dict | None:
    rows = frame.filter(pl.col("period") == period_start).to_dicts()
    return rows[0] if rows else None


def _previous_row(frame: pl.DataFrame, period_start: dt.date) -> dict | None:
    rows = frame.filter(pl.col("period") < period_start).sort("period").tail(1).to_dicts()
    return rows[0] if rows else None


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
    found = _latest_period(orders, Kind.ORDERS, period)
    if found is None:
        return out
    p, partial = found
    per_period = (
        valid_orders(orders)
        .group_by(truncate(pl.col("order_date"), period).alias("period"))
        # Active = bought in the period (the library's definition everywhere): a customer
        # whose only row in the period is a refund is not counted, the refund still is.
        .agg(pl.col("customer_id").filter(pl.col("is_purchase")).n_unique().alias("customers"),
             pl.col("amount").sum().alias("revenue"))
        .collect()
    )
    now, before = _row(per_period, p), _previous_row(per_period, p)
    if now is not None:
        for key, unit in (("customers", "count"), ("revenue", "money")):
            out.append(Headline(key, now[key], unit, p, before and before[key], n=now["customers"], partial=partial))

    span = _span(orders, "order_date")
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
    found = _latest_period(responses, Kind.SURVEYS, period)
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
    return sum(((r["ci_high"] - r["ci_low"]) / 2 / float(sps.t.ppf(0.5 + CONFIDENCE / 2, r["n"] - 1))) ** 2
               for r in (now, before)) ** 0.5


def _change_moe(key: str, now: dict, before: dict) -> float | None:
    """1.96 × the change's standard error: its 95% margin, and the bound its z test compares with."""
    se = _change_se(key, now, before)
    return z_value() * se if se else None


def _degenerate(row: dict) -> bool:
    """A Wald-type interval of zero width on answers that are all the same (n ≥ 1)."""
    return bool(row.get("n")) and row.get("ci_low") is not None and row["ci_low"] == row.get("ci_high")


def _ticket_headlines(tickets: pl.DataFrame, period: Period) -> list[Headline]:
    found = _latest_period(tickets, Kind.TICKETS, period)
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


def _span(table: pl.DataFrame, column: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a table's dates (what a whole-range headline covers)."""
    if column not in table.columns:
        return None
    low, high = table.select(pl.col(column).min().alias("low"), pl.col(column).max().alias("high")).row(0)
    if low is None or high is None:
        return None
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return as_date(low), as_date(high)


def _ux_headlines(tests: pl.DataFrame) -> list[Headline]:
    out: list[Headline] = []
    span = _span(tests, "test_date")
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


# --- what moved, in words -------------------------------------------------------------------


def _nps_change_sentence(row: dict, period: Period, lang: str) -> str:
    """The latest NPS change, with the margin of the change (never the period's own margin)."""
    when = period_label(row["period"], period, lang)
    n, n_before = fmt_number(row["n"], lang), fmt_number(row["n_before"], lang)
    if not row["change_moe"]:  # every answer the same in both periods: the formula has no spread
        return t("story.nps_change_identical", lang, change=fmt_signed(row["change"], lang, 0), period=when, n=n,
                 n_before=n_before)
    key = "story.nps_rose_change" if row["change"] > 0 else "story.nps_fell_change"
    sentence = t(key, lang, points=fmt_number(abs(row["change"]), lang), period=when,
                 moe=fmt_number(row["change_moe"], lang), n=n, n_before=n_before)
    return sentence + ("" if abs(row["change"]) > row["change_moe"] else " " + t("story.not_significant", lang))


def _nps_sentences(responses: pl.DataFrame, tickets: pl.DataFrame | None, period: Period, lang: str) -> list[str]:
    out: list[str] = []
    trend = _safe(lambda: surveys.nps_by_period(responses, period=period))
    if trend is None or trend.height < 2:
        return out
    # Each period against the one before, as nps_by_period's change_z: the margin of the
    # change is 1.96·sqrt(Var₁ + Var₂)·100, and the change is significant when it exceeds it.
    trend = trend.sort("period").with_columns(
        (z_value() * (pl.col("variance") + pl.col("variance").shift(1)).sqrt() * 100).alias("change_moe"),
        pl.col("n").shift(1).alias("n_before"),
    )
    last = latest_complete_period(responses.get_column("response_date").max(), period)
    now = _row(trend, last)
    if now is not None and now["change"] is not None:
        out.append(_nps_change_sentence(now, period, lang))
    # The largest significant fall over the whole range, and what service looked like then.
    falls = trend.filter((pl.col("change") < 0) & (pl.col("change").abs() > pl.col("change_moe"))).sort("change")
    if falls.height:
        worst = falls.row(0, named=True)
        sentence = t("story.nps_worst_fall_change", lang, points=fmt_number(abs(worst["change"]), lang),
                     period=period_label(worst["period"], period, lang), moe=fmt_number(worst["change_moe"], lang),
                     n=fmt_number(worst["n"], lang), n_before=fmt_number(worst["n_before"], lang))
        if tickets is not None and tickets.height:
            times = _safe(lambda: service.response_times(tickets, period=period))
            if times is not None and times.height:
                then = _row(times, worst["period"])
                typical = times.get_column("resolution_hours_median").median()
                if then and then["resolution_hours_median"] and typical and then["resolution_hours_median"] > 1.5 * typical:
                    sentence += " " + t("story.resolution_slow_then", lang,
                                        hours=fmt_duration_hours(then["resolution_hours_median"], lang),
                                        typical=fmt_duration_hours(typical, lang))
        out.append(sentence)
    if tickets is not None and tickets.height:
        buckets = _safe(lambda: service.service_vs_nps(tickets, responses))
        if buckets is not None and buckets.height > 1:
            out += _waited_sentence(buckets, lang)
    return out


def _against_the_rest(groups: pl.DataFrame, hits: str, n: str) -> pl.DataFrame:
    """Each group's share of `hits` against everyone else's, with a two-proportion z test.

    Adds rest_hits, rest_n, share, rest_share, p (two-sided, pooled z) and keeps the groups
    a sentence may speak of: n ≥ MIN_N (30) and p < 0.05.
    """
    return (
        groups.with_columns((pl.col(hits).sum() - pl.col(hits)).alias("rest_hits"),
                            (pl.col(n).sum() - pl.col(n)).alias("rest_n"))
        .with_columns((pl.col(hits) / pl.col(n)).alias("share"),
                      (pl.col("rest_hits") / pl.col("rest_n")).alias("rest_share"),
                      two_sided_p(two_proportion_z(pl.col(hits), pl.col(n), pl.col("rest_hits"), pl.col("rest_n"))).alias("p"))
        .filter((pl.col(n) >= MIN_N) & (pl.col("p") < ALPHA))
    )


def _waited_sentence(buckets: pl.DataFrame, lang: str) -> list[str]:
    """Detractors among those who waited long for a first reply, when it differs significantly from the rest."""
    tested = _against_the_rest(buckets.with_columns(pl.col("bucket").cast(pl.String)), "detractors", "n")
    worse = tested.filter((pl.col("bucket") != "no ticket") & (pl.col("share") > pl.col("rest_share")))
    if not worse.height:
        return []
    w = worse.sort(pl.col("share") - pl.col("rest_share"), "bucket").row(-1, named=True)
    return [t("story.detractors_waited_n", lang, bucket=t(f"bucket.{w['bucket']}", lang),
              share=fmt_percent(w["share"], lang, 0), n=fmt_number(w["n"], lang),
              rest=fmt_percent(w["rest_share"], lang, 0), rest_n=fmt_number(w["rest_n"], lang))]


def _channel_sentence(orders: pl.DataFrame, lang: str) -> list[str]:
    if "channel" not in orders.columns:
        return []
    table = _safe(lambda: retention.cohort_retention(orders, period="month", by="channel"))
    if table is None:
        return []
    at3 = retention.retention_at(table, 3).filter(pl.col("channel").is_not_null())
    if at3.height < 2:
        return []
    # Significantly lower than the other channels together, on at least 30 customers, and
    # materially so (below 80% of the others' rate): a sentence is a call to act.
    weak = _against_the_rest(at3, "retained", "customers").filter(pl.col("share") < 0.8 * pl.col("rest_share"))
    if not weak.height:
        return []
    worst = weak.sort("share", "channel").row(0, named=True)
    return [t("story.weak_channel_n", lang, channel=str(worst["channel"]), rate=fmt_percent(worst["share"], lang, 0),
              n=fmt_number(worst["customers"], lang), others=fmt_percent(worst["rest_share"], lang, 0),
              others_n=fmt_number(worst["rest_n"], lang))]


def _touchpoint_sentence(tables: dict[Kind, pl.DataFrame], lang: str) -> list[str]:
    if tables.get(Kind.UX) is None:
        return []
    kwargs = {k.value: tables[k] for k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS) if tables.get(k) is not None}
    comparison = _safe(lambda: ux_vs_cx.ux_vs_cx(**kwargs, by="touchpoint"))
    if comparison is None or comparison.height < 2 or "touchpoint" not in comparison.columns:
        return []
    scored = comparison.filter(pl.col("ux_score").is_not_null() & pl.col("cx_score").is_not_null())
    if scored.height < 2:
        return []
    worst_ux = scored.sort("ux_score", "touchpoint").row(0, named=True)
    worst_cx = scored.sort("cx_score", "touchpoint").row(0, named=True)
    if worst_ux["touchpoint"] != worst_cx["touchpoint"]:
        return []
    # A sentence about one touchpoint is a subgroup claim: only when both of its scores are
    # shares (task success, CSAT), each significantly below the other touchpoints together,
    # on n >= 30 each. A SUS mean or an NPS has no two-proportion test here: no sentence.
    if worst_ux["ux_basis"] != "task_success" or worst_ux["cx_basis"] != "csat":
        return []
    counts = scored.select(
        "touchpoint", "ux_n", "cx_n",
        (pl.col("ux_task_success") * pl.col("ux_n")).round().alias("ux_hits"),
        (pl.col("cx_csat") * pl.col("cx_n")).round().alias("cx_hits"),
    )
    lower = [_against_the_rest(counts, f"{side}_hits", f"{side}_n")
             .filter((pl.col("touchpoint") == worst_ux["touchpoint"]) & (pl.col("share") < pl.col("rest_share"))).height
             for side in ("ux", "cx")]
    if not all(lower):
        return []
    return [t("story.weak_touchpoint_n", lang, touchpoint=str(worst_ux["touchpoint"]),
              ux=fmt_number(worst_ux["ux_score"], lang), ux_n=fmt_number(worst_ux["ux_n"], lang),
              cx=fmt_number(worst_ux["cx_score"], lang), cx_n=fmt_number(worst_ux["cx_n"], lang))]


def story(tables: dict[Kind, pl.DataFrame], *, period: Period = "month", lang: str = "en") -> list[str]:
    """Plain sentences on what moved and where to look, largest effects first."""
    out: list[str] = []
    if (responses := tables.get(Kind.SURVEYS)) is not None and "nps_score" in responses.columns and responses.height:
        out += _nps_sentences(responses, tables.get(Kind.TICKETS), period, lang)
    if (orders := tables.get(Kind.ORDERS)) is not None and orders.height:
        out += _channel_sentence(orders, lang)
    out += _touchpoint_sentence(tables, lang)
    return out


# --- as shown on a card ---------------------------------------------------------------------

LAYERS: dict[str, tuple[str, ...]] = {
    "cx": ("customers", "revenue", "retention_m1", "retention_m3", "retention_m6", "churn_rate", "clv"),
    "surveys": ("nps", "csat", "ces"),
    "service": ("first_response", "resolution"),
    "ux": ("task_success", "sus"),
}


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    delta: str | None
    help: str
    higher_is_better: bool
    period: str = ""  # on the card: "Oct 2026", or "Oct 2026 (so far)"
    note: str = ""  # on the card, in small type: n and the 95% interval, where the headline has them


def _format_value(value: float | None, unit: Unit, lang: str, currency: str | None) -> str:
    if value is None:
        return "–"
    if unit == "money":
        return fmt_money_compact(value, currency, lang)
    if unit == "share":
        return fmt_percent(value, lang, 1)
    if unit == "hours":
        return fmt_duration_hours(value, lang)
    if unit == "points":
        return fmt_number(value, lang, 0)
    if unit == "score":
        return fmt_number(value, lang, 1)
    return fmt_number(value, lang, 0)


def _format_delta(h: Headline, lang: str, currency: str | None) -> str | None:
    change = h.change
    if change is None:
        return None
    if h.unit == "share":  # a change of shares reads in percentage points
        text = fmt_signed(change * 100, lang, 1) + (" pp" if lang == "en" else " poin")
    elif h.unit == "money":
        text = ("+" if change >= 0 else "−") + fmt_money_compact(abs(change), currency, lang)
    elif h.unit == "hours":
        text = ("+" if change >= 0 else "−") + fmt_duration_hours(abs(change), lang)
    else:
        text = fmt_signed(change, lang, 0 if h.unit in ("points", "count") else 1)
    # Streamlit picks the arrow from a leading ASCII "-": the typographic minus would read as a rise.
    return text.replace("−", "-")


def _format_margin(moe: float, unit: Unit, lang: str) -> str:
    """± a change's margin in the change's own units (percentage points for shares)."""
    if unit == "share":
        return "±" + fmt_number(moe * 100, lang, 1) + (" pp" if lang == "en" else " poin")
    return "±" + fmt_number(moe, lang, 0 if unit == "points" else 2)


def card(h: Headline, *, lang: str = "en", currency: str | None = None, period: Period = "month") -> Card:
    """A headline as text for a metric card: label, value, signed change and a help line."""
    help_parts = []
    if h.period is not None:
        help_parts.append(t("overview.help_period_partial" if h.partial else "overview.help_period", lang,
                            period=period_label(h.period, period, lang)))
    if h.n is not None:
        help_parts.append(t("overview.help_n", lang, n=fmt_number(h.n, lang)))
    if h.interval_degenerate:
        help_parts.append(t("overview.help_ci_degenerate", lang, n=fmt_number(h.n or 0, lang)))
    elif h.ci_low is not None and h.ci_high is not None:
        help_parts.append(t("overview.help_ci", lang, low=_format_value(h.ci_low, h.unit, lang, currency),
                            high=_format_value(h.ci_high, h.unit, lang, currency)))
    if h.significant is not None and h.change is not None and h.change_moe is not None:
        # The margin shown next to a change is the change's own: the one its test compares with.
        help_parts.append(t("overview.help_change_moe", lang, moe=_format_margin(h.change_moe, h.unit, lang),
                            verdict=t("overview.significant" if h.significant else "overview.not_significant", lang)))
    if h.key == "churn_rate" and h.detail:
        help_parts.append(t("overview.help_window", lang, days=h.detail))
    if h.key == "sus" and h.detail:
        help_parts.append(t("overview.help_grade", lang, grade=h.detail))
    on_card = ""
    if h.period is not None:
        name = period_label(h.period, period, lang)
        on_card = t("overview.card_period_partial", lang, period=name) if h.partial else name
    elif h.span is not None:
        start, end = (period_label(d, "month", lang) for d in h.span)
        on_card = start if start == end else t("overview.card_span", lang, start=start, end=end)
    note = []
    if h.n is not None:
        note.append(t("overview.help_n", lang, n=fmt_number(h.n, lang)))
    if h.ci_low is not None and h.ci_high is not None and not h.interval_degenerate:
        note.append(t("overview.card_ci", lang, low=_format_value(h.ci_low, h.unit, lang, currency),
                      high=_format_value(h.ci_high, h.unit, lang, currency)))
    return Card(h.key, t(f"headline.{h.key}", lang), _format_value(h.value, h.unit, lang, currency),
                _format_delta(h, lang, currency), " · ".join(help_parts), h.higher_is_better, on_card, " · ".join(note))
