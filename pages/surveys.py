"""NPS & surveys: NPS with its confidence band, composition, segments, CSAT, CES, comments."""

import streamlit as st

from cxreport import charts
from cxreport.fields import DIMENSIONS, Kind
from cxreport.metrics import surveys, themes
from cxreport.ui import session, view, widgets

st.title(view.tr("page.surveys"))
responses = widgets.require(Kind.SURVEYS)
v = view.current()
key = view.filters().key()

if responses.get_column("nps_score").drop_nulls().len() if "nps_score" in responses.columns else 0:
    trend = session.memo("nps_by_period", (key, v.period), lambda: surveys.nps_by_period(responses, period=v.period))
    st.subheader(view.tr("surveys.nps_trend"))
    widgets.chart(charts.nps_trend(trend, lang=v.lang, period=v.period), "nps_trend")
    if trend.get_column("small_sample").any():
        st.caption("⚠️ " + view.tr("stats.small_sample_note"))
    widgets.chart(charts.nps_composition(trend, lang=v.lang, period=v.period), "nps_composition")

    dims = [d for d in DIMENSIONS if d in responses.columns and responses.get_column(d).n_unique() > 1]
    if dims:
        by = st.selectbox(view.tr("surveys.by"), dims, index=dims.index(v.segment_by) if v.segment_by in dims else 0,
                          format_func=view.labeller("dim"), key="w_segment_by_input")
        if by != v.segment_by:
            v = view.update(segment_by=by)
        by_group = session.memo("nps_by_segment", (key, by), lambda: surveys.nps_by_segment(responses, by=by))
        widgets.chart(charts.nps_by_segment(by_group, lang=v.lang, by=by), "nps_by_segment")

score_charts = {  # how each score reads: CSAT a share, CES a mean on its 1–7 scale
    "csat": (surveys.csat_by_period, dict(value="csat", value_format=".0%", y_domain=(0, 1))),
    "ces": (surveys.ces_by_period, dict(value="mean_score", value_format=",.2f", y_domain=(1, 7))),
}
for score, (fn, style) in score_charts.items():
    column = f"{score}_score"
    if column in responses.columns and responses.get_column(column).drop_nulls().len():
        st.subheader(view.tr(f"surveys.{score}_trend"))
        trend = session.memo(f"{score}_by_period", (key, v.period), lambda fn=fn: fn(responses, period=v.period))
        widgets.chart(charts.score_trend(trend, title=view.tr(f"surveys.{score}_trend"), lang=v.lang,
                                                 period=v.period, **style), f"{score}_trend")

if "comment" in responses.columns:
    st.subheader(view.tr("surveys.themes"))
    found = session.memo("themes", key, lambda: themes.comment_themes(responses))
    widgets.chart(charts.themes_bars(found, lang=v.lang), "comment_themes")
    st.subheader(view.tr("surveys.verbatims"))
    query = view.bound(st.text_input, "comment_query", view.tr("surveys.search"), max_chars=200)
    widgets.table(themes.search_comments(responses, query=query).head(500), "verbatims", height=320)
