"""The whole report as one document: the sections every whole-report output shares.

A `ReportDocument` is what the offline HTML, the PDF and present mode show: the Overview's
cards and "What moved" sentences, then one section per page with its headline chart and
key table, each computed by the same library calls and chart builders as the app's pages,
on the same filters, so the numbers are the app's numbers. A section that the loaded data
cannot fill is left out, with the reason kept in `skipped`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import altair as alt
import polars as pl

from cxreport import __version__, charts, headlines
from cxreport.errors import CXError
from cxreport.fields import DIMENSIONS, Kind
from cxreport.filters import Filters, customers_in_window, restrict_periods
from cxreport.fmt import fmt_percent
from cxreport.i18n import t
from cxreport.notebook import ChartCell, NoteCell, Notebook, PinCell, SqlCell
from cxreport.periods import Period
from cxreport.state import ViewState
from cxreport.workspace import Workspace


@dataclass
class Section:
    slug: str  # the page it stands for: overview, cohorts, churn, clv, surveys, service, ux_vs_cx
    title: str
    cards: list[headlines.Card] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    charts: list[alt.TopLevelMixin] = field(default_factory=list)
    tables: list[tuple[str, pl.DataFrame]] = field(default_factory=list)  # (caption, small table)
    notes: list[str] = field(default_factory=list)  # a notebook's notes, Markdown as written
    problems: list[str] = field(default_factory=list)  # a notebook cell that could not run: why, in words


@dataclass
class ReportDocument:
    title: str
    lang: str
    period: Period
    filters: Filters
    data_from: dt.date | None
    data_to: dt.date | None
    currency: str | None
    sections: list[Section]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (section, reason)
    version: str = __version__

    def filter_lines(self) -> list[str]:
        """The filters in force and the data's date range, in the document's language."""
        lang = self.lang
        span = (f"{self.data_from:%Y-%m-%d} – {self.data_to:%Y-%m-%d}" if self.data_from and self.data_to
                else t("render.no_dates", lang))
        lines = [t("render.data_range", lang, span=span)]
        if self.filters.date_from or self.filters.date_to:
            shown = f"{self.filters.date_from or '…'} – {self.filters.date_to or '…'}"
            lines.append(t("render.date_filter", lang, span=shown))
        for dim, values in sorted(self.filters.dims.items()):
            if values:
                lines.append(f"{t(f'dim.{dim}', lang)}: {', '.join(values)}")
        lines.append(t("render.period", lang, period=t(f"period.{self.period}", lang)))
        return lines


_TOP_ROWS = 12  # a table in a document is a summary, not the data


def _attempt(skipped: list[tuple[str, str]], slug: str, build: Callable[[], Section | None]) -> Section | None:
    try:
        return build()
    except CXError as err:
        skipped.append((slug, err.message))
        return None


def build_document(ws: Workspace, filters: Filters = Filters(), *, period: Period = "month", lang: str = "en",
                   churn_window: int | None = None, notebook: Notebook | None = None,
                   view: ViewState | None = None) -> ReportDocument:
    """Every section the workspace's data allow, under `filters` (see the module docstring),
    then one section per cell of `notebook` (its pins drawn in `view`, by default the
    document's filters, period and language)."""
    tables = {k: ws.filtered(k, filters) for k in ws.kinds()}
    tables = {k: v for k, v in tables.items() if v is not None and v.height}
    currency = ws.currency(Kind.ORDERS) or ws.currency(Kind.SUBSCRIPTIONS)
    skipped: list[tuple[str, str]] = []
    span = ws.date_span()
    builders: list[tuple[str, Callable[[], Section | None]]] = [
        ("overview", lambda: _overview(tables, period, lang, currency, churn_window)),
        ("cohorts", lambda: _cohorts(tables.get(Kind.ORDERS), filters, period, lang, currency)),
        ("churn", lambda: _churn(tables, filters, period, lang, currency, churn_window)),
        ("clv", lambda: _clv(tables.get(Kind.ORDERS), filters, period, lang, currency)),
        ("surveys", lambda: _surveys(tables.get(Kind.SURVEYS), period, lang)),
        ("service", lambda: _service(tables.get(Kind.TICKETS), period, lang)),
        ("ux_vs_cx", lambda: _ux_vs_cx(tables, lang)),
        ("cx_model", lambda: _cx_model(ws, filters, lang)),
    ]
    sections = [s for slug, build in builders if (s := _attempt(skipped, slug, build)) is not None]
    if notebook is not None and notebook.cells:
        shown = view or ViewState(lang=lang, period=period, date_from=filters.date_from, date_to=filters.date_to,
                                  filters={k: tuple(v) for k, v in filters.dims.items() if k in DIMENSIONS},
                                  churn_window=churn_window)
        sections += notebook_sections(notebook, ws, filters, shown)
    return ReportDocument(t("app.title", lang), lang, period, filters, span[0] if span else None,
                          span[1] if span else None, currency, sections, skipped)


def _overview(tables, period, lang, currency, churn_window) -> Section | None:
    found = headlines.headlines(tables, period=period, churn_window=churn_window)
    by_key = {h.key: h for h in found}
    cards = [headlines.card(by_key[k], lang=lang, currency=currency, period=period)
             for keys in headlines.LAYERS.values() for k in keys if k in by_key]
    sentences = headlines.story(tables, period=period, lang=lang)
    if not cards and not sentences:
        return None
    return Section("overview", t("page.overview", lang), cards=cards, sentences=sentences)


def _cohorts(orders, filters, period, lang, currency) -> Section | None:
    if orders is None:
        return None
    from cxreport.metrics import retention

    table = restrict_periods(retention.cohort_retention(orders, period=period), "cohort", filters, period)
    if table.is_empty():
        return None
    section = Section("cohorts", t("page.cohorts", lang))
    section.charts.append(charts.retention_heatmap(table, value="rate", lang=lang))
    at = pl.concat([retention.retention_at(table, k).with_columns(pl.lit(k).alias("period")) for k in (1, 3, 6)],
                   how="diagonal_relaxed")
    if at.height:
        section.tables.append((t("render.retention_at", lang), at.head(_TOP_ROWS)))
    return section


def _churn(tables, filters, period, lang, currency, churn_window) -> Section | None:
    from cxreport.metrics import churn, mrr

    section = Section("churn", t("page.churn", lang))
    orders = tables.get(Kind.ORDERS)
    if orders is not None:
        window = churn_window or churn.default_churn_window_days(orders).days
        rates = restrict_periods(churn.churn_by_period(orders, window_days=window, period=period), "period", filters, period)
        if rates.height:
            section.charts.append(charts.churn_over_time(rates, lang=lang, period=period))
    subs = tables.get(Kind.SUBSCRIPTIONS)
    if subs is not None:
        moves = restrict_periods(mrr.mrr_movements(subs, period=period), "period", filters, period)
        if moves.height:
            section.charts.append(charts.mrr_movements(moves, lang=lang, period=period, currency=currency))
            section.tables.append((t("churn.mrr", lang), moves.tail(_TOP_ROWS)))
    return section if section.charts else None


def _clv(orders, filters, period, lang, currency) -> Section | None:
    if orders is None:
        return None
    from cxreport.metrics import clv

    section = Section("clv", t("page.clv", lang))
    hist = restrict_periods(clv.historical_clv(orders, period=period), "cohort", filters, period)
    if hist.height:
        section.charts.append(charts.historical_clv_curves(hist, lang=lang, period=period))
    try:
        result = clv.predictive_clv(orders)
    except CXError:
        result = None
    if result is not None:
        if filters.date_from is not None:
            seen = customers_in_window(orders, Kind.ORDERS, filters).get_column("customer_id").unique()
            result = clv.for_customers(result, seen)
        section.charts.append(charts.clv_histogram(charts.histogram_bins(result.customers.get_column("clv"), bins=40),
                                                   lang=lang, currency=currency))
        summary = clv.clv_summary(result)
        section.tables.append((t("clv.predictive", lang), pl.DataFrame([summary])))
    return section if section.charts else None


def _surveys(responses, period, lang) -> Section | None:
    if responses is None:
        return None
    from cxreport.metrics import surveys

    trend = surveys.nps_by_period(responses, period=period)
    if trend.is_empty():
        return None
    section = Section("surveys", t("page.surveys", lang))
    section.charts.append(charts.nps_trend(trend, lang=lang, period=period))
    section.tables.append((t("page.surveys", lang), trend.tail(_TOP_ROWS)))
    return section


def _service(tickets, period, lang) -> Section | None:
    if tickets is None:
        return None
    from cxreport.metrics import service

    section = Section("service", t("page.service", lang))
    volume = service.ticket_volume(tickets, period=period)
    if volume.height:
        section.charts.append(charts.ticket_volume(volume, lang=lang, period=period))
    times = service.response_times(tickets, period=period)
    if times.height and times.get_column("n_first_response").sum():
        section.charts.append(charts.response_times(times, lang=lang, period=period))
        section.tables.append((t("page.service", lang), times.tail(_TOP_ROWS)))
    return section if section.charts else None


def _ux_vs_cx(tables, lang) -> Section | None:
    if Kind.UX not in tables:
        return None
    from cxreport.metrics import ux_vs_cx

    named = {k.value: v for k, v in tables.items() if k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS, Kind.ORDERS)}
    comparison = ux_vs_cx.ux_vs_cx(**named, by="touchpoint")
    if comparison.is_empty():
        return None
    section = Section("ux_vs_cx", t("page.ux_vs_cx", lang))
    section.charts.append(charts.ux_cx_quadrant(comparison, lang=lang, by="touchpoint"))
    section.tables.append((t("page.ux_vs_cx", lang), comparison.head(_TOP_ROWS)))
    return section


