"""The customer journey: touchpoints along their stages, and where the friction is.

Stages, in journey order (`STAGES`): discover → buy → receive/use → get help →
return/recommend. A touchpoint's stage is recognised from its name, English or Indonesian
(`STAGE_WORDS`: search, browse, cari → discover; cart, checkout, payment, bayar → buy;
delivery, pengiriman, unboxing, app usage, subscription → receive/use; support, chat,
call, bantuan → get help; review, return, refund, ulasan, pengembalian → return/recommend);
a name that says none is left without a stage (listed last) until the caller sets it
(``stages={"Langganan": "receive_use"}``).

Per touchpoint, whatever the tables allow: customers (distinct customer ids seen there in
surveys, tickets and UX tests, and orders when they name a touchpoint), CSAT (top-2-box
share) and NPS of the surveys about it, tickets and tickets per 1,000 orders (the tickets
about it ÷ all the orders of the same rows × 1,000), the share of its tickets that are
questions a page could answer (`indicators.topic_kind`), UX task success and time on task
(geometric mean of successful attempts, seconds), and revenue (orders that name a
touchpoint).

**Friction score.** For each signal, the touchpoint's relative distance from the median of
the journey's touchpoints, in the bad direction only: (median − value) ÷ median for a
signal where higher is better (CSAT, NPS, task success), (value − median) ÷ median where
lower is better (tickets per 1,000 orders — or tickets, the same distance —, information
questions, time on task); 0 when it is at or better than the median. NPS is shifted to
0–200 (NPS + 100) first, so the ratio is defined. The friction score is the mean of the
distances over the signals the touchpoint has (a median needs at least two touchpoints with
the signal; a median of 0 gives no distance). `reasons` lists the signals at least
`REASON_MIN` (10%) worse than the median, worst first ("task success 55% against 82%;
tickets 1.6× the median").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import reduce

import polars as pl

from cxreport.errors import MappingProblem
from cxreport.fields import OrderColumns, SurveyColumns, TicketColumns, UXColumns
from cxreport.fmt import fmt_number, fmt_percent
from cxreport.i18n import t
from cxreport.metrics import surveys as survey_metrics
from cxreport.metrics import ux as ux_metrics
from cxreport.metrics._frames import as_lazy, valid_orders
from cxreport.metrics.indicators import topic_kind
from cxreport.metrics.inputs import TableInput

STAGES: tuple[str, ...] = ("discover", "buy", "receive_use", "get_help", "return_recommend")
# Checked in this order (a "refund request via chat" is return/recommend, "lacak pesanan" receive/use).
STAGE_WORDS: dict[str, str] = {
    "return_recommend": r"review|ulasan|return|retur|refund|pengembalian|recommend|rekomendasi|referral|renew|loyal|"
                        r"testimon|rating",
    "get_help": r"support|help|chat|call|contact|bantuan|dukungan|layanan pelanggan|\bcs\b|hubungi|keluhan|complain|faq",
    "receive_use": r"deliver|shipping|shipment|pengiriman|kirim|unbox|usage|\buse\b|using|pakai|penggunaan|\bapp\b|aplikasi|"
                   r"install|onboard|setup|subscription|langganan|track|lacak|receiv|terima",
    "buy": r"cart|checkout|check out|payment|\bpay|bayar|pembayaran|keranjang|purchase|\bbuy|beli|order|pesan|voucher|promo",
    "discover": r"search|browse|cari|jelajah|discover|landing|home|beranda|catalog|katalog|product page|halaman produk|"
                r"\bads?\b|iklan|social|sign ?up|daftar",
}
REASON_MIN = 0.10
# signal -> higher is better
SIGNALS: dict[str, bool] = {
    "csat": True, "nps": True, "tickets_per_1000_orders": False, "information_share": False,
    "task_success": True, "time_on_task_seconds": False,
}
TOUCHPOINT = "touchpoint"
# A reason in machine-readable form: the signal (the `journey.reason.<code>` text) and its numbers.
REASON_CODE_TYPE = pl.List(pl.Struct({"code": pl.String, "params": pl.Struct(
    {"value": pl.Float64, "median": pl.Float64, "ratio": pl.Float64})}))

_COLUMNS: dict[str, pl.DataType] = {
    "stage": pl.String(), "stage_order": pl.Int64(), "stage_set": pl.Boolean(), TOUCHPOINT: pl.String(),
    "customers": pl.Int64(), "csat": pl.Float64(), "csat_n": pl.Int64(), "nps": pl.Float64(), "nps_n": pl.Int64(),
    "tickets": pl.Int64(), "tickets_per_1000_orders": pl.Float64(), "information_share": pl.Float64(),
    "task_success": pl.Float64(), "task_n": pl.Int64(), "time_on_task_seconds": pl.Float64(), "revenue": pl.Float64(),
}


def recognise_stage(touchpoint: str | None) -> str | None:
    """The journey stage a touchpoint's name says, or None.

    >>> [recognise_stage(n) for n in ("Browse", "Checkout", "Pengiriman", "Bantuan CS", "Ulasan produk", "Gudang")]
    ['discover', 'buy', 'receive_use', 'get_help', 'return_recommend', None]
    """
    if touchpoint is None:
        return None
    text = touchpoint.lower()
    return next((stage for stage, words in STAGE_WORDS.items() if re.search(words, text)), None)


def stage_of(column: str) -> pl.Expr:
    """`recognise_stage` as a Polars expression over a column of touchpoint names."""
    text = pl.col(column).cast(pl.String).str.to_lowercase()
    expr = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
    for stage, words in STAGE_WORDS.items():
        expr = expr.when(text.str.contains(words)).then(pl.lit(stage))
    return expr.otherwise(pl.lit(None, pl.String))


def _check_stages(stages: Mapping[str, str]) -> None:
    wrong = sorted({s for s in stages.values() if s not in STAGES})
    if wrong:
        raise MappingProblem("unknown_stage", f"{', '.join(wrong)} is not a journey stage.",
                             f"Use one of: {', '.join(STAGES)}.", stages=", ".join(wrong))


def _with_touchpoint(table: TableInput | None, column: str) -> pl.LazyFrame | None:
    if table is None:
        return None
    lazy = as_lazy(table)
    if column not in lazy.collect_schema().names():
        return None
    return lazy.with_columns(pl.col(column).cast(pl.String).alias(TOUCHPOINT)).filter(pl.col(TOUCHPOINT).is_not_null())


def _has(lazy: pl.LazyFrame, *columns: str) -> bool:
    names = lazy.collect_schema().names()
    return all(c in names for c in columns)


def _customers(parts: list[tuple[pl.LazyFrame | None, str]]) -> list[pl.DataFrame]:
    seen = [lazy.select(TOUCHPOINT, pl.col(customer).cast(pl.String).alias("_customer"))
            for lazy, customer in parts if lazy is not None and _has(lazy, customer)]
    if not seen:
        return []
    return [pl.concat(seen).drop_nulls().group_by(TOUCHPOINT)
            .agg(pl.col("_customer").n_unique().cast(pl.Int64).alias("customers")).collect()]


def _survey_parts(lazy: pl.LazyFrame | None, cols: SurveyColumns) -> list[pl.DataFrame]:
    if lazy is None:
        return []
    parts = []
    if _has(lazy, cols.csat_score):
        parts.append(survey_metrics.csat(lazy, cols, by=TOUCHPOINT).select(
            TOUCHPOINT, "csat", pl.col("n").alias("csat_n")))
    if _has(lazy, cols.nps_score):
        parts.append(survey_metrics.nps(lazy, cols, by=TOUCHPOINT).select(TOUCHPOINT, "nps", pl.col("n").alias("nps_n")))
    return parts


def _ticket_parts(lazy: pl.LazyFrame | None, cols: TicketColumns, orders: int | None) -> list[pl.DataFrame]:
    if lazy is None:
        return []
    per_1000 = pl.col("tickets") / orders * 1000 if orders else pl.lit(None, pl.Float64)
    aggs = [pl.len().cast(pl.Int64).alias("tickets")]
    if _has(lazy, cols.topic):
        kind = topic_kind(cols.topic)
        aggs.append((kind == "information").sum().cast(pl.Float64).truediv(kind.count()).alias("information_share"))
    return [lazy.group_by(TOUCHPOINT).agg(aggs).with_columns(per_1000.alias("tickets_per_1000_orders")).collect()]


def _ux_parts(lazy: pl.LazyFrame | None, cols: UXColumns) -> list[pl.DataFrame]:
    if lazy is None or not _has(lazy, cols.success):
        return []
    parts = [ux_metrics.task_success(lazy, cols, by=TOUCHPOINT).select(
        TOUCHPOINT, pl.col("rate").alias("task_success"), pl.col("n").alias("task_n"))]
    if _has(lazy, cols.time_on_task_seconds):
        parts.append(ux_metrics.time_on_task(lazy, cols, by=TOUCHPOINT).select(
            TOUCHPOINT, pl.col("geometric_mean_seconds").alias("time_on_task_seconds")))
    return parts


def _order_count(orders: TableInput | None, cols: OrderColumns) -> int | None:
    if orders is None:
        return None
    purchases = valid_orders(orders, cols).filter(pl.col("is_purchase"))
    count = pl.when(pl.col("order_id").is_not_null().any()).then(pl.col("order_id").drop_nulls().n_unique()).otherwise(pl.len())
    return int(purchases.select(count).collect().item())


def _order_revenue(orders: TableInput | None, cols: OrderColumns) -> list[pl.DataFrame]:
    if orders is None or TOUCHPOINT not in as_lazy(orders).collect_schema().names():
        return []
    return [valid_orders(orders, cols, by=TOUCHPOINT).drop_nulls(TOUCHPOINT).group_by(TOUCHPOINT)
            .agg(pl.col("amount").sum().alias("revenue")).collect()]


def _distance(name: str, higher_is_better: bool) -> pl.Expr:
    value = pl.col(name) + 100 if name == "nps" else pl.col(name)
    median = value.median()
    gap = (median - value) if higher_is_better else (value - median)
    enough = pl.col(name).count() >= 2
    return pl.when(enough & (median > 0) & value.is_not_null()).then(pl.max_horizontal(gap / median, pl.lit(0.0))) \
        .alias(f"{name}_friction")


def reason_text(code: str, params: Mapping[str, float | None], lang: str = "en") -> str:
    """One reason (`reason_codes` entry: the signal, its value and the journey's median) as a
    sentence in `lang`.

    >>> reason_text("task_success", {"value": 0.55, "median": 0.85}, "id")
    'keberhasilan tugas 55% dibanding 85%'
    >>> reason_text("tickets_per_1000_orders", {"value": 30.0, "median": 10.0, "ratio": 3.0})
    'tickets 3.0× the median'
    """
    value, median = params.get("value"), params.get("median")
    if code in ("csat", "task_success", "information_share"):
        shown = {"value": fmt_percent(value, lang, 0), "median": fmt_percent(median, lang, 0)}
    elif code in ("nps", "time_on_task_seconds"):
        shown = {"value": fmt_number(value, lang, 0), "median": fmt_number(median, lang, 0)}
    else:
        shown = {"ratio": fmt_number(params.get("ratio"), lang, 1)}
    return t(f"journey.reason.{code}", lang, **shown)


def _reason_codes(row: dict, medians: dict[str, float | None]) -> list[dict]:
    """The signals at least REASON_MIN worse than the median, worst first: {code, params}."""
    found = sorted(((row[f"{s}_friction"], s) for s in SIGNALS if (row.get(f"{s}_friction") or 0) >= REASON_MIN),
                   key=lambda pair: -pair[0])  # ties in SIGNALS order
    out = []
    for _, signal in found:
        value, median = row[signal], medians[signal]
        ratio = value / median if signal in ("tickets_per_1000_orders", "tickets") else None
        out.append({"code": signal, "params": {"value": value, "median": median, "ratio": ratio}})
    return out


def journey(*, surveys: TableInput | None = None, tickets: TableInput | None = None, ux: TableInput | None = None,
            orders: TableInput | None = None, stages: Mapping[str, str] | None = None, lang: str = "en",
            survey_cols: SurveyColumns = SurveyColumns(), ticket_cols: TicketColumns = TicketColumns(),
            ux_cols: UXColumns = UXColumns(), order_cols: OrderColumns = OrderColumns()) -> pl.DataFrame:
    """One row per touchpoint, in journey order, with its signals and friction score.

    `stages` sets the stage of touchpoints by name (values from `STAGES`), over what their
    names say. `lang` is the language of `reasons`. See the module docstring for the
    definitions. Returns stage, stage_order (0–4; 5 without a stage), stage_set (set by
    the caller), touchpoint, customers, csat, csat_n, nps, nps_n, tickets,
    tickets_per_1000_orders, information_share, task_success, task_n,
    time_on_task_seconds, revenue, one <signal>_friction column per signal, signals (how
    many were compared), friction_score, reasons (list of sentences), reason_codes (the same
    reasons as {code: the signal, params: {value, median, ratio}}, for `reason_text` in any
    language).

    >>> s = pl.DataFrame({"touchpoint": ["Browse", "Browse", "Checkout", "Checkout", "Delivery", "Delivery"],
    ...                   "csat_score": [5, 4, 2, 4, 5, 5]})
    >>> out = journey(surveys=s)
    >>> out.select("stage", "touchpoint", "csat", "friction_score").rows()
    [('discover', 'Browse', 1.0, 0.0), ('buy', 'Checkout', 0.5, 0.5), ('receive_use', 'Delivery', 1.0, 0.0)]
    >>> out.filter(pl.col("touchpoint") == "Checkout").get_column("reasons").item().to_list()
    ['CSAT 50% against 100%']
    """
    stages = dict(stages or {})
    _check_stages(stages)
    surveyed = _with_touchpoint(surveys, survey_cols.touchpoint)
    ticketed = _with_touchpoint(tickets, ticket_cols.touchpoint)
    tested = _with_touchpoint(ux, ux_cols.touchpoint)
    ordered = _with_touchpoint(orders, TOUCHPOINT)
    given = [n for n, v in (("surveys", surveys), ("tickets", tickets), ("ux", ux), ("orders", orders)) if v is not None]
    if not any(x is not None for x in (surveyed, ticketed, tested, ordered)):
        raise MappingProblem("no_touchpoint", f"None of the tables ({', '.join(given) or 'none given'}) names a touchpoint.",
                             "Map the column that says where in the journey a survey, ticket or test was (touchpoint, "
                             "journey stage, tahap).")
    parts = [
        *_customers([(surveyed, survey_cols.customer_id), (ticketed, ticket_cols.customer_id), (tested, "customer_id"),
                     (ordered, order_cols.customer_id)]),
        *_survey_parts(surveyed, survey_cols),
        *_ticket_parts(ticketed, ticket_cols, _order_count(orders, order_cols)),
        *_ux_parts(tested, ux_cols),
        *_order_revenue(orders, order_cols),
    ]
    base = pl.DataFrame(schema={TOUCHPOINT: pl.String})
    joined = reduce(lambda a, b: a.join(b, on=TOUCHPOINT, how="full", coalesce=True), parts, base)
    joined = joined.with_columns(pl.lit(None, dtype).alias(name) for name, dtype in _COLUMNS.items()
                                 if name not in joined.columns and name not in ("stage", "stage_order", "stage_set"))
    overrides = pl.DataFrame({TOUCHPOINT: list(stages), "_set": list(stages.values())},
                             schema={TOUCHPOINT: pl.String, "_set": pl.String})
    order = pl.DataFrame({"stage": list(STAGES), "stage_order": list(range(len(STAGES)))},
                         schema={"stage": pl.String, "stage_order": pl.Int64})
    scored = (joined.join(overrides, on=TOUCHPOINT, how="left")
              .with_columns(pl.col("_set").is_not_null().alias("stage_set"),
                            pl.coalesce("_set", stage_of(TOUCHPOINT)).alias("stage"))
              .join(order, on="stage", how="left")
              .with_columns(pl.col("stage_order").fill_null(len(STAGES)))
              .with_columns(_distance(name, better) for name, better in SIGNALS.items()))
    frictions = [f"{s}_friction" for s in SIGNALS]
    scored = scored.with_columns(
        pl.sum_horizontal(pl.col(c).is_not_null() for c in frictions).cast(pl.Int64).alias("signals"),
        pl.mean_horizontal(frictions).alias("friction_score"),
    ).select(*_COLUMNS, *frictions, "signals", "friction_score").sort("stage_order", TOUCHPOINT)
    medians = {s: scored.get_column(s).median() for s in SIGNALS}
    codes = [_reason_codes(row, medians) for row in scored.to_dicts()]  # one per touchpoint: a handful
    reasons = [[reason_text(c["code"], c["params"], lang) for c in found] for found in codes]
    return scored.with_columns(pl.Series("reasons", reasons, dtype=pl.List(pl.String)),
                               pl.Series("reason_codes", codes, dtype=REASON_CODE_TYPE))


def friction_points(journey_table: pl.DataFrame, *, min_score: float = 0.0) -> pl.DataFrame:
    """The touchpoints of `journey` with a friction score above `min_score`, worst first,
    with their rank (1 = most friction): rank, stage, touchpoint, customers, friction_score,
    reasons.

    >>> j = pl.DataFrame({"stage": ["buy", "receive_use", "discover"], "touchpoint": ["Checkout", "Delivery", "Browse"],
    ...                   "customers": [10, 8, 12], "friction_score": [0.4, 0.2, 0.0], "reasons": [["a"], ["b"], []]})
    >>> friction_points(j).select("rank", "touchpoint").rows()
    [(1, 'Checkout'), (2, 'Delivery')]
    """
    ranked = journey_table.filter(pl.col("friction_score") > min_score).sort(
        ["friction_score", TOUCHPOINT], descending=[True, False])
    return ranked.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int64)).select(
        "rank", "stage", TOUCHPOINT, "customers", "friction_score", "reasons")
