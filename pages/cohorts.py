"""Cohorts: retention by acquisition cohort — heatmap, curves of picked cohorts, sizes."""

import streamlit as st

from cxreport import charts
from cxreport.fields import Kind
from cxreport.filters import restrict_periods
from cxreport.metrics import retention
from cxreport.ui import params, session, view, widgets

st.title(view.tr("page.cohorts"))
orders = widgets.require(Kind.ORDERS)
v = view.current()

left, right = st.columns(2)
with left:
    basis = params.choice("retention_basis", ["customers", "revenue"], label_key="cohorts.basis", option_prefix="basis")
with right:
    mode = params.choice("retention_mode", ["on_period", "unbounded"], label_key="cohorts.mode", option_prefix="mode")
st.caption(view.tr(f"cohorts.mode_help.{mode}"))

f = view.filters()
table = session.memo("cohort_retention", (f.key(), v.period, mode),
                     lambda: restrict_periods(retention.cohort_retention(orders, period=v.period, mode=mode), "cohort", f, v.period))
value = "rate" if basis == "customers" else "revenue_rate"
drawn, total = widgets.latest_cohorts(table)
if drawn.height < table.height:
    st.caption(view.tr("cohorts.capped", shown=widgets.MAX_COHORTS_DRAWN, total=total))

event = widgets.chart(charts.retention_heatmap(drawn, value=value, lang=v.lang, selected_cohorts=v.cohorts),
                      "retention_heatmap", on_select="rerun", selection_mode="cohort", key="heatmap")
picked = params.chart_selection(event, "cohort", "cohort", key="heatmap")
if picked is not None:
    picked = tuple(p[:10] for p in picked)
    v = view.update(cohorts=picked)

cohorts = [c for c in v.cohorts if c in set(table.get_column("cohort").cast(str).to_list())]
st.subheader(view.tr("cohorts.curves"))
st.caption(view.tr("cohorts.curves_help") if not cohorts else view.tr("cohorts.curves_picked", n=len(cohorts)))
# Cohorts picked (on the heatmap or in a link) are drawn even when older than the latest ones.
widgets.chart(charts.retention_curves(table if cohorts else drawn, cohorts=cohorts, value=value, lang=v.lang), "retention_curves")

st.subheader(view.tr("cohorts.sizes"))
widgets.chart(charts.cohort_sizes(table, lang=v.lang, period=v.period), "cohort_sizes")
widgets.table(table, "cohort_retention")
