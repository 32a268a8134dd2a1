"""Serve the app: `python -m cxreport.ui.serve [streamlit options]` (what `make run` calls).

Why not plain `streamlit run streamlit_app.py`:
- The brief keeps the report pages in a folder named `pages/` beside the entry script, and
  Streamlit treats such a folder as an old-style "pages directory" until the first session
  has run `st.navigation`. Until then a first visitor who opens a shared deep link (say
  `/cohorts?channel=Email`) would get that page without the entry script: no sidebar
  filters, no URL sync. Clearing the flag before the server starts makes every request, the
  first included, go through `st.navigation`.
- Everything the pages need is imported before the server accepts a connection
  (`preload`). Python imports a module once, but a second thread that asks for a module
  while the first is still executing it gets the half-built module: ten viewers of a
  presenter's link arriving together on a fresh server saw "partially initialized module
  'pandas'" (altair imports pandas lazily on its first chart).
- Memory of closed sessions is given back (`SessionJanitor`): Streamlit keeps a closed tab's
  session for `server.disconnectedSessionTTL` seconds (for a reconnect) and afterwards only
  forgets it the next time someone connects, without shutting it down (its uploaded files
  stay in the upload manager). The janitor shuts such sessions down, then asks the
  allocators to hand freed pages back to the system.
"""

from __future__ import annotations

# Polars' jemalloc could return freed pages from a background thread
# (_RJEM_MALLOC_CONF=background_thread:true), but with it the crowd benchmark saw an
# uploaded session's page hang with the server idle in 2 of 3 runs; until that is
# understood, freed memory is handed back by the janitor's explicit release only.

import ctypes
import faulthandler
import gc
import importlib
import logging
import pkgutil
import signal
import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from cxreport.allocator import share_arenas

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
log = logging.getLogger("cxreport")

# Modules the pages reach lazily (through altair, Streamlit's dataframe and chart elements,
# icons, the CLV fit, the readers); cxreport's own modules are all imported too. The list
# was taken by running every page with AppTest after `preload` and listing what was new in
# sys.modules (tests/e2e/test_crowd.py checks the same against the real server).
PRELOAD = (
    "numpy", "pandas", "pyarrow", "polars", "duckdb", "narwhals", "altair", "jsonschema", "vl_convert",
    "scipy.special", "scipy.optimize", "scipy.stats", "charset_normalizer", "fastexcel",
    "pyarrow.pandas_compat", "pyarrow.vendored.version", "pandas.io.formats.style", "encodings.utf_8_sig", "encodings.cp437",
    "streamlit.elements.vega_charts", "streamlit.elements.arrow", "streamlit.dataframe_util",
    "streamlit.emojis", "streamlit.material_icon_names", "streamlit.runtime.scriptrunner.magic_funcs",
    "streamlit.components.v2.manifest_scanner",
)
# How often the janitor looks for sessions to shut down.
JANITOR_SECONDS = 5.0


def preload() -> list[str]:
    """Import every module a page may need, and draw one chart, before any session runs.

    Returns the names that could not be imported (an optional reader that is not installed).
    """
    missing = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    import cxreport

    for module in pkgutil.walk_packages(cxreport.__path__, "cxreport."):
        if module.name not in {"cxreport.ui.serve", "cxreport.cli"}:
            importlib.import_module(module.name)
    # altair validates a chart against its JSON schema on the first `to_dict`, importing
    # the validator's parts then: do that once here too.
    import altair as alt
    import polars as pl

    alt.Chart(pl.DataFrame({"x": [1, 2], "d": pl.Series([0, 1]).cast(pl.Date)})).mark_bar().encode(
        x="x:Q", y="d:T").to_dict()
    return missing


def _warm_sample() -> None:
    # Read and recognise the bundled sample while the server starts, so the first visitor
    # does not wait for it (st.cache_resource is process-wide: every session then shares it,
    # and a session asking while this runs waits for it rather than reading it again).
    from cxreport.ui.session import sample_datasets

    sample_datasets()


