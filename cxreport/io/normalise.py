"""From a raw table of strings to the canonical table metrics read (see cxreport.fields).

Mapped columns are renamed to their field names and typed (`FIELD_TYPES`); every other
column is kept, as text, under ``src_<snake_case header>`` so analysts lose nothing and
canonical names can never clash with source names; ``source_line`` says where each row
came from. Orders get ``is_refund``/``is_cancelled``/``is_test`` derived from the status,
ids and amount when those flags are not columns of their own.

A row is rejected (line, reason, raw) when a required field (`REQUIRED_FIELDS`) or, for
surveys, a score cannot be parsed or lies outside its scale; other unparsable values are
emptied and counted in a note. Everything here is whole-column Polars expressions.

What real exports do that needs more than parsing, each said in a note:
- ticket durations instead of timestamps ("First Response Time (in Hrs)") are converted
  to minutes from the unit in their header;
- satisfaction written as words (Zendesk "Good"/"Bad", "Puas"/"Tidak puas") becomes a 1–5
  score, and "Offered"/"Unoffered" mean no rating (`values.parse_ratings`);
- order exports that write an order's total on its first line-item row only (Shopify)
  keep the later line-item rows with amount 0, taking the order's status, customer and
  date where those are empty on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import FIELD_TYPES, REQUIRED_FIELDS, Kind
from cxreport.io import values as v
from cxreport.io.read import LINE
from cxreport.io.vocabulary import duration_basis, duration_unit, header_tokens

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

DURATION_FIELDS = ("first_response_minutes", "resolution_minutes")
RATING_FIELDS = ("csat_score",)
# Order fields that describe one line item; every other order field describes the order, so
# a line-item row without it takes the order's value (a Shopify row after the first).
LINE_ITEM_FIELDS = ("order_id", "amount", "quantity", "cost", "product")
_UNIT_NAMES = {1 / 60: "seconds", 1.0: "minutes", 60.0: "hours", 1440.0: "days"}


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
    raw_frame = raw.select([pl.col(c).alias(f"__raw_{f}") for f, c in mapping.items()])
    for f, c in mapping.items():
        column = raw.get_column(c).alias(f)
        if kind is Kind.TICKETS and f in DURATION_FIELDS:
            parsed[f] = _parse_duration(column, c, notes)
            continue
        if f in RATING_FIELDS:
            ratings = v.parse_ratings(column)
            parsed[f] = ratings.values
            # "Offered"/"Unoffered" say there is no rating: a blank, not an unreadable value.
            raw_frame = raw_frame.with_columns(
                pl.when(~ratings.no_rating).then(pl.col(f"__raw_{f}")).alias(f"__raw_{f}"))
            notes.extend(_rating_notes(c, ratings))
            continue
        series, found = _parse(types[f], column, dayfirst)
        parsed[f] = series
        currency = currency or found
    work = lines.cast(pl.Int64).alias(SOURCE_LINE).to_frame().hstack([*parsed.values(), *raw_frame.get_columns()])
    if kind is Kind.ORDERS:
        work, line_notes = _fill_line_items(work, mapping)
        notes.extend(line_notes)

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
                # Empty and not taken from the row's order (see _fill_line_items).
                reasons.append(pl.when(raw_col.is_null() & pl.col(f).is_null()).then(pl.lit(f"{c} is empty")))
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


def _parse_duration(column: pl.Series, header: str, notes: list[str]) -> pl.Series:
    """A ticket duration column in minutes, its unit read from the header (see vocabulary)."""
    unit, word = duration_unit(header)
    if word is None:
        notes.append(f"'{header}' does not say its unit; its durations are read as minutes.")
    elif unit != 1.0:
        name = _UNIT_NAMES.get(unit, word)
        notes.append(f"'{header}' is in {name}; it was converted to minutes (×{unit:g}).")
    if duration_basis(header) == "business":
        notes.append(f"'{header}' counts business hours only: times read from it are business-hours times.")
    return v.parse_durations(column, unit_minutes=unit)


def _rating_notes(header: str, ratings: v.ParsedRatings) -> list[str]:
    notes = []
    if ratings.scale == "two answers":
        notes.append(
            f"{ratings.words} ratings in '{header}' are words: Good, Satisfied and Puas count as 5, Bad, "
            "Unsatisfied and Tidak puas as 1 on the 1–5 scale, so CSAT is the share of good ratings.")
    elif ratings.scale == "five labels":
        notes.append(
            f"{ratings.words} ratings in '{header}' are words on a five-label scale: Very satisfied = 5, "
            "Satisfied = 4, Neutral = 3, Unsatisfied = 2, Very unsatisfied = 1.")
    no_rating = int(ratings.no_rating.sum())
    if no_rating:
        notes.append(f"{no_rating} values in '{header}' say the survey was offered or not offered but not answered"
                     " (Offered, Unoffered); they count as no rating.")
    return notes


def _fill_line_items(work: pl.DataFrame, mapping: dict[str, str]) -> tuple[pl.DataFrame, list[str]]:
    """Shopify-style exports: an order's total is on its first line-item row only.

    A row whose amount is empty while another row of the same order has one is a line item
    of an order already counted: it is kept with amount 0.0, and its order-level fields
    (customer, date, status, flags, dimensions) that are empty take the order's value, so a
    cancelled order's later lines are cancelled too. Rows with an empty amount and no other
    row of their order carrying one are left to be rejected.
    """
    if not {"order_id", "amount"} <= set(mapping):
        return work, []
    amount_empty = pl.col("__raw_amount").str.strip_chars().replace("", None).is_null()
    order_has_amount = pl.col("amount").is_not_null().any().over("order_id")
    line_item = amount_empty & pl.col("order_id").is_not_null() & order_has_amount
    work = work.with_columns(line_item.fill_null(False).alias("__line_item"))
    count = int(work["__line_item"].sum())
    if count == 0:
        return work.drop("__line_item"), []
    is_line = pl.col("__line_item")
    order_level = [f for f in mapping if f not in LINE_ITEM_FIELDS]
    fills = [
        pl.when(is_line & pl.col(f"__raw_{f}").str.strip_chars().replace("", None).is_null())
        .then(pl.col(f).drop_nulls().first().over("order_id"))
        .otherwise(pl.col(f))
        .alias(f)
        for f in order_level
    ]
    work = work.with_columns(*fills, pl.when(is_line).then(pl.lit(0.0)).otherwise(pl.col("amount")).alias("amount"))
    note = (f"{count} line-item rows carry the order total on the first row only (Shopify style); their amount counts as 0. "
            "Revenue by product counts each order's total under the product on its first row.")
    return work.drop("__line_item"), [note]


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
