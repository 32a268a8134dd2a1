"""SERVQUAL: service quality on its five dimensions, perceptions against expectations.

Definitions (Parasuraman, Zeithaml & Berry 1988, *SERVQUAL: A Multiple-Item Scale for
Measuring Consumer Perceptions of Service Quality*, Journal of Retailing 64(1)):

- Five dimensions: **tangibles** (physical facilities, equipment, appearance),
  **reliability** (performing the promised service dependably and accurately),
  **responsiveness** (willingness to help and prompt service), **assurance** (knowledge
  and courtesy that inspire trust and confidence) and **empathy** (caring, individual
  attention).
- Each item is answered twice on a 1–7 agreement scale: what an excellent company
  *should* do (expectation, E; Indonesian *harapan*) and what this company *does*
  (perception, P; *kenyataan*). The gap P − E is the service quality of the item:
  negative means expectations are not met.
- A respondent's dimension score is the mean of their answered items of that dimension
  and role. Per dimension: perception = the mean of the respondents' perception scores,
  with a t 95% interval; expectation likewise; gap = the mean of P − E over the
  respondents who answered both (paired), with its t 95% interval and the two-sided
  p-value of "gap = 0" (normal approximation: significant only when n ≥ 30 and p < 0.05,
  the rule the NPS uses).
- Importance weights (the original's 100 points shared among the five dimensions): a
  dimension's weight is the mean of the points respondents gave it, divided by the sum of
  the five means; the weighted SERVQUAL score is Σ weight × gap (or × perception when there
  are no expectations).

The items are columns of the survey table, each tagged with its dimension and role
(`ServqualItem`); `recognise_items` tags them from their headers and question texts,
English or Indonesian, and a user corrects what it gets wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from cxreport.errors import MappingProblem
from cxreport.fields import SurveyColumns
from cxreport.metrics.stats import ALPHA, MIN_N, t_bounds, two_sided_p
from cxreport.metrics.inputs import TableInput, as_list, checked_lazy
from cxreport.periods import Period, truncate

DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
ROLES: tuple[str, ...] = ("perception", "expectation", "importance")
SCALE = (1, 7)
By = str | Sequence[str] | None

# The dimension's own name first (English, Indonesian), then what its items usually say.
_DIMENSION_NAMES: dict[str, str] = {
    "tangibles": r"bukti fisik|tangib|berwujud",
    "reliability": r"keandalan|kehandalan|reliab",
    "responsiveness": r"daya tanggap|ketanggapan|responsiv",
    "assurance": r"jaminan|assurance",
    "empathy": r"empati|empath",
}
_DIMENSION_WORDS: dict[str, str] = {
    "tangibles": r"appearance|facilit|equipment|tampilan|penampilan|fasilitas|peralatan|kemasan",
    "reliability": r"dependab|reliable|as promised|on time|diandalkan|andal|sesuai janji|tepat waktu",
    "responsiveness": r"prompt|willing to help|quick to respond|bersedia membantu|cepat tanggap|membalas dengan cepat",
    "assurance": r"trust|confiden|courteous|safe|percaya|yakin|sopan|aman",
    "empathy": r"individual attention|personal attention|understand\w* (my|your) needs|perhatian (pribadi|individu)|"
               r"memahami kebutuhan",
}
_ROLE_WORDS: dict[str, str] = {  # checked in this order; an item that says none is a perception
    "importance": r"\bbobot|weight|importance|kepentingan|points? out of 100|poin dari 100",
    "expectation": r"harapan|expect|seharusnya|should|ideal",
    "perception": r"kenyataan|persepsi|percept|experienc|actual|dirasakan|dialami",
}

_HINT = "Tag the survey's SERVQUAL items with their dimension and role on the Data page, or pass them as items=."


@dataclass(frozen=True)
class ServqualItem:
    """One survey column of a SERVQUAL block: its `dimension` (one of `DIMENSIONS`) and
    `role` (perception, expectation or importance)."""

    column: str
    dimension: str
    role: str = "perception"

    def __post_init__(self) -> None:
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"dimension must be one of {DIMENSIONS}, not {self.dimension!r}")
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {self.role!r}")


def _first_match(text: str, patterns: Mapping[str, str]) -> str | None:
    return next((name for name, pattern in patterns.items() if re.search(pattern, text)), None)


def recognise_item(header: str, description: str | None = None) -> ServqualItem | None:
    """The SERVQUAL tag of one column from its header and question text, or None.

    The dimension's own name (EN or ID) decides first, then the words its items usually
    use ("dependable", "sesuai janji" → reliability); the role is read from words such as
    harapan/expected (expectation), kenyataan/experienced (perception), bobot/importance.

    >>> recognise_item("Q6_3", "Harapan – Daya tanggap: perusahaan kopi yang unggul membalas dengan cepat (1-7)")
    ServqualItem(column='Q6_3', dimension='responsiveness', role='expectation')
    >>> recognise_item("The staff give me individual attention (experienced)")
    ServqualItem(column='The staff give me individual attention (experienced)', dimension='empathy', role='perception')
    >>> recognise_item("Order ID") is None
    True
    """
    text = f"{header} {description or ''}".lower()
    dimension = _first_match(text, _DIMENSION_NAMES) or _first_match(text, _DIMENSION_WORDS)
    if dimension is None:
        return None
    return ServqualItem(header, dimension, _first_match(text, _ROLE_WORDS) or "perception")


def recognise_items(columns: Sequence[str], descriptions: Mapping[str, str] | None = None) -> list[ServqualItem]:
    """`recognise_item` over a table's columns (with their question texts, when known)."""
    descriptions = descriptions or {}
    found = (recognise_item(c, descriptions.get(c)) for c in columns)
    return [item for item in found if item is not None]


