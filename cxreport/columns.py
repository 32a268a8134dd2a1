"""How a result column reads in a table: its label in the user's language and what it holds.

Metric tables keep snake_case names (stable for code, CSV and JSON); on screen a column
shows a translated label where the translation table has ``col.<name>``, else the name
in words ("first_response_hours_p90" -> "First response hours p90"), and shares show as
percentages.
"""

from __future__ import annotations

from typing import Literal

from cxreport.i18n import t
from cxreport.translations import TRANSLATIONS

ColumnKind = Literal["share", "number", "text"]

# Columns holding a share or ratio (0–1, or around 1 for NRR/revenue retention).
_SHARES = frozenset({
    "rate", "csat", "share", "agree_share", "detractor_share", "share_with_error", "p_alive", "mean_p_alive",
    "ux_task_success", "cx_csat", "ticket_share", "nrr", "grr", "revenue_rate",
})


def column_label(name: str, lang: str = "en") -> str:
    key = f"col.{name}"
    if key in TRANSLATIONS:
        return t(key, lang)
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def column_kind(name: str) -> ColumnKind:
    if name in _SHARES or name.endswith(("_rate", "_share")):
        return "share"
    return "number"
