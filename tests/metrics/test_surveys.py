"""NPS, CSAT, CES on tables small enough to compute by hand (arithmetic in the comments)."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from cxreport.errors import MappingProblem
from cxreport.fields import SurveyColumns
from cxreport.metrics import surveys

Z = 1.959963984540054


def responses(scores: list[float | None], **extra: list) -> pl.DataFrame:
    n = len(scores)
    return pl.DataFrame(
        {"response_date": [dt.datetime(2024, 1, 15)] * n, "nps_score": scores, **extra},
        schema_overrides={"nps_score": pl.Float64},
    )


# --- NPS ----------------------------------------------------------------------------------------

# 10 answers: promoters 10,10,9,9,9 (5); passives 8,7,7 (3); detractors 6,0 (2); one null ignored.
TEN = [10, 10, 9, 9, 9, 8, 7, 7, 6, 0, None]


def test_nps_by_hand():
    out = surveys.nps(responses(TEN)).row(0, named=True)
    # NPS = 100 * (5 − 2) / 10 = 30; Var = (0.5 + 0.2 − 0.3²)/10 = 0.061
    # moe = 1.959964 * sqrt(0.061) * 100 = 48.4075 points; interval 30 ± 48.4075
    assert (out["n"], out["promoters"], out["passives"], out["detractors"]) == (10, 5, 3, 2)
    assert out["nps"] == pytest.approx(30.0)
    assert out["variance"] == pytest.approx(0.061)
    assert out["moe"] == pytest.approx(48.4075, abs=1e-4)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((-18.4075, 78.4075), abs=1e-4)
    assert out["small_sample"] is True


def test_category_boundaries():
    # 6 is a detractor, 7 and 8 passives, 9 a promoter
    out = surveys.nps(responses([6, 7, 8, 9])).row(0, named=True)
    assert (out["detractors"], out["passives"], out["promoters"]) == (1, 2, 1)


def test_interval_is_clipped_to_the_scale():
    # all 10s: NPS 100, Var 0 -> moe 0; one 10 and one 0: NPS 0, Var = (0.5+0.5−0)/2 = 0.5, moe = 138.6 -> clipped
    assert surveys.nps(responses([10, 10])).select("ci_low", "ci_high").row(0) == (100.0, 100.0)
    assert surveys.nps(responses([10, 0])).select("ci_low", "ci_high").row(0) == (-100.0, 100.0)


def test_small_sample_flag_uses_min_n():
    thirty = responses([9] * 30)
    assert surveys.nps(thirty).item(0, "small_sample") is False
    assert surveys.nps(thirty, min_n=31).item(0, "small_sample") is True


def test_nps_by_group_and_from_duckdb():
    df = responses([10, 0, 9, 9], segment=["a", "a", "b", "b"])
    out = surveys.nps(df, by="segment")
    # a: one promoter, one detractor -> 0; b: two promoters -> 100
    assert out.select("segment", "nps").rows() == [("a", 0.0), ("b", 100.0)]
    relation = duckdb.connect().from_arrow(df.to_arrow())
    assert surveys.nps(relation, by="segment").select("segment", "nps").rows() == [("a", 0.0), ("b", 100.0)]


def test_nps_with_renamed_columns():
    df = pl.DataFrame({"when": [dt.datetime(2024, 1, 1)] * 2, "recommend": [10.0, 6.0]})
    out = surveys.nps(df, SurveyColumns(response_date="when", nps_score="recommend"))
    assert out.item(0, "nps") == 0.0


def test_scores_off_the_scale_are_a_mapping_problem():
    with pytest.raises(MappingProblem) as err:
        surveys.nps(responses([9, 45]))
    assert err.value.code == "score_out_of_range"


def test_missing_score_column_is_a_mapping_problem():
    with pytest.raises(MappingProblem):
        surveys.csat(responses([9]))


def by_month() -> pl.DataFrame:
    jan = [10, 10, 9, 0, 7]  # p 3, d 1, n 5 -> NPS 40, Var = (0.6 + 0.2 − 0.4²)/5 = 0.128
    feb = [10, 6, 6, 8]  # p 1, d 2, n 4 -> NPS −25, Var = (0.25 + 0.5 − 0.25²)/4 = 0.171875
    dates = [dt.datetime(2024, 1, d) for d in range(1, 6)] + [dt.datetime(2024, 2, d) for d in range(1, 5)]
    return pl.DataFrame({"response_date": dates, "nps_score": [float(s) for s in jan + feb]})


def test_nps_by_period_change_by_hand():
    out = surveys.nps_by_period(by_month())
    assert out.get_column("period").to_list() == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    assert out.get_column("nps").to_list() == pytest.approx([40.0, -25.0])
    assert out.get_column("moe").to_list()[0] == pytest.approx(Z * math.sqrt(0.128) * 100)  # 70.1218
    first, second = out.row(0, named=True), out.row(1, named=True)
    assert first["change"] is None and first["change_p"] is None and first["change_significant"] is None
    # change = −65 points; z = −0.65 / sqrt(0.128 + 0.171875) = −0.65 / 0.547608 = −1.186980; p = 0.235236
    assert second["change"] == pytest.approx(-65.0)
    assert second["change_z"] == pytest.approx(-1.186980, abs=1e-6)
    assert second["change_p"] == pytest.approx(0.235236, abs=1e-6)
    assert second["change_significant"] is False


def test_nps_by_period_change_stays_within_its_group():
    df = pl.concat([by_month().with_columns(pl.lit("web").alias("channel")),
                    by_month().with_columns(pl.lit("app").alias("channel"), pl.lit(10.0).alias("nps_score"))])
    out = surveys.nps_by_period(df, by="channel")
    app = out.filter(pl.col("channel") == "app")
    web = out.filter(pl.col("channel") == "web")
    assert app.get_column("change").to_list() == [None, 0.0]
    assert web.get_column("change").to_list() == [None, pytest.approx(-65.0)]


def test_nps_by_period_weeks_start_on_monday():
    df = pl.DataFrame({"response_date": [dt.datetime(2024, 1, 7), dt.datetime(2024, 1, 8)], "nps_score": [10.0, 0.0]})
    out = surveys.nps_by_period(df, period="week")
    # 2024-01-07 is a Sunday (week of Monday 1 Jan), 2024-01-08 a Monday
    assert out.get_column("period").to_list() == [dt.date(2024, 1, 1), dt.date(2024, 1, 8)]


def test_nps_by_segment_against_the_rest_by_hand():
    # a: 10, 10, 0 -> p 2/3, d 1/3, NPS 33.33, Var = (1 − (1/3)²)/3 = 0.296296
    # b: 6, 6, 9, 8 -> p 1/4, d 2/4, NPS −25, Var = (0.75 − 0.0625)/4 = 0.171875
    # a vs rest (= b): z = 0.583333 / sqrt(0.468171) = 0.852539, p = 0.393915
    df = responses([10, 10, 0, 6, 6, 9, 8], segment=["a"] * 3 + ["b"] * 4)
    out = surveys.nps_by_segment(df, by="segment")
    a, b = out.row(0, named=True), out.row(1, named=True)
    assert a["segment"] == "a" and b["segment"] == "b"  # highest NPS first
    assert (a["n_rest"], a["nps_rest"]) == (4, pytest.approx(-25.0))
    assert a["difference"] == pytest.approx(58.3333, abs=1e-4)
    assert a["z"] == pytest.approx(0.852539, abs=1e-6)
    assert a["p"] == pytest.approx(0.393915, abs=1e-6)
    assert b["z"] == pytest.approx(-0.852539, abs=1e-6)  # two groups: b vs rest is the mirror
    assert a["significant"] is False


def test_nps_by_segment_single_group_has_no_test():
    out = surveys.nps_by_segment(responses([10, 0], segment=["a", "a"]), by="segment")
    assert out.row(0, named=True)["n_rest"] == 0
    assert out.row(0, named=True)["z"] is None


def test_nps_change_between_two_tables():
    months = by_month()
    jan = months.filter(pl.col("response_date").dt.month() == 1)
    feb = months.filter(pl.col("response_date").dt.month() == 2)
    out = surveys.nps_change(feb, jan).row(0, named=True)
    assert (out["n_a"], out["n_b"]) == (4, 5)
    assert out["change"] == pytest.approx(-65.0)
    assert out["change_z"] == pytest.approx(-1.186980, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_invariants(scores: list[int]):
    out = surveys.nps(responses([float(s) for s in scores])).row(0, named=True)
    assert out["promoters"] + out["passives"] + out["detractors"] == out["n"] == len(scores)
    assert -100.0 <= out["nps"] <= 100.0
    assert out["ci_low"] <= out["nps"] + 1e-9 and out["nps"] - 1e-9 <= out["ci_high"]
    # NPS is the mean of +1/0/−1 scores
    expected = 100 * sum((s >= 9) - (s <= 6) for s in scores) / len(scores)
    assert out["nps"] == pytest.approx(expected)


# --- CSAT and CES ---------------------------------------------------------------------------------


def test_csat_by_hand_and_against_scipy():
    df = responses([None] * 6, csat_score=[5.0, 4.0, 4.0, 3.0, 1.0, None])
    out = surveys.csat(df).row(0, named=True)
    # 3 of 5 answers are 4–5 -> 0.6; mean (5+4+4+3+1)/5 = 3.4
    assert (out["n"], out["satisfied"]) == (5, 3)
    assert out["csat"] == pytest.approx(0.6)
    assert out["mean_score"] == pytest.approx(3.4)
    # Wilson: centre (0.6 + 0.384146)/1.768292 = 0.556548, half 1.959964*sqrt(0.048+0.038415)/1.768292 = 0.325824
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((0.230724, 0.882379), abs=1e-6)
    ref = sps.binomtest(3, 5).proportion_ci(method="wilson")
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((ref.low, ref.high), abs=1e-9)


def test_csat_by_period():
    df = pl.DataFrame({
        "response_date": [dt.datetime(2024, 1, 2), dt.datetime(2024, 1, 3), dt.datetime(2024, 4, 1)],
        "csat_score": [5.0, 2.0, 4.0],
    })
    out = surveys.csat_by_period(df, period="quarter")
    assert out.select("period", "n", "csat").rows() == [(dt.date(2024, 1, 1), 2, 0.5), (dt.date(2024, 4, 1), 1, 1.0)]


def test_ces_by_hand():
    df = responses([None] * 6, ces_score=[7.0, 6.0, 5.0, 4.0, 3.0, None])
    out = surveys.ces(df).row(0, named=True)
    # mean 5, sd sqrt(10/4) = 1.581139, t(0.975, 4) = 2.776445 -> half 2.776445*1.581139/sqrt(5) = 1.963243
    assert out["n"] == 5
    assert out["mean_score"] == pytest.approx(5.0)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((3.036757, 6.963243), abs=1e-6)
    # agreeing: 7, 6, 5 -> 3 of 5
    assert (out["agreeing"], out["agree_share"]) == (3, pytest.approx(0.6))
    assert (out["agree_ci_low"], out["agree_ci_high"]) == pytest.approx((0.230724, 0.882379), abs=1e-6)


def test_ces_by_period_and_scale_check():
    df = pl.DataFrame({"response_date": [dt.datetime(2024, 1, 2), dt.datetime(2024, 2, 3)], "ces_score": [7.0, 1.0]})
    out = surveys.ces_by_period(df)
    assert out.select("period", "mean_score").rows() == [(dt.date(2024, 1, 1), 7.0), (dt.date(2024, 2, 1), 1.0)]
    assert out.get_column("ci_low").to_list() == [None, None]  # one answer each: no interval
    with pytest.raises(MappingProblem):
        surveys.ces(pl.DataFrame({"ces_score": [0.0]}))


def test_response_counts():
    df = pl.DataFrame({
        "response_date": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 9), dt.datetime(2024, 2, 1)],
        "nps_score": [9.0, None, 3.0],
        "csat_score": [None, None, 4.0],
        "comment": ["great", "  ", None],
    })
    out = surveys.response_counts(df)
    assert out.rows() == [
        # period, responses, nps, csat, ces (no column), comments (blank does not count)
        (dt.date(2024, 1, 1), 2, 1, 0, 0, 1),
        (dt.date(2024, 2, 1), 1, 1, 1, 0, 0),
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=150))
def test_csat_invariants(scores: list[int]):
    out = surveys.csat(pl.DataFrame({"csat_score": [float(s) for s in scores]})).row(0, named=True)
    assert 0.0 <= out["ci_low"] <= out["csat"] <= out["ci_high"] <= 1.0
    assert out["satisfied"] == sum(s >= 4 for s in scores)
