"""Small Streamlit pieces every page uses: plain-language errors, data guards, downloads."""

from __future__ import annotations

import logging
import math
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import altair as alt
import polars as pl
import streamlit as st

from cxreport import export, headlines, pins, safe_text
from cxreport.columns import (LONG_TEXT_COLUMNS, SCREEN_COLUMNS, SCREEN_LABELS, cell_formatter, column_label,
                              join_intervals)
from cxreport.fmt import MISSING, fmt_money, fmt_money_compact, fmt_number, fmt_percent, is_missing
from cxreport.errors import CXError
from cxreport.fields import Kind
from cxreport.i18n import t
from cxreport.translations import TRANSLATIONS
from cxreport.ui import session, view

log = logging.getLogger("cxreport")


def error_text(err: CXError, lang: str) -> str:
    """An error in the user's language (as Markdown: the values it names are escaped),
    falling back to the library's English text (escaped whole: it embeds values too)."""
    key = f"error.{err.code}"
    if key in TRANSLATIONS:
        try:
            return t(key, lang, **{k: safe_text.markdown(v) for k, v in err.params.items()})
        except (KeyError, IndexError, ValueError):
            pass  # the error lacks a parameter the text names: the library's own words will do
    return safe_text.markdown(f"{err.message} {err.hint}".strip(), max_chars=None)


def show_error(err: BaseException) -> None:
    """Never a traceback on the page: a plain message, and the details in the server log."""
    if isinstance(err, CXError):
        st.error(error_text(err, view.lang()), icon="🚫")
    else:
        log.error("unexpected error: %s", "".join(traceback.format_exception(err)))
        st.error(view.tr("error.unexpected"), icon="🚫")


@contextmanager
def section() -> Iterator[None]:
    """A part of a page that may fail alone: its error is shown, the rest of the page still draws."""
    try:
        yield
    except Exception as err:  # noqa: BLE001 — same boundary as run_guarded, one section wide
        show_error(err)


def run_guarded(body: Callable[[], None]) -> None:
    """Run a page; any error becomes a message and the rest of the session stays usable."""
    try:
        body()
    except Exception as err:  # noqa: BLE001 — the boundary: everything else is shown plainly
        show_error(err)


def require(kind: Kind) -> pl.DataFrame:
    """The filtered table of a kind, or an explanation of what to upload (then stop the page)."""
    ws = session.workspace()
    if not ws.has(kind):
        st.info(view.tr("need.data", kind=view.tr(f"kind.{kind.value}")), icon="📂")
        st.page_link("pages/data.py", label=view.tr("need.go_to_data"), icon=":material/upload_file:")
        st.stop()
    frame = ws.filtered(kind, view.filters())
    if frame is None or frame.is_empty():
        st.warning(view.tr("need.filters_empty"), icon="🔎")
        st.stop()
    return frame


def chart(ch: alt.TopLevelMixin, name: str, *, key_prefix: str = "", **kwargs) -> object:
    """Draw an Altair chart with PNG/SVG downloads under it, and "Add to notebook" when the
    chart is one of the report's (`name` an id of `cxreport.pins.PINNABLE`) drawn on its page."""
    # theme=None: our own presentation theme (cxreport.charts), not Streamlit's.
    event = st.altair_chart(ch, width="stretch", theme=None, **kwargs)
    key = f"{key_prefix}{name}"
    with st.container(horizontal=True):
        _lazy_download(view.tr("download.png"), lambda: export.chart_png(ch), f"{name}.png", "image/png", f"png_{key}")
        _lazy_download(view.tr("download.svg"), lambda: export.chart_svg(ch).encode(), f"{name}.svg", "image/svg+xml", f"svg_{key}")
        if not key_prefix and name in pins.PINNABLE:
            pin_button(name)
    return event


