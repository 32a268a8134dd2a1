"""Overview headlines and "What moved": which period, which customers, which margin, which subgroup,
hand-checked on tiny tables built in each test (the arithmetic is in the comments)."""

import datetime as dt

import polars as pl
import pytest

from cxreport.fields import Kind
from cxreport.headlines import card, headlines, latest_complete_period, story
from cxreport.metrics import surveys


def _orders(days: list[dt.datetime]) -> pl.DataFrame:
    return pl.DataFrame({"customer_id": [f"c{i % 3}" for i in range(len(days))], "order_id": [str(i) for i in range(len(days))],
                         "order_date": days, "amount": [10.0] * len(days)})


def test_latest_complete_period_ends_on_the_data():
    assert latest_complete_period(dt.date(2025, 10, 31), "month") == dt.date(2025, 10, 1)
    assert latest_complete_period(dt.date(2025, 10, 17), "month") == dt.date(2025, 9, 1)


def test_a_first_export_of_a_few_days_gets_cards_for_that_period_flagged_partial():
    # 3 to 6 March only: no complete month, so the cards are for March so far (3 customers, 40).
    orders = _orders([dt.datetime(2024, 3, d) for d in (3, 4, 5, 6)])
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["customers"].value == 3 and found["revenue"].value == 40.0
    assert found["customers"].period == dt.date(2024, 3, 1) and found["customers"].partial
    assert "so far" in card(found["revenue"]).help


def test_with_a_complete_month_the_unfinished_one_is_left_out():
    # Feb 10, Feb 20 and Mar 3: February is complete (2 orders, 20), March is not.
    orders = _orders([dt.datetime(2024, 2, 10), dt.datetime(2024, 2, 20), dt.datetime(2024, 3, 3)])
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["revenue"].value == 20.0 and found["revenue"].period == dt.date(2024, 2, 1)
    assert not found["revenue"].partial


def test_a_typo_year_or_a_row_dated_after_today_does_not_take_the_cards_away():
    # Feb 10, Feb 20 and Mar 3 as above, plus one order typed as 2062 and one dated tomorrow:
    # no metric reaches them, so the cards stay on February (2 orders, 20), not on an empty 2062.
    tomorrow = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(9))
    orders = _orders([dt.datetime(2024, 2, 10), dt.datetime(2024, 2, 20), dt.datetime(2024, 3, 3),
                      dt.datetime(2062, 3, 1), tomorrow])
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["revenue"].value == 20.0 and found["revenue"].period == dt.date(2024, 2, 1)
    assert found["customers"].value == 2


# --- active customers: a refund is not activity ---------------------------------------------------


def test_active_customers_count_buyers_only_and_revenue_stays_net():
    # February 2024: A buys 100; B's only February row is a refund of 40 (B bought in January).
    orders = pl.DataFrame({
        "customer_id": ["A", "B", "A", "B"],
        "order_id": ["1", "2", "3", "4"],
        "order_date": [dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 9), dt.datetime(2024, 2, 3), dt.datetime(2024, 2, 29)],
        "amount": [50.0, 40.0, 100.0, -40.0],
    })
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["customers"].period == dt.date(2024, 2, 1)
    assert (found["customers"].value, found["customers"].previous) == (1, 2)
    assert found["revenue"].value == 60.0  # 100 − 40: the refund still counts as money


# --- the margin next to a change is the change's -------------------------------------------------


def _responses(counts: dict[dt.date, dict[int, int]], *, column: str = "nps_score") -> pl.DataFrame:
    """Responses with the given number of each score, dated inside each month; customers r0, r1, …"""
    rows = [(day, score) for day, by_score in counts.items() for score, k in by_score.items() for _ in range(k)]
    return pl.DataFrame({
        "response_id": [f"r{i}" for i in range(len(rows))],
        "customer_id": [f"r{i}" for i in range(len(rows))],
        "response_date": [dt.datetime.combine(day, dt.time(12)) for day, _ in rows],
        column: [float(score) for _, score in rows],
    })


JAN, FEB = dt.date(2025, 1, 15), dt.date(2025, 2, 28)  # the data ends on 28 Feb: February is complete


