"""Runs of equal keys in sorted rows: where each starts and ends, and each row's run number.

The order metrics count over tables sorted by customer (and day or period), where a
customer's rows, or one customer-period's, are adjacent: a per-run sum is then one
`np.bincount` over the run numbers, with no hashing of millions of keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import numpy as np


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
