"""The view (page, filters, parameters, language) kept in one place and mirrored in the URL.

Streamlit clears query parameters when the user moves between pages, and forgets a
widget's value when the widget is not drawn on the current page. So the canonical state
is a `ViewState` in session state: widgets are initialised from it and write back to it,
and after every run the URL is rewritten from it (`sync_url`), so a copied link always
reproduces what is on screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from cxreport import safe_text, state
from cxreport.fields import DIMENSIONS
from cxreport.filters import Filters
from cxreport.i18n import LANGS, t
from cxreport.pins import view_filters

_VIEW = "view"


def current() -> state.ViewState:
    """The view of this session; parsed from the URL on the session's first run."""
    if _VIEW not in st.session_state:
        # The link's own keys (a report's token, present mode, the sidebar) are not the view's.
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys() if k not in KEPT_PARAMS}
        view, notices = state.from_query(params)
        st.session_state[_VIEW] = view
        st.session_state["url_notices"] = notices
    return st.session_state[_VIEW]


def update(**changes: Any) -> state.ViewState:
    view = dataclasses.replace(current(), **changes)
    st.session_state[_VIEW] = view
    return view


def request(**changes: Any) -> None:
    """Change the view from a chart click, then rerun.

    The sidebar widgets were already drawn in this run and Streamlit forbids changing a
    drawn widget's value; so the change waits for the next run's start (`apply_requested`),
    where the affected widgets are re-created from the view.
    """
    st.session_state["_requested_view"] = {**st.session_state.get("_requested_view", {}), **changes}
    st.rerun()


def apply_requested() -> None:
    changes = st.session_state.pop("_requested_view", None)
    if not changes:
        return
    update(**changes)
    for field in changes:
        st.session_state.pop(f"w_{field}", None)
    if "filters" in changes:
        for dim in DIMENSIONS:
            st.session_state.pop(f"w_dim_{dim}", None)


def lang() -> str:
    return current().lang


def tr(key: str, /, **params: Any) -> str:
    """Translate in the view's language, as Markdown: the placeholders' values are escaped.

    Almost every Streamlit element renders Markdown, and a value may come from a link, a
    file name or a cell: `safe_text.markdown` makes it show as its characters, never as a
    link, image, formula or icon. The translations' own words keep their Markdown.
    """
    # `key` is positional-only: a text may have a {key} placeholder (the URL notices do).
    # Numbers pass as they are (they carry no markup, and a text may give them a format spec).
    safe = {name: value if isinstance(value, (int, float)) else safe_text.markdown(value) for name, value in params.items()}
    return t(key, current().lang, **safe)


def labeller(prefix: str) -> Callable[[str], str]:
    """A widget's format_func: option -> its words under `prefix`, in this run's language.

    The language is fixed when the widget is drawn: Streamlit may call a format_func
    again outside the run (AppTest does, to send the widget's state), when session state
    cannot be read and `tr` would fall back to the default language.
    """
    lang = current().lang
    return lambda option: t(f"{prefix}.{option}", lang)


def filters() -> Filters:
    return view_filters(current())


# Query parameters that are not part of the view but must survive `sync_url`: the token of
# the report's link (cxreport.ui.sharing) and present mode's slide (cxreport.ui.present).
KEPT_PARAMS = ("r", "present", "slide", "sidebar")


def sync_url() -> None:
    """Write the view to the address bar (the page itself is the URL's path)."""
    query = state.to_query(current())
    query.pop("page", None)
    token = st.session_state.get("link", {}).get("token") if st.session_state.get("link") else None
    if token:
        query["r"] = token
    for key in KEPT_PARAMS[1:]:
        if key in st.query_params:
            query[key] = st.query_params[key]
    if {k: st.query_params.get_all(k) for k in st.query_params.keys()} != {
        k: v if isinstance(v, list) else [v] for k, v in query.items()
    }:
        st.query_params.from_dict(query)


def show_url_notices() -> None:
    # Not notice.text(): its key and value come from the link, so they go through tr's escaping.
    for notice in st.session_state.pop("url_notices", []):
        st.warning(tr(notice.message_key, key=notice.key, value=notice.value, default=notice.default), icon="⚠️")


# --- widgets bound to the view ------------------------------------------------------------


def bound(widget: Callable[..., Any], field: str, label: str, *, to_widget: Callable = lambda v: v,
          from_widget: Callable = lambda v: v, **kwargs: Any) -> Any:
    """Draw `widget` showing view.<field>; whatever the user picks becomes the view's value."""
    key = f"w_{field}"
    if key not in st.session_state:
        st.session_state[key] = to_widget(getattr(current(), field))
    value = from_widget(widget(label, key=key, **kwargs))
    if value != getattr(current(), field):
        update(**{field: value})
    return value


def language_picker() -> None:
    names = {"en": "English", "id": "Bahasa Indonesia"}
    bound(st.selectbox, "lang", tr("sidebar.language"), options=list(LANGS), format_func=names.get)


