"""Which SQL runs: one read-only statement, decided by DuckDB's own parser, never a regex.

DuckDB's security guidance says it plainly: SQL is code. So the sandbox does not try to
spot dangerous words in the text; it asks DuckDB's parser (`duckdb.extract_statements`)
how many statements the text holds and of which type (`duckdb.StatementType`), and runs
only one statement of type SELECT: ``SELECT``, ``WITH … SELECT``, ``FROM …``, ``VALUES``,
``UNPIVOT``, ``DESCRIBE``, ``SUMMARIZE`` and ``SHOW`` all parse as SELECT. A ``PIVOT`` whose
values come from the data parses as MULTI (DuckDB first reads the values), as does any
statement holding such a PIVOT (``CREATE TABLE t AS PIVOT …``, ``COPY (PIVOT …) TO``), so a
MULTI statement runs only when it can stand as a subquery (`wrapped` parses as one SELECT).

The statement actually executed is `wrapped`: ``SELECT * FROM (<statement>) LIMIT n``,
which fetches at most n rows however many the query would make, and which is itself a
second parser check (nothing but a query can stand in a subquery).
"""

from __future__ import annotations

import re

import duckdb

from cxreport.sql.errors import SqlFailed, SqlRefused

READ_ONLY = frozenset({duckdb.StatementType.SELECT})
# Several sub-statements under one: only PIVOT makes these from a query
PIVOT = duckdb.StatementType.MULTI

# How DuckDB words each refused statement type, for the message.
_WORDS = {
    "VARIABLE_SET": "SET VARIABLE", "CREATE_FUNC": "CREATE FUNCTION", "COPY_DATABASE": "COPY DATABASE",
    "MERGE_INTO": "MERGE INTO", "LOAD": "INSTALL or LOAD", "EXTENSION": "extension", "MULTI": "write",
    "SET": "SET, RESET or USE", "VACUUM": "VACUUM or ANALYZE",
}


WRAP_HEAD = "SELECT * FROM (\n"
WRAP_TAIL = "\n) LIMIT {limit}"
WRAP_LINES = WRAP_HEAD.count("\n")  # lines the wrapper adds before the user's first line


def _body(statement: str) -> str:
    """The statement without its terminating semicolons (and the comments after them), by DuckDB's tokenizer."""
    cut = len(statement)
    for position, kind in reversed(duckdb.tokenize(statement)):
        if kind == duckdb.token_type.comment:
            continue
        if kind == duckdb.token_type.operator and statement[position] == ";":
            cut = position
            continue
        break
    return statement[:cut]


def wrapped(body: str, limit: int) -> str:
    """The query that runs: at most `limit` rows of `body` (a checked statement).

    >>> print(wrapped("SELECT 1 -- one", 11))
    SELECT * FROM (
    SELECT 1 -- one
    ) LIMIT 11
    """
    return f"{WRAP_HEAD}{body}{WRAP_TAIL.format(limit=int(limit))}"


def _parse(text: str) -> list:
    try:
        return duckdb.extract_statements(text)
    except duckdb.Error as err:
        raise failure(err, text) from None


