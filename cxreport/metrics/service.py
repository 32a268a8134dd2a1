"""Customer service: ticket volume, response and resolution times, handling time, backlog,
reopens, ticket CSAT, and how the wait for a first reply relates to NPS.

Definitions (METRICS.md):

- First response time = first agent reply − ticket created; resolution time = solved −
  created. From timestamps both are in *calendar* hours (nights and weekends count: that
  is what the customer waits). Helpdesks that export durations instead of timestamps
  (Zendesk "First reply time in minutes", Freshdesk "Resolution Time (in Hrs)") are read
  from ``first_response_minutes`` / ``resolution_minutes`` when the timestamp is absent;
  those may count business hours only, so every result says its `basis` and the report
  states calendar vs business hours (METRICS.md). Reported as median and 90th percentile
  because they are skewed and a mean misleads. Percentiles interpolate linearly between
  order statistics (numpy's default). A negative duration is a data problem (clocks, time
  zones, merged tickets): it is left out and counted in `invalid`.
- AHT (average handling time) = talk/work + hold + after-work time per handled contact,
  the mean over tickets with a handling time (the export's ``handle_minutes``).
- Ticket CSAT: the top-2-box share (4–5 on 1–5) with a Wilson interval, as for surveys.

Slightly over the house's ~400 lines: one short function per service metric, sharing the
duration rules above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from cxreport.fields import SurveyColumns, TicketColumns
from cxreport.metrics.inputs import as_lazy
from cxreport.metrics.stats import MIN_N, wilson_bounds
from cxreport.metrics.inputs import TableInput, as_list, check_score_range, checked_lazy
from cxreport.metrics.surveys import (
    CSAT_SATISFIED_MIN,
    CSAT_SCALE,
    NPS_LABEL,
    NPS_SCALE,
    nps_counts,
    top_box_summary,
    with_nps_stats,
)
from cxreport.periods import Period, check_period, truncate

By = str | Sequence[str] | None

_HINT = (
    "Map the ticket's created date (and reply, solved dates — or first response and resolution times in minutes or "
    "hours — for times), and group only by columns the ticket export has."
)

# How a response or resolution time was measured: "calendar" from timestamps; for exported
# durations "business" (the export says business hours), "calendar", or "as exported".
Basis = str
CALENDAR: Basis = "calendar"
AS_EXPORTED: Basis = "as exported"

# First-response buckets for service_vs_nps, in display order.
NO_TICKET = "no ticket"
RESPONSE_BUCKETS: tuple[str, ...] = (NO_TICKET, "<1h", "1–4h", "4–24h", ">24h")
BUCKET_EDGES_HOURS: tuple[float, ...] = (1.0, 4.0, 24.0)
# Tickets opened this many days before a survey response are the ones that may colour it.
TICKET_WINDOW_DAYS = 30

_PERIOD_INTERVAL = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q"}


def _tickets(tickets: TableInput, needed: list[str]) -> pl.LazyFrame:
    return checked_lazy(tickets, needed, table_name="tickets", hint=_HINT)


def _hours(start: str, end: str) -> pl.Expr:
    return (pl.col(end) - pl.col(start)).dt.total_microseconds() / 3_600_000_000


def _uses_timestamp(tickets: TableInput, timestamp: str, minutes: str) -> bool:
    """Whether a time is measured from its timestamp column: True unless that column is
    absent or all null while the exported duration column exists."""
    lazy = as_lazy(tickets)
    names = lazy.collect_schema().names()
    if minutes not in names:
        return True  # nothing else to use: a missing timestamp column is reported by name
    if timestamp not in names:
        return False
    return bool(lazy.select(pl.col(timestamp).is_not_null().any()).collect().item())


def _event_time(tickets: TableInput, created: str, timestamp: str, minutes: str) -> tuple[str, pl.Expr]:
    """When a ticket event (first reply, solve) happened: its timestamp column, or, when the
    export gives only the duration, created + that many minutes. Returns the column the
    expression reads besides `created`, and the expression."""
    if _uses_timestamp(tickets, timestamp, minutes):
        return timestamp, pl.col(timestamp)
    wait = (pl.col(minutes).cast(pl.Float64) * 60_000_000).round().cast(pl.Int64).cast(pl.Duration("us"))
    return minutes, pl.col(created) + wait


def _minutes_as_hours(minutes: str) -> pl.Expr:
    return pl.col(minutes).cast(pl.Float64) / 60


def _group(lazy: pl.LazyFrame, keys: list[str], aggs: list[pl.Expr]) -> pl.DataFrame:
    out = (lazy.group_by(keys).agg(aggs) if keys else lazy.select(aggs)).collect()
    return out.sort(keys, nulls_last=True) if keys else out


def _period_keys(lazy: pl.LazyFrame, cols: TicketColumns, by: By, period: Period | None) -> tuple[pl.LazyFrame, list[str]]:
    """Add a `period` column (of the creation date) when asked; the grouping keys."""
    keys = as_list(by)
    if period is None:
        return lazy, keys
    return lazy.with_columns(truncate(pl.col(cols.created_at), period).alias("period")), [*keys, "period"]


def ticket_volume(tickets: TableInput, cols: TicketColumns = TicketColumns(), *, period: Period = "month", by: By = None) -> pl.DataFrame:
    """Tickets created per period (of `created_at`): [by], period (Date), tickets, customers.

    `customers` counts distinct customer ids (null when the table has no customer column).
    """
    keys = as_list(by)
    lazy = _tickets(tickets, [cols.created_at, *keys])
    lazy, keys = _period_keys(lazy.filter(pl.col(cols.created_at).is_not_null()), cols, keys, period)
    has_customer = cols.customer_id in lazy.collect_schema().names()
    customers = pl.col(cols.customer_id).drop_nulls().n_unique() if has_customer else pl.lit(None, pl.Int64)
    return _group(lazy, keys, [pl.len().cast(pl.Int64).alias("tickets"), customers.cast(pl.Int64).alias("customers")])


def response_times(
    tickets: TableInput,
    cols: TicketColumns = TicketColumns(),
    *,
    by: By = None,
    period: Period | None = None,
    duration_basis: Basis = AS_EXPORTED,
) -> pl.DataFrame:
    """First response and resolution times in hours: median and 90th percentile.

    From timestamps (first_reply_at − created_at, solved_at − created_at) the hours are
    calendar hours. When a timestamp column is missing from the table or entirely null,
    the export's duration is used instead: first_response_hours = first_response_minutes /
    60, resolution_hours = resolution_minutes / 60. Such durations may count business hours
    only (Zendesk "... within business hours"), so the `basis` column says which clock the
    numbers are on and the report must state it: "calendar" for timestamps, and for
    durations `duration_basis` — "business" or "calendar" when the caller knows it from the
    export's header (`cxreport.io.vocabulary.duration_basis`), "as exported" otherwise. When
    the two measures differ it reads "first response: <basis>; resolution: <basis>".

    Tickets without a first reply (or not solved) are left out of that measure; a ticket
    whose reply or solve time is before its creation (a negative duration) is left out of
    it and counted in `invalid` (tickets with at least one negative duration). With
    `period`, tickets are grouped by the period they were created in.

    Returns [by], [period], n_first_response, first_response_hours_median,
    first_response_hours_p90, n_resolution, resolution_hours_median, resolution_hours_p90,
    invalid, basis.
    """
    keys = as_list(by)
    first_stamped = _uses_timestamp(tickets, cols.first_reply_at, cols.first_response_minutes)
    solve_stamped = _uses_timestamp(tickets, cols.solved_at, cols.resolution_minutes)
    first_col = cols.first_reply_at if first_stamped else cols.first_response_minutes
    solve_col = cols.solved_at if solve_stamped else cols.resolution_minutes
    lazy = _tickets(tickets, [cols.created_at, first_col, solve_col, *keys])
    lazy, keys = _period_keys(lazy.filter(pl.col(cols.created_at).is_not_null()), cols, keys, period)
    lazy = lazy.with_columns(
        (_hours(cols.created_at, first_col) if first_stamped else _minutes_as_hours(first_col)).alias("_first"),
        (_hours(cols.created_at, solve_col) if solve_stamped else _minutes_as_hours(solve_col)).alias("_resolution"),
    )
    first_basis = CALENDAR if first_stamped else duration_basis
    solve_basis = CALENDAR if solve_stamped else duration_basis
    basis = first_basis if first_basis == solve_basis else f"first response: {first_basis}; resolution: {solve_basis}"
    first = pl.col("_first").filter(pl.col("_first") >= 0)
    resolution = pl.col("_resolution").filter(pl.col("_resolution") >= 0)
    return _group(
        lazy,
        keys,
        [
            first.count().cast(pl.Int64).alias("n_first_response"),
            first.median().alias("first_response_hours_median"),
            first.quantile(0.9, "linear").alias("first_response_hours_p90"),
            resolution.count().cast(pl.Int64).alias("n_resolution"),
            resolution.median().alias("resolution_hours_median"),
            resolution.quantile(0.9, "linear").alias("resolution_hours_p90"),
            ((pl.col("_first") < 0) | (pl.col("_resolution") < 0)).sum().cast(pl.Int64).alias("invalid"),
        ],
    ).with_columns(pl.lit(basis, dtype=pl.String).alias("basis"))


def handling_time(tickets: TableInput, cols: TicketColumns = TicketColumns(), *, by: By = None) -> pl.DataFrame:
    """Average handling time (AHT): the mean of ``handle_minutes`` over handled tickets.

    Tickets without a handling time, or with a negative one, are not handled contacts and
    are left out. Returns [by], n, aht_minutes (mean), median_minutes.
    """
    keys = as_list(by)
    lazy = _tickets(tickets, [cols.handle_minutes, *keys]).filter(pl.col(cols.handle_minutes) >= 0)
    minutes = pl.col(cols.handle_minutes).cast(pl.Float64)
    return _group(
        lazy,
        keys,
        [pl.len().cast(pl.Int64).alias("n"), minutes.mean().alias("aht_minutes"), minutes.median().alias("median_minutes")],
    )


def backlog(tickets: TableInput, cols: TicketColumns = TicketColumns(), *, period: Period = "month") -> pl.DataFrame:
    """Tickets opened and solved per period, and how many were open at the end of each.

    opened = tickets created in the period; solved = tickets solved in it; open_at_end =
    tickets created before the period's end and not solved by then (cumulative opened −
    cumulative solved). A ticket without ``solved_at`` is still open. A solve time before
    the creation time is taken as solved at creation. Every period from the first ticket to
    the last event is listed, quiet ones with zeros. An export with resolution durations
    instead of solve times is solved at created + resolution_minutes.

    Returns period (Date), opened, solved, open_at_end.
    """
    check_period(period)
    solved_col, solved_at = _event_time(tickets, cols.created_at, cols.solved_at, cols.resolution_minutes)
    lazy = _tickets(tickets, [cols.created_at, solved_col]).filter(pl.col(cols.created_at).is_not_null())
    events = lazy.select(
        truncate(pl.col(cols.created_at), period).alias("opened_period"),
        pl.when(solved_at.is_not_null())
        .then(truncate(pl.max_horizontal(pl.col(cols.created_at), solved_at), period))
        .alias("solved_period"),
    ).collect()
    if events.is_empty():
        return pl.DataFrame(schema={"period": pl.Date, "opened": pl.Int64, "solved": pl.Int64, "open_at_end": pl.Int64})
    first = events.get_column("opened_period").min()
    last = max(events.get_column("opened_period").max(), events.get_column("solved_period").max() or first)
    periods = pl.DataFrame({"period": pl.date_range(first, last, _PERIOD_INTERVAL[period], eager=True)})
    opened = events.group_by(pl.col("opened_period").alias("period")).agg(pl.len().cast(pl.Int64).alias("opened"))
    solved = (
        events.drop_nulls("solved_period")
        .group_by(pl.col("solved_period").alias("period"))
        .agg(pl.len().cast(pl.Int64).alias("solved"))
    )
    return (
        periods.join(opened, on="period", how="left")
        .join(solved, on="period", how="left")
        .with_columns(pl.col("opened", "solved").fill_null(0))
        .sort("period")
        .with_columns((pl.col("opened").cum_sum() - pl.col("solved").cum_sum()).alias("open_at_end"))
    )


def reopen_rate(
    tickets: TableInput, cols: TicketColumns = TicketColumns(), *, by: By = None, period: Period | None = None
) -> pl.DataFrame:
    """Share of tickets reopened at least once, with a Wilson 95% interval.

    Over tickets with a known ``reopens`` count. Returns [by], [period], n, reopened,
    reopen_rate (0–1), ci_low, ci_high, reopens_total.
    """
    keys = as_list(by)
    lazy = _tickets(tickets, [cols.reopens, cols.created_at, *keys]).filter(pl.col(cols.reopens).is_not_null())
    lazy, keys = _period_keys(lazy, cols, keys, period)
    counts = _group(
        lazy,
        keys,
        [
            pl.len().cast(pl.Int64).alias("n"),
            (pl.col(cols.reopens) > 0).sum().cast(pl.Int64).alias("reopened"),
            pl.col(cols.reopens).sum().cast(pl.Int64).alias("reopens_total"),
        ],
    )
    low, high = wilson_bounds(pl.col("reopened"), pl.col("n"))
    return counts.with_columns(
        pl.when(pl.col("n") > 0).then(pl.col("reopened") / pl.col("n")).alias("reopen_rate"),
        low.alias("ci_low"),
        high.alias("ci_high"),
    ).select(*keys, "n", "reopened", "reopen_rate", "ci_low", "ci_high", "reopens_total")


def csat_by(tickets: TableInput, cols: TicketColumns = TicketColumns(), *, by: By = "agent", min_n: int = MIN_N) -> pl.DataFrame:
    """Ticket CSAT per agent, channel (or any column): top-2-box share of 4–5 on 1–5, Wilson 95%.

    Tickets without a rating are left out. Returns [by], n, satisfied, csat (0–1), ci_low,
    ci_high, mean_score, small_sample; lowest CSAT first (where to look).
    """
    keys = as_list(by)
    lazy = _tickets(tickets, [cols.csat_score, *keys]).with_columns(pl.col(cols.csat_score).cast(pl.Float64))
    check_score_range(lazy, cols.csat_score, *CSAT_SCALE, label="1–5 ticket satisfaction (CSAT)")
    lazy = lazy.filter(pl.col(cols.csat_score).is_not_null())
    out = top_box_summary(lazy, cols.csat_score, CSAT_SATISFIED_MIN, keys, min_n=min_n).collect()
    return out.sort(["csat", *keys], nulls_last=True)


def first_response_bucket(hours: pl.Expr) -> pl.Expr:
    """"<1h", "1–4h", "4–24h", ">24h" (lower edge inclusive: exactly 1 h is "1–4h"); null stays null."""
    e1, e4, e24 = BUCKET_EDGES_HOURS
    labels = RESPONSE_BUCKETS[1:]
    return (
        pl.when(hours < e1)
        .then(pl.lit(labels[0]))
        .when(hours < e4)
        .then(pl.lit(labels[1]))
        .when(hours < e24)
        .then(pl.lit(labels[2]))
        .when(hours.is_not_null())
        .then(pl.lit(labels[3]))
    )


def service_vs_nps(
    tickets: TableInput,
    responses: TableInput,
    ticket_cols: TicketColumns = TicketColumns(),
    survey_cols: SurveyColumns = SurveyColumns(),
    *,
    window_days: int = TICKET_WINDOW_DAYS,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """NPS of survey respondents grouped by how long they waited for a first reply to a recent ticket.

    Each response with an NPS score is joined to the same customer's tickets created in
    the `window_days` days up to the response (created_at in [response − window, response]).
    The wait of a ticket is first reply − created (the reply taken as created +
    ``first_response_minutes`` when the table has no first-reply timestamps, as in
    `response_times`; that duration may count business hours only); for a ticket not yet
    answered when the customer responded it is the wait so far (response − created), which
    is what the customer had lived through. A respondent with several tickets is placed by their
    longest wait (the worst experience tends to stay). Respondents without such a ticket
    are "no ticket". Responses without a customer id cannot be linked and count as "no ticket",
    and so do tickets whose reply is stamped before their creation (a data problem, see
    `response_times`).

    Returns bucket (Enum: no ticket, <1h, 1–4h, 4–24h, >24h; present buckets only, in that
    order), n, promoters, passives, detractors, detractor_share, nps, variance, moe, ci_low,
    ci_high, small_sample — to read e.g. "detractors rose among customers who waited more
    than 24 h for a first reply".
    """
    responses_with = recent_ticket_waits(tickets, responses, ticket_cols, survey_cols, window_days=window_days)
    bucketed = responses_with.with_columns(
        first_response_bucket(pl.col("wait_hours")).fill_null(NO_TICKET).alias("bucket")
    )
    counts = bucketed.group_by("bucket").agg(nps_counts("nps_score"))
    return (
        with_nps_stats(counts, min_n=min_n)
        .with_columns((pl.col("detractors") / pl.col("n")).alias("detractor_share"))
        .select("bucket", "n", "promoters", "passives", "detractors", "detractor_share", "nps", "variance", "moe",
                "ci_low", "ci_high", "small_sample")
        .collect()
        # Enum after the group-by: polars 2.1's streaming group-by panics on Enum keys.
        .with_columns(pl.col("bucket").cast(pl.Enum(RESPONSE_BUCKETS)))
        .sort("bucket")
    )


def recent_ticket_waits(
    tickets: TableInput,
    responses: TableInput,
    ticket_cols: TicketColumns = TicketColumns(),
    survey_cols: SurveyColumns = SurveyColumns(),
    *,
    window_days: int = TICKET_WINDOW_DAYS,
) -> pl.LazyFrame:
    """Survey responses with an NPS score, each with the service experience of its recent tickets.

    The rows of `service_vs_nps`: each response with an NPS score is linked to the same
    customer's tickets created in the `window_days` days up to the response; wait_hours is
    the longest wait for a first reply among them (the wait so far for a ticket not yet
    answered when the customer responded), null when there is none (see `service_vs_nps`).
    Likewise resolution_hours is the longest time to solve (so far, for a ticket still open
    when the customer responded), recent_tickets counts the tickets and reopens sums their
    reopens (null when the export has no reopen count).

    Returns _response (the response's position among those with an NPS score), nps_score,
    wait_hours, resolution_hours, recent_tickets, reopens, and the survey's other columns.
    """
    t = ticket_cols
    s = survey_cols
    reply_col, replied = _event_time(tickets, t.created_at, t.first_reply_at, t.first_response_minutes)
    names = as_lazy(tickets).collect_schema().names()
    has_solved = t.solved_at in names or t.resolution_minutes in names
    solved = _event_time(tickets, t.created_at, t.solved_at, t.resolution_minutes)[1] if has_solved else pl.lit(
        None, pl.Datetime("us"))
    has_reopens = t.reopens in names
    tick = _tickets(tickets, [t.customer_id, t.created_at, reply_col]).select(
        pl.col(t.customer_id).cast(pl.String).alias("_customer"),
        pl.col(t.created_at).alias("_created"),
        replied.alias("_replied"),
        solved.alias("_solved"),
        (pl.col(t.reopens).cast(pl.Float64) if has_reopens else pl.lit(None, pl.Float64)).alias("_reopens"),
    ).drop_nulls(["_customer", "_created"])
    resp = checked_lazy(
        responses, [s.customer_id, s.response_date, s.nps_score], table_name="surveys",
        hint="Map the survey's customer id, date and NPS score columns to link responses to tickets.",
    ).with_columns(pl.col(s.nps_score).cast(pl.Float64))
    check_score_range(resp, s.nps_score, *NPS_SCALE, label=NPS_LABEL)
    resp = resp.filter(pl.col(s.nps_score).is_not_null() & pl.col(s.response_date).is_not_null()).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_response"),
        pl.col(s.customer_id).cast(pl.String).alias("_customer"),
        pl.col(s.response_date).alias("_responded"),
    )
    window = dt.timedelta(days=window_days)

    def until_response(event: str) -> pl.Expr:
        """The event's time, or the response's when it had not happened yet by then."""
        return (pl.when(pl.col(event).is_not_null() & (pl.col(event) <= pl.col("_responded")))
                .then(pl.col(event)).otherwise(pl.col("_responded")))

    waits = (
        resp.select("_response", "_customer", "_responded").join(tick, on="_customer", how="inner")
        .filter((pl.col("_created") <= pl.col("_responded")) & (pl.col("_created") >= pl.col("_responded") - window))
        .with_columns(until_response("_replied").alias("_waited_until"), until_response("_solved").alias("_solved_by"))
        .with_columns(_hours("_created", "_waited_until").alias("wait_hours"),
                      _hours("_created", "_solved_by").alias("resolution_hours"))
        .filter(pl.col("wait_hours") >= 0)
        .group_by("_response")
        .agg(pl.col("wait_hours").max(),
             (pl.col("resolution_hours").max() if has_solved else pl.lit(None, pl.Float64)).alias("resolution_hours"),
             pl.len().cast(pl.Int64).alias("recent_tickets"),
             (pl.col("_reopens").sum() if has_reopens else pl.lit(None, pl.Float64)).alias("reopens"))
    )
    out = resp.join(waits, on="_response", how="left").drop("_customer", "_responded")
    return out.rename({s.nps_score: "nps_score"}) if s.nps_score != "nps_score" else out


def ticket_hours(tickets: TableInput, cols: TicketColumns = TicketColumns(), *, keep: Sequence[str] = ()) -> pl.LazyFrame:
    """Each ticket's first response and resolution time in hours, as `response_times` measures
    them: from the timestamps (calendar hours), or the export's durations when a timestamp
    column is absent or empty. A negative time (clocks, merged tickets) is null.

    Returns the `keep` columns, first_response_hours, resolution_hours (Float64, null when
    not replied, not solved or negative).

    >>> import datetime as dt
    >>> t = pl.DataFrame({"created_at": [dt.datetime(2025, 1, 1, 9)] * 2,
    ...                   "first_reply_at": [dt.datetime(2025, 1, 1, 9, 30), None],
    ...                   "solved_at": [dt.datetime(2025, 1, 2, 9), None]})
    >>> ticket_hours(t).collect().rows()
    [(0.5, 24.0), (None, None)]
    """
    first_stamped = _uses_timestamp(tickets, cols.first_reply_at, cols.first_response_minutes)
    solve_stamped = _uses_timestamp(tickets, cols.solved_at, cols.resolution_minutes)
    first_col = cols.first_reply_at if first_stamped else cols.first_response_minutes
    solve_col = cols.solved_at if solve_stamped else cols.resolution_minutes
    lazy = _tickets(tickets, [cols.created_at, first_col, solve_col, *keep])
    first = _hours(cols.created_at, first_col) if first_stamped else _minutes_as_hours(first_col)
    solve = _hours(cols.created_at, solve_col) if solve_stamped else _minutes_as_hours(solve_col)
    return lazy.select(
        *keep,
        pl.when(first >= 0).then(first).alias("first_response_hours"),
        pl.when(solve >= 0).then(solve).alias("resolution_hours"),
    )
