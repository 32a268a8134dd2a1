"""CLV on DuckDB and Spark equals the library's: inputs compressed, the same fits on them.

The valid orders are the library's own (`valid_orders`) until the SQL view lands, as in
test_churn; the expected figures come from `clv.predictive_clv` / `clv.simple_clv` on the
raw rows. Parameters are compared to 1e-6 relative (the same optimiser on the same
distinct rows; only Gamma-Gamma's start differs in its last digits), the rest to 1e-9.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from cxreport.engine import clv as engine_clv
from cxreport.engine.clv import clv_inputs, clv_section, weighted_correlation
from cxreport.errors import EmptyResult
from cxreport.fields import Kind
from cxreport.metrics import clv
from cxreport.metrics._frames import valid_orders
from cxreport.metrics.gamma_gamma import fit_gamma_gamma, fit_gamma_gamma_counts, spend_frequency_correlation
from cxreport.metrics.rfm import rfm_summary
from cxreport.report import plain
from tests.engine.test_churn import generated_orders


def close(ours, theirs, rel: float, path: str = "") -> None:
    """Nested JSON values equal: numbers to `rel` relative (absolute below 1), the rest exactly."""
    if isinstance(theirs, dict):
        assert set(ours) == set(theirs), path
        for key in theirs:
            close(ours[key], theirs[key], rel, f"{path}.{key}")
    elif isinstance(theirs, float) and not isinstance(ours, bool):
        assert ours is not None and math.isclose(ours, theirs, rel_tol=rel, abs_tol=rel), (path, ours, theirs)
    else:
        assert ours == theirs, (path, ours, theirs)


def assert_clv_equal(ours: dict, theirs: dict) -> None:
    assert set(ours) == set(theirs)
    close(ours["model"]["params"], theirs["model"]["params"], 1e-6, "params")
    close(ours["model"]["log_likelihood"], theirs["model"]["log_likelihood"], 1e-9)
    close(ours["model"]["spend_log_likelihood"], theirs["model"]["spend_log_likelihood"], 1e-9)
    rest = lambda d: {k: v for k, v in d.items() if k not in ("params", "log_likelihood", "spend_log_likelihood")}  # noqa: E731
    close(rest(ours["model"]), rest(theirs["model"]), 1e-9, "model")
    # CLV sums over customers go through the parameters: their 1e-6 bounds these too.
    close(ours["summary"], theirs["summary"], 1e-6, "summary")
    close(ours["simple"], theirs["simple"], 1e-9, "simple")


def test_sample_equals_build_report(backend, sample_workspace, sample_report):
    backend.register_frame("valid", valid_orders(sample_workspace.table(Kind.ORDERS)).collect())
    theirs = sample_report["orders"]
    ours = clv_section(backend, "valid", window_days=theirs["churn"]["window_days"])
    assert_clv_equal(ours, {k: theirs["clv"][k] for k in ("model", "summary", "simple")})


def library_clv(orders: pl.DataFrame, period: str) -> dict:
    result = clv.predictive_clv(orders, time_unit="week")
    bg, spend = result.purchases, result.spend
    return plain({
        "model": {"params": {**bg.params, **spend.params}, "time_unit": result.time_unit,
                  "calibration_end": result.as_of, "log_likelihood": bg.log_likelihood,
                  "spend_log_likelihood": spend.log_likelihood, "customers": bg.n, "spend_customers": spend.n,
                  "converged": bool(bg.converged and spend.converged),
                  "spend_frequency_correlation": result.spend_frequency_correlation["pearson_r"][0],
                  "horizon_months": result.horizon_months, "annual_discount_rate": result.annual_discount_rate,
                  "margin": result.margin},
        "summary": clv.clv_summary(result),
        "simple": clv.simple_clv(orders, period=period).row(0, named=True),
    })


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    orders = generated_orders(seed=11, n=30_000)
    root = tmp_path_factory.mktemp("clv_lake") / "valid_orders"
    valid_orders(orders).collect().with_columns(pl.col("day").dt.month().alias("month")).write_parquet(
        root, partition_by=["month"])
    return orders, root


@pytest.mark.parametrize("period", ["month", "week"])
def test_generated_hive_table_equals_library(backend, generated, period):
    orders, root = generated
    backend.register_path("valid", root, "parquet")
    assert_clv_equal(clv_section(backend, "valid", period=period), library_clv(orders, period))


def test_compressed_inputs_are_the_rfm_summary_counted(backend, generated):
    orders, root = generated
    backend.register_path("valid", root, "parquet")
    for unit in ("week", "day"):
        inputs = clv_inputs(backend, "valid", time_unit=unit)
        rfm = rfm_summary(orders, time_unit=unit)
        triples = rfm.group_by("frequency", "recency", "T").agg(pl.len().cast(pl.Int64).alias("customers")).sort(
            "frequency", "recency", "T")
        ours = inputs["triples"].select("frequency", "recency", "T", "customers")
        assert ours.to_dicts() == triples.to_dicts()
        spend = rfm.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0))
        assert inputs["spend"]["customers"].sum() == spend.height
        assert inputs["spend"].height < spend.height  # prices repeat: the table is compressed
    assert inputs["triples"].height < rfm.height
    as_of = dt.date(2023, 3, 15)
    inputs = clv_inputs(backend, "valid", as_of=as_of)
    rfm = rfm_summary(orders, observation_end=as_of)
    assert inputs["as_of"] == as_of
    assert inputs["triples"].select("frequency", "recency", "T", "customers").to_dicts() == (
        rfm.group_by("frequency", "recency", "T").agg(pl.len().cast(pl.Int64).alias("customers"))
        .sort("frequency", "recency", "T").to_dicts())
    with pytest.raises(EmptyResult) as err:
        clv_inputs(backend, "valid", as_of=dt.date(2000, 1, 1))
    assert err.value.code == "no_purchases_by_end"


def test_gamma_gamma_counts_fit_equals_per_customer_fit(generated):
    orders, _ = generated
    rfm = rfm_summary(orders)
    counted = rfm.group_by("frequency", "monetary_value").agg(pl.len().alias("customers"))
    ours, theirs = fit_gamma_gamma_counts(counted), fit_gamma_gamma(rfm)
    for name, value in theirs.params.items():
        assert ours.params[name] == pytest.approx(value, rel=1e-6)
    assert (ours.n, ours.converged) == (theirs.n, theirs.converged)
    assert weighted_correlation(counted.filter((pl.col("frequency") > 0) & (pl.col("monetary_value") > 0))) == \
        pytest.approx(spend_frequency_correlation(rfm)["pearson_r"][0], rel=1e-9)
    with pytest.raises(EmptyResult) as err:
        fit_gamma_gamma_counts(counted.head(1).with_columns(pl.lit(1).alias("customers")))
    assert err.value.code == "gamma_gamma_too_few_spenders"


@pytest.mark.spark
def test_spark_median_approximate_above_threshold(spark, generated, monkeypatch):
    from cxreport.engine.backends import SparkBackend

    orders, root = generated
    backend = SparkBackend(session=spark)
    backend.register_path("valid", root, "parquet")
    monkeypatch.setattr(engine_clv, "MEDIAN_EXACT_MAX_CUSTOMERS", 10)
    _, summary = engine_clv.predictive_section(backend, "valid")
    backend.close()
    assert summary["median_method"] == f"approx(accuracy={engine_clv.MEDIAN_ACCURACY})"
    values = np.sort(clv.predictive_clv(orders).customers["clv"].to_numpy())
    # percentile_approx: the rank of the answer is within n / accuracy of the median's
    rank = np.searchsorted(values, summary["median_clv"], side="right")
    assert abs(rank - values.size / 2) <= values.size / engine_clv.MEDIAN_ACCURACY + 1


def test_too_few_repeat_customers_is_skipped_as_in_the_report(backend):
    from cxreport.report import _Skips

    orders = pl.DataFrame({"customer_id": ["a", "a", "b", "c"], "amount": [5.0, 6.0, 3.0, 4.0],
                           "order_date": [dt.datetime(2024, 1, 3), dt.datetime(2024, 3, 9), dt.datetime(2024, 2, 20),
                                          dt.datetime(2024, 5, 2)]})
    backend.register_frame("valid", valid_orders(orders).collect())
    skips = _Skips()
    out = clv_section(backend, "valid", skips=skips)
    assert "model" not in out
    codes = {s["section"]: s["code"] for s in skips.items}
    assert codes["orders.clv.model"] == "clv_too_few_repeat_customers"
    with pytest.raises(EmptyResult) as err:
        clv.predictive_clv(orders)
    assert err.value.code == codes["orders.clv.model"]
