"""Nothing from a link or a file reaches the page as Markdown (AppTest: the Markdown sent
to the browser), URL numbers obey the widgets' bounds, daily cohorts are drawn capped.

What the browser makes of the same Markdown (no request leaves, no link, no image) is
tests/e2e/test_injection.py.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from apptest_helpers import ROOT, charts, chart_data, no_errors, open_app, texts, upload
from cxreport import safe_text
from cxreport.pins import MAX_COHORTS_DRAWN

IMAGE = "![i](https://attacker.invalid/p.png)"
PHISH = "[Session expired - sign in](https://attacker.invalid/login)"
CHANNEL = "![c](https://attacker.invalid/c.png) **Ads** $x$ :material/lock:"
HEADER = "![h](https://attacker.invalid/h.png) :red[Region]"
FILE = "![f](https://attacker.invalid/f.png) **x**.csv"
WJ = safe_text.WORD_JOINER


# A mark not preceded by a backslash opens an image, a link, emphasis, KaTeX, HTML or code;
# a colon not preceded by an escape lets an icon, a colour or an autolink through.
_LIVE = re.compile(r"(?<!\\)[\[\]*$<`]|(?<!\\):(?!\s|$)|https?://|www\.")


def assert_inert(text: str) -> None:
    """No unescaped image, link, bold, KaTeX, icon or autolink in Markdown that shows outside text."""
    assert "attacker" in text, text  # the check is about a text that carries a payload
    assert _LIVE.findall(text) == [], text


def test_link_values_in_the_notices_are_escaped():
    at = open_app("overview", {"period": IMAGE, "lang": PHISH, "**k** :material/lock: www.attacker.invalid": "x",
                                    "channel": IMAGE})
    no_errors(at)
    notices = [w.value for w in at.warning]
    assert len(notices) == 4, notices
    for notice in notices:
        assert_inert(notice)
    # The escaped value, exactly as safe_text writes it, inside the translated sentence.
    assert f"'{safe_text.markdown(IMAGE)}' for 'period'" in notices[0]
    assert notices[0] == ("The link's value '!\\[i\\](https" + WJ + "\\:\\/\\/attacker.invalid\\/p.png)' "
                          "for 'period' is not valid; showing 'month' instead.")
    assert "\\[Session expired \\- sign in\\]" in notices[1]
    assert notices[2] == ("The link contains a setting '\\*\\*k\\*\\* " + WJ + "\\:material\\/lock" + WJ + "\\: www"
                          + WJ + ".attacker.invalid' that cxreport does not know; it was ignored.")
    assert safe_text.markdown(IMAGE) in notices[3] and "'channel'" in notices[3]
    assert at.query_params == {}  # and none of it stays in the link


def test_file_names_headers_and_data_values_are_escaped_on_every_page():
    raw = (ROOT / "sample_data" / "orders.csv").read_text()
    assert raw.count("Social Ads") > 1000 and raw.count(",Region") == 1
    hostile = raw.replace("Social Ads", CHANNEL).replace(",Region", "," + HEADER)
    at = open_app("data")
    upload(at, FILE, hostile.encode())
    no_errors(at)
    (expander,) = at.main.expander
    assert expander.label.startswith(f"**{safe_text.markdown(FILE)}** — ")
    assert expander.label.startswith("**!\\[f\\](https" + WJ + "\\:\\/\\/attacker.invalid\\/f.png) \\*\\*x\\*\\*.csv** — ")
    assert_inert(expander.label.replace(f"**{safe_text.markdown(FILE)}**", safe_text.markdown(FILE)))
    for text in [c.value for c in at.caption] + [w.value for w in at.warning]:
        if "attacker" in text:  # a note naming the hostile header
            assert_inert(text)

    # A file that cannot be read: its name is escaped in the error, the sentence stays bold.
    upload(at, "![e](https://attacker.invalid/e.png).csv", b"")
    (error,) = at.error
    assert error.value.startswith("**!\\[e\\](https" + WJ + "\\:\\/\\/attacker.invalid\\/e.png).csv**: ")
    assert_inert(error.value.replace("**", "", 2))  # without our own bold around the name

    # "What moved" names the channel from the data: escaped, and still a list of sentences.
    at.switch_page("pages/overview.py").run()
    no_errors(at)
    (story,) = [m.value for m in at.markdown if "keep 13% at month 3" in m.value]
    assert story == ("- Customers acquired via !\\[c\\](https" + WJ + "\\:\\/\\/attacker.invalid\\/c.png) "
                     "\\*\\*Ads\\*\\* \\$x\\$ " + WJ + "\\:material\\/lock" + WJ + "\\: keep 13% at month 3 "
                     "(n = 829), against 31% for the other channels (n = 2,447)" + WJ + "\\: a significant difference.")
    assert_inert(story)
    assert not any("attacker" in text for text in texts(at).split("\n") if text != story)


def test_a_window_the_widget_cannot_show_falls_back_instead_of_breaking_the_page(sample_workspace):
    from cxreport.fields import Kind
    from cxreport.filters import Filters
    from cxreport.metrics import churn

    derived = churn.default_churn_window_days(sample_workspace.filtered(Kind.ORDERS, Filters())).days
    at = open_app("overview", {"window": "1000"})  # the notice shows on the session's first page
    assert [w.value for w in at.warning] == [
        "The link's value '1000' for 'window' is not valid and was ignored."]
    at.switch_page("pages/churn.py").run()
    no_errors(at)
    window = at.number_input(key="w_churn_window_input")
    assert (window.min, window.max) == (7, 730)
    assert window.value == derived == 180  # the library's window for the sample, not the link's 1000
    assert "window" not in at.query_params

    at = open_app("churn", {"window": "730"})
    no_errors(at)
    assert not at.warning and at.number_input(key="w_churn_window_input").value == 730
    assert at.query_params["window"] == "730"


def test_daily_cohorts_are_drawn_capped_and_the_page_says_so(sample_workspace):
    at = open_app("cohorts", {"period": "day"}, timeout=300)
    no_errors(at)
    from cxreport.fields import Kind
    from cxreport.filters import Filters
    from cxreport.metrics import retention

    full = retention.cohort_retention(sample_workspace.filtered(Kind.ORDERS, Filters()), period="day")
    total = full.get_column("cohort").n_unique()
    assert total > MAX_COHORTS_DRAWN
    assert any(f"latest {MAX_COHORTS_DRAWN} of {total} cohorts" in c.value for c in at.caption)
    heatmap, curves = charts(at)[:2]
    latest = sorted(full.get_column("cohort").unique().to_list())[-MAX_COHORTS_DRAWN:]
    for chart in (heatmap, curves):
        drawn = chart_data(chart)
        assert drawn.get_column("cohort").n_unique() == MAX_COHORTS_DRAWN
        assert str(min(drawn.get_column("cohort").to_list()))[:10] == str(latest[0])[:10]
        assert drawn.height == full.filter(full.get_column("cohort") >= latest[0]).height
    # the screen shows the first rows a Styler can format, and says so; the CSV keeps every cohort
    shown = len(at.dataframe[-1].value)
    assert 0 < shown < full.height
    assert any(c.value.startswith(f"The first {shown:,} of {full.height:,} rows") for c in at.caption)


def test_the_tables_built_in_csv_export_is_off():
    config = tomllib.loads(Path(ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
