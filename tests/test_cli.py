"""`cxreport metrics`: exit codes, the JSON document and its keys, options, and one-line errors.

Runs `cxreport.cli.main` in-process, and once as a real process (`python -m cxreport.cli`)
on the sample files, whose JSON must be the same document.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxreport.cli import main
from cxreport.fields import Kind
from cxreport.metrics import retention, surveys
from cxreport.report import load_files, plain
from cxreport.sample import sample_paths

ROOT = Path(__file__).resolve().parent.parent
CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
ORDERS = str(CLI_DATA / "orders_tiny.csv")
SURVEYS = str(CLI_DATA / "nps_tiny.csv")
ODD = str(CLI_DATA / "payments_odd.csv")
SAMPLE = [str(p) for p in sample_paths()]
CALIBRATION = ["--calibration-end", "2026-03-01"]

# Every key the JSON document can hold (the README's table documents the same list).
# "x[]" is a list of objects, "x.*" an object whose keys are data (file columns, kinds).
DOCUMENTED_KEYS = {
    *(f"datasets[].{k}" for k in ("file", "format", "kind", "kind_confidence", "rows", "rejected", "currency",
                                  "missing", "used", "notes")),
    "datasets[].mapping.*",
    "filters.from", "filters.to", "filters.where.*", "filters.period", "filters.calibration_end", "filters.rows.*",
    "orders.currency",
    *(f"orders.retention[].{k}" for k in retention.RETENTION_COLUMNS),
    *(f"orders.retention_at.month_{m}.{k}" for m in (1, 3, 6) for k in ("rate", "retained", "customers", "cohorts")),
    "orders.churn.window_days", "orders.churn.window_explanation",
    *(f"orders.churn.by_period[].{k}" for k in ("period", "active_start", "churned", "churn_rate", "revenue_start",
                                                "revenue_churned", "revenue_churn_rate")),
    "orders.customers_at_risk", "orders.customer_status.active", "orders.customer_status.at_risk",
    "orders.customer_status.churned",
    *(f"orders.clv.model.params.{k}" for k in ("r", "alpha", "a", "b", "p", "q", "v")),
    *(f"orders.clv.model.{k}" for k in ("time_unit", "calibration_end", "log_likelihood", "spend_log_likelihood",
                                        "customers", "spend_customers", "converged", "spend_frequency_correlation",
                                        "horizon_months", "annual_discount_rate", "margin")),
    *(f"orders.clv.summary.{k}" for k in ("customers", "total_clv", "mean_clv", "median_clv", "mean_p_alive")),
    *(f"orders.clv.holdout.{k}" for k in ("calibration_end", "observation_end", "time_unit", "log_likelihood",
                                          "customers", "actual_purchases", "predicted_purchases",
                                          "mean_absolute_error", "root_mean_squared_error")),
    *(f"orders.clv.holdout.params.{k}" for k in ("r", "alpha", "a", "b")),
    *(f"orders.clv.holdout.spend_params.{k}" for k in ("p", "q", "v")),
    *(f"orders.clv.holdout.{k}" for k in ("spend_log_likelihood", "spend_customers", "holdout_spenders",
                                          "actual_spend_mean", "predicted_spend_mean")),
    *(f"orders.clv.holdout.by_frequency[].{k}" for k in ("frequency_calibration", "customers", "actual_holdout_mean",
                                                         "predicted_holdout_mean")),
    *(f"orders.clv.simple.{k}" for k in ("period", "periods", "arpu", "margin", "churn_rate", "churn_rate_observed",
                                         "churn_window_days", "churn_periods", "churn_first_period",
                                         "churn_last_period", "churned", "active_start",
                                         "expected_lifetime_periods", "clv")),
    *(f"subscriptions.{k}" for k in ("currency", "latest_period", "mrr", "nrr", "grr", "logo_churn_rate")),
    *(f"subscriptions.mrr_movements[].{k}" for k in ("period", "mrr_start", "new", "expansion", "contraction", "churned",
                                                     "reactivated", "mrr_end", "nrr", "grr", "customers_start",
                                                     "customers_new", "customers_churned", "customers_reactivated",
                                                     "customers_end", "logo_churn_rate", "revenue_churn_rate")),
    *(f"surveys.nps.{k}" for k in ("score", "n", "promoters", "passives", "detractors", "ci95", "moe",
                                   "interval_degenerate", "small_sample")),
    *(f"surveys.nps_by_period[].{k}" for k in ("period", "n", "promoters", "passives", "detractors", "nps", "variance",
                                               "moe", "ci_low", "ci_high", "small_sample", "change", "change_z",
                                               "change_p", "change_significant")),
    *(f"surveys.csat.{k}" for k in ("score", "n", "satisfied", "ci95", "mean_score", "small_sample")),
    *(f"surveys.ces.{k}" for k in ("score", "n", "ci95", "interval_degenerate", "agree_share", "agree_ci95",
                                   "small_sample")),
    *(f"surveys.servqual[].{k}" for k in ("dimension", "perception", "ci95", "expectation", "gap", "gap_ci95", "n",
                                          "n_gap", "weight")),
    *(f"surveys.key_drivers[].{k}" for k in ("driver", "importance", "ci95", "performance", "quadrant", "n")),
    *(f"tickets.{m}.{k}" for m in ("first_response_hours", "resolution_hours")
      for k in ("median", "p90", "n", "basis", "method")),
    "tickets.invalid_durations", "tickets.aht_minutes.mean", "tickets.aht_minutes.median", "tickets.aht_minutes.n",
    "tickets.aht_minutes.method",
    "tickets.volume[].period", "tickets.volume[].tickets", "tickets.volume[].customers",
    *(f"ux.sus.{k}" for k in ("score", "n", "grade", "ci95", "interval_degenerate", "incomplete")),
    *(f"ux.task_success[].{k}" for k in ("task", "n", "successes", "rate", "ci95")),
    *(f"ux_vs_cx[].{k}" for k in ("touchpoint", "ux_task_success", "ux_sus", "ux_n", "cx_csat", "cx_nps", "cx_n",
                                  "tickets", "ticket_share", "orders", "revenue", "ux_score", "ux_basis", "cx_score",
                                  "cx_basis", "gap", "quadrant")),
    *(f"headlines[].{k}" for k in ("key", "value", "unit", "period", "previous", "change", "n", "ci", "significant",
                                   "change_moe", "interval_degenerate", "higher_is_better", "detail")),
    "story",
    *(f"cx_indicators.{i}.{k}" for i in ("product_quality", "speed_of_service", "information_availability",
                                         "staff_interaction") for k in ("value", "unit", "source", "n")),
    *(f"cx_indicators.product_quality.{k}" for k in ("orders", "returned_orders", "return_rate", "product_tickets",
                                                     "complaint_rate", "product_topics[].topic",
                                                     "product_topics[].tickets")),
    *(f"cx_indicators.speed_of_service.{k}" for k in ("first_response_within_target", "first_response_hours_median",
                                                      "n_first_response", "resolution_within_target",
                                                      "resolution_hours_median", "n_resolution",
                                                      "first_response_target_hours", "resolution_target_hours")),
    *(f"cx_indicators.information_availability.{k}" for k in (
        "ces", "ces_n", "information_tickets", "information_topics[].topic", "information_topics[].tickets",
        "ces_with_information_ticket", "n_with_information_ticket", "ces_without_information_ticket",
        "n_without_information_ticket")),
    *(f"cx_indicators.staff_interaction.{k}" for k in ("agents", "min_agent_n", "agent_csat_min", "agent_csat_max",
                                                       "agent_csat_iqr")),
    *(f"journey[].{k}" for k in ("stage", "touchpoint", "customers", "csat", "nps", "tickets", "tickets_per_1000_orders",
                                 "information_share", "task_success", "time_on_task_seconds", "revenue",
                                 "friction_score", "reasons", "reason_codes[].code", "reason_codes[].params.value",
                                 "reason_codes[].params.median", "reason_codes[].params.ratio")),
}
# Only present when something could not be computed (the tiny files: too few buyers for CLV).
SKIPPED_KEYS = {"skipped[].section", "skipped[].code", "skipped[].reason"}
# Only present for an indicator the data cannot support (the tiny files: no tickets).
MISSING_KEYS = {f"cx_indicators.{i}.{k}" for i in ("product_quality", "speed_of_service", "information_availability",
                                                   "staff_interaction") for k in ("missing", "missing_code")}
DATA_KEYED = ("datasets[].mapping", "filters.where", "filters.rows")


def key_paths(value, path: str = "") -> set[str]:
    """Every key path of a JSON document, in DOCUMENTED_KEYS notation."""
    if path in DATA_KEYED:
        return {f"{path}.*"}
    if isinstance(value, dict):
        return set().union(*(key_paths(v, f"{path}.{k}" if path else k) for k, v in value.items()))
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return set().union(*(key_paths(v, f"{path}[]") for v in value))
    return {path}


def exit_code(argv: list[str]) -> int:
    """main's return value, or the code argparse exits with (bad options exit from inside main)."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code  # type: ignore[return-value]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = exit_code(["metrics", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, *args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture(scope="module")
