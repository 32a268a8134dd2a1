"""One uploaded file, read, recognised and normalised: the `Dataset` every page works on.

`load_datasets` is the entry point from bytes to canonical tables (one per table a file
holds: a zip of exports gives several), `load_dataset` its one-table form; `remap` applies
a user's correction (another kind, other columns) to the strings already read, without
reading the file again. Every failure a user can cause is a `FileProblem` or
`MappingProblem` with a stable code; anything unexpected is wrapped as ``unreadable``,
so no raw Python or Polars exception reaches the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import polars as pl

from cxreport.errors import CXError, FileProblem, MappingProblem
from cxreport.fields import DATE_FIELD, FIELD_TYPES, REQUIRED_FIELDS, Kind
from cxreport.io.memory import MappingMemory, header_signature
from cxreport.io.normalise import empty_value_problems, normalise
from cxreport.io.platforms import header_currency, platform_currency, recognise_platform
from cxreport.metrics.rows import out_of_reach
from cxreport.io.quality import quality_report
from cxreport.io.limits import Limits
from cxreport.io.limits import current as current_limits
from cxreport.io.read import LINE, RawTable, empty_rejected, iter_tables, read_table
from cxreport.io.recognise import SCORE_FIELDS, looks_indonesian, profile_table, recognise, recognise_columns

CURRENCY_FIELDS = ("amount", "mrr", "cost", "refunded_amount")


@dataclass
class Dataset:
    name: str
    format: str  # csv, xlsx, parquet, json, ndjson; "csv.gz", "csv.zip" when unpacked
    encoding: str | None  # text files only
    sheet: str | None  # workbooks only: the sheet read
    sheets: list[str]
    kind: Kind
    kind_confidence: float
    mapping: dict[str, str]  # field -> source column
    confidence: dict[str, float]  # field -> 0..1 (1.0 when the user chose it)
    currency: str | None  # ISO code found in money columns (IDR, USD, EUR, GBP)
    dayfirst: bool | None  # how dd/mm/yyyy dates were read; None when there were none
    raw: pl.DataFrame  # every column as read, as strings
    table: pl.DataFrame  # canonical: fields typed per cxreport.fields, src_* columns, source_line
    rejected: pl.DataFrame  # line, reason, raw: rows left out, while reading or normalising
    quality: pl.DataFrame  # check, count, share, severity, detail, action
    header_signature: str
    notes: list[str] = field(default_factory=list)
    runner_up: list[tuple[Kind, float]] = field(default_factory=list)  # other kinds, best first
    lines: pl.Series = field(default_factory=lambda: pl.Series(LINE, [], dtype=pl.Int64))  # source line per raw row
    descriptions: dict[str, str] = field(default_factory=dict)  # column -> question text (surveys)
    read_rejected: pl.DataFrame = field(default_factory=empty_rejected)  # lines that could not be split
    read_notes: list[str] = field(default_factory=list)
    prefer_dayfirst: bool = False  # the data looks Indonesian: undecidable dates read day-first, 344.000 as thousands
    today: dt.date | None = None
    decimal_comma: bool | None = None  # how money was read: True = 1.250.000,50 (id-ID), False = 1,250,000.50
    decimal_comma_forced: bool = False  # the user chose it (Data page, CLI) rather than the values
    value_problems: pl.DataFrame = field(default_factory=empty_value_problems)  # answers left out of kept rows
    platform: str | None = None  # the tool the export comes from, when its headers say so (Shopee, Shopify ...)

    @property
    def ready(self) -> bool:
        """True when every field the kind's metrics need is mapped."""
        return self.kind is not Kind.OTHER and not missing_required(self)


def missing_required(ds: Dataset) -> list[str]:
    """Fields the kind's metrics need that are not mapped. For surveys, when no score is
    mapped, all three score fields are listed (any one of them suffices)."""
    missing = [f for f in REQUIRED_FIELDS[ds.kind] if f not in ds.mapping]
    if ds.kind is Kind.SURVEYS and not any(f in ds.mapping for f in SCORE_FIELDS):
        missing.extend(SCORE_FIELDS)
    return missing


