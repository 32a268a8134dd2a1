"""Saved reports in the app: autosave that a reload finds again, Save, Share, Manage links.

The token of the link a session was opened with travels in the URL as ``r``. On every run
`open_link` resolves it again, so a revoked or expired link stops working on the next
rerun of anyone holding it, and a viewer sees the report's latest saved version as soon
as the presenter saves a new one. Roles:

- **owner** (a session's own work, and its autosave's draft link): uploads, saves, shares,
  manages the report's links;
- **editor** (an editor link): uploads and saves new versions;
- **viewer** (a viewer link): filters and switches pages, changes nothing that is saved.

A session without a token and with its own uploads autosaves after every change of its
files and puts the autosave's draft token in the URL, so reloading the tab keeps the work.
No page lists reports: a report is reached through its tokens only.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cxreport import state
from cxreport.store import LinkNotValid, ReportStore, SavedReport, apply_corrections, corrections_of
from cxreport.ui import notebook, session, view
from cxreport.workspace import Workspace

TOKEN_PARAM = "r"
_LINK = "link"  # session state: {"token", "report_id", "role", "version", "saved_at", "data_from", "data_to"}


@st.cache_resource(show_spinner=False)
def store() -> ReportStore:
    """One store per server process, under CXREPORT_DATA_DIR (see cxreport.store)."""
    return ReportStore()


def role() -> str:
    """owner, editor or viewer (see the module docstring)."""
    link = st.session_state.get(_LINK)
    if link is None or link["role"] == "draft":
        return "owner"
    return link["role"]


def can_edit() -> bool:
    return role() != "viewer"


def _not_valid() -> None:
    st.title(view.tr("share.not_valid_title"))
    st.warning(view.tr("error.link_not_valid"), icon="🔒")
    st.stop()


def _install(saved: SavedReport) -> None:
    ws = Workspace()
    for ds in saved.datasets:
        ws.add(ds)
    apply_corrections(ws, saved.corrections)  # SERVQUAL tags and journey stages set on the Data page
    st.session_state["workspace"] = ws
    st.session_state.pop("_memo", None)
    notebook.install(saved.notebook)


def open_link() -> None:
    """Open the report the URL's token names (every run): its latest version, the view it was
    saved with on the first run, or the "not valid" page. Does nothing without a token."""
    # Streamlit clears the URL's parameters on a move between pages: the session's own
    # link counts as much as the URL's, so a revoked link closes on any rerun.
    token = st.query_params.get(TOKEN_PARAM) or (st.session_state.get(_LINK) or {}).get("token")
    if not token:
        return
    try:
        link = store().resolve(token)
    except LinkNotValid:
        st.session_state.pop(_LINK, None)
        st.session_state.pop("workspace", None)  # never show the sample or another report instead
        _not_valid()
        return
    current = st.session_state.get(_LINK)
    drafts = link.role == "draft"
    latest = store().latest_version(link.report_id, include_autosave=drafts)
    if current and current["token"] == token and current["version"] == latest:
        return
    try:
        saved = store().load(link.report_id, include_autosave=drafts)
    except LinkNotValid:
        _not_valid()
        return
    first_open = current is None or current["token"] != token
    _install(saved)
    # Everyone holding a link to this version sees the same data: compute its results once.
    session.share_as(("report", link.report_id, saved.version))
    st.session_state[_LINK] = {"token": token, "report_id": link.report_id, "role": link.role,
                               "version": saved.version, "saved_at": saved.saved_at,
                               "data_from": saved.data_from, "data_to": saved.data_to,
                               "autosaved": session.workspace().version}
    if first_open and saved.view:
        # The saved view first, then whatever the link's own URL says on top of it.
        params = {k: v for k, v in saved.view.items() if k != TOKEN_PARAM}
        params.update({k: st.query_params.get_all(k) for k in st.query_params.keys() if k != TOKEN_PARAM})
        opened, notices = state.from_query(params)
        st.session_state["view"] = opened
        st.session_state["url_notices"] = notices


def stamp() -> None:
    """"Data as of …, saved …" for a session opened from a link."""
    link = st.session_state.get(_LINK)
    if not link or link["role"] == "draft":
        return
    st.caption(view.tr("share.stamp", data_to=str(link["data_to"] or "–"), saved=f"{link['saved_at']:%Y-%m-%d %H:%M}",
                       role=view.tr(f"share.role.{link['role']}")))


def _view_dict() -> dict:
    return state.to_query(view.current())


def autosave() -> None:
    """After the owner's files change, save an autosave and put its draft token in the URL."""
    ws = session.workspace()
    link = st.session_state.get(_LINK)
    if ws.is_sample or not ws.datasets or role() != "owner":
        return
    if link is not None and link.get("autosaved") == ws.version:
        return
    saved = store().save(list(ws.datasets.values()), view=_view_dict(), notebook=notebook.as_dict(), autosave=True,
                         report_id=link["report_id"] if link else None, corrections=corrections_of(ws))
    token = link["token"] if link else store().create_link(saved.report_id, "draft")
    st.session_state[_LINK] = {"token": token, "report_id": saved.report_id, "role": "draft",
                               "version": saved.version, "saved_at": saved.saved_at, "data_from": saved.data_from,
                               "data_to": saved.data_to, "autosaved": ws.version}


