"""Charts that used to mislead a manager: each test fails on the chart as it was."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import vl_convert as vlc

from cxreport import charts

D = dt.date


def svg_texts(chart) -> list[str]:
    return re.findall(r">([^<>]+)</text>", vlc.vegalite_to_svg(vl_spec=chart.to_dict()))


def title_text(spec: dict) -> str:
    text = spec["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def test_comment_themes_do_not_stack_all_comments_on_the_categories():
    themes = pl.DataFrame({"nps_category": ["promoter", "detractor", "all", "all"], "term": ["fast", "slow", "fast", "slow"],
                           "count": [30, 12, 30, 12], "share": [0.3, 0.2, 0.25, 0.1]})
    (rows,) = charts.themes_bars(themes, "id").to_dict()["datasets"].values()
    assert sorted(r["nps_category"] for r in rows) == ["detractor", "promoter"]  # each mention counted once
    only_all = themes.filter(pl.col("nps_category") == "all")
    (rows,) = charts.themes_bars(only_all, "id").to_dict()["datasets"].values()
    assert {r["category_label"] for r in rows} == {"Semua komentar"}  # never "all" in Indonesian


def test_retention_axes_and_labels_follow_the_granularity():
    frame = pl.DataFrame({"cohort": [D(2025, 1, 1)] * 2 + [D(2025, 4, 1)], "period": [0, 1, 0], "customers": [10, 10, 5],
                          "retained": [10, 4, 5], "rate": [1.0, 0.4, 1.0], "revenue": [1.0, 0.5, 1.0],
                          "revenue_rate": [1.0, 0.5, 1.0]})
    for build in (charts.retention_heatmap, charts.retention_curves):
        spec = build(frame, lang="en", period="quarter").to_dict()
        (rows,) = spec["datasets"].values()
        assert {r["cohort_label"] for r in rows} == {"Q1 2025", "Q2 2025"}
        assert "(quarters)" in str(spec)


def test_retention_curves_highlight_a_few_cohorts_not_all():
    months = [D(2025, m, 1) for m in range(1, 13)]
    frame = pl.DataFrame({"cohort": months, "period": [0] * 12, "customers": [5] * 12, "retained": [5] * 12,
                          "rate": [1.0] * 12, "revenue": [1.0] * 12, "revenue_rate": [1.0] * 12})
    spec = charts.retention_curves(frame, lang="en").to_dict()
    lines = spec["layer"][1]
    assert len(lines["transform"][0]["filter"]["oneOf"]) == charts.HIGHLIGHTED_COHORTS
    assert len(lines["encoding"]["color"]["scale"]["domain"]) == charts.HIGHLIGHTED_COHORTS


def test_survival_chart_explains_a_start_below_100_percent():
    km = pl.DataFrame({"group": ["A", "A", "B", "B"], "time": [0.0, 30, 0, 45], "survival": [0.9, 0.6, 0.83, 0.7],
                       "ci_low": [0.85, 0.5, 0.8, 0.6], "ci_high": [0.95, 0.7, 0.86, 0.8]})
    subtitle = " ".join(charts.survival_curves(km, "en", by="segment").to_dict()["title"]["subtitle"])
    assert "Day 0 starts below 100%" in subtitle and "10%–17%" in subtitle


def test_orders_revenue_churn_is_not_called_a_share_of_mrr():
    frame = pl.DataFrame({"period": [D(2025, 1, 1)], "churn_rate": [0.1], "revenue_churn_rate": [0.05],
                          "active_start": [100], "churned": [10]})
    spec = str(charts.churn_over_time(frame, "en").to_dict())
    assert "MRR" not in spec and "Revenue churn (% of revenue)" in spec


def test_mrr_chart_has_two_money_axes_and_no_stray_one():
    frame = pl.DataFrame({"period": [D(2025, 1, 1), D(2025, 2, 1)], "new": [100_000.0, 80_000], "expansion": [0.0, 5_000],
                          "contraction": [0.0, 1_000], "churned": [0.0, 20_000], "reactivated": [0.0, 0],
                          "mrr_end": [100_000.0, 164_000]})
    texts = svg_texts(charts.mrr_movements(frame, "id", currency="IDR"))
    assert not any(re.fullmatch(r"[−-]?0[.,]0+", t) for t in texts), texts  # the zero rule's own axis
    assert "Rp 100.000" in texts and "Rp 0" in texts


def test_first_response_and_resolution_have_their_own_scales():
    frame = pl.DataFrame({"period": [D(2025, 1, 1), D(2025, 2, 1)], "first_response_hours_median": [0.5, 1.0],
                          "first_response_hours_p90": [5.0, 9.0], "resolution_hours_median": [15.0, 50.0],
                          "resolution_hours_p90": [60.0, 230.0]})
    spec = charts.response_times(frame, "en").to_dict()
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert [layer["encoding"]["y"]["title"] for layer in spec["layer"]] == ["First response (hours)", "Resolution (hours)"]


def test_handling_time_charts_name_their_grouping_in_words():
    aht = pl.DataFrame({"agent": ["Dewi", None], "aht_minutes": [8.0, 9.0], "n": [10, 3]})
    spec = charts.aht_bars(aht, "en", by="agent").to_dict()
    assert title_text(spec) == "Average handling time by agent"
    assert spec["encoding"]["y"]["title"] == "Agent"
    (rows,) = spec["datasets"].values()
    assert [r["group"] for r in rows] == ["Dewi", "Unknown"]


def test_a_missing_segment_is_unknown_not_null():
    clv = pl.DataFrame({"segment": ["Consumer", None], "clv": [1000.0, 500.0], "customers": [10, 2]})
    (rows,) = charts.clv_bars(clv, "id", by="segment").to_dict()["datasets"].values()
    assert [r["group"] for r in rows] == ["Consumer", "Tidak diketahui"]


def test_task_success_has_no_axis_title_over_the_task_names():
    tasks = pl.DataFrame({"task": ["Find a medium roast under Rp 120.000", "Pay"], "rate": [0.9, 0.6],
                          "ci_low": [0.7, 0.4], "ci_high": [0.97, 0.78], "n": [20, 20]})
    spec = charts.task_success_bars(tasks, "en").to_dict()
    assert spec["layer"][0]["encoding"]["y"]["title"] is None


def test_quadrant_leaves_room_for_the_rightmost_label():
    frame = pl.DataFrame({"touchpoint": ["Checkout", "Browse"], "ux_score": [55.0, 92.5], "cx_score": [36.0, 75.6],
                          "gap": [19.0, 17.0], "ux_n": [40, 40], "cx_n": [1000, 900], "quadrant": ["both weak", "both strong"]})
    spec = charts.ux_cx_quadrant(frame, "en").to_dict()
    high = spec["layer"][2]["encoding"]["x"]["scale"]["domain"][1]
    assert high >= 92.5 + 0.1 * (92.5 - 55.0)


def test_titles_of_half_page_charts_fit_or_wrap():
    # backlog and handling time are drawn in half a page (a 1366 px laptop): room for about TITLE_WRAP characters
    assert charts.wrap_title("Tiket dibuka, diselesaikan, dan masih terbuka") == [
        "Tiket dibuka, diselesaikan, dan", "masih terbuka"]
    backlog = pl.DataFrame({"period": [D(2025, 1, 1)], "opened": [4], "solved": [3], "open_at_end": [1]})
    for lang in ("en", "id"):
        for chart in (charts.backlog(backlog, lang), *(charts.aht_bars(
                pl.DataFrame({by: ["x"], "aht_minutes": [8.0], "n": [10]}), lang, by=by) for by in ("channel", "agent"))):
            title = chart.to_dict()["title"]["text"]
            assert all(len(line) <= charts.TITLE_WRAP for line in ([title] if isinstance(title, str) else title)), title


def test_every_number_in_a_tooltip_is_formatted():
    import test_charts as tc  # the builders' sample frames

    for name in tc.ALL_BUILDERS:
        chart, _ = tc.build_any(name, "en")
        for tip in tc.tooltips(chart.to_dict()):
            assert tip.get("type") != "quantitative" or "format" in tip, (name, tip)


def test_servqual_bars_start_at_the_scales_floor():
    # a bar from zero on a 1–7 scale ran below the axis, over the dimensions' names
    dims = pl.DataFrame({"dimension": ["empathy"], "perception": [5.0], "ci_low": [4.8], "ci_high": [5.2],
                         "expectation": [5.6], "gap": [-0.6], "n": [100]})
    bars = charts.servqual_bars(dims, lang="en").to_dict()["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y2"] == {"datum": 1}
    assert bars["encoding"]["y"]["scale"]["domain"] == [1, 7]
