"""The ticket stages on DuckDB and Spark against the library: the sample, a generated
Hive-partitioned lake (nulls, negative durations, undated tickets, empty months, same-day
repeats), exported durations instead of timestamps, and Spark's approximate percentiles
within their documented accuracy.

The expected figures come from the library on the same rows (`build_report`, or its
tickets section on the generated frame), computed in Polars from the rows. Both carry a
``method`` beside each percentile block (the library's is always exact): it is compared apart.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from cxreport.engine.tickets import APPROX_ACCURACY, tickets_section
from cxreport.fields import Kind
from cxreport.metrics.service import ticket_hours
from cxreport.report import _Skips, _tickets_section, plain

from tests.engine.conftest import same_json as assert_same

BLOCKS = ("first_response_hours", "resolution_hours", "aht_minutes")


def without_method(section: dict) -> tuple[dict, dict]:
    """The section without the blocks' `method`, and block -> method."""
    methods = {k: section[k]["method"] for k in BLOCKS if k in section}
    return {k: ({n: v for n, v in b.items() if n != "method"} if k in methods else b) for k, b in section.items()}, methods


def test_sample_equals_the_report(backend, sample_report, sample_lake):
    backend.register_path("tickets", sample_lake[Kind.TICKETS], "parquet")
    theirs = sample_report["tickets"]
    ours, methods = without_method(tickets_section(backend, "tickets"))
    assert_same(ours, without_method(theirs)[0])
    assert methods == {k: "exact" for k in BLOCKS}


