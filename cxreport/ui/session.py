"""Per-session objects: the workspace (this user's files), a memo of computed results.

Everything here lives in `st.session_state`, which Streamlit keeps per browser session,
so one user's uploads are never visible to another. Only the public sample's parsed
datasets are shared (read-only) through `st.cache_resource`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import streamlit as st

from cxreport.sample import load_sample
from cxreport.workspace import Workspace

_MEMO_SIZE = 64


@st.cache_resource(show_spinner=False)
def sample_datasets() -> list:
    """The bundled sample, read once per server process and shared read-only."""
    return load_sample()


def workspace() -> Workspace:
    """This session's workspace, opened on the bundled sample the first time."""
    ws = st.session_state.get("workspace")
    if ws is None:
        ws = Workspace()
        for ds in sample_datasets():
            ws.add(ds)
        ws.is_sample = True
        st.session_state["workspace"] = ws
    return ws


def memo(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """Compute once per (workspace version, name, key) in this session; a small LRU.

    Reruns happen on every click; recomputing a cohort table each time would waste the
    user's seconds. The workspace version is part of the key, so new files invalidate.
    """
    store: OrderedDict = st.session_state.setdefault("_memo", OrderedDict())
    full_key = (workspace().version, name, key)
    if full_key in store:
        store.move_to_end(full_key)
        return store[full_key]
    value = compute()
    store[full_key] = value
    while len(store) > _MEMO_SIZE:
        store.popitem(last=False)
    return value


def predictive_clv(orders, filters_key: tuple):
    """The predictive CLV of the view's orders and CLV settings, fitted once per session and
    shared by the Overview and CLV pages (the fit is the slowest step on large exports)."""
    from cxreport.metrics import clv
    from cxreport.ui import view

    from cxreport.filters import customers_in_window
    from cxreport.fields import Kind

    v = view.current()

    def fit():  # on the customers' whole history; shown for the customers the date range sees
        result = clv.predictive_clv(orders, horizon_months=v.clv_horizon,
                                    annual_discount_rate=v.clv_discount, margin=v.clv_margin)
        f = view.filters()
        if f.date_from is None:
            return result
        seen = customers_in_window(orders, Kind.ORDERS, f).get_column("customer_id").unique()
        return clv.for_customers(result, seen)

    return memo("predictive_clv", (filters_key, v.clv_horizon, v.clv_discount, v.clv_margin), fit)
