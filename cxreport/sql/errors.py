"""The sandbox's errors: each a `CXError` with a stable code (``error.<code>`` in
cxreport/translations.py), one plain line, and the values its text needs."""

from __future__ import annotations

from cxreport.errors import CXError


class SqlRefused(CXError):
    """The text is not one read-only statement (several statements, COPY, ATTACH, SET ...)."""


class SqlFailed(CXError):
    """DuckDB could not run the statement (a typo, a wrong type, no memory left): its message and position."""


class SqlTimeout(CXError):
    """The query ran past its wall-clock limit; its worker was killed."""


class SqlTooLarge(CXError):
    """The result is larger than the byte limit."""
