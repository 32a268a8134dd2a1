"""The command line keeps the memory it frees: a second array of the same size reuses it
instead of faulting in fresh pages from the kernel; the app server's threads share two malloc
arenas (cxreport.allocator)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
took = None
if sys.argv[2] == "reuse":
    from cxreport.allocator import reuse_freed_memory
    took = reuse_freed_memory()
a = np.ones(10_000_000); del a  # 80 MB, freed
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    a = np.ones(10_000_000); del a
print(json.dumps({"took": took, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
"""


def faults(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_arrays_are_reused_instead_of_faulted_in_again():
    plain, reused = faults("plain"), faults("reuse")
    assert reused["took"] is True
    # Five 80 MB arrays: page faults each time by default, almost none when memory is kept.
    assert plain["faults"] > 100  # (2 MB pages, where the kernel gives them, make fewer faults)
    assert reused["faults"] < plain["faults"] / 20


def test_the_command_line_keeps_its_freed_memory(monkeypatch, tmp_path):
    from cxreport import cli

    calls = []
    monkeypatch.setattr(cli, "reuse_freed_memory", lambda: calls.append(1) or True)
    sample = ROOT / "sample_data" / "orders.csv"
    assert cli.main(["metrics", str(sample), "--json"]) == 0
    assert calls == [1]


ARENAS = r"""
import ctypes, re, sys, tempfile, threading
sys.path.insert(0, sys.argv[1])
import numpy as np
if sys.argv[2] == "share":
    from cxreport.allocator import share_arenas
    assert share_arenas()
go = threading.Barrier(6)

def work():
    go.wait()  # all at once: each thread that finds the arenas busy wants one of its own
    for _ in range(200):
        a = np.ones(200_000); a += 1; del a

threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile(suffix=".xml") as out:
    stream = libc.fopen(out.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream)); libc.fclose(ctypes.c_void_p(stream))
    print(len(re.findall(r'<heap nr="', open(out.name).read())))
"""


def arenas(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", ARENAS, str(ROOT), mode], capture_output=True, text=True, check=True)
    return int(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt and malloc_info")
def test_the_servers_threads_share_two_arenas():
    """Six threads allocating at once take arenas of their own by default (memory freed in
    one serves only its threads); with `share_arenas` the process keeps two."""
    assert arenas("share") <= 2 < arenas("plain")


def test_the_server_shares_arenas_before_any_thread_starts(monkeypatch):
    from cxreport.ui import serve

    order = []
    monkeypatch.setattr(serve, "share_arenas", lambda: order.append("arenas") or True)
    monkeypatch.setattr(serve, "preload", lambda: order.append("preload"))
    monkeypatch.setattr(serve, "_warm_sample", lambda: None)
    monkeypatch.setattr(serve, "SessionJanitor", lambda: type("J", (), {"start": lambda self: order.append("janitor")})())
    monkeypatch.setattr(serve.cli, "main", lambda: order.append("streamlit"))
    monkeypatch.setattr(serve.sys, "argv", list(serve.sys.argv))  # main sets Streamlit's arguments
    serve.main([])
    assert order == ["arenas", "preload", "janitor", "streamlit"]
