"""Saved reports: an embedded store that survives reloads and restarts, reached only by tokens.

A saved report is the workspace's datasets (every table as Parquet, everything else about
a dataset as JSON), the corrections made by hand on the Data page that are not part of a
dataset (SERVQUAL tags, journey stages: `corrections_of`, `apply_corrections`), the view
(page, filters, parameters, language) and, when there is one, the notebook. Each save adds a version; links open the latest one, so a shared link is live.

Layout under the data directory (`data_dir`: ``CXREPORT_DATA_DIR``, else the user's data
folder), created ``0700``::

    store.duckdb                     reports, versions, links (token hashes only)
    reports/<report id>/v<version>/  one folder of Parquet files per saved version

Tokens are ``secrets.token_urlsafe(24)`` (192 bits). The store keeps only their SHA-256;
a token is looked up by its hash and compared with `hmac.compare_digest`. Nothing lists
reports: a report is reached through a token or not at all. Deleting a report deletes
its files. One `ReportStore` serves a whole server process; a lock serialises its writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from cxreport.errors import CXError
from cxreport.fields import Kind

# viewer and editor links open the latest *saved* version; a draft link (the autosave a
# browser finds again after a reload) opens the latest version, autosaves included.
ROLES = ("viewer", "editor", "draft")
LOCK_WAIT_SECONDS = 10.0  # how long an operation waits for another process to finish with the store
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id VARCHAR PRIMARY KEY, title VARCHAR, created_at TIMESTAMP, latest_version INTEGER);
CREATE TABLE IF NOT EXISTS versions (
    report_id VARCHAR, version INTEGER, saved_at TIMESTAMP, data_from DATE, data_to DATE,
    view JSON, notebook JSON, datasets JSON, saved BOOLEAN, PRIMARY KEY (report_id, version));
CREATE TABLE IF NOT EXISTS links (
    id VARCHAR PRIMARY KEY, token_hash VARCHAR UNIQUE, report_id VARCHAR, role VARCHAR,
    created_at TIMESTAMP, expires_at TIMESTAMP, revoked_at TIMESTAMP);
-- Added later: a store written before it opens with NULL there (no corrections).
ALTER TABLE versions ADD COLUMN IF NOT EXISTS corrections JSON;
"""


class LinkNotValid(CXError):
    """A token that is unknown, revoked or expired."""

    def __init__(self) -> None:
        super().__init__("link_not_valid", "This link is not valid (revoked or expired).",
                         "Ask its owner for a new one.")


