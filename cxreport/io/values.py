"""Parsing values the way real exports write them: dates, money, numbers, yes/no.

Every parser takes a column of strings (a ``pl.Series``) and works on the whole column
with Polars expressions: conventions that can only be decided from the column as a whole
(day-first or month-first dates, decimal comma or point, the currency) are decided once
per column and reported back, so the caller can tell the user what was assumed.
A value that cannot be parsed becomes null; the caller decides whether that rejects
the row (required fields) or only empties the cell.
Slightly over the house's ~400 lines: dates, money, numbers and yes/no share the
column-wide decisions above, which are the point of keeping them together.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# --- dates ---------------------------------------------------------------------------------

# English and Indonesian month names and abbreviations -> month number. Keys are lowercase
# without a trailing dot; "mei"/"agu"/"agt"/"okt"/"des" are the Indonesian abbreviations.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("jan", "january", "januari"),
        ("feb", "february", "februari", "pebruari"),
        ("mar", "march", "maret"),
        ("apr", "april"),
        ("may", "mei"),
        ("jun", "june", "juni"),
        ("jul", "july", "juli"),
        ("aug", "august", "agu", "agt", "agus", "agustus"),
        ("sep", "sept", "september"),
        ("oct", "october", "okt", "oktober"),
        ("nov", "november", "nopember"),
        ("dec", "december", "des", "desember"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH_NAME = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?"
# A trailing time-zone designator: the wall time is kept as written, the offset dropped,
# so a day stays the day the customer saw (see cxreport.fields).
_OFFSET = r"(\d:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(?:Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT|WIB|WITA|WIT)$"
_KEEP_TIME = "${1}"
_ISO = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$"
_COMPACT = r"^(\d{4})(\d{2})(\d{2})$"
_NUMERIC_DMY = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})" + _TIME + "$"
_NAMED_DMY = r"^(\d{1,2})[ -]" + _MONTH_NAME + r"[ -,]+(\d{4})" + _TIME + "$"  # 5 Mar 2024
_NAMED_MDY = r"^" + _MONTH_NAME + r" (\d{1,2}),? (\d{4})" + _TIME + "$"  # March 5, 2024
_EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"
# Every style above begins with a digit or an (ASCII) month name, and holds a digit.
_DATE_START = r"(?i)^(?:\d|[a-z]{3}\D*\d)"
_EXCEL_SERIAL_RANGE = (25_569, 73_051)  # 1970-01-01 .. 2100-01-01 as days since 1899-12-30
_EXCEL_EPOCH_US = -2_209_161_600_000_000  # 1899-12-30 in microseconds since 1970


@dataclass(frozen=True)
class ParsedDates:
    values: pl.Series  # Datetime("us"), naive local wall time; null where unparsable
    dayfirst: bool | None  # None when the column has no dd/mm vs mm/dd ambiguity to decide
    dayfirst_assumed: bool  # True when nothing in the column decided it (a default was used)


# Values that `_clean` leaves as they are and one format reads whole: checking for them
# costs one anchored match, where the general path costs several passes over the column.
_PLAIN_ISO = r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?$"
_PLAIN_NUMBER = r"^\d+(?:\.\d{1,2})?$"


def _all_match(values: pl.Series, pattern: str) -> bool:
    """Every non-null value matches `pattern` (and there is at least one)."""
    if values.dtype != pl.String or values.len() == values.null_count():
        return False
    return bool(values.str.contains(pattern).all())


def _clean(s: pl.Series) -> pl.Series:
    return s.cast(pl.String).str.strip_chars().str.replace_all(r"\s+", " ").replace("", None)


def _two_digit_year(year: pl.Expr) -> pl.Expr:
    # Python's own convention (strptime %y): 00-68 -> 2000s, 69-99 -> 1900s.
    y = year.cast(pl.Int32)
    return pl.when(year.str.len_chars() == 2).then(pl.when(y < 69).then(y + 2000).otherwise(y + 1900)).otherwise(y)


def _assemble(year: pl.Expr, month: pl.Expr, day: pl.Expr, hour: pl.Expr, minute: pl.Expr, second: pl.Expr, ampm: pl.Expr) -> pl.Expr:
    """A datetime from text parts; invalid combinations (31/31, 30 Feb) become null."""
    h = hour.cast(pl.Int32).fill_null(0)
    pm = ampm.str.to_lowercase() == "pm"
    am = ampm.str.to_lowercase() == "am"
    h = pl.when(pm & (h < 12)).then(h + 12).when(am & (h == 12)).then(0).otherwise(h)
    text = pl.format(
        "{}-{}-{} {}:{}:{}",
        year.cast(pl.String).str.zfill(4),
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
        h.cast(pl.String).str.zfill(2),
        minute.fill_null("00").str.zfill(2),
        second.fill_null("00").str.zfill(2),
    )
    return text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)


def _parts(col: pl.Expr, pattern: str, names: list[str]) -> list[pl.Expr]:
    return [col.str.extract(pattern, i + 1).alias(n) for i, n in enumerate(names)]


_TIME_NAMES = ["hour", "minute", "second", "ampm"]


def decide_dayfirst(values: pl.Series, *, prefer_dayfirst: bool = False) -> tuple[bool | None, bool]:
    """Day-first or month-first for a column of dd/mm/yyyy-like dates: (dayfirst, assumed).

    Decided from the whole column: a first part above 12 can only be a day, a second part
    above 12 only a day in month-first order. When nothing decides it, the default is
    day-first for Indonesian data (``prefer_dayfirst``), month-first otherwise, and
    ``assumed`` is True so the caller can say so.
    """
    distinct = _distinct_if_repeated(values)  # the decision reads which values occur, not how often
    if distinct is not None:
        values = distinct
    if _all_match(values, r"^\d{4}"):  # year first (ISO): no day/month order to decide
        return None, False
    text = _clean(values)
    text = text.filter(text.str.slice(0, 3).str.contains(r"^\d{1,2}[-/.]")).unique()
    parts = pl.DataFrame({"t": text.str.replace(_OFFSET, _KEEP_TIME)}).select(
        first=pl.col("t").str.extract(_NUMERIC_DMY, 1).cast(pl.Int32),
        second=pl.col("t").str.extract(_NUMERIC_DMY, 2).cast(pl.Int32),
    ).drop_nulls()
    if parts.is_empty():
        return None, False
    first_big = int((parts["first"] > 12).sum())
    second_big = int((parts["second"] > 12).sum())
    if first_big or second_big:
        return first_big >= second_big, False
    return prefer_dayfirst, True


# From this many values on, a column's distinct values are parsed first when they are few.
_DISTINCT_FIRST = 10_000


def _distinct_if_repeated(values: pl.Series) -> pl.Series | None:
    """The distinct non-null texts of a long text column when they are at most a quarter of
    its rows (orders repeat their dates: a million rows over two years hold 730 days), else
    None. Every decision about a column's dates reads which texts occur, not how often."""
    if values.dtype != pl.String or values.len() < _DISTINCT_FIRST:
        return None
    distinct = values.drop_nulls().unique()
    return distinct if distinct.len() * 4 <= values.len() else None