def check_statement(text: str) -> str:
    """The one read-only statement in `text` (its terminating ``;`` left out), or `SqlRefused`.

    A syntax error is `SqlFailed` with DuckDB's message and the position.

    >>> check_statement("SELECT 1;  -- done")
    'SELECT 1'
    >>> check_statement("SELECT 1; -- and then\\n DROP TABLE orders")
    Traceback (most recent call last):
    ...
    cxreport.sql.errors.SqlRefused: Only one statement runs at a time, and this text holds 2. Run them one at a time; a comment does not hide the second.
    >>> check_statement("COPY orders TO 'stolen.csv'")
    Traceback (most recent call last):
    ...
    cxreport.sql.errors.SqlRefused: Only a read-only query runs here, and this is a COPY statement. The sandbox reads the loaded data with SELECT, WITH, PIVOT, UNPIVOT, DESCRIBE, SUMMARIZE or VALUES; it cannot write files, change settings, attach databases or load extensions.
    """
    statements = _parse(text)
    if not statements:
        raise SqlRefused("sql_empty", "There is no SQL statement to run.",
                         "Write one query, for example SELECT * FROM orders LIMIT 10.")
    if len(statements) > 1:
        raise SqlRefused("sql_several_statements",
                         f"Only one statement runs at a time, and this text holds {len(statements)}.",
                         "Run them one at a time; a comment does not hide the second.", count=len(statements))
    statement = statements[0]
    body = _body(statement.query)
    if statement.type in READ_ONLY or (statement.type == PIVOT and _stands_as_subquery(body)):
        return body
    kind = statement.type.name
    raise SqlRefused("sql_not_read_only", f"Only a read-only query runs here, and this is a {_WORDS.get(kind, kind)} statement.",
                     "The sandbox reads the loaded data with SELECT, WITH, PIVOT, UNPIVOT, DESCRIBE, SUMMARIZE or "
                     "VALUES; it cannot write files, change settings, attach databases or load extensions.",
                     statement=_WORDS.get(kind, kind))


def _stands_as_subquery(body: str) -> bool:
    """Whether `body` parses as the subquery of one SELECT (a PIVOT does; CREATE … AS PIVOT does not)."""
    try:
        statements = duckdb.extract_statements(wrapped(body, 1))
    except duckdb.Error:
        return False
    return len(statements) == 1 and statements[0].type in (*READ_ONLY, PIVOT)


# --- DuckDB's errors as one plain line ------------------------------------------------------------

_LINE = re.compile(r"^LINE (\d+): (.*)$")


def position(message: str, text: str, *, line_offset: int = 0) -> tuple[str, int | None, int | None]:
    """DuckDB's message on one line, and the (line, column) its ``LINE n:`` and caret point at.

    Parser and binder errors end with the line of the query and a caret under the place;
    the line is turned into numbers (1-based, in `text`, the user's statement: `line_offset`
    lines of a wrapper are taken off).

    >>> msg = 'Binder Error: Referenced column "chanel" not found in FROM clause!\\nCandidate bindings: "channel"\\n\\nLINE 1: SELECT chanel FROM orders\\n               ^'
    >>> position(msg, "SELECT chanel FROM orders")
    ('Binder Error: Referenced column "chanel" not found in FROM clause! Candidate bindings: "channel"', 1, 8)
    """
    lines = message.split("\n")
    where: tuple[int | None, int | None] = (None, None)
    kept: list[str] = []
    i = 0
    while i < len(lines):
        found = _LINE.match(lines[i])
        if found and i + 1 < len(lines) and "^" in lines[i + 1]:
            number = int(found.group(1)) - line_offset
            caret = lines[i + 1].index("^") - (len(found.group(0)) - len(found.group(2)))
            shown = found.group(2)
            source = text.split("\n")[number - 1] if 1 <= number <= text.count("\n") + 1 else None
            if source is not None:
                start = 0
                if shown.startswith("...") and not source.startswith("..."):  # DuckDB shows a window of a long line
                    start = max(0, source.find(shown[3:].rstrip(".")[:40]) - 3)
                where = (number, start + caret + 1)
            i += 2
            continue
        kept.append(lines[i].strip())
        i += 1
    return " ".join(part for part in kept if part), *where


def failure(err: BaseException, text: str | None = None, *, line_offset: int = 0) -> SqlFailed:
    """A DuckDB error as `SqlFailed`: its message on one line, with the position when DuckDB gives one."""
    return failed_from(str(err), text, line_offset=line_offset)


def failed_from(message: str, text: str | None, *, line_offset: int = 0) -> SqlFailed:
    plain, line, column = position(message, text or "", line_offset=line_offset)
    hint = "Check the names with DESCRIBE <view>; docs/sql.md lists every view and its columns."
    if line is not None and column is not None:
        return SqlFailed("sql_failed_at", f"DuckDB could not run the query: {plain} (at line {line}, column {column}).",
                         hint, error=plain, line=line, column=column)
    return SqlFailed("sql_failed", f"DuckDB could not run the query: {plain}.", hint, error=plain)
