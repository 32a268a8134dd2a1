"""SERVQUAL and key drivers on tables small enough to compute by hand, Shapley against a
direct enumeration, and the recognition of SERVQUAL items in English and Indonesian."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from cxreport.metrics import drivers, servqual
from cxreport.metrics.servqual import ServqualItem, recognise_item

ITEMS = [
    ServqualItem("p_rel_1", "reliability"), ServqualItem("p_rel_2", "reliability"),
    ServqualItem("e_rel", "reliability", "expectation"), ServqualItem("w_rel", "reliability", "importance"),
    ServqualItem("p_emp", "empathy"), ServqualItem("w_emp", "empathy", "importance"),
]


def answers() -> pl.DataFrame:
    return pl.DataFrame({
        "response_date": [dt.datetime(2025, 1, 5), dt.datetime(2025, 1, 9), dt.datetime(2025, 2, 2), dt.datetime(2025, 2, 9)],
        "segment": ["A", "A", "B", "B"],
        "p_rel_1": ["6", "4", "3 - Kurang", "7"],
        "p_rel_2": [4, None, 5, 7],
        "e_rel": [7, 6, None, 7],
        "w_rel": [40, 20, 30, None],
        "p_emp": [5, 5, 9, 6],  # 9 is outside 1-7: left out
        "w_emp": [60, 80, 70, None],
    })


def test_servqual_by_hand():
    out = servqual.servqual(answers(), ITEMS).to_dicts()
    rel, emp = out
    # reliability: respondent means 5, 4, 4, 7; expectations 7, 6, -, 7; gaps -2, -2, 0
    assert (rel["dimension"], rel["n"], rel["perception"]) == ("reliability", 4, 5.0)
    assert rel["sd"] == pytest.approx(math.sqrt(((0) + 1 + 1 + 4) / 3))
    assert (rel["n_expectation"], rel["expectation"]) == (3, pytest.approx(20 / 3))
    assert (rel["n_gap"], rel["gap"]) == (3, pytest.approx(-4 / 3))
    half = 4.302652729911275 * math.sqrt(4 / 3) / math.sqrt(3)  # t(2) · sd(-2, -2, 0) / √3
    assert (rel["gap_ci_low"], rel["gap_ci_high"]) == (pytest.approx(-4 / 3 - half), pytest.approx(-4 / 3 + half))
    assert not rel["gap_significant"] and rel["small_sample"]  # n < 30: never significant
    # importance: reliability 30 on average, empathy 70
    assert (rel["weight"], emp["weight"]) == (pytest.approx(0.3), pytest.approx(0.7))
    assert (emp["n"], emp["perception"], emp["gap"]) == (3, pytest.approx(16 / 3), None)
    score = servqual.servqual_score(servqual.servqual(answers(), ITEMS))
    assert score == {"basis": "gap", "unweighted": pytest.approx(-4 / 3), "weighted": pytest.approx(-4 / 3)}


def test_servqual_per_period_and_segment():
    by_period = servqual.servqual_by_period(answers(), ITEMS, period="month")
    rel = by_period.filter(pl.col("dimension") == "reliability")
    assert rel.get_column("perception").to_list() == [4.5, 5.5]  # (5 + 4)/2, (4 + 7)/2
    assert rel.get_column("change").to_list() == [None, 1.0]
    assert not rel.get_column("change_significant").any()
    seg = servqual.servqual_by_segment(answers(), ITEMS, by="segment")
    a = seg.filter((pl.col("segment") == "A") & (pl.col("dimension") == "reliability")).row(0, named=True)
    assert (a["perception"], a["perception_rest"], a["difference"]) == (4.5, 5.5, -1.0)
    # z = -1 / √(0.5/2 + 4.5/2)
    assert a["z"] == pytest.approx(-1 / math.sqrt(0.25 + 2.25))


def test_significance_needs_thirty_and_p_below_five_percent():
    n = 30
    frame = pl.DataFrame({"p": [5, 6] * (n // 2), "e": [7, 7] * (n // 2)})
    items = [ServqualItem("p", "assurance"), ServqualItem("e", "assurance", "expectation")]
    row = servqual.servqual(frame, items).row(0, named=True)
    assert row["gap"] == -1.5 and row["gap_significant"]
    assert not servqual.servqual(frame.head(29), items).row(0, named=True)["gap_significant"]


@pytest.mark.parametrize(("header", "question", "dimension", "role"), [
    ("Q5_3", "Kenyataan – Keandalan: pesanan datang sesuai janji (1-7)", "reliability", "perception"),
    ("Q6_2", "Harapan – Daya tanggap: perusahaan seharusnya membalas dengan cepat", "responsiveness", "expectation"),
    ("Q7_4", "Bobot – Jaminan (poin dari 100)", "assurance", "importance"),
    ("Bukti fisik (kenyataan)", None, "tangibles", "perception"),
    ("Empati: Kopi Kita memberi perhatian pribadi", None, "empathy", "perception"),
    ("The company is dependable (experienced)", None, "reliability", "perception"),
    ("Expected: employees are always willing to help", None, "responsiveness", "expectation"),
    ("Customers can trust the employees", None, "assurance", "perception"),
    ("Modern equipment and visually appealing facilities (expected)", None, "tangibles", "expectation"),
    ("Gives customers individual attention", None, "empathy", "perception"),
    ("Importance of reliability (points out of 100)", None, "reliability", "importance"),
])
def test_items_are_recognised_in_english_and_indonesian(header, question, dimension, role):
    assert recognise_item(header, question) == ServqualItem(header, dimension, role)


@pytest.mark.parametrize("header", ["Order ID", "Q_NPS", "How satisfied were you?", "Touchpoint", "Komentar"])
def test_other_columns_are_not_items(header):
    assert recognise_item(header) is None


# --- key drivers ---------------------------------------------------------------------------------


def _r2_by_lstsq(x: np.ndarray, y: np.ndarray, subset: tuple[int, ...]) -> float:
    design = np.column_stack([np.ones(len(y)), *[x[:, j] for j in subset]])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    return 1 - ((y - design @ beta) ** 2).sum() / ((y - y.mean()) ** 2).sum()


def test_shapley_equals_a_direct_enumeration_of_three_drivers():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(300, 3))
    x[:, 1] += 0.6 * x[:, 0]  # correlated drivers share their importance
    y = 1.5 * x[:, 0] + 0.8 * x[:, 1] + 0.3 * x[:, 2] + rng.normal(size=300)
    # average over the 3! orders of the R² each driver adds when it joins
    expected = np.zeros(3)
    for order in itertools.permutations(range(3)):
        for k, j in enumerate(order):
            before = tuple(sorted(order[:k]))
            after = tuple(sorted(order[: k + 1]))
            gain = _r2_by_lstsq(x, y, after) - (_r2_by_lstsq(x, y, before) if before else 0.0)
            expected[j] += gain / 6
    r2, importance, low, high = drivers.shapley_r2(x, y, resamples=100)
    np.testing.assert_allclose(importance, expected, rtol=1e-8)
    assert r2 == pytest.approx(_r2_by_lstsq(x, y, (0, 1, 2)))
    assert (low <= importance).all() and (importance <= high).all()
    again = drivers.shapley_r2(x, y, resamples=100)
    np.testing.assert_array_equal(again[2], low)  # seeded: the same interval every time


def test_ols_r2_equals_the_least_squares_fit_with_an_intercept():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(500, 3))
    y = 2 * x[:, 0] - x[:, 2] + rng.normal(size=500)
    assert drivers.ols_r2(x, y) == pytest.approx(_r2_by_lstsq(x, y, (0, 1, 2)), rel=1e-12)
    # a driver that repeats another (twice the first) adds nothing, and breaks nothing
    repeated = np.column_stack([x, 2 * x[:, 0]])
    assert drivers.ols_r2(repeated, y) == pytest.approx(_r2_by_lstsq(x, y, (0, 1, 2)), rel=1e-9)
    assert drivers.ols_r2(x, np.full(500, 7.0)) is None  # nothing to explain


def test_drivers_are_the_same_to_the_last_digit_in_every_run_whatever_blas_threads_it_has():
    """The CX model page, the notebook export and the HTML export must agree to the last
    digit. A threaded BLAS's sums follow its thread count (the sample's bootstrap bounds
    differed in the last digit between one and two threads), and a sum follows the order of
    its terms (the service R²'s rows came from a join in any order: it changed run to run)."""
    root = Path(__file__).resolve().parents[2]
    probe = ("import glob, hashlib\n"
             "from cxreport.fields import Kind\n"
             "from cxreport.loading import load_files\n"
             "from cxreport.metrics import drivers\n"
             f"ws = load_files(sorted(glob.glob({str(root / 'sample_data' / '*.csv')!r})))\n"
             "table = drivers.driver_table(ws.surveys, tickets=ws.tickets, items=ws.servqual_items())\n"
             "print(drivers.key_drivers(table).write_csv(), drivers.service_vs_cx(ws.tickets, ws.surveys).write_csv())")
    printed = {subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root,
                              env={**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "PYTHONPATH": str(root)}).stdout
               for threads in (1, 2, 2)}
    assert len(printed) == 1, printed
    assert "ces" in printed.pop()


