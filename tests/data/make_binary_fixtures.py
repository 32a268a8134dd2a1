"""Writes the binary test fixtures (xlsx, parquet, gz, zip, non-UTF-8 text) into a folder.

Binary files are generated rather than committed, so their content is reviewable here.
Run by the `fixtures` fixture in tests/io/conftest.py; also runnable by hand:
``python tests/data/make_binary_fixtures.py OUT_DIR``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import polars as pl

HERE = Path(__file__).resolve().parent

LATIN1_CSV = "Customer ID,Order Date,Amount,City\nC001,2024-03-05,€12.50,São Paulo\nC002,2024-03-06,€7.00,Zürich\n"


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def make_all(dest: Path) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    orders = (HERE / "orders_en.csv").read_bytes()
    ux_rows = [
        ["Participant", "Session date", "Task", "Completed", "Time on task (s)", "Errors", "SUS Q1", "SUS Q2"],
        ["P1", dt.datetime(2024, 3, 5, 10, 30), "Checkout", "Yes", 75, 0, 4, 2],
        ["P1", dt.datetime(2024, 3, 5, 10, 30), "Search", "No", 120.5, 2, 4, 2],
        ["P2", 45357, "Checkout", "Yes", 60, 1, 5, 1],  # an Excel serial day: 2024-03-06
    ]
    files = {
        "ux.xlsx": _workbook({"Notes": [], "Results": ux_rows, "Other": [["a"], [1]]}),
        "orders.parquet": _to_parquet(pl.DataFrame({
            "order_id": ["A1", "A2"], "customer_id": ["C1", "C2"],
            "order_date": [dt.datetime(2024, 3, 5, 14, 22, 11), dt.datetime(2024, 3, 6)], "amount": [125000.0, -5000.0],
            "quantity": [2, 1],
        })),
        "orders.csv.gz": gzip.compress(orders),
        "orders.zip": _zip({"__MACOSX/._orders.csv": b"\x00\x05junk", "readme.md": b"# export", "orders.csv": orders,
                            "second.csv": b"x,y\n1,2\n"}),
        "orders_latin1.csv": LATIN1_CSV.encode("cp1252"),
        "orders_bom.csv": b"\xef\xbb\xbf" + orders,
        "orders_csv_named.xlsx": orders,  # a CSV with a workbook's extension
        "bad/no_data.xlsx": _workbook({"Sheet1": [], "Sheet2": []}),
        "bad/no_csv.zip": _zip({"readme.md": b"# nothing here", "logo.png": b"\x89PNG\r\n"}),
        "bad/binary.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "bad/bad_encoding.csv": b"Name,City\n" + bytes(range(0x80, 0x100)) * 30 + b"\n",
    }
    paths = {}
    for name, data in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths[name] = path
    return paths


def _to_parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


if __name__ == "__main__":
    for p in make_all(Path(sys.argv[1])).values():
        print(p)