def test_what_moved_prints_the_changes_margin_not_the_months():
    # Jan: 50 promoters, 20 passives, 30 detractors -> NPS 20, Var = (0.5 + 0.3 − 0.2²)/100 = 0.0076.
    # Feb: 40, 20, 40 -> NPS 0, Var = (0.4 + 0.4 − 0)/100 = 0.008.
    # Change −20; its margin 1.959964·sqrt(0.0076 + 0.008)·100 = 24.48 -> within noise.
    # February's own margin is 1.959964·sqrt(0.008)·100 = 17.53: it must not appear.
    responses = _responses({JAN: {10: 50, 8: 20, 3: 30}, FEB: {10: 40, 8: 20, 3: 40}})
    change_moe = 1.959963984540054 * (0.0076 + 0.008) ** 0.5 * 100
    nps = {h.key: h for h in headlines({Kind.SURVEYS: responses})}["nps"]
    assert (nps.value, nps.previous, nps.n) == (pytest.approx(0.0), pytest.approx(20.0), 100)
    assert nps.change_moe == pytest.approx(change_moe) and nps.significant is False
    assert "Change ±24: within noise" in card(nps).help
    first = story({Kind.SURVEYS: responses})[0]
    assert first == ("NPS fell 20 points in Feb 2025; the margin of error of that change is ±24 "
                     "(n = 100, and 100 the period before). The change is within the margin of error.")
    assert "18" not in first
    assert "±24" in story({Kind.SURVEYS: responses}, lang="id")[0]


def test_a_change_beyond_its_margin_is_significant_and_the_fall_is_told():
    # Jan as above (NPS 20); Feb: 20 promoters, 20 passives, 60 detractors -> NPS −40,
    # Var = (0.2 + 0.6 − 0.16)/100 = 0.0064; change −60, margin 1.96·sqrt(0.014)·100 = 23.19.
    responses = _responses({JAN: {10: 50, 8: 20, 3: 30}, FEB: {10: 20, 8: 20, 3: 60}})
    nps = {h.key: h for h in headlines({Kind.SURVEYS: responses})}["nps"]
    assert nps.change_moe == pytest.approx(1.959963984540054 * 0.014 ** 0.5 * 100) and nps.significant is True
    sentences = story({Kind.SURVEYS: responses})
    assert sentences[0].startswith("NPS fell 60 points in Feb 2025; the margin of error of that change is ±23 ")
    assert "within the margin" not in sentences[0]
    assert sentences[1] == ("The largest significant NPS fall in the range: 60 points in Feb 2025 "
                            "(±23 on the change; n = 100, and 100 the period before).")


def test_csat_and_ces_cards_give_the_margin_of_their_change():
    # CSAT Jan 60 of 100 satisfied, Feb 45 of 100: change −15 pp,
    #   margin 1.96·sqrt(0.6·0.4/100 + 0.45·0.55/100) = 13.68 pp -> significant.
    csat = _responses({JAN: {5: 60, 2: 40}, FEB: {5: 45, 2: 55}}, column="csat_score")
    h = {x.key: x for x in headlines({Kind.SURVEYS: csat})}["csat"]
    moe = 1.959963984540054 * (0.6 * 0.4 / 100 + 0.45 * 0.55 / 100) ** 0.5
    assert h.change == pytest.approx(-0.15) and h.change_moe == pytest.approx(moe) and h.significant is True
    assert "Change ±13.7 pp: significant change" in card(h).help
    # CES Jan: 20 × 4 and 20 × 6 (mean 5, sd² = 40·1/39); Feb: 20 × 3 and 20 × 5 (mean 4, same sd).
    #   change −1, margin 1.96·sqrt(2·(40/39)/40) = 0.4428 -> significant.
    ces = _responses({JAN: {4: 20, 6: 20}, FEB: {3: 20, 5: 20}}, column="ces_score")
    h = {x.key: x for x in headlines({Kind.SURVEYS: ces})}["ces"]
    assert h.change == pytest.approx(-1.0)
    assert h.change_moe == pytest.approx(1.959963984540054 * (2 * (40 / 39) / 40) ** 0.5, rel=1e-9)
    assert h.significant is True


# --- a zero-width interval is flagged, not shown as certainty ----------------------------------


