"""Exports: real PNG/SVG files from vl-convert, and CSV files safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import altair as alt
import polars as pl

from cxreport import charts, export


def small_chart() -> alt.TopLevelMixin:
    frame = pl.DataFrame({"group": ["chat", "phone"], "aht_minutes": [8.5, 12.0], "n": [30, 12]})
    return charts.aht_bars(frame, "id")


def test_chart_png_is_a_png_at_the_requested_scale():
    png1 = export.chart_png(small_chart(), scale=1)
    png2 = export.chart_png(small_chart(), scale=2)
    assert png1[:8] == b"\x89PNG\r\n\x1a\n"
    width1 = int.from_bytes(png1[16:20], "big")  # IHDR width
    width2 = int.from_bytes(png2[16:20], "big")
    assert width1 > 0 and width2 == 2 * width1


def test_chart_svg_is_svg_with_the_title_and_a_fixed_width():
    svg = export.chart_svg(small_chart())
    assert "<svg" in svg
    assert "Rata-rata waktu penanganan per kanal" in svg
    assert export.EXPORT_WIDTH <= int(float(svg.split('width="')[1].split('"')[0]))


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_csv_neutralises_formula_text_but_not_numbers():
    frame = pl.DataFrame({
        "comment": ['=HYPERLINK("http://evil.example","x")', "-1+2", "+cmd", "@SUM(A1)", "\tx", "\rx", "fine", "-3.5"],
        "amount": [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, -7.25],
    })
    rows = read_csv(export.table_csv(frame))
    assert rows[0] == ["comment", "amount"]
    comments = [r[0] for r in rows[1:]]
    assert comments == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'-1+2", "'+cmd", "'@SUM(A1)", "'\tx", "'\rx",
                        "fine", "-3.5"]
    assert [r[1] for r in rows[1:]] == ["-3.5", "1.0", "2.0", "3.0", "4.0", "5.0", "6.0", "-7.25"]


def test_csv_neutralises_headers_and_categoricals_and_keeps_indonesian_text():
    frame = pl.DataFrame({"=cmd": ["Pelanggan Setia — Jakarta"], "seg": ["=1+1"]}).with_columns(
        pl.col("seg").cast(pl.Categorical))
    rows = read_csv(export.table_csv(frame))
    assert rows == [["'=cmd", "seg"], ["Pelanggan Setia — Jakarta", "'=1+1"]]


def test_csv_of_lazy_frame_and_nulls():
    rows = read_csv(export.table_csv(pl.LazyFrame({"a": [None, "=x"], "b": [1, None]})))
    assert rows == [["a", "b"], ["", "1"], ["'=x", ""]]


def test_csv_neutralises_full_width_small_forms_and_signs_after_whitespace():
    cells = {  # cell -> as written in the CSV (hand-written, one per way in)
        "＝HYPERLINK(\"http://evil.example\")": "'＝HYPERLINK(\"http://evil.example\")",
        "＋cmd|' /C calc'!A0": "'＋cmd|' /C calc'!A0",
        "－1+1": "'－1+1",
        "＠SUM(A1)": "'＠SUM(A1)",
        "﹦1+1": "'﹦1+1",
        " =1+1": "' =1+1",
        "  \t@SUM(A1)": "'  \t@SUM(A1)",
        "\u3000=1": "'\u3000=1",  # ideographic space
        "\u00a0+1": "'\u00a0+1",  # no-break space
        "\u200b=1": "'\u200b=1",  # zero-width space
        "\ufeff=1": "'\ufeff=1",  # a stray byte-order mark
        "\nx": "'\nx",
        "a = b": "a = b",  # a sign later in the text runs nothing
        "e-mail": "e-mail",
        "－3.5": "'－3.5",  # not a plain ASCII number: a spreadsheet might still compute it
        "+62 812": "'+62 812",  # a phone number with a space is text, and +62 812 would be a formula
        "-3.5": "-3.5",
        "+1e3": "+1e3",
    }
    rows = read_csv(export.table_csv(pl.DataFrame({"cell": list(cells)})))
    assert [r[0] for r in rows[1:]] == list(cells.values())


def test_csv_header_with_a_full_width_sign_is_neutralised():
    rows = read_csv(export.table_csv(pl.DataFrame({"＝cmd": [1]})))
    assert rows == [["'＝cmd"], ["1"]]
