"""The view <-> URL query: short links, exact round trips, and no link can break the app."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.fields import DIMENSIONS
from cxreport.state import (BOUNDS, DEFAULT, MAX_TEXT, MAX_UNKNOWN_NOTICES, PAGES, Notice, ViewState, from_query,
                            replace, to_query)


def test_defaults_give_an_empty_query_and_back():
    assert to_query(ViewState()) == {}
    assert from_query({}) == (ViewState(), [])
    assert DEFAULT.page == "overview" and DEFAULT.period == "month" and DEFAULT.clv_horizon == 12


def test_only_non_default_values_are_written_with_short_keys():
    view = replace(DEFAULT, lang="id", period="quarter", date_from=dt.date(2024, 1, 1), clv_discount=0.08,
                   filters={"segment": ("SMB", "Retail, Jakarta")}, cohorts=("2024-01-01", "2024-03-01"),
                   churn_window=90, comment_query="lambat")
    assert to_query(view) == {
        "lang": "id", "from": "2024-01-01", "period": "quarter", "window": "90", "discount": "0.08",
        "q": "lambat", "segment": ["SMB", "Retail, Jakarta"], "cohort": ["2024-01-01", "2024-03-01"],
    }


def test_values_with_commas_survive_as_repeated_keys():
    view, notices = from_query({"region": ["Jawa Barat, Bandung", "Bali"]})
    assert view.filters == {"region": ("Jawa Barat, Bandung", "Bali")} and notices == []


def test_streamlit_style_lists_for_single_keys_use_the_last_value():
    view, _ = from_query({"period": ["week", "quarter"], "lang": ["id"]})
    assert (view.period, view.lang) == ("quarter", "id")


def test_invalid_values_fall_back_to_defaults_with_a_notice():
    view, notices = from_query({"period": "decade", "horizon": "500", "discount": "abc", "margin": "1.5",
                                "page": "admin", "from": "2024-02-30", "window": "-5", "seg": "customer_id",
                                "basis": "profit", "by": "email"})
    assert view == DEFAULT
    by_key = {n.key: n for n in notices}
    assert by_key["period"] == Notice("period", "decade", "month")
    assert by_key["horizon"].default == "12" and by_key["discount"].default == "0.1"
    assert by_key["from"].default == ""  # no default date: the value is just dropped
    assert set(by_key) == {"period", "horizon", "discount", "margin", "page", "from", "window", "seg", "basis", "by"}


def test_notice_texts_in_both_languages():
    notice = Notice("period", "x", "month")
    assert notice.text("en") == "The link's value 'x' for 'period' is not valid; showing 'month' instead."
    assert "tidak valid" in notice.text("id")
    assert Notice("zz", "1", reason="unknown").text("en") == \
        "The link contains a setting 'zz' that cxreport does not know; it was ignored."
    assert "ignored" in Notice("from", "yesterday").text("en")


def test_unknown_keys_are_ignored_with_a_bounded_number_of_notices():
    view, notices = from_query({f"junk{i}": "1" for i in range(1000)})
    assert view == DEFAULT
    assert len(notices) == MAX_UNKNOWN_NOTICES and all(n.reason == "unknown" for n in notices)


def test_reversed_date_range_drops_the_end():
    view, notices = from_query({"from": "2024-05-01", "to": "2024-01-01"})
    assert (view.date_from, view.date_to) == (dt.date(2024, 5, 1), None)
    assert [n.key for n in notices] == ["to"]


def test_hostile_strings_are_refused_and_shown_safely():
    long_text = "<script>alert(1)</script>" * 50
    view, notices = from_query({"q": long_text, "segment": ["ok", "bad\x00value", "x" * (MAX_TEXT + 1)],
                                "lang": "en\n<b>", "cohort": ["2024-01-01'; DROP TABLE x;--"], "\x1b[31mkey": "v"})
    assert view.comment_query == "" and view.filters == {"segment": ("ok",)} and view.lang == "en"
    assert view.cohorts == ()
    for notice in notices:
        assert len(notice.value) <= 60 and len(notice.key) <= 60
        assert not any(ord(c) < 32 for c in notice.value + notice.key)


def test_html_in_a_valid_query_is_kept_as_text():
    view, notices = from_query({"q": "<b>refund</b> & \"late\""})
    assert view.comment_query == "<b>refund</b> & \"late\"" and notices == []


def test_empty_values_mean_not_set():
    assert from_query({"q": "", "period": [""], "segment": []}) == (DEFAULT, [])


def test_viewstate_rejects_invalid_values_and_normalises_filters():
    with pytest.raises(ValueError):
        replace(DEFAULT, period="year")
    with pytest.raises(ValueError):
        replace(DEFAULT, filters={"email": ("a",)})
    with pytest.raises(ValueError):
        replace(DEFAULT, date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 1, 1))
    with pytest.raises(ValueError):
        replace(DEFAULT, clv_horizon=0)
    view = replace(DEFAULT, filters={"region": ("B", "A", "B"), "segment": ("x",), "plan": ()})
    assert list(view.filters.items()) == [("segment", ("x",)), ("region", ("B", "A"))]
    assert replace(DEFAULT, clv_margin=1).clv_margin == 1.0
    assert hash(view) == hash(replace(DEFAULT, filters={"segment": ("x",), "region": ("B", "A")}))


# --- every valid view survives the round trip -----------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
iso_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)).map(dt.date.isoformat)


@st.composite
def view_states(draw) -> ViewState:
    start = draw(st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 1, 1)))
    end = draw(st.none() | st.dates(min_value=start or dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
    return ViewState(
        page=draw(st.sampled_from(PAGES)),
        lang=draw(st.sampled_from(["en", "id"])),
        date_from=start,
        date_to=end,
        filters=draw(st.dictionaries(st.sampled_from(DIMENSIONS), st.lists(text, max_size=4).map(tuple))),
        period=draw(st.sampled_from(["day", "week", "month", "quarter"])),
        retention_basis=draw(st.sampled_from(["customers", "revenue"])),
        retention_mode=draw(st.sampled_from(["on_period", "unbounded"])),
        cohorts=tuple(draw(st.lists(iso_dates, max_size=5))),
        churn_window=draw(st.none() | st.integers(BOUNDS["churn_window"].lo, BOUNDS["churn_window"].hi)),
        survival_by=draw(st.sampled_from(("cohort", *DIMENSIONS))),
        clv_horizon=draw(st.integers(1, 120)),
        clv_discount=draw(st.floats(0, 1)),
        clv_margin=draw(st.floats(0, 1)),
        segment_by=draw(st.sampled_from(DIMENSIONS)),
        ux_by=draw(st.sampled_from(["touchpoint", "segment", "period"])),
        comment_query=draw(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=MAX_TEXT)),
    )


@settings(max_examples=200, deadline=None)
@given(view_states())
def test_round_trip(view):
    query = to_query(view)
    assert all(isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
               for v in query.values())
    assert from_query(query) == (view, [])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["page", "lang", "from", "to", "period", "q", "segment", "cohort", "horizon",
                                        "discount", "window", "x"]) | text,
                       text | st.lists(st.text(max_size=300), max_size=3)))
def test_any_query_gives_a_valid_state(params):
    view, notices = from_query(params)
    assert isinstance(view, ViewState)
    assert from_query(to_query(view)) == (view, [])  # what we show is again a clean link
    assert all(isinstance(n, Notice) for n in notices)


# --- URL values obey the widgets' bounds (one table: state.BOUNDS) ----------------------------
# The hand-written edges below are the widgets' documented limits; if BOUNDS moves, these
# tests say so instead of silently following it.
NUMERIC = {  # URL key -> (field, min, max, just below min, just above max)
    "window": ("churn_window", "7", "730", "6", "731"),
    "horizon": ("clv_horizon", "1", "120", "0", "121"),
    "discount": ("clv_discount", "0", "1", "-0.01", "1.01"),
    "margin": ("clv_margin", "0", "1", "-0.05", "1.05"),
}


def test_bounds_are_the_documented_widget_limits():
    assert {k: (b.lo, b.hi) for k, b in BOUNDS.items()} == {
        "churn_window": (7, 730), "clv_horizon": (1, 120), "clv_discount": (0.0, 1.0), "clv_margin": (0.0, 1.0)}
    assert BOUNDS["churn_window"].widget() == {"min_value": 7, "max_value": 730, "step": 1}


@pytest.mark.parametrize("key", NUMERIC)
def test_numeric_url_values_at_and_inside_the_edges_are_used(key):
    name, lo, hi, _, _ = NUMERIC[key]
    for raw in (lo, hi):
        view, notices = from_query({key: raw})
        assert getattr(view, name) == float(raw) and notices == []


@pytest.mark.parametrize("key", NUMERIC)
@pytest.mark.parametrize("which", ["below", "above", "word", "sign", "nan", "inf", "space", "huge"])
def test_numeric_url_values_outside_the_widget_fall_back_with_a_notice(key, which):
    name, _, _, below, above = NUMERIC[key]
    raw = {"below": below, "above": above, "word": "ten", "sign": "+5", "nan": "nan", "inf": "inf",
           "space": " 5", "huge": "9" * 40}[which]
    view, notices = from_query({key: raw})
    assert getattr(view, name) == getattr(DEFAULT, name)
    assert [(n.key, n.reason) for n in notices] == [(key, "invalid")]


@pytest.mark.parametrize("key", NUMERIC)
def test_numeric_url_values_empty_or_repeated(key):
    name, lo, hi, below, _ = NUMERIC[key]
    assert from_query({key: ""}) == (DEFAULT, [])  # "?window=" means not set
    assert from_query({key: []}) == (DEFAULT, [])
    view, notices = from_query({key: [lo, hi]})  # repeated: the last one counts, like the other single keys
    assert getattr(view, name) == float(hi) and notices == []
    view, notices = from_query({key: [hi, below]})  # the last one is invalid: default, not the earlier one
    assert getattr(view, name) == getattr(DEFAULT, name) and [n.key for n in notices] == [key]


def test_a_window_the_slider_cannot_show_is_refused_by_the_view_too():
    with pytest.raises(ValueError):
        replace(DEFAULT, churn_window=1000)
    with pytest.raises(ValueError):
        replace(DEFAULT, churn_window=6)
    assert replace(DEFAULT, churn_window=730).churn_window == 730


def test_notice_values_lose_bidi_controls_and_are_shortened():
    _, notices = from_query({"period": "\u202egnp.exe" + "x" * 100})
    assert notices[0].value.startswith("gnp.exe") and len(notices[0].value) == 60 and notices[0].value.endswith("…")
