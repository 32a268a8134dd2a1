"""UX beside CX per touchpoint, per period, and the per-customer correlation, all worked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from cxreport.errors import MappingProblem
from cxreport.metrics import ux_vs_cx as uxcx

D = dt.datetime
SUS = {
    "p1": [4, 2] * 5,  # 75
    "p2": [3] * 10,  # 50
    "p3": [5, 1] * 5,  # 100
    "p4": [4, 1] * 5,  # odd 3×5 + even 4×5 = 35 × 2.5 = 87.5
    "p5": [2, 4] * 5,  # odd 1×5 + even 1×5 = 10 × 2.5 = 25
}
# participant, customer, touchpoint, success
SESSIONS = [("p1", "c1", "checkout", True), ("p2", "c2", "checkout", False), ("p3", "c3", "search", True),
            ("p4", "c4", "search", True), ("p5", "c5", "account", False)]

UX = pl.DataFrame(
    [
        {"participant_id": p, "customer_id": c, "test_date": D(2024, 2, 1), "task": t, "touchpoint": t, "success": ok,
         **{f"sus_{i + 1}": float(v) for i, v in enumerate(SUS[p])}}
        for p, c, t, ok in SESSIONS
    ]
)
SURVEYS = pl.DataFrame(
    {
        "customer_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
        "response_date": [D(2024, 2, 3)] * 6,
        "touchpoint": ["checkout", "checkout", "search", "search", "account", "delivery"],
        "nps_score": [9.0, 3.0, 10.0, 8.0, 2.0, 7.0],
        "csat_score": [5.0, 2.0, None, None, 1.0, 4.0],
    }
)
TICKETS = pl.DataFrame(
    {"ticket_id": ["a", "b", "c"], "created_at": [D(2024, 2, 1)] * 3, "touchpoint": ["checkout", "checkout", "delivery"]}
)
ORDERS = pl.DataFrame(
    {"customer_id": ["c1", "c2", "c2"], "order_id": ["o1", "o2", "o3"], "order_date": [D(2024, 1, 1)] * 3,
     "amount": [10.0, 20.0, -5.0], "touchpoint": ["checkout", "search", "search"]}
)


def by_group(frame: pl.DataFrame, key: str = "touchpoint") -> dict:
    return {r[key]: r for r in frame.iter_rows(named=True)}


def test_ux_vs_cx_per_touchpoint_by_hand():
    out = uxcx.ux_vs_cx(ux=UX, surveys=SURVEYS, tickets=TICKETS, orders=ORDERS)
    rows = by_group(out)
    # checkout: 1 of 2 tasks succeeded -> ux 50; CSAT 5, 2 -> 1 of 2 top-box -> cx 50; gap 0
    checkout = rows["checkout"]
    assert (checkout["ux_task_success"], checkout["ux_sus"], checkout["ux_n"]) == (0.5, 62.5, 2)
    assert (checkout["cx_csat"], checkout["cx_nps"], checkout["cx_n"]) == (0.5, 0.0, 2)
    assert (checkout["ux_score"], checkout["cx_score"], checkout["gap"]) == (50.0, 50.0, 0.0)
    assert (checkout["ux_basis"], checkout["cx_basis"]) == ("task_success", "csat")
    assert (checkout["tickets"], checkout["ticket_share"]) == (2, pytest.approx(2 / 3))
    assert (checkout["orders"], checkout["revenue"]) == (1, 10.0)
    # search: 2 of 2 -> ux 100; no CSAT, NPS of 10 and 8 = 50 -> cx (50 + 100)/2 = 75; gap 25
    search = rows["search"]
    assert (search["ux_score"], search["cx_score"], search["cx_basis"], search["gap"]) == (100.0, 75.0, "nps", 25.0)
    assert search["ux_sus"] == pytest.approx(93.75)  # (100 + 87.5)/2
    assert (search["orders"], search["revenue"]) == (1, 15.0)  # the refund nets off revenue, is not an order
    # account: 0 of 1 -> 0; CSAT 1 -> 0
    assert (rows["account"]["ux_score"], rows["account"]["cx_score"]) == (0.0, 0.0)
    # delivery: surveys and tickets only -> no UX, no gap, no quadrant
    delivery = rows["delivery"]
    assert (delivery["ux_score"], delivery["cx_score"], delivery["gap"], delivery["quadrant"]) == (None, 100.0, None, None)
    # medians over the groups with both: ux 0, 50, 100 -> 50; cx 0, 50, 75 -> 50 (at the median counts as strong)
    assert rows["search"]["quadrant"] == "both strong"
    assert rows["checkout"]["quadrant"] == "both strong"
    assert rows["account"]["quadrant"] == "both weak"
    # ranked by |gap|, ties by name, no gap last
    assert out.get_column("touchpoint").to_list() == ["search", "account", "checkout", "delivery"]


@pytest.mark.parametrize(
    "thresholds,expected",
    [((40.0, 60.0), "UX strong, CX weak"), ((60.0, 40.0), "UX weak, CX strong"), ((60.0, 60.0), "both weak")],
)
def test_fixed_thresholds(thresholds: tuple[float, float], expected: str):
    out = uxcx.ux_vs_cx(ux=UX, surveys=SURVEYS, thresholds=thresholds)
    assert by_group(out)["checkout"]["quadrant"] == expected  # checkout: ux 50, cx 50


def test_sus_and_nps_fallbacks():
    out = by_group(uxcx.ux_vs_cx(ux=UX.drop("success"), surveys=SURVEYS.drop("csat_score")))
    # no task outcomes: ux_score is the mean SUS (75 + 50)/2; no CSAT: cx = (NPS 0 + 100)/2
    assert (out["checkout"]["ux_score"], out["checkout"]["ux_basis"], out["checkout"]["ux_n"]) == (62.5, "sus", 2)
    assert (out["checkout"]["cx_score"], out["checkout"]["cx_basis"]) == (50.0, "nps")
    assert out["checkout"]["gap"] == 12.5


def test_any_input_may_be_missing():
    surveys_only = uxcx.ux_vs_cx(surveys=SURVEYS)
    assert surveys_only.get_column("ux_score").is_null().all()
    assert set(surveys_only.get_column("touchpoint")) == {"checkout", "search", "account", "delivery"}
    ux_only = uxcx.ux_vs_cx(ux=UX)
    assert ux_only.get_column("cx_score").is_null().all()
    # a table without the grouping column is left out, not an error
    no_touchpoint = uxcx.ux_vs_cx(ux=UX, tickets=TICKETS.drop("touchpoint"))
    assert no_touchpoint.get_column("tickets").is_null().all()
    assert uxcx.ux_vs_cx().columns[0] == "touchpoint"


def test_no_table_with_the_grouping_column_is_a_mapping_problem():
    with pytest.raises(MappingProblem) as err:
        uxcx.ux_vs_cx(ux=UX, surveys=SURVEYS, by="region")
    assert err.value.code == "no_group_column"


def test_by_period_uses_each_tables_date():
    out = uxcx.ux_vs_cx(ux=UX, surveys=SURVEYS, tickets=TICKETS, by="period")
    assert out.height == 1
    row = out.row(0, named=True)
    # Q1 2024: 3 of 5 tasks -> 60; CSAT 5, 2, 1, 4 -> 2 of 4 -> 50
    assert (row["period"], row["ux_score"], row["cx_score"], row["gap"], row["tickets"]) == (
        dt.date(2024, 1, 1), 60.0, 50.0, 10.0, 3
    )


def test_ux_vs_cx_by_period_and_touchpoint():
    later = UX.with_columns(pl.lit(D(2024, 5, 1)).alias("test_date"), pl.lit(True).alias("success"))
    out = uxcx.ux_vs_cx_by_period(ux=pl.concat([UX, later]), surveys=SURVEYS, by="touchpoint")
    checkout = out.filter(pl.col("touchpoint") == "checkout")
    # Q1: 1 of 2 -> 50 (surveys in Q1: cx 50); Q2: 2 of 2 -> 100, no surveys
    assert checkout.select("period", "ux_score", "cx_score").rows() == [
        (dt.date(2024, 1, 1), 50.0, 50.0),
        (dt.date(2024, 4, 1), 100.0, None),
    ]
    assert out.columns[:2] == ["period", "touchpoint"]
    monthly = uxcx.ux_vs_cx_by_period(ux=UX, surveys=SURVEYS, period="month")
    assert monthly.get_column("period").to_list() == [dt.date(2024, 2, 1)]


def test_correlation_by_hand():
    out = uxcx.ux_cx_correlation(UX, SURVEYS)
    row = out.filter((pl.col("ux_measure") == "sus") & (pl.col("cx_measure") == "nps")).row(0, named=True)
    # customers c1..c5: SUS 75, 50, 100, 87.5, 25; NPS 9, 3, 10, 8, 2
    # deviations from 67.5 and 6.4: Σdxdy = 415, Σdx² = 3625, Σdy² = 53.2 -> r = 415/sqrt(192850) = 0.945014
    # t = r·sqrt(3/(1 − r²)) = 5.00511 on 3 df -> p = 0.01535
    # ranks SUS 3,2,5,4,1 vs NPS 4,2,5,3,1: Σd² = 2 -> ρ = 1 − 6·2/(5·24) = 0.9
    assert row["n"] == 5
    assert row["pearson_r"] == pytest.approx(0.945014, abs=1e-6)
    assert row["pearson_p"] == pytest.approx(0.01535, abs=1e-5)
    assert row["spearman_rho"] == pytest.approx(0.9)
    # CSAT is known for c1, c2, c5 only: 3 customers, enough
    csat = out.filter((pl.col("ux_measure") == "sus") & (pl.col("cx_measure") == "csat"))
    assert csat.item(0, "n") == 3
    assert set(out.get_column("ux_measure")) == {"sus", "task_success"}


def test_correlation_needs_three_shared_customers():
    assert uxcx.ux_cx_correlation(UX, SURVEYS.filter(pl.col("customer_id").is_in(["c1", "c2", "c9"]))) is None
    assert uxcx.ux_cx_correlation(UX, None) is None
    assert uxcx.ux_cx_correlation(UX.drop("customer_id"), SURVEYS) is None


def test_correlation_with_a_constant_side_is_null_not_nan():
    flat = SURVEYS.with_columns(pl.lit(9.0).alias("nps_score"))
    out = uxcx.ux_cx_correlation(UX, flat)
    row = out.filter((pl.col("ux_measure") == "sus") & (pl.col("cx_measure") == "nps")).row(0, named=True)
    assert row["pearson_r"] is None and row["spearman_rho"] is None