def _check_mapping(name: str, raw: pl.DataFrame, kind: Kind, mapping: dict[str, str]) -> None:
    fields = FIELD_TYPES[kind]
    unknown_fields = [f for f in mapping if f not in fields]
    if unknown_fields:
        raise MappingProblem(
            "unknown_field", f"{', '.join(unknown_fields)} is not a field of {kind.value}.",
            f"Choose among: {', '.join(fields)}.", name=name, fields=", ".join(unknown_fields))
    absent = [c for c in mapping.values() if c not in raw.columns]
    if absent:
        raise MappingProblem(
            "unknown_column", f"The file {name} has no column {', '.join(repr(c) for c in absent)}.",
            "Choose one of the file's own columns.", name=name, columns=", ".join(absent))
    probe = Dataset(name, "", None, None, [], kind, 1.0, mapping, {}, None, None, raw, raw, empty_rejected(),
                    pl.DataFrame(), "")
    missing = missing_required(probe)
    if missing:
        what = " or ".join(missing) if kind is Kind.SURVEYS and set(missing) >= set(SCORE_FIELDS) else ", ".join(missing)
        raise MappingProblem(
            "missing_fields", f"The file {name} lacks columns this report needs: {what}.",
            "Choose the matching columns on the Data page, or add them to the export.", name=name, fields=what)


def _build(ds: Dataset, kind: Kind, mapping: dict[str, str], confidence: dict[str, float], notes: list[str],
           *, dayfirst: bool | None = None, decimal_comma: bool | None = None) -> Dataset:
    """Normalise and check `ds.raw` under a kind and mapping (shared by load and remap)."""
    result = normalise(ds.raw, ds.lines, kind, mapping, dayfirst=dayfirst, prefer_dayfirst=ds.prefer_dayfirst,
                       decimal_comma=decimal_comma)
    rejected = pl.concat([ds.read_rejected, result.rejected]).sort(LINE)
    notes = [*ds.read_notes, *notes, *result.notes]
    if result.dayfirst_assumed:
        order = "day/month (05/03 = 5 March)" if result.dayfirst else "month/day (05/03 = May 3)"
        why = "as is usual in Indonesian data" if result.dayfirst else "as no day above 12 decides it"
        notes.append(f"Dates were read as {order}, {why}. If that is wrong, export the dates as YYYY-MM-DD.")
    has_money = any(f in mapping for f in CURRENCY_FIELDS)
    currency = result.currency if has_money else None
    if currency:
        notes.append(f"Money is in {currency}.")
    elif has_money and (currency := header_currency([c for f, c in mapping.items() if f in CURRENCY_FIELDS])):
        notes.append(f"Money is in {currency}, as its column's name says.")
    elif has_money and (currency := platform_currency(ds.platform)):
        notes.append(f"Money is in {currency}: {ds.platform} exports are in {currency}.")
    if decimal_comma is not None:
        style = "1.250.000,50" if decimal_comma else "1,250,000.50"
        notes.append(f"Money read as you chose: {style}.")
    notes.extend(_out_of_reach_notes(kind, result.table, ds.today))
    new = replace(ds, kind=kind, mapping=dict(mapping), confidence=dict(confidence), table=result.table,
                  rejected=rejected, currency=currency, dayfirst=result.dayfirst, notes=notes,
                  decimal_comma=result.decimal_comma, decimal_comma_forced=decimal_comma is not None,
                  value_problems=result.value_problems)
    missing = missing_required(new)
    if kind is not Kind.OTHER and missing:
        notes.append(f"Not mapped yet, but needed: {', '.join(missing)}. Choose the matching columns.")
    new.quality = quality_report(ds.raw, result.table, rejected, kind,
                                 rows_read=ds.raw.height + ds.read_rejected.height, today=ds.today)
    return new


