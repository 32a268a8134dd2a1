"""A value for each calendar day in a range, looked up by integer day (days since 1970-01-01).

The order metrics ask which period (or how many period starts) holds each of millions of
purchase days. The answer is computed once per calendar day in range (a few thousand) and
then looked up, instead of truncating or searching millions of dates.
"""

from __future__ import annotations

import numpy as np


class DayLookup:
    """`values[k]` is the value of day `low + k`; `at(d)` looks up an array of integer days.

    >>> DayLookup(100, np.array([7, 8, 9])).at(np.array([102, 100], dtype=np.int32)).tolist()
    [9, 7]
    """

    def __init__(self, low: int, values: np.ndarray) -> None:
        self.low, self.values = low, values

    def at(self, d: np.ndarray) -> np.ndarray:
        # The offsets made as the index type itself: an int32 index would be converted first.
        return self.values[np.subtract(d, self.low, dtype=np.intp)]
