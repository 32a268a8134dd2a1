"""Page parameters drawn beside the content, bound to the view (and so to the URL)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from cxreport.ui import view


def choice(field: str, options: Sequence[str], *, label_key: str, option_prefix: str) -> str:
    """A segmented control bound to view.<field>; never empty (a second click keeps the value)."""
    current = getattr(view.current(), field)
    return view.bound(
        st.segmented_control, field, view.tr(label_key), options=list(options),
        format_func=view.labeller(option_prefix),
        from_widget=lambda v: v if v is not None else current,
    )


def chart_selection(event: object, param: str, field: str, *, key: str) -> tuple[str, ...] | None:
    """Values a click on a chart selected, when the click is new (else None).

    Streamlit forgets a chart's selection when the page is left; the view keeps it. So a
    selection only changes the view when it differs from the one seen on the last run.
    """
    selection = getattr(event, "selection", None) or {}
    points = selection.get(param) or [] if hasattr(selection, "get") else []
    values = tuple(sorted({str(p.get(field)) for p in points if isinstance(p, dict) and p.get(field) is not None}))
    last_key = f"_last_selection_{key}"
    first_sight = last_key not in st.session_state
    if st.session_state.get(last_key) == values:
        return None
    st.session_state[last_key] = values
    # The first run of a chart reports no click; the view (perhaps from a link) stands.
    return None if first_sight and not values else values