def _out_of_reach_notes(kind: Kind, table: pl.DataFrame, today: dt.date | None) -> list[str]:
    """Say how many rows are dated after today or beyond the export's end: every metric leaves them out."""
    date_field = DATE_FIELD.get(kind)
    if not date_field or date_field not in table.columns:
        return []
    late = out_of_reach(table.get_column(date_field), as_of=today)
    count = int(late.sum())
    if not count:
        return []
    days = table.get_column(date_field).filter(late)
    return [f"{count} rows are dated after today or far beyond the rest of the export ({days.min():%Y-%m-%d}"
            f"{'' if count == 1 else f' to {days.max():%Y-%m-%d}'}); every metric leaves them out. "
            "Check the export's dates (a typo year?)."]


def dataset_bytes(ds: Dataset) -> int:
    """Memory a dataset holds: its strings as read, its canonical table and its rejected rows
    (estimated by Polars; a frame shared by two of them counts once; a stand-in without
    some of them, as tests build, counts what it has)."""
    frames = {id(f): f for f in (getattr(ds, a, None) for a in ("raw", "table", "rejected")) if isinstance(f, pl.DataFrame)}
    return sum(f.estimated_size() for f in frames.values())


def load_dataset(
    name: str,
    data: bytes,
    *,
    kind: Kind | str | None = None,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    memory: MappingMemory | None = None,
    max_bytes: int | None = None,
    today: dt.date | None = None,
    decimal_comma: bool | None = None,
) -> Dataset:
    """Read, recognise and normalise one export.

    `kind` and `mapping` override recognition (a mapping given must hold the kind's
    required fields, or `MappingProblem("missing_fields")` is raised); otherwise a
    correction remembered in `memory` for the same header is applied, and otherwise the
    recogniser decides. `today` dates the "future dates" check (default: today).
    `max_bytes` overrides the upload size limit (`Limits.upload_mb`). A zip of several
    tables gives its first readable one, with a note naming the others (`load_datasets`
    gives them all). `decimal_comma` forces how money is read (see `remap`).
    """
    try:
        raw = read_table(name, data, sheet=sheet, max_bytes=max_bytes)
        ds = _load(raw.name or name, raw, kind=kind, mapping=mapping, memory=memory, today=today)
        return ds if decimal_comma is None else remap(ds, decimal_comma=decimal_comma)
    except CXError:
        raise
    except Exception as err:  # the boundary: a file must never surface a traceback
        raise _unreadable(name) from err


