"""The data-quality report of one dataset: what was found, and what the report does about it.

One row per check: check, count, share (of rows read), severity (info/warning/error),
detail (facts such as the date range) and action — a sentence saying how the report
treats those rows, so nobody has to guess why a total differs from the source system.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from cxreport.fields import DATE_FIELD, Kind
from cxreport.fmt import fmt_date, fmt_number
from cxreport.i18n import t
from cxreport.repeats import repeated_rows, repeated_values
from cxreport.translations import TRANSLATIONS
from cxreport.metrics import rows as row_rules

# The field that identifies one row, where a row should be unique. Orders have none:
# an export with one row per line item repeats the order id on every line.
UNIQUE_ID: dict[Kind, str] = {
    Kind.SUBSCRIPTIONS: "subscription_id",
    Kind.SURVEYS: "response_id",
    Kind.TICKETS: "ticket_id",
}
ID_NAMES = {"subscription_id": "subscription id", "response_id": "response id", "ticket_id": "ticket id"}
SCHEMA = {"check": pl.String, "count": pl.Int64, "share": pl.Float64, "severity": pl.String, "detail": pl.String, "action": pl.String}


def quality_report(
    raw: pl.DataFrame,
    table: pl.DataFrame,
    rejected: pl.DataFrame,
    kind: Kind | str,
    *,
    rows_read: int | None = None,
    today: dt.date | None = None,
) -> pl.DataFrame:
    """Checks of a dataset: `raw` strings as read, `table` canonical, `rejected` rows.

    `rows_read` counts the data rows in the file, including those rejected while reading
    (which `raw` no longer holds); it defaults to ``raw.height``.
    """
    kind = Kind(kind)
    today = today or dt.date.today()
    read = raw.height if rows_read is None else rows_read
    rows: list[tuple[str, int, str, str, str]] = []

    def add(check: str, count: int, severity: str, action: str, detail: str = "") -> None:
        rows.append((check, int(count), severity, detail, action))

    add("rows_read", read, "info", "Every row read is listed here; the checks below say what happens to some of them.")
    add("rows_rejected", rejected.height, "warning" if rejected.height else "info",
        "Rejected rows are left out of every metric; download them to fix them at the source.")
    duplicates = repeated_rows(raw)
    add("duplicate_rows", duplicates, "warning" if duplicates else "info",
        "Exact duplicate rows are kept as they are; remove them at the source if the export repeated them.")
    id_field = UNIQUE_ID.get(kind)
    if id_field and id_field in table.columns:
        ids = table.get_column(id_field).drop_nulls()
        repeated = repeated_values(ids)
        add("duplicate_ids", repeated, "warning" if repeated else "info",
            f"Rows sharing a {ID_NAMES[id_field]} are all counted; check whether the export repeats them.")
    if "customer_id" in table.columns:
        missing = table.get_column("customer_id").null_count()
        add("missing_customer_ids", missing, "warning" if missing else "info",
            "Rows without a customer id count in totals but not in per-customer metrics (retention, churn, value).")
    date_field = DATE_FIELD.get(kind)
    if date_field and date_field in table.columns:
        dates = table.get_column(date_field).drop_nulls()
        late = row_rules.out_of_reach(dates, as_of=today)
        # The range the date filter offers: the dates a metric can reach (the late ones next).
        reachable = dates.filter(~late)
        detail = f"{reachable.min():%Y-%m-%d} to {reachable.max():%Y-%m-%d}" if reachable.len() else "no dates"
        add("date_range", reachable.len(), "info", "The date filter starts from this range.", detail)
        future = int(late.sum())
        detail = f"after {today:%Y-%m-%d}" + (f"; {dates.filter(late).min():%Y-%m-%d} to {dates.filter(late).max():%Y-%m-%d}" if future else "")
        add("future_dates", future, "warning" if future else "info",
            "Rows dated after today, or far beyond the rest of the export (a typo year), are left out of every "
            "metric; check the export's dates.", detail)
    if kind is Kind.ORDERS:
        names = table.columns
        negative_row = (pl.col("amount") < 0).fill_null(False) if "amount" in names else pl.lit(False)
        refunds, negative = table.select((row_rules.is_full_refund(names) | negative_row).sum(), negative_row.sum()).row(0)
        add("refunds", refunds, "info",
            "Refund rows are subtracted from revenue; orders refunded in full add no revenue and are not purchases.",
            f"{negative} rows with a negative amount")
        tests = int(table.select(row_rules.is_test(names).sum()).item())
        cancelled = int(table.select((row_rules.is_cancelled(names) & ~row_rules.is_test(names)).sum()).item())
        add("test_or_cancelled", tests + cancelled, "info", "Test and cancelled orders are left out of every metric.",
            f"{tests} test, {cancelled} cancelled")
    out = pl.DataFrame(rows, schema={k: SCHEMA[k] for k in ("check", "count", "severity", "detail", "action")}, orient="row")
    share = pl.col("count") / read if read else pl.lit(None, dtype=pl.Float64)
    return out.with_columns(share=share.round(4)).select(list(SCHEMA))



# --- the report and the notes in the reader's language -------------------------------------
# The library writes both in English (the CLI's JSON and the tests read them); the app shows
# them through these, in the user's language. A note with no pattern here stays in English.

_ISO = r"(\d{4}-\d{2}-\d{2})"
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^{_ISO} to {_ISO}$"), "quality.detail.range"),
    (re.compile(rf"^after {_ISO}$"), "quality.detail.after"),
    (re.compile(rf"^after {_ISO}; {_ISO} to {_ISO}$"), "quality.detail.after_found"),
    (re.compile(r"^(\d+) rows with a negative amount$"), "quality.detail.negative"),
    (re.compile(r"^(\d+) test, (\d+) cancelled$"), "quality.detail.test_cancelled"),
    (re.compile(r"^no dates$"), "quality.detail.no_dates"),
)
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Skipped (\d+) extra header rows? \((.+)\)\.$"), "note.skipped_header_rows"),
    (re.compile(r"^Money is in ([A-Z]{3})\.$"), "note.money_in"),
    (re.compile(r"^Money is in ([A-Z]{3}), as its column's name says\.$"), "note.money_in_header"),
    (re.compile(r"^Money is in ([A-Z]{3}): (.+) exports are in [A-Z]{3}\.$"), "note.money_in_platform"),
    (re.compile(r"^Used the kind and columns you chose before for a file with these columns\.$"), "note.remembered"),
    (re.compile(r"^(\d+) rows were rejected because a required value is missing or wrong; see the rejected rows\.$"),
     "note.rejected"),
    (re.compile(r"^No NPS, CSAT or CES column is mapped: survey scores cannot be computed\.$"), "note.no_scores"),
    (re.compile(r"^Dates were read as day/month \(05/03 = 5 March\), as is usual in Indonesian data\. If that is wrong, "
                r"export the dates as YYYY-MM-DD\.$"), "note.dayfirst"),
    (re.compile(r"^Dates were read as month/day \(05/03 = May 3\), as no day above 12 decides it\. If that is wrong, "
                r"export the dates as YYYY-MM-DD\.$"), "note.monthfirst"),
    (re.compile(r"^Money read as you chose: (.+)\.$"), "note.money_chosen"),
    (re.compile(r"^Not mapped yet, but needed: (.+)\. Choose the matching columns\.$"), "note.not_mapped"),
    (re.compile(r"^'(.+)' holds dates: a row counts as yes when it has one, no when it is empty\.$"), "note.flag_dates"),
    (re.compile(r"^Amounts in '(.+)' such as 344\.000 were read as thousands \(344,000\), as is usual in Indonesian "
                r"exports\. If they are decimals, switch the number style on the Data page\.$"), "note.thousands_comma"),
    (re.compile(r"^Amounts in '(.+)' such as 344\.000 were read with a decimal point \(344\)\. If the dot separates "
                r"thousands \(Indonesian style\), switch the number style on the Data page\.$"), "note.thousands_point"),
    (re.compile(r"^The export mixes currencies \((.+)\); figures add them up as ([A-Z]{3}): filter to one currency for "
                r"exact totals\.$"), "note.mixed_currencies"),
    (re.compile(r"^(\d+) values in '(.+)' are not (dates|numbers|whole numbers|yes/no values); they are left empty\.$"),
     "note.not_values"),
    (re.compile(r"^(\d+) values in '(.+)' are outside (-?[\d.]+)–(-?[\d.]+); they are left empty\.$"), "note.outside"),
    (re.compile(r"^'(.+)' does not say its unit; its durations are read as minutes\.$"), "note.duration_no_unit"),
    (re.compile(r"^'(.+)' is in (seconds|hours|days); it was converted to minutes \(×([\d.]+)\)\.$"),
     "note.duration_converted"),
    (re.compile(r"^'(.+)' counts business hours only: times read from it are business-hours times\.$"),
     "note.business_hours"),
    (re.compile(r"^(\d+) ratings in '(.+)' are words: Good, Satisfied and Puas count as 5, Bad, Unsatisfied and Tidak puas "
                r"as 1 on the 1–5 scale, so CSAT is the share of good ratings\.$"), "note.rating_two_words"),
    (re.compile(r"^(\d+) ratings in '(.+)' are words on a five-label scale: Very satisfied = 5, Satisfied = 4, "
                r"Neutral = 3, Unsatisfied = 2, Very unsatisfied = 1\.$"), "note.rating_five_labels"),
    (re.compile(r"^(\d+) values in '(.+)' say the survey was offered or not offered but not answered \(Offered, "
                r"Unoffered\); they count as no rating\.$"), "note.no_rating"),
    (re.compile(r"^(\d+) line-item rows carry the order total on the first row only \(Shopify style\); their amount "
                r"counts as 0\. Revenue by product counts each order's total under the product on its first row\.$"),
     "note.line_items"),
    (re.compile(r"^Every row of an order repeats the order's total \((\d+) orders with several rows\): it counts once "
                r"per order, on the order's first row; the other (\d+) rows count 0\.$"), "note.order_totals"),
    (re.compile(r"^(\d+) line\(s\) hold NUL bytes \(binary data, not text\) and were left out; they are listed as "
                r"rejected\.$"), "note.nul_lines"),
    (re.compile(r"^The file has no header row: its columns are named column_1 to column_(\d+) and were recognised by "
                r"their content\.$"), "note.headerless"),
    (re.compile(r"^(\d+) line\(s\) were not valid UTF-8 and were read as Windows-1252 \(the rest of the file is "
                r"UTF-8\); check their accented letters\.$"), "note.cp1252"),
    (re.compile(r"^(\d+) rows could not be split into the header's columns; they are listed as rejected\.$"),
     "note.unsplit"),
    (re.compile(r"^The archive holds (\d+) tables; only (.+) was read here \(not: (.+)\)\.$"), "note.archive"),
)


def _translated(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...], lang: str, *, as_read: bool = False) -> str:
    """`as_read`: the values are the file's own (a column's name, a cell as written) and stay
    as they are; only the library's words are translated."""
    for pattern, key in patterns:
        found = pattern.match(text)
        if found:
            values = [t(_WORDS[v], lang) if as_read and v in _WORDS else
                      v if as_read or _quoted(found, i) else _value(v, lang)
                      for i, v in enumerate(found.groups(), start=1)]
            return t(key, lang, **{f"v{i}": v for i, v in enumerate(values)})
    return text


