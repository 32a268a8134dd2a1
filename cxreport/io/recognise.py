"""Recognising what a table is (its `Kind`) and which column holds which field.

Two kinds of evidence are combined for every (field, column) pair:

- the header (and, for survey exports, the question text below it) against the field's
  synonyms in `cxreport.io.vocabulary` — 1.0 for an exact match, less for a synonym
  contained in a longer header;
- the column's content against what the field should hold (`FIELD_CONTENT`): share of
  values that parse as dates, money, 0–10 integers, yes/no, ids with many distinct values,
  durations (numbers or h:mm), satisfaction words ("Good", "Puas", "Unoffered").

confidence = header score × (0.5 + 0.5 × content score), so a header match with the wrong
content keeps at most half its weight. Fields are assigned greedily, best pair first:
each column to at most one field, each field to at most one column, and nothing below
`MIN_CONFIDENCE`. A kind's score weighs its required fields and its signature fields
(those no other kind has), plus a small bonus when the file name names it.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass, field

import polars as pl

from cxreport.fields import REQUIRED_FIELDS, Kind
from cxreport.io import values as v
from cxreport.io.vocabulary import FIELD_CONTENT, KIND_FILE_WORDS, SYNONYMS, header_tokens

MIN_CONFIDENCE = 0.5  # a field is not mapped below this
MIN_KIND_SCORE = 0.35  # below this a table is `Kind.OTHER`
PROFILE_ROWS = 2000  # rows sampled per column for content checks
SCORE_FIELDS = ("nps_score", "csat_score", "ces_score")

# Fields only one kind has: they tell kinds apart (sus_* count once, as their best item).
SIGNATURE_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.ORDERS: ("order_id", "order_date", "amount", "quantity", "product"),
    Kind.SUBSCRIPTIONS: ("subscription_id", "plan", "mrr", "start_date", "cancel_date"),
    Kind.SURVEYS: ("response_id", "nps_score", "csat_score", "ces_score", "comment"),
    Kind.TICKETS: ("ticket_id", "created_at", "first_reply_at", "solved_at", "agent", "handle_minutes", "reopens"),
    Kind.UX: ("participant_id", "task", "success", "time_on_task_seconds", "errors", "sus"),
}
# A signature field also counts when the export gives it another way (durations instead of timestamps).
SIGNATURE_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "first_reply_at": ("first_response_minutes",),
    "solved_at": ("resolution_minutes",),
}

INDONESIAN_WORDS = frozenset(
    "pesanan pembeli pelanggan tanggal waktu jumlah harga produk nama kota kabupaten provinsi wilayah "
    "saluran kanal skor komentar agen dibuat diselesaikan tugas berhasil pembayaran status selesai "
    "dibatalkan pengembalian langganan paket mulai berhenti tiket peserta kesalahan".split()
)


@dataclass(frozen=True)
class ColumnProfile:
    """What a sample of a column's values look like (shares are of non-empty values)."""

    filled: float  # share of non-empty cells
    distinct: float  # distinct / non-empty
    n_distinct: int
    dates: float
    numbers: float
    integers: float
    in_0_10: float
    in_1_5: float
    in_1_7: float
    booleans: float
    spaces: float  # share containing a space (free text, names)
    mean_length: float
    currency: str | None
    durations: float = 0.0  # numbers or h:mm(:ss) clock durations (not dates)
    ratings: float = 0.0  # satisfaction words, or words saying there is no rating ("Unoffered")
    currency_codes: float = 0.0  # ISO 4217-looking codes (IDR, USD)


@dataclass
class Recognition:
    kind: Kind
    kind_confidence: float
    runner_up: list[tuple[Kind, float]]  # the other kinds with their scores, best first
    mapping: dict[str, str]  # field -> column
    confidence: dict[str, float] = field(default_factory=dict)  # field -> 0..1