def _cx_model(ws: Workspace, filters: Filters, lang: str) -> Section | None:
    """The "Why: the CX model" page: SERVQUAL per dimension, the key drivers of NPS, the
    CX-indicator scorecard and the journey's friction points with their reasons, each part
    the data allow (a part they do not allow is left out, as on the page)."""
    from cxreport.metrics import drivers, indicators, journey, servqual
    from cxreport.summary import indicator_label, indicator_missing, indicator_source, indicator_value

    def label(prefix: str, name: str | None) -> str | None:
        return None if name is None else t(f"{prefix}.{name}", lang)

    section = Section("cx_model", t("page.cx_model", lang))
    responses = ws.filtered(Kind.SURVEYS, filters) if ws.has(Kind.SURVEYS) else None
    tickets = ws.filtered(Kind.TICKETS, filters) if ws.has(Kind.TICKETS) else None
    items = ws.servqual_items()
    if responses is not None and responses.height and any(i.role == "perception" for i in items):
        dims = servqual.servqual(responses, items)
        section.charts.append(charts.servqual_bars(dims, lang=lang))
        section.tables.append((t("chart.servqual", lang), dims.select(
            pl.col("dimension").replace_strict({d: label("servqual", d) for d in servqual.DIMENSIONS}),
            "perception", "ci_low", "ci_high", "expectation", "gap", "gap_ci_low", "gap_ci_high", "n")))
    if responses is not None and responses.height and "nps_score" in responses.columns:
        try:
            found = drivers.key_drivers(drivers.driver_table(responses, tickets=tickets, items=items))
        except CXError:
            found = None  # no driver beside NPS, or too few respondents: left out, as on the page
        if found is not None:
            section.charts.append(charts.driver_quadrant(found, lang=lang))
            first = found.row(0, named=True)
            shown = pl.DataFrame([{
                "driver": label("driver", r["driver"]), "importance": r["importance"], "ci_low": r["ci_low"],
                "ci_high": r["ci_high"], "performance": None if r["performance"] is None else
                fmt_percent(r["performance"], lang, 1), "quadrant": label("driver_quadrant", r["quadrant"]), "n": r["n"],
            } for r in found.to_dicts()], schema_overrides={"performance": pl.String, "quadrant": pl.String})
            section.tables.append((f"{t('chart.key_drivers', lang)}. "
                                   f"{t('cxmodel.drivers_method', lang, n=first['n'], r2=first['r2'])}", shown))
    cards = indicators.cx_indicators(**{k.value: ws.filtered(k, filters) for k in (Kind.ORDERS, Kind.TICKETS, Kind.SURVEYS)
                                        if ws.has(k)})
    scorecard = [{"indicator": indicator_label(key, c, lang),
                  "value": None if "missing" in c else indicator_value(c, lang),
                  "source": None if "missing" in c else indicator_source(c, lang),
                  "n": c.get("n"), "missing": indicator_missing(key, c, lang) if "missing" in c else None}
                 for key, c in ((k, card.as_dict()) for k, card in cards.items())]
    section.tables.append((t("render.cx_indicators", lang), pl.DataFrame(scorecard, schema={
        "indicator": pl.String, "value": pl.String, "source": pl.String, "n": pl.Int64, "missing": pl.String})))
    # the journey shows every touchpoint, whichever one the view is filtered to (as on the page)
    around = filters.without("touchpoint")
    journey_tables = {k.value: ws.filtered(k, around) for k in (Kind.SURVEYS, Kind.TICKETS, Kind.UX, Kind.ORDERS)
                      if ws.has(k)}
    if any("touchpoint" in frame.columns for frame in journey_tables.values() if frame is not None):
        table = journey.journey(**journey_tables, stages=ws.journey_stages(), lang=lang)
        section.charts.append(charts.journey_map(table, lang=lang, selected=filters.dims.get("touchpoint", ())))
        ranked = journey.friction_points(table)
        section.tables.append((t("cxmodel.friction_points", lang), ranked.with_columns(
            pl.col("stage").replace_strict({s: t(f"stage.{s}", lang) for s in journey.STAGES}, default=t("stage.none", lang)),
            pl.col("reasons").list.join("; "))))
    return section if section.charts or any(r["value"] is not None for r in scorecard) else None


