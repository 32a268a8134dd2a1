"""Table columns on screen: translated labels, words for the rest, shares as percentages."""

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
