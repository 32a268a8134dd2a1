"""Data page: uploads replace the sample, bad files say what is wrong and break nothing,
a corrected mapping flows into every page, and pages without their data say what to upload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from apptest_helpers import DATA, chart_data, chart_titled, charts, no_errors, open_app, upload
from cxreport.errors import CXError
from cxreport.io.dataset import load_dataset

SAMPLE_FILES = ["orders.csv", "pesanan_marketplace.csv", "subscriptions.csv", "survey_responses.csv", "tickets.csv",
                "ux_usability_tests.xlsx"]
ORDERS_EN = "**orders_en.csv** — orders (100%) · 5 rows"


def loaded_files(at) -> list[str]:
    """File names of the Data page's dataset expanders ("**name** — kind (confidence) · rows")."""
    return [e.label.split("**")[1] for e in at.main.expander]


def library_error(path: Path) -> CXError:
    with pytest.raises(CXError) as err:
        load_dataset(path.name, path.read_bytes())
    return err.value


def cohort_table(at) -> pl.DataFrame:
    return pl.from_pandas(at.dataframe[-1].value)


def test_uploads_replace_the_sample_and_bad_files_break_nothing(generated_bad_files):
    at = open_app("data")
    no_errors(at)
    assert loaded_files(at) == SAMPLE_FILES
    assert any("sample data" in i.value for i in at.info)

    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    no_errors(at)
    assert [e.label for e in at.main.expander] == [ORDERS_EN]  # the sample is gone; kind and rows shown
    assert not any("sample data" in c.value for c in at.sidebar.caption)
    assert any(b.label == "Use sample data" for b in at.button)
    # The sidebar already follows the new file: its dates and its channels.
    assert at.sidebar.date_input[0].value == (dt.date(2024, 3, 15), dt.date(2024, 4, 5))
    assert at.sidebar.multiselect(key="w_dim_channel").options == ["Email", "Referral", "Social Ads"]

    bad_files = sorted((DATA / "bad").iterdir()) + generated_bad_files
    assert len(bad_files) == 9
    for i, path in enumerate(bad_files, 1):
        mime = "application/octet-stream"
        upload(at, path.name, path.read_bytes(), mime)
        assert not at.exception, (path.name, [e.value for e in at.exception])
        err = library_error(path)
        # One message per failed file, newest last: the file's name, what is wrong, what to do.
        assert len(at.error) == i
        assert at.error[-1].value == f"**{path.name}**: {err.message} {err.hint}"
        assert [e.label for e in at.main.expander] == [ORDERS_EN], path.name  # the good file stays loaded

    # Other pages still work on the good file. By hand: C001 bought twice on 2024-03-15
    # ($1,250.00 + $12.50); C002 only has a refund and C003's order was cancelled, so the
    # 2024-03 cohort is one customer with $1,262.50. "test-user" is a customer id, not a test
    # mark (only a status, tag, note, gateway or flag marks a test): 2024-04 is its cohort, $30.
    at.switch_page("pages/cohorts.py").run()
    assert not at.exception
    table = cohort_table(at)
    assert table.select("period", "customers", "retained", "revenue").rows() == [
        (0, 1, 1, 1262.5), (1, 1, 0, 0.0), (0, 1, 1, 30.0)]
    assert str(table.item(0, "cohort"))[:10] == "2024-03-01"

    # "Use sample data" brings the sample back, and forgets the failed files' messages.
    at.switch_page("pages/data.py").run()
    next(b for b in at.button if b.label == "Use sample data").click().run()
    no_errors(at)
    assert loaded_files(at) == SAMPLE_FILES
    assert any("sample data" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/overview.py").run()
    no_errors(at)
    assert {m.label: m.value for m in at.metric}["Active customers"] == "1,195"  # buyers in Oct 2026


def test_a_corrected_mapping_changes_the_data_and_every_page_follows():
    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    amount = at.selectbox(key="field_orders_en.csv_amount")
    assert amount.value == "Amount"
    amount.set_value("Qty")
    at.form_submit_button[0].click().run()
    no_errors(at)
    assert [e.label for e in at.main.expander] == [ORDERS_EN]
    assert at.selectbox(key="field_orders_en.csv_amount").value == "Qty"
    preview = pl.from_pandas(at.dataframe[-1].value)
    assert preview.get_column("amount").to_list()[:2] == [2, 1]  # the Qty column now, not $1,250.00 and $12.50

    # The cohorts page follows: C001's first-month revenue is now 2 + 1 = 3 "units", test-user's 1.
    at.switch_page("pages/cohorts.py").run()
    no_errors(at)
    assert cohort_table(at).select("period", "customers", "revenue").rows() == [(0, 1, 3.0), (1, 1, 0.0), (0, 1, 1.0)]


def test_a_wrong_kind_can_be_corrected_to_make_the_file_usable():
    """Mapping a file as another kind in the form re-recognises it; the pages then use it."""
    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    at.selectbox(key="kind_orders_en.csv").set_value("surveys")
    at.form_submit_button[0].click().run()
    no_errors(at)
    assert "survey" in at.main.expander[0].label
    # Recognition proposed the survey columns it could find; the scores it could not are named.
    assert at.selectbox(key="field_orders_en.csv_response_date").value == "Order Date"
    assert at.selectbox(key="field_orders_en.csv_csat_score").value == "—"
    # said on the file's card (its header and its top), once
    assert "not used yet: needs" in at.main.expander[0].label and "CSAT" in at.main.expander[0].label
    assert len(at.warning) == 1 and at.warning[0].value.startswith("Still missing:") and "CSAT" in at.warning[0].value
    at.switch_page("pages/cohorts.py").run()
    no_errors(at)
    assert [i.value for i in at.info] == ["This page needs orders data. Upload it on the Data page."]

    # The user names the score column; the file becomes a usable survey export.
    at.switch_page("pages/data.py").run()
    at.selectbox(key="field_orders_en.csv_csat_score").set_value("Qty")
    at.form_submit_button[0].click().run()
    no_errors(at)
    assert not at.warning
    at.switch_page("pages/surveys.py").run()
    no_errors(at)
    csat = chart_data(chart_titled(at, "CSAT (share rating 4–5)"))
    # By hand: Qty as a 1–5 rating; March 2024 rows rate 2 and 1, April 1, 1, 1: nobody rates 4–5.
    assert csat.select("n", "value").rows() == [(2, 0.0), (3, 0.0)]


@pytest.fixture(scope="module")
def survey_only():
    at = open_app("data")
    upload(at, "survey_qualtrics.csv", (DATA / "survey_qualtrics.csv").read_bytes())
    no_errors(at)
    assert "survey" in at.main.expander[0].label
    return at


@pytest.mark.parametrize(("page", "needs"), [
    ("cohorts", "orders"), ("churn", "orders"), ("clv", "orders"), ("service", "support ticket"), ("ux_vs_cx", "UX test"),
])
def test_a_page_without_its_data_says_what_to_upload(survey_only, page, needs):
    at = survey_only.switch_page(f"pages/{page}.py").run()
    no_errors(at)
    assert [i.value for i in at.info] == [f"This page needs {needs} data. Upload it on the Data page."]
    links = at.get("page_link")
    assert [(link.proto.page, link.proto.label) for link in links] == [("data", "Go to the Data page")]
    assert not charts(at)


def test_the_page_with_its_data_works_next_to_them(survey_only):
    at = survey_only.switch_page("pages/surveys.py").run()
    no_errors(at)
    assert not at.info
    assert len(charts(at)) >= 2  # NPS trend and composition at least


def test_a_correction_is_remembered_for_a_file_with_the_same_header():
    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    at.selectbox(key="field_orders_en.csv_amount").set_value("Qty")
    at.form_submit_button[0].click().run()
    no_errors(at)
    # Next month's export: same header, other name and rows. Recognition alone maps Amount;
    # the correction made on the first file is applied instead.
    text = (DATA / "orders_en.csv").read_text(encoding="utf-8")
    upload(at, "orders_en_next_month.csv", text.encode("utf-8"))
    no_errors(at)
    assert at.selectbox(key="field_orders_en_next_month.csv_amount").value == "Qty"


def test_the_number_style_can_be_switched_on_the_data_page():
    import sys

    sys.path.insert(0, str(DATA))
    import make_trust_exports as make

    export = make.shopee_repeated_totals()
    at = open_app("data")
    upload(at, export.name, export.data)
    no_errors(at)
    style = at.radio(key=f"number_style_{export.name}")
    assert style.value == "comma"  # Indonesian export: 344.000 is thousands
    assert any("read as thousands" in c.value for c in at.caption)
    style.set_value("point").run()
    no_errors(at)
    assert at.radio(key=f"number_style_{export.name}").value == "point"
    preview = pl.from_pandas(at.dataframe[-1].value)
    assert preview.get_column("amount").max() < 1000  # 344.000 now read as 344


def test_an_upload_prepares_the_orders_for_the_first_page_in_the_background():
    """Right after a file is read, the table every order metric starts from is made in a
    thread of its own (cxreport.ui.session.prepare_in_background), not by the first page."""
    import time

    from cxreport.fields import Kind, OrderColumns
    from cxreport.metrics import _shared
    from cxreport.metrics._order_days import read_columns

    at = open_app("data")
    upload(at, "orders_en.csv", (DATA / "orders_en.csv").read_bytes())
    no_errors(at)
    orders = at.session_state["workspace"].table(Kind.ORDERS)
    cols = OrderColumns()
    key = ("order_days", (cols,), dt.date.today())  # per_table keys: name, arguments, today
    layout = _shared.layout(orders.select([c for c in orders.columns if c in read_columns(cols)]))
    # ... and each customer's channel, which the Overview's story groups by first.
    channel_key = ("group_codes", (cols, "channel"), dt.date.today())
    channel_layout = _shared.layout(orders.select([c for c in orders.columns if c in read_columns(cols, "channel")]))
    deadline = time.monotonic() + 30
    while _shared._kept(orders, channel_key, channel_layout) is _shared._MISSING and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _shared._kept(orders, key, layout) is not _shared._MISSING
    assert _shared._kept(orders, channel_key, channel_layout) is not _shared._MISSING


@pytest.mark.parametrize("lang", ["en", "id"])
def test_orders_all_dated_after_today_leave_an_overview_that_says_why(lang):
    """Not one row a metric can reach (every order dated 2030): the Overview says so and points
    to the Data page instead of showing a blank page; the pages say there are no orders."""
    from cxreport.i18n import t

    at = open_app("data", query={"lang": lang})
    upload(at, "future.csv", b"order_id,customer_id,order_date,amount\n1,a,2030-01-05,10\n2,b,2030-02-05,12\n")
    no_errors(at)
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any(i.value == t("overview.no_cards", lang) for i in at.info)
    at.switch_page("pages/cohorts.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("error.no_orders", lang)]