def pinned(chart_id: str, **kwargs) -> object:
    """Draw one of the report's charts (`cxreport.pins`) for this session's view."""
    return chart(pins.draw(chart_id, session.context()), chart_id, **kwargs)


def card(c: headlines.Card, *, pin: bool = True) -> None:
    """An Overview card, and its "Add to notebook" action (`pin`)."""
    # Cards hold only our own words and numbers (currencies come from a fixed list): no escaping.
    with st.container(border=True, gap="small"):
        st.metric(c.label, c.value, delta=c.delta, help=c.help,
                  delta_color="normal" if c.higher_is_better else "inverse")
        # the period the number is for, its n and interval: on the card, not only in the help
        if c.period or c.note:
            st.caption(" · ".join(part for part in (c.period, c.note) if part))
        if pin:
            pin_button(f"card.{c.key}")


def pin_button(chart_id: str) -> None:
    """"Add to notebook": a pin of `chart_id` in the view on screen (cxreport.ui.notebook)."""
    from cxreport.ui import notebook

    if st.button(view.tr("notebook.pin"), key=f"pin_{chart_id}", type="tertiary", icon=":material/push_pin:",
                 help=view.tr("notebook.pin_help")):
        notebook.add_pin(chart_id)


def column_config(df: pl.DataFrame, currency: str | None = None, labels: dict[str, str] | None = None) -> dict:
    """Translated headers (the cells are formatted by `styled`; a format here would override it).
    `labels`: a column shown under another column's label (the data keep their names)."""
    lang, labels = view.lang(), labels or {}
    return {name: st.column_config.Column(column_label(labels.get(name, name), lang), help=tr_or_none(f"colhelp.{name}"),
                                          width=LONG_TEXT_COLUMNS.get(name))
            for name in df.columns}


def tr_or_none(key: str) -> str | None:
    return view.tr(key) if key in TRANSLATIONS else None


def styled(df: pl.DataFrame, currency: str | None = None, period: str | None = None, money: tuple[str, ...] = ()):
    """The table as a manager reads it: money with its currency in the language's format
    (``Rp 68.179.500``), shares as percentages, period starts as periods (``Jan 2025``),
    dates as dates, yes/no in words, missing values as "–" (`cxreport.columns.cell_formatter`).
    A pandas Styler: the grid shows these texts and still sorts by the values."""
    lang, period = view.lang(), period or view.current().period
    whole = {}
    floats = [n for n, d in df.schema.items() if d.is_float()]
    if floats and df.height:
        row = df.select([(pl.col(n).drop_nulls().drop_nans() == pl.col(n).drop_nulls().drop_nans().round(0)).all()
                         .alias(n) for n in floats]).row(0, named=True)
        whole = {n: bool(v) for n, v in row.items()}
    formats = {name: cell_formatter(name, dtype, lang, currency=currency, period=period, whole=whole.get(name, False),
                                    money=name in money) for name, dtype in df.schema.items()}
    # The grid draws a missing value as "None" whatever the Styler says, and a categorical
    # column (a SERVQUAL dimension, a journey stage) as its codes: such columns are sent as
    # their texts ("–" for the gaps), the others as values (they still sort as numbers).
    gaps = [n for n, d in df.schema.items() if df.get_column(n).null_count() or isinstance(d, (pl.Enum, pl.Categorical))
            or (d.is_float() and df.get_column(n).is_nan().any())]
    if gaps:
        df = df.with_columns(pl.Series(n, [MISSING if is_missing(x) else formats[n](x) for x in df.get_column(n).to_list()],
                                       dtype=pl.String) for n in gaps)
        formats = {n: f for n, f in formats.items() if n not in gaps}
    return df.to_pandas().style.format(formats, na_rep=MISSING)


