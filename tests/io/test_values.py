"""Value parsing on the styles real exports write (tests/data/value_styles.csv) and invariants."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.io import values as v
from cxreport.io.read import read_table


def styles(data_dir) -> pl.DataFrame:
    return read_table("value_styles.csv", (data_dir / "value_styles.csv").read_bytes()).frame


def test_dates_in_every_style(data_dir):
    raw = styles(data_dir)
    # +0700 and -0500 are dropped: the wall time as written is kept.
    assert v.parse_dates(raw["offset_time"]).values.to_list() == [dt.datetime(2024, 3, 5, 14, 22, 11), dt.datetime(2024, 12, 31, 23, 59, 59), None]
    assert v.parse_dates(raw["utc_time"]).values.to_list()[:2] == [dt.datetime(2024, 3, 5, 14, 22, 11), dt.datetime(2024, 12, 31)]
    assert v.parse_dates(raw["named_en"]).values.to_list() == [dt.datetime(2024, 3, 5), dt.datetime(2024, 8, 17), dt.datetime(2024, 12, 1)]
    # "05 Maret 2024", "17 Agu 2024", "1 Desember 2024"
    assert v.parse_dates(raw["named_id"]).values.to_list() == [dt.datetime(2024, 3, 5), dt.datetime(2024, 8, 17), dt.datetime(2024, 12, 1)]
    assert v.parse_dates(raw["compact"]).values.to_list() == [dt.datetime(2024, 3, 5), dt.datetime(2024, 12, 31), None]
    assert v.parse_dates(raw["offset_time"]).values.dtype == pl.Datetime("us")


def test_money_in_every_style(data_dir):
    raw = styles(data_dir)
    usd = v.parse_numbers(raw["money_usd"])
    assert usd.values.to_list() == [1250.0, 3.0, None] and usd.currency == "USD"
    eu = v.parse_numbers(raw["money_eu"])  # "1.250.000,50" and "12,50": the comma is the decimal mark
    assert eu.values.to_list() == [1250000.5, 12.5, None] and eu.decimal_comma
    rp = v.parse_numbers(raw["money_idr_dots"])  # "Rp 1.250.000", "Rp 5.000"
    assert rp.values.to_list() == [1250000.0, 5000.0, None] and rp.currency == "IDR"
    idr = v.parse_numbers(raw["money_idr_commas"])  # "IDR 1,250,000", "IDR 500"
    assert idr.values.to_list() == [1250000.0, 500.0, None] and idr.currency == "IDR" and not idr.decimal_comma
    assert v.parse_numbers(raw["negative"]).values.to_list() == [-12.0, -12.0, -12.0]  # (12.00), -12, 12-
    assert v.parse_numbers(raw["percent"]).values.to_list() == [12.0, 7.5, None]


def test_lone_thousands_group_follows_the_currency():
    # "Rp 125.000" is 125 thousand rupiah; "$125.000" has no other evidence and reads as 125.0.
    assert v.parse_numbers(pl.Series(["Rp 125.000"])).values.to_list() == [125000.0]
    assert v.parse_numbers(pl.Series(["$125.000"])).values.to_list() == [125.0]


def test_booleans(data_dir):
    assert v.parse_booleans(styles(data_dir)["flag"]).to_list() == [True, False, True]
    words = pl.Series(["Ya", "tidak", "FAIL", "Completed", "berhasil", "gagal", "1", "0", "maybe", None])
    assert v.parse_booleans(words).to_list() == [True, False, False, True, True, False, True, False, None, None]


def test_dayfirst_decided_by_the_column():
    assert v.decide_dayfirst(pl.Series(["05/03/2024", "13/03/2024"])) == (True, False)  # 13 can only be a day
    assert v.decide_dayfirst(pl.Series(["03/05/2024", "03/13/2024"])) == (False, False)
    assert v.decide_dayfirst(pl.Series(["05/03/2024"]), prefer_dayfirst=True) == (True, True)  # assumed
    assert v.decide_dayfirst(pl.Series(["05/03/2024"])) == (False, True)
    assert v.decide_dayfirst(pl.Series(["2024-03-05"])) == (None, False)
    parsed = v.parse_dates(pl.Series(["05/03/2024", "31/31/2024", "05/03/24 2:05 PM"]), prefer_dayfirst=True)
    assert parsed.values.to_list() == [dt.datetime(2024, 3, 5), None, dt.datetime(2024, 3, 5, 14, 5)]


def test_excel_serial_days_only_when_plausible():
    # 45356 days after 1899-12-30 is 2024-03-05; .5 is noon.
    assert v.parse_dates(pl.Series(["45356", "45356.5"])).values.to_list() == [dt.datetime(2024, 3, 5), dt.datetime(2024, 3, 5, 12)]
    assert v.parse_dates(pl.Series(["10001", "10002"])).values.to_list() == [None, None]  # ticket ids, not 1927


def test_integers_reject_fractions():
    assert v.parse_integers(pl.Series(["3", "2.5", "1,000", None])).to_list() == [3, None, 1000, None]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1, max_size=20))
def test_rupiah_and_dollar_formats_round_trip(cents):
    amounts = [c / 100 for c in cents]
    dollars = [f"${a:,.2f}" if a >= 0 else f"(${-a:,.2f})" for a in amounts]
    # Indonesian style: dots group thousands, comma before the cents.
    rupiah = [("-" if a < 0 else "") + "Rp " + f"{abs(a):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") for a in amounts]
    assert v.parse_numbers(pl.Series(dollars)).values.to_list() == amounts
    assert v.parse_numbers(pl.Series(rupiah)).values.to_list() == amounts


@settings(max_examples=60, deadline=None)
@given(st.lists(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2080, 12, 31)).map(lambda d: d.replace(microsecond=0)), min_size=1, max_size=20))
def test_written_dates_read_back(stamps):
    day_first = [f"{d:%d/%m/%Y %H:%M:%S}" for d in stamps]
    iso_offset = [f"{d:%Y-%m-%d %H:%M:%S} +0700" for d in stamps]
    assert v.parse_dates(pl.Series(day_first), dayfirst=True).values.to_list() == stamps
    assert v.parse_dates(pl.Series(iso_offset)).values.to_list() == stamps
