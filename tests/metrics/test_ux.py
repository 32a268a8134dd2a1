"""Usability metrics on tiny test sessions computed by hand (Sauro & Lewis 2016; Brooke 1996)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from cxreport.errors import MappingProblem
from cxreport.fields import UXColumns
from cxreport.metrics import ux

SUS_ITEMS = [f"sus_{i}" for i in range(1, 11)]

TASKS = pl.DataFrame(
    {
        "participant_id": ["p1", "p2", "p3", "p4", "p5", "p6", "p1", "p2", "p3", "p4"],
        "task": ["checkout"] * 6 + ["search"] * 4,
        "success": [True, True, True, True, False, None, True, False, True, False],
        "time_on_task_seconds": [10.0, 20.0, 40.0, 0.0, 1000.0, 30.0, 12.0, 50.0, None, 5.0],
        "errors": [0.0, 1.0, 3.0, 0.0, 2.0, None, 0.0, 0.0, 1.0, 1.0],
    }
)


def test_task_success_adjusted_wald_by_hand():
    out = ux.task_success(TASKS).row(0, named=True)
    # checkout: 4 successes of 5 known outcomes (p6 unknown)
    # p_adj = (4 + 1.920729)/(5 + 3.841459) = 0.669655; half = 1.959964*sqrt(0.669655*0.330345/8.841459) = 0.310024
    # -> 0.359631 .. 0.979679
    assert (out["task"], out["n"], out["successes"]) == ("checkout", 5, 4)
    assert out["rate"] == pytest.approx(0.8)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((0.359631, 0.979679), abs=1e-6)


def test_task_success_overall_and_numeric_flags():
    out = ux.task_success(TASKS, by=None).row(0, named=True)
    assert (out["n"], out["successes"]) == (9, 6)
    numeric = TASKS.with_columns(pl.col("success").cast(pl.Int64))
    assert ux.task_success(numeric).rows() == ux.task_success(TASKS).rows()


def test_time_on_task_geometric_mean_by_hand():
    out = ux.time_on_task(TASKS).row(0, named=True)
    # checkout successes: 10, 20, 40 and 0 (no logarithm: left out); 1000 s failed
    # ln: 2.302585, 2.995732, 3.688879 -> mean 2.995732 (= ln 20), sd = ln 2 = 0.693147
    # t(0.975, 2) = 4.302653; half = 4.302653*0.693147/sqrt(3) = 1.721873
    # -> 20·e^±1.721873 = 3.574621 .. 111.899967
    assert out["n"] == 3
    assert out["geometric_mean_seconds"] == pytest.approx(20.0)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((3.574621, 111.899967), abs=1e-5)
    logs = np.log([10.0, 20.0, 40.0])
    ref = np.exp(sps.t.interval(0.95, 2, loc=logs.mean(), scale=logs.std(ddof=1) / math.sqrt(3)))
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(tuple(ref))
    assert out["median_seconds"] == 20.0


def test_time_on_task_all_attempts():
    out = ux.time_on_task(TASKS, successful_only=False).row(0, named=True)
    # 10, 20, 40, 1000, 30 (p6's unknown outcome counts when all attempts do) -> exp(mean ln)
    assert out["n"] == 5
    assert out["geometric_mean_seconds"] == pytest.approx(math.exp(np.log([10, 20, 40, 1000, 30]).mean()))


def test_error_rate_by_hand():
    out = ux.error_rate(TASKS).row(1, named=True)
    # search: errors 0, 0, 1, 1 -> 2 in 4 attempts: 0.5 per attempt; 2 of 4 attempts had an error
    # adjusted Wald for 2/4: p_adj = 3.920729/7.841459 = 0.5, half = 1.959964*sqrt(0.25/7.841459) = 0.349961
    assert (out["task"], out["n"], out["errors_total"]) == ("search", 4, 2.0)
    assert out["errors_per_attempt"] == pytest.approx(0.5)
    assert out["share_with_error"] == pytest.approx(0.5)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((0.150039, 0.849961), abs=1e-6)
    checkout = ux.error_rate(TASKS).row(0, named=True)
    # checkout: 0, 1, 3, 0, 2 (p6 unknown) -> 6 errors / 5 attempts = 1.2; 3 of 5 with an error
    assert (checkout["n"], checkout["errors_per_attempt"], checkout["share_with_error"]) == (5, 1.2, 0.6)


def sus_rows(answers: dict[str, list[float | None]], repeat: int = 2, first_only: bool = False) -> pl.DataFrame:
    """Each participant's answers on `repeat` task rows (or on the first row only)."""
    rows = []
    for participant, items in answers.items():
        for k in range(repeat):
            values = items if (k == 0 or not first_only) else [None] * 10
            rows.append({"participant_id": participant, "task": f"task{k}", **dict(zip(SUS_ITEMS, values))})
    return pl.DataFrame(rows, schema_overrides={c: pl.Float64 for c in SUS_ITEMS})


def test_sus_scores_by_hand():
    answers = {
        # odd items 4 -> 3 each (15), even items 2 -> 3 each (15): 30 × 2.5 = 75
        "p1": [4, 2] * 5,
        # best possible: odd 5 -> 4 each, even 1 -> 4 each: 40 × 2.5 = 100
        "p2": [5, 1] * 5,
        # worst possible: odd 1 -> 0, even 5 -> 0: 0
        "p3": [1, 5] * 5,
        # odd 3,4,5,4,3 -> 2+3+4+3+2 = 14; even 2,1,2,1,2 -> 3+4+3+4+3 = 17; 31 × 2.5 = 77.5
        "p4": [3, 2, 4, 1, 5, 2, 4, 1, 3, 2],
        # neutral 3s: 10 × 2 = 20 × 2.5 = 50
        "p5": [3] * 10,
    }
    out = ux.sus_scores(sus_rows(answers, repeat=3))
    assert out.select("participant_id", "sus").rows() == [("p1", 75.0), ("p2", 100.0), ("p3", 0.0), ("p4", 77.5), ("p5", 50.0)]
    assert out.get_column("complete").all()


