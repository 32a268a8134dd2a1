"""Export files into a `Workspace`, and the command line's filters checked against it.

- `load_files`: read export files, with the user's corrections (``--kind FILE=KIND``,
  ``--map [FILE:]FIELD=COLUMN``) applied through `remap`.
- `report_filters`: ``--from``/``--to``/``--where`` as `Filters`, each value checked
  against the data (a column or value that names nothing is an error saying what exists).

The command line (`cxreport.cli`) and the library's `cxreport.load` call these; the
report itself (`cxreport.report.build_report`) takes a workspace and filters.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from cxreport.errors import CXError, FileProblem, MappingProblem
from cxreport.fields import FIELD_TYPES, Kind
from cxreport.filters import Filters
from cxreport.io.dataset import Dataset, load_datasets, remap
from cxreport.io.recognise import recognise_columns
from cxreport.workspace import Workspace

# How many of a column's values an error message lists before "…".
LISTED_VALUES = 12


def _listing(values: Iterable[str]) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:LISTED_VALUES])
    return shown + (", …" if len(values) > LISTED_VALUES else "")


def _dataset_names(paths: Sequence[Path]) -> list[str]:
    """The name each file goes by: its file name, or the path as given when two share a name.

    Exports split by month often sit in folders under the same name (jan/orders.csv,
    feb/orders.csv); the workspace keys datasets by name, so they must differ.
    """
    names = [p.name for p in paths]
    return [p.name if names.count(p.name) == 1 else str(p) for p in paths]


def is_table_folder(path: Path) -> bool:
    """A folder holding one Parquet table in partition subfolders (``month=2024-01/part-0.parquet``)."""
    return path.is_dir() and any(p.is_dir() and "=" in p.name for p in path.iterdir()) and any(path.rglob("*.parquet"))


def _table_folder_bytes(path: Path) -> bytes:
    """The partitioned table as one Parquet file in memory, partition columns included, so it
    is read, limited and recognised as any uploaded Parquet file is."""
    buffer = io.BytesIO()
    try:
        pl.scan_parquet(path / "**" / "*.parquet", hive_partitioning=True).collect().write_parquet(buffer)
    except (pl.exceptions.PolarsError, OSError) as err:
        raise FileProblem("unreadable", f"The folder {path} could not be read as one Parquet table.",
                          "Check that every file in it is Parquet with the same columns.", name=str(path)) from err
    return buffer.getvalue()


def _read(path: Path, name: str) -> list[Dataset]:
    data = _table_folder_bytes(path) if is_table_folder(path) else _file_bytes(path)
    outcomes = load_datasets(name, data)  # a zip of exports: one dataset per table inside
    for outcome in outcomes:
        if isinstance(outcome, CXError):
            raise outcome
    return outcomes  # type: ignore[return-value]


def _file_bytes(path: Path) -> bytes:
    if not path.exists():
        raise FileProblem("missing_file", f"The file {path} does not exist.",
                          "Check the path and the spelling, or run the command from the folder that holds it.",
                          name=str(path))
    if not path.is_file():
        raise FileProblem("not_a_file", f"{path} is a folder, not a file.",
                          "Name the export files themselves, for example data/*.csv.", name=str(path))
    try:
        return path.read_bytes()
    except OSError as err:
        raise FileProblem("unreadable", f"The file {path} could not be opened ({err.strerror}).",
                          "Check that you are allowed to read it.", name=str(path)) from None


def _match_file(key: str, paths: Sequence[Path], names: Sequence[str], option: str) -> int:
    """Index of the file that `key` names: by file name, by path as given, or by resolved path."""
    target = Path(key).expanduser().resolve()
    hits = [i for i, p in enumerate(paths)
            if key in (p.name, str(p), names[i]) or p.expanduser().resolve() == target]
    hits = sorted(set(hits))
    if not hits:
        raise CXError("unknown_file", f"{option} names {key!r}, which is not one of the files given.",
                      f"Use one of: {_listing(names)}.", name=key)
    if len(hits) > 1:
        raise CXError("ambiguous_file", f"{option} names {key!r}, which matches several files.",
                      "Write the file's path as you gave it, for example jan/orders.csv.", name=key)
    return hits[0]


def _kind(value: str) -> Kind:
    try:
        return Kind(value.strip().lower())
    except ValueError:
        raise CXError("unknown_kind", f"{value!r} is not a kind of export.",
                      f"Use one of: {', '.join(k.value for k in Kind)}.", kind=value) from None


def _column_of(ds: Dataset, column: str) -> str | None:
    """The file's own spelling of `column`: exact, else the one column equal ignoring case and spaces."""
    if column in ds.raw.columns:
        return column
    folded = [c for c in ds.raw.columns if c.strip().casefold() == column.strip().casefold()]
    return folded[0] if len(folded) == 1 else None


