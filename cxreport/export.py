"""Charts as PNG/SVG files and tables as CSV files people can open safely in Excel.

Charts are rendered without a browser by vl-convert (the Vega engine in Rust/Deno). A
chart sized ``width="container"`` has no container here, so exports use a fixed width.

CSV cells are neutralised against formula injection (OWASP, "CSV Injection"): a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed is
prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it
(``=HYPERLINK(...)`` can leak data when clicked). So is a cell whose first visible
character is one of those after any whitespace or zero-width characters (spreadsheets
trim ``" =1+1"``), or their full-width and small forms (``＝ ＋ － ＠``, ``﹦ ﹢ ﹣ ﹫``),
which some spreadsheets, on East Asian locales, read as the ASCII signs. Numeric columns are written as numbers, untouched (−3.5 stays
−3.5); a text cell that is just a plain number (``-3.5``) cannot run anything and is also
left as it is. The file is UTF-8 with a byte-order mark: without it Excel on Windows reads
UTF-8 as the local code page and mangles names like "Pelanggan Setia — Jakarta".
"""

from __future__ import annotations

import copy
from typing import Any, Final

import altair as alt
import polars as pl
import vl_convert as vlc

EXPORT_WIDTH: Final = 900  # px, for charts drawn at container width on screen
_FORMULA_SIGNS: Final = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
# Leading whitespace (Unicode-aware \s: tabs, CR, LF, no-break and ideographic spaces)
# and zero-width characters, then a sign; or a leading tab/CR/LF on its own.
_FORMULA_START: Final = rf"^[\s\u200b-\u200d\u2060\ufeff]*[{_FORMULA_SIGNS}]|^[\t\r\n]"
_PLAIN_NUMBER: Final = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = EXPORT_WIDTH
    if spec.get("height") == "container":
        spec["height"] = round(EXPORT_WIDTH * 0.5)
    return spec


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = 2) -> bytes:
    """The chart as a PNG image; `scale` 2 gives sharp slides and retina screens."""
    return vlc.vegalite_to_png(vl_spec=_spec(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """The chart as an SVG document (text)."""
    return vlc.vegalite_to_svg(vl_spec=_spec(chart))


def _neutralise(text: pl.Expr) -> pl.Expr:
    risky = text.str.contains(_FORMULA_START) & ~text.str.contains(_PLAIN_NUMBER)
    return pl.when(risky).then(pl.lit("'") + text).otherwise(text)


def neutralise_formulas(df: pl.DataFrame) -> pl.DataFrame:
    """Text and categorical columns with formula-like cells prefixed by an apostrophe;
    column names too (they become the header row)."""
    text_columns = [name for name, dtype in df.schema.items()
                    if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))]
    frame = df.with_columns(_neutralise(pl.col(name).cast(pl.String)).alias(name) for name in text_columns)
    names = pl.Series(frame.columns, dtype=pl.String)
    safe_names = pl.select(_neutralise(pl.lit(names))).to_series().to_list()
    return frame.rename(dict(zip(frame.columns, safe_names, strict=True)))


def table_csv(df: pl.DataFrame | pl.LazyFrame) -> bytes:
    """The table as UTF-8 CSV (with BOM), formula cells neutralised, numbers as numbers."""
    frame = df.collect() if isinstance(df, pl.LazyFrame) else df
    return neutralise_formulas(frame).write_csv(include_bom=True).encode("utf-8")