def parse_dates(values: pl.Series, *, dayfirst: bool | None = None, prefer_dayfirst: bool = False) -> ParsedDates:
    """Timestamps from the ways exports write them, as naive local wall time (microseconds).

    Understood: ISO ``2024-03-05``, ``2024-03-05 14:22:11``, ``2024-03-05T14:22:11Z``,
    ``2024-03-05 14:22:11 +0700`` (the offset is dropped, the wall time kept);
    ``05/03/2024`` and ``05-03-24 14:22`` (day/month order decided per column, see
    `decide_dayfirst`); ``5 Mar 2024``, ``05 Maret 2024``, ``March 5, 2024`` (English and
    Indonesian month names); ``20240305``; Excel serial day numbers (``45356``, only when
    every number in the column looks like one) and 12-hour clocks (``2:22 PM``).
    """
    distinct = _distinct_if_repeated(values)
    if distinct is not None:
        # Each distinct text parsed once, then looked up: the same as parsing every row.
        once = parse_dates(distinct, dayfirst=dayfirst, prefer_dayfirst=prefer_dayfirst)
        looked_up = values.replace_strict(distinct, once.values, default=None, return_dtype=pl.Datetime("us"))
        return ParsedDates(looked_up.alias(values.name), once.dayfirst, once.dayfirst_assumed)
    if dayfirst is None:
        dayfirst, assumed = decide_dayfirst(values, prefer_dayfirst=prefer_dayfirst)
    else:
        assumed = False
    # Fast path: ISO timestamps, the common case, parse without regular expressions;
    # only the distinct values that fail go through the general parser, then join back.
    # A column of plain ``2024-03-05`` or ``2024-03-05 14:22:11`` needs no cleaning and no
    # offset or "T" handling, and the hour-and-minute format cannot read any of its values.
    if _all_match(values, _PLAIN_ISO):
        text = values.cast(pl.String)
        fast = pl.select(pl.coalesce(
            text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False),
            text.str.strptime(pl.Datetime("us"), "%Y-%m-%d", strict=False),
        )).to_series()
    else:
        text = _clean(values)
        iso = text.str.replace(_OFFSET, _KEEP_TIME).str.replace("T", " ", literal=True, n=1)
        fast = pl.select(pl.coalesce(
            iso.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False),
            iso.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False),
            iso.str.strptime(pl.Datetime("us"), "%Y-%m-%d", strict=False),
        )).to_series()
    unread = text.filter(fast.is_null()).drop_nulls().unique()
    # Every style begins with a digit or a month's name and holds a digit: other values (a
    # channel, an id like C0042) skip the general parser's thirty-odd patterns. Most columns
    # profiled when a file is recognised are such columns.
    rest = unread.filter(unread.str.contains(_DATE_START))
    if rest.len() == 0:
        return ParsedDates(fast.alias(values.name), dayfirst, assumed)
    # Excel serials are decided on every value the fast path could not read.
    slow = _parse_dates_general(rest, dayfirst, serials=_excel_serials(unread))
    looked_up = text.replace_strict(rest, slow, default=None, return_dtype=pl.Datetime("us"))
    parsed = fast.fill_null(looked_up).alias(values.name)
    return ParsedDates(parsed, dayfirst, assumed)


