"""Shared statistics: intervals and tests against hand arithmetic and scipy's reference implementations."""

from __future__ import annotations

import math
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from cxreport.errors import MappingProblem
from cxreport.metrics.stats import adjusted_wald_bounds, nps_difference_z, nps_variance, t_bounds, t_quantile, two_proportion_z, two_sided_p, wilson_bounds, z_value
from cxreport.metrics.inputs import check_score_range, checked_lazy

Z = 1.959963984540054  # Φ⁻¹(0.975)


def _bounds(fn, x: list[int], n: list[int]) -> pl.DataFrame:
    low, high = fn(pl.col("x"), pl.col("n"))
    return pl.DataFrame({"x": x, "n": n}).select(low.alias("low"), high.alias("high"))


def test_z_value_is_the_normal_quantile():
    assert z_value() == pytest.approx(Z, abs=1e-12)
    assert z_value(0.90) == pytest.approx(1.6448536, abs=1e-6)
    with pytest.raises(ValueError):
        z_value(1.0)


def test_wilson_eight_of_ten_by_hand():
    # p = 0.8, z² = 3.841459, 1 + z²/n = 1.3841459
    # centre = (0.8 + 3.841459/20) / 1.3841459 = 0.992073 / 1.3841459 = 0.716740
    # half = 1.959964 * sqrt(0.8*0.2/10 + 3.841459/400) / 1.3841459
    #      = 1.959964 * sqrt(0.016 + 0.0096036) / 1.3841459 = 1.959964 * 0.160011 / 1.3841459 = 0.226578
    # -> 0.490162 .. 0.943318
    row = _bounds(wilson_bounds, [8], [10]).row(0)
    assert row == pytest.approx((0.490162, 0.943318), abs=1e-6)


@pytest.mark.parametrize("x,n", [(0, 1), (0, 12), (3, 7), (12, 12), (45, 100), (1, 250)])
def test_wilson_matches_scipy(x: int, n: int):
    ref = sps.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert _bounds(wilson_bounds, [x], [n]).row(0) == pytest.approx((ref.low, ref.high), abs=1e-9)


def test_adjusted_wald_ten_of_ten_by_hand():
    # Sauro & Lewis' adjustment at 95%: add z²/2 = 1.920729 successes and z² = 3.841459 attempts.
    # p_adj = 11.920729 / 13.841459 = 0.861234
    # half = 1.959964 * sqrt(0.861234 * 0.138766 / 13.841459) = 1.959964 * 0.092919 = 0.182121
    # -> 0.679113 .. 1.043355, clipped to 1.0
    row = _bounds(adjusted_wald_bounds, [10], [10]).row(0)
    assert row == pytest.approx((0.679113, 1.0), abs=1e-6)


def test_adjusted_wald_none_of_five_by_hand():
    # p_adj = 1.920729 / 8.841459 = 0.217241; half = 1.959964*sqrt(0.217241*0.782759/8.841459) = 0.271814
    # -> -0.054572 clipped to 0 .. 0.489055
    row = _bounds(adjusted_wald_bounds, [0], [5]).row(0)
    assert row == pytest.approx((0.0, 0.489055), abs=1e-6)


def test_intervals_are_null_without_attempts():
    for fn in (wilson_bounds, adjusted_wald_bounds):
        assert _bounds(fn, [0], [0]).row(0) == (None, None)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_proportion_intervals_contain_the_estimate(xn: tuple[int, int]):
    x, n = xn
    p = x / n
    for fn in (wilson_bounds, adjusted_wald_bounds):
        low, high = _bounds(fn, [x], [n]).row(0)
        assert 0.0 <= low <= p + 1e-12
        assert p - 1e-12 <= high <= 1.0


def test_nps_variance_by_hand():
    # 10 responses, 5 promoters, 2 detractors: p = 0.5, d = 0.2
    # Var = (0.5 + 0.2 − 0.3²) / 10 = 0.61 / 10 = 0.061
    out = pl.DataFrame({"p": [5], "d": [2], "n": [10]}).select(nps_variance(pl.col("p"), pl.col("d"), pl.col("n")))
    assert out.item() == pytest.approx(0.061)


def test_nps_difference_z_by_hand():
    # NPS 30 (Var 0.061) vs NPS −10 (Var 0.05): z = 0.40 / sqrt(0.111) = 0.40 / 0.333167 = 1.200600
    frame = pl.DataFrame({"a": [30.0, 100.0], "va": [0.061, 0.0], "b": [-10.0, 100.0], "vb": [0.05, 0.0]})
    out = frame.select(nps_difference_z(pl.col("a"), pl.col("va"), pl.col("b"), pl.col("vb"))).to_series()
    assert out[0] == pytest.approx(1.200600, abs=1e-6)
    assert out[1] is None  # no sampling variance at all: no test