def sample_json() -> dict:
    # capsys is per test; the sample runs once per module, so its output is captured here
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["metrics", *SAMPLE, *CALIBRATION, "--json"])
    assert code == 0
    return json.loads(buffer.getvalue())


def test_sample_json_has_every_documented_key_and_nothing_undocumented(sample_json):
    found = key_paths(sample_json)
    # an empty list of objects (a touchpoint without reasons) is the same key as a full one
    assert {p for p in found if not any(k.startswith(f"{p}[].") for k in found)} == DOCUMENTED_KEYS


def test_sample_numbers_equal_the_library(sample_json):
    ws = load_files(sample_paths())
    nps = surveys.nps(ws.table(Kind.SURVEYS)).row(0, named=True)
    assert sample_json["surveys"]["nps"]["n"] == nps["n"]
    assert sample_json["surveys"]["nps"]["score"] == pytest.approx(nps["nps"], rel=1e-12)
    table = retention.cohort_retention(ws.table(Kind.ORDERS))
    assert [(r["cohort"], r["period"], r["customers"], r["retained"]) for r in sample_json["orders"]["retention"]] == [
        (r["cohort"], r["period"], r["customers"], r["retained"]) for r in plain(table)
    ]
    month_3 = retention.retention_at(table, 3).row(0, named=True)
    assert sample_json["orders"]["retention_at"]["month_3"]["retained"] == month_3["retained"]
    assert sample_json["orders"]["retention_at"]["month_3"]["customers"] == month_3["customers"]


