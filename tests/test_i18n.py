"""Translations: every key in both languages, same placeholders, strict in tests only."""

from __future__ import annotations

import pytest

from cxreport import i18n
from cxreport.i18n import LANGS, missing_keys, placeholder_mismatches, placeholders, t
from cxreport.translations import TRANSLATIONS

IO_ERROR_CODES = ("empty_file", "header_only", "binary_file", "too_large", "bad_encoding", "no_data_sheet",
                  "missing_fields", "unreadable", "not_records", "no_csv_in_zip")
PAGES = ("data", "overview", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx", "cx_model")


def test_languages():
    assert LANGS == ("en", "id")


def test_every_key_has_every_language():
    assert missing_keys() == {"en": [], "id": []}
    assert all(set(texts) == set(LANGS) for texts in TRANSLATIONS.values())


def test_translations_use_the_same_placeholders_as_english():
    assert placeholder_mismatches() == {}


def test_checks_catch_a_missing_language_and_a_wrong_placeholder(monkeypatch):
    monkeypatch.setitem(TRANSLATIONS, "test.only_en", {"en": "Hello {name}"})
    monkeypatch.setitem(TRANSLATIONS, "test.renamed", {"en": "{limit_mb} MB", "id": "{limit} MB"})
    assert missing_keys()["id"] == ["test.only_en"]
    assert placeholder_mismatches() == {"test.renamed": {"id": {"limit"}}}


def test_placeholders_ignore_format_specs_and_escaped_braces():
    assert placeholders("{n:,d} of {total!r} {{literal}}") == {"n", "total"}


def test_app_words_and_pages_in_indonesian():
    assert t("app.title") == "cxreport — customer experience report"
    assert [t(f"page.{p}", "id") for p in PAGES] == ["Data", "Ringkasan", "Kohort", "Churn", "CLV", "NPS & Survei",
                                                     "Layanan", "UX vs CX", "Mengapa: model CX"]
    assert t("action.upload", "id") == "Unggah file"
    assert t("action.use_sample", "id") == "Pakai data contoh"
    assert t("sidebar.date_range", "id") == "Rentang tanggal"
    assert (t("word.customers", "id"), t("word.revenue", "id"), t("word.retention", "id")) == \
        ("Pelanggan", "Pendapatan", "Retensi")


@pytest.mark.parametrize("code", IO_ERROR_CODES)
def test_every_io_error_code_has_a_message_naming_the_file(code):
    for lang in LANGS:
        text = t(f"error.{code}", lang, name="orders.csv", limit_mb=200, fields="customer_id, amount")
        assert "orders.csv" in text and len(text) > 40


def test_params_are_filled_and_key_may_be_a_placeholder():
    text = t("url.invalid_value", "en", key="period", value="decade", default="month")
    assert text == "The link's value 'decade' for 'period' is not valid; showing 'month' instead."
    assert "200 MB" in t("error.too_large", lang="id", name="x.csv", limit_mb=200)


def test_strict_mode_raises_on_unknown_key_and_missing_param(monkeypatch):
    monkeypatch.setenv("CXREPORT_I18N_STRICT", "1")
    with pytest.raises(KeyError):
        t("no.such.key")
    with pytest.raises(KeyError):
        t("page.data", "fr")
    with pytest.raises(KeyError):
        t("error.empty_file", "en")  # {name} not given


def test_runtime_mode_returns_the_key_and_keeps_missing_placeholders(monkeypatch):
    monkeypatch.setenv("CXREPORT_I18N_STRICT", "0")
    assert t("no.such.key", "id") == "no.such.key"
    assert t("page.overview", "fr") == "Overview"
    assert t("error.empty_file", "id").startswith("File {name} kosong")


def test_strict_by_default_under_pytest_only(monkeypatch):
    monkeypatch.delenv("CXREPORT_I18N_STRICT", raising=False)
    assert i18n.is_strict()  # pytest sets PYTEST_CURRENT_TEST while a test runs
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert not i18n.is_strict()


def test_every_field_dimension_kind_and_page_has_a_label():
    from cxreport.fields import DIMENSIONS, FIELD_TYPES, Kind

    keys = {f"field.{f}" for fields in FIELD_TYPES.values() for f in fields}
    keys |= {f"dim.{d}" for d in DIMENSIONS} | {f"kind.{k.value}" for k in Kind} | {f"page.{p}" for p in PAGES}
    keys |= {f"period.{p}" for p in ("day", "week", "month", "quarter")}
    assert sorted(k for k in keys if k not in TRANSLATIONS) == []


# Every report page, opened on the sample: the tables it shows (the Notebook's SQL results
# are the user's own columns and are left out).
TABLE_PAGES = ("data", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx", "cx_model")


def test_every_column_of_every_table_shown_has_a_label_in_both_languages():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent / "pages"))
    from apptest_helpers import open_app

    unlabelled = {}
    for page in TABLE_PAGES:
        at = open_app(page, timeout=180)
        for frame in at.dataframe:
            for column in frame.value.columns:
                if column.startswith("src_"):  # the file's own columns, shown under their own headers
                    continue
                keys = [k for k in (f"col.{column}", f"field.{column}") if k in TRANSLATIONS]
                if not keys or not all(TRANSLATIONS[keys[0]].get(lang) for lang in LANGS):
                    unlabelled.setdefault(page, set()).add(column)
    assert unlabelled == {}


