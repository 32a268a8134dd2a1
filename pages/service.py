"""Service: ticket volume, first response and resolution times, AHT, backlog, and their link to NPS."""

import streamlit as st

from cxreport import pins
from cxreport.fields import Kind
from cxreport.metrics import service
from cxreport.ui import session, view, widgets

st.title(view.tr("page.service"))
tickets = widgets.require(Kind.TICKETS)
ws = session.workspace()
key = view.filters().key()

st.subheader(view.tr("service.times"))
with widgets.section():  # an export without reply/solve times still shows volume and backlog
    times = pins.response_times_table(session.context())
    calendar = times.is_empty() or (times.get_column("basis") == "calendar").all()
    st.caption(view.tr("service.times_help" if calendar else "service.times_help_exported"))
    widgets.pinned("response_times")

left, right = st.columns(2)
with left:
    widgets.pinned("ticket_volume")
with right, widgets.section():
    widgets.pinned("backlog")

st.subheader(view.tr("service.by_team"))
has = {c: widgets.has_values(tickets, c) for c in ("handle_minutes", "csat_score", "customer_id")}
if not (has["handle_minutes"] or has["csat_score"]):
    st.caption(view.tr("service.no_team_measures"))
for by in ("channel", "agent"):
    if widgets.has_values(tickets, by):
        left, right = st.columns(2)
        with left, widgets.section():
            if has["handle_minutes"]:
                widgets.pinned(f"aht_by_{by}")
        with right, widgets.section():
            if has["csat_score"]:
                csat = session.memo(f"csat_{by}", key, lambda by=by: service.csat_by(tickets, by=by))
                widgets.table(csat, f"csat_by_{by}", columns=[by, "n", "csat", "ci_low", "ci_high", "mean_score"])

responses = ws.filtered(Kind.SURVEYS, view.filters()) if ws.has(Kind.SURVEYS) else None
if responses is not None and has["customer_id"] and widgets.has_values(responses, "customer_id"):
    st.subheader(view.tr("service.vs_nps"))
    with widgets.section():
        widgets.pinned("nps_by_first_response")
