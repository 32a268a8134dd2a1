"""The quality report: counts computed by hand on tiny files, and the sentence for each."""

from __future__ import annotations

import datetime as dt

from cxreport.io.dataset import load_dataset


def checks(ds) -> dict[str, tuple]:
    return {r["check"]: (r["count"], r["share"], r["severity"], r["detail"], r["action"]) for r in ds.quality.iter_rows(named=True)}


def test_orders_quality(data_dir):
    ds = load_dataset("orders_en.csv", (data_dir / "orders_en.csv").read_bytes(), today=dt.date(2024, 4, 3))
    q = checks(ds)
    assert q["rows_read"][:2] == (5, 1.0)
    assert q["rows_rejected"][0] == 0
    assert q["duplicate_rows"][0] == 0
    assert "duplicate_ids" not in q  # order 1001 has two line items: not a duplicate
    assert q["date_range"][3] == "2024-03-15 to 2024-04-03"  # what the date filter offers: not 04/05
    assert q["future_dates"][:3] == (1, 0.2, "warning")  # 04/05 is after "today" 2024-04-03; 1 of 5
    assert q["refunds"][0] == 1 and q["refunds"][4].startswith("Refund rows are subtracted from revenue")
    # the Cancelled row; "test-user" is a customer id, not a test mark
    assert q["test_or_cancelled"][:2] == (1, 0.2) and q["test_or_cancelled"][3] == "0 test, 1 cancelled"
    assert q["test_or_cancelled"][4] == "Test and cancelled orders are left out of every metric."


def test_rejections_duplicates_and_missing_ids():
    text = (
        "ticket_id,customer_id,created_at\n"
        "T1,C1,2024-03-01 10:00:00\n"
        "T1,C1,2024-03-01 10:00:00\n"   # exact duplicate, and a repeated ticket id
        "T2,,2024-03-02 10:00:00\n"     # no customer id
        "T3,C3,yesterday\n"             # rejected: not a date
        "T4,C4\n"                       # rejected: wrong field count
    ).encode()
    ds = load_dataset("tickets.csv", text, today=dt.date(2024, 6, 1))
    q = checks(ds)
    assert q["rows_read"][0] == 5  # 4 rows in the table + 1 rejected while reading
    assert q["rows_rejected"][:3] == (2, 0.4, "warning")
    assert q["duplicate_rows"][0] == 1
    assert q["duplicate_ids"][0] == 1
    assert q["missing_customer_ids"][0] == 1
    assert set(ds.quality.columns) >= {"check", "count", "share", "severity", "action"}
    assert ds.quality["action"].str.len_chars().min() > 10  # every check says what happens
