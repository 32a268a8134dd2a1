"""From a raw table of strings to the canonical table metrics read (see cxreport.fields).

Mapped columns are renamed to their field names and typed (`FIELD_TYPES`); every other
column is kept, as text, under ``src_<snake_case header>`` so analysts lose nothing and
canonical names can never clash with source names; ``source_line`` says where each row
came from. Orders get ``is_refund``/``is_cancelled``/``is_test`` derived from the status,
ids and amount when those flags are not columns of their own.

A row is rejected (line, reason, raw) when a required field (`REQUIRED_FIELDS`) or, for
surveys, a score cannot be parsed or lies outside its scale; other unparsable values are
emptied and counted in a note. Everything here is whole-column Polars expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import FIELD_TYPES, REQUIRED_FIELDS, Kind
from cxreport.io import values as v
from cxreport.io.read import LINE
from cxreport.io.vocabulary import header_tokens

SOURCE_LINE = "source_line"
SOURCE_PREFIX = "src_"

# Scales of score fields (inclusive). Out of scale rejects a survey row, elsewhere empties the cell.
SCALES: dict[str, tuple[int, int]] = {
    "nps_score": (0, 10),
    "csat_score": (1, 5),
    "ces_score": (1, 7),
    **{f"sus_{i}": (1, 5) for i in range(1, 11)},
}
SCALE_NAMES = {"nps_score": "NPS", "csat_score": "CSAT", "ces_score": "CES"}
_TYPE_WORDS = {"datetime": "a date", "float": "a number", "int": "a whole number", "bool": "a yes/no value"}

REFUND_PATTERN = r"(?i)refund|return|retur|pengembalian|dikembalikan"
CANCEL_PATTERN = r"(?i)cancel|batal|void"
TEST_PATTERN = r"(?i)\btest"


@dataclass
class Normalised:
    table: pl.DataFrame
    rejected: pl.DataFrame  # line, reason, raw
    currency: str | None = None
    dayfirst: bool | None = None
    dayfirst_assumed: bool = False
    notes: list[str] = field(default_factory=list)


def source_column_name(header: str) -> str:
    """``src_`` + the header in snake_case: "Handle time (min)" -> "src_handle_time_min"."""
    return SOURCE_PREFIX + ("_".join(header_tokens(header)) or "column")


def _parse(kind_of_value: str, column: pl.Series, dayfirst: bool | None) -> tuple[pl.Series, str | None]:
    if kind_of_value == "datetime":
        return v.parse_dates(column, dayfirst=dayfirst).values, None
    if kind_of_value == "float":
        parsed = v.parse_numbers(column)
        return parsed.values, parsed.currency
    if kind_of_value == "int":
        return v.parse_integers(column), None
    if kind_of_value == "bool":
        return v.parse_booleans(column), None
    return v.parse_strings(column), None


def normalise(
    raw: pl.DataFrame,
    lines: pl.Series,
    kind: Kind | str,
    mapping: dict[str, str],
    *,
    dayfirst: bool | None = None,
    prefer_dayfirst: bool = False,
) -> Normalised:
    """The canonical table of `raw` for `kind` under `mapping` (field -> source column)."""
    kind = Kind(kind)
    types = FIELD_TYPES[kind]
    date_columns = [raw.get_column(c) for f, c in mapping.items() if types.get(f) == "datetime"]
    assumed = False
    if dayfirst is None and date_columns:
        dayfirst, assumed = v.decide_dayfirst(pl.concat(date_columns), prefer_dayfirst=prefer_dayfirst)

    parsed: dict[str, pl.Series] = {}
    currency = None
    notes: list[str] = []
    for f, c in mapping.items():
        series, found = _parse(types[f], raw.get_column(c).alias(f), dayfirst)
        parsed[f] = series
        currency = currency or found
    raw_frame = raw.select([pl.col(c).alias(f"__raw_{f}") for f, c in mapping.items()])
    work = lines.cast(pl.Int64).alias(SOURCE_LINE).to_frame().hstack([*parsed.values(), *raw_frame.get_columns()])

    reasons: list[pl.Expr] = []
    empties: list[pl.Expr] = []
    must_parse = set(REQUIRED_FIELDS[kind]) | (set(SCALE_NAMES) & set(mapping) if kind is Kind.SURVEYS else set())
    for f, c in mapping.items():
        raw_col = pl.col(f"__raw_{f}").str.strip_chars().replace("", None)
        unparsed = raw_col.is_not_null() & pl.col(f).is_null()
        what = _TYPE_WORDS.get(types[f])
        if f in must_parse and what:
            reasons.append(pl.when(unparsed).then(pl.format("{} '{}' is not {}", pl.lit(c), raw_col, pl.lit(what))))
            if f in REQUIRED_FIELDS[kind]:
                reasons.append(pl.when(raw_col.is_null()).then(pl.lit(f"{c} is empty")))
        elif what:
            count = int(work.select(unparsed.sum()).item())
            if count:
                notes.append(f"{count} values in '{c}' are not {what.split(' ', 1)[1]}s; they are left empty.")
        if f in SCALES:
            low, high = SCALES[f]
            outside = pl.col(f).is_not_null() & ~pl.col(f).is_between(low, high)
            if kind is Kind.SURVEYS and f in SCALE_NAMES:
                reasons.append(pl.when(outside).then(pl.format(
                    "{} '{}' is outside the {} scale {}–{}", pl.lit(c), raw_col, pl.lit(SCALE_NAMES[f]), pl.lit(low), pl.lit(high))))
            else:
                count = int(work.select(outside.sum()).item())
                if count:
                    notes.append(f"{count} values in '{c}' are outside {low}–{high}; they are left empty.")
                empties.append(pl.when(~outside).then(pl.col(f)).alias(f))
    work = work.with_columns(empties) if empties else work
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True) if reasons else pl.lit(None, dtype=pl.String)
    work = work.with_columns(__reason=pl.when(reason != "").then(reason))

    raw_text = pl.concat_str([pl.col(c).fill_null("") for c in raw.columns], separator=",")
    rejected_mask = work["__reason"].is_not_null()
    rejected = pl.concat(
        [work.select(pl.col(SOURCE_LINE).alias(LINE), pl.col("__reason").alias("reason")), raw.select(raw_text.alias("raw"))],
        how="horizontal",
    ).filter(rejected_mask)
    if kind is Kind.SURVEYS and not set(SCALE_NAMES) & set(mapping):
        notes.append("No NPS, CSAT or CES column is mapped: survey scores cannot be computed.")

    kept = work.filter(~rejected_mask)
    # Select with the line column kept, so a mapping with no fields still has the table's
    # height when flags are derived from it (an empty frame would give one literal row).
    canonical = kept.select(SOURCE_LINE, *[pl.col(f).cast(_dtype(types[f])) for f in mapping])
    canonical = _derive(kind, canonical, mapping).drop(SOURCE_LINE)
    extras = [c for c in raw.columns if c not in mapping.values()]
    names = _unique([source_column_name(c) for c in extras])
    source = raw.filter(~rejected_mask).select([pl.col(c).alias(n) for c, n in zip(extras, names, strict=True)])
    table = kept.select(SOURCE_LINE).hstack([*canonical.get_columns(), *source.get_columns()])
    table = table.select([*canonical.columns, *source.columns, SOURCE_LINE])
    if rejected.height:
        notes.append(f"{rejected.height} rows were rejected because a required value is missing or wrong; see the rejected rows.")
    return Normalised(table, rejected, currency, dayfirst, assumed, notes)


def _dtype(kind_of_value: str) -> pl.DataType:
    return {"str": pl.String(), "datetime": pl.Datetime("us"), "float": pl.Float64(), "int": pl.Int64(), "bool": pl.Boolean()}[kind_of_value]


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def _derive(kind: Kind, table: pl.DataFrame, mapping: dict[str, str]) -> pl.DataFrame:
    """Flags metrics rely on, derived when the export has no column for them."""
    if kind is Kind.TICKETS and "reopens" in table.columns:
        table = table.with_columns(pl.col("reopens").fill_null(0))  # no reopen recorded = never reopened
    if kind is not Kind.ORDERS:
        return table
    status = pl.col("status") if "status" in table.columns else pl.lit(None, dtype=pl.String)
    derived = {}
    if "is_refund" not in mapping:
        negative = pl.col("amount") < 0 if "amount" in table.columns else pl.lit(False)
        derived["is_refund"] = status.str.contains(REFUND_PATTERN).fill_null(False) | negative.fill_null(False)
    if "is_cancelled" not in mapping:
        derived["is_cancelled"] = status.str.contains(CANCEL_PATTERN).fill_null(False)
    if "is_test" not in mapping:
        flags = [status.str.contains(TEST_PATTERN).fill_null(False)]
        flags += [pl.col(f).str.contains(r"(?i)test").fill_null(False) for f in ("order_id", "customer_id") if f in table.columns]
        derived["is_test"] = pl.any_horizontal(flags)
    return table.with_columns(**derived)
