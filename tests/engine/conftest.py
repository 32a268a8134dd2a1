"""Fixtures of the engine tests: one Spark session per worker, and the sample as lake tables.

Every test here that takes `backend` runs twice, on DuckDB and on Spark (`local[2]`); the
Spark runs are marked `spark`. A worker starts its JVM on its first Spark test and keeps it
(at most two under `make test`'s two workers; `make test-long` runs in one process).
Spark runs and the 1M-row lake are marked `long_run`: `make test` leaves them to
`make test-long` (docs/engines.md gives the times).
"""

from __future__ import annotations

import math

from pathlib import Path

import polars as pl
import pytest

import cxreport
from cxreport.engine.backends import DuckDBBackend, SparkBackend, spark_session
from cxreport.fields import FIELD_TYPES, Kind

SAMPLE = Path(__file__).parents[2] / "sample_data"
# The sample files the tests read with the app's reader; the engine reads them through their
# canonical Parquet (`sample_lake`): the survey export's Qualtrics header rows, for one, are
# the app reader's to handle (sources.py refuses them).
SAMPLE_FILES = ("orders.csv", "subscriptions.csv", "tickets.csv", "survey_responses.csv")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every Spark test is one of the long runs (`long_run`, `make test-long`): with nine of
    them CI took 16 minutes (docs/engines.md)."""
    for item in items:
        if item.get_closest_marker("spark") or "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.long_run)


@pytest.fixture(scope="session")
def spark():
    session = spark_session()
    yield session
    session.stop()


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def backend(request):
    made = DuckDBBackend() if request.param == "duckdb" else SparkBackend(session=request.getfixturevalue("spark"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def sample_workspace():
    return cxreport.load(*(SAMPLE / name for name in SAMPLE_FILES))


@pytest.fixture(scope="session")
def sample_report(sample_workspace) -> dict:
    """The default engine's report of the sample, computed once for every engine test."""
    from cxreport.report import build_report

    return build_report(sample_workspace)


@pytest.fixture(scope="session")
def sample_lake(sample_workspace, tmp_path_factory) -> dict[Kind, Path]:
    """Each kind of the sample as the canonical table the app reads, written as Parquet.

    Canonical fields only, typed: what a pipeline writing the normalised exports to a lake
    holds, and what both engines then read with no export format left to guess.
    """
    root = tmp_path_factory.mktemp("lake")
    out: dict[Kind, Path] = {}
    for kind in sample_workspace.kinds():
        table = sample_workspace.table(kind)
        fields = [f for f in FIELD_TYPES[kind] if f in table.columns]
        path = root / f"{kind.value}.parquet"
        table.select(fields).write_parquet(path)
        out[kind] = path
    return out


def same_json(ours, theirs, path: str = "", rel: float = 1e-9, params_rel: float | None = None) -> None:
    """Equal JSON values: keys, lists, counts and texts exactly, floats to `rel` relative
    (sums added up in another order differ in the last bits), fitted parameters (a path
    with ``.params.``) to `params_rel` when given."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(theirs), (path, sorted(ours), sorted(theirs))
        for k in theirs:
            same_json(ours[k], theirs[k], f"{path}.{k}", rel, params_rel)
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), (path, ours, theirs)
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            same_json(a, b, f"{path}[{i}]", rel, params_rel)
    elif isinstance(theirs, float) and not isinstance(theirs, bool):
        tolerance = params_rel if params_rel is not None and ".params." in path else rel
        assert isinstance(ours, float) and math.isclose(ours, theirs, rel_tol=tolerance, abs_tol=1e-12), \
            (path, ours, theirs)
    else:
        assert ours == theirs and type(ours) is type(theirs), (path, ours, theirs)


def rows_equal(ours: pl.DataFrame, theirs: pl.DataFrame, rel: float = 1e-9) -> None:
    """Cell for cell: same columns, same rows in the same order; floats to `rel` (sums
    added up in another order differ in the last bits, nothing more)."""
    assert ours.columns == theirs.columns
    assert ours.height == theirs.height, (ours.height, theirs.height)
    for name in ours.columns:
        a, b = ours.get_column(name), theirs.get_column(name)
        if a.dtype.is_float() or b.dtype.is_float():
            a, b = a.cast(pl.Float64), b.cast(pl.Float64)
            assert (a.is_null() == b.is_null()).all(), name
            both = a.is_not_null() & b.is_not_null()
            diff = ((a - b).abs() <= rel * b.abs().clip(lower_bound=1.0)).filter(both)
            assert diff.all(), (name, pl.DataFrame([a, b]).filter(both & ~((a - b).abs() <= rel * b.abs().clip(lower_bound=1.0))))
        else:
            assert a.to_list() == b.to_list(), name


def generated_orders(rows: int, *, seed: int = 17) -> pl.DataFrame:
    """`rows` orders of rows/8 customers over two years, deterministic: a lake-shaped table
    (typed columns, a status with refunds, cancellations and tests, a channel)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    customers = max(1, rows // 8)
    start = np.datetime64("2024-01-01T00:00:00", "us")
    # Each customer's first day spread over the two years, later orders after it.
    first = rng.integers(0, 700, customers)
    who = rng.integers(0, customers, rows)
    later = (rng.exponential(60, rows) * (rng.random(rows) < 0.85)).astype(np.int64)
    days = np.minimum(first[who] + later, 730)
    seconds = rng.integers(0, 86_400, rows)
    dates = start + (days * 86_400 + seconds).astype("timedelta64[s]").astype("timedelta64[us]")
    status = rng.choice(["paid", "paid", "paid", "paid", "refunded", "cancelled", "test", "partially_refunded"],
                        rows, p=[0.7, 0.1, 0.05, 0.05, 0.04, 0.03, 0.01, 0.02])
    frame = pl.DataFrame({
        "order_id": [f"O{i:08d}" for i in range(rows)],
        "customer_id": [f"C{c:07d}" for c in who],
        "order_date": dates,
        "amount": np.round(rng.gamma(2.0, 40.0, rows) * np.where(rng.random(rows) < 0.02, -1, 1), 2),
        "status": status,
        "channel": rng.choice(["web", "app", "marketplace"], rows),
    })
    return frame.with_columns(pl.col("order_date").dt.strftime("%Y-%m").alias("month"))


@pytest.fixture(scope="session")
def lake_1m(tmp_path_factory) -> Path:
    """1M orders as a lake holds them: Parquet, partitioned by month (`month=2024-01/...`)."""
    root = tmp_path_factory.mktemp("lake_1m") / "orders"
    generated_orders(1_000_000).write_parquet(root, partition_by="month")
    return root
