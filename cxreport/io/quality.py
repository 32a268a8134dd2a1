"""The data-quality report of one dataset: what was found, and what the report does about it.

One row per check: check, count, share (of rows read), severity (info/warning/error),
detail (facts such as the date range) and action — a sentence saying how the report
treats those rows, so nobody has to guess why a total differs from the source system.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from cxreport.fields import DATE_FIELD, Kind
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
    duplicates = raw.height - raw.unique().height
    add("duplicate_rows", duplicates, "warning" if duplicates else "info",
        "Exact duplicate rows are kept as they are; remove them at the source if the export repeated them.")
    id_field = UNIQUE_ID.get(kind)
    if id_field and id_field in table.columns:
        ids = table.get_column(id_field).drop_nulls()
        repeated = ids.len() - ids.n_unique()
        add("duplicate_ids", repeated, "warning" if repeated else "info",
            f"Rows sharing a {ID_NAMES[id_field]} are all counted; check whether the export repeats them.")
    if "customer_id" in table.columns:
        missing = table.get_column("customer_id").null_count()
        add("missing_customer_ids", missing, "warning" if missing else "info",
            "Rows without a customer id count in totals but not in per-customer metrics (retention, churn, value).")
    date_field = DATE_FIELD.get(kind)
    if date_field and date_field in table.columns:
        dates = table.get_column(date_field).drop_nulls()
        detail = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if dates.len() else "no dates"
        add("date_range", dates.len(), "info", "The date filter starts from this range.", detail)
        late = row_rules.out_of_reach(dates, as_of=today)
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

