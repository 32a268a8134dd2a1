"""Unpacking without trusting the archive: gzip, zip members and the parts of a workbook.

Each reader checks the size the archive declares first (a refusal that costs nothing),
then inflates in chunks and counts what actually comes out, stopping at the limit: a zip
header or a gzip trailer can lie, the inflated bytes cannot. Nothing here holds more than
the limit plus one chunk.

A workbook (.xlsx) is a zip of XML parts. `inspect_workbook` inflates every part once
(counting, keeping nothing but a few numbers) and, for each sheet, finds the last row and
column that really hold a cell. The Excel reader allocates rows × columns of that range,
so a sheet whose range exceeds `Limits.xlsx_cells` is refused before the reader sees it.
Decision: such a sheet is refused rather than read sparsely: a sparse reader would have
to redo the Excel reader's date formats and shared strings, and a stray far cell is a
mistake the user fixes in seconds (Ctrl+End shows it).
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from cxreport.errors import FileProblem
from cxreport.io.limits import Limits, megabytes

CHUNK = 1024 * 1024
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet", ".json", ".ndjson", ".jsonl", ".gz")


def unpacked_too_large(name: str, size: int, limit: int, *, at_least: bool) -> FileProblem:
    size_mb, limit_mb = megabytes(size), megabytes(limit)
    more = "more than " if at_least else ""
    return FileProblem(
        "unpacked_too_large",
        f"The file {name} unpacks to {more}{size_mb} MB; this session can read at most {limit_mb} MB unpacked.",
        "Export a shorter date range, or split the export into several files.",
        name=name, size_mb=f"{more}{size_mb}", limit_mb=limit_mb)


def _damaged(name: str, what: str) -> FileProblem:
    return FileProblem("damaged_archive", f"The file {name} is a damaged {what} archive.",
                       "Compress the export again and upload it.", name=name, what=what)


def _drain(stream: io.BufferedIOBase, name: str, limit: int, *, keep: bool, already: int = 0) -> tuple[bytes, int]:
    """Read a stream in chunks, refusing as soon as `already` plus what came out passes `limit`."""
    out = io.BytesIO() if keep else None
    count = already
    while chunk := stream.read(CHUNK):
        count += len(chunk)
        if count > limit:
            raise unpacked_too_large(name, count, limit, at_least=True)
        if out is not None:
            out.write(chunk)
    return (out.getvalue() if out is not None else b""), count - already


def gunzip(name: str, data: bytes, limit: int) -> bytes:
    """A .gz file's content, at most `limit` bytes of it."""
    declared = int.from_bytes(data[-4:], "little") if len(data) >= 18 else 0  # ISIZE: size mod 4 GiB
    if declared > limit:
        raise unpacked_too_large(name, declared, limit, at_least=False)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            return _drain(gz, name, limit, keep=True)[0]
    except (OSError, EOFError, zlib.error) as err:
        raise _damaged(name, ".gz") from err


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _damaged(name, ".zip") from err


def data_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of a zip that look like exports, in archive order (no folders, no macOS extras)."""
    return [
        m for m in archive.infolist()
        if not m.is_dir() and not m.filename.startswith("__MACOSX/")
        and not m.filename.rsplit("/", 1)[-1].startswith(".") and m.filename.lower().endswith(DATA_SUFFIXES)
    ]


def read_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """One zip member's content, at most `limit` bytes (declared size first, then counted)."""
    label = f"{name}:{member.filename}"
    if member.file_size > limit:
        raise unpacked_too_large(label, member.file_size, limit, at_least=False)
    try:
        with archive.open(member) as stream:
            return _drain(stream, label, limit, keep=True)[0]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as err:
        # RuntimeError: encrypted member; NotImplementedError: a compression zipfile lacks.
        raise _damaged(label, ".zip") from err


# --- workbooks ---------------------------------------------------------------------------------

# Only tags that hold something count (``<c r="B2" s="1"/>`` is formatting, not a cell, and
# the reader leaves it out of the range): the negative lookbehind skips self-closing tags.
_CELL_ROW = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="[A-Z]{1,4}([0-9]{1,9})"[^>]*(?<!/)>')
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,4})[0-9]{1,9}"[^>]*(?<!/)>')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*(?<!/)>")


@dataclass
class SheetExtent:
    part: str
    last_row: int
    last_column: int

    @property
    def cells(self) -> int:
        return self.last_row * self.last_column

    @property
    def last_cell(self) -> str:
        return f"{column_letters(self.last_column)}{self.last_row}"


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _scan_sheet(stream: io.BufferedIOBase, label: str, limit: int, already: int) -> tuple[int, int, int]:
    """(last row, last column, bytes) of a sheet's XML, streamed: only a few numbers are kept."""
    last_row = rows_seen = 0
    columns: set[bytes] = set()
    count = already
    tail = b""
    while chunk := stream.read(CHUNK):
        count += len(chunk)
        if count > limit:
            raise unpacked_too_large(label, count, limit, at_least=True)
        window = tail + chunk  # a tag cut by the chunk boundary is whole in the next window
        rows = set(_CELL_ROW.findall(window))  # a row number per cell: hashed in C, int() per distinct row
        if rows:
            last_row = max(last_row, max(map(int, rows)))
        rows_seen += len(_ROW_TAG.findall(chunk))
        columns.update(_CELL_COLUMN.findall(window))
        tail = window[-256:]
    last_column = max((column_number(c) for c in columns), default=0)
    # Rows without an r attribute are numbered in order: their count bounds the last row.
    return max(last_row, rows_seen), last_column, count - already


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name", "")] = target
    return parts


def inspect_workbook(name: str, data: bytes, limits: Limits, unpack_limit: int) -> dict[str, SheetExtent]:
    """Check every part of an .xlsx (inflated bytes, counted) and return each sheet's real extent.

    Parts with the workbook's small XML (styles, relationships) are only counted; sheets
    are also scanned for their last row and column. Refuses a workbook whose parts unpack
    to more than `unpack_limit` in total.
    """
    archive = open_zip(name, data)
    declared = sum(m.file_size for m in archive.infolist())
    if declared > unpack_limit:
        raise unpacked_too_large(name, declared, unpack_limit, at_least=False)
    by_part = {part: sheet for sheet, part in _sheet_parts(archive).items()}
    extents: dict[str, SheetExtent] = {}
    total = 0
    try:
        for member in archive.infolist():
            with archive.open(member) as stream:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    last_row, last_column, count = _scan_sheet(stream, name, unpack_limit, total)
                    sheet = by_part.get(member.filename, member.filename)
                    extents[sheet] = SheetExtent(member.filename, last_row, last_column)
                else:
                    count = _drain(stream, name, unpack_limit, keep=False, already=total)[1]
            total += count
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as err:
        raise _damaged(name, ".xlsx") from err
    return extents


def check_sheet(name: str, sheet: str, extent: SheetExtent | None, limits: Limits) -> None:
    """Refuse a sheet whose used range the Excel reader could not allocate."""
    if extent is None or extent.cells <= limits.xlsx_cells:
        return
    raise FileProblem(
        "sheet_too_large",
        f"The sheet '{sheet}' of {name} reaches cell {extent.last_cell}, so it spans {extent.cells:,} cells; "
        f"at most {limits.xlsx_cells:,} can be read.",
        "Delete the rows and columns beyond the table (in Excel, Ctrl+End shows the last used cell), save, "
        "and upload it again.",
        name=name, sheet=sheet, cell=extent.last_cell, cells=f"{extent.cells:,}", limit=f"{limits.xlsx_cells:,}")
