"""UX vs CX: usability beside the customer's experience, per touchpoint, segment or period."""

import streamlit as st

from cxreport import charts
from cxreport.fields import Kind
from cxreport.metrics import ux, ux_vs_cx
from cxreport.ui import params, session, view, widgets

st.title(view.tr("page.ux_vs_cx"))
st.caption(view.tr("uxcx.intro"))
ws = session.workspace()
f = view.filters()
if not ws.has(Kind.UX):
    widgets.require(Kind.UX)
tables = {k.value: ws.filtered(k, f) for k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS, Kind.ORDERS) if ws.has(k)}
v = view.current()
by = params.choice("ux_by", ["touchpoint", "segment", "period"], label_key="uxcx.by", option_prefix="uxby")

# Clicking a touchpoint (or segment) filters every other chart and page by it, like a BI
# cross-filter; the quadrant itself keeps showing all groups so the choice can be changed.
clickable = by in ("touchpoint", "segment")
overview_filters = f.without(by) if clickable else f
overview_tables = {k: ws.filtered(Kind(k), overview_filters) for k in tables}
comparison = session.memo("ux_vs_cx", (overview_filters.key(), by), lambda: ux_vs_cx.ux_vs_cx(**overview_tables, by=by))
event = widgets.chart(charts.ux_cx_quadrant(comparison, lang=v.lang, by=by, selected=v.filters.get(by, ())),
                      "ux_cx_quadrant", **({"on_select": "rerun", "selection_mode": charts.GROUP_SELECTION,
                                            "key": "quadrant"} if clickable else {}))
if clickable:
    st.caption(view.tr("uxcx.click_hint"))
    picked = params.chart_selection(event, charts.GROUP_SELECTION, by, key="quadrant")
    if picked is not None and picked != tuple(sorted(v.filters.get(by, ()))):
        view.request(filters={**{d: vals for d, vals in v.filters.items() if d != by}, **({by: picked} if picked else {})})
widgets.chart(charts.gap_bars(comparison, lang=v.lang, by=by), "ux_cx_gaps")
widgets.table(comparison, "ux_vs_cx")

corr = ux_vs_cx.ux_cx_correlation(tables["ux"], tables.get("surveys"))
if corr is not None and corr.height:
    st.subheader(view.tr("uxcx.correlation"))
    widgets.table(corr, "ux_cx_correlation")

st.subheader(view.tr("uxcx.trend"))
trend = session.memo("ux_vs_cx_trend", f.key(), lambda: ux_vs_cx.ux_vs_cx_by_period(**tables, by="touchpoint"))
widgets.chart(charts.ux_cx_trend(trend, lang=v.lang, period="quarter", by="touchpoint"), "ux_cx_trend")

st.subheader(view.tr("uxcx.tasks"))
tasks = session.memo("task_success", f.key(), lambda: ux.task_success(tables["ux"], by="task"))
widgets.chart(charts.task_success_bars(tasks, lang=v.lang), "task_success")
left, right = st.columns(2)
with left:
    widgets.table(ux.time_on_task(tables["ux"], by="task"), "time_on_task")
with right:
    widgets.table(ux.error_rate(tables["ux"], by="task"), "error_rate")
