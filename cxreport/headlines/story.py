"""What moved, in words: the data's largest movements as plain sentences for managers, e.g.
"NPS fell 9 points in Oct 2025 (±6)"."""


from __future__ import annotations


import polars as pl

from cxreport.fields import Kind
from cxreport.fmt import fmt_duration_hours, fmt_number, fmt_percent, fmt_signed, period_label
from cxreport.i18n import t
from cxreport.metrics import retention, service, surveys, ux_vs_cx
from cxreport.metrics.stats import ALPHA, MIN_N, two_proportion_z, two_sided_p, z_value
from cxreport.periods import Period

from cxreport.headlines.numbers import _row, _safe, latest_complete_period


def _nps_change_sentence(row: dict, period: Period, lang: str) -> str:
    """The latest NPS change, with the margin of the change (never the period's own margin)."""
    when = period_label(row["period"], period, lang)
    n, n_before = fmt_number(row["n"], lang), fmt_number(row["n_before"], lang)
    if not row["change_moe"]:  # every answer the same in both periods: the formula has no spread
        return t("story.nps_change_identical", lang, change=fmt_signed(row["change"], lang, 0), period=when, n=n,
                 n_before=n_before)
    key = "story.nps_rose_change" if row["change"] > 0 else "story.nps_fell_change"
    sentence = t(key, lang, points=fmt_number(abs(row["change"]), lang), period=when,
                 moe=fmt_number(row["change_moe"], lang), n=n, n_before=n_before)
    return sentence + ("" if abs(row["change"]) > row["change_moe"] else " " + t("story.not_significant", lang))


def _nps_sentences(responses: pl.DataFrame, tickets: pl.DataFrame | None, period: Period, lang: str) -> list[str]:
    out: list[str] = []
    trend = _safe(lambda: surveys.nps_by_period(responses, period=period))
    if trend is None or trend.height < 2:
        return out
    # Each period against the one before, as nps_by_period's change_z: the margin of the
    # change is 1.96·sqrt(Var₁ + Var₂)·100, and the change is significant when it exceeds it.
    trend = trend.sort("period").with_columns(
        (z_value() * (pl.col("variance") + pl.col("variance").shift(1)).sqrt() * 100).alias("change_moe"),
        pl.col("n").shift(1).alias("n_before"),
    )
    last = latest_complete_period(responses.get_column("response_date").max(), period)
    now = _row(trend, last)
    if now is not None and now["change"] is not None:
        out.append(_nps_change_sentence(now, period, lang))
    # The largest significant fall over the whole range, and what service looked like then.
    falls = trend.filter((pl.col("change") < 0) & (pl.col("change").abs() > pl.col("change_moe"))).sort("change")
    if falls.height:
        worst = falls.row(0, named=True)
        sentence = t("story.nps_worst_fall_change", lang, points=fmt_number(abs(worst["change"]), lang),
                     period=period_label(worst["period"], period, lang), moe=fmt_number(worst["change_moe"], lang),
                     n=fmt_number(worst["n"], lang), n_before=fmt_number(worst["n_before"], lang))
        if tickets is not None and tickets.height:
            times = _safe(lambda: service.response_times(tickets, period=period))
            if times is not None and times.height:
                then = _row(times, worst["period"])
                typical = times.get_column("resolution_hours_median").median()
                if then and then["resolution_hours_median"] and typical and then["resolution_hours_median"] > 1.5 * typical:
                    sentence += " " + t("story.resolution_slow_then", lang,
                                        hours=fmt_duration_hours(then["resolution_hours_median"], lang),
                                        typical=fmt_duration_hours(typical, lang))
        out.append(sentence)
    if tickets is not None and tickets.height:
        buckets = _safe(lambda: service.service_vs_nps(tickets, responses))
        if buckets is not None and buckets.height > 1:
            out += _waited_sentence(buckets, lang)
    return out


def _against_the_rest(groups: pl.DataFrame, hits: str, n: str) -> pl.DataFrame:
    """Each group's share of `hits` against everyone else's, with a two-proportion z test.

    Adds rest_hits, rest_n, share, rest_share, p (two-sided, pooled z) and keeps the groups
    a sentence may speak of: n ≥ MIN_N (30) and p < 0.05.
    """
    return (
        groups.with_columns((pl.col(hits).sum() - pl.col(hits)).alias("rest_hits"),
                            (pl.col(n).sum() - pl.col(n)).alias("rest_n"))
        .with_columns((pl.col(hits) / pl.col(n)).alias("share"),
                      (pl.col("rest_hits") / pl.col("rest_n")).alias("rest_share"),
                      two_sided_p(two_proportion_z(pl.col(hits), pl.col(n), pl.col("rest_hits"), pl.col("rest_n"))).alias("p"))
        .filter((pl.col(n) >= MIN_N) & (pl.col("p") < ALPHA))
    )


