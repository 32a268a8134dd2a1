"""The one set of filters: date range inclusive, dimensions by value, local dimensions left alone."""

import datetime as dt

import polars as pl

from cxreport.fields import Kind
from cxreport.filters import Filters, apply_filters, dimension_values


def _orders() -> pl.DataFrame:
    return pl.DataFrame({
        "order_date": [dt.datetime(2025, 1, 1, 9), dt.datetime(2025, 1, 31, 23, 59), dt.datetime(2025, 2, 1)],
        "channel": ["Email", "Social Ads", "Email"],
        "segment": ["Office", "Consumer", None],
    })


def test_date_range_is_inclusive_of_both_days():
    # 1 Jan 09:00 and 31 Jan 23:59 are inside [1 Jan, 31 Jan]; 1 Feb is not.
    out = apply_filters(_orders(), Kind.ORDERS, Filters(dt.date(2025, 1, 1), dt.date(2025, 1, 31)))
    assert out.height == 2


def test_dimension_values_are_ored_within_and_anded_across():
    f = Filters(dims={"channel": ("Email", "Social Ads"), "segment": ("Office",)})
    out = apply_filters(_orders(), Kind.ORDERS, f)
    assert out.get_column("order_date").to_list() == [dt.datetime(2025, 1, 1, 9)]


def test_a_dimension_the_table_lacks_does_not_empty_it():
    out = apply_filters(_orders(), Kind.ORDERS, Filters(dims={"plan": ("Pro",)}))
    assert out.height == 3


def test_ticket_contact_channel_is_not_the_sales_channel_filter():
    tickets = pl.DataFrame({"created_at": [dt.datetime(2025, 1, 2)] * 2, "channel": ["email", "chat"]})
    out = apply_filters(tickets, Kind.TICKETS, Filters(dims={"channel": ("Email",)}))
    assert out.height == 2  # not filtered: "email" support contact is not the "Email" acquisition channel
    assert dimension_values(tickets, Kind.TICKETS) == {}
    assert dimension_values(_orders(), Kind.ORDERS) == {"channel": ["Email", "Social Ads"], "segment": ["Consumer", "Office"]}


def test_spellings_that_differ_in_case_or_spaces_become_the_most_common():
    from cxreport.workspace import unify_spellings

    frame = pl.DataFrame({"region": ["Bali", "Bali", "BALI", " bali ", "Jawa Barat", None], "amount": [1, 2, 3, 4, 5, 6]})
    out = unify_spellings(frame)
    # "Bali" is written twice, "BALI" and " bali " once each: all four become "Bali"; order and other columns kept.
    assert out.get_column("region").to_list() == ["Bali", "Bali", "Bali", "Bali", "Jawa Barat", None]
    assert out.get_column("amount").to_list() == [1, 2, 3, 4, 5, 6]


def test_the_workspace_filters_once_per_filter_set_and_forgets_on_new_files():
    from types import SimpleNamespace

    from cxreport.workspace import Workspace

    ws = Workspace()
    ws.add(SimpleNamespace(name="o.csv", kind=Kind.ORDERS, ready=True, table=_orders(), currency=None))
    email = Filters(dims={"channel": ("Email",)})
    first = ws.filtered(Kind.ORDERS, email)
    assert first.height == 2
    assert ws.filtered(Kind.ORDERS, email) is first  # a rerun with the same filters: no new copy
    assert ws.filtered(Kind.ORDERS, Filters(dims={"channel": ("Social Ads",)})).height == 1
    ws.add(SimpleNamespace(name="p.csv", kind=Kind.ORDERS, ready=True, table=_orders(), currency=None))
    assert ws.filtered(Kind.ORDERS, email).height == 4  # new file: filtered again over both


def test_a_date_range_keeps_the_past_a_customer_metric_needs():
    import datetime as dt

    from cxreport.filters import Filters, customers_in_window, history, restrict_periods

    t = pl.DataFrame({
        "customer_id": ["old", "old", "new", "gone"],
        "order_date": [dt.datetime(2025, 11, 3), dt.datetime(2026, 1, 9), dt.datetime(2026, 1, 20), dt.datetime(2025, 6, 1)],
        "channel": ["Email", "Email", "Email", "Email"],
    })
    january = Filters(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert history(t, "orders", january).height == 4  # nothing after the range's end to drop
    assert history(t, "surveys", january).height == 4  # surveys have no date column here: untouched
    assert sorted(customers_in_window(t, "orders", january)["customer_id"].unique()) == ["new", "old"]
    assert customers_in_window(t, "orders", january).height == 3  # old keeps its November order
    assert customers_in_window(t, "orders", january, acquired=True)["customer_id"].to_list() == ["new"]
    periods = pl.DataFrame({"period": ["2025-12-01", "2026-01-01"], "x": [1, 2]})
    assert restrict_periods(periods, "period", january, "month")["x"].to_list() == [2]
