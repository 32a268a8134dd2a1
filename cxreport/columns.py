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

ColumnKind = Literal["share", "money", "number", "text"]

# Columns holding a share or ratio (0–1, or around 1 for NRR/revenue retention).
_SHARES = frozenset({
    "rate", "csat", "share", "agree_share", "detractor_share", "share_with_error", "p_alive", "mean_p_alive",
    "ux_task_success", "cx_csat", "ticket_share", "nrr", "grr", "revenue_rate",
})


# Columns holding an amount of money, in the data's currency.
_MONEY = frozenset({
    "amount", "revenue", "revenue_start", "revenue_churned", "clv", "mean_clv", "total_clv", "arpu", "mrr", "mrr_start",
    "mrr_end", "new", "expansion", "contraction", "churned_mrr", "reactivated_mrr", "monetary_value", "expected_spend",
    "cumulative_revenue", "cumulative_revenue_per_customer", "refunded_amount", "cost", "revenue_per_customer",
})


def column_label(name: str, lang: str = "en") -> str:
    key = f"col.{name}"
    if key in TRANSLATIONS:
        return t(key, lang)
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def column_kind(name: str) -> ColumnKind:
    """share, money or number: how a numeric result column is shown."""
    if name in _SHARES or name.endswith(("_rate", "_share")):
        return "share"
    if name in _MONEY or name.endswith(("_revenue", "_clv", "_mrr")):
        return "money"
    return "number"
