"""The report behind `cxreport metrics`: files in, every metric the data allows out, as plain data.

Three steps, each usable on its own (the CLI chains them, a notebook or a scheduled job
can too):

- `load_files`: read export files into a `Workspace`, with the user's corrections
  (``--kind FILE=KIND``, ``--map [FILE:]FIELD=COLUMN``) applied through `remap`.
- `build_report`: filter the tables (``--from``/``--to``/``--where``) and call the metric
  functions of `cxreport.metrics` and `cxreport.headlines` on them. The result is a dict
  of JSON-ready values only (ISO dates, ``None`` for NaN/inf), so ``json.dumps`` works
  with ``allow_nan=False``. No metric is computed here: every number comes from the
  library function named next to it, so the CLI, the app and a notebook agree.
- `render_summary`: that dict as a few readable lines per section.

Sections whose data is absent are left out, not filled with nulls. A metric the data
cannot support (say, too few repeat buyers for a CLV model) is listed under ``skipped``
with the reason, instead of failing the whole report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from cxreport import headlines as headline_metrics
from cxreport.errors import CXError, EmptyResult, FileProblem, MappingProblem
from cxreport.fields import DATE_FIELD, FIELD_TYPES, Kind, UXColumns
from cxreport.filters import Filters, apply_filters, customers_in_window, history, restrict_periods
from cxreport.fmt import fmt_duration_hours, fmt_money, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.io.dataset import Dataset, load_datasets, missing_required, remap
from cxreport.io.recognise import recognise_columns
from cxreport.metrics.stats import MIN_N
from cxreport.metrics import churn, clv, drivers, indicators, journey, mrr, retention, service, servqual, surveys, ux, ux_vs_cx
from cxreport.periods import Period, check_period
from cxreport.workspace import Workspace

# Retention headlines are read at these months after the first purchase (the overview's too).
RETENTION_MONTHS: tuple[int, ...] = (1, 3, 6)
# The CLV model's time unit: weeks, as in Fader, Hardie & Lee's CDNOW example.
CLV_TIME_UNIT = "week"
# How many of a column's values an error message lists before "…".
LISTED_VALUES = 12

# --- loading ------------------------------------------------------------------------------


def _listing(values: Iterable[str]) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:LISTED_VALUES])
    return shown + (", …" if len(values) > LISTED_VALUES else "")


def _dataset_names(paths: Sequence[Path]) -> list[str]:
    """The name each file goes by: its file name, or the path as given when two share a name.

    Exports split by month often sit in folders under the same name (jan/orders.csv,
    feb/orders.csv); the workspace keys datasets by name, so they must differ.
    """
    names = [p.name for p in paths]
    return [p.name if names.count(p.name) == 1 else str(p) for p in paths]


def _read(path: Path, name: str) -> list[Dataset]:
    if not path.exists():
        raise FileProblem("missing_file", f"The file {path} does not exist.",
                          "Check the path and the spelling, or run the command from the folder that holds it.",
                          name=str(path))
    if not path.is_file():
        raise FileProblem("not_a_file", f"{path} is a folder, not a file.",
                          "Name the export files themselves, for example data/*.csv.", name=str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileProblem("unreadable", f"The file {path} could not be opened ({err.strerror}).",
                          "Check that you are allowed to read it.", name=str(path)) from None
    outcomes = load_datasets(name, data)  # a zip of exports: one dataset per table inside
    for outcome in outcomes:
        if isinstance(outcome, CXError):
            raise outcome
    return outcomes  # type: ignore[return-value]


def _match_file(key: str, paths: Sequence[Path], names: Sequence[str], option: str) -> int:
    """Index of the file that `key` names: by file name, by path as given, or by resolved path."""
    target = Path(key).expanduser().resolve()
    hits = [i for i, p in enumerate(paths)
            if key in (p.name, str(p), names[i]) or p.expanduser().resolve() == target]
    hits = sorted(set(hits))
    if not hits:
        raise CXError("unknown_file", f"{option} names {key!r}, which is not one of the files given.",
                      f"Use one of: {_listing(names)}.", name=key)
    if len(hits) > 1:
        raise CXError("ambiguous_file", f"{option} names {key!r}, which matches several files.",
                      "Write the file's path as you gave it, for example jan/orders.csv.", name=key)
    return hits[0]


def _kind(value: str) -> Kind:
    try:
        return Kind(value.strip().lower())
    except ValueError:
        raise CXError("unknown_kind", f"{value!r} is not a kind of export.",
                      f"Use one of: {', '.join(k.value for k in Kind)}.", kind=value) from None


def _column_of(ds: Dataset, column: str) -> str | None:
    """The file's own spelling of `column`: exact, else the one column equal ignoring case and spaces."""
    if column in ds.raw.columns:
        return column
    folded = [c for c in ds.raw.columns if c.strip().casefold() == column.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _planned_maps(datasets: list[Dataset], kinds: list[Kind], paths: Sequence[Path], names: Sequence[str],
                  mappings: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """field -> column corrections per file (same order as `datasets`), checked against each
    file's header and the fields of the kind it will be read as (`kinds`)."""
    planned: list[dict[str, str]] = [{} for _ in datasets]
    for left, column in mappings:
        file_key, colon, field = left.rpartition(":")
        field = field.strip()
        if not field or (colon and not file_key):
            raise CXError("bad_map", f"--map {left}={column} does not name a field.",
                          "Write --map FIELD=COLUMN, or --map FILE:FIELD=COLUMN for one file.")
        if colon:
            i = _match_file(file_key, paths, names, "--map")
            ds = datasets[i]
            found = _column_of(ds, column)
            if found is None:
                raise MappingProblem("unknown_column", f"The file {ds.name} has no column {column!r}.",
                                     f"Its columns are: {_listing(ds.raw.columns)}.", name=ds.name, columns=column)
            if field not in FIELD_TYPES[kinds[i]]:
                raise MappingProblem("unknown_field", f"{field} is not a field of {kinds[i].value} ({ds.name}).",
                                     f"Choose among: {', '.join(FIELD_TYPES[kinds[i]]) or 'none; set the kind with --kind FILE=KIND'}.",
                                     name=ds.name, fields=field)
            planned[i][field] = found
            continue
        having = [(i, found) for i, ds in enumerate(datasets) if (found := _column_of(ds, column)) is not None]
        if not having:
            raise MappingProblem("unmatched_map", f"--map {field}={column}: no file has a column {column!r}.",
                                 "Check the column's spelling in the file's header row.", columns=column)
        fitting = [(i, found) for i, found in having if field in FIELD_TYPES[kinds[i]]]
        if not fitting:
            kind_names = sorted({kinds[i].value for i, _ in having})
            raise MappingProblem("unknown_field", f"{field} is not a field of {' or '.join(kind_names)}.",
                                 "Name a field of that kind of export, or set the file's kind with --kind FILE=KIND.",
                                 fields=field)
        for i, found in fitting:
            planned[i][field] = found
    return planned


def _corrected(ds: Dataset, kind: Kind, extra: dict[str, str]) -> Dataset:
    """`ds` read as `kind` with the `extra` field -> column choices on top of what was recognised."""
    if kind == ds.kind and not extra:
        return ds
    base = ds.mapping if kind == ds.kind else recognise_columns(ds.raw, kind, descriptions=ds.descriptions)[0]
    if not extra:
        if base:
            return remap(ds, kind=kind)
        # No column looks like any field of that kind. Normalising an empty mapping is not
        # possible, so keep the file as read under its new kind: it is listed with every
        # required field missing and stays out of the metrics.
        return replace(ds, kind=kind, kind_confidence=1.0, mapping={}, confidence={})
    try:
        return remap(ds, kind=kind, mapping={**base, **extra})
    except MappingProblem as err:
        if err.code != "missing_fields":
            raise
        raise MappingProblem("missing_fields", err.message,
                             f"Map them with --map FIELD=COLUMN; the file's columns are: {_listing(ds.raw.columns)}.",
                             **err.params) from None


def load_files(paths: Sequence[Path | str], *, kinds: dict[str, str] | None = None,
               mappings: Sequence[tuple[str, str]] = (), decimal_comma: bool | None = None) -> Workspace:
    """Read export files into a new `Workspace`, applying the user's corrections.

    `kinds` maps a file (its name or path) to the kind it must be read as; `mappings` holds
    (FIELD, COLUMN) pairs applied with `remap` to every file whose header has COLUMN and
    whose kind has FIELD, or ("FILE:FIELD", COLUMN) for one file. A file, kind, field or
    column that matches nothing raises `CXError`, as does a file that cannot be read.
    Files that are read but miss required fields stay in the workspace (`Workspace.of_kind`
    leaves them out of metrics) so the report can say what they lack. `decimal_comma`
    forces how money is read in every file (True: ``1.250.000,50``; False: ``1,250,000.50``).
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise FileProblem("no_files", "No files were given.", "Name one or more export files, for example orders.csv.")
    names = _dataset_names(paths)
    forced: dict[int, Kind] = {}
    for key, value in (kinds or {}).items():
        forced[_match_file(key, paths, names, "--kind")] = _kind(value)
    read = [_read(p, name) for p, name in zip(paths, names)]
    origin = [i for i, group in enumerate(read) for _ in group]  # the file each dataset came from
    datasets = [ds for group in read for ds in group]
    kinds_to_use = [forced.get(origin[j], ds.kind) for j, ds in enumerate(datasets)]
    planned = _planned_maps(datasets, kinds_to_use, [paths[i] for i in origin], [ds.name for ds in datasets], mappings)
    datasets = [_corrected(ds, kind, extra) for ds, kind, extra in zip(datasets, kinds_to_use, planned)]
    if decimal_comma is not None:
        datasets = [remap(ds, decimal_comma=decimal_comma) if ds.decimal_comma is not None else ds for ds in datasets]
    ws = Workspace()
    for ds in datasets:
        ws.add(ds)
    return ws


# --- filters ------------------------------------------------------------------------------


def _where_column(ws: Workspace, column: str) -> str:
    """The canonical column a --where names: a table column, else a file's own header mapped to one."""
    schemas = [ws.table(kind).schema for kind in ws.kinds()]  # type: ignore[union-attr]
    columns = {c for schema in schemas for c in schema}
    text_columns = {c for schema in schemas for c, dtype in schema.items() if dtype == pl.String}
    if column in columns:
        return column
    folded = column.strip().casefold()
    by_name = {c for c in columns if c.casefold() == folded}
    by_header = {f for kind in ws.kinds() for ds in ws.of_kind(kind) for f, c in ds.mapping.items()
                 if c.strip().casefold() == folded}
    found = by_name | by_header
    if len(found) == 1:
        return found.pop()
    raise CXError("unknown_where_column", f"--where {column}=…: no loaded table has a column {column!r}.",
                  f"Filter on one of: {_listing(sorted(text_columns))}.",
                  column=column)


def _where_values(ws: Workspace, column: str, wanted: list[str]) -> tuple[str, ...]:
    """The data's spellings of the values asked for (matched ignoring case); unknown values are an error."""
    present: set[str] = set()
    for kind in ws.kinds():
        frame = ws.table(kind)
        if column not in frame.columns:  # type: ignore[union-attr]
            continue
        series = frame.get_column(column)  # type: ignore[union-attr]
        if series.dtype != pl.String:
            raise CXError("where_not_text", f"--where can only filter text columns, and {column} holds {series.dtype} "
                          f"values in the {kind.value} table.",
                          "Filter on a dimension such as segment, channel or region; use --from/--to for dates.",
                          column=column)
        present.update(series.drop_nulls().unique().to_list())
    out: list[str] = []
    for value in wanted:
        matches = [v for v in present if v == value] or [v for v in present if v.strip().casefold() == value.strip().casefold()]
        if not matches:
            raise CXError("unknown_where_value", f"No row has {column} = {value!r}.",
                          f"Values found: {_listing(sorted(present))}.", column=column, value=value)
        out.extend(m for m in matches if m not in out)
    return tuple(out)


def report_filters(ws: Workspace, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
                   where: Sequence[tuple[str, str]] = ()) -> Filters:
    """The `Filters` for a date range and --where pairs (OR within a column, AND across columns)."""
    if date_from and date_to and date_from > date_to:
        raise CXError("bad_date_range", f"--from {date_from} is after --to {date_to}.",
                      "Give the earlier date with --from and the later one with --to.")
    wanted: dict[str, list[str]] = {}
    for column, value in where:
        wanted.setdefault(_where_column(ws, column), []).append(value)
    dims = {column: _where_values(ws, column, values) for column, values in wanted.items()}
    return Filters(date_from=date_from, date_to=date_to, dims=dims)


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
    """Collects metrics the data could not support, with the reason, instead of failing the report."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def attempt(self, section: str, compute: Callable[[], Any]) -> Any:
        try:
            return compute()
        except CXError as err:
            self.items.append({"section": section, "code": err.code, "reason": str(err)})
            return None


# --- sections -------------------------------------------------------------------------------


def _dataset_entry(ds: Dataset) -> dict:
    used = ds.ready
    notes = list(ds.notes)
    if ds.kind is Kind.OTHER:
        notes.append("Not recognised as orders, subscriptions, surveys, tickets or UX tests; "
                     "set its kind with --kind FILE=KIND.")
    elif not used:
        notes.append("Left out of the metrics until the missing fields are mapped with --map FIELD=COLUMN.")
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
        if monthly is not None:
            at: dict[str, dict] = {}
            for k in RETENTION_MONTHS:
                rows = retention.retention_at(monthly, k)
                if rows.height:
                    row = rows.row(0, named=True)
                    at[f"month_{k}"] = {"rate": row["rate"], "retained": row["retained"], "customers": row["customers"],
                                        "cohorts": row["cohorts"]}
            if at:
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
        raise MappingProblem("calibration_without_orders", "--calibration-end checks the CLV model, which needs orders, and there are none.",
                             "Add an orders export (or widen the filters), or leave out --calibration-end.")
    days = orders.get_column(DATE_FIELD[Kind.ORDERS]).drop_nulls()
    first, last = days.min().date(), days.max().date()  # type: ignore[union-attr]
    if not first < calibration_end < last:
        raise MappingProblem("bad_calibration_end",
                             f"--calibration-end {calibration_end} is not inside the orders' dates ({first} to {last}).",
                             "Choose a day between them, for example two thirds of the way in.",
                             calibration_end=str(calibration_end))


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
                    out[f"{name}_hours"] = {"median": row[f"{name}_hours_median"], "p90": row[f"{name}_hours_p90"],
                                            "n": row[n], "basis": row.get("basis")}
            out["invalid_durations"] = row["invalid"]
    if _has_values(tickets, "handle_minutes"):
        aht = skips.attempt("tickets.aht_minutes", lambda: service.handling_time(tickets))
        if aht is not None and aht.row(0, named=True)["n"]:
            row = aht.row(0, named=True)
            out["aht_minutes"] = {"mean": row["aht_minutes"], "median": row["median_minutes"], "n": row["n"]}
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
                "information_share", "task_success", "time_on_task_seconds", "revenue", "friction_score", "reasons")


def _journey_rows(tables: dict[Kind, pl.DataFrame], skips: _Skips) -> pl.DataFrame | None:
    """Touchpoints in journey order with their friction (`journey.journey`), when a table names touchpoints."""
    inputs = {k.value: tables[k] for k in (Kind.SURVEYS, Kind.TICKETS, Kind.UX, Kind.ORDERS) if k in tables}
    if not any("touchpoint" in frame.columns for frame in inputs.values()):
        return None
    found = skips.attempt("journey", lambda: journey.journey(**inputs))
    return found.select(JOURNEY_KEYS) if found is not None and found.height else None


def _check_some_file_usable(ws: Workspace) -> None:
    """A report with no usable file has no metric at all: a failure like any other, naming each file and why."""
    if any(ds.ready for ds in ws.datasets.values()):
        return
    reasons = [f"{ds.name} (not recognised as any kind of export)" if ds.kind is Kind.OTHER
               else f"{ds.name} (read as {ds.kind.value} but missing {', '.join(missing_required(ds))})"
               for ds in ws.datasets.values()]
    raise FileProblem("no_usable_file", f"No file can be used for metrics: {'; '.join(reasons) or 'none was loaded'}.",
                      "Set a file's kind with --kind FILE=KIND, or map the missing fields with --map FIELD=COLUMN.",
                      files=", ".join(ws.datasets))


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
) -> dict:
    """Every metric the workspace's data allows, as one JSON-ready dict (keys in docs/cli.md).

    The date range applies to each kind's date column (`cxreport.fields.DATE_FIELD`,
    inclusive); `where` keeps the rows whose COLUMN equals one of its VALUEs in every table
    that has COLUMN. `calibration_end` adds a calibration/holdout check of the CLV model.
    Raises `CXError` for a filter that names nothing in the data, or leaves no rows at all.
    """
    check_period(period)
    _check_some_file_usable(ws)
    filters = report_filters(ws, date_from=date_from, date_to=date_to, where=where)
    skips = _Skips()
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
            skips.items.append({"section": kind.value, "code": "no_rows", "reason": "No rows left after the filters."})
    if ws.kinds() and not tables:
        span = ws.date_span()
        raise EmptyResult("no_rows_after_filters", "The filters leave no rows in any file.",
                          (f"The data runs from {span[0]} to {span[1]}; " if span else "")
                          + "widen --from/--to or loosen --where.")

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
    if (touchpoints := _journey_rows(tables, skips)) is not None:
        report["journey"] = touchpoints
    found = headline_metrics.headlines(tables, period=period, clv_result=fitted)
    if found:
        report["headlines"] = [_headline_entry(h) for h in found]
    sentences = headline_metrics.story(tables, period=period, lang="en")
    if sentences:
        report["story"] = sentences
    if skips.items:
        report["skipped"] = skips.items
    return plain(report)


# --- the plain-text summary ---------------------------------------------------------------------


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




# `cxreport.report(ws, period="month")` calls `cxreport.api.report`: the module is made
# callable, because importing it rebinds the package's `report` name (cxreport/_callable.py).
import sys  # noqa: E402  (imports kept beside the one statement that needs them)

from cxreport._callable import ReportModule  # noqa: E402

sys.modules[__name__].__class__ = ReportModule
