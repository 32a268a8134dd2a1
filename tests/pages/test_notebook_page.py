"""The Notebook page (AppTest): each kind of cell added, run, moved, duplicated and deleted; a
pin from a page that follows the filters (numbers computed by hand on a six-order file);
the notebook file downloaded and uploaded again; a saved report that brings its notebook back."""

from __future__ import annotations

import json

import pytest
from apptest_helpers import DATA, chart_data, charts, metrics, no_errors, open_app, texts, upload

from cxreport import notebook as nbm
from cxreport.fields import Kind

# Six orders of three customers: Jan 100 + 200, Feb 50 + 70, Mar 30 + 20. The last order is
# on 21 March, so the Overview's cards are for February: revenue 50 (Email) + 70 (Referral).
ORDERS_CSV = (DATA / "shop_orders.csv").read_bytes()
BY_CHANNEL = "SELECT channel, count(*) AS orders FROM orders GROUP BY channel ORDER BY channel"


def on_screen(counts: dict) -> dict:
    """A table's cells as shown: a missing value reads "–" (cxreport.ui.widgets.styled)."""
    return {"–" if k is None else k: v for k, v in counts.items()}


def click(at, key: str):
    (button,) = [b for b in at.button if b.key == key]
    return button.click().run()


def cells(at) -> tuple:
    return at.session_state["notebook"].cells


def key(at, what: str, cell_id: str) -> str:
    return f"nb{at.session_state['notebook_generation'] if 'notebook_generation' in at.session_state else 0}_{what}_{cell_id}"


def add_sql(at, sql: str):
    click(at, "nb_add_sql")
    cell_id = cells(at)[-1].id
    at.text_area(key=key(at, "sql", cell_id)).input(sql).run()
    return click(at, key(at, "run", cell_id))


@pytest.fixture(scope="module")
def sample_counts(sample_workspace) -> dict[str, int]:
    orders = sample_workspace.table(Kind.ORDERS)
    return dict(orders.group_by("channel").len().sort("channel").iter_rows())


def test_each_kind_of_cell_is_added_run_moved_duplicated_and_deleted(sample_counts):
    at = open_app("notebook")
    no_errors(at)
    assert "The notebook is empty" in texts(at)

    click(at, "nb_add_note")
    (note,) = cells(at)
    at.text_area(key=key(at, "text", note.id)).input("# Churn story\nSupport slowed <b>down</b> ![x](https://a.invalid/x.png)").run()
    shown = [m.value for m in at.markdown if "Churn story" in m.value]
    assert shown == ["# Churn story\nSupport slowed \\<b>down\\</b> !\\[x](https://a.invalid/x.png)"]  # HTML and image as text

    add_sql(at, BY_CHANNEL)
    no_errors(at)
    (table,) = at.dataframe
    assert dict(zip(table.value["channel"], table.value["orders"])) == on_screen(sample_counts)

    click(at, "nb_add_chart")
    note_id, sql_id, chart_id = (c.id for c in cells(at))
    assert cells(at)[2].source == sql_id and (cells(at)[2].x, cells(at)[2].y) == ("channel", "orders")
    (drawn,) = charts(at)
    assert dict(chart_data(drawn).select("channel", "orders").iter_rows()) == sample_counts

    click(at, key(at, "up", chart_id))
    assert [c.kind for c in cells(at)] == ["note", "chart", "sql"]
    click(at, key(at, "duplicate", note_id))
    assert [c.kind for c in cells(at)] == ["note", "note", "chart", "sql"]
    copy = cells(at)[1]
    assert copy.id != note_id and copy.text == cells(at)[0].text
    click(at, key(at, "delete", copy.id))
    click(at, key(at, "down", note_id))
    assert [c.id for c in cells(at)] == [chart_id, note_id, sql_id]
    no_errors(at)
    assert len(charts(at)) == 1  # the chart still draws, now above its SQL cell


def test_a_bad_query_is_one_plain_line_and_the_other_cells_still_run(sample_counts):
    at = open_app("notebook")
    add_sql(at, "SELECT no_such_column FROM orders")
    add_sql(at, BY_CHANNEL)
    (error,) = at.error
    assert "no_such_column" in error.value and "\n" not in error.value.strip()
    assert dict(zip(at.dataframe[0].value["channel"], at.dataframe[0].value["orders"])) == on_screen(sample_counts)


def _pin(at, chart_key: str):
    return click(at, f"pin_{chart_key}")