def generated_tickets(n: int = 30_000, seed: int = 11) -> pl.DataFrame:
    """Tickets over 2024–2025 without February 2025, with undated tickets, replies and solves
    missing or before creation, handling times missing or negative, and bursts on one day."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    offsets = rng.integers(0, 730 * 86_400 * 1_000_000, n)
    created = [start + dt.timedelta(microseconds=int(o)) for o in offsets]
    created = [None if c.year == 2025 and c.month == 2 else c for c in created]
    reply_us = (rng.exponential(3.0, n) * 3_600e6).astype(np.int64)
    solve_us = reply_us + (rng.exponential(30.0, n) * 3_600e6).astype(np.int64)
    i = np.arange(n)
    reply_us = np.where(i % 97 == 0, -reply_us, reply_us)  # replied before creation: invalid
    solve_us = np.where(i % 89 == 0, -solve_us, solve_us)
    frame = pl.DataFrame({
        "ticket_id": [f"T{k}" for k in range(n)],
        "customer_id": [None if k % 13 == 0 else f"C{k % 4000}" for k in range(n)],
        "created_at": pl.Series(created, dtype=pl.Datetime("us")),
        "_reply": reply_us, "_solve": solve_us,
        "handle_minutes": np.where(i % 11 == 0, np.nan, rng.gamma(2.0, 8.0, n).round(1)),
        "channel": rng.choice(["email", "chat", "phone"], n),
    }).with_columns(pl.col("handle_minutes").fill_nan(None))
    # Most of February's tickets leave (an empty month); one in fifty stays without a date.
    frame = frame.filter(pl.col("created_at").is_not_null() | (pl.int_range(pl.len()) % 50 == 0))
    k = pl.int_range(pl.len())
    return frame.with_columns(
        pl.when(k < 60).then(pl.lit(dt.datetime(2024, 5, 6, 8, 0, 0, 1))).otherwise(pl.col("created_at"))
        .alias("created_at"),
    ).with_columns(
        pl.when(k % 10 == 3).then(None).otherwise(pl.col("created_at") + pl.duration(microseconds=pl.col("_reply")))
        .alias("first_reply_at"),
        pl.when(k % 6 == 1).then(None).otherwise(pl.col("created_at") + pl.duration(microseconds=pl.col("_solve")))
        .alias("solved_at"),
        pl.when(k % 17 == 0).then(-pl.col("handle_minutes")).otherwise(pl.col("handle_minutes")).alias("handle_minutes"),
        (pl.col("created_at").dt.year().fill_null(0) * 100 + pl.col("created_at").dt.month().fill_null(0)).alias("part"),
    ).drop("_reply", "_solve")


def expected(frame: pl.DataFrame, period: str = "month") -> dict:
    skips = _Skips()
    out = plain(_tickets_section(frame, period=period, skips=skips))
    assert not skips.items
    return out


@pytest.mark.parametrize("period", ["month", "quarter"])
def test_generated_lake_equals_the_library(backend, tmp_path, period):
    frame = generated_tickets()
    frame.write_parquet(tmp_path / "tickets", partition_by=["part"])
    backend.register_path("tickets", tmp_path / "tickets", "parquet")
    theirs = expected(frame.drop("part"), period)
    ours, methods = without_method(tickets_section(backend, "tickets", period=period))
    assert_same(ours, without_method(theirs)[0])
    assert set(methods.values()) == {"exact"}
    assert ours["invalid_durations"] > 0 and ours["volume"][0]["customers"] < ours["volume"][0]["tickets"]
    if period == "month":
        assert "2025-02-01" not in [v["period"] for v in ours["volume"]]


def test_exported_durations_and_mixed_bases(backend):
    hours = ticket_hours(generated_tickets(3_000)).collect()
    base = generated_tickets(3_000).select("ticket_id", "customer_id", "created_at")
    durations = base.with_columns((hours["first_response_hours"] * 60).alias("first_response_minutes"),
                                  (hours["resolution_hours"] * 60).alias("resolution_minutes"))
    backend.register_frame("durations", durations)
    ours, _ = without_method(tickets_section(backend, "durations"))
    assert_same(ours, without_method(expected(durations))[0])
    assert ours["first_response_hours"]["basis"] == "as exported"
    mixed = generated_tickets(3_000).select("ticket_id", "created_at", "first_reply_at").with_columns(
        durations["resolution_minutes"])
    backend.register_frame("mixed", mixed)
    ours, _ = without_method(tickets_section(backend, "mixed"))
    assert_same(ours, without_method(expected(mixed))[0])
    assert ours["resolution_hours"]["basis"] == "first response: calendar; resolution: as exported"
    assert "aht_minutes" not in ours


def test_percentiles_by_hand(backend):
    created = dt.datetime(2025, 1, 1, 9)
    frame = pl.DataFrame({
        "created_at": [created] * 5,
        "first_reply_at": [created + dt.timedelta(hours=h) for h in (1, 2, 3, 4, -1)],
        "handle_minutes": [10.0, 20.0, None, -5.0, 40.0],
    })
    backend.register_frame("few", frame)
    ours = tickets_section(backend, "few")
    # Four valid waits 1, 2, 3, 4 h: median 2.5; p90 at position 0.9·3 = 2.7 -> 3 + 0.7·(4 − 3) = 3.7.
    assert ours["first_response_hours"] == {"median": 2.5, "p90": pytest.approx(3.7, rel=1e-12), "n": 4,
                                            "basis": "calendar", "method": "exact"}
    assert ours["invalid_durations"] == 1
    assert ours["aht_minutes"] == {"mean": pytest.approx(70 / 3, rel=1e-12), "median": 20.0, "n": 3, "method": "exact"}
    assert ours["volume"] == [{"period": "2025-01-01", "tickets": 5, "customers": None}]
    assert "resolution_hours" not in ours


def test_approximate_percentiles_within_their_accuracy(backend):
    frame = generated_tickets(20_000).drop("part")
    backend.register_frame("tickets", frame)
    ours = tickets_section(backend, "tickets", exact_max_rows=1_000)
    if backend.name == "duckdb":  # DuckDB's are always exact
        assert {ours[k]["method"] for k in BLOCKS} == {"exact"}
        return
    assert {ours[k]["method"] for k in BLOCKS} == {f"approx(accuracy={APPROX_ACCURACY})"}
    hours = ticket_hours(frame.filter(pl.col("created_at").is_not_null())).collect()
    handled = frame.filter(pl.col("handle_minutes") >= 0).get_column("handle_minutes")
    checks = [(ours["first_response_hours"], "median", 0.5, hours["first_response_hours"]),
              (ours["first_response_hours"], "p90", 0.9, hours["first_response_hours"]),
              (ours["resolution_hours"], "median", 0.5, hours["resolution_hours"]),
              (ours["resolution_hours"], "p90", 0.9, hours["resolution_hours"]),
              (ours["aht_minutes"], "median", 0.5, handled)]
    for block, key, p, values in checks:
        ordered = values.drop_nulls().sort().to_numpy()
        n = len(ordered)
        # percentile_approx answers one of the values, ranked within n/accuracy of p·n.
        slack = n / APPROX_ACCURACY
        low = ordered[max(0, math.floor(p * n - slack) - 1)]
        high = ordered[min(n - 1, math.ceil(p * n + slack))]
        assert block[key] in set(ordered.tolist()), (key, p)
        assert low <= block[key] <= high, (key, p, low, block[key], high)


def test_without_created_at_the_same_figures_are_skipped(backend):
    frame = generated_tickets(2_000).select("ticket_id", "first_reply_at", "handle_minutes")
    backend.register_frame("undated", frame)
    theirs_skips, ours_skips = _Skips(), _Skips()
    theirs = plain(_tickets_section(frame, period="month", skips=theirs_skips))
    ours, _ = without_method(tickets_section(backend, "undated", skips=ours_skips))
    assert_same(ours, without_method(theirs)[0])
    assert ours_skips.items == theirs_skips.items and len(ours_skips.items) == 2


def test_sample_csv_through_its_canonical_view(backend, sample_report):
    """The export as it is (all text on both engines), read by `engine.sources`' SQL."""
    from cxreport.engine.sources import canonical_sql, check_source, discover, recognise_source
    from tests.engine.conftest import SAMPLE

    (name, path, fmt), = discover([SAMPLE / "tickets.csv"])
    source = recognise_source(backend, name, path, fmt, 0)
    check_source(source, backend)
    backend.view(source.view, canonical_sql(source))
    ours, methods = without_method(tickets_section(backend, source.view))
    assert_same(ours, without_method(sample_report["tickets"])[0])
    assert set(methods.values()) == {"exact"}