def load_datasets(
    name: str,
    data: bytes,
    *,
    sheet: str | None = None,
    memory: MappingMemory | None = None,
    memory_left: int | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> list[Dataset | CXError]:
    """Every table a file holds, read, recognised and normalised, as if uploaded one by one.

    A plain file gives one `Dataset` (or raises its error, like `load_dataset`). A zip
    gives one per export inside it, named ``archive.zip:member.csv``; a member that cannot
    be read is in the list as its error, and the others still load. `memory_left` is the
    memory the session can still spend (default: its whole budget, `Limits.session_memory_mb`):
    each table read shrinks it, and a member that would exceed it is refused with
    ``session_memory`` instead of being read.
    """
    limits = limits or current_limits()
    memory_left = limits.session_bytes if memory_left is None else memory_left
    out: list[Dataset | CXError] = []
    try:
        for raw in iter_tables(name, data, sheet=sheet, limits=limits, memory_left=memory_left):
            if isinstance(raw, CXError):
                out.append(raw)
                continue
            try:
                ds = _load(raw.name or name, raw, kind=None, mapping=None, memory=memory, today=today)
            except CXError as err:
                out.append(err)
                continue
            except Exception:  # noqa: BLE001 — one table's bug must not hide the others
                out.append(_unreadable(raw.name or name))
                continue
            out.append(ds)
    except CXError:
        raise
    except Exception as err:  # the boundary: a file must never surface a traceback
        raise _unreadable(name) from err
    return out


def _unreadable(name: str) -> FileProblem:
    return FileProblem("unreadable", f"The file {name} could not be read as a table.",
                       "Check that it opens in a spreadsheet program, then export it again as CSV.", name=name)


def _indonesian(frame: pl.DataFrame, profiles: dict, mapping: dict[str, str], platform: str | None) -> bool:
    """Indonesian headers, Rupiah among the profiled columns (profiles are computed on first
    use: those recognition looked at, plus the mapped ones, where money shows), a header
    naming IDR, or an Indonesian marketplace's export."""
    for column in mapping.values():
        profiles[column]  # noqa: B018 — computes the profile if recognition did not
    return (looks_indonesian(frame, profiles) or platform_currency(platform) == "IDR"
            or header_currency(frame.columns) == "IDR")


def _load(name: str, raw: RawTable, *, kind, mapping, memory, today) -> Dataset:
    profiles = profile_table(raw.frame)
    ds = Dataset(
        name=name, format=raw.format, encoding=raw.encoding, sheet=raw.sheet, sheets=raw.sheets,
        kind=Kind.OTHER, kind_confidence=0.0, mapping={}, confidence={}, currency=None, dayfirst=None,
        raw=raw.frame, table=raw.frame, rejected=raw.rejected, quality=pl.DataFrame(),
        header_signature=header_signature(raw.frame.columns), lines=raw.lines, descriptions=raw.descriptions,
        read_rejected=raw.rejected, read_notes=list(raw.notes), today=today,
        platform=recognise_platform(raw.frame.columns, name),
    )
    notes: list[str] = []
    remembered = memory.recall(ds.header_signature) if memory and kind is None and mapping is None else None
    if remembered and all(c in raw.frame.columns for c in remembered[1].values()):
        kind, mapping = remembered
        notes.append("Used the kind and columns you chose before for a file with these columns.")
    if kind is None:
        found = recognise(raw.frame, file_name=name, descriptions=raw.descriptions, profiles=profiles)
        ds.kind_confidence, ds.runner_up = found.kind_confidence, found.runner_up
        if mapping is None:
            ds.prefer_dayfirst = _indonesian(raw.frame, profiles, found.mapping, ds.platform)
            return _build(ds, found.kind, found.mapping, found.confidence, notes)
        kind = found.kind
    kind = Kind(kind)
    if mapping is None:
        mapping, confidence = recognise_columns(raw.frame, kind, descriptions=raw.descriptions)
        ds.kind_confidence = 1.0
        ds.prefer_dayfirst = _indonesian(raw.frame, profiles, mapping, ds.platform)
        return _build(ds, kind, mapping, confidence, notes)
    ds.prefer_dayfirst = _indonesian(raw.frame, profiles, mapping, ds.platform)
    _check_mapping(name, raw.frame, kind, mapping)
    ds.kind_confidence = 1.0
    return _build(ds, kind, mapping, {f: 1.0 for f in mapping}, notes)


def remap(ds: Dataset, *, kind: Kind | str | None = None, mapping: dict[str, str] | None = None,
          dayfirst: bool | None = None, decimal_comma: bool | None = None) -> Dataset:
    """The same file under a user's correction, without reading it again.

    A new `kind` without a `mapping` re-recognises the columns for that kind; a `mapping`
    replaces the columns (its fields get confidence 1.0); `dayfirst` forces how
    dd/mm/yyyy dates are read; `decimal_comma` forces how money is read (True:
    ``1.250.000,50``, the dot separating thousands; False: ``1,250,000.50``).
    """
    new_kind = Kind(kind) if kind is not None else ds.kind
    if mapping is None:
        if new_kind == ds.kind:
            mapping, confidence = ds.mapping, ds.confidence
        else:
            mapping, confidence = recognise_columns(ds.raw, new_kind, descriptions=ds.descriptions)
    else:
        _check_mapping(ds.name, ds.raw, new_kind, mapping)
        confidence = {f: 1.0 for f in mapping}
    if decimal_comma is None and ds.decimal_comma_forced:
        decimal_comma = ds.decimal_comma  # a correction of the columns keeps the number style chosen
    out = _build(ds, new_kind, mapping, confidence, [], dayfirst=dayfirst, decimal_comma=decimal_comma)
    out.kind_confidence = 1.0 if kind is not None else ds.kind_confidence
    return out