def profile_column(values: pl.Series) -> ColumnProfile:
    sample = values.head(PROFILE_ROWS)
    filled = v.parse_strings(sample).drop_nulls()
    n = filled.len()
    if n == 0:
        return ColumnProfile(0.0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, None)
    dates = v.parse_dates(filled).values
    parsed = v.parse_numbers(filled)
    numbers = parsed.values.filter(dates.is_null())
    whole = numbers.filter(numbers == numbers.round(0))

    def share(s: pl.Series) -> float:
        return s.len() / n

    return ColumnProfile(
        filled=n / sample.len(),
        distinct=filled.n_unique() / n,
        n_distinct=filled.n_unique(),
        dates=dates.is_not_null().sum() / n,
        numbers=share(numbers.drop_nulls()),
        integers=share(whole.drop_nulls()),
        in_0_10=share(whole.filter(whole.is_between(0, 10))),
        in_1_5=share(whole.filter(whole.is_between(1, 5))),
        in_1_7=share(whole.filter(whole.is_between(1, 7))),
        booleans=v.parse_booleans(filled).is_not_null().sum() / n,
        spaces=filled.str.contains(" ", literal=True).sum() / n,
        mean_length=float(filled.str.len_chars().mean() or 0.0),
        currency=parsed.currency,
        durations=min(1.0, share(numbers.drop_nulls()) + v.clock_duration_share(filled)),
        ratings=v.rating_word_share(filled),
        currency_codes=float(filled.str.strip_chars().str.contains(r"^[A-Z]{3}$").sum()) / n,
    )


def content_score(content: str, p: ColumnProfile) -> float:
    """How well a column's values fit what a field should hold, 0..1 (0.5 when empty)."""
    if p.filled == 0:
        return 0.5  # an empty column (no cancellations yet) cannot contradict its header
    not_date = 1.0 - p.dates
    if content in ("id", "id_repeated"):
        spread = min(1.0, p.distinct * (2 if content == "id" else 10))
        short = 1.0 if p.mean_length <= 40 else 0.3
        return not_date * short * (0.4 + 0.6 * spread) * (1.0 - 0.8 * p.spaces * (p.mean_length > 25))
    if content == "datetime":
        return p.dates
    if content == "money":
        return p.numbers * (1.0 if p.currency or p.integers < 1 or p.n_distinct > 10 else 0.8)
    if content == "number":
        return p.numbers
    if content == "count":
        return p.integers
    if content == "score_0_10":
        return p.in_0_10
    if content == "score_1_5":
        return p.in_1_5
    if content == "rating_1_5":
        return min(1.0, p.in_1_5 + p.ratings)  # numbers and words are disjoint shares
    if content == "duration":
        return p.durations
    if content == "score_1_7":
        return p.in_1_7
    if content == "bool":
        return p.booleans
    if content == "flag":
        return max(p.booleans, p.dates)
    if content == "currency":
        return p.currency_codes
    if content == "category":
        few = 1.0 if p.n_distinct <= 60 or p.distinct < 0.2 else 0.5
        return few * (1.0 - 0.7 * max(p.numbers, p.dates))
    if content == "text":
        return (1.0 - 0.8 * max(p.numbers, p.dates)) * (1.0 if p.mean_length >= 12 or p.spaces >= 0.5 else 0.6)
    raise ValueError(content)


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    k = len(phrase)
    return any(tokens[i : i + k] == phrase for i in range(len(tokens) - k + 1))


def header_score(header: str, synonyms: tuple[tuple[str, ...], ...], description: str | None = None) -> float:
    """1.0 for an exact synonym (earlier synonyms a hair better), 0.9/0.8 for a synonym of
    two+/one word(s) inside a longer header, 0.75 for one inside the question text."""
    tokens = header_tokens(header)
    desc = header_tokens(description) if description else ()
    best = 0.0
    for i, syn in enumerate(synonyms):
        if not syn:
            continue
        if tokens == syn:
            best = max(best, 1.0 - 0.001 * i)
        elif _contains(tokens, syn):
            best = max(best, (0.9 if len(syn) > 1 else 0.8) - 0.001 * i)
        elif desc and len(syn) > 1 and _contains(desc, syn):
            best = max(best, 0.75 - 0.001 * i)
    return best


