"""Numbers, money, dates and durations written the way each language writes them.

No system locale is used (servers rarely have id_ID installed, and setlocale is
process-wide): separators and month names are data here.

Conventions (one rule per language):
- en: ``1,234.5``; id: ``1.234,5``. Negative numbers use the typographic minus ``−``.
- Money: English glues the symbol to the number (``$1,250.00``, ``€1,250.00``,
  ``Rp1,250,000``, CLDR's English style); Indonesian writes ``Rp 1.250.000`` with a space,
  as Indonesian invoices and banks do, and glues other symbols (``US$1.250,00``).
  Rupiah are shown without decimals (no coins in use); other currencies with two.
  An unknown currency code is written before the number: ``SGD 1,250.00``.
- Compact (headlines): en ``12.3k``, ``1.2M``, ``Rp1.2B``; id ``12,3 rb``, ``1,2 jt``,
  ``Rp 1,2 M`` (M = miliar, 10⁹, as Indonesian media write it).
- Missing values (None, NaN) are written as an en dash ``–``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

import polars as pl

from cxreport.i18n import t
from cxreport.periods import Period, check_period

MISSING: Final = "–"
MINUS: Final = "−"

# (thousands separator, decimal mark)
_SEPARATORS: Final = {"en": (",", "."), "id": (".", ",")}

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
}
MONTHS_SHORT: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}
WEEKDAYS: Final[dict[str, tuple[str, ...]]] = {  # Monday first, as date.weekday()
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
}
# Period label prefixes: Q1 / K1 (kuartal), W10 / M10 (minggu).
QUARTER_PREFIX: Final = {"en": "Q", "id": "K"}
WEEK_PREFIX: Final = {"en": "W", "id": "M"}

# currency code -> (English symbol, Indonesian symbol, decimals)
_CURRENCIES: Final = {
    "IDR": ("Rp", "Rp ", 0),
    "USD": ("$", "US$", 2),
    "EUR": ("€", "€", 2),
    "GBP": ("£", "£", 2),
    "JPY": ("¥", "¥", 0),
}


def _lang(lang: str) -> str:
    return lang if lang in _SEPARATORS else "en"


def is_missing(x: object) -> bool:
    """None or NaN (what polars and numpy use for "no value")."""
    if x is None:
        return True
    try:
        return math.isnan(x)  # type: ignore[arg-type]
    except TypeError:
        return False


def _digits(x: float, lang: str, decimals: int, *, strip_zeros: bool = False) -> tuple[bool, str]:
    """(is_negative, absolute value with the language's separators)."""
    thousands, decimal = _SEPARATORS[_lang(lang)]
    text = f"{abs(x):,.{decimals}f}"
    if strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    # a value that rounds to zero has no sign ("0", not "−0")
    negative = x < 0 and any(c not in "0.," for c in text)
    return negative, text.translate(str.maketrans({",": thousands, ".": decimal}))


def fmt_number(x: float | int | None, lang: str = "en", decimals: int = 0) -> str:
    """``1,234.5`` (en) / ``1.234,5`` (id)."""
    if is_missing(x):
        return MISSING
    x = float(x)  # type: ignore[arg-type]
    if math.isinf(x):
        return ("" if x > 0 else MINUS) + "∞"
    negative, text = _digits(x, lang, decimals)
    return (MINUS if negative else "") + text


def fmt_percent(x: float | None, lang: str = "en", decimals: int = 1) -> str:
    """A share (0.123) as ``12.3%`` / ``12,3%``."""
    if is_missing(x):
        return MISSING
    return fmt_number(float(x) * 100, lang, decimals) + "%"  # type: ignore[arg-type]


def fmt_signed(x: float | int | None, lang: str = "en", decimals: int | None = None) -> str:
    """A change with its sign: ``+9``, ``−3.2``, ``0``.

    decimals=None: none for whole numbers, one otherwise.
    """
    if is_missing(x):
        return MISSING
    x = float(x)  # type: ignore[arg-type]
    if decimals is None:
        decimals = 0 if x.is_integer() else 1
    text = fmt_number(x, lang, decimals)
    return text if text.startswith(MINUS) or text.strip("0.,") == "" else "+" + text


def currency_decimals(currency: str | None) -> int:
    return _CURRENCIES.get((currency or "").upper(), ("", "", 2))[2]


def currency_symbol(currency: str | None, lang: str = "en") -> str:
    """What is written before an amount: ``Rp`` (en) / ``Rp `` (id), ``$``, ``SGD `` ...; "" for None."""
    if not currency:
        return ""
    code = currency.upper()
    if code in _CURRENCIES:
        return _CURRENCIES[code][1 if _lang(lang) == "id" else 0]
    return code + " "


def _with_currency(number_text: str, currency: str | None, lang: str) -> str:
    negative = number_text.startswith(MINUS)
    body = number_text[1:] if negative else number_text
    return (MINUS if negative else "") + currency_symbol(currency, lang) + body


def fmt_money(x: float | None, currency: str | None, lang: str = "en", decimals: int | None = None) -> str:
    """``Rp 1.250.000`` (id), ``Rp1,250,000`` (en), ``$1,250.00``; no currency: a plain number."""
    if is_missing(x):
        return MISSING
    if decimals is None:
        decimals = currency_decimals(currency) if currency else 0
    return _with_currency(fmt_number(x, lang, decimals), currency, lang)


_COMPACT_STEPS: Final = ((1e12, "compact.trillion"), (1e9, "compact.billion"), (1e6, "compact.million"),
                         (1e3, "compact.thousand"))


def fmt_compact(x: float | int | None, lang: str = "en", decimals: int = 1) -> str:
    """Short numbers for headlines: ``12.3k``, ``1.2M`` (en); ``12,3 rb``, ``1,2 jt``, ``1,2 M`` (id).

    Trailing zeros are dropped (``1M``, not ``1.0M``); below a thousand the number is
    rounded to `decimals` the same way.
    """
    if is_missing(x):
        return MISSING
    x = float(x)  # type: ignore[arg-type]
    if math.isinf(x):
        return fmt_number(x, lang)
    lang = _lang(lang)
    for i, (size, key) in enumerate(_COMPACT_STEPS):
        scaled = round(abs(x) / size, decimals)
        if scaled >= 1:
            if scaled >= 1000 and i > 0:  # 999,950 rounds to 1000k: say 1M instead
                size, key = _COMPACT_STEPS[i - 1]
                scaled = round(abs(x) / size, decimals)
            negative, text = _digits(math.copysign(scaled, x), lang, decimals, strip_zeros=True)
            space = " " if lang == "id" else ""
            return (MINUS if negative else "") + text + space + t(key, lang)
    negative, text = _digits(x, lang, decimals, strip_zeros=True)
    return (MINUS if negative else "") + text


def fmt_money_compact(x: float | None, currency: str | None, lang: str = "en", decimals: int = 1) -> str:
    """``Rp 1,2 M`` (id) / ``Rp1.2B`` (en) / ``$12.3k``."""
    if is_missing(x):
        return MISSING
    return _with_currency(fmt_compact(x, lang, decimals), currency, lang)


def _as_date(d: dt.date | dt.datetime) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def fmt_date(d: dt.date | dt.datetime | None, lang: str = "en", style: str = "long") -> str:
    """long: ``5 Mar 2024`` / ``5 Maret 2024``; month: ``Mar 2024`` / ``Maret 2024``;
    short (axis ticks, tables): ``5 Mar`` / ``5 Mar``."""
    if d is None:
        return MISSING
    d = _as_date(d)
    lang = _lang(lang)
    names = MONTHS[lang] if lang == "id" else MONTHS_SHORT[lang]
    if style == "long":
        return f"{d.day} {names[d.month - 1]} {d.year}"
    if style == "month":
        return f"{names[d.month - 1]} {d.year}"
    if style == "short":
        return f"{d.day} {MONTHS_SHORT[lang][d.month - 1]}"
    raise ValueError(f"style must be 'long', 'month' or 'short', not {style!r}")


def fmt_duration_hours(h: float | None, lang: str = "en") -> str:
    """A duration given in hours: ``45 min`` under an hour, ``2.5 h`` / ``2,5 jam`` under two
    days, then days: ``3.1 d`` / ``3,1 hari``."""
    if is_missing(h):
        return MISSING
    h = float(h)  # type: ignore[arg-type]
    if abs(h) < 1:
        return f"{fmt_number(h * 60, lang, 0)} {t('unit.minutes_short', lang)}"
    if abs(h) < 48:
        return f"{fmt_number(h, lang, 1)} {t('unit.hours_short', lang)}"
    return f"{fmt_number(h / 24, lang, 1)} {t('unit.days_short', lang)}"


def period_label(d: dt.date | dt.datetime | None, period: Period, lang: str = "en") -> str:
    """The name of the period starting at `d`: month ``Mar 2025``; quarter ``Q1 2025`` /
    ``K1 2025``; ISO week ``W10 2025`` / ``M10 2025``; day: the long date."""
    if d is None:
        return MISSING
    d = _as_date(d)
    lang = _lang(lang)
    period = check_period(period)
    if period == "month":
        return f"{MONTHS_SHORT[lang][d.month - 1]} {d.year}"
    if period == "quarter":
        return f"{QUARTER_PREFIX[lang]}{(d.month - 1) // 3 + 1} {d.year}"
    if period == "week":
        year, week, _ = d.isocalendar()
        return f"{WEEK_PREFIX[lang]}{week} {year}"
    return fmt_date(d, lang, "long")


def period_label_expr(expr: pl.Expr, period: Period, lang: str = "en") -> pl.Expr:
    """`period_label` as a Polars expression over a Date/Datetime column (whole columns at once)."""
    lang = _lang(lang)
    period = check_period(period)
    year = expr.dt.year().cast(pl.String)
    if period == "quarter":
        return pl.concat_str(pl.lit(QUARTER_PREFIX[lang]), expr.dt.quarter().cast(pl.String), pl.lit(" "), year)
    if period == "week":
        return pl.concat_str(pl.lit(WEEK_PREFIX[lang]), expr.dt.week().cast(pl.String), pl.lit(" "),
                             expr.dt.iso_year().cast(pl.String))
    names = MONTHS[lang] if period == "day" and lang == "id" else MONTHS_SHORT[lang]
    month = expr.dt.month().replace_strict(list(range(1, 13)), list(names), return_dtype=pl.String)
    if period == "month":
        return pl.concat_str(month, pl.lit(" "), year)
    return pl.concat_str(expr.dt.day().cast(pl.String), pl.lit(" "), month, pl.lit(" "), year)