def _excel_serials(text: pl.Series) -> bool:
    """Five-digit numbers are dates only when every value is one, in a plausible range (a
    workbook's date column can mix real dates and serials; an id column cannot)."""
    return bool((text.str.contains(_EXCEL_SERIAL) & text.cast(pl.Float64, strict=False).is_between(*_EXCEL_SERIAL_RANGE)).all())


def _parse_dates_general(text: pl.Series, dayfirst: bool | None, *, serials: bool) -> pl.Series:
    """Every non-ISO style in `parse_dates`' docstring, on distinct cleaned values; Excel
    serial day numbers when `serials` (see `_excel_serials`)."""
    frame = pl.DataFrame({"t": text.str.replace(_OFFSET, _KEEP_TIME), "raw": text})
    t = pl.col("t")

    iso = _parts(t, _ISO, ["y", "m", "d", *_TIME_NAMES])
    compact = _parts(t, _COMPACT, ["y", "m", "d"])
    numeric = _parts(t, _NUMERIC_DMY, ["a", "b", "y", *_TIME_NAMES])
    named = _parts(t.str.to_lowercase(), _NAMED_DMY, ["d", "mon", "y", *_TIME_NAMES])
    named_mdy = _parts(t.str.to_lowercase(), _NAMED_MDY, ["mon", "d", "y", *_TIME_NAMES])
    month_number = {k: str(v) for k, v in MONTHS.items()}

    def assemble(parts: list[pl.Expr], y: str, m: str, d: str, *, with_time: bool = True, month_name: bool = False, year2: bool = False) -> pl.Expr:
        p = {e.meta.output_name(): e for e in parts}
        month = p[m].replace_strict(month_number, default=None) if month_name else p[m]
        year = _two_digit_year(p[y]) if year2 else p[y]
        if with_time:
            return _assemble(year, month, p[d], p["hour"], p["minute"], p["second"], p["ampm"])
        none = pl.lit(None, dtype=pl.String)
        return _assemble(year, month, p[d], none, none, none, none)

    day, month = ("a", "b") if dayfirst or dayfirst is None else ("b", "a")
    serial = (
        pl.lit(_EXCEL_EPOCH_US) + (t.cast(pl.Float64, strict=False) * 86_400_000_000).round().cast(pl.Int64)
    ).cast(pl.Datetime("us"))
    parsed = frame.select(
        pl.coalesce(
            assemble(iso, "y", "m", "d"),
            pl.when(t.str.contains(_COMPACT)).then(assemble(compact, "y", "m", "d", with_time=False)),
            assemble(numeric, "y", month, day, year2=True),
            assemble(named, "y", "mon", "d", month_name=True),
            assemble(named_mdy, "y", "mon", "d", month_name=True),
            serial if serials else pl.lit(None, dtype=pl.Datetime("us")),
        )
    ).to_series()
    return parsed



