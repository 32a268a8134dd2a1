"""The CX-indicator cards of the CX model page: value, source and n, or the export it misses."""

from __future__ import annotations

import streamlit as st

from cxreport.fmt import fmt_number, fmt_percent
from cxreport.metrics.indicators import Indicator
from cxreport.ui import view


def _value(card: Indicator, lang: str) -> str:
    if card.unit == "score":
        return fmt_number(card.value, lang, 2)
    return fmt_percent(card.value, lang, 1)


def _detail(card: Indicator, lang: str) -> str | None:
    d, pct = card.details, lambda x: fmt_percent(x, lang, 0)  # noqa: E731
    if card.key == "product_quality":
        return view.tr("indicator.detail.product_quality", returned=fmt_number(d["returned_orders"], lang),
                       orders=fmt_number(d["orders"], lang), complaints=fmt_number(d.get("product_tickets"), lang))
    if card.key == "speed_of_service":
        return view.tr("indicator.detail.speed_of_service", first_target=fmt_number(d["first_response_target_hours"], lang, 0),
                       first_share=pct(d["first_response_within_target"]),
                       first_median=fmt_number(d["first_response_hours_median"], lang, 1),
                       solve_target=fmt_number(d["resolution_target_hours"], lang, 0),
                       solve_share=pct(d["resolution_within_target"]),
                       solve_median=fmt_number(d["resolution_hours_median"], lang, 1))
    if card.key == "information_availability" and "ces_with_information_ticket" in d:
        return view.tr("indicator.detail.information_availability", ces=fmt_number(d["ces"], lang, 2),
                       ces_with=fmt_number(d["ces_with_information_ticket"], lang, 2),
                       ces_without=fmt_number(d["ces_without_information_ticket"], lang, 2))
    if card.key == "staff_interaction" and d.get("agents"):
        return view.tr("indicator.detail.staff_interaction", low=pct(d["agent_csat_min"]), high=pct(d["agent_csat_max"]),
                       iqr=fmt_number(100 * d["agent_csat_iqr"], lang, 1), agents=d["agents"], min_n=d["min_agent_n"])
    return None


def indicator_card(card: Indicator) -> None:
    """One scorecard card: st.metric with its source and n, and the figures behind it; or
    which export would give it."""
    lang = view.current().lang
    label_key = "indicator.information_availability_ces" if card.unit == "score" else f"indicator.{card.key}"
    # The card names the area; what is measured goes under it, where it can wrap: four cards
    # side by side cut a longer label ("Kualitas produk: keluhan da…") on a laptop.
    area = view.tr(f"indicator.area.{card.key}")
    if card.missing is not None:
        st.metric(area, "–", border=True)
        st.caption(view.tr(label_key))
        st.caption(view.tr("indicator.missing", export=view.tr(f"indicator.missing.{card.missing_code or card.key}")))
        return
    st.metric(area, _value(card, lang), border=True)
    st.caption(view.tr(label_key))
    sources = ", ".join(view.tr(f"kind.{k.strip()}") for k in (card.source or "").split(","))
    st.caption(view.tr("indicator.source", source=sources, n=fmt_number(card.n, lang)))
    if (detail := _detail(card, lang)) is not None:
        st.caption(detail)
