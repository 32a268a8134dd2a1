"""The bundled Kopi Kita sample: reproducible, in the promised formats, and telling its story.

Reads the files with plain polars only (no other cxreport module), so these tests hold
while the library is being written. The story figures come from `measure_story` in
sample_data/generate.py; its helpers are first checked here on tables small enough to
compute by hand, then the thresholds of STORY.md are asserted on the real files.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


def _load_generator():
    spec = importlib.util.spec_from_file_location("kopi_kita_generate", SAMPLE_DIR / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def story() -> dict:
    return gen.measure_story(SAMPLE_DIR)


def _csv(name: str, **kwargs) -> pl.DataFrame:
    return pl.read_csv(SAMPLE_DIR / name, infer_schema=False, **kwargs)


def _header_rows(name: str, n: int, delimiter: str = ",") -> list[list[str]]:
    with open(SAMPLE_DIR / name, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        return [next(reader) for _ in range(n)]


# --- reproducible ----------------------------------------------------------------------


def test_generator_reproduces_the_committed_files_byte_for_byte(tmp_path):
    gen.generate(tmp_path)
    assert gen.file_digests(tmp_path) == gen.file_digests(SAMPLE_DIR), (
        "sample_data is out of date: run `python sample_data/generate.py` and commit the result"
    )


def test_sample_stays_small():
    total = sum(p.stat().st_size for p in SAMPLE_DIR.iterdir() if p.is_file())
    assert total < 10 * 1024 * 1024


# --- the promised formats ------------------------------------------------------------


def test_headers_are_exactly_the_documented_ones():
    assert _header_rows("orders.csv", 1)[0] == [
        "Order ID", "Customer ID", "Order Date", "Product", "Quantity", "Line Total",
        "Status", "Sales Channel", "Segment", "Region",
    ]
    assert _header_rows("pesanan_marketplace.csv", 1, ";")[0] == [
        "No. Pesanan", "Status Pesanan", "Waktu Pesanan Dibuat", "Username (Pembeli)", "Nama Produk",
        "Jumlah", "Total Pembayaran", "Kota/Kabupaten", "Provinsi",
    ]
    assert _header_rows("subscriptions.csv", 1)[0] == [
        "subscription_id", "customer_id", "plan", "mrr", "started_at", "cancelled_at", "status",
        "segment", "acquisition_channel", "region",
    ]
    assert _header_rows("tickets.csv", 1)[0] == [
        "Ticket ID", "Requester ID", "Created at", "First reply at", "Solved at", "Status", "Assignee",
        "Channel", "Handle time (min)", "Reopens", "Satisfaction", "Journey stage", "Topic",
    ]
    ux = pl.read_excel(SAMPLE_DIR / "ux_usability_tests.xlsx", sheet_name="Results")
    assert ux.columns == [
        "Participant", "Customer ID", "Session date", "Task", "Journey stage", "Completed",
        "Time on task (s)", "Errors", *[f"SUS Q{i}" for i in range(1, 11)], "Segment",
    ]


def test_survey_has_qualtrics_three_header_rows():
    ids, texts, imports = _header_rows("survey_responses.csv", 3)
    assert ids == ["ResponseId", "RecordedDate", "CustomerID", "Q_NPS", "Q_CSAT", "Q_CES", "Q_Comment",
                   "Touchpoint", "Segment", "Channel",
                   # the SERVQUAL block, appended: perception items, expectations, importance points
                   *[f"Q5_{i}" for i in range(1, 11)], *[f"Q6_{i}" for i in range(1, 6)], *[f"Q7_{i}" for i in range(1, 6)]]
    assert texts[10].startswith("Kenyataan – Bukti fisik") and texts[20].startswith("Harapan – Bukti fisik")
    assert texts[25] == "Bobot – Bukti fisik (poin dari 100)"
    assert texts[3] == "How likely are you to recommend Kopi Kita to a friend or colleague? (0-10)"
    assert texts[4] == "Overall, how satisfied were you with your experience? (1-5)"
    assert texts[5] == "Kopi Kita made it easy for me to handle my issue. (1-7)"
    assert texts[6] == "What is the main reason for your score?"
    assert all("ImportId" in json.loads(cell) for cell in imports)


def _all_match(series: pl.Series, pattern: str) -> bool:
    return bool(series.drop_nulls().str.contains(pattern).all())


def test_orders_values_follow_the_webshop_export_format():
    orders = _csv("orders.csv")
    assert _all_match(orders["Order Date"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0700$")
    assert _all_match(orders["Line Total"], r"^-?\d+\.\d\d$")
    assert set(orders["Status"]) == {"paid", "refunded", "cancelled", "test"}
    assert set(orders["Sales Channel"]) == {"Organic Search", "Social Ads", "Referral", "Email"}
    assert set(orders["Segment"]) == {"Consumer", "Office"}
    assert set(orders["Region"]) == {"Jakarta", "Jawa Barat", "Jawa Timur", "Bali", "Sumatera Utara"}
    # Several line items per order on average.
    assert orders.height / orders["Order ID"].n_unique() > 1.5


def test_marketplace_values_follow_the_indonesian_export_format():
    market = _csv("pesanan_marketplace.csv", separator=";")
    assert _all_match(market["Waktu Pesanan Dibuat"], r"^\d\d/\d\d/\d{4} \d\d:\d\d$")
    assert _all_match(market["Total Pembayaran"], r"^Rp \d{1,3}(\.\d{3})+$")
    assert set(market["Status Pesanan"]) == {"Selesai", "Dibatalkan", "Pengembalian"}
    # Day first: some days exceed 12, which would be impossible as months.
    assert (market["Waktu Pesanan Dibuat"].str.slice(0, 2).cast(pl.Int64) > 12).any()


def test_subscriptions_format_and_plan_prices():
    subs = _csv("subscriptions.csv")
    assert _all_match(subs["started_at"], r"^\d{4}-\d\d-\d\d$")
    assert _all_match(subs["cancelled_at"], r"^\d{4}-\d\d-\d\d$")
    assert set(subs["plan"]) == {"Basic", "Plus", "Pro"}
    assert subs.select(pl.col("plan").n_unique() == pl.col("mrr").n_unique()).item()
    # cancelled_at is empty exactly while active.
    assert subs.filter(pl.col("cancelled_at").is_null())["status"].unique().to_list() == ["active"]
    assert subs.filter(pl.col("cancelled_at").is_not_null())["status"].unique().to_list() == ["cancelled"]


def test_a_plan_change_ends_one_row_and_starts_the_next_the_same_day():
    subs = _csv("subscriptions.csv").sort("customer_id", "started_at", "subscription_id")
    chained = subs.with_columns(
        previous_end=pl.col("cancelled_at").shift().over("customer_id"),
        previous_plan=pl.col("plan").shift().over("customer_id"),
    ).filter(pl.col("previous_plan").is_not_null())
    assert chained.height > 150  # plenty of upgrades and downgrades
    assert (chained["started_at"] == chained["previous_end"]).all()
    assert (chained["plan"] != chained["previous_plan"]).all()


def test_tickets_format_and_open_tickets_have_no_solved_time():
    tickets = _csv("tickets.csv")
    for column in ("Created at", "First reply at", "Solved at"):
        assert _all_match(tickets[column], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
    assert set(tickets["Status"]) <= {"solved", "closed", "open", "pending"}
    assert set(tickets["Channel"]) == {"email", "chat", "phone", "whatsapp"}
    unsolved = tickets["Status"].is_in(["open", "pending"])
    assert (tickets["Solved at"].is_null() == unsolved).all()
    handle = tickets["Handle time (min)"].cast(pl.Int64)
    assert handle.min() >= 5 and handle.max() <= 40
    satisfaction = tickets["Satisfaction"].cast(pl.Int64)
    assert set(satisfaction.drop_nulls()) <= {1, 2, 3, 4, 5} and satisfaction.null_count() > 0
    # Mostly 4-5.
    assert (satisfaction.drop_nulls() >= 4).mean() > 0.6
    times = tickets.select(pl.col("Created at", "First reply at", "Solved at").str.to_datetime())
    assert (times["First reply at"] >= times["Created at"]).all()
    assert (times["Solved at"] >= times["First reply at"]).all()


def test_survey_has_partial_answers_and_bilingual_comments():
    survey = gen.read_survey(SAMPLE_DIR)
    assert set(survey["Touchpoint"]) == {"Browse", "Checkout", "Delivery", "Support", "Subscription"}
    assert survey["Q_NPS"].drop_nulls().is_between(0, 10).all()
    assert survey["Q_CSAT"].drop_nulls().is_between(1, 5).all()
    assert survey["Q_CES"].drop_nulls().is_between(1, 7).all()
    for column in ("Q_NPS", "Q_CSAT", "Q_CES", "Q_Comment"):
        assert 0 < survey[column].null_count() < survey.height
    comments = set(survey["Q_Comment"].drop_nulls())
    assert {"checkout kept failing", "pembayaran gagal terus", "kopi enak, pengiriman cepat",
            "fast delivery, great beans"} <= comments


def test_ux_rows_are_participant_by_task_with_repeated_sus_answers():
    ux = pl.read_excel(SAMPLE_DIR / "ux_usability_tests.xlsx", sheet_name="Results")
    assert ux["Participant"].n_unique() == 40
    assert ux.group_by("Participant").len()["len"].is_between(4, 5).all()
    assert set(ux["Completed"]) == {"Yes", "No"}
    assert ux["Session date"].dtype == pl.Date
    sus = [f"SUS Q{i}" for i in range(1, 11)]
    assert ux.select(sus).to_numpy().min() >= 1 and ux.select(sus).to_numpy().max() <= 5
    # One SUS answer set per participant, repeated on each of their rows.
    assert ux.select("Participant", *sus).unique().height == 40


# --- realism and deliberate wrinkles --------------------------------------------------


def test_scale_matches_the_brief(story):
    rows = story["rows"]
    assert 25_000 <= rows["orders.csv"] <= 35_000
    assert 5_000 <= rows["pesanan_marketplace.csv"] <= 8_000
    assert 1_000 <= rows["subscriptions.csv"] <= 1_400
    assert 4_500 <= rows["survey_responses.csv"] <= 5_500
    assert 5_500 <= rows["tickets.csv"] <= 6_500
    assert 180 <= rows["ux_usability_tests.xlsx"] <= 200
    customers = _csv("orders.csv").filter(pl.col("Customer ID").str.contains(r"^C\d{5}$"))["Customer ID"]
    assert 3_500 <= customers.n_unique() <= 4_000


def test_orders_carry_the_usual_export_wrinkles():
    orders = _csv("orders.csv")
    refunds = orders.filter(pl.col("Status") == "refunded")
    assert refunds.height > 20 and (refunds["Line Total"].cast(pl.Float64) < 0).all()
    assert (orders.filter(pl.col("Status") != "refunded")["Line Total"].cast(pl.Float64) > 0).all()
    assert orders.filter(pl.col("Status") == "cancelled")["Order ID"].n_unique() > 100
    tests = orders.filter(pl.col("Status") == "test")
    assert tests.height > 0 and tests["Customer ID"].str.starts_with("TEST-").all()
    assert orders["Customer ID"].null_count() > 50
    assert orders.height - orders.unique().height >= 2  # exact duplicate rows
    dates = orders["Order Date"].str.slice(0, 10).str.to_date()
    assert dates.min() >= date(2025, 1, 1) and dates.max() <= date(2026, 10, 31)


def test_no_file_has_dates_after_the_export():
    last = datetime(2026, 10, 31, 23, 59, 59)
    tickets = gen.read_tickets(SAMPLE_DIR)
    assert tickets.select(pl.max_horizontal(pl.col("Created at", "First reply at", "Solved at").max())).item() <= last
    assert gen.read_survey(SAMPLE_DIR)["RecordedDate"].max() <= last
    subs = _csv("subscriptions.csv")
    assert subs.select(pl.col("started_at", "cancelled_at").str.to_date().max()).max_horizontal().item() <= last.date()
    market = _csv("pesanan_marketplace.csv", separator=";")["Waktu Pesanan Dibuat"].str.to_datetime("%d/%m/%Y %H:%M")
    assert market.max() <= last


def test_customer_ids_are_shared_across_files():
    customers = set(_csv("orders.csv")["Customer ID"].drop_nulls())
    assert set(_csv("subscriptions.csv")["customer_id"]) <= customers
    assert set(_csv("tickets.csv")["Requester ID"]) <= customers
    assert set(gen.read_survey(SAMPLE_DIR)["CustomerID"].drop_nulls()) <= customers
    ux_ids = pl.read_excel(SAMPLE_DIR / "ux_usability_tests.xlsx", sheet_name="Results")["Customer ID"]
    assert 0 < ux_ids.null_count() and set(ux_ids.drop_nulls()) <= customers


def test_seasonal_peaks_are_visible():
    days = _csv("orders.csv").filter(pl.col("Status") == "paid").select(
        day=pl.col("Order Date").str.slice(0, 10), order=pl.col("Order ID")
    ).unique().group_by("day").len()
    per_day = dict(days.iter_rows())
    typical = days.filter(pl.col("day").str.starts_with("2025-10"))["len"].median()
    assert per_day["2025-11-11"] > 2.5 * typical
    assert per_day["2025-12-12"] > 2.5 * typical
    ramadan_peak = days.filter(pl.col("day").is_between(pl.lit("2026-03-09"), pl.lit("2026-03-18")))["len"].mean()
    january = days.filter(pl.col("day").str.starts_with("2026-01"))["len"].mean()
    assert ramadan_peak > 1.5 * january


# --- the story helpers on hand-sized tables ----------------------------------------------


def test_nps_on_a_hand_computed_sample():
    # scores 10, 9, 8, 6, 0, blank: 2 promoters, 1 passive, 2 detractors of 5 answered
    # -> 100 * (2/5 - 2/5) = 0; without the two detractors: 100 * (2/3 - 0) = 66.67
    scores = pl.DataFrame({"s": [10, 9, 8, 6, 0, None]})
    assert scores.select(gen._nps(pl.col("s"))).item() == pytest.approx(0.0)
    assert scores.head(3).select(gen._nps(pl.col("s"))).item() == pytest.approx(200 / 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=40).filter(lambda xs: any(x is not None for x in xs)))
def test_nps_matches_counting_promoters_and_detractors(scores):
    answered = [x for x in scores if x is not None]
    expected = 100 * (sum(x >= 9 for x in answered) - sum(x <= 6 for x in answered)) / len(answered)
    got = pl.DataFrame({"s": scores}, schema={"s": pl.Int64}).select(gen._nps(pl.col("s"))).item()
    assert got == pytest.approx(expected)
    assert -100 <= got <= 100


def test_month3_retention_on_a_hand_computed_sample():
    # A: first 2026-01, buys again 2026-04 (month 3) -> retained.
    # B: first 2026-01, buys 2026-03 and 2026-05 (months 2, 4) -> not retained.
    # C: first 2026-02, only a cancelled order in 2026-05 -> not retained.
    # D: first 2026-08: month 3 (2026-11) is after the data -> not counted.
    # Email: A, B -> 1/2; Social Ads: C -> 0/1.
    rows = [
        ("A", "2026-01-05 10:00:00 +0700", "paid", "Email"),
        ("A", "2026-04-20 10:00:00 +0700", "paid", "Email"),
        ("B", "2026-01-31 10:00:00 +0700", "paid", "Email"),
        ("B", "2026-03-01 10:00:00 +0700", "paid", "Email"),
        ("B", "2026-05-01 10:00:00 +0700", "paid", "Email"),
        ("C", "2026-02-10 10:00:00 +0700", "paid", "Social Ads"),
        ("C", "2026-05-10 10:00:00 +0700", "cancelled", "Social Ads"),
        ("D", "2026-08-10 10:00:00 +0700", "paid", "Social Ads"),
    ]
    orders = pl.DataFrame(rows, schema=["Customer ID", "Order Date", "Status", "Sales Channel"], orient="row")
    result = gen.month3_retention(orders)
    assert result.to_dicts() == [
        {"channel": "Email", "customers": 2, "retained": 1, "retention": 0.5},
        {"channel": "Social Ads", "customers": 1, "retained": 0, "retention": 0.0},
    ]


def test_subscription_nrr_on_a_hand_computed_sample():
    # X starts Basic 99 on 2025-01-10, upgrades to Plus 179 on 2025-03-01, still active.
    # Y starts Plus 179 on 2025-02-01, cancels 2025-06-15.
    # Start MRR = 99 + 179 = 278.
    # +3 months (X: 2025-04-10, Y: 2025-05-01): 179 + 179 = 358 -> NRR 358/278
    # +6 months (X: 2025-07-10, Y: 2025-08-01): 179 + 0   = 179 -> NRR 179/278
    subs = pl.DataFrame(
        {
            "customer_id": ["X", "X", "Y"],
            "plan": ["Basic", "Plus", "Plus"],
            "mrr": [99.0, 179.0, 179.0],
            "started_at": ["2025-01-10", "2025-03-01", "2025-02-01"],
            "cancelled_at": ["2025-03-01", None, "2025-06-15"],
            "acquisition_channel": ["Email", "Email", "Social Ads"],
        }
    )
    nrr = gen.subscription_nrr(subs, months=(3, 6))
    assert nrr["nrr"].to_list() == pytest.approx([358 / 278, 179 / 278])
    churn = gen.subscriber_churn_6m(subs)
    # X still active; Y ended 2025-06-15, before 2025-08-01 -> churned within 6 months.
    assert churn.select("channel", "churned", "subscribers").rows() == [("Email", 0, 1), ("Social Ads", 1, 1)]


def test_ticket_flag_looks_back_thirty_days_only():
    # R1 answered 10 days after a ticket -> flagged; R2 answered 40 days after -> not;
    # R3 answered before the customer's ticket -> not.
    survey = pl.DataFrame(
        {
            "ResponseId": ["R1", "R2", "R3"],
            "CustomerID": ["A", "B", "C"],
            "RecordedDate": [datetime(2025, 3, 11), datetime(2025, 3, 11), datetime(2025, 3, 1)],
        }
    )
    tickets = pl.DataFrame(
        {"Requester ID": ["A", "B", "C"], "Created at": [datetime(2025, 3, 1), datetime(2025, 1, 30), datetime(2025, 3, 2)]}
    )
    flagged = gen.survey_with_ticket_flag(survey, tickets).sort("ResponseId")
    assert flagged["had_ticket"].to_list() == [True, False, False]


# --- the story -------------------------------------------------------------------------


def test_story_1_social_ads_month3_retention_is_about_half(story):
    assert story["retention_social"] < 0.6 * story["retention_others"]
    by_channel = story["retention_by_channel"]
    assert (by_channel["customers"] >= 300).all()  # every channel's rate rests on hundreds
    worst = by_channel.sort("retention")["channel"][0]
    assert worst == "Social Ads"


def test_story_2_staffing_gap_slows_support_and_lowers_nps(story):
    assert story["resolution_slow"] > 2 * story["resolution_other"]
    assert story["first_reply_slow"] > 1.5 * story["first_reply_other"]
    assert story["nps_slow"] <= story["nps_other"] - 10
    drop_with_ticket = story["nps_ticket_other"] - story["nps_ticket_slow"]
    drop_without = story["nps_no_ticket_other"] - story["nps_no_ticket_slow"]
    assert drop_with_ticket > 2 * max(drop_without, 1.0)
    # ... then recovers: December-February back near the usual service and NPS.
    months = story["service_by_month"].filter(pl.col("month").is_between(pl.lit("2025-12"), pl.lit("2026-02")))
    assert (months["median_resolution_hours"] < 1.5 * story["resolution_other"]).all()
    assert months["nps"].mean() > story["nps_slow"] + 10


def test_story_3_checkout_is_the_weak_spot(story):
    ux = story["ux_success_by_stage"]
    checkout_ux = ux.filter(pl.col("stage") == "Checkout")["success_rate"].item()
    others_ux = ux.filter(pl.col("stage") != "Checkout")["success_rate"]
    assert checkout_ux == pytest.approx(0.55, abs=0.05)
    assert others_ux.is_between(0.8, 0.95).all()
    csat = story["csat_by_stage"]
    assert csat.sort("csat_top2")["stage"][0] == "Checkout"
    assert csat.filter(pl.col("stage") == "Checkout")["csat_top2"].item() < csat.filter(pl.col("stage") != "Checkout")["csat_top2"].min() - 0.15
    assert story["tickets_by_stage"].sort("tickets", descending=True)["stage"][0] == "Checkout"


def test_story_4_upgrades_lift_nrr_and_social_ads_subscribers_churn_more(story):
    nrr = dict(story["nrr"].select("months", "nrr").iter_rows())
    assert nrr[3] > 1.0 and nrr[6] > 1.0
    assert story["sub_churn_social"] > 2 * story["sub_churn_others"]


def test_story_md_quotes_the_measured_numbers(story):
    text = (SAMPLE_DIR / "STORY.md").read_text(encoding="utf-8")
    assert f"Social Ads {story['retention_social']:.1%} vs the other channels {story['retention_others']:.1%}" in text
    assert f"{story['resolution_slow'] / story['resolution_other']:.1f}x" in text


def test_servqual_block_tells_its_story(story):
    dims = story["servqual"]
    widest = dims.sort("gap")
    assert widest.get_column("dimension").to_list()[:2] == ["responsiveness", "reliability"]
    assert widest.get_column("gap")[0] < -1.5 < widest.get_column("gap")[1]
    assert dims.get_column("importance").sum() == pytest.approx(1.0)
    survey = gen.read_survey(SAMPLE_DIR)
    answered = survey.filter(pl.col("Q5_1").is_not_null())
    assert 0.35 < answered.height / survey.height < 0.55
    assert answered.select(pl.col("^Q5_.*$").is_between(1, 7).all()).row(0) == (True,) * 10
    weights = survey.filter(pl.col("Q7_1").is_not_null()).select(pl.sum_horizontal(pl.col("^Q7_.*$")))
    assert (weights.to_series() == 100).all()


def test_story_6_delivery_is_the_friction_point_after_checkout_and_questions_cost_ces(story):
    friction = story["journey_friction"]
    assert friction["stage"].to_list()[:2] == ["Checkout", "Delivery"]
    assert friction["friction"][1] > 3 * friction["friction"][2]  # Delivery stands out from the rest
    info = dict(story["information_by_stage"].select("stage", "information_share").iter_rows())
    assert info["Delivery"] > 2 * max(v for k, v in info.items() if k != "Delivery")
    ces = dict(story["ces_by_information_ticket"].select("respondents", "mean_ces").iter_rows())
    assert ces["information ticket"] < min(ces["no ticket"], ces["other ticket only"]) - 0.3
    text = (SAMPLE_DIR / "STORY.md").read_text(encoding="utf-8")
    assert f"Checkout has the most friction ({friction['friction'][0]:.3f}), then Delivery" in text


def test_the_topic_column_leaves_every_other_ticket_column_as_it_was():
    """The Topic column comes from its own seed: the columns before it are what they were
    before it existed (the sums below were taken from tickets.csv without it)."""
    tickets = pl.read_csv(SAMPLE_DIR / "tickets.csv", infer_schema=False)
    assert tickets.columns[-1] == "Topic" and tickets["Topic"].null_count() == 0
    assert tickets.height == 6248
    assert tickets["Journey stage"].value_counts().sort("Journey stage")["count"].to_list() == [618, 2366, 1615, 153, 1496]