# --- numbers and money -----------------------------------------------------------------------

# Currency symbols and codes -> ISO 4217 code. Order matters: "Rp" before "R", "US$" before "$".
CURRENCY_TOKENS: dict[str, str] = {
    "IDR": "IDR", "Rp.": "IDR", "Rp": "IDR", "RP": "IDR", "rp": "IDR",
    "USD": "USD", "US$": "USD", "$": "USD",
    "EUR": "EUR", "€": "EUR",
    "GBP": "GBP", "£": "GBP",
}
_CURRENCY_RE = "(" + "|".join(t.replace("$", r"\$").replace(".", r"\.") for t in CURRENCY_TOKENS) + ")"


@dataclass(frozen=True)
class ParsedNumbers:
    values: pl.Series  # Float64; null where unparsable
    currency: str | None  # ISO code of the most frequent currency mark, None when there is none
    decimal_comma: bool  # True when ',' is the decimal separator (1.250.000,50)
    assumed: bool = False  # True when only the export's language decided it (344.000)


_THOUSANDS_ONLY = r"^\d{1,3}\.\d{3}$"  # 344.000: one dot, exactly three digits after it


def decide_decimal_comma(body: pl.Series, currency: str | None, *, prefer_thousands_dot: bool = False) -> tuple[bool, bool]:
    """Whether ',' is the decimal separator, from the evidence in the whole column:
    (decimal_comma, assumed).

    ``1.250.000`` or ``12,50`` can only be decimal-comma; ``1,250,000`` or ``12.50`` only
    decimal-point. A column whose dotted values all have one dot and exactly three digits
    after it (``344.000``) is ambiguous on its own: it reads as id-ID thousands when the
    export is Indonesian (``prefer_thousands_dot``: Indonesian headers, an Indonesian
    marketplace, or Rupiah amounts), and as a decimal point otherwise, with ``assumed``
    True so the caller can say so and the user can flip it.
    """
    comma_votes = body.str.contains(r"\d\.\d{3}\.|\.\d{3},|,\d{1,2}$|,\d{4,}$").sum()
    point_votes = body.str.contains(r"\d,\d{3},|,\d{3}\.|\.\d{1,2}$|\.\d{4,}$").sum()
    if comma_votes != point_votes:
        return comma_votes > point_votes, False
    dotted = body.filter(body.str.contains(".", literal=True))
    if dotted.len() and bool(dotted.str.contains(_THOUSANDS_ONLY).all()):
        return prefer_thousands_dot or currency == "IDR", True
    return currency == "IDR", False


