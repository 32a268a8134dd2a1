"""The CX-indicator scorecard: product quality, speed of service, information availability
and staff interaction, each from whatever the loaded exports allow.

One `Indicator` per area, saying its value, unit, source (the kinds of export it was
computed from) and n; an area the data cannot support says which export would give it
(``missing``) instead of vanishing. Definitions:

- **product quality** = (returned orders + tickets about the product) ÷ orders. An order
  is returned when one of its rows is a refund (`cxreport.metrics.rows`: a negative
  amount, a refund/return/retur/pengembalian status or flag, a refunded amount); orders
  are the distinct order ids (rows without one count as one order each) after test and
  cancelled orders and rows out of reach are left out. A ticket is about the product when
  its topic says so (`PRODUCT_TOPIC`: damaged, defect, wrong item, rusak, cacat, salah
  kirim …). Without ticket topics the value is the return rate alone.
- **speed of service** = share of tickets answered within the first-response target *and*
  solved within the resolution target (defaults `FIRST_RESPONSE_TARGET_HOURS` = 1 h,
  `RESOLUTION_TARGET_HOURS` = 24 h, calendar hours as `service.response_times` measures
  them), over tickets with both times; each share and median on its own beside it.
- **information availability** = share of tickets (with a topic) that are questions a
  page could answer (`INFORMATION_TOPIC`: how to, where is my order, order status,
  tracking, cara, di mana pesanan, status pesanan, lacak …); beside it the survey CES
  (mean of the 1–7 item), overall and for respondents with and without such a ticket in
  the 30 days before their answer. Without ticket topics the value is the CES.
- **staff interaction** = CSAT (top-2-box share, 4–5 of 5) of the rated tickets an agent
  handled; the spread between agents is the min, max and interquartile range (p75 − p25,
  linear interpolation) of agent CSAT over agents with at least `MIN_AGENT_N` ratings.

A ticket's topic is its ``topic`` field: a topic, category or type column, or the tags
(Zendesk "Tags" such as ``where_is_my_order vip``: underscores and hyphens read as spaces).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from cxreport.fields import OrderColumns, SurveyColumns, TicketColumns
from cxreport.metrics import rows
from cxreport.repeats import repeated_values
from cxreport.metrics._frames import as_lazy
from cxreport.metrics.service import TICKET_WINDOW_DAYS, ticket_hours
from cxreport.metrics.inputs import TableInput
from cxreport.metrics.surveys import CSAT_SATISFIED_MIN

INDICATORS: tuple[str, ...] = ("product_quality", "speed_of_service", "information_availability", "staff_interaction")
FIRST_RESPONSE_TARGET_HOURS = 1.0
RESOLUTION_TARGET_HOURS = 24.0
MIN_AGENT_N = 30

# Topics (lower case, "_" and "-" read as spaces), English and Indonesian.
INFORMATION_TOPIC = (r"how to|how do i|how can i|where is my order|where s my order|wismo|order status|track|"
                     r"\bcara\b|bagaimana|di ?mana pesanan|status pesanan|lacak|\bfaq\b|question|pertanyaan|\binfo")
PRODUCT_TOPIC = (r"damage|broken|defect|faulty|quality|wrong item|missing item|expired|stale|leak|"
                 r"rusak|cacat|kualitas|salah kirim|barang salah|kedaluwarsa|basi|pecah|bocor|produk tidak sesuai")

# The export that would give an indicator the data cannot support.
MISSING: dict[str, str] = {
    "product_quality": "an orders export (refunded or returned orders), or tickets with a topic",
    "speed_of_service": "a tickets export with created, first reply and solved times (or response and resolution durations)",
    "information_availability": "a tickets export with a topic, tag or type column, or a survey with the CES question",
    "staff_interaction": "a tickets export with the agent (assignee) and the customer's satisfaction rating",
    # product quality, when tickets have topics: none about the product, or some but no orders to count them per
    "product_quality_no_product_topic": "an orders export (refunded or returned orders); no ticket topic is about the product",
    "product_quality_orders": "an orders export (refunded or returned orders), to count the product tickets per order",
}


@dataclass(frozen=True)
class Indicator:
    """One card of the scorecard: `value` in `unit` ("rate" per order, "share" 0–1, "score"
    1–7), computed from `source` (kinds of export, comma-separated) on `n` (orders,
    tickets or ratings); `details` the figures behind it; or `missing`, the export that
    would give it."""

    key: str
    value: float | None = None
    unit: str | None = None
    source: str | None = None
    n: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    missing: str | None = None
    missing_code: str | None = None  # the `MISSING` key of `missing`: its text in another language

    def as_dict(self) -> dict[str, Any]:
        """{value, unit, source, n, **details}, or {missing, missing_code} (the report's JSON)."""
        if self.missing is not None:
            return {"missing": self.missing, "missing_code": self.missing_code or self.key}
        return {"value": self.value, "unit": self.unit, "source": self.source, "n": self.n, **self.details}


def _names(table: TableInput | None) -> list[str]:
    return [] if table is None else as_lazy(table).collect_schema().names()


def _has_values(table: TableInput | None, *columns: str) -> bool:
    names = _names(table)
    if table is None or any(c not in names for c in columns):
        return False
    return bool(as_lazy(table).select(pl.all_horizontal(pl.col(c).is_not_null().any() for c in columns)).collect().item())


def topic_text(column: str) -> pl.Expr:
    """A topic or tags cell as lower-case words: "Where_is_my_order" → "where is my order"."""
    return pl.col(column).cast(pl.String).str.to_lowercase().str.replace_all(r"[_\-/]+", " ")


def topic_kind(column: str) -> pl.Expr:
    """"information", "product" or "other" for a ticket's topic (null when it has none).
    A question comes first: "how to use the grinder" is information, not a product fault.

    >>> t = pl.DataFrame({"topic": ["where_is_my_order", "Barang rusak", "Cara bayar", "billing", None]})
    >>> t.select(topic_kind("topic")).to_series().to_list()
    ['information', 'product', 'information', 'other', None]
    """
    text = topic_text(column)
    return (pl.when(pl.col(column).is_null()).then(pl.lit(None, pl.String))
            .when(text.str.contains(INFORMATION_TOPIC)).then(pl.lit("information"))
            .when(text.str.contains(PRODUCT_TOPIC)).then(pl.lit("product"))
            .otherwise(pl.lit("other")).alias("topic_kind"))


def _topic_counts(tickets: TableInput, cols: TicketColumns) -> dict[str, int]:
    counts = (as_lazy(tickets).select(topic_kind(cols.topic)).drop_nulls()
              .group_by("topic_kind").agg(pl.len().cast(pl.Int64).alias("n")).collect())
    return {r["topic_kind"]: r["n"] for r in counts.to_dicts()}


def _top_topics(tickets: TableInput, cols: TicketColumns, kind: str, limit: int = 3) -> list[dict[str, Any]]:
    found = (as_lazy(tickets).filter(topic_kind(cols.topic) == kind)
             .group_by(topic_text(cols.topic).str.strip_chars().alias("topic")).agg(pl.len().cast(pl.Int64).alias("tickets"))
             .sort(["tickets", "topic"], descending=[True, False]).head(limit).collect())
    return found.to_dicts()


# --- product quality ------------------------------------------------------------------------


def order_returns(orders: TableInput, cols: OrderColumns = OrderColumns()) -> dict[str, int]:
    """Orders, and of them returned (refunded in full or in part): {"orders", "returned"}.

    >>> o = pl.DataFrame({"order_id": ["1", "1", "2", "3", "4"], "amount": [50.0, -50.0, 20.0, 30.0, 10.0],
    ...                   "status": ["paid", "refunded", "Pengembalian", "paid", "cancelled"]})
    >>> order_returns(o)
    {'orders': 3, 'returned': 2}
    """
    lazy = as_lazy(orders)
    names = lazy.collect_schema().names()
    kept = lazy.filter(~rows.is_test(names) & ~rows.is_cancelled(names))
    if cols.order_date in names:
        kept = rows.within_reach(kept.with_columns(pl.col(cols.order_date).cast(pl.Date).alias("_day")), "_day")
    returned = (pl.col(cols.amount).cast(pl.Float64) < 0).fill_null(False) | rows.is_full_refund(names)
    if "status" in names:  # partly refunded or returned orders count too
        returned = returned | pl.col("status").cast(pl.String).str.contains(rows.REFUND_STATUS).fill_null(False)
    if "refunded_amount" in names:
        returned = returned | (pl.col("refunded_amount").cast(pl.Float64).fill_null(0).abs() > 0)
    rows_kept = kept.select(returned.alias("_returned"),
                            *([pl.col(cols.order_id).cast(pl.String).alias("_order")] if cols.order_id in names else []))
    rows_kept = rows_kept.collect()
    ids = rows_kept.get_column("_order").drop_nulls() if cols.order_id in names else None
    if ids is not None and repeated_values(ids):  # line items: an order is its rows together
        rows_kept = rows_kept.with_row_index("_i").group_by(
            pl.coalesce("_order", pl.col("_i").cast(pl.String))).agg(pl.col("_returned").any())
    # else every row is an order of its own (most exports): nothing to group
    return {"orders": rows_kept.height, "returned": int(rows_kept.get_column("_returned").sum())}


def product_quality(orders: TableInput | None = None, tickets: TableInput | None = None, *,
                    order_cols: OrderColumns = OrderColumns(), ticket_cols: TicketColumns = TicketColumns()) -> Indicator:
    """(Returned orders + product tickets) ÷ orders; see the module docstring.

    >>> o = pl.DataFrame({"order_id": ["1", "2", "3", "4"], "amount": [50.0, 20.0, 30.0, 10.0],
    ...                   "status": ["paid", "refunded", "paid", "paid"]})
    >>> t = pl.DataFrame({"topic": ["damaged item", "how to brew"]})
    >>> product_quality(o, t).as_dict()["value"]
    0.5
    """
    key = "product_quality"
    counts = None if orders is None or cols_missing(orders, [order_cols.amount]) else order_returns(orders, order_cols)
    if counts is None or not counts["orders"]:
        code = key
        if _has_values(tickets, ticket_cols.topic):  # say what the tickets' topics already tell
            code = "product_quality_orders" if _topic_counts(tickets, ticket_cols).get("product") else \
                "product_quality_no_product_topic"
        return Indicator(key, missing=MISSING[code], missing_code=code)
    details: dict[str, Any] = {"orders": counts["orders"], "returned_orders": counts["returned"],
                               "return_rate": counts["returned"] / counts["orders"]}
    source, complaints = "orders", 0
    if _has_values(tickets, ticket_cols.topic):
        complaints = _topic_counts(tickets, ticket_cols).get("product", 0)
        details.update(product_tickets=complaints, complaint_rate=complaints / counts["orders"],
                       product_topics=_top_topics(tickets, ticket_cols, "product"))
        source = "orders, tickets"
    return Indicator(key, (counts["returned"] + complaints) / counts["orders"], "rate", source, counts["orders"], details)


def cols_missing(table: TableInput, columns: list[str]) -> bool:
    names = _names(table)
    return any(c not in names for c in columns)


# --- speed of service -----------------------------------------------------------------------


def speed_of_service(tickets: TableInput | None = None, *, cols: TicketColumns = TicketColumns(),
                     first_response_target_hours: float = FIRST_RESPONSE_TARGET_HOURS,
                     resolution_target_hours: float = RESOLUTION_TARGET_HOURS) -> Indicator:
    """Share of tickets within both the first-response and the resolution target.

    >>> import datetime as dt
    >>> day = dt.datetime(2025, 1, 1)
    >>> t = pl.DataFrame({"created_at": [day] * 3,
    ...                   "first_reply_at": [day + dt.timedelta(minutes=m) for m in (30, 30, 120)],
    ...                   "solved_at": [day + dt.timedelta(hours=h) for h in (5, 30, 6)]})
    >>> s = speed_of_service(t).as_dict()
    >>> s["value"], s["first_response_within_target"], s["resolution_within_target"]
    (0.3333333333333333, 0.6666666666666666, 0.6666666666666666)
    """
    key = "speed_of_service"
    time_fields = (cols.first_reply_at, cols.solved_at, cols.first_response_minutes, cols.resolution_minutes)
    if tickets is None or cols_missing(tickets, [cols.created_at]) or not any(_has_values(tickets, c) for c in time_fields):
        return Indicator(key, missing=MISSING[key])
    names = _names(tickets)
    present = as_lazy(tickets).with_columns(pl.lit(None, pl.Datetime("us")).alias(c)
                                            for c in (cols.first_reply_at, cols.solved_at) if c not in names)
    hours = ticket_hours(present, cols)
    first, solve = pl.col("first_response_hours"), pl.col("resolution_hours")
    both = first.is_not_null() & solve.is_not_null()
    out = hours.select(
        first.is_not_null().sum().cast(pl.Int64).alias("n_first_response"),
        (first <= first_response_target_hours).mean().alias("first_response_within_target"),
        first.median().alias("first_response_hours_median"),
        solve.is_not_null().sum().cast(pl.Int64).alias("n_resolution"),
        (solve <= resolution_target_hours).mean().alias("resolution_within_target"),
        solve.median().alias("resolution_hours_median"),
        both.sum().cast(pl.Int64).alias("n"),
        ((first <= first_response_target_hours) & (solve <= resolution_target_hours)).filter(both).mean().alias("value"),
    ).collect().row(0, named=True)
    if not out["n_first_response"] and not out["n_resolution"]:
        return Indicator(key, missing=MISSING[key])
    details = {k: out[k] for k in ("first_response_within_target", "first_response_hours_median", "n_first_response",
                                   "resolution_within_target", "resolution_hours_median", "n_resolution")}
    details.update(first_response_target_hours=first_response_target_hours, resolution_target_hours=resolution_target_hours)
    return Indicator(key, out["value"], "share", "tickets", out["n"], details)


# --- information availability ---------------------------------------------------------------


def ces_by_information_ticket(tickets: TableInput, responses: TableInput, *, ticket_cols: TicketColumns = TicketColumns(),
                              survey_cols: SurveyColumns = SurveyColumns(),
                              window_days: int = TICKET_WINDOW_DAYS) -> pl.DataFrame:
    """Mean CES (1–7) of respondents with an information-question ticket (`topic_kind`) in
    the `window_days` before their answer, and of the others.

    Returns information_ticket (Boolean), n, mean_ces; False first.
    """
    answers = (as_lazy(responses).select(pl.col(survey_cols.customer_id).cast(pl.String).alias("_customer"),
                                         pl.col(survey_cols.response_date).alias("_answered"),
                                         pl.col(survey_cols.ces_score).cast(pl.Float64).alias("_ces"))
               .filter(pl.col("_ces").is_between(1, 7)).with_row_index("_response"))
    asked = (as_lazy(tickets).filter(topic_kind(ticket_cols.topic) == "information")
             .select(pl.col(ticket_cols.customer_id).cast(pl.String).alias("_customer"),
                     pl.col(ticket_cols.created_at).alias("_created")).drop_nulls())
    window = pl.duration(days=window_days)
    flagged = (answers.join(asked, on="_customer", how="inner")
               .filter((pl.col("_created") <= pl.col("_answered")) & (pl.col("_created") >= pl.col("_answered") - window))
               .select("_response").unique().with_columns(pl.lit(True).alias("information_ticket")))
    return (answers.join(flagged, on="_response", how="left")
            .with_columns(pl.col("information_ticket").fill_null(False))
            .group_by("information_ticket").agg(pl.len().cast(pl.Int64).alias("n"), pl.col("_ces").mean().alias("mean_ces"))
            .sort("information_ticket").collect())


def information_availability(tickets: TableInput | None = None, responses: TableInput | None = None, *,
                             ticket_cols: TicketColumns = TicketColumns(),
                             survey_cols: SurveyColumns = SurveyColumns()) -> Indicator:
    """Share of tickets a page could have answered, with the CES beside it.

    >>> t = pl.DataFrame({"topic": ["where_is_my_order", "cara retur", "damaged", "billing"]})
    >>> information_availability(t).as_dict()["value"]
    0.5
    """
    key = "information_availability"
    has_topics = _has_values(tickets, ticket_cols.topic)
    has_ces = _has_values(responses, survey_cols.ces_score)
    if not has_topics and not has_ces:
        return Indicator(key, missing=MISSING[key])
    details: dict[str, Any] = {}
    if has_ces:
        ces = as_lazy(responses).select(pl.col(survey_cols.ces_score).cast(pl.Float64)).filter(
            pl.col(survey_cols.ces_score).is_between(1, 7))
        row = ces.select(pl.len().cast(pl.Int64).alias("n"), pl.col(survey_cols.ces_score).mean().alias("ces")).collect()
        details.update(ces=row["ces"].item(), ces_n=row["n"].item())
    if not has_topics:
        return Indicator(key, details["ces"], "score", "surveys", details["ces_n"], details)
    counts = _topic_counts(tickets, ticket_cols)
    n = sum(counts.values())
    details.update(information_tickets=counts.get("information", 0),
                   information_topics=_top_topics(tickets, ticket_cols, "information"))
    linkable = has_ces and not cols_missing(tickets, [ticket_cols.customer_id, ticket_cols.created_at]) \
        and not cols_missing(responses, [survey_cols.customer_id, survey_cols.response_date])
    if linkable:
        split = {r["information_ticket"]: r for r in ces_by_information_ticket(
            tickets, responses, ticket_cols=ticket_cols, survey_cols=survey_cols).to_dicts()}
        for flag, name in ((True, "with"), (False, "without")):
            details[f"ces_{name}_information_ticket"] = split.get(flag, {}).get("mean_ces")
            details[f"n_{name}_information_ticket"] = split.get(flag, {}).get("n", 0)
    source = "tickets, surveys" if has_ces else "tickets"
    return Indicator(key, counts.get("information", 0) / n if n else None, "share", source, n, details)


# --- staff interaction ----------------------------------------------------------------------


def agent_csat(tickets: TableInput, cols: TicketColumns = TicketColumns()) -> pl.DataFrame:
    """Ticket CSAT (share of 4–5 of 5) per agent: agent, n, csat; most rated first."""
    return (as_lazy(tickets).select(pl.col(cols.agent).cast(pl.String).alias("agent"),
                                    pl.col(cols.csat_score).cast(pl.Float64).alias("_score"))
            .filter(pl.col("agent").is_not_null() & pl.col("_score").is_between(1, 5))
            .group_by("agent").agg(pl.len().cast(pl.Int64).alias("n"),
                                   (pl.col("_score") >= CSAT_SATISFIED_MIN).mean().alias("csat"))
            .sort(["n", "agent"], descending=[True, False]).collect())


def staff_interaction(tickets: TableInput | None = None, *, cols: TicketColumns = TicketColumns(),
                      min_agent_n: int = MIN_AGENT_N) -> Indicator:
    """CSAT of agent-handled tickets, and the spread of agent CSAT (agents with ≥ `min_agent_n` ratings).

    >>> t = pl.DataFrame({"agent": ["A"] * 4 + ["B"] * 4, "csat_score": [5, 5, 4, 2, 5, 1, 2, 3]})
    >>> s = staff_interaction(t, min_agent_n=4).as_dict()
    >>> s["value"], s["agent_csat_min"], s["agent_csat_max"], s["agents"]
    (0.5, 0.25, 0.75, 2)
    """
    key = "staff_interaction"
    if tickets is None or not _has_values(tickets, cols.agent, cols.csat_score):
        return Indicator(key, missing=MISSING[key])
    agents = agent_csat(tickets, cols)
    n = int(agents.get_column("n").sum())
    if not n:
        return Indicator(key, missing=MISSING[key])
    value = float((agents.get_column("csat") * agents.get_column("n")).sum() / n)
    counted = agents.filter(pl.col("n") >= min_agent_n).get_column("csat")
    spread = {"agents": counted.len(), "min_agent_n": min_agent_n,
              "agent_csat_min": counted.min() if counted.len() else None,
              "agent_csat_max": counted.max() if counted.len() else None,
              "agent_csat_iqr": (counted.quantile(0.75, "linear") - counted.quantile(0.25, "linear"))
              if counted.len() else None}
    return Indicator(key, value, "share", "tickets", n, spread)


# --- the scorecard ---------------------------------------------------------------------------


def cx_indicators(*, orders: TableInput | None = None, tickets: TableInput | None = None,
                  surveys: TableInput | None = None, order_cols: OrderColumns = OrderColumns(),
                  ticket_cols: TicketColumns = TicketColumns(), survey_cols: SurveyColumns = SurveyColumns(),
                  first_response_target_hours: float = FIRST_RESPONSE_TARGET_HOURS,
                  resolution_target_hours: float = RESOLUTION_TARGET_HOURS,
                  min_agent_n: int = MIN_AGENT_N) -> dict[str, Indicator]:
    """The four indicators (`INDICATORS` order) from whichever tables are given.

    >>> cards = cx_indicators(tickets=pl.DataFrame({"topic": ["how to pay", "broken"]}))
    >>> {k: c.as_dict() for k, c in cards.items()}["staff_interaction"]["missing"][:20]
    'a tickets export wit'
    """
    return {
        "product_quality": product_quality(orders, tickets, order_cols=order_cols, ticket_cols=ticket_cols),
        "speed_of_service": speed_of_service(tickets, cols=ticket_cols,
                                             first_response_target_hours=first_response_target_hours,
                                             resolution_target_hours=resolution_target_hours),
        "information_availability": information_availability(tickets, surveys, ticket_cols=ticket_cols,
                                                             survey_cols=survey_cols),
        "staff_interaction": staff_interaction(tickets, cols=ticket_cols, min_agent_n=min_agent_n),
    }


def scorecard_table(indicators: Mapping[str, Indicator]) -> pl.DataFrame:
    """The scorecard as rows: indicator, value, unit, source, n, missing."""
    return pl.DataFrame([{"indicator": k, "value": i.value, "unit": i.unit, "source": i.source, "n": i.n,
                          "missing": i.missing} for k, i in indicators.items()],
                        schema={"indicator": pl.String, "value": pl.Float64, "unit": pl.String, "source": pl.String,
                                "n": pl.Int64, "missing": pl.String})
