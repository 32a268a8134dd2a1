"""Corrections made by hand on the Data page (SERVQUAL tags, journey stages) are saved with
every version of a report and put back on the workspace it opens; a report saved before
they were stored still opens, with none."""

from __future__ import annotations

import json

import duckdb
import polars as pl

from cxreport.io.dataset import load_dataset
from cxreport.metrics import journey, servqual
from cxreport.store import ReportStore, apply_corrections, corrections_of
from cxreport.workspace import Workspace

SURVEY = (b"response_date,customer_id,touchpoint,csat_score,Staff rating\n"
          b"2025-01-03,c1,Kiosk,5,6\n2025-01-04,c2,Kiosk,2,4\n2025-01-05,c3,Checkout,4,7\n"
          b"2025-01-06,c4,Checkout,5,5\n2025-01-07,c5,Browse,3,3\n")


def _workspace() -> Workspace:
    ws = Workspace()
    ws.add(load_dataset("survey.csv", SURVEY))
    return ws


def test_tags_and_stages_come_back_after_a_restart(tmp_path):
    ws = _workspace()
    ws.set_servqual_tags({"src_staff_rating": ("empathy", "perception")})
    ws.set_journey_stages({"Kiosk": "get_help", "Checkout": "discover"})
    first = ReportStore(tmp_path / "data")
    saved = first.save(list(ws.datasets.values()), corrections=corrections_of(ws))
    first.save(list(ws.datasets.values()), report_id=saved.report_id, autosave=True, corrections=corrections_of(ws))

    again = ReportStore(tmp_path / "data")  # a restart: a new process opens the same directory
    for loaded in (again.load(saved.report_id), again.load(saved.report_id, include_autosave=True)):
        assert loaded.corrections == {"servqual_tags": {"src_staff_rating": ("empathy", "perception")},
                                      "journey_stages": {"Kiosk": "get_help", "Checkout": "discover"}}
        opened = Workspace()
        for ds in loaded.datasets:
            opened.add(ds)
        apply_corrections(opened, loaded.corrections)
        assert opened.journey_stages() == {"Kiosk": "get_help", "Checkout": "discover"}
        # the numbers follow: the tagged column is the empathy dimension, mean (6+4+7+5+3)/5
        dims = servqual.servqual(opened.surveys, opened.servqual_items())
        assert dims.get_column("dimension").to_list() == ["empathy"]
        assert dims.get_column("perception").item() == 5.0
        stages = dict(journey.journey(surveys=opened.surveys, stages=opened.journey_stages())
                      .select("touchpoint", "stage").iter_rows())
        assert stages == {"Kiosk": "get_help", "Checkout": "discover", "Browse": "discover"}


def test_a_tag_set_back_to_no_item_is_saved_too(tmp_path):
    ws = _workspace()
    ws.set_servqual_tags({"src_staff_rating": None})
    store = ReportStore(tmp_path / "data")
    loaded = store.load(store.save(list(ws.datasets.values()), corrections=corrections_of(ws)).report_id)
    assert loaded.corrections == {"servqual_tags": {"src_staff_rating": None}}
    opened = Workspace()
    apply_corrections(opened, loaded.corrections)
    assert opened.servqual_tags == {"src_staff_rating": None}


def test_a_report_saved_before_corrections_were_stored_still_opens(tmp_path):
    root = tmp_path / "data"
    store = ReportStore(root)
    saved = store.save(list(_workspace().datasets.values()), view={"page": "overview"})
    store.close()
    # Rewrite the store as the schema before corrections: the versions table without the column.
    con = duckdb.connect(str(root / "store.duckdb"))
    con.execute("CREATE TABLE old AS SELECT * EXCLUDE (corrections) FROM versions")
    con.execute("DROP TABLE versions")
    con.execute("ALTER TABLE old RENAME TO versions")
    assert "corrections" not in [r[0] for r in con.execute("DESCRIBE versions").fetchall()]
    con.close()

    reopened = ReportStore(root)
    loaded = reopened.load(saved.report_id)
    assert loaded.corrections == {} and loaded.view == {"page": "overview"}
    ws = Workspace()
    for ds in loaded.datasets:
        ws.add(ds)
    apply_corrections(ws, loaded.corrections)
    assert ws.journey_stages() == {} and ws.servqual_tags == {}
    assert isinstance(ws.surveys, pl.DataFrame)
    # and a new version of it carries corrections from then on
    again = reopened.save(loaded.datasets, report_id=saved.report_id, corrections={"journey_stages": {"Kiosk": "buy"}})
    assert reopened.load(saved.report_id, again.version).corrections == {"journey_stages": {"Kiosk": "buy"}}
    assert json.loads(json.dumps(again.corrections)) == {"journey_stages": {"Kiosk": "buy"}}
