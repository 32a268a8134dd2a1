"""Repeats counted by hash first (`cxreport.repeats`) equal the full comparison."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.repeats import repeated_rows, repeated_values

cells = st.one_of(st.none(), st.sampled_from(["", "a", "A", "a ", "1", "1.0", "Rp 70.000"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells), max_size=40))
def test_repeated_rows_and_values_equal_unique_and_n_unique(rows):
    frame = pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String, "c": pl.String}, orient="row")
    assert repeated_rows(frame) == frame.height - frame.unique().height
    for column in frame.columns:
        values = frame.get_column(column)
        assert repeated_values(values) == values.len() - values.n_unique()


def test_a_frame_without_columns_has_no_repeats():
    assert repeated_rows(pl.DataFrame()) == 0
