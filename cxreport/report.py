"""The report behind `cxreport metrics`: files in, every metric the data allows out, as plain data.

Three steps, each usable on its own (the CLI chains them, a notebook or a scheduled job
can too):

- `load_files` (cxreport.loading): read export files into a `Workspace`, with the user's
  corrections (``--kind FILE=KIND``, ``--map [FILE:]FIELD=COLUMN``) applied through `remap`.
- `build_report`: filter the tables (a date range, column = value pairs) and call the metric
  functions of `cxreport.metrics` and `cxreport.headlines` on them. Its errors speak of
  data and fields, never of the CLI's flags: the CLI maps them (`cxreport.cli`). The result is a dict
  of JSON-ready values only (ISO dates, ``None`` for NaN/inf), so ``json.dumps`` works
  with ``allow_nan=False``. No metric is computed here: every number comes from the
  library function named next to it, so the CLI, the app and a notebook agree.
- `render_summary` (cxreport.summary): that dict as a few readable lines per section.

`load_files`, `report_filters` and `render_summary` stay importable from here.

Longer than the house's ~400 lines because it holds one short builder per JSON section
(orders, subscriptions, surveys, tickets, UX, the CX model, the journey), each next to the
keys docs/cli.md documents; splitting them would separate a key from its builder.

Sections whose data is absent are left out, not filled with nulls. A metric the data
cannot support (say, too few repeat buyers for a CLV model) is listed under ``skipped``
with the reason, instead of failing the whole report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import polars as pl

from cxreport import headlines as headline_metrics
from cxreport.errors import CXError, EmptyResult, FileProblem, MappingProblem
from cxreport.fields import DATE_FIELD, Kind, UXColumns
from cxreport.filters import Filters, apply_filters, customers_in_window, history, restrict_periods
from cxreport.i18n import placeholders, t
from cxreport.io.dataset import Dataset, missing_required
from cxreport.metrics.stats import MIN_N
from cxreport.metrics._shared import one_report
from cxreport.metrics import churn, clv, drivers, indicators, journey, mrr, retention, service, servqual, surveys, ux, ux_vs_cx
from cxreport.periods import Period, check_period
from cxreport.translations import TRANSLATIONS
from cxreport.workspace import Workspace
from cxreport.loading import load_files, report_filters  # noqa: F401 (importable from here too)
from cxreport.summary import render_summary  # noqa: F401 (importable from here too)

# Retention headlines are read at these months after the first purchase (the overview's too).
RETENTION_MONTHS: tuple[int, ...] = (1, 3, 6)
# The CLV model's time unit: weeks, as in Fader, Hardie & Lee's CDNOW example.
CLV_TIME_UNIT = "week"

# --- JSON-ready values ----------------------------------------------------------------------


def plain(value: Any) -> Any:
    """`value` with only JSON types: ISO strings for dates, None for NaN/inf, lists for tuples."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, pl.DataFrame):
        return [plain(row) for row in value.to_dicts()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def _ci(row: dict, low: str = "ci_low", high: str = "ci_high") -> list:
    return [row.get(low), row.get(high)]


def _degenerate(row: dict) -> bool:
    """A zero-width interval on answers that are all the same: flagged, never shown as certainty."""
    return bool(row.get("n")) and row.get("ci_low") is not None and row["ci_low"] == row.get("ci_high")


def _has_values(frame: pl.DataFrame, *columns: str) -> bool:
    return all(c in frame.columns and frame.get_column(c).null_count() < frame.height for c in columns)


class _Skips:
    """Collects metrics the data could not support, with the reason (in `lang`), instead of failing the report."""

    def __init__(self, lang: str = "en") -> None:
        self.items: list[dict[str, str]] = []
        self.lang = lang

    def attempt(self, section: str, compute: Callable[[], Any]) -> Any:
        try:
            return compute()
        except CXError as err:
            self.items.append({"section": section, "code": err.code, "reason": error_text(err, self.lang)})
            return None


def error_text(err: CXError, lang: str = "en") -> str:
    """An error in `lang`: its own words in English, else its ``error.<code>`` translation
    (the English words when the translation needs a value the error does not carry)."""
    key = f"error.{err.code}"
    if lang == "en" or key not in TRANSLATIONS or not placeholders(TRANSLATIONS[key].get(lang, "")) <= set(err.params):
        return str(err)
    return t(key, lang, **err.params)


# --- sections -------------------------------------------------------------------------------


def _dataset_entry(ds: Dataset) -> dict:
    used = ds.ready
    notes = list(ds.notes)
    if ds.kind is Kind.OTHER:
        notes.append("Not recognised as orders, subscriptions, surveys, tickets or UX tests; set its kind.")
    elif not used:
        notes.append("Left out of the metrics until the missing fields are mapped.")
    return {
        "file": ds.name,
        "format": ds.format,
        "kind": ds.kind.value,
        "kind_confidence": ds.kind_confidence,
        "rows": ds.table.height,
        "rejected": ds.rejected.height,
        "mapping": dict(ds.mapping),
        "currency": ds.currency,
        "missing": missing_required(ds),
        "used": used,
        "notes": notes,
    }


def retention_at_months(monthly: pl.DataFrame) -> dict[str, dict]:
    """Retention at months 1, 3 and 6 (`RETENTION_MONTHS`) of a monthly `cohort_retention`
    table (here or an engine's), for the months some cohort is old enough to have."""
    at: dict[str, dict] = {}
    for k in RETENTION_MONTHS:
        rows = retention.retention_at(monthly, k)
        if rows.height:
            row = rows.row(0, named=True)
            at[f"month_{k}"] = {"rate": row["rate"], "retained": row["retained"], "customers": row["customers"],
                                "cohorts": row["cohorts"]}
    return at


def _orders_section(orders: pl.DataFrame, *, period: Period, calibration_end: dt.date | None,
                    skips: _Skips, filters: Filters = Filters()) -> tuple[dict, clv.PredictiveCLV | None]:
    out: dict[str, Any] = {}
    table = skips.attempt("orders.retention", lambda: restrict_periods(
        retention.cohort_retention(orders, period=period), "cohort", filters, period))
    if table is not None:
        out["retention"] = table
        monthly = table if period == "month" else skips.attempt(
            "orders.retention_at", lambda: restrict_periods(
                retention.cohort_retention(orders, period="month"), "cohort", filters, "month"))
        if monthly is not None and (at := retention_at_months(monthly)):
            out["retention_at"] = at

    window = skips.attempt("orders.churn", lambda: churn.default_churn_window_days(orders))
    if window is not None:
        by_period = skips.attempt("orders.churn", lambda: restrict_periods(
            churn.churn_by_period(orders, window_days=window.days, period=period), "period", filters, period))
        if by_period is not None:
            out["churn"] = {"window_days": window.days, "window_explanation": window.explanation,
                            "by_period": by_period}
        standing = skips.attempt("orders.customers_at_risk",
                                 lambda: churn.customers_at_risk(customers_in_window(orders, Kind.ORDERS, filters),
                                                                 window_days=window.days))
        if standing is not None:
            counts = dict(standing.group_by("status").len().iter_rows())
            out["customers_at_risk"] = counts.get("at risk", 0)
            out["customer_status"] = {status.replace(" ", "_"): counts.get(status, 0) for status in churn.STATUSES}

    clv_out, fitted = _clv_section(orders, period=period, calibration_end=calibration_end,
                                   window_days=window.days if window is not None else None, skips=skips)
    if clv_out:
        out["clv"] = clv_out
    return out, fitted


def _clv_section(orders: pl.DataFrame, *, period: Period, calibration_end: dt.date | None, window_days: int | None,
                 skips: _Skips) -> tuple[dict, clv.PredictiveCLV | None]:
    """The CLV section, and the fitted model (the headlines reuse it rather than fit it again)."""
    out: dict[str, Any] = {}
    result = skips.attempt("orders.clv.model", lambda: clv.predictive_clv(orders, time_unit=CLV_TIME_UNIT))
    if result is not None:
        bg, spend = result.purchases, result.spend
        correlation = result.spend_frequency_correlation.row(0, named=True)
        out["model"] = {
            "params": {**bg.params, **spend.params},
            "time_unit": result.time_unit,
            "calibration_end": result.as_of,
            "log_likelihood": bg.log_likelihood,
            "spend_log_likelihood": spend.log_likelihood,
            "customers": bg.n,
            "spend_customers": spend.n,
            "converged": bool(bg.converged and spend.converged),
            "spend_frequency_correlation": correlation["pearson_r"],
            "horizon_months": result.horizon_months,
            "annual_discount_rate": result.annual_discount_rate,
            "margin": result.margin,
        }
        out["summary"] = clv.clv_summary(result)
    if calibration_end is not None:
        holdout = skips.attempt("orders.clv.holdout", lambda: _holdout(orders, calibration_end))
        if holdout is not None:
            out["holdout"] = holdout
    # The churn of the churn section: same window, same period (the Churn page's too).
    simple = skips.attempt("orders.clv.simple", lambda: clv.simple_clv(orders, period=period, window_days=window_days))
    if simple is not None:
        out["simple"] = simple.row(0, named=True)
    return out, result


def _check_calibration_end(orders: pl.DataFrame | None, calibration_end: dt.date) -> None:
    """A calibration end must leave orders on both sides, or there is nothing to fit or to check."""
    if orders is None:
        raise MappingProblem("calibration_without_orders",
                             "Checking the CLV model at a calibration end needs orders, and there are none.",
                             "Add an orders export (or widen the filters), or leave out the calibration end.")
    days = orders.get_column(DATE_FIELD[Kind.ORDERS]).drop_nulls()
    first, last = days.min().date(), days.max().date()  # type: ignore[union-attr]
    if not first < calibration_end < last:
        raise MappingProblem("bad_calibration_end",
                             f"The calibration end {calibration_end} is not inside the orders' dates ({first} to {last}).",
                             "Choose a day between them, for example two thirds of the way in.",
                             calibration_end=str(calibration_end), first=str(first), last=str(last))


def _holdout(orders: pl.DataFrame, calibration_end: dt.date) -> dict:
    check = clv.calibration_holdout(orders, calibration_end=calibration_end, time_unit=CLV_TIME_UNIT)
    return {
        "calibration_end": check.calibration_end,
        "observation_end": check.observation_end,
        "time_unit": check.time_unit,
        "params": check.model.params,
        "log_likelihood": check.model.log_likelihood,
        "customers": check.customers.height,
        "actual_purchases": check.total_actual_holdout,
        "predicted_purchases": check.total_predicted_holdout,
        "mean_absolute_error": check.mean_absolute_error,
        "root_mean_squared_error": check.root_mean_squared_error,
        "by_frequency": check.by_frequency,
        # The spend model of the same calibration period, next to the BG/NBD above.
        "spend_params": check.spend.params if check.spend is not None else None,
        "spend_log_likelihood": check.spend.log_likelihood if check.spend is not None else None,
        "spend_customers": check.spend.n if check.spend is not None else 0,
        "holdout_spenders": check.holdout_spenders,
        "actual_spend_mean": check.actual_holdout_spend_mean,
        "predicted_spend_mean": check.predicted_holdout_spend_mean,
    }


def _subscriptions_section(subs: pl.DataFrame, *, period: Period, as_of: dt.date | None, skips: _Skips,
                           filters: Filters = Filters()) -> dict:
    moves = skips.attempt("subscriptions.mrr_movements", lambda: restrict_periods(
        mrr.mrr_movements(subs, period=period, as_of=as_of), "period", filters, period))
    if moves is None or moves.is_empty():
        return {}
    return mrr_summary(moves)


def mrr_summary(moves: pl.DataFrame) -> dict[str, Any]:
    """The subscriptions section from `mrr_movements`' table (here or an engine's): the
    table, and the last period with an NRR as the headline figures."""
    out: dict[str, Any] = {"mrr_movements": moves}
    latest = moves.filter(pl.col("nrr").is_not_null()).tail(1)
    if latest.height:
        row = latest.row(0, named=True)
        out.update(latest_period=row["period"], mrr=row["mrr_end"], nrr=row["nrr"], grr=row["grr"],
                   logo_churn_rate=row["logo_churn_rate"])
    return out


def _surveys_section(responses: pl.DataFrame, *, period: Period, skips: _Skips) -> dict:
    out: dict[str, Any] = {}
    if _has_values(responses, "nps_score"):
        overall = skips.attempt("surveys.nps", lambda: surveys.nps(responses))
        if overall is not None:
            row = overall.row(0, named=True)
            out["nps"] = {"score": row["nps"], "n": row["n"], "promoters": row["promoters"], "passives": row["passives"],
                          "detractors": row["detractors"], "ci95": _ci(row), "moe": row["moe"],
                          "interval_degenerate": _degenerate(row), "small_sample": row["small_sample"]}
        trend = skips.attempt("surveys.nps_by_period", lambda: surveys.nps_by_period(responses, period=period))
        if trend is not None:
            out["nps_by_period"] = trend
    if _has_values(responses, "csat_score"):
        result = skips.attempt("surveys.csat", lambda: surveys.csat(responses))
        if result is not None:
            row = result.row(0, named=True)
            out["csat"] = {"score": row["csat"], "n": row["n"], "satisfied": row["satisfied"], "ci95": _ci(row),
                           "mean_score": row["mean_score"], "small_sample": row["small_sample"]}
    if _has_values(responses, "ces_score"):
        result = skips.attempt("surveys.ces", lambda: surveys.ces(responses))
        if result is not None:
            row = result.row(0, named=True)
            out["ces"] = {"score": row["mean_score"], "n": row["n"], "ci95": _ci(row), "interval_degenerate": _degenerate(row),
                          "agree_share": row["agree_share"],
                          "agree_ci95": _ci(row, "agree_ci_low", "agree_ci_high"), "small_sample": row["small_sample"]}
    return out


def _tickets_section(tickets: pl.DataFrame, *, period: Period, skips: _Skips) -> dict:
    out: dict[str, Any] = {}
    if any(_has_values(tickets, c) for c in ("first_reply_at", "solved_at", "first_response_minutes", "resolution_minutes")):
        present = tickets.with_columns(pl.lit(None, pl.Datetime("us")).alias(c)
                                       for c in ("first_reply_at", "solved_at") if c not in tickets.columns)
        times = skips.attempt("tickets.response_times", lambda: service.response_times(present))
        if times is not None:
            row = times.row(0, named=True)
            for name, n in (("first_response", "n_first_response"), ("resolution", "n_resolution")):
                if row[n]:
                    # "method": exact here; the Spark engine may approximate (docs/engines.md).
                    out[f"{name}_hours"] = {"median": row[f"{name}_hours_median"], "p90": row[f"{name}_hours_p90"],
                                            "n": row[n], "basis": row.get("basis"), "method": "exact"}
            out["invalid_durations"] = row["invalid"]
    if _has_values(tickets, "handle_minutes"):
        aht = skips.attempt("tickets.aht_minutes", lambda: service.handling_time(tickets))
        if aht is not None and aht.row(0, named=True)["n"]:
            row = aht.row(0, named=True)
            out["aht_minutes"] = {"mean": row["aht_minutes"], "median": row["median_minutes"], "n": row["n"],
                                  "method": "exact"}
    volume = skips.attempt("tickets.volume", lambda: service.ticket_volume(tickets, period=period))
    if volume is not None:
        out["volume"] = volume
    return out


def _ux_section(tests: pl.DataFrame, *, skips: _Skips) -> dict:
    out: dict[str, Any] = {}
    if _has_values(tests, *UXColumns().sus_items):
        sus = skips.attempt("ux.sus", lambda: ux.sus_summary(tests))
        if sus is not None and sus.row(0, named=True)["n"]:
            row = sus.row(0, named=True)
            out["sus"] = {"score": row["mean"], "n": row["n"], "grade": row["grade"], "ci95": _ci(row),
                          "interval_degenerate": _degenerate(row), "incomplete": row["incomplete"]}
    if _has_values(tests, "success"):
        tasks = skips.attempt("ux.task_success", lambda: ux.task_success(tests, by="task"))
        if tasks is not None:
            out["task_success"] = [
                {"task": r["task"], "n": r["n"], "successes": r["successes"], "rate": r["rate"], "ci95": _ci(r)}
                for r in tasks.to_dicts()
            ]
    return out


def _cx_model_section(responses: pl.DataFrame, tickets: pl.DataFrame | None, items: list, skips: _Skips) -> dict:
    """SERVQUAL per dimension and the key drivers of NPS (`metrics.servqual`, `metrics.drivers`)."""
    out: dict[str, Any] = {}
    if any(i.role == "perception" for i in items):
        dims = skips.attempt("surveys.servqual", lambda: servqual.servqual(responses, items))
        if dims is not None:
            out["servqual"] = [{"dimension": r["dimension"], "perception": r["perception"], "ci95": _ci(r),
                                "expectation": r["expectation"], "gap": r["gap"],
                                "gap_ci95": _ci(r, "gap_ci_low", "gap_ci_high"), "n": r["n"], "n_gap": r["n_gap"],
                                "weight": r["weight"]} for r in dims.to_dicts()]
    if _has_values(responses, "nps_score"):
        table = skips.attempt("surveys.key_drivers", lambda: drivers.driver_table(responses, tickets=tickets, items=items))
        # Like a score the survey does not ask, key drivers are left out (not "skipped") when the
        # survey has no driver beside NPS or too few respondents answered them all.
        enough = table is not None and table.width > 1 and table.drop_nulls().height >= MIN_N
        found = skips.attempt("surveys.key_drivers", lambda: drivers.key_drivers(table)) if enough else None
        if found is not None:
            out["key_drivers"] = [{"driver": r["driver"], "importance": r["importance"], "ci95": _ci(r),
                                   "performance": r["performance"], "quadrant": r["quadrant"], "n": r["n"]}
                                  for r in found.to_dicts()]
    return out


def _ux_vs_cx_rows(tables: dict[Kind, pl.DataFrame], skips: _Skips) -> pl.DataFrame | None:
    tests = tables.get(Kind.UX)
    if tests is None or "touchpoint" not in tests.columns or not (Kind.SURVEYS in tables or Kind.TICKETS in tables):
        return None
    inputs = {k.value: tables[k] for k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS, Kind.ORDERS) if k in tables}
    return skips.attempt("ux_vs_cx", lambda: ux_vs_cx.ux_vs_cx(**inputs, by="touchpoint"))