def test_two_proportion_z_by_hand():
    # 45/100 vs 30/100: pooled = 0.375; se = sqrt(0.375 * 0.625 * (1/100 + 1/100)) = sqrt(0.0046875) = 0.0684653
    # z = 0.15 / 0.0684653 = 2.190890; two-sided p = 2 * (1 − Φ(2.190890)) = 0.028460
    frame = pl.DataFrame({"xa": [45], "na": [100], "xb": [30], "nb": [100]})
    z = frame.select(two_proportion_z(pl.col("xa"), pl.col("na"), pl.col("xb"), pl.col("nb")).alias("z"))
    assert z.item() == pytest.approx(2.190890, abs=1e-6)
    assert z.select(two_sided_p(pl.col("z"))).item() == pytest.approx(0.028460, abs=1e-6)


def test_two_sided_p_values_and_nulls():
    out = pl.DataFrame({"z": [0.0, Z, -Z, None]}).select(two_sided_p(pl.col("z"))).to_series().to_list()
    assert out[:3] == pytest.approx([1.0, 0.05, 0.05])
    assert out[3] is None


def test_t_bounds_match_scipy():
    # mean 5, sd sqrt(2.5), n 5: t(0.975, 4) = 2.776445; half = 2.776445 * 1.581139 / 2.236068 = 1.963243
    frame = pl.DataFrame({"m": [5.0, 3.0], "s": [math.sqrt(2.5), 1.0], "n": [5, 1]})
    low, high = t_bounds(pl.col("m"), pl.col("s"), pl.col("n"))
    out = frame.select(low.alias("low"), high.alias("high"))
    ref = sps.t.interval(0.95, 4, loc=5.0, scale=math.sqrt(2.5) / math.sqrt(5))
    assert out.row(0) == pytest.approx(ref, abs=1e-9)
    assert out.row(0) == pytest.approx((3.036757, 6.963243), abs=1e-6)
    assert out.row(1) == (None, None)  # one value: no spread, no interval


def test_checked_lazy_names_missing_columns():
    with pytest.raises(MappingProblem) as err:
        checked_lazy(pl.DataFrame({"a": [1]}), ["a", "b"], table_name="surveys", hint="Map b.")
    assert err.value.code == "surveys_missing_columns"
    assert "b" in err.value.message and err.value.hint == "Map b."


def test_check_score_range_rejects_values_off_the_scale():
    lazy = pl.LazyFrame({"nps_score": [3.0, None, 45.0]})
    with pytest.raises(MappingProblem) as err:
        check_score_range(lazy, "nps_score", 0, 10, label="NPS")
    assert "45" in err.value.message
    check_score_range(pl.LazyFrame({"nps_score": [0.0, 10.0, None]}), "nps_score", 0, 10, label="NPS")


def test_t_quantiles_equal_scipy_below_and_above_the_table():
    dfs = [1, 2, 3, 4, 5, 10, 29, 30, 99, 999, 1000, 1001, 1500, 5000, 100_000]
    got = pl.DataFrame({"df": dfs}).select(t_quantile(pl.col("df"))).to_series().to_list()
    assert got == pytest.approx(list(sps.t.ppf(0.975, dfs)), rel=1e-10)
    got_90 = pl.DataFrame({"df": dfs}).select(t_quantile(pl.col("df"), 0.90)).to_series().to_list()
    assert got_90 == pytest.approx(list(sps.t.ppf(0.95, dfs)), rel=1e-10)
    assert pl.DataFrame({"df": [0, -3, None]}).select(t_quantile(pl.col("df"))).to_series().to_list() == [None] * 3


def test_two_sided_p_values_match_scipy_to_a_relative_2e_7():
    zs = [0.0, 0.01, 0.3, 1.0, 1.644854, 1.959964, 2.5, 3.290527, 5.0, 8.0, 12.0]
    got = pl.DataFrame({"z": zs}).select(two_sided_p(pl.col("z"))).to_series().to_list()
    assert got == pytest.approx(list(2 * sps.norm.sf(zs)), rel=2e-7)


def test_no_python_function_runs_inside_a_polars_query():
    # A Python function inside a query runs on Polars' pool and needs the GIL: with the
    # app's concurrent sessions that deadlocked the server (see cxreport/metrics/stats.py).
    root = Path(__file__).resolve().parents[2] / "cxreport"
    found = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py")
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"\.(map_batches|map_elements|map_groups|map_rows|apply)\(", line)]
    assert found == []
