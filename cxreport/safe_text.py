r"""Text from outside (a link, a file name, a header, a cell) made safe to show.

Streamlit renders Markdown almost everywhere: `st.markdown`, captions, alerts, titles,
widget labels and help, metric labels, values and deltas, expander labels. Its Markdown
is richer than CommonMark: GitHub autolinks (``https://…``, ``www.…``, ``a@b.c``),
images that the browser fetches at once, KaTeX between ``$``, ``:material/icon:`` icons,
``:red[…]`` colour directives and ``:emoji:`` shortcodes. A value from outside must reach
it as the characters it is, never as markup. `markdown` does that; `plain` is for
elements that show text as text (`st.text`, table cells, chart labels).

What `markdown` does, checked in chromium against Streamlit 1.67 (tests/e2e/test_injection.py):

- bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) are removed, so a
  name cannot reverse the text after it (``"invoice" + U+202E + "fdp.exe"`` reads as "invoiceexe.pdf");
- control characters and line breaks become one space, and runs of spaces one space (a new
  line could start a heading, a list or an indented code block); `markdown` also drops
  spaces at both ends (``**name**`` around a name " x" would otherwise not be bold);
- text longer than `max_chars` is cut and ends with "…" (the cut happens before escaping,
  so an escape is never split);
- every ASCII punctuation mark that can open Markdown, HTML, KaTeX, a directive or an icon
  is backslash-escaped (CommonMark shows ``\*`` as ``*``): ``\ ` * [ ] < > # ~ | $ & : /``
  always; ``_`` unless inside a word (``order_id`` opens no emphasis); ``-`` and ``+`` at the
  start or after a space (a list item); a leading ``1.`` or ``1)`` (an ordered list). Left
  alone: ``. , % ' " ( ) ! = ^ ; ?`` which open nothing once ``[`` and ``<`` are escaped, so
  numbers, dates and names like ``orders_en.csv`` read the same in the Markdown source;
- autolinks and shortcodes that Streamlit finds in the text *after* escapes are resolved
  are broken by an invisible WORD JOINER (U+2060) before ``:`` and ``@`` and between
  ``www`` and ``.``: the reader sees the same characters, no link, no icon, no emoji.

>>> markdown("![i](https://attacker.invalid/p.png)")
'!\\[i\\](https\u2060\\:\\/\\/attacker.invalid\\/p.png)'
>>> markdown("orders_en.csv")
'orders_en.csv'
>>> plain("invoice\u202efdp.exe\nnext")
'invoicefdp.exe next'

`note` is for Markdown a person wrote to be shown as Markdown (a notebook's note): its
headings, lists, emphasis, links and code stay; what could run or fetch does not. Raw
HTML (``<``), HTML autolinks and images (``![``, which the browser fetches at once) are
backslash-escaped outside code, bidi and control characters (but tab and line breaks)
are removed.

>>> note("# March\n![x](https://attacker.invalid/p.png) <img src=x> `a<b`")
'# March\n!\\[x](https://attacker.invalid/p.png) \\<img src=x> `a<b`'
"""

from __future__ import annotations

import re
from typing import Final

MAX_CHARS: Final = 200  # a value in a sentence; file names and notices use this too
ELLIPSIS: Final = "…"
WORD_JOINER: Final = "\u2060"

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\s]+")
# Backslash-escapable (CommonMark: any ASCII punctuation) marks that open something in
# Streamlit's Markdown wherever they stand; the others only in some places (see above).
_MARKUP = re.compile(r"([\\`*\[\]<>#~|$&:/])")
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LIST_MARK = re.compile(r"(^|\s)([-+])")
_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_WWW = re.compile(r"(www)(?=\.)", re.IGNORECASE)


def plain(value: object, max_chars: int | None = MAX_CHARS) -> str:
    """`value` as one line of text: no bidi controls, no control characters, at most
    `max_chars` characters (cut with "…"). For elements that do not render Markdown."""
    text = _BIDI.sub("", str(value))
    text = _BREAKS.sub(" ", text)
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)] + ELLIPSIS
    return text


def markdown(value: object, max_chars: int | None = MAX_CHARS) -> str:
    """`value` as Markdown that Streamlit shows as exactly its characters (after `plain`)."""
    # Spaces at the ends show nothing and would undo emphasis around the value ("** x**").
    text = plain(value, max_chars).strip(" ")
    text = _MARKUP.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _LIST_MARK.sub(r"\1\\\2", text)
    text = _LIST_START.sub(r"\1\\\2", text)
    text = _WWW.sub(r"\1" + WORD_JOINER, text)
    return text.replace("\\:", WORD_JOINER + "\\:").replace("@", WORD_JOINER + "@")


_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_NOTE_MARKUP = re.compile(r"<|!(?=\[)")
MAX_NOTE_CHARS: Final = 20_000


def _escape_outside_code_spans(line: str) -> str:
    out, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        out.append(_NOTE_MARKUP.sub(lambda m: "\\<" if m.group() == "<" else "!\\", line[last:span.start()]))
        out.append(span.group())
        last = span.end()
    out.append(_NOTE_MARKUP.sub(lambda m: "\\<" if m.group() == "<" else "!\\", line[last:]))
    return "".join(out)


def note(value: object, max_chars: int | None = MAX_NOTE_CHARS) -> str:
    """A person's Markdown, kept as Markdown but unable to run HTML or fetch an image (see above)."""
    text = _BIDI.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _NOTE_CONTROL.sub("", text)
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)] + ELLIPSIS
    lines, fence = [], None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            lines.append(line)
        elif opened:
            fence = opened.group(1)
            lines.append(line)
        else:
            lines.append(_escape_outside_code_spans(line))
    return "\n".join(lines)
