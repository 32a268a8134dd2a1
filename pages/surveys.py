"""NPS & surveys: NPS with its confidence band, composition, segments, CSAT, CES, comments."""

import streamlit as st

from cxreport import pins
from cxreport.fields import Kind
from cxreport.metrics import themes
from cxreport.ui import session, view, widgets

st.title(view.tr("page.surveys"))
responses = widgets.require(Kind.SURVEYS)
v = view.current()

if responses.get_column("nps_score").drop_nulls().len() if "nps_score" in responses.columns else 0:
    st.subheader(view.tr("surveys.nps_trend"))
    widgets.pinned("nps_trend")
    if pins.nps_table(session.context()).get_column("small_sample").any():
        st.caption("⚠️ " + view.tr("stats.small_sample_note"))
    widgets.pinned("nps_composition")

    dims = pins.nps_segment_options(responses)
    if dims:
        by = st.selectbox(view.tr("surveys.by"), dims, index=dims.index(v.segment_by) if v.segment_by in dims else 0,
                          format_func=view.labeller("dim"), key="w_segment_by_input")
        if by != v.segment_by:
            v = view.update(segment_by=by)
        widgets.pinned("nps_by_segment")

for score in ("csat", "ces"):
    column = f"{score}_score"
    if column in responses.columns and responses.get_column(column).drop_nulls().len():
        st.subheader(view.tr(f"surveys.{score}_trend"))
        widgets.pinned(f"{score}_trend")

if "comment" in responses.columns:
    st.subheader(view.tr("surveys.themes"))
    widgets.pinned("comment_themes")
    st.subheader(view.tr("surveys.verbatims"))
    query = view.bound(st.text_input, "comment_query", view.tr("surveys.search"), max_chars=200)
    widgets.table(themes.search_comments(responses, query=query).head(500), "verbatims", height=320,
                  columns=["response_date", "nps_score", "nps_category", "touchpoint", "comment"])
