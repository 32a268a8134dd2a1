"""safe_text: outside text reaches Streamlit's Markdown as its characters, never as markup.

Two checks that do not trust the escaping code: a reader (`shown`) that undoes Markdown
escapes the way CommonMark does, which must give back exactly the cleaned text; and a
scanner (`live_markup`) that lists every character still able to open something. The
browser check of the same corpus is tests/e2e/test_injection.py.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxreport.safe_text import ELLIPSIS, MAX_CHARS, WORD_JOINER, markdown, plain

RLO = "\u202e"
CORPUS = {
    "image": "![i](https://attacker.invalid/p.png)",
    "link": "[Session expired - sign in](https://attacker.invalid/login)",
    "reference link": "[x][1]",
    "autolink": "<https://attacker.invalid>",
    "bare url": "see https://attacker.invalid/x now",
    "www": "www.attacker.invalid",
    "email": "boss@attacker.invalid",
    "html": '<img src="https://attacker.invalid/p.png" onerror="alert(1)">',
    "script": "<script>alert(1)</script>",
    "entity": "&#x202E;&lt;b&gt;",
    "katex inline": "$\\href{https://attacker.invalid}{x}$",
    "katex block": "$$x^2$$",
    "bold": "**urgent**",
    "italic": "_quiet_ and *soft*",
    "strike": "~~gone~~ ~also~",
    "code": "`rm -rf /`",
    "heading": "# Title",
    "list": "- item",
    "plus list": "+ item",
    "ordered": "1. first",
    "ordered paren": "1) first",
    "quote": "> quoted",
    "table": "| a | b |",
    "material icon": ":material/lock: Sign in",
    "colour": ":red[Account locked]",
    "badge": ":blue-badge[Verified]",
    "background": ":red-background[alert]",
    "emoji": ":warning: :streamlit:",
    "bidi": f"invoice{RLO}fdp.exe",
    "bidi isolates": "a\u2066b\u2067c\u2068d\u2069e\u202a\u202b\u202c\u202d",
    "newline heading": "ok\n# Heading\n\n---",
    "indent": "        code block",
    "backslash": "C:\\Users\\x\\*",
    "plain file": "orders_en.csv",
    "indonesian": "Pelanggan Setia — Jakarta (Rp 1.250.000, 12%)",
    "long": "A" * 5000,
}

_ALWAYS = set("\\`*[]<>#~|$&:/")


def shown(md: str) -> str:
    """What CommonMark shows for text with backslash escapes and no other markup:
    a backslash before ASCII punctuation is dropped; the word joiner is invisible."""
    out, i = [], 0
    while i < len(md):
        if md[i] == "\\" and i + 1 < len(md) and md[i + 1] in string.punctuation:
            out.append(md[i + 1])
            i += 2
            continue
        out.append(md[i])
        i += 1
    return "".join(out).replace(WORD_JOINER, "")


def visible(text: str) -> str:
    return text.replace(WORD_JOINER, "")  # a word joiner in the input is as invisible as ours


def live_markup(md: str) -> list[tuple[int, str]]:
    """Characters of `md` that are not escaped and could still open Markdown in Streamlit."""
    live, i = [], 0
    while i < len(md):
        c = md[i]
        if c == "\\" and i + 1 < len(md) and md[i + 1] in string.punctuation:
            if md[i + 1] == ":" and (i == 0 or md[i - 1] != WORD_JOINER):
                live.append((i, "escaped ':' without a word joiner (emoji/icon/autolink still found)"))
            i += 2
            continue
        before = md[i - 1] if i else ""
        after = md[i + 1] if i + 1 < len(md) else ""
        if c in _ALWAYS:
            live.append((i, c))
        elif c == "_" and not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()):
            live.append((i, c))
        elif c in "-+" and (i == 0 or before.isspace()):
            live.append((i, c))
        elif c == "@" and before != WORD_JOINER:
            live.append((i, c))
        elif md[i:i + 4].lower() == "www." and (i == 0 or not md[i - 1].isalnum()):
            live.append((i, "www."))
        elif c in "\n\r" or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069:
            live.append((i, repr(c)))
        i += 1
    # CommonMark: an ordered list item starts with 1–9 digits, "." or ")", then a space or
    # the line's end ("1.." or "1.5" is a paragraph).
    if re.match(r"\d{1,9}[.)](\s|$)", md):
        live.append((0, "ordered list start"))
    return live


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_shows_its_characters_and_opens_nothing(name):
    text = CORPUS[name]
    md = markdown(text)
    assert live_markup(md) == [], (name, md)
    assert shown(md) == visible(plain(text)).strip(" "), (name, md)


def test_exact_escapes_of_the_issue_examples():
    assert markdown("![i](https://attacker.invalid/p.png)") == \
        f"!\\[i\\](https{WORD_JOINER}\\:\\/\\/attacker.invalid\\/p.png)"
    assert markdown("[Session expired - sign in](https://attacker.invalid/login)") == \
        f"\\[Session expired \\- sign in\\](https{WORD_JOINER}\\:\\/\\/attacker.invalid\\/login)"
    assert markdown(":material/lock:") == f"{WORD_JOINER}\\:material\\/lock{WORD_JOINER}\\:"
    assert markdown("$x$ **b**") == "\\$x\\$ \\*\\*b\\*\\*"


def test_ordinary_names_and_numbers_read_the_same_in_the_source():
    for text in ("orders_en.csv", "Pelanggan Setia — Jakarta", "12.5%", "2024-01-31", "Rp 1.250.000", "a-b (c)!"):
        assert markdown(text) == text


def test_bidi_controls_are_removed_not_replaced():
    assert plain(f"invoice{RLO}fdp.exe") == "invoicefdp.exe"
    assert plain("a\u2066b\u2069\u200f\u200e\u061cc") == "abc"


def test_line_breaks_and_controls_become_one_space():
    assert plain("a\n\n# b\r\n\tc\x00d\u2028e") == "a # b c d e"
    assert markdown("ok\n# Heading") == "ok \\# Heading"


def test_spaces_at_the_ends_are_dropped_so_surrounding_bold_still_works():
    assert f"**{markdown('  code block.csv ')}**" == "**code block.csv**"


def test_long_text_is_cut_with_an_ellipsis_before_escaping():
    assert plain("x" * 5000) == "x" * (MAX_CHARS - 1) + ELLIPSIS
    assert len(plain("y" * 5000, max_chars=60)) == 60
    assert plain("z" * 60, max_chars=60) == "z" * 60  # exactly at the limit: not cut
    # 200 stars: cut to 199 then escaped, never a dangling backslash before the ellipsis
    md = markdown("*" * 5000)
    assert md == "\\*" * (MAX_CHARS - 1) + ELLIPSIS
    assert plain("x" * 5000, max_chars=None) == "x" * 5000


def test_the_checkers_catch_what_they_should():
    # The two independent checks fail on unescaped input, so their silence above means something.
    assert live_markup("![i](https://x)") and live_markup("_a_") and live_markup("- a") and live_markup("a@b.c")
    assert live_markup("\\:smile\\:") and live_markup("1. a") and live_markup("www.x.y")
    assert shown("\\*\\_") == "*_"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_shows_its_characters_and_opens_nothing(text):
    md = markdown(text, max_chars=None)
    assert live_markup(md) == []
    assert shown(md) == visible(plain(text, max_chars=None)).strip(" ")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("![]()<>*_`$:~#|&@\\/-+. 1wWaz\n\u202e"), max_size=60))
def test_dense_markup_shows_its_characters_and_opens_nothing(text):
    md = markdown(text, max_chars=None)
    assert live_markup(md) == []
    assert shown(md) == visible(plain(text, max_chars=None)).strip(" ")
