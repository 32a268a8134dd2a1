"""Every report page reads as a finished report, in English and in Indonesian: no "None",
"null" or "nan" on screen, no snake_case column headers, no English leftovers in Indonesian,
no title cut by its container (what only a browser shows: the grid's headers, the charts'
drawn titles, the widths text gets)."""

import re

import pytest

from cxreport.i18n import t

PAGES = ["overview", "data", "cohorts", "churn", "clv", "surveys", "service", "ux_vs_cx", "cx_model"]

# Words that must not be on an Indonesian page (each once left untranslated somewhere).
ENGLISH = ["Upload", "Download", "200MB per file", "Skipped", "margin of error",
           "no ticket", "all", "agent", "Revenue", "Customers", "Average", "Period", "rows"]
BLANKS = re.compile(r"\b(None|null|nan|NaN|undefined)\b")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")

# One evaluation per page: the texts to check, read where the user reads them.
_READ = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const clone = main.cloneNode(true);
  // the grid's cells are data (comments, task names), and its accessible copy holds raw values
  clone.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stVegaLiteChart"], pre, code').forEach(e => e.remove());
  document.body.appendChild(clone); clone.style.position = 'absolute'; clone.style.left = '-99999px';
  const text = clone.innerText; clone.remove();
  const svgText = sel => [...main.querySelectorAll(`[data-testid="stVegaLiteChart"] ${sel}`)].map(e => e.textContent);
  const clipped = [...main.querySelectorAll('h1, h2, h3, [data-testid="stMetricLabel"], [data-testid="stCaptionContainer"]')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText);
  return {
    text,
    chartTexts: svgText('text'),
    chartTitles: [...svgText('.role-title-text'), ...svgText('.role-axis-title text'), ...svgText('.role-legend-title text')],
    headers: [...main.querySelectorAll('[data-testid="stDataFrame"] th')].map(e => e.innerText.trim()),
    clipped,
  };
}"""


def problems(found: dict, lang: str) -> list[str]:
    out = [f"blank value {m!r} in text" for m in BLANKS.findall(found["text"])]
    out += [f"blank value in chart: {t!r}" for t in found["chartTexts"] if BLANKS.search(t)]
    out += [f"snake_case header {h!r}" for h in found["headers"] if SNAKE.match(h)]
    out += [f"chart title cut: {t!r}" for t in found["chartTitles"] if t.endswith("…")]
    out += [f"clipped: {t!r}" for t in found["clipped"]]
    if lang == "id":
        shown = "\n".join([found["text"], *found["chartTitles"], *found["headers"]])
        out += [f"English in Indonesian: {w!r}" for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", shown)]
    return out


def visit_every_page(app, lang: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Open the app in `lang` and move through every page by the sidebar, as a user does
    (one session: what a page computed is not computed again)."""
    found_problems, seen = {}, {"headers": 0, "chart titles": 0}
    app.open(f"/?lang={lang}")
    for page in PAGES:
        if page != "overview":
            app.go_to(t(f"page.{page}", lang))
        assert app.errors() == [], (page, app.errors())
        if page == "data":  # the files' notes and checks are inside their expanders
            for summary in app.page.locator('[data-testid="stExpander"] summary').all():
                summary.click()
        app.charts()
        found = app.page.evaluate(_READ)
        seen["headers"] += len(found["headers"])
        seen["chart titles"] += len(found["chartTitles"])
        if problems(found, lang):
            found_problems[page] = problems(found, lang)
        app.screenshot(f"polish-{lang}-{page}")
    return found_problems, seen


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_page_reads_as_a_finished_report(app, lang):
    found, seen = visit_every_page(app, lang)
    assert found == {}
    assert seen["headers"] > 50 and seen["chart titles"] > 50, seen  # the checks did read the grids and charts
