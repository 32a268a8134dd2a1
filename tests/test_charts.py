"""Chart builders: valid Vega-Lite, titled, with tooltips, carrying exactly the input's rows.

The frames below have the schemas the metric functions return; they are tiny, so the
inline data can be compared row for row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import numpy as np
import polars as pl
import pytest
import vl_convert as vlc
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport import charts

D = dt.date
MONTHS3 = [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]


def retention_frame() -> pl.DataFrame:
    # two cohorts: Jan (10 customers) seen for 3 periods, Feb (5 customers) for 2
    return pl.DataFrame({
        "cohort": [D(2024, 1, 1)] * 3 + [D(2024, 2, 1)] * 2,
        "period": [0, 1, 2, 0, 1],
        "customers": [10, 10, 10, 5, 5],
        "retained": [10, 4, 3, 5, 1],
        "rate": [1.0, 0.4, 0.3, 1.0, 0.2],
        "revenue": [1000.0, 500.0, 450.0, 300.0, 90.0],
        "revenue_rate": [1.0, 0.5, 0.45, 1.0, 0.3],
    })


def period_frame(**columns) -> pl.DataFrame:
    return pl.DataFrame({"period": MONTHS3, **columns})


FRAMES = {
    "servqual_bars": lambda: pl.DataFrame({"dimension": ["reliability", "responsiveness"], "perception": [5.3, 4.5],
                                           "ci_low": [5.2, 4.4], "ci_high": [5.4, 4.6], "expectation": [6.4, None],
                                           "gap": [-1.1, None], "n": [2300, 2300]}),
    "driver_quadrant": lambda: pl.DataFrame({"driver": ["ces", "reliability", "wait"], "importance": [0.23, 0.17, 0.01],
                                             "ci_low": [0.22, 0.16, 0.0], "ci_high": [0.24, 0.18, 0.02],
                                             "performance": [0.66, 0.38, 0.99],
                                             "quadrant": ["keep up", "fix first", "possible overkill"]}),
    "churn_over_time": lambda: period_frame(churn_rate=[0.1, 0.12, 0.08], revenue_churn_rate=[0.05, 0.07, 0.04],
                                            active_start=[100, 95, 90], churned=[10, 11, 7]),
    "mrr_movements": lambda: period_frame(new=[100.0, 80, 60], expansion=[10.0, 20, 5], contraction=[5.0, 3, 8],
                                          churned=[20.0, 10, 30], reactivated=[0.0, 5, 0], mrr_end=[1000.0, 1092, 1119],
                                          nrr=[0.99, 1.01, 0.97], grr=[0.97, 0.98, 0.96]),
    "survival_curves": lambda: pl.DataFrame({"group": ["A", "A", "A", "B", "B"], "time": [0.0, 30, 60, 0, 45],
                                             "survival": [1.0, 0.8, 0.6, 1.0, 0.7], "ci_low": [1.0, 0.7, 0.5, 1.0, 0.55],
                                             "ci_high": [1.0, 0.9, 0.7, 1.0, 0.85]}),
    "clv_bars": lambda: pl.DataFrame({"group": ["SMB", "Enterprise"], "clv": [1_250_000.0, 9_800_000.0],
                                      "customers": [120, 14]}),
    "clv_histogram": lambda: charts.histogram_bins(pl.Series([1.0, 2, 2, 3, 10, 12]), bins=4),
    "historical_clv_curves": lambda: pl.DataFrame({"cohort": [D(2024, 1, 1)] * 2 + [D(2024, 2, 1)],
                                                   "age": [0, 1, 0], "cumulative_revenue_per_customer": [100.0, 180, 90]}),
    "calibration_holdout": lambda: pl.DataFrame({"frequency_calibration": [0, 1, 2, 3],
                                                 "actual_holdout_mean": [0.2, 0.6, 1.1, 1.5],
                                                 "predicted_holdout_mean": [0.25, 0.55, 1.0, 1.6]}),
    "nps_trend": lambda: period_frame(nps=[20.0, 35.5, -5.0], ci_low=[10.0, 25.0, -30.0], ci_high=[30.0, 46.0, 20.0],
                                      n=[120, 140, 12], small_sample=[False, False, True],
                                      change_significant=[False, True, False]),
    "nps_composition": lambda: period_frame(promoters=[50, 60, 4], passives=[40, 50, 4], detractors=[30, 30, 4],
                                            n=[120, 140, 12]),
    "nps_by_segment": lambda: pl.DataFrame({"group": ["SMB", "Enterprise"], "nps": [12.0, 40.0], "ci_low": [2.0, 30.0],
                                            "ci_high": [22.0, 50.0], "n": [200, 90], "significant": [True, False]}),
    "score_trend": lambda: period_frame(value=[0.8, 0.82, 0.79], ci_low=[0.75, 0.78, 0.7], ci_high=[0.85, 0.86, 0.88],
                                        n=[100, 120, 40]),
    "themes_bars": lambda: pl.DataFrame({"nps_category": ["detractor", "promoter", "detractor"],
                                         "term": ["slow delivery", "friendly", "refund"], "count": [12, 30, 5],
                                         "share": [0.2, 0.3, 0.08]}),
    "ticket_volume": lambda: period_frame(tickets=[40, 55, 31]),
    "response_times": lambda: period_frame(first_response_hours_median=[1.5, 2.0, 1.2],
                                           first_response_hours_p90=[8.0, 9.5, 7.0],
                                           resolution_hours_median=[20.0, 22.0, 18.0],
                                           resolution_hours_p90=[70.0, 80.0, 60.0]),
    "aht_bars": lambda: pl.DataFrame({"group": ["chat", "phone", "email"], "aht_minutes": [8.5, 12.0, 6.0],
                                      "n": [300, 120, 500]}),
    "backlog": lambda: period_frame(opened=[40, 55, 31], solved=[35, 50, 40], open_at_end=[5, 10, 1]),
    "nps_by_response_bucket": lambda: pl.DataFrame({"bucket": ["< 1 h", "1–4 h", "4–24 h", "> 24 h"],
                                                    "nps": [45.0, 30.0, 10.0, -20.0], "ci_low": [35.0, 20.0, 0.0, -40.0],
                                                    "ci_high": [55.0, 40.0, 20.0, 0.0], "n": [80, 120, 60, 25]}),
    "ux_cx_quadrant": lambda: pl.DataFrame({"touchpoint": ["checkout", "search", "delivery"],
                                            "ux_score": [72.0, 60.0, 80.0], "cx_score": [55.0, 65.0, 70.0],
                                            "gap": [-17.0, 5.0, -10.0], "ux_n": [20, 18, 25], "cx_n": [300, 150, 400],
                                            "quadrant": ["fix CX", "fix UX", "keep"]}),
    "gap_bars": lambda: pl.DataFrame({"group": ["checkout", "search"], "gap": [-17.0, 5.0]}),
    "ux_cx_trend": lambda: pl.DataFrame({"period": MONTHS3[:2] * 2, "group": ["checkout"] * 2 + ["search"] * 2,
                                         "ux_score": [70.0, 72, 60, 61], "cx_score": [50.0, 55, 66, 65]}),
    "task_success_bars": lambda: pl.DataFrame({"task": ["find product", "pay"], "rate": [0.9, 0.6],
                                               "ci_low": [0.7, 0.4], "ci_high": [0.97, 0.78], "n": [20, 20]}),
}

EXTRA_ARGS = {"score_trend": {"title": "CSAT (share 4–5)", "value_format": ".0%", "y_domain": (0, 1)}}


def build(name: str, lang: str) -> tuple[alt.TopLevelMixin, pl.DataFrame]:
    frame = FRAMES[name]()
    return getattr(charts, name)(frame, lang, **EXTRA_ARGS.get(name, {})), frame


def datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def tooltips(spec: dict) -> list[dict]:
    out = []
    for node in walk(spec):
        tip = node.get("tooltip") if isinstance(node.get("tooltip"), list) else None
        if tip:
            out.extend(tip)
    return out


ALL_BUILDERS = [*FRAMES, "retention_heatmap", "retention_curves", "cohort_sizes"]


def build_any(name: str, lang: str) -> tuple[alt.TopLevelMixin, pl.DataFrame]:
    if name in FRAMES:
        return build(name, lang)
    frame = retention_frame()
    if name == "cohort_sizes":
        return charts.cohort_sizes(frame, lang), frame.filter(pl.col("period") == 0)
    if name == "retention_curves":
        return charts.retention_curves(frame, (), "rate", lang), frame
    return charts.retention_heatmap(frame, "rate", lang), frame


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_builder_gives_valid_titled_spec_with_tooltips_and_only_input_rows(name, lang):
    chart, frame = build_any(name, lang)
    spec = chart.to_dict(validate=True)  # raises on an invalid Vega-Lite spec
    title = spec.get("title")
    text = title if isinstance(title, str) else title["text"]
    assert title and " ".join(text if isinstance(text, list) else [text]).strip()
    tips = tooltips(spec)
    assert tips and all(tip.get("title") for tip in tips)
    (rows,) = datasets(spec)  # one inline dataset, shared by the layers
    assert len(rows) == frame.height
    assert spec["width"] == "container"
    assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "id" else ".")


def test_inline_rows_carry_the_input_values():
    chart, frame = build("aht_bars", "en")
    (rows,) = datasets(chart.to_dict())
    assert [(r["group"], r["aht_minutes"], r["n"]) for r in rows] == list(frame.iter_rows())


@pytest.mark.parametrize("name", ALL_BUILDERS)
def test_builder_renders_in_vega(name):
    # compiling through Vega catches expression errors that schema validation does not
    chart, _ = build_any(name, "id")
    svg = vlc.vegalite_to_svg(vl_spec=chart.to_dict())
    assert "<svg" in svg


def rendered_texts(chart) -> list[str]:
    # a title over several lines is drawn as one <text> of <tspan>s
    return re.findall(r">([^<>]+)</t(?:ext|span)>", vlc.vegalite_to_svg(vl_spec=chart.to_dict()))


def test_indonesian_charts_use_indonesian_number_and_month_names():
    chart, _ = build("backlog", "id")
    texts = rendered_texts(chart)
    assert t_id("chart.backlog") in " ".join(texts)  # over two lines in half a page
    assert "Tiket (jumlah)" in texts
    chart = charts.churn_over_time(
        pl.DataFrame({"period": [D(2024, 8, 1), D(2024, 10, 1)], "churn_rate": [0.125, 0.1],
                      "active_start": [1000, 2000], "churned": [125, 200]}), "id")
    texts = rendered_texts(chart)
    assert any("Agu 2024" in s for s in texts) and any("Okt 2024" in s for s in texts)
    assert texts.count("Agu 2024") == 1  # one tick per period
    chart = charts.backlog(period_frame(opened=[1500, 2500, 900], solved=[1000, 2000, 3000], open_at_end=[5, 10, 1]), "id")
    assert "2.000" in rendered_texts(chart)  # Indonesian thousands separator


def t_id(key: str) -> str:
    from cxreport.i18n import t

    return t(key, "id")


def test_heatmap_selection_is_named_cohort_on_iso_dates_and_starts_from_selected():
    chart = charts.retention_heatmap(retention_frame(), "rate", "en", selected_cohorts=["2024-02-01"])
    spec = chart.to_dict()
    params = [p for node in walk(spec) for p in node.get("params", []) if isinstance(p, dict)]
    (selection,) = [p for p in params if p.get("name") == charts.COHORT_SELECTION]
    assert selection["select"]["type"] == "point"
    assert selection["select"]["fields"] == ["cohort"]
    assert selection["value"] == [{"cohort": "2024-02-01"}]
    (rows,) = datasets(spec)
    assert sorted({r["cohort"] for r in rows}) == ["2024-01-01", "2024-02-01"]
    assert {r["cohort_label"] for r in rows} == {"Jan 2024", "Feb 2024"}


def test_heatmap_value_must_be_a_rate():
    with pytest.raises(ValueError):
        charts.retention_heatmap(retention_frame(), "revenue", "en")


def test_retention_curves_draw_the_picked_cohorts_over_the_range_of_all():
    spec = charts.retention_curves(retention_frame(), ["2024-02-01"], "revenue_rate", "en").to_dict()
    (rows,) = datasets(spec)
    assert len(rows) == 5  # every cohort, for the grey band of the range
    band, lines = spec["layer"]
    assert band["transform"][0]["aggregate"] == [{"op": "min", "field": "revenue_rate", "as": "low"},
                                                 {"op": "max", "field": "revenue_rate", "as": "high"}]
    assert lines["transform"] == [{"filter": {"field": "cohort", "oneOf": ["2024-02-01"]}}]
    assert lines["encoding"]["color"]["scale"]["domain"] == ["Feb 2024"]


def test_cohort_sizes_are_the_period_zero_customers():
    (rows,) = datasets(charts.cohort_sizes(retention_frame(), "en").to_dict())
    assert [(r["cohort_label"], r["customers"]) for r in rows] == [("Jan 2024", 10), ("Feb 2024", 5)]


def test_missing_column_is_reported_by_name():
    with pytest.raises(ValueError, match="open_at_end"):
        charts.backlog(period_frame(opened=[1, 2, 3], solved=[1, 2, 3]), "en")


def test_importing_charts_leaves_altairs_theme_alone():
    # A fresh process: this test session may have enabled the theme already.
    code = "import altair as alt, cxreport.charts; print(alt.theme.active, 'cxreport' in alt.theme.names())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert (done.returncode, done.stdout.split()) == (0, ["default", "False"]), done.stderr


def test_a_built_chart_carries_the_theme_whatever_theme_is_active():
    # An HTML export or a notebook that never called use_theme() still gets the app's look.
    before = alt.theme.active
    try:
        alt.theme.enable("default")
        config = charts.cohort_sizes(retention_frame(), "en").to_dict()["config"]
    finally:
        alt.theme.enable(before)
    assert config["range"]["category"] == list(charts.OKABE_ITO)
    assert config["title"]["fontSize"] == 22 and config["locale"]["number"]["decimal"] == "."


def test_use_theme_enables_the_okabe_ito_theme():
    charts.use_theme()
    charts.use_theme()  # a second call (every app rerun makes one) changes nothing
    assert alt.theme.active == charts.THEME_NAME
    config = alt.theme.get()()["config"]
    assert config["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]
    assert config["title"]["fontSize"] >= 20


def test_period_axis_format_matches_period_labels():
    assert charts.period_axis_format("quarter", "id") == "K%q %Y"
    assert charts.period_axis_format("week", "en") == "W%V %G"


# --- histogram_bins -------------------------------------------------------------------------


def test_histogram_bins_by_hand():
    # values 0..10, 5 bins of width 2: [0,2) {0,1}, [2,4) {2,3}, [4,6) {5}, [6,8) {}, [8,10] {9,10,10}
    bins = charts.histogram_bins(pl.Series([0.0, 1, 2, 3, 5, 9, 10, 10, None]), bins=5)
    assert bins.get_column("bin_start").to_list() == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert bins.get_column("bin_end").to_list() == [2.0, 4.0, 6.0, 8.0, 10.0]
    assert bins.get_column("count").to_list() == [2, 2, 1, 0, 3]


def test_histogram_bins_edge_cases():
    assert charts.histogram_bins(pl.Series([], dtype=pl.Float64)).is_empty()
    single = charts.histogram_bins(pl.Series([4.0, 4.0, float("nan")]))
    assert single.rows() == [(3.5, 4.5, 2)]
    with pytest.raises(ValueError):
        charts.histogram_bins(pl.Series([1.0]), bins=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=2, max_size=200), st.integers(1, 40))
def test_histogram_bins_agree_with_numpy(values, bins):
    ours = charts.histogram_bins(pl.Series(values, dtype=pl.Float64), bins=bins)
    counts, edges = np.histogram(np.array(values, dtype=float), bins=bins) if len(set(values)) > 1 else (None, None)
    if counts is None:
        assert ours.get_column("count").to_list() == [len(values)]
        return
    assert ours.get_column("count").to_list() == counts.tolist()
    assert np.allclose(ours.get_column("bin_start").to_numpy(), edges[:-1])
    assert ours.get_column("bin_end")[-1] == max(values)


def test_chart_json_is_plain_json():
    chart, _ = build("nps_trend", "en")
    json.dumps(chart.to_dict())  # dates and booleans serialised, nothing Python-only left


def test_the_churn_axis_ticks_read_as_distinct_percentages():
    """Churn of a few percent gets ticks every half point: each must read differently
    (".0%" made them "2%, 2%, 3%, 3%")."""
    import re

    import vl_convert

    from cxreport.charts.churn import churn_over_time

    months = [dt.date(2025, m, 1) for m in range(1, 9)]
    frame = pl.DataFrame({"period": months, "churn_rate": [0.01, 0.03, 0.045, 0.02, 0.04, 0.035, 0.042, 0.038],
                          "revenue_churn_rate": [0.005, 0.02, 0.03, 0.01, 0.02, 0.015, 0.02, 0.018],
                          "active_start": [100] * 8, "churned": [3] * 8})
    ticks = re.findall(r">(\d+(?:\.\d+)?%)<", vl_convert.vegalite_to_svg(churn_over_time(frame).to_dict()))
    assert len(ticks) >= 4 and len(ticks) == len(set(ticks)), ticks


def test_survival_curves_ship_only_the_visible_steps():
    """A daily Kaplan–Meier curve of thousands of customers has a step a day; the chart keeps
    the steps a reader can see: the curve drawn from its data is within a third of a pixel
    of the full one at every day, each group starts and ends where it did, and fewer rows go
    to the browser."""
    from cxreport.charts._base import STEP_RESOLUTION
    from cxreport.metrics.survival import kaplan_meier

    rng = np.random.default_rng(3)
    n = 6000
    durations = pl.DataFrame({
        "group": rng.choice(["A", "B"], n),
        "duration_days": rng.exponential(200, n).astype(int),
        "churned": rng.random(n) < 0.7,
    })
    full = kaplan_meier(durations, by="group").sort("group", "time")
    drawn = pl.DataFrame(charts.survival_curves(full, "en", by="segment").to_dict()["datasets"].popitem()[1])
    assert drawn.height < 0.8 * full.height
    for group in ("A", "B"):
        truth = full.filter(pl.col("group") == group)
        kept = drawn.filter(pl.col("group") == group).sort("time")
        assert kept["time"][0] == truth["time"][0] and kept["time"][-1] == truth["time"][-1]
        # step-after: at each day the drawn value is the last kept row's at or before it
        at = np.searchsorted(kept["time"].to_numpy(), truth["time"].to_numpy(), side="right") - 1
        for column in ("survival", "ci_low", "ci_high"):
            gap = np.abs(kept[column].to_numpy()[at] - truth[column].to_numpy())
            assert np.nanmax(gap) < STEP_RESOLUTION + 1e-5, column


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_missing_group_is_named_in_the_readers_language_never_null(lang):
    """Customers whose first purchase names no segment are a group of their own (the metrics
    count them): every chart drawing groups names it "Unknown"/"Tidak diketahui", as the bar
    charts already did, never an empty or "null" legend entry."""
    unknown = t_id("word.unknown") if lang == "id" else "Unknown"
    survival = pl.DataFrame({"segment": ["web", "web", None, None], "time": [0, 5, 0, 5],
                             "survival": [1.0, 0.8, 1.0, 0.6], "ci_low": [1.0, 0.7, 1.0, 0.5],
                             "ci_high": [1.0, 0.9, 1.0, 0.7]})
    nps = pl.DataFrame({"segment": ["web", None], "nps": [20.0, -5.0], "ci_low": [10.0, -20.0],
                        "ci_high": [30.0, 10.0], "n": [300, 40], "significant": [True, False]})
    tickets = pl.DataFrame({"period": [dt.date(2024, 1, 1)] * 2, "tickets": [5, 3], "channel": ["email", None]})
    clv = pl.DataFrame({"group": ["web", None, "web", None], "age": [0, 0, 1, 1],
                        "cumulative_revenue_per_customer": [10.0, 8.0, 15.0, 9.0],
                        "customers": [100, 50, 100, 50]})
    trend = pl.DataFrame({"period": [dt.date(2024, 1, 1)] * 2, "touchpoint": ["checkout", None],
                          "ux_score": [70.0, 60.0], "cx_score": [40.0, 30.0]})
    built = [charts.survival_curves(survival, lang, by="segment"), charts.nps_by_segment(nps, lang, by="segment"),
             charts.ticket_volume(tickets, lang, by="channel"), charts.historical_clv_curves(clv, lang),
             charts.ux_cx_trend(trend, lang)]
    for chart in built:
        (rows,) = datasets(chart.to_dict())
        names = {value for row in rows for key, value in row.items() if key in ("group", "segment", "channel")}
        assert unknown in names and None not in names and "" not in names, (chart.to_dict().get("title"), names)
