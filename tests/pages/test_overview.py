"""Overview: the metric cards show exactly the library's headlines, in English and Indonesian,
and the "What moved" sentences tell the sample's story (sample_data/STORY.md)."""

from __future__ import annotations

import pytest

from apptest_helpers import library_tables, metrics, no_errors, open_app, texts
from cxreport import headlines
from cxreport.fields import Kind


def expected_cards(ws, *, lang: str, period: str = "month") -> dict[str, tuple[str, str | None]]:
    found = headlines.headlines(library_tables(ws), period=period)
    currency = ws.currency(Kind.ORDERS)
    cards = [headlines.card(h, lang=lang, currency=currency, period=period) for h in found]
    return {c.label: (c.value, c.delta) for c in cards}


@pytest.fixture(scope="module")
def overview_en():
    return open_app("overview")


@pytest.fixture(scope="module")
def overview_id():
    return open_app("overview", {"lang": "id"})


@pytest.mark.parametrize("lang", ["en", "id"])
def test_cards_equal_the_library_headlines(request, sample_workspace, lang):
    at = request.getfixturevalue(f"overview_{lang}")
    no_errors(at)
    expected = expected_cards(sample_workspace, lang=lang)
    # The sample has every kind, so every headline of every layer is there (14 cards).
    assert len(expected) == 14
    shown = {m.label: (m.value, m.proto.delta or None) for m in at.metric}
    assert shown == expected


def test_cards_read_in_reading_order(overview_en):
    """Cards go left to right, row by row: customers, revenue, then retention month 1, 3, 6."""
    labels = [m.label for m in overview_en.metric]
    assert labels[:5] == ["Active customers", "Revenue", "Retention, month 1", "Retention, month 3", "Retention, month 6"]


def test_indonesian_labels_and_number_format(overview_en, overview_id):
    en, id_ = metrics(overview_en), metrics(overview_id)
    assert "Retensi bulan ke-3" in id_ and "Retention, month 3" in en
    # Same number, Indonesian decimal comma and thousands dot.
    assert en["Retention, month 3"].replace(".", ",") == id_["Retensi bulan ke-3"]
    assert "," in id_["Retensi bulan ke-3"] and "." not in id_["Retensi bulan ke-3"]
    assert en["Active customers"].replace(",", ".") == id_["Pelanggan aktif"]
    # 1,195 customers with a purchase in Oct 2026 (latest full month); 12 more whose only October
    # rows are refunds are not active (a refund is not activity).
    assert id_["Pelanggan aktif"] == "1.195"
    assert overview_id.title[0].value == "cxreport — laporan pengalaman pelanggan"
    assert [s.value for s in overview_id.sidebar.selectbox] == ["id", "month"]


def test_what_moved_tells_the_story(overview_en):
    assert "What moved" in [s.value for s in overview_en.subheader]
    story = "\n".join(m.value for m in overview_en.markdown if m.value.startswith("- "))
    sentences = story.splitlines()
    # 1. Social Ads customers churn faster: ~13% month-3 retention against ~31% (STORY.md: 12.8% vs 30.8%).
    social = [s for s in sentences if "Social Ads" in s]
    assert social and "13%" in social[0] and "31%" in social[0]
    # 2. The staffing gap: the largest significant NPS fall is Sep 2025, with slow resolutions then.
    fall = [s for s in sentences if "Sep 2025" in s]
    assert fall and "NPS fall" in fall[0] and "resolution" in fall[0]
    # 3. Checkout is the weak spot.
    assert any(s.startswith("- Checkout is the weak spot") for s in sentences)


def test_what_moved_in_indonesian(overview_id):
    text = texts(overview_id)
    assert "Apa yang berubah" in text
    assert "Social Ads" in text and "Sep 2025" in text and "Checkout adalah titik lemah" in text


def test_a_file_that_is_loaded_but_not_used_is_named_on_the_overview():
    from apptest_helpers import upload

    at = open_app("data")
    upload(at, "notes.csv", b"colour,shape\nred,round\nblue,square\n")
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("1 file(s) loaded but not used: notes.csv" in w for w in warnings), warnings
    assert not any("No files loaded yet" in i.value for i in at.info)
