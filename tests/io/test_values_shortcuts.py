"""The shortcuts for plain columns (ISO dates, undecorated numbers) give what the general parsers give.

Each test parses the same column twice: as shipped, and with the shortcut switched off
(`values._all_match` answering no), so every value goes through the general path. The
columns mix plain values with nulls and impossible dates (2024-02-30, hour 25), which
the general path must still reject.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.io import values as v

plain_dates = st.builds(
    lambda y, m, d, time: f"{y:04d}-{m:02d}-{d:02d}" + (f" {time[0]:02d}:{time[1]:02d}:{time[2]:02d}" if time else ""),
    st.integers(1900, 2100), st.integers(1, 13), st.integers(1, 31),
    st.none() | st.tuples(st.integers(0, 25), st.integers(0, 59), st.integers(0, 60)),
)
plain_numbers = st.builds(
    lambda whole, decimals: whole + (f".{decimals}" if decimals is not None else ""),
    st.from_regex(r"\A[0-9]{1,12}\Z"), st.none() | st.from_regex(r"\A[0-9]{1,2}\Z"),
)


def _general(parse, values: pl.Series, **options):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(v, "_all_match", lambda *_: False)
        return parse(values, **options)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.none() | plain_dates, min_size=1, max_size=40))
def test_plain_iso_dates_parse_as_the_general_parser_does(values):
    column = pl.Series("d", values, dtype=pl.String)
    fast, general = v.parse_dates(column), _general(v.parse_dates, column)
    assert fast.values.to_list() == general.values.to_list()
    assert (fast.dayfirst, fast.dayfirst_assumed) == (general.dayfirst, general.dayfirst_assumed)
    assert v.decide_dayfirst(column) == _general(v.decide_dayfirst, column)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.none() | plain_numbers, min_size=1, max_size=40), st.sampled_from([None, False]), st.booleans())
def test_plain_numbers_parse_as_the_general_parser_does(values, decimal_comma, thousands_dot):
    column = pl.Series("n", values, dtype=pl.String)
    options = {"decimal_comma": decimal_comma, "prefer_thousands_dot": thousands_dot}
    fast, general = v.parse_numbers(column, **options), _general(v.parse_numbers, column, **options)
    assert fast.values.to_list() == general.values.to_list()
    assert (fast.currency, fast.decimal_comma, fast.assumed) == (general.currency, general.decimal_comma, general.assumed)


@pytest.mark.parametrize("values", [
    ["2024-03-05", "2024-02-30", None, "2024-12-31 23:59:59", "2024-12-31 25:00:00"],
    ["2024-03-05 14:22:11", "1999-01-01 00:00:00"],
])
def test_impossible_plain_dates_stay_empty(values):
    parsed = v.parse_dates(pl.Series("d", values)).values.to_list()
    assert [p is None for p in parsed] == [x is None or x in ("2024-02-30", "2024-12-31 25:00:00") for x in values]


def test_a_column_that_is_not_all_plain_takes_the_general_path():
    # "344.000" (three decimals) is not plain: in an Indonesian export it is thousands.
    parsed = v.parse_numbers(pl.Series("n", ["344.000", "12"]), prefer_thousands_dot=True)
    assert parsed.values.to_list() == [344000.0, 12.0] and parsed.decimal_comma
    assert v.parse_numbers(pl.Series("n", ["12.5", "7"]), decimal_comma=True).values.to_list() == [125.0, 7.0]


date_like = st.sampled_from([
    "2024-03-05", "2024-3-5 14:22", "2024-03-05T14:22:11Z", "2024-03-05 14:22:11 +0700", "05/03/2024",
    "5-3-24 2:22 PM", "20240305", "5 Mar 2024", "05 Maret 2024", "March 5, 2024", "OKT 3 2024", "3 okt. 2024",
    "45356", "45356.5", "12345", "C0042", "Social Ads", "Email", "x", "", "  7 Mar 2024", "Q1-2024", "(2024-03-05)",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | date_like, min_size=1, max_size=12), st.sampled_from([None, True, False]))
def test_values_that_cannot_start_a_date_skip_the_general_parser_and_change_nothing(values, dayfirst):
    column = pl.Series("d", values, dtype=pl.String)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(v, "_DATE_START", "")  # every value goes through the general parser
        general = v.parse_dates(column, dayfirst=dayfirst)
    assert v.parse_dates(column, dayfirst=dayfirst).values.to_list() == general.values.to_list()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.none() | date_like | plain_dates, min_size=1, max_size=12), st.sampled_from([None, True, False]),
       st.booleans(), st.integers(0, 2**32 - 1))
def test_a_long_column_parses_its_distinct_values_once_and_changes_nothing(pool, dayfirst, prefer_dayfirst, seed):
    """A column of thousands of rows repeating a few texts (an export's order dates) is
    parsed by its distinct values, then looked up: each row as when every row is parsed,
    and the same day/month decision."""
    rows = [pool[i] for i in np.random.default_rng(seed).integers(0, len(pool), v._DISTINCT_FIRST + 7)]
    column = pl.Series("d", rows, dtype=pl.String)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(v, "_DISTINCT_FIRST", 10**9)  # every row parsed
        every_row = v.parse_dates(column, dayfirst=dayfirst, prefer_dayfirst=prefer_dayfirst)
        decided_on_every_row = v.decide_dayfirst(column, prefer_dayfirst=prefer_dayfirst)
    assert v.decide_dayfirst(column, prefer_dayfirst=prefer_dayfirst) == decided_on_every_row
    once = v.parse_dates(column, dayfirst=dayfirst, prefer_dayfirst=prefer_dayfirst)
    assert once.values.name == "d"
    assert once.values.to_list() == every_row.values.to_list()
    assert (once.dayfirst, once.dayfirst_assumed) == (every_row.dayfirst, every_row.dayfirst_assumed)