def test_a_real_process_prints_the_same_document(sample_json):
    done = subprocess.run([sys.executable, "-m", "cxreport.cli", "metrics", *SAMPLE, *CALIBRATION, "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    other = json.loads(done.stdout)
    assert key_paths(other) == key_paths(sample_json)
    assert other["surveys"] == sample_json["surveys"]
    assert other["orders"]["retention"] == sample_json["orders"]["retention"]
    assert other["story"] == sample_json["story"]


def test_without_json_the_summary_is_printed(capsys):
    code, out, err = run(capsys, ORDERS, SURVEYS)
    assert (code, err) == (0, "")
    # NPS 20 ± 54.0 on 10 answers (see tests/test_report.py for the arithmetic)
    assert "NPS +20 ±54.0 (n = 10: 5 promoters, 2 passives, 3 detractors)" in out
    assert "month 1 66.7% (n = 3)" in out  # (1 + 1) of (2 + 1) customers old enough
    assert "Not computed" in out and "orders.clv.model" in out


def test_tiny_files_give_the_hand_computed_numbers_and_filters_change_them(capsys):
    everything = run_json(capsys, ORDERS, SURVEYS)
    assert everything["surveys"]["nps"]["score"] == 20.0  # 100·(5 − 3)/10
    assert everything["orders"]["retention_at"]["month_1"]["rate"] == pytest.approx(2 / 3)
    # a subset of the documented keys: an empty list of rows (no churn period observable yet) counts too
    known = DOCUMENTED_KEYS | SKIPPED_KEYS | MISSING_KEYS
    assert all(p in known or any(k.startswith(f"{p}[].") for k in known) for p in key_paths(everything))
    assert everything["orders"]["churn"]["by_period"] == []

    february = run_json(capsys, ORDERS, SURVEYS, "--from", "2025-02-01")
    # Feb on: answers 7 6 3 0 -> −75. A and B first bought in January, so the only cohort
    # shown is February's {C}, back in March: 1 / 1 (a date range never makes an old customer new).
    assert (february["surveys"]["nps"]["n"], february["surveys"]["nps"]["score"]) == (4, -75.0)
    assert february["orders"]["retention_at"]["month_1"]["rate"] == 1.0
    assert february["orders"]["retention_at"]["month_1"]["customers"] == 1
    assert february["filters"]["from"] == "2025-02-01"

    january = run_json(capsys, ORDERS, SURVEYS, "--to", "2025-01-31")
    # January only: answers 10 9 9 10 9 8 -> 100·5/6; orders of A and B only.
    assert january["surveys"]["nps"]["n"] == 6
    assert january["surveys"]["nps"]["score"] == pytest.approx(500 / 6)
    assert january["filters"]["rows"]["orders"] == {"before": 8, "after": 2}

    email = run_json(capsys, ORDERS, SURVEYS, "--where", "channel=Email")
    # Email: survey answers 10 9 9 10 9 -> 100; buyers A and C, both back the next month.
    assert (email["surveys"]["nps"]["n"], email["surveys"]["nps"]["score"]) == (5, 100.0)
    assert email["orders"]["retention_at"]["month_1"]["rate"] == 1.0
    both = run_json(capsys, ORDERS, SURVEYS, "--where", "channel=Email", "--where", "segment=Business")
    assert both["surveys"]["nps"]["n"] == 2  # R01, R02
    assert both["filters"]["where"] == {"channel": ["Email"], "segment": ["Business"]}


def test_kind_and_map_override_recognition(capsys):
    mapped = run_json(capsys, ODD, "--kind", "payments_odd.csv=orders", "--map", "customer_id=who",
                      "--map", "order_date=when", "--map", "payments_odd.csv:amount=paid")
    assert mapped["datasets"][0]["mapping"] == {"customer_id": "who", "order_date": "when", "amount": "paid"}
    # the same orders as orders_tiny.csv, so the same hand-computed retention
    assert mapped["orders"]["retention_at"]["month_1"]["rate"] == pytest.approx(2 / 3)
    assert mapped["orders"]["retention_at"]["month_3"]["rate"] == 0.5

    as_other = run_json(capsys, SURVEYS, ORDERS, "--kind", f"{SURVEYS}=other")
    assert as_other["datasets"][0]["kind"] == "other" and as_other["datasets"][0]["used"] is False
    assert "surveys" not in as_other and "orders" in as_other


@pytest.mark.parametrize(
    "args",
    [
        ["missing.csv"],
        [str(ROOT / "tests" / "data" / "bad" / "empty.csv")],
        [str(ROOT / "tests" / "data" / "bad" / "header_only.csv")],
        [str(CLI_DATA)],
        [ORDERS, "--kind", "orders_tiny.csv=invoices"],
        [ORDERS, "--kind", "elsewhere.csv=orders"],
        [ORDERS, "--kind", "orders_tiny.csv"],
        [ORDERS, "--map", "amount"],
        [ORDERS, "--map", "=amount"],
        [ORDERS, "--map", "amount=No Such Column"],
        [ORDERS, "--map", "colour=amount"],
        [ORDERS, "--where", "plan=Gold"],
        [ORDERS, "--where", "channel=Carrier pigeon"],
        [ORDERS, "--from", "2025-02-30"],
        [ORDERS, "--to", "yesterday"],
        [ORDERS, "--from", "2025-03-01", "--to", "2025-02-01"],
        [ORDERS, "--from", "2030-01-01"],
        [ORDERS, "--calibration-end", "2031-01-01"],
        [SURVEYS, "--calibration-end", "2025-02-01"],
        [ORDERS, "--period", "year"],
        [],
    ],
)
def test_bad_input_prints_one_line_and_exits_2(capsys, args):
    code = exit_code(["metrics", *args])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("cxreport: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_no_usable_file_exits_2_with_one_line_naming_each_file_and_why(capsys, tmp_path):
    # payments_odd.csv is recognised as nothing; read as orders without --map it lacks every field.
    code, out, err = run(capsys, ODD, "--json")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("cxreport: error: No file can be used for metrics: ")
    assert "payments_odd.csv (not recognised" in err
    code, out, err = run(capsys, ODD, SURVEYS, "--kind", "payments_odd.csv=orders", "--kind", "nps_tiny.csv=other")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "payments_odd.csv (read as orders but missing customer_id" in err
    assert "nps_tiny.csv (not recognised" in err
    # one usable file among unusable ones is a report, which lists the others as not used
    mixed = run_json(capsys, ODD, ORDERS)
    assert [d["used"] for d in mixed["datasets"]] == [False, True]


def test_two_identical_runs_print_byte_identical_json():
    # Separate processes: a fresh hash seed and thread pool each, so any order that depends on
    # them (sets, group-by output, parallel float sums) would show up as a differing byte.
    argv = [sys.executable, "-m", "cxreport.cli", "metrics", *SAMPLE, *CALIBRATION, "--json"]
    first, second = (subprocess.run(argv, cwd=ROOT, capture_output=True, timeout=120, check=True) for _ in range(2))
    assert first.stdout == second.stdout
    assert b'"simple"' in first.stdout and b'"spend_params"' in first.stdout


def test_calibration_end_reports_the_gamma_gamma_fit_of_the_calibration_period(sample_json):
    from cxreport.metrics.gamma_gamma import fit_gamma_gamma
    from cxreport.metrics.rfm import rfm_summary
    holdout = sample_json["orders"]["clv"]["holdout"]
    ws = load_files(sample_paths())
    orders = ws.table(Kind.ORDERS)
    # Independently: the calibration RFM up to the date, a Gamma-Gamma fit on it.
    rfm = rfm_summary(orders, time_unit="week", calibration_end="2026-03-01")
    spend = fit_gamma_gamma(rfm)
    assert holdout["spend_params"] == pytest.approx(spend.params, rel=1e-9)
    assert holdout["spend_customers"] == spend.n == int(((rfm["frequency"] > 0) & (rfm["monetary_value"] > 0)).sum())
    # and it differs from the full-period fit reported under model, which sees more purchases
    assert holdout["spend_params"] != pytest.approx(sample_json["orders"]["clv"]["model"]["params"], rel=1e-6)
    # The spend check: holdout revenue per holdout purchase day, weighted over the customers who bought.
    full = rfm_summary(orders, time_unit="week", calibration_end="2026-03-01", observation_end="2026-10-31")
    bought = full.filter((full["frequency_holdout"] > 0) & (full["monetary_value_holdout"] > 0))
    actual = (bought["frequency_holdout"] * bought["monetary_value_holdout"]).sum() / bought["frequency_holdout"].sum()
    assert holdout["holdout_spenders"] == bought.height
    assert holdout["actual_spend_mean"] == pytest.approx(actual, rel=1e-9)
    assert holdout["predicted_spend_mean"] == pytest.approx(actual, rel=0.15)


def test_simple_clv_churn_is_the_churn_section_pooled(sample_json):
    # The CLI and the Churn page read the same churn_by_period rows: the simple CLV pools them.
    rows = [r for r in sample_json["orders"]["churn"]["by_period"] if r["active_start"]]
    simple = sample_json["orders"]["clv"]["simple"]
    assert simple["churn_window_days"] == sample_json["orders"]["churn"]["window_days"]
    assert (simple["churned"], simple["active_start"]) == (sum(r["churned"] for r in rows),
                                                           sum(r["active_start"] for r in rows))
    assert simple["churn_rate"] == pytest.approx(simple["churned"] / simple["active_start"], rel=1e-12)
    assert (simple["churn_first_period"], simple["churn_last_period"]) == (rows[0]["period"], rows[-1]["period"])
    assert simple["churn_periods"] == len(rows)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_error_the_cli_can_fix_names_its_flag_in_either_language(lang, capsys):
    code = main(["metrics", str(ROOT / "sample_data" / "orders.csv"), "--from", "2025-05-01", "--to", "2025-01-01",
                 "--lang", lang])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2
    assert "2025-05-01" in err and "2025-01-01" in err and "--from" in err and "--to" in err
    assert ("Tanggal awal" in err) == (lang == "id")
