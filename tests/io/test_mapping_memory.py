"""Mapping memory without a path: the app's per-session store, in memory only."""

from cxreport.io.dataset import load_dataset, remap
from cxreport.io.memory import MappingMemory


def test_memory_without_a_path_remembers_in_memory_and_writes_nothing(tmp_path, data_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    data = (data_dir / "orders_en.csv").read_bytes()
    memory = MappingMemory()
    ds = load_dataset("orders_en.csv", data, memory=memory)
    corrected = remap(ds, mapping={"customer_id": "Customer ID", "order_date": "Order Date", "amount": "Amount",
                                   "segment": "Sales Channel"})
    memory.remember(corrected)
    again = load_dataset("march_export.csv", data, memory=memory)  # another name, same header
    assert again.mapping == corrected.mapping
    assert again.mapping["segment"] == "Sales Channel" and ds.mapping.get("segment") != "Sales Channel"
    # what recall returns is a copy: changing it does not change what is remembered
    kind, mapping = memory.recall(ds.header_signature)
    mapping["segment"] = "Order ID"
    assert memory.recall(ds.header_signature)[1]["segment"] == "Sales Channel"
    memory.forget(ds.header_signature)
    assert memory.recall(ds.header_signature) is None
    assert list(tmp_path.iterdir()) == []  # nothing on disk, in the working or the temporary directory


def test_two_memories_without_a_path_are_separate(data_dir):
    data = (data_dir / "orders_en.csv").read_bytes()
    mine, theirs = MappingMemory(), MappingMemory()
    ds = load_dataset("orders_en.csv", data)
    mine.remember(remap(ds, mapping={"customer_id": "Customer ID", "order_date": "Order Date", "amount": "Amount",
                                     "segment": "Sales Channel"}))
    assert mine.recall(ds.header_signature) is not None
    assert theirs.recall(ds.header_signature) is None
