"""`cxreport metrics --engine spark`: the report's JSON with every row-level stage on the engine.

Tables are found and recognised (`cxreport.engine.sources`), each kind's files are stacked
into one canonical view, and each section is computed by its stages (orders here;
churn, CLV, subscriptions, surveys and tickets in their modules) with only aggregates
coming back. The keys are those of `cxreport.report.build_report`; sections that need
every row on one machine (the CX model, UX tests, the journey, the headlines) are listed
under ``skipped`` with the reason, and ``engine`` says what ran where and how much came back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxreport.errors import EmptyResult
from cxreport.fields import FIELD_TYPES, Kind
from cxreport.i18n import t
from cxreport.periods import Period, check_period
from cxreport.report import _Skips, plain, retention_at_months

from cxreport.engine import churn as churn_stages
from cxreport.engine import clv as clv_stages
from cxreport.engine import orders as order_stages
from cxreport.engine import subscriptions as subscription_stages
from cxreport.engine import surveys as survey_stages
from cxreport.engine import tickets as ticket_stages
from cxreport.engine.backends import DuckDBBackend, Engine, SparkBackend, check_engine
from cxreport.engine.sources import Source, canonical_sql, check_source, discover, recognise_source

Backend = DuckDBBackend | SparkBackend
# Sections of build_report that need each row on one machine: never pulled from a lake.
ROW_LEVEL_SECTIONS: tuple[str, ...] = ("ux", "ux_vs_cx", "cx_indicators", "journey", "headlines", "story",
                                       "surveys.servqual", "surveys.drivers")


def make_backend(engine: Engine, master: str | None = None) -> Backend:
    return SparkBackend(master) if check_engine(engine) == "spark" else DuckDBBackend()


def _union_view(backend: Backend, kind: Kind, sources: list[Source]) -> str:
    """One canonical view of a kind, the files stacked (a field a file lacks is null there)."""
    types = FIELD_TYPES[kind]
    fields = [f for f in types if any(f in s.mapping for s in sources)]
    sql_type = {"str": "VARCHAR", "datetime": "TIMESTAMP", "float": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN"}
    parts = []
    for s in sources:
        backend.view(s.view, canonical_sql(s))
        cols = [f if f in s.mapping else f"CAST(NULL AS {sql_type[types[f]]}) AS {f}" for f in fields]
        parts.append(f"SELECT {', '.join(cols)} FROM {s.view}")
    name = f"{kind.value}_all"
    backend.view(name, " UNION ALL ".join(parts))
    return name


def _orders(backend: Backend, view: str, *, period: Period, skips: _Skips) -> dict[str, Any]:
    names = list(backend.columns(view))
    # Every order stage starts from the valid rows: computed once, on the engine.
    backend.materialize("orders_valid", order_stages.valid_orders_sql(view, names))
    out: dict[str, Any] = {}
    counts, last = order_stages.cohort_counts(backend, "orders_valid", period=period)
    if last is None:
        return out
    table = order_stages.retention_from_counts(counts, last, period=period)
    out["retention"] = table
    if period != "month":
        monthly_counts, monthly_last = order_stages.cohort_counts(backend, "orders_valid", period="month")
        monthly = order_stages.retention_from_counts(monthly_counts, monthly_last, period="month")  # type: ignore[arg-type]
    else:
        monthly = table
    if at := retention_at_months(monthly):
        out["retention_at"] = at
    out.update(churn_stages.churn_section(backend, "orders_valid", period=period, skips=skips))
    window = out.get("churn", {}).get("window_days")
    clv = clv_stages.clv_section(backend, "orders_valid", period=period, window_days=window, skips=skips)
    if clv:
        out["clv"] = clv
    return out


def _currency(sources: list[Source]) -> str | None:
    """The currency the app's reader found in the tables' samples (the first one that says)."""
    return next((s.sample.currency for s in sources if s.sample is not None and s.sample.currency), None)


def engine_report(paths: list[Path | str], *, engine: Engine = "spark", spark_master: str | None = None,
                  period: Period = "month", lang: str = "en", backend: Backend | None = None) -> dict:
    """The report of the tables at `paths`, computed on `engine` (see the module docstring).

    `backend` lends a running engine (a test's Spark session); otherwise one is started and
    stopped here. Raises `CXError` for a path that is not a table, a table the engine cannot
    read as the app would, or no table of a known kind.

    >>> report = engine_report(["tests/data/cli/orders_tiny.csv"], engine="duckdb")
    >>> report["orders"]["retention_at"]["month_1"]["rate"]
    0.6666666666666666
    >>> [(r["stage"], r["rows"]) for r in report["engine"]["returned"] if r["stage"] == "cohort counts"]
    [('cohort counts', 6)]
    """
    check_period(period)
    own = backend is None
    backend = backend or make_backend(engine, spark_master)
    try:
        return plain(_report(backend, [Path(p) for p in paths], period=period, lang=lang, master=spark_master))
    finally:
        if own:
            backend.close()


def _report(backend: Backend, paths: list[Path], *, period: Period, lang: str, master: str | None) -> dict:
    start = len(backend.returned)
    sources = [recognise_source(backend, name, path, fmt, i) for i, (name, path, fmt) in enumerate(discover(paths))]
    by_kind: dict[Kind, list[Source]] = {}
    entries = []
    for s in sources:
        if s.kind is not Kind.OTHER:
            check_source(s, backend)
            by_kind.setdefault(s.kind, []).append(s)
        entries.append({"file": s.name, "format": s.format, "kind": s.kind.value, "mapping": dict(s.mapping),
                        "used": s.kind is not Kind.OTHER})
    if not by_kind:
        raise EmptyResult("engine_nothing_known", "None of the tables is orders, subscriptions, surveys, tickets or "
                          "UX tests.", "Check the paths, or load the files with the default engine and set their kind.")
    views = {kind: _union_view(backend, kind, group) for kind, group in by_kind.items()}
    report: dict[str, Any] = {"datasets": entries, "filters": {"period": period}}
    skips = _Skips(lang)
    if Kind.ORDERS in views:
        report["orders"] = {"currency": _currency(by_kind[Kind.ORDERS]),
                            **_orders(backend, views[Kind.ORDERS], period=period, skips=skips)}
    if Kind.SUBSCRIPTIONS in views:
        section = subscription_stages.subscriptions_section(backend, views[Kind.SUBSCRIPTIONS], period=period,
                                                            skips=skips)
        if section:
            report["subscriptions"] = {"currency": _currency(by_kind[Kind.SUBSCRIPTIONS]), **section}
    if Kind.SURVEYS in views and (section := survey_stages.surveys_section(
            backend, views[Kind.SURVEYS], period=period, skips=skips)):
        report["surveys"] = section
    if Kind.TICKETS in views and (section := ticket_stages.tickets_section(
            backend, views[Kind.TICKETS], period=period, skips=skips)):
        report["tickets"] = section
    skips.items.extend({"section": s, "code": "engine_row_level", "reason": t("engine.row_level", lang)}
                       for s in ROW_LEVEL_SECTIONS)
    report["skipped"] = skips.items
    report["engine"] = {"name": backend.name, "master": master, "returned": backend.returned[start:]}
    return report


