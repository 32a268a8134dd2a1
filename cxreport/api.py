"""The library's front door: `load` files into a `Workspace`, `report` on it.

These are the names `import cxreport` exports (see ``cxreport/__init__.py``); the CLI and the
app are thin clients of the same functions. Nothing here computes a metric: `load` wraps
`cxreport.loading.load_files` (reading, recognising, normalising), `report` wraps
`cxreport.report.build_report` and `cxreport.summary.render_summary`.

>>> import cxreport
>>> ws = cxreport.load("tests/data/cli/nps_tiny.csv")
>>> ws.kinds()
[<Kind.SURVEYS: 'surveys'>]
>>> cxreport.report(ws).data["surveys"]["nps"]["score"]
20.0
"""

from __future__ import annotations

import datetime as dt
import glob
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxreport.errors import FileProblem
from cxreport.io.archive import DATA_SUFFIXES
from cxreport.metrics.inputs import as_day
from cxreport.periods import Period
from cxreport.loading import is_table_folder, load_files
from cxreport.report import build_report
from cxreport.summary import render_summary
from cxreport.workspace import Workspace

# What a folder given to `load` contributes: export files, compressed ones included.
LOADABLE_SUFFIXES: tuple[str, ...] = (*DATA_SUFFIXES, ".gz", ".zip")


def _expand(item: str | Path) -> list[Path]:
    """The files one argument of `load` stands for: a file, every export in a folder, or a glob's matches."""
    text = str(item)
    path = Path(text).expanduser()
    if glob.has_magic(text):
        matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
        files = [p for p in matches if p.is_file()]
        if not files:
            raise FileProblem("no_files_match", f"No file matches {text}.",
                              "Check the folder and the pattern, for example exports/*.csv.", pattern=text)
        return files
    if path.is_dir() and is_table_folder(path):
        return [path]  # one table split in files: read whole by load_files
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.name.startswith(".") and p.name.lower().endswith(LOADABLE_SUFFIXES))
        if not files:
            raise FileProblem("no_files_match", f"The folder {text} holds no export file.",
                              f"Put CSV, Excel, Parquet or JSON exports in it ({', '.join(LOADABLE_SUFFIXES)}).",
                              pattern=text)
        return files
    return [path]  # a missing file is reported by load_files, with its own code


