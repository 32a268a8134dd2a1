"""How many rows or values repeat an earlier one, counted by hash first.

Comparing every string of a million-row export (``unique``, ``n_unique``) took most of the
reading checks' time. Values with distinct 64-bit hashes are distinct, so only the few that
share a hash (usually none) are compared in full: the count is exact, only faster.
"""

from __future__ import annotations

import polars as pl


def repeated_rows(frame: pl.DataFrame) -> int:
    """Rows equal to an earlier row: ``frame.height − frame.unique().height``.

    >>> repeated_rows(pl.DataFrame({"a": ["x", "x", "y"], "b": [1, 1, 1]}))
    1
    """
    if frame.width == 0:
        return 0
    hashes = frame.hash_rows(seed=7)
    if hashes.n_unique() == hashes.len():
        return 0
    candidates = frame.filter(hashes.is_duplicated())
    return candidates.height - candidates.unique().height


def repeated_values(values: pl.Series) -> int:
    """Values equal to an earlier value (nulls included): ``values.len() − values.n_unique()``.

    >>> repeated_values(pl.Series(["a", "b", "a", None, None]))
    2
    """
    hashes = values.hash(seed=7)
    if hashes.n_unique() == hashes.len():
        return 0
    candidates = values.filter(hashes.is_duplicated())
    return candidates.len() - candidates.n_unique()
