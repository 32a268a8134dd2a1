"""Churn: churn rate over time (logo and revenue), MRR movements, survival, customers at risk."""

import streamlit as st

from cxreport import pins
from cxreport.state import BOUNDS
from cxreport.fields import Kind
from cxreport.filters import customers_in_window
from cxreport.metrics import churn
from cxreport.ui import session, view, widgets

st.title(view.tr("page.churn"))
ws = session.workspace()
v = view.current()
f = view.filters()
key = f.key()

if ws.has(Kind.ORDERS):
    orders = widgets.require(Kind.ORDERS)
    default = pins.default_churn_window(session.context())
    window = st.number_input(view.tr("churn.window"), **BOUNDS["churn_window"].widget(),
                             value=v.churn_window or default.days, key="w_churn_window_input")
    if window != (v.churn_window or default.days):
        v = view.update(churn_window=int(window))
    st.caption(widgets.churn_window_note(default))
    widgets.pinned("churn_over_time")

    st.subheader(view.tr("churn.survival"))
    by_options = pins.survival_by_options(orders)
    by = st.selectbox(view.tr("churn.survival_by"), by_options, index=by_options.index(v.survival_by) if v.survival_by in by_options else 0,
                      format_func=view.labeller("dim"), key="w_survival_by_input")
    if by != v.survival_by:
        v = view.update(survival_by=by)
    widgets.pinned("survival")
    widgets.table(pins.median_lifetimes(session.context()), "median_lifetime", period="quarter")

    st.subheader(view.tr("churn.at_risk"))
    risk = session.memo("at_risk", (key, window), lambda: churn.customers_at_risk(
        customers_in_window(orders, Kind.ORDERS, f), window_days=int(window)))
    widgets.table(risk.filter(risk["status"] == "at risk"), "customers_at_risk", height=320,
                  columns=["customer_id", "last_order", "orders", "revenue", "days_since_last", "expected_gap_days"])

if ws.has(Kind.SUBSCRIPTIONS):
    widgets.require(Kind.SUBSCRIPTIONS)
    st.subheader(view.tr("churn.mrr"))
    widgets.pinned("mrr_movements")
    widgets.table(pins.mrr_table(session.context()), "mrr_movements", currency=pins.mrr_currency(session.context()),
                  columns=["period", "new", "expansion", "contraction", "churned", "mrr_end",
                           "nrr", "grr", "logo_churn_rate"], money=("churned", "reactivated"))

if not (ws.has(Kind.ORDERS) or ws.has(Kind.SUBSCRIPTIONS)):
    widgets.require(Kind.ORDERS)
