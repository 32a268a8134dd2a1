"""The canonical table: typed fields, derived order flags, kept source columns, rejections."""

from __future__ import annotations

import datetime as dt

import polars as pl

from cxreport.fields import FIELD_TYPES, Kind
from cxreport.io.dataset import load_dataset
from cxreport.io.normalise import normalise, source_column_name
from cxreport.metrics import rows

DTYPES = {"str": pl.String, "datetime": pl.Datetime("us"), "float": pl.Float64, "int": pl.Int64, "bool": pl.Boolean}


def load(data_dir, name, **kw):
    return load_dataset(name, (data_dir / name).read_bytes(), today=dt.date(2025, 1, 1), **kw)


def test_orders_typed_and_flagged(data_dir):
    ds = load(data_dir, "orders_en.csv")
    t = ds.table
    for f in ds.mapping:
        assert t.schema[f] == DTYPES[FIELD_TYPES[Kind.ORDERS][f]], f
    assert ds.dayfirst is False  # 03/15/2024: 15 can only be a day, so month first
    assert t["order_date"].to_list()[:3] == [dt.datetime(2024, 3, 15), dt.datetime(2024, 3, 15), dt.datetime(2024, 4, 2)]
    assert t["amount"].to_list() == [1250.0, 12.5, -12.0, 30.0, 99.99]
    # Which rows count is the metrics' rule (cxreport.metrics.rows), from the mapped status:
    # refunded; "Cancelled"; a customer id that contains "test" is still a customer.
    flags = t.select(refund=rows.is_full_refund(t.columns), cancelled=rows.is_cancelled(t.columns), test=rows.is_test(t.columns))
    assert flags["refund"].to_list() == [False, False, True, False, False]
    assert flags["cancelled"].to_list() == [False, False, False, False, True]
    assert flags["test"].to_list() == [False] * 5
    assert t["source_line"].to_list() == [2, 3, 4, 5, 6]


def test_indonesian_statuses_flagged(data_dir):
    t = load(data_dir, "pesanan.csv").table
    assert t["amount"].to_list() == [1250000.0, 92000.0, 46000.0]
    assert t["order_date"][0] == dt.datetime(2024, 3, 5, 14, 22)  # 05/03 read day-first (Indonesian data)
    assert t.select(rows.is_cancelled(t.columns)).to_series().to_list() == [False, True, False]  # Dibatalkan
    assert t.select(rows.is_full_refund(t.columns)).to_series().to_list() == [False, False, True]  # Pengembalian


def test_unmapped_columns_are_kept_with_src_prefix(data_dir):
    t = load(data_dir, "pesanan.csv").table
    assert source_column_name("Kota/Kabupaten") == "src_kota_kabupaten"
    assert t["src_kota_kabupaten"].to_list() == ["KOTA DENPASAR", "KOTA BEKASI", "KOTA DENPASAR"]


def test_required_field_that_does_not_parse_is_rejected_with_line_and_reason(data_dir):
    ds = load(data_dir, "ragged.csv")
    assert ds.rejected.rows() == [
        (3, "has 5 fields where the header has 4", "A2,C2,2024-03-02,20.00,extra"),
        (4, "order_date '31/31/2024' is not a date", "A3,C3,31/31/2024,30.00"),
        (6, "has 3 fields where the header has 4", "A4,C4,2024-03-04"),
    ]
    assert ds.table["order_id"].to_list() == ["A1", "A5"]


def test_a_survey_answer_outside_its_scale_is_left_out_alone(data_dir):
    ds = load(data_dir, "survey_qualtrics.csv")
    assert ds.kind is Kind.SURVEYS
    # Q1 is recognised as NPS from its question text, Q2 as CSAT, Q3 as CES.
    assert {f: ds.mapping[f] for f in ("nps_score", "csat_score", "ces_score", "comment")} == {
        "nps_score": "Q1", "csat_score": "Q2", "ces_score": "Q3", "comment": "Q4"}
    assert ds.rejected.select("line", "reason").rows() == [(7, "RecordedDate 'not a date' is not a date")]
    # R_3's NPS of 11 is left out; its CSAT, CES and comment still count.
    assert ds.table["nps_score"].to_list() == [9.0, 3.0, None]
    assert ds.table["csat_score"].to_list() == [5.0, 2.0, 4.0]
    assert ds.table["comment"].to_list() == ["Fast delivery, great beans", "Pengiriman lambat sekali", "typo in score"]
    assert ds.value_problems.select("line", "column", "value").rows() == [(6, "Q1", "11")]
    assert "outside the NPS scale 0–10" in ds.value_problems["reason"][0]


def test_tickets_reopens_default_to_zero_and_utc_marks_dropped(data_dir):
    t = load(data_dir, "tickets.json").table
    assert t["reopens"].to_list() == [0, 1] and t.schema["reopens"] == pl.Int64
    assert t["created_at"].to_list() == [dt.datetime(2024, 3, 5, 14, 22, 11), dt.datetime(2024, 3, 6, 8)]
    assert t["first_reply_at"].to_list() == [dt.datetime(2024, 3, 5, 15), None]
    assert t["handle_minutes"].to_list() == [12.0, 7.5]


def test_ux_success_from_indonesian_yes_no(data_dir):
    ds = load(data_dir, "ux_sessions.ndjson")
    assert ds.kind is Kind.UX
    assert ds.table["success"].to_list() == [True, False, True]
    assert ds.table["time_on_task_seconds"].to_list() == [75.0, 120.5, 60.0]
    assert ds.table["sus_2"].to_list() == [2.0, 2.0, 1.0]


def test_sus_item_outside_1_to_5_is_emptied_not_rejected():
    raw = pl.DataFrame({"Task": ["a", "b"], "SUS Q1": ["4", "9"]})
    out = normalise(raw, pl.Series([2, 3]), Kind.UX, {"task": "Task", "sus_1": "SUS Q1"})
    assert out.table["sus_1"].to_list() == [4.0, None]
    assert out.rejected.height == 0
    assert out.notes == ["1 values in 'SUS Q1' are outside 1–5; they are left empty."]
