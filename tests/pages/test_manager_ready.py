"""Pages a manager can read in either language: what the page draws, checked on the sample."""

from __future__ import annotations

import re

from apptest_helpers import chart_data, chart_title, charts, no_errors, open_app, texts


def test_overview_cards_say_their_period_n_and_interval_on_the_card():
    at = open_app("overview")
    no_errors(at)
    captions = [c.value for c in at.caption]
    dated = [c for c in captions if re.match(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d", c)]
    assert len(dated) == len(at.metric), captions  # every card says what period it is for
    assert sum(c.startswith("Oct 2026 ·") for c in captions) >= 8, captions
    assert sum(c.startswith("Jan 2025 – Oct 2026") for c in captions) == 4, captions  # retention ×3, CLV
    assert sum(c.startswith("Jun 2025 – Apr 2026") for c in captions) == 2, captions  # the usability tests
    assert any("n = " in c and "95% CI" in c for c in captions), captions


def test_quarterly_cohorts_are_labelled_in_quarters():
    at = open_app("cohorts", {"period": "quarter"})
    no_errors(at)
    heatmap, curves, sizes = charts(at)[:3]
    for chart in (heatmap, curves, sizes):
        labels = set(chart_data(chart).get_column("cohort_label").to_list())
        assert labels and all(label.startswith("Q") for label in labels), labels


def test_service_charts_have_distinct_titles():
    at = open_app("service")
    no_errors(at)
    titles = [chart_title(c) for c in charts(at)]
    assert len(titles) == len(set(titles)), titles
    assert {"Average handling time by channel", "Average handling time by agent"} <= set(titles)


def test_the_data_page_speaks_indonesian():
    at = open_app("data", {"lang": "id"})
    no_errors(at)
    shown = texts(at) + "\n".join(e.label for e in at.expander)
    assert "33.330 baris" in shown and "33,330" not in shown
    assert "2 baris judul tambahan dilewati (ekspor Qualtrics)." in shown
    assert "Skipped" not in shown


def test_the_churn_window_says_why_it_is_longer_than_most_gaps():
    """"90% within 126 days" beside a 180-day window: the caption says it is rounded up to the
    next usual window, and the numbers it gives agree with that rule."""
    from cxreport.metrics.churn import SENSIBLE_WINDOWS

    at = open_app("churn")
    no_errors(at)
    note = next(c.value for c in at.caption if "rounded up" in c.value)
    window = int(re.search(r"(\d+) days", note).group(1))
    gap = int(re.search(r"within ([\d,]+) days", note).group(1).replace(",", ""))
    assert at.number_input(key="w_churn_window_input").value == window
    assert window == min(w for w in SENSIBLE_WINDOWS if w >= gap), note
