"""The notebook model and its file: edits, the JSON round trip, and strict reading of bad files."""

from __future__ import annotations

import json

import pytest

from cxreport import notebook as nbm
from cxreport import pins
from cxreport.errors import CXError
from cxreport.i18n import LANGS, t
from cxreport.notebook import ChartCell, Notebook, NoteCell, PinCell, SqlCell

PINNABLE = frozenset(pins.PINNABLE)


def full() -> Notebook:
    return Notebook((
        NoteCell("n1", "# March\n\n- NPS fell\n`a < b`"),
        SqlCell("q1", "SELECT channel, count(*) AS n\nFROM orders GROUP BY channel", use_filters=False),
        ChartCell("c1", source="q1", mark="line", x="channel", y="n", color="", aggregate="median"),
        PinCell("p1", page="churn", chart="churn_over_time", view={"period": "quarter", "channel": ["Email", "A, B"]},
                follow_filters=False),
        PinCell("p2", page="overview", chart="card.nps"),
    ), title="Monthly CX")


def raw(nb: Notebook | None = None) -> dict:
    return json.loads(nbm.to_json(nb or full()))


def code_of(doc) -> str:
    with pytest.raises(CXError) as caught:
        nbm.parse(json.dumps(doc) if not isinstance(doc, (str, bytes)) else doc, pinnable=PINNABLE)
    return caught.value.code


def test_the_file_round_trips_every_kind_of_cell():
    nb = full()
    text = nbm.to_json(nb)
    assert nbm.parse(text, pinnable=PINNABLE) == nb
    doc = json.loads(text)
    assert (doc["format"], doc["version"], doc["title"]) == ("cxreport-notebook", 1, "Monthly CX")
    assert doc["cells"][1] == {"kind": "sql", "id": "q1", "sql": nb.cells[1].sql, "use_filters": False}
    assert doc["cells"][3]["view"] == {"period": "quarter", "channel": ["Email", "A, B"]}


def test_edits_return_a_new_notebook():
    nb = full()
    assert [c.id for c in nb.move("q1", -1).cells] == ["q1", "n1", "c1", "p1", "p2"]
    assert [c.id for c in nb.move("n1", -1).cells] == [c.id for c in nb.cells]  # stops at the top
    assert [c.id for c in nb.move("p2", 5).cells] == [c.id for c in nb.cells]
    copy = nb.duplicate("n1")
    assert len(copy.cells) == 6 and copy.cells[1].text == nb.cells[0].text and copy.cells[1].id != "n1"
    assert [c.id for c in nb.delete("c1").cells] == ["n1", "q1", "p1", "p2"]
    assert nb.replace(NoteCell("n1", "new")).cells[0].text == "new"
    assert [c.id for c in nb.add(NoteCell("n2"), after="n1").cells][:2] == ["n1", "n2"]
    assert len(nb.cells) == 5  # the original is unchanged


@pytest.mark.parametrize("data, code", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "notebook_not_json"),
    ("{not json", "notebook_not_json"),
    ("[1, 2]", "notebook_wrong_format"),
    ('{"format": "jupyter", "version": 1, "cells": []}', "notebook_wrong_format"),
    ('{"format": "cxreport-notebook", "version": "1", "cells": []}', "notebook_bad_version"),
    ('{"format": "cxreport-notebook", "version": true, "cells": []}', "notebook_bad_version"),
    ('{"format": "cxreport-notebook", "version": 1, "cells": {}}', "notebook_not_list"),
    ('{"format": "cxreport-notebook", "version": 1, "cells": [], "macros": []}', "notebook_unknown_field"),
])
def test_bad_files_are_refused_with_their_code(data, code):
    assert code_of(data) == code


def test_a_newer_version_is_refused_and_says_so_in_both_languages():
    doc = raw()
    doc["version"] = 2
    with pytest.raises(CXError) as caught:
        nbm.parse(json.dumps(doc))
    err = caught.value
    assert (err.code, err.params) == ("notebook_too_new", {"version": 2, "supported": 1})
    assert "newer cxreport" in t("error.notebook_too_new", "en", **err.params)
    assert "lebih baru" in t("error.notebook_too_new", "id", **err.params)


