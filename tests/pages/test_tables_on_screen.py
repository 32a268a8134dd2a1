"""A table longer than the screen shows its first rows, says so, and downloads them all."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _long_table() -> None:
    import polars as pl

    from cxreport.ui import widgets

    rows = widgets.MAX_ROWS_ON_SCREEN + 700
    widgets.table(pl.DataFrame({"customer_id": [f"C{i:05d}" for i in range(rows)], "revenue": [float(rows - i) for i in range(rows)]}),
                  "customers_at_risk", currency="IDR", columns=["customer_id", "revenue"])


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are():
    from cxreport.ui.widgets import MAX_ROWS_ON_SCREEN

    at = AppTest.from_function(_long_table, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    assert len(shown) == MAX_ROWS_ON_SCREEN
    assert list(shown.iloc[:, 0][:2]) == ["C00000", "C00001"]  # the first rows, in the table's order
    total = f"{MAX_ROWS_ON_SCREEN + 700:,}"
    assert any(total in c.value and f"{MAX_ROWS_ON_SCREEN:,}" in c.value for c in at.caption), [c.value for c in at.caption]
