"""A headline as shown on a card: its value, change and margin in the reader's language and
format, and the report's layers of cards (CX, surveys, service, UX)."""


from __future__ import annotations

from dataclasses import dataclass


from cxreport.fmt import fmt_duration_hours, fmt_money_compact, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.i18n import t
from cxreport.periods import Period

from cxreport.headlines.numbers import Headline, Unit


LAYERS: dict[str, tuple[str, ...]] = {
    "cx": ("customers", "revenue", "retention_m1", "retention_m3", "retention_m6", "churn_rate", "clv"),
    "surveys": ("nps", "csat", "ces"),
    "service": ("first_response", "resolution"),
    "ux": ("task_success", "sus"),
}


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    delta: str | None
    help: str
    higher_is_better: bool
    period: str = ""  # on the card: "Oct 2026", or "Oct 2026 (so far)"
    note: str = ""  # on the card, in small type: n and the 95% interval, where the headline has them


def _format_value(value: float | None, unit: Unit, lang: str, currency: str | None) -> str:
    if value is None:
        return "–"
    if unit == "money":
        return fmt_money_compact(value, currency, lang)
    if unit == "share":
        return fmt_percent(value, lang, 1)
    if unit == "hours":
        return fmt_duration_hours(value, lang)
    if unit == "points":
        return fmt_number(value, lang, 0)
    if unit == "score":
        return fmt_number(value, lang, 1)
    return fmt_number(value, lang, 0)


def _format_delta(h: Headline, lang: str, currency: str | None) -> str | None:
    change = h.change
    if change is None:
        return None
    if h.unit == "share":  # a change of shares reads in percentage points
        text = fmt_signed(change * 100, lang, 1) + (" pp" if lang == "en" else " poin")
    elif h.unit == "money":
        text = ("+" if change >= 0 else "−") + fmt_money_compact(abs(change), currency, lang)
    elif h.unit == "hours":
        text = ("+" if change >= 0 else "−") + fmt_duration_hours(abs(change), lang)
    else:
        text = fmt_signed(change, lang, 0 if h.unit in ("points", "count") else 1)
    # Streamlit picks the arrow from a leading ASCII "-": the typographic minus would read as a rise.
    return text.replace("−", "-")


def _format_margin(moe: float, unit: Unit, lang: str) -> str:
    """± a change's margin in the change's own units (percentage points for shares)."""
    if unit == "share":
        return "±" + fmt_number(moe * 100, lang, 1) + (" pp" if lang == "en" else " poin")
    return "±" + fmt_number(moe, lang, 0 if unit == "points" else 2)


def card(h: Headline, *, lang: str = "en", currency: str | None = None, period: Period = "month") -> Card:
    """A headline as text for a metric card: label, value, signed change and a help line."""
    help_parts = []
    if h.period is not None:
        help_parts.append(t("overview.help_period_partial" if h.partial else "overview.help_period", lang,
                            period=period_label(h.period, period, lang)))
    if h.n is not None:
        help_parts.append(t("overview.help_n", lang, n=fmt_number(h.n, lang)))
    if h.interval_degenerate:
        help_parts.append(t("overview.help_ci_degenerate", lang, n=fmt_number(h.n or 0, lang)))
    elif h.ci_low is not None and h.ci_high is not None:
        help_parts.append(t("overview.help_ci", lang, low=_format_value(h.ci_low, h.unit, lang, currency),
                            high=_format_value(h.ci_high, h.unit, lang, currency)))
    if h.significant is not None and h.change is not None and h.change_moe is not None:
        # The margin shown next to a change is the change's own: the one its test compares with.
        help_parts.append(t("overview.help_change_moe", lang, moe=_format_margin(h.change_moe, h.unit, lang),
                            verdict=t("overview.significant" if h.significant else "overview.not_significant", lang)))
    if h.key == "churn_rate" and h.detail:
        help_parts.append(t("overview.help_window", lang, days=h.detail))
    if h.key == "sus" and h.detail:
        help_parts.append(t("overview.help_grade", lang, grade=h.detail))
    on_card = ""
    if h.period is not None:
        name = period_label(h.period, period, lang)
        on_card = t("overview.card_period_partial", lang, period=name) if h.partial else name
    elif h.span is not None:
        start, end = (period_label(d, "month", lang) for d in h.span)
        on_card = start if start == end else t("overview.card_span", lang, start=start, end=end)
    note = []
    if h.n is not None:
        note.append(t("overview.help_n", lang, n=fmt_number(h.n, lang)))
    if h.ci_low is not None and h.ci_high is not None and not h.interval_degenerate:
        note.append(t("overview.card_ci", lang, low=_format_value(h.ci_low, h.unit, lang, currency),
                      high=_format_value(h.ci_high, h.unit, lang, currency)))
    return Card(h.key, t(f"headline.{h.key}", lang), _format_value(h.value, h.unit, lang, currency),
                _format_delta(h, lang, currency), " · ".join(help_parts), h.higher_is_better, on_card, " · ".join(note))
