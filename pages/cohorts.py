"""Cohorts: retention by acquisition cohort — heatmap, curves of picked cohorts, sizes."""

import streamlit as st

from cxreport import pins
from cxreport.fields import Kind
from cxreport.ui import params, session, view, widgets

st.title(view.tr("page.cohorts"))
widgets.require(Kind.ORDERS)

left, right = st.columns(2)
with left:
    params.choice("retention_basis", ["customers", "revenue"], label_key="cohorts.basis", option_prefix="basis")
with right:
    mode = params.choice("retention_mode", ["on_period", "unbounded"], label_key="cohorts.mode", option_prefix="mode")
st.caption(view.tr(f"cohorts.mode_help.{mode}"))

ctx = session.context()
table = pins.cohort_table(ctx)
drawn, total = pins.latest_cohorts(table)
if drawn.height < table.height:
    st.caption(view.tr("cohorts.capped", shown=pins.MAX_COHORTS_DRAWN, total=total))

event = widgets.pinned("retention_heatmap", on_select="rerun", selection_mode="cohort", key="heatmap")
picked = params.chart_selection(event, "cohort", "cohort", key="heatmap")
if picked is not None:
    picked = tuple(p[:10] for p in picked)
    view.update(cohorts=picked)
    ctx = session.context()

cohorts = pins.picked_cohorts(ctx)
st.subheader(view.tr("cohorts.curves"))
st.caption(view.tr("cohorts.curves_help") if not cohorts else view.tr("cohorts.curves_picked", n=len(cohorts)))
widgets.pinned("retention_curves")

st.subheader(view.tr("cohorts.sizes"))
widgets.pinned("cohort_sizes")
widgets.table(table, "cohort_retention")
