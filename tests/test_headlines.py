"""Overview headlines: which period they are for, hand-checked on tiny tables."""

import datetime as dt

import polars as pl

from cxreport.fields import Kind
from cxreport.headlines import card, headlines, latest_complete_period


def _orders(days: list[dt.datetime]) -> pl.DataFrame:
    return pl.DataFrame({"customer_id": [f"c{i % 3}" for i in range(len(days))], "order_id": [str(i) for i in range(len(days))],
                         "order_date": days, "amount": [10.0] * len(days)})


def test_latest_complete_period_ends_on_the_data():
    assert latest_complete_period(dt.date(2025, 10, 31), "month") == dt.date(2025, 10, 1)
    assert latest_complete_period(dt.date(2025, 10, 17), "month") == dt.date(2025, 9, 1)


def test_a_first_export_of_a_few_days_gets_cards_for_that_period_flagged_partial():
    # 3 to 6 March only: no complete month, so the cards are for March so far (3 customers, 40).
    orders = _orders([dt.datetime(2024, 3, d) for d in (3, 4, 5, 6)])
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["customers"].value == 3 and found["revenue"].value == 40.0
    assert found["customers"].period == dt.date(2024, 3, 1) and found["customers"].partial
    assert "so far" in card(found["revenue"]).help


def test_with_a_complete_month_the_unfinished_one_is_left_out():
    # Feb 10, Feb 20 and Mar 3: February is complete (2 orders, 20), March is not.
    orders = _orders([dt.datetime(2024, 2, 10), dt.datetime(2024, 2, 20), dt.datetime(2024, 3, 3)])
    found = {h.key: h for h in headlines({Kind.ORDERS: orders})}
    assert found["revenue"].value == 20.0 and found["revenue"].period == dt.date(2024, 2, 1)
    assert not found["revenue"].partial
