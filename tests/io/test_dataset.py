"""load_dataset end to end: bad files give stable codes, remap and memory apply corrections."""

from __future__ import annotations

import json

import pytest

from cxreport.errors import FileProblem, MappingProblem
from cxreport.fields import Kind
from cxreport.io.dataset import load_dataset, missing_required, remap
from cxreport.io.memory import MappingMemory, header_signature

BAD_TEXT = {
    "empty.csv": "empty_file",
    "header_only.csv": "header_only",
    "no_rows.tsv": "header_only",
    "not_records.json": "not_records",
    "object.json": "not_records",
}
BAD_BINARY = {
    "bad/no_data.xlsx": "no_data_sheet",
    "bad/no_csv.zip": "no_csv_in_zip",
    "bad/binary.csv": "binary_file",
    "bad/bad_encoding.csv": "bad_encoding",
}


@pytest.mark.parametrize(("file", "code"), sorted(BAD_TEXT.items()))
def test_bad_files_in_the_corpus(data_dir, file, code):
    with pytest.raises(FileProblem) as err:
        load_dataset(file, (data_dir / "bad" / file).read_bytes())
    assert err.value.code == code
    assert file in err.value.message and err.value.hint
    assert err.value.params["name"] == file


@pytest.mark.parametrize(("file", "code"), sorted(BAD_BINARY.items()))
def test_generated_bad_files(binary_fixtures, file, code):
    path = binary_fixtures[file]
    with pytest.raises(FileProblem) as err:
        load_dataset(path.name, path.read_bytes())
    assert err.value.code == code and err.value.message and err.value.hint


def test_too_large(data_dir):
    data = (data_dir / "orders_en.csv").read_bytes()
    with pytest.raises(FileProblem) as err:
        load_dataset("orders_en.csv", data, max_bytes=100)
    assert err.value.code == "too_large"


def test_unknown_sheet_and_unexpected_errors_are_plain(binary_fixtures, monkeypatch):
    path = binary_fixtures["ux.xlsx"]
    with pytest.raises(FileProblem) as err:
        load_dataset("ux.xlsx", path.read_bytes(), sheet="Nope")
    assert err.value.code == "no_such_sheet" and "Results" in err.value.hint

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr("cxreport.io.dataset.profile_table", broken)
    with pytest.raises(FileProblem) as err:
        load_dataset("ux.xlsx", path.read_bytes())
    assert err.value.code == "unreadable"


def test_mapping_that_lacks_a_required_field(data_dir):
    data = (data_dir / "orders_en.csv").read_bytes()
    with pytest.raises(MappingProblem) as err:
        load_dataset("orders_en.csv", data, kind="orders", mapping={"customer_id": "Customer ID", "amount": "Amount"})
    assert err.value.code == "missing_fields" and err.value.params["fields"] == "order_date"
    ds = load_dataset("orders_en.csv", data)
    with pytest.raises(MappingProblem) as err:
        remap(ds, mapping={"customer_id": "Nope", "order_date": "Order Date", "amount": "Amount"})
    assert err.value.code == "unknown_column"


def test_missing_required_reports_gaps_of_a_recognised_file():
    ds = load_dataset("s.csv", b"Response date,Comment\n2024-03-05,great\n2024-03-06,slow\n", kind="surveys")
    assert ds.kind is Kind.SURVEYS
    assert missing_required(ds) == ["nps_score", "csat_score", "ces_score"]
    assert not ds.ready


def test_remap_changes_kind_and_columns_without_rereading(data_dir):
    ds = load_dataset("orders_en.csv", (data_dir / "orders_en.csv").read_bytes())
    assert ds.kind is Kind.ORDERS and ds.mapping["channel"] == "Sales Channel"
    new = remap(ds, mapping={"customer_id": "Customer ID", "order_date": "Order Date", "amount": "Amount",
                             "segment": "Sales Channel"})
    assert new.raw is ds.raw  # the strings already read, not a new read
    assert new.mapping["segment"] == "Sales Channel" and new.confidence["segment"] == 1.0
    assert new.table["segment"][0] == "Email"
    assert "src_product" in new.table.columns  # no longer mapped, still kept
    as_subs = remap(ds, kind="subscriptions")
    assert as_subs.kind is Kind.SUBSCRIPTIONS and as_subs.mapping["customer_id"] == "Customer ID"


def test_memory_applies_a_remembered_correction(tmp_path, data_dir):
    data = (data_dir / "orders_en.csv").read_bytes()
    memory = MappingMemory(tmp_path / "mem" / "mappings.json")
    ds = load_dataset("orders_en.csv", data, memory=memory)
    corrected = remap(ds, mapping={"customer_id": "Customer ID", "order_date": "Order Date", "amount": "Amount",
                                   "segment": "Sales Channel"})
    memory.remember(corrected)
    stored = json.loads((tmp_path / "mem" / "mappings.json").read_text())
    assert stored[ds.header_signature]["mapping"]["segment"] == "Sales Channel"
    assert not list((tmp_path / "mem").glob("*.tmp"))  # the temporary file was renamed away
    again = load_dataset("march_export.csv", data, memory=memory)  # another name, same header
    assert again.mapping == corrected.mapping
    assert any("you chose before" in n for n in again.notes)
    memory.forget(ds.header_signature)
    assert memory.recall(ds.header_signature) is None


def test_header_signature_ignores_case_and_punctuation():
    assert header_signature(["Order ID", "Customer ID"]) == header_signature(["order_id", "customer-id"])
    assert header_signature(["Order ID", "Customer ID"]) != header_signature(["Customer ID", "Order ID"])
