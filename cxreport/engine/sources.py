"""Tables that stay where they are: found from paths, recognised from a sample, read in SQL.

A path given to the engine is one table: a file (CSV or Parquet), or a folder of them,
Hive-partitioned (``orders/month=2024-01/part-0.parquet``) or not, whose partition
columns become columns. The engine reads it itself (DuckDB or Spark); nothing is copied
here. What the table is (orders, surveys ...) and which column holds which field is decided
by the same recogniser the app uses (`cxreport.io`), on the first `SAMPLE_ROWS` rows.

Each field is then read in SQL (`canonical_sql`): typed columns are cast, text columns
are read when they hold plain values (ISO dates, plain numbers, true/false). The normaliser
of the app reads much more (Indonesian money, day-first dates, Shopify line items, Qualtrics
headers); rather than guess, the engine checks that its reading of the sample gives the
same figures as the normaliser's (`check_sample`) and refuses the table otherwise, naming
the field. A lake written by a pipeline holds typed columns, and passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from cxreport.errors import FileProblem, MappingProblem
from cxreport.fields import FIELD_TYPES, Kind
from cxreport.io.dataset import Dataset, _load
from cxreport.io.read import LINE, RawTable, stringify

from cxreport.engine.backends import DuckDBBackend, SparkBackend

SAMPLE_ROWS = 20_000
FORMATS: dict[str, str] = {".parquet": "parquet", ".csv": "csv"}
# Text money read as a number must look like one: "70.000" (Indonesian thousands) must
# never become 70.0. Two decimals at most, an optional sign, no separators.
PLAIN_NUMBER = r"^\s*-?[0-9]+(\.[0-9]{1,2})?\s*$"
PLAIN_INTEGER = r"^\s*-?[0-9]+\s*$"
# ISO dates: 2024-01-31, 2024-01-31 10:00[:00[.123]], a T instead of the space; an offset
# after them (+0700, Z) is dropped, as the app keeps the time the customer saw.
ISO_DATE = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?"
TRUE_WORDS = ("true", "yes", "y", "1", "ya")
FALSE_WORDS = ("false", "no", "n", "0", "tidak")
Backend = DuckDBBackend | SparkBackend


@dataclass
class Source:
    """One table on the engine: its name, where it lives, what it is."""

    name: str
    path: Path
    format: str
    table: str  # the engine's name for the raw table
    kind: Kind = Kind.OTHER
    mapping: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # raw column -> engine type
    sample: Dataset | None = None
    sample_rows: pl.DataFrame | None = None  # the first rows as the engine typed them
    notes: list[str] = field(default_factory=list)

    @property
    def view(self) -> str:
        """The engine's name for the canonical table (`canonical_sql`)."""
        return f"{self.table}_canonical"


def _files_under(path: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for p in sorted(path.rglob("*")):
        if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts):
            fmt = FORMATS.get(p.suffix.lower())
            if fmt:
                found.setdefault(fmt, []).append(p)
    return found


def discover(paths: list[Path]) -> list[tuple[str, Path, str]]:
    """(name, path, format) of each table the paths stand for: one per file or folder."""
    out: list[tuple[str, Path, str]] = []
    for path in paths:
        if not path.exists():
            raise FileProblem("missing_file", f"The file {path} does not exist.",
                              "Check the path and the spelling, or run the command from the folder that holds it.",
                              name=str(path))
        if path.is_dir():
            found = _files_under(path)
            if len(found) != 1:
                raise FileProblem(
                    "engine_folder", f"The folder {path} must hold Parquet files or CSV files (one table), "
                    f"and holds {'both' if found else 'neither'}.",
                    "Give one folder per table: its Parquet or CSV files, in partition subfolders or not.",
                    name=str(path))
            fmt = next(iter(found))
        else:
            fmt = FORMATS.get(path.suffix.lower(), "")
            if not fmt:
                raise FileProblem("engine_format", f"The engine reads Parquet and CSV files; {path.name} is neither.",
                                  "Convert it to Parquet or CSV, or load it with the default engine.", name=path.name)
        out.append((path.name, path, fmt))
    return out


def recognise_source(backend: Backend, name: str, path: Path, fmt: str, index: int) -> Source:
    """Register the table on the engine and recognise it from its first rows."""
    source = Source(name=name, path=path, format=fmt, table=f"src_{index}")
    backend.register_path(source.table, path, fmt)
    source.types = backend.columns(source.table)
    sample = backend.sample(source.table, SAMPLE_ROWS)
    if sample.height == 0:
        raise FileProblem("header_only", f"The file {name} has no rows.",
                          "Check the export's date range or filters and export it again.", name=name)
    raw = RawTable(stringify(sample), pl.int_range(1, sample.height + 1, eager=True).alias(LINE), fmt)
    ds = _load(name, raw, kind=None, mapping=None, memory=None, today=None)
    source.kind, source.mapping, source.sample, source.sample_rows = ds.kind, dict(ds.mapping), ds, sample
    return source


def _is_text(engine_type: str) -> bool:
    return engine_type in ("varchar", "string") or engine_type.startswith("varchar")