def _planned_maps(datasets: list[Dataset], kinds: list[Kind], paths: Sequence[Path], names: Sequence[str],
                  mappings: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """field -> column corrections per file (same order as `datasets`), checked against each
    file's header and the fields of the kind it will be read as (`kinds`)."""
    planned: list[dict[str, str]] = [{} for _ in datasets]
    for left, column in mappings:
        file_key, colon, field = left.rpartition(":")
        field = field.strip()
        if not field or (colon and not file_key):
            raise CXError("bad_map", f"--map {left}={column} does not name a field.",
                          "Write --map FIELD=COLUMN, or --map FILE:FIELD=COLUMN for one file.")
        if colon:
            i = _match_file(file_key, paths, names, "--map")
            ds = datasets[i]
            found = _column_of(ds, column)
            if found is None:
                raise MappingProblem("unknown_column", f"The file {ds.name} has no column {column!r}.",
                                     f"Its columns are: {_listing(ds.raw.columns)}.", name=ds.name, columns=column)
            if field not in FIELD_TYPES[kinds[i]]:
                raise MappingProblem("unknown_field", f"{field} is not a field of {kinds[i].value} ({ds.name}).",
                                     f"Choose among: {', '.join(FIELD_TYPES[kinds[i]]) or 'none; set the kind with --kind FILE=KIND'}.",
                                     name=ds.name, fields=field)
            planned[i][field] = found
            continue
        having = [(i, found) for i, ds in enumerate(datasets) if (found := _column_of(ds, column)) is not None]
        if not having:
            raise MappingProblem("unmatched_map", f"--map {field}={column}: no file has a column {column!r}.",
                                 "Check the column's spelling in the file's header row.", columns=column)
        fitting = [(i, found) for i, found in having if field in FIELD_TYPES[kinds[i]]]
        if not fitting:
            kind_names = sorted({kinds[i].value for i, _ in having})
            raise MappingProblem("unknown_field", f"{field} is not a field of {' or '.join(kind_names)}.",
                                 "Name a field of that kind of export, or set the file's kind with --kind FILE=KIND.",
                                 fields=field)
        for i, found in fitting:
            planned[i][field] = found
    return planned


def _corrected(ds: Dataset, kind: Kind, extra: dict[str, str]) -> Dataset:
    """`ds` read as `kind` with the `extra` field -> column choices on top of what was recognised."""
    if kind == ds.kind and not extra:
        return ds
    base = ds.mapping if kind == ds.kind else recognise_columns(ds.raw, kind, descriptions=ds.descriptions)[0]
    if not extra:
        if base:
            return remap(ds, kind=kind)
        # No column looks like any field of that kind. Normalising an empty mapping is not
        # possible, so keep the file as read under its new kind: it is listed with every
        # required field missing and stays out of the metrics.
        return replace(ds, kind=kind, kind_confidence=1.0, mapping={}, confidence={})
    try:
        return remap(ds, kind=kind, mapping={**base, **extra})
    except MappingProblem as err:
        if err.code != "missing_fields":
            raise
        raise MappingProblem("missing_fields", err.message,
                             f"Map them with --map FIELD=COLUMN; the file's columns are: {_listing(ds.raw.columns)}.",
                             **err.params) from None


def load_files(paths: Sequence[Path | str], *, kinds: dict[str, str] | None = None,
               mappings: Sequence[tuple[str, str]] = (), decimal_comma: bool | None = None) -> Workspace:
    """Read export files into a new `Workspace`, applying the user's corrections.

    `kinds` maps a file (its name or path) to the kind it must be read as; `mappings` holds
    (FIELD, COLUMN) pairs applied with `remap` to every file whose header has COLUMN and
    whose kind has FIELD, or ("FILE:FIELD", COLUMN) for one file. A file, kind, field or
    column that matches nothing raises `CXError`, as does a file that cannot be read.
    Files that are read but miss required fields stay in the workspace (`Workspace.of_kind`
    leaves them out of metrics) so the report can say what they lack. `decimal_comma`
    forces how money is read in every file (True: ``1.250.000,50``; False: ``1,250,000.50``).
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise FileProblem("no_files", "No files were given.", "Name one or more export files, for example orders.csv.")
    names = _dataset_names(paths)
    forced: dict[int, Kind] = {}
    for key, value in (kinds or {}).items():
        forced[_match_file(key, paths, names, "--kind")] = _kind(value)
    read = [_read(p, name) for p, name in zip(paths, names)]
    origin = [i for i, group in enumerate(read) for _ in group]  # the file each dataset came from
    datasets = [ds for group in read for ds in group]
    kinds_to_use = [forced.get(origin[j], ds.kind) for j, ds in enumerate(datasets)]
    planned = _planned_maps(datasets, kinds_to_use, [paths[i] for i in origin], [ds.name for ds in datasets], mappings)
    datasets = [_corrected(ds, kind, extra) for ds, kind, extra in zip(datasets, kinds_to_use, planned)]
    if decimal_comma is not None:
        datasets = [remap(ds, decimal_comma=decimal_comma) if ds.decimal_comma is not None else ds for ds in datasets]
    ws = Workspace()
    for ds in datasets:
        ws.add(ds)
    return ws


# --- filters ------------------------------------------------------------------------------


def _where_column(ws: Workspace, column: str) -> str:
    """The canonical column a filter names: a table column, else a file's own header mapped to one."""
    schemas = [ws.table(kind).schema for kind in ws.kinds()]  # type: ignore[union-attr]
    columns = {c for schema in schemas for c in schema}
    text_columns = {c for schema in schemas for c, dtype in schema.items() if dtype == pl.String}
    if column in columns:
        return column
    folded = column.strip().casefold()
    by_name = {c for c in columns if c.casefold() == folded}
    by_header = {f for kind in ws.kinds() for ds in ws.of_kind(kind) for f, c in ds.mapping.items()
                 if c.strip().casefold() == folded}
    found = by_name | by_header
    if len(found) == 1:
        return found.pop()
    raise CXError("unknown_where_column", f"Filter {column}=…: no loaded table has a column {column!r}.",
                  f"Filter on one of: {_listing(sorted(text_columns))}.",
                  column=column)


def _where_values(ws: Workspace, column: str, wanted: list[str]) -> tuple[str, ...]:
    """The data's spellings of the values asked for (matched ignoring case); unknown values are an error."""
    present: set[str] = set()
    for kind in ws.kinds():
        frame = ws.table(kind)
        if column not in frame.columns:  # type: ignore[union-attr]
            continue
        series = frame.get_column(column)  # type: ignore[union-attr]
        if series.dtype != pl.String:
            raise CXError("where_not_text", f"Only text columns can be filtered on a value, and {column} holds "
                          f"{series.dtype} values in the {kind.value} table.",
                          "Filter on a dimension such as segment, channel or region; give dates as a date range.",
                          column=column)
        present.update(series.drop_nulls().unique().to_list())
    out: list[str] = []
    for value in wanted:
        matches = [v for v in present if v == value] or [v for v in present if v.strip().casefold() == value.strip().casefold()]
        if not matches:
            raise CXError("unknown_where_value", f"No row has {column} = {value!r}.",
                          f"Values found: {_listing(sorted(present))}.", column=column, value=value)
        out.extend(m for m in matches if m not in out)
    return tuple(out)


def report_filters(ws: Workspace, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
                   where: Sequence[tuple[str, str]] = ()) -> Filters:
    """The `Filters` for a date range and (column, value) pairs (OR within a column, AND across columns)."""
    if date_from and date_to and date_from > date_to:
        raise CXError("bad_date_range", f"The start date {date_from} is after the end date {date_to}.",
                      "Give the earlier date as the start and the later one as the end.",
                      date_from=str(date_from), date_to=str(date_to))
    wanted: dict[str, list[str]] = {}
    for column, value in where:
        wanted.setdefault(_where_column(ws, column), []).append(value)
    dims = {column: _where_values(ws, column, values) for column, values in wanted.items()}
    return Filters(date_from=date_from, date_to=date_to, dims=dims)


