"""The notebook: an ordered list of cells a presenter builds beside the report, and its file.

Four kinds of cell (docs/notebook.md has the file format):

- `NoteCell`: Markdown text, the story told between the numbers;
- `SqlCell`: a DuckDB query over the loaded data (`cxreport.sql.run_sql`), under the
  report's filters unless `use_filters` is off;
- `ChartCell`: a chart of a SQL cell's result (`source` names that cell): mark, x, y,
  colour and an aggregate;
- `PinCell`: a chart or Overview card of a page (`chart`, an id of `cxreport.pins.PINNABLE`)
  with the view it was pinned in (`view`, the URL's query keys of `cxreport.state`); drawn
  live from the current data, under the report's filters (`follow_filters`) or its own.

A notebook is plain data: cells are frozen dataclasses, every edit returns a new
`Notebook`. The file is JSON, ``{"format": "cxreport-notebook", "version": 1, ...}``,
read by `parse` strictly: a file that is not JSON, not a notebook, too new, too large or
wrong in any field raises `CXError` with a code the app and the command line translate
(``notebook_<problem>``, the field named by its path in the file, ``cells[2].mark``),
and nothing of it is used. Files of an older version are brought up to date by
`MIGRATIONS` (version n -> n + 1) before they are checked.

>>> nb = Notebook().add(NoteCell(id="n1", text="# March"))
>>> nb = nb.add(SqlCell(id="q1", sql="SELECT count(*) AS orders FROM orders"))
>>> parse(to_json(nb)) == nb
True
>>> [c.kind for c in nb.move("q1", -1).cells]
['sql', 'note']
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Union

from cxreport.errors import CXError

FORMAT: Final = "cxreport-notebook"
VERSION: Final = 1
MAX_FILE_BYTES: Final = 1_000_000  # a notebook is a template: text and settings, never data
MAX_CELLS: Final = 200
MAX_NOTE_CHARS: Final = 20_000
MAX_SQL_CHARS: Final = 20_000
MAX_NAME_CHARS: Final = 200  # a title, a column name
MARKS: Final = ("bar", "line", "point", "area")
AGGREGATES: Final = ("sum", "mean", "count", "median", "min", "max", "none")

_ID = re.compile(r"[a-z0-9]{1,32}")
_PIN_ID = re.compile(r"[a-z0-9_.]{1,64}")
# Control characters other than tab and line breaks (a note and a query have lines),
# and the bidi overrides that would make a query read differently from what runs.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def new_id() -> str:
    """A fresh cell id: 8 hex digits, unlikely to meet another in one notebook."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class NoteCell:
    id: str
    text: str = ""
    kind: Literal["note"] = field(default="note", init=False)


@dataclass(frozen=True)
class SqlCell:
    id: str
    sql: str = ""
    use_filters: bool = True  # the report's filters apply to the views (off: all the loaded rows)
    kind: Literal["sql"] = field(default="sql", init=False)


@dataclass(frozen=True)
class ChartCell:
    id: str
    source: str = ""  # the id of the SQL cell whose result is drawn
    mark: str = "bar"
    x: str = ""
    y: str = ""
    color: str = ""  # "" for one colour
    aggregate: str = "sum"  # of y per x (and colour); "none" draws the rows as they are
    kind: Literal["chart"] = field(default="chart", init=False)


@dataclass(frozen=True)
class PinCell:
    id: str
    page: str
    chart: str  # an id of cxreport.pins.PINNABLE: a chart ("churn_over_time") or a card ("card.nps")
    view: dict[str, Any] = field(default_factory=dict)  # the view pinned, as URL query keys (cxreport.state)
    follow_filters: bool = True  # False: the pin keeps the date range and filters of `view`
    kind: Literal["pin"] = field(default="pin", init=False)

    def __hash__(self) -> int:
        return hash((self.id, self.chart, json.dumps(self.view, sort_keys=True), self.follow_filters))


Cell = Union[NoteCell, SqlCell, ChartCell, PinCell]
KINDS: Final[dict[str, type]] = {"note": NoteCell, "sql": SqlCell, "chart": ChartCell, "pin": PinCell}


