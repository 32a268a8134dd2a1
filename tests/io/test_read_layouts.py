"""Layouts of issue 10: whitespace-aligned and header-less text (CDNOW), a description row
under the header (TikTok Shop, Tokopedia), and a PDF with a workbook's name."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from cxreport.errors import FileProblem
from cxreport.io.dataset import load_dataset
from cxreport.io.read import WHITESPACE, read_table

CDNOW_HEADERLESS = (
    "00001 19970101  1  11.77\n"
    "00002 19970112  1  12.00\n"
    "00002 19970112  5  77.00\n"
    "00003 19970102  2  20.76\n"
    "00003 19970330  2  20.76\n"
)

CDNOW_WITH_HEADER = (
    "customer_id   order_date   quantity   amount\n"
    "      00001     19970101          1    11.77\n"
    "      00002     19970112          1    12.00\n"
    "      00002     19970112          5    77.00\n"
    "      00003     19970102          2    20.76\n"
)


def test_a_whitespace_aligned_table_is_read_as_columns():
    raw = read_table("cdnow.txt", CDNOW_WITH_HEADER.encode())
    assert raw.delimiter == WHITESPACE
    assert raw.frame.columns == ["customer_id", "order_date", "quantity", "amount"]
    assert raw.frame.row(2) == ("00002", "19970112", "5", "77.00")
    assert raw.lines.to_list() == [2, 3, 4, 5]


def test_headers_with_single_spaces_keep_them_when_runs_of_two_separate():
    text = "Order ID    Customer ID    Amount\nA1          C1             10.00\nA2          C2             12.50\n"
    raw = read_table("aligned.txt", text.encode())
    assert raw.frame.columns == ["Order ID", "Customer ID", "Amount"]
    assert raw.frame["Amount"].to_list() == ["10.00", "12.50"]


def test_a_headerless_file_gets_numbered_columns_and_keeps_every_row(tmp_path):
    raw = read_table("CDNOW_master.txt", CDNOW_HEADERLESS.encode())
    assert raw.frame.columns == ["column_1", "column_2", "column_3", "column_4"]
    assert raw.lines.to_list() == [1, 2, 3, 4, 5]  # the first line is data
    assert any("no header row" in n for n in raw.notes)
    # Independently: DuckDB's own reading of the same file, columns split on spaces.
    path = tmp_path / "cdnow.txt"
    path.write_text(CDNOW_HEADERLESS)
    expected = duckdb.connect().execute(
        "SELECT string_split(regexp_replace(trim(column0), '\\s+', ' ', 'g'), ' ') FROM read_csv(?, header=false, "
        "sep='\\x1f', columns={'column0': 'VARCHAR'})", [str(path)]).fetchall()
    assert raw.frame.rows() == [tuple(r[0]) for r in expected]


def test_a_headerless_file_is_mapped_by_the_user_and_then_computes():
    ds = load_dataset("CDNOW_master.txt", CDNOW_HEADERLESS.encode(), kind="orders",
                      mapping={"customer_id": "column_1", "order_date": "column_2", "quantity": "column_3",
                               "amount": "column_4"})
    assert ds.table["amount"].sum() == pytest.approx(11.77 + 12.00 + 77.00 + 20.76 + 20.76)
    assert ds.table["order_date"].cast(pl.Date).to_list()[:2] == [dt.date(1997, 1, 1), dt.date(1997, 1, 12)]


TIKTOK = (
    "Order ID,Order Status,SKU ID,Quantity,Order Amount,Created Time,Buyer Username\n"
    "Platform unique order ID.,The current status of the order.,Platform unique SKU ID.,"
    "The number of items of this SKU in the order.,The total amount the buyer paid for the order.,"
    "The time the order was created.,The buyer's TikTok username.\n"
    "576461234567890001,Completed,1729384756,2,Rp 150.000,01/03/2024 10:15:00,budi_s\n"
    "576461234567890002,Cancelled,1729384757,1,Rp 75.000,02/03/2024 11:20:00,sari88\n"
    "576461234567890003,Completed,1729384756,3,Rp 225.000,03/03/2024 09:05:00,budi_s\n"
)


def test_a_description_row_is_skipped_and_kept_as_descriptions():
    raw = read_table("tiktok_orders.csv", TIKTOK.encode())
    assert raw.header_rows_skipped == 1
    assert raw.descriptions["Order Amount"] == "The total amount the buyer paid for the order."
    assert len(raw.descriptions) == 7
    assert raw.frame["Order ID"].to_list() == ["576461234567890001", "576461234567890002", "576461234567890003"]
    assert raw.lines.to_list() == [3, 4, 5]
    assert any("description of each column" in n for n in raw.notes)


def test_the_tiktok_export_then_reads_as_orders():
    ds = load_dataset("tiktok_orders.csv", TIKTOK.encode())
    assert ds.kind.value == "orders" and ds.mapping["amount"] == "Order Amount"
    assert ds.table["amount"].to_list() == [150000.0, 75000.0, 225000.0]


def test_a_description_row_in_a_workbook_is_skipped_too():
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for line in TIKTOK.splitlines():
        wb.active.append(line.split(","))
    out = io.BytesIO()
    wb.save(out)
    raw = read_table("tiktok.xlsx", out.getvalue())
    assert raw.header_rows_skipped == 1 and raw.lines.to_list() == [3, 4, 5]


@pytest.mark.parametrize("text", [
    # Plain data whose first row is short words, like every other row: not a description.
    "Customer ID,City,Note\nC1,Jakarta,fast delivery please\nC2,Bandung,call before arriving today\nC3,Medan,ok\n",
    # Free-text answers: the first row is prose, but so are the rows below it.
    "Respondent,Comment\nR1,The app is slow to load every morning\nR2,Checkout failed twice this week\n"
    "R3,Great service from the courier today\n",
])
def test_data_rows_are_not_mistaken_for_descriptions(text):
    raw = read_table("plain.csv", text.encode())
    assert raw.header_rows_skipped == 0 and raw.descriptions == {}


def test_a_pdf_named_like_a_workbook_is_not_a_table():
    with pytest.raises(FileProblem) as err:
        read_table("orders.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    assert err.value.code == "binary_file"


@pytest.mark.parametrize(("data", "lines"), [
    (b"a,b\n1,2\n3,4\n   \n", [2, 3]),  # whitespace-only last line
    (b"a,b\n1,2\n\n3,4\n", [2, 4]),  # blank line inside: line numbers still count it
    (b"a,b\r\n1,2\r\n3,4", [2, 3]),  # Windows line ends, no final newline
    (b"a,b\r1,2\r3,4\r", [2, 3]),  # classic Mac line ends
])
def test_blank_lines_never_become_rows(data, lines):
    raw = read_table("x.csv", data)
    assert raw.frame.rows() == [("1", "2"), ("3", "4")] and raw.lines.to_list() == lines
