"""The report as a Jupyter notebook that recomputes every number it shows.

The notebook loads the same files with `cxreport.load` (or, downloaded from the app, the
session's own tables and corrections from the data folder beside it: `cxreport.render.bundle`),
applies the same filters the same way (`cxreport.filters.history`: a customer's past before the range is kept), then has one
code cell per section calling the metric functions by name, and markdown cells for the
"What moved" sentences. Its last cell prints `cxreport.report(...).to_json()`, the JSON
`cxreport metrics --json` prints for the same files and filters. An analyst can rerun,
change and audit every step; nbclient runs it in the tests and its numbers are compared
with the command line's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cxreport import __version__
from cxreport.fields import DIMENSIONS
from cxreport.filters import Filters
from cxreport.i18n import t
from cxreport.notebook import ChartCell, Notebook, NoteCell, PinCell, SqlCell
from cxreport.safe_text import note
from cxreport.periods import Period
from cxreport.render.document import ReportDocument
from cxreport.state import ViewState


def _literal(value: object) -> str:
    return repr(value)


def _filters_code(filters: Filters) -> str:
    dims = {k: tuple(v) for k, v in sorted(filters.dims.items()) if v}
    date_from = f"dt.date.fromisoformat({filters.date_from.isoformat()!r})" if filters.date_from else "None"
    date_to = f"dt.date.fromisoformat({filters.date_to.isoformat()!r})" if filters.date_to else "None"
    return f"filters = Filters(date_from={date_from}, date_to={date_to}, dims={_literal(dims)})"


def _section(tag: str, title: str, code: str) -> list:
    cell = new_code_cell(code)
    cell.metadata["cxreport"] = tag
    return [new_markdown_cell(f"## {title}"), cell]


def _notebook_cells(nb: Notebook, doc: ReportDocument, view: ViewState | None) -> list:
    """A cxreport notebook's cells as Jupyter cells: notes as Markdown (HTML and images
    neutralised as in the app), SQL cells as `run_sql` calls whose results later cells
    use, chart cells drawn with `charts.sql_result_chart`, pins with `pins.draw` (in `view`,
    by default the document's filters, period and language)."""
    from cxreport.render.cells import pin_view
    from cxreport.state import to_query

    view = view or ViewState(lang=doc.lang, period=doc.period, date_from=doc.filters.date_from,
                             date_to=doc.filters.date_to,
                             filters={k: tuple(v) for k, v in doc.filters.dims.items() if k in DIMENSIONS})
    out = [new_markdown_cell(f"## {nb.title or t('page.notebook', doc.lang)}"), new_code_cell("\n".join([
        "from cxreport import charts, pins", "from cxreport.sql import run_sql", "from cxreport.state import from_query",
        "", "results = {}  # SQL cell id -> its result"]))]
    for cell in nb.cells:
        if isinstance(cell, NoteCell):
            out.append(new_markdown_cell(note(cell.text)))
        elif isinstance(cell, SqlCell):
            where = "filters" if cell.use_filters else "None"
            out.append(new_code_cell(f"results[{cell.id!r}] = run_sql(ws, {cell.sql!r}, filters={where}, period=PERIOD).frame\n"
                                     f"results[{cell.id!r}]"))
        elif isinstance(cell, ChartCell):
            out.append(new_code_cell(
                f"charts.sql_result_chart(results[{cell.source!r}], mark={cell.mark!r}, x={cell.x!r}, "
                f"y={cell.y or None!r}, color={cell.color or None!r}, aggregate={cell.aggregate!r}, lang={doc.lang!r})"))
        elif isinstance(cell, PinCell):
            query = to_query(pin_view(cell, view))
            out.append(new_code_cell(f"pin_view, _ = from_query({_literal(query)})\n"
                                     f"pins.draw({cell.chart!r}, pins.Context(ws, pin_view))"))
    return out


def _load_code(files: Sequence[str | Path], kinds: dict[str, str] | None, mappings: Sequence[tuple[str, str]],
               bundle: str | None) -> list[str]:
    """The lines that make `ws`: the files read again (the command line), or a bundle's data
    folder beside the notebook (the app's download, `cxreport.render.bundle`)."""
    if bundle is not None:
        return ["from cxreport.render.bundle import load_bundle", "",
                f"DATA = {bundle!r}  # the folder beside this notebook: the app's tables, mappings and corrections",
                "ws = load_bundle(DATA)"]
    paths = [str(Path(f).resolve()) for f in files]
    kinds_code = f", kinds={_literal(dict(kinds))}" if kinds else ""
    mapping_code = f", mapping={_literal(list(mappings))}" if mappings else ""
    return [f"FILES = {_literal(paths)}", f"ws = cxreport.load(*FILES{kinds_code}{mapping_code})"]


def to_ipynb(files: Sequence[str | Path], doc: ReportDocument, *, kinds: dict[str, str] | None = None,
             mappings: Sequence[tuple[str, str]] = (), notebook: Notebook | None = None, bundle: str | None = None,
             view: ViewState | None = None) -> nbformat.NotebookNode:
    """A notebook that reloads `files` (or, with `bundle`, the data folder of that name beside
    it) and recomputes `doc`'s sections (see the module docstring), then runs `notebook`'s
    cells when one is given. `view` gives the app's page parameters (churn window, CLV
    horizon, discount and margin); without it, the library's defaults."""
    lang, period, filters = doc.lang, doc.period, doc.filters
    params = view or ViewState()
    churn_window = params.churn_window
    where = {k: list(v) for k, v in sorted(filters.dims.items()) if v}
    how = [t("bundle.how_to_run", lang, folder=bundle), ""] if bundle is not None else []
    cells = [
        new_markdown_cell("\n".join([f"# {doc.title}", "", *how, *[f"- {line}" for line in doc.filter_lines()], "",
                                     f"cxreport {__version__}, {dt.date.today():%Y-%m-%d}"])),
        new_code_cell("\n".join([
            "import datetime as dt", "", "import polars as pl", "", "import cxreport",
            "from cxreport.filters import Filters, customers_in_window, history, restrict_periods", "",
            *_load_code(files, kinds, mappings, bundle), f"PERIOD = {period!r}",
            _filters_code(filters),
            "# What each metric computes on: the filters, with a customer's past before the range kept.",
            "tables = {kind.value: history(ws.table(kind), kind, filters) for kind in ws.kinds()}",
            "ws",
        ])),
    ]
    slugs = {s.slug: s for s in doc.sections}
    if "overview" in slugs:
        overview = slugs["overview"]
        cells.append(new_markdown_cell(f"## {overview.title}\n\n" + "\n".join(f"- {s}" for s in overview.sentences)))
    if "cohorts" in slugs:
        cells += _section("cohorts", slugs["cohorts"].title, "\n".join([
            "retention = restrict_periods(cxreport.metrics.cohort_retention(tables['orders'], period=PERIOD),",
            "                             'cohort', filters, PERIOD)",
            "monthly = retention if PERIOD == 'month' else restrict_periods(",
            "    cxreport.metrics.cohort_retention(tables['orders'], period='month'), 'cohort', filters, 'month')",
            "pl.concat([cxreport.metrics.retention_at(monthly, k).with_columns(month=pl.lit(k)) for k in (1, 3, 6)])",
        ]))
    if "churn" in slugs and "cohorts" in slugs:  # churn of orders (cohorts say orders are loaded)
        cells += _section("churn", slugs["churn"].title, "\n".join([
            *(["window = cxreport.metrics.default_churn_window_days(tables['orders'])",
               "print(window.explanation)", "window_days = window.days"] if churn_window is None else
              [f"window_days = {int(churn_window)}  # the report's chosen churn window"]),
            "churn = restrict_periods(cxreport.metrics.churn_by_period(tables['orders'], window_days=window_days,",
            "                                                          period=PERIOD), 'period', filters, PERIOD)",
            "churn",
        ]))
    if "clv" in slugs:
        cells += _section("clv", slugs["clv"].title, "\n".join([
            "try:  # the model needs enough repeat buyers; the report says when there are too few",
            f"    model = cxreport.metrics.predictive_clv(tables['orders'], horizon_months={params.clv_horizon!r}, "
            f"annual_discount_rate={params.clv_discount!r}, margin={params.clv_margin!r})",
            "    if filters.date_from is not None:  # fitted on the whole history, shown for the customers the range sees",
            "        seen = customers_in_window(tables['orders'], 'orders', filters).get_column('customer_id').unique()",
            "        model = cxreport.metrics.clv.for_customers(model, seen)",
            "    print(cxreport.metrics.clv_summary(model))",
            "except cxreport.CXError as err:",
            "    print(err)",
        ]))
    if "surveys" in slugs:
        cells += _section("surveys", slugs["surveys"].title, "\n".join([
            "nps = cxreport.metrics.nps(tables['surveys'])",
            "nps.to_dicts()",
        ]))
    if "service" in slugs:
        cells += _section("service", slugs["service"].title,
                          "cxreport.metrics.response_times(tables['tickets']).to_dicts()")
    if "surveys" in slugs:
        cells += _section("servqual", t("cxmodel.servqual", lang), "\n".join([
            "# The survey's SERVQUAL items as tagged (recognised from the questions, corrected by hand in the app).",
            "items = ws.servqual_items()",
            "servqual = (cxreport.metrics.servqual.servqual(tables['surveys'], items)",
            "            if any(i.role == 'perception' for i in items) else None)",
            "servqual",
        ]))
    if "surveys" in slugs:
        cells += _section("key_drivers", t("chart.key_drivers", lang), "\n".join([
            "# What drives NPS: Shapley shares of R² with bootstrap intervals (correlation, not causation).",
            "from cxreport.fields import Kind",
            "shown = {kind: ws.filtered(kind, filters) for kind in ws.kinds()}",
            "try:",
            "    key_drivers = cxreport.metrics.drivers.key_drivers(cxreport.metrics.drivers.driver_table(",
            "        shown[Kind.SURVEYS], tickets=shown.get(Kind.TICKETS), items=ws.servqual_items()))",
            "except cxreport.CXError as err:  # no driver beside NPS, or too few respondents",
            "    key_drivers = err",
            "key_drivers",
        ]))
    cells += _section("cx_indicators", t("render.cx_indicators", lang), "\n".join([
        "from cxreport.fields import Kind",
        "shown = {kind: ws.filtered(kind, filters) for kind in ws.kinds()}",
        "indicators = cxreport.metrics.indicators.cx_indicators(",
        "    **{k.value: shown[k] for k in (Kind.ORDERS, Kind.TICKETS, Kind.SURVEYS) if k in shown})",
        "{key: card.as_dict() for key, card in indicators.items()}",
    ]))
    cells += _section("journey", t("cxmodel.journey", lang), "\n".join([
        "# All touchpoints (a touchpoint filter picks one, the journey shows them all), stages as set by hand.",
        "shown = filters.without('touchpoint')",
        "journey_tables = {kind.value: history(ws.table(kind), kind, shown) for kind in ws.kinds()",
        "                  if kind.value in ('surveys', 'tickets', 'ux', 'orders')}",
        "journey = (cxreport.metrics.journey.journey(**journey_tables, stages=ws.journey_stages(), lang=" + repr(lang) + ")",
        "           if any('touchpoint' in f.columns for f in journey_tables.values()) else None)",
        "journey",
    ]))
    if notebook is not None and notebook.cells:
        cells += _notebook_cells(notebook, doc, view)
    where_code = f", where={_literal(where)}" if where else ""
    dates = "".join(f", {name}={value.isoformat()!r}" for name, value in
                    (("date_from", filters.date_from), ("date_to", filters.date_to)) if value)
    report_cell = new_code_cell(f"report = cxreport.report(ws, period=PERIOD{dates}{where_code})\n"
                                "print(report.to_json())")
    report_cell.metadata["cxreport"] = "report"
    cells += [new_markdown_cell(f"## {t('render.everything', lang)}"), report_cell]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def write_ipynb(notebook: nbformat.NotebookNode, out: Path) -> Path:
    out = Path(out)
    nbformat.write(notebook, str(out))
    return out