def test_identical_answers_flag_the_interval_instead_of_showing_it():
    # February: 35 answers, every one a 10 (NPS), a 6 (CES) and a 5 (CSAT).
    # NPS variance (1 + 0 − 1)/35 = 0 and CES sd 0: the Wald and t intervals collapse to a point.
    # CSAT uses Wilson, which does not collapse: 35/35 -> [0.901, 1], not flagged.
    days = [dt.datetime(2025, 1, 10, 12)] * 35 + [dt.datetime(2025, 2, 28, 12)] * 35
    responses = pl.DataFrame({
        "response_id": [f"r{i}" for i in range(70)], "customer_id": [f"r{i}" for i in range(70)],
        "response_date": days,
        "nps_score": [float(i % 11) for i in range(35)] + [10.0] * 35,
        "ces_score": [float(1 + i % 7) for i in range(35)] + [6.0] * 35,
        "csat_score": [float(1 + i % 5) for i in range(35)] + [5.0] * 35,
    })
    found = {h.key: h for h in headlines({Kind.SURVEYS: responses})}
    assert (found["nps"].value, found["nps"].ci_low, found["nps"].ci_high) == (100.0, 100.0, 100.0)
    assert found["nps"].interval_degenerate and found["ces"].interval_degenerate
    assert not found["csat"].interval_degenerate and found["csat"].ci_low == pytest.approx(0.9011, abs=1e-4)
    help_text = card(found["nps"]).help
    assert "All 35 answers identical" in help_text and "95% interval" not in help_text
    assert "Semua 35 jawaban sama" in card(found["ces"], lang="id").help
    # January varies, so the change still has a margin (from January's variance alone).
    jan = surveys.nps(responses.filter(pl.col("response_date").dt.month() == 1)).row(0, named=True)
    assert found["nps"].change_moe == pytest.approx(1.959963984540054 * jan["variance"] ** 0.5 * 100)


def test_a_change_between_two_periods_of_identical_answers_says_it_has_no_margin():
    # Jan: 40 answers of 10 (NPS 100); Feb: 40 answers of 0 (NPS −100). Both variances 0.
    responses = _responses({JAN: {10: 40}, FEB: {0: 40}})
    nps = {h.key: h for h in headlines({Kind.SURVEYS: responses})}["nps"]
    assert nps.change == -200 and nps.change_moe is None and nps.significant is None
    assert nps.interval_degenerate
    first = story({Kind.SURVEYS: responses})[0]
    assert first.startswith("NPS changed −200 points in Feb 2025, but within each period every answer was the same")
    assert "±" not in first


# --- a sentence about a subgroup: significant, n >= 30, and says its n ---------------------------


def _waited(long_waiters: int, long_detractors: int, others: int = 100, other_detractors: int = 10) -> dict:
    """Surveys and tickets: `long_waiters` respondents waited 30 h for a first reply to a ticket
    opened two days before they answered; `others` had no ticket. Scores 0 (detractor) or 10."""
    n = long_waiters + others
    ids = [f"c{i}" for i in range(n)]
    detractor = [i < long_detractors for i in range(long_waiters)] + [i < other_detractors for i in range(others)]
    answered = [dt.datetime(2025, 1 + i % 2, 10, 12) for i in range(n)]  # two months, so a trend exists
    responses = pl.DataFrame({"response_id": ids, "customer_id": ids, "response_date": answered,
                              "nps_score": [0.0 if d else 10.0 for d in detractor]})
    created = [answered[i] - dt.timedelta(days=2) for i in range(long_waiters)]
    tickets = pl.DataFrame({"ticket_id": [f"t{i}" for i in range(long_waiters)], "customer_id": ids[:long_waiters],
                            "created_at": created, "first_reply_at": [c + dt.timedelta(hours=30) for c in created]})
    return {Kind.SURVEYS: responses, Kind.TICKETS: tickets}


def _detractor_sentences(tables: dict, lang: str = "en") -> list[str]:
    return [s for s in story(tables, lang=lang) if s.startswith(("Detractors", "Detraktor"))]


def test_a_significant_subgroup_of_30_gets_a_sentence_with_its_n():
    # 15 of 30 long waiters are detractors (50%) against 10 of the other 100 (10%):
    # pooled 25/130, z = 0.4/sqrt(0.1923·0.8077·(1/30 + 1/100)) = 4.88, p ≈ 1e-6.
    tables = _waited(30, 15)
    assert _detractor_sentences(tables) == [
        "Detractors are 50% of the 30 respondents who waited more than 24 h for a first reply, "
        "against 10% of the other 100 respondents: a significant difference."]
    assert "dari 30 responden" in _detractor_sentences(tables, "id")[0]


