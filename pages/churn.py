"""Churn: churn rate over time (logo and revenue), MRR movements, survival, customers at risk."""

import streamlit as st

from cxreport import charts
from cxreport.state import BOUNDS
from cxreport.fields import DIMENSIONS, Kind
from cxreport.filters import customers_in_window, restrict_periods
from cxreport.metrics import churn, mrr, survival
from cxreport.ui import session, view, widgets

st.title(view.tr("page.churn"))
ws = session.workspace()
v = view.current()
f = view.filters()
key = f.key()

if ws.has(Kind.ORDERS):
    orders = widgets.require(Kind.ORDERS)
    default = session.memo("churn_window", key, lambda: churn.default_churn_window_days(orders))
    window = st.number_input(view.tr("churn.window"), **BOUNDS["churn_window"].widget(),
                             value=v.churn_window or default.days, key="w_churn_window_input")
    if window != (v.churn_window or default.days):
        v = view.update(churn_window=int(window))
    st.caption(view.tr("churn.window_default", days=default.days) + " " + (
        view.tr("churn.window_why", share=widgets.percent(default.quantile), gap=widgets.number(default.gap_days_at_quantile),
                gaps=widgets.number(default.gaps), days=default.days)
        if default.gap_days_at_quantile is not None else view.tr("churn.window_fallback", days=default.days)))

    rates = session.memo("churn_by_period", (key, v.period, window),
                         lambda: restrict_periods(churn.churn_by_period(orders, window_days=int(window), period=v.period),
                                                  "period", f, v.period))
    widgets.chart(charts.churn_over_time(rates, lang=v.lang, period=v.period), "churn_over_time")

    st.subheader(view.tr("churn.survival"))
    by_options = ["cohort", *[d for d in DIMENSIONS if d in orders.columns]]
    by = st.selectbox(view.tr("churn.survival_by"), by_options, index=by_options.index(v.survival_by) if v.survival_by in by_options else 0,
                      format_func=view.labeller("dim"), key="w_survival_by_input")
    if by != v.survival_by:
        v = view.update(survival_by=by)
    km = session.memo("survival", (key, window, by, v.period),
                      lambda: survival.survival_by(customers_in_window(orders, Kind.ORDERS, f, acquired=True),
                                                   window_days=int(window), by=by, period="quarter"))
    widgets.chart(charts.survival_curves(km, lang=v.lang, by=by), "survival")
    medians = survival.median_lifetime(km)
    widgets.table(medians, "median_lifetime")

    st.subheader(view.tr("churn.at_risk"))
    risk = session.memo("at_risk", (key, window), lambda: churn.customers_at_risk(
        customers_in_window(orders, Kind.ORDERS, f), window_days=int(window)))
    widgets.table(risk.filter(risk["status"] == "at risk"), "customers_at_risk", height=320)

if ws.has(Kind.SUBSCRIPTIONS):
    subs = widgets.require(Kind.SUBSCRIPTIONS)
    st.subheader(view.tr("churn.mrr"))
    moves = session.memo("mrr_movements", (key, v.period),
                         lambda: restrict_periods(mrr.mrr_movements(subs, period=v.period), "period", f, v.period))
    widgets.chart(charts.mrr_movements(moves, lang=v.lang, period=v.period, currency=ws.currency(Kind.SUBSCRIPTIONS)), "mrr_movements")
    widgets.table(moves, "mrr_movements")

if not (ws.has(Kind.ORDERS) or ws.has(Kind.SUBSCRIPTIONS)):
    widgets.require(Kind.ORDERS)
