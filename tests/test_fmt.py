"""Locale-aware formatting, checked against the strings people write by hand."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.fmt import (fmt_compact, fmt_date, fmt_duration_hours, fmt_money, fmt_money_compact, fmt_number,
                          fmt_percent, fmt_signed, period_label, period_label_expr)


@pytest.mark.parametrize(("x", "lang", "decimals", "expected"), [
    (1234.5, "en", 1, "1,234.5"),
    (1234.5, "id", 1, "1.234,5"),
    (1234567, "en", 0, "1,234,567"),
    (1234567, "id", 0, "1.234.567"),
    (-1234.56, "id", 2, "−1.234,56"),
    (-0.004, "en", 2, "0.00"),  # rounds to zero: no minus sign
    (0.5, "en", 0, "0"),  # banker's rounding is Python's; halves are rare in reports
])
def test_fmt_number(x, lang, decimals, expected):
    assert fmt_number(x, lang, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_values_are_a_dash(missing):
    for f in (lambda v: fmt_number(v, "en"), lambda v: fmt_percent(v, "id"), lambda v: fmt_money(v, "IDR", "id"),
              lambda v: fmt_compact(v), lambda v: fmt_signed(v), lambda v: fmt_duration_hours(v, "id")):
        assert f(missing) == "–"
    assert fmt_date(None) == "–" and period_label(None, "month") == "–"


def test_fmt_percent():
    assert fmt_percent(0.123, "en") == "12.3%"
    assert fmt_percent(0.123, "id") == "12,3%"
    assert fmt_percent(1, "en", 0) == "100%"


def test_fmt_money():
    assert fmt_money(1_250_000, "IDR", "id") == "Rp 1.250.000"
    assert fmt_money(1_250_000, "IDR", "en") == "Rp1,250,000"
    assert fmt_money(1250, "USD", "en") == "$1,250.00"
    assert fmt_money(1250, "USD", "id") == "US$1.250,00"
    assert fmt_money(1250.5, "EUR", "en") == "€1,250.50"
    assert fmt_money(-99.5, "SGD", "en") == "−SGD 99.50"
    assert fmt_money(1250.4, None, "id") == "1.250"
    assert fmt_money(1250, "idr", "id", decimals=2) == "Rp 1.250,00"


def test_compact_forms():
    assert fmt_compact(12_345, "en") == "12.3k"
    assert fmt_compact(12_345, "id") == "12,3 rb"
    assert fmt_compact(1_200_000, "id") == "1,2 jt"
    assert fmt_compact(1_000_000, "en") == "1M"
    assert fmt_compact(999_950, "en") == "1M"  # not "1000k"
    assert fmt_compact(-2_500, "en") == "−2.5k"
    assert fmt_compact(950, "en") == "950"
    assert fmt_money_compact(1_200_000_000, "IDR", "id") == "Rp 1,2 M"  # miliar
    assert fmt_money_compact(1_200_000_000, "IDR", "en") == "Rp1.2B"
    assert fmt_money_compact(3.4e12, "IDR", "id") == "Rp 3,4 T"


def test_fmt_signed():
    assert fmt_signed(9) == "+9"
    assert fmt_signed(-3.2) == "−3.2"
    assert fmt_signed(-3.2, "id") == "−3,2"
    assert fmt_signed(0) == "0"
    assert fmt_signed(2.25, "en", 2) == "+2.25"
    assert fmt_signed(-0.04, "en", 1) == "0.0"


def test_fmt_date():
    d = dt.date(2024, 3, 5)
    assert fmt_date(d, "id") == "5 Maret 2024"
    assert fmt_date(d, "en") == "5 Mar 2024"
    assert fmt_date(d, "id", "month") == "Maret 2024"
    assert fmt_date(d, "en", "month") == "Mar 2024"
    assert fmt_date(dt.datetime(2024, 8, 17, 10, 30), "id", "short") == "17 Agu"
    with pytest.raises(ValueError):
        fmt_date(d, "en", "iso")


def test_fmt_duration_hours():
    assert fmt_duration_hours(2.5, "en") == "2.5 h"
    assert fmt_duration_hours(2.5, "id") == "2,5 jam"
    assert fmt_duration_hours(74.4, "en") == "3.1 d"  # 74.4 / 24 = 3.1
    assert fmt_duration_hours(74.4, "id") == "3,1 hari"
    assert fmt_duration_hours(0.75, "id") == "45 mnt"


def test_period_label():
    assert period_label(dt.date(2025, 3, 1), "month", "en") == "Mar 2025"
    assert period_label(dt.date(2025, 8, 1), "month", "id") == "Agu 2025"
    assert period_label(dt.date(2025, 1, 1), "quarter", "en") == "Q1 2025"
    assert period_label(dt.date(2025, 10, 1), "quarter", "id") == "K4 2025"
    assert period_label(dt.date(2025, 3, 3), "week", "en") == "W10 2025"
    assert period_label(dt.date(2025, 3, 3), "week", "id") == "M10 2025"
    assert period_label(dt.date(2024, 12, 30), "week", "en") == "W1 2025"  # ISO week-year
    assert period_label(dt.date(2024, 3, 5), "day", "id") == "5 Maret 2024"
    with pytest.raises(ValueError):
        period_label(dt.date(2024, 1, 1), "year", "en")  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15), st.integers(0, 4))
def test_indonesian_is_english_with_separators_swapped(x, decimals):
    en, id_ = fmt_number(x, "en", decimals), fmt_number(x, "id", decimals)
    assert id_ == en.translate(str.maketrans({",": ".", ".": ","}))
    assert math.isclose(float(en.replace(",", "").replace("−", "-")), round(x, decimals), abs_tol=10 ** -decimals)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), min_size=1, max_size=20),
       st.sampled_from(["day", "week", "month", "quarter"]), st.sampled_from(["en", "id"]))
def test_period_label_expr_matches_period_label(dates, period, lang):
    labels = pl.DataFrame({"d": dates}).select(period_label_expr(pl.col("d"), period, lang)).to_series().to_list()
    assert labels == [period_label(d, period, lang) for d in dates]
