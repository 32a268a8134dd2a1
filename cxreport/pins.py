"""Every chart and Overview card of the report, by id: what the pages draw and what a pin redraws.

`PINNABLE` maps an id (``"churn_over_time"``, ``"card.nps"``) to a `Pinnable`: the page it
belongs to and a function `Context` -> Altair chart (or `headlines.Card`). A page draws
its charts through these functions and a notebook pin calls the same one with the view
it was pinned in, so a pin shows exactly what the page shows for that view, from the
current data. The results behind the charts (`cohort_table`, `churn_rates`, ...) are
functions here too, computed through `Context.memo`, so a page that also shows a result
as a table computes it once.

>>> sorted(p for p in PINNABLE if PINNABLE[p].page == "cohorts")
['cohort_sizes', 'retention_curves', 'retention_heatmap']

Longer than the house's ~400 lines because it is a registry: one short entry per chart and
card of the report, so that a page and a pin cannot draw different things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import altair as alt
import polars as pl

from cxreport import charts, headlines
from cxreport.errors import CXError
from cxreport.fields import DIMENSIONS, Kind
from cxreport.filters import Filters, customers_in_window, restrict_periods
from cxreport.i18n import t
from cxreport.state import ViewState
from cxreport.workspace import Workspace


def _compute(name: str, key: tuple, compute: Callable[[], Any]) -> Any:  # noqa: ARG001 — memo's signature
    return compute()


def view_filters(view: ViewState) -> Filters:
    """The filters a view applies."""
    return Filters(date_from=view.date_from, date_to=view.date_to, dims=dict(view.filters))


@dataclass
class Context:
    """What a chart is drawn from: the workspace, the view (filters and parameters) and a
    memo (name, key, compute) -> value (the app's per-session one; by default none)."""

    ws: Workspace
    view: ViewState
    memo: Callable[[str, tuple, Callable[[], Any]], Any] = _compute
    filters: Filters = field(init=False)

    def __post_init__(self) -> None:
        self.filters = view_filters(self.view)

    @property
    def key(self) -> tuple:
        return self.filters.key()

    @property
    def lang(self) -> str:
        return self.view.lang

    def table(self, kind: Kind, filters: Filters | None = None, *, allow_empty: bool = False) -> pl.DataFrame:
        """The kind's table under the filters; `CXError` ``pin_needs_data`` when it is not
        loaded, or empty (unless `allow_empty`)."""
        frame = self.ws.filtered(kind, filters or self.filters) if self.ws.has(kind) else None
        if frame is None or (frame.is_empty() and not allow_empty):
            raise CXError("pin_needs_data", f"This needs {kind.value} data under the current filters.",
                          "Upload that export, or widen the filters.", kind=kind.value)
        return frame

    def currency(self, kind: Kind = Kind.ORDERS) -> str | None:
        return self.ws.currency(kind)


@dataclass(frozen=True)
class Pinnable:
    id: str
    page: str
    draw: Callable[[Context], Any]  # -> an Altair chart, or a headlines.Card for a card
    shape: Literal["chart", "card"] = "chart"


PINNABLE: Final[dict[str, Pinnable]] = {}


def _pinnable(page: str, name: str | None = None) -> Callable:
    def register(fn: Callable[[Context], alt.TopLevelMixin]) -> Callable[[Context], alt.TopLevelMixin]:
        chart_id = name or fn.__name__
        PINNABLE[chart_id] = Pinnable(chart_id, page, fn)
        return fn
    return register


def draw(chart_id: str, ctx: Context) -> Any:
    """The chart (or card) `chart_id` for the context; `CXError` ``pin_unknown`` for an id no
    longer in the report."""
    if chart_id not in PINNABLE:
        raise CXError("pin_unknown", "This pinned chart is no longer part of the report.",
                      "Delete the pin, and pin the chart again from its page.", chart=chart_id)
    return PINNABLE[chart_id].draw(ctx)


# --- Cohorts --------------------------------------------------------------------------------

# Cohorts drawn in the heatmap and the curves. Daily cohorts over two years are ~700 rows
# and ~220,000 cells: 18 MB per chart sent to the browser and 20 s per visit. The latest 90
# cohorts have at most 90 periods each: ~4,000 cells, the size of a quarter of daily cohorts.
MAX_COHORTS_DRAWN: Final = 90


def latest_cohorts(table: pl.DataFrame, limit: int = MAX_COHORTS_DRAWN) -> tuple[pl.DataFrame, int]:
    """The rows of a cohort table's `limit` latest cohorts, and how many cohorts it has."""
    cohorts = table.get_column("cohort").unique()
    if cohorts.len() <= limit:
        return table, cohorts.len()
    kept = cohorts.sort(descending=True).head(limit)
    return table.filter(pl.col("cohort").is_in(kept.implode())), cohorts.len()


def cohort_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import retention

    orders, v, f = ctx.table(Kind.ORDERS), ctx.view, ctx.filters
    return ctx.memo("cohort_retention", (ctx.key, v.period, v.retention_mode), lambda: restrict_periods(
        retention.cohort_retention(orders, period=v.period, mode=v.retention_mode), "cohort", f, v.period))


def _retention_value(ctx: Context) -> str:
    return "rate" if ctx.view.retention_basis == "customers" else "revenue_rate"


def picked_cohorts(ctx: Context) -> list[str]:
    """The view's picked cohorts that the cohort table has."""
    present = set(cohort_table(ctx).get_column("cohort").cast(str).to_list())
    return [c for c in ctx.view.cohorts if c in present]


@_pinnable("cohorts")
def retention_heatmap(ctx: Context) -> alt.TopLevelMixin:
    drawn, _ = latest_cohorts(cohort_table(ctx))
    return charts.retention_heatmap(drawn, value=_retention_value(ctx), lang=ctx.lang, selected_cohorts=ctx.view.cohorts,
                                    period=ctx.view.period, currency=ctx.currency())


@_pinnable("cohorts")
def retention_curves(ctx: Context) -> alt.TopLevelMixin:
    # Cohorts picked (on the heatmap or in a link) are drawn even when older than the latest ones.
    table, cohorts = cohort_table(ctx), picked_cohorts(ctx)
    return charts.retention_curves(table if cohorts else latest_cohorts(table)[0], cohorts=cohorts,
                                   value=_retention_value(ctx), lang=ctx.lang, period=ctx.view.period,
                                   currency=ctx.currency())


@_pinnable("cohorts")
def cohort_sizes(ctx: Context) -> alt.TopLevelMixin:
    return charts.cohort_sizes(cohort_table(ctx), lang=ctx.lang, period=ctx.view.period)


# --- Churn ----------------------------------------------------------------------------------


def default_churn_window(ctx: Context):
    from cxreport.metrics import churn

    orders = ctx.table(Kind.ORDERS)
    return ctx.memo("churn_window", ctx.key, lambda: churn.default_churn_window_days(orders))


def churn_window(ctx: Context) -> int:
    """The view's churn window in days, or the one derived from the data."""
    return ctx.view.churn_window or default_churn_window(ctx).days


def churn_rates(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import churn

    orders, v, f, window = ctx.table(Kind.ORDERS), ctx.view, ctx.filters, churn_window(ctx)
    return ctx.memo("churn_by_period", (ctx.key, v.period, window), lambda: restrict_periods(
        churn.churn_by_period(orders, window_days=window, period=v.period), "period", f, v.period))


@_pinnable("churn")
def churn_over_time(ctx: Context) -> alt.TopLevelMixin:
    return charts.churn_over_time(churn_rates(ctx), lang=ctx.lang, period=ctx.view.period)


def survival_by_options(orders: pl.DataFrame) -> list[str]:
    return ["cohort", *[d for d in DIMENSIONS if d in orders.columns]]


def survival_by(ctx: Context) -> str:
    options = survival_by_options(ctx.table(Kind.ORDERS))
    return ctx.view.survival_by if ctx.view.survival_by in options else options[0]


def survival_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import survival

    orders, f, window, by = ctx.table(Kind.ORDERS), ctx.filters, churn_window(ctx), survival_by(ctx)
    return ctx.memo("survival", (ctx.key, window, by), lambda: survival.survival_by(
        customers_in_window(orders, Kind.ORDERS, f, acquired=True), window_days=window, by=by, period="quarter"))


def median_lifetimes(ctx: Context) -> pl.DataFrame:
    """Median lifetime per survival group; cohorts as dates (ISO text in the curves' table)."""
    from cxreport.metrics import survival

    found = survival.median_lifetime(survival_table(ctx))
    if survival_by(ctx) != "cohort":
        return found.rename({"group": survival_by(ctx)})
    return found.with_columns(pl.col("group").str.to_date("%Y-%m-%d", strict=False)).rename({"group": "cohort"})


@_pinnable("churn", "survival")
def survival_curves(ctx: Context) -> alt.TopLevelMixin:
    return charts.survival_curves(survival_table(ctx), lang=ctx.lang, by=survival_by(ctx))


def mrr_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import mrr

    subs, v, f = ctx.table(Kind.SUBSCRIPTIONS), ctx.view, ctx.filters
    return ctx.memo("mrr_movements", (ctx.key, v.period), lambda: restrict_periods(
        mrr.mrr_movements(subs, period=v.period), "period", f, v.period))


def mrr_currency(ctx: Context) -> str | None:
    """Subscription exports rarely write a currency symbol: then the orders' currency is the business's."""
    return ctx.currency(Kind.SUBSCRIPTIONS) or ctx.currency()


@_pinnable("churn")
def mrr_movements(ctx: Context) -> alt.TopLevelMixin:
    return charts.mrr_movements(mrr_table(ctx), lang=ctx.lang, period=ctx.view.period, currency=mrr_currency(ctx))


# --- CLV ------------------------------------------------------------------------------------


def predictive_clv(ctx: Context):
    """The predictive CLV of the view's orders and CLV settings, fitted on the customers'
    whole history and shown for the customers the date range sees (the Overview's CLV
    card and the CLV page share it: the fit is the slowest step on large exports)."""
    from cxreport.metrics import clv

    orders, v, f = ctx.table(Kind.ORDERS), ctx.view, ctx.filters

    def fit():
        result = clv.predictive_clv(orders, horizon_months=v.clv_horizon, annual_discount_rate=v.clv_discount,
                                    margin=v.clv_margin)
        if f.date_from is None:
            return result
        seen = customers_in_window(orders, Kind.ORDERS, f).get_column("customer_id").unique()
        return clv.for_customers(result, seen)

    return ctx.memo("predictive_clv", (ctx.key, v.clv_horizon, v.clv_discount, v.clv_margin), fit)


@_pinnable("clv", "clv_distribution")
def clv_histogram(ctx: Context) -> alt.TopLevelMixin:
    values = predictive_clv(ctx).customers.get_column("clv")
    return charts.clv_histogram(charts.histogram_bins(values, bins=40), lang=ctx.lang, currency=ctx.currency())


@_pinnable("clv", "clv_by_segment")
def clv_by_segment(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import clv

    orders, by = ctx.table(Kind.ORDERS), ctx.view.segment_by
    if by not in orders.columns:
        raise CXError("pin_no_grouping", f"The data have no column {by} to group by.", "Choose another grouping.",
                      column=by)
    by_group = clv.clv_by_group(predictive_clv(ctx), orders, by=by)
    return charts.clv_bars(by_group, lang=ctx.lang, by=by, currency=ctx.currency())


def holdout(ctx: Context):
    from cxreport.metrics import clv

    orders = ctx.table(Kind.ORDERS)
    return ctx.memo("calibration_holdout", ctx.key, lambda: clv.calibration_holdout(orders))


@_pinnable("clv")
def calibration_holdout(ctx: Context) -> alt.TopLevelMixin:
    return charts.calibration_holdout(holdout(ctx).by_frequency, lang=ctx.lang)


@_pinnable("clv", "historical_clv")
def historical_clv(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import clv

    orders, v, f = ctx.table(Kind.ORDERS), ctx.view, ctx.filters
    hist = ctx.memo("historical_clv", (ctx.key, v.period), lambda: restrict_periods(
        clv.historical_clv(orders, period=v.period), "cohort", f, v.period))
    return charts.historical_clv_curves(hist, lang=ctx.lang, period=v.period, currency=ctx.currency())


# --- NPS & surveys --------------------------------------------------------------------------


def nps_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import surveys

    responses, v = ctx.table(Kind.SURVEYS), ctx.view
    return ctx.memo("nps_by_period", (ctx.key, v.period), lambda: surveys.nps_by_period(responses, period=v.period))


@_pinnable("surveys")
def nps_trend(ctx: Context) -> alt.TopLevelMixin:
    return charts.nps_trend(nps_table(ctx), lang=ctx.lang, period=ctx.view.period)


@_pinnable("surveys")
def nps_composition(ctx: Context) -> alt.TopLevelMixin:
    return charts.nps_composition(nps_table(ctx), lang=ctx.lang, period=ctx.view.period)


def nps_segment_options(responses: pl.DataFrame) -> list[str]:
    """The dimensions NPS can be split by: those with more than one value in the responses."""
    return [d for d in DIMENSIONS if d in responses.columns and responses.get_column(d).n_unique() > 1]


@_pinnable("surveys")
def nps_by_segment(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import surveys

    responses = ctx.table(Kind.SURVEYS)
    options = nps_segment_options(responses)
    if not options:
        raise CXError("pin_no_grouping", f"The data have no column {ctx.view.segment_by} to group by.",
                      "Choose another grouping.", column=ctx.view.segment_by)
    by = ctx.view.segment_by if ctx.view.segment_by in options else options[0]
    by_group = ctx.memo("nps_by_segment", (ctx.key, by), lambda: surveys.nps_by_segment(responses, by=by))
    return charts.nps_by_segment(by_group, lang=ctx.lang, by=by)


def _score_trend(score: str) -> Callable[[Context], alt.TopLevelMixin]:
    """CSAT reads as a share, CES as a mean on its 1–7 scale."""
    style = {"csat": dict(value="csat", value_format=".0%", y_domain=(0, 1)),
             "ces": dict(value="mean_score", value_format=",.2f", y_domain=(1, 7))}[score]

    def draw_trend(ctx: Context) -> alt.TopLevelMixin:
        from cxreport.metrics import surveys

        fn = {"csat": surveys.csat_by_period, "ces": surveys.ces_by_period}[score]
        responses, v = ctx.table(Kind.SURVEYS), ctx.view
        trend = ctx.memo(f"{score}_by_period", (ctx.key, v.period), lambda: fn(responses, period=v.period))
        return charts.score_trend(trend, title=t(f"surveys.{score}_trend", ctx.lang), lang=ctx.lang, period=v.period,
                                  **style)

    return draw_trend


for _score in ("csat", "ces"):
    _pinnable("surveys", f"{_score}_trend")(_score_trend(_score))


@_pinnable("surveys", "comment_themes")
def comment_themes(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import themes

    responses = ctx.table(Kind.SURVEYS)
    return charts.themes_bars(ctx.memo("themes", ctx.key, lambda: themes.comment_themes(responses)), lang=ctx.lang)


# --- Service --------------------------------------------------------------------------------


@_pinnable("service")
def response_times(ctx: Context) -> alt.TopLevelMixin:
    return charts.response_times(response_times_table(ctx), lang=ctx.lang, period=ctx.view.period)


def response_times_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import service

    tickets, v = ctx.table(Kind.TICKETS), ctx.view
    return ctx.memo("response_times_period", (ctx.key, v.period), lambda: service.response_times(tickets, period=v.period))


@_pinnable("service")
def ticket_volume(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import service

    tickets, v = ctx.table(Kind.TICKETS), ctx.view
    volume = ctx.memo("ticket_volume", (ctx.key, v.period), lambda: service.ticket_volume(tickets, period=v.period))
    return charts.ticket_volume(volume, lang=ctx.lang, period=v.period)


@_pinnable("service")
def backlog(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import service

    tickets, v = ctx.table(Kind.TICKETS), ctx.view
    found = ctx.memo("backlog", (ctx.key, v.period), lambda: service.backlog(tickets, period=v.period))
    return charts.backlog(found, lang=ctx.lang, period=v.period)


def _aht(by: str) -> Callable[[Context], alt.TopLevelMixin]:
    def draw_aht(ctx: Context) -> alt.TopLevelMixin:
        from cxreport.metrics import service

        tickets = ctx.table(Kind.TICKETS)
        aht = ctx.memo(f"aht_{by}", ctx.key, lambda: service.handling_time(tickets, by=by))
        return charts.aht_bars(aht, lang=ctx.lang, by=by)

    return draw_aht


for _by in ("channel", "agent"):
    _pinnable("service", f"aht_by_{_by}")(_aht(_by))


@_pinnable("service", "nps_by_first_response")
def nps_by_first_response(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import service

    tickets, responses = ctx.table(Kind.TICKETS), ctx.table(Kind.SURVEYS, allow_empty=True)
    link = ctx.memo("service_vs_nps", ctx.key, lambda: service.service_vs_nps(tickets, responses))
    return charts.nps_by_response_bucket(link, lang=ctx.lang)


# --- UX vs CX -------------------------------------------------------------------------------

UX_CX_KINDS: Final = (Kind.UX, Kind.SURVEYS, Kind.TICKETS, Kind.ORDERS)


def ux_tables(ctx: Context, filters: Filters | None = None) -> dict[str, pl.DataFrame]:
    """The UX test results and whichever CX tables are loaded, by kind name."""
    ctx.table(Kind.UX, filters, allow_empty=True)
    return {k.value: ctx.ws.filtered(k, filters or ctx.filters) for k in UX_CX_KINDS if ctx.ws.has(k)}


def quadrant_filters(ctx: Context) -> Filters:
    """Clicking a touchpoint (or segment) filters every other chart by it; the quadrant
    itself keeps showing all groups, so the choice can be changed."""
    by = ctx.view.ux_by
    return ctx.filters.without(by) if by in ("touchpoint", "segment") else ctx.filters


def ux_cx_table(ctx: Context) -> pl.DataFrame:
    from cxreport.metrics import ux_vs_cx

    shown, by = quadrant_filters(ctx), ctx.view.ux_by
    tables = ux_tables(ctx, shown)
    return ctx.memo("ux_vs_cx", (shown.key(), by), lambda: ux_vs_cx.ux_vs_cx(**tables, by=by))


@_pinnable("ux_vs_cx")
def ux_cx_quadrant(ctx: Context) -> alt.TopLevelMixin:
    by = ctx.view.ux_by
    return charts.ux_cx_quadrant(ux_cx_table(ctx), lang=ctx.lang, by=by, selected=ctx.view.filters.get(by, ()))


@_pinnable("ux_vs_cx", "ux_cx_gaps")
def ux_cx_gaps(ctx: Context) -> alt.TopLevelMixin:
    return charts.gap_bars(ux_cx_table(ctx), lang=ctx.lang, by=ctx.view.ux_by)


@_pinnable("ux_vs_cx")
def ux_cx_trend(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import ux_vs_cx

    tables = ux_tables(ctx)
    trend = ctx.memo("ux_vs_cx_trend", ctx.key, lambda: ux_vs_cx.ux_vs_cx_by_period(**tables, by="touchpoint"))
    return charts.ux_cx_trend(trend, lang=ctx.lang, period="quarter", by="touchpoint")


@_pinnable("ux_vs_cx")
def task_success(ctx: Context) -> alt.TopLevelMixin:
    from cxreport.metrics import ux

    ux_table = ctx.table(Kind.UX, allow_empty=True)
    tasks = ctx.memo("task_success", ctx.key, lambda: ux.task_success(ux_table, by="task"))
    return charts.task_success_bars(tasks, lang=ctx.lang)


# --- Overview cards -------------------------------------------------------------------------


def overview_headlines(ctx: Context) -> list[headlines.Headline]:
    """Every headline of the view's tables (the Overview's cards, and the cards pins show)."""
    v = ctx.view
    tables = {k: ctx.ws.filtered(k, ctx.filters) for k in ctx.ws.kinds()}

    def clv_result():
        try:  # too few repeat buyers for a model: there is simply no CLV card
            return predictive_clv(ctx) if Kind.ORDERS in tables else None
        except CXError:
            return None

    return ctx.memo("headlines", (ctx.key, v.period, v.churn_window, v.clv_horizon, v.clv_discount, v.clv_margin),
                    lambda: headlines.headlines(tables, period=v.period, churn_window=v.churn_window,
                                                clv_result=clv_result()))


def overview_cards(ctx: Context) -> dict[str, list[headlines.Card]]:
    """The Overview's cards by layer (layers without a card left out), in reading order."""
    by_key = {h.key: h for h in overview_headlines(ctx)}
    v, currency = ctx.view, ctx.currency()
    layers = {layer: [headlines.card(by_key[k], lang=v.lang, currency=currency, period=v.period)
                      for k in keys if k in by_key] for layer, keys in headlines.LAYERS.items()}
    return {layer: cards for layer, cards in layers.items() if cards}


def _card(key: str) -> Callable[[Context], headlines.Card]:
    def draw_card(ctx: Context) -> headlines.Card:
        for cards in overview_cards(ctx).values():
            for c in cards:
                if c.key == key:
                    return c
        raise CXError("pin_no_card", "The data under these filters give no such card.",
                      "Widen the filters, or load the export this card needs.", card=key)

    return draw_card


for _key in (k for keys in headlines.LAYERS.values() for k in keys):
    PINNABLE[f"card.{_key}"] = Pinnable(f"card.{_key}", "overview", _card(_key), "card")


# --- CX model: the indicator scorecard and the journey ----------------------------------------

JOURNEY_KINDS: Final = (Kind.SURVEYS, Kind.TICKETS, Kind.UX, Kind.ORDERS)


def indicator_cards(ctx: Context) -> dict:
    """The CX-indicator scorecard of the view's tables (`metrics.indicators.cx_indicators`)."""
    from cxreport.metrics import indicators

    tables = {k.value: ctx.ws.filtered(k, ctx.filters) for k in (Kind.ORDERS, Kind.TICKETS, Kind.SURVEYS) if ctx.ws.has(k)}
    return ctx.memo("cx_indicators", ctx.key, lambda: indicators.cx_indicators(**tables))


def journey_filters(ctx: Context) -> Filters:
    """Clicking a touchpoint filters every other chart by it; the journey keeps showing them all."""
    return ctx.filters.without("touchpoint")


def journey_table(ctx: Context) -> pl.DataFrame:
    """`metrics.journey.journey` of the view's tables (all touchpoints), reasons in the view's language."""
    from cxreport.metrics import journey

    shown = journey_filters(ctx)
    tables = {k.value: ctx.ws.filtered(k, shown) for k in JOURNEY_KINDS if ctx.ws.has(k)}
    return ctx.memo("journey", (shown.key(), ctx.lang, tuple(sorted(ctx.ws.journey_stages().items()))),
                    lambda: journey.journey(**tables, stages=ctx.ws.journey_stages(), lang=ctx.lang))


@_pinnable("cx_model")
def journey_map(ctx: Context) -> alt.TopLevelMixin:
    return charts.journey_map(journey_table(ctx), lang=ctx.lang, selected=ctx.view.filters.get("touchpoint", ()))
