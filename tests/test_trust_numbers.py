"""Right numbers on other tools' exports: each case's answer is known by construction
(tests/data/make_trust_exports.py) and, where it is a sum over the raw file, recomputed
with a few lines of DuckDB SQL that share no code with cxreport."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cxreport.io.dataset import load_dataset, remap
from cxreport.fields import Kind
from cxreport.metrics import churn, rows, service, surveys
from cxreport.metrics._frames import valid_orders, valid_subscriptions
from cxreport.headlines import headlines
from cxreport.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parent / "data"))
import make_trust_exports as make  # noqa: E402

TODAY = dt.date(2026, 12, 1)


def load(export, **kw):
    return load_dataset(export.name, export.data, today=TODAY, **kw)


def raw_sql(export, sql: str, tmp_path) -> float:
    path = tmp_path / export.name
    path.write_bytes(export.data)
    con = duckdb.connect()
    return con.execute(sql.replace("FILE", f"read_csv('{path}', all_varchar=true)")).fetchone()[0]


# --- money and line items ---------------------------------------------------------------------


def test_shopee_amounts_without_rp_are_thousands_and_each_order_counts_once(tmp_path):
    export = make.shopee_repeated_totals()
    ds = load(export)
    assert ds.platform == "Shopee" and ds.currency == "IDR"
    assert ds.decimal_comma is True
    revenue = valid_orders(ds.table).select(pl.col("amount").sum()).collect().item()
    assert revenue == pytest.approx(export.expected["revenue"])
    # Independently: one total per completed order, dots removed, straight from the raw file.
    independent = raw_sql(export, """
        SELECT sum(total) FROM (
          SELECT DISTINCT "No. Pesanan", CAST(replace("Total Pembayaran", '.', '') AS BIGINT) AS total
          FROM FILE WHERE "Status Pesanan" = 'Selesai')""", tmp_path)
    assert revenue == pytest.approx(independent)
    notes = " ".join(ds.notes)
    assert "read as thousands" in notes and "repeats the order's total" in notes


def test_the_number_style_can_be_flipped_and_the_flip_is_kept_on_remap():
    ds = load(make.shopee_repeated_totals())
    flipped = remap(ds, decimal_comma=False)
    assert flipped.table["amount"].max() < 1000  # 344.000 read as 344
    assert "Money read as you chose: 1,250,000.50." in flipped.notes
    again = remap(flipped, mapping=dict(flipped.mapping))
    assert again.table["amount"].to_list() == flipped.table["amount"].to_list()
    forced = load(make.shopee_repeated_totals(), decimal_comma=True)
    assert forced.table.filter(pl.col("amount") > 0)["amount"].min() >= 25_000


def test_thousands_are_not_assumed_outside_indonesian_exports():
    text = b"order_id,customer_id,order_date,amount\nA,C1,2025-01-01,344.000\nB,C2,2025-01-02,12.500\n"
    ds = load_dataset("orders.csv", text, today=TODAY)
    assert ds.table["amount"].to_list() == [344.0, 12.5]
    assert any("read with a decimal point" in n for n in ds.notes)  # said, so the user can flip it


# --- which rows count -------------------------------------------------------------------------


def test_shopify_test_refund_and_cancel_marks(tmp_path):
    export = make.shopify_marks()
    ds = load(export)
    m = ds.mapping
    assert (m["tags"], m["payment_gateway"], m["refunded_amount"], m["is_cancelled"], m["currency"]) == (
        "Tags", "Payment Method", "Refunded Amount", "Cancelled at", "Currency")
    assert ds.currency == "USD"
    valid = valid_orders(ds.table).collect()
    assert sorted(set(valid["order_id"])) == sorted(export.expected["purchases"] + ["#1006"])
    assert valid["amount"].sum() == pytest.approx(export.expected["revenue"])
    buyers = valid.filter("is_purchase")["customer_id"].unique().sort().to_list()
    assert buyers == export.expected["customers"]  # contest.winner@, m.latest@, greatestfan@ are customers
    excluded = ds.table.filter(rows.is_test(ds.table.columns) | rows.is_cancelled(ds.table.columns))
    assert sorted(set(excluded["order_id"])) == export.expected["excluded"]
    # Independently: totals of orders not tested, cancelled or voided, less refunded amounts.
    independent = raw_sql(export, """
        SELECT sum(CAST("Total" AS DOUBLE) - coalesce(CAST(nullif("Refunded Amount", '') AS DOUBLE), 0)) FROM FILE
        WHERE "Total" IS NOT NULL AND "Cancelled at" IS NULL
          AND NOT regexp_matches(coalesce("Tags", ''), '(^|,)\\s*test\\s*(,|$)')
          AND NOT regexp_matches(coalesce("Payment Method", ''), '(?i)bogus')""", tmp_path)
    assert valid["amount"].sum() == pytest.approx(independent)


def test_a_test_mark_is_a_word_not_letters_inside_an_address():
    t = pl.DataFrame({"customer_id": ["contest.winner@x.com", "m.latest@x.com", "a@x.com", "b@x.com", "c@x.com"],
                      "order_id": ["TESTING-1", "2", "3", "4", "5"],
                      "status": ["paid", "paid", "Test", "paid", "paid"],
                      "note": ["", "", "", " Test. ", "please test the grinder"]})
    assert t.select(rows.is_test(t.columns)).to_series().to_list() == [False, False, True, True, False]


def test_one_typo_year_changes_no_churn_figure():
    clean, typo = make.orders_with_a_typo_year()
    a, b = load(clean), load(typo)
    assert any("far beyond the rest of the export" in n or "after today" in n for n in b.notes)
    future = b.quality.filter(pl.col("check") == "future_dates").row(0, named=True)
    assert future["count"] == 1 and "2062-05-14" in future["detail"]
    rates_a = churn.churn_by_period(a.table, window_days=60, period="month")
    rates_b = churn.churn_by_period(b.table, window_days=60, period="month")
    assert rates_a.equals(rates_b)
    standing_a = churn.customers_at_risk(a.table, window_days=60).sort("customer_id")
    standing_b = churn.customers_at_risk(b.table, window_days=60).sort("customer_id")
    assert standing_a.equals(standing_b)
    # Nor the range the date filter offers, nor the period the Overview's cards are for.
    spans = []
    for ds in (a, b):
        ws = Workspace()
        ws.add(ds)
        spans.append(ws.date_span())
    assert spans[0] == spans[1] and spans[1][1].year < 2062
    assert b.quality.filter(pl.col("check") == "date_range").item(0, "detail") == \
        a.quality.filter(pl.col("check") == "date_range").item(0, "detail")
    cards_a = {h.key: (h.value, h.period) for h in headlines({Kind.ORDERS: a.table})}
    cards_b = {h.key: (h.value, h.period) for h in headlines({Kind.ORDERS: b.table})}
    assert "revenue" in cards_b and cards_a["revenue"] == cards_b["revenue"]
    spans_of = lambda table: {h.key: h.span for h in headlines({Kind.ORDERS: table}) if h.span}  # noqa: E731
    assert spans_of(b.table) == spans_of(a.table) and spans_of(b.table)  # "Jan 2025 – Nov 2025", not "– May 2062"


def test_a_stray_year_before_today_is_also_left_out():
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(300)]
    t = pl.DataFrame({"customer_id": [f"C{i % 40}" for i in range(301)], "amount": [10.0] * 301,
                      "order_date": [dt.datetime.combine(d, dt.time()) for d in [*days, dt.date(2026, 11, 30)]]})
    valid = valid_orders(t, as_of=dt.date(2026, 12, 1)).collect()
    assert valid.height == 300 and valid["day"].max() == days[-1]


def test_a_cancellation_after_today_is_scheduled_not_churn():
    export = make.subscriptions_with_scheduled_cancellations(TODAY)
    ds = load(export)
    subs = valid_subscriptions(ds.table, as_of=TODAY).collect()
    cancelled = subs.filter(pl.col("cancel_day").is_not_null())["subscription_id"].to_list()
    assert cancelled == export.expected["cancelled"]


# --- surveys ----------------------------------------------------------------------------------


def test_a_missing_answer_leaves_the_other_answers_counted():
    export = make.survey_with_missing_answers()
    ds = load(export)
    assert ds.rejected.height == 0
    n = surveys.nps(ds.table).row(0, named=True)
    assert (n["n"], n["nps"]) == (export.expected["nps_n"], pytest.approx(export.expected["nps"]))
    c = surveys.csat(ds.table).row(0, named=True)
    assert c["n"] == export.expected["csat_n"] and c["csat"] == pytest.approx(export.expected["csat"])
    e = surveys.ces(ds.table).row(0, named=True)
    assert e["n"] == export.expected["ces_n"] and e["mean_score"] == pytest.approx(export.expected["ces_mean"])
    assert ds.value_problems.select("line", "column", "value").rows() == export.expected["value_problems"]


# --- recognition of other tools' headers ----------------------------------------------------------


@pytest.mark.parametrize("tool", sorted(make.HELPDESK_EXPORTS))
def test_helpdesk_exports_are_recognised_and_timed(tool):
    export = make.helpdesk_export(tool)
    ds = load(export)
    assert ds.kind is Kind.TICKETS
    assert {f: ds.mapping.get(f) for f in export.expected["mapping"]} == export.expected["mapping"]
    times = service.response_times(ds.table).row(0, named=True)
    assert times["first_response_hours_median"] == pytest.approx(export.expected["first_reply_median_hours"])
    assert times["resolution_hours_median"] == pytest.approx(export.expected["resolution_median_hours"])


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Order,Account,Placed At,Total\nA1,acme,2024-06-03,120.00\nA2,globex,2024-06-04,80.00\n", Kind.ORDERS,
     {"order_id": "Order", "customer_id": "Account", "order_date": "Placed At", "amount": "Total"}),
    ("Subscription,Account,Plan,Monthly Fee,Started,Ended\nS1,acme,Pro,99,2024-01-01,\nS2,globex,Basic,29,2024-02-01,2024-05-01\n",
     Kind.SUBSCRIPTIONS, {"customer_id": "Account", "mrr": "Monthly Fee", "start_date": "Started", "cancel_date": "Ended"}),
])
def test_account_placed_at_and_monthly_fee_headers(text, kind, expected):
    ds = load_dataset("export.csv", text.encode(), today=TODAY)
    assert ds.kind is kind
    assert {f: ds.mapping.get(f) for f in expected} == expected


def test_the_command_line_can_force_the_number_style(tmp_path):
    import json
    import subprocess

    export = make.shopee_repeated_totals()
    path = tmp_path / export.name
    path.write_bytes(export.data)

    def revenue(*extra: str) -> tuple[float, list[str]]:
        out = subprocess.run([sys.executable, "-m", "cxreport.cli", "metrics", str(path), "--json", *extra],
                             capture_output=True, text=True, check=True)
        report = json.loads(out.stdout)
        orders = valid_orders(load_dataset(export.name, export.data, today=TODAY,
                                           decimal_comma=None if not extra else extra[-1] == "comma").table)
        return orders.select(pl.col("amount").sum()).collect().item(), report["datasets"][0]["notes"]

    auto, notes = revenue()
    assert auto == pytest.approx(export.expected["revenue"])
    assert any("read as thousands" in n for n in notes)
    point, notes = revenue("--number-style", "point")
    assert point == pytest.approx(export.expected["revenue"] / 1000)
    assert "Money read as you chose: 1,250,000.50." in notes
