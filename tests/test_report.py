"""cxreport.report: loading with corrections, the report's numbers, filters, JSON-readiness, the summary.

Numbers are checked two ways: on tiny files in tests/data/cli/ against values computed by
hand (the arithmetic is in the comments), and on the bundled sample against the library
functions the report promises to call, so the report can never drift from them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxreport import headlines
from cxreport.errors import CXError, FileProblem
from cxreport.fields import Kind
from cxreport.metrics import churn, clv, mrr, retention, service, surveys, ux, ux_vs_cx
from cxreport.report import build_report, load_files, plain, render_summary, report_filters
from cxreport.sample import sample_paths

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
ORDERS = CLI_DATA / "orders_tiny.csv"
SURVEYS = CLI_DATA / "nps_tiny.csv"
TICKETS = CLI_DATA / "tickets_tiny.csv"
ODD = CLI_DATA / "payments_odd.csv"
Z = 1.959963984540054


def same(a, b) -> bool:
    """Equal, floats up to summation order (Polars and DuckDB sum in parallel chunks)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b and type(a) is type(b)


def retention_rows(report: dict) -> list[tuple]:
    return [(r["cohort"], r["period"], r["customers"], r["retained"], r["revenue"]) for r in report["orders"]["retention"]]


# --- tiny files, by hand ----------------------------------------------------------------------
#
# orders_tiny.csv (2025):  A: Jan 5 (10), Feb 10 (20), Apr 1 (30)        Email
#                          B: Jan 20 (40), Mar 3 (50)                    Social Ads
#                          C: Feb 2 (60), Feb 20 (5), Mar 15 (70)        Email
# Monthly cohorts: Jan = {A, B}, Feb = {C}; the data ends in April.


@pytest.fixture(scope="module")
def tiny_ws():
    return load_files([ORDERS, SURVEYS, TICKETS])


@pytest.fixture(scope="module")
def tiny_report(tiny_ws) -> dict:
    return build_report(tiny_ws)


def test_tiny_retention_matches_hand_computation(tiny_report):
    # Jan cohort {A, B}: k0 both (10 + 40 = 50); k1 Feb A (20); k2 Mar B (50); k3 Apr A (30).
    # Feb cohort {C}: k0 Feb (60 + 5 = 65); k1 Mar (70); k2 Apr nobody (0).
    assert retention_rows(tiny_report) == [
        ("2025-01-01", 0, 2, 2, 50.0), ("2025-01-01", 1, 2, 1, 20.0), ("2025-01-01", 2, 2, 1, 50.0),
        ("2025-01-01", 3, 2, 1, 30.0), ("2025-02-01", 0, 1, 1, 65.0), ("2025-02-01", 1, 1, 1, 70.0),
        ("2025-02-01", 2, 1, 0, 0.0),
    ]
    rates = [r["revenue_rate"] for r in tiny_report["orders"]["retention"]]
    assert rates == pytest.approx([1.0, 20 / 50, 50 / 50, 30 / 50, 1.0, 70 / 65, 0.0])
    at = tiny_report["orders"]["retention_at"]
    # month 1: both cohorts are old enough: (1 + 1) / (2 + 1); month 3: only Jan: 1 / 2; month 6: none.
    assert at["month_1"] == {"rate": pytest.approx(2 / 3), "retained": 2, "customers": 3, "cohorts": 2}
    assert at["month_3"] == {"rate": 0.5, "retained": 1, "customers": 2, "cohorts": 1}
    assert "month_6" not in at


def test_tiny_nps_and_csat_match_hand_computation(tiny_report):
    # NPS answers 10 9 9 10 9 8 7 6 3 0: promoters 5, passives 2, detractors 3 (n = 10).
    # NPS = 100 (0.5 − 0.3) = 20; Var = (0.5 + 0.3 − 0.2²)/10 = 0.076; moe = 1.96·√0.076·100 = 54.03.
    nps = tiny_report["surveys"]["nps"]
    assert (nps["n"], nps["promoters"], nps["passives"], nps["detractors"]) == (10, 5, 2, 3)
    assert nps["score"] == pytest.approx(20.0)
    assert nps["moe"] == pytest.approx(Z * math.sqrt(0.076) * 100)
    assert nps["ci95"] == pytest.approx([20 - nps["moe"], 20 + nps["moe"]])
    # Jan: 10 9 9 10 9 8 -> 5 promoters of 6 = 83.3; Feb: 7 6 3 0 -> 3 detractors of 4 = −75.
    by_period = {r["period"]: (r["n"], r["nps"]) for r in tiny_report["surveys"]["nps_by_period"]}
    assert by_period == {"2025-01-01": (6, pytest.approx(500 / 6)), "2025-02-01": (4, -75.0)}
    # CSAT answers 5 4 4 5 3 2 4 1 5 2: six are 4–5, so 0.6; Wilson: centre (0.6 + z²/20)/(1 + z²/10)
    # = 0.5722, half-width z·√(0.024 + z²/400)/(1 + z²/10) = 0.2596 -> [0.3127, 0.8318].
    csat = tiny_report["surveys"]["csat"]
    assert (csat["n"], csat["satisfied"], csat["score"]) == (10, 6, 0.6)
    assert csat["ci95"] == pytest.approx([0.3127, 0.8318], abs=1e-4)
    assert "ces" not in tiny_report["surveys"]  # the file has no effort question


