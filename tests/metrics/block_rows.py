"""Cut the order metrics' passes into blocks of a few rows (`cxreport.metrics._runs`), so a
small test table is counted in many blocks, side by side, as ten million rows are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cxreport.metrics import _runs


@contextmanager
def block_rows(rows: int | None) -> Iterator[None]:
    """Blocks of `rows` rows inside (None: the library's own size)."""
    kept = _runs.BLOCK_ROWS
    _runs.BLOCK_ROWS = rows or kept
    try:
        yield
    finally:
        _runs.BLOCK_ROWS = kept