@dataclass(frozen=True)
class Notebook:
    """Cells in order, and a title. Edits return a new notebook (the cells are frozen)."""

    cells: tuple[Cell, ...] = ()
    title: str = ""

    def index(self, cell_id: str) -> int:
        for i, cell in enumerate(self.cells):
            if cell.id == cell_id:
                return i
        raise KeyError(cell_id)

    def cell(self, cell_id: str) -> Cell:
        return self.cells[self.index(cell_id)]

    def add(self, cell: Cell, *, after: str | None = None) -> Notebook:
        """`cell` at the end, or right after the cell `after`."""
        at = len(self.cells) if after is None else self.index(after) + 1
        return dataclasses.replace(self, cells=(*self.cells[:at], cell, *self.cells[at:]))

    def replace(self, cell: Cell) -> Notebook:
        """The cell with `cell.id` changed to `cell`."""
        i = self.index(cell.id)
        return dataclasses.replace(self, cells=(*self.cells[:i], cell, *self.cells[i + 1:]))

    def move(self, cell_id: str, step: int) -> Notebook:
        """The cell moved `step` places (−1 up, +1 down), stopping at either end."""
        i = self.index(cell_id)
        j = min(max(i + step, 0), len(self.cells) - 1)
        cells = list(self.cells)
        cells.insert(j, cells.pop(i))
        return dataclasses.replace(self, cells=tuple(cells))

    def duplicate(self, cell_id: str) -> Notebook:
        """A copy of the cell, with a new id, right after it."""
        copy = dataclasses.replace(self.cell(cell_id), id=new_id())
        return self.add(copy, after=cell_id)

    def delete(self, cell_id: str) -> Notebook:
        i = self.index(cell_id)
        return dataclasses.replace(self, cells=(*self.cells[:i], *self.cells[i + 1:]))

    def sql_cells(self) -> list[SqlCell]:
        return [c for c in self.cells if isinstance(c, SqlCell)]


# --- the file ----------------------------------------------------------------------------------


def to_dict(nb: Notebook) -> dict[str, Any]:
    """The notebook as the file's JSON object (also what a saved report stores)."""
    cells = []
    for cell in nb.cells:
        fields = {f.name: getattr(cell, f.name) for f in dataclasses.fields(cell) if f.name not in ("kind", "id")}
        cells.append({"kind": cell.kind, "id": cell.id, **fields})
    return {"format": FORMAT, "version": VERSION, "title": nb.title, "cells": cells}


def to_json(nb: Notebook) -> str:
    return json.dumps(to_dict(nb), ensure_ascii=False, indent=1)


# version n -> n + 1, applied in turn to a file older than VERSION before it is checked.
# Version 1 is the first, so there is nothing to migrate yet; a change to the format adds
# its step here, bumps VERSION and documents both in docs/notebook.md.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _invalid(problem: str, where: str, what: str) -> CXError:
    """A field of the file that is not valid: code ``notebook_<problem>``, the field's path
    in the file (``cells[2].mark``) and, in the English text, what it should be."""
    return CXError(f"notebook_{problem}", f"The notebook file is not valid: {where} {what}.",
                   "Download the notebook again from the app, or fix the file as docs/notebook.md describes.",
                   where=where)


def _text(value: Any, where: str, *, limit: int, lines: bool) -> str:
    if not isinstance(value, str):
        raise _invalid("not_text", where, "must be text")
    if len(value) > limit:
        raise _invalid("too_long", where, f"is longer than {limit:,} characters")
    if (_CONTROL_IN_TEXT if lines else _CONTROL_IN_NAME).search(value):
        raise _invalid("control_characters", where, "holds control characters")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _invalid("not_flag", where, "must be true or false")
    return value


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _invalid("bad_choice", where, f"must be one of {', '.join(choices)}")
    return value


def _view(value: Any, where: str) -> dict[str, Any]:
    from cxreport.state import from_query

    if not isinstance(value, dict) or not all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)) for v in value.values()):
        raise _invalid("bad_view", where, "must map URL keys to text or lists of text")
    _, notices = from_query(value)
    if notices:
        raise _invalid("bad_view", where, f"has a value that is not valid ({notices[0].key})")
    return value