def date_range_picker(span: tuple[dt.date, dt.date] | None) -> None:
    if span is None:
        return
    lo, hi = span
    view = current()
    start = view.date_from or lo
    end = view.date_to or hi
    key = "w_date_range"
    # New files change the span; a range kept from the old span would lie outside the new
    # limits, which st.date_input refuses. So the widget restarts whenever the span moves.
    if key not in st.session_state or st.session_state.get("_date_span") != span:
        st.session_state[key] = (max(min(start, hi), lo), max(min(end, hi), lo))
        st.session_state["_date_span"] = span
    # Day first in Indonesian, as dates are written there; ISO in English (no US/UK ambiguity).
    date_format = "DD/MM/YYYY" if view.lang == "id" else "YYYY-MM-DD"
    picked = st.date_input(tr("sidebar.date_range"), key=key, min_value=lo, max_value=hi, format=date_format)
    if isinstance(picked, Sequence) and len(picked) == 2:
        date_from = None if picked[0] <= lo else picked[0]
        date_to = None if picked[1] >= hi else picked[1]
        if (date_from, date_to) != (view.date_from, view.date_to):
            update(date_from=date_from, date_to=date_to)


def dimension_pickers(choices: dict[str, list[str]]) -> None:
    view = current()
    new_filters = dict(view.filters)
    for dim, options in choices.items():
        if len(options) < 2:
            continue
        key = f"w_dim_{dim}"
        if key in st.session_state and not set(st.session_state[key]) <= set(options):
            # The loaded files changed and some picked values are gone: keep the ones still offered.
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
        if key not in st.session_state:
            wanted = view.filters.get(dim, ())
            unknown = [v for v in wanted if v not in options]
            if unknown:
                st.session_state.setdefault("url_notices", []).append(
                    state.Notice(key=dim, value=", ".join(unknown), default=tr("filters.all")))
            st.session_state[key] = [v for v in wanted if v in options]
        picked = st.multiselect(tr(f"dim.{dim}"), options=options, key=key, placeholder=tr("filters.all"))
        new_filters[dim] = tuple(picked)
    new_filters = {k: v for k, v in new_filters.items() if v}
    if new_filters != dict(view.filters):
        update(filters=new_filters)


def sidebar_state() -> str:
    """How the page opens its sidebar: ``?sidebar=collapsed`` in the link (an embedded report,
    a link for a meeting room) keeps it closed, as does Streamlit's ``?embed=true``."""
    embedded = bool(st.context.is_embedded)  # ?embed=true: Streamlit keeps it out of st.query_params
    return "collapsed" if embedded or st.query_params.get("sidebar") == "collapsed" else "expanded"


# Streamlit has no event for the sidebar's collapse button. The sidebar element carries
# `data-collapsed`; a components-v2 script (it runs in the app's own document, not an
# iframe) watches that attribute after a click on the sidebar's buttons, writes the URL at
# once with history.replaceState, and tells the server by a trigger. The trigger costs one
# rerun, and it is needed: Streamlit sends the server the query string it last wrote itself,
# not the address bar's, so without it the next change of the view would write the URL
# again without `sidebar`.
_SIDEBAR_JS = """
export default function(component) {
  const { setTriggerValue } = component;
  // Only a click on the sidebar's own buttons counts: the sidebar also changes by itself
  // (while the page first lays out, or a window narrowed to a phone's width).
  const BUTTONS = '[data-testid="stSidebarCollapseButton"], [data-testid="stExpandSidebarButton"]';
  let clicked = -Infinity;
  const onClick = (e) => { if (e.target instanceof Element && e.target.closest(BUTTONS)) clicked = performance.now(); };
  document.addEventListener("click", onClick, true);
  const observer = new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    if (!bar || performance.now() - clicked > 3000) return;
    const collapsed = bar.getAttribute("data-collapsed") === "true";
    const url = new URL(window.location.href);
    if (collapsed === (url.searchParams.get("sidebar") === "collapsed")) return;
    clicked = -Infinity;
    if (collapsed) url.searchParams.set("sidebar", "collapsed"); else url.searchParams.delete("sidebar");
    window.history.replaceState(window.history.state, "", url);
    setTriggerValue("sidebar", collapsed ? "collapsed" : "expanded");
  });
  // The whole page, not the element: React may re-create the sidebar on a page change.
  observer.observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-collapsed"]});
  return () => { observer.disconnect(); document.removeEventListener("click", onClick, true); };
}
"""


@st.cache_resource(show_spinner=False)
def _sidebar_component():
    return st.components.v2.component("cxreport_sidebar_url", html="<span></span>", js=_SIDEBAR_JS)


def follow_sidebar() -> None:
    """Keep a sidebar collapsed or expanded by hand in the URL (``?sidebar=collapsed``), so a
    copied link and a reload open it the same way. Draw once per run, in the sidebar."""
    # A trigger is declared by its on_<name>_change callback; its value lasts one rerun.
    picked = getattr(_sidebar_component()(key="sidebar_url", on_sidebar_change=lambda: None), "sidebar", None)
    if picked == "collapsed":
        st.query_params["sidebar"] = "collapsed"
    elif picked == "expanded":
        st.query_params.pop("sidebar", None)
