"""A session's loaded files: named datasets, combined per kind, and a private DuckDB.

One `Workspace` belongs to one user session (the app keeps it in that session's state,
the CLI makes one per run), so sessions never see each other's data. Files of the same
kind are stacked into one table per kind (exports are often split by month), keeping
a `source_file` column so nothing is lost and every row can be traced back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from cxreport.errors import EmptyResult, MappingProblem
from cxreport.fields import DATE_FIELD, DIMENSIONS, Kind
from cxreport.filters import Filters, dimension_values, history
from cxreport.io.dataset import dataset_bytes
from cxreport.io.limits import current as current_limits
from cxreport.io.normalise import source_column_name
from cxreport.io.read import session_memory
from cxreport.metrics.rows import reachable_span
from cxreport.metrics.servqual import ServqualItem, recognise_item

if TYPE_CHECKING:
    from cxreport.io.dataset import Dataset


def table_name(file_name: str) -> str:
    """A safe SQL identifier for a file name (letters, digits, underscore; never user SQL).

    >>> table_name("Pesanan Jan-2025.csv.gz"), table_name("2025 orders.xlsx")
    ('pesanan_jan_2025', 't_2025_orders')
    """
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
        # Each distinct spelling once (a few dozen), not every row: the frame is only rewritten
        # when two spellings are one value.
        spellings = (frame.get_column(dim).value_counts(name="len").drop_nulls(dim)
                     .with_columns(pl.col(dim).str.strip_chars().str.to_lowercase().alias("_key")))
        if spellings.height == spellings.get_column("_key").n_unique() and not (
            spellings.get_column(dim) != spellings.get_column(dim).str.strip_chars()
        ).any():
            continue  # nothing to unify
        best = spellings.sort("len", dim, descending=[True, False]).unique("_key", keep="first").select(
            "_key", pl.col(dim).str.strip_chars().alias("_best"))
        renamed = spellings.join(best, on="_key").filter(pl.col(dim) != pl.col("_best"))
        frame = frame.with_columns(pl.col(dim).replace(renamed.get_column(dim), renamed.get_column("_best")))
    return frame


class Workspace:
    """The files loaded for one analysis, and their canonical table per kind.

    Made by `cxreport.load` (or the app's Data page). ``ws.orders``, ``ws.surveys`` ...
    are the tables the metric functions take; ``ws.connection()`` is the same data as
    DuckDB views, for SQL.

    >>> from cxreport.io.dataset import load_dataset
    >>> ws = Workspace()
    >>> ws.add(load_dataset("jan.csv", b"response_date,nps_score\\n2025-01-03,10\\n2025-01-08,6\\n"))
    >>> ws.add(load_dataset("feb.csv", b"response_date,nps_score\\n2025-02-03,9\\n"))
    >>> ws
    Workspace of 2 files
      surveys  jan.csv  2 rows
      surveys  feb.csv  1 row
    >>> ws.kinds(), ws.surveys.height, ws.surveys["source_file"].to_list()
    ([<Kind.SURVEYS: 'surveys'>], 3, ['jan.csv', 'jan.csv', 'feb.csv'])
    """

    def __init__(self) -> None:
        self.datasets: dict[str, Dataset] = {}
        self.version = 0  # bumped on every change; part of every memo key
        self._combined: dict[Kind, pl.DataFrame | None] = {}
        self._derived: dict[object, object] = {}  # filter choices and date span: every rerun reads them
        self.is_sample = False
        # SERVQUAL tags the user corrected: survey column -> (dimension, role), or None for "not an item".
        self.servqual_tags: dict[str, tuple[str, str] | None] = {}
        self.stage_overrides: dict[str, str] = {}

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

    def set_servqual_tags(self, tags: dict[str, tuple[str, str] | None]) -> None:
        """Correct the SERVQUAL tagging: column -> (dimension, role), or None when it is no item."""
        self.servqual_tags = {**self.servqual_tags, **tags}
        self._changed()

    def set_journey_stages(self, stages: dict[str, str | None]) -> None:
        """Correct journey stages: touchpoint -> stage (`cxreport.metrics.journey.STAGES`), or
        None to go back to the stage its name says."""
        merged = {**self.stage_overrides, **stages}
        self.stage_overrides = {k: v for k, v in merged.items() if v is not None}
        self._changed()

    def journey_stages(self) -> dict[str, str]:
        """The stages set by hand (`set_journey_stages`), for `journey.journey(stages=...)`."""
        return dict(self.stage_overrides)

    def servqual_table(self) -> pl.DataFrame:
        """Every survey column not mapped to a field: column (as in ``ws.surveys``), question
        (its text, when the export has one), dimension and role (null when it is no SERVQUAL item),
        as recognised from the header and question text and then corrected by `set_servqual_tags`.

        >>> from cxreport.io.dataset import load_dataset
        >>> ws = Workspace()
        >>> ws.add(load_dataset("s.csv", b"response_date,nps_score,Keandalan (kenyataan),Harapan keandalan,Note\\n"
        ...                                b"2025-01-03,10,6,7,x\\n"))
        >>> ws.servqual_table().rows()
        [('src_keandalan_kenyataan', None, 'reliability', 'perception'), ('src_harapan_keandalan', None, 'reliability', 'expectation'), ('src_note', None, None, None)]
        >>> ws.set_servqual_tags({"src_note": ("empathy", "perception")})
        >>> [(i.column, i.dimension) for i in ws.servqual_items()][-1]
        ('src_note', 'empathy')
        """
        rows: dict[str, tuple[str | None, str | None, str | None]] = {}
        for ds in self.of_kind(Kind.SURVEYS):
            mapped = set(ds.mapping.values())
            for header in (c for c in ds.raw.columns if c not in mapped):
                question = ds.descriptions.get(header)
                item = recognise_item(header, question)
                rows.setdefault(source_column_name(header), (question, item and item.dimension, item and item.role))
        for column, tag in self.servqual_tags.items():
            if column in rows:
                rows[column] = (rows[column][0], *(tag or (None, None)))
        return pl.DataFrame([(c, *r) for c, r in rows.items()], orient="row",
                            schema={"column": pl.String, "question": pl.String, "dimension": pl.String, "role": pl.String})

    def servqual_items(self) -> list[ServqualItem]:
        """The survey's SERVQUAL items, tagged (`servqual_table` rows with a dimension)."""
        table = self.servqual_table().drop_nulls("dimension")
        return [ServqualItem(c, d, r or "perception") for c, _, d, r in table.iter_rows()]  # a few dozen columns

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
        """What a kind's metrics compute on under the filters (`cxreport.filters.history`:
        orders and subscriptions keep their past before the date range); the last result per
        kind is kept, because every rerun of a page asks again for the same filters."""
        kind = Kind(kind)
        cache_key = ("filtered", kind, filters.key())
        if cache_key not in self._derived:
            frame = self.table(kind)
            for key in [k for k in self._derived if isinstance(k, tuple) and k[:2] == ("filtered", kind)]:
                del self._derived[key]
            self._derived[cache_key] = None if frame is None else history(frame, kind, filters)
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
        """First and last day over every loaded kind's date column, of the dates a metric can
        reach (a typo year or a row dated after today is left out, as every metric does)."""
        key = ("date_span", dt.date.today())  # what is out of reach moves with today
        if key not in self._derived:
            self._derived[key] = self._date_span()
        return self._derived[key]  # type: ignore[return-value]

    def _date_span(self) -> tuple | None:
        spans = [(s[0].date(), s[1].date()) for k in self.kinds()  # date columns are Datetime
                 if k in DATE_FIELD and DATE_FIELD[k] in (table := self.table(k)).columns  # type: ignore[union-attr]
                 and (s := reachable_span(table.get_column(DATE_FIELD[k])))]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    # --- public reading: the canonical tables and SQL --------------------------------------
    def _required(self, kind: Kind) -> pl.DataFrame:
        """The kind's table, or an error that says what to load or map (a notebook's first question)."""
        table = self.table(kind)
        if table is not None:
            return table
        unready = [d for d in self.datasets.values() if d.kind == kind]
        if unready:
            from cxreport.io.dataset import missing_required

            first = unready[0]
            fields = ", ".join(missing_required(first))
            raise MappingProblem("table_not_ready", f"The {kind.value} file {first.name} lacks fields its metrics need: "
                                 f"{fields}.", 'Load it again with mapping={"FIELD": "COLUMN"} for each of them.',
                                 name=first.name, fields=fields)
        loaded = ", ".join(k.value for k in self.kinds()) or "nothing yet"
        raise EmptyResult("no_table", f"No {kind.value} export is loaded (loaded: {loaded}).",
                          f"Load a {kind.value} export, or set a file's kind with kinds={{FILE: {kind.value!r}}}.",
                          kind=kind.value)

    @property
    def orders(self) -> pl.DataFrame:
        """Every orders file stacked into one canonical table (columns: `cxreport.fields.FIELD_TYPES`).

        >>> from cxreport.io.dataset import load_dataset
        >>> ws = Workspace()
        >>> ws.add(load_dataset("o.csv", b"order_id,customer_id,order_date,amount\\nO1,A,2025-01-05,10\\nO2,B,2025-01-20,40\\n"))
        >>> ws.orders.select("order_id", "customer_id", "amount", "source_file")
        shape: (2, 4)
        ┌──────────┬─────────────┬────────┬─────────────┐
        │ order_id ┆ customer_id ┆ amount ┆ source_file │
        │ ---      ┆ ---         ┆ ---    ┆ ---         │
        │ str      ┆ str         ┆ f64    ┆ str         │
        ╞══════════╪═════════════╪════════╪═════════════╡
        │ O1       ┆ A           ┆ 10.0   ┆ o.csv       │
        │ O2       ┆ B           ┆ 40.0   ┆ o.csv       │
        └──────────┴─────────────┴────────┴─────────────┘
        >>> ws.surveys
        Traceback (most recent call last):
        ...
        cxreport.errors.EmptyResult: No surveys export is loaded (loaded: orders). Load a surveys export, or set a file's kind with kinds={FILE: 'surveys'}.
        """
        return self._required(Kind.ORDERS)

    @property
    def subscriptions(self) -> pl.DataFrame:
        """Every subscriptions file stacked into one canonical table; raises like `orders`."""
        return self._required(Kind.SUBSCRIPTIONS)

    @property
    def surveys(self) -> pl.DataFrame:
        """Every survey file (NPS, CSAT, CES answers) stacked into one canonical table; raises like `orders`."""
        return self._required(Kind.SURVEYS)

    @property
    def tickets(self) -> pl.DataFrame:
        """Every support-ticket file stacked into one canonical table; raises like `orders`."""
        return self._required(Kind.TICKETS)

    @property
    def ux(self) -> pl.DataFrame:
        """Every usability-test file stacked into one canonical table; raises like `orders`."""
        return self._required(Kind.UX)

    def __repr__(self) -> str:
        if not self.datasets:
            return "Workspace of 0 files"
        rows = []
        for ds in self.datasets.values():
            note = "" if ds.ready else (" (not recognised)" if ds.kind is Kind.OTHER else " (fields missing: not used)")
            n = ds.table.height
            rows.append((ds.kind.value, ds.name, f"{n:,} row{'s' if n != 1 else ''}{note}"))
        widths = [max(len(r[i]) for r in rows) for i in range(2)]
        lines = [f"  {k:<{widths[0]}}  {n:<{widths[1]}}  {what}" for k, n, what in rows]
        count = len(rows)
        return "\n".join([f"Workspace of {count} file{'s' if count != 1 else ''}", *lines])

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The loaded data as DuckDB views: one per kind (``orders``, ``surveys`` ...) and one per file.

        A kind's view stacks its files, with ``source_file`` saying which row came from
        where. A file's view is ``file_`` + `table_name` of its name (``Orders Jan.csv`` →
        ``file_orders_jan``; ``_2``, ``_3`` ... when two names clean up the same), so a file
        named ``orders.csv`` cannot hide the ``orders`` view. The connection is new and in
        memory on every call: nothing persists, nothing is shared with another session.

        >>> from cxreport.io.dataset import load_dataset
        >>> ws = Workspace()
        >>> ws.add(load_dataset("nps.csv", b"response_date,nps_score\\n2025-01-03,10\\n2025-01-08,6\\n2025-01-09,9\\n"))
        >>> con = ws.connection()
        >>> con.sql("SELECT count(*) AS n, avg(nps_score) AS mean FROM surveys").fetchall()
        [(3, 8.333333333333334)]
        >>> con.sql("SELECT count(*) FROM file_nps").fetchall()
        [(3,)]
        """
        con = duckdb.connect(":memory:")
        for kind in self.kinds():
            con.register(kind.value, self.table(kind))
        for name, ds in zip(self.file_views(), self.datasets.values()):
            con.register(name, ds.table)
        return con

    def file_views(self) -> list[str]:
        """The name of each file's view in `connection`, in the order the files were added."""
        names: list[str] = []
        for ds in self.datasets.values():
            base = f"file_{table_name(ds.name)}"
            name, n = base, 1
            while name in names:
                n += 1
                name = f"{base}_{n}"
            names.append(name)
        return names
