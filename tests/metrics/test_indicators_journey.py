"""The CX-indicator scorecard and the journey's friction score, on tables small enough to check by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from cxreport.errors import MappingProblem
from cxreport.metrics import indicators, journey

DAY = dt.datetime(2025, 3, 1, 9)
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


# --- product quality ------------------------------------------------------------------------


def test_product_quality_counts_returned_orders_and_product_tickets_per_order():
    # 5 orders that count (the test and the cancelled one do not): order 1 refunded by a
    # negative row, 2 returned (Pengembalian), 3 partly refunded; 4 and 5 kept.
    orders = pl.DataFrame({
        "order_id": ["1", "1", "2", "3", "4", "5", "6", "7"],
        "amount": [100.0, -100.0, 50.0, 80.0, 20.0, 30.0, 10.0, 10.0],
        "status": ["paid", "refunded", "Pengembalian", "partially refunded", "paid", "paid", "test", "Dibatalkan"],
    })
    tickets = pl.DataFrame({"topic": ["Barang rusak", "wrong_item", "where is my order", "how to fix a broken grinder", None]})
    card = indicators.product_quality(orders, tickets)
    assert (card.n, card.details["returned_orders"], card.details["product_tickets"]) == (5, 3, 2)
    assert card.value == pytest.approx((3 + 2) / 5)
    assert card.details["return_rate"] == pytest.approx(3 / 5)
    assert card.source == "orders, tickets" and card.unit == "rate"


def test_product_quality_without_topics_is_the_return_rate_and_without_orders_says_what_is_missing():
    orders = pl.DataFrame({"order_id": ["1", "2", "3", "4"], "amount": [1.0, 1.0, 1.0, 1.0],
                           "status": ["paid", "refunded", "paid", "paid"]})
    assert indicators.product_quality(orders).as_dict()["value"] == 0.25
    assert indicators.product_quality(orders).source == "orders"
    missing = indicators.product_quality(None, pl.DataFrame({"topic": ["rusak"]})).as_dict()
    assert list(missing) == ["missing", "missing_code"] and "orders export" in missing["missing"]


# --- speed of service ----------------------------------------------------------------------


def test_speed_of_service_shares_within_target_and_medians():
    hours = lambda *h: [DAY + dt.timedelta(hours=x) if x is not None else None for x in h]  # noqa: E731
    tickets = pl.DataFrame({
        "created_at": [DAY] * 5,
        "first_reply_at": hours(0.5, 0.9, 2.0, 0.25, None),
        "solved_at": hours(10, 30, 20, None, None),
    })
    card = indicators.speed_of_service(tickets).as_dict()
    # first reply: 4 replied, 3 within 1 h; resolution: 3 solved, 2 within 24 h; both: 3 with both, 1 within both.
    assert card["n_first_response"] == 4 and card["first_response_within_target"] == pytest.approx(3 / 4)
    assert card["n_resolution"] == 3 and card["resolution_within_target"] == pytest.approx(2 / 3)
    assert card["n"] == 3 and card["value"] == pytest.approx(1 / 3)
    assert card["first_response_hours_median"] == pytest.approx((0.5 + 0.9) / 2)
    assert card["resolution_hours_median"] == 20
    stricter = indicators.speed_of_service(tickets, first_response_target_hours=0.6, resolution_target_hours=48)
    assert stricter.value == pytest.approx(1 / 3)  # ticket 1 only (ticket 2 replies after 0.9 h)
    assert indicators.speed_of_service(pl.DataFrame({"created_at": [DAY]})).missing is not None


def test_speed_of_service_reads_exported_durations():
    tickets = pl.DataFrame({"created_at": [DAY] * 2, "first_response_minutes": [30.0, 90.0],
                            "resolution_minutes": [600.0, 60.0]})
    assert indicators.speed_of_service(tickets).value == pytest.approx(0.5)


# --- information availability --------------------------------------------------------------


@pytest.mark.parametrize(("topic", "kind"), [
    ("where_is_my_order", "information"), ("Di mana pesanan saya?", "information"), ("status pesanan", "information"),
    ("lacak pesanan", "information"), ("How to change my address", "information"), ("cara bayar", "information"),
    ("kemasan rusak", "product"), ("Damaged package", "product"), ("salah kirim", "product"),
    ("billing", "other"), ("secara umum", "other"),
])
def test_topics_are_recognised_in_english_and_indonesian(topic, kind):
    frame = pl.DataFrame({"topic": [topic]})
    assert frame.select(indicators.topic_kind("topic")).item() == kind


def test_information_availability_share_and_ces_with_and_without_a_question_ticket():
    tickets = pl.DataFrame({
        "customer_id": ["a", "b", "c", "d"],
        "created_at": [DAY, DAY, DAY - dt.timedelta(days=40), DAY],
        "topic": ["where is my order", "how_to brew", "cara retur", "payment failed"],
    })
    responses = pl.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e"],
        "response_date": [DAY + dt.timedelta(days=2)] * 5,
        "ces_score": [3.0, 4.0, 6.0, 6.0, 7.0],
    })
    card = indicators.information_availability(tickets, responses).as_dict()
    assert card["value"] == pytest.approx(3 / 4) and card["n"] == 4
    # a and b asked within 30 days; c's question was 42 days before, so c counts as without.
    assert card["ces_with_information_ticket"] == pytest.approx(3.5)
    assert card["ces_without_information_ticket"] == pytest.approx((6 + 6 + 7) / 3)
    assert card["ces"] == pytest.approx(26 / 5) and card["source"] == "tickets, surveys"


def test_information_availability_falls_back_to_ces_and_says_what_is_missing():
    card = indicators.information_availability(None, pl.DataFrame({"ces_score": [5.0, 7.0, 9.0]}))
    assert (card.value, card.unit, card.n, card.source) == (6.0, "score", 2, "surveys")
    assert indicators.information_availability(pl.DataFrame({"created_at": [DAY]})).missing is not None


# --- staff interaction ---------------------------------------------------------------------


def test_staff_interaction_csat_and_agent_spread():
    # A: 4 of 4 satisfied, B: 2 of 4, C: 1 of 4, D: 1 rating only (below min_agent_n = 4).
    tickets = pl.DataFrame({
        "agent": ["A"] * 4 + ["B"] * 4 + ["C"] * 4 + ["D", None],
        "csat_score": [5, 5, 4, 4, 5, 4, 2, 1, 5, 1, 2, 3, 5, 1],
    })
    card = indicators.staff_interaction(tickets, min_agent_n=4).as_dict()
    assert card["n"] == 13 and card["value"] == pytest.approx(8 / 13)  # the unassigned ticket is left out
    assert card["agents"] == 3
    assert (card["agent_csat_min"], card["agent_csat_max"]) == (0.25, 1.0)
    assert card["agent_csat_iqr"] == pytest.approx(0.75 - 0.375)  # p75 of (.25, .5, 1) = .75, p25 = .375
    assert indicators.staff_interaction(pl.DataFrame({"csat_score": [5]})).missing is not None


def test_every_indicator_is_listed_even_when_nothing_supports_it():
    cards = indicators.cx_indicators()
    assert list(cards) == list(indicators.INDICATORS)
    assert all(set(c.as_dict()) == {"missing", "missing_code"} for c in cards.values())
    assert indicators.scorecard_table(cards).height == 4


# --- journey --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "stage"), [
    ("Search", "discover"), ("Cari produk", "discover"), ("Browse", "discover"),
    ("Cart", "buy"), ("Checkout", "buy"), ("Pembayaran", "buy"), ("Bayar", "buy"),
    ("Delivery", "receive_use"), ("Pengiriman", "receive_use"), ("Unboxing", "receive_use"), ("App usage", "receive_use"),
    ("Support", "get_help"), ("Live chat", "get_help"), ("Call centre", "get_help"), ("Bantuan", "get_help"),
    ("Review", "return_recommend"), ("Returns", "return_recommend"), ("Refund", "return_recommend"),
    ("Ulasan", "return_recommend"), ("Pengembalian barang", "return_recommend"), ("Gudang", None),
])
def test_stages_are_recognised_from_english_and_indonesian_names(name, stage):
    assert journey.recognise_stage(name) == stage
    assert pl.DataFrame({"t": [name]}).select(journey.stage_of("t")).item() == stage


def _journey_tables():
    # Three touchpoints. CSAT: A 1.0, B 0.5, C 0.75 (median 0.75). Tickets: A 1, B 6, C 2
    # (median 2). Task success: A 1.0, B 0.5, C 0.75.
    surveys = pl.DataFrame({
        "touchpoint": ["Search"] * 4 + ["Checkout"] * 4 + ["Delivery"] * 4,
        "customer_id": ["a", "b", "c", "d", "a", "e", "f", "g", "h", "i", "j", "k"],
        "csat_score": [5, 5, 4, 4, 5, 4, 2, 1, 5, 5, 4, 2],
    })
    tickets = pl.DataFrame({"touchpoint": ["Search"] + ["Checkout"] * 6 + ["Delivery"] * 2,
                            "customer_id": ["a", "e", "e", "f", "x", "y", "z", "h", "w"]})
    ux = pl.DataFrame({"touchpoint": ["Search"] * 4 + ["Checkout"] * 4 + ["Delivery"] * 4,
                       "success": [True] * 4 + [True, True, False, False] + [True, True, True, False]})
    orders = pl.DataFrame({"customer_id": list("abcdefghij"), "order_id": [str(i) for i in range(10)],
                           "order_date": [DAY] * 10, "amount": [10.0] * 10})
    return surveys, tickets, ux, orders


def test_friction_score_is_the_mean_relative_distance_from_the_median_in_the_bad_direction():
    surveys, tickets, ux, orders = _journey_tables()
    out = journey.journey(surveys=surveys, tickets=tickets, ux=ux, orders=orders)
    assert out.get_column("touchpoint").to_list() == ["Search", "Checkout", "Delivery"]  # journey order
    checkout = out.row(1, named=True)
    assert checkout["stage"] == "buy"
    assert checkout["tickets_per_1000_orders"] == pytest.approx(6 / 10 * 1000)
    # CSAT (.75 − .5)/.75 = 1/3; tickets (6 − 2)/2 = 2; task success (.75 − .5)/.75 = 1/3.
    assert checkout["csat_friction"] == pytest.approx(1 / 3)
    assert checkout["tickets_per_1000_orders_friction"] == pytest.approx(2.0)
    assert checkout["task_success_friction"] == pytest.approx(1 / 3)
    assert checkout["signals"] == 3
    assert checkout["friction_score"] == pytest.approx((1 / 3 + 2 + 1 / 3) / 3)
    assert checkout["reasons"] == ["tickets 3.0× the median", "CSAT 50% against 75%", "task success 50% against 75%"]
    # Search is better than the median on every signal; Delivery is the median.
    assert out.get_column("friction_score").to_list()[0] == 0.0 and out.row(2, named=True)["friction_score"] == 0.0
    # customers: Checkout's surveys a e f g, tickets e f x y z -> 7 distinct.
    assert checkout["customers"] == 7


def test_nps_is_shifted_before_its_relative_distance_and_reasons_speak_indonesian():
    surveys = pl.DataFrame({"touchpoint": ["Browse"] * 2 + ["Checkout"] * 2 + ["Delivery"] * 2,
                            "nps_score": [10, 10, 0, 10, 10, 0]})  # NPS 100, 0, 0 -> shifted 200, 100, 100
    out = journey.journey(surveys=surveys, lang="id")
    assert out.get_column("nps_friction").to_list() == [0.0, 0.0, 0.0]
    surveys = surveys.with_columns(pl.Series("nps_score", [10, 10, 0, 0, 10, 0]))  # 100, −100, 0: 200, 0, 100
    out = journey.journey(surveys=surveys, lang="id")
    assert out.row(1, named=True)["nps_friction"] == pytest.approx(1.0)
    assert out.row(1, named=True)["reasons"] == ["NPS −100 dibanding 0"]


def test_stages_can_be_set_by_hand_and_a_wrong_stage_is_refused():
    surveys, *_ = _journey_tables()
    out = journey.journey(surveys=surveys, stages={"Delivery": "get_help"})
    row = out.filter(pl.col("touchpoint") == "Delivery").row(0, named=True)
    assert (row["stage"], row["stage_set"]) == ("get_help", True)
    with pytest.raises(MappingProblem) as err:
        journey.journey(surveys=surveys, stages={"Delivery": "shipping"})
    assert err.value.code == "unknown_stage"
    with pytest.raises(MappingProblem):
        journey.journey(surveys=pl.DataFrame({"csat_score": [5]}))


def test_friction_points_rank_the_worst_first():
    surveys, tickets, ux, orders = _journey_tables()
    ranked = journey.friction_points(journey.journey(surveys=surveys, tickets=tickets, ux=ux, orders=orders))
    assert ranked.select("rank", "touchpoint").rows() == [(1, "Checkout")]


def test_on_the_sample_delivery_is_the_friction_point_after_checkout_as_story_md_measures():
    import cxreport

    ws = cxreport.load(str(SAMPLE / "*.csv"), str(SAMPLE / "*.xlsx"))
    out = journey.journey(surveys=ws.surveys, tickets=ws.tickets, ux=ws.ux, orders=ws.orders)
    ranked = journey.friction_points(out)
    assert ranked.get_column("touchpoint").to_list()[:2] == ["Checkout", "Delivery"]
    story = (SAMPLE / "STORY.md").read_text(encoding="utf-8")
    top = ranked.row(0, named=True)["friction_score"], ranked.row(1, named=True)["friction_score"]
    assert f"Checkout has the most friction ({top[0]:.3f}), then Delivery ({top[1]:.3f})" in story
    cards = indicators.cx_indicators(orders=ws.orders, tickets=ws.tickets, surveys=ws.surveys)
    info = cards["information_availability"].details
    assert info["ces_with_information_ticket"] < info["ces_without_information_ticket"] - 0.3
