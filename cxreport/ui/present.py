"""Present mode (``?present=1``): the report one slide at a time, full screen.

The slides are the sections of the whole-report document (`cxreport.render.document`):
the Overview's cards and "What moved", then each page's headline chart, so a slide shows
the app's own numbers, then the session's notebook, a slide per cell. No sidebar, no Streamlit toolbar, large type; next and previous by
the arrow keys, PageUp/PageDown and space (what presentation clickers send) and by
buttons; the slide number is in the URL (``slide``), and every slide's footer prints the
filters in force and the data's date range.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import streamlit as st

from cxreport import notebook as nbm
from cxreport import safe_text
from cxreport.render.document import ReportDocument, Section, build_document
from cxreport.ui import notebook, session, view, widgets

PRESENT_PARAM = "present"
SLIDE_PARAM = "slide"

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMain"] .block-container { max-width: 1600px; padding: 2rem 3rem 1rem; }
[data-testid="stMain"] h1 { font-size: 3rem; } [data-testid="stMain"] h2 { font-size: 2.3rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.45rem; line-height: 1.5; }
[data-testid="stMetricValue"] { font-size: 2.6rem; } [data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.st-key-cx-slide-footer p { font-size: 0.95rem !important; color: #5b6475; }
</style>
"""

# Keys a presenter or a clicker sends: the page moves only when no input has the focus.
_KEYS_JS = """
export default function(component) {
  const { setTriggerValue } = component;
  const handler = (e) => {
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    const next = ["ArrowRight", "ArrowDown", "PageDown", " "].includes(e.key);
    const previous = ["ArrowLeft", "ArrowUp", "PageUp"].includes(e.key);
    if (next || previous) { e.preventDefault(); setTriggerValue("step", next ? 1 : -1); }
  };
  document.addEventListener("keydown", handler);
  return () => document.removeEventListener("keydown", handler);
}
"""


@dataclass(frozen=True)
class Slide:
    section: Section
    chart: alt.TopLevelMixin | None  # None: the section's cards and sentences


def slides(doc: ReportDocument) -> list[Slide]:
    """The Overview (cards and sentences), then one slide per page chart (a page's first
    chart is its headline; pages with more charts get one slide each, in page order), then
    the notebook's cells: a note, a SQL result, a pinned card or a chart each."""
    out: list[Slide] = []
    for section in doc.sections:
        if section.cards or section.sentences or section.notes or section.problems or (
                section.tables and not section.charts and section.slug.startswith("notebook")):
            out.append(Slide(section, None))
        out.extend(Slide(section, chart) for chart in section.charts)
    return out


def is_on() -> bool:
    return st.query_params.get(PRESENT_PARAM) in ("1", "true", "yes")


@st.cache_resource(show_spinner=False)
def _keys_component():
    return st.components.v2.component("cxreport_slide_keys", html="<span></span>", js=_KEYS_JS)


def _slide_number(total: int) -> int:
    raw = st.query_params.get(SLIDE_PARAM, "1")
    number = int(raw) if raw.isdigit() else 1
    return min(max(number, 1), max(total, 1))


def _go(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def run() -> None:
    """Draw the current slide of the session's report, then stop the script."""
    st.html(_CSS)
    v = view.current()
    ws = session.workspace()
    nb = notebook.current()
    # The notebook is part of the key: its cells are its value (frozen dataclasses), compared by content.
    doc = session.memo("present_document", (view.filters().key(), v.period, v.lang, v.churn_window, nbm.to_json(nb)),
                       lambda: build_document(ws, view.filters(), period=v.period, lang=v.lang,
                                              churn_window=v.churn_window, notebook=nb, view=v))
    deck = slides(doc)
    if not deck:
        st.info(view.tr("render.empty"))
        st.stop()
    number = _slide_number(len(deck))
    # A trigger is declared by its on_<name>_change callback; its value lasts one rerun.
    step = getattr(_keys_component()(key="slide_keys", on_step_change=lambda: None), "step", None)
    if step:
        number = min(max(number + int(step), 1), len(deck))
    _go(number)
    slide = deck[number - 1]
    st.header(slide.section.title)
    if slide.chart is None:
        if slide.section.cards:
            cols = st.columns(min(len(slide.section.cards), 4))
            for i, c in enumerate(slide.section.cards):
                cols[i % len(cols)].metric(c.label, c.value, delta=c.delta, border=True,
                                           delta_color="normal" if c.higher_is_better else "inverse")
        if slide.section.sentences:
            st.text("\n".join(f"• {s}" for s in slide.section.sentences))
        for text in slide.section.notes:  # a notebook note: the writer's Markdown, HTML and images off
            st.markdown(safe_text.note(text), unsafe_allow_html=False)
        for problem in slide.section.problems:
            st.text(problem)
        if slide.section.slug.startswith("notebook"):
            for caption, frame in slide.section.tables:
                st.code(caption, language="sql")
                st.dataframe(widgets.styled(frame), hide_index=True, width="stretch",
                             column_config=widgets.column_config(frame))
    else:
        st.altair_chart(slide.chart, width="stretch", theme=None)
    left, middle, right = st.columns([2, 5, 2])  # wide enough for "Sebelumnya" at 1366 px
    if left.button(view.tr("present.previous"), key="slide_previous", disabled=number == 1, icon=":material/arrow_back:"):
        _go(number - 1)
        st.rerun()
    if right.button(view.tr("present.next"), key="slide_next", disabled=number == len(deck), icon=":material/arrow_forward:"):
        _go(number + 1)
        st.rerun()
    with middle.container(key="cx-slide-footer"):
        st.caption(" · ".join([f"{number} / {len(deck)}", *doc.filter_lines()]), width="stretch")
        # In the wide middle column: in the narrow left one its label was cut ("Leave pres…")
        # at 1920×1080 and 1366×768.
        if st.button(view.tr("present.exit"), key="slide_exit", icon=":material/close:"):
            for key in (PRESENT_PARAM, SLIDE_PARAM):
                st.query_params.pop(key, None)
            st.rerun()
    st.stop()