def url_token() -> str | None:
    """The token the URL must carry (`view.sync_url` keeps it)."""
    link = st.session_state.get(_LINK)
    return link["token"] if link else None


def _base_url() -> str:
    url = getattr(st.context, "url", None)
    if url:
        return url.split("?", 1)[0].rsplit("/", 1)[0] if "/" in url.split("//", 1)[-1] else url
    host = st.context.headers.get("host", "localhost:8501")
    return f"http://{host}"


def share_panel() -> None:
    """Save, Share (a viewer and an editor link) and Manage links, in the sidebar."""
    ws = session.workspace()
    if ws.is_sample or not ws.datasets or not can_edit():
        return
    with st.expander(view.tr("share.title"), icon=":material/share:"):
        if st.button(view.tr("share.save"), key="share_save", icon=":material/save:", width="stretch"):
            link = st.session_state.get(_LINK)
            saved = store().save(list(ws.datasets.values()), view=_view_dict(), notebook=notebook.as_dict(),
                                 report_id=link["report_id"] if link else None, corrections=corrections_of(ws))
            if link is None:
                link = {"token": store().create_link(saved.report_id, "draft"), "role": "draft"}
            st.session_state[_LINK] = {**link, "report_id": saved.report_id, "version": saved.version,
                                       "saved_at": saved.saved_at, "data_from": saved.data_from,
                                       "data_to": saved.data_to, "autosaved": ws.version}
            st.toast(view.tr("share.saved", version=saved.version))
        link = st.session_state.get(_LINK)
        if link is None or store().latest_version(link["report_id"]) is None:
            st.caption(view.tr("share.save_first"))
            return
        if role() == "owner":
            if st.button(view.tr("share.new_links"), key="share_links", icon=":material/link:", width="stretch"):
                st.session_state["share_new"] = {r: store().create_link(link["report_id"], r) for r in ("viewer", "editor")}
            for r, token in st.session_state.get("share_new", {}).items():
                st.text_input(view.tr(f"share.link.{r}"), f"{_base_url()}/?{TOKEN_PARAM}={token}", key=f"share_url_{r}")
            _manage_links(link["report_id"])


def download_panel() -> None:
    """The whole report in its current view, as one offline HTML file, a PDF, or (for those
    who may edit it) a zip of a notebook and the data it recomputes every number from
    (`cxreport.render.bundle`). Built only when clicked, from what this run captured (a
    download runs outside the script's run)."""
    from cxreport.render.document import build_document
    from cxreport.render.html import chromium_path, to_html, to_pdf

    v = view.current()
    ws, filters = session.workspace(), view.filters()

    nb = notebook.current()

    def document():
        return build_document(ws, filters, period=v.period, lang=v.lang, churn_window=v.churn_window, notebook=nb,
                              view=v)

    def pdf() -> bytes:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory(prefix="cxreport-pdf-") as tmp:
            return to_pdf(document(), Path(tmp) / "report.pdf").read_bytes()

    def bundle() -> bytes:
        from cxreport.render.bundle import bundle_zip

        return bundle_zip(ws, document(), notebook=nb, view=v)

    with st.expander(view.tr("export.title"), icon=":material/download:"):
        st.download_button(view.tr("export.html"), data=lambda: to_html(document()).encode("utf-8"),
                           file_name="cxreport.html", mime="text/html", key="export_html", on_click="ignore",
                           width="stretch")
        if chromium_path():
            st.download_button(view.tr("export.pdf"), data=pdf, file_name="cxreport.pdf", mime="application/pdf",
                               key="export_pdf", on_click="ignore", width="stretch")
        # The zip holds every row as read (customer ids, e-mail addresses ...), more than the
        # report shows: a viewer link shares the report, not the raw data behind it.
        if can_edit():
            st.download_button(view.tr("export.bundle"), data=bundle, file_name="cxreport-report.zip",
                               mime="application/zip", key="export_bundle", on_click="ignore", width="stretch")
        st.caption(view.tr("export.help"))


def _manage_links(report_id: str) -> None:
    links = store().links(report_id)
    if not links:
        return
    st.caption(view.tr("share.manage"))
    for lk in links:
        state_word = view.tr("share.active" if lk.active else "share.closed")
        st.text(f"{view.tr(f'share.role.{lk.role}')} · {lk.id} · {state_word}")
        if not lk.active:
            continue
        cols = st.columns(2)
        if cols[0].button(f"{view.tr('share.revoke')} · {view.tr(f'share.role.{lk.role}')}", key=f"revoke_{lk.id}"):
            store().revoke(report_id, lk.id)
            st.rerun()
        expiry = cols[1].date_input(view.tr("share.expires"), value=lk.expires_at.date() if lk.expires_at else None,
                                    min_value=dt.date.today(), key=f"expiry_{lk.id}")
        wanted = dt.datetime.combine(expiry, dt.time(23, 59, 59)) if expiry else None
        if wanted != lk.expires_at:
            store().set_expiry(report_id, lk.id, wanted)
