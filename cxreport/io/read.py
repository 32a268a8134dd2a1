"""Reading an uploaded file's bytes into a table of strings, whatever the format.

The format is decided by content (magic bytes) first and the file name second, so a
CSV saved as ``.xlsx`` or a workbook without an extension still reads, and binary
garbage is refused. Every value is kept as the text it was written as (``raw``); typing
is `cxreport.io.values`' job. Each row keeps its source line number (its row in the
sheet for workbooks, its record number for Parquet/JSON), and text rows that cannot be
split into the header's fields go to ``rejected`` (line, reason, raw) instead of being
dropped silently.

Decisions (issue 18 and 10; the limits themselves are in `cxreport.io.limits`, the
archive checks in `cxreport.io.archive`, the user's side in docs/limits.md):

- A file may hold several tables (a zip of exports): `iter_tables` reads them one at a
  time, as if uploaded one by one; `read_table` keeps the one-table form.
- Text is split into lines by Polars, checked column-wise, and let go before the table
  is parsed: reading peaks at ~3× the text on large files (was ~8×).
- A NUL byte past the 64 KB the format sniff reads rejects its line (listed, with a
  note); most lines holding one make the file binary.
- A mostly UTF-8 file with some Windows-1252 lines is decoded line by line, with a note
  counting those lines: never mojibake without a word.
- No delimiter in the first line, but runs of spaces that split the lines alike: an
  aligned table (CDNOW). A first line without a letter is data, not names: columns are
  named column_1.. and the user maps them.
- A row under the header that describes each column (TikTok Shop, Tokopedia) is found
  by content, skipped, and kept as the descriptions.

Longer than the house's ~400 lines because every format ends in the same table of strings
with line numbers and rejected rows, and the memory limits above must hold for each one;
the archive checks and the limits themselves are in modules of their own.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from cxreport.errors import CXError, FileProblem
from cxreport.io.archive import (
    check_sheet,
    data_members,
    gunzip,
    inspect_workbook,
    open_zip,
    read_member,
    unpacked_too_large,
)
from cxreport.io.limits import Limits, megabytes
from cxreport.io.limits import current as current_limits

LINE = "line"  # name of the line-number column in `rejected`
DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawTable:
    frame: pl.DataFrame  # all String columns, header names as in the file
    lines: pl.Series  # Int64 source line of each row of `frame`
    format: str  # csv, xlsx, parquet, json, ndjson (+ ".gz"/".zip" when unpacked)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_rows_skipped: int = 0  # extra header rows below the column names (Qualtrics: 2)
    descriptions: dict[str, str] = field(default_factory=dict)  # column -> question text
    rejected: pl.DataFrame = field(default_factory=lambda: empty_rejected())
    notes: list[str] = field(default_factory=list)
    name: str = ""  # the table's name: the file's, or ``archive.zip:member.csv`` for a zip member


def empty_rejected() -> pl.DataFrame:
    return pl.DataFrame(schema={LINE: pl.Int64, "reason": pl.String, "raw": pl.String})


# --- format detection ------------------------------------------------------------------------


_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"7z\xbc\xaf", b"Rar!", b"%!PS", b"\x7fELF")


def sniff_format(name: str, data: bytes) -> str:
    """The file's format from its first bytes, falling back to its extension for text."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "binary"
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"  # the old binary workbook; calamine reads it
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with BOM ("Unicode text" from Excel)
    if head.startswith(_BINARY_MAGIC):
        return "binary"  # a PDF or an image saved under a table's name is still not a table
    sample = data[:65536]
    if b"\x00" in sample:
        return "binary"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if sample and controls / len(sample) > 0.01:
        return "binary"
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "ndjson" if _looks_like_ndjson(stripped) else "json"
    return "text"


def _looks_like_ndjson(sample: bytes) -> bool:
    first = sample.split(b"\n", 1)[0].strip()
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


# --- decoding --------------------------------------------------------------------------------

_SINGLE_BYTE_PREFIXES = ("cp", "latin", "iso8859", "mac", "windows", "koi8", "tis")