def _quoted(found: re.Match[str], group: int) -> bool:
    """A value the library quotes ('Order Date', 'amount') is the file's own: a column's name
    or a cell as written, never translated or reformatted."""
    start, end = found.span(group)
    text = found.string
    return 0 < start and end < len(text) and text[start - 1] == "'" and text[end] == "'"


# Why a row was rejected, or an answer left out (cxreport/io/read.py, normalise.py); a row
# rejected for several reasons has them joined by "; ".
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(.+) '(.*)' is not (a date|a number|a whole number|a yes/no value)$"), "reason.not_value"),
    (re.compile(r"^(.+) is empty$"), "reason.empty"),
    (re.compile(r"^holds a NUL byte \(binary data, not text\)$"), "reason.nul"),
    (re.compile(r"^has (\d+) fields where the header has (\d+)$"), "reason.fields"),
    (re.compile(r"^cannot be split into fields \((.*)\)$"), "reason.unsplit"),
    (re.compile(r"^not a number: this answer is left out, the response's other answers count$"), "reason.answer_not_number"),
    (re.compile(r"^outside the (NPS|CSAT|CES) scale (-?\d+)–(-?\d+): this answer is left out, the response's other "
                r"answers count$"), "reason.answer_outside"),
)

_WORDS = {"Qualtrics export": "note.qualtrics_export", "a description of each column": "note.column_descriptions",
          "a date": "reason.a_date", "a number": "reason.a_number", "a whole number": "reason.a_whole_number",
          "a yes/no value": "reason.a_flag"}