def test_tiny_ticket_times_match_hand_computation(tiny_report):
    t = tiny_report["tickets"]
    # first replies after 1, 2, 3, 10 h: median 2.5; p90 at rank 0.9·3 = 2.7: 3 + 0.7·(10 − 3) = 7.9.
    assert t["first_response_hours"] == {"median": pytest.approx(2.5), "p90": pytest.approx(7.9), "n": 4, "basis": "calendar",
                                      "method": "exact"}
    # solved after 4, 24, 6 h (T4 is open): median 6; p90 at rank 1.8: 6 + 0.8·(24 − 6) = 20.4.
    assert t["resolution_hours"] == {"median": pytest.approx(6.0), "p90": pytest.approx(20.4), "n": 3, "basis": "calendar",
                                  "method": "exact"}
    # handle minutes 10, 20, 30 (T4 has none): mean 20.
    assert t["aht_minutes"] == {"mean": pytest.approx(20.0), "median": pytest.approx(20.0), "n": 3,
                                "method": "exact"}
    assert [(r["period"], r["tickets"]) for r in t["volume"]] == [("2025-01-01", 2), ("2025-02-01", 2)]


def test_absent_sections_are_left_out_and_unsupported_metrics_are_listed(tiny_report):
    assert not {"subscriptions", "ux", "ux_vs_cx"} & tiny_report.keys()
    # three repeat buyers are too few for BG/NBD: the model is skipped with the reason, the rest stays
    skipped = {s["section"]: s["code"] for s in tiny_report["skipped"]}
    assert skipped["orders.clv.model"] == "clv_too_few_repeat_customers"
    # Four months of orders and a churn window of at least 30 days: the churn section has no
    # observable period, so the simple CLV, which uses that churn, says so instead of inventing one.
    assert tiny_report["orders"]["churn"]["by_period"] == []
    assert skipped["orders.clv.simple"] == "clv_churn_not_observed"
    assert "clv" not in tiny_report["orders"]


def test_date_range_changes_the_numbers(tiny_ws):
    after_feb = build_report(tiny_ws, date_from=dt.date(2025, 2, 1))
    # A date range restricts what is shown, not who a customer is: A and B first bought in
    # January, so from February the only cohort is February's {C}: k0 60 + 5; k1 Mar 70; k2 Apr none.
    assert retention_rows(after_feb) == [
        ("2025-02-01", 0, 1, 1, 65.0), ("2025-02-01", 1, 1, 1, 70.0), ("2025-02-01", 2, 1, 0, 0.0),
    ]
    # NPS from February: 7 6 3 0 -> −75 on n = 4.
    assert (after_feb["surveys"]["nps"]["n"], after_feb["surveys"]["nps"]["score"]) == (4, -75.0)
    until_feb = build_report(tiny_ws, date_to=dt.date(2025, 2, 28))
    # Until February: Jan cohort {A, B} with A back in Feb; Feb cohort {C} has no month 1 yet: 1 / 2.
    assert until_feb["orders"]["retention_at"]["month_1"]["rate"] == 0.5
    assert until_feb["filters"]["rows"]["orders"] == {"before": 8, "after": 5}
    assert until_feb["filters"]["rows"]["tickets"] == {"before": 4, "after": 4}


