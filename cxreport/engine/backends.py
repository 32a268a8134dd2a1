"""Where the row-level SQL runs: an in-process DuckDB, or Apache Spark.

Every heavy stage (`cxreport.engine.stages`) is one SQL text in DuckDB's dialect over named
tables with canonical columns. `DuckDBBackend` runs it as written; `SparkBackend` runs the
same text translated by SQLGlot to Spark SQL, on a session that may be a cluster's. Either
way the answer comes back as a small Polars frame: stages only ever return aggregates.

Spark is imported only when a `SparkBackend` is made, so the app and the default engine
never need it (``pip install cxreport[spark]``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Literal, get_args

import duckdb
import polars as pl

from cxreport.errors import CXError

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = get_args(Engine)
# Spark's shuffles default to 200 partitions, made for clusters; on one machine each costs a
# task for nothing. A cluster's own setting wins when --spark-master names one.
LOCAL_SHUFFLE_PARTITIONS = 8
SAMPLE_STAGE = "sample for recognition"


def check_engine(engine: str) -> Engine:
    if engine not in ENGINES:
        raise CXError("unknown_engine", f"There is no engine called {engine!r}.",
                            f"Choose one of: {', '.join(ENGINES)}.", engine=engine, choices=", ".join(ENGINES))
    return engine  # type: ignore[return-value]


class DuckDBBackend:
    """Stages on a private in-process DuckDB connection."""

    name: Engine = "duckdb"

    def __init__(self) -> None:
        self.con = duckdb.connect()
        self.returned: list[dict] = []
        self.memo: dict = {}  # stage answers asked for twice in one report

    def register_path(self, table: str, path: Path, fmt: str) -> None:
        source = _duckdb_source(path, fmt)
        self.con.execute(f'CREATE OR REPLACE VIEW "{table}" AS SELECT * FROM {source}')

    def register_frame(self, table: str, frame: pl.DataFrame) -> None:
        self.con.register(table, frame)

    def view(self, name: str, sql: str) -> None:
        self.con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')

    def materialize(self, name: str, sql: str) -> None:
        """A table computed once and read by several stages (a view would be recomputed)."""
        self.con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS {sql}')

    def columns(self, table: str) -> dict[str, str]:
        """Column name -> type, lower-case DuckDB type names."""
        rows = self.con.execute(f'DESCRIBE "{table}"').fetchall()
        return {r[0]: str(r[1]).lower() for r in rows}

    def query(self, sql: str, stage: str = "") -> pl.DataFrame:
        """Run one stage; `stage` names it in the JSON's account of what came back."""
        start = time.perf_counter()
        return _returned(self.returned, stage, self.con.sql(sql).pl(), start)

    def sample(self, table: str, rows: int) -> pl.DataFrame:
        """The first rows as they are: recognition needs values (the one answer that is rows)."""
        start = time.perf_counter()
        first = self.con.sql(f'SELECT * FROM "{table}" LIMIT {int(rows)}').pl()
        return _returned(self.returned, SAMPLE_STAGE, first, start)

    def close(self) -> None:
        self.con.close()


def _duckdb_source(path: Path, fmt: str) -> str:
    quoted = "'" + str(path).replace("'", "''") + "'"
    if fmt == "parquet":
        target = "'" + str(path / "**" / "*.parquet").replace("'", "''") + "'" if path.is_dir() else quoted
        return f"read_parquet({target}, hive_partitioning = true, union_by_name = true)"
    target = "'" + str(path / "**" / "*.csv").replace("'", "''") + "'" if path.is_dir() else quoted
    # Every column as text, as the Spark reader is told too: the two engines then parse the
    # same strings with the same SQL, and an id such as 007 keeps its zeros.
    return f"read_csv({target}, header = true, all_varchar = true, hive_partitioning = true, union_by_name = true)"


def to_spark_sql(sql: str) -> str:
    """DuckDB SQL as Spark SQL (SQLGlot), for the stages' own portable subset of SQL."""
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


