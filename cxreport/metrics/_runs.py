"""Runs of equal keys in sorted rows: where each starts and ends, and each row's run number.

The order metrics count over tables sorted by customer (and day or period), where a
customer's rows, or one customer-period's, are adjacent: a per-run sum is then one
`np.bincount` over the run numbers, with no hashing of millions of keys.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, reduce
from typing import TypeVar

import numpy as np

T = TypeVar("T")

# Rows passed at a time: 1–2 MB an array, under the size glibc's malloc keeps for reuse once
# freed (its mmap threshold grows to at most 32 MB). A pass over ten million rows at once gets
# fresh pages from the kernel for each new array, and on a virtual machine those cost more
# than the arithmetic; blocks this size also stay in the processor's cache between passes,
# and a million rows make four blocks for two cores (retention + churn + RFM on 1M prepared
# orders: 0.10 s in blocks of 2^20 rows, 0.076 s in blocks of 2^18; on 10M the same).
BLOCK_ROWS = 1 << 18
# numpy lets go of the interpreter in its passes, so blocks are computed side by side.
_THREADS = os.cpu_count() or 1


class Runs:
    """The runs of sorted rows: `first` (the first row of each run), and, made when first
    read (on ten million rows each costs about 30 ms), `last` (the last row of each run)
    and `number` (each row's run: 0, 1, …). Unpacks as (first, last, number), making both."""

    def __init__(self, new: np.ndarray) -> None:
        self._new = new
        self.first = np.flatnonzero(new)

    @cached_property
    def last(self) -> np.ndarray:
        last = np.empty_like(self.first)
        np.subtract(self.first[1:], 1, out=last[:-1])
        last[-1:] = self._new.size - 1
        return last

    @cached_property
    def number(self) -> np.ndarray:
        number = np.cumsum(self._new)
        number -= 1  # in place: on millions of rows another array costs more than the subtraction
        return number

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.first, self.last, self.number))


def distinct_pairs(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (x, y) pairs in order (x, then y) as two arrays, how many rows hold each,
    and each row's pair: `np.unique(axis=0)` with counts and inverse, by one lexsort
    (several times faster than its structured sort).

    >>> xs, ys, counts, index = distinct_pairs(np.array([2, 1, 2]), np.array([5, 9, 5]))
    >>> xs.tolist(), ys.tolist(), counts.tolist(), index.tolist()
    ([1, 2], [9, 5], [1, 2], [1, 0, 1])
    """
    order = np.lexsort((y, x))
    xs, ys = x[order], y[order]
    found = runs(xs, ys)
    index = np.empty(x.size, dtype=np.int64)
    index[order] = found.number
    return xs[found.first], ys[found.first], found.last - found.first + 1, index


def repeat_gaps(found: Runs, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by key then day `d`, with `found` their runs of one key: each row's
    days since the row before it, and which rows follow a row of their own key (not a run's
    first): ``gap[repeat]`` are the gaps between each key's consecutive days.

    >>> gap, repeat = repeat_gaps(runs(np.array([1, 1, 1, 2, 2])), np.array([3, 5, 9, 4, 10]))
    >>> gap[repeat].tolist()
    [2, 4, 6]
    """
    gap = np.diff(d, prepend=d[:1])
    repeat = np.ones(d.size, dtype=bool)
    repeat[found.first] = False
    return gap, repeat


def blocks(keys: np.ndarray, size: int) -> list[tuple[int, int]]:
    """[first, last) row ranges of about `size` rows of the sorted `keys`, each holding whole
    runs of one key (a block ends where a key starts; a key longer than `size` is a block).

    >>> blocks(np.array([1, 1, 1, 2, 3, 3, 4]), 2)
    [(0, 3), (3, 4), (4, 6), (6, 7)]
    """
    bounds = [0]
    while keys.size - bounds[-1] > size:
        cut = int(np.searchsorted(keys, keys[bounds[-1] + size], side="left"))
        if cut <= bounds[-1]:  # one key longer than a block: the block ends after it
            cut = int(np.searchsorted(keys, keys[bounds[-1]], side="right"))
        bounds.append(cut)
    bounds.append(keys.size)
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def in_blocks(keys: np.ndarray, compute: Callable[[tuple[int, int]], T]) -> list[T]:
    """compute((first, last)) for each of the `blocks` of `BLOCK_ROWS` rows of the sorted
    `keys`, side by side on the machine's cores; the results in block order (so sums of
    them come out the same however the threads ran).

    >>> in_blocks(np.array([1, 1, 2]), lambda block: block)
    [(0, 3)]
    """
    found = blocks(keys, BLOCK_ROWS)
    if len(found) <= 1:
        return [compute(block) for block in found]
    with ThreadPoolExecutor(max_workers=min(len(found), _THREADS)) as pool:
        return list(pool.map(compute, found))


def add_up(parts: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    """The blocks' arrays added position by position, in block order (float sums come out the
    same however the threads ran); `parts` must not be empty.

    >>> [a.tolist() for a in add_up([(np.array([1, 2]), np.array([0.5])), (np.array([3, 4]), np.array([1.0]))])]
    [[4, 6], [1.5]]
    """
    return tuple(reduce(np.add, arrays) for arrays in zip(*parts))


def runs(*keys: np.ndarray) -> Runs:
    """The runs of equal `keys` (rows sorted by them).

    >>> found = runs(np.array([1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 3]))
    >>> found.first.tolist(), found.last.tolist(), found.number.tolist()
    ([0, 1, 2, 4], [0, 1, 3, 4], [0, 1, 2, 2, 3])
    """
    size = keys[0].size
    new = np.ones(size, dtype=bool)
    if size > 1:
        changed = keys[0][1:] != keys[0][:-1]
        for key in keys[1:]:
            changed |= key[1:] != key[:-1]
        new[1:] = changed
    return Runs(new)
