"""Notebook: notes, SQL over the loaded data, charts of its results and pinned report charts, in order."""

import streamlit as st

from cxreport.ui import notebook, sharing, view

st.title(view.tr("page.notebook"))
st.caption(view.tr("notebook.intro"))
editable = sharing.can_edit()  # a viewer link: the saved notebook is shown, not changed
if not editable:
    st.info(view.tr("notebook.read_only"), icon="👁️")

nb = notebook.current()
if editable:
    notebook.toolbar()
if not nb.cells:
    st.info(view.tr("notebook.empty"), icon="📝")
for number, cell in enumerate(nb.cells, start=1):
    notebook.cell(cell, number, editable)
notebook.file_panel(editable)