class SparkBackend:
    """Stages on a Spark session: `local[2]` by default, or the cluster `master` names.

    Results come back through Arrow (`toArrow`), and only stage results, which are
    aggregates, ever do.
    """

    name: Engine = "spark"

    def __init__(self, master: str | None = None, session: Any = None) -> None:
        if session is None and master is None:
            session = _active_session()  # a notebook's own session: used, and left running
        self.spark = session if session is not None else spark_session(master)
        self._owned = session is None
        self._views: list[str] = []
        self._cached: list[Any] = []
        self.returned: list[dict] = []
        self.memo: dict = {}  # stage answers asked for twice in one report

    def register_path(self, table: str, path: Path, fmt: str) -> None:
        reader = self.spark.read
        if fmt == "parquet":
            frame = reader.option("mergeSchema", "true").parquet(str(path))
        else:
            # All text (no inferSchema), as DuckDB is told: see `_duckdb_source`.
            frame = (reader.option("header", "true").option("inferSchema", "false")
                     .option("recursiveFileLookup", "false").csv(str(path)))
        frame.createOrReplaceTempView(table)
        self._views.append(table)

    def register_frame(self, table: str, frame: pl.DataFrame) -> None:
        self.spark.createDataFrame(frame.to_arrow()).createOrReplaceTempView(table)
        self._views.append(table)

    def view(self, name: str, sql: str) -> None:
        self.spark.sql(to_spark_sql(sql)).createOrReplaceTempView(name)
        self._views.append(name)

    def materialize(self, name: str, sql: str) -> None:
        """A table computed once and read by several stages: cached on the executors (memory,
        then disk), since Spark recomputes a view, and every CTE, at each reference."""
        frame = self.spark.sql(to_spark_sql(sql)).cache()
        frame.createOrReplaceTempView(name)
        self._views.append(name)
        self._cached.append(frame)

    def columns(self, table: str) -> dict[str, str]:
        return {f.name: f.dataType.simpleString().lower() for f in self.spark.table(table).schema.fields}

    def query(self, sql: str, stage: str = "") -> pl.DataFrame:
        """Run one stage; `stage` names it in the JSON's account of what came back."""
        start = time.perf_counter()
        return _returned(self.returned, stage, _from_arrow(self.spark.sql(to_spark_sql(sql)).toArrow()), start)

    def sample(self, table: str, rows: int) -> pl.DataFrame:
        """The first rows as they are: recognition needs values (the one answer that is rows)."""
        start = time.perf_counter()
        first = _from_arrow(self.spark.table(table).limit(int(rows)).toArrow())
        return _returned(self.returned, SAMPLE_STAGE, first, start)

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        for name in self._views:
            self.spark.catalog.dropTempView(name)
        if self._owned:
            self.spark.stop()


def _returned(log: list[dict], stage: str, frame: pl.DataFrame, start: float) -> pl.DataFrame:
    """Note what a query brought back (rows, bytes in memory) and how long it took (a cached
    table's first use includes computing it): the JSON reports it."""
    log.append({"stage": stage, "rows": frame.height, "bytes": int(frame.estimated_size()),
                "seconds": round(time.perf_counter() - start, 3)})
    return frame


def _from_arrow(table: Any) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    # Spark's timestamps arrive zoned (the session's zone, UTC here); canonical ones are naive.
    return frame.with_columns(pl.col(pl.Datetime("us", "UTC")).dt.replace_time_zone(None))


def _active_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def spark_session(master: str | None = None) -> Any:
    """A Spark session for the stages: UTC, so a day is the day written in the data."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise CXError("spark_not_installed", "The Spark engine needs pyspark, which is not installed.",
                            "Install it with pip install 'cxreport[spark]' (it needs Java 17 or newer).") from None
    builder = (SparkSession.builder.appName("cxreport")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.ansi.enabled", "true"))
    if master:
        builder = builder.master(master)
    else:
        builder = (builder.master(os.environ.get("CXREPORT_SPARK_MASTER", "local[2]"))
                   .config("spark.sql.shuffle.partitions", str(LOCAL_SHUFFLE_PARTITIONS))
                   .config("spark.driver.memory", os.environ.get("CXREPORT_SPARK_DRIVER_MEMORY", "2g")))
    try:
        return builder.getOrCreate()
    except Exception as err:  # noqa: BLE001 — Java missing or the master unreachable: say so in one line
        raise CXError("spark_not_started", f"Spark did not start ({type(err).__name__}).",
                            "Check that Java 17 or newer is installed (java -version) and that the master URL "
                            "is reachable.", detail=type(err).__name__) from None
