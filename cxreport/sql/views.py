"""Which tables a query sees, computed in the parent with the library (never by user SQL).

Three sorts of view, all under the same filters (`cxreport.filters.Filters`; None = none):

- one per kind loaded (``orders``, ``subscriptions``, ``surveys``, ``tickets``, ``ux``): the
  canonical table of `Workspace.table`, files of a kind stacked with ``source_file``;
- one per file (`Workspace.file_views`: ``file_`` + the file's name as an identifier);
- the report's own results (`RESULT_VIEWS`), computed as the app's pages compute them: on
  each kind's history (`cxreport.filters.history`: a customer's past before the range
  counts), then restricted to the range's periods (`restrict_periods`). A result whose data
  are absent is left out, and one that fails to compute is left out too: a query on
  ``orders`` must not fail because the CLV model could not be fitted.

Kind and file views hold the rows inside every filter (`apply_filters`, the rows the
report counts as "after" the filters). A query gets the views it names (`tables_for`); a
result view is computed only then (a CLV fit takes seconds), and kept per workspace,
version, filters and period, so the next query on the same view reuses it.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Callable

import polars as pl

from cxreport.fields import Kind
from cxreport.filters import Filters, apply_filters, customers_in_window, restrict_periods
from cxreport.periods import Period
from cxreport.workspace import Workspace

KIND_VIEWS = tuple(k.value for k in Kind if k is not Kind.OTHER)


def _history(ws: Workspace, kind: Kind, f: Filters) -> pl.DataFrame | None:
    """The table a kind's metrics compute on, or None when the filters leave none of its rows."""
    if not ws.has(kind):
        return None
    shown = apply_filters(ws.table(kind), kind, f)  # type: ignore[arg-type]
    return ws.filtered(kind, f) if shown.height else None  # type: ignore[union-attr]


def _has_values(frame: pl.DataFrame, column: str) -> bool:
    return column in frame.columns and frame.get_column(column).drop_nulls().len() > 0


