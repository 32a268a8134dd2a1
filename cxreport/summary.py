"""The report (`cxreport.report.build_report`'s dict) as a few readable lines per section:
what `cxreport metrics` prints without ``--json``, in English or Indonesian.

Numbers go through `cxreport.fmt`, the formatting the app's cards use; words through the
translation table (``summary.*`` keys, and the app's own names of dimensions, drivers,
stages and indicators). The CLI owns the flags the lines name (``--kind``, ``--map``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cxreport.fields import Kind
from cxreport.fmt import fmt_date, fmt_duration_hours, fmt_money, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.i18n import t
from cxreport.metrics.journey import reason_text
from cxreport.periods import Period


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _date(text: str | None, lang: str) -> str | None:
    """A JSON date as the summary prints it: ISO in English (as the flags take it), the
    language's own way otherwise (``31 Oktober 2026``)."""
    return text if lang == "en" or not text else fmt_date(_day(text), lang)


def _s(key: str, lang: str, **params: object) -> str:
    return t(f"summary.{key}", lang, **params)


class _Words:
    """The formatting helpers of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def pct(self, x: float | None) -> str:
        return fmt_percent(x, self.lang, 1)

    def num(self, x: float | int | None, decimals: int = 0) -> str:
        return fmt_number(x, self.lang, decimals)

    def n(self, n: int | None) -> str:
        return f"n = {fmt_number(n, self.lang)}"

    def hours(self, h: float | None) -> str:
        return fmt_duration_hours(h, self.lang)

    def interval(self, ci: list | None, fmt: Callable[[float], str], degenerate: bool = False) -> str:
        if degenerate:
            return _s("no_interval", self.lang)
        if not ci or ci[0] is None or ci[1] is None:
            return ""
        return _s("interval", self.lang, low=fmt(ci[0]), high=fmt(ci[1]))


def _dataset_lines(report: dict, w: _Words) -> list[str]:
    lang = w.lang
    lines = [_s("files", lang)]
    for d in report["datasets"]:
        if d["used"]:
            extra = f", {d['currency']}" if d.get("currency") else ""
            rejected = _s("rejected", lang, n=w.num(d["rejected"])) if d["rejected"] else ""
            lines.append("  " + _s("file_used", lang, file=d["file"], kind=_s(f"kind.{d['kind']}", lang),
                                   sure=fmt_percent(d["kind_confidence"], lang, 0), rows=w.num(d["rows"]),
                                   rejected=rejected, extra=extra))
        elif d["kind"] == Kind.OTHER.value:
            lines.append("  " + _s("file_not_recognised", lang, file=d["file"]))
        else:
            lines.append("  " + _s("file_missing", lang, file=d["file"], kind=_s(f"kind.{d['kind']}", lang),
                                   fields=", ".join(d["missing"])))
    return lines


def _filter_line(report: dict, w: _Words) -> list[str]:
    lang = w.lang
    f = report["filters"]
    parts = []
    if f["from"] or f["to"]:
        parts.append(_s("dates", lang, start=_date(f["from"], lang) or _s("start", lang), end=_date(f["to"], lang) or _s("end", lang)))
    parts += [f"{column} = {_s('or', lang).join(values)}" for column, values in f["where"].items()]
    if not parts:
        return []
    kept = ", ".join(_s("kept", lang, kind=_s(f"kind.{kind}", lang), after=w.num(r["after"]), before=w.num(r["before"]))
                     for kind, r in f["rows"].items())
    return [_s("filters", lang, parts="; ".join(parts), kept=kept)]


def _orders_lines(o: dict, period: Period, w: _Words) -> list[str]:
    lang = w.lang
    money = lambda x: fmt_money(x, o.get("currency"), lang)  # noqa: E731
    lines = [_s("orders", lang)]
    if at := o.get("retention_at"):
        parts = [_s("retention_at", lang, month=k.split("_")[1], rate=w.pct(v["rate"]), n=w.n(v["customers"]))
                 for k, v in at.items()]
        lines.append("  " + _s("retention", lang, parts=", ".join(parts)))
    if ch := o.get("churn"):
        rated = [r for r in ch["by_period"] if r["churn_rate"] is not None]
        latest = _s("latest_churn", lang, rate=w.pct(rated[-1]["churn_rate"]),
                    period=period_label(_day(rated[-1]["period"]), period, lang),
                    n=w.n(rated[-1]["active_start"])) if rated else ""
        lines.append("  " + _s("churn", lang, days=ch["window_days"], latest=latest))
        if lang == "en":  # the library words the window's reasoning in English only
            lines.append(f"    {ch['window_explanation']}")
    if "customers_at_risk" in o:
        lines.append("  " + _s("at_risk", lang, n=w.num(o["customers_at_risk"])))
    c = o.get("clv", {})
    if s := c.get("summary"):
        lines.append("  " + _s("clv", lang, months=c["model"]["horizon_months"], as_of=_date(c["model"]["calibration_end"], lang),
                               mean=money(s["mean_clv"]), median=money(s["median_clv"]), total=money(s["total_clv"]),
                               n=w.n(s["customers"])))
    if h := c.get("holdout"):
        lines.append("  " + _s("holdout", lang, start=_date(h["calibration_end"], lang), end=_date(h["observation_end"], lang),
                               predicted=w.num(h["predicted_purchases"]), actual=w.num(h["actual_purchases"]),
                               n=w.n(h["customers"])))
        if (sp := h.get("spend_params")) is not None:
            check = _s("spend_check", lang, predicted=money(h["predicted_spend_mean"]),
                       actual=money(h["actual_spend_mean"]), n=w.n(h["holdout_spenders"])) \
                if h.get("holdout_spenders") else ""
            lines.append("    " + _s("spend_model", lang, p=w.num(sp["p"], 2), q=w.num(sp["q"], 2), v=w.num(sp["v"], 2),
                                      n=w.n(h["spend_customers"]), check=check))
    if sc := c.get("simple"):
        unit = _s(f"unit.{sc['period']}", lang)
        basis = _s("simple_basis", lang, churned=w.num(sc["churned"]), active=w.num(sc["active_start"]),
                   periods=sc["churn_periods"], units=_s(f"units.{sc['period']}", lang), days=sc["churn_window_days"]) \
            if sc["churn_rate_observed"] else _s("given", lang)
        lines.append("  " + _s("simple_clv", lang, arpu=money(sc["arpu"]), rate=w.pct(sc["churn_rate"]), unit=unit,
                               basis=basis, clv=money(sc["clv"])))
    return lines


def _subscription_lines(s: dict, period: Period, w: _Words) -> list[str]:
    if "nrr" not in s:
        return []
    lang = w.lang
    return [_s("subscriptions", lang),
            "  " + _s("subscription_line", lang, period=period_label(_day(s["latest_period"]), period, lang),
                      mrr=fmt_money(s["mrr"], s.get("currency"), lang), nrr=w.pct(s["nrr"]), grr=w.pct(s["grr"]),
                      logo=w.pct(s["logo_churn_rate"]))]


def _survey_lines(s: dict, w: _Words) -> list[str]:
    lang = w.lang
    lines = [_s("surveys", lang)]
    if nps := s.get("nps"):
        margin = (_s("nps_identical", lang) if nps.get("interval_degenerate")
                  else f"±{w.num(nps['moe'], 1)} ")
        lines.append("  " + _s("nps", lang, score=fmt_signed(round(nps["score"], 1), lang), margin=margin,
                               n=w.n(nps["n"]), promoters=w.num(nps["promoters"]), passives=w.num(nps["passives"]),
                               detractors=w.num(nps["detractors"])))
    if cs := s.get("csat"):
        lines.append("  " + _s("csat", lang, score=w.pct(cs["score"]), interval=w.interval(cs["ci95"], w.pct),
                               n=w.n(cs["n"])))
    if ce := s.get("ces"):
        two = lambda x: w.num(x, 2)  # noqa: E731
        lines.append("  " + _s("ces", lang, score=two(ce["score"]),
                               interval=w.interval(ce["ci95"], two, ce.get("interval_degenerate", False)),
                               n=w.n(ce["n"])))
    return lines if len(lines) > 1 else []


def _ticket_lines(tk: dict, w: _Words) -> list[str]:
    lang = w.lang
    lines = [_s("service", lang)]
    for key in ("first_response_hours", "resolution_hours"):
        if v := tk.get(key):
            basis = v.get("basis") or "calendar"
            lines.append("  " + _s(f"service.{key}", lang, median=w.hours(v["median"]), p90=w.hours(v["p90"]),
                                   n=w.n(v["n"]), basis=_s(f"basis.{basis}", lang) if basis in ("calendar", "business")
                                   else basis))
    if a := tk.get("aht_minutes"):
        lines.append("  " + _s("aht", lang, mean=w.num(a["mean"], 1), n=w.n(a["n"])))
    if vol := tk.get("volume"):
        lines.append("  " + _s("volume", lang, tickets=w.num(sum(r["tickets"] for r in vol)), periods=len(vol)))
    return lines if len(lines) > 1 else []


def _ux_lines(u: dict, w: _Words) -> list[str]:
    lang = w.lang
    lines = [_s("ux", lang)]
    if sus := u.get("sus"):
        one = lambda x: w.num(x, 1)  # noqa: E731
        lines.append("  " + _s("sus", lang, score=one(sus["score"]), grade=sus["grade"],
                               interval=w.interval(sus["ci95"], one, sus.get("interval_degenerate", False)),
                               n=w.n(sus["n"])))
    for task in u.get("task_success", []):
        lines.append("  " + _s("task", lang, task=task["task"], rate=w.pct(task["rate"]),
                               interval=w.interval(task["ci95"], w.pct), n=w.n(task["n"])))
    return lines if len(lines) > 1 else []


# --- the CX model: SERVQUAL, key drivers, the indicator scorecard, the journey's friction ----------


def _servqual_lines(dims: list[dict], w: _Words) -> list[str]:
    lang, two = w.lang, (lambda x: w.num(x, 2))
    lines = [_s("servqual", lang)]
    for d in dims:
        gap = "" if d["gap"] is None else _s("servqual_gap", lang, expectation=two(d["expectation"]),
                                             gap=fmt_signed(d["gap"], lang, 2), interval=w.interval(d["gap_ci95"], two))
        lines.append("  " + _s("servqual_line", lang, dimension=t(f"servqual.{d['dimension']}", lang),
                               perception=two(d["perception"]), interval=w.interval(d["ci95"], two), gap=gap,
                               n=w.n(d["n"])))
    return lines


def _driver_lines(found: list[dict], w: _Words) -> list[str]:
    lang, three = w.lang, (lambda x: w.num(x, 3))
    lines = [_s("key_drivers", lang)]
    for d in found:
        performance = "" if d["performance"] is None else _s("driver_performance", lang, share=w.pct(d["performance"]))
        quadrant = "" if d["quadrant"] is None else ", " + t("driver_quadrant." + d["quadrant"], lang)
        lines.append("  " + _s("driver_line", lang, driver=t(f"driver.{d['driver']}", lang),
                               importance=three(d["importance"]), interval=w.interval(d["ci95"], three),
                               performance=performance, quadrant=quadrant, n=w.n(d["n"])))
    return lines


def indicator_value(card: dict, lang: str) -> str:
    """An indicator's value as the app's card shows it: a 1–7 score with two decimals, else a percentage."""
    return fmt_number(card["value"], lang, 2) if card["unit"] == "score" else fmt_percent(card["value"], lang, 1)


def indicator_label(key: str, card: dict, lang: str) -> str:
    return t("indicator.information_availability_ces" if card.get("unit") == "score" else f"indicator.{key}", lang)


def indicator_missing(key: str, card: dict, lang: str) -> str:
    """"Not in the data. Load …": the export that would give the indicator, in `lang`."""
    return t("indicator.missing", lang, export=t(f"indicator.missing.{card.get('missing_code') or key}", lang))


def indicator_source(card: dict, lang: str) -> str:
    return ", ".join(t(f"kind.{k.strip()}", lang) for k in (card.get("source") or "").split(","))


def _indicator_lines(cards: dict, w: _Words) -> list[str]:
    lang = w.lang
    lines = [_s("indicators", lang)]
    for key, card in cards.items():
        label = indicator_label(key, card, lang)
        if "missing" in card:
            lines.append(f"  {label}: – {indicator_missing(key, card, lang)}")
        else:
            lines.append(f"  {label}: {indicator_value(card, lang)} "
                         f"({t('indicator.source', lang, source=indicator_source(card, lang), n=w.num(card['n']))})")
    return lines


def _journey_lines(rows: list[dict], w: _Words) -> list[str]:
    lang = w.lang
    ranked = sorted((r for r in rows if (r["friction_score"] or 0) > 0),
                    key=lambda r: (-r["friction_score"], r["touchpoint"]))
    lines = [_s("friction_points", lang)]
    for rank, r in enumerate(ranked, start=1):
        stage = t(f"stage.{r['stage']}" if r["stage"] else "stage.none", lang)
        reasons = "; ".join(reason_text(c["code"], c["params"], lang) for c in r.get("reason_codes", []))
        lines.append("  " + _s("friction_line", lang, rank=rank, touchpoint=r["touchpoint"], stage=stage,
                               score=w.num(r["friction_score"], 2), reasons=f": {reasons}" if reasons else ""))
    if not ranked:
        lines.append("  " + _s("no_friction", lang))
    return lines


def _cx_model_lines(report: dict, w: _Words) -> list[list[str]]:
    s = report.get("surveys", {})
    blocks = []
    if s.get("servqual"):
        blocks.append(_servqual_lines(s["servqual"], w))
    if s.get("key_drivers"):
        blocks.append(_driver_lines(s["key_drivers"], w))
    if report.get("cx_indicators"):
        blocks.append(_indicator_lines(report["cx_indicators"], w))
    if report.get("journey"):
        blocks.append(_journey_lines(report["journey"], w))
    return blocks


# --- headlines -----------------------------------------------------------------------------------


def _unit_formatter(unit: str, currency: str | None, w: _Words) -> Callable[[float], str]:
    lang = w.lang
    return {"share": w.pct, "money": lambda x: fmt_money(x, currency, lang), "hours": w.hours,
            "points": lambda x: w.num(x, 0), "score": lambda x: w.num(x, 2)}.get(unit, lambda x: w.num(x))


def _signed_change(change: float, unit: str, fmt: Callable[[float], str], lang: str) -> str:
    if unit == "share":  # a change of shares reads in percentage points
        return fmt_signed(change * 100, lang, 1) + " pp"
    if unit in ("money", "hours"):
        return ("+" if change >= 0 else "−") + fmt(abs(change))
    return fmt_signed(change, lang, 0 if unit in ("count", "points") else 2)


HEADLINE_KEYS = ("customers", "revenue", "churn_rate", "nps", "csat", "ces", "first_response", "resolution")


def _headline_lines(report: dict, w: _Words) -> list[str]:
    lang = w.lang
    period = report["filters"]["period"]
    currency = report.get("orders", {}).get("currency")
    lines = []
    for h in report.get("headlines", []):
        if h["key"] not in HEADLINE_KEYS or h["value"] is None:
            continue  # the rest are in the sections below
        fmt = _unit_formatter(h["unit"], currency, w)
        change = ""
        if h["change"] is not None:
            change = _s("change", lang, change=_signed_change(h["change"], h["unit"], fmt, lang))
            if h.get("change_moe") is not None:
                # the change's own margin, the one its significance test uses
                margin = _signed_change(h["change_moe"], h["unit"], fmt, lang).lstrip("+")
                change += _s("change_margin", lang, margin=margin,
                             verdict=_s("significant" if h["significant"] else "within_noise", lang))
        when = _s("in_period", lang, period=period_label(_day(h["period"]), period, lang)) if h["period"] else ""
        n = f" ({w.n(h['n'])}{w.interval(h['ci'], fmt, h.get('interval_degenerate', False))})" if h["n"] is not None else ""
        label = _s("headline." + h["key"], lang)
        lines.append(f"  {label}{when}: {fmt(h['value'])}{change}{n}")
    return [_s("latest_period", lang), *lines] if lines else []


def render_summary(report: dict, lang: str = "en") -> str:
    """A `build_report` result as plain text in `lang`: files, filters, headline numbers with
    n and intervals, each section, the CX model, the story."""
    w = _Words(lang)
    period = report["filters"]["period"]
    blocks = [_dataset_lines(report, w), _filter_line(report, w), _headline_lines(report, w)]
    if "orders" in report:
        blocks.append(_orders_lines(report["orders"], period, w))
    if "subscriptions" in report:
        blocks.append(_subscription_lines(report["subscriptions"], period, w))
    if "surveys" in report:
        blocks.append(_survey_lines(report["surveys"], w))
    if "tickets" in report:
        blocks.append(_ticket_lines(report["tickets"], w))
    if "ux" in report:
        blocks.append(_ux_lines(report["ux"], w))
    blocks += _cx_model_lines(report, w)
    if report.get("story"):
        blocks.append([_s("what_moved", lang), *(f"  - {s}" for s in report["story"])])
    if report.get("skipped"):
        blocks.append([_s("not_computed", lang), *(f"  {s['section']}: {s['reason']}" for s in report["skipped"])])
    return "\n\n".join("\n".join(b) for b in blocks if b)
