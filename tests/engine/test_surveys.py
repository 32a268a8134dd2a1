"""The surveys stage on DuckDB and Spark against the library: the sample, and a generated,
Hive-partitioned lake with nulls, half scores, undated answers and empty months.

The expected figures come from the library on the same rows (`cxreport.report.build_report`,
or its surveys section on the generated frame), which computes them in Polars from the
rows: an independent computation from the engine's counts in SQL.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from cxreport.engine.backends import to_spark_sql
from cxreport.engine.surveys import score_counts, score_counts_sql, surveys_section
from cxreport.errors import MappingProblem
from cxreport.fields import Kind
from cxreport.report import _Skips, _surveys_section, plain

from tests.engine.conftest import same_json as assert_same

COVERED = ("nps", "nps_by_period", "csat", "ces")


def test_sample_equals_the_report(backend, sample_report, sample_lake):
    backend.register_path("surveys", sample_lake[Kind.SURVEYS], "parquet")
    theirs = sample_report["surveys"]
    ours = surveys_section(backend, "surveys")
    assert sorted(ours) == sorted(COVERED)
    assert_same(ours, {k: theirs[k] for k in COVERED})


def generated_responses(n: int = 40_000, seed: int = 7) -> pl.DataFrame:
    """Responses over 2024–2025 without March and October 2025 (empty months), with null and
    half scores, undated answers, and a customer answering several times a day."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 730, n)
    seconds = rng.integers(0, 86_400, n)
    start = dt.datetime(2024, 1, 1)
    dates = [start + dt.timedelta(days=int(d), seconds=int(s)) for d, s in zip(days, seconds, strict=True)]
    dates = [None if d.year == 2025 and d.month in (3, 10) else d for d in dates]
    frame = pl.DataFrame({
        "response_id": [f"R{i}" for i in range(n)],
        "customer_id": [f"C{i % 3000}" for i in range(n)],
        "response_date": pl.Series(dates, dtype=pl.Datetime("us")),
        "nps_score": rng.integers(0, 11, n).astype(float),
        "csat_score": rng.integers(1, 6, n).astype(float),
        "ces_score": rng.integers(2, 15, n) / 2,  # 1.0, 1.5 ... 7.0
        "segment": rng.choice(["new", "loyal", "lapsed"], n),
    })
    # Empty months: their rows move out of the data; a few undated answers stay.
    frame = frame.filter(pl.col("response_date").is_not_null() | (pl.int_range(pl.len()) % 50 == 0))
    missing = pl.int_range(pl.len())
    return frame.with_columns(
        pl.when(missing % 7 == 0).then(None).otherwise(pl.col("nps_score")).alias("nps_score"),
        pl.when(missing % 5 == 0).then(None).otherwise(pl.col("csat_score")).alias("csat_score"),
        pl.when(missing % 3 == 0).then(None).otherwise(pl.col("ces_score")).alias("ces_score"),
        # The same customer several times on one day.
        pl.when(missing < 40).then(pl.lit(dt.datetime(2024, 6, 3, 9))).otherwise(pl.col("response_date"))
        .alias("response_date"),
        pl.when(missing < 40).then(pl.lit("C0")).otherwise(pl.col("customer_id")).alias("customer_id"),
        (pl.col("response_date").dt.year().fill_null(0) * 100 + pl.col("response_date").dt.month().fill_null(0))
        .alias("part"),
    )


def write_partitioned(frame: pl.DataFrame, root) -> None:
    frame.write_parquet(root, partition_by=["part"])


@pytest.mark.parametrize("period", ["month", "week"])
def test_generated_lake_equals_the_library(backend, tmp_path, period):
    frame = generated_responses()
    write_partitioned(frame, tmp_path / "surveys")
    backend.register_path("surveys", tmp_path / "surveys", "parquet")
    skips = _Skips()
    theirs = plain(_surveys_section(frame.drop("part"), period=period, skips=skips))
    assert not skips.items
    ours = surveys_section(backend, "surveys", period=period)
    assert_same(ours, theirs)
    # The undated answers count overall and in no period.
    assert ours["nps"]["n"] > sum(p["n"] for p in ours["nps_by_period"])
    if period == "month":
        assert not [p for p in ours["nps_by_period"] if p["period"].startswith(("2025-03", "2025-10"))]


def test_counts_are_per_value_and_small(backend):
    frame = pl.DataFrame({"response_date": [dt.datetime(2025, 1, 5), dt.datetime(2025, 1, 20), dt.datetime(2025, 2, 1),
                                            None, dt.datetime(2025, 2, 2)],
                          "nps_score": [10.0, 10.0, 3.0, 8.0, None]})
    backend.register_frame("answers", frame)
    counts = score_counts(backend, "answers").sort("period", "value", nulls_last=True)
    assert counts.rows() == [("nps_score", dt.date(2025, 1, 1), 10.0, 2), ("nps_score", dt.date(2025, 2, 1), 3.0, 1),
                             ("nps_score", None, 8.0, 1)]
    ours = surveys_section(backend, "answers")
    # By hand: 2 promoters, 1 passive, 1 detractor of 4 -> NPS 25; Jan 100, Feb −100.
    assert (ours["nps"]["n"], ours["nps"]["promoters"], ours["nps"]["passives"], ours["nps"]["detractors"]) == (4, 2, 1, 1)
    assert ours["nps"]["score"] == 25.0
    assert [(p["period"], p["nps"], p["change"]) for p in ours["nps_by_period"]] == [
        ("2025-01-01", 100.0, None), ("2025-02-01", -100.0, -200.0)]
    assert sorted(ours) == ["nps", "nps_by_period"]  # no CSAT or CES column: left out


def test_score_out_of_scale_is_refused_as_the_library_refuses_it(backend):
    frame = generated_responses(2_000).drop("part").with_columns(
        pl.when(pl.int_range(pl.len()) == 100).then(11.0).otherwise(pl.col("nps_score")).alias("nps_score"))
    backend.register_frame("answers", frame)
    with pytest.raises(MappingProblem) as raised:
        surveys_section(backend, "answers")
    assert raised.value.code == "score_out_of_range" and raised.value.params["value"] == 11.0
    theirs_skips, ours_skips = _Skips(), _Skips()
    theirs = plain(_surveys_section(frame, period="month", skips=theirs_skips))
    ours = surveys_section(backend, "answers", skips=ours_skips)
    assert_same(ours, theirs)
    assert sorted(ours) == ["ces", "csat"]
    assert ours_skips.items == theirs_skips.items  # the same sections, codes and words (one bad value)


def test_segments_are_counted_too(backend):
    frame = generated_responses(3_000).drop("part")
    backend.register_frame("answers", frame)
    counts = score_counts(backend, "answers", by=["segment"])
    theirs = (frame.filter(pl.col("nps_score").is_not_null()).group_by("segment")
              .agg(pl.len().cast(pl.Int64).alias("n")).sort("segment"))
    ours = (counts.filter(pl.col("score") == "nps_score").group_by("segment").agg(pl.col("n").sum()).sort("segment"))
    assert ours.rows() == theirs.rows()


def test_sql_survives_transpiling():
    sql = score_counts_sql("v", ["response_date", "nps_score", "csat_score", "ces_score"], period="quarter",
                           by=["segment"])
    spark = to_spark_sql(sql)
    assert "DATE_TRUNC('QUARTER'" in spark and spark.count("UNION ALL") == 2