def test_sus_answers_on_the_first_row_only_and_without_participant_ids():
    first_only = ux.sus_scores(sus_rows({"p1": [4, 2] * 5}, repeat=3, first_only=True))
    assert first_only.select("participant_id", "sus").rows() == [("p1", 75.0)]
    no_ids = sus_rows({"a": [4, 2] * 5, "b": [5, 1] * 5}, repeat=1).drop("participant_id")
    assert sorted(ux.sus_scores(no_ids).get_column("sus").to_list()) == [75.0, 100.0]


def test_incomplete_participants_are_skipped_and_counted():
    answers = {"p1": [4, 2] * 5, "p2": [5, 1] * 5, "p3": [4, 2] * 4 + [4, None], "p4": [None] * 10}
    scores = ux.sus_scores(sus_rows(answers))
    # p4 took no SUS at all: not listed; p3 missed one item: listed, no score
    assert scores.select("participant_id", "items_answered", "complete", "sus").rows() == [
        ("p1", 10, True, 75.0), ("p2", 10, True, 100.0), ("p3", 9, False, None),
    ]
    summary = ux.sus_summary(sus_rows(answers)).row(0, named=True)
    assert (summary["n"], summary["incomplete"]) == (2, 1)
    assert summary["mean"] == pytest.approx(87.5)


def test_sus_summary_by_hand():
    answers = {"p1": [4, 2] * 5, "p2": [5, 1] * 5, "p4": [3, 2, 4, 1, 5, 2, 4, 1, 3, 2]}
    out = ux.sus_summary(sus_rows(answers)).row(0, named=True)
    # scores 75, 100, 77.5: mean 84.1667, sd 13.768926, t(0.975, 2) = 4.302653
    # half = 4.302653 × 13.768926 / sqrt(3) = 34.203909 -> 49.962757 .. 118.370576, clipped to 100
    assert out["n"] == 3
    assert out["mean"] == pytest.approx(84.166667, abs=1e-6)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((49.962757, 100.0), abs=1e-6)
    assert out["grade"] == "A+"  # ≥ 84.1


def test_sus_summary_by_group():
    df = sus_rows({"p1": [4, 2] * 5, "p2": [5, 1] * 5, "p3": [3] * 10}).with_columns(
        pl.col("participant_id").replace_strict({"p1": "web", "p2": "web", "p3": "app"}).alias("touchpoint")
    )
    out = ux.sus_summary(df, by="touchpoint")
    assert out.select("touchpoint", "n", "mean", "grade").rows() == [("app", 1, 50.0, "F"), ("web", 2, 87.5, "A+")]


@pytest.mark.parametrize(
    "score,grade",
    [(100.0, "A+"), (84.1, "A+"), (84.0, "A"), (80.8, "A"), (79.0, "A-"), (77.2, "B+"), (74.1, "B"), (73.0, "B-"),
     (71.1, "C+"), (68.0, "C"), (65.0, "C"), (62.7, "C-"), (60.0, "D"), (51.7, "D"), (51.6, "F"), (0.0, "F")],
)
def test_sus_grade_on_the_curved_scale(score: float, grade: str):
    assert pl.DataFrame({"s": [score]}).select(ux.sus_grade(pl.col("s"))).item() == grade


def test_sus_items_off_the_scale_and_missing_columns():
    bad = sus_rows({"p1": [4, 2] * 4 + [4, 7]})
    with pytest.raises(MappingProblem):
        ux.sus_scores(bad)
    with pytest.raises(MappingProblem):
        ux.task_success(TASKS.drop("success"))
    with pytest.raises(MappingProblem):
        ux.sus_scores(bad, UXColumns(sus_items=("sus_1", "sus_2")))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 5), min_size=10, max_size=10), min_size=1, max_size=15))
def test_sus_invariants(participants: list[list[int]]):
    df = sus_rows({f"p{i:02d}": [float(v) for v in items] for i, items in enumerate(participants)}, repeat=1)
    scores = ux.sus_scores(df).get_column("sus").to_list()
    for items, score in zip(participants, scores):
        assert 0.0 <= score <= 100.0
        assert (score / 2.5) == int(score / 2.5)
        # Brooke: odd items score − 1, even items 5 − score
        assert score == 2.5 * sum((v - 1) if i % 2 == 0 else (5 - v) for i, v in enumerate(items))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=100))
def test_task_success_invariants(outcomes: list[bool]):
    df = pl.DataFrame({"task": ["t"] * len(outcomes), "success": outcomes})
    out = ux.task_success(df).row(0, named=True)
    assert 0.0 <= out["ci_low"] <= out["rate"] <= out["ci_high"] <= 1.0
    assert out["successes"] == sum(outcomes)


def test_sus_scores_keep_columns_take_the_first_value():
    df = sus_rows({"p1": [4, 2] * 5}).with_columns(pl.Series("test_date", [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2)]))
    out = ux.sus_scores(df, keep=["test_date"])
    assert out.select("participant_id", "test_date").rows() == [("p1", dt.datetime(2024, 1, 1))]