def map_columns(
    kind: Kind,
    columns: list[str],
    profiles: dict[str, ColumnProfile],
    descriptions: dict[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, float]]:
    """Best field -> column assignment for one kind, with confidences (see module docstring)."""
    descriptions = descriptions or {}
    pairs: list[tuple[float, float, str, str]] = []
    # A header scores only through words a synonym has: skip the pairs that share none.
    words = {c: {*_cached_tokens(c), *_cached_tokens(descriptions.get(c) or "")} for c in columns}
    for f, synonyms in SYNONYMS[kind].items():
        synonym_words = {w for syn in synonyms for w in syn}
        for c in columns:
            if not words[c] & synonym_words:
                continue
            h = header_score(c, synonyms, descriptions.get(c))
            if h == 0:
                continue
            conf = h * (0.5 + 0.5 * content_score(FIELD_CONTENT[f], profiles[c]))
            if conf >= MIN_CONFIDENCE:
                pairs.append((conf, h, f, c))
    mapping: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for conf, _h, f, c in sorted(pairs, key=lambda p: (-p[0], -p[1], columns.index(p[3]))):
        if f in mapping or c in mapping.values():
            continue
        mapping[f] = c
        confidence[f] = round(conf, 3)
    return mapping, confidence


def kind_score(kind: Kind, confidence: dict[str, float], file_name: str = "") -> float:
    """0..1: how much a table looks like `kind` given the fields found for it."""
    required = list(REQUIRED_FIELDS[kind])
    got = [confidence.get(f, 0.0) for f in required]
    if kind is Kind.SURVEYS:
        got.append(max(confidence.get(f, 0.0) for f in SCORE_FIELDS))
    sus = max((confidence.get(f"sus_{i}", 0.0) for i in range(1, 11)), default=0.0)

    def found(f: str) -> float:
        return max(confidence.get(g, 0.0) for g in (f, *SIGNATURE_ALTERNATIVES.get(f, ())))

    signature = [sus if f == "sus" else found(f) for f in SIGNATURE_FIELDS[kind]]
    score = 0.45 * (sum(got) / len(got)) + 0.45 * (sum(signature) / len(signature))
    name_words = set(header_tokens(file_name))
    if name_words & set(KIND_FILE_WORDS[kind]):
        score += 0.1
    return round(min(score, 1.0), 3)


_cached_tokens = functools.lru_cache(maxsize=65536)(header_tokens)  # map_columns runs once per kind


class _Profiles(dict):
    """Column profiles computed on first use: profiling costs tens of milliseconds per
    column, and only columns whose header matches a field's words are ever scored, so a
    5,000-column export profiles its few candidate columns, not all of them."""

    def __init__(self, frame: pl.DataFrame) -> None:
        super().__init__()
        self._frame = frame

    def __missing__(self, column: str) -> ColumnProfile:
        profile = self[column] = profile_column(self._frame.get_column(column))
        return profile


def profile_table(frame: pl.DataFrame) -> dict[str, ColumnProfile]:
    return _Profiles(frame)


def recognise(
    frame: pl.DataFrame,
    *,
    file_name: str = "",
    descriptions: dict[str, str] | None = None,
    profiles: dict[str, ColumnProfile] | None = None,
) -> Recognition:
    """The kind of a table of strings and its field -> column mapping, with confidences."""
    profiles = profile_table(frame) if profiles is None else profiles
    columns = list(frame.columns)
    results = {}
    for kind in Kind:
        if kind is Kind.OTHER:
            continue
        mapping, confidence = map_columns(kind, columns, profiles, descriptions)
        results[kind] = (kind_score(kind, confidence, file_name), mapping, confidence)
    ranked = sorted(results, key=lambda k: -results[k][0])
    best = ranked[0]
    if results[best][0] < MIN_KIND_SCORE:
        return Recognition(Kind.OTHER, round(1.0 - results[best][0], 3), [(k, results[k][0]) for k in ranked], {}, {})
    score, mapping, confidence = results[best]
    return Recognition(best, score, [(k, results[k][0]) for k in ranked[1:]], mapping, confidence)


def recognise_columns(frame: pl.DataFrame, kind: Kind, *, descriptions: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, float]]:
    """The field -> column mapping for a kind the user chose."""
    if kind is Kind.OTHER:
        return {}, {}
    return map_columns(kind, list(frame.columns), profile_table(frame), descriptions)


def looks_indonesian(frame: pl.DataFrame, profiles: dict[str, ColumnProfile] | None = None) -> bool:
    """Indonesian headers or Rupiah amounts: then an undecidable 05/03 reads as 5 March."""
    words = {t for c in frame.columns for t in header_tokens(c)}
    if len(words & INDONESIAN_WORDS) >= 2:
        return True
    return any(p.currency == "IDR" for p in (profiles or {}).values())
