"""Reading an uploaded file's bytes into a table of strings, whatever the format.

The format is decided by content (magic bytes) first and the file name second, so a
CSV saved as ``.xlsx`` or a workbook without an extension still reads, and binary
garbage is refused. Every value is kept as the text it was written as (``raw``); typing
is `cxreport.io.values`' job. Each row keeps its source line number (its row in the
sheet for workbooks, its record number for Parquet/JSON), and text rows that cannot be
split into the header's fields go to ``rejected`` (line, reason, raw) instead of being
dropped silently.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import polars as pl

from cxreport.errors import FileProblem

LINE = "line"  # name of the line-number column in `rejected`
DELIMITERS = (",", ";", "\t", "|")
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet", ".json", ".ndjson", ".jsonl")
_DECOMPRESSED_FACTOR = 10  # a .gz/.zip may unpack to at most this many times the size limit


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


def empty_rejected() -> pl.DataFrame:
    return pl.DataFrame(schema={LINE: pl.Int64, "reason": pl.String, "raw": pl.String})


# --- format detection ------------------------------------------------------------------------


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


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Text and the encoding used: strict UTF-8 (with or without BOM) first, UTF-16 by BOM,
    then charset-normalizer's guess on a sample (a single-byte guess reads as cp1252,
    the Windows Excel default and a superset of Latin-1's printable range, when it can)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
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
            return data.decode(encoding), encoding
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


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields.

    Quoted text is removed first so commas inside question texts do not count.
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
    return best


def _read_text(name: str, text: str) -> RawTable:
    if text.startswith("\ufeff"):
        text = text[1:]
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = pl.Series("text", raw_lines, dtype=pl.String)
    numbers = pl.int_range(1, lines.len() + 1, eager=True).alias(LINE)
    frame = pl.DataFrame({LINE: numbers, "text": lines}).filter(pl.col("text").str.strip_chars() != "")
    if frame.is_empty():
        raise FileProblem("empty_file", f"The file {name} is empty.",
                          "Export it again from the source system and upload the new file.", name=name)
    delimiter = sniff_delimiter(frame["text"].head(50).to_list())
    unquoted = pl.col("text").str.replace_all(_QUOTED, "")
    frame = frame.with_columns(
        fields=unquoted.str.count_matches(re.escape(delimiter), literal=False) + 1,
        odd_quotes=(pl.col("text").str.count_matches('"', literal=True) % 2) == 1,
    )
    if frame["odd_quotes"].any():
        # A quoted field spans lines: only a real CSV parser can tell records apart.
        return _read_text_slow(name, text, delimiter)
    expected = frame["fields"][0]
    bad = frame.filter(pl.col("fields") != expected)
    good = frame.filter(pl.col("fields") == expected)
    if good.height <= 1:
        raise FileProblem("header_only", f"The file {name} has column names but no rows.",
                          "Check the export's date range or filters and export it again.", name=name)
    table = pl.read_csv(
        io.BytesIO("\n".join(good["text"].to_list()).encode("utf-8")),
        separator=delimiter, infer_schema=False, quote_char='"', truncate_ragged_lines=False,
    )
    rejected = bad.select(
        LINE,
        reason=pl.format("has {} fields where the header has {}", pl.col("fields"), pl.lit(expected)),
        raw="text",
    )
    return RawTable(table, good[LINE].slice(1).alias(LINE), "csv", delimiter=delimiter, rejected=rejected)


def _read_text_slow(name: str, text: str, delimiter: str) -> RawTable:
    """Python's csv parser, for files whose quoted fields span lines (kept exact line numbers)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows, starts, bad = [], [], []
    start = 1
    try:
        for record in reader:
            if not any(c.strip() for c in record):
                start = reader.line_num + 1
                continue
            if header is None:
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
        raise FileProblem("empty_file", f"The file {name} is empty.",
                          "Export it again from the source system and upload the new file.", name=name)
    if not rows:
        raise FileProblem("header_only", f"The file {name} has column names but no rows.",
                          "Check the export's date range or filters and export it again.", name=name)
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


# --- extra header rows (survey tools) --------------------------------------------------------

_IMPORT_ID = r'^\{\s*"ImportId"'