def _field_sql(column: str, field_type: str, engine_type: str) -> str:
    col = '"' + column.replace('"', '""') + '"'
    text = f"NULLIF(TRIM(CAST({col} AS VARCHAR)), '')"
    if field_type == "str":
        return text
    typed = not _is_text(engine_type)
    if field_type == "datetime":
        if typed:
            return f"CAST({col} AS TIMESTAMP)"
        # The first 19 characters: the date and time as written, offset dropped.
        return (f"CASE WHEN regexp_matches({text}, '{ISO_DATE}') "
                f"THEN TRY_CAST(REPLACE(SUBSTRING({text}, 1, 19), 'T', ' ') AS TIMESTAMP) END")
    if field_type == "float":
        if typed:
            return f"CAST({col} AS DOUBLE)"
        return f"CASE WHEN regexp_matches({text}, '{PLAIN_NUMBER}') THEN TRY_CAST({text} AS DOUBLE) END"
    if field_type == "int":
        if typed:
            return f"CAST({col} AS BIGINT)"
        return f"CASE WHEN regexp_matches({text}, '{PLAIN_INTEGER}') THEN TRY_CAST({text} AS BIGINT) END"
    if field_type == "bool":
        if typed and engine_type.startswith("bool"):
            return f"CAST({col} AS BOOLEAN)"
        words = f"LOWER({text})"
        yes = ", ".join(f"'{w}'" for w in TRUE_WORDS)
        no = ", ".join(f"'{w}'" for w in FALSE_WORDS)
        return f"CASE WHEN {words} IN ({yes}) THEN TRUE WHEN {words} IN ({no}) THEN FALSE END"
    raise ValueError(field_type)


def canonical_sql(source: Source) -> str:
    """SELECT of the table's fields under their canonical names and types (`cxreport.fields`)."""
    types = FIELD_TYPES[source.kind]
    parts = [f"{_field_sql(column, types[f], source.types.get(column, 'varchar'))} AS {f}"
             for f, column in source.mapping.items() if f in types]
    if source.kind is Kind.TICKETS and "reopens" in source.mapping:
        parts = [p if not p.endswith(" AS reopens") else f"COALESCE({p[: -len(' AS reopens')]}, 0) AS reopens"
                 for p in parts]
    return f'SELECT {", ".join(parts)} FROM "{source.table}"'


def _unread(source: Source, backend: Backend) -> dict[str, tuple[int, str | None]]:
    """Field -> (values the SQL could not read, one of them), over the whole table."""
    checks = []
    for f, column in source.mapping.items():
        if FIELD_TYPES[source.kind].get(f, "str") == "str":
            continue
        col = '"' + column.replace('"', '""') + '"'
        raw = f"NULLIF(TRIM(CAST({col} AS VARCHAR)), '')"
        read = _field_sql(column, FIELD_TYPES[source.kind][f], source.types.get(column, "varchar"))
        checks.append(f"SELECT '{f}' AS field, count(*) AS n, min({raw}) AS example FROM \"{source.table}\" "
                      f"WHERE {raw} IS NOT NULL AND ({read}) IS NULL")
    if not checks:
        return {}
    rows = backend.query(" UNION ALL ".join(checks), stage="read check").rows()
    return {f: (int(n), example) for f, n, example in rows if n}


def _sample_figures(frame: pl.DataFrame, fields: dict[str, str]) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for f, kind in fields.items():
        if f not in frame.columns:
            continue
        col = frame.get_column(f)
        if kind == "float" or kind == "int":
            values = col.cast(pl.Float64).drop_nulls()
            out[f] = (values.len(), round(float(values.sum()), 6))
        elif kind == "datetime":
            values = col.cast(pl.Datetime("us")).drop_nulls()
            out[f] = (values.len(), values.min(), values.max())
        elif kind == "bool":
            values = col.cast(pl.Boolean).drop_nulls()
            out[f] = (values.len(), int(values.sum()))
        else:
            out[f] = (col.drop_nulls().n_unique(),)
    return out


def check_source(source: Source, backend: Backend) -> None:
    """Refuse a table whose fields the SQL reads differently from the app's normaliser.

    Two checks: over the whole table, no value the SQL cannot read (a day-first date, money
    with thousands dots); on the sample, the same count, sum and range per field as the
    normaliser gives (Shopify line items whose order total sits on the first line, say).
    """
    unread = _unread(source, backend)
    if unread:
        f, (n, example) = next(iter(unread.items()))
        raise MappingProblem(
            "engine_unreadable_values",
            f"{n} values of {source.mapping[f]!r} in {source.name} cannot be read by the engine as "
            f"{FIELD_TYPES[source.kind][f]}, for example {example!r}.",
            "Write that column as a typed column (a date, a number) or as ISO dates and plain numbers "
            "(1234.50), or load the file with the default engine, which reads export formats.",
            name=source.name, column=source.mapping[f], count=n, example=str(example))
    assert source.sample is not None and source.sample_rows is not None
    local = DuckDBBackend()
    try:
        # The rows the normaliser read, typed as the engine typed them, through the same SQL.
        local.register_frame("sample_rows", source.sample_rows)
        sql_sample = local.query(canonical_sql(Source(
            name=source.name, path=source.path, format=source.format, table="sample_rows", kind=source.kind,
            mapping=source.mapping, types=local.columns("sample_rows"))))
    finally:
        local.close()
    fields = {f: FIELD_TYPES[source.kind][f] for f in source.mapping if f in FIELD_TYPES[source.kind]}
    theirs = _sample_figures(source.sample.table, fields)
    ours = _sample_figures(sql_sample, fields)
    for f in fields:
        if not _same(ours.get(f), theirs.get(f)):
            raise MappingProblem(
                "engine_reads_differently",
                f"The engine would read {source.mapping[f]!r} in {source.name} differently from the app "
                f"(on its first {SAMPLE_ROWS:,} rows: {ours.get(f)} against {theirs.get(f)}).",
                "Load the file with the default engine, which reads export formats (line items, day-first "
                "dates, money with thousands dots), or write the table with typed columns.",
                name=source.name, column=source.mapping[f])


def _same(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return a == b
    for x, y in zip(a, b, strict=True):
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6):
                return False
        elif x != y:
            return False
    return True


