"""Reading every supported format into strings, with line numbers and rejected lines."""

from __future__ import annotations

import polars as pl
import pytest

from cxreport.io.read import read_table, sniff_delimiter


def read(path, **kw):
    return read_table(path.name, path.read_bytes(), **kw)


@pytest.mark.parametrize(
    ("file", "fmt", "delimiter"),
    [("orders_en.csv", "csv", ","), ("pesanan.csv", "csv", ";"), ("tickets.tsv", "csv", "\t"), ("langganan.txt", "csv", "|")],
)
def test_delimiter_is_sniffed(data_dir, file, fmt, delimiter):
    raw = read(data_dir / file)
    assert (raw.format, raw.delimiter, raw.encoding) == (fmt, delimiter, "utf-8")
    assert all(t == pl.String for t in raw.frame.dtypes)


def test_commas_inside_quotes_do_not_decide_the_delimiter():
    assert sniff_delimiter(['a;b;c', '"x, y, z";2;3', '1;"2,5";3']) == ";"


def test_values_are_kept_as_written_with_line_numbers(data_dir):
    raw = read(data_dir / "orders_en.csv")
    assert raw.frame["Amount"].to_list()[:3] == ["$1,250.00", "$12.50", "(12.00)"]
    assert raw.frame["Order ID"][0] == "1001"  # an id stays text, not 1001.0
    assert raw.lines.to_list() == [2, 3, 4, 5, 6]


def test_rows_with_the_wrong_field_count_are_rejected_not_lost(data_dir):
    raw = read(data_dir / "ragged.csv")
    # line 3 has an extra field, line 5 is blank (skipped), line 6 lacks one
    assert raw.rejected.rows() == [
        (3, "has 5 fields where the header has 4", "A2,C2,2024-03-02,20.00,extra"),
        (6, "has 3 fields where the header has 4", "A4,C4,2024-03-04"),
    ]
    assert raw.frame["order_id"].to_list() == ["A1", "A3", "A5"]
    assert raw.lines.to_list() == [2, 4, 7]


def test_quoted_fields_spanning_lines_keep_their_start_line(data_dir):
    raw = read(data_dir / "multiline.csv")
    assert raw.frame["Comment"].to_list() == ["Great\nreally great", "ok, fine"]
    assert raw.lines.to_list() == [2, 4]
    assert raw.rejected.rows() == [(5, "has 3 fields where the header has 4", "R3,2024-03-03,7")]


def test_qualtrics_header_rows_are_skipped_and_questions_kept(data_dir):
    raw = read(data_dir / "survey_qualtrics.csv")
    assert raw.header_rows_skipped == 2
    assert raw.frame["ResponseId"].to_list() == ["R_1", "R_2", "R_3", "R_4"]
    assert raw.lines[0] == 4  # line 1 names, 2 questions, 3 ImportIds
    assert raw.descriptions["Q1"].startswith("How likely are you to recommend")
    assert "Skipped 2 extra header rows (Qualtrics export)." in raw.notes


def test_json_records_and_json_lines(data_dir):
    tickets = read(data_dir / "tickets.json")
    assert tickets.format == "json" and tickets.frame.height == 2
    assert tickets.frame["Ticket ID"].to_list() == ["501", "502"]
    assert tickets.frame["Handle time (min)"].to_list() == ["12", "7.5"]
    ux = read(data_dir / "ux_sessions.ndjson")
    assert ux.format == "ndjson" and ux.frame["Waktu (detik)"].to_list() == ["75", "120.5", "60"]


def test_workbook_first_sheet_with_data_and_named_sheet(binary_fixtures):
    raw = read(binary_fixtures["ux.xlsx"])
    assert (raw.format, raw.sheet, raw.sheets) == ("xlsx", "Results", ["Notes", "Results", "Other"])
    assert raw.frame["Session date"][0] == "2024-03-05 10:30:00"  # a native datetime cell
    assert raw.lines.to_list() == [2, 3, 4]
    other = read(binary_fixtures["ux.xlsx"], sheet="Other")
    assert other.sheet == "Other" and other.frame.columns == ["a"]


def test_parquet_gzip_zip_and_bom(binary_fixtures, data_dir):
    parquet = read(binary_fixtures["orders.parquet"])
    assert parquet.format == "parquet"
    assert parquet.frame["order_date"].to_list() == ["2024-03-05 14:22:11", "2024-03-06 00:00:00"]
    assert parquet.frame["quantity"].to_list() == ["2", "1"]
    expected = read(data_dir / "orders_en.csv").frame
    for name, fmt in [("orders.csv.gz", "csv.gz"), ("orders.zip", "csv.zip"), ("orders_bom.csv", "csv"), ("orders_csv_named.xlsx", "csv")]:
        raw = read(binary_fixtures[name])
        assert raw.format == fmt, name
        assert raw.frame.equals(expected), name  # the zip's first data file, not the macOS junk or readme
    assert read(binary_fixtures["orders_bom.csv"]).encoding == "utf-8-sig"


def test_cp1252_text_is_read_after_utf8_fails(binary_fixtures):
    raw = read(binary_fixtures["orders_latin1.csv"])
    assert raw.encoding == "cp1252"
    assert raw.frame["City"].to_list() == ["São Paulo", "Zürich"]
    assert raw.frame["Amount"][0] == "€12.50"
