"""The report's ticket figures (response and resolution times, AHT, volume) from engine stages.

Stages on the engine (DuckDB or Spark), each returning one row or one row per period:

1. "ticket columns" (`_presence`): how many non-null values each duration field has, to
   choose timestamps or exported durations as `cxreport.metrics.service.response_times`
   does, and to leave out what the report leaves out.
2. "ticket durations and their percentiles" (`duration_stats`, `handling_stats`): first
   response and resolution hours (calendar hours from timestamps, to the microsecond, or
   the export's minutes / 60), their counts, the tickets with a negative duration (`invalid`), then
   the median and 90th percentile of the non-negative ones; the same for AHT
   (``handle_minutes`` ≥ 0: mean and median).
3. "tickets per period" (`volume`): tickets and distinct customers per period of
   ``created_at``.

Percentiles interpolate linearly between order statistics, as the library's (Polars'
``median`` and ``quantile(0.9, "linear")``). DuckDB computes them exactly
(``quantile_cont``). Spark computes them exactly (``percentile``) when the column a
measure is read from has at most `EXACT_PERCENTILE_MAX_ROWS` non-null values (known from
stage 1, and a bound on the measure's own count), and otherwise with ``percentile_approx``
at accuracy `APPROX_ACCURACY`: its answer is one of the values, whose rank is within
n / accuracy of the exact rank. Median and p90 of a measure are one aggregate (one map
or sketch), and counts and percentiles come from one scan. Each block of the result says
which in ``"method"``: ``"exact"`` or ``"approx(accuracy=10000)"``. The library's own blocks are always exact
(they carry no ``method`` key yet; everything else is equal).

Why not `percentile_cont(p) WITHIN GROUP (ORDER BY x)` in DuckDB's SQL for both: SQLGlot
30 transpiles it to Spark's ``PERCENTILE_APPROX`` (and ``quantile_cont`` to a
``PERCENTILE_CONT`` with two arguments Spark refuses), so an exact percentile silently
became approximate. The one backend-dependent word is `_percentiles_sql`.

Keys covered: ``first_response_hours``, ``resolution_hours``, ``invalid_durations``,
``aht_minutes``, ``volume`` — all the keys of `build_report(ws)["tickets"]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from cxreport.metrics import service
from cxreport.metrics.inputs import require_columns
from cxreport.metrics.service import AS_EXPORTED, CALENDAR
from cxreport.periods import Period, check_period

# Up to this many values in a group, Spark's exact `percentile` (which holds each distinct
# value with its count in memory, on one task per group); above it, `percentile_approx`.
EXACT_PERCENTILE_MAX_ROWS = 1_000_000
APPROX_ACCURACY = 10_000
EXACT = "exact"
MEASURES = ("first_reply_at", "solved_at", "first_response_minutes", "resolution_minutes", "handle_minutes")
_US_PER_HOUR = 3_600_000_000


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def approx_method(accuracy: int = APPROX_ACCURACY) -> str:
    return f"approx(accuracy={accuracy})"


def _percentiles_sql(backend: Any, column: str, ps: tuple[float, ...], method: str) -> str:
    """One aggregate for the `ps` quantiles of `column` (nulls ignored), as a list; linear
    interpolation when exact. One aggregate, so Spark builds one map (or sketch) per column."""
    quantiles = "[" + ", ".join(str(p) for p in ps) + "]"
    if backend.name == "duckdb":
        return f"quantile_cont({column}, {quantiles})"
    if method == EXACT:
        # Passed through by SQLGlot as written: Spark's exact, interpolating percentile.
        return f"percentile({column}, {quantiles})"
    return f"percentile_approx({column}, {quantiles}, {APPROX_ACCURACY})"


def _method(backend: Any, values: int, exact_max_rows: int) -> str:
    """Exact unless Spark would hold more than `exact_max_rows` values: the count of the
    column's non-null values bounds the measure's, and is known before the stage runs."""
    return EXACT if backend.name == "duckdb" or values <= exact_max_rows else approx_method()


def _presence(backend: Any, view: str) -> dict[str, int]:
    """Non-null values of each duration field the view has (stage 1); absent fields are missing."""
    columns = backend.columns(view)
    present = [c for c in (*MEASURES, "created_at") if c in columns]
    if not present:
        return {}
    row = backend.query(f"SELECT {', '.join(f'count({c}) AS {c}' for c in present)} FROM {_quote(view)}").row(0, named=True)
    return {c: int(row[c]) for c in present}


def _reciprocal(divisor: int) -> str:
    """1/divisor as a DOUBLE literal that reads back to the same bits.

    Polars evaluates `x / 60` as `x * (1/60)`, which differs from a true division in the
    last bit for about a quarter of the values; the library's durations are computed that
    way, so the SQL multiplies by the same reciprocal and gets the same bits (and the
    same order statistics).
    """
    return format(1 / divisor, ".17e")


def _hours_sql(present: dict[str, int], timestamp: str, minutes: str) -> tuple[str, str, int]:
    """(SQL of the duration in hours, its basis, the non-null values it is read from) as
    `service.response_times` chooses: the timestamp unless only the exported minutes have values."""
    stamped = minutes not in present or present.get(timestamp, 0) > 0
    if not stamped:
        return f"CAST({minutes} AS DOUBLE) * {_reciprocal(60)}", AS_EXPORTED, present[minutes]
    if timestamp not in present:
        return "CAST(NULL AS DOUBLE)", CALENDAR, 0
    return (f"CAST(date_diff('microsecond', created_at, {timestamp}) AS DOUBLE) * {_reciprocal(_US_PER_HOUR)}",
            CALENDAR, present[timestamp])


def duration_stats(backend: Any, view: str, present: dict[str, int], *,
                   exact_max_rows: int = EXACT_PERCENTILE_MAX_ROWS) -> dict[str, Any]:
    """Stage 2, "ticket durations and their percentiles", one scan: counts and percentiles.

    Returns n_first_response, n_resolution, invalid, first_response_hours_median/_p90,
    resolution_hours_median/_p90, their methods and the basis, as `service.response_times`
    (no groups).
    """
    _require_created(present)
    first, first_basis, first_values = _hours_sql(present, "first_reply_at", "first_response_minutes")
    solve, solve_basis, solve_values = _hours_sql(present, "solved_at", "resolution_minutes")
    methods = {"first_response": _method(backend, first_values, exact_max_rows),
               "resolution": _method(backend, solve_values, exact_max_rows)}
    quantiles = [f"{_percentiles_sql(backend, f'CASE WHEN {short} >= 0 THEN {short} END', (0.5, 0.9), methods[name])} "
                 f"AS {name}_hours"
                 for name, short in (("first_response", "first_h"), ("resolution", "resolution_h"))]
    row = backend.query(
        "SELECT count(CASE WHEN first_h >= 0 THEN 1 END) AS n_first_response, "
        "count(CASE WHEN resolution_h >= 0 THEN 1 END) AS n_resolution, "
        f"count(CASE WHEN first_h < 0 OR resolution_h < 0 THEN 1 END) AS invalid, {', '.join(quantiles)} "
        f"FROM (SELECT {first} AS first_h, {solve} AS resolution_h FROM {_quote(view)} "
        "WHERE created_at IS NOT NULL) AS durations").row(0, named=True)
    out: dict[str, Any] = {k: int(row[k]) for k in ("n_first_response", "n_resolution", "invalid")}
    for name in methods:
        median, p90 = row[f"{name}_hours"] or (None, None)
        out.update({f"{name}_hours_median": median, f"{name}_hours_p90": p90, f"{name}_method": methods[name]})
    out["basis"] = first_basis if first_basis == solve_basis else (
        f"first response: {first_basis}; resolution: {solve_basis}")
    return out


def handling_stats(backend: Any, view: str, present: dict[str, int], *,
                   exact_max_rows: int = EXACT_PERCENTILE_MAX_ROWS) -> dict[str, Any]:
    """AHT as `service.handling_time` (no groups), one scan: n, aht_minutes (mean), median_minutes, method."""
    method = _method(backend, present.get("handle_minutes", 0), exact_max_rows)
    row = backend.query(
        f"SELECT count(*) AS n, avg(m) AS aht_minutes, {_percentiles_sql(backend, 'm', (0.5,), method)} AS median "
        f"FROM (SELECT CAST(handle_minutes AS DOUBLE) AS m FROM {_quote(view)} WHERE handle_minutes >= 0) AS handled"
    ).row(0, named=True)
    return {"n": int(row["n"]), "aht_minutes": row["aht_minutes"], "median_minutes": (row["median"] or [None])[0],
            "method": method}


def volume(backend: Any, view: str, *, period: Period = "month") -> pl.DataFrame:
    """Stage 3, as `service.ticket_volume` (no groups): period (Date), tickets, customers (distinct, null
    without a customer column)."""
    check_period(period)
    has_customer = "customer_id" in backend.columns(view)
    customers = "count(DISTINCT customer_id)" if has_customer else "CAST(NULL AS BIGINT)"
    out = backend.query(
        f"SELECT period, count(*) AS tickets, {customers} AS customers FROM ("
        f"SELECT CAST(date_trunc('{period}', created_at) AS DATE) AS period"
        f"{', customer_id' if has_customer else ''} FROM {_quote(view)} WHERE created_at IS NOT NULL) AS created "
        "GROUP BY period")
    return out.select(pl.col("period").cast(pl.Date), pl.col("tickets").cast(pl.Int64),
                      pl.col("customers").cast(pl.Int64)).sort("period", nulls_last=True)


def _require_created(present: dict[str, int]) -> None:
    """The library's error for a table without created_at (`metrics.inputs.require_columns`)."""
    require_columns(list(present), ["created_at"], "tickets", service._HINT)


