"""Clean delimited text read straight from its bytes (`read._read_clean_text`) gives what the
line-by-line reader gives.

Each file is read twice: as shipped, and with the shortcut switched off so every line goes
through `_split_lines` and the field counts. Files are built from clean lines plus the
defects the line reader exists for (blank and whitespace-only lines, short and long lines,
lone carriage returns, NUL bytes, quotes, a byte-order mark, no final newline, a headerless
first line), so the shortcut has to step aside for every one of them.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.errors import CXError
from cxreport.io import read

field = st.sampled_from(["", "7", "12.5", "Rp 10.000", "2024-03-05", "Ani", "Budi S", "C001", "x y"])
defect = st.sampled_from(["", "   ", "SHORT", "LONG", "NUL", "QUOTE", "CR"])


def _line(fields: list[str], sep: str, kind: str | None) -> str:
    if kind is None:
        return sep.join(fields)
    return {"": "", "   ": "   ", "SHORT": sep.join(fields[:-1]), "LONG": sep.join([*fields, "extra"]),
            "NUL": sep.join(fields) + "\x00", "QUOTE": '"' + sep.join(fields), "CR": sep.join(fields) + "\r"}[kind]


@st.composite
def text_files(draw) -> bytes:
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(2, 5))
    header = ["12", "34", "56", "78", "90"][:width] if draw(st.booleans()) else [f"col {i}" for i in range(width)]
    rows = draw(st.lists(st.lists(field, min_size=width, max_size=width), min_size=0, max_size=25))
    defects = draw(st.lists(st.tuples(st.integers(0, 25), defect), max_size=2))
    lines = [sep.join(header)] + [_line(r, sep, None) for r in rows]
    for at, kind in defects:
        place = min(at, len(lines) - 1) + 1
        lines.insert(place, _line(rows[0] if rows else ["a"] * width, sep, kind))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    text = eol.join(lines) + (eol if draw(st.booleans()) else "")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


def _read(data: bytes, *, shortcut: bool):
    with pytest.MonkeyPatch.context() as m:
        if not shortcut:
            m.setattr(read, "_read_clean_text", lambda *_: None)
        try:
            raw = read._read_text("f.csv", data)
        except CXError as err:
            return ("error", err.code)
    return (raw.frame.to_dict(as_series=False), raw.frame.columns, raw.lines.to_list(), raw.lines.name,
            raw.rejected.to_dicts(), raw.notes, raw.delimiter, raw.encoding)


@settings(max_examples=300, deadline=None)
@given(text_files())
def test_the_shortcut_reads_every_file_as_the_line_reader_does(data):
    assert _read(data, shortcut=True) == _read(data, shortcut=False)


def _spy(monkeypatch) -> list[bool]:
    taken: list[bool] = []
    original = read._read_clean_text

    def spy(utf8, limits):
        found = original(utf8, limits)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(read, "_read_clean_text", spy)
    return taken


def test_a_clean_export_takes_the_shortcut_and_keeps_its_line_numbers(monkeypatch):
    taken = _spy(monkeypatch)
    raw = read._read_text("f.csv", "order_id;amount\r\nA1;10\r\nA2;12,5\r\n".encode())
    assert taken == [True]
    assert raw.frame.to_dict(as_series=False) == {"order_id": ["A1", "A2"], "amount": ["10", "12,5"]}
    assert raw.lines.to_list() == [2, 3] and raw.delimiter == ";" and raw.rejected.is_empty()


@pytest.mark.parametrize("text", [
    "a,b\n1,2\n\n3,4\n",  # a blank line inside: its neighbours keep their own line numbers
    "a,b\n1,2\n3\n4,5\n",  # a short line is rejected, not read with an empty column
    "a,b\n1,2\n3,4,5\n",  # a long line likewise
    "a,b\n1,2\r3,4\n5,6\n",  # a lone carriage return (an old Mac line end)
])
def test_a_file_with_a_bad_line_is_left_to_the_line_reader(monkeypatch, text):
    taken = _spy(monkeypatch)
    raw = read._read_text("f.csv", text.encode())
    assert taken == [False]
    assert raw.frame.height >= 1 and raw.frame.height + raw.rejected.height >= 2


def test_a_short_line_is_reported_with_its_line_number():
    raw = read._read_text("f.csv", b"a,b\n1,2\n3\n4,5\n")
    assert raw.lines.to_list() == [2, 4]
    assert raw.rejected.select(read.LINE, "raw").to_dicts() == [{read.LINE: 3, "raw": "3"}]


def test_ascii_text_is_not_decoded_but_other_text_still_is():
    latin = "name,city\nAndré,São Paulo\n".encode("cp1252")
    assert read._read_text("f.csv", latin).frame["city"].to_list() == ["São Paulo"]
    assert read._read_text("f.csv", b"name,city\nAndi,Bandung\n").encoding == "utf-8"
    assert pl.Series(read._read_text("f.csv", "nama,kota\nAndré,Medan\n".encode()).frame["nama"]).to_list() == ["André"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 1 << 22])
def test_a_lone_carriage_return_is_found_across_chunk_ends(monkeypatch, chunk):
    monkeypatch.setattr(read, "_COUNT_CHUNK", chunk)
    assert not read._lone_carriage_return(b"a,b\r\n1,2\r\n")
    assert not read._lone_carriage_return(b"a,b\r\n1,2")
    assert read._lone_carriage_return(b"a,b\r\n1,2\r")  # at the very end
    assert read._lone_carriage_return(b"a,b\r1,2\r\n")  # an old Mac line end
    assert read._lone_carriage_return(b"a,b\r\n1,\r2\r\n")
    assert read._lone_carriage_return(b"\r\r\n")
