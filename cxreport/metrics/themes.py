"""Themes in free-text survey comments, by NPS category, and a safe comment search.

A *theme* is a term (a word or a run of adjacent words) and how many comments mention it.
Tokenising, in Polars string expressions over the whole column:

1. lowercase; remove apostrophes (so "don't" -> "dont", one token);
2. every run of characters that are not letters or digits (any script) becomes a space;
3. split on spaces; drop English and Indonesian stop words (`stopwords.py`), tokens of one
   character and pure numbers;
4. n-grams are formed from the tokens that remain, in order, as scikit-learn's
   CountVectorizer does (stop words removed first), except that negations are kept inside
   n-grams ("not helpful", "tidak ramah") though never counted alone or as the last word.

A comment counts once per term however often it repeats the term.
"""

from __future__ import annotations

import polars as pl

from cxreport.fields import SurveyColumns
from cxreport.metrics.inputs import TableInput, checked_lazy
from cxreport.metrics.stopwords import NEGATIONS, STOP_WORDS
from cxreport.metrics.surveys import nps_category

CATEGORIES: tuple[str, ...] = ("promoter", "passive", "detractor", "all")

_HINT = "Map the column that holds the customers' comments (free text)."
_NOT_WORD = r"[^\p{L}\p{N}]+"
_APOSTROPHES = r"['’`´]"


def normalised_text(comment: pl.Expr) -> pl.Expr:
    """Lowercase text with apostrophes removed and every other non-letter/digit run as one space."""
    return (
        comment.cast(pl.String)
        .str.to_lowercase()
        .str.replace_all(_APOSTROPHES, "")
        .str.replace_all(_NOT_WORD, " ")
        .str.strip_chars()
    )


def comment_docs(responses: TableInput, cols: SurveyColumns = SurveyColumns()) -> pl.LazyFrame:
    """One row per non-blank comment: comment_index, nps_category (null without a score), text (normalised)."""
    lazy = checked_lazy(responses, [cols.comment], table_name="surveys", hint=_HINT)
    has_score = cols.nps_score in lazy.collect_schema().names()
    category = nps_category(pl.col(cols.nps_score).cast(pl.Float64)) if has_score else pl.lit(None, pl.String)
    return lazy.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("comment_index"),
        category.alias("nps_category"),
        normalised_text(pl.col(cols.comment)).alias("text"),
    ).filter(pl.col("text").is_not_null() & (pl.col("text") != ""))


def comment_terms(docs: pl.LazyFrame, *, ngram: tuple[int, int] = (1, 2)) -> pl.LazyFrame:
    """One row per (comment, term) it mentions, from `comment_docs`: comment_index, nps_category, term."""
    low, high = ngram
    if not 1 <= low <= high:
        raise ValueError(f"ngram must be (min, max) with 1 <= min <= max, not {ngram!r}")
    tokens = (
        docs.with_columns(pl.col("text").str.split(" ").alias("token"))
        .drop("text")
        .explode("token")
        .filter(
            (~pl.col("token").is_in(list(STOP_WORDS)) | pl.col("token").is_in(list(NEGATIONS)))
            & (pl.col("token").str.len_chars() > 1)
            & ~pl.col("token").str.contains(r"^\p{N}+$")
        )
    )
    grams = []
    for n in range(low, high + 1):
        # the next n-1 tokens of the same comment: explode keeps a comment's tokens contiguous
        # and in order, so a plain shift is the next token when the comment index agrees
        words = [
            pl.when(pl.col("comment_index").shift(-i) == pl.col("comment_index")).then(pl.col("token").shift(-i))
            for i in range(n)
        ]
        grams.append(
            tokens.select(
                "comment_index",
                "nps_category",
                pl.concat_str(words, separator=" ").alias("term"),
                (~words[-1].is_in(list(NEGATIONS))).alias("ends_well"),
            ).filter(pl.col("term").is_not_null() & pl.col("ends_well"))
        )
    return pl.concat(grams).drop("ends_well").unique(["comment_index", "term"])


