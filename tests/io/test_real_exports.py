"""What real helpdesk and shop exports do: durations instead of timestamps, satisfaction as
words, order totals on the first line-item row only. Fixtures in tests/data/real/."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest

from cxreport.fields import Kind
from cxreport.io import values as v
from cxreport.io.dataset import load_dataset
from cxreport.io.vocabulary import duration_basis, duration_unit
from cxreport.metrics._frames import valid_orders
from cxreport.metrics import rows


def load(data_dir, name, **kw):
    return load_dataset(name, (data_dir / "real" / name).read_bytes(), today=dt.date(2025, 1, 1), **kw)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_csv(out)
    return out.getvalue()


# --- durations ---------------------------------------------------------------------------------


def test_zendesk_minutes_and_good_bad_are_recognised(data_dir):
    ds = load(data_dir, "zendesk_tickets.csv")
    assert ds.kind is Kind.TICKETS and ds.ready
    m = ds.mapping
    # The calendar columns win over their "within business hours" twins.
    assert m["first_response_minutes"] == "First reply time in minutes"
    assert m["resolution_minutes"] == "Full resolution time in minutes"
    assert m["csat_score"] == "Satisfaction Score"
    assert m["customer_id"] == "Requester id"
    assert (m["created_at"], m["agent"], m["channel"], m["reopens"]) == ("Created at", "Assignee", "Via", "Reopens")
    # Other durations are not response or resolution times: kept as source columns only.
    for header in ("First reply time in minutes within business hours", "Requester wait time in minutes",
                   "Agent wait time in minutes"):
        assert header not in m.values()
    assert "src_requester_wait_time_in_minutes" in ds.table.columns
    assert ds.rejected.is_empty()


def test_zendesk_values(data_dir):
    ds = load(data_dir, "zendesk_tickets.csv")
    t = ds.table
    assert t.schema["first_response_minutes"] == pl.Float64 and t.schema["resolution_minutes"] == pl.Float64
    assert t["first_response_minutes"].to_list() == [30.0, 600.0, 5.0, 90.0, 15.0]
    assert t["resolution_minutes"].to_list() == [120.0, 1440.0, 45.0, 2880.0, None]  # ticket 105 is open
    # Good = 5, Bad = 1; Offered, Unoffered and blank = no rating.
    assert t["csat_score"].to_list() == [5.0, 1.0, None, None, None]
    notes = " ".join(ds.notes)
    assert "Good, Satisfied and Puas count as 5" in notes and "Bad, Unsatisfied and Tidak puas as 1" in notes
    assert "2 values in 'Satisfaction Score'" in notes and "Offered, Unoffered" in notes
    assert "are not numbers" not in notes  # "Offered" is no rating, not an unreadable value
    assert "converted" not in notes  # minutes need no conversion


def test_zendesk_business_hours_only_are_used_and_said(data_dir):
    raw = pl.read_csv(data_dir / "real" / "zendesk_tickets.csv", infer_schema=False)
    business = raw.drop("First reply time in minutes", "Full resolution time in minutes")
    ds = load_dataset("zendesk_tickets.csv", csv_bytes(business), today=dt.date(2025, 1, 1))
    assert ds.mapping["first_response_minutes"] == "First reply time in minutes within business hours"
    assert ds.mapping["resolution_minutes"] == "Full resolution time in minutes within business hours"
    assert ds.table["first_response_minutes"].to_list() == [30.0, 60.0, 5.0, 90.0, 15.0]
    assert sum("counts business hours only" in n for n in ds.notes) == 2


def test_freshdesk_hours_are_converted_to_minutes(data_dir):
    ds = load(data_dir, "freshdesk_tickets.csv")
    assert ds.kind is Kind.TICKETS and ds.ready
    assert ds.mapping["first_response_minutes"] == "First Response Time (in Hrs)"
    assert ds.mapping["resolution_minutes"] == "Resolution Time (in Hrs)"
    assert (ds.mapping["created_at"], ds.mapping["ticket_id"]) == ("Created time", "Ticket ID")
    t = ds.table
    assert t["first_response_minutes"].to_list() == pytest.approx([15.0, 90.0, 30.0, 180.0])
    assert t["resolution_minutes"].to_list()[:3] == pytest.approx([150.0, 1560.0, 240.0])
    assert t["resolution_minutes"][3] is None
    assert "'First Response Time (in Hrs)' is in hours; it was converted to minutes (×60)." in ds.notes
    assert "'Resolution Time (in Hrs)' is in hours; it was converted to minutes (×60)." in ds.notes
    assert t["csat_score"].to_list() == [5.0, 1.0, None, None]  # Satisfied, Unsatisfied


def test_indonesian_minutes_hours_and_puas():
    text = (
        "ID Tiket,Dibuat,Agen,Waktu respons pertama (menit),Waktu penyelesaian (jam),Kepuasan\n"
        "T1,2024-07-01 08:00,Ani,12,1.5,Puas\n"
        "T2,2024-07-01 09:00,Budi,45,26,Tidak puas\n"
        "T3,2024-07-02 10:00,Ani,1:30,,\n"
    )
    ds = load_dataset("tiket.csv", text.encode(), today=dt.date(2025, 1, 1))
    assert ds.kind is Kind.TICKETS
    assert ds.mapping["first_response_minutes"] == "Waktu respons pertama (menit)"
    assert ds.mapping["resolution_minutes"] == "Waktu penyelesaian (jam)"
    assert ds.mapping["created_at"] == "Dibuat" and ds.mapping["csat_score"] == "Kepuasan"
    assert ds.table["first_response_minutes"].to_list() == [12.0, 45.0, 90.0]  # 1:30 is a clock duration
    assert ds.table["resolution_minutes"].to_list() == [90.0, 1560.0, None]
    assert ds.table["csat_score"].to_list() == [5.0, 1.0, None]
    assert any("'Waktu penyelesaian (jam)' is in hours" in n for n in ds.notes)


def test_timestamps_still_map_to_timestamp_fields(data_dir):
    # A "first reply at" column of dates stays a timestamp, never a duration.
    ds = load_dataset("tickets.json", (data_dir / "tickets.json").read_bytes(), today=dt.date(2025, 1, 1))
    assert (ds.mapping["first_reply_at"], ds.mapping["solved_at"]) == ("First reply at", "Solved at")
    assert ds.mapping["handle_minutes"] == "Handle time (min)"
    assert "first_response_minutes" not in ds.mapping and "resolution_minutes" not in ds.mapping


def test_duration_header_units_and_basis():
    assert duration_unit("Resolution Time (in Hrs)") == (60.0, "hrs")
    assert duration_unit("First reply time in minutes within business hours") == (1.0, "minutes")  # not "hours"
    assert duration_unit("Waktu respons pertama (menit)") == (1.0, "menit")
    assert duration_unit("Time to first response (seconds)")[0] == pytest.approx(1 / 60)
    assert duration_unit("First response time") == (1.0, None)
    assert duration_unit("Resolution time (h)") == (60.0, "h")
    assert duration_unit("Agent's first response time") == (1.0, None)  # the "s" of "Agent's" is no unit
    assert duration_basis("First reply time in minutes within business hours") == "business"
    assert duration_basis("Waktu respons pertama (jam kerja)") == "business"
    assert duration_basis("First reply time (calendar hours)") == "calendar"
    assert duration_basis("First Response Time (in Hrs)") == "as exported"


def test_parse_durations():
    s = pl.Series(["1.5", "26:30", "0:01:30", "-0:30", "soon", None])
    assert v.parse_durations(s, unit_minutes=60).to_list() == [90.0, 1590.0, 1.5, -30.0, None, None]


def test_parse_ratings_two_answers_and_five_labels():
    two = v.parse_ratings(pl.Series(["Good", "bad", "Offered", "Unoffered", None, "4", " Tidak puas ", "Satisfied"]))
    assert two.values.to_list() == [5.0, 1.0, None, None, None, 4.0, 1.0, 5.0]
    assert (two.scale, two.words) == ("two answers", 4)
    assert two.no_rating.to_list() == [False, False, True, True, False, False, False, False]
    # With a five-label-only word in the column, "Satisfied" is 4, not 5 (top-2-box unchanged).
    five = v.parse_ratings(pl.Series(["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Sangat tidak puas"]))
    assert five.values.to_list() == [5.0, 4.0, 3.0, 2.0, 1.0]
    assert five.scale == "five labels"
    assert v.parse_ratings(pl.Series(["1", "5"])).scale is None


# --- order totals on the first line-item row --------------------------------------------------


def test_shopify_line_items_are_kept_with_amount_zero(data_dir):
    ds = load(data_dir, "shopify_orders.csv")
    assert ds.kind is Kind.ORDERS
    m = ds.mapping
    assert (m["order_id"], m["customer_id"], m["order_date"], m["amount"]) == ("Name", "Email", "Created at", "Total")
    assert (m["quantity"], m["product"], m["status"]) == ("Lineitem quantity", "Lineitem name", "Financial Status")
    t = ds.table
    assert t["order_id"].to_list() == ["#1001", "#1001", "#1002", "#1002"]
    assert t["amount"].to_list() == [170000.0, 0.0, 110000.0, 0.0]
    assert t["quantity"].to_list() == [1.0, 2.0, 1.0, 1.0]
    assert t["product"].to_list() == ["Kopi Arabika 250g", "Drip Bag", "Kopi Robusta 250g", "Filter Paper"]
    # Order-level fields empty on later lines take the order's value.
    assert t["status"].to_list() == ["paid"] * 4
    assert t["region"].to_list() == ["Bali", "Bali", "Jawa Barat", "Jawa Barat"]
    flags = t.select(rows.is_cancelled(t.columns), rows.is_full_refund(t.columns).alias("refund"))
    assert flags.to_series(0).to_list() == [False] * 4 and flags.to_series(1).to_list() == [False] * 4
    assert ("2 line-item rows carry the order total on the first row only (Shopify style); "
            "their amount counts as 0.") in " ".join(ds.notes)
    # #1003 has no total on any row: still rejected.
    assert ds.rejected.select("line", "reason").rows() == [(6, "Total is empty")]


def test_shopify_revenue_equals_the_order_totals(data_dir):
    ds = load(data_dir, "shopify_orders.csv")
    orders = valid_orders(ds.table).collect()
    assert orders.height == 4
    assert orders["amount"].sum() == 170000.0 + 110000.0
    per_order = orders.group_by("order_id").agg(pl.col("amount").sum()).sort("order_id")
    assert per_order.rows() == [("#1001", 170000.0), ("#1002", 110000.0)]


def test_line_items_of_a_cancelled_order_are_cancelled_too():
    text = (
        "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name\n"
        "#2001,a@example.com,voided,50.00,2024-05-02 10:00,1,Beans\n"
        "#2001,a@example.com,,,2024-05-02 10:00,1,Filter\n"
        "#2002,b@example.com,paid,20.00,2024-05-03 10:00,1,Beans\n"
        "#2002,b@example.com,,,2024-05-03 10:00,1,Mug\n"
    )
    ds = load_dataset("orders.csv", text.encode(), today=dt.date(2025, 1, 1))
    assert ds.table.select(rows.is_cancelled(ds.table.columns)).to_series().to_list() == [True, True, False, False]
    orders = valid_orders(ds.table).collect()
    assert orders["order_id"].to_list() == ["#2002", "#2002"]
    assert orders["amount"].sum() == 20.0


def test_empty_amount_without_order_id_is_still_rejected(data_dir):
    # orders without an order id column cannot tell line items from bad rows
    text = "Customer,Date,Amount\nC1,2024-01-02,10.00\nC1,2024-01-02,\n"
    ds = load_dataset("orders.csv", text.encode(), today=dt.date(2025, 1, 1))
    assert ds.rejected.select("line", "reason").rows() == [(3, "Amount is empty")]
    assert not any("line-item" in n for n in ds.notes)