_UNITS = {"dates": "note.unit.dates", "numbers": "note.unit.numbers", "whole numbers": "note.unit.whole_numbers",
          "yes/no values": "note.unit.flags", "seconds": "note.unit.seconds", "hours": "note.unit.hours",
          "days": "note.unit.days"}
# A list of the kind's fields ("order_date, amount"), named as the mapping editor names them.
_FIELDS = re.compile(r"^[a-z_]+(, [a-z_]+)*$")


def _value(text: str, lang: str) -> str:
    if text in _WORDS:
        return t(_WORDS[text], lang)
    if text in _UNITS:
        return t(_UNITS[text], lang)
    if _FIELDS.match(text) and all(f"field.{f}" in TRANSLATIONS for f in text.split(", ")):
        return ", ".join(t(f"field.{f}", lang) for f in text.split(", "))
    if re.fullmatch(_ISO, text):
        return fmt_date(dt.date.fromisoformat(text), lang)
    if text.isdigit():
        return fmt_number(int(text), lang)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return fmt_number(float(text), lang, len(text.split(".")[1]))
    return text


def note_text(note: str, lang: str) -> str:
    """A dataset note in `lang` ("Skipped 2 extra header rows (Qualtrics export)." ->
    "2 baris judul tambahan dilewati (ekspor Qualtrics).")."""
    return note if lang == "en" else _translated(note, _NOTES, lang)