def comment_themes(
    responses: TableInput,
    cols: SurveyColumns = SurveyColumns(),
    *,
    top_n: int = 15,
    ngram: tuple[int, int] = (1, 2),
    min_count: int = 2,
) -> pl.DataFrame:
    """The most mentioned terms in comments, per NPS category and overall.

    For each category (promoter 9–10, passive 7–8, detractor 0–6, and "all" comments,
    including those without a score): count = comments in the category mentioning the
    term; share = count / comments in the category; lift = share / the share among
    scored comments in the other two categories (1 = as common elsewhere, 2 = twice as
    common here; null for "all", and when the term never appears in the other categories).
    Terms mentioned by fewer than `min_count` comments are left out (one comment is an
    anecdote, not a theme). Top `top_n` per category by count, then alphabetically.

    Returns nps_category, term, words (1 or 2), count, comments, share, lift.
    """
    docs = comment_docs(responses, cols)
    terms = comment_terms(docs, ngram=ngram)
    per_category = pl.concat(
        [
            docs.group_by("nps_category").agg(pl.len().cast(pl.Int64).alias("comments")).drop_nulls("nps_category"),
            docs.select(pl.lit("all").alias("nps_category"), pl.len().cast(pl.Int64).alias("comments")),
        ]
    )
    scored_comments = docs.select(pl.col("nps_category").is_not_null().sum().cast(pl.Int64).alias("scored_comments"))

    counts = pl.concat(
        [
            terms.drop_nulls("nps_category").group_by("nps_category", "term").agg(pl.len().cast(pl.Int64).alias("count")),
            terms.group_by("term").agg(pl.len().cast(pl.Int64).alias("count")).select(
                pl.lit("all").alias("nps_category"), "term", "count"
            ),
        ]
    )
    scored_counts = (
        terms.drop_nulls("nps_category").group_by("term").agg(pl.len().cast(pl.Int64).alias("scored_count"))
    )
    out = (
        counts.join(per_category, on="nps_category", how="left")
        .join(scored_counts, on="term", how="left")
        .join(scored_comments, how="cross")
        .with_columns(
            (pl.col("count") / pl.col("comments")).alias("share"),
            (pl.col("scored_count").fill_null(0) - pl.col("count")).alias("_count_other"),
            (pl.col("scored_comments") - pl.col("comments")).alias("_comments_other"),
        )
        .with_columns(
            pl.when((pl.col("nps_category") != "all") & (pl.col("_count_other") > 0))
            .then(pl.col("share") / (pl.col("_count_other") / pl.col("_comments_other")))
            .alias("lift"),
            (pl.col("term").str.count_matches(" ") + 1).cast(pl.Int64).alias("words"),
        )
        .filter(pl.col("count") >= min_count)
        .sort(["nps_category", "count", "term"], descending=[False, True, False])
        .filter(pl.int_range(pl.len()).over("nps_category") < top_n)
        .select("nps_category", "term", "words", "count", "comments", "share", "lift")
        .collect()
    )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return out.sort(
        pl.col("nps_category").replace_strict(order, return_dtype=pl.Int64), pl.col("count"), pl.col("term"),
        descending=[False, True, False],
    )


def search_comments(responses: TableInput, cols: SurveyColumns = SurveyColumns(), *, query: str = "") -> pl.DataFrame:
    """Responses whose comment contains `query`, case-insensitively, as literal text.

    The query is never read as a pattern: "(", ".*" or "\\" match those characters, so any
    text a user types is safe. An empty or blank query returns every response with a
    comment. All columns are kept, plus nps_category when there is an NPS score; newest first.
    """
    lazy = checked_lazy(responses, [cols.comment], table_name="surveys", hint=_HINT)
    names = lazy.collect_schema().names()
    comment = pl.col(cols.comment).cast(pl.String)
    keep = comment.is_not_null() & (comment.str.strip_chars() != "")
    needle = (query or "").strip().lower()
    if needle:
        keep = keep & comment.str.to_lowercase().str.contains(needle, literal=True)
    out = lazy.filter(keep)
    if cols.nps_score in names:
        out = out.with_columns(nps_category(pl.col(cols.nps_score).cast(pl.Float64)).alias("nps_category"))
    if cols.response_date in names:
        out = out.sort(cols.response_date, descending=True, nulls_last=True)
    return out.collect()
