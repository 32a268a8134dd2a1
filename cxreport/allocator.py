"""Let a short-lived process reuse the memory it frees instead of asking the kernel again.

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
"""

from __future__ import annotations

import ctypes

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_LARGEST = 2**31 - 1  # mallopt takes an int


def reuse_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds for this process; True when glibc took them
    (False elsewhere: another C library, macOS, Windows).

    >>> isinstance(reuse_freed_memory(), bool)
    True
    """
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt  # glibc's name on Linux; no mallopt elsewhere
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _LARGEST)) and bool(mallopt(_M_TRIM_THRESHOLD, _LARGEST))
