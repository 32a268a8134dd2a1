"""Data: upload exports, see how each was recognised, correct the mapping, check quality."""

import streamlit as st

from cxreport.io.dataset import missing_required
from cxreport.safe_text import markdown
from cxreport.ui import session, sharing, upload, view, widgets

ws = session.workspace()
st.title(view.tr("page.data"))
st.caption(view.tr("data.intro"))

editable = sharing.can_edit()  # a viewer link: the files are shown, not changed
if editable:
    # A new key empties the uploader when the sample comes back (its files would be read again).
    files = st.file_uploader(view.tr("data.upload"), accept_multiple_files=True,
                             key=f"uploader_{st.session_state.get('uploader_generation', 0)}",
                             type=None, help=view.tr("data.upload_help"))
    upload.uploader_words()
    if upload.ingest(files or []):
        st.rerun()
    upload.upload_messages()
else:
    st.info(view.tr("share.read_only"), icon="👁️")

if ws.is_sample:
    st.info(view.tr("data.on_sample"), icon="🧪")
elif editable and sharing.role() == "owner" and st.button(view.tr("data.use_sample"), icon=":material/science:"):
    st.session_state.pop("workspace", None)
    st.session_state.pop("uploads_seen", None)
    st.session_state.pop("link", None)  # a fresh start: the autosave's link is left behind
    st.query_params.pop(sharing.TOKEN_PARAM, None)
    st.session_state["uploader_generation"] = st.session_state.get("uploader_generation", 0) + 1
    st.rerun()

if not ws.datasets:
    st.info(view.tr("data.none_loaded"), icon="📂")

for ds in list(ws.datasets.values()):
    header = (f"**{markdown(ds.name)}** — {view.tr(f'kind.{ds.kind.value}')} ({widgets.percent(ds.kind_confidence, 0)}) · "
              f"{widgets.number(ds.table.height)} {view.tr('data.rows')}")
    missing = ", ".join(view.tr(f"field.{f}") for f in missing_required(ds))  # said on the card, not only on a tab
    if missing:
        header += f" · ⚠️ {view.tr('data.card_missing', fields=missing)}"
    with st.expander(header, expanded=not ws.is_sample or bool(missing)):
        if missing:
            st.warning(view.tr("data.card_missing_help", fields=missing), icon="⚠️")
        mapping_tab, quality_tab, preview_tab = st.tabs(
            [view.tr("data.tab_mapping"), view.tr("data.tab_quality"), view.tr("data.tab_preview")])
        with mapping_tab:
            if editable:
                upload.mapping_editor(ds)
                upload.number_style_picker(ds)
                upload.servqual_editor(ds)
            else:
                st.json(ds.mapping)
        with quality_tab:
            upload.quality_panel(ds)
        with preview_tab:
            upload.preview(ds)
        if editable and st.button(view.tr("data.remove"), key=f"remove_{ds.name}", icon=":material/delete:"):
            ws.remove(ds.name)
            st.rerun()

if editable:
    upload.journey_stage_editor()
