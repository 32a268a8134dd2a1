"""CLV: value by cohort and segment, its distribution, top customers, the predictive model."""

import streamlit as st

from cxreport import pins
from cxreport.state import BOUNDS
from cxreport.fields import Kind
from cxreport.metrics import clv
from cxreport.ui import session, view, widgets

st.title(view.tr("page.clv"))
orders = widgets.require(Kind.ORDERS)
v = view.current()
key = view.filters().key()
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
    result = pins.predictive_clv(session.context())
st.subheader(view.tr("clv.predictive"))
cols = st.columns(4)
summary = clv.clv_summary(result)
cols[0].metric(view.tr("clv.mean"), widgets.money_compact(summary["mean_clv"], currency),
               help=widgets.money(summary["mean_clv"], currency))
cols[1].metric(view.tr("clv.total"), widgets.money_compact(summary["total_clv"], currency),
               help=widgets.money(summary["total_clv"], currency))
cols[2].metric(view.tr("clv.p_alive"), widgets.percent(summary["mean_p_alive"]))
cols[3].metric(view.tr("clv.customers"), widgets.number(summary["customers"]))
widgets.pinned("clv_distribution")
if v.segment_by in orders.columns:
    widgets.pinned("clv_by_segment")
st.subheader(view.tr("clv.top_customers"))
widgets.table(result.customers.sort("clv", descending=True).head(100), "top_customers", height=300,
              columns=["customer_id", "frequency", "monetary_value", "p_alive", "expected_purchases", "clv"])

with st.expander(view.tr("clv.model_details")):
    widgets.table(clv.model_parameters(result), "clv_model_parameters")
    # A second fit on part of the data: seconds on large exports, so only on request.
    if st.toggle(view.tr("clv.run_holdout"), key="w_clv_holdout"):
        with st.spinner(view.tr("clv.fitting")):
            holdout = pins.holdout(session.context())
        st.caption(view.tr("clv.holdout_help", end=str(holdout.calibration_end)))
        widgets.pinned("calibration_holdout")

st.subheader(view.tr("clv.historical"))
widgets.pinned("historical_clv")
st.subheader(view.tr("clv.simple"))
# The Churn page's churn: same window (absent: the same default) and period, so both pages agree.
simple = session.memo("simple_clv", (key, v.clv_margin, v.period, v.churn_window),
                      lambda: clv.simple_clv(orders, margin=v.clv_margin, period=v.period, window_days=v.churn_window))
widgets.table(simple, "simple_clv", columns=["arpu", "margin", "churn_rate", "expected_lifetime_periods", "clv"])
