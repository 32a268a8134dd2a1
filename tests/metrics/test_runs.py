"""Blocks of whole runs: what the order metrics pass over a few MB at a time."""

from __future__ import annotations

import threading
import time

import numpy as np

from cxreport.metrics import _runs
from cxreport.metrics._runs import blocks, in_blocks


def test_blocks_end_where_a_key_starts():
    keys = np.array([1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 5])
    assert blocks(keys, 2) == [(0, 3), (3, 4), (4, 6), (6, 7), (7, 11)]
    assert blocks(keys, 4) == [(0, 4), (4, 7), (7, 11)]
    assert blocks(keys, 100) == [(0, 11)]
    assert blocks(keys[:0], 4) == []


def test_blocks_cover_every_row_once_and_never_split_a_key():
    rng = np.random.default_rng(3)
    keys = np.sort(rng.integers(0, 500, 20_000))
    for size in (1, 7, 1000, 30_000):
        found = blocks(keys, size)
        assert found[0][0] == 0 and found[-1][1] == keys.size
        assert all(a[1] == b[0] for a, b in zip(found, found[1:]))
        assert all(keys[last - 1] != keys[last] for _, last in found[:-1])


def test_in_blocks_gives_results_in_block_order_whoever_finishes_first(monkeypatch):
    monkeypatch.setattr(_runs, "BLOCK_ROWS", 2)
    monkeypatch.setattr(_runs, "_THREADS", 2)
    threads = set()

    def compute(block):
        threads.add(threading.get_ident())
        time.sleep(0.05 if block[0] == 0 else 0)  # the first block finishes last
        return block

    assert in_blocks(np.array([1, 1, 2, 3, 3, 4]), compute) == [(0, 2), (2, 3), (3, 5), (5, 6)]
    assert len(threads) == 2