def _cell(raw: Any, where: str, pinnable: frozenset[str] | None) -> Cell:
    if not isinstance(raw, dict):
        raise _invalid("not_object", where, "must be an object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _invalid("unknown_kind", f"{where}.kind", f"must be one of {', '.join(KINDS)}")
    cls = KINDS[kind]
    allowed = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _invalid("unknown_field", f"{where}.{unknown[0][:40]}", "is not a field of a cell of this kind")
    cell_id = raw.get("id")
    if not isinstance(cell_id, str) or not _ID.fullmatch(cell_id):
        raise _invalid("bad_id", f"{where}.id", "must be 1 to 32 lower-case letters and digits")
    get = raw.get
    if cls is NoteCell:
        return NoteCell(cell_id, _text(get("text", ""), f"{where}.text", limit=MAX_NOTE_CHARS, lines=True))
    if cls is SqlCell:
        return SqlCell(cell_id, _text(get("sql", ""), f"{where}.sql", limit=MAX_SQL_CHARS, lines=True),
                       _flag(get("use_filters", True), f"{where}.use_filters"))
    if cls is ChartCell:
        source = get("source", "")
        if not isinstance(source, str) or not (source == "" or _ID.fullmatch(source)):
            raise _invalid("bad_source", f"{where}.source", "must be the id of a SQL cell")
        names = {k: _text(get(k, ""), f"{where}.{k}", limit=MAX_NAME_CHARS, lines=False) for k in ("x", "y", "color")}
        return ChartCell(cell_id, source, _choice(get("mark", "bar"), f"{where}.mark", MARKS), **names,
                         aggregate=_choice(get("aggregate", "sum"), f"{where}.aggregate", AGGREGATES))
    chart = get("chart")
    if not isinstance(chart, str) or not _PIN_ID.fullmatch(chart) or (pinnable is not None and chart not in pinnable):
        raise _invalid("unknown_chart", f"{where}.chart", "must name a chart or card of the report")
    from cxreport.state import PAGES

    return PinCell(cell_id, _choice(get("page"), f"{where}.page", PAGES), chart,
                   _view(get("view", {}), f"{where}.view"), _flag(get("follow_filters", True), f"{where}.follow_filters"))


def from_dict(doc: Any, *, pinnable: frozenset[str] | None = None) -> Notebook:
    """A notebook from the file's JSON object, checked field by field (see `parse`)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CXError("notebook_wrong_format", "This file is not a cxreport notebook.",
                      'A notebook file is JSON with "format": "cxreport-notebook".')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _invalid("bad_version", "version", "must be a whole number from 1")
    if version > VERSION:
        raise CXError("notebook_too_new", f"This notebook was written by a newer cxreport (format version {version}).",
                      f"This cxreport reads versions up to {VERSION}: update cxreport to open it.",
                      version=version, supported=VERSION)
    while version < VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    unknown = sorted(set(doc) - {"format", "version", "title", "cells"})
    if unknown:
        raise _invalid("unknown_field", unknown[0][:40], "is not a field of a notebook")
    title = _text(doc.get("title", ""), "title", limit=MAX_NAME_CHARS, lines=False)
    cells_raw = doc.get("cells", [])
    if not isinstance(cells_raw, list):
        raise _invalid("not_list", "cells", "must be a list")
    if len(cells_raw) > MAX_CELLS:
        raise _invalid("too_many_cells", "cells", f"has more than {MAX_CELLS} cells")
    cells = tuple(_cell(raw, f"cells[{i}]", pinnable) for i, raw in enumerate(cells_raw))
    ids = [c.id for c in cells]
    if len(set(ids)) != len(ids):
        raise _invalid("duplicate_id", "cells", "has two cells with the same id")
    sql_ids = {c.id for c in cells if isinstance(c, SqlCell)}
    for i, c in enumerate(cells):
        if isinstance(c, ChartCell) and c.source and c.source not in sql_ids:
            raise _invalid("bad_source", f"cells[{i}].source", "must be the id of a SQL cell of this notebook")
    return Notebook(cells, title)


def too_large() -> CXError:
    """The error for a file over `MAX_FILE_BYTES` (callers that know a file's size check it before reading it)."""
    return CXError("notebook_too_large", f"The notebook file is larger than {MAX_FILE_BYTES // 1000:,} KB.",
                   "A notebook holds text and settings, not data: check that this is the right file.",
                   limit_kb=MAX_FILE_BYTES // 1000)


def parse(data: str | bytes, *, pinnable: frozenset[str] | None = None) -> Notebook:
    """A notebook file read strictly: `CXError` (codes ``notebook_too_large``,
    ``notebook_not_json``, ``notebook_wrong_format``, ``notebook_too_new``, and
    ``notebook_<problem>`` for a field, see `_invalid`) for anything but a valid file,
    which is then not used at all.
    `pinnable`: the chart ids a pin may name (the app passes `cxreport.pins.PINNABLE`)."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > MAX_FILE_BYTES:
        raise too_large()
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CXError("notebook_not_json", "The notebook file is not JSON text.",
                      "Choose the .json file the app's Download notebook gave you.") from None
    return from_dict(doc, pinnable=pinnable)