def release_memory() -> None:
    """Collect Python's cycles, then ask each allocator to hand its free pages back to the system.

    glibc keeps the freed memory of large Python objects and of libraries using malloc in its
    arenas until `malloc_trim`; Arrow's pool (Streamlit sends tables and charts as Arrow)
    until `release_unused`. Polars' jemalloc returns its pages in the background (see the top
    of this module). Measured on a session that read a 200,000-order upload: 519 MiB with it,
    426 after collection, 411 after malloc_trim, 393 after Arrow's release, and the same again
    after each further upload (the rest, ~60 MiB, is what the libraries keep after their first use).
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (musl, macOS): nothing to ask
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass


class SessionJanitor(threading.Thread):
    """Shuts down sessions whose browser left more than `server.disconnectedSessionTTL` ago.

    Streamlit keeps a disconnected session for that long so a reconnecting tab finds its
    state; after that the session is hidden, and only dropped the next time the store is
    written (a new visitor), and dropped without `shutdown()`, so its uploaded files stay
    referenced by the upload manager. So the janitor holds on to every session it sees
    (Streamlit holds them anyway while they are listed), and once one has been disconnected
    for the TTL, or has left Streamlit's list unconnected, shuts it down completely (`Runtime.close_session` for one still stored, and `AppSession.shutdown`,
    which does nothing the second time), on the server's event loop as both require. Then it
    lets go of the session and asks the allocators to return the freed memory.

    The session list comes from the runtime's session manager, which Streamlit does not
    publish as an API; if a Streamlit release renames it, the janitor logs that once and
    stops (tests/e2e/test_memory_release.py then fails, which is the signal to adapt).
    """

    def __init__(self, interval: float = JANITOR_SECONDS) -> None:
        super().__init__(name="session-janitor", daemon=True)
        self.interval = interval
        # session id -> (when first seen disconnected, or None while connected; the AppSession)
        self.known: dict[str, tuple[float | None, object]] = {}

    def run(self) -> None:
        from streamlit import config
        from streamlit.runtime import Runtime

        while not Runtime.exists():
            time.sleep(0.5)
        runtime = Runtime.instance()
        ttl = float(config.get_option("server.disconnectedSessionTTL"))
        while True:
            time.sleep(self.interval)
            try:
                loop = runtime._get_async_objs().eventloop
            except (AttributeError, RuntimeError) as err:
                log.warning("session janitor stopped (%s); closed sessions are left to Streamlit", err)
                return
            outcome: list = []
            done = threading.Event()

            def tick() -> None:
                # On the event loop, like every change Streamlit makes to its sessions.
                try:
                    for session in self.due(runtime, ttl):
                        try:
                            runtime.close_session(session.id)
                            session.shutdown()
                            # Shutdown keeps the session's state (its workspace, its memo); a hidden
                            # session stays in Streamlit's store until the next visitor, holding it.
                            session.session_state.clear()
                            outcome.append(session.id)
                        except Exception:  # noqa: BLE001 — one session's failure must not keep the others
                            log.exception("session janitor: could not shut down session %s", session.id)
                except AttributeError as err:
                    outcome.append(err)
                finally:
                    done.set()

            try:
                loop.call_soon_threadsafe(tick)
            except RuntimeError:  # the server is stopping: its event loop has closed
                return
            done.wait(30)
            if any(isinstance(o, AttributeError) for o in outcome):
                log.warning("session janitor stopped (%s); closed sessions are left to Streamlit", outcome)
                return
            if outcome:
                release_memory()
                log.info("session janitor: shut down %d closed session(s)", len(outcome))

    def due(self, runtime, ttl: float) -> list:
        """Sessions to shut down now: disconnected for `ttl` seconds (counted from when the
        janitor first saw them so), or gone from Streamlit's list without being connected
        (a TTL shorter than the janitor's interval: Streamlit hid the session first)."""
        manager = runtime._session_mgr
        now = time.monotonic()
        listed = {info.session.id: info.session for info in manager.list_sessions()}
        for session_id, session in listed.items():
            if manager.is_active_session(session_id):
                self.known[session_id] = (None, session)
            else:
                since = self.known.get(session_id, (None, None))[0]
                self.known[session_id] = (now if since is None else since, session)
        due = []
        for session_id, (since, session) in list(self.known.items()):
            if session_id in listed and since is None:
                continue  # connected
            if session_id not in listed or now - since >= ttl:
                due.append(session)
                del self.known[session_id]
        return due


def main(argv: list[str] | None = None) -> None:
    share_arenas()  # before any thread starts: sessions' and metrics' threads share two malloc arenas
    # `kill -USR1 <pid>` writes every thread's stack to the server's log: what a stuck page waits for.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    PagesManager.uses_pages_directory = False
    preload()  # before the server starts: no session may race an import
    threading.Thread(target=_warm_sample, name="warm-sample", daemon=True).start()
    SessionJanitor().start()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