def data_dir() -> Path:
    """``CXREPORT_DATA_DIR``, else ``$XDG_DATA_HOME/cxreport`` or ``~/.local/share/cxreport``."""
    configured = os.environ.get("CXREPORT_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "cxreport"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Link:
    id: str  # shown and used to revoke; not the token
    report_id: str
    role: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        now = dt.datetime.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class SavedReport:
    report_id: str
    version: int
    saved_at: dt.datetime
    data_from: dt.date | None
    data_to: dt.date | None
    view: dict[str, Any]
    notebook: dict[str, Any] | None
    datasets: list  # cxreport.io.dataset.Dataset
    saved: bool = True  # False for an autosave
    corrections: dict[str, Any] = dataclasses.field(default_factory=dict)  # see `corrections_of`


# --- corrections that live in the workspace, not in a dataset ----------------------------------


def corrections_of(ws: Any) -> dict[str, Any]:
    """What a user corrected on the Data page beyond each file's own mapping: the SERVQUAL
    tags (column -> (dimension, role), or None for "no item") and the journey stages set by
    hand (touchpoint -> stage). Empty entries are left out."""
    out: dict[str, Any] = {}
    if ws.servqual_tags:
        out["servqual_tags"] = dict(ws.servqual_tags)
    if ws.journey_stages():
        out["journey_stages"] = ws.journey_stages()
    return out


def apply_corrections(ws: Any, corrections: dict[str, Any] | None) -> None:
    """Put saved corrections (`corrections_of`) back on a workspace; unknown keys are ignored,
    so a newer store's report still opens."""
    corrections = corrections or {}
    if tags := corrections.get("servqual_tags"):
        ws.set_servqual_tags({str(k): tuple(v) if v is not None else None for k, v in tags.items()})
    if stages := corrections.get("journey_stages"):
        ws.set_journey_stages({str(k): str(v) for k, v in stages.items()})


# --- datasets <-> files ------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Kind):
        return {"__kind__": value.value}
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__kind__" in value:
            return Kind(value["__kind__"])
        if "__datetime__" in value:
            return dt.datetime.fromisoformat(value["__datetime__"])
        if "__date__" in value:
            return dt.date.fromisoformat(value["__date__"])
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def write_dataset(ds: Any, folder: Path, index: int) -> dict:
    """Every frame of a dataset to Parquet, every other field to JSON-ready values."""
    meta: dict[str, Any] = {}
    frames: dict[str, str] = {}
    for f in dataclasses.fields(ds):
        value = getattr(ds, f.name)
        if isinstance(value, pl.Series):
            value = value.to_frame()
            frames[f.name] = "series"
        elif isinstance(value, pl.DataFrame):
            frames[f.name] = "frame"
        else:
            meta[f.name] = _encode(value)
            continue
        value.write_parquet(folder / f"{index}_{f.name}.parquet")
    return {"meta": meta, "frames": frames}


def read_dataset(entry: dict, folder: Path, index: int) -> Any:
    from cxreport.io.dataset import Dataset

    values = {k: _decode(v) for k, v in entry["meta"].items()}
    for name, shape in entry["frames"].items():
        frame = pl.read_parquet(folder / f"{index}_{name}.parquet")
        values[name] = frame.to_series() if shape == "series" else frame
    known = {f.name for f in dataclasses.fields(Dataset)}
    return Dataset(**{k: v for k, v in values.items() if k in known})


def _date_span(datasets: list) -> tuple[dt.date | None, dt.date | None]:
    from cxreport.workspace import Workspace

    ws = Workspace()
    for ds in datasets:
        ws.add(ds)
    span = ws.date_span()
    return (span[0], span[1]) if span else (None, None)


# --- the store -------------------------------------------------------------------------------


class ReportStore:
    """Saved reports and their links under one data directory (see the module docstring)."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.root, 0o700)
        (self.root / "reports").mkdir(exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._active: duckdb.DuckDBPyConnection | None = None
        with self._session() as con:
            con.execute(_SCHEMA)

    def close(self) -> None:
        """Nothing to release: each operation opens and closes its own connection."""

    def _connect(self) -> duckdb.DuckDBPyConnection:
        # DuckDB lets one process at a time open a database file for writing: the server, a
        # second server or a command on the same data directory each hold it for one
        # operation only, and wait their turn rather than fail.
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return duckdb.connect(str(self.root / "store.duckdb"))
            except duckdb.IOException as err:
                if "lock" not in str(err).lower():
                    raise
                if time.monotonic() > deadline:
                    raise CXError("store_busy", "The report store is busy with another program.",
                                  "Try again in a moment.") from None
                time.sleep(0.05)

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One connection and transaction for everything done inside (re-entrant per thread)."""
        with self._lock:
            if self._active is not None:
                yield self._active
                return
            con = self._connect()
            self._active = con
            try:
                con.execute("BEGIN TRANSACTION")
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                self._active = None
                con.close()

    def _sql(self, query: str, params: list | None = None) -> list[tuple]:
        with self._session() as con:
            return con.execute(query, params or []).fetchall()

    # --- reports -------------------------------------------------------------------------
    def save(self, datasets: list, *, view: dict | None = None, notebook: dict | None = None,
             report_id: str | None = None, title: str = "", autosave: bool = False,
             corrections: dict | None = None) -> SavedReport:
        """Save a new version of a report (a new report when `report_id` is None). An
        `autosave` version is seen through draft links only, and replaces the report's
        earlier autosaves. `corrections` is `corrections_of(workspace)`."""
        now = dt.datetime.now().replace(microsecond=0)
        with self._session():
            if report_id is None:
                report_id = secrets.token_hex(8)
                self._sql("INSERT INTO reports VALUES (?, ?, ?, 0)", [report_id, title, now])
            elif not self._sql("SELECT 1 FROM reports WHERE id = ?", [report_id]):
                raise LinkNotValid()
            version = self._sql("SELECT latest_version FROM reports WHERE id = ?", [report_id])[0][0] + 1
            folder = self._folder(report_id, version)
            folder.mkdir(parents=True, mode=0o700)
            entries = [write_dataset(ds, folder, i) for i, ds in enumerate(datasets)]
            data_from, data_to = _date_span(datasets)
            self._sql("INSERT INTO versions (report_id, version, saved_at, data_from, data_to, view, notebook, "
                      "datasets, saved, corrections) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [report_id, version, now, data_from, data_to, json.dumps(_encode(view or {})),
                       json.dumps(_encode(notebook)) if notebook is not None else None, json.dumps(entries),
                       not autosave, json.dumps(_encode(corrections or {}))])
            self._sql("UPDATE reports SET latest_version = ? WHERE id = ?", [version, report_id])
            self._drop_autosaves(report_id, keep=version)
        return SavedReport(report_id, version, now, data_from, data_to, view or {}, notebook, datasets, not autosave,
                           dict(corrections or {}))

    def _drop_autosaves(self, report_id: str, keep: int) -> None:
        for (version,) in self._sql("SELECT version FROM versions WHERE report_id = ? AND NOT saved AND version <> ?",
                                    [report_id, keep]):
            self._sql("DELETE FROM versions WHERE report_id = ? AND version = ?", [report_id, version])
            shutil.rmtree(self._folder(report_id, version), ignore_errors=True)

    def load(self, report_id: str, version: int | None = None, *, include_autosave: bool = False) -> SavedReport:
        """A version (the latest saved one by default; with `include_autosave`, the latest
        of all), its datasets read back from Parquet."""
        number = version if version is not None else self.latest_version(report_id, include_autosave=include_autosave)
        rows = self._sql("SELECT version, saved_at, data_from, data_to, view, notebook, datasets, saved, corrections "
                         "FROM versions WHERE report_id = ? AND version = ?", [report_id, number])
        if not rows:
            raise LinkNotValid()
        number, saved_at, data_from, data_to, view, notebook, entries, saved, corrections = rows[0]
        folder = self._folder(report_id, number)
        datasets = [read_dataset(e, folder, i) for i, e in enumerate(json.loads(entries))]
        return SavedReport(report_id, number, saved_at, data_from, data_to, _decode(json.loads(view)),
                           _decode(json.loads(notebook)) if notebook else None, datasets, saved,
                           _decode(json.loads(corrections)) if corrections else {})

    def latest_version(self, report_id: str, *, include_autosave: bool = False) -> int | None:
        """The newest version number (saved ones only unless `include_autosave`), None when there is none."""
        rows = self._sql("SELECT max(version) FROM versions WHERE report_id = ? AND (saved OR ?)",
                         [report_id, include_autosave])
        return rows[0][0] if rows else None

    def delete(self, report_id: str) -> None:
        """The report, every version's files and every link."""
        with self._session():
            self._sql("DELETE FROM links WHERE report_id = ?", [report_id])
            self._sql("DELETE FROM versions WHERE report_id = ?", [report_id])
            self._sql("DELETE FROM reports WHERE id = ?", [report_id])
            shutil.rmtree(self.root / "reports" / report_id, ignore_errors=True)

    def _folder(self, report_id: str, version: int) -> Path:
        if not report_id.isalnum():  # ids are hex: never a path from outside
            raise LinkNotValid()
        return self.root / "reports" / report_id / f"v{version}"

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

    # --- links ---------------------------------------------------------------------------
    def create_link(self, report_id: str, role: str, *, expires_at: dt.datetime | None = None) -> str:
        """A new token for a report; only its hash is stored. Returns the token."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        token = secrets.token_urlsafe(24)
        link_id = secrets.token_hex(4)
        self._sql("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, NULL)",
                  [link_id, token_hash(token), report_id, role, dt.datetime.now().replace(microsecond=0), expires_at])
        return token

    def resolve(self, token: str) -> Link:
        """The active link a token opens; `LinkNotValid` for an unknown, revoked or expired one."""
        if not isinstance(token, str) or not 16 <= len(token) <= 128:
            raise LinkNotValid()
        wanted = token_hash(token)
        rows = self._sql("SELECT id, token_hash, report_id, role, created_at, expires_at, revoked_at FROM links "
                         "WHERE token_hash = ?", [wanted])
        if not rows or not hmac.compare_digest(rows[0][1], wanted):
            raise LinkNotValid()
        link = Link(rows[0][0], *rows[0][2:])
        if not link.active:
            raise LinkNotValid()
        return link

    def links(self, report_id: str) -> list[Link]:
        rows = self._sql("SELECT id, report_id, role, created_at, expires_at, revoked_at FROM links "
                         "WHERE report_id = ? AND role <> 'draft' ORDER BY created_at, id", [report_id])
        return [Link(*r) for r in rows]

    def revoke(self, report_id: str, link_id: str) -> None:
        self._sql("UPDATE links SET revoked_at = ? WHERE report_id = ? AND id = ? AND revoked_at IS NULL",
                  [dt.datetime.now(), report_id, link_id])

    def set_expiry(self, report_id: str, link_id: str, expires_at: dt.datetime | None) -> None:
        self._sql("UPDATE links SET expires_at = ? WHERE report_id = ? AND id = ?", [expires_at, report_id, link_id])
