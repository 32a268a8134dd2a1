"""How a result column reads in a table: its label in the user's language and what it holds.

Metric tables keep snake_case names (stable for code, CSV and JSON); on screen a column
shows a translated label where the translation table has ``col.<name>``, else the name
in words ("first_response_hours_p90" -> "First response hours p90"), and shares show as
percentages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

import polars as pl

from cxreport.fmt import MISSING, fmt_date, fmt_money, fmt_number, fmt_percent, is_missing, period_label
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
    for key in (f"col.{name}", f"field.{name}"):
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


# Date columns naming a period (its start): shown as the period ("Jan 2025", "Q1 2025").
PERIOD_COLUMNS = frozenset({"period", "cohort", "churn_first_period", "churn_last_period"})

# Numbers read with more than one decimal: coefficients, p-values, scores on short scales.
_TWO_DECIMALS = frozenset({
    "pearson_r", "spearman_rho", "r2", "importance", "mean_score", "perception", "expectation", "errors_per_attempt",
    "risk_ratio", "value", "weight", "expected_purchases", "service_r2",
})
# Values a metric writes in English words, shown in the reader's language: the first of these
# translation-key prefixes that has the value.
_VALUE_PREFIXES: dict[str, tuple[str, ...]] = {
    "quadrant": ("quadrant.", "driver_quadrant."),
    "dimension": ("servqual.",),
    "stage": ("stage.",),
    "driver": ("driver.",),
    "nps_category": ("nps_category.",),
    "ux_measure": ("measure.",),
    "cx_measure": ("measure.",),
    "ux_basis": ("measure.",),
    "cx_basis": ("measure.",),
}


def _decimals(name: str) -> int:
    if name in _TWO_DECIMALS:
        return 2
    if name.endswith("_p") or name == "p":
        return 3
    return 1


def cell_formatter(name: str, dtype: object, lang: str = "en", *, currency: str | None = None,
                   period: str = "month", whole: bool = False, money: bool = False) -> Callable[[object], str]:
    """How one column's cells read on screen (the data and the CSV keep the values): money with
    its currency in the language's format, shares as percentages, period starts as periods,
    dates as dates, yes/no in words, numbers with the language's separators. Missing values
    are left to the caller (they read "–"). `whole`: a float column holding whole numbers only
    (counts read as floats) is shown without decimals. `money`: the column holds money whatever
    its name (MRR's ``churned`` is an amount, churn tables' ``churned`` a count).

    >>> cell_formatter("revenue", pl.Float64, "id", currency="IDR")(68179500.0)
    'Rp 68.179.500'
    >>> cell_formatter("cohort", pl.Date, "en", period="quarter")(dt.date(2025, 4, 1))
    'Q2 2025'
    >>> cell_formatter("nrr", pl.Float64, "id")(1.0345)
    '103,5%'
    """
    dtype = pl.DataType.from_python(dtype) if isinstance(dtype, type) and not issubclass(dtype, pl.DataType) else dtype
    if dtype == pl.Boolean:
        yes, no = t("word.yes", lang), t("word.no", lang)
        return lambda x: yes if x else no
    if dtype == pl.Date or isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
        if name in PERIOD_COLUMNS:
            return lambda d: period_label(d, period, lang)  # type: ignore[arg-type]
        if dtype == pl.Date:
            return lambda d: fmt_date(d, lang)  # type: ignore[arg-type]
        return lambda d: fmt_date(d, lang) + ("" if (d.hour, d.minute) == (0, 0) else f" {d:%H:%M}")  # type: ignore[union-attr]
    if dtype.is_numeric():  # type: ignore[union-attr]
        kind = "money" if money else column_kind(name)
        if kind == "share":
            return lambda x: fmt_percent(x, lang)  # type: ignore[arg-type]
        if kind == "money":
            return lambda x: fmt_money(x, currency, lang)  # type: ignore[arg-type]
        if dtype.is_integer():  # type: ignore[union-attr]
            return lambda x: fmt_number(x, lang)  # type: ignore[arg-type]
        decimals = 0 if whole else _decimals(name)
        return lambda x: fmt_number(x, lang, decimals)  # type: ignore[arg-type]
    prefixes = _VALUE_PREFIXES.get(name)
    if prefixes:
        def word(x: object) -> str:
            key = next((p + str(x) for p in prefixes if p + str(x) in TRANSLATIONS), None)
            return t(key, lang) if key else str(x)
        return word
    return str


# The columns a manager reads on screen, for tables whose page does not choose (every column
# stays in the CSV). Wide tables scroll sideways on a laptop; these fit at 1366 px.
SCREEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "servqual": ("dimension", "n", "perception", "ci_low", "ci_high", "expectation", "gap", "gap_ci_low", "gap_ci_high",
                 "weight"),
    "key_drivers": ("driver", "importance", "ci_low", "ci_high", "importance_share", "performance", "quadrant"),
}
# Columns whose label on screen says more than their name: the cohort table's
# `period` counts periods since the first purchase ("Months since first purchase", by the
# view's granularity), not a calendar period.
SCREEN_LABELS: dict[str, dict[str, str]] = {"cohort_retention": {"period": "{period}s_since_first"}}

# Free text (reasons, comments) gets a bounded width: the grid would widen it to its longest
# cell and push the other columns off screen; the cell shows the rest on hover.
# The quality checks' actions are narrower: beside check, count, share and detail they must
# fit a laptop's expander (1366 px, the sidebar open).
LONG_TEXT_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("reasons", "comment", "comments", "verbatim", "text", "reason", "raw"), "large"), "action": "medium"}

# Columns sized by their cells, not by a measured value: an interval bounds the nearest measure
# to its left that is not one of these.
_NOT_MEASURES = frozenset({"n", "sd", "std", "successes", "errors_total", "importance_share"})


def join_intervals(df: pl.DataFrame, formatter: Callable[[str, object], Callable[[object], str]]) -> pl.DataFrame:
    """Each `<prefix>ci_low`/`<prefix>ci_high` pair as one text column `<prefix>ci` ("62% – 74%"),
    in the place of the low bound, each bound written as the measure it bounds (a share's interval
    in percent, a score's with the score's decimals). `formatter(name, dtype)` writes a column's
    cells. A table on screen is one column narrower and never shows 0.62 next to 68%.

    >>> df = pl.DataFrame({"channel": ["chat"], "n": [40], "csat": [0.68], "ci_low": [0.52], "ci_high": [0.8]})
    >>> join_intervals(df, lambda name, dtype: cell_formatter(name, dtype, "id")).row(0)
    ('chat', 40, 0.68, '52,0% – 80,0%')
    """
    out = df
    for low in [c for c in df.columns if c.endswith("ci_low")]:
        prefix, high = low[: -len("ci_low")], low[: -len("low")] + "high"
        if high not in df.columns:
            continue
        left = df.columns[: df.columns.index(low)]
        measured = prefix.rstrip("_") if prefix.rstrip("_") in df.columns else next(
            (c for c in reversed(left) if df.schema[c].is_numeric() and c not in _NOT_MEASURES and not c.startswith("n_")),
            None)
        write = formatter(measured or low, df.schema[measured or low])

        def bound(x: object, write: Callable[[object], str] = write) -> str:
            return MISSING if is_missing(x) else write(x)

        joined = [MISSING if is_missing(a) and is_missing(b) else f"{bound(a)} – {bound(b)}"
                  for a, b in zip(df.get_column(low).to_list(), df.get_column(high).to_list(), strict=True)]
        name = f"{prefix}ci"
        out = out.with_columns(pl.Series(name, joined, dtype=pl.String))
        out = out.select([name if c == low else c for c in out.columns if c not in (name, high)])
    return out
