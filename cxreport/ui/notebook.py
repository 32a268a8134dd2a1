"""The notebook in the app: this session's `cxreport.notebook.Notebook` and the widgets of its cells.

The notebook lives in the session's state until the report is saved (then it is saved with
each version, `cxreport.ui.sharing`), so no session sees another's. Editing widgets are
keyed by the cell's id and a generation that changes whenever a whole notebook is put in
(an upload, a saved report opened), so a widget never shows a replaced cell's old text.
Cells are run by `cxreport.render.cells`, the code the exports run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging

import streamlit as st

from cxreport import notebook as nbm
from cxreport import pins, safe_text, state
from cxreport.errors import CXError
from cxreport.headlines import Card
from cxreport.render import cells as run
from cxreport.ui import session, view, widgets

log = logging.getLogger("cxreport")

_NB = "notebook"
_GEN = "notebook_generation"
_UPLOADED = "notebook_uploaded"  # digest of the last file read, so a rerun does not read it again
PINNABLE = frozenset(pins.PINNABLE)


def current() -> nbm.Notebook:
    return st.session_state.get(_NB) or nbm.Notebook()


def put(nb: nbm.Notebook, *, fresh: bool = False) -> None:
    """Make `nb` the session's notebook; `fresh` for a whole new one (its widgets start anew)."""
    st.session_state[_NB] = nb
    if fresh:
        st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1


def as_dict() -> dict | None:
    """The notebook as a saved report stores it (None when it has no cell)."""
    nb = current()
    return nbm.to_dict(nb) if nb.cells or nb.title else None


def install(doc: dict | None) -> None:
    """The notebook of a saved report (none: an empty one). A stored notebook that no longer
    reads (a chart since removed from the report) is logged and left out, never half-used."""
    try:
        nb = nbm.from_dict(doc, pinnable=PINNABLE) if doc else nbm.Notebook()
    except CXError as err:
        log.warning("saved notebook not used: %s", err)
        nb = nbm.Notebook()
    put(nb, fresh=True)


def add_pin(chart_id: str) -> None:
    """Pin a chart or card of the page on screen, in the view on screen."""
    v = view.current()
    query = {k: val for k, val in state.to_query(v).items() if k not in ("page", "lang")}
    put(current().add(nbm.PinCell(nbm.new_id(), page=v.page, chart=chart_id, view=query)))
    st.toast(view.tr("notebook.pinned"), icon=":material/push_pin:")


def _key(cell_id: str, what: str) -> str:
    return f"nb{st.session_state.get(_GEN, 0)}_{what}_{cell_id}"


# --- the page's parts ----------------------------------------------------------------------


def toolbar() -> None:
    """Add a note, a SQL cell or a chart of the last SQL cell."""
    nb = current()
    with st.container(horizontal=True):
        if st.button(view.tr("notebook.add.note"), icon=":material/notes:", key="nb_add_note"):
            put(nb.add(nbm.NoteCell(nbm.new_id())))
            st.rerun()
        if st.button(view.tr("notebook.add.sql"), icon=":material/database:", key="nb_add_sql"):
            put(nb.add(nbm.SqlCell(nbm.new_id())))
            st.rerun()
        sql = nb.sql_cells()
        if st.button(view.tr("notebook.add.chart"), icon=":material/bar_chart:", key="nb_add_chart", disabled=not sql,
                     help=None if sql else view.tr("notebook.add.chart_needs_sql")):
            put(nb.add(nbm.ChartCell(nbm.new_id(), source=sql[-1].id)))
            st.rerun()


def file_panel(editable: bool) -> None:
    """Download the notebook as its JSON file; upload one (read strictly: a bad file changes nothing)."""
    with st.expander(view.tr("notebook.file"), icon=":material/description:"):
        st.caption(view.tr("notebook.file_help"))
        st.download_button(view.tr("notebook.download"), data=nbm.to_json(current()).encode("utf-8"),
                           file_name="cxreport-notebook.json", mime="application/json", key="nb_download",
                           icon=":material/download:")
        if not editable:
            return
        upload = st.file_uploader(view.tr("notebook.upload"), type=["json"], key=f"nb_upload_{st.session_state.get(_GEN, 0)}")
        if upload is None:
            return
        if upload.size > nbm.MAX_FILE_BYTES:  # not read into memory at all
            widgets.show_error(nbm.too_large())
            return
        data = upload.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        if st.session_state.get(_UPLOADED) == digest:
            return
        try:
            nb = nbm.parse(data, pinnable=PINNABLE)
        except CXError as err:
            widgets.show_error(err)  # the notebook on screen stays as it was
            return
        st.session_state[_UPLOADED] = digest
        put(nb, fresh=True)
        st.toast(view.tr("notebook.uploaded", n=len(nb.cells)), icon=":material/upload:")
        st.rerun()