@dataclass
class Decoded:
    text: str
    encoding: str
    cp1252_lines: int = 0  # lines of a mostly UTF-8 file that were read as Windows-1252


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Text and the encoding used (see `decode_text`)."""
    found = decode_text(name, data)
    return found.text, found.encoding


_mixed_state = threading.local()


def _cp1252_rest_of_line(err: UnicodeDecodeError) -> tuple[str, int]:
    """Error handler: a line that is not UTF-8 is read as Windows-1252 from the bad byte to its end."""
    data = err.object
    end = data.find(b"\n", err.start)
    end = len(data) if end == -1 else end
    piece = bytes(data[err.start:end])
    try:
        text = piece.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        text = piece.decode("latin-1")
    state = _mixed_state.__dict__
    line_start = data.rfind(b"\n", 0, err.start)
    if line_start != state.get("last_line", -2):
        state["lines"] = state.get("lines", 0) + 1
        state["last_line"] = line_start
    state["bytes"] = state.get("bytes", 0) + (end - err.start)
    return text, end


codecs.register_error("cxreport_cp1252_lines", _cp1252_rest_of_line)


def _decode_by_line(data: bytes) -> Decoded | None:
    """A mostly UTF-8 file with some Windows-1252 lines (two exports pasted together).

    None when no line holds UTF-8 beyond ASCII: then the file is simply in one
    single-byte encoding, which `decode_text` guesses as a whole.
    """
    _mixed_state.__dict__.clear()
    try:
        text = data.decode("utf-8", errors="cxreport_cp1252_lines")
        lines, fallback_bytes = _mixed_state.__dict__.get("lines", 0), _mixed_state.__dict__.get("bytes", 0)
    finally:
        _mixed_state.__dict__.clear()
    # cp1252 makes one character of each byte; UTF-8 needs two or more beyond ASCII, so
    # more bytes than characters in the UTF-8 part means real UTF-8 text is there.
    utf8_bytes, utf8_chars = len(data) - fallback_bytes, len(text) - fallback_bytes
    if utf8_bytes == utf8_chars:
        return None
    return Decoded(text, "utf-8+cp1252", cp1252_lines=lines)


def decode_text(name: str, data: bytes) -> Decoded:
    """The file's text: strict UTF-8 (with or without BOM) first, UTF-16 by BOM; a mostly
    UTF-8 file with some lines in Windows-1252 line by line (counted, for a note); else
    charset-normalizer's guess on a sample (a single-byte guess reads as cp1252, the
    Windows Excel default and a superset of Latin-1's printable range, when it can)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    candidates = []
    if best is not None:
        guess = best.encoding.lower().replace("-", "_")
        # A single-byte guess between Western code pages is unreliable on short files
        # (it says cp775 or cp1250 for "São Paulo"); cp1252 is what Windows Excel writes.
        single_byte = guess.startswith(_SINGLE_BYTE_PREFIXES)
        candidates = ["cp1252", guess] if single_byte else [guess]
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileProblem(
        "bad_encoding",
        f"The file {name} contains characters that cannot be read as text.",
        "Save it as UTF-8 (in Excel: Save As → CSV UTF-8) and upload it again.",
        name=name,
    )


# --- delimited text --------------------------------------------------------------------------

