"""The Data page's moving parts: reading uploads, the mapping editor, the quality panel.

Uploads are read once per file (tracked by Streamlit's file id), so reruns never re-parse;
a failed file leaves a message and nothing else changes: files already loaded stay.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import streamlit as st

from cxreport import safe_text
from cxreport.errors import CXError, FileProblem
from cxreport.fields import FIELD_TYPES, Kind
from cxreport.fmt import fmt_number
from cxreport.io.dataset import Dataset, load_datasets, remap
from cxreport.io.limits import current as current_limits
from cxreport.io.normalise import source_column_name
from cxreport.io.quality import note_text, quality_for_reader, reasons_for_reader
from cxreport.io.memory import MappingMemory
from cxreport.ui import session, view, widgets

NONE = "—"


def mapping_memory() -> MappingMemory:
    """Corrections remembered for files with the same header, private to this session.

    Kept in the session's memory, not in a file: they are only ever read by this session,
    and a folder per session in the temporary directory outlived every session.
    """
    mem = st.session_state.get("mapping_memory")
    if mem is None:
        mem = st.session_state["mapping_memory"] = MappingMemory()
    return mem


def ingest(files: list) -> bool:
    """Read newly uploaded files into the workspace; remember each outcome by file id.

    A zip of several exports gives one dataset per table inside it, each with its own
    outcome, as if they had been uploaded one by one. Each read may spend only the memory
    the session has left (`Workspace.memory_bytes` against `Limits.session_memory_mb`).
    True when the workspace changed: the caller reruns, so the sidebar (drawn before the
    page) shows the new files' dates and filter values.
    """
    ws = session.workspace()
    seen: dict = st.session_state.setdefault("uploads_seen", {})
    fresh = [f for f in files if f.file_id not in seen]
    if not fresh:
        return False
    changed = False
    limits = current_limits()
    progress = st.progress(0.0, text=view.tr("data.reading"))
    for i, f in enumerate(fresh, 1):
        progress.progress(i / len(fresh), text=view.tr("data.reading_file", name=f.name))
        # The sample goes when the first good file arrives, so it does not count against the budget.
        used = 0 if ws.is_sample else ws.memory_bytes()
        try:
            outcomes = load_datasets(f.name, f.getvalue(), memory=mapping_memory(), limits=limits,
                                     memory_left=limits.session_bytes - used)
        except CXError as err:
            outcomes = [err]
        except Exception:  # noqa: BLE001 — a file must never break the session
            widgets.log.exception("reading %s", f.name)
            outcomes = [FileProblem("unreadable", f"The file {f.name} could not be read as a table.", name=f.name)]
        messages = []
        for outcome in outcomes:
            if isinstance(outcome, CXError):
                messages.append((str(outcome.params.get("name") or f.name), widgets.error_text(outcome, view.lang())))
                continue
            if ws.is_sample:  # the user's first good file replaces the whole sample; a bad one leaves it
                ws.clear()
                ws.is_sample = False
            try:
                ws.add(outcome)
            except CXError as err:
                messages.append((outcome.name, widgets.error_text(err, view.lang())))
                continue
            changed = True
        if messages:
            # One entry per upload (upload_messages shows one box per file): members of a zip by name.
            text = messages[0][1] if messages == [(f.name, messages[0][1])] else "\n\n".join(
                f"{safe_text.markdown(label)}: {message}" for label, message in messages)
            seen[f.file_id] = ("error", f.name, text)
        else:
            seen[f.file_id] = ("ok", f.name, "")
    progress.empty()
    if changed:
        session.prepare_in_background()
    return changed


def upload_messages() -> None:
    for status, name, text in st.session_state.get("uploads_seen", {}).values():
        if status == "error":
            # `text` is already Markdown (error_text escapes what it names); the file name is not.
            st.error(f"**{safe_text.markdown(name)}**: {text}", icon="🚫")


def mapping_editor(ds: Dataset) -> None:
    """Kind and column mapping, shown with confidence; applying a correction remembers it."""
    kinds = [k.value for k in Kind]
    columns = [NONE, *ds.raw.columns]
    with st.form(key=f"map_{ds.name}", border=False):
        kind = st.selectbox(view.tr("data.kind"), kinds, index=kinds.index(ds.kind.value),
                            format_func=view.labeller("kind"), key=f"kind_{ds.name}")
        fields = list(FIELD_TYPES[Kind(kind)])
        picked: dict[str, str] = {}
        cells = st.columns(3)
        for i, field in enumerate(fields):
            current = ds.mapping.get(field) if Kind(kind) == ds.kind else None
            conf = ds.confidence.get(field) if current else None
            label = view.tr(f"field.{field}") + (f" · {conf:.0%}" if conf is not None else "")
            choice = cells[i % 3].selectbox(label, columns, index=columns.index(current) if current in columns else 0,
                                            key=f"field_{ds.name}_{field}")
            if choice != NONE:
                picked[field] = choice
        applied = st.form_submit_button(view.tr("data.apply_mapping"), type="primary")
    if applied:
        try:
            # Another kind: the column pickers still hold the old kind's columns, so let
            # recognition propose the new kind's columns; the user corrects those next.
            new = remap(ds, kind=kind) if kind != ds.kind.value else remap(ds, kind=kind, mapping=picked)
        except CXError as err:
            widgets.show_error(err)
            return
        mapping_memory().remember(new)  # same header next time: same mapping
        session.workspace().add(new)
        for key in [k for k in st.session_state if str(k).startswith(f"field_{ds.name}_")]:
            del st.session_state[key]  # the pickers start again from the new mapping
        st.rerun()


def number_style_picker(ds: Dataset) -> None:
    """How money was read (1.250.000,50 or 1,250,000.50), with a switch: 344.000 can be either."""
    if ds.decimal_comma is None:
        return
    styles = ["comma", "point"]
    current = "comma" if ds.decimal_comma else "point"
    picked = st.radio(view.tr("data.number_style"), styles, index=styles.index(current), horizontal=True,
                      format_func=view.labeller("data.number_style"), key=f"number_style_{ds.name}",
                      help=view.tr("data.number_style_help"))
    if picked != current:
        new = remap(ds, decimal_comma=picked == "comma")
        session.workspace().add(new)
        st.rerun()


def quality_panel(ds: Dataset) -> None:
    # A missing field is said once, at the top of the file's card (pages/data.py), not again here.
    for note in ds.notes:  # notes name the file's columns and values
        st.caption(safe_text.markdown(note_text(note, view.lang()), max_chars=500))
    quality = ds.quality if isinstance(ds.quality, pl.DataFrame) else pl.DataFrame(ds.quality)
    widgets.table(quality_for_reader(quality, view.lang()), f"quality_{Path(ds.name).stem}",
                  columns=["check", "count", "share", "detail", "action"])
    if ds.rejected.height:
        widgets.table(reasons_for_reader(ds.rejected, view.lang()), f"rejected_{Path(ds.name).stem}", height=200)
    if ds.value_problems.height:
        st.caption(view.tr("data.value_problems", n=ds.value_problems.height))
        widgets.table(reasons_for_reader(ds.value_problems, view.lang()), f"answers_left_out_{Path(ds.name).stem}",
                      height=200)


def servqual_editor(ds: Dataset) -> None:
    """The survey's SERVQUAL tagging (dimension and role per unmapped column), correctable
    like the column mapping; applying it changes every page's SERVQUAL and key drivers."""
    ws = session.workspace()
    table = ws.servqual_table()
    if ds.kind is not Kind.SURVEYS or table.is_empty() or table.get_column("dimension").is_null().all():
        return
    from cxreport.metrics.servqual import DIMENSIONS, ROLES

    st.caption(f"**{view.tr('data.servqual_items')}** — {view.tr('data.servqual_help')}")
    none = view.tr("servqual.none")
    dims = {view.tr(f"servqual.{d}"): d for d in DIMENSIONS}
    roles = {view.tr(f"servqual.{r}"): r for r in ROLES}
    shown = table.with_columns(
        pl.col("dimension").replace_strict({v: k for k, v in dims.items()}, default=none),
        pl.col("role").replace_strict({v: k for k, v in roles.items()}, default=None))
    edited = st.data_editor(shown, hide_index=True, width="stretch", disabled=["column", "question"],
                            key=f"servqual_{ds.name}", column_config={
                                **widgets.column_config(shown.select("column", "question")),
                                "dimension": st.column_config.SelectboxColumn(view.tr("axis.dimension"),
                                                                              options=[none, *dims]),
                                "role": st.column_config.SelectboxColumn(view.tr("axis.servqual_role"), options=list(roles))})
    if st.button(view.tr("data.apply_servqual"), key=f"apply_servqual_{ds.name}"):
        tags = {row["column"]: None if row["dimension"] in (none, None) else
                (dims[row["dimension"]], roles.get(row["role"], "perception"))
                for row in edited.to_dicts()}  # one row per survey column
        ws.set_servqual_tags(tags)
        st.rerun()


