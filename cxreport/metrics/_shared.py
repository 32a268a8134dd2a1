"""Results shared within one report: a metric asked twice about the same table computes once.

A report asks the same questions of the same orders several times: the churn section, the
simple CLV and the headlines each want the churn window and the churn by period, the
retention section and the headlines the monthly retention; and the churn window and the
churn counts both start from the same customer-day table (the valid rows sorted by customer
and day, the costliest step on millions of orders). Inside `one_report()` the first answer
is kept and handed to the later callers; outside it every call computes, as before.

A result is kept for the very table object it was computed from (the object is held, so its
id cannot be reused by another) and the same arguments; tables are not changed in place
within a report, and the results are not changed by their readers (Polars operations return
new frames). Nothing is kept once the report is built.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_KEPT: ContextVar[dict[tuple, tuple[Any, Any]] | None] = ContextVar("cxreport_shared_results", default=None)


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
        return found[1]
    value = compute()
    kept[key] = (table, value)
    return value