def cell(c: nbm.Cell, number: int, editable: bool) -> None:
    """One cell in a bordered box: its header (kind, number, move/duplicate/delete) and body."""
    with st.container(border=True, key=f"nb-cell-{c.id}"):
        _header(c, number, editable)
        {"note": _note, "sql": _sql, "chart": _chart, "pin": _pin}[c.kind](c, editable)


def _header(c: nbm.Cell, number: int, editable: bool) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.caption(f"{number} · {view.tr(f'notebook.kind.{c.kind}')}")
    if not editable:
        return
    nb = current()
    with right.container(horizontal=True, horizontal_alignment="right"):
        actions = [("up", ":material/arrow_upward:", lambda: nb.move(c.id, -1)),
                   ("down", ":material/arrow_downward:", lambda: nb.move(c.id, 1)),
                   ("duplicate", ":material/content_copy:", lambda: nb.duplicate(c.id)),
                   ("delete", ":material/delete:", lambda: nb.delete(c.id))]
        for name, icon, change in actions:
            if st.button("", icon=icon, key=_key(c.id, name), type="tertiary", help=view.tr(f"notebook.{name}")):
                put(change())
                st.rerun()


def _note(c: nbm.NoteCell, editable: bool) -> None:
    if editable:
        with st.expander(view.tr("notebook.edit_note"), expanded=not c.text):
            text = st.text_area(view.tr("notebook.note_label"), value=c.text, key=_key(c.id, "text"),
                                max_chars=nbm.MAX_NOTE_CHARS, height=160, help=view.tr("notebook.note_help"))
        if text != c.text:
            c = dataclasses.replace(c, text=text)
            put(current().replace(c))
    if c.text:
        # The writer's Markdown, HTML off, with raw HTML and images neutralised (safe_text.note).
        st.markdown(safe_text.note(c.text), unsafe_allow_html=False)


_RUNS = "notebook_runs"  # cell id -> times Run was pressed: a failed query (a timeout) can be tried again


def sql_output(c: nbm.SqlCell) -> run.SqlOutput:
    """The cell's result under this session's filters (computed once per query, filters, data and Run)."""
    f, period = view.filters(), view.current().period
    runs = st.session_state.get(_RUNS, {}).get(c.id, 0)
    return session.memo("notebook_sql", (c.sql, c.use_filters, f.key() if c.use_filters else None, period, runs),
                        lambda: run.run_sql_cell(c, session.workspace(), f, period=period))


def _sql(c: nbm.SqlCell, editable: bool) -> None:
    if editable:
        text = st.text_area(view.tr("notebook.sql_label"), value=c.sql, key=_key(c.id, "sql"),
                            max_chars=nbm.MAX_SQL_CHARS, height=140, placeholder="SELECT channel, count(*) AS orders FROM orders GROUP BY channel")
        left, right = st.columns([1, 3], vertical_alignment="center")
        use_filters = right.toggle(view.tr("notebook.use_filters"), value=c.use_filters, key=_key(c.id, "filters"),
                                   help=view.tr("notebook.use_filters_help"))
        if left.button(view.tr("notebook.run"), key=_key(c.id, "run"), icon=":material/play_arrow:", type="primary"):
            put(current().replace(dataclasses.replace(c, sql=text, use_filters=use_filters)))
            runs = st.session_state.setdefault(_RUNS, {})
            runs[c.id] = runs.get(c.id, 0) + 1
            st.rerun()
        if use_filters != c.use_filters:
            c = dataclasses.replace(c, use_filters=use_filters)
            put(current().replace(c))
        _views_help()
    else:
        st.code(c.sql, language="sql")
    st.caption(view.tr("notebook.filters_on" if c.use_filters else "notebook.filters_off"))
    if not c.sql.strip():
        return
    out = sql_output(c)
    if out.error is not None:
        widgets.show_error(out.error)
        return
    if out.truncated:
        st.warning(view.tr("notebook.truncated", rows=out.max_rows), icon="✂️")
    widgets.table(out.frame, f"sql_{c.id}", height=min(38 + 35 * max(out.frame.height, 1), 400))
    st.caption(view.tr("notebook.ran", rows=out.frame.height, seconds=f"{out.seconds:.2f}"))


