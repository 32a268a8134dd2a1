"""In chromium: Markdown from a link, a file name, a header or a cell is shown as text.

Every request the page makes is recorded (`page.on("request")`); all must go to the app's
own server, so an image in a crafted value (which the browser would fetch at once) shows
up here as a failure. The texts must also be on the page, character for character, so
the test cannot pass because nothing was drawn. The corpus is tests/test_safe_text.py's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_safe_text import CORPUS  # noqa: E402

from cxreport.safe_text import WORD_JOINER, plain  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "![i](https://attacker.invalid/p.png)"
PHISH = "[Session expired - sign in](https://attacker.invalid/login)"
CHANNEL = "![c](https://attacker.invalid/c.png) **Ads** $x$ :material/lock: www.attacker.invalid"
HEADER = "![h](https://attacker.invalid/h.png) :red[Region]"
FILE = "![f](https://attacker.invalid/f.png) **x**.csv"
# Anything Markdown could have made of the text, inside the app's main area and sidebar.
# (A Markdown icon is a span[role=img]; a colour directive a span with a colour style.)
MARKUP = ("img, a, strong, em, del, code, h1, h2, h3, h4, blockquote, ol, table, .katex, math, "
          "span[role='img'], span[style*='color']")


def record_requests(pg) -> list[str]:
    urls: list[str] = []
    pg.on("request", lambda request: urls.append(request.url))
    return urls


def outside(urls: list[str], server_url: str) -> list[str]:
    own = urlsplit(server_url).netloc
    return [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own]


def visible(text: str) -> str:
    return text.replace(WORD_JOINER, "")


def markup_in(locator) -> list[str]:
    return [el.evaluate("e => e.outerHTML")[:200] for el in locator.locator(MARKUP).all()]


@pytest.mark.e2e
def test_link_values_are_shown_as_text_and_fetch_nothing(app, server_url):
    urls = record_requests(app.page)
    query = {"period": IMAGE, "lang": PHISH, "**k**": ":material/lock:", "q2": CORPUS["katex inline"],
             "q3": CORPUS["html"], "q4": CORPUS["bidi"]}
    app.open("/?" + urlencode(query))
    assert app.errors() == []
    alerts = app.page.locator('[data-testid="stAlertContentWarning"]')
    shown = [visible(t) for t in alerts.all_inner_texts()]
    assert len(shown) == 6, shown
    assert f"'{IMAGE}' for 'period'" in shown[0]
    assert f"'{PHISH[:58]}…' for 'lang'" in shown[1]  # notices keep 60 characters of a value
    assert "'**k**'" in shown[2] and "':material/lock:'" in shown[2]
    assert CORPUS["katex inline"] in shown[3]
    assert CORPUS["html"][:50] in shown[4]
    assert "invoicefdp.exe" in shown[5]  # the override is gone, the letters stay in order
    assert markup_in(alerts) == []
    assert outside(urls, server_url) == []


@pytest.mark.e2e
def test_file_names_from_the_corpus_are_shown_as_text_and_fetch_nothing(app, server_url):
    urls = record_requests(app.page)
    app.open("/data")
    # Empty files: each is refused with a message naming it, so every name reaches the page.
    names = {key: text[:150] + ".csv" for key, text in CORPUS.items()}
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": b""} for name in names.values()])
    app.wait()
    errors = app.page.locator('[data-testid="stAlertContentError"]')
    shown = [visible(t) for t in errors.all_inner_texts()]
    assert len(shown) == len(names), shown
    for key, name in names.items():
        # What the browser kept of the name (it may turn "/" or control characters into "_"):
        # the message starts with that name, exactly, as text.
        assert any(s.startswith(plain(name)[:20]) or s.startswith(plain(name.replace("/", "_"))[:20])
                   for s in shown), (key, name)
    # The message's own bold remains (one <strong> per message); nothing else is markup.
    assert errors.locator("strong").count() == len(names)
    assert [h for h in markup_in(errors) if not h.startswith("<strong>")] == []
    assert outside(urls, server_url) == []


@pytest.mark.e2e
def test_headers_and_data_values_are_shown_as_text_and_fetch_nothing(app, server_url, tmp_path):
    urls = record_requests(app.page)
    raw = (ROOT / "sample_data" / "orders.csv").read_text()
    path = tmp_path / "orders.csv"
    path.write_text(raw.replace("Social Ads", CHANNEL).replace(",Region", "," + HEADER))
    app.open("/data")
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": FILE, "mimeType": "text/csv", "buffer": path.read_bytes()}])
    app.wait()
    assert app.errors() == []
    header = app.page.locator('[data-testid="stExpander"] summary')
    assert visible(header.inner_text()).startswith(FILE + " — ")
    assert [h for h in markup_in(header) if not h.startswith("<strong>")] == []
    header.click()  # open it: the mapping pickers list the hostile header among the columns
    app.wait()
    assert markup_in(app.page.locator('[data-testid="stExpanderDetails"]')) == []

    app.go_to("Overview")
    assert app.errors() == []
    story = app.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="keep 13% at month 3")
    assert visible(story.last.inner_text()) == (
        f"Customers acquired via {CHANNEL} keep 13% at month 3, against 31% for the other channels.")
    assert markup_in(story.last) == []
    assert markup_in(app.page.locator('[data-testid="stMetric"]')) == []
    assert outside(urls, server_url) == []