# --- per respondent ---------------------------------------------------------------------------


def answer_number(column: str) -> pl.Expr:
    """An answer as a number: "6", "6 - Setuju", "6,5" → 6, 6, 6.5; anything else null."""
    text = pl.col(column).cast(pl.String).str.extract(r"^\s*(-?\d+(?:[.,]\d+)?)")
    return text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _checked_items(items: Sequence[ServqualItem], roles: Sequence[str] = ("perception",)) -> list[ServqualItem]:
    items = list(items)
    if not any(i.role in roles for i in items):
        raise MappingProblem("no_servqual_items", "The survey has no SERVQUAL items tagged with a dimension.", _HINT)
    return items


def respondent_scores(responses: TableInput, items: Sequence[ServqualItem], *, keep: Sequence[str] = (),
                      scale: tuple[float, float] = SCALE) -> pl.LazyFrame:
    """One row per respondent and dimension: _row (the response's position), `keep`,
    dimension, perception, expectation, importance (each the mean of that respondent's
    answered items of the role; null when none). Answers outside `scale` are left out
    (importance points are not on the scale and are kept as they are)."""
    items = _checked_items(items)
    lazy = checked_lazy(responses, [*{i.column for i in items}, *keep], table_name="surveys", hint=_HINT)
    lazy = lazy.with_row_index("_row")
    low, high = scale
    parts = []
    for item in items:  # one select per item column (a few dozen), never per row
        value = answer_number(item.column)
        if item.role != "importance":
            value = pl.when(value.is_between(low, high)).then(value)
        parts.append(lazy.select("_row", *keep, pl.lit(item.dimension).alias("dimension"),
                                 pl.lit(item.role).alias("role"), value.alias("value")))
    long = pl.concat(parts).drop_nulls("value")
    return long.group_by(["_row", *keep, "dimension"]).agg(
        _canonical(pl.col("value").filter(pl.col("role") == role)).mean().alias(role) for role in ROLES
    )


# Polars sums a group's floats in chunks that depend on its threads, so the last bits of a
# mean or a standard deviation can differ between two runs on the same data; results are
# rounded to 12 decimals so that the same data always print the same numbers.
DECIMALS = 12


def _canonical(value: pl.Expr) -> pl.Expr:
    return value.drop_nulls()


def _summary(scores: pl.LazyFrame, keys: list[str], min_n: int) -> pl.LazyFrame:
    p, e = _canonical(pl.col("perception")), _canonical(pl.col("expectation"))
    d = _canonical(pl.col("perception") - pl.col("expectation"))
    stats = scores.group_by([*keys, "dimension"]).agg(
        p.count().cast(pl.Int64).alias("n"), p.mean().alias("perception"), p.std().alias("sd"),
        e.count().cast(pl.Int64).alias("n_expectation"), e.mean().alias("expectation"),
        d.count().cast(pl.Int64).alias("n_gap"), d.mean().alias("gap"), d.std().alias("_gap_sd"),
        _canonical(pl.col("importance")).mean().alias("_importance"),
    )
    low, high = t_bounds(pl.col("perception"), pl.col("sd"), pl.col("n"))
    gap_low, gap_high = t_bounds(pl.col("gap"), pl.col("_gap_sd"), pl.col("n_gap"))
    gap_z = pl.when(pl.col("_gap_sd") > 0).then(pl.col("gap") / (pl.col("_gap_sd") / pl.col("n_gap").sqrt()))
    weight = pl.col("_importance") / pl.col("_importance").sum().over(keys) if keys else \
        pl.col("_importance") / pl.col("_importance").sum()
    return stats.with_columns(
        low.alias("ci_low"), high.alias("ci_high"), gap_low.alias("gap_ci_low"), gap_high.alias("gap_ci_high"),
        two_sided_p(gap_z).alias("gap_p"), weight.alias("weight"), (pl.col("n") < min_n).alias("small_sample"),
    ).with_columns(
        ((pl.col("gap_p") < ALPHA) & (pl.col("n_gap") >= min_n)).fill_null(False).alias("gap_significant"),
    )


