"""Every limit on what a file may cost, in one table, each overridable by an environment variable.

Decisions (measured; see docs/limits.md and benchmarks/read_memory.py):

- A file is refused *before* it can hurt the server, never after: sizes declared by a
  gzip trailer or a zip header are checked first (a fast refusal), then what is actually
  inflated is counted chunk by chunk, because a declared size can lie.
- The unpacked size a session may read is budgeted against its memory: loading text
  (reading, recognising, normalising) peaks at about `text_memory_factor` times the text
  (8.5× measured on a 190 MB CSV of short fields; reading alone 2.9×, was 7.9×), so a
  session of `session_memory_mb` reads at most ``session_memory_mb / factor`` MB of text,
  and never more than `unpacked_mb`.
- A workbook is checked part by part (actual inflated bytes) and sheet by sheet (the real
  last cell, not only its ``<dimension>``): the Excel reader allocates rows × columns of
  the used range, so one cell at XFD1048576 would ask for 17 billion cells.
- JSON nests at most `json_depth` levels (records in an array are level 2): deeper values
  are not something a table can hold, and inferring their types is what exhausts memory.
- A zip is read as the files it holds, one table each, up to `zip_members` tables.
- A table has at most `columns` columns.

Operators raise a limit with ``CXREPORT_<NAME>`` (e.g. ``CXREPORT_SESSION_MEMORY_MB=8192``);
tests lower them the same way. Values are read on every call, so a change takes effect
for the next file without a restart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    upload_mb: float = 200  # one uploaded file, as uploaded
    unpacked_mb: float = 2000  # one file or archive member once unpacked (further capped by memory)
    session_memory_mb: float = 4096  # the tables one session holds, and any one read's peak
    text_memory_factor: float = 9.0  # peak of loading text (read, recognise, normalise) ÷ its size: 8.5 measured
    columns: int = 5000  # columns of one table (5,000 load in ~5 s, measured)
    json_depth: int = 10  # nesting levels of a JSON document (an array of flat records is 2)
    zip_members: int = 20  # tables read from one zip
    xlsx_cells: int = 20_000_000  # rows × columns of a sheet's used range (the reader's allocation)

    @property
    def upload_bytes(self) -> int:
        return int(self.upload_mb * MB)

    @property
    def session_bytes(self) -> int:
        return int(self.session_memory_mb * MB)

    def unpacked_bytes(self, memory_left: int | None = None) -> int:
        """The most text one read may unpack: the size limit, or what the memory left can afford."""
        memory = self.session_bytes if memory_left is None else max(0, memory_left)
        return int(min(self.unpacked_mb * MB, memory / self.text_memory_factor))


ENVIRONMENT = {f.name: f"CXREPORT_{f.name.upper()}" for f in fields(Limits)}


def current() -> Limits:
    """The limits in force: the defaults above, overridden by any ``CXREPORT_*`` variable set.

    A variable that is not a positive number is ignored (the default stays): a typo in a
    deployment must not remove a limit.
    """
    values: dict[str, float | int] = {}
    for f in fields(Limits):
        raw = os.environ.get(ENVIRONMENT[f.name], "").strip()
        if not raw:
            continue
        try:
            value = float(raw) if f.type in ("float", float) else int(float(raw))
        except ValueError:
            continue
        if value > 0:
            values[f.name] = value
    return Limits(**values)


def megabytes(n: int | float) -> str:
    """A size for messages: one decimal below 10 MB, whole MB above."""
    mb = n / MB
    return f"{mb:.1f}" if mb < 10 else f"{mb:,.0f}"
