"""CLV: value by cohort and segment, its distribution, top customers, the predictive model."""

import streamlit as st

from cxreport import charts
from cxreport.state import BOUNDS
from cxreport.fields import Kind
from cxreport.filters import restrict_periods
from cxreport.metrics import clv
from cxreport.ui import session, view, widgets

st.title(view.tr("page.clv"))
orders = widgets.require(Kind.ORDERS)
v = view.current()
f = view.filters()
key = f.key()
currency = session.workspace().currency(Kind.ORDERS)

c1, c2, c3 = st.columns(3)
with c1:
    view.bound(st.number_input, "clv_horizon", view.tr("clv.horizon"), **BOUNDS["clv_horizon"].widget())
with c2:
    view.bound(st.number_input, "clv_discount", view.tr("clv.discount"), **BOUNDS["clv_discount"].widget(), format="%.2f")
with c3:
    view.bound(st.number_input, "clv_margin", view.tr("clv.margin"), **BOUNDS["clv_margin"].widget(), format="%.2f")
v = view.current()

with st.spinner(view.tr("clv.fitting")):
    result = session.predictive_clv(orders, key)
st.subheader(view.tr("clv.predictive"))
cols = st.columns(4)
summary = clv.clv_summary(result)
cols[0].metric(view.tr("clv.mean"), widgets.money(summary["mean_clv"], currency))
cols[1].metric(view.tr("clv.total"), widgets.money(summary["total_clv"], currency))
cols[2].metric(view.tr("clv.p_alive"), widgets.percent(summary["mean_p_alive"]))
cols[3].metric(view.tr("clv.customers"), widgets.number(summary["customers"]))
widgets.chart(charts.clv_histogram(charts.histogram_bins(result.customers.get_column("clv"), bins=40), lang=v.lang, currency=currency), "clv_distribution")

by = v.segment_by if v.segment_by in orders.columns else None
if by:
    by_group = clv.clv_by_group(result, orders, by=by)
    widgets.chart(charts.clv_bars(by_group, lang=v.lang, by=by, currency=currency), "clv_by_segment")
st.subheader(view.tr("clv.top_customers"))
widgets.table(result.customers.sort("clv", descending=True).head(100), "top_customers", height=300)

with st.expander(view.tr("clv.model_details")):
    st.dataframe(clv.model_parameters(result), hide_index=True)
    # A second fit on part of the data: seconds on large exports, so only on request.
    if st.toggle(view.tr("clv.run_holdout"), key="w_clv_holdout"):
        with st.spinner(view.tr("clv.fitting")):
            holdout = session.memo("calibration_holdout", key, lambda: clv.calibration_holdout(orders))
        st.caption(view.tr("clv.holdout_help", end=str(holdout.calibration_end)))
        widgets.chart(charts.calibration_holdout(holdout.by_frequency, lang=v.lang), "calibration_holdout")

st.subheader(view.tr("clv.historical"))
hist = session.memo("historical_clv", (key, v.period),
                    lambda: restrict_periods(clv.historical_clv(orders, period=v.period), "cohort", f, v.period))
widgets.chart(charts.historical_clv_curves(hist, lang=v.lang, period=v.period), "historical_clv")
st.subheader(view.tr("clv.simple"))
# The Churn page's churn: same window (absent: the same default) and period, so both pages agree.
simple = session.memo("simple_clv", (key, v.clv_margin, v.period, v.churn_window),
                      lambda: clv.simple_clv(orders, margin=v.clv_margin, period=v.period, window_days=v.churn_window))
widgets.table(simple, "simple_clv")
