"""cxreport: the app's entry point — navigation, the sidebar shared by every page, the URL."""

import streamlit as st

from cxreport.ui import present, session, sharing, view, widgets

st.set_page_config(page_title="cxreport", page_icon="📊", layout="wide", initial_sidebar_state=view.sidebar_state())

sharing.open_link()  # a report's link (?r=...): its latest version, or the "not valid" page
view.current()  # parse the URL once per session, before any widget reads the view
view.apply_requested()  # a chart click on the last run (e.g. a touchpoint on UX vs CX)
ws = session.workspace()
if present.is_on():
    present.run()  # one slide, full screen; stops the script

PAGES = [
    ("overview", ":material/dashboard:"),
    ("data", ":material/upload_file:"),
    ("cohorts", ":material/grid_on:"),
    ("churn", ":material/trending_down:"),
    ("clv", ":material/savings:"),
    ("surveys", ":material/reviews:"),
    ("service", ":material/support_agent:"),
    ("ux_vs_cx", ":material/compare:"),
    ("cx_model", ":material/psychology:"),
    ("notebook", ":material/edit_note:"),
]
# Altair's theme is process-wide: the app switches it on; importing the library does not.
from cxreport import charts  # noqa: E402

charts.use_theme()

pages = [
    st.Page(f"pages/{slug}.py", title=view.tr(f"page.{slug}"), icon=icon, url_path=slug, default=slug == "overview")
    for slug, icon in PAGES
]
page = st.navigation(pages)
view.update(page=page.url_path or "overview")

with st.sidebar:
    view.language_picker()
    st.caption(view.tr("sidebar.filters"))
    view.date_range_picker(ws.date_span())
    view.dimension_pickers(ws.dimension_values())
    view.bound(st.selectbox, "period", view.tr("sidebar.period"), options=["day", "week", "month", "quarter"],
               format_func=view.labeller("period"))
    if ws.is_sample:
        st.caption(view.tr("sidebar.sample_note"))
    sharing.stamp()
    if st.button(view.tr("present.start"), key="present_start", icon=":material/slideshow:", width="stretch"):
        st.query_params[present.PRESENT_PARAM] = "1"
        st.rerun()
    sharing.share_panel()
    sharing.download_panel()
    view.follow_sidebar()  # a sidebar collapsed by hand goes into the URL

view.show_url_notices()
try:
    widgets.run_guarded(page.run)
    sharing.autosave()
finally:
    view.sync_url()