def _waited_sentence(buckets: pl.DataFrame, lang: str) -> list[str]:
    """Detractors among those who waited long for a first reply, when it differs significantly from the rest."""
    tested = _against_the_rest(buckets.with_columns(pl.col("bucket").cast(pl.String)), "detractors", "n")
    worse = tested.filter((pl.col("bucket") != "no ticket") & (pl.col("share") > pl.col("rest_share")))
    if not worse.height:
        return []
    w = worse.sort(pl.col("share") - pl.col("rest_share"), "bucket").row(-1, named=True)
    return [t("story.detractors_waited_n", lang, bucket=t(f"bucket.{w['bucket']}", lang),
              share=fmt_percent(w["share"], lang, 0), n=fmt_number(w["n"], lang),
              rest=fmt_percent(w["rest_share"], lang, 0), rest_n=fmt_number(w["rest_n"], lang))]


def _channel_sentence(orders: pl.DataFrame, lang: str) -> list[str]:
    if "channel" not in orders.columns:
        return []
    table = _safe(lambda: retention.cohort_retention(orders, period="month", by="channel"))
    if table is None:
        return []
    at3 = retention.retention_at(table, 3).filter(pl.col("channel").is_not_null())
    if at3.height < 2:
        return []
    # Significantly lower than the other channels together, on at least 30 customers, and
    # materially so (below 80% of the others' rate): a sentence is a call to act.
    weak = _against_the_rest(at3, "retained", "customers").filter(pl.col("share") < 0.8 * pl.col("rest_share"))
    if not weak.height:
        return []
    worst = weak.sort("share", "channel").row(0, named=True)
    return [t("story.weak_channel_n", lang, channel=str(worst["channel"]), rate=fmt_percent(worst["share"], lang, 0),
              n=fmt_number(worst["customers"], lang), others=fmt_percent(worst["rest_share"], lang, 0),
              others_n=fmt_number(worst["rest_n"], lang))]


def _touchpoint_sentence(tables: dict[Kind, pl.DataFrame], lang: str) -> list[str]:
    if tables.get(Kind.UX) is None:
        return []
    kwargs = {k.value: tables[k] for k in (Kind.UX, Kind.SURVEYS, Kind.TICKETS) if tables.get(k) is not None}
    comparison = _safe(lambda: ux_vs_cx.ux_vs_cx(**kwargs, by="touchpoint"))
    if comparison is None or comparison.height < 2 or "touchpoint" not in comparison.columns:
        return []
    scored = comparison.filter(pl.col("ux_score").is_not_null() & pl.col("cx_score").is_not_null())
    if scored.height < 2:
        return []
    worst_ux = scored.sort("ux_score", "touchpoint").row(0, named=True)
    worst_cx = scored.sort("cx_score", "touchpoint").row(0, named=True)
    if worst_ux["touchpoint"] != worst_cx["touchpoint"]:
        return []
    # A sentence about one touchpoint is a subgroup claim: only when both of its scores are
    # shares (task success, CSAT), each significantly below the other touchpoints together,
    # on n >= 30 each. A SUS mean or an NPS has no two-proportion test here: no sentence.
    if worst_ux["ux_basis"] != "task_success" or worst_ux["cx_basis"] != "csat":
        return []
    counts = scored.select(
        "touchpoint", "ux_n", "cx_n",
        (pl.col("ux_task_success") * pl.col("ux_n")).round().alias("ux_hits"),
        (pl.col("cx_csat") * pl.col("cx_n")).round().alias("cx_hits"),
    )
    lower = [_against_the_rest(counts, f"{side}_hits", f"{side}_n")
             .filter((pl.col("touchpoint") == worst_ux["touchpoint"]) & (pl.col("share") < pl.col("rest_share"))).height
             for side in ("ux", "cx")]
    if not all(lower):
        return []
    return [t("story.weak_touchpoint_n", lang, touchpoint=str(worst_ux["touchpoint"]),
              ux=fmt_number(worst_ux["ux_score"], lang), ux_n=fmt_number(worst_ux["ux_n"], lang),
              cx=fmt_number(worst_ux["cx_score"], lang), cx_n=fmt_number(worst_ux["cx_n"], lang))]


def story(tables: dict[Kind, pl.DataFrame], *, period: Period = "month", lang: str = "en") -> list[str]:
    """Plain sentences on what moved and where to look, largest effects first."""
    out: list[str] = []
    if (responses := tables.get(Kind.SURVEYS)) is not None and "nps_score" in responses.columns and responses.height:
        out += _nps_sentences(responses, tables.get(Kind.TICKETS), period, lang)
    if (orders := tables.get(Kind.ORDERS)) is not None and orders.height:
        out += _channel_sentence(orders, lang)
    out += _touchpoint_sentence(tables, lang)
    return out