def quality_for_reader(report: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`quality_report`'s table with its checks, severities, details and actions in `lang`
    (numbers and dates written the language's way); the columns and counts unchanged."""
    rows = [
        {**row,
         "check": t(f"quality.check.{row['check']}", lang) if f"quality.check.{row['check']}" in TRANSLATIONS else row["check"],
         "severity": t(f"quality.severity.{row['severity']}", lang),
         "detail": _translated(row["detail"] or "", _DETAILS, lang),
         "action": t(f"quality.action.{row['check']}", lang) if f"quality.action.{row['check']}" in TRANSLATIONS
         else row["action"]}
        for row in report.to_dicts()
    ]
    return pl.DataFrame(rows, schema=report.schema) if rows else report


def reasons_for_reader(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Rejected rows (or answers left out) with their `reason` in `lang`; the rest unchanged.

    >>> rejected = pl.DataFrame({"line": [4], "reason": ["Order Date '31/31/2024' is not a date; Total is empty"]})
    >>> reasons_for_reader(rejected, "id").item(0, "reason")
    "Order Date '31/31/2024' bukan tanggal; Total kosong"
    >>> reasons_for_reader(pl.DataFrame({"reason": ["amount '1234x' is not a number"]}), "id").item(0, "reason")
    "amount '1234x' bukan angka"
    """
    if lang == "en" or "reason" not in frame.columns or frame.is_empty():
        return frame
    texts = ["; ".join(_translated(part, _REASONS, lang, as_read=True) for part in _reasons(reason)) if reason else reason
             for reason in frame.get_column("reason").to_list()]
    return frame.with_columns(pl.Series("reason", texts, dtype=pl.String))


def _reasons(text: str) -> list[str]:
    """A row's reasons, joined by "; " — which a quoted cell may hold too ('1; 2'): pieces are
    put back together until they read as one known reason."""
    out: list[str] = []
    pending = ""
    for piece in text.split("; "):
        pending = f"{pending}; {piece}" if pending else piece
        if any(pattern.match(pending) for pattern, _ in _REASONS):
            out.append(pending)
            pending = ""
    return out + [pending] if pending else out