def test_a_huge_file_is_refused_before_it_is_parsed():
    huge = json.dumps({**raw(), "title": "x" * (nbm.MAX_FILE_BYTES + 1)})
    assert code_of(huge) == "notebook_too_large"
    too_many = raw()
    too_many["cells"] = [{"kind": "note", "id": f"n{i}", "text": ""} for i in range(nbm.MAX_CELLS + 1)]
    assert code_of(too_many) == "notebook_too_many_cells"
    long_note = raw()
    long_note["cells"][0]["text"] = "x" * (nbm.MAX_NOTE_CHARS + 1)
    assert code_of(long_note) == "notebook_too_long"
    deep = "[" * 100_000 + "]" * 100_000  # nesting deep enough to exhaust a recursive reader
    assert code_of(deep) in ("notebook_not_json", "notebook_too_large")


def _with_cell(change: dict, index: int = 0) -> dict:
    doc = raw()
    doc["cells"][index] = {**doc["cells"][index], **change}
    return doc


@pytest.mark.parametrize("index, change, code", [
    (0, {"kind": "python"}, "notebook_unknown_kind"),
    (0, {"kind": None}, "notebook_unknown_kind"),
    (0, {"onload": "alert(1)"}, "notebook_unknown_field"),
    (0, {"id": "../../etc"}, "notebook_bad_id"),
    (0, {"id": "A1"}, "notebook_bad_id"),
    (0, {"text": 42}, "notebook_not_text"),
    (0, {"text": "ok\x00hidden"}, "notebook_control_characters"),
    (1, {"sql": "SELECT 1 -- \u202e;PORD"}, "notebook_control_characters"),  # a bidi override hides what runs
    (1, {"use_filters": "yes"}, "notebook_not_flag"),
    (2, {"mark": "pie"}, "notebook_bad_choice"),
    (2, {"aggregate": "stddev"}, "notebook_bad_choice"),
    (2, {"source": "n1"}, "notebook_bad_source"),  # a note, not a SQL cell
    (2, {"x": "a\nb"}, "notebook_control_characters"),
    (3, {"chart": "no_such_chart"}, "notebook_unknown_chart"),
    (3, {"page": "admin"}, "notebook_bad_choice"),
    (3, {"view": {"period": "fortnight"}}, "notebook_bad_view"),
    (3, {"view": {"channel": [1, 2]}}, "notebook_bad_view"),
    (3, {"view": "period=month"}, "notebook_bad_view"),
])
def test_every_field_is_checked(index, change, code):
    assert code_of(_with_cell(change, index)) == code


def test_two_cells_with_one_id_are_refused():
    doc = raw()
    doc["cells"][1]["id"] = "n1"
    doc["cells"][2]["source"] = "n1"
    assert code_of(doc) in ("notebook_duplicate_id", "notebook_bad_source")
    doc = raw()
    doc["cells"].append(dict(doc["cells"][0]))
    assert code_of(doc) == "notebook_duplicate_id"


def test_hostile_text_is_kept_as_text():
    """Markdown, HTML and SQL in a note or a query are data: they round-trip unchanged, and
    are neutralised where they are shown (safe_text.note, the HTML export)."""
    hostile = "<script>alert(1)</script> ![x](https://attacker.invalid/p.png) $x$ :red[y] '; DROP TABLE orders; --"
    nb = Notebook((NoteCell("n1", hostile), SqlCell("q1", hostile)), title="<img src=x onerror=alert(1)>")
    assert nbm.parse(nbm.to_json(nb)) == nb


def test_every_error_of_the_file_reads_in_both_languages():
    codes = ["notebook_too_large", "notebook_not_json", "notebook_wrong_format", "notebook_too_new",
             "notebook_bad_view", "notebook_unknown_kind"]
    for code in codes:
        for lang in LANGS:
            text = t(f"error.{code}", lang, where="cells[3].view", version=2, supported=1, limit_kb=1000)
            assert len(text) > 40 and "{" not in text


def test_a_migration_brings_an_older_file_up_to_date(monkeypatch):
    """The hook: a file of version n is passed through MIGRATIONS[n] until it is current."""
    old = json.dumps(raw())  # a version 1 file
    monkeypatch.setattr(nbm, "VERSION", 2)
    monkeypatch.setitem(nbm.MIGRATIONS, 1, lambda doc: {**doc, "version": 2, "title": doc["title"].upper()})
    assert nbm.parse(old, pinnable=PINNABLE).title == "MONTHLY CX"
