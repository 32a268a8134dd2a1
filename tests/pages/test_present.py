"""Present mode (AppTest): one slide at a time from the whole-report document, the slide
number in the URL, buttons to move, a footer with the filters and the data's range."""

from __future__ import annotations

from apptest_helpers import no_errors, open_app

from cxreport.ui.present import slides


def test_present_mode_steps_through_the_slides(sample_workspace):
    at = open_app("overview", {"present": "1"})
    no_errors(at)
    assert [h.value for h in at.header] == ["Overview"]
    assert at.metric  # the Overview's cards
    footer = " ".join(c.value for c in at.caption)
    assert "1 / " in footer and "Data: 2025-01-01 – 2026-10-31" in footer
    next(b for b in at.button if b.key == "slide_next").click().run()
    no_errors(at)
    assert at.query_params["slide"] in ("2", ["2"])
    assert [h.value for h in at.header] == ["Cohorts"]
    assert len(at.get("vega_lite_chart")) == 1


def test_a_slide_number_in_the_link_opens_that_slide():
    at = open_app("overview", {"present": "1", "slide": "3", "lang": "id"})
    no_errors(at)
    assert at.header[0].value == "Churn"
    out_of_range = open_app("overview", {"present": "1", "slide": "999"})
    assert " / " in out_of_range.caption[-1].value  # clamped to the last slide, no error
    no_errors(out_of_range)
