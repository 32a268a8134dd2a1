"""The report (`cxreport.report.build_report`'s dict) as a few readable lines per section:
what `cxreport metrics` prints without ``--json``.

Numbers go through `cxreport.fmt`, the formatting the app's cards use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


from cxreport.fields import Kind
from cxreport.fmt import fmt_duration_hours, fmt_money, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.periods import Period


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _pct(x: float | None) -> str:
    return fmt_percent(x, "en", 1)


def _interval(ci: list | None, fmt: Callable[[float], str], degenerate: bool = False) -> str:
    if degenerate:
        return ", all answers identical: no interval can be computed"
    if not ci or ci[0] is None or ci[1] is None:
        return ""
    return f", 95% CI {fmt(ci[0])} to {fmt(ci[1])}"


def _n(n: int | None) -> str:
    return f"n = {fmt_number(n)}"


def _dataset_lines(report: dict) -> list[str]:
    lines = ["Files"]
    for d in report["datasets"]:
        if d["used"]:
            extra = f", {d['currency']}" if d.get("currency") else ""
            rejected = f", {fmt_number(d['rejected'])} rejected" if d["rejected"] else ""
            lines.append(f"  {d['file']}: {d['kind']} ({d['kind_confidence']:.0%} sure), "
                         f"{fmt_number(d['rows'])} rows{rejected}{extra}")
        elif d["kind"] == Kind.OTHER.value:
            lines.append(f"  {d['file']}: NOT USED, not recognised; set its kind with --kind {d['file']}=KIND")
        else:
            lines.append(f"  {d['file']}: NOT USED, read as {d['kind']} but missing {', '.join(d['missing'])}; "
                         f"map them with --map FIELD=COLUMN")
    return lines


def _filter_line(report: dict) -> list[str]:
    f = report["filters"]
    parts = []
    if f["from"] or f["to"]:
        parts.append(f"dates {f['from'] or 'start'} to {f['to'] or 'end'}")
    parts += [f"{column} = {' or '.join(values)}" for column, values in f["where"].items()]
    if not parts:
        return []
    kept = ", ".join(f"{kind} {fmt_number(r['after'])} of {fmt_number(r['before'])}" for kind, r in f["rows"].items())
    return [f"Filters: {'; '.join(parts)} (rows kept: {kept})"]


def _orders_lines(o: dict, period: Period) -> list[str]:
    money = lambda x: fmt_money(x, o.get("currency"), "en")  # noqa: E731
    lines = ["Orders"]
    if at := o.get("retention_at"):
        parts = [f"month {k.split('_')[1]} {_pct(v['rate'])} ({_n(v['customers'])})" for k, v in at.items()]
        lines.append("  Retention: " + ", ".join(parts))
    if ch := o.get("churn"):
        rated = [r for r in ch["by_period"] if r["churn_rate"] is not None]
        latest = (f"; latest churn rate {_pct(rated[-1]['churn_rate'])} "
                  f"({period_label(_day(rated[-1]['period']), period)}, "
                  f"{_n(rated[-1]['active_start'])})") if rated else ""
        lines.append(f"  Churn: inactive for more than {ch['window_days']} days{latest}")
        lines.append(f"    {ch['window_explanation']}")
    if "customers_at_risk" in o:
        lines.append(f"  Customers at risk (overdue by their own rhythm): {fmt_number(o['customers_at_risk'])}")
    c = o.get("clv", {})
    if s := c.get("summary"):
        lines.append(f"  Predictive CLV (BG/NBD + Gamma-Gamma, {c['model']['horizon_months']} months, "
                     f"as of {c['model']['calibration_end']}): mean {money(s['mean_clv'])}, median "
                     f"{money(s['median_clv'])}, total {money(s['total_clv'])} ({_n(s['customers'])})")
    if h := c.get("holdout"):
        lines.append(f"  CLV model check (fit to {h['calibration_end']}, holdout to {h['observation_end']}): "
                     f"{fmt_number(h['predicted_purchases'], 'en', 0)} repeat purchases predicted, "
                     f"{fmt_number(h['actual_purchases'], 'en', 0)} actual ({_n(h['customers'])})")
        if (sp := h.get("spend_params")) is not None:
            check = (f"; spend per holdout purchase {money(h['predicted_spend_mean'])} predicted, "
                     f"{money(h['actual_spend_mean'])} actual ({_n(h['holdout_spenders'])})"
                     if h.get("holdout_spenders") else "")
            lines.append(f"    Spend model (Gamma-Gamma) on the same period: p {fmt_number(sp['p'], 'en', 2)}, "
                         f"q {fmt_number(sp['q'], 'en', 2)}, v {fmt_number(sp['v'], 'en', 2)} "
                         f"({_n(h['spend_customers'])}){check}")
    if sc := c.get("simple"):
        basis = (f" = {fmt_number(sc['churned'])} of {fmt_number(sc['active_start'])} customers active at the start of "
                 f"{sc['churn_periods']} {sc['period']}s churned, {sc['churn_window_days']}-day window as in Churn"
                 if sc["churn_rate_observed"] else " (given)")
        lines.append(f"  Simple CLV (ARPU {money(sc['arpu'])} / churn {_pct(sc['churn_rate'])} per {sc['period']}"
                     f"{basis}): {money(sc['clv'])}")
    return lines


def _subscription_lines(s: dict, period: Period) -> list[str]:
    if "nrr" not in s:
        return []
    return ["Subscriptions",
            f"  {period_label(_day(s['latest_period']), period)}: MRR {fmt_money(s['mrr'], s.get('currency'), 'en')}, NRR {_pct(s['nrr'])}, "
            f"GRR {_pct(s['grr'])}, logo churn {_pct(s['logo_churn_rate'])}"]


def _survey_lines(s: dict) -> list[str]:
    lines = ["Surveys"]
    if nps := s.get("nps"):
        margin = ("(all answers identical: no interval can be computed) " if nps.get("interval_degenerate")
                  else f"±{fmt_number(nps['moe'], 'en', 1)} ")
        lines.append(f"  NPS {fmt_signed(round(nps['score'], 1))} {margin}"
                     f"({_n(nps['n'])}: {fmt_number(nps['promoters'])} promoters, {fmt_number(nps['passives'])} "
                     f"passives, {fmt_number(nps['detractors'])} detractors)")
    if cs := s.get("csat"):
        lines.append(f"  CSAT {_pct(cs['score'])} satisfied (4-5 of 5){_interval(cs['ci95'], _pct)} ({_n(cs['n'])})")
    if ce := s.get("ces"):
        lines.append(f"  CES {fmt_number(ce['score'], 'en', 2)} of 7"
                     f"{_interval(ce['ci95'], lambda x: fmt_number(x, 'en', 2), ce.get('interval_degenerate', False))}"
                     f" ({_n(ce['n'])})")
    return lines if len(lines) > 1 else []


def _ticket_lines(t: dict) -> list[str]:
    lines = ["Service"]
    for key, label in (("first_response_hours", "First response"), ("resolution_hours", "Resolution")):
        if v := t.get(key):
            lines.append(f"  {label}: median {fmt_duration_hours(v['median'])}, 90% within "
                         f"{fmt_duration_hours(v['p90'])} ({_n(v['n'])}, {v.get('basis') or 'calendar'} hours)")
    if a := t.get("aht_minutes"):
        lines.append(f"  Average handling time: {fmt_number(a['mean'], 'en', 1)} min ({_n(a['n'])})")
    if vol := t.get("volume"):
        lines.append(f"  Tickets: {fmt_number(sum(r['tickets'] for r in vol))} over {len(vol)} periods")
    return lines if len(lines) > 1 else []


def _ux_lines(u: dict) -> list[str]:
    lines = ["UX"]
    if sus := u.get("sus"):
        lines.append(f"  SUS {fmt_number(sus['score'], 'en', 1)} (grade {sus['grade']}"
                     f"{_interval(sus['ci95'], lambda x: fmt_number(x, 'en', 1), sus.get('interval_degenerate', False))}"
                     f", {_n(sus['n'])})")
    for task in u.get("task_success", []):
        lines.append(f"  Task {task['task']}: {_pct(task['rate'])} succeeded{_interval(task['ci95'], _pct)} "
                     f"({_n(task['n'])})")
    return lines if len(lines) > 1 else []


def _unit_formatter(unit: str, currency: str | None) -> Callable[[float], str]:
    return {"share": _pct, "money": lambda x: fmt_money(x, currency, "en"), "hours": fmt_duration_hours,
            "points": lambda x: fmt_number(x, "en", 0), "score": lambda x: fmt_number(x, "en", 2)}.get(unit, fmt_number)


def _signed_change(change: float, unit: str, fmt: Callable[[float], str]) -> str:
    if unit == "share":  # a change of shares reads in percentage points
        return fmt_signed(change * 100, "en", 1) + " pp"
    if unit in ("money", "hours"):
        return ("+" if change >= 0 else "−") + fmt(abs(change))
    return fmt_signed(change, "en", 0 if unit in ("count", "points") else 2)


def _headline_lines(report: dict) -> list[str]:
    labels = {"customers": "Customers", "revenue": "Revenue", "churn_rate": "Churn rate", "nps": "NPS",
              "csat": "CSAT", "ces": "CES", "first_response": "First response (median)",
              "resolution": "Resolution (median)"}
    period = report["filters"]["period"]
    currency = report.get("orders", {}).get("currency")
    lines = []
    for h in report.get("headlines", []):
        if h["key"] not in labels or h["value"] is None:
            continue  # the rest are in the sections below
        fmt = _unit_formatter(h["unit"], currency)
        change = f", {_signed_change(h['change'], h['unit'], fmt)} on the period before" if h["change"] is not None else ""
        if h["change"] is not None and h.get("change_moe") is not None:
            # the change's own margin, the one its significance test uses
            margin = _signed_change(h["change_moe"], h["unit"], fmt).lstrip("+")
            change += f" (±{margin}, {'significant' if h['significant'] else 'within noise'})"
        when = f" in {period_label(_day(h['period']), period)}" if h["period"] else ""
        n = f" ({_n(h['n'])}{_interval(h['ci'], fmt, h.get('interval_degenerate', False))})" if h["n"] is not None else ""
        lines.append(f"  {labels[h['key']]}{when}: {fmt(h['value'])}{change}{n}")
    return ["Latest complete period", *lines] if lines else []


def render_summary(report: dict) -> str:
    """A `build_report` result as plain text: files, filters, headline numbers with n and intervals, story."""
    blocks = [_dataset_lines(report), _filter_line(report), _headline_lines(report)]
    if "orders" in report:
        blocks.append(_orders_lines(report["orders"], report["filters"]["period"]))
    if "subscriptions" in report:
        blocks.append(_subscription_lines(report["subscriptions"], report["filters"]["period"]))
    if "surveys" in report:
        blocks.append(_survey_lines(report["surveys"]))
    if "tickets" in report:
        blocks.append(_ticket_lines(report["tickets"]))
    if "ux" in report:
        blocks.append(_ux_lines(report["ux"]))
    if report.get("story"):
        blocks.append(["What moved", *(f"  - {s}" for s in report["story"])])
    if report.get("skipped"):
        blocks.append(["Not computed", *(f"  {s['section']}: {s['reason']}" for s in report["skipped"])])
    return "\n\n".join("\n".join(b) for b in blocks if b)