def _cx_indicators_section(tables: dict[Kind, pl.DataFrame], skips: _Skips) -> dict:
    """The four CX indicators (`indicators.cx_indicators`): each its figures, or the export it misses."""
    cards = skips.attempt("cx_indicators", lambda: indicators.cx_indicators(
        orders=tables.get(Kind.ORDERS), tickets=tables.get(Kind.TICKETS), surveys=tables.get(Kind.SURVEYS)))
    return {key: card.as_dict() for key, card in (cards or {}).items()}


JOURNEY_KEYS = ("stage", "touchpoint", "customers", "csat", "nps", "tickets", "tickets_per_1000_orders",
                "information_share", "task_success", "time_on_task_seconds", "revenue", "friction_score", "reasons",
                "reason_codes")


def _journey_rows(tables: dict[Kind, pl.DataFrame], skips: _Skips, stages: dict[str, str],
                  lang: str) -> list[dict] | None:
    """Touchpoints in journey order with their friction (`journey.journey`), when a table names
    touchpoints; each reason also as {code, params} with only the numbers its text uses."""
    inputs = {k.value: tables[k] for k in (Kind.SURVEYS, Kind.TICKETS, Kind.UX, Kind.ORDERS) if k in tables}
    if not any("touchpoint" in frame.columns for frame in inputs.values()):
        return None
    found = skips.attempt("journey", lambda: journey.journey(**inputs, stages=stages, lang=lang))
    if found is None or not found.height:
        return None
    rows = found.select(JOURNEY_KEYS).to_dicts()
    for row in rows:
        row["reason_codes"] = [{"code": c["code"], "params": {k: v for k, v in c["params"].items() if v is not None}}
                               for c in row["reason_codes"]]
    return rows


