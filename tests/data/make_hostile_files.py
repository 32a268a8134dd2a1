"""Writes the hostile-file corpus: files built to exhaust a server's memory or fool the reader.

Each file is the small-scale twin of one from issue 18 ("the server must survive any
upload"); the tests lower the limits through ``CXREPORT_*`` variables (see
cxreport/io/limits.py) so the same checks fire on megabytes instead of gigabytes.
Runnable by hand: ``python tests/data/make_hostile_files.py OUT_DIR [BOMB_MB]``.

| file                  | what it does                                                         |
|-----------------------|----------------------------------------------------------------------|
| far_cell.xlsx         | a 3-row table and one cell at XFD1048576 (17 billion cells of range) |
| huge_sheet.xlsx       | a sheet part that inflates to BOMB_MB (XML padding)                  |
| bomb.csv.gz           | BOMB_MB of CSV in a few hundred KB                                   |
| bomb_lying.csv.gz     | the same, its trailer claiming 1 KB                                  |
| bomb.zip              | BOMB_MB of CSV in one zip member                                     |
| bomb_lying.zip        | the same, its headers claiming 1 KB                                  |
| deep.json             | one record nested 900 objects deep (5 KB)                            |
| deep.ndjson           | the same as JSON Lines                                               |
| many.zip              | 5 order exports (a.csv … e.csv) and a readme                         |
| mixed_encoding.csv    | UTF-8 lines and 2 Windows-1252 lines                                 |
| late_nul.csv          | 3,000 good rows, then a customer id holding a NUL byte (past 64 KB)  |
| pdf_named.xlsx        | a PDF saved with an .xlsx name                                       |
| wide.csv              | 300 columns, 5 rows                                                  |
"""

from __future__ import annotations

import gzip
import io
import json
import re
import struct
import sys
import zipfile
from pathlib import Path

import openpyxl

ORDER_HEADER = "Order ID,Customer ID,Order Date,Amount\n"


def order_rows(n: int, start: int = 0) -> str:
    return "".join(f"A{i},C{i % 97},2024-03-{i % 28 + 1:02d},{(i % 50) + 0.5:.2f}\n" for i in range(start, start + n))


def _chunks(total: int):
    """BOMB text in 1 MB chunks: a header, then the same block of rows again and again."""
    block = order_rows(200).encode() * 170  # ~1 MB; 200 rows fit the deflate window, so it packs ~1000:1
    yield ORDER_HEADER.encode()
    written = 0
    while written < total:
        piece = block[: total - written]
        written += len(piece)
        yield piece


def gzip_bomb(total: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as gz:
        for chunk in _chunks(total):
            gz.write(chunk)
    return out.getvalue()


def zip_bomb(total: int, member: str = "orders.csv") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z, z.open(member, "w", force_zip64=True) as f:
        for chunk in _chunks(total):
            f.write(chunk)
    return out.getvalue()


def lie_about_zip_sizes(data: bytes, claimed: int = 1024) -> bytes:
    """Rewrite every size field of a (zip64) archive to `claimed`: the headers lie, the data does not."""
    buf = bytearray(data)
    for m in re.finditer(rb"PK\x01\x02", bytes(buf)):  # central directory: uncompressed size at +24
        struct.pack_into("<I", buf, m.start() + 24, claimed)
    for m in re.finditer(rb"PK\x03\x04", bytes(buf)):  # local header: uncompressed size at +22
        struct.pack_into("<I", buf, m.start() + 22, claimed)
    for m in re.finditer(rb"\x01\x00[\x08\x10\x18]\x00", bytes(buf)):  # zip64 extra: original size first
        struct.pack_into("<Q", buf, m.start() + 4, claimed)
    return bytes(buf)


def _workbook(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def far_cell_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    for row in [["Order ID", "Customer ID", "Order Date", "Amount"], ["A1", "C1", "2024-03-01", 10], ["A2", "C2", "2024-03-02", 20]]:
        ws.append(row)
    ws["XFD1048576"] = "x"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def padded_workbook(total: int) -> bytes:
    """A small workbook whose sheet XML is padded (inside sheetData) to `total` bytes."""
    small = _workbook([["Order ID", "Customer ID", "Order Date", "Amount"], ["A1", "C1", "2024-03-01", 10]])
    src = zipfile.ZipFile(io.BytesIO(small))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * total, 1)
            z.writestr(info.filename, data)
    return out.getvalue()


def deep_json(depth: int = 900) -> tuple[bytes, bytes]:
    record = "1"
    for _ in range(depth):
        record = '{"a": ' + record + "}"
    record = '{"order_id": "A1", "customer_id": "C1", "nested": ' + record + "}"
    return f"[{record}]".encode(), (record + "\n").encode()


def many_zip(members: int = 5) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(members):
            z.writestr(f"{chr(97 + i)}.csv", ORDER_HEADER + order_rows(4, start=10 * i))
        z.writestr("README", "not a table")
    return out.getvalue()


def mixed_encoding() -> bytes:
    utf8 = "Customer ID,Order Date,Amount,City\nC1,2024-03-01,10.00,São Paulo\nC2,2024-03-02,11.00,Jakarta\n".encode()
    cp1252 = "C3,2024-03-03,12.00,Zürich\nC4,2024-03-04,13.00,Bogotá\n".encode("cp1252")
    return utf8 + cp1252 + "C5,2024-03-05,14.00,Kraków\n".encode()


def late_nul(rows: int = 3000) -> bytes:
    text = ORDER_HEADER + order_rows(rows)
    assert len(text.encode()) > 65536, "the NUL must sit past the 64 KB the format sniff reads"
    return text.encode() + b"A_nul,C\x0042,2024-03-05,9.50\n" + order_rows(2, start=rows).encode()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_all(dest: Path, bomb_mb: int = 40) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    bomb = bomb_mb * 1024 * 1024
    gz = gzip_bomb(bomb)
    deep, deep_lines = deep_json()
    files = {
        "far_cell.xlsx": far_cell_workbook(),
        "huge_sheet.xlsx": padded_workbook(bomb),
        "bomb.csv.gz": gz,
        "bomb_lying.csv.gz": gz[:-4] + struct.pack("<I", 1024),
        "bomb.zip": zip_bomb(bomb),
        "bomb_lying.zip": lie_about_zip_sizes(zip_bomb(bomb)),
        "deep.json": deep,
        "deep.ndjson": deep_lines,
        "many.zip": many_zip(),
        "mixed_encoding.csv": mixed_encoding(),
        "late_nul.csv": late_nul(),
        "pdf_named.xlsx": PDF,
        "wide.csv": (",".join(f"col_{i}" for i in range(300)) + "\n"
                     + "".join(",".join(str(r * i) for i in range(300)) + "\n" for r in range(5))).encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = dest / name
        paths[name].write_bytes(data)
    return paths


if __name__ == "__main__":
    out = make_all(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
    print(json.dumps({k: v.stat().st_size for k, v in out.items()}, indent=1))
