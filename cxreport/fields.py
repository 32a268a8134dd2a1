"""The semantic fields of each kind of export, and the typed column mappings metrics take.

After ingestion (`cxreport.io`) every dataset is a *canonical* table: its columns are
renamed to the field names below and typed as listed, so metric functions can rely on
names and dtypes. Metric functions still take a typed column mapping (``OrderColumns``
and friends) whose defaults are the canonical names, so they also run on any table whose
columns are named otherwise (a notebook, a warehouse view).

Canonical dtypes:
- ids, text and dimensions: ``pl.String``
- timestamps: ``pl.Datetime("us")`` naive, in the data's local time (offsets like +0700
  are applied then dropped, so a day is the day the customer saw)
- money and numbers: ``pl.Float64``; counts: ``pl.Int64``; flags: ``pl.Boolean``
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ORDERS = "orders"
    SUBSCRIPTIONS = "subscriptions"
    SURVEYS = "surveys"
    TICKETS = "tickets"
    UX = "ux"
    OTHER = "other"


# Low-cardinality columns that become sidebar filters and "by" options on every page.
DIMENSIONS: tuple[str, ...] = ("segment", "channel", "region", "plan", "product", "touchpoint")

# Dimensions that mean something else in one kind and so are not filtered there: a ticket's
# `channel` is how the customer contacted support (email, chat), not the acquisition or
# sales channel the sidebar filter means (Social Ads, Email marketing).
LOCAL_DIMENSIONS: dict[Kind, frozenset[str]] = {Kind.TICKETS: frozenset({"channel"})}

# field -> canonical dtype name ("str", "datetime", "float", "int", "bool")
FIELD_TYPES: dict[Kind, dict[str, str]] = {
    Kind.ORDERS: {
        "customer_id": "str",
        "order_id": "str",
        "order_date": "datetime",
        "amount": "float",  # revenue of the row (line or order), in the data's currency
        "quantity": "float",
        "status": "str",  # raw status text, e.g. "completed", "Dibatalkan", "refunded"
        # What makes a row a test, a cancellation or a refund is decided by the metrics
        # (cxreport.metrics.rows) from these fields, whichever the export has.
        "is_refund": "bool",
        "is_cancelled": "bool",  # a "Cancelled at" timestamp maps here: cancelled when not empty
        "is_test": "bool",
        "tags": "str",  # comma-separated tags (Shopify "Tags"): a tag "test" marks a test order
        "note": "str",  # order note: a note that is just "test" marks a test order
        "payment_gateway": "str",  # "Bogus Gateway" / "test" gateways mark test orders
        "refunded_amount": "float",  # netted off the row's amount
        "currency": "str",  # ISO code per row (Shopify "Currency")
        "cost": "float",  # optional cost of goods, for margin
        "segment": "str",
        "channel": "str",  # acquisition/sales channel
        "region": "str",
        "product": "str",
        "touchpoint": "str",
    },
    Kind.SUBSCRIPTIONS: {
        "customer_id": "str",
        "subscription_id": "str",
        "plan": "str",
        "mrr": "float",  # monthly recurring revenue while active
        "currency": "str",
        "start_date": "datetime",
        "cancel_date": "datetime",  # null while still active
        "status": "str",
        "segment": "str",
        "channel": "str",
        "region": "str",
    },
    Kind.SURVEYS: {
        "response_id": "str",
        "customer_id": "str",
        "response_date": "datetime",
        "nps_score": "float",  # 0-10
        "csat_score": "float",  # 1-5
        "ces_score": "float",  # 1-7
        "comment": "str",
        "touchpoint": "str",  # journey stage the survey was about
        "segment": "str",
        "channel": "str",
        "region": "str",
        "product": "str",
    },
    Kind.TICKETS: {
        "ticket_id": "str",
        "customer_id": "str",
        "created_at": "datetime",
        "first_reply_at": "datetime",
        "solved_at": "datetime",
        # Durations some helpdesks export instead of the timestamps (hours are converted to
        # minutes on reading); metrics use them only when the timestamps are absent.
        "first_response_minutes": "float",  # first agent reply − created
        "resolution_minutes": "float",  # solved − created
        "status": "str",
        "agent": "str",
        "channel": "str",  # email, chat, phone ...
        "handle_minutes": "float",  # talk/work + hold + after-work time
        "reopens": "int",  # times reopened (0 when never)
        "csat_score": "float",  # 1-5 satisfaction with the ticket
        "touchpoint": "str",
        # What the ticket is about: a topic, category, type (Freshdesk "Type") or the tags
        # (Zendesk "Tags", several in one cell); cxreport.metrics.indicators reads it.
        "topic": "str",
        "segment": "str",
        "region": "str",
        "product": "str",
    },
    Kind.UX: {
        "participant_id": "str",
        "customer_id": "str",
        "test_date": "datetime",
        "task": "str",
        "success": "bool",
        "time_on_task_seconds": "float",
        "errors": "float",
        **{f"sus_{i}": "float" for i in range(1, 11)},
        "touchpoint": "str",
        "segment": "str",
        "region": "str",
        "product": "str",
    },
    Kind.OTHER: {},
}

# The date column that the global date-range filter applies to, per kind.
DATE_FIELD: dict[Kind, str] = {
    Kind.ORDERS: "order_date",
    Kind.SUBSCRIPTIONS: "start_date",
    Kind.SURVEYS: "response_date",
    Kind.TICKETS: "created_at",
    Kind.UX: "test_date",
}

# Fields without which a kind's metrics cannot run at all (the recogniser must find them).
REQUIRED_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.ORDERS: ("customer_id", "order_date", "amount"),
    Kind.SUBSCRIPTIONS: ("customer_id", "start_date"),
    Kind.SURVEYS: ("response_date",),  # plus at least one of the scores
    Kind.TICKETS: ("created_at",),
    Kind.UX: ("task",),
    Kind.OTHER: (),
}


# --- typed column mappings for metric functions -------------------------------------------


@dataclass(frozen=True)
class OrderColumns:
    customer_id: str = "customer_id"
    order_id: str = "order_id"
    order_date: str = "order_date"
    amount: str = "amount"
    cost: str = "cost"


@dataclass(frozen=True)
class SubscriptionColumns:
    customer_id: str = "customer_id"
    subscription_id: str = "subscription_id"
    plan: str = "plan"
    mrr: str = "mrr"
    start_date: str = "start_date"
    cancel_date: str = "cancel_date"


@dataclass(frozen=True)
class SurveyColumns:
    response_date: str = "response_date"
    customer_id: str = "customer_id"
    nps_score: str = "nps_score"
    csat_score: str = "csat_score"
    ces_score: str = "ces_score"
    comment: str = "comment"
    touchpoint: str = "touchpoint"


@dataclass(frozen=True)
class TicketColumns:
    ticket_id: str = "ticket_id"
    customer_id: str = "customer_id"
    created_at: str = "created_at"
    first_reply_at: str = "first_reply_at"
    solved_at: str = "solved_at"
    agent: str = "agent"
    channel: str = "channel"
    handle_minutes: str = "handle_minutes"
    reopens: str = "reopens"
    csat_score: str = "csat_score"
    touchpoint: str = "touchpoint"
    topic: str = "topic"
    first_response_minutes: str = "first_response_minutes"
    resolution_minutes: str = "resolution_minutes"


@dataclass(frozen=True)
class UXColumns:
    participant_id: str = "participant_id"
    task: str = "task"
    success: str = "success"
    time_on_task_seconds: str = "time_on_task_seconds"
    errors: str = "errors"
    test_date: str = "test_date"
    touchpoint: str = "touchpoint"
    sus_items: tuple[str, ...] = tuple(f"sus_{i}" for i in range(1, 11))