def _check_some_file_usable(ws: Workspace) -> None:
    """A report with no usable file has no metric at all: a failure like any other, naming each file and why."""
    if any(ds.ready for ds in ws.datasets.values()):
        return
    reasons = [f"{ds.name} (not recognised as any kind of export)" if ds.kind is Kind.OTHER
               else f"{ds.name} (read as {ds.kind.value} but missing {', '.join(missing_required(ds))})"
               for ds in ws.datasets.values()]
    raise FileProblem("no_usable_file", f"No file can be used for metrics: {'; '.join(reasons) or 'none was loaded'}.",
                      "Set a file's kind, or map the fields it is missing.", files=", ".join(ws.datasets))


def _headline_entry(h: headline_metrics.Headline) -> dict:
    return {
        "key": h.key, "value": h.value, "unit": h.unit, "period": h.period, "previous": h.previous,
        "change": h.change, "n": h.n,
        "ci": [h.ci_low, h.ci_high] if h.ci_low is not None and h.ci_high is not None else None,
        "significant": h.significant, "change_moe": h.change_moe, "interval_degenerate": h.interval_degenerate,
        "higher_is_better": h.higher_is_better, "detail": h.detail,
    }


def build_report(
    ws: Workspace,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    where: Sequence[tuple[str, str]] = (),
    calibration_end: dt.date | None = None,
    period: Period = "month",
    lang: str = "en",
) -> dict:
    """Every metric the workspace's data allows, as one JSON-ready dict (keys in docs/cli.md).

    The date range applies to each kind's date column (`cxreport.fields.DATE_FIELD`,
    inclusive); `where` keeps the rows whose COLUMN equals one of its VALUEs in every table
    that has COLUMN. `calibration_end` adds a calibration/holdout check of the CLV model.
    `lang` is the language of the few texts among the numbers (the story, the journey's
    reasons, why a section was skipped); their codes stay beside them. The SERVQUAL tags and
    journey stages corrected on the workspace apply.
    Raises `CXError` for a filter that names nothing in the data, or leaves no rows at all.
    """
    check_period(period)
    _check_some_file_usable(ws)
    # Sections and headlines ask the same questions of the same tables: answer each once.
    with one_report():
        return _build_report(ws, date_from=date_from, date_to=date_to, where=where, calibration_end=calibration_end,
                             period=period, lang=lang)


