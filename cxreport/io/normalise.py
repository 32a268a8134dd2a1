"""From a raw table of strings to the canonical table metrics read (see cxreport.fields).

Mapped columns are renamed to their field names and typed (`FIELD_TYPES`); every other
column is kept, as text, under ``src_<snake_case header>`` so analysts lose nothing and
canonical names can never clash with source names; ``source_line`` says where each row
came from. Which rows count (tests, cancellations, refunds, future dates) is not decided
here but by the metrics (`cxreport.metrics.rows`), from whichever fields the export has.

A row is rejected (line, reason, raw) when a required field (`REQUIRED_FIELDS`) cannot be
parsed. Any other value that cannot be parsed, or a score outside its scale, is emptied:
for surveys that is a missing answer to that one question (the response's other answers
still count), listed per row in `value_problems`; missing-answer markers (``N/A``, ``-``,
``null``) are simply missing. Everything here is whole-column Polars expressions.

What real exports do that needs more than parsing, each said in a note:
- ticket durations instead of timestamps ("First Response Time (in Hrs)") are converted
  to minutes from the unit in their header;
- satisfaction written as words (Zendesk "Good"/"Bad", "Puas"/"Tidak puas") becomes a 1–5
  score, and "Offered"/"Unoffered" mean no rating (`values.parse_ratings`);
- order exports that write an order's total on its first line-item row only (Shopify)
  keep the later line-item rows with amount 0, taking the order's status, customer and
  date where those are empty on them;
- order exports that repeat the order's total on every line-item row (marketplaces): when
  an order id spans several rows and the amount is the same on every row of every such
  order, it is an order-level total and counts once, on the order's first row;
- money written ``344.000`` is id-ID thousands in an Indonesian export (see
  `values.decide_decimal_comma`); the decision is reported and can be forced;
- a timestamp column mapped to a yes/no flag ("Cancelled at" -> is_cancelled) means "yes
  when not empty".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import FIELD_TYPES, REQUIRED_FIELDS, Kind
from cxreport.io import values as v
from cxreport.io.read import LINE
from cxreport.repeats import repeated_values
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
MONEY_FIELDS = ("amount", "mrr", "cost", "refunded_amount")
_TYPE_WORDS = {"datetime": "a date", "float": "a number", "int": "a whole number", "bool": "a yes/no value"}

# What an empty answer is written as: a missing answer, not an unreadable one.
MISSING_MARKERS = ("n/a", "na", "n.a.", "-", "--", "null", "none", "nan", "#n/a", "tidak ada", "t/a")

DURATION_FIELDS = ("first_response_minutes", "resolution_minutes")
RATING_FIELDS = ("csat_score",)
# Order fields that describe one line item; every other order field describes the order, so
# a line-item row without it takes the order's value (a Shopify row after the first).
LINE_ITEM_FIELDS = ("order_id", "amount", "quantity", "cost", "product", "refunded_amount")
_UNIT_NAMES = {1 / 60: "seconds", 1.0: "minutes", 60.0: "hours", 1440.0: "days"}


@dataclass
class Normalised:
    table: pl.DataFrame
    rejected: pl.DataFrame  # line, reason, raw
    currency: str | None = None
    dayfirst: bool | None = None
    dayfirst_assumed: bool = False
    notes: list[str] = field(default_factory=list)
    decimal_comma: bool | None = None  # how the money columns were read; None when there were none
    decimal_comma_assumed: bool = False  # decided by the export's language alone (344.000)
    value_problems: pl.DataFrame = field(default_factory=lambda: empty_value_problems())


def empty_value_problems() -> pl.DataFrame:
    """line, column, value, reason: values left out of an otherwise counted row."""
    return pl.DataFrame(schema={LINE: pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String})


def source_column_name(header: str) -> str:
    """``src_`` + the header in snake_case: "Handle time (min)" -> "src_handle_time_min"."""
    return SOURCE_PREFIX + ("_".join(header_tokens(header)) or "column")


def _parse_flag(column: pl.Series, header: str, notes: list[str]) -> pl.Series:
    """Yes/no words, or a timestamp column read as "yes when not empty" ("Cancelled at")."""
    flags = v.parse_booleans(column)
    filled = v.parse_strings(column)
    if filled.is_not_null().sum() and flags.is_not_null().sum() * 2 < filled.is_not_null().sum():
        dates = v.parse_dates(filled.drop_nulls()).values
        if dates.is_not_null().sum() * 2 >= dates.len():
            notes.append(f"'{header}' holds dates: a row counts as yes when it has one, no when it is empty.")
            return filled.is_not_null().alias(column.name)
    return flags


def normalise(
    raw: pl.DataFrame,
    lines: pl.Series,
    kind: Kind | str,
    mapping: dict[str, str],
    *,
    dayfirst: bool | None = None,
    prefer_dayfirst: bool = False,
    decimal_comma: bool | None = None,
) -> Normalised:
    """The canonical table of `raw` for `kind` under `mapping` (field -> source column).

    `prefer_dayfirst` says the export is Indonesian: undecidable dates read day-first and
    money like ``344.000`` as thousands. `dayfirst` and `decimal_comma` force a reading.
    """
    kind = Kind(kind)
    types = FIELD_TYPES[kind]
    date_columns = [raw.get_column(c) for f, c in mapping.items() if types.get(f) == "datetime"]
    assumed = False
    if dayfirst is None and date_columns:
        dayfirst, assumed = v.decide_dayfirst(pl.concat(date_columns), prefer_dayfirst=prefer_dayfirst)

    parsed: dict[str, pl.Series] = {}
    currency = None
    number_styles: list[tuple[bool, bool]] = []
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
        if types[f] == "float":
            numbers = v.parse_numbers(column, decimal_comma=decimal_comma, prefer_thousands_dot=prefer_dayfirst)
            parsed[f] = numbers.values
            currency = currency or numbers.currency
            if f in MONEY_FIELDS and numbers.values.is_not_null().any():
                number_styles.append((numbers.decimal_comma, numbers.assumed))
                if numbers.assumed:
                    notes.append(_thousands_note(c, numbers.decimal_comma))
        elif types[f] == "bool":
            parsed[f] = _parse_flag(column, c, notes)
        elif types[f] == "datetime":
            parsed[f] = v.parse_dates(column, dayfirst=dayfirst).values
        elif types[f] == "int":
            parsed[f] = v.parse_integers(column)
        else:
            parsed[f] = v.parse_strings(column)
    if kind is Kind.SURVEYS:
        # A missing-answer marker is an empty answer, not an unreadable one.
        raw_frame = raw_frame.with_columns(
            pl.when(~pl.col(f"__raw_{f}").str.strip_chars().str.to_lowercase().is_in(MISSING_MARKERS))
            .then(pl.col(f"__raw_{f}")).alias(f"__raw_{f}")
            for f in mapping if f in SCALES)
    work = lines.cast(pl.Int64).alias(SOURCE_LINE).to_frame().hstack([*parsed.values(), *raw_frame.get_columns()])
    if kind is Kind.ORDERS:
        work, line_notes = _fill_line_items(work, mapping)
        notes.extend(line_notes)
        work, total_notes = _order_level_totals(work, mapping)
        notes.extend(total_notes)
    if "currency" in mapping:
        codes = work.get_column("currency").drop_nulls().str.strip_chars().str.to_uppercase()
        if codes.len():
            found = codes.value_counts(sort=True)
            currency = found.item(0, 0)
            if found.height > 1:
                notes.append(f"The export mixes currencies ({', '.join(found.get_column('currency').to_list())}); "
                             f"figures add them up as {currency}: filter to one currency for exact totals.")

    reasons: list[pl.Expr] = []
    rejecting: list[pl.Expr] = []  # the conditions of `reasons`, to find the rows before writing why
    empties: list[pl.Expr] = []
    problems: list[pl.DataFrame] = []
    must_parse = set(REQUIRED_FIELDS[kind])
    for f, c in mapping.items():
        raw_col = pl.col(f"__raw_{f}").str.strip_chars().replace("", None)
        unparsed = raw_col.is_not_null() & pl.col(f).is_null()
        what = _TYPE_WORDS.get(types[f])
        if f in must_parse and what:
            reasons.append(pl.when(unparsed).then(pl.format("{} '{}' is not {}", pl.lit(c), raw_col, pl.lit(what))))
            rejecting.append(unparsed)
            if f in REQUIRED_FIELDS[kind]:
                # Empty and not taken from the row's order (see _fill_line_items).
                empty = raw_col.is_null() & pl.col(f).is_null()
                reasons.append(pl.when(empty).then(pl.lit(f"{c} is empty")))
                rejecting.append(empty)
        elif what:
            count = int(work.select(unparsed.sum()).item())
            if count:
                notes.append(f"{count} values in '{c}' are not {what.split(' ', 1)[1]}s; they are left empty.")
                if kind is Kind.SURVEYS and f in SCALE_NAMES:
                    problems.append(_answers_left_out(work, unparsed, c, raw_col, "not a number"))
        if f in SCALES:
            low, high = SCALES[f]
            outside = pl.col(f).is_not_null() & ~pl.col(f).is_between(low, high)
            count = int(work.select(outside.sum()).item())
            if count:
                notes.append(f"{count} values in '{c}' are outside {low}–{high}; they are left empty.")
                if kind is Kind.SURVEYS and f in SCALE_NAMES:
                    problems.append(_answers_left_out(work, outside, c, raw_col,
                                                      f"outside the {SCALE_NAMES[f]} scale {low}–{high}"))
            empties.append(pl.when(~outside).then(pl.col(f)).alias(f))
    work = work.with_columns(empties) if empties else work
    # Which rows are rejected first; why, and the row as read, only for those (writing a
    # sentence and the raw text for every row of a million-row file took most of this step).
    rejected_mask = (work.select(pl.any_horizontal(rejecting).fill_null(False)).to_series() if rejecting
                     else pl.repeat(False, work.height, dtype=pl.Boolean, eager=True))
    reason = pl.concat_str(reasons, separator="; ", ignore_nulls=True) if reasons else pl.lit(None, dtype=pl.String)
    raw_text = pl.concat_str([pl.col(c).fill_null("") for c in raw.columns], separator=",")
    rejected = pl.concat(
        [work.filter(rejected_mask).select(pl.col(SOURCE_LINE).alias(LINE), reason.alias("reason")),
         raw.filter(rejected_mask).select(raw_text.alias("raw"))],
        how="horizontal",
    )
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
    value_problems = pl.concat(problems).sort(LINE, "column") if problems else empty_value_problems()
    style = number_styles[0] if number_styles else (None, False)
    return Normalised(table, rejected, currency, dayfirst, assumed, notes, style[0], style[1], value_problems)


def _answers_left_out(work: pl.DataFrame, mask: pl.Expr, column: str, raw: pl.Expr, why: str) -> pl.DataFrame:
    """The `value_problems` rows of one survey column: answers emptied while their row counts."""
    return work.filter(mask).select(
        pl.col(SOURCE_LINE).alias(LINE), pl.lit(column).alias("column"), raw.alias("value"),
        pl.lit(f"{why}: this answer is left out, the response's other answers count").alias("reason"))


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
    # The window over order ids below is the costly part; most exports have no candidate row.
    if not work.select((amount_empty & pl.col("order_id").is_not_null()).any()).item():
        return work, []
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


def _order_level_totals(work: pl.DataFrame, mapping: dict[str, str]) -> tuple[pl.DataFrame, list[str]]:
    """Marketplace exports repeat the order's total on every line-item row.

    When some order ids span several rows and, in every such order, the amount is the
    same on all its rows, the amount is an order-level total: it stays on each order's
    first row and counts 0 on the others (their refunded amount too), so an order counts
    once, not once per line.
    """
    if not {"order_id", "amount"} <= set(mapping):
        return work, []
    ids = work.get_column("order_id").drop_nulls()
    if not repeated_values(ids):  # one row per order: nothing repeats (cheaper than the group-by)
        return work, []
    per_order = (work.filter(pl.col("order_id").is_not_null())
                 .group_by("order_id").agg(pl.len().alias("rows"), pl.col("amount").n_unique().alias("amounts"),
                                           pl.col("amount").drop_nulls().len().alias("filled")))
    multi = per_order.filter(pl.col("rows") > 1)
    if multi.is_empty() or not bool((multi["amounts"] == 1).all()) or not bool((multi["filled"] == multi["rows"]).all()):
        return work, []
    later = pl.col("order_id").is_not_null() & (pl.int_range(pl.len()).over("order_id", order_by=SOURCE_LINE) > 0)
    count = int(work.select(later.sum()).item())
    zeroed = [pl.when(later).then(pl.lit(0.0)).otherwise(pl.col(f)).alias(f) for f in ("amount", "refunded_amount") if f in mapping]
    note = (f"Every row of an order repeats the order's total ({multi.height} orders with several rows): it counts once per "
            f"order, on the order's first row; the other {count} rows count 0.")
    return work.with_columns(zeroed), [note]


def _thousands_note(header: str, decimal_comma: bool) -> str:
    if decimal_comma:
        return (f"Amounts in '{header}' such as 344.000 were read as thousands (344,000), as is usual in Indonesian "
                "exports. If they are decimals, switch the number style on the Data page.")
    return (f"Amounts in '{header}' such as 344.000 were read with a decimal point (344). If the dot separates "
            "thousands (Indonesian style), switch the number style on the Data page.")


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
    """Defaults the export leaves implicit."""
    if kind is Kind.TICKETS and "reopens" in table.columns:
        table = table.with_columns(pl.col("reopens").fill_null(0))  # no reopen recorded = never reopened
    return table
