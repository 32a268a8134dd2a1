"""A journey stage and a SERVQUAL tag set by hand survive Save: a fresh session opened with the
report's link (editor, viewer) or its autosave sees them applied in the CX model's numbers."""

from __future__ import annotations

from apptest_helpers import no_errors, open_app, upload


ROWS = [("Kiosk", 1, 2, 6), ("Kiosk", 2, 3, 4), ("Checkout", 4, 8, 7), ("Checkout", 5, 10, 5), ("Browse", 3, 6, 3),
        ("Browse", 4, 7, 5)]
# Six times over (enough respondents for the page's key drivers), on six days.
SURVEY = (b"response_date,customer_id,touchpoint,csat_score,nps_score,Staff rating\n"
          + b"".join(f"2025-01-{1 + i % 6:02d},c{i},{tp},{c},{n},{s}\n".encode()
                     for i, (tp, c, n, s) in enumerate(ROWS * 6)))


def _friction_stages(at) -> dict[str, str]:
    (table,) = [df.value for df in at.dataframe if "touchpoint" in df.value.columns and "friction_score" in df.value.columns]
    return dict(zip(table["touchpoint"], table["stage"]))


def _servqual(at):
    (table,) = [df.value for df in at.dataframe if "dimension" in df.value.columns and "perception" in df.value.columns]
    return dict(zip(table["dimension"], table["perception"]))


def test_corrections_are_saved_and_reopened_by_every_link():
    at = open_app("data")
    upload(at, "survey.csv", SURVEY)
    no_errors(at)
    ws = at.session_state["workspace"]
    assert ws.journey_stages() == {}
    # What the Data page's editors do on Apply (their tables cannot be edited from AppTest).
    ws.set_journey_stages({"Kiosk": "get_help"})
    ws.set_servqual_tags({"src_staff_rating": ("empathy", "perception")})
    at.run()
    next(b for b in at.sidebar.button if b.key == "share_save").click().run()
    no_errors(at)
    draft = at.query_params["r"][0] if isinstance(at.query_params["r"], list) else at.query_params["r"]
    next(b for b in at.sidebar.button if b.key == "share_links").click().run()
    urls = {w.key: w.value for w in at.sidebar.text_input if w.key.startswith("share_url_")}

    for token in (draft, urls["share_url_editor"].split("r=", 1)[1], urls["share_url_viewer"].split("r=", 1)[1]):
        fresh = open_app("cx_model", {"r": token})
        no_errors(fresh)
        assert fresh.session_state["workspace"].journey_stages() == {"Kiosk": "get_help"}
        # Kiosk (the worst CSAT, so a friction point) would have no stage by its name
        assert _friction_stages(fresh)["Kiosk"] == "get_help"
        # the tagged column is the empathy dimension: mean of 6, 4, 7, 5, 3, 5
        (perception,) = _servqual(fresh).values()
        assert abs(perception - 30 / 6) < 1e-9


def test_a_reload_finds_the_corrections_in_the_autosave():
    at = open_app("data")
    upload(at, "survey.csv", SURVEY)
    at.session_state["workspace"].set_journey_stages({"Kiosk": "return_recommend"})
    at.run()  # the change of the workspace is autosaved on this run, without Save
    no_errors(at)
    token = at.query_params["r"][0] if isinstance(at.query_params["r"], list) else at.query_params["r"]
    reloaded = open_app("cx_model", {"r": token})
    no_errors(reloaded)
    assert _friction_stages(reloaded)["Kiosk"] == "return_recommend"