def _build_report(ws: Workspace, *, date_from: dt.date | None, date_to: dt.date | None, where: Sequence[tuple[str, str]],
                  calibration_end: dt.date | None, period: Period, lang: str) -> dict:
    filters = report_filters(ws, date_from=date_from, date_to=date_to, where=where)
    skips = _Skips(lang)
    rows: dict[str, dict[str, int]] = {}
    tables: dict[Kind, pl.DataFrame] = {}
    for kind in ws.kinds():
        full = ws.table(kind)
        shown = apply_filters(full, kind, filters)  # type: ignore[arg-type]
        rows[kind.value] = {"before": full.height, "after": shown.height}  # type: ignore[union-attr]
        if shown.height:  # type: ignore[union-attr]
            # Metrics compute on the history (a customer's past before the range counts) and
            # their results are restricted to the range: see cxreport.filters.
            tables[kind] = history(full, kind, filters)  # type: ignore[assignment]
        else:
            skips.items.append({"section": kind.value, "code": "no_rows", "reason": t("report.no_rows", lang)})
    if ws.kinds() and not tables:
        span = ws.date_span()
        raise EmptyResult("no_rows_after_filters", "The filters leave no rows in any file.",
                          (f"The data runs from {span[0]} to {span[1]}; " if span else "")
                          + "widen the date range or loosen the filters.",
                          data_from=str(span[0]) if span else "?", data_to=str(span[1]) if span else "?")

    if calibration_end is not None:
        _check_calibration_end(tables.get(Kind.ORDERS), calibration_end)
    report: dict[str, Any] = {
        "datasets": [_dataset_entry(ds) for ds in ws.datasets.values()],
        "filters": {"from": date_from, "to": date_to, "where": {k: list(v) for k, v in filters.dims.items()},
                    "period": period, "calibration_end": calibration_end, "rows": rows},
    }
    fitted = None
    if (orders := tables.get(Kind.ORDERS)) is not None:
        section, fitted = _orders_section(orders, period=period, calibration_end=calibration_end, skips=skips, filters=filters)
        if section:
            report["orders"] = {"currency": ws.currency(Kind.ORDERS), **section}
    if (subs := tables.get(Kind.SUBSCRIPTIONS)) is not None:
        section = _subscriptions_section(subs, period=period, as_of=date_to, skips=skips, filters=filters)
        if section:
            report["subscriptions"] = {"currency": ws.currency(Kind.SUBSCRIPTIONS), **section}
    for kind, build in ((Kind.SURVEYS, _surveys_section), (Kind.TICKETS, _tickets_section)):
        if (frame := tables.get(kind)) is not None and (section := build(frame, period=period, skips=skips)):
            report[kind.value] = section
    if (responses := tables.get(Kind.SURVEYS)) is not None and (
            model := _cx_model_section(responses, tables.get(Kind.TICKETS), ws.servqual_items(), skips)):
        report.setdefault("surveys", {}).update(model)
    if (tests := tables.get(Kind.UX)) is not None and (section := _ux_section(tests, skips=skips)):
        report["ux"] = section
    if (comparison := _ux_vs_cx_rows(tables, skips)) is not None and comparison.height:
        report["ux_vs_cx"] = comparison
    if tables:
        report["cx_indicators"] = _cx_indicators_section(tables, skips)
    if (touchpoints := _journey_rows(tables, skips, ws.journey_stages(), lang)) is not None:
        report["journey"] = touchpoints
    found = headline_metrics.headlines(tables, period=period, clv_result=fitted)
    if found:
        report["headlines"] = [_headline_entry(h) for h in found]
    sentences = headline_metrics.story(tables, period=period, lang=lang)
    if sentences:
        report["story"] = sentences
    if skips.items:
        report["skipped"] = skips.items
    return plain(report)

# `cxreport.report(ws, period="month")` calls `cxreport.api.report`: the module is made
# callable, because importing it rebinds the package's `report` name (cxreport/_callable.py).
import sys  # noqa: E402  (imports kept beside the one statement that needs them)

from cxreport._callable import ReportModule  # noqa: E402

sys.modules[__name__].__class__ = ReportModule
