"""In chromium: Markdown from a link, a file name, a header or a cell is shown as text.

Every request the page makes is recorded (`page.on("request")`); all must go to the app's
own server, so an image in a crafted value (which the browser would fetch at once) shows
up here as a failure. The texts must also be on the page, character for character, so
the test cannot pass because nothing was drawn. The corpus is tests/test_safe_text.py's.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
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
    # An unknown key is named in its notice (not its value): the rest of the corpus goes in keys.
    query = {"period": IMAGE, "lang": PHISH, "**k** :material/lock: :red[x]": "1", CORPUS["katex inline"]: "1",
             CORPUS["html"]: "1", CORPUS["bidi"]: "1"}
    app.open("/?" + urlencode(query))
    assert app.errors() == []
    assert outside(urls, server_url) == []  # first: an image in the text would have been fetched by now
    alerts = app.page.locator('[data-testid="stAlertContentWarning"]')
    shown = [visible(t) for t in alerts.all_inner_texts()]
    assert len(shown) == 6, shown
    assert f"'{IMAGE}' for 'period'" in shown[0]
    assert f"'{PHISH}' for 'lang'" in shown[1]
    assert "'**k** :material/lock: :red[x]'" in shown[2]
    assert f"'{CORPUS['katex inline']}'" in shown[3]
    assert f"'{CORPUS['html'][:59]}…'" in shown[4]  # notices keep 60 characters of a link's text
    assert "invoicefdp.exe" in shown[5]  # the override is gone, the letters stay in order
    assert markup_in(alerts) == []


@pytest.mark.e2e
def test_file_names_from_the_corpus_are_shown_as_text_and_fetch_nothing(app, server_url):
    urls = record_requests(app.page)
    app.open("/data")
    # Files with a header and no rows: each is refused with a message naming it, so every
    # name reaches the page.
    names = {key: text[:150] + ".csv" for key, text in CORPUS.items()}
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": b"order_id,amount\n"} for name in names.values()])
    errors = app.page.locator('[data-testid="stAlertContentError"]')
    errors.nth(len(names) - 1).wait_for(timeout=120_000)
    app.wait()
    assert outside(urls, server_url) == []
    shown = [visible(t).split("\n")[-1] for t in errors.all_inner_texts()]  # after the alert's icon
    assert len(shown) == len(names), shown
    # Each message names its file twice, in our bold prefix and in the library's sentence:
    # both show the same characters.
    prefixes = [m.split(": The file ", 1)[0] for m in shown]
    for prefix, message in zip(prefixes, shown, strict=True):
        assert f"The file {prefix} has column names but no rows." in message, message
    # Names the browser sends as they are show exactly as they are (chromium rewrites '"' and
    # line breaks as %22, %0A in the form, and a backslash path keeps only its last part).
    for key, name in names.items():
        if not any(c in name for c in '"\n\r\\'):
            assert plain(name).strip(" ") in prefixes, (key, name)
    # The message's own bold remains (one <strong> per message); nothing else is markup.
    assert errors.locator("strong").count() == len(names)
    assert [h for h in markup_in(errors) if not h.startswith("<strong>")] == []


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
    assert outside(urls, server_url) == []
    header = app.page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary')
    assert visible(header.inner_text()).split("\n")[-1].startswith(FILE + " — ")  # after the arrow icon
    assert [h for h in markup_in(header) if not h.startswith("<strong>")] == []
    header.click()  # open it: the mapping pickers list the hostile header among the columns
    app.wait()
    assert markup_in(app.page.locator('[data-testid="stMain"] [data-testid="stExpanderDetails"]')) == []

    app.go_to("Overview")
    assert app.errors() == []
    story = app.page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="keep 13% at month 3")
    assert visible(story.last.inner_text()) == (
        f"Customers acquired via {CHANNEL} keep 13% at month 3 (n = 829), against 31% for the other channels "
        "(n = 2,447): a significant difference.")
    assert markup_in(story.last) == []
    assert markup_in(app.page.locator('[data-testid="stMetric"]')) == []
    assert outside(urls, server_url) == []


@pytest.mark.e2e
def test_tables_have_no_built_in_csv_download(app):
    app.open("/cohorts")
    app.charts()
    table = app.page.locator('[data-testid="stDataFrame"]').last
    table.hover()
    app.page.wait_for_timeout(500)  # the toolbar appears on hover
    toolbar = app.page.locator('[data-testid="stElementToolbar"]')
    assert toolbar.count() >= 1, "the table's toolbar should still show (search, fullscreen)"
    assert app.page.get_by_role("button", name="Download as CSV").count() == 0
    # The app's own button is there instead (neutralised CSV, tests/test_export.py).
    assert app.page.locator('[data-testid="stDownloadButton"]').filter(has_text="CSV").count() >= 1


@pytest.mark.e2e
def test_a_download_link_works_without_a_session_until_the_next_runs(app, server_url):
    """What docs/security.md says about /media/ links, measured: the link of a file the
    user downloaded answers anyone who has it (no cookie), and is gone once the server
    has finished two script runs after the user left."""
    app.open("/cohorts")
    app.charts()
    with app.page.expect_download() as download:
        app.page.locator('[data-testid="stDownloadButton"] button').filter(has_text="CSV").first.click()
    url = download.value.url
    assert urlsplit(url).path.startswith("/media/")
    body = urllib.request.urlopen(url, timeout=10).read()  # no cookie, no session: still served
    assert body == Path(download.value.path()).read_bytes()

    app.open("/overview")  # the user leaves: their session ends, a new one runs once
    app.open("/overview")  # and once more (Streamlit deletes an orphaned download on its second sweep)
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(url, timeout=10)
    assert gone.value.code == 404