def test_where_is_or_within_a_column_and_and_across_columns(tiny_ws):
    email = build_report(tiny_ws, where=[("channel", "Email")])
    # Email buyers A (Jan cohort) and C (Feb cohort): A back in Feb and Apr, C back in Mar.
    assert email["orders"]["retention_at"]["month_1"] == {"rate": 1.0, "retained": 2, "customers": 2, "cohorts": 2}
    assert email["surveys"]["nps"]["n"] == 5  # R01–R05: 10 9 9 10 9 -> NPS 100
    assert email["surveys"]["nps"]["score"] == 100.0
    assert "tickets" in email  # the tickets table has no channel column: not filtered
    assert email["filters"]["rows"]["tickets"] == {"before": 4, "after": 4}

    both = build_report(tiny_ws, where=[("channel", "Email"), ("channel", "Social Ads")])
    assert both["filters"]["rows"]["orders"]["after"] == 8 and both["surveys"]["nps"]["n"] == 10

    email_business = build_report(tiny_ws, where=[("channel", "Email"), ("segment", "Business")])
    # Surveys: Email and Business = R01, R02 (10, 9); orders have no segment, so only the channel applies.
    assert email_business["surveys"]["nps"]["n"] == 2
    assert email_business["filters"]["rows"]["orders"]["after"] == 6
    assert email_business["filters"]["where"] == {"channel": ["Email"], "segment": ["Business"]}


def test_where_resolves_headers_and_case_and_rejects_what_matches_nothing(sample_ws):
    # the file's own header and the value in another case both find the canonical column and spelling
    found = report_filters(sample_ws, where=[("Sales Channel", "social ads")])
    assert found.dims == {"channel": ("Social Ads",)}
    with pytest.raises(CXError) as unknown_column:
        report_filters(sample_ws, where=[("colour", "red")])
    assert unknown_column.value.code == "unknown_where_column"
    with pytest.raises(CXError) as unknown_value:
        report_filters(sample_ws, where=[("channel", "Carrier pigeon")])
    assert unknown_value.value.code == "unknown_where_value" and "Social Ads" in str(unknown_value.value)
    with pytest.raises(CXError) as numeric:
        report_filters(sample_ws, where=[("amount", "10")])
    assert numeric.value.code == "where_not_text"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 60), length=st.integers(0, 60))
def test_nps_n_counts_the_responses_inside_the_date_range(start, length):
    first = dt.date(2025, 1, 1) + dt.timedelta(days=start)
    last = first + dt.timedelta(days=length)
    dates = pl.read_csv(SURVEYS, try_parse_dates=True).get_column("response_date")
    inside = int(dates.is_between(first, last).sum())
    ws = load_files([SURVEYS])
    if inside == 0:
        with pytest.raises(CXError):
            build_report(ws, date_from=first, date_to=last)
        return
    report = build_report(ws, date_from=first, date_to=last)
    assert report["surveys"]["nps"]["n"] == inside
    assert report["filters"]["rows"]["surveys"]["after"] == inside


# --- loading ------------------------------------------------------------------------------------


def test_kind_and_map_make_an_unrecognised_file_usable():
    # payments_odd.csv holds the orders of orders_tiny.csv under the headers who / when / paid.
    plain_read = load_files([ODD])
    assert plain_read.datasets["payments_odd.csv"].kind is Kind.OTHER and not plain_read.kinds()
    ws = load_files([ODD], kinds={"payments_odd.csv": "orders"},
                    mappings=[("customer_id", "who"), ("order_date", "when"), ("payments_odd.csv:amount", "paid")])
    report = build_report(ws)
    assert report["datasets"][0]["mapping"] == {"customer_id": "who", "order_date": "when", "amount": "paid"}
    assert report["datasets"][0]["used"] is True
    assert retention_rows(report) == retention_rows(build_report(load_files([ORDERS])))


def test_a_file_missing_required_fields_is_listed_but_left_out():
    ws = load_files([ODD, SURVEYS], kinds={str(ODD): "orders"})
    report = build_report(ws)
    entry = next(d for d in report["datasets"] if d["file"] == "payments_odd.csv")
    assert entry["kind"] == "orders" and entry["used"] is False
    assert set(entry["missing"]) == {"customer_id", "order_date", "amount"}
    assert "orders" not in report and "surveys" in report
    assert "NOT USED" in render_summary(report) and "payments_odd.csv" in render_summary(report)


def test_same_file_names_in_two_folders_are_both_kept(tmp_path):
    for folder in ("jan", "feb"):
        (tmp_path / folder).mkdir()
        shutil.copy(ORDERS, tmp_path / folder / "orders.csv")
    ws = load_files([tmp_path / "jan" / "orders.csv", tmp_path / "feb" / "orders.csv"])
    assert len(ws.datasets) == 2
    assert ws.table(Kind.ORDERS).height == 16