_QUOTED = r'"(?:[^"]|"")*"'
WHITESPACE = "whitespace"  # `RawTable.delimiter` of a table aligned with runs of spaces
_LETTER = r"[^\W\d_]"


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields.

    Quoted text is removed first so commas inside question texts do not count. When no
    delimiter character is in the first line, a table aligned with runs of spaces (the
    CDNOW files: ``00001 19970101  1  11.77``) is `WHITESPACE` if whitespace splits the
    lines into the same number of fields.
    """
    sample = [re.sub(_QUOTED, "", ln) for ln in lines[:50] if ln.strip()]
    best, best_score = ",", (-1.0, 0)
    for d in DELIMITERS:
        counts = [ln.count(d) for ln in sample]
        if not counts or counts[0] == 0:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = d, score
    if best_score[1] == 0 and sample and _whitespace_split(sample) is not None:
        return WHITESPACE
    return best


_ANY_RUN, _LONG_RUN = r"\s+", r"\s{2,}|\t"


def _whitespace_split(sample: list[str]) -> str | None:
    """The run of whitespace that separates an aligned table's fields, or None.

    Any run when that splits the sampled lines alike (CDNOW: ``00001 19970101  1  11.77``);
    else runs of two or more, so headers like "Order ID    Amount" keep their single spaces.
    """
    lines = [ln.strip() for ln in sample if ln.strip()]
    for pattern in (_ANY_RUN, _LONG_RUN):
        counts = [len(re.split(pattern, ln)) for ln in lines]
        if counts and counts[0] > 1 and sum(c == counts[0] for c in counts) / len(counts) >= 0.8:
            return pattern
    return None


_UNUSED_BYTES = (b"\x1f", b"\x1e", b"\x1d", b"\x1c", b"\x01")


def _split_lines(utf8: bytes) -> tuple[pl.DataFrame, bool]:
    """Line number and text of every non-blank line, and whether any blank line was left out.

    Polars' CSV reader splits the lines, told to find one field per line (a separator byte
    the text lacks, no quoting): measured on a 50 MB file it peaks at 1.5× the text, where
    splitting one big string peaks at 7× (and a Python list of lines at more).
    """
    eol = "\n" if b"\n" in utf8 or b"\r" not in utf8 else "\r"  # classic Mac files end lines with \r alone
    separator = next((b for b in _UNUSED_BYTES if b not in utf8), None)
    if separator is not None:
        lines = pl.read_csv(utf8, has_header=False, separator=separator.decode(), quote_char=None, eol_char=eol,
                            schema={"text": pl.String})["text"].fill_null("")
    else:  # every candidate byte occurs: binary junk, split the slow way
        lines = pl.Series("text", [utf8.decode("utf-8")], dtype=pl.String).str.split(eol).explode()
    if eol == "\n":
        lines = lines.str.strip_suffix("\r")
    if utf8.startswith(b"\xef\xbb\xbf"):
        lines = lines.str.strip_prefix("\ufeff")
    frame = pl.DataFrame({"text": lines}).with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))
    del lines
    filled = frame.filter(pl.col("text").str.strip_chars() != "")
    # Blank or whitespace-only lines anywhere but the very end would become rows of nulls
    # if the file's own bytes were parsed: then the good lines are parsed instead.
    total = frame.height - (1 if frame.height and frame["text"][-1] == "" else 0)
    blank = filled.height < total or eol != "\n"
    return filled, blank


def _empty(name: str) -> FileProblem:
    return FileProblem("empty_file", f"The file {name} is empty.",
                       "Export it again from the source system and upload the new file.", name=name)


def _header_only(name: str) -> FileProblem:
    return FileProblem("header_only", f"The file {name} has column names but no rows.",
                       "Check the export's date range or filters and export it again.", name=name)


def too_many_columns(name: str, found: int, limits: Limits) -> FileProblem:
    return FileProblem("too_many_columns", f"The file {name} has {found:,} columns; at most {limits.columns:,} can be read.",
                       "Export only the columns the report needs.", name=name, columns=f"{found:,}",
                       limit=f"{limits.columns:,}")


def _read_text(name: str, data: bytes, limits: Limits | None = None) -> RawTable:
    """Delimited text into a `RawTable`.

    A clean unquoted file (most exports) is parsed from its own bytes at once
    (`_read_clean_text`). Any other (memory measured by benchmarks/read_memory.py): the text
    is split into lines by Polars, the lines are checked column-wise (field counts, quotes,
    NULs), and the text is let go before the table is parsed; a UTF-8 file with no bad line
    is parsed from its own bytes, any other from a buffer of its good lines. Only a file
    whose quoted fields span lines takes Python's csv parser.
    """
    limits = limits or current_limits()
    # ASCII is UTF-8: checking that takes one pass and no copy, where decoding a 50 MB file
    # only to check it makes (and page-faults) a 50 MB string.
    decoded = Decoded("", "utf-8") if data.isascii() else decode_text(name, data)
    encoding = decoded.encoding
    utf8 = data if encoding in ("utf-8", "utf-8-sig") else decoded.text.encode("utf-8")
    decoded.text = ""  # from here on the text lives once, as UTF-8 bytes
    clean = _read_clean_text(utf8, limits)
    if clean is not None:
        return _with_encoding(clean, decoded)
    frame, blank_inside = _split_lines(utf8)
    if frame.is_empty():
        raise _empty(name)
    notes: list[str] = []
    # NUL never occurs in text: beyond the first 64 KB (the sniff), a line holding one is
    # binary junk inside the export. Decision: such lines are rejected, not read; a file
    # where most lines hold one is not text at all.
    with_nul = pl.col("text").str.contains("\x00", literal=True)
    nul_lines = frame.filter(with_nul)
    if nul_lines.height:
        if nul_lines.height * 2 > frame.height:
            raise _binary(name)
        frame = frame.filter(~with_nul)
        notes.append(f"{nul_lines.height} line(s) hold NUL bytes (binary data, not text) and were left out; "
                     "they are listed as rejected.")
    nul_rejected = nul_lines.select(LINE, reason=pl.lit("holds a NUL byte (binary data, not text)"),
                                    raw=pl.col("text").str.replace_all("\x00", "\\0", literal=True))
    delimiter = sniff_delimiter(frame["text"].head(50).to_list())
    quote: str | None = '"'
    if delimiter == WHITESPACE:
        split = _whitespace_split(frame["text"].head(50).to_list()) or _ANY_RUN
        frame = frame.with_columns(pl.col("text").str.strip_chars().str.replace_all(split, "\t"))
        quote = None  # aligned tables are not quoted; a stray " is part of a value
    separator = "\t" if delimiter == WHITESPACE else delimiter
    # Most exports quote nothing: then fields are counted without the quoted-field regex,
    # which took a third of reading a 1M-line file.
    quote_free = quote is None or b'"' not in utf8
    unquoted = pl.col("text") if quote_free else pl.col("text").str.replace_all(_QUOTED, "")
    frame = frame.with_columns(
        fields=unquoted.str.count_matches(separator, literal=True) + 1,
        odd_quotes=pl.lit(False) if quote_free else (pl.col("text").str.count_matches('"', literal=True) % 2) == 1,
    )
    expected = frame["fields"][0]
    if expected > limits.columns:
        raise too_many_columns(name, expected, limits)
    if frame["odd_quotes"].any():
        # A quoted field spans lines: only a real CSV parser can tell records apart.
        del frame
        raw = _read_text_slow(name, utf8.decode("utf-8"), delimiter)
        raw.rejected = pl.concat([nul_rejected, raw.rejected]).sort(LINE)
        raw.notes.extend(notes)
        return _with_encoding(raw, decoded)
    headerless = _headerless(frame["text"][0].split(separator))
    bad = frame.filter(pl.col("fields") != expected)
    good = frame.filter(pl.col("fields") == expected)
    if good.height <= (0 if headerless else 1):
        raise _header_only(name)
    lines = good[LINE] if headerless else good[LINE].slice(1)
    clean = bad.is_empty() and nul_lines.is_empty() and not blank_inside and delimiter != WHITESPACE
    if clean:
        source: bytes | io.BytesIO = utf8  # the file's own bytes parse to the same table: no copy
    else:
        source = io.BytesIO()
        good.select("text").write_csv(source, include_header=False, quote_style="never")
        source.seek(0)
    del frame, good
    table = _parse_fields(source, separator, quote, headerless, expected)
    del source
    rejected = bad.select(
        LINE,
        reason=pl.format("has {} fields where the header has {}", pl.col("fields"), pl.lit(expected)),
        raw="text",
    )
    return _with_encoding(_csv_table(table, lines.alias(LINE), delimiter, headerless, expected,
                                     rejected=pl.concat([nul_rejected, rejected]).sort(LINE), notes=notes), decoded)


def _headerless(first_line: list[str]) -> bool:
    """Decision: a first line without a single letter (CDNOW's ``00001 19970101 1 11.77``)
    is data, not names: the columns are named column_1.. and recognised by content."""
    return not any(re.search(_LETTER, field) for field in first_line)


def _parse_fields(source: bytes | io.BytesIO, separator: str, quote: str | None, headerless: bool,
                  expected: int) -> pl.DataFrame:
    """The table of delimited text whose every line has `expected` fields (a longer one raises)."""
    return pl.read_csv(source, separator=separator, infer_schema=False, quote_char=quote,
                       has_header=not headerless, truncate_ragged_lines=False,
                       new_columns=[f"column_{i + 1}" for i in range(expected)] if headerless else None)


def _csv_table(table: pl.DataFrame, lines: pl.Series, delimiter: str, headerless: bool, expected: int, *,
               rejected: pl.DataFrame | None = None, notes: list[str] | None = None) -> RawTable:
    notes = notes if notes is not None else []
    if headerless:
        notes.append(f"The file has no header row: its columns are named column_1 to column_{expected} "
                     "and were recognised by their content.")
    else:
        table = table.rename(dict(zip(table.columns, _unique_names(table.columns), strict=True)))
    return RawTable(table, lines, "csv", delimiter=delimiter,
                    rejected=rejected if rejected is not None else empty_rejected(), notes=notes)


def _read_clean_text(utf8: bytes, limits: Limits) -> RawTable | None:
    """The common export read straight from its bytes, without first splitting it into lines
    (a fifth of reading a 1M-line file): UTF-8, separated by , ; tab or |, two or more
    columns, and no quote, NUL, lone carriage return, blank line or line of the wrong
    length. None when the file is not such a file: `_read_text` then reads it line by line,
    which finds and reports each bad line.

    Why the counts prove it: without quotes every separator byte separates, the parser
    raises on a line with more fields than the first, and a short or blank line has fewer
    separators; so the file's separators number exactly (columns − 1) × lines only when
    every line has every column, and the table then has one row per line.
    """
    if b'"' in utf8 or b"\x00" in utf8 or (b"\r" in utf8 and _lone_carriage_return(utf8)):
        return None
    head = _first_lines(utf8, 50)
    if not head or not head[0].strip() or not all(line.strip() for line in head):
        return None
    delimiter = sniff_delimiter(head)
    if delimiter == WHITESPACE:
        return None
    header = head[0].split(delimiter)
    expected = len(header)
    if not 2 <= expected <= limits.columns:
        return None
    headerless = _headerless(header)
    try:
        table = _parse_fields(utf8, delimiter, '"', headerless, expected)
    except pl.exceptions.PolarsError:
        return None  # a line longer than the first
    line_ends, separators = _count_bytes(utf8, b"\n", delimiter.encode())
    lines = line_ends + (not utf8.endswith(b"\n"))
    first_row = 1 if headerless else 2
    if table.height == 0 or table.height + first_row - 1 != lines or separators != (expected - 1) * lines:
        return None
    return _csv_table(table, pl.int_range(first_row, first_row + table.height, dtype=pl.Int64, eager=True).alias(LINE),
                      delimiter, headerless, expected)


_COUNT_CHUNK = 1 << 22  # 4 MB: the chunk's comparison array is reused, not page-faulted anew


def _count_bytes(data: bytes, *single_bytes: bytes) -> list[int]:
    """How often each byte occurs in `data`. numpy compares in chunks without holding the
    interpreter (bytes.count holds it: 70 ms for two counts in 50 MB, against 14 ms here,
    while the command line imports the report's modules in a second thread)."""
    values = np.frombuffer(data, dtype=np.uint8)
    counts = [0] * len(single_bytes)
    for start in range(0, values.size, _COUNT_CHUNK):
        chunk = values[start:start + _COUNT_CHUNK]
        for i, byte in enumerate(single_bytes):
            counts[i] += int(np.count_nonzero(chunk == byte[0]))
    return counts


def _lone_carriage_return(data: bytes) -> bool:
    """Whether a carriage return is not followed by a line feed (an old Mac line end, or a
    stray one inside a field), found as `_count_bytes` counts: in chunks, without holding
    the interpreter (a CRLF file's two bytes.count calls held it 70 ms on 50 MB)."""
    values = np.frombuffer(data, dtype=np.uint8)
    for start in range(0, values.size, _COUNT_CHUNK):
        returns = values[start:start + _COUNT_CHUNK] == 13
        following = values[start + 1:start + _COUNT_CHUNK + 1] == 10  # one shorter at the very end
        returns[:following.size] &= ~following
        if returns.any():
            return True
    return False


def _first_lines(utf8: bytes, n: int) -> list[str]:
    """The first `n` lines of the text (without their line ends or a byte-order mark)."""
    lines: list[str] = []
    start = 3 if utf8.startswith(b"\xef\xbb\xbf") else 0
    while len(lines) < n and start < len(utf8):
        end = utf8.find(b"\n", start)
        end = len(utf8) if end < 0 else end
        lines.append(utf8[start:end].decode("utf-8").removesuffix("\r"))
        start = end + 1
    return lines


def _with_encoding(raw: RawTable, decoded: Decoded) -> RawTable:
    raw.encoding = decoded.encoding
    if decoded.cp1252_lines:
        raw.notes.append(f"{decoded.cp1252_lines} line(s) were not valid UTF-8 and were read as Windows-1252 "
                         "(the rest of the file is UTF-8); check their accented letters.")
    return raw


def _read_text_slow(name: str, text: str, delimiter: str) -> RawTable:
    """Python's csv parser, for files whose quoted fields span lines (kept exact line numbers)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    header: list[str] | None = None
    rows, starts, bad = [], [], []
    start = 1
    try:
        for record in reader:
            if not any(c.strip() for c in record):
                start = reader.line_num + 1
                continue
            if any("\x00" in c for c in record):
                bad.append((start, "holds a NUL byte (binary data, not text)", ""))
            elif header is None:
                header = record
            elif len(record) == len(header):
                rows.append(record)
                starts.append(start)
            else:
                bad.append((start, f"has {len(record)} fields where the header has {len(header)}", delimiter.join(record)))
            start = reader.line_num + 1
    except csv.Error as err:
        bad.append((start, f"cannot be split into fields ({err})", ""))
    if header is None:
        raise _empty(name)
    if not rows:
        raise _header_only(name)
    header = _unique_names(header)
    table = pl.DataFrame(rows, schema={h: pl.String for h in header}, orient="row").with_columns(
        pl.all().replace("", None)
    )
    rejected = pl.DataFrame(bad, schema={LINE: pl.Int64, "reason": pl.String, "raw": pl.String}, orient="row")
    return RawTable(table, pl.Series(LINE, starts, dtype=pl.Int64), "csv", delimiter=delimiter, rejected=rejected)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        n = n.strip() or f"column_{i + 1}"
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


# --- extra header rows (survey tools, marketplace exports) ------------------------------------

_IMPORT_ID = r'^\{\s*"ImportId"'
_PROSE_WORDS = 3  # a cell of this many words or more reads as a sentence
_VALUE_LIKE = r"^[\d\s.,:/+\-%()]+$"  # numbers, dates, times, money without a currency word


def _is_description_row(frame: pl.DataFrame) -> bool:
    """Is the first row a sentence per column (TikTok Shop, Tokopedia) rather than data?

    Decided by content: a cell describes its column when it is prose (3+ words) where the
    rows below mostly are not, or when it is text where the rows below are numbers or
    dates. The row is a description row when most of its filled cells (and at least two)
    describe their columns.
    """
    head = frame.head(51).select(frame.columns[:200])  # a description row describes every column: 200 tell
    if head.height < 3 or frame.width < 2:
        return False
    first, rest = head.head(1), head.slice(1)
    words = pl.col(pl.String).str.count_matches(r"\S+")
    value_like = pl.col(pl.String).str.contains(_VALUE_LIKE)
    first_words = first.select(words).row(0)
    first_value = first.select(value_like).row(0)
    rest_prose = rest.select((words >= _PROSE_WORDS).mean()).row(0)
    rest_values = rest.select(value_like.mean()).row(0)
    filled = describing = 0
    for cell, n_words, is_value, prose_below, values_below in zip(
            first.row(0), first_words, first_value, rest_prose, rest_values, strict=True):
        if cell is None or not cell.strip():
            continue
        filled += 1
        prose = n_words >= _PROSE_WORDS and (prose_below or 0) < 0.5
        text_over_values = not is_value and (values_below or 0) >= 0.8 and len(cell) >= 12
        describing += prose or text_over_values
    return describing >= 2 and describing >= 0.6 * filled


def skip_extra_header_rows(raw: RawTable) -> RawTable:
    """Drop the rows exports write below the column names, keeping the column descriptions.

    Qualtrics writes the question text in row 2 and ``{"ImportId": ...}`` in row 3: every
    row up to the last ImportId row among the first three is a header row, and the first
    of them holds the column descriptions. TikTok Shop and Tokopedia write one sentence
    per column in row 2 (`_is_description_row`): that row is skipped and kept as the
    descriptions.
    """
    frame = raw.frame
    head = frame.head(3)
    skip = 0
    for i in range(head.height):
        row = [v for v in head.row(i) if v is not None]
        if row and sum(bool(re.match(_IMPORT_ID, v)) for v in row) >= max(1, len(row) // 2):
            skip = i + 1
    source = "Qualtrics export"
    if skip == 0 and _is_description_row(frame):
        skip, source = 1, "a description of each column"
    if skip == 0:
        return raw
    if skip >= 2 or source != "Qualtrics export":
        raw.descriptions = {
            c: v.strip() for c, v in zip(frame.columns, frame.row(0), strict=True) if v and v.strip() and v.strip() != c
        }
    raw.frame = frame.slice(skip)
    raw.lines = raw.lines.slice(skip)
    raw.header_rows_skipped = skip
    plural = "s" if skip > 1 else ""
    raw.notes.append(f"Skipped {skip} extra header row{plural} ({source}).")
    if raw.frame.is_empty():
        raise FileProblem("header_only", "The file has column names but no rows.",
                          "Check the export's date range or filters and export it again.", name="")
    return raw


# --- binary formats --------------------------------------------------------------------------


def stringify(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text, written the way `cxreport.io.values` reads it back.

    Whole floats lose their ``.0`` (ids and counts stored as numbers), datetimes are ISO.
    """
    exprs = []
    for name, dtype in frame.schema.items():
        c = pl.col(name)
        if dtype == pl.String:
            exprs.append(c)
        elif isinstance(dtype, pl.Datetime):
            exprs.append(c.dt.replace_time_zone(None).dt.to_string("%Y-%m-%d %H:%M:%S") if dtype.time_zone else c.dt.to_string("%Y-%m-%d %H:%M:%S"))
        elif dtype == pl.Date:
            exprs.append(c.dt.to_string("%Y-%m-%d"))
        elif dtype.is_float():
            exprs.append(pl.when(c == c.round(0)).then(c.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(c.cast(pl.String)))
        elif isinstance(dtype, (pl.Struct, pl.List, pl.Array)):
            exprs.append(pl.struct(c).struct.json_encode().str.extract(r'^\{"[^"]*":(.*)\}$', 1))
        else:
            exprs.append(c.cast(pl.String))
    return frame.select([e.alias(n) for e, n in zip(exprs, frame.columns, strict=True)])


def _read_excel(name: str, data: bytes, sheet: str | None, fmt: str, limits: Limits, unpack_limit: int) -> RawTable:
    import fastexcel

    # An .xlsx is checked part by part and sheet by sheet before the reader sees it (see
    # cxreport.io.archive); the old binary .xls is at most 65,536 × 256 cells by design.
    extents = inspect_workbook(name, data, limits, unpack_limit) if fmt == "xlsx" else {}
    reader = fastexcel.read_excel(data)
    sheets = list(reader.sheet_names)
    if sheet is not None and sheet not in sheets:
        raise FileProblem("no_such_sheet", f"The workbook {name} has no sheet called '{sheet}'.",
                          f"Choose one of: {', '.join(sheets)}.", name=name, sheet=sheet)
    for candidate in [sheet] if sheet else sheets:
        check_sheet(name, candidate, extents.get(candidate), limits)
        loaded = reader.load_sheet(candidate, dtypes="string")
        frame = loaded.to_polars()
        frame = frame.filter(~pl.all_horizontal(pl.all().is_null())) if frame.width else frame
        if frame.width > limits.columns:
            raise too_many_columns(name, frame.width, limits)
        if frame.width and frame.height:
            frame = frame.rename({c: c.strip() for c in frame.columns})
            # Row 1 holds the names; calamine skips leading empty rows, so offset by its header.
            lines = pl.int_range(2, frame.height + 2, eager=True).alias(LINE)
            return RawTable(stringify(frame), lines, "xlsx", sheet=candidate, sheets=sheets)
    raise FileProblem("no_data_sheet", f"No sheet in the workbook {name} holds a table.",
                      "Put the data on one sheet, with the column names in the first row.", name=name)


def _records(name: str, frame: pl.DataFrame, fmt: str, limits: Limits) -> RawTable:
    if frame.height == 0:
        raise FileProblem("header_only", f"The file {name} has no rows.",
                          "Check the export's date range or filters and export it again.", name=name)
    if frame.width > limits.columns:
        raise too_many_columns(name, frame.width, limits)
    return RawTable(stringify(frame), pl.int_range(1, frame.height + 1, eager=True).alias(LINE), fmt)


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DEPTH_CHUNK = 16 * 1024 * 1024


def json_depth(data: bytes) -> int:
    """How deeply a JSON document (or JSON Lines) nests: 1 for ``[]``, 2 for ``[{}]``.

    Counted on the bytes, without parsing (parsing is what a deep document makes costly):
    strings are blanked first, so brackets inside them do not count, then a running sum of
    opening minus closing brackets, chunk by chunk, gives the deepest level.
    """
    import numpy as np

    blanked = _JSON_STRING.sub(b'""', data)
    depth, deepest = 0, 0
    for at in range(0, len(blanked), _DEPTH_CHUNK):
        chunk = np.frombuffer(blanked, dtype=np.uint8, count=min(_DEPTH_CHUNK, len(blanked) - at), offset=at)
        step = ((chunk == ord("{")) | (chunk == ord("["))).astype(np.int32) - (
            (chunk == ord("}")) | (chunk == ord("]"))).astype(np.int32)
        running = np.cumsum(step, dtype=np.int64) + depth
        if running.size:
            deepest = max(deepest, int(running.max()))
            depth = int(running[-1])
    return deepest


def _read_json(name: str, data: bytes, fmt: str, limits: Limits) -> RawTable:
    not_records = FileProblem("not_records", f"The JSON file {name} is not a list of records.",
                              "Export it as an array of objects (one per row) or as JSON Lines.", name=name)
    depth = json_depth(data)
    allowed = limits.json_depth - (1 if fmt == "ndjson" else 0)  # a JSON Lines record has no outer array
    if depth > allowed:
        raise FileProblem(
            "json_too_deep", f"The JSON file {name} nests values {depth} levels deep; a table can hold at most {allowed}.",
            "Export flat records (one object per row, with plain values), or flatten the nested fields first.",
            name=name, depth=depth, limit=allowed)
    if fmt == "ndjson":
        try:
            frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
        except pl.exceptions.PolarsError as err:
            raise not_records from err
        if frame.width and all(isinstance(t, (pl.Struct, pl.List)) for t in frame.dtypes):
            raise not_records  # one nested object ({"orders": {...}}), not rows
        return _records(name, frame, fmt, limits)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise not_records from err
    if not isinstance(parsed, list) or not parsed or not all(isinstance(r, dict) for r in parsed):
        if isinstance(parsed, list) and not parsed:
            raise _empty(name)
        raise not_records
    return _records(name, pl.DataFrame(parsed, infer_schema_length=None), fmt, limits)


def _read_parquet(name: str, data: bytes, unpack_limit: int, limits: Limits) -> RawTable:
    import pyarrow.parquet as pq

    # Parquet compresses too: its footer states each row group's unpacked size.
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > unpack_limit:
        raise unpacked_too_large(name, unpacked, unpack_limit, at_least=False)
    if meta.num_columns > limits.columns:
        raise too_many_columns(name, meta.num_columns, limits)
    return _records(name, pl.read_parquet(io.BytesIO(data)), "parquet", limits)


def _too_large(name: str, limit: int) -> FileProblem:
    mb = limit // (1024 * 1024)
    return FileProblem("too_large", f"The file {name} is larger than {mb} MB.",
                       "Export a shorter date range, or compress the file as .zip or .gz.", name=name, limit_mb=mb)


def _binary(name: str) -> FileProblem:
    return FileProblem("binary_file", f"The file {name} is not a table (it looks like a binary file).",
                       "Upload a CSV, Excel, Parquet or JSON export.", name=name)


def session_memory(name: str, need: int, left: int, limits: Limits) -> FileProblem:
    """A file this session cannot afford: what it needs, what is left, and the session's budget."""
    return FileProblem(
        "session_memory",
        f"Reading {name} needs about {megabytes(need)} MB of memory; this session has {megabytes(max(0, left))} MB "
        f"left of its {megabytes(limits.session_bytes)} MB.",
        "Remove files you no longer need on the Data page, or export a shorter date range.",
        name=name, need_mb=megabytes(need), left_mb=megabytes(max(0, left)), limit_mb=megabytes(limits.session_bytes))


# --- entry points ----------------------------------------------------------------------------


def _read_one(name: str, data: bytes, fmt: str, *, sheet: str | None, limits: Limits, memory_left: int) -> RawTable:
    """One file of a known format (already unpacked) into a `RawTable`."""
    unpack_limit = limits.unpacked_bytes(memory_left)
    if fmt == "binary":
        raise _binary(name)
    if fmt in ("xlsx", "xls"):
        return _read_excel(name, data, sheet, fmt, limits, unpack_limit)
    if fmt == "parquet":
        return _read_parquet(name, data, unpack_limit, limits)
    need = int(len(data) * limits.text_memory_factor)
    if need > memory_left:
        raise session_memory(name, need, memory_left, limits)
    if fmt in ("json", "ndjson"):
        return _read_json(name, data, fmt, limits)
    return _read_text(name, data, limits)


def _finish(raw: RawTable, name: str, wrapper: str | None) -> RawTable:
    raw.name = name
    if raw.format == "csv" or raw.format == "xlsx":
        raw = skip_extra_header_rows(raw)
    if wrapper:
        raw.format = f"{raw.format}.{wrapper}"
    unsplit = raw.rejected.filter(pl.col("reason").str.starts_with("has ") | pl.col("reason").str.starts_with("cannot "))
    if unsplit.height:
        raw.notes.append(f"{unsplit.height} rows could not be split into the header's columns; they are listed as rejected.")
    return raw


def iter_tables(name: str, data: bytes, *, sheet: str | None = None, limits: Limits | None = None,
                memory_left: int | None = None, max_bytes: int | None = None) -> Iterator[RawTable | CXError]:
    """Every table a file holds, read one at a time: one for a plain file, one per export in a zip.

    A plain or gzipped file's failure is raised. A zip's members are read as if uploaded
    one by one, named ``archive.zip:member.csv``: a member that cannot be read is yielded
    as its error (the others still read), and members beyond `Limits.zip_members` are
    yielded as one ``zip_too_many`` error naming them. `memory_left` (default: the whole
    session budget) caps what the reads may unpack, shrinking as members are read.
    """
    limits = limits or current_limits()
    upload_limit = max_bytes if max_bytes is not None else limits.upload_bytes
    memory_left = limits.session_bytes if memory_left is None else memory_left
    if len(data) > upload_limit:
        raise _too_large(name, upload_limit)
    if not data[:4096].strip() and not data.strip():  # strip() copies: only when the start is blank
        raise _empty(name)
    fmt = sniff_format(name, data)
    if fmt == "gzip":
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        data = gunzip(name, data, limits.unpacked_bytes(memory_left))
        yield _finish(_read_wrapped(inner_name, data, sheet=sheet, limits=limits, memory_left=memory_left), name, "gz")
        return
    if fmt != "zip":
        yield _finish(_read_one(name, data, fmt, sheet=sheet, limits=limits, memory_left=memory_left), name, None)
        return
    archive = open_zip(name, data)
    members = data_members(archive)
    if not members:
        raise FileProblem("no_csv_in_zip", f"The archive {name} contains no CSV, Excel or Parquet file.",
                          "Put the export files in the archive and upload it again.", name=name)
    for member in members[: limits.zip_members]:
        label = f"{name}:{member.filename}"
        try:
            inner = read_member(name, archive, member, limits.unpacked_bytes(memory_left))
            if member.filename.lower().endswith(".gz") and sniff_format(label, inner) == "gzip":
                inner = gunzip(label, inner, limits.unpacked_bytes(memory_left))
            raw = _finish(_read_wrapped(label, inner, sheet=sheet, limits=limits, memory_left=memory_left), label, "zip")
            del inner
        except CXError as err:
            yield err
            continue
        except Exception as err:  # noqa: BLE001 — one bad member must not hide the others
            yield FileProblem("unreadable", f"The file {label} could not be read as a table.",
                              "Check that it opens in a spreadsheet program, then export it again as CSV.", name=label)
            del err
            continue
        # What this table will hold (its strings, then the typed table): the next member gets the rest.
        memory_left -= 2 * raw.frame.estimated_size()
        yield raw
    if len(members) > limits.zip_members:
        left_out = [m.filename for m in members[limits.zip_members:]]
        shown = ", ".join(left_out[:5]) + (", …" if len(left_out) > 5 else "")
        yield FileProblem(
            "zip_too_many", f"The archive {name} holds {len(members)} tables; the first {limits.zip_members} were read, "
            f"{len(left_out)} left out: {shown}.",
            "Upload the rest in another archive, or as separate files.",
            name=name, found=len(members), limit=limits.zip_members, left_out=shown)


def _read_wrapped(name: str, data: bytes, *, sheet: str | None, limits: Limits, memory_left: int) -> RawTable:
    """The file inside a .gz or a zip member: an archive inside it is refused."""
    if not data[:4096].strip() and not data.strip():
        raise _empty(name)
    fmt = sniff_format(name, data)
    if fmt in ("gzip", "zip"):
        raise FileProblem("unreadable", f"The file {name} is an archive inside an archive.",
                          "Unpack it and upload the export file itself.", name=name)
    return _read_one(name, data, fmt, sheet=sheet, limits=limits, memory_left=memory_left)


def read_tables(name: str, data: bytes, *, sheet: str | None = None, limits: Limits | None = None,
                memory_left: int | None = None) -> list[RawTable | CXError]:
    """Every table a file holds (see `iter_tables`), as a list."""
    return list(iter_tables(name, data, sheet=sheet, limits=limits, memory_left=memory_left))


def read_table(name: str, data: bytes, *, sheet: str | None = None, max_bytes: int | None = None,
               limits: Limits | None = None) -> RawTable:
    """Read one export into a `RawTable` of strings (see the module docstring).

    A zip holding several tables gives its first readable one, with a note naming the
    others; `read_tables` gives them all.
    """
    results = list(iter_tables(name, data, sheet=sheet, limits=limits, max_bytes=max_bytes))
    tables = [r for r in results if isinstance(r, RawTable)]
    if not tables:
        raise next(r for r in results if isinstance(r, CXError))
    first = tables[0]
    if len(results) > 1:
        others = [r.name if isinstance(r, RawTable) else str(r.params.get("name", "")) for r in results if r is not first]
        first.notes.append(f"The archive holds {len(results)} tables; only {first.name} was read here "
                           f"(not: {', '.join(others)}).")
    return first