def journey_stage_editor() -> None:
    """The journey stage of every touchpoint the loaded files name, recognised from its name
    and correctable here (the CX-model page's journey and friction points follow)."""
    from cxreport.metrics.journey import STAGES, recognise_stage

    ws = session.workspace()
    touchpoints = ws.dimension_values().get("touchpoint", [])
    if not touchpoints:
        return
    by_hand = ws.journey_stages()
    none = view.tr("stage.none")
    labels = {view.tr(f"stage.{stage}"): stage for stage in STAGES}
    names = {stage: label for label, stage in labels.items()}
    shown = pl.DataFrame({
        "touchpoint": touchpoints,
        "stage": [names.get(by_hand.get(tp) or recognise_stage(tp), none) for tp in touchpoints],
    })
    # A section below the files, not an expander: the page's expanders are its files.
    with st.container(border=True):
        st.markdown(f"**{view.tr('data.journey_stages')}**")
        st.caption(view.tr("data.journey_stages_help"))
        edited = st.data_editor(shown, hide_index=True, width="stretch", disabled=["touchpoint"], key="journey_stages",
                                column_config={
                                    "touchpoint": st.column_config.TextColumn(view.tr("dim.touchpoint")),
                                    "stage": st.column_config.SelectboxColumn(view.tr("axis.stage"),
                                                                              options=[none, *labels])})
        if st.button(view.tr("data.apply_journey_stages"), key="apply_journey_stages"):
            ws.set_journey_stages({row["touchpoint"]: labels.get(row["stage"]) for row in edited.to_dicts()})
            st.rerun()


