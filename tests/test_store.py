"""Saved reports: what is saved comes back equal, after a restart too; links are tokens
whose hashes alone are stored, and revoking or expiring one closes it."""

from __future__ import annotations

import datetime as dt
import stat

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cxreport.sample import load_sample
from cxreport.store import LinkNotValid, ReportStore, data_dir, token_hash


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def store(tmp_path):
    s = ReportStore(tmp_path / "data")
    yield s
    s.close()


def test_the_data_directory_is_private_and_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("CXREPORT_DATA_DIR", str(tmp_path / "cx"))
    assert data_dir() == tmp_path / "cx"
    store = ReportStore()
    assert stat.S_IMODE((tmp_path / "cx").stat().st_mode) == 0o700
    store.close()


def test_a_saved_report_comes_back_equal_after_a_restart(tmp_path, sample):
    root = tmp_path / "data"
    first = ReportStore(root)
    view = {"page": "cohorts", "period": "quarter", "lang": "id", "dims": {"channel": ("Email",)},
            "date_from": dt.date(2025, 3, 1)}
    saved = first.save(sample, view=view, notebook={"cells": [{"kind": "note", "text": "Hello"}]})
    token = first.create_link(saved.report_id, "viewer")
    first.close()

    again = ReportStore(root)  # a server restart: a new process opens the same directory
    link = again.resolve(token)
    loaded = again.load(link.report_id)
    assert loaded.view == view and loaded.notebook == {"cells": [{"kind": "note", "text": "Hello"}]}
    assert [d.name for d in loaded.datasets] == [d.name for d in sample]
    for before, after in zip(sample, loaded.datasets):
        assert after.kind == before.kind and after.mapping == before.mapping and after.currency == before.currency
        assert_frame_equal(after.table, before.table)
        assert_frame_equal(after.raw, before.raw)
        assert after.lines.to_list() == before.lines.to_list()
    assert (loaded.data_from, loaded.data_to) == (dt.date(2025, 1, 1), dt.date(2026, 10, 31))
    again.close()


def test_links_open_the_latest_version(store, sample):
    first = store.save(sample[:1])
    token = store.create_link(first.report_id, "viewer")
    second = store.save(sample, report_id=first.report_id)
    assert second.version == 2
    assert len(store.load(store.resolve(token).report_id).datasets) == len(sample)
    assert len(store.load(first.report_id, version=1).datasets) == 1


def test_only_the_token_hash_is_stored(store, sample, tmp_path):
    saved = store.save(sample[:1])
    token = store.create_link(saved.report_id, "editor")
    assert len(token) >= 32  # 24 random bytes, URL-safe: 192 bits
    store.close()
    raw = (tmp_path / "data" / "store.duckdb").read_bytes()
    assert token.encode() not in raw
    assert token_hash(token).encode() in raw


def test_revoked_expired_and_unknown_tokens_are_not_valid(store, sample):
    saved = store.save(sample[:1])
    viewer = store.create_link(saved.report_id, "viewer")
    editor = store.create_link(saved.report_id, "editor", expires_at=dt.datetime.now() - dt.timedelta(seconds=1))
    assert store.resolve(viewer).role == "viewer"
    with pytest.raises(LinkNotValid):
        store.resolve(editor)  # expired
    (link,) = [lk for lk in store.links(saved.report_id) if lk.role == "viewer"]
    store.revoke(saved.report_id, link.id)
    for token in (viewer, "x" * 32, "", "../../etc/passwd", "a" * 500):
        with pytest.raises(LinkNotValid):
            store.resolve(token)


def test_deleting_a_report_deletes_its_files(store, sample, tmp_path):
    saved = store.save(sample[:2])
    token = store.create_link(saved.report_id, "viewer")
    folder = tmp_path / "data" / "reports" / saved.report_id
    assert any(folder.rglob("*.parquet"))
    store.delete(saved.report_id)
    assert not folder.exists()
    with pytest.raises(LinkNotValid):
        store.resolve(token)


def test_an_autosave_is_seen_by_draft_links_only(store, sample):
    saved = store.save(sample[:1])
    store.save(sample[:2], report_id=saved.report_id, autosave=True)
    store.save(sample[:3], report_id=saved.report_id, autosave=True)  # replaces the first autosave
    assert len(store.load(saved.report_id).datasets) == 1  # viewers see the saved version
    latest = store.load(saved.report_id, include_autosave=True)
    assert (latest.version, latest.saved, len(latest.datasets)) == (3, False, 3)
    with pytest.raises(LinkNotValid):
        store.load(saved.report_id, version=2)  # the older autosave is gone


def test_two_processes_share_one_store(tmp_path, sample):
    """A second server or a command on the same data directory waits its turn, never fails."""
    import subprocess
    import sys

    root = tmp_path / "data"
    here = ReportStore(root)
    saved = here.save(sample[:1])
    token = here.create_link(saved.report_id, "viewer")
    code = ("import sys; from cxreport.store import ReportStore; s = ReportStore(sys.argv[1]); "
            "print(s.resolve(sys.argv[2]).role); s.save(s.load(s.resolve(sys.argv[2]).report_id).datasets, "
            "report_id=s.resolve(sys.argv[2]).report_id)")
    other = subprocess.run([sys.executable, "-c", code, str(root), token], capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "viewer"
    assert here.latest_version(saved.report_id) == 2  # this process sees the other's save
