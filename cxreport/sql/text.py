"""A query's result as text: a plain table, CSV, or one JSON document (what `cxreport query` prints)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from cxreport.sql import SqlResult


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value).replace("\n", " ")


def as_table(frame: pl.DataFrame) -> str:
    """Columns aligned under their names, numbers to the right; empty for null.

    >>> print(as_table(pl.DataFrame({"channel": ["Email", "Social Ads"], "orders": [3, 12], "share": [0.2, None]})), end="")
    channel     orders  share
    ----------  ------  -----
    Email            3    0.2
    Social Ads      12
    """
    names = frame.columns
    columns = [[_cell(v) for v in frame.get_column(c).to_list()] for c in names]
    widths = [max([len(n), *map(len, cells)]) for n, cells in zip(names, columns)]
    right = [frame.schema[c].is_numeric() for c in names]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip() + "\n"

    rows = [line(names), line(["-" * w for w in widths])]
    rows.extend(line([col[i] for col in columns]) for i in range(frame.height))
    return "".join(rows)


def as_csv(result: SqlResult) -> str:
    return result.frame.write_csv()


def as_json(result: SqlResult) -> str:
    """``{"columns": [{"name", "type"}], "rows": [{column: value}], "truncated", "max_rows"}`` (docs/cli.md)."""
    document = {
        "columns": [{"name": name, "type": str(dtype)} for name, dtype in result.frame.schema.items()],
        "rows": json.loads(result.frame.write_json()),
        "truncated": result.truncated,
        "max_rows": result.limits.max_rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
