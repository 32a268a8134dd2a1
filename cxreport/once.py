"""One computation per key however many threads ask at once.

Two places compute a costly value once and hand it to every asker: the results kept beside a
table (`cxreport.metrics._shared.per_table`: a page asking while the upload's background
preparation makes the same table) and the results shared by the viewers of one saved
report (`cxreport.ui.session.SharedResults`). Both look for the value, and when it is
missing, take the key's lock, look again (another thread may have made it while this one
waited) and compute only then. The lock exists only while someone computes.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager


class OncePerKey:
    """Per-key locks, made on demand and dropped when no thread holds or waits for them.

    >>> once = OncePerKey()
    >>> with once.computing("cohorts"):
    ...     pass  # look for the value again, compute it if still missing, store it
    >>> len(once)
    0
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        # key -> [its lock, how many threads hold it or wait for it]
        self._locks: dict[Hashable, list] = {}

    @contextmanager
    def computing(self, key: Hashable) -> Iterator[None]:
        """Hold `key`'s lock: a thread asking for the same key meanwhile waits here.

        The lock stays while anyone waits for it: when its holder fails, the next waiter
        computes, and a thread arriving meanwhile waits for that one instead of computing
        beside it."""
        with self._guard:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0 and self._locks.get(key) is entry:
                    del self._locks[key]

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)