def _retention(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import retention

    orders = _history(ws, Kind.ORDERS, f)
    return None if orders is None else restrict_periods(retention.cohort_retention(orders, period=period), "cohort", f, period)


def _churn_by_period(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import churn

    orders = _history(ws, Kind.ORDERS, f)
    if orders is None:
        return None
    window = churn.default_churn_window_days(orders).days  # the report's and the Churn page's default
    return restrict_periods(churn.churn_by_period(orders, window_days=window, period=period), "period", f, period)


def _clv_customers(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import clv

    orders = _history(ws, Kind.ORDERS, f)
    if orders is None:
        return None
    result = clv.predictive_clv(orders)  # the CLV page's defaults: 12 months, 10% a year, margin 1
    if f.date_from is not None:  # fitted on the whole history, shown for the range's customers
        seen = customers_in_window(orders, Kind.ORDERS, f).get_column("customer_id").unique()
        result = clv.for_customers(result, seen)
    return result.customers


def _mrr_movements(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import mrr

    subs = _history(ws, Kind.SUBSCRIPTIONS, f)
    return None if subs is None else restrict_periods(mrr.mrr_movements(subs, period=period), "period", f, period)


def _survey_trend(score: str) -> Callable[[Workspace, Filters, Period], pl.DataFrame | None]:
    def compute(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
        from cxreport.metrics import surveys

        responses = _history(ws, Kind.SURVEYS, f)
        if responses is None or not _has_values(responses, f"{score}_score"):
            return None
        return getattr(surveys, f"{score}_by_period")(responses, period=period)

    return compute


def _response_times(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import service

    tickets = _history(ws, Kind.TICKETS, f)
    timed = ("first_reply_at", "solved_at", "first_response_minutes", "resolution_minutes")
    if tickets is None or not any(_has_values(tickets, c) for c in timed):
        return None
    present = tickets.with_columns(pl.lit(None, pl.Datetime("us")).alias(c)  # as the report does
                                   for c in ("first_reply_at", "solved_at") if c not in tickets.columns)
    return service.response_times(present, period=period)


def _ticket_volume(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import service

    tickets = _history(ws, Kind.TICKETS, f)
    return None if tickets is None else service.ticket_volume(tickets, period=period)


def _ux_vs_cx(ws: Workspace, f: Filters, period: Period) -> pl.DataFrame | None:
    from cxreport.metrics import ux_vs_cx

    tables = {k.value: t for k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS, Kind.ORDERS)
              if (t := _history(ws, k, f)) is not None}
    if "ux" not in tables or "touchpoint" not in tables["ux"].columns or not ({"surveys", "tickets"} & set(tables)):
        return None
    return ux_vs_cx.ux_vs_cx(**tables, by="touchpoint")


# name -> how it is computed; the order is docs/sql.md's
RESULT_VIEWS: dict[str, Callable[[Workspace, Filters, Period], pl.DataFrame | None]] = {
    "retention": _retention,
    "churn_by_period": _churn_by_period,
    "clv_customers": _clv_customers,
    "mrr_movements": _mrr_movements,
    "nps_by_period": _survey_trend("nps"),
    "csat_by_period": _survey_trend("csat"),
    "ces_by_period": _survey_trend("ces"),
    "response_times": _response_times,
    "ticket_volume": _ticket_volume,
    "ux_vs_cx": _ux_vs_cx,
}

# workspace -> ((version, filters, period), {result view -> frame, or None when absent or failed})
_RESULTS: weakref.WeakKeyDictionary[Workspace, tuple[tuple, dict[str, pl.DataFrame | None]]] = weakref.WeakKeyDictionary()


def result_view(ws: Workspace, name: str, filters: Filters, period: Period) -> pl.DataFrame | None:
    """One result view, computed once per workspace version, filters and period (None: left out)."""
    key = (ws.version, filters.key(), period)
    found = _RESULTS.get(ws)
    if found is None or found[0] != key:
        found = (key, {})
        _RESULTS[ws] = found
    results = found[1]
    if name not in results:
        try:
            results[name] = RESULT_VIEWS[name](ws, filters, period)
        except Exception:  # noqa: BLE001 — a result that cannot be computed is simply not a view
            results[name] = None
    return results[name]


def view_tables(ws: Workspace, filters: Filters | None = None, *, period: Period = "month",
                wanted: Callable[[str], bool] = lambda name: True) -> dict[str, pl.DataFrame]:
    """View name -> its table, in the order of docs/sql.md, for the views `wanted` accepts."""
    f = filters or Filters()
    out: dict[str, pl.DataFrame] = {}
    for kind in ws.kinds():
        if wanted(kind.value):
            out[kind.value] = apply_filters(ws.table(kind), kind, f)  # type: ignore[assignment,arg-type]
    for name, ds in zip(ws.file_views(), ws.datasets.values()):
        if wanted(name):
            out[name] = apply_filters(ds.table, ds.kind, f) if ds.ready else ds.table  # type: ignore[assignment]
    for name in RESULT_VIEWS:
        if wanted(name) and (frame := result_view(ws, name, f, period)) is not None:
            out[name] = frame
    return out


def tables_for(ws: Workspace, sql: str, filters: Filters | None = None, *,
               period: Period = "month") -> dict[str, pl.DataFrame]:
    """The views a query gets: those it names (its text holds the view's name; a superset is
    harmless), or, when it names none (``SHOW TABLES``, ``FROM duckdb_columns()``), every kind
    and file view. Loading only what a query reads keeps a query on ``orders`` from paying
    for a CLV fit or for shipping the tickets."""
    text = sql.lower()
    named = view_tables(ws, filters, period=period, wanted=lambda name: name in text)
    return named or view_tables(ws, filters, period=period, wanted=lambda name: name not in RESULT_VIEWS)


def arrow_ipc(frame: pl.DataFrame) -> memoryview:
    """A table as Arrow IPC stream bytes (what travels to the worker)."""
    sink = io.BytesIO()
    frame.write_ipc_stream(sink)
    return sink.getbuffer()


def duckdb_columns(frames: dict[str, pl.DataFrame]) -> dict[str, list[tuple[str, str]]]:
    """View name -> [(column, DuckDB type)], as the worker's tables will have them.

    Asks DuckDB in this process about empty tables of the same schema: no user SQL runs here.
    """
    import duckdb
    import pyarrow.ipc as ipc

    con = duckdb.connect(":memory:")
    try:
        out: dict[str, list[tuple[str, str]]] = {}
        for name, frame in frames.items():
            relation = con.from_arrow(ipc.open_stream(arrow_ipc(frame.head(0))).read_all())
            out[name] = [(column, str(kind)) for column, kind in zip(relation.columns, relation.types)]
        return out
    finally:
        con.close()
