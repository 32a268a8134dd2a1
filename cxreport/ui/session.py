"""Per-session objects: the workspace (this user's files), a memo of computed results.

Everything private lives in `st.session_state`, which Streamlit keeps per browser session,
so one user's uploads are never visible to another. Shared between sessions, read-only:
the public sample's parsed datasets (`sample_datasets`) and the results computed on a
workspace every viewer has in common (`SharedResults`: the untouched sample today, a saved
report later), so a room of viewers of one view costs one computation.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import streamlit as st

from cxreport.fields import Kind
from cxreport.once import OncePerKey
from cxreport.sample import load_sample
from cxreport.workspace import Workspace

log = logging.getLogger(__name__)
_MEMO_SIZE = 64
_SHARED_SIZE = 256
SAMPLE_IDENTITY = ("sample", 0)  # the bundled sample as read once by this server process
_IDENTITY = "_shared_identity"


@st.cache_resource(show_spinner=False)
def sample_datasets() -> list:
    """The bundled sample, read once per server process and shared read-only."""
    return load_sample()


class SharedResults:
    """A process-wide, thread-safe LRU of results, each computed once however many ask.

    A viewer asking for a key that another session is computing waits for that computation
    instead of repeating it (one lock per key), so ten viewers opening one view cost one
    computation and nine waits. A failed computation is not stored: the next one asking
    tries again. Values are shared by every session, so callers must not change them in
    place (Polars frames and the metric results are not changed by the pages).
    """

    def __init__(self, max_entries: int = _SHARED_SIZE) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()  # guards _values; never held while computing
        self._once = OncePerKey()
        self.computed = 0  # computations run (not answers given): what a crowd benchmark checks

    def _kept(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        found, value = self._kept(key)
        if found:
            return value
        with self._once.computing(key):
            found, value = self._kept(key)  # computed by the session this one waited for
            if found:
                return value
            value = compute()
            with self._lock:
                self.computed += 1
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


@st.cache_resource(show_spinner=False)
def shared_results() -> SharedResults:
    """The one `SharedResults` of this server process."""
    return SharedResults()


def workspace() -> Workspace:
    """This session's workspace, opened on the bundled sample the first time."""
    ws = st.session_state.get("workspace")
    if ws is None:
        ws = Workspace()
        for ds in sample_datasets():
            ws.add(ds)
        ws.is_sample = True
        st.session_state["workspace"] = ws
        share_as(SAMPLE_IDENTITY)
    return ws


def prepare_in_background() -> None:
    """Start making the table the order metrics share (`metrics.prepare_orders`) for this
    session's orders in a thread of its own, right after an upload: reading it is the
    first page's costliest step (about 2 s on ten million orders), and a page that asks
    for it meanwhile waits for this one instead of making it again. Touches no Streamlit
    state, so it may outlive the script run that started it."""
    orders = workspace().table(Kind.ORDERS)
    if orders is not None:
        threading.Thread(target=_prepare_quietly, args=(orders,), name="prepare-orders", daemon=True).start()


# The columns the first pages group the orders by: the Overview's story (channel), then the
# CLV page's value by segment (the view's default grouping).
PREPARED_GROUPS = ("channel", "segment")


def _prepare_quietly(orders) -> None:
    from cxreport import metrics

    try:
        metrics.prepare_orders(orders, by=PREPARED_GROUPS)
    except Exception:  # noqa: BLE001 — the page that needs the table will say what is wrong
        log.warning("preparing the orders in the background failed", exc_info=True)


def share_as(identity: Hashable) -> None:
    """Declare this session's workspace, as it is now, identical to every other session's
    workspace declared under `identity`: its results are then computed once for all of them.

    The declaration holds for the workspace's current version only: any change (a remapped
    sample file, an upload) makes the workspace private again. A saved report opened by a
    link will declare `("report", report_id, report_version)`.
    """
    st.session_state[_IDENTITY] = (identity, workspace().version)


def identity() -> Hashable | None:
    """The shared identity of this session's workspace, or None when its data are private."""
    declared = st.session_state.get(_IDENTITY)
    if declared is None:
        return None
    ident, version = declared
    return ident if workspace().version == version else None


def memo(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """Compute once per (workspace, name, key): in this session, or once for every session
    showing the same shared workspace (`identity`).

    Reruns happen on every click; recomputing a cohort table each time would waste the
    user's seconds. The workspace version is part of a private key, so new files invalidate.
    """
    shared = identity()
    if shared is not None:
        return shared_results().get((shared, name, key), compute)
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


def context(v=None):
    """What `cxreport.pins` draws from: this session's workspace, the view (by default the
    one on screen) and this session's memo."""
    from cxreport.pins import Context
    from cxreport.ui import view

    return Context(workspace(), v or view.current(), memo)