def test_key_drivers_table_performance_and_quadrant():
    table = pl.DataFrame({
        "nps_score": [10.0, 9, 3, 7, 8, 2, 10, 6, 9, 4],
        "csat": [5.0, 5, 2, 4, 4, 1, 5, 3, 4, 2],
        "had_ticket": [0.0, 0, 1, 0, 1, 1, 0, 1, 0, 1],
        "ces": [None, 6, 3, 5, 6, 2, 7, 4, 6, 3],
    })
    out = drivers.key_drivers(table, resamples=30, min_n=5)
    assert out.get_column("n").unique().to_list() == [9]  # the row without CES is left out
    assert out.get_column("importance").sum() == pytest.approx(out.get_column("r2")[0])
    perf = dict(zip(out.get_column("driver"), out.get_column("performance")))
    assert perf == {"csat": pytest.approx(5 / 9), "ces": pytest.approx(5 / 9), "had_ticket": pytest.approx(4 / 9)}
    assert set(out.get_column("quadrant")) <= set(drivers.QUADRANTS)


def test_driver_table_links_tickets_and_servqual():
    responses = pl.DataFrame({
        "customer_id": ["a", "b", "c"],
        "response_date": [dt.datetime(2025, 3, 10)] * 3,
        "nps_score": [9.0, 3.0, 7.0], "csat_score": [5.0, 2.0, None],
        "p_rel": ["6", "2", "5"], "p_rel_2": [7, 3, None],
    })
    tickets = pl.DataFrame({
        "customer_id": ["b", "c"], "created_at": [dt.datetime(2025, 3, 1), dt.datetime(2024, 12, 1)],
        "first_reply_at": [dt.datetime(2025, 3, 1, 3), dt.datetime(2024, 12, 1, 1)],
    })
    items = [ServqualItem("p_rel", "reliability"), ServqualItem("p_rel_2", "reliability")]
    out = drivers.driver_table(responses, tickets=tickets, items=items)
    assert out.columns == ["nps_score", "reliability", "csat", "had_ticket", "wait"]
    assert out.get_column("reliability").to_list() == [6.5, 2.5, 5.0]
    assert out.get_column("had_ticket").to_list() == [0.0, 1.0, 0.0]  # c's ticket is older than 30 days
    assert out.get_column("wait").to_list() == [0.0, pytest.approx(math.log1p(3)), 0.0]


def test_service_vs_cx_compares_ticket_holders_with_the_rest():
    days = [dt.datetime(2025, 3, 10)] * 6
    responses = pl.DataFrame({"customer_id": list("abcdef"), "response_date": days,
                              "nps_score": [10.0, 9, 2, 9, 10, 7]})
    tickets = pl.DataFrame({"customer_id": list("abc"), "created_at": [dt.datetime(2025, 3, 1)] * 3,
                            "first_reply_at": [dt.datetime(2025, 3, 1, 1), dt.datetime(2025, 3, 1, 2),
                                               dt.datetime(2025, 3, 4)]})
    row = drivers.service_vs_cx(tickets, responses, min_n=1).row(0, named=True)
    # with a ticket: 10, 9, 2 -> 100·(2 − 1)/3; without: 9, 10, 7 -> 100·(2 − 0)/3
    assert (row["n_with_ticket"], row["nps_with_ticket"]) == (3, pytest.approx(100 / 3))
    assert (row["n_without_ticket"], row["nps_without_ticket"]) == (3, pytest.approx(200 / 3))
    assert row["service_variables"] == "wait, recent_tickets"
    assert row["service_r2"] is None or 0 <= row["service_r2"] <= 1
