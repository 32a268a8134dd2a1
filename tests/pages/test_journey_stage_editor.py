"""The Data page lists every touchpoint with the journey stage its name says, for correcting."""

from apptest_helpers import no_errors, open_app

from cxreport.metrics.journey import recognise_stage
from cxreport.i18n import t


def test_the_data_page_shows_each_touchpoint_with_its_recognised_stage(sample_workspace):
    at = open_app("data")
    no_errors(at)
    touchpoints = sample_workspace.dimension_values()["touchpoint"]
    editors = [df.value for df in at.dataframe if "touchpoint" in df.value.columns and "stage" in df.value.columns]
    assert len(editors) == 1
    shown = dict(zip(editors[0]["touchpoint"], editors[0]["stage"]))
    assert sorted(shown) == sorted(touchpoints)
    # each as its name says (Checkout -> Buy, Delivery -> Receive / use ...), in the page's language
    assert shown == {tp: t(f"stage.{recognise_stage(tp)}" if recognise_stage(tp) else "stage.none", "en")
                     for tp in touchpoints}
    assert any(b.label == t("data.apply_journey_stages", "en") for b in at.button)