_COLUMNS = ("dimension", "n", "perception", "sd", "ci_low", "ci_high", "n_expectation", "expectation", "n_gap", "gap",
            "gap_ci_low", "gap_ci_high", "gap_p", "gap_significant", "weight", "small_sample")


def _ordered(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    out = frame.with_columns(pl.col(pl.Float64).round(DECIMALS), pl.col("dimension").cast(pl.Enum(DIMENSIONS)))
    return out.sort([*keys, "dimension"], nulls_last=True)


def servqual(responses: TableInput, items: Sequence[ServqualItem], *, by: By = None, min_n: int = MIN_N,
             scale: tuple[float, float] = SCALE) -> pl.DataFrame:
    """Perception, expectation and gap (P − E) per SERVQUAL dimension, overall or per group.

    See the module docstring for the definitions. `items` tags the survey's columns
    (`recognise_items` finds them). Returns [by], dimension (Enum, in `DIMENSIONS` order),
    n (respondents with a perception), perception, sd, ci_low, ci_high (t 95%),
    n_expectation, expectation, n_gap (respondents with both), gap, gap_ci_low,
    gap_ci_high, gap_p, gap_significant (n_gap ≥ 30 and p < 0.05), weight (share of the
    importance points, null without importance items), small_sample (n < 30).

    >>> answers = pl.DataFrame({"P reliable": ["6", "4", "5"], "E reliable": ["7", "7", None],
    ...                         "P trust": [5, 5, 6]})
    >>> items = [ServqualItem("P reliable", "reliability"), ServqualItem("E reliable", "reliability", "expectation"),
    ...          ServqualItem("P trust", "assurance")]
    >>> servqual(answers, items).select("dimension", "n", "perception", "expectation", "n_gap", "gap")
    shape: (2, 6)
    ┌─────────────┬─────┬────────────┬─────────────┬───────┬──────┐
    │ dimension   ┆ n   ┆ perception ┆ expectation ┆ n_gap ┆ gap  │
    │ ---         ┆ --- ┆ ---        ┆ ---         ┆ ---   ┆ ---  │
    │ enum        ┆ i64 ┆ f64        ┆ f64         ┆ i64   ┆ f64  │
    ╞═════════════╪═════╪════════════╪═════════════╪═══════╪══════╡
    │ reliability ┆ 3   ┆ 5.0        ┆ 7.0         ┆ 2     ┆ -2.0 │
    │ assurance   ┆ 3   ┆ 5.333333   ┆ null        ┆ 0     ┆ null │
    └─────────────┴─────┴────────────┴─────────────┴───────┴──────┘
    """
    keys = as_list(by)
    scores = respondent_scores(responses, items, keep=keys, scale=scale)
    out = _summary(scores, keys, min_n).select(*keys, *_COLUMNS).collect()
    return _ordered(out, keys)


def servqual_score(dimensions: pl.DataFrame) -> dict[str, float | bool | None]:
    """One SERVQUAL score from `servqual`'s rows (overall, no `by`): the mean of the
    dimensions' gaps (or perceptions when there are no expectations), and the same
    weighted by the importance weights when they exist.

    Returns {"basis": "gap" | "perception", "unweighted": …, "weighted": … or None}.

    >>> rows = pl.DataFrame({"perception": [5.0, 6.0], "gap": [-2.0, -1.0], "weight": [0.75, 0.25]})
    >>> servqual_score(rows)
    {'basis': 'gap', 'unweighted': -1.5, 'weighted': -1.75}
    """
    basis = "gap" if dimensions.get_column("gap").is_not_null().any() else "perception"
    scored = dimensions.filter(pl.col(basis).is_not_null())
    weighted = None
    if scored.height and scored.get_column("weight").is_not_null().all():
        weights = scored.get_column("weight")
        weighted = float((scored.get_column(basis) * weights).sum() / weights.sum())
    unweighted = scored.get_column(basis).mean() if scored.height else None
    return {"basis": basis, "unweighted": unweighted, "weighted": weighted}


def _z_change(mean_a: pl.Expr, sd_a: pl.Expr, n_a: pl.Expr, mean_b: pl.Expr, sd_b: pl.Expr, n_b: pl.Expr) -> pl.Expr:
    """z for the difference of two independent means: (a − b)/√(sd_a²/n_a + sd_b²/n_b)."""
    se = (sd_a**2 / n_a + sd_b**2 / n_b).sqrt()
    return pl.when(se > 0).then((mean_a - mean_b) / se)


def _significant(p: pl.Expr, *ns: pl.Expr, min_n: int) -> pl.Expr:
    enough = pl.all_horizontal(*[n >= min_n for n in ns])
    return ((p < ALPHA) & enough).fill_null(False)


def servqual_by_period(responses: TableInput, items: Sequence[ServqualItem], cols: SurveyColumns = SurveyColumns(), *,
                       period: Period = "month", min_n: int = MIN_N) -> pl.DataFrame:
    """`servqual` per calendar period of the response date, with each dimension's change in
    perception since the previous period that has answers.

    change = perception₁ − perception₂; change_z = change/√(sd₁²/n₁ + sd₂²/n₂) (two
    independent samples), change_p its two-sided normal p-value; change_significant when
    both periods have n ≥ 30 and p < 0.05 (the NPS rule). Returns period (Date), then the
    `servqual` columns, change, change_z, change_p, change_significant.
    """
    lazy = checked_lazy(responses, [cols.response_date], table_name="surveys", hint=_HINT)
    lazy = lazy.with_columns(truncate(pl.col(cols.response_date), period).alias("period")).filter(
        pl.col("period").is_not_null())
    out = servqual(lazy, items, by="period", min_n=min_n)

    def previous(name: str) -> pl.Expr:
        return pl.col(name).shift(1).over("dimension", order_by="period")

    return out.with_columns(
        (pl.col("perception") - previous("perception")).alias("change"),
        _z_change(pl.col("perception"), pl.col("sd"), pl.col("n"), previous("perception"), previous("sd"),
                  previous("n")).alias("change_z"),
    ).with_columns(two_sided_p(pl.col("change_z")).alias("change_p")).with_columns(
        _significant(pl.col("change_p"), pl.col("n"), previous("n"), min_n=min_n).alias("change_significant"))


def servqual_by_segment(responses: TableInput, items: Sequence[ServqualItem], *, by: str,
                        min_n: int = MIN_N) -> pl.DataFrame:
    """Each group's perception per dimension tested against all other respondents ("the rest").

    difference = perception_group − perception_rest; z = difference/√(sd_g²/n_g +
    sd_r²/n_r); significant when both have n ≥ 30 and p < 0.05. Returns by, dimension, n,
    perception, n_rest, perception_rest, difference, z, p, significant.
    """
    scores = respondent_scores(responses, items, keep=[by]).filter(pl.col("perception").is_not_null())
    p = _canonical(pl.col("perception"))
    groups = scores.group_by([by, "dimension"]).agg(
        p.count().cast(pl.Int64).alias("n"), p.sum().alias("_sum"), (p * p).sum().alias("_sumsq"))
    totals = groups.group_by("dimension").agg(pl.col("n", "_sum", "_sumsq").sum().name.prefix("_all"))
    n_rest = pl.col("_alln") - pl.col("n")
    rest_sum = pl.col("_all_sum") - pl.col("_sum")
    rest_sumsq = pl.col("_all_sumsq") - pl.col("_sumsq")

    def variance(n: pl.Expr, total: pl.Expr, squares: pl.Expr) -> pl.Expr:
        return pl.when(n > 1).then((squares - total * total / n) / (n - 1))

    out = groups.join(totals, on="dimension").with_columns(
        (pl.col("_sum") / pl.col("n")).alias("perception"),
        n_rest.alias("n_rest"),
        pl.when(n_rest > 0).then(rest_sum / n_rest).alias("perception_rest"),
        variance(pl.col("n"), pl.col("_sum"), pl.col("_sumsq")).sqrt().alias("_sd"),
        variance(n_rest, rest_sum, rest_sumsq).sqrt().alias("_sd_rest"),
    ).with_columns(
        (pl.col("perception") - pl.col("perception_rest")).alias("difference"),
        _z_change(pl.col("perception"), pl.col("_sd"), pl.col("n"), pl.col("perception_rest"), pl.col("_sd_rest"),
                  pl.col("n_rest")).alias("z"),
    ).with_columns(two_sided_p(pl.col("z")).alias("p")).with_columns(
        _significant(pl.col("p"), pl.col("n"), pl.col("n_rest"), min_n=min_n).alias("significant"),
    ).select(by, "dimension", "n", "perception", "n_rest", "perception_rest", "difference", "z", "p", "significant")
    return _ordered(out.collect(), [by])