NOTEBOOK_ROWS: Final = 50  # rows of a SQL result printed in a document; the app's table has them all


def notebook_sections(nb: Notebook, ws: Workspace, filters: Filters, view: ViewState) -> list[Section]:
    """One section per cell, in order: a note as its Markdown, a SQL cell's result (its
    first `NOTEBOOK_ROWS` rows), a chart cell's chart, a pin's chart or card. A cell that
    cannot run says why in its section, and the others still run (`cxreport.render.cells`)."""
    from cxreport.render import cells

    lang = view.lang
    title = nb.title or t("page.notebook", lang)
    # Every query once, before the cells: a chart cell may stand above its SQL cell.
    results = {c.id: cells.run_sql_cell(c, ws, filters, period=view.period) for c in nb.sql_cells() if c.sql.strip()}
    sections: list[Section] = []
    for cell in nb.cells:
        section = Section(f"notebook-{cell.id}", title)
        try:
            if isinstance(cell, NoteCell):
                section.notes.append(cell.text)
            elif isinstance(cell, SqlCell):
                if cell.id not in results:
                    continue  # no query written
                out = results[cell.id]
                if out.error is not None:
                    raise out.error
                caption = cell.sql if out.frame.height <= NOTEBOOK_ROWS else \
                    f"{cell.sql}\n{t('render.notebook_cut', lang, shown=NOTEBOOK_ROWS, total=out.frame.height)}"
                section.tables.append((caption, out.frame.head(NOTEBOOK_ROWS)))
            elif isinstance(cell, ChartCell):
                source = results.get(cell.source)
                if source is None or source.frame is None:
                    continue  # its SQL cell is empty, or failed (said in that cell's section)
                section.charts.append(cells.chart_of(cell, source.frame, lang=lang))
            elif isinstance(cell, PinCell):
                found = cells.draw_pin(cell, ws, view)
                if isinstance(found, headlines.Card):
                    section.cards.append(found)
                else:
                    section.charts.append(found)
        except CXError as err:
            section.problems.append(str(err))
        sections.append(section)
    return sections
