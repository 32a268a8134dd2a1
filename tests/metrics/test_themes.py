"""Comment themes (counted by hand) and literal, case-insensitive comment search with hostile queries."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.metrics import stopwords, themes
from cxreport.metrics.themes import comment_docs, comment_terms

COMMENTS = pl.DataFrame(
    {
        "response_date": [dt.datetime(2024, 1, d) for d in range(1, 9)],
        "nps_score": [10.0, 9.0, 3.0, 2.0, 0.0, 8.0, None, 5.0],
        "comment": [
            "Great service, fast delivery!",  # promoter
            "fast delivery :) fast fast",  # promoter (fast repeated: counts once)
            "Delivery was SLOW. Not helpful agent",  # detractor
            "pengiriman lambat, CS tidak ramah",  # detractor
            "CS tidak ramah sekali, pengiriman lambat!!",  # detractor
            "ok",  # passive (a stop word only: no terms)
            "slow app",  # no score: only in "all"
            "Agent not helpful; slow",  # detractor
        ],
    }
)


def terms_of(text: str, ngram: tuple[int, int] = (1, 2)) -> set[str]:
    frame = pl.DataFrame({"comment": [text]})
    return set(comment_terms(comment_docs(frame), ngram=ngram).collect().get_column("term").to_list())


def test_tokenising_lowercases_strips_punctuation_and_stop_words():
    assert terms_of("The DELIVERY was slow!!!", ngram=(1, 1)) == {"delivery", "slow"}
    # Indonesian stop words (yang, sangat, dan) go, topic words stay
    assert terms_of("Pengiriman yang sangat lambat dan mahal", ngram=(1, 1)) == {"pengiriman", "lambat", "mahal"}
    # apostrophes join contractions; numbers and one-letter tokens are dropped
    assert terms_of("I don't like 2 x items", ngram=(1, 1)) == {"items"}


def test_bigrams_are_adjacent_after_stop_words_and_keep_negations():
    # "agent not" would end on the negation: dropped
    assert terms_of("The agent was not helpful") == {"agent", "helpful", "not helpful"}
    assert terms_of("CS tidak ramah") == {"cs", "ramah", "tidak ramah"}
    # a negation is never a term alone nor the last word of one
    assert "not" not in terms_of("helpful not")
    assert terms_of("helpful not") == {"helpful"}


def test_comment_themes_counts_shares_and_lift_by_hand():
    out = themes.comment_themes(COMMENTS, top_n=50)
    get = {(r["nps_category"], r["term"]): r for r in out.iter_rows(named=True)}
    # comments with text: promoters 2, passives 1 ("ok"), detractors 4, unscored 1 -> all 8
    # "delivery": promoters 2/2; detractors 1/4; all 3/8
    promoter_delivery = get[("promoter", "delivery")]
    assert (promoter_delivery["count"], promoter_delivery["comments"]) == (2, 2)
    assert promoter_delivery["share"] == pytest.approx(1.0)
    # lift vs the other scored comments: passives + detractors = 5 comments, 1 mentions delivery
    # -> 1.0 / (1/5) = 5.0
    assert promoter_delivery["lift"] == pytest.approx(5.0)
    assert get[("all", "delivery")]["share"] == pytest.approx(3 / 8)
    assert get[("all", "delivery")]["lift"] is None
    # "fast" appears three times in one comment, once in another -> 2 comments
    assert get[("promoter", "fast")]["count"] == 2
    # "slow": detractors 2 of 4 ("SLOW", "slow"); "slow app" has no score, so it is not in the
    # other categories -> lift null; all: 3 of 8
    assert get[("detractor", "slow")]["share"] == pytest.approx(0.5)
    assert get[("detractor", "slow")]["lift"] is None
    assert get[("all", "slow")]["count"] == 3
    assert get[("detractor", "not helpful")]["count"] == 2
    assert get[("detractor", "tidak ramah")]["words"] == 2
    # min_count = 2: "great" (one comment) is not a theme; the passive comment has none
    assert ("promoter", "great") not in get
    assert "passive" not in out.get_column("nps_category").to_list()
    # category order, then count
    assert out.get_column("nps_category").unique(maintain_order=True).to_list() == ["promoter", "detractor", "all"]


def test_comment_themes_top_n_per_category():
    out = themes.comment_themes(COMMENTS, top_n=2)
    assert out.group_by("nps_category").len().get_column("len").max() == 2
    top_all = out.filter(pl.col("nps_category") == "all")
    # the two most mentioned overall: delivery (3) and slow (3), alphabetical on ties
    assert top_all.get_column("term").to_list() == ["delivery", "slow"]


def test_comment_themes_without_scores_gives_only_all():
    out = themes.comment_themes(COMMENTS.drop("nps_score"), min_count=1)
    assert set(out.get_column("nps_category").to_list()) == {"all"}


def test_stop_word_lists_are_substantial_and_keep_theme_words():
    assert len(stopwords.ENGLISH) >= 300 and len(stopwords.INDONESIAN) >= 300
    assert {"the", "and", "was", "yang", "dan", "tidak", "yg", "gak"} <= stopwords.STOP_WORDS
    assert not {"slow", "good", "price", "bagus", "lambat", "harga", "mahal", "masalah"} & stopwords.STOP_WORDS
    assert stopwords.NEGATIONS <= stopwords.STOP_WORDS | {"arent"}


# --- search ---------------------------------------------------------------------------------------


def test_search_is_case_insensitive_and_newest_first():
    out = themes.search_comments(COMMENTS, query="SLOW")
    assert out.get_column("comment").to_list() == ["Agent not helpful; slow", "slow app", "Delivery was SLOW. Not helpful agent"]
    assert out.get_column("nps_category").to_list() == ["detractor", None, "detractor"]


@pytest.mark.parametrize("query", ["(", ".*", "[", "\\", "a+b", "^$", "(?i)slow", "*", "|", ")"])
def test_hostile_queries_are_literal_text(query: str):
    df = pl.DataFrame({"comment": ["price (too high)", "what .* means", "a+b=c", "plain text", "back\\slash [x] | y *"]})
    out = themes.search_comments(df, query=query)
    expected = [c for c in df.get_column("comment").to_list() if query.lower() in c.lower()]
    assert out.get_column("comment").to_list() == expected


def test_blank_query_returns_every_comment():
    out = themes.search_comments(COMMENTS, query="   ")
    assert out.height == COMMENTS.height


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "S", "Zs"]), max_size=6))
def test_search_equals_python_substring(query: str):
    df = pl.DataFrame({"comment": ["Price (TOO) high.", "a*b+c?", "[x] {y} ^z$", "plain", "\\d+ back", "Ok ok"]})
    out = themes.search_comments(df, query=query)
    needle = query.strip().lower()
    expected = [c for c in df.get_column("comment").to_list() if needle in c.lower()]
    assert out.get_column("comment").to_list() == expected
