"""Table columns on screen: translated labels, words for the rest, shares as percentages."""

import polars as pl

from cxreport.columns import column_kind, column_label


def test_a_translated_column_reads_in_the_language():
    assert column_label("customers", "en") == "Customers"
    assert column_label("customers", "id") == "Pelanggan"
    assert column_label("ci_low", "id") == "Batas bawah IK 95%"


def test_an_untranslated_column_reads_as_words():
    assert column_label("first_response_hours_p90", "en") == "First response hours p90"


def test_shares_and_ratios_are_told_apart_from_counts():
    for share in ("rate", "churn_rate", "revenue_churn_rate", "detractor_share", "csat", "p_alive", "nrr"):
        assert column_kind(share) == "share", share
    for number in ("customers", "n", "nps", "ci_low", "aht_minutes", "mean_score"):
        assert column_kind(number) == "number", number
    for money in ("revenue", "clv", "arpu", "mrr_end", "cumulative_revenue", "expected_spend"):
        assert column_kind(money) == "money", money


def test_an_interval_is_one_column_written_as_the_measure_it_bounds():
    from cxreport.columns import cell_formatter, join_intervals

    def write(lang):
        return lambda name, dtype: cell_formatter(name, dtype, lang)

    csat = pl.DataFrame({"channel": ["chat", "email"], "n": [40, 0], "csat": [0.68, None], "ci_low": [0.52, None],
                         "ci_high": [0.8, None], "mean_score": [4.1, None]})
    shown = join_intervals(csat, write("id"))
    assert shown.columns == ["channel", "n", "csat", "ci", "mean_score"]
    assert shown.get_column("ci").to_list() == ["52,0% – 80,0%", "–"]
    # the drivers' interval bounds the importance (two decimals), not the share of it beside it
    drivers = pl.DataFrame({"driver": ["speed"], "importance": [0.123], "importance_share": [0.4], "ci_low": [0.081],
                            "ci_high": [0.164]})
    assert join_intervals(drivers, write("en")).item(0, "ci") == "0.08 – 0.16"
    gaps = pl.DataFrame({"dimension": ["x"], "gap": [-0.5], "gap_ci_low": [-0.9], "gap_ci_high": [-0.1], "n": [3]})
    assert join_intervals(gaps, write("en")).columns == ["dimension", "gap", "gap_ci", "n"]
