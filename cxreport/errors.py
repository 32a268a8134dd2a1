"""Errors meant for people: what is wrong and what to do, never a traceback.

Every failure a user can cause (a bad file, a wrong column, an empty selection) raises
`CXError` with a stable `code` (the i18n key is ``error.<code>``), the English text, and
the values the text needs, so the UI can show it in the user's language and the CLI can
print it on one line.
"""

from __future__ import annotations


class CXError(Exception):
    def __init__(self, code: str, message: str, hint: str = "", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.params = params

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class FileProblem(CXError):
    """The file cannot be read as a table (empty, binary, too big, bad encoding ...)."""


class MappingProblem(CXError):
    """The columns a metric needs are not mapped, or hold values of the wrong kind."""


class EmptyResult(CXError):
    """The filters leave nothing to compute on."""
