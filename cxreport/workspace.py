"""A session's loaded files: named datasets, combined per kind, and a private DuckDB.

One `Workspace` belongs to one user session (the app keeps it in that session's state,
the CLI makes one per run), so sessions never see each other's data. Files of the same
kind are stacked into one table per kind (exports are often split by month), keeping
a `source_file` column so nothing is lost and every row can be traced back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from cxreport.fields import DATE_FIELD, DIMENSIONS, Kind
from cxreport.filters import Filters, apply_filters, date_span, dimension_values
from cxreport.io.dataset import dataset_bytes
from cxreport.io.limits import current as current_limits
from cxreport.io.read import session_memory

if TYPE_CHECKING:
    from cxreport.io.dataset import Dataset


def table_name(file_name: str) -> str:
    """A safe SQL identifier for a file name (letters, digits, underscore; never user SQL)."""
    stem = re.sub(r"\.(csv|tsv|txt|gz|zip|xlsx|xls|parquet|json|ndjson|jsonl)$", "", file_name.lower())
    stem = re.sub(r"\.(csv|tsv|txt|json)$", "", stem)
    name = re.sub(r"[^a-z0-9_]+", "_", stem).strip("_") or "table"
    return name if not name[0].isdigit() else f"t_{name}"


def unify_spellings(frame: pl.DataFrame) -> pl.DataFrame:
    """Dimension values that differ only in case or spaces become the most common spelling.

    Two exports of one company write "Bali" and "BALI", or "Social Ads " with a trailing
    space; as filter choices and chart groups they are one value.
    """
    for dim in (d for d in DIMENSIONS if d in frame.columns and frame.schema[d] == pl.String):
        key = pl.col(dim).str.strip_chars().str.to_lowercase()
        spellings = frame.group_by(key.alias("_key"), pl.col(dim)).len().drop_nulls("_key")
        if spellings.height == spellings.get_column("_key").n_unique() and not (
            spellings.get_column(dim) != spellings.get_column(dim).str.strip_chars()
        ).any():
            continue  # nothing to unify: skip the join on the common case
        best = spellings.sort("len", dim, descending=[True, False]).unique("_key", keep="first").select(
            "_key", pl.col(dim).str.strip_chars().alias("_best"))
        frame = (frame.with_columns(key.alias("_key")).join(best, on="_key", how="left", maintain_order="left")
                 .with_columns(pl.col("_best").alias(dim)).drop("_key", "_best"))
    return frame


class Workspace:
    def __init__(self) -> None:
        self.datasets: dict[str, Dataset] = {}
        self.version = 0  # bumped on every change; part of every memo key
        self._combined: dict[Kind, pl.DataFrame | None] = {}
        self._derived: dict[object, object] = {}  # filter choices and date span: every rerun reads them
        self.is_sample = False

    # --- changes -------------------------------------------------------------------------
    def add(self, ds: Dataset) -> None:
        """Add a dataset; a file of the same name replaces the earlier one.

        Refuses (``session_memory``) a dataset that would take the session's tables past
        its memory budget (`Limits.session_memory_mb`); the workspace is then unchanged.
        """
        limits = current_limits()
        need = dataset_bytes(ds)
        left = limits.session_bytes - self.memory_bytes(excluding=ds.name)
        if need > left:
            raise session_memory(ds.name, need, left, limits)
        self.datasets[ds.name] = ds
        self._changed()

    def memory_bytes(self, *, excluding: str | None = None) -> int:
        """Memory the loaded datasets hold (a dataset about to be replaced can be left out)."""
        return sum(dataset_bytes(d) for name, d in self.datasets.items() if name != excluding)

    def remove(self, name: str) -> None:
        self.datasets.pop(name, None)
        self._changed()

    def clear(self) -> None:
        self.datasets.clear()
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._combined.clear()
        self._derived.clear()

    # --- reading -------------------------------------------------------------------------
    def of_kind(self, kind: Kind | str) -> list[Dataset]:
        """Datasets of a kind that the metrics can use (every required field mapped)."""
        return [d for d in self.datasets.values() if d.kind == Kind(kind) and d.ready]

    def kinds(self) -> list[Kind]:
        return [k for k in Kind if k is not Kind.OTHER and self.of_kind(k)]

    def has(self, kind: Kind | str) -> bool:
        return bool(self.of_kind(kind))

    def table(self, kind: Kind | str) -> pl.DataFrame | None:
        """All datasets of a kind stacked into one canonical table (None when there is none)."""
        kind = Kind(kind)
        if kind not in self._combined:
            parts = [d.table.with_columns(source_file=pl.lit(d.name)) for d in self.of_kind(kind)]
            self._combined[kind] = unify_spellings(pl.concat(parts, how="diagonal_relaxed")) if parts else None
        return self._combined[kind]

    def filtered(self, kind: Kind | str, filters: Filters) -> pl.DataFrame | None:
        """A kind's table under the filters; the last result per kind is kept, because every
        rerun of a page asks again for the same filters (a filtered copy of 1M rows each time)."""
        kind = Kind(kind)
        cache_key = ("filtered", kind, filters.key())
        if cache_key not in self._derived:
            frame = self.table(kind)
            for key in [k for k in self._derived if isinstance(k, tuple) and k[:2] == ("filtered", kind)]:
                del self._derived[key]
            self._derived[cache_key] = None if frame is None else apply_filters(frame, kind, filters)
        return self._derived[cache_key]  # type: ignore[return-value]

    def currency(self, kind: Kind | str = Kind.ORDERS) -> str | None:
        """The currency of a kind's money columns when all its files agree on one."""
        found = {d.currency for d in self.of_kind(kind) if getattr(d, "currency", None)}
        return found.pop() if len(found) == 1 else None

    def dimension_values(self) -> dict[str, list[str]]:
        """Filter choices: each dimension's values across every loaded kind."""
        if "dimension_values" not in self._derived:
            self._derived["dimension_values"] = self._dimension_values()
        return self._derived["dimension_values"]  # type: ignore[return-value]

    def _dimension_values(self) -> dict[str, list[str]]:
        merged: dict[str, set[str]] = {}
        for kind in self.kinds():
            for dim, values in dimension_values(self.table(kind), kind).items():  # type: ignore[arg-type]
                merged.setdefault(dim, set()).update(values)
        return {dim: sorted(v) for dim, v in merged.items()}

    def date_span(self) -> tuple | None:
        """First and last day over every loaded kind's date column."""
        if "date_span" not in self._derived:
            self._derived["date_span"] = self._date_span()
        return self._derived["date_span"]  # type: ignore[return-value]

    def _date_span(self) -> tuple | None:
        spans = [s for k in self.kinds() if k in DATE_FIELD and (s := date_span(self.table(k), k))]  # type: ignore[arg-type]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A fresh in-memory DuckDB holding this workspace's tables (one view per kind and per file).

        Fresh per call and in memory only: nothing persists, and no other session's
        connection can see these tables.
        """
        con = duckdb.connect(":memory:")
        for kind in self.kinds():
            con.register(kind.value, self.table(kind))
        for ds in self.datasets.values():
            con.register(table_name(ds.name), ds.table)
        return con