def _views_help() -> None:
    with st.expander(view.tr("notebook.views"), icon=":material/help:"):
        from cxreport.sql import sql_views

        # The columns do not depend on the filters: listed once per workspace (2.4 s on the sample,
        # most of it the result views), whatever the filters do.
        period = view.current().period
        found = session.memo("notebook_views", (period,), lambda: sql_views(session.workspace(), None, period=period))
        st.caption(view.tr("notebook.views_help"))
        st.markdown("\n".join(
            f"- **{safe_text.markdown(name)}**: " + ", ".join(f"{safe_text.markdown(col)} ({safe_text.markdown(kind)})"
                                                             for col, kind in columns)
            for name, columns in found.items()))


def _chart(c: nbm.ChartCell, editable: bool) -> None:
    nb = current()
    sources = {s.id: n for n, s in enumerate(nb.cells, start=1) if isinstance(s, nbm.SqlCell)}
    source = nb.cell(c.source) if c.source in sources else None
    out = sql_output(source) if source is not None and source.sql.strip() else None
    frame = out.frame if out is not None and out.error is None else None
    if editable:
        c = _chart_settings(c, sources, frame)
    if source is None:
        st.info(view.tr("notebook.chart_no_source"), icon="📊")
        return
    if frame is None:
        st.info(view.tr("notebook.chart_run_first"), icon="📊")
        return
    try:
        ch = run.chart_of(c, frame, lang=view.lang())
    except CXError as err:
        widgets.show_error(err)
        return
    widgets.chart(ch, "notebook_chart", key_prefix=f"nb_{c.id}_")


def _chart_settings(c: nbm.ChartCell, sources: dict[str, int], frame) -> nbm.ChartCell:
    """The chart cell's pickers; the cell as picked (saved in the notebook when changed)."""
    ids = list(sources)
    cols = st.columns(6)
    source = cols[0].selectbox(view.tr("notebook.source"), ids, index=ids.index(c.source) if c.source in ids else None,
                               format_func=lambda i: view.tr("notebook.source_n", n=sources[i]), key=_key(c.id, "source"))
    mark = cols[1].selectbox(view.tr("notebook.mark"), nbm.MARKS, index=nbm.MARKS.index(c.mark),
                             format_func=view.labeller("notebook.marks"), key=_key(c.id, "mark"))
    names = list(frame.columns) if frame is not None else []

    def pick(col, label: str, current_value: str, field: str, optional: bool = False) -> str:
        options = ([""] if optional else []) + names
        index = options.index(current_value) if current_value in options else (0 if options else None)
        picked = col.selectbox(view.tr(label), options, index=index, key=_key(c.id, field),
                               format_func=lambda o: o or view.tr("notebook.none"))
        return picked or ""

    x = pick(cols[2], "notebook.x", c.x, "x")
    y = pick(cols[3], "notebook.y", c.y or (names[1] if len(names) > 1 else ""), "y")
    color = pick(cols[4], "notebook.color", c.color, "color", optional=True)
    aggregate = cols[5].selectbox(view.tr("notebook.aggregate_label"), nbm.AGGREGATES,
                                  index=nbm.AGGREGATES.index(c.aggregate), key=_key(c.id, "aggregate"),
                                  format_func=view.labeller("notebook.aggregate"))
    picked = dataclasses.replace(c, source=source or "", mark=mark, x=x, y=y, color=color, aggregate=aggregate)
    if picked != c:
        put(current().replace(picked))
    return picked


def _pin(c: nbm.PinCell, editable: bool) -> None:
    page = view.tr(f"page.{c.page}")
    follow = c.follow_filters
    if editable:
        follow = st.toggle(view.tr("notebook.follow_filters"), value=c.follow_filters, key=_key(c.id, "follow"),
                           help=view.tr("notebook.follow_filters_help"))
        if follow != c.follow_filters:
            c = dataclasses.replace(c, follow_filters=follow)
            put(current().replace(c))
    own = run.pin_view(dataclasses.replace(c, follow_filters=False), view.current())
    shown = view.tr("notebook.pin_follows") if follow else view.tr(
        "notebook.pin_keeps", filters=_filters_text(own) or view.tr("filters.all"))
    st.caption(f"📌 {view.tr('notebook.pin_from', page=page)} · {shown}")
    try:
        found = run.draw_pin(c, session.workspace(), view.current(), session.memo)
    except CXError as err:
        widgets.show_error(err)
        return
    if isinstance(found, Card):
        widgets.card(found, pin=False)
    else:
        widgets.chart(found, c.chart, key_prefix=f"nb_{c.id}_")


def _filters_text(v: state.ViewState) -> str:
    parts = []
    if v.date_from or v.date_to:
        parts.append(f"{v.date_from or '…'} – {v.date_to or '…'}")
    parts += [f"{view.tr(f'dim.{d}')}: {', '.join(vals)}" for d, vals in v.filters.items()]
    return "; ".join(parts)
