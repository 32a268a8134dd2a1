"""Remembered mapping corrections: the same header next time gets the same kind and mapping.

Corrections are keyed by the file's header signature (`header_signature`: a hash of its
normalised column names), so a monthly export with the same columns is recognised the
way the user corrected it last time, whatever its file name. The store is a small JSON
file, written atomically (temporary file + rename) so a crash never leaves half a file;
or, without a path, a dictionary in memory: the app keeps each session's corrections so,
and they go with the session (nothing of an upload is left on disk).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cxreport.fields import Kind
from cxreport.io.vocabulary import header_tokens

if TYPE_CHECKING:
    from cxreport.io.dataset import Dataset


def header_signature(columns: list[str]) -> str:
    """Hash of the normalised header list (order kept): "Order ID" and "order_id" agree."""
    normalised = "\x1f".join(" ".join(header_tokens(c)) for c in columns)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


class MappingMemory:
    def __init__(self, path: Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        self._in_memory: dict[str, dict] = {}

    def _load(self) -> dict[str, dict]:
        if self.path is None:
            return json.loads(json.dumps(self._in_memory))  # a copy, as a file read would give
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}  # nothing remembered yet, or a damaged file: start afresh
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict]) -> None:
        if self.path is None:
            self._in_memory = data
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".mappings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def remember(self, ds: Dataset) -> None:
        """Store a dataset's kind and mapping under its header signature."""
        self.store(ds.header_signature, ds.kind, ds.mapping)

    def store(self, signature: str, kind: Kind | str, mapping: dict[str, str]) -> None:
        data = self._load()
        data[signature] = {"kind": Kind(kind).value, "mapping": dict(mapping)}
        self._save(data)

    def recall(self, signature: str) -> tuple[Kind, dict[str, str]] | None:
        entry = self._load().get(signature)
        if not isinstance(entry, dict):
            return None
        try:
            return Kind(entry["kind"]), dict(entry.get("mapping", {}))
        except (KeyError, ValueError, TypeError):
            return None

    def forget(self, signature: str) -> None:
        data = self._load()
        if data.pop(signature, None) is not None:
            self._save(data)
