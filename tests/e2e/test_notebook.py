"""The Notebook page in chromium on the real server: a note, a SQL cell run to a table, a chart
of its result drawn, and a chart pinned from the Cohorts page shown in the notebook."""

from __future__ import annotations

import pytest

from cxreport.i18n import t

QUERY = "SELECT channel, count(*) AS orders FROM orders GROUP BY channel ORDER BY channel"


def _button(app, key: str):
    return app.page.locator('[data-testid="stMain"]').get_by_role("button", name=t(key, "en"), exact=True)


@pytest.mark.e2e
def test_note_sql_chart_and_pin(app, sample_channels):
    app.open("/notebook")
    main = app.page.locator('[data-testid="stMain"]')

    _button(app, "notebook.add.note").click()
    app.wait()
    note = main.get_by_role("textbox", name=t("notebook.note_label", "en"))
    note.fill("# The story of March\nSupport slowed down.")
    note.press("Control+Enter")
    app.wait()
    assert main.get_by_role("heading", name="The story of March").is_visible()

    _button(app, "notebook.add.sql").click()
    app.wait()
    sql = main.get_by_role("textbox", name=t("notebook.sql_label", "en"))
    sql.fill(QUERY)
    sql.press("Control+Enter")
    app.wait()
    _button(app, "notebook.run").click()
    app.wait()
    assert app.errors() == []
    assert main.locator('[data-testid="stDataFrame"]').count() == 1
    assert main.get_by_text(f"{len(sample_channels)} rows in").is_visible()  # one row per channel

    _button(app, "notebook.add.chart").click()
    app.wait()
    drawn = app.charts()
    assert len(drawn) == 1 and drawn[0]["width"] > 100 and drawn[0]["height"] > 100

    app.go_to(t("page.cohorts", "en"))
    _button(app, "notebook.pin").first.click()  # under the retention heatmap
    app.wait()
    app.go_to(t("page.notebook", "en"))
    assert main.get_by_text(f'📌 {t("notebook.pin_from", "en", page=t("page.cohorts", "en"))}').is_visible()
    drawn = app.charts()
    assert len(drawn) == 2 and all(c["width"] > 100 for c in drawn)  # the SQL chart and the pinned heatmap
    assert app.errors() == []
    app.screenshot("notebook")


@pytest.fixture(scope="module")
def sample_channels() -> list[str]:
    from cxreport.fields import Kind
    from cxreport.sample import load_sample
    from cxreport.workspace import Workspace

    ws = Workspace()
    for ds in load_sample():
        ws.add(ds)
    return ws.table(Kind.ORDERS).get_column("channel").unique().to_list()
