"""Two settings of glibc's malloc for this project's processes: the command line's, to reuse
the memory it frees (`reuse_freed_memory`), and the app server's, to keep its threads'
memory in few arenas (`share_arenas`).

**Reusing freed memory** (a short-lived process).

The order metrics pass over arrays of one entry per purchase day with numpy: on ten million
orders each temporary array is 40–80 MB. glibc's malloc serves blocks that large straight
from the kernel (mmap) and hands them back when freed, so the next array of the same size
starts with fresh pages, each one a page fault, and on this project's virtual machines a
fault costs more than the arithmetic: `churn_by_period` on 10M prepared orders spent
0.6–1.1 s of its 1.2–1.6 s in the kernel (about 50,000 faults a call). With the thresholds
raised, freed blocks stay in the process and are reused: 0.6–0.7 s, 0.1 s of it in the
kernel (docs/benchmarks.md).

The price is that freed memory is not handed back to the system until the process ends
(or calls ``malloc_trim``), so this is for processes that end: the command line calls it.
The app's server does not: its janitor hands memory back after each session
(`cxreport.ui.serve.release_memory`). A notebook may call it knowingly. Polars and DuckDB
allocate with their own allocators and are not affected.

**Sharing arenas** (the app server). glibc gives each new thread an arena of its own, up to
eight per core, and memory freed in one arena serves only that arena's threads. The server
runs every session's script in a thread, and the order metrics count a large table's blocks
in worker threads (`cxreport.metrics._runs.in_blocks`): with an arena each, three users
uploading 1M orders one after another left the server 825 MiB after they closed their tabs
(peak 1,307) against 738 (1,189) with the metrics on one thread. Two arenas for the whole
process give the same 738 (1,189) with the worker threads (benchmarks/bench_crowd.py
--memory-only --rows 1000000; docs/benchmarks.md).
"""

from __future__ import annotations

import ctypes

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
SERVER_ARENAS = 2
_LARGEST = 2**31 - 1  # mallopt takes an int


def reuse_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds for this process; True when glibc took them
    (False elsewhere: another C library, macOS, Windows).

    >>> isinstance(reuse_freed_memory(), bool)
    True
    """
    mallopt = _mallopt()
    return mallopt is not None and bool(mallopt(_M_MMAP_THRESHOLD, _LARGEST)) and bool(mallopt(_M_TRIM_THRESHOLD, _LARGEST))


def share_arenas(arenas: int = SERVER_ARENAS) -> bool:
    """Let this process's threads share at most `arenas` malloc arenas; True when glibc took
    it. Call it before the threads start (arenas already made stay).

    >>> isinstance(share_arenas(), bool)
    True
    """
    mallopt = _mallopt()
    return mallopt is not None and bool(mallopt(_M_ARENA_MAX, arenas))


def _mallopt():  # noqa: ANN202 - a ctypes function
    try:
        return ctypes.CDLL("libc.so.6").mallopt  # glibc's name on Linux; no mallopt elsewhere
    except (OSError, AttributeError):
        return None
