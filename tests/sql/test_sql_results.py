"""The sandbox's numbers: a control query against an independent computation, the views
against what they are views of, and the filters applied (or not) as asked."""

from __future__ import annotations

import datetime as dt
import threading
import time

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cxreport.fields import Kind
from cxreport.filters import Filters, restrict_periods
from cxreport.metrics import retention, surveys
from cxreport.sql import SqlFailed, SqlLimits, SqlTimeout, run_sql, sql_views
from conftest import ORDERS, SURVEYS

PER_CHANNEL = ("SELECT channel, count(*) AS orders, sum(amount) AS revenue FROM orders "
               "GROUP BY channel ORDER BY channel")


def test_revenue_and_orders_per_channel_match_duckdb_on_the_raw_file(tiny):
    result = run_sql(tiny, PER_CHANNEL)
    # the same question asked of the CSV itself, by DuckDB in this process: no loader involved
    raw = duckdb.sql(f"SELECT channel, count(*) AS orders, sum(amount) AS revenue FROM read_csv('{ORDERS}') "
                     "GROUP BY channel ORDER BY channel").fetchall()
    assert result.frame.rows() == raw == [("Email", 6, 195.0), ("Social Ads", 2, 90.0)]  # by hand: 10+60+20+5+70+30
    assert not result.truncated and result.limits == SqlLimits() and result.seconds > 0


def test_a_file_view_is_its_file(tiny):
    frame = run_sql(tiny, "SELECT * FROM file_nps_tiny").frame
    assert_frame_equal(frame, tiny.datasets["nps_tiny.csv"].table)


def test_a_kind_view_is_the_workspace_table(tiny):
    assert_frame_equal(run_sql(tiny, "FROM orders").frame, tiny.orders)


def test_nps_by_period_is_the_library_result(tiny):
    frame = run_sql(tiny, "SELECT * FROM nps_by_period ORDER BY period").frame
    assert_frame_equal(frame, surveys.nps_by_period(tiny.surveys, period="month"))
    assert frame.select("n", "nps").rows() == [(6, pytest.approx(83.333333)), (4, -75.0)]


def test_retention_under_filters_is_the_cohorts_pages(tiny):
    f = Filters(date_from=dt.date(2025, 2, 1), dims={"channel": ("Email",)})
    expected = restrict_periods(retention.cohort_retention(tiny.filtered(Kind.ORDERS, f), period="month"), "cohort", f, "month")
    frame = run_sql(tiny, "SELECT * FROM retention ORDER BY cohort, period", filters=f).frame
    assert_frame_equal(frame, expected)
    assert frame["cohort"].min() == dt.date(2025, 2, 1)  # cohorts before the range are not shown


def test_filters_apply_to_the_views_when_asked(tiny):
    count = "SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM surveys) AS answers, " \
            "(SELECT count(*) FROM file_orders_tiny) AS file_rows"
    assert run_sql(tiny, count).frame.rows() == [(8, 10, 8)]
    email = Filters(dims={"channel": ("Email",)})
    assert run_sql(tiny, count, filters=email).frame.rows() == [(6, 5, 6)]
    february = Filters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28))
    assert run_sql(tiny, count, filters=february).frame.rows() == [(3, 4, 3)]
    assert run_sql(tiny, count, filters=None).frame.rows() == [(8, 10, 8)]


def test_a_result_view_without_its_data_is_absent_and_others_still_work(tiny):
    with pytest.raises(SqlFailed, match="mrr_movements does not exist"):
        run_sql(tiny, "SELECT * FROM mrr_movements")  # no subscriptions loaded
    # three customers are too few to fit the CLV model: no view, and the query on orders still runs
    with pytest.raises(SqlFailed, match="clv_customers does not exist"):
        run_sql(tiny, "SELECT * FROM clv_customers")
    assert run_sql(tiny, "SELECT count(*) FROM orders -- and clv_customers").frame.item() == 8


def test_ticket_views(tiny):
    volume = run_sql(tiny, "SELECT period, tickets FROM ticket_volume ORDER BY period").frame
    assert volume.rows() == [(dt.date(2025, 1, 1), 2), (dt.date(2025, 2, 1), 2)]
    times = run_sql(tiny, "SELECT first_response_hours_median FROM response_times ORDER BY period").frame
    assert times.to_series().to_list() == [1.5, 6.5]  # Jan: 1 h and 2 h; Feb: 3 h and 10 h


def test_read_only_statements_of_every_form_run(tiny):
    forms = {
        "WITH e AS (SELECT * FROM orders WHERE channel = 'Email') SELECT count(*) FROM e": [(6,)],
        "FROM orders SELECT count(*)": [(8,)],
        "VALUES (1, 'a'), (2, 'b')": [(1, "a"), (2, "b")],
        "SELECT channel, sum(amount) FROM (PIVOT orders ON channel USING sum(amount) GROUP BY customer_id) "
        "UNPIVOT (amount FOR channel IN (\"Email\", \"Social Ads\")) GROUP BY channel ORDER BY 1": [
            ("Email", 195.0), ("Social Ads", 90.0)],
    }
    for sql, rows in forms.items():
        assert run_sql(tiny, sql).frame.rows() == rows, sql
    assert run_sql(tiny, "PIVOT orders ON channel USING count(*) GROUP BY customer_id ORDER BY customer_id").frame.rows() == [
        ("A", 3, 0), ("B", 0, 2), ("C", 3, 0)]
    assert ("amount", "DOUBLE") in run_sql(tiny, "DESCRIBE orders").frame.select("column_name", "column_type").rows()
    assert run_sql(tiny, "SUMMARIZE orders").frame.height == len(tiny.orders.columns)
    assert run_sql(tiny, "SELECT 1;  -- done").frame.rows() == [(1,)]


def test_sql_views_lists_columns_and_types(tiny):
    views = sql_views(tiny)
    assert list(views)[:6] == ["orders", "surveys", "tickets", "file_orders_tiny", "file_nps_tiny", "file_tickets_tiny"]
    assert {"retention", "churn_by_period", "nps_by_period", "csat_by_period", "response_times", "ticket_volume"} <= set(views)
    assert "clv_customers" not in views and "mrr_movements" not in views
    assert ("amount", "DOUBLE") in views["orders"] and ("order_date", "TIMESTAMP") in views["orders"]
    assert views["retention"][:2] == [("cohort", "DATE"), ("period", "BIGINT")]
    # what the worker shows for the same view
    described = run_sql(tiny, "DESCRIBE nps_by_period").frame.select("column_name", "column_type").rows()
    assert described == views["nps_by_period"]


def test_a_long_query_does_not_hold_up_another_session(tiny):
    """One session's query waits on its own worker: another session's query runs meanwhile."""
    outcome: dict[str, object] = {}

    def slow() -> None:
        try:
            run_sql(tiny, "SELECT count(*) FROM range(100000000) a, range(100000000) b", limits=SqlLimits(timeout_s=4))
        except SqlTimeout as err:
            outcome["slow"] = (err, time.monotonic())

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    assert run_sql(tiny, "SELECT count(*) FROM orders").frame.item() == 8
    quick_done = time.monotonic()
    thread.join(30)
    assert isinstance(outcome["slow"][0], SqlTimeout)  # type: ignore[index]
    assert quick_done < outcome["slow"][1]  # type: ignore[index]
