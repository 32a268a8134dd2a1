"""Fixtures of the engine tests: one Spark session per worker, and the sample as lake tables.

Every test here that takes `backend` runs twice, on DuckDB and on Spark (`local[2]`); the
Spark runs are marked `spark` and grouped on one xdist worker, so the JVM starts once.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import cxreport
from cxreport.engine.backends import DuckDBBackend, SparkBackend, spark_session
from cxreport.fields import FIELD_TYPES, Kind

SAMPLE = Path(__file__).parents[2] / "sample_data"
# The sample files the engine can read as they are, and the others through their
# canonical Parquet (day-first dates, Rupiah text, Qualtrics headers: see sources.py).
SAMPLE_FILES = ("orders.csv", "subscriptions.csv", "tickets.csv", "survey_responses.csv")


@pytest.fixture(scope="session")
def spark():
    session = spark_session()
    yield session
    session.stop()


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")])])
def backend(request):
    made = DuckDBBackend() if request.param == "duckdb" else SparkBackend(session=request.getfixturevalue("spark"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def sample_workspace():
    return cxreport.load(*(SAMPLE / name for name in SAMPLE_FILES))


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