def _attempt(skips: Any, section: str, compute: Callable[[], Any]) -> Any:
    return compute() if skips is None else skips.attempt(section, compute)


def tickets_section(backend: Any, view: str, *, period: Period = "month", skips: Any = None,
                    exact_max_rows: int = EXACT_PERCENTILE_MAX_ROWS) -> dict:
    """`build_report(ws)["tickets"]` from the stages above, each percentile block with its ``method``.

    `view` is the canonical tickets table on `backend`. `skips`: the report's `_Skips`, to
    record a figure the data cannot support instead of raising. `exact_max_rows`: the
    largest group Spark takes an exact percentile of (DuckDB's are always exact).
    """
    from cxreport.report import plain  # the report imports the metrics; imported here to keep this module light

    present = _presence(backend, view)
    out: dict[str, Any] = {}
    if any(present.get(c) for c in ("first_reply_at", "solved_at", "first_response_minutes", "resolution_minutes")):
        times = _attempt(skips, "tickets.response_times",
                         lambda: duration_stats(backend, view, present, exact_max_rows=exact_max_rows))
        if times is not None:
            for name in ("first_response", "resolution"):
                if times[f"n_{name}"]:
                    out[f"{name}_hours"] = {"median": times[f"{name}_hours_median"], "p90": times[f"{name}_hours_p90"],
                                            "n": times[f"n_{name}"], "basis": times["basis"],
                                            "method": times[f"{name}_method"]}
            out["invalid_durations"] = times["invalid"]
    if present.get("handle_minutes"):
        aht = _attempt(skips, "tickets.aht_minutes",
                       lambda: handling_stats(backend, view, present, exact_max_rows=exact_max_rows))
        if aht is not None and aht["n"]:
            out["aht_minutes"] = {"mean": aht["aht_minutes"], "median": aht["median_minutes"], "n": aht["n"],
                                  "method": aht["method"]}
    counted = _attempt(skips, "tickets.volume", lambda: _volume_checked(backend, view, present, period))
    if counted is not None:
        out["volume"] = counted
    return plain(out)


def _volume_checked(backend: Any, view: str, present: dict[str, int], period: Period) -> pl.DataFrame:
    _require_created(present)
    return volume(backend, view, period=period)
