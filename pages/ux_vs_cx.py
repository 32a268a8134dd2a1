"""UX vs CX: usability beside the customer's experience, per touchpoint, segment or period."""

import streamlit as st

from cxreport import charts, pins
from cxreport.fields import Kind
from cxreport.metrics import ux, ux_vs_cx
from cxreport.ui import params, session, view, widgets

st.title(view.tr("page.ux_vs_cx"))
st.caption(view.tr("uxcx.intro"))
if not session.workspace().has(Kind.UX):
    widgets.require(Kind.UX)
by = params.choice("ux_by", ["touchpoint", "segment", "period"], label_key="uxcx.by", option_prefix="uxby")
ctx = session.context()
v, tables = ctx.view, pins.ux_tables(ctx)

# Clicking a touchpoint (or segment) filters every other chart and page by it, like a BI
# cross-filter; the quadrant itself keeps showing all groups (pins.quadrant_filters).
clickable = by in ("touchpoint", "segment")
event = widgets.pinned("ux_cx_quadrant", **({"on_select": "rerun", "selection_mode": charts.GROUP_SELECTION,
                                              "key": "quadrant"} if clickable else {}))
if clickable:
    st.caption(view.tr("uxcx.click_hint"))
    picked = params.chart_selection(event, charts.GROUP_SELECTION, by, key="quadrant")
    if picked is not None and picked != tuple(sorted(v.filters.get(by, ()))):
        view.request(filters={**{d: vals for d, vals in v.filters.items() if d != by}, **({by: picked} if picked else {})})
widgets.pinned("ux_cx_gaps")
comparison = pins.ux_cx_table(ctx)
widgets.table(comparison, "ux_vs_cx", columns=[by, "ux_score", "cx_score", "gap", "quadrant", "ux_task_success", "ux_sus",
                                              "cx_csat", "cx_nps", "tickets", "ticket_share"])

corr = ux_vs_cx.ux_cx_correlation(tables["ux"], tables.get("surveys"))
if corr is not None and corr.height:
    st.subheader(view.tr("uxcx.correlation"))
    widgets.table(corr, "ux_cx_correlation")

st.subheader(view.tr("uxcx.trend"))
widgets.pinned("ux_cx_trend")

st.subheader(view.tr("uxcx.tasks"))
widgets.pinned("task_success")
# full width: task names are long, and in half a page the time column was pushed out of sight
widgets.table(ux.time_on_task(tables["ux"], by="task"), "time_on_task")
widgets.table(ux.error_rate(tables["ux"], by="task"), "error_rate",
              columns=["task", "n", "errors_per_attempt", "share_with_error", "ci_low", "ci_high"])
