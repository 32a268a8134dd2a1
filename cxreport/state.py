"""The whole view — page, language, filters, parameters — as plain data that round-trips
through the URL's query string.

`from_query` never fails: a link may be old, hand-edited or hostile, so every value that is
not valid falls back to its default and produces a `Notice` the page can show; unknown
keys are ignored (with a notice). `to_query` writes only values that differ from the
defaults, so links stay short, and writes multi-valued settings as repeated keys
(``?segment=A&segment=B``), so values containing commas survive.

URL keys (short and stable — links in e-mails and slides depend on them):

=========  ==================  ============================================
key        field               values
=========  ==================  ============================================
page       page                data|overview|cohorts|churn|clv|surveys|service|ux_vs_cx|cx_model|notebook
lang       lang                en|id
from, to   date_from, date_to  YYYY-MM-DD (inclusive range)
segment…   filters[dimension]  one key per dimension in fields.DIMENSIONS, repeated
period     period              day|week|month|quarter
basis      retention_basis     customers|revenue
mode       retention_mode      on_period|unbounded
cohort     cohorts             YYYY-MM-DD, repeated
window     churn_window        whole days 7..730 (absent: derived from the data)
by         survival_by         cohort or a dimension
horizon    clv_horizon         months 1..120
discount   clv_discount        annual rate 0..1
margin     clv_margin          gross margin 0..1
seg        segment_by          a dimension
ux_by      ux_by               touchpoint|segment|period
q          comment_query       text, at most 200 characters
=========  ==================  ============================================

Numbers are checked against `BOUNDS`, the same table the pages give their widgets as
``min_value``/``max_value``: a link can hold exactly what a widget can show. (A link with
``window=1000`` once passed the URL check and then broke the Churn page, whose widget
stops at 730.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from cxreport.fields import DIMENSIONS
from cxreport.i18n import t
from cxreport.periods import PERIODS, Period
from cxreport.safe_text import plain

PAGES: Final = ("data", "overview", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx", "cx_model", "notebook")
LANGS: Final = ("en", "id")
RETENTION_BASES: Final = ("customers", "revenue")
RETENTION_MODES: Final = ("on_period", "unbounded")
UX_BY: Final = ("touchpoint", "segment", "period")
SURVIVAL_BY: Final = ("cohort", *DIMENSIONS)

MAX_TEXT: Final = 200  # comment_query and each filter value
MAX_VALUES: Final = 200  # values per filter dimension; cohorts picked
MAX_UNKNOWN_NOTICES: Final = 5  # a link with 1000 junk keys gives a few notices, not 1000


@dataclass(frozen=True)
class Bounds:
    """The values a numeric setting may take: `lo`..`hi` inclusive, in steps of `step`
    (the widget's step; a link may hold any value in between, e.g. a discount of 0.125)."""

    lo: int | float
    hi: int | float
    step: int | float

    def widget(self) -> dict[str, int | float]:
        """Keyword arguments for `st.number_input` / `st.slider`."""
        return {"min_value": self.lo, "max_value": self.hi, "step": self.step}


# One table for the URL check and for the widgets (pages/churn.py, pages/clv.py).
BOUNDS: Final = {
    "churn_window": Bounds(7, 730, 1),  # days; the derived default is always 30..730
    "clv_horizon": Bounds(1, 120, 1),  # months
    "clv_discount": Bounds(0.0, 1.0, 0.01),  # annual rate
    "clv_margin": Bounds(0.0, 1.0, 0.05),  # share of revenue
}
CHURN_WINDOW_DAYS: Final = (BOUNDS["churn_window"].lo, BOUNDS["churn_window"].hi)
CLV_HORIZON_MONTHS: Final = (BOUNDS["clv_horizon"].lo, BOUNDS["clv_horizon"].hi)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INT = re.compile(r"[0-9]{1,6}")
_FLOAT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,25})?([eE][+-]?[0-9]{1,3})?")  # what repr(float) writes


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the report shows. Invalid values raise ValueError.

    `filters` maps a dimension to the values kept (a dimension that is absent or empty is
    not filtered); it is normalised to the order of `fields.DIMENSIONS`, without empty
    entries or repeated values. Treat it as read-only.
    """

    page: str = "overview"
    lang: str = "en"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    period: Period = "month"
    retention_basis: Literal["customers", "revenue"] = "customers"
    retention_mode: Literal["on_period", "unbounded"] = "on_period"
    cohorts: tuple[str, ...] = ()
    churn_window: int | None = None
    survival_by: str = "cohort"
    clv_horizon: int = 12
    clv_discount: float = 0.10
    clv_margin: float = 1.0
    segment_by: str = "segment"
    ux_by: Literal["touchpoint", "segment", "period"] = "touchpoint"
    comment_query: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"filters on unknown dimensions: {sorted(unknown)}")
        if not all(isinstance(v, (tuple, list)) for v in (*self.filters.values(), self.cohorts)):
            raise ValueError("filter values and cohorts must be tuples of strings")
        filters = {dim: _dedupe(self.filters.get(dim, ())) for dim in DIMENSIONS}
        object.__setattr__(self, "filters", {k: v for k, v in filters.items() if v})
        object.__setattr__(self, "cohorts", _dedupe(self.cohorts))
        for name in ("clv_discount", "clv_margin"):  # a slider may hand over 1 for 1.0
            value = getattr(self, name)
            if isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, name, float(value))
        for name, check in _CHECKS.items():
            if not check(getattr(self, name)):
                raise ValueError(f"invalid {name}: {getattr(self, name)!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")

    def __hash__(self) -> int:  # the dict field is not hashable; its sorted items are
        return hash(tuple(tuple(self.filters.items()) if f.name == "filters" else getattr(self, f.name)
                          for f in dataclasses.fields(self)))


@dataclass(frozen=True)
class Notice:
    """A link value that was not used: `key` as in the URL, the `value` given (shortened
    and cleaned for display), the `default` shown instead ("" when the setting is simply
    dropped), and why: "invalid" or "unknown" (a key cxreport does not know)."""

    key: str
    value: str
    default: str = ""
    reason: Literal["invalid", "unknown"] = "invalid"

    @property
    def message_key(self) -> str:
        if self.reason == "unknown":
            return "url.unknown_key"
        return "url.invalid_value" if self.default else "url.invalid_value_ignored"

    def text(self, lang: str = "en") -> str:
        """The notice in words, e.g. "The link's value 'x' for 'period' is not valid; showing 'month' instead."."""
        return t(self.message_key, lang, key=self.key, value=self.value, default=self.default)


# --- validation ----------------------------------------------------------------------------


def _dedupe(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _is_text(v: object, *, allow_empty: bool = False) -> bool:
    return isinstance(v, str) and (allow_empty or v != "") and len(v) <= MAX_TEXT and not _CONTROL.search(v)


def _is_iso_date(v: object) -> bool:
    return isinstance(v, str) and _parse_date(v) is not None


def _in_range(v: object, lo: float, hi: float, kind: type) -> bool:
    return isinstance(v, kind) and not isinstance(v, bool) and lo <= v <= hi and math.isfinite(v)


_CHECKS: Final = {
    "page": lambda v: v in PAGES,
    "lang": lambda v: v in LANGS,
    "date_from": lambda v: v is None or (isinstance(v, dt.date) and not isinstance(v, dt.datetime)),
    "date_to": lambda v: v is None or (isinstance(v, dt.date) and not isinstance(v, dt.datetime)),
    "filters": lambda v: all(len(vals) <= MAX_VALUES and all(_is_text(x) for x in vals) for vals in v.values()),
    "period": lambda v: v in PERIODS,
    "retention_basis": lambda v: v in RETENTION_BASES,
    "retention_mode": lambda v: v in RETENTION_MODES,
    "cohorts": lambda v: len(v) <= MAX_VALUES and all(_is_iso_date(x) for x in v),
    "churn_window": lambda v: v is None or _in_range(v, *CHURN_WINDOW_DAYS, int),
    "survival_by": lambda v: v in SURVIVAL_BY,
    "clv_horizon": lambda v: _in_range(v, *CLV_HORIZON_MONTHS, int),
    "clv_discount": lambda v: _in_range(v, BOUNDS["clv_discount"].lo, BOUNDS["clv_discount"].hi, float),
    "clv_margin": lambda v: _in_range(v, BOUNDS["clv_margin"].lo, BOUNDS["clv_margin"].hi, float),
    "segment_by": lambda v: v in DIMENSIONS,
    "ux_by": lambda v: v in UX_BY,
    "comment_query": lambda v: _is_text(v, allow_empty=True),
}


DEFAULT = ViewState()


def replace(state: ViewState, **changes: Any) -> ViewState:
    """A copy of `state` with `changes` (validated like any ViewState)."""
    return dataclasses.replace(state, **changes)


# --- parsing one URL value: str -> field value, or None when not valid ---------------------


def _parse_date(s: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(s):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def _parse_choice(choices: tuple[str, ...]):
    return lambda s: s if s in choices else None


def _parse_int(lo: int, hi: int):
    def parse(s: str) -> int | None:
        return int(s) if _INT.fullmatch(s) and lo <= int(s) <= hi else None
    return parse


def _parse_float(lo: float, hi: float):
    def parse(s: str) -> float | None:
        if not _FLOAT.fullmatch(s):
            return None
        x = float(s)
        return x if lo <= x <= hi else None
    return parse


def _parse_text(s: str) -> str | None:
    return s if _is_text(s, allow_empty=True) else None


# URL key -> (field, parser) for single-valued settings
_SINGLE: Final = {
    "page": ("page", _parse_choice(PAGES)),
    "lang": ("lang", _parse_choice(LANGS)),
    "from": ("date_from", _parse_date),
    "to": ("date_to", _parse_date),
    "period": ("period", _parse_choice(PERIODS)),
    "basis": ("retention_basis", _parse_choice(RETENTION_BASES)),
    "mode": ("retention_mode", _parse_choice(RETENTION_MODES)),
    "window": ("churn_window", _parse_int(*CHURN_WINDOW_DAYS)),
    "by": ("survival_by", _parse_choice(SURVIVAL_BY)),
    "horizon": ("clv_horizon", _parse_int(*CLV_HORIZON_MONTHS)),
    "discount": ("clv_discount", _parse_float(BOUNDS["clv_discount"].lo, BOUNDS["clv_discount"].hi)),
    "margin": ("clv_margin", _parse_float(BOUNDS["clv_margin"].lo, BOUNDS["clv_margin"].hi)),
    "seg": ("segment_by", _parse_choice(DIMENSIONS)),
    "ux_by": ("ux_by", _parse_choice(UX_BY)),
    "q": ("comment_query", _parse_text),
}
_COHORT_KEY: Final = "cohort"


def _shown(value: object) -> str:
    """A value fit to put in a message: no control or bidi characters, at most 60 characters.
    (Not Markdown-safe: the UI escapes it, see `safe_text`.)"""
    return plain(_CONTROL.sub("�", str(value)), max_chars=60)


def _default_text(field_name: str) -> str:
    value = getattr(DEFAULT, field_name)
    return "" if value is None or value == "" else _write(value)


def _write(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    return str(value)


def from_query(params: Mapping[str, str | list[str]]) -> tuple[ViewState, list[Notice]]:
    """The view a link describes, and what in the link could not be used.

    A single-valued key given several times uses its last value.
    """
    values: dict[str, Any] = {}
    notices: list[Notice] = []
    filters: dict[str, tuple[str, ...]] = {}
    unknown = 0
    for key, raw in params.items():
        items = [raw] if isinstance(raw, str) else [str(v) for v in raw]
        items = [s for s in items if s != ""]  # "?q=" means "not set"
        if not items:
            continue
        if key in _SINGLE:
            name, parse = _SINGLE[key]
            parsed = parse(items[-1])
            if parsed is None:
                notices.append(Notice(key, _shown(items[-1]), _default_text(name)))
            else:
                values[name] = parsed
        elif key in DIMENSIONS or key == _COHORT_KEY:
            valid = [s for s in items if (_is_iso_date(s) if key == _COHORT_KEY else _is_text(s))]
            for bad in [s for s in items if s not in valid][:MAX_UNKNOWN_NOTICES]:
                notices.append(Notice(key, _shown(bad)))
            kept = _dedupe(valid)
            if len(kept) > MAX_VALUES:
                notices.append(Notice(key, _shown(", ".join(kept[MAX_VALUES:]))))
                kept = kept[:MAX_VALUES]
            if key == _COHORT_KEY:
                values["cohorts"] = kept
            else:
                filters[key] = kept
        else:
            unknown += 1
            if unknown <= MAX_UNKNOWN_NOTICES:
                notices.append(Notice(_shown(key), _shown(items[-1]), reason="unknown"))
    values["filters"] = filters
    start, end = values.get("date_from"), values.get("date_to")
    if start and end and start > end:
        notices.append(Notice("to", end.isoformat()))
        del values["date_to"]
    return ViewState(**values), notices


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """The shortest query that `from_query` reads back as `state`."""
    query: dict[str, str | list[str]] = {}
    for key, (name, _) in _SINGLE.items():
        value = getattr(state, name)
        if value != getattr(DEFAULT, name):
            query[key] = _write(value)
    for dim, kept in state.filters.items():
        query[dim] = list(kept)
    if state.cohorts:
        query[_COHORT_KEY] = list(state.cohorts)
    return query
