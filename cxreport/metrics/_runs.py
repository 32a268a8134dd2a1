"""Runs of equal keys in sorted rows: where each starts and ends, and each row's run number.

The order metrics count over tables sorted by customer (and day or period), where a
customer's rows, or one customer-period's, are adjacent: a per-run sum is then one
`np.bincount` over the run numbers, with no hashing of millions of keys.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Runs(NamedTuple):
    first: np.ndarray  # the first row of each run
    last: np.ndarray  # the last row of each run
    number: np.ndarray  # each row's run (0, 1, …)


def runs(*keys: np.ndarray) -> Runs:
    """The runs of equal `keys` (rows sorted by them).

    >>> found = runs(np.array([1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 3]))
    >>> found.first.tolist(), found.last.tolist(), found.number.tolist()
    ([0, 1, 2, 4], [0, 1, 3, 4], [0, 1, 2, 2, 3])
    """
    size = keys[0].size
    new = np.ones(size, dtype=bool)
    if size > 1:
        changed = np.zeros(size - 1, dtype=bool)
        for key in keys:
            changed |= key[1:] != key[:-1]
        new[1:] = changed
    first = np.flatnonzero(new)
    number = np.cumsum(new)
    number -= 1  # in place: on millions of rows another array costs more than the subtraction
    return Runs(first, np.r_[first[1:] - 1, size - 1] if size else first, number)