@pytest.mark.parametrize(
    ("paths", "kinds", "mappings", "code"),
    [
        (["does_not_exist.csv"], {}, [], "missing_file"),
        ([ORDERS], {"orders_tiny.csv": "invoices"}, [], "unknown_kind"),
        ([ORDERS], {"elsewhere.csv": "orders"}, [], "unknown_file"),
        ([ORDERS], {}, [("amount", "no such column")], "unmatched_map"),
        ([ORDERS], {}, [("colour", "amount")], "unknown_field"),
        ([ORDERS], {}, [("orders_tiny.csv:amount", "nope")], "unknown_column"),
        ([ODD], {"payments_odd.csv": "orders"}, [("customer_id", "who")], "missing_fields"),
    ],
)
def test_bad_files_and_corrections_raise_cx_errors(paths, kinds, mappings, code):
    with pytest.raises(CXError) as err:
        load_files(paths, kinds=kinds, mappings=mappings)
    assert err.value.code == code
    assert "\n" not in str(err.value)


def test_missing_file_is_a_file_problem():
    with pytest.raises(FileProblem):
        load_files([CLI_DATA / "nope.csv"])


# --- JSON-ready values ----------------------------------------------------------------------------

json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5), st.dates(), st.datetimes(),
)


@settings(max_examples=60, deadline=None)
@given(st.recursive(json_leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                            max_size=3), max_leaves=12))
def test_plain_values_are_strict_json(value):
    text = json.dumps(plain(value), allow_nan=False)  # raises on a NaN or an infinity left in
    # Strict parsers reject the NaN/Infinity tokens: parse the text with such a parser. (Looking
    # for the words in the text would fail on a string that merely says "NaN".)
    def reject(token):
        raise AssertionError(f"non-JSON constant {token}")

    json.loads(text, parse_constant=reject)


def test_plain_turns_frames_dates_and_non_finite_floats_into_json_types():
    frame = pl.DataFrame({"day": [dt.date(2025, 1, 1)], "x": [float("nan")], "y": [float("inf")], "z": [1.5]})
    assert plain(frame) == [{"day": "2025-01-01", "x": None, "y": None, "z": 1.5}]


# --- the sample, against the library ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_ws():
    return load_files(sample_paths())


@pytest.fixture(scope="module")
def sample_report(sample_ws) -> dict:
    return build_report(sample_ws, calibration_end=dt.date(2026, 3, 1))


def test_sample_orders_equal_the_library(sample_ws, sample_report):
    orders = sample_ws.table(Kind.ORDERS)
    o = sample_report["orders"]
    assert same(o["retention"], plain(retention.cohort_retention(orders, period="month")))
    month_3 = retention.retention_at(retention.cohort_retention(orders), 3).row(0, named=True)
    assert same(o["retention_at"]["month_3"]["rate"], month_3["rate"])
    window = churn.default_churn_window_days(orders)
    assert o["churn"]["window_days"] == window.days
    assert same(o["churn"]["by_period"], plain(churn.churn_by_period(orders, window_days=window.days, period="month")))
    at_risk = churn.customers_at_risk(orders, window_days=window.days)
    assert o["customers_at_risk"] == at_risk.filter(pl.col("status") == "at risk").height
    result = clv.predictive_clv(orders)
    assert same(o["clv"]["summary"], plain(clv.clv_summary(result)))
    assert same(o["clv"]["model"]["params"], {**result.purchases.params, **result.spend.params})
    assert o["clv"]["model"]["time_unit"] == "week" and o["clv"]["model"]["calibration_end"] == "2026-10-31"
    check = clv.calibration_holdout(orders, calibration_end=dt.date(2026, 3, 1))
    assert same(o["clv"]["holdout"]["predicted_purchases"], check.total_predicted_holdout)
    assert same(o["clv"]["holdout"]["actual_purchases"], check.total_actual_holdout)
    assert same(o["clv"]["simple"], plain(clv.simple_clv(orders).row(0, named=True)))
    # STORY.md: Social Ads customers keep far fewer at month 3; the story says so.
    assert any("Social Ads" in s for s in sample_report["story"])