def test_a_pin_follows_the_filters_or_keeps_its_own():
    at = open_app("data")
    upload(at, "shop_orders.csv", ORDERS_CSV)
    at.switch_page("pages/overview.py").run()
    assert metrics(at)["Revenue"] == "120"
    _pin(at, "card.revenue")
    at.switch_page("pages/cohorts.py").run()
    page_sizes = chart_data(charts(at)[2])  # heatmap, curves, cohort sizes
    _pin(at, "cohort_sizes")

    at.switch_page("pages/notebook.py").run()
    no_errors(at)
    assert [c.chart for c in cells(at)] == ["card.revenue", "cohort_sizes"]
    assert metrics(at) == {"Revenue": "120"}
    (pinned,) = charts(at)
    assert chart_data(pinned).equals(page_sizes)  # the page's chart, redrawn from the registry

    at.sidebar.multiselect(key="w_dim_channel").set_value(["Email"]).run()
    assert metrics(at) == {"Revenue": "50"}  # February's Email order: 50
    assert "follows the report's filters" in texts(at)
    pin_id = cells(at)[0].id
    at.toggle(key=key(at, "follow", pin_id)).set_value(False).run()
    assert metrics(at) == {"Revenue": "120"}  # pinned with no filter: both February orders
    assert "keeps its own filters: All" in texts(at)


def test_download_then_upload_gives_the_same_cells(sample_counts):
    at = open_app("notebook")
    click(at, "nb_add_note")
    at.text_area(key=key(at, "text", cells(at)[0].id)).input("**Why** NPS fell").run()
    add_sql(at, BY_CHANNEL)
    click(at, "nb_add_chart")
    before = at.session_state["notebook"]
    data = nbm.to_json(before).encode()  # what "Download notebook" serves (AppTest cannot read a download)
    assert json.loads(data)["format"] == "cxreport-notebook"

    other = open_app("notebook")  # another session: an empty notebook
    other.file_uploader[0].set_value(("march.json", data, "application/json")).run()
    no_errors(other)
    assert other.session_state["notebook"] == before
    assert dict(zip(other.dataframe[0].value["channel"], other.dataframe[0].value["orders"])) == on_screen(sample_counts)

    bad = json.loads(data)
    bad["version"] = 2
    other.file_uploader[0].set_value(("too_new.json", json.dumps(bad).encode(), "application/json")).run()
    assert any("newer cxreport" in e.value for e in other.error)
    assert other.session_state["notebook"] == before  # a bad file never loses the notebook


def test_a_saved_report_restores_its_notebook():
    at = open_app("data")
    upload(at, "shop_orders.csv", ORDERS_CSV)
    at.switch_page("pages/notebook.py").run()
    click(at, "nb_add_note")
    at.text_area(key=key(at, "text", cells(at)[0].id)).input("Kept with the report").run()
    add_sql(at, "SELECT sum(amount) AS revenue FROM orders")
    next(b for b in at.sidebar.button if b.key == "share_save").click().run()
    next(b for b in at.sidebar.button if b.key == "share_links").click().run()
    urls = {t.key: t.value for t in at.sidebar.text_input if t.key.startswith("share_url_")}

    viewer = open_app("notebook", {"r": urls["share_url_viewer"].split("r=", 1)[1]})
    no_errors(viewer)
    assert [c.kind for c in cells(viewer)] == ["note", "sql"]
    assert any(m.value == "Kept with the report" for m in viewer.markdown)
    assert viewer.dataframe[0].value["revenue"].to_list() == [470.0]  # 100 + 50 + 200 + 30 + 70 + 20
    assert not [b for b in viewer.button if b.key and b.key.startswith(("nb_add", "nb0_", "nb1_"))]  # read-only
    assert not viewer.text_area


def test_present_mode_ends_with_the_notebook(sample_counts):
    at = open_app("notebook")
    click(at, "nb_add_note")
    at.text_area(key=key(at, "text", cells(at)[0].id)).input("# What we learnt\nSocial Ads churn faster.").run()
    add_sql(at, BY_CHANNEL)
    at.query_params.update({"present": "1", "slide": "99"})  # past the end: the last slide
    at.run()
    no_errors(at)
    assert [h.value for h in at.header] == ["Notebook"]
    (table,) = at.dataframe  # the SQL cell's result is the last slide
    assert dict(zip(table.value["channel"], table.value["orders"])) == on_screen(sample_counts)
    click(at, "slide_previous")
    assert [m.value for m in at.markdown if "What we learnt" in m.value] == ["# What we learnt\nSocial Ads churn faster."]
