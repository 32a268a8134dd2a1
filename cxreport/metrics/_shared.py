"""Results shared between the metrics: a question asked twice about the same table computes once.

Two scopes:

- **Within one report** (`one_report`, `shared`). A report asks the same questions of the
  same orders several times: the churn section, the simple CLV and the headlines each want
  the churn window and the churn by period, the retention section and the headlines the
  monthly retention. For a DataFrame those answers are kept beside it (below); for a
  LazyFrame or a DuckDB relation, inside `one_report()` the first answer is kept and handed
  to the later callers, and outside it every call computes. Nothing of this scope is kept
  once the report is built.
- **For as long as a table lives** (`per_table`). The order metrics all start from the same
  costly step, the valid rows as one sorted row per customer and day
  (`cxreport.metrics._order_days`). A Polars DataFrame cannot change its rows, so that step
  is kept beside the frame, weakly: the app's pages, a notebook's later cells and every
  section of a report read it again instead of sorting millions of rows again, and it is
  dropped the moment the frame is. The frame's Python object can still be edited in place
  (``df[0, "amount"] = 5``, ``df.extend(more)``): such an edit writes new memory, so the
  kept results are only used while the frame's columns still sit where they sat when the
  results were made (`layout`, read without touching the data). A LazyFrame or a DuckDB
  relation is a query whose source may change, so for them the step is only shared
  within one report.

A result is kept for the very table object it was computed from and the same arguments,
and the results are not changed by their readers (Polars operations return new frames).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Collection, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import polars as pl

from cxreport.once import OncePerKey

T = TypeVar("T")

_KEPT: ContextVar[dict[tuple, tuple[Any, Any]] | None] = ContextVar("cxreport_shared_results", default=None)

# id(frame) -> (a weak reference to the frame, {(name, arguments): (the layout of the columns
# the result read, the result)}); the entry goes when the frame does (the weak reference's
# callback), so an id is never read for another frame. Each result keeps the layout of its own
# columns: results reading different columns (a group column besides the order columns) are
# kept side by side, and an edit of one column makes only the results that read it stale
# (let go when the next result is kept: they can never be used again), as are the results of
# an earlier day (today is the last part of each key).
_PER_FRAME: dict[int, tuple[weakref.ref, dict[tuple, tuple[tuple, Any]]]] = {}
# The thread computing a result for (id(frame), (name, arguments)) holds its lock.
_ONCE = OncePerKey()
# Reentrant: a frame freed while the lock is held (garbage collection) calls back into it.
_PER_FRAME_LOCK = threading.RLock()


@contextmanager
def one_report() -> Iterator[None]:
    """Share results between the metrics called inside (nested scopes share the outer one's)."""
    if _KEPT.get() is not None:
        yield
        return
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def shared(name: str, table: object, arguments: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or inside `one_report` the result it gave for the same table object and arguments."""
    kept = _KEPT.get()
    if kept is None:
        return compute()
    key = (name, id(table), arguments)
    found = kept.get(key)
    if found is not None and found[0] is table:
        return _handed_out(found[1])
    value = compute()
    kept[key] = (table, value)
    return _handed_out(value)


def per_table(name: str, table: object, arguments: Hashable, compute: Callable[[], T], *,
              reads: Collection[str] = ()) -> T:
    """compute(), kept beside `table` while it lives when it is a Polars DataFrame (else as `shared`).

    `reads`: the columns the result depends on (by default all); only an edit of those
    makes it computed again. A column made from a single value (``pl.lit``) is written
    anew each time it is read, so a result reading one is not kept.

    Every result is for today: the valid rows leave out those dated after it (`rows`), so
    today is part of the key, and results kept as of an earlier day are let go.

    Computed once however many ask at once: a thread asking for a result another thread
    is computing (a page opened while the upload's preparation runs, two sessions on one
    workspace) waits for it. The result must not hold a reference to `table` (it
    would never be freed).
    """
    today = dt.date.today()
    if not isinstance(table, pl.DataFrame):
        return shared(name, table, (arguments, today), compute)
    key = (name, arguments, today)
    columns = _ColumnLayouts(table)  # read once per call: the stale check below reads it for every kept result
    now = _picked(columns, [c for c in table.columns if c in reads] if reads else table.columns)
    found = _kept(table, key, now)
    if found is not _MISSING:
        return _handed_out(found)
    # Results depend on one another in one direction only (churn on the order days, never
    # the reverse), so threads waiting on these locks cannot wait on each other in a circle.
    with _ONCE.computing((id(table), key)):
        found = _kept(table, key, now)  # computed while this thread waited
        if found is not _MISSING:
            return _handed_out(found)
        value = compute()
        with _PER_FRAME_LOCK:
            entry = _PER_FRAME.get(id(table))
            if entry is None or entry[0]() is not table:
                entry = (weakref.ref(table, _forget(id(table))), {})
                _PER_FRAME[id(table)] = entry
            _let_go_stale(table, entry[1], columns)
            entry[1][key] = (now, value)
    return _handed_out(value)


_MISSING = object()


def _kept(table: pl.DataFrame, key: tuple, now: tuple) -> Any:
    """The result kept beside `table` for `key` while its columns sit as in `now`, or _MISSING."""
    with _PER_FRAME_LOCK:
        entry = _PER_FRAME.get(id(table))
        if entry is not None and entry[0]() is table:
            found = entry[1].get(key)
            if found is not None and found[0] == now:
                return found[1]
    return _MISSING


def _let_go_stale(table: pl.DataFrame, kept: dict[tuple, tuple[tuple, Any]], columns: _ColumnLayouts) -> None:
    """Drop the results that can never be used again, which would otherwise stay for as long
    as the frame lives (a notebook left open for days): those made before an in-place edit
    of the columns they read (`columns`: the table's as it is now), and those of an earlier
    day."""
    today = dt.date.today()
    for key, (made_on, _) in list(kept.items()):
        names = [column[0] for column in made_on[1]]
        if key[2] < today or not set(names) <= set(table.columns) or _picked(columns, names) != made_on:
            del kept[key]


def _handed_out(value: T) -> T:
    """A kept DataFrame is handed out as a clone (Polars shares the memory until one side
    writes): a caller who edits its result in place must not change what the next caller gets."""
    return value.clone() if isinstance(value, pl.DataFrame) else value  # type: ignore[return-value]


def layout(frame: pl.DataFrame) -> tuple:
    """Where each column's memory is, its type and the height: any in-place edit of a
    DataFrame changes it. Read through Arrow without copying (a fraction of a millisecond)."""
    return _picked(_ColumnLayouts(frame), frame.columns)


class _ColumnLayouts:
    """A frame's height and its columns' (name, type, buffer addresses), each read when first
    asked for and kept: per_table asks for the same columns for every kept result of a frame,
    and only the columns read (a column made from one value is written anew each time)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame, self.height = frame, frame.height
        self._read: dict[str, tuple] = {}

    def of(self, name: str) -> tuple:
        if name not in self._read:
            column = self.frame.select(name).to_arrow(compat_level=pl.CompatLevel.newest()).column(0)
            self._read[name] = (name, str(column.type), tuple(
                b.address if b is not None else 0 for chunk in column.chunks for b in chunk.buffers()))
        return self._read[name]


def _picked(columns: _ColumnLayouts, names: list[str]) -> tuple:
    """`layout(frame.select(names))`, from the frame's `_ColumnLayouts`."""
    return columns.height, tuple(columns.of(name) for name in names)


def _forget(frame_id: int) -> Callable[[weakref.ref], None]:
    def forget(reference: weakref.ref) -> None:
        with _PER_FRAME_LOCK:
            entry = _PER_FRAME.get(frame_id)
            if entry is not None and entry[0] is reference:
                del _PER_FRAME[frame_id]
    return forget


def tables_kept() -> int:
    """How many frames have results kept beside them (what a test of their release reads)."""
    with _PER_FRAME_LOCK:
        return len(_PER_FRAME)