def test_sample_subscriptions_surveys_tickets_ux_equal_the_library(sample_ws, sample_report):
    moves = mrr.mrr_movements(sample_ws.table(Kind.SUBSCRIPTIONS))
    assert same(sample_report["subscriptions"]["mrr_movements"], plain(moves))
    assert same(sample_report["subscriptions"]["nrr"], moves.filter(pl.col("nrr").is_not_null())["nrr"][-1])

    responses = sample_ws.table(Kind.SURVEYS)
    nps = surveys.nps(responses).row(0, named=True)
    assert same(sample_report["surveys"]["nps"]["score"], nps["nps"])
    assert same(sample_report["surveys"]["nps"]["ci95"], [nps["ci_low"], nps["ci_high"]])
    assert same(sample_report["surveys"]["nps_by_period"], plain(surveys.nps_by_period(responses)))
    assert same(sample_report["surveys"]["csat"]["score"], surveys.csat(responses)["csat"][0])
    assert same(sample_report["surveys"]["ces"]["score"], surveys.ces(responses)["mean_score"][0])

    tickets = sample_ws.table(Kind.TICKETS)
    times = service.response_times(tickets).row(0, named=True)
    assert same(sample_report["tickets"]["resolution_hours"]["median"], times["resolution_hours_median"])
    assert same(sample_report["tickets"]["first_response_hours"]["p90"], times["first_response_hours_p90"])
    assert same(sample_report["tickets"]["aht_minutes"]["mean"], service.handling_time(tickets)["aht_minutes"][0])

    tests = sample_ws.table(Kind.UX)
    sus = ux.sus_summary(tests).row(0, named=True)
    assert same(sample_report["ux"]["sus"], {"score": sus["mean"], "n": sus["n"], "grade": sus["grade"],
                                          "ci95": [sus["ci_low"], sus["ci_high"]], "interval_degenerate": False,
                                          "incomplete": sus["incomplete"]})
    tasks = ux.task_success(tests, by="task")
    assert same([t["rate"] for t in sample_report["ux"]["task_success"]], tasks["rate"].to_list())
    tables = {k: sample_ws.table(k) for k in sample_ws.kinds()}
    expected = ux_vs_cx.ux_vs_cx(ux=tables[Kind.UX], surveys=tables[Kind.SURVEYS], tickets=tables[Kind.TICKETS],
                                 orders=tables[Kind.ORDERS], by="touchpoint")
    assert same(sample_report["ux_vs_cx"], plain(expected))
    assert sample_report["story"] == headlines.story(tables)
    assert [h["key"] for h in sample_report["headlines"]] == [h.key for h in headlines.headlines(tables)]


def test_sample_report_is_strict_json_and_the_summary_reads(sample_report):
    json.dumps(sample_report, allow_nan=False)
    text = render_summary(sample_report)
    nps = sample_report["surveys"]["nps"]
    assert f"n = {nps['n']:,}" in text and "NPS" in text
    assert "95% CI" in text and "grade C" in text
    for sentence in sample_report["story"]:
        assert sentence in text
    for d in sample_report["datasets"]:
        assert d["file"] in text


def test_identical_answers_are_flagged_in_the_json_and_the_summary(tmp_path):
    # 31 answers in January (scores 0..10 in turn) and 35 in February, all 10 (NPS) and all 6 (CES):
    # February's NPS variance and CES sd are 0, so their intervals have zero width.
    lines = ["response_id,customer_id,response_date,nps_score,ces_score"]
    lines += [f"r{i},c{i},2025-01-{1 + i % 28:02d},{i % 11},{1 + i % 7}" for i in range(31)]
    lines += [f"s{i},d{i},2025-02-{1 + i % 28:02d},10,6" for i in range(35)]
    (tmp_path / "same.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = load_files([tmp_path / "same.csv"])
    report = build_report(ws, date_from=dt.date(2025, 2, 1))
    assert (report["surveys"]["nps"]["score"], report["surveys"]["nps"]["ci95"]) == (100.0, [100.0, 100.0])
    assert report["surveys"]["nps"]["interval_degenerate"] is True
    assert report["surveys"]["ces"]["interval_degenerate"] is True
    summary = render_summary(report)
    assert "NPS +100 (all answers identical: no interval can be computed) (n = 35" in summary
    assert "CES 6.00 of 7, all answers identical: no interval can be computed (n = 35)" in summary
    # Both months: the February headline is flagged, and its change carries its own margin
    # (from January's variance: February's is 0), with the verdict of the same test.
    both = build_report(ws)
    nps = next(h for h in both["headlines"] if h["key"] == "nps")
    assert nps["interval_degenerate"] is True and nps["period"] == "2025-02-01"
    jan = surveys.nps(ws.table(Kind.SURVEYS).filter(pl.col("response_date").dt.month() == 1)).row(0, named=True)
    assert nps["change_moe"] == pytest.approx(Z * jan["variance"] ** 0.5 * 100)
    assert nps["significant"] is (abs(nps["change"]) > nps["change_moe"])
    assert f"NPS in Feb 2025: 100, {nps['change']:+.0f} on the period before (±" in render_summary(both)
