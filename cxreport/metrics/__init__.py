"""Every metric of the report, by name: ``cxreport.metrics.nps(ws.surveys)``.

Each function takes a table (a Polars DataFrame or LazyFrame, or a DuckDB relation) whose
columns have the canonical names of `cxreport.fields` — what ``cxreport.load`` gives — or
your own names through a column mapping (``cols=SurveyColumns(nps_score="Q1")``), and
returns a tidy Polars DataFrame. Definitions and sources are in each function's docstring
and in docs/metrics.md. The functions live in the modules named in `SOURCES`
(``cxreport.metrics.surveys`` ...); they are imported on first use, so ``import cxreport``
stays fast (the CLV and survival models need scipy).

>>> import polars as pl
>>> from cxreport import metrics
>>> answers = pl.DataFrame({"nps_score": [10, 9, 9, 8, 7, 6, 3, 0, 10, 9]})
>>> metrics.nps(answers).select("n", "promoters", "detractors", "nps")
shape: (1, 4)
┌─────┬───────────┬────────────┬──────┐
│ n   ┆ promoters ┆ detractors ┆ nps  │
│ --- ┆ ---       ┆ ---        ┆ ---  │
│ i64 ┆ i64       ┆ i64        ┆ f64  │
╞═════╪═══════════╪════════════╪══════╡
│ 10  ┆ 5         ┆ 3          ┆ 20.0 │
└─────┴───────────┴────────────┴──────┘

Your own column names, through the mapping of the table's kind:

>>> own = pl.DataFrame({"Q1 satisfaction": [5, 4, 2, 5]})
>>> metrics.csat(own, metrics.SurveyColumns(csat_score="Q1 satisfaction"))["csat"].item()
0.75

Cohort retention on five orders: A (January) and C (February) buy again the month after
their first purchase, B does not; nobody of January buys in March.

>>> orders = pl.DataFrame({
...     "customer_id": ["A", "B", "A", "C", "C"],
...     "order_id": ["1", "2", "3", "4", "5"],
...     "order_date": pl.Series(["2025-01-05", "2025-01-20", "2025-02-10", "2025-02-02", "2025-03-01"]).str.to_datetime(),
...     "amount": [10.0, 40.0, 20.0, 60.0, 5.0],
... })
>>> metrics.cohort_retention(orders).select("cohort", "period", "customers", "retained", "rate")
shape: (5, 5)
┌────────────┬────────┬───────────┬──────────┬──────┐
│ cohort     ┆ period ┆ customers ┆ retained ┆ rate │
│ ---        ┆ ---    ┆ ---       ┆ ---      ┆ ---  │
│ date       ┆ i64    ┆ i64       ┆ i64      ┆ f64  │
╞════════════╪════════╪═══════════╪══════════╪══════╡
│ 2025-01-01 ┆ 0      ┆ 2         ┆ 2        ┆ 1.0  │
│ 2025-01-01 ┆ 1      ┆ 2         ┆ 1        ┆ 0.5  │
│ 2025-01-01 ┆ 2      ┆ 2         ┆ 0        ┆ 0.0  │
│ 2025-02-01 ┆ 0      ┆ 1         ┆ 1        ┆ 1.0  │
│ 2025-02-01 ┆ 1      ┆ 1         ┆ 1        ┆ 1.0  │
└────────────┴────────┴───────────┴──────────┴──────┘
"""

from __future__ import annotations

import importlib
from typing import Any

from cxreport.fields import OrderColumns, SubscriptionColumns, SurveyColumns, TicketColumns, UXColumns

# Public function -> the module that defines it (and documents its definition and source).
SOURCES: dict[str, str] = {
    **dict.fromkeys(("nps", "nps_by_period", "nps_by_segment", "nps_change", "csat", "csat_by_period", "ces",
                     "ces_by_period", "response_counts"), "surveys"),
    **dict.fromkeys(("cohort_retention", "retention_curves", "retention_at", "cohort_sizes", "active_by_period"),
                    "retention"),
    "prepare_orders": "_order_days",
    **dict.fromkeys(("churn_by_period", "customers_at_risk", "default_churn_window_days", "purchase_gaps"), "churn"),
    **dict.fromkeys(("historical_clv", "simple_clv", "predictive_clv", "clv_summary", "clv_by_group",
                     "model_parameters", "calibration_holdout"), "clv"),
    "rfm_summary": "rfm",
    "fit_bgnbd": "bgnbd",
    "fit_gamma_gamma": "gamma_gamma",
    **dict.fromkeys(("kaplan_meier", "survival_by", "median_lifetime", "customer_lifetimes",
                     "subscription_lifetimes"), "survival"),
    **dict.fromkeys(("mrr_movements", "subscription_churn"), "mrr"),
    **dict.fromkeys(("ticket_volume", "response_times", "handling_time", "backlog", "reopen_rate", "csat_by",
                     "service_vs_nps"), "service"),
    **dict.fromkeys(("task_success", "time_on_task", "error_rate", "sus_scores", "sus_summary"), "ux"),
    # ux_vs_cx.ux_vs_cx (the per-touchpoint table) keeps its module's name: `metrics.ux_vs_cx` is the module.
    **dict.fromkeys(("ux_vs_cx_by_period", "ux_cx_correlation"), "ux_vs_cx"),
    **dict.fromkeys(("comment_themes", "search_comments"), "themes"),
}

# The modules, for `cxreport.metrics.churn.SOMETHING` without importing each one first.
MODULES = frozenset({"surveys", "retention", "churn", "clv", "rfm", "bgnbd", "gamma_gamma", "survival", "mrr", "service",
                     "ux", "ux_vs_cx", "themes", "stats", "servqual", "drivers", "indicators", "journey"})

COLUMN_MAPPINGS = ("OrderColumns", "SubscriptionColumns", "SurveyColumns", "TicketColumns", "UXColumns")

__all__ = [*SOURCES, *COLUMN_MAPPINGS]


def __getattr__(name: str) -> Any:
    # Module-level __getattr__ (PEP 562) runs only for names not yet bound, so submodules
    # (`cxreport.metrics.churn`) still import the usual way; a function is bound on first use.
    if name in SOURCES:
        value = getattr(importlib.import_module(f"{__name__}.{SOURCES[name]}"), name)
        globals()[name] = value
        return value
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
