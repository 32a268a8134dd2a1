"""Service metrics on six tickets whose times, backlog and buckets are worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from cxreport.errors import MappingProblem
from cxreport.metrics import service

D = dt.datetime

# ticket: created,            first reply (wait),          solved (resolution)
# t1  Jan 1 09:00     09:30 (0.5 h)                Jan 2 09:00 (24 h)
# t2  Jan 10 08:00    10:00 (2 h)                  Jan 10 20:00 (12 h)
# t3  Jan 20 00:00    Jan 21 00:00 (24 h)          Feb 5 00:00 (384 h)
# t4  Feb 1 00:00     never                        open
# t5  Feb 10 12:00    Feb 10 06:00 (−6 h: invalid) Feb 11 12:00 (24 h)
# t6  Mar 3 00:00     05:00 (5 h)                  open
TICKETS = pl.DataFrame(
    {
        "ticket_id": ["t1", "t2", "t3", "t4", "t5", "t6"],
        "customer_id": ["c1", "c2", "c3", "c4", "c5", "c1"],
        "created_at": [D(2024, 1, 1, 9), D(2024, 1, 10, 8), D(2024, 1, 20), D(2024, 2, 1), D(2024, 2, 10, 12), D(2024, 3, 3)],
        "first_reply_at": [D(2024, 1, 1, 9, 30), D(2024, 1, 10, 10), D(2024, 1, 21), None, D(2024, 2, 10, 6), D(2024, 3, 3, 5)],
        "solved_at": [D(2024, 1, 2, 9), D(2024, 1, 10, 20), D(2024, 2, 5), None, D(2024, 2, 11, 12), None],
        "agent": ["A", "A", "B", "B", "A", "B"],
        "channel": ["chat", "email", "email", "chat", "chat", "email"],
        "handle_minutes": [10.0, 20.0, 30.0, None, -5.0, 40.0],
        "reopens": [0, 1, 0, None, 2, 0],
        "csat_score": [5.0, 4.0, 2.0, None, 1.0, 5.0],
    }
)


def test_ticket_volume_per_month():
    out = service.ticket_volume(TICKETS)
    assert out.rows() == [(dt.date(2024, 1, 1), 3, 3), (dt.date(2024, 2, 1), 2, 2), (dt.date(2024, 3, 1), 1, 1)]


def test_ticket_volume_by_channel_per_quarter():
    out = service.ticket_volume(TICKETS, period="quarter", by="channel")
    assert out.select("channel", "period", "tickets").rows() == [
        ("chat", dt.date(2024, 1, 1), 3),
        ("email", dt.date(2024, 1, 1), 3),
    ]


def test_response_times_overall_by_hand():
    out = service.response_times(TICKETS).row(0, named=True)
    # first response: 0.5, 2, 24, 5 (t5 negative, t4 unanswered) -> sorted 0.5, 2, 5, 24
    # median (2 + 5)/2 = 3.5; p90 at position 0.9·3 = 2.7 -> 5 + 0.7·(24 − 5) = 18.3
    assert out["n_first_response"] == 4
    assert out["first_response_hours_median"] == pytest.approx(3.5)
    assert out["first_response_hours_p90"] == pytest.approx(18.3)
    # resolution: 24, 12, 384, 24 -> sorted 12, 24, 24, 384; median 24; p90 24 + 0.7·360 = 276
    assert out["n_resolution"] == 4
    assert out["resolution_hours_median"] == pytest.approx(24.0)
    assert out["resolution_hours_p90"] == pytest.approx(276.0)
    assert out["invalid"] == 1
    times = np.array([0.5, 2, 5, 24])
    assert out["first_response_hours_p90"] == pytest.approx(np.percentile(times, 90))  # numpy's linear rule


def test_response_times_per_month():
    out = service.response_times(TICKETS, period="month")
    jan, feb, mar = out.iter_rows(named=True)
    # Jan first replies 0.5, 2, 24: median 2, p90 at 1.8 -> 2 + 0.8·22 = 19.6
    assert (jan["n_first_response"], jan["first_response_hours_median"]) == (3, 2.0)
    assert jan["first_response_hours_p90"] == pytest.approx(19.6)
    assert jan["resolution_hours_p90"] == pytest.approx(24 + 0.8 * 360)  # 12, 24, 384 -> 312
    assert (feb["n_first_response"], feb["first_response_hours_median"], feb["invalid"]) == (0, None, 1)
    assert (feb["n_resolution"], feb["resolution_hours_median"]) == (1, 24.0)
    assert (mar["first_response_hours_median"], mar["n_resolution"]) == (5.0, 0)


def test_handling_time_by_agent():
    out = service.handling_time(TICKETS, by="agent")
    # A: 10, 20 (−5 is not a handled contact) -> 15; B: 30, 40 (t4 has no time) -> 35
    assert out.rows() == [("A", 2, 15.0, 15.0), ("B", 2, 35.0, 35.0)]


def test_backlog_by_hand():
    out = service.backlog(TICKETS)
    # opened Jan 3, Feb 2, Mar 1; solved Jan (t1, t2) 2, Feb (t3, t5) 2, Mar 0
    # open at end: Jan 3 − 2 = 1 (t3); Feb 5 − 4 = 1 (t4); Mar 6 − 4 = 2 (t4, t6)
    assert out.rows() == [
        (dt.date(2024, 1, 1), 3, 2, 1),
        (dt.date(2024, 2, 1), 2, 2, 1),
        (dt.date(2024, 3, 1), 1, 0, 2),
    ]


def test_backlog_lists_quiet_periods_and_solves_later():
    df = pl.DataFrame({"created_at": [D(2024, 1, 5)], "solved_at": [D(2024, 4, 2)]})
    out = service.backlog(df)
    assert out.rows() == [
        (dt.date(2024, 1, 1), 1, 0, 1),
        (dt.date(2024, 2, 1), 0, 0, 1),
        (dt.date(2024, 3, 1), 0, 0, 1),
        (dt.date(2024, 4, 1), 0, 1, 0),
    ]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.one_of(st.none(), st.integers(-10, 200))), min_size=1, max_size=40))
def test_backlog_matches_its_definition(spans: list[tuple[int, int | None]]):
    start = D(2024, 1, 1)
    created = [start + dt.timedelta(days=c) for c, _ in spans]
    solved = [None if s is None else start + dt.timedelta(days=c + s) for c, s in spans]
    out = service.backlog(pl.DataFrame({"created_at": created, "solved_at": solved}))
    for period, _, _, open_at_end in out.rows():
        end = D(period.year + period.month // 12, period.month % 12 + 1, 1)
        # created before the period end and not solved by then (a solve before creation counts at creation)
        expected = sum(
            c < end and (s is None or max(s, c) >= end) for c, s in zip(created, solved)
        )
        assert open_at_end == expected


def test_reopen_rate_with_wilson():
    out = service.reopen_rate(TICKETS).row(0, named=True)
    # known reopens: 0, 1, 0, 2, 0 -> 2 of 5 reopened, 3 reopens in all
    assert (out["n"], out["reopened"], out["reopens_total"]) == (5, 2, 3)
    assert out["reopen_rate"] == pytest.approx(0.4)
    ref = sps.binomtest(2, 5).proportion_ci(method="wilson")
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((ref.low, ref.high))


def test_csat_by_agent_lowest_first():
    out = service.csat_by(TICKETS, by="agent")
    # A: 5, 4, 1 -> 2/3; B: 2, 5 -> 1/2
    assert out.select("agent", "n", "satisfied").rows() == [("B", 2, 1), ("A", 3, 2)]
    assert out.get_column("csat").to_list() == pytest.approx([0.5, 2 / 3])
    assert out.get_column("small_sample").to_list() == [True, True]


def test_missing_columns_are_named():
    with pytest.raises(MappingProblem) as err:
        service.handling_time(TICKETS.drop("handle_minutes"))
    assert "handle_minutes" in err.value.message


# responses: customer, date, NPS -> the tickets in the 30 days up to the response and the longest wait
RESPONSES = pl.DataFrame(
    {
        "customer_id": ["c1", "c2", "c3", "c4", "c1", "c9", "c2", "c5"],
        "response_date": [
            D(2024, 1, 5),  # t1 waited 0.5 h -> <1h
            D(2024, 1, 11),  # t2 waited 2 h -> 1–4h
            D(2024, 1, 25),  # t3 waited exactly 24 h -> >24h (lower edges inclusive)
            D(2024, 2, 3),  # t4 never answered: 48 h so far -> >24h
            D(2024, 3, 4),  # t6 5 h -> 4–24h (t1 is more than 30 days before)
            D(2024, 1, 15),  # no tickets -> no ticket
            D(2024, 1, 9),  # t2 was created after the response -> no ticket
            D(2024, 2, 12),  # t5's reply is before its creation: ignored -> no ticket
        ],
        "nps_score": [10.0, 9.0, 3.0, 0.0, 6.0, 8.0, 7.0, 2.0],
    }
)


def test_service_vs_nps_by_hand():
    out = service.service_vs_nps(TICKETS, RESPONSES)
    assert out.get_column("bucket").cast(pl.String).to_list() == ["no ticket", "<1h", "1–4h", "4–24h", ">24h"]
    rows = {r["bucket"]: r for r in out.iter_rows(named=True)}
    # no ticket: 8, 7, 2 -> 0 promoters, 1 detractor of 3 -> NPS −33.3
    assert (rows["no ticket"]["n"], rows["no ticket"]["nps"]) == (3, pytest.approx(-100 / 3))
    assert rows["<1h"]["nps"] == 100.0 and rows["1–4h"]["nps"] == 100.0
    assert rows["4–24h"]["nps"] == -100.0
    # >24h: 3 and 0 -> both detractors
    assert (rows[">24h"]["n"], rows[">24h"]["detractors"], rows[">24h"]["detractor_share"]) == (2, 2, 1.0)


def test_service_vs_nps_window_is_configurable():
    out = service.service_vs_nps(TICKETS, RESPONSES, window_days=1)
    # one day: only t2 (16 h before its response) and t6 (exactly 24 h before) stay linked;
    # t1 (4 days), t3 (5 days), t4 (2 days) drop out -> 3 more "no ticket" (6 in all)
    rows = {r["bucket"]: r["n"] for r in out.iter_rows(named=True)}
    assert rows == {"no ticket": 6, "1–4h": 1, "4–24h": 1}


def test_first_response_bucket_edges():
    hours = pl.DataFrame({"h": [0.0, 0.99, 1.0, 3.99, 4.0, 23.99, 24.0, None]})
    out = hours.select(service.first_response_bucket(pl.col("h"))).to_series().to_list()
    assert out == ["<1h", "<1h", "1–4h", "1–4h", "4–24h", "4–24h", ">24h", None]