# Notes as the library writes them (cxreport/io/dataset.py, normalise.py, read.py): each has
# an Indonesian text, so nothing on the Data page stays English in Indonesian mode.
LIBRARY_NOTES = [
    "Dates were read as day/month (05/03 = 5 March), as is usual in Indonesian data. If that is wrong, export the "
    "dates as YYYY-MM-DD.",
    "Dates were read as month/day (05/03 = May 3), as no day above 12 decides it. If that is wrong, export the dates "
    "as YYYY-MM-DD.",
    "Money read as you chose: 1.250.000,50.",
    "Not mapped yet, but needed: order_date, amount. Choose the matching columns.",
    "'Cancelled at' holds dates: a row counts as yes when it has one, no when it is empty.",
    "The export mixes currencies (IDR, USD); figures add them up as IDR: filter to one currency for exact totals.",
    "3 values in 'Visits' are not whole numbers; they are left empty.",
    "1 values in 'Q1' are outside 0–10; they are left empty.",
    "'Handle' does not say its unit; its durations are read as minutes.",
    "'Wait (s)' is in seconds; it was converted to minutes (×0.0166667).",
    "'Resolution (business hours)' counts business hours only: times read from it are business-hours times.",
    "4 ratings in 'Rating' are words on a five-label scale: Very satisfied = 5, Satisfied = 4, Neutral = 3, "
    "Unsatisfied = 2, Very unsatisfied = 1.",
    "Every row of an order repeats the order's total (12 orders with several rows): it counts once per order, on the "
    "order's first row; the other 30 rows count 0.",
    "2 line(s) hold NUL bytes (binary data, not text) and were left out; they are listed as rejected.",
    "The file has no header row: its columns are named column_1 to column_5 and were recognised by their content.",
    "3 line(s) were not valid UTF-8 and were read as Windows-1252 (the rest of the file is UTF-8); check their "
    "accented letters.",
    "The archive holds 2 tables; only orders.csv was read here (not: notes.txt).",
]


@pytest.mark.parametrize("note", LIBRARY_NOTES, ids=range(len(LIBRARY_NOTES)))
def test_every_note_of_the_library_reads_in_indonesian(note):
    from cxreport.io.quality import note_text

    assert note_text(note, "en") == note
    assert note_text(note, "id") != note


def test_a_note_in_indonesian_names_fields_units_and_numbers_the_indonesian_way():
    from cxreport.io.quality import note_text

    assert note_text(LIBRARY_NOTES[3], "id") == ("Belum dipetakan, padahal diperlukan: "
                                                  f"{t('field.order_date', 'id')}, {t('field.amount', 'id')}. "
                                                  "Pilih kolom yang sesuai.")
    assert note_text(LIBRARY_NOTES[9], "id") == "'Wait (s)' dalam detik; dikonversi ke menit (×0,0166667)."
    assert note_text("1234 rows could not be split into the header's columns; they are listed as rejected.", "id") \
        .startswith("1.234 baris")


@pytest.mark.parametrize("path", ["real/shopify_orders.csv", "real/zendesk_tickets.csv", "real/freshdesk_tickets.csv",
                                  "pesanan.csv", "survey_qualtrics.csv", "langganan.txt"])
def test_the_notes_of_foreign_exports_read_in_indonesian(path):
    from pathlib import Path

    import cxreport
    from cxreport.io.quality import note_text

    notes = [n for ds in cxreport.load(Path(__file__).parent / "data" / path).datasets.values() for n in ds.notes]
    assert notes and [n for n in notes if note_text(n, "id") == n] == []


@pytest.mark.parametrize("path", ["ragged.csv", "real/shopify_orders.csv", "survey_qualtrics.csv", "multiline.csv"])
def test_why_rows_were_rejected_reads_in_indonesian(path):
    from pathlib import Path

    import cxreport
    from cxreport.io.quality import reasons_for_reader

    checked = 0
    for ds in cxreport.load(Path(__file__).parent / "data" / path).datasets.values():
        for frame in (ds.rejected, ds.value_problems):
            reasons = [r for r in frame.get_column("reason").to_list() if r] if "reason" in frame.columns else []
            shown = reasons_for_reader(frame, "id").get_column("reason").drop_nulls().to_list() if reasons else []
            assert [(r, s) for r, s in zip(reasons, shown, strict=True) if r == s] == []
            assert reasons_for_reader(frame, "en").equals(frame)
            checked += len(reasons)
    assert checked  # each of these files has rows rejected or answers left out


def test_a_notes_quoted_column_name_stays_as_the_file_writes_it():
    """A column named like a field or a unit ('amount', 'hours', '2024') is the file's own name:
    the Indonesian note must name the column the user can find, not a translation of it."""
    from cxreport.io.quality import note_text

    assert note_text("3 values in 'amount' are not numbers; they are left empty.", "id") == \
        "3 nilai di 'amount' bukan angka; nilai itu dikosongkan."
    assert note_text("'hours' is in hours; it was converted to minutes (×60).", "id").startswith("'hours' dalam jam")
    assert "'2024'" in note_text("1200 values in '2024' are outside 0–10; they are left empty.", "id")
    assert "1.200 nilai" in note_text("1200 values in '2024' are outside 0–10; they are left empty.", "id")


def test_a_rejection_reason_whose_cell_holds_a_semicolon_is_translated_whole():
    import polars as pl

    from cxreport.io.quality import reasons_for_reader

    frame = pl.DataFrame({"reason": ["Order Date '1; 2' is not a date; Total is empty"]})
    assert reasons_for_reader(frame, "id")["reason"].to_list() == ["Order Date '1; 2' bukan tanggal; Total kosong"]
