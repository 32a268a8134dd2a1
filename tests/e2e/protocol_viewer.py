"""Viewers without a browser: Streamlit's own WebSocket protocol, to time the server's part.

A browser viewer costs the server one session and one script run; it costs the browser
parsing Streamlit's frontend and drawing every Vega chart. When ten chromium instances
share the benchmark's two cores with the server, the browsers' drawing is most of what is
measured (a real room has a laptop per viewer). This client speaks the protocol the
frontend speaks (`BackMsg`/`ForwardMsg` protobufs over `/_stcore/stream`, subprotocol
``streamlit``): it asks for a page as a fresh tab does and collects every message until the
session's script run has finished and no rerun followed within `settle_s`. What it times is
the server's whole answer: the page's script run, its charts' specs, the messages sent.

Used by tests/e2e/test_crowd.py (thirty viewers, no error) and benchmarks/bench_crowd.py
(the server's seconds for a room).

    python tests/e2e/protocol_viewer.py http://127.0.0.1:8501 / /clv   # one viewer a path
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class ViewerResult:
    path: str
    seconds: float = float("nan")  # from the common start to the last message of the final run
    messages: int = 0
    bytes: int = 0
    charts: int = 0
    cards: int = 0  # st.metric elements: the Overview's cards
    errors: list[str] = field(default_factory=list)


def _first_run(path: str, url: str) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    page = path.strip("/")
    state.query_string = ""
    state.page_name = page
    state.context_info.url = url.rstrip("/") + path
    state.context_info.timezone = "Asia/Jakarta"
    state.context_info.locale = "en-US"
    return msg.SerializeToString()


def _inspect(fwd: ForwardMsg, result: ViewerResult) -> None:
    if fwd.WhichOneof("type") != "delta" or fwd.delta.WhichOneof("type") != "new_element":
        return
    element = fwd.delta.new_element
    kind = element.WhichOneof("type")
    if kind in ("arrow_vega_lite_chart", "vega_lite_chart"):
        result.charts += 1
    elif kind == "metric":
        result.cards += 1
    elif kind == "exception":
        result.errors.append(f"exception: {element.exception.message[:120]}")
    elif kind == "alert" and element.alert.format == Alert.ERROR:  # st.error: what harness.ERRORS finds
        result.errors.append(element.alert.body.splitlines()[0][:120])


async def view(base_url: str, path: str, start: float, *, settle_s: float = 0.5,
               timeout_s: float = 300.0) -> ViewerResult:
    """Open `path` as a fresh tab would and wait until the server has finished answering."""
    result = ViewerResult(path)
    ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    deadline = time.monotonic() + timeout_s
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                  origin=base_url.rstrip("/")) as ws:
        await ws.send(_first_run(path, base_url))
        finished_at: float | None = None
        while time.monotonic() < deadline:
            wait = settle_s if finished_at is not None else deadline - time.monotonic()
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=max(wait, 0.01))
            except TimeoutError:
                if finished_at is not None:
                    result.seconds = finished_at - start
                    return result
                break
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            result.messages += 1
            result.bytes += len(raw)
            _inspect(fwd, result)
            kind = fwd.WhichOneof("type")
            if kind == "script_finished":
                finished_at = time.monotonic()
            elif kind == "new_session":
                finished_at = None  # a rerun started: its answer is what counts
    result.errors.append("not finished within the timeout")
    return result


async def crowd(base_url: str, paths: list[str], viewers: int) -> list[ViewerResult]:
    """`viewers` fresh sessions at once, spread over `paths` in turn."""
    start = time.monotonic()
    return list(await asyncio.gather(*(view(base_url, paths[i % len(paths)], start) for i in range(viewers))))


def run_crowd(base_url: str, paths: list[str], viewers: int) -> list[ViewerResult]:
    """`crowd` from synchronous code, in a thread of its own: the caller's thread may already
    run an event loop (Playwright's sync API leaves one in a test worker)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, crowd(base_url, paths, viewers)).result()


if __name__ == "__main__":
    url, *pages = sys.argv[1:] or ["http://127.0.0.1:8501"]
    for r in run_crowd(url, pages or ["/"], len(pages or ["/"])):
        print(f"{r.path:8} {r.seconds:6.2f} s  {r.messages} messages, {r.bytes / 1024:.0f} KiB, "
              f"{r.charts} charts, {r.cards} cards, errors {r.errors}")
