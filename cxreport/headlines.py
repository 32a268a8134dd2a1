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

from cxreport.errors import CXError
from cxreport.fields import DATE_FIELD, Kind
from cxreport.fmt import fmt_duration_hours, fmt_money_compact, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.i18n import t
from cxreport.metrics import churn, clv, retention, service, surveys, ux, ux_vs_cx
from cxreport.metrics._frames import valid_orders
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
        .agg(pl.col("customer_id").n_unique().alias("customers"), pl.col("amount").sum().alias("revenue"))
        .collect()
    )
    now, before = _row(per_period, p), _previous_row(per_period, p)
    if now is not None:
        for key, unit in (("customers", "count"), ("revenue", "money")):
            out.append(Headline(key, now[key], unit, p, before and before[key], n=now["customers"], partial=partial))

    table = _safe(lambda: retention.cohort_retention(orders, period="month"))
    if table is not None:
        for k in (1, 3, 6):
            at = retention.retention_at(table, k)
            if at.height:
                row = at.row(0, named=True)
                out.append(Headline(f"retention_m{k}", row["rate"], "share", n=row["customers"]))

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
        out.append(Headline("clv", summary["mean_clv"], "money", n=int(summary["customers"])))
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
        out.append(Headline(key, now[value], unit, p, before and before[value], n=now["n"], ci_low=now["ci_low"],
                            ci_high=now["ci_high"], significant=now.get("change_significant"), partial=partial))
    return out


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


def _ux_headlines(tests: pl.DataFrame) -> list[Headline]:
    out: list[Headline] = []
    success = _safe(lambda: ux.task_success(tests, by=None))
    if success is not None and success.height:
        row = success.row(0, named=True)
        out.append(Headline("task_success", row["rate"], "share", n=row["n"], ci_low=row["ci_low"], ci_high=row["ci_high"]))
    sus = _safe(lambda: ux.sus_summary(tests))
    if sus is not None and sus.height and sus.row(0, named=True)["n"]:
        row = sus.row(0, named=True)
        out.append(Headline("sus", row["mean"], "score", n=row["n"], ci_low=row["ci_low"], ci_high=row["ci_high"],
                            detail=row["grade"]))
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


def _nps_sentences(responses: pl.DataFrame, tickets: pl.DataFrame | None, period: Period, lang: str) -> list[str]:
    out: list[str] = []
    trend = _safe(lambda: surveys.nps_by_period(responses, period=period))
    if trend is None or trend.height < 2:
        return out
    last = latest_complete_period(responses.get_column("response_date").max(), period)
    now = _row(trend, last)
    if now is not None and now["change"] is not None:
        key = "story.nps_rose" if now["change"] > 0 else "story.nps_fell"
        out.append(t(key, lang, points=fmt_number(abs(now["change"]), lang), period=period_label(last, period, lang),
                     moe=fmt_number(now["moe"], lang))
                   + ("" if now["change_significant"] else " " + t("story.not_significant", lang)))
    # The largest significant fall over the whole range, and what service looked like then.
    falls = trend.filter(pl.col("change_significant") & (pl.col("change") < 0)).sort("change")
    if falls.height:
        worst = falls.row(0, named=True)
        sentence = t("story.nps_worst_fall", lang, points=fmt_number(abs(worst["change"]), lang),
                     period=period_label(worst["period"], period, lang), moe=fmt_number(worst["moe"], lang))
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
            base = buckets.filter(pl.col("bucket").cast(pl.String) == "no ticket")
            worst = buckets.filter(pl.col("bucket").cast(pl.String) != "no ticket").sort("detractor_share").tail(1)
            if base.height and worst.height:
                b, w = base.row(0, named=True), worst.row(0, named=True)
                if w["detractor_share"] > b["detractor_share"] + 0.05:
                    out.append(t("story.detractors_waited", lang, bucket=t(f"bucket.{w['bucket']}", lang),
                                 share=fmt_percent(w["detractor_share"], lang, 0),
                                 base=fmt_percent(b["detractor_share"], lang, 0)))
    return out


def _channel_sentence(orders: pl.DataFrame, lang: str) -> list[str]:
    if "channel" not in orders.columns:
        return []
    table = _safe(lambda: retention.cohort_retention(orders, period="month", by="channel"))
    if table is None:
        return []
    at3 = retention.retention_at(table, 3).filter(pl.col("channel").is_not_null())
    if at3.height < 2:
        return []
    worst = at3.sort("rate").row(0, named=True)
    rest = at3.filter(pl.col("channel") != worst["channel"])
    others = rest.get_column("retained").sum() / max(rest.get_column("customers").sum(), 1)
    if worst["rate"] >= 0.8 * others:
        return []
    return [t("story.weak_channel", lang, channel=str(worst["channel"]), rate=fmt_percent(worst["rate"], lang, 0),
              others=fmt_percent(others, lang, 0))]


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
    worst_ux = scored.sort("ux_score").row(0, named=True)
    worst_cx = scored.sort("cx_score").row(0, named=True)
    if worst_ux["touchpoint"] == worst_cx["touchpoint"]:
        return [t("story.weak_touchpoint", lang, touchpoint=str(worst_ux["touchpoint"]),
                  ux=fmt_number(worst_ux["ux_score"], lang), cx=fmt_number(worst_ux["cx_score"], lang))]
    return []


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


def card(h: Headline, *, lang: str = "en", currency: str | None = None, period: Period = "month") -> Card:
    """A headline as text for a metric card: label, value, signed change and a help line."""
    help_parts = []
    if h.period is not None:
        help_parts.append(t("overview.help_period_partial" if h.partial else "overview.help_period", lang,
                            period=period_label(h.period, period, lang)))
    if h.n is not None:
        help_parts.append(t("overview.help_n", lang, n=fmt_number(h.n, lang)))
    if h.ci_low is not None and h.ci_high is not None:
        help_parts.append(t("overview.help_ci", lang, low=_format_value(h.ci_low, h.unit, lang, currency),
                            high=_format_value(h.ci_high, h.unit, lang, currency)))
    if h.significant is not None and h.change is not None:
        help_parts.append(t("overview.significant" if h.significant else "overview.not_significant", lang))
    if h.key == "churn_rate" and h.detail:
        help_parts.append(t("overview.help_window", lang, days=h.detail))
    if h.key == "sus" and h.detail:
        help_parts.append(t("overview.help_grade", lang, grade=h.detail))
    return Card(h.key, t(f"headline.{h.key}", lang), _format_value(h.value, h.unit, lang, currency),
                _format_delta(h, lang, currency), " · ".join(help_parts), h.higher_is_better)