def preview(ds: Dataset, rows: int = 50) -> None:
    """The first rows as they were read into the report: fields under their names in the
    user's language, the file's other columns under their own headers."""
    head = ds.table.head(rows)
    labels = {source_column_name(h): h for h in ds.raw.columns}
    config = widgets.column_config(head)
    for name in head.columns:
        if name in labels:
            config[name] = st.column_config.Column(labels[name])
    st.dataframe(widgets.styled(head, ds.currency), hide_index=True, width="stretch", column_config=config)


def uploader_words() -> None:
    """The uploader's own words ("Upload", "200MB per file") come from Streamlit's frontend in
    English only: in another language they are hidden and ours drawn in their place (CSS
    generated content, our own words only)."""
    lang = view.lang()
    if lang == "en":
        return
    size = json.dumps(view.tr("data.upload_limit", limit=fmt_number(current_limits().upload_mb, lang)), ensure_ascii=False)
    button = json.dumps(view.tr("data.upload_button"), ensure_ascii=False)
    zone = '[data-testid="stFileUploaderDropzone"]'
    st.html(f"""<style>
{zone} [data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: {size}; }}
{zone} button [data-testid="stMarkdownContainer"] p {{ display: none; }}
{zone} button [data-testid="stMarkdownContainer"]::after {{ content: {button}; }}
</style>""")
