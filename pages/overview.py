"""Overview: the few numbers that matter for whatever is loaded, and what moved, in words."""

import streamlit as st

from cxreport import headlines, pins
from cxreport.safe_text import markdown
from cxreport.ui import session, view, widgets

ws = session.workspace()
v = view.current()
f = view.filters()
st.title(view.tr("app.title"))
st.caption(view.tr("app.tagline"))
unused = [name for name, ds in ws.datasets.items() if not ds.ready]
if unused:
    st.warning(view.tr("data.unused_files", n=len(unused), names=", ".join(unused)), icon="📂")
    if ws.kinds():
        st.page_link("pages/data.py", label=view.tr("need.go_to_data"), icon=":material/upload_file:")
if not ws.kinds():
    if not unused:
        st.info(view.tr("data.none_loaded"), icon="📂")
    st.page_link("pages/data.py", label=view.tr("need.go_to_data"), icon=":material/upload_file:")
    st.stop()

ctx = session.context()
sentences = session.memo("story", (f.key(), v.period, v.lang), lambda: headlines.story(
    {k: ws.filtered(k, f) for k in ws.kinds()}, period=v.period, lang=v.lang))

if sentences:
    st.subheader(view.tr("overview.what_moved"))
    # The sentences name segments, channels and touchpoints from the data: escaped whole.
    st.markdown("\n".join(f"- {markdown(s, max_chars=500)}" for s in sentences))

layers = pins.overview_cards(ctx)
if not layers and not sentences:  # files loaded, yet not one number: say why rather than show a blank page
    st.info(view.tr("overview.no_cards"), icon="📂")
    st.page_link("pages/data.py", label=view.tr("need.go_to_data"), icon=":material/upload_file:")
for layer, cards in layers.items():
    st.subheader(view.tr(f"overview.layer.{layer}"))
    # One row of columns per four cards: on a phone columns stack, and cards then still read in order.
    width = min(len(cards), 4)
    for start in range(0, len(cards), width):
        for column, c in zip(st.columns(width), cards[start:start + width]):
            with column:
                widgets.card(c)
