"""Why: the CX model — SERVQUAL dimensions, the key drivers of NPS, customer service against CX,
the CX-indicator scorecard and the journey's friction points."""

import polars as pl
import streamlit as st

from cxreport import charts, pins
from cxreport.fields import Kind
from cxreport.metrics import drivers, indicators, journey, servqual
from cxreport.ui import indicator_cards, params, session, view, widgets

st.title(view.tr("page.cx_model"))
st.caption(view.tr("cxmodel.intro"))
responses = widgets.require(Kind.SURVEYS)
ws = session.workspace()
v = view.current()
items = tuple(ws.servqual_items())
key = (view.filters().key(), items)  # the tags are part of the key: a correction recomputes
tickets = ws.filtered(Kind.TICKETS, view.filters()) if ws.has(Kind.TICKETS) else None

st.subheader(view.tr("cxmodel.servqual"))
with widgets.section():
    if not any(i.role == "perception" for i in items):
        st.info(view.tr("cxmodel.no_servqual"), icon="🧭")
    else:
        dims = session.memo("servqual", key, lambda: servqual.servqual(responses, items))
        widgets.chart(charts.servqual_bars(dims, lang=v.lang), "servqual")
        score = servqual.servqual_score(dims)
        st.caption(view.tr("cxmodel.servqual_score", basis=view.tr(f"servqual.basis_{score['basis']}"),
                           unweighted=widgets.number(score["unweighted"], 2), weighted=widgets.number(score["weighted"], 2)))
        widgets.table(dims, "servqual")

st.subheader(view.tr("cxmodel.drivers"))
with widgets.section():
    table = session.memo("driver_table", key, lambda: drivers.driver_table(responses, tickets=tickets, items=items))
    found = session.memo("key_drivers", key, lambda: drivers.key_drivers(table))
    widgets.chart(charts.driver_quadrant(found, lang=v.lang), "key_drivers")
    first = found.row(0, named=True)
    st.caption(view.tr("cxmodel.drivers_method", n=first["n"], r2=first["r2"]))
    fix = [view.tr(f"driver.{r['driver']}") for r in found.to_dicts() if r["quadrant"] == drivers.QUADRANTS[0]]
    if fix:
        st.markdown(view.tr("cxmodel.fix_first", drivers=", ".join(fix)))
    widgets.table(found, "key_drivers")

st.subheader(view.tr("cxmodel.service"))
if tickets is None:
    st.info(view.tr("cxmodel.no_tickets"), icon="🎧")
else:
    with widgets.section():
        split = session.memo("service_vs_cx", key, lambda: drivers.service_vs_cx(tickets, responses)).row(0, named=True)
        verdict = "cxmodel.significant" if split["change_significant"] else "cxmodel.not_significant"
        st.markdown(view.tr("cxmodel.service_split", with_ticket=split["nps_with_ticket"], n_with=split["n_with_ticket"],
                            without=split["nps_without_ticket"], n_without=split["n_without_ticket"],
                            change=split["change"], p=split["change_p"], significance=view.tr(verdict),
                            r2=split["service_r2"] or 0.0))
        trend = session.memo("service_cx_by_period", (key, v.period),
                             lambda: drivers.service_cx_by_period(tickets, responses, period=v.period))
        widgets.chart(charts.service_cx_trend(trend, lang=v.lang, period=v.period), "service_cx_trend")
        widgets.table(trend, "service_cx_by_period")

st.subheader(view.tr("cxmodel.indicators"))
st.caption(view.tr("cxmodel.indicators_intro"))
for column, card in zip(st.columns(len(indicators.INDICATORS)), pins.indicator_cards(session.context()).values()):
    with column:
        indicator_cards.indicator_card(card)

st.subheader(view.tr("cxmodel.journey"))
st.caption(view.tr("cxmodel.journey_intro"))
if not any("touchpoint" in ws.table(k).columns for k in pins.JOURNEY_KINDS if ws.has(k)):
    st.info(view.tr("cxmodel.no_journey"), icon="🧭")
else:
    with widgets.section():
        # Clicking a touchpoint filters the report by it, as the UX-vs-CX quadrant does.
        event = widgets.pinned("journey_map", on_select="rerun", selection_mode=charts.GROUP_SELECTION, key="journey")
        picked = params.chart_selection(event, charts.GROUP_SELECTION, "touchpoint", key="journey")
        if picked is not None and picked != tuple(sorted(v.filters.get("touchpoint", ()))):
            view.request(filters={**{d: x for d, x in v.filters.items() if d != "touchpoint"},
                                  **({"touchpoint": picked} if picked else {})})
        st.markdown(f"**{view.tr('cxmodel.friction_points')}**")
        ranked = journey.friction_points(pins.journey_table(session.context()))
        widgets.table(ranked.with_columns(pl.col("reasons").list.join("; ")), "friction_points")
