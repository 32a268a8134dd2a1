"""Response and resolution times from exported durations (Zendesk minutes, Freshdesk hours)
when the export has no timestamps: worked out by hand, and equal to the timestamp route."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import MappingProblem
from cxreport.io.dataset import load_dataset
from cxreport.metrics import service

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
D = dt.datetime
TIME_COLUMNS = ["n_first_response", "first_response_hours_median", "first_response_hours_p90", "n_resolution",
                "resolution_hours_median", "resolution_hours_p90", "invalid"]


def table(name: str) -> pl.DataFrame:
    return load_dataset(name, (REAL / name).read_bytes(), today=dt.date(2025, 1, 1)).table


def test_zendesk_minutes_by_hand():
    out = service.response_times(table("zendesk_tickets.csv"))
    assert out.columns == [*TIME_COLUMNS, "basis"]  # the old columns, unchanged, then basis
    row = out.row(0, named=True)
    # first reply 30, 600, 5, 90, 15 min -> hours 1/12, 0.25, 0.5, 1.5, 10 (sorted)
    # median 0.5; p90 at position 0.9·4 = 3.6 -> 1.5 + 0.6·(10 − 1.5) = 6.6
    assert row["n_first_response"] == 5
    assert row["first_response_hours_median"] == pytest.approx(0.5)
    assert row["first_response_hours_p90"] == pytest.approx(6.6)
    # resolution 120, 1440, 45, 2880 min (105 open) -> 0.75, 2, 24, 48 h
    # median (2 + 24)/2 = 13; p90 at 2.7 -> 24 + 0.7·24 = 40.8
    assert row["n_resolution"] == 4
    assert row["resolution_hours_median"] == pytest.approx(13.0)
    assert row["resolution_hours_p90"] == pytest.approx(40.8)
    assert row["invalid"] == 0
    assert row["basis"] == "as exported"


def test_zendesk_minutes_by_agent():
    out = service.response_times(table("zendesk_tickets.csv"), by="agent", duration_basis="calendar")
    dewi, rudi = out.iter_rows(named=True)
    # Dewi: 0.5, 10, 0.25 h -> median 0.5, p90 at 1.8 -> 0.5 + 0.8·9.5 = 8.1; resolution 2, 24 -> 13, 2 + 0.9·22
    assert (dewi["agent"], dewi["n_first_response"], dewi["n_resolution"]) == ("Dewi", 3, 2)
    assert (dewi["first_response_hours_median"], dewi["first_response_hours_p90"]) == pytest.approx((0.5, 8.1))
    assert (dewi["resolution_hours_median"], dewi["resolution_hours_p90"]) == pytest.approx((13.0, 21.8))
    # Rudi: 1/12, 1.5 h -> median 19/24, p90 1/12 + 0.9·(1.5 − 1/12); resolution 0.75, 48
    assert rudi["first_response_hours_median"] == pytest.approx(19 / 24)
    assert rudi["first_response_hours_p90"] == pytest.approx(1 / 12 + 0.9 * (1.5 - 1 / 12))
    assert (rudi["resolution_hours_median"], rudi["resolution_hours_p90"]) == pytest.approx((24.375, 43.275))
    assert out["basis"].to_list() == ["calendar", "calendar"]


def test_freshdesk_hours_by_hand():
    row = service.response_times(table("freshdesk_tickets.csv"), duration_basis="business").row(0, named=True)
    # first response 0.25, 1.5, 0.5, 3 h -> sorted 0.25, 0.5, 1.5, 3: median 1.0, p90 at 2.7 -> 1.5 + 0.7·1.5
    assert row["n_first_response"] == 4
    assert row["first_response_hours_median"] == pytest.approx(1.0)
    assert row["first_response_hours_p90"] == pytest.approx(2.55)
    # resolution 2.5, 26, 4 h -> median 4, p90 at 1.8 -> 4 + 0.8·22 = 21.6
    assert (row["n_resolution"], row["resolution_hours_median"], row["resolution_hours_p90"]) == (
        3, pytest.approx(4.0), pytest.approx(21.6))
    assert row["basis"] == "business"


def test_ticket_csat_from_good_bad():
    out = service.csat_by(table("zendesk_tickets.csv"), by="agent")
    # Dewi: Good (5), Bad (1), blank -> 1 of 2 satisfied; Rudi: Offered, Unoffered -> no ratings
    assert out.select("agent", "n", "satisfied", "csat").rows() == [("Dewi", 2, 1, 0.5)]


TICKETS = pl.DataFrame({
    "ticket_id": ["a", "b", "c"],
    "customer_id": ["c1", "c2", "c3"],
    "created_at": [D(2024, 1, 1, 9), D(2024, 1, 2, 9), D(2024, 1, 3, 9)],
    "first_reply_at": [D(2024, 1, 1, 10), D(2024, 1, 2, 11), None],
    "solved_at": [D(2024, 1, 1, 12), D(2024, 1, 3, 9), None],
    "first_response_minutes": [600.0, 600.0, 600.0],
    "resolution_minutes": [6000.0, 6000.0, 6000.0],
})


def test_timestamps_win_when_present():
    row = service.response_times(TICKETS).row(0, named=True)
    # replies after 1 h and 2 h (c unanswered); the exported 600 minutes are not used
    assert (row["n_first_response"], row["first_response_hours_median"]) == (2, 1.5)
    assert (row["n_resolution"], row["resolution_hours_median"]) == (2, 13.5)  # 3 h and 24 h
    assert row["basis"] == "calendar"


def test_all_null_or_missing_timestamps_fall_back_to_minutes():
    # report.py adds absent timestamp columns as nulls: that is "absent" too.
    nulls = TICKETS.with_columns(pl.lit(None, pl.Datetime("us")).alias("first_reply_at"),
                                 pl.lit(None, pl.Datetime("us")).alias("solved_at"))
    for tickets in (nulls, TICKETS.drop("first_reply_at", "solved_at")):
        row = service.response_times(tickets).row(0, named=True)
        assert (row["n_first_response"], row["first_response_hours_median"]) == (3, 10.0)
        assert (row["n_resolution"], row["resolution_hours_median"]) == (3, 100.0)
        assert row["basis"] == "as exported"


def test_each_measure_falls_back_on_its_own():
    row = service.response_times(TICKETS.drop("first_reply_at"), duration_basis="business").row(0, named=True)
    assert row["first_response_hours_median"] == 10.0  # from minutes
    assert row["resolution_hours_median"] == 13.5  # from timestamps
    assert row["basis"] == "first response: business; resolution: calendar"


def test_negative_durations_are_invalid():
    tickets = pl.DataFrame({"created_at": [D(2024, 1, 1), D(2024, 1, 2)], "first_response_minutes": [30.0, -10.0],
                            "resolution_minutes": [60.0, None]})
    row = service.response_times(tickets).row(0, named=True)
    assert (row["n_first_response"], row["first_response_hours_median"], row["invalid"]) == (1, 0.5, 1)


def test_without_timestamps_or_durations_the_timestamp_is_named():
    with pytest.raises(MappingProblem) as err:
        service.response_times(TICKETS.select("created_at", "solved_at"))
    assert "first_reply_at" in err.value.message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.one_of(st.none(), st.integers(-600, 5000)),
                          st.one_of(st.none(), st.integers(-600, 50000))), min_size=1, max_size=30))
def test_minutes_give_the_same_times_as_timestamps(rows):
    start = D(2024, 1, 1)
    created = [start + dt.timedelta(days=d) for d, _, _ in rows]

    def stamp(c, m):
        return None if m is None else c + dt.timedelta(minutes=m)

    base = pl.DataFrame({"created_at": created})
    stamps = base.with_columns(
        first_reply_at=pl.Series([stamp(c, f) for c, (_, f, _) in zip(created, rows)], dtype=pl.Datetime("us")),
        solved_at=pl.Series([stamp(c, r) for c, (_, _, r) in zip(created, rows)], dtype=pl.Datetime("us")),
    )
    minutes = base.with_columns(
        first_response_minutes=pl.Series([f for _, f, _ in rows], dtype=pl.Float64),
        resolution_minutes=pl.Series([r for _, _, r in rows], dtype=pl.Float64),
    )
    a = service.response_times(stamps, period="month").drop("basis")
    b = service.response_times(minutes, period="month").drop("basis")
    assert a.columns == b.columns and a["period"].to_list() == b["period"].to_list()
    for col in TIME_COLUMNS:
        assert a[col].to_list() == pytest.approx(b[col].to_list(), nan_ok=True), col


RESPONSES = pl.DataFrame({
    "customer_id": ["9001", "9002", "9004", "9003", "9999"],
    "response_date": [D(2024, 5, 10), D(2024, 5, 7, 12), D(2024, 5, 8, 17), D(2024, 5, 7, 11), D(2024, 5, 8)],
    "nps_score": [10.0, 3.0, 6.0, 9.0, 8.0],
})


def test_service_vs_nps_from_minutes_by_hand():
    tickets = table("zendesk_tickets.csv")
    out = service.service_vs_nps(tickets, RESPONSES)
    rows = {r["bucket"]: r for r in out.iter_rows(named=True)}
    # 9001: tickets 101 (30 min) and 105 (15 min) -> longest 0.5 h -> <1h
    # 9002: 102 created May 6 22:00, replied after 600 min (May 7 08:00) -> 10 h -> 4–24h
    # 9004: 104 created 16:30, reply due 18:00 after the 17:00 response -> 0.5 h so far -> <1h
    # 9003: 103 replied after 5 min -> <1h; 9999 has no ticket
    assert {k: r["n"] for k, r in rows.items()} == {"no ticket": 1, "<1h": 3, "4–24h": 1}
    assert rows["<1h"]["nps"] == pytest.approx(100 / 3)  # 10, 6, 9: two promoters, one detractor
    assert rows["4–24h"]["nps"] == -100.0
    # the same as from timestamps created + minutes
    stamped = tickets.with_columns(
        first_reply_at=pl.col("created_at") + pl.duration(minutes=pl.col("first_response_minutes").cast(pl.Int64))
    )
    assert service.service_vs_nps(stamped, RESPONSES).equals(out)


def test_backlog_from_resolution_durations_when_there_are_no_solve_times():
    # Created 30 Jan 22:00 + 180 min -> solved 31 Jan 01:00 (January); created 31 Jan 23:00
    # + 120 min -> solved 1 Feb 01:00 (February); created 3 Feb, no resolution -> still open.
    import datetime as dt

    import polars as pl

    from cxreport.metrics.service import backlog

    tickets = pl.DataFrame({
        "created_at": [dt.datetime(2024, 1, 30, 22), dt.datetime(2024, 1, 31, 23), dt.datetime(2024, 2, 3)],
        "resolution_minutes": [180.0, 120.0, None],
    })
    out = backlog(tickets, period="month")
    assert out.rows() == [(dt.date(2024, 1, 1), 2, 1, 1), (dt.date(2024, 2, 1), 1, 1, 1)]