def parse_numbers(values: pl.Series, *, decimal_comma: bool | None = None,
                  prefer_thousands_dot: bool = False) -> ParsedNumbers:
    """Numbers as exports write them: ``$1,250.00``, ``1.250.000,50``, ``Rp 1.250.000``,
    ``IDR 1,250,000``, ``(12.00)`` and ``12-`` (negative), ``-12``, ``+3``, ``12%``.

    The percent sign is dropped and the number kept in percent points (``12%`` -> 12.0),
    as the column header says what it is a percentage of. The separators' roles are
    decided per column (`decide_decimal_comma`) unless `decimal_comma` forces them; the
    currency is reported, not converted.

    >>> parse_numbers(pl.Series(["344.000", "1.250"]), prefer_thousands_dot=True).values.to_list()
    [344000.0, 1250.0]
    >>> parse_numbers(pl.Series(["$1,250.50", "(12.00)"])).values.to_list()
    [1250.5, -12.0]
    """
    if not decimal_comma and _all_match(values, _PLAIN_NUMBER):
        # 1250 or 1250.5 with no mark, sign or separator: `decide_decimal_comma` finds a
        # decimal point (or, with no dot at all, no evidence and no currency: a point too),
        # so the general path below would read each value as this cast does.
        return ParsedNumbers(values.cast(pl.Float64, strict=False).alias(values.name), None, False, False)
    text = _clean(values)
    found = text.str.extract(_CURRENCY_RE, 1).drop_nulls()
    currency = None
    if found.len():
        codes = found.replace_strict(CURRENCY_TOKENS, default=None, return_dtype=pl.String).drop_nulls()
        if codes.len():
            currency = codes.value_counts(sort=True).item(0, 0)
    frame = pl.DataFrame({"t": text}).with_columns(
        t=pl.col("t").str.replace_all(_CURRENCY_RE, "").str.replace_all(r"[\s\u00a0'%]", "")
    )
    t = pl.col("t")
    frame = frame.with_columns(
        negative=t.str.contains(r"^\(.*\)$|^-|-$|^−"),
        body=t.str.replace_all(r"[()+\-−]", ""),
    )
    assumed = False
    if decimal_comma is None:
        decimal_comma, assumed = decide_decimal_comma(frame["body"].drop_nulls(), currency,
                                                      prefer_thousands_dot=prefer_thousands_dot)
    body = pl.col("body")
    if decimal_comma:
        body = body.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True)
    else:
        body = body.str.replace_all(",", "", literal=True)
    number = (
        pl.when(body.str.contains(r"^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")).then(body.cast(pl.Float64, strict=False))
    )
    out = frame.select(pl.when(pl.col("negative")).then(-number).otherwise(number).alias(values.name)).to_series()
    return ParsedNumbers(out, currency, decimal_comma, assumed)


def parse_integers(values: pl.Series) -> pl.Series:
    """Whole numbers (counts): parsed as `parse_numbers`, rounded; a fraction is not a count -> null."""
    numbers = parse_numbers(values).values
    return pl.select(
        pl.when(numbers == numbers.round(0)).then(numbers).cast(pl.Int64, strict=False).alias(values.name)
    ).to_series()


# --- booleans --------------------------------------------------------------------------------

TRUE_WORDS = (
    "yes", "y", "true", "t", "1", "1.0", "ya", "iya", "benar", "success", "successful", "succeeded",
    "pass", "passed", "ok", "done", "completed", "complete", "berhasil", "sukses", "selesai", "lulus",
)
FALSE_WORDS = (
    "no", "n", "false", "f", "0", "0.0", "tidak", "tdk", "salah", "fail", "failed", "failure",
    "not completed", "incomplete", "abandoned", "gagal", "tidak berhasil", "belum", "belum selesai",
)
_BOOL_WORDS = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}


def parse_booleans(values: pl.Series) -> pl.Series:
    """Yes/no flags in English and Indonesian (yes/no, true/false, 1/0, ya/tidak,
    success/fail, completed/abandoned, berhasil/gagal ...); anything else -> null."""
    key = _clean(values).str.to_lowercase().str.strip_chars(".!")
    return key.replace_strict(_BOOL_WORDS, default=None, return_dtype=pl.Boolean).alias(values.name)


def parse_strings(values: pl.Series) -> pl.Series:
    """Text as written, trimmed; empty cells and whitespace-only cells -> null."""
    return values.cast(pl.String).str.strip_chars().replace("", None).alias(values.name)


# --- durations -------------------------------------------------------------------------------

_CLOCK = r"^([+-]?)(\d+):(\d{2})(?::(\d{2}(?:\.\d+)?))?$"  # h:mm or h:mm:ss, hours unbounded


def clock_duration_share(values: pl.Series) -> float:
    """Share of non-empty values written as clock durations (``1:30``, ``26:30:00``)."""
    text = _clean(values).drop_nulls()
    return float(text.str.contains(_CLOCK).sum()) / text.len() if text.len() else 0.0


def parse_durations(values: pl.Series, *, unit_minutes: float = 1.0) -> pl.Series:
    """Durations in minutes: numbers in the column's unit (``unit_minutes`` minutes each, from
    the header: 60 for "in Hrs"), or clock durations ``h:mm`` / ``h:mm:ss`` whatever the
    header says (``26:30`` = 1590 minutes). Negative durations are kept (the metric counts
    them as invalid); anything else -> null.
    """
    text = _clean(values)
    numbers = parse_numbers(values).values * unit_minutes
    frame = pl.DataFrame({"t": text, "n": numbers})
    t = pl.col("t")
    clock = (
        t.str.extract(_CLOCK, 2).cast(pl.Float64) * 60
        + t.str.extract(_CLOCK, 3).cast(pl.Float64)
        + t.str.extract(_CLOCK, 4).cast(pl.Float64).fill_null(0.0) / 60
    )
    clock = pl.when(t.str.extract(_CLOCK, 1) == "-").then(-clock).otherwise(clock)
    return frame.select(pl.coalesce(clock, pl.col("n")).alias(values.name)).to_series()


