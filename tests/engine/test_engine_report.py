"""The engine's report against the default engine's, section by section, cell for cell."""

from __future__ import annotations

import json

import polars as pl
import pytest

import cxreport
from cxreport.cli import main
from cxreport.engine.backends import SAMPLE_STAGE
from cxreport.engine.clv import TRIPLES_STAGE
from cxreport.engine.report import engine_report
from cxreport.engine.sources import SAMPLE_ROWS
from cxreport.fields import Kind
from cxreport.report import build_report

from tests.engine.conftest import rows_equal, same_json


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, infer_schema_length=None)


def _same_sections(ours: dict, theirs: dict) -> None:
    """Every section the engine computed, as the default engine has it (the CLV section to
    1e-6: the same optimiser from the same start, on sums taken in another order)."""
    for section in ("orders", "subscriptions", "surveys", "tickets"):
        if section not in ours:
            continue
        for key, value in ours[section].items():
            # The CLV to 1e-6, its fitted parameters to 1e-3: Gamma-Gamma's likelihood is
            # flat along q when q is large (1,468 on the 1M lake: spend hardly varies between
            # customers), and mean spends that differ in the last bit (SQL's sum/count,
            # Polars' mean) move the optimum along that valley by ~2e-4. What the fit
            # predicts is not flat.
            rel = 1e-6 if key == "clv" else 1e-9
            same_json(value, theirs[section][key], f"{section}.{key}", rel, params_rel=1e-3)


def _same_retention(ours: dict, theirs: dict) -> None:
    rows_equal(_frame(ours["orders"]["retention"]).with_columns(pl.col("cohort").cast(pl.String)),
               _frame(theirs["orders"]["retention"]).with_columns(pl.col("cohort").cast(pl.String)))
    assert ours["orders"]["retention_at"].keys() == theirs["orders"]["retention_at"].keys()
    for k, row in theirs["orders"]["retention_at"].items():
        assert ours["orders"]["retention_at"][k] == pytest.approx(row, rel=1e-12)


def test_the_sample_lake_gives_the_default_engines_numbers(backend, sample_lake):
    paths = list(sample_lake.values())
    ours = engine_report(paths, backend=backend)
    theirs = build_report(cxreport.load(*paths))
    _same_retention(ours, theirs)
    _same_sections(ours, theirs)
    assert {"orders", "subscriptions"} <= ours.keys()
    assert ours["engine"]["name"] == backend.name
    assert {s["section"] for s in ours["skipped"]} >= {"journey", "headlines"}


@pytest.mark.long_run
def test_a_partitioned_million_row_lake_gives_the_default_engines_numbers(backend, lake_1m):
    ours = engine_report([lake_1m], backend=backend)
    theirs = build_report(cxreport.load(lake_1m))
    assert theirs["datasets"][0]["rows"] == 1_000_000
    _same_retention(ours, theirs)
    _same_sections(ours, theirs)
    # Aggregates only came back, besides the first rows for recognition and the CLV's distinct
    # (x, t_x, T): never a row per order, and everything else as small as a cohort table.
    returned = ours["engine"]["returned"]
    customers = theirs["orders"]["clv"]["model"]["customers"]
    assert [r["rows"] for r in returned if r["stage"] == SAMPLE_STAGE] == [SAMPLE_ROWS]
    assert all(r["rows"] <= customers for r in returned if r["stage"] == TRIPLES_STAGE)
    assert max(r["rows"] for r in returned if r["stage"] not in (SAMPLE_STAGE, TRIPLES_STAGE)) < 5_000


@pytest.mark.spark
@pytest.mark.long_run
def test_the_cli_runs_on_spark_and_prints_the_same_json(spark, sample_lake, capsys):
    path = str(sample_lake[Kind.ORDERS])
    assert main(["metrics", path, "--engine", "spark", "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert main(["metrics", path, "--json"]) == 0
    theirs = json.loads(capsys.readouterr().out)
    _same_retention(ours, theirs)
    assert ours["engine"]["name"] == "spark"


def test_an_option_the_spark_engine_does_not_take_is_one_line(capsys):
    assert main(["metrics", "x.parquet", "--engine", "spark", "--where", "channel=web"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cxreport: error: --where does not work with the Spark engine") and "\n" == err[-1]
