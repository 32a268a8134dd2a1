"""Overview: the few numbers that matter for whatever is loaded, and what moved, in words."""

import streamlit as st

from cxreport import headlines
from cxreport.safe_text import markdown
from cxreport.errors import CXError
from cxreport.fields import Kind
from cxreport.ui import session, view

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

tables = {k: ws.filtered(k, f) for k in ws.kinds()}


def clv_result():
    try:  # too few repeat buyers for a model: the overview simply has no CLV card
        return session.predictive_clv(tables[Kind.ORDERS], f.key()) if Kind.ORDERS in tables else None
    except CXError:
        return None


found = session.memo("headlines", (f.key(), v.period, v.churn_window, v.clv_horizon, v.clv_discount, v.clv_margin),
                     lambda: headlines.headlines(tables, period=v.period, churn_window=v.churn_window,
                                                 clv_result=clv_result()))
sentences = session.memo("story", (f.key(), v.period, v.lang), lambda: headlines.story(tables, period=v.period, lang=v.lang))

if sentences:
    st.subheader(view.tr("overview.what_moved"))
    # The sentences name segments, channels and touchpoints from the data: escaped whole.
    st.markdown("\n".join(f"- {markdown(s, max_chars=500)}" for s in sentences))

currency = ws.currency(Kind.ORDERS)
by_key = {h.key: h for h in found}
for layer, keys in headlines.LAYERS.items():
    cards = [headlines.card(by_key[k], lang=v.lang, currency=currency, period=v.period) for k in keys if k in by_key]
    if not cards:
        continue
    st.subheader(view.tr(f"overview.layer.{layer}"))
    # One row of columns per four cards: on a phone columns stack, and cards then still read in order.
    width = min(len(cards), 4)
    for start in range(0, len(cards), width):
        for column, c in zip(st.columns(width), cards[start:start + width]):
            # Cards hold only our own words and numbers (currencies come from a fixed list): no escaping.
            column.metric(c.label, c.value, delta=c.delta, help=c.help, border=True,
                          delta_color="normal" if c.higher_is_better else "inverse")