def _pairs(mapping: Mapping[str, str] | Sequence[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if mapping is None:
        return []
    return list(mapping.items()) if isinstance(mapping, Mapping) else [tuple(p) for p in mapping]  # type: ignore[misc]


def load(*paths: str | Path, kinds: Mapping[str, str] | None = None,
         mapping: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
         decimal_comma: bool | None = None) -> Workspace:
    """Read export files into a new `Workspace`: recognised, normalised, stacked per kind.

    Each argument is a file, a folder (its export files, not its subfolders) or a glob
    pattern (``exports/*.csv``, ``**`` for subfolders). A folder of Parquet files in
    partition subfolders (``orders/month=2024-01/part-0.parquet``, as Spark and data lakes
    write them) is one table, its partition columns added. A file named twice is read once.
    `kinds` forces a file's kind (``{"payments.csv": "orders"}``), `mapping` chooses the
    column of a field where recognition guessed wrong: ``{"customer_id": "Buyer"}`` for
    every file whose header has that column, ``{"payments.csv:amount": "Net"}`` for one
    file. Raises `FileProblem` for a pattern or folder that holds no file, a missing or
    unreadable file, and `MappingProblem`/`CXError` for a kind, field or column that
    matches nothing. `decimal_comma` forces how money is read in every file (True:
    ``1.250.000,50``, as Indonesian exports write it; False: ``1,250,000.50``); by default
    it is decided per column from its values.

    >>> ws = load("tests/data/cli/orders_tiny.csv", "tests/data/cli/nps_tiny.csv")
    >>> ws
    Workspace of 2 files
      orders   orders_tiny.csv  8 rows
      surveys  nps_tiny.csv     10 rows
    >>> ws.surveys.select("response_id", "nps_score").head(2)
    shape: (2, 2)
    ┌─────────────┬───────────┐
    │ response_id ┆ nps_score │
    │ ---         ┆ ---       │
    │ str         ┆ f64       │
    ╞═════════════╪═══════════╡
    │ R01         ┆ 10.0      │
    │ R02         ┆ 9.0       │
    └─────────────┴───────────┘
    """
    if not paths:
        raise FileProblem("no_files", "No files were given.", "Name one or more export files, for example orders.csv.")
    files: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        for path in _expand(item):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return load_files(files, kinds=dict(kinds or {}), mappings=_pairs(mapping), decimal_comma=decimal_comma)


@dataclass(frozen=True)
class Report:
    """Every metric a workspace's data allows, as JSON-ready data (keys in docs/cli.md).

    `data` is the document `cxreport metrics --json` prints: plain dicts, lists, strings,
    numbers, ``None``. `to_json` prints it exactly as the CLI does, `summary` as the CLI's
    text summary; ``report["surveys"]`` is ``report.data["surveys"]``.

    >>> r = Report({"filters": {"period": "week"}, "datasets": [], "surveys": {"nps": {"score": 20.0}}})
    >>> r, "orders" in r, r["surveys"]["nps"]["score"]
    (Report(surveys; period=week), False, 20.0)
    >>> print(r.to_json(indent=None))
    {"filters": {"period": "week"}, "datasets": [], "surveys": {"nps": {"score": 20.0}}}
    """

    data: dict[str, Any]

    def to_json(self, *, indent: int | None = 1) -> str:
        """The JSON document, as ``cxreport metrics --json`` prints it (NaN is already ``null``)."""
        return json.dumps(self.data, ensure_ascii=False, allow_nan=False, indent=indent)

    def summary(self) -> str:
        """A few readable lines per section: files, filters, headline numbers with n and intervals."""
        return render_summary(self.data)

    def __getitem__(self, section: str) -> Any:
        return self.data[section]

    def __contains__(self, section: object) -> bool:
        return section in self.data

    def __repr__(self) -> str:
        sections = [k for k in self.data if k not in ("datasets", "filters")]
        return f"Report({', '.join(sections) or 'no sections'}; period={self.data['filters']['period']})"


def report(ws: Workspace, *, period: Period = "month", date_from: dt.date | str | None = None,
           date_to: dt.date | str | None = None, where: Mapping[str, str | Sequence[str]] | None = None,
           calibration_end: dt.date | str | None = None) -> Report:
    """Every metric the workspace's data allows, as a `Report` (the CLI's ``metrics`` command).

    `period` is the calendar period of cohorts and trends (``day``, ``week``, ``month``,
    ``quarter``). `date_from`/`date_to` keep rows dated in that range, both days included,
    on each kind's own date; `where` keeps rows whose column equals one of the values
    (``{"channel": ["Email", "Social Ads"], "segment": "Business"}``: OR within a column,
    AND across). `calibration_end` adds a calibration/holdout check of the CLV model.

    >>> ws = load("tests/data/cli/nps_tiny.csv")
    >>> r = report(ws, period="month", where={"channel": "Email"})
    >>> r
    Report(surveys, cx_indicators, headlines; period=month)
    >>> r["surveys"]["nps"]["score"], r["surveys"]["nps"]["n"]
    (100.0, 5)
    >>> print(r.summary().splitlines()[0])
    Files
    """
    pairs = [(column, value) for column, values in (where or {}).items()
             for value in ([values] if isinstance(values, str) else values)]
    data = build_report(ws, date_from=_day(date_from), date_to=_day(date_to), where=pairs,
                        calibration_end=_day(calibration_end), period=period)
    return Report(data)


def _day(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else as_day(value)