def test_a_subgroup_under_30_or_within_noise_gets_no_sentence():
    # 29 long waiters, 15 detractors: as large a gap, but n = 29 < 30.
    assert _detractor_sentences(_waited(29, 15)) == []
    # 40 long waiters, 6 detractors (15%) against 10%: pooled 16/140,
    # z = 0.05/sqrt(0.1143·0.8857·(1/40 + 1/100)) = 0.84, p = 0.40: not significant.
    assert _detractor_sentences(_waited(40, 6)) == []


def _channels(weak_customers: int, weak_retained: int, other_customers: int = 60, other_retained: int = 30) -> pl.DataFrame:
    """Everyone first buys in January 2025; the retained buy again in April (month 3)."""
    rows = []
    for channel, customers, retained in (("Social Ads", weak_customers, weak_retained), ("Email", other_customers, other_retained)):
        for i in range(customers):
            rows.append((f"{channel}{i}", dt.datetime(2025, 1, 10), channel))
            if i < retained:
                rows.append((f"{channel}{i}", dt.datetime(2025, 4, 10), channel))
    rows.append(("late", dt.datetime(2025, 4, 30), "Email"))  # April is complete
    return pl.DataFrame(rows, schema=["customer_id", "order_date", "channel"], orient="row").with_columns(
        pl.lit(10.0).alias("amount"), pl.int_range(pl.len()).cast(pl.String).alias("order_id"))


def test_a_weak_channel_needs_30_customers_and_significance_and_says_both_ns():
    # Social Ads 3 of 30 back at month 3 (10%), Email 30 of 60 (50%): z = −3.71, p = 0.0002.
    sentences = [s for s in story({Kind.ORDERS: _channels(30, 3)}) if "Social Ads" in s]
    assert sentences == ["Customers acquired via Social Ads keep 10% at month 3 (n = 30), against 50% for the "
                         "other channels (n = 60): a significant difference."]
    assert not [s for s in story({Kind.ORDERS: _channels(29, 3)}) if "Social Ads" in s]  # n = 29
    # 6 of 30 (20%) against 15 of 60 (25%): below 80% of the others' rate, but z = −0.53, p = 0.60.
    assert not [s for s in story({Kind.ORDERS: _channels(30, 6, 60, 15)}) if "Social Ads" in s]


def _touchpoints(checkout_successes: int, checkout_attempts: int = 40) -> dict:
    """Usability tests and CSAT answers per touchpoint; Checkout is the lowest on both."""
    ux_rows, answers = [], []
    for touchpoint, successes, attempts, satisfied, answered in (
        ("Checkout", checkout_successes, checkout_attempts, 20, 60),
        ("Browse", 36, 40, 50, 60),
        ("Delivery", 34, 40, 48, 60),
    ):
        ux_rows += [(f"{touchpoint}-p{i}", f"{touchpoint} task", i < successes, touchpoint) for i in range(attempts)]
        answers += [(f"{touchpoint}-r{i}", dt.datetime(2025, 1, 10), 5.0 if i < satisfied else 2.0, touchpoint)
                    for i in range(answered)]
    return {
        Kind.UX: pl.DataFrame(ux_rows, schema=["participant_id", "task", "success", "touchpoint"], orient="row"),
        Kind.SURVEYS: pl.DataFrame(answers, schema=["response_id", "response_date", "csat_score", "touchpoint"], orient="row"),
    }


def test_the_weak_touchpoint_needs_both_scores_significantly_low_on_30_each():
    # UX: Checkout 22/40 against (36 + 34)/80 = 87.5%: z = −3.97. CX: CSAT 20/60 against 98/120: z = −6.43.
    weak = [s for s in story(_touchpoints(22)) if "weak spot" in s]
    assert weak == ["Checkout is the weak spot: the lowest UX score (55, n = 40) and the lowest CX score (33, n = 60), "
                    "both significantly below the other touchpoints."]
    # 29 attempts at Checkout (16 successes, 55%): as low, but n = 29 < 30.
    assert not [s for s in story(_touchpoints(16, 29)) if "weak spot" in s]
    # 33/40 = 82.5% against 87.5%: still the lowest, but z = −0.74, p = 0.46.
    assert not [s for s in story(_touchpoints(33)) if "weak spot" in s]