def skip_extra_header_rows(raw: RawTable) -> RawTable:
    """Drop the rows survey tools write below the column names, keeping question texts.

    Qualtrics writes the question text in row 2 and ``{"ImportId": ...}`` in row 3: every
    row up to the last ImportId row among the first three is a header row, and the first
    of them holds the column descriptions.
    """
    frame = raw.frame
    head = frame.head(3)
    skip = 0
    for i in range(head.height):
        row = [v for v in head.row(i) if v is not None]
        if row and sum(bool(re.match(_IMPORT_ID, v)) for v in row) >= max(1, len(row) // 2):
            skip = i + 1
    if skip == 0:
        return raw
    if skip >= 2:
        raw.descriptions = {
            c: v.strip() for c, v in zip(frame.columns, frame.row(0), strict=True) if v and v.strip() and v.strip() != c
        }
    raw.frame = frame.slice(skip)
    raw.lines = raw.lines.slice(skip)
    raw.header_rows_skipped = skip
    plural = "s" if skip > 1 else ""
    raw.notes.append(f"Skipped {skip} extra header row{plural} (Qualtrics export).")
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


def _read_excel(name: str, data: bytes, sheet: str | None) -> RawTable:
    import fastexcel

    reader = fastexcel.read_excel(data)
    sheets = list(reader.sheet_names)
    if sheet is not None and sheet not in sheets:
        raise FileProblem("no_such_sheet", f"The workbook {name} has no sheet called '{sheet}'.",
                          f"Choose one of: {', '.join(sheets)}.", name=name, sheet=sheet)
    for candidate in [sheet] if sheet else sheets:
        loaded = reader.load_sheet(candidate, dtypes="string")
        frame = loaded.to_polars()
        frame = frame.filter(~pl.all_horizontal(pl.all().is_null())) if frame.width else frame
        if frame.width and frame.height:
            frame = frame.rename({c: c.strip() for c in frame.columns})
            # Row 1 holds the names; calamine skips leading empty rows, so offset by its header.
            lines = pl.int_range(2, frame.height + 2, eager=True).alias(LINE)
            return RawTable(stringify(frame), lines, "xlsx", sheet=candidate, sheets=sheets)
    raise FileProblem("no_data_sheet", f"No sheet in the workbook {name} holds a table.",
                      "Put the data on one sheet, with the column names in the first row.", name=name)


def _records(name: str, frame: pl.DataFrame, fmt: str) -> RawTable:
    if frame.height == 0:
        raise FileProblem("header_only", f"The file {name} has no rows.",
                          "Check the export's date range or filters and export it again.", name=name)
    return RawTable(stringify(frame), pl.int_range(1, frame.height + 1, eager=True).alias(LINE), fmt)


def _read_json(name: str, data: bytes, fmt: str) -> RawTable:
    not_records = FileProblem("not_records", f"The JSON file {name} is not a list of records.",
                              "Export it as an array of objects (one per row) or as JSON Lines.", name=name)
    if fmt == "ndjson":
        try:
            frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
        except pl.exceptions.PolarsError as err:
            raise not_records from err
        if frame.width and all(isinstance(t, (pl.Struct, pl.List)) for t in frame.dtypes):
            raise not_records  # one nested object ({"orders": {...}}), not rows
        return _records(name, frame, fmt)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as err:
        raise not_records from err
    if not isinstance(parsed, list) or not parsed or not all(isinstance(r, dict) for r in parsed):
        if isinstance(parsed, list) and not parsed:
            raise FileProblem("empty_file", f"The file {name} is empty.",
                              "Export it again from the source system and upload the new file.", name=name)
        raise not_records
    return _records(name, pl.DataFrame(parsed, infer_schema_length=None), fmt)


def _unpack_zip(name: str, data: bytes, limit: int) -> tuple[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = [
        m for m in archive.infolist()
        if not m.is_dir() and not m.filename.startswith("__MACOSX/") and m.filename.lower().endswith(DATA_SUFFIXES)
    ]
    if not members:
        raise FileProblem("no_csv_in_zip", f"The archive {name} contains no CSV, Excel or Parquet file.",
                          "Put the export files in the archive and upload it again.", name=name)
    first = members[0]
    if first.file_size > limit:
        raise _too_large(name, limit)
    return first.filename, archive.read(first)


def _too_large(name: str, limit: int) -> FileProblem:
    mb = limit // (1024 * 1024)
    return FileProblem("too_large", f"The file {name} is larger than {mb} MB.",
                       "Export a shorter date range, or compress the file as .zip or .gz.", name=name, limit_mb=mb)


# --- entry point -----------------------------------------------------------------------------


def read_table(name: str, data: bytes, *, sheet: str | None = None, max_bytes: int = 200 * 1024 * 1024) -> RawTable:
    """Read any supported export into a `RawTable` of strings (see the module docstring)."""
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes)
    if not data.strip():
        raise FileProblem("empty_file", f"The file {name} is empty.",
                          "Export it again from the source system and upload the new file.", name=name)
    fmt = sniff_format(name, data)
    wrapper = None
    if fmt in ("gzip", "zip"):
        wrapper = fmt
        unpack_limit = max_bytes * _DECOMPRESSED_FACTOR
        if fmt == "gzip":
            try:
                with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                    data = gz.read(unpack_limit + 1)
            except (OSError, EOFError) as err:
                raise FileProblem("unreadable", f"The file {name} is a damaged .gz archive.",
                                  "Compress the export again and upload it.", name=name) from err
            if len(data) > unpack_limit:
                raise _too_large(name, unpack_limit)
        else:
            inner, data = _unpack_zip(name, data, unpack_limit)
            name = f"{name}:{inner}"
        if not data.strip():
            raise FileProblem("empty_file", f"The file {name} is empty.",
                              "Export it again from the source system and upload the new file.", name=name)
        fmt = sniff_format(name, data)
        if fmt in ("gzip", "zip"):
            raise FileProblem("unreadable", f"The file {name} is an archive inside an archive.",
                              "Unpack it and upload the export file itself.", name=name)
    if fmt == "binary":
        raise FileProblem("binary_file", f"The file {name} is not a table (it looks like a binary file).",
                          "Upload a CSV, Excel, Parquet or JSON export.", name=name)
    if fmt in ("xlsx", "xls"):
        raw = _read_excel(name, data, sheet)
    elif fmt == "parquet":
        raw = _records(name, pl.read_parquet(io.BytesIO(data)), "parquet")
    elif fmt in ("json", "ndjson"):
        raw = _read_json(name, data, fmt)
    else:
        text, encoding = decode(name, data)
        raw = _read_text(name, text)
        raw.encoding = encoding
        raw = skip_extra_header_rows(raw)
    if wrapper:
        raw.format = f"{raw.format}.{'gz' if wrapper == 'gzip' else 'zip'}"
    if raw.rejected.height:
        raw.notes.append(f"{raw.rejected.height} rows could not be split into the header's columns; they are listed as rejected.")
    return raw
