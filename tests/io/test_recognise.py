"""Kind and column recognition: header words (English, Indonesian), content, the sample data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cxreport.fields import Kind
from cxreport.io.dataset import load_dataset
from cxreport.io.recognise import recognise
from cxreport.io.vocabulary import header_tokens

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def test_header_tokens():
    assert header_tokens("Username (Pembeli)") == ("username", "pembeli")
    assert header_tokens("No. Pesanan") == ("no", "pesanan")
    assert header_tokens("RecordedDate") == ("recorded", "date")
    assert header_tokens("sus1") == ("sus", "1") == header_tokens("SUS_1")
    assert header_tokens("Kategori Pelanggan Ärger") == ("kategori", "pelanggan", "arger")


def test_marketplace_headers_in_indonesian(data_dir):
    ds = load_dataset("pesanan.csv", (data_dir / "pesanan.csv").read_bytes())
    assert ds.kind is Kind.ORDERS
    assert ds.mapping == {
        "order_id": "No. Pesanan", "status": "Status Pesanan", "order_date": "Waktu Pesanan Dibuat",
        "customer_id": "Username (Pembeli)", "product": "Nama Produk", "quantity": "Jumlah",
        "amount": "Total Pembayaran", "region": "Provinsi",
    }
    assert all(0.5 <= c <= 1 for c in ds.confidence.values())


def test_content_decides_between_headers_that_both_match():
    # Both headers contain "date"-ish words, but only one holds dates; "Tanggal" is a date.
    frame = pl.DataFrame({
        "Pelanggan": ["C1", "C2", "C3", "C4"], "Tanggal": ["05/03/2024", "06/03/2024", "07/03/2024", "08/03/2024"],
        "Harga": ["Rp 10.000", "Rp 12.000", "Rp 9.000", "Rp 15.000"], "Kanal": ["web", "web", "app", "web"],
    })
    found = recognise(frame, file_name="penjualan.csv")
    assert found.kind is Kind.ORDERS
    assert found.mapping == {"customer_id": "Pelanggan", "order_date": "Tanggal", "amount": "Harga", "channel": "Kanal"}


def test_header_without_fitting_content_is_not_mapped():
    # The header contains a synonym (score 0.9) but holds words, not 0-10 scores:
    # 0.9 x (0.5 + 0.5 x 0) = 0.45, below the 0.5 threshold.
    frame = pl.DataFrame({"Response date": ["2024-03-05"] * 3, "Likelihood to recommend score x": ["good", "bad", "ok"]})
    found = recognise(frame)
    assert "nps_score" not in found.mapping


def test_unrecognisable_table_is_other():
    found = recognise(pl.DataFrame({"foo": ["1", "2"], "bar": ["x", "y"]}))
    assert found.kind is Kind.OTHER and found.mapping == {}
    assert [k for k, _ in found.runner_up] and all(s < 0.35 for _, s in found.runner_up)


def test_sus_items_from_several_header_styles():
    frame = pl.DataFrame({"Task": ["a", "b"], "SUS Q1": ["4", "5"], "SUS_2": ["2", "1"], "sus3": ["4", "4"], "Q4 SUS": ["2", "2"], "SUS Q10": ["1", "2"]})
    found = recognise(frame)
    assert found.kind is Kind.UX
    assert {f: c for f, c in found.mapping.items() if f.startswith("sus")} == {
        "sus_1": "SUS Q1", "sus_2": "SUS_2", "sus_3": "sus3", "sus_4": "Q4 SUS", "sus_10": "SUS Q10"}


SAMPLE_EXPECTED = {
    "orders.csv": (Kind.ORDERS, {
        "order_id": "Order ID", "customer_id": "Customer ID", "order_date": "Order Date", "product": "Product",
        "quantity": "Quantity", "amount": "Line Total", "status": "Status", "channel": "Sales Channel",
        "segment": "Segment", "region": "Region"}),
    "pesanan_marketplace.csv": (Kind.ORDERS, {
        "order_id": "No. Pesanan", "status": "Status Pesanan", "order_date": "Waktu Pesanan Dibuat",
        "customer_id": "Username (Pembeli)", "product": "Nama Produk", "quantity": "Jumlah",
        "amount": "Total Pembayaran", "region": "Provinsi"}),
    "subscriptions.csv": (Kind.SUBSCRIPTIONS, {
        "subscription_id": "subscription_id", "customer_id": "customer_id", "plan": "plan", "mrr": "mrr",
        "start_date": "started_at", "cancel_date": "cancelled_at", "status": "status", "segment": "segment",
        "channel": "acquisition_channel", "region": "region"}),
    "survey_responses.csv": (Kind.SURVEYS, {
        "response_id": "ResponseId", "response_date": "RecordedDate", "customer_id": "CustomerID",
        "nps_score": "Q_NPS", "csat_score": "Q_CSAT", "ces_score": "Q_CES", "comment": "Q_Comment",
        "touchpoint": "Touchpoint", "segment": "Segment", "channel": "Channel"}),
    "tickets.csv": (Kind.TICKETS, {
        "ticket_id": "Ticket ID", "customer_id": "Requester ID", "created_at": "Created at",
        "first_reply_at": "First reply at", "solved_at": "Solved at", "status": "Status", "agent": "Assignee",
        "channel": "Channel", "handle_minutes": "Handle time (min)", "reopens": "Reopens",
        "csat_score": "Satisfaction", "touchpoint": "Journey stage", "topic": "Topic"}),
    "ux_usability_tests.xlsx": (Kind.UX, {
        "participant_id": "Participant", "customer_id": "Customer ID", "test_date": "Session date", "task": "Task",
        "touchpoint": "Journey stage", "success": "Completed", "time_on_task_seconds": "Time on task (s)",
        "errors": "Errors", "segment": "Segment", **{f"sus_{i}": f"SUS Q{i}" for i in range(1, 11)}}),
}


@pytest.mark.parametrize("file", sorted(SAMPLE_EXPECTED))
def test_sample_data_is_recognised(file):
    path = SAMPLE / file
    if not path.exists():
        pytest.skip(f"{path} not generated yet")
    ds = load_dataset(file, path.read_bytes())
    kind, mapping = SAMPLE_EXPECTED[file]
    assert ds.kind is kind
    assert ds.mapping == mapping
    assert ds.kind_confidence >= 0.75
    assert ds.rejected.height == 0
    if file == "pesanan_marketplace.csv":
        assert ds.currency == "IDR" and ds.dayfirst is True
    if file == "survey_responses.csv":
        assert ds.notes[0] == "Skipped 2 extra header rows (Qualtrics export)."