# --- satisfaction written as words -----------------------------------------------------------

# Tools that ask one good/bad question (Zendesk: Good/Bad; "Satisfied"/"Unsatisfied";
# Indonesian "Puas"/"Tidak puas") put the answers at the ends of the 1–5 scale, so the
# top-2-box CSAT (4–5) is the share of good ratings.
TWO_ANSWER_RATINGS: dict[str, float] = {
    **dict.fromkeys(("good", "good with comment", "good i m satisfied", "satisfied", "puas"), 5.0),
    **dict.fromkeys(
        ("bad", "bad with comment", "bad i m unsatisfied", "unsatisfied", "dissatisfied", "not satisfied", "tidak puas"),
        1.0,
    ),
}
# A five-label scale names every point; its middle labels decide the column is one.
FIVE_LABEL_RATINGS: dict[str, float] = {
    **dict.fromkeys(("very satisfied", "sangat puas"), 5.0),
    **dict.fromkeys(("satisfied", "puas"), 4.0),
    **dict.fromkeys(("neutral", "netral", "cukup puas", "neither satisfied nor dissatisfied"), 3.0),
    **dict.fromkeys(("unsatisfied", "dissatisfied", "not satisfied", "tidak puas", "kurang puas"), 2.0),
    **dict.fromkeys(("very unsatisfied", "very dissatisfied", "sangat tidak puas"), 1.0),
}
_FIVE_LABEL_ONLY = frozenset(FIVE_LABEL_RATINGS) - frozenset(TWO_ANSWER_RATINGS)
# The survey was offered but not answered, or never offered: no rating.
NO_RATING_WORDS: tuple[str, ...] = (
    "offered", "unoffered", "not offered", "no rating", "not rated", "unrated", "tidak dinilai", "belum dinilai",
)


@dataclass(frozen=True)
class ParsedRatings:
    values: pl.Series  # Float64 on 1–5 (numbers as written, words mapped); null where no rating
    scale: str | None  # "two answers", "five labels", or None when no value is a word
    words: int  # values read from words
    no_rating: pl.Series  # Boolean: the cell says there is no rating ("Offered", "Unoffered")


def _rating_key(values: pl.Series) -> pl.Series:
    return _clean(values).str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()


def parse_ratings(values: pl.Series) -> ParsedRatings:
    """1–5 satisfaction written as numbers or words (English and Indonesian).

    Numbers are read as `parse_numbers` does. Words map per column: a two-answer column
    (Good/Bad, Satisfied/Unsatisfied, Puas/Tidak puas) to 5 and 1; a column holding any
    five-label-only word ("Very satisfied", "Neutral", "Sangat puas", "Cukup puas") to one
    point per label (Satisfied = 4 there). "Offered", "Unoffered" and blanks are no rating.
    """
    key = _rating_key(values)
    five = bool(key.is_in(list(_FIVE_LABEL_ONLY)).any())
    words = FIVE_LABEL_RATINGS if five else TWO_ANSWER_RATINGS
    from_words = key.replace_strict(words, default=None, return_dtype=pl.Float64)
    numbers = parse_numbers(values).values
    out = numbers.fill_null(from_words).alias(values.name)
    n_words = int((numbers.is_null() & from_words.is_not_null()).sum())
    scale = ("five labels" if five else "two answers") if n_words else None
    no_rating = key.is_in(list(NO_RATING_WORDS)).fill_null(False).alias(values.name)
    return ParsedRatings(out, scale, n_words, no_rating)


def rating_word_share(values: pl.Series) -> float:
    """Share of non-empty values that are satisfaction words or say there is no rating."""
    key = _rating_key(values).drop_nulls()
    if key.len() == 0:
        return 0.0
    known = [*TWO_ANSWER_RATINGS, *FIVE_LABEL_RATINGS, *NO_RATING_WORDS]
    return float(key.is_in(known).sum()) / key.len()