MAX_STYLED_CELLS = 250_000  # pandas' Styler (formatted cells) refuses more than 262,144
# Rows a table shows on screen: each cell is formatted in Python and sent to the browser
# (27,000 rows of customers took over a second per rerun; 2,000 still cost the Churn page
# about 0.15 s on 1M orders); the CSV keeps every row, and the tables that grow with the
# data are sorted with what to act on first (customers at risk: the most revenue first).
MAX_ROWS_ON_SCREEN = 500


def table(df: pl.DataFrame, name: str, *, height: int | None = None, currency: str | None = None,
          columns: list[str] | None = None, period: str | None = None, money: tuple[str, ...] = (), **kwargs) -> None:
    """A table with a CSV download (formula cells neutralised; the CSV keeps every column and
    its name). `columns`: the ones that matter on screen (the rest are in the CSV). Money
    columns carry `currency`, by default the loaded orders' (or subscriptions') currency;
    period columns read as `period` (by default the view's granularity)."""
    if currency is None:
        ws = session.workspace()
        currency = ws.currency(Kind.ORDERS) or ws.currency(Kind.SUBSCRIPTIONS)
    columns = columns or SCREEN_COLUMNS.get(name)
    shown = df.select([c for c in columns if c in df.columns]) if columns else df
    lang, period_shown = view.lang(), period or view.current().period
    shown = join_intervals(shown, lambda c, dtype: cell_formatter(c, dtype, lang, currency=currency, period=period_shown,
                                                                  money=c in money))
    rows = min(MAX_STYLED_CELLS // max(shown.width, 1), MAX_ROWS_ON_SCREEN)
    if shown.height > rows:  # nobody reads 200,000 rows on screen; the CSV has them all
        st.caption(view.tr("table.first_rows", n=number(rows), total=number(shown.height)))
        shown = shown.head(rows)
    st.dataframe(styled(shown, currency, period, money), hide_index=True, width="stretch", height=height or "auto",
                 column_config=column_config(shown, currency, {c: n.format(period=period_shown)
                                                               for c, n in SCREEN_LABELS.get(name, {}).items()}), **kwargs)
    _lazy_download(view.tr("download.csv"), lambda: export.table_csv(df), f"{name}.csv", "text/csv", f"csv_{name}")


def _lazy_download(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    # Rendering PNGs for every chart on every rerun would cost seconds: st.download_button
    # accepts a callable that runs only when clicked.
    st.download_button(label, data=make, file_name=file_name, mime=mime, key=key, type="tertiary",
                       on_click="ignore")


def has_values(frame: pl.DataFrame, column: str) -> bool:
    """Whether a table has the column with at least one value (an export may leave it out)."""
    return column in frame.columns and frame.get_column(column).is_not_null().any()


def money(x: float | None, currency: str | None) -> str:
    return fmt_money(x, currency, view.lang())


def money_compact(x: float | None, currency: str | None) -> str:
    """``Rp 4,5 M``: a card's value that fits its card (the exact amount goes in its tooltip)."""
    return fmt_money_compact(x, currency, view.lang())


def percent(x: float | None, decimals: int = 1) -> str:
    return fmt_percent(x, view.lang(), decimals)


def number(x: float | None, decimals: int = 0) -> str:
    return fmt_number(x, view.lang(), decimals)


def churn_window_note(default) -> str:
    """Why the suggested churn window is what it is (a `churn.ChurnWindow`): the gap most repeat
    purchases come within, rounded up to the next usual window — said, so "90% within 126
    days" beside a 180-day window does not read as a contradiction."""
    from cxreport.metrics.churn import SENSIBLE_WINDOWS

    head = view.tr("churn.window_default", days=default.days)
    if default.gap_days_at_quantile is None:
        return f"{head} {view.tr('churn.window_fallback', days=default.days)}"
    windows = ", ".join(number(w) for w in SENSIBLE_WINDOWS)
    return f"{head} " + view.tr("churn.window_why", share=percent(default.quantile),
                                gap=number(math.ceil(default.gap_days_at_quantile)), gaps=number(default.gaps),
                                days=default.days, windows=windows)
